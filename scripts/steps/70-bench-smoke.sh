#!/usr/bin/env bash
# Benchmarks keep compiling and running (no timing is asserted): the criterion
# peers bench in its quick mode (each case also checks its result before it is
# timed) and the instruction-count runner in --test mode (each case once,
# natively, without valgrind), with the Digest verification cases
# (digest-verify). The real runs are in BENCHMARKS.md.
. "$(dirname "$0")/../lib/common.sh"

run cargo bench --features digest-verify --bench peers -- --quick --warm-up-time 0.1 --measurement-time 0.2 --noplot
run cargo bench --features digest-verify --bench instructions -- --test
finish
