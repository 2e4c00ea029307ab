# Sourced by the benchmark scripts: one photobridge-mock --dataset process.
#
#   start_mock RECORDS [EXTRA MOCK ARGS...]   sets MOCK_PID and MOCK_URL
#   stop_mock
#   cpu_ticks PID                             utime + stime, in clock ticks
#
# Needs MOCK (the program) and WORK (a scratch folder) set by the caller.

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
