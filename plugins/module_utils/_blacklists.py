# -*- coding: utf-8 -*-
# Copyright: (c) 2026, guance.cloud maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Blacklists (open-api/blacklist/*.md): filters that drop data before it is stored and billed.

Identity: the newer pages give a blacklist a `name` (at most 50 characters); the older ones, and
servers that answer no names, know it only by its data type and sources. So a blacklist is found by
its exact name where the server shows names, and otherwise by data type and sources, two such
blacklists being refused rather than guessed. The filter values travel as `value` (every example),
though the page's table says `values`: both are read, `value` is sent.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.guance.cloud.plugins.module_utils import _resource as core
from ansible_collections.guance.cloud.plugins.module_utils._errors import ConflictError, OptionError, OutcomeUnknownError

TYPES = ("object", "custom_object", "logging", "keyevent", "tracing", "rum", "network", "security", "profiling", "metric")
OPERATIONS = ("in", "not_in", "match", "not_match")
CONDITIONS = ("and", "or")
MAX_NAME = 50
MAX_DESCRIPTION = 256
MAX_SOURCE = 128
# What the pages send for every source of a type.
ALL_SOURCES = "re(`.*`)"


def _delete_request(uuid=None, body=None):
    return {"query": {"blacklistUUIDs": uuid}}


BLACKLISTS = core.Family("blacklist", "blacklists", {
    "list": "blacklists.list", "get": "blacklists.get", "create": "blacklists.create", "modify": "blacklists.modify",
    "delete": "blacklists.delete",
}, requests={"delete": _delete_request}, uuid_prefix="blist_")


# Checking what the user wants, before any request.

def validate(params):
    name = params.get("name")
    if name is not None and (not isinstance(name, str) or not name.strip() or len(name) > MAX_NAME):
        raise OptionError("name must be 1 to %d characters, got %r" % (MAX_NAME, name))
    if params.get("description") is not None and len(params["description"]) > MAX_DESCRIPTION:
        raise OptionError("description may be at most %d characters long, got %d" % (MAX_DESCRIPTION, len(params["description"])))
    if params.get("type") not in TYPES:
        raise OptionError("type must be one of %s, got %r" % (", ".join(TYPES), params.get("type")))
    sources = params.get("sources")
    if not sources or any(not isinstance(s, str) or not s.strip() or len(s) > MAX_SOURCE for s in sources):
        raise OptionError("sources must be a non-empty list of sources of 1 to %d characters (%s for every source), got %r"
                          % (MAX_SOURCE, ALL_SOURCES, sources))
    for index, item in enumerate(params.get("filters") or []):
        check_filter(index, item)


def check_filter(index, item):
    where = "filters[%d]" % index
    if not isinstance(item, dict):
        raise OptionError("%s must be a dict of field, operation, values and condition, got %r" % (where, item))
    unknown = sorted(set(item) - {"field", "operation", "values", "condition"})
    if unknown:
        raise OptionError("%s has keys %s; it takes field, operation, values and condition" % (where, ", ".join(unknown)))
    if not isinstance(item.get("field"), str) or not item["field"].strip():
        raise OptionError("%s.field must be the name of the field to filter on, got %r" % (where, item.get("field")))
    if item.get("operation") not in OPERATIONS:
        raise OptionError("%s.operation must be one of %s, got %r" % (where, ", ".join(OPERATIONS), item.get("operation")))
    if item.get("condition", "and") not in CONDITIONS:
        raise OptionError("%s.condition must be and or or, got %r" % (where, item.get("condition")))
    values = item.get("values")
    if not isinstance(values, list) or not values or any(not isinstance(v, (str, int, float)) or isinstance(v, bool) for v in values):
        raise OptionError("%s.values must be a non-empty list of values, got %r" % (where, values))


# States over the keys a user manages.

def filter_state(item):
    """A filter as compared: the task's form (field, values) or the server's (name, value or values)."""
    values = item.get("values", item.get("value")) if "field" in item else item.get("value", item.get("values"))
    return {"field": item.get("field", item.get("name")), "operation": item.get("operation"),
            "values": sorted(str(v) for v in (values or [])), "condition": item.get("condition") or "and"}


def sources_of(blacklist):
    """The blacklist's sources: sources where it has some, else its one source."""
    if blacklist.get("sources"):
        return sorted(blacklist["sources"])
    return [blacklist["source"]] if blacklist.get("source") else []


def current_state(blacklist):
    state = {"type": blacklist.get("type"), "sources": sources_of(blacklist),
             "filters": [filter_state(f) for f in blacklist.get("filters") or [] if isinstance(f, dict)]}
    for key, field in (("name", "name"), ("description", "desc")):
        if field in blacklist:
            state[key] = blacklist[field] or ("" if key == "description" else None)
    return state


def desired_state(params):
    state = {"type": params["type"], "sources": sorted(params["sources"]),
             "filters": [filter_state(f) for f in params.get("filters") or []]}
    for key in ("name", "description"):
        if params.get(key) is not None:
            state[key] = params[key]
    return state


def request_body(params, current=None):
    """What add and modify take: one source as source, several as sources; filters with value, as the examples."""
    current = current or {}
    body = {"type": params["type"],
            "filters": [{"name": f["field"], "operation": f["operation"], "condition": f.get("condition") or "and",
                         "value": list(f["values"])} for f in params.get("filters") or []]}
    if len(params["sources"]) == 1:
        body["source"] = params["sources"][0]
    else:
        body["sources"] = list(params["sources"])
    name = params.get("name") if params.get("name") is not None else current.get("name")
    if name is not None:
        body["name"] = name
    description = params.get("description") if params.get("description") is not None else current.get("description")
    if name is not None or description is not None:
        body["desc"] = description or ""
    return body


def predict(blacklist, body):
    predicted = dict(blacklist or {}, **body)
    if "sources" in body:
        predicted.pop("source", None)
    else:
        predicted.pop("sources", None)
    return predicted


def public(blacklist):
    """A blacklist as results show it: the module's keys and its uuid."""
    if not blacklist:
        return {}
    return dict(current_state(blacklist), uuid=blacklist.get("uuid"))


# Finding the one blacklist a task means.

def listed(client, type_=None, search=None):
    return list(client.paginate(BLACKLISTS.routes["list"], query={"type": type_ or "all", "search": search or None}))


def pick(found, params):
    """The one blacklist of `found` that the task means, or None; ConflictError for two.

    By exact name where the list shows names; otherwise (or without a name) by data type and sources.
    """
    name = params.get("name")
    if name is not None and any("name" in item for item in found):
        return core.pick_named(BLACKLISTS, [item for item in found if "name" in item], name)
    same = [item for item in found if item.get("type") == params["type"] and sources_of(item) == sorted(params["sources"])]
    if len(same) > 1:
        facts = (len(same), params["type"], ", ".join(sorted(params["sources"])), ", ".join(sorted(item.get("uuid", "?") for item in same)),
                 "the list shows no names" if name else "the task gives no name")
        raise ConflictError("%d blacklists of type %s have the sources %s (%s), and %s; give each a name (on servers that "
                            "show names) or delete all but one" % facts)
    return same[0] if same else None


def create(client, params, body):
    """The created blacklist; never a second one. The list takes a type, which the core's create-or-recover does not
    send: an answer lost (the change may or may not have been made) is resolved here by listing that type again."""
    try:
        created = core.send(client, BLACKLISTS, "create", body=body)
    except OutcomeUnknownError:
        found = pick(listed(client, params["type"]), params)
        if found is None:
            raise
        return found
    if isinstance(created, dict) and created.get("uuid"):
        return created
    return pick(listed(client, params["type"]), params) or dict(body)
