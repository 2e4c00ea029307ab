#!/usr/bin/env bash
# The engine's CPU per record on the same sync, for two builds of
# photobridge, alternated in one session (a change's cost or gain measured
# against the build before it, on a shared and noisy machine). Not part of
# ctest.
#
#   bench/engine/compare_engine_cpu.sh OLD_PHOTOBRIDGE NEW_PHOTOBRIDGE [BUILD_DIR] [RECORDS] [REPEATS] [MOCK ARGS...]
#
# Each run: a fresh photobridge-mock --dataset RECORDS from BUILD_DIR (with
# MOCK ARGS, e.g. --image-bytes 2000000), then `photobridge run` of the
# HeadshotPro favorites -> download -> Shootbin upload sync (page size 200,
# concurrency 8) under GNU time: user + system CPU and peak RSS. Each
# binary loads the plugins of its own build. Prints each run and the medians.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OLD=$1 NEW=$2
BUILD=$(cd "${3:-$ROOT/build}" && pwd)
RECORDS=${4:-6000}
REPEATS=${5:-5}
MOCK_ARGS=("${@:6}")
MOCK="$BUILD/bin/photobridge-mock"
# shellcheck source=../lib/mock_process.sh
source "$ROOT/bench/lib/mock_process.sh"
bench_workspace pb-enginecpu

echo "# engine CPU per record, $RECORDS records ${MOCK_ARGS[*]}, $REPEATS runs each, $(date -u +%Y-%m-%dT%H:%M:%SZ), load $(cut -d' ' -f1-3 /proc/loadavg)"
# One run of build $PB: its user + system CPU per record and peak RSS.
measure_engine() {
  /usr/bin/time -f "%U %S %M" -o "$WORK/time" "$PB" run "$WORK/sync.toml" --state "$WORK/state.db" --json > /dev/null
  local user sys rss us
  read -r user sys rss < "$WORK/time"
  us=$(echo "$user $sys $RECORDS" | awk '{printf "%.0f", ($1 + $2) / $3 * 1e6}')
  echo "$1 run $2: engine cpu $us us/record, peak RSS $rss kB"
  echo "$us" >> "$WORK/$1"
  echo "$rss" >> "$WORK/$1.rss"
}
alternate_old_new PB "$OLD" "$NEW" measure_engine bench-engine-cpu "$REPEATS" "$RECORDS" "${MOCK_ARGS[@]}"
old_new_result "engine cpu per record"
echo "RESULT engine peak RSS: old median $(median < "$WORK/old.rss") kB, new median $(median < "$WORK/new.rss") kB"
