# -*- coding: utf-8 -*-
# Copyright: (c) 2026, guance.cloud maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Pacing of one API key under Guance's rate limit (20 requests in a sliding minute by default).

Every module run is a process of its own, so the times of the recent requests of a key are kept
in a small JSON file, named by a hash of endpoint and key (never the key), in a per-user folder
of mode 0700, under a file lock. A play's tasks then pace themselves from what the tasks before
them sent. Pacing starts once the server has refused the key (it is "armed" for a few windows):
a run that never meets the limit never waits, and a server without limits (or a test emulator)
is never slowed down. Any failure of the file falls back to pacing within the process.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import hashlib
import json
import os
import time

try:
    import fcntl
except ImportError:  # pragma: no cover - a controller without flock paces within the process only
    fcntl = None

DEFAULT_LIMIT = 20
DEFAULT_WINDOW = 60.0
# How long a refusal keeps proactive pacing on, in windows.
ARMED_WINDOWS = 5


def default_folder():
    """$XDG_CACHE_HOME/guance.cloud/ratelimit, else ~/.cache/...: it outlives the task's temp folder."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "guance.cloud", "ratelimit")


def store_name(endpoint, api_key):
    """The file name of a key's store: a hash, from which the key cannot be read back."""
    digest = hashlib.sha256(("%s\n%s" % (endpoint, api_key)).encode("utf-8")).hexdigest()
    return digest[:40] + ".json"


class Pacer:
    """Knows when the requests of one key were sent in the last window, and how long to wait."""

    def __init__(self, identity, limit=DEFAULT_LIMIT, window=DEFAULT_WINDOW, clock=time.time, folder=None):
        self.limit = limit
        self.window = float(window)
        self.warning = None
        self._clock = clock
        self._memory = {"sent": [], "limited": None}
        self._path = None
        self._reserved = None
        if limit and folder is not None:
            self._path = os.path.join(folder, identity)

    def reserve(self):
        """0 when a request may leave now (its slot is taken), else the seconds until one frees up."""
        if not self.limit:
            return 0
        with _Store(self) as state:
            now = self._clock()
            sent = _recent(state["sent"], now - self.window)
            armed = state["limited"] is not None and now - state["limited"] < ARMED_WINDOWS * self.window
            if armed and len(sent) >= self.limit:
                state["sent"] = sent
                return max(sent[-self.limit] + self.window - now, self.window / 100)
            sent.append(now)
            state["sent"] = sent
            self._reserved = now
        return 0

    def settle(self):
        """The answer came: the request counts from now, when the server has certainly counted it."""
        if self._reserved is None:
            return
        with _Store(self) as state:
            _replace(state["sent"], self._reserved, self._clock())
        self._reserved = None

    def refused(self):
        """The server refused for its rate limit: the seconds until the window frees up, as far as we know."""
        if not self.limit:
            return self.window
        with _Store(self) as state:
            now = self._clock()
            if self._reserved is not None:
                _replace(state["sent"], self._reserved, None)
            sent = _recent(state["sent"], now - self.window)
            state["sent"], state["limited"] = sent, now
        self._reserved = None
        # The request the server counted first among ours leaves its window first; without any of
        # ours in it, other clients of the key fill it and only a whole window is sure.
        if len(sent) >= self.limit:
            return max(sent[-self.limit] + self.window - now, self.window / 100)
        return max(sent[0] + self.window - now, self.window / 100) if sent else self.window


def _recent(times, since):
    return sorted(t for t in times if isinstance(t, (int, float)) and t > since)


def _replace(times, old, new):
    if old in times:
        times.remove(old)
        if new is not None:
            times.append(new)


class _Store:
    """The key's state under an exclusive lock: the shared file, or the process's own copy."""

    def __init__(self, pacer):
        self._pacer = pacer
        self._handle = None
        self._state = None

    def __enter__(self):
        pacer = self._pacer
        if pacer._path is not None and fcntl is not None:
            try:
                self._state = self._open(pacer._path)
                return self._state
            except (OSError, ValueError) as err:
                self._give_up(err)
        return pacer._memory

    def _open(self, path):
        folder = os.path.dirname(path)
        if not os.path.isdir(folder):
            os.makedirs(folder, 0o700)
        if os.stat(folder).st_mode & 0o077:
            os.chmod(folder, 0o700)
        self._handle = os.fdopen(os.open(path, os.O_RDWR | os.O_CREAT, 0o600), "r+")
        fcntl.flock(self._handle.fileno(), fcntl.LOCK_EX)
        try:
            state = json.loads(self._handle.read() or "{}")
        except ValueError:  # a torn or foreign file: start afresh rather than stop pacing
            state = {}
        if not isinstance(state, dict) or not isinstance(state.get("sent", []), list):
            state = {}
        return {"sent": state.get("sent", []), "limited": _number(state.get("limited"))}

    def __exit__(self, exc_type, exc, tb):
        if self._handle is None:
            return False
        try:
            if exc_type is None:
                self._handle.seek(0)
                self._handle.truncate()
                self._handle.write(json.dumps(self._state))
                self._handle.flush()
                self._pacer._memory = self._state
        except (OSError, ValueError) as err:
            self._give_up(err)
        finally:
            self._handle.close()
        return False

    def _give_up(self, err):
        """Pacing goes on within the process; the task never fails for it, and says so once."""
        pacer = self._pacer
        if self._handle is not None:
            self._handle.close()
            self._handle = None
        pacer._path = None
        pacer.warning = "rate-limit pacing is kept within this process only: its shared file failed (%s)" % (
            getattr(err, "strerror", None) or type(err).__name__)


def _number(value):
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None
