# -*- coding: utf-8 -*-
# Copyright: (c) 2026, guance.cloud maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The shared connection options: the argument spec agrees with the doc fragment, the endpoint is
resolved as documented, bad settings fail before any request, and the environment variables reach
a real AnsibleModule (the key as a no_log value)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import re

import pytest
import yaml

from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.testing import patch_module_args

from ansible_collections.guance.cloud.plugins.doc_fragments.guance import ModuleDocFragment
from ansible_collections.guance.cloud.plugins.module_utils import _options
from ansible_collections.guance.cloud.plugins.module_utils._client import GuanceClient
from ansible_collections.guance.cloud.plugins.module_utils._errors import OptionError
from ansible_collections.guance.cloud.plugins.module_utils._options import (
    SITES,
    client_from_params,
    connection_argument_spec,
    guance_argument_spec,
    resolve_endpoint,
)
from ansible_collections.guance.cloud.tests.unit.fixtures.client.fake_http import envelope

KEY = "sk-0123-do-not-leak-4567"
HEADER_SECRET = "proxy-token-5678-do-not-leak"
FRAGMENT = yaml.safe_load(ModuleDocFragment.DOCUMENTATION)["options"]

# The sites Guance documents (docs/api-notes.md), written out so a typo in the code shows.
CONTRACT_SITES = {
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

# option -> the variables it falls back to, first one first (the second ones are Terraform's).
ENVIRONMENT = {
    "api_key": ["GUANCE_API_KEY", "GUANCE_ACCESS_TOKEN"],
    "site": ["GUANCE_SITE", "GUANCE_REGION"],
    "endpoint": ["GUANCE_ENDPOINT", "GUANCE_END_POINT"],
    "validate_certs": ["GUANCE_VALIDATE_CERTS"],
    "ca_path": ["GUANCE_CA_PATH"],
}
ALL_VARIABLES = [name for names in ENVIRONMENT.values() for name in names]


# The argument spec and the doc fragment

def documented_variables(option):
    return re.findall(r"E\((\w+)\)", " ".join(FRAGMENT[option]["description"]))


def test_spec_and_fragment_name_the_same_options():
    assert sorted(connection_argument_spec()) == sorted(FRAGMENT)


@pytest.mark.parametrize("option", sorted(FRAGMENT))
def test_spec_and_fragment_agree_on_each_option(option):
    spec, doc = connection_argument_spec()[option], FRAGMENT[option]
    assert spec.get("type", "str") == doc.get("type", "str")
    assert spec.get("default") == doc.get("default")
    assert spec.get("required", False) == doc.get("required", False)
    assert sorted(spec.get("choices") or []) == sorted(doc.get("choices") or [])
    assert spec.get("aliases", []) == doc.get("aliases", [])


# Variables the fragment mentions without an option reading them.
MENTIONED = ("ANSIBLE_DEBUG", "GUANCE_RATE_LIMIT", "GUANCE_RATE_WINDOW")


@pytest.mark.parametrize("option", sorted(FRAGMENT))
def test_fragment_names_exactly_the_variables_the_spec_reads(option):
    spec = connection_argument_spec()[option]
    read = list(spec["fallback"][1]) if "fallback" in spec else []
    documented = [name for name in documented_variables(option) if name not in MENTIONED]
    assert documented == read == ENVIRONMENT.get(option, [])


def test_the_key_and_extra_headers_are_secret():
    # Extra headers often carry a proxy's token.
    spec = connection_argument_spec()
    assert sorted(name for name in spec if spec[name].get("no_log")) == ["api_key", "extra_headers"]


def test_site_choices_are_the_contracts_sites():
    assert SITES == CONTRACT_SITES
    assert sorted(connection_argument_spec()["site"]["choices"]) == sorted(CONTRACT_SITES)


def test_module_options_join_the_connection_options():
    spec = guance_argument_spec(name=dict(type="str", required=True))
    assert spec["name"] == dict(type="str", required=True)
    assert set(spec) == set(FRAGMENT) | {"name"}


def test_each_spec_is_a_fresh_copy():
    connection_argument_spec()["api_key"]["required"] = True
    assert "required" not in connection_argument_spec()["api_key"]


# resolve_endpoint

@pytest.mark.parametrize("site", sorted(CONTRACT_SITES))
def test_site_resolves_to_its_endpoint(site):
    assert resolve_endpoint(site, None) == CONTRACT_SITES[site]


@pytest.mark.parametrize("endpoint, expected", [
    ("http://127.0.0.1:41231", "http://127.0.0.1:41231"),
    ("https://guance.corp.example/", "https://guance.corp.example"),
    ("https://gw.corp.example/guance/", "https://gw.corp.example/guance"),
])
def test_endpoint_wins_over_site(endpoint, expected):
    assert resolve_endpoint("us1", endpoint) == expected
    assert resolve_endpoint("not-a-site", endpoint) == expected


@pytest.mark.parametrize("endpoint", ["openapi.guance.com", "ftp://openapi.guance.com", "https://", "http:///api",
                                      "https://openapi.guance.com/?workspace=a", "https://openapi.guance.com/#top"])
def test_bad_endpoint_is_refused(endpoint):
    with pytest.raises(OptionError) as caught:
        resolve_endpoint("cn1", endpoint)
    assert str(caught.value).startswith("endpoint ")
    assert endpoint in str(caught.value)


@pytest.mark.parametrize("site", ["mars1", "", None, "CN1"])
def test_unknown_site_without_endpoint_is_refused(site):
    with pytest.raises(OptionError) as caught:
        resolve_endpoint(site, None)
    assert str(caught.value).startswith("site must be one of ap1, cn1, ")
    assert "endpoint" in str(caught.value)  # says what to do for a private deployment


# client_from_params

def params(**changes):
    values = dict((name, option.get("default")) for name, option in connection_argument_spec().items())
    values["api_key"] = KEY
    values.update(changes)
    return values


@pytest.fixture
def guance(fake_http):
    return fake_http.answer(envelope({"uuid": "dsbd_1"}))


NAN, INF = float("nan"), float("inf")
BAD_SETTINGS = [
    ({"api_key": None}, "api_key"),
    ({"api_key": ""}, "api_key"),
    ({"api_key": KEY + "\n"}, "api_key"),
    ({"api_key": " " + KEY}, "api_key"),
    ({"api_key": KEY + "\u00e9\u4e2d"}, "api_key"),
    ({"api_key": "\u5bc6\u94a5"}, "api_key"),
    ({"api_key": 12345}, "api_key"),
    ({"api_key": "sk-a\x00b"}, "api_key"),
    ({"api_key": "sk-a\tb"}, "api_key"),
    ({"api_key": "sk-a\x7fb"}, "api_key"),
    ({"timeout": -1.0}, "timeout"),
    ({"timeout": 0}, "timeout"),
    ({"timeout": NAN}, "timeout"),
    ({"timeout": INF}, "timeout"),
    ({"timeout": -INF}, "timeout"),
    ({"timeout": 1e9}, "timeout"),
    ({"timeout": True}, "timeout"),
    ({"timeout": "30"}, "timeout"),
    ({"rate_limit_wait": -5.0}, "rate_limit_wait"),
    ({"rate_limit_wait": NAN}, "rate_limit_wait"),
    ({"rate_limit_wait": INF}, "rate_limit_wait"),
    ({"rate_limit_wait": 1e12}, "rate_limit_wait"),
    ({"retries": -1}, "retries"),
    ({"retries": 1.5}, "retries"),
    ({"retries": NAN}, "retries"),
    ({"retries": 10 ** 6}, "retries"),
    ({"retries": False}, "retries"),
    ({"endpoint": "openapi.guance.com"}, "endpoint"),
    ({"endpoint": "ftp://openapi.guance.com"}, "endpoint"),
    ({"endpoint": "https://openapi.guance.com?x=1"}, "endpoint"),
    ({"endpoint": "https://openapi.guance.com/#top"}, "endpoint"),
    ({"endpoint": "https://openapi.guance.com:99999"}, "endpoint"),
    ({"endpoint": "https://openapi.guance.com:0"}, "endpoint"),
    ({"endpoint": "https://openapi.guance.com:http"}, "endpoint"),
    ({"endpoint": "https://open api.guance.com"}, "endpoint"),
    ({"endpoint": "https://user:pw@openapi.guance.com"}, "endpoint"),
    ({"endpoint": "https://:8080"}, "endpoint"),
    ({"endpoint": "https://"}, "endpoint"),
    ({"endpoint": 8080}, "endpoint"),
    ({"endpoint": "http://[::1"}, "endpoint"),
    ({"endpoint": "http://[zz]"}, "endpoint"),
    ({"endpoint": "http://[::1]:99999"}, "endpoint"),
    ({"endpoint": "http://example.com:-1"}, "endpoint"),
    ({"endpoint": "https://exam\nple.com"}, "endpoint"),
    ({"endpoint": "https://\u00a0host"}, "endpoint"),
    ({"endpoint": "http://%zz"}, "endpoint"),
    ({"endpoint": "http://a@b"}, "endpoint"),
    ({"site": "mars1"}, "site"),
    ({"validate_certs": "maybe"}, "validate_certs"),
    ({"extra_headers": {"X-Tenant": 42}}, "extra_headers"),
    ({"extra_headers": {"X-Tenant": "a\r\nX-Evil: 1"}}, "extra_headers"),
    ({"extra_headers": {"X-Tenant": "a\nb"}}, "extra_headers"),
    ({"extra_headers": {"X-Tenant": "nul\x00"}}, "extra_headers"),
    ({"extra_headers": {"X-Tenant": HEADER_SECRET + "\u2603"}}, "extra_headers"),
    ({"extra_headers": {"X Tenant": "a"}}, "extra_headers"),
    ({"extra_headers": {"X-Tenant:": "a"}}, "extra_headers"),
    ({"extra_headers": {"": "a"}}, "extra_headers"),
    ({"extra_headers": {"X-\u00c4": "a"}}, "extra_headers"),
    ({"extra_headers": {"X-(Tenant)": "a"}}, "extra_headers"),
    ({"extra_headers": "X-Tenant=a"}, "extra_headers"),
    ({"extra_headers": ["X-Tenant", "a"]}, "extra_headers"),
    ({"ca_path": "/nonexistent/guance-ca.pem"}, "ca_path"),
]


@pytest.mark.parametrize("changes, option", BAD_SETTINGS, ids=[repr(changes)[:60] for changes, option in BAD_SETTINGS])
def test_bad_settings_fail_before_any_request(guance, changes, option):
    with pytest.raises(OptionError) as caught:
        client_from_params(params(**changes))
    assert str(caught.value).startswith(option) or "%s:" % option in str(caught.value) or option in str(caught.value).split()
    assert KEY not in str(caught.value) and HEADER_SECRET not in str(caught.value)
    assert guance.sent == [] and guance.sessions == []


@pytest.mark.parametrize("name, value, wanted", [
    ("timeout", NAN, "timeout"), ("timeout", 0, "timeout"), ("retries", -1, "retries"), ("retries", 2.5, "retries"),
    ("rate_limit_wait", NAN, "rate_limit_wait"), ("rate_limit_wait", INF, "rate_limit_wait"),
])
def test_the_client_itself_refuses_numbers_out_of_range(name, value, wanted):
    with pytest.raises(OptionError) as caught:
        GuanceClient("https://openapi.example", KEY, **{name: value})
    assert str(caught.value).startswith(wanted)


def test_missing_key_names_the_option_and_the_variable(guance):
    with pytest.raises(OptionError) as caught:
        client_from_params(params(api_key=None))
    assert "api_key" in str(caught.value) and "GUANCE_API_KEY" in str(caught.value)


def test_a_tab_inside_a_header_value_is_fine(guance):
    client_from_params(params(extra_headers={"X-Tenant": "a\tb"})).request("dashboards.list")
    assert guance.sent[0].headers["X-Tenant"] == "a\tb"


@pytest.mark.parametrize("endpoint, expected", [
    (" https://openapi.guance.com ", "https://openapi.guance.com"),
    ("https://openapi.guance.com/api/v1", "https://openapi.guance.com"),
    ("https://openapi.guance.com/api/v1/", "https://openapi.guance.com"),
    ("https://gw.example/guance/api/v1", "https://gw.example/guance"),
    ("http://127.0.0.1:8000/API/V1", "http://127.0.0.1:8000"),
    ("https://openapi.guance.com:443", "https://openapi.guance.com:443"),
    ("https://openapi.guance.com/api/v10", "https://openapi.guance.com/api/v10"),
    ("http://[::1]:8000", "http://[::1]:8000"),
])
def test_a_trailing_api_v1_is_dropped_from_the_endpoint(endpoint, expected):
    assert resolve_endpoint("cn1", endpoint) == expected


def test_an_endpoint_with_api_v1_reaches_the_routes_once(guance):
    client_from_params(params(endpoint="https://openapi.guance.com/api/v1/")).request("dashboards.get", path={"uuid": "dsbd_1"})
    assert guance.sent[0].path == "/api/v1/dashboards/dsbd_1/get"


def test_a_plain_dict_of_some_options_is_enough(guance):
    # The inventory and callback plugins pass what they have; the rest takes the documented defaults.
    client = client_from_params({"api_key": KEY, "endpoint": "http://127.0.0.1:8000"})
    assert (client.endpoint, client.timeout, client.retries, client.rate_limit_wait) == ("http://127.0.0.1:8000", 30, 3, 120)


def test_client_options_pass_through(guance, sleeps):
    client = client_from_params(params(), sleep=sleeps, rate_limit=5, rate_window=2.0)
    assert (client.pacer.limit, client.pacer.window) == (5, 2.0)


@pytest.mark.parametrize("variables, fragment", [
    ({"GUANCE_RATE_LIMIT": "many"}, "GUANCE_RATE_LIMIT"),
    ({"GUANCE_RATE_LIMIT": "-1"}, "GUANCE_RATE_LIMIT"),
    ({"GUANCE_RATE_WINDOW": "nan"}, "GUANCE_RATE_WINDOW"),
    ({"GUANCE_RATE_WINDOW": "0"}, "GUANCE_RATE_WINDOW"),
    ({"GUANCE_RATE_WINDOW": "inf"}, "GUANCE_RATE_WINDOW"),
])
def test_bad_rate_settings_in_the_environment_are_named(guance, monkeypatch, variables, fragment):
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(OptionError) as caught:
        client_from_params(params())
    assert fragment in str(caught.value)


def test_rate_settings_come_from_the_environment(guance, monkeypatch):
    monkeypatch.setenv("GUANCE_RATE_LIMIT", "5")
    monkeypatch.setenv("GUANCE_RATE_WINDOW", "1.5")
    client = client_from_params(params())
    assert (client.pacer.limit, client.pacer.window) == (5, 1.5)


def test_the_client_never_reads_the_rate_settings_from_the_environment(guance, monkeypatch):
    monkeypatch.setenv("GUANCE_RATE_LIMIT", "many")
    monkeypatch.setenv("GUANCE_RATE_WINDOW", "1.5")
    client = GuanceClient("https://openapi.example", KEY, pacing_folder="")
    assert (client.pacer.limit, client.pacer.window) == (20, 60)


@pytest.mark.parametrize("settings, name", [
    (dict(rate_limit=-1), "rate_limit"),
    (dict(rate_limit=2.5), "rate_limit"),
    (dict(rate_limit=None), "rate_limit"),
    (dict(rate_window=0), "rate_window"),
    (dict(rate_window=float("nan")), "rate_window"),
])
def test_the_client_checks_the_rate_settings_it_is_given(settings, name):
    with pytest.raises(OptionError) as caught:
        GuanceClient("https://openapi.example", KEY, pacing_folder="", **settings)
    assert str(caught.value).startswith(name + " must be")


def test_rate_settings_read_only_the_mapping_given():
    assert _options.rate_settings({}) == (20, 60)
    assert _options.rate_settings({"GUANCE_RATE_LIMIT": " 0 ", "GUANCE_RATE_WINDOW": "90"}) == (0, 90.0)


def test_missing_requests_library_is_an_option_error(monkeypatch):
    monkeypatch.setattr(_options, "HAS_REQUESTS", False)
    with pytest.raises(OptionError) as caught:
        client_from_params(params())
    assert "requests" in str(caught.value)


def test_client_speaks_to_the_site_with_the_settings_given(guance):
    client = client_from_params(params(site="eu1", timeout=7.5, retries=0, rate_limit_wait=0, extra_headers={"X-Proxy": "p"}))
    client.request("dashboards.get", path={"uuid": "dsbd_1"})
    sent = guance.sent[0]
    assert (sent.scheme, sent.host, sent.path) == ("https", "eu1-openapi.guance.one", "/api/v1/dashboards/dsbd_1/get")
    assert (sent.headers["DF-API-KEY"], sent.headers["X-Proxy"]) == (KEY, "p")
    assert sent.timeout.read_timeout == 7.5 and sent.cert_reqs == "CERT_REQUIRED"
    assert (client.retries, client.rate_limit_wait) == (0, 0)


def test_client_defaults_are_the_documented_ones(guance):
    client = client_from_params(params())
    assert (client.endpoint, client.timeout, client.retries, client.rate_limit_wait) == ("https://openapi.guance.com", 30, 3, 120)


def test_client_honours_validate_certs_and_ca_path(guance, tmp_path):
    bundle = tmp_path / "ca.pem"
    bundle.write_text(u"-----BEGIN CERTIFICATE-----\n")
    client_from_params(params(endpoint="https://guance.corp.example", ca_path=str(bundle))).request("dashboards.list")
    client_from_params(params(endpoint="https://guance.corp.example", validate_certs=False)).request("dashboards.list")
    assert [(sent.cert_reqs, sent.ca_certs) for sent in guance.sent] == [("CERT_REQUIRED", str(bundle)), ("CERT_NONE", None)]


# A real AnsibleModule: environment fallbacks and no_log

@pytest.fixture
def environment(monkeypatch):
    for name in ALL_VARIABLES:
        monkeypatch.delenv(name, raising=False)

    def setenv(**variables):
        for name, value in variables.items():
            monkeypatch.setenv(name, value)
    return setenv


def module_with(args):
    with patch_module_args(args):
        return AnsibleModule(argument_spec=guance_argument_spec(), supports_check_mode=True)


def failure_of(args, capsys):
    with pytest.raises(SystemExit):
        module_with(args)
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("option, variable, value, expected", [
    ("api_key", "GUANCE_API_KEY", KEY, KEY),
    ("api_key", "GUANCE_ACCESS_TOKEN", KEY, KEY),
    ("site", "GUANCE_SITE", "us1", "us1"),
    ("site", "GUANCE_REGION", "eu1", "eu1"),
    ("endpoint", "GUANCE_ENDPOINT", "http://127.0.0.1:8000", "http://127.0.0.1:8000"),
    ("endpoint", "GUANCE_END_POINT", "http://127.0.0.1:8000", "http://127.0.0.1:8000"),
    ("validate_certs", "GUANCE_VALIDATE_CERTS", "false", False),
    ("validate_certs", "GUANCE_VALIDATE_CERTS", "no", False),
    ("ca_path", "GUANCE_CA_PATH", "/etc/pki/guance.pem", "/etc/pki/guance.pem"),
])
def test_each_variable_fills_its_option(environment, option, variable, value, expected):
    environment(**{variable: value})
    args = {} if option == "api_key" else {"api_key": KEY}
    assert module_with(args).params[option] == expected


@pytest.mark.parametrize("option", sorted(name for name, names in ENVIRONMENT.items() if len(names) == 2))
def test_guance_variable_wins_over_the_terraform_one(environment, option):
    first, second = ENVIRONMENT[option]
    values = {"api_key": ("key-first", "key-second"), "site": ("us1", "eu1"),
              "endpoint": ("https://first.example", "https://second.example")}[option]
    environment(**{first: values[0], second: values[1]})
    assert module_with({"api_key": KEY} if option != "api_key" else {}).params[option] == values[0]


def test_option_wins_over_the_environment(environment):
    environment(GUANCE_API_KEY="from-env", GUANCE_SITE="us1", GUANCE_ENDPOINT="https://env.example")
    module = module_with({"api_key": KEY, "site": "eu1", "endpoint": "https://option.example"})
    assert (module.params["api_key"], module.params["site"], module.params["endpoint"]) == (KEY, "eu1", "https://option.example")


@pytest.mark.parametrize("region, site", [("hangzhou", "cn1"), ("ningxia", "cn2"), ("guangzhou", "cn4"), ("vnet", "cn5"),
                                          ("hongkong", "cn6"), ("oregon", "us1"), ("frankfurt", "eu1"), ("singapore", "ap1")])
def test_terraform_region_names_in_guance_region_are_understood(environment, region, site):
    # Guance's Terraform provider reads region names (hangzhou...), not site codes, from GUANCE_REGION.
    environment(GUANCE_REGION=region)
    assert module_with({"api_key": KEY}).params["site"] == site


def test_without_options_or_variables_the_defaults_apply(environment):
    module = module_with({"api_key": KEY})
    assert (module.params["site"], module.params["endpoint"], module.params["validate_certs"]) == ("cn1", None, True)


def test_missing_key_is_left_to_our_own_message(environment, guance):
    # Not Ansible's "missing required arguments": client_from_params names the variable too.
    module = module_with({})
    assert module.params["api_key"] is None
    with pytest.raises(OptionError) as caught:
        client_from_params(module.params)
    assert "GUANCE_API_KEY" in str(caught.value)


@pytest.mark.parametrize("given", [{"X-Proxy-Token": HEADER_SECRET}, "X-Proxy-Token=" + HEADER_SECRET,
                                   '{"X-Proxy-Token": "%s"}' % HEADER_SECRET])
def test_extra_header_values_are_masked_in_every_form(environment, capsys, guance, given):
    with patch_module_args({"api_key": KEY, "extra_headers": given}):
        module = AnsibleModule(argument_spec=guance_argument_spec())
        client_from_params(module.params, module.no_log_values)
        assert module.params["extra_headers"] == {"X-Proxy-Token": HEADER_SECRET}
        with pytest.raises(SystemExit):
            module.fail_json(msg="proxy said: token %s refused" % HEADER_SECRET, headers=module.params["extra_headers"])
    output = capsys.readouterr().out
    assert HEADER_SECRET not in output and KEY not in output and "proxy said" in output


def test_secret_values_are_the_key_and_header_values():
    assert _options.secret_values(params(extra_headers={"A": "one", "B": "two"})) == {KEY, "one", "two"}
    assert _options.secret_values({}) == set()


def test_unknown_site_fails_the_module(environment, capsys):
    environment(GUANCE_SITE="mars1")
    result = failure_of({"api_key": KEY}, capsys)
    assert "site" in result["msg"] and "mars1" in result["msg"]


@pytest.mark.parametrize("source", ["option", "GUANCE_API_KEY", "GUANCE_ACCESS_TOKEN"])
def test_key_is_masked_in_module_output(environment, capsys, source):
    if source != "option":
        environment(**{source: KEY})
    with patch_module_args({"api_key": KEY} if source == "option" else {}):
        module = AnsibleModule(argument_spec=guance_argument_spec())
        assert KEY in module.no_log_values
        with pytest.raises(SystemExit):
            module.fail_json(msg="Guance said: key %s is invalid" % KEY, key=KEY)
    output = capsys.readouterr().out
    assert KEY not in output and "Guance said" in output


def test_module_params_build_a_working_client(environment, guance):
    environment(GUANCE_ACCESS_TOKEN=KEY, GUANCE_END_POINT="http://127.0.0.1:8000")
    client_from_params(module_with({}).params).request("dashboards.get", path={"uuid": "dsbd_1"})
    sent = guance.sent[0]
    assert (sent.host, sent.port, sent.headers["DF-API-KEY"]) == ("127.0.0.1", 8000, KEY)
