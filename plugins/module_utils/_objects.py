# -*- coding: utf-8 -*-
# Copyright: (c) 2026, guance.cloud maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Reading Guance objects (hosts, processes, containers, custom objects): contract section 5.

Objects are read through DQL on query_data_v1. A server without that route gets the older object
list instead, and the conditions DQL would have applied are applied here, so both routes give the
same objects. Pages are generators: memory grows with what is returned, not with what is read.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import time

from ansible_collections.guance.cloud.plugins.module_utils import _dql
from ansible_collections.guance.cloud.plugins.module_utils._client import unwrap_items
from ansible_collections.guance.cloud.plugins.module_utils._errors import (
    MalformedResponseError,
    OptionError,
    RouteNotFoundError,
)

CLASS_ALIASES = {"host": "HOST", "process": "host_processes", "container": "docker_containers"}
DEFAULT_TIME_RANGE = "1d"

# DQL's default and largest page is 1,000 rows; with search_after no offset grows, so the
# 10,000-row window of offset + limit never binds. The older list route allows 100 per page.
QUERY_PAGE_SIZE = 1000
LIST_PAGE_SIZE = 100

# A fixed order makes the result stable from run to run and the same on both routes.
ORDER_BY = [{"name": "asc"}]


class Selection:
    """Which objects to read, checked in full before any request (OptionError names the option)."""

    def __init__(self, object_class="host", custom=False, names=None, filters=None, search=None,
                 fields=None, time_range=DEFAULT_TIME_RANGE, limit=None):
        if limit is not None and limit < 1:
            raise OptionError("limit must be 1 or more, got %r" % (limit,))
        if filters is not None and not isinstance(filters, dict):
            raise OptionError("filters must map field names to a value or a list of values")
        self.object_class = CLASS_ALIASES.get(object_class, object_class)
        self.custom = bool(custom)
        self.names = None if names is None else list(names)
        self.filters = dict(filters or {})
        self.search = search or None
        self.fields = list(fields or [])
        self.span_ms = _dql.time_range_ms(time_range)
        self.limit = limit
        # Builds and so checks every name and value; None when an empty list leaves nothing to match.
        self.statement = _dql.statement(self.object_class, self.custom, self.fields, self.filters, self.names, self.search)
        # The same conditions as (field, values) pairs, for testing objects of the older list here.
        self._wanted = [(field, _as_list(value)) for field, value in self.filters.items()]
        if self.names is not None:
            self._wanted.append(("name", self.names))

    def matches(self, obj, window):
        """What the DQL statement and the time window select, tested on one object of the older list."""
        updated = obj.get("last_update_time")
        return (
            _is_number(updated) and window[0] <= updated <= window[1]
            # Substring search is case-sensitive in DQL's wildcard(); the older route's is not.
            and (self.search is None or self.search in _text(obj.get("name")))
            and all(any(_equals(obj.get(field), value) for value in values) for field, values in self._wanted)
        )

    def project(self, obj):
        """The object as returned: the fields asked for (None where missing), or every set one; plus class.

        Columns starting with `__` (such as `__docid`) are Guance's bookkeeping, so they are left out.
        """
        if self.fields:
            result = dict((field, obj.get(field)) for field in self.fields)
        else:
            result = dict((key, value) for key, value in obj.items() if value is not None and not key.startswith("__"))
        result.setdefault("class", obj.get("class") or self.object_class)
        return result


def flatten_series(series):
    """One dict per row of DQL series; rows are positional against columns, whose order varies."""
    for one in series or []:
        columns = one.get("columns") or []
        for values in one.get("values") or []:
            row = dict(zip(columns, values))
            # A series of objects is named after their class.
            row.setdefault("class", one.get("name"))
            yield row


def find_objects(client, selection, now_ms=None):
    """(objects, total) of the selection: at most selection.limit objects, and how many match.

    total is None when the older route stopped at the limit before it could count every match.
    """
    if selection.statement is None:
        return [], 0
    if now_ms is None:
        now_ms = int(time.time() * 1000)
    window = _dql.time_window(selection.span_ms, now_ms)
    if not client.is_legacy("objects"):
        try:
            return _collect(query_pages(client, selection, window))
        except RouteNotFoundError:
            # query_data_v1 and the object list take different requests, so the client cannot
            # switch on its own: switch here, once for the rest of the run.
            client.use_legacy("objects")
    return _collect(list_pages(client, selection, window))


def query_pages(client, selection, window):
    """Yields (total_hits, objects) per DQL page, asking for no more rows than the limit leaves."""
    cursor = []
    seen = 0
    while True:
        size = QUERY_PAGE_SIZE if selection.limit is None else min(QUERY_PAGE_SIZE, selection.limit - seen)
        answer = client.request("objects.query", body=_query_body(selection, window, size, cursor))
        result = _query_result(answer.content)
        rows = [selection.project(row) for row in flatten_series(result.get("series"))]
        seen += len(rows)
        total = result.get("total_hits")
        yield total, rows
        cursor = result.get("search_after")
        if (len(rows) < size or not cursor or (selection.limit is not None and seen >= selection.limit)
                or (_is_number(total) and seen >= total)):
            return


def list_pages(client, selection, window):
    """Yields (total, objects) per page of the older object list, testing each object here.

    Pages are always full-sized: with the conditions tested here, the server cannot know how many
    of its objects are wanted, and pageIndex paging needs one page size throughout.
    """
    if selection.custom:
        raise RouteNotFoundError(
            "custom objects can only be read through DQL (POST /api/v1/df/query_data_v1), which this server does not offer")
    # The server's search is a wider net (case-insensitive); one exact name narrows it as well.
    search = selection.search or (selection.names[0] if selection.names and len(selection.names) == 1 else None)
    page_index = 1
    read = matched = returned = 0
    while True:
        query = {"search": search, "pageIndex": page_index, "pageSize": LIST_PAGE_SIZE}
        answer = client.request("objects.list", path={"object_class": selection.object_class}, query=query)
        items = unwrap_items(answer.content)
        read += len(items)
        rows = [selection.project(obj) for obj in items if selection.matches(obj, window)]
        matched += len(rows)
        if selection.limit is not None:
            rows = rows[:selection.limit - returned]
        returned += len(rows)
        server_total = (answer.page_info or {}).get("totalCount")
        exhausted = len(items) < LIST_PAGE_SIZE or (_is_number(server_total) and read >= server_total)
        limited = selection.limit is not None and returned >= selection.limit
        yield (matched if exhausted else None), rows
        if exhausted or limited:
            return
        page_index += 1


def _collect(pages):
    objects, total = [], 0
    for total, rows in pages:
        objects.extend(rows)
    return objects, total


def _query_body(selection, window, size, cursor):
    query = {
        "q": selection.statement,
        "timeRange": window,
        "limit": size,
        "orderby": ORDER_BY,
        "search_after": cursor,
        # Without it the server answers a single column.
        "disableMultipleField": False,
    }
    return {"queries": [{"qtype": "dql", "query": query}]}


def _query_result(content):
    """The one query's result; total_hits and search_after may sit beside data rather than in it."""
    data = content.get("data") if isinstance(content, dict) else None
    if not isinstance(data, list):
        raise MalformedResponseError("Guance answered a DQL query without content.data")
    result = dict(data[0]) if data and isinstance(data[0], dict) else {}
    for key in ("total_hits", "search_after"):
        if key not in result and key in content:
            result[key] = content[key]
    return result


def _as_list(value):
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _text(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def _equals(actual, wanted):
    """DQL's = : a list matches if a member does; text compares as text, numbers as numbers."""
    if isinstance(actual, list):
        return any(_equals(member, wanted) for member in actual)
    if actual is None:
        return False
    if isinstance(actual, bool) or isinstance(wanted, bool):
        return _text(actual) == _text(wanted)
    if _is_number(actual) or _is_number(wanted):
        try:
            return float(actual) == float(wanted)
        except (TypeError, ValueError):
            return False
    return actual == wanted
