//! OpenAPI cases (`{"openapi": {...}}`): build the scheme from the case's
//! constructor arguments and answer its `components.securitySchemes` entry.

use authparse::openapi::{OAuthFlow, OAuthFlows, RawJson, SecurityScheme};
use authparse::{
    ApiKeyCookie, ApiKeyHeader, ApiKeyQuery, HttpBase, HttpBasic, HttpBearer, HttpDigest, OAuth2,
    OAuth2AuthorizationCodeBearer, OAuth2PasswordBearer, OpenIdConnect,
};
use serde_json::{json, Map, Value};

use crate::requests::scope_pairs;
use crate::Args;

/// Applies `scheme_name` / `description` / `auto_error` through a class's builders.
macro_rules! configure {
    ($scheme:expr, $args:expr) => {{
        let mut s = $scheme.auto_error($args.bool("auto_error", true)?);
        if let Some(v) = $args.str("scheme_name")? {
            s = s.scheme_name(v);
        }
        if let Some(v) = $args.str("description")? {
            s = s.description(v);
        }
        s
    }};
}

/// The key and JSON value of a scheme.
fn render(scheme: SecurityScheme<'_>) -> Result<Value, String> {
    let mut buf = vec![0u8; scheme.json_len().map_err(|e| e.to_string())?];
    let text = scheme.write_json(&mut buf).map_err(|e| e.to_string())?;
    let value: Value = serde_json::from_str(text).map_err(|e| format!("invalid output: {e}"))?;
    Ok(json!({ "key": scheme.key(), "value": value }))
}

/// One flow of a `flows` argument, as owned pieces.
struct FlowSpec<'v> {
    kind: &'v str,
    authorization_url: Option<&'v str>,
    token_url: Option<&'v str>,
    refresh_url: Option<&'v str>,
    scopes: Vec<(&'v str, &'v str)>,
    extra: Vec<(&'v str, String)>,
}

const FLOW_KINDS: [&str; 4] = [
    "implicit",
    "password",
    "clientCredentials",
    "authorizationCode",
];

fn opt_str<'v>(map: &'v Map<String, Value>, key: &str) -> Result<Option<&'v str>, String> {
    match map.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(other) => Err(format!("'{key}' must be a string, not {other}")),
    }
}

fn flow_spec<'v>(kind: &'v str, value: &'v Value) -> Result<FlowSpec<'v>, String> {
    let map = value
        .as_object()
        .ok_or_else(|| format!("flow '{kind}' must be an object"))?;
    let (needs_auth, needs_token) = match kind {
        "implicit" => (true, false),
        "password" | "clientCredentials" => (false, true),
        _ => (true, true),
    };
    let mut extra = Vec::new();
    for (key, v) in map {
        let known = key == "refreshUrl"
            || key == "scopes"
            || (needs_auth && key == "authorizationUrl")
            || (needs_token && key == "tokenUrl");
        if !known {
            extra.push((
                key.as_str(),
                serde_json::to_string(v).map_err(|e| e.to_string())?,
            ));
        }
    }
    let required = |key: &str, needed: bool| -> Result<Option<&'v str>, String> {
        match (opt_str(map, key)?, needed) {
            (Some(v), true) => Ok(Some(v)),
            (None, true) => Err(format!("flow '{kind}' needs '{key}'")),
            (_, false) => Ok(None),
        }
    };
    Ok(FlowSpec {
        kind,
        authorization_url: required("authorizationUrl", needs_auth)?,
        token_url: required("tokenUrl", needs_token)?,
        refresh_url: opt_str(map, "refreshUrl")?,
        scopes: scope_pairs(map.get("scopes"))?,
        extra,
    })
}

/// Pass-through keys as checked raw JSON fragments.
fn raw_pairs<'t>(pairs: &'t [(&'t str, String)]) -> Result<Vec<(&'t str, RawJson<'t>)>, String> {
    pairs
        .iter()
        .map(|(k, t)| {
            RawJson::new(t)
                .map(|r| (*k, r))
                .map_err(|e| format!("extra key '{k}': {e}"))
        })
        .collect()
}

/// Answers a generic `OAuth2` case (with `flows`).
fn oauth2(a: &Args<'_>) -> Result<Value, String> {
    let empty = Map::new();
    let flows_arg = match a.get("flows") {
        None | Some(Value::Null) => &empty,
        Some(Value::Object(map)) => map,
        Some(other) => return Err(format!("'flows' must be an object, not {other}")),
    };
    let mut specs = Vec::new();
    let mut top_extra = Vec::new();
    for kind in FLOW_KINDS {
        match flows_arg.get(kind) {
            None | Some(Value::Null) => {}
            Some(v) => specs.push(flow_spec(kind, v)?),
        }
    }
    for (key, v) in flows_arg {
        if !FLOW_KINDS.contains(&key.as_str()) {
            top_extra.push((
                key.as_str(),
                serde_json::to_string(v).map_err(|e| e.to_string())?,
            ));
        }
    }
    let extras = specs
        .iter()
        .map(|s| raw_pairs(&s.extra))
        .collect::<Result<Vec<_>, _>>()?;
    let top_extras = raw_pairs(&top_extra)?;
    let mut flows = OAuthFlows::new().extra(&top_extras);
    for (spec, extra) in specs.iter().zip(&extras) {
        let mut flow = OAuthFlow::new().scopes(&spec.scopes).extra(extra);
        if let Some(url) = spec.refresh_url {
            flow = flow.refresh_url(url);
        }
        let (auth, token) = (
            spec.authorization_url.unwrap_or_default(),
            spec.token_url.unwrap_or_default(),
        );
        flows = match spec.kind {
            "implicit" => flows.implicit(auth, flow),
            "password" => flows.password(token, flow),
            "clientCredentials" => flows.client_credentials(token, flow),
            _ => flows.authorization_code(auth, token, flow),
        };
    }
    render(configure!(OAuth2::new(), a).flows(&flows).into())
}

pub fn answer(spec: &Value) -> Result<Value, String> {
    let class = spec
        .get("class")
        .and_then(Value::as_str)
        .ok_or("openapi.class missing")?;
    const C: [&str; 3] = ["auto_error", "scheme_name", "description"];
    let args = |extra: &'static [&'static str]| Args::new(spec, &C, extra);
    match class {
        "HTTPBasic" => {
            let a = args(&["realm"])?;
            let mut basic = configure!(HttpBasic::new(), a);
            if let Some(realm) = a.str("realm")? {
                basic = basic.realm(realm);
            }
            render(basic.into())
        }
        "HTTPBearer" => {
            let a = args(&["bearerFormat"])?;
            let mut bearer = configure!(HttpBearer::new(), a);
            if let Some(format) = a.str("bearerFormat")? {
                bearer = bearer.bearer_format(format);
            }
            render(bearer.into())
        }
        "HTTPDigest" => {
            let a = args(&[])?;
            render(configure!(HttpDigest::new(), a).into())
        }
        "HTTPBase" => {
            let a = args(&["scheme"])?;
            render(configure!(HttpBase::new(a.required_str("scheme")?), a).into())
        }
        "APIKeyHeader" => {
            let a = args(&["name"])?;
            render(configure!(ApiKeyHeader::new(a.required_str("name")?), a).into())
        }
        "APIKeyQuery" => {
            let a = args(&["name"])?;
            render(configure!(ApiKeyQuery::new(a.required_str("name")?), a).into())
        }
        "APIKeyCookie" => {
            let a = args(&["name"])?;
            render(configure!(ApiKeyCookie::new(a.required_str("name")?), a).into())
        }
        "OAuth2" => oauth2(&args(&["flows"])?),
        "OpenIdConnect" => {
            let a = args(&["openIdConnectUrl"])?;
            render(configure!(OpenIdConnect::new(a.required_str("openIdConnectUrl")?), a).into())
        }
        "OAuth2PasswordBearer" => {
            let a = args(&["tokenUrl", "refreshUrl", "scopes"])?;
            let scopes = scope_pairs(a.get("scopes"))?;
            let mut bearer = configure!(OAuth2PasswordBearer::new(a.required_str("tokenUrl")?), a)
                .scopes(&scopes);
            if let Some(url) = a.str("refreshUrl")? {
                bearer = bearer.refresh_url(url);
            }
            render(bearer.into())
        }
        "OAuth2AuthorizationCodeBearer" => {
            let a = args(&["authorizationUrl", "tokenUrl", "refreshUrl", "scopes"])?;
            let scopes = scope_pairs(a.get("scopes"))?;
            let code = OAuth2AuthorizationCodeBearer::new(
                a.required_str("authorizationUrl")?,
                a.required_str("tokenUrl")?,
            );
            let mut code = configure!(code, a).scopes(&scopes);
            if let Some(url) = a.str("refreshUrl")? {
                code = code.refresh_url(url);
            }
            render(code.into())
        }
        other => Err(format!("unknown class '{other}'")),
    }
}
