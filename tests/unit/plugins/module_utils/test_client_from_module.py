# -*- coding: utf-8 -*-
# Copyright: (c) 2026, guance.cloud maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""client_from_module: a module's client with its secrets masked in every form (a real AnsibleModule
handing its result over through _results), and the client's warnings reaching module.warn from a
module's main(), on success and failure alike."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import contextlib
import json

import pytest

from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.testing import patch_module_args

from ansible_collections.guance.cloud.plugins.module_utils._errors import GuanceError
from ansible_collections.guance.cloud.plugins.module_utils._options import client_from_module, guance_argument_spec
from ansible_collections.guance.cloud.plugins.module_utils._results import fail, finish
from ansible_collections.guance.cloud.plugins.modules import guance_dashboard_info
from ansible_collections.guance.cloud.tests.unit.fixtures.client.fake_http import envelope, error

KEY = "sk-module-key-3f9a-never-shown"
HEADER_SECRET = "hdr-value-7c21-never-shown"
TEXT_SECRET = "hdr-text-value-5e08-never-shown"


@contextlib.contextmanager
def module_with(args):
    # The module's exits need the arguments' serialization profile, so they happen inside this block.
    with patch_module_args(args):
        yield AnsibleModule(argument_spec=guance_argument_spec(uuid=dict(type="str")), supports_check_mode=True)


def leave(module, how, client=None, **result):
    with pytest.raises(SystemExit):
        if how == "exit":
            finish(module, client, changed=False, **result)
        else:
            fail(module, client, "it failed", **result)


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
        leave(module, how, client, echoed=echoed, headers=module.params["extra_headers"])
    output = capsys.readouterr().out
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
    output = capsys.readouterr().out
    assert "timeout" in json.loads(output)["error"] and HEADER_SECRET not in output
    assert guance.sent == []


def test_the_client_is_built_with_the_options_given(fake_http):
    with module_with({"api_key": KEY, "endpoint": "https://openapi.example",
                      "extra_headers": {"X-Proxy-Token": HEADER_SECRET}}) as module:
        client = client_from_module(module, retries=0)
    assert client.retries == 0
    assert {KEY, HEADER_SECRET} <= module.no_log_values


@pytest.mark.parametrize("answers, failed", [([envelope([])], False), ([error(500, "InternalError", "it broke")], True)])
def test_a_modules_main_passes_the_clients_warning_on_once(run_module, fake_http, broken_pacing, answers, failed):
    fake_http.answer(*answers)
    result = run_module(guance_dashboard_info, endpoint="https://openapi.example", retries=0, name="Hosts")
    assert result.get("failed", False) is failed
    assert len(result["warnings"]) == 1 and "within this process" in result["warnings"][0]
    assert KEY not in json.dumps(result)


@pytest.mark.parametrize("answers, failed", [([envelope([])], False), ([error(500, "InternalError", "it broke")], True)])
def test_no_warning_without_a_cause(run_module, fake_http, answers, failed):
    fake_http.answer(*answers)
    result = run_module(guance_dashboard_info, endpoint="https://openapi.example", retries=0, name="Hosts")
    assert result.get("failed", False) is failed
    assert "warnings" not in result


def test_refused_options_fail_with_no_client_and_no_warning(run_module, fake_http, broken_pacing):
    guance = fake_http.answer()
    result = run_module(guance_dashboard_info, endpoint="https://openapi.example", timeout=-1, name="Hosts")
    assert result["failed"] and "timeout" in result["msg"] and "warnings" not in result
    assert guance.sent == []
