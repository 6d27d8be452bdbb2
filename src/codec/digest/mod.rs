//! The Digest codec (RFC 7616): the zero-copy `#auth-param` tokenizer
//! ([`params`]), the credentials it parses into ([`Credentials`]) and their
//! errors. Public as `authparse::digest`, together with the server side in
//! `schemes/digest` (challenge builder, verification, nonces).

mod credentials;
mod error;
mod ext_value;

#[cfg(feature = "digest-verify")]
pub(crate) use credentials::is_hex;
use credentials::Rules;
pub use credentials::{Algorithm, Credentials, Qop};
pub use error::{DigestError, Field};

use crate::base::bytes;
#[cfg(any(test, target_pointer_width = "64"))]
use crate::base::bytes::{eq_mask, lt_mask};
use crate::base::error::Error;
use crate::base::sink::Sink;
use crate::base::whitespace::is_ows;

/// The position in `names` of the one `name` spells, ASCII
/// case-insensitively: the lookup of the algorithm and qop tables (the
/// field names, looked up for every parameter, are matched as one folded
/// word instead: `Field::from_name`). Inlined on hosts, where the constant table
/// unrolls the search (speed); one copy on 32-bit targets (flash).
#[cfg_attr(target_pointer_width = "64", inline(always))]
fn position_by_name(names: &[&str], name: &[u8]) -> Option<usize> {
    names
        .iter()
        .position(|known| known.len() == name.len() && name.eq_ignore_ascii_case(known.as_bytes()))
}

/// `[T::name(); N]` for a table of `N` values, built at compile time.
macro_rules! names_of {
    ($all:expr, $n:literal) => {{
        let all = $all;
        let mut names = [""; $n];
        let mut i = 0;
        // Compile time: an index out of range fails the build.
        #[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]
        while i < $n {
            names[i] = all[i].name();
            i += 1;
        }
        names
    }};
}
use names_of;

/// One `name=value` parameter; `value` is a view without the quotes.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Param<'a> {
    /// The parameter name (a `token`; compare it case-insensitively).
    pub name: &'a [u8],
    /// The value as sent, without surrounding quotes, escapes not yet removed.
    pub value: &'a [u8],
    /// Whether the value was a `quoted-string`.
    pub quoted: bool,
}

impl<'a> Param<'a> {
    /// The value with `quoted-pair` escapes removed. Without a backslash this
    /// is the view itself; otherwise it is written into `buf`.
    pub fn unescaped<'o>(&self, buf: &'o mut [u8]) -> Result<&'o [u8], Error>
    where
        'a: 'o,
    {
        if !self.quoted || !self.value.contains(&b'\\') {
            return Ok(self.value);
        }
        let mut sink = Sink::new(buf);
        self.unescaped_bytes().for_each(|b| sink.push(b));
        Ok(sink.into_written()?)
    }

    /// The bytes of the value with `quoted-pair` escapes removed.
    fn unescaped_bytes(&self) -> impl Iterator<Item = u8> + 'a {
        let mut bytes = self.value.iter();
        let quoted = self.quoted;
        core::iter::from_fn(move || match *bytes.next()? {
            b'\\' if quoted => bytes.next().copied(),
            b => Some(b),
        })
    }

    /// The length of [`unescaped`](Self::unescaped)'s result.
    pub(crate) fn unescaped_len(&self) -> usize {
        self.unescaped_bytes().count()
    }

    /// Writes the value without its escapes into `out`, which should be
    /// [`unescaped_len`](Self::unescaped_len) bytes long.
    pub(crate) fn unescape_into(&self, out: &mut [u8]) {
        out.iter_mut()
            .zip(self.unescaped_bytes())
            .for_each(|(slot, b)| *slot = b);
    }
}

impl core::fmt::Debug for Param<'_> {
    /// Shows the name when RFC 7616 defines it, otherwise its length;
    /// values (`response`, `cnonce`) are credentials: only their length.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match Field::from_name(self.name) {
            Some(field) => write!(f, "Param {{ name: {:?}, ", field.name())?,
            None => write!(f, "Param {{ name: {} bytes, ", self.name.len())?,
        }
        write!(
            f,
            "value: {} bytes, quoted: {} }}",
            self.value.len(),
            self.quoted
        )
    }
}

#[cfg(feature = "defmt")]
impl defmt::Format for Param<'_> {
    fn format(&self, f: defmt::Formatter<'_>) {
        match Field::from_name(self.name) {
            Some(field) => defmt::write!(
                f,
                "Param {{ name: {=str}, value: {=usize} bytes, quoted: {=bool} }}",
                field.name(),
                self.value.len(),
                self.quoted
            ),
            None => defmt::write!(
                f,
                "Param {{ name: {=usize} bytes, value: {=usize} bytes, quoted: {=bool} }}",
                self.name.len(),
                self.value.len(),
                self.quoted
            ),
        }
    }
}

/// Iterates the parameters of `1#auth-param`; empty list elements are
/// skipped (RFC 9110 §5.6.1). After the first error it yields nothing more.
pub fn params(credentials: &[u8]) -> Params<'_> {
    Params {
        rest: credentials,
        failed: false,
        escaped: false,
    }
}

/// The iterator returned by [`params`]. `Debug` shows how many bytes are
/// left, not which.
#[derive(Clone)]
pub struct Params<'a> {
    rest: &'a [u8],
    failed: bool,
    /// Whether the value last yielded holds a `quoted-pair`.
    escaped: bool,
}

impl core::fmt::Debug for Params<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(
            f,
            "Params {{ rest: {} bytes, failed: {} }}",
            self.rest.len(),
            self.failed
        )
    }
}

#[cfg(feature = "defmt")]
impl defmt::Format for Params<'_> {
    fn format(&self, f: defmt::Formatter<'_>) {
        defmt::write!(
            f,
            "Params {{ rest: {=usize} bytes, failed: {=bool} }}",
            self.rest.len(),
            self.failed
        )
    }
}

/// Skips OWS, and commas too with `commas`: inlined on hosts (speed), one
/// copy for the four callers on 32-bit targets (flash).
#[cfg_attr(target_pointer_width = "64", inline(always))]
fn skip_ows(bytes: &[u8], commas: bool) -> &[u8] {
    skip(bytes, |b| is_ows(b) || (commas && b == b','))
}

#[inline(always)]
fn skip(bytes: &[u8], pred: impl Fn(u8) -> bool) -> &[u8] {
    // Most separators are absent or one byte: test the first before looping.
    match bytes.first() {
        Some(&b) if pred(b) => {}
        _ => return bytes,
    }
    let n = bytes.iter().position(|&b| !pred(b)).unwrap_or(bytes.len());
    bytes.get(n..).unwrap_or_default()
}

/// `tchar` as a table: one load per byte in the token loops.
// Evaluated at compile time: an out-of-range index would fail the build, not a run.
#[allow(clippy::indexing_slicing)]
/// Splits off the leading run of `tchar`s.
fn take_token(bytes: &[u8]) -> (&[u8], &[u8]) {
    let mut rest = bytes;
    while let [b, tail @ ..] = rest {
        if !bytes::is(*b, bytes::TCHAR) {
            break;
        }
        rest = tail;
    }
    // `split_at` keeps a panic path at opt-level "z" (n <= len always holds).
    let n = bytes.len().saturating_sub(rest.len());
    (bytes.get(..n).unwrap_or_default(), rest)
}

/// The index in an eight-byte word of the first byte a quoted-string body
/// cannot skip over: `"`, `\`, a control byte (HTAB included, handled by
/// the byte loop) or DEL. `None`: all eight are plain `qdtext`.
#[cfg(any(test, target_pointer_width = "64"))]
fn first_special(chunk: [u8; 8]) -> Option<usize> {
    let x = u64::from_le_bytes(chunk);
    let found = lt_mask(x, 0x20) | eq_mask(x, b'"') | eq_mask(x, b'\\') | eq_mask(x, 0x7F);
    (found != 0).then_some((found.trailing_zeros() >> 3) as usize)
}

/// Splits a `quoted-string` body (after the opening quote) at its closing
/// quote; the flag tells whether the body holds a `quoted-pair`.
#[inline(always)]
fn quoted_body(bytes: &[u8]) -> Option<(&[u8], &[u8], bool)> {
    let mut rest = bytes;
    let mut escaped = false;
    loop {
        // Skip plain qdtext eight bytes at a time (hosts only: speed; the
        // byte steps below accept the same bytes).
        #[cfg(target_pointer_width = "64")]
        while let Some((chunk, tail)) = rest.split_first_chunk::<8>() {
            match first_special(*chunk) {
                None => rest = tail,
                Some(n) => {
                    rest = rest.get(n..)?;
                    break;
                }
            }
        }
        match *rest {
            [b'"', ref after @ ..] => {
                let body = bytes.get(..bytes.len().saturating_sub(rest.len()))?;
                return Some((body, after, escaped));
            }
            // RFC 9110 §5.6.4: `quoted-pair = "\" ( HTAB / SP / VCHAR / obs-text )`.
            [b'\\', b, ref after @ ..] if is_quotable(b) => {
                escaped = true;
                rest = after;
            }
            [b'\t' | b' '..=b'~' | 0x80..=0xFF, ref after @ ..] => rest = after,
            _ => return None,
        }
    }
}

/// What may follow a backslash in a `quoted-pair`: HTAB, SP, VCHAR,
/// obs-text (never another control byte, so an unescaped value holds no CR,
/// LF or NUL).
const fn is_quotable(b: u8) -> bool {
    matches!(b, b'\t' | b' '..=b'~' | 0x80..=0xFF)
}

impl<'a> Params<'a> {
    /// Whether the value of the parameter last yielded holds a
    /// `quoted-pair` (so unescaping it would change it).
    pub(crate) fn last_was_escaped(&self) -> bool {
        self.escaped
    }

    #[inline(always)]
    fn parse_one(&mut self) -> Result<Param<'a>, Error> {
        let (name, rest) = take_token(self.rest);
        let rest = match rest {
            [b'=', after @ ..] => after,
            _ => skip_ows(rest, false)
                .strip_prefix(b"=")
                .ok_or(Error::Malformed)?,
        };
        let (value, quoted, escaped, rest) = match skip_ows(rest, false) {
            [b'"', body @ ..] => {
                let (value, rest, escaped) = quoted_body(body).ok_or(Error::Malformed)?;
                (value, true, escaped, rest)
            }
            rest => {
                let (value, rest) = take_token(rest);
                (value, false, false, rest)
            }
        };
        self.escaped = escaped;
        if name.is_empty() || (!quoted && value.is_empty()) {
            return Err(Error::Malformed);
        }
        self.rest = match rest {
            // The usual separator, taken whole (hosts only: speed; the
            // general arm accepts the same bytes).
            #[cfg(target_pointer_width = "64")]
            [b',', b' ', after @ ..] => after,
            _ => {
                let rest = skip_ows(rest, false);
                match rest.split_first() {
                    None => rest,
                    Some((b',', after)) => after,
                    Some(_) => return Err(Error::Malformed),
                }
            }
        };
        Ok(Param {
            name,
            value,
            quoted,
        })
    }
}

impl<'a> Iterator for Params<'a> {
    type Item = Result<Param<'a>, Error>;

    /// Inlined on hosts (speed); one shared copy on 32-bit targets, where
    /// `Credentials::parse` and direct callers would otherwise each hold
    /// the tokenizer (flash, at the price of its frame: budgets.toml).
    #[cfg_attr(target_pointer_width = "64", inline(always))]
    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        self.rest = skip_ows(self.rest, true);
        if self.rest.is_empty() {
            return None;
        }
        let result = self.parse_one();
        self.failed = result.is_err();
        Some(result)
    }
}

/// Whether `credentials` is a valid RFC 7616 response: what
/// [`Credentials::parse`] accepts (the strict profile's check of
/// [`HttpDigest`](crate::HttpDigest)).
///
/// ```
/// use authparse::digest::is_valid_response;
/// let ok = br#"username="a", realm="r", nonce="n", uri="/", response="0123456789abcdef0123456789abcdef""#;
/// assert!(is_valid_response(ok));
/// assert!(!is_valid_response(br#"username="a", realm="r""#));
/// assert!(!is_valid_response(br#"username="a", realm="r", nonce="n", uri="/", response="x""#));
/// ```
pub fn is_valid_response(credentials: &[u8]) -> bool {
    // `Credentials::parse`'s checks without its decoding: nothing is kept
    // but what the rules across parameters need.
    let mut rules = Rules::NEW;
    for param in params(credentials) {
        let Ok(param) = param else {
            return false;
        };
        if let Some(field) = Field::from_name(param.name) {
            if rules.read(field, &param).is_err() {
                return false;
            }
        }
    }
    rules.check().is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::{format, vec::Vec};

    /// The byte-at-a-time scanner the SWAR one replaced.
    fn quoted_body_reference(bytes: &[u8]) -> Option<(&[u8], &[u8], bool)> {
        let mut i = 0usize;
        let mut escaped = false;
        loop {
            match *bytes.get(i)? {
                b'"' => return Some((&bytes[..i], &bytes[i + 1..], escaped)),
                b'\\' if matches!(bytes.get(i + 1)?, b'\t' | b' '..=b'~' | 0x80..=0xFF) => {
                    escaped = true;
                    i += 2
                }
                b'\\' => return None,
                b'\t' | b' '..=b'~' | 0x80..=0xFF => i += 1,
                _ => return None,
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn swar_quoted_body_agrees(
            body in proptest::collection::vec(proptest::sample::select(
                b"ab \t\"\\\x01\x7f\x80\xff,=".to_vec()), 0..40),
        ) {
            proptest::prop_assert_eq!(quoted_body(&body), quoted_body_reference(&body));
        }
    }

    /// One parameter as `(name, value, quoted, escaped)`; `None`: the error.
    type Item<'a> = Option<(&'a [u8], &'a [u8], bool, bool)>;

    /// The whole tokenizer a byte at a time, without the hosts' fast paths.
    fn params_reference(mut rest: &[u8]) -> Vec<Item<'_>> {
        fn ows(b: &[u8], commas: bool) -> &[u8] {
            let n = b
                .iter()
                .take_while(|&&c| c == b' ' || c == b'\t' || (commas && c == b','))
                .count();
            &b[n..]
        }
        fn token(b: &[u8]) -> (&[u8], &[u8]) {
            let n = b
                .iter()
                .take_while(|&&c| bytes::is(c, bytes::TCHAR))
                .count();
            b.split_at(n)
        }
        let mut out = Vec::new();
        loop {
            rest = ows(rest, true);
            if rest.is_empty() {
                return out;
            }
            let (name, after) = token(rest);
            let Some(after) = ows(after, false).strip_prefix(b"=") else {
                out.push(None);
                return out;
            };
            let (value, quoted, escaped, after) = match ows(after, false) {
                [b'"', body @ ..] => match quoted_body_reference(body) {
                    Some((v, a, e)) => (v, true, e, a),
                    None => {
                        out.push(None);
                        return out;
                    }
                },
                after => {
                    let (v, a) = token(after);
                    (v, false, false, a)
                }
            };
            if name.is_empty() || (!quoted && value.is_empty()) {
                out.push(None);
                return out;
            }
            rest = match ows(after, false) {
                [] => &[],
                [b',', a @ ..] => a,
                _ => {
                    out.push(None);
                    return out;
                }
            };
            out.push(Some((name, value, quoted, escaped)));
        }
    }

    proptest::proptest! {
        #[test]
        fn params_agree_with_reference(
            pieces in proptest::collection::vec(proptest::sample::select(std::vec![
                &b"a"[..], b"bc", b"=", b",", b", ", b",\t", b" ", b"\"", b"\"x, y\"",
                b"\\", b"\x01", b"a=b", b"a=\"b\"",
            ]), 0..16),
        ) {
            let input: Vec<u8> = pieces.concat();
            let mut it = params(&input);
            let mut got = Vec::new();
            while let Some(p) = it.next() {
                got.push(p.ok().map(|p| (p.name, p.value, p.quoted, it.last_was_escaped())));
            }
            proptest::prop_assert_eq!(got, params_reference(&input));
        }
    }

    proptest::proptest! {
        /// The validation-only path accepts exactly what `Credentials::parse`
        /// accepts (an empty buffer: values that need one report its size).
        #[test]
        fn is_valid_response_agrees_with_parse(
            required in proptest::collection::vec(proptest::bool::weighted(0.9), 5),
            extras in proptest::collection::vec(proptest::sample::select(std::vec![
                &b"username*=UTF-8''J%C3%A4"[..], b"username*=UTF-8''%C3", b"username=\"u\"",
                b"realm=\"a\\\"b\"", b"algorithm=SHA-256", b"algorithm=md5-SESS",
                b"algorithm=SHA-1", b"qop=auth", b"qop=\"auth-int\"", b"qop=x", b"nc=0000000a",
                b"nc=1", b"cnonce=\"c\"", b"opaque=o", b"userhash=TRUE", b"userhash=false",
                b"userhash=yes", b"response=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
                b"x=y", b"a=\"open", b"=b",
            ]), 0..5),
        ) {
            let base: [&[u8]; 5] = [
                b"username=\"u\"", b"realm=r", b"nonce=\"n\"", b"uri=\"/\"",
                b"response=0123456789abcdef0123456789abcdef",
            ];
            let mut pieces: Vec<&[u8]> = base.iter().zip(&required).filter(|(_, &on)| on).map(|(p, _)| *p).collect();
            pieces.extend(extras);
            let input = pieces.join(&b", "[..]);
            let parsed = Credentials::parse(&input, &mut []);
            let expected = matches!(parsed, Ok(_) | Err(DigestError::BufferTooSmall { .. }));
            proptest::prop_assert_eq!(is_valid_response(&input), expected, "{:?}", parsed);
        }
    }

    /// RFC 7616 §3.9.1.
    const RFC_EXAMPLE: &[u8] = br#"username="Mufasa", realm="http-auth@example.org", uri="/dir/index.html", algorithm=SHA-256, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", nc=00000001, cnonce="f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ", qop=auth, response="753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS""#;

    #[test]
    fn rfc_example_parses() {
        let names: Vec<&[u8]> = params(RFC_EXAMPLE).map(|p| p.unwrap().name).collect();
        assert_eq!(names.len(), 10);
        assert!(is_valid_response(RFC_EXAMPLE));
    }

    #[test]
    fn escapes_and_errors() {
        let p = params(br#"a="x\"y""#).next().unwrap().unwrap();
        let mut buf = [0u8; 8];
        assert_eq!(p.unescaped(&mut buf).unwrap(), b"x\"y");
        for bad in [
            &b"a"[..],
            b"a=",
            b"=b",
            b"a=\"open",
            b"a=b c=d",
            b"a=\"\x01\"",
            b"a=\"\\\x00\"",
            b"a=\"x\\\r\\\n\"",
            b"a=\"\\\x01\"",
            b"a=\"\\\x7f\"",
            b"a=\"\\",
        ] {
            assert!(params(bad).any(|p| p.is_err()), "{bad:?}");
        }
        assert_eq!(params(b" , a=b ,, c = \"d\" ,").count(), 2);
        // Quoted-pairs of HTAB, SP, VCHAR and obs-text are fine.
        let p = params(b"a=\"\\\t\\ \\~\\\xff\"").next().unwrap().unwrap();
        assert_eq!(p.unescaped(&mut buf).unwrap(), b"\t ~\xff");
    }

    #[test]
    fn debug_hides_values() {
        let p = params(b"response=secret").next().unwrap().unwrap();
        assert!(!format!("{p:?}").contains("secret"));
    }
}
