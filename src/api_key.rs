//! FastAPI's API-key classes: [`ApiKeyHeader`] (and, with the tokenizers,
//! `ApiKeyQuery` and `ApiKeyCookie`).

use crate::common::{common_settings, stringify_class, Common};
use crate::request::{HeaderField, Request};
use crate::{Challenge, Outcome, Reason, Secret};

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
    common: Common<'c>,
}

common_settings!(ApiKeyHeader);

impl<'c> ApiKeyHeader<'c> {
    /// `APIKeyHeader(name=…)`.
    pub const fn new(name: &'c str) -> Self {
        ApiKeyHeader {
            name,
            common: Common::DEFAULT,
        }
    }

    /// The configured header name, as given.
    pub const fn get_name(&self) -> &'c str {
        self.name
    }

    /// The `WWW-Authenticate` value of a failure: `APIKey`.
    pub const fn challenge(&self) -> Challenge<'c> {
        Challenge::ApiKey
    }

    /// Decides on `req`. The strict profile rejects a repeated header (400)
    /// and trims OWS.
    pub fn extract<'r, H: HeaderField>(&self, req: &Request<'r, H>) -> Outcome<'c, Secret<'r>> {
        match self
            .common
            .single_header(req, self.name.as_bytes(), Challenge::ApiKey)
        {
            Ok(Some(v)) if !v.is_empty() => Outcome::Credentials(Secret::new(v)),
            Ok(_) => self.common.deny(Reason::Missing, Challenge::ApiKey),
            Err(failure) => Outcome::Failure(failure),
        }
    }
}
