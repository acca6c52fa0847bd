# -*- coding: utf-8 -*-
# Copyright: (c) 2026, guance.cloud maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""_pipelines' pure parts: name characters, categories, base64 and the newline rule, states, bodies, the marker."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.guance.cloud.plugins.module_utils import _pipelines as pl
from ansible_collections.guance.cloud.plugins.module_utils._errors import OptionError

OK = dict(name="nginx_access", category="logging", state="present")


@pytest.mark.parametrize("name", ["nginx_access", "nginx-access", "Nginx01", u"日志_处理", "a" * 256])
def test_names_the_docs_allow(name):
    pl.validate(dict(OK, name=name))


@pytest.mark.parametrize("name", ["nginx.access", "nginx access", "", "a" * 257, u"ログ", "a/b", None, "tab\t"])
def test_names_the_docs_refuse_name_the_option(name):
    with pytest.raises(OptionError, match="^name must be 1 to 256 letters"):
        pl.validate(dict(OK, name=name))


@pytest.mark.parametrize("category", pl.CATEGORIES)
def test_every_category_the_page_lists(category):
    pl.validate(dict(OK, category=category))


@pytest.mark.parametrize("params, message", [
    (dict(OK, category="logs"), "category must be one of logging, object"),
    (dict(OK, type="remote"), "type must be one of local, central"),
    (dict(OK, script="x", src="a.p"), "script or src, not both"),
    (dict(OK, script="\n\n"), "script may not be empty"),
    (dict(OK, sources=["nginx", " "]), "sources must be a list of non-empty"),
])
def test_bad_options_are_refused(params, message):
    with pytest.raises(OptionError, match=message):
        pl.validate(params)


def test_a_missing_src_is_refused(tmp_path):
    with pytest.raises(OptionError, match="^src: cannot read .*missing.p"):
        pl.read_src(dict(OK, src=str(tmp_path / "missing.p")))
    path = tmp_path / "ok.p"
    path.write_text(u"grok(_, \"%{IP:ip}\") # 中文\n", encoding="utf-8")
    assert pl.read_src(dict(OK, src=str(path)))["script"] == u"grok(_, \"%{IP:ip}\") # 中文\n"


@pytest.mark.parametrize("answered, text", [
    ("YWRkX2tleShjaXR5LCAic2hhbmdoYWkiKQ==\n", 'add_key(city, "shanghai")'),   # the examples' form
    ("YWRkX2tleShjaXR5LCAic2hhbmdoYWkiKQ==", 'add_key(city, "shanghai")'),
    ("W10=\n", "[]"),
    ("", ""),
    (None, ""),
    ("not base64!", "not base64!"),
    (pl.encode(u"中文\n" * 40) + "\n", u"中文\n" * 40),
])
def test_answers_decode_whatever_line_breaks_they_carry(answered, text):
    assert pl.decode(answered) == text


def test_encode_sends_no_line_break_as_the_examples():
    assert pl.encode('add_key(city, "shanghai")') == "YWRkX2tleShjaXR5LCAic2hhbmdoYWkiKQ=="
    assert "\n" not in pl.encode("x" * 200)


@pytest.mark.parametrize("a, b", [("s\n", "s"), ("s\n\n", "s"), ("s\r\n", "s"), ("a\nb\n", "a\nb")])
def test_one_rule_for_a_final_line_break(a, b):
    assert pl.same_text(a) == pl.same_text(b)


def test_a_changed_line_is_a_change():
    assert pl.same_text("a\nb\n") != pl.same_text("a\nc\n")


SERVER = {"uuid": "pl_1", "name": "nginx_access", "category": "logging", "asDefault": 0, "status": 0,
          "source": ["nginx", "web"], "content": pl.encode("grok(_, x)\n") + "\n", "testData": "W10=\n"}


def test_the_server_form_and_the_task_compare_equal():
    params = dict(OK, sources=["web", "nginx"], script="grok(_, x)", test_data="[]\n", as_default=False, enabled=True)
    assert pl.current_state(SERVER) == pl.desired_state(params)


@pytest.mark.parametrize("shown, enabled", [({"status": 0}, True), ({"status": 2}, False), ({"isDisable": True, "status": 0}, False),
                                            ({"isDisable": False}, True), ({}, True)])
def test_enabled_from_status_or_is_disable(shown, enabled):
    assert pl.is_enabled(shown) is enabled


def test_what_the_task_leaves_out_is_not_managed():
    assert pl.desired_state(OK) == {"name": "nginx_access", "category": "logging"}


def test_a_modify_body_keeps_what_the_task_leaves_out():
    body = pl.request_body(dict(OK, sources=None, script=None, test_data=None), pl.current_state(SERVER))
    assert body == {"name": "nginx_access", "category": "logging", "type": "local", "source": ["nginx", "web"],
                    "content": pl.encode("grok(_, x)"), "testData": pl.encode("[]"), "asDefault": 0}


def test_a_default_is_forced():
    body = pl.request_body(dict(OK, script="x", as_default=True), None)
    assert (body["asDefault"], body["isForce"], body["source"], body["testData"]) == (1, True, [], "")


def test_the_diff_shows_the_script_as_lines_and_chinese_as_written():
    shown = pl.diff({"name": u"日志", "script": "a\nb"}, {"name": u"日志", "script": "a\nc"})
    assert shown["before"].endswith("\n# script\na\nb\n") and shown["after"].endswith("\n# script\na\nc\n")
    assert u"日志" in shown["before"]


def test_the_marker_is_a_line_of_its_own():
    assert pl.carries_marker("# managed-by-ansible\ngrok(_, x)\n", "managed-by-ansible")
    assert not pl.carries_marker("grok(_, x) # managed-by-ansible-too\n", "managed-by-ansible")


def test_delete_is_a_get_that_changes_and_export_a_post_that_reads():
    from ansible_collections.guance.cloud.plugins.module_utils import _client
    assert _client.route_of("pipelines.delete")[::3] == ("GET", _client.CHANGE)
    assert _client.route_of("pipelines.export")[::3] == ("POST", _client.READ)
