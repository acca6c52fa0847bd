"""Alert policies as open-api/alert-policy/{list,get,add-v2,modify-v2,delete}.md show them, the links to monitors
that checkerUUIDs rewrites, each variant behind its switch; and the member and member group lists."""

import pytest

from emulator_http import KEY_B

BASE = "/api/v1/alert_policy/"
WS = "wksp_emulator_a"
OPT = {"silentTimeout": 21600, "aggInterval": 120, "aggFields": ["df_monitor_checker_id"], "alertTarget": []}
POLICY = {"name": "ops", "ruleTimezone": "Asia/Shanghai", "alertOpt": OPT}
MONITOR = {"jsonScript": {"type": "simpleCheck", "title": "cpu high"}}


def target(client, name="ops hook"):
    return client.ok("POST", "/api/v1/notify_object/create",
                     body={"type": "simpleHTTPRequest", "name": name, "optSet": {"url": "https://hooks.example/x"}})["uuid"]


def seed_people(client, workspace=WS):
    return client.control("POST", "members", body={
        "workspace": workspace, "members": [{"email": "ann@example.com", "name": "Ann"}, {"email": "bo@example.com", "name": "Bo"}],
        "member_groups": [{"name": "DBA", "members": ["ann@example.com"]}]})


def routed(notify_uuid, status="critical"):
    return dict(OPT, alertTarget=[{"name": "all day", "targets": [{"status": status, "to": [notify_uuid]}]}])


def test_add_get_list_and_delete_play_the_examples(client):
    hook = target(client)
    added = client.ok("POST", BASE + "add_v2", body=dict(POLICY, alertOpt=routed(hook), desc="d"))
    assert added["uuid"].startswith("altpl_") and added["alertOpt"] == routed(hook) and added["declaration"] == {}
    assert "desc" not in added and "checkerUUIDs" not in added and added["score"] == 0
    got = client.ok("GET", BASE + "%s/get" % added["uuid"])
    assert got["notifyObjectName"] == {hook: "ops hook"} and got["name"] == "ops"
    listed = client.ok("GET", BASE + "list", query={"search": "OP"})
    item = listed["data"][0]
    assert listed["declaration"] == {} and item["ruleCount"] == 0 and item["refCountInfo"] == {} and "notifyObjectName" not in item
    assert client.ok("GET", BASE + "list", key=KEY_B)["data"] == []
    assert client.ok("POST", BASE + "delete", body={"alertPolicyUUIDs": [added["uuid"]]}) is True
    assert client.post(BASE + "delete", body={"alertPolicyUUIDs": [added["uuid"]]}).status == 404
    assert client.get(BASE + "%s/get" % added["uuid"]).status == 404


@pytest.mark.parametrize("change, message", [
    ({"ruleTimezone": "Mars/Olympus"}, "ruleTimezone"),
    ({"ruleTimezone": None}, "ruleTimezone is required"),
    ({"alertOpt": dict(OPT, aggInterval=1801)}, "at most 1800"),
    ({"alertOpt": {"aggInterval": 0}}, "silentTimeout is required"),
    ({"alertOpt": dict(OPT, alertTarget=[{"targets": [{"status": "fatal", "to": ["notify_x"]}]}])}, "status"),
    ({"alertOpt": dict(OPT, alertTarget=[{"targets": [{"status": "error", "to": ["notify_0"]}]}])}, "notify_0"),
    ({"alertOpt": dict(OPT, alertType="team")}, "alertType"),
    ({"name": ""}, "name is required"),
    ({"checkerUUIDs": ["rul_0"]}, "checkerUUIDs"),
])
def test_add_refuses_what_the_page_forbids(client, change, message):
    reply = client.post(BASE + "add_v2", body=dict(POLICY, **change))
    assert reply.status == 400 and reply.error_code == "ft.ParamError" and message in reply.json["message"]


def test_members_and_groups_are_known_recipients_and_member_type_takes_email(client):
    people = seed_people(client)
    ann = next(m["uuid"] for m in people["members"] if m["email"] == "ann@example.com")
    dba = people["member_groups"][0]["uuid"]
    opt = dict(OPT, alertType="member", alertTarget=[{"alertInfo": [{"memberInfo": [dba], "targets": [
        {"status": "critical", "to": ["email"], "upgradeTargets": [{"to": [ann], "duration": 600, "toWay": ["email"]}]}]}]}])
    assert client.ok("POST", BASE + "add_v2", body=dict(POLICY, alertOpt=opt))["alertOpt"] == opt
    status_opt = dict(OPT, alertTarget=[{"targets": [{"status": "error", "to": ["email"]}]}])
    assert client.post(BASE + "add_v2", body=dict(POLICY, alertOpt=status_opt)).status == 400


def test_checker_uuids_rewrite_the_monitors_and_modify_without_them_keeps_the_links(client):
    policy = client.ok("POST", BASE + "add_v2", body=POLICY)["uuid"]
    first, second = (client.ok("POST", "/api/v1/checker/add", body=MONITOR)["uuid"] for unused in range(2))
    client.ok("POST", BASE + "%s/modify_v2" % policy, body={"ruleTimezone": "UTC", "checkerUUIDs": [first]})
    assert client.ok("GET", "/api/v1/checker/list", query={"alertPolicyUUID": policy})[0]["uuid"] == first
    client.ok("POST", BASE + "%s/modify_v2" % policy, body={"ruleTimezone": "UTC", "checkerUUIDs": [second]})
    assert [c["uuid"] for c in client.ok("GET", "/api/v1/checker/list", query={"alertPolicyUUID": policy})] == [second]
    assert client.ok("GET", BASE + "list")["data"][0]["ruleCount"] == 1
    client.ok("POST", BASE + "%s/modify_v2" % policy, body={"ruleTimezone": "UTC", "desc": "kept"})
    assert [c["uuid"] for c in client.ok("GET", "/api/v1/checker/list", query={"alertPolicyUUID": policy})] == [second]
    client.configure(policy_links_without_checkers="cleared")
    client.ok("POST", BASE + "%s/modify_v2" % policy, body={"ruleTimezone": "UTC"})
    assert client.ok("GET", "/api/v1/checker/list", query={"alertPolicyUUID": policy}) == []


def test_delete_takes_the_policy_off_its_monitors(client):
    policy = client.ok("POST", BASE + "add_v2", body=POLICY)["uuid"]
    monitor = client.ok("POST", "/api/v1/checker/add", body=dict(MONITOR, alertPolicyUUIDs=[policy]))["uuid"]
    client.ok("POST", BASE + "delete", body={"alertPolicyUUIDs": [policy]})
    assert client.ok("GET", "/api/v1/checker/list", query={"checkerUUID": monitor})[0]["alertPolicyUUIDs"] == []


def test_modify_replaces_what_it_is_given_and_needs_the_time_zone(client):
    policy = client.ok("POST", BASE + "add_v2", body=POLICY)["uuid"]
    assert client.post(BASE + "%s/modify_v2" % policy, body={"name": "x"}).status == 400
    assert client.post(BASE + "%s/modify_v2" % policy, body={"ruleTimezone": "UTC", "alertOpt": {"silentTimeout": 1}}).status == 400
    modified = client.ok("POST", BASE + "%s/modify_v2" % policy, body={"ruleTimezone": "UTC", "alertOpt": {"aggInterval": 0}})
    assert modified["alertOpt"] == {"aggInterval": 0} and modified["ruleTimezone"] == "UTC" and modified["name"] == "ops"
    assert client.post(BASE + "altpl_0/modify_v2", body={"ruleTimezone": "UTC"}).status == 404


def test_the_provider_answer_form_and_the_filled_alert_opt(client):
    client.configure(policy_answer_form="provider", policy_alert_opt_defaults="filled")
    added = client.ok("POST", BASE + "add_v2", body=dict(POLICY, desc="d", permissionSet=["wsAdmin"], openPermissionSet=True))
    assert (added["desc"], added["permissionSet"], added["openPermissionSet"], added["checkerUUIDs"]) == ("d", ["wsAdmin"], True, [])
    assert added["alertOpt"]["ignoreOK"] is False and added["alertOpt"]["aggSendFirst"] is False
    assert added["alertOpt"]["silentTimeout"] == 21600


@pytest.mark.parametrize("form", ["bare", "data"])
def test_member_and_group_lists_in_either_form(client, form):
    seed_people(client)
    client.configure(member_list_form=form, member_group_list_form=form)
    members = client.ok("GET", "/api/v1/workspace/members/list", query={"search": "ANN"})
    groups = client.ok("GET", "/api/v1/workspace/member_group/list")
    if form == "data":
        members, groups = members["data"], groups["data"]
    assert [(m["email"], m["name"]) for m in members] == [("ann@example.com", "Ann")] and members[0]["uuid"].startswith("acnt_")
    assert groups == [{"member_count": 1, "member_name_list": ["Ann"], "name": "DBA", "uuid": groups[0]["uuid"]}]
    assert client.ok("GET", "/api/v1/workspace/members/list", key=KEY_B) in ([], {"data": []})


def test_the_members_control_route_refuses_unknown_emails_in_groups(client):
    reply = client.request("POST", "/__emulator/members", body={"workspace": WS, "member_groups": [{"name": "x", "members": ["no@x"]}]})
    assert reply.status == 400
