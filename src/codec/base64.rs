//! Base64 decoders into caller buffers: CPython's lenient one and a strict
//! RFC 4648 one.
//!
//! [`decode_lenient`] is `base64.b64decode(s)` (`binascii.a2b_base64` with
//! `strict_mode=False`), which FastAPI's `HTTPBasic` uses: bytes outside the
//! alphabet are skipped, decoding stops once padding completes a quantum, stray
//! `=` are ignored and non-canonical trailing bits are accepted.
//! [`decode_strict`] accepts only canonical, padded RFC 4648 §4 input.
//!
//! ```
//! use authparse::base64::{decode_lenient, decode_strict};
//! let mut buf = [0u8; 16];
//! let n = decode_lenient(b"dXNl cjpw YXNz!!", &mut buf).unwrap();
//! assert_eq!(&buf[..n], b"user:pass");
//! assert!(decode_strict(b"dXNl cjpw YXNz!!", &mut buf).is_err());
//! let n = decode_strict(b"dXNlcjpwYXNz", &mut buf).unwrap();
//! assert_eq!(&buf[..n], b"user:pass");
//! ```

use crate::base::error::Error;
use crate::base::sink::Sink;

pub(crate) mod text;

const INVALID: u8 = 0xFF;
const PAD: u8 = 0xFE;

/// Sextet value of each byte of the standard alphabet; `PAD` for `=`, `INVALID` otherwise.
// Evaluated at compile time: an out-of-range index would fail the build, not a run.
#[allow(clippy::indexing_slicing)]
const DECODE: [u8; 256] = {
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut table = [INVALID; 256];
    let mut i = 0;
    while i < 64 {
        table[alphabet[i] as usize] = i as u8;
        i += 1;
    }
    table[b'=' as usize] = PAD;
    table
};

fn sextet(byte: u8) -> u8 {
    DECODE.get(usize::from(byte)).copied().unwrap_or(INVALID)
}

/// A byte outside the alphabet in [`LANES`] (no sextet sets this bit).
#[cfg(target_pointer_width = "64")]
const BAD: u64 = 1 << 63;

/// For each position in two quanta (eight input bytes), the sextet of each
/// byte already moved to its bits in the six decoded bytes read as a
/// little-endian word, or [`BAD`]: two quanta are eight loads ORed
/// together, the bytes in output order. 16 KiB, so only on 64-bit targets.
///
/// A quantum `s0 s1 s2 s3` decodes to `x = s0 << 2 | s1 >> 4`,
/// `y = (s1 & 15) << 4 | s2 >> 2`, `z = (s2 & 3) << 6 | s3`: each sextet's
/// bits land in places no other sextet's do, so OR joins them.
// Evaluated at compile time: an out-of-range index would fail the build.
#[cfg(target_pointer_width = "64")]
#[allow(clippy::indexing_slicing)]
static LANES: [[u64; 256]; 8] = {
    let mut tables = [[BAD; 256]; 8];
    let mut byte = 0;
    while byte < 256 {
        let s = DECODE[byte] as u64;
        if s < 64 {
            let mut pos = 0;
            while pos < 8 {
                tables[pos][byte] = lane(pos % 4, s) << (24 * (pos / 4));
                pos += 1;
            }
        }
        byte += 1;
    }
    tables
};

/// The sextet `s` at position `pos` (0 to 3) of a quantum, moved to its
/// bits in the quantum's three decoded bytes read as a little-endian word.
#[cfg(target_pointer_width = "64")]
const fn lane(pos: usize, s: u64) -> u64 {
    match pos {
        0 => s << 2,
        1 => (s >> 4) | ((s & 15) << 12),
        2 => ((s >> 2) << 8) | ((s & 3) << 22),
        _ => s << 16,
    }
}

/// The three decoded bytes of the quantum `q` in the low 24 bits
/// (little-endian), or a value with [`BAD`] set.
#[cfg(target_pointer_width = "64")]
#[inline(always)]
fn quantum_bits(&[a, b, c, d]: &[u8; 4]) -> u64 {
    let [t0, t1, t2, t3, ..] = &LANES;
    let at = |t: &[u64; 256], byte: u8| t.get(usize::from(byte)).copied().unwrap_or(BAD);
    at(t0, a) | at(t1, b) | at(t2, c) | at(t3, d)
}

/// The six decoded bytes of two quanta in the low 48 bits
/// (little-endian), or a value with [`BAD`] set.
#[cfg(target_pointer_width = "64")]
#[inline(always)]
fn pair_bits(pair: &[u8; 8]) -> u64 {
    // Each byte loaded where it is used: loading all eight first takes
    // eight registers, which the inlined callers spill.
    LANES.iter().zip(pair).fold(0, |bits, (t, &byte)| {
        bits | t.get(usize::from(byte)).copied().unwrap_or(BAD)
    })
}

/// Writes the six bytes of two quanta of alphabet bytes into `six`, or
/// returns `None` when a byte is outside the alphabet. As a 4-byte and a
/// 2-byte store (an array of six bytes compiles to six byte stores).
#[cfg(target_pointer_width = "64")]
#[inline(always)]
fn decode_pair(pair: &[u8; 8], six: &mut [u8; 6]) -> Option<()> {
    let bits = pair_bits(pair);
    if bits & BAD != 0 {
        return None;
    }
    let (low, high) = six.split_at_mut(4);
    low.copy_from_slice(&(bits as u32).to_le_bytes());
    high.copy_from_slice(&((bits >> 32) as u16).to_le_bytes());
    Some(())
}

/// An upper bound on the decoded size of `input_len` base64 bytes (either decoder).
///
/// ```
/// assert_eq!(authparse::base64::max_decoded_len(12), 9);
/// assert_eq!(authparse::base64::max_decoded_len(13), 9);
/// ```
pub const fn max_decoded_len(input_len: usize) -> usize {
    let tail = match input_len % 4 {
        2 => 1,
        3 => 2,
        _ => 0,
    };
    (input_len / 4).saturating_mul(3).saturating_add(tail)
}

/// The hot loop of the lenient decoder's general path (64-bit targets):
/// whole quanta of alphabet bytes from the front of `input`, written
/// straight into `out` while both last. Stops at the first quantum holding
/// anything else (padding, junk, non-ASCII). Returns `(input bytes
/// consumed, output bytes written)`.
#[cfg(target_pointer_width = "64")]
fn decode_quanta(input: &[u8], out: &mut [u8]) -> (usize, usize) {
    let (mut src, mut dst) = (input, out);
    // Two quanta a step through the lane tables, while eight input and
    // six output bytes are left.
    {
        let mut steps = 0usize;
        for (pair, six) in src
            .as_chunks::<8>()
            .0
            .iter()
            .zip(dst.as_chunks_mut::<6>().0)
        {
            if decode_pair(pair, six).is_none() {
                break;
            }
            steps = steps.wrapping_add(1);
        }
        src = src.get(steps.wrapping_mul(8)..).unwrap_or_default();
        dst = core::mem::take(&mut dst)
            .get_mut(steps.wrapping_mul(6)..)
            .unwrap_or_default();
    }
    while let (Some((&[a, b, c, d], src_tail)), Some(([x, y, z], dst_tail))) = (
        src.split_first_chunk::<4>(),
        dst.split_first_chunk_mut::<3>(),
    ) {
        let (a, b, c, d) = (sextet(a), sextet(b), sextet(c), sextet(d));
        // INVALID and PAD have the top bits set; sextets never do.
        if (a | b | c | d) & 0xC0 != 0 {
            break;
        }
        *x = (a << 2) | (b >> 4);
        *y = (b << 4) | (c >> 2);
        *z = (c << 6) | d;
        src = src_tail;
        dst = dst_tail;
    }
    let consumed = input.len().wrapping_sub(src.len());
    (consumed, (consumed / 4).saturating_mul(3))
}

/// The usual input of both decoders, cut into its parts (64-bit targets):
/// whole quanta of alphabet bytes, the last one possibly `xx==` or `xxx=`.
#[cfg(target_pointer_width = "64")]
struct Usual<'a> {
    /// The quanta before the last one, two at a time, ...
    pairs: &'a [[u8; 8]],
    /// ... and the one left over when their number is odd.
    single: Option<&'a [u8; 4]>,
    /// The last quantum, its padding read as `A` (sextet 0).
    last: [u8; 4],
    /// The bits of the last quantum's word that its padding drops: all
    /// zero in canonical input.
    dropped: u64,
    /// The decoded length.
    len: usize,
}

/// `input` as [`Usual`] parts, or `None` when its length is not a multiple
/// of four or its end is no quantum. The bytes are not checked yet.
#[cfg(target_pointer_width = "64")]
#[inline(always)]
fn usual(input: &[u8]) -> Option<Usual<'_>> {
    let (body, &[a, b, c, d]) = input.split_last_chunk::<4>()?;
    if !body.len().is_multiple_of(4) {
        return None;
    }
    // With the padding read as `A`, the bits a padded end drops are the
    // word's second and third byte (`xx==`) or its third (`xxx=`).
    let (last, kept, dropped) = match (c, d) {
        (b'=', b'=') => ([a, b, b'A', b'A'], 1, 0xFF_FF00),
        (_, b'=') => ([a, b, c, b'A'], 2, 0xFF_0000),
        _ => ([a, b, c, d], 3, 0),
    };
    let (pairs, single) = body.as_chunks::<8>();
    Some(Usual {
        pairs,
        single: single.first_chunk::<4>(),
        last,
        dropped,
        len: (body.len() / 4).saturating_mul(3).saturating_add(kept),
    })
}

/// The usual input of both decoders, decoded in one pass (64-bit targets):
/// [`Usual`] input of alphabet bytes and room for the result in `out`.
/// Returns the decoded length and whether the bits a padded end drops are
/// zero (the strict decoder's canonical rule). `None` for any other input:
/// the general paths decide it (and state a short buffer's exact size).
#[cfg(target_pointer_width = "64")]
#[inline(always)]
fn decode_padded(input: &[u8], out: &mut [u8]) -> Option<(usize, bool)> {
    let usual = usual(input)?;
    let out = out.get_mut(..usual.len)?;
    let (sixes, mut rest) = out.split_at_mut_checked(usual.pairs.len().saturating_mul(6))?;
    for (pair, six) in usual.pairs.iter().zip(sixes.as_chunks_mut::<6>().0) {
        decode_pair(pair, six)?;
    }
    if let Some(quantum) = usual.single {
        let bits = quantum_bits(quantum);
        let (Some(([x, y, z], tail)), false) = (rest.split_first_chunk_mut::<3>(), bits & BAD != 0)
        else {
            return None;
        };
        let [b0, b1, b2, ..] = bits.to_le_bytes();
        (*x, *y, *z) = (b0, b1, b2);
        rest = tail;
    }
    let bits = quantum_bits(&usual.last);
    if bits & BAD != 0 {
        return None;
    }
    let [x, y, z, ..] = bits.to_le_bytes();
    match rest {
        [a, b, c] => (*a, *b, *c) = (x, y, z),
        [a, b] => (*a, *b) = (x, y),
        [a] => *a = x,
        _ => return None,
    }
    Some((usual.len, bits & usual.dropped == 0))
}

/// CPython's lenient `base64.b64decode`, into `out`; returns the decoded length.
///
/// Errors: a non-ASCII byte anywhere ([`Error::Base64InvalidByte`], CPython's
/// `ValueError`), input ending one data character past a quantum
/// ([`Error::Base64DanglingCharacter`]) or two or three past it without the
/// padding that completes it ([`Error::Base64BadPadding`]), and a short `out`
/// ([`Error::BufferTooSmall`] with the exact size).
///
/// ```
/// use authparse::base64::decode_lenient;
/// let mut buf = [0u8; 8];
/// let n = decode_lenient(b"Zm9vOmJhcg==garbage", &mut buf).unwrap();
/// assert_eq!(&buf[..n], b"foo:bar");
/// assert!(decode_lenient(b"Og", &mut buf).is_err());
/// ```
pub fn decode_lenient(input: &[u8], out: &mut [u8]) -> Result<usize, Error> {
    // The usual shape in one pass; else whole quanta in a hot loop first,
    // and the usual end (`xx==` or `xxx=` and nothing after) in one step:
    // where speed is worth its flash (not on 32-bit targets, where the
    // state machine below does all of it).
    #[cfg(target_pointer_width = "64")]
    if let Some((n, _)) = decode_padded(input, out) {
        return Ok(n);
    }
    decode_lenient_general(input, out)
}

/// [`decode_lenient`] of any input: out of line on 64-bit targets, so that
/// the usual shape's path stays small.
#[cfg_attr(target_pointer_width = "64", inline(never))]
fn decode_lenient_general(input: &[u8], out: &mut [u8]) -> Result<usize, Error> {
    #[cfg_attr(not(target_pointer_width = "64"), allow(unused_mut))]
    let mut sink = Sink::new(out);
    #[cfg_attr(not(target_pointer_width = "64"), allow(unused_mut))]
    let mut rest = input;
    #[cfg(target_pointer_width = "64")]
    {
        let consumed = sink.fill(|free| decode_quanta(rest, free));
        rest = rest.get(consumed..).unwrap_or_default();
        let mut quantum = [0u8; 4];
        if let Some(n) = padded_final_quantum(rest, &mut quantum) {
            flush_partial(&mut sink, &quantum, n);
            return sink.finish();
        }
    }
    decode_lenient_bytes(rest, sink)
}

/// The lenient decoder's state machine, one byte at a time, from a quantum
/// boundary: all of [`decode_lenient`] on 32-bit targets, the end of the
/// input after the whole quanta elsewhere.
fn decode_lenient_bytes(input: &[u8], mut sink: Sink<'_>) -> Result<usize, Error> {
    let mut rest = input;
    // The sextets of the current quantum, six bits each, the latest lowest;
    // a byte is written as soon as its bits are complete (after the 2nd,
    // 3rd and 4th sextet), which is what padding would flush.
    let mut bits = 0u32;
    let mut q = 0u32;
    let mut pads = 0u32;
    while let Some((&byte, tail)) = rest.split_first() {
        rest = tail;
        match sextet(byte) {
            PAD => {
                if q >= 2 {
                    // At most 2 + 2: a third `=` returns below.
                    pads = pads.wrapping_add(1);
                    if q.wrapping_add(pads) >= 4 {
                        // Padding completed the quantum: ignore the rest,
                        // which CPython still requires to be ASCII.
                        if rest.iter().fold(0, |acc, &b| acc | b) >= 0x80 {
                            return Err(Error::Base64InvalidByte);
                        }
                        return sink.finish();
                    }
                }
            }
            INVALID if byte >= 0x80 => return Err(Error::Base64InvalidByte),
            INVALID => {}
            value => {
                pads = 0;
                bits = (bits << 6) | u32::from(value);
                q = q.wrapping_add(1) & 3;
                // After sextet 2, 3, 4 (q = 2, 3, 0): the top 8 of the
                // 12, 18, 24 bits held, i.e. `bits` shifted by 4, 2, 0.
                if q != 1 {
                    let shift = 8u32.wrapping_sub(q.wrapping_mul(2)) & 7;
                    sink.push((bits >> shift) as u8);
                }
            }
        }
    }
    match q {
        0 => sink.finish(),
        1 => Err(Error::Base64DanglingCharacter),
        _ => Err(Error::Base64BadPadding),
    }
}

/// When `rest` is exactly one padded quantum (`xx==` or `xxx=` of alphabet
/// bytes), stores its sextets in `quantum` and returns how many there are.
/// A shortcut for speed (-40 Ir on a short Basic value), left out on 32-bit
/// targets, where its flash counts more.
#[cfg(target_pointer_width = "64")]
fn padded_final_quantum(rest: &[u8], quantum: &mut [u8; 4]) -> Option<usize> {
    let &[a, b, c, d] = rest else { return None };
    let s = [sextet(a), sextet(b), sextet(c), sextet(d)];
    let n = match s {
        [a, b, PAD, PAD] if (a | b) < 64 => 2,
        [a, b, c, PAD] if (a | b | c) < 64 => 3,
        _ => return None,
    };
    *quantum = s;
    Some(n)
}

/// Emits the bytes of a quantum cut short by padding (2 or 3 sextets).
#[cfg(target_pointer_width = "64")]
fn flush_partial(out: &mut Sink<'_>, quantum: &[u8; 4], q: usize) {
    let [a, b, c, _] = *quantum;
    out.push((a << 2) | (b >> 4));
    if q == 3 {
        out.push((b << 4) | (c >> 2));
    }
}

/// Strict RFC 4648 §4 decoding into `out`: length a multiple of four, only
/// alphabet bytes, one or two `=` only at the end, zero trailing bits.
///
/// ```
/// use authparse::base64::decode_strict;
/// let mut buf = [0u8; 4];
/// assert_eq!(decode_strict(b"Og==", &mut buf), Ok(1));
/// assert!(decode_strict(b"Oh==", &mut buf).is_err()); // non-canonical
/// assert!(decode_strict(b"Og", &mut buf).is_err()); // unpadded
/// ```
pub fn decode_strict(input: &[u8], out: &mut [u8]) -> Result<usize, Error> {
    #[cfg(target_pointer_width = "64")]
    if let Some((n, canonical)) = decode_padded(input, out) {
        return if canonical {
            Ok(n)
        } else {
            Err(Error::Base64NonCanonical)
        };
    }
    decode_strict_general(input, out)
}

/// [`decode_strict`] of any input: out of line on 64-bit targets, so that
/// the usual shape's path stays small. Strict input is lenient input that
/// decodes the same, so this checks the strict rules and leaves the
/// decoding (and a short buffer's exact size) to the lenient decoder: one
/// decoder in flash for both.
#[cfg_attr(target_pointer_width = "64", inline(never))]
fn decode_strict_general(input: &[u8], out: &mut [u8]) -> Result<usize, Error> {
    match strict_violation(input) {
        Some(error) => Err(error),
        None => decode_lenient_general(input, out),
    }
}

/// The first rule of [`decode_strict`] that `input` breaks, quantum by
/// quantum: a length not a multiple of four, a byte outside the alphabet,
/// padding other than `xx==` or `xxx=` at the very end, non-zero trailing
/// bits.
fn strict_violation(input: &[u8]) -> Option<Error> {
    if !input.len().is_multiple_of(4) {
        return Some(if input.iter().all(|&b| sextet(b) < 64 || b == b'=') {
            Error::Base64BadPadding
        } else {
            Error::Base64InvalidByte
        });
    }
    let mut quanta = input.chunks_exact(4);
    while let Some(chunk) = quanta.next() {
        let is_last = quanta.len() == 0;
        let mut s = [0u8; 4];
        for (slot, &b) in s.iter_mut().zip(chunk) {
            *slot = sextet(b);
        }
        if s.iter().all(|&v| v < 64) {
            continue;
        }
        if s.contains(&INVALID) {
            return Some(Error::Base64InvalidByte);
        }
        // Padding: allowed only in the last quantum, as `xx==` or `xxx=`,
        // with the bits it drops zero.
        return match s {
            [a, b, PAD, PAD] if is_last && a < 64 && b < 64 => {
                (b & 0x0F != 0).then_some(Error::Base64NonCanonical)
            }
            [a, b, c, PAD] if is_last && a < 64 && b < 64 && c < 64 => {
                (c & 0x03 != 0).then_some(Error::Base64NonCanonical)
            }
            _ => Some(Error::Base64BadPadding),
        };
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::vec::Vec;

    fn lenient(input: &[u8]) -> Result<Vec<u8>, Error> {
        let mut buf = [0u8; 64];
        decode_lenient(input, &mut buf).map(|n| buf[..n].to_vec())
    }

    #[test]
    fn spec_table() {
        let ok: &[(&[u8], &[u8])] = &[
            (b"dXNlcjpwYXNz", b"user:pass"),
            (b"Og==", b":"),
            (b"Oh==", b":"),
            (b"dXNl cjpw YXNz", b"user:pass"),
            (b"dXNl\tcjpw\nYXNz", b"user:pass"),
            (b"dXNlcjpwYXNz!!", b"user:pass"),
            (b"dXNlcjpwYXNz\x00", b"user:pass"),
            (b"Zm9vOmJhcg==garbage", b"foo:bar"),
            (b"Zm9vOmJhcg=x=", b"foo:bar\x0c"),
            (b"=Og==", b":"),
            (b"O=g==", b":"),
            (b"Og=====", b":"),
            (b"dXNlcjpwYXNz====", b"user:pass"),
            (b"====", b""),
            (b"", b""),
        ];
        for (input, expected) in ok {
            assert_eq!(lenient(input).as_deref(), Ok(*expected), "{input:?}");
        }
        assert_eq!(lenient(b"dXNlcjpwYXM"), Err(Error::Base64BadPadding));
        assert_eq!(lenient(b"Og"), Err(Error::Base64BadPadding));
        assert_eq!(lenient(b"Og="), Err(Error::Base64BadPadding));
        assert_eq!(lenient(b"O"), Err(Error::Base64DanglingCharacter));
        assert_eq!(lenient(b"-_8="), Err(Error::Base64DanglingCharacter));
        assert_eq!(lenient(b"dXNlcjpwYXNz\xe9"), Err(Error::Base64InvalidByte));
    }

    proptest::proptest! {
        /// The byte-at-a-time state machine (all of the decoder on 32-bit
        /// targets) decides every input as the whole decoder does.
        #[test]
        fn state_machine_alone_matches(input in proptest::collection::vec(proptest::prop_oneof![
            proptest::sample::select(b"AZaz09+/=Og! \xe9".to_vec()), proptest::prelude::any::<u8>()], 0..40),
            len in 0usize..40) {
            let (mut a, mut b) = ([0u8; 40], [0u8; 40]);
            let whole = decode_lenient(&input, &mut a[..len]);
            let alone = decode_lenient_bytes(&input, Sink::new(&mut b[..len]));
            proptest::prop_assert_eq!(whole, alone);
            if let Ok(n) = whole {
                proptest::prop_assert_eq!(&a[..n], &b[..n]);
            }
        }
    }

    proptest::proptest! {
        /// The one-pass path of the usual shape decides every input as the
        /// general strict decoder does (alphabet-heavy inputs with
        /// padding, junk and short buffers).
        #[test]
        fn strict_fast_path_matches(input in proptest::collection::vec(proptest::prop_oneof![
            proptest::sample::select(b"AZaz09+/=Og! \xe9".to_vec()), proptest::prelude::any::<u8>()], 0..40),
            len in 0usize..40) {
            let (mut a, mut b) = ([0u8; 40], [0u8; 40]);
            let whole = decode_strict(&input, &mut a[..len]);
            let general = decode_strict_general(&input, &mut b[..len]);
            proptest::prop_assert_eq!(whole, general);
            if let Ok(n) = whole {
                proptest::prop_assert_eq!(&a[..n], &b[..n]);
            }
        }

        /// The same for the lenient decoder, on canonical-looking input.
        #[test]
        fn lenient_fast_path_matches(input in proptest::collection::vec(
            proptest::sample::select(b"AZaz09+/=".to_vec()), 0..40), len in 0usize..40) {
            let (mut a, mut b) = ([0u8; 40], [0u8; 40]);
            let whole = decode_lenient(&input, &mut a[..len]);
            let general = decode_lenient_general(&input, &mut b[..len]);
            proptest::prop_assert_eq!(whole, general);
            if let Ok(n) = whole {
                proptest::prop_assert_eq!(&a[..n], &b[..n]);
            }
        }
    }

    #[test]
    fn short_buffer_states_exact_size() {
        let mut buf = [0u8; 3];
        assert_eq!(
            decode_lenient(b"Zm9vOmJhcg==", &mut buf),
            Err(Error::BufferTooSmall { needed: 7 })
        );
        assert_eq!(
            decode_strict(b"Zm9vOmJhcg==", &mut buf),
            Err(Error::BufferTooSmall { needed: 7 })
        );
    }

    #[test]
    fn strict_rejects_what_lenient_forgives() {
        let mut buf = [0u8; 64];
        for bad in [
            &b"Oh=="[..],
            b"Og",
            b"dXNl cjpwYXNz",
            b"Og==Og==",
            b"=Og=",
            b"O===",
            b"Zm9vOmJhcg==garbage",
        ] {
            assert!(decode_strict(bad, &mut buf).is_err(), "{bad:?}");
        }
        assert_eq!(decode_strict(b"", &mut buf), Ok(0));
    }

    #[test]
    fn strict_errors_name_the_first_broken_rule() {
        let mut buf = [0u8; 64];
        let cases: &[(&[u8], Result<usize, Error>)] = &[
            (b"Og", Err(Error::Base64BadPadding)),
            (b"O!", Err(Error::Base64InvalidByte)),
            (b"Zm9vOmJhcg==garbage", Err(Error::Base64BadPadding)),
            (b"Oh==", Err(Error::Base64NonCanonical)),
            (b"Zm9vOmJ=", Err(Error::Base64NonCanonical)),
            (b"Zm9vOmI=", Ok(5)),
            (b"Og==Og==", Err(Error::Base64BadPadding)),
            (b"Og==!!!!", Err(Error::Base64BadPadding)),
            (b"!!!!Og==", Err(Error::Base64InvalidByte)),
            (b"=Og=", Err(Error::Base64BadPadding)),
            (b"O===", Err(Error::Base64BadPadding)),
            (b"====", Err(Error::Base64BadPadding)),
            (b"Og=!", Err(Error::Base64InvalidByte)),
        ];
        for (input, expected) in cases {
            assert_eq!(decode_strict(input, &mut buf), *expected, "{input:?}");
        }
        // A short buffer only once the input is valid.
        assert_eq!(
            decode_strict(b"Oh==", &mut buf[..0]),
            Err(Error::Base64NonCanonical)
        );
    }
}
