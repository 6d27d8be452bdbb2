//! OpenAPI rendering of every scheme class, `SecuritySchemes`,
//! `SecurityRequirements`, `PasswordFormBody`, `write_json_string` and
//! `RawJson::new`, from fuzz-chosen configuration strings.
//!
//! The expected documents are built with `serde_json` (insertion order kept),
//! whose compact output escapes strings exactly as Python's
//! `json.dumps(…, ensure_ascii=False, separators=(",", ":"))`: the crate's
//! bytes must equal them. Every renderer's `*_len` is its exact size, and a
//! buffer one byte shorter fails. `RawJson::new` accepts exactly the JSON
//! values (per `serde_json`'s syntax check) that are compact and nested at
//! most 32 deep.
#![no_main]

use authparse::openapi::{
    write_json_string, OAuthFlow, OAuthFlows, PasswordFormBody, RawJson, Requirement,
    SecurityRequirements, SecurityScheme, SecuritySchemes,
};
use authparse::*;
use authparse_fuzz::{check_needed, Input};
use libfuzzer_sys::fuzz_target;
use serde_json::{json, Map, Value};

fn render(scheme: &SecurityScheme<'_>) -> Result<String, Error> {
    let len = scheme.json_len();
    let out = check_needed(len.unwrap_or(0) + 1, |b| {
        Ok(scheme.write_json(b)?.as_bytes().to_vec())
    });
    if let (Ok(out), Ok(len)) = (&out, len) {
        assert_eq!(out.len(), len, "json_len");
    }
    out.map(|b| String::from_utf8(b).unwrap())
}

/// Whether `s` has whitespace outside strings and its nesting depth.
fn compact_and_depth(s: &str) -> (bool, usize) {
    let (mut in_string, mut escaped, mut depth, mut max) = (false, false, 0usize, 0usize);
    let mut compact = true;
    for c in s.chars() {
        if in_string {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '[' | '{' => {
                depth += 1;
                max = max.max(depth);
            }
            ']' | '}' => depth = depth.saturating_sub(1),
            ' ' | '\t' | '\n' | '\r' => compact = false,
            _ => {}
        }
    }
    (compact, max)
}

fn scope_map(scopes: &[(&str, &str)]) -> Value {
    let mut m = Map::new();
    for (name, _) in scopes {
        let last = scopes.iter().rev().find(|(n, _)| n == name).unwrap().1;
        m.entry(name.to_string()).or_insert(json!(last));
    }
    Value::Object(m)
}

fuzz_target!(|data: &[u8]| {
    let input = Input::new(data);
    let t: Vec<String> = (0..8).map(|i| input.text(i).into_owned()).collect();
    let (a, b, c, d) = (t[0].as_str(), t[1].as_str(), t[2].as_str(), t[3].as_str());

    // Strings and raw fragments.
    let s = check_needed(a.len() * 6 + 2, |buf| {
        Ok(write_json_string(a, buf)?.as_bytes().to_vec())
    });
    assert_eq!(
        s.unwrap(),
        serde_json::to_string(a).unwrap().into_bytes(),
        "string escaping"
    );
    let raw_ok = RawJson::new(d).is_ok();
    let syntax_ok = serde_json::from_str::<serde::de::IgnoredAny>(d).is_ok();
    let (compact, depth) = compact_and_depth(d);
    assert_eq!(
        raw_ok,
        syntax_ok && compact && depth <= 32 && !d.is_empty(),
        "RawJson::new({d:?})"
    );

    let scopes = [(a, b), (c, a), (a, c)];
    let scopes = &scopes[..usize::from(input.flags >> 6)];
    let with_desc = |mut m: Map<String, Value>| {
        if input.bit(5) {
            m.insert("description".into(), json!(c));
        }
        m
    };
    macro_rules! named {
        ($e:expr) => {{
            let e = $e;
            let e = if input.bit(4) { e.scheme_name(b) } else { e };
            if input.bit(5) {
                e.description(c)
            } else {
                e
            }
        }};
    }
    let ty = |t: &str| {
        let mut m = Map::new();
        m.insert("type".into(), json!(t));
        with_desc(m)
    };
    let flow = |mut m: Map<String, Value>, refresh: bool| {
        let mut f = Map::new();
        if refresh {
            f.insert("refreshUrl".into(), json!(d));
        }
        f.insert("scopes".into(), scope_map(scopes));
        f.append(&mut m);
        f
    };
    let refresh = input.bit(3);
    let extra_ok = RawJson::new(d);
    let extra_storage;
    let flows_storage;
    let (scheme, key, expected): (SecurityScheme<'_>, &str, Value) = match input.flags % 11 {
        0 => (named!(HttpBasic::new()).into(), "HTTPBasic", {
            let mut m = ty("http");
            m.insert("scheme".into(), json!("basic"));
            Value::Object(m)
        }),
        1 => {
            let e = named!(HttpBearer::new());
            let e = if refresh { e.bearer_format(d) } else { e };
            let mut m = ty("http");
            m.insert("scheme".into(), json!("bearer"));
            if refresh {
                m.insert("bearerFormat".into(), json!(d));
            }
            (e.into(), "HTTPBearer", Value::Object(m))
        }
        2 => (named!(HttpDigest::new()).into(), "HTTPDigest", {
            let mut m = ty("http");
            m.insert("scheme".into(), json!("digest"));
            Value::Object(m)
        }),
        3 => (named!(HttpBase::new(a)).into(), "HTTPBase", {
            let mut m = ty("http");
            m.insert("scheme".into(), json!(a));
            Value::Object(m)
        }),
        n @ 4..=6 => {
            let (scheme, key, place): (SecurityScheme<'_>, _, _) = match n {
                4 => (
                    named!(ApiKeyHeader::new(a)).into(),
                    "APIKeyHeader",
                    "header",
                ),
                5 => (named!(ApiKeyQuery::new(a)).into(), "APIKeyQuery", "query"),
                _ => (
                    named!(ApiKeyCookie::new(a)).into(),
                    "APIKeyCookie",
                    "cookie",
                ),
            };
            let mut m = ty("apiKey");
            m.insert("in".into(), json!(place));
            m.insert("name".into(), json!(a));
            (scheme, key, Value::Object(m))
        }
        7 => {
            let e = named!(OAuth2PasswordBearer::new(a)).scopes(scopes);
            let e = if refresh { e.refresh_url(d) } else { e };
            let mut tok = Map::new();
            tok.insert("tokenUrl".into(), json!(a));
            let mut m = ty("oauth2");
            m.insert("flows".into(), json!({ "password": flow(tok, refresh) }));
            (e.into(), "OAuth2PasswordBearer", Value::Object(m))
        }
        8 => {
            let e = named!(OAuth2AuthorizationCodeBearer::new(a, c)).scopes(scopes);
            let e = if refresh { e.refresh_url(d) } else { e };
            let mut urls = Map::new();
            urls.insert("authorizationUrl".into(), json!(a));
            urls.insert("tokenUrl".into(), json!(c));
            let mut m = ty("oauth2");
            m.insert(
                "flows".into(),
                json!({ "authorizationCode": flow(urls, refresh) }),
            );
            (e.into(), "OAuth2AuthorizationCodeBearer", Value::Object(m))
        }
        9 => {
            // Generic flows with a pass-through key whose value is field 3.
            extra_storage = extra_ok.map(|raw| [("x-extra", raw), (a, raw)]);
            let extra: &[(&str, RawJson<'_>)] = match &extra_storage {
                Ok(e) => &e[..usize::from(input.bit(3)) + 1],
                Err(_) => &[],
            };
            let fl = OAuthFlow::new().scopes(scopes).extra(extra);
            flows_storage = OAuthFlows::new()
                .password(b, fl)
                .implicit(c, OAuthFlow::new());
            let e = named!(OAuth2::new().flows(&flows_storage));
            let mut tok = Map::new();
            tok.insert("tokenUrl".into(), json!(b));
            let mut pw = flow(tok, false);
            let reserved = ["refreshUrl", "scopes", "authorizationUrl", "tokenUrl"];
            let mut conflict = false;
            for (k, v) in extra {
                conflict |= reserved.contains(k);
                if !v.is_null() {
                    pw.insert(k.to_string(), serde_json::from_str(v.as_str()).unwrap());
                }
            }
            let mut m = ty("oauth2");
            let mut imp = Map::new();
            imp.insert("scopes".into(), json!({}));
            imp.insert("authorizationUrl".into(), json!(c));
            m.insert("flows".into(), json!({ "implicit": imp, "password": pw }));
            let expected = if conflict {
                Value::Null
            } else {
                Value::Object(m)
            };
            (e.into(), "OAuth2", expected)
        }
        _ => (named!(OpenIdConnect::new(a)).into(), "OpenIdConnect", {
            let mut m = ty("openIdConnect");
            m.insert("openIdConnectUrl".into(), json!(a));
            Value::Object(m)
        }),
    };
    let key = if input.bit(4) { b } else { key };
    assert_eq!(scheme.key(), key);
    match render(&scheme) {
        Ok(out) if input.flags % 11 == 9 => {
            assert_eq!(
                serde_json::from_str::<Value>(&out).unwrap(),
                expected,
                "{out}"
            )
        }
        Ok(out) => assert_eq!(
            out,
            expected.to_string(),
            "rendering differs from FastAPI's"
        ),
        Err(e) => assert!(expected.is_null(), "{e:?}"),
    }

    // The securitySchemes object: first position, last definition per key.
    let other: SecurityScheme<'_> = ApiKeyHeader::new(c).scheme_name(key).into();
    let list = [scheme, other, scheme];
    let list = &list[..usize::from(input.flags >> 6) % 3 + 1];
    let differ = list.iter().any(|s| render(s).ok() != render(&list[0]).ok());
    for reject in [false, true] {
        let all = SecuritySchemes::new(list).reject_collisions(reject);
        let len = all.json_len();
        let out = check_needed(len.unwrap_or(0) + 1, |buf| {
            Ok(all.write_json(buf)?.as_bytes().to_vec())
        });
        match (out, render(list.last().unwrap())) {
            (Ok(out), Ok(last)) => {
                assert!(!(reject && differ), "a collision was not rejected");
                let expected = format!("{{{}:{last}}}", serde_json::to_string(key).unwrap());
                assert_eq!(String::from_utf8(out).unwrap(), expected);
            }
            (Err(_), Ok(_)) => assert!(reject && differ, "SecuritySchemes failed"),
            (_, Err(_)) => assert!(expected.is_null()),
        }
    }

    // Requirements: one group per scheme name, scopes merged in order.
    let scope_sets: [&[&str]; 3] = [&[a, b], &[b, c], &[d]];
    let names = [a, b, a];
    let found: Vec<Requirement<'_>> = (0..3)
        .map(|i| Requirement::new(names[i], scope_sets[i]))
        .collect();
    let reqs = SecurityRequirements::new(&found);
    let out = check_needed(reqs.json_len(), |buf| {
        Ok(reqs.write_json(buf)?.as_bytes().to_vec())
    })
    .unwrap();
    let mut groups: Vec<(&str, Vec<&str>)> = Vec::new();
    for r in &found {
        let i = match groups.iter().position(|g| g.0 == r.scheme_name) {
            Some(i) => i,
            None => {
                groups.push((r.scheme_name, Vec::new()));
                groups.len() - 1
            }
        };
        for s in r.scopes {
            if !groups[i].1.contains(s) {
                groups[i].1.push(s);
            }
        }
    }
    let expected: Vec<Value> = groups
        .iter()
        .map(|(n, s)| json!({ n.to_string(): s }))
        .collect();
    assert_eq!(
        String::from_utf8(out).unwrap(),
        Value::Array(expected).to_string()
    );

    // Password form bodies: the title is escaped like any JSON string.
    for strict in [false, true] {
        for (body, title) in [
            (PasswordFormBody::new(a, strict), format!("Body_{a}")),
            (PasswordFormBody::with_title(a, strict), a.to_string()),
        ] {
            let schema = check_needed(body.schema_json_len(), |b| {
                Ok(body.write_schema_json(b)?.as_bytes().to_vec())
            });
            let schema: Value = serde_json::from_slice(&schema.unwrap()).unwrap();
            assert_eq!(schema["title"], json!(title));
            let rb = check_needed(body.request_body_json_len(), |b| {
                Ok(body.write_request_body_json(b)?.as_bytes().to_vec())
            });
            let rb: Value = serde_json::from_slice(&rb.unwrap()).unwrap();
            let reference = &rb["content"]["application/x-www-form-urlencoded"]["schema"]["$ref"];
            assert_eq!(*reference, json!(format!("#/components/schemas/{title}")));
        }
    }
});
