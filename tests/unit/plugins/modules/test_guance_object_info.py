# -*- coding: utf-8 -*-
# Copyright: (c) 2026, guance.cloud maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

import pytest

from ansible_collections.guance.cloud.plugins.module_utils._client import Answer
from ansible_collections.guance.cloud.plugins.module_utils._errors import InvalidAPIKeyError
from ansible_collections.guance.cloud.plugins.modules import guance_object_info

KEY = "sk-0123-do-not-leak-4567"  # conftest.KEY, the key run_module gives


class FakeClient:
    """Answers every DQL query with `rows` (or raises `error`), and records the queries."""

    warnings = ()  # what a GuanceClient has for the module to pass on: nothing here

    def __init__(self, rows=(), error=None):
        self.rows = list(rows)
        self.error = error
        self.queries = []

    def is_legacy(self, family):
        return False

    def request(self, route, path=None, query=None, body=None):
        self.queries.append(body["queries"][0]["query"])
        if self.error:
            raise self.error
        columns = ["name", "os"]
        series = [{"name": "HOST", "columns": columns, "values": [[row[c] for c in columns] for row in self.rows]}]
        return Answer({"data": [{"series": series, "total_hits": len(self.rows), "search_after": []}]}, None, 200, "t")


ROWS = [{"name": "web-01", "os": "linux"}, {"name": "web-02", "os": "linux"}]


@pytest.mark.parametrize("check_mode", [False, True])
def test_returns_objects_and_total_never_changed(run_module, check_mode):
    fake = FakeClient(ROWS)
    result = run_module(guance_object_info, fake, filters={"os": "linux"}, check_mode=check_mode)
    assert result == {
        "changed": False,
        "total": 2,
        "objects": [{"class": "HOST", "name": "web-01", "os": "linux"}, {"class": "HOST", "name": "web-02", "os": "linux"}],
    }
    assert fake.queries[0]["q"] == "O::`HOST` { `os` = 'linux' }"


def test_options_reach_the_query(run_module):
    fake = FakeClient(ROWS)
    run_module(guance_object_info, fake, object_class="process", names=["web-01_1"], filters={"pid": [1, 2]},
               search="web", fields=["name", "os"], time_range="15m", limit=5)
    query = fake.queries[0]
    assert query["q"] == ("O::`host_processes`:(`name`, `os`) { `pid` IN [1, 2], `name` = 'web-01_1', "
                          "`name` = re('.*web.*') }")
    assert query["timeRange"][1] - query["timeRange"][0] == 15 * 60 * 1000
    assert query["limit"] == 5


def test_custom_objects_read_the_co_namespace(run_module):
    fake = FakeClient()
    result = run_module(guance_object_info, fake, object_class="business_service", custom=True)
    assert fake.queries[0]["q"] == "CO::`business_service`"
    assert (result["objects"], result["total"]) == ([], 0)


@pytest.mark.parametrize("args, option", [
    (dict(time_range="yesterday"), "time_range"),
    (dict(time_range="0h"), "time_range"),
    (dict(limit=0), "limit"),
    (dict(fields=["os", "a`b"]), "fields"),
    (dict(object_class="HO`ST"), "object_class"),
    (dict(filters={"a`b": 1}), "filters.a`b"),
    (dict(filters={"os": {"nested": "dict"}}), "filters.os"),
    (dict(search="*web"), "search"),
    (dict(search="w?b"), "search"),
    (dict(limit="many"), "limit"),
    (dict(custom="perhaps"), "custom"),
])
def test_bad_options_fail_before_any_request(run_module, args, option):
    fake = FakeClient(ROWS)
    result = run_module(guance_object_info, fake, **args)
    assert result["failed"] is True
    assert option in result["msg"]
    assert fake.queries == []


def test_a_misspelled_class_warns_with_the_nearest_one(run_module):
    fake = FakeClient()
    result = run_module(guance_object_info, fake, object_class="hosts")
    assert (result["objects"], result["total"]) == ([], 0)
    assert fake.queries[0]["q"] == "O::`hosts`"
    assert result["warnings"] == ["no objects of class 'hosts'; did you mean host?"]


def test_fields_return_only_those_fields(run_module):
    result = run_module(guance_object_info, FakeClient(ROWS), fields=["os"])
    assert result["objects"] == [{"os": "linux"}, {"os": "linux"}]


def test_an_empty_names_list_sends_nothing(run_module):
    fake = FakeClient(ROWS)
    result = run_module(guance_object_info, fake, names=[])
    assert (result["objects"], result["total"], fake.queries) == ([], 0, [])


def test_server_errors_fail_with_their_details_and_no_key(run_module):
    error = InvalidAPIKeyError("POST /api/v1/df/query_data_v1 failed: invalid key", status=403,
                               error_code="ft.InvalidAPIKey", trace_id="trace-1")
    result = run_module(guance_object_info, FakeClient(error=error))
    assert result["failed"] is True
    assert (result["status"], result["error_code"], result["trace_id"]) == (403, "ft.InvalidAPIKey", "trace-1")
    assert KEY not in json.dumps(result)


def test_documentation_matches_the_argument_spec():
    import yaml

    documented = yaml.safe_load(guance_object_info.DOCUMENTATION)["options"]
    own = dict((name, spec) for name, spec in guance_object_info.ARGUMENT_SPEC.items()
               if name in guance_object_info.SELECTION_OPTIONS)
    assert sorted(documented) == sorted(own)
    for name, spec in own.items():
        assert documented[name]["type"] == spec["type"]
        assert documented[name].get("default") == spec.get("default")
        assert documented[name].get("elements") == spec.get("elements")


def test_the_harness_refuses_an_option_the_module_lacks(run_module):
    with pytest.raises(TypeError, match="guance_object_info has no option object_classes"):
        run_module(guance_object_info, FakeClient(ROWS), object_classes="host")


def test_a_real_client_reads_the_emulator_in_one_request(run_module, emulator):
    control = emulator()
    result = run_module(guance_object_info, names=["web-01", "web-02"], fields=["name"], **control.args)
    assert (result["objects"], result["total"]) == ([{"name": "web-01"}, {"name": "web-02"}], 2)
    assert [(method, path) for method, path, status in control.statuses()] == [("POST", "/api/v1/df/query_data_v1")]
