# -*- coding: utf-8 -*-
# Copyright: (c) 2026, guance.cloud maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Alert policies: who hears of a monitor's events, and when. The policy family is _monitors.ALERT_POLICIES
(monitors refer to it); members and member groups are declared here, as only policies refer to them.

A task gives the policy with recipients by name (notification target names, member emails, member group
names); the pure functions below check those options before any request, turn them into the v2 body
once the names are resolved to uuids, and turn an answer back into the same comparable state, leaving
out the server's bookkeeping and every alertOpt key the task does not give. They never speak to a server.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.guance.cloud.plugins.module_utils import _resource as core
from ansible_collections.guance.cloud.plugins.module_utils._errors import OptionError

try:  # Python 3.9+; older Pythons get the shape check alone.
    import zoneinfo
except ImportError:  # pragma: no cover - Python 3.8
    zoneinfo = None

MEMBERS = core.Family("member", "members", {"list": "members.list"},
                      name_of=lambda item: item.get("email") if isinstance(item, dict) else None, uuid_prefix="acnt_")
# member-group/list.md documents no paging: one request reads the whole list.
MEMBER_GROUPS = core.Family("member group", "member groups", {"list": "member_groups.list"}, uuid_prefix="group_",
                            paged=False)

# Event statuses a rule may send (add-v2.md, the targets table).
STATUSES = ("critical", "error", "warning", "nodata", "info")
CHANNELS = ("email", "sms")
AGG_FIELDS = ("df_monitor_checker_id", "df_dimension_tags", "df_label", "CLUSTER")
AGG_CLUSTER_FIELDS = ("df_title", "df_message")
AGG_TYPES = ("byFields", "byCluster", "byAI")
ALERT_TYPES = ("status", "member")
MAX_AGG_INTERVAL = 1800
MAX_DESC = 256
ZONE_RE = re.compile(r"\A(UTC|GMT|[A-Z][A-Za-z_]+(/[A-Za-z0-9_+\-]+)+)\Z")

# option key -> alertOpt key, for the aggregation option.
AGGREGATION = (("interval", "aggInterval"), ("fields", "aggFields"), ("labels", "aggLabels"),
               ("cluster_fields", "aggClusterFields"), ("type", "aggType"))
# rule option -> alertTarget key (the time a rule applies).
SCHEDULE = (("crontab", "crontab"), ("crontab_duration", "crontabDuration"), ("custom_dates", "customDateUUIDs"),
            ("custom_start_time", "customStartTime"), ("custom_duration", "customDuration"))
RULE_KEYS = ("name", "notify", "member_rules") + tuple(key for key, unused in SCHEDULE)
NOTIFY_KEYS = ("statuses", "tags", "filter", "targets", "members", "member_groups", "channels", "escalations")
ESCALATION_KEYS = ("after", "targets", "members", "member_groups", "channels")
MEMBER_RULE_KEYS = ("name", "filter", "members", "member_groups", "notify")
# Who a rule names: the keys of its entries that hold names.
WHO = ("targets", "members", "member_groups")
# The keys of alertTarget and its parts that a task manages; anything else an answer shows is the server's.
API_KEYS = {
    "rule": ("name", "crontab", "crontabDuration", "customDateUUIDs", "customStartTime", "customDuration", "targets", "alertInfo"),
    "target": ("status", "to", "tags", "filterString", "upgradeTargets"),
    "upgrade": ("to", "duration", "toWay"),
    "info": ("name", "filterString", "memberInfo", "targets"),
}
UNORDERED = ("to", "toWay", "memberInfo", "customDateUUIDs")


# Checking what the task gives, before any request.

def check_timezone(zone):
    if not isinstance(zone, str) or not ZONE_RE.match(zone):
        raise OptionError("timezone must be an IANA time zone such as Asia/Shanghai or UTC, got %r" % (zone,))
    if zoneinfo is not None and _zones_known():
        try:
            zoneinfo.ZoneInfo(zone)
        except (ValueError, zoneinfo.ZoneInfoNotFoundError):
            raise OptionError("timezone: %r is no time zone this machine knows (an IANA name such as Asia/Shanghai)" % zone)


def _zones_known():
    # A machine without a time zone database cannot tell; the shape check above is all it gets.
    return bool(zoneinfo.available_timezones())


def _check_keys(where, entry, allowed):
    if not isinstance(entry, dict):
        raise OptionError("%s must be a dict, got %r" % (where, entry))
    unknown = sorted(set(entry) - set(allowed))
    if unknown:
        raise OptionError("%s has unknown keys %s; it takes %s" % (where, ", ".join(unknown), ", ".join(allowed)))


def _check_names(where, entry, member_type):
    for key in ("targets", "members", "member_groups", "channels"):
        names = entry.get(key)
        if names is not None and (not isinstance(names, list) or not all(isinstance(n, str) and n.strip() for n in names)):
            raise OptionError("%s.%s must be a list of non-empty names" % (where, key))
    bad = sorted(set(entry.get("channels") or []) - set(CHANNELS))
    if bad:
        raise OptionError("%s.channels may hold %s, got %s" % (where, " and ".join(CHANNELS), ", ".join(bad)))
    if entry.get("channels") and not member_type:
        raise OptionError("%s.channels (email, sms) apply only with alert_type: member" % where)


def _check_whole(where, value, minimum=0, maximum=None):
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum or (maximum is not None and value > maximum):
        raise OptionError("%s must be a whole number of seconds from %d%s, got %r"
                          % (where, minimum, " to %d" % maximum if maximum is not None else " up", value))


def check_notify(where, entry, member_type):
    _check_keys(where, entry, NOTIFY_KEYS)
    statuses = entry.get("statuses")
    if not isinstance(statuses, list) or not statuses:
        raise OptionError("%s.statuses is required: a list of %s" % (where, ", ".join(STATUSES)))
    unknown = [s for s in statuses if s not in STATUSES]
    if unknown:
        raise OptionError("%s.statuses: unknown status %s; the statuses are %s" % (where, ", ".join(map(str, unknown)), ", ".join(STATUSES)))
    if entry.get("tags") is not None and entry.get("filter") is not None:
        raise OptionError("%s takes tags or filter, not both (Guance uses the filter over the tags)" % where)
    tags = entry.get("tags")
    if tags is not None and not (isinstance(tags, dict) and all(isinstance(v, list) for v in tags.values())):
        raise OptionError("%s.tags must map each tag to a list of values" % where)
    _check_names(where, entry, member_type)
    if not any(entry.get(key) for key in ("targets", "members", "member_groups", "channels")):
        raise OptionError("%s names nobody: give targets, members, member_groups%s" % (where, " or channels" if member_type else ""))
    for index, up in enumerate(entry.get("escalations") or []):
        place = "%s.escalations[%d]" % (where, index)
        _check_keys(place, up, ESCALATION_KEYS)
        _check_whole(place + ".after", up.get("after"))
        _check_names(place, up, member_type)


def check_rule(where, rule, member_type):
    _check_keys(where, rule, RULE_KEYS)
    for key in ("crontab_duration", "custom_duration"):
        _check_whole("%s.%s" % (where, key), rule.get(key))
    if member_type:
        if rule.get("notify") is not None:
            raise OptionError("%s: with alert_type: member, recipients go under member_rules, not notify" % where)
        for index, info in enumerate(rule.get("member_rules") or []):
            place = "%s.member_rules[%d]" % (where, index)
            _check_keys(place, info, MEMBER_RULE_KEYS)
            _check_names(place, info, False)
            for number, entry in enumerate(info.get("notify") or []):
                check_notify("%s.notify[%d]" % (place, number), entry, True)
    else:
        if rule.get("member_rules") is not None:
            raise OptionError("%s: member_rules apply only with alert_type: member" % where)
        for index, entry in enumerate(rule.get("notify") or []):
            check_notify("%s.notify[%d]" % (where, index), entry, False)


def validate(params):
    """Every check of a task's options that needs no request; OptionError naming the option."""
    if not params.get("name") and not params.get("uuid"):
        raise OptionError("name or uuid is needed to find the alert policy")
    if params.get("name") is not None and not params["name"].strip():
        raise OptionError("name must not be empty")
    if params.get("uuid") and not str(params["uuid"]).startswith("altpl_"):
        raise OptionError("uuid must be an alert policy's uuid (altpl_...), got %r" % params["uuid"])
    if params.get("timezone") is not None:
        check_timezone(params["timezone"])
    _check_whole("silent_timeout", params.get("silent_timeout"))
    check_aggregation(params.get("aggregation"))
    if params.get("description") is not None and len(params["description"]) > MAX_DESC:
        raise OptionError("description may be at most %d characters" % MAX_DESC)
    member_type = params.get("alert_type") == "member"
    for index, rule in enumerate(params.get("rules") or []):
        check_rule("rules[%d]" % index, rule, member_type)
    for ref in params.get("monitors") or []:
        if not isinstance(ref, str) or not ref.strip():
            raise OptionError("monitors: every entry must be a monitor's name or uuid, got %r" % (ref,))


def check_aggregation(aggregation):
    if aggregation is None:
        return
    _check_keys("aggregation", aggregation, tuple(key for key, unused in AGGREGATION))
    _check_whole("aggregation.interval", aggregation.get("interval"), 0, MAX_AGG_INTERVAL)
    for key, allowed in (("fields", AGG_FIELDS), ("cluster_fields", AGG_CLUSTER_FIELDS)):
        bad = [v for v in aggregation.get(key) or [] if v not in allowed]
        if bad:
            raise OptionError("aggregation.%s may hold %s, got %s" % (key, ", ".join(allowed), ", ".join(map(str, bad))))
    if aggregation.get("type") is not None and aggregation["type"] not in AGG_TYPES:
        raise OptionError("aggregation.type must be one of %s, got %r" % (", ".join(AGG_TYPES), aggregation["type"]))
    if aggregation.get("labels") is not None and not isinstance(aggregation["labels"], list):
        raise OptionError("aggregation.labels must be a list of label values")


# Names: collected before the requests that resolve them, then put in their place.

def references(rules):
    """{who: [names]} every rule names, in order, for core.resolve (one list read per family)."""
    found = dict((who, []) for who in WHO)
    for entry in _entries(rules or []):
        for who in WHO:
            for name in entry.get(who) or []:
                if name not in found[who]:
                    found[who].append(name)
    return found


def _entries(rules):
    """Every part of the rules that names recipients: notify entries, their escalations, member rules."""
    for rule in rules:
        for info in [rule] + list(rule.get("member_rules") or []):
            if info is not rule:
                yield info
            for entry in info.get("notify") or []:
                yield entry
                yield from entry.get("escalations") or []


def _uuids(entry, uuid_of, keys=("targets", "members", "member_groups")):
    return [uuid_of[key][name] for key in keys for name in entry.get(key) or []]


def _target_body(entry, uuid_of, member_type):
    target = {"status": ",".join(entry["statuses"])}
    if member_type:
        target["to"] = _uuids(entry, uuid_of, ("targets",)) + list(entry.get("channels") or [])
    else:
        target["to"] = _uuids(entry, uuid_of)
    if entry.get("tags") is not None:
        target["tags"] = entry["tags"]
    if entry.get("filter") is not None:
        target["filterString"] = entry["filter"]
    ups = []
    for up in entry.get("escalations") or []:
        body = {"to": _uuids(up, uuid_of, ("members", "member_groups") if member_type else ("targets", "members", "member_groups"))}
        if member_type:
            body["toWay"] = _uuids(up, uuid_of, ("targets",)) + list(up.get("channels") or [])
        if up.get("after") is not None:
            body["duration"] = up["after"]
        ups.append(body)
    if ups:
        target["upgradeTargets"] = ups
    return target


def alert_target(rules, uuid_of, member_type):
    """alertOpt.alertTarget from the rules option, names replaced by uuid_of[who][name]."""
    found = []
    for rule in rules:
        body = dict((api, rule[key]) for key, api in (("name", "name"),) + SCHEDULE if rule.get(key) is not None)
        if member_type:
            body["alertInfo"] = [_info_body(info, uuid_of) for info in rule.get("member_rules") or []]
        else:
            body["targets"] = [_target_body(entry, uuid_of, False) for entry in rule.get("notify") or []]
        found.append(body)
    return found


def _info_body(info, uuid_of):
    body = {"memberInfo": _uuids(info, uuid_of, ("members", "member_groups")),
            "targets": [_target_body(entry, uuid_of, True) for entry in info.get("notify") or []]}
    for key, api in (("name", "name"), ("filter", "filterString")):
        if info.get(key) is not None:
            body[api] = info[key]
    return body


# Comparing: both sides in one canonical form.

def canonical(value, kind="rule"):
    """alertTarget items (or their parts) with the server's extra keys and empty values left out, the
    lists whose order does not matter sorted and each status list in one order."""
    if isinstance(value, list):
        return [canonical(v, kind) for v in value]
    if not isinstance(value, dict):
        return value
    shown = {}
    for key in API_KEYS[kind]:
        item = value.get(key)
        if item in (None, "", [], {}):
            continue
        if key == "status" and isinstance(item, str):
            item = ",".join(s for s in STATUSES + ("ok",) if s in item.split(","))
        elif key in UNORDERED and isinstance(item, list):
            item = sorted(item)
        elif key in ("targets", "upgradeTargets", "alertInfo"):
            item = canonical(item, {"targets": "target", "upgradeTargets": "upgrade", "alertInfo": "info"}[key])
        shown[key] = item
    return shown


def desired_state(params, uuid_of=None, monitors=None):
    """The managed keys the task gives, in current_state's form; uuid_of resolves the rules' names."""
    state = {}
    for option, key in (("name", "name"), ("timezone", "timezone"), ("description", "description"),
                        ("silent_timeout", "silent_timeout"), ("alert_type", "alert_type"),
                        ("open_permission_set", "open_permission_set")):
        if params.get(option) is not None:
            state[key] = params[option]
    if params.get("permission_set") is not None:
        state["permission_set"] = sorted(params["permission_set"])
    for key, unused in AGGREGATION:
        value = (params.get("aggregation") or {}).get(key)
        if value is not None:
            state["aggregation." + key] = value
    if params.get("rules") is not None:
        state["rules"] = canonical(alert_target(params["rules"], uuid_of or {}, params.get("alert_type") == "member"))
        # Rules are given in the form of one alert type: without alert_type, the status form (notify).
        state["alert_type"] = params.get("alert_type") or "status"
    if monitors is not None:
        state["monitors"] = sorted(set(monitors))
    return state


def with_names(value, names):
    """value with each recipient uuid that `names` ({uuid: name}) knows shown as its name, as a diff shows it."""
    if isinstance(value, dict):
        return dict((key, with_names(item, names)) for key, item in value.items())
    if isinstance(value, list):
        return [with_names(item, names) for item in value]
    return names.get(value, value) if isinstance(value, str) else value


def current_state(obj, monitors=None):
    """Every managed key the answer shows; the server's bookkeeping (score, refCountInfo, ruleCount,
    notifyObjectName, declaration, created and updated fields) and alertOpt keys no option sets are left out."""
    opt = obj.get("alertOpt") if isinstance(obj.get("alertOpt"), dict) else {}
    state = {}
    for api, key in (("name", "name"), ("ruleTimezone", "timezone"), ("desc", "description"),
                     ("openPermissionSet", "open_permission_set")):
        if api in obj:
            state[key] = obj[api]
    if isinstance(obj.get("permissionSet"), list):
        state["permission_set"] = sorted(obj["permissionSet"])
    if "silentTimeout" in opt:
        state["silent_timeout"] = opt["silentTimeout"]
    # alertType defaults to status (add-v2.md); an answer without it is a status policy.
    state["alert_type"] = opt.get("alertType") or "status"
    for key, api in AGGREGATION:
        if api in opt:
            state["aggregation." + key] = opt[api]
    state["rules"] = canonical(opt.get("alertTarget") or [])
    if monitors is not None:
        state["monitors"] = sorted(set(monitors))
    return state


# Request bodies.

def request_body(params, obj, rules, checker_uuids):
    """add_v2's body (modify_v2's, given the policy): alertOpt whole, what the answer showed with the task's
    keys over it; ruleTimezone and aggInterval, which both routes require, always."""
    obj = obj or {}
    opt = dict(obj.get("alertOpt") or {})
    if params.get("silent_timeout") is not None:
        opt["silentTimeout"] = params["silent_timeout"]
    for key, api in AGGREGATION:
        if (params.get("aggregation") or {}).get(key) is not None:
            opt[api] = params["aggregation"][key]
    opt.setdefault("aggInterval", 0)
    if params.get("alert_type") is not None or rules is not None:
        opt["alertType"] = params.get("alert_type") or "status"
    if rules is not None:
        opt["alertTarget"] = rules
    body = {"name": params.get("name") or obj.get("name"), "ruleTimezone": params.get("timezone") or obj.get("ruleTimezone"),
            "alertOpt": opt}
    for option, api in (("description", "desc"), ("open_permission_set", "openPermissionSet"), ("permission_set", "permissionSet")):
        if params.get(option) is not None:
            body[api] = params[option]
    if checker_uuids is not None:
        body["checkerUUIDs"] = sorted(set(checker_uuids))
    return body


def predict(obj, body):
    """The policy as it would be after the write (check mode)."""
    return dict(obj or {}, **dict((k, v) for k, v in body.items() if k != "checkerUUIDs"))


# Exports: recipients by name, so that they apply to another workspace.

def export_rules(opt, name_of):
    """The rules option of an alertOpt, each uuid written as its name (name_of[family][uuid]); a uuid no list
    shows (a recipient deleted since) stays as it is."""
    member_type = opt.get("alertType") == "member"
    rules = []
    for rule in opt.get("alertTarget") or []:
        item = dict((key, rule[api]) for key, api in (("name", "name"),) + SCHEDULE if rule.get(api) not in (None, "", []))
        if member_type:
            item["member_rules"] = [_export_info(info, name_of) for info in rule.get("alertInfo") or []]
        else:
            item["notify"] = [_export_target(t, name_of, False) for t in rule.get("targets") or []]
        rules.append(item)
    return rules


def _who(uuids, name_of, keys=("targets", "members", "member_groups")):
    found = {}
    for ref in uuids or []:
        if ref in CHANNELS:
            found.setdefault("channels", []).append(ref)
            continue
        key = _family_key(ref)
        if key in keys:
            found.setdefault(key, []).append(name_of.get(key, {}).get(ref, ref))
    return found


def _family_key(ref):
    prefixes = (("notify_", "targets"), ("acnt_", "members"), ("group_", "member_groups"))
    return next((key for prefix, key in prefixes if str(ref).startswith(prefix)), "targets")


def _export_target(target, name_of, member_type):
    entry = {"statuses": [s for s in str(target.get("status") or "").split(",") if s]}
    entry.update(_who(target.get("to"), name_of))
    if target.get("filterString"):
        entry["filter"] = target["filterString"]
    elif target.get("tags"):
        entry["tags"] = target["tags"]
    ups = []
    for up in target.get("upgradeTargets") or []:
        item = _who(list(up.get("to") or []) + list(up.get("toWay") or []), name_of)
        if up.get("duration") is not None:
            item["after"] = up["duration"]
        ups.append(item)
    if ups:
        entry["escalations"] = ups
    return entry


def _export_info(info, name_of):
    item = _who(info.get("memberInfo"), name_of, ("members", "member_groups"))
    for key, api in (("name", "name"), ("filter", "filterString")):
        if info.get(api):
            item[key] = info[api]
    item["notify"] = [_export_target(t, name_of, True) for t in info.get("targets") or []]
    return item


def export_item(obj, name_of):
    """A policy as guance_alert_policy takes it (one item of its alert_policies option)."""
    opt = obj.get("alertOpt") if isinstance(obj.get("alertOpt"), dict) else {}
    item = {"name": obj.get("name"), "timezone": obj.get("ruleTimezone"), "alert_type": opt.get("alertType") or "status",
            "rules": export_rules(opt, name_of)}
    if "silentTimeout" in opt:
        item["silent_timeout"] = opt["silentTimeout"]
    aggregation = dict((key, opt[api]) for key, api in AGGREGATION if opt.get(api) not in (None, "", []))
    if aggregation:
        item["aggregation"] = aggregation
    for api, key in (("desc", "description"), ("permissionSet", "permission_set"), ("openPermissionSet", "open_permission_set")):
        if obj.get(api) not in (None, ""):
            item[key] = obj[api]
    return item


def referenced_uuids(opt):
    """{who: set of uuids} an alertOpt names, to read only the lists an export needs."""
    found = dict((who, set()) for who in WHO)
    for rule in opt.get("alertTarget") or []:
        for target in list(rule.get("targets") or []) + [t for i in rule.get("alertInfo") or [] for t in i.get("targets") or []]:
            escalated = [r for up in target.get("upgradeTargets") or [] for r in list(up.get("to") or []) + list(up.get("toWay") or [])]
            for ref in list(target.get("to") or []) + escalated:
                if ref not in CHANNELS:
                    found[_family_key(ref)].add(ref)
        for info in rule.get("alertInfo") or []:
            for ref in info.get("memberInfo") or []:
                found[_family_key(ref)].add(ref)
    return found
