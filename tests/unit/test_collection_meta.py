"""The collection's metadata agrees with its code: runtime.yml, galaxy.yml, the client, sanity."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import ast
import os

import pytest
import yaml

from ansible.release import __version__ as ansible_version
from packaging.specifiers import SpecifierSet
from packaging.version import Version

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))

# The oldest ansible-core the pipeline tests (the Makefile's default matrix entry).
OLDEST_TESTED_ANSIBLE = "2.19.0"


def read_yaml(*parts):
    with open(os.path.join(ROOT, *parts)) as handle:
        return yaml.safe_load(handle)


def module_names():
    directory = os.path.join(ROOT, "plugins", "modules")
    if not os.path.isdir(directory):
        return set()
    return {name[:-3] for name in os.listdir(directory) if name.endswith(".py") and name != "__init__.py"}


def requires_ansible():
    spec = read_yaml("meta", "runtime.yml").get("requires_ansible")
    assert isinstance(spec, str) and spec.strip(), "meta/runtime.yml needs requires_ansible"
    return SpecifierSet(spec)


def test_every_module_is_in_the_action_group():
    # module_defaults: {group/guance.cloud.guance: {...}} reaches only the modules listed here.
    group = read_yaml("meta", "runtime.yml").get("action_groups", {}).get("guance", [])
    missing = sorted(module_names() - set(group))
    assert not missing, "add to action_groups.guance in meta/runtime.yml: %s" % ", ".join(missing)


def test_the_action_group_names_only_existing_modules():
    group = read_yaml("meta", "runtime.yml").get("action_groups", {}).get("guance", [])
    stale = sorted(set(name for name in group if isinstance(name, str) and "." not in name) - module_names())
    assert not stale, "action_groups.guance in meta/runtime.yml names missing modules: %s" % ", ".join(stale)


def test_requires_ansible_admits_this_ansible_core():
    assert requires_ansible().contains(ansible_version, prereleases=True), (
        "requires_ansible excludes ansible-core %s, which the pipeline tests" % ansible_version
    )


def test_requires_ansible_claims_no_untested_ansible_core():
    lower = [Version(spec.version) for spec in requires_ansible() if spec.operator in (">=", ">", "==", "~=")]
    assert lower, "requires_ansible needs a lower bound"
    assert max(lower) >= Version(OLDEST_TESTED_ANSIBLE), (
        "requires_ansible admits ansible-core older than %s, which nothing tests" % OLDEST_TESTED_ANSIBLE
    )


def test_galaxy_version_matches_the_client():
    with open(os.path.join(ROOT, "plugins", "module_utils", "_client.py")) as handle:
        tree = ast.parse(handle.read())
    versions = [
        ast.literal_eval(node.value)
        for node in tree.body
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "COLLECTION_VERSION" for t in node.targets)
    ]
    assert versions, "_client.py defines no COLLECTION_VERSION"
    assert versions[-1] == read_yaml("galaxy.yml")["version"], "galaxy.yml version and COLLECTION_VERSION in _client.py differ"


def test_sanity_ignore_files_are_empty():
    # Sanity ignores are debts, not fixes: mend the code instead.
    directory = os.path.join(ROOT, "tests", "sanity")
    names = sorted(os.listdir(directory)) if os.path.isdir(directory) else []
    for name in names:
        if name.startswith("ignore-") and name.endswith(".txt"):
            with open(os.path.join(directory, name)) as handle:
                entries = [line for line in handle if line.strip() and not line.lstrip().startswith("#")]
            assert not entries, "tests/sanity/%s has entries: %s" % (name, entries)


def pins(*parts):
    """{package: version} of the `name==version` lines of a requirements file."""
    with open(os.path.join(ROOT, *parts)) as handle:
        lines = [line.split("#", 1)[0].strip() for line in handle]
    return dict(line.split("==", 1) for line in lines if "==" in line)


def test_the_run_environment_pins_what_the_tool_chain_tests():
    # `make demo` runs in .venv-run (tests/requirements-run.txt); the tests run in .venv.
    run = pins("tests", "requirements-run.txt")
    tools = pins("tests", "requirements.txt")
    assert sorted(run) == ["ansible-core", "requests"], "the run environment holds only what the collection needs"
    assert run == dict((name, tools.get(name)) for name in run), "tests/requirements-run.txt and tests/requirements.txt pin different versions"


def load_tool(name):
    path = os.path.join(ROOT, "tests", "tools", name + ".py")
    namespace = {"__name__": "tool_" + name, "__file__": path}
    with open(path) as handle:
        exec(compile(handle.read(), path, "exec"), namespace)
    return namespace


@pytest.mark.parametrize("length", [3, 40, 41])
def test_function_size_flags_functions_over_40_lines(tmp_path, length):
    # `make lint` fails on a function of more than 40 lines, from `def` to its last line, all lines counted.
    tool = load_tool("function_size")
    middle = ["", "    # a comment", "    x = 1"] * 20
    lines = ["def f():", '    """Doc."""'] + middle[:length - 3] + ["    return 1"]
    source = tmp_path / "sample.py"
    source.write_text("import os\n\n\n" + "\n".join(lines) + "\n")
    assert tool["long_functions"](str(source)) == ([(4, "f", length)] if length > 40 else [])
