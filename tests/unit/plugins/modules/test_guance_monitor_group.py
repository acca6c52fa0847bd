# -*- coding: utf-8 -*-
# Copyright: (c) 2026, guance.cloud maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""guance_monitor_group against the emulator: create, rename, delete, the default group in both languages,
check and diff mode, exact request counts."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.guance.cloud.plugins.modules import guance_monitor_group

LIST = ("GET", "/api/v1/monitor/group/list", 200)
CREATE = ("POST", "/api/v1/monitor/group/create", 200)


@pytest.fixture
def control(emulator):
    return emulator()


def run(run_module, control, **args):
    control.clear_requests()
    return run_module(guance_monitor_group, **dict(control.args, **args))


def groups(control):
    return sorted(g["name"] for g in control.call("POST", "monitoring", {"workspace": "wksp_emulator_a"})["monitor_groups"])


def test_create_in_check_mode_then_for_real_then_nothing_to_do(run_module, control):
    checked = run(run_module, control, check_mode=True, diff=True, name="Tomcat检测库")
    assert checked["changed"] is True and control.statuses() == [LIST] and groups(control) == ["默认分组"]
    assert checked["diff"] == {"before": "{}\n", "after": '{\n    "name": "Tomcat检测库"\n}\n'}
    created = run(run_module, control, name="Tomcat检测库")
    assert created["changed"] is True and created["uuid"].startswith("monitor_") and control.statuses() == [LIST, CREATE]
    assert groups(control) == ["Tomcat检测库", "默认分组"]
    again = run(run_module, control, name="Tomcat检测库")
    assert again["changed"] is False and again["uuid"] == created["uuid"] and control.statuses() == [LIST]


def test_rename_by_uuid_then_delete(run_module, control):
    uuid = run(run_module, control, name="Tomcat检测库")["uuid"]
    renamed = run(run_module, control, uuid=uuid, name="Tomcat", diff=True)
    assert renamed["changed"] is True and renamed["monitor_group"]["name"] == "Tomcat"
    assert control.statuses() == [("GET", "/api/v1/monitor/group/%s/get" % uuid, 200), LIST,
                                  ("POST", "/api/v1/monitor/group/%s/modify" % uuid, 200)]
    deleted = run(run_module, control, name="Tomcat", state="absent")
    assert deleted["changed"] is True and control.statuses() == [LIST, ("POST", "/api/v1/monitor/group/%s/delete" % uuid, 200)]
    assert run(run_module, control, name="Tomcat", state="absent")["changed"] is False and groups(control) == ["默认分组"]


@pytest.mark.parametrize("name", ["默认分组", "Default"])
def test_the_default_group_in_either_language_is_the_workspaces_default_group(run_module, control, name):
    found = run(run_module, control, name=name)
    assert found["changed"] is False and found["monitor_group"]["type"] == "default" and control.statuses() == [LIST]
    refused = run(run_module, control, name=name, state="absent")
    assert refused["failed"] is True and "cannot be deleted" in refused["msg"] and control.statuses() == [LIST]


@pytest.mark.parametrize("args, message", [
    (dict(name="n" * 129), "name must be at most 128 characters"),
    (dict(name=""), "name must be a non-empty string"),
    (dict(), "name or uuid is needed"),
])
def test_bad_input_is_refused_before_any_request(run_module, control, args, message):
    failed = run(run_module, control, **args)
    assert failed["failed"] is True and message in failed["msg"] and control.statuses() == []


def test_a_monitor_filed_under_default_lands_in_the_workspaces_default_group_and_stays_unchanged(run_module, control):
    from ansible_collections.guance.cloud.plugins.modules import guance_monitor
    monitor = {"jsonScript": {"type": "simpleCheck", "name": "cpu", "title": "CPU high", "every": "1m",
                              "targets": [{"alias": "Result", "dql": "M::`cpu`:(AVG(`usage_total`))"}],
                              "checkerOpt": {"rules": [{"status": "critical", "conditionLogic": "and",
                                                        "conditions": [{"alias": "Result", "operator": ">=", "operands": ["90"]}]}]}},
               "monitorName": "Default"}
    created = run_module(guance_monitor, monitor=monitor, **control.args)
    assert created["changed"] is True and created["monitor"]["monitorName"] == "默认分组"
    control.clear_requests()
    again = run_module(guance_monitor, monitor=monitor, **control.args)
    assert again["changed"] is False and control.statuses() == [("GET", "/api/v1/checker/list", 200)]
