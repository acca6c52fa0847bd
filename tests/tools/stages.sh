#!/usr/bin/env bash
# Run `make STAGE` for each argument (an argument may carry variables: "units MATRIX=2.21"),
# go on past failures, then print how long each took and a closing count.
# Stages after `--` form a second lane that runs beside the first (much of a run is waiting
# on subprocesses, and there are two cores); its output is shown whole when both are done.
#   usage: tests/tools/stages.sh venv sanity ... [-- "venv MATRIX=2.21" ...]
set -uo pipefail
make=${MAKE:-make}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
exec 3>&1

# run_lane NAME STAGE...: runs the stages, appends "STATUS SECONDS STAGE" lines to $work/NAME.results
run_lane() {
  local lane=$1 stage start status
  shift
  for stage in "$@"; do
    printf '\n===== stage: %s =====\n' "$stage"
    start=$SECONDS
    # shellcheck disable=SC2086  # the stage is a target plus variables, split on purpose
    if $make --no-print-directory $stage; then status=PASS; else status=FAIL; fi
    printf '%-4s %5ss  %s\n' "$status" $((SECONDS - start)) "$stage" >>"$work/$lane.results"
    printf '===== %s: %s (%ss) =====\n' "$status" "$stage" $((SECONDS - start))
    [ "$lane" = first ] || printf '===== (second lane) %s: %s (%ss) =====\n' "$status" "$stage" $((SECONDS - start)) >&3
  done
}

first=()
second=()
while [ $# -gt 0 ] && [ "$1" != -- ]; do first+=("$1"); shift; done
[ $# -gt 0 ] && shift
second=("$@")

start=$SECONDS
touch "$work/first.results" "$work/second.results"
if [ ${#second[@]} -gt 0 ]; then
  run_lane second "${second[@]}" >"$work/second.log" 2>&1 </dev/null &
  second_pid=$!
fi
run_lane first "${first[@]}"
if [ ${#second[@]} -gt 0 ]; then
  wait "$second_pid"
  printf '\n===== the second lane, which ran beside the first =====\n'
  cat "$work/second.log"
fi

printf '\n===== summary (%ss in all) =====\n' $((SECONDS - start))
cat "$work/first.results" "$work/second.results"
passed=$(cat "$work/first.results" "$work/second.results" | grep -c '^PASS')
failed=$(cat "$work/first.results" "$work/second.results" | grep -c '^FAIL')
printf 'stages: %d passed, %d failed\n' "$passed" "$failed"
[ "$failed" -eq 0 ]
