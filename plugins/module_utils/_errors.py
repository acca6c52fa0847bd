# -*- coding: utf-8 -*-
# Copyright: (c) 2026, guance.cloud maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Errors raised by the guance.cloud client and resource helpers.

Every failure the collection reports is one of these. Each carries what Guance said (HTTP status,
errorCode, message, traceId) so a user can quote it to Guance support, and a hint that tells the
user what to do next. None of them ever holds the API key.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class GuanceError(Exception):
    """Base class: a message plus what the server said, if it said anything."""

    hint = ""

    def __init__(self, message, status=None, error_code=None, trace_id=None, hint=None):
        super(GuanceError, self).__init__(message)
        self.message = message
        self.status = status
        self.error_code = error_code
        self.trace_id = trace_id
        if hint is not None:
            self.hint = hint

    def __str__(self):
        facts = []
        if self.status is not None:
            facts.append("HTTP %s" % self.status)
        if self.error_code:
            facts.append("errorCode %s" % self.error_code)
        if self.trace_id:
            facts.append("traceId %s" % self.trace_id)
        text = self.message
        if facts:
            text = "%s (%s)" % (text, ", ".join(facts))
        if self.hint:
            text = "%s. %s" % (text.rstrip("."), self.hint)
        return text

    def details(self):
        """The facts as keyword arguments for fail_json, so playbooks can branch on them."""
        return {
            "status": self.status,
            "error_code": self.error_code,
            "trace_id": self.trace_id,
        }


class OptionError(GuanceError):
    """The user's input is wrong; raised before any request is sent."""


class ConflictError(GuanceError):
    """The workspace is in a state the request cannot resolve (two dashboards with one name)."""


class InvalidAPIKeyError(GuanceError):
    hint = "Check api_key (or GUANCE_API_KEY) and that it belongs to the workspace on this site or endpoint"


class PermissionDeniedError(GuanceError):
    hint = "The API key is valid but may not do this; check the key's role in the workspace"


class NotFoundError(GuanceError):
    pass


class RouteNotFoundError(GuanceError):
    hint = "The server does not offer this API route; check site or endpoint, or the Guance version of a private deployment"


class RateLimitedError(GuanceError):
    hint = ("Guance allows 20 requests a minute per API key and 200 per workspace; "
            "raise rate_limit_wait, run fewer tasks in parallel, or spread them over several keys")


class ParameterError(GuanceError):
    hint = "The server refused a parameter; the message says which"


class ServerError(GuanceError):
    hint = "Guance failed to handle the request; try again later and quote the traceId to Guance support if it persists"


class TransportError(GuanceError):
    hint = "Check site or endpoint, network access to it, proxies, and TLS settings (validate_certs, ca_path)"


class MalformedResponseError(GuanceError):
    hint = "Something between you and Guance (a proxy or gateway) answered instead; check endpoint and proxies"


class OutcomeUnknownError(GuanceError):
    hint = "The change may or may not have been made; read the current state before trying again"
