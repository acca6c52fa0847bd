"""Alert policies: the routes of open-api/alert-policy/{list,get,add-v2,modify-v2,delete}.md, the v2 routes
Guance's Terraform provider uses. The policies are kept with the monitors (checkers.Monitoring.policies),
which refer to them in alertPolicyUUIDs.

What the pages show, and the switches for what they leave open:
- list: {"data": [...], "declaration": {}} with pageInfo; each item with refCountInfo and ruleCount.
- get: the policy with notifyObjectName ({notify uuid: name}) and declaration.
- add_v2 / modify_v2: the policy, with declaration. No example shows desc, openPermissionSet,
  permissionSet or checkerUUIDs; `policy_answer_form: provider` shows them, as the provider reads them.
- checkerUUIDs (add_v2, modify_v2) rewrites the monitors: those listed use the policy, the others no
  longer do. What modify_v2 does without it is not documented: `policy_links_without_checkers` keeps
  the links (default) or clears them.
- The provider sends alertOpt keys no page lists (ignoreOK, aggSendFirst, silentTimeoutByStatus...);
  `policy_alert_opt_defaults: filled` answers them with their defaults whatever was sent.
- delete: {"alertPolicyUUIDs": [...]}, answers true; an unknown uuid is a 404 (the provider ignores
  404 on delete) and nothing is deleted; the policy leaves every monitor that used it.
"""

import copy
import uuid
import zoneinfo

from .api import Answer, Family, not_found, page_params, paged, param_error
from .checkers import monitoring
from .members import people

STATUSES = ("critical", "error", "warning", "nodata", "info", "ok")
AGG_FIELDS = ("df_monitor_checker_id", "df_dimension_tags", "df_label", "CLUSTER")
MAX_DESC = 256
MAX_AGG_INTERVAL = 1800
# Shown only with policy_answer_form: provider.
UNSHOWN = ("desc", "openPermissionSet", "permissionSet")
# The provider's alertOpt keys no page lists, and what policy_alert_opt_defaults: filled answers for them.
OPT_DEFAULTS = {"aggType": "", "ignoreOK": False, "silentTimeoutByStatusEnable": False, "silentTimeoutByStatus": [],
                "aggSendFirst": False, "aggLabels": [], "aggClusterFields": []}


def policies(workspace):
    return monitoring(workspace).policies


def linked(workspace, policy_uuid):
    return sorted(u for u, c in monitoring(workspace).checkers.items() if policy_uuid in c["alertPolicyUUIDs"])


def render(call, policy):
    shown = dict((k, copy.deepcopy(v)) for k, v in policy.items() if k not in UNSHOWN)
    if call.store.config["policy_alert_opt_defaults"] == "filled":
        shown["alertOpt"] = dict(OPT_DEFAULTS, **shown["alertOpt"])
    if call.store.config["policy_answer_form"] == "provider":
        shown.update(desc=policy.get("desc", ""), openPermissionSet=policy.get("openPermissionSet", False),
                     permissionSet=list(policy.get("permissionSet", [])), checkerUUIDs=linked(call.workspace, policy["uuid"]))
    return shown


def list_policies(call):
    page_index, page_size = page_params(call)
    search = (call.query_value("search") or "").lower()
    found = sorted((p for p in policies(call.workspace).values() if search in p["name"].lower()), key=lambda p: p["id"])
    answer = paged(found, page_index, page_size)
    answer.content = {"data": [dict(render(call, p), refCountInfo={}, ruleCount=len(linked(call.workspace, p["uuid"])))
                               for p in answer.content], "declaration": {}}
    return answer


def _policy(call):
    policy = policies(call.workspace).get(call.params["uuid"])
    if policy is None:
        raise not_found("no alert policy %s in this workspace" % call.params["uuid"])
    return policy


def get_policy(call):
    policy = _policy(call)
    names = dict((u, t["name"]) for u, t in call.workspace.state["notify_objects"].items())
    used = sorted(set(ref for ref in _references(policy["alertOpt"]) if ref in names))
    return Answer(dict(render(call, policy), declaration={}, notifyObjectName=dict((u, names[u]) for u in used)))


# --- checking a body ----------------------------------------------------------------------------------------

def _check_timezone(zone):
    if not isinstance(zone, str) or not zone:
        raise param_error("ruleTimezone is required: a time zone such as Asia/Shanghai")
    try:
        zoneinfo.ZoneInfo(zone)
    except (ValueError, zoneinfo.ZoneInfoNotFoundError):
        raise param_error("ruleTimezone: %r is no time zone" % zone)


def _check_opt(opt, creating):
    if not isinstance(opt, dict):
        raise param_error("alertOpt must be an object")
    required = ("silentTimeout", "aggInterval") if creating else ("aggInterval",)
    for key in required:
        if key not in opt:
            raise param_error("alertOpt.%s is required" % key)
    for key in ("silentTimeout", "aggInterval"):
        if key in opt and (not isinstance(opt[key], int) or isinstance(opt[key], bool) or opt[key] < 0):
            raise param_error("alertOpt.%s must be a whole number, 0 or more" % key)
    if opt.get("aggInterval", 0) > MAX_AGG_INTERVAL:
        raise param_error("alertOpt.aggInterval must be at most %d" % MAX_AGG_INTERVAL)
    if opt.get("alertType", "status") not in ("status", "member"):
        raise param_error("alertOpt.alertType must be status or member")
    if not set(opt.get("aggFields") or []) <= set(AGG_FIELDS):
        raise param_error("alertOpt.aggFields may hold %s" % ", ".join(AGG_FIELDS))
    if not isinstance(opt.get("alertTarget", []), list):
        raise param_error("alertOpt.alertTarget must be an array")


def _targets(opt):
    """Every targets[] entry of alertOpt, at either place (status type, or member type's alertInfo)."""
    for rule in opt.get("alertTarget") or []:
        if not isinstance(rule, dict):
            raise param_error("alertOpt.alertTarget items must be objects")
        yield from rule.get("targets") or []
        for info in rule.get("alertInfo") or []:
            yield from info.get("targets") or []


def _references(opt):
    for target in _targets(opt):
        yield from target.get("to") or []
        for up in target.get("upgradeTargets") or []:
            yield from (up.get("to") or []) + (up.get("toWay") or [])
    for rule in opt.get("alertTarget") or []:
        for info in rule.get("alertInfo") or []:
            yield from info.get("memberInfo") or []


def _check_targets(call, opt):
    for target in _targets(opt):
        status = target.get("status")
        if not isinstance(status, str) or not set(status.split(",")) <= set(STATUSES):
            raise param_error("targets[].status must be one or more of %s, comma-separated" % ", ".join(STATUSES))
        if not isinstance(target.get("to"), list) or not target["to"]:
            raise param_error("targets[].to is required: a non-empty array")
    known = set(call.workspace.state["notify_objects"]) | set(people(call.workspace)["members"]) | set(people(call.workspace)["groups"])
    member_type = opt.get("alertType") == "member"
    for ref in _references(opt):
        if ref in ("email", "sms") and member_type:
            continue
        if ref not in known:
            raise param_error("no notification target, member or member group %s in this workspace" % ref)


def _check_body(call, body, creating):
    if creating or "name" in body:
        if not isinstance(body.get("name"), str) or not body["name"]:
            raise param_error("name is required: a non-empty string")
    _check_timezone(body.get("ruleTimezone"))
    if creating or "alertOpt" in body:
        _check_opt(body.get("alertOpt"), creating)
        _check_targets(call, body["alertOpt"])
    if not isinstance(body.get("desc", ""), str) or len(body.get("desc", "")) > MAX_DESC:
        raise param_error("desc must be a string of at most %d characters" % MAX_DESC)
    if not isinstance(body.get("openPermissionSet", False), bool):
        raise param_error("openPermissionSet must be a boolean")
    for key in ("permissionSet", "checkerUUIDs"):
        if not isinstance(body.get(key, []), list) or not all(isinstance(v, str) for v in body.get(key, [])):
            raise param_error("%s must be an array of strings" % key)
    unknown = [u for u in body.get("checkerUUIDs", []) if u not in monitoring(call.workspace).checkers]
    if unknown:
        raise param_error("checkerUUIDs: no monitor %s in this workspace" % ", ".join(unknown))


def _link(call, policy_uuid, checker_uuids):
    """checkerUUIDs rewrites the monitors: those listed use the policy, the others do not."""
    for checker_uuid, checker in monitoring(call.workspace).checkers.items():
        uses = policy_uuid in checker["alertPolicyUUIDs"]
        if checker_uuid in checker_uuids and not uses:
            checker["alertPolicyUUIDs"].append(policy_uuid)
        elif checker_uuid not in checker_uuids and uses:
            checker["alertPolicyUUIDs"].remove(policy_uuid)


def _fields(body):
    return dict((k, copy.deepcopy(body[k])) for k in ("name", "ruleTimezone", "alertOpt") + UNSHOWN if k in body)


# --- the changes --------------------------------------------------------------------------------------------

def add_policy(call):
    body = call.body_object()
    _check_body(call, body, creating=True)
    state = monitoring(call.workspace)
    now = call.store.clock.seconds()
    policy = {"createAt": now, "creator": call.key_id, "deleteAt": -1, "id": max([p["id"] for p in state.policies.values()] + [0]) + 1,
              "score": 0, "status": 0, "updateAt": now, "updator": call.key_id, "workspaceUUID": call.workspace.uuid,
              "uuid": "altpl_" + uuid.uuid4().hex}
    policy.update(_fields(body))
    state.policies[policy["uuid"]] = policy
    if "checkerUUIDs" in body:
        _link(call, policy["uuid"], body["checkerUUIDs"])
    return Answer(dict(render(call, policy), declaration={}))


def modify_policy(call):
    policy = _policy(call)
    body = call.body_object()
    _check_body(call, body, creating=False)
    policy.update(_fields(body))
    policy.update(updateAt=call.store.clock.seconds(), updator=call.key_id)
    if "checkerUUIDs" in body:
        _link(call, policy["uuid"], body["checkerUUIDs"])
    elif call.store.config["policy_links_without_checkers"] == "cleared":
        _link(call, policy["uuid"], [])
    return Answer(dict(render(call, policy), declaration={}))


def delete_policies(call):
    uuids = call.body_object().get("alertPolicyUUIDs")
    if not isinstance(uuids, list) or not uuids or not all(isinstance(u, str) for u in uuids):
        raise param_error("alertPolicyUUIDs is required: a non-empty array")
    unknown = [u for u in uuids if u not in policies(call.workspace)]
    if unknown:
        raise not_found("no alert policy %s in this workspace" % ", ".join(unknown))
    for policy_uuid in uuids:
        _link(call, policy_uuid, [])
        del policies(call.workspace)[policy_uuid]
    return Answer(True)


FAMILY = Family(
    "alert_policies",
    routes=[
        ("GET", "/api/v1/alert_policy/list", list_policies),
        ("GET", "/api/v1/alert_policy/{uuid}/get", get_policy),
        ("POST", "/api/v1/alert_policy/add_v2", add_policy),
        ("POST", "/api/v1/alert_policy/{uuid}/modify_v2", modify_policy),
        ("POST", "/api/v1/alert_policy/delete", delete_policies),
    ],
    config={"policy_answer_form": "example", "policy_links_without_checkers": "kept", "policy_alert_opt_defaults": "as_sent"},
    choices={"policy_answer_form": ("example", "provider"), "policy_links_without_checkers": ("kept", "cleared"),
             "policy_alert_opt_defaults": ("as_sent", "filled")},
)
