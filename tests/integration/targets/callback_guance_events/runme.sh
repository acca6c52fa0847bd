#!/usr/bin/env bash
# The callback and the rolling-update example run in ansible-playbook processes of their own,
# started and checked by driver.yml against the emulator.
set -eu
collection_root="${ANSIBLE_COLLECTIONS_PATH%%:*}/ansible_collections/guance/cloud"
config=../../integration_config.yml
[ -f "$config" ] || config="$collection_root/tests/integration/integration_config.yml"
ansible-playbook driver.yml -i "$INVENTORY_PATH" -e "collection_root=$collection_root" -e "@$config" "$@"
