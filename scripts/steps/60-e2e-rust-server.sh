#!/usr/bin/env bash
# End-to-end: the `server` example (a real HTTP/1.1 server on loopback that
# protects its routes with authparse) answers curl-like clients exactly as the
# FastAPI app would, in both profiles (tests/e2e/check_server.py).
. "$(dirname "$0")/../lib/common.sh"

run cargo build --example server --features httparse || finish
bin="$ROOT/target/debug/examples/server"
for profile in fastapi strict; do
  port=$((18080 + RANDOM % 1000))
  flag=""; [ "$profile" = strict ] && flag="--strict"
  "$bin" $flag "127.0.0.1:$port" &
  pid=$!
  for _ in $(seq 50); do (echo > "/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
  run python3 tests/e2e/check_server.py "http://127.0.0.1:$port" $flag
  kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
done
finish
