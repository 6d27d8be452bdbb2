#!/usr/bin/env bash
# Unit, integration and doc tests of the workspace, with default features and
# with every optional feature (`defmt`, `httparse`).
. "$(dirname "$0")/../lib/common.sh"

run cargo test --workspace
run cargo test --workspace --all-features
finish
