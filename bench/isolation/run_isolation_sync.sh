#!/usr/bin/env bash
# The cost of process isolation on a whole sync, recorded in bench/RESULTS.md,
# "Process isolation". Not part of ctest.
#
#   bench/isolation/run_isolation_sync.sh [BUILD_DIR] [REPEATS] [RECORDS]
#
# Starts photobridge-mock --dataset RECORDS (default 100,000), then REPEATS
# times (default 3) runs the benchmarks' sync (HeadshotPro org_favorites ->
# download -> Shootbin upload_photo, concurrency 8; bench/lib/mock_process.sh)
# from a fresh state, once in-process and once with --isolation process (both
# plugins in photobridge-plugin-host children), and prints records/s of each
# run, the medians and their ratio.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=$(cd "${1:-$ROOT/build}" && pwd)
REPEATS=${2:-3}
RECORDS=${3:-100000}
PB="$BUILD/bin/photobridge"
MOCK="$BUILD/bin/photobridge-mock"
for f in "$PB" "$MOCK" "$BUILD/bin/photobridge-plugin-host"; do
  [[ -e "$f" ]] || { echo "missing $f (build photobridge and photobridge-mock first)" >&2; exit 2; }
done
# shellcheck source=../lib/mock_process.sh
source "$ROOT/bench/lib/mock_process.sh"
bench_workspace pb-isolation-bench

echo "# process isolation: a $RECORDS-record sync, in-process against --isolation process"
echo "# machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# build: $BUILD, repeats: $REPEATS, date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"

start_mock "$RECORDS"
write_sync_workflow "$WORK/sync.toml"

# run_sync NAME [ISOLATION] -> prints records/s
run_sync() {
  curl -s -X POST "$MOCK_URL/__admin/reset" > /dev/null
  rm -rf "$WORK/$1.db"*
  "$PB" run "$WORK/sync.toml" --state "$WORK/$1.db" --json --isolation "${2:-in-process}" \
    > "$WORK/$1.json" 2> "$WORK/$1.err" || { echo "photobridge run failed: $(tail -5 "$WORK/$1.err")" >&2; exit 1; }
  python3 -c "import json; s=json.load(open('$WORK/$1.json')); print(s['counts']['synced']/s['seconds'])"
}

for i in $(seq 1 "$REPEATS"); do
  a=$(run_sync "in-process-$i" in-process)
  b=$(run_sync "isolated-$i" process)
  echo "run $i: in-process $a records/s, isolated $b records/s"
  echo "$a" >> "$WORK/in_process"; echo "$b" >> "$WORK/isolated"
done
A=$(median < "$WORK/in_process"); B=$(median < "$WORK/isolated")
echo "RESULT $RECORDS-record sync: in-process median $A records/s, isolated median $B records/s, isolated/in-process $(echo "$B $A" | awk '{printf "%.3f", $1/$2}')"
