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

use crate::base::bytes::{self, find_byte, split_byte};
use crate::base::error::Error;
use crate::base::sink::Sink;
#[cfg(any(test, target_pointer_width = "64"))]
use crate::base::substring;
use crate::base::text::latin1_eq;
#[cfg(target_pointer_width = "64")]
use crate::base::whitespace::is_ows;
use crate::base::whitespace::{strip_python, trim_ows};

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

#[cfg(feature = "defmt")]
impl defmt::Format for CookiePair<'_> {
    fn format(&self, f: defmt::Formatter<'_>) {
        defmt::write!(
            f,
            "CookiePair {{ name: {=usize} bytes, value: {=usize} bytes }}",
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

/// FastAPI's lookup of cookie `name` across `Cookie` header values in
/// arrival order: the last pair whose stripped name is `name` (read as
/// Latin-1), or `None`. Call [`CookiePair::unquoted`] for the value.
///
/// ```
/// use authparse::cookie::find_last;
/// let headers: [&[u8]; 2] = [b"session=first; a=1", b"session=\"second\""];
/// let pair = find_last(headers.into_iter(), "session").unwrap();
/// let mut buf = [0u8; 8];
/// assert_eq!(pair.unquoted(&mut buf).unwrap(), b"second");
/// ```
pub fn find_last<'a>(
    headers: impl Iterator<Item = &'a [u8]>,
    name: &str,
) -> Option<CookiePair<'a>> {
    // Hosts: the same decision as the general path, without splitting every
    // pair (speed); 32-bit targets split every pair (flash).
    #[cfg(target_pointer_width = "64")]
    if is_plain_cookie_name(name.as_bytes()) {
        return headers
            .filter_map(|h| last_plain(h, name.as_bytes()))
            .last();
    }
    headers
        .flat_map(pairs)
        .filter(|p| latin1_eq(p.name, name))
        .last()
}

#[cfg(any(test, target_pointer_width = "64"))]
/// Whether Starlette's stripped cookie name equals `name` exactly when a
/// piece reads `ws* name ws* "=" …`: true for a non-empty ASCII name
/// without `=` or `;` that neither starts nor ends with Python whitespace
/// (for ASCII, `latin1_eq` is byte equality).
fn is_plain_cookie_name(name: &[u8]) -> bool {
    match (name.first(), name.last()) {
        (Some(&first), Some(&last)) => {
            !bytes::has_non_ascii_or(name, b'=', b';')
                && !bytes::is(first, bytes::PY_SPACE)
                && !bytes::is(last, bytes::PY_SPACE)
        }
        _ => false,
    }
}

#[cfg(any(test, target_pointer_width = "64"))]
/// The last pair of `header` named by the plain `name` (what
/// `pairs(header).filter(latin1_eq).last()` finds), searched from the end:
/// each occurrence of the name is a candidate ([`substring::rfind`]), kept
/// when only whitespace stands between it and the piece's start and the
/// name is followed by whitespace and `=`.
fn last_plain<'a>(header: &'a [u8], name: &[u8]) -> Option<CookiePair<'a>> {
    let mut end = header.len();
    while let Some(at) = substring::rfind(header.get(..end)?, name) {
        if let Some(pair) = plain_pair_at(header, at, name) {
            return Some(pair);
        }
        // Candidates start before `at` (they may overlap it).
        end = at.checked_add(name.len())?.checked_sub(1)?;
    }
    None
}

#[cfg(any(test, target_pointer_width = "64"))]
/// The pair whose name starts at `header[at]` (where `name` stands), if
/// `at` starts a piece named by the plain `name` (see
/// [`is_plain_cookie_name`]).
fn plain_pair_at<'a>(header: &'a [u8], at: usize, name: &[u8]) -> Option<CookiePair<'a>> {
    let before = header.get(..at)?;
    if let Some(i) = before.iter().rposition(|&b| !bytes::is(b, bytes::PY_SPACE)) {
        if before.get(i) != Some(&b';') {
            return None;
        }
    }
    let after_name = header.get(at.checked_add(name.len())?..)?;
    let gap = after_name
        .iter()
        .position(|&b| !bytes::is(b, bytes::PY_SPACE))?;
    let value = after_name.get(gap..)?.strip_prefix(b"=")?;
    let value = value.get(..find_byte(value, b';').unwrap_or(value.len()))?;
    Some(CookiePair {
        name: header.get(at..at.checked_add(name.len())?)?,
        value: strip_value(value),
    })
}

#[cfg(any(test, target_pointer_width = "64"))]
/// [`strip_python`], the usual value (a graphic ASCII byte at both ends,
/// which is no Python whitespace) told by two compares.
fn strip_value(value: &[u8]) -> &[u8] {
    let graphic = |b: Option<&u8>| b.is_some_and(|&b| bytes::is_graphic_ascii(b));
    if graphic(value.first()) && graphic(value.last()) {
        value
    } else {
        strip_python(value)
    }
}

/// The strict profile's lookup of cookie `name` across `headers`: the
/// OWS-trimmed pieces (split on `;`) that read `name` or `name=…`, up to
/// two: the first one, and whether there is another (a duplicate, so the
/// search stops there).
///
/// On hosts only the occurrences of the name's first byte are looked at
/// (a piece qualifies only if one starts it); on 32-bit targets every piece
/// is split off and compared ([`strict_named_by_pieces`]: less stack there,
/// budgets.toml).
#[cfg(not(target_pointer_width = "64"))]
pub(crate) fn strict_named<'a>(
    headers: impl Iterator<Item = &'a [u8]>,
    name: &[u8],
) -> (Option<&'a [u8]>, bool) {
    strict_named_by_pieces(headers, name)
}

/// [`strict_named`] over every piece of every header.
#[cfg(any(test, not(target_pointer_width = "64")))]
fn strict_named_by_pieces<'a>(
    headers: impl Iterator<Item = &'a [u8]>,
    name: &[u8],
) -> (Option<&'a [u8]>, bool) {
    let named = |piece: &&[u8]| {
        !name.contains(&b'=')
            && piece
                .strip_prefix(name)
                .is_some_and(|rest| matches!(rest.first(), None | Some(b'=')))
    };
    let mut pieces = headers
        .flat_map(|h| split_byte(h, b';'))
        .map(trim_ows)
        .filter(named);
    let first = pieces.next();
    (first, first.is_some() && pieces.next().is_some())
}

/// See the 32-bit [`strict_named`].
#[cfg(target_pointer_width = "64")]
pub(crate) fn strict_named<'a>(
    headers: impl Iterator<Item = &'a [u8]>,
    name: &[u8],
) -> (Option<&'a [u8]>, bool) {
    // A trimmed piece starts with neither OWS nor `;`, and `name=` would
    // need an `=` in the name: such names match nothing.
    if name.contains(&b'=') || name.contains(&b';') || name.first().copied().is_some_and(is_ows) {
        return (None, false);
    }
    let mut first = None;
    for header in headers {
        let mut from = 0;
        while let Some((piece, next)) = next_strict_named(header, from, name) {
            if first.is_some() {
                return (first, true);
            }
            first = Some(piece);
            from = next;
        }
    }
    (first, false)
}

#[cfg(target_pointer_width = "64")]
/// The next piece of `header` starting at or after `from` (0 or just after
/// a `;`, or inside a piece) whose OWS-trimmed text is `name` or starts
/// with `name=`, and where the search goes on after it. `name` holds no
/// `=` or `;` and does not start with OWS (see [`strict_named`]).
fn next_strict_named<'a>(
    header: &'a [u8],
    mut from: usize,
    name: &[u8],
) -> Option<(&'a [u8], usize)> {
    loop {
        let rest = header.get(from..)?;
        let start = match name {
            [] => from,
            _ => from.checked_add(substring::find(rest, name)?)?,
        };
        let before = header.get(..start)?;
        let opens = before
            .iter()
            .rposition(|&b| !is_ows(b))
            .is_none_or(|i| before.get(i) == Some(&b';'));
        if !opens {
            from = start.checked_add(1)?;
            continue;
        }
        let piece = header.get(start..)?;
        let len = bytes::find_byte_wide(piece, b';').unwrap_or(piece.len());
        let next = start.checked_add(len)?.checked_add(1)?;
        let piece = trim_ows(piece.get(..len)?);
        let named = piece
            .strip_prefix(name)
            .is_some_and(|after| matches!(after.first(), None | Some(b'=')));
        if named {
            return Some((piece, next));
        }
        from = next;
    }
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
    let valid =
        !name.is_empty() && bytes::all(name, bytes::TCHAR) && bytes::all_cookie_octets(value);
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

    /// The general path, as the fast one must decide.
    fn general<'a>(headers: &[&'a [u8]], name: &str) -> Option<CookiePair<'a>> {
        headers
            .iter()
            .flat_map(|h| pairs(h))
            .filter(|p| latin1_eq(p.name, name))
            .last()
    }

    proptest::proptest! {
        #[test]
        fn strict_lookup_agrees_with_every_piece(
            headers in proptest::collection::vec(
                proptest::collection::vec(proptest::sample::select(
                    b"ses=; \t\"x".to_vec()), 0..100), 0..3),
            name in proptest::sample::select(&["s", "se", "ses", "s s", "s ", " s", "e=s", "s;e", "", "x"][..]),
        ) {
            let headers: Vec<&[u8]> = headers.iter().map(Vec::as_slice).collect();
            proptest::prop_assert_eq!(
                strict_named(headers.iter().copied(), name.as_bytes()),
                strict_named_by_pieces(headers.iter().copied(), name.as_bytes())
            );
        }

        #[test]
        fn plain_name_path_agrees_with_pairs(
            headers in proptest::collection::vec(
                proptest::collection::vec(proptest::sample::select(
                    b"ses=; \t\x0b\x1c\x85\xa0\"x".to_vec()), 0..100), 0..3),
            name in proptest::sample::select(&["s", "se", "ses", "s s", "e=s", " s", "\u{e9}", ""][..]),
        ) {
            let headers: Vec<&[u8]> = headers.iter().map(Vec::as_slice).collect();
            let expected = general(&headers, name);
            if is_plain_cookie_name(name.as_bytes()) {
                let fast = headers
                    .iter()
                    .rev()
                    .find_map(|h| last_plain(h, name.as_bytes()));
                proptest::prop_assert_eq!(fast, expected);
            }
            let fields: Vec<(&str, &[u8])> = headers.iter().map(|h| ("cookie", *h)).collect();
            let req = crate::model::request::Request::new(&fields);
            let mut buf = [0u8; 64];
            let got = crate::schemes::api_key::ApiKeyCookie::new(name).auto_error(false).extract(&req, &mut buf).unwrap();
            let want = match expected {
                Some(p) => {
                    let mut buf2 = [0u8; 64];
                    p.unquoted(&mut buf2).unwrap().to_vec()
                }
                None => Vec::new(),
            };
            proptest::prop_assert_eq!(got.credentials().map(|s| s.as_bytes().to_vec()).unwrap_or_default(), want);
        }
    }
}
