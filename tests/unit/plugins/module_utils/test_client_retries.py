# -*- coding: utf-8 -*-
# Copyright: (c) 2026, guance.cloud maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""When the client repeats a request and when it must not: reads retried with backoff, changes
never repeated once they may have reached the server, rate limits waited out within
rate_limit_wait. The transport is faked below requests and sleep is recorded, never slept."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import random

import pytest

from ansible_collections.guance.cloud.plugins.module_utils import _client
from ansible_collections.guance.cloud.plugins.module_utils import _errors as errors
from ansible_collections.guance.cloud.plugins.module_utils._client import GuanceClient
from ansible_collections.guance.cloud.tests.unit.fixtures.client.fake_guance import (
    FakeGuance,
    Sleeps,
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
    ("objects.query", {"body": {"queries": []}}),
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
def guance(monkeypatch):
    return FakeGuance().install(monkeypatch)


@pytest.fixture
def sleeps():
    return Sleeps()


@pytest.fixture
def top_of_range(monkeypatch):
    chooser = TopOfRange()
    monkeypatch.setattr(_client, "random", chooser)
    return chooser


def client_for(sleeps, **options):
    settings = dict(endpoint="https://openapi.example", api_key="k", retries=3, rate_limit_wait=120, sleep=sleeps)
    settings.update(options)
    return GuanceClient(**settings)


# Reads

@pytest.mark.parametrize("failure", [error(500, "InternalError"), error(503), raw(502, "<html>Bad Gateway</html>"),
                                     refused(), connect_timeout(), read_timeout(), dropped()],
                         ids=["500", "503", "502 page", "refused", "connect timeout", "read timeout", "dropped"])
def test_get_is_retried_until_it_succeeds(guance, sleeps, failure):
    guance.answer(failure, failure, OK)
    answer = client_for(sleeps).request(*GET[:1], **GET[1])
    assert answer.content == {"uuid": "dsbd_1"}
    assert len(guance.sent) == 3 and len(sleeps.delays) == 2
    assert guance.routes == ["GET /api/v1/dashboards/dsbd_1/get"] * 3


@pytest.mark.parametrize("failure, expected", [
    (error(500, "InternalError"), errors.ServerError),
    (raw(502, "<html>Bad Gateway</html>"), errors.MalformedResponseError),
    (refused(), errors.TransportError),
    (read_timeout(), errors.TransportError),
    (dropped(), errors.TransportError),
])
def test_get_gives_up_after_retries_with_the_last_error(guance, sleeps, failure, expected):
    guance.answer(failure)
    with pytest.raises(expected) as caught:
        client_for(sleeps, retries=2).request(*GET[:1], **GET[1])
    assert type(caught.value) is expected  # pylint: disable=unidiomatic-typecheck
    assert len(guance.sent) == 3 and len(sleeps.delays) == 2


def test_transport_error_says_how_often_it_tried(guance, sleeps):
    guance.answer(refused())
    with pytest.raises(errors.TransportError) as caught:
        client_for(sleeps, retries=2).request(*GET[:1], **GET[1])
    assert "after 3 attempts" in str(caught.value) and "Connection refused" in str(caught.value)


def test_no_retries_means_one_attempt(guance, sleeps):
    guance.answer(error(500))
    with pytest.raises(errors.ServerError):
        client_for(sleeps, retries=0).request(*GET[:1], **GET[1])
    assert len(guance.sent) == 1 and sleeps.delays == []


@pytest.mark.parametrize("status, code", [(400, "ft.ParamError"), (403, ""), (404, "ft.DataNotFound"), (403, "ft.InvalidAPIKey")])
def test_client_errors_are_not_retried(guance, sleeps, status, code):
    guance.answer(error(status, code))
    with pytest.raises(errors.GuanceError):
        client_for(sleeps).request(*GET[:1], **GET[1])
    assert len(guance.sent) == 1 and sleeps.delays == []


def test_backoff_grows_exponentially_up_to_its_cap(guance, sleeps, top_of_range):
    guance.answer(error(500))
    with pytest.raises(errors.ServerError):
        client_for(sleeps, retries=6).request(*GET[:1], **GET[1])
    assert sleeps.delays == [1.0, 2.0, 4.0, 8.0, 10.0, 10.0]
    assert all(low == 0 for low, high in top_of_range.ranges)  # full jitter: anywhere from 0 to the bound


def test_backoff_is_jittered_within_its_bounds(guance, sleeps, monkeypatch):
    monkeypatch.setattr(_client, "random", random.Random(20260101))
    guance.answer(error(500))
    with pytest.raises(errors.ServerError):
        client_for(sleeps, retries=6).request(*GET[:1], **GET[1])
    bounds = [1.0, 2.0, 4.0, 8.0, 10.0, 10.0]
    assert all(0 <= delay <= bound for delay, bound in zip(sleeps.delays, bounds))
    assert any(delay < bound * 0.95 for delay, bound in zip(sleeps.delays, bounds))
    assert len(set(sleeps.delays)) == len(bounds)


# Changes

@pytest.mark.parametrize("route, options", POSTS, ids=[route for route, options in POSTS])
@pytest.mark.parametrize("failure", list(SENT_BUT_UNANSWERED.values()), ids=list(SENT_BUT_UNANSWERED))
def test_post_is_never_repeated_once_it_may_have_been_sent(guance, sleeps, route, options, failure):
    guance.answer(failure, OK)
    with pytest.raises(errors.OutcomeUnknownError) as caught:
        client_for(sleeps).request(route, **options)
    assert len(guance.sent) == 1 and sleeps.delays == []
    assert "read the current state" in str(caught.value)


def test_outcome_unknown_keeps_what_the_server_said(guance, sleeps):
    guance.answer(error(500, "InternalError", message="db write timed out", trace_id="trace-500"))
    with pytest.raises(errors.OutcomeUnknownError) as caught:
        client_for(sleeps).request("dashboards.create", body={"name": "Hosts"})
    assert caught.value.details() == {"status": 500, "error_code": "InternalError", "trace_id": "trace-500"}
    assert "db write timed out" in str(caught.value)


@pytest.mark.parametrize("route, options", POSTS, ids=[route for route, options in POSTS])
@pytest.mark.parametrize("failure", list(NEVER_SENT.values()), ids=list(NEVER_SENT))
def test_post_that_never_left_is_repeated(guance, sleeps, route, options, failure):
    guance.answer(failure, failure, OK)
    assert client_for(sleeps).request(route, **options).content == {"uuid": "dsbd_1"}
    assert len(guance.sent) == 3 and len(sleeps.delays) == 2
    assert len(set(repr(sent.raw_body) for sent in guance.sent)) == 1


def test_post_that_never_left_gives_up_after_retries(guance, sleeps):
    guance.answer(refused())
    with pytest.raises(errors.TransportError):
        client_for(sleeps, retries=1).request("dashboards.create", body={"name": "Hosts"})
    assert len(guance.sent) == 2


def test_refused_post_parameters_are_not_repeated(guance, sleeps):
    guance.answer(error(400, "ft.ParamError"))
    with pytest.raises(errors.ParameterError):
        client_for(sleeps).request("dashboards.create", body={"name": "x" * 200})
    assert len(guance.sent) == 1


# Rate limits (HTTP 401 with a ...CurrentLimiting code): waited out for reads and changes alike

@pytest.mark.parametrize("route, options", [GET] + POSTS[:1], ids=["GET", "POST"])
@pytest.mark.parametrize("code", ["ft.TriggerApiAkCurrentLimiting", "ft.TriggerApiWorkspaceCurrentLimiting"])
def test_rate_limit_is_waited_out(guance, sleeps, top_of_range, route, options, code):
    guance.answer(rate_limited(code), rate_limited(code), OK)
    assert client_for(sleeps).request(route, **options).content == {"uuid": "dsbd_1"}
    assert len(guance.sent) == 3
    assert sleeps.delays == [2.0, 4.0]
    assert len(set(repr(sent.raw_body) for sent in guance.sent)) == 1


def test_rate_limit_wait_caps_the_total_wait(guance, sleeps, top_of_range):
    guance.answer(rate_limited())
    with pytest.raises(errors.RateLimitedError) as caught:
        client_for(sleeps, rate_limit_wait=40).request("dashboards.create", body={"name": "Hosts"})
    assert sleeps.delays == [2.0, 4.0, 8.0, 16.0, 10.0]
    assert len(guance.sent) == 6
    err = caught.value
    assert (err.status, err.error_code) == (401, "ft.TriggerApiAkCurrentLimiting")
    assert "rate_limit_wait" in str(err)


def test_rate_limit_delays_are_jittered_and_capped(guance, sleeps, monkeypatch):
    monkeypatch.setattr(_client, "random", random.Random(20260101))
    guance.answer(rate_limited())
    with pytest.raises(errors.RateLimitedError):
        client_for(sleeps, rate_limit_wait=200).request(*GET[:1], **GET[1])
    assert sleeps.total == pytest.approx(200)
    assert all(0 < delay <= _client.RATE_LIMIT_MAX_DELAY for delay in sleeps.delays)
    assert 1.6 <= sleeps.delays[0] < 2.0  # 2 seconds, less up to a fifth


def test_rate_limit_wait_zero_fails_at_once(guance, sleeps):
    guance.answer(rate_limited(), OK)
    with pytest.raises(errors.RateLimitedError):
        client_for(sleeps, rate_limit_wait=0).request(*GET[:1], **GET[1])
    assert len(guance.sent) == 1 and sleeps.delays == []


def test_retry_after_is_honoured(guance, sleeps):
    guance.answer(rate_limited(retry_after=7), OK)
    client_for(sleeps).request(*GET[:1], **GET[1])
    assert sleeps.delays == [7.0]


def test_retry_after_beyond_the_wait_fails_at_once(guance, sleeps):
    guance.answer(rate_limited(retry_after=90))
    with pytest.raises(errors.RateLimitedError):
        client_for(sleeps, rate_limit_wait=60).request(*GET[:1], **GET[1])
    assert sleeps.delays == [] and len(guance.sent) == 1


def test_retry_after_zero_still_ends(guance, sleeps):
    guance.answer(rate_limited(retry_after=0))
    with pytest.raises(errors.RateLimitedError):
        client_for(sleeps, rate_limit_wait=10).request(*GET[:1], **GET[1])
    assert sleeps.total == pytest.approx(10)
    assert len(guance.sent) < 20


def test_rate_limit_waits_do_not_use_up_retries(guance, sleeps):
    guance.answer(rate_limited(), rate_limited(), error(500), OK)
    assert client_for(sleeps, retries=1).request(*GET[:1], **GET[1]).content == {"uuid": "dsbd_1"}
    assert len(guance.sent) == 4
