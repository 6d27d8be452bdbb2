//! FastAPI's OpenAPI output from C: `components.securitySchemes` entries and
//! objects, an operation's `security` array, and the password-form request
//! body, byte-identical to the Rust renderer (`authparse::openapi`).
//!
//! The Rust renderer takes slices of Rust values (`&[(&str, &str)]` scopes,
//! `&[SecurityScheme]`, …). C hands over arrays of views, so each call
//! converts them into fixed-capacity arrays on its own stack (no allocation):
//! the `AUTHPARSE_OPENAPI_MAX_*` constants bound one call, and more is
//! `AUTHPARSE_STATUS_INVALID_ARGUMENT`.

use crate::abi::{run, Out};
use crate::base::*;

mod convert;
mod render;

pub use render::*;

/// The most schemes `authparse_openapi_schemes_render` takes in one call.
pub const AUTHPARSE_OPENAPI_MAX_SCHEMES: usize = 16;
/// The most scope descriptions one call takes, counted over every scheme and
/// flow it is given (`authparse_openapi_scheme.scopes` and
/// `authparse_openapi_flow.scopes` together).
pub const AUTHPARSE_OPENAPI_MAX_SCOPES: usize = 64;
/// The most extra (pass-through) members one call takes, counted over every
/// flow and flows object it is given.
pub const AUTHPARSE_OPENAPI_MAX_EXTRA: usize = 32;
/// The most requirements `authparse_openapi_requirements_render` takes.
pub const AUTHPARSE_OPENAPI_MAX_REQUIREMENTS: usize = 32;
/// The most scopes `authparse_openapi_requirements_render` takes, counted
/// over all its requirements.
pub const AUTHPARSE_OPENAPI_MAX_REQUIREMENT_SCOPES: usize = 64;

/// One of FastAPI's eleven security classes (`authparse_openapi_scheme.kind`).
/// The numbers are fixed; 0 is no class (rejected, so a zeroed struct is
/// caught).
pub type authparse_class = u32;
/// No class: `AUTHPARSE_STATUS_INVALID_ARGUMENT`.
pub const AUTHPARSE_CLASS_NONE: authparse_class = 0;
/// `HTTPBasic` (reads `realm`, which never appears in OpenAPI).
pub const AUTHPARSE_CLASS_HTTP_BASIC: authparse_class = 1;
/// `HTTPBearer` (reads `bearer_format`).
pub const AUTHPARSE_CLASS_HTTP_BEARER: authparse_class = 2;
/// `HTTPDigest`.
pub const AUTHPARSE_CLASS_HTTP_DIGEST: authparse_class = 3;
/// `HTTPBase` (reads `scheme`).
pub const AUTHPARSE_CLASS_HTTP_BASE: authparse_class = 4;
/// `APIKeyHeader` (reads `name`).
pub const AUTHPARSE_CLASS_API_KEY_HEADER: authparse_class = 5;
/// `APIKeyQuery` (reads `name`).
pub const AUTHPARSE_CLASS_API_KEY_QUERY: authparse_class = 6;
/// `APIKeyCookie` (reads `name`).
pub const AUTHPARSE_CLASS_API_KEY_COOKIE: authparse_class = 7;
/// `OAuth2` (reads `flows`).
pub const AUTHPARSE_CLASS_OAUTH2: authparse_class = 8;
/// `OAuth2PasswordBearer` (reads `token_url`, `refresh_url`, `scopes`).
pub const AUTHPARSE_CLASS_OAUTH2_PASSWORD_BEARER: authparse_class = 9;
/// `OAuth2AuthorizationCodeBearer` (reads `authorization_url`, `token_url`,
/// `refresh_url`, `scopes`).
pub const AUTHPARSE_CLASS_OAUTH2_AUTHORIZATION_CODE_BEARER: authparse_class = 10;
/// `OpenIdConnect` (reads `open_id_connect_url`).
pub const AUTHPARSE_CLASS_OPEN_ID_CONNECT: authparse_class = 11;

/// One OAuth2 scope and its description: an entry of FastAPI's
/// `scopes={name: description}` dict. Both UTF-8. In an array, a repeated
/// name keeps its first position and its last description (a Python dict).
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct authparse_scope_description {
    /// The scope.
    pub name: authparse_str,
    /// Its description.
    pub description: authparse_str,
}

/// An extra (pass-through) member of a flow or of the flows object: FastAPI
/// keeps unknown keys of `OAuth2(flows=…)`. `key` is UTF-8 text; `json` is
/// one compact JSON value written as Python's
/// `json.dumps(v, separators=(",", ":"), ensure_ascii=False)` writes it
/// (checked: one complete value, no whitespace outside strings, at most 32
/// levels of nesting; otherwise `AUTHPARSE_STATUS_INVALID_CONFIGURATION`).
/// It is copied to the output verbatim; the value `null` drops the member.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct authparse_json_member {
    /// The member's name.
    pub key: authparse_str,
    /// The member's value as compact JSON text.
    pub json: authparse_str,
}

/// One OAuth2 flow of a generic `OAuth2(flows=…)`.
///
/// Which URLs are read depends on the flow: `implicit` reads
/// `authorization_url`; `password` and `client_credentials` read `token_url`;
/// `authorization_code` reads both. The other one is ignored. `scopes`
/// (`scope_count` entries, NULL allowed with 0) is always written, `{}` when
/// empty; `extra` (`extra_count` members) follow the known keys.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct authparse_openapi_flow {
    /// Whether this flow is there (otherwise the other fields are not read).
    pub present: bool,
    /// `authorizationUrl` (implicit, authorization code).
    pub authorization_url: authparse_str,
    /// `tokenUrl` (password, client credentials, authorization code).
    pub token_url: authparse_str,
    /// Whether `refresh_url` is set (`refreshUrl` is left out otherwise).
    pub has_refresh_url: bool,
    /// `refreshUrl`.
    pub refresh_url: authparse_str,
    /// `scopes`, in order.
    pub scopes: *const authparse_scope_description,
    /// How many scopes.
    pub scope_count: usize,
    /// Pass-through members, in order (a repeated key keeps its first
    /// position and its last value; a key that is one of the flow's own
    /// fields is `AUTHPARSE_STATUS_INVALID_CONFIGURATION`).
    pub extra: *const authparse_json_member,
    /// How many extra members.
    pub extra_count: usize,
}

/// The `flows=…` of a generic `OAuth2`: FastAPI's `OAuthFlows` model. The
/// output lists `implicit`, `password`, `clientCredentials`,
/// `authorizationCode` (those present, in that order), then `extra`.
/// Initialise with `authparse_openapi_flows_init` (nothing present).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct authparse_openapi_flows {
    /// `implicit`.
    pub implicit: authparse_openapi_flow,
    /// `password`.
    pub password: authparse_openapi_flow,
    /// `clientCredentials`.
    pub client_credentials: authparse_openapi_flow,
    /// `authorizationCode`.
    pub authorization_code: authparse_openapi_flow,
    /// Pass-through members of the flows object (a key naming one of the
    /// four flows is `AUTHPARSE_STATUS_INVALID_CONFIGURATION`).
    pub extra: *const authparse_json_member,
    /// How many extra members.
    pub extra_count: usize,
}

/// One security scheme as its constructor configures it, for the OpenAPI
/// output. Fill it with `authparse_openapi_scheme_init` and set fields.
///
/// Optional arguments (FastAPI's `None` default) have a `has_*` flag: when
/// it is false the view is not read and the key is left out; when true the
/// view is the value, and an empty view is the empty string (FastAPI writes
/// `""`). Required arguments (`scheme`, `name`, the URLs) have no flag.
/// Each class reads only its own fields (listed at its `AUTHPARSE_CLASS_*`
/// constant, plus `scheme_name` and `description` for every class); the
/// others are ignored. Every view that is read must be UTF-8
/// (`AUTHPARSE_STATUS_CONFIG_NOT_UTF8`). Nothing is kept after the call,
/// except that a rendered key may point into `scheme_name`.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct authparse_openapi_scheme {
    /// One of `AUTHPARSE_CLASS_*`.
    pub kind: authparse_class,
    /// Whether `scheme_name` is set (the key is the class name otherwise).
    pub has_scheme_name: bool,
    /// `scheme_name=…`: the key under `components.securitySchemes`.
    pub scheme_name: authparse_str,
    /// Whether `description` is set.
    pub has_description: bool,
    /// `description=…`.
    pub description: authparse_str,
    /// HTTPBasic: whether `realm` is set.
    pub has_realm: bool,
    /// HTTPBasic: `realm=…` (validated, never written to OpenAPI).
    pub realm: authparse_str,
    /// HTTPBase: `scheme=…`, written as given.
    pub scheme: authparse_str,
    /// APIKeyHeader / APIKeyQuery / APIKeyCookie: `name=…`.
    pub name: authparse_str,
    /// HTTPBearer: whether `bearer_format` is set.
    pub has_bearer_format: bool,
    /// HTTPBearer: `bearerFormat=…`.
    pub bearer_format: authparse_str,
    /// OAuth2PasswordBearer / OAuth2AuthorizationCodeBearer: `tokenUrl=…`.
    pub token_url: authparse_str,
    /// OAuth2PasswordBearer / OAuth2AuthorizationCodeBearer: whether
    /// `refresh_url` is set.
    pub has_refresh_url: bool,
    /// OAuth2PasswordBearer / OAuth2AuthorizationCodeBearer: `refreshUrl=…`.
    pub refresh_url: authparse_str,
    /// OAuth2AuthorizationCodeBearer: `authorizationUrl=…`.
    pub authorization_url: authparse_str,
    /// OpenIdConnect: `openIdConnectUrl=…`.
    pub open_id_connect_url: authparse_str,
    /// OAuth2PasswordBearer / OAuth2AuthorizationCodeBearer: `scopes=…`
    /// (`scope_count` entries; NULL allowed with 0).
    pub scopes: *const authparse_scope_description,
    /// How many scopes.
    pub scope_count: usize,
    /// OAuth2: `flows=…`; NULL is `OAuth2()` without flows (`"flows":{}`).
    pub flows: *const authparse_openapi_flows,
}

/// One security dependency of an operation: the scheme's key (as
/// `authparse_openapi_scheme_render` gives it) and the scopes accumulated
/// along its dependency path (`scope_count` UTF-8 views; NULL allowed with 0).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct authparse_openapi_requirement {
    /// The scheme's key.
    pub scheme_name: authparse_str,
    /// The scopes, outermost first.
    pub scopes: *const authparse_str,
    /// How many scopes.
    pub scope_count: usize,
}

const NO_FLOW: authparse_openapi_flow = authparse_openapi_flow {
    present: false,
    authorization_url: authparse_str::EMPTY,
    token_url: authparse_str::EMPTY,
    has_refresh_url: false,
    refresh_url: authparse_str::EMPTY,
    scopes: core::ptr::null(),
    scope_count: 0,
    extra: core::ptr::null(),
    extra_count: 0,
};

impl Default for authparse_openapi_flow {
    fn default() -> Self {
        NO_FLOW
    }
}

impl Default for authparse_openapi_flows {
    fn default() -> Self {
        authparse_openapi_flows {
            implicit: NO_FLOW,
            password: NO_FLOW,
            client_credentials: NO_FLOW,
            authorization_code: NO_FLOW,
            extra: core::ptr::null(),
            extra_count: 0,
        }
    }
}

impl authparse_openapi_scheme {
    /// A scheme of class `kind` with every optional argument unset and every
    /// view empty.
    pub const fn new(kind: authparse_class) -> Self {
        authparse_openapi_scheme {
            kind,
            has_scheme_name: false,
            scheme_name: authparse_str::EMPTY,
            has_description: false,
            description: authparse_str::EMPTY,
            has_realm: false,
            realm: authparse_str::EMPTY,
            scheme: authparse_str::EMPTY,
            name: authparse_str::EMPTY,
            has_bearer_format: false,
            bearer_format: authparse_str::EMPTY,
            token_url: authparse_str::EMPTY,
            has_refresh_url: false,
            refresh_url: authparse_str::EMPTY,
            authorization_url: authparse_str::EMPTY,
            open_id_connect_url: authparse_str::EMPTY,
            scopes: core::ptr::null(),
            scope_count: 0,
            flows: core::ptr::null(),
        }
    }
}

impl Default for authparse_openapi_scheme {
    fn default() -> Self {
        authparse_openapi_scheme::new(AUTHPARSE_CLASS_NONE)
    }
}

/// Sets `*scheme` to class `kind` with no optional argument set, every view
/// empty, no scopes and no flows.
///
/// Returns `AUTHPARSE_STATUS_INVALID_ARGUMENT` for an unknown `kind` (the
/// struct is still initialised, with that number).
///
/// # Safety
/// `scheme` must be NULL (`AUTHPARSE_STATUS_NULL_POINTER`) or writable.
#[no_mangle]
pub unsafe extern "C" fn authparse_openapi_scheme_init(
    scheme: *mut authparse_openapi_scheme, kind: authparse_class,
) -> authparse_status {
    // SAFETY: the pointer is as `# Safety` above requires.
    let scheme = unsafe { Out::new(scheme) };
    run(|| {
        scheme.required()?.set(authparse_openapi_scheme::new(kind));
        if !(AUTHPARSE_CLASS_HTTP_BASIC..=AUTHPARSE_CLASS_OPEN_ID_CONNECT).contains(&kind) {
            return Err(AUTHPARSE_STATUS_INVALID_ARGUMENT);
        }
        Ok(())
    })
}

/// Sets `*flows` to no flow and no extra member (`OAuth2()`'s `{}`).
///
/// # Safety
/// `flows` must be NULL (`AUTHPARSE_STATUS_NULL_POINTER`) or writable.
#[no_mangle]
pub unsafe extern "C" fn authparse_openapi_flows_init(
    flows: *mut authparse_openapi_flows,
) -> authparse_status {
    // SAFETY: the pointer is as `# Safety` above requires.
    let flows = unsafe { Out::new(flows) };
    run(|| {
        flows.required()?.set(authparse_openapi_flows::default());
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn class_numbers_are_fixed() {
        let all = [
            AUTHPARSE_CLASS_NONE,
            AUTHPARSE_CLASS_HTTP_BASIC,
            AUTHPARSE_CLASS_HTTP_BEARER,
            AUTHPARSE_CLASS_HTTP_DIGEST,
            AUTHPARSE_CLASS_HTTP_BASE,
            AUTHPARSE_CLASS_API_KEY_HEADER,
            AUTHPARSE_CLASS_API_KEY_QUERY,
            AUTHPARSE_CLASS_API_KEY_COOKIE,
            AUTHPARSE_CLASS_OAUTH2,
            AUTHPARSE_CLASS_OAUTH2_PASSWORD_BEARER,
            AUTHPARSE_CLASS_OAUTH2_AUTHORIZATION_CODE_BEARER,
            AUTHPARSE_CLASS_OPEN_ID_CONNECT,
        ];
        for (i, k) in all.iter().enumerate() {
            assert_eq!(*k as usize, i);
        }
        assert!(convert::RAW_NULL.is_null());
    }
}
