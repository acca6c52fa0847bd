#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, guance.cloud maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: guance_dashboard_info
short_description: List Guance custom dashboards, and export them as templates
version_added: 0.1.0
description:
  - Lists the custom dashboards of a Guance workspace, or reads one by its uuid.
  - With no filter it lists them all, following every page.
  - With O(export=true) each dashboard also carries its template (charts, variables, groups, title, summary,
    tags), in the form M(guance.cloud.guance_dashboard) and the P(guance.cloud.dashboards#role) role take, ready to
    be written to a file and kept in git; the P(guance.cloud.dashboards_export#role) role writes a folder of them.
author:
  - guance.cloud maintainers (@GuanceCloud)
options:
  name:
    description:
      - Only the dashboards with exactly this name.
    type: str
  names:
    description:
      - Only the dashboards whose name is exactly one of these.
      - The server only searches for a part of a name. For one name (or names that all hold the shortest one) the
        module searches once; for several, it reads one page of the list (narrowed by O(tags)), which is enough when
        it holds fewer than 100 dashboards, and otherwise searches once per name (a name that holds another of the
        names needs no search of its own). It keeps the exact matches.
      - Cannot be combined with O(name), O(search) or O(uuid).
    type: list
    elements: str
    version_added: 1.0.0
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
  export:
    description:
      - Also read each dashboard's template (one export request per dashboard) into RV(dashboards[].template), and
        give it a file name in RV(dashboards[].file_name).
      - The template is normalised for files kept in git. It holds C(title), C(summary), C(tagInfo) (names only,
        sorted), C(dashboardExtend), C(dashboardMapping), C(iconSet) when set, and C(main) (charts, variables,
        groups) without what the server writes itself (chart and group uuids, C(pos.i), C(chartGroupUUID),
        C(prevGroupName), C(chartGroupPos), tag ids, thumbnails and the dashboard's type and owner), charts in the
        order of their place, keys sorted at every depth.
      - Applied with M(guance.cloud.guance_dashboard) (name, tags, extend and mapping taken from it) or
        with the P(guance.cloud.dashboards#role) role, such a template changes nothing, and exporting the dashboard
        again gives the same template. Tags the role adds (its managed tag and C(dashboards_tags)) belong in
        O(export_omit_tags).
    type: bool
    default: false
    version_added: 1.0.0
  export_omit_tags:
    description:
      - Tag names left out of each exported template's C(tagInfo), typically the managed tag of the
        P(guance.cloud.dashboards#role) role that will apply the files (it adds that tag back).
      - Only with O(export=true).
    type: list
    elements: str
    default: []
    version_added: 1.0.0
  stable_keys:
    description:
      - Also give, in RV(stable_uuids), the uuid that M(guance.cloud.guance_dashboard)'s
        O(guance.cloud.guance_dashboard#module:stable_key) derives from each of these keys in this workspace, so that
        a caller can tell which of its dashboards the list holds without a request per dashboard.
      - The workspace is taken from the dashboards listed, or asked for (one request) when none was listed.
    type: list
    elements: str
    version_added: 1.0.0
extends_documentation_fragment:
  - guance.cloud.guance
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.actiongroups
  - guance.cloud.attributes.info
notes:
  - "Guance allows 20 requests a minute per API key. This module costs one request per page of 100 dashboards,
    or one with O(uuid). With O(names), one request when a single search suffices or the list (narrowed by O(tags))
    holds fewer than 100 dashboards, else one more per name searched (per page of 100 dashboards whose name holds
    it). With O(export=true), one more per dashboard found. A role that manages many dashboards can read them all with one
    task, then give each M(guance.cloud.guance_dashboard) task a O(guance.cloud.guance_dashboard#module:uuid)."
  - A dashboard deleted between the list and its export is left out of the answer.
  - With O(stable_keys), one more request when no dashboard was listed, to learn the workspace.
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

- name: Find several by their exact names
  guance.cloud.guance_dashboard_info:
    names: [Nginx overview, Hosts overview]

- name: Read one dashboard by uuid
  guance.cloud.guance_dashboard_info:
    uuid: dsbd_custom_0123456789abcdef0123456789abcdef

- name: Export the team's dashboards for the dashboards role, without the tag the role adds
  guance.cloud.guance_dashboard_info:
    tags: [team-web]
    export: true
    export_omit_tags: [team-web]
  register: exported

- name: Write one file per dashboard (the guance.cloud.dashboards_export role does this, and removes stale files)
  ansible.builtin.copy:
    content: "{{ item.template | ansible.builtin.to_nice_json(indent=2, ensure_ascii=false) }}\n"
    dest: "dashboards/{{ item.file_name }}"
    mode: "0644"
  loop: "{{ exported.dashboards }}"
  loop_control:
    label: "{{ item.file_name }}"
"""

RETURN = r"""
workspace_uuid:
  description:
    - The uuid of the API key's workspace, as the answers showed it; empty when no answer showed it.
    - Always set with O(stable_keys).
  returned: always
  type: str
  sample: wksp_0123456789abcdef0123456789abcdef
stable_uuids:
  description: With O(stable_keys), each key and the dashboard uuid it gives in this workspace.
  returned: always
  type: dict
  sample: {"team-web/nginx.json": dsbd_custom_0123456789abcdef0123456789abcdef}
dashboards:
  description:
    - The dashboards that match, as the server lists them (newest change first), without charts.
    - C(tags) is added to each, the plain list of tag names, whatever form the server gave the tags in.
  returned: always
  type: list
  elements: dict
  contains:
    template:
      description:
        - The dashboard's template, normalised for a file (see O(export)).
      returned: with O(export=true)
      type: dict
    file_name:
      description:
        - A file name for the template, from the dashboard's name (never its uuid, which differs from workspace to
          workspace), unique within this answer and the same on every run.
        - The name in lowercase, its letters and digits of any script kept and every other run of characters made
          one C(-), then C(.json). Where two names give the same file name, each gets a short hash of its exact
          name; where two dashboards have the same name, a short hash of their template.
      returned: with O(export=true)
      type: str
      sample: nginx-overview.json
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

import itertools

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.guance.cloud.plugins.module_utils._dashboard_export import (
    export_template,
    file_names,
    search_terms,
)
from ansible_collections.guance.cloud.plugins.module_utils import _resource as resource
from ansible_collections.guance.cloud.plugins.module_utils._dashboards import (
    DASHBOARDS,
    export,
    listed,
    stable_uuid,
    validate_uuid,
    with_tags,
    workspace_of,
    workspace_uuid,
)
from ansible_collections.guance.cloud.plugins.module_utils._errors import OptionError
from ansible_collections.guance.cloud.plugins.module_utils._options import (
    guance_argument_spec,
)
from ansible_collections.guance.cloud.plugins.module_utils._results import serve

# A page of the list: one request.
PAGE = 100

ARGUMENT_SPEC = guance_argument_spec(
    name=dict(type="str"),
    names=dict(type="list", elements="str"),
    uuid=dict(type="str"),
    search=dict(type="str"),
    tags=dict(type="list", elements="str"),
    export=dict(type="bool", default=False),
    export_omit_tags=dict(type="list", elements="str", default=[]),
    stable_keys=dict(type="list", elements="str", no_log=False),
)


def validate(options):
    """Refuses names and tags that can match nothing, before any request."""
    for option in ("names", "tags", "export_omit_tags", "stable_keys"):
        for value in options.get(option) or ():
            if not value.strip():
                raise OptionError("%s must hold non-empty names, got %r" % (option, options[option]))
    if options.get("export_omit_tags") and not options.get("export"):
        raise OptionError("export_omit_tags applies only with export: true")
    if options.get("uuid") is not None:
        validate_uuid(options["uuid"])


def find(client, options):
    """The dashboards that match the filters, in the server's order, each once."""
    if options["uuid"]:
        found = resource.get(client, DASHBOARDS, options["uuid"])
        return [found] if found else []
    if options["names"] is None:
        found = listed(client, search=options["search"] or options["name"], tags=options["tags"])
        return [d for d in found if options["name"] is None or d.get("name") == options["name"]]
    return find_names(client, options["names"], options["tags"])


def find_names(client, names, tags):
    """The dashboards of these exact names: from one page of the whole list when it holds them all,
    else from one search per name (the server searches for a part of a name)."""
    wanted = set(names)
    terms = search_terms(wanted)
    seen = []
    if len(terms) > 1:
        seen = list(itertools.islice(listed(client, tags=tags), PAGE))
        if len(seen) < PAGE:
            terms = []
    for term in terms:
        seen.extend(listed(client, search=term, tags=tags))
    found = {}
    for item in seen:
        if item.get("name") in wanted:
            found.setdefault(item.get("uuid"), item)
    return list(found.values())


def with_exports(client, dashboards, omit_tags):
    """Each dashboard with its template and file name; one gone before its export is left out."""
    exported = []
    for dashboard in dashboards:
        template = export(client, dashboard["uuid"])
        if template is not None:
            exported.append(dict(dashboard, template=export_template(template, omit_tags)))
    names = file_names((d.get("name"), d["template"]) for d in exported)
    return [dict(d, file_name=name) for d, name in zip(exported, names)]


def stable_uuids(client, options, dashboards):
    """(workspace uuid, {stable key: uuid}); the workspace asked for only when keys need it and no answer showed it."""
    workspace = workspace_of(dashboards) or ""
    if options["stable_keys"] is None:
        return workspace, {}
    workspace = workspace or workspace_uuid(client)
    return workspace, dict((key, stable_uuid(workspace, key)) for key in options["stable_keys"])


def run(module, client):
    """(dashboards, workspace uuid, stable uuids)."""
    options = module.params
    validate(options)
    dashboards = [with_tags(d) for d in find(client, options)]
    if options["export"]:
        dashboards = with_exports(client, dashboards, options["export_omit_tags"])
    workspace, uuids = stable_uuids(client, options, dashboards)
    return dashboards, workspace, uuids


def task(module, client):
    dashboards, workspace, uuids = run(module, client)
    return dict(changed=False, dashboards=dashboards, workspace_uuid=workspace, stable_uuids=uuids)


def main():
    module = AnsibleModule(
        argument_spec=ARGUMENT_SPEC,
        supports_check_mode=True,
        mutually_exclusive=[("uuid", "name"), ("uuid", "search"), ("uuid", "tags"), ("uuid", "names"),
                            ("names", "name"), ("names", "search")],
    )
    serve(module, task)


if __name__ == "__main__":
    main()
