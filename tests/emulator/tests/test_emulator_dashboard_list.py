"""The dashboard list (paging, search, tags, order) and the switches that change how dashboards answer."""

import json

import pytest

from emulator_http import KEY_B

LIST = "/api/v1/dashboards/list"


def listing(client, **query):
    reply = client.get(LIST, query=query)
    assert reply.status == 200, reply.raw
    return reply.json


def test_the_list_is_a_bare_array_with_page_info_beside_it(client):
    client.create("only")
    answer = listing(client, pageIndex=1, pageSize=100)
    assert isinstance(answer["content"], list) and answer["content"][0]["name"] == "only"
    assert answer["pageInfo"] == {"count": 1, "pageIndex": 1, "pageSize": 100, "totalCount": 1}


def test_the_default_page_is_the_first_ten(client):
    for number in range(12):
        client.create("d%02d" % number)
    answer = listing(client)
    assert answer["pageInfo"] == {"count": 10, "pageIndex": 1, "pageSize": 10, "totalCount": 12}


def test_pages_cover_every_dashboard_once_and_the_last_page_is_short(client):
    created = {client.create("d%d" % number)["uuid"] for number in range(7)}
    pages = [listing(client, pageIndex=index, pageSize=3) for index in (1, 2, 3, 4)]
    assert [page["pageInfo"]["count"] for page in pages] == [3, 3, 1, 0]
    assert all(page["pageInfo"]["totalCount"] == 7 for page in pages)
    seen = [item["uuid"] for page in pages for item in page["content"]]
    assert sorted(seen) == sorted(created)


@pytest.mark.parametrize("query, fragment", [
    ({"pageSize": 0}, "pageSize must be between 1 and 100"),
    ({"pageSize": 101}, "pageSize must be between 1 and 100"),
    ({"pageSize": ""}, "pageSize must be an integer"),
    ({"pageSize": "ten"}, "pageSize must be an integer"),
    ({"pageIndex": 0}, "pageIndex must be at least 1"),
    ({"pageIndex": ""}, "pageIndex must be an integer"),
    ({"pageIndex": "1.5"}, "pageIndex must be an integer"),
    ({"tagNames": "[broken"}, "tagNames"),
    ({"tagNames": "[1, 2]"}, "tagNames must be an array of strings"),
])
def test_bad_list_parameters_are_param_errors(client, query, fragment):
    reply = client.get(LIST, query=query)
    assert (reply.status, reply.error_code) == (400, "ft.ParamError")
    assert fragment in reply.json["message"]


def test_page_size_100_is_allowed(client):
    assert listing(client, pageSize=100)["pageInfo"]["pageSize"] == 100


def test_newest_update_comes_first(client):
    first = client.create("first")["uuid"]
    second = client.create("second")["uuid"]
    third = client.create("third")["uuid"]
    assert [item["uuid"] for item in listing(client)["content"]] == [third, second, first]
    client.ok("POST", "/api/v1/dashboards/%s/modify" % first, body={"desc": "touched"})
    assert [item["uuid"] for item in listing(client)["content"]] == [first, third, second]


def test_search_is_a_case_insensitive_substring_of_the_name(client):
    for name in ("Hosts overview", "MySQL hosts", "Nginx"):
        client.create(name)
    assert sorted(item["name"] for item in listing(client, search="HOST")["content"]) == ["Hosts overview", "MySQL hosts"]
    assert listing(client, search="sql h")["pageInfo"]["totalCount"] == 1
    assert listing(client, search="absent")["content"] == []


@pytest.mark.parametrize("tag_names", [json.dumps(["prod"]), "prod", "prod,absent", json.dumps(["absent", "prod"]), " prod , ", ["absent", "prod"]])
def test_tag_names_as_json_text_or_comma_separated_match_any_tag(client, tag_names):
    client.create("tagged", tagNames=["prod", "web"])
    client.create("other", tagNames=["dev"])
    client.create("untagged")
    assert [item["name"] for item in listing(client, tagNames=tag_names)["content"]] == ["tagged"]


def test_tag_names_filter_combines_with_search(client):
    client.create("web prod", tagNames=["prod"])
    client.create("db prod", tagNames=["prod"])
    assert [item["name"] for item in listing(client, tagNames='["prod"]', search="web")["content"]] == ["web prod"]
    assert listing(client, tagNames="nothing")["content"] == []


def test_each_workspace_lists_only_its_own(client):
    client.create("in A")
    client.create("in B", key=KEY_B)
    assert [item["name"] for item in listing(client)["content"]] == ["in A"]
    assert [item["name"] for item in client.ok("GET", LIST, key=KEY_B)] == ["in B"]


TAG_FORMS = {
    "tag_info": lambda tags, uuid: {"tag_info": tags},
    "tagInfo": lambda tags, uuid: {"tagInfo": tags},
    "nested": lambda tags, uuid: {"tagInfo": {"tagInfo": tags}},
    "keyed": lambda tags, uuid: {"tag_info": {uuid: tags}},
}


@pytest.mark.parametrize("form", sorted(TAG_FORMS))
def test_tags_come_back_in_the_configured_form_in_every_answer(client, form):
    client.configure(tag_form=form)
    created = client.create("tagged", tagNames=["prod", "web"])
    uuid = created["uuid"]
    answers = [created, client.ok("GET", "/api/v1/dashboards/%s/get" % uuid), listing(client)["content"][0],
               client.ok("POST", "/api/v1/dashboards/%s/modify" % uuid, body={"desc": "x"}),
               client.ok("POST", "/api/v1/dashboards/%s/import" % uuid, body={"templateInfo": {}})]
    tags = client.ok("GET", "/api/v1/dashboards/%s/export" % uuid)["tagInfo"]
    assert [tag["name"] for tag in tags] == ["prod", "web"]
    expected = TAG_FORMS[form](tags, uuid)
    for answer in answers:
        assert {key: answer[key] for key in ("tag_info", "tagInfo") if key in answer} == expected


def test_by_default_each_answer_carries_tags_as_its_page_shows_them(client):
    # list.md and modify.md: {sceneInfo, tagInfo}; get.md: keyed by the uuid; create.md: a plain list;
    # import.md: tagInfo: [] whatever the tags are.
    created = client.create("tagged", tagNames=["prod", "web"])
    uuid = created["uuid"]
    tags = created["tag_info"]
    assert [tag["name"] for tag in tags] == ["prod", "web"]
    item = listing(client)["content"][0]
    assert item["tag_info"] == {"sceneInfo": [], "tagInfo": tags}
    assert client.ok("GET", "/api/v1/dashboards/%s/get" % uuid)["tag_info"] == {uuid: tags}
    assert client.ok("POST", "/api/v1/dashboards/%s/modify" % uuid, body={"desc": "x"})["tag_info"] == {"sceneInfo": [], "tagInfo": tags}
    imported = client.ok("POST", "/api/v1/dashboards/%s/import" % uuid, body={"templateInfo": {}})
    assert imported["tagInfo"] == [] and "tag_info" not in imported


def test_list_items_have_the_keys_of_the_list_example(client):
    client.create("shown")
    item = listing(client)["content"][0]
    example_keys = {"chartGroupPos", "chartPos", "createAt", "createdWay", "creator", "dashboardBindSet", "deleteAt",
                    "extend", "iconSet", "id", "isFavorite", "mapping", "name", "ownerType", "status", "tag_info", "type",
                    "updateAt", "updator", "updatorInfo", "uuid", "workspaceUUID"}
    assert example_keys <= set(item)


def test_delete_can_answer_true(client):
    client.configure(delete_answer=True)
    uuid = client.create("Plain")["uuid"]
    assert client.ok("POST", "/api/v1/dashboards/%s/delete" % uuid) is True


def test_duplicate_names_are_allowed_by_default(client):
    client.create("twin")
    client.create("twin")
    assert listing(client)["pageInfo"]["totalCount"] == 2


def test_unique_names_refuses_a_taken_name_on_create_and_rename(client):
    client.configure(unique_names=True)
    taken = client.create("taken")
    other = client.create("other")
    reply = client.post("/api/v1/dashboards/create", body={"name": "taken"})
    assert (reply.status, reply.error_code) == (400, "ft.ParamError") and "already exists" in reply.json["message"]
    reply = client.post("/api/v1/dashboards/%s/modify" % other["uuid"], body={"name": "taken"})
    assert (reply.status, reply.error_code) == (400, "ft.ParamError")
    assert client.ok("GET", "/api/v1/dashboards/%s/get" % other["uuid"])["name"] == "other"
    assert client.ok("POST", "/api/v1/dashboards/%s/modify" % taken["uuid"], body={"name": "taken", "desc": "same name"})["desc"] == "same name"
    assert client.create("taken", key=KEY_B)["name"] == "taken"
    assert client.create("Taken")["name"] == "Taken"
