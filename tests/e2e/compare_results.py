#!/usr/bin/env python3
"""Compares harness answers with the cases' expected answers.

Usage: compare_results.py CASES.jsonl RESULTS.jsonl
Agreement means equal JSON values (key order and whitespace do not matter).
Prints each disagreement and ends with `N passed, M failed`.
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from check_server import summary  # noqa: E402


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        cases = [json.loads(line) for line in f if line.strip()]
    with open(sys.argv[2], encoding="utf-8") as f:
        results = [json.loads(line) for line in f if line.strip()]
    if len(cases) != len(results):
        print(f"{len(cases)} cases but {len(results)} answers")
        return summary([False] * len(cases))
    agree = []
    for case, result in zip(cases, results):
        expected = dict(case["expect"], id=case["id"])
        agree.append(result == expected)
        if not agree[-1]:
            print(f"FAIL {case['id']}: expected {json.dumps(expected)}\n     got {json.dumps(result)}")
    return summary(agree)


if __name__ == "__main__":
    sys.exit(main())
