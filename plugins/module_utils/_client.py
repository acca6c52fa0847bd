# -*- coding: utf-8 -*-
# Copyright: (c) 2026, guance.cloud maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The one client every guance.cloud module and plugin speaks to Guance through.

It owns the transport (one requests.Session per run), authentication, the route table and the
fallback to the older routes, the response envelope, error mapping, paging, retries, the deadline
of each request and the pacing of the rate limit. It never ends the process and never reads
Ansible state: callers build it from plain arguments and turn its GuanceError exceptions into
failures.

Each request is a loop of one attempt (send, read the answer before the deadline, classify the
outcome) and one decision (return, wait and repeat, or raise). What may be repeated depends on
what the route means, not on its method: a read is repeated after any transient fault, a change
only when it certainly was not carried out (refused for the rate limit, or never sent).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import math
import random
import threading
import time
from urllib.parse import quote

try:
    import requests
    from urllib3.exceptions import HTTPError as Urllib3Error, NewConnectionError
    HAS_REQUESTS = True
except ImportError:
    HAS_REQUESTS = False

from ansible_collections.guance.cloud.plugins.module_utils._errors import (
    GuanceError,
    InvalidAPIKeyError,
    MalformedResponseError,
    NotFoundError,
    OptionError,
    OutcomeUnknownError,
    ParameterError,
    PermissionDeniedError,
    RateLimitedError,
    RouteNotFoundError,
    ServerError,
    TransportError,
)
from ansible_collections.guance.cloud.plugins.module_utils._pacing import (
    DEFAULT_LIMIT,
    DEFAULT_WINDOW,
    Pacer,
    default_folder,
    store_name,
)

COLLECTION_VERSION = "1.0.0"
USER_AGENT = "guance.cloud/%s (Ansible collection)" % COLLECTION_VERSION

# The largest page the paged list routes accept.
MAX_PAGE_SIZE = 100

READ = "read"
CHANGE = "change"

# name -> (method, current route, route of the older overview page or None[, READ or CHANGE]).
# The fourth item says whether the route reads or changes; without it, GET reads and any other
# method changes. Give it where the method misleads (a POST that only reads).
# The family (the part before the dot) falls back as a whole: a server that lacks one plural
# dashboard route lacks them all.
ROUTES = {
    "dashboards.list": ("GET", "/api/v1/dashboards/list", "/api/v1/dashboard/list"),
    "dashboards.create": ("POST", "/api/v1/dashboards/create", "/api/v1/dashboard/create"),
    "dashboards.get": ("GET", "/api/v1/dashboards/{uuid}/get", "/api/v1/dashboard/{uuid}/get"),
    "dashboards.modify": ("POST", "/api/v1/dashboards/{uuid}/modify", "/api/v1/dashboard/{uuid}/modify"),
    "dashboards.delete": ("POST", "/api/v1/dashboards/{uuid}/delete", "/api/v1/dashboard/{uuid}/delete"),
    "dashboards.export": ("GET", "/api/v1/dashboards/{uuid}/export", "/api/v1/dashboard/{uuid}/export"),
    "dashboards.import": ("POST", "/api/v1/dashboards/{uuid}/import", "/api/v1/dashboard/{uuid}/import"),
    # The key's own workspace (open-api/workspace/current.md): stable dashboard uuids include it.
    "workspace.get": ("GET", "/api/v1/workspace/get", None),
    "objects.query": ("POST", "/api/v1/df/query_data_v1", None, READ),
    # A query query_data_v1 reports as running, followed by its async_id (open-api/query-data/query-data-asynchronous.md).
    "objects.query_async": ("POST", "/api/v1/df/asynchronous/query_data", None, READ),
    "objects.list": ("GET", "/api/v1/object/{object_class}/list", None),
    # Mute rules and custom events (open-api/mute/*.md, open-api/keyevent/create.md).
    "mutes.list": ("GET", "/api/v1/monitor/mute/list", None),
    "mutes.create": ("POST", "/api/v1/monitor/mute/create", None),
    "mutes.modify": ("POST", "/api/v1/monitor/mute/{uuid}/modify", None),
    "mutes.delete": ("POST", "/api/v1/monitor/mute/{uuid}/delete", None),
    "mutes.enable": ("POST", "/api/v1/monitor/mute/{uuid}/enable", None),
    "mutes.disable": ("POST", "/api/v1/monitor/mute/{uuid}/disable", None),
    "events.create": ("POST", "/api/v1/events/create", None),
    # Monitors: older deployments have list, create, delete and import under /api/v1/monitor/check/;
    # modify, export and set_disable have only ever been documented under /api/v1/checker/.
    "checkers.list": ("GET", "/api/v1/checker/list", "/api/v1/monitor/check/list"),
    "checkers.add": ("POST", "/api/v1/checker/add", "/api/v1/monitor/check/create"),
    "checkers.modify": ("POST", "/api/v1/checker/{uuid}/modify", None),
    "checkers.delete": ("POST", "/api/v1/checker/delete", "/api/v1/monitor/check/delete"),
    "checkers.export": ("POST", "/api/v1/checker/export", None, READ),
    "checkers.import": ("POST", "/api/v1/checker/import", "/api/v1/monitor/check/import"),
    "checkers.set_disable": ("POST", "/api/v1/checker/set_disable", None),
    "monitor_groups.list": ("GET", "/api/v1/monitor/group/list", None),
    # Monitor groups (open-api/monitor/*.md, whose titles still say alert policy): the uuid in the path.
    "monitor_groups.create": ("POST", "/api/v1/monitor/group/create", None),
    "monitor_groups.get": ("GET", "/api/v1/monitor/group/{uuid}/get", None),
    "monitor_groups.modify": ("POST", "/api/v1/monitor/group/{uuid}/modify", None),
    "monitor_groups.delete": ("POST", "/api/v1/monitor/group/{uuid}/delete", None),
    # Notification targets (open-api/notify-object/*.md): the uuid goes in the body or the query, never the path.
    "notify_objects.list": ("GET", "/api/v1/notify_object/list", None),
    "notify_objects.get": ("GET", "/api/v1/notify_object/get", None),
    "notify_objects.create": ("POST", "/api/v1/notify_object/create", None),
    "notify_objects.modify": ("POST", "/api/v1/notify_object/modify", None),
    "notify_objects.delete": ("POST", "/api/v1/notify_object/delete", None),
    "notify_objects.batch_delete": ("POST", "/api/v1/notify_object/batch_delete", None),
    "alert_policies.list": ("GET", "/api/v1/alert_policy/list", None),
    # Alert policies (open-api/alert-policy/*.md): the v2 routes, as Guance's Terraform provider uses them.
    "alert_policies.get": ("GET", "/api/v1/alert_policy/{uuid}/get", None),
    "alert_policies.add": ("POST", "/api/v1/alert_policy/add_v2", None),
    "alert_policies.modify": ("POST", "/api/v1/alert_policy/{uuid}/modify_v2", None),
    "alert_policies.delete": ("POST", "/api/v1/alert_policy/delete", None),
    # Members and member groups an alert policy sends to (open-api/workspace-member, member-group/list.md).
    "members.list": ("GET", "/api/v1/workspace/members/list", None),
    "member_groups.list": ("GET", "/api/v1/workspace/member_group/list", None),
    # Pipelines (open-api/pipeline/*.md): delete is a GET that changes; export only reads.
    "pipelines.list": ("GET", "/api/v1/pipeline/list", None),
    "pipelines.get": ("GET", "/api/v1/pipeline/{uuid}/get", None),
    "pipelines.create": ("POST", "/api/v1/pipeline/add", None),
    "pipelines.modify": ("POST", "/api/v1/pipeline/{uuid}/modify", None),
    "pipelines.delete": ("GET", "/api/v1/pipeline/delete", None, CHANGE),
    "pipelines.set_disable": ("POST", "/api/v1/pipeline/batch_set_disable", None),
    "pipelines.export": ("POST", "/api/v1/pipeline/export", None, READ),
    "pipelines.import": ("POST", "/api/v1/pipeline/import", None),
    # Blacklists (open-api/blacklist/*.md): delete is a GET that changes; export only reads.
    "blacklists.list": ("GET", "/api/v1/blacklist/list", None),
    "blacklists.get": ("GET", "/api/v1/blacklist/{uuid}/get", None),
    "blacklists.create": ("POST", "/api/v1/blacklist/add", None),
    "blacklists.modify": ("POST", "/api/v1/blacklist/{uuid}/modify", None),
    "blacklists.delete": ("GET", "/api/v1/blacklist/delete", None, CHANGE),
    "blacklists.export": ("POST", "/api/v1/blacklist/export", None, READ),
    "blacklists.import": ("POST", "/api/v1/blacklist/import", None),
}

# Older documentation spells the invalid-key code without the namespace and in other cases.
INVALID_KEY_CODES = ("ft.invalidapikey", "invalidapikey")
RATE_LIMIT_SUFFIX = "CurrentLimiting"

RETRY_BASE_DELAY = 0.5
RETRY_MAX_DELAY = 10.0
# A list that keeps changing while it is paged is read again from its start this many times at most.
MAX_LIST_RESTARTS = 3
READ_CHUNK = 65536
# How long past an attempt's deadline its caller still waits: a failure the transport reports at the
# deadline itself (a connect timeout: never sent, so repeatable) is told apart from an answer that
# is still coming.
DEADLINE_GRACE = 0.1

# How an attempt ended, for the decision.
_ANSWERED = "answered"      # a Guance answer, success or error: final
_LIMITED = "limited"        # refused for the rate limit: carried nothing out
_UNSENT = "unsent"          # the request never left: carried nothing out
_TRANSIENT = "transient"    # 5xx, a gateway page, a timeout, a dropped connection: may have been carried out


def route_of(name):
    """(method, current path, legacy path or None, READ or CHANGE) of a route of ROUTES."""
    entry = ROUTES[name]
    method, current, legacy = entry[:3]
    kind = entry[3] if len(entry) > 3 else (READ if method == "GET" else CHANGE)
    return method, current, legacy, kind


class Answer:
    """A successful answer: the envelope's payload and what came with it."""

    def __init__(self, content, page_info, status=200, trace_id=None):
        self.content = content
        self.page_info = page_info
        self.status = status
        self.trace_id = trace_id


def unwrap_items(content):
    """The items of a list answer, whichever of the three documented shapes it came in."""
    if content is None:
        return []
    if isinstance(content, list):
        return content
    if isinstance(content, dict) and isinstance(content.get("data"), list):
        return content["data"]
    raise MalformedResponseError("Guance answered a list request with content that holds no list")


def _total_count(answer):
    for source, key in ((answer.page_info, "totalCount"), (answer.content, "total_count")):
        if isinstance(source, dict) and isinstance(source.get(key), int):
            return source[key]
    return None


def _encode_query(query):
    """Drops unset values and sends lists as JSON text, the form the array parameters take."""
    params = {}
    for key, value in (query or {}).items():
        if value is None:
            continue
        if isinstance(value, (list, tuple)):
            value = json.dumps(list(value), ensure_ascii=False, separators=(",", ":"))
        elif isinstance(value, bool):
            value = "true" if value else "false"
        params[key] = value
    return params


def _never_sent(exc):
    """True when the request cannot have reached the server, so even a change may be repeated."""
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return True
    cause = exc.args[0] if exc.args else None
    return isinstance(getattr(cause, "reason", cause), NewConnectionError)


def check_number(name, value, low, high=None, integer=False, above=False):
    """The value of a numeric setting, or an OptionError naming it; nan, inf and bools are refused."""
    kinds = (int,) if integer else (int, float)
    if isinstance(value, bool) or not isinstance(value, kinds) or not math.isfinite(value):
        raise OptionError("%s must be a %s, got %r" % (name, "whole number" if integer else "finite number", value))
    if value < low or (above and value == low) or (high is not None and value > high):
        bounds = ("more than %s" if above else "at least %s") % low
        if high is not None:
            bounds += " and at most %s" % high
        raise OptionError("%s must be %s, got %r" % (name, bounds, value))
    return value


class _Call:
    """One operation on the wire, and what the decision needs to know of it."""

    def __init__(self, method, template, url, params, data, kind):
        self.method = method
        self.what = "%s %s" % (method, template)
        self.url = url
        self.params = params
        self.data = data
        self.read = kind == READ


class _Outcome:
    """How one attempt ended: an Answer, or an error and whether it may be repeated."""

    def __init__(self, kind, answer=None, error=None, retry_after=0):
        self.kind = kind
        self.answer = answer
        self.error = error
        self.retry_after = retry_after


class _Tries:
    """What the repetitions of one request have used up: attempts after faults, seconds waited for the limit."""

    def __init__(self):
        self.attempts = 1
        self.limit_waited = 0.0


class _DeadlineExceeded(Exception):
    pass


class _Exchange:
    """One attempt's request and the reading of its answer, in a thread of its own.

    A server that trickles its answer sends a byte before each read times out, so no per-read
    timeout (requests' and urllib3's, `Timeout(total=...)` included, is one) ever fires; and a
    socket cannot be reached through public API while the status line is awaited, nor shut down
    where a proxy over HTTPS wraps it. So the caller waits for the thread until the attempt's
    deadline and then gives up on it, whatever transport or proxy it is waiting on. A thread given
    up on owns its session from then on: it stops at its next read of the body, or when the
    server or a read timeout ends a status line it is still waiting for, and closes the session.
    """

    def __init__(self, session, call, timeout, verify, deadline, monotonic):
        self.response = self.body = self.error = None
        self._request = (session, call, timeout, verify)
        self._deadline = deadline
        self._monotonic = monotonic
        self._lock = threading.Lock()
        self._done = self._given_up = False

    def finished_before(self, seconds):
        """Runs the exchange; False when it had not ended after `seconds` and was given up on."""
        thread = threading.Thread(target=self._run, name="guance-request")
        thread.daemon = True
        thread.start()
        thread.join(max(seconds, 0))
        with self._lock:
            self._given_up = not self._done
            return self._done

    def _run(self):
        session, call, timeout, verify = self._request
        try:
            response = session.request(call.method, call.url, params=call.params, data=call.data, stream=True,
                                       timeout=(timeout, timeout), verify=verify)
            try:
                self.body = self._read(response.raw)
                self.response = response
            finally:
                response.close()
        except Exception as exc:  # pylint: disable=broad-exception-caught
            # Handed to the caller, which classifies transport failures and raises anything else.
            self.error = exc
        with self._lock:
            self._done = True
            given_up = self._given_up
        if given_up:
            session.close()

    def _read(self, raw):
        """The whole body, a chunk at a time, as long as the deadline has not come (nor the caller given up)."""
        read_some = getattr(raw, "read1", None) or raw.read  # read1 (urllib3 2.3+) returns what has arrived
        chunks = []
        while True:
            if self._given_up or self._monotonic() >= self._deadline:
                raise _DeadlineExceeded()
            chunk = read_some(READ_CHUNK, decode_content=True)
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)


class GuanceClient:
    """Speaks to one Guance endpoint with one API key.

    Nothing here touches the network until the first request. `clock` (wall-clock seconds, for
    the rate-limit pacing shared between processes), `monotonic` (for the deadline of a request)
    and `sleep` can be replaced, so tests never wait.
    """

    def __init__(self, endpoint, api_key, timeout=30, validate_certs=True, ca_path=None, retries=3,
                 rate_limit_wait=120, headers=None, sleep=time.sleep, clock=time.time, monotonic=time.monotonic,
                 rate_limit=DEFAULT_LIMIT, rate_window=DEFAULT_WINDOW, pacing_folder=None):
        self.endpoint = endpoint.rstrip("/")
        self.timeout = check_number("timeout", timeout, 0, 86400, above=True)
        self.retries = check_number("retries", retries, 0, 100, integer=True)
        self.rate_limit_wait = check_number("rate_limit_wait", rate_limit_wait, 0, 86400)
        self.request_count = 0
        self._api_key = api_key
        self._verify = (ca_path or True) if validate_certs else False
        self._extra_headers = dict(headers or {})
        self._sleep = sleep
        self._monotonic = monotonic
        self._session = None
        self._legacy = set()
        rate_limit = check_number("rate_limit", rate_limit, 0, 100000, integer=True)
        rate_window = check_number("rate_window", rate_window, 0, 86400, above=True)
        folder = default_folder() if pacing_folder is None else pacing_folder
        self.pacer = Pacer(store_name(self.endpoint, api_key), rate_limit, rate_window, clock, folder or None)

    def __repr__(self):
        # The key is left out on purpose: a client may end up in a traceback or a debug print.
        return "GuanceClient(endpoint=%r)" % self.endpoint

    @property
    def warnings(self):
        """Things the caller may pass on to the user (at most one: the pacing file failed)."""
        return [self.pacer.warning] if self.pacer.warning else []

    def is_legacy(self, family):
        return family in self._legacy

    def use_legacy(self, family):
        self._legacy.add(family)

    def request(self, route, path=None, query=None, body=None):
        """Sends one operation and returns its Answer, or raises a GuanceError."""
        method, current, legacy, kind = route_of(route)
        family = route.split(".", 1)[0]
        if legacy and self.is_legacy(family):
            return self._send(self._call(method, legacy, path, query, body, kind))
        try:
            return self._send(self._call(method, current, path, query, body, kind))
        except RouteNotFoundError:
            if not legacy:
                raise
            # A refused route carried nothing out, so repeating a change on the older route is safe.
            self.use_legacy(family)
            return self._send(self._call(method, legacy, path, query, body, kind))

    def paginate(self, route, path=None, query=None, page_size=MAX_PAGE_SIZE):
        """Yields every item of a paged list once, one page request at a time.

        Lists are ordered newest first, so an item created between two pages shifts the next page
        by one: items are told apart by uuid, and when the total changes between pages the list
        is read again from its start (at most MAX_LIST_RESTARTS times).
        """
        seen = set()
        for unused in range(MAX_LIST_RESTARTS + 1):
            pages = _Pages(self, route, path, query, min(page_size, MAX_PAGE_SIZE))
            for item in pages:
                identity = item.get("uuid") if isinstance(item, dict) else None
                if identity is None or identity not in seen:
                    seen.add(identity)
                    yield item
                # Items without a uuid (the older object list) cannot be told apart: no second reading.
                pages.restartable = None not in seen
            if not (pages.shifted and pages.restartable):
                return
        raise GuanceError("%s kept changing while it was read (%d times from its start); run the task again when "
                          "fewer changes are being made" % (route, MAX_LIST_RESTARTS + 1))

    def _call(self, method, template, path, query, body, kind):
        url = self.endpoint + template.format(**dict((k, quote(str(v), safe="")) for k, v in (path or {}).items()))
        data = None if body is None else json.dumps(body, ensure_ascii=False).encode("utf-8")
        return _Call(method, template, url, _encode_query(query), data, kind)

    def _http(self):
        if self._session is None:
            # trust_env stays on: HTTPS_PROXY, HTTP_PROXY and NO_PROXY apply as for any requests user.
            self._session = requests.Session()
            self._session.headers.update(self._extra_headers)
            self._session.headers.update({
                "DF-API-KEY": self._api_key,
                "Content-Type": "application/json",
                "Accept": "application/json",
                "User-Agent": USER_AGENT,
            })
        return self._session

    def _send(self, call):
        """The request loop: pace, attempt, decide, until an answer or an error."""
        tries = _Tries()
        while True:
            self._pace(call, tries)
            outcome = self._attempt(call)
            if outcome.kind == _LIMITED:
                wait = self.pacer.refused()
                wait = outcome.retry_after or wait
            else:
                self.pacer.settle()
                if outcome.answer is not None:
                    return outcome.answer
                wait = None
            self._sleep(self._decide(call, outcome, tries, wait))

    def _pace(self, call, tries):
        """Waits, before sending, for the key's window to have room, as far as the recent requests tell."""
        while True:
            wait = self.pacer.reserve()
            if not wait:
                return
            if tries.limit_waited + wait > self.rate_limit_wait:
                raise RateLimitedError(
                    "%s was not sent: this key's %d requests in %g s are used up and the window frees up in %.1f s, "
                    "longer than rate_limit_wait allows" % (call.what, self.pacer.limit, self.pacer.window, wait))
            tries.limit_waited += wait
            self._sleep(wait)

    def _decide(self, call, outcome, tries, limit_wait):
        """The seconds to wait before the next attempt, or raises the error that ends the request."""
        if outcome.kind == _LIMITED:
            # A server asking for a longer wait than is left would refuse the last try too.
            if tries.limit_waited + limit_wait > self.rate_limit_wait:
                raise outcome.error
            tries.limit_waited += limit_wait
            return limit_wait
        if outcome.kind == _ANSWERED:
            raise outcome.error
        if outcome.kind == _TRANSIENT and not call.read:
            raise _unknown_outcome(outcome.error)
        if tries.attempts > self.retries:
            raise _given_up(call, outcome.error, tries.attempts)
        tries.attempts += 1
        return self._backoff(tries.attempts - 1)

    def _attempt(self, call):
        """Sends the request once and reads its answer before the deadline; never raises a GuanceError."""
        self.request_count += 1
        deadline = self._monotonic() + self.timeout
        exchange = _Exchange(self._http(), call, self.timeout, self._verify, deadline, self._monotonic)
        if not exchange.finished_before(deadline - self._monotonic() + DEADLINE_GRACE):
            # The attempt's thread keeps its session; the next attempt gets a fresh one.
            self._session = None
            return self._failed(call, _DeadlineExceeded(), True)
        if exchange.error is not None:
            if not isinstance(exchange.error, (_DeadlineExceeded, requests.exceptions.RequestException, Urllib3Error, OSError)):
                raise exchange.error  # a bug, not the transport: as if it had happened here
            return self._failed(call, exchange.error, self._monotonic() >= deadline)
        return self._classify(call, exchange.response, exchange.body)

    def _failed(self, call, exc, late):
        """The outcome of an attempt that got no whole answer; `late` when its deadline had come."""
        connection_error = isinstance(exc, (requests.exceptions.ConnectionError, requests.exceptions.Timeout))
        if connection_error and _never_sent(exc):
            return _Outcome(_UNSENT, error=TransportError("%s got no answer: %s" % (call.what, self._reason(exc))))
        if late or isinstance(exc, _DeadlineExceeded):
            return _Outcome(_TRANSIENT, error=TransportError("%s got no whole answer within timeout (%g s)" % (call.what, self.timeout)))
        if isinstance(exc, requests.exceptions.SSLError):
            return _Outcome(_ANSWERED, error=TransportError("TLS failed for %s at %s: %s" % (call.what, self.endpoint, self._reason(exc))))
        if connection_error:
            return _Outcome(_TRANSIENT, error=TransportError("%s got no answer: %s" % (call.what, self._reason(exc))))
        return _Outcome(_TRANSIENT, error=TransportError("%s got no whole answer: %s" % (call.what, self._reason(exc))))

    def _classify(self, call, response, body):
        try:
            return _Outcome(_ANSWERED, answer=self._parse(call.what, response, body))
        except RateLimitedError as err:
            return _Outcome(_LIMITED, error=err, retry_after=_retry_after(response))
        except (ServerError, MalformedResponseError) as err:
            # A gateway's HTML error page is as transient as Guance's own 5xx.
            return _Outcome(_TRANSIENT if (err.status or 0) >= 500 else _ANSWERED, error=err)
        except GuanceError as err:
            return _Outcome(_ANSWERED, error=err)

    @staticmethod
    def _backoff(attempt):
        # Full jitter keeps parallel playbook hosts from retrying in lockstep.
        return random.uniform(0, min(RETRY_MAX_DELAY, RETRY_BASE_DELAY * 2 ** attempt))

    def _redact(self, text):
        # A server or a proxy may echo the request back; no secret may reach an error text.
        if not text:
            return text
        for secret in [self._api_key] + [value for value in self._extra_headers.values() if isinstance(value, str)]:
            if secret:
                text = text.replace(secret, "<api key>" if secret == self._api_key else "<secret header>")
        return text

    def _reason(self, exc):
        return self._redact(_reason(exc))

    def _parse(self, what, response, body):
        status = response.status_code
        try:
            envelope = json.loads(body.decode("utf-8"))
        except ValueError:
            envelope = None
        if not isinstance(envelope, dict) or not ("success" in envelope or "errorCode" in envelope):
            # A proxy in front of Guance may do its own rate limiting.
            error_class = RateLimitedError if status == 429 else MalformedResponseError
            raise error_class(
                "%s was answered with something that is not a Guance answer: %r"
                % (what, _snippet(self._redact(body.decode("utf-8", "replace")))), status=status)
        trace_id = envelope.get("traceId") or None
        if 200 <= status < 300 and envelope.get("success") is not False:
            page_info = envelope.get("pageInfo")
            return Answer(envelope.get("content"), page_info if isinstance(page_info, dict) else None, status, trace_id)
        error_code = envelope.get("errorCode") or None
        message = self._redact("%s failed: %s" % (what, envelope.get("message") or response.reason or "no message"))
        raise _error_class(status, error_code)(message, status=status, error_code=error_code, trace_id=trace_id)


class _Pages:
    """The pages of one reading of a list, from its first; `shifted` tells that the total changed meanwhile."""

    def __init__(self, client, route, path, query, page_size):
        self._client = client
        self._route, self._path, self._query, self._size = route, path, query, page_size
        self.shifted = False
        self.restartable = True

    def __iter__(self):
        page_index, seen, first_total = 1, 0, None
        while True:
            params = dict(self._query or {}, pageIndex=page_index, pageSize=self._size)
            answer = self._client.request(self._route, path=self._path, query=params)
            items = unwrap_items(answer.content)
            total = _total_count(answer)
            first_total = total if page_index == 1 else first_total
            if total != first_total:
                self.shifted = True
            yield from items
            seen += len(items)
            if (self.shifted and self.restartable) or _last_page(items, total, seen, self._size):
                return
            page_index += 1


def _last_page(items, total, seen, page_size):
    # Without a total, a short page is the last; a page longer than asked for means the server
    # ignored pageSize and sent everything at once.
    return not items or (total is not None and seen >= total) or (total is None and len(items) != page_size)


def _unknown_outcome(error):
    return OutcomeUnknownError(error.message, error.status, error.error_code, error.trace_id)


def _given_up(call, error, attempts):
    """The last error of a request repeated as often as allowed, saying how often and what it was."""
    tried = "%d attempt%s" % (attempts, "" if attempts == 1 else "s")
    if call.read:
        message = "%s; the read failed after %s" % (error.message, tried)
    else:
        message = "%s; the change was never sent, in %s" % (error.message, tried)
    return type(error)(message, error.status, error.error_code, error.trace_id)


def _retry_after(response):
    """The seconds a Retry-After header asks for; 0 when absent, a date or "0" (which would never use up the wait)."""
    value = response.headers.get("Retry-After", "").strip()
    return float(value) if value.isdigit() else 0


def _error_class(status, error_code):
    code = error_code or ""
    # The errorCode decides first: 401 is used both for a bad key and for rate limits.
    if code.endswith(RATE_LIMIT_SUFFIX) or status == 429:
        return RateLimitedError
    if code.lower() in INVALID_KEY_CODES:
        return InvalidAPIKeyError
    if code == "RouterNotFound":
        return RouteNotFoundError
    if status == 401:
        return InvalidAPIKeyError
    if status == 403:
        return PermissionDeniedError
    if status == 404:
        return NotFoundError
    if status >= 500:
        return ServerError
    if 400 <= status < 500:
        return ParameterError
    return GuanceError


def _reason(exc):
    """The cause of a transport failure in a few words, without the URL's query or any header."""
    reason = exc.args[0] if exc.args else exc
    reason = getattr(reason, "reason", reason)
    return "%s: %s" % (type(exc).__name__, reason)


def _snippet(text, size=200):
    text = " ".join((text or "").split())
    return text[:size] + ("..." if len(text) > size else "")
