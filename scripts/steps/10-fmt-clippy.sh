#!/usr/bin/env bash
# Formatting and lints: the workspace, the firmware and the fuzz package
# (separate workspaces, checked by manifest path). Clippy denies warnings; the
# core crate additionally denies panicking constructs through src/lib.rs.
# First the layer check: imports in src/ only point down the layers
# (base < codec < model < schemes < openapi); its self-test plants upward
# imports in a temporary copy of src/ and fails if they are not caught.
. "$(dirname "$0")/../lib/common.sh"

run python3 scripts/check-layers.py --self-test
run python3 scripts/check-layers.py

run cargo fmt --all -- --check
for manifest in examples/embedded/*/Cargo.toml fuzz/Cargo.toml; do
  [ -f "$manifest" ] && run cargo fmt --manifest-path "$manifest" -- --check
done
run cargo clippy --workspace --all-targets -- -D warnings
# The core's optional features (ffi features are exclusive: not --workspace here).
run cargo clippy -p authparse --all-targets --all-features -- -D warnings
finish
