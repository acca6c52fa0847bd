"""Give ansible-test an offline stand-in for its pip bootstrap script.

`ansible-test --venv` bootstraps pip in each virtual environment it makes by
running get-pip.py, which it downloads from a host this network cannot reach,
unless ~/.ansible/test/cache/get_pip_<version>.py already exists (see
ansible_test/_util/target/setup/requirements.py: bootstrap). This script puts
pip's own wheel, from PyPI, in that cache and writes a few-line stand-in beside
it that installs pip by running pip from that wheel.

Run it with the Python of a virtual environment that has ansible-core
installed; it serves every Python version that ansible-test supports:

    .venv/bin/python tests/tools/offline_get_pip.py
"""

import os
import shutil
import subprocess
import sys
import tempfile
import types

from ansible_test._internal.constants import SUPPORTED_PYTHON_VERSIONS
from ansible_test._internal.python_requirements import get_venv_packages

CACHE = os.path.expanduser("~/.ansible/test/cache")

# ansible-test runs this as __main__ with get-pip's arguments: pip options and
# the packages to install, plus get-pip's own --no-setuptools / --no-wheel.
STAND_IN = '''\
"""Offline stand-in for get-pip.py, written by tests/tools/offline_get_pip.py."""
import os, runpy, sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), {wheel!r}))
args = [arg for arg in sys.argv[1:] if arg not in ("--no-setuptools", "--no-wheel")]
sys.argv = ["pip", "install", "--find-links", os.path.dirname(os.path.abspath(__file__))] + args
runpy.run_module("pip", run_name="__main__", alter_sys=True)
'''


def provide(pip_version):
    """Cache pip's wheel and the stand-in script for one pip version.

    Runs beside this one may read both at any time, so each appears whole (os.replace).
    """
    wheel = "pip-%s-py3-none-any.whl" % pip_version
    if not os.path.exists(os.path.join(CACHE, wheel)):
        download = tempfile.mkdtemp(dir=CACHE)
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:",
             "--dest", download, "pip==%s" % pip_version],
            check=True,
        )
        os.replace(os.path.join(download, wheel), os.path.join(CACHE, wheel))
        shutil.rmtree(download)
    script = os.path.join(CACHE, "get_pip_%s.py" % pip_version.replace(".", "_"))
    with tempfile.NamedTemporaryFile("w", dir=CACHE, suffix=".tmp", delete=False, encoding="utf-8") as handle:
        handle.write(STAND_IN.format(wheel=wheel))
    os.replace(handle.name, script)
    print("offline get-pip stand-in for pip %s: %s" % (pip_version, script))


def main():
    os.makedirs(CACHE, exist_ok=True)
    wanted = {get_venv_packages(types.SimpleNamespace(version=version))["pip"] for version in SUPPORTED_PYTHON_VERSIONS}
    for pip_version in sorted(wanted):
        provide(pip_version)


if __name__ == "__main__":
    main()
