"""The emulator's one clock: every store, the request log and the rate limits read it; tests move it."""

import time

import pytest

from emulator_http import KEY_A, rows

from guance_emulator.clock import Clock

NEW_YEAR = 1767225600       # 2026-01-01 00:00:00 UTC
MUTE = {"type": "custom", "repeatTimeSet": 0, "timezone": "UTC", "startTime": "2026/01/02 00:00:00", "name": "m"}
MONITOR = {"jsonScript": {"type": "simpleCheck", "title": "t"}}


class FakeSource:
    """A time source that stands still until told."""

    def __init__(self, now):
        self.now = now

    def __call__(self):
        return self.now


def test_set_and_advance_move_every_store(client):
    assert client.control("POST", "clock", {"set": NEW_YEAR})["now"] >= NEW_YEAR
    dashboard = client.create("timed")
    monitor = client.ok("POST", "/api/v1/checker/add", body=MONITOR)
    mute = client.ok("POST", "/api/v1/monitor/mute/create", body=MUTE)
    assert dashboard["createAt"] == monitor["createAt"] == mute["createAt"] == NEW_YEAR
    client.control("POST", "clock", {"advance": 3600})
    modified = client.ok("POST", "/api/v1/dashboards/%s/modify" % dashboard["uuid"], body={"desc": "later"})
    assert modified["updateAt"] == NEW_YEAR + 3600 and modified["createAt"] == NEW_YEAR
    client.ok("POST", "/api/v1/events/create", body={"date": 1, "status": "ok", "title": "e"})
    event = client.control("GET", "events", query={"workspace": "wksp_emulator_a"})["events"][0]
    assert event["create_time"] // 1000 == NEW_YEAR + 3600
    assert int(client.requests_log()[-1]["time"]) == NEW_YEAR + 3600


def test_objects_loaded_after_a_set_are_fresh_on_that_clock(client):
    client.control("POST", "clock", {"set": NEW_YEAR})
    client.control("POST", "load", {"workspaces": [{"uuid": "wksp_timed", "keys": ["timed-key"],
                                                    "objects": {"HOST": [{"name": "h", "age_s": 60}]}}]})
    host = rows(client.dql("O::HOST", key="timed-key"))[0]
    assert (NEW_YEAR - 60) * 1000 <= host["last_update_time"] <= (NEW_YEAR - 59) * 1000


def test_reset_puts_the_clock_back(client):
    client.control("POST", "clock", {"set": NEW_YEAR})
    client.control("POST", "reset")
    assert abs(client.control("GET", "clock")["now"] - time.time()) < 5


@pytest.mark.parametrize("body", [None, {}, {"advance": -1}, {"advance": "1"}, {"advance": True}, {"set": None},
                                  {"advance": 1, "set": 2}, {"rewind": 1}])
def test_a_bad_clock_change_is_refused(client, body):
    before = client.create("before")["createAt"]
    reply = client.post("/__emulator/clock", body=body, key=None) if body is not None else client.post("/__emulator/clock", key=None)
    assert reply.status == 400 and "clock" in reply.json["error"]
    assert abs(client.create("after")["createAt"] - before) <= 1


def test_the_rate_limit_window_runs_on_the_clock(start_client):
    api = start_client(rate_limit={"per_key": 2, "window": 60}, clock=FakeSource(NEW_YEAR))
    assert [api.get("/api/v1/dashboards/list").status for unused in range(3)] == [200, 200, 401]
    api.control("POST", "clock", {"advance": 60})
    assert api.get("/api/v1/dashboards/list").status == 200


def test_a_clock_object_or_a_bare_source_is_taken(start_client):
    source = FakeSource(NEW_YEAR)
    clock = Clock(source)
    api = start_client(clock=clock)
    assert api.create("shared")["createAt"] == NEW_YEAR
    clock.advance(10)
    source.now += 5
    assert api.ok("GET", "/api/v1/dashboards/list", key=KEY_A)[0]["createAt"] == NEW_YEAR
    assert api.create("later")["createAt"] == NEW_YEAR + 15
    assert start_client(clock=FakeSource(NEW_YEAR + 7)).create("bare")["createAt"] == NEW_YEAR + 7
