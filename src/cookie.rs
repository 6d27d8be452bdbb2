//! `Cookie` header tokenizer: Starlette's `cookie_parser` and RFC 6265.
//!
//! [`pairs`] splits one header like Starlette: on `;` only, a piece without
//! `=` is named `""`, names and values are stripped with Python's whitespace
//! set. Values stay views; [`CookiePair::unquoted`] applies Python's
//! `http.cookies._unquote` (backslash and octal escapes) into a buffer only
//! when the value is quoted. [`pairs_strict`] follows RFC 6265 §4.2.1.
//!
//! ```
//! use authparse::cookie::pairs;
//! let mut it = pairs(b"a=1; session=\"s\\145cret\"; flag");
//! assert_eq!(it.next().unwrap().name, b"a");
//! let session = it.next().unwrap();
//! let mut buf = [0u8; 16];
//! assert_eq!(session.unquoted(&mut buf).unwrap(), b"secret");
//! let flag = it.next().unwrap();
//! assert_eq!((flag.name, flag.value), (&b""[..], &b"flag"[..]));
//! ```

use crate::bytes::{self, find_byte, split_byte};
use crate::sink::Sink;
use crate::whitespace::{strip_python, trim_ows};
use crate::Error;

/// One cookie: name and value, views into the header.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct CookiePair<'a> {
    /// The name (stripped; may be empty).
    pub name: &'a [u8],
    /// The value as sent after stripping (FastAPI) or without its DQUOTEs
    /// (strict). In the FastAPI profile it may still need [`unquoted`](Self::unquoted).
    pub value: &'a [u8],
}

impl core::fmt::Debug for CookiePair<'_> {
    /// Shows the name's length and the value's length only.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(
            f,
            "CookiePair {{ name: {} bytes, value: {} bytes }}",
            self.name.len(),
            self.value.len()
        )
    }
}

impl<'a> CookiePair<'a> {
    /// Whether Python's `_unquote` would change the value: at least two
    /// bytes, starting and ending with `"`.
    pub fn is_quoted(&self) -> bool {
        self.value.len() >= 2
            && self.value.first() == Some(&b'"')
            && self.value.last() == Some(&b'"')
    }

    /// The value as FastAPI sees it: unquoted into `buf` when quoted,
    /// otherwise the view itself. Needs at most `value.len() - 2` bytes.
    pub fn unquoted<'o>(&self, buf: &'o mut [u8]) -> Result<&'o [u8], Error>
    where
        'a: 'o,
    {
        if !self.is_quoted() {
            return Ok(self.value);
        }
        let inner = self
            .value
            .get(1..self.value.len().saturating_sub(1))
            .unwrap_or_default();
        if !inner.contains(&b'\\') {
            return Ok(inner);
        }
        let mut sink = Sink::new(buf);
        let mut rest = inner;
        while let Some((&b, tail)) = rest.split_first() {
            rest = tail;
            if b != b'\\' {
                sink.push(b);
                continue;
            }
            match rest {
                [d0 @ b'0'..=b'3', d1 @ b'0'..=b'7', d2 @ b'0'..=b'7', tail @ ..] => {
                    // ASCII '0'..='7' carry their digit in the low three bits.
                    sink.push(((d0 & 7) << 6) | ((d1 & 7) << 3) | (d2 & 7));
                    rest = tail;
                }
                [c, tail @ ..] if *c != b'\n' => {
                    sink.push(*c);
                    rest = tail;
                }
                _ => sink.push(b'\\'),
            }
        }
        Ok(sink.into_written()?)
    }
}

/// Starlette's tokenizer over one `Cookie` header value (see the module docs).
/// Pieces whose name and value are both empty are skipped.
pub fn pairs(header: &[u8]) -> impl Iterator<Item = CookiePair<'_>> + Clone {
    split_byte(header, b';').filter_map(|piece| {
        let (name, value) = match find_byte(piece, b'=') {
            Some(eq) => (piece.get(..eq)?, piece.get(eq.checked_add(1)?..)?),
            None => (&[][..], piece),
        };
        let (name, value) = (strip_python(name), strip_python(value));
        (!name.is_empty() || !value.is_empty()).then_some(CookiePair { name, value })
    })
}

/// RFC 6265 `cookie-octet`.
pub fn is_cookie_octet(b: u8) -> bool {
    bytes::is(b, bytes::COOKIE_OCTET)
}

/// RFC 6265 §4.2.1 tokenizer: `cookie-pair *( ";" SP cookie-pair )`, OWS
/// tolerated around pairs. Each pair is `token "=" cookie-value`; a value
/// wrapped in DQUOTEs is returned without them (as Go's `net/http` does) and
/// has no escapes. A malformed piece yields [`Error::Malformed`]; iteration
/// goes on with the next piece.
///
/// ```
/// use authparse::cookie::pairs_strict;
/// let mut it = pairs_strict(b"a=1; b=\"x y\"; c=\"ok\"");
/// assert_eq!(it.next().unwrap().unwrap().value, b"1");
/// assert!(it.next().unwrap().is_err()); // SP is not a cookie-octet
/// assert_eq!(it.next().unwrap().unwrap().value, b"ok");
/// ```
pub fn pairs_strict(header: &[u8]) -> impl Iterator<Item = Result<CookiePair<'_>, Error>> + Clone {
    split_byte(header, b';')
        .map(trim_ows)
        .filter(|p| !p.is_empty())
        .map(parse_strict_piece)
}

/// One RFC 6265 `cookie-pair` (already OWS-trimmed).
pub(crate) fn parse_strict_piece(piece: &[u8]) -> Result<CookiePair<'_>, Error> {
    let eq = find_byte(piece, b'=').ok_or(Error::Malformed)?;
    let name = piece.get(..eq).unwrap_or_default();
    let value = piece.get(eq.saturating_add(1)..).unwrap_or_default();
    let value = match value {
        [b'"', inner @ .., b'"'] => inner,
        _ => value,
    };
    let valid = !name.is_empty()
        && bytes::all(name, bytes::TCHAR)
        && bytes::all(value, bytes::COOKIE_OCTET);
    valid
        .then_some(CookiePair { name, value })
        .ok_or(Error::Malformed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::vec::Vec;

    fn unquote(value: &[u8]) -> Vec<u8> {
        let mut buf = [0u8; 64];
        CookiePair { name: b"", value }
            .unquoted(&mut buf)
            .unwrap()
            .to_vec()
    }

    #[test]
    fn python_unquote() {
        assert_eq!(unquote(b"\"secret\""), b"secret");
        assert_eq!(unquote(b"\"\\101\\012\""), b"A\n");
        assert_eq!(unquote(b"\"secret"), b"\"secret");
        assert_eq!(unquote(b"a\\\"b"), b"a\\\"b");
        assert_eq!(unquote(b"\""), b"\"");
        assert_eq!(unquote(b"\"\""), b"");
        assert_eq!(unquote(b"\"\\\\\\101\""), b"\\A");
        assert_eq!(unquote(b"\"a\\\nb\""), b"a\\\nb");
        assert_eq!(unquote(b"\"ab\\\""), b"ab\\");
        assert_eq!(unquote(b"\"\\477\""), b"477");
        assert_eq!(unquote(b"\"\\377\""), b"\xff");
        assert_eq!(unquote(b"\"\\\"q\\\"\""), b"\"q\"");
    }

    #[test]
    fn starlette_splitting() {
        let got: Vec<(&[u8], &[u8])> = pairs(b" ;;a = 1 ; b=x=y;\xa0c\xa0=\x85d ; justvalue; =;")
            .map(|p| (p.name, p.value))
            .collect();
        let want: Vec<(&[u8], &[u8])> = [
            (&b"a"[..], &b"1"[..]),
            (b"b", b"x=y"),
            (b"c", b"d"),
            (b"", b"justvalue"),
        ]
        .to_vec();
        assert_eq!(got, want);
    }

    #[test]
    fn strict_grammar() {
        let results: Vec<bool> = pairs_strict(b"a=1;b=,;c;=d;e=\"\";f=\\")
            .map(|r| r.is_ok())
            .collect();
        assert_eq!(results, [true, false, false, false, true, false]);
    }
}
