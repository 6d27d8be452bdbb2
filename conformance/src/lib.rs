//! The conformance harness: answers FastAPI conformance cases with authparse.
//!
//! A case is one JSON line (format: `tests/data/README.md`); its answer is
//! one JSON value, a request case's `{"id", "status", "www_authenticate",
//! "body"}` or an OpenAPI case's `{"id", "key", "value"}`, or `{"id",
//! "error"}` for a case the harness cannot evaluate. The decisions come from
//! authparse; this crate only maps a case onto its calls and renders the
//! outcome. `expect` and `note` keys are ignored.
//!
//! Used by `cargo run --example conformance` ([`run`] on standard input and
//! output), `cargo run --example inspect` ([`requests::answer`],
//! [`openapi::answer`]) and the tests that compare with FastAPI's answers.
//!
//! ```
//! let line = r#"{"id": "v1", "scheme": {"class": "HTTPBearer"},
//!     "request": {"headers": [["authorization", "Bearer abc"]]}}"#;
//! let answer = authparse_conformance::answer_line(line);
//! assert_eq!(answer["status"], 200);
//! assert_eq!(answer["body"]["credentials"], "abc");
//! ```

mod args;
mod flows;
pub mod openapi;
pub mod requests;
mod scheme;

use std::io::{self, BufRead, Write};

use serde_json::{json, Map, Value};

/// Answers every case line of `input` with one JSON line on `output`, in
/// order; blank lines are skipped.
///
/// ```
/// let cases = "{\"id\": 1, \"openapi\": {\"class\": \"HTTPBasic\"}}\n\n{\"id\": 2}\n";
/// let mut out = Vec::new();
/// authparse_conformance::run(cases.as_bytes(), &mut out).unwrap();
/// assert_eq!(
///     String::from_utf8(out).unwrap(),
///     "{\"id\":1,\"key\":\"HTTPBasic\",\"value\":{\"type\":\"http\",\"scheme\":\"basic\"}}\n\
///      {\"id\":2,\"error\":\"neither 'scheme' nor 'openapi'\"}\n"
/// );
/// ```
pub fn run(input: impl BufRead, output: impl Write) -> io::Result<()> {
    let mut out = io::BufWriter::new(output);
    for line in input.lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        writeln!(out, "{}", answer_line(&line))?;
    }
    out.flush()
}

/// Answers one case line (a JSON object) with one JSON value.
pub fn answer_line(line: &str) -> Value {
    match serde_json::from_str::<Value>(line) {
        Ok(case) => answer(&case),
        Err(e) => json!({ "id": null, "error": format!("invalid JSON: {e}") }),
    }
}

/// Answers one parsed case.
pub fn answer(case: &Value) -> Value {
    let id = case.get("id").cloned().unwrap_or(Value::Null);
    let result = if let Some(scheme) = case.get("scheme") {
        requests::answer(scheme, case.get("request").unwrap_or(&Value::Null))
    } else if let Some(spec) = case.get("openapi") {
        openapi::answer(spec)
    } else {
        Err("neither 'scheme' nor 'openapi'".to_string())
    };
    let mut out = Map::new();
    out.insert("id".into(), id);
    match result {
        Ok(Value::Object(fields)) => out.extend(fields),
        Ok(other) => {
            out.insert(
                "error".into(),
                json!(format!("internal: non-object answer {other}")),
            );
        }
        Err(message) => {
            out.insert("error".into(), json!(message));
        }
    }
    Value::Object(out)
}

/// A case string whose code points are bytes (Latin-1), back to bytes.
pub fn latin1_bytes(text: &str) -> Result<Vec<u8>, String> {
    text.chars()
        .map(|c| {
            u8::try_from(u32::from(c)).map_err(|_| format!("code point {:?} is not a byte", c))
        })
        .collect()
}

/// The text FastAPI has for header bytes: their Latin-1 reading.
pub fn latin1_text(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| char::from(b)).collect()
}

/// Reads a case file: one JSON case per non-blank line.
pub fn read_cases(text: &str) -> Result<Vec<Value>, String> {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).map_err(|e| format!("not a JSON case ({e}): {l}")))
        .collect()
}

/// Answers `case` and compares the answer with its `expect` as JSON values:
/// `None` when they agree, else a report naming the case.
pub fn disagreement(case: &Value) -> Option<String> {
    let mut got = answer(case);
    let id = got
        .as_object_mut()
        .and_then(|m| m.remove("id"))
        .unwrap_or(Value::Null);
    let expected = case.get("expect").unwrap_or(&Value::Null);
    (got != *expected).then(|| format!("{id}: expected {expected}\n      got {got}"))
}

/// Checks that at least `at_least` cases were given and that every answer
/// agrees with its `expect`; `Err` lists each case that disagrees.
///
/// ```
/// use authparse_conformance::{check_all, read_cases};
///
/// let scheme = r#""openapi": {"class": "APIKeyQuery", "name": "key"}"#;
/// let value = r#"{"type": "apiKey", "name": "key", "in": "query"}"#;
/// let good = format!(r#"{{"id": 1, {scheme}, "expect": {{"key": "APIKeyQuery", "value": {value}}}}}"#);
/// let bad = format!(r#"{{"id": 2, {scheme}, "expect": {{"key": "Other", "value": {value}}}}}"#);
///
/// assert_eq!(check_all(&read_cases(&good)?, 1), Ok(()));
/// assert!(check_all(&read_cases(&good)?, 2).is_err()); // too few cases
/// let report = check_all(&read_cases(&format!("{good}\n{bad}"))?, 2).unwrap_err();
/// assert!(report.starts_with("1 of 2 cases disagree with FastAPI:\n2: expected"));
/// # Ok::<(), String>(())
/// ```
pub fn check_all(cases: &[Value], at_least: usize) -> Result<(), String> {
    if cases.len() < at_least {
        return Err(format!(
            "only {} cases, expected at least {at_least}",
            cases.len()
        ));
    }
    let failures: Vec<String> = cases.iter().filter_map(disagreement).collect();
    if failures.is_empty() {
        return Ok(());
    }
    Err(format!(
        "{} of {} cases disagree with FastAPI:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    ))
}
