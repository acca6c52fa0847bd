# -*- coding: utf-8 -*-
# Copyright: (c) 2026, guance.cloud maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The pure parts of alert policies: checking options, building alertTarget from names, the canonical form both
sides are compared in, and exports that name recipients instead of uuids."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy

import pytest

from ansible_collections.guance.cloud.plugins.module_utils import _alert_policies as ap
from ansible_collections.guance.cloud.plugins.module_utils import _resource as core
from ansible_collections.guance.cloud.plugins.module_utils._errors import OptionError

UUID_OF = {"targets": {"hook": "notify_1", "pager": "notify_2"}, "members": {"ann@x.io": "acnt_1"},
           "member_groups": {"DBA": "group_1"}}
NAME_OF = dict((who, dict((u, n) for n, u in names.items())) for who, names in UUID_OF.items())
RULES = [{"name": "day", "crontab": "0 9 * * *", "crontab_duration": 3600,
          "notify": [{"statuses": ["warning", "critical"], "targets": ["hook"], "members": ["ann@x.io"],
                      "escalations": [{"after": 600, "member_groups": ["DBA"]}]}]},
         {"notify": [{"statuses": ["error"], "filter": "host:web*", "targets": ["pager"]}]}]
MEMBER_RULES = [{"member_rules": [{"name": "dba", "member_groups": ["DBA"], "filter": "a:b", "notify": [
    {"statuses": ["critical"], "targets": ["hook"], "channels": ["email"],
     "escalations": [{"after": 60, "members": ["ann@x.io"], "channels": ["sms"]}]}]}]}]
# As list.md shows an item: bookkeeping and alertOpt keys no option sets.
ANSWER = {"uuid": "altpl_1", "name": "p", "ruleTimezone": "UTC", "score": 3, "refCountInfo": {"x": 1}, "ruleCount": 2,
          "notifyObjectName": {"notify_1": "hook"}, "declaration": {"a": "b"}, "createAt": 1, "updateAt": 2.5,
          "creator": "wsak_1", "updator": "wsak_1", "id": 4100, "status": 0, "deleteAt": -1,
          "alertOpt": {"silentTimeout": 60, "aggInterval": 0, "ignoreOK": False, "aggSendFirst": False,
                       "silentTimeoutByStatus": [], "alertTarget": []}}


def params(**changes):
    found = dict(name="p", timezone="Asia/Shanghai", silent_timeout=60, aggregation=None, alert_type=None, rules=None,
                 monitors=None, description=None)
    found.update(changes)
    return found


@pytest.mark.parametrize("changes, message", [
    (dict(name=None), "name or uuid is needed"),
    (dict(name="  "), "name must not be empty"),
    (dict(uuid="rul_1"), "uuid must be an alert policy's uuid"),
    (dict(timezone="Asia/Nowhere"), "no time zone"),
    (dict(timezone="+08:00"), "IANA"),
    (dict(silent_timeout=True), "silent_timeout"),
    (dict(aggregation={"interval": 1801}), "from 0 to 1800"),
    (dict(aggregation={"interval": -1}), "from 0 to 1800"),
    (dict(aggregation={"cluster_fields": ["df_host"]}), "aggregation.cluster_fields"),
    (dict(aggregation={"type": "byMagic"}), "aggregation.type"),
    (dict(aggregation={"every": 1}), "unknown keys every"),
    (dict(rules=["x"]), "rules[0] must be a dict"),
    (dict(rules=[{"notify": [{"targets": ["hook"]}]}]), "rules[0].notify[0].statuses is required"),
    (dict(rules=[{"notify": [{"statuses": ["ok"], "targets": ["hook"]}]}]), "unknown status ok"),
    (dict(rules=[{"notify": [{"statuses": ["error"], "targets": [""]}]}]), "list of non-empty names"),
    (dict(rules=[{"notify": [{"statuses": ["error"], "targets": ["h"], "tags": {"a": "b"}}]}]), "tags must map"),
    (dict(rules=[{"notify": [{"statuses": ["error"], "targets": ["h"], "escalations": [{"after": -5}]}]}]), "escalations[0].after"),
    (dict(rules=[{"crontab_duration": 1.5}]), "crontab_duration"),
    (dict(alert_type="member", rules=[{"notify": []}]), "recipients go under member_rules"),
    (dict(alert_type="member", rules=[{"member_rules": [{"notify": [{"statuses": ["error"], "channels": ["fax"]}]}]}]), "channels may hold"),
    (dict(monitors=[" "]), "monitors: every entry"),
])
def test_validate_refuses_bad_input_naming_the_option(changes, message):
    with pytest.raises(OptionError) as refused:
        ap.validate(params(**changes))
    assert message in refused.value.message


@pytest.mark.parametrize("changes", [
    {}, dict(name=None, uuid="altpl_1"), dict(timezone="UTC"), dict(aggregation={"interval": 1800, "fields": []}),
    dict(rules=RULES), dict(alert_type="member", rules=MEMBER_RULES), dict(monitors=["cpu", "rul_1"]), dict(timezone=None),
])
def test_validate_takes_good_input(changes):
    ap.validate(params(**changes))


def test_without_a_time_zone_database_the_shape_is_checked(monkeypatch):
    monkeypatch.setattr(ap, "zoneinfo", None)
    ap.check_timezone("Asia/Nowhere")
    with pytest.raises(OptionError):
        ap.check_timezone("shanghai")


def test_references_lists_each_name_once_by_kind():
    assert ap.references(RULES + MEMBER_RULES) == {"targets": ["hook", "pager"], "members": ["ann@x.io"], "member_groups": ["DBA"]}


def test_alert_target_puts_uuids_where_the_page_wants_them():
    assert ap.alert_target(RULES, UUID_OF, False) == [
        {"name": "day", "crontab": "0 9 * * *", "crontabDuration": 3600, "targets": [
            {"status": "warning,critical", "to": ["notify_1", "acnt_1"], "upgradeTargets": [{"to": ["group_1"], "duration": 600}]}]},
        {"targets": [{"status": "error", "to": ["notify_2"], "filterString": "host:web*"}]}]
    assert ap.alert_target(MEMBER_RULES, UUID_OF, True) == [{"alertInfo": [{
        "memberInfo": ["group_1"], "name": "dba", "filterString": "a:b", "targets": [
            {"status": "critical", "to": ["notify_1", "email"],
             "upgradeTargets": [{"to": ["acnt_1"], "toWay": ["sms"], "duration": 60}]}]}]}]


def test_canonical_ignores_order_of_recipients_and_statuses_and_extra_keys():
    sent = ap.alert_target(RULES, UUID_OF, False)
    answered = copy.deepcopy(sent)
    answered[0]["targets"][0].update(to=["acnt_1", "notify_1"], status="critical,warning", df_source="x", tags={})
    answered[1]["customDateUUIDs"] = []
    assert ap.canonical(answered) == ap.canonical(sent)
    answered[1]["targets"][0]["to"] = ["notify_1"]
    assert ap.canonical(answered) != ap.canonical(sent)


def test_bookkeeping_and_alert_opt_keys_no_option_sets_never_differ():
    wanted = ap.desired_state(params(timezone="UTC", rules=[], aggregation={"interval": 0}), UUID_OF)
    compared = core.compare(ap.current_state(ANSWER), wanted)
    assert compared.changed is False and compared.unverified == []
    more = dict(ANSWER, score=9, refCountInfo={}, ruleCount=0, updateAt=3, alertOpt=dict(ANSWER["alertOpt"], aggSendFirst=True))
    assert core.compare(ap.current_state(more), wanted).changed is False


def test_keys_the_answer_does_not_show_are_unverified_not_differing():
    compared = core.compare(ap.current_state(ANSWER), ap.desired_state(params(timezone="UTC", description="d", permission_set=["wsAdmin"])))
    assert compared.changed is False and compared.unverified == ["description", "permission_set"]


def test_the_monitors_link_is_compared_only_when_given():
    assert "monitors" not in ap.desired_state(params())
    compared = core.compare(ap.current_state(ANSWER, ["rul_1"]), ap.desired_state(params(timezone="UTC"), monitors=["rul_2", "rul_1"]))
    assert compared.differing == ["monitors"]


def test_the_body_keeps_what_the_server_showed_and_requires_aggregation_interval():
    body = ap.request_body(params(name=None, timezone=None, silent_timeout=None), dict(ANSWER, alertOpt={"silentTimeout": 5, "ignoreOK": True}),
                           None, ["rul_2", "rul_1"])
    assert body == {"name": "p", "ruleTimezone": "UTC", "alertOpt": {"silentTimeout": 5, "ignoreOK": True, "aggInterval": 0},
                    "checkerUUIDs": ["rul_1", "rul_2"]}
    created = ap.request_body(params(alert_type="status", description="", aggregation={"fields": ["CLUSTER"]}), None, [], None)
    assert created["alertOpt"] == {"silentTimeout": 60, "aggFields": ["CLUSTER"], "aggInterval": 0, "alertType": "status",
                                   "alertTarget": []} and created["desc"] == "" and "checkerUUIDs" not in created


@pytest.mark.parametrize("rules, member_type", [(RULES, False), (MEMBER_RULES, True)])
def test_the_export_names_recipients_and_applies_back_to_the_same_body(rules, member_type):
    sent = ap.alert_target(rules, UUID_OF, member_type)
    opt = {"alertType": "member" if member_type else "status", "alertTarget": sent, "silentTimeout": 60}
    exported = ap.export_item(dict(ANSWER, alertOpt=opt), NAME_OF)
    assert exported["rules"] == rules and "acnt_" not in str(exported) and "notify_" not in str(exported)
    assert ap.canonical(ap.alert_target(exported["rules"], UUID_OF, member_type)) == ap.canonical(sent)


def test_the_export_keeps_the_uuid_of_a_recipient_no_list_shows():
    opt = {"alertTarget": [{"targets": [{"status": "error", "to": ["notify_gone"]}]}]}
    assert ap.export_rules(opt, NAME_OF) == [{"notify": [{"statuses": ["error"], "targets": ["notify_gone"]}]}]
    assert ap.referenced_uuids(opt) == {"targets": {"notify_gone"}, "members": set(), "member_groups": set()}


def test_rules_without_alert_type_are_status_rules_and_turn_a_member_policy_back():
    member = dict(ANSWER, alertOpt=dict(ANSWER["alertOpt"], alertType="member"))
    wanted = ap.desired_state(params(timezone="UTC", rules=[]), UUID_OF)
    assert core.compare(ap.current_state(member), wanted).differing == ["alert_type"]
    assert ap.request_body(params(), member, [], None)["alertOpt"]["alertType"] == "status"
    assert "alertType" not in ap.request_body(params(), ANSWER, None, None)["alertOpt"]
