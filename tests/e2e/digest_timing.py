#!/usr/bin/env python3
"""How long nginx's authparse_digest takes to refuse an unknown user and a
known user's wrong response: a measurement, not a test (examples/nginx/README.md).

Usage: digest_timing.py BASE_URL PATH NGINX_MASTER_PID [ROUNDS [PER_ROUND]]

One keep-alive connection sends, ROUNDS times (default 20), PER_ROUND
(default 500) requests of each kind, in turn: `alice` with a wrong response
and `nobody-here` with one, both to one challenge's nonce (a refused
response never reaches the nonce table, so the nonce stays usable). Each
answer must be 401 with the same body and headers but the nonce. Prints the
median over the rounds of the wall time per request (client side) and of
the worker's CPU time per request (/proc/PID/schedstat, nanoseconds), for
each kind, and the differences. The nginx must run one worker.
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
    base, path, master = sys.argv[1], sys.argv[2], int(sys.argv[3])
    rounds = int(sys.argv[4]) if len(sys.argv) > 4 else 20
    per_round = int(sys.argv[5]) if len(sys.argv) > 5 else 500
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
    for _ in range(rounds):
        for name, authorization in kinds.items():
            c0, t0 = cpu_ns(worker), time.perf_counter_ns()
            for _ in range(per_round):
                request(sock, buf, path, authorization)
            t1, c1 = time.perf_counter_ns(), cpu_ns(worker)
            wall[name].append((t1 - t0) / per_round)
            cpu[name].append((c1 - c0) / per_round)
    sock.close()
    print(f"{rounds} rounds x {per_round} requests of each kind, {path}; medians per request:")
    for name in kinds:
        print(f"  {name:28} wall {statistics.median(wall[name]) / 1000:7.2f} us   "
              f"worker CPU {statistics.median(cpu[name]) / 1000:7.2f} us")
    a, b = kinds
    print(f"  difference (known - unknown): wall "
          f"{(statistics.median(wall[a]) - statistics.median(wall[b])) / 1000:+.2f} us, worker CPU "
          f"{(statistics.median(cpu[a]) - statistics.median(cpu[b])) / 1000:+.2f} us")
    return 0


if __name__ == "__main__":
    sys.exit(main())
