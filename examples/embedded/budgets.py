#!/usr/bin/env python3
"""Checks authparse's flash and stack use on bare metal against budgets.toml.

Usage: budgets.py BUDGETS_TOML TARGET_DIR STACK_LOG...

- Sizes: for each target and optimisation level in budgets.toml, the
  sections of the reference firmware (examples/embedded/cortex-m, bins
  ref-*) minus those of ref-empty, read with `arm-none-eabi-size -A`.
- Stack: `stack <entry point> <bytes>` lines printed by the `stack` firmware
  in QEMU (one log per target; the log's first line names the target).

Prints one table per kind and exits 1 if a figure exceeds its ceiling or is
missing. `goal` entries are the issue's targets: a missed goal is printed,
not hidden, but only a ceiling fails the run."""
import subprocess
import sys
import tomllib

PROFILES = {"z": "release-z", "s": "release"}
SECTIONS = ("text", "rodata", "data", "bss")


def sections(elf):
    out = subprocess.run(["arm-none-eabi-size", "-A", elf], capture_output=True, text=True,
                         check=True).stdout
    sizes = dict.fromkeys(SECTIONS, 0)
    for line in out.splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[0].lstrip(".") in sizes and parts[0].startswith("."):
            sizes[parts[0].lstrip(".")] = int(parts[1])
    return sizes


def verdict(value, ceiling, goal):
    if value is None:
        return "MISSING", True
    if value > ceiling:
        return "OVER CEILING", True
    if goal is not None and value > goal:
        return f"ok (goal {goal} missed)", False
    return "ok", False


def main():
    budgets = tomllib.load(open(sys.argv[1], "rb"))
    target_dir, logs = sys.argv[2], sys.argv[3:]
    failed = False

    print(f"{'target':<22} {'opt':<3} {'firmware':<14} {'section':<7} {'bytes':>6} {'ceiling':>7}  verdict")
    for target, levels in budgets["size"].items():
        for opt, sets in levels.items():
            base = f"{target_dir}/{target}/{PROFILES[opt]}"
            try:
                empty = sections(f"{base}/ref-empty")
            except (subprocess.CalledProcessError, FileNotFoundError):
                empty = None
            for name, limits in sets.items():
                try:
                    sizes = sections(f"{base}/ref-{name}") if empty else None
                except (subprocess.CalledProcessError, FileNotFoundError):
                    sizes = None
                for section in SECTIONS:
                    value = None if sizes is None else sizes[section] - empty[section]
                    goal = budgets.get("goal", {}).get("size", {}).get(opt, {}).get(name, {}).get(section)
                    text, bad = verdict(value, limits[section], goal)
                    failed |= bad
                    shown = "-" if value is None else value
                    print(f"{target:<22} {opt:<3} {name:<14} {section:<7} {shown:>6} {limits[section]:>7}  {text}")

    measured = {}
    for log in logs:
        lines = open(log, encoding="utf-8", errors="replace").read().splitlines()
        target = lines[0].strip() if lines else "?"
        for line in lines:
            if line.startswith("stack "):
                entry, _, value = line[len("stack "):].rpartition(" ")
                measured[(target, entry)] = int(value)
    print()
    print(f"{'target':<22} {'entry point':<48} {'bytes':>6} {'ceiling':>7}  verdict")
    for target, entries in budgets["stack"].items():
        for entry, ceiling in entries.items():
            value = measured.get((target, entry))
            goal = budgets.get("goal", {}).get("stack", {}).get(entry)
            text, bad = verdict(value, ceiling, goal)
            failed |= bad
            shown = "-" if value is None else value
            print(f"{target:<22} {entry:<48} {shown:>6} {ceiling:>7}  {text}")
    if failed:
        print("\n!! a budget is exceeded or a figure is missing (budgets.toml)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
