"""--state-file keeps every family's declared state across a restart, not only dashboards."""

import json

from emulator_http import KEY_B

WORKSPACE_A = {"workspace": "wksp_emulator_a"}
MUTE = {"type": "custom", "repeatTimeSet": 0, "timezone": "Asia/Shanghai", "startTime": "2026/01/02 00:00:00", "name": "quiet"}


def monitor_body(policy_uuid, group_uuid):
    return {"jsonScript": {"type": "simpleCheck", "title": "CPU high", "every": "5m"}, "tags": ["prod"],
            "alertPolicyUUIDs": [policy_uuid], "monitorUUID": group_uuid}


def test_dashboards_monitors_and_mute_rules_survive_a_restart(start_client, tmp_path):
    state_file = str(tmp_path / "state.json")
    first = start_client(state_file=state_file)
    monitoring = first.control("POST", "monitoring", dict(WORKSPACE_A, monitor_groups=["web"], alert_policies=["oncall"]))
    group = next(g for g in monitoring["monitor_groups"] if g["name"] == "web")
    dashboard = first.create("Kept board", tagNames=["prod"])
    monitor = first.ok("POST", "/api/v1/checker/add", body=monitor_body(monitoring["alert_policies"][0]["uuid"], group["uuid"]))
    mute = first.ok("POST", "/api/v1/monitor/mute/create", body=MUTE)
    first.ok("POST", "/api/v1/monitor/mute/%s/disable" % mute["uuid"])
    first.ok("POST", "/api/v1/events/create", body={"date": 1767225600000, "status": "ok", "title": "deployed"})
    first.ok("POST", "/api/v1/monitor/mute/create", body=dict(MUTE, name="in B"), key=KEY_B)
    seen = {
        "dashboards": first.ok("GET", "/api/v1/dashboards/list"),
        "monitors": first.ok("GET", "/api/v1/checker/list"),
        "groups": first.ok("GET", "/api/v1/monitor/group/list"),
        "policies": first.ok("GET", "/api/v1/alert_policy/list"),
        "mutes": first.ok("GET", "/api/v1/monitor/mute/list"),
        "mutes of B": first.ok("GET", "/api/v1/monitor/mute/list", key=KEY_B),
        "events": first.control("GET", "events", query=WORKSPACE_A),
        "exported": first.ok("POST", "/api/v1/checker/export", body={"checkers": [monitor["uuid"]]}),
    }
    first.stop()

    second = start_client(state_file=state_file)
    assert [d["uuid"] for d in seen["dashboards"]] == [dashboard["uuid"]]
    assert [m["uuid"] for m in seen["monitors"]] == [monitor["uuid"]]
    assert [m["uuid"] for m in seen["mutes"]] == [mute["uuid"]]
    assert {
        "dashboards": second.ok("GET", "/api/v1/dashboards/list"),
        "monitors": second.ok("GET", "/api/v1/checker/list"),
        "groups": second.ok("GET", "/api/v1/monitor/group/list"),
        "policies": second.ok("GET", "/api/v1/alert_policy/list"),
        "mutes": second.ok("GET", "/api/v1/monitor/mute/list"),
        "mutes of B": second.ok("GET", "/api/v1/monitor/mute/list", key=KEY_B),
        "events": second.control("GET", "events", query=WORKSPACE_A),
        "exported": second.ok("POST", "/api/v1/checker/export", body={"checkers": [monitor["uuid"]]}),
    } == seen
    # What comes after goes on from the restored counters: newer ids, newest first, the same tag ids.
    later = second.ok("POST", "/api/v1/checker/add", body={"jsonScript": {"type": "simpleCheck", "title": "later"}, "tags": ["prod"]})
    assert later["id"] > monitor["id"] and later["tagInfo"] == monitor["tagInfo"]
    assert second.create("Later board")["id"] > dashboard["id"]
    newer = second.ok("POST", "/api/v1/monitor/mute/create", body=dict(MUTE, name="newer"))
    second.configure(mute_list_names=True)
    assert [m["name"] for m in second.ok("GET", "/api/v1/monitor/mute/list")][0] == "newer"
    second.ok("POST", "/api/v1/monitor/mute/%s/delete" % newer["uuid"])


def test_the_state_file_is_written_whole_after_each_change(start_client, tmp_path):
    state_file = tmp_path / "state.json"
    api = start_client(state_file=str(state_file))
    mute = api.ok("POST", "/api/v1/monitor/mute/create", body=MUTE)
    saved = json.loads(state_file.read_text())["workspaces"]["wksp_emulator_a"]
    assert list(saved["mute_rules"]) == [mute["uuid"]]
    assert set(saved) >= {"tags", "dashboards", "monitoring", "mute_rules", "custom_events"}
    api.ok("POST", "/api/v1/monitor/mute/%s/delete" % mute["uuid"])
    assert json.loads(state_file.read_text())["workspaces"]["wksp_emulator_a"]["mute_rules"] == {}
    # Written to a temporary file, then renamed over the old one: no half-written file is ever read.
    assert [path.name for path in tmp_path.iterdir()] == ["state.json"]


def test_a_state_file_of_dashboards_only_still_loads(start_client, tmp_path):
    """A file written before monitors and mute rules were kept: they start empty, the dashboards come back."""
    state_file = tmp_path / "state.json"
    first = start_client(state_file=str(state_file))
    first.create("Old board")
    first.stop()
    state = json.loads(state_file.read_text())
    for saved in state["workspaces"].values():
        for name in list(saved):
            if name not in ("tags", "dashboards"):
                del saved[name]
    del state["seq"]
    state_file.write_text(json.dumps(state))
    second = start_client(state_file=str(state_file))
    assert [d["name"] for d in second.ok("GET", "/api/v1/dashboards/list")] == ["Old board"]
    assert second.ok("GET", "/api/v1/monitor/mute/list") == []
    assert [g["name"] for g in second.ok("GET", "/api/v1/monitor/group/list")] == ["默认分组"]
