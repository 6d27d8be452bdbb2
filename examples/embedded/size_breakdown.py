#!/usr/bin/env python3
"""Where the .text bytes of a firmware go, by source function.

Usage: size_breakdown.py ELF [--mode outer|leaf|incl] [--grep TEXT] [--top N]

Every instruction of .text is attributed, through the DWARF inline info
(`arm-none-eabi-addr2line -i`), to the chain of functions it was inlined
from. With LTO at opt-level "z" most of authparse is inlined into a few
symbols, so `nm --size-sort` alone says little; this says which source
function the bytes came from:

  outer  the outermost authparse function of the chain (the entry point or
         out-of-line helper that holds them): the figures add up to .text
  leaf   the innermost function (core's and compiler_builtins' included)
  incl   every function of the chain (inclusive: figures overlap)

Build the reference firmware with symbols first (the embedded profiles keep
`debug = true`; nothing of it is flashed), e.g.
  cargo build --manifest-path examples/embedded/Cargo.toml -p authparse-cortex-m \\
    --target-dir target/embedded --profile release-z --target thumbv7em-none-eabihf \\
    --bin ref-basic-bearer
  python3 examples/embedded/size_breakdown.py \\
    target/embedded/thumbv7em-none-eabihf/release-z/ref-basic-bearer
Subtract the same run on ref-empty for authparse's share."""
import argparse
import collections
import re
import subprocess


def instructions(elf):
    """(address, size) of every instruction in .text."""
    dis = subprocess.run(["arm-none-eabi-objdump", "-d", "--no-show-raw-insn", "-j", ".text", elf],
                         capture_output=True, text=True, check=True).stdout
    addrs = sorted(int(m.group(1), 16) for m in re.finditer(r"^\s+([0-9a-f]+):\s", dis, re.M))
    # Thumb instructions are 2 or 4 bytes; a bigger gap is a literal pool or
    # padding, counted as 2 bytes to the instruction before it.
    sizes = [min(b - a, 4) if b - a <= 4 else 2 for a, b in zip(addrs, addrs[1:])] + [2]
    return list(zip(addrs, sizes))


def chains(elf, addrs):
    """address -> [innermost function, ..., outermost function]."""
    out = subprocess.run(["arm-none-eabi-addr2line", "-f", "-i", "-C", "-a", "-e", elf],
                         input="\n".join(hex(a) for a in addrs), capture_output=True, text=True,
                         check=True).stdout.splitlines()
    result, current, i = {}, None, 0
    while i < len(out):
        if out[i].startswith("0x"):
            current = int(out[i], 16)
            result[current] = []
            i += 1
            continue
        result[current].append(re.sub(r"::h[0-9a-f]{16}$", "", out[i]))
        i += 2  # the function, then its file:line
    return result


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("elf")
    ap.add_argument("--mode", choices=("outer", "leaf", "incl"), default="outer")
    ap.add_argument("--grep", help="only instructions whose chain has a function containing this")
    ap.add_argument("--top", type=int, default=40)
    a = ap.parse_args()
    insns = instructions(a.elf)
    by_addr = chains(a.elf, [addr for addr, _ in insns])
    totals = collections.Counter()
    for addr, size in insns:
        chain = by_addr.get(addr) or ["?"]
        if a.grep and not any(a.grep in f for f in chain):
            continue
        if a.mode == "leaf":
            totals[chain[0]] += size
        elif a.mode == "outer":
            ours = [f for f in chain if "authparse::" in f]
            totals[ours[-1] if ours else chain[-1]] += size
        else:
            for f in set(chain):
                totals[f] += size
    print(f"{sum(s for _, s in insns):7d}  .text total")
    for name, size in totals.most_common(a.top):
        print(f"{size:7d}  {name[:150]}")


if __name__ == "__main__":
    main()
