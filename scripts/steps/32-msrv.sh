#!/usr/bin/env bash
# The core crate builds with its MSRV, the `rust-version` of Cargo.toml
# (scripts/setup.sh installs that toolchain and its bare-metal targets),
# against the committed Cargo.lock (`--locked`): on the host without
# features, with each optional feature alone and with all of them, and for
# the bare-metal targets of step 30 without features and with all of them.
# Only the core's library: the tests, examples, benches and the ffi crate
# build with stable, where clippy's `incompatible_msrv` lint (step 10)
# refuses standard-library APIs newer than each crate's `rust-version`.
. "$(dirname "$0")/../lib/common.sh"
t0=$(date +%s)

MSRV=$(sed -n 's/^rust-version = "\(.*\)"/\1/p' Cargo.toml | head -1)
if [ -z "$MSRV" ]; then
  printf '!! no rust-version in Cargo.toml\n'
  exit 1
fi
MSRV_BUILD=(cargo +"$MSRV" build -p authparse --lib --locked --target-dir target/msrv)
TARGETS=(--target thumbv6m-none-eabi --target thumbv7m-none-eabi
         --target thumbv7em-none-eabihf --target riscv32imc-unknown-none-elf)
FEATURES=$(sed -n '/^\[features\]/,/^\[/p' Cargo.toml | sed -n 's/^\([a-z][a-z0-9_-]*\) = .*/\1/p' | grep -v '^default$')

run rustc +"$MSRV" --version || finish
run "${MSRV_BUILD[@]}"
for feature in $FEATURES; do
  run "${MSRV_BUILD[@]}" --features "$feature"
done
run "${MSRV_BUILD[@]}" --all-features
run "${MSRV_BUILD[@]}" "${TARGETS[@]}"
run "${MSRV_BUILD[@]}" "${TARGETS[@]}" --all-features
printf 'MSRV %s builds (host: none, %s, all; bare metal: none, all): %ss\n' \
  "$MSRV" "$(echo $FEATURES)" "$(($(date +%s) - t0))"
finish
