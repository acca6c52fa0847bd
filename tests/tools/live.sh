#!/usr/bin/env bash
# The live check (`make live-test`): tests/live/live.yml against the workspace of GUANCE_API_KEY at
# GUANCE_SITE or GUANCE_ENDPOINT. `make live-test` skips before calling this without them.
# Run it in a laid-out collection (.../ansible_collections/guance/cloud) with ansible-playbook on PATH.
#   usage: tests/tools/live.sh [ANSIBLE-PLAYBOOK OPTIONS...]
set -euo pipefail
collection=$PWD
case "$collection" in
  */ansible_collections/guance/cloud) ;;
  *) echo "live-test: run me through 'make live-test' (I need a laid-out collection, not $collection)" >&2; exit 2 ;;
esac
if [ -z "${GUANCE_API_KEY:-}" ] || [ -z "${GUANCE_SITE:-}${GUANCE_ENDPOINT:-}" ]; then
  echo "live-test: set GUANCE_API_KEY and GUANCE_SITE or GUANCE_ENDPOINT" >&2
  exit 2
fi
export ANSIBLE_COLLECTIONS_PATH=${collection%/ansible_collections/guance/cloud}
export ANSIBLE_LOCALHOST_WARNING=false ANSIBLE_INVENTORY_UNPARSED_WARNING=false ANSIBLE_NOCOWS=1
echo "live-test: against ${GUANCE_ENDPOINT:-site ${GUANCE_SITE}}; it makes and deletes dashboards tagged guance-cloud-live-test"
mkdir -p tests/output
start=$SECONDS
rc=0
ansible-playbook tests/live/live.yml "$@" 2>&1 | tee tests/output/live-test.log || rc=$?
if [ "$rc" -eq 0 ]; then
  echo "live-test: passed in $((SECONDS - start)) s"
else
  echo "live-test: FAILED (log: $collection/tests/output/live-test.log)" >&2
fi
exit "$rc"
