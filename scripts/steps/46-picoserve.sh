#!/usr/bin/env bash
# picoserve 0.20 integration (examples/picoserve, its own workspace): clippy
# on the extractors and the example app, the crate's doc example, the app built for
# thumbv7em-none-eabihf with picoserve's embassy feature (no_std, no
# allocator in the binary), and the app on the host with tokio, started on
# 127.0.0.1 and checked by tests/e2e/check_server.py in both profiles (and
# by tests/e2e/check_more.py for the extractors it does not reach).
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/e2e-app.sh"
t0=$(date +%s)

PS=(--manifest-path examples/picoserve/Cargo.toml --target-dir "$ROOT/target/picoserve")
run cargo clippy "${PS[@]}" --example app --features tokio -- -D warnings
run cargo test "${PS[@]}" --doc --features tokio   # the crate docs' (and the README's) usage example
run cargo build "${PS[@]}" --example app --features embassy --target thumbv7em-none-eabihf --release &&
  run arm-none-eabi-size target/picoserve/thumbv7em-none-eabihf/release/examples/app
if run cargo build "${PS[@]}" --example app --features tokio; then
  # picoserve answers a head past its buffer itself: 400, not 431 (README).
  check_app "$ROOT/target/picoserve/debug/examples/app" 19080 --oversized-head 400
fi
printf 'picoserve step: %ss\n' "$(($(date +%s) - t0))"
finish
