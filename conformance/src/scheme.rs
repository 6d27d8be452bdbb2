//! The eleven FastAPI security classes, built from a case's class and
//! arguments as a [`SecurityScheme`]: one place for both kinds of case
//! (requests and OpenAPI).

use authparse::openapi::SecurityScheme;
use authparse::{
    ApiKeyCookie, ApiKeyHeader, ApiKeyQuery, HttpBase, HttpBasic, HttpBearer, HttpDigest, OAuth2,
    OAuth2AuthorizationCodeBearer, OAuth2PasswordBearer, OpenIdConnect,
};
use serde_json::Value;

use crate::args::{scope_pairs, Args};
use crate::flows::Flows;

/// Each class's own arguments, besides the common ones.
const CLASSES: [(&str, &[&str]); 11] = [
    ("HTTPBasic", &["realm"]),
    ("HTTPBearer", &["bearerFormat"]),
    ("HTTPDigest", &[]),
    ("HTTPBase", &["scheme"]),
    ("APIKeyHeader", &["name"]),
    ("APIKeyQuery", &["name"]),
    ("APIKeyCookie", &["name"]),
    ("OAuth2", &["flows"]),
    ("OpenIdConnect", &["openIdConnectUrl"]),
    (
        "OAuth2PasswordBearer",
        &["tokenUrl", "refreshUrl", "scopes"],
    ),
    (
        "OAuth2AuthorizationCodeBearer",
        &["authorizationUrl", "tokenUrl", "refreshUrl", "scopes"],
    ),
];

/// The `class` of a case's `scheme` or `openapi` object (`key`).
pub fn class<'v>(spec: &'v Value, key: &str) -> Result<&'v str, String> {
    spec.get("class")
        .and_then(Value::as_str)
        .ok_or_else(|| format!("{key}.class missing"))
}

/// A class's arguments, checked, with what the built scheme borrows.
pub struct Spec<'v> {
    class: &'v str,
    args: Args<'v>,
    scopes: Vec<(&'v str, &'v str)>,
    flows: Flows<'v>,
}

impl<'v> Spec<'v> {
    /// Reads the arguments of `class` from `spec`.
    pub fn parse(class: &'v str, spec: &'v Value) -> Result<Self, String> {
        let (_, own) = CLASSES
            .iter()
            .find(|(name, _)| *name == class)
            .ok_or_else(|| format!("unknown class '{class}'"))?;
        let args = Args::new(spec, own)?;
        let (scopes, flows) = match class {
            "OAuth2" => (Vec::new(), Flows::parse(args.get("flows"))?),
            "OAuth2PasswordBearer" | "OAuth2AuthorizationCodeBearer" => {
                (scope_pairs(args.get("scopes"))?, Flows::default())
            }
            _ => (Vec::new(), Flows::default()),
        };
        Ok(Spec {
            class,
            args,
            scopes,
            flows,
        })
    }

    /// Builds the scheme and hands it to `f`.
    pub fn with_scheme<R>(
        &self,
        f: impl FnOnce(SecurityScheme<'_>) -> Result<R, String>,
    ) -> Result<R, String> {
        let a = &self.args;
        let settings = a.settings()?;
        let extras = self.flows.extras()?;
        let flows = self.flows.build(&extras);
        let scopes = &self.scopes[..];
        let required = |key| a.required_str(key);
        let name = || required("name");
        let scheme = match self.class {
            "HTTPBasic" => {
                let basic = HttpBasic::new().settings(settings);
                with(basic, a.str("realm")?, HttpBasic::realm).into()
            }
            "HTTPBearer" => {
                let bearer = HttpBearer::new().settings(settings);
                with(bearer, a.str("bearerFormat")?, HttpBearer::bearer_format).into()
            }
            "HTTPDigest" => HttpDigest::new().settings(settings).into(),
            "HTTPBase" => HttpBase::new(required("scheme")?).settings(settings).into(),
            "APIKeyHeader" => ApiKeyHeader::new(name()?).settings(settings).into(),
            "APIKeyQuery" => ApiKeyQuery::new(name()?).settings(settings).into(),
            "APIKeyCookie" => ApiKeyCookie::new(name()?).settings(settings).into(),
            "OAuth2" => OAuth2::new().flows(&flows).settings(settings).into(),
            "OpenIdConnect" => {
                let url = required("openIdConnectUrl")?;
                OpenIdConnect::new(url).settings(settings).into()
            }
            "OAuth2PasswordBearer" => {
                let (url, refresh) = (required("tokenUrl")?, a.str("refreshUrl")?);
                let bearer = OAuth2PasswordBearer::new(url).scopes(scopes);
                let bearer = bearer.settings(settings);
                with(bearer, refresh, OAuth2PasswordBearer::refresh_url).into()
            }
            _ => {
                let (auth, token) = (required("authorizationUrl")?, required("tokenUrl")?);
                let code = OAuth2AuthorizationCodeBearer::new(auth, token).scopes(scopes);
                let (code, refresh) = (code.settings(settings), a.str("refreshUrl")?);
                with(code, refresh, OAuth2AuthorizationCodeBearer::refresh_url).into()
            }
        };
        f(scheme)
    }
}

/// `scheme` with an optional argument applied by its builder.
fn with<S, V>(scheme: S, value: Option<V>, builder: fn(S, V) -> S) -> S {
    match value {
        Some(v) => builder(scheme, v),
        None => scheme,
    }
}
