#!/usr/bin/env bash
# make fuzz: the long run of the property tests in tests/fuzz_*.rs (the short run, 256 cases
# per property, is part of `make test`'s native tier).
#
# Builds the fuzz test binaries once in release (with overflow checks and debug assertions
# on, so arithmetic overflow still panics), then runs rounds of every property with
# FUZZ_CASES cases each (fresh random seeds every round) until FUZZ_MINUTES have passed.
# A round that fails keeps its output in target/fuzz/logs/ (proptest prints the minimal
# failing input) and the run goes on; the exit code is 1 if any round failed.
#
#   FUZZ_MINUTES=10   time budget (the last round may run past it by one round's length)
#   FUZZ_CASES=20000  cases per property per round
#   FUZZ_FILTER=      only properties whose name contains this (cargo test filter)
#
# Prints per round and at the end: rounds, properties, cases per property, total cases,
# wall time, failures.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

MINUTES="${FUZZ_MINUTES:-10}"
CASES="${FUZZ_CASES:-20000}"
FILTER="${FUZZ_FILTER:-}"
LOGS="$ROOT/target/fuzz/logs"
mkdir -p "$LOGS"

# Release speed, but keep the checks a debug build has: an overflow must still be a failure.
export CARGO_PROFILE_RELEASE_OVERFLOW_CHECKS=true
export CARGO_PROFILE_RELEASE_DEBUG_ASSERTIONS=true
export CARGO_PROFILE_RELEASE_LTO=false
export CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16
export CARGO_PROFILE_RELEASE_OPT_LEVEL=3
export CARGO_PROFILE_RELEASE_PANIC=unwind
# Its own target dir: these profile overrides must not disturb the package's release build.
export CARGO_TARGET_DIR="$ROOT/target/fuzz/build"

header "fuzz: building the property tests (release, overflow checks on)"
cargo test --release -p linkflow-sdk --test 'fuzz_*' --no-run 2>&1 | tail -n 3

# The properties (proptest tests; the plain #[test] regressions are listed but cheap).
list="$(cargo test --release -q -p linkflow-sdk --test 'fuzz_*' -- --list 2>/dev/null | grep ': test$' | sed 's/: test$//' || true)"
if [[ -n "$FILTER" ]]; then list="$(grep -F -- "$FILTER" <<<"$list" || true)"; fi
props="$(grep -vc '^regression_' <<<"$list" || true)"
regressions="$(grep -c '^regression_' <<<"$list" || true)"
info "$props properties, $regressions regression tests; $CASES cases per property per round; budget $MINUTES min"

start=$(date +%s)
deadline=$((start + MINUTES * 60))
rounds=0
failed_rounds=0
declare -a FAILURES=()
while (( $(date +%s) < deadline )) || (( rounds == 0 )); do
  rounds=$((rounds + 1))
  t0=$(date +%s)
  log="$LOGS/round-$rounds.log"
  if PROPTEST_CASES="$CASES" cargo test --release -q -p linkflow-sdk --test 'fuzz_*' -- ${FILTER:+"$FILTER"} >"$log" 2>&1; then
    rm -f "$log"
    status="ok"
  else
    failed_rounds=$((failed_rounds + 1))
    status="FAILED (log: ${log#"$ROOT"/})"
    while IFS= read -r name; do FAILURES+=("round $rounds: $name"); done < <(sed -n 's/^    \([a-z_0-9]*\)$/\1/p' "$log" | sort -u)
  fi
  printf '    round %3d: %s in %d s (elapsed %d s)\n' "$rounds" "$status" $(( $(date +%s) - t0 )) $(( $(date +%s) - start ))
done
wall=$(( $(date +%s) - start ))

header "fuzz: summary"
info "command:              FUZZ_MINUTES=$MINUTES FUZZ_CASES=$CASES bash scripts/fuzz.sh"
info "rounds:               $rounds"
info "properties:           $props (+ $regressions regression tests per round)"
info "cases per property:   $((rounds * CASES))"
info "total cases:          $((rounds * CASES * props))"
info "wall time:            ${wall} s"
info "failed rounds:        $failed_rounds"
for f in "${FAILURES[@]}"; do info "  $f"; done
(( failed_rounds == 0 )) || exit 1
