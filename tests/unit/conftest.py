# -*- coding: utf-8 -*-
# Copyright: (c) 2026, guance.cloud maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Fixtures shared by the unit tests: the fake HTTP layer under requests, the fake clock, a client
factory, an emulator served in this process, and a private folder for the rate-limit pacing files."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import sys

import pytest

from ansible_collections.guance.cloud.plugins.module_utils._client import GuanceClient
from ansible_collections.guance.cloud.tests.unit.fixtures.client.fake_http import FakeHTTP, Sleeps

KEY = "sk-0123-do-not-leak-4567"
EMULATOR_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "emulator")


@pytest.fixture(autouse=True)
def pacing_folder(tmp_path, monkeypatch):
    """Every test paces its keys in a folder of its own, with the documented limits, whatever the shell says."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    for name in ("GUANCE_RATE_LIMIT", "GUANCE_RATE_WINDOW"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path / "cache" / "guance.cloud" / "ratelimit"


@pytest.fixture
def fake_http(monkeypatch):
    """A scripted server below requests (see fixtures/client/fake_http.py); nothing leaves the process."""
    return FakeHTTP().install(monkeypatch)


@pytest.fixture
def sleeps():
    """Stands in for time.sleep and the clocks of a client: nothing waits for real."""
    return Sleeps()


@pytest.fixture
def client_for(sleeps):
    """GuanceClient(...) with a fake endpoint, KEY and the fake clock; keywords change any setting."""
    def make(**options):
        settings = dict(endpoint="https://openapi.example", api_key=KEY, sleep=sleeps, clock=sleeps.time)
        settings.update(options)
        return GuanceClient(**settings)
    return make


@pytest.fixture
def emulator_server():
    """A factory of emulators served in this process on free ports: start(**start_emulator options) -> base URL."""
    if not os.path.isdir(os.path.join(EMULATOR_DIR, "guance_emulator")):
        pytest.skip("the emulator is not part of this test tree (no tests/emulator/guance_emulator)")
    if EMULATOR_DIR not in sys.path:
        sys.path.insert(0, EMULATOR_DIR)
    from guance_emulator import start_emulator  # pylint: disable=import-error
    stops = []

    def start(**options):
        url, stop = start_emulator(port=0, **options)
        stops.append(stop)
        return url
    yield start
    for stop in stops:
        stop()
