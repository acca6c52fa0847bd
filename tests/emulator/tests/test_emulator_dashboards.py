"""Dashboards one at a time: create, get, modify, delete, export, import; validation; workspace isolation."""

import glob
import json
import os
import re

import pytest

from emulator_http import EMULATOR_DIR, KEY_B, NO_BODY

BASE = "/api/v1/dashboards/"
UNKNOWN_UUID = "dsbd_0123456789abcdef0123456789abcdef"
# 2026-01-01 00:00:00 UTC, where a test sets the emulator's clock.
NEW_YEAR = 1767225600
FIXTURES = os.path.join(EMULATOR_DIR, "..", "unit", "fixtures", "dashboards")


def tag_list(obj):
    """The tag objects of a dashboard object, whichever documented form it has them in."""
    tags = obj.get("tag_info", obj.get("tagInfo"))
    if isinstance(tags, dict):
        tags = tags.get("tagInfo", tags.get(obj.get("uuid"), []))
    return tags


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
    client.control("POST", "clock", {"set": NEW_YEAR})
    created = client.create("Minimal")
    assert re.fullmatch(r"dsbd_[0-9a-f]{32}", created["uuid"])
    assert isinstance(created["id"], int)
    assert created["createAt"] == created["updateAt"] == NEW_YEAR
    assert re.fullmatch(r"wsak_[0-9a-f]{32}", created["creator"]) and created["updator"] == created["creator"]
    expected = {
        "name": "Minimal", "desc": "", "identifier": "", "workspaceUUID": "wksp_emulator_a", "deleteAt": -1,
        "extend": {}, "mapping": [], "isPublic": 1, "permissionSet": [], "readPermissionSet": [], "chartPos": [],
        "chartGroupPos": [], "createdWay": "manual", "iconSet": {}, "ownerType": "node", "dashboardBindSet": [],
        "type": "CUSTOM", "status": 0, "tag_info": [],
    }
    assert {key: created[key] for key in expected} == expected
    # create.md's example: no updatorInfo, no isFavorite (the list's), tags as a plain tag_info list.
    assert not {"updatorInfo", "isFavorite", "tagInfo"} & set(created)


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
    created = client.create("With charts", tagNames=["t"], templateInfo=TEMPLATE)
    got = client.ok("GET", path(created["uuid"], "get"))
    # get.md's example: tag_info keyed by the dashboard's uuid; otherwise the create answer's keys.
    assert got.pop("tag_info") == {created["uuid"]: created.pop("tag_info")}
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
    client.control("POST", "clock", {"advance": 1})
    modified = client.ok("POST", path(created["uuid"], "modify"), body={"desc": "second"})
    assert modified["desc"] == "second"
    unchanged = ("name", "extend", "createAt", "chartPos", "identifier", "isPublic", "id", "uuid")
    assert {key: modified[key] for key in unchanged} == {key: created[key] for key in unchanged}
    assert modified["updateAt"] > created["updateAt"]
    # modify.md's example: tags as {sceneInfo, tagInfo}, the name before the change, dashboardBidding, updatorInfo.
    assert modified["tag_info"] == {"sceneInfo": [], "tagInfo": created["tag_info"]}
    assert (modified["old_name"], modified["dashboardBidding"]) == ("Original", {})
    assert modified["updatorInfo"] == {"iconUrl": "", "name": "OpenAPI", "username": "AK(%s)" % modified["updator"]}
    got = client.ok("GET", path(created["uuid"], "get"))
    assert {key: got[key] for key in unchanged + ("desc", "updateAt")} == {key: modified[key] for key in unchanged + ("desc", "updateAt")}


def test_modify_replaces_the_whole_tag_list(client):
    uuid = client.create("Tagged", tagNames=["a", "b"])["uuid"]
    modified = client.ok("POST", path(uuid, "modify"), body={"tagNames": ["c"]})
    assert [tag["name"] for tag in tag_list(modified)] == ["c"]
    assert tag_list(client.ok("POST", path(uuid, "modify"), body={"tagNames": []})) == []


def test_modify_changes_every_modifiable_field(client):
    uuid = client.create("Before")["uuid"]
    changes = {"name": "After", "desc": "d", "identifier": "i", "extend": {"k": "v"}, "mapping": [{"m": 1}],
               "isPublic": 0, "permissionSet": ["acnt_x"], "readPermissionSet": ["group_y"]}
    modified = client.ok("POST", path(uuid, "modify"), body=changes)
    assert {key: modified[key] for key in changes} == changes
    assert modified["old_name"] == "Before"


def test_modify_never_changes_charts(client):
    uuid = client.create("Charts stay", templateInfo=TEMPLATE)["uuid"]
    before = client.ok("GET", path(uuid, "export"))
    client.ok("POST", path(uuid, "modify"), body={"desc": "new", "templateInfo": {"main": {"charts": []}}})
    assert client.ok("GET", path(uuid, "export"))["main"] == before["main"]


@pytest.mark.parametrize("body", [{"name": ""}, {"name": "x" * 129}, {"tagNames": "a"}, {"isPublic": 5}, {"extend": "no"}, []])
def test_modify_refuses_an_invalid_body_and_changes_nothing(client, body):
    created = client.create("Stable")
    before = client.ok("GET", path(created["uuid"], "get"))
    reply = client.post(path(created["uuid"], "modify"), body=body)
    assert (reply.status, reply.error_code) == (400, "ft.ParamError")
    assert client.ok("GET", path(created["uuid"], "get")) == before


@pytest.mark.parametrize("body", [b"", b"null", {}])
def test_delete_takes_no_body_or_null_and_answers_uuid_and_name(client, body):
    uuid = client.create("Doomed")["uuid"]
    # delete.md's example: {uuid: name}.
    assert client.ok("POST", path(uuid, "delete"), body=body) == {uuid: "Doomed"}
    assert client.get(path(uuid, "get")).status == 404
    assert client.post(path(uuid, "delete")).status == 404


def test_delete_refuses_a_body_that_is_not_an_object(client):
    uuid = client.create("Kept")["uuid"]
    assert client.post(path(uuid, "delete"), body=[uuid]).status == 400
    assert client.get(path(uuid, "get")).status == 200


def test_export_answers_the_template_as_the_example_shows_it(client):
    created = client.create("Exported", desc="the desc", extend={"e": 1}, mapping=[{"m": 2}], templateInfo=TEMPLATE)
    exported = client.ok("GET", path(created["uuid"], "export"))
    assert (exported["title"], exported["summary"]) == ("Exported", "the desc")
    assert (exported["dashboardExtend"], exported["dashboardMapping"]) == ({"e": 1}, [{"m": 2}])
    assert exported["iconSet"] == TEMPLATE["iconSet"]
    assert exported["tagInfo"] == created["tag_info"] and exported["tagInfo"][0]["name"] == "from-template"
    assert (exported["dashboardType"], exported["dashboardOwnerType"], exported["tags"]) == ("CUSTOM", "node", [])
    main = exported["main"]
    assert main["vars"] == TEMPLATE["main"]["vars"] and main["type"] == "template"
    assert main["groups"] == ["Overview", {"name": "Details"}] and "chartGroupPos" not in main
    charts = main["charts"]
    assert [chart["name"] for chart in charts] == ["CPU", "Memory", "Loose"]
    # export.md's example: no chart uuid, no chartGroupUUID; pos.i as the template gave it.
    for chart in charts:
        assert not {"uuid", "chartGroupUUID"} & set(chart)
    assert charts[0]["pos"] == {"x": 0, "y": 0, "w": 8, "h": 10, "i": "mine"}
    assert charts[0]["extend"] == {"settings": {"showTitle": True}} and charts[1]["extend"] == {}
    assert charts[1]["group"] == {"name": "Details"} and charts[2]["group"] == {"name": None}
    assert created["chartPos"][0]["pos"] == charts[0]["pos"]
    assert all(re.fullmatch(r"chrt_[0-9a-f]{32}", item["chartUUID"]) for item in created["chartPos"])
    assert len(created["chartGroupPos"]) == 2 and all(re.fullmatch(r"chtg_[0-9a-f]{32}", g) for g in created["chartGroupPos"])
    assert list(exported) != list(TEMPLATE) and list(exported) == sorted(exported)


def test_charts_without_pos_are_laid_out_on_the_grid(client):
    # create.md's example sends "pos": null and answers w 8, h 9, three a row, pos.i the chart's index.
    charts = [{"name": "c%d" % n, "type": "sequence", "queries": [], "pos": None if n % 2 else {}} for n in range(5)]
    for chart in charts[::2]:
        del chart["pos"]
    created = client.create("Grid", templateInfo={"main": {"charts": charts}})
    expected = [{"x": 0, "y": 0, "w": 8, "h": 9, "i": 0}, {"x": 8, "y": 0, "w": 8, "h": 9, "i": 1},
                {"x": 16, "y": 0, "w": 8, "h": 9, "i": 2}, {"x": 0, "y": 9, "w": 8, "h": 9, "i": 3},
                {"x": 8, "y": 9, "w": 8, "h": 9, "i": 4}]
    assert [item["pos"] for item in created["chartPos"]] == expected
    exported = client.ok("GET", path(created["uuid"], "export"))
    assert [chart["pos"] for chart in exported["main"]["charts"]] == expected


def test_export_bookkeeping_switch_plays_the_older_reading(client):
    client.configure(export_bookkeeping=True)
    created = client.create("Kept books", templateInfo=TEMPLATE)
    main = client.ok("GET", path(created["uuid"], "export"))["main"]
    charts = main["charts"]
    for chart in charts:
        assert re.fullmatch(r"chrt_[0-9a-f]{32}", chart["uuid"]) and chart["pos"]["i"] == chart["uuid"]
    assert main["groups"] == [{"name": "Overview", "extend": {}}, {"name": "Details", "extend": {}}]
    assert charts[2]["chartGroupUUID"] == "default" and re.fullmatch(r"chtg_[0-9a-f]{32}", charts[0]["chartGroupUUID"])
    assert main["chartGroupPos"][-1] == "default" and set(main["chartGroupPos"][:-1]) == set(created["chartGroupPos"])


def test_sparse_answers_leave_out_the_fields_no_example_shows(client):
    client.configure(sparse_answers=True)
    created = client.create("Sparse", desc="d", identifier="i", isPublic=-1, permissionSet=["wsAdmin"], templateInfo=TEMPLATE)
    sparse = ("isPublic", "desc", "identifier", "permissionSet", "readPermissionSet")
    answers = [created, client.ok("GET", path(created["uuid"], "get")), client.ok("GET", BASE + "list")[0],
               client.ok("POST", path(created["uuid"], "modify"), body={"name": "Sparse 2"}),
               client.ok("POST", path(created["uuid"], "import"), body={"templateInfo": TEMPLATE})]
    for answer in answers:
        assert not set(sparse) & set(answer) and answer["uuid"] == created["uuid"]
    exported = client.ok("GET", path(created["uuid"], "export"))
    assert exported["summary"] == "d" and "identifier" not in exported
    client.configure(sparse_answers=False)
    full = client.ok("GET", path(created["uuid"], "get"))
    assert (full["desc"], full["identifier"], full["isPublic"], full["permissionSet"]) == ("d", "i", -1, ["wsAdmin"])


def test_the_workspace_page_names_the_keys_workspace(client):
    # workspace/current.md: the caller's workspace, uuid among the example's keys.
    for key, workspace in (("emulator-key-a", "wksp_emulator_a"), (KEY_B, "wksp_emulator_b")):
        answer = client.ok("GET", "/api/v1/workspace/get", key=key)
        assert answer["uuid"] == workspace
        assert {"name", "createAt", "token", "versionType", "durationSet"} <= set(answer)
    assert client.get("/api/v1/workspace/get", key="bad-key").error_code == "ft.InvalidAPIKey"


def test_specify_uuid_ignored_switch_gives_a_random_uuid(client):
    client.configure(specify_uuid="ignored")
    chosen = "dsbd_custom_" + "0" * 32
    first = client.create("one", specifyDashboardUUID=chosen)
    second = client.create("two", specifyDashboardUUID=chosen)
    assert first["uuid"] != chosen and second["uuid"] != chosen and first["uuid"] != second["uuid"]


def test_the_create_barrier_holds_creates_until_enough_wait(client):
    import threading
    client.configure(create_barrier=3)
    chosen = "dsbd_custom_" + "1" * 32
    results = []

    def create():
        results.append(client.post(BASE + "create", body={"name": "raced", "specifyDashboardUUID": chosen}))

    threads = [threading.Thread(target=create) for unused in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(reply.status for reply in results) == [200, 400, 400]
    assert [item["uuid"] for item in client.ok("GET", BASE + "list")] == [chosen]
    log = client.requests_log()
    assert [entry["route"] for entry in log][:3] == ["/api/v1/dashboards/create"] * 3


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
    assert [tag["name"] for tag in tag_list(from_template)] == ["from-template"]
    assert from_template["createdWay"] == "import" and from_template["iconSet"] == TEMPLATE["iconSet"]
    from_body = client.create("From body", desc="body", identifier="b", extend={}, mapping=[], tagNames=[], templateInfo=template)
    assert (from_body["desc"], from_body["identifier"], from_body["extend"], from_body["mapping"], tag_list(from_body)) == (
        "body", "b", {}, [], [])


def test_a_chart_group_missing_from_the_groups_gets_a_uuid_but_no_place(client):
    client.configure(export_bookkeeping=True)
    template = {"main": {"groups": ["Listed"], "charts": [{"name": "c", "type": "t", "queries": [], "group": {"name": "Unlisted"}}]}}
    created = client.create("Stray group", templateInfo=template)
    main = client.ok("GET", path(created["uuid"], "export"))["main"]
    stray = main["charts"][0]["chartGroupUUID"]
    assert re.fullmatch(r"chtg_[0-9a-f]{32}", stray) and stray not in created["chartGroupPos"]
    assert main["groups"] == [{"name": "Listed", "extend": {}}] and len(created["chartGroupPos"]) == 1


def test_tags_keep_their_id_across_dashboards(client):
    first = client.create("one", tagNames=["shared"])["tag_info"][0]
    second = client.create("two", tagNames=["shared", "other"])["tag_info"]
    assert second[0] == first and second[1]["id"] != first["id"]


def test_import_rebuilds_the_charts_and_keeps_the_dashboard(client):
    created = client.create("Imported into", desc="kept", tagNames=["kept"], templateInfo=TEMPLATE)
    before = client.ok("GET", path(created["uuid"], "export"))
    client.control("POST", "clock", {"advance": 1})
    new_template = {"title": "ignored", "summary": "ignored", "tagInfo": [{"name": "ignored"}],
                    "main": {"charts": [dict(chart) for chart in before["main"]["charts"][:2]]}}
    imported = client.ok("POST", path(created["uuid"], "import"), body={"templateInfo": new_template})
    assert imported["uuid"] == created["uuid"] and imported["updateAt"] > created["updateAt"]
    # import.md's example answers tagInfo: [] whatever the tags; new chart uuids, pos.i as imported.
    assert (imported["name"], imported["desc"], imported["tagInfo"]) == ("Imported into", "kept", [])
    assert "tag_info" not in imported
    assert not {item["chartUUID"] for item in imported["chartPos"]} & {item["chartUUID"] for item in created["chartPos"]}
    assert [item["pos"] for item in imported["chartPos"]] == [chart["pos"] for chart in before["main"]["charts"][:2]]
    after = client.ok("GET", path(created["uuid"], "export"))
    assert [chart["name"] for chart in after["main"]["charts"]] == ["CPU", "Memory"]
    assert after["main"]["vars"] == [] and after["title"] == "Imported into"
    assert [tag["name"] for tag in after["tagInfo"]] == ["kept"]


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
    assert client.ok("GET", path(uuid, "get"))["name"] == "A's own"


@pytest.mark.parametrize("fixture", sorted(glob.glob(os.path.join(FIXTURES, "*.json"))))
def test_console_shaped_templates_survive_create_and_export(client, fixture):
    with open(fixture, encoding="utf-8") as handle:
        template = json.load(handle)
    created = client.create("Fixture: " + os.path.basename(fixture), templateInfo=template)
    exported = client.ok("GET", path(created["uuid"], "export"))
    assert [chart["name"] for chart in exported["main"]["charts"]] == [chart["name"] for chart in template["main"]["charts"]]
    assert [chart["queries"] for chart in exported["main"]["charts"]] == [chart["queries"] for chart in template["main"]["charts"]]
    assert exported["main"]["vars"] == template["main"].get("vars", [])
