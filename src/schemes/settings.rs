//! What every scheme shares: `auto_error`, the profile, the OpenAPI name and
//! description, and the rules for reading the `Authorization` header.

use crate::base::profile::Profile;
use crate::base::whitespace::trim_ows;
use crate::codec::authorization::{is_tchar, scheme_is, split_strict};
use crate::model::challenge::Challenge;
use crate::model::outcome::{Failure, Outcome, Reason};
use crate::model::request::{HeaderField, Request};

/// Settings every FastAPI security class has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Settings<'c> {
    pub(crate) auto_error: bool,
    pub(crate) profile: Profile,
    pub(crate) scheme_name: Option<&'c str>,
    pub(crate) description: Option<&'c str>,
}

impl Settings<'_> {
    pub(crate) const DEFAULT: Self = Settings {
        auto_error: true,
        profile: Profile::FastApi,
        scheme_name: None,
        description: None,
    };
}

/// Generates the builder and accessor methods backed by a `settings` field.
macro_rules! settings_methods {
    ($ty:ident) => {
        impl<'c> $ty<'c> {
            /// FastAPI's `auto_error`: `true` (the default) answers a missing or
            /// wrong credential with a 401; `false` makes it [`Outcome::Absent`](crate::Outcome::Absent).
            pub const fn auto_error(mut self, auto_error: bool) -> Self {
                self.settings.auto_error = auto_error;
                self
            }

            /// Chooses the [`Profile`](crate::Profile) (default: FastAPI-compatible).
            pub const fn profile(mut self, profile: $crate::Profile) -> Self {
                self.settings.profile = profile;
                self
            }

            /// FastAPI's `scheme_name`: the key under `components.securitySchemes`.
            pub const fn scheme_name(mut self, name: &'c str) -> Self {
                self.settings.scheme_name = Some(name);
                self
            }

            /// FastAPI's `description` (OpenAPI only).
            pub const fn description(mut self, description: &'c str) -> Self {
                self.settings.description = Some(description);
                self
            }

            /// The configured `auto_error`.
            pub const fn get_auto_error(&self) -> bool {
                self.settings.auto_error
            }

            /// The configured profile.
            pub const fn get_profile(&self) -> $crate::Profile {
                self.settings.profile
            }

            /// The OpenAPI key: `scheme_name`, or the class name.
            pub const fn get_scheme_name(&self) -> &'c str {
                match self.settings.scheme_name {
                    Some(name) => name,
                    None => stringify_class!($ty),
                }
            }

            /// The configured description.
            pub const fn get_description(&self) -> Option<&'c str> {
                self.settings.description
            }
        }
    };
}
pub(crate) use settings_methods;

/// FastAPI's class name for each Rust type.
macro_rules! stringify_class {
    (HttpBasic) => {
        "HTTPBasic"
    };
    (HttpBearer) => {
        "HTTPBearer"
    };
    (HttpDigest) => {
        "HTTPDigest"
    };
    (HttpBase) => {
        "HTTPBase"
    };
    (ApiKeyHeader) => {
        "APIKeyHeader"
    };
    (ApiKeyQuery) => {
        "APIKeyQuery"
    };
    (ApiKeyCookie) => {
        "APIKeyCookie"
    };
    (OAuth2) => {
        "OAuth2"
    };
    (OAuth2PasswordBearer) => {
        "OAuth2PasswordBearer"
    };
    (OAuth2AuthorizationCodeBearer) => {
        "OAuth2AuthorizationCodeBearer"
    };
    (OpenIdConnect) => {
        "OpenIdConnect"
    };
}
pub(crate) use stringify_class;

impl<'c> Settings<'c> {
    /// A missing or wrong credential: a 401, or `Absent` without `auto_error`.
    pub(crate) fn deny<T>(&self, reason: Reason, challenge: Challenge<'c>) -> Outcome<'c, T> {
        if self.auto_error {
            Outcome::Failure(Failure::unauthorized(reason, challenge))
        } else {
            Outcome::Absent
        }
    }

    /// The one header line a scheme reads: the first in the FastAPI profile;
    /// in the strict profile a repeated line is a 400, and OWS is trimmed.
    pub(crate) fn single_header<'r, H: HeaderField>(
        &self,
        req: &Request<'r, H>,
        name: &[u8],
        challenge: Challenge<'c>,
    ) -> Result<Option<&'r [u8]>, Failure<'c>> {
        match self.profile {
            Profile::FastApi => Ok(req.first(name)),
            Profile::Strict if req.is_repeated(name) => Err(Failure::bad_request(
                Reason::DuplicateCredentials,
                challenge,
            )),
            Profile::Strict => Ok(req.first(name).map(trim_ows)),
        }
    }
}

/// The strict reading of an `Authorization` value against `expected`:
/// `Err(None)` when the scheme is another one (or absent), `Err(Some(reason))`
/// when it is `expected` but the credentials are malformed.
pub(crate) fn strict_credentials<'r>(
    value: &'r [u8],
    expected: &str,
) -> Result<(&'r [u8], &'r [u8]), Option<Reason>> {
    let value = trim_ows(value);
    let scheme_end = value.iter().position(|&b| b == b' ').unwrap_or(value.len());
    let scheme = value.get(..scheme_end).unwrap_or_default();
    if scheme.is_empty() || !scheme.iter().all(|&b| is_tchar(b)) || !scheme_is(scheme, expected) {
        return Err(None);
    }
    match split_strict(value) {
        Some(parts) => Ok(parts),
        None if scheme_end == value.len() || value.iter().skip(scheme_end).all(|&b| b == b' ') => {
            Err(Some(Reason::EmptyCredentials))
        }
        None => Err(Some(Reason::MalformedCredentials)),
    }
}
