"""Pipelines, as open-api/pipeline/*.md show them: each documented answer's shape with the emulator's own values,
validation, the switches and the control route."""

import pytest

BASE = "/api/v1/pipeline/"
# add.md's request example: the script and the test data in base64, without a line break.
ADD = {"name": "openapi_test", "category": "logging", "asDefault": 0, "content": "YWRkX2tleShjaXR5LCAic2hhbmdoYWkiKQ==",
       "testData": "W10=", "source": ["nsqlookupd"]}
LISTED = {"asDefault", "category", "creator", "name", "status", "updateAt", "uuid"}
EXPORTED = {"asDefault", "category", "content", "extend", "isDisable", "name", "source", "testData"}


def test_add_answers_base64_with_a_line_break_and_no_source(client):
    added = client.ok("POST", BASE + "add", body=ADD)
    assert added["content"] == ADD["content"] + "\n" and added["testData"] == "W10=\n"
    assert added["uuid"].startswith("pl_") and "source" not in added and added["status"] == 0
    got = client.ok("GET", BASE + "%s/get" % added["uuid"])
    assert got["source"] == ["nsqlookupd"] and got["content"] == ADD["content"] + "\n"
    client.configure(pipeline_base64_newline=False)
    assert client.ok("GET", BASE + "%s/get" % added["uuid"])["content"] == ADD["content"]


def test_the_list_shows_no_script_and_filters_by_search_and_categories(client):
    client.ok("POST", BASE + "add", body=ADD)
    client.ok("POST", BASE + "add", body=dict(ADD, name="cpu", category="metric"))
    listed = client.ok("GET", BASE + "list")["data"]
    assert [p["name"] for p in listed] == ["cpu", "openapi_test"] and set(listed[0]) == LISTED
    assert [p["name"] for p in client.ok("GET", BASE + "list", query={"categories": "metric,rum"})["data"]] == ["cpu"]
    assert [p["name"] for p in client.ok("GET", BASE + "list", query={"search": "OPENAPI"})["data"]] == ["openapi_test"]


def test_export_answers_scripts_without_uuids_and_import_creates_them(client):
    uuid = client.ok("POST", BASE + "add", body=ADD)["uuid"]
    entries = client.ok("POST", BASE + "export", body={"pipelineUUIDs": [uuid]})["pipelines"]
    assert len(entries) == 1 and set(entries[0]) == EXPORTED and entries[0]["isDisable"] is False
    client.ok("GET", BASE + "delete", query={"pipelineUUIDs": uuid})
    assert client.ok("POST", BASE + "import", body={"pipelines": entries, "pipelineType": "all"}) == {"fail_count": 0, "success_count": 1}
    assert client.ok("GET", BASE + "list")["data"][0]["name"] == "openapi_test"


def test_modify_disable_and_delete(client):
    uuid = client.ok("POST", BASE + "add", body=ADD)["uuid"]
    modified = client.ok("POST", BASE + "%s/modify" % uuid, body=dict(ADD, name="test_modify"))
    assert modified["name"] == "test_modify" and modified["source"] == ["nsqlookupd"]
    client.configure(pipeline_modify_source="empty")
    assert client.ok("POST", BASE + "%s/modify" % uuid, body=ADD)["source"] == []
    assert client.ok("POST", BASE + "batch_set_disable", body={"plUUIDs": [uuid], "isDisable": True}) is True
    assert client.ok("GET", BASE + "list")["data"][0]["status"] == 2
    assert client.ok("GET", BASE + "delete", query={"pipelineUUIDs": uuid}) is True
    assert client.get(BASE + "delete", query={"pipelineUUIDs": uuid}).status == 404
    assert client.control("GET", "pipelines", query={"workspace": "wksp_emulator_a"}) == {"pipelines": []}


@pytest.mark.parametrize("change", [{"name": "nginx.access"}, {"name": "has space"}, {"name": "x" * 257},
                                    {"category": "logs"}, {"content": ""}, {"content": "not base64!"}, {"type": "remote"}])
def test_bad_fields_are_refused(client, change):
    answer = client.post(BASE + "add", body=dict(ADD, **change))
    assert answer.status == 400 and answer.error_code == "ft.ParamError"


def test_a_second_default_needs_is_force_and_a_name_is_one_per_category(client):
    client.ok("POST", BASE + "add", body=dict(ADD, asDefault=1))
    assert client.post(BASE + "add", body=dict(ADD, name="other", asDefault=1)).status == 400
    client.ok("POST", BASE + "add", body=dict(ADD, name="other", asDefault=1, isForce=True))
    assert [p["asDefault"] for p in client.ok("GET", BASE + "list")["data"]] == [1, 0]
    assert client.post(BASE + "add", body=ADD).status == 400
    client.ok("POST", BASE + "add", body=dict(ADD, category="metric"))
