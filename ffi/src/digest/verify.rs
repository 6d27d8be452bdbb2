//! Digest verification, body hashes, HA1s, stateless nonces and the
//! nonce-count table (feature `digest-verify`: RustCrypto's MD5, SHA-2 and
//! HMAC).

use authparse_core::digest::{
    accept_nonce_count, ha1, BodyHasher, Credentials, DigestError, IssuedNonce, NonceKey,
    NonceSlot, Qop, RequestInfo, StoredSecret, StoredUser,
};

use super::*;

/// What the server knows about the request being authenticated.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct authparse_digest_request {
    /// The request method (`GET`).
    pub method: authparse_str,
    /// The request-target of the request line, exactly as received
    /// (`/dir/index.html?x=1`); the credentials' `uri` must equal it.
    pub target: authparse_str,
    /// The server's realm; the credentials' `realm` must equal it.
    pub realm: authparse_str,
    /// For `qop=auth-int`: whether `body_hash` is set.
    pub has_body_hash: bool,
    /// `H(body)` in hexadecimal for the credentials' algorithm (`authparse_digest_hash_body`).
    pub body_hash: authparse_str,
}

/// How a user's secret is stored: one of the `AUTHPARSE_DIGEST_SECRET_*` constants.
pub type authparse_digest_secret_kind = u32;
/// The password itself.
pub const AUTHPARSE_DIGEST_SECRET_PASSWORD: authparse_digest_secret_kind = 1;
/// `H(username ":" realm ":" password)` in hexadecimal for the credentials'
/// algorithm: what an htdigest file's third column holds (MD5).
pub const AUTHPARSE_DIGEST_SECRET_HA1: authparse_digest_secret_kind = 2;

/// The user the server found for the credentials.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct authparse_digest_user {
    /// The user's name (with `userhash`, the name the hash is of).
    pub username: authparse_str,
    /// What `secret` holds: `AUTHPARSE_DIGEST_SECRET_PASSWORD` or `_HA1`.
    pub secret_kind: authparse_digest_secret_kind,
    /// The password or the hexadecimal HA1.
    pub secret: authparse_str,
}

/// What a nonce `authparse_digest_nonce_check` accepted says about itself.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct authparse_digest_issued_nonce {
    /// The `now` it was issued at.
    pub time: u64,
    /// The `unique` value it was issued with.
    pub unique: u64,
}

/// One remembered nonce and the highest `nc` accepted with it, for
/// `authparse_digest_accept_nonce_count`. Zero-initialise an array of them
/// (a zeroed slot is free); never read or write the fields.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct authparse_digest_nonce_slot {
    time: u64,
    unique: u64,
    last_nc: u32,
    reserved: u32,
}

// The core's `NonceSlot` is read and written through the C array: same
// size and alignment, integers only (any bytes are a valid value).
const _: () = assert!(
    core::mem::size_of::<authparse_digest_nonce_slot>() == core::mem::size_of::<NonceSlot>()
        && core::mem::align_of::<authparse_digest_nonce_slot>()
            == core::mem::align_of::<NonceSlot>()
);

/// The core's credentials from the C struct (its views checked for NULL).
///
/// # Safety
/// The views readable for `'a`.
unsafe fn core_credentials<'a>(
    c: &authparse_digest_credentials,
) -> Result<Credentials<'a>, authparse_status> {
    let qop = match c.qop {
        AUTHPARSE_DIGEST_QOP_NONE => None,
        AUTHPARSE_DIGEST_QOP_AUTH => Some(Qop::Auth),
        AUTHPARSE_DIGEST_QOP_AUTH_INT => Some(Qop::AuthInt),
        _ => return Err(AUTHPARSE_STATUS_INVALID_ARGUMENT),
    };
    // SAFETY: the caller's contract.
    let s = |v: authparse_str| unsafe { v.to_slice() };
    let with_qop = |v: authparse_str| -> Result<Option<&'a [u8]>, authparse_status> {
        qop.map(|_| s(v)).transpose()
    };
    Ok(Credentials {
        username: s(c.username)?,
        username_star: c.username_star,
        userhash: c.userhash,
        realm: s(c.realm)?,
        nonce: s(c.nonce)?,
        uri: s(c.uri)?,
        response: s(c.response)?,
        algorithm: algorithm(c.algorithm)?,
        qop,
        cnonce: with_qop(c.cnonce)?,
        nc: with_qop(c.nc)?,
        opaque: c.has_opaque.then(|| s(c.opaque)).transpose()?,
        qop_token: s(c.qop_token)?,
    })
}

/// Verifies parsed credentials (RFC 7616 §3.4.1): `realm` and `uri` equal
/// the request's, `username` (or its hash, with `userhash`) names `user`,
/// and `response` is the expected one for `request->method`, compared in
/// constant time. `AUTHPARSE_STATUS_OK` means authenticated; otherwise one
/// of `AUTHPARSE_STATUS_DIGEST_*` (120–125): answer 401 with a fresh
/// challenge. The nonce is checked separately (`authparse_digest_nonce_check`).
///
/// # Safety
/// `creds`, `request` and `user` valid with readable views.
#[no_mangle]
pub unsafe extern "C" fn authparse_digest_verify(
    creds: *const authparse_digest_credentials,
    request: *const authparse_digest_request,
    user: *const authparse_digest_user,
) -> authparse_status {
    status(|| {
        if creds.is_null() || request.is_null() || user.is_null() {
            return Err(AUTHPARSE_STATUS_NULL_POINTER);
        }
        // SAFETY: non-NULL and valid by contract.
        let (c, r, u) = unsafe { (&*creds, &*request, &*user) };
        // SAFETY: the views are readable by contract.
        let credentials = unsafe { core_credentials(c) }?;
        // SAFETY: as above.
        let s = |v: authparse_str| unsafe { v.to_slice() };
        let request = RequestInfo {
            method: s(r.method)?,
            target: s(r.target)?,
            realm: s(r.realm)?,
            body_hash: r.has_body_hash.then(|| s(r.body_hash)).transpose()?,
        };
        let secret = match u.secret_kind {
            AUTHPARSE_DIGEST_SECRET_PASSWORD => StoredSecret::Password(s(u.secret)?),
            AUTHPARSE_DIGEST_SECRET_HA1 => StoredSecret::Ha1(s(u.secret)?),
            _ => return Err(AUTHPARSE_STATUS_INVALID_ARGUMENT),
        };
        let user = StoredUser {
            username: s(u.username)?,
            secret,
        };
        credentials
            .verify(&request, &user)
            .map_err(DigestError::code)
    })
}

/// Writes `text` (a hex digest) into the caller's buffer through `write_call`.
///
/// # Safety
/// As [`write_call`].
unsafe fn write_hex(
    inputs: &[&[u8]],
    buf: *mut u8,
    buf_len: usize,
    out: *mut authparse_str,
    out_needed: *mut usize,
    text: impl FnOnce() -> Result<authparse_core::digest::HexDigest, authparse_status>,
) -> authparse_status {
    let hex = match text() {
        Ok(hex) => hex,
        Err(status) => return status,
    };
    // SAFETY: forwarded to the caller.
    unsafe {
        write_call(inputs, buf, buf_len, out, out_needed, |b| {
            let digits = hex.as_bytes();
            let dst = b
                .get_mut(..digits.len())
                .ok_or(authparse_core::Error::BufferTooSmall {
                    needed: digits.len(),
                })?;
            dst.copy_from_slice(digits);
            Ok(authparse_str::from_slice(dst))
        })
    }
}

/// `H(body)` in lower-case hexadecimal for `algorithm` into `buf` (32
/// digits for MD5, 64 otherwise; `AUTHPARSE_DIGEST_HEX_MAX` suffices): the
/// `body_hash` of `authparse_digest_request` for `qop=auth-int`.
///
/// # Safety
/// `body` readable; `buf` writable and disjoint from it; `out` writable;
/// `out_needed` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn authparse_digest_hash_body(
    algorithm_code: authparse_digest_algorithm,
    body: *const u8,
    body_len: usize,
    buf: *mut u8,
    buf_len: usize,
    out: *mut authparse_str,
    out_needed: *mut usize,
) -> authparse_status {
    // SAFETY: readable by contract.
    let body = match unsafe { input(body, body_len) } {
        Ok(b) => b,
        Err(status) => return status,
    };
    // SAFETY: the caller's contract.
    unsafe {
        write_hex(&[body], buf, buf_len, out, out_needed, || {
            let mut hasher = BodyHasher::new(algorithm(algorithm_code)?);
            hasher.update(body);
            Ok(hasher.finish())
        })
    }
}

/// The HA1 a user file stores, `H(username ":" realm ":" password)` in
/// lower-case hexadecimal, into `buf` (`AUTHPARSE_DIGEST_HEX_MAX`
/// suffices). For MD5 this is the third column of an htdigest line.
///
/// # Safety
/// The inputs readable; `buf` writable and disjoint from them; `out`
/// writable; `out_needed` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn authparse_digest_ha1(
    algorithm_code: authparse_digest_algorithm,
    username: *const u8,
    username_len: usize,
    realm: *const u8,
    realm_len: usize,
    password: *const u8,
    password_len: usize,
    buf: *mut u8,
    buf_len: usize,
    out: *mut authparse_str,
    out_needed: *mut usize,
) -> authparse_status {
    // SAFETY: readable by contract.
    let inputs = unsafe {
        (
            input(username, username_len),
            input(realm, realm_len),
            input(password, password_len),
        )
    };
    let (u, r, p) = match inputs {
        (Ok(u), Ok(r), Ok(p)) => (u, r, p),
        (Err(s), _, _) | (_, Err(s), _) | (_, _, Err(s)) => return s,
    };
    // SAFETY: the caller's contract.
    unsafe {
        write_hex(&[u, r, p], buf, buf_len, out, out_needed, || {
            Ok(ha1(algorithm(algorithm_code)?, u, r, p))
        })
    }
}

/// The nonce key of `secret` (at least `AUTHPARSE_DIGEST_SECRET_MIN` bytes).
///
/// # Safety
/// As [`input`].
unsafe fn nonce_key(secret: *const u8, secret_len: usize) -> Result<NonceKey, authparse_status> {
    // SAFETY: forwarded to the caller.
    let secret = unsafe { input(secret, secret_len) }?;
    NonceKey::new(secret).map_err(DigestError::code)
}

/// Writes a stateless nonce for `realm` into `buf`
/// (`AUTHPARSE_DIGEST_NONCE_LEN` = 64 lower-case hex digits): the issue
/// time `now`, `unique`, and a truncated HMAC-SHA-256 of both and the realm
/// under `secret`. `now` is seconds on any clock the server keeps
/// (`time(NULL)`); `unique` should differ between nonces issued in the same
/// second (a counter or random bits). A secret shorter than
/// `AUTHPARSE_DIGEST_SECRET_MIN` bytes is `AUTHPARSE_STATUS_INVALID_CONFIGURATION`.
///
/// The same secret must check the nonce later: keep it across restarts
/// (and share it between processes) for nonces to stay valid there.
///
/// # Safety
/// `secret` and `realm` readable; `buf` writable and disjoint from them;
/// `out` writable; `out_needed` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn authparse_digest_nonce_issue(
    secret: *const u8,
    secret_len: usize,
    realm: *const u8,
    realm_len: usize,
    now: u64,
    unique: u64,
    buf: *mut u8,
    buf_len: usize,
    out: *mut authparse_str,
    out_needed: *mut usize,
) -> authparse_status {
    // SAFETY: readable by contract.
    let inputs = unsafe { (input(secret, secret_len), input(realm, realm_len)) };
    let (secret_bytes, realm) = match inputs {
        (Ok(s), Ok(r)) => (s, r),
        (Err(status), _) | (_, Err(status)) => return status,
    };
    // SAFETY: checked readable above.
    let nonce = match unsafe { nonce_key(secret, secret_len) } {
        Ok(key) => key.issue(realm, now, unique),
        Err(status) => return status,
    };
    // SAFETY: the caller's contract for the buffer and out-params.
    unsafe {
        write_call(&[secret_bytes, realm], buf, buf_len, out, out_needed, |b| {
            let digits = nonce.as_bytes();
            let dst = b
                .get_mut(..digits.len())
                .ok_or(authparse_core::Error::BufferTooSmall {
                    needed: digits.len(),
                })?;
            dst.copy_from_slice(digits);
            Ok(authparse_str::from_slice(dst))
        })
    }
}

/// Checks a nonce sent back in credentials (`creds.nonce`) against the
/// server's `secret` and `realm`: `AUTHPARSE_STATUS_OK` with `*out` (may be
/// NULL) when this secret issued it for this realm at most `max_age`
/// seconds before `now`; `AUTHPARSE_STATUS_DIGEST_STALE_NONCE` when it is
/// older (answer 401 with a fresh nonce and `stale = true`: the client
/// retries without asking its user); `AUTHPARSE_STATUS_DIGEST_INVALID_NONCE`
/// otherwise. The MAC is compared in constant time.
///
/// # Safety
/// `secret`, `nonce` and `realm` readable; `out` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn authparse_digest_nonce_check(
    secret: *const u8,
    secret_len: usize,
    nonce: *const u8,
    nonce_len: usize,
    realm: *const u8,
    realm_len: usize,
    now: u64,
    max_age: u64,
    out: *mut authparse_digest_issued_nonce,
) -> authparse_status {
    status(|| {
        // SAFETY: readable by contract.
        let key = unsafe { nonce_key(secret, secret_len) }?;
        // SAFETY: as above.
        let (nonce, realm) = unsafe { (input(nonce, nonce_len)?, input(realm, realm_len)?) };
        let issued = key
            .check(nonce, realm, now, max_age)
            .map_err(DigestError::code)?;
        let view = authparse_digest_issued_nonce {
            time: issued.time,
            unique: issued.unique,
        };
        // SAFETY: NULL or writable (caller).
        unsafe { put(out, view) };
        Ok(())
    })
}

/// Records nonce count `nc` (`creds.nc_value`) for `nonce` (from
/// `authparse_digest_nonce_check`) in the caller's table: `slots` (`count`
/// zero-initialised `authparse_digest_nonce_slot`s) and
/// `*forgotten_before` (0 at first), both kept between calls and guarded by
/// the caller's lock if shared. `AUTHPARSE_STATUS_OK` if `nc` is above
/// every count accepted with this nonce; `AUTHPARSE_STATUS_DIGEST_REPLAYED_NONCE`
/// otherwise (refuse the request). When the table is full the oldest nonce
/// is forgotten and every nonce issued up to it is
/// `AUTHPARSE_STATUS_DIGEST_STALE_NONCE` from then on (challenge with
/// `stale = true`). Call it after `authparse_digest_verify` succeeded.
///
/// # Safety
/// `slots` writable for `count` slots; `forgotten_before` writable;
/// `nonce` readable; none overlapping.
#[no_mangle]
pub unsafe extern "C" fn authparse_digest_accept_nonce_count(
    slots: *mut authparse_digest_nonce_slot,
    count: usize,
    forgotten_before: *mut u64,
    nonce: *const authparse_digest_issued_nonce,
    nc: u32,
) -> authparse_status {
    status(|| {
        non_null(forgotten_before)?;
        if nonce.is_null() || (slots.is_null() && count > 0) {
            return Err(AUTHPARSE_STATUS_NULL_POINTER);
        }
        if count > isize::MAX as usize / core::mem::size_of::<NonceSlot>() {
            return Err(AUTHPARSE_STATUS_INVALID_ARGUMENT);
        }
        let table: &mut [NonceSlot] = if count == 0 {
            &mut []
        } else {
            // SAFETY: `count` writable slots (contract) of the same size and
            // alignment as `NonceSlot` (asserted above), whose fields are
            // integers, so any bytes are a valid `NonceSlot`.
            unsafe { core::slice::from_raw_parts_mut(slots.cast::<NonceSlot>(), count) }
        };
        // SAFETY: non-NULL, valid by contract.
        let (n, before) = unsafe { (*nonce, &mut *forgotten_before) };
        let issued = IssuedNonce {
            time: n.time,
            unique: n.unique,
        };
        accept_nonce_count(table, before, issued, nc).map_err(DigestError::code)
    })
}
