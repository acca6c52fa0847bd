# -*- coding: utf-8 -*-
# Copyright: (c) 2026, guance.cloud maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""_results: the one hand-off of every module's result to Ansible, and its masking shortcut.

The masking tests run a real AnsibleModule (ansible-core 2.19 in .venv, 2.21 in .venv-2.21:
`make units MATRIX=2.21`) and compare what it prints with and without the shortcut."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import contextlib
import json
import os
import re

import pytest

from ansible.module_utils import basic
from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.common import parameters
from ansible.module_utils.testing import patch_module_args

from ansible_collections.guance.cloud.plugins.module_utils import _results
from ansible_collections.guance.cloud.plugins.module_utils._options import client_from_params, guance_argument_spec
from ansible_collections.guance.cloud.plugins.module_utils._errors import GuanceError, OptionError
from ansible_collections.guance.cloud.plugins.module_utils._resource import ItemFailed
from ansible_collections.guance.cloud.plugins.module_utils._results import clean_json, fail, finish, serve
from ansible_collections.guance.cloud.plugins.modules import guance_dashboard_info, guance_object_info
from ansible_collections.guance.cloud.tests.unit.conftest import EMULATOR_KEY_A, EMULATOR_WORKSPACE_A

MODULES = os.path.join(os.path.dirname(__file__), "..", "..", "..", "..", "plugins", "modules")


class FakeClient:
    def __init__(self, *warnings):
        self.warnings = list(warnings)


class FakeModule:
    """Records what reaches it, in order; its exits return instead of ending the process."""

    def __init__(self):
        self.calls = []

    def warn(self, warning):
        self.calls.append(("warn", warning))

    def exit_json(self, **result):
        self.calls.append(("exit", result))

    def fail_json(self, msg, **result):
        self.calls.append(("fail", msg, result))


def test_finish_passes_each_warning_on_before_the_result():
    module = FakeModule()
    finish(module, FakeClient("first", "second"), changed=True, item={"a": 1})
    assert module.calls == [("warn", "first"), ("warn", "second"), ("exit", {"changed": True, "item": {"a": 1}})]


def test_fail_passes_each_warning_on_before_the_failure():
    module = FakeModule()
    fail(module, FakeClient("first"), "it broke", status=500)
    assert module.calls == [("warn", "first"), ("fail", "it broke", {"status": 500})]


class Left(Exception):
    pass


class EndingModule(FakeModule):
    """Ends like an AnsibleModule: nothing after an exit runs."""

    def exit_json(self, **result):
        FakeModule.exit_json(self, **result)
        raise Left()

    def fail_json(self, msg, **result):
        FakeModule.fail_json(self, msg, **result)
        raise Left()


def serve_with(monkeypatch, act, client=None, refused=None):
    def connect(module):
        if refused:
            raise refused
        return client
    monkeypatch.setattr(_results, "client_from_module", connect)
    module = EndingModule()
    with pytest.raises(Left):
        serve(module, act)
    return module.calls


def test_serve_hands_the_task_result_over_with_the_client_warnings(monkeypatch):
    calls = serve_with(monkeypatch, lambda module, client: {"changed": True, "seen": client.warnings}, FakeClient("slow"))
    assert calls == [("warn", "slow"), ("exit", {"changed": True, "seen": ["slow"]})]


def test_serve_fails_with_the_error_details_and_the_items_done_before_it(monkeypatch):
    def act(module, client):
        raise ItemFailed("things[1] (b)", GuanceError("boom", status=500, trace_id="t1"), [{"changed": True}], "things")
    calls = serve_with(monkeypatch, act, FakeClient("slow"))
    details = {"status": 500, "error_code": None, "trace_id": "t1", "changed": True, "things": [{"changed": True}]}
    assert calls == [("warn", "slow"), ("fail", "things[1] (b): boom (HTTP 500, traceId t1)", details)]


def test_serve_fails_without_a_client_when_the_options_are_refused(monkeypatch):
    calls = serve_with(monkeypatch, lambda module, client: {"changed": True}, refused=OptionError("timeout: bad"))
    assert calls == [("fail", "timeout: bad", {"status": None, "error_code": None, "trace_id": None})]


@pytest.mark.parametrize("leave, expected", [(lambda m: finish(m, None, changed=False), ("exit", {"changed": False})),
                                             (lambda m: fail(m, None, "bad option"), ("fail", "bad option", {}))])
def test_without_a_client_there_is_nothing_to_pass_on(leave, expected):
    module = FakeModule()
    leave(module)
    assert module.calls == [expected]


def module_sources():
    names = sorted(name for name in os.listdir(MODULES) if name.endswith(".py") and name != "__init__.py")
    assert names, "no module found in %s" % MODULES
    for name in names:
        with open(os.path.join(MODULES, name)) as handle:
            yield name, handle.read()


@pytest.mark.parametrize("name, source", list(module_sources()))
def test_every_module_hands_its_result_over_through_results(name, source):
    # A module that called exit_json or fail_json itself would skip what _results does for every result.
    assert re.findall(r"\.(?:exit|fail)_json\(", source) == []
    assert "plugins.module_utils._results import serve" in source and "serve(module, " in source


# A header value that JSON escapes three ways: a quote, a backslash and a character outside ASCII.
ESCAPED_SECRET = u'h\u00f6ld"the\\line'
KEY = "sk-results-key-91d2"
PLACEHOLDER = "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"


def ansible_args(**args):
    """The task's arguments; the invocation (module_args, the key among them) is in the result on every version."""
    if "inject_invocation" in parameters.PASS_VARS:   # ansible-core 2.21 leaves it out unless asked
        args["_ansible_inject_invocation"] = True
    return args


@contextlib.contextmanager
def shortcut(enabled):
    """Ansible's own masking when not enabled: its remove_values stands where the shortcut would."""
    if enabled:
        yield
        return
    saved = _results._Leaving.remove_values
    _results._Leaving.remove_values = ansibles_own
    try:
        yield
    finally:
        _results._Leaving.remove_values = saved


def ansibles_own(unused_leaving, value, no_log_strings):
    return parameters.remove_values(value, no_log_strings)


def printed(capsys, leave, args, enabled=True):
    """What a real AnsibleModule prints when `leave(module)` hands its result over."""
    capsys.readouterr()
    with patch_module_args(ansible_args(**args)):
        module = AnsibleModule(argument_spec=guance_argument_spec(), supports_check_mode=True)
        with shortcut(enabled), pytest.raises(SystemExit):
            leave(module)
    return capsys.readouterr().out


def both_ways(capsys, leave, args):
    fast, slow = (printed(capsys, leave, args, enabled) for enabled in (True, False))
    assert fast == slow
    return json.loads(fast)


HOSTS = [{"name": "web-%04d" % i, "tags": {"env": "prod"}, "num_cpu": i % 16, "load": i / 7.0} for i in range(2000)]
CONNECTION = dict(api_key=KEY, endpoint="https://openapi.example", extra_headers={"X-Proxy-Token": ESCAPED_SECRET})


@pytest.mark.parametrize("result", [
    dict(objects=HOSTS),
    dict(objects=HOSTS + [{"name": "planted", "tags": {"team": "ops " + KEY}}]),
    dict(objects=[{"name": "planted", "note": "said " + ESCAPED_SECRET + " twice: " + ESCAPED_SECRET}]),
    dict(objects=[{"name": KEY}], total=1),
    dict(numbers=[91, 1091.5, 7], secret_as_number="91"),
    dict(keys={KEY: "keys are never masked, by Ansible or here"}),
    dict(nested=[[[{"deep": ["x" + KEY]}]]], pair=("a", KEY)),
    dict(not_json=float("nan"), raw=KEY.encode("ascii")),
], ids=["clean", "key in a tag", "escaped secret", "key alone", "numbers", "key as a dict key", "nested and tuple",
        "not plain JSON"])
@pytest.mark.parametrize("how", ["exit", "fail"])
def test_the_shortcut_prints_what_ansibles_masking_prints(capsys, result, how):
    args, result = dict(CONNECTION), dict(result)
    if "secret_as_number" in result:
        args["extra_headers"] = {"X-Proxy-Token": result.pop("secret_as_number")}

    def leave(module):
        if how == "exit":
            finish(module, None, changed=False, **result)
        fail(module, None, "failed, said " + KEY, **result)
    shown = both_ways(capsys, leave, args)
    text = json.dumps(shown)
    assert shown["invocation"]["module_args"]["api_key"] == PLACEHOLDER
    assert "keys" in result or KEY not in text
    assert "h\\u00f6ld" not in text and "\\u00f6" not in json.dumps(shown.get("objects"))


def test_clean_parts_are_not_walked_and_the_others_are(capsys, monkeypatch):
    walked = []
    ansibles = parameters.remove_values

    def spy(value, no_log_strings):
        walked.append(value)
        return ansibles(value, no_log_strings)
    # Both names point at the spy, as both point at Ansible's function in a real run.
    monkeypatch.setattr(parameters, "remove_values", spy)
    monkeypatch.setattr(basic, "remove_values", spy)
    hosts, planted = list(HOSTS), [{"name": "planted", "tags": {"team": "ops " + KEY}}]
    shown = json.loads(printed(capsys, lambda m: finish(m, None, changed=False, objects=hosts, planted=planted), CONNECTION))
    assert any(value is planted for value in walked) and not any(value is hosts for value in walked)
    assert any(isinstance(value, dict) and "module_args" in value for value in walked)
    assert shown["objects"] == hosts and shown["planted"] == [{"name": "planted", "tags": {"team": "ops ********"}}]
    assert basic.remove_values is spy


def test_ansibles_encoder_writes_placeholders_for_clean_parts_and_the_output_holds_them_whole(capsys, monkeypatch):
    encoded = []
    dumps = json.dumps

    def spy(value, **kwargs):
        if "cls" in kwargs:     # Ansible's module encoder, which prints the result
            encoded.append(value)
        return dumps(value, **kwargs)
    monkeypatch.setattr(json, "dumps", spy)
    planted = [{"name": "planted", "tags": {"team": "ops " + KEY}}]
    out = printed(capsys, lambda m: finish(m, None, changed=False, objects=HOSTS, planted=planted, note="x", none=[]),
                  CONNECTION)
    monkeypatch.undo()
    [handed] = [value for value in encoded if isinstance(value, dict) and "objects" in value]
    assert handed["objects"].startswith("guance-result-part-") and handed["objects"] not in out
    assert handed["planted"] == [{"name": "planted", "tags": {"team": "ops ********"}}]
    assert handed["note"] == "x" and handed["none"] == []
    shown = json.loads(out)
    assert shown["objects"] == HOSTS and shown["planted"] == [{"name": "planted", "tags": {"team": "ops ********"}}]


def test_a_result_taken_without_printing_gets_every_part_whole(capsys):
    # ansible.netcommon replaces the hook that prints, to take the result in the worker.
    taken = []

    class InWorker(AnsibleModule):
        def _record_module_result(self, o):
            taken.append(o)
    capsys.readouterr()
    with patch_module_args(ansible_args(**CONNECTION)):
        module = InWorker(argument_spec=guance_argument_spec(), supports_check_mode=True)
        with pytest.raises(SystemExit):
            finish(module, None, changed=False, objects=HOSTS)
    assert taken[0]["objects"] == HOSTS and capsys.readouterr().out == ""


def test_without_ansibles_function_in_place_ansibles_path_runs_untouched(capsys, monkeypatch):
    # A later ansible-core that no longer looks remove_values up in basic: the shortcut stays out of the way.
    def never(leaving, value, no_log_strings):
        raise AssertionError("the shortcut ran")

    def another(value, no_log_strings):
        return parameters.remove_values(value, no_log_strings)
    monkeypatch.setattr(_results._Leaving, "remove_values", never)
    monkeypatch.setattr(basic, "remove_values", another)
    shown = json.loads(printed(capsys, lambda m: finish(m, None, changed=False, objects=[{"t": KEY}]), CONNECTION))
    assert shown["objects"] == [{"t": PLACEHOLDER}]


@pytest.mark.parametrize("value, secrets, expected", [
    ({"a": ["b", {"c": "d"}]}, [KEY], False),
    ({"a": ["b", {"c": "x" + KEY + "y"}]}, [KEY], True),
    ({"n": 1234567}, ["3456"], True),
    ({"f": 0.125}, ["12"], True),
    ({"t": u"caf\u00e9 au lait"}, [u"\u00e9 au"], True),
    ({"t": 'a "quoted" word'}, ['"quoted"'], True),
    ({"t": "a \\ b"}, ["\\ b"], True),
    ({"t": "tab\there"}, ["\th"], True),
    ({"t": "x"}, [""], True),
    ({"t": "x"}, [], False),
    ({"t": float("inf")}, ["in"], True),
    ({"t": b"bytes"}, ["zzz"], True),
    ({"t": {1, 2}}, ["zzz"], True),
])
def test_clean_json_says_no_only_when_no_secret_can_be_inside(value, secrets, expected):
    assert (clean_json(value, secrets) is None) is expected
    if not expected:
        assert parameters.remove_values(value, secrets) == value


def run_main(capsys, module, enabled=True, **args):
    capsys.readouterr()
    with patch_module_args(ansible_args(**args)):
        with shortcut(enabled), pytest.raises(SystemExit):
            module.main()
    return capsys.readouterr().out


def planted_workspace(control):
    """Workspace A with the key and the escaped header value in what Guance answers: a host's tag and message."""
    hosts = [{"host": "web-%02d" % i, "name": "web-%02d" % i, "os": "linux", "age_s": 30} for i in range(1, 30)]
    hosts.append({"host": "planted", "name": "planted", "os": "linux", "age_s": 30, "team": "ops " + EMULATOR_KEY_A,
                  "message": json.dumps({"token": ESCAPED_SECRET})})
    control.load({"uuid": EMULATOR_WORKSPACE_A, "keys": [EMULATOR_KEY_A], "objects": {"HOST": hosts}})


@pytest.mark.parametrize("module, planted", [
    (guance_object_info, planted_workspace),
    (guance_dashboard_info, lambda control: client_from_params(control.args).request("dashboards.create", body={
        "name": "Ops " + EMULATOR_KEY_A, "templateInfo": {"title": ESCAPED_SECRET, "main": {"charts": []}}})),
], ids=["a host's tag", "a dashboard's title"])
def test_a_secret_in_what_the_server_answers_is_masked(capsys, emulator, module, planted):
    control = emulator()
    planted(control)
    args = dict(control.args, extra_headers={"X-Proxy-Token": ESCAPED_SECRET})
    fast, slow = (run_main(capsys, module, enabled, **args) for enabled in (True, False))
    assert fast == slow
    shown = json.loads(fast)
    assert "failed" not in shown and "********" in fast
    assert EMULATOR_KEY_A not in fast and json.dumps(ESCAPED_SECRET)[1:-1] not in fast
