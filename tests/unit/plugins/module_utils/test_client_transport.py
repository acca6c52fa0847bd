# -*- coding: utf-8 -*-
# Copyright: (c) 2026, guance.cloud maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What the client puts on the wire: URL, query, body, headers, timeout and TLS settings, one
session for the whole run. The transport is faked below requests (no network)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import re

import pytest

from ansible_collections.guance.cloud.plugins.module_utils import _client
from ansible_collections.guance.cloud.plugins.module_utils._errors import TransportError
from ansible_collections.guance.cloud.tests.unit.fixtures.client.fake_http import (
    envelope,
    page,
    tls_failure,
)

KEY = "sk-0123-do-not-leak-4567"
GALAXY_YML = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "..", "galaxy.yml")


@pytest.fixture
def fake_http(fake_http):
    """The shared fake HTTP layer, answering every request with an empty success."""
    return fake_http.answer(envelope({}))


def test_constructing_a_client_sends_nothing_and_opens_no_session(client_for, fake_http, sleeps):
    client = client_for()
    assert fake_http.sent == [] and fake_http.sessions == []
    assert client.request_count == 0


def test_one_session_serves_every_request(client_for, fake_http, sleeps):
    client = client_for()
    client.request("dashboards.get", path={"uuid": "dsbd_1"})
    client.request("dashboards.list", query={"search": "a"})
    client.request("dashboards.create", body={"name": "Hosts"})
    assert len(fake_http.sessions) == 1
    assert client.request_count == len(fake_http.sent) == 3


def test_every_request_carries_key_content_type_and_user_agent(client_for, fake_http, sleeps):
    client = client_for()
    client.request("dashboards.get", path={"uuid": "dsbd_1"})
    client.request("dashboards.create", body={"name": "Hosts"})
    for sent in fake_http.sent:
        assert sent.headers["DF-API-KEY"] == KEY
        assert sent.headers["Content-Type"] == "application/json"
        assert sent.headers["User-Agent"].startswith("guance.cloud/%s " % _client.COLLECTION_VERSION)


def test_the_key_travels_in_its_header_only(client_for, fake_http, sleeps):
    client = client_for()
    client.request("dashboards.list", query={"search": "x"})
    client.request("dashboards.create", body={"name": "Hosts"})
    for sent in fake_http.sent:
        assert [name for name, value in sent.headers.items() if KEY in value] == ["DF-API-KEY"]
        assert KEY not in sent.raw_query and KEY not in sent.path
        assert KEY.encode("utf-8") not in (sent.raw_body or b"")


def test_user_agent_names_the_version_of_galaxy_yml():
    if not os.path.exists(GALAXY_YML):
        pytest.skip("galaxy.yml is not part of this test tree")
    with open(GALAXY_YML) as handle:
        version = re.search(r"^version:\s*['\"]?([^'\"\s]+)", handle.read(), re.M).group(1)
    assert _client.COLLECTION_VERSION == version
    assert "guance.cloud/%s" % version in _client.USER_AGENT


def test_extra_headers_are_sent_but_cannot_replace_key_or_content_type(client_for, fake_http, sleeps):
    headers = {"X-Proxy-Token": "p-1", "df-api-key": "someone-else", "Content-Type": "text/plain"}
    client_for(headers=headers).request("dashboards.get", path={"uuid": "dsbd_1"})
    sent = fake_http.sent[0].headers
    assert sent["X-Proxy-Token"] == "p-1"
    assert sent["DF-API-KEY"] == KEY and "someone-else" not in sent.values()
    assert sent["Content-Type"] == "application/json"


def test_extra_headers_of_the_caller_are_not_changed(client_for, fake_http, sleeps):
    headers = {"X-Proxy-Token": "p-1"}
    client_for(headers=headers).request("dashboards.get", path={"uuid": "dsbd_1"})
    assert headers == {"X-Proxy-Token": "p-1"}


def test_url_joins_endpoint_and_route(client_for, fake_http, sleeps):
    client_for(endpoint="http://127.0.0.1:8000/").request("dashboards.get", path={"uuid": "dsbd_1"})
    sent = fake_http.sent[0]
    assert (sent.scheme, sent.host, sent.port, sent.path) == ("http", "127.0.0.1", 8000, "/api/v1/dashboards/dsbd_1/get")


def test_endpoint_with_a_path_prefix_keeps_it(client_for, fake_http, sleeps):
    client_for(endpoint="https://gw.example/guance/").request("dashboards.list")
    assert fake_http.sent[0].path == "/guance/api/v1/dashboards/list"


@pytest.mark.parametrize("value, on_the_wire", [
    ("dsbd_x/../y z?a=1#f", "dsbd_x%2F..%2Fy%20z%3Fa%3D1%23f"),
    ("dsbd_custom_0123", "dsbd_custom_0123"),
])
def test_path_parameters_are_quoted(client_for, fake_http, sleeps, value, on_the_wire):
    client_for().request("dashboards.get", path={"uuid": value})
    assert fake_http.sent[0].path == "/api/v1/dashboards/%s/get" % on_the_wire
    assert fake_http.sent[0].raw_query == ""


def test_query_lists_are_json_text_and_unset_values_dropped(client_for, fake_http, sleeps):
    query = {"tagNames": ["prod", "生产"], "search": "Hosts & more", "pageIndex": 2, "flag": True, "off": False, "unset": None}
    client_for().request("dashboards.list", query=query)
    sent = fake_http.sent[0].query
    assert sent == {"tagNames": '["prod","生产"]', "search": "Hosts & more", "pageIndex": "2", "flag": "true", "off": "false"}
    assert json.loads(sent["tagNames"]) == ["prod", "生产"]


def test_caller_query_is_not_changed(client_for, fake_http, sleeps):
    query = {"tagNames": ["prod"], "unset": None}
    client_for().request("dashboards.list", query=query)
    assert query == {"tagNames": ["prod"], "unset": None}


def test_post_body_is_utf8_json(client_for, fake_http, sleeps):
    body = {"name": "主机概览", "tagNames": ["prod"], "extend": {}}
    client_for().request("dashboards.create", body=body)
    sent = fake_http.sent[0]
    assert (sent.method, sent.path) == ("POST", "/api/v1/dashboards/create")
    assert sent.body == body
    assert "主机概览".encode("utf-8") in sent.raw_body


def test_get_and_body_less_delete_send_no_body(client_for, fake_http, sleeps):
    client = client_for()
    client.request("dashboards.get", path={"uuid": "dsbd_1"})
    client.request("dashboards.delete", path={"uuid": "dsbd_1"})
    assert fake_http.routes == ["GET /api/v1/dashboards/dsbd_1/get", "POST /api/v1/dashboards/dsbd_1/delete"]
    assert [sent.raw_body for sent in fake_http.sent] == [None, None]


def test_timeout_applies_to_connect_and_read(client_for, fake_http, sleeps):
    client_for(timeout=12.5).request("dashboards.get", path={"uuid": "dsbd_1"})
    timeout = fake_http.sent[0].timeout
    assert (timeout.connect_timeout, timeout.read_timeout) == (12.5, 12.5)


def test_certificates_are_verified_by_default(client_for, fake_http, sleeps):
    client_for().request("dashboards.list")
    assert fake_http.sent[0].cert_reqs == "CERT_REQUIRED"
    assert fake_http.sent[0].ca_certs  # requests' default bundle


def test_ca_path_is_the_bundle_to_verify_with(client_for, fake_http, sleeps, tmp_path):
    bundle = tmp_path / "private-ca.pem"
    bundle.write_text(u"-----BEGIN CERTIFICATE-----\n")
    client_for(ca_path=str(bundle)).request("dashboards.list")
    assert (fake_http.sent[0].cert_reqs, fake_http.sent[0].ca_certs) == ("CERT_REQUIRED", str(bundle))


@pytest.mark.parametrize("ca_path", [None, "/etc/ssl/some-ca.pem"])
def test_validate_certs_false_turns_verification_off(client_for, fake_http, sleeps, ca_path):
    client_for(validate_certs=False, ca_path=ca_path).request("dashboards.list")
    assert (fake_http.sent[0].cert_reqs, fake_http.sent[0].ca_certs) == ("CERT_NONE", None)


@pytest.mark.parametrize("route, options", [
    ("dashboards.get", {"path": {"uuid": "dsbd_1"}}),
    ("dashboards.create", {"body": {"name": "Hosts"}}),
])
def test_tls_failure_is_a_transport_error_and_not_retried(client_for, fake_http, sleeps, route, options):
    fake_http.script[:] = [tls_failure()]
    with pytest.raises(TransportError) as caught:
        client_for(retries=3).request(route, **options)
    assert len(fake_http.sent) == 1 and sleeps.delays == []
    assert "TLS" in str(caught.value) and "CERTIFICATE_VERIFY_FAILED" in str(caught.value)
    assert "validate_certs" in str(caught.value)  # the hint
    assert KEY not in str(caught.value)


def test_repr_names_the_endpoint_but_not_the_key(client_for, fake_http, sleeps):
    client = client_for()
    client.request("dashboards.list")  # a live session must not change that
    assert "https://openapi.example" in repr(client)
    assert KEY not in repr(client) and KEY not in str(client)


def test_request_count_counts_every_attempt(client_for, fake_http, sleeps):
    fake_http.script[:] = [envelope(None, status=500, error_code="InternalError"), page([], total=0)]
    client = client_for(retries=2)
    client.request("dashboards.list")
    assert client.request_count == 2 == len(fake_http.sent)
