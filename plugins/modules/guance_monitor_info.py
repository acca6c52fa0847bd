#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, guance.cloud maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: guance_monitor_info
short_description: List Guance monitors, and export them in the form guance_monitor takes
version_added: 1.0.0
description:
  - Lists the monitors (checkers) of a Guance workspace, following every page, with the whole rule of each.
  - With O(export=true), each monitor also carries its export, the form M(guance.cloud.guance_monitor) takes as
    its O(guance.cloud.guance_monitor#module:monitor) option, so that monitors can be copied to another workspace
    or kept as files.
author:
  - guance.cloud maintainers (@GuanceCloud)
options:
  name:
    description:
      - Only the monitor with exactly this name (C(jsonScript.name)).
    type: str
  names:
    description:
      - Only the monitors with exactly these names.
      - Reads the whole list (one request per 100 monitors).
    type: list
    elements: str
  uuid:
    description:
      - Only the monitor with this uuid. No match gives an empty list.
    type: str
  search:
    description:
      - Only the monitors whose name contains this text (the server's C(search)).
    type: str
  type:
    description:
      - V(trigger) lists the monitors, V(smartMonitor) the intelligent monitors (Guance's C(type) filter).
    type: str
    choices: [trigger, smartMonitor]
    default: trigger
  monitor_group:
    description:
      - Only the monitors of this monitor group, by name or by uuid. An unknown group is an error.
    type: str
  alert_policy:
    description:
      - Only the monitors tied to this alert policy, by name or by uuid. An unknown policy is an error.
    type: str
  export:
    description:
      - Add to each monitor its export (C(export)), as Guance's export request gives it.
    type: bool
    default: false
extends_documentation_fragment:
  - guance.cloud.guance
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.actiongroups
  - guance.cloud.attributes.info
notes:
  - "Guance allows 20 requests a minute per API key. This module costs one request per page of 100 monitors, plus
    one to resolve O(monitor_group) or O(alert_policy) given by name, plus one per 100 monitors with O(export=true)."
seealso:
  - module: guance.cloud.guance_monitor
"""

EXAMPLES = r"""
- name: Read every monitor of the Databases group
  guance.cloud.guance_monitor_info:
    monitor_group: Databases
  register: db_monitors

- name: Show their names and whether they run
  ansible.builtin.debug:
    msg: "{{ db_monitors.monitors | items2dict(key_name='name', value_name='enabled') }}"

- name: Export every monitor of one workspace
  guance.cloud.guance_monitor_info:
    export: true
  register: exported

- name: Write each one to a file of the folder the monitors role applies
  ansible.builtin.copy:
    content: "{{ item.export | ansible.builtin.to_nice_json }}"
    dest: "monitors/{{ item.name | regex_replace('[^A-Za-z0-9_.-]+', '_') }}.json"
    mode: "0644"
  loop: "{{ exported.monitors }}"
  loop_control:
    label: "{{ item.name }}"

- name: Apply them to another workspace
  guance.cloud.guance_monitor:
    api_key: "{{ other_workspace_key }}"
    monitor: "{{ item.export }}"
  loop: "{{ exported.monitors }}"
  loop_control:
    label: "{{ item.name }}"
"""

RETURN = r"""
monitors:
  description:
    - The monitors that match, as the server lists them (newest change first).
    - C(name) (C(jsonScript.name)), C(tags) (tag names) and C(enabled) are added to each; C(export) too with
      O(export=true).
  returned: always
  type: list
  elements: dict
  sample:
    - uuid: rul_0123456789abcdef0123456789abcdef
      name: Host CPU usage too high
      enabled: true
      tags: [infra]
      monitorName: Default
      monitorUUID: monitor_0123456789abcdef0123456789abcdef
      status: 0
      jsonScript: {type: simpleCheck, name: Host CPU usage too high, title: "CPU of {{host}} is high"}
      extend: {}
      export:
        jsonScript: {type: simpleCheck, name: Host CPU usage too high, title: "CPU of {{host}} is high"}
        extend: {}
        is_disable: false
        monitorName: Default
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.guance.cloud.plugins.module_utils import _resource as core
from ansible_collections.guance.cloud.plugins.module_utils._errors import OptionError
from ansible_collections.guance.cloud.plugins.module_utils._monitors import (
    ALERT_POLICIES,
    UUID_RE,
    checker_name,
    export,
    listing,
    with_extras,
)
from ansible_collections.guance.cloud.plugins.module_utils._notify_objects import MONITOR_GROUPS
from ansible_collections.guance.cloud.plugins.module_utils._options import (
    guance_argument_spec,
)
from ansible_collections.guance.cloud.plugins.module_utils._results import serve

ARGUMENT_SPEC = guance_argument_spec(
    name=dict(type="str"),
    names=dict(type="list", elements="str"),
    uuid=dict(type="str"),
    search=dict(type="str"),
    type=dict(type="str", choices=["trigger", "smartMonitor"], default="trigger"),
    monitor_group=dict(type="str"),
    alert_policy=dict(type="str"),
    export=dict(type="bool", default=False),
)


def select(client, options):
    """The listed monitors that match every filter."""
    if options["uuid"] is not None and not UUID_RE.match(options["uuid"]):
        raise OptionError("uuid must be a monitor's uuid, rul_ followed by letters and digits, got %r" % options["uuid"])
    if options["names"] is not None:
        return [m for m in listing(client) if checker_name(m) in set(options["names"])]
    group = core.resolve(client, MONITOR_GROUPS, "monitor_group", [options["monitor_group"]])[0] if options["monitor_group"] else None
    policy = core.resolve(client, ALERT_POLICIES, "alert_policy", [options["alert_policy"]])[0] if options["alert_policy"] else None
    found = listing(client, search=options["search"] or options["name"], uuids=[options["uuid"]] if options["uuid"] else None,
                    groups=[group] if group else None, policies=[policy] if policy else None,
                    smart=options["type"] == "smartMonitor")
    return [m for m in found if options["name"] is None or checker_name(m) == options["name"]]


def run(module, client):
    monitors = [with_extras(m) for m in select(client, module.params)]
    if module.params["export"] and monitors:
        exported = export(client, [m["uuid"] for m in monitors])
        monitors = [dict(m, export=e) for m, e in zip(monitors, exported)]
    return monitors


def task(module, client):
    return dict(changed=False, monitors=run(module, client))


def main():
    module = AnsibleModule(
        argument_spec=ARGUMENT_SPEC,
        supports_check_mode=True,
        mutually_exclusive=[("names", "name"), ("names", "uuid"), ("names", "search"), ("names", "monitor_group"),
                            ("names", "alert_policy")],
    )
    serve(module, task)


if __name__ == "__main__":
    main()
