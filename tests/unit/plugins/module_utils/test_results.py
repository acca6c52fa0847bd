# -*- coding: utf-8 -*-
# Copyright: (c) 2026, guance.cloud maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""_results: the one hand-off of every module's result to Ansible."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import re

import pytest

from ansible_collections.guance.cloud.plugins.module_utils._results import fail, finish

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
    assert "plugins.module_utils._results import" in source and "finish(module, " in source
