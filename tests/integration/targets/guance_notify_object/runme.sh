#!/usr/bin/env bash
# Notification targets and monitor groups against the emulator, in one play (play.yml) run at -vvvv with
# --diff, with a webhook token and a signing secret made fresh for this run: everything the run printed,
# its Ansible log and every file it left are then grepped for them: 0 occurrences. No secret is printed
# here, only counts.
set -eu
collection_root="${ANSIBLE_COLLECTIONS_PATH%%:*}/ansible_collections/guance/cloud"
config=../../integration_config.yml
[ -f "$config" ] || config="$collection_root/tests/integration/integration_config.yml"
python=$(command -v python3 || command -v python)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fresh() { "$python" -c 'import sys, uuid; print(sys.argv[1] + uuid.uuid4().hex)' "$1"; }
token=$(fresh tk-notify-) signing=$(fresh sg-notify-)
mkdir -p "$work/input" "$work/run/cache" "$work/run/tmp"
cat >"$work/input/secrets.yml" <<VARS
---
notify_webhook: https://oapi.dingtalk.com/robot/send?access_token=$token
notify_secret: $signing
VARS

if ! XDG_CACHE_HOME="$work/run/cache" ANSIBLE_LOCAL_TEMP="$work/run/tmp" ANSIBLE_REMOTE_TEMP="$work/run/tmp" \
    ANSIBLE_LOG_PATH="$work/run/ansible.log" ANSIBLE_NOCOLOR=1 \
    ansible-playbook play.yml -i "$INVENTORY_PATH" -e "@$config" -e "secrets_file=$work/input/secrets.yml" \
      -e "export_dir=$work/run" -vvvv --diff >"$work/run/output.txt" 2>&1; then
  echo "guance_notify_object: the run failed; its output, secrets blanked:" >&2
  sed -e "s/$token/<TOKEN>/g" -e "s/$signing/<SECRET>/g" "$work/run/output.txt" | tail -n 80 >&2
  exit 1
fi
found=$(grep -r -a -o -F -e "$token" -e "$signing" "$work/run" | wc -l || true)
echo "guance_notify_object: $(find "$work/run" -type f | wc -l) files, $(wc -l <"$work/run/output.txt") lines of output," \
  "2 secrets, $found occurrences"
if [ "$found" -ne 0 ]; then
  grep -r -n -a -F -e "$token" -e "$signing" "$work/run" | sed -e "s/$token/<TOKEN>/g" -e "s/$signing/<SECRET>/g" \
    | cut -c1-300 | head -n 20 >&2
  exit 1
fi
# The run showed its results and diffs, so a run that printed little cannot pass unseen.
for text in "PLAY RECAP" "(secret, not shown)" "(secret, changed)" "+++ after" "Tomcat检测库"; do
  grep -q -a -F -e "$text" "$work/run/output.txt" || { echo "guance_notify_object: the output lacks '$text'" >&2; exit 1; }
done
