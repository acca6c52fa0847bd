# -*- coding: utf-8 -*-
# Copyright: (c) 2026, guance.cloud maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""`timeout` bounds a whole attempt over real TLS, directly and through proxies: a server on
127.0.0.1 trickles its status line and headers, or its body, one byte well within each read
timeout, so only a deadline for the whole answer ends the attempt. The proxies are a plain HTTP
CONNECT proxy and the same proxy reached over HTTPS (TLS to the proxy, then TLS to the server
inside the tunnel, which urllib3 plays over its SSLTransport rather than a socket). A private CA
and the certificates of 127.0.0.1 are made with the openssl command for each run."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import select
import shutil
import socket
import ssl
import subprocess
import threading
import time

import pytest

from ansible_collections.guance.cloud.plugins.module_utils._client import GuanceClient
from ansible_collections.guance.cloud.plugins.module_utils._errors import OutcomeUnknownError, TransportError

KEY = "sk-deadline-key-never-shown"
TIMEOUT = 0.5
INTERVAL = 0.1  # a byte every INTERVAL s: within each read's TIMEOUT, and 1,000 bytes take 100 s
BODY = json.dumps({"code": 200, "content": {"data": []}, "errorCode": "", "message": "", "success": True,
                   "traceId": "t-1"}).encode("utf-8")
PADDED = BODY + b" " * 1000


@pytest.fixture(scope="module")
def tls(tmp_path_factory):
    """(CA file, server context) for 127.0.0.1, from a CA made for this module's run."""
    if not shutil.which("openssl"):
        pytest.skip("no openssl command to make the test certificates with")
    folder = tmp_path_factory.mktemp("tls")

    def openssl(*args):
        subprocess.run(("openssl",) + args, cwd=str(folder), check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
            "-subj", "/CN=guance.cloud test CA", "-addext", "basicConstraints=critical,CA:TRUE",
            "-addext", "keyUsage=critical,keyCertSign,cRLSign")
    openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", "server.key",
            "-out", "server.csr", "-subj", "/CN=127.0.0.1")
    (folder / "server.ext").write_text(u"subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n")
    openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
            "-out", "server.pem", "-days", "2", "-extfile", "server.ext")
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(str(folder / "server.pem"), str(folder / "server.key"))
    return str(folder / "ca.pem"), context


class Servers:
    """Servers on 127.0.0.1 in threads of this process, each connection in a thread; stop() ends them all."""

    def __init__(self):
        self.stopping = threading.Event()
        self.listeners = []
        self.connects = []

    def serve(self, handle, context=None):
        listener = socket.socket()
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)
        self.listeners.append(listener)

        def accept():
            while not self.stopping.is_set():
                try:
                    connection = listener.accept()[0]
                except OSError:
                    return
                threading.Thread(target=self._handle, args=(handle, connection, context), daemon=True).start()
        threading.Thread(target=accept, daemon=True).start()
        return listener.getsockname()[1]

    def _handle(self, handle, connection, context):
        try:
            if context is not None:
                connection = context.wrap_socket(connection, server_side=True)
            handle(connection)
        except (OSError, ValueError):
            pass  # the client gave up on the answer, or the test ended
        finally:
            connection.close()

    def stop(self):
        self.stopping.set()
        for listener in self.listeners:
            listener.close()


@pytest.fixture
def servers():
    servers = Servers()
    yield servers
    servers.stop()


def read_head(connection):
    head = b""
    while b"\r\n\r\n" not in head:
        data = connection.recv(4096)
        if not data:
            raise ValueError("the connection closed before the request's head")
        head += data
    return head


def guance(servers, context, trickle):
    """A Guance endpoint over TLS that answers every request, trickling its head or its body (or neither)."""
    def answer(connection):
        read_head(connection)  # the client's requests here carry no body
        head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(PADDED)
        at_once = {"head": b"", "body": head, None: head + PADDED}[trickle]
        connection.sendall(at_once)
        for byte in (head + PADDED)[len(at_once):]:
            if servers.stopping.wait(INTERVAL):
                return
            connection.sendall(bytes(bytearray([byte])))
        servers.stopping.wait()  # the client reads the whole answer, then closes
    return "https://127.0.0.1:%d" % servers.serve(answer, context)


def connect_proxy(servers, context=None):
    """A CONNECT proxy (over TLS with a context): tunnels each connection to the host and port asked for."""
    def tunnel(connection):
        target = read_head(connection).split(b" ")[1].decode("ascii")
        servers.connects.append(target)
        host, port = target.rsplit(":", 1)
        with socket.create_connection((host, int(port)), timeout=10) as upstream:
            connection.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
            pipe(connection, upstream, servers.stopping)
    return "%s://127.0.0.1:%d" % ("https" if context else "http", servers.serve(tunnel, context))


def pipe(client, upstream, stopping):
    # One thread for both directions: an ssl socket must not be read and written from two threads at once.
    other = {client: upstream, upstream: client}
    while not stopping.is_set():
        pending = isinstance(client, ssl.SSLSocket) and client.pending()
        readable = [client] if pending else select.select(list(other), [], [], 0.1)[0]
        for side in readable:
            data = side.recv(65536)
            if not data:
                return
            other[side].sendall(data)


@pytest.fixture
def through(servers, tls, monkeypatch):
    """through(proxy, trickle) -> a client of a trickling (or prompt) endpoint, directly or through a proxy."""
    ca_file, context = tls
    for name in ("NO_PROXY", "no_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy",
                 "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"):
        monkeypatch.delenv(name, raising=False)

    def make(proxy, trickle):
        endpoint = guance(servers, context, trickle)
        if proxy:
            monkeypatch.setenv("HTTPS_PROXY", connect_proxy(servers, context if proxy == "https" else None))
        # A prompt answer gets time to spare on a busy machine; a trickled one fails at TIMEOUT anyway.
        timeout = TIMEOUT if trickle else 10
        return GuanceClient(endpoint, KEY, timeout=timeout, retries=0, ca_path=ca_file, pacing_folder="")
    return make


@pytest.fixture
def thread_failures(monkeypatch):
    """Exceptions that escaped any thread (a traceback on stderr in a real run)."""
    failures = []
    monkeypatch.setattr(threading, "excepthook", failures.append)
    return failures


PROXIES = [None, "http", "https"]


@pytest.mark.parametrize("proxy", PROXIES)
def test_a_prompt_answer_arrives_through_each_path(through, servers, proxy):
    client = through(proxy, None)
    assert client.request("dashboards.list").content == {"data": []}
    assert len(servers.connects) == (1 if proxy else 0)


@pytest.mark.parametrize("trickle", ["head", "body"])
@pytest.mark.parametrize("proxy", PROXIES)
def test_a_trickled_answer_fails_at_the_deadline(through, servers, thread_failures, capfd, proxy, trickle):
    client = through(proxy, trickle)
    started = time.monotonic()
    with pytest.raises(TransportError) as caught:
        client.request("dashboards.list")
    elapsed = time.monotonic() - started
    assert str(caught.value).startswith("GET /api/v1/dashboards/list got no whole answer within timeout (0.5 s); "
                                        "the read failed after 1 attempt")
    # A ceiling, not a timing test: the whole answer would take over 100 s.
    assert elapsed < TIMEOUT + 3
    assert len(servers.connects) == (1 if proxy else 0)
    servers.stop()  # ends the trickle, and with it any read still waiting on it
    for thread in threading.enumerate():
        if thread.name == "guance-request":
            thread.join(10)
            assert not thread.is_alive()
    assert thread_failures == []
    assert "Traceback" not in capfd.readouterr().err


def test_a_change_cut_at_the_deadline_may_have_been_made_and_the_next_attempt_starts_afresh(through):
    client = through("https", "head")
    given_up = client._http()  # pylint: disable=protected-access
    with pytest.raises(OutcomeUnknownError) as caught:
        client.request("dashboards.create", body={"name": "Hosts"})
    assert "within timeout (0.5 s)" in str(caught.value) and "The change may or may not have been made" in str(caught.value)
    # The attempt given up on keeps its session (and connection) until it ends: nothing is shared with it.
    assert client._http() is not given_up  # pylint: disable=protected-access
