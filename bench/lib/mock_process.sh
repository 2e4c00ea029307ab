# Sourced by the benchmark scripts: one photobridge-mock --dataset process,
# and the sync most of them run.
#
#   bench_workspace PREFIX                    sets WORK (a fresh scratch folder,
#                                             removed at exit with the mock
#                                             stopped) and TICK (clock ticks/s)
#   start_mock RECORDS [EXTRA MOCK ARGS...]   sets MOCK_PID and MOCK_URL
#   stop_mock
#   cpu_ticks PID                             utime + stime, in clock ticks
#   median                                    the median of the numbers on stdin
#   start_sync_bench NAME RECORDS [MOCK ARGS...]
#                                             a fresh mock, the sync against it in
#                                             $WORK/sync.toml, no state in $WORK/state.db
#   alternate_old_new VAR OLD NEW MEASURE NAME REPEATS RECORDS [MOCK ARGS...]
#                                             REPEATS times, old then new: VAR set to
#                                             OLD or NEW, start_sync_bench NAME RECORDS
#                                             [MOCK ARGS], MEASURE old|new RUN, stop_mock
#   old_new_result WHAT                       the medians of $WORK/old and $WORK/new
#                                             (microseconds) and their ratio
#
# Needs MOCK (the program) set by the caller, and WORK (bench_workspace or
# the caller's own).

bench_workspace() {
  WORK=$(mktemp -d "/tmp/$1-XXXXXX")
  MOCK_PID=
  trap 'stop_mock; rm -rf "$WORK"' EXIT
  TICK=$(getconf CLK_TCK)
}

median() { sort -g | awk '{a[NR]=$1} END{print (NR%2)? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

# The two builds compared by the compare_*_cpu.sh scripts, alternated on
# the same sync. VAR (the program the caller runs, or MOCK) names the build
# before its fresh mock starts; MEASURE appends one number per run to
# $WORK/old or $WORK/new.
alternate_old_new() {
  local var=$1 old=$2 new=$3 measure=$4 name=$5 repeats=$6 records=$7 i which
  for i in $(seq 1 "$repeats"); do
    for which in old new; do
      if [[ $which == old ]]; then printf -v "$var" '%s' "$old"; else printf -v "$var" '%s' "$new"; fi
      start_sync_bench "$name" "$records" "${@:8}"
      "$measure" "$which" "$i"
      stop_mock
    done
  done
}

old_new_result() {
  local o n
  o=$(median < "$WORK/old"); n=$(median < "$WORK/new")
  echo "RESULT $1: old median $o us, new median $n us, new/old $(echo "$n $o" | awk '{printf "%.2f", $1/$2}')"
}

start_mock() {
  stop_mock
  "$MOCK" --port 0 --dataset "$1" --seed 1 --journal-capacity 1 "${@:2}" > "$WORK/mock.out" 2> "$WORK/mock.err" &
  MOCK_PID=$!
  for _ in $(seq 1 3000); do  # a 1,000,000-record dataset takes a minute or two to synthesize
    grep -q '^listening on ' "$WORK/mock.out" 2>/dev/null && break
    sleep 0.1
  done
  MOCK_URL=$(sed -n 's/^listening on //p' "$WORK/mock.out" | head -1)
  [[ -n "$MOCK_URL" ]] || { echo "the mock did not start" >&2; cat "$WORK/mock.err" >&2; exit 1; }
}

stop_mock() {
  if [[ -n "${MOCK_PID:-}" ]]; then
    kill "$MOCK_PID" 2>/dev/null || true
    wait "$MOCK_PID" 2>/dev/null || true
    MOCK_PID=
  fi
}

# Fields 14 and 15 of /proc/PID/stat; the command name (field 2) is in
# parentheses and may hold spaces, so count from the last ')'.
cpu_ticks() {
  sed 's/.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'
}

# The source every benchmark workflow reads, as TOML on stdout: the
# [workflow] table named NAME, the HeadshotPro connection "hp" to MOCK_URL
# and [source] org_favorites, page size 200. The caller appends the rest.
#   favorites_workflow_head NAME
favorites_workflow_head() {
  cat <<TOML
[workflow]
name = "$1"
[connections.hp]
plugin = "headshotpro"
base_url = "$MOCK_URL/headshotpro"
api_key = "mock-token"
[source]
connection = "hp"
stream = "org_favorites"
page_size = 200
TOML
}

# A fresh mock of RECORDS records (MOCK ARGS passed on), the benchmarks'
# sync against it in $WORK/sync.toml (workflow NAME), and no state left in
# $WORK/state.db from a run before.
start_sync_bench() {
  start_mock "$2" "${@:3}"
  write_sync_workflow "$WORK/sync.toml" "$1"
  rm -rf "$WORK/state.db"*
}

# The benchmarks' sync, written to FILE: HeadshotPro org_favorites (page
# size 200) -> download -> Shootbin upload_photo (project 1, album 12),
# concurrency 8, against MOCK_URL.
#   write_sync_workflow FILE [NAME]
write_sync_workflow() {
  favorites_workflow_head "${2:-bench-sync}" > "$1"
  cat >> "$1" <<TOML
[connections.sb]
plugin = "shootbin"
base_url = "$MOCK_URL/shootbin"
token = "mock-token"
[[steps]]
use = "download"
[[sinks]]
connection = "sb"
action = "upload_photo"
params = { project = 1, album = 12, title = "{person.name|Unknown}", client_original_filename = "headshotpro-{id}.jpg" }
[policy]
concurrency = 8
TOML
}

# The favorites source into the benchmark-only `null` sink (connection
# "nothing", action "write", concurrency 8), written to FILE; PARAMS is the
# sink's params table; with STEP (e.g. "download") that step runs first.
#   write_null_sink_workflow FILE NAME PARAMS [STEP]
write_null_sink_workflow() {
  favorites_workflow_head "$2" > "$1"
  printf '[connections.nothing]\nplugin = "null"\n' >> "$1"
  [[ -n "${4:-}" ]] && printf '[[steps]]\nuse = "%s"\n' "$4" >> "$1"
  cat >> "$1" <<TOML
[[sinks]]
connection = "nothing"
action = "write"
params = $3
[policy]
concurrency = 8
TOML
}
