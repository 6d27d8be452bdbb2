#!/usr/bin/env bash
# The C ABI's unsafe code under Miri: ffi/src/tests/abi.rs calls the extern "C"
# functions through raw pointers (NULL with length 0, short buffers, the
# cursor iterators whose state lives in caller memory) plus the crate's unit
# tests. Strict provenance: the iterators keep core iterator state inside
# C-visible storage, which must round-trip pointers intact.
. "$(dirname "$0")/../lib/common.sh"

export MIRIFLAGS="${MIRIFLAGS:--Zmiri-strict-provenance}"
run cargo +"$NIGHTLY" miri setup
run cargo +"$NIGHTLY" miri test -p authparse-ffi
finish
