//! What every scheme shares: the public [`Settings`] (`auto_error`, the
//! profile, the OpenAPI name and description), and the rules for reading the
//! `Authorization` header.

use crate::base::bytes;
use crate::base::profile::Profile;
use crate::base::whitespace::trim_ows;
use crate::codec::authorization::{scheme_is, strict_framing_expecting};
use crate::model::challenge::Challenge;
use crate::model::outcome::{Failure, Outcome, Reason};
use crate::model::request::{HeaderField, Request};

/// The settings every FastAPI security class has, as one value: build it
/// once and apply it to several classes with their `settings(…)`; read it
/// back with `get_settings()`.
///
/// `scheme_name: None` means "the class name" (`get_scheme_name()` on a
/// class resolves it, e.g. to `"HTTPBearer"`).
///
/// ```
/// use authparse::{HttpBearer, OAuth2PasswordBearer, Profile, Settings};
///
/// const STRICT_OPTIONAL: Settings<'static> = Settings::DEFAULT.auto_error(false).profile(Profile::Strict);
///
/// let bearer = HttpBearer::new().settings(STRICT_OPTIONAL);
/// assert_eq!(bearer.get_settings(), STRICT_OPTIONAL);
/// assert!(!bearer.get_auto_error());
/// assert_eq!(bearer.get_scheme_name(), "HTTPBearer");
///
/// let password = OAuth2PasswordBearer::new("/token")
///     .settings(STRICT_OPTIONAL.scheme_name("Password").description("Sign in"));
/// assert_eq!(password.get_scheme_name(), "Password");
/// assert_eq!(password.get_description(), Some("Sign in"));
/// assert_eq!(Settings::default(), Settings::DEFAULT);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Settings<'c> {
    /// FastAPI's `auto_error`: `true` (the default) answers a missing or
    /// wrong credential with a 401; `false` makes it [`Outcome::Absent`].
    pub auto_error: bool,
    /// Which rules apply (default: [`Profile::FastApi`]).
    pub profile: Profile,
    /// FastAPI's `scheme_name`, the key under `components.securitySchemes`;
    /// `None`: the class name.
    pub scheme_name: Option<&'c str>,
    /// FastAPI's `description` (OpenAPI only).
    pub description: Option<&'c str>,
}

impl<'c> Settings<'c> {
    /// FastAPI's defaults: `auto_error=True`, the FastAPI profile, no
    /// `scheme_name`, no `description`.
    pub const DEFAULT: Self = Settings {
        auto_error: true,
        profile: Profile::FastApi,
        scheme_name: None,
        description: None,
    };

    /// With `auto_error` set.
    pub const fn auto_error(mut self, auto_error: bool) -> Self {
        self.auto_error = auto_error;
        self
    }

    /// With `profile` set.
    pub const fn profile(mut self, profile: Profile) -> Self {
        self.profile = profile;
        self
    }

    /// With `scheme_name` set.
    pub const fn scheme_name(mut self, name: &'c str) -> Self {
        self.scheme_name = Some(name);
        self
    }

    /// With `description` set.
    pub const fn description(mut self, description: &'c str) -> Self {
        self.description = Some(description);
        self
    }
}

impl Default for Settings<'_> {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// Generates the builder and accessor methods backed by a `settings` field.
macro_rules! settings_methods {
    // `settings_methods!(Class, default)`: also `Default`, as `Class::new()`.
    ($ty:ident, default) => {
        settings_methods!($ty);

        impl Default for $ty<'_> {
            fn default() -> Self {
                Self::new()
            }
        }
    };
    ($ty:ident) => {
        impl<'c> $ty<'c> {
            /// All four shared [`Settings`](crate::Settings) at once, replacing
            /// the current ones.
            pub const fn settings(
                mut self,
                settings: $crate::schemes::settings::Settings<'c>,
            ) -> Self {
                self.settings = settings;
                self
            }

            /// The shared settings as configured (`scheme_name` stays `None`
            /// when unset; [`get_scheme_name`](Self::get_scheme_name) resolves it).
            pub const fn get_settings(&self) -> $crate::schemes::settings::Settings<'c> {
                self.settings
            }

            /// FastAPI's `auto_error`: `true` (the default) answers a missing or
            /// wrong credential with a 401; `false` makes it [`Outcome::Absent`](crate::Outcome::Absent).
            pub const fn auto_error(mut self, auto_error: bool) -> Self {
                self.settings = self.settings.auto_error(auto_error);
                self
            }

            /// Chooses the [`Profile`](crate::Profile) (default: FastAPI-compatible).
            pub const fn profile(mut self, profile: $crate::base::profile::Profile) -> Self {
                self.settings = self.settings.profile(profile);
                self
            }

            /// FastAPI's `scheme_name`: the key under `components.securitySchemes`.
            pub const fn scheme_name(mut self, name: &'c str) -> Self {
                self.settings = self.settings.scheme_name(name);
                self
            }

            /// FastAPI's `description` (OpenAPI only).
            pub const fn description(mut self, description: &'c str) -> Self {
                self.settings = self.settings.description(description);
                self
            }

            /// The configured `auto_error`.
            pub const fn get_auto_error(&self) -> bool {
                self.settings.auto_error
            }

            /// The configured profile.
            pub const fn get_profile(&self) -> $crate::base::profile::Profile {
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
    /// Inlined on 64-bit targets, where the literal `name` folds into the
    /// header compare.
    #[cfg_attr(not(target_pointer_width = "64"), inline)]
    #[cfg_attr(target_pointer_width = "64", inline(always))]
    pub(crate) fn single_header<'r, H: HeaderField>(
        &self,
        req: &Request<'r, H>,
        name: &[u8],
        challenge: Challenge<'c>,
    ) -> Result<Option<&'r [u8]>, Failure<'c>> {
        match self.profile {
            Profile::FastApi => Ok(req.first(name)),
            Profile::Strict => match req.first_and_repeated(name) {
                (_, true) => Err(Failure::bad_request(
                    Reason::DuplicateCredentials,
                    challenge,
                )),
                (value, false) => Ok(value.map(trim_field)),
            },
        }
    }
}

/// The field value without its surrounding OWS. Usually there is none: one
/// look at each end first (not on 32-bit targets, for flash).
#[cfg_attr(target_pointer_width = "64", inline(always))]
fn trim_field(value: &[u8]) -> &[u8] {
    #[cfg(target_pointer_width = "64")]
    {
        let ows_at = |b: Option<&u8>| b.is_some_and(|&b| crate::base::whitespace::is_ows(b));
        if !ows_at(value.first()) && !ows_at(value.last()) {
            return value;
        }
    }
    trim_ows(value)
}

/// The strict reading of an `Authorization` value against `expected`:
/// `Err(None)` when the scheme is another one (or absent), `Err(Some(reason))`
/// when it is `expected` but the credentials are missing or malformed.
/// `value` is the OWS-trimmed field value that [`Settings::single_header`]
/// returns.
///
/// The credentials must pass `credentials_ok`, a check that implies
/// [`split_strict`](crate::authorization::split_strict)'s field-content rule
/// (`is_token68`, or that rule and more): one pass over them instead of two.
/// A caller may pass a check that accepts all and check something stricter
/// itself afterwards (Basic: canonical base64, a `token68`).
///
/// On 64-bit targets it is inlined, so that `expected` (a literal) folds
/// into the word compare; 32-bit targets keep one copy (flash, stack).
#[cfg_attr(target_pointer_width = "64", inline(always))]
pub(crate) fn strict_credentials<'r>(
    value: &'r [u8],
    expected: &str,
    credentials_ok: impl Fn(&[u8]) -> bool,
) -> Result<(&'r [u8], &'r [u8]), Option<Reason>> {
    let (scheme, credentials, matched) = strict_framing_expecting(value, expected);
    // A `scheme` equal to `expected` but for ASCII case is a token exactly
    // when `expected` is: for a literal, that check folds away.
    if scheme.is_empty()
        || !(matched || scheme_is(scheme, expected))
        || !bytes::all(expected.as_bytes(), bytes::TCHAR)
    {
        return Err(None);
    }
    match credentials {
        None => Err(Some(Reason::EmptyCredentials)),
        Some(c) if c.first() != Some(&b'\t') && credentials_ok(c) => Ok((scheme, c)),
        Some(_) => Err(Some(Reason::MalformedCredentials)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schemes::api_key::{ApiKeyCookie, ApiKeyHeader, ApiKeyQuery};
    use crate::schemes::http::{HttpBase, HttpBasic, HttpBearer, HttpDigest};
    use crate::schemes::oauth2::{
        OAuth2, OAuth2AuthorizationCodeBearer, OAuth2PasswordBearer, OpenIdConnect,
    };

    const CUSTOM: Settings<'static> = Settings::DEFAULT
        .auto_error(false)
        .profile(Profile::Strict)
        .scheme_name("Custom")
        .description("Shared");

    /// For one class: `settings(…)` round-trips through `get_settings()`,
    /// equals the four field builders, shows in the field getters, and
    /// `Settings::DEFAULT` is what `new` starts from.
    macro_rules! check_class {
        ($new:expr, $class_name:literal) => {{
            let fresh = $new;
            assert_eq!(fresh.get_settings(), Settings::DEFAULT);
            assert_eq!(fresh.get_scheme_name(), $class_name);
            let applied = $new.settings(CUSTOM);
            assert_eq!(applied.get_settings(), CUSTOM);
            let by_field = $new
                .auto_error(false)
                .profile(Profile::Strict)
                .scheme_name("Custom")
                .description("Shared");
            assert_eq!(applied, by_field);
            assert!(!applied.get_auto_error());
            assert_eq!(applied.get_profile(), Profile::Strict);
            assert_eq!(applied.get_scheme_name(), "Custom");
            assert_eq!(applied.get_description(), Some("Shared"));
            // `settings` replaces all four: back to the defaults.
            assert_eq!(applied.settings(Settings::DEFAULT), fresh);
        }};
    }

    #[test]
    fn every_class_takes_and_returns_the_settings() {
        check_class!(HttpBasic::new(), "HTTPBasic");
        check_class!(HttpBearer::new(), "HTTPBearer");
        check_class!(HttpDigest::new(), "HTTPDigest");
        check_class!(HttpBase::new("Custom"), "HTTPBase");
        check_class!(ApiKeyHeader::new("x-key"), "APIKeyHeader");
        check_class!(ApiKeyQuery::new("key"), "APIKeyQuery");
        check_class!(ApiKeyCookie::new("key"), "APIKeyCookie");
        check_class!(OAuth2::new(), "OAuth2");
        check_class!(OAuth2PasswordBearer::new("/token"), "OAuth2PasswordBearer");
        check_class!(
            OAuth2AuthorizationCodeBearer::new("/auth", "/token"),
            "OAuth2AuthorizationCodeBearer"
        );
        check_class!(OpenIdConnect::new("/.well-known"), "OpenIdConnect");
    }

    #[test]
    fn applied_settings_decide() {
        let none: [(&str, &str); 0] = [];
        let req = Request::new(&none);
        let mut buf = [0u8; 16];
        let optional = Settings::DEFAULT.auto_error(false);
        let basic = HttpBasic::new().settings(optional);
        assert!(matches!(basic.extract(&req, &mut buf), Ok(Outcome::Absent)));
        let basic = HttpBasic::new().settings(Settings::DEFAULT);
        assert!(matches!(
            basic.extract(&req, &mut buf),
            Ok(Outcome::Failure(f)) if f.status == 401
        ));
    }

    proptest::proptest! {
        /// The word-compare path (its verdict skips the scheme compare)
        /// decides as the plain definition: the general framing, then the
        /// scheme compared.
        #[test]
        fn strict_credentials_is_the_plain_definition(
            tail in proptest::collection::vec(proptest::prop_oneof![
                proptest::sample::select(b"aZ09-._~+/= ,\t\x0bBbEeAaRr".to_vec()),
                proptest::prelude::any::<u8>()], 0..40),
            scheme in proptest::sample::select(&["Bearer", "BASIC", "bearer", "basic", "Bear", "basicx", ""][..]),
            spaces in 0..3usize,
        ) {
            let mut value = scheme.as_bytes().to_vec();
            value.extend(core::iter::repeat_n(b' ', spaces));
            value.extend_from_slice(&tail);
            for expected in ["bearer", "basic"] {
                let (s, c) = crate::codec::authorization::strict_framing(&value);
                let plain = if s.is_empty() || !s.eq_ignore_ascii_case(expected.as_bytes()) {
                    Err(None)
                } else {
                    match c {
                        None => Err(Some(Reason::EmptyCredentials)),
                        Some(c) if c.first() != Some(&b'\t') && crate::authorization::is_token68(c) => Ok((s, c)),
                        Some(_) => Err(Some(Reason::MalformedCredentials)),
                    }
                };
                let got = strict_credentials(&value, expected, crate::authorization::is_token68);
                proptest::prop_assert_eq!(got, plain);
            }
        }
    }
}
