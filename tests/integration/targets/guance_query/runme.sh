#!/usr/bin/env bash
# The deploy gate of the guide runs in ansible-playbook processes of its own (an inventory of web
# hosts, serial batches), started and checked by driver.yml against the emulator.
set -eu
collection_root="${ANSIBLE_COLLECTIONS_PATH%%:*}/ansible_collections/guance/cloud"
config=../../integration_config.yml
[ -f "$config" ] || config="$collection_root/tests/integration/integration_config.yml"
ansible-playbook driver.yml -i "$INVENTORY_PATH" -e "@$config" "$@"
