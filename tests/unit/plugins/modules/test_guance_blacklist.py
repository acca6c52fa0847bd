# -*- coding: utf-8 -*-
# Copyright: (c) 2026, guance.cloud maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""guance_blacklist and guance_blacklist_info against the emulator: create, compare, modify, delete, check and diff
mode, exact request counts, both answer forms, servers without names, several in one task, bad input."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest
import requests

from ansible_collections.guance.cloud.plugins.modules import guance_blacklist, guance_blacklist_info

DEBUG = dict(name=u"nginx 调试日志", type="logging", sources=["nginx"],
             filters=[dict(field="status", operation="in", values=["debug"])])
LIST = ("GET", "/api/v1/blacklist/list", 200)
ADD = ("POST", "/api/v1/blacklist/add", 200)
DELETE = ("GET", "/api/v1/blacklist/delete", 200)


@pytest.fixture
def control(emulator):
    return emulator()


def run(run_module, control, module=guance_blacklist, **args):
    control.clear_requests()
    return run_module(module, **dict(control.args, **args))


@pytest.mark.parametrize("values_key", ["value", "values"])
def test_create_check_mode_then_real_then_nothing_to_do(run_module, control, values_key):
    control.config(blacklist_values_key=values_key)
    checked = run(run_module, control, check_mode=True, diff=True, **DEBUG)
    assert checked["changed"] is True and control.statuses() == [LIST] and control.held("blacklists") == []
    assert u"nginx 调试日志" in checked["diff"]["after"]
    created = run(run_module, control, **DEBUG)
    assert created["changed"] is True and created["uuid"].startswith("blist_") and control.statuses() == [LIST, ADD]
    again = run(run_module, control, **DEBUG)
    assert again["changed"] is False and control.statuses() == [LIST]
    held = control.held("blacklists")[0]
    assert held["filters"][0]["name"] == "status" and held["source"] == "nginx"


def test_a_changed_filter_is_one_modify_and_delete_is_one_request(run_module, control):
    uuid = run(run_module, control, **DEBUG)["uuid"]
    changed = run(run_module, control, diff=True, **{**DEBUG, "filters": [dict(field="status", operation="in", values=["debug", "trace"])]})
    assert changed["changed"] is True and control.statuses() == [LIST, ("POST", "/api/v1/blacklist/%s/modify" % uuid, 200)]
    assert "trace" in changed["diff"]["after"] and "trace" not in changed["diff"]["before"]
    assert run(run_module, control, state="absent", **DEBUG)["changed"] is True and control.statuses() == [LIST, DELETE]
    assert run(run_module, control, state="absent", **DEBUG)["changed"] is False and control.statuses() == [LIST]


def test_without_names_the_type_and_sources_identify(run_module, control):
    control.config(blacklist_names="none")
    run(run_module, control, **DEBUG)
    again = run(run_module, control, **DEBUG)
    assert again["changed"] is False and control.statuses() == [LIST] and "name" not in control.held("blacklists")[0]


def test_duplicates_are_refused_before_any_change(run_module, control):
    control.config(blacklist_names="none")
    for unused in range(2):
        answer = requests.post(control.args["endpoint"] + "/api/v1/blacklist/add", timeout=10,
                               json={"type": "logging", "source": "nginx", "filters": []},
                               headers={"DF-API-KEY": control.args["api_key"]})
        assert answer.status_code == 200
    failed = run(run_module, control, **DEBUG)
    assert failed["failed"] is True and "2 blacklists of type logging have the sources nginx" in failed["msg"]
    assert control.statuses() == [LIST] and len(control.held("blacklists")) == 2


def test_several_in_one_task_cost_one_list(run_module, control):
    items = [dict(DEBUG, name="b%d" % i, sources=["s%d" % i]) for i in range(3)]
    assert run(run_module, control, blacklists=items)["changed"] is True
    again = run(run_module, control, blacklists=items)
    assert again["changed"] is False and control.statuses() == [LIST]
    info = run(run_module, control, module=guance_blacklist_info, type="logging")
    assert sorted(b["name"] for b in info["blacklists"]) == ["b0", "b1", "b2"]
    other = run(run_module, control, blacklists=info["export"])
    assert other["changed"] is False


@pytest.mark.parametrize("args, message", [
    (dict(DEBUG, type="logs"), "value of type must be one of"),
    (dict(DEBUG, name="x" * 51), "name must be 1 to 50"),
    (dict(DEBUG, filters=[dict(field="host", operation="contain", values=["a"])]), "value of operation must be one of"),
    (dict(blacklists=[dict(DEBUG, sources=[])]), "sources must be a non-empty list"),
])
def test_bad_input_is_refused_before_any_request(run_module, control, args, message):
    failed = run(run_module, control, **args)
    assert failed["failed"] is True and message in failed["msg"] and control.statuses() == []


@pytest.mark.parametrize("names", ["shown", "none"])
def test_a_rerun_after_a_lost_create_answer_creates_nothing(run_module, control, names):
    control.config(blacklist_names=names)
    control.fault(method="POST", path="/api/v1/blacklist/add", count=1, kind="lost_answer", then="drop")
    first = run(run_module, control, **DEBUG)
    assert first["changed"] is True and first["uuid"].startswith("blist_") and control.statuses()[-1] == LIST
    assert run(run_module, control, **DEBUG)["changed"] is False and len(control.held("blacklists")) == 1
