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
#[cfg(not(target_pointer_width = "32"))]
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
            // Usually nothing to strip: one look at each end (not on
            // 32-bit targets, where the flash counts more).
            #[cfg(not(target_pointer_width = "32"))]
            {
                let space_at = |b: Option<&u8>| b.is_some_and(|&b| is_python_space_byte(b));
                if !space_at(rest.first()) && !space_at(rest.last()) {
                    return (scheme, rest);
                }
            }
            (scheme, strip_python(rest))
        }
        None => (value, &[]),
    }
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
    let body_len = bytes::class_prefix_len(bytes, bytes::TOKEN68);
    body_len > 0
        && bytes
            .get(body_len..)
            .unwrap_or_default()
            .iter()
            .all(|&b| b == b'=')
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
