//! Text helpers: Latin-1 → UTF-8 transcoding, Latin-1 comparison.
//!
//! Header-derived values are raw bytes; FastAPI reads them as Latin-1, one
//! character per byte. These helpers give that same text.
//!
//! ```
//! use authparse::text::latin1_to_utf8;
//! let mut buf = [0u8; 8];
//! assert_eq!(latin1_to_utf8(b"caf\xe9", &mut buf).unwrap(), "café");
//! ```

use crate::base::error::Error;
use crate::base::sink::Sink;

/// Writes the Latin-1 reading of `bytes` into `buf` as UTF-8.
///
/// Needs `bytes.len()` plus one byte per byte ≥ 0x80.
pub fn latin1_to_utf8<'b>(bytes: &[u8], buf: &'b mut [u8]) -> Result<&'b str, Error> {
    let mut sink = Sink::new(buf);
    for &b in bytes {
        sink.push_char(char::from(b));
    }
    sink.into_str()
}

/// Whether `bytes`, read as Latin-1, is the text `text`.
///
/// ```
/// use authparse::text::latin1_eq;
/// assert!(latin1_eq(b"caf\xe9", "café"));
/// assert!(!latin1_eq("café".as_bytes(), "café"));
/// ```
pub fn latin1_eq(bytes: &[u8], text: &str) -> bool {
    let mut chars = text.chars();
    bytes.iter().all(|&b| chars.next() == Some(char::from(b))) && chars.next().is_none()
}

/// The length and the range of the second byte of the UTF-8 sequence that
/// `lead` (a byte >= 0x80) starts, or `None` when no valid one starts with
/// it (Unicode Table 3-7: the bytes after the second are `0x80..=0xBF`).
#[inline]
pub(crate) const fn utf8_lead(lead: u8) -> Option<(u32, u8, u8)> {
    Some(match lead {
        0xC2..=0xDF => (2, 0x80, 0xBF),
        0xE0 => (3, 0xA0, 0xBF),
        0xE1..=0xEC | 0xEE..=0xEF => (3, 0x80, 0xBF),
        0xED => (3, 0x80, 0x9F),
        0xF0 => (4, 0x90, 0xBF),
        0xF1..=0xF3 => (4, 0x80, 0xBF),
        0xF4 => (4, 0x80, 0x8F),
        _ => return None,
    })
}

/// Whether `bytes` is valid UTF-8, as `core::str::from_utf8(bytes).is_ok()`
/// says, for short text with few non-ASCII characters: ASCII eight bytes a
/// step (the last word overlapping), each other character checked where it
/// starts. Core's check goes byte by byte below sixteen bytes and around
/// each non-ASCII byte. 64-bit targets only (speed).
#[cfg(target_pointer_width = "64")]
pub(crate) fn is_utf8(bytes: &[u8]) -> bool {
    use crate::base::bytes::{high_mask, next_word};
    let mut rest = bytes;
    while let Some(word) = next_word(bytes, rest) {
        let high = high_mask(word);
        if high == 0 {
            rest = rest.get(8..).unwrap_or_default();
            continue;
        }
        let ascii = (high.trailing_zeros() >> 3) as usize;
        let Some((&lead, tail)) = rest.get(ascii..).and_then(<[u8]>::split_first) else {
            return false;
        };
        let Some((len, lo, hi)) = utf8_lead(lead) else {
            return false;
        };
        let continuation =
            |b: Option<&u8>, lo: u8, hi: u8| b.is_some_and(|b| (lo..=hi).contains(b));
        let ok = match len {
            2 => continuation(tail.first(), lo, hi),
            3 => continuation(tail.first(), lo, hi) && continuation(tail.get(1), 0x80, 0xBF),
            _ => {
                continuation(tail.first(), lo, hi)
                    && continuation(tail.get(1), 0x80, 0xBF)
                    && continuation(tail.get(2), 0x80, 0xBF)
            }
        };
        if !ok {
            return false;
        }
        rest = tail.get(len.wrapping_sub(1) as usize..).unwrap_or_default();
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[cfg(target_pointer_width = "64")]
    #[test]
    fn utf8_check_is_core_s_on_every_short_sequence() {
        // Every sequence of up to three bytes from the boundary bytes of
        // Table 3-7, behind 0 to 9 ASCII bytes (the word steps' cases).
        let bytes = [
            b'a', 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1,
            0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF,
        ];
        let n = bytes.len();
        // Under Miri two bytes behind no ASCII byte (the proptest below
        // covers the others).
        let (pads, sequences) = if cfg!(miri) {
            (1, n * n)
        } else {
            (10, n * n * n)
        };
        for pad in 0..pads {
            for k in 0..sequences {
                let mut v = std::vec![b'x'; pad];
                v.extend([bytes[k % n], bytes[k / n % n], bytes[k / n / n]]);
                for cut in pad..=v.len() {
                    let s = &v[..cut];
                    assert_eq!(is_utf8(s), core::str::from_utf8(s).is_ok(), "{s:x?}");
                }
            }
        }
    }

    proptest! {
        #[cfg(target_pointer_width = "64")]
        #[test]
        fn utf8_check_is_core_s(
            // Any chars (not a `\\PC` regex: building one takes ~20 s under Miri).
            text in proptest::collection::vec(any::<char>(), 0..24),
            noise in proptest::collection::vec((0usize..40, any::<u8>()), 0..3),
        ) {
            let mut v = std::string::String::from_iter(text).into_bytes();
            for (at, b) in noise {
                if at <= v.len() {
                    v.insert(at, b);
                }
            }
            prop_assert_eq!(is_utf8(&v), core::str::from_utf8(&v).is_ok());
        }
    }
}
