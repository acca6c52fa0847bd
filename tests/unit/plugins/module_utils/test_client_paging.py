# -*- coding: utf-8 -*-
# Copyright: (c) 2026, guance.cloud maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Paging (follow the total, never assume one page) and the fallback from the plural dashboard
routes to the older singular ones. Every test counts the requests exactly: Guance allows 20 a
minute per key, so a wasted request is a bug. The transport is faked below requests."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.guance.cloud.plugins.module_utils import _client
from ansible_collections.guance.cloud.plugins.module_utils._client import GuanceClient
from ansible_collections.guance.cloud.plugins.module_utils._errors import GuanceError, NotFoundError, RouteNotFoundError
from ansible_collections.guance.cloud.tests.unit.fixtures.client.fake_http import (
    Sleeps,
    envelope,
    error,
    page,
)

ROUTER_NOT_FOUND = error(400, "RouterNotFound", message="route not found")


@pytest.fixture
def client():
    return GuanceClient(endpoint="https://openapi.example", api_key="k", sleep=Sleeps())


def dashboards(first, count):
    return [{"uuid": "dsbd_%032d" % number} for number in range(first, first + count)]


def pages_sent(fake_http):
    return [(sent.query["pageIndex"], sent.query["pageSize"]) for sent in fake_http.sent]


# Paging

def test_paging_follows_total_count(fake_http, client):
    fake_http.answer(page(dashboards(0, 100), total=250), page(dashboards(100, 100), total=250), page(dashboards(200, 50), total=250))
    items = list(client.paginate("dashboards.list", query={"search": "host"}))
    assert items == dashboards(0, 250)
    assert pages_sent(fake_http) == [("1", "100"), ("2", "100"), ("3", "100")]
    assert all(sent.query["search"] == "host" for sent in fake_http.sent)


def test_paging_stops_when_a_full_last_page_reaches_the_total(fake_http, client):
    fake_http.answer(page(dashboards(0, 100), total=200), page(dashboards(100, 100), total=200))
    assert len(list(client.paginate("dashboards.list"))) == 200
    assert len(fake_http.sent) == 2  # no third request for an empty page


def test_paging_reads_total_count_in_content(fake_http, client):
    def answer(sent):
        first = (int(sent.query["pageIndex"]) - 1) * 100
        return envelope({"data": dashboards(first, min(100, 150 - first)), "limit": 100, "offset": first, "total_count": 150})
    fake_http.answer(answer)
    assert list(client.paginate("dashboards.list")) == dashboards(0, 150)
    assert len(fake_http.sent) == 2


def test_paging_without_a_total_stops_on_a_short_page(fake_http, client):
    fake_http.answer(page(dashboards(0, 100)), page(dashboards(100, 100)), page(dashboards(200, 7)))
    assert len(list(client.paginate("dashboards.list"))) == 207
    assert len(fake_http.sent) == 3


def test_paging_without_a_total_stops_on_an_empty_page(fake_http, client):
    fake_http.answer(page(dashboards(0, 100)), page([]))
    assert len(list(client.paginate("dashboards.list"))) == 100
    assert len(fake_http.sent) == 2


def test_paging_stops_on_an_empty_page_even_if_the_total_promises_more(fake_http, client):
    fake_http.answer(page(dashboards(0, 100), total=500), page([], total=500))
    assert len(list(client.paginate("dashboards.list"))) == 100
    assert len(fake_http.sent) == 2


def test_paging_an_empty_list_costs_one_request(fake_http, client):
    fake_http.answer(page([], total=0))
    assert list(client.paginate("dashboards.list")) == []
    assert pages_sent(fake_http) == [("1", "100")]


def test_page_size_is_100_by_default_and_can_be_smaller(fake_http, client):
    assert _client.MAX_PAGE_SIZE == 100
    fake_http.answer(page(dashboards(0, 20), total=30), page(dashboards(20, 10), total=30))
    assert len(list(client.paginate("dashboards.list", page_size=20))) == 30
    assert pages_sent(fake_http) == [("1", "20"), ("2", "20")]


def test_paging_is_lazy(fake_http, client):
    fake_http.answer(page(dashboards(0, 100), total=250), page(dashboards(100, 100), total=250))
    items = client.paginate("dashboards.list")
    assert fake_http.sent == []
    assert next(items) == dashboards(0, 1)[0]
    assert len(fake_http.sent) == 1


def test_paging_leaves_the_callers_query_alone(fake_http, client):
    query = {"search": "host", "tagNames": ["prod"]}
    fake_http.answer(page([], total=0))
    list(client.paginate("dashboards.list", query=query))
    assert query == {"search": "host", "tagNames": ["prod"]}
    assert fake_http.sent[0].query["tagNames"] == '["prod"]'


def test_paging_passes_path_parameters(fake_http, client):
    fake_http.answer(page([{"name": "web-1"}], total=1))
    assert list(client.paginate("objects.list", path={"object_class": "HOST"})) == [{"name": "web-1"}]
    assert fake_http.sent[0].path == "/api/v1/object/HOST/list"


# The route fallback

def test_every_legacy_route_is_the_singular_twin_of_its_current_route():
    for name in _client.ROUTES:
        method, current, legacy, unused = _client.route_of(name)
        if name.startswith("dashboards."):
            assert legacy == current.replace("/api/v1/dashboards/", "/api/v1/dashboard/"), name
            assert method == ("GET" if name.split(".")[1] in ("list", "get", "export") else "POST"), name
        elif name.startswith("objects."):
            assert legacy is None, name


def test_refused_plural_route_is_repeated_on_the_singular_one(fake_http, client):
    fake_http.answer(ROUTER_NOT_FOUND, page([{"uuid": "dsbd_1"}], total=1))
    answer = client.request("dashboards.list", query={"search": "host", "pageIndex": 1, "pageSize": 100})
    assert answer.content == [{"uuid": "dsbd_1"}]
    assert fake_http.routes == ["GET /api/v1/dashboards/list", "GET /api/v1/dashboard/list"]
    assert fake_http.sent[0].query == fake_http.sent[1].query
    assert client.is_legacy("dashboards")


def test_family_stays_legacy_for_the_rest_of_the_run(fake_http, client):
    fake_http.answer(ROUTER_NOT_FOUND, envelope({"uuid": "dsbd_1"}))
    client.request("dashboards.get", path={"uuid": "dsbd_1"})
    client.request("dashboards.create", body={"name": "Hosts"})
    client.request("dashboards.modify", path={"uuid": "dsbd_1"}, body={"desc": ""})
    client.request("dashboards.delete", path={"uuid": "dsbd_1"})
    client.request("dashboards.export", path={"uuid": "dsbd_1"})
    client.request("dashboards.import", path={"uuid": "dsbd_1"}, body={"templateInfo": {}})
    assert fake_http.routes == [
        "GET /api/v1/dashboards/dsbd_1/get",  # the one refused request
        "GET /api/v1/dashboard/dsbd_1/get",
        "POST /api/v1/dashboard/create",
        "POST /api/v1/dashboard/dsbd_1/modify",
        "POST /api/v1/dashboard/dsbd_1/delete",
        "GET /api/v1/dashboard/dsbd_1/export",
        "POST /api/v1/dashboard/dsbd_1/import",
    ]


def test_refused_create_is_repeated_once_with_the_same_body(fake_http, client):
    fake_http.answer(ROUTER_NOT_FOUND, envelope({"uuid": "dsbd_1"}))
    body = {"name": "Hosts", "tagNames": ["prod"], "templateInfo": {"main": {"charts": []}}}
    client.request("dashboards.create", body=body)
    assert fake_http.routes == ["POST /api/v1/dashboards/create", "POST /api/v1/dashboard/create"]
    assert fake_http.sent[0].body == fake_http.sent[1].body == body


def test_paging_falls_back_with_a_single_refused_request(fake_http, client):
    fake_http.answer(ROUTER_NOT_FOUND, page(dashboards(0, 100), total=120), page(dashboards(100, 20), total=120))
    assert len(list(client.paginate("dashboards.list"))) == 120
    assert fake_http.routes == ["GET /api/v1/dashboards/list"] + ["GET /api/v1/dashboard/list"] * 2
    assert pages_sent(fake_http) == [("1", "100"), ("1", "100"), ("2", "100")]


def test_a_family_marked_legacy_never_tries_the_current_route(fake_http, client):
    fake_http.answer(envelope({"uuid": "dsbd_1"}))
    client.use_legacy("dashboards")
    client.request("dashboards.get", path={"uuid": "dsbd_1"})
    assert fake_http.routes == ["GET /api/v1/dashboard/dsbd_1/get"]


def test_route_without_a_legacy_twin_raises_route_not_found(fake_http, client):
    fake_http.answer(ROUTER_NOT_FOUND)
    with pytest.raises(RouteNotFoundError) as caught:
        client.request("objects.query", body={"queries": []})
    assert fake_http.routes == ["POST /api/v1/df/query_data_v1"]
    assert not client.is_legacy("objects")  # the resource helper decides, and switches the family itself
    assert "RouterNotFound" in str(caught.value)


def test_refused_legacy_route_raises_route_not_found(fake_http, client):
    fake_http.answer(ROUTER_NOT_FOUND)
    with pytest.raises(RouteNotFoundError):
        client.request("dashboards.list")
    assert fake_http.routes == ["GET /api/v1/dashboards/list", "GET /api/v1/dashboard/list"]


def test_not_found_is_not_a_reason_to_fall_back(fake_http, client):
    fake_http.answer(error(404, "ft.DataNotFound"))
    with pytest.raises(NotFoundError):
        client.request("dashboards.get", path={"uuid": "dsbd_gone"})
    assert len(fake_http.sent) == 1 and not client.is_legacy("dashboards")


def test_fallback_of_one_family_leaves_the_others_alone(fake_http, client):
    fake_http.answer(ROUTER_NOT_FOUND, page([], total=0))
    client.request("dashboards.list")
    assert client.is_legacy("dashboards") and not client.is_legacy("objects")


def test_fallback_is_per_client(fake_http, client):
    fake_http.answer(ROUTER_NOT_FOUND, page([], total=0))
    client.request("dashboards.list")
    other = GuanceClient(endpoint="https://other.example", api_key="k", sleep=Sleeps())
    assert not other.is_legacy("dashboards")


def test_page_size_is_never_above_what_the_api_allows(fake_http, client):
    fake_http.answer(page([], total=0))
    list(client.paginate("dashboards.list", page_size=500))
    assert pages_sent(fake_http) == [("1", "100")]


def test_a_server_that_ignores_page_size_is_read_once(fake_http, client):
    # No total and more items than asked for: everything came at once, asking again would loop.
    fake_http.answer(page(dashboards(0, 150)))
    assert len(list(client.paginate("dashboards.list"))) == 150
    assert len(fake_http.sent) == 1


# Lists that change while they are paged (newest first: a newcomer pushes every item down by one)

def test_a_newcomer_between_pages_reads_the_list_again_and_yields_each_item_once(fake_http, client):
    newcomer = dashboards(999, 1)
    fake_http.answer(page(dashboards(0, 100), total=150),
                     page(dashboards(99, 51), total=151),            # shifted: the last of page 1 comes again
                     page(newcomer + dashboards(0, 99), total=151),  # read again from the start
                     page(dashboards(99, 51), total=151))
    items = list(client.paginate("dashboards.list"))
    assert sorted(item["uuid"] for item in items) == sorted(d["uuid"] for d in dashboards(0, 150) + newcomer)
    assert len(items) == len(set(item["uuid"] for item in items)) == 151
    assert pages_sent(fake_http) == [("1", "100"), ("2", "100"), ("1", "100"), ("2", "100")]


def test_a_list_that_keeps_changing_fails_after_a_few_readings(fake_http, client):
    def answer(sent):
        index = int(sent.query["pageIndex"])
        return page(dashboards(len(fake_http.sent) * 100, 100), total=200 + index)
    fake_http.answer(answer)
    with pytest.raises(GuanceError) as caught:
        list(client.paginate("dashboards.list"))
    assert "kept changing while it was read (4 times from its start)" in str(caught.value)
    assert len(fake_http.sent) == 2 * (_client.MAX_LIST_RESTARTS + 1)


def test_items_without_a_uuid_are_never_read_twice(fake_http, client):
    rows = [{"name": "web-%d" % number} for number in range(150)]
    fake_http.answer(page(rows[:100], total=150), page(rows[99:], total=151))
    items = list(client.paginate("objects.list", path={"object_class": "HOST"}))
    assert len(items) == 151 and len(fake_http.sent) == 2  # nothing to tell them apart by: no second reading
