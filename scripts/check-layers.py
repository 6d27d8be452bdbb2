#!/usr/bin/env python3
"""Checks that the core's imports only point down its layers.

The core (src/) is layered by folder, lowest first:

    base < codec < model < schemes < openapi

A module may name items of its own layer or a lower one. This script reads
every .rs file below src/ and fails, naming file, line and path, on:

  * a path into a higher layer: `use crate::schemes::…`, `crate::openapi::X`
    in an expression, a `use crate::{…}` group, or a `super::…` path that
    climbs into another layer;
  * a path through the crate-root re-exports (`crate::Error`,
    `crate::digest::…`): inside the layers, items are named by their layered
    path (`crate::base::error::Error`), so the layer of every import shows.

Exempt: src/lib.rs (it holds the public re-exports), comments and string
literals, and test code: a module declared under `#[cfg(test)]` (inline
`mod tests { … }` or a `mod tests;` file), because a unit test may build its
input with the higher layers' types.

Usage: check-layers.py [SRC_DIR]      (default: src/ next to scripts/)
       check-layers.py --self-test    (plants upward imports in a temporary
                                       copy of src/ and checks they are caught)
Only the Python standard library is used.
"""

import os
import re
import shutil
import sys
import tempfile

LAYERS = ["base", "codec", "model", "schemes", "openapi"]
RANK = {name: i for i, name in enumerate(LAYERS)}


def strip_code(text):
    """The text with comments, string and char literals blanked out
    (newlines kept, so line numbers stay right)."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif text.startswith("/*", i):
            depth, j = 1, i + 2
            while j < n and depth:
                if text.startswith("/*", j):
                    depth, j = depth + 1, j + 2
                elif text.startswith("*/", j):
                    depth, j = depth - 1, j + 2
                else:
                    j += 1
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        elif re.match(r'b?r#*"', text[i:i + 300]) and not (i and (text[i - 1].isalnum() or text[i - 1] == "_")):
            m = re.match(r'b?r(#*)"', text[i:])
            end = text.find('"' + m.group(1), i + m.end())
            j = n if end < 0 else end + 1 + len(m.group(1))
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        elif c == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            j += 1
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        elif c == "'":
            # A char literal ('a', '\n', '\u{1f}') or a lifetime ('a).
            m = re.match(r"'(\\u\{[0-9a-fA-F]+\}|\\.|[^\\'])'", text[i:])
            if m:
                out.append(" " * m.end())
                i += m.end()
            else:
                out.append(c)
                i += 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def test_ranges(code):
    """(start, end) offsets of inline `#[cfg(test)] mod x { … }` bodies, and
    the names of `#[cfg(test)] mod x;` file modules."""
    ranges, files = [], set()
    for m in re.finditer(r"#\[cfg\(test\)\]\s*(?:pub(?:\([^)]*\))?\s+)?mod\s+(\w+)\s*([{;])", code):
        if m.group(2) == ";":
            files.add(m.group(1))
            continue
        depth, j = 1, m.end()
        while j < len(code) and depth:
            depth += {"{": 1, "}": -1}.get(code[j], 0)
            j += 1
        ranges.append((m.start(), j))
    return ranges, files


def module_path(src, path):
    """`src/schemes/digest/hash.rs` -> ["schemes", "digest", "hash"]."""
    parts = os.path.relpath(path, src)[:-3].split(os.sep)
    if parts[-1] == "mod":
        parts.pop()
    return parts


def root_names(src):
    """Layer of each name lib.rs exposes at the crate root (a `pub mod` with
    several re-exports counts as the highest layer it re-exports)."""
    lib = strip_code(open(os.path.join(src, "lib.rs"), encoding="utf-8").read())
    names = {}
    for layer in LAYERS:
        names[layer] = layer  # `crate::base::…` itself
    for m in re.finditer(r"pub\s+use\s+(\w+)::(\{[^}]*\}|[\w:]+)\s*;", lib):
        layer = m.group(1)
        body = m.group(2).strip("{}")
        for item in re.split(r"\s*,\s*", body):
            item = item.strip()
            if item:
                names[re.split(r"::", item)[-1].split(" as ")[-1].strip()] = layer
    for m in re.finditer(r"pub\s+mod\s+(\w+)\s*\{", lib):
        depth, j = 1, m.end()
        while j < len(lib) and depth:
            depth += {"{": 1, "}": -1}.get(lib[j], 0)
            j += 1
        used = re.findall(r"crate::(\w+)::", lib[m.end():j])
        ranks = [RANK[u] for u in used if u in RANK]
        if ranks:
            names[m.group(1)] = LAYERS[max(ranks)]
    for m in re.finditer(r"pub\s+mod\s+(\w+)\s*;", lib):
        names[m.group(1)] = m.group(1) if m.group(1) in RANK else names.get(m.group(1))
    return names


def crate_paths(code):
    """(offset, first segment, whole text) of each `crate::…` path, groups
    `crate::{a::…, b}` split into their members."""
    for m in re.finditer(r"(?<![\w$])\$?crate\s*::\s*(\{|\w+(?:\s*::\s*\w+)*)", code):
        if m.group(1) != "{":
            yield m.start(), re.match(r"\w+", m.group(1)).group(0), m.group(0)
            continue
        depth, j = 1, m.end()
        while j < len(code) and depth:
            depth += {"{": 1, "}": -1}.get(code[j], 0)
            j += 1
        inner = code[m.end():j - 1]
        # Top-level members of the group.
        level, start = 0, 0
        for k, ch in enumerate(inner + ","):
            if ch in "{":
                level += 1
            elif ch == "}":
                level -= 1
            elif ch == "," and level == 0:
                member = inner[start:k].strip()
                start = k + 1
                first = re.match(r"\w+", member)
                if first and first.group(0) != "self":
                    yield m.start(), first.group(0), "crate::" + member


def super_paths(code):
    """(offset, number of `super`s, segment after them) of each super path."""
    for m in re.finditer(r"(?<![\w:])((?:super\s*::\s*)+)(\{|\*|\w+)", code):
        yield m.start(), m.group(1).count("super"), m.group(2), m.group(0)


def check(src):
    src = os.path.abspath(src)
    roots = root_names(src)
    errors = []
    exempt_files = set()
    files = []
    for d, _, fs in os.walk(src):
        for f in sorted(fs):
            if f.endswith(".rs"):
                files.append(os.path.join(d, f))
    # First pass: `#[cfg(test)] mod x;` makes x.rs (or x/mod.rs) test code.
    for path in files:
        code = strip_code(open(path, encoding="utf-8").read())
        _, test_files = test_ranges(code)
        base_dir = os.path.dirname(path)
        if os.path.basename(path) not in ("mod.rs", "lib.rs"):
            base_dir = os.path.join(base_dir, os.path.basename(path)[:-3])
        for name in test_files:
            exempt_files.add(os.path.join(base_dir, name + ".rs"))
            exempt_files.add(os.path.join(base_dir, name, "mod.rs"))
    for path in sorted(files):
        rel = os.path.relpath(path, os.path.dirname(src))
        mod = module_path(src, path)
        test_dirs = [os.path.dirname(e) + os.sep for e in exempt_files if e.endswith("mod.rs")]
        if mod == ["lib"] or path in exempt_files or any(path.startswith(d) for d in test_dirs):
            continue
        if mod[0] not in RANK:
            errors.append(f"{rel}: not inside a layer folder ({', '.join(LAYERS)})")
            continue
        own = mod[0]
        text = open(path, encoding="utf-8").read()
        code = strip_code(text)
        ranges, _ = test_ranges(code)

        def line_of(off):
            return code.count("\n", 0, off) + 1

        def in_test(off):
            return any(a <= off < b for a, b in ranges)

        for off, first, whole in crate_paths(code):
            if in_test(off):
                continue
            whole = re.sub(r"\s+", "", whole)
            if first in RANK:
                if RANK[first] > RANK[own]:
                    errors.append(
                        f"{rel}:{line_of(off)}: `{whole}` imports from the higher layer "
                        f"`{first}` into `{own}` (imports point down: {' < '.join(LAYERS)})"
                    )
            elif first in roots:
                layer = roots[first]
                why = (f"re-export of the higher layer `{layer}`"
                       if layer and RANK.get(layer, -1) > RANK[own] else "re-export")
                errors.append(
                    f"{rel}:{line_of(off)}: `{whole}` goes through the crate-root {why}; "
                    f"name the item by its layered path (crate::{layer or '…'}::…)"
                )
            else:
                errors.append(f"{rel}:{line_of(off)}: `{whole}`: unknown crate path")
        # `super` climbs from the file's module (src/ has no inline modules
        # besides test ones).
        for off, ups, after, whole in super_paths(code):
            if in_test(off):
                continue
            whole = re.sub(r"\s+", "", whole)
            parent = mod[: max(len(mod) - ups, 0)]
            first = parent[0] if parent else after
            if first in RANK and RANK[first] > RANK[own]:
                errors.append(
                    f"{rel}:{line_of(off)}: `{whole}` imports from the higher layer "
                    f"`{first}` into `{own}` (imports point down: {' < '.join(LAYERS)})"
                )
            elif first not in RANK:
                errors.append(
                    f"{rel}:{line_of(off)}: `{whole}` climbs to the crate root; "
                    f"name the item by its layered path"
                )
    return errors


def self_test(src):
    """The check passes on src/, and fails on planted upward imports (and
    not on an upward path inside a comment, a string or a test module)."""
    failures = []
    clean = check(src)
    if clean:
        failures.append("the real src/ does not pass:\n  " + "\n  ".join(clean))
    plants = [
        ("base/sink.rs", "use crate::openapi::SecurityScheme;\n", "higher layer `openapi`"),
        ("codec/cookie.rs", "use crate::{base::sink::Sink, model::request::Request};\n",
         "higher layer `model`"),
        ("model/outcome.rs", "fn f() { let _ = crate::schemes::settings::Settings::DEFAULT; }\n",
         "higher layer `schemes`"),
        ("codec/multipart/fastapi.rs", "use super::super::super::schemes::form;\n",
         "higher layer `schemes`"),
        ("base/text.rs", "use crate::Error;\n", "crate-root re-export"),
    ]
    harmless = [
        ("base/sink.rs", '// use crate::openapi::SecurityScheme;\nconst S: &str = "crate::schemes::x";\n'),
        ("base/sink.rs", "#[cfg(test)]\nmod planted_tests {\n    use crate::schemes::settings::Settings;\n}\n"),
    ]
    with tempfile.TemporaryDirectory() as tmp:
        for rel, line, expected in plants + [(r, l, None) for r, l in harmless]:
            copy = os.path.join(tmp, "src")
            shutil.rmtree(copy, ignore_errors=True)
            shutil.copytree(src, copy)
            target = os.path.join(copy, rel)
            with open(target, "a", encoding="utf-8") as f:
                f.write("\n" + line)
            errors = check(copy)
            if expected is None and errors:
                failures.append(f"a harmless line in {rel} was reported: {errors}")
            elif expected is not None and not any(rel in e and expected in e for e in errors):
                failures.append(f"planted `{line.strip()}` in {rel} was not caught ({errors})")
    return failures


def main(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    default_src = os.path.join(os.path.dirname(here), "src")
    if argv[1:2] == ["--self-test"]:
        src = argv[2] if len(argv) > 2 else default_src
        failures = self_test(src)
        for f in failures:
            print("check-layers self-test FAILED: " + f)
        if not failures:
            print("check-layers self-test: planted upward imports caught, harmless lines passed")
        return 1 if failures else 0
    src = argv[1] if len(argv) > 1 else default_src
    errors = check(src)
    for e in errors:
        print("layer violation: " + e)
    if errors:
        print(f"{len(errors)} import(s) point up or around the layers "
              f"({' < '.join(LAYERS)}); see scripts/check-layers.py")
        return 1
    print(f"layers: imports in {src} point down ({' < '.join(LAYERS)})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
