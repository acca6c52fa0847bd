"""What every route shares: the error type, the envelope, a call's context and paging parameters."""

import contextlib
import threading
import uuid
from dataclasses import dataclass, field
from typing import Any, Callable


class ApiError(Exception):
    """An error answer: the HTTP status, the envelope's errorCode and message."""

    def __init__(self, status, error_code, message):
        super().__init__(message)
        self.status = status
        self.error_code = error_code
        self.message = message


@dataclass
class State:
    """One piece of a family's per-workspace state: how to make it empty, and how the state file keeps it.

    new(workspace) makes it for a new workspace (its uuid and clock are set); save(value) gives what json can write;
    restore(saved, workspace) reads that back. The defaults fit state that is plain JSON already.
    """

    new: Callable
    save: Callable = lambda value: value
    restore: Callable = lambda saved, workspace: saved


@dataclass
class Family:
    """What a family of routes declares, as plain data; families.py registers every family the same way.

    routes: (method, path template, handler) served in both modes; current_routes and legacy_routes only in
    normal or legacy mode (config legacy), for routes that moved. control_routes: {(method, path): handler}
    under /__emulator/. config: switch -> default; choices: switch -> the values it takes. state: name ->
    State, kept in workspace.state[name] and in the state file.
    """

    name: str
    routes: list = field(default_factory=list)
    current_routes: list = field(default_factory=list)
    legacy_routes: list = field(default_factory=list)
    control_routes: dict = field(default_factory=dict)
    config: dict = field(default_factory=dict)
    choices: dict = field(default_factory=dict)
    state: dict = field(default_factory=dict)


def key_id(key):
    """The access key's id (wsak_...) shown as creator and updator; derived, so the key itself never shows."""
    return "wsak_" + uuid.uuid5(uuid.NAMESPACE_OID, key).hex


def param_error(message):
    return ApiError(400, "ft.ParamError", message)


def not_found(message):
    return ApiError(404, "ft.DataNotFound", message)


def router_not_found(method, path):
    return ApiError(400, "RouterNotFound", "route not found: %s %s" % (method, path))


@dataclass
class Answer:
    """A successful answer: the envelope's content, and pageInfo for paged lists."""

    content: Any
    page_info: Any = None


@dataclass
class Call:
    """One API request, as a route handler sees it."""

    store: Any
    workspace: Any
    key_id: str
    params: dict = field(default_factory=dict)
    query: dict = field(default_factory=dict)
    body: Any = None

    def query_value(self, name):
        """The last value of a query parameter, or None when it is absent."""
        values = self.query.get(name)
        return values[-1] if values else None

    def body_object(self):
        if not isinstance(self.body, dict):
            raise param_error("the request body must be a JSON object")
        return self.body


def envelope(status, content=None, page_info=None, error_code="", message="", success_error_code=""):
    """The JSON object every answer is, success or failure."""
    success = 200 <= status < 300
    return {
        "code": status,
        "content": content,
        "pageInfo": page_info,
        "errorCode": success_error_code if success else error_code,
        "message": message,
        "success": success,
        "traceId": uuid.uuid4().hex,
    }


DEFAULT_PAGE_SIZE = 10


def page_params(call, max_page_size=100):
    """pageIndex and pageSize of a paged list; present but empty is an error, as on the service."""
    values = []
    for name, default, upper in (("pageIndex", 1, None), ("pageSize", DEFAULT_PAGE_SIZE, max_page_size)):
        text = call.query_value(name)
        if text is None:
            values.append(default)
            continue
        try:
            value = int(text)
        except ValueError:
            raise param_error("%s must be an integer, got %r" % (name, text))
        if value < 1 or (upper is not None and value > upper):
            bounds = "between 1 and %d" % upper if upper else "at least 1"
            raise param_error("%s must be %s, got %d" % (name, bounds, value))
        values.append(value)
    return values[0], values[1]


def paged(items, page_index, page_size):
    """One page of items as an Answer: a bare array, with pageInfo beside it.

    Inside shifting_lists(True) a page after the first reads as if one item had been added at the
    top after the first page was read: lists are newest first, so the newcomer pushes every item
    down by one (the page starts with the last item of the page before, the total is one more).
    """
    start = (page_index - 1) * page_size
    total = len(items)
    if page_index > 1 and getattr(_LISTS, "shifting", False):
        start, total = start - 1, total + 1
        _LISTS.shifted = True
    page = items[start:start + page_size]
    page_info = {"count": len(page), "pageIndex": page_index, "pageSize": page_size, "totalCount": total}
    return Answer(page, page_info)


def list_content(call, answer):
    """A page of a list whose page shows a bare array, in the form config list_content asks for."""
    if call.store.config["list_content"] == "data":
        answer.content = {"data": answer.content}
    return answer


# Whether the request being handled plays config shifting_lists (set by the server around each handler).
_LISTS = threading.local()


@contextlib.contextmanager
def shifting_lists(on):
    """Pages listed inside are shifted when `on`; the yielded object's `shifted` tells whether one was."""
    _LISTS.shifting, _LISTS.shifted = bool(on), False
    try:
        yield _LISTS
    finally:
        _LISTS.shifting = False
