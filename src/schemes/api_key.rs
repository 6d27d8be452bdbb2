//! FastAPI's API-key classes: [`ApiKeyHeader`], [`ApiKeyQuery`], [`ApiKeyCookie`].
//!
//! In every one an empty value counts as missing.

use crate::base::error::Error;
use crate::base::profile::Profile;
use crate::base::secret::Secret;
use crate::codec::cookie::{self, CookiePair};
use crate::codec::urlencoded::{self, component_eq_strict};
use crate::model::challenge::Challenge;
use crate::model::outcome::{Failure, Outcome, Reason};
use crate::model::request::{HeaderField, Request};
use crate::schemes::settings::{settings_methods, stringify_class, Settings};

/// What the three API-key classes share: FastAPI's settings, `new(name)`,
/// the name, and the `APIKey` challenge.
macro_rules! api_key_class {
    ($ty:ident, $fastapi:literal) => {
        settings_methods!($ty);

        impl<'c> $ty<'c> {
            #[doc = concat!("`", $fastapi, "(name=…)`.")]
            pub const fn new(name: &'c str) -> Self {
                $ty {
                    name,
                    settings: Settings::DEFAULT,
                }
            }

            /// The configured name (header, query parameter or cookie), as given.
            pub const fn get_name(&self) -> &'c str {
                self.name
            }

            /// The `WWW-Authenticate` value of a failure: `APIKey`.
            pub const fn challenge(&self) -> Challenge<'c> {
                Challenge::ApiKey
            }
        }
    };
}

/// `APIKeyHeader(name=…)`: the first header with that name, as sent.
///
/// The name is matched ASCII case-insensitively and exactly otherwise: FastAPI
/// does not turn `_` into `-` here. An empty value counts as missing.
///
/// ```
/// use authparse::{ApiKeyHeader, Request};
/// let headers = [("x-api-key", "  secret  ")];
/// let key = ApiKeyHeader::new("X-API-Key").extract(&Request::new(&headers));
/// assert_eq!(key.credentials().unwrap().as_bytes(), b"  secret  ");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ApiKeyHeader<'c> {
    name: &'c str,
    settings: Settings<'c>,
}

api_key_class!(ApiKeyHeader, "APIKeyHeader");

impl<'c> ApiKeyHeader<'c> {
    /// Decides on `req`. The strict profile rejects a repeated header (400)
    /// and trims OWS.
    pub fn extract<'r, H: HeaderField>(&self, req: &Request<'r, H>) -> Outcome<'c, Secret<'r>> {
        match self
            .settings
            .single_header(req, self.name.as_bytes(), Challenge::ApiKey)
        {
            Ok(Some(v)) if !v.is_empty() => Outcome::Credentials(Secret::new(v)),
            Ok(_) => self.settings.deny(Reason::Missing, Challenge::ApiKey),
            Err(failure) => Outcome::Failure(failure),
        }
    }
}

/// `APIKeyQuery(name=…)`: a query parameter, decoded as Starlette does.
///
/// FastAPI profile: the last occurrence wins, names compare after decoding.
/// Strict: WHATWG decoding, invalid UTF-8 or a repeated parameter is a 400.
///
/// ```
/// use authparse::{ApiKeyQuery, Request};
/// let headers: [(&str, &str); 0] = [];
/// let req = Request::new(&headers).with_query(b"key=first&k%65y=a%20b");
/// let mut buf = [0u8; 32];
/// let key = ApiKeyQuery::new("key").extract(&req, &mut buf)?;
/// assert_eq!(key.credentials().unwrap().as_bytes(), b"a b");
/// # Ok::<(), authparse::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ApiKeyQuery<'c> {
    name: &'c str,
    settings: Settings<'c>,
}

api_key_class!(ApiKeyQuery, "APIKeyQuery");

impl<'c> ApiKeyQuery<'c> {
    /// Decides on `req`'s query string, decoding the key into `buf` when it
    /// is encoded (a plain key is returned as a view of the query).
    pub fn extract<'r: 'o, 'o, H: HeaderField>(
        &self,
        req: &Request<'r, H>,
        buf: &'o mut [u8],
    ) -> Result<Outcome<'c, Secret<'o>>, Error> {
        let query = req.query();
        let bad_request = |reason| {
            Ok(Outcome::Failure(Failure::bad_request(
                reason,
                Challenge::ApiKey,
            )))
        };
        let decoded = match self.settings.profile {
            Profile::FastApi => match urlencoded::find_last(query, self.name) {
                Some(raw) if !raw.is_empty() => urlencoded::decode(raw, buf)?,
                _ => return Ok(self.settings.deny(Reason::Missing, Challenge::ApiKey)),
            },
            Profile::Strict => {
                let mut matches =
                    urlencoded::pairs(query).filter(|p| component_eq_strict(p.name, self.name));
                let raw = match (matches.next(), matches.next()) {
                    (Some(_), Some(_)) => return bad_request(Reason::DuplicateCredentials),
                    (Some(p), None) if !p.value.is_empty() => p.value,
                    _ => return Ok(self.settings.deny(Reason::Missing, Challenge::ApiKey)),
                };
                match urlencoded::decode_strict(raw, buf) {
                    Ok(v) => v,
                    Err(Error::InvalidUtf8) => return bad_request(Reason::InvalidCharset),
                    Err(e) => return Err(e),
                }
            }
        };
        Ok(Outcome::Credentials(Secret::new(decoded.as_bytes())))
    }
}

/// `APIKeyCookie(name=…)`: a cookie, across every `Cookie` header.
///
/// FastAPI profile: Starlette's parser, the last occurrence wins, a quoted
/// value is unescaped into `buf`. Strict: RFC 6265 pairs; a cookie name
/// sent twice (in one header or across several) is a 400, as every strict
/// duplicate, and so is a malformed cookie with this name.
///
/// ```
/// use authparse::{ApiKeyCookie, Request};
/// let headers = [("cookie", "session=first"), ("cookie", "a=1; session=\"second\"")];
/// let mut buf = [0u8; 32];
/// let key = ApiKeyCookie::new("session").extract(&Request::new(&headers), &mut buf)?;
/// assert_eq!(key.credentials().unwrap().as_bytes(), b"second");
/// # Ok::<(), authparse::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ApiKeyCookie<'c> {
    name: &'c str,
    settings: Settings<'c>,
}

api_key_class!(ApiKeyCookie, "APIKeyCookie");

impl<'c> ApiKeyCookie<'c> {
    /// Decides on `req`'s `Cookie` headers; a quoted value is unescaped into
    /// `buf` (an unquoted one is returned as a view of the header).
    pub fn extract<'r: 'o, 'o, H: HeaderField>(
        &self,
        req: &Request<'r, H>,
        buf: &'o mut [u8],
    ) -> Result<Outcome<'c, Secret<'o>>, Error> {
        let value: &'o [u8] = match self.settings.profile {
            Profile::FastApi => match cookie::find_last(req.all(b"cookie"), self.name) {
                Some(pair) => pair.unquoted(buf)?,
                None => &[],
            },
            Profile::Strict => {
                let bad_request = |reason| {
                    Ok(Outcome::Failure(Failure::bad_request(
                        reason,
                        Challenge::ApiKey,
                    )))
                };
                match cookie::strict_named(req.all(b"cookie"), self.name.as_bytes()) {
                    (Some(_), true) => return bad_request(Reason::DuplicateCredentials),
                    (Some(piece), false) => match cookie::parse_strict_piece(piece) {
                        Ok(CookiePair { value, .. }) => value,
                        Err(_) => return bad_request(Reason::MalformedCredentials),
                    },
                    (None, _) => &[],
                }
            }
        };
        if value.is_empty() {
            return Ok(self.settings.deny(Reason::Missing, Challenge::ApiKey));
        }
        Ok(Outcome::Credentials(Secret::new(value)))
    }
}
