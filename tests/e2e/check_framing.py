#!/usr/bin/env python3
"""Hostile request framing against an example server, over raw sockets:
every case must get its status (never a crash or a hang), and the server
must still answer a valid request afterwards. Also checks that a client
that stays silent, or sends a byte now and then, does not hold the
(single-threaded) server up for much longer than its read timeout.

Usage: check_framing.py HOST:PORT [--idle-timeout S]"""
import socket
import sys
import threading
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


def slow_client_is_dropped(addr, valid, idle, drip):
    """A client that sends part of a head and then nothing (or, with `drip`,
    one byte every idle / 4 s for far longer than the timeout) must not keep
    a valid request from another client waiting much past `idle` s."""
    host, port = addr.rsplit(":", 1)
    with socket.create_connection((host, int(port))) as slow:
        slow.sendall(b"GET /basic HTTP/1.1\r\n")
        stop = threading.Event()

        def dripping():
            while not stop.wait(idle / 4):
                try:
                    slow.send(b"a")
                except OSError:
                    return

        if drip:
            slow.sendall(b"X-Pad: ")
            threading.Thread(target=dripping, daemon=True).start()
        start = time.monotonic()
        try:
            got = exchange(addr, valid, timeout=idle + 5)
        except OSError as e:
            got = f"{type(e).__name__}: {e}"
        waited = time.monotonic() - start
        stop.set()
    ok = got == 200 and waited < idle + 5
    what = "one dripping a byte every %.2f s" % (idle / 4) if drip else "a silent client"
    print(f"{'ok  ' if ok else 'FAIL'} {what} is dropped after {idle} s"
          + ("" if ok else f": {got!r} after {waited:.1f} s"))
    return ok


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
        ("100 header lines (a proxy adds many)",
         b"GET /basic HTTP/1.1\r\n" + b"".join(b"X-%d: 1\r\n" % i for i in range(100)) + b"\r\n", 401),
        ("200 header lines", b"GET /basic HTTP/1.1\r\n" + b"".join(b"X-%d: 1\r\n" % i for i in range(200)) + b"\r\n",
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
        failed += not slow_client_is_dropped(addr, valid, idle, drip=False)
        failed += not slow_client_is_dropped(addr, valid, idle, drip=True)
    total = len(cases) + 2 * (idle is not None)
    print(f"{total - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
