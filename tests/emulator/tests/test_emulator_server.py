"""The server as a whole: start and stop, the envelope, keys, routing, malformed requests."""

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time

import pytest

import guance_emulator.dashboards
from emulator_http import EMULATOR_DIR, KEY_A, KEY_B, NO_BODY, Client

RUN_PY = os.path.join(EMULATOR_DIR, "run.py")
ENVELOPE_KEYS = {"code", "content", "pageInfo", "errorCode", "message", "success", "traceId"}


def start_run_py(*args):
    process = subprocess.Popen([sys.executable, RUN_PY, "--port", "0", *args],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return process, process.stdout.readline().strip()


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_run_py_prints_the_url_first_and_stops_cleanly_on_a_signal(signum):
    process, base_url = start_run_py()
    try:
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+", base_url)
        assert Client(base_url).control("GET", "config")["legacy"] is False
        process.send_signal(signum)
        assert process.wait(timeout=5) == 0
        assert process.stderr.read() == ""
    finally:
        process.kill()
        process.communicate()


def test_run_py_options_reach_the_emulator():
    process, base_url = start_run_py("--legacy", "--rate-limit", "--hosts", "5")
    try:
        api = Client(base_url)
        config = api.control("GET", "config")
        assert config["legacy"] is True and config["rate_limit"]["enabled"] is True
        reply = api.get("/api/v1/object/HOST/list", query={"pageSize": 1})
        assert reply.json["pageInfo"]["totalCount"] == 12 + 5
    finally:
        process.terminate()
        process.communicate(timeout=5)


@pytest.mark.parametrize("args, status, fragment", [
    (["--port", "70000"], 2, "--port must be between"),
    (["--hosts", "-1"], 2, "--hosts must not be negative"),
    (["--seed", "{tmp}/seed.json"], 1, "cannot start"),
    (["--state-file", "{tmp}/state.json"], 1, "is not a state file of the emulator"),
])
def test_run_py_refuses_bad_options_and_files(tmp_path, args, status, fragment):
    (tmp_path / "seed.json").write_text("not json")
    (tmp_path / "state.json").write_text('{"workspaces": []}')
    command = [sys.executable, RUN_PY, "--port", "0"] + [arg.format(tmp=tmp_path) for arg in args]
    result = subprocess.run(command, capture_output=True, text=True, timeout=10, check=False)
    assert result.returncode == status and result.stdout == ""
    assert fragment in result.stderr


def test_run_py_reports_a_port_in_use():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        result = subprocess.run([sys.executable, RUN_PY, "--port", str(taken.getsockname()[1])],
                                capture_output=True, text=True, timeout=10, check=False)
    assert result.returncode == 1
    assert result.stdout == "" and "cannot start" in result.stderr


def test_the_server_listens_on_loopback_only(emulator_url):
    assert emulator_url.startswith("http://127.0.0.1:")


def test_a_success_carries_the_whole_envelope(client):
    reply = client.get("/api/v1/dashboards/list")
    assert reply.status == 200
    assert reply.headers["Content-Type"].startswith("application/json")
    assert set(reply.json) == ENVELOPE_KEYS
    assert reply.json["code"] == 200 and reply.json["success"] is True
    assert reply.json["errorCode"] == "" and reply.json["message"] == ""
    assert reply.json["traceId"]


def test_a_non_paged_answer_has_a_null_page_info(client):
    uuid = client.create("plain")["uuid"]
    reply = client.get("/api/v1/dashboards/%s/get" % uuid)
    assert set(reply.json) == ENVELOPE_KEYS and reply.json["pageInfo"] is None


def test_a_failure_carries_the_whole_envelope(client):
    reply = client.get("/api/v1/dashboards/dsbd_0123456789abcdef0123456789abcdef/get")
    assert set(reply.json) == ENVELOPE_KEYS
    assert (reply.status, reply.json["code"], reply.json["success"]) == (404, 404, False)
    assert reply.json["errorCode"] == "ft.DataNotFound" and reply.json["message"]
    assert reply.json["content"] is None and reply.json["traceId"]


def test_trace_ids_differ_between_requests(client):
    trace_ids = {client.get("/api/v1/dashboards/list").json["traceId"] for _attempt in range(5)}
    trace_ids.add(client.get("/nowhere").json["traceId"])
    assert len(trace_ids) == 6


def test_success_error_code_can_be_null(client):
    client.configure(success_error_code=None)
    assert client.get("/api/v1/dashboards/list").json["errorCode"] is None
    assert client.get("/nowhere").json["errorCode"] == "RouterNotFound"


@pytest.mark.parametrize("key", [None, "", "not-a-key"])
def test_a_missing_or_unknown_key_is_refused(client, key):
    reply = client.get("/api/v1/dashboards/list", key=key)
    assert (reply.status, reply.error_code, reply.json["code"]) == (403, "ft.InvalidAPIKey", 403)
    assert reply.json["success"] is False


def test_invalid_key_status_can_be_401(client):
    client.configure(invalid_key_status=401)
    reply = client.get("/api/v1/dashboards/list", key="not-a-key")
    assert (reply.status, reply.error_code, reply.json["code"]) == (401, "ft.InvalidAPIKey", 401)


def test_no_answer_shows_the_key(client):
    uuid = client.create("secretive")["uuid"]
    replies = [client.get("/api/v1/dashboards/%s/get" % uuid), client.get("/api/v1/dashboards/%s/export" % uuid),
               client.get("/api/v1/dashboards/list", key="wrong-key")]
    assert all(KEY_A.encode() not in reply.raw and b"wrong-key" not in reply.raw for reply in replies)


@pytest.mark.parametrize("method, path", [
    ("GET", "/nowhere"),
    ("GET", "/api/v1/dashboards/list/"),
    ("POST", "/api/v1/dashboards/list"),
    ("GET", "/api/v1/dashboards/create"),
    ("PUT", "/api/v1/dashboards/create"),
    ("DELETE", "/api/v1/dashboards/dsbd_0123456789abcdef0123456789abcdef/delete"),
    ("GET", "/api/v1/df/query_data_v1"),
    ("GET", "/api/v1/dashboard/list"),
    ("POST", "/api/v1/dashboard/create"),
    ("GET", "/api/v1/object/HOST/list"),
])
def test_unknown_routes_and_wrong_methods_answer_router_not_found(client, method, path):
    reply = client.request(method, path, body=NO_BODY if method == "GET" else {})
    assert (reply.status, reply.error_code, reply.json["success"]) == (400, "RouterNotFound", False)


def test_router_not_found_comes_before_the_key_check(client):
    reply = client.get("/nowhere", key=None)
    assert (reply.status, reply.error_code) == (400, "RouterNotFound")


@pytest.mark.parametrize("body", [b"{not json", b"[1, 2", "ünïcode".encode("latin-1")])
def test_a_body_that_is_not_json_is_a_param_error(client, body):
    reply = client.post("/api/v1/dashboards/create", body=body)
    assert (reply.status, reply.error_code) == (400, "ft.ParamError")
    assert "JSON" in reply.json["message"]


def test_a_malformed_content_length_reads_as_no_body(client):
    reply = client.post("/api/v1/dashboards/create", headers={"Content-Length": "lots"})
    assert (reply.status, reply.error_code) == (400, "ft.ParamError")
    assert "must be a JSON object" in reply.json["message"]


@pytest.mark.parametrize("body", [[], "name", 3, None])
def test_a_body_that_is_not_an_object_is_a_param_error(client, body):
    reply = client.post("/api/v1/dashboards/create", body=body)
    assert (reply.status, reply.error_code) == (400, "ft.ParamError")


def test_a_failing_handler_answers_internal_error_and_the_server_goes_on(client, monkeypatch, capsys):
    def broken(call):
        raise RuntimeError("bug")
    monkeypatch.setattr(guance_emulator.dashboards, "page_params", broken)
    reply = client.get("/api/v1/dashboards/list")
    assert (reply.status, reply.error_code, reply.json["success"]) == (500, "InternalError", False)
    assert "RuntimeError" in capsys.readouterr().err
    monkeypatch.undo()
    assert client.get("/api/v1/dashboards/list").status == 200


def test_keys_select_their_own_workspace(client):
    client.create("in A")
    assert client.ok("GET", "/api/v1/dashboards/list", key=KEY_B) == []
    assert [item["workspaceUUID"] for item in client.ok("GET", "/api/v1/dashboards/list")] == ["wksp_emulator_a"]


def test_requests_are_served_concurrently(client):
    client.control("POST", "faults", {"kind": "delay", "delay": 0.6, "path": "/api/v1/dashboards/list"})
    started = time.monotonic()
    slow = threading.Thread(target=client.get, args=("/api/v1/dashboards/list",))
    slow.start()
    time.sleep(0.1)
    assert client.get("/api/v1/dashboards/list").status == 200
    assert time.monotonic() - started < 0.5, "a slow request holds up no other"
    slow.join()


@pytest.mark.parametrize("path, status", [("/__emulator/nothing", 404), ("/__emulator", 404)])
def test_unknown_control_routes_answer_404(client, path, status):
    reply = client.get(path, key=None)
    assert reply.status == status and "error" in reply.json


def test_a_control_body_that_is_not_json_answers_400(client):
    reply = client.post("/__emulator/config", body=b"{oops", key=None)
    assert reply.status == 400 and "JSON" in reply.json["error"]
