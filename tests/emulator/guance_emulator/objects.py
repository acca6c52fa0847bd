"""Infrastructure and custom objects: DQL queries through query_data_v1, and the legacy object list."""

import time

from . import dql
from .api import Answer, page_params, paged, param_error

DEFAULT_LIMIT = 1000
MAX_RESULT_WINDOW = 10000
DEFAULT_ORDER = [("time", True)]
# The old overview page names these two classes in its examples of the object list route.
LEGACY_CLASS_NAMES = {"host": "HOST", "process": "host_processes"}


def query_data(call):
    queries = call.body_object().get("queries")
    if not isinstance(queries, list) or not queries:
        raise param_error("queries must be a non-empty array")
    return Answer({"data": [_run_query(call.workspace, position, entry) for position, entry in enumerate(queries)]})


def list_objects(call):
    page_index, page_size = page_params(call)
    cls = LEGACY_CLASS_NAMES.get(call.params["class"], call.params["class"])
    search = (call.query_value("search") or "").lower()
    found = sorted((obj for obj in call.workspace.classes["O"].get(cls, []) if search in obj["name"].lower()),
                   key=lambda obj: obj["name"])
    answer = paged(found, page_index, page_size)
    answer.content = [{key: value for key, value in obj.items() if key != "__docid"} for obj in answer.content]
    return answer


def _run_query(workspace, position, entry):
    started = time.perf_counter()
    if not isinstance(entry, dict) or entry.get("qtype") != "dql" or not isinstance(entry.get("query"), dict):
        raise param_error("queries[%d] must be {\"qtype\": \"dql\", \"query\": {...}}" % position)
    spec = entry["query"]
    statement = dql.parse(spec.get("q"))
    limit, offset = _paging(spec, statement)
    order = _order(spec)
    cursor = spec.get("search_after") or []
    if not isinstance(cursor, list) or (cursor and len(cursor) != len(order) + 1):
        raise param_error("search_after must be [] or the search_after of the previous answer")
    if cursor and offset:
        raise param_error("search_after cannot be combined with an offset")
    in_window = _time_filter(spec)
    rows = [obj for obj in workspace.classes[statement.namespace].get(statement.source, [])
            if in_window(obj) and statement.matches(obj)]
    total_hits = len(rows)

    def sort_key(obj):
        return [obj.get(field) for field, _descending in order] + [obj["__docid"]]

    _sort(rows, order)
    if cursor:
        directions = [descending for _field, descending in order] + [False]
        rows = [obj for obj in rows if _compare_keys(sort_key(obj), cursor, directions) > 0]
    page = rows[offset:offset + limit]
    columns = _columns(statement, page, spec.get("disableMultipleField", True) is False)
    series = [{"name": statement.source, "columns": columns, "values": [[obj.get(column) for column in columns] for obj in page]}]
    return {
        "series": series if page else [],
        "total_hits": total_hits,
        "search_after": sort_key(page[-1]) if page else [],
        "cost": "%.3fms" % ((time.perf_counter() - started) * 1000),
    }


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
