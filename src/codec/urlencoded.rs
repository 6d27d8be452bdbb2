//! `application/x-www-form-urlencoded` (query strings and form bodies).
//!
//! [`pairs`] splits like `urllib.parse.parse_qsl` and python-multipart: on
//! `&` only, empty pieces skipped, name and value split at the first `=`.
//! Components are decoded into caller buffers, as Starlette does
//! ([`decode`]) or as WHATWG does ([`decode_strict`]).
//!
//! Starlette's decoding: `+` becomes a space first; raw bytes ≥ 0x80 are read
//! as Latin-1; ASCII runs are percent-decoded and the result read as UTF-8,
//! one U+FFFD per maximal invalid subpart. The output is UTF-8.
//!
//! ```
//! use authparse::urlencoded::{decode, pairs};
//! let mut buf = [0u8; 32];
//! let pair = pairs(b"&&key=a%20b%2Bc&x").next().unwrap();
//! assert_eq!(pair.name, b"key");
//! assert_eq!(decode(pair.value, &mut buf).unwrap(), "a b+c");
//! assert_eq!(decode(b"\xc3\xa9=%C3%A9", &mut buf).unwrap(), "Ã©=é");
//! ```

use crate::base::bytes::{eq_mask, find_byte, high_mask, split_byte};
use crate::base::error::Error;
use crate::base::sink::Sink;
use crate::base::text::utf8_lead;

/// One `name=value` piece, both raw (still encoded).
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Pair<'a> {
    /// The raw name.
    pub name: &'a [u8],
    /// The raw value (`b""` when the piece has no `=`).
    pub value: &'a [u8],
}

impl core::fmt::Debug for Pair<'_> {
    /// Lengths only: values may be passwords.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(
            f,
            "Pair {{ name: {} bytes, value: {} bytes }}",
            self.name.len(),
            self.value.len()
        )
    }
}

#[cfg(feature = "defmt")]
impl defmt::Format for Pair<'_> {
    fn format(&self, f: defmt::Formatter<'_>) {
        defmt::write!(
            f,
            "Pair {{ name: {=usize} bytes, value: {=usize} bytes }}",
            self.name.len(),
            self.value.len()
        )
    }
}

/// Splits on `&`, skips empty pieces, splits each at its first `=`.
pub fn pairs(input: &[u8]) -> impl Iterator<Item = Pair<'_>> + Clone {
    split_byte(input, b'&')
        .filter(|p| !p.is_empty())
        .map(Pair::of)
}

impl<'a> Pair<'a> {
    /// A piece split at its first `=`.
    fn of(piece: &'a [u8]) -> Pair<'a> {
        match find_byte(piece, b'=') {
            Some(eq) => Pair {
                name: piece.get(..eq).unwrap_or_default(),
                value: piece.get(eq.saturating_add(1)..).unwrap_or_default(),
            },
            None => Pair {
                name: piece,
                value: &[],
            },
        }
    }
}

/// The first pair of `input` (empty pieces skipped) and what follows its
/// `&`; `None` when no piece is left: [`pairs`] one step at a time.
pub(crate) fn first_pair(input: &[u8]) -> Option<(Pair<'_>, &[u8])> {
    let mut rest = input;
    loop {
        if rest.is_empty() {
            return None;
        }
        let (piece, tail) = split_at_amp(rest);
        if !piece.is_empty() {
            return Some((Pair::of(piece), tail));
        }
        rest = tail;
    }
}

/// `bytes` up to its first `&`, and what follows that `&` (empty when
/// there is none).
#[inline]
pub(crate) fn split_at_amp(bytes: &[u8]) -> (&[u8], &[u8]) {
    #[cfg(target_pointer_width = "64")]
    let at = crate::base::bytes::find_byte_wide(bytes, b'&');
    #[cfg(not(target_pointer_width = "64"))]
    let at = find_byte(bytes, b'&');
    let at = at.unwrap_or(bytes.len());
    let (piece, tail) = bytes.split_at_checked(at).unwrap_or((bytes, &[]));
    (piece, tail.get(1..).unwrap_or_default())
}

pub(crate) const fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b & 0x0F),
        b'a'..=b'f' | b'A'..=b'F' => Some((b & 0x0F).wrapping_add(9)),
        _ => None,
    }
}

/// Whether Starlette's decoding can change `raw` (any `%`, `+` or byte ≥
/// 0x80); when it cannot, [`decode`] returns `raw` itself.
pub fn needs_decoding(raw: &[u8]) -> bool {
    any_special(raw, true)
}

/// Whether `raw` holds `%`, `+` or (with `high`) a byte >= 0x80; eight
/// bytes at a time.
fn any_special(raw: &[u8], high: bool) -> bool {
    let mut rest = raw;
    while let Some((chunk, tail)) = rest.split_first_chunk::<8>() {
        let x = u64::from_le_bytes(*chunk);
        let non_ascii = if high { high_mask(x) } else { 0 };
        if (eq_mask(x, b'%') | eq_mask(x, b'+') | non_ascii) != 0 {
            return true;
        }
        rest = tail;
    }
    rest.iter()
        .any(|&b| b == b'%' || b == b'+' || (high && b >= 0x80))
}

/// `+`→SP and `%XX` decoding of every byte (others copied) into `buf`;
/// the length written, or `None` when `buf` is too short.
pub(crate) fn percent_decode_into(raw: &[u8], buf: &mut [u8]) -> Option<usize> {
    percent_decode(raw, buf, false, &mut 0u64)
}

/// `+`→SP and `%XX` decoding of a component that must be ASCII (`None` also
/// at a raw byte >= 0x80; nothing is promised about `buf` then), and whether
/// an escape gave a byte >= 0x80 (when none did, the output is ASCII: no
/// UTF-8 check is needed). The ASCII test is folded into the word loop.
/// 64-bit targets only (speed).
#[cfg(target_pointer_width = "64")]
#[inline]
pub(crate) fn percent_decode_ascii_high(raw: &[u8], buf: &mut [u8]) -> Option<(usize, bool)> {
    let mut seen = 0u64;
    let n = percent_decode(raw, buf, true, &mut seen)?;
    Some((n, high_mask(seen) != 0))
}

/// [`percent_decode_into`], and whether the output may hold a byte >= 0x80
/// (a raw one or an escape's). 64-bit targets only (speed).
#[cfg(target_pointer_width = "64")]
pub(crate) fn percent_decode_high(raw: &[u8], buf: &mut [u8]) -> Option<(usize, bool)> {
    let mut seen = 0u64;
    let n = percent_decode(raw, buf, false, &mut seen)?;
    Some((n, high_mask(seen) != 0))
}

/// The value of every byte as a hex digit, 0x10 for a byte that is none.
// Evaluated at compile time: an out-of-range index would fail the build.
#[cfg(target_pointer_width = "64")]
#[allow(clippy::indexing_slicing)]
const HEX: [u8; 256] = {
    let mut table = [0x10u8; 256];
    let mut b = 0;
    while b < 256 {
        if let Some(v) = hex_value(b as u8) {
            table[b] = v;
        }
        b += 1;
    }
    table
};

/// The byte that the hex digits `h` and `l` spell, by two table loads and
/// one test ([`hex_value`] twice on 32-bit targets: flash).
#[cfg(target_pointer_width = "64")]
#[inline(always)]
fn hex_pair(h: u8, l: u8) -> Option<u8> {
    let digit = |b: u8| HEX.get(usize::from(b)).copied().unwrap_or(0x10);
    let (h, l) = (digit(h), digit(l));
    ((h | l) < 0x10).then_some((h << 4) | l)
}

/// `x` with every `+` byte made a SP (exactly those bytes: the test is
/// exact per byte, unlike [`eq_mask`]). 64-bit targets only (speed).
#[cfg(target_pointer_width = "64")]
#[inline(always)]
fn plus_to_space(x: u64) -> u64 {
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    let y = x ^ 0x2B2B_2B2B_2B2B_2B2B;
    // Bit 7 of a byte set iff it was `+` (see `eq_mask_exact16`).
    let plus = !((y & LOW7).wrapping_add(LOW7) | y | LOW7);
    x ^ (plus >> 7).wrapping_mul(u64::from(b'+' ^ b' '))
}

/// The decoding of [`percent_decode_into`]. On 64-bit targets eight bytes
/// are copied as one word (each `+` made a SP) up to the first `%` (or, with
/// `ascii_only`, the first byte at or above 0x80), a valid escape there
/// decoded at once, while `buf` has eight bytes of room
/// (bytes past the returned length may then be overwritten with input); on
/// 32-bit ones one byte a step (flash). `seen` gets the OR of every word
/// read and every byte written by a byte step: a bit 7 set in it says that
/// the output may hold a byte >= 0x80.
#[inline(always)]
fn percent_decode(raw: &[u8], buf: &mut [u8], ascii_only: bool, seen: &mut u64) -> Option<usize> {
    let mut n = 0usize;
    let mut rest = raw;
    loop {
        #[cfg(target_pointer_width = "64")]
        if let (Some(x), Some(dst)) = (
            crate::base::bytes::next_word(raw, rest),
            buf.get_mut(n..).and_then(<[u8]>::first_chunk_mut::<8>),
        ) {
            let high = if ascii_only { high_mask(x) } else { 0 };
            // `+` is decoded in the word; the lowest flag of each mask is
            // exact, so of their union too.
            let x = plus_to_space(x);
            let special = eq_mask(x, b'%') | high;
            *dst = x.to_le_bytes();
            if !ascii_only {
                // (With `ascii_only`, a high byte read is never written.)
                *seen |= x;
            }
            let plain = ((special.trailing_zeros() >> 3) as usize).min(rest.len());
            n = n.wrapping_add(plain);
            rest = rest.get(plain..).unwrap_or_default();
            // A valid escape at the stop is decoded here too, without the
            // byte step's cases.
            if let [b'%', h, l, after @ ..] = rest {
                if let Some(byte) = hex_pair(*h, *l) {
                    *buf.get_mut(n)? = byte;
                    *seen |= u64::from(byte);
                    n = n.wrapping_add(1);
                    rest = after;
                    continue;
                }
            }
            if special == 0 || rest.is_empty() {
                continue;
            }
        }
        let Some((&b, tail)) = rest.split_first() else {
            return Some(n);
        };
        let (byte, tail) = match (b, tail) {
            (b'%', [h, l, after @ ..]) => match (hex_value(*h), hex_value(*l)) {
                (Some(h), Some(l)) => ((h << 4) | l, after),
                _ => (b'%', tail),
            },
            (b'+', _) => (b' ', tail),
            (0x80.., _) if ascii_only => return None,
            _ => (b, tail),
        };
        *buf.get_mut(n)? = byte;
        *seen |= u64::from(byte);
        n = n.wrapping_add(1);
        rest = tail;
    }
}

/// Starlette's decoding of `raw` (which [`needs_decoding`]) into `buf`:
/// the exact length written, or [`Error::BufferTooSmall`] with the exact size.
/// The bytes written are valid UTF-8.
pub(crate) fn decode_into(raw: &[u8], buf: &mut [u8]) -> Result<usize, Error> {
    // Fast path: an all-ASCII component is a single run, so Starlette's
    // result is the lossy UTF-8 reading of its percent-decoding, which is
    // that decoding itself when it is valid UTF-8.
    if raw.is_ascii() {
        if let Some(n) = percent_decode_into(raw, buf) {
            if buf
                .get(..n)
                .is_some_and(|out| core::str::from_utf8(out).is_ok())
            {
                return Ok(n);
            }
        }
    }
    let mut sink = Sink::new(buf);
    for c in decoded_chars(raw) {
        sink.push_char(c);
    }
    sink.finish()
}

/// WHATWG decoding of `raw` into `buf`: the exact length written, or
/// [`Error::BufferTooSmall`]; the bytes are not checked for UTF-8.
pub(crate) fn decode_strict_into(raw: &[u8], buf: &mut [u8]) -> Result<usize, Error> {
    match percent_decode_into(raw, buf) {
        Some(n) => Ok(n),
        None => Err(Error::BufferTooSmall {
            needed: decoded_len_strict(raw),
        }),
    }
}

/// The bytes of an ASCII run after `+`→SP and percent-decoding, one at a
/// time; stops before a raw byte ≥ 0x80 (FastAPI) or never (strict).
#[derive(Clone)]
struct PercentBytes<'a> {
    rest: &'a [u8],
    stop_at_high: bool,
}

impl PercentBytes<'_> {
    fn peek(&self) -> Option<(u8, usize)> {
        match *self.rest {
            [b'%', h, l, ..] => match (hex_value(h), hex_value(l)) {
                (Some(h), Some(l)) => Some(((h << 4) | l, 3)),
                _ => Some((b'%', 1)),
            },
            [b'+', ..] => Some((b' ', 1)),
            [b, ..] if b >= 0x80 && self.stop_at_high => None,
            [b, ..] => Some((b, 1)),
            [] => None,
        }
    }

    fn advance(&mut self, n: usize) {
        self.rest = self.rest.get(n..).unwrap_or_default();
    }
}

impl Iterator for PercentBytes<'_> {
    type Item = u8;
    fn next(&mut self) -> Option<u8> {
        let (b, n) = self.peek()?;
        self.advance(n);
        Some(b)
    }
}

/// Reads one UTF-8 scalar from `bytes` with `from_utf8_lossy`'s rules: an
/// invalid sequence gives U+FFFD for its maximal subpart and leaves the byte
/// that broke it unread.
fn next_lossy(bytes: &mut PercentBytes<'_>) -> Option<Result<char, ()>> {
    let first = bytes.next()?;
    if first < 0x80 {
        return Some(Ok(char::from(first)));
    }
    let Some((len, lo, hi)) = utf8_lead(first) else {
        return Some(Err(()));
    };
    let mut code = u32::from(first) & (0x7F >> len);
    for i in 1..len {
        let (lo, hi) = if i == 1 { (lo, hi) } else { (0x80, 0xBF) };
        match bytes.peek() {
            Some((b, n)) if (lo..=hi).contains(&b) => {
                bytes.advance(n);
                code = (code << 6) | u32::from(b & 0x3F);
            }
            _ => return Some(Err(())),
        }
    }
    Some(char::from_u32(code).ok_or(()))
}

/// The characters of a component under Starlette's decoding.
///
/// ```
/// use authparse::urlencoded::decoded_chars;
/// let s: String = decoded_chars(b"a+%E2%82\xe9").collect();
/// assert_eq!(s, "a \u{fffd}\u{e9}");
/// ```
pub fn decoded_chars(raw: &[u8]) -> impl Iterator<Item = char> + Clone + '_ {
    let mut bytes = PercentBytes {
        rest: raw,
        stop_at_high: true,
    };
    core::iter::from_fn(move || match bytes.rest.first() {
        Some(&b) if b >= 0x80 => {
            bytes.advance(1);
            Some(char::from(b))
        }
        Some(_) => next_lossy(&mut bytes).map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER)),
        None => None,
    })
}

/// Whether `raw` decodes (Starlette's way) to exactly `name`, without a buffer.
pub fn component_eq(raw: &[u8], name: &str) -> bool {
    if !needs_decoding(raw) {
        return raw == name.as_bytes();
    }
    decoded_chars(raw).eq(name.chars())
}

/// Decodes a component as Starlette does, into `buf` when decoding changes
/// it (otherwise the input itself is returned).
pub fn decode<'a: 'o, 'o>(raw: &'a [u8], buf: &'o mut [u8]) -> Result<&'o str, Error> {
    if !needs_decoding(raw) {
        return core::str::from_utf8(raw).map_err(|_| Error::InvalidUtf8);
    }
    let n = decode_into(raw, buf)?;
    core::str::from_utf8(buf.get(..n).unwrap_or_default()).map_err(|_| Error::InvalidUtf8)
}

/// The exact size [`decode`] needs for `raw`.
pub fn decoded_len(raw: &[u8]) -> usize {
    decoded_chars(raw)
        .map(char::len_utf8)
        .fold(0usize, usize::saturating_add)
}

/// WHATWG decoding: `+`→SP, every `%XX` decoded, then strict UTF-8
/// ([`Error::InvalidUtf8`] instead of U+FFFD).
///
/// ```
/// use authparse::urlencoded::decode_strict;
/// let mut buf = [0u8; 8];
/// assert_eq!(decode_strict(b"%C3\xa9", &mut buf).unwrap(), "é");
/// assert!(decode_strict(b"%E2%82", &mut buf).is_err());
/// ```
pub fn decode_strict<'a: 'o, 'o>(raw: &'a [u8], buf: &'o mut [u8]) -> Result<&'o str, Error> {
    if !needs_decoding_strict(raw) {
        return core::str::from_utf8(raw).map_err(|_| Error::InvalidUtf8);
    }
    let n = decode_strict_into(raw, buf)?;
    core::str::from_utf8(buf.get(..n).unwrap_or_default()).map_err(|_| Error::InvalidUtf8)
}

/// Whether WHATWG decoding can change `raw` (any `%` or `+`); when it
/// cannot, [`decode_strict`] returns `raw` itself.
pub fn needs_decoding_strict(raw: &[u8]) -> bool {
    any_special(raw, false)
}

/// The exact size [`decode_strict`] writes for `raw`.
pub fn decoded_len_strict(raw: &[u8]) -> usize {
    (PercentBytes {
        rest: raw,
        stop_at_high: false,
    })
    .count()
}

/// Whether `raw`, percent-decoded the WHATWG way, is exactly `name`'s bytes.
pub fn component_eq_strict(raw: &[u8], name: &str) -> bool {
    (PercentBytes {
        rest: raw,
        stop_at_high: false,
    })
    .eq(name.bytes())
}

/// The raw value of the last pair whose decoded name is `name` (FastAPI's
/// "last wins"), or `None`.
pub fn find_last<'a>(input: &'a [u8], name: &str) -> Option<&'a [u8]> {
    pairs(input)
        .filter(|p| component_eq(p.name, name))
        .last()
        .map(|p| p.value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::{format, string::String};

    fn dec(raw: &[u8]) -> String {
        let mut buf = [0u8; 256];
        decode(raw, &mut buf).unwrap().into()
    }

    #[test]
    fn spec_examples() {
        assert_eq!(dec(b"a%20b%2Bc"), "a b+c");
        assert_eq!(dec(b"%E2%82"), "\u{fffd}");
        assert_eq!(dec(b"%C0%AF"), "\u{fffd}\u{fffd}");
        assert_eq!(dec(b"%ED%A0%80"), "\u{fffd}\u{fffd}\u{fffd}");
        assert_eq!(dec(b"%F4%90%80%80"), "\u{fffd}\u{fffd}\u{fffd}\u{fffd}");
        assert_eq!(dec(b"\xc3\xa9"), "Ã©");
        assert_eq!(dec(b"%ZZ%4"), "%ZZ%4");
        assert_eq!(dec(b"%%41"), "%A");
        assert_eq!(dec(b"%2B+"), "+ ");
        assert_eq!(dec(b"%C3\xa9"), "\u{fffd}\u{a9}");
        assert_eq!(dec(b"%2B%26%3D"), "+&=");
    }

    #[test]
    fn last_wins_and_names_decode() {
        assert_eq!(
            find_last(b"key=first&key=second", "key"),
            Some(&b"second"[..])
        );
        assert_eq!(find_last(b"k%65y=secret", "key"), Some(&b"secret"[..]));
        assert_eq!(find_last(b"KEY=secret", "key"), None);
        assert_eq!(find_last(b"key=secret&key", "key"), Some(&b""[..]));
        assert_eq!(find_last(b"key=a;b", "key"), Some(&b"a;b"[..]));
    }

    #[test]
    fn short_buffer() {
        let mut buf = [0u8; 2];
        assert_eq!(
            decode(b"%C3%A9%C3%A9", &mut buf),
            Err(Error::BufferTooSmall { needed: 4 })
        );
        assert_eq!(decoded_len(b"%C3%A9%C3%A9"), 4);
    }

    /// Starlette's algorithm written plainly over owned strings.
    fn reference(raw: &[u8]) -> String {
        let plus: std::vec::Vec<u8> = raw
            .iter()
            .map(|&b| if b == b'+' { b' ' } else { b })
            .collect();
        let mut out = String::new();
        let mut i = 0;
        while i < plus.len() {
            if plus[i] >= 0x80 {
                out.push(char::from(plus[i]));
                i += 1;
                continue;
            }
            let start = i;
            while i < plus.len() && plus[i] < 0x80 {
                i += 1;
            }
            let run = &plus[start..i];
            let mut bytes = std::vec::Vec::new();
            let mut j = 0;
            while j < run.len() {
                if run[j] == b'%'
                    && j + 2 < run.len()
                    && run[j + 1].is_ascii_hexdigit()
                    && run[j + 2].is_ascii_hexdigit()
                {
                    bytes.push(
                        u8::from_str_radix(std::str::from_utf8(&run[j + 1..j + 3]).unwrap(), 16)
                            .unwrap(),
                    );
                    j += 3;
                } else {
                    bytes.push(run[j]);
                    j += 1;
                }
            }
            out.push_str(&String::from_utf8_lossy(&bytes));
        }
        out
    }

    /// `+`→SP and `%XX`, byte by byte, over owned bytes.
    fn percent_reference(raw: &[u8]) -> std::vec::Vec<u8> {
        let mut out = std::vec::Vec::new();
        let mut i = 0;
        while i < raw.len() {
            let hex = |j: usize| raw.get(j).and_then(|&b| hex_value(b));
            match (raw[i], hex(i + 1), hex(i + 2)) {
                (b'%', Some(h), Some(l)) => {
                    out.push(h << 4 | l);
                    i += 3;
                    continue;
                }
                (b'+', ..) => out.push(b' '),
                (b, ..) => out.push(b),
            }
            i += 1;
        }
        out
    }

    proptest! {
        #[test]
        fn percent_decoding_matches_reference(raw in proptest::collection::vec(
            prop_oneof![Just(b'%'), Just(b'+'), any::<u8>(), Just(b'a'), Just(b'4'), Just(b'F'), Just(b'*'), Just(b'\x80')], 0..40), room in 0usize..48) {
            let expected = percent_reference(&raw);
            let mut buf = std::vec![0u8; room];
            let got = percent_decode_into(&raw, &mut buf);
            if expected.len() <= room {
                prop_assert_eq!(got, Some(expected.len()));
                prop_assert_eq!(&buf[..expected.len()], &expected[..]);
            } else {
                prop_assert_eq!(got, None);
            }
            #[cfg(target_pointer_width = "64")]
            {
                let mut buf = std::vec![0u8; room];
                let got = percent_decode_ascii_high(&raw, &mut buf);
                if !raw.is_ascii() || expected.len() > room {
                    prop_assert_eq!(got, None);
                } else {
                    let high = expected.iter().any(|&b| b >= 0x80);
                    prop_assert_eq!(got, Some((expected.len(), high)));
                    prop_assert_eq!(&buf[..expected.len()], &expected[..]);
                }
            }
        }

        #[test]
        fn matches_plain_reference(raw in proptest::collection::vec(
            prop_oneof![Just(b'%'), Just(b'+'), any::<u8>(), Just(b'C'), Just(b'3'), Just(b'E'), Just(b'8')], 0..40)) {
            prop_assert_eq!(dec(&raw), reference(&raw));
            prop_assert_eq!(decoded_len(&raw), reference(&raw).len());
        }

        #[test]
        fn agrees_with_form_urlencoded_on_escaped_ascii(
            // Any chars (not a `\\PC` regex: building one takes ~20 s under Miri).
            text in proptest::collection::vec(any::<char>(), 0..20).prop_map(String::from_iter),
        ) {
            let encoded: String = form_urlencoded::byte_serialize(text.as_bytes()).collect();
            let theirs: String = form_urlencoded::parse(format!("k={encoded}").as_bytes()).next().unwrap().1.into_owned();
            prop_assert_eq!(dec(encoded.as_bytes()), theirs.clone());
            let mut buf = [0u8; 256];
            prop_assert_eq!(decode_strict(encoded.as_bytes(), &mut buf).unwrap(), theirs.as_str());
        }
    }
}
