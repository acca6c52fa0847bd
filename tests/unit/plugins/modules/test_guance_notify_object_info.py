# -*- coding: utf-8 -*-
# Copyright: (c) 2026, guance.cloud maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""guance_notify_object_info against the emulator: list, get, the export in guance_notify_object's form with
secrets left out, and that export applied to another workspace."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

import pytest

from ansible_collections.guance.cloud.plugins.modules import guance_notify_object, guance_notify_object_info

WEBHOOK = "https://oapi.dingtalk.com/robot/send?access_token=T0K3N-wh"
TARGETS = [dict(name="ops DingTalk", type="dingTalkRobot", webhook=WEBHOOK, secret="SEC-s1gn1ng"),
           dict(name="dba mail", type="mailGroup", to=["acnt_1"])]


@pytest.mark.parametrize("list_form", ["data", "bare"])
def test_list_get_and_export_leave_every_secret_out(run_module, emulator, list_form):
    control = emulator()
    control.config(notify_list_form=list_form)
    run_module(guance_notify_object, notify_objects=TARGETS, **control.args)
    control.clear_requests()
    listed = run_module(guance_notify_object_info, **control.args)
    assert control.statuses() == [("GET", "/api/v1/notify_object/list", 200)]
    text = json.dumps(listed, ensure_ascii=False)
    assert "T0K3N" not in text and "s1gn1ng" not in text
    assert sorted(t["name"] for t in listed["notify_objects"]) == ["dba mail", "ops DingTalk"]
    exported = dict((item["name"], item) for item in listed["export"])
    assert exported["ops DingTalk"]["webhook"] == '{{ guance_notify_secrets["ops DingTalk"].webhook }}'
    assert exported["dba mail"] == {"name": "dba mail", "type": "mailGroup", "to": ["acnt_1"], "open_permission_set": False}
    one = run_module(guance_notify_object_info, name="dba mail", **control.args)
    assert [t["name"] for t in one["notify_objects"]] == ["dba mail"]
    by_uuid = run_module(guance_notify_object_info, uuid=one["notify_objects"][0]["uuid"], **control.args)
    assert by_uuid["notify_objects"] == one["notify_objects"]


def test_the_export_with_its_secrets_filled_in_applies_to_another_workspace_and_leaves_it_unchanged(run_module, emulator):
    control = emulator()
    run_module(guance_notify_object, notify_objects=TARGETS, **control.args)
    exported = run_module(guance_notify_object_info, **control.args)["export"]
    # What Ansible does with the placeholders once the variable they name is given (from a vault).
    filled = [dict(item, **dict((k, TARGETS[0][k]) for k in ("webhook", "secret") if k in item)) for item in exported]
    other = dict(control.args, api_key="emulator-key-b")
    assert run_module(guance_notify_object, notify_objects=filled, **other)["changed"] is True
    assert run_module(guance_notify_object, notify_objects=filled, **other)["changed"] is False
    unfilled = run_module(guance_notify_object, notify_objects=exported, **other)
    assert unfilled["failed"] is True and "never filled in" in unfilled["msg"] and "guance_notify_secrets" in unfilled["msg"]
