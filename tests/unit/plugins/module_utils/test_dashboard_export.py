# -*- coding: utf-8 -*-
# Copyright: (c) 2026, guance.cloud maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The pure parts of _dashboard_export: templates for files, file names, searches for exact names."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import json

import pytest

from ansible_collections.guance.cloud.plugins.module_utils import _dashboard_export as e
from ansible_collections.guance.cloud.plugins.module_utils._dashboards import normalize_template

SERVER_EXPORT = {
    "dashboardBindSet": [], "dashboardExtend": {"refresh": "1m"}, "dashboardMapping": [{"field": "host"}],
    "dashboardOwnerType": "node", "dashboardType": "CUSTOM", "iconSet": {}, "identifier": "", "summary": u"主机",
    "tagInfo": [{"id": "tag_2", "name": "web"}, {"id": "tag_1", "name": "managed-by-ansible"}, {"id": "tag_3", "name": "a"}],
    "tags": [], "thumbnail": "", "title": u"主机 / Hosts",
    "main": {
        "type": "template", "chartGroupPos": ["chtg_1", "default"],
        "vars": [{"code": "host", "name": "Host", "type": "TAG", "seq": 0}],
        "groups": [{"name": "Disks", "extend": {}, "uuid": "chtg_1"}],
        "charts": [
            {"name": "Used", "type": "table", "uuid": "chrt_2", "chartGroupUUID": "chtg_1", "prevGroupName": "Disks",
             "group": {"name": "Disks"}, "pos": {"x": 0, "y": 0, "w": 8, "h": 9, "i": 1}, "extend": {},
             "queries": [{"qtype": "dql", "name": "", "query": {"q": "M::disk:(max(used))"}}]},
            {"name": "CPU", "type": "sequence", "uuid": "chrt_1", "chartGroupUUID": "default", "group": {"name": None},
             "pos": {"x": 8, "y": 0, "w": 8, "h": 9, "i": "chrt_1"}, "extend": {},
             "queries": [{"qtype": "dql", "query": {"q": "M::cpu:(avg(usage))"}}]},
        ],
    },
}


def test_export_template_keeps_what_the_user_made_and_drops_the_bookkeeping():
    template = e.export_template(SERVER_EXPORT, omit_tags=["managed-by-ansible"])
    assert list(template) == ["dashboardExtend", "dashboardMapping", "main", "summary", "tagInfo", "title"]
    assert template["tagInfo"] == [{"name": "a"}, {"name": "web"}]
    main = template["main"]
    assert list(main) == ["charts", "groups", "type", "vars"]
    assert main["groups"] == [{"extend": {}, "name": "Disks"}]
    # Ungrouped charts first, then by group, each by place.
    assert [c["name"] for c in main["charts"]] == ["CPU", "Used"]
    assert main["charts"][1] == {"extend": {}, "group": {"name": "Disks"}, "name": "Used", "pos": {"h": 9, "w": 8, "x": 0, "y": 0},
                                 "queries": [{"name": "", "qtype": "dql", "query": {"q": "M::disk:(max(used))"}}], "type": "table"}
    assert SERVER_EXPORT["main"]["charts"][0]["uuid"] == "chrt_2"  # the input is left alone


def test_export_template_keeps_an_icon_that_is_set():
    assert e.export_template(dict(SERVER_EXPORT, iconSet={"url": "x"}))["iconSet"] == {"url": "x"}


def test_export_is_a_fixed_point_and_compares_equal_to_the_server_export():
    template = e.export_template(SERVER_EXPORT)
    assert e.export_template(copy.deepcopy(template)) == template
    assert normalize_template(template) == normalize_template(SERVER_EXPORT)


def test_export_gives_the_same_bytes_whatever_order_the_server_answers_in():
    other = copy.deepcopy(SERVER_EXPORT)
    other["main"]["charts"].reverse()
    other["tagInfo"].reverse()
    other = json.loads(json.dumps(other), object_pairs_hook=lambda pairs: dict(reversed(pairs)))
    assert json.dumps(e.export_template(other)) == json.dumps(e.export_template(SERVER_EXPORT))


@pytest.mark.parametrize("name, stem", [
    ("Nginx overview", "nginx-overview"),
    (u"主机 / Hosts", u"主机-hosts"),
    ("  --CPU__load (5m)!! ", "cpu-load-5m"),
    ("../../etc/passwd", "etc-passwd"),
    ("", "dashboard"),
    ("!!!", "dashboard"),
    (None, "dashboard"),
    (u"Ünïcödé", u"ünïcödé"),
])
def test_slug(name, stem):
    assert e.slug(name) == stem


def test_slug_stays_short_in_bytes():
    stem = e.slug(u"性" * 200)
    assert len(stem.encode("utf-8")) <= e.MAX_SLUG_BYTES and stem == u"性" * 32


def test_file_names_plain_when_apart():
    assert e.file_names([("Hosts", {}), ("Nginx", {})]) == ["hosts.json", "nginx.json"]


def test_file_names_told_apart_by_the_name_then_the_template_then_the_rank():
    names = e.file_names([("Hosts", {"a": 1}), ("hosts", {"a": 1}), ("Nginx", {"a": 1}), ("Nginx", {"b": 1}),
                          ("Twin", {}), ("Twin", {})])
    assert len(set(names)) == 6
    assert names[0].startswith("hosts-") and names[1].startswith("hosts-") and names[0] != names[1]
    assert names[2].startswith("nginx-") and names[3].startswith("nginx-")
    assert names[4].endswith(".json") and names[5] == names[4][:-5] + "-2.json"


def test_file_names_do_not_depend_on_order_or_on_other_dashboards():
    pairs = [("Hosts", {"a": 1}), ("hosts", {"b": 1}), ("Nginx", {})]
    forward = dict(zip([p[0] for p in pairs], e.file_names(pairs)))
    backward = dict(zip([p[0] for p in reversed(pairs)], e.file_names(reversed(pairs))))
    assert forward == backward
    assert e.file_names([("Hosts", {"a": 1}), ("Other", {})])[0] == "hosts.json"


@pytest.mark.parametrize("names, terms", [
    ([], []),
    (["Hosts"], ["Hosts"]),
    (["Hosts (old)", "Hosts"], ["Hosts"]),
    (["Nginx", "Hosts", "Hosts"], ["Hosts", "Nginx"]),
    (["hosts (old)", "Hosts"], ["Hosts", "hosts (old)"]),
])
def test_search_terms(names, terms):
    assert e.search_terms(names) == terms


def test_canonical_sorts_keys_at_every_depth_and_keeps_list_order():
    value = e.canonical({"b": [{"z": 1, "a": 2}], "a": {"d": 1, "c": 2}})
    assert json.dumps(value) == '{"a": {"c": 2, "d": 1}, "b": [{"a": 2, "z": 1}]}'
