"""Reading Guance objects (hosts, processes, containers, custom objects).

Objects are read through DQL on query_data_v1 (open-api/query-data/*.md, dql/*.md; our reading is in
docs/api-notes.md, "Objects and DQL"). A server without that route gets the older object list
instead, and the conditions DQL would have applied are applied here, so both routes give the same
objects. Pages are generators: memory grows with what is returned, not with what is read.

Reading is complete or it fails: total_hits is an Elasticsearch count that stops at 10,000, and a
server may answer objects without a search_after cursor; neither may cut a list short silently.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import difflib
import time

from ansible_collections.guance.cloud.plugins.module_utils import _dql
from ansible_collections.guance.cloud.plugins.module_utils._client import unwrap_items
from ansible_collections.guance.cloud.plugins.module_utils._errors import (
    GuanceError,
    MalformedResponseError,
    OptionError,
    ParameterError,
    RouteNotFoundError,
)

CLASS_ALIASES = {"host": "HOST", "process": "host_processes", "container": "docker_containers"}
DEFAULT_TIME_RANGE = "1d"

# DQL's default and largest page is 1,000 rows (dql/query.md). The older list allows 100 per page.
QUERY_PAGE_SIZE = 1000
LIST_PAGE_SIZE = 100
# total_hits counts at most this many matches, and offset + limit may not pass this many rows
# (Elasticsearch's defaults; the answer example of open-api/query-data/query-data.md shows 10000).
TOTAL_HITS_CAP = 10000
RESULT_WINDOW = 10000

# A fixed order makes the result stable from run to run and the same on both routes.
ORDER_BY = [{"name": "asc"}]


class TooManyObjectsError(GuanceError):
    """More objects match than the server lets a client read (no cursor, and past its 10,000-row window)."""


class Selection:
    """Which objects to read, checked in full before any request (OptionError names the option)."""

    def __init__(self, object_class="host", custom=False, names=None, filters=None, search=None,
                 fields=None, time_range=DEFAULT_TIME_RANGE, limit=None):
        if limit is not None and limit < 1:
            raise OptionError("limit must be 1 or more, got %r" % (limit,))
        if filters is not None and not isinstance(filters, dict):
            raise OptionError("filters must map field names to a value or a list of values")
        self.given_class = object_class
        self.object_class = CLASS_ALIASES.get(object_class, object_class)
        self.custom = bool(custom)
        self.names = None if names is None else list(names)
        self.filters = dict(filters or {})
        self.search = search or None
        self.fields = list(fields or [])
        self.span_ms = _dql.time_range_ms(time_range)
        self.limit = limit
        # The rows are checked against the search here, so the name must come back with them.
        queried = self.fields + (["name"] if self.search and self.fields and "name" not in self.fields else [])
        # Builds and so checks every name and value; None when an empty list leaves nothing to match.
        self.statement = _dql.statement(self.object_class, self.custom, queried, self.filters, self.names, self.search)
        # Whether the server's match is ours exactly (a search with characters DQL cannot quote is wider).
        self.exact = self.search is None or _dql.search_condition(self.search)[1]
        # The same conditions as (field, values) pairs, for testing objects of the older list here.
        self._wanted = [(field, _as_list(value)) for field, value in self.filters.items()]
        if self.names is not None:
            self._wanted.append(("name", self.names))

    def matches(self, obj, window):
        """What the DQL statement and the time window select, tested on one object of the older list."""
        updated = obj.get("last_update_time")
        return (
            _is_number(updated) and window[0] <= updated <= window[1]
            # The search is case-sensitive in DQL; the older route's is not.
            and (self.search is None or _dql.search_matches(self.search, obj.get("name")))
            and all(any(_equals(obj.get(field), value) for value in values) for field, values in self._wanted)
        )

    def project(self, obj):
        """One flat object as returned: the fields asked for (None where missing), or every set one plus class.

        Columns starting with `__` (such as `__docid`) are Guance's bookkeeping, so they are left out.
        """
        if self.fields:
            return dict((field, obj.get(field)) for field in self.fields)
        result = dict((key, value) for key, value in obj.items() if value is not None and not key.startswith("__"))
        result.setdefault("class", obj.get("class") or self.object_class)
        return result

    def project_series(self, one):
        """The rows of one DQL series as returned objects, built straight from the positional values.

        Yields (name, object): the name for checking the search, which the object may not carry.
        """
        columns = one.get("columns") or []
        index = dict((column, position) for position, column in enumerate(columns))
        name_at = index.get("name")
        series_class = one.get("name") or self.object_class
        if self.fields:
            picks = [(field, index.get(field)) for field in self.fields]
            for values in one.get("values") or []:
                yield _at(values, name_at), dict((field, _at(values, position)) for field, position in picks)
            return
        bookkeeping = set(column for column in columns if column.startswith("__"))
        for values in one.get("values") or []:
            # zip stops at the shorter of the two, as a row may be shorter than its columns.
            row = {column: value for column, value in zip(columns, values)
                   if value is not None and column not in bookkeeping}
            # A series of objects is named after their class.
            row.setdefault("class", series_class)
            yield _at(values, name_at), row

    def keeps(self, name):
        return self.search is None or _dql.search_matches(self.search, name)


def flatten_series(series):
    """One dict per row of DQL series; rows are positional against columns, whose order varies."""
    for one in series or []:
        columns = one.get("columns") or []
        for values in one.get("values") or []:
            row = dict(zip(columns, values))
            row.setdefault("class", one.get("name"))
            yield row


def find_objects(client, selection, now_ms=None):
    """(objects, total) of the selection: at most selection.limit objects, and how many match.

    Every matching object is read unless the limit stops it first; a server that cannot give them
    all raises TooManyObjectsError rather than return part of them. total is None when the limit
    stopped the reading before the count was known.
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


def class_hint(selection, objects):
    """A warning for an empty read of a class that looks misspelled (hosts for host), else None."""
    known = sorted(set(CLASS_ALIASES) | set(CLASS_ALIASES.values()) | set(obj.get("class") for obj in objects if obj.get("class")))
    given = selection.given_class
    if objects or given in known or not isinstance(given, str):
        return None
    # As written first (HOSTS is nearer HOST), then regardless of case (Host is host).
    close = difflib.get_close_matches(given, known, n=1, cutoff=0.75)
    if not close:
        lowered = dict((name.lower(), name) for name in known)
        close = [lowered[match] for match in difflib.get_close_matches(given.lower(), list(lowered), n=1, cutoff=0.75)]
    return "no objects of class '%s'; did you mean %s?" % (given, close[0]) if close else None


class _Pager:
    """Where a DQL read stands: rows read and kept, the cursor or offset of the next page, the count."""

    def __init__(self, selection):
        self.selection = selection
        self.read = 0           # rows the server sent
        self.kept = 0           # rows that passed the search check here
        self.cursor = []        # the search_after to send; None once the server stops sending one
        self.total_hits = None
        self.size = 0
        self.complete = False

    def next_size(self):
        limit = self.selection.limit
        self.size = QUERY_PAGE_SIZE if limit is None else min(QUERY_PAGE_SIZE, limit - self.kept)
        if self.cursor is None:
            self.size = min(self.size, RESULT_WINDOW - self.read)
        return self.size

    def counted(self):
        """total_hits when it is a true count: below the cap (a count at the cap may be more)."""
        total = self.total_hits
        return total if _is_number(total) and total < TOTAL_HITS_CAP else None

    def room(self):
        limit = self.selection.limit
        return float("inf") if limit is None else limit - self.kept

    def take(self, result, sent):
        """Records one page (`sent` rows); True when the reading is over (complete, or at the limit)."""
        self.read += sent
        self.total_hits = result.get("total_hits")
        cursor = result.get("search_after")
        self.cursor = cursor if isinstance(cursor, list) and cursor else None
        # Below the cap total_hits is a true count and can end the reading; at the cap only a short page can.
        self.complete = sent < self.size or (self.counted() is not None and self.read >= self.counted())
        if self.complete or self.room() <= 0:
            return True
        if self.cursor is None and self.read >= RESULT_WINDOW:
            raise self.too_many()
        return False

    def too_many(self):
        return TooManyObjectsError(
            "at least %d objects of class %s match, and Guance answers this query without a search_after cursor,"
            " so no more than the first %d can be read: narrow the selection (filters, names, search or a shorter"
            " time_range) or set limit to %d or less" % (TOTAL_HITS_CAP, self.selection.object_class, RESULT_WINDOW, RESULT_WINDOW))

    def check_window(self):
        """Fails before a first page beyond reach would be read in vain: no cursor and the count at the cap."""
        limit = self.selection.limit
        if self.cursor is None and self.counted() is None and (limit is None or limit > RESULT_WINDOW):
            raise self.too_many()

    def total(self):
        """The true count: what was kept when the reading is complete; else total_hits if it is exact."""
        if self.complete:
            return self.kept
        return self.counted() if self.selection.exact else None


def query_pages(client, selection, window):
    """Yields (total, objects) per DQL page, asking for no more rows than the limit leaves.

    Follows search_after while the server sends it, else pages by offset within the first 10,000 rows.
    total is the count once known (the last page's), else None.
    """
    pager = _Pager(selection)
    while True:
        size = pager.next_size()
        body = _query_body(selection, window, size, pager.cursor, pager.read)
        result = _query_result(_query(client, body).content)
        sent, rows = _page_rows(selection, result, pager.room())
        pager.kept += len(rows)
        done = pager.take(result, sent)
        if pager.read == sent and not done:
            pager.check_window()
        yield pager.total() if done else None, rows
        if done:
            return


def _page_rows(selection, result, room):
    """(rows sent, the objects kept of them), at most `room` objects."""
    sent = 0
    rows = []
    for one in result.get("series") or []:
        for name, row in selection.project_series(one):
            sent += 1
            if len(rows) < room and selection.keeps(name):
                rows.append(row)
    return sent, rows


def _query(client, body):
    try:
        return client.request("objects.query", body=body)
    except ParameterError as err:
        err.hint = ("Guance refused the DQL query %s; if it names wildcard(), re() or a field, change search, filters or fields"
                    " (names and filters on exact values are the cheapest reads)" % body["queries"][0]["query"]["q"])
        raise


def list_pages(client, selection, window):
    """Yields (total, objects) per page of the older object list, testing each object here.

    Pages are always full-sized: with the conditions tested here, the server cannot know how many
    of its objects are wanted, and pageIndex paging needs one page size throughout.
    """
    if selection.custom:
        raise RouteNotFoundError(
            "custom objects can only be read through DQL (POST /api/v1/df/query_data_v1), which this server does not offer")
    # The server's search is a wider net (a case-insensitive part of the name); one exact name narrows it as well.
    search = selection.search[:-1] if selection.search and selection.search.endswith("*") else selection.search
    search = search or (selection.names[0] if selection.names and len(selection.names) == 1 else None)
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


def _query_body(selection, window, size, cursor, offset):
    query = {
        "q": selection.statement,
        "timeRange": window,
        "limit": size,
        "orderby": ORDER_BY,
        # Without it the server answers a single column.
        "disableMultipleField": False,
    }
    if cursor is None:
        query["offset"] = offset
    else:
        # [] on the first page asks for a cursor (open-api/query-data/query-data.md).
        query["search_after"] = cursor
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


def _at(values, position):
    return values[position] if position is not None and position < len(values) else None


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
