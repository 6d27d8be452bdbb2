#!/usr/bin/env bash
# The core crate builds for bare-metal targets that have no `std`: Cortex-M0
# (thumbv6m), M3 (thumbv7m), M4F (thumbv7em) and RV32IMC, without features
# and with each optional feature alone (one cargo invocation per feature set,
# all four targets at once, dev profile: the optimised builds are in steps
# 40 and 42, which link whole firmware without an allocator, the
# end-to-end proof that nothing needs `alloc`).
. "$(dirname "$0")/../lib/common.sh"
t0=$(date +%s)

TARGETS=(--target thumbv6m-none-eabi --target thumbv7m-none-eabi
         --target thumbv7em-none-eabihf --target riscv32imc-unknown-none-elf)
FEATURES=$(sed -n '/^\[features\]/,/^\[/p' Cargo.toml | sed -n 's/^\([a-z][a-z0-9_-]*\) = .*/\1/p' | grep -v '^default$')
run cargo build -p authparse --lib "${TARGETS[@]}" --target-dir target/no-std
for feature in $FEATURES; do
  run cargo build -p authparse --lib "${TARGETS[@]}" --target-dir target/no-std --features "$feature"
done
printf 'no-std builds (features: none %s): %ss\n' "$(echo $FEATURES)" "$(($(date +%s) - t0))"
finish
