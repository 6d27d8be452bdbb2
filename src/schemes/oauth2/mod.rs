//! FastAPI's OAuth2 family and OpenID Connect: [`OAuth2`],
//! [`OAuth2PasswordBearer`], [`OAuth2AuthorizationCodeBearer`], [`OpenIdConnect`],
//! and the OAuth flow data they publish in OpenAPI ([`OAuthFlows`]).

pub(crate) mod flows;

use flows::FlowSlot;
pub use flows::{ExtraKeys, OAuthFlow, OAuthFlows, ScopeDescriptions};

use crate::base::secret::Secret;
use crate::codec::authorization::is_token68;
use crate::model::challenge::Challenge;
use crate::model::outcome::{Outcome, Reason};
use crate::model::request::{HeaderField, Request};
use crate::schemes::http::extract_scheme;
use crate::schemes::settings::{settings_methods, stringify_class, Settings};

const AUTHORIZATION: &[u8] = b"authorization";

/// The whole `Authorization` value, any scheme (`OAuth2`, `OpenIdConnect`).
fn raw_header<'r, 'c, H: HeaderField>(
    settings: &Settings<'c>,
    req: &Request<'r, H>,
) -> Outcome<'c, Secret<'r>> {
    match settings.single_header(req, AUTHORIZATION, Challenge::Bearer) {
        Ok(Some(v)) if !v.is_empty() => Outcome::Credentials(Secret::new(v)),
        Ok(_) => settings.deny(Reason::Missing, Challenge::Bearer),
        Err(failure) => Outcome::Failure(failure),
    }
}

/// The token of `Bearer <token>` (`OAuth2PasswordBearer`,
/// `OAuth2AuthorizationCodeBearer`). FastAPI accepts an empty token (`""`,
/// status 200); the strict profile requires a non-empty `b64token`. The
/// same reading as `HTTPBearer` otherwise (one copy in flash).
fn bearer_token<'r, 'c, H: HeaderField>(
    settings: &Settings<'c>,
    req: &Request<'r, H>,
) -> Outcome<'c, Secret<'r>> {
    extract_scheme(
        settings,
        req,
        Some("bearer"),
        Challenge::Bearer,
        is_token68,
        true,
    )
    .map(|c| c.credentials)
}

/// `OAuth2()`'s flows: none.
const NO_FLOWS: OAuthFlows<'static> = OAuthFlows::new();

/// `OAuth2(flows=…)`: the raw `Authorization` value, scheme included.
///
/// ```
/// use authparse::{OAuth2, Request};
/// let headers = [("authorization", "Other footokenbar")];
/// let v = OAuth2::new().extract(&Request::new(&headers)).credentials().unwrap();
/// assert_eq!(v.as_bytes(), b"Other footokenbar");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OAuth2<'c> {
    flows: &'c OAuthFlows<'c>,
    settings: Settings<'c>,
}

settings_methods!(OAuth2, default);

impl<'c> OAuth2<'c> {
    /// `OAuth2()`.
    pub const fn new() -> Self {
        OAuth2 {
            flows: &NO_FLOWS,
            settings: Settings::DEFAULT,
        }
    }

    /// `flows=…` (OpenAPI only; see [`OAuthFlows`]).
    ///
    /// ```
    /// use authparse::openapi::{OAuthFlow, OAuthFlows};
    /// use authparse::OAuth2;
    /// const FLOWS: OAuthFlows<'static> = OAuthFlows::new().password("/token", OAuthFlow::new());
    /// let oauth = OAuth2::new().flows(&FLOWS);
    /// assert_eq!(oauth.get_flows().get_password().map(|p| p.0), Some("/token"));
    /// assert_eq!(OAuth2::new().get_flows(), &OAuthFlows::new());
    /// ```
    pub const fn flows(mut self, flows: &'c OAuthFlows<'c>) -> Self {
        self.flows = flows;
        self
    }

    /// The configured flows.
    pub const fn get_flows(&self) -> &'c OAuthFlows<'c> {
        self.flows
    }

    /// The `WWW-Authenticate` value of a failure: `Bearer`.
    pub const fn challenge(&self) -> Challenge<'c> {
        Challenge::Bearer
    }

    /// Decides on `req`.
    pub fn extract<'r, H: HeaderField>(&self, req: &Request<'r, H>) -> Outcome<'c, Secret<'r>> {
        raw_header(&self.settings, req)
    }
}

/// `OpenIdConnect(openIdConnectUrl=…)`: the raw `Authorization` value (the
/// discovery URL is only published in OpenAPI, never fetched).
///
/// ```
/// use authparse::{OpenIdConnect, Request};
/// let headers: [(&str, &str); 0] = [];
/// let oidc = OpenIdConnect::new("/.well-known/openid-configuration");
/// assert_eq!(oidc.extract(&Request::new(&headers)).status(), 401);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OpenIdConnect<'c> {
    url: &'c str,
    settings: Settings<'c>,
}

settings_methods!(OpenIdConnect);

impl<'c> OpenIdConnect<'c> {
    /// `OpenIdConnect(openIdConnectUrl=…)`.
    pub const fn new(open_id_connect_url: &'c str) -> Self {
        OpenIdConnect {
            url: open_id_connect_url,
            settings: Settings::DEFAULT,
        }
    }

    /// The configured discovery URL.
    pub const fn get_open_id_connect_url(&self) -> &'c str {
        self.url
    }

    /// The `WWW-Authenticate` value of a failure: `Bearer`.
    pub const fn challenge(&self) -> Challenge<'c> {
        Challenge::Bearer
    }

    /// Decides on `req`.
    pub fn extract<'r, H: HeaderField>(&self, req: &Request<'r, H>) -> Outcome<'c, Secret<'r>> {
        raw_header(&self.settings, req)
    }
}

/// The settings and the decision the two bearer flows share: `tokenUrl`,
/// `refreshUrl`, `scopes`, the `Bearer` challenge, and the token extraction.
macro_rules! bearer_flow {
    ($ty:ident) => {
        impl<'c> $ty<'c> {
            /// `refreshUrl=…` (OpenAPI only).
            pub const fn refresh_url(mut self, url: &'c str) -> Self {
                self.refresh_url = Some(url);
                self
            }

            /// `scopes={…}` (OpenAPI only).
            pub const fn scopes(mut self, scopes: ScopeDescriptions<'c>) -> Self {
                self.scopes = scopes;
                self
            }

            /// The configured `tokenUrl`.
            pub const fn get_token_url(&self) -> &'c str {
                self.token_url
            }

            /// The configured `refreshUrl`.
            pub const fn get_refresh_url(&self) -> Option<&'c str> {
                self.refresh_url
            }

            /// The configured scopes.
            pub const fn get_scopes(&self) -> ScopeDescriptions<'c> {
                self.scopes
            }

            /// The flow object FastAPI publishes: `refreshUrl` and `scopes`.
            const fn flow(&self) -> OAuthFlow<'c> {
                OAuthFlow::of(self.refresh_url, self.scopes)
            }

            /// The `WWW-Authenticate` value of a failure: `Bearer`.
            pub const fn challenge(&self) -> Challenge<'c> {
                Challenge::Bearer
            }

            /// Decides on `req`.
            pub fn extract<'r, H: HeaderField>(
                &self,
                req: &Request<'r, H>,
            ) -> Outcome<'c, Secret<'r>> {
                bearer_token(&self.settings, req)
            }
        }
    };
}

/// `OAuth2PasswordBearer(tokenUrl=…)`: the token of `Bearer <token>`.
///
/// ```
/// use authparse::{OAuth2PasswordBearer, Request};
/// let headers = [("authorization", "Bearer")];
/// let bearer = OAuth2PasswordBearer::new("token");
/// // FastAPI's quirk: an empty token is accepted.
/// assert_eq!(bearer.extract(&Request::new(&headers)).credentials().unwrap().as_bytes(), b"");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OAuth2PasswordBearer<'c> {
    token_url: &'c str,
    refresh_url: Option<&'c str>,
    scopes: ScopeDescriptions<'c>,
    settings: Settings<'c>,
}

settings_methods!(OAuth2PasswordBearer);
bearer_flow!(OAuth2PasswordBearer);

impl<'c> OAuth2PasswordBearer<'c> {
    /// `OAuth2PasswordBearer(tokenUrl=…)`.
    pub const fn new(token_url: &'c str) -> Self {
        OAuth2PasswordBearer {
            token_url,
            refresh_url: None,
            scopes: &[],
            settings: Settings::DEFAULT,
        }
    }

    /// The one flow FastAPI publishes: `password` (slot 1 of
    /// [`OAuthFlows`]).
    pub(crate) const fn flow_slot(&self) -> (usize, Option<FlowSlot<'c>>) {
        (1, FlowSlot::new(self.flow(), None, Some(self.token_url)))
    }
}

/// `OAuth2AuthorizationCodeBearer(authorizationUrl=…, tokenUrl=…)`: the
/// token of `Bearer <token>`, exactly as [`OAuth2PasswordBearer`].
///
/// ```
/// use authparse::{OAuth2AuthorizationCodeBearer, Request};
/// let headers = [("authorization", "Bearer tok")];
/// let code = OAuth2AuthorizationCodeBearer::new("authorize", "token");
/// assert_eq!(code.extract(&Request::new(&headers)).credentials().unwrap().as_bytes(), b"tok");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OAuth2AuthorizationCodeBearer<'c> {
    authorization_url: &'c str,
    token_url: &'c str,
    refresh_url: Option<&'c str>,
    scopes: ScopeDescriptions<'c>,
    settings: Settings<'c>,
}

settings_methods!(OAuth2AuthorizationCodeBearer);
bearer_flow!(OAuth2AuthorizationCodeBearer);

impl<'c> OAuth2AuthorizationCodeBearer<'c> {
    /// `OAuth2AuthorizationCodeBearer(authorizationUrl=…, tokenUrl=…)`.
    pub const fn new(authorization_url: &'c str, token_url: &'c str) -> Self {
        OAuth2AuthorizationCodeBearer {
            authorization_url,
            token_url,
            refresh_url: None,
            scopes: &[],
            settings: Settings::DEFAULT,
        }
    }

    /// The configured `authorizationUrl`.
    pub const fn get_authorization_url(&self) -> &'c str {
        self.authorization_url
    }

    /// The one flow FastAPI publishes: `authorizationCode` (slot 3 of
    /// [`OAuthFlows`]).
    pub(crate) const fn flow_slot(&self) -> (usize, Option<FlowSlot<'c>>) {
        let urls = (Some(self.authorization_url), Some(self.token_url));
        (3, FlowSlot::new(self.flow(), urls.0, urls.1))
    }
}
