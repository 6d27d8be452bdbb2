//! `inspect`: what would each FastAPI security class decide for this request?
//!
//! ```text
//! cargo run --example inspect -- examples/requests/basic.http
//! cargo run --example inspect -- --json --strict < request.http
//! ```
//!
//! Reads one raw HTTP/1.1 request (a file, or standard input), evaluates
//! every class in its default configuration with authparse, and prints each
//! decision: the extracted value, `None`, or the failure's status and
//! `WWW-Authenticate` challenge. The body is `Content-Length` bytes when the
//! header is present, otherwise the rest of the input without one final
//! newline.
//!
//! Options: `--json` (one JSON document), `--strict` (the strict RFC
//! profile), `--header-name N` / `--query-name N` / `--cookie-name N`
//! (API-key names; defaults `X-API-Key`, `api_key`, `session`),
//! `--scheme S` (HTTPBase's scheme; default `Other`), `--realm R`,
//! `--openapi` (print the `components.securitySchemes` object instead).
//!
//! With `Authorization: Digest …`, a Digest section follows: the RFC 7616
//! parameters as parsed and validated, and the verdict. Given
//! `--digest-password P` (and built with `--features digest-verify`), the
//! response is verified for the request's method and target, the realm of
//! `--realm` (default: the credentials' own) and the user the credentials
//! name (`--digest-user U` names the user of a `userhash=true` response):
//!
//! ```text
//! cargo run --features digest-verify --example inspect -- \
//!     --digest-password 'Circle of Life' examples/requests/digest.http
//! ```

use authparse_conformance::{self as cases, openapi, requests};

use std::io::{Read, Write};
use std::process::ExitCode;

use serde_json::{json, Map, Value};

/// `println!` that stops quietly when the reader goes away (`| head`).
macro_rules! say {
    ($($arg:tt)*) => {
        let _ = writeln!(std::io::stdout(), $($arg)*);
    };
}

struct Options {
    json: bool,
    strict: bool,
    openapi: bool,
    header_name: String,
    query_name: String,
    cookie_name: String,
    scheme: String,
    realm: Option<String>,
    digest_password: Option<String>,
    digest_user: Option<String>,
    path: Option<String>,
}

fn parse_args() -> Result<Options, String> {
    let mut o = Options {
        json: false,
        strict: false,
        openapi: false,
        header_name: "X-API-Key".into(),
        query_name: "api_key".into(),
        cookie_name: "session".into(),
        scheme: "Other".into(),
        realm: None,
        digest_password: None,
        digest_user: None,
        path: None,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "--json" => o.json = true,
            "--strict" => o.strict = true,
            "--openapi" => o.openapi = true,
            "--header-name" => o.header_name = value(&arg)?,
            "--query-name" => o.query_name = value(&arg)?,
            "--cookie-name" => o.cookie_name = value(&arg)?,
            "--scheme" => o.scheme = value(&arg)?,
            "--realm" => o.realm = Some(value(&arg)?),
            "--digest-password" => o.digest_password = Some(value(&arg)?),
            "--digest-user" => o.digest_user = Some(value(&arg)?),
            "-h" | "--help" => return Err(String::new()),
            flag if flag.starts_with("--") => return Err(format!("unknown option {flag}")),
            path => o.path = Some(path.to_string()),
        }
    }
    Ok(o)
}

/// Each class in its default configuration, as a conformance-case `scheme`.
fn schemes(o: &Options) -> Vec<Value> {
    let profile = if o.strict { "strict" } else { "fastapi" };
    let mut basic = json!({ "class": "HTTPBasic" });
    if let Some(realm) = &o.realm {
        basic["realm"] = json!(realm);
    }
    let mut list = vec![
        basic,
        json!({ "class": "HTTPBearer" }),
        json!({ "class": "HTTPDigest" }),
        json!({ "class": "HTTPBase", "scheme": o.scheme }),
        json!({ "class": "APIKeyHeader", "name": o.header_name }),
        json!({ "class": "APIKeyQuery", "name": o.query_name }),
        json!({ "class": "APIKeyCookie", "name": o.cookie_name }),
        json!({ "class": "OAuth2" }),
        json!({ "class": "OAuth2PasswordBearer", "tokenUrl": "token" }),
        json!({ "class": "OAuth2AuthorizationCodeBearer", "authorizationUrl": "authorize", "tokenUrl": "token" }),
        json!({ "class": "OpenIdConnect", "openIdConnectUrl": "/.well-known/openid-configuration" }),
        json!({ "class": "OAuth2PasswordRequestForm" }),
        json!({ "class": "OAuth2PasswordRequestFormStrict" }),
    ];
    for s in &mut list {
        s["profile"] = json!(profile);
    }
    list
}

/// A parsed request as a conformance-case `request` (bytes as Latin-1 text).
struct Parsed {
    request_line: String,
    method: String,
    target: String,
    /// The parameters of the first `Authorization: Digest` header.
    digest: Option<Vec<u8>>,
    case: Value,
    header_count: usize,
    body_len: usize,
}

fn parse_request(raw: &[u8]) -> Result<Parsed, String> {
    let mut headers = [httparse::EMPTY_HEADER; 128];
    let mut req = httparse::Request::new(&mut headers);
    let head_len = match req
        .parse(raw)
        .map_err(|e| format!("not an HTTP/1.1 request: {e}"))?
    {
        httparse::Status::Complete(n) => n,
        httparse::Status::Partial => {
            return Err("the request head is incomplete (no blank line)".into())
        }
    };
    let rest = &raw[head_len..];
    let lines: Vec<(&str, &[u8])> = req.headers.iter().map(|h| (h.name, h.value)).collect();
    let headers = authparse::Request::new(&lines);
    let content_length = headers.first(b"content-length").and_then(|v| {
        let text = std::str::from_utf8(v).ok()?;
        text.trim().parse::<usize>().ok()
    });
    let body = match content_length {
        Some(n) => rest
            .get(..n)
            .ok_or(format!("body shorter than Content-Length {n}"))?,
        None => rest
            .strip_suffix(b"\r\n")
            .or_else(|| rest.strip_suffix(b"\n"))
            .unwrap_or(rest),
    };
    let target = req.path.unwrap_or("/");
    let (_, query) = target.split_once('?').unwrap_or((target, ""));
    let header_lines: Vec<Value> = req
        .headers
        .iter()
        .map(|h| json!([h.name.to_ascii_lowercase(), cases::latin1_text(h.value)]))
        .collect();
    let digest = headers.first(b"authorization").and_then(|v| {
        let (scheme, params) = authparse::authorization::split(v);
        scheme
            .eq_ignore_ascii_case(b"digest")
            .then(|| params.to_vec())
    });
    Ok(Parsed {
        request_line: format!("{} {}", req.method.unwrap_or("?"), target),
        method: req.method.unwrap_or("").to_string(),
        target: target.to_string(),
        digest,
        header_count: req.headers.len(),
        body_len: body.len(),
        case: json!({ "headers": header_lines, "query": query, "body": cases::latin1_text(body) }),
    })
}

/// One line for a person: the decision of one class.
fn describe(answer: &Value) -> String {
    let status = answer["status"].as_u64().unwrap_or(0);
    let body = &answer["body"];
    if let Some(error) = answer.get("error") {
        return format!("error: {}", error.as_str().unwrap_or("?"));
    }
    match status {
        200 if body.get("none").is_some() => {
            "200  None (auto_error=False would continue without credentials)".into()
        }
        200 => {
            let fields: Vec<String> = body
                .as_object()
                .into_iter()
                .flatten()
                .map(|(k, v)| format!("{k}={}", v))
                .collect();
            format!("200  {}", fields.join(" "))
        }
        _ => {
            let challenge = answer["www_authenticate"]
                .as_str()
                .map(|c| format!("  WWW-Authenticate: {c}"))
                .unwrap_or_default();
            format!("{status}{challenge}  {}", body)
        }
    }
}

fn run() -> Result<(), String> {
    let o = parse_args().map_err(|e| {
        if e.is_empty() {
            "usage: inspect [--json] [--strict] [--openapi] [--header-name N] [--query-name N] \
             [--cookie-name N] [--scheme S] [--realm R] [--digest-password P] [--digest-user U] [REQUEST_FILE]"
                .to_string()
        } else {
            e
        }
    })?;
    let schemes = schemes(&o);
    if o.openapi {
        let mut components = Map::new();
        for scheme in schemes.iter().filter(|s| {
            !s["class"]
                .as_str()
                .unwrap_or("")
                .starts_with("OAuth2PasswordRequest")
        }) {
            let answer = openapi::answer(scheme)?;
            if let (Some(key), Some(value)) = (answer["key"].as_str(), answer.get("value")) {
                components.insert(key.to_string(), value.clone());
            }
        }
        let doc = json!({ "components": { "securitySchemes": components } });
        say!(
            "{}",
            serde_json::to_string_pretty(&doc).map_err(|e| e.to_string())?
        );
        return Ok(());
    }
    let mut raw = Vec::new();
    match &o.path {
        Some(path) => raw = std::fs::read(path).map_err(|e| format!("{path}: {e}"))?,
        None => {
            std::io::stdin()
                .read_to_end(&mut raw)
                .map_err(|e| e.to_string())?;
        }
    }
    let parsed = parse_request(&raw)?;
    let digest = parsed
        .digest
        .as_ref()
        .map(|d| digest_section(&o, &parsed, d));
    let answers: Vec<(String, Value)> = schemes
        .iter()
        .map(|s| {
            let class = s["class"].as_str().unwrap_or("?").to_string();
            let answer =
                requests::answer(s, &parsed.case).unwrap_or_else(|e| json!({ "error": e }));
            (class, answer)
        })
        .collect();
    if o.json {
        let results: Vec<Value> = answers
            .iter()
            .map(|(class, a)| {
                let mut a = a.clone();
                a["class"] = json!(class);
                a
            })
            .collect();
        let doc = json!({
            "profile": if o.strict { "strict" } else { "fastapi" },
            "request": parsed.request_line,
            "results": results,
        });
        let mut doc = doc;
        if let Some(digest) = digest {
            doc["digest"] = digest;
        }
        say!(
            "{}",
            serde_json::to_string_pretty(&doc).map_err(|e| e.to_string())?
        );
    } else {
        say!(
            "{}  ({} headers, {}-byte body, profile: {})\n",
            parsed.request_line,
            parsed.header_count,
            parsed.body_len,
            if o.strict {
                "strict"
            } else {
                "FastAPI 0.165.0"
            }
        );
        for (class, answer) in &answers {
            say!("{class:<32}{}", describe(answer));
        }
        if let Some(digest) = digest {
            say!("\nDigest (RFC 7616, authparse::digest::Credentials)");
            for (name, value) in digest["parameters"].as_object().into_iter().flatten() {
                say!("  {name:<14}{value}");
            }
            say!(
                "  verdict       {}",
                digest["verdict"].as_str().unwrap_or("?")
            );
        }
    }
    Ok(())
}

/// The Digest parameters as [`authparse::digest::Credentials`] reads them,
/// and the verdict: invalid (why), valid, or verified against a password.
fn digest_section(o: &Options, parsed: &Parsed, params: &[u8]) -> Value {
    use authparse::digest::Credentials;
    let mut buf = vec![0u8; params.len()];
    let creds = match Credentials::parse(params, &mut buf) {
        Ok(c) => c,
        Err(e) => {
            return json!({ "parameters": {}, "verdict": format!("refused (code {}): {e}", e.code()) })
        }
    };
    let text = |b: &[u8]| json!(cases::latin1_text(b));
    let mut p = Map::new();
    p.insert("username".into(), text(creds.username));
    if creds.username_star {
        p.insert("from".into(), json!("username* (RFC 8187)"));
    }
    p.insert("userhash".into(), json!(creds.userhash));
    p.insert("realm".into(), text(creds.realm));
    p.insert("uri".into(), text(creds.uri));
    p.insert("nonce".into(), text(creds.nonce));
    p.insert("algorithm".into(), json!(creds.algorithm.name()));
    p.insert("qop".into(), json!(creds.qop.map(|q| q.name())));
    p.insert("nc".into(), json!(creds.nc_value()));
    p.insert("cnonce".into(), json!(creds.cnonce.map(cases::latin1_text)));
    p.insert("opaque".into(), json!(creds.opaque.map(cases::latin1_text)));
    p.insert("response".into(), text(creds.response));
    let verdict = match &o.digest_password {
        None => "valid parameters (give --digest-password to verify the response)".to_string(),
        Some(password) => verify_digest(o, parsed, &creds, password),
    };
    json!({ "parameters": p, "verdict": verdict })
}

#[cfg(feature = "digest-verify")]
fn verify_digest(
    o: &Options,
    parsed: &Parsed,
    creds: &authparse::digest::Credentials<'_>,
    password: &str,
) -> String {
    use authparse::digest::{RequestInfo, StoredSecret, StoredUser};
    let realm = o.realm.as_deref().map_or(creds.realm, str::as_bytes);
    let request = RequestInfo {
        method: parsed.method.as_bytes(),
        target: parsed.target.as_bytes(),
        realm,
        body_hash: None,
    };
    let user = StoredUser {
        username: o
            .digest_user
            .as_deref()
            .map_or(creds.username, str::as_bytes),
        secret: StoredSecret::Password(password.as_bytes()),
    };
    match creds.verify(&request, &user) {
        Ok(()) => format!("verified ({}, password given)", creds.algorithm.name()),
        Err(e) => format!("refused (code {}): {e}", e.code()),
    }
}

#[cfg(not(feature = "digest-verify"))]
fn verify_digest(
    _: &Options,
    parsed: &Parsed,
    _: &authparse::digest::Credentials<'_>,
    _: &str,
) -> String {
    format!(
        "not verified for {} {}: build with --features digest-verify",
        parsed.method, parsed.target
    )
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("inspect: {e}");
            ExitCode::from(2)
        }
    }
}
