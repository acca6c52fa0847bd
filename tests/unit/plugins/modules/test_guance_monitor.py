# -*- coding: utf-8 -*-
# Copyright: (c) 2026, guance.cloud maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""guance_monitor's and guance_monitor_info's run() against the emulator, in this process, driven
from a table: each case's requests exactly, check mode reading the same and writing nothing, and
a second apply changing nothing. main() end to end once."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import json
import os
import sys

import pytest
import requests

from ansible.module_utils.testing import patch_module_args

from ansible_collections.guance.cloud.plugins.module_utils._client import GuanceClient
from ansible_collections.guance.cloud.plugins.module_utils._errors import ConflictError, OptionError
from ansible_collections.guance.cloud.plugins.module_utils._monitors import MonitorAPI
from ansible_collections.guance.cloud.plugins.modules import guance_monitor, guance_monitor_info

HERE = os.path.dirname(os.path.abspath(__file__))
EMULATOR_DIR = os.path.join(HERE, "..", "..", "..", "emulator")
FIXTURES = os.path.join(HERE, "..", "..", "fixtures", "monitors")
KEY = "emulator-key-a"
WRITES = ("checker/add", "checker/{uuid}/modify", "checker/delete", "checker/set_disable")


def fixture(name):
    with open(os.path.join(FIXTURES, name)) as f:
        return json.load(f)


CPU = fixture("cpu_high.json")
CPU_95 = copy.deepcopy(CPU)
for _rules in (CPU_95["checkers"][0]["jsonScript"]["checkerOpt"]["rules"], CPU_95["checkers"][0]["extend"]["rules"]):
    _rules[0]["conditions"][0]["operands"] = ["95"]
DISK = fixture("disk_full.json")


@pytest.fixture
def emulator():
    if not os.path.isdir(os.path.join(EMULATOR_DIR, "guance_emulator")):
        pytest.skip("the emulator is not part of this test tree")
    sys.path.insert(0, EMULATOR_DIR)
    try:
        from guance_emulator import start_emulator
    finally:
        sys.path.remove(EMULATOR_DIR)
    url, stop = start_emulator(port=0)
    requests.post(url + "/__emulator/monitoring",
                  json={"workspace": "wksp_emulator_a", "monitor_groups": ["Infra"], "alert_policies": ["On call"]})
    yield url
    stop()


class Module:
    """What run() uses of AnsibleModule."""

    def __init__(self, check_mode, params):
        self.check_mode = check_mode
        self.params = params
        self.warnings = []

    def warn(self, text):
        self.warnings.append(text)


PARAMS = dict(name=None, uuid=None, state="present", monitor=None, enabled=None, monitor_group=None,
              alert_policies=None, tags=None, lookup=True, listed=None)


def control(url, path, body=None):
    if body is None:
        return requests.get(url + "/__emulator/" + path).json()
    return requests.post(url + "/__emulator/" + path, json=body).json()


def ops(url):
    return [(r["route"] or "refused").replace("/api/v1/", "") for r in control(url, "requests")["requests"]]


def run(url, check_mode=False, module=guance_monitor, **params):
    control(url, "requests/clear", {})
    ansible_module = Module(check_mode, dict(PARAMS, **params) if module is guance_monitor else params)
    result = module.run(ansible_module, MonitorAPI(GuanceClient(url, KEY)))
    return result, ops(url), ansible_module.warnings


def held(url):
    return control(url, "checkers?workspace=wksp_emulator_a")["checkers"]


# (id, monitors there before (params of guance_monitor), params, requests of the apply). Check mode
# must read the same and write nothing; a second apply reads again and writes nothing.
SCENARIOS = [
    ("create from an export", [], dict(monitor=CPU),
     ["checker/list", "monitor/group/list", "checker/add"]),
    ("create disabled, tagged, with a policy", [], dict(monitor=DISK, enabled=False, tags=["b", "a"], alert_policies=["On call"]),
     ["checker/list", "alert_policy/list", "checker/add", "checker/set_disable"]),
    ("unchanged by name", [dict(monitor=CPU)], dict(monitor=json.dumps(CPU)),
     ["checker/list"]),
    ("a threshold", [dict(monitor=CPU)], dict(monitor=CPU_95),
     ["checker/list", "checker/{uuid}/modify"]),
    ("disable alone", [dict(monitor=CPU)], dict(name="Host CPU usage too high", enabled=False),
     ["checker/list", "checker/set_disable"]),
    ("threshold and disable", [dict(monitor=CPU)], dict(monitor=dict(CPU_95["checkers"][0], is_disable=True)),
     ["checker/list", "checker/{uuid}/modify", "checker/set_disable"]),
    ("move to a group by name", [dict(monitor=CPU)], dict(name="Host CPU usage too high", monitor_group="Infra"),
     ["checker/list", "monitor/group/list", "checker/{uuid}/modify"]),
    ("tags only", [dict(monitor=CPU)], dict(name="Host CPU usage too high", tags=["x"]),
     ["checker/list", "checker/{uuid}/modify"]),
    ("delete", [dict(monitor=CPU)], dict(name="Host CPU usage too high", state="absent"),
     ["checker/list", "checker/delete"]),
    ("delete what is gone", [], dict(name="Host CPU usage too high", state="absent"),
     ["checker/list"]),
]


@pytest.mark.parametrize("before, params, expected", [s[1:] for s in SCENARIOS], ids=[s[0] for s in SCENARIOS])
def test_each_case_costs_exactly_its_requests(emulator, before, params, expected):
    for spec in before:
        run(emulator, **spec)
    start = copy.deepcopy(held(emulator))
    will_change = expected != ["checker/list"]
    (changed, predicted, diff), reads = run(emulator, check_mode=True, **params)[:2]
    assert changed is will_change and not [op for op in reads if op in WRITES]
    assert held(emulator) == start
    (changed, monitor, applied_diff), sent = run(emulator, **params)[:2]
    assert (changed, sent) == (will_change, expected)
    assert applied_diff == diff
    again, second = run(emulator, **params)[:2]
    assert again[0] is False and not [op for op in second if op in WRITES]


def test_unchanged_costs_one_request_and_reports_no_change(emulator):
    run(emulator, monitor=CPU, tags=["infra"])
    for check_mode in (True, False):
        (changed, monitor, diff), sent, warnings = run(emulator, check_mode=check_mode, monitor=CPU, tags=["infra"])
        assert (changed, sent, warnings) == (False, ["checker/list"], [])
        assert diff["before"] == diff["after"] and monitor["tags"] == ["infra"] and monitor["enabled"] is True


def test_check_mode_predicts_the_monitor_without_a_uuid(emulator):
    changed, monitor, diff = run(emulator, check_mode=True, monitor=CPU, enabled=False, tags=["t"])[0]
    assert changed and monitor.get("uuid") is None
    assert (monitor["name"], monitor["enabled"], monitor["tags"]) == ("Host CPU usage too high", False, ["t"])
    assert diff["before"] == {} and diff["after"]["enabled"] is False
    assert held(emulator) == []


def test_rename_by_uuid_keeps_the_rule(emulator):
    created = run(emulator, monitor=CPU)[0][1]
    (changed, renamed, diff), sent = run(emulator, uuid=created["uuid"], name="Renamed")[:2]
    assert changed and sent == ["checker/list", "checker/{uuid}/modify"]
    assert diff == {"before": {"name": "Host CPU usage too high"}, "after": {"name": "Renamed"}}
    assert held(emulator)[0]["jsonScript"]["name"] == "Renamed"
    assert held(emulator)[0]["jsonScript"]["targets"] == CPU["checkers"][0]["jsonScript"]["targets"]


def test_an_unknown_uuid_is_refused_for_present_and_fine_for_absent(emulator):
    with pytest.raises(OptionError, match="no monitor has uuid rul_0"):
        run(emulator, uuid="rul_0", name="x")
    assert run(emulator, uuid="rul_0", state="absent")[0][0] is False


def test_two_monitors_of_one_name_are_refused_without_a_write(emulator):
    run(emulator, monitor=CPU, lookup=False)
    run(emulator, monitor=CPU, lookup=False)
    with pytest.raises(ConflictError):
        run(emulator, monitor=CPU_95)
    assert [c["jsonScript"]["checkerOpt"]["rules"][0]["conditions"][0]["operands"] for c in held(emulator)] == [["90"], ["90"]]


def test_a_lost_create_answer_is_read_back_by_name(emulator):
    control(emulator, "faults", {"method": "POST", "path": "/api/v1/checker/add", "kind": "lost_answer", "then": "drop"})
    (changed, monitor, diff), sent = run(emulator, monitor=DISK)[:2]
    assert changed and sent == ["checker/list", "checker/add", "checker/list"]
    assert [c["uuid"] for c in held(emulator)] == [monitor["uuid"]]


def test_answers_without_tags_or_policies_warn_instead_of_writing(emulator):
    run(emulator, monitor=CPU, tags=["infra"])
    control(emulator, "config", {"checker_list_form": "example"})
    result, sent, warnings = run(emulator, monitor=CPU, tags=["other"], alert_policies=[])
    changed = result[0]
    assert (changed, sent) == (False, ["checker/list"])
    assert "alert_policies or tags" in warnings[0]
    # Along with a real change they are sent.
    result, sent = run(emulator, monitor=CPU_95, tags=["other"])[:2]
    changed = result[0]
    assert changed and sent[-1] == "checker/{uuid}/modify"
    assert [t["name"] for t in held(emulator)[0]["tagInfo"]] == ["other"]


def test_the_older_routes_are_used_after_one_refusal(emulator):
    control(emulator, "config", {"legacy": True})
    changed = run(emulator, monitor=DISK)[0][0]
    paths = [r["path"] for r in control(emulator, "requests")["requests"]]
    assert changed and paths == ["/api/v1/checker/list", "/api/v1/monitor/check/list", "/api/v1/monitor/check/create"]


def info(url, **params):
    base = dict(name=None, names=None, uuid=None, search=None, type="trigger", monitor_group=None, alert_policy=None, export=False)
    return run(url, module=guance_monitor_info, **dict(base, **params))


def test_info_filters_and_exports_in_the_form_guance_monitor_takes(emulator):
    run(emulator, monitor=CPU, monitor_group="Infra", alert_policies=["On call"])
    run(emulator, monitor=DISK, enabled=False)
    found, sent, unused = info(emulator, monitor_group="Infra")
    assert [x["name"] for x in found] == ["Host CPU usage too high"] and sent == ["monitor/group/list", "checker/list"]
    found, sent, unused = info(emulator, alert_policy="On call", export=True)
    assert sent == ["alert_policy/list", "checker/list", "checker/export"]
    assert found[0]["export"]["monitorName"] == "Infra" and set(found[0]["export"]) == {"extend", "is_disable", "jsonScript", "monitorName"}
    found, sent, unused = info(emulator, names=["Disk almost full", "nowhere"])
    assert [(x["name"], x["enabled"]) for x in found] == [("Disk almost full", False)] and sent == ["checker/list"]
    assert info(emulator, name="Disk almost")[0] == [] and len(info(emulator, search="Disk almost")[0]) == 1
    with pytest.raises(OptionError, match="uuid must be"):
        info(emulator, uuid="dsbd_x")


class Exit(Exception):
    pass


def test_main_returns_the_monitor_and_the_diff_and_never_the_key(monkeypatch, emulator):
    results = []

    def finish(ansible_module, **result):
        results.append(result)
        raise Exit()

    monkeypatch.setattr(guance_monitor.AnsibleModule, "exit_json", finish)
    monkeypatch.setattr(guance_monitor.AnsibleModule, "fail_json", lambda m, **r: finish(m, failed=True, **r))
    for args in (dict(monitor=CPU, _ansible_diff=True), dict(monitor="{not json")):
        with patch_module_args(dict(api_key=KEY, endpoint=emulator, **args)):
            with pytest.raises(Exit):
                guance_monitor.main()
    created, refused = results
    assert created["changed"] and created["uuid"] == created["monitor"]["uuid"] and created["diff"]["before"] == {}
    assert refused["failed"] and "not valid JSON" in refused["msg"]
    assert KEY not in json.dumps(results)
