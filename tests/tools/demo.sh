#!/usr/bin/env bash
# The main job (`make demo`): run docs/demo/site.yml twice and show that the second run changes nothing.
#
# Without GUANCE_API_KEY it starts the local emulator (seeded hosts, dashboards kept in STATE_FILE
# between demos) and stops it on exit, failure or Ctrl-C. With GUANCE_API_KEY and GUANCE_SITE or
# GUANCE_ENDPOINT set, it runs against that workspace instead.
#
# Run it in a laid-out collection (.../ansible_collections/guance/cloud), with ansible-playbook and
# the Python that has `requests` first on PATH; `make demo` does both.
#   usage: tests/tools/demo.sh [STATE_FILE]
set -euo pipefail

collection=$PWD
case "$collection" in
  */ansible_collections/guance/cloud) ;;
  *) echo "demo: run me through 'make demo' (I need a laid-out collection, not $collection)" >&2; exit 2 ;;
esac
state_file=${1:-$collection/tests/output/demo-state.json}
logs=$collection/tests/output/demo
mkdir -p "$logs" "$(dirname "$state_file")"

export ANSIBLE_COLLECTIONS_PATH=${collection%/ansible_collections/guance/cloud}
export ANSIBLE_LOCALHOST_WARNING=false ANSIBLE_INVENTORY_UNPARSED_WARNING=false ANSIBLE_NOCOWS=1
if [ -t 1 ]; then export ANSIBLE_FORCE_COLOR=1; fi

emulator_pid=
stop() {
  if [ -n "$emulator_pid" ]; then
    kill "$emulator_pid" 2>/dev/null && wait "$emulator_pid" 2>/dev/null || true
  fi
}
trap stop EXIT
trap 'echo "demo: interrupted" >&2; exit 130' INT TERM

if [ -n "${GUANCE_API_KEY:-}" ]; then
  if [ -z "${GUANCE_SITE:-}${GUANCE_ENDPOINT:-}" ]; then
    echo "demo: GUANCE_API_KEY is set: also set GUANCE_SITE (cn1, us1, eu1...) or GUANCE_ENDPOINT" >&2
    exit 2
  fi
  echo "demo: against your workspace at ${GUANCE_ENDPOINT:-site ${GUANCE_SITE}}: it keeps 3 dashboards tagged guance-cloud-demo"
else
  first_line=$logs/emulator.url
  : >"$first_line"
  python3 -u tests/emulator/run.py --port 0 --state-file "$state_file" >"$first_line" 2>"$logs/emulator.log" &
  emulator_pid=$!
  url=
  for _ in $(seq 100); do
    if [ -s "$first_line" ]; then url=$(head -n 1 "$first_line"); break; fi
    if ! kill -0 "$emulator_pid" 2>/dev/null; then echo "demo: the emulator stopped at start:" >&2; cat "$logs/emulator.log" >&2; exit 1; fi
    sleep 0.1
  done
  case "$url" in
    http://127.0.0.1:*) ;;
    *) echo "demo: the emulator gave no base URL in 10 s" >&2; cat "$logs/emulator.log" >&2; exit 1 ;;
  esac
  # The emulator's seeded workspace, and nothing from the caller's environment.
  unset GUANCE_SITE GUANCE_REGION GUANCE_END_POINT GUANCE_ACCESS_TOKEN
  export GUANCE_ENDPOINT=$url GUANCE_API_KEY=emulator-key-a
  echo "demo: local Guance emulator at $url (dashboards kept in $state_file)"
fi

plain() { sed 's/\x1b\[[0-9;]*m//g' "$1"; }
recap() {
  # The PLAY RECAP counts of a run: "ok=12 changed=1 ... failed=0 ..." (changed counts tasks)
  plain "$1" | sed -n 's/^localhost *: *//p' | tail -n 1 | tr -s ' ' | sed 's/ *$//'
}
what_changed() {
  # What the role says it did (the demo's "Say what the role did" task), as "created: a, b; deleted: c",
  # or "changed: nothing" when it created, changed and deleted nothing.
  local said
  said=$(plain "$1" | sed -n 's/^ *"msg": "demo dashboards: \(.*\)"$/\1/p' | tail -n 1 | tr ';' '\n' \
    | sed -n 's/^ *\(created\|changed\|deleted\) \(.*\)$/\1: \2/p' | { grep -v ': none$' || true; } | paste -sd';' - | sed 's/;/; /g')
  echo "${said:-changed: nothing}"
}
emulator() {
  # GET or POST the emulator's control API: emulator METHOD PATH
  python3 - "$url/__emulator/$2" "$1" <<'PY'
import json, sys, urllib.request
request = urllib.request.Request(sys.argv[1], method=sys.argv[2], data=b"{}" if sys.argv[2] == "POST" else None)
answer = json.load(urllib.request.urlopen(request, timeout=10))
print(len(answer["requests"]) if "requests" in answer else "")
PY
}

requests=()
for run in 1 2; do
  echo
  echo "===== demo: run $run of docs/demo/site.yml ====="
  if [ -n "$emulator_pid" ]; then emulator POST requests/clear >/dev/null; fi
  if ! ansible-playbook docs/demo/site.yml 2>&1 | tee "$logs/run$run.log"; then
    echo "demo: run $run failed (log: $logs/run$run.log)" >&2
    exit 1
  fi
  if [ -n "$emulator_pid" ]; then requests+=("$(emulator GET requests) requests, "); else requests+=(""); fi
done

echo
echo "===== demo: summary ====="
for run in 1 2; do
  echo "run $run: ${requests[$((run - 1))]}$(recap "$logs/run$run.log"); $(what_changed "$logs/run$run.log")"
done
if [ "$(what_changed "$logs/run2.log")" != "changed: nothing" ] || ! recap "$logs/run2.log" | grep -q ' changed=0 '; then
  echo "demo: FAILED: the second run changed something; it should change nothing" >&2
  exit 1
fi
echo "The second run changed nothing: applying the same folder again is a no-op."
