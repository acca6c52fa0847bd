# -*- coding: utf-8 -*-
# Copyright: (c) 2026, guance.cloud maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""guance_alert_policy and guance_alert_policy_info against the emulator: create, compare, modify, delete, check and
diff mode, exact request counts, recipients by name, the link to monitors under both owners' tasks, bad input refused
before any request, and the export applied to a second workspace."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest
import requests

from ansible_collections.guance.cloud.plugins.modules import guance_alert_policy, guance_alert_policy_info, guance_monitor

WS_A, WS_B = "wksp_emulator_a", "wksp_emulator_b"
KEY_B = "emulator-key-b"
ROUTING = [{"notify": [{"statuses": ["critical"], "targets": ["ops hook"]}]},
           {"name": "office", "crontab": "0 9 * * 1-5", "crontab_duration": 32400,
            "notify": [{"statuses": ["error", "warning"], "tags": {"service": ["checkout"]}, "members": ["ann@example.com"],
                        "escalations": [{"after": 600, "member_groups": ["DBA"]}]}]}]
POLICY = dict(name="on-call", timezone="Asia/Shanghai", silent_timeout=3600, aggregation=dict(interval=120), rules=ROUTING)

LIST = ("GET", "/api/v1/alert_policy/list", 200)
ADD = ("POST", "/api/v1/alert_policy/add_v2", 200)
DELETE = ("POST", "/api/v1/alert_policy/delete", 200)
TARGETS = ("GET", "/api/v1/notify_object/list", 200)
MEMBERS = ("GET", "/api/v1/workspace/members/list", 200)
GROUPS = ("GET", "/api/v1/workspace/member_group/list", 200)
CHECKERS = ("GET", "/api/v1/checker/list", 200)


def api(control, method, path, body=None, key="emulator-key-a"):
    answer = requests.request(method, control.url + path, json=body, headers={"DF-API-KEY": key}, timeout=10).json()
    assert answer["success"], answer
    return answer["content"]


def seed(control, workspace=WS_A, key="emulator-key-a"):
    """A webhook target, two members and a member group in the workspace."""
    api(control, "POST", "/api/v1/notify_object/create",
        {"type": "simpleHTTPRequest", "name": "ops hook", "optSet": {"url": "https://hooks.example/x"}}, key=key)
    control.call("POST", "members", {"workspace": workspace, "members": [{"email": "ann@example.com", "name": "Ann"},
                                                                         {"email": "lead@example.com", "name": "Lead"}],
                                     "member_groups": [{"name": "DBA", "members": ["lead@example.com"]}]})


def monitor(control, title, key="emulator-key-a"):
    return api(control, "POST", "/api/v1/checker/add", {"jsonScript": {"type": "simpleCheck", "title": title}}, key=key)["uuid"]


@pytest.fixture
def control(emulator):
    found = emulator()
    seed(found)
    return found


def run(run_module, control, module=guance_alert_policy, **args):
    control.clear_requests()
    return run_module(module, **dict(control.args, **args))


def modify(uuid):
    return ("POST", "/api/v1/alert_policy/%s/modify_v2" % uuid, 200)


def test_create_in_check_mode_then_for_real_then_nothing_to_do(run_module, control):
    checked = run(run_module, control, check_mode=True, diff=True, **POLICY)
    assert checked["changed"] is True and checked["diff"]["before"] == "{}\n" and '"silent_timeout": 3600' in checked["diff"]["after"]
    assert control.statuses() == [TARGETS, MEMBERS, GROUPS, LIST]
    created = run(run_module, control, **POLICY)
    assert created["changed"] is True and created["uuid"].startswith("altpl_")
    assert control.statuses() == [TARGETS, MEMBERS, GROUPS, LIST, ADD]
    opt = created["alert_policy"]["alertOpt"]
    hook = api(control, "GET", "/api/v1/notify_object/list")["data"][0]["uuid"]
    assert opt["alertTarget"][0] == {"targets": [{"status": "critical", "to": [hook]}]}
    assert opt["alertTarget"][1]["targets"][0]["upgradeTargets"][0]["to"][0].startswith("group_")
    again = run(run_module, control, **POLICY)
    assert again["changed"] is False and control.statuses() == [TARGETS, MEMBERS, GROUPS, LIST]


def test_modify_sends_the_link_back_and_bookkeeping_never_counts(run_module, control):
    uuid = run(run_module, control, **POLICY)["uuid"]
    used = monitor(control, "cpu")
    api(control, "POST", "/api/v1/checker/%s/modify" % used, {"alertPolicyUUIDs": [uuid], "monitorUUID": ""})
    control.config(policy_alert_opt_defaults="filled", policy_links_without_checkers="cleared")
    assert run(run_module, control, **POLICY)["changed"] is False
    changed = run(run_module, control, diff=True, **{**POLICY, "silent_timeout": 600})
    assert changed["changed"] is True and control.statuses() == [TARGETS, MEMBERS, GROUPS, LIST, CHECKERS, modify(uuid)]
    assert '"silent_timeout": 3600' in changed["diff"]["before"] and '"silent_timeout": 600' in changed["diff"]["after"]
    # The server clears links modify_v2 is not given; the module gave them, so the monitor keeps the policy.
    assert api(control, "GET", "/api/v1/checker/list", None)[0]["alertPolicyUUIDs"] == [uuid]
    assert changed["alert_policy"]["alertOpt"]["aggInterval"] == 120


def test_delete_in_check_mode_then_for_real_then_gone(run_module, control):
    run(run_module, control, **POLICY)
    assert run(run_module, control, name="on-call", state="absent", check_mode=True)["changed"] is True
    assert control.statuses() == [LIST]
    assert run(run_module, control, name="on-call", state="absent")["changed"] is True
    assert control.statuses() == [LIST, DELETE]
    assert run(run_module, control, name="on-call", state="absent")["changed"] is False


@pytest.mark.parametrize("change, message", [
    (dict(timezone="Mars/Olympus"), "timezone"),
    (dict(timezone="shanghai"), "timezone must be an IANA"),
    (dict(aggregation=dict(interval=1801)), "aggregation.interval must be a whole number of seconds from 0 to 1800"),
    (dict(silent_timeout=-1), "silent_timeout"),
    (dict(rules=[{"notify": [{"statuses": ["fatal"], "targets": ["ops hook"]}]}]), "unknown status fatal"),
    (dict(rules=[{"notify": [{"statuses": ["error"]}]}]), "names nobody"),
    (dict(rules=[{"notify": [{"statuses": ["error"], "targets": ["x"], "channels": ["email"]}]}]), "only with alert_type: member"),
    (dict(rules=[{"notify": [{"statuses": ["error"], "tags": {"a": ["b"]}, "filter": "a:b", "targets": ["x"]}]}]), "not both"),
    (dict(rules=[{"member_rules": []}]), "only with alert_type: member"),
    (dict(rules=[{"notfy": []}]), "unknown keys notfy"),
    (dict(aggregation=dict(fields=["host"])), "aggregation.fields"),
    (dict(description="d" * 257), "description"),
])
def test_bad_input_is_refused_before_any_request(run_module, control, change, message):
    failed = run(run_module, control, **dict(POLICY, **change))
    assert failed["failed"] is True and message in failed["msg"] and control.statuses() == []


@pytest.mark.parametrize("rules, message", [
    ([{"notify": [{"statuses": ["critical"], "targets": ["no such hook"]}]}],
     "rules: targets (notification target names): no notification target is named 'no such hook'"),
    ([{"notify": [{"statuses": ["critical"], "members": ["nobody@example.com"]}]}], "no member is named 'nobody@example.com'"),
    ([{"notify": [{"statuses": ["critical"], "member_groups": ["SRE"]}]}], "rules: member_groups (member group names): no member group is named 'SRE'"),
])
def test_unknown_recipients_are_refused_before_any_write(run_module, control, rules, message):
    failed = run(run_module, control, **{**POLICY, "rules": rules})
    assert failed["failed"] is True and message in failed["msg"]
    assert all(method == "GET" for method, unused, unused in control.statuses())


def test_check_mode_lets_a_target_an_earlier_task_would_create_stand(run_module, control):
    # The alerting role applies targets, then policies: in check mode the new target was not created.
    rules = [{"notify": [{"statuses": ["critical"], "targets": ["ops hook", "new hook"]}]}]
    result = run(run_module, control, check_mode=True, diff=True, **{**POLICY, "rules": rules})
    assert result["changed"] is True and all(method == "GET" for method, unused, unused in control.statuses())
    assert result["warnings"][0].startswith("rules: targets (notification target names): no notification target is named 'new hook' yet")
    assert "(notification target 'new hook', not created yet)" in result["diff"]["after"]


def test_the_diff_names_recipients_as_the_task_does(run_module, control):
    run(run_module, control, **POLICY)
    rules = [{"notify": [{"statuses": ["critical"], "targets": ["ops hook"], "members": ["lead@example.com"]}]}]
    changed = run(run_module, control, diff=True, **{**POLICY, "rules": rules})
    before, after = changed["diff"]["before"], changed["diff"]["after"]
    assert '"ops hook"' in before and '"ops hook"' in after and '"lead@example.com"' in after
    assert "notify_" not in before + after and "acnt_" not in after
    # Recipients the task no longer names show as Guance holds them: names would cost a list read each.
    assert "acnt_" in before and "group_" in before


def test_creating_needs_the_time_zone_and_silence(run_module, control):
    failed = run(run_module, control, name="bare")
    assert failed["failed"] is True and "timezone and silent_timeout are required" in failed["msg"] and control.statuses() == [LIST]


def test_member_type_policy_round_trips(run_module, control):
    rules = [{"member_rules": [{"name": "DBA on call", "member_groups": ["DBA"], "notify": [
        {"statuses": ["critical"], "channels": ["email"], "targets": ["ops hook"],
         "escalations": [{"after": 300, "members": ["lead@example.com"], "channels": ["sms"]}]}]}]}]
    args = {**POLICY, "alert_type": "member", "rules": rules}
    created = run(run_module, control, **args)
    info = created["alert_policy"]["alertOpt"]["alertTarget"][0]["alertInfo"][0]
    assert created["changed"] is True and sorted(info["targets"][0]["to"])[0] == "email" and info["memberInfo"][0].startswith("group_")
    assert run(run_module, control, **args)["changed"] is False
    exported = run(run_module, control, guance_alert_policy_info, name="on-call")["export"][0]
    assert exported["rules"] == rules and exported["alert_type"] == "member"


def test_monitors_adds_the_policy_and_never_takes_it_off(run_module, control):
    first, second = monitor(control, "cpu"), monitor(control, "disk")
    created = run(run_module, control, **dict(POLICY, monitors=["cpu"]))
    assert created["changed"] is True and control.statuses()[-1] == ADD
    linked = api(control, "GET", "/api/v1/checker/list?checkerUUID=%s" % first)[0]["alertPolicyUUIDs"]
    assert linked == [created["uuid"]]
    # The monitor's own task (the link's owner) adds the policy to the second monitor too.
    owned = run_module(guance_monitor, **dict(control.args, uuid=second, alert_policies=["on-call"]))
    assert owned["changed"] is True
    # Two tasks that disagree (the policy lists cpu only, disk's task lists the policy) settle: nothing flips.
    for unused in range(2):
        assert run(run_module, control, **dict(POLICY, monitors=["cpu"]))["changed"] is False
        assert run_module(guance_monitor, **dict(control.args, uuid=second, alert_policies=["on-call"]))["changed"] is False
        assert run(run_module, control, **POLICY)["changed"] is False
    assert control.statuses() == [TARGETS, MEMBERS, GROUPS, LIST]
    uses = sorted(c["uuid"] for c in api(control, "GET", "/api/v1/checker/list?alertPolicyUUID=%s" % created["uuid"]))
    assert uses == sorted([first, second])


def test_several_policies_in_one_task_resolve_each_kind_once(run_module, control):
    items = [dict(POLICY, name="one"), dict(POLICY, name="two", rules=ROUTING[:1])]
    done = run(run_module, control, alert_policies=items)
    assert done["changed"] is True and [r["changed"] for r in done["alert_policies"]] == [True, True]
    assert control.statuses() == [TARGETS, MEMBERS, GROUPS, LIST, ADD, LIST, ADD]
    failed = run(run_module, control, alert_policies=[dict(POLICY, name="one"), dict(POLICY, name="three", timezone=None)])
    assert failed["failed"] is True and "alert_policies[1] (three)" in failed["msg"]
    assert [r["changed"] for r in failed["alert_policies"]] == [False]


def test_the_export_applies_to_a_second_workspace_as_a_no_op_the_second_time(run_module, control):
    run(run_module, control, **dict(POLICY, description="pages the on-call"))
    exported = run(run_module, control, guance_alert_policy_info)
    assert control.statuses() == [LIST, TARGETS, MEMBERS, GROUPS]
    item = exported["export"][0]
    assert item["rules"] == ROUTING and "uuid" not in str(item["rules"]) and "description" not in item
    seed(control, WS_B, KEY_B)
    other = dict(control.args, api_key=KEY_B)
    applied = run_module(guance_alert_policy, **dict(other, alert_policies=exported["export"]))
    assert applied["changed"] is True
    assert run_module(guance_alert_policy, **dict(other, alert_policies=exported["export"]))["changed"] is False


def test_the_info_module_finds_by_name_and_reports_none_found(run_module, control):
    run(run_module, control, **POLICY)
    found = run(run_module, control, guance_alert_policy_info, name="on-call")
    assert [p["name"] for p in found["alert_policies"]] == ["on-call"] and found["changed"] is False
    assert run(run_module, control, guance_alert_policy_info, name="on")["alert_policies"] == []


def test_the_member_group_list_is_read_in_one_request_however_long(run_module, control):
    # member-group/list.md documents no paging: a server answers the whole list whatever pageIndex says.
    groups = [{"name": "team %03d" % n, "members": []} for n in range(150)]
    control.call("POST", "members", {"workspace": WS_A, "member_groups": groups})
    rules = [{"notify": [{"statuses": ["critical"], "member_groups": ["team 149", "DBA"]}]}]
    created = run(run_module, control, **{**POLICY, "rules": rules})
    assert created["changed"] is True and control.statuses() == [GROUPS, LIST, ADD]
