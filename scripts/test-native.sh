#!/usr/bin/env bash
# Tier 1: formatting (cargo fmt --check), native Rust tests of the whole workspace (the
# SDK's sans-IO core and the devserver), then clippy with warnings denied (the crate's
# deny(clippy::unwrap_used, ...) no-panic rules are only enforced by clippy).
#   LINKFLOW_CLIPPY=0       skip clippy
#   LINKFLOW_CLIPPY_WASM=0  skip linting the wasm32 build (src/wasm/ and the wasm tests exist
#                           only there)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

header "rustfmt (rustfmt.toml)"
cargo fmt --all --check
cargo test --workspace
if [[ "${LINKFLOW_CLIPPY:-1}" != 0 ]]; then
  header "clippy (native, -D warnings)"
  cargo clippy --workspace --all-targets -- -D warnings
fi
if [[ "${LINKFLOW_CLIPPY_WASM:-1}" == 1 ]]; then
  header "clippy (wasm32, -D warnings)"
  cargo clippy -p linkflow-sdk --target wasm32-unknown-unknown --all-targets -- -D warnings
fi
