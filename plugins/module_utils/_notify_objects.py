# -*- coding: utf-8 -*-
# Copyright: (c) 2026, guance.cloud maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What monitors point at: notification targets (notify objects) and monitor groups, as families of
the resource core, and the pure functions that read a task's options, compare, and keep secrets out
of every result, diff and export.

A notification target's settings (optSet) depend on its type. Webhook URLs carry the robot's token
and signing secrets sign its calls: those are secrets. Whether get or list answer them is not
documented (docs/api-notes.md), so each is compared where an answer shows it and is otherwise a
field no answer shows, in the core's sense.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import re

from ansible_collections.guance.cloud.plugins.module_utils import _resource as core
from ansible_collections.guance.cloud.plugins.module_utils._errors import OptionError, ParameterError


def _uuid_in_body(uuid=None, body=None):
    return {"body": dict(body or {}, notifyObjectUUID=uuid)}


NOTIFY_OBJECTS = core.Family(
    "notification target", "notification targets",
    {"list": "notify_objects.list", "get": "notify_objects.get", "create": "notify_objects.create",
     "modify": "notify_objects.modify", "delete": "notify_objects.delete"},
    requests={"get": lambda uuid=None, body=None: {"query": {"notifyObjectUUID": uuid}},
              "modify": _uuid_in_body,
              "delete": lambda uuid=None, body=None: {"body": {"notifyObjectUUIDs": [uuid]}}},
    uuid_prefix="notify_")
# The other documented body of delete (a single uuid), the one Guance's Terraform provider sends.
NOTIFY_OBJECTS_SINGLE_DELETE = core.Family(
    "notification target", "notification targets", {"delete": "notify_objects.delete"},
    requests={"delete": lambda uuid=None, body=None: {"body": {"notifyObjectUUID": uuid}}})

MONITOR_GROUPS = core.Family(
    "monitor group", "monitor groups",
    {"list": "monitor_groups.list", "get": "monitor_groups.get", "create": "monitor_groups.create",
     "modify": "monitor_groups.modify", "delete": "monitor_groups.delete"},
    uuid_prefix="monitor_")
# Every workspace has one default group (type default); exports name it in either language.
DEFAULT_GROUP_NAMES = ("默认分组", "Default")
DEFAULT_GROUP_TYPE = "default"

# type -> the optSet settings it takes, all required (create.md; the provider's README for the four
# types the page does not list).
TYPES = {
    "dingTalkRobot": ("webhook", "secret"),
    "feishuRobot": ("webhook", "secret"),
    "wechatRobot": ("webhook",),
    "slackIncomingWebhook": ("webhook",),
    "teamsWorkflowWebhook": ("webhook",),
    "googleChatWebhook": ("webhook",),
    "HTTPRequest": ("url",),
    "simpleHTTPRequest": ("url",),
    "mailGroup": ("to",),
    "sms": ("to",),
    "vms": ("to",),
}
SETTINGS = ("webhook", "secret", "url", "to")
SECRETS = ("webhook", "secret", "url")
MAX_NAME = 128
NAME_RE = re.compile(r"[^\x00-\x1f\x7f]+\Z")
# What a secret shows as in results and diffs; never its value.
HIDDEN = "(secret, not shown)"
CHANGED = "(secret, changed)"
# A value some servers answer in place of a secret: not the secret, so not compared.
MASK_RE = re.compile(r"\A\**\Z|.*\*{4,}")
# The export's placeholder for a secret: the variable to give it in (see export_item).
SECRETS_VARIABLE = "guance_notify_secrets"
SETTING_PREFIX = "settings."


# Reading what the user wants.

def check_name(option, name):
    if not isinstance(name, str) or not name.strip() or not NAME_RE.match(name):
        raise OptionError("%s must be a non-empty string without control characters, got %r" % (option, name))
    if len(name) > MAX_NAME:
        raise OptionError("%s must be at most %d characters, got %d" % (option, MAX_NAME, len(name)))


def check_settings(params):
    """OptionError for a setting the type lacks or does not take, before any request; never quoting a secret."""
    kind = params.get("type")
    if kind not in TYPES:
        raise OptionError("type must be one of %s, got %r" % (", ".join(sorted(TYPES, key=str.lower)), kind))
    wanted = TYPES[kind]
    missing = [key for key in wanted if params.get(key) in (None, "", [])]
    if missing:
        raise OptionError("a %s target needs %s" % (kind, " and ".join(missing)))
    extra = [key for key in SETTINGS if key not in wanted and params.get(key) is not None]
    if extra:
        raise OptionError("a %s target takes %s, not %s" % (kind, " and ".join(wanted), " or ".join(extra)))
    for key in wanted:
        check_setting(key, params[key])
    overlap = sorted(set(params.get("settings") or {}) & set(SETTINGS))
    if overlap:
        raise OptionError("settings must not hold %s: give them as options of their own" % ", ".join(overlap))


def check_setting(key, value):
    """OptionError for a bad value of one setting; the message never quotes a secret."""
    if key == "to":
        if not all(isinstance(v, str) and v.strip() for v in value):
            raise OptionError("to must be a list of non-empty strings")
        return
    if "{{" in value:
        raise OptionError("%s holds a template that was never filled in, the export's placeholder: give the "
                          "variable it names (%s)" % (key, SECRETS_VARIABLE))
    if key != "secret" and not re.match(r"https?://[^\s/]+", value):
        raise OptionError("%s must be an http:// or https:// URL (its value is not shown: it is a secret)" % key)


def validate(params):
    """Every check of a present or absent target's options that needs no request."""
    if params.get("name") is None and not params.get("uuid"):
        raise OptionError("name or uuid is needed to find the notification target")
    if params.get("name") is not None:
        check_name("name", params["name"])
    if params.get("state", "present") == "present":
        check_settings(params)


def desired_state(params):
    """The managed keys as the task gives them: name, type, the type's settings, the extra settings and
    the permissions where given. Lists whose order does not matter are sorted."""
    state = {"name": params["name"], "type": params["type"]}
    for key in TYPES[params["type"]]:
        state[key] = sorted(params[key]) if key == "to" else params[key]
    for key, value in (params.get("settings") or {}).items():
        state[SETTING_PREFIX + key] = value
    if params.get("permission_set") is not None:
        state["permission_set"] = sorted(params["permission_set"])
    if params.get("open_permission_set") is not None:
        state["open_permission_set"] = params["open_permission_set"]
    return state


# Reading a target as the server holds it.

def shown_settings(obj):
    """optSet as the answer shows it, without secrets answered as a mask (they are not shown)."""
    opt = obj.get("optSet") if isinstance(obj.get("optSet"), dict) else {}
    return dict((k, v) for k, v in opt.items()
                if not (k in SECRETS and (v in (None, "") or (isinstance(v, str) and MASK_RE.match(v)))))


def current_state(obj):
    """Every key the answer shows, in the form desired_state gives; what it does not show is left out."""
    state = {"name": obj.get("name"), "type": obj.get("type")}
    for key, value in shown_settings(obj).items():
        if key == "to" and isinstance(value, list):
            state[key] = sorted(value)
        else:
            state[key if key in SETTINGS else SETTING_PREFIX + key] = value
    if isinstance(obj.get("permissionSet"), list):
        state["permission_set"] = sorted(obj["permissionSet"])
    if "openPermissionSet" in obj:
        state["open_permission_set"] = bool(obj["openPermissionSet"])
    return state


def request_body(params, obj=None):
    """create's body (modify's, with obj: the uuid goes along, type stays). optSet is sent whole: the
    settings the answer showed, with the task's over them."""
    opt = dict(shown_settings(obj or {}))
    opt.update(params.get("settings") or {})
    opt.update((key, params[key]) for key in TYPES[params["type"]])
    body = {"name": params["name"], "optSet": opt}
    if obj is None:
        body["type"] = params["type"]
    if params.get("permission_set") is not None:
        body["permissionSet"] = list(params["permission_set"])
    if params.get("open_permission_set") is not None:
        body["openPermissionSet"] = params["open_permission_set"]
    return body


def check_type(obj, params):
    """Guance's modify takes no type: a target of another type is an error, not a change."""
    if obj.get("type") != params["type"]:
        raise OptionError("type: the notification target %r (%s) is a %s; Guance cannot change the type of a target, so "
                          "delete it first (state: absent) to make it a %s"
                          % (obj.get("name"), obj.get("uuid"), obj.get("type"), params["type"]))


def predict(obj, body):
    """The target as it would be after the write (check mode)."""
    return dict(obj or {}, **dict((k, v) for k, v in body.items() if k != "notifyObjectUUID"))


# Keeping secrets out.

def public(obj):
    """A copy of an answer that holds no secret: each secret the answer shows reads HIDDEN."""
    if not isinstance(obj, dict):
        return obj
    shown = dict(obj)
    if isinstance(obj.get("optSet"), dict):
        shown["optSet"] = dict((k, HIDDEN if k in SECRETS and v not in (None, "") else v) for k, v in obj["optSet"].items())
    return shown


def masked(state):
    """A state with each secret reading HIDDEN."""
    return dict((k, HIDDEN if k in SECRETS else v) for k, v in state.items())


def diff_states(comparison):
    """(before, after) of a comparison for --diff: secrets read HIDDEN, or CHANGED on the side that changes them."""
    before = masked(comparison.before)
    after = dict((k, (CHANGED if k in comparison.differing and comparison.before else HIDDEN) if k in SECRETS else v)
                 for k, v in comparison.after.items())
    return before, after


def secret_marker(name, key):
    """The placeholder of a secret in an export: a template naming the variable to give it in."""
    return "{{ %s[%s].%s }}" % (SECRETS_VARIABLE, json.dumps(name, ensure_ascii=False), key)


def export_item(obj):
    """A target as guance_notify_object takes it, secrets replaced by the variable that should hold them."""
    kind = obj.get("type")
    item = {"name": obj.get("name"), "type": kind}
    opt = obj.get("optSet") if isinstance(obj.get("optSet"), dict) else {}
    for key in TYPES.get(kind, ()):
        if key in SECRETS:
            item[key] = secret_marker(obj.get("name"), key)
        elif key in opt:
            item[key] = opt[key]
    settings = dict((k, v) for k, v in opt.items() if k not in SETTINGS)
    if settings:
        item["settings"] = settings
    if obj.get("permissionSet"):
        item["permission_set"] = list(obj["permissionSet"])
    if "openPermissionSet" in obj:
        item["open_permission_set"] = bool(obj["openPermissionSet"])
    return item


# Talking to Guance (the core does the rest).

def delete(client, uuid):
    """True when deleted, False when already gone. The list form of delete.md first; a server that refuses
    it (a parameter error carries nothing out) gets the single uuid the provider sends."""
    try:
        return core.delete(client, NOTIFY_OBJECTS, uuid)
    except ParameterError:
        return core.delete(client, NOTIFY_OBJECTS_SINGLE_DELETE, uuid)


def find_group(client, name):
    """The monitor group named exactly `name`; either name of the default group finds the workspace's
    default group, whatever it is called there."""
    if name in DEFAULT_GROUP_NAMES:
        groups = [g for g in core.items(client, MONITOR_GROUPS) if g.get("type") == DEFAULT_GROUP_TYPE]
        if groups:
            return groups[0]
    return core.find_by_name(client, MONITOR_GROUPS, name)


def is_default_group(group):
    return isinstance(group, dict) and group.get("type") == DEFAULT_GROUP_TYPE


def resolve_group(client, option, ref, planned=None):
    """The uuid of the monitor group `ref` (a name or a uuid): either name of the default group is the
    workspace's default group; another name no group has, or two have, is an OptionError naming the option."""
    if ref in DEFAULT_GROUP_NAMES:
        found = find_group(client, ref)
        if is_default_group(found):
            return found["uuid"]
    return core.resolve(client, MONITOR_GROUPS, option, [ref], planned)[0]


def group_name(name):
    """A group name as monitors compare it: either name of the default group reads as the first, since an
    export names it in the language of the workspace it came from."""
    return DEFAULT_GROUP_NAMES[0] if name in DEFAULT_GROUP_NAMES else name
