//! "C and Rust produce the same bytes": every OpenAPI case of
//! tests/data/fastapi-public.jsonl is built twice, once with the Rust API
//! (`authparse::openapi`, as conformance/src/openapi.rs builds it) and
//! once as the C structs, rendered through the `extern "C"` functions via raw
//! pointers, and the two outputs are compared byte for byte (and with the
//! case's expected key). The whole object, the requirements and the password
//! form are compared the same way. Runs under Miri too
//! (`cargo +nightly miri test -p authparse-ffi`): the case file is compiled
//! in, so no file access is needed.

use std::prelude::rust_2021::*;
use std::{format, panic, vec};

use core::mem::MaybeUninit;
use core::ptr;

use crate::*;
use authparse_core::openapi::{
    OAuthFlow, OAuthFlows, PasswordFormBody, RawJson, Requirement, SecurityRequirements,
    SecurityScheme, SecuritySchemes,
};
use authparse_core::{
    ApiKeyCookie, ApiKeyHeader, ApiKeyQuery, HttpBase, HttpBasic, HttpBearer, HttpDigest, OAuth2,
    OAuth2AuthorizationCodeBearer, OAuth2PasswordBearer, OpenIdConnect, Settings,
};

const CASES: &str = include_str!("../../../tests/data/fastapi-public.jsonl");

// ---------------------------------------------------------------------------
// A minimal JSON reader that keeps object key order (no dependency needed)
// ---------------------------------------------------------------------------

#[derive(Clone, Debug, PartialEq)]
enum Json {
    Null,
    Bool(bool),
    /// The number's source text.
    Number(String),
    Str(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

impl Json {
    fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Object(members) => members.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    fn str(&self, key: &str) -> Option<&str> {
        match self.get(key) {
            Some(Json::Str(s)) => Some(s),
            _ => None,
        }
    }

    /// Python's `json.dumps(v, separators=(",", ":"), ensure_ascii=False)`.
    fn dumps(&self) -> String {
        let mut out = String::new();
        self.dump_into(&mut out);
        out
    }

    fn dump_into(&self, out: &mut String) {
        match self {
            Json::Null => out.push_str("null"),
            Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Json::Number(n) => out.push_str(n),
            Json::Str(s) => dump_str(s, out),
            Json::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.dump_into(out);
                }
                out.push(']');
            }
            Json::Object(members) => {
                out.push('{');
                for (i, (k, v)) in members.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    dump_str(k, out);
                    out.push(':');
                    v.dump_into(out);
                }
                out.push('}');
            }
        }
    }
}

fn dump_str(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

struct Reader<'a> {
    s: &'a [u8],
    i: usize,
}

impl Reader<'_> {
    fn ws(&mut self) {
        while matches!(self.s.get(self.i), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
    }

    fn eat(&mut self, b: u8) {
        self.ws();
        assert_eq!(self.s.get(self.i), Some(&b), "JSON: expected {}", b as char);
        self.i += 1;
    }

    fn hex4(&mut self) -> u32 {
        let text = std::str::from_utf8(&self.s[self.i..self.i + 4]).unwrap();
        self.i += 4;
        u32::from_str_radix(text, 16).unwrap()
    }

    fn string(&mut self) -> String {
        self.eat(b'"');
        let mut out = Vec::new();
        loop {
            let c = self.s[self.i];
            self.i += 1;
            match c {
                b'"' => return String::from_utf8(out).unwrap(),
                b'\\' => {
                    let e = self.s[self.i];
                    self.i += 1;
                    let ch = match e {
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => {
                            let mut cp = self.hex4();
                            if (0xd800..0xdc00).contains(&cp) && self.s[self.i] == b'\\' {
                                self.i += 2;
                                let lo = self.hex4();
                                cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
                            }
                            char::from_u32(cp).unwrap()
                        }
                        other => other as char,
                    };
                    let mut tmp = [0u8; 4];
                    out.extend_from_slice(ch.encode_utf8(&mut tmp).as_bytes());
                }
                other => out.push(other),
            }
        }
    }

    fn value(&mut self) -> Json {
        self.ws();
        match self.s[self.i] {
            b'"' => Json::Str(self.string()),
            b'{' => {
                self.i += 1;
                let mut members = Vec::new();
                self.ws();
                if self.s[self.i] == b'}' {
                    self.i += 1;
                    return Json::Object(members);
                }
                loop {
                    let k = self.string();
                    self.eat(b':');
                    members.push((k, self.value()));
                    self.ws();
                    self.i += 1;
                    if self.s[self.i - 1] == b'}' {
                        return Json::Object(members);
                    }
                }
            }
            b'[' => {
                self.i += 1;
                let mut items = Vec::new();
                self.ws();
                if self.s[self.i] == b']' {
                    self.i += 1;
                    return Json::Array(items);
                }
                loop {
                    items.push(self.value());
                    self.ws();
                    self.i += 1;
                    if self.s[self.i - 1] == b']' {
                        return Json::Array(items);
                    }
                }
            }
            b't' => {
                self.i += 4;
                Json::Bool(true)
            }
            b'f' => {
                self.i += 5;
                Json::Bool(false)
            }
            b'n' => {
                self.i += 4;
                Json::Null
            }
            _ => {
                let start = self.i;
                while matches!(
                    self.s.get(self.i),
                    Some(b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9')
                ) {
                    self.i += 1;
                }
                Json::Number(String::from_utf8(self.s[start..self.i].to_vec()).unwrap())
            }
        }
    }
}

fn parse(text: &str) -> Json {
    let mut r = Reader {
        s: text.as_bytes(),
        i: 0,
    };
    let v = r.value();
    r.ws();
    assert_eq!(r.i, text.len(), "trailing text");
    v
}

// ---------------------------------------------------------------------------
// The case's scheme, once in Rust and once as C structs
// ---------------------------------------------------------------------------

fn view(s: &str) -> authparse_str {
    authparse_str::from_slice(s.as_bytes())
}

fn bytes<'a>(v: authparse_str) -> &'a [u8] {
    // SAFETY: every view in these tests points into a live local or static.
    unsafe { v.to_slice() }.expect("valid view")
}

const FLOW_KINDS: [&str; 4] = [
    "implicit",
    "password",
    "clientCredentials",
    "authorizationCode",
];

/// `scopes={…}` as pairs (in the case file's order).
fn scope_pairs(v: Option<&Json>) -> Vec<(&str, &str)> {
    match v {
        None | Some(Json::Null) => Vec::new(),
        Some(Json::Object(members)) => members
            .iter()
            .map(|(k, v)| match v {
                Json::Str(d) => (k.as_str(), d.as_str()),
                other => panic!("scope description {other:?}"),
            })
            .collect(),
        Some(other) => panic!("scopes {other:?}"),
    }
}

/// One flow as owned pieces: URLs, refresh URL, scopes, extra members (JSON text).
struct FlowSpec<'v> {
    kind: usize,
    auth: &'v str,
    token: &'v str,
    refresh: Option<&'v str>,
    scopes: Vec<(&'v str, &'v str)>,
    extra: Vec<(&'v str, String)>,
}

fn flow_spec(kind: usize, v: &Json) -> FlowSpec<'_> {
    let (needs_auth, needs_token) = (kind == 0 || kind == 3, kind != 0);
    let Json::Object(members) = v else {
        panic!("flow {v:?}")
    };
    let extra = members
        .iter()
        .filter(|(k, _)| {
            !(k == "refreshUrl"
                || k == "scopes"
                || (needs_auth && k == "authorizationUrl")
                || (needs_token && k == "tokenUrl"))
        })
        .map(|(k, v)| (k.as_str(), v.dumps()))
        .collect();
    FlowSpec {
        kind,
        auth: if needs_auth {
            v.str("authorizationUrl").unwrap()
        } else {
            ""
        },
        token: if needs_token {
            v.str("tokenUrl").unwrap()
        } else {
            ""
        },
        refresh: v.str("refreshUrl"),
        scopes: scope_pairs(v.get("scopes")),
        extra,
    }
}

/// The flows of `OAuth2(flows=…)`: the flows present and the extra members.
type FlowsSpec<'v> = (Vec<FlowSpec<'v>>, Vec<(&'v str, String)>);

/// Everything a case's scheme borrows, owned here.
struct Spec<'v> {
    class: &'v str,
    args: &'v Json,
    scopes: Vec<(&'v str, &'v str)>,
    flows: Option<FlowsSpec<'v>>,
}

fn spec(args: &Json) -> Spec<'_> {
    let flows = match args.get("flows") {
        None | Some(Json::Null) => None,
        Some(f @ Json::Object(members)) => {
            let specs = FLOW_KINDS
                .iter()
                .enumerate()
                .filter_map(|(k, name)| match f.get(name) {
                    None | Some(Json::Null) => None,
                    Some(v) => Some(flow_spec(k, v)),
                })
                .collect();
            let extra = members
                .iter()
                .filter(|(k, _)| !FLOW_KINDS.contains(&k.as_str()))
                .map(|(k, v)| (k.as_str(), v.dumps()))
                .collect();
            Some((specs, extra))
        }
        Some(other) => panic!("flows {other:?}"),
    };
    Spec {
        class: args.str("class").expect("class"),
        args,
        scopes: scope_pairs(args.get("scopes")),
        flows,
    }
}

/// The Rust API's key and bytes for a case.
fn rust_render(spec: &Spec<'_>) -> (String, Vec<u8>) {
    let a = spec.args;
    let req = |k: &str| a.str(k).unwrap_or_else(|| panic!("{k} required"));
    let extras: Vec<Vec<(&str, RawJson<'_>)>>;
    let top: Vec<(&str, RawJson<'_>)>;
    let mut flows = OAuthFlows::new();
    if let Some((specs, top_extra)) = &spec.flows {
        extras = specs
            .iter()
            .map(|s| {
                s.extra
                    .iter()
                    .map(|(k, t)| (*k, RawJson::new(t).unwrap()))
                    .collect()
            })
            .collect();
        top = top_extra
            .iter()
            .map(|(k, t)| (*k, RawJson::new(t).unwrap()))
            .collect();
        flows = flows.extra(&top);
        for (s, extra) in specs.iter().zip(&extras) {
            let mut flow = OAuthFlow::new().scopes(&s.scopes).extra(extra);
            if let Some(url) = s.refresh {
                flow = flow.refresh_url(url);
            }
            flows = match s.kind {
                0 => flows.implicit(s.auth, flow),
                1 => flows.password(s.token, flow),
                2 => flows.client_credentials(s.token, flow),
                _ => flows.authorization_code(s.auth, s.token, flow),
            };
        }
    }
    let settings = Settings {
        scheme_name: a.str("scheme_name"),
        description: a.str("description"),
        ..Settings::DEFAULT
    };
    let scheme = match spec.class {
        "HTTPBasic" => {
            let mut b = HttpBasic::new();
            if let Some(realm) = a.str("realm") {
                b = b.realm(realm);
            }
            SecurityScheme::from(b.settings(settings))
        }
        "HTTPBearer" => {
            let mut b = HttpBearer::new();
            if let Some(f) = a.str("bearerFormat") {
                b = b.bearer_format(f);
            }
            SecurityScheme::from(b.settings(settings))
        }
        "HTTPDigest" => SecurityScheme::from(HttpDigest::new().settings(settings)),
        "HTTPBase" => SecurityScheme::from(HttpBase::new(req("scheme")).settings(settings)),
        "APIKeyHeader" => SecurityScheme::from(ApiKeyHeader::new(req("name")).settings(settings)),
        "APIKeyQuery" => SecurityScheme::from(ApiKeyQuery::new(req("name")).settings(settings)),
        "APIKeyCookie" => SecurityScheme::from(ApiKeyCookie::new(req("name")).settings(settings)),
        "OAuth2" => SecurityScheme::from(OAuth2::new().flows(&flows).settings(settings)),
        "OpenIdConnect" => {
            SecurityScheme::from(OpenIdConnect::new(req("openIdConnectUrl")).settings(settings))
        }
        "OAuth2PasswordBearer" => {
            let mut b = OAuth2PasswordBearer::new(req("tokenUrl")).scopes(&spec.scopes);
            if let Some(url) = a.str("refreshUrl") {
                b = b.refresh_url(url);
            }
            SecurityScheme::from(b.settings(settings))
        }
        "OAuth2AuthorizationCodeBearer" => {
            let mut b =
                OAuth2AuthorizationCodeBearer::new(req("authorizationUrl"), req("tokenUrl"))
                    .scopes(&spec.scopes);
            if let Some(url) = a.str("refreshUrl") {
                b = b.refresh_url(url);
            }
            SecurityScheme::from(b.settings(settings))
        }
        other => panic!("unknown class {other}"),
    };
    let mut buf = vec![0u8; scheme.json_len().unwrap()];
    let json = scheme.write_json(&mut buf).unwrap().as_bytes().to_vec();
    (scheme.key().to_string(), json)
}

/// The C structs of a case (they borrow `spec` and `storage`).
struct CStorage {
    scopes: Vec<authparse_scope_description>,
    flow_scopes: Vec<Vec<authparse_scope_description>>,
    flow_extra: Vec<Vec<authparse_json_member>>,
    top_extra: Vec<authparse_json_member>,
    flows: authparse_openapi_flows,
}

fn descriptions(pairs: &[(&str, &str)]) -> Vec<authparse_scope_description> {
    pairs
        .iter()
        .map(|(n, d)| authparse_scope_description {
            name: view(n),
            description: view(d),
        })
        .collect()
}

fn members(pairs: &[(&str, String)]) -> Vec<authparse_json_member> {
    pairs
        .iter()
        .map(|(k, t)| authparse_json_member {
            key: view(k),
            json: view(t),
        })
        .collect()
}

fn c_scheme(spec: &Spec<'_>, st: &mut CStorage) -> authparse_openapi_scheme {
    let a = spec.args;
    let kind = match spec.class {
        "HTTPBasic" => AUTHPARSE_CLASS_HTTP_BASIC,
        "HTTPBearer" => AUTHPARSE_CLASS_HTTP_BEARER,
        "HTTPDigest" => AUTHPARSE_CLASS_HTTP_DIGEST,
        "HTTPBase" => AUTHPARSE_CLASS_HTTP_BASE,
        "APIKeyHeader" => AUTHPARSE_CLASS_API_KEY_HEADER,
        "APIKeyQuery" => AUTHPARSE_CLASS_API_KEY_QUERY,
        "APIKeyCookie" => AUTHPARSE_CLASS_API_KEY_COOKIE,
        "OAuth2" => AUTHPARSE_CLASS_OAUTH2,
        "OAuth2PasswordBearer" => AUTHPARSE_CLASS_OAUTH2_PASSWORD_BEARER,
        "OAuth2AuthorizationCodeBearer" => AUTHPARSE_CLASS_OAUTH2_AUTHORIZATION_CODE_BEARER,
        "OpenIdConnect" => AUTHPARSE_CLASS_OPEN_ID_CONNECT,
        other => panic!("unknown class {other}"),
    };
    let mut s = MaybeUninit::<authparse_openapi_scheme>::uninit();
    // SAFETY: a writable out-param.
    assert_eq!(
        unsafe { authparse_openapi_scheme_init(s.as_mut_ptr(), kind) },
        AUTHPARSE_STATUS_OK
    );
    // SAFETY: initialised by the call above.
    let mut s = unsafe { s.assume_init() };
    let opt = |k: &str| (a.str(k).is_some(), view(a.str(k).unwrap_or_default()));
    (s.has_scheme_name, s.scheme_name) = opt("scheme_name");
    (s.has_description, s.description) = opt("description");
    (s.has_realm, s.realm) = opt("realm");
    (s.has_bearer_format, s.bearer_format) = opt("bearerFormat");
    (s.has_refresh_url, s.refresh_url) = opt("refreshUrl");
    s.scheme = opt("scheme").1;
    s.name = opt("name").1;
    s.token_url = opt("tokenUrl").1;
    s.authorization_url = opt("authorizationUrl").1;
    s.open_id_connect_url = opt("openIdConnectUrl").1;
    st.scopes = descriptions(&spec.scopes);
    s.scopes = st.scopes.as_ptr();
    s.scope_count = st.scopes.len();
    if let Some((specs, top)) = &spec.flows {
        let mut flows = MaybeUninit::<authparse_openapi_flows>::uninit();
        // SAFETY: a writable out-param.
        assert_eq!(
            unsafe { authparse_openapi_flows_init(flows.as_mut_ptr()) },
            AUTHPARSE_STATUS_OK
        );
        // SAFETY: initialised by the call above.
        st.flows = unsafe { flows.assume_init() };
        st.flow_scopes = specs.iter().map(|f| descriptions(&f.scopes)).collect();
        st.flow_extra = specs.iter().map(|f| members(&f.extra)).collect();
        st.top_extra = members(top);
        for (i, f) in specs.iter().enumerate() {
            let slot = match f.kind {
                0 => &mut st.flows.implicit,
                1 => &mut st.flows.password,
                2 => &mut st.flows.client_credentials,
                _ => &mut st.flows.authorization_code,
            };
            slot.present = true;
            slot.authorization_url = view(f.auth);
            slot.token_url = view(f.token);
            slot.has_refresh_url = f.refresh.is_some();
            slot.refresh_url = view(f.refresh.unwrap_or_default());
            slot.scopes = st.flow_scopes[i].as_ptr();
            slot.scope_count = st.flow_scopes[i].len();
            slot.extra = st.flow_extra[i].as_ptr();
            slot.extra_count = st.flow_extra[i].len();
        }
        st.flows.extra = st.top_extra.as_ptr();
        st.flows.extra_count = st.top_extra.len();
        s.flows = &st.flows;
    }
    s
}

fn storage() -> CStorage {
    CStorage {
        scopes: Vec::new(),
        flow_scopes: Vec::new(),
        flow_extra: Vec::new(),
        top_extra: Vec::new(),
        flows: authparse_openapi_flows::default(),
    }
}

/// `authparse_openapi_scheme_render` of `s` into `buf[..len]`: the status,
/// the key and the JSON.
fn scheme_into(
    s: &authparse_openapi_scheme, buf: &mut [u8], len: usize, needed: *mut usize,
) -> (authparse_status, authparse_str, authparse_str) {
    assert!(len <= buf.len());
    let (mut key, mut json) = (authparse_str::EMPTY, authparse_str::EMPTY);
    let buf = if len == 0 {
        ptr::null_mut()
    } else {
        buf.as_mut_ptr()
    };
    // SAFETY: `buf` is writable for `len` bytes (or NULL with 0); `needed` is
    // NULL or a live local.
    let st = unsafe { authparse_openapi_scheme_render(s, buf, len, &mut key, &mut json, needed) };
    (st, key, json)
}

/// `authparse_openapi_schemes_render` of `list` into `buf[..len]`.
fn schemes_into(
    list: &[authparse_openapi_scheme], reject_collisions: bool, buf: &mut [u8], len: usize,
    needed: *mut usize,
) -> (authparse_status, authparse_str) {
    assert!(len <= buf.len());
    let mut out = authparse_str::EMPTY;
    let (items, count, buf) = (list.as_ptr(), list.len(), buf.as_mut_ptr());
    // SAFETY: as in `scheme_into`.
    let st = unsafe {
        authparse_openapi_schemes_render(
            items,
            count,
            reject_collisions,
            buf,
            len,
            &mut out,
            needed,
        )
    };
    (st, out)
}

/// The password form's `requestBody` (`schema` None) or its schema
/// (`Some(strict)`) for operation `name`, into `buf[..len]`.
fn form_into(
    name: &str, title: bool, schema: Option<bool>, buf: &mut [u8], len: usize, needed: &mut usize,
) -> (authparse_status, authparse_str) {
    assert!(len <= buf.len());
    let mut out = authparse_str::EMPTY;
    let (n, n_len, b) = (name.as_ptr(), name.len(), buf.as_mut_ptr());
    // SAFETY: `name` and `buf` are live for their lengths; `needed` a live local.
    let st = unsafe {
        match schema {
            None => authparse_openapi_password_form_request_body_render(
                n, n_len, title, b, len, &mut out, needed,
            ),
            Some(strict) => authparse_openapi_password_form_schema_render(
                n, n_len, title, strict, b, len, &mut out, needed,
            ),
        }
    };
    (st, out)
}

/// The C API's key and bytes, sized by a first call with no buffer.
fn c_render(s: &authparse_openapi_scheme) -> (Vec<u8>, Vec<u8>) {
    let mut needed = usize::MAX;
    let (st, _, _) = scheme_into(s, &mut [], 0, &mut needed);
    assert_eq!(st, AUTHPARSE_STATUS_BUFFER_TOO_SMALL);
    let mut buf = vec![0u8; needed];
    let (st, key, json) = scheme_into(s, &mut buf, needed, &mut needed);
    assert_eq!(st, AUTHPARSE_STATUS_OK);
    assert_eq!(needed, 0);
    assert_eq!(json.len(), buf.len(), "the announced size is exact");
    (bytes(key).to_vec(), bytes(json).to_vec())
}

fn openapi_cases() -> Vec<Json> {
    CASES
        .lines()
        .filter(|l| l.contains("\"openapi\""))
        .map(parse)
        .filter(|c| c.get("openapi").is_some())
        .collect()
}

#[test]
fn every_openapi_case_c_equals_rust_byte_for_byte() {
    let cases = openapi_cases();
    assert!(cases.len() >= 12, "OpenAPI cases found: {}", cases.len());
    for case in &cases {
        let id = case.str("id").unwrap_or("?");
        let spec = spec(case.get("openapi").unwrap());
        let (rust_key, rust_json) = rust_render(&spec);
        let mut st = storage();
        let c = c_scheme(&spec, &mut st);
        let (c_key, c_json) = c_render(&c);
        assert_eq!(
            String::from_utf8(c_json.clone()).unwrap(),
            String::from_utf8(rust_json).unwrap(),
            "{id}: C and Rust bytes differ"
        );
        assert_eq!(c_key, rust_key.as_bytes(), "{id}: keys differ");
        // And both are FastAPI's bytes.
        let expect = case.get("expect").unwrap();
        assert_eq!(c_key, expect.str("key").unwrap().as_bytes(), "{id}: key");
        assert_eq!(
            String::from_utf8(c_json).unwrap(),
            expect.get("value").unwrap().dumps(),
            "{id}: value"
        );
    }
}

#[test]
fn the_whole_object_c_equals_rust() {
    let cases = openapi_cases();
    let specs: Vec<Spec<'_>> = cases
        .iter()
        .map(|c| spec(c.get("openapi").unwrap()))
        .collect();
    // Every case's scheme in one object (several share a key: last one wins,
    // or a collision in strict mode), plus one repeated verbatim.
    let mut storages: Vec<CStorage> = specs.iter().map(|_| storage()).collect();
    let mut list: Vec<authparse_openapi_scheme> = specs
        .iter()
        .zip(storages.iter_mut())
        .map(|(s, st)| c_scheme(s, st))
        .collect();
    list.push(list[0]);
    assert!(list.len() <= AUTHPARSE_OPENAPI_MAX_SCHEMES);

    // Rust: the same schemes (rendered again from the specs).
    let rendered: Vec<(String, Vec<u8>)> = specs.iter().map(rust_render).collect();
    let mut expected = String::from("{");
    let mut seen: Vec<&str> = Vec::new();
    let mut all: Vec<&(String, Vec<u8>)> = rendered.iter().collect();
    all.push(&rendered[0]);
    for (key, _) in &all {
        if seen.contains(&key.as_str()) {
            continue;
        }
        seen.push(key);
        let last = all.iter().rev().find(|(k, _)| k == key).unwrap();
        if expected.len() > 1 {
            expected.push(',');
        }
        dump_str(key, &mut expected);
        expected.push(':');
        expected.push_str(std::str::from_utf8(&last.1).unwrap());
    }
    expected.push('}');

    let mut buf = vec![0u8; 4096];
    let mut needed = usize::MAX;
    let (st, out) = schemes_into(&list, false, &mut buf, 4096, &mut needed);
    assert_eq!(st, AUTHPARSE_STATUS_OK);
    assert_eq!(std::str::from_utf8(bytes(out)).unwrap(), expected);
    let len = out.len();
    // Short buffer: the exact size.
    let (st, _) = schemes_into(&list, false, &mut buf, len - 1, &mut needed);
    assert_eq!((st, needed), (AUTHPARSE_STATUS_BUFFER_TOO_SMALL, len));
    // Strict: o01 and o23 are both `APIKeyHeader` with different values.
    let (st, _) = schemes_into(&list, true, &mut buf, 4096, ptr::null_mut());
    assert_eq!(st, AUTHPARSE_STATUS_INVALID_CONFIGURATION);

    // And against the Rust SecuritySchemes on a hand-built list.
    let c_list = [list[0], list[1], list[0]];
    let r_list = [
        SecurityScheme::from(ApiKeyHeader::new("X-API-Key")),
        SecurityScheme::from(ApiKeyQuery::new("api_key")),
        SecurityScheme::from(ApiKeyHeader::new("X-API-Key")),
    ];
    let mut rbuf = [0u8; 256];
    let want = SecuritySchemes::new(&r_list)
        .reject_collisions(true)
        .write_json(&mut rbuf)
        .unwrap();
    let (st, out) = schemes_into(&c_list, true, &mut buf, 4096, ptr::null_mut());
    assert_eq!(st, AUTHPARSE_STATUS_OK);
    assert_eq!(bytes(out), want.as_bytes());
}

#[test]
fn requirements_c_equals_rust() {
    let scopes: [&[&str]; 5] = [
        &["write", "read"],
        &[],
        &["read", "x", "x"],
        &["a b", ""],
        &[],
    ];
    let names = ["P", "K", "P", "B", "é\"\n"];
    let r_list: Vec<Requirement<'_>> = names
        .iter()
        .zip(scopes)
        .map(|(n, s)| Requirement::new(n, s))
        .collect();
    let mut rbuf = [0u8; 256];
    let want = SecurityRequirements::new(&r_list)
        .write_json(&mut rbuf)
        .unwrap();
    let views: Vec<Vec<authparse_str>> = scopes
        .iter()
        .map(|s| s.iter().map(|x| view(x)).collect())
        .collect();
    let c_list: Vec<authparse_openapi_requirement> = names
        .iter()
        .zip(&views)
        .map(|(n, v)| authparse_openapi_requirement {
            scheme_name: view(n),
            scopes: if v.is_empty() {
                ptr::null()
            } else {
                v.as_ptr()
            },
            scope_count: v.len(),
        })
        .collect();
    let mut buf = [0u8; 256];
    let mut out = authparse_str::EMPTY;
    let mut needed = 7;
    // SAFETY: valid pointers to live locals.
    let st = unsafe {
        authparse_openapi_requirements_render(
            c_list.as_ptr(),
            c_list.len(),
            buf.as_mut_ptr(),
            buf.len(),
            &mut out,
            &mut needed,
        )
    };
    assert_eq!((st, needed), (AUTHPARSE_STATUS_OK, 0));
    assert_eq!(bytes(out), want.as_bytes());
    // SAFETY: as above; a short buffer.
    let st = unsafe {
        authparse_openapi_requirements_render(
            c_list.as_ptr(),
            c_list.len(),
            buf.as_mut_ptr(),
            3,
            &mut out,
            &mut needed,
        )
    };
    assert_eq!(
        (st, needed),
        (AUTHPARSE_STATUS_BUFFER_TOO_SMALL, want.len())
    );
}

#[test]
fn password_form_c_equals_rust() {
    for (name, title, strict) in [
        ("token_token_post", false, false),
        ("token_strict_token_strict_post", false, true),
        ("Login \"x\"", true, false),
        ("", true, true),
    ] {
        let body = if title {
            PasswordFormBody::with_title(name, strict)
        } else {
            PasswordFormBody::new(name, strict)
        };
        let (mut a, mut b) = ([0u8; 1024], [0u8; 1024]);
        let want_body = body.write_request_body_json(&mut a).unwrap();
        let want_schema = body.write_schema_json(&mut b).unwrap();
        let mut buf = [0u8; 1024];
        let mut needed = 1;
        let (st, out) = form_into(name, title, None, &mut buf, 1024, &mut needed);
        assert_eq!((st, needed), (AUTHPARSE_STATUS_OK, 0));
        assert_eq!(bytes(out), want_body.as_bytes());
        let (st, out) = form_into(name, title, Some(strict), &mut buf, 1024, &mut needed);
        assert_eq!((st, needed), (AUTHPARSE_STATUS_OK, 0));
        assert_eq!(bytes(out), want_schema.as_bytes());
        // A short buffer.
        let (st, _) = form_into(name, title, Some(strict), &mut buf, 10, &mut needed);
        assert_eq!(
            (st, needed),
            (AUTHPARSE_STATUS_BUFFER_TOO_SMALL, want_schema.len())
        );
    }
}

#[test]
fn pools_are_bounded_and_views_stay_in_the_buffer() {
    // Scopes spread over flows count together against the per-call pool.
    let many: Vec<authparse_scope_description> = (0..AUTHPARSE_OPENAPI_MAX_SCOPES / 2 + 1)
        .map(|_| authparse_scope_description {
            name: view("s"),
            description: view("d"),
        })
        .collect();
    let mut flows = authparse_openapi_flows::default();
    for f in [&mut flows.password, &mut flows.client_credentials] {
        f.present = true;
        f.token_url = view("/t");
        f.scopes = many.as_ptr();
        f.scope_count = many.len();
    }
    let mut s = authparse_openapi_scheme::new(AUTHPARSE_CLASS_OAUTH2);
    s.flows = &flows;
    let mut buf = [0u8; 512];
    let (st, _, _) = scheme_into(&s, &mut buf, 512, ptr::null_mut());
    assert_eq!(st, AUTHPARSE_STATUS_INVALID_ARGUMENT);
    flows.client_credentials.scope_count -= 2; // 33 + 31 = 64: exactly the maximum
    s.flows = &flows; // a fresh pointer after the write
    let (st, key, json) = scheme_into(&s, &mut buf, 512, ptr::null_mut());
    assert_eq!(st, AUTHPARSE_STATUS_OK);
    assert_eq!(bytes(key), b"OAuth2");
    assert_eq!(
        bytes(json),
        br#"{"type":"oauth2","flows":{"password":{"scopes":{"s":"d"},"tokenUrl":"/t"},"clientCredentials":{"scopes":{"s":"d"},"tokenUrl":"/t"}}}"#
    );
    let range = buf.as_ptr_range();
    assert!(range.contains(&json.ptr()));
}
