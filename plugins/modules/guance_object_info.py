#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, guance.cloud maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: guance_object_info
short_description: Read Guance hosts, processes, containers and custom objects
version_added: 0.1.0
description:
  - Reads the infrastructure objects Guance sees (hosts, processes, containers, any other class) or custom
    objects, so that a playbook can act on them, for example on the hosts that report a given OS.
  - Reads through a DQL query (C(POST /api/v1/df/query_data_v1)). Names and values never become DQL text
    as such; names go in backticks, values that are not plain are sent base64-encoded, and O(search) is quoted
    inside a regular expression, so no value can change the query.
  - Reads every matching object, 1,000 a request, following the server's C(search_after) cursor, or by offset
    within the first 10,000 where the server sends no cursor. Where more than 10,000 objects match and the server
    sends no cursor, the task fails, naming the count and how to narrow the selection, rather than return part
    of them.
  - On a server without that route (it answers C(RouterNotFound)), reads the older object list
    (C(GET /api/v1/object/{class}/list)) instead, for the rest of the run, and applies O(names), O(filters),
    O(search) and O(time_range) itself; the objects returned are the same.
  - Objects come sorted by name.
author:
  - guance.cloud maintainers (@GuanceCloud)
options:
  object_class:
    description:
      - The class of the objects, as Guance spells it (V(HOST), V(host_processes), V(kubelet_pod), a custom class...).
      - V(host), V(process) and V(container) are short for V(HOST), V(host_processes) and V(docker_containers).
      - A class the workspace does not have gives an empty list, with a warning when the name looks like a
        misspelling of a known class or alias (V(hosts) for V(host)).
    type: str
    default: host
  custom:
    description:
      - Whether O(object_class) is a custom object class (DQL namespace C(CO::)) rather than an infrastructure
        class (C(O::)).
      - Custom objects can only be read through DQL; on a server that lacks it the task fails.
    type: bool
    default: false
  names:
    description:
      - Only the objects with one of these exact names (the C(name) field; for hosts, the host name).
      - An empty list matches nothing, and the module then sends no request.
    type: list
    elements: str
  filters:
    description:
      - Only the objects whose fields have these values. Each key is a field name; each value is the one value
        the field must equal, or a list of values it must equal one of.
      - Several fields must all match. A field the objects do not have matches nothing.
      - Values may be strings, numbers or booleans; text compares case-sensitively, and a boolean compares as the text
        V(true) or V(false). An empty list matches nothing, and the module then sends no request.
    type: dict
  search:
    description:
      - Only the objects whose name contains this text (case-sensitive), such as V(web).
      - Or, ending in a single C(*), only those whose name starts with the text before it, such as V(web-*).
      - A part of the name is sent as a regular expression, C(re('.*web.*')), which Guance matches against every
        name it holds, the slowest kind of query it offers; the start of a name is sent as C(wildcard('web-*')),
        which is cheaper. Prefer the start of the name where it is enough, and O(names) or O(filters) on large
        workspaces. The left wildcard (C(wildcard('*web*'))), off by default on Guance workspaces, is never sent.
      - Characters the query cannot carry safely (quotes and backslashes) are sent as "any one character"
        and the rows the server returns are checked here against the text itself.
      - May not contain C(*) (except a single one at the end) or C(?).
    type: str
  fields:
    description:
      - The fields to return for each object, and only those. Default (or an empty list) is every field, plus
        C(class).
      - A field an object lacks is returned as V(null).
    type: list
    elements: str
  time_range:
    description:
      - Only the objects that reported within this window before now, written as a positive whole number and a
        unit, V(s), V(m), V(h), V(d) or V(w), such as V(15m), V(1h) or V(7d).
      - The default matches the host list of the Guance console, which shows the last 24 hours.
    type: str
    default: 1d
  limit:
    description:
      - At most this many objects. Default is every object that matches.
      - Reading stops as soon as this many are read.
    type: int
extends_documentation_fragment:
  - guance.cloud.guance
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.actiongroups
  - guance.cloud.attributes.info
notes:
  - "Guance allows 20 requests a minute per API key. This module reads 1,000 objects per request through DQL
    (the largest DQL page) and asks for no more than O(limit) leaves, so N objects cost ceil(N / 1000) requests
    (at least one), and one more when N is 10,000 or more and a multiple of 1,000: Guance counts matches only up to
    10,000, so past that only a short page tells the end. The older object list serves 100 per page."
  - DQL pages past the first 10,000 rows follow the server's C(search_after) cursor, so there is no upper bound on
    how many objects can be read where the server sends one.
"""

EXAMPLES = r"""
- name: Read the Linux hosts that reported in the last hour
  guance.cloud.guance_object_info:
    object_class: host
    filters:
      os: linux
    fields: [host, os, unicast_ip, cpu_usage]
    time_range: 1h
  register: linux_hosts

- name: Add them to an in-memory group
  ansible.builtin.add_host:
    name: "{{ item.host }}"
    ansible_host: "{{ item.unicast_ip }}"
    groups: guance_linux
  loop: "{{ linux_hosts.objects }}"
  loop_control:
    label: "{{ item.host }}"

- name: Read the processes of two hosts
  guance.cloud.guance_object_info:
    object_class: process
    filters:
      host: [web-01, web-02]
    fields: [host, pid, process_name, listen_ports]
  register: web_processes

- name: Show the processes listening on port 443 (listen_ports is a JSON list in a string)
  ansible.builtin.debug:
    msg: "{{ item.host }}: {{ item.process_name }} (pid {{ item.pid }})"
  loop: "{{ web_processes.objects }}"
  loop_control:
    label: "{{ item.host }} {{ item.pid }}"
  when: 443 in item.listen_ports | from_json

- name: Read the running containers of one image on one host
  guance.cloud.guance_object_info:
    object_class: container
    filters:
      host: api-01
      image_name: registry.example.com/shop/api
      state: running
    fields: [container_name, image_tag, status]
  register: api_containers

- name: Read three objects of a custom class
  guance.cloud.guance_object_info:
    object_class: business_service
    custom: true
    limit: 3
  register: services

- name: Read two hosts by name, with the connection set once for every Guance task
  module_defaults:
    group/guance.cloud.guance:
      endpoint: https://openapi.example.com
      api_key: "{{ vault_guance_api_key }}"
  guance.cloud.guance_object_info:
    names: [web-01, db-01]

# Ad hoc, with the key in the environment:
#   GUANCE_API_KEY=... ansible localhost -m guance.cloud.guance_object_info -a 'search=web fields=host,os'

- name: Read the hosts whose name starts with web- (cheaper than a part of the name)
  guance.cloud.guance_object_info:
    search: web-*
    fields: [name, unicast_ip]
  register: web_hosts
"""

RETURN = r"""
objects:
  description:
    - The objects, one flat dictionary each, sorted by name, at most O(limit).
    - Each holds the fields of O(fields) and nothing else, or else every field the object has (columns Guance
      keeps for itself, such as C(__docid), are left out) plus C(class).
    - Times such as C(last_update_time), C(start_time) and C(time) are Unix milliseconds.
  returned: always
  type: list
  elements: dict
  sample:
    - class: HOST
      name: web-01
      host: web-01
      os: linux
      arch: amd64
      unicast_ip: 10.0.0.11
      cpu_usage: 12.5
      mem_used_percent: 48.2
      num_cpu: 4
      last_update_time: 1767225600000
      time: 1767225600000
total:
  description:
    - How many objects match, which can be more than O(limit); when every match was read, the number read.
    - V(null) when O(limit) stopped the reading before the count was known (Guance counts at most 10,000
      matches, and the older object list counts only what it has read).
  returned: always
  type: int
  sample: 42
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.guance.cloud.plugins.module_utils._objects import (
    DEFAULT_TIME_RANGE,
    Selection,
    class_hint,
    find_objects,
)
from ansible_collections.guance.cloud.plugins.module_utils._options import (
    guance_argument_spec,
)
from ansible_collections.guance.cloud.plugins.module_utils._results import serve

SELECTION_OPTIONS = ("object_class", "custom", "names", "filters", "search", "fields", "time_range", "limit")

ARGUMENT_SPEC = guance_argument_spec(
    object_class=dict(type="str", default="host"),
    custom=dict(type="bool", default=False),
    names=dict(type="list", elements="str"),
    filters=dict(type="dict"),
    search=dict(type="str"),
    fields=dict(type="list", elements="str"),
    time_range=dict(type="str", default=DEFAULT_TIME_RANGE),
    limit=dict(type="int"),
)


def run(params, client):
    """(objects, total, warning or None)."""
    # The selection checks every option before the first request.
    selection = Selection(**dict((name, params[name]) for name in SELECTION_OPTIONS))
    objects, total = find_objects(client, selection)
    return objects, total, class_hint(selection, objects)


def task(module, client):
    objects, total, warning = run(module.params, client)
    if warning:
        module.warn(warning)
    return dict(changed=False, objects=objects, total=total)


def main():
    module = AnsibleModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    serve(module, task)


if __name__ == "__main__":
    main()
