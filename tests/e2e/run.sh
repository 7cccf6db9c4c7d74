#!/usr/bin/env bash
# Browser end-to-end tests of the tracker and the demo shop (tests/e2e/*.test.mjs).
#
# Builds and starts target/debug/linkflow-devserver
# on a free port with --www www --pkg pkg, runs the tests one file at a time with
# LINKFLOW_E2E_URL set, and stops the server (by its PID) on exit. Needs pkg/ (make build),
# node_modules (playwright-core) and /usr/bin/chromium. Extra arguments go to `node --test`
# (e.g. --test-name-pattern=reload).
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/lib.sh"

start_tier_devserver e2e || exit 1

LINKFLOW_E2E_URL="$DEVSERVER_URL" node --test --test-concurrency=1 "$@" tests/e2e/*.test.mjs
