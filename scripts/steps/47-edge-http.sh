#!/usr/bin/env bash
# edge-http 0.8 integration (examples/edge-http, its own workspace): format
# and clippy on the adapter and the example app (host and firmware), the
# crate's tests and doc example, the app built for thumbv7em-none-eabihf
# (no_std, no allocator in the binary) and run in QEMU (mps2-an386) on canned
# requests, and the app on the host with edge-nal-std, started on 127.0.0.1
# and checked by tests/e2e/check_server.py and tests/e2e/check_more.py in
# both profiles (check_more.py with --bad-content-length: the adapter's
# refusal of a Content-Length edge-http would panic on).
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/e2e-app.sh"
t0=$(date +%s)

EH=(--manifest-path examples/edge-http/Cargo.toml --target-dir "$ROOT/target/edge-http")
FW=(--example app --features firmware --target thumbv7em-none-eabihf --release)
run cargo fmt --manifest-path examples/edge-http/Cargo.toml -- --check
run cargo clippy "${EH[@]}" --example app --features std -- -D warnings
run cargo clippy "${EH[@]}" "${FW[@]}" -- -D warnings
run cargo test "${EH[@]}" --lib
run cargo test "${EH[@]}" --doc   # the crate docs' (and the README's) usage example
if run cargo build "${EH[@]}" "${FW[@]}"; then
  elf=target/edge-http/thumbv7em-none-eabihf/release/examples/app
  run arm-none-eabi-size "$elf"
  printf '+ timeout 30 qemu-system-arm -machine mps2-an386 -cpu cortex-m4 -kernel %s\n' "$elf"
  out="$(timeout 30 qemu-system-arm -machine mps2-an386 -cpu cortex-m4 -nographic \
    -semihosting-config enable=on,target=native -kernel "$elf" </dev/null 2>&1)"
  rc=$?
  printf '%s\n' "$out" | sed 's/^/    | /'
  if [ "$rc" -ne 0 ] || ! grep -q '^PASS: ' <<<"$out"; then
    printf '!! firmware: exit status %s, or no PASS line\n' "$rc"
    _step_failures=$((_step_failures + 1))
  fi
fi
if run cargo build "${EH[@]}" --example app --features std; then
  check_app "$ROOT/target/edge-http/debug/examples/app" 20080 --bad-content-length
fi
printf 'edge-http step: %ss\n' "$(($(date +%s) - t0))"
finish
