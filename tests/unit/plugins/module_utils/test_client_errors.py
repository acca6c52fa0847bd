# -*- coding: utf-8 -*-
# Copyright: (c) 2026, guance.cloud maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""How the client reads Guance's envelope: which error class each answer becomes, what the error
says, and what a successful answer carries. The transport is faked below requests (no network)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.guance.cloud.plugins.module_utils import _errors as errors
from ansible_collections.guance.cloud.plugins.module_utils._client import unwrap_items
from ansible_collections.guance.cloud.tests.unit.fixtures.client.fake_http import (
    envelope,
    error,
    raw,
)

KEY = "sk-0123-do-not-leak-4567"
OBJECTS = {"route": "objects.list", "path": {"object_class": "HOST"}}  # a GET route without a legacy twin


@pytest.fixture
def client_for(client_for):
    """No retries and no rate-limit wait: each test here looks at how a single answer is read."""
    def make(**options):
        return client_for(**dict(dict(retries=0, rate_limit_wait=0), **options))
    return make


def failure(client, route="objects.list", **kwargs):
    with pytest.raises(errors.GuanceError) as caught:
        client.request(route, **(kwargs or {"path": {"object_class": "HOST"}}))
    return caught.value


def assert_no_key(err):
    for text in (str(err), repr(err), err.message, repr(err.args), repr(err.details())):
        assert KEY not in text


# (HTTP status, errorCode, expected class). The errorCode decides first (401 means both a bad key
# and a rate limit); the status decides where Guance documents no code.
CLASSIFICATION = [
    (403, "ft.InvalidAPIKey", errors.InvalidAPIKeyError),
    (401, "ft.InvalidAPIKey", errors.InvalidAPIKeyError),
    (403, "InvalidApiKey", errors.InvalidAPIKeyError),
    (401, "InvalidApiKey", errors.InvalidAPIKeyError),
    (401, "ft.TriggerApiAkCurrentLimiting", errors.RateLimitedError),
    (401, "ft.TriggerApiWorkspaceCurrentLimiting", errors.RateLimitedError),
    (400, "RouterNotFound", errors.RouteNotFoundError),
    (401, "", errors.InvalidAPIKeyError),
    (403, "", errors.PermissionDeniedError),
    (404, "", errors.NotFoundError),
    (404, "ft.DataNotFound", errors.NotFoundError),
    (400, "", errors.ParameterError),
    (400, "ft.ParamError", errors.ParameterError),
    (500, "InternalError", errors.ServerError),
    (503, "InternalError", errors.ServerError),
    (500, "", errors.ServerError),
]


@pytest.mark.parametrize("status, code, expected", CLASSIFICATION)
def test_each_answer_becomes_its_error_class(client_for, fake_http, sleeps, status, code, expected):
    fake_http.answer(error(status, code, message="the server says no", trace_id="trace-abc123"))

    err = failure(client_for())

    assert type(err) is expected  # pylint: disable=unidiomatic-typecheck
    assert (err.status, err.error_code, err.trace_id) == (status, code or None, "trace-abc123")
    assert len(fake_http.sent) == 1 and sleeps.delays == []
    text = str(err)
    assert "HTTP %d" % status in text
    assert "the server says no" in text and "traceId trace-abc123" in text
    assert ("errorCode %s" % code in text) if code else "errorCode" not in text
    assert "GET /api/v1/object/{object_class}/list" in text
    assert_no_key(err)


@pytest.mark.parametrize("status, code, expected", [
    (403, "ft.TriggerApiAkCurrentLimiting", errors.RateLimitedError),
    (404, "RouterNotFound", errors.RouteNotFoundError),
    (400, "ft.InvalidAPIKey", errors.InvalidAPIKeyError),
])
def test_error_code_wins_over_status(client_for, fake_http, sleeps, status, code, expected):
    fake_http.answer(error(status, code))
    assert type(failure(client_for())) is expected  # pylint: disable=unidiomatic-typecheck


def test_details_give_the_facts_for_fail_json(client_for, fake_http, sleeps):
    fake_http.answer(error(404, "ft.DataNotFound", message="dashboard not found", trace_id="trace-404"))
    err = failure(client_for(), "dashboards.get", path={"uuid": "dsbd_missing"})
    assert err.details() == {"status": 404, "error_code": "ft.DataNotFound", "trace_id": "trace-404"}


def test_error_text_never_holds_the_key_even_when_the_server_echoes_it(client_for, fake_http, sleeps):
    fake_http.answer(error(403, "ft.InvalidAPIKey", message="invalid key %s" % KEY))
    err = failure(client_for())
    assert "invalid key" in str(err)
    assert_no_key(err)


def test_error_text_never_holds_the_key_of_a_proxy_page_that_echoes_headers(client_for, fake_http, sleeps):
    fake_http.answer(raw(400, "<html><pre>DF-API-KEY: %s</pre></html>" % KEY))
    err = failure(client_for())
    assert type(err) is errors.MalformedResponseError  # pylint: disable=unidiomatic-typecheck
    assert "DF-API-KEY" in str(err)
    assert_no_key(err)


def test_missing_message_falls_back_to_the_http_reason(client_for, fake_http, sleeps):
    fake_http.answer(envelope(None, status=404, message="", trace_id=""))
    err = failure(client_for())
    assert "Not Found" in str(err)
    assert err.trace_id is None and "traceId" not in str(err)


def test_error_text_carries_the_hint_of_its_class(client_for, fake_http, sleeps):
    fake_http.answer(error(403, "ft.InvalidAPIKey"))
    err = failure(client_for())
    assert str(err).endswith(errors.InvalidAPIKeyError.hint)
    assert "api_key" in err.hint


# Answers that are not Guance's envelope: a gateway's page, plain text, JSON of another shape.
MALFORMED = [
    (502, "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>", "text/html"),
    (403, "<html><body>Request blocked by the firewall</body></html>", "text/html"),
    (200, "OK", "text/plain"),
    (200, "", "application/json"),
    (200, '{"data": [1, 2]}', "application/json"),
    (200, "[1, 2]", "application/json"),
    (200, '"just a string"', "application/json"),
]


@pytest.mark.parametrize("status, body, content_type", MALFORMED)
def test_answers_without_the_envelope_are_malformed(client_for, fake_http, sleeps, status, body, content_type):
    fake_http.answer(raw(status, body, content_type=content_type))
    err = failure(client_for())
    assert type(err) is errors.MalformedResponseError  # pylint: disable=unidiomatic-typecheck
    assert err.status == status and "HTTP %d" % status in str(err)
    assert body[:40] in str(err)
    assert len(fake_http.sent) == 1


def test_malformed_answer_quotes_only_the_start_of_a_long_body(client_for, fake_http, sleeps):
    body = "<html>" + "start-of-page " + "x" * 5000 + " END-OF-PAGE</html>"
    fake_http.answer(raw(502, body))
    text = str(failure(client_for()))
    assert "start-of-page" in text and "END-OF-PAGE" not in text
    assert len(text) < 600


def test_a_4xx_page_from_a_proxy_is_not_retried(client_for, fake_http, sleeps):
    fake_http.answer(raw(403, "<html>denied by proxy</html>"))
    with pytest.raises(errors.MalformedResponseError):
        client_for(retries=3).request("dashboards.get", path={"uuid": "dsbd_1"})
    assert len(fake_http.sent) == 1 and sleeps.delays == []


@pytest.mark.parametrize("error_code", ["", None])
def test_success_with_empty_or_null_error_code(client_for, fake_http, sleeps, error_code):
    fake_http.answer(envelope({"uuid": "dsbd_1", "name": "Hosts"}, error_code=error_code, trace_id="trace-ok"))
    answer = client_for().request("dashboards.get", path={"uuid": "dsbd_1"})
    assert answer.content == {"uuid": "dsbd_1", "name": "Hosts"}
    assert (answer.status, answer.trace_id, answer.page_info) == (200, "trace-ok", None)


def test_success_carries_page_info(client_for, fake_http, sleeps):
    info = {"count": 1, "pageIndex": 1, "pageSize": 100, "totalCount": 1}
    fake_http.answer(envelope([{"uuid": "dsbd_1"}], page_info=info))
    assert client_for().request("dashboards.list").page_info == info


@pytest.mark.parametrize("content", [True, {"dsbd_1": "Hosts"}, None, []])
def test_success_passes_content_through_as_sent(client_for, fake_http, sleeps, content):
    fake_http.answer(envelope(content))
    assert client_for().request("dashboards.delete", path={"uuid": "dsbd_1"}).content == content


def test_a_200_that_says_success_false_is_an_error(client_for, fake_http, sleeps):
    fake_http.answer(envelope(None, status=200, error_code="ft.ParamError", message="name too long", success=False))
    err = failure(client_for())
    assert (err.status, err.error_code) == (200, "ft.ParamError")
    assert "name too long" in str(err)


ITEMS = [{"uuid": "dsbd_1"}, {"uuid": "dsbd_2"}]


@pytest.mark.parametrize("content", [
    ITEMS,
    {"data": ITEMS},
    {"data": ITEMS, "limit": 100, "offset": 0, "total_count": 2},
], ids=["bare list", "data object", "data with limit, offset, total_count"])
def test_unwrap_items_reads_the_three_content_shapes(content):
    assert unwrap_items(content) == ITEMS


def test_unwrap_items_of_no_content_is_empty():
    assert unwrap_items(None) == []


@pytest.mark.parametrize("content", [{"uuid": "dsbd_1"}, {"data": None}, {"data": {"a": 1}}, "text", 3])
def test_unwrap_items_refuses_content_without_a_list(content):
    with pytest.raises(errors.MalformedResponseError):
        unwrap_items(content)


def test_every_error_is_a_guance_error():
    for name in ("OptionError", "ConflictError", "InvalidAPIKeyError", "PermissionDeniedError", "NotFoundError",
                 "RouteNotFoundError", "RateLimitedError", "ParameterError", "ServerError", "TransportError",
                 "MalformedResponseError", "OutcomeUnknownError"):
        assert issubclass(getattr(errors, name), errors.GuanceError), name


def test_error_text_without_server_facts_is_the_message():
    assert str(errors.OptionError("site must be one of cn1, us1")) == "site must be one of cn1, us1"
    assert errors.OptionError("x").details() == {"status": None, "error_code": None, "trace_id": None}


def test_error_text_orders_the_facts_and_appends_the_hint():
    err = errors.ServerError("GET /x failed: boom", status=503, error_code="InternalError", trace_id="t-1", hint="Try later")
    assert str(err) == "GET /x failed: boom (HTTP 503, errorCode InternalError, traceId t-1). Try later"


@pytest.mark.parametrize("reply", [raw(429, "<html>Too Many Requests</html>"), error(429, "", "slow down")])
def test_a_429_from_a_proxy_or_guance_is_a_rate_limit(client_for, fake_http, sleeps, reply):
    fake_http.answer(reply)
    err = failure(client_for())
    assert isinstance(err, errors.RateLimitedError) and err.status == 429
