#!/usr/bin/env bash
# Tier 2: the crate's wasm-bindgen tests (`cargo test --target wasm32-unknown-unknown`), run
# by wasm-bindgen-test-runner twice: in Node.js, then in headless Chromium through
# chromedriver (webdriver.json holds Chromium's flags). The tests talk to a stand-in server
# started here on a free port; its URL reaches them at compile time as LINKFLOW_TEST_URL
# (read with option_env!). The server is seeded (LINKFLOW_TEST_SERVER_ARGS, default
# "--seed 50"), as tests/wasm_client.rs expects.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

info "cargo build -p linkflow-devserver --bin linkflow-devserver"
cargo build --quiet -p linkflow-devserver --bin linkflow-devserver
mkdir -p target/test-logs
read -r -a SERVER_ARGS <<<"${LINKFLOW_TEST_SERVER_ARGS:---seed 50}"
trap stop_devserver EXIT
start_devserver target/debug/linkflow-devserver target/test-logs/devserver-wasm.log "${SERVER_ARGS[@]}" --port 0 ||
  die "could not start the stand-in server"
info "stand-in server: $DEVSERVER_URL (pid $DEVSERVER_PID)"

export LINKFLOW_TEST_URL="$DEVSERVER_URL"
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
export WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-180}"

header "wasm tests: Node.js"
cargo test -p linkflow-sdk --target wasm32-unknown-unknown --tests

header "wasm tests: headless Chromium"
# A fresh stand-in (empty store) on the same port, so the tests need no rebuild.
stop_devserver
PORT="${LINKFLOW_TEST_URL##*:}"
if ! start_devserver target/debug/linkflow-devserver target/test-logs/devserver-wasm-browser.log "${SERVER_ARGS[@]}" --port "$PORT" 2>/dev/null; then
  start_devserver target/debug/linkflow-devserver target/test-logs/devserver-wasm-browser.log "${SERVER_ARGS[@]}" --port 0 ||
    die "could not start the stand-in server"
  export LINKFLOW_TEST_URL="$DEVSERVER_URL"
fi
info "stand-in server: $DEVSERVER_URL (pid $DEVSERVER_PID)"
# The test page is served by the runner on its own port; the stand-in answers CORS. No
# cross-origin isolation (COOP/COEP): real pages that use the SDK don't have it either.
CHROMEDRIVER=/usr/bin/chromedriver \
WASM_BINDGEN_USE_BROWSER=1 \
WASM_BINDGEN_TEST_WEBDRIVER_JSON="$ROOT/webdriver.json" \
WASM_BINDGEN_TEST_NO_ORIGIN_ISOLATION=1 \
  cargo test -p linkflow-sdk --target wasm32-unknown-unknown --tests
