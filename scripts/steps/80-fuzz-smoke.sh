#!/usr/bin/env bash
# Fuzz smoke test: every cargo-fuzz target in fuzz/ runs for FUZZ_SECONDS
# (default 20) seconds, starting from the committed seeds plus whatever
# fuzz/corpus/<target> holds from earlier runs. A crash or assertion fails
# the step; the reproducer is in fuzz/artifacts/<target>/.
. "$(dirname "$0")/../lib/common.sh"

FUZZ_SECONDS="${FUZZ_SECONDS:-20}"
run cargo +"$NIGHTLY" fuzz build || finish

mapfile -t targets < <(cargo +"$NIGHTLY" fuzz list)
for t in "${targets[@]}"; do
  mkdir -p "fuzz/corpus/$t"
  seeds=()
  [ -d "fuzz/seeds/$t" ] && seeds=("fuzz/seeds/$t")
  printf '\n== %s (%ss)\n' "$t" "$FUZZ_SECONDS"
  log="fuzz/artifacts/$t.smoke.log"
  mkdir -p fuzz/artifacts
  cmd=(cargo +"$NIGHTLY" fuzz run "$t" "fuzz/corpus/$t" "${seeds[@]}" --
    -max_total_time="$FUZZ_SECONDS" -timeout=10 -rss_limit_mb=2048
    -dict=fuzz/dict/http-auth.dict -print_final_stats=1)
  printf '+ %s\n' "${cmd[*]}"
  rc=0
  "${cmd[@]}" >"$log" 2>&1 || rc=$?
  # libFuzzer prints a line per new coverage; show the rest (start, stats, crashes).
  grep -vE '^#[0-9]+[[:space:]]+(NEW|REDUCE|pulse)' "$log" | tail -n 60
  if [ "$rc" -ne 0 ]; then
    printf '!! fuzz target %s failed (exit %s); full log: %s\n' "$t" "$rc" "$log"
    _step_failures=$((_step_failures + 1))
  else
    printf 'ok: %s ran %ss without findings\n' "$t" "$FUZZ_SECONDS"
  fi
done
finish
