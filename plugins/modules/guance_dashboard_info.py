#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, guance.cloud maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: guance_dashboard_info
short_description: List Guance custom dashboards
version_added: 0.1.0
description:
  - Lists the custom dashboards of a Guance workspace, or reads one by its uuid.
  - With no filter it lists them all, following every page.
  - Does not read the charts; use M(guance.cloud.guance_dashboard) to manage them.
author:
  - guance.cloud maintainers (@GuanceCloud)
options:
  name:
    description:
      - Only the dashboards with exactly this name.
    type: str
  uuid:
    description:
      - Only the dashboard with this uuid (one get request). No match gives an empty list.
      - Cannot be combined with the other filters.
    type: str
  search:
    description:
      - Only the dashboards whose name contains this text (the server's C(search)).
    type: str
  tags:
    description:
      - Only the dashboards with these tags (the server's C(tagNames) filter).
    type: list
    elements: str
extends_documentation_fragment:
  - guance.cloud.guance
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.actiongroups
  - guance.cloud.attributes.info
notes:
  - "Guance allows 20 requests a minute per API key. This module costs one request per page of 100 dashboards,
    or one with O(uuid). A role that manages many dashboards can read them all with one task, then give each
    M(guance.cloud.guance_dashboard) task a O(guance.cloud.guance_dashboard#module:uuid)."
seealso:
  - module: guance.cloud.guance_dashboard
"""

EXAMPLES = r"""
- name: Read every dashboard tagged for this team
  guance.cloud.guance_dashboard_info:
    tags: [team-web]
  register: web_dashboards

- name: Show their names and uuids
  ansible.builtin.debug:
    msg: "{{ web_dashboards.dashboards | items2dict(key_name='name', value_name='uuid') }}"

- name: Find one dashboard by its exact name
  guance.cloud.guance_dashboard_info:
    name: Nginx overview
  register: nginx

- name: Read one dashboard by uuid
  guance.cloud.guance_dashboard_info:
    uuid: dsbd_custom_0123456789abcdef0123456789abcdef
"""

RETURN = r"""
dashboards:
  description:
    - The dashboards that match, as the server lists them (newest change first), without charts.
    - C(tags) is added to each, the plain list of tag names, whatever form the server gave the tags in.
  returned: always
  type: list
  elements: dict
  sample:
    - uuid: dsbd_custom_0123456789abcdef0123456789abcdef
      name: Hosts overview
      desc: CPU and memory of every host
      identifier: ""
      workspaceUUID: wksp_0123456789abcdef0123456789abcdef
      createAt: 1767225600
      updateAt: 1767225600
      extend: {}
      mapping: []
      isPublic: 1
      tag_info: [{id: tag_0123456789abcdef0123456789abcdef, name: prod}]
      tags: [prod]
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.guance.cloud.plugins.module_utils._dashboards import (
    DashboardAPI,
    validate_uuid,
    with_tags,
)
from ansible_collections.guance.cloud.plugins.module_utils._errors import GuanceError
from ansible_collections.guance.cloud.plugins.module_utils._options import (
    client_from_params,
    guance_argument_spec,
)

ARGUMENT_SPEC = guance_argument_spec(
    name=dict(type="str"),
    uuid=dict(type="str"),
    search=dict(type="str"),
    tags=dict(type="list", elements="str"),
)


def run(module, api):
    options = module.params
    if options["uuid"]:
        validate_uuid(options["uuid"])
        found = api.get(options["uuid"])
        return [with_tags(found)] if found else []
    found = api.list(search=options["search"] or options["name"], tags=options["tags"])
    return [with_tags(d) for d in found if options["name"] is None or d.get("name") == options["name"]]


def main():
    module = AnsibleModule(
        argument_spec=ARGUMENT_SPEC,
        supports_check_mode=True,
        mutually_exclusive=[("uuid", "name"), ("uuid", "search"), ("uuid", "tags")],
    )
    try:
        dashboards = run(module, DashboardAPI(client_from_params(module.params)))
    except GuanceError as e:
        module.fail_json(msg=str(e), **e.details())
    module.exit_json(changed=False, dashboards=dashboards)


if __name__ == "__main__":
    main()
