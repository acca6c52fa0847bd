# -*- coding: utf-8 -*-
# Copyright: (c) 2026, guance.cloud maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The resource core: find by name (names shown or not, lists as arrays or {data: [...]}), resolve,
compare with fields no answer shows, the diff text, delete with 404, create-or-recover."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.guance.cloud.plugins.module_utils import _resource as core
from ansible_collections.guance.cloud.plugins.module_utils._client import Answer, GuanceClient
from ansible_collections.guance.cloud.plugins.module_utils._errors import (
    ConflictError,
    NotFoundError,
    OptionError,
    OutcomeUnknownError,
    ServerError,
)

THINGS = core.Family("thing", "things", {
    "list": "mutes.list", "get": "dashboards.get", "create": "mutes.create", "modify": "mutes.modify",
    "delete": "checkers.delete", "enable": "mutes.enable", "disable": "mutes.disable",
}, requests={"delete": lambda uuid=None, body=None: {"body": {"ruleUUIDs": [uuid]}}}, uuid_prefix="thg_")
# The same family without a get route and with one set_enabled verb.
LISTED = core.Family("thing", "things", {"list": "mutes.list", "set_enabled": "checkers.set_disable"},
                     requests={"set_enabled": lambda uuid=None, body=None: {"body": {"ruleUUIDs": [uuid], "isDisable": not body["enabled"]}}})


class ScriptedClient(GuanceClient):
    """A real client whose wire is a script: route -> a list of answers (content, or an exception)."""

    def __init__(self, listed=None, wrap=False, **answers):
        super(ScriptedClient, self).__init__("https://openapi.example", "sk-test", pacing_folder="", rate_limit=20, rate_window=60)
        self.listed = list(listed or [])
        self.wrap = wrap
        self.answers = dict((k.replace("__", "."), list(v)) for k, v in answers.items())
        self.calls = []

    def request(self, route, path=None, query=None, body=None):
        self.calls.append((route, path, dict(query or {}), body))
        if route == "mutes.list":
            search = (query or {}).get("search")
            found = [i for i in self.listed if not search or search in (i.get("name") or i.get("_real_name", ""))]
            found = [dict((k, v) for k, v in i.items() if k != "_real_name") for i in found]
            return Answer({"data": found} if self.wrap else found, {"totalCount": len(found)})
        answer = self.answers[route].pop(0)
        if isinstance(answer, Exception):
            raise answer
        return Answer(answer, None)


def routes(client):
    return [call[0] for call in client.calls]


@pytest.mark.parametrize("wrap", [False, True])
def test_find_by_name_is_exact_across_list_shapes(wrap):
    client = ScriptedClient([{"uuid": "thg_1", "name": "deploy"}, {"uuid": "thg_2", "name": "deploy-2"}], wrap=wrap)
    assert core.find_by_name(client, THINGS, "deploy")["uuid"] == "thg_1"
    assert core.find_by_name(client, THINGS, "other") is None
    assert client.calls[0][2]["search"] == "deploy"


def test_find_by_name_refuses_duplicates_naming_their_uuids():
    client = ScriptedClient([{"uuid": "thg_1", "name": "a"}, {"uuid": "thg_2", "name": "a"}])
    with pytest.raises(ConflictError, match="2 things are named 'a' .thg_1, thg_2."):
        core.find_by_name(client, THINGS, "a")


def test_a_list_without_names_takes_the_one_item_the_search_matched():
    client = ScriptedClient([{"uuid": "thg_1", "_real_name": "window"}, {"uuid": "thg_2", "_real_name": "other"}])
    assert core.find_by_name(client, THINGS, "window")["uuid"] == "thg_1"


def test_a_list_without_names_never_guesses_between_several():
    client = ScriptedClient([{"uuid": "thg_1", "_real_name": "window"}, {"uuid": "thg_2", "_real_name": "window-2"}])
    with pytest.raises(ConflictError, match="does not show their names.*thg_1, thg_2.*give uuid"):
        core.find_by_name(client, THINGS, "window")


def test_find_named_reads_the_list_once_and_refuses_a_name_held_twice():
    client = ScriptedClient([{"uuid": "thg_1", "name": "a"}, {"uuid": "thg_2", "name": "b"}])
    assert sorted(core.find_named(client, THINGS, ["a", "c"])) == ["a"]
    assert routes(client) == ["mutes.list"]
    client.listed.append({"uuid": "thg_3", "name": "a"})
    with pytest.raises(ConflictError, match="thg_1, thg_3"):
        core.find_named(client, THINGS, ["a"])


def test_get_uses_the_get_route_and_takes_404_as_none():
    client = ScriptedClient(dashboards__get=[{"uuid": "thg_1"}, NotFoundError("gone", status=404)])
    assert core.get(client, THINGS, "thg_1") == {"uuid": "thg_1"}
    assert core.get(client, THINGS, "thg_2") is None
    assert client.calls[0][1] == {"uuid": "thg_1"}


def test_get_without_a_get_route_reads_the_list():
    client = ScriptedClient([{"uuid": "thg_1", "name": "a"}])
    assert core.get(client, LISTED, "thg_1")["name"] == "a"
    assert core.get(client, LISTED, "thg_9") is None


def test_get_filters_the_list_by_uuid_where_the_family_has_such_a_query():
    by_query = core.Family("thing", "things", {"list": "mutes.list"}, uuid_query="thingUUID")
    client = ScriptedClient([{"uuid": "thg_1", "name": "a"}])
    assert core.get(client, by_query, "thg_1")["name"] == "a"
    assert client.calls[0][2]["thingUUID"] == "thg_1"


def test_named_in_reads_a_list_already_read():
    listed = [{"uuid": "thg_1", "name": "a"}, {"uuid": "thg_2", "name": "b"}, {"uuid": "thg_3"}]
    assert core.named_in(THINGS, listed, ["a", "c"]) == {"a": listed[0]}
    with pytest.raises(ConflictError, match="thg_1, thg_4"):
        core.named_in(THINGS, listed + [{"uuid": "thg_4", "name": "a"}], ["a"])


def test_resolve_keeps_order_takes_uuids_as_given_and_names_the_option():
    client = ScriptedClient([{"uuid": "thg_1", "name": "a"}, {"uuid": "thg_2", "name": "b"}])
    assert core.resolve(client, THINGS, "things", ["b", "thg_7", "a"]) == ["thg_2", "thg_7", "thg_1"]
    assert routes(client) == ["mutes.list"]
    assert core.resolve(client, THINGS, "things", ["thg_7"]) == ["thg_7"]
    assert routes(client) == ["mutes.list"]
    with pytest.raises(OptionError, match=r"^things: no thing is named 'c' \(the list holds: a, b\)"):
        core.resolve(client, THINGS, "things", ["a", "c"])


def test_resolve_refuses_a_name_two_objects_have():
    client = ScriptedClient([{"uuid": "thg_1", "name": "a"}, {"uuid": "thg_2", "name": "a"}])
    with pytest.raises(OptionError, match="2 things are named 'a' .thg_1, thg_2."):
        core.resolve(client, THINGS, "targets", ["a"])


def test_resolve_in_check_mode_lets_a_name_stand_for_what_an_earlier_task_would_create():
    client, warned = ScriptedClient([{"uuid": "thg_1", "name": "a"}, {"uuid": "thg_2", "name": "b"}]), []
    assert core.resolve(client, THINGS, "things", ["a", "new"], warned.append) == ["thg_1", "(thing 'new', not created yet)"]
    assert warned == ["things: no thing is named 'new' yet; check mode goes on as if a task before this one created it, "
                      "and a real run fails unless one does"]
    # A name two objects have is still refused: no earlier task makes that right.
    client = ScriptedClient([{"uuid": "thg_1", "name": "a"}, {"uuid": "thg_2", "name": "a"}])
    with pytest.raises(OptionError, match="2 things are named 'a'"):
        core.resolve(client, THINGS, "things", ["a"], warned.append)


@pytest.mark.parametrize("current, desired, differing, unverified, before", [
    (None, {"a": 1}, ["a"], [], {}),
    ({"a": 1, "b": 2}, {"a": 1}, [], [], {"a": 1}),
    ({"a": 1}, {"a": 2}, ["a"], [], {"a": 1}),
    # A field no answer shows is not a difference, and leaves both sides.
    ({"a": 1}, {"a": 1, "secret": "x"}, [], ["secret"], {"a": 1}),
    ({"a": 1}, {"a": 2, "secret": "x"}, ["a"], ["secret"], {"a": 1}),
])
def test_compare(current, desired, differing, unverified, before):
    found = core.compare(current, desired)
    assert (found.differing, found.unverified, found.before, found.changed) == (differing, unverified, before, bool(differing))
    assert set(found.after) == (set(desired) if current is None else set(desired) - set(unverified))


@pytest.mark.parametrize("differing, unverified, send_unverified, sent", [
    ([], ["s"], False, []),
    ([], ["s"], True, ["s"]),
    (["a"], ["s"], False, ["a", "s"]),
    ([], [], True, []),
])
def test_keys_to_send(differing, unverified, send_unverified, sent):
    assert core.keys_to_send(core.Comparison({}, {}, differing, unverified), send_unverified) == sent


@pytest.mark.parametrize("differing, send_unverified, sent", [
    (["enabled"], False, ["enabled"]),
    (["enabled", "a"], False, ["a", "enabled", "s"]),
    (["enabled"], True, ["enabled", "s"]),
])
def test_keys_with_a_verb_of_their_own_carry_no_unverified_key(differing, send_unverified, sent):
    comparison = core.Comparison({}, {}, differing, ["s"])
    assert core.keys_to_send(comparison, send_unverified, apart=("enabled",)) == sent


def test_diff_keeps_chinese_text_as_written_and_carries_a_header():
    shown = core.diff({"name": "维护"}, {}, header="items[0] (维护)")
    assert '"name": "维护"' in shown["before"] and "\\u" not in shown["before"]
    assert shown["after"] == "{}\n" and shown["before_header"] == shown["after_header"] == "items[0] (维护)"


def test_diff_shows_text_keys_as_lines_after_the_json():
    shown = core.diff({"name": "p", "script": "a\nb"}, {"name": "p", "script": "a\nc"}, texts=("script",))
    assert shown["before"] == '{\n    "name": "p"\n}\n\n# script\na\nb\n'
    assert shown["after"].splitlines()[-2:] == ["a", "c"] and core.diff_text({}, ("script",)) == "{}\n"


def test_delete_takes_404_as_already_gone_and_uses_the_family_addressing():
    client = ScriptedClient(checkers__delete=[{}, NotFoundError("no such", status=404)])
    assert core.delete(client, THINGS, "thg_1") is True
    assert core.delete(client, THINGS, "thg_1") is False
    assert client.calls[0][3] == {"ruleUUIDs": ["thg_1"]}


def test_delete_passes_other_errors_on():
    client = ScriptedClient(checkers__delete=[ServerError("boom", status=500)])
    with pytest.raises(ServerError):
        core.delete(client, THINGS, "thg_1")


def test_set_enabled_by_either_verb():
    client = ScriptedClient(mutes__enable=[{}], mutes__disable=[{}], checkers__set_disable=[{}])
    core.set_enabled(client, THINGS, "thg_1", True)
    core.set_enabled(client, THINGS, "thg_1", False)
    core.set_enabled(client, LISTED, "thg_1", False)
    assert [(c[0], c[1], c[3]) for c in client.calls] == [
        ("mutes.enable", {"uuid": "thg_1"}, None), ("mutes.disable", {"uuid": "thg_1"}, None),
        ("checkers.set_disable", None, {"ruleUUIDs": ["thg_1"], "isDisable": True})]


def test_create_returns_the_answer():
    client = ScriptedClient(mutes__create=[{"uuid": "thg_1", "name": "a"}])
    assert core.create(client, THINGS, {"name": "a"}, "a") == {"uuid": "thg_1", "name": "a"}
    assert routes(client) == ["mutes.create"]


def test_a_lost_create_answer_is_recovered_by_name_never_created_twice():
    client = ScriptedClient([{"uuid": "thg_1", "name": "a"}], mutes__create=[OutcomeUnknownError("no answer")])
    assert core.create(client, THINGS, {"name": "a"}, "a")["uuid"] == "thg_1"
    assert routes(client) == ["mutes.create", "mutes.list"]


def test_a_lost_create_answer_is_raised_when_nothing_was_made():
    client = ScriptedClient([], mutes__create=[OutcomeUnknownError("no answer", status=504)])
    with pytest.raises(OutcomeUnknownError, match="no answer"):
        core.create(client, THINGS, {"name": "a"}, "a")


def test_a_lost_create_answer_whose_look_up_fails_says_both():
    client = ScriptedClient(mutes__create=[OutcomeUnknownError("no answer", status=504)],
                            dashboards__get=[ServerError("down", status=502, trace_id="T1")])
    with pytest.raises(OutcomeUnknownError, match="answer was lost .504: no answer.*looking for it failed too: down") as caught:
        core.create(client, THINGS, {"name": "a"}, "a", uuid="thg_1")
    assert caught.value.trace_id == "T1"


def test_an_answer_without_the_object_is_read_back():
    client = ScriptedClient([{"uuid": "thg_1", "name": "a"}], mutes__create=[True])
    assert core.create(client, THINGS, {"name": "a"}, "a")["uuid"] == "thg_1"


class TaskModule:
    """What items_of and Item read of a module: params, check mode, warnings."""

    def __init__(self, check_mode=False, **params):
        self.params = params
        self.check_mode = check_mode
        self.warnings = []

    def warn(self, text):
        self.warnings.append(text)


SPEC = core.item_spec(dict(name=dict(type="str"), size=dict(type="int", default=3), state=dict(type="str", choices=["present", "absent"])))


def label(params):
    return params["name"]


def test_items_take_the_tasks_options_and_warn_under_their_label():
    module = TaskModule(check_mode=True, items=[{"name": "a"}, {"name": "b", "size": "5"}], name=None, size=3, state="present", api_key="k")
    found = core.items_of(module, "items", SPEC, label)
    assert [(i.params["name"], i.params["size"], i.params["state"], i.params["api_key"], i.check_mode) for i in found] == [
        ("a", 3, "present", "k", True), ("b", 5, "present", "k", True)]
    found[1].warn("careful")
    assert module.warnings == ["items[1] (b): careful"]


@pytest.mark.parametrize("item, message", [
    ({"name": "a", "api_key": "x"}, r"items\[0\] has options api_key that do not apply to one item .*it takes: name, size, state"),
    ({"name": "a", "size": "many"}, r"items\[0\]: .*size"),
    ({"name": "a", "state": "gone"}, r"items\[0\]: .*state"),
    ({"name": ""}, r"items\[0\] \(\): a name is needed"),
])
def test_bad_items_are_refused_naming_the_item(item, message):
    def validate(params):
        if not params["name"]:
            raise OptionError("a name is needed")
    module = TaskModule(items=[item], name=None, size=3, state="present")
    with pytest.raises(OptionError, match=message):
        core.items_of(module, "items", SPEC, label, validate)


def test_items_take_the_tasks_value_for_an_option_ansible_filled_in_as_none():
    module = TaskModule(items=[{"name": "a", "size": None, "state": None}], name=None, size=3, state="absent")
    found = core.items_of(module, "items", SPEC, label)
    assert (found[0].params["size"], found[0].params["state"]) == (3, "absent")


def test_run_items_in_order_with_headed_diffs_and_the_failing_item_named():
    module = TaskModule(items=[{"name": "a"}, {"name": "b"}, {"name": "c"}], name=None, size=3, state="present")
    seen = []

    def run_one(item):
        seen.append(item.params["name"])
        if item.params["name"] == "b":
            raise ServerError("boom", status=500, error_code="E1", trace_id="T2")
        return {"name": item.params["name"]}, {"before": "{}\n", "after": "{}\n"}
    found = core.items_of(module, "items", SPEC, label)
    results, diffs = core.run_items(found[:1], run_one, with_diff=True)
    assert results == [{"name": "a"}] and diffs[0]["before_header"] == "items[0] (a)"
    with pytest.raises(core.ItemFailed) as caught:
        core.run_items(found, run_one, with_diff=False)
    assert seen == ["a", "a", "b"]
    assert caught.value.results == [{"name": "a"}]
    assert str(caught.value).startswith("items[1] (b): boom (HTTP 500, errorCode E1, traceId T2)")


def test_task_result_holds_every_items_result_and_a_failure_carries_the_result_so_far():
    module = TaskModule(items=[{"name": "a"}, {"name": "b"}, {"name": "c"}], name=None, size=3, state="present")
    found = core.items_of(module, "items", SPEC, label)

    def run_one(item):
        if item.params["name"] == "c":
            raise ServerError("boom", status=500, error_code="E1", trace_id="T3")
        return {"changed": item.params["name"] == "b"}, {"before": "{}\n", "after": "{}\n"}
    assert core.task_result("items", found[:2], run_one, with_diff=False) == {
        "changed": True, "items": [{"changed": False}, {"changed": True}]}
    assert [d["after_header"] for d in core.task_result("items", found[:2], run_one, with_diff=True)["diff"]] == [
        "items[0] (a)", "items[1] (b)"]
    with pytest.raises(core.ItemFailed) as caught:
        core.task_result("items", found, run_one, with_diff=True)
    assert caught.value.details() == {"status": 500, "error_code": "E1", "trace_id": "T3", "changed": True,
                                      "items": [{"changed": False}, {"changed": True}]}
    # Without the option (run_items alone), details() are the server's facts only.
    with pytest.raises(core.ItemFailed) as caught:
        core.run_items(found, run_one, with_diff=False)
    assert caught.value.details() == {"status": 500, "error_code": "E1", "trace_id": "T3"}


@pytest.mark.parametrize("with_diff", [False, True])
def test_one_result_has_the_diff_only_in_diff_mode(with_diff):
    result = core.one_result(({"changed": True}, {"before": "{}\n", "after": "{}\n"}), with_diff)
    assert ("diff" in result) is with_diff and result["changed"] is True
