# -*- coding: utf-8 -*-
# Copyright: (c) 2026, guance.cloud maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Mute rules (maintenance windows): the family's declaration for the resource core, and pure functions.

The pure functions read times, durations and cron fields, turn module options and server answers
into comparable states over the keys a user manages, and tell whether a rule is active. They take
the current time as an argument, never change what they are given, and never speak to the server.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime
import re

from ansible_collections.guance.cloud.plugins.module_utils import _resource as core
from ansible_collections.guance.cloud.plugins.module_utils._errors import OptionError

# How the server writes the times of a rule, in the rule's own time zone.
TIME_FORMAT = "%Y/%m/%d %H:%M:%S"
INPUT_FORMATS = ("%Y/%m/%d %H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y/%m/%d %H:%M", "%Y-%m-%d %H:%M",
                 "%Y-%m-%dT%H:%M")
OFFSET_RE = re.compile(r"(Z|[+-]\d\d:?\d\d)\Z")
DURATION_RE = re.compile(r"(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?\Z")
MAX_FILTER = 2048
MAX_NOTIFY_MESSAGE = 3000
DEFAULT_TIMEZONE = "UTC"

# With start left to now, a rule that started at most this long ago (or a tenth of its duration, if
# less) and lasts the duration asked for is the same window; an older one is moved to start now.
RESTART_GRACE = 60

# The five cron fields of repeatCrontabSet, in the order of a crontab line, with their ranges.
CRON_FIELDS = (("min", 0, 59), ("hour", 0, 23), ("day", 1, 31), ("month", 1, 12), ("week", 0, 7))
CRON_TOKEN_RE = re.compile(r"(\*|\d+(?:-\d+)?)(?:/(\d+))?\Z")

# What a rule silences: option -> (uuid prefix, the mute range item's uuid key, the rule type when alone).
SCOPES = {
    "monitors": ("rul_", "checkerUUID", "checker"),
    "alert_policies": ("altpl_", "alertPolicyUUID", "alertPolicy"),
    "monitor_tags": ("tag_", "tagUUID", "tag"),
}
NAME_RE = re.compile(r"[^\x00-\x1f\x7f]+\Z")

# Server values of a rule's status: 0 is in force; the disable route sets another (see api-notes).
STATUS_ENABLED = 0
STATUS_DISABLED = 2


# No get route and no idempotency key; the list's search matches rule names (which its answer example
# does not show: see core.find_by_name).
MUTES = core.Family("mute rule", "mute rules", {
    "list": "mutes.list", "create": "mutes.create", "modify": "mutes.modify", "delete": "mutes.delete",
    "enable": "mutes.enable", "disable": "mutes.disable",
}, uuid_prefix="mute_")


# Time zones, times and durations.

def zone(name):
    """The tzinfo of an IANA zone name, from the controller's Python and its time-zone data."""
    if name in ("UTC", "Etc/UTC"):
        return datetime.timezone.utc
    try:
        import zoneinfo
    except ImportError:
        raise OptionError("timezone %s needs Python 3.9 or later on the controller (zoneinfo); use UTC on older Pythons" % name)
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        if not zoneinfo.available_timezones():
            raise OptionError("timezone %s: the controller's Python finds no time-zone data; install the tzdata "
                              "package (pip install tzdata, or the system's tzdata)" % name)
        raise OptionError("timezone must be an IANA time zone name such as Asia/Shanghai or Europe/Berlin, got %r" % name)


def format_time(epoch, tz):
    """Unix seconds as the server writes a rule's times, in the rule's time zone."""
    return datetime.datetime.fromtimestamp(epoch, tz).strftime(TIME_FORMAT)


def parse_time(option, value, tz, now):
    """Unix seconds from `now`, Unix seconds, or a date and time (in tz unless it carries an offset)."""
    text = str(value).strip()
    if text == "now":
        return int(now)
    if text.isdigit():
        return int(text) // 1000 if len(text) > 11 else int(text)
    offset = OFFSET_RE.search(text)
    if offset:
        try:
            return int(datetime.datetime.fromisoformat(text.replace("Z", "+00:00").replace("/", "-")).timestamp())
        except ValueError:
            pass
    for pattern in INPUT_FORMATS:
        try:
            return int(datetime.datetime.strptime(text, pattern).replace(tzinfo=tz).timestamp())
        except ValueError:
            continue
    raise OptionError("%s must be now, Unix seconds or a date and time such as 2026-03-27 14:00:00 (in timezone, "
                      "or with an offset such as +08:00), got %r" % (option, value))


def server_time(text, tz):
    """Unix seconds from a time as the server writes it; None for empty, "0" or "-1" (never)."""
    if text in (None, "", "0", "-1", 0, -1):
        return None
    try:
        return int(datetime.datetime.strptime(str(text), TIME_FORMAT).replace(tzinfo=tz).timestamp())
    except ValueError:
        return None


def parse_duration(option, value):
    """Seconds from 90, "90", "90s", "30m", "2h", "1d" or "1h30m"; more than 0."""
    text = str(value).strip().lower()
    if text.isdigit():
        seconds = int(text)
    else:
        match = DURATION_RE.match(text)
        if not text or not match:
            raise OptionError("%s must be seconds or a duration such as 30m, 2h or 1h30m, got %r" % (option, value))
        days, hours, minutes, secs = (int(part or 0) for part in match.groups())
        seconds = ((days * 24 + hours) * 60 + minutes) * 60 + secs
    if seconds <= 0:
        raise OptionError("%s must be more than 0 seconds, got %r" % (option, value))
    return seconds


# Cron fields.

def cron_fields(option, text):
    """The five fields of a crontab line as repeatCrontabSet; OptionError names a bad field."""
    parts = str(text).split()
    if len(parts) != 5:
        raise OptionError("%s must be five cron fields (minute hour day month weekday) such as '0 2 * * 1-5', got %r" % (option, text))
    for part, (field, low, high) in zip(parts, CRON_FIELDS):
        if not cron_values(part, low, high):
            raise OptionError("%s: the %s field %r is not a cron field within %d-%d" % (option, field, part, low, high))
    return dict((field, part) for part, (field, _low, _high) in zip(parts, CRON_FIELDS))


def cron_values(part, low, high):
    """The set of values a cron field stands for; empty when it is not valid."""
    values = set()
    for token in part.split(","):
        match = CRON_TOKEN_RE.match(token)
        if not match:
            return set()
        span, step = match.group(1), int(match.group(2) or 1)
        first, last = (low, high) if span == "*" else (int(span.split("-")[0]), int(span.split("-")[-1]))
        if step < 1 or first < low or last > high or first > last:
            return set()
        values.update(range(first, last + 1, step))
    return values


def cron_line(cron_set):
    return " ".join(str((cron_set or {}).get(field, "*")) for field, _low, _high in CRON_FIELDS)


def cron_sets(cron_set):
    """The values of each of the five fields, for cron_matches."""
    return [cron_values(str((cron_set or {}).get(field, "*")), low, high) for field, low, high in CRON_FIELDS]


def cron_matches(sets, moment):
    """True when the cron fields (as cron_sets gives them) fire at this minute, a datetime in the rule's zone."""
    weekday = (moment.weekday() + 1) % 7
    return (moment.minute in sets[0] and moment.hour in sets[1] and moment.day in sets[2]
            and moment.month in sets[3] and (weekday in sets[4] or (weekday == 0 and 7 in sets[4])))


# Reading a rule as the server holds it.

def rule_zone(rule):
    """The rule's tzinfo; a zone this controller cannot read counts as UTC for display only."""
    try:
        return zone(rule.get("timezone") or DEFAULT_TIMEZONE)
    except OptionError:
        return datetime.timezone.utc


def is_repeating(rule):
    return bool(rule.get("repeatTimeSet") or rule.get("crontab") or rule.get("repeatCrontabSet"))


def rule_cron(rule):
    """The rule's cron fields as a dict, whether the server sends repeatCrontabSet or a crontab line."""
    if isinstance(rule.get("repeatCrontabSet"), dict) and rule["repeatCrontabSet"]:
        return dict((field, str(rule["repeatCrontabSet"].get(field, "*"))) for field, _low, _high in CRON_FIELDS)
    parts = str(rule.get("crontab") or "").split()
    return dict((field, part) for part, (field, _low, _high) in zip(parts, CRON_FIELDS)) if len(parts) == 5 else {}


def _epoch(value):
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None


def rule_window(rule, tz=None):
    """(start, end) of a one-off rule in Unix seconds, from the epoch fields or the time strings."""
    tz = tz or rule_zone(rule)
    start = _epoch(rule.get("start")) or server_time(rule.get("startTime"), tz)
    end = _epoch(rule.get("end")) or server_time(rule.get("endTime"), tz)
    return start, end


def rule_expiry(rule, tz=None):
    """When a repeating rule stops repeating, in Unix seconds; None for never."""
    tz = tz or rule_zone(rule)
    return _epoch(rule.get("repeatExpire")) or server_time(rule.get("repeatExpireTime"), tz)


def rule_enabled(rule):
    return rule.get("status", STATUS_ENABLED) != STATUS_DISABLED and not rule.get("isDisable")


def rule_scope(rule):
    """{option: sorted uuids} of what the rule silences; every list empty means every monitor."""
    ranges = rule.get("muteRanges") if isinstance(rule.get("muteRanges"), list) else []
    scope = {}
    for option, (_prefix, key, _type) in SCOPES.items():
        scope[option] = sorted(set(item[key] for item in ranges if isinstance(item, dict) and item.get(key)))
    return scope


def normalize_tags(tags):
    """The older event-attribute form as {name: sorted values}, from a dict or the list-of-dicts form."""
    items = tags if isinstance(tags, list) else [tags] if isinstance(tags, dict) else []
    merged = {}
    for item in items:
        for key, values in (item.items() if isinstance(item, dict) else ()):
            values = values if isinstance(values, list) else [values]
            merged.setdefault(str(key), set()).update(str(v) for v in values)
    return dict((key, sorted(values)) for key, values in merged.items())


# Managed key -> (the rule's field, how the key reads it).
SHOWN_FIELDS = (
    ("name", "name", lambda rule: rule.get("name") or ""),
    ("description", "description", lambda rule: rule.get("description") or ""),
    ("timezone", "timezone", lambda rule: rule.get("timezone") or ""),
    ("filter", "filterString", lambda rule: (rule.get("filterString") or "").strip()),
    ("tags", "tags", lambda rule: normalize_tags(rule.get("tags"))),
    ("notify_targets", "notifyTargets", lambda rule: rule.get("notifyTargets") or []),
    ("notify_message", "notifyMessage", lambda rule: rule.get("notifyMessage") or ""),
)


def _shown(rule, *fields):
    return any(field in rule for field in fields)


def current_state(rule, tz=None):
    """The managed keys the rule shows, as the server holds them; a key whose field the answer leaves out is
    missing, so that it is unverified rather than different (core.compare). Times are written as the server
    writes them, in the rule's zone (in tz when the answer shows none)."""
    tz = rule_zone(rule) if rule.get("timezone") or tz is None else tz
    state = dict((key, read(rule)) for key, field, read in SHOWN_FIELDS if field in rule)
    state["enabled"] = rule_enabled(rule)
    if "muteRanges" in rule:
        state.update(rule_scope(rule))
    if is_repeating(rule):
        expiry = rule_expiry(rule, tz)
        state.update(cron=cron_line(rule_cron(rule)), duration=rule.get("crontabDuration") or 0)
        if _shown(rule, "repeatExpire", "repeatExpireTime"):
            state["expire"] = format_time(expiry, tz) if expiry else None
        return state
    start, end = rule_window(rule, tz)
    for key, value, fields in (("start", start, ("start", "startTime")), ("end", end, ("end", "endTime"))):
        if _shown(rule, *fields):
            state[key] = format_time(value, tz) if value else None
    return state


def is_active(rule, now):
    """True when the rule silences alerts at `now` (Unix seconds): enabled, and now within a window."""
    if not rule_enabled(rule):
        return False
    tz = rule_zone(rule)
    if not is_repeating(rule):
        start, end = rule_window(rule, tz)
        return start is not None and start <= now and (end is None or now < end)
    expiry = rule_expiry(rule, tz)
    if expiry is not None and now >= expiry:
        return False
    sets = cron_sets(rule_cron(rule))
    minute = int(now) // 60 * 60
    # A window opened by any firing within the last `duration` seconds is still open.
    for moment in range(minute, int(now) - (rule.get("crontabDuration") or 0), -60):
        if cron_matches(sets, datetime.datetime.fromtimestamp(moment, tz)):
            return True
    return False


# Reading what the user wants.

def _check_identity(options):
    if options.get("uuid") is not None and not MUTES.is_uuid(options["uuid"]):
        raise OptionError("uuid must be a mute rule's uuid, mute_ followed by letters and digits, got %r" % options["uuid"])
    if options.get("uuid") is not None and options.get("name") is None:
        return
    if not isinstance(options.get("name"), str) or not NAME_RE.match(options["name"]) or not options["name"].strip():
        raise OptionError("name must be a non-empty string without control characters, got %r" % (options.get("name"),))


def _check_lengths(options):
    _check_identity(options)
    for option, limit in (("filter", MAX_FILTER), ("notify_message", MAX_NOTIFY_MESSAGE)):
        value = options.get(option)
        if value is not None and len(value) > limit:
            raise OptionError("%s may be at most %d characters long, got %d" % (option, limit, len(value)))


def _check_scope(options):
    for uuid in options.get("monitor_tags") or []:
        if not re.match(r"tag_[0-9A-Za-z]+\Z", uuid):
            raise OptionError("monitor_tags takes tag uuids (tag_...): the public API lists no monitor tags by name, got %r" % uuid)
    for option in ("monitors", "alert_policies"):
        for reference in options.get(option) or []:
            if not reference.strip():
                raise OptionError("%s may not hold an empty name" % option)
    for key, values in (options.get("tags") or {}).items():
        if not str(key).strip() or not isinstance(values, (list, str)):
            raise OptionError("tags maps event attribute names to a value or a list of values, got %r: %r" % (key, values))


def _plan_window(options, tz, now):
    """(start, end, duration) of a one-off window in Unix seconds."""
    if options.get("end") is not None and options.get("duration") is not None:
        raise OptionError("give end or duration, not both")
    if options.get("end") is None and options.get("duration") is None:
        raise OptionError("a one-off window needs end or duration (or cron and duration for a repeating one)")
    start = parse_time("start", options.get("start") or "now", tz, now)
    duration = parse_duration("duration", options["duration"]) if options.get("duration") is not None else None
    end = start + duration if duration else parse_time("end", options["end"], tz, now)
    if end <= start:
        raise OptionError("end (%s) must be after start (%s), in timezone %s"
                          % (format_time(end, tz), format_time(start, tz), options.get("timezone") or DEFAULT_TIMEZONE))
    if end <= now:
        raise OptionError("end (%s) is already past; a window that is over silences nothing" % format_time(end, tz))
    return start, end, duration


def _plan_repeat(options, tz, now):
    for option in ("start", "end"):
        if options.get(option) is not None:
            raise OptionError("%s applies to a one-off window; a repeating one (cron) takes duration and expire" % option)
    if options.get("duration") is None:
        raise OptionError("cron needs duration: how long each repeating window lasts")
    expire = parse_time("expire", options["expire"], tz, now) if options.get("expire") is not None else None
    return cron_fields("cron", options["cron"]), parse_duration("duration", options["duration"]), expire


def plan(options, now):
    """Checks the options before any request and reads their times. OptionError names a bad option."""
    _check_lengths(options)
    _check_scope(options)
    tz = zone(options.get("timezone") or DEFAULT_TIMEZONE)
    result = {"tz": tz, "timezone": options.get("timezone") or DEFAULT_TIMEZONE,
              "start_is_now": options.get("start") in (None, "now")}
    if options.get("state", "present") == "absent":
        return result
    if options.get("cron") is not None:
        result["cron"], result["duration"], result["expire"] = _plan_repeat(options, tz, now)
    else:
        if options.get("expire") is not None:
            raise OptionError("expire applies to a repeating window (cron); a one-off window ends at end")
        result["start"], result["end"], result["duration"] = _plan_window(options, tz, now)
    return result


def settle_window(the_plan, rule, now):
    """(start, end) to want. With start left to now, a one-off rule of that name already open for this
    window keeps its times: one that started within the grace and lasts the duration, or that runs
    until the end asked for. An expired one, or one yet to start, is moved to start now."""
    wanted = (the_plan["start"], the_plan["end"])
    if not the_plan["start_is_now"] or rule is None or is_repeating(rule):
        return wanted
    start, end = rule_window(rule)
    if start is None or end is None or start > now or end <= now:
        return wanted
    duration = the_plan["duration"]
    if duration:
        same = end - start == duration and now - start <= min(RESTART_GRACE, duration // 10)
    else:
        same = end == the_plan["end"]
    return (start, end) if same else wanted


def desired_state(options, the_plan, scope, window=None):
    """The managed keys and their wanted values, in the form current_state gives them.

    What the rule silences is always managed (left out, it is every monitor with no filter);
    description, enabled and the notification are managed only when given.
    """
    tz = the_plan["tz"]
    state = {"timezone": the_plan["timezone"], "filter": (options.get("filter") or "").strip(),
             "tags": normalize_tags(options.get("tags") or {})}
    if options.get("name") is not None:
        state["name"] = options["name"]
    state.update(dict((option, sorted(set(uuid for uuid, _name in scope.get(option, [])))) for option in SCOPES))
    if "cron" in the_plan:
        state.update(cron=cron_line(the_plan["cron"]), duration=the_plan["duration"],
                     expire=format_time(the_plan["expire"], tz) if the_plan["expire"] else None)
    else:
        start, end = window or (the_plan["start"], the_plan["end"])
        state.update(start=format_time(start, tz), end=format_time(end, tz))
    for option in ("description", "enabled", "notify_targets", "notify_message"):
        if options.get(option) is not None:
            state[option] = options[option]
    return state


# Request bodies.

def mute_ranges(scope, rule=None):
    """muteRanges items for the resolved scope; names kept from the rule where the user gave a uuid."""
    known = {}
    for item in (rule or {}).get("muteRanges") or []:
        for _prefix, key, _type in SCOPES.values():
            if isinstance(item, dict) and item.get(key):
                known[item[key]] = item.get("name")
    ranges = []
    for option, (_prefix, key, _type) in SCOPES.items():
        for uuid, name in scope.get(option, []):
            ranges.append({key: uuid, "name": known.get(uuid) if name == uuid and known.get(uuid) else name})
    return ranges


def rule_type(scope):
    kinds = [SCOPES[option][2] for option in SCOPES if scope.get(option)]
    return kinds[0] if len(kinds) == 1 else "custom" if kinds else "checker"


def rule_body(desired, the_plan, scope, rule=None):
    """The whole rule for create and modify: modify is sent whole, the unmanaged fields as they are."""
    rule = rule or {}
    body = {"name": desired.get("name") or rule.get("name"), "timezone": desired["timezone"], "type": rule_type(scope),
            "muteRanges": mute_ranges(scope, rule), "filterString": desired["filter"], "tags": desired["tags"],
            "description": desired.get("description", rule.get("description") or ""),
            "notifyTargets": desired.get("notify_targets", rule.get("notifyTargets") or []),
            "notifyMessage": desired.get("notify_message", rule.get("notifyMessage") or "")}
    if "cron" in the_plan:
        body.update(repeatTimeSet=1, repeatCrontabSet=the_plan["cron"], crontabDuration=desired["duration"],
                    repeatExpireTime=desired["expire"] or "0")
    else:
        body.update(repeatTimeSet=0, startTime=desired["start"], endTime=desired["end"])
    if not body["notifyMessage"]:
        # notifyMessage may not be empty on the server; left out it stays unset.
        del body["notifyMessage"]
    return body


def predict(rule, body, enabled):
    """The rule as it would be after a create or modify with this body (check mode)."""
    predicted = dict(rule or {}, **body)
    if "repeatCrontabSet" in body:
        predicted["crontab"] = cron_line(body["repeatCrontabSet"])
    else:
        predicted.pop("repeatCrontabSet", None)
        predicted["crontab"] = ""
    tz = zone(body["timezone"])
    for key, text in (("start", body.get("startTime")), ("end", body.get("endTime")), ("repeatExpire", body.get("repeatExpireTime"))):
        predicted[key] = server_time(text, tz) or -1
    return with_status(predicted, enabled)


def with_status(rule, enabled):
    """A copy of the rule with the status an enable or disable gives it; enabled None leaves it."""
    if enabled is None:
        return dict(rule)
    return dict(rule, status=STATUS_ENABLED if enabled else STATUS_DISABLED)
