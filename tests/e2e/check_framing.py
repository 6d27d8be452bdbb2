#!/usr/bin/env python3
"""Hostile request framing against an example server, over raw sockets:
every case must get its status (never a crash or a hang), and the server
must still answer a valid request afterwards. Also checks that a client
that stays silent does not hold the (single-threaded) server up for longer
than its read timeout.

Usage: check_framing.py HOST:PORT [--idle-timeout S]"""
import socket
import sys
import time


def exchange(addr, raw, timeout=10.0):
    """Sends `raw`, returns the status of the answer (None if the server
    closed without one)."""
    host, port = addr.rsplit(":", 1)
    with socket.create_connection((host, int(port)), timeout=timeout) as s:
        s.sendall(raw)
        data = b""
        while b"\r\n" not in data:
            more = s.recv(4096)
            if not more:
                return None
            data += more
        return int(data.split(b" ", 2)[1])


def post(headers, body=b""):
    return b"POST /token HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n" + \
        b"".join(h + b"\r\n" for h in headers) + b"\r\n" + body


def main():
    addr = sys.argv[1]
    idle = float(sys.argv[sys.argv.index("--idle-timeout") + 1]) if "--idle-timeout" in sys.argv else None
    form = b"grant_type=password&username=johndoe&password=secret"  # valid in both profiles
    valid = post([b"Content-Length: %d" % len(form)], form)
    cases = [
        ("Content-Length -1", post([b"Content-Length: -1"]), 400),
        ("Content-Length +5", post([b"Content-Length: +5"], b"x=1&y"), 400),
        ("Content-Length not a number", post([b"Content-Length: abc"]), 400),
        ("Content-Length as a list", post([b"Content-Length: 5, 5"], b"x=1&y"), 400),
        ("two different Content-Lengths", post([b"Content-Length: 5", b"Content-Length: 6"], b"x=1&y"), 400),
        ("Content-Length 2^64 - 1", post([b"Content-Length: 18446744073709551615"], b"x"), 413),
        ("Content-Length 10^30", post([b"Content-Length: " + b"1" + b"0" * 30], b"x"), 413),
        ("Content-Length over the body limit", post([b"Content-Length: 99999999999"], b"x"), 413),
        ("Transfer-Encoding chunked", post([b"Transfer-Encoding: chunked"], b"0\r\n\r\n"), 501),
        ("a 70 KiB header", b"GET /basic HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 70000 + b"\r\n\r\n", 431),
        ("100 header lines", b"GET /basic HTTP/1.1\r\n" + b"".join(b"X-%d: 1\r\n" % i for i in range(100)) + b"\r\n",
         431),
        ("two equal Content-Lengths", post([b"Content-Length: %d" % len(form)] * 2, form), 200),
        ("valid request after all of them", valid, 200),
    ]
    failed = 0
    for name, raw, status in cases:
        try:
            got = exchange(addr, raw)
        except OSError as e:
            got = f"{type(e).__name__}: {e}"
        ok = got == status
        failed += not ok
        print(f"{'ok  ' if ok else 'FAIL'} {name}" + ("" if ok else f": {got!r}, expected {status}"))
    if idle is not None:
        host, port = addr.rsplit(":", 1)
        with socket.create_connection((host, int(port))) as silent:
            silent.sendall(b"GET /basic HTTP/1.1\r\n")  # and then nothing
            start = time.monotonic()
            try:
                got = exchange(addr, valid, timeout=idle + 5)
            except OSError as e:
                got = f"{type(e).__name__}: {e}"
            waited = time.monotonic() - start
        ok = got == 200 and waited < idle + 5
        failed += not ok
        print(f"{'ok  ' if ok else 'FAIL'} a silent client is dropped after {idle} s"
              + ("" if ok else f": {got!r} after {waited:.1f} s"))
    total = len(cases) + (idle is not None)
    print(f"{total - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
