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
use authparse_core::Error;

use crate::abi::{run, Array, Buffer, Given, Out, Ptr, Region};
use crate::base::*;

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
    params: *const u8, params_len: usize, buf: *mut u8, buf_len: usize,
    out: *mut authparse_digest_credentials, out_field: *mut authparse_digest_field,
    out_needed: *mut usize,
) -> authparse_status {
    // SAFETY: the pointers are as `# Safety` above requires.
    let (params, (buffer, out), out_field) = unsafe {
        (
            Given::view(params, params_len),
            Buffer::with_out(buf, buf_len, out, out_needed),
            Out::new(out_field),
        )
    };
    out_field.set(AUTHPARSE_DIGEST_FIELD_NONE);
    buffer.call(|call| {
        out.required()?;
        let input = params.get()?;
        call.apart([Region::bytes(input), out.region(), out_field.region()])?;
        let c = call.write(|b| {
            Credentials::parse(input, b).inspect_err(|e| out_field.set(field_code(*e)))
        })?;
        out.set(authparse_digest_credentials {
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
        });
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
    challenge: *mut authparse_digest_challenge, realm: authparse_str, nonce: authparse_str,
) -> authparse_status {
    // SAFETY: the pointer is as `# Safety` above requires.
    let challenge = unsafe { Out::new(challenge) };
    run(|| {
        challenge.required()?.set(authparse_digest_challenge {
            realm,
            nonce,
            qop: AUTHPARSE_DIGEST_QOP_AUTH,
            ..Default::default()
        });
        Ok(())
    })
}

/// The core challenge of a C challenge and its algorithms (at most one of
/// each: INVALID_ARGUMENT beyond, or for an unknown qop or algorithm).
fn core_challenge<'a>(
    c: &Given<'a, authparse_digest_challenge>, codes: &[Given<'a, authparse_digest_algorithm>],
) -> Result<(DigestChallenge<'a>, [Algorithm; Algorithm::ALL.len()]), authparse_status> {
    let qop = match c.qop {
        AUTHPARSE_DIGEST_QOP_AUTH => QopOffer::Auth,
        AUTHPARSE_DIGEST_QOP_AUTH_INT => QopOffer::AuthInt,
        AUTHPARSE_DIGEST_QOP_AUTH_AND_AUTH_INT => QopOffer::Both,
        _ => return Err(AUTHPARSE_STATUS_INVALID_ARGUMENT),
    };
    let mut list = [Algorithm::Sha256; Algorithm::ALL.len()];
    let slots = list
        .get_mut(..codes.len())
        .ok_or(AUTHPARSE_STATUS_INVALID_ARGUMENT)?;
    for (slot, code) in slots.iter_mut().zip(codes) {
        *slot = algorithm(**code)?;
    }
    let opaque = c.part(|c| &c.opaque);
    let core = DigestChallenge {
        realm: c.part(|c| &c.realm).get()?,
        nonce: c.part(|c| &c.nonce).get()?,
        opaque: c.has_opaque.then(|| opaque.get()).transpose()?,
        algorithm: Algorithm::Sha256,
        qop,
        stale: c.stale,
        charset_utf8: c.charset_utf8,
        userhash: c.userhash,
    };
    Ok((core, list))
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
    challenge: *const authparse_digest_challenge, algorithms: *const authparse_digest_algorithm,
    count: usize, buf: *mut u8, buf_len: usize, out: *mut authparse_str, out_needed: *mut usize,
) -> authparse_status {
    // SAFETY: the pointers are as `# Safety` above requires.
    let (challenge, algorithms, (buffer, out)) = unsafe {
        (
            Ptr::new(challenge),
            Array::new(algorithms, count),
            Buffer::with_out(buf, buf_len, out, out_needed),
        )
    };
    buffer.call(|call| {
        let (c, codes) = (challenge.get()?, algorithms.get()?);
        let (core, list) = core_challenge(c, codes)?;
        let list = list.get(..codes.len()).unwrap_or_default();
        call.apart([c.region(), algorithms.region(), out.required()?.region()])?;
        let strings = [core.realm, core.nonce, core.opaque.unwrap_or_default()];
        call.apart(strings.map(Region::bytes))?;
        let text = call.write(|b| {
            core.write_each(list, b).map_err(|e| match e {
                DigestError::BufferTooSmall { needed } => Error::BufferTooSmall { needed },
                _ => Error::InvalidConfiguration,
            })
        })?;
        out.set(view(text));
        Ok(())
    })
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
            DigestError::NotOffered(Field::Qop),
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
