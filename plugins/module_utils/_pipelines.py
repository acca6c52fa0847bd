# -*- coding: utf-8 -*-
# Copyright: (c) 2026, guance.cloud maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Pipelines (open-api/pipeline/*.md): the family's declaration for the resource core, and pure functions.

A Pipeline is known by its category and name. The list shows neither script nor test data; the
export route takes a list of uuids and answers their scripts, so one list and one export read any
number of Pipelines. Script and test data travel as base64, and the answers add a line break to the
encoded text: texts are compared decoded, and a final line break never counts (same_text).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import base64
import binascii
import re

from ansible_collections.guance.cloud.plugins.module_utils import _resource as core
from ansible_collections.guance.cloud.plugins.module_utils._client import unwrap_items
from ansible_collections.guance.cloud.plugins.module_utils._errors import MalformedResponseError, OptionError

# add.md / modify.md: name refuses anything outside [a-zA-Z0-9_\u4e00-\u9fa5-], at most 256 characters.
NAME_RE = re.compile(u"[a-zA-Z0-9_\u4e00-\u9fa5-]+\\Z")
MAX_NAME = 256
# modify.md's list, the longest the pages give (add.md's older forms list fewer).
CATEGORIES = ("logging", "object", "custom_object", "network", "tracing", "rum", "security", "keyevent", "metric",
              "profiling", "dialtesting", "billing")
# The newer pages require type; the examples send none, so a new Pipeline gets the first.
TYPES = ("local", "central")
DEFAULT_TYPE = "local"
# The list's status of an enabled Pipeline; any other value is disabled (the provider reads it so too).
STATUS_ENABLED = 0
TEXTS = ("script", "test_data")


def _delete_request(uuid=None, body=None):
    return {"query": {"pipelineUUIDs": uuid}}


def _set_enabled_request(uuid=None, body=None):
    return {"body": {"plUUIDs": [uuid], "isDisable": not body["enabled"]}}


PIPELINES = core.Family("Pipeline", "Pipelines", {
    "list": "pipelines.list", "get": "pipelines.get", "create": "pipelines.create", "modify": "pipelines.modify",
    "delete": "pipelines.delete", "set_enabled": "pipelines.set_disable", "export": "pipelines.export",
    "import": "pipelines.import",
}, requests={"delete": _delete_request, "set_enabled": _set_enabled_request}, uuid_prefix="pl_")


# Texts on the wire.

def encode(text):
    """base64 of UTF-8 text, without line breaks, as the examples send it."""
    return base64.b64encode((text or "").encode("utf-8")).decode("ascii")


def decode(value):
    """The text of a base64 field as answered (line breaks in or after it ignored); text that is not base64
    is taken as it is."""
    if not isinstance(value, str):
        return ""
    try:
        return base64.b64decode("".join(value.split()), validate=True).decode("utf-8")
    except (binascii.Error, ValueError):
        return value


def same_text(text):
    """The one rule for a final line break: texts are compared without trailing line breaks, so a file's
    last newline, a YAML block's or one the server adds never reads as a change."""
    return (text or "").rstrip("\r\n")


# Checking what the user wants, before any request.

def check_name(option, name):
    if not isinstance(name, str) or not NAME_RE.match(name) or len(name) > MAX_NAME:
        raise OptionError("%s must be 1 to %d letters, digits, _, - or Chinese characters (Guance refuses any other, "
                          "such as . or a space; name nginx.access.p as nginx_access), got %r" % (option, MAX_NAME, name))


def validate(params):
    """Refuses what Guance would refuse, before any request."""
    check_name("name", params.get("name"))
    if params.get("category") not in CATEGORIES:
        raise OptionError("category must be one of %s, got %r" % (", ".join(CATEGORIES), params.get("category")))
    if params.get("type") is not None and params["type"] not in TYPES:
        raise OptionError("type must be one of %s, got %r" % (", ".join(TYPES), params["type"]))
    if params.get("script") is not None and params.get("src") is not None:
        raise OptionError("give script or src, not both")
    if params.get("script") is not None and not same_text(params["script"]).strip():
        raise OptionError("script may not be empty (Guance refuses an empty Pipeline)")
    for source in params.get("sources") or []:
        if not isinstance(source, str) or not source.strip():
            raise OptionError("sources must be a list of non-empty source names, got %r" % (source,))


def read_src(params):
    """params with the script of src (a .p file where the module runs) in script; a missing file is refused."""
    if params.get("src") is None:
        return params
    try:
        with open(params["src"], "rb") as f:
            script = f.read().decode("utf-8")
    except (IOError, OSError) as e:
        raise OptionError("src: cannot read %s: %s" % (params["src"], e.strerror or e))
    except UnicodeDecodeError:
        raise OptionError("src: %s is not UTF-8 text" % params["src"])
    return dict(params, script=script, src=None)


# Reading Pipelines: one list, one export.

def listed(client, category=None, search=None):
    """Every Pipeline of the list (one request: the page documents no paging), narrowed by category and search."""
    query = {"categories": category, "search": search or None}
    return unwrap_items(client.request(PIPELINES.routes["list"], query=query).content)


def key_of(item):
    return (item.get("category"), item.get("name"))


def exported(client, items):
    """{uuid: the export's entry} of the listed items, in one export request.

    The export's entries show no uuid (export-pipeline.md): each is matched to its item by category
    and name, which the list shows. An item the answer leaves out is read alone with get.
    """
    if not items:
        return {}
    answer = core.send(client, PIPELINES, "export", body={"pipelineUUIDs": [item["uuid"] for item in items]})
    entries = answer.get("pipelines") if isinstance(answer, dict) else None
    if not isinstance(entries, list):
        raise MalformedResponseError("Guance answered a Pipeline export with content that holds no list of pipelines")
    by_key = dict((key_of(entry), entry) for entry in entries if isinstance(entry, dict))
    by_uuid = dict((entry.get("uuid"), entry) for entry in entries if isinstance(entry, dict) and entry.get("uuid"))
    found = {}
    for item in items:
        entry = by_uuid.get(item["uuid"]) or by_key.get(key_of(item))
        if entry is None:
            entry = core.get(client, PIPELINES, item["uuid"]) or {}
        found[item["uuid"]] = dict(item, **entry)
    return found


def pick(family_items, category, name):
    """The one listed Pipeline of this category and name, None if none; ConflictError for two."""
    return core.pick_named(PIPELINES, [item for item in family_items if item.get("category") == category], name)


# Moving an exported set to another workspace.

# The fields of an export entry that the import route takes (import-pipeline.md's example).
EXPORT_FIELDS = ("asDefault", "category", "content", "extend", "isDisable", "name", "source", "testData")


def import_entry(entry, index):
    """An export entry checked (an OptionError naming it) and narrowed to the fields import takes."""
    if not isinstance(entry, dict):
        raise OptionError("import_pipelines[%d] must be a Pipeline as guance_pipeline_info exports it, got %r" % (index, entry))
    try:
        validate(params_of(entry))
    except OptionError as e:
        raise OptionError("import_pipelines[%d]: %s" % (index, e.message))
    return dict((k, entry[k]) for k in EXPORT_FIELDS if k in entry)


def params_of(entry):
    """An export entry as the module's options for one Pipeline."""
    return {"name": entry.get("name"), "category": entry.get("category"), "state": "present",
            "sources": list(entry.get("source") or []), "script": decode(entry.get("content")),
            "test_data": decode(entry.get("testData")), "as_default": bool(entry.get("asDefault")),
            "enabled": not entry.get("isDisable", False), "type": entry.get("type"), "src": None}


def import_entries(client, entries):
    """One import request for these export entries; a default among them replaces the current one."""
    body = {"pipelines": entries, "pipelineType": "all", "isForce": any(e.get("asDefault") for e in entries)}
    return core.send(client, PIPELINES, "import", body=body)


# States over the keys a user manages.

def is_enabled(pipeline):
    if "isDisable" in pipeline:
        return not pipeline["isDisable"]
    return pipeline.get("status", STATUS_ENABLED) == STATUS_ENABLED


def current_state(pipeline):
    """The managed keys the Pipeline shows (list, export or get merged), texts decoded, with the newline rule."""
    state = {"name": pipeline.get("name"), "category": pipeline.get("category"), "enabled": is_enabled(pipeline)}
    for key, field in (("sources", "source"), ("as_default", "asDefault"), ("script", "content"),
                       ("test_data", "testData"), ("type", "type")):
        if field in pipeline:
            state[key] = _read(key, pipeline[field])
    return state


def _read(key, value):
    if key == "sources":
        return sorted(value or [])
    if key == "as_default":
        return bool(value)
    if key in TEXTS:
        return same_text(decode(value))
    return value


def desired_state(params):
    """The managed keys the task gives (script read from src already); what it leaves out is not managed."""
    state = {"name": params["name"], "category": params["category"]}
    for key in ("sources", "as_default", "script", "test_data", "enabled", "type"):
        if params.get(key) is not None:
            state[key] = _read(key, params[key]) if key != "enabled" else params[key]
    return state


def request_body(params, current):
    """The whole body of add or modify: what the task gives, else what the Pipeline holds (modify needs
    every required field). isForce goes with asDefault: the task asks this one to be the default."""
    current = current or {}
    as_default = params.get("as_default") if params.get("as_default") is not None else current.get("as_default", False)
    body = {
        "name": params["name"],
        "category": params["category"],
        "type": params.get("type") or current.get("type") or DEFAULT_TYPE,
        "source": list(params["sources"]) if params.get("sources") is not None else current.get("sources", []),
        "content": encode(params["script"] if params.get("script") is not None else current.get("script")),
        "testData": encode(params["test_data"] if params.get("test_data") is not None else current.get("test_data", "")),
        "asDefault": 1 if as_default else 0,
    }
    if as_default:
        body["isForce"] = True
    return body


def public(pipeline):
    """A Pipeline as results show it: the module's keys, texts decoded, and its uuid."""
    if not pipeline:
        return {}
    shown = current_state(pipeline)
    for key in TEXTS:
        if key in shown:
            shown[key] = decode(pipeline["content" if key == "script" else "testData"])
    shown["uuid"] = pipeline.get("uuid")
    return shown


def predict(pipeline, body, enabled):
    """The Pipeline as the server would hold it after this body (and enable or disable): check mode's answer."""
    predicted = dict(pipeline or {}, **body)
    predicted.pop("isForce", None)
    if enabled is not None:
        predicted["isDisable"] = not enabled
    return predicted


def diff(before, after, header=None):
    """The diff: fields as JSON, the script and test data as lines of text."""
    return core.diff(before, after, header, texts=TEXTS)


# The script marker of a role's Pipelines: they carry no tags.

def marker_line(marker):
    return "# %s" % marker


def carries_marker(script, marker):
    return marker_line(marker) in same_text(script).splitlines()
