"""Dashboards one at a time: create, get, modify, delete, export, import; validation; workspace isolation."""

import glob
import json
import os
import re
import time

import pytest

from emulator_http import EMULATOR_DIR, KEY_B, NO_BODY

BASE = "/api/v1/dashboards/"
UNKNOWN_UUID = "dsbd_0123456789abcdef0123456789abcdef"
SHARED_FIXTURES = os.path.join(EMULATOR_DIR, "..", "..", "..", "shared", "fixtures", "dashboards")

TEMPLATE = {
    "title": "ignored: the dashboard's name wins",
    "summary": "from the template",
    "iconSet": {"icon": "https://example.com/icon.svg"},
    "tagInfo": [{"name": "from-template"}],
    "main": {
        "vars": [{"name": "host", "code": "host", "type": "QUERY"}],
        "groups": ["Overview", {"name": "Details"}],
        "charts": [
            {"name": "CPU", "type": "sequence", "group": {"name": "Overview"}, "pos": {"x": 0, "y": 0, "w": 8, "h": 10, "i": "mine"},
             "extend": {"settings": {"showTitle": True}},
             "queries": [{"qtype": "dql", "query": {"q": "M::`cpu`:(avg(`usage_total`))"}}]},
            {"name": "Memory", "type": "sequence", "group": "Details", "queries": []},
            {"name": "Loose", "type": "singlestat", "queries": [], "uuid": "chrt_sent_by_the_client"},
        ],
    },
}


def path(uuid, action):
    return "%s%s/%s" % (BASE, uuid, action)


def test_create_answers_the_dashboard_object_with_every_documented_field(client):
    before = int(time.time())
    created = client.create("Minimal")
    assert re.fullmatch(r"dsbd_[0-9a-f]{32}", created["uuid"])
    assert isinstance(created["id"], int)
    assert before <= created["createAt"] == created["updateAt"] <= time.time()
    assert re.fullmatch(r"wsak_[0-9a-f]{32}", created["creator"]) and created["updator"] == created["creator"]
    assert created["updatorInfo"]["uuid"] == created["creator"]
    expected = {
        "name": "Minimal", "desc": "", "identifier": "", "workspaceUUID": "wksp_emulator_a", "deleteAt": -1,
        "extend": {}, "mapping": [], "isPublic": 1, "permissionSet": [], "readPermissionSet": [], "chartPos": [],
        "chartGroupPos": ["default"], "createdWay": "manual", "iconSet": {}, "isFavorite": False, "ownerType": "node",
        "type": "CUSTOM", "status": 0, "tag_info": [],
    }
    assert {key: created[key] for key in expected} == expected


def test_create_keeps_every_field_of_a_full_body(client):
    body = {"desc": "d" * 2048, "identifier": "i" * 128, "extend": {"a": 1}, "mapping": [{"class": "host"}],
            "tagNames": ["prod", "web", "prod"], "isPublic": -1, "permissionSet": ["acnt_1", "group_2"],
            "readPermissionSet": ["wsAdmin"]}
    created = client.create("n" * 128, **body)
    assert created["name"] == "n" * 128
    assert {key: created[key] for key in ("desc", "identifier", "extend", "mapping", "isPublic", "permissionSet", "readPermissionSet")} == {
        key: body[key] for key in ("desc", "identifier", "extend", "mapping", "isPublic", "permissionSet", "readPermissionSet")}
    assert [tag["name"] for tag in created["tag_info"]] == ["prod", "web"]
    assert all(re.fullmatch(r"tag_[0-9a-f]{32}", tag["id"]) for tag in created["tag_info"])


@pytest.mark.parametrize("body, fragment", [
    ({}, "name is required"),
    ({"name": ""}, "name must not be empty"),
    ({"name": "   "}, "name must not be empty"),
    ({"name": "n" * 129}, "name must be a string of at most 128"),
    ({"name": 7}, "name must be a string"),
    ({"name": "x", "desc": "d" * 2049}, "desc must be a string of at most 2048"),
    ({"name": "x", "desc": None}, "desc must be a string"),
    ({"name": "x", "identifier": "i" * 129}, "identifier must be a string of at most 128"),
    ({"name": "x", "extend": []}, "extend must be an object"),
    ({"name": "x", "mapping": {}}, "mapping must be an array"),
    ({"name": "x", "tagNames": "prod"}, "tagNames must be an array"),
    ({"name": "x", "tagNames": ["ok", 1]}, "tagNames must be an array of non-empty strings"),
    ({"name": "x", "permissionSet": "acnt_1"}, "permissionSet must be an array"),
    ({"name": "x", "readPermissionSet": [None]}, "readPermissionSet must be an array"),
    ({"name": "x", "isPublic": 2}, "isPublic must be 1"),
    ({"name": "x", "isPublic": True}, "isPublic must be 1"),
    ({"name": "x", "isPublic": "1"}, "isPublic must be 1"),
    ({"name": "x", "specifyDashboardUUID": "dsbd_custom_short"}, "specifyDashboardUUID must match"),
    ({"name": "x", "specifyDashboardUUID": "dsbd_custom_" + "A" * 32}, "specifyDashboardUUID must match"),
    ({"name": "x", "specifyDashboardUUID": "dsbd_" + "a" * 32}, "specifyDashboardUUID must match"),
    ({"name": "x", "templateInfo": []}, "templateInfo must be an object"),
    ({"name": "x", "templateInfo": {"main": []}}, "templateInfo.main must be an object"),
    ({"name": "x", "templateInfo": {"main": {"charts": {}}}}, "templateInfo.main.charts must be an array"),
    ({"name": "x", "templateInfo": {"main": {"charts": [{"name": "c", "type": "sequence"}]}}}, "queries is required"),
    ({"name": "x", "templateInfo": {"main": {"charts": [{"type": "sequence", "queries": []}]}}}, "name is required"),
    ({"name": "x", "templateInfo": {"main": {"charts": ["chart"]}}}, "chart 0 must be an object"),
    ({"name": "x", "templateInfo": {"main": {"charts": [{"name": "c", "type": "t", "queries": [], "pos": [1]}]}}}, "pos must be an object"),
    ({"name": "x", "templateInfo": {"main": {"groups": [3]}}}, "groups holds group names"),
    ({"name": "x", "templateInfo": {"main": {"charts": [{"name": "c", "type": "t", "queries": [], "group": 5}]}}}, "group must be an object"),
])
def test_create_refuses_an_invalid_body(client, body, fragment):
    reply = client.post(BASE + "create", body=body)
    assert (reply.status, reply.error_code) == (400, "ft.ParamError")
    assert fragment in reply.json["message"]
    assert client.ok("GET", BASE + "list") == []


def test_specify_dashboard_uuid_is_used_and_refused_once_taken_anywhere(client):
    chosen = "dsbd_custom_" + "0123456789abcdefghijklmnopqrstuv"
    assert client.create("chosen", specifyDashboardUUID=chosen)["uuid"] == chosen
    for key in ("emulator-key-a", KEY_B):
        reply = client.post(BASE + "create", body={"name": "again", "specifyDashboardUUID": chosen}, key=key)
        assert (reply.status, reply.error_code) == (400, "ft.ParamError") and "already in use" in reply.json["message"]
    client.ok("POST", path(chosen, "delete"))
    assert client.create("reborn", specifyDashboardUUID=chosen)["uuid"] == chosen


def test_get_answers_the_object_without_charts(client):
    created = client.create("With charts", templateInfo=TEMPLATE)
    got = client.ok("GET", path(created["uuid"], "get"))
    assert got == created
    assert not {"charts", "main", "templateInfo"} & set(got)
    assert [item["chartUUID"] for item in got["chartPos"]] and all("pos" in item for item in got["chartPos"])


@pytest.mark.parametrize("action, method", [("get", "GET"), ("modify", "POST"), ("delete", "POST"), ("export", "GET"), ("import", "POST")])
@pytest.mark.parametrize("uuid", [UNKNOWN_UUID, "not-even-a-uuid"])
def test_an_unknown_dashboard_is_not_found(client, action, method, uuid):
    body = {"templateInfo": {}} if action == "import" else {}
    reply = client.request(method, path(uuid, action), body=body if method == "POST" else NO_BODY)
    assert (reply.status, reply.error_code, reply.json["success"]) == (404, "ft.DataNotFound", False)


def test_modify_changes_only_the_fields_it_is_given(client):
    created = client.create("Original", desc="first", tagNames=["a", "b"], extend={"x": 1}, templateInfo=TEMPLATE)
    time.sleep(1.01)
    modified = client.ok("POST", path(created["uuid"], "modify"), body={"desc": "second"})
    assert modified["desc"] == "second"
    unchanged = ("name", "extend", "tag_info", "createAt", "chartPos", "identifier", "isPublic", "id", "uuid")
    assert {key: modified[key] for key in unchanged} == {key: created[key] for key in unchanged}
    assert modified["updateAt"] > created["updateAt"]
    assert client.ok("GET", path(created["uuid"], "get")) == modified


def test_modify_replaces_the_whole_tag_list(client):
    uuid = client.create("Tagged", tagNames=["a", "b"])["uuid"]
    modified = client.ok("POST", path(uuid, "modify"), body={"tagNames": ["c"]})
    assert [tag["name"] for tag in modified["tag_info"]] == ["c"]
    assert client.ok("POST", path(uuid, "modify"), body={"tagNames": []})["tag_info"] == []


def test_modify_changes_every_modifiable_field(client):
    uuid = client.create("Before")["uuid"]
    changes = {"name": "After", "desc": "d", "identifier": "i", "extend": {"k": "v"}, "mapping": [{"m": 1}],
               "isPublic": 0, "permissionSet": ["acnt_x"], "readPermissionSet": ["group_y"]}
    modified = client.ok("POST", path(uuid, "modify"), body=changes)
    assert {key: modified[key] for key in changes} == changes


def test_modify_never_changes_charts(client):
    uuid = client.create("Charts stay", templateInfo=TEMPLATE)["uuid"]
    before = client.ok("GET", path(uuid, "export"))
    client.ok("POST", path(uuid, "modify"), body={"desc": "new", "templateInfo": {"main": {"charts": []}}})
    assert client.ok("GET", path(uuid, "export"))["main"] == before["main"]


@pytest.mark.parametrize("body", [{"name": ""}, {"name": "x" * 129}, {"tagNames": "a"}, {"isPublic": 5}, {"extend": "no"}, []])
def test_modify_refuses_an_invalid_body_and_changes_nothing(client, body):
    created = client.create("Stable")
    reply = client.post(path(created["uuid"], "modify"), body=body)
    assert (reply.status, reply.error_code) == (400, "ft.ParamError")
    assert client.ok("GET", path(created["uuid"], "get")) == created


@pytest.mark.parametrize("body", [b"", b"null", {}])
def test_delete_takes_no_body_or_null_and_answers_true(client, body):
    uuid = client.create("Doomed")["uuid"]
    assert client.ok("POST", path(uuid, "delete"), body=body) is True
    assert client.get(path(uuid, "get")).status == 404
    assert client.post(path(uuid, "delete")).status == 404


def test_delete_refuses_a_body_that_is_not_an_object(client):
    uuid = client.create("Kept")["uuid"]
    assert client.post(path(uuid, "delete"), body=[uuid]).status == 400
    assert client.get(path(uuid, "get")).status == 200


def test_export_answers_the_template_with_the_server_bookkeeping(client):
    created = client.create("Exported", desc="the desc", extend={"e": 1}, mapping=[{"m": 2}], templateInfo=TEMPLATE)
    exported = client.ok("GET", path(created["uuid"], "export"))
    assert (exported["title"], exported["summary"]) == ("Exported", "the desc")
    assert (exported["dashboardExtend"], exported["dashboardMapping"]) == ({"e": 1}, [{"m": 2}])
    assert exported["iconSet"] == TEMPLATE["iconSet"]
    assert exported["tagInfo"] == created["tag_info"] and exported["tagInfo"][0]["name"] == "from-template"
    assert (exported["dashboardType"], exported["dashboardOwnerType"]) == ("CUSTOM", "node")
    main = exported["main"]
    assert main["vars"] == TEMPLATE["main"]["vars"] and main["type"] == "template"
    assert main["groups"] == [{"name": "Overview", "extend": {}}, {"name": "Details", "extend": {}}]
    charts = main["charts"]
    assert [chart["name"] for chart in charts] == ["CPU", "Memory", "Loose"]
    for chart in charts:
        assert re.fullmatch(r"chrt_[0-9a-f]{32}", chart["uuid"]) and chart["pos"]["i"] == chart["uuid"]
    assert charts[0]["pos"] == {"x": 0, "y": 0, "w": 8, "h": 10, "i": charts[0]["uuid"]}
    assert charts[0]["extend"] == {"settings": {"showTitle": True}} and charts[1]["extend"] == {}
    assert charts[1]["group"] == {"name": "Details"}
    assert charts[2]["group"] == {"name": None} and charts[2]["chartGroupUUID"] == "default"
    assert re.fullmatch(r"chtg_[0-9a-f]{32}", charts[0]["chartGroupUUID"])
    assert main["chartGroupPos"] == [charts[0]["chartGroupUUID"], charts[1]["chartGroupUUID"], "default"]
    assert created["chartGroupPos"] == main["chartGroupPos"]
    assert created["chartPos"] == [{"chartUUID": chart["uuid"], "pos": chart["pos"]} for chart in charts]
    assert list(exported) != list(TEMPLATE) and list(exported) == sorted(exported)


def test_export_follows_the_dashboard_after_modify(client):
    uuid = client.create("Old name", templateInfo=TEMPLATE)["uuid"]
    client.ok("POST", path(uuid, "modify"), body={"name": "New name", "desc": "new desc", "tagNames": ["t"]})
    exported = client.ok("GET", path(uuid, "export"))
    assert (exported["title"], exported["summary"]) == ("New name", "new desc")
    assert [tag["name"] for tag in exported["tagInfo"]] == ["t"]


def test_a_template_fills_the_fields_the_body_leaves_out(client):
    template = dict(TEMPLATE, identifier="tpl-id", dashboardExtend={"from": "tpl"}, dashboardMapping=[{"from": "tpl"}])
    from_template = client.create("From template", templateInfo=template)
    assert (from_template["desc"], from_template["identifier"]) == ("from the template", "tpl-id")
    assert (from_template["extend"], from_template["mapping"]) == ({"from": "tpl"}, [{"from": "tpl"}])
    assert [tag["name"] for tag in from_template["tag_info"]] == ["from-template"]
    assert from_template["createdWay"] == "import" and from_template["iconSet"] == TEMPLATE["iconSet"]
    from_body = client.create("From body", desc="body", identifier="b", extend={}, mapping=[], tagNames=[], templateInfo=template)
    assert (from_body["desc"], from_body["identifier"], from_body["extend"], from_body["mapping"], from_body["tag_info"]) == (
        "body", "b", {}, [], [])


def test_a_chart_group_missing_from_the_groups_gets_a_uuid_but_no_place(client):
    template = {"main": {"groups": ["Listed"], "charts": [{"name": "c", "type": "t", "queries": [], "group": {"name": "Unlisted"}}]}}
    main = client.ok("GET", path(client.create("Stray group", templateInfo=template)["uuid"], "export"))["main"]
    stray = main["charts"][0]["chartGroupUUID"]
    assert re.fullmatch(r"chtg_[0-9a-f]{32}", stray) and stray not in main["chartGroupPos"]
    assert main["groups"] == [{"name": "Listed", "extend": {}}] and len(main["chartGroupPos"]) == 2


def test_tags_keep_their_id_across_dashboards(client):
    first = client.create("one", tagNames=["shared"])["tag_info"][0]
    second = client.create("two", tagNames=["shared", "other"])["tag_info"]
    assert second[0] == first and second[1]["id"] != first["id"]


def test_import_rebuilds_the_charts_and_keeps_the_dashboard(client):
    created = client.create("Imported into", desc="kept", tagNames=["kept"], templateInfo=TEMPLATE)
    before = client.ok("GET", path(created["uuid"], "export"))
    time.sleep(1.01)
    new_template = {"title": "ignored", "summary": "ignored", "tagInfo": [{"name": "ignored"}],
                    "main": {"charts": [dict(chart) for chart in before["main"]["charts"][:2]]}}
    imported = client.ok("POST", path(created["uuid"], "import"), body={"templateInfo": new_template})
    assert imported["uuid"] == created["uuid"] and imported["updateAt"] > created["updateAt"]
    assert (imported["name"], imported["desc"], imported["tag_info"]) == ("Imported into", "kept", created["tag_info"])
    after = client.ok("GET", path(created["uuid"], "export"))
    assert [chart["name"] for chart in after["main"]["charts"]] == ["CPU", "Memory"]
    old_uuids = {chart["uuid"] for chart in before["main"]["charts"]}
    assert not old_uuids & {chart["uuid"] for chart in after["main"]["charts"]}
    assert after["main"]["vars"] == [] and after["title"] == "Imported into"


@pytest.mark.parametrize("body", [{}, {"templateInfo": None}, {"templateInfo": []}, [], {"templateInfo": {"main": {"charts": [{}]}}}])
def test_import_refuses_a_body_without_a_valid_template(client, body):
    uuid = client.create("Untouched", templateInfo=TEMPLATE)["uuid"]
    before = client.ok("GET", path(uuid, "export"))
    reply = client.post(path(uuid, "import"), body=body)
    assert (reply.status, reply.error_code) == (400, "ft.ParamError")
    assert client.ok("GET", path(uuid, "export")) == before


def test_another_workspace_can_neither_see_nor_change_a_dashboard(client):
    created = client.create("A's own", templateInfo=TEMPLATE)
    uuid = created["uuid"]
    for method, action, body in (("GET", "get", NO_BODY), ("GET", "export", NO_BODY), ("POST", "modify", {"name": "stolen"}),
                                 ("POST", "import", {"templateInfo": {}}), ("POST", "delete", NO_BODY)):
        foreign = client.request(method, path(uuid, action), body=body, key=KEY_B)
        unknown = client.request(method, path(UNKNOWN_UUID, action), body=body, key=KEY_B)
        assert (foreign.status, foreign.error_code) == (unknown.status, unknown.error_code) == (404, "ft.DataNotFound")
        assert foreign.json["message"].replace(uuid, "UUID") == unknown.json["message"].replace(UNKNOWN_UUID, "UUID")
    assert client.ok("GET", BASE + "list", key=KEY_B) == []
    assert client.ok("GET", path(uuid, "get")) == created


@pytest.mark.parametrize("fixture", sorted(glob.glob(os.path.join(SHARED_FIXTURES, "*.json"))) or [None])
def test_real_templates_survive_create_and_export(client, fixture):
    if fixture is None:
        pytest.skip("no shared dashboard fixtures in this checkout")
    with open(fixture, encoding="utf-8") as handle:
        template = json.load(handle)
    created = client.create("Real: " + os.path.basename(fixture), templateInfo=template)
    exported = client.ok("GET", path(created["uuid"], "export"))
    assert [chart["name"] for chart in exported["main"]["charts"]] == [chart["name"] for chart in template["main"]["charts"]]
    assert [chart["queries"] for chart in exported["main"]["charts"]] == [chart["queries"] for chart in template["main"]["charts"]]
    assert exported["main"]["vars"] == template["main"]["vars"]
