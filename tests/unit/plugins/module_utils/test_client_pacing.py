# -*- coding: utf-8 -*-
# Copyright: (c) 2026, guance.cloud maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Pacing the rate limit: the store of a key's recent requests (a hash-named file in a 0700 folder,
under a lock, shared by the processes of one controller), when it makes a request wait, and runs of
R requests on one key against the emulator's limiter. Time is a fake clock shared by the clients
and the emulator: nothing sleeps, and the figures are exact."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import stat
import threading

import pytest

from ansible_collections.guance.cloud.plugins.module_utils import _pacing
from ansible_collections.guance.cloud.plugins.module_utils._client import GuanceClient
from ansible_collections.guance.cloud.plugins.module_utils._errors import RateLimitedError
from ansible_collections.guance.cloud.plugins.module_utils._pacing import Pacer, store_name
from ansible_collections.guance.cloud.tests.unit.fixtures.client.fake_http import envelope

KEY = "sk-0123-do-not-leak-4567"
NAME = store_name("https://openapi.example", KEY)


@pytest.fixture
def folder(tmp_path):
    return str(tmp_path / "ratelimit")


def pacer_for(folder, sleeps, limit=3, window=10.0):
    return Pacer(NAME, limit, window, sleeps.time, folder)


def fill(pacer, count):
    for unused in range(count):
        assert pacer.reserve() == 0
        pacer.settle()


# The store

def test_the_store_is_named_by_a_hash_and_holds_no_key(folder, sleeps):
    pacer = pacer_for(folder, sleeps)
    fill(pacer, 2)
    (name,) = os.listdir(folder)
    assert name == NAME and KEY not in name and len(name) == 45
    with open(os.path.join(folder, name)) as handle:
        text = handle.read()
    assert KEY not in text and json.loads(text)["sent"] == [sleeps.now, sleeps.now]
    assert store_name("https://other.example", KEY) != NAME, "endpoints have stores of their own"


def test_the_folder_is_private_to_the_user(folder, sleeps):
    os.makedirs(folder, 0o755)
    os.chmod(folder, 0o755)
    fill(pacer_for(folder, sleeps), 1)
    assert stat.S_IMODE(os.stat(folder).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(os.path.join(folder, NAME)).st_mode) == 0o600


def test_the_default_folder_outlives_the_task(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert _pacing.default_folder() == str(tmp_path / "guance.cloud" / "ratelimit")
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert _pacing.default_folder() == str(tmp_path / "home" / ".cache" / "guance.cloud" / "ratelimit")


def test_processes_of_one_controller_share_the_store(folder, sleeps):
    fill(pacer_for(folder, sleeps), 3)
    later = pacer_for(folder, sleeps)
    assert later.refused() == 10.0  # it knows the three requests of the run before it
    sleeps(4.0)
    assert pacer_for(folder, sleeps).reserve() == pytest.approx(6.0)


def test_the_lock_lets_exactly_the_limit_through_at_once(folder, sleeps):
    first = pacer_for(folder, sleeps, limit=20)
    first.refused()  # armed
    granted = []

    def worker():
        for unused in range(10):
            pacer = pacer_for(folder, sleeps, limit=20)
            if pacer.reserve() == 0:
                granted.append(1)
    threads = [threading.Thread(target=worker) for unused in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(granted) == 20


@pytest.mark.parametrize("breakage", ["folder is a file", "file is a folder", "parent is a file"])
def test_a_broken_store_never_fails_and_warns_once(tmp_path, sleeps, breakage):
    folder = tmp_path / "ratelimit"
    if breakage == "folder is a file":
        folder.write_text(u"not a folder")
    elif breakage == "file is a folder":
        (folder / NAME).mkdir(parents=True)
    else:
        (tmp_path / "cache").write_text(u"a file where the cache folder should be")
        folder = tmp_path / "cache" / "ratelimit"
    pacer = pacer_for(str(folder), sleeps)
    fill(pacer, 3)
    assert pacer.warning and "within this process" in pacer.warning
    assert pacer.refused() == 10.0  # pacing goes on in the process
    assert pacer.reserve() == 10.0


def test_a_torn_store_starts_afresh(folder, sleeps):
    os.makedirs(folder, 0o700)
    with open(os.path.join(folder, NAME), "w") as handle:
        handle.write('{"sent": [1, 2')
    pacer = pacer_for(folder, sleeps)
    fill(pacer, 1)
    assert pacer.warning is None


def test_a_limit_of_zero_turns_pacing_off(folder, sleeps):
    pacer = pacer_for(folder, sleeps, limit=0)
    pacer.refused()
    fill(pacer, 50)
    assert not os.path.exists(folder)


# When a request waits

def test_pacing_starts_only_once_the_key_was_refused(folder, sleeps):
    pacer = pacer_for(folder, sleeps)
    fill(pacer, 10)  # a server without limits is never slowed down
    assert pacer.refused() == pytest.approx(10.0)
    assert pacer.reserve() == pytest.approx(10.0)
    sleeps(10.0)
    assert pacer.reserve() == 0


def test_a_refusal_keeps_pacing_on_for_a_few_windows(folder, sleeps):
    pacer = pacer_for(folder, sleeps)
    pacer.refused()
    sleeps(_pacing.ARMED_WINDOWS * 10.0 - 1)
    fill(pacer, 3)
    assert pacer.reserve() > 0
    sleeps(1.0)
    fill(pacer, 3)  # disarmed: the run goes on at full speed until the next refusal


def test_the_wait_ends_when_the_oldest_request_leaves_the_window(folder, sleeps):
    pacer = pacer_for(folder, sleeps)
    for unused in range(3):
        fill(pacer, 1)
        sleeps(2.0)
    assert pacer.refused() == pytest.approx(10.0 - 6.0)


def test_a_request_counts_from_its_answer(folder, sleeps):
    pacer = pacer_for(folder, sleeps)
    assert pacer.reserve() == 0
    sleeps(3.0)  # the answer took 3 s: the server counted the request somewhere in between
    pacer.settle()
    with open(os.path.join(folder, NAME)) as handle:
        assert json.load(handle)["sent"] == [sleeps.now]


def test_a_wait_longer_than_rate_limit_wait_fails_without_sending(fake_http, client_for, sleeps):
    client = client_for(rate_limit_wait=5, rate_limit=2, rate_window=60)
    client.pacer.refused()
    fill(client.pacer, 2)
    with pytest.raises(RateLimitedError) as caught:
        client.request("dashboards.list")
    assert fake_http.sent == [] and sleeps.delays == []
    assert "rate_limit_wait" in str(caught.value) and "2 requests in 60 s" in str(caught.value)


def test_the_client_passes_on_the_stores_warning(fake_http, tmp_path, sleeps):
    blocker = tmp_path / "file"
    blocker.write_text(u"x")
    fake_http.answer(envelope([]))
    client = GuanceClient("https://openapi.example", KEY, sleep=sleeps, clock=sleeps.time, pacing_folder=str(blocker))
    client.request("dashboards.list")
    client.request("dashboards.list")
    assert len(client.warnings) == 1 and KEY not in client.warnings[0]


# Runs of R requests on one key, each request a module run of its own (a new client), against the
# emulator's limiter with a 2 s window: the limit allows floor((R - 1) / 20) windows.

WINDOW = 2.0
RUNS = {21: (1, 2.0), 51: (1, 4.0), 101: (1, 10.0)}


@pytest.mark.parametrize("runs", sorted(RUNS))
def test_runs_of_r_requests_take_the_windows_the_limit_allows(emulator, sleeps, runs):
    control = emulator(rate_limit={"per_key": 20, "window": WINDOW}, clock=sleeps.time)
    started = sleeps.now
    for unused in range(runs):
        client = GuanceClient(control.url, "emulator-key-a", sleep=sleeps, clock=sleeps.time, rate_limit=20, rate_window=WINDOW)
        client.request("dashboards.list")
    log = control.requests()
    refused = sum(1 for entry in log if entry["status"] == 401)
    elapsed = sleeps.now - started
    assert (len(log), refused, elapsed) == (runs + RUNS[runs][0], RUNS[runs][0], RUNS[runs][1])
    assert elapsed <= (runs - 1) // 20 * WINDOW
