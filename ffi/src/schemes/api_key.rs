//! `APIKeyHeader`, `APIKeyQuery`, `APIKeyCookie`.

use authparse_core::{ApiKeyCookie, ApiKeyHeader, ApiKeyQuery, Secret};

use super::config::{authparse_scheme_config, extract_into, Extract};
use crate::base::*;
use crate::model::outcome::authparse_outcome;
use crate::model::request::authparse_request;

/// The view of a secret (a key, a token).
pub(crate) fn secret(s: Secret<'_>) -> authparse_str {
    view(s.as_bytes())
}

/// `APIKeyHeader(name=…, auto_error=…)`: the first header line called
/// `name`, as sent (an empty value counts as missing).
///
/// `*out_creds` points into the header value. Strict: a repeated header
/// is a 400 and OWS is trimmed. Reads `auto_error`, `profile`, `name`.
///
/// # Safety
/// `cfg` and `req` must be valid with readable views; `out_outcome` and
/// `out_creds` writable.
#[no_mangle]
pub unsafe extern "C" fn authparse_api_key_header_extract(
    cfg: *const authparse_scheme_config, req: *const authparse_request,
    out_outcome: *mut authparse_outcome, out_creds: *mut authparse_str,
) -> authparse_status {
    // SAFETY: the pointers are as `# Safety` above requires.
    let call = unsafe { Extract::new(cfg, req, out_outcome, out_creds) };
    call.decide(
        |cfg, req| {
            ApiKeyHeader::new(cfg.name)
                .settings(cfg.settings)
                .extract(req)
        },
        secret,
    )
}

/// `APIKeyQuery(name=…, auto_error=…)`: a query parameter, decoded as
/// Starlette does (the last occurrence wins; strict: WHATWG decoding, a
/// repeated parameter or invalid UTF-8 is a 400).
///
/// `*out_key` points into the query when no decoding was needed, otherwise
/// into `buf` (the query length times 3 always suffices); its bytes are UTF-8.
/// A short buffer gives `AUTHPARSE_STATUS_BUFFER_TOO_SMALL` and `*out_needed`.
/// Reads `auto_error`, `profile`, `name`.
///
/// # Safety
/// `cfg` and `req` valid with readable views; `buf` writable for `buf_len`
/// bytes, not overlapping the request; `out_outcome`, `out_key` writable;
/// `out_needed` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn authparse_api_key_query_extract(
    cfg: *const authparse_scheme_config, req: *const authparse_request, buf: *mut u8,
    buf_len: usize, out_outcome: *mut authparse_outcome, out_key: *mut authparse_str,
    out_needed: *mut usize,
) -> authparse_status {
    // SAFETY: the pointers are as `# Safety` above requires.
    unsafe {
        extract_into(
            (cfg, req, out_outcome, out_key),
            (buf, buf_len, out_needed),
            |cfg, req, buf| {
                ApiKeyQuery::new(cfg.name)
                    .settings(cfg.settings)
                    .extract(req, buf)
            },
            secret,
        )
    }
}

/// `APIKeyCookie(name=…, auto_error=…)`: a cookie across every `Cookie`
/// header (FastAPI: Starlette's parser, last wins, a quoted value unescaped;
/// strict: RFC 6265; that name sent twice, or malformed, is a 400).
///
/// `*out_key` points into a `Cookie` header value, or into `buf` when a
/// quoted value had escapes (the header length suffices). A short buffer
/// gives `AUTHPARSE_STATUS_BUFFER_TOO_SMALL` and `*out_needed`. Reads
/// `auto_error`, `profile`, `name`.
///
/// # Safety
/// As `authparse_api_key_query_extract`.
#[no_mangle]
pub unsafe extern "C" fn authparse_api_key_cookie_extract(
    cfg: *const authparse_scheme_config, req: *const authparse_request, buf: *mut u8,
    buf_len: usize, out_outcome: *mut authparse_outcome, out_key: *mut authparse_str,
    out_needed: *mut usize,
) -> authparse_status {
    // SAFETY: the pointers are as `# Safety` above requires.
    unsafe {
        extract_into(
            (cfg, req, out_outcome, out_key),
            (buf, buf_len, out_needed),
            |cfg, req, buf| {
                ApiKeyCookie::new(cfg.name)
                    .settings(cfg.settings)
                    .extract(req, buf)
            },
            secret,
        )
    }
}
