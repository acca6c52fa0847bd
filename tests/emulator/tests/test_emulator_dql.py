"""DQL as Guance documents it: the answer examples of open-api/query-data/*.md and dql/funcs.md, re() and
wildcard() by the search engine's rules, the left wildcard, the search_after switch, and the 10,000 cap.

Each documented example is a test here: the shape of its answer, with values from the emulator's state.
"""

import re

import pytest

from emulator_http import names, rows

from guance_emulator import dql, objects
from guance_emulator.api import Call
from guance_emulator.families import REGISTRY
from guance_emulator.server import DEFAULT_SEED, load_seed
from guance_emulator.store import Store

QUERY = "/api/v1/df/query_data_v1"
ALL_HOSTS = 12

# The keys of a data entry in the answer example of open-api/query-data/query-data.md (an Elasticsearch-backed
# query, as objects are) that the emulator plays; AsyncTaskPayload aside, which no object answer shows.
ENTRY_KEYS = {"async_id", "column_names", "complete", "cost", "index_name", "index_names", "index_store_type",
              "is_running", "points", "query_type", "raw_query", "search_after", "series", "total_hits"}


def hits(client, q, **options):
    return sorted(names(client.dql(q, **options)))


def test_the_answer_has_the_documented_shape(client):
    query = {"q": "O::HOST {name = 'web-01'}", "disableMultipleField": False}
    content = client.ok("POST", QUERY, body={"queries": [{"qtype": "dql", "query": query}]})
    # query-data-v1.md: a declaration beside data.
    assert set(content) == {"data", "declaration"} and isinstance(content["declaration"], dict)
    entry = content["data"][0]
    assert set(entry) == ENTRY_KEYS
    series = entry["series"][0]
    # query-data-v1.md: units, one per column; both examples: column_names are the columns without time.
    assert set(series) == {"name", "columns", "values", "units"} and series["units"] == [None] * len(series["columns"])
    assert entry["column_names"] == [column for column in series["columns"] if column != "time"]
    assert (entry["complete"], entry["is_running"], entry["points"], entry["index_store_type"]) == (False, False, None, "es")
    assert re.fullmatch(r"[0-9.]+ms", entry["cost"])


def test_docids_look_like_the_object_answers_of_funcs_md(client):
    docids = [row["__docid"] for row in rows(client.dql("O::HOST"))]
    assert len(set(docids)) == ALL_HOSTS and all(re.fullmatch(r"O_[0-9a-f]{32}", docid) for docid in docids)


def test_the_request_example_of_query_data_v1_is_accepted_with_its_extra_keys(client):
    # The documented request carries keys the emulator does not use; they must not be refused.
    query = {"q": "O::`HOST`:(`name`)", "_funcList": [], "funcList": [], "maxPointCount": 720, "interval": 10,
             "align_time": True, "sorder_by": [{"column": "`#1`", "order": "DESC"}], "slimit": 20,
             "disable_sampling": False, "tz": "Asia/Shanghai", "disableMultipleField": False}
    assert len(client.ok("POST", QUERY, body={"queries": [{"qtype": "dql", "query": query}]})["data"][0]["series"][0]["values"]) == ALL_HOSTS


def test_total_hits_stops_at_ten_thousand_but_paging_goes_on(client):
    client.control("POST", "reset", {"hosts": 12000})
    first = client.dql("O::HOST:(name)", limit=1000, orderby=[{"name": "asc"}], search_after=[])
    assert first["total_hits"] == 10000
    seen = len(names(first))
    cursor = first["search_after"]
    while cursor:
        data = client.dql("O::HOST:(name)", limit=1000, orderby=[{"name": "asc"}], search_after=cursor)
        seen += len(names(data))
        cursor = data["search_after"]
    assert seen == 12000 + ALL_HOSTS
    assert client.dql("O::HOST {os = 'windows'}", limit=1)["total_hits"] == 12000 // 5 + 2


def test_search_after_can_be_switched_off(client):
    assert "search_after" in client.dql("O::HOST", limit=5, search_after=[])
    client.configure(search_after=False)
    data = client.dql("O::HOST", limit=5, search_after=[])
    assert "search_after" not in data and len(names(data)) == 5
    # Offsets still page within the window.
    assert names(client.dql("O::HOST", limit=5, offset=10)) == names(client.dql("O::HOST"))[10:]
    assert client.configure(search_after=True)["search_after"] is True


@pytest.mark.parametrize("pattern", ["*-01", "?eb-01", "*"])
def test_the_left_wildcard_is_refused_by_default(client, pattern):
    reply = client.query("O::HOST {name = wildcard('%s')}" % pattern)
    assert (reply.status, reply.error_code) == (400, "ft.ParamError")
    assert "left wildcard" in reply.json["message"] and pattern in reply.json["message"]


@pytest.mark.parametrize("filters, expected", [
    ("name = wildcard('*-01')", ["api-01", "cache-01", "db-01", "mac-build-01", "web-01", "win-app-01"]),
    ("name != wildcard('*-0?')", ["o'brien-mbp", 'edge-{eu}-"1"']),
    ("os = 'linux', name = wildcard('?eb-0*')", ["web-01", "web-02", "web-03"]),
])
def test_a_workspace_setting_turns_the_left_wildcard_on(client, filters, expected):
    client.configure(left_wildcard=True)
    assert hits(client, "O::`HOST` { %s }" % filters) == sorted(expected)


@pytest.mark.parametrize("filters, expected", [
    # funcs.md's wildcard() example is a prefix: write*.
    ("name = wildcard('web*')", ["web-01", "web-02", "web-03"]),
    ("name = wildcard('db-0?')", ["db-01", "db-02"]),
    ("name = wildcard('web')", []),
    # funcs.md's re() example: '.*not defined.*', a pattern that must match the WHOLE value.
    ("name = re('.*eb-0.*')", ["web-01", "web-02", "web-03"]),
    ("name = re('eb-0')", []),
    ("name = re('web')", []),
    ("name = re('web-0[12]')", ["web-01", "web-02"]),
    ("name = re('web-0[^12]')", ["web-03"]),
    ("name = re('(web|db)-0.')", ["db-01", "db-02", "web-01", "web-02", "web-03"]),
    ("name = re('w?eb-0{1,2}3')", ["web-03"]),
    ("name = re('.+-a.+')", ["win-app-01", "win-app-02"]),
    # Lucene's double quotes make reserved characters literal (the regexp syntax of Elasticsearch).
    ("name = re('.*\"{eu}\".*')", ['edge-{eu}-"1"']),
    ("name = re('.*\"{\"eu\"}\".*')", ['edge-{eu}-"1"']),
    ("name = re('.*.brien.*')", ["o'brien-mbp"]),
    # Lucene has no anchors: ^ and $ are plain characters; @ is any string, # the empty language.
    ("name = re('^web.*')", []),
    ("name = re('web@')", ["web-01", "web-02", "web-03"]),
    ("name = re('web#')", []),
    ("name != re('.*-0.')", ["o'brien-mbp", 'edge-{eu}-"1"']),
    # dql/define.md's regular-expression strings.
    ("name = re'db-.*'", ["db-01", "db-02"]),
    ('name = re"db-.*"', ["db-01", "db-02"]),
    ("name = re`db-.*`", ["db-01", "db-02"]),
    # define.md's IN of numbers, and dql-vs-others.md's b64 inside IN.
    ("num_cpu in [8, 16]", ["api-01", "db-01", "db-02", "o'brien-mbp"]),
    ("name IN ['web-01', b64'ZGItMDE=']", ["db-01", "web-01"]),
])
def test_documented_filters_match_as_the_search_engine_does(client, filters, expected):
    assert hits(client, "O::`HOST` { %s }" % filters, timeRange=None) == sorted(expected)


@pytest.mark.parametrize("pattern, fragment", [
    ("a&b", "intersection"),
    ("~a", "complement"),
    ("<1-5>", "numeric intervals"),
    ("(web", "not a valid regular expression"),
    ("[web", "unterminated character class"),
    ('"web', "unterminated quoted string"),
    # Lucene reads { as a repeat, so braces must be quoted ("{eu}").
    ("edge-{eu}-.*", "a repeat count"),
])
def test_regular_expressions_the_emulator_cannot_play_are_refused(client, pattern, fragment):
    reply = client.query("O::HOST {name = re('%s')}" % pattern)
    assert (reply.status, reply.error_code) == (400, "ft.ParamError")
    assert fragment in reply.json["message"]


@pytest.mark.parametrize("pattern, text, expected", [
    ("ab.", "abz", True),
    ("abc?", "ab", True),
    ("ab+", "abbb", True),
    ("ab*", "a", True),
    ("a{2}", "aa", True),
    ("a{2,}", "aaaa", True),
    ("a{2,3}", "aaaa", False),
    ("abc|xyz", "xyz", True),
    ("a(b|c)d", "acd", True),
    ("[abc]", "b", True),
    ("[a-c]", "d", False),
    ("[^a-c]", "d", True),
    ("[-.]", ".", True),
    ('"a.b"', "a.b", True),
    ('"a.b"', "axb", False),
    ("a\\.b", "a.b", True),
    ("a\\.b", "axb", False),
    ("@", "anything", True),
    ("a.*", "a\nb", True),
    ("$x^", "$x^", True),
])
def test_lucene_regular_expressions(pattern, text, expected):
    assert bool(dql.lucene_pattern(pattern).fullmatch(text)) is expected


class _Counting:
    """Counts calls of Statement.matches."""

    def __init__(self, monkeypatch):
        self.calls = 0
        original = dql.Statement.matches

        def counted(statement, obj):
            self.calls += 1
            return original(statement, obj)
        monkeypatch.setattr(dql.Statement, "matches", counted)


@pytest.mark.parametrize("hosts", [1000, 50000])
def test_a_page_after_the_first_costs_no_pass_over_the_workspace(monkeypatch, hosts):
    store = Store(load_seed(DEFAULT_SEED), REGISTRY, hosts=hosts)
    workspace = store.workspace_for_key("emulator-key-a")
    counting = _Counting(monkeypatch)

    def page(cursor):
        query = {"q": "O::HOST:(name)", "limit": 100, "orderby": [{"name": "asc"}], "search_after": cursor,
                 "timeRange": [0, 2 ** 50], "disableMultipleField": False}
        call = Call(store, workspace, "wsak_x", body={"queries": [{"qtype": "dql", "query": query}]})
        return objects.query_data(call).content["data"][0]
    first = page([])
    assert counting.calls == hosts + ALL_HOSTS
    second = page(first["search_after"])
    third = page(second["search_after"])
    # The matches are kept, sorted: later pages find their place by binary search, whatever the workspace's size.
    assert counting.calls == hosts + ALL_HOSTS
    assert second["series"][0]["values"][0][-1] > first["series"][0]["values"][-1][-1]
    assert third["series"][0]["values"][0][-1] > second["series"][0]["values"][-1][-1]
    # A change of the objects drops what was kept.
    store.load_workspaces([])
    page([])
    assert counting.calls == 2 * (hosts + ALL_HOSTS)
