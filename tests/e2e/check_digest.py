#!/usr/bin/env python3
"""HTTP Digest end to end with real clients: curl, Python requests, httpx.

Usage: check_digest.py BASE_URL [--short-lifetime S] [--slow-upstream PORT]
                       [--foreign-nonce-from URL] [--offers PATH=ALG[,ALG] ...]
                       [--nginx-conventions] [--several-workers]
                       [--unknown-users PATH[,PATH]]
       check_digest.py BASE_URL --one-slot
       check_digest.py BASE_URL --strict

The server (examples/server.rs, or nginx with authparse_digest) must expose,
for the user `alice` with the password `wonderland`:
  GET /digest             Digest-protected, 200 {"username":"alice"}
  GET /digest-short       the same with nonces that live S seconds (default 2)
  GET /digest-short/slow  protected the same way; answers after S + 2 s with
                          a redirect to /digest-short
--slow-upstream PORT runs that slow redirect here on 127.0.0.1:PORT, for a
server that proxies /digest-short/slow to it (nginx).
--foreign-nonce-from URL: a challenge of URL (another server, another
secret) is answered correctly to BASE_URL: it must be 401 with stale=true
(what a client sees after a restart with a new random secret).
--offers PATH=ALGS: PATH's challenges offer exactly these algorithms, in
order (e.g. /digest-mixed=SHA-256,MD5), and every client authenticates there.
--nginx-conventions: /digest-satisfy-allow (satisfy any + allow) passes
without credentials and without a challenge; /digest-satisfy-deny (satisfy
any + deny) challenges and admits curl --digest; /digest-error-page
(error_page 401) sends its page with the challenge, and curl authenticates;
/digest-redirect (try_files to /digest: checked twice) admits curl --digest.
--strict: only the checks of a server in the strict profile: a repeated
Authorization line is a 400 (FastAPI's profile takes the first), a
response followed by a no-break space is refused.
--one-slot: only the check of a server that remembers one nonce's count
(nginx: authparse_digest_nonce_slots 1): a second nonce makes it forget the
first, which is then stale, never replayable.
--unknown-users PATH[,PATH]: at each PATH, an unknown user (a wrong response)
gets the same status, headers (but the nonce) and body as alice's wrong
response, and one answering with the dummy HA1 of zeros is refused.
--several-workers: /digest names the answering worker in X-Worker (nginx's
$pid); a replay must be refused by a worker other than the one that
accepted the request too (the counts are shared).

Checked for every client: the right password is accepted (after exactly one
401); a wrong one ends in 401 with a fresh challenge (a new nonce, no
stale); a request with an expired nonce gets 401 with stale=true and the
client retries with the new nonce and succeeds without being given the
password again. A replayed request (curl's, and one computed here) gets 401
with stale=true and a fresh nonce, every time; the same nonce with a higher
nc still passes. Prints one line per check and ends with `N passed, M failed`.
"""
import hashlib
import http.client
import http.server
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.parse

import httpx
import requests
from requests.auth import HTTPDigestAuth

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from check_server import summary  # noqa: E402

USER, PASSWORD = "alice", "wonderland"


PARAM = re.compile(r'([\w-]+)=(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))')


def challenge_params(header):
    """The parameters of the first Digest challenge in a WWW-Authenticate value."""
    if not header or not header.lower().startswith("digest "):
        raise AssertionError(f"no Digest challenge: {header!r}")
    first = re.split(r",\s*Digest\s", header[7:], maxsplit=1)[0]
    return {m[1].lower(): m[2] if m[2] is not None else m[3] for m in PARAM.finditer(first)}


def stale(header):
    return challenge_params(header).get("stale", "false").lower() == "true"


# ------------------------------------------------------------------ curl

def curl_trace(*args):
    """Runs curl -v: (exit code, the exchanges as [(request line, its
    Authorization value or None, status, WWW-Authenticate)], stdout)."""
    proc = subprocess.run(["curl", "-sv", "--max-time", "30", *args], capture_output=True, text=True)
    exchanges = []
    for line in proc.stderr.splitlines():
        if line.startswith("> GET "):
            exchanges.append([line[2:], None, None, None])
        elif line.lower().startswith("> authorization: digest") and exchanges:
            exchanges[-1][1] = line.split(":", 1)[1].strip()
        elif line.startswith("< HTTP/") and exchanges:
            exchanges[-1][2] = int(line.split()[2])
        elif line.lower().startswith("< www-authenticate:") and exchanges:
            exchanges[-1][3] = line.split(":", 1)[1].strip()
    return proc.returncode, exchanges, proc.stdout


def curl_checks(base, check):
    def success():
        rc, ex, out = curl_trace("--digest", "-u", f"{USER}:{PASSWORD}", f"{base}/digest")
        assert rc == 0 and ex[-1][2] == 200 and '"alice"' in out, (rc, ex, out)
        assert [e[2] for e in ex] == [401, 200] and ex[1][1], ex

    def wrong_password():
        rc, ex, _ = curl_trace("--digest", "-u", f"{USER}:wrong", f"{base}/digest")
        assert [e[2] for e in ex] == [401, 401], ex
        first, second = challenge_params(ex[0][3]), challenge_params(ex[1][3])
        assert ex[1][1] and second["nonce"] != first["nonce"] and not stale(ex[1][3]), ex

    def stale_retry():
        # /digest-short/slow answers after the nonce expired; curl follows the
        # redirect with that nonce, gets stale=true and retries by itself.
        rc, ex, out = curl_trace("-L", "--digest", "-u", f"{USER}:{PASSWORD}", f"{base}/digest-short/slow")
        statuses = [e[2] for e in ex]
        assert rc == 0 and statuses == [401, 302, 401, 200] and '"alice"' in out, (rc, ex)
        assert all(e[1] for e in ex[1:]) and stale(ex[2][3]), ex
        assert challenge_params(ex[2][3])["nonce"] != challenge_params(ex[0][3])["nonce"], ex

    check("curl --digest: right password", success)
    check("curl --digest: wrong password gets 401 with a fresh challenge", wrong_password)
    check("curl --digest -L: expired nonce gets stale=true, curl retries and succeeds", stale_retry)


# ------------------------------------------------------ requests, httpx

def requests_session(password):
    session = requests.Session()
    session.auth = HTTPDigestAuth(USER, password)
    return session


def httpx_session(password):
    return httpx.Client(auth=httpx.DigestAuth(USER, password), timeout=10)


def python_checks(label, session, base, lifetime, check):
    """The checks for a Python client; `session(password)` is a context
    manager whose `get(url)` keeps the Digest state (nonce, nc) between
    requests, as both libraries do."""

    def success():
        with session(PASSWORD) as s:
            r = s.get(f"{base}/digest", timeout=10)
        assert r.status_code == 200 and r.json() == {"username": USER}, (r.status_code, r.text)
        assert [h.status_code for h in r.history] == [401], r.history

    def wrong_password():
        with session("wrong") as s:
            r = s.get(f"{base}/digest", timeout=10)
        first = r.history[0].headers["WWW-Authenticate"]
        last = r.headers["WWW-Authenticate"]
        assert r.status_code == 401 and not stale(last), (r.status_code, last)
        assert challenge_params(last)["nonce"] != challenge_params(first)["nonce"]

    def stale_retry():
        with session(PASSWORD) as s:
            assert s.get(f"{base}/digest-short", timeout=10).status_code == 200
            time.sleep(lifetime + 2)
            # The second request sends the expired nonce first.
            r = s.get(f"{base}/digest-short", timeout=10)
        assert r.status_code == 200 and r.json() == {"username": USER}, (r.status_code, r.text)
        assert [h.status_code for h in r.history] == [401], r.history
        assert stale(r.history[0].headers["WWW-Authenticate"]), r.history[0].headers

    check(f"{label}: right password", success)
    check(f"{label}: wrong password gets 401 with a fresh challenge", wrong_password)
    check(f"{label}: expired nonce gets stale=true, then succeeds", stale_retry)


# ------------------------------------------------------ a foreign nonce

def answer(challenge, method, uri, password, qop=True, nc=1, cnonce=None, algorithm=None,
           user=USER, ha1=None):
    """An RFC 7616 response (MD5 or SHA-256, optionally -sess, qop=auth,
    nonce count `nc`) computed here, for the challenge's algorithm or
    `algorithm`, by `user` with `password` (or this `ha1`); without `qop`,
    an RFC 2069 one (no qop, nc, cnonce): H(HA1:nonce:HA2)."""
    p = challenge_params(challenge)
    algorithm = algorithm or p.get("algorithm", "MD5")
    base_algorithm = algorithm.upper().removesuffix("-SESS")
    h = {"MD5": hashlib.md5, "SHA-256": hashlib.sha256}[base_algorithm]
    hx = lambda text: h(text.encode()).hexdigest()
    cnonce, nc = cnonce or os.urandom(8).hex(), f"{nc:08x}"
    ha1 = ha1 or hx(f"{user}:{p['realm']}:{password}")
    if algorithm.upper().endswith("-SESS"):
        ha1 = hx(f"{ha1}:{p['nonce']}:{cnonce}")
    signed = f"{p['nonce']}:{nc}:{cnonce}:auth" if qop else p["nonce"]
    response = hx(f"{ha1}:{signed}:{hx(f'{method}:{uri}')}")
    extra = f', qop=auth, nc={nc}, cnonce="{cnonce}"' if qop else ""
    return (f'Digest username="{user}", realm="{p["realm"]}", nonce="{p["nonce"]}", uri="{uri}", '
            f'algorithm={algorithm}{extra}, response="{response}"')


def downgrade_checks(base, check):
    def no_qop():
        status, challenge = raw_get(base, "/digest")
        assert status == 401 and "auth" in challenge_params(challenge)["qop"], (status, challenge)
        assert raw_get(base, "/digest", answer(challenge, "GET", "/digest", PASSWORD))[0] == 200
        status, header = raw_get(base, "/digest", answer(challenge, "GET", "/digest", PASSWORD, qop=False))
        assert status == 401 and not stale(header), (status, header)

    def other_algorithm():
        url = urllib.parse.urlsplit(base)
        conn = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
        conn.request("GET", "/digest")
        r = conn.getresponse()
        r.read()
        lines = r.headers.get_all("WWW-Authenticate") or []
        conn.close()
        offered = {used_algorithm(line) for line in lines}
        assert r.status == 401 and offered, (r.status, lines)
        for algorithm in ("MD5", "SHA-256", "MD5-sess", "SHA-256-sess"):
            if algorithm.upper() in offered:
                continue
            status, header = raw_get(base, "/digest", answer(lines[0], "GET", "/digest", PASSWORD,
                                                             algorithm=algorithm))
            assert status == 401 and not stale(header), (algorithm, offered, status, header)

    check("a right response without qop (RFC 2069) where qop was offered gets 401", no_qop)
    check("a right response with an algorithm the challenge did not offer (MD5 to SHA-256, "
          "-sess) gets 401", other_algorithm)


def exchange(base, path, authorization=None):
    """One GET on a new connection: (status, WWW-Authenticate, X-Worker)."""
    url = urllib.parse.urlsplit(base)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
    conn.request("GET", path, headers={"Authorization": authorization} if authorization else {})
    r = conn.getresponse()
    r.read()
    conn.close()
    return r.status, r.getheader("WWW-Authenticate"), r.getheader("X-Worker")


def raw_get(base, path, authorization=None):
    return exchange(base, path, authorization)[:2]


def strict_checks(base, check):
    def raw(lines):
        url = urllib.parse.urlsplit(base)
        with socket.create_connection((url.hostname, url.port), timeout=10) as s:
            s.sendall(b"GET /digest HTTP/1.1\r\nHost: x\r\n" + b"".join(l + b"\r\n" for l in lines) + b"\r\n")
            data = b""
            while b"\r\n" not in data and (more := s.recv(4096)):
                data += more
        return int(data.split(b" ", 2)[1])

    def repeated():
        status, challenge = raw_get(base, "/digest")
        right = answer(challenge, "GET", "/digest", PASSWORD).encode()
        assert raw([b"Authorization: " + right]) == 200
        again = answer(challenge, "GET", "/digest", PASSWORD, nc=2).encode()
        assert raw([b"Authorization: " + again, b"Authorization: Basic junk"]) == 400

    def no_break_space():
        status, challenge = raw_get(base, "/digest")
        right = answer(challenge, "GET", "/digest", PASSWORD).encode()
        assert raw([b"Authorization: " + right + "\u00a0".encode()]) == 401

    check("strict: a repeated Authorization line is a 400", repeated)
    check("strict: a no-break space after the credentials gets 401", no_break_space)


# ------------------------------------------------------------ replays

def replay_checks(base, several_workers, check):
    """A request that passed, sent again, is refused: 401 with stale=true
    (RFC 7616 §3.3: only the nonce's use is invalid, the credentials are
    right, so a client that reordered its requests retries with a fresh
    nonce without asking its user; a replayer cannot answer it) and a
    fresh nonce. With several workers, the replays go on until one reaches
    a worker other than the one that accepted the request."""
    def refused(authorization, nonce, accepted_by):
        workers = set()
        for i in range(40):
            status, header, worker = exchange(base, "/digest", authorization)
            assert status == 401 and stale(header), (i, status, header)
            assert challenge_params(header)["nonce"] != nonce, "the replayed nonce again"
            workers.add(worker)
            if i >= 2 and (not several_workers or workers - {accepted_by}):
                return len(workers)
        raise AssertionError(f"40 replays all reached worker {accepted_by}: is the test's nginx "
                             "running several workers (reuseport)?")

    def curl_replay():
        rc, ex, _ = curl_trace("--digest", "-u", f"{USER}:{PASSWORD}", f"{base}/digest")
        assert rc == 0 and [e[2] for e in ex] == [401, 200] and ex[1][1], ex
        refused(ex[1][1], challenge_params(ex[0][3])["nonce"], None)

    def computed():
        status, challenge, _ = exchange(base, "/digest")
        assert status == 401, status
        nonce, cnonce = challenge_params(challenge)["nonce"], os.urandom(8).hex()
        sent = lambda nc: exchange(base, "/digest", answer(challenge, "GET", "/digest", PASSWORD,
                                                           nc=nc, cnonce=cnonce))
        status, _, accepted_by = sent(1)
        assert status == 200, status
        reached = refused(answer(challenge, "GET", "/digest", PASSWORD, nc=1, cnonce=cnonce),
                          nonce, accepted_by)
        # The same nonce goes on with higher counts (gaps allowed), never back.
        assert sent(2)[0] == 200
        assert [sent(nc)[0] for nc in (2, 1)] == [401, 401]
        assert sent(7)[0] == 200 and sent(6)[0] == 401
        print(f"     (replays answered by {reached} worker(s))")

    check("curl --digest's request replayed 3 times: 401 with stale=true and a fresh nonce", curl_replay)
    check("a replayed nc (every worker) gets 401 stale=true; a higher nc on the same nonce passes",
          computed)


def foreign_checks(base, other, check):
    def foreign():
        status, own = raw_get(base, "/digest")
        _, theirs = raw_get(other, "/digest")
        assert status == 401 and challenge_params(own)["realm"] == challenge_params(theirs)["realm"]
        # The same answer with our own nonce is accepted: the computation is right.
        assert raw_get(base, "/digest", answer(own, "GET", "/digest", PASSWORD))[0] == 200
        status, header = raw_get(base, "/digest", answer(theirs, "GET", "/digest", PASSWORD))
        assert status == 401 and stale(header), (status, header)
        status, header = raw_get(base, "/digest", answer(theirs, "GET", "/digest", "wrong"))
        assert status == 401 and not stale(header), (status, header)

    check("a nonce of another secret with the right response gets stale=true (wrong: no stale)", foreign)


def one_slot_checks(base, check):
    def forgotten():
        (_, a, _), (_, b, _) = exchange(base, "/digest"), exchange(base, "/digest")
        ca, cb = os.urandom(8).hex(), os.urandom(8).hex()
        sent = lambda ch, cnonce, nc: exchange(base, "/digest", answer(ch, "GET", "/digest", PASSWORD,
                                                                       nc=nc, cnonce=cnonce))
        assert sent(a, ca, 1)[0] == 200
        assert sent(b, cb, 1)[0] == 200  # the table is full: the first nonce is forgotten
        for nc in (2, 1):  # its next count, and a replay: stale, with a fresh nonce
            status, header, _ = sent(a, ca, nc)
            assert status == 401 and stale(header), (nc, status, header)
            assert challenge_params(header)["nonce"] not in (challenge_params(a)["nonce"],
                                                             challenge_params(b)["nonce"])
        assert sent(b, cb, 1)[0] == 401 and sent(b, cb, 2)[0] == 200  # the one held goes on

    check("one slot: a second nonce makes the first one forgotten: stale=true, never replayed",
          forgotten)


# ------------------------------------------------- offered algorithms

def used_algorithm(authorization):
    return challenge_params(authorization).get("algorithm", "MD5").upper()


def offer_checks(base, path, algorithms, check):
    """`path` offers `algorithms`, one WWW-Authenticate line each. What each
    client answers with, measured (curl 7.88, requests 2.34, httpx 0.28):
    curl and httpx the first line, requests the last (it joins the lines and
    reads the parameters of one challenge, the last value winning)."""
    def offers():
        url = urllib.parse.urlsplit(base)
        conn = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
        conn.request("GET", path)
        r = conn.getresponse()
        r.read()
        lines = r.headers.get_all("WWW-Authenticate") or []
        conn.close()
        offered = [used_algorithm(line) for line in lines]
        assert r.status == 401 and offered == algorithms, (r.status, lines)
        rc, ex, out = curl_trace("--digest", "-u", f"{USER}:{PASSWORD}", f"{base}{path}")
        assert rc == 0 and [e[2] for e in ex] == [401, 200] and '"alice"' in out, (rc, ex)
        used = {"curl": used_algorithm(ex[1][1])}
        for label, session in ("requests", requests_session), ("httpx", httpx_session):
            with session(PASSWORD) as s:
                r = s.get(f"{base}{path}", timeout=10)
            assert r.status_code == 200 and r.json() == {"username": USER}, (label, r.status_code)
            used[label] = used_algorithm(r.request.headers["Authorization"])
        expected = {"curl": algorithms[0], "requests": algorithms[-1], "httpx": algorithms[0]}
        assert used == expected, f"answered with {used}, not {expected}"

    check(f"{path} offers {','.join(algorithms)}: curl and httpx answer {algorithms[0]}, "
          f"requests {algorithms[-1]}", offers)


# ------------------------------------------------- nginx's conventions

def raw_body(base, path):
    url = urllib.parse.urlsplit(base)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
    conn.request("GET", path)
    r = conn.getresponse()
    body = r.read()
    conn.close()
    return r.status, r.getheader("WWW-Authenticate"), body


def nginx_checks(base, check):
    def authenticates(path):
        rc, ex, out = curl_trace("--digest", "-u", f"{USER}:{PASSWORD}", f"{base}{path}")
        assert rc == 0 and ex[-1][2] == 200 and '"alice"' in out, (rc, ex, out)

    def satisfy_allow():
        status, header, _ = raw_body(base, "/digest-satisfy-allow")
        assert status == 200 and header is None, (status, header)

    def satisfy_deny():
        status, header, _ = raw_body(base, "/digest-satisfy-deny")
        assert status == 401 and challenge_params(header)["nonce"], (status, header)
        authenticates("/digest-satisfy-deny")

    def error_page():
        status, header, body = raw_body(base, "/digest-error-page")
        assert status == 401 and body == b'{"custom":"page"}' and challenge_params(header), (status, body)
        authenticates("/digest-error-page")

    check("nginx: satisfy any + allow passes without a challenge", satisfy_allow)
    check("nginx: satisfy any + deny challenges, curl --digest passes", satisfy_deny)
    check("nginx: error_page 401 keeps the challenge, curl --digest passes", error_page)
    check("nginx: an internal redirect after the check (try_files) is not a replay: "
          "curl --digest passes", lambda: authenticates("/digest-redirect"))


# --------------------------------------------------------- unknown users

def whole_answer(base, path, authorization):
    """One GET on a new connection: the status, the header lines but Date and
    X-Worker (the answering worker, --several-workers), the nonces masked, and
    the body."""
    url = urllib.parse.urlsplit(base)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
    conn.request("GET", path, headers={"Authorization": authorization})
    r = conn.getresponse()
    body = r.read()
    conn.close()
    lines = [(k.lower(), re.sub(r'nonce="[^"]*"', 'nonce="-"', v)) for k, v in r.getheaders()
             if k.lower() not in ("date", "x-worker")]
    return r.status, lines, body


def unknown_user_checks(base, paths, check):
    """An unknown user is refused exactly as a known user's wrong response
    (the server does the same work for both: examples/nginx/README.md)."""
    def same_answer(path):
        status, challenge = raw_get(base, path)
        assert status == 401, status
        wrong = whole_answer(base, path, answer(challenge, "GET", path, "wrong"))
        for user in ("nobody", "alic\u00e9", USER.upper(), USER + "2", ""):
            unknown = whole_answer(base, path, answer(challenge, "GET", path, "wrong", user=user))
            assert unknown == wrong and wrong[0] == 401 and not stale(dict(wrong[1])["www-authenticate"]), \
                (user, unknown, wrong)

    def dummy_refused(path):
        # An unknown user is verified against an HA1 of zeros, then refused
        # even when the response is the one that HA1 gives.
        status, challenge = raw_get(base, path)
        hex_len = 64 if challenge_params(challenge).get("algorithm", "MD5").upper() == "SHA-256" else 32
        for ha1 in ("0" * hex_len, "0" * 32, "0" * 64):
            status, header = raw_get(base, path, answer(challenge, "GET", path, "", user="nobody", ha1=ha1))
            assert status == 401 and not stale(header), (ha1, status, header)

    for path in paths:
        check(f"{path}: an unknown user gets the same 401 as a wrong password (status, headers, body)",
              lambda: same_answer(path))
        check(f"{path}: an unknown user answering the dummy HA1 is refused", lambda: dummy_refused(path))


# ----------------------------------------------------- the slow upstream

def start_slow_upstream(port, delay):
    class Slow(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self):
            time.sleep(delay)
            self.send_response(302)
            self.send_header("Location", "/digest-short")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Slow)
    threading.Thread(target=server.serve_forever, daemon=True).start()


def main():
    args = sys.argv[1:]
    base = args[0].rstrip("/")
    option = lambda name, default: args[args.index(name) + 1] if name in args else default
    lifetime = int(option("--short-lifetime", "2"))
    if "--slow-upstream" in args:
        start_slow_upstream(int(option("--slow-upstream", "0")), lifetime + 2)
    results = []

    def check(name, fn):
        try:
            fn()
            results.append(True)
            print(f"ok   {name}")
        except Exception as e:  # noqa: BLE001 - every failure is reported, then counted
            results.append(False)
            print(f"FAIL {name}: {type(e).__name__}: {e}")

    if "--strict" in args:
        print(f"== Digest at {base}, strict profile")
        strict_checks(base, check)
        return summary(results)
    if "--one-slot" in args:
        print(f"== Digest at {base}, one nonce-count slot")
        one_slot_checks(base, check)
        return summary(results)
    print(f"== Digest at {base} (curl, requests {requests.__version__}, httpx {httpx.__version__})")
    curl_checks(base, check)
    python_checks("requests HTTPDigestAuth", requests_session, base, lifetime, check)
    python_checks("httpx.DigestAuth", httpx_session, base, lifetime, check)
    downgrade_checks(base, check)
    replay_checks(base, "--several-workers" in args, check)
    if "--foreign-nonce-from" in args:
        foreign_checks(base, option("--foreign-nonce-from", "").rstrip("/"), check)
    if "--nginx-conventions" in args:
        nginx_checks(base, check)
    if "--unknown-users" in args:
        unknown_user_checks(base, option("--unknown-users", "/digest").split(","), check)
    for i, arg in enumerate(args):
        if arg == "--offers":
            path, algorithms = args[i + 1].split("=", 1)
            offer_checks(base, path, algorithms.split(","), check)
    return summary(results)


if __name__ == "__main__":
    sys.exit(main())
