//! `OAuth2`, `OAuth2PasswordBearer`, `OAuth2AuthorizationCodeBearer`,
//! `OpenIdConnect`: the token from `Authorization`.

use authparse_core::{OAuth2, OAuth2PasswordBearer, OpenIdConnect, Outcome, Secret};

use super::api_key::secret;
use super::config::{authparse_scheme_config, Config, Extract};
use crate::base::*;
use crate::model::outcome::authparse_outcome;
use crate::model::request::{authparse_request, CRequest};

/// `OAuth2(auto_error=…)`: the whole `Authorization` value, any scheme.
///
/// `*out_creds` points into the header value. Reads `auto_error`, `profile`.
///
/// # Safety
/// `cfg` and `req` must be valid with readable views; `out_outcome` and
/// `out_creds` writable.
#[no_mangle]
pub unsafe extern "C" fn authparse_oauth2_extract(
    cfg: *const authparse_scheme_config, req: *const authparse_request,
    out_outcome: *mut authparse_outcome, out_creds: *mut authparse_str,
) -> authparse_status {
    // SAFETY: the pointers are as `# Safety` above requires.
    let call = unsafe { Extract::new(cfg, req, out_outcome, out_creds) };
    call.decide(
        |cfg, req| OAuth2::new().settings(cfg.settings).extract(req),
        secret,
    )
}

/// `OpenIdConnect(openIdConnectUrl=…, auto_error=…)`: the whole
/// `Authorization` value (the URL only matters for OpenAPI).
///
/// `*out_creds` points into the header value. Reads `auto_error`, `profile`.
///
/// # Safety
/// `cfg` and `req` must be valid with readable views; `out_outcome` and
/// `out_creds` writable.
#[no_mangle]
pub unsafe extern "C" fn authparse_open_id_connect_extract(
    cfg: *const authparse_scheme_config, req: *const authparse_request,
    out_outcome: *mut authparse_outcome, out_creds: *mut authparse_str,
) -> authparse_status {
    // SAFETY: the pointers are as `# Safety` above requires.
    let call = unsafe { Extract::new(cfg, req, out_outcome, out_creds) };
    call.decide(
        |cfg, req| OpenIdConnect::new("").settings(cfg.settings).extract(req),
        secret,
    )
}

/// `OAuth2PasswordBearer(tokenUrl=…, auto_error=…)`: the token of
/// `Bearer <token>` (FastAPI accepts an empty token).
///
/// `*out_creds` points into the header value. Reads `auto_error`, `profile`.
///
/// # Safety
/// `cfg` and `req` must be valid with readable views; `out_outcome` and
/// `out_creds` writable.
#[no_mangle]
pub unsafe extern "C" fn authparse_oauth2_password_bearer_extract(
    cfg: *const authparse_scheme_config, req: *const authparse_request,
    out_outcome: *mut authparse_outcome, out_creds: *mut authparse_str,
) -> authparse_status {
    // SAFETY: the pointers are as `# Safety` above requires.
    let call = unsafe { Extract::new(cfg, req, out_outcome, out_creds) };
    call.decide(bearer, secret)
}

/// `OAuth2AuthorizationCodeBearer(authorizationUrl=…, tokenUrl=…,
/// auto_error=…)`: the token of `Bearer <token>`, as the password bearer.
///
/// `*out_creds` points into the header value. Reads `auto_error`, `profile`.
///
/// # Safety
/// `cfg` and `req` must be valid with readable views; `out_outcome` and
/// `out_creds` writable.
#[no_mangle]
pub unsafe extern "C" fn authparse_oauth2_authorization_code_bearer_extract(
    cfg: *const authparse_scheme_config, req: *const authparse_request,
    out_outcome: *mut authparse_outcome, out_creds: *mut authparse_str,
) -> authparse_status {
    // SAFETY: the pointers are as `# Safety` above requires.
    let call = unsafe { Extract::new(cfg, req, out_outcome, out_creds) };
    call.decide(bearer, secret)
}

/// The decision of both bearer flows: the core's `bearer_flow!` gives
/// `OAuth2PasswordBearer` and `OAuth2AuthorizationCodeBearer` the same
/// token extraction, and the URLs only matter for OpenAPI.
fn bearer<'a>(cfg: &Config<'a>, req: &CRequest<'a>) -> Outcome<'a, Secret<'a>> {
    OAuth2PasswordBearer::new("")
        .settings(cfg.settings)
        .extract(req)
}
