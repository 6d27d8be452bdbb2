//! The three hash functions of Digest behind one runtime switch, so the
//! formulas of RFC 7616 §3.4 exist once in flash, not once per algorithm.
//!
//! Buffering and padding are ours, over the SHA-2 compression functions of
//! RustCrypto's `sha2` (`compress256`, `compress512`) and MD5's (RFC 1321,
//! [`md5_compress`]): RustCrypto's `BlockBuffer` is generic code compiled at
//! the firmware's opt-level, and at "z" LLVM keeps its slice-length checks,
//! i.e. panic paths (README, "Firmware: panic-freedom").

use core::fmt;

use sha2::digest::generic_array::GenericArray;

use crate::codec::digest::{is_hex, Algorithm};

/// The largest block (SHA-512's).
const MAX_BLOCK: usize = 128;
/// The longest digest (SHA-256's, SHA-512/256's).
pub(super) const MAX_OUTPUT: usize = 32;

/// The chaining state of one [`Algorithm`] (`-sess` variants hash as their base).
#[derive(Clone)]
enum State {
    Md5([u32; 4]),
    Sha256([u32; 8]),
    /// SHA-512/256: SHA-512 with its own initial values, cut to 32 bytes.
    Sha512_256([u64; 8]),
}

/// FIPS 180-4 §5.3.3 and §5.3.6.2, RFC 1321 §3.3.
const SHA256_IV: [u32; 8] = [
    0x6a09_e667,
    0xbb67_ae85,
    0x3c6e_f372,
    0xa54f_f53a,
    0x510e_527f,
    0x9b05_688c,
    0x1f83_d9ab,
    0x5be0_cd19,
];
const SHA512_256_IV: [u64; 8] = [
    0x2231_2194_fc2b_f72c,
    0x9f55_5fa3_c84c_64c2,
    0x2393_b86b_6f53_b151,
    0x9638_7719_5940_eabd,
    0x9628_3ee2_a88e_ffe3,
    0xbe5e_1e25_5386_3992,
    0x2b01_99fc_2c85_b8aa,
    0x0eb7_2ddc_81c5_2ca2,
];
const MD5_IV: [u32; 4] = [0x6745_2301, 0xefcd_ab89, 0x98ba_dcfe, 0x1032_5476];

/// RFC 1321's `T[i]`: `floor(2^32 * |sin(i + 1)|)`.
const MD5_T: [u32; 64] = [
    0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501,
    0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821,
    0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
    0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a,
    0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
    0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
    0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
    0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391,
];
/// RFC 1321's rotations, four per round.
const MD5_S: [u32; 16] = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21];

/// RFC 1321 §3.4: one 64-byte block into `state`. Rolled loops: this runs
/// for the old clients only, and on bare metal flash counts.
fn md5_compress(state: &mut [u32; 4], block: &[u8; 64]) {
    let mut x = [0u32; 16];
    for (w, bytes) in x.iter_mut().zip(block.chunks_exact(4)) {
        *w = bytes
            .iter()
            .rev()
            .fold(0, |acc, &b| (acc << 8) | u32::from(b));
    }
    let [mut a, mut b, mut c, mut d] = *state;
    for (i, &t) in MD5_T.iter().enumerate() {
        let round = i >> 4;
        let (f, k) = match round {
            0 => ((b & c) | (!b & d), i),
            1 => ((d & b) | (!d & c), i.wrapping_mul(5).wrapping_add(1)),
            2 => (b ^ c ^ d, i.wrapping_mul(3).wrapping_add(5)),
            _ => (c ^ (b | !d), i.wrapping_mul(7)),
        };
        let word = x.get(k & 15).copied().unwrap_or(0);
        let s = MD5_S.get((round << 2) | (i & 3)).copied().unwrap_or(0);
        let rotated = a
            .wrapping_add(f)
            .wrapping_add(t)
            .wrapping_add(word)
            .rotate_left(s);
        (a, b, c, d) = (d, b.wrapping_add(rotated), b, c);
    }
    for (v, n) in state.iter_mut().zip([a, b, c, d]) {
        *v = v.wrapping_add(n);
    }
}

impl State {
    fn new(algorithm: Algorithm) -> Self {
        match algorithm {
            Algorithm::Md5 | Algorithm::Md5Sess => State::Md5(MD5_IV),
            Algorithm::Sha256 | Algorithm::Sha256Sess => State::Sha256(SHA256_IV),
            Algorithm::Sha512_256 | Algorithm::Sha512_256Sess => State::Sha512_256(SHA512_256_IV),
        }
    }

    fn block_size(&self) -> usize {
        match self {
            State::Md5(_) | State::Sha256(_) => 64,
            State::Sha512_256(_) => MAX_BLOCK,
        }
    }

    /// Compresses `bytes`, whole blocks.
    fn compress(&mut self, bytes: &[u8]) {
        let mut rest = bytes;
        match self {
            State::Md5(s) => {
                while let Some((block, tail)) = rest.split_first_chunk::<64>() {
                    md5_compress(s, block);
                    rest = tail;
                }
            }
            State::Sha256(s) => {
                while let Some((block, tail)) = rest.split_first_chunk::<64>() {
                    sha2::compress256(s, &[GenericArray::from(*block)]);
                    rest = tail;
                }
            }
            State::Sha512_256(s) => {
                while let Some((block, tail)) = rest.split_first_chunk::<128>() {
                    sha2::compress512(s, &[GenericArray::from(*block)]);
                    rest = tail;
                }
            }
        }
    }

    /// The digest bytes into `out`; returns how many.
    fn output(&self, out: &mut [u8; MAX_OUTPUT]) -> usize {
        let mut n = 0usize;
        let mut put = |bytes: &[u8]| {
            for &b in bytes {
                if let Some(slot) = out.get_mut(n) {
                    *slot = b;
                    n = n.saturating_add(1);
                }
            }
        };
        match self {
            State::Md5(s) => s.iter().for_each(|w| put(&w.to_le_bytes())),
            State::Sha256(s) => s.iter().for_each(|w| put(&w.to_be_bytes())),
            // The first four words: the left 32 bytes.
            State::Sha512_256(s) => s.iter().take(4).for_each(|w| put(&w.to_be_bytes())),
        }
        n
    }
}

/// A hash in progress: the state, the bytes of a block not yet full and
/// how many bytes came before them.
#[derive(Clone)]
pub(super) struct Hasher {
    state: State,
    pending: [u8; MAX_BLOCK],
    len: usize,
    compressed: u64,
}

impl Hasher {
    pub(super) fn new(algorithm: Algorithm) -> Self {
        Hasher {
            state: State::new(algorithm),
            pending: [0; MAX_BLOCK],
            len: 0,
            compressed: 0,
        }
    }

    /// Compresses whole blocks and counts them.
    fn compress(&mut self, blocks: &[u8]) {
        self.state.compress(blocks);
        self.compressed = self.compressed.wrapping_add(blocks.len() as u64);
    }

    pub(super) fn update(&mut self, bytes: &[u8]) {
        let size = self.state.block_size();
        let mut rest = bytes;
        if self.len > 0 {
            // Top up the pending block first.
            let free = self.pending.get_mut(self.len..size).unwrap_or_default();
            let n = free.len().min(rest.len());
            for (d, s) in free.iter_mut().zip(rest) {
                *d = *s;
            }
            self.len = self.len.saturating_add(n);
            rest = rest.get(n..).unwrap_or_default();
            if self.len < size {
                return;
            }
            let block = self.pending;
            self.compress(block.get(..size).unwrap_or_default());
            self.len = 0;
        }
        // Whole blocks straight from the input, the tail into `pending`.
        let whole = rest
            .len()
            .wrapping_sub(rest.len().checked_rem(size).unwrap_or(0));
        let (blocks, tail) = rest.split_at_checked(whole).unwrap_or((&[], rest));
        self.compress(blocks);
        for (d, s) in self.pending.iter_mut().zip(tail) {
            *d = *s;
        }
        self.len = tail.len();
    }

    /// Pads (FIPS 180-4 §5.1, RFC 1321 §3.1–3.2) and writes the digest's
    /// bytes into `out`; returns how many (16 or 32).
    pub(super) fn finish_raw(mut self, out: &mut [u8; MAX_OUTPUT]) -> usize {
        let size = self.state.block_size();
        // The message length in bits, in the last 8 (16 for SHA-512) bytes.
        let bits = self
            .compressed
            .wrapping_add(self.len as u64)
            .wrapping_mul(8);
        let length_field = if size == MAX_BLOCK { 16 } else { 8 };
        let mut block = [0u8; 2 * MAX_BLOCK];
        for (d, s) in block
            .iter_mut()
            .zip(self.pending.get(..self.len).unwrap_or_default())
        {
            *d = *s;
        }
        if let Some(b) = block.get_mut(self.len) {
            *b = 0x80;
        }
        let total = if self.len.saturating_add(1).saturating_add(length_field) > size {
            size.saturating_mul(2)
        } else {
            size
        };
        let length = match self.state {
            State::Md5(_) => bits.to_le_bytes(),
            _ => bits.to_be_bytes(),
        };
        let at = total.saturating_sub(8);
        for (d, s) in block
            .get_mut(at..total)
            .unwrap_or_default()
            .iter_mut()
            .zip(length)
        {
            *d = s;
        }
        self.state.compress(block.get(..total).unwrap_or_default());
        crate::base::secret::wipe(&mut block);
        crate::base::secret::wipe(&mut self.pending);
        self.state.output(out)
    }

    pub(super) fn finish(self) -> HexDigest {
        let mut raw = [0u8; MAX_OUTPUT];
        let n = self.finish_raw(&mut raw);
        let digest = HexDigest::encode(raw.get(..n).unwrap_or_default());
        crate::base::secret::wipe(&mut raw);
        digest
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::borrow::ToOwned;

    #[test]
    fn md5_table_is_rfc_1321s() {
        for (i, &t) in MD5_T.iter().enumerate() {
            let expected = ((i as f64 + 1.0).sin().abs() * 4_294_967_296.0) as u32;
            assert_eq!(t, expected, "T[{}]", i + 1);
        }
    }

    /// RFC 1321 §A.5 and FIPS 180 examples, at every length class of the
    /// padding (one or two final blocks).
    #[test]
    fn known_digests() {
        let hash = |algorithm, data: &[u8]| {
            let mut h = Hasher::new(algorithm);
            h.update(data);
            h.finish().as_str().to_owned()
        };
        assert_eq!(
            hash(Algorithm::Md5, b""),
            "d41d8cd98f00b204e9800998ecf8427e"
        );
        assert_eq!(
            hash(
                Algorithm::Md5,
                b"12345678901234567890123456789012345678901234567890123456789012345678901234567890"
            ),
            "57edf4a22be3c955ac49da2e2107b67a"
        );
        assert_eq!(
            hash(
                Algorithm::Sha256,
                b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
            ),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        );
        assert_eq!(
            hash(Algorithm::Sha512_256, b""),
            "c672b8d1ef56ed28ab87c3622c5114069bdd3ad7b8f9737498d0c01ecef0967a"
        );
    }

    /// Every split of the input into two updates, across block boundaries,
    /// gives the one-shot digest (FIPS 180 / RFC 1321 values for "abc" ×43).
    #[test]
    fn buffering_matches_one_shot_across_blocks() {
        let data: std::vec::Vec<u8> = b"abc".repeat(43); // 129 bytes: > one SHA-512 block
        for algorithm in [Algorithm::Md5, Algorithm::Sha256, Algorithm::Sha512_256] {
            let mut whole = Hasher::new(algorithm);
            whole.update(&data);
            let expected = whole.finish();
            // Under Miri, only the cuts around the 64- and 128-byte block
            // boundaries (every cut made this the slowest test of the step).
            let cuts: std::vec::Vec<usize> = if cfg!(miri) {
                std::vec![0, 1, 55, 56, 57, 63, 64, 65, 111, 112, 113, 127, 128, 129]
            } else {
                (0..=data.len()).collect()
            };
            for cut in cuts {
                let mut h = Hasher::new(algorithm);
                h.update(&data[..cut]);
                h.update(&[]);
                h.update(&data[cut..]);
                assert_eq!(
                    h.finish().as_bytes(),
                    expected.as_bytes(),
                    "{algorithm:?} cut {cut}"
                );
            }
        }
        let mut abc = Hasher::new(Algorithm::Sha256);
        abc.update(b"abc");
        assert_eq!(
            abc.finish().as_str(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        let mut abc = Hasher::new(Algorithm::Sha512_256);
        abc.update(b"abc");
        assert_eq!(
            abc.finish().as_str(),
            "53048e2681941ef99b2e29b76b4c7dabe4c2d0c634fc6d46e0e2f13107e7af23"
        );
        let mut abc = Hasher::new(Algorithm::Md5);
        abc.update(b"abc");
        assert_eq!(abc.finish().as_str(), "900150983cd24fb0d6963f7d28e17f72");
    }
}
