# -*- coding: utf-8 -*-
# Copyright: (c) 2026, guance.cloud maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The guance doc fragment is well-formed documentation on its own. Whether it agrees with the
argument spec is tested with the options (tests/unit/plugins/module_utils/test_options.py)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

import pytest
import yaml

from ansible_collections.guance.cloud.plugins.doc_fragments.guance import ModuleDocFragment

DOC = yaml.safe_load(ModuleDocFragment.DOCUMENTATION)
OPTION_TYPES = ("str", "bool", "int", "float", "path", "dict", "list", "raw")
MARKUP = re.compile(r"\b([A-Z])\(([^)]*)\)")


def all_text():
    texts = list(DOC.get("notes", []))
    for option in DOC["options"].values():
        texts.extend(option["description"])
    return texts


def test_fragment_holds_only_what_a_fragment_may():
    assert set(DOC) <= {"options", "notes", "requirements", "seealso", "attributes"}
    assert DOC["requirements"] == ["requests"]


@pytest.mark.parametrize("name", sorted(DOC["options"]))
def test_each_option_is_fully_described(name):
    option = DOC["options"][name]
    assert set(option) <= {"description", "type", "default", "required", "choices", "elements", "aliases", "no_log"}
    assert option["type"] in OPTION_TYPES
    assert isinstance(option["description"], list) and option["description"]
    assert all(isinstance(line, str) and line.strip() for line in option["description"])
    if "default" in option:
        assert not option.get("required"), "an option with a default is not required"
    if "choices" in option and "default" in option:
        assert option["default"] in option["choices"]


def test_markup_names_real_options_and_guance_variables():
    for text in all_text():
        for kind, value in MARKUP.findall(text):
            assert kind in "OVECIBLU", text
            if kind == "O":
                assert value in DOC["options"], text
            if kind == "E":
                assert re.match(r"^GUANCE_[A-Z_]+$", value) or value == "ANSIBLE_DEBUG", text


def test_markup_parentheses_are_closed():
    for text in all_text():
        assert not re.search(r"\b[OVECIBLU]\([^)]*$", text), text


def test_fragment_promises_the_key_stays_secret_and_names_the_debug_mode_exception():
    assert any("never logged" in note and "ANSIBLE_DEBUG" in note and "GUANCE_API_KEY" in note for note in DOC["notes"])


def test_api_key_is_not_required_by_the_spec_so_our_message_names_the_variable():
    # Ansible's own "missing required arguments" would fire before the module could name GUANCE_API_KEY.
    option = DOC["options"]["api_key"]
    assert "required" not in option and "no_log" not in option
    assert "required" in " ".join(option["description"]) and "GUANCE_API_KEY" in " ".join(option["description"])
