#!/usr/bin/env bash
# The mock's CPU per record while serving the same sync, for two builds of
# photobridge-mock, alternated in one session (issue 11: "the mock gets
# faster"). Not part of ctest.
#
#   bench/mock/compare_mock_cpu.sh OLD_MOCK NEW_MOCK [BUILD_DIR] [RECORDS] [REPEATS] [MOCK ARGS...]
#
# Each run: a fresh mock --dataset RECORDS, then `photobridge run` of the
# HeadshotPro favorites -> download -> Shootbin upload sync (page size 200,
# concurrency 8) from BUILD_DIR; the mock's utime + stime from
# /proc/PID/stat before and after, and its peak RSS (VmHWM). Prints each
# run and the medians.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OLD=$1 NEW=$2
BUILD=$(cd "${3:-$ROOT/build}" && pwd)
RECORDS=${4:-3000}
REPEATS=${5:-3}
MOCK_ARGS=("${@:6}")  # e.g. --image-bytes 2000000
PB="$BUILD/bin/photobridge"
# shellcheck source=../lib/mock_process.sh
source "$ROOT/bench/lib/mock_process.sh"
bench_workspace pb-mockcpu

echo "# mock CPU per record, $RECORDS records ${MOCK_ARGS[*]}, $REPEATS runs each, $(date -u +%Y-%m-%dT%H:%M:%SZ), load $(cut -d' ' -f1-3 /proc/loadavg)"
# One run against build $MOCK: the mock's CPU per record and its peak RSS.
measure_mock() {
  local before after us rss
  before=$(cpu_ticks "$MOCK_PID")
  "$PB" run "$WORK/sync.toml" --state "$WORK/state.db" --json > /dev/null
  after=$(cpu_ticks "$MOCK_PID")
  us=$(echo "$after $before $TICK $RECORDS" | awk '{printf "%.0f", ($1 - $2) / $3 / $4 * 1e6}')
  rss=$(awk '/VmHWM/{print $2}' "/proc/$MOCK_PID/status")
  echo "$1 run $2: mock cpu $us us/record, peak RSS $rss kB"
  echo "$us" >> "$WORK/$1"
}
alternate_old_new MOCK "$OLD" "$NEW" measure_mock bench-mock-cpu "$REPEATS" "$RECORDS" "${MOCK_ARGS[@]}"
old_new_result "mock cpu per record"
