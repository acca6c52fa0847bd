#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, guance.cloud maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: guance_notify_object_info
short_description: List and export Guance notification targets
version_added: 1.0.0
description:
  - Lists the notification targets (notify objects) of a Guance workspace, following every page, or reads one.
  - Each target comes as the server gives it, each secret it shows (C(webhook), C(secret), C(url)) reading
    C((secret, not shown)).
  - The export gives the same targets in the form M(guance.cloud.guance_notify_object) takes in its
    O(guance.cloud.guance_notify_object#module:notify_objects) option, so that a set of targets can be applied to
    another workspace. Secrets are left out; in their place is a template naming the variable to give them in,
    C({{ guance_notify_secrets["<name>"].webhook }}), for example from an Ansible Vault file.
author:
  - guance.cloud maintainers (@GuanceCloud)
options:
  name:
    description:
      - Only the target with exactly this name.
    type: str
  uuid:
    description:
      - Only the target with this uuid (V(notify_...)), read with Guance's get.
    type: str
  search:
    description:
      - Only the targets whose name contains this text (the server's C(search)).
    type: str
extends_documentation_fragment:
  - guance.cloud.guance
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.actiongroups
  - guance.cloud.attributes.info
notes:
  - This module costs one request per page of 100 targets, or one get with O(uuid).
seealso:
  - module: guance.cloud.guance_notify_object
"""

EXAMPLES = r"""
- name: Export the workspace's notification targets
  guance.cloud.guance_notify_object_info:
  register: targets

- name: Write them to a vars file another play applies to another workspace
  ansible.builtin.copy:
    content: "{{ {'notify_objects': targets.export} | ansible.builtin.to_nice_yaml }}"
    dest: notify_objects.yml
    mode: "0644"
  delegate_to: localhost

- name: Read one target by name
  guance.cloud.guance_notify_object_info:
    name: ops on-call DingTalk
  register: ops
"""

RETURN = r"""
notify_objects:
  description:
    - The targets as the server lists them, each secret reading C((secret, not shown)).
  returned: always
  type: list
  elements: dict
  sample:
    - uuid: notify_0123456789abcdef0123456789abcdef
      name: ops on-call DingTalk
      type: dingTalkRobot
      optSet: {webhook: "(secret, not shown)", secret: "(secret, not shown)"}
      openPermissionSet: false
      permissionSet: []
      createAt: 1774620000
      updateAt: 1774620000
      workspaceUUID: wksp_0123456789abcdef0123456789abcdef
export:
  description:
    - The same targets as items of M(guance.cloud.guance_notify_object)'s
      O(guance.cloud.guance_notify_object#module:notify_objects), secrets replaced by a template naming the variable
      to give them in.
  returned: always
  type: list
  elements: dict
  sample:
    - name: ops on-call DingTalk
      type: dingTalkRobot
      webhook: '{{ guance_notify_secrets["ops on-call DingTalk"].webhook }}'
      secret: '{{ guance_notify_secrets["ops on-call DingTalk"].secret }}'
      open_permission_set: false
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.guance.cloud.plugins.module_utils import _resource as core
from ansible_collections.guance.cloud.plugins.module_utils._notify_objects import NOTIFY_OBJECTS, export_item, public
from ansible_collections.guance.cloud.plugins.module_utils._options import (
    guance_argument_spec,
)
from ansible_collections.guance.cloud.plugins.module_utils._results import serve

ARGUMENT_SPEC = guance_argument_spec(
    name=dict(type="str"),
    uuid=dict(type="str"),
    search=dict(type="str"),
)


def read(client, options):
    """The targets the options select, as the server holds them."""
    if options["uuid"]:
        found = core.get(client, NOTIFY_OBJECTS, options["uuid"])
        targets = [found] if found else []
    else:
        targets = list(core.items(client, NOTIFY_OBJECTS, search=options["search"] or options["name"]))
    if options["name"] is not None:
        targets = [t for t in targets if t.get("name") == options["name"]]
    return targets


def task(module, client):
    targets = read(client, module.params)
    return dict(changed=False, notify_objects=[public(t) for t in targets], export=[export_item(t) for t in targets])


def main():
    module = AnsibleModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    serve(module, task)


if __name__ == "__main__":
    main()
