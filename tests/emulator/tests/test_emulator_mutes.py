"""Mute rules and custom events, as open-api/mute/*.md and open-api/keyevent/*.md show them: each
documented answer's shape with the emulator's own values, validation, switches and the control routes."""

import pytest

from emulator_http import KEY_B

BASE = "/api/v1/monitor/mute/"
ONCE = {"name": "deploy web-01", "description": "", "startTime": "2030/03/27 20:00:00", "endTime": "2030/03/27 20:30:00",
        "timezone": "Asia/Shanghai", "type": "checker", "repeatTimeSet": 0, "muteRanges": [], "filterString": "host:web-01",
        "tags": {}}
REPEAT = {"name": "weekly", "timezone": "Europe/Berlin", "type": "checker", "repeatTimeSet": 1, "muteRanges": [],
          "repeatCrontabSet": {"min": "0", "hour": "2", "day": "*", "month": "*", "week": "6"}, "crontabDuration": 7200,
          "repeatExpireTime": "0"}
# The keys of the create example's answer, and filterString (a request field the older example does not show).
CREATE_KEYS = {"createAt", "creator", "crontab", "crontabDuration", "deleteAt", "description", "end", "endTime", "id", "muteRanges",
               "name", "notifyMessage", "notifyTargets", "notifyTime", "notifyTimeStr", "repeatExpire", "repeatExpireTime", "start",
               "startTime", "status", "tags", "timezone", "type", "updateAt", "updator", "uuid", "workspaceUUID", "filterString"}


def test_create_answers_the_rule_in_the_create_examples_shape(client):
    rule = client.ok("POST", BASE + "create", body=ONCE)
    assert set(rule) == CREATE_KEYS
    assert rule["uuid"].startswith("mute_") and rule["workspaceUUID"] == "wksp_emulator_a" and rule["status"] == 0
    # 2030/03/27 20:00:00 in Asia/Shanghai is 12:00 UTC.
    assert (rule["start"], rule["end"]) == (1900843200, 1900843200 + 1800)
    assert (rule["startTime"], rule["endTime"]) == ("2030/03/27 20:00:00", "2030/03/27 20:30:00")
    assert (rule["crontab"], rule["crontabDuration"], rule["repeatExpire"], rule["repeatExpireTime"]) == ("", 0, -1, "-1")
    assert rule["creator"].startswith("wsak_") and "emulator-key-a" not in str(rule)


def test_a_repeating_rule_carries_its_crontab_line_or_the_set(client):
    rule = client.ok("POST", BASE + "create", body=REPEAT)
    assert (rule["crontab"], rule["crontabDuration"], rule["repeatExpireTime"]) == ("0 2 * * 6", 7200, "0")
    client.control("POST", "config", {"mute_cron_form": "set", "mute_times": "epoch"})
    listed = client.ok("GET", BASE + "list")[0]
    assert listed["crontab"] == "" and listed["repeatCrontabSet"] == REPEAT["repeatCrontabSet"]
    assert "startTime" not in listed and "repeatExpireTime" not in listed


def test_list_pages_searches_by_name_newest_first(client):
    client.configure(mute_list_names=True)
    for number in range(12):
        client.ok("POST", BASE + "create", body=dict(ONCE, name="deploy web-%02d" % number))
    client.ok("POST", BASE + "create", body=dict(ONCE, name="other"))
    reply = client.get(BASE + "list", query={"search": "DEPLOY"})
    assert reply.json["pageInfo"] == {"count": 10, "pageIndex": 1, "pageSize": 10, "totalCount": 12}
    assert reply.content[0]["name"] == "deploy web-11" and "updatorInfo" in reply.content[0]
    assert len(client.ok("GET", BASE + "list", query={"pageSize": 100})) == 13
    assert client.get(BASE + "list", query={"pageSize": 101}).status == 400
    assert client.ok("GET", BASE + "list", key=KEY_B) == []


def test_modify_keeps_what_the_body_leaves_out_enable_disable_delete(client):
    rule = client.ok("POST", BASE + "create", body=dict(ONCE, description="kept"))
    path = BASE + rule["uuid"] + "/"
    body = {"timezone": "UTC", "type": "checker", "repeatTimeSet": 0,
            "startTime": "2030/03/27 12:00:00", "endTime": "2030/03/27 13:00:00"}
    modified = client.ok("POST", path + "modify", body=body)
    assert modified["description"] == "kept" and modified["timezone"] == "UTC" and modified["end"] == 1900843200 + 3600
    assert client.ok("POST", path + "disable") is True
    assert client.ok("GET", BASE + "list")[0]["status"] == 2
    client.control("POST", "config", {"mute_disabled_status": 1})
    client.ok("POST", path + "disable")
    assert client.ok("GET", BASE + "list")[0]["status"] == 1
    assert client.ok("POST", path + "enable") is True
    assert client.ok("GET", BASE + "list")[0]["status"] == 0
    assert client.ok("POST", path + "delete") == {}
    assert client.post(path + "delete").status == 404
    assert client.post(path + "enable").error_code == "ft.DataNotFound"
    assert client.control("GET", "mutes", query={"workspace": "wksp_emulator_a"}) == {"mutes": []}


@pytest.mark.parametrize("change, message", [
    ({"timezone": "Mars/Olympus"}, "timezone"),
    ({"timezone": None}, "timezone"),
    ({"type": "host"}, "type"),
    ({"repeatTimeSet": None}, "repeatTimeSet"),
    ({"startTime": "2030-03-27 20:00"}, "startTime"),
    ({"startTime": None}, "startTime"),
    ({"endTime": "2030/03/27 19:00:00"}, "endTime must be after"),
    ({"filterString": "x" * 2049}, "filterString"),
    ({"notifyMessage": "x" * 3001}, "notifyMessage"),
    ({"muteRanges": [{"name": "no uuid"}]}, "muteRanges"),
    ({"muteRanges": "all"}, "muteRanges"),
    ({"repeatTimeSet": 1}, "repeatCrontabSet"),
    ({"repeatTimeSet": 1, "repeatCrontabSet": REPEAT["repeatCrontabSet"], "crontabDuration": 0}, "crontabDuration"),
])
def test_create_refuses_what_the_pages_forbid(client, change, message):
    reply = client.post(BASE + "create", body=dict(ONCE, **change))
    assert reply.status == 400 and reply.error_code == "ft.ParamError" and message in reply.json["message"]
    assert client.ok("GET", BASE + "list") == []


def test_events_create_answers_true_and_keeps_the_event_as_get_shows_it(client):
    body = {"date": 1900843200000, "status": "info", "title": "Deploy", "message": "m", "customTags": {"service": "shop"}}
    assert client.ok("POST", "/api/v1/events/create", body=body) is True
    stored = client.control("GET", "events", query={"workspace": "wksp_emulator_a"})["events"]
    assert len(stored) == 1
    event = stored[0]
    assert event["__docid"].startswith("E_") and event["df_source"] == "custom" and event["df_title"] == "Deploy"
    assert (event["date"], event["df_status"], event["df_message"], event["service"]) == (1900843200000, "info", "m", "shop")
    assert client.ok("GET", "/api/v1/events/%s/get" % event["__docid"]) == event
    assert client.get("/api/v1/events/E_nope/get").status == 404
    assert client.control("GET", "events", query={"workspace": "wksp_emulator_b"}) == {"events": []}


@pytest.mark.parametrize("body", [{"status": "info", "title": "x"}, {"date": 1, "status": "fine", "title": "x"},
                                  {"date": 1, "status": "info"}, {"date": 1, "status": "info", "title": "x", "customTags": []}])
def test_events_create_refuses(client, body):
    assert client.post("/api/v1/events/create", body=body).status == 400


def test_requests_are_logged_with_their_route(client):
    client.control("POST", "requests/clear")
    rule = client.ok("POST", BASE + "create", body=ONCE)
    client.ok("POST", BASE + rule["uuid"] + "/delete")
    routes = [entry["route"] for entry in client.control("GET", "requests")["requests"]]
    assert routes == ["/api/v1/monitor/mute/create", "/api/v1/monitor/mute/{uuid}/delete"]
