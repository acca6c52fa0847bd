"""The AWX credential type of docs/awx/ injects exactly what the modules read.

The env var names must be the ones the shared connection options fall back to, and what AWX
renders from a credential (empty fields included) must build a working client.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os

import pytest
import yaml

from jinja2 import meta
from jinja2.sandbox import ImmutableSandboxedEnvironment

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.guance.cloud.plugins.module_utils._options import (
    CONNECTION_OPTIONS,
    DEFAULT_SITE,
    SITES,
    client_from_params,
    connection_argument_spec,
)

# Found from this file, so it works in the work tree and in ansible-test's laid-out copy alike.
ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
AWX = os.path.join(ROOT, "docs", "awx")

# The options the credential type covers; the rest (TLS, timeouts) stay with the playbook.
INJECTED_OPTIONS = ("api_key", "site", "endpoint")


def load(name):
    with open(os.path.join(AWX, name)) as handle:
        return yaml.safe_load(handle)


INPUTS = load("credential_type_inputs.yml")
INJECTORS = load("credential_type_injectors.yml")
FIELDS = dict((field["id"], field) for field in INPUTS["fields"])


def render_env(credential_inputs):
    """The environment AWX gives a job: its sandboxed Jinja, fed only the fields that are set."""
    namespace = dict((k, v) for k, v in credential_inputs.items() if v)
    sandbox = ImmutableSandboxedEnvironment()
    return dict((name, sandbox.from_string(template).render(**namespace)) for name, template in INJECTORS["env"].items())


def params_from_env(monkeypatch, env):
    """The connection options as a module sees them with this environment and no task options."""
    for option, (dummy, names) in CONNECTION_OPTIONS.items():
        for name in names:
            monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    result = ArgumentSpecValidator(connection_argument_spec()).validate({})
    assert not result.error_messages
    return result.validated_parameters


def test_injects_the_primary_variable_of_each_connection_option():
    primary = dict((CONNECTION_OPTIONS[option][1][0], option) for option in INJECTED_OPTIONS)
    assert sorted(INJECTORS["env"]) == sorted(primary)
    assert set(INJECTORS) == {"env"}


def test_each_injector_reads_the_field_of_its_option():
    sandbox = ImmutableSandboxedEnvironment()
    for name, template in INJECTORS["env"].items():
        option = [o for o in INJECTED_OPTIONS if CONNECTION_OPTIONS[o][1][0] == name][0]
        assert meta.find_undeclared_variables(sandbox.parse(template)) == {option}


def test_inputs_match_the_options():
    assert sorted(FIELDS) == sorted(INJECTED_OPTIONS)
    assert INPUTS["required"] == ["api_key"]
    assert FIELDS["api_key"]["secret"] is True
    assert not any(FIELDS[name].get("secret") for name in ("site", "endpoint"))
    assert FIELDS["site"]["choices"] == sorted(SITES)
    assert FIELDS["site"]["default"] == DEFAULT_SITE
    for field in FIELDS.values():
        assert field["type"] == "string" and field["label"] and field["help_text"]


@pytest.mark.parametrize("inputs, endpoint", [
    ({"api_key": "secret-key", "site": "eu1"}, SITES["eu1"]),
    ({"api_key": "secret-key", "site": "", "endpoint": ""}, SITES[DEFAULT_SITE]),
    ({"api_key": "secret-key"}, SITES[DEFAULT_SITE]),
    ({"api_key": "secret-key", "site": "cn1", "endpoint": "https://openapi.example.com/"}, "https://openapi.example.com"),
])
def test_what_awx_injects_builds_a_client(monkeypatch, inputs, endpoint):
    params = params_from_env(monkeypatch, render_env(inputs))
    assert params["api_key"] == "secret-key"
    client = client_from_params(params)
    assert client.endpoint == endpoint
    assert "secret-key" not in repr(client)
