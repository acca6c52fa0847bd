# -*- coding: utf-8 -*-
# Copyright: (c) 2026, guance.cloud maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""guance_pipeline and guance_pipeline_info against the emulator: create, compare, modify, enable, delete, check and
diff mode, exact request counts, items in one task with pruning by marker, and bad input before any request."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.guance.cloud.plugins.modules import guance_pipeline, guance_pipeline_info

SCRIPT = u'grok(_, "%{IPORHOST:client_ip} %{GREEDYDATA:msg}")\n# 中文注释\n'
NGINX = dict(name="nginx_access", sources=["nginx"], script=SCRIPT, test_data="127.0.0.1 GET /\n")

LIST = ("GET", "/api/v1/pipeline/list", 200)
EXPORT = ("POST", "/api/v1/pipeline/export", 200)
ADD = ("POST", "/api/v1/pipeline/add", 200)
DISABLE = ("POST", "/api/v1/pipeline/batch_set_disable", 200)
DELETE = ("GET", "/api/v1/pipeline/delete", 200)


def modify(control):
    uuid = control.held("pipelines")[0]["uuid"]
    return ("POST", "/api/v1/pipeline/%s/modify" % uuid, 200)


@pytest.fixture
def control(emulator):
    return emulator()


def run(run_module, control, module=guance_pipeline, **args):
    control.clear_requests()
    return run_module(module, **dict(control.args, **args))


def test_create_check_mode_then_real_then_nothing_to_do(run_module, control):
    checked = run(run_module, control, check_mode=True, diff=True, **NGINX)
    assert checked["changed"] is True and control.statuses() == [LIST] and control.held("pipelines") == []
    assert checked["diff"]["before"] == "{}\n" and u"\n# script\n" + SCRIPT.rstrip("\n") + "\n" in checked["diff"]["after"]
    created = run(run_module, control, **NGINX)
    assert created["changed"] is True and created["uuid"].startswith("pl_") and control.statuses() == [LIST, ADD]
    assert created["pipeline"]["script"] == SCRIPT and created["pipeline"]["sources"] == ["nginx"]
    # The answers add a line break to the base64 text and the script ends with one: still unchanged, in 2 requests.
    again = run(run_module, control, diff=True, **{**NGINX, "script": SCRIPT.rstrip("\n")})
    assert again["changed"] is False and control.statuses() == [LIST, EXPORT]
    assert again["diff"]["before"] == again["diff"]["after"]


def test_a_changed_script_is_one_modify_and_its_diff_shows_lines(run_module, control):
    run(run_module, control, **NGINX)
    changed = run(run_module, control, diff=True, **{**NGINX, "script": SCRIPT.replace("msg", "message")})
    assert changed["changed"] is True and control.statuses() == [LIST, EXPORT, modify(control)]
    assert "%{GREEDYDATA:msg}" in changed["diff"]["before"] and "%{GREEDYDATA:message}" in changed["diff"]["after"]
    assert u"# 中文注释" in changed["diff"]["after"]
    assert run(run_module, control, **{**NGINX, "script": SCRIPT.replace("msg", "message")})["changed"] is False


def test_enabled_alone_is_one_switch_request(run_module, control):
    run(run_module, control, **NGINX)
    disabled = run(run_module, control, enabled=False, **NGINX)
    assert disabled["changed"] is True and disabled["pipeline"]["enabled"] is False
    assert control.statuses() == [LIST, EXPORT, DISABLE]
    assert run(run_module, control, enabled=False, **NGINX)["changed"] is False


def test_create_disabled_and_delete_twice(run_module, control):
    created = run(run_module, control, enabled=False, **NGINX)
    assert control.statuses() == [LIST, ADD, DISABLE] and control.held("pipelines")[0]["status"] == 2
    assert created["pipeline"]["enabled"] is False
    gone = run(run_module, control, name="nginx_access", state="absent", diff=True)
    assert gone["changed"] is True and control.statuses() == [LIST, EXPORT, DELETE] and gone["diff"]["after"] == "{}\n"
    assert run(run_module, control, name="nginx_access", state="absent")["changed"] is False
    assert control.statuses() == [LIST]


def test_a_name_in_another_category_is_another_pipeline(run_module, control):
    run(run_module, control, **NGINX)
    other = run(run_module, control, category="metric", **NGINX)
    assert other["changed"] is True and len(control.held("pipelines")) == 2


@pytest.mark.parametrize("args, message", [
    (dict(NGINX, name="nginx.access"), "name must be 1 to 256 letters"),
    (dict(NGINX, category="logs"), "value of category must be one of"),
    (dict(name="nginx_access", src="/nonexistent/nginx.p"), "src: cannot read /nonexistent/nginx.p"),
    (dict(name="new_one"), "script or src is required to create a Pipeline"),
    (dict(pipelines=[dict(name="a.b", script="x")]), "pipelines[0] (logging/a.b): name must be"),
    (dict(import_pipelines=[dict(name="a", category="logging", content="")]), "import_pipelines[0]: script may not be empty"),
])
def test_bad_input_is_refused_before_any_request(run_module, control, args, message):
    failed = run(run_module, control, **args)
    assert failed["failed"] is True and message in failed["msg"]
    # A Pipeline to create without a script is known to be missing only after the list.
    assert control.statuses() == ([LIST] if "script or src" in message else [])


def test_items_cost_one_list_and_one_export_and_prune_only_marked(run_module, control):
    marked = "# managed-by-ansible\n"
    items = [dict(name="p%d" % i, script=marked + "drop()\n", sources=["s%d" % i]) for i in range(4)]
    run(run_module, control, name="by_hand", script="drop()\n")
    first = run(run_module, control, pipelines=items, prune_marker="managed-by-ansible")
    assert first["changed"] is True and [r["changed"] for r in first["pipelines"]] == [True] * 4
    again = run(run_module, control, pipelines=items, prune_marker="managed-by-ansible")
    assert again["changed"] is False and control.statuses() == [LIST, EXPORT] and again["pruned"] == []
    pruned = run(run_module, control, diff=True, pipelines=items[:2], prune_marker="managed-by-ansible")
    assert sorted(p["name"] for p in pruned["pruned"]) == ["p2", "p3"] and len(pruned["diff"]) == 4
    assert sorted(p["name"] for p in control.held("pipelines")) == ["by_hand", "p0", "p1"]


def test_info_reads_scripts_in_one_export_and_returns_importable_entries(run_module, control):
    run(run_module, control, **NGINX)
    run(run_module, control, name="cpu", category="metric", script="drop()")
    info = run(run_module, control, module=guance_pipeline_info, categories=["logging"])
    assert [p["name"] for p in info["pipelines"]] == ["nginx_access"] and info["pipelines"][0]["script"] == SCRIPT
    assert control.statuses() == [LIST, EXPORT] and info["exported"][0]["name"] == "nginx_access"
    bare = run(run_module, control, module=guance_pipeline_info, names=["cpu"], scripts=False)
    assert control.statuses() == [LIST] and "script" not in bare["pipelines"][0] and "exported" not in bare


def test_import_moves_an_exported_set_and_is_idempotent(run_module, control, emulator):
    run(run_module, control, **NGINX)
    exported = run(run_module, control, module=guance_pipeline_info)["exported"]
    other = emulator()
    moved = run(run_module, other, import_pipelines=exported)
    assert moved["changed"] is True and other.statuses() == [LIST, ("POST", "/api/v1/pipeline/import", 200)]
    assert other.held("pipelines")[0]["name"] == "nginx_access"
    assert run(run_module, other, import_pipelines=exported)["changed"] is False and other.statuses() == [LIST, EXPORT]


def test_type_no_answer_shows_is_unverified_and_enabled_alone_rewrites_nothing(run_module, control):
    run(run_module, control, type="central", **NGINX)
    same = run(run_module, control, type="central", **NGINX)
    assert same["changed"] is False and same["unverified"] == ["type"] and "do not show type" in same["warnings"][0]
    toggled = run(run_module, control, type="central", enabled=False, **NGINX)
    assert toggled["changed"] is True and control.statuses() == [LIST, EXPORT, DISABLE]


def test_a_rerun_after_a_lost_create_answer_creates_nothing(run_module, control):
    control.fault(method="POST", path="/api/v1/pipeline/add", count=1, kind="lost_answer", then="drop")
    first = run(run_module, control, **NGINX)
    assert first["changed"] is True and first["uuid"].startswith("pl_")
    assert run(run_module, control, **NGINX)["changed"] is False and len(control.held("pipelines")) == 1
