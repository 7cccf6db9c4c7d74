# shellcheck shell=bash
# Helpers shared by the scripts in this folder. Source it; it sets ROOT and cds there.

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$HOME/.cargo/bin:$ROOT/node_modules/.bin:$PATH"

# Colour only on a terminal.
if [[ -t 1 ]]; then _B=$'\033[1m'; _R=$'\033[31m'; _G=$'\033[32m'; _Y=$'\033[33m'; _N=$'\033[0m'
else _B=""; _R=""; _G=""; _Y=""; _N=""; fi

header() { printf '\n%s==> %s%s\n' "$_B" "$*" "$_N"; }
info()   { printf '    %s\n' "$*"; }
warn()   { printf '%swarning:%s %s\n' "$_Y" "$_N" "$*" >&2; }
die()    { printf '%serror:%s %s\n' "$_R" "$_N" "$*" >&2; exit 1; }
ok()     { printf '%sok:%s %s\n' "$_G" "$_N" "$*"; }

# The wasm-bindgen version the crate is locked to, e.g. 0.2.130: from Cargo.lock, or, before
# the first cargo build has written a Cargo.lock, from the exact `=X.Y.Z` pin in Cargo.toml.
wasm_bindgen_locked_version() {
  local v=""
  if [[ -f Cargo.lock ]]; then
    v="$(awk '
      $0 == "[[package]]" { name = "" }
      /^name = / { gsub(/"/, "", $3); name = $3 }
      /^version = / && name == "wasm-bindgen" { gsub(/"/, "", $3); print $3; exit }
    ' Cargo.lock)"
  fi
  if [[ -z "$v" ]]; then
    v="$(sed -nE 's/^[[:space:]]*wasm-bindgen[[:space:]]*=[[:space:]]*(\{[^}]*version[[:space:]]*=[[:space:]]*)?"=([0-9]+\.[0-9]+\.[0-9]+)".*/\2/p' Cargo.toml | head -n1)"
  fi
  printf '%s\n' "$v"
}

# The dated nightly the shipped wasm is built with (scripts/nightly-toolchain.txt, its one
# line): it rebuilds std with panic=immediate-abort, which stable cannot (scripts/build.sh).
wasm_nightly_toolchain() {
  tr -d '[:space:]' <"$ROOT/scripts/nightly-toolchain.txt"
}

# True when the nightly named by $1 is installed with what that build needs: rust-src (for
# -Zbuild-std) and the wasm32-unknown-unknown standard library. Never installs anything.
wasm_nightly_ready() {
  local t="$1"
  rustup toolchain list 2>/dev/null | grep -q "^$t-" || return 1
  rustup component list --toolchain "$t" --installed 2>/dev/null | grep -q '^rust-src' || return 1
  rustup target list --toolchain "$t" --installed 2>/dev/null | grep -qx wasm32-unknown-unknown
}

# Start linkflow-devserver in the background with the given extra arguments, wait for its
# "listening on http://..." line and set DEVSERVER_URL and DEVSERVER_PID. The caller owns
# the PID (stop it with stop_devserver, e.g. from an EXIT trap). Returns 1 (with the log on
# stderr) when the server exits or stays silent instead.
#   start_devserver BINARY LOGFILE [ARGS...]
start_devserver() {
  local bin="$1" log="$2"; shift 2
  [[ -x "$bin" ]] || { warn "devserver binary not found: $bin"; return 1; }
  : >"$log"
  "$bin" "$@" >"$log" 2>&1 &
  DEVSERVER_PID=$!
  local i
  for i in $(seq 1 300); do
    DEVSERVER_URL="$(grep -oE 'listening on http://[^[:space:]]+' "$log" | head -n1 | sed 's/^listening on //' || true)"
    if [[ -n "$DEVSERVER_URL" ]]; then
      DEVSERVER_URL="${DEVSERVER_URL%/}"
      export DEVSERVER_URL DEVSERVER_PID
      return 0
    fi
    if ! kill -0 "$DEVSERVER_PID" 2>/dev/null; then
      cat "$log" >&2
      warn "devserver exited before it printed 'listening on http://...'"
      DEVSERVER_PID=""
      return 1
    fi
    sleep 0.1
  done
  cat "$log" >&2
  warn "devserver did not print 'listening on http://...' within 30 s"
  stop_devserver
  return 1
}

# For a test tier against the built package: checks pkg/ and playwright-core, builds the
# debug stand-in (`make test` has just built this tree; a release binary may be stale) and
# starts it on a free port serving www/ and pkg/, stopped by PID when the shell exits.
# Sets DEVSERVER_URL, DEVSERVER_PID and DEVSERVER_BIN (absolute).
#   start_tier_devserver TIER-NAME
start_tier_devserver() {
  local tier="$1"
  [[ -f pkg/node/index.mjs && -f pkg/web/index.js && -f pkg/tracker/index.js ]] || { echo "$tier: pkg/ is missing: run make build" >&2; return 1; }
  [[ -d node_modules/playwright-core ]] || { echo "$tier: node_modules/playwright-core is missing: run make setup" >&2; return 1; }
  cargo build -q -p linkflow-devserver || return 1
  DEVSERVER_BIN="$ROOT/target/debug/linkflow-devserver"
  export DEVSERVER_BIN
  mkdir -p target/test-logs
  trap stop_devserver EXIT
  start_devserver "$DEVSERVER_BIN" "target/test-logs/devserver-$tier.log" --port 0 --www www --pkg pkg || return 1
  echo "$tier: stand-in at $DEVSERVER_URL"
}

stop_devserver() {
  if [[ -n "${DEVSERVER_PID:-}" ]] && kill -0 "$DEVSERVER_PID" 2>/dev/null; then
    kill "$DEVSERVER_PID" 2>/dev/null || true
    wait "$DEVSERVER_PID" 2>/dev/null || true
  fi
  DEVSERVER_PID=""
}
