//! Splitting an `Authorization` value into scheme and credentials.
//!
//! [`split`] is FastAPI's `get_authorization_scheme_param`: cut at the first
//! U+0020 only, strip the rest with Python's whitespace set, never trim the
//! scheme. [`split_strict`] is RFC 9110 §11.4's `auth-scheme 1*SP token68`
//! framing, after removing the field value's surrounding OWS.
//!
//! ```
//! use authparse::authorization::{split, split_strict};
//! assert_eq!(split(b"Bearer  tok "), (&b"Bearer"[..], &b"tok"[..]));
//! assert_eq!(split(b"Bearer\ttok"), (&b"Bearer\ttok"[..], &b""[..]));
//! assert_eq!(split_strict(b"Bearer  tok"), Some((&b"Bearer"[..], &b"tok"[..])));
//! assert_eq!(split_strict(b"Bearer tok\x0b"), None);
//! ```

use crate::base::bytes;
#[cfg(target_pointer_width = "64")]
use crate::base::whitespace::is_python_space_byte;
use crate::base::whitespace::{strip_python, trim_ows};

/// FastAPI's `get_authorization_scheme_param` on raw header bytes.
///
/// Returns `(scheme, credentials)`, both views into `value`. An empty value
/// gives two empty views.
pub fn split(value: &[u8]) -> (&[u8], &[u8]) {
    match value.iter().position(|&b| b == b' ') {
        Some(space) => {
            let scheme = value.get(..space).unwrap_or_default();
            let rest = value.get(space.saturating_add(1)..).unwrap_or_default();
            (scheme, strip_credentials(rest))
        }
        None => (value, &[]),
    }
}

/// [`split`] for a caller that expects the scheme `expected` (a literal
/// such as `"basic"`): the same pieces, found by one word compare when the
/// value starts with `expected` and SP (64-bit targets).
#[inline]
pub(crate) fn split_expecting<'v>(value: &'v [u8], expected: &str) -> (&'v [u8], &'v [u8]) {
    #[cfg(target_pointer_width = "64")]
    if let Some((scheme, rest)) = after_scheme(value, expected) {
        return (scheme, strip_credentials(rest));
    }
    let _ = expected;
    split(value)
}

/// FastAPI's `.strip()` of what follows the scheme's SP (Python's
/// whitespace set). Usually there is nothing to strip: one look at each
/// end first (not on 32-bit targets, where the flash counts more).
#[inline]
fn strip_credentials(rest: &[u8]) -> &[u8] {
    #[cfg(target_pointer_width = "64")]
    {
        // A graphic ASCII byte (the usual one) is no space: one compare.
        let space_at = |b: Option<&u8>| {
            b.is_some_and(|&b| !(0x21..0x7F).contains(&b) && is_python_space_byte(b))
        };
        if !space_at(rest.first()) && !space_at(rest.last()) {
            return rest;
        }
    }
    strip_python(rest)
}

/// When `value` starts with the scheme `expected` (one to seven bytes, no
/// SP) and one SP, ASCII case-insensitively: the scheme as sent and what
/// follows the SP, by one word compare. `None` when it cannot tell this way
/// (another scheme, a value shorter than a word).
#[cfg(target_pointer_width = "64")]
#[inline(always)]
pub(crate) fn after_scheme<'v>(value: &'v [u8], expected: &str) -> Option<(&'v [u8], &'v [u8])> {
    if !bytes::word_starts_with_scheme(value, expected.as_bytes()) {
        return None;
    }
    let (scheme, rest) = value.split_at_checked(expected.len())?;
    Some((scheme, rest.get(1..)?))
}

/// Strict framing: `OWS auth-scheme 1*SP credentials OWS` with a `token`
/// scheme and credentials free of controls and of leading or trailing
/// whitespace. `None` when the value does not have that shape (including a
/// missing separator or empty credentials).
///
/// The OWS around the whole value (SP or HTAB, RFC 9110 §5.5) is not part
/// of the field value and is removed; inside, only SP separates, so a tab
/// after the separator (`Basic \tabc`) is refused.
///
/// ```
/// use authparse::authorization::split_strict;
/// assert_eq!(split_strict(b"\tBasic abc "), Some((&b"Basic"[..], &b"abc"[..])));
/// assert_eq!(split_strict(b"Basic \tabc"), None);
/// assert_eq!(split_strict(b"Basic  \t abc"), None);
/// ```
pub fn split_strict(value: &[u8]) -> Option<(&[u8], &[u8])> {
    let (scheme, credentials) = strict_framing(trim_ows(value));
    let credentials = credentials?;
    let valid = !scheme.is_empty()
        && bytes::all(scheme, bytes::TCHAR)
        && credentials.first() != Some(&b'\t')
        && bytes::all_field_content(credentials);
    valid.then_some((scheme, credentials))
}

/// The pieces of the strict framing of an OWS-trimmed value, unchecked:
/// the scheme (everything before the first SP) and the credentials after
/// the `1*SP` that follows it (`None` when there is no SP, or only SPs).
pub(crate) fn strict_framing(value: &[u8]) -> (&[u8], Option<&[u8]>) {
    let Some(space) = bytes::find_byte(value, b' ') else {
        return (value, None);
    };
    let (scheme, rest) = value.split_at_checked(space).unwrap_or((value, &[]));
    let start = rest.iter().position(|&b| b != b' ');
    (scheme, start.and_then(|i| rest.get(i..)))
}

/// [`strict_framing`] for a caller that expects the scheme `expected`: the
/// same pieces, found by one word compare when the value starts with
/// `expected` and SP (64-bit targets). The `bool` is that compare's
/// verdict: `true` says the scheme equals `expected` but for ASCII case, so
/// the caller need not compare it again (`false` says nothing).
#[inline(always)]
pub(crate) fn strict_framing_expecting<'v>(
    value: &'v [u8],
    expected: &str,
) -> (&'v [u8], Option<&'v [u8]>, bool) {
    #[cfg(target_pointer_width = "64")]
    if let Some((scheme, rest)) = after_scheme(value, expected) {
        // Usually one SP: the credentials start right after it.
        let start = match rest.first() {
            Some(&b) if b != b' ' => Some(0),
            _ => rest.iter().position(|&b| b != b' '),
        };
        return (scheme, start.and_then(|i| rest.get(i..)), true);
    }
    let _ = expected;
    let (scheme, credentials) = strict_framing(value);
    (scheme, credentials, false)
}

/// Whether `scheme` equals the ASCII literal `expected`, ASCII
/// case-insensitively (exactly Python's `scheme.lower() == expected` on
/// Latin-1 text).
#[inline]
pub fn scheme_is(scheme: &[u8], expected: &str) -> bool {
    bytes::eq_ignore_ascii_case(scheme, expected.as_bytes())
}

/// RFC 9110 `tchar`.
pub fn is_tchar(b: u8) -> bool {
    bytes::is(b, bytes::TCHAR)
}

/// RFC 7235 / RFC 6750 `token68` (`b64token`):
/// `1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="`.
///
/// ```
/// use authparse::authorization::is_token68;
/// assert!(is_token68(b"mF_9.B5f-4.1JqM"));
/// assert!(is_token68(b"abc=="));
/// assert!(!is_token68(b"a=b"));
/// assert!(!is_token68(b"a b"));
/// assert!(!is_token68(b""));
/// ```
pub fn is_token68(bytes: &[u8]) -> bool {
    // Usually all body and no `=`: one pass over every block, its verdict
    // kept per lane and read once at the end (64-bit targets).
    #[cfg(target_pointer_width = "64")]
    if let Some(last) = bytes.last_chunk::<16>() {
        let mut lanes = [true; 16];
        let mark = |lanes: &mut [bool; 16], block: &[u8; 16]| {
            for (ok, &b) in lanes.iter_mut().zip(block) {
                *ok &= is_token68_body(b);
            }
        };
        // Two blocks a step, then one more if sixteen bytes are left.
        let (pairs, rest) = bytes.as_chunks::<32>();
        for pair in pairs {
            let (low, high) = pair.split_at(16);
            for (ok, (&l, &h)) in lanes.iter_mut().zip(low.iter().zip(high)) {
                *ok &= is_token68_body(l) & is_token68_body(h);
            }
        }
        if let Some(block) = rest.first_chunk::<16>() {
            mark(&mut lanes, block);
        }
        // The bytes after the whole blocks: the last sixteen, overlapping.
        mark(&mut lanes, last);
        if lanes.iter().all(|&ok| ok) {
            return true;
        }
    }
    let body_len = token68_body_len(bytes);
    body_len > 0
        && bytes
            .get(body_len..)
            .unwrap_or_default()
            .iter()
            .all(|&b| b == b'=')
}

/// The length of the `token68` body (`ALPHA DIGIT - . _ ~ + /`) at the
/// start of `bytes`. On 64-bit targets sixteen bytes a step through a
/// branch-free test, which the compiler turns into vector compares (SSE2 on
/// x86-64: about 1.5 instructions a byte); the block where the body ends,
/// and 32-bit targets (flash), go through the class table.
fn token68_body_len(bytes: &[u8]) -> usize {
    #[cfg(target_pointer_width = "64")]
    {
        let block_ok = |block: &[u8; 16]| block.iter().fold(true, |ok, &b| ok & is_token68_body(b));
        let mut rest = bytes;
        while let Some((block, tail)) = rest.split_first_chunk::<16>() {
            if !block_ok(block) {
                break;
            }
            rest = tail;
        }
        // Fewer than sixteen left after whole blocks: the last sixteen
        // bytes, overlapping, decide them at once.
        if rest.len() < 16 && bytes.last_chunk::<16>().is_some_and(block_ok) {
            return bytes.len();
        }
        let done = bytes.len().wrapping_sub(rest.len());
        done.wrapping_add(bytes::class_prefix_len(rest, bytes::TOKEN68))
    }
    #[cfg(not(target_pointer_width = "64"))]
    bytes::class_prefix_len(bytes, bytes::TOKEN68)
}

/// Whether `b` is a `token68` body character, by ranges and equalities
/// only (no table, no branch): what lets a block of them vectorise.
#[cfg(target_pointer_width = "64")]
#[inline(always)]
const fn is_token68_body(b: u8) -> bool {
    // A range `lo..lo + n` as one signed compare after moving `lo` to -128
    // (SSE2 has a signed byte compare, not an unsigned one).
    let letter = ((b | 0x20).wrapping_add(0x80 - b'a') as i8) < (0x80u8 + 26) as i8;
    // `+ , - . / 0-9`, without the `,`.
    let sign_or_digit = ((b.wrapping_add(0x80 - b'+') as i8) < (0x80u8 + 15) as i8) & (b != b',');
    letter | sign_or_digit | (b == b'_') | (b == b'~')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_section_2_table() {
        let cases: &[(&[u8], &[u8], &[u8])] = &[
            (b"", b"", b""),
            (b" ", b"", b""),
            (b"  ", b"", b""),
            (b"Bearer", b"Bearer", b""),
            (b"Bearer ", b"Bearer", b""),
            (b"Bearer  tok ", b"Bearer", b"tok"),
            (b" Bearer tok", b"", b"Bearer tok"),
            (b"Bearer\ttok", b"Bearer\ttok", b""),
            (b"Bearer\xa0tok", b"Bearer\xa0tok", b""),
            (b"Bearer a b", b"Bearer", b"a b"),
            (b"Bearer \xa0tok\x85", b"Bearer", b"tok"),
            (b"Bearer \x1ctok\x1f\x0b\x0c", b"Bearer", b"tok"),
            (b"Bearer tok\r\n", b"Bearer", b"tok"),
        ];
        for &(input, scheme, param) in cases {
            assert_eq!(split(input), (scheme, param), "{input:?}");
        }
    }

    #[test]
    fn scheme_compare_is_ascii_only() {
        assert!(scheme_is(b"bEaReR", "bearer"));
        assert!(!scheme_is(b"bearer\xa0", "bearer"));
        assert!(!scheme_is(b"B\xe9arer", "bearer"));
    }

    #[cfg(target_pointer_width = "64")]
    #[test]
    fn token68_byte_test_is_the_class_table() {
        for b in 0..=255u8 {
            assert_eq!(is_token68_body(b), bytes::is(b, bytes::TOKEN68), "{b:#x}");
        }
    }

    proptest::proptest! {
        /// The block scan and the word-compare fast paths decide as the
        /// plain definitions do.
        #[test]
        fn fast_paths_match_the_definitions(
            value in proptest::collection::vec(proptest::prop_oneof![
                proptest::sample::select(b"aZ09-._~+/= ,\t\xa0BbEeAaRrSsIiCc".to_vec()),
                proptest::prelude::any::<u8>()], 0..48),
            scheme in proptest::sample::select(&["basic", "bearer", "digest", "b", "a b", "other"][..]),
        ) {
            let body = value.iter().position(|&b| !bytes::is(b, bytes::TOKEN68)).unwrap_or(value.len());
            let naive = body > 0 && value[body..].iter().all(|&b| b == b'=');
            proptest::prop_assert_eq!(is_token68(&value), naive);
            let mut prefixed = scheme.to_ascii_uppercase().into_bytes();
            prefixed.push(b' ');
            prefixed.extend_from_slice(&value);
            for v in [&value[..], &prefixed[..]] {
                proptest::prop_assert_eq!(split_expecting(v, scheme), split(v));
                let (s, c, matched) = strict_framing_expecting(v, scheme);
                proptest::prop_assert_eq!((s, c), super::strict_framing(v));
                if matched {
                    proptest::prop_assert!(scheme_is(s, scheme));
                }
            }
        }
    }

    #[test]
    fn strict_framing() {
        assert_eq!(
            split_strict(b" Basic  abc \t"),
            Some((&b"Basic"[..], &b"abc"[..]))
        );
        assert_eq!(split_strict(b"Basic"), None);
        assert_eq!(split_strict(b"Basic "), None);
        assert_eq!(split_strict(b"Basic\tabc"), None);
        assert_eq!(split_strict(b"Basic \tabc"), None);
        assert_eq!(split_strict(b"Basic \t"), None);
        assert_eq!(
            split_strict(b"Basic a\tb"),
            Some((&b"Basic"[..], &b"a\tb"[..]))
        );
        assert_eq!(split_strict(b"Ba(sic abc"), None);
        assert_eq!(split_strict(b"Basic a\x00b"), None);
    }
}
