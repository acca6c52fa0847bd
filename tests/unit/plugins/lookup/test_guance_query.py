# -*- coding: utf-8 -*-
# Copyright: (c) 2026, guance.cloud maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The guance_query lookup: options from keywords, environment and ansible.cfg, rows as one list, errors as lookup errors."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest
import yaml

from ansible import constants as C
from ansible.errors import AnsibleLookupError

from ansible_collections.guance.cloud.plugins.doc_fragments.guance_plugin import ModuleDocFragment as PluginFragment
from ansible_collections.guance.cloud.plugins.lookup import guance_query
from ansible_collections.guance.cloud.plugins.module_utils._client import Answer
from ansible_collections.guance.cloud.plugins.module_utils._errors import InvalidAPIKeyError
from ansible_collections.guance.cloud.plugins.module_utils._options import CONNECTION_OPTIONS

KEY = "sk-0123-do-not-leak-4567"
CPU = "M::`cpu`:(avg(`usage_idle`) AS `idle`) { `host` = ?{host} } BY `host`"
SERIES = {"name": "cpu", "columns": ["time", "idle"], "tags": {"host": "web-01"}, "values": [[2000, 70.0], [1000, 80.0]]}


NAME = "guance.cloud.guance_query"


@pytest.fixture(autouse=True)
def definitions():
    """The options as Ansible reads them from the documentation, fragment included, as the plugin loader would."""
    options = dict(yaml.safe_load(PluginFragment.DOCUMENTATION)["options"])
    options.update(yaml.safe_load(guance_query.DOCUMENTATION)["options"])
    C.config.initialize_plugin_configuration_definitions("lookup", NAME, options)


def new_plugin():
    plugin = guance_query.LookupModule()
    plugin._load_name = NAME
    return plugin


class FakeClient:
    """Answers every query with SERIES (or raises `error`); records the bodies."""

    warnings = ()

    def __init__(self, error=None, series=(SERIES,)):
        self.error = error
        self.series = list(series)
        self.bodies = []

    def request(self, route, path=None, query=None, body=None):
        self.bodies.append(body)
        if self.error:
            raise self.error
        return Answer({"data": [{"series": self.series}] * len(body["queries"])}, None, 200, "t")


@pytest.fixture
def lookup(monkeypatch):
    """lookup(terms, error=None, series=(SERIES,), **kwargs) -> (result, connection params given, fake client)."""
    for names in (option[1] for option in CONNECTION_OPTIONS.values()):
        for name in names:
            monkeypatch.delenv(name, raising=False)
    seen = {}

    def run(terms, error=None, series=(SERIES,), **kwargs):
        fake = FakeClient(error, series)

        def client_from_params(params):
            seen.update(params)
            return fake
        monkeypatch.setattr(guance_query, "client_from_params", client_from_params)
        plugin = new_plugin()
        return plugin.run(terms, variables={}, **kwargs), seen, fake
    return run


def test_rows_come_back_as_one_list_with_the_statement_bound(lookup):
    result, params, fake = lookup([CPU], params={"host": "web-01"}, latest=True, api_key=KEY, endpoint="http://127.0.0.1:1")
    assert result == [[{"host": "web-01", "time": 2000, "idle": 70.0}]]
    assert fake.bodies[0]["queries"][0]["query"]["q"] == CPU.replace("?{host}", "'web-01'")
    assert params["api_key"] == KEY and params["endpoint"] == "http://127.0.0.1:1"


def test_several_terms_share_one_request(lookup):
    result, fake = lookup([CPU, CPU], params={"host": "a"}, api_key=KEY)[::2]
    assert len(result[0]) == 4 and len(fake.bodies) == 1 and len(fake.bodies[0]["queries"]) == 2


def test_connection_options_come_from_the_environment(lookup, monkeypatch):
    monkeypatch.setenv("GUANCE_API_KEY", KEY)
    monkeypatch.setenv("GUANCE_REGION", "oregon")
    params = lookup([CPU], params={"host": "a"})[1]
    assert params["api_key"] == KEY and params["site"] == "us1"
    assert params["timeout"] == 30 and params["retries"] == 3 and params["rate_limit_wait"] == 120


def test_a_bad_statement_fails_before_any_client(lookup):
    with pytest.raises(AnsibleLookupError, match="not a DQL statement"):
        lookup(["cpu usage"], api_key=KEY)


def test_a_missing_parameter_fails_naming_it(lookup):
    with pytest.raises(AnsibleLookupError, match=r"\?\{host\} names no key of params"):
        lookup([CPU], api_key=KEY)


def test_no_data_fails_when_asked(lookup):
    with pytest.raises(AnsibleLookupError, match=r"no data for M::`cpu`:\(avg\(`x`\)\) in the last 5m"):
        lookup(["M::`cpu`:(avg(`x`))"], series=[dict(SERIES, values=[])], on_no_data="fail", time_range="5m", api_key=KEY)


def test_a_server_error_is_a_lookup_error_without_the_key(lookup):
    error = InvalidAPIKeyError("Guance refused the API key", status=401, error_code="ft.InvalidApiKey", trace_id="t-1")
    with pytest.raises(AnsibleLookupError) as failure:
        lookup([CPU], params={"host": "a"}, api_key=KEY, error=error)
    assert "401" in str(failure.value) and "t-1" in str(failure.value) and KEY not in str(failure.value)


def test_the_real_client_is_built_from_the_options(monkeypatch):
    monkeypatch.delenv("GUANCE_API_KEY", raising=False)
    monkeypatch.delenv("GUANCE_ACCESS_TOKEN", raising=False)
    plugin = new_plugin()
    with pytest.raises(AnsibleLookupError, match="GUANCE_API_KEY"):
        plugin.run([CPU], variables={}, params={"host": "a"})


def test_the_clients_warnings_reach_the_display(lookup, monkeypatch):
    shown = []
    monkeypatch.setattr(guance_query.display, "warning", shown.append)
    monkeypatch.setattr(FakeClient, "warnings", ["the pacing file failed; pacing stayed in the process"])
    lookup([CPU], params={"host": "a"}, api_key=KEY)
    assert shown == ["the pacing file failed; pacing stayed in the process"]
