# -*- coding: utf-8 -*-
# Copyright: (c) 2026, guance.cloud maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What the inventory makes of Guance objects: option checks, hostnames, duplicates, variables, groups."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.guance.cloud.plugins.module_utils import _inventory
from ansible_collections.guance.cloud.plugins.module_utils._errors import ConflictError, OptionError


def host(name, updated=1000, **fields):
    obj = {"name": name, "host": name, "last_update_time": updated}
    obj.update(fields)
    return obj


# Options

@pytest.mark.parametrize("args, option", [
    (([], "newest", "guance_", ["os"]), "hostnames"),
    ((None, "newest", "guance_", ["os"]), "hostnames"),
    ((["host", ""], "newest", "guance_", ["os"]), "hostnames"),
    ((["host", 3], "newest", "guance_", ["os"]), "hostnames"),
    ((["host"], "oldest", "guance_", ["os"]), "duplicates"),
    ((["host"], "newest", "", ["os"]), "vars_prefix"),
    ((["host"], "newest", "1st_", ["os"]), "vars_prefix"),
    ((["host"], "newest", "guance-", ["os"]), "vars_prefix"),
    ((["host"], "newest", None, ["os"]), "vars_prefix"),
    ((["host"], "newest", "guance_", ["os", ""]), "group_by"),
    ((["host"], "newest", "guance_", [None]), "group_by"),
])
def test_bad_naming_options_are_refused_by_name(args, option):
    with pytest.raises(OptionError, match="^%s " % option):
        _inventory.check_options(*args)


@pytest.mark.parametrize("args", [
    (["host"], "newest", "guance_", ["os"]),
    (["host", "name"], "suffix", "g", []),
    (["unicast_ip"], "fail", "_", None),
])
def test_good_naming_options_pass(args):
    _inventory.check_options(*args)


@pytest.mark.parametrize("fields, expected", [
    (None, None),
    ([], None),
    (["cpu_usage"], ["cpu_usage", "host", "name", "unicast_ip", "os", "last_update_time"]),
    (["os", "host"], ["os", "host", "name", "unicast_ip", "last_update_time"]),
])
def test_fields_to_read_add_what_naming_needs_once(fields, expected):
    assert _inventory.fields_to_read(fields, ["host", "name"], "unicast_ip", ["os"]) == expected


def test_fields_to_read_without_ansible_host_or_groups():
    assert _inventory.fields_to_read(["os"], ["host"], None, None) == ["os", "host", "name", "last_update_time"]


# Hostnames

@pytest.mark.parametrize("value, expected", [
    ("web-01", "web-01"), ("  web-01 ", "web-01"), ("", None), ("   ", None), (None, None),
    (42, "42"), (1.5, "1.5"), (True, None), (False, None), (["a"], None), ({"a": 1}, None),
])
def test_text_of(value, expected):
    assert _inventory.text_of(value) == expected


@pytest.mark.parametrize("obj, expected", [
    ({"host": "h", "name": "n"}, "h"),
    ({"host": "", "name": "n"}, "n"),
    ({"host": None, "name": "n"}, "n"),
    ({"name": "n"}, "n"),
    ({"other": "x"}, None),
])
def test_hostname_is_the_first_field_with_a_value(obj, expected):
    assert _inventory.hostname_of(obj, ["host", "name"]) == expected


def test_distinct_hostnames_come_sorted_with_an_empty_report():
    objects = [host("web-02"), host("db-01"), host("web-01")]
    hosts, report = _inventory.name_hosts(objects, ["host"])
    assert [pair[0] for pair in hosts] == ["db-01", "web-01", "web-02"]
    assert [pair[1]["name"] for pair in hosts] == ["db-01", "web-01", "web-02"]
    assert report == {"unnamed": 0, "duplicates": {}}


def test_objects_without_a_hostname_are_counted_not_named():
    objects = [host("web-01"), {"name": "", "os": "linux"}, {"os": "linux"}]
    hosts, report = _inventory.name_hosts(objects, ["host", "name"])
    assert [pair[0] for pair in hosts] == ["web-01"]
    assert report["unnamed"] == 2


def twins():
    # Three objects give 10.0.0.5; the middle one reported last.
    return [
        host("a-old", 100, unicast_ip="10.0.0.5"),
        host("c-new", 300, unicast_ip="10.0.0.5"),
        host("b-mid", 200, unicast_ip="10.0.0.5"),
        host("solo", 100, unicast_ip="10.0.0.9"),
    ]


def test_newest_keeps_the_object_that_reported_last_and_reports_the_clash():
    hosts, report = _inventory.name_hosts(twins(), ["unicast_ip"], "newest")
    assert [(name, obj["name"]) for name, obj in hosts] == [("10.0.0.5", "c-new"), ("10.0.0.9", "solo")]
    assert report["duplicates"] == {"10.0.0.5": ["a-old", "b-mid", "c-new"]}


def test_newest_prefers_an_object_with_a_report_time():
    objects = [host("x", None, unicast_ip="ip"), host("y", 5, unicast_ip="ip")]
    hosts = _inventory.name_hosts(objects, ["unicast_ip"], "newest")[0]
    assert hosts[0][1]["name"] == "y"


def test_suffix_keeps_every_object_numbered_in_name_order():
    hosts, report = _inventory.name_hosts(twins(), ["unicast_ip"], "suffix")
    assert [(name, obj["name"]) for name, obj in hosts] == [
        ("10.0.0.5", "a-old"), ("10.0.0.5_2", "b-mid"), ("10.0.0.5_3", "c-new"), ("10.0.0.9", "solo")]
    assert report["duplicates"] == {"10.0.0.5": ["a-old", "b-mid", "c-new"]}


def test_suffix_skips_names_that_other_objects_have():
    objects = [host("web"), dict(host("web"), name="web-b"), dict(host("web_2"), host="web_2")]
    hosts = _inventory.name_hosts(objects, ["host"], "suffix")[0]
    assert sorted(pair[0] for pair in hosts) == ["web", "web_2", "web_3"]
    assert dict(hosts)["web_3"]["name"] == "web-b"


def test_suffixes_do_not_move_when_hosts_report():
    first = _inventory.name_hosts(twins(), ["unicast_ip"], "suffix")[0]
    later = twins()
    later[0]["last_update_time"] = 999
    second = _inventory.name_hosts(list(reversed(later)), ["unicast_ip"], "suffix")[0]
    assert [(n, o["name"]) for n, o in first] == [(n, o["name"]) for n, o in second]


def test_fail_names_the_hostname_and_its_objects():
    with pytest.raises(ConflictError) as caught:
        _inventory.name_hosts(twins(), ["unicast_ip"], "fail")
    assert str(caught.value) == ("1 hostname given by more than one object of field unicast_ip: "
                                 "10.0.0.5 (3 objects: a-old, b-mid, c-new)")


def test_fail_without_clash_passes():
    hosts = _inventory.name_hosts([host("a"), host("b")], ["host"], "fail")[0]
    assert len(hosts) == 2


def test_duplicate_message_names_a_few_and_counts_the_rest():
    clashes = dict(("h%02d" % n, ["a", "b"]) for n in range(8))
    clashes["h00"] = ["o%d" % n for n in range(7)]
    message = _inventory.duplicate_message(clashes, ["host", "name"])
    assert message.startswith("8 hostnames given by more than one object of fields host, name: "
                              "h00 (7 objects: o0, o1, o2, o3, o4, ...); h01 (2 objects: a, b); ")
    assert message.endswith("h04 (2 objects: a, b) and 3 more")


# Variables and groups

def test_host_variables_carry_every_set_field_under_the_prefix():
    obj = {"name": "web-01", "os": "linux", "cpu_usage": 1.5, "gone": None, "tag.env": "prod", "class": "HOST"}
    assert _inventory.host_variables(obj, "guance_") == {
        "guance_name": "web-01", "guance_os": "linux", "guance_cpu_usage": 1.5, "guance_tag_env": "prod",
        "guance_class": "HOST"}


@pytest.mark.parametrize("value, expected", [("10.0.0.1", "10.0.0.1"), ("", None), (None, None), (["x"], None)])
def test_ansible_host_only_from_a_value(value, expected):
    variables = _inventory.host_variables({"name": "a", "unicast_ip": value}, "g_", "unicast_ip")
    assert variables.get("ansible_host") == expected


def test_no_ansible_host_unless_asked():
    assert "ansible_host" not in _inventory.host_variables({"name": "a", "unicast_ip": "1.2.3.4"}, "g_")


@pytest.mark.parametrize("obj, group_by, expected", [
    ({"os": "linux"}, ["os"], ["guance_os_linux"]),
    ({"os": "linux", "env": "prod"}, ["os", "env"], ["guance_os_linux", "guance_env_prod"]),
    ({"os": None}, ["os"], []),
    ({}, ["os"], []),
    ({"os": "linux"}, [], []),
    ({"os": "linux"}, None, []),
    ({"roles": ["web", "db", ""]}, ["roles"], ["guance_roles_web", "guance_roles_db"]),
    ({"os": "mac os/x"}, ["os"], ["guance_os_mac_os_x"]),
    ({"num_cpu": 16}, ["num_cpu"], ["guance_num_cpu_16"]),
])
def test_default_groups(obj, group_by, expected):
    assert _inventory.default_groups(obj, "guance_", group_by) == expected


def test_one_host_maker_for_many_objects_gives_what_the_functions_give():
    objects = [{"name": "a", "os": "linux", "tag.env": "prod", "roles": ["web", "db"], "ip": "10.0.0.1"},
               {"name": "b", "os": "linux", "tag.env": None, "roles": "web", "ip": ""},
               {"name": "c", "os": "mac os/x", "extra": 1, "roles": [], "ip": "10.0.0.3"}]
    maker = _inventory.HostMaker("g_", "ip", ["os", "roles"])
    for obj in objects:
        assert maker.variables(obj) == _inventory.host_variables(obj, "g_", "ip")
        assert maker.groups(obj) == _inventory.default_groups(obj, "g_", ["os", "roles"])


def test_host_maker_tells_equal_keys_of_other_types_apart():
    # True == 1 and hash alike: a name worked out for one must not be reused for the other.
    maker = _inventory.HostMaker("g_", group_by=["flag"])
    assert maker.groups({"flag": True}) == []
    assert maker.groups({"flag": 1}) == ["g_flag_1"]
    assert maker.groups({"flag": 1.0}) == ["g_flag_1_0"]
    assert maker.groups({"flag": True}) == []


def test_host_maker_skips_members_that_are_no_group_key():
    maker = _inventory.HostMaker("g_", group_by=["labels"])
    assert maker.groups({"labels": [{"a": 1}, ["x"], "web", None]}) == ["g_labels_web"]
    assert maker.groups({"labels": {"a": 1}}) == []
