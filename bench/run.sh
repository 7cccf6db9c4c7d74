#!/usr/bin/env bash
# The benchmark suite of issue 6 (`make bench`): builds what it measures, runs each bench
# against the release stand-in on free ports, writes target/bench/*.json, and renders
# bench/REPORT.md from them (target/bench/REPORT.md for a quick run).
#
#   BENCH_QUICK=1        smoke run: fewer rounds, 100,000 events instead of 1,000,000
#   BENCH_SKIP_BUILD=1   measure the pkg/ that is there (no scripts/build.sh)
#   BENCH_EVENTS_RUNS=N  runs of the 1M-event bench (default 2)
#   BENCH_ONLY="a b"     only these of: weight overhead profile bulk cold tracker events (report to target/bench/)
#
# pkg/ is copied to target/bench/pkg under scripts/build.sh's own lock and every bench
# measures that copy, so a rebuild of pkg/ during the run cannot mix two builds.
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"

QUICK="${BENCH_QUICK:-0}"
export BENCH_QUICK="$QUICK"
export BENCH_OUT="$ROOT/target/bench"
export BENCH_PKG="$BENCH_OUT/pkg"
export BENCH_STARTED="$(date -u '+%Y-%m-%d %H:%M:%S UTC')"
export BENCH_LOAD_START="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
# The exact command, for the report: the make target or this script, with the knobs that were set.
cmd="${BENCH_COMMAND:-bash bench/run.sh}"
for v in BENCH_EVENTS_RUNS BENCH_SKIP_BUILD BENCH_ONLY; do
  if [[ -n "${!v:-}" ]]; then cmd="$v=\"${!v}\" $cmd"; fi
done
if [[ "$QUICK" == 1 ]]; then cmd="BENCH_QUICK=1 $cmd"; fi
export BENCH_COMMAND="$cmd"
ONLY="${BENCH_ONLY:-}"
# Only a complete, full run rewrites the committed report.
if [[ "$QUICK" == 1 || -n "$ONLY" ]]; then REPORT="$BENCH_OUT/REPORT.md"; else REPORT="$ROOT/bench/REPORT.md"; fi
wanted() { [[ -z "$ONLY" || " $ONLY " == *" $1 "* ]]; }
start=$SECONDS

mkdir -p "$BENCH_OUT"
rm -f "$BENCH_OUT"/*.json

# --- what is measured -------------------------------------------------------------------------
export BENCH_BUILD="scripts/build.sh"
if [[ "${BENCH_SKIP_BUILD:-}" == 1 ]]; then
  BENCH_BUILD="skipped (BENCH_SKIP_BUILD=1): measured the pkg/ in place"
elif ! bash scripts/build.sh; then
  [[ -f pkg/web/index.js ]] || die "bench: scripts/build.sh failed and there is no pkg/ to measure"
  warn "bench: scripts/build.sh failed; measuring the pkg/ that is there"
  BENCH_BUILD="scripts/build.sh FAILED: measured an earlier pkg/"
fi

header "bench: snapshot of pkg/"
mkdir -p target/pkg-build
rm -rf "$BENCH_PKG" "$BENCH_PKG.tmp"
# The same lock scripts/build.sh holds while it replaces pkg/.
flock -w 900 target/pkg-build/.lock cp -a pkg "$BENCH_PKG.tmp" || die "bench: could not copy pkg/"
mv "$BENCH_PKG.tmp" "$BENCH_PKG"
for f in web/index.js tracker/index.js node/index.mjs tracker/node/index.mjs; do
  [[ -f "$BENCH_PKG/$f" ]] || die "bench: pkg/$f is missing"
done

header "bench: release stand-in"
BIN=target/release/linkflow-devserver
if ! cargo build --release -q -p linkflow-devserver; then
  [[ -x "$BIN" ]] || die "bench: cannot build linkflow-devserver"
  warn "bench: cargo build of the devserver failed; using the existing $BIN"
fi

trap stop_devserver EXIT
# A failed bench is reported (its section says so) and fails the run at the end, but does
# not stop the others.
FAILED=()
run() {
  wanted "$1" || return 0
  header "bench: $1"
  node "bench/$1.mjs" || { warn "bench: $1 failed"; FAILED+=("$1"); }
}

# --- everything but the 1M events: one seeded server serving the bench pages and the package
start_devserver "$BIN" "$BENCH_OUT/devserver.log" --port 0 --seed 10000 --www bench/www --pkg "$BENCH_PKG" || die "bench: stand-in did not start"
export BENCH_URL="$DEVSERVER_URL"
info "stand-in at $BENCH_URL (10,000 contacts)"
run weight
run overhead
run profile
run bulk
run cold
run tracker
stop_devserver

# --- the events bench on its own server (~0.5 GB for 1M events; started only now)
if wanted events; then
  if [[ "$QUICK" == 1 ]]; then contacts=10000; else contacts=100000; fi
  start_devserver "$BIN" "$BENCH_OUT/devserver-events.log" --port 0 --seed "$contacts" --seed-events-per-contact 10 || die "bench: stand-in did not start"
  export BENCH_URL="$DEVSERVER_URL"
  info "stand-in at $BENCH_URL ($((contacts * 10)) events)"
  run events
  stop_devserver
fi

export BENCH_SECONDS=$((SECONDS - start))
header "bench: report"
node bench/report.mjs "$REPORT"
[[ ${#FAILED[@]} -eq 0 ]] || die "bench: failed: ${FAILED[*]} (see above; $REPORT says which figures are missing)"
ok "bench: $REPORT ($BENCH_SECONDS s)"
