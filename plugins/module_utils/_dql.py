# -*- coding: utf-8 -*-
# Copyright: (c) 2026, guance.cloud maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Builds the DQL statements that read Guance objects (contract section 5.1). Pure: no I/O.

Nothing a user types can change a statement's structure: identifiers go in backticks (a name
holding a backtick is refused), every string value that is not plain goes out as a base64
literal (the one escape-free string form DQL documents for values, dql/define.md), and the text
of a search goes into re() or wildcard() with every character that could end the string or
change the pattern quoted or widened (docs/api-notes.md, "Objects and DQL").
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import base64
import math
import re

from ansible_collections.guance.cloud.plugins.module_utils._errors import OptionError

NAMESPACES = {False: "O", True: "CO"}

# Values made only of these characters are safe between single quotes.
_PLAIN_VALUE = re.compile(r"^[A-Za-z0-9_.:-]*$")
_TIME_RANGE = re.compile(r"^([1-9][0-9]*)([smhdw])$")
_UNIT_MS = {"s": 1000, "m": 60 * 1000, "h": 3600 * 1000, "d": 86400 * 1000, "w": 7 * 86400 * 1000}


def identifier(name, option):
    """`name` in backticks; `option` names what the user set, for the error message."""
    if not isinstance(name, str) or not name:
        raise OptionError("%s: a name must be a non-empty string, got %r" % (option, name))
    if "`" in name:
        # DQL has no documented escape for a backtick inside an identifier.
        raise OptionError("%s: %r contains a backtick, which no Guance field or class name can hold" % (option, name))
    return "`%s`" % name


def literal(value, option):
    """A value as DQL spells it: a number, 'plain' text or b64'...'."""
    if isinstance(value, bool):
        # DQL documents string and number literals only (contract 5.1), and Guance compares a
        # boolean field by its text, so true goes out as 'true'.
        return "'true'" if value else "'false'"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            raise OptionError("%s: %r is not a value DQL can compare with" % (option, value))
        return repr(value)
    if isinstance(value, str):
        if _PLAIN_VALUE.match(value):
            return "'%s'" % value
        return "b64'%s'" % base64.b64encode(value.encode("utf-8")).decode("ascii")
    raise OptionError("%s: %r is not a string, number or boolean" % (option, value))


def condition(field, value, option):
    """`field` equal to `value`, or to any member when `value` is a list; None for an empty list (no match)."""
    name = identifier(field, option)
    if isinstance(value, (list, tuple)):
        if not value:
            return None
        if len(value) > 1:
            members = ", ".join(literal(item, option) for item in value)
            return "%s IN [%s]" % (name, members)
        value = value[0]
    return "%s = %s" % (name, literal(value, option))


def statement(object_class, custom=False, fields=None, filters=None, names=None, search=None):
    """The DQL text that selects the objects.

    `filters` maps a field to a value or a list of values; `names` is a list of exact names;
    `search` a substring of the name (or a prefix ending in `*`). The statement carries no LIMIT:
    the request pages it. Returns None when a condition can match nothing (an empty list of values),
    once every part has been checked, so bad input is reported even then.
    """
    text = "%s::%s" % (NAMESPACES[bool(custom)], identifier(object_class, "object_class"))
    if fields:
        text += ":(%s)" % ", ".join(identifier(field, "fields") for field in fields)
    conditions = [condition(field, (filters or {})[field], "filters.%s" % field) for field in sorted(filters or {})]
    if names is not None:
        conditions.append(condition("name", list(names), "names"))
    if search:
        conditions.append(search_condition(search)[0])
    if None in conditions:
        return None
    if conditions:
        # The comma binds looser than OR, and no condition here holds a bare OR: AND by comma is exact.
        text += " { %s }" % ", ".join(conditions)
    return text


# Lucene's regular expressions (which Guance's re() uses for objects, dql/funcs.md) reserve these;
# the last six only with optional operators, which Elasticsearch turns on by default.
REGEXP_RESERVED = frozenset('.?+*|{}[]()"\\#@&<>~')
# Inside a DQL string these have no documented escape ('), or one DQL and Lucene might both read (" and \).
_UNQUOTABLE = frozenset("'\"\\")


def _unquotable(char):
    return char in _UNQUOTABLE or ord(char) < 0x20 or ord(char) == 0x7F


def search_kind(search):
    """'prefix' for text ending in one `*`, else 'substring'; OptionError for any other `*` or `?`."""
    if not isinstance(search, str):
        raise OptionError("search: expected a string, got %r" % (search,))
    body = search[:-1] if search.endswith("*") else search
    if "*" in body or "?" in body or not body:
        raise OptionError(
            "search: %r holds * or ? where Guance would read them as wildcards; search takes a plain part of the name,"
            " or the start of it followed by a single * (like web-*)" % search)
    return "prefix" if body != search else "substring"


def search_condition(search):
    """(DQL condition on `name`, exact): exact is False when characters had to be widened to any one
    character, so the rows need checking against the text itself (search_matches)."""
    if search_kind(search) == "prefix":
        pattern = "".join("?" if _unquotable(char) else char for char in search[:-1])
        # A prefix is the one wildcard real workspaces allow by default (no leading *, dql/funcs.md).
        return "`name` = wildcard('%s*')" % pattern, pattern == search[:-1]
    pattern = regexp_substring(search)
    return "`name` = re('%s')" % pattern, not any(_unquotable(char) for char in search)


def regexp_substring(search):
    """A Lucene regular expression matching any text that holds `search`: re() must match the whole value.

    Reserved characters go between double quotes, Lucene's documented literal form; characters that
    cannot be quoted inside a DQL string become `.` (any one character).
    """
    parts = []
    run = []
    for char in search:
        if char in REGEXP_RESERVED and not _unquotable(char):
            run.append(char)
            continue
        if run:
            parts.append('"%s"' % "".join(run))
            run = []
        parts.append("." if _unquotable(char) else char)
    if run:
        parts.append('"%s"' % "".join(run))
    return ".*%s.*" % "".join(parts)


def search_matches(search, name):
    """What `search` means, tested here on one name (the server's pattern may be wider)."""
    if not isinstance(name, str):
        return False
    if search.endswith("*"):
        return name.startswith(search[:-1])
    return search in name


def time_range_ms(text):
    """The length of a window like 15m, 1h or 7d in milliseconds."""
    match = _TIME_RANGE.match(text.strip()) if isinstance(text, str) else None
    if not match:
        raise OptionError("time_range: expected a positive number and a unit s, m, h, d or w (like 15m, 1h, 1d), got %r" % (text,))
    return int(match.group(1)) * _UNIT_MS[match.group(2)]


def time_window(span_ms, now_ms):
    """The request's timeRange: [start_ms, end_ms] ending now."""
    return [now_ms - span_ms, now_ms]
