"""Blacklists: the routes of open-api/blacklist/*.md (list, get, add, modify, delete, export, import).

What the pages show, played with values from the emulator's own state:
- add / modify / get: the blacklist with `conditions` (the DQL text the server derives), filters whose values are
  under `value` as every example shows (`blacklist_values_key: values` answers the table's `values` instead), and
  `name` and `desc` (pages from the 2024-11-27 iteration; `blacklist_names: none` plays the older server, which
  neither keeps nor shows them).
- list (list.md): a bare array with pageInfo; `type` required (a data type, or all); `search` on the name.
- delete (a GET with blacklistUUIDs, comma-separated): true. export answers {blacklists: [...]}, import creates them.
"""

import uuid

from .api import Answer, Family, State, not_found, page_params, paged, param_error

CONFIG = {"blacklist_values_key": "value", "blacklist_names": "shown"}
CONFIG_CHOICES = {"blacklist_values_key": ("value", "values"), "blacklist_names": ("shown", "none")}

TYPES = ("object", "custom_object", "logging", "keyevent", "tracing", "rum", "network", "security", "profiling", "metric")
OPERATIONS = ("in", "not_in", "match", "not_match")
SOURCE_KEYS = {"object": "class", "custom_object": "class", "logging": "source", "keyevent": "source", "tracing": "service",
               "rum": "app_id", "network": "source", "security": "category", "profiling": "service", "metric": "measurement"}


def blacklists(workspace):
    return workspace.state["blacklists"]


def render(config, stored):
    shown = dict((k, v) for k, v in stored.items() if k != "seq")
    key = config["blacklist_values_key"]
    shown["filters"] = [dict((k, v) for k, v in f.items() if k != "value") if key == "values" else
                        dict((k, v) for k, v in f.items() if k != "values") for f in stored["filters"]]
    if config["blacklist_names"] == "none":
        shown.pop("name", None)
        shown.pop("desc", None)
    return shown


def _conditions(fields):
    sources = fields.get("sources") or [fields["source"]]
    parts = ["%s in [ %s ]" % (f["name"], " ,  ".join("'%s'" % v for v in f["value"])) for f in fields["filters"]]
    quoted = " ,  ".join("'%s'" % s for s in sources)
    return "{ %s in [ %s ]  and ( %s )}" % (SOURCE_KEYS[fields["type"]], quoted, "  and  ".join(parts))


# --- the routes -----------------------------------------------------------------------------------------

def list_blacklists(call):
    kind = call.query_value("type")
    if kind not in TYPES + ("all",):
        raise param_error("type is required: a data type, or all")
    page_index, page_size = page_params(call)
    search = (call.query_value("search") or "").lower()
    config = call.store.config
    found = [b for b in blacklists(call.workspace).values() if kind in ("all", b["type"])
             and (not search or (config["blacklist_names"] == "shown" and search in (b.get("name") or "").lower()))]
    found.sort(key=lambda b: (b["updateAt"], b["seq"]), reverse=True)
    answer = paged(found, page_index, page_size)
    answer.content = [render(config, b) for b in answer.content]
    return answer


def get_blacklist(call):
    return Answer(render(call.store.config, _find(call.workspace, call.params["uuid"])))


def _add(call, body):
    fields = _valid(call.store.config, body)
    now = call.store.clock.seconds()
    stored = dict(fields, uuid="blist_" + uuid.uuid4().hex, id=len(blacklists(call.workspace)) + 1, createAt=now, updateAt=now,
                  creator=call.key_id, updator=call.key_id, deleteAt=-1, status=0, workspaceUUID=call.workspace.uuid,
                  seq=call.store.next_seq())
    blacklists(call.workspace)[stored["uuid"]] = stored
    return stored


def add_blacklist(call):
    return Answer(render(call.store.config, _add(call, call.body_object())))


def modify_blacklist(call):
    stored = _find(call.workspace, call.params["uuid"])
    fields = _valid(call.store.config, call.body_object())
    for key in ("source", "sources", "name", "desc"):
        stored.pop(key, None)
    stored.update(fields, updateAt=max(call.store.clock.seconds(), stored["updateAt"]), updator=call.key_id,
                  seq=call.store.next_seq())
    return Answer(render(call.store.config, stored))


def delete_blacklists(call):
    uuids = [u for u in (call.query_value("blacklistUUIDs") or "").split(",") if u]
    if not uuids:
        raise param_error("blacklistUUIDs is required")
    for one in uuids:
        _find(call.workspace, one)
    for one in uuids:
        del blacklists(call.workspace)[one]
    return Answer(True)


def export_blacklists(call):
    uuids = call.body_object().get("blacklistUUIDs")
    if not isinstance(uuids, list) or not uuids:
        raise param_error("blacklistUUIDs must be a non-empty array")
    held = blacklists(call.workspace)
    keys = ("filters", "source", "sources", "type", "name", "desc")
    return Answer({"blacklists": [dict((k, v) for k, v in render(call.store.config, held[one]).items() if k in keys)
                                  for one in uuids if one in held]})


def import_blacklists(call):
    body = call.body_object()
    if body.get("blacklistType") not in ("logging", "all") or not isinstance(body.get("blacklists"), list):
        raise param_error("blacklists (an array) and blacklistType (logging or all) are required")
    added = [_add(call, entry) for entry in body["blacklists"]]
    return Answer({"blacklists": [render(call.store.config, b) for b in added]})


_ROUTES = [
    ("GET", "/api/v1/blacklist/list", list_blacklists),
    ("GET", "/api/v1/blacklist/{uuid}/get", get_blacklist),
    ("POST", "/api/v1/blacklist/add", add_blacklist),
    ("POST", "/api/v1/blacklist/{uuid}/modify", modify_blacklist),
    ("GET", "/api/v1/blacklist/delete", delete_blacklists),
    ("POST", "/api/v1/blacklist/export", export_blacklists),
    ("POST", "/api/v1/blacklist/import", import_blacklists),
]


# --- validation -----------------------------------------------------------------------------------------

def _find(workspace, one):
    stored = blacklists(workspace).get(one)
    if stored is None:
        raise not_found("no blacklist %s in this workspace" % one)
    return stored


def _filters(items):
    if not isinstance(items, list):
        raise param_error("filters must be an array")
    found = []
    for item in items:
        values = item.get("value", item.get("values")) if isinstance(item, dict) else None
        if not isinstance(values, list) or item.get("operation") not in OPERATIONS or not item.get("name"):
            raise param_error("each filter takes name, operation (in, not_in, match, not_match) and value (an array)")
        found.append({"name": item["name"], "operation": item["operation"], "condition": item.get("condition") or "and",
                      "value": list(values), "values": list(values)})
    return found


def _valid(config, body):
    if body.get("type") not in TYPES:
        raise param_error("type must be one of %s" % ", ".join(TYPES))
    fields = {"type": body["type"], "filters": _filters(body.get("filters") or [])}
    if body.get("sources"):
        fields["sources"] = list(body["sources"])
    elif isinstance(body.get("source"), str) and 0 < len(body["source"]) <= 128:
        fields["source"] = body["source"]
    else:
        raise param_error("source (1 to 128 characters) or sources is required")
    if config["blacklist_names"] == "shown" and "name" in body:
        if not isinstance(body["name"], str) or not body["name"] or len(body["name"]) > 50:
            raise param_error("name must be 1 to 50 characters")
        fields.update(name=body["name"], desc=body.get("desc") or "")
    fields["conditions"] = _conditions(dict(fields, filters=fields["filters"]))
    return fields


def control_blacklists(emulator, query, body):
    """GET /__emulator/blacklists?workspace=UUID: every blacklist as get answers it, oldest first."""
    with emulator.store.lock:
        workspace = emulator.store.workspaces.get((query.get("workspace") or [""])[-1])
        if workspace is None:
            raise ValueError("name the workspace: /__emulator/blacklists?workspace=UUID")
        return {"blacklists": [render(emulator.store.config, b) for b in blacklists(workspace).values()]}


FAMILY = Family(
    "blacklists",
    routes=_ROUTES,
    control_routes={("GET", "/__emulator/blacklists"): control_blacklists},
    config=CONFIG,
    choices=CONFIG_CHOICES,
    state={"blacklists": State(new=lambda workspace: {})},
)
