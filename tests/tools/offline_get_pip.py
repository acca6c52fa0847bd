"""Give ansible-test a stand-in for its pip bootstrap script, only where the real one cannot be downloaded.

`ansible-test --venv` bootstraps pip in each virtual environment it makes by running get-pip.py,
which it downloads from ci-files.testing.ansible.com into ~/.ansible/test/cache/ unless the file
is there already. Where that host is reachable, this script does nothing. Where it is not (a
network that lets only PyPI through, as in our CI), every `--venv` command fails before any test
runs; the script then puts pip's own wheel, from PyPI, into that cache and writes a few-line
stand-in beside it that installs pip by running pip from that wheel.

It uses no ansible-test internals. Which file ansible-test wants is what ansible-test itself says:
in a throwaway collection, under a throwaway HOME (empty cache, so the download is always tried
and fails in a second), `ansible-test shell --venv --python X.Y` prints the pip version it wants
("Downloading pip 24.2 bootstrap script") and the path to save the script to. The Python
versions come from `ansible-test shell --help` (its `--python` choices), limited to the
interpreters found on PATH. The answers are kept per ansible-core version beside the cache
(guance-cloud-get-pip.json), so that ansible-test is asked once, not at every stage.

Run it with the Python of a virtual environment that has ansible-core installed:

    .venv/bin/python tests/tools/offline_get_pip.py      (`make get-pip`; every ansible-test stage needs it)
    .venv/bin/python tests/tools/offline_get_pip.py --list-pythons    (print ansible-test's --python choices)
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from importlib.metadata import version as installed_version

HOME_CACHE = os.path.expanduser(os.path.join("~", ".ansible", "test", "cache"))
BOOTSTRAP_HOST = "https://ci-files.testing.ansible.com/"
ANSIBLE_TEST = os.path.join(os.path.dirname(sys.executable), "ansible-test")
# What each ansible-core asked for on each Python, so that ansible-test is asked once, not at every stage.
ANSWERS = os.path.join(HOME_CACHE, "guance-cloud-get-pip.json")

# ansible-test runs this as __main__ with get-pip's arguments: pip options and
# the packages to install, plus get-pip's own --no-setuptools / --no-wheel.
STAND_IN = '''\
"""Offline stand-in for get-pip.py, written by tests/tools/offline_get_pip.py (the real one was not reachable)."""
import os, runpy, sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), {wheel!r}))
args = [arg for arg in sys.argv[1:] if arg not in ("--no-setuptools", "--no-wheel")]
sys.argv = ["pip", "install", "--find-links", os.path.dirname(os.path.abspath(__file__))] + args
runpy.run_module("pip", run_name="__main__", alter_sys=True)
'''


def reachable(url, timeout=5):
    """Whether the bootstrap script's host answers at all (any HTTP answer counts)."""
    try:
        urllib.request.urlopen(urllib.request.Request(url, method="HEAD"), timeout=timeout).close()
    except urllib.error.HTTPError:
        return True
    except (OSError, ValueError):
        return False
    return True


def supported_pythons():
    """The X.Y choices of ansible-test's --python option, from its own help text."""
    text = subprocess.run([ANSIBLE_TEST, "shell", "--help"], env=dict(os.environ, COLUMNS="500"),
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, check=True).stdout
    match = re.search(r"--python X\.Y\s+python version: ([0-9., ]+)", text)
    if not match:
        raise SystemExit("get-pip: cannot read the --python choices from `ansible-test shell --help`")
    return re.findall(r"\d+\.\d+", match.group(1))


def wanted_script(version):
    """(pip version, cache file name) ansible-test asks for on Python X.Y, or None without that Python."""
    # Only interpreters that run: a pyenv shim of a version not selected is on PATH but fails.
    python = shutil.which("python%s" % version)
    if not python or subprocess.run([python, "-c", ""], stderr=subprocess.DEVNULL, check=False).returncode:
        return None
    with tempfile.TemporaryDirectory() as scratch:
        collection = os.path.join(scratch, "ansible_collections", "probe", "probe")
        os.makedirs(collection)
        with open(os.path.join(collection, "galaxy.yml"), "w") as handle:
            handle.write("namespace: probe\nname: probe\nversion: 1.0.0\n")
        home = os.path.join(scratch, "home")
        text = subprocess.run([ANSIBLE_TEST, "shell", "--venv", "--python", version, "--", "true"],
                              cwd=collection, env=dict(os.environ, HOME=home), stdin=subprocess.DEVNULL,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, check=False).stdout
    pip = re.search(r"Downloading pip (\S+) bootstrap script", text)
    path = re.search(r"saved to: (\S+)", text)
    if not pip or not path:
        raise SystemExit("get-pip: ansible-test did not say which bootstrap script it wants on Python %s:\n%s"
                         % (version, text))
    return pip.group(1), os.path.basename(path.group(1))


def wanted_scripts(versions):
    """{(pip version, cache file name)} ansible-test wants on the given Pythons, asked once per ansible-core."""
    try:
        with open(ANSWERS) as handle:
            answers = json.load(handle)
    except (OSError, ValueError):
        answers = {}
    core = installed_version("ansible-core")
    missing = [v for v in versions if "%s/%s" % (core, v) not in answers]
    with ThreadPoolExecutor(max_workers=4) as pool:
        for version, wanted in zip(missing, pool.map(wanted_script, missing)):
            if wanted:
                answers["%s/%s" % (core, version)] = list(wanted)
    with tempfile.NamedTemporaryFile("w", dir=HOME_CACHE, suffix=".tmp", delete=False) as handle:
        json.dump(answers, handle, indent=1, sort_keys=True)
    os.replace(handle.name, ANSWERS)
    return set(tuple(answers[key]) for key in ("%s/%s" % (core, v) for v in versions) if key in answers)


def provide(pip_version, script_name):
    """Cache pip's wheel and the stand-in script for one pip version.

    Runs beside this one may read both at any time, so each appears whole (os.replace).
    """
    wheel = "pip-%s-py3-none-any.whl" % pip_version
    if not os.path.exists(os.path.join(HOME_CACHE, wheel)):
        download = tempfile.mkdtemp(dir=HOME_CACHE)
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check", "--no-deps",
             "--only-binary=:all:", "--dest", download, "pip==%s" % pip_version],
            check=True,
        )
        os.replace(os.path.join(download, wheel), os.path.join(HOME_CACHE, wheel))
        shutil.rmtree(download)
    script = os.path.join(HOME_CACHE, script_name)
    with tempfile.NamedTemporaryFile("w", dir=HOME_CACHE, suffix=".tmp", delete=False, encoding="utf-8") as handle:
        handle.write(STAND_IN.format(wheel=wheel))
    os.replace(handle.name, script)
    print("get-pip: %s is not reachable; offline stand-in for pip %s: %s" % (BOOTSTRAP_HOST, pip_version, script))


def main(argv):
    if argv == ["--list-pythons"]:
        print(" ".join(supported_pythons()))
        return 0
    if reachable(BOOTSTRAP_HOST):
        print("get-pip: %s is reachable; ansible-test downloads its pip bootstrap script itself" % BOOTSTRAP_HOST)
        return 0
    os.makedirs(HOME_CACHE, exist_ok=True)
    wanted = wanted_scripts(supported_pythons())
    if not wanted:
        raise SystemExit("get-pip: none of the Pythons ansible-test supports is on PATH")
    for pip_version, script_name in sorted(wanted):
        if os.path.exists(os.path.join(HOME_CACHE, script_name)):
            print("get-pip: %s is not reachable; the pip %s bootstrap script is in %s already"
                  % (BOOTSTRAP_HOST, pip_version, HOME_CACHE))
            continue
        provide(pip_version, script_name)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
