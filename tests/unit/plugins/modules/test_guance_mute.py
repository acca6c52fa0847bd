# -*- coding: utf-8 -*-
# Copyright: (c) 2026, guance.cloud maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""guance_mute, guance_mute_info and guance_event against an in-memory Guance, through main()."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import time
import uuid as uuidlib

import pytest

from ansible.module_utils.testing import patch_module_args

from ansible_collections.guance.cloud.plugins.module_utils import _mutes as m
from ansible_collections.guance.cloud.plugins.module_utils._client import Answer, GuanceClient
from ansible_collections.guance.cloud.plugins.module_utils._errors import NotFoundError, OutcomeUnknownError
from ansible_collections.guance.cloud.plugins.modules import guance_event, guance_mute, guance_mute_info

KEY = "secret-api-key-0123456789"
CHECKERS = [{"uuid": "rul_" + "1" * 32, "jsonScript": {"name": "CPU high"}, "monitorName": "Hosts"},
            {"uuid": "rul_" + "2" * 32, "jsonScript": {"name": "Disk full"}, "monitorName": "Hosts"},
            {"uuid": "rul_" + "3" * 32, "jsonScript": {"name": "Disk full"}, "monitorName": "Other"}]
POLICIES = [{"uuid": "altpl_" + "1" * 32, "name": "Infra"}]


class FakeClient(GuanceClient):
    """Mute rules, monitors and alert policies of one workspace, in memory; records each call's route."""

    def __init__(self, rules=()):
        super(FakeClient, self).__init__("http://guance.invalid", KEY)
        self.rules = dict((r["uuid"], dict(r)) for r in rules)
        self.calls = []
        self.events = []
        self.lose_create_answer = False

    def request(self, route, path=None, query=None, body=None):
        self.calls.append(route)
        handler = getattr(self, "_" + route.replace(".", "_"))
        content = handler(path, query, body)
        if route == "mutes.create" and self.lose_create_answer:
            raise OutcomeUnknownError("POST /api/v1/monitor/mute/create got no answer", status=503)
        return Answer(content, None, 200, "trace-1")

    def paginate(self, route, path=None, query=None, page_size=100):
        self.calls.append(route)
        search = (query or {}).get("search") or ""
        items = {"mutes.list": list(self.rules.values()), "checkers.list": CHECKERS, "alert_policies.list": POLICIES}[route]
        name = m._checker_name if route == "checkers.list" else m._plain_name
        return [dict(i) for i in items if search in (name(i) or "")]

    def _find(self, path):
        if path["uuid"] not in self.rules:
            raise NotFoundError("no rule", status=404, error_code="ft.DataNotFound")
        return self.rules[path["uuid"]]

    def _mutes_create(self, path, query, body):
        zone = m.zone(body["timezone"])
        rule = dict(body, uuid="mute_" + uuidlib.uuid4().hex, status=0, crontab=m.cron_line(body["repeatCrontabSet"]) if body.get(
            "repeatCrontabSet") else "", start=m.server_time(body.get("startTime"), zone) or -1,
            end=m.server_time(body.get("endTime"), zone) or -1)
        self.rules[rule["uuid"]] = rule
        return rule

    def _mutes_modify(self, path, query, body):
        rule = self._find(path)
        rule.update(body)
        zone = m.zone(rule["timezone"])
        rule.update(start=m.server_time(rule.get("startTime"), zone) or -1, end=m.server_time(rule.get("endTime"), zone) or -1)
        return rule

    def _mutes_delete(self, path, query, body):
        del self.rules[self._find(path)["uuid"]]
        return {}

    def _mutes_enable(self, path, query, body):
        self._find(path)["status"] = 0
        return True

    def _mutes_disable(self, path, query, body):
        self._find(path)["status"] = 2
        return True

    def _events_create(self, path, query, body):
        self.events.append(body)
        return True


class Exit(Exception):
    pass


def run_main(monkeypatch, fake, module, **args):
    results = []

    def finish(ansible_module, **result):
        results.append(result)
        raise Exit()

    monkeypatch.setattr(module.AnsibleModule, "exit_json", finish)
    monkeypatch.setattr(module.AnsibleModule, "fail_json", lambda ansible_module, **r: finish(ansible_module, failed=True, **r))
    monkeypatch.setattr(module, "client_from_module", lambda ansible_module: fake)
    with patch_module_args(dict(api_key=KEY, endpoint="http://guance.invalid", **args)):
        with pytest.raises(Exit):
            module.main()
    return results[0]


ONCE = dict(name="db migration", start="2030-03-27 22:00", end="2030-03-28 02:00", timezone="Asia/Shanghai", filter="host:db-01")


def test_create_then_unchanged_then_modified(monkeypatch):
    fake = FakeClient()
    first = run_main(monkeypatch, fake, guance_mute, _ansible_diff=True, **ONCE)
    assert first["changed"] and first["uuid"].startswith("mute_") and first["diff"]["before"] == {}
    assert fake.calls == ["mutes.list", "mutes.create"]
    fake.calls = []
    again = run_main(monkeypatch, fake, guance_mute, **ONCE)
    assert not again["changed"] and fake.calls == ["mutes.list"]
    fake.calls = []
    later_end = dict(ONCE)
    later_end["end"] = "2030-03-28 03:00"
    later = run_main(monkeypatch, fake, guance_mute, _ansible_diff=True, **later_end)
    assert later["changed"] and fake.calls == ["mutes.list", "mutes.modify"]
    assert later["diff"]["before"]["end"] == "2030/03/28 02:00:00" and later["diff"]["after"]["end"] == "2030/03/28 03:00:00"
    assert KEY not in json.dumps([first, again, later])


def test_check_mode_predicts_without_writing(monkeypatch):
    fake = FakeClient()
    result = run_main(monkeypatch, fake, guance_mute, _ansible_check_mode=True, enabled=False, **ONCE)
    assert result["changed"] and result["uuid"] is None and result["mute"]["status"] == 2
    assert fake.calls == ["mutes.list"] and fake.rules == {}


def test_monitors_and_policies_by_name_or_uuid(monkeypatch):
    fake = FakeClient()
    result = run_main(monkeypatch, fake, guance_mute, monitors=["CPU high", "rul_" + "2" * 32], alert_policies=["Infra"], **ONCE)
    stored = list(fake.rules.values())[0]
    assert stored["type"] == "custom"
    assert stored["muteRanges"] == [{"checkerUUID": "rul_" + "1" * 32, "name": "CPU high"},
                                    {"checkerUUID": "rul_" + "2" * 32, "name": "rul_" + "2" * 32},
                                    {"alertPolicyUUID": "altpl_" + "1" * 32, "name": "Infra"}]
    assert result["changed"] and fake.calls == ["mutes.list", "checkers.list", "alert_policies.list", "mutes.create"]


@pytest.mark.parametrize("monitors, message", [(["Nope"], "no monitor is named 'Nope'"), (["Disk full"], "2 monitors are named")])
def test_unknown_or_ambiguous_monitor_refused_before_any_write(monkeypatch, monitors, message):
    fake = FakeClient()
    result = run_main(monkeypatch, fake, guance_mute, monitors=monitors, **ONCE)
    assert result["failed"] and message in result["msg"] and "monitors" in result["msg"]
    assert fake.calls == ["mutes.list", "checkers.list"]


@pytest.mark.parametrize("args", [given for given, _message in __import__(
    "ansible_collections.guance.cloud.tests.unit.plugins.module_utils.test_mutes", fromlist=["BAD"]).BAD])
def test_bad_input_refused_before_any_request(monkeypatch, args):
    fake = FakeClient()
    result = run_main(monkeypatch, fake, guance_mute, **dict(dict(name="bad"), **args))
    assert result["failed"] and fake.calls == []


def test_start_left_to_now_keeps_a_fresh_rule_and_moves_an_expired_one(monkeypatch):
    now = int(time.time())
    expired = {"uuid": "mute_" + "e" * 32, "name": "deploy web-01", "timezone": "UTC", "type": "checker", "muteRanges": [],
               "filterString": "host:web-01", "tags": {}, "status": 0, "crontab": "", "start": now - 7200, "end": now - 5400}
    fake = FakeClient([expired])
    args = dict(name="deploy web-01", filter="host:web-01", duration="30m")
    moved = run_main(monkeypatch, fake, guance_mute, **args)
    assert moved["changed"] and fake.calls == ["mutes.list", "mutes.modify"]
    assert moved["mute"]["end"] - moved["mute"]["start"] == 1800 and moved["mute"]["start"] >= now
    fake.calls = []
    assert not run_main(monkeypatch, fake, guance_mute, **args)["changed"] and fake.calls == ["mutes.list"]


def test_enabled_alone_uses_the_switch_route(monkeypatch):
    fake = FakeClient()
    run_main(monkeypatch, fake, guance_mute, **ONCE)
    fake.calls = []
    result = run_main(monkeypatch, fake, guance_mute, enabled=False, **ONCE)
    assert result["changed"] and fake.calls == ["mutes.list", "mutes.disable"] and result["mute"]["status"] == 2
    fake.calls = []
    assert not run_main(monkeypatch, fake, guance_mute, enabled=False, **ONCE)["changed"]


def test_create_disabled_costs_a_second_request(monkeypatch):
    fake = FakeClient()
    result = run_main(monkeypatch, fake, guance_mute, enabled=False, **ONCE)
    assert fake.calls == ["mutes.list", "mutes.create", "mutes.disable"] and result["mute"]["status"] == 2


def test_lost_create_answer_is_read_back_not_repeated(monkeypatch):
    fake = FakeClient()
    fake.lose_create_answer = True
    result = run_main(monkeypatch, fake, guance_mute, **ONCE)
    assert result["changed"] and len(fake.rules) == 1 and fake.calls == ["mutes.list", "mutes.create", "mutes.list"]


def test_absent(monkeypatch):
    fake = FakeClient()
    run_main(monkeypatch, fake, guance_mute, **ONCE)
    fake.calls = []
    result = run_main(monkeypatch, fake, guance_mute, name="db migration", state="absent", _ansible_diff=True)
    assert result["changed"] and result["diff"]["after"] == {} and fake.rules == {}
    assert not run_main(monkeypatch, fake, guance_mute, name="db migration", state="absent")["changed"]


def test_two_rules_with_one_name_fail_without_change(monkeypatch):
    rule = {"name": "dup", "timezone": "UTC", "crontab": "", "start": 1, "end": 2}
    fake = FakeClient([dict(rule, uuid="mute_1"), dict(rule, uuid="mute_2")])
    result = run_main(monkeypatch, fake, guance_mute, name="dup", state="absent")
    assert result["failed"] and "2 mute rules are named 'dup'" in result["msg"] and len(fake.rules) == 2


def test_repeating_window_round_trip(monkeypatch):
    fake = FakeClient()
    args = dict(name="weekly", cron="0 2 * * 6", duration="2h", expire="2030-12-31 23:59:59", timezone="Europe/Berlin")
    assert run_main(monkeypatch, fake, guance_mute, **args)["changed"]
    assert not run_main(monkeypatch, fake, guance_mute, **args)["changed"]
    other_cron = dict(args)
    other_cron["cron"] = "0 3 * * 6"
    assert run_main(monkeypatch, fake, guance_mute, **other_cron)["changed"]


def test_info_filters(monkeypatch):
    now = int(time.time())
    rules = [{"uuid": "mute_a", "name": "open", "timezone": "UTC", "crontab": "", "start": now - 60, "end": now + 600, "status": 0},
             {"uuid": "mute_b", "name": "over", "timezone": "UTC", "crontab": "", "start": now - 600, "end": now - 60, "status": 0},
             {"uuid": "mute_c", "name": "off", "timezone": "UTC", "crontab": "", "start": now - 60, "end": now + 600, "status": 2}]
    fake = FakeClient(rules)
    assert [r["name"] for r in run_main(monkeypatch, fake, guance_mute_info, active=True)["mutes"]] == ["open"]
    assert [r["name"] for r in run_main(monkeypatch, fake, guance_mute_info, enabled=False)["mutes"]] == ["off"]
    assert [r["name"] for r in run_main(monkeypatch, fake, guance_mute_info, name="over")["mutes"]] == ["over"]
    listed = run_main(monkeypatch, fake, guance_mute_info)["mutes"]
    assert [(r["enabled"], r["active"]) for r in listed] == [(True, True), (True, False), (False, False)]


def test_event_writes_always_and_never_in_check_mode(monkeypatch):
    fake = FakeClient()
    checked = run_main(monkeypatch, fake, guance_event, title="Deploy", _ansible_check_mode=True)
    assert checked["changed"] and fake.calls == []
    written = run_main(monkeypatch, fake, guance_event, title="Deploy", status="ok", tags={"v": 1})
    assert written["changed"] and fake.calls == ["events.create"] and fake.events == [written["event"]]
    refused = run_main(monkeypatch, fake, guance_event, title="Deploy", tags={"df_x": 1})
    assert refused["failed"] and fake.calls == ["events.create"]
