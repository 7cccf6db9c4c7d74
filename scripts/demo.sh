#!/usr/bin/env bash
# make demo: build pkg/, then serve the demo site (www/) and the package (/pkg/) with the
# stand-in server on http://127.0.0.1:8787 (seeded with 200 contacts) until Ctrl-C.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

bash scripts/setup.sh
export LINKFLOW_SETUP_DONE=1
bash scripts/build.sh

header "demo: building the stand-in server (release)"
cargo build --release -p linkflow-devserver --bin linkflow-devserver

PORT="${LINKFLOW_DEMO_PORT:-8787}"
header "demo: http://127.0.0.1:$PORT/"
cat <<EOM
    demo page:    http://127.0.0.1:$PORT/
    package:      http://127.0.0.1:$PORT/pkg/web/index.js
    try the API:  curl -H 'X-OpenApi-Key: demo-key' -H 'X-OpenApi-Secret: demo-secret' http://127.0.0.1:$PORT/token
    Ctrl-C stops the server.

EOM
exec target/release/linkflow-devserver --seed 200 --www www --pkg pkg --port "$PORT"
