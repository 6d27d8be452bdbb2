//! The FastAPI profile's framing: python-multipart 0.0.34's `MultipartParser`
//! fed the whole body in one `write` (what Starlette 1.10 does with a body
//! that arrives in one piece), followed by `finalize`, which checks nothing.
//!
//! The parser's states collapse to three scans, each a byte search:
//!
//! - start: if the body starts with CR or LF, everything up to the first `-`
//!   is skipped; then `--boundary` must follow, byte for byte, and then CRLF
//!   (a part) or `--` (an empty message);
//! - headers: lines `name:value` ending in CRLF, at most 8 of them, each at
//!   most 4224 bytes; the name is one or more RFC 9110 `tchar`; SPs after the
//!   colon are skipped; a CR must be followed by LF; an empty line ends them;
//! - data: runs to the first `CRLF--boundary` followed by CRLF (next part),
//!   `--` (the end; the epilogue is ignored) or SP/HTAB padding and CRLF;
//!   followed by anything else it is data.
//!
//! A byte that breaks these rules is an error (FastAPI's 400 "Invalid
//! multipart data."). A body that simply ends is not: what was complete
//! counts, and a part cut in its data is reported as [`Ending::Truncated`].

use super::options;
use crate::base::bytes::{self, find_byte};

#[cfg(target_pointer_width = "64")]
mod browser;
#[cfg(target_pointer_width = "64")]
pub(crate) use browser::browser_part;

/// python-multipart's default limit of header lines per part.
pub(crate) const MAX_HEADER_COUNT: usize = 8;
/// python-multipart's default limit of one header line (name, colon, value).
pub(crate) const MAX_HEADER_SIZE: usize = 4096 + 128;
/// python-multipart's limit on the boundary (longer ones are a parse error).
pub const MAX_BOUNDARY_LEN: usize = 256;

/// The boundary as python-multipart has it: the bytes of a `Content-Type`
/// parameter, unescaped on the fly when they were quoted with `\` in them
/// (so that no copy is needed).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Boundary<'b> {
    value: options::Value<'b>,
    /// Whether unescaping changes nothing (the common case: a plain view).
    plain: bool,
    len: usize,
}

impl<'b> Boundary<'b> {
    /// A boundary given as it is.
    pub(crate) fn plain(raw: &'b [u8]) -> Self {
        Boundary {
            value: options::Value { raw, quoted: false },
            plain: true,
            len: raw.len(),
        }
    }

    /// A `boundary` parameter's value.
    pub(crate) fn of(value: options::Value<'b>) -> Self {
        let plain = value.is_plain();
        let len = if plain {
            value.raw.len()
        } else {
            value.bytes().count()
        };
        Boundary { value, plain, len }
    }

    /// Its length once unescaped.
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    fn bytes(&self) -> impl Iterator<Item = u8> + 'b {
        self.value.bytes()
    }

    /// Whether `hay` starts with it.
    fn starts(&self, hay: &[u8]) -> bool {
        if self.plain {
            hay.starts_with(self.value.raw)
        } else {
            hay.len() >= self.len && self.bytes().zip(hay).all(|(a, &b)| a == b)
        }
    }
}

/// How a part's data ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Ending {
    /// A delimiter followed; more parts may come.
    Next,
    /// The close delimiter followed: nothing more is read.
    Close,
    /// The body ended first: the part is not complete.
    Truncated,
    /// A framing error after the data (bad transport padding).
    Malformed,
}

/// The START and START_BOUNDARY states: the first part's headers
/// (`Ok(None)`: the body ends, or the message is empty).
pub(crate) fn start<'a>(body: &'a [u8], boundary: Boundary<'_>) -> Result<Option<&'a [u8]>, ()> {
    let mut rest = body;
    if let [b'\r' | b'\n', ..] = rest {
        match find_byte(rest, b'-').and_then(|p| rest.get(p..)) {
            Some(from_dash) => rest = from_dash,
            None => return Ok(None),
        }
    }
    // The whole delimiter is there and equal (one compare when the boundary
    // is a plain view), else compare byte by byte to tell a body cut short
    // (the end) from a wrong byte (an error).
    let whole = rest.len() >= boundary.len().saturating_add(2)
        && rest.starts_with(b"--")
        && boundary.starts(rest.get(2..).unwrap_or_default());
    if !whole {
        for (i, expected) in b"--".iter().copied().chain(boundary.bytes()).enumerate() {
            match rest.get(i) {
                None => return Ok(None),
                Some(&b) if b != expected => return Err(()),
                Some(_) => {}
            }
        }
    }
    let after = rest
        .get(boundary.len().saturating_add(2)..)
        .unwrap_or_default();
    match after {
        [] | [b'-'] | [b'\r'] | [b'-', b'-', ..] => Ok(None),
        [b'\r', b'\n', headers @ ..] => Ok(Some(headers)),
        _ => Err(()),
    }
}

/// A part's header block as the HEADER_FIELD_START to HEADERS_ALMOST_DONE
/// states read it: where its data starts, and the last `Content-Disposition`
/// and `Content-Type` values.
pub(crate) struct Headers<'a> {
    /// Bytes of header lines (each ending in CRLF) before the empty line.
    pub(crate) len: usize,
    pub(crate) disposition: Option<&'a [u8]>,
    pub(crate) content_type: Option<&'a [u8]>,
    /// The quoted `name` of `disposition` when
    /// [`disposition_line`](browser::disposition_line) read it
    /// (64-bit targets only): no second pass over the value.
    #[cfg(target_pointer_width = "64")]
    pub(crate) name: Option<&'a [u8]>,
}

/// The header lines at `at`: `Some(Err(()))` for a framing error, `None`
/// when the body ends inside them.
pub(crate) fn headers(at: &[u8]) -> Option<Result<Headers<'_>, ()>> {
    let mut rest = at;
    let mut found = Headers {
        len: 0,
        disposition: None,
        content_type: None,
        #[cfg(target_pointer_width = "64")]
        name: None,
    };
    let mut count = 0usize;
    loop {
        match rest {
            [b'\r', b'\n', ..] => break,
            [] | [b'\r'] => return None,
            [b'\r', ..] => return Some(Err(())),
            _ => {}
        }
        count = count.saturating_add(1);
        if count > MAX_HEADER_COUNT {
            return Some(Err(()));
        }
        #[cfg(target_pointer_width = "64")]
        if let Some((value, name, next)) = browser::disposition_line(rest) {
            found.disposition = Some(value);
            found.name = Some(name);
            rest = next;
            continue;
        }
        let Ok((known, value, next)) = header_line(rest)? else {
            return Some(Err(()));
        };
        match known {
            Some(Known::Disposition) => {
                found.disposition = Some(value);
                #[cfg(target_pointer_width = "64")]
                {
                    found.name = None;
                }
            }
            Some(Known::ContentType) => found.content_type = Some(value),
            None => {}
        }
        rest = next;
    }
    found.len = at.len().saturating_sub(rest.len());
    Some(Ok(found))
}

/// The header names a form part's reader keeps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Known {
    Disposition,
    ContentType,
}

/// Whether `line` starts with one of the kept names and its colon (a name
/// is the run of `tchar` before `:`, so this is name equality), and where
/// that colon is; any other name is scanned byte by byte.
#[cfg(not(target_pointer_width = "64"))]
fn known_name(line: &[u8]) -> Option<(usize, Known)> {
    [
        (&b"content-disposition:"[..], Known::Disposition),
        (b"content-type:", Known::ContentType),
    ]
    .into_iter()
    .find(|(lit, _)| {
        line.get(..lit.len())
            .is_some_and(|head| bytes::eq_ignore_ascii_case_lower(head, lit))
    })
    .map(|(lit, known)| (lit.len().saturating_sub(1), known))
}

/// See the 32-bit [`known_name`]: here as folded eight-byte words
/// (`content-`, then `disposit` + `osition:` or `nt-type:`).
#[cfg(target_pointer_width = "64")]
fn known_name(line: &[u8]) -> Option<(usize, Known)> {
    use bytes::word_eq_lower as eq;
    if !eq(line, 0, b"content-") {
        return None;
    }
    if eq(line, 8, b"disposit") && eq(line, 12, b"osition:") {
        Some((19, Known::Disposition))
    } else if eq(line, 5, b"nt-type:") {
        Some((12, Known::ContentType))
    } else {
        None
    }
}

/// One header line: `Some(Ok((known, value, rest)))` (`known`: which of the
/// kept names it has, if any), `Some(Err(()))` for a framing error, `None`
/// when the body ends inside it.
#[allow(clippy::type_complexity)]
fn header_line(line: &[u8]) -> Option<Result<(Option<Known>, &[u8], &[u8]), ()>> {
    let known = known_name(line);
    let name_end = match known {
        Some((colon, _)) => Some(colon),
        None => line.iter().position(|&b| !bytes::is(b, bytes::TCHAR)),
    };
    let Some(colon) = name_end else {
        // All name bytes so far; the body ends before the colon.
        return (line.len() > MAX_HEADER_SIZE).then_some(Err(()));
    };
    if colon == 0 || line.get(colon) != Some(&b':') || colon >= MAX_HEADER_SIZE {
        return Some(Err(()));
    }
    let after = line.get(colon.saturating_add(1)..)?;
    let spaces = after.iter().take_while(|&&b| b == b' ').count();
    let used = colon.saturating_add(1).saturating_add(spaces);
    let value_and_rest = after.get(spaces..)?;
    let Some(cr) = find_byte(value_and_rest, b'\r') else {
        let size = used.saturating_add(value_and_rest.len());
        return (size > MAX_HEADER_SIZE).then_some(Err(()));
    };
    if used.saturating_add(cr) > MAX_HEADER_SIZE {
        return Some(Err(()));
    }
    let value = value_and_rest.get(..cr)?;
    match value_and_rest.get(cr..)? {
        [b'\r', b'\n', rest @ ..] => Some(Ok((known.map(|(_, k)| k), value, rest))),
        [b'\r'] => None,
        _ => Some(Err(())),
    }
}

/// The header lines of a block [`part`] accepted: `(name, value)` pairs.
pub(crate) fn header_fields(block: &[u8]) -> impl Iterator<Item = (&[u8], &[u8])> + Clone {
    let mut rest = block;
    core::iter::from_fn(move || {
        let cr = find_byte(rest, b'\r')?;
        let line = rest.get(..cr)?;
        rest = rest.get(cr.saturating_add(2)..).unwrap_or_default();
        let colon = find_byte(line, b':')?;
        let value = line.get(colon.saturating_add(1)..)?;
        let spaces = value.iter().take_while(|&&b| b == b' ').count();
        Some((line.get(..colon)?, value.get(spaces..)?))
    })
}

/// The PART_DATA and BOUNDARY_PADDING states: `(data, ending, rest)`.
pub(crate) fn part_data<'a>(
    data: &'a [u8],
    boundary: Boundary<'_>,
) -> (&'a [u8], Ending, &'a [u8]) {
    let delimiter_len = boundary.len().saturating_add(4);
    let mut from = 0usize;
    loop {
        let Some(at) = find_delimiter(data, from, boundary) else {
            let keep = data
                .len()
                .saturating_sub(partial_delimiter(data, from, boundary));
            return (data.get(..keep).unwrap_or_default(), Ending::Truncated, &[]);
        };
        let content = data.get(..at).unwrap_or_default();
        let after_at = at.saturating_add(delimiter_len);
        let after = data.get(after_at..).unwrap_or_default();
        match after {
            [b'\r', b'\n', rest @ ..] => return (content, Ending::Next, rest),
            [b'-', b'-', ..] => return (content, Ending::Close, &[]),
            [] | [b'\r'] | [b'-'] => return (content, Ending::Truncated, &[]),
            [b' ' | b'\t', ..] => {
                let pad = after
                    .iter()
                    .take_while(|&&b| b == b' ' || b == b'\t')
                    .count();
                return match after.get(pad..).unwrap_or_default() {
                    [b'\r', b'\n', rest @ ..] => (content, Ending::Next, rest),
                    [] | [b'\r'] => (content, Ending::Truncated, &[]),
                    _ => (content, Ending::Malformed, &[]),
                };
            }
            // After CR or `-` the parser goes on from the next byte; after
            // any other byte, from that byte.
            [b'\r' | b'-', ..] => from = after_at.saturating_add(1),
            _ => from = after_at,
        }
    }
}

/// The first `CRLF--boundary` at or after `from`.
fn find_delimiter(data: &[u8], from: usize, boundary: Boundary<'_>) -> Option<usize> {
    let mut at = from;
    loop {
        let cr = at.checked_add(find_byte(data.get(at..)?, b'\r')?)?;
        let candidate = data.get(cr..)?;
        if candidate.get(1..4) == Some(b"\n--") && boundary.starts(candidate.get(4..)?) {
            return Some(cr);
        }
        at = cr.checked_add(1)?;
    }
}

/// How many bytes at the end of `data` (after `from`) could start a
/// delimiter: python-multipart holds them back from the part's data.
fn partial_delimiter(data: &[u8], from: usize, boundary: Boundary<'_>) -> usize {
    let window = from.max(data.len().saturating_sub(boundary.len().saturating_add(3)));
    let Some(tail) = data.get(window..) else {
        return 0;
    };
    // The window is at most the delimiter long.
    let Some(cr) = tail.iter().rposition(|&b| b == b'\r') else {
        return 0;
    };
    let candidate = tail.get(cr..).unwrap_or_default();
    let mut delimiter = b"\r\n--".iter().copied().chain(boundary.bytes());
    if candidate.iter().all(|&b| delimiter.next() == Some(b)) {
        candidate.len()
    } else {
        0
    }
}

/// A part's `name` and `filename` from its `Content-Disposition`, as
/// Starlette takes them (`None`: no `name`, Starlette's 400).
pub(crate) fn disposition_params(
    disposition: Option<&[u8]>,
) -> Option<(options::Value<'_>, Option<options::Value<'_>>)> {
    let disposition = disposition?;
    #[cfg(target_pointer_width = "64")]
    if let Some(name) = options::plain_name(disposition) {
        return Some((name, None));
    }
    let [name, filename] = options::parameters(disposition, [b"name", b"filename"]);
    Some((name?, filename))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data(body: &[u8]) -> (&[u8], Ending) {
        let (d, e, _) = part_data(body, Boundary::plain(b"XB"));
        (d, e)
    }

    #[test]
    fn data_endings() {
        assert_eq!(data(b"v\r\n--XB\r\nnext"), (&b"v"[..], Ending::Next));
        assert_eq!(data(b"v\r\n--XB--"), (&b"v"[..], Ending::Close));
        assert_eq!(data(b"v\r\n--XB \t\r\n"), (&b"v"[..], Ending::Next));
        assert_eq!(data(b"v\r\n--XB  x"), (&b"v"[..], Ending::Malformed));
        assert_eq!(
            data(b"v\r\n--XB-x\r\n--XB--"),
            (&b"v\r\n--XB-x"[..], Ending::Close)
        );
        assert_eq!(
            data(b"v\r\n--XBx\r\n--XB\r\n"),
            (&b"v\r\n--XBx"[..], Ending::Next)
        );
        assert_eq!(
            data(b"v\r\n--XB\rx\r\n--XB--"),
            (&b"v\r\n--XB\rx"[..], Ending::Close)
        );
        assert_eq!(data(b"v\r\n--XB"), (&b"v"[..], Ending::Truncated));
        assert_eq!(data(b"v\r\n--X"), (&b"v"[..], Ending::Truncated));
        assert_eq!(data(b"v\r\n-x"), (&b"v\r\n-x"[..], Ending::Truncated));
    }

    #[test]
    fn start_states() {
        assert!(matches!(
            start(b"--XB\r\nH", Boundary::plain(b"XB")),
            Ok(Some(b"H"))
        ));
        assert!(matches!(
            start(b"\r\n\n--XB\r\n", Boundary::plain(b"XB")),
            Ok(Some(b""))
        ));
        assert!(matches!(
            start(b"\r\npre\r\n--XB\r\n", Boundary::plain(b"XB")),
            Ok(Some(b""))
        ));
        assert!(matches!(
            start(b"pre\r\n--XB\r\n", Boundary::plain(b"XB")),
            Err(())
        ));
        assert!(matches!(start(b"--XB--", Boundary::plain(b"XB")), Ok(None)));
        assert!(matches!(start(b"--XB-x", Boundary::plain(b"XB")), Err(())));
        assert!(matches!(start(b"--XB\rx", Boundary::plain(b"XB")), Err(())));
        assert!(matches!(start(b"--X", Boundary::plain(b"XB")), Ok(None)));
        assert!(matches!(start(b"", Boundary::plain(b"XB")), Ok(None)));
    }
}
