# -*- coding: utf-8 -*-
# Copyright: (c) 2026, guance.cloud maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The pure parts of _monitors (parsing, check types, normalising, states, bodies) and its families'
requests, against a client that answers from lists in memory."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import json
import os

import pytest

from ansible_collections.guance.cloud.plugins.module_utils import _monitors as m
from ansible_collections.guance.cloud.plugins.module_utils import _resource as core
from ansible_collections.guance.cloud.plugins.module_utils._client import Answer
from ansible_collections.guance.cloud.plugins.module_utils._notify_objects import MONITOR_GROUPS
from ansible_collections.guance.cloud.plugins.module_utils._errors import ConflictError, NotFoundError, OptionError

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "fixtures", "monitors")


def fixture(name):
    with open(os.path.join(FIXTURES, name)) as f:
        return json.load(f)


EXPORT = fixture("cpu_high.json")
ITEM = EXPORT["checkers"][0]
OPTIONS = dict(name=None, uuid=None, state="present", monitor=None, enabled=None, monitor_group=None,
               alert_policies=None, tags=None, lookup=True, send_unverified=False)


def options(**given):
    return dict(OPTIONS, **given)


def as_server_holds(item, **fields):
    """The item as a list answer shows it: the server's defaults and bookkeeping added, keys reordered."""
    item = copy.deepcopy(item)
    script = dict({"atAccounts": [], "atNoDataAccounts": [], "channels": [], "disableCheckEndTime": False,
                   "noDataTitle": "", "noDataMessage": ""}, **item["jsonScript"])
    script["checkerOpt"] = dict({"infoEvent": False}, **script.get("checkerOpt", {}))
    script.setdefault("name", script["title"])
    extend = dict({"funcName": "", "isNeedCreateIssue": False, "issueLevelUUID": "", "needRecoverIssue": False},
                  **item.get("extend", {}))
    extend["querylist"] = [dict(q, uuid="server-" + str(i)) for i, q in enumerate(extend.get("querylist", []))]
    held = {"uuid": "rul_" + "a" * 32, "id": 7, "createAt": 1, "updateAt": 2, "status": 0, "type": "trigger",
            "crontabInfo": {"crontab": "*/1 * * * *", "id": "cron-x"}, "monitorUUID": "monitor_" + "b" * 32,
            "monitorName": item.get("monitorName", "默认分组"), "alertPolicyUUIDs": [], "tagInfo": [],
            "jsonScript": dict(reversed(list(script.items()))), "extend": extend}
    held.update(fields)
    return held


# Parsing what the user gives.

@pytest.mark.parametrize("given", [
    ITEM, EXPORT, json.dumps(EXPORT), json.dumps(ITEM).encode("utf-8"), {"content": EXPORT},
], ids=["item", "export", "export as text", "item as bytes", "export answer"])
def test_a_monitor_is_taken_in_every_exported_form(given):
    assert m.parse_monitor(given) == ITEM


@pytest.mark.parametrize("given, message", [
    ("{not json", "not valid JSON"),
    ([ITEM], "got list"),
    ({"checkers": [ITEM, ITEM]}, "holds 2 monitors"),
    ({"checkers": []}, "holds 0 monitors"),
    ({"title": "a dashboard", "main": {}}, "keys main, title"),
    ({"jsonScript": dict(ITEM["jsonScript"], type="")}, "jsonScript.type must be a check type Guance knows: simpleCheck, "),
    ({"jsonScript": dict(ITEM["jsonScript"], type="simpelCheck")}, "(or a retired one: seniorCheck, mutationsCheck"),
    ({"jsonScript": dict(ITEM["jsonScript"], title=None)}, "jsonScript.title"),
    ({"jsonScript": dict(ITEM["jsonScript"], title="x" * 257)}, "at most 256"),
    ({"jsonScript": dict(ITEM["jsonScript"], name="", title="")}, "must name the monitor"),
    ({"jsonScript": ITEM["jsonScript"], "extend": []}, "extend must be a dict"),
    ({"jsonScript": ITEM["jsonScript"], "is_disable": "no"}, "is_disable must be a bool"),
])
def test_what_is_not_a_monitor_is_refused_naming_the_option(given, message):
    with pytest.raises(OptionError, match="monitor") as err:
        m.parse_monitor(given)
    assert message in str(err.value)


@pytest.mark.parametrize("given, message", [
    (dict(uuid="dsbd_" + "0" * 32), "uuid must be"),
    (dict(name="  "), "name must not be empty"),
    (dict(), "name, uuid or monitor is required"),
    (dict(name="x", state="absent", lookup=False), "only applies with state: present"),
    (dict(name="x", lookup=False), "lookup: false needs monitor"),
    (dict(name="x", alert_policies=["On call", " "]), "alert_policies"),
])
def test_options_that_cannot_mean_anything_are_refused(given, message):
    with pytest.raises(OptionError) as err:
        m.validate(options(**given))
    assert message in str(err.value)


def test_the_name_comes_from_the_option_then_jsonScript_name_then_the_title():
    untitled = copy.deepcopy(ITEM)
    del untitled["jsonScript"]["name"]
    assert m.desired_state(options(), ITEM)["name"] == "Host CPU usage too high"
    assert m.desired_state(options(name="Renamed"), ITEM)["name"] == "Renamed"
    assert m.desired_state(options(), untitled)["name"] == ITEM["jsonScript"]["title"]
    # A name alone identifies; only with a uuid does it rename.
    assert "name" not in m.desired_state(options(name="x"), None)
    assert m.desired_state(options(name="x", uuid="rul_1"), None) == {"name": "x"}


@pytest.mark.parametrize("given, item, expected", [
    ({}, ITEM, {"monitor_group": "默认分组", "enabled": True}),
    ({"monitor_group": "Infra", "enabled": False}, ITEM, {"monitor_group": "Infra", "enabled": False}),
    ({}, dict(ITEM, is_disable=True, monitorName=None, monitorUUID="monitor_" + "c" * 32),
     {"monitor_group": "monitor_" + "c" * 32, "enabled": False}),
    ({}, dict(ITEM, tagInfo=[{"id": "tag_1", "name": "b"}, {"name": "a"}]), {"tags": ["a", "b"]}),
    ({"tags": ["z", "z"]}, dict(ITEM, tagInfo=[{"name": "a"}]), {"tags": ["z"]}),
    ({"alert_policies": ["Quiet", "On call", "Quiet"]}, ITEM, {"alert_policies": ["On call", "Quiet"]}),
    ({"alert_policies": []}, dict(ITEM, alertPolicyUUIDs=["altpl_1"]), {"alert_policies": []}),
    ({}, dict(ITEM, alertPolicyUUIDs=["altpl_1"]), {"alert_policies": ["altpl_1"]}),
    ({"enabled": True}, None, {"enabled": True}),
], ids=["from the file", "options win", "group uuid, disabled", "tagInfo", "tags option", "policies",
        "no policies", "policies of the file", "enabled alone"])
def test_the_file_stands_for_left_out_options(given, item, expected):
    desired = m.desired_state(options(name="n", **given), item)
    assert dict((k, desired.get(k)) for k in expected) == expected
    for key in set(("alert_policies", "tags")) - set(expected):
        assert key not in desired


# Normalising both sides.

def test_a_monitor_as_the_server_holds_it_compares_equal_to_the_file():
    desired = m.desired_state(options(), ITEM)
    found = core.compare(m.current_state(as_server_holds(ITEM)), desired)
    assert (found.changed, found.unverified) == (False, [])
    assert found.before == found.after


def test_a_file_without_defaults_compares_equal_to_what_the_server_filled_in():
    bare = fixture("disk_full.json")
    held = as_server_holds(bare, tagInfo=[{"id": "tag_1", "name": "storage"}])
    assert core.compare(m.current_state(held), m.desired_state(options(), bare)).changed is False


@pytest.mark.parametrize("change", [
    lambda s: s["jsonScript"]["checkerOpt"]["rules"][0]["conditions"][0].update(operands=["95"]),
    lambda s: s["jsonScript"].update(every="5m"),
    lambda s: s["jsonScript"]["checkerOpt"].update(infoEvent=True),
    lambda s: s["jsonScript"]["targets"].append({"alias": "B", "dql": "M::x"}),
    lambda s: s["extend"]["querylist"][0]["query"].update(q="M::other"),
    lambda s: s.update(monitorName="Infra"),
    lambda s: s.update(status=2),
    lambda s: s.update(tagInfo=[{"name": "x"}]),
], ids=["threshold", "every", "a true flag", "a target", "an editor query", "group", "disabled", "tags"])
def test_every_real_difference_is_seen(change):
    held = as_server_holds(ITEM)
    change(held)
    assert core.compare(m.current_state(held), m.desired_state(options(tags=[]), ITEM)).differing


def test_keys_an_answer_lacks_are_unknown_not_different():
    held = as_server_holds(ITEM)
    del held["tagInfo"], held["alertPolicyUUIDs"]
    found = core.compare(m.current_state(held), m.desired_state(options(tags=["a"], alert_policies=["altpl_1"]), ITEM))
    assert (found.changed, found.unverified) == (False, ["alert_policies", "tags"])


def test_enabled_alone_needs_no_modify():
    assert m.needs_modify(["enabled"]) is False
    assert m.needs_modify(["enabled", "jsonScript"]) is True


@pytest.mark.parametrize("obj, tags, enabled", [
    ({"tagInfo": [{"id": "t", "name": "b"}, {"id": "u", "name": "a"}], "status": 0}, ["a", "b"], True),
    ({"tag_info": [{"name": "a"}], "status": 2}, ["a"], False),
    ({"tags": ["a", "a"], "is_disable": True}, ["a"], False),
    ({"is_disable": False, "status": 2}, None, True),
    ({}, None, True),
])
def test_tags_and_enabled_read_from_every_form(obj, tags, enabled):
    assert (m.tag_names(obj), m.is_enabled(obj)) == (tags, enabled)


# Request bodies.

def test_create_body_sends_the_file_as_given_with_the_name_and_the_resolved_uuids():
    desired = m.desired_state(options(name="New", tags=["b", "a"]), ITEM)
    body = m.create_body(ITEM, desired, "monitor_g", ["altpl_1"])
    assert body["jsonScript"] == dict(ITEM["jsonScript"], name="New")
    assert body["extend"] is ITEM["extend"]
    assert (body["monitorUUID"], body["alertPolicyUUIDs"], body["tags"]) == ("monitor_g", ["altpl_1"], ["a", "b"])
    assert "monitorUUID" not in m.create_body(ITEM, desired)


def test_modify_body_keeps_what_the_task_does_not_manage():
    held = as_server_holds(ITEM, alertPolicyUUIDs=["altpl_1"], tagInfo=[{"name": "kept"}])
    body = m.modify_body(held, None, {"name": "Renamed"})
    assert body["jsonScript"]["name"] == "Renamed" and body["jsonScript"]["every"] == "1m"
    assert (body["monitorUUID"], body["alertPolicyUUIDs"], body["tags"]) == (held["monitorUUID"], ["altpl_1"], ["kept"])
    assert body["extend"] == held["extend"]
    body = m.modify_body(held, ITEM, dict(m.desired_state(options(tags=[]), ITEM)), "monitor_new", [])
    assert (body["monitorUUID"], body["alertPolicyUUIDs"], body["tags"]) == ("monitor_new", [], [])
    assert body["extend"] is ITEM["extend"]


def test_predict_shows_the_monitor_as_it_would_be():
    held = as_server_holds(ITEM)
    desired = {"monitor_group": "Infra", "enabled": False}
    predicted = m.predict(held, {"tags": ["x"], "monitorUUID": "monitor_new"}, desired)
    assert (predicted["monitorName"], predicted["monitorUUID"], predicted["status"]) == ("Infra", "monitor_new", 2)
    assert m.with_extras(predicted)["tags"] == ["x"] and m.with_extras(predicted)["enabled"] is False
    assert m.with_extras(None) == {}


# The families: which requests they send.

class ListClient:
    """Answers the list routes from memory, paged as the server pages; records each request."""

    def __init__(self, monitors=(), groups=(), policies=()):
        self.monitors = list(monitors)
        self.groups = list(groups)
        self.policies = list(policies)
        self.sent = []

    def request(self, route, path=None, query=None, body=None):
        self.sent.append((route, dict(query or {}), body))
        if route == "checkers.export":
            return Answer({"checkers": [{"jsonScript": {"name": u}} for u in body["checkers"]]}, None)
        items = {"checkers.list": self.monitors, "monitor_groups.list": self.groups, "alert_policies.list": self.policies}[route]
        search = (query or {}).get("search")
        items = [i for i in items if not search or search in (i.get("name") or m.checker_name(i))]
        size, index = query.get("pageSize", 10), query.get("pageIndex", 1)
        page = items[(index - 1) * size:index * size]
        return Answer(page, {"count": len(page), "pageIndex": index, "pageSize": size, "totalCount": len(items)})

    def paginate(self, route, path=None, query=None, page_size=100):
        index = 1
        while True:
            answer = self.request(route, query=dict(query or {}, pageIndex=index, pageSize=page_size))
            yield from answer.content
            if index * page_size >= answer.page_info["totalCount"]:
                return
            index += 1


def monitors(count):
    return [{"uuid": "rul_%d" % i, "jsonScript": {"name": "monitor %04d" % i, "title": "t"}} for i in range(count)]


@pytest.mark.parametrize("kind", m.TYPES + m.RETIRED_TYPES)
def test_every_check_type_of_the_create_page_is_taken(kind):
    assert m.parse_monitor({"jsonScript": dict(ITEM["jsonScript"], type=kind)})["jsonScript"]["type"] == kind


def test_find_by_name_is_exact_and_refuses_two():
    client = ListClient(monitors(3) + [{"uuid": "rul_9", "jsonScript": {"name": "monitor 0001x", "title": "t"}}])
    assert core.find_by_name(client, m.CHECKERS, "monitor 0001")["uuid"] == "rul_1"
    assert core.find_by_name(client, m.CHECKERS, "monitor") is None
    client.monitors.append({"uuid": "rul_10", "jsonScript": {"name": "monitor 0001", "title": "t"}})
    with pytest.raises(ConflictError, match="rul_1, rul_10"):
        core.find_by_name(client, m.CHECKERS, "monitor 0001")


def test_a_monitor_by_uuid_is_one_filtered_list_request():
    client = ListClient(monitors(3))
    assert core.get(client, m.CHECKERS, "rul_1")["uuid"] == "rul_1"
    assert core.get(client, m.CHECKERS, "rul_7") is None
    assert [sent[1]["checkerUUID"] for sent in client.sent] == ["rul_1", "rul_7"]


def test_groups_and_policies_resolve_by_name_or_uuid_and_refuse_the_unknown():
    policy = {"uuid": "altpl_" + "1" * 32, "name": "On call"}
    client = ListClient(groups=[{"uuid": "monitor_" + "2" * 32, "name": "Infra"}],
                        policies=[policy, {"uuid": "altpl_" + "3" * 32, "name": "Quiet"}])
    assert core.resolve(client, MONITOR_GROUPS, "monitor_group", ["Infra"]) == ["monitor_" + "2" * 32]
    assert core.resolve(client, m.ALERT_POLICIES, "alert_policies", ["Quiet", "On call", "altpl_" + "1" * 32]) == [
        "altpl_" + "3" * 32, "altpl_" + "1" * 32, "altpl_" + "1" * 32]
    with pytest.raises(OptionError, match="alert_policies: no alert policy is named 'Nobody'"):
        core.resolve(client, m.ALERT_POLICIES, "alert_policies", ["On call", "Nobody"])


def test_delete_and_set_disable_take_the_uuid_in_the_body_and_a_404_is_gone_already():
    class Sent(ListClient):
        def request(self, route, path=None, query=None, body=None):
            self.sent.append((route, path, body))
            if body == {"ruleUUIDs": ["rul_gone"]}:
                raise NotFoundError("no such monitor", status=404)
            return Answer(True, None)
    client = Sent()
    assert core.delete(client, m.CHECKERS, "rul_1") is True and core.delete(client, m.CHECKERS, "rul_gone") is False
    core.set_enabled(client, m.CHECKERS, "rul_1", False)
    assert client.sent == [("checkers.delete", None, {"ruleUUIDs": ["rul_1"]}), ("checkers.delete", None, {"ruleUUIDs": ["rul_gone"]}),
                           ("checkers.set_disable", None, {"ruleUUIDs": ["rul_1"], "isDisable": True})]


def test_export_asks_for_100_monitors_at_a_time_in_order():
    client = ListClient()
    uuids = ["rul_%d" % i for i in range(250)]
    assert [x["jsonScript"]["name"] for x in m.export(client, uuids)] == uuids
    assert [len(sent[2]["checkers"]) for sent in client.sent] == [100, 100, 50]


def test_list_sends_the_filters_as_comma_separated_lists():
    client = ListClient()
    list(m.listing(client, search="cpu", uuids=["rul_1", "rul_2"], groups=["monitor_g"], policies=["altpl_p"], smart=True))
    query = client.sent[0][1]
    assert (query["checkerUUID"], query["monitorUUID"], query["alertPolicyUUID"], query["type"]) == ("rul_1,rul_2", "monitor_g", "altpl_p", "smartMonitor")
