//! Build-time half of the on-chip conformance run: turns
//! tests/data/fastapi-public.jsonl into a compact byte stream that
//! `conformance.rs` reads on the chip (included by both firmware build
//! scripts with `#[path]`).
//!
//! Every field is a `u16` little-endian length and its bytes (`0xFFFF`:
//! absent); lists are a `u16` count and their items. A case is
//! `id, kind, class, arguments, then the request and expected answer`
//! (request cases) or the expected key and JSON (OpenAPI cases). Strings
//! the chip compares with header bytes are written as those bytes (their
//! Latin-1 reading, as in the case file); the others as UTF-8.

use serde_json::{Map, Value};

use crate::case_format::*;

struct Out(Vec<u8>);

impl Out {
    fn u8(&mut self, v: u8) {
        self.0.push(v);
    }
    fn u16(&mut self, v: usize) {
        let v = u16::try_from(v).expect("field over 64 KiB");
        assert_ne!(v, ABSENT, "field of 65535 bytes");
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn bytes(&mut self, b: &[u8]) {
        self.u16(b.len());
        self.0.extend_from_slice(b);
    }
    fn absent(&mut self) {
        self.0.extend_from_slice(&ABSENT.to_le_bytes());
    }
    fn opt(&mut self, b: Option<&[u8]>) {
        match b {
            Some(b) => self.bytes(b),
            None => self.absent(),
        }
    }
}

/// A case string whose code points are bytes (Latin-1), back to bytes.
fn latin1(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| u8::try_from(u32::from(c)).expect("case string beyond U+00FF"))
        .collect()
}

fn opt_str(v: Option<&Value>) -> Option<&str> {
    v.and_then(Value::as_str)
}

fn scopes(out: &mut Out, v: Option<&Value>) {
    let map = v.and_then(Value::as_object).cloned().unwrap_or_default();
    out.u16(map.len());
    for (k, d) in &map {
        out.bytes(k.as_bytes());
        out.bytes(d.as_str().expect("scope description").as_bytes());
    }
}

fn arguments(out: &mut Out, spec: &Map<String, Value>) {
    for key in spec.keys() {
        let known = key == "class"
            || key == "auto_error"
            || key == "scopes"
            || key == "flows"
            || STRING_ARGS.contains(&key.as_str());
        assert!(known, "unsupported argument {key}");
    }
    let class = spec["class"].as_str().expect("class");
    let index = CLASSES
        .iter()
        .position(|c| *c == class)
        .expect("unknown class");
    out.u8(index as u8);
    out.u8(match spec.get("auto_error") {
        None => 2,
        Some(Value::Bool(b)) => u8::from(*b),
        Some(other) => panic!("auto_error {other}"),
    });
    for key in STRING_ARGS {
        out.opt(opt_str(spec.get(key)).map(str::as_bytes));
    }
    scopes(out, spec.get("scopes"));
    let flows = spec
        .get("flows")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    for key in flows.keys() {
        assert!(
            FLOW_KINDS.contains(&key.as_str()),
            "unsupported flow key {key}"
        );
    }
    for kind in FLOW_KINDS {
        match flows.get(kind).and_then(Value::as_object) {
            None => out.u8(0),
            Some(flow) => {
                for key in flow.keys() {
                    let ok = ["authorizationUrl", "tokenUrl", "refreshUrl", "scopes"]
                        .contains(&key.as_str());
                    assert!(ok, "unsupported flow argument {key}");
                }
                out.u8(1);
                for key in ["authorizationUrl", "tokenUrl", "refreshUrl"] {
                    out.opt(opt_str(flow.get(key)).map(str::as_bytes));
                }
                scopes(out, flow.get("scopes"));
            }
        }
    }
}

fn request(out: &mut Out, class: &str, request: &Value, expect: &Value) {
    let headers = request["headers"].as_array().expect("headers");
    out.u16(headers.len());
    for line in headers {
        out.bytes(&latin1(line[0].as_str().expect("name")));
        out.bytes(&latin1(line[1].as_str().expect("value")));
    }
    out.bytes(&latin1(request["query"].as_str().unwrap_or("")));
    out.bytes(&latin1(request["body"].as_str().unwrap_or("")));

    let status = expect["status"].as_u64().expect("status") as usize;
    out.u16(status);
    out.opt(opt_str(expect.get("www_authenticate")).map(str::as_bytes));
    let body = &expect["body"];
    let header_text = |key: &str| latin1(body[key].as_str().expect("string body field"));
    if status != 200 {
        out.u8(BODY_JSON);
        out.bytes(serde_json::to_string(body).expect("JSON").as_bytes());
    } else if body.get("none").is_some() {
        out.u8(BODY_NONE);
    } else if class == "HTTPBasic" {
        out.u8(BODY_BASIC);
        out.bytes(body["username"].as_str().expect("username").as_bytes());
        out.bytes(body["password"].as_str().expect("password").as_bytes());
    } else if body.get("scheme").is_some() {
        out.u8(BODY_SCHEME);
        out.bytes(&header_text("scheme"));
        out.bytes(&header_text("credentials"));
    } else if body.get("value").is_some() {
        out.u8(BODY_VALUE);
        if class == "APIKeyQuery" {
            out.bytes(body["value"].as_str().expect("value").as_bytes());
        } else {
            out.bytes(&header_text("value"));
        }
    } else {
        out.u8(BODY_FORM);
        for key in [
            "grant_type",
            "username",
            "password",
            "client_id",
            "client_secret",
        ] {
            out.opt(opt_str(body.get(key)).map(str::as_bytes));
        }
        let list = body["scopes"].as_array().expect("scopes");
        out.u16(list.len());
        for s in list {
            out.bytes(s.as_str().expect("scope").as_bytes());
        }
    }
}

/// The compact form of every case in `jsonl`, and how many there are.
pub fn encode(jsonl: &str) -> (Vec<u8>, usize) {
    let mut out = Out(Vec::new());
    let mut count = 0;
    for line in jsonl.lines().filter(|l| !l.trim().is_empty()) {
        let case: Value = serde_json::from_str(line).expect("case JSON");
        out.bytes(case["id"].as_str().expect("id").as_bytes());
        if let Some(spec) = case.get("scheme") {
            out.u8(REQUEST_CASE);
            arguments(&mut out, spec.as_object().expect("scheme object"));
            let class = spec["class"].as_str().expect("class");
            request(&mut out, class, &case["request"], &case["expect"]);
        } else {
            let spec = case["openapi"].as_object().expect("scheme or openapi");
            out.u8(OPENAPI_CASE);
            arguments(&mut out, spec);
            let expect = &case["expect"];
            out.bytes(expect["key"].as_str().expect("key").as_bytes());
            out.bytes(
                serde_json::to_string(&expect["value"])
                    .expect("JSON")
                    .as_bytes(),
            );
        }
        count += 1;
    }
    (out.0, count)
}

/// Writes `OUT_DIR/cases.bin` from the repository's public cases and tells
/// cargo to rerun when they change.
pub fn generate() {
    let manifest = std::path::PathBuf::from(
        std::env::var_os("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"),
    );
    let source = manifest.join("../../../tests/data/fastapi-public.jsonl");
    let text = std::fs::read_to_string(&source).expect("tests/data/fastapi-public.jsonl");
    let (bytes, count) = encode(&text);
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR"));
    std::fs::write(out.join("cases.bin"), bytes).expect("write cases.bin");
    std::fs::write(out.join("case_count.rs"), format!("{count}")).expect("write case_count.rs");
    println!("cargo:rerun-if-changed={}", source.display());
    println!("cargo:rerun-if-changed=../cases_codegen.rs");
    println!("cargo:rerun-if-changed=../case_format.rs");
}
