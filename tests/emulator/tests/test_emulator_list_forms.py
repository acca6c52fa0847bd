"""Switches for the readings the resource core must cope with: list content, mute names in lists, desc in a
dashboard's get, and monitor delete of an unknown uuid (docs/api-notes.md, "Lists, names and deletes")."""

import pytest

MUTE = {"type": "custom", "repeatTimeSet": 0, "timezone": "UTC", "startTime": "2026/01/02 00:00:00", "name": "quiet"}
MONITOR = {"jsonScript": {"type": "simpleCheck", "title": "CPU"}}
LISTS = {
    "dashboards": "/api/v1/dashboards/list",
    "monitors": "/api/v1/checker/list",
    "mute rules": "/api/v1/monitor/mute/list",
}


@pytest.fixture
def made(client):
    client.create("board")
    client.ok("POST", "/api/v1/checker/add", body=MONITOR)
    client.ok("POST", "/api/v1/monitor/mute/create", body=MUTE)
    return client


@pytest.mark.parametrize("family", sorted(LISTS))
def test_lists_are_bare_arrays_by_default_and_data_objects_on_request(made, family):
    bare = made.get(LISTS[family], query={"pageSize": 5})
    assert isinstance(bare.content, list) and len(bare.content) == 1
    made.configure(list_content="data")
    wrapped = made.get(LISTS[family], query={"pageSize": 5})
    assert wrapped.content == {"data": bare.content}
    assert wrapped.json["pageInfo"] == bare.json["pageInfo"] == {"count": 1, "pageIndex": 1, "pageSize": 5, "totalCount": 1}


def test_other_lists_keep_their_own_form(made):
    made.configure(list_content="data")
    assert isinstance(made.ok("GET", "/api/v1/monitor/group/list"), list)
    assert set(made.ok("GET", "/api/v1/alert_policy/list")) == {"data", "declaration"}


def test_mute_rules_are_listed_with_their_name_unless_switched_to_the_list_example(client):
    rule = client.ok("POST", "/api/v1/monitor/mute/create", body=MUTE)
    client.configure(mute_list_names=True)
    assert client.ok("GET", "/api/v1/monitor/mute/list")[0]["name"] == "quiet"
    client.configure(mute_list_names=False)
    listed = client.ok("GET", "/api/v1/monitor/mute/list")[0]
    assert "name" not in listed and listed["uuid"] == rule["uuid"]
    # search still reads the name the list does not show, and create and modify answers still show it.
    assert [item["uuid"] for item in client.ok("GET", "/api/v1/monitor/mute/list", query={"search": "qui"})] == [rule["uuid"]]
    assert client.ok("GET", "/api/v1/monitor/mute/list", query={"search": "loud"}) == []
    assert client.ok("POST", "/api/v1/monitor/mute/%s/modify" % rule["uuid"], body=MUTE)["name"] == "quiet"


def test_a_dashboard_get_shows_desc_unless_switched_to_the_get_example(client):
    made = client.create("described", desc="what it shows")
    assert client.ok("GET", "/api/v1/dashboards/%s/get" % made["uuid"])["desc"] == "what it shows"
    client.configure(dashboard_get_desc=False)
    got = client.ok("GET", "/api/v1/dashboards/%s/get" % made["uuid"])
    assert "desc" not in got and got["name"] == "described"
    assert client.ok("GET", "/api/v1/dashboards/list")[0]["desc"] == "what it shows"


def test_monitor_delete_passes_over_an_unknown_uuid_by_default(client):
    kept = client.ok("POST", "/api/v1/checker/add", body=MONITOR)
    gone = client.ok("POST", "/api/v1/checker/add", body=MONITOR)
    unknown = "rul_0123456789abcdef0123456789abcdef"
    assert client.ok("POST", "/api/v1/checker/delete", body={"ruleUUIDs": [gone["uuid"], unknown]}) is True
    assert [c["uuid"] for c in client.ok("GET", "/api/v1/checker/list")] == [kept["uuid"]]


def test_monitor_delete_of_an_unknown_uuid_is_a_404_that_deletes_nothing_when_switched(client):
    kept = client.ok("POST", "/api/v1/checker/add", body=MONITOR)
    client.configure(checker_delete_unknown="not_found")
    unknown = "rul_0123456789abcdef0123456789abcdef"
    reply = client.post("/api/v1/checker/delete", body={"ruleUUIDs": [kept["uuid"], unknown]})
    assert (reply.status, reply.error_code) == (404, "ft.DataNotFound") and unknown in reply.json["message"]
    assert [c["uuid"] for c in client.ok("GET", "/api/v1/checker/list")] == [kept["uuid"]]
    assert client.ok("POST", "/api/v1/checker/delete", body={"ruleUUIDs": [kept["uuid"]]}) is True
    assert client.ok("GET", "/api/v1/checker/list") == []
