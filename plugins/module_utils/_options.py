# -*- coding: utf-8 -*-
# Copyright: (c) 2026, guance.cloud maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The connection options every guance.cloud module shares, defined once.

plugins/doc_fragments/guance.py documents the same table; a unit test keeps the two in step.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os

from ansible.module_utils.basic import env_fallback, missing_required_lib

from ansible_collections.guance.cloud.plugins.module_utils._client import (
    HAS_REQUESTS,
    GuanceClient,
)
from ansible_collections.guance.cloud.plugins.module_utils._errors import OptionError

try:
    from urllib.parse import urlsplit
except ImportError:  # pragma: no cover - Python 2 is not supported
    from urlparse import urlsplit

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
    "api_key": (dict(type="str", required=True, no_log=True), ["GUANCE_API_KEY", "GUANCE_ACCESS_TOKEN"]),
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


def resolve_endpoint(site, endpoint):
    """The base URL to speak to: an explicit endpoint wins over the site's."""
    if endpoint:
        parts = urlsplit(endpoint)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise OptionError("endpoint must be an http:// or https:// URL such as https://openapi.guance.com, got %r" % endpoint)
        if parts.query or parts.fragment:
            raise OptionError("endpoint must be a base URL without a query or fragment, got %r" % endpoint)
        return endpoint.rstrip("/")
    if site not in SITES:
        raise OptionError("site must be one of %s, got %r; give endpoint for a private deployment" % (", ".join(sorted(SITES)), site))
    return SITES[site]


def client_from_params(params):
    """Builds the client from module parameters; fails before any request on bad connection settings."""
    if not HAS_REQUESTS:
        raise OptionError(missing_required_lib("requests"))
    if not params.get("api_key"):
        raise OptionError("api_key is required: give it as an option or in the GUANCE_API_KEY environment variable")
    # requests would refuse these only when sending, with an error that is not a GuanceError and
    # that quotes the header value, the key included.
    if params["api_key"] != params["api_key"].strip() or "\n" in params["api_key"] or "\r" in params["api_key"]:
        raise OptionError("api_key starts or ends with whitespace or holds a line break; check where it is stored")
    for header, value in (params.get("extra_headers") or {}).items():
        if not isinstance(value, str) or "\n" in value or "\r" in value:
            raise OptionError("extra_headers: the value of %s must be a string on one line" % header)
    if params.get("ca_path") and not os.path.exists(params["ca_path"]):
        raise OptionError("ca_path %s does not exist" % params["ca_path"])
    for name in ("timeout", "rate_limit_wait"):
        if params[name] is not None and params[name] < 0:
            raise OptionError("%s must be a number of seconds of 0 or more, got %r" % (name, params[name]))
    if params["timeout"] == 0:
        raise OptionError("timeout must be more than 0 seconds")
    if params["retries"] < 0:
        raise OptionError("retries must be 0 or more, got %r" % params["retries"])
    return GuanceClient(
        endpoint=resolve_endpoint(params["site"], params["endpoint"]),
        api_key=params["api_key"],
        timeout=params["timeout"],
        validate_certs=params["validate_certs"],
        ca_path=params["ca_path"],
        retries=params["retries"],
        rate_limit_wait=params["rate_limit_wait"],
        headers=params["extra_headers"],
    )
