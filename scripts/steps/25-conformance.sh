#!/usr/bin/env bash
# The conformance harness exactly as its contract runs it:
#   cargo run --release --example conformance < CASES.jsonl > RESULTS.jsonl
# on the vendored FastAPI cases, compared value by value with FastAPI's answers.
. "$(dirname "$0")/../lib/common.sh"

cases="$ROOT/tests/data/fastapi-public.jsonl"
results="$(mktemp)"
run sh -c 'cargo run --quiet --release --example conformance < "$1" > "$2"' harness "$cases" "$results" || finish
run python3 tests/e2e/compare_results.py "$cases" "$results"
rm -f "$results"
finish
