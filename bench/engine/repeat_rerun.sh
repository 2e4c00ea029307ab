#!/usr/bin/env bash
# Re-runs over an unchanged source, many times: how much one re-run varies,
# and whether a slow one waited (voluntary context switches) or computed.
# Not part of ctest.
#
#   bench/engine/repeat_rerun.sh [BUILD_DIR] [RECORDS] [RERUNS]
#   MALLOC_ARENA_MAX=4 bench/engine/repeat_rerun.sh build 100000 10
#
# A fresh photobridge-mock --dataset RECORDS (default 100,000) and a first
# run of the HeadshotPro favorites -> download -> Shootbin upload sync
# (page size 200, concurrency 8), then RERUNS (default 10) re-runs of it
# over the same state, each under GNU time: wall, user and system CPU,
# minor page faults, voluntary and involuntary context switches. The
# environment reaches photobridge (e.g. MALLOC_ARENA_MAX).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=$(cd "${1:-$ROOT/build}" && pwd)
RECORDS=${2:-100000}
RERUNS=${3:-10}
MOCK="$BUILD/bin/photobridge-mock"
PB="$BUILD/bin/photobridge"
# shellcheck source=../lib/mock_process.sh
source "$ROOT/bench/lib/mock_process.sh"
bench_workspace pb-rerun

echo "# re-runs over an unchanged $RECORDS-record source, $(date -u +%Y-%m-%dT%H:%M:%SZ), load $(cut -d' ' -f1-3 /proc/loadavg), MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-unset}"
start_sync_bench bench-rerun "$RECORDS"
"$PB" run "$WORK/sync.toml" --state "$WORK/state.db" --json > /dev/null 2> "$WORK/first.err"
for i in $(seq 1 "$RERUNS"); do
  /usr/bin/time -f "%e %U %S %R %w %c" -o "$WORK/time" "$PB" run "$WORK/sync.toml" --state "$WORK/state.db" --json > /dev/null 2> "$WORK/rerun.err"
  read -r wall user sys faults waits preempted < "$WORK/time"
  echo "re-run $i: wall $wall s, user $user s, system $sys s, minor faults $faults, voluntary switches $waits, involuntary $preempted"
  echo "$wall" >> "$WORK/walls"
done
echo "RESULT re-run wall: median $(median < "$WORK/walls") s, max $(sort -g "$WORK/walls" | tail -1) s over $RERUNS re-runs"
