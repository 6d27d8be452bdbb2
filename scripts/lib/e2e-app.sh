# The end-to-end check of an example app (examples/picoserve,
# examples/edge-http) for scripts/steps/*.sh, after lib/common.sh:
#   check_app BIN PORT_BASE [CHECK_MORE_ARGS...]
# starts BIN on 127.0.0.1 (a port from PORT_BASE to PORT_BASE + 999) in the
# FastAPI profile and then with --strict, and runs tests/e2e/check_server.py
# and tests/e2e/check_more.py (with CHECK_MORE_ARGS) against each (a failure
# counts through `run`).
check_app() {
  local bin="$1" base="$2" profile port flag pid
  shift 2
  for profile in fastapi strict; do
    port=$((base + RANDOM % 1000))
    flag=""; [ "$profile" = strict ] && flag="--strict"
    "$bin" $flag "127.0.0.1:$port" >/dev/null 2>&1 &
    pid=$!
    for _ in $(seq 50); do (echo > "/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
    run python3 tests/e2e/check_server.py "http://127.0.0.1:$port" $flag
    run python3 tests/e2e/check_more.py "http://127.0.0.1:$port" $flag "$@"
    kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
  done
}
