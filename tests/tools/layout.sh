#!/usr/bin/env bash
# Lay the work tree out as a real ansible_collections/guance/cloud folder (ansible-test
# refuses symlinked ones), then run COMMAND in it, if given.
#   usage: tests/tools/layout.sh DEST [COMMAND...]   (DEST ends in ansible_collections/guance/cloud)
#
# The copy holds every file git would commit (tracked, or new and not ignored), copied
# afresh; ansible-test's own tests/output is kept, so its virtual environments survive
# from one stage to the next. The copy gets an empty git repository of its own:
# ansible-test and ansible-lint look for the nearest .git upwards and list the files git
# reports there; without it they would find this work tree's, where .build/ is ignored.
# Several people share this work tree: a lock beside DEST keeps one run's copy (and its
# integration_config.yml) from being replaced under another's until COMMAND ends.
set -euo pipefail
dest=$1; shift
case "$dest" in */ansible_collections/guance/cloud) ;; *) echo "layout: $dest is not .../ansible_collections/guance/cloud" >&2; exit 2 ;; esac

mkdir -p "$dest"
exec 9>"$dest.lock"
if ! flock --nonblock 9; then
  echo "layout: waiting for another run in $dest to end"
  flock 9
fi

find "$dest" -mindepth 1 -maxdepth 1 ! -name tests -exec rm -rf {} +
if [ -d "$dest/tests" ]; then
  find "$dest/tests" -mindepth 1 -maxdepth 1 ! -name output -exec rm -rf {} +
fi
git ls-files -z --cached --others --exclude-standard \
  | while IFS= read -r -d '' f; do [ -f "$f" ] && printf '%s\0' "$f"; done \
  | tar --null -T - -cf - \
  | tar -C "$dest" -xf -
git init --quiet "$dest"
echo "layout: $dest"

if [ $# -gt 0 ]; then
  cd "$dest"
  "$@" 9>&-
fi
