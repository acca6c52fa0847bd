# -*- coding: utf-8 -*-
# Copyright: (c) 2026, guance.cloud maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The dashboards and dashboards_export roles' checks of their variables and files, templated as the
roles template them: the input matrices are proven here; the role_dashboards and
role_dashboards_export targets run the cases that need a play."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os

import pytest

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from ansible.parsing.dataloader import DataLoader
from ansible.template import Templar

ROLES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "roles")
GOOD = dict(dashboards_managed_tag="managed-by-ansible", dashboards_tags=[], dashboards_pattern="*.json")
GOOD_EXPORT = dict(dashboards_export_tag="", dashboards_export_omit_tags=[])


def render(name, role="dashboards", **variables):
    """The variable `name` of the role's vars, templated with them and `variables`."""
    loader = DataLoader()
    found = loader.load_from_file(os.path.join(ROLES, role, "vars", "main.yml"), trusted_as_template=True)
    return Templar(loader=loader, variables=dict(found, **variables)).template(found[name])


@pytest.mark.parametrize("variables, message", [
    (dict(dashboards_managed_tag=""), "dashboards_managed_tag must be a non-empty tag name"),
    (dict(dashboards_managed_tag=" managed "), "dashboards_managed_tag must be a non-empty tag name without leading or trailing spaces"),
    (dict(dashboards_tags="a,b"), 'dashboards_tags must be a list of non-empty tag names, got "a,b"'),
    (dict(dashboards_tags=["ok", ""]), "dashboards_tags must be a list of non-empty tag names"),
    (dict(dashboards_tags=[" "]), "dashboards_tags must be a list of non-empty tag names"),
    (dict(dashboards_tags={"a": 1}), "dashboards_tags must be a list of non-empty tag names"),
    (dict(dashboards_pattern=""), "dashboards_pattern must be a non-empty shell pattern"),
])
def test_bad_variables_are_each_named(variables, message):
    found = render("__dashboards_bad_variables", **dict(GOOD, **variables))
    assert len(found) == 1 and found[0].startswith(message)


def test_good_variables_pass():
    assert render("__dashboards_bad_variables", **GOOD) == []
    tagged = dict(GOOD)
    tagged.update(dashboards_tags=["web", "prod"])
    assert render("__dashboards_bad_variables", **tagged) == []


FILES = ["/d/list.json", "/d/no_main.json", "/d/number.json", "/d/fine.json", "/d/untitled.json"]
TEMPLATES = [[1, 2], {"title": "No main"}, {"title": 5, "main": {}}, {"title": "Fine", "summary": "S", "main": {}}, {"main": {}}]


def test_files_that_are_no_dashboard_are_named_and_names_come_from_titles_or_file_names():
    files = dict(GOOD, __dashboards_files=FILES, __dashboards_templates=TEMPLATES)
    assert render("__dashboards_invalid", **files) == ["list.json", "no_main.json"]
    assert render("__dashboards_bad_titles", **files) == ["number.json"]
    assert render("__dashboards_names_from_files", **files)[3:] == ["Fine", "untitled"]


def test_each_files_entry_leaves_the_summary_to_the_template():
    # The summary is the template's own (export.md): no description option comes from it.
    entries = render("__dashboards_entries", **dict(
        GOOD, __dashboards_files=["/d/fine.json"], __dashboards_templates=[TEMPLATES[3]], __dashboards_names=["Fine"],
        __dashboards_keep=[""], __dashboards_ws="wksp_a", __dashboards_gone=[], dashboards_prune=False))
    assert entries == [{"name": "Fine", "template": TEMPLATES[3], "lookup": False, "uuid": None,
                        "stable_key": "managed-by-ansible/fine.json", "workspace_uuid": "wksp_a", "extend": None,
                        "mapping": None, "tags": ["managed-by-ansible"]}]


@pytest.mark.parametrize("variables, message", [
    (dict(dashboards_export_tag=" web"), "dashboards_export_tag must be a tag name without leading or trailing spaces"),
    (dict(dashboards_export_omit_tags="a,b"), "dashboards_export_omit_tags must be a list of non-empty tag names"),
    (dict(dashboards_export_omit_tags=[""]), "dashboards_export_omit_tags must be a list of non-empty tag names"),
])
def test_bad_export_variables_are_each_named(variables, message):
    found = render("__dashboards_export_bad_variables", "dashboards_export", **dict(GOOD_EXPORT, **variables))
    assert len(found) == 1 and found[0].startswith(message)
    assert render("__dashboards_export_bad_variables", "dashboards_export", **GOOD_EXPORT) == []


@pytest.mark.parametrize("role, variables, words", [
    ("dashboards", dict(dashboards_prune="maybe"), "dashboards_prune"),
    ("dashboards", dict(dashboards_site="mars"), "dashboards_site"),
    ("dashboards", dict(dashboards_validate_certs="sometimes"), "dashboards_validate_certs"),
    ("dashboards_export", dict(dashboards_export_prune="maybe"), "dashboards_export_prune"),
    ("dashboards_export", dict(dashboards_export_site="mars"), "dashboards_export_site"),
])
def test_the_argument_specs_refuse_bad_values(role, variables, words):
    loader = DataLoader()
    spec = loader.load_from_file(os.path.join(ROLES, role, "meta", "argument_specs.yml"))["argument_specs"]["main"]["options"]
    checked = ArgumentSpecValidator(spec).validate(dict(variables))
    assert checked.error_messages and words in "; ".join(checked.error_messages)
