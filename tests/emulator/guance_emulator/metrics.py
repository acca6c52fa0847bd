"""Metric series: DQL M:: statements on query_data_v1, the asynchronous query route, and seeded points.

Plays the answer example of open-api/query-data/query-data-v1.md (one series per group, rows
[time, value...] newest first, a step of `interval`) and the async_id of query-data-asynchronous.md;
what no page shows (group tags, empty answers) is played as docs/api-notes.md ("Queries") says,
each variant behind a switch. Objects answer DQL in objects.py; it hands M:: statements here.

Points are seeded through POST /__emulator/metrics (docs/emulator.md, "Metrics"), so a test can set
one host's error rate and watch a gate stop.
"""

import time
import uuid
from collections import namedtuple

from . import dql
from .api import Answer, Family, State, param_error

METRIC_NAMESPACES = ("M", "METRIC")
DEFAULT_SPAN_MS = 15 * 60 * 1000
UNIT_MS = {"ms": 1, "s": 1000, "m": 60000, "h": 3600000, "d": 86400000, "w": 7 * 86400000}
AGGREGATES = {
    "avg": lambda values: sum(values) / len(values),
    "min": min,
    "max": max,
    "sum": sum,
    "count": len,
    # Points are kept oldest first.
    "last": lambda values: values[-1],
    "first": lambda values: values[0],
}
# One column of a statement: a field, the aggregate applied to it (or None), the column's name.
Target = namedtuple("Target", "field function column")
NO_DATA_FORMS = ("no_series", "null_series", "empty_values", "null_values")


def points(workspace):
    return workspace.state["metrics"]["points"]


def running(workspace):
    """async_id -> {"polls": answers still to give as running, "entry": the query}."""
    return workspace.state["metrics"]["running"]


def handles(entry):
    """Whether a queries[] entry is a metric statement (objects.py asks before parsing it as objects)."""
    text = entry.get("query", {}).get("q") if isinstance(entry, dict) and isinstance(entry.get("query"), dict) else None
    if not isinstance(text, str):
        return False
    head = text.split("::", 1)[0].strip().upper()
    return "::" in text and head in METRIC_NAMESPACES


def run_query(store, workspace, entry):
    """One entry of content.data for a metric statement; a running one when config metric_running says so."""
    polls = store.config["metric_running"]
    if polls:
        async_id = "async_" + uuid.uuid4().hex[:16]
        running(workspace)[async_id] = {"polls": polls - 1, "entry": entry}
        return _running_shape(async_id)
    return evaluate(store, workspace, entry)


def query_async(call):
    """POST /api/v1/df/asynchronous/query_data: each query with an async_id answers its state; others run now."""
    queries = call.body_object().get("queries")
    if not isinstance(queries, list) or not queries:
        raise param_error("queries must be a non-empty array")
    data = []
    for position, entry in enumerate(queries):
        if not isinstance(entry, dict) or not handles(entry):
            raise param_error("queries[%d]: the emulator answers metric statements (M::) on this route" % position)
        data.append(_follow(call.store, call.workspace, entry))
    return Answer({"data": data, "declaration": {"business": "", "organization": call.workspace.uuid}})


def _follow(store, workspace, entry):
    async_id = entry.get("async_id")
    if not async_id:
        return evaluate(store, workspace, entry)
    task = running(workspace).get(async_id)
    if task is None:
        raise param_error("no running query with async_id %s" % async_id)
    if task["polls"] > 0:
        task["polls"] -= 1
        return _running_shape(async_id)
    del running(workspace)[async_id]
    return evaluate(store, workspace, task["entry"])


def evaluate(store, workspace, entry):
    started = time.perf_counter()
    spec = entry["query"]
    statement = parse(spec.get("q"))
    window = _window(spec, statement, workspace.clock.ms())
    interval = statement.interval or _request_interval(spec)
    groups = _groups(workspace, statement, window)
    series = [_series(statement, key, found, interval, store.config) for key, found in sorted(groups.items(), key=_group_order)]
    if not series:
        series = _no_data(statement, window, store.config["metric_no_data"])
    return _answer_shape(statement, series, interval, started)


def _group_order(item):
    return [str(value) for value in item[0]]


def _window(spec, statement, now):
    window = spec.get("timeRange")
    if isinstance(window, list) and len(window) == 2 and all(isinstance(ms, int) for ms in window):
        return window
    return [now - (statement.span_ms or DEFAULT_SPAN_MS), now]


def _request_interval(spec):
    seconds = spec.get("interval")
    return int(seconds * 1000) if isinstance(seconds, (int, float)) and not isinstance(seconds, bool) and seconds > 0 else None


def _groups(workspace, statement, window):
    """(tag values of the BY tags) -> the matching points, oldest first."""
    groups = {}
    for point in sorted(points(workspace), key=lambda p: p["time"]):
        if point["measurement"] != statement.source or not window[0] <= point["time"] <= window[1]:
            continue
        flat = dict(point["tags"], **point["fields"])
        if statement.filters is not None and not statement.filters.matches(flat):
            continue
        groups.setdefault(tuple(point["tags"].get(tag) for tag in statement.by), []).append(point)
    return groups


def _series(statement, key, found, interval, config):
    targets = statement.targets or [Target(field, None, field) for field in sorted({f for p in found for f in p["fields"]})]
    rows = _rows(targets, found, interval)
    if config["metric_order"] == "newest_first":
        rows.reverse()
    tags = dict(zip(statement.by, key))
    columns = ["time"] + [target.column for target in targets]
    if config["metric_group_tags"] == "columns":
        columns = ["time"] + list(statement.by) + columns[1:]
        rows = [[row[0]] + list(key) + row[1:] for row in rows]
    series = {"name": statement.source, "columns": columns, "units": [None] * len(columns), "values": rows}
    if config["metric_group_tags"] == "tags" and statement.by:
        series["tags"] = tags
    return series


def _rows(targets, found, interval):
    """Rows oldest first: one per point without aggregates, else one per interval step (or one in all)."""
    if not any(target.function for target in targets):
        return [[point["time"]] + [point["fields"].get(target.field) for target in targets] for point in found]
    steps = {}
    for point in found:
        step = point["time"] - point["time"] % interval if interval else found[-1]["time"]
        steps.setdefault(step, []).append(point)
    rows = []
    for step in sorted(steps):
        rows.append([step] + [_aggregate(target.function, target.field, steps[step]) for target in targets])
    return rows


def _aggregate(function, field, found):
    values = [point["fields"].get(field) for point in found]
    values = [value for value in values if value is not None]
    if function is None:
        return values[-1] if values else None
    return AGGREGATES[function](values) if values else None


def _no_data(statement, window, form):
    """The answer when no point matches, in the form config metric_no_data names (no page shows one)."""
    columns = ["time"] + [target.column for target in statement.targets or []]
    if form == "no_series":
        return []
    if form == "null_series":
        return None
    values = [] if form == "empty_values" else [[window[1]] + [None] * (len(columns) - 1)]
    return [{"name": statement.source, "columns": columns, "units": [None] * len(columns), "values": values}]


def _answer_shape(statement, series, interval, started):
    columns = [target.column for target in statement.targets or []]
    return {
        "async_id": "",
        "column_names": columns,
        "complete": False,
        "cost": "%.3fms" % ((time.perf_counter() - started) * 1000),
        "index_name": "",
        "index_names": "",
        "index_store_type": "",
        "interval": interval or 0,
        "is_running": False,
        "max_point": sum(len(one["values"]) for one in series or []),
        "next_cursor_time": -1,
        "points": None,
        "query_parse": {"fields": dict((target.column, target.field) for target in statement.targets or []),
                        "funcs": dict((target.column, [target.function]) for target in statement.targets or [] if target.function),
                        "namespace": "metric", "sources": {statement.source: "exact"}},
        "query_type": "guancedb",
        "sample": 1,
        "scan_completed": False,
        "scan_index": "",
        "series": series,
        "window": interval or 0,
    }


def _running_shape(async_id):
    """A query still running: no page shows one; the fields are those of the v1 example."""
    return {"async_id": async_id, "column_names": [], "complete": False, "is_running": True, "points": None, "series": []}


# --- the metric statement ----------------------------------------------------------------------------------

class MetricStatement:

    def __init__(self, source, targets, filters, span_ms, interval, by):
        self.source = source
        self.targets = targets      # [Target] or None for every field
        self.filters = filters
        self.span_ms = span_ms
        self.interval = interval
        self.by = by


def parse(text):
    """M::`measurement`:(func(`field`) AS `alias`, ...) { filters } [start:end:interval] BY `tag`, ..."""
    if not isinstance(text, str) or not text.strip():
        raise param_error("q must be a non-empty DQL statement")
    return _MetricParser(text).metric_statement()


class _MetricParser(dql._Parser):

    def metric_statement(self):
        token = self.advance()
        if token.kind != "name" or token.value.upper() not in METRIC_NAMESPACES:
            raise self.fail("expected M::", token)
        self.expect("::", "after the namespace")
        source = self.name("a measurement after M::")
        targets = self.targets() if self.accept(":") else None
        filters = None
        if self.accept("{") and not self.accept("}"):
            filters = self.conditions()
            self.expect("}", "to close the filters")
        span_ms, interval = self.time_expr() if self.accept("[") else (None, None)
        by = []
        if self.at_keyword("BY"):
            self.advance()
            by = [self.name("a tag after BY")]
            while self.accept(","):
                by.append(self.name("a tag"))
        if self.peek().kind != "end":
            raise self.fail("unexpected text; the emulator understands M::m:(f(`x`) AS `y`) {filters} [5m::1m] BY `tag`")
        return MetricStatement(source, targets, filters, span_ms, interval, by)

    def targets(self):
        self.expect("(", "to open the target list")
        targets = []
        while True:
            targets.append(self.target())
            if not self.accept(","):
                break
        self.expect(")", "to close the target list")
        return targets

    def target(self):
        token = self.peek()
        function = None
        if token.kind == "name" and self.peek(1).kind == "symbol" and self.peek(1).value == "(":
            function = self.advance().value.lower()
            if function not in AGGREGATES:
                raise self.fail("the emulator knows the functions %s" % ", ".join(sorted(AGGREGATES)), token)
            self.expect("(", "after %s" % function)
            field = self.name("a field")
            self.expect(")", "to close %s()" % function)
        else:
            field = self.name("a field")
        column = "%s(%s)" % (function, field) if function else field
        if self.at_keyword("AS"):
            self.advance()
            column = self.name("a name after AS")
        return Target(field, function, column)

    def time_expr(self):
        """[start], [start:end] or [start:end:interval], durations like 15m; returns (span ms, interval ms)."""
        parts = [None]
        while not self.accept("]"):
            if self.accept("::"):
                parts.extend([None, None])
            elif self.accept(":"):
                parts.append(None)
            else:
                parts[-1] = self.duration()
        if len(parts) > 3:
            raise self.fail("a time expression has at most three parts")
        parts += [None] * (3 - len(parts))
        return parts[0], parts[2]

    def duration(self):
        number = self.advance()
        unit = self.advance()
        if number.kind != "number" or unit.kind != "name" or unit.value not in UNIT_MS:
            raise self.fail("expected a duration such as 15m", number)
        return int(number.value * UNIT_MS[unit.value])


# --- seeding ----------------------------------------------------------------------------------------------------

def control_metrics(emulator, query, body):
    """POST /__emulator/metrics: {"workspace": UUID, "replace": bool, "points": [point...]}.

    A point: {"measurement", "tags": {}, "fields": {}, "age": seconds before now (0) or "time": ms,
    "count": how many (1), "every": seconds between them (10)}, the copies going back in time.
    """
    if not isinstance(body, dict) or not isinstance(body.get("points"), list):
        raise ValueError('metrics takes {"points": [{"measurement", "tags", "fields", "age" or "time", "count", "every"}]}')
    with emulator.store.lock:
        workspace = _workspace(emulator, body.get("workspace") or "wksp_emulator_a")
        # Ages count back from the emulator's clock, which tests may move.
        made = [copy for spec in body["points"] for copy in _point_copies(spec, workspace.clock.ms())]
        if body.get("replace"):
            del points(workspace)[:]
        points(workspace).extend(made)
    return {"ok": True, "points": len(made)}


def control_read(emulator, query, body):
    """GET /__emulator/metrics?workspace=UUID: the seeded points, oldest first."""
    with emulator.store.lock:
        workspace = _workspace(emulator, (query.get("workspace") or ["wksp_emulator_a"])[-1])
        return {"points": sorted(points(workspace), key=lambda p: p["time"])}


def _workspace(emulator, workspace_uuid):
    workspace = emulator.store.workspaces.get(workspace_uuid)
    if workspace is None:
        raise ValueError("no workspace %s" % workspace_uuid)
    return workspace


def _point_copies(spec, now):
    if not isinstance(spec, dict) or not isinstance(spec.get("measurement"), str):
        raise ValueError("each point needs a measurement")
    tags, fields = spec.get("tags") or {}, spec.get("fields") or {}
    if not isinstance(tags, dict) or not isinstance(fields, dict) or not fields:
        raise ValueError("a point's tags must be an object and its fields a non-empty object")
    count, every = spec.get("count", 1), spec.get("every", 10)
    if not isinstance(count, int) or count < 1 or not isinstance(every, (int, float)) or every <= 0:
        raise ValueError("count must be 1 or more and every a positive number of seconds")
    newest = spec["time"] if isinstance(spec.get("time"), int) else now - int(spec.get("age", 0) * 1000)
    return [{"measurement": spec["measurement"], "tags": dict(tags), "fields": dict(fields), "time": newest - int(n * every * 1000)}
            for n in range(count)]


FAMILY = Family(
    "metrics",
    routes=[("POST", "/api/v1/df/asynchronous/query_data", query_async)],
    control_routes={("POST", "/__emulator/metrics"): control_metrics, ("GET", "/__emulator/metrics"): control_read},
    config={
        # How an answer without data looks: no page shows one (docs/api-notes.md, "Queries").
        "metric_no_data": "no_series",
        # The v1 example is newest first; oldest_first shows that a client does not pick rows by position.
        "metric_order": "newest_first",
        # BY tags as series.tags (the form of InfluxDB's answers, which DQL's follow) or as columns.
        "metric_group_tags": "tags",
        # How many answers a metric query reports is_running with an async_id before its result.
        "metric_running": 0,
    },
    choices={
        "metric_no_data": NO_DATA_FORMS,
        "metric_order": ("newest_first", "oldest_first"),
        "metric_group_tags": ("tags", "columns"),
        "metric_running": (0, 1, 2, 3),
    },
    # points: seeded points, oldest first once sorted; running: queries answered as still running.
    state={"metrics": State(new=lambda workspace: {"points": [], "running": {}})},
)
