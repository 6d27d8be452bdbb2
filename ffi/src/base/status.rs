//! `authparse_status`: the return value of every fallible function, and its
//! one-line descriptions.

use core::ffi::c_char;

/// The return value of every fallible function: one of the
/// `AUTHPARSE_STATUS_*` constants. A fixed-width integer, so its ABI does not
/// depend on the C compiler's choice of enum size.
///
/// Codes 10–50 are the core's stable `Error::code()` numbers; 1 and 2 are
/// iteration/lookup results; 60 and above are C-ABI-only.
pub type authparse_status = u32;

/// Success.
pub const AUTHPARSE_STATUS_OK: authparse_status = 0;
/// An iterator has no more items (`*_iter_next`).
pub const AUTHPARSE_STATUS_DONE: authparse_status = 1;
/// A looked-up item (header, parameter, boundary) is not there.
pub const AUTHPARSE_STATUS_NOT_FOUND: authparse_status = 2;
/// The output buffer is too small; `*out_needed` holds the exact size needed.
pub const AUTHPARSE_STATUS_BUFFER_TOO_SMALL: authparse_status = 10;
/// An output array is too small; the count out-param holds the number needed.
pub const AUTHPARSE_STATUS_TOO_MANY_ITEMS: authparse_status = 11;
/// Base64: a byte outside the alphabet (strict) or a non-ASCII byte (lenient).
pub const AUTHPARSE_STATUS_BASE64_INVALID_BYTE: authparse_status = 20;
/// Base64: one data character past a multiple of four.
pub const AUTHPARSE_STATUS_BASE64_DANGLING_CHARACTER: authparse_status = 21;
/// Base64: missing or misplaced padding.
pub const AUTHPARSE_STATUS_BASE64_BAD_PADDING: authparse_status = 22;
/// Strict base64: non-zero trailing bits.
pub const AUTHPARSE_STATUS_BASE64_NON_CANONICAL: authparse_status = 23;
/// Bytes that must be UTF-8 (input text, a decoded value) are not.
pub const AUTHPARSE_STATUS_INVALID_UTF8: authparse_status = 30;
/// Malformed input (a form, a multipart body, a parameter list, a cookie piece).
pub const AUTHPARSE_STATUS_MALFORMED: authparse_status = 40;
/// More fields than the configured maximum.
pub const AUTHPARSE_STATUS_TOO_MANY_FIELDS: authparse_status = 41;
/// A field larger than the configured maximum.
pub const AUTHPARSE_STATUS_FIELD_TOO_LARGE: authparse_status = 42;
/// A parameter that must not repeat appears twice.
pub const AUTHPARSE_STATUS_DUPLICATE_PARAMETER: authparse_status = 43;
/// A configuration value cannot be used.
pub const AUTHPARSE_STATUS_INVALID_CONFIGURATION: authparse_status = 50;
/// A pointer argument is NULL where it must not be (an input with a length
/// greater than 0, a required out-param, an array with a count above 0).
pub const AUTHPARSE_STATUS_NULL_POINTER: authparse_status = 60;
/// A configuration string (realm, name, scope) is not valid UTF-8.
pub const AUTHPARSE_STATUS_CONFIG_NOT_UTF8: authparse_status = 61;
/// An argument is out of range: an unknown profile or code, a length above
/// `PTRDIFF_MAX`, an iterator that was not initialised by its `_init` function.
pub const AUTHPARSE_STATUS_INVALID_ARGUMENT: authparse_status = 62;
/// The output buffer overlaps memory the call reads or writes besides it:
/// an input, a configuration string (a realm, a name), a struct passed by
/// pointer (the request and its header array, a configuration), or an
/// out-param.
pub const AUTHPARSE_STATUS_BUFFER_OVERLAP: authparse_status = 63;
/// Multipart: a part has no `Content-Disposition` `name` (FastAPI's 400
/// "The Content-Disposition header field \"name\" must be provided.").
pub const AUTHPARSE_STATUS_MULTIPART_MISSING_NAME: authparse_status = 64;

/// A one-line, NUL-terminated, static description of `status`.
///
/// Never returns NULL; unknown numbers give `"unknown status"`. The string is
/// static: do not free it. Messages never contain input bytes.
#[no_mangle]
pub extern "C" fn authparse_status_str(status: authparse_status) -> *const c_char {
    let message: &'static core::ffi::CStr = match status {
        AUTHPARSE_STATUS_OK => c"ok",
        AUTHPARSE_STATUS_DONE => c"no more items",
        AUTHPARSE_STATUS_NOT_FOUND => c"not found",
        AUTHPARSE_STATUS_BUFFER_TOO_SMALL => c"output buffer too small",
        AUTHPARSE_STATUS_TOO_MANY_ITEMS => c"capacity too small",
        AUTHPARSE_STATUS_BASE64_INVALID_BYTE => c"base64: byte outside the alphabet",
        AUTHPARSE_STATUS_BASE64_DANGLING_CHARACTER => {
            c"base64: one data character past a multiple of four"
        }
        AUTHPARSE_STATUS_BASE64_BAD_PADDING => c"base64: incorrect padding",
        AUTHPARSE_STATUS_BASE64_NON_CANONICAL => c"base64: non-zero trailing bits",
        AUTHPARSE_STATUS_INVALID_UTF8 => c"invalid UTF-8",
        AUTHPARSE_STATUS_MALFORMED => c"malformed input",
        AUTHPARSE_STATUS_TOO_MANY_FIELDS => c"too many fields",
        AUTHPARSE_STATUS_FIELD_TOO_LARGE => c"field too large",
        AUTHPARSE_STATUS_DUPLICATE_PARAMETER => c"parameter repeated",
        AUTHPARSE_STATUS_INVALID_CONFIGURATION => c"invalid configuration",
        AUTHPARSE_STATUS_NULL_POINTER => c"NULL pointer argument",
        AUTHPARSE_STATUS_CONFIG_NOT_UTF8 => c"configuration string is not UTF-8",
        AUTHPARSE_STATUS_INVALID_ARGUMENT => c"invalid argument",
        AUTHPARSE_STATUS_BUFFER_OVERLAP => c"output buffer overlaps an input or out-param",
        AUTHPARSE_STATUS_MULTIPART_MISSING_NAME => c"multipart part without a name",
        _ => digest_message(status).unwrap_or(c"unknown status"),
    };
    message.as_ptr()
}

/// Digest: the value is not an auth-param list (`name=token` or `name="quoted"`, comma-separated).
pub const AUTHPARSE_STATUS_DIGEST_SYNTAX: authparse_status = 100;
/// Digest: a parameter appears twice (`*out_field` names it).
pub const AUTHPARSE_STATUS_DIGEST_DUPLICATE: authparse_status = 101;
/// Digest: a required parameter is absent (`*out_field` names it; `cnonce`
/// and `nc` are required with `qop`).
pub const AUTHPARSE_STATUS_DIGEST_MISSING: authparse_status = 102;
/// Digest: `nc` or `cnonce` without `qop` (`*out_field` names it).
pub const AUTHPARSE_STATUS_DIGEST_WITHOUT_QOP: authparse_status = 103;
/// Digest: `nc` is not exactly 8 hexadecimal digits.
pub const AUTHPARSE_STATUS_DIGEST_INVALID_NC: authparse_status = 104;
/// Digest: `qop` is neither `auth` nor `auth-int`.
pub const AUTHPARSE_STATUS_DIGEST_INVALID_QOP: authparse_status = 105;
/// Digest: `algorithm` is not MD5, SHA-256 or SHA-512-256 (each optionally `-sess`).
pub const AUTHPARSE_STATUS_DIGEST_UNSUPPORTED_ALGORITHM: authparse_status = 106;
/// Digest: `response` is not hexadecimal of the algorithm's length (32 or 64 digits).
pub const AUTHPARSE_STATUS_DIGEST_INVALID_RESPONSE: authparse_status = 107;
/// Digest: `userhash` is neither `true` nor `false`.
pub const AUTHPARSE_STATUS_DIGEST_INVALID_USERHASH: authparse_status = 108;
/// Digest: `username*` is not a printable UTF-8 RFC 8187 ext-value.
pub const AUTHPARSE_STATUS_DIGEST_INVALID_USERNAME_STAR: authparse_status = 109;
/// Digest: both `username` and `username*` are present.
pub const AUTHPARSE_STATUS_DIGEST_USERNAME_CONFLICT: authparse_status = 110;
/// Digest: `username*` together with `userhash=true`.
pub const AUTHPARSE_STATUS_DIGEST_USERNAME_STAR_WITH_USERHASH: authparse_status = 111;
/// Digest: the credentials' `realm` is not the server's.
pub const AUTHPARSE_STATUS_DIGEST_REALM_MISMATCH: authparse_status = 120;
/// Digest: the credentials' `uri` is not the request-target.
pub const AUTHPARSE_STATUS_DIGEST_URI_MISMATCH: authparse_status = 121;
/// Digest: the credentials name another user than the one given.
pub const AUTHPARSE_STATUS_DIGEST_USERNAME_MISMATCH: authparse_status = 122;
/// Digest: the `response` is wrong (wrong password, or a tampered request).
pub const AUTHPARSE_STATUS_DIGEST_RESPONSE_MISMATCH: authparse_status = 123;
/// Digest: the stored HA1 is not hexadecimal of the algorithm's length.
pub const AUTHPARSE_STATUS_DIGEST_INVALID_HA1: authparse_status = 124;
/// Digest: `qop=auth-int` needs the body hash (`authparse_digest_hash_body`).
pub const AUTHPARSE_STATUS_DIGEST_BODY_HASH_REQUIRED: authparse_status = 125;
/// Digest: the credentials' `algorithm` or `qop` (none: RFC 2069) is not one
/// the challenge offered, a downgrade (`authparse_digest_check_answer`).
pub const AUTHPARSE_STATUS_DIGEST_NOT_OFFERED: authparse_status = 126;
/// Digest: a nonce this server issued, but expired: challenge again with `stale = true`.
pub const AUTHPARSE_STATUS_DIGEST_STALE_NONCE: authparse_status = 130;
/// Digest: a nonce this server did not issue (or issued for another realm).
pub const AUTHPARSE_STATUS_DIGEST_INVALID_NONCE: authparse_status = 131;
/// Digest: a nonce count already accepted for this nonce (a replay).
pub const AUTHPARSE_STATUS_DIGEST_REPLAYED_NONCE: authparse_status = 132;

/// The message of a Digest status (100–132) for `authparse_status_str`.
fn digest_message(status: authparse_status) -> Option<&'static core::ffi::CStr> {
    Some(match status {
        AUTHPARSE_STATUS_DIGEST_SYNTAX => c"not an auth-param list",
        AUTHPARSE_STATUS_DIGEST_DUPLICATE => c"parameter repeated",
        AUTHPARSE_STATUS_DIGEST_MISSING => c"required parameter missing",
        AUTHPARSE_STATUS_DIGEST_WITHOUT_QOP => c"parameter not allowed without qop",
        AUTHPARSE_STATUS_DIGEST_INVALID_NC => c"nc is not exactly 8 hex digits",
        AUTHPARSE_STATUS_DIGEST_INVALID_QOP => c"qop is neither auth nor auth-int",
        AUTHPARSE_STATUS_DIGEST_UNSUPPORTED_ALGORITHM => {
            c"algorithm is not MD5, SHA-256 or SHA-512-256 (optionally -sess)"
        }
        AUTHPARSE_STATUS_DIGEST_INVALID_RESPONSE => {
            c"response is not hex of the algorithm's length"
        }
        AUTHPARSE_STATUS_DIGEST_INVALID_USERHASH => c"userhash is neither true nor false",
        AUTHPARSE_STATUS_DIGEST_INVALID_USERNAME_STAR => {
            c"username* is not a printable UTF-8 ext-value"
        }
        AUTHPARSE_STATUS_DIGEST_USERNAME_CONFLICT => c"username and username* both present",
        AUTHPARSE_STATUS_DIGEST_USERNAME_STAR_WITH_USERHASH => c"username* with userhash=true",
        AUTHPARSE_STATUS_DIGEST_REALM_MISMATCH => c"realm is not the server's",
        AUTHPARSE_STATUS_DIGEST_URI_MISMATCH => c"uri is not the request-target",
        AUTHPARSE_STATUS_DIGEST_USERNAME_MISMATCH => c"username is not the stored user's",
        AUTHPARSE_STATUS_DIGEST_RESPONSE_MISMATCH => c"response does not match",
        AUTHPARSE_STATUS_DIGEST_INVALID_HA1 => c"stored HA1 is not hex of the algorithm's length",
        AUTHPARSE_STATUS_DIGEST_BODY_HASH_REQUIRED => c"auth-int needs the body hash in hex",
        AUTHPARSE_STATUS_DIGEST_NOT_OFFERED => c"algorithm or qop not offered by the challenge",
        AUTHPARSE_STATUS_DIGEST_STALE_NONCE => c"nonce expired",
        AUTHPARSE_STATUS_DIGEST_INVALID_NONCE => c"nonce not issued by this server",
        AUTHPARSE_STATUS_DIGEST_REPLAYED_NONCE => c"nonce count replayed",
        _ => return None,
    })
}
