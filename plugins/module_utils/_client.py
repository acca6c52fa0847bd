# -*- coding: utf-8 -*-
# Copyright: (c) 2026, guance.cloud maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The one client every guance.cloud module and plugin speaks to Guance through.

It owns the transport (one requests.Session per run), authentication, the route table and the
fallback to the older routes, the response envelope, error mapping, paging, retries and rate
limits. It never ends the process and never reads Ansible state: callers build it from plain
arguments and turn its GuanceError exceptions into failures.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import random
import time
import traceback

try:
    from urllib.parse import quote
except ImportError:  # pragma: no cover - Python 2 is not supported, this only keeps the import sanity test quiet
    from urllib import quote

try:
    import requests
    from urllib3.exceptions import NewConnectionError
    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None
except ImportError:
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = traceback.format_exc()

from ansible_collections.guance.cloud.plugins.module_utils._errors import (
    GuanceError,
    InvalidAPIKeyError,
    MalformedResponseError,
    NotFoundError,
    OutcomeUnknownError,
    ParameterError,
    PermissionDeniedError,
    RateLimitedError,
    RouteNotFoundError,
    ServerError,
    TransportError,
)

COLLECTION_VERSION = "0.1.0"
USER_AGENT = "guance.cloud/%s (Ansible collection)" % COLLECTION_VERSION

# The largest page the paged list routes accept.
MAX_PAGE_SIZE = 100

# name -> (method, current route, route of the older overview page or None).
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
    "objects.query": ("POST", "/api/v1/df/query_data_v1", None),
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
    "checkers.export": ("POST", "/api/v1/checker/export", None),
    "checkers.import": ("POST", "/api/v1/checker/import", "/api/v1/monitor/check/import"),
    "checkers.set_disable": ("POST", "/api/v1/checker/set_disable", None),
    "monitor_groups.list": ("GET", "/api/v1/monitor/group/list", None),
    "alert_policies.list": ("GET", "/api/v1/alert_policy/list", None),
}

# Older documentation spells the invalid-key code without the namespace and in other cases.
INVALID_KEY_CODES = ("ft.invalidapikey", "invalidapikey")
RATE_LIMIT_SUFFIX = "CurrentLimiting"

RETRY_BASE_DELAY = 0.5
RETRY_MAX_DELAY = 10.0
RATE_LIMIT_FIRST_DELAY = 2.0
RATE_LIMIT_MAX_DELAY = 30.0


class Answer:
    """A successful answer: the envelope's payload and what came with it."""

    def __init__(self, content, page_info, status, trace_id):
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
    """True when the request cannot have reached the server, so even a POST may be repeated."""
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return True
    cause = exc.args[0] if exc.args else None
    return isinstance(getattr(cause, "reason", cause), NewConnectionError)


class GuanceClient:
    """Speaks to one Guance endpoint with one API key.

    Nothing here touches the network until the first request.
    """

    def __init__(self, endpoint, api_key, timeout=30, validate_certs=True, ca_path=None, retries=3,
                 rate_limit_wait=120, headers=None, sleep=time.sleep):
        self.endpoint = endpoint.rstrip("/")
        self.timeout = timeout
        self.retries = retries
        self.rate_limit_wait = rate_limit_wait
        self.request_count = 0
        self._api_key = api_key
        self._verify = (ca_path or True) if validate_certs else False
        self._extra_headers = dict(headers or {})
        self._sleep = sleep
        self._session = None
        self._legacy = set()

    def __repr__(self):
        # The key is left out on purpose: a client may end up in a traceback or a debug print.
        return "GuanceClient(endpoint=%r)" % self.endpoint

    def is_legacy(self, family):
        return family in self._legacy

    def use_legacy(self, family):
        self._legacy.add(family)

    def request(self, route, path=None, query=None, body=None):
        """Sends one operation and returns its Answer, or raises a GuanceError."""
        method, current, legacy = ROUTES[route]
        family = route.split(".", 1)[0]
        if legacy and self.is_legacy(family):
            return self._send(method, legacy, path, query, body)
        try:
            return self._send(method, current, path, query, body)
        except RouteNotFoundError:
            if not legacy:
                raise
            # A refused route carried nothing out, so repeating a POST on the older route is safe.
            self.use_legacy(family)
            return self._send(method, legacy, path, query, body)

    def paginate(self, route, path=None, query=None, page_size=MAX_PAGE_SIZE):
        """Yields every item of a paged list, one page request at a time."""
        page_size = min(page_size, MAX_PAGE_SIZE)
        page_index = 1
        seen = 0
        while True:
            params = dict(query or {}, pageIndex=page_index, pageSize=page_size)
            answer = self.request(route, path=path, query=params)
            items = unwrap_items(answer.content)
            yield from items
            seen += len(items)
            total = _total_count(answer)
            # Without a total, a short page is the last; a page longer than asked for means the
            # server ignored pageSize and sent everything at once.
            if not items or (total is not None and seen >= total) or (total is None and len(items) != page_size):
                return
            page_index += 1

    def _http(self):
        if self._session is None:
            self._session = requests.Session()
            self._session.headers.update(self._extra_headers)
            self._session.headers.update({
                "DF-API-KEY": self._api_key,
                "Content-Type": "application/json",
                "Accept": "application/json",
                "User-Agent": USER_AGENT,
            })
        return self._session

    def _send(self, method, template, path, query, body):
        what = "%s %s" % (method, template)
        url = self.endpoint + template.format(**dict((k, quote(str(v), safe="")) for k, v in (path or {}).items()))
        data = None if body is None else json.dumps(body, ensure_ascii=False).encode("utf-8")
        params = _encode_query(query)
        attempt = 0
        waited = 0.0
        while True:
            try:
                self.request_count += 1
                response = self._http().request(method, url, params=params, data=data, timeout=self.timeout, verify=self._verify)
            except requests.exceptions.SSLError as exc:
                raise TransportError("TLS failed for %s at %s: %s" % (what, self.endpoint, _reason(exc)))
            except (requests.exceptions.ConnectionError, requests.exceptions.Timeout) as exc:
                sent = not _never_sent(exc)
                if method == "POST" and sent:
                    raise OutcomeUnknownError("%s got no answer (%s)" % (what, _reason(exc)))
                if attempt >= self.retries:
                    raise TransportError("%s failed after %d attempts: %s" % (what, attempt + 1, _reason(exc)))
                attempt += 1
                self._sleep(self._backoff(attempt))
                continue

            try:
                return self._parse(what, response)
            except RateLimitedError:
                remaining = self.rate_limit_wait - waited
                delay = self._rate_limit_delay(response, waited)
                # A server that asks for a longer wait than is left will refuse the last try too.
                if remaining <= 0 or (_retry_after(response) and delay > remaining):
                    raise
                delay = min(delay, remaining)
                waited += delay
                self._sleep(delay)
            except (ServerError, MalformedResponseError) as exc:
                # A gateway's HTML error page is as transient as Guance's own 5xx.
                if exc.status is None or exc.status < 500:
                    raise
                if method == "POST":
                    raise OutcomeUnknownError(exc.message, exc.status, exc.error_code, exc.trace_id)
                if attempt >= self.retries:
                    raise
                attempt += 1
                self._sleep(self._backoff(attempt))

    @staticmethod
    def _backoff(attempt):
        # Full jitter keeps parallel playbook hosts from retrying in lockstep.
        return random.uniform(0, min(RETRY_MAX_DELAY, RETRY_BASE_DELAY * 2 ** attempt))

    @staticmethod
    def _rate_limit_delay(response, waited):
        retry_after = _retry_after(response)
        if retry_after:
            return retry_after
        # The limits are counted per minute: start short, grow towards the window's length.
        delay = RATE_LIMIT_FIRST_DELAY
        while delay <= waited and delay < RATE_LIMIT_MAX_DELAY:
            delay *= 2
        return min(delay, RATE_LIMIT_MAX_DELAY) * random.uniform(0.8, 1.0)

    def _redact(self, text):
        # A server or a proxy may echo the request back; the key must not reach an error text.
        return text.replace(self._api_key, "<api key>") if text and self._api_key else text

    def _parse(self, what, response):
        status = response.status_code
        try:
            envelope = response.json()
        except ValueError:
            envelope = None
        if not isinstance(envelope, dict) or not ("success" in envelope or "errorCode" in envelope):
            # A proxy in front of Guance may do its own rate limiting.
            error_class = RateLimitedError if status == 429 else MalformedResponseError
            raise error_class(
                "%s was answered with something that is not a Guance answer: %r" % (what, _snippet(self._redact(response.text))),
                status=status)
        trace_id = envelope.get("traceId") or None
        if 200 <= status < 300 and envelope.get("success") is not False:
            page_info = envelope.get("pageInfo")
            return Answer(envelope.get("content"), page_info if isinstance(page_info, dict) else None, status, trace_id)
        error_code = envelope.get("errorCode") or None
        message = self._redact("%s failed: %s" % (what, envelope.get("message") or response.reason or "no message"))
        raise _error_class(status, error_code)(message, status=status, error_code=error_code, trace_id=trace_id)


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
