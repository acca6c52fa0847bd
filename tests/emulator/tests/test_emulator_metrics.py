"""Metric series (metrics.py): M:: statements on query_data_v1 as open-api/query-data/query-data-v1.md answers
them (newest first, a step of `interval`), BY groups, the no-data forms behind metric_no_data, a running query
followed on the asynchronous route, and points seeded through /__emulator/metrics."""

import pytest

from guance_emulator import metrics

QUERY = "/api/v1/df/query_data_v1"
ASYNC = "/api/v1/df/asynchronous/query_data"
NOW = 1708912906999
WINDOW = [NOW - 15 * 60 * 1000, NOW]
ERRORS = "M::`http`:(avg(`error_rate`) AS `error_rate`) BY `host`"

# The keys of the data entry of the v1 answer example.
ENTRY_KEYS = {"async_id", "column_names", "complete", "cost", "index_name", "index_names", "index_store_type", "interval",
              "is_running", "max_point", "next_cursor_time", "points", "query_parse", "query_type", "sample",
              "scan_completed", "scan_index", "series", "window"}


def seed(client, *points, **options):
    return client.control("POST", "metrics", dict(options, points=list(points)))


def point(host, rate, **extra):
    return dict(dict(measurement="http", tags={"host": host}, fields={"error_rate": rate}, time=NOW - 1000), **extra)


def query(client, q, **options):
    options.setdefault("timeRange", WINDOW)
    return client.dql(q, **options)


def test_the_page_example_shape_newest_first_in_steps_of_interval(client):
    # As the page's request: cpu idle every 10 s.
    seed(client, dict(measurement="cpu", tags={"host": "web-01"}, fields={"usage_idle": 75.0}, time=NOW - 6999, count=8, every=10))
    entry = query(client, "M::`cpu`:(avg(`usage_idle`))", interval=10)
    assert set(entry) == ENTRY_KEYS and entry["interval"] == 10000 and entry["is_running"] is False
    assert entry["column_names"] == ["avg(usage_idle)"]
    series, = entry["series"]
    assert series["name"] == "cpu" and series["columns"] == ["time", "avg(usage_idle)"] and series["units"] == [None, None]
    times = [row[0] for row in series["values"]]
    assert times == sorted(times, reverse=True) and len(times) == 8 and times[0] - times[1] == 10000
    assert entry["query_parse"]["funcs"] == {"avg(usage_idle)": ["avg"]}


def test_by_gives_one_series_per_group_with_its_tags_and_the_alias(client):
    seed(client, point("web-01", 0.01), point("web-02", 0.5), point("web-02", 0.3, time=NOW - 2000))
    entry = query(client, ERRORS)
    assert [(s["tags"], s["columns"], s["values"]) for s in entry["series"]] == [
        ({"host": "web-01"}, ["time", "error_rate"], [[NOW - 1000, 0.01]]),
        ({"host": "web-02"}, ["time", "error_rate"], [[NOW - 1000, 0.4]]),
    ]


def test_filters_and_in_lists_select_the_series(client):
    seed(client, point("web-01", 0.01), point("web-02", 0.5), point("web-03", 0.2))
    entry = query(client, "M::`http`:(max(`error_rate`)) { `host` IN ['web-01', 'web-03'] } BY `host`")
    assert [s["tags"]["host"] for s in entry["series"]] == ["web-01", "web-03"]


def test_points_outside_the_time_range_are_left_out(client):
    seed(client, point("web-01", 0.01, time=NOW - 20 * 60 * 1000))
    assert query(client, ERRORS)["series"] == []


def test_tags_as_columns_and_oldest_first_behind_switches(client):
    client.configure(metric_group_tags="columns", metric_order="oldest_first")
    seed(client, point("web-01", 0.01, count=2, every=60))
    series, = query(client, ERRORS, interval=60)["series"]
    assert "tags" not in series and series["columns"] == ["time", "host", "error_rate"]
    assert [row[0] for row in series["values"]] == sorted(row[0] for row in series["values"])


@pytest.mark.parametrize("form, series", [
    ("no_series", []),
    ("null_series", None),
    ("empty_values", [{"name": "http", "columns": ["time", "error_rate"], "units": [None, None], "values": []}]),
    ("null_values", [{"name": "http", "columns": ["time", "error_rate"], "units": [None, None], "values": [[NOW, None]]}]),
])
def test_no_data_in_each_form(client, form, series):
    client.configure(metric_no_data=form)
    assert query(client, ERRORS)["series"] == series


def test_a_running_query_is_followed_by_its_async_id(client):
    client.configure(metric_running=2)
    seed(client, point("web-01", 0.01))
    first = query(client, ERRORS)
    assert first["is_running"] is True and first["async_id"] and first["series"] == []
    body = {"queries": [{"qtype": "dql", "async_id": first["async_id"], "query": {"q": ERRORS, "timeRange": WINDOW}}]}
    assert client.ok("POST", ASYNC, body=body)["data"][0]["is_running"] is True
    done = client.ok("POST", ASYNC, body=body)["data"][0]
    assert done["is_running"] is False and done["series"][0]["values"] == [[NOW - 1000, 0.01]]
    # Once answered, the id is gone.
    assert client.post(ASYNC, body=body).status == 400


def test_statements_the_emulator_cannot_read_are_refused(client):
    for q in ("M::`http`:(median(`x`))", "M::`http` [5x]", "M::`http` BY"):
        reply = client.query(q, timeRange=WINDOW)
        assert reply.status == 400 and reply.error_code == "ft.ParamError", q


def test_object_statements_still_go_to_the_objects(client):
    assert client.dql("O::HOST { name = 'web-01' }")["series"][0]["name"] == "HOST"


def test_seeding_is_checked_and_reset_empties_it(client):
    assert client.request("POST", "/__emulator/metrics", body={"points": [{"measurement": "x"}]}, key=None).status == 400
    seed(client, point("web-01", 0.01, count=3))
    assert len(client.control("GET", "metrics")["points"]) == 3
    seed(client, point("web-02", 0.01), replace=True)
    assert [p["tags"]["host"] for p in client.control("GET", "metrics")["points"]] == ["web-02"]
    client.control("POST", "reset")
    assert client.control("GET", "metrics")["points"] == []


def test_time_expressions_parse():
    assert (metrics.parse("M::cpu [10m:5m:1m]").span_ms, metrics.parse("M::cpu [10m:5m:1m]").interval) == (600000, 60000)
    assert metrics.parse("M::cpu [15m::30s]").interval == 30000
    assert metrics.parse("M::cpu:(usage) [5m] BY host, cpu").by == ["host", "cpu"]


def test_ages_count_back_from_the_emulator_clock(client):
    client.control("POST", "clock", {"set": NOW / 1000.0})
    seed(client, {"measurement": "http", "tags": {"host": "web-01"}, "fields": {"error_rate": 0.01}, "age": 60})
    stamp = client.control("GET", "metrics")["points"][0]["time"]
    assert NOW - 60000 <= stamp <= NOW - 60000 + 5000
    # Without a timeRange the statement's window ends at the emulator's now.
    assert client.dql("M::`http`:(last(`error_rate`)) [5m]")["series"][0]["values"][0][1] == 0.01
