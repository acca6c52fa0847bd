# -*- coding: utf-8 -*-
# Copyright: (c) 2026, guance.cloud maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import base64
import re

import pytest

from ansible_collections.guance.cloud.plugins.module_utils import _dql
from ansible_collections.guance.cloud.plugins.module_utils._errors import OptionError


def b64(text):
    return "b64'%s'" % base64.b64encode(text.encode("utf-8")).decode("ascii")


# Everything a statement may hold outside its literals: no user text may add to this.
STRUCTURE = re.compile(r"^(O|CO)::`[^`]+`(:\(`[^`]+`(, `[^`]+`)*\))?( \{ .* \})?$")
LITERAL = re.compile(r"b64'[A-Za-z0-9+/=]*'|'[A-Za-z0-9_.:-]*'|(?<=re\()'[^'\\\x00-\x1f\x7f]*'(?=\))")


@pytest.mark.parametrize("value, expected", [
    ("linux", "'linux'"),
    ("web-01.example.com:8080", "'web-01.example.com:8080'"),
    ("", "''"),
    ("a b", b64("a b")),
    ("x' } or 1=1 #", b64("x' } or 1=1 #")),
    ('say "hi"', b64('say "hi"')),
    ("{braces}", b64("{braces}")),
    ("back`tick", b64("back`tick")),
    ("back\\slash", b64("back\\slash")),
    ("line\nbreak", b64("line\nbreak")),
    (u"主机-é", b64(u"主机-é")),
    ("*", b64("*")),
    (42, "42"),
    (-7, "-7"),
    (0.5, "0.5"),
    (True, "'true'"),
    (False, "'false'"),
])
def test_literal(value, expected):
    assert _dql.literal(value, "filters.x") == expected


@pytest.mark.parametrize("value", [None, {"a": 1}, float("nan"), float("inf")])
def test_literal_refuses_what_dql_cannot_compare(value):
    with pytest.raises(OptionError, match=r"^filters\.x: "):
        _dql.literal(value, "filters.x")


def test_base64_literal_round_trips_unicode():
    text = u"x' } or 1=1 # 主机 \U0001F600"
    encoded = _dql.literal(text, "search")[4:-1]
    assert base64.b64decode(encoded).decode("utf-8") == text


@pytest.mark.parametrize("name", ["HOST", "host_processes", "a b", "with'quote", u"类", "x} or {"])
def test_identifier_quotes_in_backticks(name):
    assert _dql.identifier(name, "fields") == "`%s`" % name


@pytest.mark.parametrize("name", ["a`b", "`", "x` } #", "", None, 3])
def test_identifier_refuses_backticks_and_non_names(name):
    with pytest.raises(OptionError, match=r"^object_class: "):
        _dql.identifier(name, "object_class")


@pytest.mark.parametrize("field, value, expected", [
    ("os", "linux", "`os` = 'linux'"),
    ("pid", 1234, "`pid` = 1234"),
    ("is_docker", True, "`is_docker` = 'true'"),
    ("host", ["a", "b c"], "`host` IN ['a', %s]" % b64("b c")),
    ("host", ("a",), "`host` = 'a'"),
    ("port", [80, 443], "`port` IN [80, 443]"),
    ("host", [], None),
])
def test_condition(field, value, expected):
    assert _dql.condition(field, value, "filters.%s" % field) == expected


@pytest.mark.parametrize("kwargs, expected", [
    (dict(object_class="HOST"), "O::`HOST`"),
    (dict(object_class="business_service", custom=True), "CO::`business_service`"),
    (dict(object_class="HOST", fields=["host", "os"]), "O::`HOST`:(`host`, `os`)"),
    (dict(object_class="HOST", fields=[]), "O::`HOST`"),
    (dict(object_class="HOST", filters={"os": "linux", "arch": ["amd64", "arm64"]}),
     "O::`HOST` { `arch` IN ['amd64', 'arm64'], `os` = 'linux' }"),
    (dict(object_class="HOST", names=["web-01"]), "O::`HOST` { `name` = 'web-01' }"),
    (dict(object_class="HOST", names=["web-01", "db-01"]), "O::`HOST` { `name` IN ['web-01', 'db-01'] }"),
    (dict(object_class="HOST", search="web"), "O::`HOST` { `name` = re('.*web.*') }"),
    (dict(object_class="HOST", search="web-*"), "O::`HOST` { `name` = wildcard('web-*') }"),
    (dict(object_class="host_processes", fields=["pid"], filters={"host": "web-01"}, names=["web-01_1"], search="web"),
     "O::`host_processes`:(`pid`) { `host` = 'web-01', `name` = 'web-01_1', `name` = re('.*web.*') }"),
    (dict(object_class="HOST", search=""), "O::`HOST`"),
])
def test_statement(kwargs, expected):
    assert _dql.statement(**kwargs) == expected


@pytest.mark.parametrize("kwargs", [dict(names=[]), dict(filters={"host": []}), dict(filters={"os": "linux", "host": []})])
def test_statement_matching_nothing_is_none(kwargs):
    assert _dql.statement("HOST", **kwargs) is None


@pytest.mark.parametrize("kwargs, option", [
    (dict(object_class="HO`ST"), "object_class"),
    (dict(object_class="HOST", fields=["os", "a`b"]), "fields"),
    (dict(object_class="HOST", filters={"a`b": "x"}), "filters.a`b"),
    (dict(object_class="HOST", filters={"os": {"nested": 1}}), "filters.os"),
    (dict(object_class="HOST", filters={"os": [None]}), "filters.os"),
    (dict(object_class="HOST", names=[None]), "names"),
    (dict(object_class="HOST", search="*web"), "search"),
    (dict(object_class="HOST", search="w*b"), "search"),
    (dict(object_class="HOST", search="web**"), "search"),
    (dict(object_class="HOST", search="*"), "search"),
    (dict(object_class="HOST", search="w?b"), "search"),
    (dict(object_class="HOST", search=7), "search"),
    # Refused even when an empty list would have made the statement match nothing.
    (dict(object_class="HOST", names=[], filters={"a`b": "x"}), "filters.a`b"),
])
def test_statement_refuses_bad_input(kwargs, option):
    with pytest.raises(OptionError) as err:
        _dql.statement(**kwargs)
    assert str(err.value).startswith(option + ":")


@pytest.mark.parametrize("value", [
    "x' } or 1=1 #",
    "x\" } or 1=1 #",
    "'; O::`secret` #",
    "} , `name` != '",
    "a`b",
    "\\' OR 1=1",
    u"\u2019 } \uff5b",
])
def test_no_value_changes_the_structure(value):
    text = _dql.statement("HOST", filters={"os": value, "host": [value, "ok"]}, names=[value], search=value)
    assert STRUCTURE.match(text)
    # With every literal taken out, only backticked names, operators and re() remain.
    skeleton = LITERAL.sub("V", text)
    assert skeleton == "O::`HOST` { `host` IN [V, V], `os` = V, `name` = V, `name` = re(V) }"


@pytest.mark.parametrize("search, pattern, exact", [
    ("web", ".*web.*", True),
    ("eb-0", ".*eb-0.*", True),
    ("web.01", '.*web"."01.*', True),
    ("{eu}", '.*"{"eu"}".*', True),
    ("a+b|c", '.*a"+"b"|"c.*', True),
    ("(x)[y]", '.*"("x")["y"]".*', True),
    ("#@&<>~", '.*"#@&<>~".*', True),
    ("o'brien", ".*o.brien.*", False),
    ('say "1"', ".*say .1..*", False),
    ("a\\b", ".*a.b.*", False),
    ("line\nbreak", ".*line.break.*", False),
    (u"\u4e3b\u673a", u".*\u4e3b\u673a.*", True),
    ("^$", ".*^$.*", True),
])
def test_search_as_a_regular_expression(search, pattern, exact):
    assert _dql.search_condition(search) == ("`name` = re('%s')" % pattern, exact)


@pytest.mark.parametrize("search, pattern, exact", [
    ("web-*", "web-", True),
    ("o'b*", "o?b", False),
    ("a.b+*", "a.b+", True),
])
def test_search_as_a_prefix_wildcard(search, pattern, exact):
    assert _dql.search_condition(search) == ("`name` = wildcard('%s*')" % pattern, exact)


@pytest.mark.parametrize("search, name, expected", [
    ("web", "prod-web-1", True),
    ("web", "prod-WEB-1", False),
    ("web-*", "web-01", True),
    ("web-*", "prod-web-01", False),
    ("o'b", "o'brien", True),
    ("o'b", "o-brien", False),
    ("web", None, False),
])
def test_search_matches_here_as_on_the_server(search, name, expected):
    assert _dql.search_matches(search, name) is expected


@pytest.mark.parametrize("text, expected", [
    ("15m", 15 * 60 * 1000),
    ("1h", 3600 * 1000),
    ("1d", 86400 * 1000),
    ("2w", 14 * 86400 * 1000),
    ("30s", 30 * 1000),
    (" 1d ", 86400 * 1000),
])
def test_time_range_ms(text, expected):
    assert _dql.time_range_ms(text) == expected


@pytest.mark.parametrize("text", ["", "0m", "1", "d", "1y", "1.5h", "-1h", "1h30m", "1 h", None, 60])
def test_time_range_refuses_other_forms(text):
    with pytest.raises(OptionError, match=r"^time_range: "):
        _dql.time_range_ms(text)


def test_time_window_ends_now():
    assert _dql.time_window(60000, 1700000000000) == [1699999940000, 1700000000000]
