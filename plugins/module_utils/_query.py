# -*- coding: utf-8 -*-
# Copyright: (c) 2026, guance.cloud maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""DQL queries a play can gate on: the statements checked and bound, the rows as dicts.

Statements go to query_data_v1 in one request (one query per statement); a query Guance reports as
still running is followed on the asynchronous route (open-api/query-data/query-data-v1.md and
query-data-asynchronous.md; our reading is in docs/api-notes.md, "Queries").

Parameters: a statement names a value of `params` as ?{name}. `?` appears nowhere in DQL outside a
string or a backquoted name (dql/define.md), and braces after it make the end of the name plain, so
the form cannot be read as DQL; `$` (regular expressions) and Jinja's braces stay untouched. Only
text outside strings, backquoted names and comments is searched, and each value goes in as a DQL
literal built by _dql.literal, so no value can change a statement's structure.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re
import time

from ansible_collections.guance.cloud.plugins.module_utils import _dql
from ansible_collections.guance.cloud.plugins.module_utils._errors import (
    GuanceError,
    MalformedResponseError,
    OptionError,
    ParameterError,
)

DEFAULT_TIME_RANGE = "15m"
DEFAULT_QUERY_TIMEOUT = 60
NO_DATA_CHOICES = ("empty", "fail")

# The namespaces of dql/define.md, short and long, and the S and P of its examples.
NAMESPACES = ("M", "O", "CO", "L", "E", "T", "R", "F", "N", "S", "P", "metric", "object", "custom_object",
              "logging", "event", "tracing", "rum", "func", "network", "security", "profiling")
_STATEMENT_START = re.compile(r"^\s*(?:(?:%s)\s*::|show_\w+\s*\()" % "|".join(NAMESPACES), re.IGNORECASE)
PLACEHOLDER = re.compile(r"\?\{([^{}]*)\}")
_PARAM_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_QUOTES = "'\"`"

# Polling a running query: the first wait, doubling up to the last (each poll is a request of the key's 20 a minute).
POLL_FIRST = 1.0
POLL_MAX = 8.0


class NoDataError(GuanceError):
    """A statement answered no rows, and the caller asked to fail on that."""


class QueryTimeoutError(GuanceError):
    hint = "Narrow the statement or the time range, or raise query_timeout"


def segments(text, option="query"):
    """The statement cut into (kind, text) pieces: "code", "string" (quoted or backquoted) or "comment".

    Inside quotes a backslash keeps the next character (Go's rule; DQL documents no escape), and a
    string left open is refused, as DQL would refuse it.
    """
    pieces = []
    start = position = 0
    while position < len(text):
        char = text[position]
        if char in _QUOTES or char == "#":
            if position > start:
                pieces.append(("code", text[start:position]))
            end = _string_end(text, position, option) if char != "#" else _line_end(text, position)
            pieces.append(("string" if char != "#" else "comment", text[position:end]))
            start = position = end
            continue
        position += 1
    if start < len(text):
        pieces.append(("code", text[start:]))
    return pieces


def _string_end(text, position, option):
    quote = text[position]
    index = position + 1
    while index < len(text):
        if text[index] == "\\" and quote != "`":
            index += 2
            continue
        if text[index] == quote:
            return index + 1
        index += 1
    raise OptionError("%s: the string or name opened with %s at character %d is never closed: %s"
                      % (option, quote, position + 1, text))


def _line_end(text, position):
    end = text.find("\n", position)
    return len(text) if end < 0 else end


def check_statement(text, option="query"):
    """The statement, or OptionError when it is not text that starts like DQL (a namespace and ::)."""
    if not isinstance(text, str) or not text.strip():
        raise OptionError("%s: expected a DQL statement such as M::`cpu`:(avg(`usage_idle`)) BY `host`, got %r" % (option, text))
    if not _STATEMENT_START.match(text):
        raise OptionError(
            "%s: %r is not a DQL statement: it must start with a namespace and :: (M:: for metrics, L:: logs, O:: objects,"
            " E:: events, T:: traces, R:: RUM...) or a show_...() function" % (option, text))
    segments(text, option)
    return text


def check_params(params):
    """params as a dict of checked names; OptionError naming the key otherwise."""
    if params is None:
        return {}
    if not isinstance(params, dict):
        raise OptionError("params: expected a dict of names to values, got %r" % (params,))
    for name in params:
        if not isinstance(name, str) or not _PARAM_NAME.match(name):
            raise OptionError("params: %r is not a parameter name (letters, digits and _, not starting with a digit)" % (name,))
    return dict(params)


def param_literal(name, value):
    """A parameter's value as DQL spells it: a literal, or a [list] of them for IN."""
    option = "params.%s" % name
    if isinstance(value, (list, tuple)):
        if not value:
            raise OptionError("%s: an empty list matches nothing; give at least one value" % option)
        return "[%s]" % ", ".join(_dql.literal(item, option) for item in value)
    return _dql.literal(value, option)


def bind(text, params, used, option="query"):
    """The statement with each ?{name} outside strings and comments replaced by its value; `used` collects names."""
    out = []
    for kind, piece in segments(text, option):
        if kind == "code":
            piece = PLACEHOLDER.sub(lambda match: _value_of(match, params, used, option), piece)
        out.append(piece)
    return "".join(out)


def _value_of(match, params, used, option):
    name = match.group(1)
    if name not in params:
        known = ", ".join(sorted(params)) or "none"
        raise OptionError("%s: ?{%s} names no key of params (given: %s)" % (option, name, known))
    used.add(name)
    return param_literal(name, params[name])


class Query:
    """Statements to run, checked and bound before any request (OptionError names the option)."""

    def __init__(self, statements, params=None, time_range=DEFAULT_TIME_RANGE, latest=False,
                 on_no_data="empty", query_timeout=DEFAULT_QUERY_TIMEOUT):
        if not isinstance(statements, (list, tuple)):
            statements = [statements]
        if not statements:
            raise OptionError("query: give at least one DQL statement")
        if on_no_data not in NO_DATA_CHOICES:
            raise OptionError("on_no_data: expected one of %s, got %r" % (", ".join(NO_DATA_CHOICES), on_no_data))
        if not _is_number(query_timeout) or not 0 <= query_timeout <= 86400:
            raise OptionError("query_timeout: expected seconds from 0 to 86400, got %r" % (query_timeout,))
        params = check_params(params)
        used = set()
        self.statements = [bind(check_statement(text), params, used) for text in statements]
        unused = sorted(set(params) - used)
        if unused:
            raise OptionError("params: %s not used by any ?{name} of the statement" % ", ".join(unused))
        self.time_range = time_range
        self.span_ms = _dql.time_range_ms(time_range)
        self.latest = bool(latest)
        self.on_no_data = on_no_data
        self.query_timeout = query_timeout


def request_body(statements, window, async_ids=None):
    """The body of query_data_v1 (or, with async_ids, of the asynchronous route): one query per statement."""
    queries = []
    for position, text in enumerate(statements):
        # Without disableMultipleField: false the server answers a single column.
        entry = {"qtype": "dql", "query": {"q": text, "timeRange": window, "disableMultipleField": False}}
        if async_ids:
            entry["async_id"] = async_ids[position]
        queries.append(entry)
    return {"queries": queries}


def results_of(content, count):
    """The `count` results of content.data, in the order of the queries."""
    data = content.get("data") if isinstance(content, dict) else None
    if not isinstance(data, list) or len(data) != count or not all(isinstance(one, dict) for one in data):
        raise MalformedResponseError("Guance answered %d DQL queries without %d results in content.data" % (count, count))
    return data


def is_running(result):
    return bool(result.get("is_running")) and bool(result.get("async_id"))


def rows_of(result, latest=False):
    """One dict per row: the series' group tags, `time` and each column by name; rows of null values left out.

    With `latest`, only the newest row (by its time) of each series whose values are all set.
    """
    rows = []
    for series in result.get("series") or []:
        if not isinstance(series, dict):
            raise MalformedResponseError("Guance answered a DQL series that is not an object")
        series_rows = list(_series_rows(series))
        if latest:
            series_rows = _newest(series_rows)
        rows.extend(pair[0] for pair in series_rows)
    return rows


def _series_rows(series):
    """(row, value columns) of one series, without the rows whose values are all null (no data)."""
    columns = series.get("columns") or []
    tags = series.get("tags") if isinstance(series.get("tags"), dict) else {}
    values_of = [column for column in columns if column != "time" and column not in tags]
    for values in series.get("values") or []:
        row = dict(tags)
        row.update(zip(columns, values))
        if values_of and all(row.get(column) is None for column in values_of):
            continue
        yield row, values_of


def _newest(series_rows):
    """The row with the greatest time among those with no null value, as a one-item list (or none)."""
    complete = [(row, columns) for row, columns in series_rows
                if _is_number(row.get("time")) and all(row.get(column) is not None for column in columns)]
    if not complete:
        return []
    return [max(complete, key=lambda pair: pair[0]["time"])]


def run_query(client, query, now_ms=None, sleep=time.sleep, monotonic=time.monotonic):
    """The rows of every statement, one list after another; NoDataError per on_no_data."""
    if now_ms is None:
        now_ms = int(time.time() * 1000)
    window = _dql.time_window(query.span_ms, now_ms)
    results = _send(client, "objects.query", query.statements, window)
    results = _follow(client, query, window, results, sleep, monotonic)
    rows = []
    for text, result in zip(query.statements, results):
        found = rows_of(result, query.latest)
        if not found and query.on_no_data == "fail":
            raise NoDataError("no data for %s in the last %s (%s)" % (text, query.time_range, _window_text(window)))
        rows.extend(found)
    return rows


def _follow(client, query, window, results, sleep, monotonic):
    """The results with every running query followed on the asynchronous route until it ends."""
    deadline = monotonic() + query.query_timeout
    delay = POLL_FIRST
    results = list(results)
    while True:
        running = [position for position, result in enumerate(results) if is_running(result)]
        if not running:
            return results
        if monotonic() + delay > deadline:
            raise QueryTimeoutError("the query %s was still running after query_timeout (%s s)"
                                    % (query.statements[running[0]], query.query_timeout))
        sleep(delay)
        delay = min(delay * 2, POLL_MAX)
        statements = [query.statements[position] for position in running]
        ids = [results[position]["async_id"] for position in running]
        for position, result in zip(running, _send(client, "objects.query_async", statements, window, ids)):
            results[position] = result


def _send(client, route, statements, window, async_ids=None):
    try:
        answer = client.request(route, body=request_body(statements, window, async_ids))
    except ParameterError as err:
        err.hint = "Guance refused the DQL statement %s; check its syntax against Guance's DQL documentation" % " / ".join(statements)
        raise
    return results_of(answer.content, len(statements))


def _window_text(window):
    start, end = (time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(ms / 1000.0)) for ms in window)
    return "%s to %s" % (start, end)


def _is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)
