//! Runs every public FastAPI conformance case through the harness code and
//! asserts agreement with FastAPI's recorded answer.

use authparse_conformance as cases;

use serde_json::Value;

const CASES: &str = include_str!("data/fastapi-public.jsonl");

#[test]
fn every_public_case_agrees_with_fastapi() {
    let mut failures = Vec::new();
    let mut count = 0;
    for line in CASES.lines().filter(|l| !l.trim().is_empty()) {
        let case: Value = serde_json::from_str(line).expect("case is JSON");
        let mut answer = cases::answer(&case);
        let answer = answer.as_object_mut().expect("object");
        let id = answer.remove("id").expect("id");
        let expect = case["expect"].as_object().expect("expect");
        let expected: serde_json::Map<String, Value> = expect.clone();
        count += 1;
        if *answer != expected {
            failures.push(format!(
                "{id}: expected {}\n      got {}",
                Value::Object(expected),
                Value::Object(answer.clone())
            ));
        }
    }
    assert!(count > 100, "only {count} cases read");
    assert!(
        failures.is_empty(),
        "{} of {count} cases disagree:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
