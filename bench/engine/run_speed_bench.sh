#!/usr/bin/env bash
# Sync speed against a baseline a user would write (issue 11), recorded in
# bench/RESULTS.md, "Sync speed: keep-alive baseline and real photo sizes".
# Not part of ctest.
#
#   bench/engine/run_speed_bench.sh [BUILD_DIR] [REPEATS]
#   SMALL_RECORDS=6000 LARGE_RECORDS=300 LARGE_BYTES=2000000 GROWTH_RECORDS=900 bench/engine/run_speed_bench.sh build 3
#
# The sync: HeadshotPro org_favorites (page size 200) -> download -> Shootbin
# upload_photo, concurrency 8. Two sizes of photo: the mock's small
# portraits (SMALL_RECORDS records) and --image-bytes LARGE_BYTES photos
# (LARGE_RECORDS records). For each, REPEATS times, each contender on a
# fresh photobridge-mock process (uploads are kept in the mock's memory):
#   - engine: photobridge run (fresh state), under GNU time: wall, user+sys
#     CPU, peak RSS;
#   - keepalive: bench/baselines/keepalive_baseline.py (Python 3 stdlib,
#     8 threads, one keep-alive http.client connection per thread);
#   - urllib: bench/baselines/sync_baseline.py (a new connection per request;
#     small photos only, as a second row);
#   - bare: bench_bare_sync_client, the same requests from the leanest C++
#     client (cpp-httplib keep-alive, 8 threads): the ceiling;
#   - engine-null-sink: photobridge run with the upload replaced by the
#     `null` sink (download kept): the engine's cost with a zero-work sink;
#   - large-engine-growth: the engine again on GROWTH_RECORDS large photos
#     (3x as many), to show that its peak RSS does not grow with the count;
# and the mock's CPU while serving each (/proc/PID/stat before and after).
# Prints medians: wall, CPU per record of the contender and of the mock,
# peak RSS, and the ratios keepalive / engine.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=$(cd "${1:-$ROOT/build}" && pwd)
REPEATS=${2:-3}
SMALL_RECORDS=${SMALL_RECORDS:-6000}
LARGE_RECORDS=${LARGE_RECORDS:-300}
LARGE_BYTES=${LARGE_BYTES:-2000000}
GROWTH_RECORDS=${GROWTH_RECORDS:-900}
PB="$BUILD/bin/photobridge"
MOCK="$BUILD/bin/photobridge-mock"
BARE="$BUILD/bin/bench_bare_sync_client"
for f in "$PB" "$MOCK" "$BARE" /usr/bin/time; do
  [[ -e "$f" ]] || { echo "missing $f" >&2; exit 2; }
done
# shellcheck source=../lib/mock_process.sh
source "$ROOT/bench/lib/mock_process.sh"
bench_workspace pb-speed

echo "# photobridge sync speed: engine against a keep-alive Python script"
echo "# machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# build: $BUILD ($(grep -m1 CMAKE_BUILD_TYPE: "$BUILD/CMakeCache.txt" | cut -d= -f2)), commit $(git -C "$ROOT" rev-parse --short HEAD), repeats: $REPEATS"
echo "# date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"


# measure LABEL RECORDS MOCK_ARGS... -- COMMAND...: one run on a fresh mock;
# appends "wall cpu_s rss_kb mock_cpu_s records" to $WORK/LABEL.
measure() {
  local label=$1 records=$2; shift 2
  local mock_args=()
  while [[ $1 != -- ]]; do mock_args+=("$1"); shift; done
  shift
  start_sync_bench bench-speed "$records" "${mock_args[@]}"
  # The same sync with its upload replaced by the null sink (the download kept).
  write_null_sink_workflow "$WORK/null.toml" bench-speed-null '{ title = "{person.name|Unknown}" }' download
  local before after
  before=$(cpu_ticks "$MOCK_PID")
  local cmd=("$@")
  cmd=("${cmd[@]//@MOCK_URL@/$MOCK_URL}")
  /usr/bin/time -f "%e %U %S %M" -o "$WORK/time" "${cmd[@]}" > "$WORK/out" 2> "$WORK/err" || {
    echo "$label failed: $(tail -5 "$WORK/err")" >&2; exit 1; }
  after=$(cpu_ticks "$MOCK_PID")
  local synced
  synced=$(python3 -c "
import json
t = open('$WORK/out').read().strip()
try:
    d = json.loads(t)
except ValueError:
    d = json.loads(t.splitlines()[-1])
print(d['counts']['synced'] if 'counts' in d else d['records'])")
  [[ "$synced" == "$records" ]] || { echo "$label synced $synced of $records" >&2; exit 1; }
  read -r wall user sys rss < "$WORK/time"
  echo "$wall $(echo "$user $sys" | awk '{print $1 + $2}') $rss $(echo "$after $before $TICK" | awk '{print ($1 - $2) / $3}') $records" >> "$WORK/$label"
  echo "  $label: $(tail -1 "$WORK/$label")  (wall s, cpu s, peak RSS kB, mock cpu s, records)"
}

report() {  # LABEL
  local f="$WORK/$1" n
  n=$(awk 'NR==1{print $5}' "$f")
  local wall cpu rss mock
  wall=$(awk '{print $1}' "$f" | median)
  cpu=$(awk '{print $2}' "$f" | median)
  rss=$(awk '{print $3}' "$f" | median)
  mock=$(awk '{print $4}' "$f" | median)
  printf 'RESULT %-22s records %6d  wall %7.2f s  cpu %7.2f s (%6.0f us/record)  peak RSS %6.1f MB  mock cpu %6.2f s (%6.0f us/record)\n' \
    "$1" "$n" "$wall" "$cpu" "$(echo "$cpu $n" | awk '{print $1 / $2 * 1e6}')" "$(echo "$rss" | awk '{print $1 / 1024}')" \
    "$mock" "$(echo "$mock $n" | awk '{print $1 / $2 * 1e6}')"
  echo "$wall $cpu" > "$WORK/$1.median"
}

ratio() {  # A B: how many times A's wall and CPU are B's
  read -r wa ca < "$WORK/$1.median"
  read -r wb cb < "$WORK/$2.median"
  echo "RESULT ratio $1 / $2: wall $(echo "$wa $wb" | awk '{printf "%.2f", $1/$2}')x, cpu $(echo "$ca $cb" | awk '{printf "%.2f", $1/$2}')x"
}

ENGINE=("$PB" run "$WORK/sync.toml" --state "$WORK/state.db" --json)
ENGINE_NULL=("$PB" run "$WORK/null.toml" --state "$WORK/state.db" --json)
BARE_CLIENT=("$BARE" --mock @MOCK_URL@ --threads 8)
KEEPALIVE=(python3 "$ROOT/bench/baselines/keepalive_baseline.py" --mock @MOCK_URL@ --threads 8)
URLLIB=(python3 "$ROOT/bench/baselines/sync_baseline.py" --mock @MOCK_URL@ --threads 8)

echo "## small photos (the mock's portraits), $SMALL_RECORDS records"
for i in $(seq 1 "$REPEATS"); do
  measure small-engine "$SMALL_RECORDS" -- "${ENGINE[@]}"
  measure small-keepalive "$SMALL_RECORDS" -- "${KEEPALIVE[@]}"
  measure small-urllib "$SMALL_RECORDS" -- "${URLLIB[@]}"
  measure small-bare "$SMALL_RECORDS" -- "${BARE_CLIENT[@]}"
  measure small-engine-null-sink "$SMALL_RECORDS" -- "${ENGINE_NULL[@]}"
done
report small-engine; report small-keepalive; report small-urllib; report small-bare; report small-engine-null-sink
ratio small-keepalive small-engine; ratio small-urllib small-engine; ratio small-engine small-bare
ratio small-engine small-engine-null-sink

echo "## --image-bytes $LARGE_BYTES photos, $LARGE_RECORDS records"
for i in $(seq 1 "$REPEATS"); do
  measure large-engine "$LARGE_RECORDS" --image-bytes "$LARGE_BYTES" -- "${ENGINE[@]}"
  measure large-keepalive "$LARGE_RECORDS" --image-bytes "$LARGE_BYTES" -- "${KEEPALIVE[@]}"
  measure large-bare "$LARGE_RECORDS" --image-bytes "$LARGE_BYTES" -- "${BARE_CLIENT[@]}"
  measure large-engine-growth "$GROWTH_RECORDS" --image-bytes "$LARGE_BYTES" -- "${ENGINE[@]}"
done
report large-engine; report large-keepalive; report large-bare; report large-engine-growth
ratio large-keepalive large-engine; ratio large-engine large-bare
