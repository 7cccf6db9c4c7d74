#!/usr/bin/env bash
# Browser end-to-end tests of the tracker and the demo shop (tests/e2e/*.test.mjs).
#
# Builds and starts target/debug/linkflow-devserver
# on a free port with --www www --pkg pkg, runs the tests one file at a time with
# LINKFLOW_E2E_URL set, and stops the server (by its PID) on exit. Needs pkg/ (make build),
# node_modules (playwright-core) and /usr/bin/chromium. Extra arguments go to `node --test`
# (e.g. --test-name-pattern=reload).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

[[ -f pkg/web/index.js && -f pkg/tracker/index.js ]] || { echo "e2e: pkg/ is missing: run make build" >&2; exit 1; }
[[ -d node_modules/playwright-core ]] || { echo "e2e: node_modules/playwright-core is missing: run make setup" >&2; exit 1; }

# The debug build: `make test` has just built it from this tree (a release binary may be stale).
cargo build -q -p linkflow-devserver
BIN=target/debug/linkflow-devserver

LOG="$(mktemp)"
"$BIN" --port 0 --www www --pkg pkg >"$LOG" 2>&1 &
PID=$!
cleanup() {
  kill "$PID" 2>/dev/null || true
  wait "$PID" 2>/dev/null || true
  rm -f "$LOG"
}
trap cleanup EXIT

URL=""
for _ in $(seq 1 150); do
  URL="$(grep -o 'listening on http://[0-9.:]*' "$LOG" | head -n1 | sed 's/^listening on //')" || true
  [[ -n "$URL" ]] && break
  kill -0 "$PID" 2>/dev/null || { echo "e2e: devserver exited:" >&2; cat "$LOG" >&2; exit 1; }
  sleep 0.1
done
[[ -n "$URL" ]] || { echo "e2e: devserver did not start" >&2; cat "$LOG" >&2; exit 1; }
echo "e2e: $BIN at $URL"

LINKFLOW_E2E_URL="$URL" node --test --test-concurrency=1 "$@" tests/e2e/*.test.mjs
