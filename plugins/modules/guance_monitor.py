#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, guance.cloud maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: guance_monitor
short_description: Create, update, enable, disable and delete Guance monitors
version_added: 0.2.0
description:
  - Keeps one monitor (a checker) of a Guance workspace as the task describes it, in the form the console exports
    monitors.
  - The monitor is found by O(uuid), or else by its exact name (O(name), or else C(jsonScript.name) of O(monitor)).
  - The rule (C(jsonScript)) and the editor's settings (C(extend)) are compared with what Guance holds after leaving
    out what the server adds or rewrites (the ids of the editor's queries, empty defaults such as C(channels=[]) or
    C(infoEvent=false), key order). A monitor applied twice sends no change the second time, and one exported and
    applied back is left alone.
  - Options left out are not managed; a task that gives only O(name) and O(enabled) switches the monitor on or off
    and leaves the rule as it is.
  - The P(guance.cloud.monitors#role) role applies a folder of monitor files with this module.
author:
  - guance.cloud maintainers (@GuanceCloud)
options:
  name:
    description:
      - The monitor's name (C(jsonScript.name)); never C(monitorName), which names the monitor group.
      - Identifies the monitor when O(uuid) is not given. Two monitors with this name make the task fail without
        changing anything; give O(uuid) then.
      - Replaces C(jsonScript.name) of O(monitor). With O(uuid), a different name renames the monitor.
      - Left out, the name comes from O(monitor) (C(jsonScript.name), or else its C(title), which is what Guance
        names a monitor without a name).
    type: str
  uuid:
    description:
      - The monitor's uuid, V(rul_) followed by letters and digits. Identifies the monitor directly.
      - A uuid that no monitor of the workspace has makes the task fail unless O(state=absent).
    type: str
  state:
    description:
      - V(present) creates the monitor or brings the managed fields in line.
      - V(absent) deletes it; a monitor that is already gone is not an error.
    type: str
    choices: [present, absent]
    default: present
  monitor:
    description:
      - The monitor as Guance exports it (the console's export, or the C(checkers) of the OpenAPI export), as a dict
        or as JSON text; typically C(lookup('ansible.builtin.file', 'monitors/cpu.json')).
      - Either one C(checkers[]) item (C(jsonScript), C(extend), C(monitorName), C(is_disable), C(tagInfo)...) or a
        whole export holding exactly one. C(jsonScript) must have a C(type) and a C(title).
      - C(monitorName), C(tagInfo) and C(is_disable) of the file stand for O(monitor_group), O(tags) and O(enabled)
        when those options are left out. C(extend) is compared only when the file has it.
      - Required to create a monitor.
    type: raw
  enabled:
    description:
      - Whether the monitor runs. Changed through Guance's enable/disable request alone, without rewriting the monitor.
      - Left out, C(is_disable) of O(monitor) decides when present; otherwise the state is not managed (a new monitor
        is enabled).
    type: bool
  monitor_group:
    description:
      - The monitor group, by name or by uuid (V(monitor_) and 32 hex digits). It must exist in the workspace.
      - Left out, C(monitorName) of O(monitor) is used when present; otherwise the group is not managed (a new
        monitor goes to the workspace's default group).
    type: str
  alert_policies:
    description:
      - The alert policies that notify for the monitor, by name or by uuid (V(altpl_) and 32 hex digits). This is the
        whole list; V([]) ties the monitor to none. Each must exist in the workspace, or the task fails before any
        change.
    type: list
    elements: str
  tags:
    description:
      - The names of the monitor's tags. This is the whole list; V([]) removes all. Order and repetitions do not matter.
      - Left out, the names of C(tagInfo) of O(monitor) are used when present.
    type: list
    elements: str
  lookup:
    description:
      - Whether to look for the monitor before acting. V(false) says that the caller has just made sure that no
        monitor of this name exists (typically from one M(guance.cloud.guance_monitor_info) list that serves many
        tasks), so that the monitor is created without a lookup. Only with O(state=present) and O(monitor).
      - Guance allows several monitors with one name, so use it only right after such a check.
    type: bool
    default: true
  listed:
    description:
      - The monitor as M(guance.cloud.guance_monitor_info) has just listed it, standing in for the lookup, so that an
        unchanged monitor costs no request at all. The P(guance.cloud.monitors#role) role uses it.
      - Its uuid identifies the monitor.
    type: dict
extends_documentation_fragment:
  - guance.cloud.guance
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.actiongroups
  - guance.cloud.attributes
notes:
  - "Guance allows 20 requests a minute per API key. Requests per task: the lookup, 1 (the list, filtered by
    O(uuid) or by the name, one request per 100 monitors with a similar name; none with O(listed) or
    O(lookup=false)); plus 1 to resolve alert policies given by name (one list of the policies), or given by uuid
    when they are written; plus 1 to resolve the monitor group when it is written (create, or a new group).
    Then a create costs 1 (2 when it starts disabled), a change of the monitor 1, enabling or disabling alone 1,
    a delete 1. An unchanged monitor found by name costs 1."
  - A create whose answer is lost (timeout, dropped connection, server error) is resolved by reading the monitor
    back by its name, never by creating it twice.
  - Some Guance answers may carry no tags or alert policies (the list example of the OpenAPI shows neither). Then
    those options cannot be compared; they are sent along with any other change, and otherwise the task warns.
seealso:
  - module: guance.cloud.guance_monitor_info
"""

EXAMPLES = r"""
- name: Keep the CPU monitor as exported from the console
  guance.cloud.guance_monitor:
    monitor: "{{ lookup('ansible.builtin.file', 'monitors/cpu_high.json') }}"
    alert_policies: [On call]
    tags: [infra]

- name: Keep a monitor written inline, in a monitor group, disabled for now
  guance.cloud.guance_monitor:
    monitor_group: Databases
    enabled: false
    monitor:
      jsonScript:
        type: simpleCheck
        name: MySQL connections
        title: "MySQL {{ '{{' }} host {{ '}}' }} has too many connections"
        every: 1m
        interval: 300
        groupBy: [host]
        recoverNeedPeriodCount: 2
        targets:
          - alias: Result
            dql: "M::`mysql`:(LAST(`Threads_connected`)) BY `host`"
        checkerOpt:
          rules:
            - status: critical
              conditionLogic: and
              conditions: [{alias: Result, operator: ">=", operands: ["500"]}]

- name: Switch a monitor off during maintenance, leaving it as it is
  guance.cloud.guance_monitor:
    name: MySQL connections
    enabled: false

- name: Rename a monitor
  guance.cloud.guance_monitor:
    uuid: rul_0123456789abcdef0123456789abcdef
    name: MySQL connections (primary)

- name: Delete a monitor
  guance.cloud.guance_monitor:
    name: MySQL connections (primary)
    state: absent
"""

RETURN = r"""
monitor:
  description:
    - The monitor as the server holds it after the task (or would, in check mode), as its list shows it. Empty
      after O(state=absent).
    - C(name) (C(jsonScript.name)), C(tags) (the plain list of tag names) and C(enabled) are added.
  returned: always
  type: dict
  sample:
    uuid: rul_0123456789abcdef0123456789abcdef
    name: Host CPU usage too high
    enabled: true
    tags: [infra]
    monitorName: Default
    monitorUUID: monitor_0123456789abcdef0123456789abcdef
    alertPolicyUUIDs: [altpl_0123456789abcdef0123456789abcdef]
    status: 0
    type: trigger
    jsonScript: {type: simpleCheck, name: Host CPU usage too high, title: "CPU of {{host}} is high", every: 1m}
    extend: {}
uuid:
  description: The monitor's uuid; none when a monitor would be created in check mode.
  returned: always
  type: str
  sample: rul_0123456789abcdef0123456789abcdef
diff:
  description:
    - The managed fields before and after, normalised as they were compared (C(jsonScript) without its name and
      empty defaults, C(extend) without query ids, tags and alert policy uuids sorted). Empty C(before) when the
      monitor is created, empty C(after) when it is deleted.
  returned: when diff mode is on
  type: dict
  contains:
    before:
      description: The managed fields as they were.
      type: dict
      returned: always
      sample: {enabled: true}
    after:
      description: The managed fields as they are after the task (or would be in check mode).
      type: dict
      returned: always
      sample: {enabled: false}
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.guance.cloud.plugins.module_utils._errors import (
    GuanceError,
    OptionError,
    OutcomeUnknownError,
)
from ansible_collections.guance.cloud.plugins.module_utils._monitors import (
    MonitorAPI,
    compare,
    create_body,
    current_state,
    desired_state,
    differing,
    group_form,
    modify_body,
    needs_modify,
    policies_by_name,
    predict,
    validate,
    with_extras,
)
from ansible_collections.guance.cloud.plugins.module_utils._options import (
    client_from_module,
    guance_argument_spec,
)
from ansible_collections.guance.cloud.plugins.module_utils._results import fail, finish

ARGUMENT_SPEC = guance_argument_spec(
    name=dict(type="str"),
    uuid=dict(type="str"),
    state=dict(type="str", choices=["present", "absent"], default="present"),
    monitor=dict(type="raw"),
    enabled=dict(type="bool"),
    monitor_group=dict(type="str"),
    alert_policies=dict(type="list", elements="str"),
    tags=dict(type="list", elements="str"),
    lookup=dict(type="bool", default=True),
    listed=dict(type="dict"),
)


class Resolver:
    """Monitor group and alert policy uuids, each read at most once and only when needed."""

    def __init__(self, api, desired):
        self.api = api
        self.desired = desired
        self.policies = None
        self.group = None

    def resolve_policies(self):
        if self.policies is None and "alert_policies" in self.desired:
            self.policies = self.api.resolve_policies(self.desired["alert_policies"])
        return self.policies

    def resolve_group(self):
        if self.group is None and self.desired.get("monitor_group"):
            self.group = self.api.resolve_group(self.desired["monitor_group"])
        return self.group


def find(api, options, name):
    if options["listed"] is not None:
        return options["listed"]
    if not options["lookup"]:
        return None
    if options["uuid"]:
        found = api.get(options["uuid"])
        if found is None and options["state"] == "present":
            raise OptionError("no monitor has uuid %s in this workspace" % options["uuid"])
        return found
    return api.find_by_name(name)


def create(api, body, name, enabled):
    try:
        created = api.add(body)
    except OutcomeUnknownError:
        # The create may have been carried out: look for it rather than risk a second monitor.
        created = api.find_by_name(name)
        if created is None:
            raise
    if enabled is False:
        api.set_disable(created["uuid"], True)
        created = dict(created, status=2)
    return created


def present(module, api, obj, item, desired):
    """(changed, monitor, before, after) for state present."""
    resolver = Resolver(api, desired)
    if policies_by_name(desired):
        desired = dict(desired, alert_policies=resolver.resolve_policies())
    changed, before, after, unknown = compare(current_state(obj, group_form(desired)) if obj else None, desired)
    if obj is None:
        if item is None:
            raise OptionError("monitor is required to create the monitor %s" % (desired.get("name") or module.params["uuid"]))
        body = create_body(item, desired, resolver.resolve_group(), resolver.resolve_policies())
        monitor = predict(None, body, desired) if module.check_mode else create(api, body, desired["name"], desired.get("enabled"))
        return True, monitor, before, after
    keys = differing(before, after)
    monitor = obj
    if needs_modify(keys):
        group = resolver.resolve_group() if "monitor_group" in keys else None
        body = modify_body(obj, item, desired, group, resolver.resolve_policies())
        monitor = predict(obj, body, desired) if module.check_mode else api.modify(obj["uuid"], body)
    elif unknown:
        module.warn("Guance's answer shows no %s for monitor %s, so they were not compared and not sent"
                    % (" or ".join(unknown), obj.get("uuid")))
    if "enabled" in keys:
        if not module.check_mode:
            api.set_disable(obj["uuid"], not desired["enabled"])
        monitor = dict(monitor, status=0 if desired["enabled"] else 2)
    return changed, monitor, before, after


def run(module, api):
    """(changed, monitor, diff) after acting, or predicting in check mode."""
    options = module.params
    item = validate(options)
    desired = desired_state(options, item)
    obj = find(api, options, options["name"] or desired.get("name"))
    if options["state"] == "absent":
        if obj and not module.check_mode:
            api.delete(obj["uuid"])
        return obj is not None, {}, {"before": current_state(obj) if obj else {}, "after": {}}
    changed, monitor, before, after = present(module, api, obj, item, desired)
    return changed, with_extras(monitor), {"before": before, "after": after}


def main():
    module = AnsibleModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True,
                           mutually_exclusive=[("listed", "uuid")])
    client = None
    try:
        client = client_from_module(module)
        changed, monitor, diff = run(module, MonitorAPI(client))
    except GuanceError as e:
        fail(module, client, str(e), **e.details())
    result = dict(changed=changed, monitor=monitor, uuid=monitor.get("uuid") or module.params["uuid"])
    if module._diff:
        result["diff"] = diff
    finish(module, client, **result)


if __name__ == "__main__":
    main()
