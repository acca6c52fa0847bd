# -*- coding: utf-8 -*-
# Copyright: (c) 2026, guance.cloud maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: guance_query
short_description: Rows of a DQL query, to gate a play on what Guance sees
version_added: 1.0.0
description:
  - Runs DQL statements against a Guance workspace (C(POST /api/v1/df/query_data_v1)) and returns their rows, one
    dictionary per row, keyed by column name, so that a play can assert on them (for example that the error rate of
    the hosts just restarted is under a threshold).
  - Each row holds the series' group tags (the C(BY) columns, such as C(host)), C(time) in milliseconds since the
    epoch, and each value column by its name (such as avg(usage_idle), the target as Guance names it) or by its alias (C(AS)). Rows come in the order
    Guance answers them (for metrics, newest first).
  - Several terms are sent in one request; their rows follow one another, in the order of the terms.
  - Rows whose values are all null carry no data and are left out. When a statement has no rows left, the lookup
    returns its other rows (possibly none), or fails with O(on_no_data=fail).
  - A query that Guance reports as still running is followed on the asynchronous route
    (C(POST /api/v1/df/asynchronous/query_data)) until it ends, for at most O(query_timeout) seconds.
  - Call it with C(lookup), which returns the list of rows; C(query) wraps that list in one more list.
  - Lookups run on the controller once per host of the task. To send one request for a batch, set C(run_once) on the
    task, group the statement C(BY `host`) and pick each host's row from the result (see the examples).
author:
  - guance.cloud maintainers (@GuanceCloud)
extends_documentation_fragment:
  - guance.cloud.guance_plugin
options:
  _terms:
    description:
      - One or more DQL statements, each starting with its namespace (V(M::) metrics, V(L::) logs, V(O::) objects,
        V(E::) events, V(T::) traces, V(R::) RUM...) or a C(show_...) function (such as show_measurement()). Anything else fails before any
        request.
      - A statement refers to a value of O(params) as C(?{name}).
    required: true
    type: list
    elements: str
  params:
    description:
      - Values for the C(?{name}) placeholders of the statements, by name (letters, digits and C(_)).
      - Each value goes into the statement as a DQL literal written by the collection, never as text to parse, so a
        value cannot change the statement. A string becomes C('text') (or C(b64'...') when it holds characters other
        than letters, digits, C(_), C(.), C(:) and C(-)), a number stays a number, a list becomes C([v1, v2]) for C(IN).
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
      - What a statement without rows does. V(empty) gives no rows for it; V(fail) fails the lookup, naming the
        statement and the time range.
    type: str
    default: empty
    choices: [empty, fail]
  query_timeout:
    description:
      - How many seconds a query that Guance reports as still running is followed before the lookup fails.
    type: float
    default: 60
notes:
  - Lookups do not see C(module_defaults). Pass O(api_key) from a (vaulted) variable, or set E(GUANCE_API_KEY).
  - The lookup paces its requests with the modules of the same key (20 requests a minute), and repeats reads after a
    server error or a timeout, up to O(retries) times.
"""

EXAMPLES = r"""
- name: The CPU idle of every host in the last 15 minutes, newest row of each
  ansible.builtin.debug:
    msg: "{{ lookup('guance.cloud.guance_query', 'M::`cpu`:(avg(`usage_idle`)) BY `host`', latest=true) }}"

- name: One host, its name passed as a parameter (never pasted into the statement)
  ansible.builtin.assert:
    that:
      - rows | length > 0
      - rows[0]['idle'] > 20
  vars:
    rows: >-
      {{ lookup('guance.cloud.guance_query', 'M::`cpu`:(avg(`usage_idle`) AS `idle`) { `host` = ?{host} } BY `host`',
                params={'host': inventory_hostname}, latest=true, on_no_data='fail',
                api_key=guance_api_key) }}

- name: A deploy gate, one request per batch (run_once) for the hosts of the batch
  run_once: true
  ansible.builtin.set_fact:
    batch_rows: >-
      {{ lookup('guance.cloud.guance_query',
                'M::`http`:(avg(`error_rate`) AS `error_rate`) { `host` IN ?{hosts} } BY `host`',
                params={'hosts': ansible_play_batch}, time_range='5m', latest=true,
                api_key=guance_api_key) }}

- name: Each host checks its own row
  ansible.builtin.assert:
    that:
      - mine | length == 1
      - mine[0]['error_rate'] < 0.01
  vars:
    mine: "{{ batch_rows | selectattr('host', 'equalto', inventory_hostname) | list }}"
"""

RETURN = r"""
_list:
  description:
    - The rows of every statement, one after another, each a dictionary of the series' group tags, C(time) and the
      value columns.
  type: list
  elements: dict
  sample:
    - host: web-01
      time: 1708912900000
      error_rate: 0.002
"""

from ansible.errors import AnsibleLookupError
from ansible.module_utils.common.text.converters import to_text
from ansible.plugins.lookup import LookupBase
from ansible.utils.display import Display

from ansible_collections.guance.cloud.plugins.module_utils._errors import GuanceError
from ansible_collections.guance.cloud.plugins.module_utils._options import (
    CONNECTION_OPTIONS,
    TERRAFORM_REGIONS,
    client_from_params,
)
from ansible_collections.guance.cloud.plugins.module_utils._query import Query, run_query

QUERY_OPTIONS = ("params", "time_range", "latest", "on_no_data", "query_timeout")

display = Display()


class LookupModule(LookupBase):

    def run(self, terms, variables=None, **kwargs):
        self.set_options(var_options=variables, direct=kwargs)
        try:
            query = Query(list(terms), **dict((name, self.get_option(name)) for name in QUERY_OPTIONS))
            client = client_from_params(self.connection_params())
            try:
                rows = run_query(client, query)
            finally:
                for warning in client.warnings:
                    # What the client could not do quietly (sharing the rate-limit pacing, say).
                    display.warning(warning)
        except GuanceError as e:
            # The collection's own message, as the modules give it; never the key, never a traceback.
            raise AnsibleLookupError(to_text(e))
        # One item, the list: lookup() then returns the rows as they are, whatever their number.
        return [rows]

    def connection_params(self):
        """The connection options as the modules' parameters: keyword, then environment, then ansible.cfg."""
        params = dict((name, self.get_option(name)) for name in CONNECTION_OPTIONS)
        for name in ("api_key", "site", "endpoint"):
            if params[name] is not None:
                # A vaulted value decrypts when made text.
                params[name] = to_text(params[name])
        params["site"] = TERRAFORM_REGIONS.get(params["site"], params["site"])
        return params
