"""Blacklists, as open-api/blacklist/*.md show them: the answers' shapes, value or values, with and without names,
validation and the control route."""

import pytest

BASE = "/api/v1/blacklist/"
# add.md's newer request example.
ADD = {"name": "规则1", "desc": "", "type": "logging", "source": "kodo-log",
       "filters": [{"name": "host", "value": ["127.0.0.1"], "operation": "in", "condition": "and"}]}


def test_add_answers_value_conditions_and_the_name(client):
    added = client.ok("POST", BASE + "add", body=ADD)
    assert added["uuid"].startswith("blist_") and added["name"] == "规则1" and added["desc"] == ""
    assert added["filters"] == ADD["filters"] and added["source"] == "kodo-log"
    assert added["conditions"] == "{ source in [ 'kodo-log' ]  and ( host in [ '127.0.0.1' ] )}"
    assert client.ok("GET", BASE + "%s/get" % added["uuid"])["filters"] == ADD["filters"]


def test_the_tables_values_and_the_older_server_without_names(client):
    uuid = client.ok("POST", BASE + "add", body=ADD)["uuid"]
    client.configure(blacklist_values_key="values", blacklist_names="none")
    listed = client.ok("GET", BASE + "list", query={"type": "all"})
    assert listed[0]["filters"][0]["values"] == ["127.0.0.1"] and "value" not in listed[0]["filters"][0]
    assert "name" not in listed[0] and "desc" not in listed[0] and listed[0]["uuid"] == uuid


def test_list_requires_a_type_and_filters_by_it(client):
    client.ok("POST", BASE + "add", body=ADD)
    client.ok("POST", BASE + "add", body=dict(ADD, name="m", type="metric", source="cpu"))
    assert client.get(BASE + "list").status == 400
    assert [b["name"] for b in client.ok("GET", BASE + "list", query={"type": "metric"})] == ["m"]
    assert [b["name"] for b in client.ok("GET", BASE + "list", query={"type": "all", "search": "规则"})] == ["规则1"]


def test_modify_sources_export_import_delete(client):
    uuid = client.ok("POST", BASE + "add", body=ADD)["uuid"]
    modified = client.ok("POST", BASE + "%s/modify" % uuid, body=dict(ADD, source=None, sources=["a", "b"]))
    assert modified["sources"] == ["a", "b"] and "source" not in modified
    entries = client.ok("POST", BASE + "export", body={"blacklistUUIDs": [uuid]})["blacklists"]
    assert client.ok("GET", BASE + "delete", query={"blacklistUUIDs": uuid}) is True
    assert client.get(BASE + "delete", query={"blacklistUUIDs": uuid}).status == 404
    client.ok("POST", BASE + "import", body={"blacklists": entries, "blacklistType": "all"})
    held = client.control("GET", "blacklists", query={"workspace": "wksp_emulator_a"})["blacklists"]
    assert [b["sources"] for b in held] == [["a", "b"]]


@pytest.mark.parametrize("change", [{"type": "logs"}, {"source": ""}, {"source": "x" * 129}, {"name": "x" * 51},
                                    {"filters": [{"name": "host", "operation": "contain", "value": ["a"]}]},
                                    {"filters": [{"name": "host", "operation": "in"}]}])
def test_bad_fields_are_refused(client, change):
    answer = client.post(BASE + "add", body=dict(ADD, **change))
    assert answer.status == 400 and answer.error_code == "ft.ParamError"
