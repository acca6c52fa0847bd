# -*- coding: utf-8 -*-
# Copyright: (c) 2026, guance.cloud maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Notification targets and monitor groups: the checks of each type, the comparable states, the bodies,
and secrets kept out of results, diffs and exports."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

import pytest

from ansible_collections.guance.cloud.plugins.module_utils import _notify_objects as no
from ansible_collections.guance.cloud.plugins.module_utils import _resource as core
from ansible_collections.guance.cloud.plugins.module_utils._client import Answer
from ansible_collections.guance.cloud.plugins.module_utils._errors import NotFoundError, OptionError, ParameterError

WEBHOOK = "https://oapi.dingtalk.com/robot/send?access_token=T0K3N-s3cr3t"
SECRET = "SEC-signing-s3cr3t"


def params(**given):
    base = dict(name="ops", uuid=None, state="present", type="dingTalkRobot", webhook=WEBHOOK, secret=SECRET, url=None,
                to=None, settings=None, permission_set=None, open_permission_set=None, send_unverified=False)
    base.update(given)
    return base


# Every type with the settings it needs, and one valid value of each.
VALID = [
    ("dingTalkRobot", dict(webhook=WEBHOOK, secret=SECRET)),
    ("feishuRobot", dict(webhook="https://open.feishu.cn/open-apis/bot/v2/hook/x", secret=SECRET)),
    ("wechatRobot", dict(webhook="https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k")),
    ("slackIncomingWebhook", dict(webhook="https://hooks.slack.com/services/T/B/x")),
    ("teamsWorkflowWebhook", dict(webhook="https://prod.westus.logic.azure.com/workflows/x")),
    ("googleChatWebhook", dict(webhook="https://chat.googleapis.com/v1/spaces/x/messages?key=k")),
    ("HTTPRequest", dict(url="https://hooks.example.com/alert")),
    ("simpleHTTPRequest", dict(url="http://10.0.0.1:8080/alert")),
    ("mailGroup", dict(to=["acnt_1", "acnt_2"])),
    ("sms", dict(to=["+8613800000000"])),
    ("vms", dict(to=["+8613800000000"])),
]


def typed(kind, settings, **more):
    return params(**dict(dict(type=kind, webhook=None, secret=None), **dict(settings, **more)))


@pytest.mark.parametrize("kind, settings", VALID)
def test_every_type_of_the_page_and_the_provider_takes_its_settings(kind, settings):
    no.validate(typed(kind, settings))
    assert set(no.TYPES[kind]) == set(settings)
    body = no.request_body(typed(kind, settings))
    assert body["type"] == kind and body["optSet"] == settings


@pytest.mark.parametrize("given, message", [
    (dict(type="pagerDuty"), r"^type must be one of dingTalkRobot, feishuRobot, googleChatWebhook, HTTPRequest.*got 'pagerDuty'"),
    (dict(type=None), "type must be one of"),
    (dict(name="n" * 129), "name must be at most 128 characters, got 129"),
    (dict(name=""), "name must be a non-empty string"),
    (dict(name="a\nb"), "without control characters"),
    (dict(name=None, uuid=None), "name or uuid is needed"),
    (dict(secret=None), "^a dingTalkRobot target needs secret$"),
    (dict(webhook="", secret=None), "needs webhook and secret"),
    (dict(type="mailGroup", webhook=None, secret=None), "a mailGroup target needs to"),
    (dict(type="sms", webhook=None, secret=None, to=[]), "a sms target needs to"),
    (dict(type="sms", webhook=None, secret=None, to=[" "]), "to must be a list of non-empty strings"),
    (dict(type="HTTPRequest", webhook=None, secret=None), "needs url"),
    (dict(to=["a"]), "takes webhook and secret, not to"),
    (dict(type="wechatRobot"), "takes webhook, not secret"),
    (dict(webhook="oapi.dingtalk.com/robot/send?access_token=T0K3N-s3cr3t"), r"webhook must be an http:// or https:// URL"),
    (dict(secret="{{ guance_notify_secrets[\"ops\"].secret }}"), "secret holds a template that was never filled in.*guance_notify_secrets"),
    (dict(settings={"webhook": "x"}), "settings must not hold webhook"),
])
def test_bad_input_is_refused_naming_the_option_and_never_quoting_a_secret(given, message):
    with pytest.raises(OptionError, match=message) as caught:
        no.validate(params(**given))
    assert "T0K3N" not in str(caught.value) and "s3cr3t" not in str(caught.value)


def test_state_absent_needs_no_settings():
    no.validate(params(state="absent", type=None, webhook=None, secret=None))


def test_desired_state_holds_the_managed_keys_sorting_what_is_a_set():
    given = params(type="mailGroup", webhook=None, secret=None, to=["b", "a"], settings={"lang": "zh"},
                   permission_set=["wsAdmin", "general"], open_permission_set=True)
    assert no.desired_state(given) == {"name": "ops", "type": "mailGroup", "to": ["a", "b"], "settings.lang": "zh",
                                       "permission_set": ["general", "wsAdmin"], "open_permission_set": True}
    assert set(no.desired_state(params())) == {"name", "type", "webhook", "secret"}


@pytest.mark.parametrize("opt, state", [
    ({"webhook": WEBHOOK, "secret": SECRET}, {"webhook": WEBHOOK, "secret": SECRET}),
    ({}, {}),
    ({"webhook": "******", "secret": "abc****"}, {}),
    ({"webhook": "", "secret": None}, {}),
    ({"to": ["b", "a"], "lang": "zh"}, {"to": ["a", "b"], "settings.lang": "zh"}),
])
def test_current_state_leaves_out_what_the_answer_does_not_show(opt, state):
    obj = {"uuid": "notify_1", "name": "ops", "type": "dingTalkRobot", "optSet": opt}
    assert no.current_state(obj) == dict(state, name="ops", type="dingTalkRobot")


def test_permissions_are_compared_only_where_shown():
    shown = no.current_state({"name": "a", "type": "sms", "permissionSet": ["b", "a"], "openPermissionSet": False})
    assert (shown["permission_set"], shown["open_permission_set"]) == (["a", "b"], False)
    assert "permission_set" not in no.current_state({"name": "a", "type": "sms"})


@pytest.mark.parametrize("opt, differing, unverified", [
    ({"webhook": WEBHOOK, "secret": SECRET}, [], []),
    ({"webhook": WEBHOOK + "x", "secret": SECRET}, ["webhook"], []),
    ({}, [], ["secret", "webhook"]),
    ({"webhook": "******", "secret": "******"}, [], ["secret", "webhook"]),
])
def test_secrets_are_compared_where_shown_and_unverified_where_not(opt, differing, unverified):
    obj = {"uuid": "notify_1", "name": "ops", "type": "dingTalkRobot", "optSet": opt}
    found = core.compare(no.current_state(obj), no.desired_state(params()))
    assert (found.differing, found.unverified) == (differing, unverified)


def test_modify_body_sends_optset_whole_keeping_settings_the_answer_showed():
    obj = {"uuid": "notify_1", "name": "ops", "type": "simpleHTTPRequest",
           "optSet": {"url": "******", "headersConfig": {"isOpen": False, "items": []}}}
    body = no.request_body(params(type="simpleHTTPRequest", webhook=None, secret=None, url="https://h.example/x",
                                  permission_set=["wsAdmin"]), obj)
    assert body == {"name": "ops", "optSet": {"url": "https://h.example/x", "headersConfig": {"isOpen": False, "items": []}},
                    "permissionSet": ["wsAdmin"]}


def test_a_target_of_another_type_is_an_error_not_a_change():
    with pytest.raises(OptionError, match="is a wechatRobot; Guance cannot change the type"):
        no.check_type({"uuid": "notify_1", "name": "ops", "type": "wechatRobot"}, params())


def test_public_hides_every_secret_an_answer_shows():
    obj = {"uuid": "notify_1", "optSet": {"webhook": WEBHOOK, "secret": SECRET, "url": "https://x/?token=T0K3N", "to": ["a"]}}
    shown = json.dumps(no.public(obj))
    assert "T0K3N" not in shown and "s3cr3t" not in shown and '"to": ["a"]' in shown
    assert no.public(obj)["optSet"]["webhook"] == no.HIDDEN and obj["optSet"]["webhook"] == WEBHOOK


@pytest.mark.parametrize("current, before, after", [
    (None, {}, {"name": "ops", "type": "dingTalkRobot", "webhook": no.HIDDEN, "secret": no.HIDDEN}),
    ({"name": "old", "type": "dingTalkRobot", "webhook": "https://other/", "secret": SECRET},
     {"name": "old", "type": "dingTalkRobot", "webhook": no.HIDDEN, "secret": no.HIDDEN},
     {"name": "ops", "type": "dingTalkRobot", "webhook": no.CHANGED, "secret": no.HIDDEN}),
])
def test_diffs_show_that_a_secret_changed_never_its_value(current, before, after):
    comparison = core.compare(current, no.desired_state(params()))
    shown = core.diff(*no.diff_states(comparison))
    assert no.diff_states(comparison) == (before, after)
    assert "T0K3N" not in str(shown) and "s3cr3t" not in str(shown)


def test_export_is_the_modules_form_with_a_placeholder_naming_the_variable():
    obj = {"uuid": "notify_1", "name": '运维 "DingTalk"', "type": "dingTalkRobot", "optSet": {"webhook": WEBHOOK, "secret": SECRET},
           "permissionSet": ["wsAdmin"], "openPermissionSet": True, "createAt": 1}
    item = no.export_item(obj)
    assert item == {"name": '运维 "DingTalk"', "type": "dingTalkRobot",
                    "webhook": '{{ guance_notify_secrets["运维 \\"DingTalk\\""].webhook }}',
                    "secret": '{{ guance_notify_secrets["运维 \\"DingTalk\\""].secret }}',
                    "permission_set": ["wsAdmin"], "open_permission_set": True}
    mail = no.export_item({"name": "dba", "type": "mailGroup", "optSet": {"to": ["acnt_1"], "lang": "zh"}})
    assert mail == {"name": "dba", "type": "mailGroup", "to": ["acnt_1"], "settings": {"lang": "zh"}}


class Client:
    """Answers by route from a script; records each call."""

    def __init__(self, **answers):
        self.answers = dict((k.replace("__", "."), list(v)) for k, v in answers.items())
        self.calls = []

    def request(self, route, path=None, query=None, body=None):
        self.calls.append((route, path, query, body))
        answer = self.answers[route].pop(0)
        if isinstance(answer, Exception):
            raise answer
        return Answer(answer, None)

    def paginate(self, route, path=None, query=None):
        self.calls.append((route, path, query, None))
        return iter(self.answers[route].pop(0))


def test_the_routes_address_the_uuid_in_the_query_and_the_body():
    client = Client(notify_objects__get=[{"uuid": "notify_1"}], notify_objects__modify=[{"uuid": "notify_1"}])
    core.get(client, no.NOTIFY_OBJECTS, "notify_1")
    core.send(client, no.NOTIFY_OBJECTS, "modify", uuid="notify_1", body={"name": "a"})
    assert client.calls == [("notify_objects.get", None, {"notifyObjectUUID": "notify_1"}, None),
                            ("notify_objects.modify", None, None, {"name": "a", "notifyObjectUUID": "notify_1"})]


def test_delete_sends_the_list_form_then_the_single_form_a_server_may_want_and_takes_404_as_gone():
    client = Client(notify_objects__delete=[ParameterError("notifyObjectUUID is required", status=400), True,
                                            NotFoundError("gone", status=404)])
    assert no.delete(client, "notify_1") is True
    assert [c[3] for c in client.calls] == [{"notifyObjectUUIDs": ["notify_1"]}, {"notifyObjectUUID": "notify_1"}]
    assert no.delete(client, "notify_1") is False


@pytest.mark.parametrize("name", ["默认分组", "Default"])
def test_both_names_of_the_default_group_find_the_workspaces_default_group(name):
    groups = [{"uuid": "monitor_1", "name": "Tomcat检测库", "type": "custom"}, {"uuid": "monitor_0", "name": "默认分组", "type": "default"}]
    client = Client(monitor_groups__list=[groups])
    assert no.find_group(client, name)["uuid"] == "monitor_0"
    assert client.calls[0][2]["search"] is None


def test_other_groups_are_found_by_exact_name():
    client = Client(monitor_groups__list=[[{"uuid": "monitor_1", "name": "Tomcat检测库", "type": "custom"},
                                           {"uuid": "monitor_2", "name": "Tomcat检测库-2", "type": "custom"}]])
    assert no.find_group(client, "Tomcat检测库")["uuid"] == "monitor_1"
    assert client.calls[0][2]["search"] == "Tomcat检测库"
    assert no.is_default_group({"type": "default"}) and not no.is_default_group({"type": "custom"})


@pytest.mark.parametrize("ref, search, uuid", [
    ("Default", None, "monitor_0"),
    ("默认分组", None, "monitor_0"),
    ("Tomcat检测库", "Tomcat检测库", "monitor_1"),
])
def test_resolve_group_takes_either_default_name_as_the_default_group(ref, search, uuid):
    groups = [{"uuid": "monitor_1", "name": "Tomcat检测库", "type": "custom"}, {"uuid": "monitor_0", "name": "Default", "type": "default"}]
    client = Client(monitor_groups__list=[groups])
    assert no.resolve_group(client, "monitor_group", ref) == uuid
    assert [c[2]["search"] for c in client.calls] == [search]


def test_an_unknown_group_is_refused_naming_the_option():
    client = Client(monitor_groups__list=[[{"uuid": "monitor_0", "name": "默认分组", "type": "default"}]])
    with pytest.raises(OptionError, match="^monitor_group: no monitor group is named 'Tomcat'"):
        no.resolve_group(client, "monitor_group", "Tomcat")


@pytest.mark.parametrize("server, file, same", [
    ("默认分组", "Default", True),
    ("Default", "默认分组", True),
    ("Default", "Default", True),
    ("Tomcat检测库", "Default", False),
])
def test_monitors_compare_the_default_group_by_either_name(server, file, same):
    from ansible_collections.guance.cloud.plugins.module_utils import _monitors
    current = _monitors.current_state({"jsonScript": {"name": "cpu", "type": "simpleCheck"}, "monitorName": server})
    desired = _monitors.desired_state({}, {"jsonScript": {"name": "cpu", "type": "simpleCheck"}, "monitorName": file})
    assert (current["monitor_group"] == desired["monitor_group"]) is same
