"""Legacy mode (only the older singular routes) and the legacy object list."""

import pytest

from emulator_http import KEY_B, NO_BODY

SINGULAR = "/api/v1/dashboard/"
OBJECT_LIST = "/api/v1/object/%s/list"


@pytest.fixture
def legacy(client):
    client.configure(legacy=True)
    return client


def test_legacy_mode_serves_all_seven_dashboard_operations_on_the_singular_routes(legacy):
    created = legacy.ok("POST", SINGULAR + "create", body={"name": "Old style", "tagNames": ["t"]})
    uuid = created["uuid"]
    got = legacy.ok("GET", SINGULAR + uuid + "/get")
    assert got.pop("tag_info") == {uuid: created.pop("tag_info")} and got == created
    assert [item["uuid"] for item in legacy.ok("GET", SINGULAR + "list", query={"pageIndex": 1, "pageSize": 10})] == [uuid]
    assert legacy.ok("POST", SINGULAR + uuid + "/modify", body={"name": "Renamed"})["name"] == "Renamed"
    template = {"main": {"charts": [{"name": "c", "type": "sequence", "queries": []}]}}
    assert legacy.ok("POST", SINGULAR + uuid + "/import", body={"templateInfo": template})["uuid"] == uuid
    exported = legacy.ok("GET", SINGULAR + uuid + "/export")
    assert exported["title"] == "Renamed" and [chart["name"] for chart in exported["main"]["charts"]] == ["c"]
    assert legacy.ok("POST", SINGULAR + uuid + "/delete") == {uuid: "Renamed"}
    assert legacy.get(SINGULAR + uuid + "/get").status == 404


@pytest.mark.parametrize("method, path", [
    ("GET", "/api/v1/dashboards/list"),
    ("POST", "/api/v1/dashboards/create"),
    ("GET", "/api/v1/dashboards/dsbd_0123456789abcdef0123456789abcdef/get"),
    ("POST", "/api/v1/dashboards/dsbd_0123456789abcdef0123456789abcdef/delete"),
    ("POST", "/api/v1/df/query_data_v1"),
])
def test_legacy_mode_refuses_the_current_routes(legacy, method, path):
    reply = legacy.request(method, path, body={} if method == "POST" else NO_BODY)
    assert (reply.status, reply.error_code) == (400, "RouterNotFound")


def test_a_refused_route_carries_nothing_out(legacy):
    legacy.post("/api/v1/dashboards/create", body={"name": "never"})
    assert legacy.ok("GET", SINGULAR + "list") == []


def test_the_legacy_switch_goes_both_ways_without_losing_dashboards(client):
    uuid = client.create("Survivor")["uuid"]
    client.configure(legacy=True)
    assert client.ok("GET", SINGULAR + uuid + "/get")["name"] == "Survivor"
    client.configure(legacy=False)
    assert client.ok("GET", "/api/v1/dashboards/%s/get" % uuid)["name"] == "Survivor"


def test_legacy_flag_at_start_survives_a_reset(start_client):
    api = start_client(legacy=True)
    api.control("POST", "reset")
    assert api.control("GET", "config")["legacy"] is True
    assert api.get("/api/v1/dashboards/list").error_code == "RouterNotFound"


def test_the_object_list_answers_flat_objects_in_a_bare_array(legacy):
    reply = legacy.get(OBJECT_LIST % "HOST", query={"pageIndex": 1, "pageSize": 100})
    hosts = reply.content
    assert reply.json["pageInfo"] == {"count": 12, "pageIndex": 1, "pageSize": 100, "totalCount": 12}
    assert isinstance(hosts, list) and [host["name"] for host in hosts] == sorted(host["name"] for host in hosts)
    web = next(host for host in hosts if host["name"] == "web-01")
    assert (web["class"], web["os"], web["host"], web["num_cpu"]) == ("HOST", "linux", "web-01", 4)
    assert isinstance(web["last_update_time"], int) and "__docid" not in web


def test_the_object_list_pages_and_searches(legacy):
    pages = [legacy.get(OBJECT_LIST % "HOST", query={"pageIndex": index, "pageSize": 5}).json for index in (1, 2, 3)]
    assert [page["pageInfo"]["count"] for page in pages] == [5, 5, 2]
    assert len({host["name"] for page in pages for host in page["content"]}) == 12
    found = legacy.get(OBJECT_LIST % "HOST", query={"search": "WEB"}).content
    assert [host["name"] for host in found] == ["web-01", "web-02", "web-03"]


@pytest.mark.parametrize("query", [{"pageSize": 0}, {"pageSize": 101}, {"pageSize": ""}, {"pageIndex": ""}, {"pageIndex": 0}])
def test_the_object_list_refuses_bad_paging(legacy, query):
    reply = legacy.get(OBJECT_LIST % "HOST", query=query)
    assert (reply.status, reply.error_code) == (400, "ft.ParamError")


def test_the_object_list_serves_any_class_and_the_old_page_names(legacy):
    processes = legacy.get(OBJECT_LIST % "host_processes", query={"pageSize": 100}).content
    assert len(processes) == 20 and all(proc["name"] == "%s_%d" % (proc["host"], proc["pid"]) for proc in processes)
    assert legacy.get(OBJECT_LIST % "process", query={"pageSize": 100}).content == processes
    assert legacy.get(OBJECT_LIST % "host", query={"pageSize": 1}).json["pageInfo"]["totalCount"] == 12
    assert legacy.get(OBJECT_LIST % "host%5Fprocesses", query={"pageSize": 1}).json["pageInfo"]["totalCount"] == 20
    assert legacy.get(OBJECT_LIST % "docker_containers", query={"pageSize": 100}).json["pageInfo"]["totalCount"] == 6
    unknown = legacy.get(OBJECT_LIST % "no_such_class")
    assert (unknown.status, unknown.content, unknown.json["pageInfo"]["totalCount"]) == (200, [], 0)


def test_the_object_list_keeps_workspaces_apart(legacy):
    hosts = legacy.get(OBJECT_LIST % "HOST", key=KEY_B).content
    assert sorted(host["name"] for host in hosts) == ["b-db-01", "b-web-01"]


def test_the_object_list_needs_a_valid_key(legacy):
    assert legacy.get(OBJECT_LIST % "HOST", key="nope").error_code == "ft.InvalidAPIKey"


def test_legacy_routes_appear_in_the_request_log_by_template(legacy):
    uuid = legacy.ok("POST", SINGULAR + "create", body={"name": "logged"})["uuid"]
    legacy.get(SINGULAR + uuid + "/get")
    legacy.get(OBJECT_LIST % "HOST")
    routes = [entry["route"] for entry in legacy.requests_log()]
    assert routes == ["/api/v1/dashboard/create", "/api/v1/dashboard/{uuid}/get", "/api/v1/object/{class}/list"]
