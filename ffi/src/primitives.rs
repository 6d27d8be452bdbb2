//! Primitives: the `Authorization` split, base64, urlencoded decoding, text
//! and whitespace helpers.

use authparse_core::{authorization, base64, text, urlencoded, whitespace};

use crate::types::*;

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
    value: *const u8,
    value_len: usize,
    out_scheme: *mut authparse_str,
    out_credentials: *mut authparse_str,
) -> authparse_status {
    status(|| {
        non_null(out_scheme)?;
        non_null(out_credentials)?;
        // SAFETY: readable by contract.
        let (scheme, credentials) = authorization::split(unsafe { input(value, value_len) }?);
        // SAFETY: checked non-NULL, writable by contract.
        unsafe {
            put(out_scheme, authparse_str::from_slice(scheme));
            put(out_credentials, authparse_str::from_slice(credentials));
        }
        Ok(())
    })
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
    value: *const u8,
    value_len: usize,
    out_scheme: *mut authparse_str,
    out_credentials: *mut authparse_str,
) -> authparse_status {
    status(|| {
        non_null(out_scheme)?;
        non_null(out_credentials)?;
        // SAFETY: readable by contract.
        let parts = authorization::split_strict(unsafe { input(value, value_len) }?);
        let (scheme, credentials) = parts.unwrap_or_default();
        // SAFETY: checked non-NULL, writable by contract.
        unsafe {
            put(out_scheme, authparse_str::from_slice(scheme));
            put(out_credentials, authparse_str::from_slice(credentials));
        }
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
    bytes: *const u8,
    len: usize,
    out: *mut bool,
) -> authparse_status {
    status(|| {
        non_null(out)?;
        // SAFETY: readable by contract.
        let answer = authorization::is_token68(unsafe { input(bytes, len) }?);
        // SAFETY: checked non-NULL, writable by contract.
        unsafe { put(out, answer) };
        Ok(())
    })
}

/// An upper bound on the decoded size of `input_len` base64 bytes (either decoder).
#[no_mangle]
pub extern "C" fn authparse_base64_max_decoded_len(input_len: usize) -> usize {
    base64::max_decoded_len(input_len)
}

/// Runs a decoder over `input` into `buf` (see [`write_call`]).
///
/// # Safety
/// As the `extern "C"` callers.
unsafe fn decode_into(
    input: *const u8,
    input_len: usize,
    buf: *mut u8,
    buf_len: usize,
    out: *mut authparse_str,
    out_needed: *mut usize,
    decode: impl for<'a> FnOnce(&'a [u8], &'a mut [u8]) -> Result<&'a [u8], authparse_core::Error>,
) -> authparse_status {
    // SAFETY: readable by contract.
    let input = match unsafe { crate::types::input(input, input_len) } {
        Ok(bytes) => bytes,
        Err(status) => return status,
    };
    // SAFETY: the caller's contract for the buffer and out-params.
    unsafe {
        write_call(&[input], buf, buf_len, out, out_needed, |b| {
            decode(input, b).map(authparse_str::from_slice)
        })
    }
}

/// CPython's lenient `base64.b64decode` (what FastAPI's HTTPBasic uses):
/// bytes outside the alphabet are skipped, decoding stops once padding
/// completes a quantum. `*out` points into `buf`.
///
/// A short buffer gives `AUTHPARSE_STATUS_BUFFER_TOO_SMALL` with the exact
/// size in `*out_needed` (NULL allowed; 0 on other statuses).
///
/// # Safety
/// `input` readable for `input_len` bytes (NULL with 0 allowed); `buf`
/// writable for `buf_len` bytes (NULL with 0 allowed) and not overlapping
/// `input`; `out` writable; `out_needed` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn authparse_base64_decode_lenient(
    input: *const u8,
    input_len: usize,
    buf: *mut u8,
    buf_len: usize,
    out: *mut authparse_str,
    out_needed: *mut usize,
) -> authparse_status {
    // SAFETY: forwarded to the caller.
    unsafe {
        decode_into(
            input,
            input_len,
            buf,
            buf_len,
            out,
            out_needed,
            |input, buf| {
                base64::decode_lenient(input, buf).map(|n| buf.get(..n).unwrap_or_default())
            },
        )
    }
}

/// Strict RFC 4648 §4 base64 (canonical, padded). `*out` points into `buf`.
///
/// A short buffer gives `AUTHPARSE_STATUS_BUFFER_TOO_SMALL` with the exact
/// size in `*out_needed` (NULL allowed; 0 on other statuses).
///
/// # Safety
/// `input` readable for `input_len` bytes (NULL with 0 allowed); `buf`
/// writable for `buf_len` bytes (NULL with 0 allowed) and not overlapping
/// `input`; `out` writable; `out_needed` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn authparse_base64_decode_strict(
    input: *const u8,
    input_len: usize,
    buf: *mut u8,
    buf_len: usize,
    out: *mut authparse_str,
    out_needed: *mut usize,
) -> authparse_status {
    // SAFETY: forwarded to the caller.
    unsafe {
        decode_into(
            input,
            input_len,
            buf,
            buf_len,
            out,
            out_needed,
            |input, buf| {
                base64::decode_strict(input, buf).map(|n| buf.get(..n).unwrap_or_default())
            },
        )
    }
}

/// Decodes one urlencoded component as Starlette does (`+` → SP, raw
/// bytes ≥ 0x80 read as Latin-1, percent-decoded runs read as UTF-8 with
/// U+FFFD). The result is UTF-8: `*out` points into `input` when decoding
/// changes nothing, otherwise into `buf`
/// (`authparse_urlencoded_decoded_len` gives the exact size).
///
/// A short buffer gives `AUTHPARSE_STATUS_BUFFER_TOO_SMALL` with the exact
/// size in `*out_needed` (NULL allowed; 0 on other statuses).
///
/// # Safety
/// `input` readable for `input_len` bytes (NULL with 0 allowed); `buf`
/// writable for `buf_len` bytes (NULL with 0 allowed) and not overlapping
/// `input`; `out` writable; `out_needed` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn authparse_urlencoded_decode(
    input: *const u8,
    input_len: usize,
    buf: *mut u8,
    buf_len: usize,
    out: *mut authparse_str,
    out_needed: *mut usize,
) -> authparse_status {
    // SAFETY: forwarded to the caller.
    unsafe {
        decode_into(
            input,
            input_len,
            buf,
            buf_len,
            out,
            out_needed,
            |input, buf| urlencoded::decode(input, buf).map(str::as_bytes),
        )
    }
}

/// WHATWG decoding of one component (`+` → SP, every `%XX`), then strict
/// UTF-8 (`AUTHPARSE_STATUS_INVALID_UTF8`). `*out` points into `input`
/// when there is nothing to decode, otherwise into `buf`.
///
/// A short buffer gives `AUTHPARSE_STATUS_BUFFER_TOO_SMALL` with the exact
/// size in `*out_needed` (NULL allowed; 0 on other statuses).
///
/// # Safety
/// `input` readable for `input_len` bytes (NULL with 0 allowed); `buf`
/// writable for `buf_len` bytes (NULL with 0 allowed) and not overlapping
/// `input`; `out` writable; `out_needed` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn authparse_urlencoded_decode_strict(
    input: *const u8,
    input_len: usize,
    buf: *mut u8,
    buf_len: usize,
    out: *mut authparse_str,
    out_needed: *mut usize,
) -> authparse_status {
    // SAFETY: forwarded to the caller.
    unsafe {
        decode_into(
            input,
            input_len,
            buf,
            buf_len,
            out,
            out_needed,
            |input, buf| urlencoded::decode_strict(input, buf).map(str::as_bytes),
        )
    }
}

/// The Latin-1 reading of `input` (FastAPI's text for header bytes),
/// written into `buf` as UTF-8. Needs `input_len` plus one byte per byte
/// ≥ 0x80. `*out` points into `buf`.
///
/// A short buffer gives `AUTHPARSE_STATUS_BUFFER_TOO_SMALL` with the exact
/// size in `*out_needed` (NULL allowed; 0 on other statuses).
///
/// # Safety
/// `input` readable for `input_len` bytes (NULL with 0 allowed); `buf`
/// writable for `buf_len` bytes (NULL with 0 allowed) and not overlapping
/// `input`; `out` writable; `out_needed` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn authparse_text_latin1_to_utf8(
    input: *const u8,
    input_len: usize,
    buf: *mut u8,
    buf_len: usize,
    out: *mut authparse_str,
    out_needed: *mut usize,
) -> authparse_status {
    // SAFETY: forwarded to the caller.
    unsafe {
        decode_into(
            input,
            input_len,
            buf,
            buf_len,
            out,
            out_needed,
            |input, buf| text::latin1_to_utf8(input, buf).map(str::as_bytes),
        )
    }
}

/// Python's `http.cookies._unquote` of a cookie value (as
/// `authparse_cookie_iter_next` returns it in the FastAPI profile): a
/// value wrapped in `"` loses the quotes and its backslash and octal
/// escapes. `*out` points into `input` when nothing needs rewriting,
/// otherwise into `buf` (`input_len` bytes suffice).
///
/// A short buffer gives `AUTHPARSE_STATUS_BUFFER_TOO_SMALL` with the exact
/// size in `*out_needed` (NULL allowed; 0 on other statuses).
///
/// # Safety
/// `input` readable for `input_len` bytes (NULL with 0 allowed); `buf`
/// writable for `buf_len` bytes (NULL with 0 allowed) and not overlapping
/// `input`; `out` writable; `out_needed` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn authparse_cookie_unquote(
    input: *const u8,
    input_len: usize,
    buf: *mut u8,
    buf_len: usize,
    out: *mut authparse_str,
    out_needed: *mut usize,
) -> authparse_status {
    // SAFETY: forwarded to the caller.
    unsafe {
        decode_into(
            input,
            input_len,
            buf,
            buf_len,
            out,
            out_needed,
            |input, buf| {
                authparse_core::cookie::CookiePair {
                    name: &[],
                    value: input,
                }
                .unquoted(buf)
            },
        )
    }
}

/// The exact number of bytes `authparse_urlencoded_decode` writes into its
/// buffer for `input` (also when it would return a view of the input).
///
/// # Safety
/// `input` readable for `input_len` bytes (NULL with 0 allowed); `out_len` writable.
#[no_mangle]
pub unsafe extern "C" fn authparse_urlencoded_decoded_len(
    input: *const u8,
    input_len: usize,
    out_len: *mut usize,
) -> authparse_status {
    status(|| {
        non_null(out_len)?;
        // SAFETY: readable by contract.
        let n = urlencoded::decoded_len(unsafe { crate::types::input(input, input_len) }?);
        // SAFETY: checked non-NULL, writable by contract.
        unsafe { put(out_len, n) };
        Ok(())
    })
}

/// The exact number of bytes `authparse_urlencoded_decode_strict` writes.
///
/// # Safety
/// As `authparse_urlencoded_decoded_len`.
#[no_mangle]
pub unsafe extern "C" fn authparse_urlencoded_decoded_len_strict(
    input: *const u8,
    input_len: usize,
    out_len: *mut usize,
) -> authparse_status {
    status(|| {
        non_null(out_len)?;
        // SAFETY: readable by contract.
        let n = urlencoded::decoded_len_strict(unsafe { crate::types::input(input, input_len) }?);
        // SAFETY: checked non-NULL, writable by contract.
        unsafe { put(out_len, n) };
        Ok(())
    })
}

/// The raw (still encoded) value of the last `name=value` pair of `input`
/// whose name decodes (Starlette's way) to `name` — FastAPI's "last wins".
///
/// `AUTHPARSE_STATUS_OK` with `*out_value` pointing into `input`, or
/// `AUTHPARSE_STATUS_NOT_FOUND`. `name` must be UTF-8
/// (`AUTHPARSE_STATUS_CONFIG_NOT_UTF8`).
///
/// # Safety
/// `input` and `name` readable (NULL with 0 allowed); `out_value` writable.
#[no_mangle]
pub unsafe extern "C" fn authparse_urlencoded_find_last(
    input: *const u8,
    input_len: usize,
    name: *const u8,
    name_len: usize,
    out_value: *mut authparse_str,
) -> authparse_status {
    status(|| {
        non_null(out_value)?;
        // SAFETY: readable by contract.
        let (input, name) = unsafe {
            (
                crate::types::input(input, input_len)?,
                config_str(name, name_len)?,
            )
        };
        let value = urlencoded::find_last(input, name).ok_or(AUTHPARSE_STATUS_NOT_FOUND)?;
        // SAFETY: checked non-NULL, writable by contract.
        unsafe { put(out_value, authparse_str::from_slice(value)) };
        Ok(())
    })
}

/// Whether `bytes`, read as Latin-1, is the UTF-8 text `text`; the answer
/// goes to `*out`. `text` must be UTF-8 (`AUTHPARSE_STATUS_CONFIG_NOT_UTF8`).
///
/// # Safety
/// `bytes` and `text` readable (NULL with 0 allowed); `out` writable.
#[no_mangle]
pub unsafe extern "C" fn authparse_text_latin1_eq(
    bytes: *const u8,
    bytes_len: usize,
    text: *const u8,
    text_len: usize,
    out: *mut bool,
) -> authparse_status {
    status(|| {
        non_null(out)?;
        // SAFETY: readable by contract.
        let (bytes, text) = unsafe { (input(bytes, bytes_len)?, config_str(text, text_len)?) };
        // SAFETY: checked non-NULL, writable by contract.
        unsafe { put(out, text::latin1_eq(bytes, text)) };
        Ok(())
    })
}

/// Python's `str.strip()` on Latin-1 bytes (`09–0D 1C–1F 20 85 A0`);
/// `*out` points into `bytes`.
///
/// # Safety
/// `bytes` readable (NULL with 0 allowed); `out` writable.
#[no_mangle]
pub unsafe extern "C" fn authparse_whitespace_strip_python(
    bytes: *const u8,
    len: usize,
    out: *mut authparse_str,
) -> authparse_status {
    status(|| {
        non_null(out)?;
        // SAFETY: readable by contract.
        let stripped = whitespace::strip_python(unsafe { input(bytes, len) }?);
        // SAFETY: checked non-NULL, writable by contract.
        unsafe { put(out, authparse_str::from_slice(stripped)) };
        Ok(())
    })
}

/// Strips SP and HTAB at both ends (HTTP OWS); `*out` points into `bytes`.
///
/// # Safety
/// As `authparse_whitespace_strip_python`.
#[no_mangle]
pub unsafe extern "C" fn authparse_whitespace_trim_ows(
    bytes: *const u8,
    len: usize,
    out: *mut authparse_str,
) -> authparse_status {
    status(|| {
        non_null(out)?;
        // SAFETY: readable by contract.
        let trimmed = whitespace::trim_ows(unsafe { input(bytes, len) }?);
        // SAFETY: checked non-NULL, writable by contract.
        unsafe { put(out, authparse_str::from_slice(trimmed)) };
        Ok(())
    })
}
