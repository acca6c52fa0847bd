"""Objects through query_data_v1: every feature of the DQL subset, its parse errors, paging, time ranges, scale."""

import base64
import time

import pytest

from emulator_http import KEY_B, names, rows

QUERY = "/api/v1/df/query_data_v1"
ALL_HOSTS = 12


def b64(text):
    return "b64'%s'" % base64.b64encode(text.encode("utf-8")).decode("ascii")


def hits(client, q, **options):
    return sorted(names(client.dql(q, **options)))


def test_a_class_query_answers_every_object_with_series_and_counts(client):
    data = client.dql("O::`HOST`")
    assert data["total_hits"] == ALL_HOSTS and len(data["series"]) == 1
    series = data["series"][0]
    assert series["name"] == "HOST" and all(len(values) == len(series["columns"]) for values in series["values"])
    assert series["columns"][:4] == ["__docid", "time", "class", "name"]
    assert data["cost"].endswith("ms") and isinstance(data["search_after"], list)
    for row in rows(data):
        assert row["class"] == "HOST" and row["time"] == row["last_update_time"]
        assert row["time"] > 1e12, "time is in milliseconds"


def test_each_object_carries_the_documented_host_keys(client):
    host = next(row for row in rows(client.dql("O::HOST")) if row["name"] == "web-01")
    for key in ("host", "os", "arch", "unicast_ip", "cpu_usage", "mem_used_percent", "disk_used_percent", "load",
                "num_cpu", "start_time", "is_docker", "datakit_ver", "message", "last_update_time"):
        assert key in host
    assert host["start_time"] < host["last_update_time"] and '"meta"' in host["message"]


@pytest.mark.parametrize("q", ["O::HOST", "O::`HOST`", "o::HOST", "O::HOST {}", "O::HOST # every host"])
def test_equivalent_spellings_of_the_class(client, q):
    assert client.dql(q)["total_hits"] == ALL_HOSTS


def test_a_field_list_chooses_the_columns(client):
    series = client.dql("O::HOST:(`os`, host, `no_such_field`) {name = 'web-01'}")["series"][0]
    assert series["columns"] == ["__docid", "time", "os", "host", "no_such_field"]
    assert series["values"][0][2:] == ["linux", "web-01", None]


def test_without_disable_multiple_field_false_a_single_field_comes_back(client):
    def columns(q, **options):
        body = {"queries": [{"qtype": "dql", "query": dict(options, q=q)}]}
        return client.ok("POST", QUERY, body=body)["data"][0]["series"][0]["columns"]
    assert columns("O::HOST") == ["time", "name"]
    assert columns("O::HOST:(os, host)", disableMultipleField=True) == ["time", "os"]
    assert len(columns("O::HOST", disableMultipleField=False)) > 4


@pytest.mark.parametrize("filters, expected", [
    ("`os` = 'windows'", ["win-app-01", "win-app-02"]),
    ("os = \"windows\"", ["win-app-01", "win-app-02"]),
    ("`os` != 'linux'", ["mac-build-01", "o'brien-mbp", "win-app-01", "win-app-02"]),
    ("`os` IN ['windows', 'darwin']", ["mac-build-01", "o'brien-mbp", "win-app-01", "win-app-02"]),
    ("num_cpu IN [8, 10]", ["api-01", "mac-build-01", "o'brien-mbp"]),
    ("num_cpu = 16", ["db-01", "db-02"]),
    ("num_cpu = '16'", ["db-01", "db-02"]),
    ("cpu_usage = 12.25", ["web-03"]),
    ("cpu_usage = 1.225e1", ["web-03"]),
    ("is_docker = 'true'", ["api-01", 'edge-{eu}-"1"']),
    ("name = wildcard('web-*')", ["web-01", "web-02", "web-03"]),
    ("name = wildcard('w?b-0?')", ["web-01", "web-02", "web-03"]),
    ("os = 'linux' AND num_cpu = 16", ["db-01", "db-02"]),
    ("os = 'linux', num_cpu = 16", ["db-01", "db-02"]),
    ("(os = 'windows' OR os = 'darwin')", ["mac-build-01", "o'brien-mbp", "win-app-01", "win-app-02"]),
    ("(`host` != 'web-01' AND `host` != 'web-02'), os = 'linux', num_cpu IN [2, 4]", ["cache-01", 'edge-{eu}-"1"', "web-03"]),
    # The comma binds looser than OR, AND tighter than OR.
    ("os = 'darwin', arch = 'arm64' OR num_cpu = 16", ["mac-build-01", "o'brien-mbp"]),
    ("os = 'darwin' AND arch = 'arm64' OR num_cpu = 16", ["db-01", "db-02", "mac-build-01", "o'brien-mbp"]),
    ("(os = 'darwin' OR os = 'windows') AND (num_cpu = 4 OR num_cpu = 8)", ["o'brien-mbp", "win-app-01", "win-app-02"]),
    ("name = %s" % b64("o'brien-mbp"), ["o'brien-mbp"]),
    ("name = %s" % b64('edge-{eu}-"1"'), ['edge-{eu}-"1"']),
    ("name IN [%s, 'web-01']" % b64("o'brien-mbp"), ["o'brien-mbp", "web-01"]),
    ("name = B64\"%s\"" % base64.b64encode(b"web-02").decode(), ["web-02"]),
    ("os = 'linux' and name = wildcard('db-*') or name In ['cache-01']", ["cache-01", "db-01", "db-02"]),
    ("name = WildCard('db-0*') # a comment\n, os = 'linux'", ["db-01", "db-02"]),
    ("no_such_field = 'x'", []),
    ("no_such_field != 'x'", []),
    ("os = 'LINUX'", []),
])
def test_filters_select_exactly_the_matching_hosts(client, filters, expected):
    assert hits(client, "O::`HOST` { %s }" % filters) == sorted(expected)


def test_limit_and_offset_in_the_statement_page_the_rows(client):
    everything = names(client.dql("O::HOST"))
    data = client.dql("O::HOST LIMIT 5 OFFSET 10")
    assert names(data) == everything[10:12] and data["total_hits"] == ALL_HOSTS
    assert names(client.dql("o::HOST limit 3")) == everything[:3]


def test_the_request_limit_and_offset_page_the_rows_unless_the_statement_has_its_own(client):
    everything = names(client.dql("O::HOST"))
    assert names(client.dql("O::HOST", limit=4, offset=2)) == everything[2:6]
    assert names(client.dql("O::HOST LIMIT 3", limit=5)) == everything[:3]
    assert names(client.dql("O::HOST", offset=12)) == [] and client.dql("O::HOST", offset=12)["series"] == []


@pytest.mark.parametrize("q, options", [
    ("O::HOST", {"limit": 1000, "offset": 9001}),
    ("O::HOST", {"limit": 10001}),
    ("O::HOST LIMIT 10001", {}),
    ("O::HOST LIMIT 100 OFFSET 9901", {}),
    ("O::HOST", {"limit": 0}),
    ("O::HOST LIMIT 0", {}),
    ("O::HOST", {"offset": -1}),
    ("O::HOST", {"limit": "5"}),
    ("O::HOST", {"limit": True}),
])
def test_paging_beyond_the_result_window_or_malformed_is_refused(client, q, options):
    reply = client.query(q, **options)
    assert (reply.status, reply.error_code) == (400, "ft.ParamError")


def test_offset_plus_limit_may_reach_exactly_ten_thousand(client):
    assert client.dql("O::HOST", limit=1000, offset=9000)["total_hits"] == ALL_HOSTS


def test_search_after_pages_through_everything_once(client):
    everything = names(client.dql("O::HOST"))
    seen, cursor, pages = [], [], []
    for _page in range(4):
        data = client.dql("O::HOST", limit=5, search_after=cursor)
        pages.append(len(names(data)))
        seen.extend(names(data))
        cursor = data["search_after"]
    assert pages == [5, 5, 2, 0] and seen == everything
    assert cursor == []


def test_search_after_follows_a_custom_order(client):
    order = [{"cpu_usage": "asc"}]
    first = client.dql("O::HOST", limit=6, orderby=order)
    second = client.dql("O::HOST", limit=6, orderby=order, search_after=first["search_after"])
    assert names(first) + names(second) == names(client.dql("O::HOST", orderby=order))
    assert len(first["search_after"]) == 2


@pytest.mark.parametrize("options", [
    {"search_after": "abc"},
    {"search_after": [1]},
    {"search_after": [1, "x", 3]},
    {"search_after": [1, "x"], "offset": 5},
])
def test_a_malformed_cursor_is_refused(client, options):
    assert client.query("O::HOST", **options).error_code == "ft.ParamError"


def test_orderby_sorts_on_several_fields(client):
    by_cpu = [row["cpu_usage"] for row in rows(client.dql("O::HOST", orderby=[{"cpu_usage": "asc"}]))]
    assert by_cpu == sorted(by_cpu)
    by_cpu = [row["cpu_usage"] for row in rows(client.dql("O::HOST", orderby=[{"cpu_usage": "DESC"}]))]
    assert by_cpu == sorted(by_cpu, reverse=True)
    by_os = [(row["os"], row["name"]) for row in rows(client.dql("O::HOST", orderby=[{"os": "asc"}, {"name": "desc"}]))]
    assert [system for system, _name in by_os] == sorted(system for system, _name in by_os)
    windows = [name for system, name in by_os if system == "windows"]
    assert windows == ["win-app-02", "win-app-01"]


def test_orderby_puts_numbers_before_text_and_missing_values_last(client):
    objects = [{"name": "a", "rank": 2}, {"name": "b"}, {"name": "c", "rank": 1}, {"name": "d", "rank": "text"}]
    client.control("POST", "load", {"workspaces": [{"uuid": "wksp_sorting", "keys": ["sorting-key"], "objects": {"HOST": objects}}]})
    assert names(client.dql("O::HOST", key="sorting-key", orderby=[{"rank": "asc"}])) == ["c", "a", "d", "b"]
    assert names(client.dql("O::HOST", key="sorting-key", orderby=[{"rank": "desc"}])) == ["d", "a", "c", "b"]
    first = client.dql("O::HOST", key="sorting-key", orderby=[{"rank": "desc"}], limit=3)
    rest = client.dql("O::HOST", key="sorting-key", orderby=[{"rank": "desc"}], search_after=first["search_after"])
    assert names(rest) == ["b"]


def test_the_default_order_is_newest_report_first(client):
    times = [row["time"] for row in rows(client.dql("O::HOST"))]
    assert times == sorted(times, reverse=True)


@pytest.mark.parametrize("orderby", [{"cpu_usage": "asc"}, [{"cpu_usage": "up"}], [{"a": "asc", "b": "desc"}], ["cpu_usage"]])
def test_a_malformed_orderby_is_refused(client, orderby):
    assert client.query("O::HOST", orderby=orderby).error_code == "ft.ParamError"


def test_time_range_filters_on_the_last_update(client):
    now = int(time.time() * 1000)
    recent = hits(client, "O::HOST", timeRange=[now - 24 * 3600 * 1000, now + 1000])
    assert len(recent) == ALL_HOSTS - 1 and "db-02" not in recent
    assert hits(client, "O::HOST", timeRange=[now - 4 * 86400 * 1000, now - 2 * 86400 * 1000]) == ["db-02"]
    assert client.dql("O::HOST", timeRange=[0, 1000])["total_hits"] == 0
    web = rows(client.dql("O::HOST {name = 'web-01'}"))[0]["last_update_time"]
    assert "web-01" in hits(client, "O::HOST", timeRange=[web, web]), "both bounds are inclusive"


@pytest.mark.parametrize("time_range", [[1], [2000, 1000], ["a", "b"], "last 24h", [True, 5]])
def test_a_malformed_time_range_is_refused(client, time_range):
    assert client.query("O::HOST", timeRange=time_range).error_code == "ft.ParamError"


def test_other_classes_and_custom_objects(client):
    assert hits(client, "O::host_processes {host = 'db-01'}") == ["db-01_3101", "db-01_3102", "db-01_805"]
    assert client.dql("O::host_processes")["total_hits"] == 20
    assert len(hits(client, "O::`docker_containers` {`state` = 'running'}")) == 5
    assert hits(client, "CO::`business_service` {tier = 1}") == ["checkout"]
    assert client.dql("CO::business_service")["total_hits"] == 4
    for q in ("O::business_service", "CO::HOST", "O::host", "O::no_such_class"):
        data = client.dql(q)
        assert (data["total_hits"], data["series"], data["search_after"]) == (0, [], [])


def test_keys_see_only_their_workspace_objects(client):
    assert hits(client, "O::HOST", key=KEY_B) == ["b-db-01", "b-web-01"]
    assert client.dql("CO::business_service", key=KEY_B)["total_hits"] == 0


def test_several_queries_answer_one_data_entry_each(client):
    body = {"queries": [{"qtype": "dql", "query": {"q": "O::HOST", "disableMultipleField": False}},
                        {"qtype": "dql", "query": {"q": "CO::business_service", "disableMultipleField": False}}]}
    data = client.ok("POST", QUERY, body=body)["data"]
    assert [entry["total_hits"] for entry in data] == [ALL_HOSTS, 4]


@pytest.mark.parametrize("body", [
    {}, {"queries": []}, {"queries": {}}, {"queries": ["O::HOST"]},
    {"queries": [{"qtype": "promql", "query": {"q": "up"}}]},
    {"queries": [{"qtype": "dql", "query": "O::HOST"}]},
    {"queries": [{"qtype": "dql", "query": {}}]},
    {"queries": [{"qtype": "dql", "query": {"q": 5}}]},
])
def test_a_malformed_query_body_is_refused(client, body):
    reply = client.post(QUERY, body=body)
    assert (reply.status, reply.error_code) == (400, "ft.ParamError")


@pytest.mark.parametrize("q, fragment", [
    ("", "non-empty DQL"),
    ("   ", "non-empty DQL"),
    ("HOST", "expected '::' after the namespace"),
    ("::HOST", "expected a namespace"),
    ("L::`nginx`", "namespace L:: is not served"),
    ("L::nginx", "namespace L:: is not served"),
    ("O::", "expected a class name"),
    ("O::`HOST", "unterminated backtick"),
    ("O::``", "empty backtick"),
    ("O::HOST:(avg(`cpu_usage`))", "functions in the field list"),
    ("O::HOST:(os", "expected ')'"),
    ("O::HOST:()", "expected a field name"),
    ("O::HOST {os = linux}", "expected a value"),
    ("O::HOST {os = true}", "expected a value"),
    ("O::HOST {os = 'linux'", "expected '}'"),
    ("O::HOST {os = 'lin", "unterminated string"),
    ("O::HOST {name = 'o\\'brien-mbp'}", "backslash escapes are not supported"),
    ("O::HOST {name = 'o'brien-mbp'}", "unexpected character '-'"),
    ("O::HOST {os NOT IN ['a']}", "NOT is not supported"),
    ("O::HOST {os IN []}", "IN needs at least one value"),
    ("O::HOST {os IN 'a'}", "expected '['"),
    ("O::HOST {os IN ['a' 'b']}", "expected ']'"),
    ("O::HOST {cpu_usage > 5}", "unexpected character '>'"),
    ("O::HOST {os =~ 'x'}", "unexpected character '~'"),
    ("O::HOST {os}", "expected =, != or IN"),
    ("O::HOST {AND os = 'a'}", "expected a field name"),
    ("O::HOST {os = 'a',}", "expected a field name"),
    ("O::HOST {os = 'a' OR}", "expected a field name"),
    ("O::HOST {(os = 'a' OR os = 'b'}", "expected ')'"),
    ("O::HOST {os = wildcard(linux)}", "wildcard() takes one quoted pattern"),
    ("O::HOST {os = wildcard('l*'}", "expected ')'"),
    ("O::HOST {os = b64'!!!'}", "b64 literal is not base64"),
    ("O::HOST {os = b64'/w=='}", "b64 literal is not base64 of UTF-8"),
    ("O::HOST LIMIT x", "LIMIT needs a whole number"),
    ("O::HOST LIMIT 1.5", "LIMIT needs a whole number"),
    ("O::HOST LIMIT -1", "LIMIT needs a whole number"),
    ("O::HOST OFFSET", "OFFSET needs a whole number"),
    ("O::HOST LIMIT 5 LIMIT 6", "unexpected text"),
    ("O::HOST ORDER BY name", "unexpected text"),
    ("O::HOST BY host", "unexpected text"),
    ("O::HOST; O::HOST", "unexpected character ';'"),
    ("SHOW_OBJECT_CLASS()", "expected '::'"),
])
def test_what_the_parser_cannot_read_is_a_clear_param_error(client, q, fragment):
    reply = client.query(q)
    assert (reply.status, reply.error_code, reply.json["success"]) == (400, "ft.ParamError", False)
    assert fragment in reply.json["message"], reply.json["message"]


def test_ten_thousand_synthetic_hosts_load_and_page_through(client):
    client.control("POST", "reset", {"hosts": 10000})
    # total_hits stops at 10,000, as Elasticsearch's count does.
    assert client.dql("O::HOST", limit=1)["total_hits"] == 10000
    assert len(names(client.dql("O::HOST"))) == 1000
    seen, cursor = set(), []
    for _page in range(11):
        data = client.dql("O::HOST:(name)", limit=1000, search_after=cursor)
        seen.update(names(data))
        cursor = data["search_after"]
    assert len(seen) == ALL_HOSTS + 10000
    assert client.dql("O::HOST:(name)", limit=1000, search_after=cursor)["series"] == []
    assert client.dql("O::HOST {name = wildcard('synthetic-host-0999?')}")["total_hits"] == 10
    client.control("POST", "reset")
    assert client.dql("O::HOST")["total_hits"] == ALL_HOSTS
