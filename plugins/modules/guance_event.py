#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, guance.cloud maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: guance_event
short_description: Write a custom event to Guance, such as a deploy marker
version_added: 1.0.0
description:
  - Writes one custom event to a Guance workspace (C(df_source=custom)), so that a deploy, a restart or a
    configuration change shows on the event timeline and a spike can be tied to it.
  - Not idempotent by nature. Every run that is not in check mode writes a new event and reports C(changed); use
    C(run_once) (or a single host) so that a play writes one event, not one per host.
author:
  - guance.cloud maintainers (@GuanceCloud)
options:
  title:
    description:
      - The event's title, at most 256 characters.
    type: str
    required: true
  status:
    description:
      - The event's status.
    type: str
    choices: [info, ok, warning, error, critical, nodata]
    default: info
  text:
    description:
      - The event's text, Guance's C(message) field (Ansible keeps the option name C(message) for itself).
    type: str
  tags:
    description:
      - The event's custom fields (C(customTags)), names to text. Numbers and booleans are sent as text.
      - Names the server writes itself (C(date), C(time), C(__docid), C(create_time) and names starting with
        C(df_)) are refused.
    type: dict
  date:
    description:
      - When the event happened. V(now), Unix seconds or milliseconds, or ISO 8601 such as
        V(2026-03-27T14:00:00+08:00) (UTC when it has no offset).
    type: str
    default: now
extends_documentation_fragment:
  - guance.cloud.guance
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.actiongroups
  - guance.cloud.attributes
attributes:
  check_mode:
    details: Sends nothing, and reports C(changed) with the event that would be written.
  diff_mode:
    support: none
    details: An event is written, never changed; there is nothing to compare.
notes:
  - One request per event. The answer does not name the event (the API answers V(true)), so the module returns the
    event as it was sent.
  - A write whose answer is lost (timeout, dropped connection, server error) is not repeated, since it may have been
    carried out; the task fails and says so.
  - For an event at the start and the end of every playbook run, use the P(guance.cloud.guance_events#callback)
    callback plugin instead.
seealso:
  - module: guance.cloud.guance_mute
"""

EXAMPLES = r"""
- name: Mark the deploy on the timeline, once for the whole play
  guance.cloud.guance_event:
    title: "Deploy of shop {{ app_version }} started"
    text: "Rolling update of {{ ansible_play_hosts | length }} hosts"
    tags:
      service: shop
      version: "{{ app_version }}"
  run_once: true
  delegate_to: localhost

- name: Say that it went wrong
  guance.cloud.guance_event:
    title: "Deploy of shop {{ app_version }} failed on {{ inventory_hostname }}"
    status: error
    tags:
      host: "{{ inventory_hostname }}"
  delegate_to: localhost
"""

RETURN = r"""
event:
  description: The event as it was sent (or would be in check mode), the body of C(events/create).
  returned: always
  type: dict
  sample:
    date: 1774620000000
    status: info
    title: Deploy of shop 1.4.2 started
    message: Rolling update of 6 hosts
    customTags: {service: shop, version: 1.4.2}
"""

import time

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.guance.cloud.plugins.module_utils._events import STATUSES, event_body
from ansible_collections.guance.cloud.plugins.module_utils._options import (
    guance_argument_spec,
)
from ansible_collections.guance.cloud.plugins.module_utils._results import serve

ARGUMENT_SPEC = guance_argument_spec(
    title=dict(type="str", required=True),
    status=dict(type="str", choices=list(STATUSES), default="info"),
    text=dict(type="str"),
    tags=dict(type="dict"),
    date=dict(type="str", default="now"),
)


def run(module, client, now):
    options = module.params
    body = event_body(options["title"], options["status"], options["text"], options["tags"], options["date"], now)
    if not module.check_mode:
        client.request("events.create", body=body)
    return body


def task(module, client):
    return dict(changed=True, event=run(module, client, time.time()))


def main():
    module = AnsibleModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    serve(module, task)


if __name__ == "__main__":
    main()
