//! Byte scanning shared by the tokenizers: word-at-a-time (SWAR) search and
//! 256-entry byte-class tables for the RFC character sets.
//!
//! Everything is plain safe Rust: eight or sixteen bytes are loaded into an
//! integer and tested together, and class membership is one table lookup.

/// `0x01` in every byte of a word.
pub(crate) const LO: u64 = 0x0101_0101_0101_0101;
/// `0x80` in every byte of a word.
pub(crate) const HI: u64 = 0x8080_8080_8080_8080;

/// The bytes of `x` equal to `b`, flagged in their high bit. The lowest flag
/// is exact (higher ones may be false positives after a match), so
/// `trailing_zeros() >> 3` is the index of the first match.
pub(crate) const fn eq_mask(x: u64, b: u8) -> u64 {
    let y = x ^ LO.wrapping_mul(b as u64);
    y.wrapping_sub(LO) & !y & HI
}

/// The bytes of `x` below `n` (`n` at most 0x80), flagged in their high
/// bit; as with [`eq_mask`], the lowest flag is exact.
///
/// Control bytes are `lt_mask(x, 0x20)`.
#[inline(always)]
pub(crate) const fn lt_mask(x: u64, n: u8) -> u64 {
    x.wrapping_sub(LO.wrapping_mul(n as u64)) & !x & HI
}

/// The bytes of `x` at or above 0x80 (non-ASCII), flagged exactly.
#[inline(always)]
pub(crate) const fn high_mask(x: u64) -> u64 {
    x & HI
}

/// The bytes of `x` that are not printable ASCII above SP (so SP, a control
/// byte, DEL excluded, or a byte at or above 0x80), flagged in their high
/// bit; the lowest flag is exact. A word with none holds no whitespace of
/// any kind.
#[cfg_attr(not(target_pointer_width = "64"), allow(dead_code))]
#[inline(always)]
pub(crate) const fn space_or_high_mask(x: u64) -> u64 {
    (x.wrapping_sub(LO.wrapping_mul(0x21)) | x) & HI
}

/// Whether `b` is printable ASCII above SP (`!`..=`~`): never whitespace
/// of any kind, so the usual byte at a value's ends needs no strip.
/// 64-bit targets only (its users are shortcuts).
#[cfg(any(test, target_pointer_width = "64"))]
pub(crate) const fn is_graphic_ascii(b: u8) -> bool {
    b.wrapping_sub(0x21) < 0x5E
}

/// Whether a header field value may carry `b` as configured text: not a
/// control byte (HTAB aside) and not DEL. CR/LF would split the message.
pub(crate) const fn is_header_safe(b: u8) -> bool {
    b >= 0x20 && b != 0x7F || b == b'\t'
}

/// The position of the first byte at or after `from` in `bytes` that is not
/// printable ASCII above SP (see [`space_or_high_mask`]), eight bytes a
/// step. Fewer than eight bytes left are read as the last word of `bytes`
/// shifted down, so a short tail costs one step too. 64-bit targets only
/// (its one user, the scopes split's fast path, is).
#[cfg(target_pointer_width = "64")]
#[inline]
pub(crate) fn find_space_or_high(bytes: &[u8], from: usize) -> Option<usize> {
    let mut rest = bytes.get(from..)?;
    while let Some((word, tail)) = rest.split_first_chunk::<8>() {
        let flagged = space_or_high_mask(u64::from_le_bytes(*word));
        if flagged != 0 {
            let consumed = bytes.len().wrapping_sub(rest.len());
            return Some(consumed.wrapping_add((flagged.trailing_zeros() >> 3) as usize));
        }
        rest = tail;
    }
    if rest.is_empty() {
        return None;
    }
    let Some(last) = bytes.last_chunk::<8>() else {
        let graphic = |b: u8| b.wrapping_sub(0x21) < 0x5F;
        return rest
            .iter()
            .position(|&b| !graphic(b))
            .map(|i| bytes.len().wrapping_sub(rest.len()).wrapping_add(i));
    };
    // Shift out the bytes before `rest`: zero bytes come in at the top, and
    // are flagged, past the end.
    let before = 8usize.wrapping_sub(rest.len()) as u32;
    let word = u64::from_le_bytes(*last)
        .checked_shr(before.wrapping_mul(8))
        .unwrap_or(0);
    let i = (space_or_high_mask(word).trailing_zeros() >> 3) as usize;
    (i < rest.len()).then(|| bytes.len().wrapping_sub(rest.len()).wrapping_add(i))
}

/// The position of the first `needle` in `haystack`: sixteen bytes a step on
/// 64-bit targets, four on 32-bit ones ([`find_byte_32`]).
#[cfg(target_pointer_width = "64")]
pub(crate) fn find_byte(haystack: &[u8], needle: u8) -> Option<usize> {
    find_byte_128(haystack, needle)
}

/// On 32-bit targets (Cortex-M, RV32) a `u128` word takes four registers
/// (and, on Cortex-M0, a library call to multiply): words of the native
/// width take a third of the flash and less stack (budgets.toml). x86-64
/// (the benchmarks) keeps the `u128` words.
#[cfg(not(target_pointer_width = "64"))]
pub(crate) fn find_byte(haystack: &[u8], needle: u8) -> Option<usize> {
    find_byte_32(haystack, needle)
}

/// Defines a [`find_byte`] that tests `$bytes` bytes a step in a `$word`:
/// one body for both widths.
macro_rules! swar_find_byte {
    ($(#[$attr:meta])* $name:ident, $word:ty, $bytes:literal) => {
        $(#[$attr])*
        fn $name(haystack: &[u8], needle: u8) -> Option<usize> {
            const ONES: $word = <$word>::from_le_bytes([0x01; $bytes]);
            const HIGH: $word = <$word>::from_le_bytes([0x80; $bytes]);
            let pattern = ONES.wrapping_mul(<$word>::from(needle));
            let mut rest = haystack;
            // `rest` shrinks, so the offset is what was consumed.
            while let Some((chunk, tail)) = rest.split_first_chunk::<$bytes>() {
                let x = <$word>::from_le_bytes(*chunk) ^ pattern;
                let found = x.wrapping_sub(ONES) & !x & HIGH;
                if found != 0 {
                    let consumed = haystack.len().wrapping_sub(rest.len());
                    return Some(consumed.wrapping_add((found.trailing_zeros() >> 3) as usize));
                }
                rest = tail;
            }
            let consumed = haystack.len().wrapping_sub(rest.len());
            rest.iter()
                .position(|&b| b == needle)
                .map(|i| consumed.wrapping_add(i))
        }
    };
}

swar_find_byte!(
    /// [`find_byte`] four bytes a step (the 32-bit targets' word).
    #[cfg_attr(all(not(test), target_pointer_width = "64"), allow(dead_code))]
    find_byte_32,
    u32,
    4
);
swar_find_byte!(
    /// [`find_byte`] sixteen bytes a step.
    #[cfg_attr(not(target_pointer_width = "64"), allow(dead_code))]
    find_byte_128,
    u128,
    16
);

/// The next eight bytes of `rest` (a tail of `raw`) as a word; fewer left
/// are the last word of `raw` shifted down, or, when `raw` is shorter than
/// a word, `rest` copied: zeros above them either way (ASCII NULs, so
/// neither high nor any searched byte but NUL). `None` when `rest` is
/// empty. 64-bit targets only (speed).
#[cfg(target_pointer_width = "64")]
#[inline(always)]
pub(crate) fn next_word(raw: &[u8], rest: &[u8]) -> Option<u64> {
    if let Some(word) = rest.first_chunk::<8>() {
        return Some(u64::from_le_bytes(*word));
    }
    if rest.is_empty() {
        return None;
    }
    let Some(last) = raw.last_chunk::<8>() else {
        // A component shorter than a word: its bytes, zeros above.
        let mut word = [0u8; 8];
        word.get_mut(..rest.len())?.copy_from_slice(rest);
        return Some(u64::from_le_bytes(word));
    };
    let before = 8usize.wrapping_sub(rest.len()) as u32;
    u64::from_le_bytes(*last).checked_shr(before.wrapping_mul(8))
}

/// [`find_byte`] for short haystacks: sixteen bytes a step, then the
/// (at most fifteen) bytes left as two overlapping eight-byte words (the
/// last eight of `haystack`, whose bytes before the rest were already
/// searched), not byte by byte; a haystack under eight bytes is one byte
/// loop. 64-bit targets only (speed).
#[cfg(target_pointer_width = "64")]
#[inline]
pub(crate) fn find_byte_wide(haystack: &[u8], needle: u8) -> Option<usize> {
    let mut rest = haystack;
    while let Some((chunk, tail)) = rest.split_first_chunk::<16>() {
        let found = eq_mask_exact16(*chunk, needle);
        if found != 0 {
            let consumed = haystack.len().wrapping_sub(rest.len());
            return Some(consumed.wrapping_add((found.trailing_zeros() >> 3) as usize));
        }
        rest = tail;
    }
    let consumed = haystack.len().wrapping_sub(rest.len());
    if let Some(word) = rest.first_chunk::<8>() {
        let found = eq_mask(u64::from_le_bytes(*word), needle);
        if found != 0 {
            return Some(consumed.wrapping_add((found.trailing_zeros() >> 3) as usize));
        }
    }
    let Some(last) = haystack.last_chunk::<8>() else {
        return rest
            .iter()
            .position(|&b| b == needle)
            .map(|i| consumed.wrapping_add(i));
    };
    // Every byte before `rest` and in its first word is not `needle`, so
    // the first flag in the last word is the first `needle`.
    let found = eq_mask(u64::from_le_bytes(*last), needle);
    (found != 0).then(|| {
        haystack
            .len()
            .wrapping_sub(8)
            .wrapping_add((found.trailing_zeros() >> 3) as usize)
    })
}

/// The position of the first `a` or `b` in `haystack`, eight bytes a step
/// (a byte loop on 32-bit targets, for flash).
#[cfg(not(target_pointer_width = "64"))]
pub(crate) fn find_either(haystack: &[u8], a: u8, b: u8) -> Option<usize> {
    haystack.iter().position(|&c| c == a || c == b)
}

/// See the 32-bit [`find_either`].
#[cfg(target_pointer_width = "64")]
#[inline]
pub(crate) fn find_either(haystack: &[u8], a: u8, b: u8) -> Option<usize> {
    let mut rest = haystack;
    while let Some((word, tail)) = rest.split_first_chunk::<8>() {
        let x = u64::from_le_bytes(*word);
        let found = eq_mask(x, a) | eq_mask(x, b);
        if found != 0 {
            let consumed = haystack.len().wrapping_sub(rest.len());
            return Some(consumed.wrapping_add((found.trailing_zeros() >> 3) as usize));
        }
        rest = tail;
    }
    let consumed = haystack.len().wrapping_sub(rest.len());
    rest.iter()
        .position(|&c| c == a || c == b)
        .map(|i| consumed.wrapping_add(i))
}

/// The position of the first `a`, `b` or `c` in `haystack`, eight bytes a
/// step. 64-bit targets only (speed; the multipart header shortcut). Not
/// one generic body with [`find_either`]: that measured multipart +29 Ir
/// and moved the cookie search's code (session first 1128 -> 1268 Ir).
#[cfg(target_pointer_width = "64")]
#[inline]
pub(crate) fn find_any3(haystack: &[u8], a: u8, b: u8, c: u8) -> Option<usize> {
    let mut rest = haystack;
    while let Some((word, tail)) = rest.split_first_chunk::<8>() {
        let x = u64::from_le_bytes(*word);
        let found = eq_mask(x, a) | eq_mask(x, b) | eq_mask(x, c);
        if found != 0 {
            let consumed = haystack.len().wrapping_sub(rest.len());
            return Some(consumed.wrapping_add((found.trailing_zeros() >> 3) as usize));
        }
        rest = tail;
    }
    let consumed = haystack.len().wrapping_sub(rest.len());
    rest.iter()
        .position(|&x| x == a || x == b || x == c)
        .map(|i| consumed.wrapping_add(i))
}

/// The bytes of a 16-byte block equal to `b`, each flagged exactly in its
/// high bit (unlike [`eq_mask`], no false positives after a match).
pub(crate) fn eq_mask_exact16(block: [u8; 16], b: u8) -> u128 {
    const LOW7: u128 = u128::from_le_bytes([0x7F; 16]);
    let y = u128::from_le_bytes(block) ^ u128::from_le_bytes([b; 16]);
    // Per byte: bit 7 of `(y & 0x7F) + 0x7F` is set iff the low bits are not
    // all zero, and no carry crosses bytes; so a zero byte alone keeps it clear.
    !((y & LOW7).wrapping_add(LOW7) | y | LOW7)
}

/// The position of the last `needle` in `haystack`, sixteen bytes a step
/// from the end.
#[cfg_attr(not(target_pointer_width = "64"), allow(dead_code))]
pub(crate) fn rfind_byte(haystack: &[u8], needle: u8) -> Option<usize> {
    let mut rest = haystack;
    while let Some((head, block)) = rest.split_last_chunk::<16>() {
        let mask = eq_mask_exact16(*block, needle);
        if mask != 0 {
            // The highest flagged bit is bit 7 of the last matching byte.
            let byte = 127u32.wrapping_sub(mask.leading_zeros()) >> 3;
            return Some(head.len().wrapping_add(byte as usize));
        }
        rest = head;
    }
    rest.iter().rposition(|&b| b == needle)
}

/// Whether any of the 64 bytes of `block` is `needle`. Written as a plain
/// fold without early exit, which the compiler turns into four 16-byte
/// compares and one branch (SSE2 on x86-64, NEON on aarch64): no `unsafe`.
#[cfg(any(test, target_pointer_width = "64"))]
#[inline(always)]
pub(crate) fn any_byte_64(block: &[u8; 64], needle: u8) -> bool {
    block.iter().fold(false, |found, &b| found | (b == needle))
}

/// Whether every byte of `bytes` is an RFC 6265 `cookie-octet`: eight bytes
/// a step on hosts (a word passes when it has no control byte, SP, DEL,
/// non-ASCII byte, `"`, `,`, `;` or a backslash); the table on 32-bit targets.
#[cfg(target_pointer_width = "64")]
pub(crate) fn all_cookie_octets(bytes: &[u8]) -> bool {
    let (words, tail) = bytes.as_chunks::<8>();
    let bad = words.iter().fold(0, |acc, w| {
        let x = u64::from_le_bytes(*w);
        acc | lt_mask(x, 0x21)
            | high_mask(x)
            | eq_mask(x, 0x7F)
            | eq_mask(x, b'"')
            | eq_mask(x, b',')
            | eq_mask(x, b';')
            | eq_mask(x, b'\\')
    });
    bad == 0 && all(tail, COOKIE_OCTET)
}

/// See the host [`all_cookie_octets`].
#[cfg(not(target_pointer_width = "64"))]
pub(crate) fn all_cookie_octets(bytes: &[u8]) -> bool {
    all(bytes, COOKIE_OCTET)
}

/// `haystack.split(|&b| b == sep)` with [`find_byte`] doing the search.
pub(crate) fn split_byte(haystack: &[u8], sep: u8) -> impl Iterator<Item = &[u8]> + Clone {
    let mut rest = Some(haystack);
    core::iter::from_fn(move || {
        let r = rest?;
        match find_byte(r, sep) {
            Some(i) => {
                rest = r.get(i.wrapping_add(1)..);
                r.get(..i)
            }
            None => {
                rest = None;
                Some(r)
            }
        }
    })
}

/// RFC 9110 `tchar`.
pub(crate) const TCHAR: u8 = 1;
/// RFC 7235 `token68` body characters (`ALPHA DIGIT - . _ ~ + /`).
pub(crate) const TOKEN68: u8 = 2;
/// RFC 9110 field content: `VCHAR / obs-text / SP / HTAB`.
pub(crate) const FIELD_CONTENT: u8 = 4;
/// RFC 6265 `cookie-octet`.
pub(crate) const COOKIE_OCTET: u8 = 8;
/// RFC 6749 §3.3 `NQCHAR`.
pub(crate) const NQCHAR: u8 = 16;
/// Python whitespace read as Latin-1 (`whitespace::is_python_space_byte`).
pub(crate) const PY_SPACE: u8 = 32;

const fn classes_of(b: u8) -> u8 {
    let mut c = 0;
    if matches!(b, b'!' | b'#' | b'$' | b'%' | b'&' | b'\'' | b'*' | b'+' | b'-' | b'.'
        | b'^' | b'_' | b'`' | b'|' | b'~' | b'0'..=b'9' | b'a'..=b'z' | b'A'..=b'Z')
    {
        c |= TCHAR;
    }
    if matches!(b, b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'+' | b'/')
    {
        c |= TOKEN68;
    }
    if matches!(b, b'\t' | 0x20..=0x7E | 0x80..=0xFF) {
        c |= FIELD_CONTENT;
    }
    if matches!(b, 0x21 | 0x23..=0x2B | 0x2D..=0x3A | 0x3C..=0x5B | 0x5D..=0x7E) {
        c |= COOKIE_OCTET;
    }
    if matches!(b, 0x21 | 0x23..=0x5B | 0x5D..=0x7E) {
        c |= NQCHAR;
    }
    if crate::base::whitespace::is_python_space_byte(b) {
        c |= PY_SPACE;
    }
    c
}

/// The classes of every byte.
// Evaluated at compile time: an out-of-range index would fail the build.
#[allow(clippy::indexing_slicing)]
const CLASSES: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        table[i] = classes_of(i as u8);
        i += 1;
    }
    table
};

/// Whether `b` belongs to `class` (one of the constants above).
#[inline]
pub(crate) fn is(b: u8, class: u8) -> bool {
    CLASSES.get(usize::from(b)).is_some_and(|&c| c & class != 0)
}

/// Whether every byte of `bytes` belongs to `class`.
#[inline]
pub(crate) fn all(bytes: &[u8], class: u8) -> bool {
    bytes.iter().all(|&b| is(b, class))
}

/// The length of the longest prefix of `bytes` whose bytes all belong to
/// `class`. On 64-bit targets eight bytes a step: their classes are ANDed
/// (eight table loads, no branch per byte), and only the word where the
/// prefix ends is searched byte by byte; on 32-bit ones the byte loop alone
/// (flash).
pub(crate) fn class_prefix_len(bytes: &[u8], class: u8) -> usize {
    #[cfg_attr(not(target_pointer_width = "64"), allow(unused_mut))]
    let mut rest = bytes;
    #[cfg(target_pointer_width = "64")]
    while let Some((word, tail)) = rest.split_first_chunk::<8>() {
        let common = word.iter().fold(class, |acc, &b| {
            acc & CLASSES.get(usize::from(b)).copied().unwrap_or(0)
        });
        if common == 0 {
            break;
        }
        rest = tail;
    }
    let done = bytes.len().wrapping_sub(rest.len());
    let more = rest
        .iter()
        .position(|&b| !is(b, class))
        .unwrap_or(rest.len());
    done.wrapping_add(more)
}

/// Whether every byte of `bytes` is field content (`VCHAR / obs-text / SP /
/// HTAB`), eight bytes a step: a word with no control byte and no DEL needs
/// no lookup.
pub(crate) fn all_field_content(bytes: &[u8]) -> bool {
    let mut rest = bytes;
    while let Some((word, tail)) = rest.split_first_chunk::<8>() {
        let x = u64::from_le_bytes(*word);
        if (lt_mask(x, 0x20) | eq_mask(x, 0x7F)) != 0 && !all(word, FIELD_CONTENT) {
            return false;
        }
        rest = tail;
    }
    all(rest, FIELD_CONTENT)
}

/// `0x20` in each byte of `x` that is an ASCII letter (either case), zero
/// elsewhere. ORed into both sides of a word compare, it makes the compare
/// ASCII case-insensitive: a letter then matches only itself or its other
/// case, any other byte only itself. Against a literal the mask folds at
/// compile time and the compare is one OR. Always inlined: a few register
/// operations, cheaper than a call.
#[cfg(target_pointer_width = "64")]
#[inline(always)]
const fn letter_mask(x: u64) -> u64 {
    // Letters lower-cased, high bits cleared (no carries below: < 0x80).
    let heptets = (x | LO.wrapping_mul(0x20)) & !HI;
    let ge_a = heptets.wrapping_add(LO.wrapping_mul(0x80_u64.wrapping_sub(b'a' as u64)));
    let gt_z = heptets.wrapping_add(LO.wrapping_mul(0x7F_u64.wrapping_sub(b'z' as u64)));
    (ge_a & !gt_z & !x & HI) >> 2
}

/// Whether the words `a` and `b` are equal but for ASCII case.
#[cfg(target_pointer_width = "64")]
#[inline(always)]
const fn word_eq_ignore_case(a: u64, b: u64) -> bool {
    let mask = letter_mask(b);
    a | mask == b | mask
}

/// Whether the eight bytes of `bytes` at `at`, ASCII lower-cased, are
/// `lower` (a literal already in lower case): one folded word compare.
#[cfg(target_pointer_width = "64")]
#[inline(always)]
pub(crate) fn word_eq_lower(bytes: &[u8], at: usize, lower: &[u8; 8]) -> bool {
    bytes
        .get(at..)
        .and_then(<[u8]>::first_chunk::<8>)
        .is_some_and(|w| word_eq_ignore_case(u64::from_le_bytes(*w), u64::from_le_bytes(*lower)))
}

/// The bytes of `x` (all below 0x80) within `lo..=hi`, flagged in their high bit.
// Its only user, `all_hex_digits`, has no 32-bit caller.
#[cfg_attr(not(target_pointer_width = "64"), allow(dead_code))]
const fn in_range(x: u64, lo: u8, hi: u8) -> u64 {
    let ge_lo = x.wrapping_add(LO.wrapping_mul(0x80_u64.wrapping_sub(lo as u64)));
    let gt_hi = x.wrapping_add(LO.wrapping_mul(0x7F_u64.wrapping_sub(hi as u64)));
    ge_lo & !gt_hi & HI
}

/// Whether every byte of `bytes` is an ASCII hexadecimal digit (either
/// case), eight bytes a step (Digest responses, nonce counts, HA1s).
// Hosts only: Digest checks its hex digits byte by byte on 32-bit targets.
#[cfg_attr(not(target_pointer_width = "64"), allow(dead_code))]
#[inline]
pub(crate) fn all_hex_digits(bytes: &[u8]) -> bool {
    let mut rest = bytes;
    while let Some((word, tail)) = rest.split_first_chunk::<8>() {
        let x = u64::from_le_bytes(*word);
        // OR 0x20 maps exactly 'A'..='F' and 'a'..='f' onto 'a'..='f'.
        let hex = in_range(x, b'0', b'9') | in_range(x | LO.wrapping_mul(0x20), b'a', b'f');
        if x & HI != 0 || hex != HI {
            return false;
        }
        rest = tail;
    }
    rest.iter().all(u8::is_ascii_hexdigit)
}

/// `<[u8]>::eq_ignore_ascii_case`: eight bytes a step on 64-bit targets
/// (header names and schemes are compared on every request); on 32-bit ones
/// core's byte loop, which takes far less flash than `u64` words built from
/// register pairs (budgets.toml).
#[cfg(not(target_pointer_width = "64"))]
pub(crate) fn eq_ignore_ascii_case(a: &[u8], b: &[u8]) -> bool {
    a.eq_ignore_ascii_case(b)
}

/// `<[u8]>::eq_ignore_ascii_case`, eight bytes a step (header names and
/// schemes are compared on every request). Inlined: against a literal (a
/// header name, a scheme) the literal's side folds at compile time.
#[cfg(target_pointer_width = "64")]
#[inline]
pub(crate) fn eq_ignore_ascii_case(a: &[u8], b: &[u8]) -> bool {
    eq_folding(a, b)
}

/// [`eq_ignore_ascii_case`] against `lower`, a name already in ASCII lower
/// case (a literal such as `b"content-type"`). On 64-bit targets the same
/// compare: against a literal its letter mask folds either way.
pub(crate) fn eq_ignore_ascii_case_lower(a: &[u8], lower: &[u8]) -> bool {
    eq_ignore_ascii_case(a, lower)
}

#[cfg(target_pointer_width = "64")]
#[inline(always)]
fn eq_folding(a: &[u8], b: &[u8]) -> bool {
    let same = |wa: [u8; 8], wb: [u8; 8]| {
        word_eq_ignore_case(u64::from_le_bytes(wa), u64::from_le_bytes(wb))
    };
    if a.len() != b.len() {
        return false;
    }
    if a.len() < 8 {
        return word_eq_ignore_case(short_word(a), short_word(b));
    }
    let (mut ra, mut rb) = (a, b);
    while let (Some((wa, ta)), Some((wb, tb))) =
        (ra.split_first_chunk::<8>(), rb.split_first_chunk::<8>())
    {
        if !same(*wa, *wb) {
            return false;
        }
        (ra, rb) = (ta, tb);
    }
    // The last eight bytes (overlapping the words already compared).
    match (a.last_chunk::<8>(), b.last_chunk::<8>()) {
        (Some(wa), Some(wb)) => same(*wa, *wb),
        _ => false,
    }
}

/// Whether `bytes` starts with `scheme` (one to seven bytes, no SP) and
/// one SP, ASCII case-insensitively: one masked word compare, cheap even
/// when `scheme` is not a literal. It reads a whole word: on fewer than
/// eight bytes the answer is `false` whatever they hold, and the caller's
/// general path decides.
#[cfg(target_pointer_width = "64")]
#[inline(always)]
pub(crate) fn word_starts_with_scheme(bytes: &[u8], scheme: &[u8]) -> bool {
    let Some(word) = bytes.first_chunk::<8>() else {
        return false;
    };
    if !(1..8).contains(&scheme.len()) {
        return false;
    }
    let bits = (scheme.len() as u32).wrapping_mul(8);
    // The scheme's bytes, and those with the SP after them (56 to 64 bits).
    let in_scheme = (1u64 << bits).wrapping_sub(1);
    let with_sp = 1u64
        .checked_shl(bits.wrapping_add(8))
        .unwrap_or(0)
        .wrapping_sub(1);
    let expected = short_word(scheme);
    // The scheme's letters match either case; the SP after it only itself.
    let mask = letter_mask(expected);
    let pattern = expected | mask | (0x20u64 << bits);
    eq_mask(expected, b' ') & in_scheme == 0
        && (u64::from_le_bytes(*word) | mask) & with_sp == pattern
}

/// Whether any byte of `bytes` is at or above 0x80: eight bytes a step and
/// the last eight overlapping (two loads for a short value, where a byte
/// loop pays per byte).
#[cfg(target_pointer_width = "64")]
pub(crate) fn has_non_ascii(bytes: &[u8]) -> bool {
    let mut seen = 0u64;
    let mut rest = bytes;
    while let Some((word, tail)) = rest.split_first_chunk::<8>() {
        seen |= u64::from_le_bytes(*word);
        rest = tail;
    }
    seen |= match bytes.last_chunk::<8>() {
        Some(last) => u64::from_le_bytes(*last),
        None => short_word(bytes),
    };
    high_mask(seen) != 0
}

/// Whether any byte of `bytes` is non-ASCII, `a` or `b` (both non-zero: a
/// short value is read as one zero-padded word): eight bytes a step and the
/// last eight overlapping, as [`has_non_ascii`].
#[cfg(any(test, target_pointer_width = "64"))]
pub(crate) fn has_non_ascii_or(bytes: &[u8], a: u8, b: u8) -> bool {
    let flagged = |x: u64| high_mask(x) | eq_mask(x, a) | eq_mask(x, b) != 0;
    let mut rest = bytes;
    while let Some((word, tail)) = rest.split_first_chunk::<8>() {
        if flagged(u64::from_le_bytes(*word)) {
            return true;
        }
        rest = tail;
    }
    flagged(match bytes.last_chunk::<8>() {
        Some(last) => u64::from_le_bytes(*last),
        None => short_word(bytes),
    })
}

/// Whether any byte of `bytes` is a control byte (below SP, or DEL): on
/// 64-bit targets eight bytes a step and the last eight overlapping, as
/// [`has_non_ascii`]; a byte loop on 32-bit ones (flash).
pub(crate) fn has_control(bytes: &[u8]) -> bool {
    #[cfg(target_pointer_width = "64")]
    {
        let control = |x: u64| lt_mask(x, 0x20) | eq_mask(x, 0x7F) != 0;
        let mut rest = bytes;
        while let Some((word, tail)) = rest.split_first_chunk::<8>() {
            if control(u64::from_le_bytes(*word)) {
                return true;
            }
            rest = tail;
        }
        match bytes.last_chunk::<8>() {
            Some(last) => control(u64::from_le_bytes(*last)),
            None => bytes.iter().any(|&b| b < 0x20 || b == 0x7F),
        }
    }
    #[cfg(not(target_pointer_width = "64"))]
    bytes.iter().any(|&b| b < 0x20 || b == 0x7F)
}

/// Up to eight bytes as a little-endian word, zero-padded: built in a
/// register (a padded array on the stack deepens every header lookup).
#[cfg(any(test, target_pointer_width = "64"))]
#[inline(always)]
pub(crate) fn short_word(bytes: &[u8]) -> u64 {
    // Four to seven bytes: the first four and the last four, overlapping
    // (the shared bytes are the same, so OR keeps them).
    if let (Some(head), Some(tail)) = (bytes.first_chunk::<4>(), bytes.last_chunk::<4>()) {
        if bytes.len() < 8 {
            let shift = (bytes.len().wrapping_sub(4) as u32).wrapping_mul(8);
            let tail = u64::from(u32::from_le_bytes(*tail));
            return u64::from(u32::from_le_bytes(*head)) | tail.checked_shl(shift).unwrap_or(0);
        }
    }
    bytes
        .iter()
        .take(8)
        .rev()
        .fold(0, |word, &b| (word << 8) | u64::from(b))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::vec::Vec;

    #[test]
    fn classes_match_their_grammars() {
        let count = |class| (0..=255u8).filter(|&b| is(b, class)).count();
        assert_eq!(count(TCHAR), 77);
        assert_eq!(count(TOKEN68), 68);
        assert_eq!(count(COOKIE_OCTET), 90);
        assert_eq!(count(NQCHAR), 92);
        assert_eq!(count(FIELD_CONTENT), 96 + 128);
        assert!(eq_ignore_ascii_case(b"AuThOrIzAtIoN", b"authorization"));
        assert!(!eq_ignore_ascii_case(b"authorizatio\xce", b"authorization"));
    }

    proptest! {
        #[test]
        fn case_insensitive_compare_matches_std(a in proptest::collection::vec(any::<u8>(), 0..24), flips in proptest::collection::vec(any::<bool>(), 24)) {
            let b: Vec<u8> = a.iter().zip(&flips).map(|(&c, &f)| if f { c ^ 0x20 } else { c }).collect();
            prop_assert_eq!(eq_ignore_ascii_case(&a, &b), a.eq_ignore_ascii_case(&b));
            prop_assert_eq!(eq_ignore_ascii_case(&a, &a), true);
            let lower = a.to_ascii_lowercase();
            prop_assert_eq!(eq_ignore_ascii_case_lower(&b, &lower), b.eq_ignore_ascii_case(&lower));
        }

        #[test]
        fn class_prefix_matches_naive(bytes in proptest::collection::vec(prop_oneof![Just(b'a'), Just(b'='), Just(b'_'), Just(b' '), any::<u8>()], 0..40)) {
            for class in [TCHAR, TOKEN68, FIELD_CONTENT] {
                let naive = bytes.iter().position(|&b| !is(b, class)).unwrap_or(bytes.len());
                prop_assert_eq!(class_prefix_len(&bytes, class), naive);
            }
        }

        #[test]
        fn field_content_scan_matches_table(bytes in proptest::collection::vec(prop_oneof![Just(b'\t'), Just(b' '), Just(0x7F), any::<u8>()], 0..40)) {
            prop_assert_eq!(all_field_content(&bytes), all(&bytes, FIELD_CONTENT));
        }

        #[test]
        fn hex_scan_matches_std(bytes in proptest::collection::vec(prop_oneof![
            proptest::sample::select(b"09afAF/:@G`g\x10\x19\xb0\xc1".to_vec()), any::<u8>()], 0..40)) {
            prop_assert_eq!(all_hex_digits(&bytes), bytes.iter().all(u8::is_ascii_hexdigit));
        }

        #[test]
        fn space_or_high_search_matches_naive(bytes in proptest::collection::vec(prop_oneof![Just(b' '), Just(0x7F), Just(0x80), Just(b'a'), any::<u8>()], 0..40), from in 0usize..44) {
            let naive = bytes.get(from..).map(|r| r.iter().position(|&b| !(0x21..=0x7F).contains(&b)).map(|i| i + from));
            prop_assert_eq!(find_space_or_high(&bytes, from), naive.flatten());
        }

        #[test]
        fn word_compare_matches_std(a in proptest::collection::vec(prop_oneof![Just(b'-'), Just(b'\r'), Just(b':'), Just(0xC3), Just(b'T'), Just(b't'), any::<u8>()], 0..12), at in 0usize..6) {
            for lit in [b"content-", b"nt-type:", b"t\r-:\xc3tt-"] {
                let expected = a.get(at..at + 8).is_some_and(|w| w.eq_ignore_ascii_case(lit));
                prop_assert_eq!(word_eq_lower(&a, at, lit), expected);
            }
        }

        #[test]
        fn word_prefix_and_ascii_scan_match_std(bytes in proptest::collection::vec(prop_oneof![
            proptest::sample::select(b"bBaAsSiIcC \xe2\x80".to_vec()), any::<u8>()], 0..20)) {
            for scheme in [&b"basic"[..], b"bearer", b"b", b"Bas ic", b"digest", b"basicba", b"basicbas", b""] {
                let expected = bytes.len() >= 8 && (1..8).contains(&scheme.len()) && !scheme.contains(&b' ')
                    && bytes[..scheme.len()].eq_ignore_ascii_case(scheme) && bytes[scheme.len()] == b' ';
                prop_assert_eq!(word_starts_with_scheme(&bytes, scheme), expected);
            }
            prop_assert_eq!(has_non_ascii(&bytes), !bytes.is_ascii());
        }

        #[test]
        fn short_word_is_the_zero_padded_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..8)) {
            let mut padded = [0u8; 8];
            padded[..bytes.len()].copy_from_slice(&bytes);
            prop_assert_eq!(short_word(&bytes), u64::from_le_bytes(padded));
        }

        #[test]
        fn non_ascii_or_matches_std(bytes in proptest::collection::vec(prop_oneof![
            Just(b'='), Just(b';'), Just(0x80), Just(0), Just(b'a'), any::<u8>()], 0..20)) {
            prop_assert_eq!(
                has_non_ascii_or(&bytes, b'=', b';'),
                bytes.iter().any(|&b| !b.is_ascii() || b == b'=' || b == b';')
            );
        }

        #[test]
        fn cookie_octet_scan_matches_table(bytes in proptest::collection::vec(prop_oneof![
            30 => proptest::sample::select(b"az09!#+-:<[]~AZ".to_vec()),
            1 => proptest::sample::select(b"\x20\x22\x2c\x3b\x5c\x7f\x80\xff\x00\x1f".to_vec())], 0..40)) {
            prop_assert_eq!(all_cookie_octets(&bytes), all(&bytes, COOKIE_OCTET));
        }

        #[test]
        fn find_and_split_match_std(hay in proptest::collection::vec(prop_oneof![Just(b';'), any::<u8>()], 0..150), needle in prop_oneof![Just(b';'), any::<u8>()]) {
            prop_assert_eq!(find_byte(&hay, needle), hay.iter().position(|&b| b == needle));
            prop_assert_eq!(find_either(&hay, needle, b'"'), hay.iter().position(|&b| b == needle || b == b'"'));
            prop_assert_eq!(find_any3(&hay, needle, b'"', b'\r'), hay.iter().position(|&b| b == needle || b == b'"' || b == b'\r'));
            prop_assert_eq!(find_byte_32(&hay, needle), hay.iter().position(|&b| b == needle));
            prop_assert_eq!(find_byte_128(&hay, needle), hay.iter().position(|&b| b == needle));
            prop_assert_eq!(rfind_byte(&hay, needle), hay.iter().rposition(|&b| b == needle));
            prop_assert_eq!(find_byte_wide(&hay, needle), hay.iter().position(|&b| b == needle));
            let ours: Vec<&[u8]> = split_byte(&hay, needle).collect();
            let theirs: Vec<&[u8]> = hay.split(|&b| b == needle).collect();
            prop_assert_eq!(ours, theirs);
        }
    }
}
