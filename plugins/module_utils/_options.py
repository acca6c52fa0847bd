# -*- coding: utf-8 -*-
# Copyright: (c) 2026, guance.cloud maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The connection options every guance.cloud module shares, defined once.

plugins/doc_fragments/guance.py documents the same table; a unit test keeps the two in step.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import re
from urllib.parse import urlsplit

from ansible.module_utils.basic import env_fallback, missing_required_lib

from ansible_collections.guance.cloud.plugins.module_utils._client import (
    HAS_REQUESTS,
    GuanceClient,
    check_number,
)
from ansible_collections.guance.cloud.plugins.module_utils._errors import OptionError
from ansible_collections.guance.cloud.plugins.module_utils._pacing import DEFAULT_LIMIT, DEFAULT_WINDOW

# Site codes and their OpenAPI endpoints (the contract, section 1).
SITES = {
    "cn1": "https://openapi.guance.com",
    "cn2": "https://aws-openapi.guance.com",
    "cn4": "https://cn4-openapi.guance.com",
    "cn5": "https://cn5-openapi.guance.com",
    "cn6": "https://cn6-openapi.guance.one",
    "us1": "https://us1-openapi.guance.com",
    "eu1": "https://eu1-openapi.guance.one",
    "ap1": "https://ap1-openapi.guance.one",
    "za1": "https://za1-openapi.guance.com",
    "id1": "https://id1-openapi.guance.com",
}
DEFAULT_SITE = "cn1"

# Guance's Terraform provider reads region names, not site codes, from GUANCE_REGION.
TERRAFORM_REGIONS = {
    "hangzhou": "cn1",
    "ningxia": "cn2",
    "guangzhou": "cn4",
    "vnet": "cn5",
    "hongkong": "cn6",
    "oregon": "us1",
    "frankfurt": "eu1",
    "singapore": "ap1",
}

# option -> (argument spec, environment variables in the order they are read).
# The second variable of api_key, site and endpoint is the one Guance's Terraform provider
# documents, so users who already export those need nothing new.
CONNECTION_OPTIONS = {
    "api_key": (dict(type="str", no_log=True), ["GUANCE_API_KEY", "GUANCE_ACCESS_TOKEN"]),
    "site": (dict(type="str", default=DEFAULT_SITE, choices=sorted(SITES)), ["GUANCE_SITE", "GUANCE_REGION"]),
    "endpoint": (dict(type="str"), ["GUANCE_ENDPOINT", "GUANCE_END_POINT"]),
    "validate_certs": (dict(type="bool", default=True), ["GUANCE_VALIDATE_CERTS"]),
    "ca_path": (dict(type="path"), ["GUANCE_CA_PATH"]),
    "timeout": (dict(type="float", default=30), []),
    "retries": (dict(type="int", default=3), []),
    "rate_limit_wait": (dict(type="float", default=120), []),
    "extra_headers": (dict(type="dict", no_log=True), []),
}


def site_fallback(*names):
    """env_fallback for site: a Terraform region name from GUANCE_REGION becomes its site code."""
    site = env_fallback(*names)
    return TERRAFORM_REGIONS.get(site, site)


def connection_argument_spec():
    spec = {}
    for name, (option, env) in CONNECTION_OPTIONS.items():
        option = dict(option)
        if env:
            option["fallback"] = (site_fallback if name == "site" else env_fallback, env)
        spec[name] = option
    return spec


def guance_argument_spec(**module_options):
    """The module's own options plus the shared connection options."""
    spec = connection_argument_spec()
    spec.update(module_options)
    return spec


# A header name is an HTTP token (RFC 9110, section 5.6.2).
HEADER_NAME = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")
API_SUFFIX = "/api/v1"


def resolve_endpoint(site, endpoint):
    """The base URL to speak to: an explicit endpoint wins over the site's."""
    if endpoint:
        return _check_endpoint(endpoint)
    if site not in SITES:
        raise OptionError("site must be one of %s, got %r; give endpoint for a private deployment" % (", ".join(sorted(SITES)), site))
    return SITES[site]


def _check_endpoint(endpoint):
    """The endpoint as a base URL; a trailing /api/v1 (the routes' own prefix) is dropped."""
    parts = _endpoint_parts(endpoint)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise OptionError("endpoint must be an http:// or https:// URL such as https://openapi.guance.com, got %r" % endpoint)
    if parts.query or parts.fragment:
        raise OptionError("endpoint must be a base URL without a query or fragment, got %r" % endpoint)
    try:
        port = parts.port
    except ValueError:
        port = -1
    if port is not None and not 1 <= port <= 65535:
        raise OptionError("endpoint must have a port between 1 and 65535, got %r" % endpoint)
    if not parts.hostname or re.search(r"[/\\@%]", parts.hostname) or parts.username is not None:
        raise OptionError("endpoint must name a host (without spaces or credentials), got %r" % endpoint)
    base = endpoint.strip().rstrip("/")
    if base.lower().endswith(API_SUFFIX):
        base = base[:-len(API_SUFFIX)].rstrip("/")
    return base


def _endpoint_parts(endpoint):
    """urlsplit of the endpoint, or an OptionError: no whitespace or control characters inside it."""
    if not isinstance(endpoint, str):
        raise OptionError("endpoint must be a URL given as a string, got %r" % (endpoint,))
    text = endpoint.strip()
    if any(character.isspace() or ord(character) < 32 or ord(character) == 127 for character in text):
        raise OptionError("endpoint must not hold spaces or control characters, got %r" % endpoint)
    try:
        return urlsplit(text)
    except ValueError as err:
        raise OptionError("endpoint is not a valid URL (%s), got %r" % (err, endpoint))


def check_api_key(api_key):
    """The key as it can travel in a header, or an OptionError that never quotes it."""
    if not api_key:
        raise OptionError("api_key is required: give it as the api_key option or in the GUANCE_API_KEY environment variable")
    if not isinstance(api_key, str):
        raise OptionError("api_key must be a string")
    # requests would refuse these only when sending, with an error that is not a GuanceError and
    # that quotes the header value, the key included.
    if api_key != api_key.strip() or _control(api_key):
        raise OptionError("api_key starts or ends with whitespace or holds a line break or control character; check where it is stored")
    if not _latin1(api_key):
        raise OptionError("api_key holds characters that cannot be sent in an HTTP header (only Latin-1 can); check where it is stored")
    return api_key


def check_headers(headers):
    """extra_headers as a dict of valid header names to one-line Latin-1 strings; values are never quoted."""
    if headers is None:
        return {}
    if not isinstance(headers, dict):
        raise OptionError("extra_headers must be a dict of header names to values")
    for name, value in headers.items():
        if not isinstance(name, str) or not HEADER_NAME.fullmatch(name):
            raise OptionError("extra_headers: %r is not a valid HTTP header name (letters, digits and !#$%%&'*+.^_`|~- only)" % (name,))
        if not isinstance(value, str) or _control(value.replace("\t", " ")):
            raise OptionError("extra_headers: the value of %s must be a string on one line" % name)
        if not _latin1(value):
            raise OptionError("extra_headers: the value of %s holds characters that cannot be sent in an HTTP header (only Latin-1 can)" % name)
    return dict(headers)


def _control(text):
    return any(ord(character) < 32 or ord(character) == 127 for character in text)


def _latin1(text):
    try:
        text.encode("latin-1")
    except UnicodeEncodeError:
        return False
    return True


def secret_values(params):
    """Every secret of the connection options, for a module's no_log_values (extra_headers given as k=v text included)."""
    values = set()
    if isinstance(params.get("api_key"), str) and params["api_key"]:
        values.add(params["api_key"])
    headers = params.get("extra_headers")
    if isinstance(headers, dict):
        values.update(value for value in headers.values() if isinstance(value, str) and value)
    return values


def _check_ca_path(ca_path):
    if ca_path and not os.path.exists(ca_path):
        raise OptionError("ca_path %s does not exist" % ca_path)
    return ca_path or None


def check_connection(params):
    """GuanceClient's keyword arguments from the connection options, each checked before any request."""
    def value(name):
        option = CONNECTION_OPTIONS[name][0]
        return params[name] if params.get(name) is not None else option.get("default")
    validate_certs = value("validate_certs")
    if not isinstance(validate_certs, bool):
        raise OptionError("validate_certs must be true or false, got %r" % (validate_certs,))
    return dict(
        endpoint=resolve_endpoint(value("site"), params.get("endpoint")),
        api_key=check_api_key(params.get("api_key")),
        timeout=check_number("timeout", value("timeout"), 0, 86400, above=True),
        retries=check_number("retries", value("retries"), 0, 100, integer=True),
        rate_limit_wait=check_number("rate_limit_wait", value("rate_limit_wait"), 0, 86400),
        validate_certs=validate_certs,
        ca_path=_check_ca_path(params.get("ca_path")),
        headers=check_headers(params.get("extra_headers")),
    )


def rate_settings(environ=None):
    """(limit, window) of the key's rate limit: GUANCE_RATE_LIMIT and GUANCE_RATE_WINDOW, else 20 in 60 s."""
    environ = os.environ if environ is None else environ
    values = []
    for name, default, integer in (("GUANCE_RATE_LIMIT", DEFAULT_LIMIT, True), ("GUANCE_RATE_WINDOW", DEFAULT_WINDOW, False)):
        text = (environ.get(name) or "").strip()
        try:
            value = (int(text) if integer else float(text)) if text else default
        except ValueError:
            raise OptionError("the environment variable %s must be a %s, got %r" % (name, "whole number" if integer else "number", text))
        values.append(check_number("the environment variable " + name, value, 0, 100000 if integer else 86400,
                                   integer=integer, above=not integer))
    return values[0], values[1]


def client_from_params(params, no_log_values=None, **client_options):
    """Builds the client from module parameters; fails with an OptionError before any request on bad settings.

    `params` may be a module's params or a plain dict of the connection options (absent ones take
    their defaults). Give a module's `no_log_values` so the values of extra_headers are masked in
    its output whatever form they were given in. The rate limit comes from rate_settings() (the
    environment) unless `client_options` give it; `client_options` go to GuanceClient as they are.
    """
    if not HAS_REQUESTS:
        raise OptionError(missing_required_lib("requests"))
    if no_log_values is not None:
        no_log_values.update(secret_values(params))
    settings = check_connection(params)
    if "rate_limit" not in client_options or "rate_window" not in client_options:
        settings["rate_limit"], settings["rate_window"] = rate_settings()
    settings.update(client_options)
    return GuanceClient(**settings)


def client_from_module(module, **client_options):
    """The client of a module: its params checked and its secrets added to the module's no_log_values.

    `module` is an AnsibleModule; only its params and no_log_values are used. `client_options` go
    to GuanceClient as they are. The module hands the client to _results.finish or _results.fail,
    which pass its warnings on.
    """
    return client_from_params(module.params, module.no_log_values, **client_options)
