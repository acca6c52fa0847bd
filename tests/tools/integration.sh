#!/usr/bin/env bash
# In the laid-out collection (the current directory): start the emulator on a free port,
# point ansible-test's integration_config.yml at it, run `ansible-test integration ARGS...`,
# and always stop the emulator.
#   usage: tests/tools/integration.sh PYTHON ANSIBLE_TEST [ARGS...]
set -euo pipefail
python=$1 ansible_test=$2
shift 2

mkdir -p tests/output
log=$PWD/tests/output/emulator.log
first_line=$(mktemp)
"$python" -u tests/emulator/run.py --port 0 >"$first_line" 2>"$log" &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -f "$first_line"' EXIT
trap 'exit 130' INT TERM

url=
for _ in $(seq 100); do
  if [ "$(wc -l <"$first_line")" -ge 1 ]; then url=$(head -n 1 "$first_line"); break; fi
  if ! kill -0 "$pid" 2>/dev/null; then echo "integration: the emulator stopped at start:" >&2; cat "$log" >&2; exit 1; fi
  sleep 0.1
done
case "$url" in
  http://127.0.0.1:*) echo "integration: emulator at $url (log: $log)" ;;
  *) echo "integration: the emulator gave no base URL in 10 s (got '$url')" >&2; cat "$log" >&2; exit 1 ;;
esac

cat >tests/integration/integration_config.yml <<CONFIG
---
guance_endpoint: $url
guance_api_key: emulator-key-a
guance_other_api_key: emulator-key-b
guance_emulator: $url/__emulator
CONFIG

rm -f tests/output/data/integration-*.json
rc=0
"$ansible_test" integration --continue-on-error "$@" 2>&1 | tee tests/output/integration.log || rc=$?
if [ "$rc" -ne 0 ]; then
  echo "integration: failed ($rc); the emulator's last log lines:" >&2
  tail -n 30 "$log" >&2
fi
# ansible-test records the run time of each target that passed (data/integration-<UTC time>.json) and
# names the failed ones in its last message: say where the minutes went, and close with a count.
"$python" - "$rc" <<'TIMES' || true
import glob, json, re, sys
runs = sorted(glob.glob("tests/output/data/integration-*.json"))
passed = json.load(open(runs[-1]))["targets"] if runs else {}
log = open("tests/output/integration.log", errors="replace").read()
listed = re.search(r"integration test\(s\) listed below \(out of \d+\) failed[^\n]*\n((?:[\w.-]+(?:\n|$))*)", log)
failed = listed.group(1).split() if listed else []
for name in sorted(set(passed) | set(failed)):
    print("integration: %-28s %s" % (name, "%4ss" % passed[name]["run_time_seconds"] if name in passed else "FAILED"))
if sys.argv[1] != "0" and not failed:
    print("integration: ansible-test failed (exit status %s) after %d passed targets; see above" % (sys.argv[1], len(passed)))
else:
    print("integration: %d passed, %d failed" % (len(passed), len(failed)))
TIMES
exit "$rc"
