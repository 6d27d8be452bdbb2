#!/usr/bin/env python3
"""Writes fuzz/seeds/<target>/ from the conformance cases.

Sources: tests/data/fastapi-public.jsonl and, when present,
../shared/conformance/fastapi-multipart-public.jsonl (python-multipart's
corpus as password forms). Strings in the cases are Latin-1 (one byte per
character). Each seed is in the target's input format (see
fuzz/src/lib.rs `Input`): a flags byte, then fields joined by FE FF; the
`schemes` target reads header lines split at LF, each led by a name byte.

Run from the repository root:  python3 fuzz/make-seeds.py
"""
import hashlib
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEP = b"\xfe\xff"
SOURCES = [
    os.path.join(ROOT, "tests/data/fastapi-public.jsonl"),
    os.path.join(ROOT, "../shared/conformance/fastapi-multipart-public.jsonl"),
]
# Name bytes of the `schemes` and `ffi_schemes` targets (index into NAMES).
NAME_BYTE = {"authorization": 0, "x-api-key": 2, "cookie": 3, "host": 4}

seeds = {}


def latin1(s):
    return s.encode("latin-1", errors="replace") if isinstance(s, str) else b""


def add(target, flags, *fields):
    data = bytes([flags & 0xFF]) + SEP.join(latin1(f) if isinstance(f, str) else f for f in fields)
    seeds.setdefault(target, set()).add(data)


def add_raw(target, data):
    seeds.setdefault(target, set()).add(data)


def cases():
    for path in SOURCES:
        if not os.path.exists(path):
            continue
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    yield json.loads(line)


for case in cases():
    if "openapi" in case:
        o = case["openapi"]
        strings = [o.get(k, "") for k in ("name", "scheme_name", "description", "tokenUrl", "authorizationUrl", "openIdConnectUrl", "refreshUrl", "scheme")]
        strings = [s if isinstance(s, str) else json.dumps(s) for s in strings]
        for flags in (0x00, 0x34, 0x59, 0xEA):
            add("openapi", flags, *strings[:4])
            add("ffi_openapi", flags, *strings)
        continue
    scheme = case["scheme"]
    req = case["request"]
    headers = req.get("headers", [])
    query, body = req.get("query", ""), req.get("body", "")
    name = scheme.get("name", scheme.get("scheme", ""))
    realm = scheme.get("realm", "")
    for h_name, value in headers:
        v = latin1(value)
        add_raw("authorization", v)
        add("text", 0, value, value)
        add("whitespace", 0, value, value)
        add("ffi_primitives", 0, value, name)
        if v[:6].lower() == b"basic ":
            add_raw("base64", v[6:])
        if v[:7].lower() == b"digest ":
            add_raw("digest", v[7:])
            add("ffi_tokenizers", 0, v[7:])
        if h_name.lower() == "cookie":
            add("cookie", 0, value, name)
            add("ffi_tokenizers", 0, value)
        if h_name.lower() == "content-type":
            add("multipart", 0, value, body, "boundary")
            add("ffi_tokenizers", 0, body, value)
    lines = b"\n".join(bytes([NAME_BYTE.get(n.lower(), 5)]) + latin1(v) for n, v in headers)
    for config in (0, 1, 2, 3):
        add_raw("schemes", bytes([config]) + lines)
        add("ffi_schemes", config | 4 * bool(realm), realm, name, query,
            *[bytes([NAME_BYTE.get(n.lower(), 5)]) + latin1(v) for n, v in headers])
    if query:
        add("urlencoded", 0, query, name, query)
        add("ffi_primitives", 0, query, name)
        add("ffi_tokenizers", 0, query)
    if realm:
        add("response", 0, realm)
        add("response", 1, realm)
    add("response", 10, name or "Other")
    if scheme["class"].startswith("OAuth2PasswordRequestForm"):
        ct = dict((n.lower(), v) for n, v in headers).get("content-type", "")
        kind = 0 if ct.lower().startswith("application/x-www-form-urlencoded") else 2
        add("password_form", kind, ct, body)
        add("ffi_form", kind, "", body, ct)
        if kind == 0:
            add("urlencoded", 0, body, "username", body)
            for piece in body.split("&"):
                if piece.startswith("scope="):
                    scope = piece[6:].replace("+", " ")
                    add("scopes", 1, scope, "me", "items", scope)
                    add("ffi_form", 0, scope, body, ct, "me", "items")

for target, items in sorted(seeds.items()):
    d = os.path.join(ROOT, "fuzz/seeds", target)
    os.makedirs(d, exist_ok=True)
    for data in sorted(items):
        with open(os.path.join(d, "case-" + hashlib.sha1(data).hexdigest()[:12]), "wb") as f:
            f.write(data)
    print(f"{target}: {len(items)} seeds", file=sys.stderr)
