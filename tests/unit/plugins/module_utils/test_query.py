# -*- coding: utf-8 -*-
# Copyright: (c) 2026, guance.cloud maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""DQL queries for gates: statements checked and bound before any request, rows mapped from every answer shape."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy

import pytest

from ansible_collections.guance.cloud.plugins.module_utils import _query as q
from ansible_collections.guance.cloud.plugins.module_utils._client import Answer, GuanceClient
from ansible_collections.guance.cloud.plugins.module_utils._errors import MalformedResponseError, OptionError, ParameterError
from ansible_collections.guance.cloud.plugins.module_utils._options import client_from_params

NOW = 1708912906999
CPU = "M::`cpu`:(avg(`usage_idle`)) BY `host`"

# The series of the answer example of open-api/query-data/query-data-v1.md (newest first), cut to three rows.
PAGE_SERIES = {
    "columns": ["time", "avg(usage_idle)"], "name": "cpu", "units": [None, None],
    "values": [[1708912900000, 75.68748278863335], [1708912890000, 80.20737341208], [1708912880000, 73.23943236630001]],
}


def result(*series, **extra):
    one = {"async_id": "", "column_names": ["avg(usage_idle)"], "is_running": False, "series": list(series)}
    one.update(extra)
    return one


def grouped(host, rows, column="avg(usage_idle)"):
    return {"name": "cpu", "columns": ["time", column], "tags": {"host": host}, "values": rows}


class FakeClient(GuanceClient):
    """Answers each request with the next content of `answers`; records (route, body)."""

    def __init__(self, *answers):
        super(FakeClient, self).__init__("http://guance.invalid", "sk-test")
        self.answers = list(answers)
        self.calls = []

    def request(self, route, path=None, query=None, body=None):
        self.calls.append((route, copy.deepcopy(body)))
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return Answer(answer, None, 200, "trace-1")


class Clock:
    def __init__(self):
        self.now = 0.0
        self.slept = []

    def sleep(self, seconds):
        self.slept.append(seconds)
        self.now += seconds

    def monotonic(self):
        return self.now


def run(client, query, clock=None):
    clock = clock or Clock()
    return q.run_query(client, query, now_ms=NOW, sleep=clock.sleep, monotonic=clock.monotonic)


# Rows -----------------------------------------------------------------------------------------------


def test_the_page_example_gives_one_row_per_value_keyed_by_column():
    rows = q.rows_of(result(PAGE_SERIES))
    assert rows[0] == {"time": 1708912900000, "avg(usage_idle)": 75.68748278863335}
    assert [row["time"] for row in rows] == [1708912900000, 1708912890000, 1708912880000]


def test_group_tags_of_a_grouped_series_are_keys_of_its_rows():
    rows = q.rows_of(result(grouped("web-01", [[2, 1.5]]), grouped("web-02", [[2, 7.0]])))
    assert rows == [{"host": "web-01", "time": 2, "avg(usage_idle)": 1.5}, {"host": "web-02", "time": 2, "avg(usage_idle)": 7.0}]


def test_group_tags_sent_as_columns_are_read_by_name_in_any_column_order():
    series = {"name": "cpu", "columns": ["error_rate", "host", "time"], "values": [[0.5, "web-01", 9]]}
    assert q.rows_of(result(series)) == [{"error_rate": 0.5, "host": "web-01", "time": 9}]


def test_an_alias_is_the_key():
    assert q.rows_of(result(grouped("a", [[1, 3.0]], column="idle")))[0]["idle"] == 3.0


def test_latest_takes_the_greatest_time_not_the_first_row():
    oldest_first = grouped("web-01", [[1000, 1.0], [3000, 3.0], [2000, 2.0]])
    assert q.rows_of(result(oldest_first), latest=True) == [{"host": "web-01", "time": 3000, "avg(usage_idle)": 3.0}]
    assert q.rows_of(result(PAGE_SERIES), latest=True)[0]["time"] == 1708912900000


def test_latest_skips_newer_rows_with_a_null_value():
    series = {"name": "cpu", "columns": ["time", "a", "b"], "tags": {"host": "h"}, "values": [[3, 1.0, None], [2, 5.0, 6.0], [1, 7.0, 8.0]]}
    assert q.rows_of(result(series), latest=True) == [{"host": "h", "time": 2, "a": 5.0, "b": 6.0}]


def test_latest_keeps_one_row_per_series():
    rows = q.rows_of(result(grouped("a", [[1, 1.0], [2, 2.0]]), grouped("b", [[5, 9.0], [4, 8.0]])), latest=True)
    assert [(row["host"], row["time"]) for row in rows] == [("a", 2), ("b", 5)]


@pytest.mark.parametrize("answer", [
    result(),                                                    # no series
    dict(result(), series=None),                                 # series null
    result(grouped("a", [])),                                    # empty values
    result(dict(grouped("a", []), values=None)),                 # values null
    result(grouped("a", [[1, None], [2, None]])),                # only nulls
])
def test_no_data_in_every_form_is_no_rows(answer):
    assert q.rows_of(answer) == []
    assert q.rows_of(answer, latest=True) == []


def test_a_series_that_is_not_an_object_is_malformed():
    with pytest.raises(MalformedResponseError):
        q.rows_of(result("cpu"))


# Statements and parameters -------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["cpu", "SELECT * FROM cpu", "", "   ", None, 42, "M:cpu", "{host}"])
def test_what_is_not_a_dql_statement_is_refused(text):
    with pytest.raises(OptionError, match="query"):
        q.Query(text)


@pytest.mark.parametrize("text", [CPU, "metric::cpu", "  L::`*`:(count(`*`))", "show_measurement()", "O :: HOST", "M::(M::cpu:(a)):(last(a))"])
def test_dql_statements_pass(text):
    assert q.Query(text).statements == [text]


def test_an_unclosed_string_is_refused():
    with pytest.raises(OptionError, match="never closed"):
        q.Query("M::cpu { host = 'web-01 }")


def test_a_placeholder_becomes_a_dql_literal():
    query = q.Query("M::cpu { host = ?{host} }", params={"host": "web-01"})
    assert query.statements == ["M::cpu { host = 'web-01' }"]


@pytest.mark.parametrize("value, spelt", [
    ("x' } OR 1=1 #", "b64'eCcgfSBPUiAxPTEgIw=='"),
    (42, "42"),
    (0.5, "0.5"),
    (True, "'true'"),
    (["web-01", "web 02"], "['web-01', b64'd2ViIDAy']"),
])
def test_values_cannot_change_the_statement(value, spelt):
    assert q.Query("M::cpu { host = ?{v} }", params={"v": value}).statements == ["M::cpu { host = %s }" % spelt]


def test_placeholders_inside_strings_names_and_comments_are_left_alone():
    text = "M::cpu:(`?{v}`) { a = '?{v}', b = re(\"^x?{v}$\"), c = ?{v} } # ?{v}"
    assert q.Query(text, params={"v": "1"}).statements == [text.replace("c = ?{v}", "c = '1'")]


def test_dollar_and_jinja_like_text_is_not_a_placeholder():
    text = "L::`*` { message = re('.*${v}$') }"
    assert q.Query(text).statements == [text]


@pytest.mark.parametrize("params, message", [
    ({}, r"\?\{host\} names no key of params \(given: none\)"),
    ({"hots": "a"}, r"names no key of params \(given: hots\)"),
    ({"host": "a", "extra": 1}, "params: extra not used"),
    ({"host": None}, "params.host"),
    ({"host": {"a": 1}}, "params.host"),
    ({"host": []}, "params.host: an empty list"),
    ({"host": float("nan")}, "params.host"),
    ({"1x": "a"}, "not a parameter name"),
    ("host=a", "params: expected a dict"),
])
def test_bad_params_are_refused_naming_the_key(params, message):
    with pytest.raises(OptionError, match=message):
        q.Query("M::cpu { host = ?{host} }", params=params)


@pytest.mark.parametrize("options, message", [
    (dict(time_range="15 minutes"), "time_range"),
    (dict(on_no_data="skip"), "on_no_data"),
    (dict(query_timeout=-1), "query_timeout"),
    (dict(query_timeout=True), "query_timeout"),
])
def test_bad_options_are_refused(options, message):
    with pytest.raises(OptionError, match=message):
        q.Query(CPU, **options)


# Requests ---------------------------------------------------------------------------------------------------


def test_several_statements_go_in_one_request_and_their_rows_follow_one_another():
    client = FakeClient({"data": [result(grouped("a", [[1, 1.0]])), result(grouped("b", [[1, 2.0]]))]})
    rows = run(client, q.Query([CPU, "M::`mem`:(avg(`used`)) BY `host`"], time_range="15m"))
    assert [row["host"] for row in rows] == ["a", "b"]
    (route, body), = client.calls
    assert route == "objects.query"
    assert [entry["query"]["q"] for entry in body["queries"]] == [CPU, "M::`mem`:(avg(`used`)) BY `host`"]
    assert body["queries"][0] == {"qtype": "dql", "query": {"q": CPU, "timeRange": [NOW - 900000, NOW], "disableMultipleField": False}}


def test_no_data_fails_when_asked_naming_statement_and_time_range():
    client = FakeClient({"data": [result()]})
    with pytest.raises(q.NoDataError) as failure:
        run(client, q.Query(CPU, time_range="15m", on_no_data="fail"))
    assert CPU in str(failure.value) and "last 15m" in str(failure.value) and "2024-02-26T01:" in str(failure.value)


def test_no_data_is_an_empty_list_by_default():
    assert run(FakeClient({"data": [result()]}), q.Query(CPU)) == []


def test_a_running_query_is_followed_on_the_asynchronous_route():
    running = result(is_running=True, async_id="async-1")
    client = FakeClient({"data": [result(grouped("a", [[1, 1.0]])), running]}, {"data": [running]},
                        {"data": [result(grouped("b", [[1, 2.0]]))]})
    clock = Clock()
    rows = run(client, q.Query([CPU, "M::`mem`:(avg(`used`))"]), clock)
    assert [row["host"] for row in rows] == ["a", "b"]
    assert [call[0] for call in client.calls] == ["objects.query", "objects.query_async", "objects.query_async"]
    follow = client.calls[1][1]["queries"]
    assert len(follow) == 1 and follow[0]["async_id"] == "async-1" and follow[0]["query"]["q"] == "M::`mem`:(avg(`used`))"
    assert clock.slept == [1.0, 2.0]


def test_a_query_running_past_its_timeout_fails():
    running = {"data": [result(is_running=True, async_id="async-1")]}
    client = FakeClient(running, running, running, running)
    with pytest.raises(q.QueryTimeoutError, match="still running after query_timeout"):
        run(client, q.Query(CPU, query_timeout=3))
    assert len(client.calls) == 3  # polls after 1 s and 3 s; the next would be at 7 s


def test_is_running_without_an_async_id_is_a_finished_answer():
    client = FakeClient({"data": [result(grouped("a", [[1, 1.0]]), is_running=True, async_id="")]})
    assert len(run(client, q.Query(CPU))) == 1 and len(client.calls) == 1


@pytest.mark.parametrize("content", [None, {}, {"data": None}, {"data": []}, {"data": ["x"]}])
def test_an_answer_without_one_result_per_statement_is_malformed(content):
    with pytest.raises(MalformedResponseError):
        run(FakeClient(content), q.Query(CPU))


def test_a_refused_statement_names_it():
    client = FakeClient(ParameterError("parse error", status=400, error_code="ft.ParamError"))
    with pytest.raises(ParameterError) as failure:
        run(client, q.Query(CPU))
    assert CPU in str(failure.value)


def test_bad_input_sends_nothing():
    client = FakeClient()
    with pytest.raises(OptionError):
        run(client, q.Query(CPU, params={"unused": 1}))
    assert client.calls == []


# Against the emulator: the real client, every answer shape the emulator plays ------------------------------------


@pytest.fixture
def metrics_emulator(emulator):
    """An emulator with web-01 at 1 % over three points 10 s apart and web-02 at 50 %, and a client of workspace A."""
    control = emulator()
    control.call("POST", "clock", {"set": NOW / 1000.0})
    control.call("POST", "metrics", {"points": [
        {"measurement": "http", "tags": {"host": "web-01"}, "fields": {"error_rate": 0.01}, "count": 3, "every": 10, "age": 1},
        {"measurement": "http", "tags": {"host": "web-02"}, "fields": {"error_rate": 0.5}, "age": 5},
    ]})
    client = client_from_params(dict(control.args), rate_limit=0)
    return control, client


ERRORS = "M::`http`:(max(`error_rate`) AS `error_rate`) { `host` IN ?{hosts} } [15m::10s] BY `host`"


@pytest.mark.parametrize("order", ["newest_first", "oldest_first"])
@pytest.mark.parametrize("group_tags", ["tags", "columns"])
def test_latest_rows_by_host_in_every_shape_the_emulator_plays(metrics_emulator, order, group_tags):
    control, client = metrics_emulator
    control.config(metric_order=order, metric_group_tags=group_tags)
    query = q.Query(ERRORS, params={"hosts": ["web-01", "web-02"]}, latest=True)
    rows = q.run_query(client, query, now_ms=NOW, sleep=Clock().sleep)
    assert [(row["host"], row["error_rate"]) for row in rows] == [("web-01", 0.01), ("web-02", 0.5)]
    assert rows[0]["time"] == NOW - NOW % 10000


@pytest.mark.parametrize("form", ["no_series", "null_series", "empty_values", "null_values"])
def test_no_data_in_every_form_the_emulator_plays(metrics_emulator, form):
    control, client = metrics_emulator
    control.config(metric_no_data=form)
    query = q.Query("M::`disk`:(max(`used`)) BY `host`", on_no_data="fail")
    with pytest.raises(q.NoDataError, match="no data for M::`disk`"):
        q.run_query(client, query, now_ms=NOW, sleep=Clock().sleep)


def test_a_running_query_is_followed_until_it_answers(metrics_emulator):
    control, client = metrics_emulator
    control.config(metric_running=3)
    clock = Clock()
    rows = q.run_query(client, q.Query(ERRORS, params={"hosts": ["web-02"]}, latest=True), now_ms=NOW,
                       sleep=clock.sleep, monotonic=clock.monotonic)
    assert [row["host"] for row in rows] == ["web-02"]
    assert [entry["path"] for entry in control.requests()] == ["/api/v1/df/query_data_v1"] + ["/api/v1/df/asynchronous/query_data"] * 3
    assert clock.slept == [1.0, 2.0, 4.0]
