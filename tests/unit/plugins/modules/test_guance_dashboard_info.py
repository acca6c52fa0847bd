# -*- coding: utf-8 -*-
# Copyright: (c) 2026, guance.cloud maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""guance_dashboard_info's main() against an in-memory dashboard list: filters, names, export."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import json

import pytest

from ansible_collections.guance.cloud.plugins.module_utils._client import Answer, GuanceClient
from ansible_collections.guance.cloud.plugins.module_utils._dashboards import stable_uuid
from ansible_collections.guance.cloud.plugins.module_utils._errors import NotFoundError
from ansible_collections.guance.cloud.plugins.modules import guance_dashboard_info

KEY = "sk-0123-do-not-leak-4567"  # conftest.KEY, the key run_module gives
CUSTOM = "dsbd_custom_" + "a1" * 16
WORKSPACE = "wksp_" + "0" * 32


def exported(name, charts=(), tags=()):
    """A template as the export route answers it, bookkeeping included."""
    return {
        "title": name, "summary": "", "dashboardExtend": {}, "dashboardMapping": [], "iconSet": {},
        "dashboardBindSet": [], "dashboardOwnerType": "node", "dashboardType": "CUSTOM", "thumbnail": "", "tags": [],
        "tagInfo": [{"id": "tag_%032d" % i, "name": t} for i, t in enumerate(tags)],
        "main": {"type": "template", "vars": [], "groups": [], "chartGroupPos": ["default"],
                 "charts": [dict(c, uuid="chrt_%032d" % i, chartGroupUUID="default",
                                 pos=dict(c.get("pos", {"x": 0, "y": 0, "w": 8, "h": 9}), i="chrt_%032d" % i))
                            for i, c in enumerate(charts)]},
    }


class FakeBoards(GuanceClient):
    """list, get and export of one workspace's dashboards; records each call and each list query."""

    def __init__(self, dashboards, page_size=100):
        super(FakeBoards, self).__init__("http://guance.invalid", KEY)
        self.dashboards = copy.deepcopy(dashboards)
        self.page_size = page_size
        self.calls = []
        self.queries = []
        self.gone = set()

    def request(self, route, path=None, query=None, body=None):
        operation = route.split(".", 1)[1]
        self.calls.append(operation)
        if operation == "list":
            self.queries.append(query)
            found = [d["object"] for d in self.dashboards if self._matches(d["object"], query)]
            start = (query["pageIndex"] - 1) * query["pageSize"]
            return Answer(copy.deepcopy(found[start:start + query["pageSize"]]), {"totalCount": len(found)}, 200, "t")
        if operation == "get" and route.startswith("workspace"):
            return Answer({"uuid": WORKSPACE, "name": "Workspace"}, None, 200, "t")
        match = [d for d in self.dashboards if d["object"]["uuid"] == path["uuid"] and d["object"]["uuid"] not in self.gone]
        if not match:
            raise NotFoundError("no dashboard %s" % path["uuid"], status=404, error_code="ft.DataNotFound")
        return Answer(copy.deepcopy(match[0]["object" if operation == "get" else "template"]), None, 200, "t")

    def paginate(self, route, path=None, query=None, page_size=None):
        return super(FakeBoards, self).paginate(route, path, query, page_size=self.page_size)

    @staticmethod
    def _matches(obj, query):
        tags = set(t["name"] for t in obj["tag_info"])
        return ((query.get("search") or "").lower() in obj["name"].lower()
                and (not query.get("tagNames") or tags & set(query["tagNames"])))


def board(name, uuid, tags=(), charts=()):
    obj = {"uuid": uuid, "name": name, "workspaceUUID": WORKSPACE,
           "tag_info": [{"id": "tag_%d" % i, "name": t} for i, t in enumerate(tags)]}
    return {"object": obj, "template": exported(name, charts, tags)}


CPU = {"name": "CPU", "type": "sequence", "group": {"name": None}, "extend": {},
       "queries": [{"qtype": "dql", "query": {"q": "M::cpu:(avg(usage))"}}]}
MEM = dict(CPU, name="Memory", pos={"x": 8, "y": 0, "w": 8, "h": 9})
BOARDS = [
    board("Hosts", CUSTOM, ["prod"], [MEM, CPU]),
    board("Hosts (old)", "dsbd_" + "1" * 32),
    board("Nginx", "dsbd_" + "2" * 32, ["prod", "web"]),
    board(u"性能 概览", "dsbd_" + "3" * 32, ["web"]),
]


@pytest.mark.parametrize("args, names, calls", [
    (dict(), ["Hosts", "Hosts (old)", "Nginx", u"性能 概览"], ["list"]),
    (dict(name="Hosts"), ["Hosts"], ["list"]),
    (dict(search="hosts"), ["Hosts", "Hosts (old)"], ["list"]),
    (dict(name="Nope"), [], ["list"]),
    (dict(tags=["web"]), ["Nginx", u"性能 概览"], ["list"]),
    (dict(uuid=CUSTOM), ["Hosts"], ["get"]),
    (dict(uuid="dsbd_custom_" + "0" * 32), [], ["get"]),
    (dict(check_mode=True), ["Hosts", "Hosts (old)", "Nginx", u"性能 概览"], ["list"]),
    # names: one search when the names hold the shortest one; else one page of the whole list, which holds them all.
    (dict(names=["Hosts", "Hosts (old)"]), ["Hosts", "Hosts (old)"], ["list"]),
    (dict(names=["Hosts (old)", "Nginx", "Nope"]), ["Hosts (old)", "Nginx"], ["list"]),
    (dict(names=["Hosts"], tags=["prod"]), ["Hosts"], ["list"]),
    (dict(names=["Hosts (old)"], tags=["prod"]), [], ["list"]),
    (dict(names=[]), [], []),
])
def test_lists_with_filters(run_module, args, names, calls):
    fake = FakeBoards(BOARDS)
    result = run_module(guance_dashboard_info, fake, **args)
    assert result["changed"] is False
    assert sorted(d["name"] for d in result["dashboards"]) == names
    assert fake.calls == calls
    assert all("template" not in d for d in result["dashboards"])


def test_names_search_each_name_with_the_tags_past_one_page_of_the_list(run_module):
    fake = FakeBoards(BOARDS + [board("Bulk %d" % i, "dsbd_%032d" % i, ["prod"]) for i in range(100)])
    result = run_module(guance_dashboard_info, fake, names=["Nginx", "Hosts", "Hosts (old)"], tags=["prod"])
    assert sorted(d["name"] for d in result["dashboards"]) == ["Hosts", "Nginx"]
    assert [(q.get("search"), q["tagNames"]) for q in fake.queries] == [(None, ["prod"]), ("Hosts", ["prod"]), ("Nginx", ["prod"])]


def test_each_dashboard_has_plain_tags(run_module):
    result = run_module(guance_dashboard_info, FakeBoards(BOARDS), name="Nginx")
    assert result["dashboards"][0]["tags"] == ["prod", "web"]


def test_every_page_is_read_and_each_dashboard_once(run_module):
    fake = FakeBoards([board("D%d" % i, "dsbd_%032d" % i) for i in range(5)], page_size=2)
    result = run_module(guance_dashboard_info, fake, names=["D1"])
    assert [d["name"] for d in result["dashboards"]] == ["D1"]
    assert fake.calls == ["list"]
    assert len(run_module(guance_dashboard_info, fake)["dashboards"]) == 5


def test_export_costs_one_request_per_dashboard_and_gives_templates_and_file_names(run_module):
    fake = FakeBoards(BOARDS)
    result = run_module(guance_dashboard_info, fake, export=True, export_omit_tags=["web"])
    assert fake.calls == ["list"] + ["export"] * 4
    by_name = dict((d["name"], d) for d in result["dashboards"])
    assert sorted(d["file_name"] for d in result["dashboards"]) == ["hosts-old.json", "hosts.json", "nginx.json", u"性能-概览.json"]
    hosts = by_name["Hosts"]["template"]
    assert list(hosts) == ["dashboardExtend", "dashboardMapping", "main", "summary", "tagInfo", "title"]
    assert hosts["tagInfo"] == [{"name": "prod"}]
    assert by_name["Nginx"]["template"]["tagInfo"] == [{"name": "prod"}]
    charts = hosts["main"]["charts"]
    assert [c["name"] for c in charts] == ["CPU", "Memory"]
    assert charts[0] == {"extend": {}, "group": {"name": None}, "name": "CPU", "pos": {"h": 9, "w": 8, "x": 0, "y": 0},
                         "queries": [{"qtype": "dql", "query": {"q": "M::cpu:(avg(usage))"}}], "type": "sequence"}
    assert "chartGroupPos" not in hosts["main"]


def test_export_by_uuid_and_a_dashboard_gone_before_its_export(run_module):
    fake = FakeBoards(BOARDS)
    result = run_module(guance_dashboard_info, fake, uuid=CUSTOM, export=True)
    assert fake.calls == ["get", "export"] and result["dashboards"][0]["file_name"] == "hosts.json"
    fake = FakeBoards(BOARDS)
    fake.gone.add(CUSTOM)  # listed, then deleted before its export
    result = run_module(guance_dashboard_info, fake, names=["Hosts", "Nginx"], export=True)
    assert [d["name"] for d in result["dashboards"]] == ["Nginx"]


def dump_templates(dashboards):
    return [json.dumps(d["template"], indent=2, ensure_ascii=False) for d in dashboards]


def test_export_again_gives_the_same_bytes(run_module):
    first = run_module(guance_dashboard_info, FakeBoards(BOARDS), export=True)["dashboards"]
    # Charts come back in another order and with new uuids: the file does not change.
    shuffled = copy.deepcopy(BOARDS)
    shuffled[0]["template"]["main"]["charts"].reverse()
    for i, chart in enumerate(shuffled[0]["template"]["main"]["charts"]):
        chart["uuid"] = chart["pos"]["i"] = "chrt_new%028d" % i
    second = run_module(guance_dashboard_info, FakeBoards(shuffled), export=True)["dashboards"]
    assert dump_templates(first) == dump_templates(second)


def test_stable_keys_give_the_uuids_guance_dashboard_derives(run_module):
    fake = FakeBoards(BOARDS)
    result = run_module(guance_dashboard_info, fake, tags=["web"], stable_keys=["web/a.json", "web/b.json"])
    assert fake.calls == ["list"]
    assert result["workspace_uuid"] == WORKSPACE
    assert result["stable_uuids"] == dict((k, stable_uuid(WORKSPACE, k)) for k in ["web/a.json", "web/b.json"])


def test_stable_keys_ask_for_the_workspace_when_no_dashboard_shows_it(run_module):
    fake = FakeBoards(BOARDS)
    result = run_module(guance_dashboard_info, fake, tags=["none"], stable_keys=["none/a.json"])
    assert fake.calls == ["list", "get"]
    assert result["stable_uuids"] == {"none/a.json": stable_uuid(WORKSPACE, "none/a.json")}


def test_without_stable_keys_the_workspace_is_what_the_answers_showed(run_module):
    fake = FakeBoards(BOARDS)
    assert run_module(guance_dashboard_info, fake)["workspace_uuid"] == WORKSPACE
    assert run_module(guance_dashboard_info, fake, tags=["none"])["workspace_uuid"] == ""
    assert fake.calls == ["list", "list"]


@pytest.mark.parametrize("args, words", [
    (dict(uuid="dsbd_bad"), ["uuid"]),
    (dict(uuid=CUSTOM, name="Hosts"), ["uuid", "name"]),
    (dict(names=["Hosts"], name="Hosts"), ["names", "name"]),
    (dict(names=["Hosts"], search="H"), ["names", "search"]),
    (dict(names=["Hosts", " "]), ["names", "non-empty"]),
    (dict(tags=[""]), ["tags", "non-empty"]),
    (dict(export_omit_tags=["x"]), ["export_omit_tags", "export: true"]),
    (dict(export=True, export_omit_tags=[""]), ["export_omit_tags", "non-empty"]),
    (dict(export="maybe"), ["export"]),
    (dict(stable_keys=["a", ""]), ["stable_keys", "non-empty"]),
])
def test_bad_input_fails_before_any_request(run_module, args, words):
    fake = FakeBoards(BOARDS)
    result = run_module(guance_dashboard_info, fake, **args)
    assert result["failed"] and all(w in result["msg"] for w in words), result["msg"]
    assert fake.calls == [] and KEY not in json.dumps(result)
