#!/usr/bin/env python3
"""Checks the routes of the example apps (examples/picoserve,
examples/edge-http) beyond tests/e2e/check_server.py: HTTPBearer at
/bearer, APIKeyHeader(name="x-api-key") at /key and
APIKeyCookie(name="session") at /session (valid, missing, and FastAPI's
failure responses).

Also: values whose JSON outgrows the reply (431, never null), and a
request head longer than the server's connection buffer (8 KiB of Cookie):
never a silent close, 431 with FastAPI's JSON body.

Usage: check_more.py BASE_URL [--strict] [--oversized-head STATUS]

--oversized-head STATUS expects that status (any body) for the long head,
for a server whose own answer to it the app cannot change (picoserve 0.20
answers 400 "Unexpected EOF while reading request")."""
import base64
import http.client
import json
import sys

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
    print(f"{len(cases) - failed} passed, {failed} failed")
    return 1 if failed else 0


def basic(username, password):
    """An `Authorization: Basic` header for `username:password`."""
    return ("Authorization", "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode())


if __name__ == "__main__":
    sys.exit(main())
