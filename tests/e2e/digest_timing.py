#!/usr/bin/env python3
"""How long nginx's authparse_digest takes to refuse an unknown user and a
known user's wrong response (examples/nginx/README.md, HTTP Digest).

Usage: digest_timing.py BASE_URL PATH NGINX_MASTER_PID [ROUNDS [PER_ROUND]] [--check]

ROUNDS times (default 20), a keep-alive connection sends PER_ROUND
(default 500, at most 1000) requests of each kind, in turn: `alice` with a wrong response
and `nobody-here` with one, both to one challenge's nonce (a refused
response never reaches the nonce table, so the nonce stays usable). Each
answer must be 401 with the same body and headers but the nonce. Prints the
median over the rounds of the wall time per request (client side) and of
the worker's CPU time per request (/proc/PID/schedstat, nanoseconds), for
each kind, and the differences. The nginx must run one worker. A long
query in PATH (it is part of the signed target, hashed by the verification)
makes the verification's share large: with 6000 bytes it was 19-34 us of
50-85 us when an unknown user skipped it. --check fails (exit 1) when the
unknown user's CPU median is below 0.85 times the known user's.
"""
import os
import re
import socket
import statistics
import sys
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from check_digest import answer  # noqa: E402
from procfs import worker_of  # noqa: E402


def cpu_ns(pid):
    with open(f"/proc/{pid}/schedstat") as f:
        return int(f.read().split()[0])


def request(sock, buf, path, authorization):
    sock.sendall(f"GET {path} HTTP/1.1\r\nHost: t\r\nAuthorization: {authorization}\r\n\r\n".encode())
    while b"\r\n\r\n" not in buf[0]:
        buf[0] += sock.recv(65536)
    head, rest = buf[0].split(b"\r\n\r\n", 1)
    length = int(re.search(rb"(?i)content-length: *(\d+)", head)[1])
    while len(rest) < length:
        rest += sock.recv(65536)
    buf[0] = rest[length:]
    return head, rest[:length]


def main():
    args = [a for a in sys.argv[1:] if a != "--check"]
    base, path, master = args[0], args[1], int(args[2])
    rounds = int(args[3]) if len(args) > 3 else 20
    per_round = int(args[4]) if len(args) > 4 else 500
    url = urllib.parse.urlsplit(base)
    worker = worker_of(master)
    sock = socket.create_connection((url.hostname, url.port))
    buf = [b""]
    head, _ = request(sock, buf, path, "Digest x")
    challenge = re.search(rb"(?im)^www-authenticate: *(.*?)\r?$", head)[1].decode()
    wrong = answer(challenge, "GET", path, "wrong-password")
    kinds = {"known user, wrong response": wrong,
             "unknown user": wrong.replace('username="alice"', 'username="nobody-here"')}
    shape = {}
    for name, authorization in kinds.items():
        head, body = request(sock, buf, path, authorization)
        shape[name] = (re.sub(rb'nonce="[^"]*"|Date: [^\r]*', b"", head), body)
    assert len(set(shape.values())) == 1 and b" 401 " in head, shape
    wall = {name: [] for name in kinds}
    cpu = {name: [] for name in kinds}
    sock.close()
    for _ in range(rounds):
        for name, authorization in kinds.items():
            # One connection per batch: nginx closes one after keepalive_requests (1000).
            sock, buf = socket.create_connection((url.hostname, url.port)), [b""]
            c0, t0 = cpu_ns(worker), time.perf_counter_ns()
            for _ in range(per_round):
                request(sock, buf, path, authorization)
            t1, c1 = time.perf_counter_ns(), cpu_ns(worker)
            sock.close()
            wall[name].append((t1 - t0) / per_round)
            cpu[name].append((c1 - c0) / per_round)
    shown = path if len(path) < 60 else f"{path.split('?')[0]}?({len(path.split('?', 1)[1])}-byte query)"
    print(f"{rounds} rounds x {per_round} requests of each kind, {shown}; medians per request:")
    for name in kinds:
        print(f"  {name:28} wall {statistics.median(wall[name]) / 1000:7.2f} us   "
              f"worker CPU {statistics.median(cpu[name]) / 1000:7.2f} us")
    a, b = kinds
    print(f"  difference (known - unknown): wall "
          f"{(statistics.median(wall[a]) - statistics.median(wall[b])) / 1000:+.2f} us, worker CPU "
          f"{(statistics.median(cpu[a]) - statistics.median(cpu[b])) / 1000:+.2f} us")
    ratio = statistics.median(cpu[b]) / statistics.median(cpu[a])
    if "--check" in sys.argv:
        print(("ok   " if ratio >= 0.85 else "FAIL ") + f"an unknown user's refusal costs {ratio:.2f} "
              "times the CPU of a known user's (at least 0.85)")
        return 0 if ratio >= 0.85 else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
