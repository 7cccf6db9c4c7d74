#!/usr/bin/env bash
# Browser end-to-end tests of the tracker and the demo shop (tests/e2e/*.test.mjs).
#
# Builds and starts target/debug/linkflow-devserver
# on a free port with --www www --pkg pkg, runs the tests one file at a time with
# LINKFLOW_E2E_URL set, and stops the server (by its PID) on exit. Needs pkg/ (make build),
# node_modules (playwright-core) and /usr/bin/chromium. Extra arguments go to `node --test`
# (e.g. --test-name-pattern=reload).
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/lib.sh"

[[ -f pkg/web/index.js && -f pkg/tracker/index.js ]] || { echo "e2e: pkg/ is missing: run make build" >&2; exit 1; }
[[ -d node_modules/playwright-core ]] || { echo "e2e: node_modules/playwright-core is missing: run make setup" >&2; exit 1; }

# The debug build: `make test` has just built it from this tree (a release binary may be stale).
cargo build -q -p linkflow-devserver
BIN=target/debug/linkflow-devserver

mkdir -p target/test-logs
trap stop_devserver EXIT
start_devserver "$BIN" target/test-logs/devserver-e2e.log --port 0 --www www --pkg pkg || exit 1
echo "e2e: $BIN at $DEVSERVER_URL"

LINKFLOW_E2E_URL="$DEVSERVER_URL" node --test --test-concurrency=1 "$@" tests/e2e/*.test.mjs
