# -*- coding: utf-8 -*-
# Copyright: (c) 2026, guance.cloud maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""client_from_module: a module's client with its secrets masked in every form and the client's
warnings passed to module.warn once, on success and failure alike (a real AnsibleModule)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import contextlib
import json

import pytest

from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils import _internal as ansible_internal
from ansible.module_utils.common import warnings as ansible_warnings
from ansible.module_utils.testing import patch_module_args

from ansible_collections.guance.cloud.plugins.module_utils._errors import GuanceError
from ansible_collections.guance.cloud.plugins.module_utils._options import client_from_module, guance_argument_spec
from ansible_collections.guance.cloud.tests.unit.fixtures.client.fake_http import envelope, error

KEY = "sk-module-key-3f9a-never-shown"
HEADER_SECRET = "hdr-value-7c21-never-shown"
TEXT_SECRET = "hdr-text-value-5e08-never-shown"


@contextlib.contextmanager
def module_with(args):
    # The module's exits need the arguments' serialization profile, so they happen inside this block.
    with patch_module_args(args):
        yield AnsibleModule(argument_spec=guance_argument_spec(uuid=dict(type="str")), supports_check_mode=True)


def output_of(capsys):
    return capsys.readouterr().out


def leave(module, how, **result):
    with pytest.raises(SystemExit):
        if how == "exit":
            module.exit_json(changed=False, **result)
        else:
            module.fail_json(msg="it failed", **result)


@pytest.fixture(autouse=True)
def fresh_warnings(monkeypatch):
    """ansible-core keeps a module's warnings in a global of the process: each test starts without any.

    Once a test of a controller plugin has run in this process, ansible-core takes the process for a
    controller and shows warnings instead of keeping them: these tests play a module's process.
    """
    monkeypatch.setattr(ansible_warnings, "_global_warnings", {})
    monkeypatch.setattr(ansible_internal, "is_controller", False)


@pytest.fixture
def broken_pacing(monkeypatch, tmp_path):
    """A cache folder that is a file: the pacing store fails and the client has a warning to pass on."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text(u"x")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))


@pytest.mark.parametrize("given", [{"X-Proxy-Token": HEADER_SECRET}, "X-Proxy-Token=" + HEADER_SECRET,
                                   "X-Proxy-Token=%s, X-Tenant=%s" % (HEADER_SECRET, TEXT_SECRET)])
@pytest.mark.parametrize("how", ["exit", "fail"])
def test_secrets_are_masked_in_every_form_and_sent(fake_http, capsys, given, how):
    guance = fake_http.answer(envelope({"uuid": "dsbd_1"}))
    with module_with({"api_key": KEY, "endpoint": "https://openapi.example", "extra_headers": given}) as module:
        client = client_from_module(module)
        client.request("dashboards.get", path={"uuid": "dsbd_1"})
        assert guance.sent[0].headers["X-Proxy-Token"] == HEADER_SECRET
        echoed = "server said %s, %s, %s" % (KEY, HEADER_SECRET, TEXT_SECRET)
        leave(module, how, echoed=echoed, headers=module.params["extra_headers"])
    output = output_of(capsys)
    secrets = [secret for secret in (KEY, HEADER_SECRET, TEXT_SECRET) if secret == KEY or secret in str(given)]
    assert "server said" in output
    assert [secret for secret in secrets if secret in output] == []


def test_header_values_are_masked_when_another_option_is_refused(fake_http, capsys):
    # The values join no_log_values before the options are checked, so the failure of the check masks them too.
    guance = fake_http.answer()
    with module_with({"api_key": KEY, "endpoint": "https://openapi.example", "timeout": -1,
                      "extra_headers": "X-Proxy-Token=" + HEADER_SECRET}) as module:
        with pytest.raises(GuanceError) as caught:
            client_from_module(module)
        leave(module, "fail", headers=module.params["extra_headers"], error=str(caught.value))
    output = output_of(capsys)
    assert "timeout" in json.loads(output)["error"] and HEADER_SECRET not in output
    assert guance.sent == []


@pytest.mark.parametrize("how", ["exit", "fail"])
def test_the_clients_warning_reaches_the_module_once(fake_http, capsys, broken_pacing, how):
    fake_http.answer(envelope([]), error(500, "InternalError", "it broke"))
    with module_with({"api_key": KEY, "endpoint": "https://openapi.example", "retries": 0}) as module:
        client = client_from_module(module)
        client.request("dashboards.list")
        with pytest.raises(GuanceError):
            client.request("dashboards.list")
        leave(module, how)
    warnings = json.loads(output_of(capsys)).get("warnings", [])
    assert len(warnings) == 1
    assert "within this process" in json.dumps(warnings[0]) and KEY not in json.dumps(warnings[0])


@pytest.mark.parametrize("how", ["exit", "fail"])
def test_no_warning_without_a_cause(fake_http, capsys, how):
    fake_http.answer(envelope([]))
    with module_with({"api_key": KEY, "endpoint": "https://openapi.example"}) as module:
        client_from_module(module).request("dashboards.list")
        leave(module, how)
    assert "warnings" not in json.loads(output_of(capsys))


class FakeModule:
    """Only what client_from_module uses; its exits return instead of ending the process."""

    def __init__(self, **params):
        self.params = dict(api_key=KEY, endpoint="https://openapi.example", **params)
        self.no_log_values = set()
        self.warned = []
        self.left = []

    def warn(self, warning):
        self.warned.append(warning)

    def exit_json(self, **result):
        self.left.append(("exit", result))

    def fail_json(self, msg, **result):
        self.left.append(("fail", msg, result))


def test_warnings_are_passed_on_once_whatever_the_exits(fake_http, broken_pacing):
    fake_http.answer(envelope([]))
    module = FakeModule(extra_headers={"X-Proxy-Token": HEADER_SECRET})
    client = client_from_module(module, retries=0)
    assert client.retries == 0
    assert module.no_log_values == {KEY, HEADER_SECRET}
    client.request("dashboards.list")
    module.fail_json("first", detail=1)
    module.exit_json(changed=False)
    assert module.left == [("fail", "first", {"detail": 1}), ("exit", {"changed": False})]
    assert len(module.warned) == 1 and "within this process" in module.warned[0]
