#!/usr/bin/env bash
# Tests of the npm package as users get it: `npm pack` pkg/ into tests/.scratch/package,
# install the tarball into a scratch consumer project, then `node --test` the files here:
#   pack.test.mjs     what the tarball holds, package.json
#   node.test.mjs     Node ESM import and CJS require, real calls to the stand-in server
#   direct-call.test.mjs  the entry's call driver: one attempt is one request, whatever fetch answers
#   tracker-errors.test.mjs  the tracker module's validation errors are exact LinkflowErrors
#   types.test.mjs    tsc --strict on consumer .ts/.cts files (nodenext + bundler resolution)
#   modules.test.mjs  the browser modules' short names; no closure shims in the tracker's
#   fmt.test.mjs      no core::fmt in the full module (read before wasm-opt; nightly builds)
#   export-names.test.mjs  every export of every entry (Node and browser) keeps its .name
#   loader.test.mjs   the browser entries stream their .wasm, fall back on a wrong Content-Type
#   glue-trim.test.mjs  scripts/glue-trim.mjs fails the build on a changed wasm-bindgen output
#   ../types/guide.test.mjs  tsc --strict on the guide's example answers as declared (issue 13)
#   browser.test.mjs  Vite, esbuild and webpack bundles and a plain <script type="module">
#                     page, in headless Chromium (playwright-core + /usr/bin/chromium)
# Needs pkg/ (make build; run.sh builds it unless LINKFLOW_PKG_BUILT=1) and builds the
# stand-in server target/debug/linkflow-devserver.
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/lib.sh"

source tests/package/pkg-ready.sh

header "package tests: preparing"
info "cargo build -p linkflow-devserver --bin linkflow-devserver"
cargo build --quiet -p linkflow-devserver --bin linkflow-devserver
export LINKFLOW_DEVSERVER_BIN="$ROOT/target/debug/linkflow-devserver"

SCRATCH="$ROOT/tests/.scratch/package"
rm -rf "$SCRATCH"
mkdir -p "$SCRATCH"
export LINKFLOW_PKG_SCRATCH="$SCRATCH"

info "npm pack pkg/"
tarball="$(cd pkg && npm pack --silent --pack-destination "$SCRATCH")"
tarball="$SCRATCH/$(tail -n1 <<<"$tarball")"
[[ -f "$tarball" ]] || die "npm pack did not produce $tarball"
export LINKFLOW_TARBALL="$tarball"
info "$(basename "$tarball"): $(stat -c %s "$tarball") bytes"

info "installing it into a scratch consumer project"
cp -r tests/package/fixtures/consumer "$SCRATCH/consumer"
(cd "$SCRATCH/consumer" && npm install --no-audit --no-fund --loglevel=error "$tarball")

header "package tests: node --test"
# One file at a time: bundlers and Chromium are heavy for 2 cores.
node --test --test-concurrency=1 --test-reporter=spec \
  tests/package/pack.test.mjs \
  tests/package/node.test.mjs \
  tests/package/direct-call.test.mjs \
  tests/package/tracker-errors.test.mjs \
  tests/package/types.test.mjs \
  tests/package/modules.test.mjs \
  tests/package/fmt.test.mjs \
  tests/package/export-names.test.mjs \
  tests/package/loader.test.mjs \
  tests/package/glue-trim.test.mjs \
  tests/types/guide.test.mjs \
  tests/package/browser.test.mjs
