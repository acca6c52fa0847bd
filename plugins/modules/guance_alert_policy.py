#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, guance.cloud maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: guance_alert_policy
short_description: Create, update and delete Guance alert policies (who hears of a monitor's events, and when)
version_added: 1.0.0
description:
  - Keeps an alert policy of a Guance workspace as the task describes it. A monitor notifies nobody until it uses an
    alert policy; the policy sends each event status to notification targets, members and member groups.
  - The policy is found by its exact O(name), or by O(uuid). Two policies with that name make the task fail without
    changing anything.
  - Recipients are given by name (notification target names, member emails, member group names) and resolved to
    uuids with one list read per kind; an unknown name fails the task before anything is written.
  - Only the options the task gives are compared. The server's bookkeeping (C(score), C(refCountInfo), C(ruleCount),
    C(notifyObjectName), C(declaration), created and updated fields) and C(alertOpt) keys no option sets never cause
    a change, and are sent back as the server showed them.
  - "The link between monitors and policies belongs to M(guance.cloud.guance_monitor) (its C(alert_policies)). This
    module changes it only when O(monitors) is given, and then only adds the policy to the monitors listed; it never
    takes the policy off a monitor. Whenever it writes the policy, it sends the link back as the monitors show it
    (Guance's v2 routes rewrite the monitors from it), so a policy task never clears the link by omission."
  - O(alert_policies) applies several policies in one task (the alerting role applies a folder this way).
author:
  - guance.cloud maintainers (@GuanceCloud)
options:
  name:
    description:
      - The policy's name; identifies it unless O(uuid) is given, when it renames it. Required to create a policy.
    type: str
  uuid:
    description:
      - The policy's uuid (V(altpl_...)), to find it whatever its name.
    type: str
  state:
    description:
      - V(present) creates the policy or brings it in line; V(absent) deletes it (already gone is not an error).
        Deleting a policy takes it off every monitor that used it.
    type: str
    choices: [present, absent]
    default: present
  timezone:
    description:
      - The time zone the rules' times are read in (C(ruleTimezone)), an IANA name such as V(Asia/Shanghai) or V(UTC).
        Required to create a policy.
    type: str
  silent_timeout:
    description:
      - How long, in seconds, the same alert is not sent again (C(alertOpt.silentTimeout)); V(0) sends it once.
        Required to create a policy.
    type: int
  aggregation:
    description:
      - How alerts are gathered before they are sent. Managed key by key, only those given.
    type: dict
    suboptions:
      interval:
        description: Seconds alerts are gathered for (C(aggInterval)), from 0 (not gathered, the default at creation) to 1800.
        type: int
      fields:
        description:
          - What alerts are gathered by (C(aggFields)); an empty list gathers all.
          - V(df_monitor_checker_id) (monitor), V(df_dimension_tags) (detection dimensions), V(df_label) (labels,
            see O(aggregation.labels)), V(CLUSTER) (smart gathering, see O(aggregation.cluster_fields)).
        type: list
        elements: str
      labels:
        description: The label values alerts are gathered by, with V(df_label) in O(aggregation.fields).
        type: list
        elements: str
      cluster_fields:
        description: With V(CLUSTER) in O(aggregation.fields), what smart gathering compares, V(df_title) and V(df_message).
        type: list
        elements: str
      type:
        description: How alerts are gathered (C(aggType)), V(byFields), V(byCluster) or V(byAI).
        type: str
  alert_type:
    description:
      - V(status) sends by event status (the rules' C(notify)); V(member) sends by member (the rules' C(member_rules)).
        Guance's default is V(status); O(rules) given without it are status rules, and make the policy one.
    type: str
    choices: [status, member]
  rules:
    description:
      - Who gets which alerts, and when (C(alertOpt.alertTarget)), compared as a whole and in order. Each rule is
        a dict of C(name), the time it applies (C(crontab) with C(crontab_duration) in seconds; or C(custom_dates)
        (C(ndate_...) uuids), C(custom_start_time) (C(HH:mm:ss)) with C(custom_duration); nothing for the rule of all
        other times), and its recipients.
      - "With O(alert_type=status), C(notify): a list of dicts each with C(statuses) (required: V(critical), V(error),
        V(warning), V(nodata), V(info)), C(tags) (a dict of tag to values) or C(filter) (filter text), and who gets
        it: C(targets) (notification target names), C(members) (member emails), C(member_groups) (member group
        names); and C(escalations), a list of C(after) (seconds the status lasts) with C(targets), C(members) and
        C(member_groups) to tell then."
      - "With O(alert_type=member), C(member_rules): a list of dicts each with C(name), C(filter), the C(members) and
        C(member_groups) it concerns, and C(notify) as above, whose C(targets) and C(channels) (V(email), V(sms)) say
        how they are told; escalations then name C(members) and C(member_groups), and C(targets) and C(channels)."
      - Uuids are taken wherever a name is.
    type: list
    elements: dict
  monitors:
    description:
      - Monitors (names or uuids) that must use this policy; the policy is added to those that do not. It is never
        taken off a monitor here; change the monitor's C(alert_policies) with M(guance.cloud.guance_monitor) for that.
      - Left out, the link stays as the monitors show it.
    type: list
    elements: str
  description:
    description: The policy's description (C(desc)), at most 256 characters.
    type: str
  permission_set:
    description:
      - Who may change or delete the policy (C(permissionSet)), as roles (V(wsAdmin), V(general)), team (V(group_...))
        and member (V(acnt_...)) uuids. Compared as a set.
    type: list
    elements: str
  open_permission_set:
    description: Whether O(permission_set) applies (C(openPermissionSet)).
    type: bool
  send_unverified:
    description:
      - Send O(description), O(permission_set) and O(open_permission_set) on every run when Guance's answers do not
        show them (the task then always reports a change).
    type: bool
    default: false
  alert_policies:
    description:
      - Several policies in one task, each a dict of this module's options but the connection options, as
        M(guance.cloud.guance_alert_policy_info) exports them. Every item is checked before any request, the
        recipients of all items are resolved with one list read per kind, and the first failure stops the task,
        naming its item.
      - Mutually exclusive with O(name) and O(uuid).
    type: list
    elements: dict
extends_documentation_fragment:
  - guance.cloud.guance
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.actiongroups
  - guance.cloud.attributes
attributes:
  diff_mode:
    details: The diff holds the managed keys the task gives. Recipients the task names are shown by their names, others
      by their uuids.
notes:
  - "Requests: the list of policies (one per page of 100 with a similar name), one list per kind of recipient named
    (notification targets, members, member groups) and, with O(monitors), the list of monitors and the monitors
    using the policy; creating costs 1; changing costs the monitors using the policy and 1; deleting 1."
  - Guance has no idempotency key for alert policies. A create whose answer is lost is resolved by reading the policy
    back by name, never by creating it twice.
seealso:
  - module: guance.cloud.guance_alert_policy_info
  - module: guance.cloud.guance_notify_object
  - module: guance.cloud.guance_monitor
"""

EXAMPLES = r"""
- name: Critical alerts to the on-call webhook, errors to the DBA team by day, escalated to its lead after 10 minutes
  guance.cloud.guance_alert_policy:
    name: on-call
    timezone: Asia/Shanghai
    silent_timeout: 3600
    aggregation:
      interval: 120
      fields: [df_monitor_checker_id]
    rules:
      - name: office hours
        crontab: "0 9 * * 1-5"
        crontab_duration: 32400
        notify:
          - statuses: [error]
            member_groups: [DBA]
            escalations:
              - after: 600
                members: [lead@example.com]
      - notify:
          - statuses: [critical]
            targets: [on-call webhook]
          - statuses: [error, warning]
            tags: {service: [checkout]}
            members: [ann@example.com]

- name: The policy for these monitors too (the monitors' tasks keep owning the link)
  guance.cloud.guance_alert_policy:
    name: on-call
    monitors: [checkout latency, disk full]

- name: Policies as guance_alert_policy_info exported them
  guance.cloud.guance_alert_policy:
    alert_policies: "{{ lookup('ansible.builtin.file', 'alert_policies.json') | from_json }}"

- name: Delete a policy
  guance.cloud.guance_alert_policy:
    name: old policy
    state: absent
"""

RETURN = r"""
alert_policy:
  description: The policy as the server holds it after the task, or would in check mode; empty after O(state=absent).
  returned: success, without O(alert_policies)
  type: dict
  sample:
    uuid: altpl_0123456789abcdef0123456789abcdef
    name: on-call
    ruleTimezone: Asia/Shanghai
    alertOpt: {silentTimeout: 3600, aggInterval: 120, alertTarget: [{targets: [{status: critical, to: [notify_0123]}]}]}
uuid:
  description: The policy's uuid; none when it would be created in check mode, or after O(state=absent).
  returned: success, without O(alert_policies)
  type: str
  sample: altpl_0123456789abcdef0123456789abcdef
alert_policies:
  description: With O(alert_policies), one result per item in their order, each with C(changed), C(alert_policy) and C(uuid).
  returned: with O(alert_policies)
  type: list
  elements: dict
  sample: [{changed: true, uuid: altpl_0123456789abcdef0123456789abcdef, alert_policy: {name: on-call}}]
diff:
  description:
    - The managed keys before and after. With O(alert_policies), a list of such diffs headed by each item's label.
  returned: when diff mode is on
  type: raw
  sample: {before: {silent_timeout: 600}, after: {silent_timeout: 3600}}
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.guance.cloud.plugins.module_utils import _resource as core
from ansible_collections.guance.cloud.plugins.module_utils._alert_policies import (
    MEMBER_GROUPS,
    MEMBERS,
    alert_target,
    current_state,
    desired_state,
    predict,
    references,
    request_body,
    validate,
    with_names,
)
from ansible_collections.guance.cloud.plugins.module_utils._errors import ConflictError, OptionError
from ansible_collections.guance.cloud.plugins.module_utils._monitors import ALERT_POLICIES, CHECKERS, listing
from ansible_collections.guance.cloud.plugins.module_utils._notify_objects import NOTIFY_OBJECTS
from ansible_collections.guance.cloud.plugins.module_utils._options import guance_argument_spec
from ansible_collections.guance.cloud.plugins.module_utils._results import serve

AGGREGATION_SPEC = dict(interval=dict(type="int"), fields=dict(type="list", elements="str"),
                        labels=dict(type="list", elements="str"), cluster_fields=dict(type="list", elements="str"),
                        type=dict(type="str"))
OPTIONS = dict(
    name=dict(type="str"),
    uuid=dict(type="str"),
    state=dict(type="str", choices=["present", "absent"], default="present"),
    timezone=dict(type="str"),
    silent_timeout=dict(type="int"),
    aggregation=dict(type="dict", options=AGGREGATION_SPEC),
    alert_type=dict(type="str", choices=["status", "member"]),
    rules=dict(type="list", elements="dict"),
    monitors=dict(type="list", elements="str"),
    description=dict(type="str"),
    permission_set=dict(type="list", elements="str"),
    open_permission_set=dict(type="bool"),
    **core.SEND_UNVERIFIED_SPEC
)
ITEM_SPEC = core.item_spec(OPTIONS)
ARGUMENT_SPEC = guance_argument_spec(alert_policies=dict(type="list", elements="dict"), **OPTIONS)
# Who a rule names -> the family that resolves the names, and the option an unknown name is reported under.
FAMILIES = (("targets", NOTIFY_OBJECTS, "rules: targets (notification target names)"),
            ("members", MEMBERS, "rules: members (member emails)"),
            ("member_groups", MEMBER_GROUPS, "rules: member_groups (member group names)"))


def resolve_names(client, items, planned):
    """{who: {name: uuid}} of every recipient the items name, one list read per kind named at all."""
    named = dict((who, []) for who, unused, unused in FAMILIES)
    for item in items:
        for who, names in references(item.params.get("rules")).items():
            named[who].extend(n for n in names if n not in named[who])
    uuid_of = {}
    for who, family, option in FAMILIES:
        uuid_of[who] = dict(zip(named[who], core.resolve(client, family, option, named[who], planned))) if named[who] else {}
    return uuid_of


def find(client, params):
    if not params.get("uuid"):
        return core.find_by_name(client, ALERT_POLICIES, params["name"])
    found = core.get(client, ALERT_POLICIES, params["uuid"])
    if found is None and params["state"] == "present":
        raise OptionError("uuid: no alert policy has uuid %s; give name alone to create one" % params["uuid"])
    return found


def linked(client, uuid):
    """The uuids of the monitors that use the policy, as the monitors show it (the link's owner)."""
    return [m["uuid"] for m in listing(client, policies=[uuid]) if m.get("uuid")]


def monitors_wanted(client, params, obj):
    """(the link before, the link wanted) when the task lists monitors; (None, None) when it does not."""
    if params.get("monitors") is None:
        return None, None
    wanted = core.resolve(client, CHECKERS, "monitors", params["monitors"]) if params["monitors"] else []
    before = linked(client, obj["uuid"]) if obj else []
    return before, sorted(set(before) | set(wanted))


def check_create(params):
    missing = [key for key in ("name", "timezone", "silent_timeout") if params.get(key) is None]
    if missing:
        raise OptionError("%s required to create the alert policy %s" % (" and ".join(missing) + (" is" if len(missing) == 1 else " are"),
                                                                         params.get("name") or params.get("uuid")))


def write(client, item, obj, params, rules, link):
    """The policy after add_v2 or modify_v2 (predicted in check mode)."""
    if obj is None:
        check_create(params)
    elif link is None and not item.check_mode:
        link = linked(client, obj["uuid"])
    body = request_body(params, obj, rules, link if (link or params.get("monitors") is not None) else None)
    if item.check_mode:
        return predict(obj, body)
    if obj is None:
        return core.create(client, ALERT_POLICIES, body, params["name"])
    if params.get("name") and params["name"] != obj.get("name"):
        other = core.find_by_name(client, ALERT_POLICIES, params["name"])
        if other is not None and other.get("uuid") != obj.get("uuid"):
            raise ConflictError("name: another alert policy (%s) is named %r already" % (other.get("uuid"), params["name"]))
    written = core.send(client, ALERT_POLICIES, "modify", uuid=obj["uuid"], body=body)
    return written if isinstance(written, dict) and written.get("uuid") else predict(obj, body)


def present(client, item, obj, uuid_of):
    params = item.params
    rules = alert_target(params["rules"], uuid_of, params.get("alert_type") == "member") if params.get("rules") is not None else None
    before_link, link = monitors_wanted(client, params, obj)
    comparison = core.compare(None if obj is None else current_state(obj, before_link), desired_state(params, uuid_of, link))
    # The rules hold recipients by uuid; the diff shows the names the task gave them.
    names = dict((uuid, name) for who, family, unused in FAMILIES for name, uuid in uuid_of[who].items() if family.is_uuid(uuid))
    shown = core.diff(with_names(comparison.before, names), with_names(comparison.after, names))
    if obj is not None and not core.keys_to_send(comparison, params["send_unverified"]):
        if comparison.unverified:
            item.warn(core.unverified_warning(ALERT_POLICIES, obj.get("uuid"), comparison.unverified))
        return False, obj, shown
    return True, write(client, item, obj, params, rules, link), shown


def run(item, client, uuid_of):
    """(result, diff) of one policy after acting, or predicting in check mode."""
    params = item.params
    obj = find(client, params)
    if params["state"] == "absent":
        if obj is not None and not item.check_mode:
            core.delete(client, ALERT_POLICIES, obj["uuid"])
        changed, shown = obj is not None, core.diff(current_state(obj) if obj else {}, {})
        obj = None
    else:
        changed, obj, shown = present(client, item, obj, uuid_of)
    return dict(changed=changed, alert_policy=obj or {}, uuid=(obj or {}).get("uuid")), shown


def label_of(params):
    return params.get("name") or params.get("uuid")


def apply(module, client):
    """The task's result: one policy, or each item of alert_policies in order."""
    single = module.params["alert_policies"] is None
    if single:
        validate(module.params)
        items = [core.Item(module, dict(module.params), label_of(module.params))]
    else:
        items = core.items_of(module, "alert_policies", ITEM_SPEC, label_of, validate)
    uuid_of = resolve_names(client, items, core.planned(module))
    if single:
        return core.one_result(run(items[0], client, uuid_of), module._diff)
    return core.task_result("alert_policies", items, lambda item: run(item, client, uuid_of), module._diff)


def main():
    module = AnsibleModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True,
                           mutually_exclusive=[("alert_policies", "name"), ("alert_policies", "uuid")],
                           required_one_of=[("name", "uuid", "alert_policies")])
    serve(module, apply)


if __name__ == "__main__":
    main()
