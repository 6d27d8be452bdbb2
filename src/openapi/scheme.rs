//! One `components.securitySchemes` entry: [`SecurityScheme`], any of the
//! eleven classes, with its key and its JSON value.

use super::flows::emit_flows;
use crate::base::error::Error;
use crate::base::json::{len_with, same_output, write_with, Obj, Out};
use crate::schemes::api_key::{ApiKeyCookie, ApiKeyHeader, ApiKeyQuery};
use crate::schemes::http::{HttpBase, HttpBasic, HttpBearer, HttpDigest};
use crate::schemes::oauth2::{
    OAuth2, OAuth2AuthorizationCodeBearer, OAuth2PasswordBearer, OAuthFlows, OpenIdConnect,
};

/// Any of FastAPI's eleven security classes, for its OpenAPI output.
///
/// Build one with `From` (`SecurityScheme::from(HttpBasic::new())`), then
/// [`key`](Self::key) is its name under `components.securitySchemes` and
/// [`write_json`](Self::write_json) its value. Key order is FastAPI's:
/// `type`, `description` (if set), then the class's fields; `None` fields
/// are left out; `HTTPBasic`'s realm never appears.
///
/// ```
/// use authparse::openapi::SecurityScheme;
/// use authparse::{ApiKeyHeader, OAuth2PasswordBearer};
///
/// let mut buf = [0u8; 256];
/// let key = SecurityScheme::from(ApiKeyHeader::new("X-API-Key"));
/// assert_eq!(key.key(), "APIKeyHeader");
/// assert_eq!(key.write_json(&mut buf)?, r#"{"type":"apiKey","in":"header","name":"X-API-Key"}"#);
///
/// let scopes = [("read", "Read access")];
/// let pw = SecurityScheme::from(OAuth2PasswordBearer::new("token").scopes(&scopes));
/// let json = pw.write_json(&mut buf)?;
/// assert_eq!(json, r#"{"type":"oauth2","flows":{"password":{"scopes":{"read":"Read access"},"tokenUrl":"token"}}}"#);
///
/// // A short buffer says how much is needed.
/// let mut small = [0u8; 8];
/// assert_eq!(pw.write_json(&mut small), Err(authparse::Error::BufferTooSmall { needed: 91 }));
/// assert_eq!(pw.json_len(), Ok(91));
/// # Ok::<(), authparse::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SecurityScheme<'c> {
    /// `HTTPBasic`.
    HttpBasic(HttpBasic<'c>),
    /// `HTTPBearer`.
    HttpBearer(HttpBearer<'c>),
    /// `HTTPDigest`.
    HttpDigest(HttpDigest<'c>),
    /// `HTTPBase`.
    HttpBase(HttpBase<'c>),
    /// `APIKeyHeader`.
    ApiKeyHeader(ApiKeyHeader<'c>),
    /// `APIKeyQuery`.
    ApiKeyQuery(ApiKeyQuery<'c>),
    /// `APIKeyCookie`.
    ApiKeyCookie(ApiKeyCookie<'c>),
    /// `OAuth2`.
    OAuth2(OAuth2<'c>),
    /// `OAuth2PasswordBearer`.
    OAuth2PasswordBearer(OAuth2PasswordBearer<'c>),
    /// `OAuth2AuthorizationCodeBearer`.
    OAuth2AuthorizationCodeBearer(OAuth2AuthorizationCodeBearer<'c>),
    /// `OpenIdConnect`.
    OpenIdConnect(OpenIdConnect<'c>),
}

macro_rules! scheme_from {
    ($($ty:ident),*) => {$(
        impl<'c> From<$ty<'c>> for SecurityScheme<'c> {
            fn from(scheme: $ty<'c>) -> Self {
                SecurityScheme::$ty(scheme)
            }
        }
    )*};
}
scheme_from!(
    HttpBasic,
    HttpBearer,
    HttpDigest,
    HttpBase,
    ApiKeyHeader,
    ApiKeyQuery,
    ApiKeyCookie,
    OAuth2,
    OAuth2PasswordBearer,
    OAuth2AuthorizationCodeBearer,
    OpenIdConnect
);

/// Applies `$f` to the scheme inside any variant.
macro_rules! each {
    ($self:expr, $s:ident => $e:expr) => {
        match $self {
            SecurityScheme::HttpBasic($s) => $e,
            SecurityScheme::HttpBearer($s) => $e,
            SecurityScheme::HttpDigest($s) => $e,
            SecurityScheme::HttpBase($s) => $e,
            SecurityScheme::ApiKeyHeader($s) => $e,
            SecurityScheme::ApiKeyQuery($s) => $e,
            SecurityScheme::ApiKeyCookie($s) => $e,
            SecurityScheme::OAuth2($s) => $e,
            SecurityScheme::OAuth2PasswordBearer($s) => $e,
            SecurityScheme::OAuth2AuthorizationCodeBearer($s) => $e,
            SecurityScheme::OpenIdConnect($s) => $e,
        }
    };
}

impl<'c> SecurityScheme<'c> {
    /// The entry's name under `components.securitySchemes` (and in
    /// `security` requirements): `scheme_name`, or FastAPI's class name.
    ///
    /// ```
    /// use authparse::{openapi::SecurityScheme, HttpDigest};
    /// assert_eq!(SecurityScheme::from(HttpDigest::new()).key(), "HTTPDigest");
    /// assert_eq!(SecurityScheme::from(HttpDigest::new().scheme_name("D")).key(), "D");
    /// ```
    pub const fn key(&self) -> &'c str {
        each!(self, s => s.get_scheme_name())
    }

    /// The configured description.
    ///
    /// ```
    /// use authparse::{openapi::SecurityScheme, HttpDigest};
    /// let s = SecurityScheme::from(HttpDigest::new().description("Digest auth"));
    /// assert_eq!(s.description(), Some("Digest auth"));
    /// ```
    pub const fn description(&self) -> Option<&'c str> {
        each!(self, s => s.get_description())
    }

    /// The OpenAPI `type`: `http`, `apiKey`, `oauth2` or `openIdConnect`.
    ///
    /// ```
    /// use authparse::{openapi::SecurityScheme, OpenIdConnect};
    /// assert_eq!(SecurityScheme::from(OpenIdConnect::new("/oidc")).openapi_type(), "openIdConnect");
    /// ```
    pub const fn openapi_type(&self) -> &'static str {
        match self {
            SecurityScheme::HttpBasic(_)
            | SecurityScheme::HttpBearer(_)
            | SecurityScheme::HttpDigest(_)
            | SecurityScheme::HttpBase(_) => "http",
            SecurityScheme::ApiKeyHeader(_)
            | SecurityScheme::ApiKeyQuery(_)
            | SecurityScheme::ApiKeyCookie(_) => "apiKey",
            SecurityScheme::OAuth2(_)
            | SecurityScheme::OAuth2PasswordBearer(_)
            | SecurityScheme::OAuth2AuthorizationCodeBearer(_) => "oauth2",
            SecurityScheme::OpenIdConnect(_) => "openIdConnect",
        }
    }

    /// The object's members in FastAPI's order: `type`, `description` (if
    /// set), then the class's fields (`None` fields left out).
    pub(super) fn members(&self) -> impl Iterator<Item = (&'static str, Member<'c>)> {
        let text = |key, value| Some((key, Member::Text(value)));
        let optional = |key, value: Option<&'c str>| value.map(|v| (key, Member::Text(v)));
        let (first, second) = match self {
            SecurityScheme::HttpBasic(_) => (text("scheme", "basic"), None),
            SecurityScheme::HttpDigest(_) => (text("scheme", "digest"), None),
            SecurityScheme::HttpBase(s) => (text("scheme", s.get_scheme()), None),
            SecurityScheme::HttpBearer(s) => (
                text("scheme", "bearer"),
                optional("bearerFormat", s.get_bearer_format()),
            ),
            SecurityScheme::ApiKeyHeader(s) => (text("in", "header"), text("name", s.get_name())),
            SecurityScheme::ApiKeyQuery(s) => (text("in", "query"), text("name", s.get_name())),
            SecurityScheme::ApiKeyCookie(s) => (text("in", "cookie"), text("name", s.get_name())),
            SecurityScheme::OAuth2(_)
            | SecurityScheme::OAuth2PasswordBearer(_)
            | SecurityScheme::OAuth2AuthorizationCodeBearer(_) => {
                (Some(("flows", Member::Flows)), None)
            }
            SecurityScheme::OpenIdConnect(s) => {
                (text("openIdConnectUrl", s.get_open_id_connect_url()), None)
            }
        };
        [
            text("type", self.openapi_type()),
            optional("description", self.description()),
            first,
            second,
        ]
        .into_iter()
        .flatten()
    }

    /// The OAuth flows an OAuth2 class publishes (none for the others).
    pub(super) fn flows(&self) -> OAuthFlows<'c> {
        match self {
            SecurityScheme::OAuth2(s) => *s.get_flows(),
            SecurityScheme::OAuth2PasswordBearer(s) => s.flows(),
            SecurityScheme::OAuth2AuthorizationCodeBearer(s) => s.flows(),
            _ => OAuthFlows::new(),
        }
    }

    pub(super) fn emit<O: Out + ?Sized>(&self, o: &mut O) -> Result<(), Error> {
        let mut obj = Obj::open(o);
        for (key, member) in self.members() {
            match member {
                Member::Text(value) => obj.str(key, value),
                Member::Flows => emit_flows(obj.key(key), &self.flows())?,
            }
        }
        obj.close();
        Ok(())
    }

    /// Writes the entry's JSON value into `buf` and returns it.
    ///
    /// Errors: [`Error::BufferTooSmall`] with the exact size needed;
    /// [`Error::InvalidConfiguration`] if a generic `OAuth2`'s extra key
    /// repeats one of the model's own fields.
    ///
    /// ```
    /// use authparse::{openapi::SecurityScheme, HttpBase, Error};
    /// let s = SecurityScheme::from(HttpBase::new("Other"));
    /// let mut buf = [0u8; 64];
    /// assert_eq!(s.write_json(&mut buf)?, r#"{"type":"http","scheme":"Other"}"#);
    /// assert_eq!(s.write_json(&mut buf[..10]), Err(Error::BufferTooSmall { needed: 32 }));
    /// # Ok::<(), authparse::Error>(())
    /// ```
    pub fn write_json<'b>(&self, buf: &'b mut [u8]) -> Result<&'b str, Error> {
        write_with(buf, |s| self.emit(s))
    }

    /// The size of [`write_json`](Self::write_json)'s output.
    ///
    /// ```
    /// use authparse::{openapi::SecurityScheme, HttpBasic};
    /// assert_eq!(SecurityScheme::from(HttpBasic::new()).json_len(), Ok(32));
    /// ```
    pub fn json_len(&self) -> Result<usize, Error> {
        len_with(|s| self.emit(s))
    }

    /// Whether `self` and `other` render the same JSON value (bytes).
    pub(super) fn same_json(&self, other: &Self) -> Result<bool, Error> {
        same_output(|o| self.emit(o), |o| other.emit(o))
    }
}

/// The value of one member of a scheme object.
#[derive(Clone, Copy, Debug)]
pub(super) enum Member<'c> {
    /// A JSON string.
    Text(&'c str),
    /// The `flows` object: [`SecurityScheme::flows`], built when it is
    /// written (it is large).
    Flows,
}
