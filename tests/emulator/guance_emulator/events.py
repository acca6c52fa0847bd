"""Custom events: the routes of open-api/keyevent/create.md and get.md.

create answers `true` (the example's answer: the event's id is not given back) and keeps the event
as get.md shows events: flat fields, `__docid` (E_...), `df_source` custom, `df_status`,
`df_title`, `df_message`, `date` / `time` (the event's time, ms), `create_time`, and each custom
field (customTags) as a field of its own.
"""

import uuid

from .api import Answer, Family, State, not_found, param_error

STATUSES = ("critical", "error", "warning", "ok", "info", "nodata")


def events(workspace):
    """The workspace's events, __docid -> event, in arrival order."""
    return workspace.state["custom_events"]


def create_event(call):
    body = call.body_object()
    date = body.get("date")
    if not isinstance(date, int) or isinstance(date, bool) or date < 0:
        raise param_error("date is required: Unix milliseconds")
    if body.get("status") not in STATUSES:
        raise param_error("status must be one of %s" % ", ".join(STATUSES))
    if not isinstance(body.get("title"), str) or not body["title"]:
        raise param_error("title is required")
    for key in ("message", "origin"):
        if key in body and not isinstance(body[key], str):
            raise param_error("%s must be a string" % key)
    tags = body.get("customTags", {})
    if not isinstance(tags, dict):
        raise param_error("customTags must be an object")
    event = dict(tags)
    event.update({"__docid": "E_" + uuid.uuid4().hex[:20], "date": date, "time": date, "create_time": call.store.clock.ms(),
                  "df_source": "custom", "df_status": body["status"], "df_title": body["title"],
                  "df_message": body.get("message", "")})
    if "origin" in body:
        event["df_origin"] = body["origin"]
    events(call.workspace)[event["__docid"]] = event
    return Answer(True)


def get_event(call):
    event = events(call.workspace).get(call.params["doc_id"])
    if event is None:
        raise not_found("no event %s in this workspace" % call.params["doc_id"])
    return Answer(dict(event))


_ROUTES = [
    ("POST", "/api/v1/events/create", create_event),
    ("GET", "/api/v1/events/{doc_id}/get", get_event),
]


def control_events(emulator, query, body):
    """GET /__emulator/events?workspace=UUID: every custom event of the workspace, oldest first."""
    with emulator.store.lock:
        workspace = emulator.store.workspaces.get((query.get("workspace") or [""])[-1])
        if workspace is None:
            raise ValueError("name the workspace: /__emulator/events?workspace=UUID")
        return {"events": list(events(workspace).values())}


FAMILY = Family(
    "events",
    routes=_ROUTES,
    control_routes={("GET", "/__emulator/events"): control_events},
    # __docid -> event, in arrival order: plain JSON.
    state={"custom_events": State(new=lambda workspace: {})},
)
