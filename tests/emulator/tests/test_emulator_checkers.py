"""Monitors (checkers), monitor groups and alert policies, as open-api/checker/*.md, monitor/list.md and
alert-policy/list.md show them: each documented answer's shape, validation, switches, legacy routes."""

import copy

import pytest

from emulator_http import KEY_B

BASE = "/api/v1/checker/"
WORKSPACE_A = "wksp_emulator_a"
RULES = [{"conditionLogic": "and", "conditions": [{"alias": "Result", "operands": ["90"], "operator": ">="}], "status": "critical"}]
SCRIPT = {"type": "simpleCheck", "name": "CPU high", "title": "CPU of {{host}} is high", "message": "", "every": "5m",
          "interval": 300, "groupBy": ["host"], "recoverNeedPeriodCount": 2,
          "targets": [{"alias": "Result", "dql": "M::`cpu`:(AVG(`usage_total`)) BY `host`"}], "checkerOpt": {"rules": RULES}}
EXTEND = {"querylist": [{"datasource": "dataflux", "qtype": "dql", "query": {"q": "M::`cpu`:(AVG(`usage_total`)) BY `host`"}}],
          "rules": RULES}

# The keys of the documented answers.
CREATE_KEYS = {"alertPolicyUUIDs", "createAt", "createdWay", "creator", "crontabInfo", "declaration", "deleteAt", "extend", "id",
               "isLocked", "jsonScript", "monitorName", "monitorUUID", "refKey", "secret", "status", "tagInfo", "type", "updateAt",
               "updator", "uuid", "workspaceUUID"}
LIST_EXAMPLE_KEYS = {"createAt", "creator", "crontabInfo", "deleteAt", "extend", "id", "isSLI", "jsonScript", "monitorName",
                     "monitorUUID", "status", "type", "updateAt", "updator", "uuid", "workspaceUUID"}


def add(client, key=None, **fields):
    body = dict({"jsonScript": copy.deepcopy(SCRIPT), "extend": copy.deepcopy(EXTEND)}, **fields)
    options = {"key": key} if key else {}
    return client.ok("POST", BASE + "add", body=body, **options)


def setup_monitoring(client, workspace=WORKSPACE_A, groups=(), policies=()):
    return client.control("POST", "monitoring", {"workspace": workspace, "monitor_groups": list(groups), "alert_policies": list(policies)})


def test_add_answers_the_monitor_in_the_create_examples_shape(client):
    setup_monitoring(client, policies=["On call"])
    policy = client.ok("GET", "/api/v1/alert_policy/list")["data"][0]["uuid"]
    created = add(client, alertPolicyUUIDs=[policy], tags=["infra", "cpu", "infra"])
    assert CREATE_KEYS <= set(created)
    assert created["uuid"].startswith("rul_") and len(created["uuid"]) == 36
    assert created["alertPolicyUUIDs"] == [policy]
    assert [t["name"] for t in created["tagInfo"]] == ["cpu", "infra"]
    assert all(t["id"].startswith("tag_") for t in created["tagInfo"])
    assert created["monitorName"] == "默认分组" and created["monitorUUID"].startswith("monitor_")
    assert created["status"] == 0 and created["type"] == "trigger" and created["createdWay"] == "manual"
    assert created["crontabInfo"]["crontab"] == "*/5 * * * *"
    assert created["creator"].startswith("wsak_") and created["deleteAt"] == -1
    # The server's bookkeeping: empty defaults, and an id for each of the editor's queries.
    assert created["jsonScript"]["channels"] == [] and created["jsonScript"]["checkerOpt"]["infoEvent"] is False
    assert created["extend"]["funcName"] == "" and created["extend"]["querylist"][0]["uuid"]


def test_add_takes_the_title_as_name_when_the_name_is_left_out(client):
    script = dict(SCRIPT)
    del script["name"]
    assert client.ok("POST", BASE + "add", body={"jsonScript": script})["jsonScript"]["name"] == SCRIPT["title"]


@pytest.mark.parametrize("body, message", [
    ({}, "jsonScript is required"),
    ({"jsonScript": dict(SCRIPT, type="")}, "jsonScript.type"),
    ({"jsonScript": dict(SCRIPT, title="x" * 257)}, "jsonScript.title"),
    ({"jsonScript": SCRIPT, "monitorUUID": "monitor_0123456789abcdef0123456789abcdef"}, "no monitor group"),
    ({"jsonScript": SCRIPT, "alertPolicyUUIDs": ["altpl_0123456789abcdef0123456789abcdef"]}, "no alert policy"),
    ({"jsonScript": SCRIPT, "tags": "infra"}, "tags must be an array"),
    ({"jsonScript": SCRIPT, "extend": []}, "extend must be a JSON object"),
    ({"jsonScript": SCRIPT, "type": "other"}, "type must be one of"),
])
def test_add_refuses_what_the_page_does_not_allow(client, body, message):
    reply = client.post(BASE + "add", body=body)
    assert reply.status == 400 and reply.error_code == "ft.ParamError" and message in reply.json["message"], reply.raw
    assert client.ok("GET", BASE + "list") == []


def test_list_pages_filters_and_shows_the_whole_monitor(client):
    setup_monitoring(client, groups=["Infra"], policies=["On call"])
    group = [g for g in client.ok("GET", "/api/v1/monitor/group/list") if g["name"] == "Infra"][0]["uuid"]
    policy = client.ok("GET", "/api/v1/alert_policy/list")["data"][0]["uuid"]
    first = add(client, jsonScript=dict(SCRIPT, name="CPU high"), monitorUUID=group)
    second = add(client, jsonScript=dict(SCRIPT, name="Memory high"), alertPolicyUUIDs=[policy])
    reply = client.get(BASE + "list")
    assert reply.json["pageInfo"] == {"count": 2, "pageIndex": 1, "pageSize": 10, "totalCount": 2}
    assert [c["uuid"] for c in reply.content] == [second["uuid"], first["uuid"]]      # newest change first
    assert reply.content[1]["jsonScript"]["targets"] == SCRIPT["targets"] and reply.content[1]["monitorName"] == "Infra"

    def listed(**query):
        return [c["jsonScript"]["name"] for c in client.ok("GET", BASE + "list", query=query)]

    assert listed(search="cpu") == ["CPU high"]
    assert listed(checkerUUID="%s,%s" % (first["uuid"], "rul_other")) == ["CPU high"]
    assert listed(monitorUUID=group) == ["CPU high"]
    assert listed(alertPolicyUUID=policy) == ["Memory high"]
    assert listed(type="smartMonitor") == []
    assert listed(pageSize=1, pageIndex=2) == ["CPU high"]
    assert client.get(BASE + "list", query={"checkerUUID": ""}).status == 400
    assert client.get(BASE + "list", query={"pageSize": 101}).status == 400


def test_the_list_example_form_drops_what_the_list_example_lacks(client):
    add(client, tags=["infra"])
    client.configure(checker_list_form="example")
    assert set(client.ok("GET", BASE + "list")[0]) == LIST_EXAMPLE_KEYS


def test_modify_replaces_what_it_is_given_and_keeps_the_rest(client):
    created = add(client, tags=["infra"])
    script = dict(SCRIPT, checkerOpt={"rules": [dict(RULES[0], conditions=[dict(RULES[0]["conditions"][0], operands=["95"])])]})
    modified = client.ok("POST", BASE + created["uuid"] + "/modify", body={"jsonScript": script, "status": 2})
    assert modified["jsonScript"]["checkerOpt"]["rules"][0]["conditions"][0]["operands"] == ["95"]
    assert modified["status"] == 2 and [t["name"] for t in modified["tagInfo"]] == ["infra"]
    assert modified["extend"] == created["extend"] and modified["updateAt"] >= created["updateAt"]
    assert client.post(BASE + "rul_unknown/modify", body={"jsonScript": SCRIPT}).status == 404
    assert client.post(BASE + created["uuid"] + "/modify", body={"status": 1}).status == 400


def test_set_disable_delete_and_their_answers(client):
    created = add(client)
    assert client.ok("POST", BASE + "set_disable", body={"ruleUUIDs": [created["uuid"]], "isDisable": True}) is True
    assert client.ok("GET", BASE + "list")[0]["status"] == 2
    assert client.post(BASE + "set_disable", body={"ruleUUIDs": [created["uuid"]]}).status == 400
    assert client.ok("POST", BASE + "delete", body={"ruleUUIDs": [created["uuid"], "rul_gone"]}) is True
    assert client.ok("GET", BASE + "list") == []
    assert client.post(BASE + "delete", body={"ruleUUIDs": []}).status == 400


def test_export_answers_the_example_form_and_import_takes_it_back(client):
    created = add(client, tags=["infra"])
    client.ok("POST", BASE + "set_disable", body={"ruleUUIDs": [created["uuid"]], "isDisable": True})
    exported = client.ok("POST", BASE + "export", body={"checkers": [created["uuid"]]})["checkers"]
    assert set(exported[0]) == {"extend", "is_disable", "jsonScript", "monitorName"}
    assert exported[0]["is_disable"] is True and exported[0]["monitorName"] == "默认分组"
    client.configure(checker_export_form="full")
    full = client.ok("POST", BASE + "export", body={"checkers": [created["uuid"]]})["checkers"][0]
    assert [t["name"] for t in full["tagInfo"]] == ["infra"] and full["type"] == "trigger" and full["secret"] == ""
    assert client.post(BASE + "export", body={"checkers": ["rul_unknown"]}).status == 404

    # In workspace B: the same export creates the same monitor, which exports the same again.
    imported = client.ok("POST", BASE + "import", body={"checkers": exported}, key=KEY_B)["rule"]
    assert len(imported) == 1 and imported[0]["createdWay"] == "import" and imported[0]["status"] == 2
    again = client.ok("POST", BASE + "export", body={"checkers": [imported[0]["uuid"]]}, key=KEY_B)["checkers"]
    assert dict(again[0], tagInfo=None) == dict(full, tagInfo=None, secret=again[0]["secret"], type=again[0]["type"])


def test_import_reports_repeated_names_unless_told_to_skip(client):
    created = add(client)
    item = client.ok("POST", BASE + "export", body={"checkers": [created["uuid"]]})["checkers"][0]
    assert client.ok("POST", BASE + "import", body={"checkers": [item]}) == {"repeat_name": ["CPU high"]}
    skipped = client.ok("POST", BASE + "import", body={"checkers": [item], "skipRepeatNameCheck": True, "skipRepeatNameCreate": True})
    assert skipped == {"rule": []}
    twice = client.ok("POST", BASE + "import", body={"checkers": [item], "skipRepeatNameCheck": True})
    assert len(twice["rule"]) == 1 and len(client.ok("GET", BASE + "list")) == 2


def test_groups_and_policies_lists_follow_their_pages(client):
    setup_monitoring(client, groups=["Infra"], policies=["On call", "Quiet"])
    groups = client.get("/api/v1/monitor/group/list", query={"search": "infra"})
    assert [g["name"] for g in groups.content] == ["Infra"] and groups.json["pageInfo"]["totalCount"] == 1
    assert {"alertOpt", "config", "ruleCount", "type", "uuid"} <= set(groups.content[0])
    policies = client.get("/api/v1/alert_policy/list")
    assert set(policies.content) == {"data", "declaration"} and [p["name"] for p in policies.content["data"]] == ["On call", "Quiet"]
    assert all(p["uuid"].startswith("altpl_") for p in policies.content["data"])
    # Workspaces are apart: B has its own default group and no policies.
    assert client.ok("GET", "/api/v1/alert_policy/list", key=KEY_B)["data"] == []
    assert [g["name"] for g in client.ok("GET", "/api/v1/monitor/group/list", key=KEY_B)] == ["默认分组"]


def test_legacy_mode_serves_the_older_monitor_check_routes(client):
    client.configure(legacy=True)
    assert client.post(BASE + "add", body={"jsonScript": SCRIPT}).error_code == "RouterNotFound"
    created = client.ok("POST", "/api/v1/monitor/check/create", body={"jsonScript": SCRIPT})
    assert [c["uuid"] for c in client.ok("GET", "/api/v1/monitor/check/list")] == [created["uuid"]]
    assert client.ok("POST", BASE + created["uuid"] + "/modify", body={"jsonScript": SCRIPT})["uuid"] == created["uuid"]
    assert client.ok("POST", "/api/v1/monitor/check/delete", body={"ruleUUIDs": [created["uuid"]]}) is True
    client.configure(legacy=False)
    assert client.get("/api/v1/monitor/check/list").error_code == "RouterNotFound"


def test_control_routes_show_the_stored_monitors_and_refuse_bad_input(client):
    created = add(client)
    held = client.control("GET", "checkers", query={"workspace": WORKSPACE_A})["checkers"]
    assert [c["uuid"] for c in held] == [created["uuid"]] and held[0]["export"]["jsonScript"]["name"] == "CPU high"
    reply = client.request("POST", "/__emulator/monitoring", body={"workspace": "nope"}, key=None)
    assert reply.status == 400
    client.control("POST", "reset")
    assert client.control("GET", "checkers", query={"workspace": WORKSPACE_A})["checkers"] == []
