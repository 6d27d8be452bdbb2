#!/usr/bin/env python3
"""include/authparse.h: its declarations in reading order, and reorderings
that change nothing else.

  header_order.py HEADER              check the reading order: in each kind of
                                      declaration (#define, typedef, function),
                                      the sections come as SECTIONS lists them
  header_order.py --same OLD NEW      OLD and NEW hold the same blocks (the
                                      text between blank lines), in any order:
                                      a reordering changed nothing else

Exit status 1 with the offending names or blocks otherwise.
"""
import re
import sys
from collections import Counter

# The reading order, and the names of each section (first match wins).
SECTIONS = [
    ("version", r"^authparse_version$|^AUTHPARSE_VERSION"),
    ("status", r"^authparse_status|^AUTHPARSE_STATUS_"),
    ("views", r"^authparse_str$|^authparse_profile$|^AUTHPARSE_PROFILE_"),
    ("request", r"^authparse_header$|^authparse_request"),
    ("outcome", r"^authparse_(outcome|reason|challenge)|^AUTHPARSE_(OUTCOME|REASON|CHALLENGE)_"
                r"|_BODY$"),
    ("openapi", r"^authparse_openapi|^AUTHPARSE_OPENAPI|^AUTHPARSE_CLASS|^authparse_class$"
                r"|^authparse_scope_description$|^authparse_json_member$"),
    ("forms", r"password_form|^authparse_(form|field|rejection)|^AUTHPARSE_(FORM|FIELD|REJECTION)_"),
    ("schemes", r"^authparse_scheme_config|_extract$|^authparse_(basic|authorization)_credentials$"
                # HTTP Digest verification; the parameter cursor is a codec
                r"|^authparse_digest_(?!iter|param$|param_unescape$|is_valid_response$)"
                r"|^AUTHPARSE_DIGEST_"),
    ("scopes", r"(?i)scopes|^authparse_scope_list$"),
    ("codecs", r"^authparse_(authorization|base64|urlencoded|cookie|multipart|digest|text|"
               r"whitespace|ct_eq|wipe)|^AUTHPARSE_ITER_"),
]
ORDER = ["version", "status", "views", "request", "outcome", "schemes", "forms", "scopes",
         "codecs", "openapi"]


def section(name):
    for sec, pattern in SECTIONS:
        if re.search(pattern, name):
            return sec
    return None


# The macros of ffi/cbindgen.toml's `after_includes`, ahead of the generated part.
PROLOGUE = {"AUTHPARSE_VERSION", "AUTHPARSE_NOT_AUTHENTICATED_BODY", "AUTHPARSE_BAD_REQUEST_BODY"}


def declarations(text):
    """(kind, name) of every top-level declaration, in order. cbindgen writes
    the untyped constants, then the structs, then the typed constants, then
    the functions: each kind is checked on its own. A type alias (`typedef
    uint32_t authparse_reason;`) is left out: cbindgen puts it right before
    the first struct that uses it."""
    out, kinds = [], []
    for line in text.splitlines():
        m = re.match(r"#define (AUTHPARSE_\w+) ", line)
        if m:
            if m.group(1) not in PROLOGUE:
                out.append(("constants" if "struct" not in kinds else "typed constants",
                            m.group(1)))
            continue
        m = re.match(r"typedef struct (authparse_\w+) \{", line)
        if m:
            kinds.append("struct")
            out.append(("struct", m.group(1)))
            continue
        m = re.match(r"[\w ]+?\**(authparse_\w+)\(", line)
        if m:
            out.append(("function", m.group(1)))
    return out


def check_order(path):
    text = open(path, encoding="utf-8").read()
    bad, last = [], {}
    for kind, name in declarations(text):
        sec = section(name)
        if sec is None:
            bad.append(f"{name}: in no section")
            continue
        rank = ORDER.index(sec)
        prev = last.get(kind)
        if prev is not None and rank < prev[0]:
            bad.append(f"{kind} {name} ({sec}) after {prev[1]} ({ORDER[prev[0]]})")
        if prev is None or rank >= prev[0]:
            last[kind] = (rank, name)
    for line in bad:
        print(f"!! {path}: {line}")
    if not bad:
        print(f"{path}: declarations in reading order ({' > '.join(ORDER)})")
    return not bad


def blocks(path):
    text = open(path, encoding="utf-8").read()
    return Counter(b.strip("\n") for b in re.split(r"\n\s*\n", text) if b.strip())


def check_same(old, new):
    a, b = blocks(old), blocks(new)
    gone, added = a - b, b - a
    for blk in gone.elements():
        print(f"!! only in {old}:\n{blk}\n")
    for blk in added.elements():
        print(f"!! only in {new}:\n{blk}\n")
    if not gone and not added:
        print(f"{old} and {new}: the same {sum(a.values())} blocks, reordered")
    return not gone and not added


if __name__ == "__main__":
    args = sys.argv[1:]
    if len(args) == 3 and args[0] == "--same":
        sys.exit(0 if check_same(args[1], args[2]) else 1)
    if len(args) == 1:
        sys.exit(0 if check_order(args[0]) else 1)
    sys.exit(__doc__)
