"""Custom dashboards: the seven operations, their validation, and the bookkeeping the server adds to templates.

By default every answer has the shape of the answer example on its page of Guance's public
OpenAPI docs (open-api/board/*.md), with values from the emulator's own state; the switches of
CONFIG play the variants the pages leave open (docs/api-notes.md, "Dashboards").
"""

import copy
import json
import re
import threading
import uuid
from dataclasses import dataclass

from .api import Answer, Family, State, key_id, list_content, not_found, page_params, paged, param_error

SPECIFIED_UUID = re.compile(r"dsbd_custom_[a-z0-9]{32}")
STRING_LIMITS = (("name", 128), ("desc", 2048), ("identifier", 128))
NAME_LISTS = ("tagNames", "permissionSet", "readPermissionSet")
IS_PUBLIC = (1, 0, -1)
# The grid a chart without pos is laid out on (create.md's answer example): w 8, h 9, three a row.
GRID_W, GRID_H, GRID_COLUMNS = 8, 9, 3
# Fields the public answer examples never show; sparse_answers leaves them out.
SPARSE_FIELDS = ("isPublic", "desc", "identifier", "permissionSet", "readPermissionSet")
# Keys of the dashboard object that only the list example (and the modify example) shows.
LIST_ONLY = ("isFavorite",)
WITH_UPDATOR_INFO = ("list", "modify")

# The dashboard switches (FAMILY below).
CONFIG = {
    # delete.md's example answers {uuid: name}; true is the other reading.
    "delete_answer": "map",
    # true: create (or a rename) with a name already taken in the workspace is refused.
    "unique_names": False,
    # "documented": each operation's tag form as its page shows it; the others: that form everywhere.
    "tag_form": "documented",
    # true: answers leave out isPublic, desc, identifier and the permission sets; export its identifier.
    "sparse_answers": False,
    # true: export shows what older readings had (chart uuid, chartGroupUUID, pos.i = chart uuid, groups as
    # {name, extend}, main.chartGroupPos); false: export as export.md's example shows it.
    "export_bookkeeping": False,
    # "enforced": a specifyDashboardUUID in use anywhere is refused (400 ft.ParamError); "ignored": the field is
    # not known and the dashboard gets a random uuid, as a server older than the field would do.
    "specify_uuid": "enforced",
    # N > 0: creates wait until N of them are waiting (at most CREATE_BARRIER_TIMEOUT s), then all go on: a race.
    "create_barrier": 0,
    # false: get answers without desc, as get.md's example (list and the others keep it).
    "dashboard_get_desc": True,
}
CONFIG_CHOICES = {
    "delete_answer": (True, "map"),
    "unique_names": (False, True),
    "tag_form": ("documented", "tag_info", "tagInfo", "nested", "keyed"),
    "sparse_answers": (False, True),
    "export_bookkeeping": (False, True),
    "specify_uuid": ("enforced", "ignored"),
    "create_barrier": tuple(range(0, 11)),
    "dashboard_get_desc": (True, False),
}
CREATE_BARRIER_TIMEOUT = 30

# Template keys that mirror the dashboard's own fields: export fills them from the dashboard, so they are not kept.
MIRRORED_TEMPLATE_KEYS = ("title", "summary", "identifier", "dashboardExtend", "dashboardMapping", "tagInfo", "iconSet")


@dataclass
class Dashboard:
    """A stored dashboard: the object fields the API shows (tags aside), its tag names and its template."""

    fields: dict
    tag_names: list
    template: dict
    seq: int

    @property
    def uuid(self):
        return self.fields["uuid"]

    @property
    def name(self):
        return self.fields["name"]

    def to_state(self):
        return {"fields": self.fields, "tag_names": self.tag_names, "template": self.template, "seq": self.seq}

    @classmethod
    def from_state(cls, record):
        return cls(record["fields"], record["tag_names"], record["template"], record["seq"])


# --- the routes -----------------------------------------------------------------------------------------

def list_dashboards(call):
    page_index, page_size = page_params(call)
    search = (call.query_value("search") or "").lower()
    tag_filter = set(_tag_names_query(call))
    found = [dashboard for dashboard in call.workspace.state["dashboards"].values()
             if search in dashboard.name.lower() and (not tag_filter or tag_filter.intersection(dashboard.tag_names))]
    found.sort(key=lambda dashboard: (dashboard.fields["updateAt"], dashboard.seq), reverse=True)
    answer = paged(found, page_index, page_size)
    answer.content = [render(call.store, call.workspace, dashboard, "list") for dashboard in answer.content]
    return list_content(call, answer)


def create_dashboard(call):
    body = call.body_object()
    fields = _valid_fields(body)
    if "name" not in fields:
        raise param_error("name is required")
    specified = _specified_uuid(call.store, body.get("specifyDashboardUUID"))
    _check_unique_name(call, fields["name"])
    dashboard = _new_dashboard(call.store, call.workspace, call.key_id, body, fields, specified)
    return Answer(render(call.store, call.workspace, dashboard, "create"))


def _specified_uuid(store, specified):
    if store.config["specify_uuid"] == "ignored" or specified in (None, ""):
        return None
    if not isinstance(specified, str) or not SPECIFIED_UUID.fullmatch(specified):
        raise param_error("specifyDashboardUUID must match ^dsbd_custom_[a-z0-9]{32}$")
    if store.uuid_taken(specified):
        # create.md does not say what a taken uuid answers; this is the emulator's reading.
        raise param_error("specifyDashboardUUID %s is already in use" % specified)
    return specified


def get_dashboard(call):
    shown = render(call.store, call.workspace, _find(call), "get")
    if not call.store.config["dashboard_get_desc"]:
        # get.md's example shows no desc; list, create and modify do.
        shown.pop("desc", None)
    return Answer(shown)


def modify_dashboard(call):
    dashboard = _find(call)
    fields = _valid_fields(call.body_object())
    if "name" in fields and fields["name"] != dashboard.name:
        _check_unique_name(call, fields["name"])
    tag_names = fields.pop("tagNames", None)
    if tag_names is not None:
        dashboard.tag_names = _register_tags(call.workspace, tag_names)
    old_name = dashboard.name
    dashboard.fields.update(fields)
    _touch(call.store, dashboard, call.key_id)
    # modify.md's example also answers the name before the change and the dashboard's bindings.
    return Answer(dict(render(call.store, call.workspace, dashboard, "modify"), old_name=old_name, dashboardBidding={}))


def delete_dashboard(call):
    dashboard = _find(call)
    if call.body is not None and not isinstance(call.body, dict):
        raise param_error("delete takes no body")
    del call.workspace.state["dashboards"][dashboard.uuid]
    if call.store.config["delete_answer"] == "map":
        return Answer({dashboard.uuid: dashboard.name})
    return Answer(True)


def export_dashboard(call):
    return Answer(export_template(call.store, call.workspace, _find(call)))


def import_dashboard(call):
    dashboard = _find(call)
    template_info = call.body_object().get("templateInfo")
    if not isinstance(template_info, dict):
        raise param_error("templateInfo is required and must be an object")
    # Import rebuilds the charts, groups and variables; the dashboard's own fields (name, tags...) stay.
    dashboard.template = _build_template(template_info)
    _touch(call.store, dashboard, call.key_id)
    return Answer(render(call.store, call.workspace, dashboard, "import"))


def current_workspace(call):
    """GET /api/v1/workspace/get (open-api/workspace/current.md): the key's workspace, in the example's shape."""
    workspace = call.workspace
    token = uuid.uuid5(uuid.NAMESPACE_OID, workspace.uuid).hex
    return Answer({
        "uuid": workspace.uuid, "name": "Emulator workspace %s" % workspace.uuid, "desc": "", "id": 1,
        "billingState": "normal", "versionType": "pay", "status": 0, "createAt": 1612697128, "updateAt": 1612697128,
        "deleteAt": -1, "creator": "acnt_emulator", "updator": "acnt_emulator", "dashboardUUID": None, "extend": {},
        "exterId": "", "memberCount": 1, "isOpenWarehouse": 0, "enablePublicDataway": 1, "rpName": "rp0",
        "durationSet": {"logging": "14d", "rp": "30d", "keyevent": "14d", "tracing": "7d", "rum": "7d"},
        "dbUUID": "ifdb_" + token[:20], "esInstanceUUID": "es_" + token, "token": "tkn_" + token, "cliToken": "wkcli_" + token,
    })


# --- the race switch ------------------------------------------------------------------------------------

_barriers = {}
_barriers_lock = threading.Lock()


def hold_create(store, handler):
    """With create_barrier N, a dashboard create waits here, outside the store's lock, until N are waiting."""
    if handler is not create_dashboard:
        return
    with store.lock:
        parties = store.config["create_barrier"]
    if not parties:
        return
    with _barriers_lock:
        barrier = _barriers.get(id(store))
        if barrier is None or barrier.parties != parties or barrier.broken:
            barrier = _barriers[id(store)] = threading.Barrier(parties)
    try:
        barrier.wait(CREATE_BARRIER_TIMEOUT)
    except threading.BrokenBarrierError:
        pass


# --- what the server shows ------------------------------------------------------------------------------

def render(store, workspace, dashboard, operation="get"):
    """The dashboard object of an answer: no charts, tags in the form of the operation's page (or of the switch).

    list, get, create, modify and import answer with slightly different keys on their pages; "control" is the
    control API's view, which always shows tags as tag_info: [{id, name}].
    """
    shown = copy.deepcopy(dashboard.fields)
    if store.config["sparse_answers"] and operation != "control":
        for key in SPARSE_FIELDS:
            shown.pop(key, None)
    if operation not in ("list", "control"):
        for key in LIST_ONLY:
            shown.pop(key, None)
    if operation not in WITH_UPDATOR_INFO + ("control",):
        shown.pop("updatorInfo", None)
    main = dashboard.template["main"]
    shown["chartPos"] = [{"chartUUID": chart["uuid"], "pos": copy.deepcopy(chart["pos"])} for chart in main["charts"]]
    shown["chartGroupPos"] = list(dashboard.template.get("groupUUIDs", []))
    shown["dashboardBindSet"] = []
    shown.update(_tags_shown(store, workspace, dashboard, operation))
    return shown


def _tags_shown(store, workspace, dashboard, operation):
    tags = _tag_objects(workspace, dashboard)
    form = store.config["tag_form"]
    if operation == "control":
        form = "tag_info"
    elif form == "documented":
        form = {"list": "scene", "modify": "scene", "get": "keyed", "create": "tag_info", "import": "empty"}[operation]
    return {
        "tag_info": {"tag_info": tags},
        "scene": {"tag_info": {"sceneInfo": [], "tagInfo": tags}},
        "keyed": {"tag_info": {dashboard.uuid: tags}},
        "tagInfo": {"tagInfo": tags},
        "nested": {"tagInfo": {"tagInfo": tags}},
        # import.md's example answers tagInfo: [] whatever the dashboard's tags are.
        "empty": {"tagInfo": []},
    }[form]


def export_template(store, workspace, dashboard):
    """The template as export answers it: the stored one, with the dashboard's current fields mirrored in."""
    fields = dashboard.fields
    template = copy.deepcopy(dashboard.template)
    template.pop("groupUUIDs", None)
    template.update({
        "title": fields["name"], "summary": fields["desc"], "identifier": fields["identifier"],
        "dashboardExtend": copy.deepcopy(fields["extend"]), "dashboardMapping": copy.deepcopy(fields["mapping"]),
        "iconSet": copy.deepcopy(fields["iconSet"]), "tagInfo": _tag_objects(workspace, dashboard),
    })
    if store.config["sparse_answers"]:
        # export.md's example has no identifier (documented for templates only since 2024-12-25).
        del template["identifier"]
    for key, default in (("dashboardType", "CUSTOM"), ("dashboardOwnerType", "node"), ("dashboardBindSet", []),
                         ("thumbnail", ""), ("tags", [])):
        template.setdefault(key, default)
    if store.config["export_bookkeeping"]:
        _add_bookkeeping(template["main"])
    else:
        for chart in template["main"]["charts"]:
            chart.pop("uuid", None)
            chart.pop("chartGroupUUID", None)
    # The server does not keep the order of keys it was sent; neither does the emulator.
    return dict(sorted(template.items()))


def _add_bookkeeping(main):
    """What older readings had export show: the chart uuid in pos.i, groups as objects, their uuids."""
    main["groups"] = [_group_object(group) for group in main.get("groups", [])]
    for chart in main["charts"]:
        chart["pos"] = dict(chart["pos"], i=chart["uuid"])
    main["chartGroupPos"] = sorted(set(chart["chartGroupUUID"] for chart in main["charts"]) - {"default"}) + ["default"]


def load_dashboard(store, workspace, spec):
    """A dashboard of a seed or of /__emulator/load: a create body, optionally with uuid, createAt and updateAt."""
    if not isinstance(spec, dict):
        raise param_error("a dashboard must be an object")
    fields = _valid_fields(spec)
    if "name" not in fields:
        raise param_error("name is required")
    dashboard_uuid = spec.get("uuid")
    if dashboard_uuid is not None:
        if not isinstance(dashboard_uuid, str) or not dashboard_uuid.startswith("dsbd_"):
            raise param_error("uuid must be a string starting with dsbd_")
        if store.uuid_taken(dashboard_uuid) or dashboard_uuid in workspace.state["dashboards"]:
            raise param_error("uuid %s is already in use" % dashboard_uuid)
    creator = key_id(workspace.keys[0]) if workspace.keys else "wsak_emulator"
    dashboard = _new_dashboard(store, workspace, creator, spec, fields, dashboard_uuid)
    for stamp in ("createAt", "updateAt"):
        if stamp in spec:
            if not isinstance(spec[stamp], (int, float)) or isinstance(spec[stamp], bool):
                raise param_error("%s must be a number of seconds" % stamp)
            dashboard.fields[stamp] = spec[stamp]
    return dashboard


# --- helpers --------------------------------------------------------------------------------------------

def _find(call):
    dashboard = call.workspace.state["dashboards"].get(call.params["uuid"])
    if dashboard is None:
        # A foreign workspace's uuid lands here too: its dashboards are not in this workspace's map.
        raise not_found("dashboard %s not found" % call.params["uuid"])
    return dashboard


def _valid_fields(body):
    """The dashboard fields present in a create or modify body, type-checked."""
    fields = {}
    for name, limit in STRING_LIMITS:
        if name in body:
            if not isinstance(body[name], str) or len(body[name]) > limit:
                raise param_error("%s must be a string of at most %d characters" % (name, limit))
            fields[name] = body[name]
    if "name" in fields and not fields["name"].strip():
        raise param_error("name must not be empty")
    for name, kind, kind_name in (("extend", dict, "an object"), ("mapping", list, "an array")):
        if name in body:
            if not isinstance(body[name], kind):
                raise param_error("%s must be %s" % (name, kind_name))
            fields[name] = copy.deepcopy(body[name])
    for name in NAME_LISTS:
        if name in body:
            if not isinstance(body[name], list) or not all(isinstance(item, str) and item for item in body[name]):
                raise param_error("%s must be an array of non-empty strings" % name)
            fields[name] = list(dict.fromkeys(body[name]))
    if "isPublic" in body:
        if isinstance(body["isPublic"], bool) or body["isPublic"] not in IS_PUBLIC:
            raise param_error("isPublic must be 1 (public), 0 (private) or -1 (custom)")
        fields["isPublic"] = body["isPublic"]
    return fields


def _check_unique_name(call, name):
    if call.store.config["unique_names"] and any(dashboard.name == name for dashboard in call.workspace.state["dashboards"].values()):
        raise param_error("a dashboard named %r already exists in this workspace" % name)


def _new_dashboard(store, workspace, creator, body, fields, dashboard_uuid):
    """Store a new dashboard. Its fields come from the body, else from the template, else the defaults."""
    template_info = body.get("templateInfo")
    if template_info is not None and not isinstance(template_info, dict):
        raise param_error("templateInfo must be an object")
    template_info = template_info or {}
    template = _build_template(template_info)
    now = store.clock.seconds()
    dashboard_uuid = dashboard_uuid or "dsbd_" + uuid.uuid4().hex
    shown = {
        "uuid": dashboard_uuid,
        "id": store.next_dashboard_id(),
        "name": fields["name"],
        "desc": fields.get("desc", _template_value(template_info, "summary", str, "")),
        "identifier": fields.get("identifier", _template_value(template_info, "identifier", str, "")),
        "workspaceUUID": workspace.uuid,
        "createAt": now,
        "updateAt": now,
        "deleteAt": -1,
        "creator": creator,
        "updator": creator,
        "updatorInfo": _updator_info(creator),
        "extend": fields.get("extend", _template_value(template_info, "dashboardExtend", dict, {})),
        "mapping": fields.get("mapping", _template_value(template_info, "dashboardMapping", list, [])),
        "isPublic": fields.get("isPublic", 1),
        "permissionSet": fields.get("permissionSet", []),
        "readPermissionSet": fields.get("readPermissionSet", []),
        "createdWay": "import" if template_info else "manual",
        "iconSet": _template_value(template_info, "iconSet", dict, {}),
        "isFavorite": False,
        "ownerType": "node",
        "type": "CUSTOM",
        "status": 0,
    }
    tag_names = fields["tagNames"] if "tagNames" in fields else _template_tag_names(template_info)
    dashboard = Dashboard(shown, _register_tags(workspace, tag_names), template, store.next_seq())
    workspace.state["dashboards"][dashboard_uuid] = dashboard
    return dashboard


def _template_value(template_info, key, kind, default):
    value = template_info.get(key)
    return copy.deepcopy(value) if isinstance(value, kind) else default


def _template_tag_names(template_info):
    tag_info = template_info.get("tagInfo")
    if not isinstance(tag_info, list):
        return []
    return [tag["name"] for tag in tag_info if isinstance(tag, dict) and isinstance(tag.get("name"), str) and tag["name"]]


def _register_tags(workspace, names):
    for name in names:
        workspace.tag_id(name)
    return list(dict.fromkeys(names))


def _tag_objects(workspace, dashboard):
    return [{"id": workspace.tag_id(name), "name": name} for name in dashboard.tag_names]


def _updator_info(creator):
    # modify.md's example: an API key shows as its name and AK(<key id>).
    return {"iconUrl": "", "name": "OpenAPI", "username": "AK(%s)" % creator}


def _touch(store, dashboard, updator):
    dashboard.fields.update(updateAt=store.clock.seconds(), updator=updator, updatorInfo=_updator_info(updator))
    dashboard.seq = store.next_seq()


def _tag_names_query(call):
    """tagNames of the list query: JSON array text or comma-separated, possibly repeated."""
    names = []
    for text in call.query.get("tagNames", []):
        text = text.strip()
        if text.startswith("["):
            try:
                parsed = json.loads(text)
            except ValueError:
                raise param_error("tagNames is neither a JSON array nor comma-separated names: %r" % text)
            if not isinstance(parsed, list) or not all(isinstance(name, str) for name in parsed):
                raise param_error("tagNames must be an array of strings")
            names.extend(parsed)
        else:
            names.extend(part.strip() for part in text.split(",") if part.strip())
    return names


def _build_template(template_info):
    """The template as the server keeps it: chart and group uuids added; charts without pos laid out on the grid.

    The chart uuids (chrt_...) live beside the charts for chartPos; export leaves them out. pos.i stays what
    the template said; a chart without pos (absent or null) is placed by its index: pos.i is that index.
    """
    template = {key: copy.deepcopy(value) for key, value in template_info.items() if key not in MIRRORED_TEMPLATE_KEYS}
    main = template.get("main", {})
    if not isinstance(main, dict):
        raise param_error("templateInfo.main must be an object")
    for key in ("charts", "groups", "vars"):
        if not isinstance(main.get(key, []), list):
            raise param_error("templateInfo.main.%s must be an array" % key)
    main.setdefault("type", "template")
    main.setdefault("vars", [])
    main.setdefault("groups", [])
    main.pop("chartGroupPos", None)
    group_uuids = {_group_object(group)["name"]: "chtg_" + uuid.uuid4().hex for group in main["groups"]}
    # Only the listed groups have a place; a chart's group missing from the list gets a uuid but no place.
    listed = list(group_uuids.values())
    charts = main.setdefault("charts", [])
    for index, chart in enumerate(charts):
        _place_chart(index, chart, group_uuids)
    template["main"] = main
    template["groupUUIDs"] = listed
    return template


def _place_chart(index, chart, group_uuids):
    _check_chart(index, chart)
    group = chart.get("group")
    group = {"name": group} if group is None or isinstance(group, str) else group
    if not isinstance(group, dict):
        raise param_error("chart %d: group must be an object" % index)
    group_name = group.get("name")
    if group_name is not None and group_name not in group_uuids:
        group_uuids[group_name] = "chtg_" + uuid.uuid4().hex
    pos = chart.get("pos")
    if pos is None:
        pos = {"x": index % GRID_COLUMNS * GRID_W, "y": index // GRID_COLUMNS * GRID_H, "w": GRID_W, "h": GRID_H, "i": index}
    elif not isinstance(pos, dict):
        raise param_error("chart %d: pos must be an object or null" % index)
    chart.update(uuid="chrt_" + uuid.uuid4().hex, group=group, pos=copy.deepcopy(pos),
                 chartGroupUUID=group_uuids.get(group_name, "default"))
    chart.setdefault("extend", {})


def _group_object(group):
    if isinstance(group, str):
        return {"name": group, "extend": {}}
    if isinstance(group, dict) and isinstance(group.get("name"), str):
        return dict(group, extend=group.get("extend") or {})
    raise param_error("templateInfo.main.groups holds group names or {name, extend} objects")


def _check_chart(position, chart):
    if not isinstance(chart, dict):
        raise param_error("chart %d must be an object" % position)
    for key, kind, kind_name in (("name", str, "a string"), ("type", str, "a string"), ("queries", list, "an array")):
        if not isinstance(chart.get(key), kind):
            raise param_error("chart %d (%s): %s is required and must be %s" % (position, chart.get("name"), key, kind_name))


# --- control route --------------------------------------------------------------------------------------

def control_dashboards(emulator, query, body):
    """GET /__emulator/dashboards?workspace=UUID: every live dashboard with its template."""
    workspace_uuid = (query.get("workspace") or [""])[-1]
    if not workspace_uuid:
        raise ValueError("name the workspace: /__emulator/dashboards?workspace=UUID")
    with emulator.store.lock:
        workspace = emulator.store.workspaces.get(workspace_uuid)
        if workspace is None:
            raise ValueError("no workspace %s" % workspace_uuid)
        return {"dashboards": [
            dict(render(emulator.store, workspace, dashboard, "control"),
                 template=export_template(emulator.store, workspace, dashboard))
            for dashboard in workspace.state["dashboards"].values()
        ]}


# --- the family -----------------------------------------------------------------------------------------

_OPERATIONS = (
    ("GET", "list", list_dashboards),
    ("POST", "create", create_dashboard),
    ("GET", "{uuid}/get", get_dashboard),
    ("POST", "{uuid}/modify", modify_dashboard),
    ("POST", "{uuid}/delete", delete_dashboard),
    ("GET", "{uuid}/export", export_dashboard),
    ("POST", "{uuid}/import", import_dashboard),
)


def _save(stored):
    return [dashboard.to_state() for dashboard in stored.values()]


def _restore(records, workspace):
    return dict((record["fields"]["uuid"], Dashboard.from_state(record)) for record in records)


FAMILY = Family(
    "dashboards",
    # The older server served the same seven operations on the singular /api/v1/dashboard/.
    current_routes=[(method, "/api/v1/dashboards/" + operation, handler) for method, operation, handler in _OPERATIONS],
    legacy_routes=[(method, "/api/v1/dashboard/" + operation, handler) for method, operation, handler in _OPERATIONS],
    # The key's own workspace (open-api/workspace/current.md), on both route sets.
    routes=[("GET", "/api/v1/workspace/get", current_workspace)],
    control_routes={("GET", "/__emulator/dashboards"): control_dashboards},
    config=CONFIG,
    choices=CONFIG_CHOICES,
    # uuid -> Dashboard, in creation order.
    state={"dashboards": State(new=lambda workspace: {}, save=_save, restore=_restore)},
)
