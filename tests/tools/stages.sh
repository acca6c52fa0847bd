#!/usr/bin/env bash
# Run `make STAGE` for each argument (an argument may carry variables: "units MATRIX=2.21"),
# go on past failures, then print how long each took and a closing count.
#   usage: tests/tools/stages.sh venv sanity "units MATRIX=2.21" ...
set -uo pipefail
make=${MAKE:-make}
results=()
failed=0
total_start=$SECONDS
for stage in "$@"; do
  printf '\n===== stage: %s =====\n' "$stage"
  start=$SECONDS
  # shellcheck disable=SC2086  # the stage is a target plus variables, split on purpose
  if $make --no-print-directory $stage; then status=PASS; else status=FAIL; failed=$((failed + 1)); fi
  results+=("$(printf '%-4s %5ss  %s' "$status" $((SECONDS - start)) "$stage")")
  printf '===== %s: %s (%ss) =====\n' "$status" "$stage" $((SECONDS - start))
done
printf '\n===== summary (%ss in all) =====\n' $((SECONDS - total_start))
printf '%s\n' "${results[@]}"
printf 'stages: %d passed, %d failed\n' $(($# - failed)) "$failed"
[ "$failed" -eq 0 ]
