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

pub mod openapi;
pub mod requests;

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
        crate::requests::answer(scheme, case.get("request").unwrap_or(&Value::Null))
    } else if let Some(spec) = case.get("openapi") {
        crate::openapi::answer(spec)
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

/// Reads the constructor arguments of a case, refusing unknown ones.
pub struct Args<'a> {
    map: &'a Map<String, Value>,
    /// The arguments every class takes, and those of this class.
    allowed: [&'static [&'static str]; 2],
}

impl<'a> Args<'a> {
    pub fn new(
        spec: &'a Value,
        common: &'static [&'static str],
        extra: &'static [&'static str],
    ) -> Result<Self, String> {
        let map = spec.as_object().ok_or("scheme is not an object")?;
        let args = Args {
            map,
            allowed: [common, extra],
        };
        for key in map.keys() {
            if key != "class" && !args.allows(key) {
                return Err(format!("unsupported argument '{key}'"));
            }
        }
        Ok(args)
    }

    fn allows(&self, key: &str) -> bool {
        self.allowed.iter().any(|list| list.contains(&key))
    }

    pub fn str(&self, key: &str) -> Result<Option<&'a str>, String> {
        debug_assert!(self.allows(key));
        match self.map.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(other) => Err(format!("'{key}' must be a string, not {other}")),
        }
    }

    pub fn required_str(&self, key: &str) -> Result<&'a str, String> {
        self.str(key)?
            .ok_or_else(|| format!("missing required argument '{key}'"))
    }

    pub fn bool(&self, key: &str, default: bool) -> Result<bool, String> {
        match self.map.get(key) {
            None => Ok(default),
            Some(Value::Bool(b)) => Ok(*b),
            Some(other) => Err(format!("'{key}' must be a boolean, not {other}")),
        }
    }

    /// authparse's `profile` extension argument.
    pub fn profile(&self) -> Result<authparse::Profile, String> {
        match self.str("profile")? {
            None | Some("fastapi") => Ok(authparse::Profile::FastApi),
            Some("strict") => Ok(authparse::Profile::Strict),
            Some(other) => Err(format!("unknown profile '{other}'")),
        }
    }

    pub fn get(&self, key: &str) -> Option<&'a Value> {
        self.map.get(key)
    }
}
