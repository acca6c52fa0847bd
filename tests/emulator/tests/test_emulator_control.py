"""The control API: request log, config, reset, load, the dashboards view, and the state file."""

import json
import time

import pytest

from emulator_http import KEY_A, KEY_B, names, rows

DEFAULT_CONFIG = {
    "legacy": False, "tag_form": "tag_info", "delete_answer": True, "unique_names": False, "invalid_key_status": 403,
    "success_error_code": "", "rate_limit": {"enabled": False, "per_key": 20, "per_workspace": 200, "window": 60},
}
# The monitors' switches (test_emulator_checkers.py).
DEFAULT_CONFIG.update(checker_list_form="full", checker_export_form="example")
# Lists shifting between pages (test_emulator_faults_limits.py).
DEFAULT_CONFIG.update(shifting_lists=False)
# DQL answers for objects: the cursor and the left wildcard (test_emulator_dql.py).
DEFAULT_CONFIG.update(search_after=True, left_wildcard=False)
# Mute rules: the cron form, the text times and the disabled status (test_emulator_mutes.py).
DEFAULT_CONFIG.update(mute_cron_form="crontab", mute_times="both", mute_disabled_status=2)
# Dashboards: tags and delete as the pages show them, and their other switches (test_emulator_dashboards.py).
DEFAULT_CONFIG.update(tag_form="documented", delete_answer="map", sparse_answers=False, export_bookkeeping=False,
                      specify_uuid="enforced", create_barrier=0)
# Lists shifting between pages (test_emulator_faults_limits.py).
DEFAULT_CONFIG.update(shifting_lists=False)
# Metric series: the no-data form, the order, the group tags and running queries (test_emulator_metrics.py).
DEFAULT_CONFIG.update(metric_no_data="no_series", metric_order="newest_first", metric_group_tags="tags", metric_running=0)
# Notification targets: the list form, the delete body and the secrets (test_emulator_notify_objects.py).
DEFAULT_CONFIG.update(notify_list_form="data", notify_delete_form="list", notify_secrets="shown")
# List content, mute names in lists, desc in get, unknown uuids in monitor delete (test_emulator_list_forms.py).
DEFAULT_CONFIG.update(list_content="bare", mute_list_names=False, dashboard_get_desc=True, checker_delete_unknown="ignored")
# Pipelines: the line break after base64 text and modify's source (test_emulator_pipelines.py).
DEFAULT_CONFIG.update(pipeline_base64_newline=True, pipeline_modify_source="held")
# Blacklists: the key of filter values and whether names are kept (test_emulator_blacklists.py).
DEFAULT_CONFIG.update(blacklist_values_key="value", blacklist_names="shown")
# Alert policies, members and member groups: answers, links, alertOpt defaults, list forms (test_emulator_alert_policies.py).
DEFAULT_CONFIG.update(policy_answer_form="example", policy_links_without_checkers="kept", policy_alert_opt_defaults="as_sent",
                      member_list_form="bare", member_group_list_form="bare")
TEMPLATE = {"main": {"charts": [{"name": "CPU", "type": "sequence", "queries": []}]}}


def test_the_request_log_records_each_api_request_exactly(client):
    started = time.time()
    uuid = client.create("logged")["uuid"]
    client.get("/api/v1/dashboards/list", query={"search": "log", "pageSize": 5, "tagNames": ["a", "b"]})
    client.get("/api/v1/dashboards/%s/get" % uuid)
    client.control("GET", "config")
    client.get("/nowhere", key="bad-key")
    client.get("/api/v1/dashboards/list", key="bad-key")
    client.dql("O::HOST", key=KEY_B)
    log = client.requests_log()
    times = [entry.pop("time") for entry in log]
    assert started <= times[0] and times == sorted(times) and times[-1] <= time.time()
    assert log == [
        {"seq": 1, "method": "POST", "path": "/api/v1/dashboards/create", "route": "/api/v1/dashboards/create",
         "query": {}, "status": 200, "workspace": "wksp_emulator_a"},
        {"seq": 2, "method": "GET", "path": "/api/v1/dashboards/list", "route": "/api/v1/dashboards/list",
         "query": {"search": "log", "pageSize": "5", "tagNames": ["a", "b"]}, "status": 200, "workspace": "wksp_emulator_a"},
        {"seq": 3, "method": "GET", "path": "/api/v1/dashboards/%s/get" % uuid, "route": "/api/v1/dashboards/{uuid}/get",
         "query": {}, "status": 200, "workspace": "wksp_emulator_a"},
        {"seq": 4, "method": "GET", "path": "/nowhere", "route": None, "query": {}, "status": 400, "workspace": None},
        {"seq": 5, "method": "GET", "path": "/api/v1/dashboards/list", "route": "/api/v1/dashboards/list",
         "query": {}, "status": 403, "workspace": None},
        {"seq": 6, "method": "POST", "path": "/api/v1/df/query_data_v1", "route": "/api/v1/df/query_data_v1",
         "query": {}, "status": 200, "workspace": "wksp_emulator_b"},
    ]
    text = json.dumps(client.control("GET", "requests"))
    assert KEY_A not in text and KEY_B not in text and "bad-key" not in text


def test_clearing_the_request_log_starts_it_over(client):
    client.get("/api/v1/dashboards/list")
    client.control("POST", "requests/clear")
    assert client.requests_log() == []
    client.get("/api/v1/dashboards/list")
    assert [entry["seq"] for entry in client.requests_log()] == [1]


def test_the_config_starts_at_the_documented_defaults(client):
    assert client.control("GET", "config") == DEFAULT_CONFIG


def test_a_config_change_is_partial_and_answers_the_whole_config(client):
    changed = client.configure(tag_form="keyed", rate_limit={"window": 0.5})
    expected = dict(DEFAULT_CONFIG, tag_form="keyed", rate_limit=dict(DEFAULT_CONFIG["rate_limit"], window=0.5))
    assert changed == expected and client.control("GET", "config") == expected


@pytest.mark.parametrize("change", [
    {"tag_form": "tags"}, {"legacy": 1}, {"legacy": "true"}, {"delete_answer": False}, {"delete_answer": "list"},
    {"unique_names": None}, {"invalid_key_status": 404}, {"invalid_key_status": "403"}, {"success_error_code": "ok"},
    {"rate_limit": True}, {"rate_limit": {"enabled": "yes"}}, {"rate_limit": {"per_key": 0}}, {"rate_limit": {"per_workspace": 1.5}},
    {"rate_limit": {"window": 0}}, {"rate_limit": {"window": True}}, {"rate_limit": {"burst": 3}}, {"no_such_switch": True},
    {"tag_form": "keyed", "legacy": "oops"}, [],
])
def test_a_bad_config_change_is_refused_whole(client, change):
    reply = client.post("/__emulator/config", body=change, key=None)
    assert reply.status == 400 and reply.json["error"]
    assert client.control("GET", "config") == DEFAULT_CONFIG


def test_reset_restores_the_start_up_state(client):
    client.create("gone")
    client.configure(tag_form="nested", legacy=True)
    client.control("POST", "faults", {"kind": "status", "path": ".*", "count": 5})
    client.control("POST", "load", {"workspaces": [{"uuid": "wksp_extra", "keys": ["extra-key"]}]})
    client.control("POST", "reset")
    assert client.control("GET", "config") == DEFAULT_CONFIG
    assert client.control("GET", "faults")["faults"] == []
    assert client.requests_log() == []
    assert client.ok("GET", "/api/v1/dashboards/list") == []
    assert client.get("/api/v1/dashboards/list", key="extra-key").error_code == "ft.InvalidAPIKey"


def test_reset_can_add_synthetic_hosts(client):
    client.control("POST", "reset", {"hosts": 3})
    assert sorted(name for name in names(client.dql("O::HOST")) if name.startswith("synthetic-")) == [
        "synthetic-host-00001", "synthetic-host-00002", "synthetic-host-00003"]
    client.control("POST", "reset")
    assert client.dql("O::HOST")["total_hits"] == 12


@pytest.mark.parametrize("body", [{"hosts": -1}, {"hosts": "3"}, {"hosts": True}, {"count": 3}, [3]])
def test_a_bad_reset_body_is_refused(client, body):
    reply = client.post("/__emulator/reset", body=body, key=None)
    assert reply.status == 400 and reply.json["error"]


def test_start_up_hosts_come_back_with_every_reset(start_client):
    api = start_client(hosts=50)
    assert api.dql("O::HOST")["total_hits"] == 62
    api.control("POST", "reset")
    assert api.dql("O::HOST")["total_hits"] == 62
    api.control("POST", "reset", {"hosts": 0})
    assert api.dql("O::HOST")["total_hits"] == 12


def test_load_adds_a_workspace_with_objects_and_dashboards(client):
    workspace = {
        "uuid": "wksp_loaded", "keys": ["loaded-key"],
        "objects": {"HOST": [{"name": "fresh", "os": "linux", "age_s": 60}, {"name": "stamped", "last_update_time": 1000}]},
        "custom_objects": {"team": [{"name": "sre", "size": 4}]},
        "dashboards": [{"name": "older", "tagNames": ["x"], "createAt": 100, "updateAt": 200, "templateInfo": TEMPLATE},
                       {"name": "newer", "uuid": "dsbd_loaded_fixed", "updateAt": 300}],
    }
    assert client.control("POST", "load", {"workspaces": [workspace]}) == {"ok": True, "workspaces": ["wksp_loaded"]}
    hosts = {row["name"]: row for row in rows(client.dql("O::HOST", key="loaded-key"))}
    assert abs(hosts["fresh"]["last_update_time"] - (time.time() - 60) * 1000) < 5000
    assert hosts["stamped"]["last_update_time"] == 1000 and hosts["fresh"]["class"] == "HOST"
    assert names(client.dql("CO::team", key="loaded-key")) == ["sre"]
    listed = client.ok("GET", "/api/v1/dashboards/list", key="loaded-key")
    assert [(item["name"], item["updateAt"]) for item in listed] == [("newer", 300), ("older", 200)]
    assert listed[0]["uuid"] == "dsbd_loaded_fixed" and listed[1]["createAt"] == 100
    exported = client.ok("GET", "/api/v1/dashboards/%s/export" % listed[1]["uuid"], key="loaded-key")
    assert exported["main"]["charts"][0]["name"] == "CPU" and listed[1]["chartPos"][0]["chartUUID"].startswith("chrt_")
    assert client.ok("GET", "/api/v1/dashboards/list") == [], "workspace A is untouched"


def test_load_replaces_a_workspace_and_its_keys(client):
    client.create("B's old dashboard", key=KEY_B)
    client.control("POST", "load", {"workspaces": [{"uuid": "wksp_emulator_b", "keys": ["new-b-key"],
                                                    "objects": {"HOST": [{"name": "replacement"}]}}]})
    assert client.get("/api/v1/dashboards/list", key=KEY_B).error_code == "ft.InvalidAPIKey"
    assert names(client.dql("O::HOST", key="new-b-key")) == ["replacement"]
    assert client.ok("GET", "/api/v1/dashboards/list", key="new-b-key") == []


@pytest.mark.parametrize("workspace, fragment", [
    ({"keys": ["k"]}, "needs a uuid"),
    ({"uuid": "w", "keys": "k"}, "keys of workspace w"),
    ({"uuid": "w", "keys": [""]}, "keys of workspace w"),
    ({"uuid": "w", "keys": [KEY_A]}, "already used by workspace wksp_emulator_a"),
    ({"uuid": "w", "objects": []}, "objects of workspace w"),
    ({"uuid": "w", "objects": {"HOST": {}}}, "class 'HOST' must be a list"),
    ({"uuid": "w", "objects": {"HOST": [{"os": "linux"}]}}, "needs a string name"),
    ({"uuid": "w", "objects": {"HOST": [{"name": "h", "age_s": "old"}]}}, "age_s of HOST 'h' must be a number"),
    ({"uuid": "w", "dashboards": {}}, "dashboards of workspace w"),
    ({"uuid": "w", "dashboards": [{"desc": "no name"}]}, "dashboard 0 of workspace w: name is required"),
    ({"uuid": "w", "dashboards": [{"name": "n", "uuid": "bad"}]}, "uuid must be a string starting with dsbd_"),
    ({"uuid": "w", "dashboards": [{"name": "n", "updateAt": "today"}]}, "updateAt must be a number"),
])
def test_a_bad_load_is_refused_and_changes_nothing(client, workspace, fragment):
    good = {"uuid": "wksp_good", "keys": ["good-key"]}
    reply = client.post("/__emulator/load", body={"workspaces": [good, workspace]}, key=None)
    assert reply.status == 400 and fragment in reply.json["error"], reply.json
    assert client.get("/api/v1/dashboards/list", key="good-key").error_code == "ft.InvalidAPIKey"
    assert client.ok("GET", "/api/v1/dashboards/list") == []


@pytest.mark.parametrize("body", [{}, {"workspaces": {}}, []])
def test_load_needs_a_list_of_workspaces(client, body):
    assert client.post("/__emulator/load", body=body, key=None).status == 400


def test_the_dashboards_view_shows_each_dashboard_with_its_template(client):
    client.configure(tag_form="tagInfo")
    created = client.create("Viewed", tagNames=["t"], templateInfo=TEMPLATE)
    client.create("In B", key=KEY_B)
    view = client.control("GET", "dashboards", query={"workspace": "wksp_emulator_a"})["dashboards"]
    assert len(view) == 1
    template = view[0].pop("template")
    # The view is the dashboard as a list shows it, tags always as tag_info: [{id, name}].
    assert view[0]["tag_info"] == created["tagInfo"] and view[0]["updatorInfo"]["username"] == "AK(%s)" % created["updator"]
    assert {key: view[0][key] for key in created if key != "tagInfo"} == {key: created[key] for key in created if key != "tagInfo"}
    assert template == client.ok("GET", "/api/v1/dashboards/%s/export" % created["uuid"])
    assert [item["name"] for item in client.control("GET", "dashboards", query={"workspace": "wksp_emulator_b"})["dashboards"]] == ["In B"]


@pytest.mark.parametrize("query", [None, {"workspace": ""}, {"workspace": "wksp_nowhere"}])
def test_the_dashboards_view_needs_a_known_workspace(client, query):
    reply = client.get("/__emulator/dashboards", query=query, key=None)
    assert reply.status == 400 and "workspace" in reply.json["error"]


def test_a_custom_seed_and_synthetic_hosts_in_its_first_workspace(start_client, tmp_path):
    seed = tmp_path / "seed.json"
    seed.write_text(json.dumps({"workspaces": [{"uuid": "wksp_mine", "keys": ["my-key"], "objects": {"HOST": [{"name": "h"}]}}]}))
    api = start_client(seed=str(seed), hosts=2)
    assert names(api.dql("O::HOST", key="my-key", orderby=[{"name": "asc"}])) == ["h", "synthetic-host-00001", "synthetic-host-00002"]
    assert api.get("/api/v1/dashboards/list").error_code == "ft.InvalidAPIKey"


def test_the_state_file_keeps_dashboards_across_restarts(start_client, tmp_path):
    state_file = str(tmp_path / "state.json")
    first = start_client(state_file=state_file)
    kept = first.create("Kept", tagNames=["t"], templateInfo=TEMPLATE)
    first.ok("POST", "/api/v1/dashboards/%s/modify" % kept["uuid"], body={"desc": "modified"})
    gone = first.create("Gone")
    first.ok("POST", "/api/v1/dashboards/%s/delete" % gone["uuid"])
    in_b = first.create("In B", key=KEY_B)
    exported = first.ok("GET", "/api/v1/dashboards/%s/export" % kept["uuid"])
    in_b_listed = first.ok("GET", "/api/v1/dashboards/list", key=KEY_B)
    kept_now = first.ok("GET", "/api/v1/dashboards/list")[-1]
    with open(state_file, encoding="utf-8") as handle:
        assert "Kept" in handle.read()
    first.stop()

    second = start_client(state_file=state_file)
    assert second.ok("GET", "/api/v1/dashboards/list") == [kept_now]
    assert second.ok("GET", "/api/v1/dashboards/%s/export" % kept["uuid"]) == exported
    assert second.ok("GET", "/api/v1/dashboards/list", key=KEY_B) == in_b_listed
    assert second.create("Next")["id"] > in_b["id"]
    assert second.create("Tagged", tagNames=["t"])["tag_info"] == kept["tag_info"]


def test_the_state_file_drops_dashboards_of_workspaces_the_seed_lacks(start_client, tmp_path):
    state_file = str(tmp_path / "state.json")
    first = start_client(state_file=state_file)
    first.control("POST", "load", {"workspaces": [{"uuid": "wksp_passing", "keys": ["passing-key"], "dashboards": [{"name": "Orphan"}]}]})
    first.create("Kept")
    first.stop()
    second = start_client(state_file=state_file)
    assert [item["name"] for item in second.ok("GET", "/api/v1/dashboards/list")] == ["Kept"]
    assert second.get("/api/v1/dashboards/list", key="passing-key").error_code == "ft.InvalidAPIKey"


def test_reset_empties_the_state_file(start_client, tmp_path):
    state_file = str(tmp_path / "state.json")
    first = start_client(state_file=state_file)
    first.create("Soon gone")
    first.control("POST", "reset")
    first.stop()
    assert start_client(state_file=state_file).ok("GET", "/api/v1/dashboards/list") == []


def test_a_loaded_dashboard_reaches_the_state_file(start_client, tmp_path):
    state_file = str(tmp_path / "state.json")
    first = start_client(state_file=state_file)
    first.control("POST", "load", {"workspaces": [{"uuid": "wksp_emulator_b", "keys": [KEY_B], "dashboards": [{"name": "Loaded"}]}]})
    first.stop()
    assert [item["name"] for item in start_client(state_file=state_file).ok("GET", "/api/v1/dashboards/list", key=KEY_B)] == ["Loaded"]
