"""Notification targets (open-api/notify-object/*.md) and the monitor group routes that change groups
(open-api/monitor/create.md, get.md, modify.md, delete.md; the groups live in checkers.Monitoring).

No notify-object page shows an answer example, so the target follows Guance's Terraform provider
(internal/api/notify_object.go): uuid (notify_...), type, name, optSet, openPermissionSet,
permissionSet, createAt, updateAt, workspaceUUID. Where the pages say nothing or disagree, switches:
- `notify_list_form`: list content as `{"data": [...]}` (what the provider reads) or a bare array;
- `notify_delete_form`: delete takes `notifyObjectUUIDs` (delete.md) or `notifyObjectUUID` (the provider);
- `notify_secrets`: whether answers show the secrets of optSet (webhook, secret, url) as sent, leave
  them out, or mask them.
"""

import uuid

from .api import Answer, Family, State, not_found, page_params, paged, param_error
from .checkers import monitoring

# type -> the optSet keys it requires (create.md; the provider's README for vms and the three chat webhooks).
TYPES = {
    "dingTalkRobot": ("webhook", "secret"), "feishuRobot": ("webhook", "secret"), "wechatRobot": ("webhook",),
    "slackIncomingWebhook": ("webhook",), "teamsWorkflowWebhook": ("webhook",), "googleChatWebhook": ("webhook",),
    "HTTPRequest": ("url",), "simpleHTTPRequest": ("url",), "mailGroup": ("to",), "sms": ("to",), "vms": ("to",),
}
SECRETS = ("webhook", "secret", "url")
MAX_NAME = 128
SHOWN = ("uuid", "type", "name", "optSet", "openPermissionSet", "permissionSet", "createAt", "updateAt", "workspaceUUID")


def targets(workspace):
    """The workspace's targets, uuid -> stored fields."""
    return workspace.state["notify_objects"]


def render(config, target):
    shown = dict((key, target[key]) for key in SHOWN)
    opt = dict(target["optSet"])
    for key in SECRETS:
        if key in opt and config["notify_secrets"] == "hidden":
            del opt[key]
        elif key in opt and config["notify_secrets"] == "masked":
            opt[key] = "******"
    shown["optSet"] = opt
    return shown


def _check_fields(body, kind):
    name = body.get("name")
    if "name" in body and (not isinstance(name, str) or not name or len(name) > MAX_NAME):
        raise param_error("name must be a string of 1 to %d characters" % MAX_NAME)
    opt = body.get("optSet")
    if "optSet" in body:
        if not isinstance(opt, dict):
            raise param_error("optSet must be an object")
        missing = [key for key in TYPES[kind] if opt.get(key) in (None, "", [])]
        if missing:
            raise param_error("optSet of a %s needs %s" % (kind, ", ".join(missing)))
    permissions = body.get("permissionSet", [])
    if not isinstance(permissions, list) or not all(isinstance(p, str) for p in permissions):
        raise param_error("permissionSet must be an array of strings")
    if not isinstance(body.get("openPermissionSet", False), bool):
        raise param_error("openPermissionSet must be a boolean")


def create_target(call):
    body = call.body_object()
    kind = body.get("type")
    if kind not in TYPES:
        raise param_error("type must be one of %s" % ", ".join(TYPES))
    for key in ("name", "optSet"):
        if key not in body:
            raise param_error("%s is required" % key)
    _check_fields(body, kind)
    now = call.store.clock.seconds()
    target = {"uuid": "notify_" + uuid.uuid4().hex, "type": kind, "name": body["name"], "optSet": dict(body["optSet"]),
              "openPermissionSet": body.get("openPermissionSet", False), "permissionSet": list(body.get("permissionSet", [])),
              "createAt": now, "updateAt": now, "workspaceUUID": call.workspace.uuid, "seq": call.store.next_seq()}
    targets(call.workspace)[target["uuid"]] = target
    return Answer(render(call.store.config, target))


def _target(call, target_uuid):
    if not isinstance(target_uuid, str) or not target_uuid:
        raise param_error("notifyObjectUUID is required")
    target = targets(call.workspace).get(target_uuid)
    if target is None:
        raise not_found("no notification target %s in this workspace" % target_uuid)
    return target


def modify_target(call):
    body = call.body_object()
    target = _target(call, body.get("notifyObjectUUID"))
    _check_fields(body, target["type"])
    # The page lists no type: a target keeps its type, whatever the body says.
    target.update((key, body[key]) for key in ("name", "optSet", "openPermissionSet", "permissionSet") if key in body)
    target["updateAt"] = call.store.clock.seconds()
    target["seq"] = call.store.next_seq()
    return Answer(render(call.store.config, target))


def get_target(call):
    return Answer(render(call.store.config, _target(call, call.query_value("notifyObjectUUID"))))


def list_targets(call):
    page_index, page_size = page_params(call)
    search = (call.query_value("search") or "").lower()
    found = [t for t in targets(call.workspace).values() if search in t["name"].lower()]
    found.sort(key=lambda t: t["seq"], reverse=True)
    answer = paged(found, page_index, page_size)
    answer.content = [render(call.store.config, t) for t in answer.content]
    if call.store.config["notify_list_form"] == "data":
        answer.content = {"data": answer.content}
    return answer


def delete_target(call):
    body = call.body_object()
    if call.store.config["notify_delete_form"] == "single":
        uuids = [body.get("notifyObjectUUID")]
    else:
        uuids = body.get("notifyObjectUUIDs")
        if not isinstance(uuids, list) or not uuids:
            raise param_error("notifyObjectUUIDs is required: a non-empty array")
    for target_uuid in uuids:
        _target(call, target_uuid)
    for target_uuid in uuids:
        del targets(call.workspace)[target_uuid]
    return Answer(True)


def batch_delete_targets(call):
    uuids = call.body_object().get("notifyObjectUUIDs")
    if not isinstance(uuids, list) or not uuids:
        raise param_error("notifyObjectUUIDs is required: a non-empty array")
    for target_uuid in uuids:
        targets(call.workspace).pop(target_uuid, None)
    return Answer(True)


# --- monitor groups (the list is checkers.py's) ---------------------------------------------------------

def _group(call):
    group = monitoring(call.workspace).groups.get(call.params["uuid"])
    if group is None:
        raise not_found("no monitor group %s in this workspace" % call.params["uuid"])
    return group


def _group_name(body):
    name = body.get("name")
    if not isinstance(name, str) or not name.strip() or len(name) > MAX_NAME:
        raise param_error("name is required: a string of 1 to %d characters" % MAX_NAME)
    return name


def create_group(call):
    name = _group_name(call.body_object())
    state = monitoring(call.workspace)
    now = call.store.clock.seconds()
    group = {"alertOpt": {}, "config": {}, "createAt": now, "creator": call.key_id, "deleteAt": -1, "id": len(state.groups) + 1,
             "name": name, "status": 0, "type": "custom", "updateAt": now, "updator": call.key_id,
             "uuid": "monitor_" + uuid.uuid4().hex, "workspaceUUID": call.workspace.uuid}
    state.groups[group["uuid"]] = group
    return Answer(dict(group))


def get_group(call):
    return Answer(dict(_group(call)))


def modify_group(call):
    group = _group(call)
    body = call.body_object()
    group["name"] = _group_name(body) if "name" in body else group["name"]
    if isinstance(body.get("alertOpt"), dict):
        group["alertOpt"] = body["alertOpt"]
    group.update(updateAt=call.store.clock.seconds(), updator=call.key_id)
    return Answer(dict(group))


def delete_group(call):
    group = _group(call)
    state = monitoring(call.workspace)
    if group["type"] == "default":
        raise param_error("the default monitor group cannot be deleted")
    # delete.md: the group's monitors move to the default group.
    for checker in state.checkers.values():
        if checker["monitorUUID"] == group["uuid"]:
            checker["monitorUUID"] = state.default_group()["uuid"]
    del state.groups[group["uuid"]]
    return Answer({group["uuid"]: group["name"]})


_ROUTES = [
    ("GET", "/api/v1/notify_object/list", list_targets),
    ("GET", "/api/v1/notify_object/get", get_target),
    ("POST", "/api/v1/notify_object/create", create_target),
    ("POST", "/api/v1/notify_object/modify", modify_target),
    ("POST", "/api/v1/notify_object/delete", delete_target),
    ("POST", "/api/v1/notify_object/batch_delete", batch_delete_targets),
    ("POST", "/api/v1/monitor/group/create", create_group),
    ("GET", "/api/v1/monitor/group/{uuid}/get", get_group),
    ("POST", "/api/v1/monitor/group/{uuid}/modify", modify_group),
    ("POST", "/api/v1/monitor/group/{uuid}/delete", delete_group),
]


def control_notify_objects(emulator, query, body):
    """GET /__emulator/notify_objects?workspace=UUID: every target as stored, secrets included, oldest first."""
    with emulator.store.lock:
        workspace = emulator.store.workspaces.get((query.get("workspace") or [""])[-1])
        if workspace is None:
            raise ValueError("name the workspace: /__emulator/notify_objects?workspace=UUID")
        return {"notify_objects": [dict((k, v) for k, v in t.items() if k != "seq") for t in targets(workspace).values()]}


FAMILY = Family(
    "notify_objects",
    routes=_ROUTES,
    control_routes={("GET", "/__emulator/notify_objects"): control_notify_objects},
    config={"notify_list_form": "data", "notify_delete_form": "list", "notify_secrets": "shown"},
    choices={"notify_list_form": ("data", "bare"), "notify_delete_form": ("list", "single"),
             "notify_secrets": ("shown", "hidden", "masked")},
    # uuid -> stored fields: plain JSON, as the state file keeps it.
    state={"notify_objects": State(new=lambda workspace: {})},
)
