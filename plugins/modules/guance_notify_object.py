#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, guance.cloud maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: guance_notify_object
short_description: Create, update and delete Guance notification targets (webhooks, robots, mail groups, SMS)
version_added: 1.0.0
description:
  - Keeps a notification target (Guance's notify object) of a Guance workspace as the task describes it. A target is
    the DingTalk, WeCom, Feishu, Slack, Teams or Google Chat robot, the HTTP request, the mail group or the phone
    numbers that alert policies send alerts to.
  - The target is found by its exact O(name), or by O(uuid). Two targets with that name make the task fail without
    changing anything.
  - The settings of each O(type) are required, and checked before any request is sent. O(webhook), O(secret) and
    O(url) are secrets; they never appear in a result, a diff or a log. Guance's documentation does not say whether
    its answers show them. Where an answer shows them they are compared like any other field; where it does not,
    they are sent when the target is created or changed for another reason, and on every run with
    O(send_unverified=true).
  - Guance cannot change a target's type; a target of another type makes the task fail (delete it first).
  - O(notify_objects) applies several targets in one task.
author:
  - guance.cloud maintainers (@GuanceCloud)
options:
  name:
    description:
      - The target's name, at most 128 characters; identifies the target unless O(uuid) is given, when it renames it.
      - Required to create a target.
    type: str
  uuid:
    description:
      - The target's uuid (V(notify_...)), to find it whatever its name. A uuid no target has fails the task
        with O(state=present).
    type: str
  state:
    description:
      - V(present) creates the target or brings it in line; V(absent) deletes it (a target already gone is not an error).
    type: str
    choices: [present, absent]
    default: present
  type:
    description:
      - What the target is. Required with O(state=present).
      - "The settings each type needs, all required: V(dingTalkRobot) and V(feishuRobot) need O(webhook) and O(secret)
        (the robot's signing secret); V(wechatRobot) (WeCom), V(slackIncomingWebhook), V(teamsWorkflowWebhook) and
        V(googleChatWebhook) need O(webhook); V(HTTPRequest) and V(simpleHTTPRequest) need O(url); V(mailGroup) needs
        O(to) (member accounts); V(sms) and V(vms) (voice calls) need O(to) (phone numbers)."
    type: str
    choices: [dingTalkRobot, feishuRobot, wechatRobot, slackIncomingWebhook, teamsWorkflowWebhook, googleChatWebhook,
              HTTPRequest, simpleHTTPRequest, mailGroup, sms, vms]
  webhook:
    description:
      - The robot's webhook URL, with its token. A secret.
    type: str
  secret:
    description:
      - The robot's signing secret (the robot's security setting "sign"). A secret.
    type: str
  url:
    description:
      - The URL an HTTP request target calls. A secret, as such URLs often carry a token.
    type: str
  to:
    description:
      - The member accounts of a mail group, or the phone numbers of an SMS or voice target. Compared as a set.
    type: list
    elements: str
  settings:
    description:
      - Further settings of the target's C(optSet), such as C(headersConfig) of a V(simpleHTTPRequest) target.
        Managed key by key, only those given. Not hidden; put no credentials here.
    type: dict
  permission_set:
    description:
      - Who may change or delete the target (C(permissionSet)), as roles such as V(wsAdmin) and V(general), team
        (V(group_...)) and member (V(acnt_...)) uuids. Compared as a set; managed only when given.
    type: list
    elements: str
  open_permission_set:
    description:
      - Whether O(permission_set) applies (C(openPermissionSet)); managed only when given.
    type: bool
  send_unverified:
    description:
      - Send the secrets Guance's answers do not show on every run (the task then always reports a change),
        so that a secret changed outside Ansible is put back.
    type: bool
    default: false
  notify_objects:
    description:
      - Several targets in one task, each a dict of this module's options but the connection options, which the
        task gives for all. What an item leaves out, it takes from the task's options. Every item is checked
        before any request; the items are applied in order and the first failure stops the task, naming its item.
      - The secrets of the items (O(webhook), O(secret), O(url)) are hidden like the task's own.
      - Mutually exclusive with O(name) and O(uuid).
    type: list
    elements: dict
    suboptions:
      name:
        description: As O(name).
        type: str
      uuid:
        description: As O(uuid).
        type: str
      state:
        description: As O(state).
        type: str
        choices: [present, absent]
      type:
        description: As O(type).
        type: str
        choices: [dingTalkRobot, feishuRobot, wechatRobot, slackIncomingWebhook, teamsWorkflowWebhook, googleChatWebhook,
                  HTTPRequest, simpleHTTPRequest, mailGroup, sms, vms]
      webhook:
        description: As O(webhook).
        type: str
      secret:
        description: As O(secret).
        type: str
      url:
        description: As O(url).
        type: str
      to:
        description: As O(to).
        type: list
        elements: str
      settings:
        description: As O(settings).
        type: dict
      permission_set:
        description: As O(permission_set).
        type: list
        elements: str
      open_permission_set:
        description: As O(open_permission_set).
        type: bool
      send_unverified:
        description: As O(send_unverified).
        type: bool
extends_documentation_fragment:
  - guance.cloud.guance
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.actiongroups
  - guance.cloud.attributes
attributes:
  diff_mode:
    details: The diff holds the managed fields; each secret reads C((secret, not shown)), or C((secret, changed)).
notes:
  - "Requests per target: the list of targets (one per page of 100 targets with a similar name), or one get with
    O(uuid); creating costs 1, changing 1 (plus a list when O(uuid) renames the target), deleting 1."
  - Guance has no idempotency key for notification targets. A create whose answer is lost is resolved by reading the
    target back by name, never by creating it twice.
seealso:
  - module: guance.cloud.guance_notify_object_info
  - module: guance.cloud.guance_monitor
"""

EXAMPLES = r"""
- name: A DingTalk robot for the on-call group, its secrets from Ansible Vault
  guance.cloud.guance_notify_object:
    name: ops on-call DingTalk
    type: dingTalkRobot
    webhook: "{{ vault_dingtalk_webhook }}"
    secret: "{{ vault_dingtalk_secret }}"

- name: A mail group only workspace administrators may change
  guance.cloud.guance_notify_object:
    name: DBA mail
    type: mailGroup
    to: [acnt_0123456789abcdef0123456789abcdef, acnt_fedcba9876543210fedcba9876543210]
    open_permission_set: true
    permission_set: [wsAdmin]

- name: Put the webhook back on every run, as Guance does not show it
  guance.cloud.guance_notify_object:
    name: incident webhook
    type: simpleHTTPRequest
    url: "{{ vault_incident_webhook_url }}"
    send_unverified: true

- name: Read targets as guance_notify_object_info exports them (a vars file, so their placeholders are filled in)
  ansible.builtin.include_vars:
    file: notify_objects.yml

- name: Several targets in one task, their secrets from a vault file that defines guance_notify_secrets
  guance.cloud.guance_notify_object:
    notify_objects: "{{ notify_objects }}"

- name: Delete a target
  guance.cloud.guance_notify_object:
    name: old WeCom robot
    state: absent
"""

RETURN = r"""
notify_object:
  description:
    - The target as the server holds it after the task, or would in check mode, each secret reading
      C((secret, not shown)). Empty after O(state=absent). Not returned with O(notify_objects).
  returned: success, without O(notify_objects)
  type: dict
  sample:
    uuid: notify_0123456789abcdef0123456789abcdef
    name: ops on-call DingTalk
    type: dingTalkRobot
    optSet: {webhook: "(secret, not shown)", secret: "(secret, not shown)"}
    openPermissionSet: false
    permissionSet: []
    createAt: 1774620000
    updateAt: 1774620000
    workspaceUUID: wksp_0123456789abcdef0123456789abcdef
uuid:
  description: The target's uuid; none when a target would be created in check mode, or after O(state=absent).
  returned: success, without O(notify_objects)
  type: str
  sample: notify_0123456789abcdef0123456789abcdef
notify_objects:
  description:
    - With O(notify_objects), one result per item in their order, each with C(changed), C(notify_object) and C(uuid).
    - When an item fails, the results of the items before it.
  returned: with O(notify_objects)
  type: list
  elements: dict
  sample: [{changed: true, uuid: notify_0123456789abcdef0123456789abcdef, notify_object: {name: ops on-call DingTalk}}]
diff:
  description:
    - The managed fields before and after, secrets hidden. Empty C(before) when the target is created, empty C(after)
      when deleted. With O(notify_objects), a list of such diffs headed by each item's label.
  returned: when diff mode is on
  type: raw
  sample: {before: {name: ops DingTalk}, after: {name: ops on-call DingTalk}}
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.guance.cloud.plugins.module_utils import _resource as core
from ansible_collections.guance.cloud.plugins.module_utils._errors import ConflictError, OptionError
from ansible_collections.guance.cloud.plugins.module_utils._notify_objects import (
    NOTIFY_OBJECTS,
    TYPES,
    check_type,
    current_state,
    delete,
    desired_state,
    diff_states,
    masked,
    predict,
    public,
    request_body,
    validate,
)
from ansible_collections.guance.cloud.plugins.module_utils._options import (
    guance_argument_spec,
)
from ansible_collections.guance.cloud.plugins.module_utils._results import serve

OPTIONS = dict(
    name=dict(type="str"),
    uuid=dict(type="str"),
    state=dict(type="str", choices=["present", "absent"], default="present"),
    type=dict(type="str", choices=sorted(TYPES)),
    webhook=dict(type="str", no_log=True),
    secret=dict(type="str", no_log=True),
    url=dict(type="str", no_log=True),
    to=dict(type="list", elements="str"),
    settings=dict(type="dict"),
    permission_set=dict(type="list", elements="str"),
    open_permission_set=dict(type="bool"),
    **core.SEND_UNVERIFIED_SPEC
)
ITEM_SPEC = core.item_spec(OPTIONS)
ARGUMENT_SPEC = guance_argument_spec(notify_objects=dict(type="list", elements="dict", options=ITEM_SPEC), **OPTIONS)


def find(client, params):
    """The target the task names, or None; with a uuid no target has, an error for state present."""
    if not params.get("uuid"):
        return core.find_by_name(client, NOTIFY_OBJECTS, params["name"])
    found = core.get(client, NOTIFY_OBJECTS, params["uuid"])
    if found is None and params["state"] == "present":
        raise OptionError("uuid: no notification target has uuid %s; give name alone to create one" % params["uuid"])
    return found


def check_rename(client, obj, name):
    """A rename (by uuid) to a name another target has is refused: names identify targets."""
    other = core.find_by_name(client, NOTIFY_OBJECTS, name)
    if other is not None and other.get("uuid") != obj.get("uuid"):
        raise ConflictError("name: another notification target (%s) is named %r already" % (other.get("uuid"), name))


def write(client, item, obj, params):
    """The target after the create or modify (predicted in check mode)."""
    body = request_body(params, obj)
    if item.check_mode:
        return predict(obj, body)
    if obj is None:
        return core.create(client, NOTIFY_OBJECTS, body, params["name"])
    if params["name"] != obj.get("name"):
        check_rename(client, obj, params["name"])
    written = core.send(client, NOTIFY_OBJECTS, "modify", uuid=obj["uuid"], body=body)
    return written if isinstance(written, dict) and written.get("uuid") else predict(obj, body)


def present(client, item, obj):
    """(changed, target, diff) for state present."""
    params = dict(item.params)
    if obj is not None:
        check_type(obj, params)
        params["name"] = obj.get("name") if params.get("name") is None else params["name"]
    comparison = core.compare(None if obj is None else current_state(obj), desired_state(params))
    before, after = diff_states(comparison)
    if obj is not None and not core.keys_to_send(comparison, params["send_unverified"]):
        if comparison.unverified:
            item.warn(core.unverified_warning(NOTIFY_OBJECTS, obj.get("uuid"), comparison.unverified))
        return False, obj, core.diff(before, after)
    return True, write(client, item, obj, params), core.diff(before, after)


def run(item, client):
    """(result, diff) of one target after acting, or predicting in check mode."""
    params = item.params
    if params.get("name") is None and params["state"] == "present" and not params.get("uuid"):
        raise OptionError("name is required to create a notification target")
    obj = find(client, params)
    if params["state"] == "absent":
        if obj is not None and not item.check_mode:
            delete(client, obj["uuid"])
        changed, obj, shown = obj is not None, None, core.diff(masked(current_state(obj)) if obj else {}, {})
    else:
        changed, obj, shown = present(client, item, obj)
    return dict(changed=changed, notify_object=public(obj) or {}, uuid=(obj or {}).get("uuid")), shown


def label_of(params):
    return params.get("name") or params.get("uuid")


def run_items(module, client):
    """Each item of notify_objects applied in order; the first failure names its item."""
    items = core.items_of(module, "notify_objects", ITEM_SPEC, label_of, validate)
    return core.task_result("notify_objects", items, lambda item: run(item, client), module._diff)


def run_one(module, client):
    validate(module.params)
    label = label_of(module.params)
    return core.one_result(run(core.Item(module, dict(module.params), label), client), module._diff)


def main():
    module = AnsibleModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True,
                           mutually_exclusive=[("notify_objects", "name"), ("notify_objects", "uuid")],
                           required_one_of=[("name", "uuid", "notify_objects")])
    serve(module, core.one_or_items("notify_objects", run_one, run_items))


if __name__ == "__main__":
    main()
