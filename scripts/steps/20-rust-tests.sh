#!/usr/bin/env bash
# Unit, integration and doc tests of the workspace with default features, then
# the core crate with every optional feature (`defmt`, `httparse`). Not
# `--workspace --all-features`: that would also switch on the ffi crate's
# mutually exclusive bare-metal/link-test features and link defmt into its cdylib.
. "$(dirname "$0")/../lib/common.sh"

run cargo test --workspace
run cargo test -p authparse --all-features
finish
