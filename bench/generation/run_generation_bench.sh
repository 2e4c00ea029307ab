#!/usr/bin/env bash
# AI generation as a durable step (issue 14), recorded in bench/RESULTS.md,
# "AI generation: parked waits". Not part of ctest.
#
#   bench/generation/run_generation_bench.sh [BUILD_DIR] [REPEATS]
#   RECORDS=200 GENERATION_MS=10000 FACES_MS=1000 PENDING="16 64 200" BLOCKING_RUNS=1 \
#     bench/generation/run_generation_bench.sh build 3
#
# One photobridge-mock --dataset RECORDS --generation-ms GENERATION_MS
# --faces-ms FACES_MS (generative.photos variants complete GENERATION_MS
# after their creation, faces appear FACES_MS after an upload, by the
# clock). The workflow: HeadshotPro org_favorites (RECORDS favorites) ->
# download -> generative_photos.variant (smile) -> the files sink, policy
# concurrency = 4, each run on a fresh state and output folder.
#   - parked: [policy] park_waits = true (the default), max_pending from
#     PENDING, REPEATS runs each;
#   - blocking: park_waits = false, the design before parking (a worker
#     sleeps in every wait), BLOCKING_RUNS runs (default 1: ~500 s each).
# For each run: wall time (the run's own summary), records synced, peak
# thread count of the photobridge process (sampled from /proc/PID/status
# every 100 ms) and peak RSS (GNU time). Medians per configuration.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=$(cd "${1:-$ROOT/build}" && pwd)
REPEATS=${2:-3}
RECORDS=${RECORDS:-200}
GENERATION_MS=${GENERATION_MS:-10000}
FACES_MS=${FACES_MS:-1000}
PENDING=${PENDING:-"16 64 200"}
BLOCKING_RUNS=${BLOCKING_RUNS:-1}
PB="$BUILD/bin/photobridge"
MOCK="$BUILD/bin/photobridge-mock"
for f in "$PB" "$MOCK" /usr/bin/time; do
  [[ -e "$f" ]] || { echo "missing $f" >&2; exit 2; }
done
WORK=$(mktemp -d /tmp/pb-genbench-XXXXXX)
MOCK_PID=
cleanup() { [[ -n "$MOCK_PID" ]] && kill "$MOCK_PID" 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

echo "# photobridge AI generation benchmark (parked waits)"
echo "# machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "# build: $BUILD ($(grep -m1 CMAKE_BUILD_TYPE: "$BUILD/CMakeCache.txt" | cut -d= -f2)), commit $(git -C "$ROOT" rev-parse --short HEAD)"
echo "# records: $RECORDS, generation: $GENERATION_MS ms, faces: $FACES_MS ms, concurrency 4, repeats: $REPEATS"
echo "# date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"

"$MOCK" --port 0 --dataset "$RECORDS" --seed 1 --journal-capacity 1 \
  --generation-ms "$GENERATION_MS" --faces-ms "$FACES_MS" > "$WORK/mock.out" 2> "$WORK/mock.err" &
MOCK_PID=$!
for _ in $(seq 1 600); do
  grep -q '^listening on ' "$WORK/mock.out" 2>/dev/null && break
  sleep 0.1
done
MOCK_URL=$(sed -n 's/^listening on //p' "$WORK/mock.out" | head -1)
[[ -n "$MOCK_URL" ]] || { echo "the mock did not start" >&2; cat "$WORK/mock.err" >&2; exit 1; }

write_workflow() {  # file park_waits max_pending out_dir
  cat > "$1" <<TOML
[workflow]
name = "bench-generation"
[connections.hp]
plugin = "headshotpro"
base_url = "$MOCK_URL/headshotpro"
api_key = "mock-token"
[connections.gp]
plugin = "generative_photos"
base_url = "$MOCK_URL/generative_photos"
api_key = "mock-token"
[connections.out]
plugin = "files"
dir = "$4"
[source]
connection = "hp"
stream = "org_favorites"
[[steps]]
use = "download"
[[steps]]
id = "smile"
use = "generative_photos.variant"
connection = "gp"
move = "smile"
timeout_ms = 600000
[[sinks]]
connection = "out"
action = "write"
params = { name = "{id}-smile.png" }
[policy]
concurrency = 4
park_waits = $2
max_pending = $3
TOML
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

run_once() {  # label park_waits max_pending -> prints "seconds synced threads rss_kb"
  local dir="$WORK/run-$RANDOM$RANDOM"
  mkdir -p "$dir"
  write_workflow "$dir/wf.toml" "$2" "$3" "$dir/out"
  /usr/bin/time -v "$PB" run "$dir/wf.toml" --state "$dir/state.db" --json > "$dir/summary.json" 2> "$dir/time.txt" &
  local time_pid=$! pb_pid= threads=0
  for _ in $(seq 1 50); do
    pb_pid=$(pgrep -P "$time_pid" -x photobridge || true)
    [[ -n "$pb_pid" ]] && break
    sleep 0.02
  done
  while kill -0 "$time_pid" 2>/dev/null; do
    if [[ -n "$pb_pid" && -r /proc/$pb_pid/status ]]; then
      local t
      t=$(awk '/^Threads:/{print $2}' /proc/$pb_pid/status 2>/dev/null || echo 0)
      [[ -n "$t" && "$t" -gt "$threads" ]] && threads=$t
    fi
    sleep 0.1
  done
  wait "$time_pid" || true
  local seconds synced rss
  seconds=$(python3 -c 'import json,sys; print(round(json.load(open(sys.argv[1]))["seconds"],2))' "$dir/summary.json")
  synced=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["counts"]["synced"])' "$dir/summary.json")
  rss=$(awk -F: '/Maximum resident set size/{gsub(/ /,"",$2); print $2}' "$dir/time.txt")
  echo "$seconds $synced $threads $rss"
  rm -rf "$dir"
}

report() {  # label park_waits max_pending runs
  local results=()
  for i in $(seq 1 "$4"); do
    local r
    r=$(run_once "$1" "$2" "$3")
    results+=("$r")
    echo "$1 run $i: seconds synced threads rss_kb = $r"
  done
  local s t m
  s=$(printf '%s\n' "${results[@]}" | awk '{print $1}' | median)
  t=$(printf '%s\n' "${results[@]}" | awk '{print $3}' | median)
  m=$(printf '%s\n' "${results[@]}" | awk '{print $4}' | median)
  echo "$1: median $s s, peak threads $t, peak RSS $((m / 1024)) MB"
}

for p in $PENDING; do report "parked max_pending=$p" true "$p" "$REPEATS"; done
if [[ "$BLOCKING_RUNS" -gt 0 ]]; then report "blocking (park_waits=false)" false 64 "$BLOCKING_RUNS"; fi
