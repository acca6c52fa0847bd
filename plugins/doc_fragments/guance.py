# -*- coding: utf-8 -*-
# Copyright: (c) 2026, guance.cloud maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):

    # The connection options of plugins/module_utils/_options.py (a unit test keeps them in step).
    DOCUMENTATION = r"""
options:
  api_key:
    description:
      - The Guance API key (sent as the C(DF-API-KEY) header). It selects the workspace.
      - Create one in Guance under Management > API Key Management.
      - If not set, the value of the E(GUANCE_API_KEY) environment variable is used, then E(GUANCE_ACCESS_TOKEN)
        (the variable Guance's Terraform provider reads). One of the three is required.
      - Prefer the environment variable where you can; ansible-core's debug mode (E(ANSIBLE_DEBUG) set to V(1)) prints module
        arguments before they are masked, and a key taken from the environment is not among them.
    type: str
  site:
    description:
      - The Guance site the workspace lives on, by its code.
      - Ignored when O(endpoint) is set.
      - If not set, the value of the E(GUANCE_SITE) environment variable is used, then E(GUANCE_REGION).
        These also take the region names that Guance's Terraform provider reads from the latter, such as V(hangzhou)
        (V(cn1)), V(ningxia) (V(cn2)), V(guangzhou) (V(cn4)), V(vnet) (V(cn5)), V(hongkong) (V(cn6)), V(oregon) (V(us1)),
        V(frankfurt) (V(eu1)) and V(singapore) (V(ap1)).
    type: str
    default: cn1
    choices: [ap1, cn1, cn2, cn4, cn5, cn6, eu1, id1, us1, za1]
  endpoint:
    description:
      - The full base URL of the OpenAPI, for a private deployment or a local emulator, for example V(https://openapi.example.com).
      - A trailing V(/api/v1) is dropped, since every route starts with it.
      - Wins over O(site).
      - If not set, the value of the E(GUANCE_ENDPOINT) environment variable is used, then E(GUANCE_END_POINT).
    type: str
  validate_certs:
    description:
      - Whether to verify the endpoint's TLS certificate. Only turn this off for a test deployment.
      - If not set, the value of the E(GUANCE_VALIDATE_CERTS) environment variable is used.
    type: bool
    default: true
  ca_path:
    description:
      - A CA bundle (PEM file) to verify the endpoint's certificate with, for private deployments.
      - If not set, the value of the E(GUANCE_CA_PATH) environment variable is used.
    type: path
  timeout:
    description:
      - Seconds one request may take in all, connecting and reading the whole answer, however slowly it arrives.
    type: float
    default: 30
  retries:
    description:
      - How many times a read (object queries included) is repeated after a server error, a gateway's error page,
        a dropped connection or a timeout, with exponential backoff.
      - Changes are never repeated once they may have reached the server; the module reads the state again instead.
        A change that certainly never left (the connection was refused) is repeated as often.
    type: int
    default: 3
  rate_limit_wait:
    description:
      - Guance allows 20 requests a minute per API key and 200 per workspace. A request refused for that is repeated
        once the key's window frees up, for at most this many seconds of waiting in all per request; then the task fails.
      - Once a key has been refused, the tasks on the same controller pace its requests so that they are not refused
        again (see the guide's rate-limit section; E(GUANCE_RATE_LIMIT) and E(GUANCE_RATE_WINDOW) set the limit).
      - Set to V(0) to fail at once.
    type: float
    default: 120
  extra_headers:
    description:
      - Extra HTTP headers sent with every request, for example for a proxy in front of a private deployment.
      - A dict, or V(name=value) text. Names must be valid HTTP header names, values one line of Latin-1 text.
      - Their values are treated like the API key and never logged.
    type: dict
notes:
  - The API key and the values of O(extra_headers) are never logged or returned, except by ansible-core's own debug
    mode (E(ANSIBLE_DEBUG) set to V(1)), which prints module arguments before they are masked; a key given in E(GUANCE_API_KEY)
    stays out of it.
requirements:
  - requests
"""
