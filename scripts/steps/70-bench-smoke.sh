#!/usr/bin/env bash
# Benchmarks keep compiling and running, and instruction counts do not regress.
# - the criterion peers bench in its quick mode (each case also checks its result
#   before it is timed; no timing is asserted);
# - the instruction-count runner in --test mode (each case once, natively);
# - the regression guard: every case under callgrind (about a minute), compared
#   with benches/baseline.json; an authparse case more than 10 % over its
#   baseline, or no longer run, fails the step and the table is printed.
#   Updating the baseline is its own commit:
#     cargo bench --features digest-verify --bench instructions -- --update-baseline
# - the guard's self-test: its comparison on planted tables, and on this run
#   against a planted baseline 15 % too low, which must fail.
# All with the Digest verification cases (digest-verify). Real runs: BENCHMARKS.md.
. "$(dirname "$0")/../lib/common.sh"

run cargo bench --features digest-verify --bench peers -- --quick --warm-up-time 0.1 --measurement-time 0.2 --noplot
run cargo bench --features digest-verify --bench instructions -- --test
run cargo bench --features digest-verify --bench instructions -- --check
run cargo bench --features digest-verify --bench instructions -- --self-test
finish
