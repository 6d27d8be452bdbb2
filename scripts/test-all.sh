#!/usr/bin/env bash
# Runs every test of the repository: installs what is missing (scripts/setup.sh),
# then each scripts/steps/NN-name.sh in lexical order. A failing step does not
# stop the run; a summary follows, ending with the line
#     steps: N passed, M failed
# and the exit status is non-zero if any step (or the setup) failed.
#
# Usage: scripts/test-all.sh [--no-setup] [PATTERN...]
#   PATTERN   run only steps whose file name contains one of them (e.g. 40 miri)
#   --no-setup / AUTHPARSE_SKIP_SETUP=1   do not run scripts/setup.sh
#   AUTHPARSE_STEP_TIMEOUT=SECONDS        per-step limit (default 1800)
set -uo pipefail
export LC_ALL=C

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$HOME/.cargo/bin:$PATH"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

skip_setup="${AUTHPARSE_SKIP_SETUP:-0}"
patterns=()
for arg in "$@"; do
  case "$arg" in
    --no-setup) skip_setup=1 ;;
    -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) patterns+=("$arg") ;;
  esac
done
step_timeout="${AUTHPARSE_STEP_TIMEOUT:-1800}"

current_pid=""
on_signal() {
  if [ -n "$current_pid" ]; then kill -TERM "$current_pid" 2>/dev/null; wait "$current_pid"; fi
  printf '\ninterrupted\n'
  exit 130
}
trap on_signal INT TERM

now_ms() { date +%s%3N; }
fmt_secs() { printf '%d.%d' $(($1 / 1000)) $((($1 % 1000) / 100)); }

names=() results=() times=()
passed=0 failed=0
record() { # name status(0=ok) elapsed_ms
  names+=("$1"); times+=("$3")
  if [ "$2" -eq 0 ]; then results+=("ok"); passed=$((passed + 1))
  else results+=("FAILED ($2)"); failed=$((failed + 1)); fi
}
banner() { printf '\n========== %s ==========\n' "$*"; }

run_timed() { # name cmd...
  local name="$1"; shift
  local t0 rc=0
  banner "$name"
  t0=$(now_ms)
  # `timeout` runs the step in its own process group (so a hung step is killed
  # whole); Ctrl-C therefore goes through the trap below.
  timeout -k 30 "$step_timeout" "$@" </dev/null &
  current_pid=$!
  wait "$current_pid" || rc=$?
  current_pid=""
  local ms=$(( $(now_ms) - t0 ))
  [ "$rc" -eq 124 ] && printf '!! %s timed out after %ss\n' "$name" "$step_timeout"
  printf -- '---------- %s: %s in %ss\n' "$name" "$([ "$rc" -eq 0 ] && echo ok || echo "FAILED (exit $rc)")" "$(fmt_secs "$ms")"
  record "$name" "$rc" "$ms"
}

t_start=$(now_ms)
if [ "$skip_setup" != 1 ]; then
  run_timed setup ./scripts/setup.sh
fi

shopt -s nullglob
steps=(scripts/steps/[0-9]*)
shopt -u nullglob
for step in "${steps[@]}"; do
  [ -f "$step" ] || continue
  name="$(basename "$step")"; name="${name%.*}"
  case "$name" in *~|*.bak|*.orig) continue ;; esac
  if [ "${#patterns[@]}" -gt 0 ]; then
    match=0
    for p in "${patterns[@]}"; do [[ "$name" == *"$p"* ]] && match=1; done
    [ "$match" = 1 ] || continue
  fi
  if [ -x "$step" ]; then
    run_timed "$name" "./$step"
  else
    run_timed "$name" bash "./$step"
  fi
done

total_ms=$(( $(now_ms) - t_start ))
printf '\n========== summary ==========\n'
printf '%-28s %-12s %9s\n' step result seconds
for i in "${!names[@]}"; do
  printf '%-28s %-12s %9s\n' "${names[$i]}" "${results[$i]}" "$(fmt_secs "${times[$i]}")"
done
printf '%-28s %-12s %9s\n' total "" "$(fmt_secs "$total_ms")"
printf 'steps: %d passed, %d failed\n' "$passed" "$failed"
[ "$failed" -eq 0 ]
