"""Mute rules: the routes of open-api/mute/*.md (list, create, modify, delete, enable, disable).

What the pages show, played with values from the emulator's own state:
- create / modify (create.md, modify.md): the rule in the shape of the create example's answer, times
  both as Unix seconds (start, end, repeatExpire) and as text in the rule's time zone (startTime,
  endTime, repeatExpireTime); filterString added, which the request takes but the (older) example
  answer does not show. `mute_cron_form: set` shows repeatCrontabSet instead of the crontab line;
  `mute_times: epoch` leaves out the text times, as the list example (an older form) does.
- list (list.md): a bare array, pageInfo beside it, `search` on the name, updatorInfo added.
- delete (delete.md): `{}`; enable / disable (enable.md, disable.md): `true`. The status of a
  disabled rule is `mute_disabled_status` (2 by default).
"""

import datetime
import re
import uuid
import zoneinfo

from .api import Answer, Family, State, list_content, not_found, page_params, paged, param_error

# Switches where the pages leave the answer open (docs/emulator.md).
CONFIG = {"mute_cron_form": "crontab", "mute_times": "both", "mute_disabled_status": 2,
          # list.md's example item has no name; true (today's form) lists rules with it, as create answers them.
          "mute_list_names": False}
CONFIG_CHOICES = {"mute_cron_form": ("crontab", "set"), "mute_times": ("both", "epoch"), "mute_disabled_status": (2, 1),
                  "mute_list_names": (True, False)}

TIME_FORMAT = "%Y/%m/%d %H:%M:%S"
RULE_TYPES = ("checker", "alertPolicy", "tag", "custom")
RANGE_KEYS = ("checkerUUID", "alertPolicyUUID", "tagUUID", "sloUUID")
CRON_KEYS = ("min", "hour", "day", "month", "week")
CRON_FIELD = re.compile(r"[0-9*/,\-]+")
LIMITS = (("filterString", 2048), ("notifyMessage", 3000))
SHOWN = ("createAt", "creator", "crontab", "crontabDuration", "deleteAt", "description", "end", "endTime", "filterString",
         "id", "muteRanges", "name", "notifyMessage", "notifyTargets", "notifyTime", "notifyTimeStr", "repeatExpire",
         "repeatExpireTime", "start", "startTime", "status", "tags", "timezone", "type", "updateAt", "updator", "uuid",
         "workspaceUUID")
TEXT_TIMES = ("startTime", "endTime", "repeatExpireTime", "notifyTimeStr")


def rules(workspace):
    """The workspace's rules, uuid -> stored fields, in creation order."""
    return workspace.state["mute_rules"]


def render(config, rule):
    shown = dict((key, rule.get(key)) for key in SHOWN)
    if config["mute_cron_form"] == "set":
        shown["crontab"] = ""
        shown["repeatCrontabSet"] = rule.get("repeatCrontabSet") or {}
    if config["mute_times"] == "epoch":
        for key in TEXT_TIMES:
            shown.pop(key)
    return shown


# --- the routes -----------------------------------------------------------------------------------------

def list_rules(call):
    page_index, page_size = page_params(call)
    search = (call.query_value("search") or "").lower()
    found = [rule for rule in rules(call.workspace).values() if search in (rule.get("name") or "").lower()]
    found.sort(key=lambda rule: (rule["updateAt"], rule["seq"]), reverse=True)
    answer = paged(found, page_index, page_size)
    config = call.store.config
    answer.content = [dict(render(config, rule), updatorInfo={"name": "API key", "username": "AK(%s)" % rule["updator"]})
                      for rule in answer.content]
    if not config["mute_list_names"]:
        for item in answer.content:
            del item["name"]
    return list_content(call, answer)


def create_rule(call):
    fields = _valid_fields(call.body_object())
    _defaults(fields)
    now = call.store.clock.seconds()
    state = rules(call.workspace)
    rule = dict(fields, uuid="mute_" + uuid.uuid4().hex, id=len(state) + 1, workspaceUUID=call.workspace.uuid,
                createAt=now, updateAt=now, creator=call.key_id, updator=call.key_id, deleteAt=-1, status=0,
                seq=call.store.next_seq())
    state[rule["uuid"]] = rule
    return Answer(render(call.store.config, rule))


def modify_rule(call):
    rule = _find(call)
    fields = _valid_fields(call.body_object())
    # What the body leaves out stays as it was.
    rule.update(fields)
    rule.update(updateAt=max(call.store.clock.seconds(), rule["updateAt"]), updator=call.key_id, seq=call.store.next_seq())
    return Answer(render(call.store.config, rule))


def delete_rule(call):
    rule = _find(call)
    del rules(call.workspace)[rule["uuid"]]
    return Answer({})


def enable_rule(call):
    _find(call)["status"] = 0
    return Answer(True)


def disable_rule(call):
    _find(call)["status"] = call.store.config["mute_disabled_status"]
    return Answer(True)


_ROUTES = [
    ("GET", "/api/v1/monitor/mute/list", list_rules),
    ("POST", "/api/v1/monitor/mute/create", create_rule),
    ("POST", "/api/v1/monitor/mute/{uuid}/modify", modify_rule),
    ("POST", "/api/v1/monitor/mute/{uuid}/delete", delete_rule),
    ("POST", "/api/v1/monitor/mute/{uuid}/enable", enable_rule),
    ("POST", "/api/v1/monitor/mute/{uuid}/disable", disable_rule),
]


# --- validation -----------------------------------------------------------------------------------------

def _find(call):
    rule = rules(call.workspace).get(call.params["uuid"])
    if rule is None:
        raise not_found("no mute rule %s in this workspace" % call.params["uuid"])
    return rule


def _zone(name):
    if not isinstance(name, str) or not name:
        raise param_error("timezone is required")
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise param_error("timezone %r is not a time zone" % name)


def _epoch(body, key, tz, required=False):
    """(Unix seconds, text) of a time field; (-1, "-1") when empty and allowed."""
    text = body.get(key)
    if text in (None, "", "0", "-1"):
        if required:
            raise param_error("%s is required (%s)" % (key, TIME_FORMAT))
        return -1, "-1" if text in (None, "-1") else text
    if not isinstance(text, str):
        raise param_error("%s must be a string %s" % (key, TIME_FORMAT))
    try:
        return int(datetime.datetime.strptime(text, TIME_FORMAT).replace(tzinfo=tz).timestamp()), text
    except ValueError:
        raise param_error("%s must be %s, got %r" % (key, TIME_FORMAT, text))


def _check_types(body):
    for key, kind in (("name", str), ("description", str), ("filterString", str), ("notifyMessage", str),
                      ("muteRanges", list), ("notifyTargets", list), ("tags", (dict, list))):
        if key in body and not isinstance(body[key], kind):
            raise param_error("%s has the wrong type" % key)
    for key, limit in LIMITS:
        if len(body.get(key) or "") > limit:
            raise param_error("%s may be at most %d characters" % (key, limit))
    if body.get("type") not in RULE_TYPES:
        raise param_error("type must be one of %s" % ", ".join(RULE_TYPES))
    if body.get("repeatTimeSet") not in (0, 1) or isinstance(body.get("repeatTimeSet"), bool):
        raise param_error("repeatTimeSet is required: 0 (once) or 1 (repeating)")
    for item in body.get("muteRanges") or []:
        if not isinstance(item, dict) or not any(isinstance(item.get(k), str) and item[k] for k in RANGE_KEYS):
            raise param_error("every muteRanges item names a %s" % " / ".join(RANGE_KEYS))


def _valid_fields(body):
    """The stored fields of a create or modify body; ParamError for what the pages say the server refuses."""
    _check_types(body)
    tz = _zone(body.get("timezone"))
    names = ("name", "description", "filterString", "muteRanges", "notifyTargets", "notifyMessage", "tags", "timezone", "type")
    fields = dict((key, body[key]) for key in names if key in body)
    if body["repeatTimeSet"] == 1:
        fields.update(_repeat_fields(body, tz))
    else:
        fields.update(_once_fields(body, tz))
    return fields


def _defaults(fields):
    """A new rule's fields: what the create example's answer shows for what the body left out."""
    for key, empty in (("name", ""), ("description", ""), ("filterString", ""), ("muteRanges", []), ("notifyTargets", []),
                       ("notifyMessage", ""), ("tags", {})):
        fields.setdefault(key, empty)


def _once_fields(body, tz):
    start, start_text = _epoch(body, "startTime", tz, required=True)
    end, end_text = _epoch(body, "endTime", tz)
    if end != -1 and end <= start:
        raise param_error("endTime must be after startTime")
    return {"start": start, "startTime": start_text, "end": end, "endTime": end_text, "crontab": "", "crontabDuration": 0,
            "repeatCrontabSet": {}, "repeatExpire": -1, "repeatExpireTime": "-1", "notifyTime": -1, "notifyTimeStr": ""}


def _repeat_fields(body, tz):
    cron = body.get("repeatCrontabSet")
    if not isinstance(cron, dict) or set(cron) != set(CRON_KEYS) or not all(
            isinstance(cron[k], str) and CRON_FIELD.fullmatch(cron[k]) for k in CRON_KEYS):
        raise param_error("repeatCrontabSet must hold min, hour, day, month and week as cron fields")
    duration = body.get("crontabDuration")
    if not isinstance(duration, int) or isinstance(duration, bool) or duration < 1:
        raise param_error("crontabDuration must be a positive number of seconds")
    expire, expire_text = _epoch(body, "repeatExpireTime", tz)
    start, start_text = _epoch(body, "startTime", tz)
    return {"crontab": " ".join(cron[k] for k in CRON_KEYS), "repeatCrontabSet": dict(cron), "crontabDuration": duration,
            "repeatExpire": expire, "repeatExpireTime": expire_text, "start": start, "startTime": start_text if start != -1 else "",
            "end": -1, "endTime": "", "notifyTime": -1, "notifyTimeStr": ""}


# --- control route --------------------------------------------------------------------------------------

def control_mutes(emulator, query, body):
    """GET /__emulator/mutes?workspace=UUID: every rule of the workspace as create would answer it."""
    with emulator.store.lock:
        workspace = emulator.store.workspaces.get((query.get("workspace") or [""])[-1])
        if workspace is None:
            raise ValueError("name the workspace: /__emulator/mutes?workspace=UUID")
        return {"mutes": [render(emulator.store.config, rule) for rule in rules(workspace).values()]}


FAMILY = Family(
    "mutes",
    routes=_ROUTES,
    control_routes={("GET", "/__emulator/mutes"): control_mutes},
    config=CONFIG,
    choices=CONFIG_CHOICES,
    # uuid -> stored fields, in creation order: plain JSON, as the state file keeps it.
    state={"mute_rules": State(new=lambda workspace: {})},
)
