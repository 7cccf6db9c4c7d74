#!/usr/bin/env bash
# The hostile tier (issue 16): the built package against hostile callers and hostile servers,
# in Node and headless Chromium. Every tests/hostile/*.test.mjs runs with node --test:
#   transport-redirect.test.mjs     no redirect is followed: a 3xx to another origin is an `http`
#                                   error naming status and target origin; nothing (credential,
#                                   body) reaches the other origin; its token is never used (Node)
#   transport-values.test.mjs       dot path segments, baseUrl, credentials with control
#                                   characters: validation/auth errors, no request, nothing quoted
#   transport-iterators.test.mjs    page iterators end on an empty page (a capped page size does
#                                   not truncate), every iterator on a page all seen before,
#                                   the guide's id window page*size <= 10000, one token per call
#   transport-browser.test.mjs      the redirect, baseUrl, path and credential rules in a
#                                   Chromium page (browsers hide a redirect's status and target)
#   input-*.test.mjs                hostile caller values (see their headers)
#
# Starts target/debug/linkflow-devserver on a free port (--www www --pkg pkg) as the pages'
# origin, passes its URL as LINKFLOW_HOSTILE_URL, stops it by PID on exit. The package under
# test is pkg/ unless LINKFLOW_HOSTILE_PKG names another built package directory (how the
# tests are run against the base commit's build to show them failing there). Extra
# arguments go to `node --test` (e.g. --test-name-pattern=redirect).
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/lib.sh"

start_tier_devserver hostile || exit 1
export LINKFLOW_DEVSERVER_BIN="$DEVSERVER_BIN"
export LINKFLOW_HOSTILE_URL="$DEVSERVER_URL"
# tests/security/helpers.mjs (everythingAbout) wants its tier's variable.
export LINKFLOW_SECURITY_URL="$DEVSERVER_URL"

node --test --test-concurrency=1 --test-reporter=spec "$@" tests/hostile/*.test.mjs
