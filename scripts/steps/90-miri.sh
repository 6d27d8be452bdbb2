#!/usr/bin/env bash
# The core crate's whole test suite under Miri (undefined behaviour,
# out-of-bounds, uninitialised reads, leaks): the unit tests, every
# integration test in tests/ and the doctests (README and SECURITY.md
# included), all features on. Tests scale their big inputs and proptest
# case counts down under cfg(miri) rather than being skipped. Miri itself is
# single-threaded, so the test targets run as separate processes,
# MIRI_JOBS (default 2) at a time.
#
# - Isolation is off: proptest reads the working directory and its
#   failure-persistence files and takes its seed from the OS, and
#   tests/multipart_corpus.rs reads python-multipart's corpus files.
# - PROPTEST_CASES: cases per property test whose block does not set its own
#   count (native default 256).
# - PROPTEST_RNG_ALGORITHM=xs: proptest's XorShift generator. Its default,
#   ChaCha20, re-seeds for every generated element, which under Miri costs
#   about 25 s per property test.
# - No -Zmiri-ignore-leaks: a leak fails the step.
# - The only test that does not run is the one marked
#   `cfg_attr(miri, ignore = …)`: tests/adversarial.rs's callgrind check,
#   which starts valgrind (Miri cannot spawn processes). It is listed below.
# Prints each target's test count and wall / CPU seconds, and the total.
. "$(dirname "$0")/../lib/common.sh"

export PROPTEST_CASES="${MIRI_PROPTEST_CASES:-8}"
export PROPTEST_RNG_ALGORITHM=xs
export MIRIFLAGS="${MIRIFLAGS:--Zmiri-disable-isolation -Zmiri-strict-provenance}"
MIRI_JOBS="${MIRI_JOBS:-2}"
t0=$(date +%s)
run cargo +"$NIGHTLY" miri setup || finish
# Build every test target once, so that the runs below do not compete for
# the build lock.
run cargo +"$NIGHTLY" miri test -p authparse --all-features --no-run || finish
printf 'built in %ss\n' "$(($(date +%s) - t0))"

logs="target/miri-logs"
rm -rf "$logs"
mkdir -p "$logs"
# The slowest first, so that the two queues finish together.
parts=(lib conformance multipart_corpus adversarial doc)
for f in tests/*.rs; do
  t=$(basename "$f" .rs)
  case " ${parts[*]} " in *" $t "*) ;; *) parts+=("$t") ;; esac
done

part() {
  local name="$1" args
  case "$name" in
    lib) args=(--lib) ;;
    doc) args=(--doc) ;;
    *) args=(--test "$name") ;;
  esac
  local rc=0
  local TIMEFORMAT='%R %U %S'
  { time cargo +"$NIGHTLY" miri test -p authparse --all-features "${args[@]}" \
      >"$logs/$name.log" 2>&1; } 2>"$logs/$name.time" || rc=$?
  echo "$rc" >"$logs/$name.rc"
}
for name in "${parts[@]}"; do
  while [ "$(jobs -rp | wc -l)" -ge "$MIRI_JOBS" ]; do wait -n; done
  part "$name" &
done
wait

total=0 ignored=0 cpu_total=0
printf '\n%-20s %7s %8s %8s %8s\n' target passed ignored wall_s cpu_s
for name in "${parts[@]}"; do
  log="$logs/$name.log"
  rc=$(cat "$logs/$name.rc" 2>/dev/null || echo 1)
  read -r real user sys <"$logs/$name.time" || true
  counts=$(grep -oE 'test result: [a-z]+\. [0-9]+ passed; [0-9]+ failed; [0-9]+ ignored' "$log" |
    awk '{ p += $4; i += $8 } END { print p + 0, i + 0 }')
  read -r passed ign <<<"$counts"
  cpu=$(awk -v u="${user:-0}" -v s="${sys:-0}" 'BEGIN { printf "%.0f", u + s }')
  printf '%-20s %7s %8s %8.0f %8s\n' "$name" "$passed" "$ign" "${real:-0}" "$cpu"
  total=$((total + passed)) ignored=$((ignored + ign)) cpu_total=$((cpu_total + cpu))
  if [ "$rc" -ne 0 ]; then
    grep -E '^(failures:|---- )|panicked|^error|Undefined Behavior|memory leak' "$log" | head -n 40
    printf '!! %s failed under Miri (exit %s); full log: %s\n' "$name" "$rc" "$log"
    _step_failures=$((_step_failures + 1))
  fi
done
grep -h -E '^test .* \.\.\. ignored' "$logs"/*.log | sed 's/^/not run under Miri: /'
printf '\nmiri (core): %d tests passed, %d ignored; %ss wall for the step, %ss CPU in the tests, %s jobs\n' \
  "$total" "$ignored" "$(($(date +%s) - t0))" "$cpu_total" "$MIRI_JOBS"
finish
