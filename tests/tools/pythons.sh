#!/usr/bin/env bash
# Link the real interpreters of the given Python versions into DIR (put it first on PATH).
# ansible-test drops PYENV_VERSION, so pyenv's shims fail inside it; the real files don't.
# With --optional, versions this machine lacks are left out instead of failing.
#   usage: tests/tools/pythons.sh [--optional] DIR 3.11 3.13 ...
set -euo pipefail
optional=false
if [ "$1" = --optional ]; then optional=true; shift; fi
dir=$1; shift
mkdir -p "$dir"
for version in "$@"; do
  real=
  if command -v pyenv >/dev/null 2>&1 && prefix=$(pyenv prefix "$version" 2>/dev/null); then
    real=${prefix%%:*}/bin/python$version
  fi
  if [ ! -x "$real" ]; then
    real=$(PYENV_VERSION=$version "python$version" -c 'import os, sys; print(os.path.realpath(sys.executable))' 2>/dev/null) || real=
  fi
  if [ ! -x "$real" ]; then
    $optional && continue
    echo "pythons: no Python $version on this machine" >&2
    exit 1
  fi
  # replace a link only when it is wrong: a run beside this one may be using it
  [ "$(readlink "$dir/python$version" || true)" = "$real" ] || ln -sfn "$real" "$dir/python$version"
done
