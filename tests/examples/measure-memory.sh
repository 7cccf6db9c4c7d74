#!/usr/bin/env bash
# Peak memory (max RSS, from /usr/bin/time -v) of export-events.mjs over a large export,
# against a release linkflow-devserver seeded with CONTACTS x EVENTS_PER_CONTACT events.
#
#   tests/examples/measure-memory.sh [CONTACTS] [EVENTS_PER_CONTACT]   # default 10000 x 10 = 100k events
#
# Prints one line per run: events exported, seconds, peak RSS of the node process. Run it
# with 100000 10 (1M events) to see that the figure does not grow with the export.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
CONTACTS="${1:-10000}"
PER="${2:-10}"
[[ -x /usr/bin/time ]] || { echo "needs /usr/bin/time (GNU time)" >&2; exit 1; }
[[ -f pkg/package.json ]] || make build
cargo build -q --release -p linkflow-devserver
(cd examples/node && npm install --no-audit --no-fund --prefer-offline --loglevel=error >/dev/null)

WORK="$(mktemp -d)"
target/release/linkflow-devserver --port 0 --seed "$CONTACTS" --seed-events-per-contact "$PER" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
trap 'kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; rm -rf "$WORK"' EXIT
URL=""
for _ in $(seq 1 600); do
  URL="$(sed -n 's/.*listening on \(http[^ ]*\).*/\1/p' "$WORK/server.log" | head -n1)"
  [[ -n "$URL" ]] && break
  sleep 0.1
done
[[ -n "$URL" ]] || { cat "$WORK/server.log" >&2; exit 1; }

export LINKFLOW_BASE_URL="$URL" LINKFLOW_APP_KEY=demo-key LINKFLOW_APP_SECRET=demo-secret
for size in 1000 10000; do
  start=$(date +%s.%N)
  /usr/bin/time -v -o "$WORK/time.txt" node examples/node/export-events.mjs \
    --out "$WORK/events.ndjson" --size "$size" --progress none 2>"$WORK/stderr.txt"
  end=$(date +%s.%N)
  lines=$(wc -l <"$WORK/events.ndjson")
  rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$WORK/time.txt")
  bytes=$(stat -c %s "$WORK/events.ndjson")
  printf 'export-events --size %-5s: %s events (%s MB NDJSON) in %.1fs, peak RSS %s MB\n' \
    "$size" "$lines" "$((bytes / 1048576))" "$(echo "$end - $start" | bc)" "$((rss / 1024))"
done
