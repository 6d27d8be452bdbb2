# Helpers for scripts/steps/*.sh. Source it:
#   . "$(dirname "$0")/../lib/common.sh"
# It cds to the repository root, makes cargo/rustup reachable, and gives
#   run CMD...   print `+ CMD...`, run it, remember a failure, keep going
#   finish       exit 1 if any `run` failed (call at the end of the step)
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
export PATH="$HOME/.cargo/bin:$PATH"
NIGHTLY="${AUTHPARSE_NIGHTLY:-nightly}"
_step_failures=0

run() {
  printf '+ %s\n' "$*"
  local rc=0
  "$@" || rc=$?
  if [ "$rc" -ne 0 ]; then
    printf '!! failed (exit %s): %s\n' "$rc" "$*"
    _step_failures=$((_step_failures + 1))
    return "$rc"
  fi
}

finish() {
  if [ "$_step_failures" -ne 0 ]; then
    printf '!! %d command(s) failed in %s\n' "$_step_failures" "$(basename "$0")"
    exit 1
  fi
  exit 0
}
