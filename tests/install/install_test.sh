#!/usr/bin/env bash
# The install, end to end (tests/install/CMakeLists.txt runs it):
#   1. cmake --install BUILD --prefix TMP/prefix; the layout is checked;
#   2. sdk-docs/examples/hello configured and built on its own against the
#      prefix (CMAKE_PREFIX_PATH; the same compiler), and with pkg-config's
#      flags; each module exports exactly one symbol;
#   3. TMP/prefix/bin/photobridge plugins --plugin-dir HELLO_BUILD lists hello
#      (from there) and every shipped plugin (from the prefix), the provider
#      files' plugins included (id = file name), refusing none;
#   4. photobridge new-plugin: a bad id or a non-empty folder is exit 2; the
#      folder it writes builds against the prefix and its contract test
#      (photobridge::testing, the mock in-process) passes under ctest;
#   5. TMP/prefix/bin/photobridge demo run from / exits 0 and writes files.
# Everything is written under one temporary folder, removed on exit.
set -euo pipefail

cmake_bin="" build="" source="" cxx="" generator="Ninja" shipped="" sanitize=""
while [ $# -gt 0 ]; do
  case "$1" in
    --cmake) cmake_bin=$2 ;; --build) build=$2 ;; --source) source=$2 ;; --cxx) cxx=$2 ;;
    --generator) generator=$2 ;; --shipped) shipped=$2 ;;
    --sanitize) sanitize=$2 ;;
    *) echo "install_test: unknown argument $1" >&2; exit 2 ;;
  esac
  shift 2
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/photobridge-install-test.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
prefix=$tmp/prefix
fail() { echo "install_test: FAIL: $*" >&2; exit 1; }
step() { echo "== $*"; }
# Nothing from the caller's environment chooses plugins, packages or a
# compiler cache.
unset PHOTOBRIDGE_PLUGIN_PATH CMAKE_PREFIX_PATH CMAKE_CXX_COMPILER_LAUNCHER CMAKE_C_COMPILER_LAUNCHER

# A sanitizer build installs a sanitized libphotobridge-testing.so: the new
# plugin's test executable, which links it, is built with the same -fsanitize
# flags, as a user of such a build would, or it cannot start. (Plugins alone
# link nothing sanitized: hello is built plainly.)
out_of_tree_flags="-Wall -Wextra -Werror${sanitize:+ $sanitize}"
out_of_tree_link=()
[ -n "$sanitize" ] && out_of_tree_link=(-DCMAKE_EXE_LINKER_FLAGS="$sanitize" -DCMAKE_SHARED_LINKER_FLAGS="$sanitize" -DCMAKE_MODULE_LINKER_FLAGS="$sanitize")

step "cmake --install $build --prefix $prefix"
"$cmake_bin" --install "$build" --prefix "$prefix" >"$tmp/install.log" || { cat "$tmp/install.log"; fail "cmake --install"; }

step "the installed layout"
for f in bin/photobridge bin/photobridge-plugin-host bin/photobridge-mock \
         include/photobridge/plugin.h include/photobridge/sdk.hpp include/photobridge/sdk/plugin.hpp \
         include/photobridge/ext/media_download.h include/photobridge/testing.hpp \
         lib/cmake/photobridge/photobridgeConfig.cmake lib/cmake/photobridge/photobridgeConfigVersion.cmake \
         lib/cmake/photobridge/PhotobridgePlugin.cmake lib/cmake/photobridge/plugin_exports.map \
         share/pkgconfig/photobridge-sdk.pc; do
  [ -e "$prefix/$f" ] || fail "missing $f"
done
[ -n "$(ls "$prefix/share/photobridge/examples/workflows/"*.toml 2>/dev/null)" ] || fail "no example workflows installed"
[ -d "$prefix/share/photobridge/mockserver/fixtures" ] || fail "no mock fixtures installed"
# The installed mock reads the installed fixtures, not the source tree's.
mock_help=$("$prefix/bin/photobridge-mock" --help | tr -s ' \n' ' ')
[[ "$mock_help" == *"$prefix/share/photobridge/mockserver/fixtures"* ]] \
  || fail "the installed photobridge-mock does not default to the installed fixtures"
IFS=, read -r -a shipped_ids <<<"$shipped"
[ "${#shipped_ids[@]}" -gt 0 ] || fail "no shipped plugins given"
for id in "${shipped_ids[@]}"; do
  [ -f "$prefix/lib/photobridge/plugins/photobridge-$id.so" ] || fail "plugin $id not installed"
done
provider_ids=()
for f in "$prefix/lib/photobridge/plugins/"*; do
  if [[ "$f" == *.provider.toml ]]; then
    # A provider file the declarative plugin turns into a plugin: one of
    # plugins/declarative/providers/, installed as it is there.
    cmp -s "$f" "$source/plugins/declarative/providers/$(basename "$f")" \
      || fail "installed a provider file that does not ship: $f"
    provider_ids+=("$(basename "$f" .provider.toml)")
    continue
  fi
  name=$(basename "$f" .so); name=${name#photobridge-}
  [[ ",$shipped," == *",$name,"* ]] || fail "installed a plugin that does not ship: $f"
done

step "hello, built out of tree against the prefix"
hello_build=$tmp/hello-build
"$cmake_bin" -S "$source/sdk-docs/examples/hello" -B "$hello_build" -G "$generator" \
  -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_PREFIX_PATH="$prefix" \
  -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS="-Wall -Wextra -Werror" >"$tmp/hello-configure.log" 2>&1 \
  || { cat "$tmp/hello-configure.log"; fail "configuring hello against the prefix"; }
grep -q "photobridge_DIR-NOTFOUND" "$hello_build/CMakeCache.txt" && fail "find_package(photobridge) failed"
found_dir=$(sed -n 's/^photobridge_DIR:[A-Z]*=//p' "$hello_build/CMakeCache.txt")
[ "$(cd "$found_dir" && pwd -P)" = "$(cd "$prefix/lib/cmake/photobridge" && pwd -P)" ] \
  || fail "find_package found photobridge in $found_dir, not in the prefix"
"$cmake_bin" --build "$hello_build" >"$tmp/hello-build.log" 2>&1 || { cat "$tmp/hello-build.log"; fail "building hello"; }
hello_so=$hello_build/photobridge-hello.so
[ -f "$hello_so" ] || fail "no $hello_so"

check_exports() {  # $1 = module: exactly one defined dynamic symbol, the entry
  local symbols
  symbols=$(nm -D --defined-only "$1" | awk '{print $NF}')
  [ "$symbols" = "photobridge_plugin_entry" ] || fail "$1 exports $(echo "$symbols" | wc -l) symbols: $symbols"
}
check_exports "$hello_so"

step "hello with pkg-config's flags (no CMake)"
pc_cflags=$(PKG_CONFIG_PATH="$prefix/share/pkgconfig" pkg-config --cflags photobridge-sdk)
pc_libs=$(PKG_CONFIG_PATH="$prefix/share/pkgconfig" pkg-config --libs photobridge-sdk)
pc_map=$(PKG_CONFIG_PATH="$prefix/share/pkgconfig" pkg-config --variable=exportsmap photobridge-sdk)
[[ "$pc_cflags" == *"-I$prefix/share/pkgconfig/../../include"* || "$pc_cflags" == *"-I$prefix/include"* ]] \
  || fail "pkg-config --cflags does not name the prefix's include folder: $pc_cflags"
mkdir -p "$tmp/pc"
# shellcheck disable=SC2086
"$cxx" -std=c++20 -O1 -shared -fPIC -fvisibility=hidden -fvisibility-inlines-hidden $pc_cflags \
  -I"$hello_build/generated" "$source/sdk-docs/examples/hello/hello_plugin.cpp" \
  -o "$tmp/pc/photobridge-hello.so" $pc_libs -Wl,--no-undefined -Wl,--version-script="$pc_map" \
  || fail "building hello with pkg-config's flags"
check_exports "$tmp/pc/photobridge-hello.so"

step "the installed photobridge lists hello (from $hello_build) and the shipped plugins (from the prefix)"
(cd / && "$prefix/bin/photobridge" plugins --json --plugin-dir "$hello_build") >"$tmp/plugins.json" 2>"$tmp/plugins.err" \
  || { cat "$tmp/plugins.err"; fail "photobridge plugins"; }
[ ! -s "$tmp/plugins.err" ] || { cat "$tmp/plugins.err"; fail "photobridge plugins printed problems"; }
providers=$(IFS=,; echo "${provider_ids[*]}")
[ -n "$providers" ] || fail "no provider files installed"
python3 - "$tmp/plugins.json" "$hello_build" "$prefix" "$shipped,$providers" <<'PY' || fail "the plugin list"
import json, os, sys
listed, hello_dir, prefix, shipped = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4].split(",")
plugins = {p["id"]: os.path.realpath(p["file"]) for p in json.load(open(listed))}
problems = []
if os.path.dirname(plugins.get("hello", "")) != os.path.realpath(hello_dir):
    problems.append("hello not listed from the out-of-tree build: %r" % plugins.get("hello"))
plugin_dir = os.path.realpath(os.path.join(prefix, "lib/photobridge/plugins"))
for id in shipped:
    if os.path.dirname(plugins.get(id, "")) != plugin_dir:
        problems.append("%s not listed from the prefix: %r" % (id, plugins.get(id)))
extra = set(plugins) - set(shipped) - {"hello"}
if extra:
    problems.append("unexpected plugins: %s" % sorted(extra))
for p in problems:
    print("install_test:", p, file=sys.stderr)
sys.exit(1 if problems else 0)
PY

step "photobridge new-plugin: refuses a bad id and a folder that is not empty (exit 2)"
rc=0; "$prefix/bin/photobridge" new-plugin "Bad-Id" --dir "$tmp/bad" >/dev/null 2>&1 || rc=$?
[ "$rc" -eq 2 ] || fail "new-plugin with an invalid id exited $rc, not 2"
[ ! -e "$tmp/bad" ] || fail "new-plugin with an invalid id wrote $tmp/bad"
mkdir -p "$tmp/full" && touch "$tmp/full/keep"
rc=0; "$prefix/bin/photobridge" new-plugin scaffolded --dir "$tmp/full" >/dev/null 2>&1 || rc=$?
[ "$rc" -eq 2 ] || fail "new-plugin into a non-empty folder exited $rc, not 2"
[ "$(ls "$tmp/full")" = "keep" ] || fail "new-plugin wrote into a non-empty folder"

step "photobridge new-plugin scaffolded: built against the prefix, its contract test passes"
scaffold=$tmp/scaffolded
(cd / && "$prefix/bin/photobridge" new-plugin scaffolded --dir "$scaffold") >"$tmp/new-plugin.log" 2>&1 \
  || { cat "$tmp/new-plugin.log"; fail "photobridge new-plugin"; }
for f in CMakeLists.txt manifest.json src/scaffolded_plugin.cpp fixtures/scaffolded/provider.json tests/scaffolded_test.cpp; do
  [ -f "$scaffold/$f" ] || fail "new-plugin did not write $f"
done
grep -q "@id@" -r "$scaffold" && fail "new-plugin left a placeholder in its output"
"$cmake_bin" -S "$scaffold" -B "$scaffold/build" -G "$generator" -DCMAKE_CXX_COMPILER="$cxx" \
  -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS="$out_of_tree_flags" "${out_of_tree_link[@]}" \
  >"$tmp/scaffold-configure.log" 2>&1 || { cat "$tmp/scaffold-configure.log"; fail "configuring the new plugin"; }
"$cmake_bin" --build "$scaffold/build" >"$tmp/scaffold-build.log" 2>&1 \
  || { cat "$tmp/scaffold-build.log"; fail "building the new plugin"; }
check_exports "$scaffold/build/photobridge-scaffolded.so"
ctest_bin=$(dirname "$cmake_bin")/ctest
"$ctest_bin" --test-dir "$scaffold/build" --output-on-failure >"$tmp/scaffold-test.log" 2>&1 \
  || { cat "$tmp/scaffold-test.log"; fail "the new plugin's contract test"; }
grep -qE "100% tests passed, 0 tests failed out of [1-9]" "$tmp/scaffold-test.log" \
  || { cat "$tmp/scaffold-test.log"; fail "the new plugin's contract test ran no test"; }
(cd / && "$prefix/bin/photobridge" plugins --json --plugin-dir "$scaffold/build") | grep -q '"id": *"scaffolded"' \
  || fail "the installed photobridge does not list the new plugin"

step "the installed photobridge demo, run from /"
rc=0
(cd / && "$prefix/bin/photobridge" demo --output "$tmp/out" --records 5) >"$tmp/demo.log" 2>&1 || rc=$?
[ "$rc" -eq 0 ] || { cat "$tmp/demo.log"; fail "photobridge demo exited $rc"; }
written=$(find "$tmp/out" -type f ! -name 'manifest.jsonl' ! -name 'state.db*' | wc -l)
[ "$written" -gt 0 ] || { cat "$tmp/demo.log"; fail "the demo wrote no files"; }
echo "install_test: ok (${#shipped_ids[@]} shipped plugins, hello out of tree, demo wrote $written files)"
