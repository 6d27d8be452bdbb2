//! FastAPI's API-key classes: [`ApiKeyHeader`], [`ApiKeyQuery`], [`ApiKeyCookie`].
//!
//! In every one an empty value counts as missing.

use crate::common::{common_settings, stringify_class, Common};
use crate::cookie::{self, CookiePair};
use crate::request::{HeaderField, Request};
use crate::text::latin1_eq;
use crate::urlencoded::{self, component_eq_strict};
use crate::whitespace::{is_python_space_byte, strip_python, trim_ows};
use crate::{Challenge, Error, Failure, Outcome, Profile, Reason, Secret};

/// `APIKeyHeader(name=…)`: the first header with that name, as sent.
///
/// The name is matched ASCII case-insensitively and exactly otherwise: FastAPI
/// does not turn `_` into `-` here. An empty value counts as missing.
///
/// ```
/// use authparse::{ApiKeyHeader, Request};
/// let headers = [("x-api-key", "  secret  ")];
/// let key = ApiKeyHeader::new("X-API-Key").extract(&Request::new(&headers));
/// assert_eq!(key.credentials().unwrap().as_bytes(), b"  secret  ");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ApiKeyHeader<'c> {
    name: &'c str,
    common: Common<'c>,
}

common_settings!(ApiKeyHeader);

impl<'c> ApiKeyHeader<'c> {
    /// `APIKeyHeader(name=…)`.
    pub const fn new(name: &'c str) -> Self {
        ApiKeyHeader {
            name,
            common: Common::DEFAULT,
        }
    }

    /// The configured header name, as given.
    pub const fn get_name(&self) -> &'c str {
        self.name
    }

    /// The `WWW-Authenticate` value of a failure: `APIKey`.
    pub const fn challenge(&self) -> Challenge<'c> {
        Challenge::ApiKey
    }

    /// Decides on `req`. The strict profile rejects a repeated header (400)
    /// and trims OWS.
    pub fn extract<'r, H: HeaderField>(&self, req: &Request<'r, H>) -> Outcome<'c, Secret<'r>> {
        match self
            .common
            .single_header(req, self.name.as_bytes(), Challenge::ApiKey)
        {
            Ok(Some(v)) if !v.is_empty() => Outcome::Credentials(Secret::new(v)),
            Ok(_) => self.common.deny(Reason::Missing, Challenge::ApiKey),
            Err(failure) => Outcome::Failure(failure),
        }
    }
}

/// `APIKeyQuery(name=…)`: a query parameter, decoded as Starlette does.
///
/// FastAPI profile: the last occurrence wins, names compare after decoding.
/// Strict: WHATWG decoding, invalid UTF-8 or a repeated parameter is a 400.
///
/// ```
/// use authparse::{ApiKeyQuery, Request};
/// let headers: [(&str, &str); 0] = [];
/// let req = Request::new(&headers).with_query(b"key=first&k%65y=a%20b");
/// let mut buf = [0u8; 32];
/// let key = ApiKeyQuery::new("key").extract(&req, &mut buf)?;
/// assert_eq!(key.credentials().unwrap().as_bytes(), b"a b");
/// # Ok::<(), authparse::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ApiKeyQuery<'c> {
    name: &'c str,
    common: Common<'c>,
}

common_settings!(ApiKeyQuery);

impl<'c> ApiKeyQuery<'c> {
    /// `APIKeyQuery(name=…)`.
    pub const fn new(name: &'c str) -> Self {
        ApiKeyQuery {
            name,
            common: Common::DEFAULT,
        }
    }

    /// The configured parameter name.
    pub const fn get_name(&self) -> &'c str {
        self.name
    }

    /// The `WWW-Authenticate` value of a failure: `APIKey`.
    pub const fn challenge(&self) -> Challenge<'c> {
        Challenge::ApiKey
    }

    /// Decides on `req`'s query string, decoding the key into `buf` when it
    /// is encoded (a plain key is returned as a view of the query).
    pub fn extract<'r: 'o, 'o, H: HeaderField>(
        &self,
        req: &Request<'r, H>,
        buf: &'o mut [u8],
    ) -> Result<Outcome<'c, Secret<'o>>, Error> {
        let query = req.query();
        let bad_request = |reason| {
            Ok(Outcome::Failure(Failure::bad_request(
                reason,
                Challenge::ApiKey,
            )))
        };
        let decoded = match self.common.profile {
            Profile::FastApi => match urlencoded::find_last(query, self.name) {
                Some(raw) if !raw.is_empty() => urlencoded::decode(raw, buf)?,
                _ => return Ok(self.common.deny(Reason::Missing, Challenge::ApiKey)),
            },
            Profile::Strict => {
                let mut matches =
                    urlencoded::pairs(query).filter(|p| component_eq_strict(p.name, self.name));
                let raw = match (matches.next(), matches.next()) {
                    (Some(_), Some(_)) => return bad_request(Reason::DuplicateCredentials),
                    (Some(p), None) if !p.value.is_empty() => p.value,
                    _ => return Ok(self.common.deny(Reason::Missing, Challenge::ApiKey)),
                };
                match urlencoded::decode_strict(raw, buf) {
                    Ok(v) => v,
                    Err(Error::InvalidUtf8) => return bad_request(Reason::InvalidCharset),
                    Err(e) => return Err(e),
                }
            }
        };
        Ok(Outcome::Credentials(Secret::new(decoded.as_bytes())))
    }
}

/// `APIKeyCookie(name=…)`: a cookie, across every `Cookie` header.
///
/// FastAPI profile: Starlette's parser, the last occurrence wins, a quoted
/// value is unescaped into `buf`. Strict: RFC 6265 pairs, the first
/// occurrence wins (RFC 6265 §5.4 sends the most specific first), and a
/// malformed cookie with this name is a 400.
///
/// ```
/// use authparse::{ApiKeyCookie, Request};
/// let headers = [("cookie", "session=first"), ("cookie", "a=1; session=\"second\"")];
/// let mut buf = [0u8; 32];
/// let key = ApiKeyCookie::new("session").extract(&Request::new(&headers), &mut buf)?;
/// assert_eq!(key.credentials().unwrap().as_bytes(), b"second");
/// # Ok::<(), authparse::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ApiKeyCookie<'c> {
    name: &'c str,
    common: Common<'c>,
}

common_settings!(ApiKeyCookie);

impl<'c> ApiKeyCookie<'c> {
    /// `APIKeyCookie(name=…)`.
    pub const fn new(name: &'c str) -> Self {
        ApiKeyCookie {
            name,
            common: Common::DEFAULT,
        }
    }

    /// The configured cookie name.
    pub const fn get_name(&self) -> &'c str {
        self.name
    }

    /// The `WWW-Authenticate` value of a failure: `APIKey`.
    pub const fn challenge(&self) -> Challenge<'c> {
        Challenge::ApiKey
    }

    /// Decides on `req`'s `Cookie` headers; a quoted value is unescaped into
    /// `buf` (an unquoted one is returned as a view of the header).
    pub fn extract<'r: 'o, 'o, H: HeaderField>(
        &self,
        req: &Request<'r, H>,
        buf: &'o mut [u8],
    ) -> Result<Outcome<'c, Secret<'o>>, Error> {
        let value: &'o [u8] = match self.common.profile {
            Profile::FastApi => {
                let name = self.name.as_bytes();
                let last = if is_plain_cookie_name(name) {
                    // Same decision as the general path below, without
                    // splitting every pair: see `match_plain`.
                    let mut last = None;
                    for header in req.all(b"cookie") {
                        if let Some(pair) = last_plain(header, name) {
                            last = Some(pair);
                        }
                    }
                    last
                } else {
                    req.all(b"cookie")
                        .flat_map(cookie::pairs)
                        .filter(|p| latin1_eq(p.name, self.name))
                        .last()
                };
                match last {
                    Some(pair) => pair.unquoted(buf)?,
                    None => &[],
                }
            }
            Profile::Strict => {
                let name = self.name.as_bytes();
                let named = |piece: &&[u8]| {
                    !name.contains(&b'=')
                        && piece
                            .strip_prefix(name)
                            .is_some_and(|rest| matches!(rest.first(), None | Some(b'=')))
                };
                let piece = req
                    .all(b"cookie")
                    .flat_map(|h| crate::bytes::split_byte(h, b';'))
                    .map(trim_ows)
                    .find(named);
                match piece.map(cookie::parse_strict_piece) {
                    Some(Ok(CookiePair { value, .. })) => value,
                    Some(Err(_)) => {
                        return Ok(Outcome::Failure(Failure::bad_request(
                            Reason::MalformedCredentials,
                            Challenge::ApiKey,
                        )))
                    }
                    None => &[],
                }
            }
        };
        if value.is_empty() {
            return Ok(self.common.deny(Reason::Missing, Challenge::ApiKey));
        }
        Ok(Outcome::Credentials(Secret::new(value)))
    }
}

/// Whether Starlette's stripped cookie name equals `name` exactly when a
/// piece reads `ws* name ws* "=" …`: true for a non-empty ASCII name
/// without `=` or `;` that neither starts nor ends with Python whitespace
/// (for ASCII, `latin1_eq` is byte equality).
fn is_plain_cookie_name(name: &[u8]) -> bool {
    match (name.first(), name.last()) {
        (Some(&first), Some(&last)) => {
            name.iter().all(|&b| b.is_ascii() && b != b'=' && b != b';')
                && !is_python_space_byte(first)
                && !is_python_space_byte(last)
        }
        _ => false,
    }
}

/// Python's whitespace bytes as a table (see `whitespace::is_python_space_byte`).
// Evaluated at compile time: an out-of-range index would fail the build, not a run.
#[allow(clippy::indexing_slicing)]
const PY_SPACE: [bool; 256] = {
    let mut table = [false; 256];
    let mut i = 0;
    while i < 256 {
        table[i] = is_python_space_byte(i as u8);
        i += 1;
    }
    table
};

fn py_space(b: u8) -> bool {
    PY_SPACE.get(usize::from(b)).copied().unwrap_or(false)
}

/// The `;` bytes of a 16-byte block, each flagged exactly in its high bit.
fn semicolons(block: [u8; 16]) -> u128 {
    const LOW7: u128 = u128::from_le_bytes([0x7F; 16]);
    let y = u128::from_le_bytes(block) ^ u128::from_le_bytes([b';'; 16]);
    // Per byte: bit 7 of `(y & 0x7F) + 0x7F` is set iff the low bits are not
    // all zero, and no carry crosses bytes; so a zero byte alone keeps it clear.
    !((y & LOW7).wrapping_add(LOW7) | y | LOW7)
}

/// The last pair of `header` named by the plain `name` (what
/// `cookie::pairs(header).filter(latin1_eq).last()` finds): one pass that
/// flags the `;` of sixteen bytes at a time and checks each piece's start.
fn last_plain<'a>(header: &'a [u8], name: &[u8]) -> Option<CookiePair<'a>> {
    let mut last = None;
    let mut start = 0usize;
    let mut pos = 0usize;
    while pos < header.len() {
        let rest = header.get(pos..).unwrap_or_default();
        let block = match rest.first_chunk::<16>() {
            Some(&block) => block,
            None => {
                // The short end, padded with bytes that are not `;`.
                let mut block = [0u8; 16];
                for (dst, &src) in block.iter_mut().zip(rest) {
                    *dst = src;
                }
                block
            }
        };
        let mut mask = semicolons(block);
        while mask != 0 {
            let end = pos.wrapping_add((mask.trailing_zeros() >> 3) as usize);
            if let Some(pair) = header.get(start..end).and_then(|p| match_plain(p, name)) {
                last = Some(pair);
            }
            start = end.wrapping_add(1);
            mask &= mask.wrapping_sub(1);
        }
        pos = pos.wrapping_add(16);
    }
    if let Some(pair) = header.get(start..).and_then(|p| match_plain(p, name)) {
        last = Some(pair);
    }
    last
}

/// The pair of one `;`-piece when its stripped name is the plain `name`
/// (see [`is_plain_cookie_name`]): the same pair [`cookie::pairs`] yields.
#[inline(always)]
fn match_plain<'a>(piece: &'a [u8], name: &[u8]) -> Option<CookiePair<'a>> {
    let &first = name.first()?;
    let mut rest = piece;
    // Leading whitespace, then the name's first byte: most pieces stop here.
    loop {
        let (&b, tail) = rest.split_first()?;
        if b == first {
            break;
        }
        if !py_space(b) {
            return None;
        }
        rest = tail;
    }
    let (found, after) = rest.split_at_checked(name.len())?;
    if found != name {
        return None;
    }
    let gap = after.iter().position(|&b| !py_space(b))?;
    let value = after.get(gap..)?.strip_prefix(b"=")?;
    Some(CookiePair {
        name: found,
        value: strip_python(value),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::vec::Vec;

    /// The general path, as the fast one must decide.
    fn general<'a>(headers: &[&'a [u8]], name: &str) -> Option<CookiePair<'a>> {
        headers
            .iter()
            .flat_map(|h| cookie::pairs(h))
            .filter(|p| latin1_eq(p.name, name))
            .last()
    }

    proptest::proptest! {
        #[test]
        fn plain_name_path_agrees_with_pairs(
            headers in proptest::collection::vec(
                proptest::collection::vec(proptest::sample::select(
                    b"ses=; \t\x0b\x1c\x85\xa0\"x".to_vec()), 0..40), 0..3),
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
            let req = Request::new(&fields);
            let mut buf = [0u8; 64];
            let got = ApiKeyCookie::new(name).auto_error(false).extract(&req, &mut buf).unwrap();
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
