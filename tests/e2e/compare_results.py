#!/usr/bin/env python3
"""Compares harness answers with the cases' expected answers.

Usage: compare_results.py CASES.jsonl RESULTS.jsonl
Agreement means equal JSON values (key order and whitespace do not matter).
Prints each disagreement and ends with `N passed, M failed`.
"""
import json
import sys


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        cases = [json.loads(line) for line in f if line.strip()]
    with open(sys.argv[2], encoding="utf-8") as f:
        results = [json.loads(line) for line in f if line.strip()]
    if len(cases) != len(results):
        print(f"{len(cases)} cases but {len(results)} answers")
        print(f"0 passed, {len(cases)} failed")
        return 1
    passed = failed = 0
    for case, result in zip(cases, results):
        expected = dict(case["expect"], id=case["id"])
        if result == expected:
            passed += 1
        else:
            failed += 1
            print(f"FAIL {case['id']}: expected {json.dumps(expected)}\n     got {json.dumps(result)}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
