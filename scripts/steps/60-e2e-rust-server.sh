#!/usr/bin/env bash
# End-to-end: the `server` example (a real HTTP/1.1 server on loopback that
# protects its routes with authparse) answers curl-like clients exactly as the
# FastAPI app would, in both profiles (tests/e2e/check_server.py); and its
# Digest routes, verified with authparse::digest, authenticate curl --digest,
# Python requests' HTTPDigestAuth and httpx.DigestAuth, with wrong passwords,
# expired nonces (stale=true) and nonces of another server's secret
# (tests/e2e/check_digest.py; a second server gives the foreign nonces; the
# strict server refuses a repeated Authorization line there too);
# and hostile framing (bad or huge Content-Length, Transfer-Encoding, huge
# heads, a silent or dripping client) gets its status, never a crash or a hang
# (tests/e2e/check_framing.py).
. "$(dirname "$0")/../lib/common.sh"

run cargo build --example server --features httparse,digest-verify || finish
bin="$ROOT/target/debug/examples/server"
for profile in fastapi strict; do
  port=$((18080 + RANDOM % 1000))
  flag=""; [ "$profile" = strict ] && flag="--strict"
  "$bin" $flag --digest-short-lifetime 2 --read-timeout 1 "127.0.0.1:$port" &
  pid=$!
  for _ in $(seq 50); do (echo > "/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
  run python3 tests/e2e/check_server.py "http://127.0.0.1:$port" $flag
  run python3 tests/e2e/check_framing.py "127.0.0.1:$port" --idle-timeout 1
  if [ "$profile" = fastapi ]; then
    other=$((19080 + RANDOM % 1000))
    "$bin" "127.0.0.1:$other" &
    other_pid=$!
    for _ in $(seq 50); do (echo > "/dev/tcp/127.0.0.1/$other") 2>/dev/null && break; sleep 0.1; done
    run python3 tests/e2e/check_digest.py "http://127.0.0.1:$port" --short-lifetime 2 \
      --foreign-nonce-from "http://127.0.0.1:$other" --offers /digest=SHA-256
    kill "$other_pid" 2>/dev/null; wait "$other_pid" 2>/dev/null
  else
    run python3 tests/e2e/check_digest.py "http://127.0.0.1:$port" --strict
  fi
  kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
done
finish
