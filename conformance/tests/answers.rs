//! What the harness answers for cases it cannot evaluate, and for the
//! authparse-only `profile` argument.

use authparse_conformance::answer_line;
use serde_json::{json, Value};

fn error(line: &str) -> Value {
    answer_line(line)["error"].clone()
}

#[test]
fn unusable_cases_get_an_error_naming_the_problem() {
    for (line, message) in [
        (
            r#"{"id": 1, "scheme": {"class": "Nope"}}"#,
            "unknown class 'Nope'",
        ),
        (r#"{"id": 2, "scheme": {}}"#, "scheme.class missing"),
        (
            r#"{"id": 3, "openapi": {"class": "HTTPBasic", "zzz": 1}}"#,
            "unsupported argument 'zzz'",
        ),
        (
            r#"{"id": 4, "openapi": {"class": "OAuth2PasswordRequestForm"}}"#,
            "unknown class 'OAuth2PasswordRequestForm'",
        ),
        (
            r#"{"id": 5, "scheme": {"class": "APIKeyQuery"}}"#,
            "missing required argument 'name'",
        ),
        (
            r#"{"id": 6, "scheme": {"class": "HTTPBearer", "bearerFormat": 5}}"#,
            "'bearerFormat' must be a string, not 5",
        ),
        (
            r#"{"id": 7, "scheme": {"class": "HTTPBasic", "auto_error": "no"}}"#,
            "'auto_error' must be a boolean, not \"no\"",
        ),
        (
            r#"{"id": 8, "scheme": {"class": "OAuth2", "flows": {"password": {}}}}"#,
            "flow 'password' needs 'tokenUrl'",
        ),
        (
            r#"{"id": 9, "openapi": {"class": "OAuth2PasswordBearer", "tokenUrl": "t", "scopes": {"a": 1}}}"#,
            "scope 'a' needs a string",
        ),
        (
            r#"{"id": 10, "scheme": {"class": "HTTPBasic", "profile": "lax"}}"#,
            "unknown profile 'lax'",
        ),
    ] {
        assert_eq!(error(line), json!(message), "{line}");
    }
}

#[test]
fn settings_reach_the_scheme() {
    let line = r#"{"id": "s", "openapi": {"class": "HTTPBearer", "scheme_name": "Jwt", "description": "D", "profile": "strict"}}"#;
    assert_eq!(
        answer_line(line),
        json!({"id": "s", "key": "Jwt", "value": {"type": "http", "description": "D", "scheme": "bearer"}})
    );
    let optional = r#"{"id": "n", "scheme": {"class": "HTTPBearer", "auto_error": false}, "request": {"headers": []}}"#;
    assert_eq!(answer_line(optional)["body"], json!({"none": true}));
    // The strict profile refuses a second Authorization header; FastAPI reads the first.
    let twice = |profile: &str| {
        answer_line(&format!(
            r#"{{"id": "t", "scheme": {{"class": "HTTPBearer", "profile": "{profile}"}},
                "request": {{"headers": [["authorization", "Bearer a"], ["authorization", "Bearer b"]]}}}}"#
        ).replace('\n', ""))["status"]
            .clone()
    };
    assert_eq!(twice("fastapi"), json!(200));
    assert_ne!(twice("strict"), json!(200));
}
