"""What stands between a request and its answer: injected faults and the rate limits."""

import collections
import http
import re
import threading
import time

from .api import envelope

FAULT_KINDS = ("status", "html", "delay", "drop", "lost_answer", "trickle")
FAULT_DEFAULTS = {
    "status": {"status": 500, "error_code": "InternalError", "message": "fault injected by the emulator"},
    "html": {"status": 502},
    "delay": {"delay": 1.0},
    "drop": {},
    "lost_answer": {"then": "status", "status": 503, "error_code": "InternalError", "message": "service unavailable"},
    # The request is carried out; its answer's body (or, whole, the status line and headers too) then
    # leaves `chunk` bytes every `interval` seconds.
    "trickle": {"interval": 0.05, "chunk": 1, "whole": False},
}
# What a proxy in front of the service sends when it fails: not JSON, no envelope.
HTML_PAGE = ("<html>\r\n<head><title>{status} {reason}</title></head>\r\n<body>\r\n"
             "<center><h1>{status} {reason}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n")


class Fault:
    """One fault rule: what it matches, how often still, and what it answers."""

    def __init__(self, spec):
        if not isinstance(spec, dict):
            raise ValueError("a fault must be a JSON object")
        self.kind = spec.get("kind")
        if self.kind not in FAULT_KINDS:
            raise ValueError("fault kind must be one of %s" % ", ".join(FAULT_KINDS))
        unknown = set(spec) - {"kind", "method", "path", "count"} - set(FAULT_DEFAULTS[self.kind])
        if unknown:
            raise ValueError("fault kind %s takes no %s" % (self.kind, ", ".join(sorted(unknown))))
        self.method = spec.get("method", "*")
        self.path = spec.get("path", ".*")
        self.count = spec.get("count", 1)
        if not isinstance(self.method, str) or not isinstance(self.path, str):
            raise ValueError("fault method and path must be strings")
        self.method = self.method.upper()
        try:
            self.pattern = re.compile(self.path)
        except re.error as err:
            raise ValueError("fault path is not a regular expression: %s" % err)
        if not _is_int(self.count) or self.count < 1:
            raise ValueError("fault count must be a whole number of at least 1")
        self.options = dict(FAULT_DEFAULTS[self.kind])
        self.options.update((key, spec[key]) for key in FAULT_DEFAULTS[self.kind] if key in spec)
        self._check_options()

    def _check_options(self):
        options = self.options
        if "status" in options and (not _is_int(options["status"]) or not 100 <= options["status"] <= 599):
            raise ValueError("fault status must be an HTTP status")
        for key in ("error_code", "message"):
            if key in options and not isinstance(options[key], str):
                raise ValueError("fault %s must be a string" % key)
        if "delay" in options and (not isinstance(options["delay"], (int, float)) or isinstance(options["delay"], bool)
                                   or options["delay"] < 0):
            raise ValueError("fault delay must be a number of seconds")
        if "interval" in options and (not isinstance(options["interval"], (int, float)) or isinstance(options["interval"], bool)
                                      or not 0 <= options["interval"] <= 10):
            raise ValueError("fault interval must be a number of seconds from 0 to 10")
        if "chunk" in options and (not _is_int(options["chunk"]) or options["chunk"] < 1):
            raise ValueError("fault chunk must be a whole number of bytes of at least 1")
        if not isinstance(options.get("whole", False), bool):
            raise ValueError("fault whole must be true or false")
        if options.get("then", "status") not in ("status", "drop"):
            raise ValueError("lost_answer's then must be status or drop")

    def matches(self, method, path):
        return self.method in ("*", method) and self.pattern.fullmatch(path) is not None

    def error_answer(self):
        """(status, envelope) of a status fault or a lost answer."""
        status = self.options["status"]
        return status, envelope(status, error_code=self.options["error_code"], message=self.options["message"])

    def html_answer(self):
        """(status, page) of an html fault."""
        status = self.options["status"]
        try:
            reason = http.HTTPStatus(status).phrase
        except ValueError:
            reason = "Error"
        return status, HTML_PAGE.format(status=status, reason=reason)

    def describe(self):
        return dict(self.options, kind=self.kind, method=self.method, path=self.path, count=self.count)


def _is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


class Faults:
    """The pending fault rules, first added first matched."""

    def __init__(self):
        self._lock = threading.Lock()
        self._rules = []

    def add(self, spec):
        fault = Fault(spec)
        with self._lock:
            self._rules.append(fault)
        return fault.describe()

    def clear(self):
        with self._lock:
            self._rules = []

    def pending(self):
        with self._lock:
            return [fault.describe() for fault in self._rules]

    def take(self, method, path):
        """The first rule matching the request, one use of it spent; None when none matches."""
        with self._lock:
            for fault in self._rules:
                if fault.matches(method, path):
                    fault.count -= 1
                    if not fault.count:
                        self._rules.remove(fault)
                    return fault
        return None


class RateLimiter:
    """Sliding windows of admitted requests per key and per workspace, on an injectable clock (seconds)."""

    def __init__(self, clock=time.monotonic):
        self._clock = clock
        self._lock = threading.Lock()
        self._admitted = collections.defaultdict(collections.deque)

    def clear(self):
        with self._lock:
            self._admitted.clear()

    def admit(self, config, key, workspace_uuid):
        """None when the request may go on (and is counted), else the errorCode of the limit it hit."""
        if not config["enabled"]:
            return None
        now = self._clock()
        with self._lock:
            by_key, by_workspace = self._admitted[("key", key)], self._admitted[("workspace", workspace_uuid)]
            for admitted in (by_key, by_workspace):
                while admitted and admitted[0] <= now - config["window"]:
                    admitted.popleft()
            # A refused request is not counted: waiting out the window is enough to get through again.
            if len(by_key) >= config["per_key"]:
                return "ft.TriggerApiAkCurrentLimiting"
            if len(by_workspace) >= config["per_workspace"]:
                return "ft.TriggerApiWorkspaceCurrentLimiting"
            by_key.append(now)
            by_workspace.append(now)
        return None
