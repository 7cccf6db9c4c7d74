#!/usr/bin/env bash
# The ecosystem tier: the packed npm package in the environments users build with, each a
# small scratch project that installs the tarball and calls the stand-in server (run.mjs
# lists the cases and prints a summary table of tool versions and results).
#   1. the pinned tools of tests/ecosystem/package.json + package-lock.json are installed once
#      into tests/.scratch/ecosystem-deps/<hash of the lock> (`npm ci`; a second run reuses it);
#   2. `npm pack` of pkg/, unpacked into that install's node_modules/linkflow-sdk (what npm
#      does with a tarball that has no dependencies);
#   3. the stand-in server (target/debug/linkflow-devserver --seed 12) on a free port;
#   4. node tests/ecosystem/run.mjs (ECO_ONLY=name,... runs only some cases).
# Needs pkg/ (make build; run.sh builds it unless LINKFLOW_PKG_BUILT=1) and /usr/bin/chromium.
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/lib.sh"

source tests/package/pkg-ready.sh

header "ecosystem tests: preparing"
lock_hash="$(cat tests/ecosystem/package.json tests/ecosystem/package-lock.json | sha256sum | cut -c1-16)"
DEPS="$ROOT/tests/.scratch/ecosystem-deps/$lock_hash"
if [[ ! -f "$DEPS/.installed" ]]; then
  info "installing the pinned tools (npm ci) into ${DEPS#"$ROOT"/}"
  rm -rf "$(dirname "$DEPS")"
  mkdir -p "$DEPS"
  cp tests/ecosystem/package.json tests/ecosystem/package-lock.json "$DEPS/"
  (cd "$DEPS" && npm ci --no-audit --no-fund --loglevel=error)
  touch "$DEPS/.installed"
else
  info "pinned tools: reusing ${DEPS#"$ROOT"/}"
fi
export ECO_DEPS="$DEPS"

info "npm pack pkg/"
rm -rf "$DEPS/pack" "$DEPS/cases" "$DEPS/node_modules/linkflow-sdk" "$DEPS/node_modules/linkflow-sdk.moved"
mkdir -p "$DEPS/pack"
tarball="$(cd pkg && npm pack --silent --pack-destination "$DEPS/pack" | tail -n1)"
tar -xzf "$DEPS/pack/$tarball" -C "$DEPS/pack"
mv "$DEPS/pack/package" "$DEPS/node_modules/linkflow-sdk"
info "$tarball: $(stat -c %s "$DEPS/pack/$tarball") bytes, unpacked into node_modules/linkflow-sdk"

info "cargo build -p linkflow-devserver --bin linkflow-devserver"
cargo build --quiet -p linkflow-devserver --bin linkflow-devserver
mkdir -p target/test-logs
trap stop_devserver EXIT
start_devserver "$ROOT/target/debug/linkflow-devserver" target/test-logs/devserver-ecosystem.log --port 0 --seed 12 || die "the stand-in did not start"
info "stand-in at $DEVSERVER_URL"

header "ecosystem tests"
node tests/ecosystem/run.mjs
