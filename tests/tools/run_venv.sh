#!/usr/bin/env bash
# Make (or bring up to date) the run environment of `make demo` and `make live-test`: a venv with
# only what the collection needs at run time (REQUIREMENTS: ansible-core and requests), not the
# development tool chain, so that the main job starts in seconds.
#   usage: tests/tools/run_venv.sh PYTHON DIR REQUIREMENTS
#
# The fast way: a venv without pip of its own (no ensurepip), filled by the base Python's pip
# (`pip --python`, pip 22.3 or later); where the base Python has no such pip, the usual way.
# pip byte-compiles what it installs: with PYTHONDONTWRITEBYTECODE set (as in CI), nothing would
# compile later, and each ansible-playbook would compile ansible-core afresh.
# An existing venv is installed over, not removed: a run beside this one may be using it.
set -euo pipefail
python=$1 dir=$2 requirements=$3
pip_options=(--quiet --disable-pip-version-check -r "$requirements")

if [ -x "$dir/bin/python" ]; then
  if "$dir/bin/python" -m pip --version >/dev/null 2>&1; then
    exec "$dir/bin/python" -m pip install "${pip_options[@]}"
  fi
  exec "$python" -m pip --python "$dir/bin/python" install "${pip_options[@]}"
fi

if "$python" -m pip --python "$python" --version >/dev/null 2>&1; then
  "$python" -m venv --without-pip "$dir"
  if "$python" -m pip --python "$dir/bin/python" install "${pip_options[@]}"; then
    exit 0
  fi
  echo "run-venv: the base Python's pip could not fill $dir; making it with a pip of its own" >&2
  rm -rf "$dir"
fi
"$python" -m venv "$dir"
"$dir/bin/python" -m pip install "${pip_options[@]}"
