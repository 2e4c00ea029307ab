#!/usr/bin/env bash
# The @id@ provider's contract test, with no compiler: the provider file is
# valid, and against photobridge-mock serving fixtures/@id@/ (the API's
# documented responses) the photos stream maps every documented photo, with
# the token as a Bearer header, and a wrong token is refused.
# PHOTOBRIDGE and PHOTOBRIDGE_MOCK name the programs (default: on PATH).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
pb=${PHOTOBRIDGE:-photobridge}
mock=${PHOTOBRIDGE_MOCK:-photobridge-mock}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/@id@-test.XXXXXX")
mock_pid=
cleanup() { [ -n "$mock_pid" ] && kill "$mock_pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$pb" validate "$here/@id@.provider.toml" || fail "the provider file has problems"

"$mock" --port 0 --fixtures "$here/fixtures" --no-builtin-fixtures > "$tmp/mock.out" 2> "$tmp/mock.err" &
mock_pid=$!
for _ in $(seq 1 100); do grep -q '^listening on ' "$tmp/mock.out" 2>/dev/null && break; sleep 0.05; done
url=$(sed -n 's/^listening on //p' "$tmp/mock.out")
[ -n "$url" ] || { cat "$tmp/mock.err" >&2; fail "the mock did not start"; }

"$pb" test-read @id@ photos --plugin-dir "$here" --set base_url="$url/@id@" --set token=mock-token --json \
  > "$tmp/pages.jsonl" 2> "$tmp/read.err" || { cat "$tmp/read.err" >&2; fail "test-read"; }
python3 - "$tmp/pages.jsonl" <<'PY' || fail "the photos stream"
import json, sys
pages = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
assert pages, "no page read"
first = pages[0]
assert first["records"] == 2, first
record = first["first_record"]
assert record["id"] == "photo-1", record
assert record["person"]["email"] == "ada@example.com", record
assert record["approved"] is True, record
assert record["media"][0]["url"] == "https://cdn.example.com/photo-1.jpg", record
requests = json.dumps(first["requests"])
assert "Authorization" in requests and "mock-token" not in requests, requests
PY

if "$pb" test-read @id@ photos --plugin-dir "$here" --set base_url="$url/@id@" --set token=wrong-token \
     > "$tmp/wrong.out" 2>&1; then
  fail "a wrong token was accepted"
fi
grep -q "UNAUTHORIZED" "$tmp/wrong.out" || { cat "$tmp/wrong.out" >&2; fail "a wrong token is not UNAUTHORIZED"; }
if grep -q "wrong-token" "$tmp/wrong.out"; then fail "the token was printed"; fi
echo "@id@: contract test passed"
