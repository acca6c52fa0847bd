# -*- coding: utf-8 -*-
# Copyright: (c) 2026, guance.cloud maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The pure parts of _dashboards: normalising, tags, states, comparison and request bodies."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import json
import os

import pytest

from ansible_collections.guance.cloud.plugins.module_utils import _dashboards as d
from ansible_collections.guance.cloud.plugins.module_utils._errors import OptionError

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "..", "..", "fixtures", "dashboards")

# The real exported templates live in shared/ beside the checkout, which is a few levels further
# up when the tests run in `make layout`'s copy; a user's checkout has none, and those tests skip.
SHARED = next((os.path.join(parent, "shared", "fixtures", "dashboards")
               for parent in (os.path.abspath(os.path.join(HERE, *[".."] * n)) for n in range(4, 10))
               if os.path.isdir(os.path.join(parent, "shared", "fixtures", "dashboards"))), None)
SHARED_FILES = sorted(f for f in os.listdir(SHARED) if f.endswith(".json")) if SHARED else []


def fixture(name):
    with open(os.path.join(FIXTURES, name)) as f:
        return json.load(f)


def shared(name):
    with open(os.path.join(SHARED, name)) as f:
        return json.load(f)


def as_server_exports(template, name="Renamed", tags=("prod",)):
    """The template as a server hands it back: bookkeeping added, groups as objects, charts reordered."""
    out = copy.deepcopy(template)
    out.update(title=name, summary="", dashboardExtend={}, dashboardMapping=[], iconSet={}, thumbnail="",
               tagInfo=[{"id": "tag_%032d" % i, "name": t} for i, t in enumerate(tags)])
    main = out["main"]
    groups = [g if isinstance(g, dict) else {"name": g} for g in main.get("groups", [])]
    main["groups"] = [dict(g, extend=g.get("extend", {})) for g in groups]
    main["chartGroupPos"] = ["chtg_%032d" % i for i in range(len(groups))] + ["default"]
    main.setdefault("vars", [])
    for i, chart in enumerate(main.get("charts", [])):
        chart["uuid"] = "chrt_%032d" % i
        chart["pos"] = dict(chart.get("pos", {}), i=chart["uuid"])
        chart.setdefault("extend", {})
        chart.setdefault("group", {"name": None})
        if chart["group"].get("name"):
            chart["chartGroupUUID"] = "chtg_%032d" % i
            chart["prevGroupName"] = chart["group"]["name"]
    main["charts"] = list(reversed(main.get("charts", [])))
    # A server keeps keys in an order of its own.
    return json.loads(json.dumps(out, sort_keys=True))


# normalize_template

def test_authored_and_exported_forms_normalise_alike():
    assert d.normalize_template(fixture("hosts_authored.json")) == d.normalize_template(fixture("hosts_export.json"))


def test_normalising_leaves_its_input_alone():
    export = fixture("hosts_export.json")
    kept = copy.deepcopy(export)
    d.normalize_template(export)
    assert export == kept


def test_normalised_template_has_no_bookkeeping():
    main = d.normalize_template(fixture("hosts_export.json"))
    assert "chartGroupPos" not in main
    assert main["groups"] == ["Overview", "Memory"]
    for chart in main["charts"]:
        assert not set(chart) & {"uuid", "chartGroupUUID", "prevGroupName"}
        assert "i" not in chart["pos"]


@pytest.mark.parametrize("change", [
    lambda m: m["charts"][0]["queries"][0]["query"].update(q="M::`cpu`:(max(`usage_total`))"),
    lambda m: m["charts"][1]["pos"].update(w=6),
    lambda m: m["charts"].pop(),
    lambda m: m["groups"].reverse(),
    lambda m: m["vars"][0].update(hide=1),
    lambda m: m["charts"][2]["group"].update(name="Overview"),
    lambda m: m["charts"][0]["queries"].append({"qtype": "dql", "query": {"q": "M::`disk`:(last(`used`))"}}),
])
def test_real_changes_are_seen(change):
    changed = fixture("hosts_authored.json")
    change(changed["main"])
    assert d.normalize_template(changed) != d.normalize_template(fixture("hosts_export.json"))


def test_group_settings_count_but_empty_ones_do_not():
    base = {"main": {"groups": ["A", {"name": "B", "extend": {}}]}}
    assert d.normalize_template(base)["groups"] == ["A", "B"]
    collapsed = {"main": {"groups": ["A", {"name": "B", "extend": {"collapsed": True}}]}}
    assert d.normalize_template(collapsed)["groups"] == ["A", {"name": "B", "extend": {"collapsed": True}}]


def test_server_defaults_equal_what_they_replace():
    chart = {"name": "C", "type": "sequence", "queries": [{"qtype": "dql", "query": {"q": "M::`cpu`"}}]}
    authored = {"main": {"charts": [dict(chart, group="G")], "groups": ["G"]}}
    stored = {"main": {"type": "template", "vars": [], "groups": [{"name": "G", "extend": {}}], "chartGroupPos": ["chtg_1", "default"],
                       "charts": [dict(chart, group={"name": "G"}, pos={"x": 0, "y": 0, "w": 8, "h": 10, "i": "chrt_1"},
                                       uuid="chrt_1", chartGroupUUID="chtg_1", extend={})]}}
    placed = copy.deepcopy(authored)
    placed["main"]["charts"][0]["pos"] = {"x": 0, "y": 0, "w": 8, "h": 10}
    assert d.normalize_template(placed) == d.normalize_template(stored)
    moved = copy.deepcopy(stored)
    moved["main"]["charts"][0]["pos"]["y"] = 10
    assert d.normalize_template(placed) != d.normalize_template(moved)


def test_top_level_fields_are_not_the_template():
    a = fixture("hosts_authored.json")
    b = dict(a, title="Other", summary="x", tagInfo=[{"name": "t"}], iconSet={"icon": "i"}, thumbnail="t.png")
    assert d.normalize_template(a) == d.normalize_template(b)


@pytest.mark.skipif(SHARED is None, reason="the shared fixtures are not beside this checkout")
@pytest.mark.parametrize("name", SHARED_FILES)
def test_shared_templates_survive_a_round_trip(name):
    template = shared(name)
    assert d.normalize_template(template) == d.normalize_template(as_server_exports(template))


@pytest.mark.skipif(SHARED is None, reason="the shared fixtures are not beside this checkout")
@pytest.mark.parametrize("name", SHARED_FILES)
def test_shared_templates_show_a_changed_chart(name):
    template = shared(name)
    changed = copy.deepcopy(template)
    changed["main"]["charts"][-1]["name"] += " (changed)"
    assert d.normalize_template(changed) != d.normalize_template(as_server_exports(template))


# tags

TAGS = [{"id": "tag_1", "name": "prod"}, {"id": "tag_2", "name": "web"}]


@pytest.mark.parametrize("obj", [
    {"uuid": "dsbd_x", "tag_info": TAGS},
    {"uuid": "dsbd_x", "tagInfo": TAGS},
    {"uuid": "dsbd_x", "tagInfo": {"tagInfo": TAGS}},
    {"uuid": "dsbd_x", "tag_info": {"dsbd_x": TAGS}},
    {"uuid": "dsbd_x", "tag_info": {"dsbd_x": list(reversed(TAGS))}},
    {"uuid": "dsbd_x", "tagInfo": [{"name": "web"}, {"name": "prod"}, {"name": "prod"}]},
    {"uuid": "dsbd_x", "tags": ["web", "prod"]},
])
def test_tag_names_from_every_form(obj):
    assert d.object_tags(obj) == ["prod", "web"]


def test_no_tags_in_any_form():
    for obj in ({}, {"tag_info": None}, {"tagInfo": {}}, {"tag_info": {"dsbd_x": []}}, {"tagInfo": []}):
        assert d.object_tags(obj) == []


def test_keyed_tags_of_another_dashboard_are_not_taken_when_ours_are_there():
    obj = {"uuid": "dsbd_x", "tag_info": {"dsbd_x": [{"name": "a"}], "dsbd_y": [{"name": "b"}]}}
    assert d.object_tags(obj) == ["a"]


def test_with_tags_adds_the_plain_list_and_copies():
    obj = {"uuid": "dsbd_x", "tag_info": TAGS}
    assert d.with_tags(obj)["tags"] == ["prod", "web"]
    assert "tags" not in obj


# states and comparison

OBJECT = {
    "uuid": "dsbd_0123456789abcdef0123456789abcdef", "name": "Hosts overview", "desc": None, "identifier": "",
    "extend": {}, "mapping": [], "isPublic": -1, "permissionSet": ["wsAdmin"], "readPermissionSet": [],
    "tag_info": TAGS, "createAt": 1767225600, "updateAt": 1767225600.5,
}


def test_current_state_from_object_and_export():
    state = d.current_state(OBJECT, fixture("hosts_export.json"))
    assert state == {
        "name": "Hosts overview", "description": "", "identifier": "", "tags": ["prod", "web"], "extend": {},
        "mapping": [], "visibility": "custom", "edit_permissions": ["wsAdmin"], "read_permissions": [],
        "template": d.normalize_template(fixture("hosts_export.json")),
    }


def test_export_alone_gives_the_export_fields():
    export = fixture("hosts_export.json")
    state = d.current_state(d.object_from_export("dsbd_custom_" + "a" * 32, export), export)
    assert (state["name"], state["description"], state["tags"], state["extend"], state["mapping"]) == \
        ("Hosts overview", "CPU and memory of every host", ["prod"], {}, [])


def options(**given):
    base = dict((k, None) for k in list(d.OBJECT_FIELDS) + ["uuid", "template"])
    base["state"] = "present"
    base.update(given)
    return base


def test_desired_state_keeps_only_given_options():
    assert d.desired_state(options(name="N", tags=["b", "a", "b"])) == {"name": "N", "tags": ["a", "b"]}


def test_desired_state_accepts_json_text():
    text = json.dumps(fixture("hosts_authored.json"))
    assert d.desired_state(options(name="N", template=text))["template"] == d.normalize_template(fixture("hosts_export.json"))


@pytest.mark.parametrize("current, desired, changed", [
    (None, {"name": "N"}, True),
    ({"name": "N", "tags": ["a"], "description": "x"}, {"name": "N"}, False),
    ({"name": "N", "tags": ["a"]}, {"name": "N", "tags": ["a", "b"]}, True),
    ({"name": "N", "tags": []}, {"name": "N", "tags": []}, False),
    ({"name": "N", "extend": {}}, {"extend": {}}, False),
])
def test_compare(current, desired, changed):
    result = d.compare(current, desired)
    assert result[0] is changed
    assert result[2] == desired
    assert result[1] == ({} if current is None else dict((k, current.get(k)) for k in desired))


def test_differing_names_only_what_differs():
    assert d.differing({"name": "a", "tags": ["x"]}, {"name": "a", "tags": ["y"], "template": {}}) == ["tags", "template"]


def test_export_suffices_only_for_export_fields():
    assert d.export_suffices({"template": {}, "name": "N", "tags": [], "description": "", "extend": {}, "mapping": []})
    assert not d.export_suffices({"name": "N"})
    assert not d.export_suffices({"template": {}, "visibility": "public"})
    assert not d.export_suffices({"template": {}, "identifier": "x"})


# validation: every message names the option

@pytest.mark.parametrize("given, words", [
    (dict(name="N", template="{not json"), ["template", "JSON"]),
    (dict(name="N", template="[1, 2]"), ["template", "object"]),
    (dict(name="N", template={"title": "x"}), ["template", "main"]),
    (dict(name="x" * 129), ["name", "128"]),
    (dict(name="N", description="x" * 2049), ["description", "2048"]),
    (dict(name="N", identifier="x" * 129), ["identifier", "128"]),
    (dict(uuid="dsbd_0123"), ["uuid", "dsbd_"]),
    (dict(uuid="dsbd_0123456789ABCDEF0123456789ABCDEF"), ["uuid"]),
    (dict(uuid="dsbd_custom_0123456789abcdef0123456789abcde_"), ["uuid"]),
    (dict(name="N", edit_permissions=["wsAdmin"]), ["edit_permissions", "custom"]),
    (dict(name="N", visibility="public", read_permissions=["wsAdmin"]), ["read_permissions", "custom"]),
    (dict(), ["name", "uuid"]),
    (dict(name="N", state="absent", lookup=False), ["lookup", "state: present", "absent"]),
    (dict(uuid="dsbd_custom_" + "0" * 32, lookup=False), ["lookup", "name"]),
    (dict(name="N", uuid="dsbd_" + "0" * 32, lookup=False), ["lookup", "dsbd_custom_", "dsbd_" + "0" * 32]),
])
def test_bad_input_is_refused(given, words):
    with pytest.raises(OptionError) as err:
        d.validate(options(**given))
    for word in words:
        assert word in str(err.value)


@pytest.mark.parametrize("uuid", ["dsbd_0123456789abcdef0123456789abcdef", "dsbd_custom_0123456789abcdefghijklmnopqrstuv"])
def test_good_uuids_pass(uuid):
    d.validate(options(uuid=uuid))


@pytest.mark.parametrize("given", [dict(name="N", lookup=False), dict(name="N", uuid="dsbd_custom_" + "0" * 32, lookup=False),
                                   dict(name="N", state="absent", lookup=True)])
def test_lookup_off_passes_with_a_name_to_create(given):
    d.validate(options(**given))


# bodies

def test_create_body_from_the_options_as_given():
    template = fixture("hosts_authored.json")
    body = d.create_body(options(
        uuid="dsbd_custom_" + "0" * 32, name="N", description="", tags=["b", "a"], extend={"k": {}},
        visibility="custom", edit_permissions=["wsAdmin"], template=template))
    assert body == {"name": "N", "desc": "", "tagNames": ["a", "b"], "extend": {"k": {}}, "isPublic": -1,
                    "permissionSet": ["wsAdmin"], "specifyDashboardUUID": "dsbd_custom_" + "0" * 32,
                    "templateInfo": template}


def test_modify_body_holds_only_the_keys_asked_for():
    body = d.modify_body(options(name="N", description="d", visibility="private"), ["description", "visibility", "template"])
    assert body == {"desc": "d", "isPublic": 0}


def test_import_template_carries_the_dashboards_name():
    template = fixture("hosts_authored.json")
    assert d.import_template(options(template=template), "Kept")["title"] == "Kept"
    assert template["title"] == "Hosts"


def test_predict_applies_the_body():
    predicted = d.predict(OBJECT, {"name": "New", "tagNames": ["x"]})
    assert predicted["name"] == "New" and d.object_tags(predicted) == ["x"] and predicted["uuid"] == OBJECT["uuid"]
    created = d.predict(None, {"name": "N", "specifyDashboardUUID": "dsbd_custom_" + "0" * 32, "templateInfo": {}})
    assert created == {"name": "N", "uuid": "dsbd_custom_" + "0" * 32}
