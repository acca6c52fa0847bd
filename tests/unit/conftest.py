# -*- coding: utf-8 -*-
# Copyright: (c) 2026, guance.cloud maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Fixtures shared by the unit tests: the fake HTTP layer under requests, the fake clock, a client
factory, a private folder for the rate-limit pacing files, and the harness of module and emulator
tests: `run_module` (a module's main() with checked arguments), `emulator` (emulators served in
this process) and `EmulatorControl` (the emulator's /__emulator routes). See docs/developing.md."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import sys

import pytest
import requests

from ansible.module_utils import basic
from ansible.module_utils.testing import patch_module_args

from ansible_collections.guance.cloud.plugins.module_utils import _results as results
from ansible_collections.guance.cloud.plugins.module_utils._client import GuanceClient
from ansible_collections.guance.cloud.tests.unit.fixtures.client.fake_http import FakeHTTP, Sleeps

KEY = "sk-0123-do-not-leak-4567"
EMULATOR_KEY_A, EMULATOR_KEY_B = "emulator-key-a", "emulator-key-b"
EMULATOR_WORKSPACE_A, EMULATOR_WORKSPACE_B = "wksp_emulator_a", "wksp_emulator_b"
EMULATOR_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "emulator")


@pytest.fixture(autouse=True)
def pacing_folder(tmp_path, monkeypatch):
    """Every test paces its keys in a folder of its own, with the documented limits, whatever the shell says."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    for name in ("GUANCE_RATE_LIMIT", "GUANCE_RATE_WINDOW"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path / "cache" / "guance.cloud" / "ratelimit"


@pytest.fixture
def fake_http(monkeypatch):
    """A scripted server below requests (see fixtures/client/fake_http.py); nothing leaves the process."""
    return FakeHTTP().install(monkeypatch)


@pytest.fixture
def sleeps():
    """Stands in for time.sleep and the clocks of a client: nothing waits for real."""
    return Sleeps()


@pytest.fixture
def client_for(sleeps):
    """GuanceClient(...) with a fake endpoint, KEY and the fake clock; keywords change any setting."""
    def make(**options):
        settings = dict(endpoint="https://openapi.example", api_key=KEY, sleep=sleeps, clock=sleeps.time)
        settings.update(options)
        return GuanceClient(**settings)
    return make


class Exit(Exception):
    """A module called exit_json or fail_json; `result` is what it handed over (fail_json's with failed=True)."""

    def __init__(self, result):
        super(Exit, self).__init__(result)
        self.result = result


def module_args(module, args):
    """The arguments of a module's run, refused like a spec_set mock when a key is not an option of the module.

    A misspelt option would otherwise reach AnsibleModule, fail the run with "Unsupported parameters"
    and let a test of a failure pass for the wrong reason.
    """
    known = set()
    for name, spec in module.ARGUMENT_SPEC.items():
        known.add(name)
        known.update(spec.get("aliases", ()))
    unknown = sorted(name for name in args if name not in known and not name.startswith("_ansible_"))
    if unknown:
        raise TypeError("%s has no option %s" % (module.__name__.rsplit(".", 1)[-1], ", ".join(unknown)))
    return dict(args)


@pytest.fixture
def run_module(monkeypatch):
    """run_module(module, client=None, check_mode=False, diff=False, **args) -> the module's result dict.

    Runs `module.main()` with `args` (checked by module_args; api_key and endpoint default to KEY and
    an endpoint that resolves nowhere) and returns what it gave exit_json, or fail_json with
    `failed: True`, plus `warnings` (what it passed to module.warn) when there were any. With
    `client`, the module gets that object from client_from_module instead of a real client.
    """
    def finish(ansible_module, **result):
        raise Exit(result)

    def fail(ansible_module, **result):
        raise Exit(dict(result, failed=True))

    def run(module, client=None, check_mode=False, diff=False, **args):
        arguments = module_args(module, dict(dict(api_key=KEY, endpoint="http://guance.invalid"), **args))
        if check_mode:
            arguments["_ansible_check_mode"] = True
        if diff:
            arguments["_ansible_diff"] = True
        warnings = []
        monkeypatch.setattr(basic.AnsibleModule, "exit_json", finish)
        monkeypatch.setattr(basic.AnsibleModule, "fail_json", fail)
        monkeypatch.setattr(basic.AnsibleModule, "warn", lambda ansible_module, text: warnings.append(text))
        if client is not None:
            # serve, which every module's main() calls, builds the client.
            monkeypatch.setattr(results, "client_from_module", lambda ansible_module: client)
        # patch_module_args also sets the serialization profile that ansible-core 2.19+ needs to
        # read the arguments, so main() runs inside it.
        with patch_module_args(arguments):
            with pytest.raises(Exit) as leaving:
                module.main()
        result = leaving.value.result
        if warnings:
            result["warnings"] = warnings
        return result
    return run


class EmulatorControl:
    """The control routes (/__emulator/...) of an emulator at `url` (docs/emulator.md).

    `url` is the base URL for the client; `args` the connection options of a module run in
    workspace A. Each call asserts that the route answered 200 and returns its JSON.
    """

    def __init__(self, url):
        self.url = url
        self.args = dict(endpoint=url, api_key=EMULATOR_KEY_A)

    def call(self, method, path, body=None):
        response = requests.request(method, self.url + "/__emulator/" + path.lstrip("/"), json=body, timeout=10)
        assert response.status_code == 200, response.text
        return response.json()

    def reset(self, **body):
        return self.call("POST", "reset", body or None)

    def config(self, **changes):
        """Changes the named switches (none: only reads them); returns the whole config."""
        if not changes:
            return self.call("GET", "config")
        return self.call("POST", "config", changes)

    def fault(self, **rule):
        return self.call("POST", "faults", rule)["fault"]

    def clear_faults(self):
        return self.call("POST", "faults/clear")

    def requests(self):
        """The request log: one dict per API request (seq, method, path, route, query, status, time, workspace)."""
        return self.call("GET", "requests")["requests"]

    def clear_requests(self):
        return self.call("POST", "requests/clear")

    def statuses(self):
        """The log as (method, path, status) tuples, for exact request counts."""
        return [(entry["method"], entry["path"], entry["status"]) for entry in self.requests()]

    def load(self, *workspaces):
        return self.call("POST", "load", {"workspaces": list(workspaces)})

    def held(self, kind, workspace=EMULATOR_WORKSPACE_A):
        """What the emulator holds: kind is dashboards, checkers, mutes or events."""
        return self.call("GET", "%s?workspace=%s" % (kind, workspace))[kind]


def serve_emulator(**options):
    """Starts an emulator in this process on a free port: (EmulatorControl, stop). For fixtures of a wider scope."""
    if not os.path.isdir(os.path.join(EMULATOR_DIR, "guance_emulator")):
        pytest.skip("the emulator is not part of this test tree (no tests/emulator/guance_emulator)")
    if EMULATOR_DIR not in sys.path:
        sys.path.insert(0, EMULATOR_DIR)
    from guance_emulator import start_emulator  # pylint: disable=import-error
    url, stop = start_emulator(port=0, **options)
    return EmulatorControl(url), stop


@pytest.fixture
def emulator():
    """emulator(**start_emulator options) -> EmulatorControl of a fresh emulator, stopped after the test."""
    stops = []

    def start(**options):
        control, stop = serve_emulator(**options)
        stops.append(stop)
        return control
    yield start
    for stop in stops:
        stop()
