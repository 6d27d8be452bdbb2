//! OpenAPI cases (`{"openapi": {...}}`): answered once the OpenAPI renderer lands.

use serde_json::Value;

pub fn answer(_spec: &Value) -> Result<Value, String> {
    Err("OpenAPI rendering is not available yet".to_string())
}
