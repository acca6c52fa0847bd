# -*- coding: utf-8 -*-
# Copyright: (c) 2026, guance.cloud maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The client against the local Guance emulator (tests/emulator/run.py) over real HTTP: envelopes,
keys and workspaces, paging, the legacy routes, injected faults and rate limits. Requests are
counted from the emulator's own request log. The emulator runs in this process; nothing sleeps for
real but the emulator's own delay faults (a fraction of a second)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import socket
from concurrent.futures import ThreadPoolExecutor

import pytest

from ansible_collections.guance.cloud.plugins.module_utils import _errors as errors
from ansible_collections.guance.cloud.plugins.module_utils._client import GuanceClient
from ansible_collections.guance.cloud.tests.unit.conftest import EMULATOR_KEY_A as KEY_A, EMULATOR_KEY_B as KEY_B


@pytest.fixture
def control(emulator):
    return emulator()


@pytest.fixture
def client_for(control, sleeps):
    def make(key=KEY_A, **options):
        settings = dict(endpoint=control.url, api_key=key, timeout=5, retries=2, rate_limit_wait=0, sleep=sleeps, clock=sleeps.time)
        settings.update(options)
        return GuanceClient(**settings)
    return make


def create(client, name, **fields):
    return client.request("dashboards.create", body=dict(fields, name=name)).content


# Round trips

def test_envelope_round_trip_of_a_dashboard(control, client_for):
    client = client_for()
    created = create(client, "Hosts overview", desc="every host", tagNames=["prod"])
    assert created["uuid"].startswith("dsbd_") and created["name"] == "Hosts overview"

    answer = client.request("dashboards.get", path={"uuid": created["uuid"]})
    assert (answer.status, answer.content["uuid"], answer.content["desc"]) == (200, created["uuid"], "every host")
    assert answer.trace_id

    client.request("dashboards.modify", path={"uuid": created["uuid"]}, body={"desc": "changed"})
    assert client.request("dashboards.get", path={"uuid": created["uuid"]}).content["desc"] == "changed"

    assert client.request("dashboards.delete", path={"uuid": created["uuid"]}).content in (True, {created["uuid"]: "Hosts overview"})
    with pytest.raises(errors.NotFoundError) as caught:
        client.request("dashboards.get", path={"uuid": created["uuid"]})
    assert caught.value.status == 404 and caught.value.trace_id
    assert [entry["status"] for entry in control.requests()] == [200, 200, 200, 200, 200, 404]


def test_success_with_a_null_error_code(control, client_for):
    control.config(success_error_code=None)
    assert list(client_for().paginate("dashboards.list")) == []


def test_refused_parameter_is_a_parameter_error(control, client_for):
    with pytest.raises(errors.ParameterError) as caught:
        create(client_for(), "x" * 200)
    assert caught.value.status == 400 and caught.value.error_code


@pytest.mark.parametrize("status", [403, 401])
def test_invalid_key(control, client_for, status):
    control.config(invalid_key_status=status)
    with pytest.raises(errors.InvalidAPIKeyError) as caught:
        client_for(key="not-a-key-of-anyone").request("dashboards.list")
    err = caught.value
    assert (err.status, err.error_code) == (status, "ft.InvalidAPIKey")
    assert "not-a-key-of-anyone" not in str(err)
    assert len(control.requests()) == 1  # neither retried nor waited on


def test_workspaces_are_isolated_by_key(control, client_for):
    created = create(client_for(KEY_A), "Only in A")
    other = client_for(KEY_B)
    assert list(other.paginate("dashboards.list")) == []
    with pytest.raises(errors.NotFoundError):
        other.request("dashboards.get", path={"uuid": created["uuid"]})
    assert [item["uuid"] for item in client_for(KEY_A).paginate("dashboards.list")] == [created["uuid"]]


def create_many(make_client, names, workers=10):
    """Creates dashboards through the API from a few clients at once, quicker than one by one."""
    def create_all(chunk):
        client = make_client()
        return [create(client, name) for name in chunk]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        jobs = [pool.submit(create_all, names[first::workers]) for first in range(workers)]
        return [dashboard for job in jobs for dashboard in job.result()]


def test_paging_over_250_dashboards(control, client_for):
    assert len(create_many(client_for, ["Dashboard %03d" % number for number in range(250)])) == 250
    control.clear_requests()

    items = list(client_for().paginate("dashboards.list", query={"search": "Dashboard"}))

    assert len(items) == 250 and len(set(item["uuid"] for item in items)) == 250
    assert [(entry["query"]["pageIndex"], entry["query"]["pageSize"]) for entry in control.requests()] == [
        ("1", "100"), ("2", "100"), ("3", "100")]


def test_legacy_server_is_spoken_to_on_the_singular_routes(control, client_for):
    control.config(legacy=True)
    client = client_for()
    created = create(client, "Legacy")
    client.request("dashboards.get", path={"uuid": created["uuid"]})
    assert list(item["uuid"] for item in client.paginate("dashboards.list")) == [created["uuid"]]
    assert control.statuses() == [
        ("POST", "/api/v1/dashboards/create", 400),  # the only refused request of the run
        ("POST", "/api/v1/dashboard/create", 200),
        ("GET", "/api/v1/dashboard/%s/get" % created["uuid"], 200),
        ("GET", "/api/v1/dashboard/list", 200),
    ]
    assert len(control.held("dashboards")) == 1  # the refused create stored nothing
    with pytest.raises(errors.RouteNotFoundError):
        client.request("objects.query", body={"queries": []})


# Faults

def test_server_errors_on_a_read_are_retried(control, client_for, sleeps):
    control.fault(method="GET", path="/api/v1/dashboards/list", kind="status", status=500, count=2)
    assert client_for().request("dashboards.list").status == 200
    assert [status for method, path, status in control.statuses()] == [500, 500, 200]
    assert len(sleeps.delays) == 2


def test_server_errors_beyond_the_retries_fail(control, client_for):
    control.fault(method="GET", path="/api/v1/dashboards/list", kind="status", status=503, count=5)
    with pytest.raises(errors.ServerError):
        client_for(retries=2).request("dashboards.list")
    assert len(control.requests()) == 3


@pytest.mark.parametrize("then", ["status", "drop"])
def test_lost_answer_of_a_create_is_outcome_unknown_and_never_repeated(control, client_for, then):
    control.fault(method="POST", path="/api/v1/dashboards/create", kind="lost_answer", then=then)
    with pytest.raises(errors.OutcomeUnknownError):
        create(client_for(), "Created but unanswered")
    assert [dashboard["name"] for dashboard in control.held("dashboards")] == ["Created but unanswered"]
    assert len(control.requests()) == 1


def test_gateway_page_is_malformed(control, client_for):
    control.fault(method="GET", path="/api/v1/dashboards/list", kind="html", status=502, count=3)
    with pytest.raises(errors.MalformedResponseError) as caught:
        client_for(retries=2).request("dashboards.list")
    assert caught.value.status == 502 and "502 Bad Gateway" in str(caught.value)
    assert len(control.requests()) == 3


def test_slow_read_times_out_and_is_retried(control, client_for):
    control.fault(method="GET", path="/api/v1/dashboards/list", kind="delay", delay=1.0)
    assert client_for(timeout=0.3).request("dashboards.list").status == 200
    assert [status for method, path, status in control.statuses()][1:] == [200]
    assert len(control.requests()) == 2


def test_slow_read_beyond_the_retries_is_a_transport_error(control, client_for):
    control.fault(method="GET", path="/api/v1/dashboards/list", kind="delay", delay=1.0)
    with pytest.raises(errors.TransportError) as caught:
        client_for(timeout=0.3, retries=0).request("dashboards.list")
    assert "got no whole answer within timeout (0.3 s); the read failed after 1 attempt" in str(caught.value)


def test_dropped_connection_on_a_read_is_retried(control, client_for):
    control.fault(method="GET", path="/api/v1/dashboards/list", kind="drop")
    assert client_for().request("dashboards.list").status == 200
    assert [status for method, path, status in control.statuses()] == [None, 200]


def test_dropped_connection_on_a_change_is_outcome_unknown(control, client_for):
    control.fault(method="POST", path="/api/v1/dashboards/create", kind="drop")
    with pytest.raises(errors.OutcomeUnknownError):
        create(client_for(), "Maybe")
    assert len(control.requests()) == 1


def test_refused_connection_is_retried_even_for_a_change(sleeps):
    # A port nobody listens on: the request cannot have left, so a POST may be repeated.
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    client = GuanceClient("http://127.0.0.1:%d" % port, "k", retries=2, sleep=sleeps)
    with pytest.raises(errors.TransportError) as caught:
        client.request("dashboards.create", body={"name": "x"})
    assert client.request_count == 3 and len(sleeps.delays) == 2
    assert "the change was never sent, in 3 attempts" in str(caught.value)


# Rate limits

def test_rate_limit_is_waited_out_until_the_window_frees_up(emulator, sleeps):
    control = emulator(rate_limit={"per_key": 3, "window": 2}, clock=sleeps.time)
    url = control.url

    def client(wait):
        return GuanceClient(url, KEY_A, rate_limit_wait=wait, sleep=sleeps, clock=sleeps.time, rate_limit=3, rate_window=2)
    impatient = client(0)
    for unused in range(3):
        impatient.request("dashboards.list")
    with pytest.raises(errors.RateLimitedError) as caught:
        impatient.request("dashboards.list")
    assert caught.value.error_code == "ft.TriggerApiAkCurrentLimiting"
    assert sleeps.delays == []

    create(client(10), "After the wait")

    # The three requests of the window were answered at the same (fake) moment: one wait of the window.
    assert sleeps.delays == [2.0]
    assert [status for method, path, status in control.statuses()] == [200, 200, 200, 401, 200]
    assert [dashboard["name"] for dashboard in control.held("dashboards")] == ["After the wait"]
