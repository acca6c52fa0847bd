#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, guance.cloud maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: guance_monitor
short_description: Create, update, enable, disable and delete Guance monitors
version_added: 1.0.0
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
  - O(monitors) applies several monitors in one task; the P(guance.cloud.monitors#role) role applies a folder of
    monitor files that way.
author:
  - guance.cloud maintainers (@GuanceCloud)
options:
  monitors:
    description:
      - Several monitors in one task. Each item is a dict of this module's options for one monitor (all but the
        connection options and O(monitors)); an option an item leaves out takes the task's value, so options that
        every monitor shares (O(state), O(tags), O(monitor_group)...) can be given once, beside O(monitors).
      - The task reads the workspace's list of monitors once (one request per 100 monitors) and finds every item's
        monitor in it, by O(uuid) or by name; then applies the items in order, in one process. The
        P(guance.cloud.monitors#role) role applies its folder this way.
      - Every item is checked before the first request (its check type included). Two monitors of an item's name
        make the task fail before any write. When an item fails, the task fails naming it (its place in the list and
        its name), and RV(monitors) tells what the items before it did.
      - Cannot be combined with O(name), O(uuid) or O(monitor) at the top of the task.
    type: list
    elements: dict
    version_added: 1.0.0
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
        whole export holding exactly one. C(jsonScript) must have a C(title) and a C(type) that Guance's create page
        lists, in use (V(simpleCheck), V(seniorMutationsCheck), V(seniorRangeCheck), V(seniorRangeV2Check),
        V(outlierCheck), V(loggingCheck), V(processCheck), V(objectSurvivalCheck), V(objectSurvivalV2Check),
        V(apmCheck), V(rumCheck), V(securityCheck), V(cloudDialCheck), V(networkCheck), V(OuterEventChecker),
        V(smartHostCheck), V(smartLogCheck), V(smartApmCheck), V(smartRumCheck), V(combinedCheck)) or retired
        (V(seniorCheck), V(mutationsCheck), V(waterLevelCheck), V(rangeCheck)); another type is refused before any
        request.
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
      - The monitor group, by name or by uuid (V(monitor_) and 32 hex digits). A name must be a group of the
        workspace; a uuid is sent as it is.
      - Left out, C(monitorName) of O(monitor) is used when present; otherwise the group is not managed (a new
        monitor goes to the workspace's default group).
    type: str
  alert_policies:
    description:
      - The alert policies that notify for the monitor, by name or by uuid (V(altpl_) and 32 hex digits). This is the
        whole list; V([]) ties the monitor to none. A name no policy of the workspace has (or two have) fails the task
        before any change; a uuid is taken as it is.
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
      - Guance allows several monitors with one name, so use it only right after such a check. O(monitors) needs no
        such check, as it reads the list once for all its items.
    type: bool
    default: true
  send_unverified:
    description:
      - Guance's answers may leave out some fields (the list example of its documentation shows no tags and no alert
        policies). A managed field that the answer does not show cannot be compared; the task warns about it, lists
        it in RV(unverified), sends it when it creates the monitor or changes anything else, and otherwise leaves it.
      - V(true) sends such fields on every run (a modify), so that they are sure to hold; the task then reports a
        change on every run.
    type: bool
    default: false
    version_added: 1.0.0
extends_documentation_fragment:
  - guance.cloud.guance
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.actiongroups
  - guance.cloud.attributes
notes:
  - "Guance allows 20 requests a minute per API key. Requests per task: the lookup, 1 (the list, filtered by
    O(uuid) or by the name, one request per 100 monitors with a similar name; none with O(lookup=false)); plus 1 to
    resolve alert policies given by name (one list of the policies); plus 1 to resolve a monitor group given by name
    when it is written (create, or a new group). Then a create costs 1 (2 when it starts disabled), a change of the
    monitor 1, enabling or disabling alone 1, a delete 1. An unchanged monitor found by name costs 1. With
    O(monitors), the lookups of all items are one reading of the whole list."
  - A create whose answer is lost (timeout, dropped connection, server error) is resolved by reading the monitor
    back by its name, never by creating it twice.
  - A delete that Guance answers with 404 (the monitor went in the meantime) counts as done, not as a failure.
  - Some Guance answers may carry no tags or alert policies (the list example of the OpenAPI shows neither). Then
    those options cannot be compared; see O(send_unverified).
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

- name: Keep a folder of monitors in one task (one process, one reading of the list), all tagged infra
  guance.cloud.guance_monitor:
    tags: [infra]
    monitors:
      - monitor: "{{ lookup('ansible.builtin.file', 'monitors/cpu_high.json') }}"
      - monitor: "{{ lookup('ansible.builtin.file', 'monitors/disk_full.json') }}"
        enabled: false
      - name: MySQL connections (legacy)
        state: absent
"""

RETURN = r"""
monitor:
  description:
    - The monitor as the server holds it after the task (or would, in check mode), as its list shows it. Empty
      after O(state=absent).
    - C(name) (C(jsonScript.name)), C(tags) (the plain list of tag names) and C(enabled) are added.
  returned: when O(monitors) is not given
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
  returned: when O(monitors) is not given
  type: str
  sample: rul_0123456789abcdef0123456789abcdef
unverified:
  description:
    - The managed fields that Guance's answer does not show, so that the task could not tell whether they hold (see
      O(send_unverified)).
  returned: when O(monitors) is not given
  type: list
  elements: str
  sample: [alert_policies, tags]
  version_added: 1.0.0
monitors:
  description:
    - With O(monitors), what the task did for each item, in the order of the items. When an item failed, the items
      before it.
    - Each holds C(changed), C(monitor), C(uuid) and C(unverified), as a task with that item's options would return them.
  returned: when O(monitors) is given
  type: list
  elements: dict
  sample:
    - changed: true
      uuid: rul_0123456789abcdef0123456789abcdef
      monitor: {uuid: rul_0123456789abcdef0123456789abcdef, name: Host CPU usage too high, enabled: true, tags: [infra]}
      unverified: []
  version_added: 1.0.0
diff:
  description:
    - The managed fields before and after, normalised as they were compared (C(jsonScript) without its name and
      empty defaults, C(extend) without query ids, tags and alert policy uuids sorted), as JSON text that shows
      non-ASCII text (names in Chinese) as written. Empty C(before) when the monitor is created, empty C(after) when
      it is deleted.
    - With O(monitors), a list of these, one per item, each headed by the item's place and name.
  returned: when diff mode is on
  type: dict
  contains:
    before:
      description: The managed fields as they were.
      type: str
      returned: always
      sample: "{\"enabled\": true}\n"
    after:
      description: The managed fields as they are after the task (or would be in check mode).
      type: str
      returned: always
      sample: "{\"enabled\": false}\n"
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.guance.cloud.plugins.module_utils import _resource as core
from ansible_collections.guance.cloud.plugins.module_utils._errors import OptionError
from ansible_collections.guance.cloud.plugins.module_utils._monitors import (
    ALERT_POLICIES,
    CHECKERS,
    STATUS_DISABLED,
    checker_name,
    create_body,
    current_state,
    desired_state,
    group_form,
    modify_body,
    needs_modify,
    parse_monitor,
    predict,
    validate,
    with_extras,
)
from ansible_collections.guance.cloud.plugins.module_utils._notify_objects import resolve_group
from ansible_collections.guance.cloud.plugins.module_utils._options import (
    guance_argument_spec,
)
from ansible_collections.guance.cloud.plugins.module_utils._results import serve

MONITOR_OPTIONS = dict(
    name=dict(type="str"),
    uuid=dict(type="str"),
    state=dict(type="str", choices=["present", "absent"], default="present"),
    monitor=dict(type="raw"),
    enabled=dict(type="bool"),
    monitor_group=dict(type="str"),
    alert_policies=dict(type="list", elements="str"),
    tags=dict(type="list", elements="str"),
    lookup=dict(type="bool", default=True),
    **core.SEND_UNVERIFIED_SPEC
)
ARGUMENT_SPEC = guance_argument_spec(monitors=dict(type="list", elements="dict"), **MONITOR_OPTIONS)
ITEM_SPEC = core.item_spec(MONITOR_OPTIONS)


def find(client, options, name, listed):
    """The monitor, from the list the task read for all its items (listed: by name and by uuid) or looked up."""
    if listed is not None:
        found = listed[1].get(options["uuid"]) if options["uuid"] else listed[0].get(name)
    elif not options["lookup"]:
        return None
    elif options["uuid"]:
        found = core.get(client, CHECKERS, options["uuid"])
    else:
        return core.find_by_name(client, CHECKERS, name)
    if found is None and options["uuid"] and options["state"] == "present":
        raise OptionError("no monitor has uuid %s in this workspace" % options["uuid"])
    return found


def group_uuid(client, module, desired):
    ref = desired.get("monitor_group")
    return resolve_group(client, "monitor_group", ref, core.planned(module)) if ref else None


def create(client, module, item, desired):
    """(changed, monitor, comparison) of a monitor the workspace does not hold."""
    if item is None:
        raise OptionError("monitor is required to create the monitor %s" % (desired.get("name") or module.params["uuid"]))
    comparison = core.compare(None, desired)
    body = create_body(item, desired, group_uuid(client, module, desired), desired.get("alert_policies"))
    if module.check_mode:
        return True, predict(None, body, desired), comparison
    created = core.create(client, CHECKERS, body, desired["name"])
    if desired.get("enabled") is False:
        core.set_enabled(client, CHECKERS, created["uuid"], False)
        created = dict(created, status=STATUS_DISABLED)
    return True, created, comparison


def present(client, module, obj, item, desired):
    """(changed, monitor, comparison) for state present."""
    if "alert_policies" in desired:
        policies = core.resolve(client, ALERT_POLICIES, "alert_policies", desired["alert_policies"], core.planned(module))
        desired = dict(desired, alert_policies=sorted(set(policies)))
    if obj is None:
        return create(client, module, item, desired)
    comparison = core.compare(current_state(obj, group_form(desired)), desired)
    keys = core.keys_to_send(comparison, module.params["send_unverified"], apart=("enabled",))
    if comparison.unverified:
        module.warn(core.unverified_warning(CHECKERS, obj.get("uuid"), comparison.unverified))
    monitor = obj
    if needs_modify(keys):
        group = group_uuid(client, module, desired) if "monitor_group" in keys else None
        body = modify_body(obj, item, desired, group, desired.get("alert_policies"))
        monitor = predict(obj, body, desired) if module.check_mode else core.send(client, CHECKERS, "modify", obj["uuid"], body)
    if "enabled" in keys:
        if not module.check_mode:
            core.set_enabled(client, CHECKERS, obj["uuid"], desired["enabled"])
        monitor = dict(monitor, status=0 if desired["enabled"] else STATUS_DISABLED)
    return bool(keys), monitor, comparison


def run(module, client, listed=None):
    """(result, diff) of one monitor after acting, or predicting in check mode."""
    options = module.params
    item = validate(options)
    desired = desired_state(options, item)
    obj = find(client, options, options["name"] or desired.get("name"), listed)
    if options["state"] == "absent":
        # A 404 on delete: gone already, as the task wants.
        changed = obj is not None and (module.check_mode or core.delete(client, CHECKERS, obj["uuid"]))
        result = dict(changed=changed, monitor={}, uuid=(obj or {}).get("uuid") or options["uuid"], unverified=[])
        return result, core.diff(current_state(obj) if obj else {}, {})
    changed, monitor, comparison = present(client, module, obj, item, desired)
    result = dict(changed=changed, monitor=with_extras(monitor), uuid=monitor.get("uuid") or options["uuid"],
                  unverified=comparison.unverified)
    return result, core.diff(comparison.before, comparison.after)


def label_of(params):
    try:
        item = parse_monitor(params["monitor"]) if params.get("monitor") is not None else {}
    except OptionError:
        item = {}
    return params.get("name") or params.get("uuid") or checker_name(item) or "no name"


def read_list(client, items):
    """({name: monitor}, {uuid: monitor}) of the items' monitors, from one reading of the whole list."""
    listed = list(core.items(client, CHECKERS))
    names = [item.params["name"] or checker_name(parse_monitor(item.params["monitor"]))
             for item in items if not item.params["uuid"]]
    return core.named_in(CHECKERS, listed, names), dict((m.get("uuid"), m) for m in listed)


def run_items(module, client):
    """The result of a task with monitors: one list read for every item, each applied in order."""
    items = core.items_of(module, "monitors", ITEM_SPEC, label_of, validate)
    # One reading of the whole list finds every item's monitor, where run_one searches by name.
    listed = read_list(client, items) if items else ({}, {})
    return core.task_result("monitors", items, lambda item: run(item, client, listed), module._diff)


def run_one(module, client):
    return core.one_result(run(module, client), module._diff)


def main():
    module = AnsibleModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True,
                           mutually_exclusive=[("monitors", "name"), ("monitors", "uuid"), ("monitors", "monitor")])
    serve(module, core.one_or_items("monitors", run_one, run_items))


if __name__ == "__main__":
    main()
