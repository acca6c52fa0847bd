#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, guance.cloud maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: guance_mute
short_description: Create, update and delete Guance mute rules (maintenance windows)
version_added: 1.0.0
description:
  - Keeps one mute rule of a Guance workspace as the task describes it. A mute rule silences the alerts of the
    monitors it covers for a time window; this is what Ansible users know as a maintenance window or downtime.
  - A window is either one-off (O(start), and O(end) or O(duration)) or repeating (O(cron), O(duration) and an
    optional O(expire)). Times are read and compared in O(timezone), as the server writes them.
  - The rule is found by O(uuid), or else by its exact O(name). Two rules with that name make the task fail without
    changing anything, naming their uuids.
  - Guance's documented list answer shows no rule names. Against a list without names, the rule is the one rule the
    list's search for O(name) matches; when it matches several, the task fails before any write and names their uuids
    (give O(uuid) then). A rerun never creates a second rule, and O(state=absent) never reports a remaining rule as
    gone.
  - What the rule silences (O(monitors), O(alert_policies), O(monitor_tags), O(filter), O(tags)) is always managed;
    left out, it silences every monitor. O(description), O(enabled), O(notify_targets) and O(notify_message) are
    managed only when given.
  - With O(start) left out (now) and a O(duration), a rule of that name counts as unchanged only while it is the
    same window, that is when it started less than a minute ago (or a tenth of the duration, if less) and lasts
    O(duration); any other rule of that name, an expired one left by a failed run included, is moved to start now.
    With O(start) left out and an O(end), the rule is unchanged while it is already in force and ends at O(end).
author:
  - guance.cloud maintainers (@GuanceCloud)
options:
  name:
    description:
      - The rule's name; identifies the rule when O(uuid) is not given. Required to create a rule.
      - With O(uuid), a different name renames the rule.
    type: str
  uuid:
    description:
      - The rule's uuid, V(mute_) followed by letters and digits. Identifies the rule directly (Guance has no get
        route for a rule, so its list is read, one request per 100 rules).
      - A uuid that no rule of the workspace has makes the task fail unless O(state=absent).
    type: str
    version_added: 1.0.0
  state:
    description:
      - V(present) creates the rule or brings it in line; V(absent) deletes it (a rule already gone is not an error).
    type: str
    choices: [present, absent]
    default: present
  start:
    description:
      - When a one-off window starts. V(now), Unix seconds, or a date and time such as V(2026-03-27 14:00:00)
        (also V(2026/03/27 14:00:00) or ISO 8601), in O(timezone) unless it carries an offset such as V(+08:00) or V(Z).
      - Left out, the window starts now; see the description for what counts as unchanged then.
    type: str
  end:
    description:
      - When a one-off window ends, in the forms of O(start). Must be after O(start) and not past.
      - Give O(end) or O(duration), not both.
    type: str
  duration:
    description:
      - How long the window lasts, as seconds or V(30m), V(2h), V(1d), V(1h30m).
      - A one-off window ends O(duration) after O(start). A repeating window (O(cron)) needs it; it is the length of
        each window (C(crontabDuration)).
    type: str
  timezone:
    description:
      - The rule's time zone, an IANA name such as V(Asia/Shanghai) or V(Europe/Berlin). Naive times are read in it
        and the server shows the rule's times in it.
      - Read with the controller's Python (C(zoneinfo), Python 3.9 or later) and its time-zone data; where that data
        is missing the task fails with an error saying so (install C(tzdata)). V(UTC) always works.
    type: str
    default: UTC
  cron:
    description:
      - Makes the window repeating. Five cron fields, minute hour day-of-month month weekday (0 or 7 is Sunday),
        such as V(0 2 * * 6) for Saturdays at 02:00 in O(timezone). Each field takes V(*), numbers, ranges
        V(1-5), lists V(1,3) and steps V(*/15).
    type: str
  expire:
    description:
      - When a repeating window stops repeating, in the forms of O(start). Left out, it repeats for ever.
    type: str
  monitors:
    description:
      - The monitors whose alerts are silenced, by name (the monitor's own name, exact) or uuid (V(rul_...)).
      - An unknown name fails the task before any change.
    type: list
    elements: str
  alert_policies:
    description:
      - The alert policies whose alerts are silenced, by name (exact) or uuid (V(altpl_...)).
    type: list
    elements: str
  monitor_tags:
    description:
      - The monitor tags whose monitors are silenced, by tag uuid (V(tag_...)). The public API has no list of tags
        to find one by name.
    type: list
    elements: str
  filter:
    description:
      - Silence only the events this filter matches (Guance's C(filterString), the explorer's syntax), for example
        V(host:web-01) or V(host:web-01 OR host:web-02). At most 2048 characters.
      - With O(monitors), O(alert_policies) and O(monitor_tags) all left out, it applies to every monitor.
    type: str
  tags:
    description:
      - The older form of event attributes (C(tags)), a dict of attribute names to a value or a list of values;
        a name starting with V(-) excludes. The server prefers O(filter) when both are set.
    type: dict
  description:
    description:
      - The rule's description.
    type: str
  enabled:
    description:
      - Whether the rule is in force; V(false) keeps it but disables it.
    type: bool
  notify_targets:
    description:
      - Who is told about the rule (C(notifyTargets)), a list of C(to) (a list of ids) and C(type) entries.
    type: list
    elements: dict
  notify_message:
    description:
      - The message sent to O(notify_targets), at most 3000 characters.
    type: str
  send_unverified:
    description:
      - Guance's answers may leave out some fields of a rule (its documented list example shows no name, description,
        time zone, filter or scope). A managed field that the answer does not show cannot be compared; the task warns
        about it, lists it in RV(unverified), sends it when it creates the rule or changes anything else, and
        otherwise leaves it.
      - V(true) sends such fields on every run (a modify), so that they are sure to hold; the task then reports a
        change on every run.
    type: bool
    default: false
    version_added: 1.0.0
extends_documentation_fragment:
  - guance.cloud.guance
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.actiongroups
  - guance.cloud.attributes
attributes:
  diff_mode:
    details: The diff holds the managed fields, times as the server writes them in the rule's time zone, as JSON text that
      shows non-ASCII text (names in Chinese) as written.
notes:
  - "Requests per task: the list of rules (one per page of 100 rules with a similar name; with O(uuid), of every rule),
    plus one list of the monitors and one of the alert policies when some are given by name; creating costs 1 (2 with
    O(enabled=false)), changing 1, plus 1 to enable or disable, deleting 1."
  - Guance has no idempotency key for mute rules. A create whose answer is lost (timeout, dropped connection, server
    error) is resolved by reading the rule back by name, never by creating it twice. A delete answered with 404 (the
    rule went in the meantime) counts as done.
  - When a play fails halfway, a window made with O(duration) ends on its own; the next run of the play replaces a
    rule that has expired instead of taking it as unchanged.
seealso:
  - module: guance.cloud.guance_mute_info
  - module: guance.cloud.guance_event
"""

EXAMPLES = r"""
- name: Silence the alerts of the host being restarted for 30 minutes
  guance.cloud.guance_mute:
    name: "deploy {{ inventory_hostname }}"
    filter: "host:{{ inventory_hostname }}"
    duration: 30m
  delegate_to: localhost

- name: End the window once the host is back
  guance.cloud.guance_mute:
    name: "deploy {{ inventory_hostname }}"
    state: absent
  delegate_to: localhost

- name: A one-off window for the database migration, in Shanghai time
  guance.cloud.guance_mute:
    name: db migration
    start: "2026-03-27 22:00"
    end: "2026-03-28 02:00"
    timezone: Asia/Shanghai
    monitors: [MySQL replication lag, rul_0123456789abcdef0123456789abcdef]
    description: Planned migration, ticket OPS-1234

- name: Every Saturday from 02:00 for two hours, until the end of the year
  guance.cloud.guance_mute:
    name: weekly maintenance
    cron: "0 2 * * 6"
    duration: 2h
    expire: "2026-12-31 23:59:59"
    timezone: Europe/Berlin
    alert_policies: [Infrastructure]

- name: Move the end of a rule known by its uuid
  guance.cloud.guance_mute:
    uuid: mute_0123456789abcdef0123456789abcdef
    end: "2026-03-28 04:00"
    timezone: Asia/Shanghai

- name: Keep a rule but switch it off
  guance.cloud.guance_mute:
    name: weekly maintenance
    cron: "0 2 * * 6"
    duration: 2h
    expire: "2026-12-31 23:59:59"
    timezone: Europe/Berlin
    alert_policies: [Infrastructure]
    enabled: false
"""

RETURN = r"""
mute:
  description:
    - The rule as the server holds it after the task, or would in check mode. Empty after O(state=absent).
    - C(start) and C(end) are Unix seconds, C(startTime) and C(endTime) the same times in the rule's time zone.
  returned: always
  type: dict
  sample:
    uuid: mute_0123456789abcdef0123456789abcdef
    name: deploy web-01
    description: ""
    type: checker
    muteRanges: []
    filterString: "host:web-01"
    tags: {}
    timezone: UTC
    startTime: "2026/03/27 14:00:00"
    endTime: "2026/03/27 14:30:00"
    start: 1774620000
    end: 1774621800
    crontab: ""
    crontabDuration: 0
    repeatExpireTime: "-1"
    status: 0
    workspaceUUID: wksp_0123456789abcdef0123456789abcdef
uuid:
  description: The rule's uuid; none when a rule would be created in check mode, or after O(state=absent).
  returned: always
  type: str
  sample: mute_0123456789abcdef0123456789abcdef
unverified:
  description:
    - The managed fields that Guance's answer does not show, so that the task could not tell whether they hold (see
      O(send_unverified)).
  returned: always
  type: list
  elements: str
  sample: [name, description]
  version_added: 1.0.0
diff:
  description:
    - The managed fields before and after, as JSON text that shows non-ASCII text as written. Empty C(before) when the
      rule is created, empty C(after) when deleted.
  returned: when diff mode is on
  type: dict
  contains:
    before:
      description: The managed fields as they were.
      type: str
      returned: always
      sample: "{\"end\": \"2026/03/27 14:30:00\"}\n"
    after:
      description: The managed fields as they are after the task (or would be in check mode).
      type: str
      returned: always
      sample: "{\"end\": \"2026/03/27 15:00:00\"}\n"
"""

import time

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.guance.cloud.plugins.module_utils import _resource as core
from ansible_collections.guance.cloud.plugins.module_utils._errors import OptionError
from ansible_collections.guance.cloud.plugins.module_utils._monitors import ALERT_POLICIES, CHECKERS
from ansible_collections.guance.cloud.plugins.module_utils._mutes import (
    MUTES,
    current_state,
    desired_state,
    plan,
    predict,
    rule_body,
    rule_enabled,
    settle_window,
    with_status,
)
from ansible_collections.guance.cloud.plugins.module_utils._options import (
    guance_argument_spec,
)
from ansible_collections.guance.cloud.plugins.module_utils._results import serve

ARGUMENT_SPEC = guance_argument_spec(
    name=dict(type="str"),
    uuid=dict(type="str"),
    state=dict(type="str", choices=["present", "absent"], default="present"),
    start=dict(type="str"),
    end=dict(type="str"),
    duration=dict(type="str"),
    timezone=dict(type="str", default="UTC"),
    cron=dict(type="str"),
    expire=dict(type="str"),
    monitors=dict(type="list", elements="str"),
    alert_policies=dict(type="list", elements="str"),
    monitor_tags=dict(type="list", elements="str"),
    filter=dict(type="str"),
    tags=dict(type="dict"),
    description=dict(type="str"),
    enabled=dict(type="bool"),
    notify_targets=dict(type="list", elements="dict"),
    notify_message=dict(type="str"),
    **core.SEND_UNVERIFIED_SPEC
)


def resolve_scope(client, options, planned=None):
    """{option: [(uuid, name)]}; monitors and alert policies given by name are looked up, uuids taken as they are."""
    scope = {"monitor_tags": [(ref, ref) for ref in options.get("monitor_tags") or []]}
    for option, family in (("monitors", CHECKERS), ("alert_policies", ALERT_POLICIES)):
        references = options.get(option) or []
        scope[option] = list(zip(core.resolve(client, family, option, references, planned), references))
    return scope


def find(client, options):
    if options["uuid"] is None:
        return core.find_by_name(client, MUTES, options["name"])
    rule = core.get(client, MUTES, options["uuid"])
    if rule is None and options["state"] == "present":
        raise OptionError("no mute rule has uuid %s in this workspace" % options["uuid"])
    return rule


def apply(client, module, rule, body, enabled):
    """The rule after the create or modify (and the enable or disable) the comparison asked for."""
    if module.check_mode:
        return predict(rule, body, enabled)
    if rule is None:
        result = core.create(client, MUTES, body, body["name"])
        switch = enabled is False
    else:
        result = core.send(client, MUTES, "modify", rule["uuid"], body)
        switch = enabled is not None and rule_enabled(rule) != enabled
        if not isinstance(result, dict) or not result.get("uuid"):
            # An answer without the rule: read it back, so the task returns what the server holds.
            result = core.get(client, MUTES, rule["uuid"]) or predict(rule, body, None)
    if switch:
        core.set_enabled(client, MUTES, result["uuid"], enabled)
        result = with_status(result, enabled)
    return result


def present(client, module, rule, the_plan, now):
    """(changed, rule, comparison) for state present."""
    options = module.params
    scope = resolve_scope(client, options, core.planned(module))
    window = settle_window(the_plan, rule, now) if "cron" not in the_plan else None
    desired = desired_state(options, the_plan, scope, window)
    comparison = core.compare(current_state(rule, the_plan["tz"]) if rule else None, desired)
    if rule is None:
        return True, apply(client, module, None, rule_body(desired, the_plan, scope), options["enabled"]), comparison
    keys = core.keys_to_send(comparison, options["send_unverified"], apart=("enabled",))
    if comparison.unverified:
        module.warn(core.unverified_warning(MUTES, rule["uuid"], comparison.unverified))
    if not keys:
        return False, rule, comparison
    if keys == ["enabled"]:
        # Only the switch differs: the enable or disable route alone, the rule is not rewritten.
        if not module.check_mode:
            core.set_enabled(client, MUTES, rule["uuid"], options["enabled"])
        return True, with_status(rule, options["enabled"]), comparison
    return True, apply(client, module, rule, rule_body(desired, the_plan, scope, rule), options["enabled"]), comparison


def run(module, client, now):
    """(result, diff) after acting, or predicting in check mode."""
    options = module.params
    the_plan = plan(options, now)
    rule = find(client, options)
    if options["state"] == "absent":
        # A 404 on delete: gone already, as the task wants.
        changed = rule is not None and (module.check_mode or core.delete(client, MUTES, rule["uuid"]))
        before = current_state(rule, the_plan["tz"]) if rule else {}
        return dict(changed=changed, mute={}, uuid=None, unverified=[]), core.diff(before, {})
    changed, rule, comparison = present(client, module, rule, the_plan, now)
    result = dict(changed=changed, mute=rule, uuid=rule.get("uuid"), unverified=comparison.unverified)
    return result, core.diff(comparison.before, comparison.after)


def task(module, client):
    return core.one_result(run(module, client, time.time()), module._diff)


def main():
    module = AnsibleModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True, required_one_of=[("name", "uuid")])
    serve(module, task)


if __name__ == "__main__":
    main()
