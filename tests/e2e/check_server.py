#!/usr/bin/env python3
"""End-to-end checks of a real HTTP server that protects routes with authparse.

Usage: check_server.py BASE_URL [--strict] [--routes basic,me,items,token]
                       [--no-repeated-headers]

--no-repeated-headers skips the checks that send two `Authorization` lines,
for servers that refuse those themselves before any module runs (nginx
answers its own 400); they are counted as skipped.

The server must expose (the FastAPI class each route stands for in brackets):
  GET  /basic  [HTTPBasic(realm="demo")]              200 body contains the username
  GET  /me     [OAuth2PasswordBearer(tokenUrl="token")] 200 body contains the token
  GET  /items  [APIKeyQuery(name="api_key")]           200 body contains the key
  POST /token  [OAuth2PasswordRequestForm]              200 body contains the username
Failures must be FastAPI's: status, `WWW-Authenticate`, and the JSON body.
Prints one line per check and ends with `N passed, M failed`.
"""
import http.client
import json
import sys
import urllib.parse

NOT_AUTHENTICATED = {"detail": "Not authenticated"}


def exchange(base, method, path, headers=(), body=None):
    """One request on its own connection: (the http.client response, its body).

    Header values may be bytes (sent as they are, control bytes included)."""
    url = urllib.parse.urlsplit(base)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
    conn.putrequest(method, path, skip_accept_encoding=True)
    for name, value in headers:
        conn.putheader(name, value)
    if body is not None:
        conn.putheader("Content-Length", str(len(body)))
    conn.endheaders(body)
    response = conn.getresponse()
    data = response.read()
    conn.close()
    return response, data


def summary(results, skipped=None):
    """Prints the closing `N passed, M failed[, K skipped]` of a list of
    check results (True: passed); the exit status, 1 if any failed."""
    failed = results.count(False)
    print(f"{len(results) - failed} passed, {failed} failed"
          + ("" if skipped is None else f", {skipped} skipped"))
    return 1 if failed else 0


def request(base, method, path, headers=(), body=None):
    response, data = exchange(base, method, path, headers, body)
    return response.status, response.getheader("WWW-Authenticate"), data


def main():
    base = sys.argv[1]
    strict = "--strict" in sys.argv
    routes = {"basic", "me", "items", "token"}
    if "--routes" in sys.argv:
        routes = set(sys.argv[sys.argv.index("--routes") + 1].split(","))
    no_repeats = "--no-repeated-headers" in sys.argv
    checks = []
    skipped = 0

    def check(name, method, path, headers=(), body=None, status=200, challenge=None, expect_body=None, contains=None):
        nonlocal skipped
        names = [h[0].lower() for h in headers]
        if no_repeats and len(names) != len(set(names)):
            skipped += 1
            print(f"skip {name}: repeated header lines (--no-repeated-headers)")
            return
        checks.append((name, method, path, headers, body, status, challenge, expect_body, contains))

    form = [("Content-Type", "application/x-www-form-urlencoded")]
    basic_challenge = 'Basic realm="demo"' + (', charset="UTF-8"' if strict else "")
    if "basic" in routes:
        check("basic: missing", "GET", "/basic", status=401, challenge=basic_challenge, expect_body=NOT_AUTHENTICATED)
        check("basic: valid", "GET", "/basic", [("Authorization", "Basic am9objpzZWNyZXQ=")], contains=b"john")
        check("basic: no colon", "GET", "/basic", [("Authorization", "Basic am9obnNlY3JldA==")],
              status=401, challenge=basic_challenge, expect_body=NOT_AUTHENTICATED)
        check("basic: wrong scheme", "GET", "/basic", [("Authorization", "Bearer x")],
              status=401, challenge=basic_challenge, expect_body=NOT_AUTHENTICATED)
        if strict:
            check("basic: lenient base64 refused", "GET", "/basic", [("Authorization", "Basic am9o!!bjpzZWNyZXQ=")],
                  status=401, challenge='Basic realm="demo", charset="UTF-8"', expect_body=NOT_AUTHENTICATED)
            check("basic: duplicate header", "GET", "/basic",
                  [("Authorization", "Basic am9objpzZWNyZXQ="), ("Authorization", "Basic am9objpzZWNyZXQ=")],
                  status=400, challenge=basic_challenge, expect_body={"detail": "Bad Request"})
        else:
            check("basic: junk skipped like CPython", "GET", "/basic", [("Authorization", "Basic am9o!!bjpzZWNyZXQ=")], contains=b"john")
            check("basic: first of two headers", "GET", "/basic",
                  [("Authorization", "Basic am9objpzZWNyZXQ="), ("Authorization", "Bearer x")], contains=b"john")
    if "me" in routes:
        check("bearer: missing", "GET", "/me", status=401, challenge="Bearer", expect_body=NOT_AUTHENTICATED)
        check("bearer: valid", "GET", "/me", [("Authorization", "Bearer tok-123")], contains=b"tok-123")
        if not strict:
            check("bearer: empty token accepted (FastAPI quirk)", "GET", "/me", [("Authorization", "Bearer")])
        else:
            check("bearer: empty token refused", "GET", "/me", [("Authorization", "Bearer")],
                  status=401, challenge="Bearer", expect_body=NOT_AUTHENTICATED)
    if "items" in routes:
        check("api key: query", "GET", "/items?api_key=k%2D1", contains=b"k-1")
        check("api key: missing", "GET", "/items?api_key=", status=401, challenge="APIKey", expect_body=NOT_AUTHENTICATED)
        if not strict:
            check("api key: last wins", "GET", "/items?api_key=a&api_key=b", contains=b'"b"')
    if "token" in routes:
        check("form: valid", "POST", "/token", form, b"grant_type=password&username=johndoe&password=secret", contains=b"johndoe")
        if strict:
            check("form: grant_type required", "POST", "/token", form, b"username=johndoe&password=secret", status=400,
                  expect_body={"error": "invalid_request", "error_description": "a required parameter is missing"})
        else:
            check("form: missing password", "POST", "/token", form, b"username=johndoe", status=422,
                  expect_body={"detail": [{"type": "missing", "loc": ["body", "password"], "msg": "Field required", "input": None}]})
            check("form: JSON body is an empty form", "POST", "/token", [("Content-Type", "application/json")], b"{}", status=422)

    results = []
    for name, method, path, headers, body, status, challenge, expect_body, contains in checks:
        try:
            got_status, got_challenge, got_body = request(base, method, path, headers, body)
            problems = []
            if got_status != status:
                problems.append(f"status {got_status} != {status}")
            if got_challenge != challenge and (challenge is not None or got_status != 200):
                problems.append(f"WWW-Authenticate {got_challenge!r} != {challenge!r}")
            if expect_body is not None and json.loads(got_body) != expect_body:
                problems.append(f"body {got_body!r}")
            if contains is not None and contains not in got_body:
                problems.append(f"body {got_body!r} lacks {contains!r}")
        except Exception as e:  # a dead server is a failure, not a crash
            problems = [f"{type(e).__name__}: {e}"]
        results.append(not problems)
        if problems:
            print(f"FAIL {name}: {'; '.join(problems)}")
        else:
            print(f"ok   {name}")
    return summary(results, skipped)


if __name__ == "__main__":
    sys.exit(main())
