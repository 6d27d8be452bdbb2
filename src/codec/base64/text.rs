//! Base64 straight to text: where `Basic` credentials land in the caller's
//! buffer ([`TextSpan`]), and on 64-bit targets their usual shape decoded,
//! checked and made ready for `from_utf8` in one pass ([`decode_ascii`]).
//!
//! Safe code reaches a `&str` only through `core::str::from_utf8`, which
//! reads 16 bytes a step only from an 8-aligned start and only while 16
//! bytes are left: below that, byte by byte (≈ 7 instructions a byte). The
//! one-pass path therefore decodes at the first 8-aligned byte of the
//! buffer and follows the text with SP up to a multiple of 16 bytes.

#[cfg(target_pointer_width = "64")]
use super::{lane, pair_bits, quantum_bits, BAD, DECODE};

/// Where decoded text lies in a buffer: `len` bytes from `start`, followed
/// by padding (SP) up to `checked` bytes from `start`, which
/// [`TextSpan::padded`] validates in one call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct TextSpan {
    start: usize,
    len: usize,
    checked: usize,
}

impl TextSpan {
    /// The first `len` bytes of the buffer, validated as they are.
    pub(crate) const fn whole(len: usize) -> Self {
        TextSpan {
            start: 0,
            len,
            checked: len,
        }
    }

    /// The text's length.
    pub(crate) const fn len(self) -> usize {
        self.len
    }

    /// The span's text and its padding (the first [`len`](Self::len)
    /// bytes are the text), or `None` when the text is not UTF-8. The
    /// padding is ASCII, so the checked bytes are UTF-8 exactly when the
    /// text is.
    #[inline(always)]
    pub(crate) fn padded(self, buf: &[u8]) -> Option<&str> {
        let checked = buf.get(self.start..)?.get(..self.checked)?;
        core::str::from_utf8(checked).ok()
    }
}

/// Room `decode_ascii` needs after the bytes of the input's quanta: the
/// padding and the last word it writes past the text's end.
#[cfg(target_pointer_width = "64")]
const ROOM: usize = 16;

/// A byte outside the alphabet in [`LAST`]: the four lanes are added, not
/// ORed, so this bit counts such bytes (bits 24 to 26 of the sum).
#[cfg(target_pointer_width = "64")]
const LAST_BAD: u64 = 1 << 24;

/// What an alphabet byte adds besides its sextet's bits: bits 32 to 55
/// mark the decoded bytes kept (the first always, the second unless the
/// third input byte is `=`, the third unless the fourth is), bits 56 to
/// 63 count them.
#[cfg(target_pointer_width = "64")]
const KEEP: [u64; 4] = [
    (1 << 56) | (0xFF << 32),
    0,
    (1 << 56) | (0xFF00 << 32),
    (1 << 56) | (0xFF_0000 << 32),
];

/// `=` as the last quantum's third byte, and as its fourth (the lanes are
/// added): in the count's byte `0xC0` and `0x40`, which leave the count
/// 1 (`xx==`, carry lost) or 2 (`xxx=`), and set bit 63 for `=` third
/// with an alphabet byte fourth.
#[cfg(target_pointer_width = "64")]
const PAD_THIRD: u64 = 0xC0 << 56;
#[cfg(target_pointer_width = "64")]
const PAD_FOURTH: u64 = 0x40 << 56;

/// The bits of the last quantum's sum that reject it: a byte outside the
/// alphabet, or `=` in the third place without one in the fourth.
#[cfg(target_pointer_width = "64")]
const LAST_REJECT: u64 = (1 << 63) | (0xFF << 24);

/// The lanes of the last quantum (positions 0 to 3 of [`LANES`](super)),
/// with its padding read by the table: one sum decides the shape, the
/// length and the bytes kept, without selects. 8 KiB, 64-bit targets.
// Evaluated at compile time: an out-of-range index would fail the build.
#[cfg(target_pointer_width = "64")]
#[allow(clippy::indexing_slicing)]
static LAST: [[u64; 256]; 4] = {
    let mut tables = [[LAST_BAD; 256]; 4];
    let mut byte = 0;
    while byte < 256 {
        let s = DECODE[byte] as u64;
        if s < 64 {
            let mut pos = 0;
            while pos < 4 {
                tables[pos][byte] = lane(pos, s) | KEEP[pos];
                pos += 1;
            }
        }
        byte += 1;
    }
    tables[2][b'=' as usize] = PAD_THIRD;
    tables[3][b'=' as usize] = PAD_FOURTH;
    tables
};

/// The sum of the last quantum's lanes in [`LAST`].
#[cfg(target_pointer_width = "64")]
#[inline(always)]
fn last_bits(&[a, b, c, d]: &[u8; 4]) -> u64 {
    let [t0, t1, t2, t3] = &LAST;
    let at = |t: &[u64; 256], byte: u8| t.get(usize::from(byte)).copied().unwrap_or(LAST_BAD);
    at(t0, a)
        .wrapping_add(at(t1, b))
        .wrapping_add(at(t2, c))
        .wrapping_add(at(t3, d))
}

/// Decodes the usual base64 input (whole quanta, the last possibly padded)
/// into `buf` as text in one pass, when the result is ASCII (`PRINTABLE`:
/// SP to `~`, and the base64 canonical) and `buf` has room for it at its
/// first 8-aligned byte: three bytes per input quantum plus [`ROOM`].
/// `None` otherwise: the caller's general path then decides the input,
/// error and all.
///
/// Two quanta a step as one word through the lane tables, the words' high
/// bits (and, when `PRINTABLE`, their bytes below SP or DEL) gathered on
/// the way; the last quantum through [`LAST`]; then SP after the text.
#[cfg(target_pointer_width = "64")]
#[inline(always)]
pub(crate) fn decode_ascii<const PRINTABLE: bool>(
    input: &[u8],
    buf: &mut [u8],
) -> Option<TextSpan> {
    let printable = PRINTABLE;
    let (body, last) = input.split_last_chunk::<4>()?;
    if !body.len().is_multiple_of(4) {
        return None;
    }
    // The last quantum first: fewer values live across the loop.
    let last = last_bits(last);
    // The kept bytes' mask in the low 24 bits.
    let keep = last >> 32;
    if last & LAST_REJECT != 0 || (printable && last & !keep & 0xFF_FFFF != 0) {
        return None;
    }
    let kept = (last >> 56) as usize & 3;
    let whole = (body.len() / 4).wrapping_mul(3);
    let start = buf.as_ptr().addr().wrapping_neg() & 7;
    let out = buf
        .get_mut(start..)?
        .get_mut(..whole.checked_add(3 + ROOM)?)?;
    // The flags of a word's bytes `lanes` (a high bit each): non-ASCII,
    // and when `PRINTABLE` below SP (taking SP borrows into the high bit)
    // or DEL (adding 1 carries into it). A borrow or carry starts only at
    // such a byte, so the lowest one is always flagged.
    let flags = |w: u64, lanes: u64| {
        let control = match printable {
            true => w.wrapping_sub(0x2020_2020_2020_2020) | w.wrapping_add(0x0101_0101_0101_0101),
            false => 0,
        };
        match printable {
            true => (w | control) & lanes,
            // A pair's or a whole quantum's unused bytes are zero.
            false => w,
        }
    };
    // `BAD` is a high bit: `seen` gathers it too.
    let mut seen = 0;
    let (pairs, single) = body.as_chunks::<8>();
    // `out` holds three bytes per quantum: every pair has its six.
    let (sixes, _) = out.split_at_mut_checked(pairs.len().checked_mul(6)?)?;
    for (pair, six) in pairs.iter().zip(sixes.as_chunks_mut::<6>().0) {
        let bits = pair_bits(pair);
        seen |= flags(bits, 0x8080_8080_8080) | (bits & BAD);
        // As a 4-byte and a 2-byte store (six bytes are six stores).
        let (low, high) = six.split_at_mut(4);
        low.copy_from_slice(&(bits as u32).to_le_bytes());
        high.copy_from_slice(&((bits >> 32) as u16).to_le_bytes());
    }
    if let Some(quantum) = single.first_chunk::<4>() {
        let bits = quantum_bits(quantum);
        if bits & BAD != 0 {
            return None;
        }
        seen |= flags(bits, 0x80_8080);
        // Its word's last five bytes are the last quantum's place.
        *out.get_mut(whole.wrapping_sub(3)..)?
            .first_chunk_mut::<8>()? = bits.to_le_bytes();
    }
    // The bytes the padding drops may hold bits (lenient input).
    seen |= flags(last, 0x80_8080) & 0x80_8080 & keep;
    if seen & 0x8080_8080_8080_8080 != 0 {
        return None;
    }
    let tail = out.get_mut(whole..)?.first_chunk_mut::<{ 3 + ROOM }>()?;
    let (word, _) = tail.split_first_chunk_mut::<8>()?;
    *word = last.to_le_bytes();
    *tail.get_mut(kept..)?.first_chunk_mut::<ROOM>()? = [b' '; ROOM];
    let len = whole.wrapping_add(kept);
    Some(TextSpan {
        start,
        len,
        checked: len.wrapping_add(len.wrapping_neg() & 15),
    })
}

#[cfg(all(test, target_pointer_width = "64"))]
mod tests {
    use super::*;
    use crate::codec::base64::{decode_lenient, decode_strict};
    use std::vec::Vec;

    /// What `decode_ascii` must answer: the plain decoder's bytes when they
    /// are ASCII (printable ASCII for the strict decoder) and the input has
    /// the usual shape (whole quanta, the last possibly `xx==` or `xxx=`),
    /// else `None`.
    fn plain(input: &[u8], printable: bool) -> Option<Vec<u8>> {
        let usual = crate::codec::base64::usual(input).is_some();
        let mut buf = [0u8; 64];
        let n = match printable {
            false => decode_lenient(input, &mut buf).ok()?,
            true => decode_strict(input, &mut buf).ok()?,
        };
        let bytes = &buf[..n];
        let ok = match printable {
            false => bytes.is_ascii(),
            true => bytes.iter().all(|&b| (0x20..0x7F).contains(&b)),
        };
        (usual && ok).then(|| bytes.to_vec())
    }

    fn check(
        input: &[u8],
        skew: usize,
        room: usize,
    ) -> Result<(), proptest::test_runner::TestCaseError> {
        let mut backing = [0u8; 128];
        for printable in [false, true] {
            let buf = &mut backing[skew..skew + room];
            let start = buf.as_ptr().addr().wrapping_neg() & 7;
            let expected = plain(input, printable);
            let fits = expected.is_some() && start + input.len() / 4 * 3 + ROOM <= room;
            let span = match printable {
                false => decode_ascii::<false>(input, buf),
                true => decode_ascii::<true>(input, buf),
            };
            proptest::prop_assert_eq!(span.is_some(), fits, "{:?} printable {}", input, printable);
            if let Some(span) = span {
                let padded = span.padded(buf).expect("ASCII text");
                proptest::prop_assert_eq!(padded.len() % 16, 0);
                proptest::prop_assert_eq!(padded.as_ptr().addr() % 8, 0);
                proptest::prop_assert_eq!(
                    padded.get(..span.len()).map(str::as_bytes),
                    expected.as_deref()
                );
                proptest::prop_assert!(padded.as_bytes()[span.len()..].iter().all(|&b| b == b' '));
            }
        }
        Ok(())
    }

    proptest::proptest! {
        /// The one-pass path answers exactly when the plain decoders give
        /// (printable) ASCII of the usual shape and the buffer has room,
        /// with their bytes, aligned and padded.
        #[test]
        fn one_pass_matches_the_plain_decoders(
            input in proptest::collection::vec(proptest::prop_oneof![
                4 => proptest::sample::select(b"AZaz09+/=OgdXNlcjpwYXNz".to_vec()),
                1 => proptest::prelude::any::<u8>()], 0..44),
            skew in 0usize..8,
            room in 0usize..100,
        ) {
            check(&input, skew, room)?;
        }

        /// The same on the encodings of short byte strings, mostly text.
        #[test]
        fn one_pass_on_encoded_text(
            text in proptest::collection::vec(proptest::prop_oneof![
                4 => 0x20u8..0x7F, 1 => proptest::prelude::any::<u8>()], 0..30),
            skew in 0usize..8,
        ) {
            use base64::Engine as _;
            let encoded = base64::engine::general_purpose::STANDARD.encode(&text);
            check(encoded.as_bytes(), skew, 100)?;
        }
    }

    #[test]
    fn known_answers() {
        let mut buf = [0u8; 64];
        let span = decode_ascii::<true>(b"dXNlcjpwYXNzd29yZA==", &mut buf).unwrap();
        assert_eq!(&span.padded(&buf).unwrap()[..span.len()], "user:password");
        // Non-canonical: the lenient path takes it, the strict one leaves it.
        assert!(decode_ascii::<false>(b"Oh==", &mut buf).is_some());
        assert!(decode_ascii::<true>(b"Oh==", &mut buf).is_none());
        // A control byte (`\t` is `CQ==`): ASCII, not printable.
        assert!(decode_ascii::<false>(b"CQ==", &mut buf).is_some());
        assert!(decode_ascii::<true>(b"CQ==", &mut buf).is_none());
        // DEL (`fw==`) and a non-ASCII byte (`6Q==`).
        assert!(decode_ascii::<true>(b"fw==", &mut buf).is_none());
        assert!(decode_ascii::<false>(b"6Q==", &mut buf).is_none());
        // No room for the padding.
        assert!(decode_ascii::<false>(b"dXNlcjpwYXNz", &mut buf[..20]).is_none());
    }
}
