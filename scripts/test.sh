#!/usr/bin/env bash
# make test: every tier in order, stopping at the first that fails.
#   1. native     cargo test --workspace (SDK core + devserver), cargo clippy -D warnings
#   2. wasm       wasm-bindgen tests in Node and in headless Chromium, against the stand-in
#   3. build      pkg/ (scripts/build.sh)
#   4. package    the packed npm package: Node ESM/CJS, tsc, Vite/esbuild/webpack, plain page
#   4b. ecosystem the packed package in Node, Deno, Bun, wrangler dev, Jest, Vitest, Vite 7/8,
#                 webpack, esbuild, a plain page, a module worker and Next.js 16 (tests/ecosystem)
#   5. readme     every JS example of README.md, in Node and headless Chromium
#   6. e2e        the tracker and the demo shop in headless Chromium
#   7. security   appSecret refused in a page, secrets and tokens in no error or log,
#                 loopback-only admin, the demo under a strict CSP, no runtime deps (tests/security)
#   8. hostile    hostile callers and servers (issue 16): redirects not followed, dot path
#                 segments, baseUrl, credentials with control characters, looping and capping
#                 servers, the id window, one token per call; Node and Chromium (tests/hostile)
#   9. faults     the fault suite (issue 7): token expiry under load, 503/429 storms and
#                 Retry-After, creates not repeated, drops/stalls vs timeoutMs, broken answers,
#                 tracker delivery through failures, offline and reloads (tests/faults)
#  10. examples   the Node export/import scripts against a seeded stand-in
# (The fuzz properties of tests/fuzz_*.rs run in tier 1 with 256 cases each; `make fuzz`
# is the long run.)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

bash scripts/setup.sh
export LINKFLOW_SETUP_DONE=1

declare -a TIMES=()
tier() {
  local name="$1"; shift
  header "TIER $name"
  local t0=$SECONDS
  if ! "$@"; then
    printf '\n%sFAILED: tier %s (%s)%s\n' "$_R" "$name" "$*" "$_N" >&2
    exit 1
  fi
  TIMES+=("$(printf '%-10s %4d s' "$name" $((SECONDS - t0)))")
}

start=$SECONDS
tier native  bash scripts/test-native.sh
tier wasm    bash scripts/test-wasm.sh
tier build   bash scripts/build.sh
export LINKFLOW_PKG_BUILT=1
tier package bash tests/package/run.sh
tier ecosystem bash tests/ecosystem/run.sh
tier readme node --test --test-reporter=spec tests/readme/readme.test.mjs
tier e2e bash tests/e2e/run.sh
tier security bash tests/security/run.sh
tier hostile bash tests/hostile/run.sh
tier faults bash tests/faults/run.sh
tier examples bash tests/examples/run.sh

header "all tiers passed in $((SECONDS - start)) s"
printf '    %s\n' "${TIMES[@]}"
