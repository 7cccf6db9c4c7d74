#!/usr/bin/env bash
# The security suite (issue 7): the built package against linkflow-devserver.
#   browser-secret.test.mjs  appSecret refused in a Chromium page without dangerouslyAllowBrowser
#                            (validation error, secret not in it, no request sent); allowed with it
#   redaction.test.mjs       Node (pkg/node): no error of a failing token exchange, 401, network
#                            failure, timeout or validation, and nothing logged, holds the app
#                            secret or the token; the client object does not expose them
#   csp.test.mjs             the demo shop under the HTTP header
#                            Content-Security-Policy: script-src 'self' 'wasm-unsafe-eval'
#                            (no unsafe-eval), with a negative control that proves a violation fails
#   loopback.test.mjs        /__admin/* and /demo/token refuse a real non-loopback peer
#   audit.test.mjs           the package has no runtime dependencies; npm audit --omit=dev of
#                            the packed tarball installed in a scratch project (skipped, with the
#                            reason, when the registry's audit endpoint cannot be reached)
#
# Builds and starts target/debug/linkflow-devserver on a free port with --www www --pkg pkg,
# runs the files one at a time with LINKFLOW_SECURITY_URL set, stops the server (by its PID)
# on exit. Needs pkg/ (make build), node_modules (playwright-core) and /usr/bin/chromium.
# Extra arguments go to `node --test` (e.g. --test-name-pattern=csp).
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/lib.sh"

start_tier_devserver security || exit 1
export LINKFLOW_DEVSERVER_BIN="$DEVSERVER_BIN"

LINKFLOW_SECURITY_URL="$DEVSERVER_URL" node --test --test-concurrency=1 --test-reporter=spec "$@" tests/security/*.test.mjs
