//! The three hash functions of Digest behind one runtime switch, so the
//! formulas of RFC 7616 §3.4 exist once in flash, not once per algorithm.

use core::fmt;

use md5::Md5;
use sha2::{Digest as _, Sha256, Sha512_256};

use crate::codec::digest::{is_hex, Algorithm};

/// A hash in progress for one [`Algorithm`] (`-sess` variants hash as their base).
#[derive(Clone)]
pub(super) enum Hasher {
    Md5(Md5),
    Sha256(Sha256),
    Sha512_256(Sha512_256),
}

impl Hasher {
    pub(super) fn new(algorithm: Algorithm) -> Self {
        match algorithm {
            Algorithm::Md5 | Algorithm::Md5Sess => Hasher::Md5(Md5::new()),
            Algorithm::Sha256 | Algorithm::Sha256Sess => Hasher::Sha256(Sha256::new()),
            Algorithm::Sha512_256 | Algorithm::Sha512_256Sess => {
                Hasher::Sha512_256(Sha512_256::new())
            }
        }
    }

    pub(super) fn update(&mut self, bytes: &[u8]) {
        match self {
            Hasher::Md5(h) => h.update(bytes),
            Hasher::Sha256(h) => h.update(bytes),
            Hasher::Sha512_256(h) => h.update(bytes),
        }
    }

    pub(super) fn finish(self) -> HexDigest {
        match self {
            Hasher::Md5(h) => HexDigest::encode(&h.finalize()),
            Hasher::Sha256(h) => HexDigest::encode(&h.finalize()),
            Hasher::Sha512_256(h) => HexDigest::encode(&h.finalize()),
        }
    }
}

/// Writes `bytes` in lower-case hexadecimal into `out` (as much as fits).
pub(super) fn put_hex(out: &mut [u8], bytes: &[u8]) {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let hex = |nibble: u8| DIGITS.get(usize::from(nibble)).copied().unwrap_or(b'0');
    for (pair, &b) in out.chunks_exact_mut(2).zip(bytes) {
        pair.copy_from_slice(&[hex(b >> 4), hex(b & 0x0F)]);
    }
}

/// `H(parts[0] ":" parts[1] ":" …)` in hexadecimal.
pub(super) fn h(algorithm: Algorithm, parts: &[&[u8]]) -> HexDigest {
    let mut hasher = Hasher::new(algorithm);
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            hasher.update(b":");
        }
        hasher.update(part);
    }
    hasher.finish()
}

/// A digest in lower-case hexadecimal: 32 digits (MD5) or 64. Wiped when
/// dropped, since an HA1 is as good as the password.
#[derive(Clone, PartialEq, Eq)]
pub struct HexDigest {
    digits: [u8; 64],
    len: usize,
}

impl HexDigest {
    fn encode(raw: &[u8]) -> Self {
        let mut out = HexDigest {
            digits: [0; 64],
            len: raw.len().saturating_mul(2).min(64),
        };
        put_hex(&mut out.digits, raw);
        out
    }

    /// `hex` lower-cased, if it is `len` hexadecimal digits (at most 64).
    pub(super) fn parse(hex: &[u8], len: usize) -> Option<Self> {
        if !is_hex(hex, len) {
            return None;
        }
        let mut out = HexDigest {
            digits: [0; 64],
            len,
        };
        let dst = out.digits.get_mut(..len)?;
        for (d, s) in dst.iter_mut().zip(hex) {
            *d = s.to_ascii_lowercase();
        }
        Some(out)
    }

    /// The digits.
    pub fn as_bytes(&self) -> &[u8] {
        self.digits.get(..self.len).unwrap_or_default()
    }

    /// The digits as text.
    pub fn as_str(&self) -> &str {
        core::str::from_utf8(self.as_bytes()).unwrap_or_default()
    }
}

impl Drop for HexDigest {
    fn drop(&mut self) {
        crate::base::secret::wipe(&mut self.digits);
    }
}

impl fmt::Debug for HexDigest {
    /// The length only: an HA1 is a password equivalent.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HexDigest({} digits)", self.len)
    }
}

/// The HA1 of RFC 7616 §3.4.2 that a user file stores:
/// `H(username ":" realm ":" password)`, for an algorithm and its `-sess`
/// variant alike (an htdigest file holds the MD5 one).
///
/// ```
/// use authparse::digest::{ha1, Algorithm};
/// let h = ha1(Algorithm::Md5, b"Mufasa", b"testrealm@host.com", b"Circle Of Life");
/// assert_eq!(h.as_str(), "939e7578ed9e3c518a452acee763bce9");
/// ```
pub fn ha1(algorithm: Algorithm, username: &[u8], realm: &[u8], password: &[u8]) -> HexDigest {
    h(algorithm, &[username, realm, password])
}

/// The `username` a client sends with `userhash=true` (RFC 7616 §3.4.4):
/// `H(username ":" realm)`. A server keeps it beside each user to find
/// them.
///
/// ```
/// use authparse::digest::{userhash, Algorithm};
/// let h = userhash(Algorithm::Sha512_256, "J\u{e4}s\u{f8}n Doe".as_bytes(), b"api@example.org");
/// assert_eq!(h.as_str(), "793263caabb707a56211940d90411ea4a575adeccb7e360aeb624ed06ece9b0b");
/// ```
pub fn userhash(algorithm: Algorithm, username: &[u8], realm: &[u8]) -> HexDigest {
    h(algorithm, &[username, realm])
}

/// `H(entity-body)` for `qop=auth-int`, fed in pieces.
///
/// ```
/// use authparse::digest::{Algorithm, BodyHasher};
/// let mut body = BodyHasher::new(Algorithm::Sha256);
/// body.update(b"hel");
/// body.update(b"lo");
/// assert_eq!(&body.finish().as_str()[..8], "2cf24dba");
/// ```
#[derive(Clone)]
pub struct BodyHasher(Hasher);

impl BodyHasher {
    /// A hash of nothing yet, for `algorithm`.
    pub fn new(algorithm: Algorithm) -> Self {
        BodyHasher(Hasher::new(algorithm))
    }

    /// Adds the next piece of the body.
    pub fn update(&mut self, piece: &[u8]) {
        self.0.update(piece);
    }

    /// The hash in hexadecimal, what [`RequestInfo::body_hash`](super::RequestInfo::body_hash) takes.
    pub fn finish(self) -> HexDigest {
        self.0.finish()
    }
}

impl fmt::Debug for BodyHasher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("BodyHasher")
    }
}
