"""The control API under /__emulator/ (plain JSON, no key, never logged) and the request log it reads."""

import copy
import json
import math
import threading

from .api import Family


class RequestLog:
    """Every API request in arrival order, with what the tests count them by; never the key."""

    def __init__(self, clock):
        self._clock = clock
        self._lock = threading.Lock()
        self._entries = []

    def start(self, method, path, query, route, workspace):
        with self._lock:
            entry = {
                "seq": len(self._entries) + 1, "method": method, "path": path, "route": route,
                "query": {name: values[0] if len(values) == 1 else values for name, values in query.items()},
                "status": None, "time": self._clock.now(), "workspace": workspace,
            }
            self._entries.append(entry)
            return entry

    def finish(self, entry, status):
        """Record the answer's status; it stays None when the connection was dropped without one."""
        with self._lock:
            entry["status"] = status

    def clear(self):
        with self._lock:
            self._entries = []

    def entries(self):
        with self._lock:
            return copy.deepcopy(self._entries)


def handle(emulator, method, path, query, raw_body):
    """(status, payload) of a control request."""
    handler = emulator.registry.control_routes.get((method, path.rstrip("/")))
    if handler is None:
        return 404, {"error": "unknown control route %s %s" % (method, path)}
    try:
        body = json.loads(raw_body) if raw_body.strip() else None
    except ValueError:
        return 400, {"error": "the body is not valid JSON"}
    try:
        answer = handler(emulator, query, body)
    except ValueError as err:
        return 400, {"error": str(err)}
    if method == "POST":
        # A control route that changes a family's state (load, monitoring...) reaches the state file too.
        with emulator.store.lock:
            emulator.store.save_state()
    return 200, answer


def _reset(emulator, query, body):
    body = body or {}
    if not isinstance(body, dict) or set(body) - {"hosts"}:
        raise ValueError('reset takes no body or {"hosts": N}')
    hosts = body.get("hosts")
    if hosts is not None and (not isinstance(hosts, int) or isinstance(hosts, bool) or hosts < 0):
        raise ValueError("hosts must be a whole number")
    emulator.reset(hosts)
    return {"ok": True}


def _load(emulator, query, body):
    if not isinstance(body, dict) or not isinstance(body.get("workspaces"), list):
        raise ValueError('load takes {"workspaces": [...]}')
    with emulator.store.lock:
        emulator.store.load_workspaces(body["workspaces"])
    return {"ok": True, "workspaces": [spec["uuid"] for spec in body["workspaces"]]}


def _get_config(emulator, query, body):
    with emulator.store.lock:
        return copy.deepcopy(emulator.store.config)


def _set_config(emulator, query, body):
    with emulator.store.lock:
        emulator.store.change_config(body)
        if "rate_limit" in body:
            emulator.limiter.clear()
        return copy.deepcopy(emulator.store.config)


def _add_fault(emulator, query, body):
    return {"fault": emulator.faults.add(body)}


def _list_faults(emulator, query, body):
    return {"faults": emulator.faults.pending()}


def _clear_faults(emulator, query, body):
    emulator.faults.clear()
    return {"ok": True}


def _get_clock(emulator, query, body):
    return {"now": emulator.clock.now()}


def _move_clock(emulator, query, body):
    """{"advance": seconds} or {"set": Unix seconds}: time moves for every store, the log and the rate limits."""
    if not isinstance(body, dict) or len(body) != 1 or not set(body) <= {"advance", "set"}:
        raise ValueError('clock takes {"advance": seconds} or {"set": Unix seconds}')
    (how, value), = body.items()
    if not isinstance(value, (int, float)) or isinstance(value, bool) or not math.isfinite(value):
        raise ValueError("clock %s must be a number of seconds" % how)
    if how == "advance":
        if value < 0:
            raise ValueError("clock advance must not be negative: time does not go back")
        emulator.clock.advance(value)
    else:
        emulator.clock.set(value)
    return {"now": emulator.clock.now()}


def _requests(emulator, query, body):
    return {"requests": emulator.log.entries()}


def _clear_requests(emulator, query, body):
    emulator.log.clear()
    return {"ok": True}


# The control routes of the emulator as a whole; each family declares its own (families.py).
FAMILY = Family("control", control_routes={
    ("POST", "/__emulator/reset"): _reset,
    ("POST", "/__emulator/load"): _load,
    ("GET", "/__emulator/config"): _get_config,
    ("POST", "/__emulator/config"): _set_config,
    ("POST", "/__emulator/faults"): _add_fault,
    ("GET", "/__emulator/faults"): _list_faults,
    ("POST", "/__emulator/faults/clear"): _clear_faults,
    ("GET", "/__emulator/clock"): _get_clock,
    ("POST", "/__emulator/clock"): _move_clock,
    ("GET", "/__emulator/requests"): _requests,
    ("POST", "/__emulator/requests/clear"): _clear_requests,
})
