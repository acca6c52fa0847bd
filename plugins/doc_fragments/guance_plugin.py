# -*- coding: utf-8 -*-
# Copyright: (c) 2026, guance.cloud maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):

    # The connection options of plugins/module_utils/_options.py for plugins that run on the
    # controller (the inventory and lookup plugins), where Ansible's configuration reads the environment and
    # ansible.cfg itself. A unit test keeps the names, types, defaults and variables in step.
    # Ansible takes the LAST variable of an `env` list that is set, and the modules the first,
    # so each list here is the modules' list reversed.
    DOCUMENTATION = r"""
options:
  api_key:
    description:
      - The Guance API key (sent as the C(DF-API-KEY) header). It selects the workspace.
      - Create one in Guance under Management > API Key Management.
      - Required. If not set, the value of the E(GUANCE_API_KEY) environment variable is used, then
        E(GUANCE_ACCESS_TOKEN) (the variable Guance's Terraform provider reads).
      - May be a vaulted string (C(!vault)) or a template, such as a lookup.
      - Deliberately not read from C(ansible.cfg), which is rarely kept secret.
    type: str
    env:
      - name: GUANCE_ACCESS_TOKEN
      - name: GUANCE_API_KEY
  site:
    description:
      - The Guance site the workspace lives on, by its code, one of V(ap1), V(cn1), V(cn2), V(cn4), V(cn5), V(cn6),
        V(eu1), V(id1), V(us1) or V(za1).
      - Ignored when O(endpoint) is set.
      - If not set, the value of the E(GUANCE_SITE) environment variable is used, then E(GUANCE_REGION).
        These also take the region names that Guance's Terraform provider reads from the latter, such as V(hangzhou)
        (V(cn1)), V(ningxia) (V(cn2)), V(guangzhou) (V(cn4)), V(vnet) (V(cn5)), V(hongkong) (V(cn6)), V(oregon) (V(us1)),
        V(frankfurt) (V(eu1)) and V(singapore) (V(ap1)).
    type: str
    default: cn1
    env:
      - name: GUANCE_REGION
      - name: GUANCE_SITE
    ini:
      - section: guance
        key: site
  endpoint:
    description:
      - The full base URL of the OpenAPI, for a private deployment or a local emulator, for example V(https://openapi.example.com).
      - Wins over O(site).
      - If not set, the value of the E(GUANCE_ENDPOINT) environment variable is used, then E(GUANCE_END_POINT).
    type: str
    env:
      - name: GUANCE_END_POINT
      - name: GUANCE_ENDPOINT
    ini:
      - section: guance
        key: endpoint
  validate_certs:
    description:
      - Whether to verify the endpoint's TLS certificate. Only turn this off for a test deployment.
      - If not set, the value of the E(GUANCE_VALIDATE_CERTS) environment variable is used.
    type: bool
    default: true
    env:
      - name: GUANCE_VALIDATE_CERTS
    ini:
      - section: guance
        key: validate_certs
  ca_path:
    description:
      - A CA bundle (PEM file) to verify the endpoint's certificate with, for private deployments.
      - If not set, the value of the E(GUANCE_CA_PATH) environment variable is used.
    type: path
    env:
      - name: GUANCE_CA_PATH
    ini:
      - section: guance
        key: ca_path
  timeout:
    description:
      - Seconds to wait for each answer.
    type: float
    default: 30
    ini:
      - section: guance
        key: timeout
  retries:
    description:
      - How many times a read is repeated after a server error, a dropped connection or a timeout, with exponential backoff.
    type: int
    default: 3
    ini:
      - section: guance
        key: retries
  rate_limit_wait:
    description:
      - Guance allows 20 requests a minute per API key and 200 per workspace. A request refused for that is waited
        out and repeated, for at most this many seconds in all per request; then parsing fails.
      - Set to V(0) to fail at once.
    type: float
    default: 120
    ini:
      - section: guance
        key: rate_limit_wait
  extra_headers:
    description:
      - Extra HTTP headers sent with every request, for example for a proxy in front of a private deployment.
      - Their values are treated like the API key and never shown.
    type: dict
notes:
  - The API key is never shown in output or error messages, and never written to the inventory cache.
  - Options set in the inventory file (or given to a lookup as keywords) win over the environment, which wins over
    C(ansible.cfg) (section C([guance])).
requirements:
  - requests
"""
