//! Header parameters read as python-multipart's `parse_options_header` reads
//! them (Starlette uses it for `Content-Type` and `Content-Disposition`).
//!
//! The value is split on `;` outside double quotes (a `"` preceded by `\`
//! does not count); each piece is `key=value` with SP/HTAB trimmed around
//! both (a piece without `=` is a key with an empty value, not lower-cased);
//! keys holding `*` (RFC 2231 forms) are ignored; a value wrapped in `"` is
//! unwrapped and, in that order, `\\` becomes `\` and `\"` becomes `"`. The
//! last occurrence of a key wins.

use crate::bytes::find_byte;

/// One parameter value, still escaped.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Value<'a> {
    /// The bytes between the quotes (or the whole value when unquoted).
    pub(crate) raw: &'a [u8],
    /// Whether the value was quoted, so that Python's two replacements apply.
    pub(crate) quoted: bool,
}

impl<'a> Value<'a> {
    /// The value's bytes after Python's unescaping.
    pub(crate) fn bytes(self) -> impl Iterator<Item = u8> + Clone + 'a {
        unescaped(self.raw, self.quoted)
    }

    /// Whether the unescaped value is exactly `expected`.
    pub(crate) fn eq(self, expected: &[u8]) -> bool {
        if !self.quoted || find_byte(self.raw, b'\\').is_none() {
            return self.raw == expected;
        }
        let mut mine = self.bytes();
        expected.iter().all(|&e| mine.next() == Some(e)) && mine.next().is_none()
    }

    /// Whether the value is a view of the body as it is (nothing to unescape).
    pub(crate) fn is_plain(self) -> bool {
        !self.quoted || find_byte(self.raw, b'\\').is_none()
    }
}

/// `raw`, with `\\` → `\` and then `\"` → `"` when `quoted` (two passes of
/// `str.replace`, as python-multipart does).
fn unescaped(raw: &[u8], quoted: bool) -> impl Iterator<Item = u8> + Clone + '_ {
    let mut first = raw.iter().copied().peekable();
    let pass1 = core::iter::from_fn(move || {
        let b = first.next()?;
        if quoted && b == b'\\' && first.peek() == Some(&b'\\') {
            first.next();
        }
        Some(b)
    });
    let mut second = pass1.peekable();
    core::iter::from_fn(move || {
        let b = second.next()?;
        if quoted && b == b'\\' && second.peek() == Some(&b'"') {
            second.next();
            return Some(b'"');
        }
        Some(b)
    })
}

/// The pieces after the first (the media type), each trimmed of SP/HTAB.
fn pieces(value: &[u8]) -> impl Iterator<Item = &[u8]> + Clone {
    // The media type is the piece before the first unquoted `;`.
    let mut rest = next_piece(value).1;
    core::iter::from_fn(move || {
        let (piece, tail) = next_piece(rest?);
        rest = tail;
        Some(trim(piece))
    })
}

/// The piece at the start of `value` and what follows its `;` (`None` after
/// the last piece).
fn next_piece(value: &[u8]) -> (&[u8], Option<&[u8]>) {
    let mut odd_quotes = false;
    let mut prev = 0u8;
    for (i, &b) in value.iter().enumerate() {
        match b {
            b'"' if prev != b'\\' => odd_quotes = !odd_quotes,
            b';' if !odd_quotes => {
                let (piece, rest) = value.split_at_checked(i).unwrap_or((value, &[]));
                return (piece, rest.get(1..));
            }
            _ => {}
        }
        prev = b;
    }
    (value, None)
}

fn trim(bytes: &[u8]) -> &[u8] {
    crate::whitespace::trim_ows(bytes)
}

/// The value of parameter `key` (an ASCII lower-case name) in a header
/// value like `form-data; name="x"`, as python-multipart reads it; the last
/// occurrence wins.
pub(crate) fn parameter<'a>(value: &'a [u8], key: &[u8]) -> Option<Value<'a>> {
    let mut found = None;
    for piece in pieces(value) {
        let (k, v, lowered) = match find_byte(piece, b'=') {
            Some(eq) => (
                trim(piece.get(..eq)?),
                trim(piece.get(eq.checked_add(1)?..)?),
                true,
            ),
            None => (trim(piece), &[][..], false),
        };
        if find_byte(k, b'*').is_some() {
            continue;
        }
        let same = if lowered {
            crate::bytes::eq_ignore_ascii_case(k, key)
        } else {
            k == key
        };
        if !same {
            continue;
        }
        found = Some(match v {
            [b'"', inner @ .., b'"'] => Value {
                raw: inner,
                quoted: true,
            },
            _ => Value {
                raw: v,
                quoted: false,
            },
        });
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::string::String;
    use std::vec::Vec;

    fn get(value: &str, key: &str) -> Option<Vec<u8>> {
        parameter(value.as_bytes(), key.as_bytes()).map(|v| v.bytes().collect())
    }

    // Expected values from python-multipart 0.0.34's parse_options_header.
    #[test]
    fn reads_like_parse_options_header() {
        let g = |v, k| get(v, k).map(|b| String::from_utf8(b).unwrap());
        assert_eq!(
            g("form-data; name=\"a;b\"; x=1", "name").as_deref(),
            Some("a;b")
        );
        assert_eq!(
            g("form-data; name=\"a\\\";b\"; x=1", "name").as_deref(),
            Some("a\";b")
        );
        assert_eq!(
            g("form-data; name=a\"b;c\"d; e=1", "name").as_deref(),
            Some("a\"b;c\"d")
        );
        assert_eq!(
            g("form-data; NAME = \"x\" ; name*=utf-8''y", "name").as_deref(),
            Some("x")
        );
        assert_eq!(g("form-data; name", "name").as_deref(), Some(""));
        assert_eq!(g("form-data; NAME", "name"), None);
        assert_eq!(g("form-data; =\"x\"", "name"), None);
        assert_eq!(g("form-data", "name"), None);
        assert_eq!(g("form-data; name=a; name=b", "name").as_deref(), Some("b"));
        assert_eq!(
            g("x; name=\"a\\\\\\\"b\"", "name").as_deref(),
            Some("a\\\"b")
        );
        assert_eq!(g("x; name=\"a\\\\b\"", "name").as_deref(), Some("a\\b"));
        assert_eq!(g("x; name=a\\\\b", "name").as_deref(), Some("a\\\\b"));
    }

    #[test]
    fn eq_unescapes_only_quoted_values() {
        let v = parameter(b"x; name=\"us\\\\er\"", b"name").unwrap();
        assert!(v.eq(b"us\\er") && !v.eq(b"us\\\\er") && !v.is_plain());
        let v = parameter(b"x; name=us\\\\er", b"name").unwrap();
        assert!(v.eq(b"us\\\\er") && v.is_plain());
    }
}
