#!/usr/bin/env bash
# The core crate builds for bare-metal targets that have no `std` (and no
# allocator is configured anywhere: 40-embedded-qemu links whole firmware
# without one, which is the end-to-end proof that nothing needs `alloc`).
. "$(dirname "$0")/../lib/common.sh"

for target in thumbv7em-none-eabihf thumbv6m-none-eabi riscv32imc-unknown-none-elf; do
  run cargo build -p authparse --lib --target "$target" --release
done
# Optional features must stay no_std as well.
run cargo build -p authparse --lib --target thumbv6m-none-eabi --release --all-features

finish
