//! Whitespace classes: Python's `str.isspace()` set and HTTP's OWS.
//!
//! FastAPI strips credentials, cookie names and cookie values with Python's
//! `str.strip()`, whose set is wider than Rust's `char::is_whitespace`: it
//! includes U+001C–U+001F. Header values are Latin-1, so on bytes the set is
//! `09–0D 1C–1F 20 85 A0`.
//!
//! ```
//! use authparse::whitespace::{strip_python, trim_ows};
//! assert_eq!(strip_python(b"\xa0tok\x85\x1f"), b"tok");
//! assert_eq!(trim_ows(b" \ttok\x0b"), b"tok\x0b");
//! ```

/// Whether `b`, read as a Latin-1 character, is Python whitespace.
pub const fn is_python_space_byte(b: u8) -> bool {
    matches!(b, 0x09..=0x0D | 0x1C..=0x1F | 0x20 | 0x85 | 0xA0)
}

/// Whether `c` is Python whitespace (`str.isspace()`).
pub const fn is_python_space(c: char) -> bool {
    matches!(
        c,
        '\u{09}'..='\u{0D}'
            | '\u{1C}'..='\u{20}'
            | '\u{85}'
            | '\u{A0}'
            | '\u{1680}'
            | '\u{2000}'..='\u{200A}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{202F}'
            | '\u{205F}'
            | '\u{3000}'
    )
}

/// Whether `b` is HTTP optional whitespace (SP or HTAB, RFC 9110 §5.6.3).
pub const fn is_ows(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

/// Removes leading and trailing bytes for which `pred` holds.
pub fn trim_by(bytes: &[u8], pred: impl Fn(u8) -> bool) -> &[u8] {
    let start = bytes.iter().position(|&b| !pred(b)).unwrap_or(bytes.len());
    let rest = bytes.get(start..).unwrap_or_default();
    let end = rest
        .iter()
        .rposition(|&b| !pred(b))
        .map_or(0, |i| i.saturating_add(1));
    rest.get(..end).unwrap_or_default()
}

/// Python's `str.strip()` on a Latin-1 byte string.
pub fn strip_python(bytes: &[u8]) -> &[u8] {
    trim_by(bytes, is_python_space_byte)
}

/// Strips SP and HTAB at both ends, as an HTTP field-value parser does.
pub fn trim_ows(bytes: &[u8]) -> &[u8] {
    trim_by(bytes, is_ows)
}

/// Python's `str.strip()` on UTF-8 text.
pub fn strip_python_str(text: &str) -> &str {
    text.trim_matches(is_python_space)
}

/// Python's `str.split()` (no argument) on UTF-8 text: runs of Python
/// whitespace separate tokens; leading and trailing runs yield nothing.
///
/// ```
/// use authparse::whitespace::split_python;
/// let v: Vec<&str> = split_python(" a\u{a0}b\u{1c}c ").collect();
/// assert_eq!(v, ["a", "b", "c"]);
/// ```
pub fn split_python(text: &str) -> impl Iterator<Item = &str> + Clone + '_ {
    text.split(is_python_space).filter(|s| !s.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin1_set_matches_python() {
        let expected: &[u8] = &[
            0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1C, 0x1D, 0x1E, 0x1F, 0x20, 0x85, 0xA0,
        ];
        for b in 0..=255u8 {
            assert_eq!(is_python_space_byte(b), expected.contains(&b), "{b:#x}");
            assert_eq!(is_python_space(char::from(b)), expected.contains(&b));
        }
    }

    #[test]
    fn rust_set_differs_where_the_spec_says() {
        for c in '\u{1c}'..='\u{1f}' {
            assert!(is_python_space(c) && !c.is_whitespace());
        }
    }

    #[test]
    fn strip_keeps_inner_whitespace() {
        assert_eq!(strip_python(b" a b "), b"a b");
        assert_eq!(strip_python(b"   "), b"");
        assert_eq!(strip_python(b""), b"");
        assert_eq!(trim_ows(b"\t \x0ba\t"), b"\x0ba");
    }
}
