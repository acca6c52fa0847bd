"""Pipelines: the routes of open-api/pipeline/*.md (list, get, add, modify, delete, batch_set_disable, export, import).

What the pages show, played with values from the emulator's own state:
- add / modify / get (add.md, modify.md, get.md): the Pipeline with content and testData in base64 as sent,
  plus the line break the examples' answers add to the encoded text (`pipeline_base64_newline: false` leaves it
  out). add answers without source, as its example does; modify's example answers `source: []`, which
  `pipeline_modify_source: empty` plays (by default it answers the source it holds).
- list (list.md): {data: [...]} with asDefault, category, creator, name, status, updateAt, uuid; no script, no
  paging; search matches names, categories is a comma-separated list.
- export (export-pipeline.md): {pipelines: [...]} with no uuid; import (import-pipeline.md) creates them.
- delete (delete.md, a GET with pipelineUUIDs, comma-separated): true; batch_set_disable: true. The status of a
  disabled Pipeline is 2 (list.md's example shows 0 and 2).
"""

import base64
import binascii
import re
import uuid

from .api import Answer, Family, State, not_found, param_error

CONFIG = {"pipeline_base64_newline": True, "pipeline_modify_source": "held"}
CONFIG_CHOICES = {"pipeline_base64_newline": (True, False), "pipeline_modify_source": ("held", "empty")}

NAME_RE = re.compile("[a-zA-Z0-9_\u4e00-\u9fa5-]+")
MAX_NAME = 256
CATEGORIES = ("logging", "object", "custom_object", "network", "tracing", "rum", "security", "keyevent", "metric",
              "profiling", "dialtesting", "billing")
TYPES = ("local", "central")
STATUS_DISABLED = 2
LISTED = ("asDefault", "category", "creator", "name", "status", "updateAt", "uuid")
EXPORTED = ("asDefault", "category", "content", "extend", "isDisable", "name", "source", "testData")


def pipelines(workspace):
    """The workspace's Pipelines, uuid -> stored fields, in creation order."""
    return workspace.state["pipelines"]


def _encoded(config, text):
    return text + "\n" if config["pipeline_base64_newline"] else text


def render(config, stored):
    shown = dict((k, v) for k, v in stored.items() if k != "seq")
    shown.update(content=_encoded(config, stored["content"]), testData=_encoded(config, stored["testData"]))
    shown.pop("type", None)
    return shown


def exported(config, stored):
    shown = render(config, stored)
    return dict((k, stored["status"] != 0 if k == "isDisable" else shown.get(k)) for k in EXPORTED)


# --- the routes -----------------------------------------------------------------------------------------

def list_pipelines(call):
    search = (call.query_value("search") or "").lower()
    categories = [c for c in (call.query_value("categories") or "").split(",") if c]
    found = [p for p in pipelines(call.workspace).values()
             if search in p["name"].lower() and (not categories or p["category"] in categories)]
    found.sort(key=lambda p: (p["updateAt"], p["seq"]), reverse=True)
    return Answer({"data": [dict((k, p[k]) for k in LISTED) for p in found]})


def get_pipeline(call):
    return Answer(render(call.store.config, _find(call.workspace, call.params["uuid"])))


def add_pipeline(call):
    stored = _add(call, call.body_object())
    shown = render(call.store.config, stored)
    del shown["source"]
    return Answer(shown)


def _add(call, body):
    fields = _valid(call.workspace, body)
    now = call.store.clock.seconds()
    stored = dict(fields, uuid="pl_" + uuid.uuid4().hex, id=len(pipelines(call.workspace)) + 1, createAt=now, updateAt=now,
                  creator=call.key_id, updator=call.key_id, deleteAt=-1, status=0, isSysTemplate=0, extend=body.get("extend") or {},
                  workspaceUUID=call.workspace.uuid, seq=call.store.next_seq())
    pipelines(call.workspace)[stored["uuid"]] = stored
    return stored


def modify_pipeline(call):
    stored = _find(call.workspace, call.params["uuid"])
    fields = _valid(call.workspace, call.body_object(), stored["uuid"])
    stored.update(fields, updateAt=max(call.store.clock.seconds(), stored["updateAt"]), updator=call.key_id,
                  seq=call.store.next_seq())
    shown = render(call.store.config, stored)
    if call.store.config["pipeline_modify_source"] == "empty":
        shown["source"] = []
    return Answer(shown)


def delete_pipelines(call):
    uuids = [u for u in (call.query_value("pipelineUUIDs") or "").split(",") if u]
    if not uuids:
        raise param_error("pipelineUUIDs is required")
    for one in uuids:
        _find(call.workspace, one)
    for one in uuids:
        del pipelines(call.workspace)[one]
    return Answer(True)


def set_disable(call):
    body = call.body_object()
    if not isinstance(body.get("isDisable"), bool) or not isinstance(body.get("plUUIDs"), list) or not body["plUUIDs"]:
        raise param_error("isDisable (a boolean) and plUUIDs (a non-empty array) are required")
    found = [_find(call.workspace, one) for one in body["plUUIDs"]]
    for stored in found:
        stored["status"] = STATUS_DISABLED if body["isDisable"] else 0
    return Answer(True)


def export_pipelines(call):
    uuids = call.body_object().get("pipelineUUIDs")
    if not isinstance(uuids, list) or not uuids:
        raise param_error("pipelineUUIDs must be a non-empty array")
    held = pipelines(call.workspace)
    return Answer({"pipelines": [exported(call.store.config, held[one]) for one in uuids if one in held]})


def import_pipelines(call):
    body = call.body_object()
    if body.get("pipelineType") not in ("logging", "all") or not isinstance(body.get("pipelines"), list):
        raise param_error("pipelines (an array) and pipelineType (logging or all) are required")
    done = 0
    for entry in body["pipelines"]:
        stored = _add(call, dict(entry, isForce=body.get("isForce", False)))
        if entry.get("isDisable"):
            stored["status"] = STATUS_DISABLED
        done += 1
    return Answer({"fail_count": 0, "success_count": done})


_ROUTES = [
    ("GET", "/api/v1/pipeline/list", list_pipelines),
    ("GET", "/api/v1/pipeline/{uuid}/get", get_pipeline),
    ("POST", "/api/v1/pipeline/add", add_pipeline),
    ("POST", "/api/v1/pipeline/{uuid}/modify", modify_pipeline),
    ("GET", "/api/v1/pipeline/delete", delete_pipelines),
    ("POST", "/api/v1/pipeline/batch_set_disable", set_disable),
    ("POST", "/api/v1/pipeline/export", export_pipelines),
    ("POST", "/api/v1/pipeline/import", import_pipelines),
]


# --- validation -----------------------------------------------------------------------------------------

def _find(workspace, one):
    stored = pipelines(workspace).get(one)
    if stored is None:
        raise not_found("no Pipeline %s in this workspace" % one)
    return stored


def _base64(body, key, required):
    value = body.get(key)
    if value is None or value == "":
        if required:
            raise param_error("%s is required (base64)" % key)
        return ""
    try:
        base64.b64decode("".join(str(value).split()), validate=True)
    except (binascii.Error, ValueError):
        raise param_error("%s must be base64" % key)
    return "".join(str(value).split())


def _valid(workspace, body, own=None):
    name = body.get("name")
    if not isinstance(name, str) or not NAME_RE.fullmatch(name) or len(name) > MAX_NAME:
        raise param_error("name must match [a-zA-Z0-9_\\u4e00-\\u9fa5-]+ and be at most 256 characters, got %r" % (name,))
    if body.get("category") not in CATEGORIES:
        raise param_error("category must be one of %s" % ", ".join(CATEGORIES))
    if body.get("type", "local") not in TYPES:
        raise param_error("type must be local or central")
    content, test_data = _base64(body, "content", True), _base64(body, "testData", False)
    others = [p for p in pipelines(workspace).values() if p["uuid"] != own and p["category"] == body["category"]]
    if any(p["name"] == name for p in others):
        raise param_error("a %s Pipeline named %s exists already" % (body["category"], name))
    as_default = 1 if body.get("asDefault") else 0
    if as_default:
        for other in (p for p in others if p["asDefault"]):
            if not body.get("isForce"):
                raise param_error("the %s category has a default Pipeline already (%s): send isForce" % (body["category"], other["name"]))
            other["asDefault"] = 0
    source = body.get("source") or []
    if not isinstance(source, list):
        raise param_error("source must be an array")
    return {"name": name, "category": body["category"], "type": body.get("type", "local"), "source": list(source),
            "content": content, "testData": test_data, "asDefault": as_default}


def control_pipelines(emulator, query, body):
    """GET /__emulator/pipelines?workspace=UUID: every Pipeline as get answers it, oldest first."""
    with emulator.store.lock:
        workspace = emulator.store.workspaces.get((query.get("workspace") or [""])[-1])
        if workspace is None:
            raise ValueError("name the workspace: /__emulator/pipelines?workspace=UUID")
        return {"pipelines": [render(emulator.store.config, p) for p in pipelines(workspace).values()]}


FAMILY = Family(
    "pipelines",
    routes=_ROUTES,
    control_routes={("GET", "/__emulator/pipelines"): control_pipelines},
    config=CONFIG,
    choices=CONFIG_CHOICES,
    # uuid -> stored fields, in creation order: plain JSON, as the state file keeps it.
    state={"pipelines": State(new=lambda workspace: {})},
)
