"""Monitors (checkers), monitor groups and alert policies: the routes of open-api/checker/*.md and
monitor/list.md, and the bookkeeping the server adds to a monitor (the policies' routes are alert_policies.py's).

What the pages show, played with values from the emulator's own state:
- list (checker/list.md): a bare array with pageInfo beside it, each item the whole monitor
  (jsonScript, extend, monitorName...); `checker_list_form: example` gives only the keys of that
  page's example, without alertPolicyUUIDs and tagInfo, which only the later create and modify
  examples show.
- add / modify (create.md, modify.md): the monitor as stored, in the create example's shape.
- delete and set_disable: `true`.
- export (export.md): {"checkers": [{extend, is_disable, jsonScript, monitorName}]};
  `checker_export_form: full` adds secret, tagInfo and type, the keys the import example sends.
- import (import.md): {"rule": [created monitors]}, or {"repeat_name": [names]} when names are
  taken and skipRepeatNameCheck is not true.
"""

import copy
import random
import string
import uuid

from .api import Answer, Family, State, list_content, not_found, page_params, paged, param_error

DEFAULT_GROUP = "默认分组"
CHECKER_TYPES = ("trigger", "outer_event_checker", "smartMonitor")
STATUS = {False: 0, True: 2}        # is disabled -> status (modify.md: 0 enabled, 2 disabled)
MAX_TITLE = 256

# What the server writes into a new monitor where the body leaves it out (the create example's answer).
SCRIPT_DEFAULTS = {"atAccounts": [], "atNoDataAccounts": [], "channels": [], "disableCheckEndTime": False,
                   "noDataTitle": "", "noDataMessage": ""}
EXTEND_DEFAULTS = {"funcName": "", "isNeedCreateIssue": False, "issueLevelUUID": "", "needRecoverIssue": False}

# Keys of the list example (checker/list.md), for checker_list_form: example.
LIST_EXAMPLE_KEYS = ("createAt", "creator", "crontabInfo", "deleteAt", "extend", "id", "isSLI", "jsonScript",
                     "monitorName", "monitorUUID", "status", "type", "updateAt", "updator", "uuid", "workspaceUUID")


class Monitoring:
    """A workspace's monitors, monitor groups and alert policies."""

    def __init__(self, workspace_uuid, clock):
        self.workspace_uuid = workspace_uuid
        self.clock = clock
        self.checkers = {}          # uuid -> stored monitor fields
        self.groups = {}            # uuid -> group
        self.policies = {}          # uuid -> alert policy
        self.seq = 0
        self.add_group(DEFAULT_GROUP, "default")

    def add_group(self, name, kind="custom"):
        found = self.group_named(name)
        if found:
            return found
        now = self.clock.seconds()
        group = {"alertOpt": {}, "config": {}, "createAt": now, "creator": "acnt_emulator", "deleteAt": -1,
                 "id": len(self.groups) + 1, "name": name, "status": 0, "type": kind, "updateAt": now,
                 "updator": "acnt_emulator", "uuid": "monitor_" + _hex(self.workspace_uuid, "group", name),
                 "workspaceUUID": self.workspace_uuid}
        self.groups[group["uuid"]] = group
        return group

    def add_policy(self, name):
        found = next((p for p in self.policies.values() if p["name"] == name), None)
        if found:
            return found
        now = self.clock.seconds()
        policy = {"alertOpt": {"aggInterval": 120, "alertTarget": [], "silentTimeout": 21600}, "createAt": now,
                  "creator": "acnt_emulator", "deleteAt": -1, "id": len(self.policies) + 1, "name": name, "refCountInfo": {},
                  "ruleTimezone": "Asia/Shanghai", "score": 0, "status": 0, "updateAt": now,
                  "updator": "acnt_emulator", "uuid": "altpl_" + _hex(self.workspace_uuid, "policy", name),
                  "workspaceUUID": self.workspace_uuid}
        self.policies[policy["uuid"]] = policy
        return policy

    def to_state(self):
        return {"checkers": self.checkers, "groups": self.groups, "policies": self.policies, "seq": self.seq}

    @classmethod
    def from_state(cls, saved, workspace):
        state = cls(workspace.uuid, workspace.clock)
        state.checkers, state.groups, state.policies, state.seq = saved["checkers"], saved["groups"], saved["policies"], saved["seq"]
        return state

    def group_named(self, name):
        return next((g for g in self.groups.values() if g["name"] == name), None)

    def default_group(self):
        return next(g for g in self.groups.values() if g["type"] == "default")


def _hex(*parts):
    return uuid.uuid5(uuid.NAMESPACE_OID, "/".join(parts)).hex


def monitoring(workspace):
    return workspace.state["monitoring"]


# --- rendering ------------------------------------------------------------------------------------------

def render(store, workspace, checker):
    """A monitor as list, add and modify answer it."""
    state = monitoring(workspace)
    group = state.groups.get(checker["monitorUUID"]) or {}
    shown = copy.deepcopy(checker)
    shown.pop("seq", None)
    shown["tagInfo"] = [{"id": workspace.tag_id(name), "name": name} for name in checker["tagInfo"]]
    shown["monitorName"] = group.get("name", "")
    return shown


def list_item(store, workspace, checker):
    shown = render(store, workspace, checker)
    if store.config["checker_list_form"] == "example":
        shown = dict((k, v) for k, v in shown.items() if k in LIST_EXAMPLE_KEYS)
    return shown


def export_item(store, workspace, checker):
    shown = render(store, workspace, checker)
    item = {"extend": shown["extend"], "is_disable": shown["status"] == STATUS[True], "jsonScript": shown["jsonScript"],
            "monitorName": shown["monitorName"]}
    if store.config["checker_export_form"] == "full":
        item.update(secret=shown["secret"], tagInfo=shown["tagInfo"], type=shown["type"])
    return item


# --- the routes -----------------------------------------------------------------------------------------

def list_checkers(call):
    page_index, page_size = page_params(call)
    state = monitoring(call.workspace)
    search = (call.query_value("search") or "").lower()
    kind = call.query_value("type")
    if kind not in (None, "smartMonitor"):
        raise param_error("type must be smartMonitor, got %r" % kind)
    filters = [(key, _commas(call, param)) for key, param in
               (("uuid", "checkerUUID"), ("monitorUUID", "monitorUUID"), ("alertPolicyUUIDs", "alertPolicyUUID"))]
    found = [c for c in state.checkers.values()
             if search in c["jsonScript"]["name"].lower() and (c["type"] == "smartMonitor") == (kind == "smartMonitor")
             and all(_matches(c[key], wanted) for key, wanted in filters)]
    found.sort(key=lambda c: (c["updateAt"], c["seq"]), reverse=True)
    answer = paged(found, page_index, page_size)
    answer.content = [list_item(call.store, call.workspace, c) for c in answer.content]
    return list_content(call, answer)


def _commas(call, param):
    """A commaArray parameter: None when absent; present but empty is refused, as the page says."""
    text = call.query_value(param)
    if text is None:
        return None
    values = [v.strip() for v in text.split(",") if v.strip()]
    if not values:
        raise param_error("%s must not be empty" % param)
    return set(values)


def _matches(value, wanted):
    if wanted is None:
        return True
    return bool(wanted.intersection(value if isinstance(value, list) else [value]))


def add_checker(call):
    body = call.body_object()
    state = monitoring(call.workspace)
    fields = _valid_fields(state, body, creating=True)
    checker = _new_checker(call, state, fields, "manual")
    return Answer(render(call.store, call.workspace, checker))


def modify_checker(call):
    state = monitoring(call.workspace)
    checker = _find(state, call.params["uuid"])
    fields = _valid_fields(state, call.body_object(), creating=False)
    if "jsonScript" in fields:
        fields["jsonScript"] = _script(fields["jsonScript"])
    if "extend" in fields:
        fields["extend"] = _extend(fields["extend"])
    checker.update(fields)
    _touch(call, state, checker)
    return Answer(render(call.store, call.workspace, checker))


def delete_checkers(call):
    state = monitoring(call.workspace)
    uuids = _rule_uuids(call.body_object())
    unknown = [u for u in uuids if u not in state.checkers]
    if unknown and call.store.config["checker_delete_unknown"] == "not_found":
        raise not_found("no monitor %s in this workspace" % ", ".join(unknown))
    for rule_uuid in uuids:
        # By default uuids the workspace does not hold are passed over: delete.md names no error for them.
        state.checkers.pop(rule_uuid, None)
    return Answer(True)


def set_disable(call):
    body = call.body_object()
    state = monitoring(call.workspace)
    if not isinstance(body.get("isDisable"), bool):
        raise param_error("isDisable is required and must be true or false")
    for rule_uuid in _rule_uuids(body):
        checker = state.checkers.get(rule_uuid)
        if checker is not None:
            checker["status"] = STATUS[body["isDisable"]]
            _touch(call, state, checker)
    return Answer(True)


def export_checkers(call):
    state = monitoring(call.workspace)
    uuids = call.body_object().get("checkers")
    if not isinstance(uuids, list) or not uuids or not all(isinstance(u, str) for u in uuids):
        raise param_error("checkers is required: a non-empty array of monitor uuids")
    return Answer({"checkers": [export_item(call.store, call.workspace, _find(state, u)) for u in uuids]})


def import_checkers(call):
    body = call.body_object()
    state = monitoring(call.workspace)
    items = body.get("checkers")
    if not isinstance(items, list) or not items or not all(isinstance(i, dict) for i in items):
        raise param_error("checkers is required: a non-empty array of monitors as export gives them")
    prepared = [_import_fields(state, item) for item in items]
    taken = set(c["jsonScript"]["name"] for c in state.checkers.values())
    repeated = sorted(set(f["jsonScript"]["name"] for f, unused in prepared) & taken)
    if repeated and body.get("skipRepeatNameCheck") is not True:
        return Answer({"repeat_name": repeated})
    created = []
    for fields, group_name in prepared:
        if body.get("skipRepeatNameCreate") is True and fields["jsonScript"]["name"] in taken:
            continue
        if group_name:
            # The page does not say what becomes of a group name the workspace lacks: it is created here.
            fields["monitorUUID"] = state.add_group(group_name)["uuid"]
        created.append(render(call.store, call.workspace, _new_checker(call, state, fields, "import")))
    return Answer({"rule": created})


def list_groups(call):
    return _named_list(call, monitoring(call.workspace).groups.values(), _group_item)


def _named_list(call, items, show):
    page_index, page_size = page_params(call)
    search = (call.query_value("search") or "").lower()
    found = sorted((i for i in items if search in i["name"].lower()), key=lambda i: i["id"])
    answer = paged(found, page_index, page_size)
    answer.content = [show(call.workspace, i) for i in answer.content]
    return answer


def _group_item(workspace, group):
    count = sum(1 for c in monitoring(workspace).checkers.values() if c["monitorUUID"] == group["uuid"])
    return dict(group, ruleCount=count)


# --- validation and bookkeeping -------------------------------------------------------------------------

def _find(state, rule_uuid):
    checker = state.checkers.get(rule_uuid)
    if checker is None:
        raise not_found("no monitor %s in this workspace" % rule_uuid)
    return checker


def _rule_uuids(body):
    uuids = body.get("ruleUUIDs")
    if not isinstance(uuids, list) or not uuids or not all(isinstance(u, str) and u for u in uuids):
        raise param_error("ruleUUIDs is required: a non-empty array of monitor uuids")
    return uuids


def _valid_script(script):
    if not isinstance(script, dict):
        raise param_error("jsonScript is required and must be an object")
    if not isinstance(script.get("type"), str) or not script["type"]:
        raise param_error("jsonScript.type is required")
    if not isinstance(script.get("title"), str) or len(script["title"]) > MAX_TITLE:
        raise param_error("jsonScript.title is required: a string of at most %d characters" % MAX_TITLE)
    if script.get("name") is not None and not isinstance(script["name"], str):
        raise param_error("jsonScript.name must be a string")
    return script


def _valid_fields(state, body, creating):
    fields = {}
    if "jsonScript" in body or creating:
        fields["jsonScript"] = copy.deepcopy(_valid_script(body.get("jsonScript")))
    _check_types(body)
    for key in ("extend", "secret", "dashboardUUID"):
        if body.get(key) is not None:
            fields[key] = copy.deepcopy(body[key])
    if body.get("monitorUUID") not in (None, ""):
        if body["monitorUUID"] not in state.groups:
            raise param_error("monitorUUID %s is no monitor group of this workspace" % body["monitorUUID"])
        fields["monitorUUID"] = body["monitorUUID"]
    if body.get("alertPolicyUUIDs") is not None:
        unknown = [u for u in body["alertPolicyUUIDs"] if u not in state.policies]
        if unknown:
            raise param_error("alertPolicyUUIDs: no alert policy %s in this workspace" % ", ".join(unknown))
        fields["alertPolicyUUIDs"] = list(body["alertPolicyUUIDs"])
    if body.get("tags") is not None:
        fields["tagInfo"] = sorted(set(body["tags"]))
    if body.get("status") is not None:
        fields["status"] = body["status"]
    if creating:
        fields["type"] = body.get("type") or "trigger"
    return fields


def _check_types(body):
    for key, kind in (("extend", dict), ("secret", str), ("dashboardUUID", str), ("monitorUUID", str)):
        if body.get(key) is not None and not isinstance(body[key], kind):
            raise param_error("%s must be a %s" % (key, "JSON object" if kind is dict else "string"))
    for key in ("alertPolicyUUIDs", "tags"):
        value = body.get(key)
        if value is not None and not (isinstance(value, list) and all(isinstance(v, str) and v for v in value)):
            raise param_error("%s must be an array of non-empty strings" % key)
    if body.get("type") not in (None,) + CHECKER_TYPES:
        raise param_error("type must be one of %s" % ", ".join(CHECKER_TYPES))
    if body.get("status") not in (None, 0, 2) or isinstance(body.get("status"), bool):
        raise param_error("status must be 0 (enabled) or 2 (disabled)")


def _import_fields(state, item):
    fields = _valid_fields(state, dict((k, v) for k, v in item.items() if k in ("jsonScript", "extend", "secret", "type")),
                           creating=True)
    fields["jsonScript"] = _script(fields["jsonScript"])
    tags = item.get("tagInfo") or []
    fields["tagInfo"] = sorted(set(t.get("name") if isinstance(t, dict) else t for t in tags) - {None})
    fields["status"] = STATUS[item.get("is_disable") is True]
    return fields, item.get("monitorName") or None


def _script(script):
    """jsonScript as stored: the name defaults to the title (the modify example's answer does so), and the
    server's empty defaults are filled in."""
    script = dict(SCRIPT_DEFAULTS, **script)
    if not script.get("name"):
        script["name"] = script["title"]
    if isinstance(script.get("checkerOpt"), dict):
        script["checkerOpt"] = dict({"infoEvent": False}, **script["checkerOpt"])
    return script


def _extend(extend):
    extend = dict(EXTEND_DEFAULTS, **(extend or {}))
    if isinstance(extend.get("querylist"), list):
        extend["querylist"] = [dict({"uuid": str(uuid.uuid4())}, **q) if isinstance(q, dict) else q for q in extend["querylist"]]
    return extend


def _crontab(every):
    number, unit = (every[:-1], every[-1:]) if isinstance(every, str) and every[:-1].isdigit() else ("1", "m")
    return {"m": "*/%s * * * *" % number, "h": "0 */%s * * *" % number, "d": "0 0 */%s * *" % number}.get(unit, "*/1 * * * *")


def _new_checker(call, state, fields, created_way):
    now = call.store.clock.seconds()
    state.seq += 1
    script = _script(fields.pop("jsonScript"))
    checker = {
        "alertPolicyUUIDs": [], "createAt": now, "createdWay": created_way, "creator": call.key_id,
        "crontabInfo": {"crontab": _crontab(script.get("every")),
                        "id": "cron-" + "".join(random.choice(string.ascii_letters + string.digits) for unused in range(12))},
        "declaration": {}, "deleteAt": -1, "extend": _extend(fields.pop("extend", None)), "id": call.store.next_dashboard_id(),
        "isLocked": False, "isSLI": False, "jsonScript": script, "monitorUUID": state.default_group()["uuid"], "refKey": "",
        "secret": "", "status": 0, "tagInfo": [], "type": "trigger", "updateAt": now, "updator": call.key_id,
        "uuid": "rul_" + uuid.uuid4().hex, "workspaceUUID": call.workspace.uuid, "seq": state.seq,
    }
    checker.update(fields)
    state.checkers[checker["uuid"]] = checker
    return checker


def _touch(call, state, checker):
    state.seq += 1
    checker.update(updateAt=call.store.clock.seconds(), updator=call.key_id, seq=state.seq)


# --- where they are served ------------------------------------------------------------------------------

# (method, path template, handler). list, create, delete and import moved from /api/v1/monitor/check/ to
# /api/v1/checker/; the other routes have only ever been documented under /api/v1/checker/.
_SHARED = [
    ("POST", "/api/v1/checker/{uuid}/modify", modify_checker),
    ("POST", "/api/v1/checker/export", export_checkers),
    ("POST", "/api/v1/checker/set_disable", set_disable),
    ("GET", "/api/v1/monitor/group/list", list_groups),
]
_CURRENT = [
    ("GET", "/api/v1/checker/list", list_checkers),
    ("POST", "/api/v1/checker/add", add_checker),
    ("POST", "/api/v1/checker/delete", delete_checkers),
    ("POST", "/api/v1/checker/import", import_checkers),
]
_LEGACY = [
    ("GET", "/api/v1/monitor/check/list", list_checkers),
    ("POST", "/api/v1/monitor/check/create", add_checker),
    ("POST", "/api/v1/monitor/check/delete", delete_checkers),
    ("POST", "/api/v1/monitor/check/import", import_checkers),
]


# --- control routes -------------------------------------------------------------------------------------

def _workspace(emulator, name):
    workspace = emulator.store.workspaces.get(name or "")
    if workspace is None:
        raise ValueError("name a workspace of the emulator, got %r" % name)
    return workspace


def control_monitoring(emulator, query, body):
    """POST /__emulator/monitoring {"workspace", "monitor_groups": [names], "alert_policies": [names]}:
    adds those (a name already there is kept), answers every group and policy of the workspace."""
    if not isinstance(body, dict) or set(body) - {"workspace", "monitor_groups", "alert_policies"}:
        raise ValueError('monitoring takes {"workspace": UUID, "monitor_groups": [names], "alert_policies": [names]}')
    names = [body.get(key) or [] for key in ("monitor_groups", "alert_policies")]
    if not all(isinstance(n, list) and all(isinstance(v, str) and v for v in n) for n in names):
        raise ValueError("monitor_groups and alert_policies must be lists of non-empty names")
    with emulator.store.lock:
        state = monitoring(_workspace(emulator, body.get("workspace")))
        for name in names[0]:
            state.add_group(name)
        for name in names[1]:
            state.add_policy(name)
        return {"monitor_groups": [{"uuid": g["uuid"], "name": g["name"]} for g in state.groups.values()],
                "alert_policies": [{"uuid": p["uuid"], "name": p["name"]} for p in state.policies.values()]}


def control_checkers(emulator, query, body):
    """GET /__emulator/checkers?workspace=UUID: every monitor as stored (render), with its export item."""
    with emulator.store.lock:
        workspace = _workspace(emulator, (query.get("workspace") or [""])[-1])
        state = monitoring(workspace)
        return {"checkers": [dict(render(emulator.store, workspace, c), export=export_item(emulator.store, workspace, c))
                             for c in sorted(state.checkers.values(), key=lambda c: c["seq"])]}


FAMILY = Family(
    "checkers",
    routes=_SHARED,
    current_routes=_CURRENT,
    legacy_routes=_LEGACY,
    control_routes={
        ("POST", "/__emulator/monitoring"): control_monitoring,
        ("GET", "/__emulator/checkers"): control_checkers,
    },
    # The keys of checker list items, the keys of export items, what delete does with a uuid it does not know.
    config={"checker_list_form": "full", "checker_export_form": "example", "checker_delete_unknown": "ignored"},
    choices={"checker_list_form": ("full", "example"), "checker_export_form": ("example", "full"),
             "checker_delete_unknown": ("ignored", "not_found")},
    state={"monitoring": State(new=lambda workspace: Monitoring(workspace.uuid, workspace.clock), save=Monitoring.to_state,
                               restore=Monitoring.from_state)},
)
