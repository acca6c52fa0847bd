#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, guance.cloud maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: guance_alert_policy_info
short_description: Read Guance alert policies, and export them with their recipients by name
version_added: 1.0.0
description:
  - Reads the alert policies of a Guance workspace, all of them or those O(name), O(uuid) or O(search) selects.
  - RV(export) gives each policy as M(guance.cloud.guance_alert_policy) takes it, notification targets, members and
    member groups written as names (member emails), never as uuids of this workspace, so the export applies to
    another workspace that holds recipients of those names.
  - The link to monitors is not exported; it belongs to the monitors (see M(guance.cloud.guance_monitor_info)).
author:
  - guance.cloud maintainers (@GuanceCloud)
options:
  name:
    description: Only the policy of exactly this name.
    type: str
  uuid:
    description: Only the policy of this uuid (V(altpl_...)).
    type: str
  search:
    description: Only policies whose name holds this text (Guance's search).
    type: str
extends_documentation_fragment:
  - guance.cloud.guance
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.actiongroups
  - guance.cloud.attributes.info
notes:
  - "Requests: one per page of 100 policies (one get with O(uuid)), and one list per kind of recipient the policies
    name (notification targets, members, member groups), to write their names."
seealso:
  - module: guance.cloud.guance_alert_policy
"""

EXAMPLES = r"""
- name: Export every alert policy
  guance.cloud.guance_alert_policy_info:
  register: policies

- name: Write the export for another workspace
  ansible.builtin.copy:
    content: "{{ policies.export | to_nice_json }}"
    dest: alert_policies.json
    mode: "0644"

- name: One policy
  guance.cloud.guance_alert_policy_info:
    name: on-call
"""

RETURN = r"""
alert_policies:
  description: The policies as Guance answers them.
  returned: success
  type: list
  elements: dict
  sample: [{uuid: altpl_0123456789abcdef0123456789abcdef, name: on-call, ruleTimezone: Asia/Shanghai}]
export:
  description:
    - Each policy as an item of M(guance.cloud.guance_alert_policy)'s O(guance.cloud.guance_alert_policy#module:alert_policies),
      recipients by name. A recipient deleted since keeps its uuid.
  returned: success
  type: list
  elements: dict
  sample:
    - name: on-call
      timezone: Asia/Shanghai
      alert_type: status
      silent_timeout: 3600
      aggregation: {interval: 120}
      rules: [{notify: [{statuses: [critical], targets: [on-call webhook]}]}]
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.guance.cloud.plugins.module_utils import _resource as core
from ansible_collections.guance.cloud.plugins.module_utils._alert_policies import (
    MEMBER_GROUPS,
    MEMBERS,
    export_item,
    referenced_uuids,
)
from ansible_collections.guance.cloud.plugins.module_utils._monitors import ALERT_POLICIES
from ansible_collections.guance.cloud.plugins.module_utils._notify_objects import NOTIFY_OBJECTS
from ansible_collections.guance.cloud.plugins.module_utils._options import guance_argument_spec
from ansible_collections.guance.cloud.plugins.module_utils._results import serve

ARGUMENT_SPEC = guance_argument_spec(name=dict(type="str"), uuid=dict(type="str"), search=dict(type="str"))
FAMILIES = (("targets", NOTIFY_OBJECTS), ("members", MEMBERS), ("member_groups", MEMBER_GROUPS))


def read(client, params):
    if params["uuid"]:
        found = core.get(client, ALERT_POLICIES, params["uuid"])
        return [found] if found else []
    if params["name"]:
        found = core.find_by_name(client, ALERT_POLICIES, params["name"])
        return [found] if found else []
    return list(core.items(client, ALERT_POLICIES, search=params["search"]))


def names_of(client, policies):
    """{who: {uuid: name}} for the kinds of recipient the policies name: one list read each."""
    wanted = dict((who, set()) for who, unused in FAMILIES)
    for policy in policies:
        for who, uuids in referenced_uuids(policy.get("alertOpt") or {}).items():
            wanted[who] |= uuids
    found = {}
    for who, family in FAMILIES:
        if wanted[who]:
            found[who] = dict((item.get("uuid"), family.name_of(item)) for item in core.items(client, family)
                              if item.get("uuid") in wanted[who])
    return found


def task(module, client):
    policies = read(client, module.params)
    name_of = names_of(client, policies)
    return dict(changed=False, alert_policies=policies, export=[export_item(p, name_of) for p in policies])


def main():
    module = AnsibleModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True,
                           mutually_exclusive=[("name", "uuid", "search")])
    serve(module, task)


if __name__ == "__main__":
    main()
