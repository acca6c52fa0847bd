# -*- coding: utf-8 -*-
# Copyright: (c) 2026, guance.cloud maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Paging on both routes, the fallback to the older list, and both routes giving the same objects.

FakeObjects plays a Guance that holds `objects` and serves both routes the way the contract
describes them; it selects with the Selection under test, so these tests are about paging,
projection and the fallback, not about DQL semantics (tests/integration covers those).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import math
import random
import re

import pytest

from ansible_collections.guance.cloud.plugins.module_utils._client import Answer
from ansible_collections.guance.cloud.plugins.module_utils._dql import time_window
from ansible_collections.guance.cloud.plugins.module_utils._errors import (
    MalformedResponseError,
    ParameterError,
    RouteNotFoundError,
)
from ansible_collections.guance.cloud.plugins.module_utils._objects import (
    LIST_PAGE_SIZE,
    QUERY_PAGE_SIZE,
    Selection,
    TooManyObjectsError,
    find_objects,
)

NOW = 1700000000000


def hosts(count):
    systems = ("linux", "windows", "darwin")
    return [{"name": "host-%05d" % number, "host": "host-%05d" % number, "os": systems[number % 3], "class": "HOST",
             "last_update_time": NOW - number * 1000, "__docid": "doc%d" % number}
            for number in range(count)]


class FakeObjects:
    """A Guance holding `objects`; `legacy` makes query_data_v1 answer RouterNotFound.

    As documented: total_hits stops at 10,000 and offset + limit may not pass 10,000; `cursor`
    False plays a server whose object answers carry no search_after.
    """

    def __init__(self, objects, selection, legacy=False, cursor=True):
        self.cursor = cursor
        window = time_window(selection.span_ms, NOW)
        self.objects = sorted(objects, key=lambda obj: obj["name"])
        self.object_class = selection.object_class
        self.wanted = [obj for obj in self.objects if obj["class"] == self.object_class and selection.matches(obj, window)]
        self.legacy_server = legacy
        self.legacy = set()
        self.sent = []
        self.random = random.Random(7)

    def is_legacy(self, family):
        return family in self.legacy

    def use_legacy(self, family):
        self.legacy.add(family)

    def request(self, route, path=None, query=None, body=None):
        self.sent.append((route, path, query, body))
        if route == "objects.query":
            if self.legacy_server:
                raise RouteNotFoundError("route not found", status=400, error_code="RouterNotFound")
            return self.query(body["queries"][0]["query"])
        return self.list(path["object_class"], query)

    def query(self, spec):
        if spec.get("offset", 0) + spec["limit"] > 10000:
            raise ParameterError("offset + limit over 10000", status=400, error_code="ft.ParamError")
        start = spec["search_after"][0] if spec.get("search_after") else spec.get("offset", 0)
        page = self.wanted[start:start + spec["limit"]]
        fields = re.findall(r"`([^`]+)`", spec["q"].split(":(", 1)[1].split(")", 1)[0]) if ":(" in spec["q"] else None
        columns = ["__docid", "time"] + fields if fields else sorted(set(key for obj in page for key in obj))
        # Columns come in no fixed order.
        self.random.shuffle(columns)
        series = [{"name": self.object_class, "columns": columns, "values": [[obj.get(c) for c in columns] for obj in page]}]
        result = {"series": series if page else [], "total_hits": min(len(self.wanted), 10000)}
        if self.cursor:
            result["search_after"] = [start + len(page)] if page else []
        return Answer({"data": [result]}, None, 200, "trace")

    def list(self, object_class, query):
        assert query["pageSize"] <= 100
        found = [dict((k, v) for k, v in obj.items() if k != "__docid") for obj in self.objects
                 if obj["class"] == object_class and (query["search"] or "").lower() in obj["name"].lower()]
        start = (query["pageIndex"] - 1) * query["pageSize"]
        page_info = {"count": 0, "pageIndex": query["pageIndex"], "pageSize": query["pageSize"], "totalCount": len(found)}
        return Answer(found[start:start + query["pageSize"]], page_info, 200, "trace")

    def routes(self):
        return [route for route, _path, _query, _body in self.sent]


def find(objects, legacy=False, cursor=True, **kwargs):
    selection = Selection(**kwargs)
    fake = FakeObjects(objects, selection, legacy=legacy, cursor=cursor)
    found, total = find_objects(fake, selection, now_ms=NOW)
    return fake, found, total


def pages_for(count):
    """ceil(N / 1000), at least one; one more at the cap, where only a short page ends the reading."""
    pages = max(1, math.ceil(count / float(QUERY_PAGE_SIZE)))
    return pages + (1 if count >= 10000 and count % QUERY_PAGE_SIZE == 0 else 0)


@pytest.mark.parametrize("count", [0, 1, 999, 1000, 1001, 2500, 3000, 9999, 10000, 10001, 12000, 12345, 25000])
def test_query_reads_every_object_whatever_total_hits_says(count):
    fake, found, total = find(hosts(count), fields=["name"])
    assert len(fake.sent) == pages_for(count)
    assert [obj["name"] for obj in found] == ["host-%05d" % n for n in range(count)]
    assert total == count


@pytest.mark.parametrize("count", [0, 1, 999, 1000, 2500, 5000, 9999])
def test_without_a_cursor_offsets_read_every_object_below_the_cap(count):
    fake, found, total = find(hosts(count), cursor=False, fields=["name"])
    specs = [body["queries"][0]["query"] for _r, _p, _q, body in fake.sent]
    assert len(specs) == max(1, math.ceil(count / 1000.0))
    assert [spec["offset"] for spec in specs[1:]] == [1000 * n for n in range(1, len(specs))]
    assert all("search_after" not in spec for spec in specs[1:])
    assert [obj["name"] for obj in found] == ["host-%05d" % n for n in range(count)]
    assert total == count


@pytest.mark.parametrize("count", [10000, 10001, 25000])
def test_without_a_cursor_past_the_cap_fails_at_once_naming_the_count_and_what_to_narrow(count):
    with pytest.raises(TooManyObjectsError) as err:
        find(hosts(count), cursor=False)
    message = str(err.value)
    assert "at least 10000 objects of class HOST match" in message
    assert all(word in message for word in ("search_after", "filters", "names", "search", "time_range", "limit"))


@pytest.mark.parametrize("limit, requests, total", [(1, 1, None), (2500, 3, None), (10000, 10, None)])
def test_without_a_cursor_a_limit_within_the_window_reads(limit, requests, total):
    fake, found, found_total = find(hosts(25000), cursor=False, fields=["name"], limit=limit)
    assert len(fake.sent) == requests
    assert [obj["name"] for obj in found] == ["host-%05d" % n for n in range(limit)]
    # total_hits stops at 10,000: with objects left unread, the true count is unknown.
    assert found_total is total


def test_a_cursor_that_stops_coming_falls_back_to_offsets():
    selection = Selection(fields=["name"])
    fake = FakeObjects(hosts(3500), selection)
    query = fake.query

    def cursor_on_the_first_page_only(spec):
        answer = query(spec)
        if spec.get("search_after") != []:
            answer.content["data"][0].pop("search_after")
        return answer
    fake.query = cursor_on_the_first_page_only
    found, total = find_objects(fake, selection, now_ms=NOW)
    specs = [body["queries"][0]["query"] for _r, _p, _q, body in fake.sent]
    assert [(spec.get("search_after"), spec.get("offset")) for spec in specs] == [([], None), ([1000], None), (None, 2000), (None, 3000)]
    assert (len(found), total) == (3500, 3500)


def test_a_wider_search_is_checked_here_and_counted_as_read():
    names = ["o'brien", "o-brien", "o'b", "xo'bx", "ob"]
    objects = [dict(hosts(1)[0], name=name, host=name, __docid=name) for name in names]
    selection = Selection(search="o'b")
    assert not selection.exact
    fake = FakeObjects(objects, Selection(search="o.b"))
    # The server plays the widened pattern: o.b matches o'b and o-b alike.
    fake.wanted = [obj for obj in fake.objects if re.search("o.b", obj["name"])]
    found, total = find_objects(fake, selection, now_ms=NOW)
    assert [obj["name"] for obj in found] == ["o'b", "o'brien", "xo'bx"]
    assert total == 3
    assert fake.sent[0][3]["queries"][0]["query"]["q"] == "O::`HOST` { `name` = re('.*o.b.*') }"


def test_a_refused_query_names_the_query_and_what_to_change():
    selection = Selection(search="web")
    fake = FakeObjects([], selection)

    def refuse(spec):
        raise ParameterError("left wildcard queries are not enabled", status=400, error_code="ft.ParamError")
    fake.query = refuse
    with pytest.raises(ParameterError) as err:
        find_objects(fake, selection, now_ms=NOW)
    message = str(err.value)
    assert message.startswith("left wildcard queries are not enabled (HTTP 400, errorCode ft.ParamError)")
    assert "refused the DQL query O::`HOST` { `name` = re('.*web.*') }" in message
    assert "change search, filters or fields" in message


def test_query_body_and_cursor():
    fake, _found, _total = find(hosts(2500), fields=["name"])
    queries = [body["queries"][0] for _route, _path, _query, body in fake.sent]
    assert all(query["qtype"] == "dql" for query in queries)
    specs = [query["query"] for query in queries]
    assert [spec["limit"] for spec in specs] == [1000, 1000, 1000]
    assert [spec["search_after"] for spec in specs] == [[], [1000], [2000]]
    assert all(spec["disableMultipleField"] is False for spec in specs)
    assert all(spec["timeRange"] == [NOW - 86400000, NOW] for spec in specs)
    assert all(spec["q"] == "O::`HOST`:(`name`)" for spec in specs)
    assert all(spec["orderby"] == [{"name": "asc"}] for spec in specs)
    assert all("offset" not in spec for spec in specs)


@pytest.mark.parametrize("limit, sizes", [(1, [1]), (999, [999]), (1000, [1000]), (1500, [1000, 500]),
                                          (2500, [1000, 1000, 500]), (5000, [1000, 1000, 1000])])
def test_query_stops_at_the_limit_and_sizes_the_last_page(limit, sizes):
    fake, found, total = find(hosts(2500), limit=limit)
    assert [body["queries"][0]["query"]["limit"] for _r, _p, _q, body in fake.sent] == sizes
    assert len(found) == min(limit, 2500)
    assert total == 2500


@pytest.mark.parametrize("count, limit, total", [(9999, 5, 9999), (10000, 5, None), (25000, 5, None), (25000, 30000, 25000)])
def test_a_limit_reports_total_hits_only_below_the_cap(count, limit, total):
    _fake, found, found_total = find(hosts(count), fields=["name"], limit=limit)
    assert len(found) == min(count, limit)
    assert found_total == total


@pytest.mark.parametrize("count", [0, 1, 99, 100, 101, 250, 1000])
def test_list_costs_one_request_per_hundred(count):
    fake, found, total = find(hosts(count), legacy=True)
    assert fake.routes() == ["objects.query"] + ["objects.list"] * max(1, math.ceil(count / float(LIST_PAGE_SIZE)))
    assert len(found) == total == count
    assert all(query["pageSize"] == LIST_PAGE_SIZE for _r, _p, query, _b in fake.sent[1:])
    assert [query["pageIndex"] for _r, _p, query, _b in fake.sent[1:]] == list(range(1, len(fake.sent)))


@pytest.mark.parametrize("limit, pages, total", [(1, 1, None), (100, 1, None), (150, 2, None), (250, 3, 250), (900, 3, 250)])
def test_list_stops_at_the_limit(limit, pages, total):
    fake, found, found_total = find(hosts(250), legacy=True, limit=limit)
    assert fake.routes().count("objects.list") == pages
    assert len(found) == min(limit, 250)
    # Stopped before the last page, the older route cannot know how many match.
    assert found_total == total


def test_fallback_is_remembered_for_the_rest_of_the_run():
    selection = Selection()
    fake = FakeObjects(hosts(5), selection, legacy=True)
    first = find_objects(fake, selection, now_ms=NOW)
    second = find_objects(fake, selection, now_ms=NOW)
    assert fake.routes() == ["objects.query", "objects.list", "objects.list"]
    assert fake.is_legacy("objects")
    assert first == second


def test_custom_objects_need_dql():
    with pytest.raises(RouteNotFoundError, match="custom objects"):
        find(hosts(1), legacy=True, object_class="business_service", custom=True)


@pytest.mark.parametrize("kwargs", [dict(names=[]), dict(filters={"os": []})])
def test_an_empty_list_matches_nothing_without_a_request(kwargs):
    fake, found, total = find(hosts(3), **kwargs)
    assert (fake.sent, found, total) == ([], [], 0)


def test_one_name_narrows_the_older_search():
    fake, found, _total = find(hosts(300), legacy=True, names=["host-00250"])
    assert [query["search"] for _r, _p, query, _b in fake.sent[1:]] == ["host-00250"]
    assert [obj["name"] for obj in found] == ["host-00250"]


SELECTIONS = [
    dict(),
    dict(fields=["name", "os", "missing"]),
    dict(filters={"os": "linux"}),
    dict(filters={"os": ["linux", "darwin"]}, fields=["host"]),
    dict(names=["host-00003", "host-00150", "nope"]),
    dict(names=["host-00004"]),
    dict(search="0012"),
    dict(search="HOST"),
    dict(time_range="1m"),
    dict(filters={"os": "windows"}, search="1", limit=7),
    dict(limit=120),
    dict(object_class="process"),
]


@pytest.mark.parametrize("kwargs", SELECTIONS)
def test_both_routes_give_the_same_objects(kwargs):
    objects = hosts(260)
    objects[5]["note"] = "x' } or 1=1 #"
    objects[6]["os"] = None
    _fake, by_query, query_total = find([dict(obj) for obj in objects], **kwargs)
    _fake, by_list, list_total = find([dict(obj) for obj in objects], legacy=True, **kwargs)
    assert by_query == by_list
    assert all("__docid" not in obj for obj in by_query)
    # Only the fields asked for; class comes with every field.
    assert all(sorted(obj) == sorted(kwargs["fields"]) if "fields" in kwargs else obj["class"] == "HOST" for obj in by_query)
    # Only these two select nothing: an unknown class and a search in the wrong case.
    assert bool(by_query) is (kwargs not in (dict(object_class="process"), dict(search="HOST")))
    if "limit" not in kwargs:
        assert query_total == list_total == len(by_query)


@pytest.mark.parametrize("content", [None, [], {"data": None}, {"rows": []}])
def test_malformed_query_answer(content):
    selection = Selection()
    fake = FakeObjects([], selection)
    fake.query = lambda spec: Answer(content, None, 200, "trace")
    with pytest.raises(MalformedResponseError):
        find_objects(fake, selection, now_ms=NOW)


def test_total_and_cursor_beside_data():
    selection = Selection()
    fake = FakeObjects([], selection)
    answers = iter([
        {"data": [{"series": [{"name": "HOST", "columns": ["name"], "values": [["a"]] * 1000}]}], "total_hits": 1001, "search_after": ["c"]},
        {"data": [{"series": [{"name": "HOST", "columns": ["name"], "values": [["b"]]}]}], "total_hits": 1001, "search_after": ["d"]},
    ])
    fake.query = lambda spec: Answer(next(answers), None, 200, "trace")
    found, total = find_objects(fake, selection, now_ms=NOW)
    assert (len(found), total) == (1001, 1001)
    assert fake.sent[1][3]["queries"][0]["query"]["search_after"] == ["c"]
