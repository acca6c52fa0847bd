"""The HTTP server: routing, key checks, rate limits, faults and the envelope around every answer."""

import json
import os
import sys
import threading
import time
import traceback
import urllib.parse
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Optional

from . import control, dashboards
from .api import ApiError, Call, envelope, key_id, param_error, router_not_found, shifting_lists
from .clock import Clock
from .families import REGISTRY, Route
from .limits import Faults, RateLimiter
from .store import Store

DEFAULT_SEED = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "seed.json")


@dataclass
class Resolved:
    """What a request addresses, known before it is carried out: its route and its key's workspace."""

    method: str
    path: str
    route: Optional[Route]
    params: dict
    workspace: Any


class Emulator:
    """Everything behind the HTTP server: the store, the faults, the rate limits and the request log."""

    def __init__(self, seed, hosts=0, state_file=None, legacy=False, rate_limit=False, clock=None):
        startup_config = {}
        if legacy:
            startup_config["legacy"] = True
        if rate_limit:
            # True: the documented limits; a dict: those limits changed ({"per_key": 20, "window": 2}).
            startup_config["rate_limit"] = dict(rate_limit if isinstance(rate_limit, dict) else {}, enabled=True)
        # One clock for the stores, the request log and the limiter; a bare function is its source (a test's fake).
        self.clock = clock if isinstance(clock, Clock) else Clock(clock or time.time)
        self.registry = REGISTRY
        self.store = Store(seed, REGISTRY, hosts, state_file, startup_config, self.clock)
        self.faults = Faults()
        self.limiter = RateLimiter(self.clock.now)
        self.log = control.RequestLog(self.clock)

    def reset(self, hosts=None):
        # The clock first: the seed's ages become times on it.
        self.clock.restart()
        with self.store.lock:
            self.store.reset(hosts)
        self.faults.clear()
        self.limiter.clear()
        self.log.clear()

    def resolve(self, method, path, key):
        with self.store.lock:
            routes = self.registry.legacy_routes if self.store.config["legacy"] else self.registry.current_routes
            workspace = self.store.workspace_for_key(key) if key else None
        for route in routes:
            match = route.pattern.fullmatch(path)
            if match and route.method == method:
                params = {name: urllib.parse.unquote(value) for name, value in match.groupdict().items()}
                return Resolved(method, path, route, params, workspace)
        return Resolved(method, path, None, {}, workspace)

    def answer(self, resolved, key, query, raw_body, fault):
        """(status, payload) the client gets, the payload an envelope or an HTML page; None to drop the connection."""
        if fault is None:
            return self.execute(resolved, key, query, raw_body)
        if fault.kind == "status":
            return fault.error_answer()
        if fault.kind == "html":
            return fault.html_answer()
        if fault.kind == "drop":
            return None
        if fault.kind == "delay":
            time.sleep(fault.options["delay"])
            return self.execute(resolved, key, query, raw_body)
        if fault.kind == "trickle":
            return self.execute(resolved, key, query, raw_body)
        # A lost answer: the request is carried out, its answer never arrives.
        self.execute(resolved, key, query, raw_body)
        return None if fault.options["then"] == "drop" else fault.error_answer()

    def execute(self, resolved, key, query, raw_body):
        """(status, envelope) of an API request: checked, rate-limited, carried out."""
        if resolved.route is not None:
            # The race switch (config create_barrier) holds creates here, before the store's lock.
            dashboards.hold_create(self.store, resolved.route.handler)
        with self.store.lock:
            config = self.store.config
            try:
                if resolved.route is None:
                    raise router_not_found(resolved.method, resolved.path)
                if resolved.workspace is None:
                    raise ApiError(config["invalid_key_status"], "ft.InvalidAPIKey", "the API key is missing or not valid")
                limit_code = self.limiter.admit(config["rate_limit"], key, resolved.workspace.uuid)
                if limit_code:
                    raise ApiError(401, limit_code, "rate limit reached: try again later")
                call = Call(self.store, resolved.workspace, key_id(key), resolved.params, query,
                            _json_body(raw_body) if resolved.method == "POST" else None)
                with shifting_lists(config["shifting_lists"]) as lists:
                    answer = resolved.route.handler(call)
                if lists.shifted and config["shifting_lists"] == "once":
                    config["shifting_lists"] = False
                if resolved.method == "POST":
                    # Whatever a family declares as state reaches the state file after every change.
                    self.store.save_state()
            except ApiError as err:
                return err.status, envelope(err.status, error_code=err.error_code, message=err.message)
            except Exception as err:
                # A bug must answer like a failing server does, and leave its traceback for whoever runs the emulator.
                traceback.print_exc()
                return 500, envelope(500, error_code="InternalError", message="internal error: %s" % type(err).__name__)
            return 200, envelope(200, answer.content, answer.page_info, success_error_code=config["success_error_code"])


def _json_body(raw_body):
    if not raw_body.strip():
        return None
    try:
        return json.loads(raw_body)
    except ValueError:
        raise param_error("the request body is not valid JSON")


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body leave in separate writes; with Nagle on, every keep-alive answer waits ~40 ms.
    disable_nagle_algorithm = True
    server_version = "GuanceEmulator/1"

    def log_message(self, *args):
        """Quiet: the request log of the control API tells what happened."""

    def _serve(self):
        url = urllib.parse.urlsplit(self.path)
        query = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        raw_body = self._read_body()
        if url.path == "/__emulator" or url.path.startswith("/__emulator/"):
            self._send(*control.handle(self.server.emulator, self.command, url.path, query, raw_body))
        else:
            self._serve_api(self.command, url.path, query, raw_body)

    # Methods other than GET and POST reach no route: RouterNotFound, like a wrong method on a known route.
    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _serve

    def _serve_api(self, method, path, query, raw_body):
        emulator = self.server.emulator
        key = self.headers.get("DF-API-KEY")
        resolved = emulator.resolve(method, path, key)
        entry = emulator.log.start(method, path, query, resolved.route.template if resolved.route else None,
                                   resolved.workspace.uuid if resolved.workspace else None)
        fault = emulator.faults.take(method, path)
        outcome = emulator.answer(resolved, key, query, raw_body, fault)
        # Logged before the answer leaves, so a client that reads the log next finds its request there.
        emulator.log.finish(entry, outcome[0] if outcome else None)
        if outcome is None:
            self.close_connection = True
        else:
            self._send(*outcome, trickle=fault.options if fault is not None and fault.kind == "trickle" else None)

    def _read_body(self):
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = 0
        return self.rfile.read(length) if length > 0 else b""

    def _send(self, status, payload, trickle=None):
        """Send JSON, or a text payload as the HTML page it is; a trickle fault sends the body slowly."""
        if isinstance(payload, str):
            content_type, text = "text/html", payload
        else:
            content_type, text = "application/json", json.dumps(payload, ensure_ascii=False)
        data = text.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", content_type + "; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        if trickle is None:
            self.end_headers()
            self.wfile.write(data)
            return
        if trickle["whole"]:
            # The status line and headers trickle too, as through a slow proxy.
            self._headers_buffer.append(b"\r\n")
            data, self._headers_buffer = b"".join(self._headers_buffer) + data, []
        else:
            self.end_headers()
        for start in range(0, len(data), trickle["chunk"]):
            self.wfile.write(data[start:start + trickle["chunk"]])
            self.wfile.flush()
            time.sleep(trickle["interval"])


class _Server(ThreadingHTTPServer):

    def __init__(self, port, emulator):
        super().__init__(("127.0.0.1", port), _Handler)
        self.emulator = emulator

    def handle_error(self, request, client_address):
        # A client that hung up (say after its own timeout during a delay fault) is no server error.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def load_seed(path):
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def start_emulator(port=0, seed=None, hosts=0, state_file=None, legacy=False, rate_limit=False, clock=None):
    """Serve the emulator on 127.0.0.1 from a background thread. Returns (base_url, stop).

    rate_limit: True for the documented limits, or a dict of rate_limit config ({"window": 2});
    clock: a clock.Clock, or a function giving Unix seconds (a test's fake); every store, the request log
    and the rate limiter read it, so tests move time instead of sleeping. Default: the wall clock.
    """
    emulator = Emulator(load_seed(seed or DEFAULT_SEED), hosts, state_file, legacy, rate_limit, clock)
    server = _Server(port, emulator)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, name="guance-emulator", daemon=True)
    thread.start()

    def stop():
        server.shutdown()
        server.server_close()
        thread.join()
    return "http://127.0.0.1:%d" % server.server_address[1], stop
