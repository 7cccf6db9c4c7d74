#!/usr/bin/env bash
# Idempotent toolchain setup. Every other target runs this first; it installs only what is
# missing or at the wrong version:
#   - the Rust target wasm32-unknown-unknown
#   - the dated nightly of scripts/nightly-toolchain.txt with rust-src and the wasm32 target
#     (scripts/build.sh builds the shipped wasm with it; without it, on stable, larger)
#   - wasm-bindgen-cli at exactly the wasm-bindgen version in Cargo.lock
#   - npm dev tools from the root package-lock.json (binaryen's wasm-opt, typescript, vite,
#     esbuild, webpack, playwright-core) into node_modules/
#   - Debian chromium + chromium-driver (headless browser tests)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

header "setup: toolchain"

# --- Node.js --------------------------------------------------------------------------------
command -v node >/dev/null || die "node is not installed (need Node.js >= 20.19)"
command -v npm >/dev/null || die "npm is not installed"
node -e '
  const [maj, min] = process.versions.node.split(".").map(Number);
  if (maj < 20 || (maj === 20 && min < 19)) {
    console.error(`Node.js ${process.versions.node} is too old: need >= 20.19 (vite 8)`);
    process.exit(1);
  }' || exit 1

# --- Rust target ------------------------------------------------------------------------------
command -v cargo >/dev/null || die "cargo is not installed (install Rust with rustup)"
if rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  info "rust target wasm32-unknown-unknown: present"
else
  info "rust target wasm32-unknown-unknown: installing"
  rustup target add wasm32-unknown-unknown
fi

# --- pinned nightly for the shipped wasm -------------------------------------------------------
# Optional: scripts/build.sh falls back to stable (with a warning) when it is missing, so a
# failed download (offline machine) warns instead of stopping the setup.
NIGHTLY="$(wasm_nightly_toolchain)"
if wasm_nightly_ready "$NIGHTLY"; then
  info "rust $NIGHTLY (rust-src, wasm32-unknown-unknown): present"
else
  info "rust $NIGHTLY (rust-src, wasm32-unknown-unknown): installing"
  rustup toolchain install "$NIGHTLY" --component rust-src --target wasm32-unknown-unknown --profile minimal ||
    warn "could not install $NIGHTLY: scripts/build.sh will build the wasm on stable (larger)"
fi

# --- wasm-bindgen-cli -------------------------------------------------------------------------
WB_VERSION="$(wasm_bindgen_locked_version)"
[[ -n "$WB_VERSION" ]] || die "could not find wasm-bindgen's version in Cargo.lock"
have_wb() {
  [[ "$(wasm-bindgen --version 2>/dev/null)" == "wasm-bindgen $WB_VERSION" ]] &&
    [[ "$(wasm-bindgen-test-runner --version 2>/dev/null)" == "wasm-bindgen-test-runner $WB_VERSION" ]]
}
if have_wb; then
  info "wasm-bindgen-cli $WB_VERSION: present"
else
  info "wasm-bindgen-cli $WB_VERSION: installing (found: $(wasm-bindgen --version 2>/dev/null || echo none))"
  cargo install wasm-bindgen-cli --version "=$WB_VERSION" --locked ||
    cargo install wasm-bindgen-cli --version "=$WB_VERSION"
  have_wb || die "wasm-bindgen-cli $WB_VERSION is still not on PATH after cargo install"
fi

# --- npm dev tools ----------------------------------------------------------------------------
STAMP="node_modules/.linkflow-setup-stamp"
want_stamp="$( { node --version; cat package.json package-lock.json; } | sha256sum | cut -d' ' -f1)"
if [[ -f "$STAMP" && "$(cat "$STAMP")" == "$want_stamp" ]]; then
  info "npm dev tools: up to date with package-lock.json"
else
  info "npm dev tools: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$want_stamp" >"$STAMP"
fi
wasm_opt_version="$(node_modules/.bin/wasm-opt --version)"
[[ "$wasm_opt_version" == *"version 132"* ]] ||
  die "node_modules/.bin/wasm-opt is not binaryen 132 ($wasm_opt_version)"

# --- Chromium + ChromeDriver -----------------------------------------------------------------
if [[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]]; then
  info "chromium + chromedriver: present"
else
  apt_cmd="apt-get update && apt-get install -y --no-install-recommends chromium chromium-driver"
  if [[ "$(id -u)" == 0 ]]; then
    info "chromium + chromedriver: installing from Debian"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q --no-install-recommends chromium chromium-driver
  else
    die "Debian's chromium and chromium-driver are needed for the browser tests. As root run:
    sudo sh -c '$apt_cmd'"
  fi
  [[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]] || die "chromium install did not provide /usr/bin/chromium and /usr/bin/chromedriver"
fi

ok "setup complete"
