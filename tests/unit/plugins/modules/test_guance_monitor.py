# -*- coding: utf-8 -*-
# Copyright: (c) 2026, guance.cloud maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""guance_monitor and guance_monitor_info through main(), against the emulator in this process: each
case's requests exactly (one table), check mode reading the same and writing nothing, a second
apply changing nothing; the edges (lost create answer, delete 404, unknown type, answers without
tags, several monitors in one task)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import json
import os

import pytest

from ansible_collections.guance.cloud.plugins.modules import guance_monitor, guance_monitor_info
from ansible_collections.guance.cloud.tests.unit.fixtures.cycle import check_apply_again

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "fixtures", "monitors")
WRITES = ("checker/add", "checker/{uuid}/modify", "checker/delete", "checker/set_disable")


def fixture(name):
    with open(os.path.join(FIXTURES, name)) as f:
        return json.load(f)


CPU = fixture("cpu_high.json")
CPU_95 = copy.deepcopy(CPU)
for _rules in (CPU_95["checkers"][0]["jsonScript"]["checkerOpt"]["rules"], CPU_95["checkers"][0]["extend"]["rules"]):
    _rules[0]["conditions"][0]["operands"] = ["95"]
DISK = fixture("disk_full.json")
CPU_NAME = "Host CPU usage too high"


@pytest.fixture
def guance(emulator):
    """An emulator with a monitor group Infra and an alert policy On call in workspace A."""
    control = emulator()
    control.call("POST", "monitoring", {"workspace": "wksp_emulator_a", "monitor_groups": ["Infra"], "alert_policies": ["On call"]})
    return control


def ops(control):
    return [(r["route"] or "refused").replace("/api/v1/", "") for r in control.requests()]


def apply(run_module, control, module=guance_monitor, **args):
    """(result, the routes it sent) of one run of the module."""
    control.clear_requests()
    result = run_module(module, **dict(control.args, **args))
    return result, ops(control)


# (id, monitors there before (guance_monitor args), args, requests of the apply). Check mode must
# read the same and write nothing; a second apply reads again and writes nothing.
SCENARIOS = [
    ("create from an export", [], dict(monitor=CPU),
     ["checker/list", "monitor/group/list", "checker/add"]),
    ("create disabled, tagged, with a policy", [], dict(monitor=DISK, enabled=False, tags=["b", "a"], alert_policies=["On call"]),
     ["checker/list", "alert_policy/list", "checker/add", "checker/set_disable"]),
    ("unchanged by name", [dict(monitor=CPU)], dict(monitor=json.dumps(CPU)),
     ["checker/list"]),
    ("a threshold", [dict(monitor=CPU)], dict(monitor=CPU_95),
     ["checker/list", "checker/{uuid}/modify"]),
    ("disable alone", [dict(monitor=CPU)], dict(name=CPU_NAME, enabled=False),
     ["checker/list", "checker/set_disable"]),
    ("threshold and disable", [dict(monitor=CPU)], dict(monitor=dict(CPU_95["checkers"][0], is_disable=True)),
     ["checker/list", "checker/{uuid}/modify", "checker/set_disable"]),
    ("move to a group by name", [dict(monitor=CPU)], dict(name=CPU_NAME, monitor_group="Infra"),
     ["checker/list", "monitor/group/list", "checker/{uuid}/modify"]),
    ("tags only", [dict(monitor=CPU)], dict(name=CPU_NAME, tags=["x"]),
     ["checker/list", "checker/{uuid}/modify"]),
    ("delete", [dict(monitor=CPU)], dict(name=CPU_NAME, state="absent"),
     ["checker/list", "checker/delete"]),
    ("delete what is gone", [], dict(name=CPU_NAME, state="absent"),
     ["checker/list"]),
    ("several in one task: one list read", [dict(monitor=CPU)],
     dict(monitors=[dict(monitor=CPU_95), dict(monitor=DISK), dict(name="nowhere", state="absent")]),
     ["checker/list", "checker/{uuid}/modify", "checker/add"]),
]


@pytest.mark.parametrize("before, args, expected", [s[1:] for s in SCENARIOS], ids=[s[0] for s in SCENARIOS])
def test_each_case_costs_exactly_its_requests(run_module, guance, before, args, expected):
    for given in before:
        apply(run_module, guance, **given)
    check_apply_again(lambda **given: apply(run_module, guance, **given), lambda: guance.held("checkers"),
                      args, expected, ["checker/list"], WRITES)


def test_unchanged_costs_one_request_and_reports_no_change(run_module, guance):
    apply(run_module, guance, monitor=CPU, tags=["infra"])
    for check_mode in (True, False):
        result, sent = apply(run_module, guance, check_mode=check_mode, monitor=CPU, tags=["infra"])
        assert (result["changed"], sent, result["unverified"], "warnings" in result) == (False, ["checker/list"], [], False)
        assert result["monitor"]["tags"] == ["infra"] and result["monitor"]["enabled"] is True


def test_check_mode_predicts_the_monitor_without_a_uuid_and_the_diff_is_text_as_written(run_module, guance):
    chinese = dict(DISK, jsonScript=dict(DISK["jsonScript"], name="磁盘快满了"))
    result = apply(run_module, guance, check_mode=True, diff=True, monitor=chinese, enabled=False, tags=["t"])[0]
    assert result["changed"] and result["uuid"] is None
    assert (result["monitor"]["name"], result["monitor"]["enabled"], result["monitor"]["tags"]) == ("磁盘快满了", False, ["t"])
    assert result["diff"]["before"] == "{}\n" and '"name": "磁盘快满了"' in result["diff"]["after"]
    assert "\\u" not in result["diff"]["after"] and guance.held("checkers") == []


def test_check_mode_lets_a_policy_and_a_group_an_earlier_task_would_create_stand_and_a_real_run_refuses_them(run_module, guance):
    args = dict(monitor=CPU, monitor_group="New group", alert_policies=["On call", "New policy"])
    result, sent = apply(run_module, guance, check_mode=True, diff=True, **args)
    assert result["changed"] and not [route for route in sent if route in WRITES]
    assert [w.split(";")[0] for w in result["warnings"]] == [
        "alert_policies: no alert policy is named 'New policy' yet", "monitor_group: no monitor group is named 'New group' yet"]
    assert "(alert policy 'New policy', not created yet)" in result["diff"]["after"] and guance.held("checkers") == []
    failed = apply(run_module, guance, **args)[0]
    assert failed["failed"] and failed["msg"].startswith("alert_policies: no alert policy is named 'New policy'")
    assert guance.held("checkers") == []


def test_rename_by_uuid_keeps_the_rule(run_module, guance):
    created = apply(run_module, guance, monitor=CPU)[0]
    result, sent = apply(run_module, guance, diff=True, uuid=created["uuid"], name="Renamed")
    assert result["changed"] and sent == ["checker/list", "checker/{uuid}/modify"]
    assert guance.requests()[0]["query"]["checkerUUID"] == created["uuid"]
    assert json.loads(result["diff"]["before"]) == {"name": CPU_NAME} and json.loads(result["diff"]["after"]) == {"name": "Renamed"}
    assert guance.held("checkers")[0]["jsonScript"]["name"] == "Renamed"


def test_an_unknown_uuid_is_refused_for_present_and_fine_for_absent(run_module, guance):
    refused = apply(run_module, guance, uuid="rul_0", name="x")[0]
    assert refused["failed"] and "no monitor has uuid rul_0" in refused["msg"]
    assert apply(run_module, guance, uuid="rul_0", state="absent")[0]["changed"] is False


def test_two_monitors_of_one_name_are_refused_without_a_write(run_module, guance):
    apply(run_module, guance, monitor=CPU, lookup=False)
    apply(run_module, guance, monitor=CPU, lookup=False)
    for args in (dict(monitor=CPU_95), dict(monitors=[dict(monitor=DISK), dict(monitor=CPU_95)])):
        result, sent = apply(run_module, guance, **args)
        assert result["failed"] and "monitors are named" in result["msg"] and sent == ["checker/list"]


@pytest.mark.parametrize("args", [
    dict(monitor=dict(DISK, jsonScript=dict(DISK["jsonScript"], type="simpelCheck"))),
    dict(monitors=[dict(monitor=CPU), dict(monitor=dict(DISK, jsonScript=dict(DISK["jsonScript"], type="simpelCheck")))]),
], ids=["one", "the second of several"])
def test_an_unknown_check_type_is_refused_before_any_request_naming_the_known_ones(run_module, guance, args):
    result, sent = apply(run_module, guance, **args)
    assert result["failed"] and sent == []
    assert "'simpelCheck'" in result["msg"] and "simpleCheck, seniorMutationsCheck" in result["msg"]
    assert "Disk almost full" in result["msg"] or "monitor:" in result["msg"]


@pytest.mark.parametrize("args", [dict(monitor=DISK), dict(monitors=[dict(monitor=DISK)])], ids=["one", "several"])
def test_a_rerun_after_a_lost_create_answer_creates_nothing(run_module, guance, args):
    guance.fault(method="POST", path="/api/v1/checker/add", kind="lost_answer", then="drop")
    result, sent = apply(run_module, guance, **args)
    assert result["changed"] and sent == ["checker/list", "checker/add", "checker/list"]
    again, sent = apply(run_module, guance, **args)
    assert again["changed"] is False and sent == ["checker/list"]
    assert len(guance.held("checkers")) == 1


def test_a_404_on_delete_counts_as_already_deleted(run_module, guance):
    apply(run_module, guance, monitor=CPU)
    guance.fault(method="POST", path="/api/v1/checker/delete", kind="status", status=404, error_code="ft.DataNotFound")
    result, sent = apply(run_module, guance, name=CPU_NAME, state="absent")
    assert "failed" not in result and result["changed"] is False and sent == ["checker/list", "checker/delete"]


def test_answers_without_tags_or_policies_are_unverified_never_a_reason_to_write(run_module, guance):
    apply(run_module, guance, monitor=CPU, tags=["infra"])
    guance.config(checker_list_form="example")
    result, sent = apply(run_module, guance, monitor=CPU, tags=["other"], alert_policies=[])
    assert (result["changed"], sent, result["unverified"]) == (False, ["checker/list"], ["alert_policies", "tags"])
    assert "do not show alert_policies, tags of monitor rul_" in result["warnings"][0]
    # send_unverified writes them anyway; along with a real change they are sent too.
    result, sent = apply(run_module, guance, monitor=CPU, tags=["other"], send_unverified=True)
    assert result["changed"] and sent[-1] == "checker/{uuid}/modify"
    assert [t["name"] for t in guance.held("checkers")[0]["tagInfo"]] == ["other"]
    result, sent = apply(run_module, guance, monitor=CPU_95, tags=["again"])
    assert result["changed"] and [t["name"] for t in guance.held("checkers")[0]["tagInfo"]] == ["again"]
    # Switching it off is a verb of its own, which carries no unverified field.
    result, sent = apply(run_module, guance, name=CPU_NAME, enabled=False, tags=["other"])
    assert result["changed"] and sent == ["checker/list", "checker/set_disable"] and result["unverified"] == ["tags"]


def test_several_monitors_report_each_and_a_failing_item_is_named(run_module, guance):
    result = apply(run_module, guance, diff=True, tags=["shared"], monitors=[dict(monitor=CPU), dict(monitor=DISK, tags=["own"])])[0]
    assert [(r["changed"], r["monitor"]["tags"]) for r in result["monitors"]] == [(True, ["shared"]), (True, ["own"])]
    assert [d["before_header"] for d in result["diff"]] == ["monitors[0] (%s)" % CPU_NAME, "monitors[1] (Disk almost full)"]
    result = apply(run_module, guance, monitors=[dict(monitor=CPU), dict(uuid="rul_0", name="x")])[0]
    assert result["failed"] and result["msg"].startswith("monitors[1] (x): no monitor has uuid rul_0")
    assert [r["changed"] for r in result["monitors"]] == [False]


def test_the_older_routes_are_used_after_one_refusal(run_module, guance):
    guance.config(legacy=True)
    assert apply(run_module, guance, monitor=DISK)[0]["changed"]
    assert [r["path"] for r in guance.requests()] == ["/api/v1/checker/list", "/api/v1/monitor/check/list", "/api/v1/monitor/check/create"]


def test_info_filters_and_exports_in_the_form_guance_monitor_takes(run_module, guance):
    apply(run_module, guance, monitor=CPU, monitor_group="Infra", alert_policies=["On call"])
    apply(run_module, guance, monitor=DISK, enabled=False)
    found, sent = apply(run_module, guance, guance_monitor_info, monitor_group="Infra")
    assert [x["name"] for x in found["monitors"]] == [CPU_NAME] and sent == ["monitor/group/list", "checker/list"]
    found, sent = apply(run_module, guance, guance_monitor_info, alert_policy="On call", export=True)
    assert sent == ["alert_policy/list", "checker/list", "checker/export"]
    export = found["monitors"][0]["export"]
    assert export["monitorName"] == "Infra" and set(export) == {"extend", "is_disable", "jsonScript", "monitorName"}
    found, sent = apply(run_module, guance, guance_monitor_info, names=["Disk almost full", "nowhere"])
    assert [(x["name"], x["enabled"]) for x in found["monitors"]] == [("Disk almost full", False)] and sent == ["checker/list"]
    assert apply(run_module, guance, guance_monitor_info, name="Disk almost")[0]["monitors"] == []
    assert len(apply(run_module, guance, guance_monitor_info, search="Disk almost")[0]["monitors"]) == 1
    assert "uuid must be" in apply(run_module, guance, guance_monitor_info, uuid="dsbd_x")[0]["msg"]


def test_main_never_returns_the_key(run_module, guance):
    results = [apply(run_module, guance, diff=True, monitor=CPU)[0], apply(run_module, guance, monitor="{not json")[0]]
    assert results[0]["uuid"] == results[0]["monitor"]["uuid"]
    assert results[1]["failed"] and "not valid JSON" in results[1]["msg"]
    assert guance.args["api_key"] not in json.dumps(results)


@pytest.mark.parametrize("several", [False, True], ids=["one", "several"])
def test_a_list_as_data_reads_alike(run_module, guance, several):
    guance.config(list_content="data")
    args = dict(monitors=[dict(monitor=CPU)]) if several else dict(monitor=CPU)
    assert apply(run_module, guance, **args)[0]["changed"]
    again, sent = apply(run_module, guance, **args)
    assert again["changed"] is False and sent == ["checker/list"] and len(guance.held("checkers")) == 1


def test_a_monitor_gone_between_the_list_and_its_delete_is_not_an_error(run_module, guance):
    uuid = apply(run_module, guance, monitor=CPU)[0]["uuid"]
    guance.config(checker_delete_unknown="not_found")
    result, sent = apply(run_module, guance, monitors=[dict(uuid=uuid, state="absent"), dict(name=CPU_NAME, state="absent")])
    assert [r["changed"] for r in result["monitors"]] == [True, False]
    assert sent == ["checker/list", "checker/delete", "checker/delete"] and guance.statuses()[-1][2] == 404
