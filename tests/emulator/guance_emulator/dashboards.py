"""Custom dashboards: the seven operations, their validation, and the bookkeeping the server adds to templates."""

import copy
import json
import re
import time
import uuid
from dataclasses import dataclass

from .api import Answer, key_id, not_found, page_params, paged, param_error

SPECIFIED_UUID = re.compile(r"dsbd_custom_[a-z0-9]{32}")
STRING_LIMITS = (("name", 128), ("desc", 2048), ("identifier", 128))
NAME_LISTS = ("tagNames", "permissionSet", "readPermissionSet")
IS_PUBLIC = (1, 0, -1)
DEFAULT_POS = {"x": 0, "y": 0, "w": 8, "h": 10}

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
    found = [dashboard for dashboard in call.workspace.dashboards.values()
             if search in dashboard.name.lower() and (not tag_filter or tag_filter.intersection(dashboard.tag_names))]
    found.sort(key=lambda dashboard: (dashboard.fields["updateAt"], dashboard.seq), reverse=True)
    answer = paged(found, page_index, page_size)
    answer.content = [render(call.store, call.workspace, dashboard) for dashboard in answer.content]
    return answer


def create_dashboard(call):
    body = call.body_object()
    fields = _valid_fields(body)
    if "name" not in fields:
        raise param_error("name is required")
    specified = body.get("specifyDashboardUUID")
    if specified not in (None, ""):
        if not isinstance(specified, str) or not SPECIFIED_UUID.fullmatch(specified):
            raise param_error("specifyDashboardUUID must match ^dsbd_custom_[a-z0-9]{32}$")
        if call.store.uuid_taken(specified):
            raise param_error("specifyDashboardUUID %s is already in use" % specified)
    _check_unique_name(call, fields["name"])
    dashboard = _new_dashboard(call.store, call.workspace, call.key_id, body, fields, specified or None)
    call.store.save_state()
    return Answer(render(call.store, call.workspace, dashboard))


def get_dashboard(call):
    return Answer(render(call.store, call.workspace, _find(call)))


def modify_dashboard(call):
    dashboard = _find(call)
    fields = _valid_fields(call.body_object())
    if "name" in fields and fields["name"] != dashboard.name:
        _check_unique_name(call, fields["name"])
    tag_names = fields.pop("tagNames", None)
    if tag_names is not None:
        dashboard.tag_names = _register_tags(call.workspace, tag_names)
    dashboard.fields.update(fields)
    _touch(call.store, dashboard, call.key_id)
    call.store.save_state()
    return Answer(render(call.store, call.workspace, dashboard))


def delete_dashboard(call):
    dashboard = _find(call)
    if call.body is not None and not isinstance(call.body, dict):
        raise param_error("delete takes no body")
    del call.workspace.dashboards[dashboard.uuid]
    call.store.save_state()
    if call.store.config["delete_answer"] == "map":
        return Answer({dashboard.uuid: dashboard.name})
    return Answer(True)


def export_dashboard(call):
    return Answer(export_template(call.workspace, _find(call)))


def import_dashboard(call):
    dashboard = _find(call)
    template_info = call.body_object().get("templateInfo")
    if not isinstance(template_info, dict):
        raise param_error("templateInfo is required and must be an object")
    # Import rebuilds the charts, groups and variables; the dashboard's own fields (name, tags...) stay.
    dashboard.template = _build_template(template_info)
    _touch(call.store, dashboard, call.key_id)
    call.store.save_state()
    return Answer(render(call.store, call.workspace, dashboard))


# --- what the server shows ------------------------------------------------------------------------------

def render(store, workspace, dashboard):
    """The dashboard object of list, get, create, modify and import answers: no charts, tags in config's form."""
    shown = copy.deepcopy(dashboard.fields)
    main = dashboard.template["main"]
    shown["chartPos"] = [{"chartUUID": chart["uuid"], "pos": copy.deepcopy(chart["pos"])} for chart in main["charts"]]
    shown["chartGroupPos"] = list(main["chartGroupPos"])
    tags = _tag_objects(workspace, dashboard)
    form = store.config["tag_form"]
    if form == "tagInfo":
        shown["tagInfo"] = tags
    elif form == "nested":
        shown["tagInfo"] = {"tagInfo": tags}
    elif form == "keyed":
        shown["tag_info"] = {dashboard.uuid: tags}
    else:
        shown["tag_info"] = tags
    return shown


def export_template(workspace, dashboard):
    """The template as export answers it: the stored one, with the dashboard's current fields mirrored in."""
    fields = dashboard.fields
    template = copy.deepcopy(dashboard.template)
    template.update({
        "title": fields["name"], "summary": fields["desc"], "identifier": fields["identifier"],
        "dashboardExtend": copy.deepcopy(fields["extend"]), "dashboardMapping": copy.deepcopy(fields["mapping"]),
        "iconSet": copy.deepcopy(fields["iconSet"]), "tagInfo": _tag_objects(workspace, dashboard),
    })
    for key, default in (("dashboardType", "CUSTOM"), ("dashboardOwnerType", "node"), ("dashboardBindSet", []), ("thumbnail", "")):
        template.setdefault(key, default)
    # The server does not keep the order of keys it was sent; neither does the emulator.
    return dict(sorted(template.items()))


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
        if store.uuid_taken(dashboard_uuid) or dashboard_uuid in workspace.dashboards:
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
    dashboard = call.workspace.dashboards.get(call.params["uuid"])
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
    if call.store.config["unique_names"] and any(dashboard.name == name for dashboard in call.workspace.dashboards.values()):
        raise param_error("a dashboard named %r already exists in this workspace" % name)


def _new_dashboard(store, workspace, creator, body, fields, dashboard_uuid):
    """Store a new dashboard. Its fields come from the body, else from the template, else the defaults."""
    template_info = body.get("templateInfo")
    if template_info is not None and not isinstance(template_info, dict):
        raise param_error("templateInfo must be an object")
    template_info = template_info or {}
    template = _build_template(template_info)
    now = int(time.time())
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
    workspace.dashboards[dashboard_uuid] = dashboard
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
    return {"uuid": creator, "name": "OpenAPI", "email": "", "iconUrl": ""}


def _touch(store, dashboard, updator):
    dashboard.fields.update(updateAt=int(time.time()), updator=updator, updatorInfo=_updator_info(updator))
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
    """The template as the server keeps it: chart uuids, group uuids and positions added, groups as objects."""
    template = {key: copy.deepcopy(value) for key, value in template_info.items() if key not in MIRRORED_TEMPLATE_KEYS}
    main = template.get("main", {})
    if not isinstance(main, dict):
        raise param_error("templateInfo.main must be an object")
    for key in ("charts", "groups", "vars"):
        if not isinstance(main.get(key, []), list):
            raise param_error("templateInfo.main.%s must be an array" % key)
    main.setdefault("type", "template")
    main.setdefault("vars", [])
    groups = [_group_object(group) for group in main.get("groups", [])]
    group_uuids = {group["name"]: "chtg_" + uuid.uuid4().hex for group in groups}
    charts = main.get("charts", [])
    for position, chart in enumerate(charts):
        _check_chart(position, chart)
        chart_uuid = "chrt_" + uuid.uuid4().hex
        group = chart.get("group")
        group = {"name": group} if group is None or isinstance(group, str) else group
        if not isinstance(group, dict):
            raise param_error("chart %d: group must be an object" % position)
        group_name = group.get("name")
        if group_name is not None and group_name not in group_uuids:
            group_uuids[group_name] = "chtg_" + uuid.uuid4().hex
        pos = chart.get("pos", DEFAULT_POS)
        if not isinstance(pos, dict):
            raise param_error("chart %d: pos must be an object" % position)
        chart.update(uuid=chart_uuid, group=group, pos=dict(pos, i=chart_uuid),
                     chartGroupUUID=group_uuids.get(group_name, "default"))
        chart.setdefault("extend", {})
    main.update(charts=charts, groups=groups, chartGroupPos=[group_uuids[group["name"]] for group in groups] + ["default"])
    template["main"] = main
    return template


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
