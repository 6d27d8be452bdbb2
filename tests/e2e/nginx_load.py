#!/usr/bin/env python3
"""A bounded wrk load run against the nginx of tests/e2e/nginx_load.conf.in.

Usage:
  nginx_load.py write-files DIR
      DIR/users_plain, DIR/users_apr1 (10 users; the one sent is the 5th),
      DIR/keys (10 keys), DIR/digest (htdigest, 10 users of the realm "load")
  nginx_load.py run BASE_URL MASTER_PID LUA_SCRIPT
      the cases below in interleaved rounds; prints requests/s and the
      worker's CPU per request, from /proc/PID/stat (utime + stime, in clock
      ticks) and from /proc/PID/schedstat (nanoseconds)

Each case mixes valid, wrong and malformed credentials (8:1:1); every
round has its own no-auth run, and a case's added cost is the median over
rounds of (case - no auth of that round). The run
fails on any unexpected status, any socket error, a worker that is no
longer the one it started with (a crash), or worker RSS growth of 1 MiB or
more after the warm-up. The cost ratios are reported, not asserted
(performance is shown in benchmarks, never in timed tests).

Environment: AUTHPARSE_LOAD_ROUNDS (default 5), AUTHPARSE_LOAD_SECONDS
(seconds per run, default 2), AUTHPARSE_LOAD_CONNECTIONS (default 8).
"""
import base64
import hashlib
import hmac
import itertools
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

from procfs import worker_of

USER, PASSWORD = "loaduser", "load-password"
KEY = "load-key-5"


def basic(user, password):
    return "Authorization: Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


def mix(valid, wrong, malformed, wrong_status=401):
    """8 valid, 1 wrong, 1 malformed, spread out: (status, header) pairs."""
    return [(200, valid)] * 4 + [(wrong_status, wrong)] + [(200, valid)] * 4 + [(wrong_status, malformed)]


def cookies(session):
    jar = [f"c{i:02d}=value-{i:02d}" for i in range(40)]
    if session is not None:
        jar[20] = f"session={session}"
    return "Cookie: " + "; ".join(jar)


BASIC_MIX = mix(basic(USER, PASSWORD), basic(USER, "wrong"), "Authorization: Basic !!!!")
CASES = {
    "none": ("/none", [(200, h) for _, h in BASIC_MIX]),
    "auth_basic {PLAIN}": ("/ab/plain", BASIC_MIX),
    "authparse Basic {PLAIN}": ("/ap/plain", BASIC_MIX),
    "auth_basic $apr1$": ("/ab/apr1", BASIC_MIX),
    "authparse Basic $apr1$": ("/ap/apr1", BASIC_MIX),
    "authparse bearer, key file": ("/ap/bearer", mix("Authorization: Bearer " + KEY,
                                                      "Authorization: Bearer load-key-x",
                                                      "Authorization: Basic " + KEY)),
    "authparse API-key cookie, 40 cookies": ("/ap/cookie", mix(cookies(KEY), cookies("wrong-key"),
                                                                cookies(None))),
}
# Digest: the secret and realm of /ap/digest, so that nonces are minted here.
DIGEST_SECRET, DIGEST_REALM, DIGEST_PATH = b"load-test-nonce-secret-0123456789", "load", "/ap/digest"
DIGEST_CASE = "authparse Digest MD5, a new nonce each"
_digest_unique = itertools.count(1)
_digest_t0 = int(time.time())  # after nginx started: its table forgets older nonces


def md5_hex(text):
    return hashlib.md5(text.encode()).hexdigest()


def digest_header(password, unique):
    """Authorization for GET /ap/digest with a nonce of our own (what nginx
    issues with the same secret: time, unique, HMAC-SHA-256 tag), nc=1.
    Issue times increase by 1 s per nonce (ahead of the clock, within the
    30-day lifetime), so a full group forgets only nonces older than every
    one still to come."""
    stamp = _digest_t0 + unique
    tag = hmac.new(DIGEST_SECRET, stamp.to_bytes(8, "big") + unique.to_bytes(8, "big")
                   + DIGEST_REALM.encode(), hashlib.sha256).hexdigest()[:32]
    nonce = f"{stamp:016x}{unique:016x}{tag}"
    ha1 = md5_hex(f"{USER}:{DIGEST_REALM}:{password}")
    response = md5_hex(f"{ha1}:{nonce}:00000001:0a4f113b:auth:{md5_hex('GET:' + DIGEST_PATH)}")
    return (f'Authorization: Digest username="{USER}", realm="{DIGEST_REALM}", nonce="{nonce}", '
            f'uri="{DIGEST_PATH}", qop=auth, nc=00000001, cnonce="0a4f113b", response="{response}"')


def digest_requests(count):
    """`count` requests in the 8:1:1 mix, each with a nonce never sent before."""
    out = []
    for i in range(count):
        slot = i % 10
        if slot in (4, 9):
            wrong = digest_header("wrong", next(_digest_unique))
            out.append((401, wrong if slot == 4 else wrong.replace("nc=00000001", "nc=1")))
        else:
            out.append((200, digest_header(PASSWORD, next(_digest_unique))))
    return out


CASES[DIGEST_CASE] = (DIGEST_PATH, None)  # requests made per run: digest_requests
RATIO_CASES = ["none", "auth_basic {PLAIN}", "authparse Basic {PLAIN}"]
OTHER_CASES = [c for c in CASES if c not in RATIO_CASES]


def write_files(directory):
    os.makedirs(directory, exist_ok=True)
    names = [f"user{i}" for i in range(10)]
    names[4] = USER
    apr1 = subprocess.run(["openssl", "passwd", "-apr1", "-salt", "loadsalt", PASSWORD],
                          check=True, capture_output=True, text=True).stdout.strip()
    with open(os.path.join(directory, "users_plain"), "w") as f:
        f.writelines(f"{n}:{{PLAIN}}{PASSWORD if n == USER else 'other-' + n}\n" for n in names)
    with open(os.path.join(directory, "users_apr1"), "w") as f:
        f.writelines(f"{n}:{apr1 if n == USER else apr1[:-4] + 'AAAA'}\n" for n in names)
    with open(os.path.join(directory, "keys"), "w") as f:
        f.writelines(f"load-key-{i}\n" for i in range(10))
    with open(os.path.join(directory, "digest"), "w") as f:
        f.writelines(f"{n}:{DIGEST_REALM}:{md5_hex(f'{n}:{DIGEST_REALM}:' + (PASSWORD if n == USER else n))}\n"
                     for n in names)
    return 0


# ------------------------------------------------------------------ /proc

def cpu_ticks(pid):
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime (fields 14, 15)


def cpu_ns(pid):
    return int(open(f"/proc/{pid}/schedstat").read().split()[0])


def rss_kib(pid):
    return int(re.search(r"VmRSS:\s+(\d+)", open(f"/proc/{pid}/status").read()).group(1))


# ------------------------------------------------------------------- runs

# Requests per second the Digest list is sized for (AUTHPARSE_LOAD_DIGEST_RATE):
# doubled, and the run repeated, when wrk outruns it, so a fast idle machine
# gets a longer list.
_digest_rate = [int(os.environ.get("AUTHPARSE_LOAD_DIGEST_RATE", "40000"))]


def run_wrk(base, lua, worker, case, seconds, connections):
    path, requests = CASES[case]
    for _ in range(3):
        once = None
        if requests is None:  # Digest: each request once (a second time would be a replay)
            once = tempfile.NamedTemporaryFile("w", suffix=".requests")
            once.writelines(f"{status}|{header}\n"
                            for status, header in digest_requests(_digest_rate[0] * seconds))
            once.flush()
            args = ["@" + once.name]
        else:
            args = [f"{status}|{header}" for status, header in requests]
        t0, n0 = cpu_ticks(worker), cpu_ns(worker)
        out = subprocess.run(["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "-s", lua,
                              base + path,
                              "--", path, *args], capture_output=True, text=True, timeout=seconds + 30)
        t1, n1 = cpu_ticks(worker), cpu_ns(worker)
        if once is None:
            break
        once.close()
        if "EXHAUSTED" not in out.stdout:
            break
        _digest_rate[0] *= 2  # wrk sent them all before the end: a longer list, and again
    else:
        raise SystemExit(f"{case}: wrk sent all {_digest_rate[0] // 2 * seconds} requests before "
                         f"{seconds} s three times")
    m = re.search(r"RESULT requests=(\d+) unexpected=(\d+) socket_errors=(\d+)", out.stdout)
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out.stdout)
    if out.returncode != 0 or m is None or rps is None:
        raise SystemExit(f"wrk failed ({out.returncode}): {out.stdout}\n{out.stderr}")
    n, unexpected, socket_errors = (int(g) for g in m.groups())
    tick_us = 1e6 / os.sysconf("SC_CLK_TCK")
    return {
        "requests": n, "unexpected": unexpected, "socket_errors": socket_errors,
        "rps": float(rps.group(1)),
        "us_stat": (t1 - t0) * tick_us / max(n, 1),
        "us_sched": (n1 - n0) / 1000 / max(n, 1),
    }


def run(base, master, lua):
    rounds = int(os.environ.get("AUTHPARSE_LOAD_ROUNDS", "5"))
    seconds = int(os.environ.get("AUTHPARSE_LOAD_SECONDS", "2"))
    connections = int(os.environ.get("AUTHPARSE_LOAD_CONNECTIONS", "8"))
    worker = worker_of(master)
    results = {case: [] for case in CASES}
    problems = []

    def one(case, secs, keep=True):
        r = run_wrk(base, lua, worker, case, secs, connections)
        if r["unexpected"] or r["socket_errors"]:
            problems.append(f"{case}: {r['unexpected']} unexpected statuses, "
                            f"{r['socket_errors']} socket errors in {r['requests']} requests")
        if keep:
            results[case].append(r)
        return r

    for case in CASES:  # warm-up: the pools and caches reach their working size
        one(case, 1, keep=False)
    rss_start = rss_kib(worker)
    # Interleaved rounds, each in another order and each with its own no-auth
    # run: a case's added cost is taken against the baseline of its round.
    rounds_run = []
    for i in range(rounds):
        order = RATIO_CASES[i % 3:] + RATIO_CASES[:i % 3]
        rounds_run.append({case: one(case, seconds) for case in order})
    for i in range(2):
        order = ["none"] + OTHER_CASES[i:] + OTHER_CASES[:i]
        rounds_run.append({case: one(case, seconds) for case in order})
    rss_end = rss_kib(worker)
    if worker_of(master) != worker:
        problems.append("the worker process changed (crashed and respawned)")
    if rss_end - rss_start >= 1024:
        problems.append(f"worker RSS grew by {rss_end - rss_start} KiB (limit 1 MiB)")

    def added(case, key):
        return [rd[case][key] - rd["none"][key] for rd in rounds_run if case in rd]

    print(f"{'case':40} {'runs':>4} {'req/s':>9} {'µs/req stat':>12} {'added':>7} "
          f"{'µs/req sched':>13} {'added':>7}")
    for case, runs in results.items():
        med = {k: statistics.median(r[k] for r in runs) for k in ("rps", "us_stat", "us_sched")}
        add = {k: statistics.median(added(case, k)) for k in ("us_stat", "us_sched")}
        print(f"{case:40} {len(runs):4d} {med['rps']:9.0f} {med['us_stat']:12.2f} {add['us_stat']:7.2f} "
              f"{med['us_sched']:13.2f} {add['us_sched']:7.2f}")
    print(f"worker RSS: {rss_start} KiB after the warm-up, {rss_end} KiB at the end")
    for name, key in (("stat", "us_stat"), ("schedstat", "us_sched")):
        ratios = [ap / ab for ap, ab in zip(added("authparse Basic {PLAIN}", key), added("auth_basic {PLAIN}", key))
                  if ab > 0]
        if ratios:
            print(f"ratio (authparse Basic {{PLAIN}} - none) / (auth_basic {{PLAIN}} - none), {name}: "
                  f"median {statistics.median(ratios):.2f} of {len(ratios)} rounds "
                  f"[{', '.join(f'{x:.2f}' for x in ratios)}] (target <= 0.5)")
    total = sum(r["requests"] for runs in results.values() for r in runs)
    print(f"{total} requests measured; {len(problems)} problems")
    for p in problems:
        print("!! " + p)
    return 1 if problems else 0


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "write-files":
        return write_files(sys.argv[2])
    if len(sys.argv) == 5 and sys.argv[1] == "run":
        return run(sys.argv[2], int(sys.argv[3]), sys.argv[4])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
