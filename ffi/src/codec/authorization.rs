//! The `Authorization` value: FastAPI's split, the strict split, `token68`.

use authparse_core::authorization;

use super::Lookup;
use crate::abi::{run, Given, Out};
use crate::base::*;

/// FastAPI's `get_authorization_scheme_param`: cut at the first space, strip
/// the rest with Python's whitespace set, never trim the scheme.
///
/// Always `AUTHPARSE_STATUS_OK` for valid pointers; `*out_scheme` and
/// `*out_credentials` point into `value` (both empty for an empty value).
///
/// # Safety
/// `value` readable for `value_len` bytes (NULL with 0 allowed); the
/// out-params writable.
#[no_mangle]
pub unsafe extern "C" fn authparse_authorization_split(
    value: *const u8, value_len: usize, out_scheme: *mut authparse_str,
    out_credentials: *mut authparse_str,
) -> authparse_status {
    // SAFETY: the pointers are as `# Safety` above requires.
    unsafe {
        split_with(value, value_len, out_scheme, out_credentials, |v| {
            Some(authorization::split(v))
        })
    }
}

/// Strict framing (RFC 9110 §11.4): `OWS auth-scheme 1*SP credentials OWS`.
///
/// `AUTHPARSE_STATUS_OK` with views into `value`, or
/// `AUTHPARSE_STATUS_MALFORMED` when the value does not have that shape (the
/// out-params are then set empty).
///
/// # Safety
/// As `authparse_authorization_split`.
#[no_mangle]
pub unsafe extern "C" fn authparse_authorization_split_strict(
    value: *const u8, value_len: usize, out_scheme: *mut authparse_str,
    out_credentials: *mut authparse_str,
) -> authparse_status {
    // SAFETY: the pointers are as `# Safety` above requires.
    unsafe {
        split_with(
            value,
            value_len,
            out_scheme,
            out_credentials,
            authorization::split_strict,
        )
    }
}

/// The body of the two splits above: `*out_scheme` and `*out_credentials`
/// get what `split` cuts `value` into, both empty and
/// `AUTHPARSE_STATUS_MALFORMED` when it finds no split.
///
/// # Safety
/// As `authparse_authorization_split`.
unsafe fn split_with(
    value: *const u8, value_len: usize, out_scheme: *mut authparse_str,
    out_credentials: *mut authparse_str, split: impl FnOnce(&[u8]) -> Option<(&[u8], &[u8])>,
) -> authparse_status {
    // SAFETY: forwarded to the caller.
    let (value, out_scheme, out_credentials) = unsafe {
        (
            Given::view(value, value_len),
            Out::new(out_scheme),
            Out::new(out_credentials),
        )
    };
    run(|| {
        out_scheme.required()?;
        out_credentials.required()?;
        let parts = split(value.get()?);
        let (scheme, credentials) = parts.unwrap_or_default();
        out_scheme.set(view(scheme));
        out_credentials.set(view(credentials));
        parts.map(|_| ()).ok_or(AUTHPARSE_STATUS_MALFORMED)
    })
}

/// Whether `bytes` is an RFC 7235 `token68` / RFC 6750 `b64token`; the
/// answer goes to `*out`.
///
/// # Safety
/// `bytes` readable for `len` bytes (NULL with 0 allowed); `out` writable.
#[no_mangle]
pub unsafe extern "C" fn authparse_authorization_is_token68(
    bytes: *const u8, len: usize, out: *mut bool,
) -> authparse_status {
    // SAFETY: the pointers are as `# Safety` above requires.
    let call = unsafe { Lookup::new(bytes, len, out) };
    call.answer(authorization::is_token68)
}
