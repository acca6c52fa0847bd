#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, guance.cloud maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: guance_blacklist_info
short_description: Read Guance blacklists in the form guance_blacklist takes
version_added: 1.0.0
description:
  - Lists the blacklists of a Guance workspace, narrowed by data type and name, in the terms of
    M(guance.cloud.guance_blacklist), so that they can be kept in a file and applied to another workspace with its
    O(guance.cloud.guance_blacklist#module:blacklists) option.
author:
  - guance.cloud maintainers (@GuanceCloud)
options:
  type:
    description:
      - Only the blacklists of this data type. Left out, every type.
    type: str
    choices: [object, custom_object, logging, keyevent, tracing, rum, network, security, profiling, metric]
  names:
    description:
      - Only the blacklists with these exact names (on servers whose list shows names).
    type: list
    elements: str
extends_documentation_fragment:
  - guance.cloud.guance
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.actiongroups
  - guance.cloud.attributes.info
notes:
  - "Requests: one per page of 100 blacklists."
seealso:
  - module: guance.cloud.guance_blacklist
"""

EXAMPLES = r"""
- name: Read the logging blacklists of staging
  guance.cloud.guance_blacklist_info:
    type: logging
  register: staging

- name: Apply them to production
  guance.cloud.guance_blacklist:
    blacklists: "{{ staging.export }}"
    api_key: "{{ vault_production_key }}"
"""

RETURN = r"""
blacklists:
  description: The blacklists found, with their uuid, in M(guance.cloud.guance_blacklist)'s terms.
  returned: always
  type: list
  elements: dict
  sample:
    - uuid: blist_0123456789abcdef0123456789abcdef
      name: nginx debug
      description: ""
      type: logging
      sources: [nginx]
      filters: [{field: status, operation: in, values: [debug], condition: and}]
export:
  description: The same blacklists without their uuid, as M(guance.cloud.guance_blacklist)'s
    O(guance.cloud.guance_blacklist#module:blacklists) takes them.
  returned: always
  type: list
  elements: dict
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.guance.cloud.plugins.module_utils import _blacklists as bl
from ansible_collections.guance.cloud.plugins.module_utils._options import guance_argument_spec
from ansible_collections.guance.cloud.plugins.module_utils._results import serve

ARGUMENT_SPEC = guance_argument_spec(
    type=dict(type="str", choices=list(bl.TYPES)),
    names=dict(type="list", elements="str"),
)


def task(module, client):
    names = module.params["names"]
    search = names[0] if names and len(set(names)) == 1 else None
    found = [b for b in bl.listed(client, module.params["type"], search)
             if names is None or b.get("name") in names]
    shown = [bl.public(b) for b in found]
    return dict(changed=False, blacklists=shown, export=[dict((k, v) for k, v in b.items() if k != "uuid") for b in shown])


def main():
    module = AnsibleModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    serve(module, task)


if __name__ == "__main__":
    main()
