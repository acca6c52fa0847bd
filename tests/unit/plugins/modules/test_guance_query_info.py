# -*- coding: utf-8 -*-
# Copyright: (c) 2026, guance.cloud maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.guance.cloud.plugins.module_utils._client import Answer
from ansible_collections.guance.cloud.plugins.module_utils._errors import ServerError
from ansible_collections.guance.cloud.plugins.modules import guance_query_info

QUERY = "M::`http`:(avg(`error_rate`) AS `error_rate`) { `host` IN ?{hosts} } BY `host`"


class FakeClient:
    """Answers every query with one series per host (or raises `error`); records the bodies."""

    warnings = ()  # what a GuanceClient has for the module to pass on: nothing here

    def __init__(self, hosts=("web-01", "web-02"), error=None):
        self.hosts = hosts
        self.error = error
        self.bodies = []

    def request(self, route, path=None, query=None, body=None):
        self.bodies.append(body)
        if self.error:
            raise self.error
        series = [{"name": "http", "columns": ["time", "error_rate"], "tags": {"host": host}, "values": [[2000, 0.01], [1000, 0.5]]}
                  for host in self.hosts]
        return Answer({"data": [{"series": series}]}, None, 200, "t")


@pytest.mark.parametrize("check_mode", [False, True])
def test_returns_rows_and_the_statement_it_ran(run_module, check_mode):
    fake = FakeClient()
    result = run_module(guance_query_info, fake, check_mode=check_mode, query=QUERY,
                        params={"hosts": ["web-01", "web-02"]}, latest=True, time_range="5m")
    statement = QUERY.replace("?{hosts}", "['web-01', 'web-02']")
    assert result == {"changed": False, "statement": statement, "rows": [
        {"host": "web-01", "time": 2000, "error_rate": 0.01}, {"host": "web-02", "time": 2000, "error_rate": 0.01}]}
    assert fake.bodies[0]["queries"][0]["query"]["q"] == statement


def test_no_data_fails_when_asked(run_module):
    result = run_module(guance_query_info, FakeClient(hosts=()), query="M::`cpu`:(avg(`usage_idle`))", on_no_data="fail")
    assert result["failed"] and "no data for M::`cpu`:(avg(`usage_idle`)) in the last 15m" in result["msg"]


@pytest.mark.parametrize("args, message", [
    (dict(query="cpu"), "not a DQL statement"),
    (dict(query=QUERY), r"?{hosts} names no key of params"),
    (dict(query=QUERY, params={"hosts": []}), "params.hosts: an empty list"),
    (dict(query=QUERY, params={"hosts": ["a"], "other": 1}), "params: other not used"),
    (dict(query=QUERY, params={"hosts": ["a"]}, time_range="soon"), "time_range"),
])
def test_bad_input_fails_before_any_request(run_module, args, message):
    fake = FakeClient()
    result = run_module(guance_query_info, fake, **args)
    assert result["failed"] and message in result["msg"]
    assert fake.bodies == []


def test_a_server_error_fails_with_status_and_trace(run_module):
    error = ServerError("Guance failed", status=500, error_code="ft.Internal", trace_id="t-9")
    result = run_module(guance_query_info, FakeClient(error=error), query="M::`cpu`")
    assert result["failed"] and result["status"] == 500 and result["trace_id"] == "t-9"
