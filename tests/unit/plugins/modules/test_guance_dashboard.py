# -*- coding: utf-8 -*-
# Copyright: (c) 2026, guance.cloud maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""guance_dashboard's main() through the harness (conftest.run_module): against an in-memory Guance
(FakeClient, driven from tables) and against the emulator (lost answers, sparse answers, diffs)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import json
import uuid as uuidlib

import pytest

from ansible_collections.guance.cloud.plugins.module_utils._client import Answer, GuanceClient
from ansible_collections.guance.cloud.plugins.module_utils._dashboards import stable_uuid
from ansible_collections.guance.cloud.plugins.module_utils._errors import (
    NotFoundError,
    OutcomeUnknownError,
    ParameterError,
    ServerError,
)
from ansible_collections.guance.cloud.plugins.modules import guance_dashboard
from ansible_collections.guance.cloud.tests.unit.conftest import KEY
from ansible_collections.guance.cloud.tests.unit.fixtures.dashboards.templates import as_server_exports, fixture

CUSTOM = "dsbd_custom_" + "a1" * 16
WORKSPACE = "wksp_0123456789abcdef0123456789abcdef"
STABLE = stable_uuid(WORKSPACE, "dashboards/hosts.json")
AUTHORED = fixture("hosts_authored.json")
NO_POS = fixture("nopos_authored.json")
POSTS = ("create", "modify", "delete", "import")
SPARSE = ("desc", "identifier", "isPublic", "permissionSet", "readPermissionSet")


class FakeClient(GuanceClient):
    """The dashboard routes of one workspace, in memory; records each call's operation."""

    def __init__(self, dashboards=(), page_size=100):
        super(FakeClient, self).__init__("http://guance.invalid", KEY)
        self.store = {}
        self.calls = []
        self.page_size = page_size
        self.lose_create_answer = False
        self.sparse = False
        self.before_create = None
        self.taken_elsewhere = set()
        self.clock = 1767225600
        for spec in dashboards:
            self._create(copy.deepcopy(spec))

    def request(self, route, path=None, query=None, body=None):
        if route == "workspace.get":
            self.calls.append("workspace")
            return Answer({"uuid": WORKSPACE, "name": "A"}, None, 200, "trace-w")
        operation = route.split(".", 1)[1]
        self.calls.append(operation)
        if operation == "create" and self.before_create:
            self.before_create()
        args = [path["uuid"]] if path else []
        args += [body] if operation in POSTS and operation != "delete" else []
        args += [query] if operation == "list" else []
        content, page_info = getattr(self, "_" + operation)(*args)
        if operation == "create" and self.lose_create_answer:
            raise OutcomeUnknownError("POST /api/v1/dashboards/create got no answer", status=503)
        return Answer(content, page_info, 200, "trace-1")

    def paginate(self, route, path=None, query=None, page_size=None):
        return super(FakeClient, self).paginate(route, path, query, page_size=self.page_size)

    def names(self):
        return sorted(d["name"] for d, t in self.store.values())

    def one(self, name):
        return next((d, t) for d, t in self.store.values() if d["name"] == name)

    def _tags(self, names):
        return [{"id": "tag_" + uuidlib.uuid5(uuidlib.NAMESPACE_OID, n).hex, "name": n} for n in sorted(set(names))]

    def _lookup(self, uuid):
        if uuid not in self.store:
            raise NotFoundError("no dashboard %s" % uuid, status=404, error_code="ft.DataNotFound")
        return self.store[uuid]

    def _shown(self, obj):
        return copy.deepcopy(dict((k, v) for k, v in obj.items() if not (self.sparse and k in SPARSE)))

    def _list(self, query):
        found = [d for d, t in self.store.values() if (query.get("search") or "") in d["name"]]
        start = (query["pageIndex"] - 1) * query["pageSize"]
        return [self._shown(d) for d in found[start:start + query["pageSize"]]], {"totalCount": len(found)}

    def _get(self, uuid):
        return self._shown(self._lookup(uuid)[0]), None

    def _export(self, uuid):
        obj, template = self._lookup(uuid)
        # summary stays the template's own (export.md): it is not the dashboard's desc.
        exported = dict(copy.deepcopy(template), title=obj["name"], tagInfo=obj["tag_info"],
                        dashboardExtend=obj["extend"], dashboardMapping=obj["mapping"], identifier=obj["identifier"])
        if self.sparse:
            del exported["identifier"]
        return exported, None

    def _create(self, body):
        uuid = body.get("specifyDashboardUUID") or "dsbd_" + uuidlib.uuid4().hex
        if uuid in self.store or uuid in self.taken_elsewhere:
            raise ParameterError("specifyDashboardUUID %s is already in use" % uuid, status=400, error_code="ft.ParamError")
        self.clock += 1
        obj = {"uuid": uuid, "name": body["name"], "desc": body.get("desc", ""), "identifier": body.get("identifier", ""),
               "extend": body.get("extend", {}), "mapping": body.get("mapping", []), "isPublic": body.get("isPublic", 1),
               "permissionSet": body.get("permissionSet", []), "readPermissionSet": body.get("readPermissionSet", []),
               "tag_info": self._tags(body.get("tagNames", [])), "createAt": self.clock,
               "updateAt": body.get("updateAt", self.clock), "workspaceUUID": WORKSPACE}
        template = body.get("templateInfo") or {"main": {"charts": [], "groups": [], "vars": []}}
        self.store[uuid] = (obj, as_server_exports(template, obj["name"], summary=template.get("summary", "")))
        return self._shown(obj), None

    def _modify(self, uuid, body):
        obj = self._lookup(uuid)[0]
        fields = dict((k, v) for k, v in body.items() if k != "tagNames")
        obj.update(fields, updateAt=obj["updateAt"] + 1)
        if "tagNames" in body:
            obj["tag_info"] = self._tags(body["tagNames"])
        self.modified = copy.deepcopy(body)
        return self._shown(obj), None

    def _import(self, uuid, body):
        obj = self._lookup(uuid)[0]
        self.store[uuid] = (obj, as_server_exports(body["templateInfo"], obj["name"], summary=body["templateInfo"].get("summary", "")))
        return None, None

    def _delete(self, uuid):
        self._lookup(uuid)
        del self.store[uuid]
        return True, None


@pytest.fixture
def apply(run_module):
    """apply(fake, check_mode=False, **options) -> the result of guance_dashboard's main() in diff mode, the fake's
    calls counted from this run on."""
    def run(fake, check_mode=False, **options):
        fake.calls = []
        return run_module(guance_dashboard, fake, check_mode=check_mode, diff=True, **options)
    return run


def shown(result):
    """The diff of a result as data (it is text, so that non-ASCII reads as written)."""
    return dict((side, json.loads(result["diff"][side])) for side in ("before", "after"))


def with_template(template, **fields):
    return dict(fields, templateInfo=template)


HOSTS = dict(name="Hosts", desc="All hosts", tagNames=["prod"])
CHANGED = copy.deepcopy(AUTHORED)
CHANGED["main"]["charts"][0]["name"] = "CPU busy"

# (id, dashboards there before, options, operations of the apply run); check mode makes the same
# reads and no POST. The second apply must make only the reads and report no change.
SCENARIOS = [
    ("create by name", [], dict(name="Hosts"), ["list", "create"]),
    ("create by name with template", [], dict(name="Hosts", template=AUTHORED, tags=["prod"]), ["list", "create"]),
    ("create with custom uuid", [], dict(uuid=CUSTOM, name="Hosts"), ["get", "create"]),
    ("create with custom uuid and template, export only", [], dict(uuid=CUSTOM, name="Hosts", template=AUTHORED), ["export", "create"]),
    ("unchanged by name", [HOSTS], dict(name="Hosts", tags=["prod"]), ["list"]),
    ("unchanged by name with template", [with_template(AUTHORED, **HOSTS)], dict(name="Hosts", template=AUTHORED), ["list", "export"]),
    ("unchanged by uuid", [dict(HOSTS, specifyDashboardUUID=CUSTOM)], dict(uuid=CUSTOM, description="All hosts"), ["get"]),
    ("unchanged by uuid with template, export only",
     [with_template(AUTHORED, specifyDashboardUUID=CUSTOM, **HOSTS)],
     dict(uuid=CUSTOM, name="Hosts", description="All hosts", tags=["prod"], extend={}, mapping=[], template=AUTHORED),
     ["export"]),
    ("unchanged by uuid with template and visibility",
     [with_template(AUTHORED, specifyDashboardUUID=CUSTOM, **HOSTS)],
     dict(uuid=CUSTOM, visibility="public", template=AUTHORED), ["get", "export"]),
    ("tags only", [with_template(AUTHORED, **HOSTS)], dict(name="Hosts", tags=["prod", "web"]), ["list", "modify"]),
    ("charts only", [with_template(AUTHORED, **HOSTS)], dict(name="Hosts", template=CHANGED), ["list", "export", "import"]),
    ("charts and description", [with_template(AUTHORED, **HOSTS)],
     dict(name="Hosts", description="Every host", template=CHANGED), ["list", "export", "modify", "import"]),
    ("template by uuid, export only", [with_template(AUTHORED, specifyDashboardUUID=CUSTOM, **HOSTS)],
     dict(uuid=CUSTOM, tags=["web"], template=CHANGED), ["export", "modify", "import"]),
    ("rename by uuid", [dict(HOSTS, specifyDashboardUUID=CUSTOM)], dict(uuid=CUSTOM, name="Hosts (old)"), ["get", "modify"]),
    ("visibility custom", [HOSTS], dict(name="Hosts", visibility="custom", edit_permissions=["wsAdmin"]), ["list", "modify"]),
    ("delete by name", [HOSTS], dict(name="Hosts", state="absent"), ["list", "delete"]),
    ("delete by uuid", [dict(HOSTS, specifyDashboardUUID=CUSTOM)], dict(uuid=CUSTOM, state="absent", template=AUTHORED), ["get", "delete"]),
    ("already absent by name", [], dict(name="Hosts", state="absent"), ["list"]),
    ("already absent by uuid", [], dict(uuid=CUSTOM, state="absent"), ["get"]),
    ("create without lookup", [], dict(name="Hosts", lookup=False), ["create"]),
    ("create without lookup, template and tags", [], dict(name="Hosts", template=AUTHORED, tags=["prod"], lookup=False), ["create"]),
    ("create without lookup, custom uuid", [], dict(uuid=CUSTOM, name="Hosts", template=AUTHORED, lookup=False), ["create"]),
    ("create by stable key", [], dict(stable_key="dashboards/hosts.json", name="Hosts", template=AUTHORED),
     ["list", "workspace", "get", "create"]),
    ("create by stable key, workspace given", [],
     dict(stable_key="dashboards/hosts.json", workspace_uuid=WORKSPACE, name="Hosts"), ["list", "get", "create"]),
    ("create by stable key, workspace learnt from the list", [dict(name="Hosts (old)")],
     dict(stable_key="dashboards/hosts.json", name="Hosts"), ["list", "get", "create"]),
    ("create by stable key without lookup", [], dict(stable_key="dashboards/hosts.json", name="Hosts", lookup=False),
     ["workspace", "create"]),
    ("unchanged by stable key", [dict(HOSTS, specifyDashboardUUID=STABLE)],
     dict(stable_key="dashboards/hosts.json", name="Hosts", tags=["prod"]), ["list"]),
    ("rename by stable key", [dict(HOSTS, specifyDashboardUUID=STABLE)],
     dict(stable_key="dashboards/hosts.json", name="Hosts overview"), ["list", "workspace", "get", "modify"]),
    ("stable key adopts a dashboard made by name", [HOSTS],
     dict(stable_key="dashboards/hosts.json", name="Hosts", tags=["prod"]), ["list", "get"]),
    ("delete by stable key", [dict(HOSTS, specifyDashboardUUID=STABLE)],
     dict(stable_key="dashboards/hosts.json", state="absent"), ["workspace", "get", "delete"]),
    ("template without positions", [], dict(name="Traces", template=NO_POS), ["list", "create"]),
    ("template without positions, found", [with_template(NO_POS, name="Traces")], dict(name="Traces", template=NO_POS),
     ["list", "export"]),
]


@pytest.mark.parametrize("there, options, operations", [s[1:] for s in SCENARIOS], ids=[s[0] for s in SCENARIOS])
def test_check_apply_check_apply(apply, there, options, operations):
    fake = FakeClient(there)
    reads = [op for op in operations if op not in POSTS]
    changes = [op for op in operations if op in POSTS]

    predicted = apply(fake, True, **options)
    assert fake.calls == reads
    applied = apply(fake, **options)
    assert fake.calls == operations
    assert predicted["changed"] == applied["changed"] == bool(changes)
    assert predicted["diff"] == applied["diff"]
    # A prediction holds what the task sets; the server may add more.
    for key in set(predicted["dashboard"]) & {"uuid", "name", "desc", "tags", "isPublic", "permissionSet"}:
        assert predicted["dashboard"][key] == applied["dashboard"][key]

    # Later runs look the dashboard up (lookup=False is only for a caller that has just found none).
    for check_mode in (True, False):
        again = apply(fake, check_mode, **dict(options, lookup=True))
        assert again["changed"] is False
        assert again["diff"]["before"] == again["diff"]["after"]
        assert fake.calls[-1] not in POSTS


def test_diff_holds_only_the_managed_fields(apply):
    fake = FakeClient([with_template(AUTHORED, **HOSTS)])
    result = apply(fake, name="Hosts", tags=["web", "prod", "web"])
    assert shown(result) == {"before": {"name": "Hosts", "tags": ["prod"]}, "after": {"name": "Hosts", "tags": ["prod", "web"]}}
    assert result["dashboard"]["tags"] == ["prod", "web"]
    assert fake.one("Hosts")[0]["desc"] == "All hosts"


def test_template_diff_is_the_normalised_main(apply):
    fake = FakeClient([with_template(AUTHORED, **HOSTS)])
    diff = shown(apply(fake, True, name="Hosts", template=json.dumps(CHANGED)))
    names = sorted(c["name"] for c in diff["after"]["template"]["charts"])
    assert "CPU busy" in names and "CPU usage" not in names
    assert "uuid" not in json.dumps(diff["before"]["template"])


def test_import_keeps_the_dashboards_name(apply):
    fake = FakeClient([with_template(AUTHORED, **HOSTS)])
    apply(fake, name="Hosts", template=CHANGED)
    assert fake.names() == ["Hosts"]
    assert fake.one("Hosts")[1]["title"] == "Hosts"


def test_rename_moves_the_name_and_keeps_the_uuid(apply):
    fake = FakeClient([dict(HOSTS, specifyDashboardUUID=CUSTOM)])
    result = apply(fake, uuid=CUSTOM, name="Renamed")
    assert (result["changed"], result["dashboard"]["uuid"], fake.names()) == (True, CUSTOM, ["Renamed"])
    assert shown(result) == {"before": {"name": "Hosts"}, "after": {"name": "Renamed"}}


def test_exact_name_only(apply):
    fake = FakeClient([dict(name="Hosts (old)"), dict(name="My Hosts")])
    assert apply(fake, True, name="Hosts")["changed"] is True
    assert fake.calls == ["list"]


def test_two_with_one_name_are_refused_listing_their_uuids(apply):
    fake = FakeClient([dict(name="Hosts"), dict(name="Hosts")])
    result = apply(fake, name="Hosts", tags=["x"])
    assert result["failed"] and "2 dashboards are named 'Hosts'" in result["msg"] and "keep_newest" in result["msg"]
    for uuid in fake.store:
        assert uuid in result["msg"]
    assert fake.calls == ["list"] and set(result) >= {"status", "error_code", "trace_id"}


def test_list_is_followed_page_by_page(apply):
    fake = FakeClient([dict(name="Hosts %d" % i) for i in range(5)] + [dict(name="Hosts")], page_size=2)
    assert apply(fake, name="Hosts")["changed"] is False
    assert fake.calls == ["list", "list", "list"]


# The description: get's desc, never the export's summary (the template's own)

@pytest.mark.parametrize("options, reads", [
    (dict(name="Hosts", description="All hosts"), ["list"]),
    (dict(name="Hosts", description="All hosts", template=AUTHORED), ["list", "export"]),
    (dict(uuid=CUSTOM, description="All hosts"), ["get"]),
    (dict(uuid=CUSTOM, description="All hosts", template=AUTHORED), ["export"]),
])
@pytest.mark.parametrize("desc_shown", [True, False])
def test_a_get_without_desc_does_not_cause_a_modify(apply, options, reads, desc_shown):
    # The template's summary says something else, as a real export's may: it is no reason to write.
    template = dict(AUTHORED, summary="A template for hosts")
    fake = FakeClient([with_template(template, specifyDashboardUUID=CUSTOM, **HOSTS)])
    fake.sparse = not desc_shown
    for unused in range(2):
        result = apply(fake, **options)
        assert result["changed"] is False and fake.calls == reads
    # The export-only reading never shows the description: unverified whatever get would show.
    unverified = not desc_shown or reads == ["export"]
    assert result["unverified"] == (["description"] if unverified else [])
    assert ("description" in result.get("warnings", [""])[0]) is unverified


def test_a_changed_description_is_seen_where_get_shows_desc_and_sent_with_other_changes_where_not(apply):
    fake = FakeClient([dict(HOSTS, specifyDashboardUUID=CUSTOM)])
    result = apply(fake, uuid=CUSTOM, description="Every host")
    assert result["changed"] and fake.modified == {"desc": "Every host"}
    fake.sparse = True
    assert apply(fake, uuid=CUSTOM, description="Changed again")["changed"] is False
    assert apply(fake, uuid=CUSTOM, description="Changed again", tags=["web"])["changed"] is True
    assert fake.modified == {"desc": "Changed again", "tagNames": ["web"]}


# Lost answers, races and duplicates

def test_lost_create_answer_is_resolved_by_reading_again(apply):
    fake = FakeClient()
    fake.lose_create_answer = True
    result = apply(fake, name="Hosts", template=AUTHORED)
    assert result["changed"] and fake.names() == ["Hosts"] and result["dashboard"]["name"] == "Hosts"
    assert fake.calls == ["list", "create", "list"]


def test_lost_create_answer_by_uuid_reads_by_uuid(apply):
    fake = FakeClient()
    fake.lose_create_answer = True
    assert apply(fake, uuid=CUSTOM, name="Hosts")["dashboard"]["uuid"] == CUSTOM
    assert fake.calls == ["get", "create", "get"]


def test_create_that_did_not_happen_is_reported(apply, monkeypatch):
    fake = FakeClient()
    fake.lose_create_answer = True
    monkeypatch.setattr(fake, "_create", lambda body: (None, None))
    result = apply(fake, name="Hosts")
    assert result["failed"] and result["status"] == 503 and "got no answer" in result["msg"]
    assert fake.calls == ["list", "create", "list"]


def test_without_lookup_a_dashboard_that_exists_after_all_is_doubled(apply):
    # The documented danger of lookup=False: Guance allows two dashboards with one name.
    fake = FakeClient([HOSTS])
    result = apply(fake, name="Hosts", lookup=False)
    assert (result["changed"], shown(result)["before"], fake.calls, fake.names()) == (True, {}, ["create"], ["Hosts", "Hosts"])
    assert apply(fake, name="Hosts")["failed"]


def test_lost_create_answer_without_lookup_is_resolved_by_reading_again(apply):
    fake = FakeClient()
    fake.lose_create_answer = True
    assert apply(fake, name="Hosts", lookup=False)["dashboard"]["name"] == "Hosts"
    assert fake.calls == ["create", "list"] and fake.names() == ["Hosts"]


def test_delete_of_one_gone_meanwhile_is_fine(apply, monkeypatch):
    fake = FakeClient([HOSTS])
    monkeypatch.setattr(fake, "_delete", lambda uuid: fake._lookup("dsbd_gone"))
    assert apply(fake, name="Hosts", state="absent")["changed"] is True


BY_KEY = dict(stable_key="dashboards/hosts.json", name="Hosts", tags=["prod"])


def test_a_create_lost_to_a_parallel_run_finds_the_winner_and_brings_it_in_line(apply):
    fake = FakeClient()
    # The other run's create lands between this run's lookups and its create.
    fake.before_create = lambda: (setattr(fake, "before_create", None),
                                  fake._create(dict(name="Hosts", tagNames=["old"], specifyDashboardUUID=STABLE)))
    result = apply(fake, **BY_KEY)
    assert fake.calls == ["list", "workspace", "get", "create", "get", "modify"]
    assert (result["changed"], result["dashboard"]["uuid"], fake.names()) == (True, STABLE, ["Hosts"])
    assert shown(result) == {"before": {"name": "Hosts", "tags": ["old"]}, "after": {"name": "Hosts", "tags": ["prod"]}}


def test_a_create_lost_to_an_identical_run_changes_nothing_more(apply):
    fake = FakeClient()
    fake.before_create = lambda: (setattr(fake, "before_create", None),
                                  fake._create(dict(name="Hosts", tagNames=["prod"], specifyDashboardUUID=STABLE)))
    assert apply(fake, **BY_KEY)["changed"] is False
    assert fake.calls == ["list", "workspace", "get", "create", "get"] and fake.names() == ["Hosts"]


def test_a_derived_uuid_taken_where_this_key_cannot_see_it_is_a_clear_error(apply):
    fake = FakeClient()
    fake.taken_elsewhere.add(STABLE)
    result = apply(fake, **BY_KEY)
    assert result["failed"] and STABLE in result["msg"] and "stable_key" in result["msg"] and "ft.ParamError" in result["msg"]
    assert fake.calls == ["list", "workspace", "get", "create", "get"] and fake.names() == []


def test_a_server_that_ignores_the_uuid_is_warned_about(apply, monkeypatch):
    fake = FakeClient()
    real = fake._create
    monkeypatch.setattr(fake, "_create", lambda body: real(dict((k, v) for k, v in body.items() if k != "specifyDashboardUUID")))
    result = apply(fake, **BY_KEY)
    assert result["uuid"] != STABLE and "specifyDashboardUUID" in result["warnings"][0]


def test_a_lost_create_answer_and_a_failed_check_say_the_dashboard_may_exist(apply, monkeypatch):
    fake = FakeClient()
    fake.lose_create_answer = True
    calls = {"list": 0}
    real = fake._list

    def list_then_fail(query):
        calls["list"] += 1
        if calls["list"] > 1:
            raise ServerError("Guance answered 502 to GET /api/v1/dashboards/list", status=502, trace_id="trace-2")
        return real(query)

    monkeypatch.setattr(fake, "_list", list_then_fail)
    result = apply(fake, name="Hosts")
    assert result["failed"] and result["status"] == 502 and fake.names() == ["Hosts"]
    for words in ("got no answer", "may have been created", "502"):
        assert words in result["msg"]


@pytest.mark.parametrize("check_mode", [True, False])
def test_keep_newest_keeps_the_newest_tagged_and_deletes_the_others(apply, check_mode):
    fake = FakeClient([dict(name="Hosts", tagNames=["managed"], updateAt=10), dict(name="Hosts", tagNames=["managed", "x"], updateAt=30),
                       dict(name="Hosts", tagNames=["managed"], updateAt=20)])
    newest = next(u for u, (d, t) in fake.store.items() if d["updateAt"] == 30)
    result = apply(fake, check_mode, name="Hosts", tags=["managed"], on_duplicates="keep_newest")
    assert result["changed"] and result["dashboard"]["uuid"] == newest
    assert len(result["deleted"]) == 2 and newest not in result["deleted"]
    assert len(fake.store) == (3 if check_mode else 1)
    assert fake.calls == ["list"] + ([] if check_mode else ["delete", "delete", "modify"])


def test_keep_newest_never_deletes_a_dashboard_without_the_tags(apply):
    fake = FakeClient([dict(name="Hosts", tagNames=["managed"]), dict(name="Hosts", tagNames=["hand-made"])])
    result = apply(fake, name="Hosts", tags=["managed"], on_duplicates="keep_newest")
    assert result["failed"] and "by hand" in result["msg"] and len(fake.store) == 2 and fake.calls == ["list"]


def test_stable_key_does_not_adopt_another_keys_dashboard(apply):
    fake = FakeClient([dict(name="Hosts", specifyDashboardUUID=stable_uuid(WORKSPACE, "other.json"))])
    assert apply(fake, **BY_KEY)["uuid"] == STABLE
    assert len(fake.store) == 2


def test_a_wrong_workspace_uuid_is_refused_when_answers_show_it(apply):
    fake = FakeClient([dict(HOSTS)])
    result = apply(fake, workspace_uuid="wksp_other", **BY_KEY)
    assert result["failed"] and "workspace_uuid" in result["msg"] and WORKSPACE in result["msg"]


# Fields no answer shows

def test_identifier_missing_from_object_and_export_is_unverified(apply):
    fake = FakeClient([with_template(AUTHORED, identifier="hosts", **HOSTS)])
    fake.sparse = True
    result = apply(fake, name="Hosts", identifier="other")
    assert result["changed"] is False and result["unverified"] == ["identifier"]
    assert fake.calls == ["list", "export"] and "identifier" in result["warnings"][0]


def test_a_field_no_answer_shows_is_warned_about_and_sent_only_with_other_changes(apply):
    fake = FakeClient([HOSTS])
    fake.sparse = True
    result = apply(fake, name="Hosts", visibility="private")
    assert (result["changed"], fake.calls, shown(result)) == (False, ["list"], {"before": {"name": "Hosts"}, "after": {"name": "Hosts"}})
    assert "visibility" in result["warnings"][0] and "send_unverified" in result["warnings"][0]
    # Sent along with a change of something else.
    assert apply(fake, name="Hosts", visibility="private", tags=["web"])["changed"] is True
    assert fake.modified == {"tagNames": ["web"], "isPublic": 0}
    # And on every run when asked to.
    for unused in range(2):
        assert apply(fake, name="Hosts", visibility="public", send_unverified=True)["changed"] is True
        assert fake.modified == {"isPublic": 1} and fake.calls == ["list", "modify"]


def test_a_field_no_answer_shows_is_sent_with_an_import(apply):
    fake = FakeClient([with_template(AUTHORED, **HOSTS)])
    fake.sparse = True
    apply(fake, name="Hosts", visibility="private", template=CHANGED)
    assert fake.calls == ["list", "export", "modify", "import"] and fake.modified == {"isPublic": 0}


# What a task returns, and bad input

def test_a_created_dashboards_uuid_diff_and_no_key(apply):
    fake = FakeClient()
    result = apply(fake, name="Hosts", template=json.dumps(AUTHORED))
    assert result["changed"] and result["uuid"] == result["dashboard"]["uuid"]
    assert result["diff"]["before"] == "{}\n" and shown(result)["after"]["name"] == "Hosts"
    assert (result["deleted"], result["unverified"]) == ([], [])
    assert KEY not in json.dumps(result)


def test_no_diff_without_diff_mode(run_module):
    result = run_module(guance_dashboard, FakeClient([HOSTS]), name="Hosts")
    assert "diff" not in result and result["changed"] is False


@pytest.mark.parametrize("options, words", [
    (dict(name="Hosts", template="{not json"), "template"),
    (dict(name="Hosts", template=["a"]), "template"),
    (dict(name="Hosts", template={"title": "x"}), "template"),
    (dict(name="x" * 129), "name"),
    (dict(name=["a", "b"]), "name"),
    (dict(name="   "), "name"),
    # A control character, not NUL: ansible-core 2.21 logs the arguments to syslog first, which refuses NUL.
    (dict(name="a\u0007b"), "name"),
    (dict(name="Hosts", description="x" * 2049), "description"),
    (dict(uuid="dsbd_NOPE"), "uuid"),
    (dict(uuid="dsbd_" + "0" * 32 + "\n", state="absent"), "uuid"),
    (dict(name="Hosts", read_permissions=["wsAdmin"]), "read_permissions"),
    (dict(name="Hosts", visibility="public", read_permissions=["wsAdmin"]), "read_permissions"),
    (dict(tags=["x"]), "uuid"),
    (dict(name="Hosts", tags=["", "ok"]), "tags"),
    (dict(name="Hosts", stable_key=" "), "stable_key"),
    (dict(name="Hosts", state="absent", lookup=False), "lookup"),
    (dict(uuid=CUSTOM, tags=["x"], lookup=False), "lookup"),
    (dict(uuid="dsbd_" + "0" * 32, name="Hosts", lookup=False), "lookup"),
    (dict(name="Hosts", on_duplicates="keep_newest"), "tags"),
    (dict(workspace_uuid=WORKSPACE, name="Hosts"), "stable_key"),
])
def test_bad_input_is_refused_naming_the_option_before_any_request(apply, options, words):
    fake = FakeClient()
    result = apply(fake, **options)
    assert result["failed"] and words in result["msg"] and not result.get("changed")
    assert fake.calls == [] and KEY not in json.dumps(result)


@pytest.mark.parametrize("options, words", [
    (dict(uuid="dsbd_" + "0" * 32, name="Hosts"), "only a dsbd_custom_ uuid can be given to a new dashboard"),
    (dict(uuid=CUSTOM, tags=["x"]), "name is required to create a dashboard"),
])
def test_what_a_new_dashboard_needs_is_refused_before_any_write(apply, options, words):
    fake = FakeClient()
    result = apply(fake, **options)
    assert result["failed"] and words in result["msg"] and fake.calls == ["get"]


def test_without_lookup_a_custom_uuid_that_exists_is_found_and_kept(apply):
    fake = FakeClient([dict(HOSTS, specifyDashboardUUID=CUSTOM)])
    result = apply(fake, uuid=CUSTOM, name="Hosts", lookup=False)
    assert (result["changed"], result["uuid"], fake.calls) == (False, CUSTOM, ["create", "get"])
    assert fake.names() == ["Hosts"]


# dashboards: several in one task

def test_items_take_the_tasks_options_and_are_applied_in_order(apply):
    fake = FakeClient([with_template(AUTHORED, name="Hosts", tagNames=["prod"])])
    result = apply(fake, tags=["prod"], dashboards=[
        dict(name="Hosts", template=AUTHORED), dict(name="Nginx", template=AUTHORED, description="Front proxies")])
    assert fake.calls == ["list", "export", "list", "create"]
    assert [(d["changed"], d["dashboard"]["name"], d["dashboard"]["tags"]) for d in result["dashboards"]] == [
        (False, "Hosts", ["prod"]), (True, "Nginx", ["prod"])]
    assert result["changed"] and "dashboard" not in result and "uuid" not in result
    assert result["dashboards"][1]["uuid"] == fake.one("Nginx")[0]["uuid"]
    assert [d["before_header"] for d in result["diff"]] == ["dashboards[0] (Hosts)", "dashboards[1] (Nginx)"]
    assert result["diff"][0]["before"] == result["diff"][0]["after"]
    assert json.loads(result["diff"][1]["after"])["description"] == "Front proxies"


def test_items_in_check_mode_only_read(apply):
    fake = FakeClient([HOSTS])
    result = apply(fake, True, dashboards=[
        dict(name="Hosts", description="Every host"), dict(name="Nginx", lookup=False), dict(name="Hosts", state="absent")])
    assert [d["changed"] for d in result["dashboards"]] == [True, True, True]
    assert fake.calls == ["list", "list"]


def test_no_items_change_nothing(apply):
    fake = FakeClient([HOSTS])
    result = apply(fake, dashboards=[])
    assert (result["changed"], result["dashboards"], fake.calls) == (False, [], [])


@pytest.mark.parametrize("items, words", [
    ([dict(name="Hosts"), dict(name="Nginx", api_key="other")], "dashboards[1] has options api_key"),
    ([dict(name="Hosts"), dict(name="Nginx", extend=["x"])], "dashboards[1]: argument 'extend' is of type list"),
    ([dict(name="Hosts"), dict(name="Nginx", state="gone")], "dashboards[1]: value of state must be one of"),
    ([dict(name="Hosts"), dict(name="")], "dashboards[1] (): name must not be empty"),
    ([dict(name="Hosts"), dict(tags=["x"])], "dashboards[1] (None): name, uuid or stable_key is required"),
    ([dict(name="Hosts"), dict(uuid="dsbd_NOPE", state="absent")], "dashboards[1] (dsbd_NOPE): uuid must be"),
])
def test_every_item_is_checked_before_any_request(apply, items, words):
    fake = FakeClient()
    result = apply(fake, dashboards=items)
    assert result["failed"] and words in result["msg"]
    assert fake.calls == [] and not fake.store


def test_dashboards_cannot_be_combined_with_one_dashboards_identity(apply):
    result = apply(FakeClient(), name="Hosts", dashboards=[dict(name="Nginx")])
    assert result["failed"] and "dashboards" in result["msg"] and "name" in result["msg"]


def test_a_failing_item_is_named_and_the_items_before_it_are_reported(apply):
    fake = FakeClient([dict(name="Twice"), dict(name="Twice")])
    result = apply(fake, dashboards=[dict(name="Hosts"), dict(name="Twice"), dict(name="Later")])
    assert result["failed"] and result["msg"].startswith("dashboards[1] (Twice): 2 dashboards are named 'Twice'")
    assert result["changed"] and [d["dashboard"]["name"] for d in result["dashboards"]] == ["Hosts"]
    assert set(result) >= {"status", "error_code", "trace_id"}
    assert fake.names() == ["Hosts", "Twice", "Twice"]


def test_an_items_warning_names_the_item(apply):
    fake = FakeClient([HOSTS])
    fake.sparse = True
    result = apply(fake, dashboards=[dict(name="Hosts", identifier="x")])
    assert result["dashboards"][0]["unverified"] == ["identifier"]
    assert len(result["warnings"]) == 1 and result["warnings"][0].startswith("dashboards[0] (Hosts): Guance's answers do not show identifier")


# Against the emulator: its lost answers, its answers without desc, its diffs

HOSTS_ZH = dict(name="主机概览", description="每台主机", tags=["prod"], template=AUTHORED)


@pytest.mark.parametrize("then", ["status", "drop"])
@pytest.mark.parametrize("identity", [dict(), dict(lookup=False), dict(stable_key="dashboards/hosts.json"), dict(uuid=CUSTOM)],
                         ids=["by name", "without lookup", "by stable key", "by custom uuid"])
def test_a_rerun_after_a_lost_create_answer_creates_nothing(run_module, emulator, then, identity):
    control = emulator()
    control.fault(method="POST", path="/api/v1/dashboards/create", count=1, kind="lost_answer", then=then)
    first = run_module(guance_dashboard, **dict(HOSTS_ZH, **dict(identity, **control.args)))
    again = run_module(guance_dashboard, **dict(HOSTS_ZH, **dict(identity, lookup=True, **control.args)))
    held = control.held("dashboards")
    assert (first["changed"], again["changed"]) == (True, False)
    assert [(d["uuid"], d["name"]) for d in held] == [(first["uuid"], "主机概览")] and again["uuid"] == first["uuid"]
    creates = [s for s in control.statuses() if s[1] == "/api/v1/dashboards/create"]
    assert len(creates) == 1


@pytest.mark.parametrize("switches, reads, unverified", [
    (dict(dashboard_get_desc=True), ["get"], []),
    # get.md's example: no desc in get (the list and the others keep it).
    (dict(dashboard_get_desc=False), ["get"], ["description"]),
    # Without desc and identifier in get, the export is read for the identifier (which it lacks too), not for the desc.
    (dict(sparse_answers=True), ["get", "export"], ["description", "identifier"]),
], ids=["get with desc", "get without desc", "sparse answers"])
def test_against_the_emulator_a_get_with_or_without_desc_sends_no_modify_when_unchanged(run_module, emulator, switches,
                                                                                        reads, unverified):
    control = emulator()
    control.config(**switches)
    created = run_module(guance_dashboard, uuid=CUSTOM, **dict(HOSTS_ZH, **control.args))
    options = dict(uuid=CUSTOM, name="主机概览", description="每台主机", identifier="", **control.args)
    for unused in range(2):
        control.clear_requests()
        again = run_module(guance_dashboard, **options)
        assert again["changed"] is False and again["unverified"] == unverified
        assert control.statuses() == [("GET", "/api/v1/dashboards/%s/%s" % (CUSTOM, read), 200) for read in reads]
    assert created["changed"]
    # A changed description is sent where get shows desc; where it does not, only along with another change.
    shown = "description" not in unverified
    assert run_module(guance_dashboard, **dict(options, description="主机"))["changed"] is shown
    assert ("POST" in [s[0] for s in control.statuses()]) is shown
    assert run_module(guance_dashboard, **dict(options, description="主机", tags=["web"]))["changed"]
    assert [d["desc"] for d in control.held("dashboards")] == ["主机"]


def test_against_the_emulator_a_chinese_name_reads_as_written_in_the_diff(run_module, emulator):
    control = emulator()
    result = run_module(guance_dashboard, check_mode=True, diff=True, **dict(HOSTS_ZH, **control.args))
    for text in ("主机概览", "每台主机", "内存使用率"):
        assert text in result["diff"]["after"]
    assert "\\u" not in result["diff"]["after"] and result["diff"]["before"] == "{}\n"
    assert [s[0] for s in control.statuses()] == ["GET"] and control.held("dashboards") == []


def test_against_the_emulator_a_refused_key_fails_with_the_servers_facts_and_no_key(run_module, emulator):
    control = emulator()
    result = run_module(guance_dashboard, name="Hosts", **dict(control.args, api_key="not-a-key-of-any-workspace"))
    assert result["failed"] and result["error_code"].lower().endswith("invalidapikey") and result["status"] in (401, 403)
    assert "not-a-key-of-any-workspace" not in json.dumps(result) and len(control.statuses()) == 1


@pytest.mark.parametrize("delete_answer", ["map", True])
def test_against_the_emulator_delete_by_uuid_with_either_answer(run_module, emulator, delete_answer):
    control = emulator()
    control.config(delete_answer=delete_answer)
    made = run_module(guance_dashboard, name="Hosts", **control.args)
    control.clear_requests()
    runs = [run_module(guance_dashboard, uuid=made["uuid"], state="absent", check_mode=check, **control.args)
            for check in (True, False, True, False)]
    assert [r["changed"] for r in runs] == [True, True, False, False]
    assert [s[1].rsplit("/", 1)[-1] for s in control.statuses()] == ["get", "get", "delete", "get", "get"]
    assert control.held("dashboards") == []
