#!/usr/bin/env bash
# Tier 1: native Rust tests of the whole workspace (the SDK's sans-IO core and the devserver).
# LINKFLOW_CLIPPY=1 also runs clippy with warnings denied.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

cargo test --workspace
if [[ "${LINKFLOW_CLIPPY:-}" == 1 ]]; then
  cargo clippy --workspace --all-targets -- -D warnings
fi
