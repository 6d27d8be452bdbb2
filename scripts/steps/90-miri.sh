#!/usr/bin/env bash
# The core crate's unit tests under Miri (undefined behaviour, out-of-bounds,
# uninitialised reads). Integration tests (tests/, many proptest cases) are
# not run here; proptest blocks inside the lib are cut to a few cases.
# Isolation is off because proptest reads the working directory and its
# failure-persistence files (which also forwards PROPTEST_CASES).
. "$(dirname "$0")/../lib/common.sh"

export PROPTEST_CASES="${MIRI_PROPTEST_CASES:-8}"
export MIRIFLAGS="${MIRIFLAGS:--Zmiri-disable-isolation -Zmiri-strict-provenance}"
run cargo +"$NIGHTLY" miri setup
run cargo +"$NIGHTLY" miri test -p authparse --lib
finish
