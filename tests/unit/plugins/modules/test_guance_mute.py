# -*- coding: utf-8 -*-
# Copyright: (c) 2026, guance.cloud maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""guance_mute, guance_mute_info and guance_event through main(), against the emulator in this process:
each case's requests exactly (one table), check mode reading the same and writing nothing, a second
apply changing nothing; the edges (lists without names or as {data: [...]}, a lost create answer,
delete 404, rules by uuid, fields no answer shows)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import time

import pytest
import requests

from ansible_collections.guance.cloud.plugins.modules import guance_event, guance_monitor, guance_mute, guance_mute_info
from ansible_collections.guance.cloud.tests.unit.fixtures.cycle import check_apply_again

WRITES = ("create", "modify", "delete", "enable", "disable")
ONCE = dict(name="db migration", start="2030-03-27 22:00", end="2030-03-28 02:00", timezone="Asia/Shanghai", filter="host:db-01")
LATER = dict(ONCE, end="2030-03-28 03:00")
MUTE_CREATE = "/api/v1/monitor/mute/create"


def once(**changes):
    """ONCE with some options changed."""
    return dict(ONCE, **changes)


@pytest.fixture
def guance(emulator):
    """An emulator (mute rule lists without names, as mute/list.md's example) whose workspace A has the alert
    policy Infra."""
    control = emulator()
    control.call("POST", "monitoring", {"workspace": "wksp_emulator_a", "alert_policies": ["Infra"]})
    return control


def add_monitors(run_module, control, *names):
    uuids = []
    for name in names:
        monitor = {"jsonScript": {"type": "simpleCheck", "name": name, "title": name, "every": "1m"}}
        uuids.append(run_module(guance_monitor, monitor=monitor, lookup=False, **control.args)["uuid"])
    return uuids


def ops(control):
    """The routes sent since the last clear, as their last word (list, create, modify...) or the other family's route."""
    found = []
    for entry in control.requests():
        route = (entry["route"] or "refused").replace("/api/v1/", "")
        found.append(route.rsplit("/", 1)[-1] if route.startswith("monitor/mute/") else route)
    return found


def apply(run_module, control, module=guance_mute, **args):
    control.clear_requests()
    return run_module(module, **dict(control.args, **args)), ops(control)


def apply_with(run_module, control, args, **more):
    """apply() with the options of a dict, and more."""
    return apply(run_module, control, **dict(args, **more))


# (id, rules there before (guance_mute args), args, requests of the apply). Check mode must read the
# same and write nothing; a second apply reads again and writes nothing.
SCENARIOS = [
    ("create", [], ONCE, ["list", "create"]),
    ("unchanged", [ONCE], ONCE, ["list"]),
    ("a later end", [ONCE], LATER, ["list", "modify"]),
    ("disable alone", [ONCE], dict(ONCE, enabled=False), ["list", "disable"]),
    ("create disabled", [], dict(ONCE, enabled=False), ["list", "create", "disable"]),
    ("a later end and disable", [ONCE], dict(LATER, enabled=False), ["list", "modify", "disable"]),
    ("by monitor and policy names", [], dict(ONCE, monitors=["CPU high"], alert_policies=["Infra"]),
     ["list", "checker/list", "alert_policy/list", "create"]),
    ("repeating", [], dict(name="weekly", cron="0 2 * * 6", duration="2h", expire="2030-12-31 23:59:59", timezone="Europe/Berlin"),
     ["list", "create"]),
    ("delete", [ONCE], dict(name="db migration", state="absent"), ["list", "delete"]),
    ("delete what is gone", [], dict(name="db migration", state="absent"), ["list"]),
]


@pytest.mark.parametrize("before, args, expected", [s[1:] for s in SCENARIOS], ids=[s[0] for s in SCENARIOS])
def test_each_case_costs_exactly_its_requests(run_module, guance, before, args, expected):
    add_monitors(run_module, guance, "CPU high")
    for given in before:
        apply(run_module, guance, **given)
    results = check_apply_again(lambda **given: apply(run_module, guance, **given), lambda: guance.held("mutes"),
                                args, expected, ["list"], WRITES)
    assert guance.args["api_key"] not in json.dumps(results)


def test_the_diff_shows_chinese_text_as_written(run_module, guance):
    result = apply_with(run_module, guance, once(name="维护窗口", description="数据库迁移"), diff=True)[0]
    assert '"description": "数据库迁移"' in result["diff"]["after"] and "\\u" not in result["diff"]["after"]
    result = apply(run_module, guance, diff=True, name="维护窗口", state="absent")[0]
    assert '"description": "数据库迁移"' in result["diff"]["before"] and result["diff"]["after"] == "{}\n"


def test_monitors_and_policies_by_name_or_uuid(run_module, guance):
    cpu, disk = add_monitors(run_module, guance, "CPU high", "Disk full")
    result = apply(run_module, guance, monitors=["CPU high", disk], alert_policies=["Infra"], **ONCE)[0]
    stored = guance.held("mutes")[0]
    assert result["changed"] and stored["type"] == "custom"
    assert [(r.get("checkerUUID") or r.get("alertPolicyUUID"), r["name"]) for r in stored["muteRanges"]][:2] == [
        (cpu, "CPU high"), (disk, disk)]


@pytest.mark.parametrize("monitors, message", [
    (["Nope"], "monitors: no monitor is named 'Nope'"),
    (["Disk full"], "monitors: 2 monitors are named 'Disk full'"),
])
def test_an_unknown_or_ambiguous_monitor_is_refused_before_any_write(run_module, guance, monitors, message):
    add_monitors(run_module, guance, "CPU high", "Disk full", "Disk full")
    result, sent = apply(run_module, guance, monitors=monitors, **ONCE)
    assert result["failed"] and message in result["msg"] and sent == ["list", "checker/list"]


def test_check_mode_lets_a_monitor_an_earlier_task_would_create_stand(run_module, guance):
    add_monitors(run_module, guance, "CPU high")
    result, sent = apply(run_module, guance, check_mode=True, monitors=["CPU high", "Made by the play"], **ONCE)
    assert result["changed"] is True and sent == ["list", "checker/list"]
    assert result["warnings"][0].startswith("monitors: no monitor is named 'Made by the play' yet")
    assert guance.held("mutes") == []


@pytest.mark.parametrize("args, message", [
    (dict(ONCE, end="2020-01-01 00:00", start="2019-12-31 00:00"), "already past"),
    (dict(ONCE, cron="0 2 * 6", duration="1h", start=None, end=None), "five cron fields"),
    (dict(name=None, uuid="rul_1", duration="1h"), "uuid must be a mute rule's uuid"),
    (dict(ONCE, timezone="Mars/Olympus_Mons"), "IANA time zone"),
], ids=["past", "cron", "uuid", "zone"])
def test_bad_input_is_refused_before_any_request(run_module, guance, args, message):
    result, sent = apply(run_module, guance, **args)
    assert result["failed"] and message in result["msg"] and sent == []


def test_start_left_to_now_keeps_a_fresh_rule_and_moves_an_expired_one(run_module, guance):
    window = dict(filter="host:web-01", duration="30m")
    apply(run_module, guance, name="deploy web-01", **window)
    again, sent = apply(run_module, guance, name="deploy web-01", **window)
    assert again["changed"] is False and sent == ["list"]
    # The window a failed run left long ago: moved to start now.
    now = int(time.time())
    past = time.strftime("%Y/%m/%d %H:%M:%S", time.gmtime(now - 7200)), time.strftime("%Y/%m/%d %H:%M:%S", time.gmtime(now - 5400))
    answer = requests.post(guance.url + MUTE_CREATE, headers={"DF-API-KEY": guance.args["api_key"]}, timeout=10, json={
        "name": "expired", "timezone": "UTC", "type": "checker", "muteRanges": [], "filterString": "host:web-01",
        "repeatTimeSet": 0, "startTime": past[0], "endTime": past[1]})
    assert answer.status_code == 200
    moved, sent = apply(run_module, guance, name="expired", **window)
    assert moved["changed"] and sent == ["list", "modify"] and moved["mute"]["start"] >= now
    assert moved["mute"]["end"] - moved["mute"]["start"] == 1800


def test_a_rerun_after_a_lost_create_answer_creates_nothing(run_module, guance):
    guance.fault(method="POST", path=MUTE_CREATE, kind="lost_answer", then="drop")
    result, sent = apply(run_module, guance, **ONCE)
    assert result["changed"] and result["uuid"].startswith("mute_") and sent == ["list", "create", "list"]
    again, sent = apply(run_module, guance, **ONCE)
    assert again["changed"] is False and sent == ["list"] and len(guance.held("mutes")) == 1


def test_a_404_on_delete_counts_as_already_deleted(run_module, guance):
    apply(run_module, guance, **ONCE)
    guance.fault(method="POST", path="/api/v1/monitor/mute/.*/delete", kind="status", status=404, error_code="ft.DataNotFound")
    result, sent = apply(run_module, guance, name="db migration", state="absent")
    assert "failed" not in result and result["changed"] is False and sent == ["list", "delete"]


def test_two_rules_of_one_name_are_refused_naming_their_uuids(run_module, guance):
    guance.config(mute_list_names=True)
    first = apply(run_module, guance, **ONCE)[0]["uuid"]
    second = apply_with(run_module, guance, once(name="other"))[0]["uuid"]
    apply_with(run_module, guance, once(uuid=second))
    result, sent = apply(run_module, guance, name="db migration", state="absent")
    assert result["failed"] and "2 mute rules are named 'db migration' (%s, %s)" % tuple(sorted([first, second])) in result["msg"]
    assert sent == ["list"] and len(guance.held("mutes")) == 2


def test_a_rule_by_uuid(run_module, guance):
    guance.config(mute_list_names=True)
    created = apply(run_module, guance, **ONCE)[0]
    renamed, sent = apply_with(run_module, guance, once(name="renamed", uuid=created["uuid"]), diff=True)
    assert renamed["changed"] and sent == ["list", "modify"] and guance.held("mutes")[0]["name"] == "renamed"
    kept, sent = apply_with(run_module, guance, once(name=None, uuid=created["uuid"]))
    assert kept["changed"] is False and sent == ["list"]
    refused = apply_with(run_module, guance, once(name=None, uuid="mute_0"))[0]
    assert refused["failed"] and "no mute rule has uuid mute_0" in refused["msg"]
    assert apply(run_module, guance, uuid=created["uuid"], state="absent")[0]["changed"] is True
    assert apply(run_module, guance, uuid=created["uuid"], state="absent")[0]["changed"] is False


def test_info_filters(run_module, guance):
    guance.config(mute_list_names=True)
    now = int(time.time())
    for name, start, end in (("open", now - 60, now + 600), ("later", now + 600, now + 1200)):
        apply(run_module, guance, name=name, start=str(start), end=str(end))
    apply(run_module, guance, name="off", duration="1h", enabled=False)
    names = [r["name"] for r in apply(run_module, guance, guance_mute_info, active=True)[0]["mutes"]]
    assert names == ["open"]
    assert [r["name"] for r in apply(run_module, guance, guance_mute_info, enabled=False)[0]["mutes"]] == ["off"]
    assert [r["name"] for r in apply(run_module, guance, guance_mute_info, name="later")[0]["mutes"]] == ["later"]
    # A list without names: the rules the search for the name matched.
    guance.config(mute_list_names=False)
    assert len(apply(run_module, guance, guance_mute_info, name="later")[0]["mutes"]) == 1


def test_event_writes_always_and_never_in_check_mode(run_module, guance):
    checked, sent = apply(run_module, guance, guance_event, check_mode=True, title="Deploy")
    assert checked["changed"] and sent == []
    written, sent = apply(run_module, guance, guance_event, title="Deploy", status="ok", tags={"v": 1})
    assert written["changed"] and sent == ["events/create"] and len(guance.held("events")) == 1
    refused, sent = apply(run_module, guance, guance_event, title="Deploy", tags={"df_x": 1})
    assert refused["failed"] and sent == []


# The list variants the pages leave open (docs/emulator.md): items without name (list.md's example), and
# the page as {data: [...]}.

@pytest.mark.parametrize("config", [dict(mute_list_names=False), dict(mute_list_names=True, list_content="data"),
                                    dict(mute_list_names=False, list_content="data")],
                         ids=["no names", "data", "no names, data"])
def test_a_rerun_against_each_list_form_changes_nothing_and_absent_deletes(run_module, guance, config):
    guance.config(**config)
    created, sent = apply(run_module, guance, **ONCE)
    assert created["changed"] and sent == ["list", "create"]
    again, sent = apply(run_module, guance, **ONCE)
    assert again["changed"] is False and sent == ["list"] and len(guance.held("mutes")) == 1
    hidden = [] if config["mute_list_names"] else ["name"]
    assert again["unverified"] == hidden and ("warnings" in again) is bool(hidden)
    gone, sent = apply(run_module, guance, name="db migration", state="absent")
    assert gone["changed"] and sent == ["list", "delete"] and guance.held("mutes") == []


def test_a_list_without_names_never_guesses_between_rules_the_search_matched(run_module, guance):
    first = apply(run_module, guance, **ONCE)[0]["uuid"]
    second = apply_with(run_module, guance, once(name="db migration 2"))[0]["uuid"]
    guance.config(mute_list_names=False)
    for args in (ONCE, dict(name="db migration", state="absent")):
        result, sent = apply(run_module, guance, **args)
        assert result["failed"] and "does not show their names" in result["msg"] and sent == ["list"]
        assert "%s, %s" % tuple(sorted([first, second])) in result["msg"]
    # By uuid it is found, and send_unverified writes the name the list cannot show.
    result, sent = apply_with(run_module, guance, once(uuid=first), send_unverified=True)
    assert result["changed"] and result["unverified"] == ["name"] and sent == ["list", "modify"]
    assert len(guance.held("mutes")) == 2
