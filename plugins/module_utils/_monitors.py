# -*- coding: utf-8 -*-
# Copyright: (c) 2026, guance.cloud maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Monitors (Guance's checkers): a thin wrapper over the client's checker routes, and pure functions.

A monitor is kept in the form the console exports it: a `checkers[]` item with `jsonScript` (the
rule: type, name, title, targets, checkerOpt...), `extend` (what the console's editor keeps),
`monitorName` (the monitor group, not the monitor) and `is_disable`. The pure functions turn such
an item and the module options into a comparable state over the keys a user manages, and a server
answer into the same form, with the server's bookkeeping left out on both sides. They never speak
to the server and never change what they are given.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import re

from ansible_collections.guance.cloud.plugins.module_utils import _resource as core
from ansible_collections.guance.cloud.plugins.module_utils._errors import OptionError
from ansible_collections.guance.cloud.plugins.module_utils._notify_objects import group_name

UUID_RE = re.compile(r"^rul_[0-9A-Za-z]+$")
GROUP_UUID_RE = re.compile(r"^monitor_[0-9a-f]{32}$")
POLICY_UUID_RE = re.compile(r"^altpl_[0-9a-f]{32}$")
MAX_TITLE = 256
# Uuids per export request: the page size of the lists, as the export route documents no limit.
EXPORT_BATCH = 100

# jsonScript.type, as the checker create page lists the check types: those in use, then those it says
# are retired (kept: a workspace may still hold monitors of them, and their exports apply back).
TYPES = ("simpleCheck", "seniorMutationsCheck", "seniorRangeCheck", "seniorRangeV2Check", "outlierCheck",
         "loggingCheck", "processCheck", "objectSurvivalCheck", "objectSurvivalV2Check", "apmCheck", "rumCheck",
         "securityCheck", "cloudDialCheck", "networkCheck", "OuterEventChecker", "smartHostCheck", "smartLogCheck",
         "smartApmCheck", "smartRumCheck", "combinedCheck")
RETIRED_TYPES = ("seniorCheck", "mutationsCheck", "waterLevelCheck", "rangeCheck")

# status of a checker in list, create and modify answers (checker/modify.md): 0 enabled, 2 disabled.
STATUS_DISABLED = 2

# What the server writes itself into a monitor: ids of the queries the console's editor builds.
QUERY_BOOKKEEPING = ("uuid",)
# Flags whose documented default is false: the server fills them in, a user's file may leave them out.
FALSE_DEFAULTS = frozenset((
    "infoEvent", "openMatchTimes", "disableCheckEndTime", "eventChartEnable", "openNotificationMessage",
    "openNoDataNotificationMessage", "isNeedCreateIssue", "needRecoverIssue", "ignoreNodata",
))
EMPTY = (None, "", {}, [])


def checker_name(obj):
    """The monitor's name: jsonScript.name, which the server takes from the title when it is left out."""
    script = obj.get("jsonScript") if isinstance(obj.get("jsonScript"), dict) else {}
    name = script.get("name")
    name = name if isinstance(name, str) and name else script.get("title")
    return name if isinstance(name, str) and name else None


def _rule_uuids(uuid=None, body=None):
    return {"body": {"ruleUUIDs": [uuid]}}


def _set_disable(uuid=None, body=None):
    return {"body": {"ruleUUIDs": [uuid], "isDisable": not body["enabled"]}}


# Monitors (checkers): no get route, the list filters by checkerUUID; delete and set_disable take the
# uuid in the body. Alert policies (and monitor groups, _notify_objects.MONITOR_GROUPS) are what monitors
# and mute rules refer to.
CHECKERS = core.Family("monitor", "monitors", {
    "list": "checkers.list", "create": "checkers.add", "modify": "checkers.modify", "delete": "checkers.delete",
    "set_enabled": "checkers.set_disable",
}, requests={"delete": _rule_uuids, "set_enabled": _set_disable}, name_of=checker_name, uuid_prefix="rul_",
    uuid_query="checkerUUID")
ALERT_POLICIES = core.Family("alert policy", "alert policies", {
    "list": "alert_policies.list", "get": "alert_policies.get", "create": "alert_policies.add",
    "modify": "alert_policies.modify", "delete": "alert_policies.delete",
}, requests={"delete": lambda uuid=None, body=None: {"body": {"alertPolicyUUIDs": [uuid]}}}, uuid_prefix="altpl_")


def listing(client, search=None, uuids=None, groups=None, policies=None, smart=False):
    """The monitors the list's filters select, every page."""
    # checkerUUID, monitorUUID and alertPolicyUUID are comma-separated lists (commaArray).
    query = {"checkerUUID": _commas(uuids), "monitorUUID": _commas(groups), "alertPolicyUUID": _commas(policies),
             "type": "smartMonitor" if smart else None}
    return core.items(client, CHECKERS, search=search, query=query)


def export(client, uuids):
    """The export items of these monitors, in order, one request per 100."""
    items = []
    for start in range(0, len(uuids), EXPORT_BATCH):
        content = client.request("checkers.export", body={"checkers": list(uuids[start:start + EXPORT_BATCH])}).content
        items.extend(((content or {}).get("checkers") if isinstance(content, dict) else content) or [])
    return items


def _commas(values):
    return ",".join(values) if values else None


# Reading a monitor, as the user gives it or as the server answers.

def parse_monitor(value, option="monitor"):
    """One checker item from a dict or JSON text: an export item, or an export holding exactly one."""
    if isinstance(value, (str, bytes)):
        try:
            value = json.loads(value)
        except ValueError as exc:
            raise OptionError("%s must be a dict or JSON text of a monitor; it is not valid JSON: %s" % (option, exc))
    if isinstance(value, dict) and isinstance(value.get("content"), dict):
        value = value["content"]
    if isinstance(value, dict) and "checkers" in value:
        checkers = value["checkers"]
        if not isinstance(checkers, list) or len(checkers) != 1:
            raise OptionError("%s holds %s monitors in 'checkers'; give exactly one (the role takes files of many)"
                              % (option, len(checkers) if isinstance(checkers, list) else "no list of"))
        value = checkers[0]
    return validate_item(value, option)


def validate_item(item, option="monitor"):
    """The item when it is a monitor as the console exports it; OptionError saying what is missing."""
    if not isinstance(item, dict) or not isinstance(item.get("jsonScript"), dict):
        raise OptionError("%s must be a monitor as Guance exports it: an object with a 'jsonScript' object "
                          "(or {'checkers': [that]}), got %s" % (option, _shape(item)))
    script = item["jsonScript"]
    if script.get("type") not in TYPES + RETIRED_TYPES:
        raise OptionError("%s: jsonScript.type must be a check type Guance knows: %s (or a retired one: %s), got %r"
                          % (option, ", ".join(TYPES), ", ".join(RETIRED_TYPES), script.get("type")))
    if not isinstance(script.get("title"), str):
        raise OptionError("%s: jsonScript.title (the event title) must be a string" % option)
    if len(script["title"]) > MAX_TITLE:
        raise OptionError("%s: jsonScript.title may be at most %d characters long" % (option, MAX_TITLE))
    if not (checker_name(item) or ""):
        raise OptionError("%s: jsonScript.name (or else the title) must name the monitor" % option)
    for key, kind in (("extend", dict), ("is_disable", bool), ("tagInfo", list)):
        if item.get(key) is not None and not isinstance(item[key], kind):
            raise OptionError("%s: %s must be a %s" % (option, key, kind.__name__))
    return item


def _shape(value):
    if isinstance(value, dict):
        return "an object with keys %s" % ", ".join(sorted(str(k) for k in value)[:10])
    return type(value).__name__


def tag_names(obj):
    """Sorted tag names of a checker (tagInfo [{id, name}] in answers and exports, tags as names in bodies);
    None when the object carries no tags at all."""
    for key in ("tagInfo", "tag_info", "tags"):
        tags = obj.get(key)
        if isinstance(tags, list):
            names = (t.get("name") if isinstance(t, dict) else t for t in tags)
            return sorted(set(n for n in names if isinstance(n, str) and n))
    return None


def is_enabled(obj):
    """Whether the monitor runs: is_disable in exports, status 0 / 2 in other answers."""
    if isinstance(obj.get("is_disable"), bool):
        return not obj["is_disable"]
    return obj.get("status") != STATUS_DISABLED


def clean(value):
    """Drops empty values ("", None, {}, []) and default-false flags from mappings, at any depth.

    The server fills in empty defaults (channels: [], noDataTitle: "", infoEvent: false) that a
    user's file leaves out, and the other way round; list items are kept, so order still counts.
    """
    if isinstance(value, dict):
        cleaned = ((k, clean(v)) for k, v in value.items())
        return dict((k, v) for k, v in cleaned if v not in EMPTY and not (v is False and k in FALSE_DEFAULTS))
    if isinstance(value, list):
        return [clean(v) for v in value]
    return value


def normalize_script(script):
    """jsonScript without its name (compared on its own) and the server's empty defaults."""
    return clean(dict((k, v) for k, v in (script or {}).items() if k != "name"))


def normalize_extend(extend):
    """extend without the ids the server gives the editor's queries."""
    extend = dict(extend or {})
    if isinstance(extend.get("querylist"), list):
        extend["querylist"] = [dict((k, v) for k, v in q.items() if k not in QUERY_BOOKKEEPING) if isinstance(q, dict) else q
                               for q in extend["querylist"]]
    return clean(extend)


def current_state(obj, group_by="name"):
    """Every key a task can manage, as the server holds it; tags and alert_policies left out when the
    answer does not carry them (see docs/api-notes.md, Monitors)."""
    state = {
        "name": checker_name(obj),
        "jsonScript": normalize_script(obj.get("jsonScript")),
        "extend": normalize_extend(obj.get("extend")),
        "monitor_group": obj.get("monitorUUID") if group_by == "uuid" else group_name(obj.get("monitorName")),
        "enabled": is_enabled(obj),
    }
    tags = tag_names(obj)
    if tags is not None:
        state["tags"] = tags
    if isinstance(obj.get("alertPolicyUUIDs"), list):
        state["alert_policies"] = sorted(set(obj["alertPolicyUUIDs"]))
    return state


# Reading what the user wants.

def validate(options):
    """The parsed monitor option (None when not given); OptionError on input that cannot mean anything."""
    if options.get("uuid") is not None and not UUID_RE.match(options["uuid"]):
        raise OptionError("uuid must be a monitor's uuid, rul_ followed by letters and digits, got %r" % options["uuid"])
    item = parse_monitor(options["monitor"]) if options.get("monitor") is not None else None
    if options.get("name") is not None and not options["name"].strip():
        raise OptionError("name must not be empty")
    if not (options.get("uuid") or options.get("name") or item is not None):
        raise OptionError("name, uuid or monitor is required to find the monitor")
    if options.get("lookup") is False and options.get("state") != "present":
        raise OptionError("lookup: false only applies with state: present (it creates the monitor without looking "
                          "for it), got state: %s" % options.get("state"))
    if options.get("lookup") is False and item is None:
        raise OptionError("lookup: false needs monitor: it creates a new monitor from it")
    for ref in options.get("alert_policies") or []:
        if not ref or not ref.strip():
            raise OptionError("alert_policies: every entry must be an alert policy's name or uuid, got %r" % ref)
    return item


def desired_state(options, item):
    """The managed keys and their wanted values, in the form current_state gives them; left-out options and
    keys the monitor file lacks are not managed."""
    desired = {}
    if item is not None:
        desired["jsonScript"] = normalize_script(item["jsonScript"])
        if item.get("extend") is not None:
            desired["extend"] = normalize_extend(item["extend"])
    name = options.get("name") or (checker_name(item) if item is not None else None)
    if name and (item is not None or options.get("uuid")):
        desired["name"] = name
    group = options.get("monitor_group") or (item or {}).get("monitorName") or (item or {}).get("monitorUUID")
    if group:
        desired["monitor_group"] = group_name(group)
    policies = options.get("alert_policies")
    if policies is None and isinstance((item or {}).get("alertPolicyUUIDs"), list):
        policies = item["alertPolicyUUIDs"]
    if policies is not None:
        desired["alert_policies"] = sorted(set(policies))
    tags = options.get("tags") if options.get("tags") is not None else (tag_names(item) if item is not None else None)
    if tags is not None:
        desired["tags"] = sorted(set(tags))
    if options.get("enabled") is not None:
        desired["enabled"] = options["enabled"]
    elif isinstance((item or {}).get("is_disable"), bool):
        desired["enabled"] = not item["is_disable"]
    return desired


def group_form(desired):
    """How the monitor group is compared: by uuid when the task gives a uuid, else by name."""
    return "uuid" if GROUP_UUID_RE.match(desired.get("monitor_group") or "") else "name"


def policies_by_name(desired):
    return any(not POLICY_UUID_RE.match(ref) for ref in desired.get("alert_policies") or [])


# Comparing (core.compare), then writing.

def needs_modify(keys):
    """Whether the differing keys need a modify; enabled alone goes through set_disable."""
    return bool(set(keys) - {"enabled"})


# Request bodies, from the monitor as the user gave it (the comparison uses normalised copies).

def create_body(item, desired, group_uuid=None, policy_uuids=None):
    body = {"jsonScript": dict(item["jsonScript"], name=desired["name"])}
    for key in ("extend", "type", "secret"):
        if item.get(key) not in (None, ""):
            body[key] = item[key]
    if group_uuid:
        body["monitorUUID"] = group_uuid
    if policy_uuids is not None:
        body["alertPolicyUUIDs"] = policy_uuids
    if "tags" in desired:
        body["tags"] = desired["tags"]
    return body


def modify_body(obj, item, desired, group_uuid=None, policy_uuids=None):
    """The whole configuration: what the task manages, the rest as the server holds it.

    modify replaces what it is given; the older modify page marks monitorUUID as required, so it is
    always sent, and the tags and policies the server showed are sent back unchanged.
    """
    source = item if item is not None else obj
    body = {"jsonScript": dict(source.get("jsonScript") or {}, name=desired.get("name") or checker_name(obj)),
            "monitorUUID": group_uuid or obj.get("monitorUUID") or ""}
    extend = source.get("extend") if source.get("extend") is not None else obj.get("extend")
    if extend is not None:
        body["extend"] = extend
    policies = policy_uuids if policy_uuids is not None else obj.get("alertPolicyUUIDs")
    if isinstance(policies, list):
        body["alertPolicyUUIDs"] = policies
    tags = desired["tags"] if "tags" in desired else tag_names(obj)
    if tags is not None:
        body["tags"] = tags
    return body


def predict(obj, body, desired):
    """The monitor as it would be after the writes (check mode), in the form of a list item."""
    predicted = dict(obj or {})
    for key in ("jsonScript", "extend", "monitorUUID", "alertPolicyUUIDs", "type", "secret"):
        if key in body:
            predicted[key] = body[key]
    if "tags" in body:
        predicted["tagInfo"] = [{"name": n} for n in body["tags"]]
    if group_form(desired) == "name" and desired.get("monitor_group"):
        predicted["monitorName"] = desired["monitor_group"]
    if "enabled" in desired:
        predicted["status"] = 0 if desired["enabled"] else STATUS_DISABLED
    return predicted


def with_extras(obj):
    """A copy of a monitor with its name, tag names and enabled state added, whatever form the server used."""
    if not obj:
        return {}
    return dict(obj, name=checker_name(obj), tags=tag_names(obj) or [], enabled=is_enabled(obj))
