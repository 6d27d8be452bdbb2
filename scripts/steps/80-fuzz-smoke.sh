#!/usr/bin/env bash
# Fuzz smoke test: builds every cargo-fuzz target in fuzz/ once, then runs
# each for FUZZ_SECONDS (default 12), FUZZ_JOBS (default 2) at a time,
# starting from the committed seeds (fuzz/seeds/<target>, made from the
# conformance cases by fuzz/make-seeds.py) plus whatever fuzz/corpus/<target>
# holds from earlier runs. A crash, a failed assertion, a leak or a timeout
# fails the step; the reproducer is in fuzz/artifacts/<target>/ and the log
# in fuzz/artifacts/<target>.smoke.log. Prints the step's wall time.
. "$(dirname "$0")/../lib/common.sh"

FUZZ_SECONDS="${FUZZ_SECONDS:-12}"
FUZZ_JOBS="${FUZZ_JOBS:-2}"
t0=$(date +%s)
run cargo +"$NIGHTLY" fuzz build || finish
bin_dir=fuzz/target/x86_64-unknown-linux-gnu/release
mapfile -t targets < <(cargo +"$NIGHTLY" fuzz list)
printf 'built %d targets in %ss\n' "${#targets[@]}" "$(($(date +%s) - t0))"

# One target: the binary cargo-fuzz built, with the arguments `cargo fuzz run`
# would pass. Runs in the background; its status goes to <log>.rc.
fuzz_one() {
  local t="$1" log="fuzz/artifacts/$1.smoke.log"
  mkdir -p "fuzz/corpus/$t" "fuzz/artifacts/$t"
  local seeds=()
  [ -d "fuzz/seeds/$t" ] && seeds=("fuzz/seeds/$t")
  local cmd=("$bin_dir/$t" -artifact_prefix="fuzz/artifacts/$t/" "fuzz/corpus/$t" "${seeds[@]}"
    -max_total_time="$FUZZ_SECONDS" -timeout=10 -rss_limit_mb=2048
    -dict=fuzz/dict/http-auth.dict -print_final_stats=1)
  printf '%s\n' "+ ${cmd[*]}" >"$log"
  local rc=0
  "${cmd[@]}" >>"$log" 2>&1 || rc=$?
  echo "$rc" >"$log.rc"
}

report() {
  local t="$1" log="fuzz/artifacts/$1.smoke.log"
  local rc
  rc=$(cat "$log.rc" 2>/dev/null || echo 1)
  printf '\n== %s (%ss)\n' "$t" "$FUZZ_SECONDS"
  # libFuzzer prints a line per new coverage; show the rest (start, stats, crashes).
  grep -vE '^#[0-9]+[[:space:]]+(NEW|REDUCE|pulse|RELOAD)' "$log" | tail -n 25
  if [ "$rc" -ne 0 ]; then
    printf '!! fuzz target %s failed (exit %s); full log: %s\n' "$t" "$rc" "$log"
    _step_failures=$((_step_failures + 1))
  else
    printf 'ok: %s ran %ss without findings (%s)\n' "$t" "$FUZZ_SECONDS" \
      "$(grep -m1 -oE 'stat::number_of_executed_units: [0-9]+' "$log" | sed 's/.*: /runs: /')"
  fi
}

i=0
while [ "$i" -lt "${#targets[@]}" ]; do
  batch=("${targets[@]:i:FUZZ_JOBS}")
  pids=()
  for t in "${batch[@]}"; do
    fuzz_one "$t" &
    pids+=($!)
  done
  wait "${pids[@]}"
  for t in "${batch[@]}"; do report "$t"; done
  i=$((i + FUZZ_JOBS))
done
printf '\nfuzz smoke: %d targets, %ss each, %d at a time: %ss in total (build included)\n' \
  "${#targets[@]}" "$FUZZ_SECONDS" "$FUZZ_JOBS" "$(($(date +%s) - t0))"
finish
