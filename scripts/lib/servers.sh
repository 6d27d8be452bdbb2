# Helpers for steps that run servers on 127.0.0.1. Source it after common.sh:
#   free_port                    prints a free TCP port
#   wait_port PORT PID           waits up to 10 s for a listener while PID lives
#   stop_pid PID                 TERM, then KILL after 5 s; reaps it
#   build_nginx_module DIR LIB   builds DIR/nginx-src/objs/ngx_http_authparse_module.so
#       as the module's README says: a copy of /usr/share/nginx/src
#       (nginx-dev), Debian's --with-compat flags (conf_flags), linked with
#       the static libauthparse.a LIB
stop_pid() { # PID: TERM, then KILL after 5 s; reaps it
  local pid="$1" i
  kill -TERM "$pid" 2>/dev/null || return 0
  for i in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  return 0
}
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
wait_port() { # PORT PID: up to 10 s for a listener, while PID lives
  local i
  for i in $(seq 100); do
    (echo > "/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    kill -0 "$2" 2>/dev/null || { echo "!! server (pid $2) exited"; return 1; }
    sleep 0.1
  done
  echo "!! nothing listens on 127.0.0.1:$1 after 10 s"
  return 1
}
build_nginx_module() {
  local dir="$1" lib="$2"
  cp -a /usr/share/nginx/src "$dir/nginx-src" || return 1
  (
    cd "$dir/nginx-src" || exit 1
    # shellcheck disable=SC1091
    . ./conf_flags
    AUTHPARSE_LIB="$lib" AUTHPARSE_INCLUDE="$ROOT/include" \
      ./configure "${NGX_CONF_FLAGS[@]}" --add-dynamic-module="$ROOT/examples/nginx" \
      > configure.log 2>&1 || { tail -n 20 configure.log; exit 1; }
    make -f objs/Makefile modules > make.log 2>&1 || { tail -n 40 make.log; exit 1; }
  )
}
