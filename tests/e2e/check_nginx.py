#!/usr/bin/env python3
"""nginx-specific end-to-end checks of examples/nginx (ngx_http_authparse_module).

Usage:
  check_nginx.py write-files DIR
      writes DIR/users (htpasswd: {PLAIN}, {SHA}, {SSHA}, $apr1$, crypt(3))
      and DIR/keys (plain, {PLAIN}, {SHA256} hex and base64), before nginx
      starts with tests/e2e/nginx_checks.conf.in
  check_nginx.py memory BASE_URL MASTER_PID
      sends credentials that the module decodes (Basic, a percent-encoded
      query key, a percent-encoded form password), then searches the workers'
      writable memory (/proc/PID/mem, as root) for the decoded values: the
      pool cleanups must have wiped every copy
  check_nginx.py check BASE_URL UPSTREAM_PORT [--strict]
      runs the echo upstream on 127.0.0.1:UPSTREAM_PORT (it answers with the
      header lines it received, as JSON) and the checks against BASE_URL, a
      server of nginx_checks.conf.in in the FastAPI (or the strict) profile
  check_nginx.py example BASE_URL UPSTREAM_PORT
      runs the echo upstream and sends, over a raw socket, credentials that
      the module accepts although their header holds control bytes
      (`Bearer \x1ctok\x1f`) to each proxied location of
      examples/nginx/nginx.conf.example (served at BASE_URL, its upstream on
      UPSTREAM_PORT): the upstream must see no control byte in any header

Covers: injection attempts through every class that forwards (the upstream
must receive no extra header), verification with each hash format (a wrong
credential answers the same bytes as a missing one), every class, optional
and chained schemes, satisfy / error_page / auth_request beside auth_basic,
the 422 reason phrase, `null` for an unset `_json` variable, and bad input
(oversized headers, NUL and high bytes, 5000 cookies, duplicate
Authorization lines, malformed base64, an empty scheme).
Prints one line per check and ends with `N passed, M failed`.
"""
import base64
import hashlib
import http.server
import json
import os
import socket
import subprocess
import sys
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from check_server import exchange, summary  # noqa: E402
from procfs import workers_of  # noqa: E402

NOT_AUTHENTICATED = b'{"detail":"Not authenticated"}'
BAD_REQUEST = b'{"detail":"Bad Request"}'

def htpasswd_lines():
    """(name, (password, hash)) per line of the users file; a comment has None."""
    def sha(pw):
        return "{SHA}" + base64.b64encode(hashlib.sha1(pw.encode()).digest()).decode()

    def ssha(pw, salt=b"NaCl4u"):
        return "{SSHA}" + base64.b64encode(hashlib.sha1(pw.encode() + salt).digest() + salt).decode()

    def openssl(flag, pw):
        return subprocess.run(["openssl", "passwd", flag, "-salt", "saltsalt", pw],
                              check=True, capture_output=True, text=True).stdout.strip()

    return [
        ("# users for check_nginx.py", None),
        ("john", ("secret", "{PLAIN}secret")),
        ("plainuser", ("plain-pw", "{PLAIN}plain-pw")),
        ("shauser", ("sha-pw", sha("sha-pw"))),
        ("sshauser", ("ssha-pw", ssha("ssha-pw"))),
        ("apr1user", ("apr1-pw", openssl("-apr1", "apr1-pw"))),
        ("cryptuser", ("crypt-pw", openssl("-6", "crypt-pw"))),
        ("john", ("second-line-ignored", "{PLAIN}second-line-ignored")),
    ]


def write_files(directory):
    os.makedirs(directory, exist_ok=True)
    lines = []
    for name, entry in htpasswd_lines():
        lines.append(name if entry is None else f"{name}:{entry[1]}")
    with open(os.path.join(directory, "users"), "w") as f:
        f.write("\n".join(lines) + "\n\n")
    hex_digest = hashlib.sha256(b"key-hashed-hex").hexdigest()
    b64_digest = base64.b64encode(hashlib.sha256(b"key-hashed-b64").digest()).decode()
    with open(os.path.join(directory, "keys"), "wb") as f:
        f.write(b"# keys for check_nginx.py\n")
        f.write(b"key-plain-1\n")
        f.write(b"{PLAIN}key-plain-2\r\n")
        f.write(b"\n")
        f.write(b"{SHA256}" + hex_digest.encode() + b"\n")
        f.write(b"{SHA256}" + b64_digest.encode())
    # htdigest (user:realm:MD5(user:realm:password)), for check_digest.py.
    ha1 = lambda user, realm, pw: hashlib.md5(f"{user}:{realm}:{pw}".encode()).hexdigest()
    with open(os.path.join(directory, "digest"), "w") as f:
        f.write("# htdigest file for tests/e2e/check_digest.py\n")
        f.write(f"alice:other-realm:{ha1('alice', 'other-realm', 'not-this-one')}\n")
        f.write(f"alice:authparse-digest:{ha1('alice', 'authparse-digest', 'wonderland')}\n")
        # 64 hex digits: a SHA-256 HA1.
        sha = lambda user, realm, pw: hashlib.sha256(f"{user}:{realm}:{pw}".encode()).hexdigest()
        f.write(f"alice:authparse-digest-sha256:{sha('alice', 'authparse-digest-sha256', 'wonderland')}\n")
        f.write(f"alice:authparse-digest-mixed:{ha1('alice', 'authparse-digest-mixed', 'wonderland')}\n")
        f.write(f"alice:authparse-digest-mixed:{sha('alice', 'authparse-digest-mixed', 'wonderland')}\n")
    return 0


# ------------------------------------------------------------ the upstream

RECEIVED = []  # one list of (name, value) per request that reached the upstream


class Echo(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        items = [(k, v) for k, v in self.headers.items()]
        RECEIVED.append(items)
        body = json.dumps({"headers": items}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_POST = do_GET

    def log_message(self, *args):
        pass


def start_upstream(port):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Echo)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


# ------------------------------------------------------------------ checks

class Response:
    def __init__(self, status, reason, headers, body):
        self.status, self.reason, self.headers, self.body = status, reason, headers, body

    def header(self, name):
        values = [v for k, v in self.headers if k.lower() == name.lower()]
        return values[0] if values else None

    def json(self):
        return json.loads(self.body)

    def auth_bytes(self):
        """What a client sees of a failure: status, challenge, type, body."""
        return (self.status, self.header("WWW-Authenticate"), self.header("Content-Type"), self.body)


def request(base, method, path, headers=(), body=None):
    r, data = exchange(base, method, path, headers, body)
    return Response(r.status, r.reason, r.getheaders(), data)


def basic(user, password):
    raw = user + b":" + password if isinstance(user, bytes) else f"{user}:{password}".encode()
    return ("Authorization", "Basic " + base64.b64encode(raw).decode())


FORM = ("Content-Type", "application/x-www-form-urlencoded")
ANY = object()  # an expected body that is not compared


def main_check(base, upstream_port, strict):
    start_upstream(upstream_port)
    results = []
    BASIC = 'Basic realm="demo"' + (', charset="UTF-8"' if strict else "")
    # a refused or unverified form: FastAPI's tutorial, or RFC 6749's invalid_grant
    FORM_REFUSED = b'{"error":"invalid_grant"}' if strict else b'{"detail":"Incorrect username or password"}'

    def check(name, fn):
        try:
            problems = fn() or []
        except Exception as e:  # a dead server is a failure, not a crash
            problems = [f"{type(e).__name__}: {e}"]
        results.append(not problems)
        print(("ok   " if not problems else "FAIL ") + name + ("" if not problems else ": " + "; ".join(problems)))

    def expect(resp, status, challenge=None, body=None, contains=None):
        problems = []
        if resp.status != status:
            problems.append(f"status {resp.status} != {status} (body {resp.body[:200]!r})")
        if challenge is not None and resp.header("WWW-Authenticate") != challenge:
            problems.append(f"WWW-Authenticate {resp.header('WWW-Authenticate')!r} != {challenge!r}")
        if body is not None and resp.body != body and body is not ANY:
            problems.append(f"body {resp.body[:200]!r} != {body!r}")
        if contains is not None and contains not in resp.body:
            problems.append(f"body {resp.body[:200]!r} lacks {contains!r}")
        return problems

    def get(path, *headers, method="GET", body=None):
        return request(base, method, path, headers, body)

    def refused(path, challenge, *headers, method="GET", body=None, status=401, expect_body=NOT_AUTHENTICATED):
        """Refused before the upstream: FastAPI's failure, and nothing forwarded."""
        def fn():
            before = len(RECEIVED)
            r = get(path, *headers, method=method, body=body)
            problems = expect(r, status, challenge, None if expect_body is ANY else expect_body)
            if len(RECEIVED) != before:
                problems.append(f"the upstream was reached: {RECEIVED[-1]}")
            return problems
        return fn

    def forwarded(path, header, value, *headers, method="GET", body=None):
        """Accepted: the upstream receives `header: value` and no X-Injected."""
        def fn():
            r = get(path, *headers, method=method, body=body)
            problems = expect(r, 200)
            if not problems:
                got = [v for k, v in r.json()["headers"] if k.lower() == header.lower()]
                if got != [value]:
                    problems.append(f"upstream {header} {got!r} != {[value]!r}")
            return problems
        return fn

    # ---- 1. injection: control bytes never reach a variable
    inj = "\r\nX-Injected: yes"
    check("injection: Basic password with CR LF refused",
          refused("/fwd/basic", BASIC, basic("john", "pw" + inj)))
    check("injection: Basic user with NUL refused",
          refused("/fwd/basic", BASIC, basic(b"jo\x00hn", b"pw")))
    check("injection: Basic valid forwarded", forwarded("/fwd/basic", "X-User", "john", basic("john", "pw")))
    check("injection: bearer token with 0x01 refused",
          refused("/fwd/bearer", "Bearer", ("Authorization", b"Bearer tok\x01en")))
    check("injection: bearer token with DEL refused",
          refused("/fwd/bearer", "Bearer", ("Authorization", b"Bearer tok\x7fen")))
    # Not an RFC 6750 b64token (strict); FastAPI accepts it, but the module
    # forwards no control byte, HTAB included.
    check("injection: bearer token with HTAB refused",
          refused("/fwd/bearer", "Bearer", ("Authorization", "Bearer to\tk")))
    check("injection: Basic password with HTAB refused",
          refused("/fwd/basic", BASIC, basic(b"john", b"p\tw")))
    check("injection: API key header with 0x1f refused",
          refused("/fwd/key_header", "APIKey", ("X-API-Key", b"k\x1fey")))
    check("injection: query key %0d%0a refused",
          refused("/fwd/key_query?api_key=abc%0d%0aX-Injected:%20yes", "APIKey"))
    check("injection: query key %7f refused", refused("/fwd/key_query?api_key=abc%7f", "APIKey"))
    check("injection: query key forwarded", forwarded("/fwd/key_query?api_key=k%2D1", "X-Key", "k-1"))
    check("injection: cookie with escaped CR LF refused",  # strict: a malformed cookie is a 400
          refused("/fwd/key_cookie", "APIKey", ("Cookie", r'session="abc\015\012X-Injected: yes"'),
                  status=400 if strict else 401, expect_body=BAD_REQUEST if strict else NOT_AUTHENTICATED))
    check("injection: cookie forwarded", forwarded("/fwd/key_cookie", "X-Key", "c-1", ("Cookie", "a=b; session=c-1")))
    check("injection: form password %0d%0a refused",
          refused("/fwd/form", None, FORM, method="POST", status=400,
                  body=b"grant_type=password&username=john&password=pw%0d%0aX-Injected:%20yes",
                  expect_body=FORM_REFUSED))
    check("injection: form scope %0a refused",
          refused("/fwd/form", None, FORM, method="POST", status=400,
                  body=b"grant_type=password&username=john&password=pw&scope=a%0aX-Injected:%20b",
                  expect_body=ANY if strict else FORM_REFUSED))  # strict: invalid_scope first
    check("injection: form forwarded", forwarded("/fwd/form", "X-Scopes", "read write", FORM, method="POST",
                                                 body=b"grant_type=password&username=john&password=pw&scope=read+write"))
    # $authparse_scopes is FastAPI's form.scopes (scope.split()) joined by one space: no HTAB
    # reaches the upstream. The strict profile refuses such a scope (invalid_scope).
    spaced = b"grant_type=password&username=john&password=pw&scope=%09read%09%09write%C2%A0admin+"
    if strict:
        check("injection: form scope with HTAB and NBSP refused (strict)",
              refused("/fwd/form", None, FORM, method="POST", status=400, body=spaced, expect_body=ANY))
    else:
        check("injection: form scope with HTAB and NBSP forwarded as FastAPI's scopes, one SP apart",
              forwarded("/fwd/form", "X-Scopes", "read write admin", FORM, method="POST", body=spaced))

    # ---- 2. verification: each hash format; wrong answers like missing
    users = {name: entry[0] for name, entry in htpasswd_lines() if entry is not None and name != "john"}
    users["john"] = "secret"
    missing = get("/v/basic").auth_bytes()
    check("verify basic: missing is FastAPI's 401",
          lambda: expect(get("/v/basic"), 401, BASIC, NOT_AUTHENTICATED))
    for name, password in users.items():
        check(f"verify basic: {name} accepted",
              lambda n=name, p=password: expect(get("/v/basic", basic(n, p)), 200, body=f'{{"user":"{n}"}}'.encode()))
        check(f"verify basic: {name} wrong password answers like missing",
              lambda n=name: [] if get("/v/basic", basic(n, "wrong")).auth_bytes() == missing
              else [f"{get('/v/basic', basic(n, 'wrong')).auth_bytes()} != {missing}"])
    check("verify basic: first line of a user wins",
          lambda: [] if get("/v/basic", basic("john", "second-line-ignored")).auth_bytes() == missing else ["accepted"])
    check("verify basic: unknown user answers like missing",
          lambda: [] if get("/v/basic", basic("nobody", "x")).auth_bytes() == missing else ["differs"])
    check("verify form: valid", lambda: expect(get("/v/form", FORM, method="POST",
          body=b"grant_type=password&username=apr1user&password=apr1-pw"), 200,
          contains=b'"access_token":"apr1user"'))
    check("verify form: wrong password is 400", lambda: expect(get("/v/form", FORM, method="POST",
          body=b"grant_type=password&username=john&password=nope"), 400, body=FORM_REFUSED))
    missing_bearer = get("/v/bearer").auth_bytes()
    for key in ("key-plain-1", "key-plain-2", "key-hashed-hex", "key-hashed-b64"):
        check(f"verify key file: {key} accepted",
              lambda k=key: expect(get("/v/bearer", ("Authorization", "Bearer " + k)), 200, contains=k.encode()))
    for key in ("key-plain", "{PLAIN}key-plain-2", "key-plain-1x", "", "#"):
        check(f"verify key file: {key!r} answers like missing",
              lambda k=key: [] if get("/v/bearer", ("Authorization", "Bearer " + k)).auth_bytes() == missing_bearer
              else ["differs"])
    check("verify key file: API key header",
          lambda: expect(get("/v/key_header", ("X-API-Key", "key-hashed-hex")), 200, contains=b"key-hashed-hex"))
    check("verify key file: wrong API key is 401 APIKey",
          lambda: expect(get("/v/key_header", ("X-API-Key", "nope")), 401, "APIKey", NOT_AUTHENTICATED))
    check("v/key_header: a trailing HTAB is OWS, not part of the key (h11 strips it too)",
          lambda: [] if (st := raw_get(base, b"/v/key_header", [b"X-API-Key: key-hashed-hex\t"])) == 200
          else [f"answered {st}"])

    # ---- 3. optional and chained schemes
    check("optional: nothing sent passes with null",
          lambda: expect(get("/opt"), 200, body=b'{"api_key":null,"class":""}'))
    check("optional: key sent", lambda: expect(get("/opt?api_key=k"), 200, body=b'{"api_key":"k","class":"APIKeyQuery"}'))
    check("chain: query first", lambda: expect(get("/chain?api_key=q", ("Cookie", "session=c")), 200,
                                                body=b'{"api_key":"q","class":"APIKeyQuery"}'))
    check("chain: else the cookie", lambda: expect(get("/chain", ("Cookie", "session=c")), 200,
                                                    body=b'{"api_key":"c","class":"APIKeyCookie"}'))
    check("chain: neither is the cookie's 401", lambda: expect(get("/chain"), 401, "APIKey", NOT_AUTHENTICATED))
    check("chain verified: cookie key accepted", lambda: expect(
        get("/chain/verified", ("Cookie", "session=key-plain-1")), 200, contains=b'"APIKeyCookie"'))
    check("chain verified: a wrong query key is refused", lambda: expect(
        get("/chain/verified?api_key=bad", ("Cookie", "session=key-plain-1")), 401, "APIKey", NOT_AUTHENTICATED))
    check("chain verified: all optional, nothing sent passes",
          lambda: expect(get("/chain/verified"), 200, body=b'{"api_key":null,"class":""}'))
    check("chain basic|bearer: basic verified", lambda: expect(
        get("/chain/basic_or_bearer", basic("john", "secret")), 200, contains=b'"class":"HTTPBasic"'))
    check("chain basic|bearer: bearer", lambda: expect(
        get("/chain/basic_or_bearer", ("Authorization", "Bearer t")), 200,
        body=b'{"user":null,"token":"t","class":"HTTPBearer"}'))
    check("chain basic|bearer: nothing is the bearer's 401",
          lambda: expect(get("/chain/basic_or_bearer"), 401, "Bearer", NOT_AUTHENTICATED))
    check("chain basic|bearer: malformed Basic still fails (FastAPI quirk)", lambda: expect(
        get("/chain/basic_or_bearer", ("Authorization", "Basic bm9jb2xvbg==")), 401, BASIC, NOT_AUTHENTICATED))

    check("inherited scheme: enforced", lambda: expect(get("/inherit/child"), 401, "APIKey", NOT_AUTHENTICATED))
    check("inherited scheme: credentials", lambda: expect(get("/inherit/child?api_key=k"), 200,
                                                           body=b'{"api_key":"k"}'))
    check("authparse_off: nothing checked", lambda: expect(get("/inherit/off"), 200, body=b'{"api_key":null}'))

    # ---- 4. every class
    check("HTTPBearer: credentials and scheme", lambda: expect(
        get("/c/http_bearer", ("Authorization", "bearer tok")), 200, body=b'{"scheme":"bearer","credentials":"tok"}'))
    check("HTTPBearer: empty token is 401",
          lambda: expect(get("/c/http_bearer", ("Authorization", "Bearer")), 401, "Bearer", NOT_AUTHENTICATED))
    check("HTTPBearer: wrong scheme is 401",
          lambda: expect(get("/c/http_bearer", ("Authorization", "Basic x")), 401, "Bearer", NOT_AUTHENTICATED))
    if strict:
        check("HTTPDigest: not an RFC 7616 response is 401 (strict)", lambda: expect(
            get("/c/http_digest", ("Authorization", 'Digest username="a", realm="r"')), 401, "Digest"))
    else:
        check("HTTPDigest: stub, credentials verbatim", lambda: expect(
            get("/c/http_digest", ("Authorization", 'Digest username="a", realm="r"')), 200,
            body=b'{"scheme":"Digest","credentials":"username=\\"a\\", realm=\\"r\\""}'))
    check("HTTPDigest: missing", lambda: expect(get("/c/http_digest"), 401, "Digest", NOT_AUTHENTICATED))
    if strict:
        check("HTTPBase: the configured scheme is required (strict)", lambda: expect(
            get("/c/http_base", ("Authorization", "Bearer foobar")), 401, "Other", NOT_AUTHENTICATED))
        check("HTTPBase: the configured scheme", lambda: expect(
            get("/c/http_base", ("Authorization", "other foobar")), 200, body=b'{"scheme":"other","credentials":"foobar"}'))
    else:
        check("HTTPBase: any scheme accepted", lambda: expect(
            get("/c/http_base", ("Authorization", "Bearer foobar")), 200,
            body=b'{"scheme":"Bearer","credentials":"foobar"}'))
    check("HTTPBase: challenge is the title-cased scheme",
          lambda: expect(get("/c/http_base"), 401, "Other", NOT_AUTHENTICATED))
    check("OAuth2: the whole value", lambda: expect(
        get("/c/oauth2", ("Authorization", "Anything x")), 200, body=b'{"token":"Anything x"}'))
    check("OAuth2: missing", lambda: expect(get("/c/oauth2"), 401, "Bearer", NOT_AUTHENTICATED))
    check("OAuth2AuthorizationCodeBearer: token", lambda: expect(
        get("/c/code_bearer", ("Authorization", "Bearer abc")), 200, body=b'{"token":"abc"}'))
    check("OAuth2AuthorizationCodeBearer: wrong scheme", lambda: expect(
        get("/c/code_bearer", ("Authorization", "Basic abc")), 401, "Bearer", NOT_AUTHENTICATED))
    check("OpenIdConnect: the whole value", lambda: expect(
        get("/c/oidc", ("Authorization", "Bearer abc")), 200, body=b'{"token":"Bearer abc"}'))
    check("OpenIdConnect: missing", lambda: expect(get("/c/oidc"), 401, "Bearer", NOT_AUTHENTICATED))
    check("password form: scopes", lambda: expect(get("/c/form", FORM, method="POST",
          body=b"grant_type=password&username=u&password=p&scope=a+b"), 200, body=b'{"username":"u","scopes":"a b"}'))
    if strict:  # RFC 6749: 400 invalid_request, no 422
        check("password form: missing password is 400 (strict)", lambda: expect(
            get("/c/form", FORM, method="POST", body=b"grant_type=password&username=u"), 400,
            contains=b'"error":"invalid_request"'))
    else:
        check("password form: 422 with its reason phrase", lambda: (
            expect(r := get("/c/form", FORM, method="POST", body=b"username=u"), 422)
            + ([] if r.reason == "Unprocessable Entity" else [f"reason {r.reason!r}"])
            + ([] if r.header("Content-Type") == "application/json" else [f"type {r.header('Content-Type')}"])
            + ([] if r.json()["detail"][0]["loc"] == ["body", "password"] else [f"body {r.body!r}"])))
        check("password form strict: grant_type required (422)", lambda: expect(
            get("/c/form_strict", FORM, method="POST", body=b"username=u&password=p"), 422, contains=b'"grant_type"'))
    check("password form strict: valid", lambda: expect(get("/c/form_strict", FORM, method="POST",
          body=b"grant_type=password&username=u&password=p"), 200, body=b'{"username":"u","scopes":""}'))

    # ---- 5. nginx's conventions, compared with auth_basic
    def same_as_auth_basic(path, *headers, status):
        def fn():
            ours, theirs = get(path, *headers), get("/ab" + path, *headers)
            problems = expect(ours, status)
            if theirs.status != status:
                problems.append(f"auth_basic answered {theirs.status}, not {status}")
            return problems
        return fn

    john = basic("john", "secret")
    check("satisfy any + allow: no credentials pass", same_as_auth_basic("/satisfy/any/allow", status=200))
    check("satisfy any + allow: no challenge left", lambda: (
        [] if get("/satisfy/any/allow").header("WWW-Authenticate") is None else ["challenge sent"]))
    check("satisfy any + deny: no credentials 401", same_as_auth_basic("/satisfy/any/deny", status=401))
    check("satisfy any + deny: FastAPI's body",
          lambda: expect(get("/satisfy/any/deny"), 401, BASIC, NOT_AUTHENTICATED))
    check("satisfy any + deny: valid credentials pass", same_as_auth_basic("/satisfy/any/deny", john, status=200))
    check("satisfy all + deny: valid credentials 403", same_as_auth_basic("/satisfy/all/deny", john, status=403))
    check("satisfy any + auth_request admitting: no credentials pass",
          same_as_auth_basic("/satisfy/any/auth_request", status=200))
    check("satisfy all + auth_request denying: valid credentials 403",
          same_as_auth_basic("/satisfy/all/auth_request", john, status=403))
    check("satisfy all + auth_request denying: no credentials 401 first",
          same_as_auth_basic("/satisfy/all/auth_request", status=401))
    check("error_page 401: the custom page", lambda: (
        expect(r := get("/errpage"), 401, BASIC, b'{"custom":"page"}')
        + ([] if get("/ab/errpage").body == b'{"custom":"page"}' else ["auth_basic differs"])))
    check("error_page 401: valid credentials", lambda: expect(get("/errpage", john), 200, body=b'{"user":"john"}'))
    check("auth_request: valid, the user reaches the upstream", forwarded("/ar", "X-User", "john", john))
    check("auth_request: missing is FastAPI's 401",
          lambda: expect(get("/ar"), 401, BASIC, NOT_AUTHENTICATED))
    check("auth_request: wrong password is FastAPI's 401",
          lambda: expect(get("/ar", basic("john", "bad")), 401, BASIC, NOT_AUTHENTICATED))

    # ---- 6. bad input: 401, 400 or the configured outcome; never a crash
    check("bad: oversized header", lambda: expect(get("/v/basic", ("Authorization", "Basic " + "A" * 70000)), 400))
    check("bad: NUL in a header", lambda: expect(get("/v/basic", ("Authorization", b"Basic am9\x00objpzZWNyZXQ=")), 400))
    check("bad: high bytes in Basic (not ASCII)", lambda: expect(
        get("/fwd/basic", basic(b"j\xe9", b"pw")), 401, BASIC, NOT_AUTHENTICATED))
    if strict:
        check("bad: high bytes in a bearer token refused (strict)", lambda: expect(
            get("/c/http_bearer", ("Authorization", b"Bearer t\xe9")), 401, "Bearer", NOT_AUTHENTICATED))
    else:
        check("bad: high bytes in a bearer token are Latin-1 text", lambda: expect(
            get("/c/http_bearer", ("Authorization", b"Bearer t\xe9")), 200,
            body='{"scheme":"Bearer","credentials":"t\u00e9"}'.encode()))
    many = "; ".join(f"c{i}=v{i}" for i in range(5000))
    check("bad: 5000 cookies, no session", lambda: expect(get("/c/api_key_cookie", ("Cookie", many)), 401, "APIKey"))
    check("bad: 5000 cookies, session last", lambda: expect(
        get("/c/api_key_cookie", ("Cookie", many + "; session=s")), 200, body=b'{"api_key":"s"}'))
    check("bad: duplicate Authorization lines", lambda: expect(
        get("/v/basic", john, ("Authorization", "Bearer x")), 400))
    check("bad: malformed base64", lambda: expect(
        get("/v/basic", ("Authorization", "Basic ====")), 401, BASIC, NOT_AUTHENTICATED))
    check("bad: empty scheme", lambda: expect(get("/v/basic", ("Authorization", " am9objpzZWNyZXQ=")), 401, BASIC))
    check("bad: empty Authorization", lambda: expect(get("/c/http_bearer", ("Authorization", "")), 401, "Bearer"))
    big_scope = b"s" * 200000  # beyond client_body_buffer_size: nginx keeps the body in a temporary file
    check("bad: a 200 KB form body", lambda: expect(get("/c/form", FORM, method="POST",
          body=b"grant_type=password&username=u&password=p&scope=" + big_scope), 200,
          body=b'{"username":"u","scopes":"' + big_scope + b'"}'))
    check("bad: the server still answers", lambda: expect(get("/v/basic", john), 200))

    injected = [h for items in RECEIVED for h in items if h[0].lower().startswith("x-injected")]
    check("the upstream never received an injected header",
          lambda: [] if not injected else [f"received {injected}"])

    return summary(results)


def raw_get(base, path, header_lines):
    """A GET over a raw socket (header bytes exactly as given); the status code."""
    host, port = base.split("//", 1)[1].split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(b"GET " + path + b" HTTP/1.1\r\nHost: example\r\nConnection: close\r\n"
                     + b"".join(line + b"\r\n" for line in header_lines) + b"\r\n")
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    return int(data.split(b" ", 2)[1])


def has_control(text):
    return any(ord(c) < 0x20 or ord(c) == 0x7F for c in text)


def main_example(base, upstream_port):
    """The README's complete nginx.conf forwards no raw credential header."""
    start_upstream(upstream_port)
    dirty = b"Authorization: Bearer \x1ctok\x1f"
    key = b"X-API-Key: key-plain-1"
    results = []
    for path, lines, want in [(b"/me", [dirty], [("X-Token", "tok")]),
                              (b"/api/items", [dirty, key], []),
                              (b"/", [dirty], []),
                              (b"/api/items?api_key=key-plain-1", [b"Authorization: Basic \x0bam9objpzZWNyZXQ="], [])]:
        before = len(RECEIVED)
        status = raw_get(base, path, lines)
        problems = []
        if status != 200 or len(RECEIVED) != before + 1:
            problems.append(f"answered {status}, the upstream was {'not ' * (len(RECEIVED) == before)}reached")
        else:
            got = RECEIVED[-1]
            problems += [f"the upstream received {k}: {v!r}" for k, v in got
                         if has_control(k) or has_control(v)]
            problems += [f"no {k}: {v!r} upstream" for k, v in want if (k, v) not in got]
        print(("ok  " if not problems else "FAIL"), f"example {path.decode()}: {problems or 'no control byte upstream'}")
        results.append(not problems)
    return summary(results)


def writable_memory(pid):
    """The worker's private writable mappings (heap, anonymous, data)."""
    with open(f"/proc/{pid}/maps") as maps, open(f"/proc/{pid}/mem", "rb", 0) as mem:
        for line in maps:
            fields = line.split()
            if fields[1].startswith("rw") and (len(fields) < 6 or not fields[5].startswith("[v")):
                start, end = (int(x, 16) for x in fields[0].split("-"))
                try:
                    mem.seek(start)
                    yield mem.read(end - start)
                except OSError:
                    continue


def main_memory(base, master):
    workers = workers_of(master)
    canary = "wipe-canary-" + os.urandom(6).hex()
    encoded = canary.replace("-", "%2D")  # what the client sends differs from what is decoded
    sent = [
        ("Basic (decoded, checked with ngx_crypt)", "GET", "/v/basic", [basic("john", canary)], None),
        ("a query key (decoded)", "GET", f"/chain/verified?api_key={encoded}", [], None),
        ("a form password (decoded)", "POST", "/v/form", [FORM],
         f"grant_type=password&username=john&password={encoded}".encode()),
    ]
    found = []
    for name, method, path, headers, body in sent:
        r = request(base, method, path, headers, body)
        if r.status not in (400, 401):
            found.append(f"{name}: status {r.status}")
    try:
        memory = b"".join(b"".join(writable_memory(worker)) for worker in workers)
    except PermissionError:  # reading another process's memory needs root (or ptrace rights)
        print("skip secrets wiped: /proc/PID/mem is not readable here")
        return summary([], skipped=1)
    if canary.encode() in memory:
        found.append(f"the decoded value is still in a worker's memory ({memory.count(canary.encode())} copies)")
    if b"wipe%2Dcanary" not in memory and b"d2lwZS1jYW5hcnkt" not in memory:
        found.append("the raw request bytes are not in memory either: the search would miss a copy")
    print(f"{'FAIL' if found else 'ok  '} secrets wiped: {len(memory)} bytes of memory of "
          f"{len(workers)} worker(s) searched"
          + ("".join("; " + f for f in found)))
    return summary([not found])


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "memory":
        return main_memory(sys.argv[2], int(sys.argv[3]))
    if len(sys.argv) == 4 and sys.argv[1] == "example":
        return main_example(sys.argv[2], int(sys.argv[3]))
    if len(sys.argv) == 3 and sys.argv[1] == "write-files":
        return write_files(sys.argv[2])
    if len(sys.argv) in (4, 5) and sys.argv[1] == "check" and sys.argv[4:] in ([], ["--strict"]):
        return main_check(sys.argv[2], int(sys.argv[3]), sys.argv[4:] == ["--strict"])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
