#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, guance.cloud maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: guance_pipeline
short_description: Create, update and delete Guance Pipelines (scripts that process data before it is stored)
version_added: 1.0.0
description:
  - Keeps a Pipeline of a Guance workspace as the task describes it - its script, the sources it applies to, its test
    data, whether it is the default of its category and whether it is enabled.
  - A Pipeline is known by its O(category) and O(name). Two Pipelines of that category and name make the task fail
    without changing anything.
  - The script is given inline (O(script)) or as a C(.p) file on the Ansible controller (O(src)), read by the module's
    action plugin before anything is sent; a missing file fails the task before any request.
  - Guance keeps script and test data as base64, and its answers add a line break to the encoded text. They are
    compared decoded, and a final line break never counts, so an unchanged script never reads as changed.
  - O(pipelines) applies several Pipelines in one task, for one list and one export request in all; with
    O(prune_marker) it also deletes the Pipelines whose script carries the marker line and that no item names
    (what the C(guance.cloud.pipelines) role uses to apply a folder).
author:
  - guance.cloud maintainers (@GuanceCloud)
options:
  name:
    description:
      - The Pipeline's name, which Guance also takes as its source name when O(sources) is empty. 1 to 256 letters,
        digits, V(_), V(-) or Chinese characters; Guance refuses anything else (a V(.) or a space among them), and so
        does the task, before any request.
    type: str
  category:
    description:
      - What data the Pipeline processes. With O(name), it identifies the Pipeline.
    type: str
    choices: [logging, object, custom_object, network, tracing, rum, security, keyevent, metric, profiling,
              dialtesting, billing]
    default: logging
  state:
    description:
      - V(present) creates the Pipeline or brings it in line; V(absent) deletes it (one already gone is not an error).
    type: str
    choices: [present, absent]
    default: present
  script:
    description:
      - The Pipeline's script, as text. Required to create a Pipeline, unless O(src) is given; managed only when
        given. A final line break does not count.
      - Mutually exclusive with O(src).
    type: str
  src:
    description:
      - A file holding the script (a C(.p) file), on the Ansible controller; a relative path is searched like the
        C(src) of M(ansible.builtin.copy) (the role's or playbook's C(files) folder, then the playbook's folder).
      - A file that cannot be read fails the task before any request.
    type: path
  sources:
    description:
      - The sources the Pipeline applies to (Guance's C(source)), compared as a set. Managed only when given.
    type: list
    elements: str
  test_data:
    description:
      - Sample data to try the script on in the console (Guance's C(testData)), as text. Managed only when given.
    type: str
  as_default:
    description:
      - Whether the Pipeline is the default of its category, applied to data no other Pipeline takes. V(true) replaces
        the current default (Guance's C(isForce) is sent with it). Managed only when given.
    type: bool
  enabled:
    description:
      - Whether the Pipeline is in use. Managed only when given; a new Pipeline is enabled unless this is V(false).
    type: bool
  type:
    description:
      - Where the Pipeline runs (Guance's C(type)), V(local) in DataKit or V(central) in Guance's central Pipeline
        service. The newer pages require it; a new Pipeline gets V(local) unless this is given.
      - Guance's answers do not show it, so it cannot be compared; it is sent when the Pipeline is created or changed.
    type: str
    choices: [local, central]
  pipelines:
    description:
      - Several Pipelines in one task, each a dict of this module's options but the connection options and
        O(prune_marker), which the task gives for all. What an item leaves out, it takes from the task's options.
        Every item is checked (and every O(src) read) before any request; the items are applied in order and the first
        failure stops the task, naming its item.
      - Mutually exclusive with O(name).
    type: list
    elements: dict
    suboptions:
      name:
        description: As O(name).
        type: str
      category:
        description: As O(category).
        type: str
        choices: [logging, object, custom_object, network, tracing, rum, security, keyevent, metric, profiling,
                  dialtesting, billing]
      state:
        description: As O(state).
        type: str
        choices: [present, absent]
      script:
        description: As O(script).
        type: str
      src:
        description: As O(src).
        type: path
      sources:
        description: As O(sources).
        type: list
        elements: str
      test_data:
        description: As O(test_data).
        type: str
      as_default:
        description: As O(as_default).
        type: bool
      enabled:
        description: As O(enabled).
        type: bool
      type:
        description: As O(type).
        type: str
        choices: [local, central]
  import_pipelines:
    description:
      - Pipelines as M(guance.cloud.guance_pipeline_info) returns them in RV(guance.cloud.guance_pipeline_info#module:exported)
        (Guance's export), to bring into this workspace - another workspace's set, moved. Those this workspace lacks (by
        category and name) are created with Guance's import route, all in one request; those it has are compared and
        brought in line one by one, as with O(pipelines).
      - Mutually exclusive with O(name) and O(pipelines).
    type: list
    elements: dict
  prune_marker:
    description:
      - With O(pipelines), delete every Pipeline whose script holds the line C(# <prune_marker>) and that no item
        names (by category and name). Pipelines carry no tags; this line in the script is what marks a Pipeline as
        managed. Pipelines without the line are never deleted.
    type: str
extends_documentation_fragment:
  - guance.cloud.guance
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.actiongroups
  - guance.cloud.attributes
attributes:
  diff_mode:
    details: The diff holds the managed fields as JSON text, then the script and the test data as lines of text, so a
      changed script shows the lines that changed. Non-ASCII text (names in Chinese) reads as written.
notes:
  - "Requests per task: the list of Pipelines (one request, narrowed by category and name; with O(pipelines), the whole
    list once), then one export of the Pipelines found (their scripts; with O(prune_marker), of every listed Pipeline).
    Creating costs 1 (2 with O(enabled=false)), changing 1 (plus 1 to enable or disable), deleting 1. An unchanged
    Pipeline costs 2 requests; an unchanged folder of any size with O(pipelines) costs 2."
  - Guance has no idempotency key for Pipelines. A create whose answer is lost is resolved by reading the Pipeline back
    by name, never by creating it twice. A delete answered with 404 counts as done.
seealso:
  - module: guance.cloud.guance_pipeline_info
"""

EXAMPLES = r"""
- name: A Pipeline for nginx access logs, from a file next to the playbook
  guance.cloud.guance_pipeline:
    name: nginx_access
    category: logging
    sources: [nginx]
    src: pipelines/logging/nginx_access.p
    test_data: |
      127.0.0.1 - - [24/Mar/2021:13:54:19 +0800] "GET /basic_status HTTP/1.1" 200 97 "-" "curl/7.68.0"

- name: An inline script, disabled for now
  guance.cloud.guance_pipeline:
    name: app_json
    sources: [app]
    script: |
      json(_, level, status)
      default_time(time)
    enabled: false

- name: Several Pipelines in one task (one list and one export request in all)
  guance.cloud.guance_pipeline:
    pipelines:
      - name: nginx_access
        src: pipelines/logging/nginx_access.p
        sources: [nginx]
      - name: redis
        script: grok(_, "%{INT:pid}:%{WORD:role} %{GREEDYDATA:msg}")
        sources: [redis]

- name: Delete a Pipeline
  guance.cloud.guance_pipeline:
    name: app_json
    state: absent
"""

RETURN = r"""
pipeline:
  description:
    - The Pipeline after the task (or as it would be in check mode), script and test data decoded. Empty after
      O(state=absent).
  returned: when O(name) is given
  type: dict
  sample:
    uuid: pl_0123456789abcdef0123456789abcdef
    name: nginx_access
    category: logging
    sources: [nginx]
    as_default: false
    enabled: true
    script: "grok(_, \"%{IPORHOST:client_ip} %{GREEDYDATA:msg}\")\n"
    test_data: "127.0.0.1 GET /\n"
uuid:
  description: The Pipeline's uuid; none when one would be created in check mode, or after O(state=absent).
  returned: when O(name) is given
  type: str
  sample: pl_0123456789abcdef0123456789abcdef
unverified:
  description: The managed fields that Guance's answers do not show (C(type)), so that the task could not compare them.
  type: list
  elements: str
  sample: [type]
  returned: when O(name) is given
pipelines:
  description: With O(pipelines), each item's result (C(changed), C(pipeline), C(uuid), C(unverified)), in order; with
    O(import_pipelines), the same for each entry this workspace held already.
  returned: when O(pipelines) or O(import_pipelines) is given
  type: list
  elements: dict
imported:
  description: With O(import_pipelines), the names of the Pipelines created through the import route (or that would be
    in check mode), as C(category/name).
  returned: when O(import_pipelines) is given
  type: list
  elements: str
pruned:
  description: With O(prune_marker), the Pipelines deleted (or that would be in check mode), each with its C(uuid),
    C(name) and C(category).
  returned: when O(pipelines) is given
  type: list
  elements: dict
diff:
  description:
    - The managed fields before and after, as JSON text, followed by the script and the test data as text lines. With
      O(pipelines), a list of such diffs, one per item and one per pruned Pipeline.
  returned: when diff mode is on
  type: raw
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.guance.cloud.plugins.module_utils import _pipelines as pl
from ansible_collections.guance.cloud.plugins.module_utils import _resource as core
from ansible_collections.guance.cloud.plugins.module_utils._errors import OptionError
from ansible_collections.guance.cloud.plugins.module_utils._options import guance_argument_spec
from ansible_collections.guance.cloud.plugins.module_utils._results import serve

OPTIONS = dict(
    name=dict(type="str"),
    category=dict(type="str", choices=list(pl.CATEGORIES), default="logging"),
    state=dict(type="str", choices=["present", "absent"], default="present"),
    script=dict(type="str"),
    src=dict(type="path"),
    sources=dict(type="list", elements="str"),
    test_data=dict(type="str"),
    as_default=dict(type="bool"),
    enabled=dict(type="bool"),
    type=dict(type="str", choices=list(pl.TYPES)),
)
ITEM_SPEC = core.item_spec(OPTIONS)
ARGUMENT_SPEC = guance_argument_spec(pipelines=dict(type="list", elements="dict", options=ITEM_SPEC),
                                     import_pipelines=dict(type="list", elements="dict"),
                                     prune_marker=dict(type="str"), **OPTIONS)


def checked(params):
    """params checked, with the script of src read in."""
    pl.validate(params)
    params = pl.read_src(params)
    if params["state"] == "present" and params.get("script") is not None:
        pl.validate(params)
    return params


def write(client, item, current, params):
    """The Pipeline after the create or modify and the enable or disable the comparison asked for."""
    state = pl.current_state(current) if current else None
    body = pl.request_body(params, state)
    switch = params.get("enabled") is not None and (state is None or state["enabled"] != params["enabled"])
    enabled = params["enabled"] if switch else None
    if item.check_mode:
        return pl.predict(current, body, enabled)
    if current is None:
        answer = core.create(client, pl.PIPELINES, body, params["name"])
        switch = params.get("enabled") is False
    else:
        answer = core.send(client, pl.PIPELINES, "modify", uuid=current["uuid"], body=body)
    uuid = answer.get("uuid") if isinstance(answer, dict) and answer.get("uuid") else (current or {}).get("uuid")
    if switch:
        core.set_enabled(client, pl.PIPELINES, uuid, params["enabled"])
    # The modify example answers source [] for a body that set it: the body is what holds.
    return dict(pl.predict(current, body, params.get("enabled") if switch else None), uuid=uuid)


def present(client, item, current):
    """(changed, pipeline, comparison) for state present."""
    params = item.params
    if current is None and params.get("script") is None:
        raise OptionError("script or src is required to create a Pipeline (%s has none of category %s)"
                          % (params["name"], params["category"]))
    comparison = core.compare(pl.current_state(current) if current else None, pl.desired_state(params))
    keys = core.keys_to_send(comparison, apart=("enabled",))
    if current is not None and comparison.unverified:
        item.warn(core.unverified_warning(pl.PIPELINES, current.get("uuid"), comparison.unverified))
    if current is not None and not keys:
        return False, current, comparison
    if current is not None and keys == ["enabled"]:
        # Only the switch differs: batch_set_disable alone, the script is not sent again.
        if not item.check_mode:
            core.set_enabled(client, pl.PIPELINES, current["uuid"], params["enabled"])
        return True, dict(current, isDisable=not params["enabled"]), comparison
    return True, write(client, item, current, params), comparison


def run(client, item, current):
    """(result, diff) of one Pipeline, whose current form (list and export merged) is given."""
    if item.params["state"] == "absent":
        changed = current is not None and (item.check_mode or core.delete(client, pl.PIPELINES, current["uuid"]))
        before = pl.public(current) if current else {}
        before.pop("uuid", None)
        return dict(changed=bool(changed), pipeline={}, uuid=None, unverified=[]), pl.diff(before, {})
    changed, pipeline, comparison = present(client, item, current)
    result = dict(changed=changed, pipeline=pl.public(pipeline), uuid=pipeline.get("uuid"), unverified=comparison.unverified)
    return result, pl.diff(comparison.before, comparison.after)


def label_of(params):
    return "%s/%s" % (params.get("category"), params.get("name"))


def run_one(module, client):
    params = checked(dict(module.params))
    found = pl.pick(pl.listed(client, params["category"], params["name"]), params["category"], params["name"])
    current = pl.exported(client, [found])[found["uuid"]] if found else None
    return core.one_result(run(client, core.Item(module, params, label_of(params)), current), module._diff)


def orphans(everything, items, marker):
    """The listed Pipelines (exported) whose script carries the marker and that no item names."""
    named = set((item.params["category"], item.params["name"]) for item in items)
    return [p for p in everything if pl.key_of(p) not in named and pl.carries_marker(pl.decode(p.get("content")), marker)]


def run_items(module, client):
    """Each item of pipelines applied in order (one list, one export in all); then the orphans pruned."""
    items = core.items_of(module, "pipelines", ITEM_SPEC, label_of, pl.validate)
    for item in items:
        item.params = checked(item.params)
    listing = pl.listed(client)
    found = dict((pl.key_of(item.params), pl.pick(listing, item.params["category"], item.params["name"])) for item in items)
    marker = module.params["prune_marker"]
    exports = pl.exported(client, listing if marker else [p for p in found.values() if p])
    current = dict((key, exports[p["uuid"]] if p else None) for key, p in found.items())
    # Not task_result: the result also says what was pruned after the items. The option makes a failure's
    # details hold the items' results so far, as task_result's do.
    results, diffs = core.run_items(items, lambda item: run(client, item, current[pl.key_of(item.params)]), module._diff,
                                    "pipelines")
    pruned = []
    for gone in orphans(exports.values(), items, marker) if marker else []:
        if module.check_mode or core.delete(client, pl.PIPELINES, gone["uuid"]):
            pruned.append(dict(uuid=gone["uuid"], name=gone.get("name"), category=gone.get("category")))
            diffs.append(pl.diff(pl.current_state(gone), {}, header="pruned %s" % label_of(gone)))
    result = dict(changed=bool(pruned) or any(r["changed"] for r in results), pipelines=results, pruned=pruned)
    if module._diff:
        result["diff"] = diffs
    return result


def run_import(module, client):
    """Exported Pipelines brought in: the missing ones in one import request, the others compared and modified."""
    entries = [pl.import_entry(entry, index) for index, entry in enumerate(module.params["import_pipelines"])]
    params = [pl.params_of(entry) for entry in entries]
    listing = pl.listed(client)
    found = [pl.pick(listing, p["category"], p["name"]) for p in params]
    missing = [entry for entry, there in zip(entries, found) if there is None]
    exports = pl.exported(client, [there for there in found if there])
    results, diffs = [], []
    for p, there in zip(params, found):
        if there is not None:
            result, shown = run(client, core.Item(module, p, label_of(p)), exports[there["uuid"]])
            results.append(result)
            diffs.append(dict(shown, before_header=label_of(p), after_header=label_of(p)))
    if missing and not module.check_mode:
        pl.import_entries(client, missing)
    for entry in missing:
        diffs.append(pl.diff({}, pl.current_state(entry), header=label_of(entry)))
    result = dict(changed=bool(missing) or any(r["changed"] for r in results), pipelines=results,
                  imported=[label_of(entry) for entry in missing])
    if module._diff:
        result["diff"] = diffs
    return result


def task(module, client):
    if module.params["import_pipelines"] is not None:
        return run_import(module, client)
    if module.params["pipelines"] is not None:
        return run_items(module, client)
    return run_one(module, client)


def main():
    module = AnsibleModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True,
                           mutually_exclusive=[("pipelines", "name", "import_pipelines"), ("script", "src")],
                           required_one_of=[("name", "pipelines", "import_pipelines")],
                           required_by={"prune_marker": "pipelines"})
    serve(module, task)


if __name__ == "__main__":
    main()
