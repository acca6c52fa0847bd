# -*- coding: utf-8 -*-
# Copyright: (c) 2026, guance.cloud maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Custom dashboards: a thin wrapper over the client's dashboard routes, and pure functions.

The pure functions turn module options and server answers into comparable states over the keys a
user manages, so that `changed` and the diff come from one comparison. They take and return plain
data, never change what they are given, and never speak to the server.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import re

from ansible_collections.guance.cloud.plugins.module_utils._errors import (
    ConflictError,
    NotFoundError,
    OptionError,
)

UUID_RE = re.compile(r"^dsbd_[0-9a-f]{32}$")
CUSTOM_UUID_RE = re.compile(r"^dsbd_custom_[a-z0-9]{32}$")
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

# Managed option -> the field of the exported template that carries it. With a uuid, a template
# and only these options managed, the export alone tells everything the comparison needs.
EXPORT_FIELDS = {
    "name": "title",
    "description": "summary",
    "tags": "tagInfo",
    "extend": "dashboardExtend",
    "mapping": "dashboardMapping",
}

# Chart keys the server writes itself: the chart's own uuid, the uuid of its group, and the group
# it was in before the last move.
CHART_BOOKKEEPING = ("uuid", "chartGroupUUID", "prevGroupName")
# main keys the server writes itself: the order of the group uuids.
MAIN_BOOKKEEPING = ("chartGroupPos",)
# Where the server places a chart that comes without a place.
DEFAULT_POS = {"x": 0, "y": 0, "w": 8, "h": 10}

EMPTY = (None, "", {}, [])


class DashboardAPI:
    """The dashboard routes of one client. Holds nothing else and sends nothing until called."""

    def __init__(self, client):
        self.client = client

    def list(self, search=None, tags=None):
        query = {"search": search or None, "tagNames": list(tags) if tags else None}
        return self.client.paginate("dashboards.list", query=query)

    def get(self, uuid):
        """The dashboard object, or None when there is none with that uuid."""
        try:
            return self.client.request("dashboards.get", path={"uuid": uuid}).content
        except NotFoundError:
            return None

    def find_by_name(self, name):
        """The one dashboard with exactly this name, None if there is none; ConflictError if several."""
        # search matches substrings, so the exact match is made here.
        found = [item for item in self.list(search=name) if item.get("name") == name]
        if len(found) > 1:
            raise ConflictError("%d dashboards are named %r (%s); give uuid to choose one, or delete the others"
                                % (len(found), name, ", ".join(sorted(str(d.get("uuid")) for d in found))))
        return found[0] if found else None

    def export(self, uuid):
        """The dashboard's template, or None when there is no dashboard with that uuid."""
        try:
            return self.client.request("dashboards.export", path={"uuid": uuid}).content
        except NotFoundError:
            return None

    def create(self, body):
        return self.client.request("dashboards.create", body=body).content

    def modify(self, uuid, body):
        return self.client.request("dashboards.modify", path={"uuid": uuid}, body=body).content

    def import_(self, uuid, template):
        return self.client.request("dashboards.import", path={"uuid": uuid}, body={"templateInfo": template}).content

    def delete(self, uuid):
        """True when deleted, False when it was already gone."""
        try:
            self.client.request("dashboards.delete", path={"uuid": uuid})
        except NotFoundError:
            return False
        return True


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
    # pos.i repeats the chart's uuid; a chart placed nowhere gets the server's default place.
    pos = chart.get("pos") or DEFAULT_POS
    chart["pos"] = dict((k, v) for k, v in pos.items() if k != "i") if isinstance(pos, dict) else pos
    return clean(chart)


def _chart_order(chart):
    # The list order of charts means nothing (pos places them), and the server may keep them in
    # another order; sort by place, then by content, so both sides line up the same way.
    pos = chart.get("pos") or {}
    group = (chart.get("group") or {}).get("name") or ""
    return (str(group), _number(pos.get("y")), _number(pos.get("x")), json.dumps(chart, sort_keys=True))


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
    """Every managed key's value as the server holds it, from the object and the export."""
    state = {}
    if obj is not None:
        state = {
            "name": obj.get("name") or "",
            "description": obj.get("desc") or "",
            "identifier": obj.get("identifier") or "",
            "tags": object_tags(obj),
            "extend": clean(obj.get("extend") or {}),
            "mapping": clean(obj.get("mapping") or []),
            "visibility": dict((v, k) for k, v in VISIBILITY.items()).get(obj.get("isPublic")),
            "edit_permissions": sorted(obj.get("permissionSet") or []),
            "read_permissions": sorted(obj.get("readPermissionSet") or []),
        }
    if export is not None:
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


def validate_uuid(uuid):
    if not (UUID_RE.match(uuid) or CUSTOM_UUID_RE.match(uuid)):
        raise OptionError("uuid must be dsbd_ followed by 32 lowercase hex digits, or dsbd_custom_ followed by "
                          "32 lowercase letters or digits, got %r" % uuid)


def validate(options):
    """Refuses input the server would refuse or that cannot mean anything, before any request."""
    if options.get("uuid") is not None:
        validate_uuid(options["uuid"])
    elif not options.get("name"):
        raise OptionError("name or uuid is required to find the dashboard")
    if options.get("lookup") is False:
        # Creating without a lookup needs something to create, and a uuid the create can give.
        if options.get("state") != "present":
            raise OptionError("lookup: false only applies with state: present (it creates the dashboard without "
                              "looking for it), got state: %s" % options.get("state"))
        if not options.get("name"):
            raise OptionError("lookup: false needs name: it creates a new dashboard of that name")
        if options.get("uuid") is not None and not CUSTOM_UUID_RE.match(options["uuid"]):
            raise OptionError("lookup: false creates a new dashboard, and only a dsbd_custom_ uuid can be given to a "
                              "new one, got uuid: %s" % options["uuid"])
    for option, limit in (("name", MAX_NAME), ("description", MAX_DESCRIPTION), ("identifier", MAX_IDENTIFIER)):
        value = options.get(option)
        if value is not None and len(value) > limit:
            raise OptionError("%s may be at most %d characters long, got %d" % (option, limit, len(value)))
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
    return "template" in desired and set(desired) - {"template"} <= set(EXPORT_FIELDS)


# Comparing.

def compare(current, desired):
    """(changed, before, after) over the managed keys; current None means there is no dashboard."""
    if current is None:
        return True, {}, dict(desired)
    before = dict((k, current.get(k)) for k in desired)
    after = dict(desired)
    return before != after, before, after


def differing(before, after):
    """The managed keys whose values differ."""
    return sorted(k for k in after if before.get(k) != after[k])


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


def create_body(options):
    body = _fields(options, OBJECT_FIELDS)
    if options.get("uuid"):
        body["specifyDashboardUUID"] = options["uuid"]
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
