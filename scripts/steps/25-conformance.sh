#!/usr/bin/env bash
# The conformance harness exactly as its contract runs it:
#   cargo run --release --example conformance < CASES.jsonl > RESULTS.jsonl
# on the vendored FastAPI cases, compared value by value with FastAPI's answers:
# the public cases, the multipart public cases, python-multipart's corpus
# bodies as both password-form classes, and generated damaged multipart bodies.
. "$(dirname "$0")/../lib/common.sh"

results="$(mktemp)"
report="$(mktemp)"
run cargo build --quiet --release --example conformance || finish
for cases in fastapi-public fastapi-multipart-public fastapi-multipart-corpus fastapi-multipart-generated; do
  printf '== %s\n' "$cases"
  run sh -c '"$1" < "$2" > "$3"' harness target/release/examples/conformance \
    "$ROOT/tests/data/$cases.jsonl" "$results" || continue
  run sh -c 'python3 tests/e2e/compare_results.py "$1" "$2" > "$3"; rc=$?; tail -n 20 "$3"; exit $rc' \
    compare "$ROOT/tests/data/$cases.jsonl" "$results" "$report"
done
rm -f "$results" "$report"
finish
