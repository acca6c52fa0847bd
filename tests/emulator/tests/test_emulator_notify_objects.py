"""Notification targets as open-api/notify-object/*.md and Guance's Terraform provider show them (the pages
have no answer example), each variant behind its switch; and the monitor group routes that change groups."""

import pytest

from emulator_http import KEY_B

BASE = "/api/v1/notify_object/"
DINGTALK = {"type": "dingTalkRobot", "name": "ops DingTalk",
            "optSet": {"webhook": "https://oapi.dingtalk.com/robot/send?access_token=t0k3n", "secret": "SEC123"}}
# The keys of the provider's NotifyObjectContent.
KEYS = {"uuid", "type", "name", "optSet", "openPermissionSet", "permissionSet", "createAt", "updateAt", "workspaceUUID"}


def test_create_get_and_list_answer_the_providers_shape(client):
    target = client.ok("POST", BASE + "create", body=DINGTALK)
    assert set(target) == KEYS and target["uuid"].startswith("notify_") and target["optSet"] == DINGTALK["optSet"]
    assert client.ok("GET", BASE + "get", query={"notifyObjectUUID": target["uuid"]}) == target
    listed = client.ok("GET", BASE + "list", query={"search": "OPS"})
    assert listed == {"data": [target]}
    assert client.ok("GET", BASE + "list", key=KEY_B) == {"data": []}
    client.configure(notify_list_form="bare")
    assert client.ok("GET", BASE + "list") == [target]


@pytest.mark.parametrize("body, message", [
    (dict(DINGTALK, type="pager"), "type must be one of"),
    (dict(DINGTALK, optSet={"webhook": "https://x"}), "needs secret"),
    (dict(DINGTALK, name="n" * 129), "name must be"),
    ({"type": "sms", "name": "oncall"}, "optSet is required"),
])
def test_create_refuses_what_the_page_requires(client, body, message):
    reply = client.post(BASE + "create", body=body)
    assert reply.status == 400 and reply.error_code == "ft.ParamError" and message in reply.json["message"]


@pytest.mark.parametrize("form, shown", [
    ("shown", DINGTALK["optSet"]),
    ("hidden", {}),
    ("masked", {"webhook": "******", "secret": "******"}),
])
def test_secrets_are_shown_hidden_or_masked(client, form, shown):
    client.configure(notify_secrets=form)
    target = client.ok("POST", BASE + "create", body=DINGTALK)
    assert target["optSet"] == shown
    assert client.ok("GET", BASE + "get", query={"notifyObjectUUID": target["uuid"]})["optSet"] == shown
    stored = client.control("GET", "notify_objects", query={"workspace": "wksp_emulator_a"})["notify_objects"]
    assert stored[0]["optSet"] == DINGTALK["optSet"]


def test_modify_takes_the_uuid_in_the_body_and_keeps_the_type(client):
    target = client.ok("POST", BASE + "create", body=DINGTALK)
    modified = client.ok("POST", BASE + "modify", body={"notifyObjectUUID": target["uuid"], "name": "renamed", "type": "sms",
                                                        "permissionSet": ["wsAdmin"], "openPermissionSet": True})
    assert (modified["name"], modified["type"], modified["permissionSet"], modified["openPermissionSet"]) == (
        "renamed", "dingTalkRobot", ["wsAdmin"], True)
    assert modified["optSet"] == DINGTALK["optSet"]
    assert client.post(BASE + "modify", body={"notifyObjectUUID": "notify_0", "name": "x"}).status == 404
    assert client.post(BASE + "modify", body={"name": "x"}).status == 400


def test_get_of_an_unknown_uuid_is_a_404(client):
    reply = client.get(BASE + "get", query={"notifyObjectUUID": "notify_0"})
    assert reply.status == 404 and reply.error_code == "ft.DataNotFound"


@pytest.mark.parametrize("form, body, other", [
    ("list", lambda u: {"notifyObjectUUIDs": [u]}, lambda u: {"notifyObjectUUID": u}),
    ("single", lambda u: {"notifyObjectUUID": u}, lambda u: {"notifyObjectUUIDs": [u]}),
])
def test_delete_takes_the_body_form_of_its_switch(client, form, body, other):
    client.configure(notify_delete_form=form)
    target = client.ok("POST", BASE + "create", body=DINGTALK)
    assert client.post(BASE + "delete", body=other(target["uuid"])).status == 400
    assert client.ok("POST", BASE + "delete", body=body(target["uuid"])) is True
    assert client.post(BASE + "delete", body=body(target["uuid"])).status == 404
    assert client.get(BASE + "get", query={"notifyObjectUUID": target["uuid"]}).status == 404


def test_batch_delete_passes_unknown_uuids_over(client):
    target = client.ok("POST", BASE + "create", body=DINGTALK)
    assert client.ok("POST", BASE + "batch_delete", body={"notifyObjectUUIDs": [target["uuid"], "notify_0"]}) is True
    assert client.ok("GET", BASE + "list") == {"data": []}


def test_monitor_groups_are_created_renamed_and_deleted_their_monitors_moving_to_the_default(client):
    group = client.ok("POST", "/api/v1/monitor/group/create", body={"name": "Tomcat检测库", "alertOpt": {}})
    assert group["uuid"].startswith("monitor_") and group["type"] == "custom" and group["name"] == "Tomcat检测库"
    path = "/api/v1/monitor/group/%s/" % group["uuid"]
    assert client.ok("GET", path + "get")["name"] == "Tomcat检测库"
    assert client.ok("POST", path + "modify", body={"name": "Tomcat"})["name"] == "Tomcat"
    checker = client.ok("POST", "/api/v1/checker/add", body={"jsonScript": {"type": "simpleCheck", "title": "t"},
                                                             "monitorUUID": group["uuid"]})
    assert client.ok("POST", path + "delete") == {group["uuid"]: "Tomcat"}
    assert client.get(path + "get").status == 404
    listed = client.ok("GET", "/api/v1/checker/list")
    assert [c["monitorName"] for c in listed if c["uuid"] == checker["uuid"]] == ["默认分组"]


def test_the_default_group_is_not_deleted(client):
    default = client.ok("GET", "/api/v1/monitor/group/list")[0]
    reply = client.post("/api/v1/monitor/group/%s/delete" % default["uuid"])
    assert reply.status == 400 and reply.error_code == "ft.ParamError"
