#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, guance.cloud maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: guance_monitor_group
short_description: Create, rename and delete Guance monitor groups
version_added: 1.0.0
description:
  - Keeps a monitor group of a Guance workspace, the folder monitors are filed under (a monitor's C(monitorUUID),
    C(monitorName) in exports), as the task describes it.
  - The group is found by its exact O(name), or by O(uuid), when O(name) renames it. Two groups with that name make
    the task fail without changing anything.
  - Every workspace has one default group. Its name in either language, V(默认分组) or V(Default), finds it whatever
    it is called in the workspace; it is never created, renamed or deleted.
author:
  - guance.cloud maintainers (@GuanceCloud)
options:
  name:
    description:
      - The group's name; identifies the group unless O(uuid) is given. Required unless O(uuid) is given.
    type: str
  uuid:
    description:
      - The group's uuid (V(monitor_...)), to find it whatever its name; with O(name), the group is renamed.
    type: str
  state:
    description:
      - V(present) creates the group or renames it; V(absent) deletes it (a group already gone is not an error).
        Guance moves the monitors of a deleted group to the default group.
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - guance.cloud.guance
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.actiongroups
  - guance.cloud.attributes
attributes:
  diff_mode:
    details: The diff holds the group's name.
notes:
  - "Requests per task: the list of groups (one per page of 100 groups with a similar name), or one get with O(uuid);
    creating, renaming or deleting costs 1 more."
  - Guance has no idempotency key for monitor groups. A create whose answer is lost is resolved by reading the
    group back by name, never by creating it twice.
seealso:
  - module: guance.cloud.guance_monitor
  - module: guance.cloud.guance_monitor_info
"""

EXAMPLES = r"""
- name: The groups a set of monitor exports names
  guance.cloud.guance_monitor_group:
    name: "{{ item }}"
  loop: [Tomcat检测库, Docker 检测库]

- name: Rename a group
  guance.cloud.guance_monitor_group:
    uuid: monitor_0123456789abcdef0123456789abcdef
    name: Tomcat

- name: Delete a group (its monitors move to the default group)
  guance.cloud.guance_monitor_group:
    name: Tomcat
    state: absent
"""

RETURN = r"""
monitor_group:
  description: The group as the server holds it after the task, or would in check mode. Empty after O(state=absent).
  returned: always
  type: dict
  sample:
    uuid: monitor_0123456789abcdef0123456789abcdef
    name: Tomcat检测库
    type: custom
    status: 0
    workspaceUUID: wksp_0123456789abcdef0123456789abcdef
uuid:
  description: The group's uuid; none when a group would be created in check mode, or after O(state=absent).
  returned: always
  type: str
  sample: monitor_0123456789abcdef0123456789abcdef
diff:
  description: The group's name before and after.
  returned: when diff mode is on
  type: dict
  sample: {before: {name: Tomcat检测库}, after: {name: Tomcat}}
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.guance.cloud.plugins.module_utils import _resource as core
from ansible_collections.guance.cloud.plugins.module_utils._errors import ConflictError, OptionError
from ansible_collections.guance.cloud.plugins.module_utils._notify_objects import (
    DEFAULT_GROUP_NAMES,
    MONITOR_GROUPS,
    check_name,
    find_group,
    is_default_group,
)
from ansible_collections.guance.cloud.plugins.module_utils._options import (
    guance_argument_spec,
)
from ansible_collections.guance.cloud.plugins.module_utils._results import serve

ARGUMENT_SPEC = guance_argument_spec(
    name=dict(type="str"),
    uuid=dict(type="str"),
    state=dict(type="str", choices=["present", "absent"], default="present"),
)


def find(client, options):
    if not options["uuid"]:
        return find_group(client, options["name"])
    group = core.get(client, MONITOR_GROUPS, options["uuid"])
    if group is None and options["state"] == "present":
        raise OptionError("uuid: no monitor group has uuid %s; give name alone to create one" % options["uuid"])
    return group


def rename(client, module, group, name):
    if is_default_group(group) or name in DEFAULT_GROUP_NAMES:
        raise OptionError("name: the default monitor group keeps its name, and no other group takes %s or %s"
                          % DEFAULT_GROUP_NAMES)
    other = core.find_by_name(client, MONITOR_GROUPS, name)
    if other is not None and other.get("uuid") != group.get("uuid"):
        raise ConflictError("name: another monitor group (%s) is named %r already" % (other.get("uuid"), name))
    if module.check_mode:
        return dict(group, name=name)
    renamed = core.send(client, MONITOR_GROUPS, "modify", uuid=group["uuid"], body={"name": name})
    return renamed if isinstance(renamed, dict) and renamed.get("uuid") else dict(group, name=name)


def present(client, module, group):
    """(changed, group) for state present."""
    name = module.params["name"]
    if group is None:
        if module.check_mode:
            return True, {"name": name}
        # The request example of create.md sends alertOpt along, empty.
        return True, core.create(client, MONITOR_GROUPS, {"name": name, "alertOpt": {}}, name)
    if name is None or name == group.get("name") or (is_default_group(group) and name in DEFAULT_GROUP_NAMES):
        return False, group
    return True, rename(client, module, group, name)


def absent(client, module, group):
    if group is None:
        return False, {}
    if is_default_group(group):
        raise OptionError("name: the default monitor group (%s) cannot be deleted" % group.get("name"))
    if not module.check_mode:
        core.delete(client, MONITOR_GROUPS, group["uuid"])
    return True, {}


def run(module, client):
    options = module.params
    if options["name"] is None and not options["uuid"]:
        raise OptionError("name or uuid is needed to find the monitor group")
    if options["name"] is not None:
        check_name("name", options["name"])
    group = find(client, options)
    changed, after = (present if options["state"] == "present" else absent)(client, module, group)
    shown = core.diff({"name": group["name"]} if group else {}, {"name": after["name"]} if after else {})
    result = dict(changed=changed, monitor_group=after, uuid=after.get("uuid"))
    if module._diff:
        result["diff"] = shown
    return result


def main():
    module = AnsibleModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    serve(module, run)


if __name__ == "__main__":
    main()
