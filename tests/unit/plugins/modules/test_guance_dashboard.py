# -*- coding: utf-8 -*-
# Copyright: (c) 2026, guance.cloud maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""guance_dashboard's run() against an in-memory Guance, driven from a table, and main() end to end."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import json
import uuid as uuidlib

import pytest

from ansible.module_utils.testing import patch_module_args

from ansible_collections.guance.cloud.plugins.module_utils._client import Answer, GuanceClient
from ansible_collections.guance.cloud.plugins.module_utils._dashboards import DashboardAPI, stable_uuid
from ansible_collections.guance.cloud.plugins.module_utils._errors import (
    ConflictError,
    NotFoundError,
    OptionError,
    OutcomeUnknownError,
    ParameterError,
    ServerError,
)
from ansible_collections.guance.cloud.plugins.modules import guance_dashboard
from ansible_collections.guance.cloud.tests.unit.plugins.module_utils.test_dashboards import (
    as_server_exports,
    fixture,
)

KEY = "secret-api-key-0123456789"
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
        exported = dict(copy.deepcopy(template), title=obj["name"], summary=obj["desc"], tagInfo=obj["tag_info"],
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
        self.store[uuid] = (obj, as_server_exports(template, obj["name"]))
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
        self.store[uuid] = (obj, as_server_exports(body["templateInfo"], obj["name"]))
        return None, None

    def _delete(self, uuid):
        self._lookup(uuid)
        del self.store[uuid]
        return True, None


class Module:
    """What run() reads of AnsibleModule."""

    def __init__(self, check_mode=False, **params):
        self.check_mode = check_mode
        self.params = dict((name, spec.get("default")) for name, spec in guance_dashboard.ARGUMENT_SPEC.items())
        self.params.update(api_key=KEY, **params)
        self.warnings = []

    def warn(self, text):
        self.warnings.append(text)


def run(fake, check_mode=False, module=None, **params):
    fake.calls = []
    return guance_dashboard.run(module or Module(check_mode, **params), DashboardAPI(fake))


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


@pytest.mark.parametrize("there, params, operations", [s[1:] for s in SCENARIOS], ids=[s[0] for s in SCENARIOS])
def test_check_apply_check_apply(there, params, operations):
    fake = FakeClient(there)
    reads = [op for op in operations if op not in POSTS]
    changes = [op for op in operations if op in POSTS]

    predicted = run(fake, check_mode=True, **params)
    assert fake.calls == reads
    applied = run(fake, **params)
    assert fake.calls == operations
    assert predicted[0] == applied[0] == bool(changes)
    assert predicted[2] == applied[2]
    # A prediction holds what the task sets; the server may add more.
    for key in set(predicted[1]) & {"uuid", "name", "desc", "tags", "isPublic", "permissionSet"}:
        assert predicted[1][key] == applied[1][key]

    # Later runs look the dashboard up (lookup=False is only for a caller that has just found none).
    for check_mode in (True, False):
        again = run(fake, check_mode=check_mode, **dict(params, lookup=True))
        assert again[0] is False
        assert again[2]["before"] == again[2]["after"]
        assert fake.calls[-1] not in POSTS


def test_diff_holds_only_the_managed_fields():
    fake = FakeClient([with_template(AUTHORED, **HOSTS)])
    changed, dashboard, diff = run(fake, name="Hosts", tags=["web", "prod", "web"])
    assert diff == {"before": {"name": "Hosts", "tags": ["prod"]}, "after": {"name": "Hosts", "tags": ["prod", "web"]}}
    assert dashboard["tags"] == ["prod", "web"]
    assert fake.one("Hosts")[0]["desc"] == "All hosts"


def test_template_diff_is_the_normalised_main():
    fake = FakeClient([with_template(AUTHORED, **HOSTS)])
    diff = run(fake, check_mode=True, name="Hosts", template=json.dumps(CHANGED))[2]
    names = sorted(c["name"] for c in diff["after"]["template"]["charts"])
    assert "CPU busy" in names and "CPU usage" not in names
    assert "uuid" not in json.dumps(diff["before"]["template"])


def test_import_keeps_the_dashboards_name():
    fake = FakeClient([with_template(AUTHORED, **HOSTS)])
    run(fake, name="Hosts", template=CHANGED)
    assert fake.names() == ["Hosts"]
    assert fake.one("Hosts")[1]["title"] == "Hosts"


def test_rename_moves_the_name_and_keeps_the_uuid():
    fake = FakeClient([dict(HOSTS, specifyDashboardUUID=CUSTOM)])
    changed, dashboard, diff = run(fake, uuid=CUSTOM, name="Renamed")
    assert (changed, dashboard["uuid"], fake.names()) == (True, CUSTOM, ["Renamed"])
    assert diff == {"before": {"name": "Hosts"}, "after": {"name": "Renamed"}}


def test_exact_name_only():
    fake = FakeClient([dict(name="Hosts (old)"), dict(name="My Hosts")])
    assert run(fake, check_mode=True, name="Hosts")[0] is True
    assert fake.calls == ["list"]


def test_two_with_one_name_are_refused_listing_their_uuids():
    fake = FakeClient([dict(name="Hosts"), dict(name="Hosts")])
    with pytest.raises(ConflictError) as err:
        run(fake, name="Hosts", tags=["x"])
    for uuid in fake.store:
        assert uuid in str(err.value)
    assert fake.calls == ["list"]


def test_list_is_followed_page_by_page():
    fake = FakeClient([dict(name="Hosts %d" % i) for i in range(5)] + [dict(name="Hosts")], page_size=2)
    assert run(fake, name="Hosts")[0] is False
    assert fake.calls == ["list", "list", "list"]


def test_lost_create_answer_is_resolved_by_reading_again():
    fake = FakeClient()
    fake.lose_create_answer = True
    changed, dashboard, diff = run(fake, name="Hosts", template=AUTHORED)
    assert changed and fake.names() == ["Hosts"] and dashboard["name"] == "Hosts"
    assert fake.calls == ["list", "create", "list"]


def test_lost_create_answer_by_uuid_reads_by_uuid():
    fake = FakeClient()
    fake.lose_create_answer = True
    assert run(fake, uuid=CUSTOM, name="Hosts")[1]["uuid"] == CUSTOM
    assert fake.calls == ["get", "create", "get"]


def test_create_that_did_not_happen_is_reported(monkeypatch):
    fake = FakeClient()
    fake.lose_create_answer = True
    monkeypatch.setattr(fake, "_create", lambda body: (None, None))
    with pytest.raises(OutcomeUnknownError):
        run(fake, name="Hosts")
    assert fake.calls == ["list", "create", "list"]


def test_without_lookup_a_dashboard_that_exists_after_all_is_doubled():
    # The documented danger of lookup=False: Guance allows two dashboards with one name.
    fake = FakeClient([HOSTS])
    changed, dashboard, diff = run(fake, name="Hosts", lookup=False)
    assert (changed, diff["before"], fake.calls, fake.names()) == (True, {}, ["create"], ["Hosts", "Hosts"])
    with pytest.raises(ConflictError):
        run(fake, name="Hosts")


def test_lost_create_answer_without_lookup_is_resolved_by_reading_again():
    fake = FakeClient()
    fake.lose_create_answer = True
    assert run(fake, name="Hosts", lookup=False)[1]["name"] == "Hosts"
    assert fake.calls == ["create", "list"] and fake.names() == ["Hosts"]


def test_delete_of_one_gone_meanwhile_is_fine(monkeypatch):
    fake = FakeClient([HOSTS])
    monkeypatch.setattr(fake, "_delete", lambda uuid: fake._lookup("dsbd_gone"))
    assert run(fake, name="Hosts", state="absent")[0] is True


# Races, lost answers and duplicates

BY_KEY = dict(stable_key="dashboards/hosts.json", name="Hosts", tags=["prod"])


def test_a_create_lost_to_a_parallel_run_finds_the_winner_and_brings_it_in_line():
    fake = FakeClient()
    # The other run's create lands between this run's lookups and its create.
    fake.before_create = lambda: (setattr(fake, "before_create", None),
                                  fake._create(dict(name="Hosts", tagNames=["old"], specifyDashboardUUID=STABLE)))
    changed, dashboard, diff = run(fake, **BY_KEY)
    assert fake.calls == ["list", "workspace", "get", "create", "get", "modify"]
    assert (changed, dashboard["uuid"], fake.names()) == (True, STABLE, ["Hosts"])
    assert diff == {"before": {"name": "Hosts", "tags": ["old"]}, "after": {"name": "Hosts", "tags": ["prod"]}}


def test_a_create_lost_to_an_identical_run_changes_nothing_more():
    fake = FakeClient()
    fake.before_create = lambda: (setattr(fake, "before_create", None),
                                  fake._create(dict(name="Hosts", tagNames=["prod"], specifyDashboardUUID=STABLE)))
    assert run(fake, **BY_KEY)[0] is False
    assert fake.calls == ["list", "workspace", "get", "create", "get"] and fake.names() == ["Hosts"]


def test_a_derived_uuid_taken_where_this_key_cannot_see_it_is_a_clear_error():
    fake = FakeClient()
    fake.taken_elsewhere.add(STABLE)
    with pytest.raises(ConflictError) as err:
        run(fake, **BY_KEY)
    assert STABLE in str(err.value) and "stable_key" in str(err.value) and "ft.ParamError" in str(err.value)
    assert fake.calls == ["list", "workspace", "get", "create", "get"] and fake.names() == []


def test_a_server_that_ignores_the_uuid_is_warned_about(monkeypatch):
    fake = FakeClient()
    real = fake._create
    monkeypatch.setattr(fake, "_create", lambda body: real(dict((k, v) for k, v in body.items() if k != "specifyDashboardUUID")))
    module = Module(**BY_KEY)
    assert run(fake, module=module)[1]["uuid"] != STABLE
    assert "specifyDashboardUUID" in module.warnings[0]


def test_a_lost_create_answer_and_a_failed_check_say_the_dashboard_may_exist(monkeypatch):
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
    with pytest.raises(OutcomeUnknownError) as err:
        run(fake, name="Hosts")
    text = str(err.value)
    assert "got no answer" in text and "may have been created" in text and "502" in text and "stable_key" in text
    assert err.value.status == 502 and fake.names() == ["Hosts"]


@pytest.mark.parametrize("check_mode", [True, False])
def test_keep_newest_keeps_the_newest_tagged_and_deletes_the_others(check_mode):
    fake = FakeClient([dict(name="Hosts", tagNames=["managed"], updateAt=10), dict(name="Hosts", tagNames=["managed", "x"], updateAt=30),
                       dict(name="Hosts", tagNames=["managed"], updateAt=20)])
    newest = next(u for u, (d, t) in fake.store.items() if d["updateAt"] == 30)
    outcome = guance_dashboard.Outcome()
    module = Module(check_mode, name="Hosts", tags=["managed"], on_duplicates="keep_newest")
    fake.calls = []
    changed, dashboard = guance_dashboard.run(module, DashboardAPI(fake), outcome)[:2]
    assert changed and dashboard["uuid"] == newest and len(outcome.deleted) == 2 and newest not in outcome.deleted
    assert len(fake.store) == (3 if check_mode else 1)
    assert fake.calls == ["list"] + ([] if check_mode else ["delete", "delete", "modify"])


def test_keep_newest_never_deletes_a_dashboard_without_the_tags():
    fake = FakeClient([dict(name="Hosts", tagNames=["managed"]), dict(name="Hosts", tagNames=["hand-made"])])
    with pytest.raises(ConflictError) as err:
        run(fake, name="Hosts", tags=["managed"], on_duplicates="keep_newest")
    assert "by hand" in str(err.value) and len(fake.store) == 2 and fake.calls == ["list"]


def test_duplicates_error_says_how_out():
    fake = FakeClient([dict(name="Hosts"), dict(name="Hosts")])
    with pytest.raises(ConflictError) as err:
        run(fake, **BY_KEY)
    assert "keep_newest" in str(err.value)


def test_stable_key_does_not_adopt_another_keys_dashboard():
    fake = FakeClient([dict(name="Hosts", specifyDashboardUUID=stable_uuid(WORKSPACE, "other.json"))])
    assert run(fake, **BY_KEY)[1]["uuid"] == STABLE
    assert len(fake.store) == 2


def test_a_wrong_workspace_uuid_is_refused_when_answers_show_it():
    fake = FakeClient([dict(HOSTS)])
    with pytest.raises(OptionError) as err:
        run(fake, workspace_uuid="wksp_other", **BY_KEY)
    assert "workspace_uuid" in str(err.value) and WORKSPACE in str(err.value)


# Sparse answers

@pytest.mark.parametrize("params, reads", [
    (dict(description="All hosts"), ["list", "export"]),
    (dict(description="All hosts", template=AUTHORED), ["list", "export"]),
])
def test_fields_read_from_the_export_when_answers_are_sparse(params, reads):
    fake = FakeClient([with_template(AUTHORED, identifier="hosts", **HOSTS)])
    fake.sparse = True
    module = Module(name="Hosts", **params)
    assert run(fake, module=module)[0] is False
    assert fake.calls == reads and module.warnings == []


def test_identifier_missing_from_object_and_export_is_unverified():
    fake = FakeClient([with_template(AUTHORED, identifier="hosts", **HOSTS)])
    fake.sparse = True
    module = Module(name="Hosts", identifier="other")
    assert run(fake, module=module)[0] is False
    assert fake.calls == ["list", "export"] and "identifier" in module.warnings[0]


def test_a_field_no_answer_shows_is_warned_about_and_sent_only_with_other_changes():
    fake = FakeClient([HOSTS])
    fake.sparse = True
    module = Module(name="Hosts", visibility="private")
    changed, dashboard, diff = run(fake, module=module)
    assert (changed, fake.calls, diff) == (False, ["list"], {"before": {"name": "Hosts"}, "after": {"name": "Hosts"}})
    assert "visibility" in module.warnings[0] and "send_unverified" in module.warnings[0]
    # Sent along with a change of something else.
    assert run(fake, name="Hosts", visibility="private", tags=["web"])[0] is True
    assert fake.modified == {"tagNames": ["web"], "isPublic": 0}
    # And on every run when asked to.
    for unused in range(2):
        assert run(fake, name="Hosts", visibility="public", send_unverified=True)[0] is True
        assert fake.modified == {"isPublic": 1} and fake.calls == ["list", "modify"]


def test_a_field_no_answer_shows_is_sent_with_an_import():
    fake = FakeClient([with_template(AUTHORED, **HOSTS)])
    fake.sparse = True
    run(fake, name="Hosts", visibility="private", template=CHANGED)
    assert fake.calls == ["list", "export", "modify", "import"] and fake.modified == {"isPublic": 0}


@pytest.mark.parametrize("params, words", [
    (dict(uuid="dsbd_" + "0" * 32, name="Hosts"), ["dsbd_custom_", "dsbd_" + "0" * 32]),
    (dict(uuid=CUSTOM, tags=["x"]), ["name", "create"]),
])
def test_new_dashboard_needs_a_name_and_a_custom_uuid(params, words):
    fake = FakeClient()
    with pytest.raises(OptionError) as err:
        run(fake, **params)
    for word in words:
        assert word in str(err.value)
    assert not set(fake.calls) & set(POSTS)


# main(), as Ansible runs it

class Exit(Exception):
    pass


def run_main(monkeypatch, fake, module=guance_dashboard, **args):
    """What the module's main() hands to exit_json or fail_json, speaking to the fake."""
    results = []

    def finish(ansible_module, **result):
        results.append(result)
        raise Exit()

    monkeypatch.setattr(module.AnsibleModule, "exit_json", finish)
    monkeypatch.setattr(module.AnsibleModule, "fail_json", lambda ansible_module, **r: finish(ansible_module, failed=True, **r))
    monkeypatch.setattr(module, "client_from_module", lambda ansible_module: fake)
    # ansible-core 2.21 logs the arguments to syslog, which refuses a NUL before the module's own checks run.
    monkeypatch.setattr(module.AnsibleModule, "_log_invocation", lambda ansible_module: None)
    with patch_module_args(dict(api_key=KEY, endpoint="http://guance.invalid", **args)):
        with pytest.raises(Exit):
            module.main()
    return results[0]


def test_main_returns_dashboard_uuid_and_diff_in_diff_mode(monkeypatch):
    fake = FakeClient()
    result = run_main(monkeypatch, fake, name="Hosts", template=json.dumps(AUTHORED), _ansible_diff=True)
    assert result["changed"] and result["uuid"] == result["dashboard"]["uuid"]
    assert result["diff"]["before"] == "{}\n" and json.loads(result["diff"]["after"])["name"] == "Hosts"
    assert KEY not in json.dumps(result)


def test_main_diff_shows_non_ascii_names_as_written(monkeypatch):
    template = fixture("nginx_export_zh.json")
    fake = FakeClient([with_template(template, name="Nginx 概览")])
    changed_template = copy.deepcopy(template)
    changed_template["main"]["charts"][0]["name"] = "请求总数"
    result = run_main(monkeypatch, fake, name="Nginx 概览", template=changed_template, _ansible_diff=True, _ansible_check_mode=True)
    for side, name in (("before", "请求数"), ("after", "请求总数")):
        assert name in result["diff"][side] and "概览" in result["diff"][side] and "\\u" not in result["diff"][side]
    assert result["changed"] and fake.calls == ["list", "export"]


def test_main_returns_deleted_and_unverified(monkeypatch):
    fake = FakeClient([HOSTS])
    fake.sparse = True
    result = run_main(monkeypatch, fake, name="Hosts", identifier="x")
    assert (result["deleted"], result["unverified"], result["changed"]) == ([], ["identifier"], False)


def test_main_leaves_out_the_diff_without_diff_mode(monkeypatch):
    result = run_main(monkeypatch, FakeClient([HOSTS]), name="Hosts")
    assert "diff" not in result and result["changed"] is False


@pytest.mark.parametrize("args, option", [
    (dict(name="Hosts", template="{not json"), "template"),
    (dict(name="Hosts", template=["a"]), "template"),
    (dict(name="Hosts", template={"title": "x"}), "template"),
    (dict(name="x" * 129), "name"),
    (dict(name="Hosts", description="x" * 2049), "description"),
    (dict(uuid="dsbd_NOPE"), "uuid"),
    (dict(name="Hosts", read_permissions=["wsAdmin"]), "read_permissions"),
    (dict(tags=["x"]), "uuid"),
    (dict(name="Hosts", state="absent", lookup=False), "lookup"),
    (dict(uuid=CUSTOM, tags=["x"], lookup=False), "lookup"),
    (dict(uuid="dsbd_" + "0" * 32, name="Hosts", lookup=False), "lookup"),
    (dict(uuid="dsbd_" + "0" * 32 + "\n", state="absent"), "uuid"),
    (dict(name=["a", "b"]), "name"),
    (dict(name="a\u0000b"), "name"),
    (dict(name="Hosts", tags=["", "ok"]), "tags"),
    (dict(name="Hosts", stable_key=" "), "stable_key"),
])
def test_main_fails_on_bad_input_before_any_request(monkeypatch, args, option):
    fake = FakeClient()
    result = run_main(monkeypatch, fake, **args)
    assert result["failed"] and option in result["msg"]
    assert fake.calls == []
    assert KEY not in json.dumps(result)


def test_main_reports_a_conflict_with_the_servers_facts(monkeypatch):
    result = run_main(monkeypatch, FakeClient([dict(name="Hosts"), dict(name="Hosts")]), name="Hosts")
    assert result["failed"] and "2 dashboards are named 'Hosts'" in result["msg"]
    assert set(result) >= {"status", "error_code", "trace_id"}


# dashboards: several in one task

def test_items_take_the_tasks_options_and_are_applied_in_order(monkeypatch):
    fake = FakeClient([with_template(AUTHORED, name="Hosts", tagNames=["prod"])])
    result = run_main(monkeypatch, fake, tags=["prod"], _ansible_diff=True, dashboards=[
        dict(name="Hosts", template=AUTHORED), dict(name="Nginx", template=AUTHORED, description="Front proxies")])
    assert fake.calls == ["list", "export", "list", "create"]
    assert [(d["changed"], d["dashboard"]["name"], d["dashboard"]["tags"]) for d in result["dashboards"]] == [
        (False, "Hosts", ["prod"]), (True, "Nginx", ["prod"])]
    assert result["changed"] and "dashboard" not in result and "uuid" not in result
    assert result["dashboards"][1]["uuid"] == fake.one("Nginx")[0]["uuid"]
    assert [d["before_header"] for d in result["diff"]] == ["dashboards[0] (Hosts)", "dashboards[1] (Nginx)"]
    assert result["diff"][0]["before"] == result["diff"][0]["after"]
    assert json.loads(result["diff"][1]["after"])["description"] == "Front proxies"


def test_items_in_check_mode_only_read(monkeypatch):
    fake = FakeClient([HOSTS])
    result = run_main(monkeypatch, fake, _ansible_check_mode=True, dashboards=[
        dict(name="Hosts", description="Every host"), dict(name="Nginx", lookup=False), dict(name="Hosts", state="absent")])
    assert [d["changed"] for d in result["dashboards"]] == [True, True, True]
    assert fake.calls == ["list", "list"] and not set(fake.calls) & set(POSTS)


def test_no_items_change_nothing(monkeypatch):
    fake = FakeClient([HOSTS])
    result = run_main(monkeypatch, fake, dashboards=[])
    assert (result["changed"], result["dashboards"], fake.calls) == (False, [], [])


@pytest.mark.parametrize("items, words", [
    ([dict(name="Hosts"), dict(name="Nginx", api_key="other")], "dashboards[1] has options api_key"),
    ([dict(name="Hosts"), dict(name="Nginx", extend=["x"])], "dashboards[1]: argument 'extend' is of type list"),
    ([dict(name="Hosts"), dict(name="Nginx", state="gone")], "dashboards[1]: value of state must be one of"),
    ([dict(name="Hosts"), dict(name="")], "dashboards[1] (): name must not be empty"),
    ([dict(name="Hosts"), dict(tags=["x"])], "dashboards[1] (None): name, uuid or stable_key is required"),
    ([dict(name="Hosts"), dict(uuid="dsbd_NOPE", state="absent")], "dashboards[1] (dsbd_NOPE): uuid must be"),
])
def test_every_item_is_checked_before_any_request(monkeypatch, items, words):
    fake = FakeClient()
    result = run_main(monkeypatch, fake, dashboards=items)
    assert result["failed"] and words in result["msg"]
    assert fake.calls == [] and not fake.store


def test_dashboards_cannot_be_combined_with_one_dashboards_identity(monkeypatch):
    result = run_main(monkeypatch, FakeClient(), name="Hosts", dashboards=[dict(name="Nginx")])
    assert result["failed"] and "dashboards" in result["msg"] and "name" in result["msg"]


def test_a_failing_item_is_named_and_the_items_before_it_are_reported(monkeypatch):
    fake = FakeClient([dict(name="Twice"), dict(name="Twice")])
    result = run_main(monkeypatch, fake, dashboards=[dict(name="Hosts"), dict(name="Twice"), dict(name="Later")])
    assert result["failed"] and result["msg"].startswith("dashboards[1] (Twice): 2 dashboards are named 'Twice'")
    assert result["changed"] and [d["dashboard"]["name"] for d in result["dashboards"]] == ["Hosts"]
    assert set(result) >= {"status", "error_code", "trace_id"}
    assert fake.names() == ["Hosts", "Twice", "Twice"]


def test_an_items_warning_names_the_item(monkeypatch):
    fake = FakeClient([HOSTS])
    fake.sparse = True
    warnings = []
    monkeypatch.setattr(guance_dashboard.AnsibleModule, "warn", lambda ansible_module, text: warnings.append(text))
    result = run_main(monkeypatch, fake, dashboards=[dict(name="Hosts", identifier="x")])
    assert result["dashboards"][0]["unverified"] == ["identifier"]
    assert len(warnings) == 1 and warnings[0].startswith("dashboards[0] (Hosts): Guance's answers do not show identifier")
