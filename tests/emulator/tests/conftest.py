"""Fixtures of the emulator's own tests: emulators in this process, and a plain-HTTP client to talk to them."""

import sys

import pytest

from emulator_http import EMULATOR_DIR, Client

sys.path.insert(0, EMULATOR_DIR)

from guance_emulator import start_emulator  # noqa: E402  (needs the path above)


@pytest.fixture(scope="session")
def emulator_url():
    base_url, stop = start_emulator(port=0)
    yield base_url
    stop()


@pytest.fixture
def client(emulator_url):
    """A client of the shared emulator, reset to its start-up state."""
    api = Client(emulator_url)
    api.control("POST", "reset")
    return api


@pytest.fixture
def start_client():
    """A factory of clients to emulators of their own, started with start_emulator's options; `stop` stops one early."""
    stops = []

    def start(**options):
        base_url, stop = start_emulator(port=0, **options)
        stops.append(stop)
        api = Client(base_url)
        api.stop = stop
        return api
    yield start
    for stop in stops:
        stop()
