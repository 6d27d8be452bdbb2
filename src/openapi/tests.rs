//! The OpenAPI output's unit tests.

use super::*;
use crate::schemes::api_key::ApiKeyQuery;
use crate::schemes::http::{HttpBase, HttpBasic, HttpBearer};
use crate::schemes::oauth2::{OAuth2, OAuth2PasswordBearer};
use std::string::String;
use std::vec;

fn json(s: &SecurityScheme<'_>) -> String {
    let mut buf = vec![0u8; 1024];
    String::from(s.write_json(&mut buf).unwrap())
}

#[test]
fn escaping_matches_python() {
    let mut buf = [0u8; 256];
    let all: String = (0u8..0x20).map(char::from).collect();
    let out = write_json_string(&all, &mut buf).unwrap();
    assert!(out.starts_with(r#""\u0000\u0001"#));
    assert!(out.contains(r#"\b\t\n\u000b\f\r\u000e"#));
    assert!(out.ends_with(r#"\u001f""#));
    let out = write_json_string("\u{7f}\"\\/é€😀", &mut buf).unwrap();
    assert_eq!(out, "\"\u{7f}\\\"\\\\/é€😀\"");
}

#[test]
fn flows_with_extra_keys() {
    let extra = [("x-extra", RawJson::new("1").unwrap())];
    let flows = OAuthFlows::new().password("t", OAuthFlow::new().extra(&extra));
    let s = SecurityScheme::from(OAuth2::new().flows(&flows));
    assert_eq!(
        json(&s),
        r#"{"type":"oauth2","flows":{"password":{"scopes":{},"tokenUrl":"t","x-extra":1}}}"#
    );
    // A repeated key keeps its first position, last value; null is dropped.
    let extra = [
        ("a", RawJson::new("1").unwrap()),
        ("b", RawJson::new("null").unwrap()),
        ("a", RawJson::new("2").unwrap()),
    ];
    let flows = OAuthFlows::new().extra(&extra);
    let s = SecurityScheme::from(OAuth2::new().flows(&flows));
    assert_eq!(json(&s), r#"{"type":"oauth2","flows":{"a":2}}"#);
    // A declared field as an extra key is refused.
    let extra = [("tokenUrl", RawJson::new("\"x\"").unwrap())];
    let flows = OAuthFlows::new().password("t", OAuthFlow::new().extra(&extra));
    let s = SecurityScheme::from(OAuth2::new().flows(&flows));
    let mut buf = [0u8; 256];
    assert_eq!(s.write_json(&mut buf), Err(Error::InvalidConfiguration));
    assert_eq!(s.json_len(), Err(Error::InvalidConfiguration));
}

#[test]
fn repeated_scopes_follow_dict_semantics() {
    let scopes = [("a", "1"), ("b", "2"), ("a", "3")];
    let s = SecurityScheme::from(OAuth2PasswordBearer::new("t").scopes(&scopes));
    assert_eq!(
        json(&s),
        r#"{"type":"oauth2","flows":{"password":{"scopes":{"a":"3","b":"2"},"tokenUrl":"t"}}}"#
    );
}

#[test]
fn requirements_merge() {
    let found = [
        Requirement::new("P", &["write", "read"]),
        Requirement::new("K", &[]),
        Requirement::new("P", &["read", "x", "x"]),
        Requirement::new("B", &["a b", ""]),
    ];
    let mut buf = [0u8; 128];
    let r = SecurityRequirements::new(&found);
    assert_eq!(
        r.write_json(&mut buf).unwrap(),
        r#"[{"P":["write","read","x"]},{"K":[]},{"B":["a b",""]}]"#
    );
    assert_eq!(r.json_len(), 54);
    assert_eq!(
        SecurityRequirements::new(&[]).write_json(&mut buf).unwrap(),
        "[]"
    );
}

#[test]
fn collisions() {
    let a = SecurityScheme::from(HttpBearer::new());
    let b = SecurityScheme::from(HttpBase::new("bearer").scheme_name("HTTPBearer"));
    // Same bytes: not a collision even in strict mode.
    let list = [a, b];
    let mut buf = [0u8; 256];
    let strict = SecuritySchemes::new(&list).reject_collisions(true);
    assert_eq!(
        strict.write_json(&mut buf).unwrap(),
        r#"{"HTTPBearer":{"type":"http","scheme":"bearer"}}"#
    );
    // Values longer than one comparison window.
    let long = "d".repeat(200);
    let long2 = "d".repeat(199) + "e";
    let x = SecurityScheme::from(HttpBasic::new().description(&long));
    let y = SecurityScheme::from(HttpBasic::new().description(&long2));
    let z = SecurityScheme::from(HttpBasic::new().description(&long).realm("r"));
    assert!(x.same_json(&z).unwrap());
    assert!(!x.same_json(&y).unwrap());
    let list = [x, y];
    let mut buf = [0u8; 1024];
    assert_eq!(
        SecuritySchemes::new(&list)
            .reject_collisions(true)
            .write_json(&mut buf),
        Err(Error::InvalidConfiguration)
    );
    assert!(SecuritySchemes::new(&list)
        .write_json(&mut buf)
        .unwrap()
        .contains(&long2));
}

#[test]
fn exact_needed_size() {
    let s = SecurityScheme::from(ApiKeyQuery::new("api_key").description("q\"\n"));
    let full = json(&s);
    for n in 0..full.len() {
        let mut buf = vec![0u8; n];
        assert_eq!(
            s.write_json(&mut buf),
            Err(Error::BufferTooSmall { needed: full.len() })
        );
    }
    assert_eq!(s.json_len(), Ok(full.len()));
}
