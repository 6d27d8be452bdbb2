"""Multipart password-form bodies, well-formed and damaged, as conformance cases.

    python3 generate.py SEED COUNT > cases.jsonl

Writes request cases (no `expect`) for both password-form classes; run them
through `oracle.py` (FastAPI itself) to record FastAPI's answers. The bodies
are derived from a random seed; nothing here knows what FastAPI answers.
"""
import json
import random
import sys

FIELDS = ["grant_type", "username", "password", "scope", "client_id", "client_secret"]
VALUES = {
    "grant_type": ["password", "Password", "refresh_token", "password\n", ""],
    "username": ["john", "j\u00e9", "", " ", "a;b", "x\r\ny"],
    "password": ["secret", "s\u00e9cret", "", "p\r\n--XB", "pa\"ss"],
    "scope": ["me items", "a\u00a0b", "", "read\twrite"],
    "client_id": ["cid", ""],
    "client_secret": ["cs", ""],
}
INTERESTING = b"\r\n:- \t\";=\\x\x00\x7f\xe9"


def latin1(b):
    return b.decode("latin-1")


def disposition(rng, name, filename=None):
    quote = rng.random() < 0.7
    n = f'"{name}"' if quote else name
    key = rng.choice(["name", "name", "NAME", "Name"])
    sep = rng.choice(["; ", ";", " ; ", ";\t"])
    s = f"form-data{sep}{key}={n}"
    if filename is not None:
        s += f'; filename="{filename}"' if rng.random() < 0.8 else f"; filename={filename}"
    if rng.random() < 0.1:
        s += "; name*=utf-8''other"
    return s.encode("utf-8")


def part(rng, boundary, name, value, file=False):
    headers = []
    hname = rng.choice([b"Content-Disposition", b"content-disposition", b"CONTENT-DISPOSITION"])
    filename = None
    if file:
        filename = rng.choice(["f", "a.txt", "C:\\\\dir\\\\x.txt", "\u00e9.bin", ""])
    headers.append(hname + b":" + b" " * rng.choice([0, 1, 1, 2]) + disposition(rng, name, filename))
    if rng.random() < 0.3:
        headers.append(b"Content-Type: " + rng.choice([b"text/plain", b"application/octet-stream", b"text/plain; charset=utf-8"]))
    if rng.random() < 0.15:
        headers.append(b"X-Extra:" + rng.choice([b" v", b"", b"  two  ", b"\xe9\x01"]))
    rng.shuffle(headers) if rng.random() < 0.2 else None
    data = value.encode(rng.choice(["utf-8", "utf-8", "latin-1"]), "replace")
    if file:
        data = rng.choice([b"", b"a\n", b"ab\ncd", b"secret", b"x\ny\n", b"line one\nline two\n", data])
    return b"--" + boundary + b"\r\n" + b"".join(h + b"\r\n" for h in headers) + b"\r\n" + data + b"\r\n"


def well_formed(rng, boundary):
    names = [f for f in FIELDS if rng.random() < 0.6]
    if rng.random() < 0.8:
        names += ["username", "password"]
    if rng.random() < 0.2:
        names.append(rng.choice(["other", "user name", "usernamE"]))
    rng.shuffle(names)
    body = b""
    if rng.random() < 0.15:
        body += rng.choice([b"\r\n", b"\n", b"\r\n\r\n", b"\r\npreamble\r\n", b"preamble\r\n", b"\r\nx-y\r\n"])
    for n in names:
        value = rng.choice(VALUES.get(n, ["v"]))
        body += part(rng, boundary, n, value, file=rng.random() < 0.1)
    body += b"--" + boundary + rng.choice([b"--\r\n", b"--", b"--\r\nepilogue", b"--\r", b"-\r\n", b"\r\n"])
    return body


DELIMITER_TAILS = [b"", b"--", b" ", b"\t\r\n", b" x", b"-", b"\r", b"\rx", b"x", b"\r\n", b"--\r\n"]
DISPOSITIONS = [
    b'form-data; name="user\\\\name"',
    b'form-data; name="username" ; name="password"',
    b'form-data; filename="f"',
    b"form-data; name=username;filename=",
    b'form-data; name="a;b"; name=password',
    b'form-data; name="pass\\"word"',
    b"form-data; name*=utf-8''username",
    b"form-data; name",
    b"",
    b"form-data;",
]


def damage(rng, body, boundary):
    if rng.random() < 0.15:
        kinds = []
        for _ in range(rng.randrange(2, 4)):
            body, kind = damage_once(rng, body, boundary)
            kinds.append(kind)
        return body, "+".join(kinds)
    return damage_once(rng, body, boundary)


def damage_once(rng, body, boundary):
    kind = rng.choice(["truncate", "truncate", "mutate", "mutate", "insert", "delete", "headers",
                       "splice", "leading", "disposition", "none", "none", "none"])
    if kind == "splice":
        i = rng.randrange(len(body) + 1)
        return body[:i] + b"\r\n--" + boundary + rng.choice(DELIMITER_TAILS) + body[i:], kind
    if kind == "leading":
        junk = b"".join(rng.choice([b"\r", b"\n", b"\r\n", b"x", b"-", b" "]) for _ in range(rng.randrange(1, 5)))
        return junk + body, kind
    if kind == "disposition":
        i = body.find(b"form-data")
        if i >= 0:
            j = body.find(b"\r", i)
            return body[:i] + rng.choice(DISPOSITIONS) + body[j:], kind
    if kind == "truncate" and body:
        return body[: rng.randrange(len(body))], kind
    if kind == "mutate" and body:
        i = rng.randrange(len(body))
        return body[:i] + bytes([rng.choice(INTERESTING)]) + body[i + 1 :], kind
    if kind == "insert":
        i = rng.randrange(len(body) + 1)
        return body[:i] + bytes([rng.choice(INTERESTING)]) + body[i:], kind
    if kind == "delete" and body:
        i = rng.randrange(len(body))
        return body[:i] + body[i + 1 :], kind
    if kind == "headers":
        marker = b"\r\n\r\n"
        i = body.find(marker)
        if i > 0:
            extra = rng.choice([
                b"\r\nX-A: b\r\nX-B: c\r\nX-C: d\r\nX-D: e\r\nX-E: f\r\nX-F: g\r\nX-G: h\r\nX-H: i",
                b"\r\nNoColon",
                b"\r\n: empty-name",
                b"\r\nX-Long: " + b"v" * rng.choice([4200, 4215, 4216, 4300]),
                b"\r\nX-Bad\x01: v",
                b"\r\n\tfolded",
                b"\r\nContent-Disposition: form-data",
                b"\r\nContent-Disposition: form-data; ==x",
                b"\r\nX-Lf: a\nb",
                b"\r\nX-Cr: a\rb",
                b"\r\nX-Sp:" + b" " * rng.choice([10, 4300]),
                b"\r\n\r\n",
                b"\r",
            ])
            return body[:i] + extra + body[i:], kind
    return body, "none"


def content_type(rng, boundary):
    b = latin1(boundary)
    choice = rng.random()
    if choice < 0.75:
        ct = f"multipart/form-data; boundary={b}"
    elif choice < 0.85:
        ct = f'multipart/form-data; boundary="{b}"'
    elif choice < 0.9:
        ct = f"Multipart/Form-Data; charset={rng.choice(['latin-1', 'utf-8', 'UTF8', 'bogus', 'ascii'])}; boundary={b}"
    elif choice < 0.95:
        ct = f"multipart/form-data; boundary={b}; boundary=other"
    else:
        ct = rng.choice(["multipart/form-data", "multipart/form-data; boundary=", f"multipart/form-data; boundary={'x' * 257}"])
    return ct


def main():
    seed, count = int(sys.argv[1]), int(sys.argv[2])
    rng = random.Random(seed)
    for n in range(count):
        boundary = rng.choice([b"XB", b"----WebKitFormBoundary7MA4YWxkTrZu0gW", b"b", b"a-b", b"x" * 70])
        body = well_formed(rng, boundary)
        body, kind = damage(rng, body, boundary)
        cls = rng.choice(["OAuth2PasswordRequestForm", "OAuth2PasswordRequestFormStrict"])
        case = {
            "id": f"mpd-{seed}-{n:04d}",
            "note": f"generated ({kind})",
            "scheme": {"class": cls},
            "request": {"headers": [["content-type", content_type(rng, boundary)]], "query": "", "body": latin1(body)},
        }
        print(json.dumps(case))


main()
