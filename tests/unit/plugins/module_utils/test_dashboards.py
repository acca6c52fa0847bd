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
from ansible_collections.guance.cloud.plugins.module_utils import _resource as core
from ansible_collections.guance.cloud.plugins.module_utils._errors import ConflictError, OptionError
from ansible_collections.guance.cloud.tests.unit.fixtures.dashboards.templates import FIXTURES, as_server_exports, fixture

# Templates written for these tests in the shapes of Guance's console and OpenAPI exports.
FIXTURE_FILES = sorted(f for f in os.listdir(FIXTURES) if f.endswith(".json"))


def same_template(desired, exported):
    """Whether a desired template compares equal to an export, as the module compares them."""
    desired = {"template": d.normalize_template(desired)}
    return not core.compare(d.fitted({"template": d.normalize_template(exported)}, desired), desired).changed


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


@pytest.mark.parametrize("bookkeeping", [False, True])
@pytest.mark.parametrize("name", FIXTURE_FILES)
def test_fixture_templates_survive_a_round_trip(name, bookkeeping):
    template = fixture(name)
    assert same_template(template, as_server_exports(template, bookkeeping=bookkeeping))


@pytest.mark.parametrize("name", FIXTURE_FILES)
def test_fixture_templates_show_a_changed_chart(name):
    template = fixture(name)
    changed = copy.deepcopy(template)
    changed["main"]["charts"][-1]["name"] += " (changed)"
    assert not same_template(changed, as_server_exports(template))


# charts without pos

def test_a_template_without_positions_equals_the_servers_layout_of_it():
    template = fixture("nopos_authored.json")
    exported = as_server_exports(template)
    assert all(isinstance(c["pos"]["i"], int) for c in exported["main"]["charts"])
    assert same_template(template, exported)
    # Any other layout the server might choose too: the places are the server's.
    moved = copy.deepcopy(exported)
    for chart in moved["main"]["charts"]:
        chart["pos"].update(x=chart["pos"]["y"], y=chart["pos"]["x"] + 30)
    assert same_template(template, moved)


def test_a_chart_the_user_placed_compares_on_its_place():
    template = fixture("nopos_authored.json")
    template["main"]["charts"][1]["pos"] = {"x": 0, "y": 40, "w": 24, "h": 12}
    exported = as_server_exports(template)
    assert same_template(template, exported)
    moved = copy.deepcopy(exported)
    placed = next(c for c in moved["main"]["charts"] if c["name"] == "错误数")
    placed["pos"]["y"] = 50
    assert not same_template(template, moved)


def test_an_unplaced_chart_still_compares_on_its_content():
    template = fixture("nopos_authored.json")
    exported = as_server_exports(template)
    exported["main"]["charts"][0]["queries"][0]["query"]["q"] = "T::re(`.*`):(count(`span_id`))"
    assert not same_template(template, exported)
    fewer = copy.deepcopy(template)
    fewer["main"]["charts"].pop()
    assert not same_template(fewer, as_server_exports(template))


def test_fit_positions_leaves_its_inputs_alone_and_needs_a_match():
    current = d.normalize_template(as_server_exports(fixture("nopos_authored.json")))
    kept = copy.deepcopy(current)
    assert d.fit_positions(current, {"charts": [{"name": "other"}]}) == current
    assert current == kept
    assert d.fit_positions(current, None) is current


# stable uuids

def test_stable_uuid_is_a_custom_uuid_fixed_by_workspace_and_key():
    uuid = d.stable_uuid("wksp_emulator_a", "dashboards/hosts.json")
    assert d.CUSTOM_UUID_RE.fullmatch(uuid)
    # Pinned: a change of the derivation would orphan every dashboard made with it.
    assert uuid == "dsbd_custom_" + STABLE_HOSTS_HEX
    assert d.stable_uuid("wksp_emulator_a", "dashboards/hosts.json") == uuid
    assert d.stable_uuid("wksp_emulator_b", "dashboards/hosts.json") != uuid
    assert d.stable_uuid("wksp_emulator_a", "dashboards/hosts.yml") != uuid
    assert d.stable_uuid("wksp_a", "b\0c") != d.stable_uuid("wksp_a\0b", "c")
    assert d.CUSTOM_UUID_RE.fullmatch(d.stable_uuid("wksp_x", "图表/概览.json"))


@pytest.mark.parametrize("workspace", [None, "", 7])
def test_stable_uuid_needs_the_workspace(workspace):
    with pytest.raises(ValueError):
        d.stable_uuid(workspace, "k")


def test_workspace_of_an_answer():
    assert d.workspace_of([{"name": "x"}, {"workspaceUUID": "wksp_1"}]) == "wksp_1"
    assert d.workspace_of({"workspaceUUID": "wksp_2"}) == "wksp_2"
    assert d.workspace_of([]) is None and d.workspace_of(None) is None and d.workspace_of({"workspaceUUID": ""}) is None


def test_adoptable_are_those_without_a_stable_uuid_of_another_key():
    mine, other = "dsbd_custom_" + "a" * 32, "dsbd_custom_" + "b" * 32
    found = [{"uuid": "dsbd_" + "0" * 32}, {"uuid": other}, {"uuid": mine}]
    assert [x["uuid"] for x in d.adoptable(found, mine)] == ["dsbd_" + "0" * 32, mine]


def test_newest_first_by_update_then_create():
    found = [{"uuid": "a", "updateAt": 5, "createAt": 1}, {"uuid": "b", "updateAt": 9}, {"uuid": "c", "updateAt": 5, "createAt": 3}]
    assert [x["uuid"] for x in d.newest_first(found)] == ["b", "c", "a"]


# diffs

def test_the_diff_of_a_template_keeps_non_ascii_as_written():
    state = {"template": d.normalize_template(fixture("nginx_export_zh.json")), "name": "Nginx 概览"}
    text = core.diff({}, state)["after"]
    assert "请求数" in text and "概览" in text and "\\u" not in text
    assert json.loads(text) == state and text.endswith("\n")


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


STABLE_HOSTS_HEX = "23810e79c583e483617cbf737378c933"


def test_current_state_from_object_and_export():
    state = d.current_state(OBJECT, fixture("hosts_export.json"))
    assert state == {
        "name": "Hosts overview", "description": "", "identifier": "", "tags": ["prod", "web"], "extend": {},
        "mapping": [], "visibility": "custom", "edit_permissions": ["wsAdmin"], "read_permissions": [],
        "template": d.normalize_template(fixture("hosts_export.json")),
    }


SPARSE_OBJECT = dict((k, v) for k, v in OBJECT.items() if k not in ("desc", "identifier", "isPublic", "permissionSet", "readPermissionSet"))


def test_current_state_leaves_out_what_sparse_answers_do_not_show():
    assert d.current_state(SPARSE_OBJECT) == {"name": "Hosts overview", "tags": ["prod", "web"], "extend": {}, "mapping": []}
    assert "tags" not in d.current_state({"name": "x"})


def test_current_state_reads_the_identifier_from_the_export_when_the_object_lacks_it():
    export = fixture("hosts_export.json")
    assert d.current_state(SPARSE_OBJECT, export)["identifier"] == ""
    without = dict((k, v) for k, v in export.items() if k != "identifier")
    assert "identifier" not in d.current_state(SPARSE_OBJECT, without)


@pytest.mark.parametrize("obj", [SPARSE_OBJECT, "export only"])
def test_the_description_is_never_the_exports_summary(obj):
    # export.md's summary is the template's own: a dashboard whose answers show no desc has an
    # unverified description, whatever the summary says.
    export = fixture("hosts_export.json")
    assert export["summary"]
    obj = d.object_from_export("dsbd_custom_" + "a" * 32, export) if obj == "export only" else obj
    state = d.current_state(obj, export)
    assert "description" not in state
    assert core.compare(state, {"description": export["summary"]}).unverified == ["description"]
    assert d.current_state(OBJECT, export)["description"] == ""


def test_compare_leaves_out_what_cannot_be_read():
    current = d.current_state(SPARSE_OBJECT)
    desired = {"name": "Hosts overview", "visibility": "private", "edit_permissions": ["x"]}
    found = core.compare(d.fitted(current, desired), desired)
    assert (found.changed, found.before, found.after) == (False, {"name": "Hosts overview"}, {"name": "Hosts overview"})
    assert found.unverified == ["edit_permissions", "visibility"]
    assert core.compare(current, dict(desired, name="New")).differing == ["name"]


def test_export_alone_gives_the_export_fields():
    export = fixture("hosts_export.json")
    state = d.current_state(d.object_from_export("dsbd_custom_" + "a" * 32, export), export)
    assert (state["name"], state["tags"], state["extend"], state["mapping"]) == ("Hosts overview", ["prod"], {}, [])


def options(**given):
    base = dict((k, None) for k in list(d.OBJECT_FIELDS) + ["uuid", "template", "stable_key", "workspace_uuid"])
    base.update(state="present", on_duplicates="fail")
    base.update(given)
    return base


def test_desired_state_keeps_only_given_options():
    assert d.desired_state(options(name="N", tags=["b", "a", "b"])) == {"name": "N", "tags": ["a", "b"]}


def test_desired_state_accepts_json_text():
    text = json.dumps(fixture("hosts_authored.json"))
    assert d.desired_state(options(name="N", template=text))["template"] == d.normalize_template(fixture("hosts_export.json"))


def test_fitted_drops_only_the_places_the_desired_template_leaves_to_the_server():
    placed = {"name": "a", "type": "sequence", "queries": [], "pos": {"x": 0, "y": 0, "w": 8, "h": 9}}
    current = {"name": "N", "template": {"charts": [placed]}}
    unplaced = {"template": {"charts": [dict((k, v) for k, v in placed.items() if k != "pos")]}}
    assert d.fitted(current, unplaced)["template"] == unplaced["template"]
    assert d.fitted(current, {"template": {"charts": [placed]}}) == current
    assert d.fitted(current, {"name": "N"}) is current
    assert d.fitted(None, unplaced) is None


def test_export_suffices_only_for_export_fields_and_the_description():
    assert d.export_suffices({"template": {}, "name": "N", "tags": [], "description": "", "extend": {}, "mapping": []})
    assert not d.export_suffices({"name": "N", "description": ""})
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
    (dict(uuid="dsbd_0123456789abcdef0123456789abcdef\n"), ["uuid"]),
    (dict(uuid="dsbd_custom_0123456789abcdef0123456789abcdef\n"), ["uuid"]),
    (dict(uuid=" dsbd_0123456789abcdef0123456789abcdef"), ["uuid"]),
    (dict(name=["a", "b"]), ["name", "string", "list"]),
    (dict(name=2024), ["name", "string", "int"]),
    (dict(name={"a": 1}), ["name", "string"]),
    (dict(name=""), ["name", "empty"]),
    (dict(name="   "), ["name", "empty"]),
    (dict(name="a\0b"), ["name", "control"]),
    (dict(name="line\n"), ["name", "control"]),
    (dict(name="tab\there"), ["name", "control"]),
    (dict(name="N", description="a\0b"), ["description", "NUL"]),
    (dict(name="N", identifier="a\0"), ["identifier", "NUL"]),
    (dict(name="N", tags=["ok", ""]), ["tags", "empty"]),
    (dict(name="N", tags=["  "]), ["tags", "empty"]),
    (dict(name="N", tags=["a\0"]), ["tags", "control"]),
    (dict(name="N", visibility="custom", edit_permissions=[""]), ["edit_permissions", "empty"]),
    (dict(name="N", stable_key=""), ["stable_key"]),
    (dict(name="N", stable_key="  "), ["stable_key"]),
    (dict(name="N", stable_key="a\0"), ["stable_key", "NUL"]),
    (dict(name="N", workspace_uuid="wksp_1"), ["workspace_uuid", "stable_key"]),
    (dict(name="N", stable_key="k", workspace_uuid="wksp_1\n"), ["workspace_uuid"]),
    (dict(name="N", stable_key="k", workspace_uuid="ws_1"), ["workspace_uuid"]),
    (dict(name="N", stable_key="k", workspace_uuid="wksp_a-b"), ["workspace_uuid"]),
    (dict(stable_key="k", lookup=False), ["lookup", "name"]),
    (dict(name="N", on_duplicates="keep_newest"), ["on_duplicates", "tags"]),
    (dict(name="N", on_duplicates="keep_newest", tags=[]), ["on_duplicates", "tags"]),
    (dict(uuid="dsbd_" + "0" * 32, on_duplicates="keep_newest", tags=["t"]), ["on_duplicates", "uuid"]),
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
                                   dict(name="N", state="absent", lookup=True), dict(stable_key="k", state="absent"),
                                   dict(name="N", stable_key="k", workspace_uuid="wksp_0123abc", lookup=False),
                                   dict(name="N", stable_key="k", workspace_uuid="wksp_emulator_a"),
                                   dict(name="Nginx 概览 (prod)", tags=["团队"], on_duplicates="keep_newest")])
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


# finding

def test_one_named_takes_the_exact_name_and_refuses_two_saying_how_out():
    found = [{"uuid": "dsbd_a", "name": "Hosts"}, {"uuid": "dsbd_b", "name": "Hosts (old)"}]
    assert d.one_named(found, "Hosts") == found[0]
    assert d.one_named(found, "Nginx") is None
    with pytest.raises(ConflictError, match=r"2 dashboards are named 'Hosts' \(dsbd_a, dsbd_c\).*on_duplicates: keep_newest"):
        d.one_named(found + [{"uuid": "dsbd_c", "name": "Hosts"}], "Hosts")
