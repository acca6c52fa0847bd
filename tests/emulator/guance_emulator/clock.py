"""The emulator's one clock: wall time that tests move instead of sleeping."""

import threading
import time


class Clock:
    """Wall time in Unix seconds: a source (time.time, or a test's fake) plus an offset moved by advance and set.

    Every store, the request log and the rate limiter read it; the control route /__emulator/clock moves it.
    """

    def __init__(self, source=time.time):
        self._source = source
        self._offset = 0.0
        self._lock = threading.Lock()

    def now(self):
        """Unix seconds, fractional."""
        with self._lock:
            return self._source() + self._offset

    def seconds(self):
        """Unix seconds, whole, as the API's createAt and updateAt show them."""
        return int(self.now())

    def ms(self):
        """Unix milliseconds, whole, as events and objects show them."""
        return int(self.now() * 1000)

    def advance(self, seconds):
        with self._lock:
            self._offset += seconds

    def set(self, epoch):
        """From now on the time reads `epoch`, and goes on from there."""
        with self._lock:
            self._offset = epoch - self._source()

    def restart(self):
        """Back to the source's own time (a reset)."""
        with self._lock:
            self._offset = 0.0
