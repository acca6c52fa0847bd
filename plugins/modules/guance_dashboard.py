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
  - The dashboard is found by O(uuid), or by O(stable_key), or else by its exact O(name); with O(lookup=false) it is
    not looked for but created.
  - Options left out are not managed; a task that gives only O(name) and O(tags) leaves the charts and the
    description as they are.
  - The template is compared with what Guance exports, after leaving out what the server adds or rewrites
    (chart and group uuids, C(pos.i), tag ids, C(chartGroupPos), C(prevGroupName), empty defaults, the order of
    charts and keys). The dashboard is re-imported only when the template really differs, because an import
    breaks the share links of its charts.
  - A chart given without C(pos) (or with C(pos) V(null)) leaves its place to Guance, which lays such charts out on
    its own grid; it is compared on everything but its place. A chart given with C(pos) is compared on its place too.
author:
  - guance.cloud maintainers (@GuanceCloud)
options:
  dashboards:
    description:
      - Several dashboards in one task. Each item is a dict of this module's options for one dashboard (all but the
        connection options and O(dashboards)); an option an item leaves out takes the task's value, so options that
        every dashboard shares (O(state), O(tags), O(workspace_uuid)...) can be given once, beside O(dashboards).
      - The items are applied in order by one process, with one connection and one pacing of the rate limit. A task
        is a process of its own, about half a second of Ansible's time before the module sends anything, so a
        folder of dashboards applied this way takes a fraction of a loop of tasks, for the same requests.
      - Every item is checked before the first request. When an item fails, the task fails naming it (its place in
        the list and its name), and RV(dashboards) tells what the items before it did.
      - Cannot be combined with O(name), O(uuid) or O(stable_key) at the top of the task.
    type: list
    elements: dict
    version_added: 1.0.0
  name:
    description:
      - The dashboard's name, at most 128 characters; a string, not empty or only white space, without control
        characters (NUL, newline, tab). A list or a number is refused; quote a name that YAML would read as one.
      - Identifies the dashboard when O(uuid) is not given. Two dashboards with this name make the task fail
        without changing anything; give O(uuid) then.
      - With O(uuid), a different name renames the dashboard.
      - Required to create a dashboard. It replaces the C(title) of O(template).
    type: raw
  uuid:
    description:
      - The dashboard's uuid, V(dsbd_) followed by 32 lowercase hex digits, or V(dsbd_custom_) followed by
        32 lowercase letters or digits.
      - Identifies the dashboard directly; O(name) is then not used to find it.
      - A V(dsbd_custom_) uuid that does not exist yet is created with exactly that uuid, so that
        a play keeps a stable uuid across re-creations. Dashboard uuids are unique across all workspaces, so one
        such uuid serves one workspace only; O(stable_key) derives one per workspace.
      - Matched whole; a trailing newline or space is refused.
    type: str
  stable_key:
    description:
      - A key of the caller's choosing that names this dashboard for good, for example the path of its file in a
        repository. Used when O(uuid) is not given.
      - The dashboard's uuid is derived from the key and the API key's workspace (V(dsbd_custom_) and 32 hex
        digits, the same on every run and machine), and a new dashboard is created with that uuid. Guance refuses a
        second dashboard with one uuid, so runs that race to create the same dashboard end with one dashboard;
        the runs that lose find the winner's dashboard and bring it in line.
      - The dashboard keeps its uuid, and its share links, when O(name) changes.
      - When no dashboard has the derived uuid, a dashboard of the exact O(name) made without a stable key (a random
        uuid, for example by version 0.1.0 of this collection or by hand) is adopted and keeps its uuid; it is not
        doubled. Dashboards with another V(dsbd_custom_) uuid belong to other keys and are not adopted.
      - Costs, besides the reads of a lookup by O(name), one request to learn the workspace when the list found no
        dashboard of a similar name and O(workspace_uuid) is not given, and one get when the dashboard was not in
        that list (renamed, or new).
    type: str
  workspace_uuid:
    description:
      - The uuid of the API key's workspace (V(wksp_...)), when the caller knows it already, for example from the
        C(workspaceUUID) of a dashboard it listed. Saves the request that learns it for O(stable_key).
      - Only with O(stable_key). A value that answers show to be wrong is refused.
    type: str
  on_duplicates:
    description:
      - What to do when several dashboards have the exact O(name) (for example left by two runs of an older version
        that overlapped).
      - V(fail) stops the task and names their uuids.
      - V(keep_newest) keeps the most recently updated one and deletes the others, but only when every one of them
        carries all O(tags) (required then), so that a dashboard made by hand is never deleted.
    type: str
    choices: [fail, keep_newest]
    default: fail
  send_unverified:
    description:
      - The same option, with the same meaning, in every module of this collection that manages named objects.
      - Guance's answers may leave out some fields (C(desc), C(identifier), C(isPublic) and the permission sets are
        absent from the examples of its documentation). A managed field that no answer shows cannot be compared, and is
        never a reason to write. The task warns about it and lists it in RV(unverified), sends it when it creates the
        dashboard or changes anything else, and otherwise leaves it.
      - V(true) sends such fields on every run (a modify), so that they are sure to hold; the task then reports a
        change on every run.
    type: bool
    default: false
  lookup:
    description:
      - Whether to look for the dashboard before acting.
      - V(false) says that the caller has just made sure that the dashboard does not exist, typically from one
        M(guance.cloud.guance_dashboard_info) list that serves many tasks, so that the module creates it at once
        without reading anything first (1 request instead of 2) and, in check mode, predicts the create without any
        request.
      - Only with O(state=present) and a O(name). A O(uuid) given with it must be a V(dsbd_custom_) one, the uuid the
        new dashboard gets. With O(stable_key) the new dashboard gets the derived uuid, and when Guance refuses it as
        taken (the dashboard exists after all), the task reads that dashboard and brings it in line instead.
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
      - Compared with the C(desc) that the list or get shows. Where they show none, it is unverified (see
        O(send_unverified)). The C(summary) of an export or of O(template) is the template's own summary, not the
        description.
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
        C(tagInfo), C(dashboardExtend) and C(dashboardMapping) are managed through O(name), O(tags), O(extend) and
        O(mapping), and the rest of the top level (C(summary), the template's own; C(iconSet), C(thumbnail)...) is
        sent on create and import but not compared.
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
notes:
  - "Guance allows 20 requests a minute per API key. Requests per task: found by O(name), 1 (the list, one request
    per page of 100 dashboards with a similar name), plus 1 with O(template) (the export); found by O(uuid), 1 (get),
    plus 1 with O(template) (the export); found by O(stable_key), see there; a change adds 1 for the fields and 1 for
    the template; creating costs 1, deleting 1. With O(lookup=false) nothing is read: the create is the only request
    (with O(stable_key), plus 1 to learn the workspace unless O(workspace_uuid) is given)."
  - With O(uuid) and O(template) and no other managed option than O(name), O(description), O(tags), O(extend) and
    O(mapping), the export is the one read, and an unchanged dashboard costs 1 request. The export does not show the
    description, which is then unverified (see O(send_unverified)). In that case RV(dashboard) holds only the fields
    the export carries unless the task changed something.
  - A create whose answer is lost (timeout, dropped connection, server error) is resolved by reading the dashboard
    again, never by creating it twice. When that reading fails too, the error says that the dashboard may have been
    created.
  - "What a create by O(name) alone cannot promise: Guance allows several dashboards with one name, so two runs that
    look for the same name at the same moment both find none and both create one. Give O(stable_key) (or a
    V(dsbd_custom_) O(uuid)) when runs may overlap, as scheduled jobs do."
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

- name: Keep a dashboard whose uuid stays the same when its name changes, safe when runs overlap
  guance.cloud.guance_dashboard:
    stable_key: dashboards/hosts.json
    name: Hosts overview
    template: "{{ lookup('ansible.builtin.file', 'dashboards/hosts.json') }}"

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

- name: Keep a folder of dashboards in one task (one process), each with a stable uuid, all tagged team-web
  guance.cloud.guance_dashboard:
    tags: [team-web]
    dashboards:
      - stable_key: dashboards/nginx.json
        name: Nginx overview
        template: "{{ lookup('ansible.builtin.file', 'dashboards/nginx.json') }}"
      - stable_key: dashboards/redis.json
        name: Redis
        template: "{{ lookup('ansible.builtin.file', 'dashboards/redis.json') }}"
      - name: Nginx (legacy)
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
    - When only the export was read (see the notes), it holds C(uuid), C(name), C(extend), C(mapping) and the tags.
    - In check mode, a dashboard still to be created has no C(uuid) unless O(uuid) was given.
  returned: when O(dashboards) is not given
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
  returned: when O(dashboards) is not given
  type: str
  sample: dsbd_custom_0123456789abcdef0123456789abcdef
deleted:
  description: The uuids of the duplicates deleted by O(on_duplicates=keep_newest) (or that would be, in check mode).
  returned: when O(dashboards) is not given
  type: list
  elements: str
  sample: [dsbd_0123456789abcdef0123456789abcdef]
unverified:
  description:
    - The managed options whose fields Guance's answers did not show, so that they could not be compared (see
      O(send_unverified)).
  returned: when O(dashboards) is not given
  type: list
  elements: str
  sample: [visibility]
dashboards:
  description:
    - With O(dashboards), what the task did for each item, in the order of the items. When an item failed, the
      items before it.
    - Each holds C(changed), C(dashboard), C(uuid), C(deleted) and C(unverified), as a task with that item's options
      would return them.
  returned: when O(dashboards) is given
  type: list
  elements: dict
  sample:
    - changed: true
      uuid: dsbd_custom_0123456789abcdef0123456789abcdef
      dashboard: {uuid: dsbd_custom_0123456789abcdef0123456789abcdef, name: Hosts overview, tags: [prod]}
      deleted: []
      unverified: []
diff:
  description:
    - The managed fields before and after, normalised as they were compared (tags sorted, the template as
      compared), each as indented JSON text that keeps non-ASCII text as written. C(before) is V({}) when the
      dashboard is created, C(after) when it is deleted.
    - With O(dashboards), a list of these, one per item, whose C(before_header) and C(after_header) name the item.
  returned: when diff mode is on
  type: raw
  contains:
    before:
      description: The managed fields as they were, as JSON text.
      type: str
      returned: always
      sample: "{\n    \"tags\": [\n        \"prod\"\n    ]\n}\n"
    after:
      description: The managed fields as they are after the task (or would be in check mode), as JSON text.
      type: str
      returned: always
      sample: "{\n    \"tags\": [\n        \"nginx\",\n        \"prod\"\n    ]\n}\n"
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.guance.cloud.plugins.module_utils import _resource as resource
from ansible_collections.guance.cloud.plugins.module_utils._dashboards import (
    CUSTOM_UUID_RE,
    DASHBOARDS,
    EXPORT_FALLBACK,
    adoptable,
    create_body,
    current_state,
    desired_state,
    export,
    export_suffices,
    fitted,
    import_template,
    import_template_into,
    listed,
    modify_body,
    newest_first,
    object_from_export,
    object_tags,
    one_named,
    predict,
    stable_uuid,
    validate,
    with_tags,
    workspace_of,
    workspace_uuid,
)
from ansible_collections.guance.cloud.plugins.module_utils._errors import (
    ConflictError,
    GuanceError,
    OptionError,
    OutcomeUnknownError,
)
from ansible_collections.guance.cloud.plugins.module_utils._options import (
    guance_argument_spec,
)
from ansible_collections.guance.cloud.plugins.module_utils._results import serve

# The options of one dashboard.
DASHBOARD_OPTIONS = dict(
    # raw, so that a list or a number given as name is refused instead of turned into text.
    name=dict(type="raw"),
    uuid=dict(type="str"),
    stable_key=dict(type="str", no_log=False),
    workspace_uuid=dict(type="str"),
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
    on_duplicates=dict(type="str", choices=["fail", "keep_newest"], default="fail"),
    **resource.SEND_UNVERIFIED_SPEC
)
ARGUMENT_SPEC = guance_argument_spec(dashboards=dict(type="list", elements="dict"), **DASHBOARD_OPTIONS)
ITEM_SPEC = resource.item_spec(DASHBOARD_OPTIONS)


class Outcome:
    """What a run did besides the dashboard: duplicates deleted, fields that could not be compared."""

    def __init__(self):
        self.deleted = []
        self.unverified = []


# Finding the dashboard.

def settle_duplicates(client, module, found, outcome):
    """The one dashboard of `found`; with on_duplicates: keep_newest, the newest of several tagged ones."""
    options = module.params
    named = [d for d in found if d.get("name") == options["name"]]
    if len(named) < 2 or options["on_duplicates"] != "keep_newest":
        return one_named(named, options["name"])
    tags = set(options["tags"])
    untagged = sorted(d.get("uuid") for d in named if not tags <= set(object_tags(d)))
    if untagged:
        raise ConflictError("%d dashboards are named %r and %s carry not every tag of %s, so they are not deleted; "
                            "delete or rename them by hand" % (len(named), options["name"], ", ".join(untagged), sorted(tags)))
    kept = newest_first(named)
    for extra in kept[1:]:
        if not module.check_mode:
            resource.delete(client, DASHBOARDS, extra["uuid"])
        outcome.deleted.append(extra["uuid"])
    return kept[0]


def learn_workspace(client, options, found):
    """The API key's workspace: given, or read from answers already at hand, or asked for (1 request)."""
    seen = workspace_of(found)
    given = options["workspace_uuid"]
    if given and seen and given != seen:
        raise OptionError("workspace_uuid %s is not the workspace of the API key (its dashboards are in %s)" % (given, seen))
    return given or seen or workspace_uuid(client)


def find_stable(client, module, outcome):
    """(dashboard, the stable key's uuid): the key's own dashboard, else one to adopt by name."""
    options = module.params
    # Any dashboard the search lists names the workspace, exact name or not.
    listed_ = list(listed(client, search=options["name"])) if options["name"] is not None else []
    derived = stable_uuid(learn_workspace(client, options, listed_), options["stable_key"])
    own = [d for d in listed_ if d.get("uuid") == derived and d.get("name") == options["name"]]
    if own:
        return own[0], derived
    obj = resource.get(client, DASHBOARDS, derived)
    if obj is None:
        # A dashboard made without a stable key (0.1.0 found dashboards by name) is adopted, not doubled.
        obj = settle_duplicates(client, module, adoptable(listed_, derived), outcome)
    return obj, derived


def find(client, module, desired, outcome):
    """(dashboard object, exported template, the stable key's uuid).

    With lookup off the caller has just found no such dashboard: nothing is read, but a stable key
    still needs its workspace.
    """
    options = module.params
    if not options["lookup"]:
        stable = options["stable_key"] is not None and options["uuid"] is None
        return None, None, stable_uuid(learn_workspace(client, options, []), options["stable_key"]) if stable else None
    uuid, derived = options["uuid"], None
    if uuid and options["state"] == "present" and export_suffices(desired):
        exported = export(client, uuid)
        return (object_from_export(uuid, exported), exported, None) if exported is not None else (None, None, None)
    if uuid:
        obj = resource.get(client, DASHBOARDS, uuid)
    elif options["stable_key"] is not None:
        obj, derived = find_stable(client, module, outcome)
    else:
        obj = settle_duplicates(client, module, listed(client, search=options["name"]), outcome)
    return obj, read_export(client, options, desired, obj), derived


def read_export(client, options, desired, obj):
    """The export, when the template is managed or a managed field is only there (its identifier, say)."""
    if obj is None or options["state"] != "present":
        return None
    shown = current_state(obj)
    if "template" in desired or any(k in desired and k not in shown for k in EXPORT_FALLBACK):
        return export(client, obj["uuid"])
    return None


# Creating.

def create(client, options, body):
    """(created, None), or (None, existing) when the server refused a stable uuid another run has taken.

    A lost answer is the core's to resolve (read back, never created twice).
    """
    uuid = body.get("specifyDashboardUUID")
    try:
        return resource.create(client, DASHBOARDS, body, options["name"], uuid), None
    except OutcomeUnknownError:
        raise
    except GuanceError as refused:
        if uuid is None or refused.status is None or refused.status >= 500 or refused.status in (401, 403):
            raise
        existing = resource.get(client, DASHBOARDS, uuid)
        if existing is None:
            raise ConflictError("Guance refused uuid %s for the new dashboard and this API key sees no dashboard with "
                                "it: it is taken in another workspace, or by a deleted dashboard. Give another "
                                "stable_key or uuid. (%s)" % (uuid, refused), status=refused.status,
                                error_code=refused.error_code, trace_id=refused.trace_id)
        return None, existing


# Acting.

def update(client, module, desired, obj, exported, outcome):
    """(changed, dashboard, comparison) for a dashboard that exists."""
    options = module.params
    comparison = resource.compare(fitted(current_state(obj, exported), desired), desired)
    outcome.unverified = comparison.unverified
    if comparison.unverified:
        module.warn(resource.unverified_warning(DASHBOARDS, obj["uuid"], comparison.unverified))
    keys = resource.keys_to_send(comparison, options["send_unverified"])
    body = modify_body(options, keys)
    dashboard = predict(obj, body)
    if body and not module.check_mode:
        dashboard = resource.send(client, DASHBOARDS, "modify", uuid=obj["uuid"], body=body)
    if "template" in keys and not module.check_mode:
        import_template_into(client, obj["uuid"], import_template(options, dashboard.get("name")))
    return bool(keys), dashboard, comparison


def apply(client, module, desired, found, outcome):
    """(changed, dashboard, comparison): the dashboard created or brought in line."""
    obj, exported, derived = found
    options = module.params
    if obj is not None:
        return update(client, module, desired, obj, exported, outcome)
    if options["name"] is None:
        raise OptionError("name is required to create a dashboard; no dashboard has uuid %s" % (options["uuid"] or derived))
    if options["uuid"] and not CUSTOM_UUID_RE.fullmatch(options["uuid"]):
        raise OptionError("no dashboard has uuid %s; only a dsbd_custom_ uuid can be given to a new dashboard" % options["uuid"])
    body = create_body(options, derived)
    if module.check_mode:
        return True, predict(None, body), resource.compare(None, desired)
    created, existing = create(client, options, body)
    if existing is not None:
        # Another run created it first: this run brings it in line like any dashboard found.
        return update(client, module, desired, existing, read_export(client, options, desired, existing), outcome)
    if body.get("specifyDashboardUUID") and created.get("uuid") not in (None, body["specifyDashboardUUID"]):
        module.warn("Guance gave the new dashboard uuid %s instead of %s: this server does not take specifyDashboardUUID, "
                    "so later runs find it by name" % (created.get("uuid"), body["specifyDashboardUUID"]))
    return True, created, resource.compare(None, desired)


def present(client, module, desired, found, outcome):
    """(changed, dashboard with its plain tags, comparison) for state: present."""
    changed, dashboard, comparison = apply(client, module, desired, found, outcome)
    return changed, with_tags(dashboard), comparison


def absent(client, module, desired, found, outcome):
    """(changed, dashboard, comparison) for state: absent."""
    obj = found[0]
    if obj and not module.check_mode:
        resource.delete(client, DASHBOARDS, obj["uuid"])
    gone = resource.Comparison(current_state(obj) if obj else {}, {}, [], [])
    return obj is not None or bool(outcome.deleted), {}, gone


def run(module, client):
    """(result, diff) of one dashboard after acting, or predicting in check mode."""
    outcome = Outcome()
    options = module.params
    validate(options)
    desired = desired_state(options)
    found = find(client, module, desired, outcome)
    act = present if options["state"] == "present" else absent
    changed, dashboard, comparison = act(client, module, desired, found, outcome)
    result = dict(changed=changed or bool(outcome.deleted), dashboard=dashboard, uuid=dashboard.get("uuid") or options["uuid"],
                  deleted=outcome.deleted, unverified=outcome.unverified)
    return result, resource.diff(comparison.before, comparison.after)


def label_of(params):
    return params["name"] if params["name"] is not None else params["uuid"] or params["stable_key"]


def run_items(module, client):
    """The result of a task with dashboards: each item applied in order, the first failure naming its item."""
    items = resource.items_of(module, "dashboards", ITEM_SPEC, label_of, validate)
    return resource.task_result("dashboards", items, lambda item: run(item, client), module._diff)


def run_one(module, client):
    return resource.one_result(run(module, client), module._diff)


def main():
    module = AnsibleModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True,
                           mutually_exclusive=[("dashboards", "name"), ("dashboards", "uuid"), ("dashboards", "stable_key")])
    serve(module, resource.one_or_items("dashboards", run_one, run_items))


if __name__ == "__main__":
    main()
