# -*- coding: utf-8 -*-
# Copyright: (c) 2026, guance.cloud maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""_blacklists' pure parts: types, operations, value or values, identity by name or by type and sources."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.guance.cloud.plugins.module_utils import _blacklists as bl
from ansible_collections.guance.cloud.plugins.module_utils._errors import ConflictError, OptionError

FILTER = {"field": "host", "operation": "in", "values": ["a"], "condition": "and"}
OK = dict(name=u"规则1", type="logging", sources=["nginx"], filters=[FILTER])


@pytest.mark.parametrize("kind", bl.TYPES)
def test_every_type_the_page_lists(kind):
    bl.validate(dict(OK, type=kind))


@pytest.mark.parametrize("operation", bl.OPERATIONS)
def test_every_operation(operation):
    bl.validate(dict(OK, filters=[dict(FILTER, operation=operation)]))


@pytest.mark.parametrize("params, message", [
    (dict(OK, type="logs"), "type must be one of object"),
    (dict(OK, name="x" * 51), "name must be 1 to 50"),
    (dict(OK, description="x" * 257), "description may be at most 256"),
    (dict(OK, sources=[]), "sources must be a non-empty list"),
    (dict(OK, sources=["x" * 129]), "sources must be a non-empty list"),
    (dict(OK, filters=[dict(FILTER, operation="contain")]), r"filters\[0\].operation must be one of in, not_in, match, not_match"),
    (dict(OK, filters=[dict(FILTER, values=[])]), r"filters\[0\].values must be a non-empty list"),
    (dict(OK, filters=[dict(FILTER, condition="xor")]), r"filters\[0\].condition must be and or or"),
    (dict(OK, filters=[dict(FILTER, value=["a"])]), r"filters\[0\] has keys value"),
])
def test_bad_options_are_refused(params, message):
    with pytest.raises(OptionError, match=message):
        bl.validate(params)


@pytest.mark.parametrize("key", ["value", "values"])
def test_answers_with_value_or_values_compare_equal_to_the_task(key):
    answer = {"type": "logging", "source": "nginx", "name": u"规则1",
              "filters": [{"name": "host", "operation": "in", "condition": "and", key: ["a"]}]}
    assert bl.current_state(answer) == bl.desired_state(OK)


def test_the_body_sends_value_and_one_source_as_source_several_as_sources():
    body = bl.request_body(OK)
    assert body["filters"] == [{"name": "host", "operation": "in", "condition": "and", "value": ["a"]}]
    assert body["source"] == "nginx" and "sources" not in body and body["name"] == u"规则1" and body["desc"] == ""
    several = bl.request_body(dict(OK, sources=["a", "b"], name=None))
    assert several["sources"] == ["a", "b"] and "source" not in several and "name" not in several and "desc" not in several


LISTED = [{"uuid": "blist_1", "name": "one", "type": "logging", "source": "nginx", "filters": []},
          {"uuid": "blist_2", "name": "two", "type": "logging", "source": "nginx", "filters": []}]


def test_by_name_where_the_list_shows_names():
    assert bl.pick(LISTED, dict(OK, name="two"))["uuid"] == "blist_2"
    assert bl.pick(LISTED, dict(OK, name="three")) is None


def test_by_type_and_sources_where_it_shows_none_and_duplicates_are_refused():
    unnamed = [dict((k, v) for k, v in item.items() if k != "name") for item in LISTED]
    assert bl.pick(unnamed[:1], OK)["uuid"] == "blist_1"
    assert bl.pick(unnamed, dict(OK, sources=["other"])) is None
    with pytest.raises(ConflictError, match="2 blacklists of type logging have the sources nginx"):
        bl.pick(unnamed, OK)
    with pytest.raises(ConflictError, match="the task gives no name"):
        bl.pick(LISTED, dict(OK, name=None))


def test_every_source_and_several_sources_compare_as_sets():
    assert bl.sources_of({"sources": ["b", "a"], "source": ""}) == ["a", "b"]
    assert bl.desired_state(dict(OK, sources=["b", "a"]))["sources"] == ["a", "b"]
