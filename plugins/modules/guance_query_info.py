#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, guance.cloud maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: guance_query_info
short_description: Rows of a DQL query, for register and until loops
version_added: 1.0.0
description:
  - Runs one DQL statement against a Guance workspace (C(POST /api/v1/df/query_data_v1)) and returns its rows, one
    dictionary per row, keyed by column name, exactly as the P(guance.cloud.guance_query#lookup) lookup does.
  - Each row holds the series' group tags (the C(BY) columns, such as C(host)), C(time) in milliseconds since the
    epoch, and each value column by its name (such as avg(usage_idle), the target as Guance names it) or by its alias (C(AS)). Rows whose values are all
    null carry no data and are left out.
  - A query that Guance reports as still running is followed on the asynchronous route
    (C(POST /api/v1/df/asynchronous/query_data)) until it ends, for at most O(query_timeout) seconds.
  - Use it with C(register) and C(until) to wait for a value to settle, or ad hoc
    (C(ansible localhost -m guance.cloud.guance_query_info -a "query=..."));
    in a template or an C(assert), the lookup needs no task of its own.
author:
  - guance.cloud maintainers (@GuanceCloud)
extends_documentation_fragment:
  - guance.cloud.guance
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.actiongroups
  - guance.cloud.attributes.info
options:
  query:
    description:
      - The DQL statement, starting with its namespace (V(M::) metrics, V(L::) logs, V(O::) objects, V(E::) events,
        V(T::) traces, V(R::) RUM...) or a C(show_...) function (such as show_measurement()). Anything else fails before any request.
      - It refers to a value of O(params) as C(?{name}).
    type: str
    required: true
  params:
    description:
      - Values for the C(?{name}) placeholders of O(query), by name (letters, digits and C(_)).
      - Each value goes into the statement as a DQL literal written by the module, never as text to parse, so a value
        cannot change the statement. A string becomes C('text') (or C(b64'...') when it holds characters other than
        letters, digits, C(_), C(.), C(:) and C(-)), a number stays a number, a list becomes C([v1, v2]) for C(IN).
      - Placeholders inside strings, backquoted names and C(#) comments are left alone, as is C($) (regular
        expressions). Every key must be used, and every placeholder must have a key.
    type: dict
  time_range:
    description:
      - The window to query, ending now, as a number and a unit V(s), V(m), V(h), V(d) or V(w), such as V(15m).
    type: str
    default: 15m
  latest:
    description:
      - Keep only the newest row of each series whose values are all set (by its C(time), not its position).
    type: bool
    default: false
  on_no_data:
    description:
      - What a query without rows does. V(empty) returns no rows; V(fail) fails the task, naming the statement and
        the time range.
    type: str
    default: empty
    choices: [empty, fail]
  query_timeout:
    description:
      - How many seconds a query that Guance reports as still running is followed before the task fails.
    type: float
    default: 60
seealso:
  - plugin: guance.cloud.guance_query
    plugin_type: lookup
"""

EXAMPLES = r"""
- name: Wait until the error rate of the batch settles under 1 %
  guance.cloud.guance_query_info:
    query: "M::`http`:(avg(`error_rate`) AS `error_rate`) { `host` IN ?{hosts} } BY `host`"
    params:
      hosts: "{{ ansible_play_batch }}"
    time_range: 5m
    latest: true
  run_once: true
  register: health
  until: health.rows | length > 0 and health.rows | map(attribute='error_rate') | max < 0.01
  retries: 10
  delay: 30

- name: The CPU idle of every host, newest row of each
  guance.cloud.guance_query_info:
    query: "M::`cpu`:(avg(`usage_idle`)) BY `host`"
    latest: true
  register: cpu
"""

RETURN = r"""
rows:
  description:
    - The rows, each a dictionary of the series' group tags, C(time) and the value columns.
  returned: always
  type: list
  elements: dict
  sample:
    - host: web-01
      time: 1708912900000
      error_rate: 0.002
statement:
  description:
    - The statement as sent, its placeholders replaced by DQL literals.
  returned: always
  type: str
  sample: "M::`http`:(avg(`error_rate`) AS `error_rate`) { `host` IN ['web-01', 'web-02'] } BY `host`"
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.guance.cloud.plugins.module_utils._options import (
    guance_argument_spec,
)
from ansible_collections.guance.cloud.plugins.module_utils._query import (
    DEFAULT_QUERY_TIMEOUT,
    DEFAULT_TIME_RANGE,
    NO_DATA_CHOICES,
    Query,
    run_query,
)
from ansible_collections.guance.cloud.plugins.module_utils._results import serve

ARGUMENT_SPEC = guance_argument_spec(
    query=dict(type="str", required=True),
    params=dict(type="dict"),
    time_range=dict(type="str", default=DEFAULT_TIME_RANGE),
    latest=dict(type="bool", default=False),
    on_no_data=dict(type="str", default="empty", choices=list(NO_DATA_CHOICES)),
    query_timeout=dict(type="float", default=DEFAULT_QUERY_TIMEOUT),
)
QUERY_OPTIONS = ("params", "time_range", "latest", "on_no_data", "query_timeout")


def task(module, client):
    query = Query(module.params["query"], **dict((name, module.params[name]) for name in QUERY_OPTIONS))
    return dict(changed=False, rows=run_query(client, query), statement=query.statements[0])


def main():
    module = AnsibleModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    serve(module, task)


if __name__ == "__main__":
    main()
