#!/usr/bin/env bash
# The secrets check: play.yml runs every module once with a distinctive key and extra_headers values
# (fresh for each run of this target, so nothing else can hold them), first at -vvvv with --diff, then
# with ANSIBLE_DEBUG=1 and the key from GUANCE_API_KEY. Everything each run printed (stdout and stderr),
# its Ansible log and every file it left (pacing store, temp folders) is grepped: 0 occurrences.
# ansible-core's debug mode prints module arguments before masking; the second run shows that a key
# from the environment stays out of it. No secret is ever printed here, only counts.
set -eu
# Like the other suites of the reliability work, it runs on one lane of the test matrix (make test runs
# ansible-core 2.19 and 2.21); ansible-test passes no variable of ours through, so set lane=all (or
# another major.minor) here to run it elsewhere.
lane=2.19
core=$(ansible --version | sed -n '1s/.*core \([0-9]*\.[0-9]*\).*/\1/p')
if [ "$lane" != all ] && [ "$lane" != "$core" ]; then
  echo "secrets: skipped on ansible-core $core: it runs on ansible-core $lane"
  exit 0
fi
collection_root="${ANSIBLE_COLLECTIONS_PATH%%:*}/ansible_collections/guance/cloud"
config=../../integration_config.yml
[ -f "$config" ] || config="$collection_root/tests/integration/integration_config.yml"
python=$(command -v python3 || command -v python)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fresh() { "$python" -c 'import sys, uuid; print(sys.argv[1] + uuid.uuid4().hex)' "$1"; }
key=$(fresh sk-secrets-key-) bad_key=$(fresh sk-secrets-bad-)
header_dict=$(fresh hv-secrets-dict-) header_text=$(fresh hv-secrets-text-)
mkdir -p "$work/input"
cat >"$work/input/secrets.yml" <<VARS
---
secret_api_key: $key
secret_bad_key: $bad_key
secret_header_dict: $header_dict
secret_header_text: $header_text
VARS
printf -- '---\nfrom_env: true\n' >"$work/input/from_env.yml"
# The inventory plugin reads the workspace too, with both secrets in its file (-vvvv run only).
endpoint=$(sed -n 's/^guance_endpoint: *//p' "$config")
cat >"$work/input/secrets.guance.yml" <<INVENTORY
---
plugin: guance.cloud.guance
endpoint: $endpoint
api_key: $key
extra_headers:
  X-Proxy-Token: $header_dict
INVENTORY

# Reset the emulator and give it a workspace whose only key is the distinctive one, outside Ansible,
# so that no module argument of the debug run carries the key.
load_workspace() {
  "$python" - "$config" "$key" <<'LOAD'
import json, re, sys, urllib.request
control = re.search(r"^guance_emulator: *(\S+)", open(sys.argv[1]).read(), re.M).group(1)
workspace = {"uuid": "wksp_secrets", "keys": [sys.argv[2]],
             "objects": {"HOST": [{"name": "secrets-web-01", "host": "secrets-web-01", "os": "linux", "age_s": 30}]}}
for path, body in (("reset", {}), ("load", {"workspaces": [workspace]})):
    request = urllib.request.Request(control + "/" + path, json.dumps(body).encode(), {"Content-Type": "application/json"})
    urllib.request.urlopen(request, timeout=10).read()
LOAD
}

blank() { sed -e "s|$work/||g" -e "s/$key/<KEY>/g" -e "s/$bad_key/<BAD KEY>/g" -e "s/$header_dict/<HEADER>/g" -e "s/$header_text/<HEADER>/g"; }

# run NAME [ansible-playbook arguments...]: one run in a folder of its own (cache, temp folders, log).
run() {
  local name=$1
  local out="$work/$name"
  shift
  mkdir -p "$out/cache" "$out/tmp"
  load_workspace
  if ! XDG_CACHE_HOME="$out/cache" ANSIBLE_LOCAL_TEMP="$out/tmp" ANSIBLE_REMOTE_TEMP="$out/tmp" \
      ANSIBLE_LOG_PATH="$out/ansible.log" ANSIBLE_NOCOLOR=1 \
      ansible-playbook play.yml -i "$INVENTORY_PATH" -e "@$config" "$@" >"$out/output.txt" 2>&1; then
    echo "secrets: the $name run failed; its output, secrets blanked:" >&2
    blank <"$out/output.txt" | tail -n 60 >&2
    return 1
  fi
  count "$name" "$out" "$key" "$bad_key" "$header_dict" "$header_text"
}

# count NAME FOLDER SECRET...: occurrences of each secret in every file under FOLDER; fails on any.
count() {
  local name=$1 out=$2
  local found=0 secret hits
  shift 2
  for secret in "$@"; do
    hits=$(grep -r -a -o -F -e "$secret" "$out" | wc -l || true)
    found=$((found + hits))
  done
  echo "secrets: $name run: $(find "$out" -type f | wc -l) files, $(cat "$out"/output.txt | wc -l) lines of output," \
    "$# secrets, $found occurrences"
  [ "$found" -eq 0 ] && return 0
  echo "secrets: where they were found (blanked out):" >&2
  grep -r -n -a -F -e "$1" -e "$2" -e "$3" -e "$4" "$out" | blank | cut -c1-400 | head -n 40 >&2 || true
  return 1
}

# expect NAME TEXT...: the run's output holds each text, so a run that showed little cannot pass unseen.
expect() {
  local name=$1 text
  shift
  for text in "$@"; do
    grep -q -a -F -e "$text" "$work/$name/output.txt" || { echo "secrets: the $name run's output lacks '$text'" >&2; return 1; }
  done
}

run vvvv -i "$work/input/secrets.guance.yml" -e "secrets_file=$work/input/secrets.yml" -vvvv --diff
# Task results are printed (the host read), error texts with the echoed secrets blanked out, diffs.
expect vvvv "PLAY RECAP" "secrets-web-01" "<api key>" "<secret header>" "+++ after"
# The key from the environment only; extra_headers have no variable, so the debug run gives none.
GUANCE_API_KEY=$key ANSIBLE_DEBUG=1 run debug -e "secrets_file=$work/input/from_env.yml" -e '{"from_env": true}'
# Debug output holds the module arguments; the key is not among them.
expect debug "PLAY RECAP" "done with _execute_module (guance.cloud.guance_dashboard"
