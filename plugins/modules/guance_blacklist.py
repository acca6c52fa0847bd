#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, guance.cloud maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: guance_blacklist
short_description: Create, update and delete Guance blacklists (filters that drop data before it is stored)
version_added: 1.0.0
description:
  - Keeps a blacklist of a Guance workspace as the task describes it - the data type and sources it applies to and the
    filters whose matches are dropped before they are stored and billed.
  - "Identity: Guance's newer pages give a blacklist a O(name); the older ones, and servers whose list shows no names,
    know it only by O(type) and O(sources). Where the list shows names, the blacklist is the one with this exact name.
    Otherwise (or without O(name)) it is the one of this type and these sources, and two such blacklists make the task
    fail without changing anything."
  - O(blacklists) applies several blacklists in one task.
author:
  - guance.cloud maintainers (@GuanceCloud)
options:
  name:
    description:
      - The blacklist's name, at most 50 characters (Guance's pages from the 2024-11-27 iteration on). Identifies the
        blacklist where the server's list shows names; sent when given.
    type: str
  description:
    description:
      - The blacklist's description (Guance's C(desc)), at most 256 characters; managed only when given.
    type: str
  state:
    description:
      - V(present) creates the blacklist or brings it in line; V(absent) deletes it (one already gone is not an error).
    type: str
    choices: [present, absent]
    default: present
  type:
    description:
      - The data type the blacklist applies to. Required, unless O(blacklists) is given (each item gives its own).
    type: str
    choices: [object, custom_object, logging, keyevent, tracing, rum, network, security, profiling, metric]
  sources:
    description:
      - The sources it applies to (for V(object) and V(custom_object) the class, V(tracing) and V(profiling) the
        service, V(rum) the app id, V(security) the category, V(metric) the measurement), compared as a set.
        V(re(`.*`)) means every source. One source is sent as Guance's C(source), several as C(sources).
      - Required with O(type).
    type: list
    elements: str
  filters:
    description:
      - The filters; data matching them is dropped. Compared as a list, in order; values as a set.
    type: list
    elements: dict
    default: []
    suboptions:
      field:
        description: The field to filter on (Guance's C(filters[].name)).
        type: str
        required: true
      operation:
        description: V(in) and V(not_in) compare with the values, V(match) and V(not_match) with them as regular expressions.
        type: str
        required: true
        choices: [in, not_in, match, not_match]
      values:
        description: The values (sent as Guance's C(value), as its examples do).
        type: list
        elements: raw
        required: true
      condition:
        description: How this filter joins the others.
        type: str
        choices: [and, or]
        default: and
  blacklists:
    description:
      - Several blacklists in one task, each a dict of this module's options but the connection options. Every item is
        checked before any request; the items are applied in order and the first failure stops the task.
      - Mutually exclusive with O(type).
    type: list
    elements: dict
extends_documentation_fragment:
  - guance.cloud.guance
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.actiongroups
  - guance.cloud.attributes
attributes:
  diff_mode:
    details: The diff holds the managed fields as JSON text that shows non-ASCII text as written.
notes:
  - "Requests per blacklist: the list of its type (one per page of 100; with O(blacklists), of every blacklist, once);
    creating costs 1, changing 1, deleting 1."
  - Guance has no idempotency key for blacklists. A create whose answer is lost is resolved by reading the list again,
    never by creating the blacklist twice. A delete answered with 404 counts as done.
seealso:
  - module: guance.cloud.guance_blacklist_info
  - module: guance.cloud.guance_pipeline
"""

EXAMPLES = r"""
- name: Drop the debug logs of nginx
  guance.cloud.guance_blacklist:
    name: nginx debug
    type: logging
    sources: [nginx]
    filters:
      - field: status
        operation: in
        values: [debug]

- name: Drop the metrics of test hosts, whatever the measurement
  guance.cloud.guance_blacklist:
    name: test hosts
    type: metric
    sources: ["re(`.*`)"]
    filters:
      - field: host
        operation: match
        values: ["test-.*"]

- name: Delete a blacklist
  guance.cloud.guance_blacklist:
    name: nginx debug
    type: logging
    sources: [nginx]
    state: absent
"""

RETURN = r"""
blacklist:
  description: The blacklist after the task (or as it would be in check mode); empty after O(state=absent).
  returned: when O(blacklists) is not given
  type: dict
  sample:
    uuid: blist_0123456789abcdef0123456789abcdef
    name: nginx debug
    description: ""
    type: logging
    sources: [nginx]
    filters: [{field: status, operation: in, values: [debug], condition: and}]
uuid:
  description: The blacklist's uuid; none when one would be created in check mode, or after O(state=absent).
  returned: when O(blacklists) is not given
  type: str
  sample: blist_0123456789abcdef0123456789abcdef
blacklists:
  description: With O(blacklists), each item's result (C(changed), C(blacklist), C(uuid)), in order.
  returned: when O(blacklists) is given
  type: list
  elements: dict
diff:
  description: The managed fields before and after, as JSON text; with O(blacklists), a list of them.
  returned: when diff mode is on
  type: raw
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.guance.cloud.plugins.module_utils import _blacklists as bl
from ansible_collections.guance.cloud.plugins.module_utils import _resource as core
from ansible_collections.guance.cloud.plugins.module_utils._options import guance_argument_spec
from ansible_collections.guance.cloud.plugins.module_utils._results import serve

FILTER_SPEC = dict(
    field=dict(type="str", required=True),
    operation=dict(type="str", required=True, choices=list(bl.OPERATIONS)),
    values=dict(type="list", elements="raw", required=True),
    condition=dict(type="str", choices=list(bl.CONDITIONS), default="and"),
)
OPTIONS = dict(
    name=dict(type="str"),
    description=dict(type="str"),
    state=dict(type="str", choices=["present", "absent"], default="present"),
    type=dict(type="str", choices=list(bl.TYPES)),
    sources=dict(type="list", elements="str"),
    filters=dict(type="list", elements="dict", options=FILTER_SPEC, default=[]),
)
ITEM_SPEC = dict(core.item_spec(OPTIONS), type=dict(type="str", choices=list(bl.TYPES), required=True),
                 sources=dict(type="list", elements="str", required=True))
ARGUMENT_SPEC = guance_argument_spec(blacklists=dict(type="list", elements="dict"), **OPTIONS)


def write(client, item, current, params):
    body = bl.request_body(params, bl.current_state(current) if current else None)
    if item.check_mode:
        return bl.predict(current, body)
    if current is None:
        return bl.create(client, params, body)
    answer = core.send(client, bl.BLACKLISTS, "modify", uuid=current["uuid"], body=body)
    return answer if isinstance(answer, dict) and answer.get("uuid") else dict(bl.predict(current, body), uuid=current["uuid"])


def run(client, item, current):
    """(result, diff) of one blacklist, whose current form (from the list) is given."""
    params = item.params
    if params["state"] == "absent":
        changed = current is not None and (item.check_mode or core.delete(client, bl.BLACKLISTS, current["uuid"]))
        return (dict(changed=bool(changed), blacklist={}, uuid=None),
                core.diff(bl.current_state(current) if current else {}, {}))
    comparison = core.compare(bl.current_state(current) if current else None, bl.desired_state(params))
    blacklist = write(client, item, current, params) if current is None or comparison.changed else current
    return (dict(changed=current is None or comparison.changed, blacklist=bl.public(blacklist), uuid=blacklist.get("uuid")),
            core.diff(comparison.before, comparison.after))


def label_of(params):
    return params.get("name") or "%s %s" % (params.get("type"), ",".join(params.get("sources") or []))


def run_one(module, client):
    params = dict(module.params)
    bl.validate(params)
    # No search: on servers that keep no names it would match nothing; the type narrows the list instead.
    current = bl.pick(bl.listed(client, params["type"]), params)
    return core.one_result(run(client, core.Item(module, params, label_of(params)), current), module._diff)


def run_items(module, client):
    items = core.items_of(module, "blacklists", ITEM_SPEC, label_of, bl.validate)
    # One reading of the whole list serves every item (run_one narrows it by type instead).
    listing = bl.listed(client)
    current = [bl.pick(listing, item.params) for item in items]
    pairs = dict((id(item), found) for item, found in zip(items, current))
    return core.task_result("blacklists", items, lambda item: run(client, item, pairs[id(item)]), module._diff)


def main():
    module = AnsibleModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True,
                           mutually_exclusive=[("blacklists", "type")],
                           required_one_of=[("type", "blacklists")],
                           required_by={"type": "sources"})
    serve(module, core.one_or_items("blacklists", run_one, run_items))


if __name__ == "__main__":
    main()
