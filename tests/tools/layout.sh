#!/usr/bin/env bash
# Lay the work tree out as a real ansible_collections/guance/cloud folder (ansible-test
# refuses symlinked ones): every file git would commit (tracked, or new and not ignored),
# copied afresh. ansible-test's own tests/output is kept, so its virtual environments
# survive from one stage to the next. The copy gets an empty git repository of its own:
# ansible-test and ansible-lint look for the nearest .git upwards and list the files git
# reports there (tracked or untracked, not ignored); without it they would find this work
# tree's, where .build/ is ignored, and see no file at all.
#   usage: tests/tools/layout.sh DEST   (DEST ends in ansible_collections/guance/cloud)
set -euo pipefail
dest=$1
case "$dest" in */ansible_collections/guance/cloud) ;; *) echo "layout: $dest is not .../ansible_collections/guance/cloud" >&2; exit 2 ;; esac

mkdir -p "$dest"
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
