#!/usr/bin/env bash
# The out-of-tree provider path, end to end (tests/out_of_tree/CMakeLists.txt):
#   1. cmake --install BUILD --prefix TMP/prefix;
#   2. pixelvault_plugin/ configured and built on its own against the prefix;
#   3. the installed photobridge-mock serves fixtures/ only (--fixtures,
#      --no-builtin-fixtures) with a declarative dataset (--dataset N): Link
#      paging, a per-key request budget answered 403 + X-RateLimit-Reset;
#   4. the installed photobridge runs a workflow pixelvault photos ->
#      download -> files sink: N files, N image downloads at the mock, at
#      least one 403 met and waited out;
#   5. the same run again writes nothing and downloads nothing.
set -euo pipefail

cmake_bin="" build="" source="" cxx="" generator="Ninja"
while [ $# -gt 0 ]; do
  case "$1" in
    --cmake) cmake_bin=$2 ;; --build) build=$2 ;; --source) source=$2 ;; --cxx) cxx=$2 ;;
    --generator) generator=$2 ;;
    *) echo "out_of_tree_test: unknown argument $1" >&2; exit 2 ;;
  esac
  shift 2
done

records=45
tmp=$(mktemp -d "${TMPDIR:-/tmp}/photobridge-out-of-tree.XXXXXX")
mock_pid=""
cleanup() {
  if [ -n "$mock_pid" ]; then kill "$mock_pid" 2>/dev/null || true; wait "$mock_pid" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT
prefix=$tmp/prefix
fail() { echo "out_of_tree_test: FAIL: $*" >&2; exit 1; }
step() { echo "== $*"; }
unset PHOTOBRIDGE_PLUGIN_PATH CMAKE_PREFIX_PATH CMAKE_CXX_COMPILER_LAUNCHER CMAKE_C_COMPILER_LAUNCHER

step "cmake --install $build --prefix $prefix"
"$cmake_bin" --install "$build" --prefix "$prefix" >"$tmp/install.log" || { cat "$tmp/install.log"; fail "cmake --install"; }

step "pixelvault, built out of tree against the prefix"
plugin_build=$tmp/pixelvault-build
"$cmake_bin" -S "$source/pixelvault_plugin" -B "$plugin_build" -G "$generator" -DCMAKE_CXX_COMPILER="$cxx" \
  -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS="-Wall -Wextra -Werror" \
  >"$tmp/configure.log" 2>&1 || { cat "$tmp/configure.log"; fail "configuring pixelvault"; }
"$cmake_bin" --build "$plugin_build" >"$tmp/build.log" 2>&1 || { cat "$tmp/build.log"; fail "building pixelvault"; }

step "the installed mock: fixtures/ only, a dataset of $records photos"
"$prefix/bin/photobridge-mock" --port 0 --fixtures "$source/fixtures" --no-builtin-fixtures \
  --dataset "$records" --seed 3 >"$tmp/mock.out" 2>"$tmp/mock.err" &
mock_pid=$!
for _ in $(seq 1 100); do
  grep -q "^listening on " "$tmp/mock.out" 2>/dev/null && break
  kill -0 "$mock_pid" 2>/dev/null || { cat "$tmp/mock.err"; fail "the mock exited"; }
  sleep 0.1
done
mock_url=$(sed -n 's/^listening on //p' "$tmp/mock.out" | head -1)
[ -n "$mock_url" ] || { cat "$tmp/mock.err"; fail "the mock printed no listening line"; }

out=$tmp/out
cat >"$tmp/pixelvault-to-folder.toml" <<TOML
[workflow]
name = "pixelvault-to-folder"

[connections.pv]
plugin = "pixelvault"
base_url = "$mock_url/pixelvault"
api_key = "mock-token"

[connections.folder]
plugin = "files"
dir = "$out"

[source]
connection = "pv"
stream = "photos"

[[steps]]
use = "download"

[[sinks]]
connection = "folder"
action = "write"
params = { name = "{person.external_id|no-id}_{id}.jpg" }

[policy]
retry = { attempts = 6, backoff_ms = 50, max_backoff_ms = 1000 }
TOML

journal() { python3 -c 'import json,sys,urllib.request; print(urllib.request.urlopen(sys.argv[1]+"/__admin/requests").read().decode())' "$mock_url"; }
count_in_journal() {  # $1 = python predicate on entry e
  journal | python3 -c '
import json, sys
doc = json.load(sys.stdin)
entries = doc["requests"] if isinstance(doc, dict) else doc
print(sum(1 for e in entries if e.get("provider") == "pixelvault" and ('"$1"')))'
}
run_sync() {  # $1 = summary file
  local rc=0
  (cd "$tmp" && "$prefix/bin/photobridge" run "$tmp/pixelvault-to-folder.toml" --json --state "$tmp/state.db" \
     --plugin-dir "$plugin_build") >"$1" 2>"$1.err" || rc=$?
  [ "$rc" -eq 0 ] || { cat "$1" "$1.err"; fail "photobridge run exited $rc"; }
}
summary_field() {  # $1 = summary file, $2 = python expression on s
  python3 -c 'import json,sys; s=json.load(open(sys.argv[1])); print('"$2"')' "$1"
}

step "the first sync: every photo once"
run_sync "$tmp/first.json"
files=$(find "$out" -type f -name '*.jpg' | wc -l)
[ "$files" -eq "$records" ] || { cat "$tmp/first.json"; fail "$files files in the folder, not $records"; }
named=$(find "$out" -type f -regextype posix-extended -regex '.*/E-[0-9]{5}_pv_[0-9]+\.jpg' | wc -l)
[ "$named" -eq "$records" ] || fail "$named of $records files are named {person.external_id}_{id}.jpg"
[ "$(summary_field "$tmp/first.json" 's["counts"]["read"]')" -eq "$records" ] || fail "the run read another count than $records"
[ "$(summary_field "$tmp/first.json" 's["sinks"][0]["written"]')" -eq "$records" ] || fail "the sink wrote another count than $records"
downloads=$(count_in_journal '"/cdn/" in e["path"] and e.get("status") == 200')
[ "$downloads" -eq "$records" ] || fail "the mock served $downloads images, not $records"
limited=$(count_in_journal 'e.get("status") == 403')
[ "$limited" -ge 1 ] || fail "the run never met the 403 rate limit (the budget in fixtures/ is too large to test it)"
pages=$(count_in_journal 'e["path"].endswith("/photos") and e.get("status") == 200')
[ "$pages" -ge 3 ] || fail "only $pages photo pages: the Link paging was not exercised"
find "$out" -type f -name '*.jpg' -exec sha256sum {} + | sort >"$tmp/first.sums"

step "the second sync: nothing written, nothing downloaded"
run_sync "$tmp/second.json"
[ "$(summary_field "$tmp/second.json" 's["sinks"][0]["written"]')" -eq 0 ] || { cat "$tmp/second.json"; fail "the re-run wrote"; }
[ "$(summary_field "$tmp/second.json" 's["counts"]["skipped"]')" -eq "$records" ] || { cat "$tmp/second.json"; fail "the re-run did not skip every photo"; }
[ "$(count_in_journal '"/cdn/" in e["path"] and e.get("status") == 200')" -eq "$records" ] || fail "the re-run downloaded images again"
find "$out" -type f -name '*.jpg' -exec sha256sum {} + | sort >"$tmp/second.sums"
cmp -s "$tmp/first.sums" "$tmp/second.sums" || fail "the folder changed on the re-run"
echo "out_of_tree_test: ok ($records photos once, $pages pages, $limited rate-limit answers waited out, re-run wrote nothing)"
