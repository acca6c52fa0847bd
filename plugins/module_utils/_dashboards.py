# -*- coding: utf-8 -*-
# Copyright: (c) 2026, guance.cloud maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Custom dashboards: what the family declares for the resource core (_resource.py), the routes the
core does not know (export, import, the workspace), and pure functions.

The pure functions turn module options and server answers into comparable states over the keys a
user manages, so that `changed` and the diff come from one comparison (the core's compare). They
take and return plain data, never change what they are given, and never speak to the server.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import hashlib
import json
import re
import unicodedata

from ansible_collections.guance.cloud.plugins.module_utils import _resource as resource
from ansible_collections.guance.cloud.plugins.module_utils._errors import (
    ConflictError,
    MalformedResponseError,
    NotFoundError,
    OptionError,
)

# Guance's "current workspace" page (open-api/workspace/current.md): the one answer that names the
# workspace of a key that has no dashboard yet.
WORKSPACE_ROUTE = "workspace.get"

# Matched with fullmatch: "$" would also match before a trailing newline.
UUID_RE = re.compile(r"dsbd_[0-9a-f]{32}")
CUSTOM_UUID_RE = re.compile(r"dsbd_custom_[a-z0-9]{32}")
WORKSPACE_UUID_RE = re.compile(r"wksp_[0-9A-Za-z_]{1,64}")
CUSTOM_PREFIX = "dsbd_custom_"
MAX_NAME = 128
MAX_DESCRIPTION = 2048
MAX_IDENTIFIER = 128

VISIBILITY = {"public": 1, "private": 0, "custom": -1}

# Managed option -> the dashboard object's field, which is also the create / modify body's field
# except for tags (read from the object's tag info, written as tagNames).
OBJECT_FIELDS = {
    "name": "name",
    "description": "desc",
    "identifier": "identifier",
    "tags": "tagNames",
    "extend": "extend",
    "mapping": "mapping",
    "visibility": "isPublic",
    "edit_permissions": "permissionSet",
    "read_permissions": "readPermissionSet",
}

# Managed option -> the field of the exported template that carries it. The export's summary is the
# template's own summary (export.md), not the dashboard's desc, so it stands for no option.
EXPORT_FIELDS = {
    "name": "title",
    "tags": "tagInfo",
    "extend": "dashboardExtend",
    "mapping": "dashboardMapping",
}
# With a uuid, a template and only these options managed, the export is the one read: the
# description, which no export shows, is then unverified rather than worth a get.
EXPORT_ONLY_OPTIONS = tuple(EXPORT_FIELDS) + ("description",)

# Chart keys the server writes itself: the chart's own uuid, the uuid of its group, and the group
# it was in before the last move.
CHART_BOOKKEEPING = ("uuid", "chartGroupUUID", "prevGroupName")
# main keys the server writes itself: the order of the group uuids.
MAIN_BOOKKEEPING = ("chartGroupPos",)
# Managed option -> the field of the export that may carry it when the dashboard object does not.
EXPORT_FALLBACK = {"identifier": "identifier"}

EMPTY = (None, "", {}, [])


# What the resource core needs of dashboards; export and import are the family's own routes (below).
DASHBOARDS = resource.Family(
    "dashboard", "dashboards",
    routes={"list": "dashboards.list", "get": "dashboards.get", "create": "dashboards.create",
            "modify": "dashboards.modify", "delete": "dashboards.delete"},
    uuid_prefix="dsbd_")


def listed(client, search=None, tags=None):
    """The dashboards of the list (every page), narrowed by the server's search and tagNames."""
    return resource.items(client, DASHBOARDS, search=search, query={"tagNames": list(tags) if tags else None})


def workspace_uuid(client):
    """The uuid of the API key's workspace: one request (workspace/get)."""
    content = client.request(WORKSPACE_ROUTE).content
    found = content.get("uuid") if isinstance(content, dict) else None
    if not isinstance(found, str) or not WORKSPACE_UUID_RE.fullmatch(found):
        raise MalformedResponseError("Guance's answer does not name the API key's workspace, which stable_key needs; "
                                     "give uuid instead of stable_key")
    return found


def export(client, uuid):
    """The dashboard's template, or None when there is no dashboard with that uuid."""
    try:
        return client.request("dashboards.export", path={"uuid": uuid}).content
    except NotFoundError:
        return None


def import_template_into(client, uuid, template):
    """Replaces the dashboard's charts, variables and groups with the template's (import.md): new chart ids."""
    return client.request("dashboards.import", path={"uuid": uuid}, body={"templateInfo": template}).content


# Stable uuids: a create the server itself refuses to repeat.

def stable_uuid(workspace_uuid, key):
    """The uuid that stable_key `key` gives a dashboard in the workspace `workspace_uuid`.

    dsbd_custom_ and 32 hex digits, the form Guance accepts as specifyDashboardUUID. Dashboard
    uuids are unique across every workspace, so the workspace is part of what is hashed: the same
    key names one dashboard per workspace. The same inputs give the same uuid on any machine.
    """
    if not isinstance(workspace_uuid, str) or not workspace_uuid:
        raise ValueError("stable_uuid needs the workspace's uuid")
    # JSON text of the three parts: no workspace and key can be read as another pair.
    text = json.dumps(["guance.cloud/dashboard", workspace_uuid, key], ensure_ascii=False, separators=(",", ":"))
    return CUSTOM_PREFIX + hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def workspace_of(content):
    """The workspaceUUID an answer carries (a dashboard, or the first item of a list), or None."""
    items = content if isinstance(content, list) else [content]
    for item in items:
        if isinstance(item, dict) and isinstance(item.get("workspaceUUID"), str) and item["workspaceUUID"]:
            return item["workspaceUUID"]
    return None


def one_named(found, name):
    """The one dashboard of `found` named `name`, None if none; ConflictError if several."""
    try:
        return resource.pick_named(DASHBOARDS, found, name)
    except ConflictError as several:
        raise ConflictError("%s (with on_duplicates: keep_newest and tags, the module keeps the newest and deletes "
                            "the other tagged ones)" % several.message)


def adoptable(found, derived):
    """The dashboards of `found` a stable key may take over: made without a stable key (random uuid).

    One with another dsbd_custom_ uuid belongs to another key, or to a task that gives uuid.
    """
    return [item for item in found if item.get("uuid") == derived or not CUSTOM_UUID_RE.fullmatch(str(item.get("uuid")))]


def newest_first(found):
    """Dashboards ordered newest first: by updateAt, then createAt."""
    return sorted(found, key=lambda d: (_number(d.get("updateAt")), _number(d.get("createAt"))), reverse=True)


# Reading what the server holds.

def tag_names(tags, uuid=None):
    """Sorted tag names from any form the server uses.

    A list of {id, name} or of names; {"tagInfo": [...]}; or {"<dashboard uuid>": [...]}.
    """
    if isinstance(tags, list):
        names = [t.get("name") if isinstance(t, dict) else t for t in tags]
        return sorted(set(n for n in names if isinstance(n, str) and n))
    if isinstance(tags, dict):
        if "tagInfo" in tags:
            return tag_names(tags["tagInfo"], uuid)
        if uuid in tags:
            return tag_names(tags[uuid], uuid)
        return sorted(set(n for value in tags.values() for n in tag_names(value, uuid)))
    return []


def object_tags(obj):
    """The tag names of a dashboard object (list item, get, create or modify answer)."""
    for key in ("tag_info", "tagInfo"):
        if obj.get(key) is not None:
            return tag_names(obj[key], obj.get("uuid"))
    return tag_names(obj.get("tags"))


def with_tags(obj):
    """A copy of a dashboard object with the plain list of tag names added as `tags`."""
    return dict(obj, tags=object_tags(obj))


def object_from_export(uuid, template):
    """The dashboard fields an export carries, in the form of a dashboard object."""
    obj = {"uuid": uuid, "tagInfo": template.get("tagInfo") or []}
    for option, field in EXPORT_FIELDS.items():
        if option != "tags" and field in template:
            obj[OBJECT_FIELDS[option]] = template[field]
    return obj


def clean(value):
    """Drops what is empty (None, "", {}, []) from every mapping, at any depth.

    The server fills in empty defaults (extend: {}, group: {name: null}, vars: []) that a user's
    template leaves out, and the other way round; an empty value and an absent one mean the same.
    List items are kept, so a list's length and order still count.
    """
    if isinstance(value, dict):
        cleaned = ((k, clean(v)) for k, v in value.items())
        return dict((k, v) for k, v in cleaned if v not in EMPTY)
    if isinstance(value, list):
        return [clean(v) for v in value]
    return value


def _group(group):
    """A group of main.groups: its name, or {name, extend} when it has settings."""
    if not isinstance(group, dict):
        return group
    extend = clean(group.get("extend"))
    return {"name": group.get("name"), "extend": extend} if extend else group.get("name")


def _chart(chart):
    chart = dict((k, v) for k, v in chart.items() if k not in CHART_BOOKKEEPING)
    if not isinstance(chart.get("group"), dict):
        # A group given by its name alone is stored as {name}.
        chart["group"] = {"name": chart.get("group")}
    # pos.i is the server's (a chart uuid or an index). A chart given without pos (absent or null)
    # is placed by the server on its own grid: it has no place of its own to compare.
    pos = chart.pop("pos", None)
    if isinstance(pos, dict):
        chart["pos"] = dict((k, v) for k, v in pos.items() if k != "i")
    elif pos is not None:
        chart["pos"] = pos
    return clean(chart)


def _chart_order(chart):
    # The list order of charts means nothing (pos places them), and the server may keep them in
    # another order; sort by place, then by content, so both sides line up the same way.
    pos = chart.get("pos") if isinstance(chart.get("pos"), dict) else {}
    group = (chart.get("group") or {}).get("name") or ""
    return (str(group), _number(pos.get("y")), _number(pos.get("x")), _dumps(chart))


def _dumps(value):
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def fit_positions(current, desired):
    """The current normalised template with the places of the charts the desired one leaves unplaced dropped.

    A desired chart without pos leaves its place to the server; the current chart that matches it in
    everything but pos is compared without its place. Charts placed in the desired template keep
    comparing on their place.
    """
    unplaced = {}
    for chart in (desired or {}).get("charts") or []:
        if isinstance(chart, dict) and "pos" not in chart:
            unplaced[_dumps(chart)] = unplaced.get(_dumps(chart), 0) + 1
    if not unplaced or not isinstance(current, dict) or not isinstance(current.get("charts"), list):
        return current
    charts = []
    for chart in current["charts"]:
        bare = _dumps(dict((k, v) for k, v in chart.items() if k != "pos")) if isinstance(chart, dict) else None
        if unplaced.get(bare):
            unplaced[bare] -= 1
            chart = dict((k, v) for k, v in chart.items() if k != "pos")
        charts.append(chart)
    return dict(current, charts=sorted(charts, key=_chart_order))


def _number(value):
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else 0


def normalize_template(template):
    """What a template says about the dashboard's content (main: charts, vars, groups).

    Left out: the top-level fields (title, summary, tagInfo, dashboardExtend, dashboardMapping are
    managed through name, description, tags, extend and mapping; iconSet, thumbnail and the like
    are the server's), and the server's bookkeeping inside main.
    """
    main = dict((k, v) for k, v in (template.get("main") or {}).items() if k not in MAIN_BOOKKEEPING)
    main.setdefault("type", "template")
    if isinstance(main.get("charts"), list):
        main["charts"] = sorted((_chart(c) for c in main["charts"] if isinstance(c, dict)), key=_chart_order)
    if isinstance(main.get("groups"), list):
        main["groups"] = [_group(g) for g in main["groups"]]
    return clean(main)


def current_state(obj=None, export=None):
    """Every managed key's value as the server holds it, from the object and the export.

    A key whose field neither answer carries (sparse answers) is left out: it cannot be compared.
    The description is the object's desc alone: the export's summary is the template's.
    """
    state = {}
    if obj is not None:
        readers = {
            "name": ("name", lambda v: v or ""),
            "description": ("desc", lambda v: v or ""),
            "identifier": ("identifier", lambda v: v or ""),
            "extend": ("extend", lambda v: clean(v or {})),
            "mapping": ("mapping", lambda v: clean(v or [])),
            "visibility": ("isPublic", lambda v: dict((n, k) for k, n in VISIBILITY.items()).get(v)),
            "edit_permissions": ("permissionSet", lambda v: sorted(v or [])),
            "read_permissions": ("readPermissionSet", lambda v: sorted(v or [])),
        }
        state = dict((key, read(obj[field])) for key, (field, read) in readers.items() if field in obj)
        if any(key in obj for key in ("tag_info", "tagInfo", "tags")):
            state["tags"] = object_tags(obj)
    if export is not None:
        for key, field in EXPORT_FALLBACK.items():
            if key not in state and field in export:
                state[key] = export[field] or ""
        state["template"] = normalize_template(export)
    return state


# Reading what the user wants.

def parse_template(value):
    """The template option as a dict: given as a dict, or as the JSON text of an export."""
    if isinstance(value, (str, bytes)):
        try:
            value = json.loads(value)
        except ValueError as exc:
            raise OptionError("template must be a dict or JSON text of a dashboard template; it is not valid JSON: %s" % exc)
    if not isinstance(value, dict):
        raise OptionError("template must be a JSON object (a dashboard template as Guance exports it), got %s" % type(value).__name__)
    if not isinstance(value.get("main"), dict):
        raise OptionError("template must have a 'main' object holding charts, vars and groups, as Guance exports it")
    return value


def validate_uuid(uuid, option="uuid"):
    if not isinstance(uuid, str) or not (UUID_RE.fullmatch(uuid) or CUSTOM_UUID_RE.fullmatch(uuid)):
        raise OptionError("%s must be dsbd_ followed by 32 lowercase hex digits, or dsbd_custom_ followed by "
                          "32 lowercase letters or digits, got %r" % (option, uuid))


def _control_characters(text):
    return [c for c in text if unicodedata.category(c) == "Cc"]


def check_name(value, option="name"):
    """A name as Guance shows it: a string, not blank, without control characters (NUL, newline, tab...)."""
    if not isinstance(value, str):
        raise OptionError("%s must be a string, got %s %r (quote it in YAML if it looks like a number or a list)"
                          % (option, type(value).__name__, value))
    if not value.strip():
        raise OptionError("%s must not be empty or only white space, got %r" % (option, value))
    if _control_characters(value):
        raise OptionError("%s must not hold control characters (NUL, newline, tab...), got %r" % (option, value))


def _check_text(options):
    for option, limit in (("name", MAX_NAME), ("description", MAX_DESCRIPTION), ("identifier", MAX_IDENTIFIER)):
        value = options.get(option)
        if value is None:
            continue
        if option == "name":
            check_name(value)
        elif "\0" in value:
            raise OptionError("%s must not hold NUL characters" % option)
        if len(value) > limit:
            raise OptionError("%s may be at most %d characters long, got %d" % (option, limit, len(value)))
    for option in ("tags", "edit_permissions", "read_permissions"):
        for item in options.get(option) or []:
            check_name(item, "every item of %s" % option)


def _check_identity(options):
    if options.get("uuid") is not None:
        validate_uuid(options["uuid"])
    elif options.get("name") is None and options.get("stable_key") is None:
        raise OptionError("name, uuid or stable_key is required to find the dashboard")
    if options.get("stable_key") is not None:
        key = options["stable_key"]
        if not key.strip() or "\0" in key:
            raise OptionError("stable_key must be a non-empty string without NUL characters, got %r" % key)
    if options.get("workspace_uuid") is not None:
        if options.get("stable_key") is None:
            raise OptionError("workspace_uuid is only used with stable_key")
        if not WORKSPACE_UUID_RE.fullmatch(options["workspace_uuid"]):
            raise OptionError("workspace_uuid must be wksp_ followed by letters, digits or underscores, got %r"
                              % options["workspace_uuid"])


def _check_lookup(options):
    # Creating without a lookup needs something to create, and a uuid the create can give.
    if options.get("state") != "present":
        raise OptionError("lookup: false only applies with state: present (it creates the dashboard without "
                          "looking for it), got state: %s" % options.get("state"))
    if options.get("name") is None:
        raise OptionError("lookup: false needs name: it creates a new dashboard of that name")
    if options.get("uuid") is not None and not CUSTOM_UUID_RE.fullmatch(options["uuid"]):
        raise OptionError("lookup: false creates a new dashboard, and only a dsbd_custom_ uuid can be given to a "
                          "new one, got uuid: %s" % options["uuid"])


def _check_duplicates(options):
    if options.get("on_duplicates") != "keep_newest":
        return
    if options.get("uuid") is not None or options.get("name") is None:
        raise OptionError("on_duplicates: keep_newest needs name and no uuid: it resolves several dashboards of one name")
    if not options.get("tags"):
        raise OptionError("on_duplicates: keep_newest needs tags: only dashboards carrying every one of them are "
                          "deleted, so that nothing made by hand is")


def validate(options):
    """Refuses input the server would refuse or that cannot mean anything, before any request."""
    _check_text(options)
    _check_identity(options)
    if options.get("lookup") is False:
        _check_lookup(options)
    _check_duplicates(options)
    for option in ("edit_permissions", "read_permissions"):
        if options.get(option) is not None and options.get("visibility") != "custom":
            raise OptionError("%s applies only with visibility: custom, got visibility: %s" % (option, options.get("visibility") or "(not set)"))
    if options.get("template") is not None:
        parse_template(options["template"])


def desired_state(options):
    """The managed keys and their wanted values, in the form current_state gives them.

    An option left out (None) is not managed.
    """
    given = dict((k, v) for k, v in options.items() if k in OBJECT_FIELDS or k == "template")
    given = dict((k, v) for k, v in given.items() if v is not None)
    for key in ("tags", "edit_permissions", "read_permissions"):
        if key in given:
            given[key] = sorted(set(given[key]))
    for key in ("extend", "mapping"):
        if key in given:
            given[key] = clean(given[key])
    if "template" in given:
        given["template"] = normalize_template(parse_template(given["template"]))
    return given


def export_suffices(desired):
    """True when the export alone holds every managed key, so no get or list is needed."""
    return "template" in desired and set(desired) - {"template"} <= set(EXPORT_ONLY_OPTIONS)


# Comparing (the core's compare, once the current template is fitted to the desired one).

def fitted(current, desired):
    """current, its template's charts that the desired template leaves unplaced compared without their place."""
    if current is not None and "template" in current and "template" in desired:
        return dict(current, template=fit_positions(current["template"], desired["template"]))
    return current


# Request bodies, from the options as the user gave them (the comparison uses normalised copies).

def _fields(options, keys):
    body = {}
    for key in keys:
        value = options.get(key)
        if value is None or key not in OBJECT_FIELDS:
            continue
        if key == "visibility":
            value = VISIBILITY[value]
        elif key == "tags":
            value = sorted(set(value))
        body[OBJECT_FIELDS[key]] = value
    return body


def create_body(options, uuid=None):
    """The create's body; `uuid` (a stable key's) stands in for the uuid option when that is not given."""
    body = _fields(options, OBJECT_FIELDS)
    if options.get("uuid") or uuid:
        body["specifyDashboardUUID"] = options.get("uuid") or uuid
    if options.get("template") is not None:
        body["templateInfo"] = parse_template(options["template"])
    return body


def modify_body(options, keys):
    return _fields(options, keys)


def import_template(options, name):
    """The template to import, titled with the dashboard's name so an import cannot rename it."""
    return dict(parse_template(options["template"]), title=name)


def predict(obj, body):
    """The dashboard object as it would be after a create or modify with this body (check mode)."""
    predicted = dict(obj or {}, **dict((k, v) for k, v in body.items() if k not in ("templateInfo", "specifyDashboardUUID", "tagNames")))
    if "specifyDashboardUUID" in body:
        predicted["uuid"] = body["specifyDashboardUUID"]
    if "tagNames" in body:
        for key in ("tag_info", "tagInfo"):
            predicted.pop(key, None)
        predicted["tagInfo"] = [{"name": n} for n in body["tagNames"]]
    return predicted
