#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, guance.cloud maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: guance_dashboard
short_description: Create, update and delete Guance custom dashboards
version_added: 0.1.0
description:
  - Keeps one custom dashboard of a Guance workspace as the task describes it, charts included.
  - The dashboard is found by O(uuid), or else by its exact O(name); with O(lookup=false) it is not looked for but
    created.
  - Options left out are not managed; a task that gives only O(name) and O(tags) leaves the charts and the
    description as they are.
  - The template is compared with what Guance exports, after leaving out what the server adds or rewrites
    (chart and group uuids, C(pos.i), tag ids, C(chartGroupPos), C(prevGroupName), empty defaults, the order of
    charts and keys). The dashboard is re-imported only when the template really differs, because an import
    breaks the share links of its charts.
author:
  - guance.cloud maintainers (@GuanceCloud)
options:
  name:
    description:
      - The dashboard's name, at most 128 characters.
      - Identifies the dashboard when O(uuid) is not given. Two dashboards with this name make the task fail
        without changing anything; give O(uuid) then.
      - With O(uuid), a different name renames the dashboard.
      - Required to create a dashboard. It replaces the C(title) of O(template).
    type: str
  uuid:
    description:
      - The dashboard's uuid, V(dsbd_) followed by 32 lowercase hex digits, or V(dsbd_custom_) followed by
        32 lowercase letters or digits.
      - Identifies the dashboard directly; O(name) is then not used to find it.
      - A V(dsbd_custom_) uuid that does not exist yet is created with exactly that uuid, so that
        a play keeps a stable uuid across workspaces and re-creations.
    type: str
  lookup:
    description:
      - Whether to look for the dashboard before acting.
      - V(false) says that the caller has just made sure that the dashboard does not exist, typically from one
        M(guance.cloud.guance_dashboard_info) list that serves many tasks, so that the module creates it at once
        without reading anything first (1 request instead of 2) and, in check mode, predicts the create without any
        request.
      - Only with O(state=present) and a O(name). A O(uuid) given with it must be a V(dsbd_custom_) one, the uuid the
        new dashboard gets.
      - Use it only right after such a check. Guance allows several dashboards with one name, so when a dashboard
        with this O(name) exists after all, V(false) creates a second one, and tasks that find the dashboard by
        O(name) then fail until one of them is deleted. (With a O(uuid) that exists, Guance refuses the create
        instead.) The P(guance.cloud.dashboards#role) role uses it for the files its list found no dashboard for.
    type: bool
    default: true
  state:
    description:
      - V(present) creates the dashboard or brings the managed fields in line.
      - V(absent) deletes it; a dashboard that is already gone is not an error.
    type: str
    choices: [present, absent]
    default: present
  description:
    description:
      - The dashboard's description (the C(desc) field), at most 2048 characters.
    type: str
  identifier:
    description:
      - Guance's C(identifier) field of the dashboard, at most 128 characters.
    type: str
  tags:
    description:
      - The names of the dashboard's tags. This is the whole list; tags not in it are removed, and V([]) removes all.
      - Order and repetitions do not matter.
    type: list
    elements: str
  template:
    description:
      - The dashboard's content (charts, view variables, groups), as Guance exports it from the UI or from the
        OpenAPI, given as a dict or as JSON text. An export is accepted as it is.
      - It must hold a C(main) object. Only C(main) is compared with the dashboard; the export's C(title),
        C(summary), C(tagInfo), C(dashboardExtend) and C(dashboardMapping) are managed through O(name), O(description),
        O(tags), O(extend) and O(mapping), and the rest of the top level (C(iconSet), C(thumbnail)...) is sent
        on create and import but not compared.
    type: raw
  extend:
    description:
      - The dashboard's C(extend) field (free-form settings).
    type: dict
  mapping:
    description:
      - The dashboard's C(mapping) field (field mappings).
    type: list
    elements: dict
  visibility:
    description:
      - Who may see the dashboard. V(public) is everyone in the workspace, V(private) only its creator,
        V(custom) follows O(edit_permissions) and O(read_permissions) (Guance's C(isPublic) V(1), V(0) and V(-1)).
    type: str
    choices: [public, private, custom]
  edit_permissions:
    description:
      - Who may edit the dashboard (C(permissionSet)) with O(visibility=custom); role names, or C(acnt_) or C(group_) ids.
      - Only allowed with O(visibility=custom).
    type: list
    elements: str
  read_permissions:
    description:
      - Who may read the dashboard (C(readPermissionSet)) with O(visibility=custom); role names, or C(acnt_) or C(group_) ids.
      - Only allowed with O(visibility=custom).
    type: list
    elements: str
extends_documentation_fragment:
  - guance.cloud.guance
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.actiongroups
  - guance.cloud.attributes
attributes:
  check_mode:
    details: Sends no change at all and reports what would change, with the same diff.
  diff_mode:
    details: The diff holds the managed fields only, normalised as they were compared.
notes:
  - "Guance allows 20 requests a minute per API key. Requests per task: found by O(name), 1 (the list, one request
    per page of 100 dashboards with a similar name), plus 1 with O(template) (the export); found by O(uuid), 1 (get),
    plus 1 with O(template) (the export); a change adds 1 for the fields and 1 for the template; creating costs 1,
    deleting 1. With O(lookup=false) nothing is read: the create is the only request."
  - With O(uuid) and O(template) and no other managed option than O(name), O(description), O(tags), O(extend) and
    O(mapping), the export alone holds everything to compare, and an unchanged dashboard costs 1 request. In that
    case RV(dashboard) holds only the fields the export carries unless the task changed something.
  - A create whose answer is lost (timeout, dropped connection, server error) is resolved by reading the dashboard
    again, never by creating it twice.
seealso:
  - module: guance.cloud.guance_dashboard_info
"""

EXAMPLES = r"""
- name: Keep the Nginx dashboard as exported from Guance
  guance.cloud.guance_dashboard:
    name: Nginx overview
    description: Requests and connections of the front proxies
    tags: [nginx, prod]
    template: "{{ lookup('ansible.builtin.file', 'dashboards/nginx.json') | ansible.builtin.from_json }}"

- name: Keep a dashboard with a stable uuid in every workspace
  guance.cloud.guance_dashboard:
    uuid: dsbd_custom_0123456789abcdef0123456789abcdef
    name: Hosts overview
    visibility: custom
    edit_permissions: [wsAdmin]
    read_permissions: [readOnly, standard]
    template:
      main:
        type: template
        vars: []
        groups: []
        charts:
          - name: CPU
            type: sequence
            pos: {x: 0, y: 0, w: 8, h: 10}
            queries:
              - qtype: dql
                datasource: dataflux
                query:
                  q: "M::`cpu`:(avg(`usage_total`)) BY `host`"

- name: Only set the tags; charts and description stay as they are
  guance.cloud.guance_dashboard:
    name: Nginx overview
    tags: [nginx, prod, team-web]

- name: Rename a dashboard
  guance.cloud.guance_dashboard:
    uuid: dsbd_0123456789abcdef0123456789abcdef
    name: Nginx (legacy)

- name: Read every dashboard once, for the tasks that follow
  guance.cloud.guance_dashboard_info: {}
  register: all_dashboards

- name: Create the Redis dashboard in one request, as the list shows none of that name
  guance.cloud.guance_dashboard:
    name: Redis
    template: "{{ lookup('ansible.builtin.file', 'dashboards/redis.json') }}"
    lookup: false
  when: all_dashboards.dashboards | selectattr('name', '==', 'Redis') | length == 0

- name: Delete a dashboard
  guance.cloud.guance_dashboard:
    name: Nginx (legacy)
    state: absent

- name: Connection settings once for every Guance task of a block; the template as JSON text
  module_defaults:
    group/guance.cloud.guance:
      site: eu1
      api_key: "{{ vault_guance_api_key }}"
  block:
    - name: Keep the Docker dashboard
      guance.cloud.guance_dashboard:
        name: Docker
        template: "{{ lookup('ansible.builtin.file', 'dashboards/docker.json') }}"
"""

RETURN = r"""
dashboard:
  description:
    - The dashboard as the server holds it after the task, or would in check mode. Empty after O(state=absent).
    - C(tags) is added, the plain list of tag names, whatever form the server gave the tags in.
    - When only the export was read (see the notes), it holds C(uuid), C(name), C(desc), C(extend), C(mapping) and
      the tags.
    - In check mode, a dashboard still to be created has no C(uuid) unless O(uuid) was given.
  returned: always
  type: dict
  sample:
    uuid: dsbd_custom_0123456789abcdef0123456789abcdef
    name: Hosts overview
    desc: CPU and memory of every host
    identifier: ""
    workspaceUUID: wksp_0123456789abcdef0123456789abcdef
    createAt: 1767225600
    updateAt: 1767225600
    extend: {}
    mapping: []
    isPublic: 1
    permissionSet: []
    readPermissionSet: []
    createdWay: import
    tag_info: [{id: tag_0123456789abcdef0123456789abcdef, name: prod}]
    tags: [prod]
uuid:
  description: The dashboard's uuid; none when a dashboard would be created in check mode without O(uuid).
  returned: always
  type: str
  sample: dsbd_custom_0123456789abcdef0123456789abcdef
diff:
  description:
    - The managed fields before and after, normalised as they were compared (tags sorted, the template as
      compared). Empty C(before) when the dashboard is created, empty C(after) when it is deleted.
  returned: when diff mode is on
  type: dict
  contains:
    before:
      description: The managed fields as they were.
      type: dict
      returned: always
      sample: {tags: [prod]}
    after:
      description: The managed fields as they are after the task (or would be in check mode).
      type: dict
      returned: always
      sample: {tags: [nginx, prod]}
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.guance.cloud.plugins.module_utils._dashboards import (
    CUSTOM_UUID_RE,
    DashboardAPI,
    compare,
    create_body,
    current_state,
    desired_state,
    differing,
    export_suffices,
    import_template,
    modify_body,
    object_from_export,
    predict,
    validate,
    with_tags,
)
from ansible_collections.guance.cloud.plugins.module_utils._errors import (
    GuanceError,
    OptionError,
    OutcomeUnknownError,
)
from ansible_collections.guance.cloud.plugins.module_utils._options import (
    client_from_params,
    guance_argument_spec,
)

ARGUMENT_SPEC = guance_argument_spec(
    name=dict(type="str"),
    uuid=dict(type="str"),
    lookup=dict(type="bool", default=True),
    state=dict(type="str", choices=["present", "absent"], default="present"),
    description=dict(type="str"),
    identifier=dict(type="str"),
    tags=dict(type="list", elements="str"),
    template=dict(type="raw"),
    extend=dict(type="dict"),
    mapping=dict(type="list", elements="dict"),
    visibility=dict(type="str", choices=["public", "private", "custom"]),
    edit_permissions=dict(type="list", elements="str"),
    read_permissions=dict(type="list", elements="str"),
)


def find(api, options, desired):
    """(dashboard object, exported template); the export only when the template is managed.

    With lookup off the caller has just found no such dashboard: nothing is read.
    """
    if not options["lookup"]:
        return None, None
    uuid = options["uuid"]
    with_template = options["state"] == "present" and "template" in desired
    if uuid and with_template and export_suffices(desired):
        exported = api.export(uuid)
        return (object_from_export(uuid, exported), exported) if exported is not None else (None, None)
    obj = api.get(uuid) if uuid else api.find_by_name(options["name"])
    return obj, (api.export(obj["uuid"]) if obj and with_template else None)


def create(api, options, body):
    try:
        return api.create(body)
    except OutcomeUnknownError:
        # The create may have been carried out: look for it rather than risk a second dashboard.
        found = api.get(options["uuid"]) if options["uuid"] else api.find_by_name(options["name"])
        if found is None:
            raise
        return found


def run(module, api):
    """(changed, dashboard, diff) after acting, or predicting in check mode."""
    options = module.params
    validate(options)
    desired = desired_state(options)
    obj, exported = find(api, options, desired)

    if options["state"] == "absent":
        if obj and not module.check_mode:
            api.delete(obj["uuid"])
        return obj is not None, {}, {"before": current_state(obj) if obj else {}, "after": {}}

    changed, before, after = compare(current_state(obj, exported) if obj else None, desired)
    if obj is None:
        if not options["name"]:
            raise OptionError("name is required to create a dashboard; no dashboard has uuid %s" % options["uuid"])
        if options["uuid"] and not CUSTOM_UUID_RE.match(options["uuid"]):
            raise OptionError("no dashboard has uuid %s; only a dsbd_custom_ uuid can be given to a new dashboard" % options["uuid"])
        body = create_body(options)
        dashboard = predict(None, body) if module.check_mode else create(api, options, body)
    else:
        keys = differing(before, after)
        body = modify_body(options, keys)
        dashboard = predict(obj, body)
        if body and not module.check_mode:
            dashboard = api.modify(obj["uuid"], body)
        if "template" in keys and not module.check_mode:
            api.import_(obj["uuid"], import_template(options, dashboard.get("name")))
    return changed, with_tags(dashboard), {"before": before, "after": after}


def main():
    module = AnsibleModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    try:
        changed, dashboard, diff = run(module, DashboardAPI(client_from_params(module.params)))
    except GuanceError as e:
        module.fail_json(msg=str(e), **e.details())
    result = dict(changed=changed, dashboard=dashboard, uuid=dashboard.get("uuid") or module.params["uuid"])
    if module._diff:
        result["diff"] = diff
    module.exit_json(**result)


if __name__ == "__main__":
    main()
