"""Injected faults and rate limits: what the client sees, and whether the request was carried out."""

import http.client
import socket
import time

import pytest

import run  # tests/emulator/run.py: conftest puts its folder on the path
from emulator_http import KEY_B

CREATE = "/api/v1/dashboards/create"
LIST = "/api/v1/dashboards/list"


def add_fault(client, **rule):
    return client.control("POST", "faults", rule)["fault"]


def dashboard_names(client, key="emulator-key-a"):
    return [item["name"] for item in client.ok("GET", LIST, key=key)]


def test_a_status_fault_answers_an_error_envelope_and_carries_nothing_out(client):
    add_fault(client, method="POST", path=CREATE, kind="status")
    reply = client.post(CREATE, body={"name": "lost"})
    assert (reply.status, reply.error_code, reply.json["code"], reply.json["success"]) == (500, "InternalError", 500, False)
    assert reply.json["traceId"] and reply.json["message"]
    assert dashboard_names(client) == []


def test_a_status_fault_takes_its_status_code_and_message(client):
    add_fault(client, path=LIST, kind="status", status=503, error_code="ft.Busy", message="come back later")
    reply = client.get(LIST)
    assert (reply.status, reply.error_code, reply.json["message"]) == (503, "ft.Busy", "come back later")


def test_a_fault_hits_the_next_count_matching_requests_only(client):
    add_fault(client, method="GET", path=LIST, kind="status", count=2)
    assert [client.get(LIST).status for _attempt in range(3)] == [500, 500, 200]
    assert client.control("GET", "faults")["faults"] == []


def test_a_fault_without_method_or_path_hits_any_api_request(client):
    assert add_fault(client, kind="status", count=2) == {
        "kind": "status", "method": "*", "path": ".*", "count": 2, "status": 500, "error_code": "InternalError",
        "message": "fault injected by the emulator"}
    assert client.get("/nowhere").status == 500
    assert client.post(CREATE, body={"name": "x"}).status == 500
    assert client.get(LIST).status == 200


def test_pending_faults_show_their_remaining_count(client):
    add_fault(client, path=LIST, kind="status", count=3)
    client.get(LIST)
    assert [fault["count"] for fault in client.control("GET", "faults")["faults"]] == [2]


def test_a_fault_matches_the_method(client):
    add_fault(client, method="POST", path="/api/v1/dashboards/.*", kind="status")
    assert client.get(LIST).status == 200
    assert client.post(CREATE, body={"name": "x"}).status == 500


def test_a_fault_with_any_method_matches_every_method(client):
    add_fault(client, method="*", path="/api/v1/dashboards/.*", kind="status", count=2)
    assert client.get(LIST).status == 500
    assert client.post(CREATE, body={"name": "x"}).status == 500


def test_a_fault_path_is_a_full_match_regular_expression(client):
    add_fault(client, path="/api/v1/dashboards/dsbd_[0-9a-f]{32}/get", kind="status")
    uuid = client.create("target")["uuid"]
    assert client.get("/api/v1/dashboards/%s/export" % uuid).status == 200
    assert client.get("/api/v1/dashboards/list", query={"x": "/get"}).status == 200
    add_fault(client, path="/api/v1/dashboards", kind="status")
    assert client.get(LIST).status == 200
    assert client.get("/api/v1/dashboards/%s/get" % uuid).status == 500
    assert [fault["path"] for fault in client.control("GET", "faults")["faults"]] == ["/api/v1/dashboards"]


def test_faults_apply_first_added_first(client):
    add_fault(client, path=LIST, kind="status", status=501)
    add_fault(client, path=LIST, kind="status", status=502)
    assert [client.get(LIST).status for _attempt in range(3)] == [501, 502, 200]


def test_faults_clear_drops_every_rule(client):
    add_fault(client, path=LIST, kind="status", count=5)
    client.control("POST", "faults/clear")
    assert client.get(LIST).status == 200


def test_an_html_fault_answers_a_page_that_is_not_json(client):
    add_fault(client, path=LIST, kind="html")
    reply = client.get(LIST)
    assert reply.status == 502 and reply.json is None
    assert reply.headers["Content-Type"].startswith("text/html") and b"502 Bad Gateway" in reply.raw
    add_fault(client, path=LIST, kind="html", status=504)
    assert b"504 Gateway Timeout" in client.get(LIST).raw
    add_fault(client, path=LIST, kind="html", status=599)
    reply = client.get(LIST)
    assert reply.status == 599 and b"599 Error" in reply.raw


def test_a_delay_fault_answers_normally_after_the_delay(client):
    add_fault(client, path=CREATE, kind="delay", delay=0.4)
    started = time.monotonic()
    reply = client.post(CREATE, body={"name": "slow"})
    assert reply.status == 200 and time.monotonic() - started >= 0.4
    assert dashboard_names(client) == ["slow"]


def test_a_delay_longer_than_the_client_timeout_is_a_timeout(client):
    add_fault(client, path=CREATE, kind="delay", delay=0.6)
    with pytest.raises(socket.timeout):
        client.post(CREATE, body={"name": "late"}, timeout=0.2)
    deadline = time.monotonic() + 5
    while not dashboard_names(client) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert dashboard_names(client) == ["late"], "the request went on after the client gave up"


def test_a_drop_fault_closes_the_connection_and_carries_nothing_out(client):
    add_fault(client, path=CREATE, kind="drop")
    with pytest.raises((http.client.RemoteDisconnected, ConnectionError)):
        client.post(CREATE, body={"name": "dropped"})
    assert dashboard_names(client) == []


def test_a_lost_answer_stores_the_change_then_answers_503(client):
    add_fault(client, path=CREATE, kind="lost_answer")
    reply = client.post(CREATE, body={"name": "stored anyway"})
    assert (reply.status, reply.json["success"], reply.error_code) == (503, False, "InternalError")
    assert dashboard_names(client) == ["stored anyway"]


def test_a_lost_answer_can_answer_another_status(client):
    add_fault(client, path=CREATE, kind="lost_answer", status=504, error_code="ft.GatewayTimeout", message="too slow")
    reply = client.post(CREATE, body={"name": "stored"})
    assert (reply.status, reply.error_code, reply.json["message"]) == (504, "ft.GatewayTimeout", "too slow")
    assert dashboard_names(client) == ["stored"]


def test_a_lost_answer_can_drop_the_connection_instead(client):
    add_fault(client, path=CREATE, kind="lost_answer", then="drop")
    with pytest.raises((http.client.RemoteDisconnected, ConnectionError)):
        client.post(CREATE, body={"name": "stored, no answer"})
    assert dashboard_names(client) == ["stored, no answer"]


def test_faulted_requests_are_logged_with_what_the_client_got(client):
    add_fault(client, path=LIST, kind="status", status=500)
    add_fault(client, path=LIST, kind="html")
    add_fault(client, path=LIST, kind="drop")
    add_fault(client, path=LIST, kind="lost_answer")
    for _attempt in range(4):
        try:
            client.get(LIST)
        except (http.client.RemoteDisconnected, ConnectionError):
            pass
    log = client.requests_log()
    assert [entry["status"] for entry in log] == [500, 502, None, 503]
    assert {entry["route"] for entry in log} == {LIST} and {entry["workspace"] for entry in log} == {"wksp_emulator_a"}


def test_control_requests_are_never_faulted(client):
    add_fault(client, method="*", path=".*", kind="status", count=10)
    assert client.control("GET", "config")["legacy"] is False
    client.control("POST", "faults/clear")


@pytest.mark.parametrize("rule, fragment", [
    ({}, "fault kind must be one of"),
    ({"kind": "explode"}, "fault kind must be one of"),
    ({"kind": "status", "path": "("}, "not a regular expression"),
    ({"kind": "status", "count": 0}, "count"),
    ({"kind": "status", "count": True}, "count"),
    ({"kind": "status", "status": 99}, "HTTP status"),
    ({"kind": "status", "error_code": 5}, "error_code"),
    ({"kind": "delay", "delay": -1}, "delay"),
    ({"kind": "lost_answer", "then": "explode"}, "then"),
    ({"kind": "drop", "status": 500}, "takes no status"),
    ({"kind": "status", "method": 5}, "method and path"),
])
def test_a_bad_fault_rule_is_refused(client, rule, fragment):
    reply = client.post("/__emulator/faults", body=rule, key=None)
    assert reply.status == 400 and fragment in reply.json["error"]
    assert client.control("GET", "faults")["faults"] == []


def test_rate_limits_are_off_by_default(client):
    assert all(client.get(LIST).status == 200 for _attempt in range(25))


class FakeClock:
    """The rate limiter's time source in these tests: time moves only when a test says so."""

    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture
def clocked(start_client):
    """A client of an emulator of its own whose rate limiter reads a FakeClock (clocked.clock)."""
    clock = FakeClock()
    api = start_client(clock=clock)
    api.clock = clock
    return api


def test_the_key_limit_refuses_with_401_until_the_window_has_passed(clocked):
    clocked.configure(rate_limit={"enabled": True, "per_key": 3, "window": 2})
    assert [clocked.get(LIST).status for _attempt in range(3)] == [200, 200, 200]
    reply = clocked.post(CREATE, body={"name": "refused"})
    assert (reply.status, reply.error_code, reply.json["code"], reply.json["success"]) == (401, "ft.TriggerApiAkCurrentLimiting", 401, False)
    assert "Retry-After" not in reply.headers
    clocked.clock.now += 1.999
    assert clocked.get(LIST).status == 401
    clocked.clock.now += 0.001
    assert dashboard_names(clocked) == [], "the refused create was not carried out"


def test_refused_requests_do_not_count_against_the_window(clocked):
    clocked.configure(rate_limit={"enabled": True, "per_key": 2, "window": 60})
    clocked.get(LIST)
    clocked.clock.now += 30
    clocked.get(LIST)
    for _second in range(29):
        clocked.clock.now += 1
        assert clocked.get(LIST).status == 401
    clocked.clock.now += 1  # 60 s after the first request: one slot is free, whatever was refused meanwhile
    assert [clocked.get(LIST).status for _attempt in range(2)] == [200, 401]


def test_the_limits_can_be_set_at_start(start_client):
    api = start_client(rate_limit={"per_key": 2, "window": 1.5}, clock=FakeClock())
    assert api.control("GET", "config")["rate_limit"] == {"enabled": True, "per_key": 2, "per_workspace": 200, "window": 1.5}
    assert [api.get(LIST).status for _attempt in range(3)] == [200, 200, 401]


@pytest.mark.parametrize("arguments, expected", [
    ([], False),
    (["--rate-limit"], True),
    (["--rate-limit", "--rate-window", "2"], {"window": 2.0}),
    (["--rate-limit", "--rate-per-key", "5", "--rate-window", "0.5"], {"per_key": 5, "window": 0.5}),
])
def test_run_py_takes_the_limits_from_its_options(arguments, expected, monkeypatch):
    monkeypatch.delenv("GUANCE_RATE_LIMIT", raising=False)
    monkeypatch.delenv("GUANCE_RATE_WINDOW", raising=False)
    assert run.rate_limit_of(run.parse_args(arguments)) == expected


def test_run_py_reads_the_clients_rate_variables(monkeypatch):
    monkeypatch.setenv("GUANCE_RATE_LIMIT", "7")
    monkeypatch.setenv("GUANCE_RATE_WINDOW", "2.5")
    assert run.rate_limit_of(run.parse_args(["--rate-limit"])) == {"per_key": 7, "window": 2.5}


def test_a_trickle_fault_carries_the_request_out_and_sends_the_body_slowly(client):
    add_fault(client, path=CREATE, kind="trickle", interval=0.01, chunk=40)
    reply = client.post(CREATE, body={"name": "trickled"})
    assert reply.status == 200 and reply.json["content"]["name"] == "trickled"
    assert dashboard_names(client) == ["trickled"]


def test_a_whole_trickle_sends_the_status_line_slowly_too(client):
    add_fault(client, path=LIST, kind="trickle", interval=0.2, chunk=4, whole=True)
    with socket.create_connection((client.host, client.port), timeout=5) as connection:
        connection.sendall(b"GET " + LIST.encode() + b" HTTP/1.1\r\nHost: x\r\nDF-API-KEY: emulator-key-a\r\n\r\n")
        first = connection.recv(1000)
    assert first == b"HTTP"


def test_a_trickled_body_arrives_in_pieces(client):
    add_fault(client, path=LIST, kind="trickle", interval=0.2, chunk=5)
    connection = http.client.HTTPConnection(client.host, client.port, timeout=5)
    try:
        connection.request("GET", LIST, headers={"DF-API-KEY": "emulator-key-a"})
        response = connection.getresponse()
        first = response.read1(1000)
        assert response.status == 200 and 1 <= len(first) <= 5
    finally:
        connection.close()


@pytest.mark.parametrize("rule, fragment", [
    ({"kind": "trickle", "interval": -1}, "interval"),
    ({"kind": "trickle", "interval": 11}, "interval"),
    ({"kind": "trickle", "chunk": 0}, "chunk"),
    ({"kind": "trickle", "chunk": 1.5}, "chunk"),
    ({"kind": "trickle", "whole": 1}, "whole"),
])
def test_a_bad_trickle_rule_is_refused(client, rule, fragment):
    reply = client.post("/__emulator/faults", body=rule, key=None)
    assert reply.status == 400 and fragment in reply.json["error"]


def create_named(client, count):
    for number in range(count):
        client.create("List %02d" % number)


@pytest.mark.parametrize("mode", ["once", "always"])
def test_shifting_lists_play_a_newcomer_at_the_top_between_pages(client, mode):
    create_named(client, 5)
    client.configure(shifting_lists=mode)
    first = client.get(LIST, query={"pageIndex": 1, "pageSize": 2}).json
    second = client.get(LIST, query={"pageIndex": 2, "pageSize": 2}).json
    assert (first["pageInfo"]["totalCount"], second["pageInfo"]["totalCount"]) == (5, 6)
    assert second["content"][0]["uuid"] == first["content"][-1]["uuid"], "pushed down by one"
    assert client.control("GET", "config")["shifting_lists"] == (False if mode == "once" else "always")
    again = client.get(LIST, query={"pageIndex": 2, "pageSize": 2}).json
    assert again["pageInfo"]["totalCount"] == (5 if mode == "once" else 6)


def test_shifting_lists_leave_first_pages_alone(client):
    create_named(client, 3)
    client.configure(shifting_lists="always")
    reply = client.get(LIST, query={"pageIndex": 1, "pageSize": 2}).json
    assert reply["pageInfo"]["totalCount"] == 3 and len(reply["content"]) == 2
    assert client.control("GET", "config")["shifting_lists"] == "always"


def test_the_workspace_limit_counts_every_key_of_the_workspace(client):
    client.control("POST", "load", {"workspaces": [{"uuid": "wksp_two_keys", "keys": ["key-one", "key-two"]}]})
    client.configure(rate_limit={"enabled": True, "per_key": 10, "per_workspace": 3, "window": 5})
    assert [client.get(LIST, key=key).status for key in ("key-one", "key-one", "key-two")] == [200, 200, 200]
    reply = client.get(LIST, key="key-two")
    assert (reply.status, reply.error_code) == (401, "ft.TriggerApiWorkspaceCurrentLimiting")
    assert client.get(LIST, key=KEY_B).status == 200, "other workspaces have windows of their own"


def test_keys_have_windows_of_their_own(client):
    client.configure(rate_limit={"enabled": True, "per_key": 1, "window": 5})
    assert client.get(LIST).status == 200
    assert client.get(LIST).error_code == "ft.TriggerApiAkCurrentLimiting"
    assert client.get(LIST, key=KEY_B).status == 200


def test_the_documented_limits_are_the_defaults(client):
    client.configure(rate_limit={"enabled": True})
    statuses = [client.get(LIST).status for _attempt in range(21)]
    assert statuses == [200] * 20 + [401]


def test_changing_the_rate_limit_config_starts_fresh_windows(client):
    client.configure(rate_limit={"enabled": True, "per_key": 1, "window": 30})
    client.get(LIST)
    assert client.get(LIST).status == 401
    client.configure(rate_limit={"per_key": 2})
    assert client.get(LIST).status == 200


def test_rate_limited_requests_are_logged(client):
    client.configure(rate_limit={"enabled": True, "per_key": 1, "window": 30})
    client.get(LIST)
    client.get(LIST)
    assert [entry["status"] for entry in client.requests_log()] == [200, 401]


def test_rate_limits_can_be_on_from_the_start_and_a_reset_starts_fresh_windows(start_client):
    api = start_client(rate_limit=True)
    assert api.control("GET", "config")["rate_limit"] == {"enabled": True, "per_key": 20, "per_workspace": 200, "window": 60}
    assert [api.get(LIST).status for _attempt in range(21)] == [200] * 20 + [401]
    api.control("POST", "reset")
    assert api.get(LIST).status == 200
