//! # authparse-picoserve
//!
//! [picoserve](https://crates.io/crates/picoserve) 0.20 extractors for
//! authparse: a handler takes [`Basic`], [`Bearer`], [`Token`]
//! (`OAuth2PasswordBearer`), [`HeaderKey`], [`QueryKey`], [`CookieKey`] or
//! [`PasswordForm`] as an argument and gets FastAPI's decision; a failure never reaches the
//! handler but becomes FastAPI's response ([`Rejection`]: the status,
//! `WWW-Authenticate` and the JSON body).
//!
//! The schemes are configured like the core types and live in the router's
//! state, which says which one it provides with [`Provides`]. Nothing
//! allocates: the values are copied into a fixed buffer inside the
//! extractor (its size is the const parameter `N`; a longer value is a 431,
//! or a 413 for the form), so plain `async fn` handlers can take them.
//!
//! ```
//! use authparse::HttpBasic;
//! use authparse_picoserve::{Basic, Provides};
//!
//! struct AppState {
//!     basic: HttpBasic<'static>,
//! }
//!
//! impl Provides<HttpBasic<'static>> for AppState {
//!     fn provide(&self) -> &HttpBasic<'static> {
//!         &self.basic
//!     }
//! }
//!
//! // The handler runs only with valid credentials; FastAPI's 401 otherwise.
//! async fn hello(basic: Basic) -> &'static str {
//!     match basic.credentials() {
//!         Some(("john", _)) => "hello john",
//!         _ => "hello",
//!     }
//! }
//!
//! fn app() -> picoserve::Router<impl picoserve::routing::PathRouter> {
//!     picoserve::Router::new()
//!         .route("/basic", picoserve::routing::get(hello))
//!         .with_state(AppState { basic: HttpBasic::new().realm("demo") })
//! }
//! # let _ = app();
//! ```
#![no_std]
#![forbid(unsafe_code)]
#![warn(missing_docs)]
// No heap: a rejection (a form's rendered 422 body) is returned by value.
#![allow(clippy::result_large_err)]

use authparse::form::{FormOutcome, OAuth2PasswordRequestForm};
use authparse::{
    ApiKeyCookie, ApiKeyHeader, ApiKeyQuery, Challenge, Failure, HttpBasic, HttpBearer,
    OAuth2PasswordBearer, Outcome, Profile, Request, Secret,
};
use picoserve::extract::{FromRequest, FromRequestParts};
use picoserve::io::Read;
use picoserve::request::{RequestBody, RequestParts};
use picoserve::response::{Connection, IntoResponse, Response, ResponseWriter, StatusCode};
use picoserve::ResponseSent;

/// The most header lines an extractor reads; a request with more is a 431.
pub const MAX_HEADERS: usize = 32;

/// The largest `WWW-Authenticate` value a [`Rejection`] writes.
pub const CHALLENGE_CAPACITY: usize = 256;

/// The default buffer of [`PasswordForm`] (its `N`): the decoded fields.
pub const FORM_CAPACITY: usize = 512;

/// The largest rendered error body (the password form's 422 list; longer is
/// a 413). FastAPI's 422 echoes an invalid `grant_type` JSON-escaped, up to
/// 6 bytes for each decoded byte (`\u0001`), beside at most 328 bytes of
/// fixed text: a 422 fits when its escaped echo is at most 696 bytes, so
/// that of every urlencoded form whose `grant_type` decodes to at most 116
/// bytes fits (`6 * 116 + 328 = 1024`). (A multipart file part in a text
/// field, echoed with its headers as FastAPI's `string_type`, can need
/// more.) A rejection is returned by value: room for every 422 of a
/// [`FORM_CAPACITY`] form (3400 bytes) cost the thumbv7em example app 6.3 KB
/// of RAM and 3.5 KB of flash.
pub const BODY_CAPACITY: usize = 1024;

/// A router state that holds the scheme `T` an extractor uses.
///
/// Every type provides itself, so a state that is just one scheme needs no
/// code; a struct of several schemes implements it once per scheme.
pub trait Provides<T> {
    /// The scheme.
    fn provide(&self) -> &T;
}

impl<T> Provides<T> for T {
    fn provide(&self) -> &T {
        self
    }
}

/// The header lines of a request, as authparse reads them.
type Lines<'r> = heapless::Vec<(&'r [u8], &'r [u8]), MAX_HEADERS>;

/// The header lines of `parts`.
fn headers<'r>(parts: &RequestParts<'r>) -> Result<Lines<'r>, Rejection> {
    let mut lines = heapless::Vec::new();
    for (name, value) in parts.headers().iter() {
        lines
            .push((name.as_raw(), value.as_raw()))
            .map_err(|_| Rejection::too_large(Limit::Headers))?;
    }
    Ok(lines)
}

/// The raw query string of `parts`.
fn query<'r>(parts: &RequestParts<'r>) -> &'r [u8] {
    parts.query().map_or(&[][..], |q| q.0.as_bytes())
}

/// Why an extractor refused a request: the response FastAPI sends (status,
/// `WWW-Authenticate`, JSON body), or a 431 / 413 when the request exceeds
/// this server's fixed buffers. Written by picoserve through
/// [`IntoResponse`].
///
/// A form rejection carries its rendered body (up to [`BODY_CAPACITY`]
/// bytes): there is no heap to put it on.
#[allow(clippy::large_enum_variant)]
pub enum Rejection {
    /// A scheme's failure: 401 (or 400), its challenge and body.
    Failure(Failure<'static>),
    /// An invalid password form: 422 (or 400) and the rendered error body.
    Form {
        /// The status.
        status: u16,
        /// FastAPI's JSON body.
        body: heapless::String<BODY_CAPACITY>,
    },
    /// The request does not fit this server's buffers.
    TooLarge(Limit),
}

/// Which of the server's fixed buffers a request does not fit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Limit {
    /// More than [`MAX_HEADERS`] lines, or a credential longer than the
    /// extractor's buffer: 431.
    Headers,
    /// A body longer than picoserve's buffer, or form values longer than
    /// the extractor's: 413.
    Body,
}

impl Rejection {
    /// FastAPI's response to an invalid password form (422, or 400); a
    /// 413 when its body is longer than [`BODY_CAPACITY`].
    ///
    /// ```
    /// use authparse::form::OAuth2PasswordRequestForm;
    /// use authparse::Request;
    /// use authparse_picoserve::{Rejection, FORM_CAPACITY};
    ///
    /// // FastAPI echoes each control byte of `grant_type` as `\u0001`.
    /// let mut body = b"grant_type=".to_vec();
    /// body.extend([1u8; 100]);
    /// body.extend(b"&username=a&password=b");
    /// let headers = [("Content-Type", &b"application/x-www-form-urlencoded"[..])];
    /// let request = Request::new(&headers).with_body(&body);
    /// let mut buf = [0u8; FORM_CAPACITY];
    /// let outcome = OAuth2PasswordRequestForm::new().extract(&request, &mut buf)?;
    /// let rejection = Rejection::from_form(&outcome);
    /// assert_eq!(rejection.status(), 422);
    /// assert_eq!(rejection.body().len(), 766);
    /// assert!(rejection.body().contains(&"\\u0001".repeat(100)));
    /// # Ok::<(), authparse::Error>(())
    /// ```
    pub fn from_form(outcome: &FormOutcome<'_>) -> Self {
        let mut text = [0u8; BODY_CAPACITY];
        match outcome
            .write_body(&mut text)
            .map(heapless::String::try_from)
        {
            Ok(Ok(body)) => Rejection::Form {
                status: outcome.status(),
                body,
            },
            // An error list longer than BODY_CAPACITY.
            _ => Rejection::TooLarge(Limit::Body),
        }
    }

    fn too_large(limit: Limit) -> Self {
        Rejection::TooLarge(limit)
    }

    /// The HTTP status.
    pub fn status(&self) -> u16 {
        match self {
            Rejection::Failure(f) => f.status,
            Rejection::Form { status, .. } => *status,
            Rejection::TooLarge(Limit::Headers) => 431,
            Rejection::TooLarge(Limit::Body) => 413,
        }
    }

    /// The `WWW-Authenticate` challenge, if the response has one.
    pub fn challenge(&self) -> Option<Challenge<'static>> {
        match self {
            Rejection::Failure(f) => Some(f.challenge),
            _ => None,
        }
    }

    /// The JSON body.
    pub fn body(&self) -> &str {
        match self {
            Rejection::Failure(f) => f.body(),
            Rejection::Form { body, .. } => body,
            Rejection::TooLarge(Limit::Headers) => {
                r#"{"detail":"Request Header Fields Too Large"}"#
            }
            Rejection::TooLarge(Limit::Body) => r#"{"detail":"Request Entity Too Large"}"#,
        }
    }
}

impl IntoResponse for Rejection {
    async fn write_to<R: Read, W: ResponseWriter<Error = R::Error>>(
        self,
        connection: Connection<'_, R>,
        response_writer: W,
    ) -> Result<ResponseSent, W::Error> {
        let mut text = [0u8; CHALLENGE_CAPACITY];
        let (status, challenge, body) = self.response_parts(&mut text);
        let response =
            Response::new(StatusCode::new(status), body).with_content_type("application/json");
        match challenge {
            Some(challenge) => {
                response
                    .with_header("WWW-Authenticate", challenge)
                    .write_to(connection, response_writer)
                    .await
            }
            None => response.write_to(connection, response_writer).await,
        }
    }
}

impl Rejection {
    /// The status, `WWW-Authenticate` value and JSON body this rejection
    /// answers with, the challenge rendered into `buf` (picoserve's
    /// [`IntoResponse`] gives it [`CHALLENGE_CAPACITY`] bytes).
    ///
    /// A challenge that does not render (longer than `buf`: a very long
    /// realm; or a configured control byte) is the server's
    /// misconfiguration: the answer is a 500 without a challenge, never a
    /// 401 without one (RFC 9110 §11.6.1 requires `WWW-Authenticate`).
    ///
    /// ```
    /// use authparse::{Challenge, Failure, Profile, Reason};
    /// use authparse_picoserve::Rejection;
    ///
    /// let failure = |realm| Rejection::Failure(Failure {
    ///     status: 401,
    ///     reason: Reason::Missing,
    ///     challenge: Challenge::Basic { realm: Some(realm), profile: Profile::FastApi },
    /// });
    /// let mut buf = [0u8; 32];
    /// assert_eq!(
    ///     failure("mcu").response_parts(&mut buf),
    ///     (401, Some(r#"Basic realm="mcu""#), r#"{"detail":"Not authenticated"}"#)
    /// );
    /// assert_eq!(
    ///     failure("a realm longer than the buffer").response_parts(&mut buf),
    ///     (500, None, r#"{"detail":"Internal Server Error"}"#)
    /// );
    /// ```
    pub fn response_parts<'b>(&self, buf: &'b mut [u8]) -> (u16, Option<&'b str>, &str) {
        match self.challenge().map(|c| c.render(buf)) {
            None => (self.status(), None, self.body()),
            Some(Ok(challenge)) => (self.status(), Some(challenge), self.body()),
            Some(Err(_)) => (500, None, r#"{"detail":"Internal Server Error"}"#),
        }
    }
}

/// The credentials of an outcome, `None` for `Absent` (`auto_error(false)`),
/// or the failure's response.
fn decide<T>(outcome: Outcome<'static, T>) -> Result<Option<T>, Rejection> {
    match outcome {
        Outcome::Credentials(c) => Ok(Some(c)),
        Outcome::Absent => Ok(None),
        Outcome::Failure(f) => Err(Rejection::Failure(f)),
    }
}

/// `HTTPBasic`: the decoded user name and password (from the state's
/// [`HttpBasic`]), copied into an `N`-byte buffer.
pub struct Basic<const N: usize = 128> {
    text: heapless::String<N>,
    username_len: Option<usize>,
}

impl<const N: usize> Basic<N> {
    /// `(username, password)`, or `None` when the scheme has
    /// `auto_error(false)` and the request carries no credentials.
    pub fn credentials(&self) -> Option<(&str, &str)> {
        let split = self.username_len?;
        Some((self.text.get(..split)?, self.text.get(split..)?))
    }
}

impl<'r, S: Provides<HttpBasic<'static>>, const N: usize> FromRequestParts<'r, S> for Basic<N> {
    type Rejection = Rejection;

    async fn from_request_parts(state: &'r S, parts: &RequestParts<'r>) -> Result<Self, Rejection> {
        let lines = headers(parts)?;
        let mut buf = [0u8; N];
        let outcome = state
            .provide()
            .extract(&Request::new(&lines), &mut buf)
            .map_err(|_| Rejection::too_large(Limit::Headers))?;
        let mut text = heapless::String::new();
        let username_len = match decide(outcome)? {
            Some(c) => {
                // Both fit: together they are shorter than the decoded `buf`.
                let _ = text.push_str(c.username);
                let _ = text.push_str(c.password);
                Some(c.username.len())
            }
            None => None,
        };
        Ok(Basic { text, username_len })
    }
}

/// `HTTPBearer`: the scheme and token as sent (from the state's
/// [`HttpBearer`]), copied into an `N`-byte buffer.
pub struct Bearer<const N: usize = 256> {
    bytes: heapless::Vec<u8, N>,
    scheme_len: Option<usize>,
}

impl<const N: usize> Bearer<N> {
    /// `(scheme, token)`, or `None` with `auto_error(false)` and no credentials.
    pub fn credentials(&self) -> Option<(&[u8], Secret<'_>)> {
        let (scheme, token) = self.bytes.split_at_checked(self.scheme_len?)?;
        Some((scheme, Secret::new(token)))
    }
}

impl<'r, S: Provides<HttpBearer<'static>>, const N: usize> FromRequestParts<'r, S> for Bearer<N> {
    type Rejection = Rejection;

    async fn from_request_parts(state: &'r S, parts: &RequestParts<'r>) -> Result<Self, Rejection> {
        let lines = headers(parts)?;
        let mut bytes = heapless::Vec::new();
        let scheme_len = match decide(state.provide().extract(&Request::new(&lines)))? {
            Some(c) => {
                bytes
                    .extend_from_slice(c.scheme)
                    .and_then(|()| bytes.extend_from_slice(c.credentials.as_bytes()))
                    .map_err(|_| Rejection::too_large(Limit::Headers))?;
                Some(c.scheme.len())
            }
            None => None,
        };
        Ok(Bearer { bytes, scheme_len })
    }
}

/// Extractors whose value is one credential (a view, or decoded into a
/// buffer by authparse): copied into the extractor's own `N` bytes.
/// `$extract` (`|scheme, request, scratch buffer| …`) runs the state's scheme.
macro_rules! secret_extractor {
    ($(#[$doc:meta])* $name:ident, $scheme:ident, |$s:ident, $r:ident, $b:pat_param| $extract:expr) => {
        $(#[$doc])*
        pub struct $name<const N: usize = 256>(Option<heapless::Vec<u8, N>>);

        impl<const N: usize> $name<N> {
            /// The credential, or `None` with `auto_error(false)` and none sent.
            pub fn value(&self) -> Option<Secret<'_>> {
                self.0.as_deref().map(Secret::new)
            }
        }

        impl<'r, S: Provides<$scheme<'static>>, const N: usize> FromRequestParts<'r, S> for $name<N> {
            type Rejection = Rejection;

            async fn from_request_parts(state: &'r S, parts: &RequestParts<'r>) -> Result<Self, Rejection> {
                let lines = headers(parts)?;
                let req = Request::new(&lines).with_query(query(parts));
                let mut buf = [0u8; N];
                let ($s, $r, $b) = (state.provide(), &req, &mut buf[..]);
                let outcome = $extract.map_err(|_| Rejection::too_large(Limit::Headers))?;
                match decide(outcome)? {
                    Some(v) => heapless::Vec::from_slice(v.as_bytes())
                        .map(|v| $name(Some(v)))
                        .map_err(|_| Rejection::too_large(Limit::Headers)),
                    None => Ok($name(None)),
                }
            }
        }
    };
}

secret_extractor!(
    /// `OAuth2PasswordBearer`: the bearer token (from the state's [`OAuth2PasswordBearer`]).
    Token,
    OAuth2PasswordBearer,
    |scheme, req, _| Ok::<_, authparse::Error>(scheme.extract(req))
);

secret_extractor!(
    /// `APIKeyHeader`: the key (from the state's [`ApiKeyHeader`]).
    HeaderKey,
    ApiKeyHeader,
    |scheme, req, _| Ok::<_, authparse::Error>(scheme.extract(req))
);

secret_extractor!(
    /// `APIKeyQuery`: the query parameter, decoded as Starlette decodes it
    /// (from the state's [`ApiKeyQuery`]).
    QueryKey,
    ApiKeyQuery,
    |scheme, req, buf| scheme.extract(req, buf)
);

secret_extractor!(
    /// `APIKeyCookie`: the cookie value, unquoted (from the state's [`ApiKeyCookie`]).
    CookieKey,
    ApiKeyCookie,
    |scheme, req, buf| scheme.extract(req, buf)
);

/// `OAuth2PasswordRequestForm[Strict]` from the request body (from the
/// state's [`OAuth2PasswordRequestForm`]): the decoded fields, copied into
/// `N` bytes. The body must fit picoserve's request buffer (413 otherwise).
pub struct PasswordForm<const N: usize = FORM_CAPACITY> {
    text: heapless::String<N>,
    /// `grant_type`, `username`, `password`, `scope`, `client_id`, `client_secret`.
    fields: [Option<(usize, usize)>; 6],
    profile: Profile,
}

impl<const N: usize> PasswordForm<N> {
    fn field(&self, index: usize) -> Option<&str> {
        let (start, end) = self.fields.get(index).copied().flatten()?;
        self.text.get(start..end)
    }

    /// `grant_type`, if sent.
    pub fn grant_type(&self) -> Option<&str> {
        self.field(0)
    }

    /// `username`.
    pub fn username(&self) -> &str {
        self.field(1).unwrap_or_default()
    }

    /// `password`.
    pub fn password(&self) -> &str {
        self.field(2).unwrap_or_default()
    }

    /// `scope` as sent (space-separated).
    pub fn scope(&self) -> &str {
        self.field(3).unwrap_or_default()
    }

    /// The scopes, split as the form's profile splits them.
    pub fn scopes(&self) -> impl Iterator<Item = &str> + Clone {
        authparse::scopes::split(self.scope(), self.profile)
    }

    /// `client_id`, if sent.
    pub fn client_id(&self) -> Option<&str> {
        self.field(4)
    }

    /// `client_secret`, if sent.
    pub fn client_secret(&self) -> Option<&str> {
        self.field(5)
    }
}

impl<'r, S: Provides<OAuth2PasswordRequestForm>, const N: usize> FromRequest<'r, S>
    for PasswordForm<N>
{
    type Rejection = Rejection;

    async fn from_request<R: Read>(
        state: &'r S,
        parts: RequestParts<'r>,
        body: RequestBody<'r, R>,
    ) -> Result<Self, Rejection> {
        let lines = headers(&parts)?;
        let body = body
            .read_all()
            .await
            .map_err(|_| Rejection::too_large(Limit::Body))?;
        let req = Request::new(&lines)
            .with_query(query(&parts))
            .with_body(body);
        let form = state.provide();
        let mut buf = [0u8; N];
        let outcome = form
            .extract(&req, &mut buf)
            .map_err(|_| Rejection::too_large(Limit::Body))?;
        let FormOutcome::Form(f) = outcome else {
            return Err(Rejection::from_form(&outcome));
        };
        let mut text = heapless::String::<N>::new();
        let mut fields = [None; 6];
        let values = [
            f.grant_type,
            Some(f.username),
            Some(f.password),
            Some(f.scope),
            f.client_id,
            f.client_secret,
        ];
        for (slot, value) in fields.iter_mut().zip(values) {
            if let Some(value) = value {
                let start = text.len();
                text.push_str(value)
                    .map_err(|_| Rejection::too_large(Limit::Body))?;
                *slot = Some((start, text.len()));
            }
        }
        Ok(PasswordForm {
            text,
            fields,
            profile: form.get_profile(),
        })
    }
}
