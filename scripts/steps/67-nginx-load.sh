#!/usr/bin/env bash
# A bounded load run (about 55 s of wrk) of examples/nginx beside nginx's
# auth_basic, in one nginx with worker_processes 1 and access_log off
# (tests/e2e/nginx_load.conf.in), driven by tests/e2e/nginx_load.py: no
# auth; auth_basic {PLAIN} and $apr1$; authparse Basic with a {PLAIN} and
# an $apr1$ user file; bearer with a key file; an API-key cookie among 40
# cookies; Digest MD5 with a new nonce per request (each valid one takes a
# slot of the shared nonce-count table). Each run mixes valid, wrong and
# malformed credentials. Fails on
# an unexpected status, a socket error, a worker crash, or worker RSS
# growth of 1 MiB; prints requests/s, worker CPU per request and the cost
# ratio (BENCHMARKS.md, "nginx module under load").
# AUTHPARSE_LOAD_ROUNDS / _SECONDS / _CONNECTIONS change the run's size.
. "$(dirname "$0")/../lib/common.sh"
. "$ROOT/scripts/lib/servers.sh"

start_ms=$(date +%s%3N)
for tool in wrk nginx openssl; do
  command -v "$tool" >/dev/null 2>&1 || [ -x "/usr/sbin/$tool" ] ||
    { echo "!! $tool is missing (scripts/setup.sh installs it)"; exit 1; }
done

work="$(mktemp -d /tmp/authparse-nginx-load.XXXXXX)"
nginx_pid=""
cleanup() {
  [ -n "$nginx_pid" ] && stop_pid "$nginx_pid"
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

run make lib || finish
run build_nginx_module "$work" "$ROOT/target/release/libauthparse.a" || finish
module="$work/nginx-src/objs/ngx_http_authparse_module.so"

prefix="$work/nginx"
mkdir -p "$prefix/conf" "$prefix/logs" "$prefix/tmp"
run python3 tests/e2e/nginx_load.py write-files "$prefix/files" || finish
port="$(free_port)"
user_line=""; [ "$(id -u)" -eq 0 ] && user_line="user root;"
sed -e "s|@PREFIX@|$prefix|g" -e "s|@MODULE@|$module|" -e "s|@USER@|$user_line|" \
    -e "s|@PORT@|$port|" -e "s|@FILES@|$prefix/files|g" \
    tests/e2e/nginx_load.conf.in > "$prefix/conf/nginx.conf"
nginx_cmd=(/usr/sbin/nginx -p "$prefix" -c conf/nginx.conf -e "$prefix/logs/error.log")
run "${nginx_cmd[@]}" -t -q || finish
printf '+ %s &\n' "${nginx_cmd[*]}"
"${nginx_cmd[@]}" &
nginx_pid=$!
if run wait_port "$port" "$nginx_pid"; then
  run python3 tests/e2e/nginx_load.py run "http://127.0.0.1:$port" "$nginx_pid" tests/e2e/nginx_load.lua
fi
stop_pid "$nginx_pid"
nginx_pid=""
if grep -E 'exited on signal|core dumped|\[(alert|emerg|crit)\]' "$prefix/logs/error.log"; then
  printf '!! nginx logged a crash or an alert (above)\n'
  run false
fi

elapsed=$(( $(date +%s%3N) - start_ms ))
printf '67-nginx-load: %d.%d s\n' $((elapsed / 1000)) $(((elapsed % 1000) / 100))
finish
