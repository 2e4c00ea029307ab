#!/usr/bin/env bash
# Workflow engine benchmarks (issue 5), recorded in bench/RESULTS.md,
# "Workflow engine". Not part of ctest.
#
#   bench/engine/run_benchmarks.sh [BUILD_DIR] [REPEATS]
#   SYNC_RECORDS=10000 bench/engine/run_benchmarks.sh build 1   # smaller Shootbin sync
#   PARTS=sync bench/engine/run_benchmarks.sh build 3            # only part 1 (sync, files, list)
#
# BUILD_DIR must hold bin/photobridge, bin/photobridge-mock and the plugins,
# including the benchmark-only `null` sink (configure with
# -DPHOTOBRIDGE_BUILD_BENCH=ON and build photobridge, photobridge-mock and
# photobridge_plugin_null). REPEATS (default 3) is how many times each
# measurement runs; the median is reported.
#
# What it measures, each against its own photobridge-mock --dataset process:
#   1. sync of SYNC_RECORDS (default 100,000) records HeadshotPro favorites ->
#      download -> Shootbin upload: records/s and peak RSS of `photobridge run`
#      (GNU time), and in the same session bench/baselines/sync_baseline.py
#      (Python 3 stdlib, 8 threads) doing the same sync; the ratio.
#   2. the same 100,000 records -> download -> the files sink, engine and
#      baseline (--sink files), and a re-run over the unchanged source:
#      seconds, and the ratio to the first run.
#   3. listing 100,000 and 1,000,000 records into the null sink: peak RSS of
#      each and their ratio.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=$(cd "${1:-$ROOT/build}" && pwd)
REPEATS=${2:-3}
SYNC_RECORDS=${SYNC_RECORDS:-100000}
PARTS=${PARTS:-sync,files,list}
PB="$BUILD/bin/photobridge"
MOCK="$BUILD/bin/photobridge-mock"
for f in "$PB" "$MOCK" "$BUILD/plugins/photobridge-null.so" /usr/bin/time; do
  [[ -e "$f" ]] || { echo "missing $f (see the comment at the top of this script)" >&2; exit 2; }
done
# shellcheck source=../lib/mock_process.sh
source "$ROOT/bench/lib/mock_process.sh"
bench_workspace pb-bench

echo "# photobridge workflow engine benchmarks"
echo "# machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/Mem:/{print $2}') GB RAM"
echo "# build: $BUILD ($(grep -m1 CMAKE_BUILD_TYPE: "$BUILD/CMakeCache.txt" | cut -d= -f2)), repeats: $REPEATS"
echo "# date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"

reset_mock() { curl -s -X POST "$MOCK_URL/__admin/reset" > /dev/null; }

write_workflows() {
  write_sync_workflow "$WORK/sync-100k.toml"
  favorites_workflow_head bench-files > "$WORK/files-100k.toml"
  cat >> "$WORK/files-100k.toml" <<TOML
[connections.out]
plugin = "files"
dir = "$WORK/files-out"
[[steps]]
use = "download"
[[sinks]]
connection = "out"
action = "write"
params = { name = "{id}.jpg" }
[policy]
concurrency = 8
TOML
  write_null_sink_workflow "$WORK/list-null.toml" bench-list '{ id = "{id}" }'
}

# run_pb NAME WORKFLOW STATE -> prints "seconds rss_kb records"
run_pb() {
  local log="$WORK/$1.log"
  /usr/bin/time -v -o "$WORK/$1.time" "$PB" run "$2" --state "$3" --json > "$log" 2> "$WORK/$1.err" || {
    echo "photobridge run failed: $(tail -5 "$WORK/$1.err")" >&2; exit 1; }
  local secs rss records
  secs=$(python3 -c "import json,sys; print(json.load(open('$log'))['seconds'])")
  records=$(python3 -c "import json,sys; print(json.load(open('$log'))['counts']['read'])")
  rss=$(awk -F: '/Maximum resident set size/{gsub(/ /,"",$2); print $2}' "$WORK/$1.time")
  echo "$secs $rss $records"
}


# ---- 1: the Shootbin sync and the Python baseline ------------------------
if [[ ",$PARTS," == *,sync,* ]]; then
start_mock "$SYNC_RECORDS"
write_workflows
for i in $(seq 1 "$REPEATS"); do
  reset_mock
  rm -rf "$WORK/sync.db"*
  read -r s rss n < <(run_pb "sync-$i" "$WORK/sync-100k.toml" "$WORK/sync.db")
  echo "shootbin sync run $i: $n records in $s s, peak RSS $rss kB"
  echo "$n $s" | awk '{print $1/$2}' >> "$WORK/sync_rps"; echo "$rss" >> "$WORK/sync_rss"
  read -r s2 rss2 n2 < <(run_pb "sync-rerun-$i" "$WORK/sync-100k.toml" "$WORK/sync.db")
  echo "shootbin re-run $i: $n2 records in $s2 s, peak RSS $rss2 kB"
  echo "$s2" >> "$WORK/sync_rerun_s"; echo "$s2 $s" | awk '{print $1/$2}' >> "$WORK/sync_rerun_ratio"
  reset_mock
  py=$(python3 "$ROOT/bench/baselines/sync_baseline.py" --mock "$MOCK_URL" --threads 8)
  echo "python baseline (shootbin) $i: $py"
  echo "$py" | python3 -c "import json,sys; print(json.load(sys.stdin)['records_per_second'])" >> "$WORK/sync_py"
done
E=$(median < "$WORK/sync_rps"); P=$(median < "$WORK/sync_py")
echo "RESULT shootbin sync $SYNC_RECORDS: engine median $E records/s, peak RSS median $(median < "$WORK/sync_rss") kB; python median $P records/s; ratio $(echo "$E $P" | awk '{printf "%.2f", $1/$2}')x"
echo "RESULT shootbin re-run over the unchanged $SYNC_RECORDS: median $(median < "$WORK/sync_rerun_s") s = $(median < "$WORK/sync_rerun_ratio" | awk '{printf "%.2f", $1*100}')% of the first run"

fi

# ---- 2: the files sync at 100k, its re-run, and the baseline ---------------
if [[ ",$PARTS," == *,files,* ]]; then
start_mock 100000
write_workflows
for i in $(seq 1 "$REPEATS"); do
  rm -rf "$WORK/files-out" "$WORK/files.db"* "$WORK/py-out"
  read -r s rss n < <(run_pb "files-$i" "$WORK/files-100k.toml" "$WORK/files.db")
  echo "files sync run $i: $n records in $s s, peak RSS $rss kB"
  echo "$n $s" | awk '{print $1/$2}' >> "$WORK/files_rps"; echo "$rss" >> "$WORK/files_rss"; echo "$s" >> "$WORK/files_s"
  read -r s2 rss2 n2 < <(run_pb "rerun-$i" "$WORK/files-100k.toml" "$WORK/files.db")
  echo "re-run $i: $n2 records in $s2 s, peak RSS $rss2 kB"
  echo "$s2" >> "$WORK/rerun_s"; echo "$s2 $s" | awk '{print $1/$2}' >> "$WORK/rerun_ratio"
  py=$(python3 "$ROOT/bench/baselines/sync_baseline.py" --mock "$MOCK_URL" --threads 8 --sink files --out "$WORK/py-out")
  echo "python baseline (files) $i: $py"
  echo "$py" | python3 -c "import json,sys; print(json.load(sys.stdin)['records_per_second'])" >> "$WORK/files_py"
done
E=$(median < "$WORK/files_rps"); P=$(median < "$WORK/files_py")
echo "RESULT files sync 100000: engine median $E records/s, peak RSS median $(median < "$WORK/files_rss") kB; python median $P records/s; ratio $(echo "$E $P" | awk '{printf "%.2f", $1/$2}')x"
echo "RESULT re-run over the unchanged 100000: median $(median < "$WORK/rerun_s") s = $(median < "$WORK/rerun_ratio" | awk '{printf "%.1f", $1*100}')% of the first run (median $(median < "$WORK/files_s") s)"

fi

# ---- 3: listing into the null sink, 100k and 1M ---------------------------
if [[ ",$PARTS," == *,list,* ]]; then
for n in 100000 1000000; do
  start_mock "$n"
  write_workflows
  : > "$WORK/list_rss_$n"; : > "$WORK/list_rps_$n"
  for i in $(seq 1 "$REPEATS"); do
    rm -rf "$WORK/list.db"*
    read -r s rss got < <(run_pb "list-$n-$i" "$WORK/list-null.toml" "$WORK/list.db")
    echo "list $n run $i: $got records in $s s, peak RSS $rss kB"
    echo "$rss" >> "$WORK/list_rss_$n"; echo "$got $s" | awk '{print $1/$2}' >> "$WORK/list_rps_$n"
  done
done
R100=$(median < "$WORK/list_rss_100000"); R1M=$(median < "$WORK/list_rss_1000000")
echo "RESULT list into null sink: 100k peak RSS median $R100 kB ($(median < "$WORK/list_rps_100000") records/s); 1M peak RSS median $R1M kB ($(median < "$WORK/list_rps_1000000") records/s)"
echo "RESULT list into null sink: 1M/100k RSS ratio $(echo "$R1M $R100" | awk '{printf "%.3f", $1/$2}'); 1M peak $(echo "$R1M" | awk '{printf "%.1f", $1/1024}') MB (target <= 64 MB, within 10%)"
fi
