#!/usr/bin/env bash
# The core crate's whole test suite under Miri (undefined behaviour,
# out-of-bounds, uninitialised reads, leaks): unit tests, every integration
# test in tests/ and the doctests (README included). Nothing is skipped;
# tests scale their big inputs and proptest case counts down under
# cfg(miri) (see tests/properties.rs), and the unit/integration tests and the
# doctests run as two processes at once (Miri itself is single-threaded).
#
# - Isolation is off because proptest reads the working directory and its
#   failure-persistence files, and takes its seed from the OS. No test
#   spawns a process or needs the network.
# - PROPTEST_CASES: cases per property test (native default 256).
# - PROPTEST_RNG_ALGORITHM=xs: proptest's XorShift generator. Its default,
#   ChaCha20, re-seeds for every generated element, which under Miri costs
#   about 25 s per property test.
# - No -Zmiri-ignore-leaks: a leak fails the step.
# Prints the wall time of the step and the number of tests run.
. "$(dirname "$0")/../lib/common.sh"

export PROPTEST_CASES="${MIRI_PROPTEST_CASES:-16}"
export PROPTEST_RNG_ALGORITHM=xs
export MIRIFLAGS="${MIRIFLAGS:--Zmiri-disable-isolation -Zmiri-strict-provenance}"
t0=$(date +%s)
run cargo +"$NIGHTLY" miri setup || finish
# Build every test target once, so that the two runs below do not compete
# for the build lock.
run cargo +"$NIGHTLY" miri test -p authparse --all-features --no-run || finish
printf 'built in %ss\n' "$(($(date +%s) - t0))"

logs="target/miri-logs"
mkdir -p "$logs"
part() { # name, then the cargo miri test arguments
  local name="$1"
  shift
  local rc=0
  cargo +"$NIGHTLY" miri test -p authparse --all-features "$@" >"$logs/$name.log" 2>&1 || rc=$?
  echo "$rc" >"$logs/$name.rc"
}
part unit-and-integration --lib --tests &
p1=$!
part doctests --doc &
p2=$!
wait "$p1" "$p2"

total=0
for name in unit-and-integration doctests; do
  rc=$(cat "$logs/$name.rc")
  printf '\n== %s\n' "$name"
  grep -E '^(     Running|   Doc-tests|test result:|failures:|---- )|panicked|error:|Undefined Behavior|memory leak' \
    "$logs/$name.log" | tail -n 60
  n=$(grep -oE 'test result: [a-z]+\. [0-9]+ passed' "$logs/$name.log" | awk '{ s += $4 } END { print s + 0 }')
  total=$((total + ${n:-0}))
  if [ "$rc" -ne 0 ]; then
    printf '!! %s failed under Miri (exit %s); full log: %s\n' "$name" "$rc" "$logs/$name.log"
    _step_failures=$((_step_failures + 1))
  fi
done
printf '\nmiri (core): %d tests passed in %ss (unit + integration and doctests in parallel)\n' \
  "$total" "$(($(date +%s) - t0))"
finish
