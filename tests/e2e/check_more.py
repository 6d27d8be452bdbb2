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
head follows a good request on the same connection).

Usage: check_more.py BASE_URL [--strict] [--oversized-head STATUS] [--bad-content-length]

--oversized-head STATUS expects that status (any body) for the long head,
for a server whose own answer to it the app cannot change (picoserve 0.20
answers 400 "Unexpected EOF while reading request")."""
import base64
import http.client
import json
import socket
import sys

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
    if "--bad-content-length" in sys.argv:
        failed += raw_cases(base)
        total += len(RAW) + 1
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
    return failed


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
