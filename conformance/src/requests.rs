//! Request cases: build the scheme from the case's constructor arguments,
//! run it on the case's request, render FastAPI's answer.

use authparse::{
    ApiKeyCookie, ApiKeyHeader, ApiKeyQuery, AuthorizationCredentials, HttpBase, HttpBasic,
    HttpBearer, HttpDigest, OAuth2, OAuth2AuthorizationCodeBearer, OAuth2PasswordBearer,
    OpenIdConnect, Outcome, Request, Secret,
};
use serde_json::{json, Value};

use authparse::form::{FormOutcome, OAuth2PasswordRequestForm, OAuth2PasswordRequestFormStrict};

use crate::{latin1_bytes, latin1_text, Args};

/// Arguments every class accepts. `profile` (`"fastapi"` or `"strict"`) is
/// authparse's own: the conformance cases never carry it; `inspect` uses it.
const COMMON: [&str; 4] = ["auto_error", "scheme_name", "description", "profile"];

fn args<'a>(spec: &'a Value, extra: &'static [&'static str]) -> Result<Args<'a>, String> {
    Args::new(spec, &COMMON, extra)
}

/// The request of a case as owned bytes.
struct OwnedRequest {
    headers: Vec<(Vec<u8>, Vec<u8>)>,
    query: Vec<u8>,
    body: Vec<u8>,
}

impl OwnedRequest {
    fn parse(request: &Value) -> Result<Self, String> {
        let text = |key: &str| -> Result<Vec<u8>, String> {
            match request.get(key) {
                None | Some(Value::Null) => Ok(Vec::new()),
                Some(Value::String(s)) => latin1_bytes(s),
                Some(other) => Err(format!("request.{key} must be a string, not {other}")),
            }
        };
        let mut headers = Vec::new();
        for line in request
            .get("headers")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            match line.as_array().map(Vec::as_slice) {
                Some([Value::String(name), Value::String(value)]) => {
                    headers.push((latin1_bytes(name)?, latin1_bytes(value)?))
                }
                _ => return Err(format!("bad header line {line}")),
            }
        }
        Ok(OwnedRequest {
            headers,
            query: text("query")?,
            body: text("body")?,
        })
    }
}

/// FastAPI's response for an outcome; `render` maps credentials to the probe's body.
fn respond<T>(outcome: Outcome<'_, T>, render: impl FnOnce(T) -> Value) -> Value {
    match outcome {
        Outcome::Credentials(c) => {
            json!({ "status": 200, "www_authenticate": null, "body": render(c) })
        }
        Outcome::Absent => {
            json!({ "status": 200, "www_authenticate": null, "body": { "none": true } })
        }
        Outcome::Failure(f) => {
            let body: Value = serde_json::from_str(f.body()).unwrap_or(Value::Null);
            json!({ "status": f.status, "www_authenticate": f.challenge.to_string(), "body": body })
        }
    }
}

fn header_value(s: Secret<'_>) -> Value {
    json!({ "value": latin1_text(s.as_bytes()) })
}

fn text_value(s: Secret<'_>) -> Value {
    json!({ "value": String::from_utf8_lossy(s.as_bytes()) })
}

fn scheme_credentials(c: AuthorizationCredentials<'_>) -> Value {
    json!({ "scheme": latin1_text(c.scheme), "credentials": latin1_text(c.credentials.as_bytes()) })
}

/// Applies `scheme_name` / `description` / `auto_error` through a class's builders.
macro_rules! configure {
    ($scheme:expr, $args:expr) => {{
        let mut s = $scheme
            .auto_error($args.bool("auto_error", true)?)
            .profile($args.profile()?);
        if let Some(v) = $args.str("scheme_name")? {
            s = s.scheme_name(v);
        }
        if let Some(v) = $args.str("description")? {
            s = s.description(v);
        }
        s
    }};
}

/// `(scope, description)` pairs of a `scopes` argument.
pub fn scope_pairs(value: Option<&Value>) -> Result<Vec<(&str, &str)>, String> {
    match value {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Object(map)) => map
            .iter()
            .map(|(k, v)| {
                v.as_str()
                    .map(|d| (k.as_str(), d))
                    .ok_or_else(|| format!("scope '{k}' needs a string"))
            })
            .collect(),
        Some(other) => Err(format!("'scopes' must be an object, not {other}")),
    }
}

pub fn answer(spec: &Value, request: &Value) -> Result<Value, String> {
    let class = spec
        .get("class")
        .and_then(Value::as_str)
        .ok_or("scheme.class missing")?;
    let owned = OwnedRequest::parse(request)?;
    let headers: Vec<(&[u8], &[u8])> = owned
        .headers
        .iter()
        .map(|(n, v)| (&n[..], &v[..]))
        .collect();
    let req = Request::new(&headers)
        .with_query(&owned.query)
        .with_body(&owned.body);
    let mut buf = vec![
        0u8;
        4 * (owned.query.len() + owned.body.len() + 64)
            + headers.iter().map(|h| h.1.len()).sum::<usize>()
    ];
    let answer = match class {
        "HTTPBasic" => {
            let a = args(spec, &["realm"])?;
            let mut basic = configure!(HttpBasic::new(), a);
            if let Some(realm) = a.str("realm")? {
                basic = basic.realm(realm);
            }
            let outcome = basic.extract(&req, &mut buf).map_err(|e| e.to_string())?;
            respond(
                outcome,
                |c| json!({ "username": c.username, "password": c.password }),
            )
        }
        "HTTPBearer" => {
            let a = args(spec, &["bearerFormat"])?;
            respond(
                configure!(HttpBearer::new(), a).extract(&req),
                scheme_credentials,
            )
        }
        "HTTPDigest" => {
            let a = args(spec, &[])?;
            respond(
                configure!(HttpDigest::new(), a).extract(&req),
                scheme_credentials,
            )
        }
        "HTTPBase" => {
            let a = args(spec, &["scheme"])?;
            respond(
                configure!(HttpBase::new(a.required_str("scheme")?), a).extract(&req),
                scheme_credentials,
            )
        }
        "APIKeyHeader" => {
            let a = args(spec, &["name"])?;
            respond(
                configure!(ApiKeyHeader::new(a.required_str("name")?), a).extract(&req),
                header_value,
            )
        }
        "APIKeyQuery" => {
            let a = args(spec, &["name"])?;
            let key = configure!(ApiKeyQuery::new(a.required_str("name")?), a);
            respond(
                key.extract(&req, &mut buf).map_err(|e| e.to_string())?,
                text_value,
            )
        }
        "APIKeyCookie" => {
            let a = args(spec, &["name"])?;
            let key = configure!(ApiKeyCookie::new(a.required_str("name")?), a);
            respond(
                key.extract(&req, &mut buf).map_err(|e| e.to_string())?,
                header_value,
            )
        }
        "OAuth2" => {
            let a = args(spec, &["flows"])?;
            respond(configure!(OAuth2::new(), a).extract(&req), header_value)
        }
        "OpenIdConnect" => {
            let a = args(spec, &["openIdConnectUrl"])?;
            respond(
                configure!(OpenIdConnect::new(a.required_str("openIdConnectUrl")?), a)
                    .extract(&req),
                header_value,
            )
        }
        "OAuth2PasswordBearer" => {
            let a = args(spec, &["tokenUrl", "refreshUrl", "scopes"])?;
            let scopes = scope_pairs(a.get("scopes"))?;
            let mut bearer = configure!(OAuth2PasswordBearer::new(a.required_str("tokenUrl")?), a)
                .scopes(&scopes);
            if let Some(url) = a.str("refreshUrl")? {
                bearer = bearer.refresh_url(url);
            }
            respond(bearer.extract(&req), header_value)
        }
        "OAuth2AuthorizationCodeBearer" => {
            let a = args(
                spec,
                &["authorizationUrl", "tokenUrl", "refreshUrl", "scopes"],
            )?;
            let scopes = scope_pairs(a.get("scopes"))?;
            let code = OAuth2AuthorizationCodeBearer::new(
                a.required_str("authorizationUrl")?,
                a.required_str("tokenUrl")?,
            );
            let mut code = configure!(code, a).scopes(&scopes);
            if let Some(url) = a.str("refreshUrl")? {
                code = code.refresh_url(url);
            }
            respond(code.extract(&req), header_value)
        }
        "OAuth2PasswordRequestForm" | "OAuth2PasswordRequestFormStrict" => {
            let a = args(spec, &[])?;
            let form = match class {
                "OAuth2PasswordRequestForm" => OAuth2PasswordRequestForm::new(),
                _ => OAuth2PasswordRequestFormStrict::new(),
            };
            let form = form.profile(a.profile()?);
            password_form(form.extract(&req, &mut buf).map_err(|e| e.to_string())?)?
        }
        other => return Err(format!("unknown class '{other}'")),
    };
    Ok(answer)
}

/// The probe endpoint's answer for a password form.
fn password_form(outcome: FormOutcome<'_>) -> Result<Value, String> {
    let status = outcome.status();
    let body = match &outcome {
        FormOutcome::Form(f) => json!({
            "grant_type": f.grant_type,
            "username": f.username,
            "password": f.password,
            "scopes": f.scopes().collect::<Vec<_>>(),
            "client_id": f.client_id,
            "client_secret": f.client_secret,
        }),
        _ => {
            let mut buf = vec![0u8; 4096];
            if let Err(authparse::Error::BufferTooSmall { needed }) = outcome.write_body(&mut buf) {
                buf.resize(needed, 0);
            }
            let text = outcome.write_body(&mut buf).map_err(|e| e.to_string())?;
            serde_json::from_str(text).map_err(|e| format!("body is not JSON: {e}"))?
        }
    };
    Ok(json!({ "status": status, "www_authenticate": null, "body": body }))
}
