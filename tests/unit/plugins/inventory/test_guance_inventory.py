# -*- coding: utf-8 -*-
# Copyright: (c) 2026, guance.cloud maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The inventory plugin through Ansible's own option handling: its connection options agree with the
modules' (names, environment variables and their precedence), and parse() turns objects from a fake
reader into hosts, variables and groups, fails with the collection's messages, and caches without the key."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os

import pytest
import yaml

from ansible import constants as C
from ansible.errors import AnsibleError, AnsibleParserError
from ansible.inventory.data import InventoryData
from ansible.parsing.dataloader import DataLoader
from ansible.parsing.vault import VaultLib, VaultSecret, VaultSecretsContext
from ansible.plugins.doc_fragments.constructed import ModuleDocFragment as Constructed
from ansible.plugins.doc_fragments.inventory_cache import ModuleDocFragment as InventoryCache

from ansible_collections.guance.cloud.plugins.doc_fragments.guance import ModuleDocFragment as ModulesFragment
from ansible_collections.guance.cloud.plugins.doc_fragments.guance_plugin import ModuleDocFragment as PluginFragment
from ansible_collections.guance.cloud.plugins.inventory import guance
from ansible_collections.guance.cloud.plugins.module_utils._errors import InvalidAPIKeyError
from ansible_collections.guance.cloud.plugins.module_utils._objects import DEFAULT_TIME_RANGE
from ansible_collections.guance.cloud.plugins.module_utils._options import CONNECTION_OPTIONS

KEY = "sk-inventory-do-not-leak-0123"
PLUGIN_OPTIONS = yaml.safe_load(PluginFragment.DOCUMENTATION)["options"]
MODULE_OPTIONS = yaml.safe_load(ModulesFragment.DOCUMENTATION)["options"]
ENVIRONMENT = [name for option in CONNECTION_OPTIONS.values() for name in option[1]]

OBJECTS = [
    {"class": "HOST", "name": "web-01", "host": "web-01", "os": "linux", "unicast_ip": "10.0.0.11", "env": "prod",
     "num_cpu": 4, "last_update_time": 2000},
    {"class": "HOST", "name": "web-02", "host": "web-02", "os": "linux", "unicast_ip": "10.0.0.12", "env": "test",
     "num_cpu": 8, "last_update_time": 2000},
    {"class": "HOST", "name": "win-01", "host": "win-01", "os": "windows", "unicast_ip": "10.0.0.21",
     "num_cpu": 4, "last_update_time": 1000},
]


# The connection options, documented for the plugin

def test_plugin_fragment_names_the_modules_connection_options():
    assert sorted(PLUGIN_OPTIONS) == sorted(CONNECTION_OPTIONS)


@pytest.mark.parametrize("name", sorted(CONNECTION_OPTIONS))
def test_each_option_reads_the_modules_variables_in_reverse(name):
    # Ansible's configuration takes the last variable set; the modules the first.
    documented = [entry["name"] for entry in PLUGIN_OPTIONS[name].get("env", [])]
    assert documented == list(reversed(CONNECTION_OPTIONS[name][1]))


@pytest.mark.parametrize("name", sorted(CONNECTION_OPTIONS))
def test_each_option_has_the_modules_type_and_default(name):
    plugin, module = PLUGIN_OPTIONS[name], MODULE_OPTIONS[name]
    assert plugin.get("type", "str") == module.get("type", "str")
    assert plugin.get("default") == module.get("default")
    # site takes Terraform's region names from GUANCE_REGION too, so its choices are checked after mapping.
    assert "choices" not in plugin
    assert not plugin.get("required")


def test_secrets_are_not_read_from_ansible_cfg():
    assert "ini" not in PLUGIN_OPTIONS["api_key"] and "ini" not in PLUGIN_OPTIONS["extra_headers"]
    for name in set(PLUGIN_OPTIONS) - {"api_key", "extra_headers"}:
        assert PLUGIN_OPTIONS[name]["ini"] == [{"section": "guance", "key": name}]


def descriptions(options):
    for name, option in options.items():
        yield name, option.get("description")
        for sub_name, text in descriptions(option.get("suboptions") or {}):
            yield "%s.%s" % (name, sub_name), text


@pytest.mark.parametrize("source", [guance.DOCUMENTATION, PluginFragment.DOCUMENTATION])
def test_every_description_line_is_text(source):
    # A plain YAML line holding ": " turns into a mapping, which ansible-doc cannot render.
    doc = yaml.safe_load(source)
    texts = [(key, doc[key]) for key in ("description", "notes") if key in doc]
    texts += list(descriptions(doc["options"]))
    for where, lines in texts:
        lines = lines if isinstance(lines, list) else [lines]
        assert lines and all(isinstance(line, str) and line.strip() for line in lines), where


def test_plugin_documentation_is_complete():
    doc = yaml.safe_load(guance.DOCUMENTATION)
    assert doc["name"] == "guance" and doc["version_added"] == "1.0.0"
    assert doc["extends_documentation_fragment"] == [
        "guance.cloud.guance_plugin", "ansible.builtin.constructed", "ansible.builtin.inventory_cache"]
    assert doc["options"]["plugin"]["choices"] == [guance.InventoryModule.NAME]
    for example in guance.EXAMPLES.split("\n\n"):
        assert yaml.safe_load(example.replace("!vault |", "|"))["plugin"] == guance.InventoryModule.NAME


def test_selection_defaults_are_the_modules():
    options = yaml.safe_load(guance.DOCUMENTATION)["options"]
    assert options["time_range"]["default"] == DEFAULT_TIME_RANGE
    assert options["object_class"]["default"] == "host"


def test_site_codes_are_documented():
    text = " ".join(PLUGIN_OPTIONS["site"]["description"])
    for code in MODULE_OPTIONS["site"]["choices"]:
        assert "V(%s)" % code in text


# parse() with a fake reader

class Display:

    def __init__(self):
        self.warnings = []

    def warning(self, message, *args, **kwargs):
        self.warnings.append(message)

    def __getattr__(self, name):
        return lambda *args, **kwargs: None


@pytest.fixture(autouse=True)
def definitions():
    options = {}
    for fragment in (PluginFragment, Constructed, InventoryCache):
        options.update(yaml.safe_load(fragment.DOCUMENTATION)["options"])
    options.update(yaml.safe_load(guance.DOCUMENTATION)["options"])
    C.config.initialize_plugin_configuration_definitions("inventory", guance.InventoryModule.NAME, options)


@pytest.fixture(autouse=True)
def environment(monkeypatch):
    for name in ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)


class Reader:
    """Stands in for find_objects: records each selection and client, answers OBJECTS or raises."""

    def __init__(self, objects=None, error=None):
        self.objects = OBJECTS if objects is None else objects
        self.error = error
        self.calls = []

    def __call__(self, client, selection, now_ms=None):
        self.calls.append((client, selection))
        if self.error:
            raise self.error
        return [dict(obj) for obj in self.objects], len(self.objects)


@pytest.fixture
def reader(monkeypatch):
    fake = Reader()
    monkeypatch.setattr(guance, "find_objects", fake)
    return fake


def parse(tmp_path, config, cache=True, loader=None, text=None, plugin=None):
    path = tmp_path / "hosts.guance.yml"
    path.write_text(text or yaml.safe_dump(dict({"plugin": "guance.cloud.guance"}, **config)))
    if plugin is None:
        plugin = guance.InventoryModule()
        plugin.display = Display()
    plugin._load_name = guance.InventoryModule.NAME
    inventory = InventoryData()
    plugin.parse(inventory, loader or DataLoader(), str(path), cache=cache)
    if getattr(plugin, "_cache", None) is not None:
        # What Ansible's inventory manager does after each source (the cache is only set up when on).
        plugin.update_cache_if_changed()
    return plugin, inventory


def groups_of(inventory):
    return dict((name, sorted(h.name for h in group.get_hosts())) for name, group in inventory.groups.items()
                if name not in ("all", "ungrouped"))


BASE = {"api_key": KEY, "endpoint": "http://guance.invalid"}


def test_verify_file_takes_only_guance_files(tmp_path):
    plugin = guance.InventoryModule()
    for name, wanted in (("a.guance.yml", True), ("a.guance.yaml", True), ("a.yml", False), ("guance.yml", False)):
        (tmp_path / name).write_text("plugin: guance.cloud.guance\n")
        assert bool(plugin.verify_file(str(tmp_path / name))) is wanted, name


def test_hosts_variables_and_default_groups(tmp_path, reader):
    inventory = parse(tmp_path, dict(BASE, ansible_host_field="unicast_ip"))[1]
    assert sorted(inventory.hosts) == ["web-01", "web-02", "win-01"]
    web = inventory.get_host("web-01").vars
    assert web["ansible_host"] == "10.0.0.11"
    assert web["guance_os"] == "linux" and web["guance_num_cpu"] == 4 and web["guance_class"] == "HOST"
    assert groups_of(inventory) == {"guance_os_linux": ["web-01", "web-02"], "guance_os_windows": ["win-01"]}
    selection = reader.calls[0][1]
    assert selection.object_class == "HOST" and selection.fields == [] and selection.span_ms == 86400000


def test_selection_options_reach_the_reader(tmp_path, reader):
    parse(tmp_path, dict(BASE, object_class="container", filters={"state": "running"}, search="api", names=["a"],
                         time_range="2h", fields=["image"], hostnames=["container_name"], group_by=["host"]))
    selection = reader.calls[0][1]
    assert selection.object_class == "docker_containers" and selection.filters == {"state": "running"}
    assert selection.search == "api" and selection.names == ["a"] and selection.span_ms == 7200000
    assert selection.fields == ["image", "container_name", "host", "name", "last_update_time"]


def test_compose_groups_and_keyed_groups(tmp_path, reader):
    inventory = parse(tmp_path, dict(
        BASE, group_by=[], vars_prefix="g_", leading_separator=False,
        compose={"ansible_user": "'admin' if g_os == 'windows' else 'ops'", "cores": "g_num_cpu * 2"},
        groups={"big": "cores | int >= 16", "silent": "g_last_update_time < 1500"},
        keyed_groups=[{"key": "g_env | default('none')", "prefix": "env"}, {"key": "g_os"}]))[1]
    assert inventory.get_host("win-01").vars["ansible_user"] == "admin"
    assert inventory.get_host("web-02").vars["cores"] == 16
    assert groups_of(inventory) == {
        "big": ["web-02"], "silent": ["win-01"], "env_prod": ["web-01"], "env_test": ["web-02"], "env_none": ["win-01"],
        "linux": ["web-01", "web-02"], "windows": ["win-01"]}


def test_compose_and_groups_see_ansibles_own_host_variables(tmp_path, reader):
    # As in Ansible's constructed plugin: inventory_hostname, group_names (the default groups) and the composed ones.
    inventory = parse(tmp_path, dict(
        BASE, compose={"short": "inventory_hostname.split('-')[0]"},
        groups={"web_linux": "short == 'web' and 'guance_os_linux' in group_names"},
        keyed_groups=[{"key": "short", "prefix": "kind"}]))[1]
    assert inventory.get_host("win-01").vars["short"] == "win"
    groups = groups_of(inventory)
    assert groups["web_linux"] == ["web-01", "web-02"]
    assert groups["kind_web"] == ["web-01", "web-02"] and groups["kind_win"] == ["win-01"]


class CountingInventory(InventoryData):
    """Counts what the plugin asks of the inventory."""

    def __init__(self):
        self.calls = {}
        super(CountingInventory, self).__init__()

    def count(self, name):
        self.calls[name] = self.calls.get(name, 0) + 1

    def add_group(self, group):
        self.count("add_group")
        return super(CountingInventory, self).add_group(group)

    def get_host(self, hostname):
        self.count("get_host")
        return super(CountingInventory, self).get_host(hostname)


def test_without_constructed_options_no_host_is_templated_and_each_group_made_once(tmp_path, reader, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a constructed helper ran without compose, groups or keyed_groups")

    for name in ("_set_composite_vars", "_add_host_to_composed_groups", "_add_host_to_keyed_groups", "_compose"):
        monkeypatch.setattr(guance.InventoryModule, name, refuse)
    path = tmp_path / "hosts.guance.yml"
    path.write_text(yaml.safe_dump(dict({"plugin": "guance.cloud.guance"}, **BASE)))
    plugin = guance.InventoryModule()
    plugin.display = Display()
    plugin._load_name = guance.InventoryModule.NAME
    inventory = CountingInventory()
    plugin.parse(inventory, DataLoader(), str(path))
    # Two groups for three hosts, asked for once each (InventoryData makes all and ungrouped itself).
    assert groups_of(inventory) == {"guance_os_linux": ["web-01", "web-02"], "guance_os_windows": ["win-01"]}
    assert inventory.calls == {"add_group": 2 + 2}


def test_a_broken_expression_is_skipped_unless_strict(tmp_path, reader):
    config = dict(BASE, keyed_groups=[{"key": "g_env", "prefix": "env"}], compose={"x": "nope.attr"})
    inventory = parse(tmp_path, config)[1]
    assert "x" not in inventory.get_host("web-01").vars and not [g for g in inventory.groups if g.startswith("env")]
    with pytest.raises(AnsibleError):
        parse(tmp_path, dict(config, strict=True))


def test_duplicates_warn_and_keep_the_newest(tmp_path, monkeypatch):
    monkeypatch.setattr(guance, "find_objects", Reader(objects=[
        {"name": "a", "host": "same", "last_update_time": 1}, {"name": "b", "host": "same", "last_update_time": 2}]))
    plugin, inventory = parse(tmp_path, BASE)
    assert list(inventory.hosts) == ["same"] and inventory.get_host("same").vars["guance_name"] == "b"
    assert plugin.display.warnings == [
        "1 hostname given by more than one object of fields host, name: same (2 objects: a, b); "
        "kept the newest of each (option duplicates)"]


def test_duplicates_fail_when_asked(tmp_path, monkeypatch):
    monkeypatch.setattr(guance, "find_objects", Reader(objects=[{"name": "a", "host": "same"}, {"name": "b", "host": "same"}]))
    with pytest.raises(AnsibleParserError, match=r"^1 hostname given by more than one object .*same \(2 objects: a, b\)$"):
        parse(tmp_path, dict(BASE, duplicates="fail"))
    inventory = parse(tmp_path, dict(BASE, duplicates="suffix"))[1]
    assert sorted(inventory.hosts) == ["same", "same_2"]


def test_objects_without_a_hostname_warn_or_fail_when_strict(tmp_path, monkeypatch):
    monkeypatch.setattr(guance, "find_objects", Reader(objects=[{"class": "HOST", "os": "linux"}, OBJECTS[0]]))
    plugin, inventory = parse(tmp_path, BASE)
    assert list(inventory.hosts) == ["web-01"]
    assert plugin.display.warnings == ["1 object of host had none of the hostnames fields (host, name) and was left out"]
    with pytest.raises(AnsibleParserError, match="had none of the hostnames fields"):
        parse(tmp_path, dict(BASE, strict=True))


@pytest.mark.parametrize("config, message", [
    ({"time_range": "yesterday"}, "^time_range: expected a positive number"),
    ({"vars_prefix": "9_"}, "^vars_prefix must start a valid variable name"),
    ({"hostnames": []}, "^hostnames must be a list"),
    ({"endpoint": "ftp://x"}, "^endpoint must be an http:// or https:// URL"),
    ({"api_key": None}, "^api_key is required: .*GUANCE_API_KEY"),
    ({"site": "mars", "endpoint": None}, "^site must be one of ap1, cn1"),
    ({"filters": {"os": {"a": 1}}}, "^filters.os: "),
])
def test_bad_options_fail_before_any_request(tmp_path, reader, config, message):
    with pytest.raises(AnsibleParserError, match=message):
        parse(tmp_path, dict(BASE, **config))
    assert reader.calls == []


def test_a_guance_error_is_the_modules_message_without_the_key(tmp_path, monkeypatch):
    error = InvalidAPIKeyError("POST /api/v1/df/query_data_v1 failed: the API key is missing or not valid", status=403,
                               error_code="ft.InvalidAPIKey", trace_id="t-1")
    monkeypatch.setattr(guance, "find_objects", Reader(error=error))
    with pytest.raises(AnsibleParserError) as caught:
        parse(tmp_path, BASE)
    assert str(caught.value.message) == str(error)
    assert KEY not in str(caught.value)


@pytest.mark.parametrize("error", [None, InvalidAPIKeyError("refused", status=403)])
def test_the_clients_warnings_are_passed_on(tmp_path, monkeypatch, error):
    class Client:
        warnings = ["the pacing file could not be written"]

    monkeypatch.setattr(guance, "client_from_params", lambda params: Client())
    monkeypatch.setattr(guance, "find_objects", Reader(error=error))
    plugin = guance.InventoryModule()
    shown = Display()
    plugin.display = shown
    if error:
        with pytest.raises(AnsibleParserError):
            parse(tmp_path, BASE, plugin=plugin)
    else:
        parse(tmp_path, BASE, plugin=plugin)
    assert shown.warnings == ["the pacing file could not be written"]


# Where the connection comes from

def connection(tmp_path, config):
    plugin = parse(tmp_path, config)[0]
    return plugin.connection_params()


def test_the_modules_first_variable_wins(tmp_path, reader, monkeypatch):
    monkeypatch.setenv("GUANCE_API_KEY", "first")
    monkeypatch.setenv("GUANCE_ACCESS_TOKEN", "second")
    monkeypatch.setenv("GUANCE_ENDPOINT", "http://one.invalid")
    monkeypatch.setenv("GUANCE_END_POINT", "http://two.invalid")
    monkeypatch.setenv("GUANCE_SITE", "us1")
    monkeypatch.setenv("GUANCE_REGION", "frankfurt")
    params = connection(tmp_path, {})
    assert (params["api_key"], params["endpoint"], params["site"]) == ("first", "http://one.invalid", "us1")


def test_the_second_variables_and_terraform_regions(tmp_path, reader, monkeypatch):
    monkeypatch.setenv("GUANCE_ACCESS_TOKEN", "second")
    monkeypatch.setenv("GUANCE_REGION", "frankfurt")
    monkeypatch.setenv("GUANCE_VALIDATE_CERTS", "false")
    params = connection(tmp_path, {})
    assert (params["api_key"], params["site"], params["endpoint"], params["validate_certs"]) == ("second", "eu1", None, False)
    assert reader.calls[0][0].endpoint == "https://eu1-openapi.guance.one"


def test_the_file_wins_over_the_environment(tmp_path, reader, monkeypatch):
    monkeypatch.setenv("GUANCE_API_KEY", "from-env")
    monkeypatch.setenv("GUANCE_ENDPOINT", "http://env.invalid")
    params = connection(tmp_path, BASE)
    assert (params["api_key"], params["endpoint"]) == (KEY, "http://guance.invalid")


def test_a_templated_key(tmp_path, reader):
    # A lookup would need Ansible's plugin loader; any expression takes the same path.
    params = connection(tmp_path, dict(BASE, api_key="{{ 'sk-inventory-do-not' ~ '-leak-0123' }}"))
    assert params["api_key"] == KEY


def test_a_key_from_the_environment_is_never_templated(tmp_path, reader, monkeypatch):
    monkeypatch.setenv("GUANCE_API_KEY", "{{ 1 + 1 }}")
    assert connection(tmp_path, {"endpoint": "http://guance.invalid"})["api_key"] == "{{ 1 + 1 }}"


def test_a_vaulted_key(tmp_path, reader, monkeypatch):
    secrets = [("default", VaultSecret(b"vault-password"))]
    # What the CLI sets up from --vault-password-file.
    monkeypatch.setattr(VaultSecretsContext, "_current", VaultSecretsContext(secrets))
    vaulted = VaultLib(secrets).encrypt(KEY).decode()
    text = "plugin: guance.cloud.guance\nendpoint: http://guance.invalid\napi_key: !vault |\n  %s\n" % vaulted.replace("\n", "\n  ")
    loader = DataLoader()
    loader.set_vault_secrets(secrets)
    plugin, inventory = parse(tmp_path, {}, loader=loader, text=text)
    assert plugin.connection_params()["api_key"] == KEY
    assert len(inventory.hosts) == 3


# The cache

def test_cache_serves_a_second_run_and_holds_no_key(tmp_path, reader):
    config = dict(BASE, cache=True, cache_plugin="jsonfile", cache_connection=str(tmp_path / "cache"))
    parse(tmp_path, config)
    inventory = parse(tmp_path, config)[1]
    assert len(reader.calls) == 1 and sorted(inventory.hosts) == ["web-01", "web-02", "win-01"]
    files = os.listdir(str(tmp_path / "cache"))
    assert len(files) == 1 and KEY not in files[0]
    with open(str(tmp_path / "cache" / files[0])) as handle:
        text = handle.read()
    stored = json.loads(text)
    # The jsonfile cache of ansible-core 2.19 wraps the value as JSON text under __payload__.
    objects = json.loads(stored["__payload__"]) if "__payload__" in stored else stored
    assert KEY not in text and [obj["name"] for obj in objects] == ["web-01", "web-02", "win-01"]


def test_cache_is_refreshed_on_request_and_keyed_by_what_is_read(tmp_path, reader):
    config = dict(BASE, cache=True, cache_plugin="jsonfile", cache_connection=str(tmp_path / "cache"))
    parse(tmp_path, config)
    parse(tmp_path, config, cache=False)                       # --flush-cache
    parse(tmp_path, dict(config, api_key="another-key"))       # another workspace
    parse(tmp_path, dict(config, filters={"os": "linux"}))     # another selection
    parse(tmp_path, dict(config, filters={"os": "linux"}))
    assert len(reader.calls) == 4
    assert len(os.listdir(str(tmp_path / "cache"))) == 3


def test_no_cache_by_default(tmp_path, reader):
    parse(tmp_path, BASE)
    parse(tmp_path, BASE)
    assert len(reader.calls) == 2


def test_the_client_paces_with_the_rate_settings_of_the_environment(tmp_path, reader, monkeypatch):
    monkeypatch.setenv("GUANCE_RATE_LIMIT", "7")
    monkeypatch.setenv("GUANCE_RATE_WINDOW", "30")
    parse(tmp_path, BASE)
    client = reader.calls[0][0]
    assert (client.pacer.limit, client.pacer.window) == (7, 30.0)
