# -*- coding: utf-8 -*-
# Copyright: (c) 2026, guance.cloud maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Selections, series flattening and what the older list route tests on its own."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.guance.cloud.plugins.module_utils._dql import time_window
from ansible_collections.guance.cloud.plugins.module_utils._errors import OptionError
from ansible_collections.guance.cloud.plugins.module_utils._objects import (
    Selection,
    class_hint,
    flatten_series,
)

NOW = 1700000000000


def test_flatten_series_indexes_columns_by_name():
    series = [
        {"name": "HOST", "columns": ["os", "name", "time"], "values": [["linux", "a", 1], ["windows", "b", 2]]},
        {"name": "HOST", "columns": ["time", "name", "os"], "values": [[3, "c", "darwin"]]},
        {"name": "HOST", "columns": ["name"], "values": []},
    ]
    assert list(flatten_series(series)) == [
        {"class": "HOST", "name": "a", "os": "linux", "time": 1},
        {"class": "HOST", "name": "b", "os": "windows", "time": 2},
        {"class": "HOST", "name": "c", "os": "darwin", "time": 3},
    ]


def test_flatten_series_keeps_a_class_column():
    series = [{"name": "ignored", "columns": ["class", "name"], "values": [["HOST", "a"]]}]
    assert list(flatten_series(series)) == [{"class": "HOST", "name": "a"}]


@pytest.mark.parametrize("series", [None, [], [{"name": "HOST"}], [{"name": "HOST", "columns": None, "values": None}]])
def test_flatten_series_of_nothing(series):
    assert list(flatten_series(series)) == []


def test_flatten_series_is_lazy():
    rows = flatten_series(iter([{"name": "HOST", "columns": ["name"], "values": [["a"], ["b"]]}]))
    assert next(rows) == {"class": "HOST", "name": "a"}


@pytest.mark.parametrize("given, expected", [
    ("host", "HOST"), ("process", "host_processes"), ("container", "docker_containers"),
    ("HOST", "HOST"), ("kubelet_pod", "kubelet_pod"), ("Host", "Host"),
])
def test_class_aliases(given, expected):
    assert Selection(object_class=given).object_class == expected


@pytest.mark.parametrize("kwargs, option", [
    (dict(limit=0), "limit"),
    (dict(limit=-5), "limit"),
    (dict(time_range="yesterday"), "time_range"),
    (dict(fields=["a`b"]), "fields"),
    (dict(object_class="x`"), "object_class"),
    (dict(filters=["os"]), "filters"),
    (dict(filters={"os": {"a": 1}}), "filters.os"),
    (dict(search="*a"), "search"),
    (dict(search="a*b"), "search"),
])
def test_selection_refuses_bad_options(kwargs, option):
    with pytest.raises(OptionError) as err:
        Selection(**kwargs)
    assert str(err.value).startswith(option)


def test_selection_defaults():
    selection = Selection()
    assert (selection.object_class, selection.custom, selection.limit) == ("HOST", False, None)
    assert selection.span_ms == 86400000
    assert selection.statement == "O::`HOST`"


def test_project_every_field_drops_unset_and_bookkeeping_columns():
    row = {"__docid": "d", "name": "a", "os": None, "class": "HOST", "cpu_usage": 0.0, "is_docker": False}
    assert Selection().project(row) == {"name": "a", "class": "HOST", "cpu_usage": 0.0, "is_docker": False}


def test_project_chosen_fields_keeps_missing_ones_as_none():
    row = {"__docid": "d", "time": 1, "name": "a", "os": "linux"}
    projected = Selection(fields=["name", "arch"]).project(row)
    assert projected == {"name": "a", "arch": None}


def test_project_series_builds_only_the_requested_fields_from_positions():
    series = {"name": "HOST", "columns": ["time", "os", "__docid", "name"], "values": [[1, "linux", "O_1", "a"], [2, None, "O_2", "b"], [3]]}
    assert list(Selection(fields=["name", "arch"]).project_series(series)) == [
        ("a", {"name": "a", "arch": None}), ("b", {"name": "b", "arch": None}), (None, {"name": None, "arch": None})]
    assert list(Selection().project_series(series)) == [
        ("a", {"time": 1, "os": "linux", "name": "a", "class": "HOST"}), ("b", {"time": 2, "name": "b", "class": "HOST"}),
        (None, {"time": 3, "class": "HOST"})]


def test_a_search_asks_for_the_name_to_check_it_but_returns_only_the_fields():
    selection = Selection(fields=["os"], search="web")
    assert selection.statement == "O::`HOST`:(`os`, `name`) { `name` = re('.*web.*') }"
    series = {"name": "HOST", "columns": ["name", "os"], "values": [["web-1", "linux"]]}
    assert list(selection.project_series(series)) == [("web-1", {"os": "linux"})]


@pytest.mark.parametrize("object_class, objects, expected", [
    ("hosts", [], "no objects of class 'hosts'; did you mean host?"),
    ("Host", [], "no objects of class 'Host'; did you mean host?"),
    ("HOSTS", [], "no objects of class 'HOSTS'; did you mean HOST?"),
    ("proces", [], "no objects of class 'proces'; did you mean process?"),
    ("containers", [], "no objects of class 'containers'; did you mean container?"),
    ("host_process", [], "no objects of class 'host_process'; did you mean host_processes?"),
    ("host", [], None),
    ("HOST", [], None),
    ("kubelet_pod", [], None),
    ("hosts", [{"class": "hosts", "name": "a"}], None),
])
def test_class_hint_for_a_misspelled_class(object_class, objects, expected):
    assert class_hint(Selection(object_class=object_class), objects) == expected


def obj(name, updated=NOW - 1000, **fields):
    return dict(fields, name=name, last_update_time=updated)


@pytest.mark.parametrize("kwargs, candidate, expected", [
    (dict(), obj("a"), True),
    (dict(), obj("a", updated=NOW - 86400001), False),
    (dict(), obj("a", updated=None), False),
    (dict(time_range="1m"), obj("a", updated=NOW - 59000), True),
    (dict(time_range="1m"), obj("a", updated=NOW - 61000), False),
    (dict(search="web"), obj("prod-web-1"), True),
    (dict(search="web"), obj("prod-WEB-1"), False),
    (dict(names=["a", "b"]), obj("b"), True),
    (dict(names=["a", "b"]), obj("c"), False),
    (dict(filters={"os": "linux"}), obj("a", os="linux"), True),
    (dict(filters={"os": "linux"}), obj("a", os="Linux"), False),
    (dict(filters={"os": ["linux", "darwin"]}), obj("a", os="darwin"), True),
    (dict(filters={"os": "linux", "arch": "arm64"}), obj("a", os="linux", arch="amd64"), False),
    (dict(filters={"nope": "x"}), obj("a"), False),
    (dict(filters={"pid": 42}), obj("a", pid=42), True),
    (dict(filters={"pid": 42}), obj("a", pid="42"), True),
    (dict(filters={"pid": "42"}), obj("a", pid=42.0), True),
    (dict(filters={"pid": 42}), obj("a", pid="x"), False),
    (dict(filters={"is_docker": True}), obj("a", is_docker=True), True),
    (dict(filters={"is_docker": True}), obj("a", is_docker="true"), True),
    (dict(filters={"is_docker": False}), obj("a", is_docker=True), False),
    (dict(filters={"listen_ports": 22}), obj("a", listen_ports=[22, 80]), True),
    (dict(filters={"quote": "x' } or 1=1 #"}), obj("a", quote="x' } or 1=1 #"), True),
])
def test_matches_like_dql(kwargs, candidate, expected):
    selection = Selection(**kwargs)
    assert selection.matches(candidate, time_window(selection.span_ms, NOW)) is expected
