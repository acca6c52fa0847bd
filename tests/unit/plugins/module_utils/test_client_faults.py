# -*- coding: utf-8 -*-
# Copyright: (c) 2026, guance.cloud maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The fault matrix: every fault the emulator injects x every kind of operation, against the real
emulator served in this process, with short timeouts. Each case asserts the outcome (survived with
the right server state, or failed cleanly with the right error, nothing duplicated or lost) and
the exact requests from the emulator's log. Time is a fake clock shared by the client and the
emulator's rate limiter, so only the emulator's own delay and trickle faults take (tenths of)
real seconds. Also here: the deadline against a trickled answer, lists that change while they
are paged, and requests through an HTTP proxy."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import http.server
import threading
import time
import urllib.request

import pytest
import requests

from ansible_collections.guance.cloud.plugins.module_utils import _errors as errors
from ansible_collections.guance.cloud.plugins.module_utils._client import GuanceClient
from ansible_collections.guance.cloud.tests.unit.conftest import EmulatorControl, serve_emulator
from ansible_collections.guance.cloud.tests.unit.fixtures.client.fake_http import Sleeps

KEY = "emulator-key-a"
WORKSPACE = "wksp_emulator_a"
TIMEOUT = 0.2
TEMPLATE = {"main": {"charts": [{"name": "CPU", "type": "sequence", "queries": []}]}}
HOSTS_QUERY = {"queries": [{"qtype": "dql", "query": {"q": "O::HOST:(name)", "disableMultipleField": False}}]}

# fault -> (the fault rule, whether a change it hits is carried out by the server)
FAULTS = {
    "500": ({"kind": "status", "status": 500}, False),
    "html 502": ({"kind": "html", "status": 502}, False),
    "dropped": ({"kind": "drop"}, False),
    "timeout": ({"kind": "delay", "delay": 0.4}, True),
    "trickle": ({"kind": "trickle", "interval": 0.02, "chunk": 1}, True),
    "trickle, headers too": ({"kind": "trickle", "interval": 0.02, "chunk": 1, "whole": True}, True),
    "lost answer, 503": ({"kind": "lost_answer", "then": "status"}, True),
    "lost answer, dropped": ({"kind": "lost_answer", "then": "drop"}, True),
    "rate limit": (None, False),
}
CHANGES = ("create", "modify", "import", "delete")
READS = ("get", "list", "object read")


class Emulator(EmulatorControl):
    """The control client, and the log once the server is done with the requests the client gave up on."""

    def settled_log(self, unanswered=0):
        """The log once the server is done: a delayed request finishes after the client gave up on it."""
        for unused in range(200):
            log = self.requests()
            if sum(1 for entry in log if entry["status"] is None) <= unanswered:
                return log
            time.sleep(0.01)
        return self.requests()


@pytest.fixture(scope="module")
def clock():
    """The fake clock of the module's emulator and of every client here."""
    return Sleeps()


@pytest.fixture(scope="module")
def served(clock):
    """One emulator for the module (started in this process), reset before each test."""
    control, stop = serve_emulator(clock=clock.time)
    yield control.url
    stop()


@pytest.fixture
def sleeps(clock):
    clock.delays = []
    return clock


@pytest.fixture
def emulator(served):
    emulator = Emulator(served)
    emulator.reset()
    return emulator


@pytest.fixture
def client(emulator, sleeps):
    return GuanceClient(emulator.url, KEY, timeout=TIMEOUT, retries=2, rate_limit_wait=120, sleep=sleeps, clock=sleeps.time)


def operation(client, name, uuid):
    """Runs one operation; returns what it read or wrote."""
    if name == "create":
        return client.request("dashboards.create", body={"name": "Made once"}).content
    if name == "modify":
        return client.request("dashboards.modify", path={"uuid": uuid}, body={"name": "Hosts", "desc": "changed"}).content
    if name == "import":
        return client.request("dashboards.import", path={"uuid": uuid}, body={"templateInfo": TEMPLATE}).content
    if name == "delete":
        return client.request("dashboards.delete", path={"uuid": uuid}).content
    if name == "get":
        return client.request("dashboards.get", path={"uuid": uuid}).content["name"]
    if name == "list":
        return sorted(item["name"] for item in client.paginate("dashboards.list"))
    return sorted(row["name"] for row in _rows(client.request("objects.query", body=HOSTS_QUERY).content))


def _rows(content):
    rows = []
    for series in content["data"][0].get("series") or []:
        columns = series["columns"]
        rows.extend(dict(zip(columns, values)) for values in series["values"])
    return rows


def carried_out(emulator, name, uuid):
    """Whether the change `name` is in the server's state: exactly once, never twice."""
    dashboards = emulator.held("dashboards")
    if name == "create":
        made = [d for d in dashboards if d["name"] == "Made once"]
        assert len(made) <= 1, "a create was repeated"
        return len(made) == 1
    if name == "delete":
        return not any(d["uuid"] == uuid for d in dashboards)
    (target,) = [d for d in dashboards if d["uuid"] == uuid]
    if name == "modify":
        return target["desc"] == "changed"
    return [chart["name"] for chart in target["template"]["main"]["charts"]] == ["CPU"]


def inject(emulator, client, fault, method, path):
    rule, unused = FAULTS[fault]
    if rule is not None:
        emulator.call("POST", "faults", dict(rule, method=method, path=path))
        return
    # The key's window is full (with requests the client did not send): the next request is refused.
    emulator.call("POST", "config", {"rate_limit": {"enabled": True, "per_key": 1, "window": 60}})
    requests.get(emulator.url + "/api/v1/dashboards/list", headers={"DF-API-KEY": KEY}, timeout=10)


ROUTES = {
    "create": ("POST", "/api/v1/dashboards/create"),
    "modify": ("POST", "/api/v1/dashboards/{uuid}/modify"),
    "import": ("POST", "/api/v1/dashboards/{uuid}/import"),
    "delete": ("POST", "/api/v1/dashboards/{uuid}/delete"),
    "get": ("GET", "/api/v1/dashboards/{uuid}/get"),
    "list": ("GET", "/api/v1/dashboards/list"),
    "object read": ("POST", "/api/v1/df/query_data_v1"),
}


@pytest.mark.parametrize("name", CHANGES + READS)
@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_fault_matrix(emulator, client, sleeps, fault, name):
    uuid = client.request("dashboards.create", body={"name": "Hosts"}).content["uuid"]
    expected = operation(client, name, uuid) if name in READS else None
    emulator.clear_requests()
    method, path = ROUTES[name]
    inject(emulator, client, fault, method, path.format(uuid=uuid))
    emulator.clear_requests()
    rule, carries_out = FAULTS[fault]
    unanswered = 1 if fault in ("dropped", "lost answer, dropped") else 0
    if name in READS or rule is None:
        # Survived: a read is repeated after any transient fault; a refused change carried nothing out.
        result = operation(client, name, uuid)
        if name in READS:
            assert result == expected
        else:
            assert carried_out(emulator, name, uuid)
        assert [entry["path"] for entry in emulator.settled_log(unanswered)] == [path.format(uuid=uuid)] * 2
        if rule is None:
            assert sleeps.delays[-1] == 60.0  # the whole window, since none of its requests were the client's
        return
    with pytest.raises(errors.OutcomeUnknownError) as caught:
        operation(client, name, uuid)
    log = emulator.settled_log(unanswered)
    assert len(log) == 1, "a change that may have been made was repeated"
    assert "The change may or may not have been made" in str(caught.value) and KEY not in str(caught.value)
    assert carried_out(emulator, name, uuid) is carries_out


def test_the_matrix_covers_every_fault_the_emulator_offers(served):
    # guance_emulator is on the path through the `served` fixture.
    from guance_emulator import limits  # pylint: disable=import-error
    kinds = set(rule["kind"] for rule, unused in FAULTS.values() if rule)
    assert kinds == set(limits.FAULT_KINDS)
    assert len(FAULTS) * len(CHANGES + READS) == 63


# The deadline

def test_a_trickled_answer_ends_at_the_deadline_not_at_its_last_byte(emulator, client):
    # 1 byte every 0.05 s: the whole answer would take about 15 s; the read gives up at TIMEOUT.
    emulator.call("POST", "faults", {"kind": "trickle", "interval": 0.05, "chunk": 1, "path": "/api/v1/dashboards/list",
                                     "count": 3})
    started = time.monotonic()
    with pytest.raises(errors.TransportError) as caught:
        client.request("dashboards.list")
    elapsed = time.monotonic() - started
    assert "within timeout (0.2 s)" in str(caught.value) and "the read failed after 3 attempts" in str(caught.value)
    assert client.request_count == 3
    # Bounded by the attempts' deadlines, far from the 45 s the trickles would take (not a timing test: a ceiling).
    assert elapsed < 3 * 15


def test_a_slow_start_is_bounded_too(emulator, client):
    emulator.call("POST", "faults", {"kind": "delay", "delay": 0.4, "path": "/api/v1/dashboards/list"})
    assert client.request("dashboards.list").content == []
    assert client.request_count == 2


# Lists that change while they are paged

def test_a_list_that_shifts_between_pages_is_read_again_without_duplicates(emulator, client):
    names = ["Board %d" % number for number in range(5)]
    for name in names:
        client.request("dashboards.create", body={"name": name})
    emulator.call("POST", "config", {"shifting_lists": "once"})
    emulator.clear_requests()
    items = list(client.paginate("dashboards.list", page_size=2))
    assert sorted(item["name"] for item in items) == names
    assert len(set(item["uuid"] for item in items)) == 5
    # Page 1, page 2 (shifted: the total changed), then the whole list again.
    assert [entry["query"]["pageIndex"] for entry in emulator.requests()] == ["1", "2", "1", "2", "3"]


def test_a_list_that_never_stops_shifting_fails_clearly(emulator, client):
    for number in range(3):
        client.request("dashboards.create", body={"name": "Board %d" % number})
    emulator.call("POST", "config", {"shifting_lists": "always"})
    emulator.clear_requests()
    with pytest.raises(errors.GuanceError) as caught:
        list(client.paginate("dashboards.list", page_size=2))
    assert "kept changing while it was read (4 times" in str(caught.value)
    assert len(emulator.requests()) == 8


# Proxies

class _ForwardingProxy(http.server.BaseHTTPRequestHandler):
    """A plain-HTTP forward proxy: the request line holds the whole URL; it is sent on as it is."""

    seen = []

    def log_message(self, *args):
        pass

    def _forward(self):
        self.seen.append((self.command, self.path, self.headers.get("DF-API-KEY")))
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        headers = dict((k, v) for k, v in self.headers.items() if k.lower() not in ("host", "proxy-connection", "connection"))
        request = urllib.request.Request(self.path, data=body, headers=headers, method=self.command)
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        try:
            answer = opener.open(request, timeout=10)
        except urllib.error.HTTPError as err:
            answer = err
        data = answer.read()
        self.send_response(answer.status if hasattr(answer, "status") else answer.code)
        self.send_header("Content-Type", answer.headers.get("Content-Type", "application/json"))
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = _forward


@pytest.fixture
def proxy():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _ForwardingProxy)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    _ForwardingProxy.seen = []
    yield "http://127.0.0.1:%d" % server.server_address[1]
    server.shutdown()
    server.server_close()


def test_http_proxy_from_the_environment_carries_the_requests(emulator, client, proxy, monkeypatch):
    # 127.0.0.1 is not exempt by default; NO_PROXY must not name it for this test.
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTP_PROXY", proxy)
    created = client.request("dashboards.create", body={"name": "Through the proxy"}).content
    assert client.request("dashboards.get", path={"uuid": created["uuid"]}).content["name"] == "Through the proxy"
    assert [(method, url.replace(emulator.url, "")) for method, url, key in _ForwardingProxy.seen] == [
        ("POST", "/api/v1/dashboards/create"), ("GET", "/api/v1/dashboards/%s/get" % created["uuid"])]


def test_no_proxy_exempts_the_endpoint(emulator, sleeps, proxy, monkeypatch):  # pylint: disable=unused-argument
    monkeypatch.setenv("HTTP_PROXY", proxy)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    client = GuanceClient(emulator.url, KEY, timeout=TIMEOUT, sleep=sleeps, clock=sleeps.time)
    assert client.request("dashboards.list").content == []
    assert _ForwardingProxy.seen == []


def test_answers_read_to_their_end_keep_the_connection_for_the_next_request(emulator, client):
    # Streaming the answer must not cost a new connection (a TLS handshake on a real endpoint) per request.
    for unused in range(5):
        client.request("dashboards.list")
    (pool,) = client._http().adapters["http://"].poolmanager.pools._container.values()  # pylint: disable=protected-access
    assert (pool.num_connections, pool.num_requests) == (1, 5)
