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
    version_added: 0.2.0
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
      - Guance's answers may leave out some fields (C(desc), C(identifier), C(isPublic) and the permission sets are
        absent from the examples of its documentation). A managed field that neither the dashboard nor its export
        shows cannot be compared; the task warns about it, sends it when it creates the dashboard or changes anything
        else, and otherwise leaves it.
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
notes:
  - "Guance allows 20 requests a minute per API key. Requests per task: found by O(name), 1 (the list, one request
    per page of 100 dashboards with a similar name), plus 1 with O(template) (the export); found by O(uuid), 1 (get),
    plus 1 with O(template) (the export); found by O(stable_key), see there; a change adds 1 for the fields and 1 for
    the template; creating costs 1, deleting 1. With O(lookup=false) nothing is read: the create is the only request
    (with O(stable_key), plus 1 to learn the workspace unless O(workspace_uuid) is given)."
  - With O(uuid) and O(template) and no other managed option than O(name), O(description), O(tags), O(extend) and
    O(mapping), the export alone holds everything to compare, and an unchanged dashboard costs 1 request. In that
    case RV(dashboard) holds only the fields the export carries unless the task changed something.
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
    - When only the export was read (see the notes), it holds C(uuid), C(name), C(desc), C(extend), C(mapping) and
      the tags.
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
  description: The managed options whose fields Guance's answers did not show, so that they could not be compared.
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
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.guance.cloud.plugins.module_utils._dashboards import (
    CUSTOM_UUID_RE,
    EXPORT_FALLBACK,
    DashboardAPI,
    adoptable,
    compare,
    create_body,
    current_state,
    desired_state,
    diff_text,
    differing,
    export_suffices,
    import_template,
    modify_body,
    newest_first,
    object_from_export,
    object_tags,
    one_named,
    predict,
    stable_uuid,
    unverified,
    validate,
    with_tags,
    workspace_of,
)
from ansible_collections.guance.cloud.plugins.module_utils._errors import (
    ConflictError,
    GuanceError,
    OptionError,
    OutcomeUnknownError,
)
from ansible_collections.guance.cloud.plugins.module_utils._options import (
    client_from_module,
    guance_argument_spec,
)
from ansible_collections.guance.cloud.plugins.module_utils._results import fail, finish

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
    send_unverified=dict(type="bool", default=False),
    on_duplicates=dict(type="str", choices=["fail", "keep_newest"], default="fail"),
)
ARGUMENT_SPEC = guance_argument_spec(dashboards=dict(type="list", elements="dict"), **DASHBOARD_OPTIONS)
# An item of dashboards: the same options without defaults, so that one the item leaves out takes the task's.
ITEM_SPEC = dict((k, dict((a, b) for a, b in spec.items() if a != "default")) for k, spec in DASHBOARD_OPTIONS.items())


class Outcome:
    """What a run did besides the dashboard: duplicates deleted, fields that could not be compared."""

    def __init__(self):
        self.deleted = []
        self.unverified = []


# Finding the dashboard.

def settle_duplicates(api, module, found, outcome):
    """The one dashboard of `found`; with on_duplicates: keep_newest, the newest of several tagged ones."""
    options = module.params
    if len(found) < 2 or options["on_duplicates"] != "keep_newest":
        return one_named(found, options["name"])
    tags = set(options["tags"])
    untagged = sorted(d.get("uuid") for d in found if not tags <= set(object_tags(d)))
    if untagged:
        raise ConflictError("%d dashboards are named %r and %s carry not every tag of %s, so they are not deleted; "
                            "delete or rename them by hand" % (len(found), options["name"], ", ".join(untagged), sorted(tags)))
    kept = newest_first(found)
    for extra in kept[1:]:
        if not module.check_mode:
            api.delete(extra["uuid"])
        outcome.deleted.append(extra["uuid"])
    return kept[0]


def learn_workspace(api, options, found):
    """The API key's workspace: given, or read from answers already at hand, or asked for (1 request)."""
    seen = workspace_of(found)
    given = options["workspace_uuid"]
    if given and seen and given != seen:
        raise OptionError("workspace_uuid %s is not the workspace of the API key (its dashboards are in %s)" % (given, seen))
    return given or seen or api.workspace_uuid()


def find_stable(api, module, outcome):
    """(dashboard, the stable key's uuid): the key's own dashboard, else one to adopt by name."""
    options = module.params
    # Any dashboard the search lists names the workspace, exact name or not.
    listed = list(api.list(search=options["name"])) if options["name"] is not None else []
    found = [d for d in listed if d.get("name") == options["name"]]
    derived = stable_uuid(learn_workspace(api, options, listed), options["stable_key"])
    own = [d for d in found if d.get("uuid") == derived]
    if own:
        return own[0], derived
    obj = api.get(derived)
    if obj is None:
        # A dashboard made without a stable key (0.1.0 found dashboards by name) is adopted, not doubled.
        obj = settle_duplicates(api, module, adoptable(found, derived), outcome)
    return obj, derived


def find(api, module, desired, outcome):
    """(dashboard object, exported template, the stable key's uuid).

    With lookup off the caller has just found no such dashboard: nothing is read, but a stable key
    still needs its workspace.
    """
    options = module.params
    if not options["lookup"]:
        stable = options["stable_key"] is not None and options["uuid"] is None
        return None, None, stable_uuid(learn_workspace(api, options, []), options["stable_key"]) if stable else None
    uuid, derived = options["uuid"], None
    if uuid and options["state"] == "present" and "template" in desired and export_suffices(desired):
        exported = api.export(uuid)
        return (object_from_export(uuid, exported), exported, None) if exported is not None else (None, None, None)
    if uuid:
        obj = api.get(uuid)
    elif options["stable_key"] is not None:
        obj, derived = find_stable(api, module, outcome)
    else:
        obj = settle_duplicates(api, module, api.named(options["name"]), outcome)
    return obj, read_export(api, options, desired, obj), derived


def read_export(api, options, desired, obj):
    """The export, when the template is managed or a managed field is only there (its summary, say)."""
    if obj is None or options["state"] != "present":
        return None
    shown = current_state(obj)
    if "template" in desired or any(k in desired and k not in shown for k in EXPORT_FALLBACK):
        return api.export(obj["uuid"])
    return None


# Creating.

def look_again(api, options, uuid, lost):
    """The dashboard a create whose answer was lost may have made; the lost answer's error when none."""
    try:
        found = api.get(uuid) if uuid else api.find_by_name(options["name"])
    except GuanceError as failed:
        raise OutcomeUnknownError("The create's answer was lost (%s: %s), so the dashboard may have been created; "
                                  "looking for it failed too: %s" % (lost.status or "no answer", lost.message, failed.message),
                                  status=failed.status, error_code=failed.error_code, trace_id=failed.trace_id,
                                  hint="Look for the dashboard before running the task again, or give stable_key, "
                                       "so that a second run cannot make a second one")
    if found is None:
        raise lost
    return found


def create(api, options, body):
    """(created, None), or (None, existing) when the server refused a stable uuid another run has taken."""
    uuid = body.get("specifyDashboardUUID")
    try:
        return api.create(body), None
    except OutcomeUnknownError as lost:
        # The create may have been carried out: look for it rather than risk a second dashboard.
        return look_again(api, options, uuid, lost), None
    except GuanceError as refused:
        if uuid is None or refused.status is None or refused.status >= 500 or refused.status in (401, 403):
            raise
        existing = api.get(uuid)
        if existing is None:
            raise ConflictError("Guance refused uuid %s for the new dashboard and this API key sees no dashboard with "
                                "it: it is taken in another workspace, or by a deleted dashboard. Give another "
                                "stable_key or uuid. (%s)" % (uuid, refused), status=refused.status,
                                error_code=refused.error_code, trace_id=refused.trace_id)
        return None, existing


# Acting.

def unverified_warning(keys):
    return ("Guance's answers do not show %s, so this task cannot tell whether the dashboard matches; they are sent "
            "when the dashboard is created or changed, and on every run with send_unverified: true" % ", ".join(keys))


def update(api, module, desired, obj, exported, outcome):
    """(changed, dashboard, before, after) for a dashboard that exists."""
    options = module.params
    current = current_state(obj, exported)
    changed, before, after = compare(current, desired)
    keys = differing(before, after)
    outcome.unverified = unverified(current, desired)
    if outcome.unverified:
        module.warn(unverified_warning(outcome.unverified))
        if keys or options["send_unverified"]:
            keys = sorted(set(keys) | set(outcome.unverified))
    body = modify_body(options, keys)
    dashboard = predict(obj, body)
    if body and not module.check_mode:
        dashboard = api.modify(obj["uuid"], body)
    if "template" in keys and not module.check_mode:
        api.import_(obj["uuid"], import_template(options, dashboard.get("name")))
    return changed or bool(body), dashboard, before, after


def present(api, module, desired, found, outcome):
    """(changed, dashboard, before, after) for state: present."""
    obj, exported, derived = found
    options = module.params
    if obj is not None:
        return update(api, module, desired, obj, exported, outcome)
    if options["name"] is None:
        raise OptionError("name is required to create a dashboard; no dashboard has uuid %s" % (options["uuid"] or derived))
    if options["uuid"] and not CUSTOM_UUID_RE.fullmatch(options["uuid"]):
        raise OptionError("no dashboard has uuid %s; only a dsbd_custom_ uuid can be given to a new dashboard" % options["uuid"])
    body = create_body(options, derived)
    if module.check_mode:
        return True, predict(None, body), {}, dict(desired)
    created, existing = create(api, options, body)
    if existing is not None:
        # Another run created it first: this run brings it in line like any dashboard found.
        return update(api, module, desired, existing, read_export(api, options, desired, existing), outcome)
    if body.get("specifyDashboardUUID") and created.get("uuid") not in (None, body["specifyDashboardUUID"]):
        module.warn("Guance gave the new dashboard uuid %s instead of %s: this server does not take specifyDashboardUUID, "
                    "so later runs find it by name" % (created.get("uuid"), body["specifyDashboardUUID"]))
    return True, created, {}, dict(desired)


def run(module, api, outcome=None):
    """(changed, dashboard, diff) after acting, or predicting in check mode."""
    outcome = outcome if outcome is not None else Outcome()
    options = module.params
    validate(options)
    desired = desired_state(options)
    found = find(api, module, desired, outcome)
    obj = found[0]
    if options["state"] == "absent":
        if obj and not module.check_mode:
            api.delete(obj["uuid"])
        return obj is not None or bool(outcome.deleted), {}, {"before": current_state(obj) if obj else {}, "after": {}}
    changed, dashboard, before, after = present(api, module, desired, found, outcome)
    return changed or bool(outcome.deleted), with_tags(dashboard), {"before": before, "after": after}


# Several dashboards in one task.

class Item:
    """One item of dashboards: what run() needs of the module, with that item's options."""

    def __init__(self, module, params, label):
        self.params, self.check_mode, self.label = params, module.check_mode, label
        self._module = module

    def warn(self, text):
        self._module.warn("%s: %s" % (self.label, text))


def items_of(module):
    """The items of dashboards, each overlaid on the task's options and checked, before any request."""
    shared = dict((k, v) for k, v in module.params.items() if k != "dashboards")
    items = []
    for index, item in enumerate(module.params["dashboards"]):
        unknown = sorted(set(item) - set(ITEM_SPEC))
        if unknown:
            raise OptionError("dashboards[%d] has options %s that do not apply to one dashboard (connection options are "
                              "the task's); it takes: %s" % (index, ", ".join(unknown), ", ".join(sorted(ITEM_SPEC))))
        checked = ArgumentSpecValidator(ITEM_SPEC).validate(item)
        if checked.error_messages:
            raise OptionError("dashboards[%d]: %s" % (index, "; ".join(checked.error_messages)))
        params = dict(shared, **dict((k, v) for k, v in checked.validated_parameters.items() if v is not None))
        label = "dashboards[%d] (%s)" % (index, params["name"] if params["name"] is not None else params["uuid"] or params["stable_key"])
        try:
            validate(params)
        except OptionError as e:
            raise OptionError("%s: %s" % (label, e))
        items.append(Item(module, params, label))
    return items


def result_of(changed, dashboard, params, outcome):
    return dict(changed=changed, dashboard=dashboard, uuid=dashboard.get("uuid") or params["uuid"],
                deleted=outcome.deleted, unverified=outcome.unverified)


def diff_of(diff, label=None):
    # As text, so that names in Chinese (or any non-ASCII) read as written, not as \u escapes.
    shown = {"before": diff_text(diff["before"]), "after": diff_text(diff["after"])}
    if label:
        shown.update(before_header=label, after_header=label)
    return shown


def run_items(module, api):
    """The result of a task with dashboards: each item applied in order, the first failure naming its item."""
    results, diffs = [], []
    for item in items_of(module):
        outcome = Outcome()
        try:
            changed, dashboard, diff = run(item, api, outcome)
        except GuanceError as e:
            fail(module, api.client, "%s: %s" % (item.label, e), changed=any(r["changed"] for r in results),
                 dashboards=results, **e.details())
        results.append(result_of(changed, dashboard, item.params, outcome))
        diffs.append(diff_of(diff, item.label))
    result = dict(changed=any(r["changed"] for r in results), dashboards=results)
    if module._diff:
        result["diff"] = diffs
    return result


def run_one(module, api):
    outcome = Outcome()
    changed, dashboard, diff = run(module, api, outcome)
    result = result_of(changed, dashboard, module.params, outcome)
    if module._diff:
        result["diff"] = diff_of(diff)
    return result


def main():
    module = AnsibleModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True,
                           mutually_exclusive=[("dashboards", "name"), ("dashboards", "uuid"), ("dashboards", "stable_key")])
    client = None
    try:
        client = client_from_module(module)
        api = DashboardAPI(client)
        result = run_one(module, api) if module.params["dashboards"] is None else run_items(module, api)
    except GuanceError as e:
        fail(module, client, str(e), **e.details())
    finish(module, client, **result)


if __name__ == "__main__":
    main()
