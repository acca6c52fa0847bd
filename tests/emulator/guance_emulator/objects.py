"""Infrastructure and custom objects: DQL queries through query_data_v1, and the legacy object list.

The answer plays the examples of open-api/query-data/query-data-v1.md and query-data.md and the object
answers of dql/funcs.md (docs/api-notes.md, "Objects and DQL"). The matches of a query are sorted once
and kept while the objects stay the same, so a page costs the same at 50,000 objects as at 1,000.
"""

import time

from . import dql, metrics
from .api import Answer, Family, page_params, paged, param_error

DEFAULT_LIMIT = 1000
MAX_RESULT_WINDOW = 10000
# Elasticsearch counts hits up to this many by default; the documented answers show total_hits 10000.
TOTAL_HITS_CAP = 10000
QUERY_CACHE_SIZE = 16
DEFAULT_ORDER = [("time", True)]
# The old overview page names these two classes in its examples of the object list route.
LEGACY_CLASS_NAMES = {"host": "HOST", "process": "host_processes"}


def query_data(call):
    queries = call.body_object().get("queries")
    if not isinstance(queries, list) or not queries:
        raise param_error("queries must be a non-empty array")
    data = [_run_query(call.store, call.workspace, position, entry) for position, entry in enumerate(queries)]
    # The v1 example carries a declaration beside data; its values are the workspace's, not the example's.
    return Answer({"data": data, "declaration": {"business": "", "organization": call.workspace.uuid}})


def list_objects(call):
    page_index, page_size = page_params(call)
    cls = LEGACY_CLASS_NAMES.get(call.params["class"], call.params["class"])
    search = (call.query_value("search") or "").lower()
    found = sorted((obj for obj in call.workspace.classes["O"].get(cls, []) if search in obj["name"].lower()),
                   key=lambda obj: obj["name"])
    answer = paged(found, page_index, page_size)
    answer.content = [{key: value for key, value in obj.items() if key != "__docid"} for obj in answer.content]
    return answer


def _run_query(store, workspace, position, entry):
    started = time.perf_counter()
    if not isinstance(entry, dict) or entry.get("qtype") != "dql" or not isinstance(entry.get("query"), dict):
        raise param_error("queries[%d] must be {\"qtype\": \"dql\", \"query\": {...}}" % position)
    if metrics.handles(entry):
        return metrics.run_query(store, workspace, entry)
    spec = entry["query"]
    statement = dql.parse(spec.get("q"))
    left = statement.left_wildcards()
    if left and not store.config["left_wildcard"]:
        # The service's own words are not documented; what it does is (dql/funcs.md: off by default).
        raise param_error("left wildcard queries are not enabled for this workspace: wildcard('%s')" % left[0])
    limit, offset = _paging(spec, statement)
    order = _order(spec)
    cursor = _cursor(spec, order, offset)
    rows = _matches(store, workspace, statement, spec, order)
    start = _after(rows, cursor, order) if cursor else 0
    page = rows[start + offset:start + offset + limit]
    columns = _columns(statement, page, spec.get("disableMultipleField", True) is False)
    result = _answer_shape(statement, columns, page, min(len(rows), TOTAL_HITS_CAP), started)
    if store.config["search_after"]:
        result["search_after"] = _sort_key(page[-1], order) if page else []
    return result


def _answer_shape(statement, columns, page, total_hits, started):
    """One entry of content.data, with the keys of the documented examples (values from the emulator's state)."""
    series = [{"name": statement.source, "columns": columns, "units": [None] * len(columns),
               "values": [[obj.get(column) for column in columns] for obj in page]}]
    return {
        "async_id": "",
        # As in both examples: the columns without time.
        "column_names": [column for column in columns if column != "time"],
        "complete": False,
        "cost": "%.3fms" % ((time.perf_counter() - started) * 1000),
        "index_name": "",
        "index_names": "",
        "index_store_type": "es",
        "is_running": False,
        "points": None,
        "query_type": "",
        "raw_query": "",
        "series": series if page else [],
        "total_hits": total_hits,
    }


def _cursor(spec, order, offset):
    cursor = spec.get("search_after") or []
    if not isinstance(cursor, list) or (cursor and len(cursor) != len(order) + 1):
        raise param_error("search_after must be [] or the search_after of the previous answer")
    if cursor and offset:
        raise param_error("search_after cannot be combined with an offset")
    return cursor


def _matches(store, workspace, statement, spec, order):
    """Every match of the query, sorted; computed once per query and kept while the objects stay the same."""
    time_range = spec.get("timeRange")
    key = (workspace.uuid, spec.get("q"), repr(time_range), tuple(order), store.objects_generation)
    rows = store.query_cache.get(key)
    if rows is None:
        in_window = _time_filter(spec)
        rows = [obj for obj in workspace.classes[statement.namespace].get(statement.source, [])
                if in_window(obj) and statement.matches(obj)]
        _sort(rows, order)
        if len(store.query_cache) >= QUERY_CACHE_SIZE:
            store.query_cache.pop(next(iter(store.query_cache)))
        store.query_cache[key] = rows
    return rows


def _sort_key(obj, order):
    return [obj.get(field) for field, _descending in order] + [obj["__docid"]]


def _after(rows, cursor, order):
    """The index of the first row after the cursor, by binary search over the sorted rows."""
    directions = [descending for _field, descending in order] + [False]
    low, high = 0, len(rows)
    while low < high:
        middle = (low + high) // 2
        if _compare_keys(_sort_key(rows[middle], order), cursor, directions) > 0:
            high = middle
        else:
            low = middle + 1
    return low


def _whole(spec, key, default):
    value = spec.get(key)
    if value is None:
        return default
    if not isinstance(value, int) or isinstance(value, bool):
        raise param_error("%s must be a whole number" % key)
    return value


def _paging(spec, statement):
    """limit and offset: the statement's LIMIT and OFFSET win over the request's."""
    limit = statement.limit if statement.limit is not None else _whole(spec, "limit", DEFAULT_LIMIT)
    offset = statement.offset if statement.offset is not None else _whole(spec, "offset", 0)
    if limit < 1 or offset < 0:
        raise param_error("limit must be at least 1 and offset at least 0")
    if offset + limit > MAX_RESULT_WINDOW:
        raise param_error("offset + limit must not exceed %d; page further with search_after" % MAX_RESULT_WINDOW)
    return limit, offset


def _order(spec):
    orderby = spec.get("orderby")
    if not orderby:
        return DEFAULT_ORDER
    if not isinstance(orderby, list):
        raise param_error("orderby must be a list of {\"field\": \"asc\" or \"desc\"}")
    order = []
    for item in orderby:
        if not isinstance(item, dict) or len(item) != 1:
            raise param_error("orderby must be a list of {\"field\": \"asc\" or \"desc\"}")
        field, direction = next(iter(item.items()))
        if not isinstance(direction, str) or direction.lower() not in ("asc", "desc"):
            raise param_error("orderby direction of %s must be asc or desc" % field)
        order.append((field, direction.lower() == "desc"))
    return order


def _time_filter(spec):
    """A test of an object's last_update_time against the request's timeRange (ms); none given, all pass."""
    time_range = spec.get("timeRange")
    if time_range is None:
        return lambda obj: True
    if (not isinstance(time_range, list) or len(time_range) != 2
            or not all(isinstance(bound, (int, float)) and not isinstance(bound, bool) for bound in time_range)
            or time_range[0] > time_range[1]):
        raise param_error("timeRange must be [start_ms, end_ms] with start_ms <= end_ms")
    start, end = time_range

    def in_window(obj):
        updated = obj.get("last_update_time")
        return isinstance(updated, (int, float)) and start <= updated <= end
    return in_window


def _rank(value):
    if isinstance(value, (int, float)):
        return (0, value)
    return (1, str(value))


def _sort(rows, order):
    """Sort in place by the order's fields, then __docid; missing values last in either direction."""
    rows.sort(key=lambda obj: obj["__docid"])
    # Python's sort is stable (with reverse too), so one pass per field, the least significant first.
    for field, descending in reversed(order):
        if descending:
            rows.sort(key=lambda obj, field=field: (obj.get(field) is not None, _rank(obj.get(field))), reverse=True)
        else:
            rows.sort(key=lambda obj, field=field: (obj.get(field) is None, _rank(obj.get(field))))


def _compare_keys(left, right, directions):
    """Sort keys compared field by field; a missing value sorts last in either direction."""
    for left_value, right_value, descending in zip(left, right, directions):
        if left_value is None or right_value is None:
            result = (left_value is None) - (right_value is None)
        else:
            left_rank, right_rank = _rank(left_value), _rank(right_value)
            result = (left_rank > right_rank) - (left_rank < right_rank)
            result = -result if descending else result
        if result:
            return result
    return 0


def _columns(statement, page, multiple):
    """The answer's columns. Their order is deliberately not the request's: clients must index by name."""
    if statement.fields:
        columns = ["__docid", "time"] + [field for field in dict.fromkeys(statement.fields) if field not in ("__docid", "time")]
    else:
        columns = ["__docid", "time", "class", "name"]
        for obj in page:
            for key in obj:
                if key not in columns:
                    columns.append(key)
    if not multiple:
        # Without disableMultipleField: false the service returns a single field.
        first = statement.fields[0] if statement.fields else "name"
        return list(dict.fromkeys(["time", first]))
    return columns


FAMILY = Family(
    "objects",
    # The older server listed objects by class instead of answering DQL; the request shapes differ.
    current_routes=[("POST", "/api/v1/df/query_data_v1", query_data)],
    legacy_routes=[("GET", "/api/v1/object/{class}/list", list_objects)],
    # Whether DQL answers carry search_after, and whether wildcard() may start with a wildcard.
    config={"search_after": True, "left_wildcard": False},
    choices={"search_after": (True, False), "left_wildcard": (False, True)},
)
