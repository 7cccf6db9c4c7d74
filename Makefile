# Thin wrappers: the work is in scripts/ (which a developer or CI can also run directly).
# Every target runs scripts/setup.sh first (idempotent: installs only what is missing).
SHELL := /bin/bash

.PHONY: setup build test demo bench fuzz clean

## setup: Rust wasm target, wasm-bindgen-cli (Cargo.lock's version), npm dev tools, Chromium
setup:
	@bash scripts/setup.sh

## build: assemble the npm package in pkg/ (release wasm, wasm-bindgen, wasm-opt, types)
build:
	@bash scripts/build.sh

## test: every tier (scripts/test.sh): native + fuzz, wasm (Node + Chromium), package, readme, e2e, security, hostile, faults, examples
test:
	@bash scripts/test.sh

## fuzz: long run of the property tests (tests/fuzz_*.rs) in release for FUZZ_MINUTES (default 10)
fuzz:
	@bash scripts/fuzz.sh

## demo: build, then serve the demo site and the package with the stand-in server on :8787
demo:
	@bash scripts/demo.sh

## bench: build, run the benchmarks of issue 6 and rewrite bench/REPORT.md (BENCH_QUICK=1: smoke run)
bench:
	@BENCH_COMMAND="make bench" bash bench/run.sh

## clean: remove pkg/ and test scratch space (cargo's target/ is kept: `cargo clean` for that)
clean:
	rm -rf pkg target/pkg-build tests/.scratch
