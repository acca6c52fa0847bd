#!/usr/bin/env bash
# Make (or bring up to date) the run environment of `make demo` and `make live-test`: a venv with
# only what the collection needs at run time (REQUIREMENTS: ansible-core and requests), not the
# development tool chain, so that the main job starts in seconds.
#   usage: tests/tools/run_venv.sh PYTHON DIR REQUIREMENTS
#
# The fast way: a venv without pip of its own (no ensurepip), filled by the base Python's pip
# (`pip --python`, pip 22.3 or later); where the base Python has no such pip, the usual way.
# Nothing is byte-compiled up front: Python compiles and caches what a playbook imports, a third
# of what is installed. Only where PYTHONDONTWRITEBYTECODE forbids that cache (as in our CI) is
# everything compiled once, on every core, so that each run does not compile ansible-core afresh.
# An existing venv is installed over, not removed: a run beside this one may be using it.
set -euo pipefail
python=$1 dir=$2 requirements=$3
pip_options=(--quiet --disable-pip-version-check --no-compile -r "$requirements")

install() {
  if [ -x "$dir/bin/python" ] && "$dir/bin/python" -m pip --version >/dev/null 2>&1; then
    "$dir/bin/python" -m pip install "${pip_options[@]}"
  elif [ -x "$dir/bin/python" ]; then
    "$python" -m pip --python "$dir/bin/python" install "${pip_options[@]}"
  elif "$python" -m pip --python "$python" --version >/dev/null 2>&1; then
    "$python" -m venv --without-pip "$dir"
    "$python" -m pip --python "$dir/bin/python" install "${pip_options[@]}" && return 0
    echo "run-venv: the base Python's pip could not fill $dir; making it with a pip of its own" >&2
    rm -rf "$dir"
    "$python" -m venv "$dir"
    "$dir/bin/python" -m pip install "${pip_options[@]}"
  else
    "$python" -m venv "$dir"
    "$dir/bin/python" -m pip install "${pip_options[@]}"
  fi
}

install
if [ -n "${PYTHONDONTWRITEBYTECODE:-}" ]; then
  "$dir/bin/python" -m compileall -q -j 0 "$("$dir/bin/python" -c 'import sysconfig; print(sysconfig.get_path("purelib"))')" >/dev/null
fi
