//! Request cases: build the scheme from the case's constructor arguments,
//! run it on the case's request, render FastAPI's answer.

use authparse::form::{FormOutcome, OAuth2PasswordRequestForm, OAuth2PasswordRequestFormStrict};
use authparse::openapi::SecurityScheme;
use authparse::{AuthorizationCredentials, Outcome, Request, Secret};
use serde_json::{json, Value};

use crate::args::Args;
use crate::scheme::{class, Spec};
use crate::{latin1_bytes, latin1_text};

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

/// Answers a request case: its `scheme` object on its `request` object.
pub fn answer(spec: &Value, request: &Value) -> Result<Value, String> {
    let class = class(spec, "scheme")?;
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
    let form = match class {
        "OAuth2PasswordRequestForm" => OAuth2PasswordRequestForm::new(),
        "OAuth2PasswordRequestFormStrict" => OAuth2PasswordRequestFormStrict::new(),
        _ => return Spec::parse(class, spec)?.with_scheme(|s| extract(s, &req, &mut buf)),
    };
    let form = form.profile(Args::new(spec, &[])?.profile()?);
    let outcome = form.extract(&req, &mut buf).map_err(|e| e.to_string())?;
    password_form(outcome)
}

/// What `scheme` decides on `req` (`buf` takes decoded credentials).
fn extract(scheme: SecurityScheme<'_>, req: &Request<'_>, buf: &mut [u8]) -> Result<Value, String> {
    let failed = |e: authparse::Error| e.to_string();
    Ok(match scheme {
        SecurityScheme::HttpBasic(s) => respond(
            s.extract(req, buf).map_err(failed)?,
            |c| json!({ "username": c.username, "password": c.password }),
        ),
        SecurityScheme::HttpBearer(s) => respond(s.extract(req), scheme_credentials),
        SecurityScheme::HttpDigest(s) => respond(s.extract(req), scheme_credentials),
        SecurityScheme::HttpBase(s) => respond(s.extract(req), scheme_credentials),
        SecurityScheme::ApiKeyHeader(s) => respond(s.extract(req), header_value),
        SecurityScheme::ApiKeyQuery(s) => respond(s.extract(req, buf).map_err(failed)?, text_value),
        SecurityScheme::ApiKeyCookie(s) => {
            respond(s.extract(req, buf).map_err(failed)?, header_value)
        }
        SecurityScheme::OAuth2(s) => respond(s.extract(req), header_value),
        SecurityScheme::OpenIdConnect(s) => respond(s.extract(req), header_value),
        SecurityScheme::OAuth2PasswordBearer(s) => respond(s.extract(req), header_value),
        SecurityScheme::OAuth2AuthorizationCodeBearer(s) => respond(s.extract(req), header_value),
    })
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
