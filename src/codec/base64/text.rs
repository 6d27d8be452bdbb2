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
use super::{pair_bits, quantum_bits, usual, BAD};

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

/// Room `decode_ascii` needs after the text: the padding and the last
/// word it writes past the text's end.
#[cfg(target_pointer_width = "64")]
const ROOM: usize = 16;

/// Decodes the usual base64 input (whole quanta, the last possibly padded)
/// into `buf` as text in one pass, when the result is ASCII (`PRINTABLE`:
/// SP to `~`, and the base64 canonical) and `buf` has room for it at its
/// first 8-aligned byte plus 16 bytes. `None` otherwise: the caller's
/// general path then decides the input, error and all.
///
/// Two quanta a step as one word through the lane tables, each written
/// whole (the next one overwrites its last two bytes), the words' high
/// bits (and, when `PRINTABLE`, their bytes below SP or DEL) gathered on
/// the way; then SP after the text.
#[cfg(target_pointer_width = "64")]
#[inline(always)]
pub(crate) fn decode_ascii<const PRINTABLE: bool>(
    input: &[u8],
    buf: &mut [u8],
) -> Option<TextSpan> {
    let printable = PRINTABLE;
    let usual = usual(input)?;
    // The last quantum first: fewer values live across the loop.
    let last = quantum_bits(&usual.last);
    if last & BAD != 0 || (printable && last & usual.dropped != 0) {
        return None;
    }
    let len = usual.len;
    let start = buf.as_ptr().addr().wrapping_neg() & 7;
    let out = buf.get_mut(start..)?.get_mut(..len.checked_add(ROOM)?)?;
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
    let mut at = 0usize;
    for pair in usual.pairs {
        let bits = pair_bits(pair);
        seen |= flags(bits, 0x8080_8080_8080) | (bits & BAD);
        *out.get_mut(at..)?.first_chunk_mut::<8>()? = bits.to_le_bytes();
        at = at.wrapping_add(6);
    }
    if let Some(quantum) = usual.single {
        let bits = quantum_bits(quantum);
        if bits & BAD != 0 {
            return None;
        }
        seen |= flags(bits, 0x80_8080);
        *out.get_mut(at..)?.first_chunk_mut::<8>()? = bits.to_le_bytes();
        at = at.wrapping_add(3);
    }
    // The bytes the padding drops may hold bits (lenient input).
    seen |= flags(last, 0x80_8080 & !usual.dropped) & !usual.dropped;
    if seen & 0x8080_8080_8080_8080 != 0 {
        return None;
    }
    *out.get_mut(at..)?.first_chunk_mut::<8>()? = last.to_le_bytes();
    *out.get_mut(len..)?.first_chunk_mut::<ROOM>()? = [b' '; ROOM];
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
    /// the usual shape, else `None`.
    fn plain(input: &[u8], printable: bool) -> Option<Vec<u8>> {
        let usual = usual(input).is_some();
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
            let fits = expected
                .as_ref()
                .is_some_and(|e| start + e.len() + ROOM <= room);
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
