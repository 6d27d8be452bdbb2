//! Runs every public FastAPI conformance case through the harness
//! (`authparse-conformance`) and asserts agreement with FastAPI's recorded
//! answer.

#[test]
fn every_public_case_agrees_with_fastapi() {
    let cases = authparse_conformance::read_cases(include_str!("data/fastapi-public.jsonl"))
        .expect("the case file");
    if let Err(report) = authparse_conformance::check_all(&cases, 101) {
        panic!("{report}");
    }
}
