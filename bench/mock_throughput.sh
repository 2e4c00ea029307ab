#!/usr/bin/env bash
# Mock server throughput: photobridge-mock vs a bare cpp-httplib handler
# serving the same bytes, on GET /headshotpro/organization/models/<id>/photos.
#
#   bench/mock_throughput.sh [BUILD_DIR] [RUNS]
#
# Runs wrk -t2 -c16 -d10s --latency against each server, alternating
# (mock, bare, mock, bare, ...) RUNS times (default 3), and prints the median
# req/s and p99 of each, and the ratio mock/bare. Requirement: ratio >= 0.85
# and mock p99 <= 2 ms. Needs wrk and a build with photobridge-mock and
# bench_bare_httplib.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
build="${1:-$here/../build}"
runs="${2:-3}"
mock_bin="$build/bin/photobridge-mock"
bare_bin="$build/bin/bench_bare_httplib"
route="/headshotpro/organization/models/507f1f77bcf86cd799439011/photos"
for b in "$mock_bin" "$bare_bin"; do [[ -x "$b" ]] || { echo "missing $b (build it first)" >&2; exit 1; }; done
command -v wrk >/dev/null || { echo "wrk not installed" >&2; exit 1; }

work="$(mktemp -d)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

# start_server NAME CMD... -> sets url_NAME from the first stdout line
start_server() {
  local name="$1"; shift
  "$@" >"$work/$name.out" 2>"$work/$name.err" &
  pids+=("$!")
  for _ in $(seq 100); do
    if [[ -s "$work/$name.out" ]]; then break; fi
    sleep 0.05
  done
  local line; line="$(head -1 "$work/$name.out")"
  [[ "$line" == "listening on http://"* ]] || { echo "$name did not start: $line $(cat "$work/$name.err")" >&2; exit 1; }
  printf -v "url_$name" '%s' "${line#listening on }"
}

start_server mock "$mock_bin" --port 0 --provider headshotpro --journal-capacity 10000
# The bare server answers exactly the bytes the mock sends for this route.
curl -sf -H 'Authorization: Bearer mock-token' "$url_mock$route" >"$work/body.json"
start_server bare "$bare_bin" "$work/body.json"
cmp -s "$work/body.json" <(curl -sf "$url_bare$route") || { echo "bodies differ" >&2; exit 1; }

lua="$work/auth.lua"
echo 'wrk.headers["Authorization"] = "Bearer mock-token"' >"$lua"

# run NAME -> appends "rps p99_ms" to $work/NAME.results
run() {
  local name="$1" url_var="url_$1"
  local out; out="$(wrk -t2 -c16 -d10s --latency -s "$lua" "${!url_var}$route")"
  local rps p99
  rps="$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")"
  p99="$(awk '$1 == "99%" {v=$2; if (v ~ /us$/) {sub(/us$/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms$/,"",v)} else if (v ~ /s$/) {sub(/s$/,"",v); v=v*1000}; print v}' <<<"$out")"
  local non2xx; non2xx="$(awk '/Non-2xx/ {print $NF}' <<<"$out")"
  [[ -z "$non2xx" ]] || { echo "$name: $non2xx non-2xx answers" >&2; exit 1; }
  echo "$rps $p99" >>"$work/$name.results"
  echo "run $name: $rps req/s, p99 ${p99} ms"
}

for i in $(seq "$runs"); do run mock; run bare; done

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
mock_rps="$(cut -d' ' -f1 "$work/mock.results" | median)"
bare_rps="$(cut -d' ' -f1 "$work/bare.results" | median)"
mock_p99="$(cut -d' ' -f2 "$work/mock.results" | median)"
bare_p99="$(cut -d' ' -f2 "$work/bare.results" | median)"
ratio="$(awk -v m="$mock_rps" -v b="$bare_rps" 'BEGIN {printf "%.3f", m / b}')"
echo
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "median of $runs: mock $mock_rps req/s (p99 $mock_p99 ms), bare $bare_rps req/s (p99 $bare_p99 ms), ratio $ratio"
awk -v r="$ratio" -v p="$mock_p99" 'BEGIN { ok = (r >= 0.85 && p <= 2.0); print (ok ? "PASS" : "FAIL") ": ratio >= 0.85 and mock p99 <= 2 ms"; exit ok ? 0 : 1 }'
