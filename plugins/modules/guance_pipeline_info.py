#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, guance.cloud maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: guance_pipeline_info
short_description: Read and export Guance Pipelines, scripts included
version_added: 1.0.0
description:
  - Lists the Pipelines of a Guance workspace, narrowed by name and category, with their scripts and test data decoded.
  - Returns them also as Guance's export gives them (RV(exported)), which
    M(guance.cloud.guance_pipeline)'s O(guance.cloud.guance_pipeline#module:import_pipelines) brings into another
    workspace.
author:
  - guance.cloud maintainers (@GuanceCloud)
options:
  names:
    description:
      - Only the Pipelines with these exact names. Left out, every Pipeline.
    type: list
    elements: str
  categories:
    description:
      - Only the Pipelines of these categories. Left out, every category.
    type: list
    elements: str
    choices: [logging, object, custom_object, network, tracing, rum, security, keyevent, metric, profiling,
              dialtesting, billing]
  scripts:
    description:
      - Read the scripts and test data too (one export request for all the Pipelines found). V(false) reads the list
        alone, which shows neither.
    type: bool
    default: true
extends_documentation_fragment:
  - guance.cloud.guance
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.actiongroups
  - guance.cloud.attributes.info
notes:
  - "Requests: one list, plus one export when O(scripts=true) and any Pipeline is found."
seealso:
  - module: guance.cloud.guance_pipeline
"""

EXAMPLES = r"""
- name: Export the logging Pipelines of one workspace
  guance.cloud.guance_pipeline_info:
    categories: [logging]
  register: source_workspace

- name: Bring them into another workspace
  guance.cloud.guance_pipeline:
    import_pipelines: "{{ source_workspace.exported }}"
    api_key: "{{ other_workspace_key }}"

- name: Is there a Pipeline for nginx?
  guance.cloud.guance_pipeline_info:
    names: [nginx_access]
    scripts: false
  register: nginx
"""

RETURN = r"""
pipelines:
  description: The Pipelines found, newest first, in M(guance.cloud.guance_pipeline)'s terms.
  returned: always
  type: list
  elements: dict
  sample:
    - uuid: pl_0123456789abcdef0123456789abcdef
      name: nginx_access
      category: logging
      sources: [nginx]
      as_default: false
      enabled: true
      script: "grok(_, \"%{IPORHOST:client_ip} %{GREEDYDATA:msg}\")\n"
      test_data: "127.0.0.1 GET /\n"
exported:
  description: The same Pipelines as Guance's export route answers them (script and test data in base64), for
    M(guance.cloud.guance_pipeline)'s O(guance.cloud.guance_pipeline#module:import_pipelines).
  returned: when O(scripts=true)
  type: list
  elements: dict
  sample:
    - name: nginx_access
      category: logging
      source: [nginx]
      asDefault: 0
      isDisable: false
      extend: {}
      content: "Z3JvayhfLCAiJXtJUE9SSE9TVDpjbGllbnRfaXB9IikK\n"
      testData: "MTI3LjAuMC4xIEdFVCAvCg==\n"
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.guance.cloud.plugins.module_utils import _pipelines as pl
from ansible_collections.guance.cloud.plugins.module_utils._options import guance_argument_spec
from ansible_collections.guance.cloud.plugins.module_utils._results import serve

ARGUMENT_SPEC = guance_argument_spec(
    names=dict(type="list", elements="str"),
    categories=dict(type="list", elements="str", choices=list(pl.CATEGORIES)),
    scripts=dict(type="bool", default=True),
)


def read(client, params):
    names, categories = params["names"], params["categories"]
    search = names[0] if names and len(set(names)) == 1 else None
    found = [p for p in pl.listed(client, ",".join(categories) if categories else None, search)
             if (names is None or p.get("name") in names) and (not categories or p.get("category") in categories)]
    if not params["scripts"]:
        return dict(changed=False, pipelines=[dict(pl.public(p), uuid=p.get("uuid")) for p in found])
    exports = pl.exported(client, found)
    merged = [exports[p["uuid"]] for p in found]
    return dict(changed=False, pipelines=[pl.public(p) for p in merged],
                exported=[dict((k, p[k]) for k in pl.EXPORT_FIELDS if k in p) for p in merged])


def task(module, client):
    return read(client, module.params)


def main():
    module = AnsibleModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    serve(module, task)


if __name__ == "__main__":
    main()
