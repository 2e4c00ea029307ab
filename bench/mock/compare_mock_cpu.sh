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
for i in $(seq 1 "$REPEATS"); do
  for which in old new; do
    if [[ $which == old ]]; then MOCK=$OLD; else MOCK=$NEW; fi
    start_sync_bench bench-mock-cpu "$RECORDS" "${MOCK_ARGS[@]}"
    before=$(cpu_ticks "$MOCK_PID")
    "$PB" run "$WORK/sync.toml" --state "$WORK/state.db" --json > /dev/null
    after=$(cpu_ticks "$MOCK_PID")
    us=$(echo "$after $before $TICK $RECORDS" | awk '{printf "%.0f", ($1 - $2) / $3 / $4 * 1e6}')
    rss=$(awk '/VmHWM/{print $2}' "/proc/$MOCK_PID/status")
    echo "$which run $i: mock cpu $us us/record, peak RSS $rss kB"
    echo "$us" >> "$WORK/$which"
    stop_mock
  done
done
old_new_result "mock cpu per record"
