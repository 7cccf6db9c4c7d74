#!/usr/bin/env bash
# Tests of the Node example scripts (examples/node/) against a seeded stand-in server.
#
#   tests/examples/run.sh [extra args for node --test]
#
# 1. builds linkflow-devserver (cargo build -p linkflow-devserver; PROFILE=release for an
#    optimized one) and the npm package when pkg/ is missing (make build);
# 2. installs the package into examples/node (npm install: a link to ../../pkg, no registry);
# 3. starts `linkflow-devserver --port 0 --seed $SEED --seed-events-per-contact $EVENTS_PER_CONTACT`
#    (default 12000 contacts, 1 event each: more than the 10000 ids one time window can list)
#    and waits for its URL;
# 4. runs tests/examples/*.test.mjs with node --test, one file at a time (they share the
#    server and reset it), with LINKFLOW_BASE_URL/APP_KEY/APP_SECRET in the environment;
# 5. stops the server by its PID on exit, whatever happened.
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/lib.sh"
SEED="${SEED:-12000}"
EVENTS_PER_CONTACT="${EVENTS_PER_CONTACT:-1}"
PROFILE="${PROFILE:-debug}"

log() { printf '[examples] %s\n' "$*" >&2; }

if [[ ! -f pkg/package.json ]]; then
  log "pkg/ missing: make build"
  make build
fi

log "cargo build -p linkflow-devserver ($PROFILE)"
if [[ "$PROFILE" == release ]]; then
  cargo build -q --release -p linkflow-devserver
else
  cargo build -q -p linkflow-devserver
fi
BIN="$ROOT/target/$PROFILE/linkflow-devserver"

log "npm install in examples/node (links ../../pkg)"
(cd examples/node && npm install --no-audit --no-fund --prefer-offline --loglevel=error >/dev/null)
node -e "require.resolve('linkflow-sdk/package.json', { paths: ['examples/node'] })" \
  || { log "linkflow-sdk did not install into examples/node"; exit 1; }

mkdir -p target/test-logs
trap stop_devserver EXIT
start_devserver "$BIN" target/test-logs/devserver-examples.log --port 0 \
  --seed "$SEED" --seed-events-per-contact "$EVENTS_PER_CONTACT" || exit 1
log "devserver (pid $DEVSERVER_PID, --seed $SEED --seed-events-per-contact $EVENTS_PER_CONTACT) at $DEVSERVER_URL"

export LINKFLOW_BASE_URL="$DEVSERVER_URL" LINKFLOW_APP_KEY=demo-key LINKFLOW_APP_SECRET=demo-secret
node --test --test-concurrency=1 "$@" tests/examples/*.test.mjs
