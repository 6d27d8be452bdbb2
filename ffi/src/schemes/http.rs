//! `HTTPBasic`, `HTTPBearer`, `HTTPDigest`, `HTTPBase`: the `Authorization`
//! header's schemes.

use authparse_core::{AuthorizationCredentials, HttpBase, HttpBasic, HttpBearer, HttpDigest};

use super::config::{authparse_scheme_config, extract_into, Extract};
use crate::base::*;
use crate::model::outcome::authparse_outcome;
use crate::model::request::authparse_request;

/// Decoded `Basic` credentials: views into the caller's buffer.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct authparse_basic_credentials {
    /// Everything before the first `:` (ASCII in the FastAPI profile, UTF-8
    /// in the strict one; may be empty).
    pub username: authparse_str,
    /// Everything after the first `:` (may be empty, may contain `:`).
    pub password: authparse_str,
}
/// FastAPI's `HTTPAuthorizationCredentials`: views into the `Authorization`
/// header value of the request.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct authparse_authorization_credentials {
    /// The scheme as the client wrote it (`bearer` stays `bearer`).
    pub scheme: authparse_str,
    /// The credentials after it (stripped with Python's whitespace set in
    /// the FastAPI profile).
    pub credentials: authparse_str,
}

fn scheme_credentials(c: AuthorizationCredentials<'_>) -> authparse_authorization_credentials {
    authparse_authorization_credentials {
        scheme: view(c.scheme),
        credentials: view(c.credentials.as_bytes()),
    }
}

/// `HTTPBasic(realm=…, auto_error=…)`: decodes `Authorization: Basic …` into
/// `buf` (`authparse_base64_max_decoded_len(header length)` always suffices).
///
/// On `AUTHPARSE_STATUS_OK`, `*out_outcome` holds the decision and, when it
/// is CREDENTIALS, `*out_creds` holds views into `buf` (zeroed otherwise).
/// FastAPI's quirk is kept: once the scheme is `basic`, malformed
/// credentials fail even with `auto_error` off. A short buffer gives
/// `AUTHPARSE_STATUS_BUFFER_TOO_SMALL` and the size in `*out_needed` (NULL
/// allowed). Reads `auto_error`, `profile`, `has_realm`, `realm`.
/// The views need not start at `buf` (on 64-bit hosts the text is decoded
/// at an 8-aligned byte and padded), and more of `buf` than they cover is
/// written: to erase the password, wipe all `buf_len` bytes.
///
/// # Safety
/// `cfg` and `req` must be valid with readable views; `buf` writable for
/// `buf_len` bytes and not overlapping the request; `out_outcome` and
/// `out_creds` writable; `out_needed` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn authparse_http_basic_extract(
    cfg: *const authparse_scheme_config, req: *const authparse_request, buf: *mut u8,
    buf_len: usize, out_outcome: *mut authparse_outcome,
    out_creds: *mut authparse_basic_credentials, out_needed: *mut usize,
) -> authparse_status {
    // SAFETY: the pointers are as `# Safety` above requires.
    unsafe {
        extract_into(
            (cfg, req, out_outcome, out_creds),
            (buf, buf_len, out_needed),
            |cfg, req, buf| {
                let basic = HttpBasic::new().settings(cfg.settings);
                match cfg.realm {
                    Some(realm) => basic.realm(realm),
                    None => basic,
                }
                .extract(req, buf)
            },
            |c| authparse_basic_credentials {
                username: view(c.username.as_bytes()),
                password: view(c.password.as_bytes()),
            },
        )
    }
}

/// `HTTPBearer(auto_error=…)`: `Authorization: Bearer <token>`.
///
/// On `AUTHPARSE_STATUS_OK`, `*out_outcome` holds the decision; for
/// CREDENTIALS `*out_creds` holds views into the header value (zeroed
/// otherwise). Strict: the token must be an RFC 6750 `b64token`. Reads
/// `auto_error` and `profile`.
///
/// # Safety
/// `cfg` and `req` must be valid with readable views; `out_outcome` and
/// `out_creds` writable.
#[no_mangle]
pub unsafe extern "C" fn authparse_http_bearer_extract(
    cfg: *const authparse_scheme_config, req: *const authparse_request,
    out_outcome: *mut authparse_outcome, out_creds: *mut authparse_authorization_credentials,
) -> authparse_status {
    // SAFETY: the pointers are as `# Safety` above requires.
    let call = unsafe { Extract::new(cfg, req, out_outcome, out_creds) };
    call.decide(
        |cfg, req| HttpBearer::new().settings(cfg.settings).extract(req),
        scheme_credentials,
    )
}

/// `HTTPDigest(auto_error=…)`: `Authorization: Digest <params>`, the
/// parameters as one unparsed view (iterate them with
/// `authparse_digest_iter_*`).
///
/// `*out_creds` views point into the header value. Strict: the
/// parameters must be an RFC 7616 response. Reads `auto_error`, `profile`.
///
/// # Safety
/// `cfg` and `req` must be valid with readable views; `out_outcome` and
/// `out_creds` writable.
#[no_mangle]
pub unsafe extern "C" fn authparse_http_digest_extract(
    cfg: *const authparse_scheme_config, req: *const authparse_request,
    out_outcome: *mut authparse_outcome, out_creds: *mut authparse_authorization_credentials,
) -> authparse_status {
    // SAFETY: the pointers are as `# Safety` above requires.
    let call = unsafe { Extract::new(cfg, req, out_outcome, out_creds) };
    call.decide(
        |cfg, req| HttpDigest::new().settings(cfg.settings).extract(req),
        scheme_credentials,
    )
}

/// `HTTPBase(scheme=…, auto_error=…)`: any `scheme credentials` pair
/// (strict: the configured scheme is required).
///
/// `*out_creds` views point into the header value; the failure challenge
/// points into `cfg->name`. Reads `auto_error`, `profile`, `name` (the scheme).
///
/// # Safety
/// `cfg` and `req` must be valid with readable views; `out_outcome` and
/// `out_creds` writable.
#[no_mangle]
pub unsafe extern "C" fn authparse_http_base_extract(
    cfg: *const authparse_scheme_config, req: *const authparse_request,
    out_outcome: *mut authparse_outcome, out_creds: *mut authparse_authorization_credentials,
) -> authparse_status {
    // SAFETY: the pointers are as `# Safety` above requires.
    let call = unsafe { Extract::new(cfg, req, out_outcome, out_creds) };
    call.decide(
        |cfg, req| HttpBase::new(cfg.name).settings(cfg.settings).extract(req),
        scheme_credentials,
    )
}
