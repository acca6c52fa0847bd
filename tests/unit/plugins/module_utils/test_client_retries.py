# -*- coding: utf-8 -*-
# Copyright: (c) 2026, guance.cloud maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""When the client repeats a request and when it must not: reads (by meaning: an object query is a
POST and a read) retried with backoff, changes never repeated once they may have reached the
server, rate limits waited out within rate_limit_wait. The transport is faked below requests and
sleep is recorded, never slept."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import random

import pytest

from ansible_collections.guance.cloud.plugins.module_utils import _client
from ansible_collections.guance.cloud.plugins.module_utils import _errors as errors
from ansible_collections.guance.cloud.tests.unit.fixtures.client.fake_http import (
    connect_timeout,
    dropped,
    envelope,
    error,
    raw,
    rate_limited,
    read_timeout,
    refused,
)

OK = envelope({"uuid": "dsbd_1"})
GET = ("dashboards.get", {"path": {"uuid": "dsbd_1"}})
POSTS = [
    ("dashboards.create", {"body": {"name": "Hosts"}}),
    ("dashboards.modify", {"path": {"uuid": "dsbd_1"}, "body": {"desc": "x"}}),
    ("dashboards.delete", {"path": {"uuid": "dsbd_1"}}),
    ("dashboards.import", {"path": {"uuid": "dsbd_1"}, "body": {"templateInfo": {}}}),
]
SENT_BUT_UNANSWERED = {
    "server error": error(500, "InternalError", trace_id="trace-500"),
    "gateway page": raw(503, "<html>Service Unavailable</html>"),
    "read timeout": read_timeout(),
    "dropped connection": dropped(),
}
NEVER_SENT = {"connection refused": refused(), "connect timeout": connect_timeout()}


class TopOfRange:
    """Stands in for the random module: records each jitter range and picks its top."""

    def __init__(self):
        self.ranges = []

    def uniform(self, low, high):
        self.ranges.append((low, high))
        return high


@pytest.fixture
def top_of_range(monkeypatch):
    chooser = TopOfRange()
    monkeypatch.setattr(_client, "random", chooser)
    return chooser


# Reads

@pytest.mark.parametrize("failure", [error(500, "InternalError"), error(503), raw(502, "<html>Bad Gateway</html>"),
                                     refused(), connect_timeout(), read_timeout(), dropped()],
                         ids=["500", "503", "502 page", "refused", "connect timeout", "read timeout", "dropped"])
def test_get_is_retried_until_it_succeeds(client_for, fake_http, sleeps, failure):
    fake_http.answer(failure, failure, OK)
    answer = client_for().request(*GET[:1], **GET[1])
    assert answer.content == {"uuid": "dsbd_1"}
    assert len(fake_http.sent) == 3 and len(sleeps.delays) == 2
    assert fake_http.routes == ["GET /api/v1/dashboards/dsbd_1/get"] * 3


@pytest.mark.parametrize("failure, expected", [
    (error(500, "InternalError"), errors.ServerError),
    (raw(502, "<html>Bad Gateway</html>"), errors.MalformedResponseError),
    (refused(), errors.TransportError),
    (read_timeout(), errors.TransportError),
    (dropped(), errors.TransportError),
])
def test_get_gives_up_after_retries_with_the_last_error(client_for, fake_http, sleeps, failure, expected):
    fake_http.answer(failure)
    with pytest.raises(expected) as caught:
        client_for(retries=2).request(*GET[:1], **GET[1])
    assert type(caught.value) is expected  # pylint: disable=unidiomatic-typecheck
    assert len(fake_http.sent) == 3 and len(sleeps.delays) == 2


def test_transport_error_says_how_often_it_tried(client_for, fake_http, sleeps):
    fake_http.answer(refused())
    with pytest.raises(errors.TransportError) as caught:
        client_for(retries=2).request(*GET[:1], **GET[1])
    assert "after 3 attempts" in str(caught.value) and "Connection refused" in str(caught.value)


def test_no_retries_means_one_attempt(client_for, fake_http, sleeps):
    fake_http.answer(error(500))
    with pytest.raises(errors.ServerError):
        client_for(retries=0).request(*GET[:1], **GET[1])
    assert len(fake_http.sent) == 1 and sleeps.delays == []


@pytest.mark.parametrize("status, code", [(400, "ft.ParamError"), (403, ""), (404, "ft.DataNotFound"), (403, "ft.InvalidAPIKey")])
def test_client_errors_are_not_retried(client_for, fake_http, sleeps, status, code):
    fake_http.answer(error(status, code))
    with pytest.raises(errors.GuanceError):
        client_for().request(*GET[:1], **GET[1])
    assert len(fake_http.sent) == 1 and sleeps.delays == []


def test_backoff_grows_exponentially_up_to_its_cap(client_for, fake_http, sleeps, top_of_range):
    fake_http.answer(error(500))
    with pytest.raises(errors.ServerError):
        client_for(retries=6).request(*GET[:1], **GET[1])
    assert sleeps.delays == [1.0, 2.0, 4.0, 8.0, 10.0, 10.0]
    assert all(low == 0 for low, high in top_of_range.ranges)  # full jitter: anywhere from 0 to the bound


def test_backoff_is_jittered_within_its_bounds(client_for, fake_http, sleeps, monkeypatch):
    monkeypatch.setattr(_client, "random", random.Random(20260101))
    fake_http.answer(error(500))
    with pytest.raises(errors.ServerError):
        client_for(retries=6).request(*GET[:1], **GET[1])
    bounds = [1.0, 2.0, 4.0, 8.0, 10.0, 10.0]
    assert all(0 <= delay <= bound for delay, bound in zip(sleeps.delays, bounds))
    assert any(delay < bound * 0.95 for delay, bound in zip(sleeps.delays, bounds))
    assert len(set(sleeps.delays)) == len(bounds)


# Changes

@pytest.mark.parametrize("route, options", POSTS, ids=[route for route, options in POSTS])
@pytest.mark.parametrize("failure", list(SENT_BUT_UNANSWERED.values()), ids=list(SENT_BUT_UNANSWERED))
def test_a_change_is_never_repeated_once_it_may_have_been_sent(client_for, fake_http, sleeps, route, options, failure):
    fake_http.answer(failure, OK)
    with pytest.raises(errors.OutcomeUnknownError) as caught:
        client_for().request(route, **options)
    assert len(fake_http.sent) == 1 and sleeps.delays == []
    assert "The change may or may not have been made" in str(caught.value)
    assert "read the current state" in str(caught.value)


@pytest.mark.parametrize("failure", list(SENT_BUT_UNANSWERED.values()), ids=list(SENT_BUT_UNANSWERED))
def test_an_object_query_is_a_read_though_it_is_a_post(client_for, fake_http, sleeps, failure):
    fake_http.answer(failure, failure, OK)
    assert client_for().request("objects.query", body={"queries": []}).content == {"uuid": "dsbd_1"}
    assert fake_http.routes == ["POST /api/v1/df/query_data_v1"] * 3 and len(sleeps.delays) == 2


@pytest.mark.parametrize("failure", list(SENT_BUT_UNANSWERED.values()), ids=list(SENT_BUT_UNANSWERED))
def test_a_read_that_keeps_failing_says_it_was_a_read(client_for, fake_http, failure):
    fake_http.answer(failure)
    with pytest.raises(errors.GuanceError) as caught:
        client_for(retries=2).request("objects.query", body={"queries": []})
    assert not isinstance(caught.value, errors.OutcomeUnknownError)
    assert "the read failed after 3 attempts" in str(caught.value)
    assert "may or may not" not in str(caught.value)


def test_routes_are_reads_or_changes_by_meaning():
    kinds = dict((name, _client.route_of(name)[3]) for name in _client.ROUTES)
    assert kinds["objects.query"] == _client.READ
    assert [name for name, kind in sorted(kinds.items()) if name.startswith("dashboards.") and kind == _client.READ] == [
        "dashboards.export", "dashboards.get", "dashboards.list"]
    for name, entry in _client.ROUTES.items():
        assert len(entry) in (3, 4), name
        assert len(entry) == 3 or entry[3] in (_client.READ, _client.CHANGE), name


def test_a_three_item_route_takes_its_kind_from_the_method(monkeypatch):
    monkeypatch.setitem(_client.ROUTES, "things.list", ("GET", "/api/v1/things/list", None))
    monkeypatch.setitem(_client.ROUTES, "things.create", ("POST", "/api/v1/things/create", None))
    monkeypatch.setitem(_client.ROUTES, "things.search", ("POST", "/api/v1/things/search", None, _client.READ))
    assert [_client.route_of(name)[3] for name in ("things.list", "things.create", "things.search")] == [
        _client.READ, _client.CHANGE, _client.READ]


def test_outcome_unknown_keeps_what_the_server_said(client_for, fake_http):
    fake_http.answer(error(500, "InternalError", message="db write timed out", trace_id="trace-500"))
    with pytest.raises(errors.OutcomeUnknownError) as caught:
        client_for().request("dashboards.create", body={"name": "Hosts"})
    assert caught.value.details() == {"status": 500, "error_code": "InternalError", "trace_id": "trace-500"}
    assert "db write timed out" in str(caught.value)


@pytest.mark.parametrize("route, options", POSTS, ids=[route for route, options in POSTS])
@pytest.mark.parametrize("failure", list(NEVER_SENT.values()), ids=list(NEVER_SENT))
def test_a_change_that_never_left_is_repeated(client_for, fake_http, sleeps, route, options, failure):
    fake_http.answer(failure, failure, OK)
    assert client_for().request(route, **options).content == {"uuid": "dsbd_1"}
    assert len(fake_http.sent) == 3 and len(sleeps.delays) == 2
    assert len(set(repr(sent.raw_body) for sent in fake_http.sent)) == 1


def test_a_change_that_never_left_gives_up_after_retries(client_for, fake_http):
    fake_http.answer(refused())
    with pytest.raises(errors.TransportError) as caught:
        client_for(retries=1).request("dashboards.create", body={"name": "Hosts"})
    assert len(fake_http.sent) == 2
    assert "the change was never sent, in 2 attempts" in str(caught.value)


def test_refused_change_parameters_are_not_repeated(client_for, fake_http):
    fake_http.answer(error(400, "ft.ParamError"))
    with pytest.raises(errors.ParameterError):
        client_for().request("dashboards.create", body={"name": "x" * 200})
    assert len(fake_http.sent) == 1


# Rate limits (HTTP 401 with a ...CurrentLimiting code): waited out for reads and changes alike,
# until the key's window frees up as far as the client knows it

@pytest.mark.parametrize("route, options", [GET] + POSTS[:1], ids=["read", "change"])
@pytest.mark.parametrize("code", ["ft.TriggerApiAkCurrentLimiting", "ft.TriggerApiWorkspaceCurrentLimiting"])
def test_a_refusal_without_known_requests_waits_a_whole_window(client_for, fake_http, sleeps, route, options, code):
    fake_http.answer(rate_limited(code), OK)
    assert client_for().request(route, **options).content == {"uuid": "dsbd_1"}
    assert len(fake_http.sent) == 2 and sleeps.delays == [60.0]


def test_a_refusal_waits_until_the_oldest_request_of_the_window_leaves_it(client_for, fake_http, sleeps):
    fake_http.answer(*([OK] * 20 + [rate_limited(), OK]))
    client = client_for()
    for unused in range(20):
        client.request(*GET[:1], **GET[1])
        sleeps(1.0)  # one request a second: the first leaves the window 60 s after it was answered
    client.request(*GET[:1], **GET[1])
    assert sleeps.delays[20:] == [40.0]
    assert len(fake_http.sent) == 22


def test_rate_limit_wait_caps_the_total_wait(client_for, fake_http, sleeps):
    fake_http.answer(rate_limited())
    with pytest.raises(errors.RateLimitedError) as caught:
        client_for(rate_limit_wait=130).request("dashboards.create", body={"name": "Hosts"})
    assert sleeps.delays == [60.0, 60.0]
    assert len(fake_http.sent) == 3
    err = caught.value
    assert (err.status, err.error_code) == (401, "ft.TriggerApiAkCurrentLimiting")
    assert "rate_limit_wait" in str(err)


def test_rate_limit_wait_zero_fails_at_once(client_for, fake_http, sleeps):
    fake_http.answer(rate_limited(), OK)
    with pytest.raises(errors.RateLimitedError):
        client_for(rate_limit_wait=0).request(*GET[:1], **GET[1])
    assert len(fake_http.sent) == 1 and sleeps.delays == []


def test_retry_after_is_honoured(client_for, fake_http, sleeps):
    fake_http.answer(rate_limited(retry_after=7), OK)
    client_for().request(*GET[:1], **GET[1])
    assert sleeps.delays == [7.0]


def test_retry_after_beyond_the_wait_fails_at_once(client_for, fake_http, sleeps):
    fake_http.answer(rate_limited(retry_after=90))
    with pytest.raises(errors.RateLimitedError):
        client_for(rate_limit_wait=60).request(*GET[:1], **GET[1])
    assert sleeps.delays == [] and len(fake_http.sent) == 1


def test_retry_after_zero_is_no_answer_and_the_window_decides(client_for, fake_http, sleeps):
    fake_http.answer(rate_limited(retry_after=0))
    with pytest.raises(errors.RateLimitedError):
        client_for(rate_limit_wait=10).request(*GET[:1], **GET[1])
    assert sleeps.delays == [] and len(fake_http.sent) == 1


def test_rate_limit_waits_do_not_use_up_retries(client_for, fake_http):
    fake_http.answer(rate_limited(), rate_limited(), error(500), OK)
    assert client_for(retries=1).request(*GET[:1], **GET[1]).content == {"uuid": "dsbd_1"}
    assert len(fake_http.sent) == 4
