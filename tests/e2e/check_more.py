#!/usr/bin/env python3
"""Checks the routes of the example apps (examples/picoserve,
examples/edge-http) beyond tests/e2e/check_server.py: HTTPBearer at
/bearer, APIKeyHeader(name="x-api-key") at /key and
APIKeyCookie(name="session") at /session (valid, missing, and FastAPI's
failure responses).

Also: values whose JSON outgrows the reply (431, never null), and a
request head longer than the server's connection buffer (8 KiB of Cookie):
never a silent close, 431 with FastAPI's JSON body. With
--bad-content-length, over raw sockets: a `Content-Length` that is not a number within u64 (edge-http
0.8 panics on it: the adapter refuses it first): 400, the connection
closed, and the server still answers the next request (also when the bad
head follows a good request on the same connection); two different
`Content-Length` lines: 400 and the connection closed. Always: four idle
connections do not keep a fifth client from its answer. FastAPI profile:
form bodies whose 422 echoes `grant_type` several times longer (JSON
escapes) get that 422 byte for byte.

Usage: check_more.py BASE_URL [--strict] [--oversized-head STATUS] [--bad-content-length]

--oversized-head STATUS expects that status (any body) for the long head,
for a server whose own answer to it the app cannot change (picoserve 0.20
answers 400 "Unexpected EOF while reading request")."""
import base64
import http.client
import json
import socket
import sys
import time

from check_framing import exchange
from check_server import NOT_AUTHENTICATED, request


def main():
    base, strict = sys.argv[1], "--strict" in sys.argv
    cases = [
        ("bearer: valid", "/bearer", [("Authorization", "Bearer tok-1")], 200, None,
         {"scheme": "Bearer", "credentials": "tok-1"}),
        ("bearer: missing", "/bearer", [], 401, "Bearer", NOT_AUTHENTICATED),
        ("bearer: wrong scheme", "/bearer", [("Authorization", "Basic eA==")], 401, "Bearer", NOT_AUTHENTICATED),
        ("header key: valid", "/key", [("X-API-Key", "k-123")], 200, None, {"api_key": "k-123"}),
        ("header key: missing", "/key", [], 401, "APIKey", NOT_AUTHENTICATED),
        ("cookie: quoted", "/session", [("Cookie", 'a=1; session="s3cret"')], 200, None, {"session": "s3cret"}),
        ("cookie: missing", "/session", [("Cookie", "a=1")], 401, "APIKey", NOT_AUTHENTICATED),
    ]
    escaped = [("Cookie", 'session="s3cr\\145t"')]
    if strict:
        cases.append(("cookie: backslash is not a cookie-octet", "/session", escaped, 400, "APIKey",
                      {"detail": "Bad Request"}))
        cases.append(("bearer: a b refused", "/bearer", [("Authorization", "Bearer a b")], 401, "Bearer",
                      NOT_AUTHENTICATED))
    else:
        cases.append(("cookie: octal escape like Starlette", "/session", escaped, 200, None, {"session": "s3cret"}))
        cases.append(("bearer: a b is the token", "/bearer", [("Authorization", "Bearer a b")], 200, None,
                      {"scheme": "Bearer", "credentials": "a b"}))
    # A value whose JSON is longer than the value itself is echoed whole, or
    # refused with 431 when the reply cannot hold it: never `null`.
    long_token = "t" * 256
    cases.append(("bearer: a 256-byte token is echoed whole", "/me", [("Authorization", f"Bearer {long_token}")],
                  200, None, {"token": long_token}))
    if not strict:  # the strict profile refuses control characters in a user-id (RFC 7617 §2)
        cases.append(("basic: a reply too long to echo is a 431", "/basic", [basic("\x01" * 100, "pw")], 431,
                      None, {"detail": "Request Header Fields Too Large"}))
        cases.append(("basic: control bytes are escaped, not dropped", "/basic", [basic("\x01" * 50, "pw")], 200,
                      None, {"username": "\x01" * 50, "password": "pw"}))
    # A head past the connection buffer (edge-http 0.8 closed the socket
    # without a word): an answer, then the connection closed.
    head_status = int(sys.argv[sys.argv.index("--oversized-head") + 1]) if "--oversized-head" in sys.argv else 431
    cases.append(("a request head past the connection buffer is answered", "/session",
                  [("Cookie", "session=" + "a" * 8192)], head_status, None,
                  {"detail": "Request Header Fields Too Large"} if head_status == 431 else None))
    failed = 0
    for name, path, headers, status, challenge, body in cases:
        try:
            got_status, got_challenge, got_body = request(base, "GET", path, headers)
        except (OSError, http.client.HTTPException) as e:  # closed, reset: no answer
            got_status, got_challenge, got_body = None, None, repr(e)
        ok = (got_status == status and got_challenge == challenge
              and (body is None or json.loads(got_body) == body))
        failed += not ok
        print(f"{'ok  ' if ok else 'FAIL'} {name}" + ("" if ok else f": {got_status} {got_challenge!r} {got_body!r}"))
    total = len(cases)
    addr = base.split("//", 1)[1].rstrip("/")
    failed += idle_sockets(addr)
    total += 1
    if not strict:  # strict answers RFC 6749's unsupported_grant_type
        failed += echoes(base)
        total += len(ECHOES)
    if "--bad-content-length" in sys.argv:
        failed += raw_cases(base)
        total += len(RAW) + 2
    print(f"{total - failed} passed, {failed} failed")
    return 1 if failed else 0


GOOD = b"GET /basic HTTP/1.1\r\nHost: x\r\nAuthorization: Basic am9objpzZWNyZXQ=\r\n\r\n"

# Heads with a Content-Length edge-http 0.8 cannot parse, each followed by
# the good request on a new connection.
RAW = [
    ("Content-Length -1", b"GET /basic HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n"),
    ("Content-Length 2^64", b"POST /token HTTP/1.1\r\nHost: x\r\nContent-Length: 18446744073709551616\r\n\r\nx"),
    ("Content-Length abc", b"POST /token HTTP/1.1\r\nHost: x\r\ncontent-length: abc\r\n\r\n"),
    ("Content-Length 5, 5", b"POST /token HTTP/1.1\r\nHost: x\r\nContent-Length: 5, 5\r\n\r\nx=1&y"),
]


def raw_cases(base):
    """The RAW heads get 400 and the next request 200; then the same on one
    connection after a good request. Returns how many failed."""
    addr = base.split("//", 1)[1].rstrip("/")
    failed = 0
    for name, head in RAW:
        try:
            got = (exchange(addr, head), exchange(addr, GOOD))
        except OSError as e:
            got = f"{type(e).__name__}: {e}"
        ok = got == (400, 200)
        failed += not ok
        print(f"{'ok  ' if ok else 'FAIL'} {name}: 400, then the next request 200" + ("" if ok else f": {got!r}"))
    try:
        got = statuses(addr, GOOD + RAW[0][1])
    except OSError as e:
        got = f"{type(e).__name__}: {e}"
    ok = got == [200, 400]
    failed += not ok
    print(f"{'ok  ' if ok else 'FAIL'} Content-Length -1 after a good request on one connection: 200, 400"
          + ("" if ok else f": {got!r}"))
    # Two Content-Length values: framed by the last (edge-http) the body
    # ends before `X`, and `XGET /basic ...` was read as a second request
    # (a proxy framing by the first disagrees: request smuggling). h11
    # answers 400; so must the app, and close the connection.
    try:
        got = statuses(addr, SMUGGLED)
    except OSError as e:
        got = f"{type(e).__name__}: {e}"
    ok = got == [400]
    failed += not ok
    print(f"{'ok  ' if ok else 'FAIL'} Content-Length 27 then 26: one 400, the connection closed"
          + ("" if ok else f": {got!r}"))
    return failed


SMUGGLED = (b"POST /token HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            b"Content-Length: 27\r\nContent-Length: 26\r\n\r\nusername=a&password=secretX" + GOOD)


# Form bodies whose 422 echoes `grant_type` JSON-escaped, several times
# longer than the value (`\u0001` for one byte): (body, the decoded value).
ECHOES = [
    (b"grant_type=" + b"\x01" * 100 + b"&username=a&password=b", "\x01" * 100),
    (b"grant_type=" + b"%01" * 60 + b"&username=a&password=b", "\x01" * 60),
    (b"grant_type=" + b'"' * 150 + b"&username=a&password=b", '"' * 150),
    (b"grant_type=" + b"x" * 400 + b"&username=a&password=b", "x" * 400),
]


def echoes(base):
    """Each ECHOES body gets FastAPI's 422 byte for byte (the apps used to
    answer 413 when the rendered body outgrew their buffer). Returns how
    many failed."""
    failed = 0
    for body, value in ECHOES:
        want = json.dumps({"detail": [{
            "type": "string_pattern_mismatch", "loc": ["body", "grant_type"],
            "msg": "String should match pattern '^password$'", "input": value,
            "ctx": {"pattern": "^password$"}}]}, ensure_ascii=False, separators=(",", ":")).encode()
        host, port = base.split("//", 1)[1].rstrip("/").rsplit(":", 1)
        conn = http.client.HTTPConnection(host, int(port), timeout=10)
        try:
            conn.request("POST", "/token", body, {"Content-Type": "application/x-www-form-urlencoded"})
            response = conn.getresponse()
            got = (response.status, response.read())
        except (OSError, http.client.HTTPException) as e:
            got = (None, repr(e).encode())
        finally:
            conn.close()
        ok = got == (422, want)
        failed += not ok
        print(f"{'ok  ' if ok else 'FAIL'} form: a {len(body)}-byte body gets its {len(want)}-byte 422"
              + ("" if ok else f": {got[0]} {got[1][:120]!r}"))
    return failed


def idle_sockets(addr, count=4, patience=8.0):
    """`count` clients connect and send nothing (as many as the edge-http
    app has tasks); a fifth still gets its answer within `patience` s (the
    apps close silent connections). Returns 1 if it did not."""
    host, port = addr.rsplit(":", 1)
    idle = [socket.create_connection((host, int(port))) for _ in range(count)]
    start = time.monotonic()
    try:
        got = exchange(addr, GOOD, timeout=patience)
    except OSError as e:
        got = f"{type(e).__name__}: {e}"
    finally:
        for s in idle:
            s.close()
    ok = got == 200
    print(f"{'ok  ' if ok else 'FAIL'} {count} idle connections: another client is served"
          f" ({time.monotonic() - start:.1f} s)" + ("" if ok else f": {got!r}"))
    return 0 if ok else 1


def statuses(addr, raw):
    """Sends `raw` on one connection, returns the status of every response
    until the server closes it (each response framed by its
    Content-Length)."""
    host, port = addr.rsplit(":", 1)
    with socket.create_connection((host, int(port)), timeout=10) as s:
        s.sendall(raw)
        data = b""
        while more := s.recv(4096):
            data += more
    found = []
    while data:
        head, _, rest = data.partition(b"\r\n\r\n")
        lines = head.split(b"\r\n")
        found.append(int(lines[0].split(b" ", 2)[1]))
        length = next((int(v) for n, _, v in (h.partition(b":") for h in lines[1:])
                       if n.lower() == b"content-length"), 0)
        data = rest[length:]
    return found


def basic(username, password):
    """An `Authorization: Basic` header for `username:password`."""
    return ("Authorization", "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode())


if __name__ == "__main__":
    sys.exit(main())
