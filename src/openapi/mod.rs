//! FastAPI's OpenAPI output for the security classes, byte-exact.
//!
//! Everything here writes compact JSON exactly as FastAPI 0.165.0 serves it
//! in `/openapi.json` (Starlette's `JSONResponse`: `json.dumps` with
//! `ensure_ascii=False` and `separators=(",", ":")`) into a caller buffer.
//! A short buffer gives [`Error::BufferTooSmall`] with the exact size
//! needed; each type also has a `json_len` that computes it up front.
//!
//! * [`SecurityScheme`]: one `components.securitySchemes` entry (key and value);
//! * [`SecuritySchemes`]: the whole `components.securitySchemes` object,
//!   with FastAPI's handling of name collisions;
//! * [`SecurityRequirements`]: an operation's `security` array, merged as FastAPI does;
//! * [`PasswordFormBody`]: the `requestBody` and `Body_…` schema of
//!   `OAuth2PasswordRequestForm` / `OAuth2PasswordRequestFormStrict`;
//! * [`OAuthFlows`], [`OAuthFlow`], [`RawJson`]: the `flows=…` of a generic
//!   [`OAuth2`].
//!
//! ```
//! use authparse::openapi::SecurityScheme;
//! use authparse::HttpBearer;
//!
//! let bearer = HttpBearer::new().bearer_format("JWT").scheme_name("BearerJWT");
//! let scheme = SecurityScheme::from(bearer);
//! let mut buf = [0u8; 128];
//! assert_eq!(scheme.key(), "BearerJWT");
//! assert_eq!(
//!     scheme.write_json(&mut buf)?,
//!     r#"{"type":"http","scheme":"bearer","bearerFormat":"JWT"}"#
//! );
//! # Ok::<(), authparse::Error>(())
//! ```
//!
//! ## Strings
//!
//! Strings are escaped as Python's `json.dumps(…, ensure_ascii=False)` does:
//! `"` and `\` are backslash-escaped, `\b \f \n \r \t` use their short forms,
//! the other control characters U+0000..U+001F become `\u00XX` with
//! lower-case hex, and everything else (DEL, non-ASCII) is written as raw
//! UTF-8. (serde-json-core writes upper-case hex there, the same JSON value
//! but not FastAPI's bytes, so the crate escapes on its own.)

use crate::base::error::Error;
use crate::base::json::{escaped, string, Out};
use crate::base::sink::Sink;
use crate::schemes::api_key::{ApiKeyCookie, ApiKeyHeader, ApiKeyQuery};
use crate::schemes::http::{HttpBase, HttpBasic, HttpBearer, HttpDigest};
use crate::schemes::oauth2::ScopeDescriptions;
use crate::schemes::oauth2::{
    OAuth2, OAuth2AuthorizationCodeBearer, OAuth2PasswordBearer, OpenIdConnect,
};

// ---------------------------------------------------------------------------
// Output targets
// ---------------------------------------------------------------------------

/// Size of a comparison window.
const WINDOW: usize = 64;

/// Keeps the bytes `start..start + WINDOW` of the stream written to it.
struct Window {
    start: usize,
    pos: usize,
    buf: [u8; WINDOW],
}

impl Window {
    fn new(start: usize) -> Self {
        Window {
            start,
            pos: 0,
            buf: [0; WINDOW],
        }
    }
}

impl Out for Window {
    fn put(&mut self, bytes: &[u8]) {
        for &b in bytes {
            if let Some(offset) = self.pos.checked_sub(self.start) {
                if let Some(slot) = self.buf.get_mut(offset) {
                    *slot = b;
                }
            }
            self.pos = self.pos.saturating_add(1);
        }
    }
}

/// Runs `emit` into `buf` and returns the written text.
fn write_with(
    buf: &mut [u8],
    emit: impl FnOnce(&mut Sink<'_>) -> Result<(), Error>,
) -> Result<&str, Error> {
    let mut sink = Sink::new(buf);
    emit(&mut sink)?;
    let written = sink.into_written()?;
    core::str::from_utf8(written).map_err(|_| Error::InvalidUtf8)
}

/// Runs `emit` into a counting sink and returns the size of the output.
fn len_with(emit: impl FnOnce(&mut Sink<'_>) -> Result<(), Error>) -> Result<usize, Error> {
    let mut empty = [0u8; 0];
    let mut sink = Sink::new(&mut empty);
    emit(&mut sink)?;
    match sink.finish() {
        Ok(n) => Ok(n),
        Err(Error::BufferTooSmall { needed }) => Ok(needed),
        Err(other) => Err(other),
    }
}

/// Whether two emitters produce the same bytes (compared window by window,
/// without storing either output).
fn same_output(
    a: impl Fn(&mut dyn Out) -> Result<(), Error>,
    b: impl Fn(&mut dyn Out) -> Result<(), Error>,
) -> Result<bool, Error> {
    let len_a = len_with(|s| a(s))?;
    let len_b = len_with(|s| b(s))?;
    if len_a != len_b {
        return Ok(false);
    }
    let mut start = 0usize;
    while start < len_a {
        let (mut wa, mut wb) = (Window::new(start), Window::new(start));
        a(&mut wa)?;
        b(&mut wb)?;
        if wa.buf != wb.buf {
            return Ok(false);
        }
        start = start.saturating_add(WINDOW);
    }
    Ok(true)
}

// ---------------------------------------------------------------------------
// JSON primitives (Python's json.dumps, ensure_ascii=False, compact)
// ---------------------------------------------------------------------------

/// Writes the members of one JSON object.
struct Obj<'o, O: Out + ?Sized> {
    o: &'o mut O,
    first: bool,
}

impl<'o, O: Out + ?Sized> Obj<'o, O> {
    fn open(o: &'o mut O) -> Self {
        o.put(b"{");
        Obj { o, first: true }
    }

    /// `"k":` (with the comma before it when needed); the value follows.
    fn key(&mut self, k: &str) -> &mut O {
        if !self.first {
            self.o.put(b",");
        }
        self.first = false;
        string(self.o, k);
        self.o.put(b":");
        self.o
    }

    fn str(&mut self, k: &str, v: &str) {
        let o = self.key(k);
        string(o, v);
    }

    fn opt_str(&mut self, k: &str, v: Option<&str>) {
        if let Some(v) = v {
            self.str(k, v);
        }
    }

    fn close(self) {
        self.o.put(b"}");
    }
}

// ---------------------------------------------------------------------------
// Raw JSON fragments and OAuth flows
// ---------------------------------------------------------------------------

/// A pre-serialised JSON value passed through verbatim: the value of an
/// unknown key in `OAuth2(flows=…)`, which FastAPI's models keep.
///
/// [`RawJson::new`] checks that the text is one complete JSON value with no
/// whitespace outside strings (FastAPI's output is compact) and at most 32
/// levels of nesting. It does not re-render the value: it must be written
/// the way Python's `json.dumps(…, ensure_ascii=False)` would write it
/// (raw UTF-8 rather than `\u00e9`, `1.0` for a float, no `\/`), and it
/// should not contain object members whose value is `null` (FastAPI's
/// `jsonable_encoder(exclude_none=True)` drops those at every level). A
/// top-level `null` is dropped, as FastAPI drops the key.
///
/// ```
/// use authparse::openapi::RawJson;
/// assert!(RawJson::new(r#"{"a":[1,true,"x"]}"#).is_ok());
/// assert!(RawJson::new(r#"{"a": 1}"#).is_err()); // not compact
/// assert!(RawJson::new("[1,").is_err());
/// const X: RawJson<'static> = match RawJson::new("1") {
///     Ok(v) => v,
///     Err(_) => panic!(),
/// };
/// assert_eq!(X.as_str(), "1");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RawJson<'c>(&'c str);

/// Maximum nesting accepted by [`RawJson::new`].
const MAX_DEPTH: u8 = 32;

impl<'c> RawJson<'c> {
    /// Checks `json` (see the type's documentation); an invalid fragment is
    /// [`Error::InvalidConfiguration`].
    pub const fn new(json: &'c str) -> Result<Self, Error> {
        match json_value(json.as_bytes(), MAX_DEPTH) {
            Some([]) => Ok(RawJson(json)),
            _ => Err(Error::InvalidConfiguration),
        }
    }

    /// The fragment's text.
    ///
    /// ```
    /// let raw = authparse::openapi::RawJson::new("[1]")?;
    /// assert_eq!(raw.as_str(), "[1]");
    /// # Ok::<(), authparse::Error>(())
    /// ```
    pub const fn as_str(&self) -> &'c str {
        self.0
    }

    /// Whether the fragment is `null` (left out of the output).
    ///
    /// ```
    /// use authparse::openapi::RawJson;
    /// assert!(RawJson::new("null")?.is_null());
    /// assert!(!RawJson::new("0")?.is_null());
    /// # Ok::<(), authparse::Error>(())
    /// ```
    pub const fn is_null(&self) -> bool {
        matches!(self.0.as_bytes(), b"null")
    }
}

/// Skips `lit` at the start of `s`.
const fn json_literal<'a>(s: &'a [u8], lit: &[u8]) -> Option<&'a [u8]> {
    let mut s = s;
    let mut lit = lit;
    while let [l, lit_rest @ ..] = lit {
        match s {
            [c, rest @ ..] if *c == *l => {
                s = rest;
                lit = lit_rest;
            }
            _ => return None,
        }
    }
    Some(s)
}

/// Skips one or more ASCII digits.
const fn json_digits(s: &[u8]) -> Option<&[u8]> {
    let mut s = s;
    let mut any = false;
    while let [b'0'..=b'9', rest @ ..] = s {
        s = rest;
        any = true;
    }
    if any {
        Some(s)
    } else {
        None
    }
}

/// Skips a JSON number.
const fn json_number(s: &[u8]) -> Option<&[u8]> {
    let mut s = match s {
        [b'-', rest @ ..] => rest,
        _ => s,
    };
    s = match s {
        [b'0', rest @ ..] => rest,
        [b'1'..=b'9', ..] => match json_digits(s) {
            Some(rest) => rest,
            None => return None,
        },
        _ => return None,
    };
    if let [b'.', rest @ ..] = s {
        s = match json_digits(rest) {
            Some(rest) => rest,
            None => return None,
        };
    }
    if let [b'e' | b'E', rest @ ..] = s {
        let rest = match rest {
            [b'+' | b'-', rest @ ..] => rest,
            _ => rest,
        };
        s = match json_digits(rest) {
            Some(rest) => rest,
            None => return None,
        };
    }
    Some(s)
}

/// Skips a JSON string (starting at its opening quote).
const fn json_string(s: &[u8]) -> Option<&[u8]> {
    let mut s = match s {
        [b'"', rest @ ..] => rest,
        _ => return None,
    };
    loop {
        s = match s {
            [b'"', rest @ ..] => return Some(rest),
            [b'\\', b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't', rest @ ..] => rest,
            [b'\\', b'u', a, b, c, d, rest @ ..]
                if a.is_ascii_hexdigit()
                    && b.is_ascii_hexdigit()
                    && c.is_ascii_hexdigit()
                    && d.is_ascii_hexdigit() =>
            {
                rest
            }
            [0x00..=0x1f | b'\\', ..] | [] => return None,
            [_, rest @ ..] => rest,
        };
    }
}

/// Skips one compact JSON value, `depth` levels of nesting allowed.
const fn json_value(s: &[u8], depth: u8) -> Option<&[u8]> {
    match s {
        [b'"', ..] => json_string(s),
        [b't', ..] => json_literal(s, b"true"),
        [b'f', ..] => json_literal(s, b"false"),
        [b'n', ..] => json_literal(s, b"null"),
        [b'-' | b'0'..=b'9', ..] => json_number(s),
        [b'[', rest @ ..] => {
            let Some(depth) = depth.checked_sub(1) else {
                return None;
            };
            if let [b']', rest @ ..] = rest {
                return Some(rest);
            }
            let mut s = rest;
            loop {
                s = match json_value(s, depth) {
                    Some(rest) => rest,
                    None => return None,
                };
                s = match s {
                    [b',', rest @ ..] => rest,
                    [b']', rest @ ..] => return Some(rest),
                    _ => return None,
                };
            }
        }
        [b'{', rest @ ..] => {
            let Some(depth) = depth.checked_sub(1) else {
                return None;
            };
            if let [b'}', rest @ ..] = rest {
                return Some(rest);
            }
            let mut s = rest;
            loop {
                s = match json_string(s) {
                    Some([b':', rest @ ..]) => rest,
                    _ => return None,
                };
                s = match json_value(s, depth) {
                    Some(rest) => rest,
                    None => return None,
                };
                s = match s {
                    [b',', rest @ ..] => rest,
                    [b'}', rest @ ..] => return Some(rest),
                    _ => return None,
                };
            }
        }
        _ => None,
    }
}

/// Extra (unknown) keys kept on a flow or on the flows object, in order.
pub type ExtraKeys<'c> = &'c [(&'c str, RawJson<'c>)];

/// The settings every OAuth flow object has: `refreshUrl`, `scopes` and
/// pass-through keys. The URLs that identify the flow are given to
/// [`OAuthFlows`].
///
/// ```
/// use authparse::openapi::{OAuthFlow, RawJson};
/// const EXTRA: &[(&str, RawJson)] = &[("x-extra", match RawJson::new("1") {
///     Ok(v) => v,
///     Err(_) => panic!(),
/// })];
/// let flow = OAuthFlow::new().refresh_url("/refresh").scopes(&[("read", "Read")]).extra(EXTRA);
/// assert_eq!(flow.get_refresh_url(), Some("/refresh"));
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct OAuthFlow<'c> {
    refresh_url: Option<&'c str>,
    scopes: ScopeDescriptions<'c>,
    extra: ExtraKeys<'c>,
}

impl<'c> OAuthFlow<'c> {
    /// A flow with no refresh URL, no scopes and no extra keys.
    pub const fn new() -> Self {
        OAuthFlow {
            refresh_url: None,
            scopes: &[],
            extra: &[],
        }
    }

    /// `refreshUrl`.
    pub const fn refresh_url(mut self, url: &'c str) -> Self {
        self.refresh_url = Some(url);
        self
    }

    /// `scopes` (`{scope: description}` in order; a repeated scope keeps its
    /// first position and its last description, like a Python dict).
    pub const fn scopes(mut self, scopes: ScopeDescriptions<'c>) -> Self {
        self.scopes = scopes;
        self
    }

    /// Unknown keys passed through after the known ones (a repeated key
    /// keeps its first position and its last value; a key that is one of
    /// the flow's own fields makes the output an [`Error::InvalidConfiguration`]).
    pub const fn extra(mut self, extra: ExtraKeys<'c>) -> Self {
        self.extra = extra;
        self
    }

    /// The configured `refreshUrl`.
    pub const fn get_refresh_url(&self) -> Option<&'c str> {
        self.refresh_url
    }

    /// The configured scopes.
    pub const fn get_scopes(&self) -> ScopeDescriptions<'c> {
        self.scopes
    }

    /// The configured extra keys.
    pub const fn get_extra(&self) -> ExtraKeys<'c> {
        self.extra
    }
}

/// FastAPI's `OAuthFlows` model: the `flows=…` of a generic
/// [`OAuth2`].
///
/// FastAPI validates the `flows` dict into a pydantic model whose fields are
/// `implicit`, `password`, `clientCredentials`, `authorizationCode` (in that
/// order, whatever order the dict had), each flow's fields being
/// `refreshUrl`, `scopes`, then `authorizationUrl` and/or `tokenUrl`;
/// unknown keys (`extra="allow"`) follow the declared fields in their dict
/// order. The output follows the same order.
///
/// ```
/// use authparse::openapi::{OAuthFlow, OAuthFlows, SecurityScheme};
/// use authparse::OAuth2;
///
/// let flows = OAuthFlows::new()
///     .client_credentials("https://ex.com/token", OAuthFlow::new())
///     .implicit("https://ex.com/auth", OAuthFlow::new().scopes(&[("a", "A")]));
/// let oauth = OAuth2::new().flows(&flows).scheme_name("MultiFlow").description("Generic");
/// let mut buf = [0u8; 256];
/// assert_eq!(
///     SecurityScheme::from(oauth).write_json(&mut buf)?,
///     r#"{"type":"oauth2","description":"Generic","flows":{"implicit":{"scopes":{"a":"A"},"authorizationUrl":"https://ex.com/auth"},"clientCredentials":{"scopes":{},"tokenUrl":"https://ex.com/token"}}}"#
/// );
/// # Ok::<(), authparse::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct OAuthFlows<'c> {
    implicit: Option<(&'c str, OAuthFlow<'c>)>,
    password: Option<(&'c str, OAuthFlow<'c>)>,
    client_credentials: Option<(&'c str, OAuthFlow<'c>)>,
    authorization_code: Option<(&'c str, &'c str, OAuthFlow<'c>)>,
    extra: ExtraKeys<'c>,
}

impl<'c> OAuthFlows<'c> {
    /// No flows: `OAuth2()` renders `"flows":{}`.
    pub const fn new() -> Self {
        OAuthFlows {
            implicit: None,
            password: None,
            client_credentials: None,
            authorization_code: None,
            extra: &[],
        }
    }

    /// `implicit` with its `authorizationUrl`.
    pub const fn implicit(mut self, authorization_url: &'c str, flow: OAuthFlow<'c>) -> Self {
        self.implicit = Some((authorization_url, flow));
        self
    }

    /// `password` with its `tokenUrl`.
    pub const fn password(mut self, token_url: &'c str, flow: OAuthFlow<'c>) -> Self {
        self.password = Some((token_url, flow));
        self
    }

    /// `clientCredentials` with its `tokenUrl`.
    pub const fn client_credentials(mut self, token_url: &'c str, flow: OAuthFlow<'c>) -> Self {
        self.client_credentials = Some((token_url, flow));
        self
    }

    /// `authorizationCode` with its `authorizationUrl` and `tokenUrl`.
    pub const fn authorization_code(
        mut self,
        authorization_url: &'c str,
        token_url: &'c str,
        flow: OAuthFlow<'c>,
    ) -> Self {
        self.authorization_code = Some((authorization_url, token_url, flow));
        self
    }

    /// Unknown keys of the flows object, after the four flows.
    pub const fn extra(mut self, extra: ExtraKeys<'c>) -> Self {
        self.extra = extra;
        self
    }

    /// The `implicit` flow: `(authorizationUrl, flow)`.
    pub const fn get_implicit(&self) -> Option<(&'c str, OAuthFlow<'c>)> {
        self.implicit
    }

    /// The `password` flow: `(tokenUrl, flow)`.
    ///
    /// ```
    /// use authparse::openapi::{OAuthFlow, OAuthFlows};
    /// let flows = OAuthFlows::new().password("/token", OAuthFlow::new());
    /// assert_eq!(flows.get_password(), Some(("/token", OAuthFlow::new())));
    /// assert_eq!(flows.get_implicit(), None);
    /// ```
    pub const fn get_password(&self) -> Option<(&'c str, OAuthFlow<'c>)> {
        self.password
    }

    /// The `clientCredentials` flow: `(tokenUrl, flow)`.
    pub const fn get_client_credentials(&self) -> Option<(&'c str, OAuthFlow<'c>)> {
        self.client_credentials
    }

    /// The `authorizationCode` flow: `(authorizationUrl, tokenUrl, flow)`.
    pub const fn get_authorization_code(&self) -> Option<(&'c str, &'c str, OAuthFlow<'c>)> {
        self.authorization_code
    }

    /// The extra keys of the flows object.
    pub const fn get_extra(&self) -> ExtraKeys<'c> {
        self.extra
    }
}

/// `"scopes":{…}`, Python-dict semantics for repeated scopes.
fn emit_scopes<O: Out + ?Sized>(obj: &mut Obj<'_, O>, scopes: ScopeDescriptions<'_>) {
    let o = obj.key("scopes");
    let mut map = Obj::open(o);
    for (i, (name, _)) in scopes.iter().enumerate() {
        let earlier = scopes.get(..i).unwrap_or_default();
        if earlier.iter().any(|(n, _)| n == name) {
            continue;
        }
        // The last description given for this scope.
        let description = scopes
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map_or("", |(_, d)| d);
        map.str(name, description);
    }
    map.close();
}

/// Extra keys after the declared `fields`, Python-dict semantics.
fn emit_extra<O: Out + ?Sized>(
    obj: &mut Obj<'_, O>,
    extra: ExtraKeys<'_>,
    fields: &[&str],
) -> Result<(), Error> {
    for (i, (name, _)) in extra.iter().enumerate() {
        if fields.contains(name) {
            return Err(Error::InvalidConfiguration);
        }
        let earlier = extra.get(..i).unwrap_or_default();
        if earlier.iter().any(|(n, _)| n == name) {
            continue;
        }
        let value = extra.iter().rev().find(|(n, _)| n == name).map(|(_, v)| *v);
        if let Some(value) = value.filter(|v| !v.is_null()) {
            obj.key(name).put(value.as_str().as_bytes());
        }
    }
    Ok(())
}

/// One flow object.
fn emit_flow<O: Out + ?Sized>(
    o: &mut O,
    flow: &OAuthFlow<'_>,
    authorization_url: Option<&str>,
    token_url: Option<&str>,
) -> Result<(), Error> {
    let mut obj = Obj::open(o);
    obj.opt_str("refreshUrl", flow.refresh_url);
    emit_scopes(&mut obj, flow.scopes);
    obj.opt_str("authorizationUrl", authorization_url);
    obj.opt_str("tokenUrl", token_url);
    emit_extra(
        &mut obj,
        flow.extra,
        &["refreshUrl", "scopes", "authorizationUrl", "tokenUrl"],
    )?;
    obj.close();
    Ok(())
}

fn emit_flows<O: Out + ?Sized>(o: &mut O, flows: &OAuthFlows<'_>) -> Result<(), Error> {
    let mut obj = Obj::open(o);
    if let Some((url, flow)) = &flows.implicit {
        emit_flow(obj.key("implicit"), flow, Some(url), None)?;
    }
    if let Some((url, flow)) = &flows.password {
        emit_flow(obj.key("password"), flow, None, Some(url))?;
    }
    if let Some((url, flow)) = &flows.client_credentials {
        emit_flow(obj.key("clientCredentials"), flow, None, Some(url))?;
    }
    if let Some((auth, token, flow)) = &flows.authorization_code {
        emit_flow(obj.key("authorizationCode"), flow, Some(auth), Some(token))?;
    }
    emit_extra(
        &mut obj,
        flows.extra,
        &[
            "implicit",
            "password",
            "clientCredentials",
            "authorizationCode",
        ],
    )?;
    obj.close();
    Ok(())
}

// ---------------------------------------------------------------------------
// Security schemes
// ---------------------------------------------------------------------------

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

    fn emit<O: Out + ?Sized>(&self, o: &mut O) -> Result<(), Error> {
        let mut obj = Obj::open(o);
        obj.str("type", self.openapi_type());
        obj.opt_str("description", self.description());
        match self {
            SecurityScheme::HttpBasic(_) => obj.str("scheme", "basic"),
            SecurityScheme::HttpDigest(_) => obj.str("scheme", "digest"),
            SecurityScheme::HttpBase(s) => obj.str("scheme", s.get_scheme()),
            SecurityScheme::HttpBearer(s) => {
                obj.str("scheme", "bearer");
                obj.opt_str("bearerFormat", s.get_bearer_format());
            }
            SecurityScheme::ApiKeyHeader(s) => {
                obj.str("in", "header");
                obj.str("name", s.get_name());
            }
            SecurityScheme::ApiKeyQuery(s) => {
                obj.str("in", "query");
                obj.str("name", s.get_name());
            }
            SecurityScheme::ApiKeyCookie(s) => {
                obj.str("in", "cookie");
                obj.str("name", s.get_name());
            }
            SecurityScheme::OAuth2(s) => emit_flows(obj.key("flows"), s.get_flows())?,
            SecurityScheme::OAuth2PasswordBearer(s) => {
                let flow = OAuthFlow {
                    refresh_url: s.get_refresh_url(),
                    scopes: s.get_scopes(),
                    extra: &[],
                };
                let flows = OAuthFlows::new().password(s.get_token_url(), flow);
                emit_flows(obj.key("flows"), &flows)?;
            }
            SecurityScheme::OAuth2AuthorizationCodeBearer(s) => {
                let flow = OAuthFlow {
                    refresh_url: s.get_refresh_url(),
                    scopes: s.get_scopes(),
                    extra: &[],
                };
                let flows = OAuthFlows::new().authorization_code(
                    s.get_authorization_url(),
                    s.get_token_url(),
                    flow,
                );
                emit_flows(obj.key("flows"), &flows)?;
            }
            SecurityScheme::OpenIdConnect(s) => {
                obj.str("openIdConnectUrl", s.get_open_id_connect_url());
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
    fn same_json(&self, other: &Self) -> Result<bool, Error> {
        same_output(|o| self.emit(o), |o| other.emit(o))
    }
}

/// The whole `components.securitySchemes` object for a list of schemes, as
/// FastAPI builds it.
///
/// FastAPI fills a Python dict, `securitySchemes[scheme_name] = model`, in
/// the order the schemes are visited. So a name that comes again **keeps
/// its first position and takes the last value** (§8.1: "name collisions
/// are silent … the last one visited wins"). With
/// [`reject_collisions`](Self::reject_collisions) a name that comes again
/// with a *different* JSON value is an [`Error::InvalidConfiguration`]
/// instead; the same scheme used twice is never a collision.
///
/// FastAPI leaves `securitySchemes` out when there is no scheme; this
/// writes `{}` for an empty list.
///
/// ```
/// use authparse::openapi::{SecurityScheme, SecuritySchemes};
/// use authparse::{ApiKeyHeader, HttpBearer, Error};
///
/// let schemes = [
///     SecurityScheme::from(ApiKeyHeader::new("A")),
///     SecurityScheme::from(HttpBearer::new()),
///     SecurityScheme::from(ApiKeyHeader::new("B")),
/// ];
/// let mut buf = [0u8; 256];
/// assert_eq!(
///     SecuritySchemes::new(&schemes).write_json(&mut buf)?,
///     r#"{"APIKeyHeader":{"type":"apiKey","in":"header","name":"B"},"HTTPBearer":{"type":"http","scheme":"bearer"}}"#
/// );
/// let strict = SecuritySchemes::new(&schemes).reject_collisions(true);
/// assert_eq!(strict.write_json(&mut buf), Err(Error::InvalidConfiguration));
/// # Ok::<(), authparse::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SecuritySchemes<'s, 'c> {
    schemes: &'s [SecurityScheme<'c>],
    reject_collisions: bool,
}

impl<'s, 'c> SecuritySchemes<'s, 'c> {
    /// The schemes in the order FastAPI visits them.
    pub const fn new(schemes: &'s [SecurityScheme<'c>]) -> Self {
        SecuritySchemes {
            schemes,
            reject_collisions: false,
        }
    }

    /// `true`: a repeated name with a different value is an error instead
    /// of FastAPI's silent last-one-wins.
    pub const fn reject_collisions(mut self, reject: bool) -> Self {
        self.reject_collisions = reject;
        self
    }

    fn emit<O: Out + ?Sized>(&self, o: &mut O) -> Result<(), Error> {
        let mut obj = Obj::open(o);
        for (i, scheme) in self.schemes.iter().enumerate() {
            let key = scheme.key();
            let earlier = self.schemes.get(..i).unwrap_or_default();
            if earlier.iter().any(|s| s.key() == key) {
                continue;
            }
            let mut last = scheme;
            for later in self.schemes.iter().skip(i).filter(|s| s.key() == key) {
                if self.reject_collisions && !scheme.same_json(later)? {
                    return Err(Error::InvalidConfiguration);
                }
                last = later;
            }
            last.emit(obj.key(key))?;
        }
        obj.close();
        Ok(())
    }

    /// Writes the object into `buf` and returns it ([`Error::BufferTooSmall`]
    /// gives the exact size needed).
    pub fn write_json<'b>(&self, buf: &'b mut [u8]) -> Result<&'b str, Error> {
        write_with(buf, |s| self.emit(s))
    }

    /// The size of [`write_json`](Self::write_json)'s output.
    ///
    /// ```
    /// use authparse::openapi::{SecurityScheme, SecuritySchemes};
    /// use authparse::HttpBasic;
    /// let list = [SecurityScheme::from(HttpBasic::new())];
    /// assert_eq!(SecuritySchemes::new(&list).json_len(), Ok(46));
    /// ```
    pub fn json_len(&self) -> Result<usize, Error> {
        len_with(|s| self.emit(s))
    }
}

// ---------------------------------------------------------------------------
// Security requirements
// ---------------------------------------------------------------------------

/// One security dependency found on an operation: the scheme's name and the
/// scopes accumulated along its dependency path (FastAPI's
/// `Security(…, scopes=[…])`; none for `Depends`).
///
/// ```
/// use authparse::openapi::{Requirement, SecurityScheme};
/// use authparse::HttpBearer;
/// let bearer = SecurityScheme::from(HttpBearer::new());
/// assert_eq!(Requirement::of(&bearer, &[]), Requirement::new("HTTPBearer", &[]));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Requirement<'a> {
    /// The scheme's key ([`SecurityScheme::key`]).
    pub scheme_name: &'a str,
    /// The scopes, outermost first.
    pub scopes: &'a [&'a str],
}

impl<'a> Requirement<'a> {
    /// A requirement for the scheme named `scheme_name`.
    pub const fn new(scheme_name: &'a str, scopes: &'a [&'a str]) -> Self {
        Requirement {
            scheme_name,
            scopes,
        }
    }

    /// A requirement for `scheme`, under its key.
    pub const fn of(scheme: &SecurityScheme<'a>, scopes: &'a [&'a str]) -> Self {
        Requirement::new(scheme.key(), scopes)
    }
}

/// An operation's `security` array, merged as FastAPI merges it: one
/// single-key object per scheme name, in the order names first appear,
/// each with the union of its scopes in first-seen order. (A list of
/// objects means *any one of* these in OpenAPI.) Scopes are written for
/// every kind of scheme, not only OAuth2, and are not validated.
///
/// FastAPI leaves the `security` key out of the operation when there is no
/// security dependency ([`is_empty`](Self::is_empty)); this writes `[]`
/// for an empty list.
///
/// ```
/// use authparse::openapi::{Requirement, SecurityRequirements};
///
/// let found = [
///     Requirement::new("OAuth2PasswordBearer", &["a"]),
///     Requirement::new("OAuth2PasswordBearer", &["b", "a"]),
///     Requirement::new("APIKeyHeader", &["x"]),
/// ];
/// let mut buf = [0u8; 128];
/// assert_eq!(
///     SecurityRequirements::new(&found).write_json(&mut buf)?,
///     r#"[{"OAuth2PasswordBearer":["a","b"]},{"APIKeyHeader":["x"]}]"#
/// );
/// # Ok::<(), authparse::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SecurityRequirements<'s, 'a> {
    found: &'s [Requirement<'a>],
}

impl<'s, 'a> SecurityRequirements<'s, 'a> {
    /// The security dependencies in FastAPI's visiting order (depth-first,
    /// pre-order; route-, router- and app-level dependencies first).
    pub const fn new(found: &'s [Requirement<'a>]) -> Self {
        SecurityRequirements { found }
    }

    /// Whether there is no requirement (FastAPI then omits `security`).
    ///
    /// ```
    /// use authparse::openapi::SecurityRequirements;
    /// assert!(SecurityRequirements::new(&[]).is_empty());
    /// ```
    pub const fn is_empty(&self) -> bool {
        self.found.is_empty()
    }

    fn emit<O: Out + ?Sized>(&self, o: &mut O) {
        o.put(b"[");
        let mut first_group = true;
        for (i, req) in self.found.iter().enumerate() {
            let name = req.scheme_name;
            let earlier = self.found.get(..i).unwrap_or_default();
            if earlier.iter().any(|r| r.scheme_name == name) {
                continue;
            }
            if !first_group {
                o.put(b",");
            }
            first_group = false;
            let mut obj = Obj::open(&mut *o);
            let out = obj.key(name);
            out.put(b"[");
            let mut first_scope = true;
            let group = self.found.iter().enumerate().skip(i);
            for (k, member) in group.filter(|(_, r)| r.scheme_name == name) {
                for (si, scope) in member.scopes.iter().enumerate() {
                    let before = self.found.get(i..k).unwrap_or_default();
                    let seen_before = before
                        .iter()
                        .filter(|r| r.scheme_name == name)
                        .any(|r| r.scopes.contains(scope));
                    let seen_here = member.scopes.get(..si).unwrap_or_default().contains(scope);
                    if seen_before || seen_here {
                        continue;
                    }
                    if !first_scope {
                        out.put(b",");
                    }
                    first_scope = false;
                    string(out, scope);
                }
            }
            out.put(b"]");
            obj.close();
        }
        o.put(b"]");
    }

    /// Writes the array into `buf` and returns it ([`Error::BufferTooSmall`]
    /// gives the exact size needed).
    pub fn write_json<'b>(&self, buf: &'b mut [u8]) -> Result<&'b str, Error> {
        write_with(buf, |s| {
            self.emit(s);
            Ok(())
        })
    }

    /// The size of [`write_json`](Self::write_json)'s output.
    ///
    /// ```
    /// use authparse::openapi::{Requirement, SecurityRequirements};
    /// let found = [Requirement::new("K", &["a"])];
    /// assert_eq!(SecurityRequirements::new(&found).json_len(), r#"[{"K":["a"]}]"#.len());
    /// ```
    pub fn json_len(&self) -> usize {
        len_with(|s| {
            self.emit(s);
            Ok(())
        })
        .unwrap_or(0)
    }
}

// ---------------------------------------------------------------------------
// Password form request bodies
// ---------------------------------------------------------------------------

/// The OpenAPI request body of an endpoint taking
/// `OAuth2PasswordRequestForm` (or its `Strict` variant): the `requestBody`
/// object and the `components.schemas` entry it refers to.
///
/// FastAPI names the schema `Body_<operation id>`, e.g.
/// `Body_token_token_post` for `@app.post("/token")` on `def token(…)`;
/// [`new`](Self::new) takes the operation id, [`with_title`](Self::with_title)
/// the whole name.
///
/// ```
/// use authparse::openapi::PasswordFormBody;
/// let body = PasswordFormBody::new("token_token_post", false);
/// let mut buf = [0u8; 1024];
/// assert_eq!(
///     body.write_request_body_json(&mut buf)?,
///     r##"{"content":{"application/x-www-form-urlencoded":{"schema":{"$ref":"#/components/schemas/Body_token_token_post"}}},"required":true}"##
/// );
/// assert!(body.write_schema_json(&mut buf)?.ends_with(r#""title":"Body_token_token_post"}"#));
/// # Ok::<(), authparse::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PasswordFormBody<'a> {
    prefix: &'static str,
    name: &'a str,
    strict: bool,
}

const FORM_PROPERTIES: &str = concat!(
    r#"{"properties":{"grant_type":{"anyOf":[{"type":"string","pattern":"^password$"},{"type":"null"}],"title":"Grant Type"},"#,
    r#""username":{"type":"string","title":"Username"},"#,
    r#""password":{"type":"string","format":"password","title":"Password"},"#,
    r#""scope":{"type":"string","title":"Scope","default":""},"#,
    r#""client_id":{"anyOf":[{"type":"string"},{"type":"null"}],"title":"Client Id"},"#,
    r#""client_secret":{"anyOf":[{"type":"string"},{"type":"null"}],"format":"password","title":"Client Secret"}},"#,
    r#""type":"object","required":["username","password"],"title":"#,
);

const STRICT_FORM_PROPERTIES: &str = concat!(
    r#"{"properties":{"grant_type":{"type":"string","pattern":"^password$","title":"Grant Type"},"#,
    r#""username":{"type":"string","title":"Username"},"#,
    r#""password":{"type":"string","title":"Password"},"#,
    r#""scope":{"type":"string","title":"Scope","default":""},"#,
    r#""client_id":{"anyOf":[{"type":"string"},{"type":"null"}],"title":"Client Id"},"#,
    r#""client_secret":{"anyOf":[{"type":"string"},{"type":"null"}],"title":"Client Secret"}},"#,
    r#""type":"object","required":["grant_type","username","password"],"title":"#,
);

impl<'a> PasswordFormBody<'a> {
    /// The body of the operation `operation_id` (schema `Body_<operation_id>`);
    /// `strict` selects `OAuth2PasswordRequestFormStrict`.
    pub const fn new(operation_id: &'a str, strict: bool) -> Self {
        PasswordFormBody {
            prefix: "Body_",
            name: operation_id,
            strict,
        }
    }

    /// The same with the schema name given whole.
    ///
    /// ```
    /// use authparse::openapi::PasswordFormBody;
    /// let (mut a, mut b) = ([0u8; 1024], [0u8; 1024]);
    /// let titled = PasswordFormBody::with_title("Body_x", true).write_schema_json(&mut a)?;
    /// assert_eq!(titled, PasswordFormBody::new("x", true).write_schema_json(&mut b)?);
    /// let mut buf = [0u8; 1024];
    /// assert!(PasswordFormBody::with_title("Login", false).write_schema_json(&mut buf)?.ends_with(r#""title":"Login"}"#));
    /// # Ok::<(), authparse::Error>(())
    /// ```
    pub const fn with_title(title: &'a str, strict: bool) -> Self {
        PasswordFormBody {
            prefix: "",
            name: title,
            strict,
        }
    }

    fn title<O: Out + ?Sized>(&self, o: &mut O) {
        escaped(o, self.prefix);
        escaped(o, self.name);
    }

    fn emit_schema<O: Out + ?Sized>(&self, o: &mut O) {
        o.put(if self.strict {
            STRICT_FORM_PROPERTIES.as_bytes()
        } else {
            FORM_PROPERTIES.as_bytes()
        });
        o.put(b"\"");
        self.title(o);
        o.put(b"\"}");
    }

    fn emit_request_body<O: Out + ?Sized>(&self, o: &mut O) {
        o.put(br##"{"content":{"application/x-www-form-urlencoded":{"schema":{"$ref":"#/components/schemas/"##);
        self.title(o);
        o.put(br#""}}},"required":true}"#);
    }

    /// Writes the `components.schemas` entry's value into `buf`.
    pub fn write_schema_json<'b>(&self, buf: &'b mut [u8]) -> Result<&'b str, Error> {
        write_with(buf, |s| {
            self.emit_schema(s);
            Ok(())
        })
    }

    /// The size of [`write_schema_json`](Self::write_schema_json)'s output.
    ///
    /// ```
    /// use authparse::openapi::PasswordFormBody;
    /// let body = PasswordFormBody::new("token_token_post", true);
    /// let mut buf = [0u8; 1024];
    /// assert_eq!(body.schema_json_len(), body.write_schema_json(&mut buf)?.len());
    /// # Ok::<(), authparse::Error>(())
    /// ```
    pub fn schema_json_len(&self) -> usize {
        len_with(|s| {
            self.emit_schema(s);
            Ok(())
        })
        .unwrap_or(0)
    }

    /// Writes the operation's `requestBody` object into `buf`.
    pub fn write_request_body_json<'b>(&self, buf: &'b mut [u8]) -> Result<&'b str, Error> {
        write_with(buf, |s| {
            self.emit_request_body(s);
            Ok(())
        })
    }

    /// The size of [`write_request_body_json`](Self::write_request_body_json)'s output.
    ///
    /// ```
    /// use authparse::openapi::PasswordFormBody;
    /// assert_eq!(PasswordFormBody::new("t", false).request_body_json_len(), 115);
    /// ```
    pub fn request_body_json_len(&self) -> usize {
        len_with(|s| {
            self.emit_request_body(s);
            Ok(())
        })
        .unwrap_or(0)
    }
}

/// Writes `s` as a JSON string (quotes included), escaped as FastAPI's
/// output escapes it.
///
/// ```
/// let mut buf = [0u8; 32];
/// assert_eq!(authparse::openapi::write_json_string("a\"b\t\u{1f}é", &mut buf)?, r#""a\"b\t\u001fé""#);
/// # Ok::<(), authparse::Error>(())
/// ```
pub fn write_json_string<'b>(s: &str, buf: &'b mut [u8]) -> Result<&'b str, Error> {
    write_with(buf, |o| {
        string(o, s);
        Ok(())
    })
}

#[cfg(feature = "serde")]
mod serde_impls;

#[cfg(test)]
mod tests {
    use super::*;
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
    fn raw_json_validation() {
        for ok in [
            "0",
            "-1.5e+3",
            "true",
            "null",
            r#""a\u00e9\n""#,
            "[]",
            "{}",
            r#"{"a":[1,{"b":null}],"c":"d"}"#,
        ] {
            assert!(RawJson::new(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            " 1",
            "1 ",
            "01",
            "1.",
            "-",
            "tru",
            "[1,]",
            "{\"a\"}",
            "{a:1}",
            "\"\t\"",
            "[",
            "\"\\x\"",
            "1 2",
            "{\"a\":1,}",
            "nul",
        ] {
            assert_eq!(RawJson::new(bad), Err(Error::InvalidConfiguration), "{bad}");
        }
        let deep: String = "[".repeat(32) + &"]".repeat(32);
        assert!(RawJson::new(&deep).is_ok());
        let deeper: String = "[".repeat(33) + &"]".repeat(33);
        assert!(RawJson::new(&deeper).is_err());
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
}
