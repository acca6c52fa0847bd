#!/usr/bin/env bash
# Check a built collection tarball: nothing local slipped in, it installs, ansible-builder
# finds its Python dependency, and galaxy-importer (Galaxy's own import checks) accepts it.
#   usage: tests/tools/check_build.sh TARBALL   (with the tool venv's bin first on PATH)
set -euo pipefail
tarball=$(realpath "$1")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

leaked=$(tar -tzf "$tarball" | grep -E '^(\.venv|\.build|\.git|\.ci|\.ansible)(/|$)|(^|/)tests/output/|integration_config\.yml$|guance-credentials|\.tar\.gz$' || true)
if [ -n "$leaked" ]; then
  printf 'check_build: the tarball holds files build_ignore should keep out:\n%s\n' "$leaked" >&2
  exit 1
fi

ANSIBLE_COLLECTIONS_PATH=$work ansible-galaxy collection install --offline -p "$work" "$tarball" >/dev/null
deps=$(ansible-builder introspect "$work")
grep -q "requests" <<<"$deps" || { printf 'check_build: ansible-builder does not see requests:\n%s\n' "$deps" >&2; exit 1; }

cat >"$work/galaxy-importer.cfg" <<'CFG'
[galaxy-importer]
# ansible-test needs containers here, and `make sanity` / `make lint` run those checks already.
RUN_ANSIBLE_TEST = False
RUN_ANSIBLE_LINT = False
CHECK_REQUIRED_TAGS = True
CFG
# galaxy-importer leaves importer_result.json in the current directory: let that be $work.
(cd "$work" && GALAXY_IMPORTER_CONFIG=galaxy-importer.cfg python -m galaxy_importer.main "$tarball")
echo "check_build: $tarball is fine"
