//! The `flows` argument of a generic `OAuth2` case: FastAPI's `OAuthFlows`
//! dict, read into owned pieces, then built as [`OAuthFlows`].

use authparse::openapi::{OAuthFlow, OAuthFlows, RawJson};
use serde_json::{Map, Value};

use crate::args::{scope_pairs, string};

/// The flow kinds in FastAPI's output order.
const KINDS: [&str; 4] = [
    "implicit",
    "password",
    "clientCredentials",
    "authorizationCode",
];

/// Keys passed through as they were: each with its JSON text.
type Unknown<'v> = Vec<(&'v str, String)>;

/// One flow of the argument.
struct Flow<'v> {
    kind: &'v str,
    authorization_url: &'v str,
    token_url: &'v str,
    refresh_url: Option<&'v str>,
    scopes: Vec<(&'v str, &'v str)>,
    unknown: Unknown<'v>,
}

/// A `flows` argument: its flows in output order and its unknown keys.
#[derive(Default)]
pub struct Flows<'v> {
    flows: Vec<Flow<'v>>,
    unknown: Unknown<'v>,
}

/// The unknown keys of a [`Flows`] as checked raw JSON: the top level's,
/// then each flow's.
pub struct Extras<'t> {
    top: Vec<(&'t str, RawJson<'t>)>,
    flows: Vec<Vec<(&'t str, RawJson<'t>)>>,
}

impl<'v> Flows<'v> {
    /// Reads a `flows` argument (absent or `null`: no flows).
    pub fn parse(value: Option<&'v Value>) -> Result<Self, String> {
        let map = match value {
            None | Some(Value::Null) => return Ok(Flows::default()),
            Some(Value::Object(map)) => map,
            Some(other) => return Err(format!("'flows' must be an object, not {other}")),
        };
        let mut flows = Vec::new();
        for kind in KINDS {
            match map.get(kind) {
                None | Some(Value::Null) => {}
                Some(v) => flows.push(flow(kind, v)?),
            }
        }
        Ok(Flows {
            flows,
            unknown: unknown(map, |key| KINDS.contains(&key))?,
        })
    }

    /// Checks the unknown keys as raw JSON.
    pub fn extras(&self) -> Result<Extras<'_>, String> {
        Ok(Extras {
            top: raw_pairs(&self.unknown)?,
            flows: self
                .flows
                .iter()
                .map(|f| raw_pairs(&f.unknown))
                .collect::<Result<_, _>>()?,
        })
    }

    /// The flows, with `extras` from [`Flows::extras`].
    pub fn build<'t>(&'t self, extras: &'t Extras<'t>) -> OAuthFlows<'t> {
        let mut flows = OAuthFlows::new().extra(&extras.top);
        for (f, extra) in self.flows.iter().zip(&extras.flows) {
            let mut flow = OAuthFlow::new().scopes(&f.scopes).extra(extra);
            if let Some(url) = f.refresh_url {
                flow = flow.refresh_url(url);
            }
            flows = match f.kind {
                "implicit" => flows.implicit(f.authorization_url, flow),
                "password" => flows.password(f.token_url, flow),
                "clientCredentials" => flows.client_credentials(f.token_url, flow),
                _ => flows.authorization_code(f.authorization_url, f.token_url, flow),
            };
        }
        flows
    }
}

/// One flow: its URLs (those of its kind are required), scopes and unknown keys.
fn flow<'v>(kind: &'v str, value: &'v Value) -> Result<Flow<'v>, String> {
    let map = value
        .as_object()
        .ok_or_else(|| format!("flow '{kind}' must be an object"))?;
    let (needs_auth, needs_token) = match kind {
        "implicit" => (true, false),
        "password" | "clientCredentials" => (false, true),
        _ => (true, true),
    };
    let url = |key: &str, needed: bool| -> Result<&'v str, String> {
        match (string(map, key)?, needed) {
            (Some(v), true) => Ok(v),
            (None, true) => Err(format!("flow '{kind}' needs '{key}'")),
            (_, false) => Ok(""),
        }
    };
    Ok(Flow {
        kind,
        authorization_url: url("authorizationUrl", needs_auth)?,
        token_url: url("tokenUrl", needs_token)?,
        refresh_url: string(map, "refreshUrl")?,
        scopes: scope_pairs(map.get("scopes"))?,
        unknown: unknown(map, |key| {
            key == "refreshUrl"
                || key == "scopes"
                || (needs_auth && key == "authorizationUrl")
                || (needs_token && key == "tokenUrl")
        })?,
    })
}

/// The keys of `map` that are not `known`, with their JSON text, in order.
fn unknown<'v>(
    map: &'v Map<String, Value>,
    known: impl Fn(&str) -> bool,
) -> Result<Unknown<'v>, String> {
    map.iter()
        .filter(|(key, _)| !known(key))
        .map(|(key, v)| {
            Ok((
                key.as_str(),
                serde_json::to_string(v).map_err(|e| e.to_string())?,
            ))
        })
        .collect()
}

/// Unknown keys as checked raw JSON fragments.
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
