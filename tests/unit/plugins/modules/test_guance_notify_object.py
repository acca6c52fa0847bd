# -*- coding: utf-8 -*-
# Copyright: (c) 2026, guance.cloud maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""guance_notify_object against the emulator: create, compare, modify, delete, check and diff mode, exact
request counts, each variant the pages leave open, and secrets in no result or diff."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import re

import pytest
import requests

from ansible_collections.guance.cloud.plugins.modules import guance_notify_object

WEBHOOK = "https://oapi.dingtalk.com/robot/send?access_token=T0K3N-wh"
SECRET = "SEC-s1gn1ng"
DINGTALK = dict(name="ops DingTalk", type="dingTalkRobot", webhook=WEBHOOK, secret=SECRET)


def dingtalk(**changes):
    """DINGTALK with some options changed."""
    found = dict(DINGTALK)
    found.update(changes)
    return found


LIST = ("GET", "/api/v1/notify_object/list", 200)
CREATE = ("POST", "/api/v1/notify_object/create", 200)
MODIFY = ("POST", "/api/v1/notify_object/modify", 200)
DELETE = ("POST", "/api/v1/notify_object/delete", 200)


def assert_no_secret(result):
    text = json.dumps(result, ensure_ascii=False)
    assert "T0K3N" not in text and "s1gn1ng" not in text


@pytest.fixture
def control(emulator):
    return emulator()


def run(run_module, control, **args):
    control.clear_requests()
    result = run_module(guance_notify_object, **dict(control.args, **args))
    assert_no_secret(result)
    return result


def test_create_in_check_mode_then_for_real_then_nothing_to_do(run_module, control):
    checked = run(run_module, control, check_mode=True, diff=True, **DINGTALK)
    assert checked["changed"] is True and control.statuses() == [LIST] and control.held("notify_objects") == []
    assert checked["diff"]["after"].count("(secret, not shown)") == 2 and checked["diff"]["before"] == "{}\n"
    created = run(run_module, control, **DINGTALK)
    assert created["changed"] is True and created["uuid"].startswith("notify_") and control.statuses() == [LIST, CREATE]
    assert created["notify_object"]["optSet"] == {"webhook": "(secret, not shown)", "secret": "(secret, not shown)"}
    assert control.held("notify_objects")[0]["optSet"] == {"webhook": WEBHOOK, "secret": SECRET}
    again = run(run_module, control, diff=True, **DINGTALK)
    assert again["changed"] is False and control.statuses() == [LIST] and "warnings" not in again
    assert again["diff"]["before"] == again["diff"]["after"]


def test_a_changed_webhook_is_written_and_shown_as_changed_never_as_text(run_module, control):
    run(run_module, control, **DINGTALK)
    changed = run(run_module, control, diff=True, **dingtalk(webhook=WEBHOOK + "-new"))
    assert changed["changed"] is True and control.statuses() == [LIST, MODIFY]
    assert '"webhook": "(secret, changed)"' in changed["diff"]["after"] and '"secret": "(secret, not shown)"' in changed["diff"]["after"]
    assert control.held("notify_objects")[0]["optSet"]["webhook"] == WEBHOOK + "-new"


@pytest.mark.parametrize("form", ["hidden", "masked"])
def test_secrets_no_answer_shows_are_written_on_create_and_with_send_unverified(run_module, control, form):
    control.config(notify_secrets=form)
    run(run_module, control, **DINGTALK)
    quiet = run(run_module, control, **dingtalk(webhook=WEBHOOK + "-elsewhere"))
    assert quiet["changed"] is False and control.statuses() == [LIST]
    assert "do not show secret, webhook" in quiet["warnings"][0]
    sent = run(run_module, control, send_unverified=True, **dingtalk(webhook=WEBHOOK + "-elsewhere"))
    assert sent["changed"] is True and control.statuses() == [LIST, MODIFY]
    assert control.held("notify_objects")[0]["optSet"]["webhook"] == WEBHOOK + "-elsewhere"


def test_a_rename_by_uuid_and_permissions(run_module, control):
    uuid = run(run_module, control, **DINGTALK)["uuid"]
    renamed = run(run_module, control, uuid=uuid, permission_set=["wsAdmin"], open_permission_set=True,
                  **dingtalk(name="ops on-call"))
    assert renamed["changed"] is True and renamed["notify_object"]["name"] == "ops on-call"
    assert control.statuses() == [("GET", "/api/v1/notify_object/get", 200), LIST, MODIFY]
    held = control.held("notify_objects")[0]
    assert (held["name"], held["permissionSet"], held["openPermissionSet"]) == ("ops on-call", ["wsAdmin"], True)


def test_a_target_of_another_type_fails_before_any_change(run_module, control):
    run(run_module, control, **DINGTALK)
    failed = run(run_module, control, name="ops DingTalk", type="wechatRobot", webhook=WEBHOOK)
    assert failed["failed"] is True and "cannot change the type" in failed["msg"] and control.statuses() == [LIST]


@pytest.mark.parametrize("form, deleting", [
    ("list", [LIST, DELETE]),
    ("single", [LIST, ("POST", "/api/v1/notify_object/delete", 400), DELETE]),
])
def test_delete_by_either_documented_body_then_nothing_to_do(run_module, control, form, deleting):
    control.config(notify_delete_form=form, notify_list_form="bare")
    run(run_module, control, **DINGTALK)
    deleted = run(run_module, control, diff=True, name="ops DingTalk", state="absent")
    assert deleted["changed"] is True and control.statuses() == deleting and control.held("notify_objects") == []
    assert deleted["diff"]["after"] == "{}\n" and "ops DingTalk" in deleted["diff"]["before"]
    again = run(run_module, control, name="ops DingTalk", state="absent")
    assert again["changed"] is False and control.statuses() == [LIST]


@pytest.mark.parametrize("args, message", [
    (dingtalk(type="pagerDuty"), "value of type must be one of"),
    (dingtalk(name="n" * 129), "name must be at most 128 characters"),
    (dingtalk(secret=None), "a dingTalkRobot target needs secret"),
    (dict(name="dba", type="mailGroup"), "a mailGroup target needs to"),
    (dict(name="hook", type="HTTPRequest", url="ftp://x"), "url must be an http:// or https:// URL"),
    (dict(notify_objects=[dict(DINGTALK), dingtalk(name="b", webhook=None)]), r"notify_objects\[1\] \(b\): .*needs webhook"),
])
def test_bad_input_is_refused_before_any_request(run_module, control, args, message):
    failed = run(run_module, control, **args)
    assert failed["failed"] is True and control.statuses() == []
    assert re.search(message, failed["msg"]), failed["msg"]


def test_several_targets_in_one_task(run_module, control):
    items = [DINGTALK, dict(name="dba mail", type="mailGroup", to=["acnt_2", "acnt_1"]),
             dict(name="hook", type="simpleHTTPRequest", url="https://hooks.example/T0K3N", settings={"headersConfig": {"isOpen": False}})]
    result = run(run_module, control, diff=True, notify_objects=items)
    assert [r["changed"] for r in result["notify_objects"]] == [True, True, True]
    assert control.statuses() == [LIST, CREATE] * 3 and result["diff"][1]["before_header"] == "notify_objects[1] (dba mail)"
    again = run(run_module, control, notify_objects=[dict(items[1], to=["acnt_1", "acnt_2"])] + items[::2])
    assert again["changed"] is False and control.statuses() == [LIST] * 3


def test_two_targets_with_the_name_are_refused_naming_both_without_a_write(run_module, control):
    body = {"type": "dingTalkRobot", "name": "ops DingTalk", "optSet": {"webhook": WEBHOOK, "secret": SECRET}}
    uuids = [requests.post(control.url + "/api/v1/notify_object/create", json=body, timeout=10,
                           headers={"DF-API-KEY": control.args["api_key"]}).json()["content"]["uuid"] for copy in (1, 2)]
    failed = run(run_module, control, **dingtalk(webhook=WEBHOOK + "-new"))
    assert failed["failed"] is True and "2 notification targets are named 'ops DingTalk'" in failed["msg"]
    assert all(uuid in failed["msg"] for uuid in uuids) and control.statuses() == [LIST]


def test_a_create_whose_answer_is_lost_is_found_by_name_never_sent_twice(run_module, control):
    control.fault(method="POST", path="/api/v1/notify_object/create", kind="lost_answer")
    created = run(run_module, control, retries=0, **DINGTALK)
    assert created["changed"] is True and created["uuid"].startswith("notify_")
    assert control.statuses() == [LIST, ("POST", "/api/v1/notify_object/create", 503), LIST]
    assert len(control.held("notify_objects")) == 1
