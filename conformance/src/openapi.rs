//! OpenAPI cases (`{"openapi": {...}}`): build the scheme from the case's
//! constructor arguments and answer its `components.securitySchemes` entry.

use authparse::openapi::SecurityScheme;
use serde_json::{json, Value};

use crate::scheme::{class, Spec};

/// Answers an OpenAPI case's `openapi` object: `{"key", "value"}`.
pub fn answer(spec: &Value) -> Result<Value, String> {
    Spec::parse(class(spec, "openapi")?, spec)?.with_scheme(render)
}

/// The key and JSON value of a scheme.
fn render(scheme: SecurityScheme<'_>) -> Result<Value, String> {
    let mut buf = vec![0u8; scheme.json_len().map_err(|e| e.to_string())?];
    let text = scheme.write_json(&mut buf).map_err(|e| e.to_string())?;
    let value: Value = serde_json::from_str(text).map_err(|e| format!("invalid output: {e}"))?;
    Ok(json!({ "key": scheme.key(), "value": value }))
}
