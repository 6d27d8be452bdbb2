#!/usr/bin/env bash
# The C ABI's unsafe code under Miri: ffi/src/tests/ calls every extern "C"
# function through raw pointers (NULL with length 0, short buffers, the
# cursor iterators whose state lives in caller memory, overlapping buffers),
# plus the crate's unit tests. That is the whole ffi test suite: the crate
# has no tests/ directory, and its doc examples are C (doctest = false;
# tests/c runs them under ASan and valgrind in step 50).
#
# Strict provenance: the iterators keep core iterator state inside
# C-visible storage, which must round-trip pointers intact. Isolation stays
# on (the tests read no files at run time: the cases are include_str!'d).
# No -Zmiri-ignore-leaks: a leak fails the step. Prints the wall time.
. "$(dirname "$0")/../lib/common.sh"

export MIRIFLAGS="${MIRIFLAGS:--Zmiri-strict-provenance}"
t0=$(date +%s)
run cargo +"$NIGHTLY" miri setup || finish
log="target/miri-logs/ffi.log"
mkdir -p "$(dirname "$log")"
printf '+ cargo +%s miri test -p authparse-ffi\n' "$NIGHTLY"
rc=0
cargo +"$NIGHTLY" miri test -p authparse-ffi >"$log" 2>&1 || rc=$?
grep -vE '^test .* \.\.\. ok$' "$log" | tail -n 80
if [ "$rc" -ne 0 ]; then
  printf '!! ffi tests failed under Miri (exit %s); full log: %s\n' "$rc" "$log"
  _step_failures=$((_step_failures + 1))
fi
n=$(grep -oE 'test result: [a-z]+\. [0-9]+ passed' "$log" | awk '{ s += $4 } END { print s + 0 }')
printf '\nmiri (ffi): %d tests passed in %ss\n' "$n" "$(($(date +%s) - t0))"
finish
