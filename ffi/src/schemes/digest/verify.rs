//! Digest verification, body hashes, HA1s, stateless nonces and the
//! nonce-count table (feature `digest-verify`: RustCrypto's MD5, SHA-2 and
//! HMAC).

use authparse_core::digest::{
    accept_nonce_count, ha1, BodyHasher, Credentials, DigestError, IssuedNonce, NonceKey,
    NonceSlot, Qop, RequestInfo, StoredSecret, StoredUser,
};

use authparse_core::Error;

use super::*;
use crate::abi::{InOut, Mirrors};

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

// SAFETY: the core's `NonceSlot` is read and written through the C array:
// the same size and alignment (`InOut::get_as` asserts them), integers only
// (any bytes are a valid value).
unsafe impl Mirrors<NonceSlot> for authparse_digest_nonce_slot {}

/// The core's credentials from the C struct (its views checked for NULL).
fn core_credentials<'a>(
    c: &Given<'a, authparse_digest_credentials>,
) -> Result<Credentials<'a>, authparse_status> {
    let qop = match c.qop {
        AUTHPARSE_DIGEST_QOP_NONE => None,
        AUTHPARSE_DIGEST_QOP_AUTH => Some(Qop::Auth),
        AUTHPARSE_DIGEST_QOP_AUTH_INT => Some(Qop::AuthInt),
        _ => return Err(AUTHPARSE_STATUS_INVALID_ARGUMENT),
    };
    let with_qop = |v: &Given<'a, authparse_str>| qop.map(|_| v.get()).transpose();
    Ok(Credentials {
        username: c.part(|c| &c.username).get()?,
        username_star: c.username_star,
        userhash: c.userhash,
        realm: c.part(|c| &c.realm).get()?,
        nonce: c.part(|c| &c.nonce).get()?,
        uri: c.part(|c| &c.uri).get()?,
        response: c.part(|c| &c.response).get()?,
        algorithm: algorithm(c.algorithm)?,
        qop,
        cnonce: with_qop(c.part(|c| &c.cnonce))?,
        nc: with_qop(c.part(|c| &c.nc))?,
        opaque: c
            .has_opaque
            .then(|| c.part(|c| &c.opaque).get())
            .transpose()?,
        qop_token: c.part(|c| &c.qop_token).get()?,
    })
}

/// The server's view of the request.
fn request_info<'a>(
    r: &Given<'a, authparse_digest_request>,
) -> Result<RequestInfo<'a>, authparse_status> {
    let body_hash = r.part(|r| &r.body_hash);
    Ok(RequestInfo {
        method: r.part(|r| &r.method).get()?,
        target: r.part(|r| &r.target).get()?,
        realm: r.part(|r| &r.realm).get()?,
        body_hash: r.has_body_hash.then(|| body_hash.get()).transpose()?,
    })
}

/// The stored user.
fn stored_user<'a>(
    u: &Given<'a, authparse_digest_user>,
) -> Result<StoredUser<'a>, authparse_status> {
    let secret = u.part(|u| &u.secret).get()?;
    let secret = match u.secret_kind {
        AUTHPARSE_DIGEST_SECRET_PASSWORD => StoredSecret::Password(secret),
        AUTHPARSE_DIGEST_SECRET_HA1 => StoredSecret::Ha1(secret),
        _ => return Err(AUTHPARSE_STATUS_INVALID_ARGUMENT),
    };
    Ok(StoredUser {
        username: u.part(|u| &u.username).get()?,
        secret,
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
    creds: *const authparse_digest_credentials, request: *const authparse_digest_request,
    user: *const authparse_digest_user,
) -> authparse_status {
    // SAFETY: the pointers are as `# Safety` above requires.
    let (creds, request, user) = unsafe { (Ptr::new(creds), Ptr::new(request), Ptr::new(user)) };
    run(|| {
        let (c, r, u) = (creds.get()?, request.get()?, user.get()?);
        let credentials = core_credentials(c)?;
        let (request, user) = (request_info(r)?, stored_user(u)?);
        credentials
            .verify(&request, &user)
            .map_err(DigestError::code)
    })
}

/// Whether parsed credentials answer what the server offered: their
/// `algorithm` is one of `algorithms` (`count` of them: the list given to
/// `authparse_digest_challenge_write`) and their `qop` one that
/// `challenge->qop` offers. Call it before `authparse_digest_verify`, which
/// checks the response for whatever the client chose: an MD5 answer to a
/// SHA-256 challenge, or an RFC 2069 answer without `qop` (no `cnonce`, no
/// `nc`: nothing for the nonce-count table), is a downgrade a man in the
/// middle can cause. `AUTHPARSE_STATUS_OK`, or
/// `AUTHPARSE_STATUS_DIGEST_NOT_OFFERED` (`*out_field`, NULL allowed, names
/// `algorithm` or `qop`): answer 401 with a fresh challenge, not `stale`.
/// An unknown algorithm or qop number, or `count` 0, is
/// `AUTHPARSE_STATUS_INVALID_ARGUMENT`.
///
/// # Safety
/// `creds` and `challenge` valid with readable views; `algorithms` readable
/// for `count` entries; `out_field` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn authparse_digest_check_answer(
    creds: *const authparse_digest_credentials, challenge: *const authparse_digest_challenge,
    algorithms: *const authparse_digest_algorithm, count: usize,
    out_field: *mut authparse_digest_field,
) -> authparse_status {
    // SAFETY: the pointers are as `# Safety` above requires.
    let (creds, challenge, algorithms, out_field) = unsafe {
        (
            Ptr::new(creds),
            Ptr::new(challenge),
            Array::new(algorithms, count),
            Out::new(out_field),
        )
    };
    out_field.set(AUTHPARSE_DIGEST_FIELD_NONE);
    run(|| {
        let (c, offer, codes) = (creds.get()?, challenge.get()?, algorithms.get()?);
        if codes.is_empty() {
            return Err(AUTHPARSE_STATUS_INVALID_ARGUMENT);
        }
        let (offer, list) = core_challenge(offer, codes)?;
        let list = list.get(..codes.len()).unwrap_or_default();
        offer
            .check_answer(list, &core_credentials(c)?)
            .map_err(|e| {
                out_field.set(field_code(e));
                e.code()
            })
    })
}

/// A digest call: `*out` gets `text()` (hex digits) copied into the buffer,
/// which may not overlap `inputs` or `out`.
fn write_hex<'a, const N: usize>(
    inputs: [&Given<'a, authparse_str>; N], buffer: Buffer<'a>, out: Out<'a, authparse_str>,
    text: impl FnOnce([&'a [u8]; N]) -> Result<HexText, authparse_status>,
) -> authparse_status {
    buffer.call(|call| {
        let mut bytes: [&'a [u8]; N] = [&[]; N];
        for (b, input) in bytes.iter_mut().zip(inputs) {
            *b = input.get()?;
        }
        let hex = text(bytes)?;
        call.apart(bytes.map(Region::bytes))?;
        call.apart([out.required()?.region()])?;
        let written = call.write(|b| {
            let digits = hex.as_bytes();
            let dst = b.get_mut(..digits.len()).ok_or(Error::BufferTooSmall {
                needed: digits.len(),
            })?;
            dst.copy_from_slice(digits);
            Ok::<_, Error>(&*dst)
        })?;
        out.set(view(written));
        Ok(())
    })
}

/// Hex digits to copy out: a digest or a nonce.
enum HexText {
    Digest(authparse_core::digest::HexDigest),
    Nonce(authparse_core::digest::Nonce),
}

impl HexText {
    fn as_bytes(&self) -> &[u8] {
        match self {
            HexText::Digest(d) => d.as_bytes(),
            HexText::Nonce(n) => n.as_bytes(),
        }
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
    algorithm_code: authparse_digest_algorithm, body: *const u8, body_len: usize, buf: *mut u8,
    buf_len: usize, out: *mut authparse_str, out_needed: *mut usize,
) -> authparse_status {
    // SAFETY: the pointers are as `# Safety` above requires.
    let (body, (buffer, out)) = unsafe {
        (
            Given::view(body, body_len),
            Buffer::with_out(buf, buf_len, out, out_needed),
        )
    };
    write_hex([&body], buffer, out, |[body]| {
        let mut hasher = BodyHasher::new(algorithm(algorithm_code)?);
        hasher.update(body);
        Ok(HexText::Digest(hasher.finish()))
    })
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
    algorithm_code: authparse_digest_algorithm, username: *const u8, username_len: usize,
    realm: *const u8, realm_len: usize, password: *const u8, password_len: usize, buf: *mut u8,
    buf_len: usize, out: *mut authparse_str, out_needed: *mut usize,
) -> authparse_status {
    // SAFETY: the pointers are as `# Safety` above requires.
    let (username, realm, password, (buffer, out)) = unsafe {
        (
            Given::view(username, username_len),
            Given::view(realm, realm_len),
            Given::view(password, password_len),
            Buffer::with_out(buf, buf_len, out, out_needed),
        )
    };
    write_hex([&username, &realm, &password], buffer, out, |[u, r, p]| {
        Ok(HexText::Digest(ha1(algorithm(algorithm_code)?, u, r, p)))
    })
}

/// The nonce key of `secret` (at least `AUTHPARSE_DIGEST_SECRET_MIN` bytes).
fn nonce_key(secret: &[u8]) -> Result<NonceKey, authparse_status> {
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
    secret: *const u8, secret_len: usize, realm: *const u8, realm_len: usize, now: u64,
    unique: u64, buf: *mut u8, buf_len: usize, out: *mut authparse_str, out_needed: *mut usize,
) -> authparse_status {
    // SAFETY: the pointers are as `# Safety` above requires.
    let (secret, realm, (buffer, out)) = unsafe {
        (
            Given::view(secret, secret_len),
            Given::view(realm, realm_len),
            Buffer::with_out(buf, buf_len, out, out_needed),
        )
    };
    write_hex([&secret, &realm], buffer, out, |[secret, realm]| {
        Ok(HexText::Nonce(nonce_key(secret)?.issue(realm, now, unique)))
    })
}

/// Checks a nonce sent back in credentials (`creds.nonce`) against the
/// server's `secret` and `realm`: `AUTHPARSE_STATUS_OK` with `*out` (may be
/// NULL) when this secret issued it for this realm stamped at most
/// `max_age` seconds from `now` (before or after: a stamp ahead tolerates
/// several servers' clocks, no further); `AUTHPARSE_STATUS_DIGEST_STALE_NONCE`
/// when it is further; `AUTHPARSE_STATUS_DIGEST_INVALID_NONCE` otherwise.
/// The MAC is compared in constant time.
///
/// Call it AFTER `authparse_digest_verify` accepted the response: RFC 7616
/// §3.3 answers `stale = true` (a fresh nonce, the client retries without
/// asking its user) only when the response is otherwise valid; a stale
/// nonce with a wrong response is answered as any failure (`stale` false).
///
/// # Safety
/// `secret`, `nonce` and `realm` readable; `out` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn authparse_digest_nonce_check(
    secret: *const u8, secret_len: usize, nonce: *const u8, nonce_len: usize, realm: *const u8,
    realm_len: usize, now: u64, max_age: u64, out: *mut authparse_digest_issued_nonce,
) -> authparse_status {
    // SAFETY: the pointers are as `# Safety` above requires.
    let (secret, nonce, realm, out) = unsafe {
        (
            Given::view(secret, secret_len),
            Given::view(nonce, nonce_len),
            Given::view(realm, realm_len),
            Out::new(out),
        )
    };
    run(|| {
        let key = nonce_key(secret.get()?)?;
        let issued = key.check(nonce.get()?, realm.get()?, now, max_age);
        let issued = issued.map_err(DigestError::code)?;
        out.set(authparse_digest_issued_nonce {
            time: issued.time,
            unique: issued.unique,
        });
        Ok(())
    })
}

/// Records nonce count `nc` (`creds.nc_value`) for `nonce` (from
/// `authparse_digest_nonce_check`) in the caller's table: `slots` (`count`
/// zero-initialised `authparse_digest_nonce_slot`s) and
/// `*forgotten_before` (0 at first), both kept between calls and guarded by
/// the caller's lock if shared. `AUTHPARSE_STATUS_OK` if `nc` is above
/// every count accepted with this nonce (and above 0: counts start at 1, so
/// the `nc_value` 0 of an RFC 2069 answer, which
/// `authparse_digest_check_answer` refuses first, is never accepted);
/// `AUTHPARSE_STATUS_DIGEST_REPLAYED_NONCE` otherwise (refuse the request). When the table is full the oldest nonce
/// is forgotten and every nonce issued up to it is
/// `AUTHPARSE_STATUS_DIGEST_STALE_NONCE` from then on (challenge with
/// `stale = true`). Call it after `authparse_digest_verify` succeeded.
/// `count` 0 is `AUTHPARSE_STATUS_INVALID_ARGUMENT` (a table that holds
/// nothing would answer every nonce as stale). One pass over the slots, up
/// to the nonce's or, for a new nonce, all of them: keep `count` modest, or
/// cut a large table into groups (the nginx module's: 32 slots each).
///
/// # Safety
/// `slots` writable for `count` slots; `forgotten_before` writable;
/// `nonce` readable; none overlapping.
#[no_mangle]
pub unsafe extern "C" fn authparse_digest_accept_nonce_count(
    slots: *mut authparse_digest_nonce_slot, count: usize, forgotten_before: *mut u64,
    nonce: *const authparse_digest_issued_nonce, nc: u32,
) -> authparse_status {
    // SAFETY: the pointers are as `# Safety` above requires.
    let (slots, forgotten_before, nonce) = unsafe {
        (
            InOut::new(slots, count),
            InOut::new(forgotten_before, 1),
            Ptr::new(nonce),
        )
    };
    run(|| {
        let before = forgotten_before.one()?;
        let n = nonce.get()?;
        let table = slots.get_as::<NonceSlot>()?;
        if table.is_empty() {
            return Err(AUTHPARSE_STATUS_INVALID_ARGUMENT);
        }
        let issued = IssuedNonce {
            time: n.time,
            unique: n.unique,
        };
        accept_nonce_count(table, before, issued, nc).map_err(DigestError::code)
    })
}
