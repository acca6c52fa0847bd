#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, guance.cloud maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: guance_mute_info
short_description: List Guance mute rules (maintenance windows)
version_added: 1.0.0
description:
  - Lists the mute rules of a Guance workspace, following every page, optionally only some of them.
  - Each rule comes as the server gives it, with C(enabled) and C(active) added.
author:
  - guance.cloud maintainers (@GuanceCloud)
options:
  name:
    description:
      - Only the rule with exactly this name.
      - Where Guance's list does not show the rules' names (its documented answer example has none), the rules its
        search for the name matched are given.
    type: str
  search:
    description:
      - Only the rules whose name contains this text (the server's C(search)).
    type: str
  enabled:
    description:
      - Only the rules in force (V(true)) or only the disabled ones (V(false)).
    type: bool
  active:
    description:
      - Only the rules that silence alerts right now (V(true)), that is enabled, and now within a one-off window or
        within a window of a repeating one that has not expired. V(false) gives the others.
      - Repeating windows are worked out from their cron fields in the rule's time zone, with the controller's
        time-zone data.
    type: bool
extends_documentation_fragment:
  - guance.cloud.guance
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.actiongroups
  - guance.cloud.attributes.info
notes:
  - Guance allows 20 requests a minute per API key. This module costs one request per page of 100 rules.
seealso:
  - module: guance.cloud.guance_mute
"""

EXAMPLES = r"""
- name: Which maintenance windows silence alerts right now
  guance.cloud.guance_mute_info:
    active: true
  register: open_windows

- name: Say so
  ansible.builtin.debug:
    msg: "{{ open_windows.mutes | map(attribute='name') | list }}"

- name: Read one rule by name
  guance.cloud.guance_mute_info:
    name: weekly maintenance
  register: weekly
"""

RETURN = r"""
mutes:
  description:
    - The rules, as the server lists them, each with C(enabled) (whether it is in force) and C(active) (whether it
      silences alerts now) added.
  returned: always
  type: list
  elements: dict
  sample:
    - uuid: mute_0123456789abcdef0123456789abcdef
      name: deploy web-01
      filterString: "host:web-01"
      timezone: UTC
      startTime: "2026/03/27 14:00:00"
      endTime: "2026/03/27 14:30:00"
      status: 0
      enabled: true
      active: true
"""

import time

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.guance.cloud.plugins.module_utils import _resource as core
from ansible_collections.guance.cloud.plugins.module_utils._mutes import (
    MUTES,
    is_active,
    rule_enabled,
)
from ansible_collections.guance.cloud.plugins.module_utils._options import (
    guance_argument_spec,
)
from ansible_collections.guance.cloud.plugins.module_utils._results import serve

ARGUMENT_SPEC = guance_argument_spec(
    name=dict(type="str"),
    search=dict(type="str"),
    enabled=dict(type="bool"),
    active=dict(type="bool"),
)


def select(rules, options, now):
    """The rules that pass every filter given, each with enabled and active added."""
    selected = []
    for rule in rules:
        rule = dict(rule, enabled=rule_enabled(rule), active=is_active(rule, now))
        # A rule the list shows without its name is kept: the server's search for the name matched it.
        if options.get("name") is not None and MUTES.name_of(rule) not in (options["name"], None):
            continue
        if options.get("enabled") is not None and rule["enabled"] != options["enabled"]:
            continue
        if options.get("active") is not None and rule["active"] != options["active"]:
            continue
        selected.append(rule)
    return selected


def task(module, client):
    options = module.params
    rules = list(core.items(client, MUTES, search=options["name"] if options["name"] is not None else options["search"]))
    return dict(changed=False, mutes=select(rules, options, time.time()))


def main():
    module = AnsibleModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    serve(module, task)


if __name__ == "__main__":
    main()
