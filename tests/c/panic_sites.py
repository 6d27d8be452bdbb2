#!/usr/bin/env python3
"""Lists the panic sites of a binary linked from the no-panic staticlib.

Usage: panic_sites.py BINARY   (link tests/c/link_all.c with a stub that
defines `authparse_panic_reachable`, then pass the result). Disassembles it
with objdump and prints, for every core panic entry (panic_fmt,
panic_bounds_check, *_fail, ...), the chain of callers up to the exported
`authparse_*` functions. Direct calls only: use it on the LTO build, where
calls into core are direct. OBJDUMP=arm-none-eabi-objdump reads a
Cortex-M firmware (examples/embedded) the same way."""
import os
import re
import subprocess
import sys

dis = subprocess.run([os.environ.get("OBJDUMP", "objdump"), "-d", "--no-show-raw-insn", "-C", sys.argv[1]],
                     capture_output=True, text=True, check=True).stdout
callers = {}
current = None
for line in dis.splitlines():
    m = re.match(r"^[0-9a-f]+ <(.*)>:$", line)
    if m:
        current = m.group(1)
        continue
    m = re.search(r"\s(call|jmp|bl|b\.w|b|b[a-z]{2}(?:\.[nw])?)\s+[0-9a-f]+ <(.*?)(\+0x[0-9a-f]+)?>", line)
    if m and current and m.group(2) != current:
        callers.setdefault(m.group(2), set()).add(current)

def is_panic(sym):
    return ("core::panicking::" in sym or sym.endswith("_fail") or "unwrap_failed" in sym
            or "core::option::expect_failed" in sym or "core::result::unwrap_failed" in sym)

def walk(sym, depth, seen):
    for c in sorted(callers.get(sym, ())):
        if c in seen or is_panic(c):
            continue
        seen.add(c)
        print("    " * depth + "<- " + c)
        if not c.startswith("authparse_") and c not in ("main", "Reset"):
            walk(c, depth + 1, seen)

found = False
for sym in sorted(callers):
    if is_panic(sym) and any(not is_panic(c) for c in callers[sym]):
        found = True
        print(sym)
        walk(sym, 1, set())
if not found:
    print("no panic call sites")
sys.exit(1 if found else 0)
