#!/usr/bin/env bash
# End-to-end through the C API, in real C servers on 127.0.0.1, checked by
# tests/e2e/check_server.py in both profiles:
#   1. nginx (Debian's binary) with the dynamic module examples/nginx, built
#      against a copy of /usr/share/nginx/src (nginx-dev) with Debian's
#      --with-compat flags and linked with the static libauthparse.a; one
#      nginx runs a FastAPI-profile and a strict-profile server (two ports)
#      for check_server.py, and the server of tests/e2e/nginx_checks.conf.in
#      for check_nginx.py (injection, verification, classes, chains, satisfy,
#      error_page, auth_request, bad input) in both profiles, and a search of
#      the worker's memory for decoded secrets. Then: `nginx -t` names the bad
#      line of a credentials file, a reload reads a changed key file, and
#      examples/nginx/nginx.conf.example passes `nginx -t` without a warning;
#      `nginx -t` warns about an API-key header name nginx drops (x_api_key).
#   2. examples/microhttpd/server.c (libmicrohttpd), all four routes, started
#      once per profile.
# nginx core itself refuses a repeated `Authorization` line with its own 400
# before any module runs, so on nginx the two checks that send one
# ("basic: first of two headers", "basic: duplicate header") are expected to
# fail and are reported as such; every other check must pass.
# All processes started here are stopped on exit, also on failure.
. "$(dirname "$0")/../lib/common.sh"
. "$ROOT/scripts/lib/servers.sh"

start_ms=$(date +%s%3N)

# Debian packages: the servers, and what nginx's configure needs for
# /usr/share/nginx/src/conf_flags (PCRE2 JIT, OpenSSL, zlib).
missing=()
for pkg in nginx nginx-dev libmicrohttpd-dev libpcre2-dev zlib1g-dev libssl-dev gcc make python3 curl openssl; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
  printf '+ apt-get install %s\n' "${missing[*]}"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends "${missing[@]}" ||
    printf '!! could not install %s\n' "${missing[*]}"
fi

work="$(mktemp -d /tmp/authparse-e2e-c.XXXXXX)"
pids=()
cleanup() {
  local pid
  for pid in "${pids[@]}"; do stop_pid "$pid"; done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM


# The checker, tolerating only the named failures (nginx core's own 400 for a
# repeated Authorization line).
fail() { printf '!! %s\n' "$*"; run false; }

run make lib || finish
lib="$ROOT/target/release/libauthparse.a"

# ---------------------------------------------------------------- nginx
echo "== nginx + examples/nginx (ngx_http_authparse_module)"
module="$work/nginx-src/objs/ngx_http_authparse_module.so"

# Over HTTP/2 (h2c): headers, split cookie fields and the form body reach the module.
check_http2() { # BASE_URL
  local rc=0
  expect_h2() { # WANT CURL-ARGS...: WANT is "BODY VERSION STATUS"
    local want="$1" got
    shift
    got="$(curl -s --http2-prior-knowledge -w ' %{http_version} %{http_code}' "$@")"
    [ "$got" = "$want" ] || { echo "!! HTTP/2: curl $*: '$got', not '$want'"; rc=1; }
  }
  expect_h2 '{"user":"john"} 2 200' -u john:secret "$1/v/basic"
  expect_h2 '{"detail":"Not authenticated"} 2 401' "$1/v/basic"
  expect_h2 '{"api_key":"xyz"} 2 200' -H 'cookie: a=1' -H 'cookie: session=xyz' "$1/c/api_key_cookie"
  expect_h2 '{"username":"u","scopes":"a"} 2 200' -d 'username=u&password=p&scope=a' "$1/c/form"
  [ "$rc" = 0 ] && echo "HTTP/2: 4 requests answered as over HTTP/1.1"
  return "$rc"
}

# A key added to the key file works after `nginx -s reload`, not before.
check_reload() { # URL
  local url="$1" code i
  code="$(curl -s -o /dev/null -w '%{http_code}' -H 'Authorization: Bearer key-added' "$url")"
  [ "$code" = 401 ] || { echo "!! key-added answered $code before the reload"; return 1; }
  printf '\nkey-added\n' >> "$files/keys"
  "${nginx_cmd[@]}" -s reload || return 1
  for i in $(seq 50); do
    code="$(curl -s -o /dev/null -w '%{http_code}' -H 'Authorization: Bearer key-added' "$url")"
    [ "$code" = 200 ] && { echo "reload: key-added accepted after $((i / 10)).$((i % 10)) s"; return 0; }
    sleep 0.1
  done
  echo "!! key-added still answered $code 5 s after the reload"
  return 1
}

# The README's complete nginx.conf is nginx.conf.example (without its
# three comment lines), passes `nginx -t` (our module, paths moved under $work),
# and forwards no raw credential header (check_nginx.py example).
check_example_conf() {
  local dir="$work/example"
  python3 -c 'import sys; conf = open(sys.argv[1]).read().split("\n", 3)[3]
readme = open(sys.argv[2]).read(); section = readme[readme.index("## A complete nginx.conf"):]
sys.exit(0 if section.split("```nginx\n", 1)[1].startswith(conf + "```") else
         "!! examples/nginx/README.md does not show nginx.conf.example as it is")' \
    examples/nginx/nginx.conf.example examples/nginx/README.md || return 1
  mkdir -p "$dir/conf" "$dir/logs"
  sed -e "s|/usr/lib/nginx/modules/ngx_http_authparse_module.so|$module|" \
      -e "s|/var/log/nginx|$dir/logs|g" -e "s|/run/nginx.pid|$dir/logs/nginx.pid|" \
      -e "s|/etc/nginx/authparse|$files|g" -e "s|listen 80;|listen 127.0.0.1:1;|" \
      examples/nginx/nginx.conf.example > "$dir/conf/nginx.conf"
  local t_out
  t_out="$(/usr/sbin/nginx -t -q -p "$dir" -c conf/nginx.conf -e "$dir/logs/error.log" 2>&1)" ||
    { echo "$t_out"; return 1; }
  if echo "$t_out" | grep -F '[warn]'; then
    echo "!! nginx -t warns about nginx.conf.example (above)"; return 1
  fi
  # Then served, in front of check_nginx.py's echo upstream: no raw credential
  # header with control bytes reaches it.
  local port upstream rc=0 pid
  port="$(free_port)"; upstream="$(free_port)"
  sed -i -e "s|listen 127.0.0.1:1;|listen 127.0.0.1:$port;|" -e "s|server 127.0.0.1:8000;|server 127.0.0.1:$upstream;|" \
      -e "s|^user www-data;|$user_line|" -e "s|^worker_processes auto;|worker_processes 1;|" "$dir/conf/nginx.conf"
  /usr/sbin/nginx -p "$dir" -c conf/nginx.conf -e "$dir/logs/error.log" -g 'daemon off;' &
  pid=$!
  pids+=("$pid")
  wait_port "$port" "$pid" && python3 tests/e2e/check_nginx.py example "http://127.0.0.1:$port" "$upstream" || rc=1
  stop_pid "$pid"
  return "$rc"
}

# `nginx -t` refuses a credentials file with a bad line and names it, and
# refuses directives that cannot work.
check_bad_files() {
  local dir="$work/bad" out rc=0 directives expected
  mkdir -p "$dir/conf" "$dir/logs"
  printf '# comment\n\nbadline\n' > "$dir/users"
  printf 'key\n{SHA256}abc\n' > "$dir/keys"
  printf 'alice:realm:0123456789abcdef0123456789abcdef\nbob:realm:not-hex\n' > "$dir/digest"
  # A tab in a field compared with credentials (never matched: the module
  # refuses credentials holding one); a comment may hold one (line 1).
  printf 'alice:{PLAIN}pw:a\tcomment\nbob:{PLAIN}p\tw\n' > "$dir/users-tab"
  printf 'k1\nk\t2\n' > "$dir/keys-tab"
  printf 'al\tice:realm:0123456789abcdef0123456789abcdef\n' > "$dir/digest-tab"
  local http_level
  while IFS='|' read -r directives expected; do
    http_level=""   # a case "http:DIRECTIVES" puts them in the http block
    case "$directives" in http:*) http_level="${directives#http:}"; directives="" ;; esac
    cat > "$dir/conf/nginx.conf" <<CONF
load_module $module;
error_log $dir/logs/error.log;
pid $dir/logs/nginx.pid;
events {}
http { $http_level server { listen 127.0.0.1:1; location / { $directives } } }
CONF
    out="$(/usr/sbin/nginx -t -p "$dir" -c conf/nginx.conf -e "$dir/logs/error.log" 2>&1)" && {
      echo "!! nginx -t accepted: $directives"; rc=1; continue; }
    echo "$out" | grep -m1 emerg
    echo "$out" | grep -qF "$expected" || { echo "!! no \"$expected\" in: $out"; rc=1; }
  done <<CASES
authparse_basic; authparse_user_file $dir/users;|"$dir/users", line 3: no ":" after the user name
authparse_bearer; authparse_key_file $dir/keys;|"$dir/keys", line 2: {SHA256} needs 64 hex digits
authparse_basic; authparse_user_file $dir/users-tab;|"$dir/users-tab", line 2: a tab in the password
authparse_bearer; authparse_key_file $dir/keys-tab;|"$dir/keys-tab", line 2: a tab in the key
authparse_basic; authparse_password_form;|cannot be combined
authparse_password_form optional;|cannot be optional
authparse_api_key_query optional;|needs one NAME
authparse_off; authparse_bearer;|cannot follow authparse_off
authparse_basic; authparse_user_file $dir/missing;|open() "$dir/missing" failed
authparse_digest realm; authparse_digest_user_file $dir/digest;|"$dir/digest", line 2: HA1 needs 32 hex digits
authparse_digest realm; authparse_digest_user_file $dir/digest-tab;|"$dir/digest-tab", line 1: a tab in the user name
authparse_digest realm;|authparse_digest needs authparse_digest_user_file
authparse_digest;|invalid number of arguments in "authparse_digest"
authparse_digest_secret short;|needs at least 16 bytes
authparse_basic "a\r\nX-Evil: 1";|holds a control byte
authparse_api_key_header "X-Key\n";|holds a control byte
authparse_digest "a\r\nb";|holds a control byte
http:authparse_digest_nonce_slots 0;|invalid authparse_digest_nonce_slots "0" (1 to 65536)
http:authparse_digest_nonce_slots 65537;|invalid authparse_digest_nonce_slots "65537"
http:authparse_digest_nonce_slots 1k;|invalid authparse_digest_nonce_slots "1k"
http:authparse_digest_nonce_slots 8; authparse_digest_nonce_slots 8;|"authparse_digest_nonce_slots" directive is duplicate
authparse_digest_nonce_slots 1024;|"authparse_digest_nonce_slots" directive is not allowed here
CASES
  return "$rc"
}
# The main context of a test nginx.conf in DIR (five lines): the module, the
# user, the logs and an events block.
nginx_conf_head() { # DIR
  printf 'load_module %s;\n%s\nerror_log %s/logs/error.log;\npid %s/logs/nginx.pid;\nevents {}\n' \
    "$module" "$user_line" "$1" "$1"
}
# A table of one nonce count (authparse_digest_nonce_slots 1): the nonce a
# second one pushed out is stale, never replayable (check_digest.py --one-slot).
# Its one worker also times refusals (digest_timing.py --check).
check_one_slot() {
  local dir="$work/one-slot" port pid rc=0
  port="$(free_port)"
  mkdir -p "$dir/conf" "$dir/logs"
  { nginx_conf_head "$dir"; cat <<CONF
http {
    access_log off;
    authparse_digest_nonce_slots 1;
    server {
        listen 127.0.0.1:$port;
        location = /digest {
            authparse_digest authparse-digest;
            authparse_digest_user_file $files/digest;
            authparse_respond '{"username":\$authparse_user_json}';
        }
    }
}
CONF
  } > "$dir/conf/nginx.conf"
  /usr/sbin/nginx -p "$dir" -c conf/nginx.conf -e "$dir/logs/error.log" -g 'daemon off;' &
  pid=$!
  pids+=("$pid")
  wait_port "$port" "$pid" && python3 tests/e2e/check_digest.py "http://127.0.0.1:$port" --one-slot || rc=1
  # An unknown user costs the verification a known user's wrong response
  # costs: the target (6000 bytes, hashed by it) makes that most of the work.
  python3 tests/e2e/digest_timing.py "http://127.0.0.1:$port" "/digest?$(printf '%06000d' 0)" "$pid" 20 200 \
    --check || rc=1
  stop_pid "$pid"
  return "$rc"
}
# authparse_api_key_header x_api_key: nginx drops a header name with "_"
# unless underscores_in_headers is on. `nginx -t` warns for the servers that
# drop it (set in a location, or inherited from http) and only for them; with
# it on, the header is accepted; without, the request gets 401.
# A realm's non-ASCII characters go out as FastAPI sends them: Latin-1 in the
# FastAPI profile (a realm past U+00FF is refused by `nginx -t`), UTF-8 in
# the strict one.
check_realm_encoding() {
  local dir="$work/realm-encoding" port pid rc=0 out got
  port="$(free_port)"
  mkdir -p "$dir/conf" "$dir/logs"
  write_conf() { # LOCATIONS
    { nginx_conf_head "$dir"; cat <<CONF
http {
    access_log off;
    server {
        listen 127.0.0.1:$port;
$1
    }
}
CONF
    } > "$dir/conf/nginx.conf"
  }
  write_conf '        location /tokyo { authparse_basic "東京"; }'
  if out="$(/usr/sbin/nginx -t -p "$dir" -c conf/nginx.conf -e "$dir/logs/error.log" 2>&1)"; then
    echo "!! nginx -t accepted a FastAPI-profile realm past Latin-1"; rc=1
  elif ! grep -qF 'HTTPBasic in '"$dir"'/conf/nginx.conf:10 cannot send its challenge' <<<"$out"; then
    echo "!! nginx -t: $out"; rc=1
  fi
  write_conf '        location /cafe { authparse_basic "café"; }
        location /tokyo { authparse_profile strict; authparse_basic "東京"; }'
  /usr/sbin/nginx -p "$dir" -c conf/nginx.conf -e "$dir/logs/error.log" -g 'daemon off;' 2>/dev/null &
  pid=$!
  pids+=("$pid")
  if wait_port "$port" "$pid"; then
    # realm="caf\xE9"\r\n, in hex
    got="$(curl -s -D - -o /dev/null "http://127.0.0.1:$port/cafe" | grep -ai '^www-authenticate' | od -An -tx1 | tr -d ' \n')"
    case "$got" in
      *7265616c6d3d22636166e9220d0a) ;;
      *) echo "!! /cafe: WWW-Authenticate bytes $got, not Latin-1 realm=\"caf\\xE9\""; rc=1 ;;
    esac
    got="$(curl -s -D - -o /dev/null "http://127.0.0.1:$port/tokyo" | grep -ai '^www-authenticate' | tr -d '\r')"
    [ "$got" = 'WWW-Authenticate: Basic realm="東京", charset="UTF-8"' ] ||
      { echo "!! /tokyo (strict): '$got'"; rc=1; }
    [ "$rc" = 0 ] && echo "realms: café as Latin-1 (FastAPI), 東京 refused by nginx -t (FastAPI), sent as UTF-8 (strict)"
  else
    rc=1
  fi
  stop_pid "$pid"
  return "$rc"
}

check_header_names() {
  local dir="$work/header-names" port_on port_off pid rc=0 out got want
  port_on="$(free_port)"; port_off="$(free_port)"
  mkdir -p "$dir/conf" "$dir/logs"
  { nginx_conf_head "$dir"; cat <<CONF
http {
    access_log off;
    authparse_key_file $files/keys;
    authparse_api_key_header X_Inherited;
    server {
        listen 127.0.0.1:$port_on;
        underscores_in_headers on;
        location / {
            authparse_api_key_header x_api_key;
            authparse_respond '{"api_key":\$authparse_api_key_json}';
        }
        location /inherited { }
    }
    server {
        listen 127.0.0.1:$port_off;
        location / {
            authparse_api_key_header x_api_key;
            authparse_respond '{"api_key":\$authparse_api_key_json}';
        }
        location /dotted { authparse_api_key_header X.Key; }
        location /dashed { authparse_api_key_header X-Key; }
        location /inherited { }
    }
}
CONF
  } > "$dir/conf/nginx.conf"
  out="$(/usr/sbin/nginx -t -p "$dir" -c conf/nginx.conf -e "$dir/logs/error.log" 2>&1)" ||
    { echo "!! nginx -t failed: $out"; return 1; }
  got="$(echo "$out" | grep -F '[warn]' | grep -F authparse_api_key_header | sed 's/^nginx: \[warn\] //')"
  want="authparse_api_key_header \"X_Inherited\" can never match: nginx drops request headers whose name holds \"_\"; set \"underscores_in_headers on;\" in this server (and in the default server of its listen address) in $dir/conf/nginx.conf:9
authparse_api_key_header \"x_api_key\" can never match: nginx drops request headers whose name holds \"_\"; set \"underscores_in_headers on;\" in this server (and in the default server of its listen address) in $dir/conf/nginx.conf:22
authparse_api_key_header \"X.Key\" can never match: nginx drops request headers whose name holds \".\"; set \"ignore_invalid_headers off;\" in this server (and in the default server of its listen address) in $dir/conf/nginx.conf:25"
  if [ "$got" = "$want" ]; then
    echo "nginx -t: 3 warnings, for the server without underscores_in_headers only"
  else
    printf '!! nginx -t warnings:\n%s\n!! expected:\n%s\n' "$got" "$want"; rc=1
  fi
  /usr/sbin/nginx -p "$dir" -c conf/nginx.conf -e "$dir/logs/error.log" -g 'daemon off;' 2>/dev/null &
  pid=$!
  pids+=("$pid")
  if wait_port "$port_off" "$pid"; then
    expect_key() { # WANT URL HEADER
      got="$(curl -s -w ' %{http_code}' -H "$3" "$2")"
      [ "$got" = "$1" ] || { echo "!! curl -H '$3' $2: '$got', not '$1'"; rc=1; }
    }
    expect_key '{"api_key":"key-plain-1"} 200' "http://127.0.0.1:$port_on/" 'x_api_key: key-plain-1'
    expect_key '{"api_key":"key-plain-1"} 200' "http://127.0.0.1:$port_on/" 'X_API_KEY: key-plain-1'
    expect_key '{"detail":"Not authenticated"} 401' "http://127.0.0.1:$port_on/" 'x-api-key: key-plain-1'
    expect_key '{"detail":"Not authenticated"} 401' "http://127.0.0.1:$port_off/" 'x_api_key: key-plain-1'
    [ "$rc" = 0 ] && echo "x_api_key: accepted with underscores_in_headers on, dropped by nginx without"
  else
    rc=1
  fi
  stop_pid "$pid"
  return "$rc"
}
if run build_nginx_module "$work" "$lib"; then
  prefix="$work/nginx"
  mkdir -p "$prefix/conf" "$prefix/logs" "$prefix/tmp"
  ports=()
  while [ "${#ports[@]}" -lt 9 ]; do
    p="$(free_port)"
    case " ${ports[*]} " in *" $p "*) ;; *) ports+=("$p") ;; esac
  done
  port_fastapi="${ports[0]}"; port_strict="${ports[1]}"
  declare -A port_checks=([fastapi]="${ports[2]}" [strict]="${ports[3]}")
  declare -A port_echo=([fastapi]="${ports[4]}" [strict]="${ports[5]}")
  port_h2="${ports[6]}"
  declare -A port_digest_slow=([fastapi]="${ports[7]}" [strict]="${ports[8]}")
  # The FastAPI-profile server draws a random nonce secret, the strict one has one configured.
  declare -A digest_secret=([fastapi]="" [strict]="authparse_digest_secret strict-server-nonce-secret;")
  declare -A listen_h2=([fastapi]="listen 127.0.0.1:$port_h2 http2;" [strict]="")
  user_line=""; [ "$(id -u)" -eq 0 ] && user_line="user root;"
  files="$prefix/files"
  run python3 tests/e2e/check_nginx.py write-files "$files"
  for profile in fastapi strict; do
    sed -e "s|@PORT_CHECKS@|${port_checks[$profile]}|g" -e "s|@PROFILE@|$profile|g" \
        -e "s|@LISTEN_H2@|${listen_h2[$profile]}|" \
        -e "s|@UPSTREAM_PORT@|${port_echo[$profile]}|g" -e "s|@FILES@|$files|g" \
        -e "s|@DIGEST_SECRET@|${digest_secret[$profile]}|" \
        -e "s|@DIGEST_UPSTREAM_PORT@|${port_digest_slow[$profile]}|" \
        tests/e2e/nginx_checks.conf.in > "$prefix/conf/checks-$profile.conf"
  done
  sed -e "s|@PREFIX@|$prefix|g" -e "s|@MODULE@|$module|" -e "s|@USER@|$user_line|" \
      -e "s|@PORT_FASTAPI@|$port_fastapi|" -e "s|@PORT_STRICT@|$port_strict|" -e "s|@CONF_DIR@|$ROOT/examples/nginx|" \
      -e "s|@EXTRA@|include $prefix/conf/checks-fastapi.conf; include $prefix/conf/checks-strict.conf;|" \
      examples/nginx/nginx.conf.in > "$prefix/conf/nginx.conf"
  nginx_cmd=(/usr/sbin/nginx -p "$prefix" -c conf/nginx.conf -e "$prefix/logs/error.log")
  if run "${nginx_cmd[@]}" -t -q; then
    printf '+ %s &\n' "${nginx_cmd[*]}"
    "${nginx_cmd[@]}" &
    nginx_pid=$!
    pids+=("$nginx_pid")
    if run wait_port "$port_strict" "$nginx_pid"; then
      # nginx answers a repeated Authorization line with its own 400 before
      # any module runs (examples/nginx/README.md), so those checks are skipped.
      run python3 tests/e2e/check_server.py "http://127.0.0.1:$port_fastapi" --no-repeated-headers
      run python3 tests/e2e/check_server.py "http://127.0.0.1:$port_strict" --strict --no-repeated-headers
      run python3 tests/e2e/check_nginx.py check "http://127.0.0.1:${port_checks[fastapi]}" "${port_echo[fastapi]}"
      run python3 tests/e2e/check_nginx.py check "http://127.0.0.1:${port_checks[strict]}" "${port_echo[strict]}" --strict
      # authparse_digest with curl, requests and httpx; each server's nonces are
      # foreign to the other (a random secret vs a configured one).
      run python3 tests/e2e/check_digest.py "http://127.0.0.1:${port_checks[fastapi]}" --short-lifetime 2 \
        --slow-upstream "${port_digest_slow[fastapi]}" --foreign-nonce-from "http://127.0.0.1:${port_checks[strict]}" \
        --offers /digest=MD5 --offers /digest-sha256=SHA-256 --offers /digest-mixed=SHA-256,MD5 \
        --nginx-conventions --several-workers --unknown-users /digest,/digest-sha256,/digest-mixed
      run python3 tests/e2e/check_digest.py "http://127.0.0.1:${port_checks[strict]}" --short-lifetime 2 \
        --slow-upstream "${port_digest_slow[strict]}" --foreign-nonce-from "http://127.0.0.1:${port_checks[fastapi]}" \
        --several-workers --unknown-users /digest,/digest-sha256,/digest-mixed
      run python3 tests/e2e/check_nginx.py memory "http://127.0.0.1:${port_checks[fastapi]}" "$nginx_pid"
      run check_http2 "http://127.0.0.1:$port_h2"
      run check_reload "http://127.0.0.1:${port_checks[fastapi]}/v/bearer"
    fi
    stop_pid "$nginx_pid"
    grep -E '\[(alert|emerg|crit)\]|exited on signal|core dumped' "$prefix/logs/error.log" &&
      fail "nginx logged alerts or a worker crash (above)"
    # Errors never echo credential bytes: check_nginx.py sent unknown users
    # and wrong passwords (john, shauser, ...), the log names none of them.
    grep -E 'authparse: .*(john|shauser|plainuser)' "$prefix/logs/error.log" | head -3 | grep . &&
      fail "the nginx error log echoes a client's user name (above)"
    grep -q 'authparse: a user name of [0-9]* bytes: password mismatch' "$prefix/logs/error.log" ||
      fail "the nginx error log has no password mismatch line (is the error_log level too high?)"
    run check_bad_files
    run check_example_conf
    run check_one_slot
    run check_header_names
    run check_realm_encoding
  fi
else
  echo "!! the nginx module did not build; skipping the nginx checks"
fi

# ---------------------------------------------------------- libmicrohttpd
echo "== libmicrohttpd + examples/microhttpd/server.c"
mhd="$work/authparse-mhd"
if run cc -std=c99 -Wall -Wextra -Wpedantic -Werror -O2 -Iinclude examples/microhttpd/server.c \
     "$lib" -lmicrohttpd -lgcc_s -lutil -lrt -lpthread -lm -ldl -o "$mhd"; then
  for profile in fastapi strict; do
    flag=""; [ "$profile" = strict ] && flag="--strict"
    printf '+ %s 0 %s &\n' "$mhd" "$flag"
    "$mhd" 0 $flag > "$work/mhd-$profile.out" &
    mhd_pid=$!
    pids+=("$mhd_pid")
    port=""
    for _ in $(seq 100); do
      port="$(sed -n 's|.*listening on http://127\.0\.0\.1:\([0-9]*\).*|\1|p' "$work/mhd-$profile.out")"
      [ -n "$port" ] && break
      kill -0 "$mhd_pid" 2>/dev/null || break
      sleep 0.1
    done
    if [ -n "$port" ] && run wait_port "$port" "$mhd_pid"; then
      cat "$work/mhd-$profile.out"
      run python3 tests/e2e/check_server.py "http://127.0.0.1:$port" $flag --routes basic,me,items,token
    else
      fail "libmicrohttpd server ($profile) did not start"
    fi
    # It must stop by itself on SIGTERM (sigwait in main).
    kill -TERM "$mhd_pid" 2>/dev/null
    for _ in $(seq 50); do kill -0 "$mhd_pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$mhd_pid" 2>/dev/null; then
      fail "libmicrohttpd server ($profile) ignored SIGTERM"
    fi
    stop_pid "$mhd_pid"
  done
fi

elapsed=$(( $(date +%s%3N) - start_ms ))
printf '65-e2e-c-servers: %d.%d s\n' $((elapsed / 1000)) $(((elapsed % 1000) / 100))
finish
