//! HTTP Digest (RFC 7616) for C: validated credentials, verification
//! against a password or a stored HA1, challenges, stateless nonces and a
//! nonce-count record against replays.
//!
//! A server's round trip: `authparse_digest_parse` the parameters that
//! follow `Digest ` (the `credentials` of `authparse_http_digest_extract`
//! or `authparse_split_authorization`), `authparse_digest_nonce_check` the
//! nonce, look the user up, `authparse_digest_verify`, and on failure send
//! `authparse_digest_challenge_write`'s value in `WWW-Authenticate` (with
//! `stale = true` for `AUTHPARSE_STATUS_DIGEST_STALE_NONCE`).

use core::ffi::c_char;

use authparse_core::digest::{Algorithm, Credentials, DigestChallenge, DigestError, QopOffer};

use crate::types::*;

#[cfg(feature = "digest-verify")]
mod verify;
#[cfg(feature = "digest-verify")]
pub use verify::*;

/// A Digest hash algorithm: one of the `AUTHPARSE_DIGEST_ALGORITHM_*` constants.
pub type authparse_digest_algorithm = u32;
/// `MD5` (the default when a client sends no `algorithm`; htdigest files hold MD5 HA1s).
pub const AUTHPARSE_DIGEST_ALGORITHM_MD5: authparse_digest_algorithm = 1;
/// `MD5-sess`.
pub const AUTHPARSE_DIGEST_ALGORITHM_MD5_SESS: authparse_digest_algorithm = 2;
/// `SHA-256`.
pub const AUTHPARSE_DIGEST_ALGORITHM_SHA256: authparse_digest_algorithm = 3;
/// `SHA-256-sess`.
pub const AUTHPARSE_DIGEST_ALGORITHM_SHA256_SESS: authparse_digest_algorithm = 4;
/// `SHA-512-256`.
pub const AUTHPARSE_DIGEST_ALGORITHM_SHA512_256: authparse_digest_algorithm = 5;
/// `SHA-512-256-sess`.
pub const AUTHPARSE_DIGEST_ALGORITHM_SHA512_256_SESS: authparse_digest_algorithm = 6;

/// A quality of protection: one of the `AUTHPARSE_DIGEST_QOP_*` constants.
pub type authparse_digest_qop = u32;
/// Credentials without `qop` (an RFC 2069 response).
pub const AUTHPARSE_DIGEST_QOP_NONE: authparse_digest_qop = 0;
/// `auth`: the request line is signed.
pub const AUTHPARSE_DIGEST_QOP_AUTH: authparse_digest_qop = 1;
/// `auth-int`: the body is signed too.
pub const AUTHPARSE_DIGEST_QOP_AUTH_INT: authparse_digest_qop = 2;
/// Challenges only: offer `qop="auth, auth-int"`.
pub const AUTHPARSE_DIGEST_QOP_AUTH_AND_AUTH_INT: authparse_digest_qop = 3;

/// A parameter of Digest credentials: one of the `AUTHPARSE_DIGEST_FIELD_*`
/// constants; `authparse_digest_field_str` gives its name.
pub type authparse_digest_field = u32;
/// No parameter concerned.
pub const AUTHPARSE_DIGEST_FIELD_NONE: authparse_digest_field = 0;
/// `username`.
pub const AUTHPARSE_DIGEST_FIELD_USERNAME: authparse_digest_field = 1;
/// `username*`.
pub const AUTHPARSE_DIGEST_FIELD_USERNAME_STAR: authparse_digest_field = 2;
/// `realm`.
pub const AUTHPARSE_DIGEST_FIELD_REALM: authparse_digest_field = 3;
/// `nonce`.
pub const AUTHPARSE_DIGEST_FIELD_NONCE: authparse_digest_field = 4;
/// `uri`.
pub const AUTHPARSE_DIGEST_FIELD_URI: authparse_digest_field = 5;
/// `response`.
pub const AUTHPARSE_DIGEST_FIELD_RESPONSE: authparse_digest_field = 6;
/// `algorithm`.
pub const AUTHPARSE_DIGEST_FIELD_ALGORITHM: authparse_digest_field = 7;
/// `cnonce`.
pub const AUTHPARSE_DIGEST_FIELD_CNONCE: authparse_digest_field = 8;
/// `opaque`.
pub const AUTHPARSE_DIGEST_FIELD_OPAQUE: authparse_digest_field = 9;
/// `qop`.
pub const AUTHPARSE_DIGEST_FIELD_QOP: authparse_digest_field = 10;
/// `nc`.
pub const AUTHPARSE_DIGEST_FIELD_NC: authparse_digest_field = 11;
/// `userhash`.
pub const AUTHPARSE_DIGEST_FIELD_USERHASH: authparse_digest_field = 12;

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
/// Digest: a nonce this server issued, but expired: challenge again with `stale = true`.
pub const AUTHPARSE_STATUS_DIGEST_STALE_NONCE: authparse_status = 130;
/// Digest: a nonce this server did not issue (or issued for another realm).
pub const AUTHPARSE_STATUS_DIGEST_INVALID_NONCE: authparse_status = 131;
/// Digest: a nonce count already accepted for this nonce (a replay).
pub const AUTHPARSE_STATUS_DIGEST_REPLAYED_NONCE: authparse_status = 132;

/// The length of a hexadecimal digest: 32 (MD5) or 64; 64 always suffices.
pub const AUTHPARSE_DIGEST_HEX_MAX: usize = 64;
/// The length of every nonce `authparse_digest_nonce_issue` writes.
pub const AUTHPARSE_DIGEST_NONCE_LEN: usize = 64;
/// The shortest nonce secret accepted (bytes).
pub const AUTHPARSE_DIGEST_SECRET_MIN: usize = 16;

/// Validated Digest credentials (RFC 7616 §3.4): views into the parsed
/// value, or into the buffer given to `authparse_digest_parse` for values
/// that needed decoding (escapes, `username*`). Unknown parameters are
/// skipped.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct authparse_digest_credentials {
    /// The user name: `username` unescaped, `username*` decoded (UTF-8), or
    /// with `userhash` the hexadecimal user hash.
    pub username: authparse_str,
    /// Whether the user name came from `username*`.
    pub username_star: bool,
    /// `userhash=true`.
    pub userhash: bool,
    /// `realm`.
    pub realm: authparse_str,
    /// `nonce`.
    pub nonce: authparse_str,
    /// `uri`: the request-target the client signed.
    pub uri: authparse_str,
    /// `response`: 32 or 64 hexadecimal digits, per the algorithm.
    pub response: authparse_str,
    /// `algorithm` (`AUTHPARSE_DIGEST_ALGORITHM_MD5` when absent).
    pub algorithm: authparse_digest_algorithm,
    /// `qop`: `AUTHPARSE_DIGEST_QOP_NONE`, `_AUTH` or `_AUTH_INT`.
    pub qop: authparse_digest_qop,
    /// `qop` as sent (its spelling is signed), empty without one.
    pub qop_token: authparse_str,
    /// `cnonce` (present exactly when `qop` is).
    pub cnonce: authparse_str,
    /// `nc`: 8 hexadecimal digits (present exactly when `qop` is), empty without.
    pub nc: authparse_str,
    /// `nc` as a number; 0 without one.
    pub nc_value: u32,
    /// Whether `opaque` was sent.
    pub has_opaque: bool,
    /// `opaque`.
    pub opaque: authparse_str,
}

/// A `WWW-Authenticate: Digest …` challenge (`authparse_digest_challenge_init`
/// fills the defaults).
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct authparse_digest_challenge {
    /// `realm` (escaped as a quoted-string when written).
    pub realm: authparse_str,
    /// `nonce` (`authparse_digest_nonce_issue`).
    pub nonce: authparse_str,
    /// Whether to send `opaque`.
    pub has_opaque: bool,
    /// `opaque`: returned unchanged by the client.
    pub opaque: authparse_str,
    /// `AUTHPARSE_DIGEST_QOP_AUTH`, `_AUTH_INT` or `_AUTH_AND_AUTH_INT`.
    pub qop: authparse_digest_qop,
    /// `stale=true`: the nonce expired but the credentials were right; the
    /// client retries with the new nonce without asking the user again.
    pub stale: bool,
    /// `charset=UTF-8`.
    pub charset_utf8: bool,
    /// `userhash=true`.
    pub userhash: bool,
}

pub(crate) fn algorithm(code: authparse_digest_algorithm) -> Result<Algorithm, authparse_status> {
    Algorithm::ALL
        .into_iter()
        .find(|a| *a as u32 == code)
        .ok_or(AUTHPARSE_STATUS_INVALID_ARGUMENT)
}

fn field_code(error: DigestError) -> authparse_digest_field {
    error
        .field()
        .map_or(AUTHPARSE_DIGEST_FIELD_NONE, |f| f as u32)
}

/// A Digest error as its status; a short buffer also sets `*out_needed`.
///
/// # Safety
/// `out_needed` NULL or writable.
pub(crate) unsafe fn digest_status(error: DigestError, out_needed: *mut usize) -> authparse_status {
    if let DigestError::BufferTooSmall { needed } = error {
        // SAFETY: the caller's contract.
        unsafe { put(out_needed, needed) };
    }
    error.code()
}

/// Parses and validates the Digest parameters in `params` (what follows
/// `Digest ` in `Authorization`): names case-insensitive, no duplicate,
/// `username` or `username*`, `realm`, `nonce`, `uri`, `response` of the
/// algorithm's length, `nc` of 8 hex digits and `cnonce` with `qop`.
///
/// Decoded values (quoted-pair escapes, `username*`) go into `buf`; a
/// buffer of `params_len` bytes always suffices, and NULL/0 does when
/// nothing needs decoding. On failure the status is one of
/// `AUTHPARSE_STATUS_DIGEST_*` (100–111) and `*out_field` (may be NULL)
/// names the parameter concerned, or `AUTHPARSE_STATUS_BUFFER_TOO_SMALL`
/// with the exact size in `*out_needed` (may be NULL). Nothing in a status
/// repeats input bytes.
///
/// # Safety
/// `params` readable for `params_len` bytes; `buf` writable for `buf_len`
/// bytes; `out` writable; `out_field` and `out_needed` NULL or writable.
/// The views in `*out` stay valid while `params` and `buf` do.
#[no_mangle]
pub unsafe extern "C" fn authparse_digest_parse(
    params: *const u8,
    params_len: usize,
    buf: *mut u8,
    buf_len: usize,
    out: *mut authparse_digest_credentials,
    out_field: *mut authparse_digest_field,
    out_needed: *mut usize,
) -> authparse_status {
    // SAFETY: NULL or writable (caller).
    unsafe {
        (
            put(out_needed, 0),
            put(out_field, AUTHPARSE_DIGEST_FIELD_NONE),
        )
    };
    status(|| {
        non_null(out)?;
        // SAFETY: readable by contract.
        let input = unsafe { input(params, params_len) }?;
        let others = [
            Region::bytes(input),
            Region::of(out),
            Region::of(out_field),
            Region::of(out_needed),
        ];
        disjoint(buf, buf_len, others)?;
        // SAFETY: writable by contract, disjoint from everything else read or written.
        let buffer = unsafe { output(buf, buf_len) }?;
        let c = Credentials::parse(input, buffer).map_err(|e| {
            // SAFETY: NULL or writable (caller).
            unsafe { put(out_field, field_code(e)) };
            // SAFETY: as above.
            unsafe { digest_status(e, out_needed) }
        })?;
        let view = authparse_str::from_slice;
        let creds = authparse_digest_credentials {
            username: view(c.username),
            username_star: c.username_star,
            userhash: c.userhash,
            realm: view(c.realm),
            nonce: view(c.nonce),
            uri: view(c.uri),
            response: view(c.response),
            algorithm: c.algorithm as u32,
            qop: c.qop.map_or(AUTHPARSE_DIGEST_QOP_NONE, |q| q as u32),
            qop_token: view(c.qop_token),
            cnonce: view(c.cnonce.unwrap_or_default()),
            nc: view(c.nc.unwrap_or_default()),
            nc_value: c.nc_value().unwrap_or(0),
            has_opaque: c.opaque.is_some(),
            opaque: view(c.opaque.unwrap_or_default()),
        };
        // SAFETY: checked non-NULL, writable by contract.
        unsafe { put(out, creds) };
        Ok(())
    })
}

/// Fills `*challenge` with the defaults: `realm` and `nonce` as given
/// (views, not copied), `qop="auth"`, no `opaque`, not stale.
///
/// # Safety
/// `challenge` writable; the views used while the challenge is.
#[no_mangle]
pub unsafe extern "C" fn authparse_digest_challenge_init(
    challenge: *mut authparse_digest_challenge,
    realm: authparse_str,
    nonce: authparse_str,
) -> authparse_status {
    status(|| {
        non_null(challenge)?;
        let c = authparse_digest_challenge {
            realm,
            nonce,
            qop: AUTHPARSE_DIGEST_QOP_AUTH,
            ..Default::default()
        };
        // SAFETY: checked non-NULL, writable by contract.
        unsafe { put(challenge, c) };
        Ok(())
    })
}

/// Writes the `WWW-Authenticate` value for `challenge` into `buf`: one
/// `Digest realm="…", qop="…", algorithm=…, nonce="…"[, opaque="…"][,
/// stale=true]` challenge per entry of `algorithms` (`count` of them, the
/// preferred first, e.g. SHA-256 then MD5 for old clients), comma-separated
/// in one value. Quotes and backslashes are escaped; a realm, nonce or
/// opaque with a control byte (other than HTAB), or `count` 0, is
/// `AUTHPARSE_STATUS_INVALID_CONFIGURATION`. A short buffer is
/// `AUTHPARSE_STATUS_BUFFER_TOO_SMALL` with the exact size in `*out_needed`.
///
/// # Safety
/// `challenge` valid with readable views; `algorithms` readable for
/// `count` entries; `buf` writable and disjoint from all of them; `out`
/// writable; `out_needed` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn authparse_digest_challenge_write(
    challenge: *const authparse_digest_challenge,
    algorithms: *const authparse_digest_algorithm,
    count: usize,
    buf: *mut u8,
    buf_len: usize,
    out: *mut authparse_str,
    out_needed: *mut usize,
) -> authparse_status {
    const MAX: usize = Algorithm::ALL.len();
    if challenge.is_null() || (algorithms.is_null() && count > 0) {
        return AUTHPARSE_STATUS_NULL_POINTER;
    }
    // SAFETY: non-NULL, valid by contract.
    let c = unsafe { &*challenge };
    // SAFETY: the views are readable by contract.
    let s = |v: authparse_str| unsafe { v.to_slice() };
    let parts = (|| {
        let qop = match c.qop {
            AUTHPARSE_DIGEST_QOP_AUTH => QopOffer::Auth,
            AUTHPARSE_DIGEST_QOP_AUTH_INT => QopOffer::AuthInt,
            AUTHPARSE_DIGEST_QOP_AUTH_AND_AUTH_INT => QopOffer::Both,
            _ => return Err(AUTHPARSE_STATUS_INVALID_ARGUMENT),
        };
        if count > MAX {
            return Err(AUTHPARSE_STATUS_INVALID_ARGUMENT);
        }
        let mut list = [Algorithm::Sha256; MAX];
        for (i, slot) in list.iter_mut().take(count).enumerate() {
            // SAFETY: `count` readable entries (contract), `i < count`.
            *slot = algorithm(unsafe { algorithms.add(i).read() })?;
        }
        let core = DigestChallenge {
            realm: s(c.realm)?,
            nonce: s(c.nonce)?,
            opaque: c.has_opaque.then(|| s(c.opaque)).transpose()?,
            algorithm: Algorithm::Sha256,
            qop,
            stale: c.stale,
            charset_utf8: c.charset_utf8,
            userhash: c.userhash,
        };
        Ok((core, list))
    })();
    let (core, list) = match parts {
        Ok(p) => p,
        Err(status) => return status,
    };
    let used = list.get(..count).unwrap_or_default();
    let strings = [core.realm, core.nonce, core.opaque.unwrap_or_default()];
    let structs = [Region::of(challenge), Region::array(algorithms, count)];
    if let Err(status) = disjoint(buf, buf_len, structs) {
        return status;
    }
    // SAFETY: the caller's contract for the buffer and out-params.
    unsafe {
        write_call(&strings, buf, buf_len, out, out_needed, |b| {
            match core.write_each(used, b) {
                Ok(v) => Ok(authparse_str::from_slice(v)),
                Err(DigestError::BufferTooSmall { needed }) => {
                    Err(authparse_core::Error::BufferTooSmall { needed })
                }
                Err(_) => Err(authparse_core::Error::InvalidConfiguration),
            }
        })
    }
}

/// The name of `field` as RFC 7616 spells it (`"cnonce"`), `""` for
/// `AUTHPARSE_DIGEST_FIELD_NONE` or an unknown number. Static and
/// NUL-terminated: do not free.
#[no_mangle]
pub extern "C" fn authparse_digest_field_str(field: authparse_digest_field) -> *const c_char {
    let name: &'static core::ffi::CStr = match field {
        AUTHPARSE_DIGEST_FIELD_USERNAME => c"username",
        AUTHPARSE_DIGEST_FIELD_USERNAME_STAR => c"username*",
        AUTHPARSE_DIGEST_FIELD_REALM => c"realm",
        AUTHPARSE_DIGEST_FIELD_NONCE => c"nonce",
        AUTHPARSE_DIGEST_FIELD_URI => c"uri",
        AUTHPARSE_DIGEST_FIELD_RESPONSE => c"response",
        AUTHPARSE_DIGEST_FIELD_ALGORITHM => c"algorithm",
        AUTHPARSE_DIGEST_FIELD_CNONCE => c"cnonce",
        AUTHPARSE_DIGEST_FIELD_OPAQUE => c"opaque",
        AUTHPARSE_DIGEST_FIELD_QOP => c"qop",
        AUTHPARSE_DIGEST_FIELD_NC => c"nc",
        AUTHPARSE_DIGEST_FIELD_USERHASH => c"userhash",
        _ => c"",
    };
    name.as_ptr()
}

/// The message of a Digest status (100–132) for `authparse_status_str`.
pub(crate) fn status_message(status: authparse_status) -> Option<&'static core::ffi::CStr> {
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
        AUTHPARSE_STATUS_DIGEST_STALE_NONCE => c"nonce expired",
        AUTHPARSE_STATUS_DIGEST_INVALID_NONCE => c"nonce not issued by this server",
        AUTHPARSE_STATUS_DIGEST_REPLAYED_NONCE => c"nonce count replayed",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use authparse_core::digest::Field;

    /// Every Digest error: its code is a status with the core's message,
    /// and its field number is the core's.
    #[test]
    fn statuses_and_fields_mirror_the_core() {
        let errors = [
            DigestError::Syntax,
            DigestError::Duplicate(Field::Nc),
            DigestError::Missing(Field::Cnonce),
            DigestError::WithoutQop(Field::Nc),
            DigestError::InvalidNc,
            DigestError::InvalidQop,
            DigestError::UnsupportedAlgorithm,
            DigestError::InvalidResponse,
            DigestError::InvalidUserhash,
            DigestError::InvalidUsernameStar,
            DigestError::UsernameConflict,
            DigestError::UsernameStarWithUserhash,
            DigestError::BufferTooSmall { needed: 1 },
            DigestError::RealmMismatch,
            DigestError::UriMismatch,
            DigestError::UsernameMismatch,
            DigestError::ResponseMismatch,
            DigestError::InvalidHa1,
            DigestError::BodyHashRequired,
            DigestError::StaleNonce,
            DigestError::InvalidNonce,
            DigestError::ReplayedNonce,
            DigestError::InvalidConfiguration,
        ];
        for e in errors {
            // SAFETY: static NUL-terminated strings.
            let text = unsafe { core::ffi::CStr::from_ptr(authparse_status_str(e.code())) };
            assert_eq!(text.to_str().unwrap(), e.message(), "{e:?}");
            if let Some(f) = e.field() {
                // SAFETY: as above.
                let name =
                    unsafe { core::ffi::CStr::from_ptr(authparse_digest_field_str(f as u32)) };
                assert_eq!(name.to_str().unwrap(), f.name());
            }
        }
        for a in Algorithm::ALL {
            assert_eq!(algorithm(a as u32), Ok(a));
        }
        assert_eq!(algorithm(0), Err(AUTHPARSE_STATUS_INVALID_ARGUMENT));
    }
}
