//! `multipart/form-data` fields, zero-copy, in two profiles.
//!
//! [`boundary`] reads the boundary from a `Content-Type` value; [`parts`]
//! iterates the parts of a body, each named by its `Content-Disposition`
//! `name`, with the data as a view of the body.
//!
//! - [`parts`] (FastAPI profile) frames the body as python-multipart 0.0.34
//!   does under Starlette 1.10: only CR and LF may come before the first
//!   boundary line (a body starting with them is skipped up to its first
//!   `-`), header lines are checked byte by byte (RFC 9110 `tchar` names, no
//!   bare CR, at most 8 lines of at most 4224 bytes), and a body that ends
//!   early simply ends the iteration after the last complete part. Errors are
//!   FastAPI's 400 `Invalid multipart data.`.
//! - [`parts_strict`] follows RFC 2046 §5.1.1 and RFC 7578: a preamble and
//!   an epilogue are allowed, the close delimiter is required.
//!
//! ```
//! use authparse::multipart::{boundary, parts, MultipartError};
//! let ct = b"multipart/form-data; boundary=XyZ";
//! let body = b"--XyZ\r\nContent-Disposition: form-data; name=\"username\"\r\n\r\njohn\r\n--XyZ--\r\n";
//! let b = boundary(ct).unwrap();
//! let part = parts(body, b).next().unwrap().unwrap();
//! assert_eq!((part.name, part.data), (&b"username"[..], &b"john"[..]));
//!
//! // A preamble line: python-multipart (FastAPI) refuses it, RFC 2046 allows it.
//! let with_preamble = b"hello\r\n--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\nx\r\n--XyZ--";
//! assert_eq!(parts(with_preamble, b).next(), Some(Err(MultipartError::Malformed)));
//! assert!(authparse::multipart::parts_strict(with_preamble, b).next().unwrap().is_ok());
//! ```

mod fastapi;
pub(crate) mod options;
mod strict;

pub use fastapi::MAX_BOUNDARY_LEN;
pub(crate) use fastapi::{header_fields, Boundary, Ending, MAX_HEADER_COUNT};

use crate::base::error::Error;

/// One part of a multipart body; every field is a view of the body.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Part<'a> {
    /// The `name` parameter of `Content-Disposition` (quotes removed, escapes
    /// kept; compare with [`Part::name_is`]).
    pub name: &'a [u8],
    /// The `filename` parameter, present for file parts.
    pub filename: Option<&'a [u8]>,
    /// The part's `Content-Type`, if given.
    pub content_type: Option<&'a [u8]>,
    /// The part's header lines as sent, each ending in CRLF.
    pub headers: &'a [u8],
    /// The part's data.
    pub data: &'a [u8],
    /// Whether `name` was quoted in the FastAPI profile (Python's unescaping
    /// applies to it).
    name_quoted: bool,
}

impl<'a> Part<'a> {
    /// Whether the part's name, unescaped as its profile reads it (FastAPI:
    /// `\\` then `\"` replaced inside quotes), is `name`.
    ///
    /// ```
    /// use authparse::multipart::parts;
    /// let body = b"--b\r\nContent-Disposition: form-data; name=\"a\\\"b\"\r\n\r\nx\r\n--b--";
    /// let part = parts(body, b"b").next().unwrap().unwrap();
    /// assert!(part.name_is(b"a\"b"));
    /// ```
    pub fn name_is(&self, name: &[u8]) -> bool {
        self.name_value().eq(name)
    }

    pub(crate) fn name_value(&self) -> options::Value<'a> {
        options::Value {
            raw: self.name,
            quoted: self.name_quoted,
        }
    }
}

impl core::fmt::Debug for Part<'_> {
    /// Lengths only: field data may be passwords.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(
            f,
            "Part {{ name: {} bytes, file: {}, data: {} bytes }}",
            self.name.len(),
            self.filename.is_some(),
            self.data.len()
        )
    }
}

impl core::fmt::Debug for Parts<'_> {
    /// Sizes only: the body holds the fields.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(
            f,
            "Parts {{ rest: {} bytes, boundary: {} bytes }}",
            self.cursor.rest.len(),
            self.boundary.len()
        )
    }
}

#[cfg(feature = "defmt")]
impl defmt::Format for Part<'_> {
    fn format(&self, f: defmt::Formatter<'_>) {
        defmt::write!(
            f,
            "Part {{ name: {=usize} bytes, file: {=bool}, data: {=usize} bytes }}",
            self.name.len(),
            self.filename.is_some(),
            self.data.len()
        )
    }
}

#[cfg(feature = "defmt")]
impl defmt::Format for Parts<'_> {
    fn format(&self, f: defmt::Formatter<'_>) {
        defmt::write!(
            f,
            "Parts {{ rest: {=usize} bytes, boundary: {=usize} bytes }}",
            self.cursor.rest.len(),
            self.boundary.len()
        )
    }
}

/// Why a multipart body could not be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum MultipartError {
    /// The body breaks the profile's framing (FastAPI profile:
    /// python-multipart's parse error, FastAPI's "Invalid multipart data.";
    /// strict: RFC 2046 framing).
    Malformed,
    /// A part has no `Content-Disposition` `name`.
    MissingName,
}

impl From<MultipartError> for Error {
    fn from(_: MultipartError) -> Self {
        Error::Malformed
    }
}

/// How Starlette decodes multipart text (field values, names, file names):
/// with the `charset` of the request's `Content-Type`, falling back to
/// Latin-1 where that fails.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum Charset {
    /// UTF-8 (no `charset`, or a name of Python's `utf_8` codec): text that
    /// is not valid UTF-8 is read as Latin-1.
    #[default]
    Utf8,
    /// Every byte is one Latin-1 character (`latin-1`, `ascii`, any name
    /// Python does not know, and every other codec, which this crate reads
    /// as Latin-1).
    Latin1,
}

/// The [`Charset`] Starlette takes from a `Content-Type` value.
///
/// ```
/// use authparse::multipart::{charset, Charset};
/// assert_eq!(charset(b"multipart/form-data; boundary=x"), Charset::Utf8);
/// assert_eq!(charset(b"multipart/form-data; charset=\"UTF_8\""), Charset::Utf8);
/// assert_eq!(charset(b"multipart/form-data; charset=iso-8859-1"), Charset::Latin1);
/// ```
pub fn charset(content_type: &[u8]) -> Charset {
    charset_of(options::parameter(content_type, b"charset"))
}

/// The [`Charset`] a `charset` parameter names (none: UTF-8).
pub(crate) fn charset_of(label: Option<options::Value<'_>>) -> Charset {
    let Some(label) = label else {
        return Charset::Utf8;
    };
    // Python's codec lookup: lower-cased, runs of other characters than
    // letters, digits and `.` become one `_`, trimmed of `_`.
    let mut normal = [0u8; 16];
    let mut len = 0usize;
    let mut gap = false;
    for b in label.bytes() {
        if b.is_ascii_alphanumeric() || b == b'.' {
            if gap && len > 0 {
                match normal.get_mut(len) {
                    Some(slot) => *slot = b'_',
                    None => return Charset::Latin1,
                }
                len = len.saturating_add(1);
            }
            gap = false;
            match normal.get_mut(len) {
                Some(slot) => *slot = b.to_ascii_lowercase(),
                None => return Charset::Latin1,
            }
            len = len.saturating_add(1);
        } else {
            gap = true;
        }
    }
    const UTF_8: [&[u8]; 7] = [
        b"utf_8",
        b"utf8",
        b"u8",
        b"utf",
        b"cp65001",
        b"utf8_ucs2",
        b"utf8_ucs4",
    ];
    match normal.get(..len) {
        Some(name) if UTF_8.contains(&name) => Charset::Utf8,
        _ => Charset::Latin1,
    }
}

/// A media type parameter's value from a header value like
/// `type/subtype; a=1; b="x"`, read as the password form reads
/// `Content-Type` (python-multipart's `parse_options_header`, see
/// FastAPI profile below): split on `;` outside double quotes, `name`
/// compared ASCII case-insensitively, the **last** occurrence wins, the
/// quotes of a quoted value removed and its escapes kept (a view of
/// `value`). The strict profile's form accepts no multipart body, so this
/// one reading serves both profiles.
///
/// ```
/// use authparse::multipart::parameter;
/// let ct = b"multipart/form-data; charset=\"a;boundary=q\"; boundary=z";
/// assert_eq!(parameter(ct, b"boundary"), Some(&b"z"[..]));
/// assert_eq!(parameter(ct, b"Charset"), Some(&b"a;boundary=q"[..]));
/// assert_eq!(parameter(b"x; a=1; a=2", b"a"), Some(&b"2"[..]));
/// ```
pub fn parameter<'a>(value: &'a [u8], name: &[u8]) -> Option<&'a [u8]> {
    options::parameter(value, name).map(|v| v.raw)
}

/// The boundary of a `multipart/form-data` Content-Type, 1 to
/// [`MAX_BOUNDARY_LEN`] bytes (python-multipart's limit, which the
/// FastAPI profile's password form keeps; RFC 2046 §5.1.1 says 70), read as
/// [`parameter`] reads it (the last `boundary` wins, as for the password
/// form and FastAPI), or `None`. A quoted
/// boundary holding `\` is `None` too: python-multipart unescapes it, so
/// the view could not frame the body as FastAPI does.
///
/// ```
/// use authparse::multipart::boundary;
/// assert_eq!(boundary(b"multipart/form-data; boundary=x; boundary=z"), Some(&b"z"[..]));
/// assert_eq!(boundary(b"multipart/form-data; boundary=\"a b\""), Some(&b"a b"[..]));
/// assert_eq!(boundary(b"multipart/form-data; boundary=\"a\\\"b\""), None);
/// let long = [b'b'; 100];
/// let ct = [&b"multipart/form-data; boundary="[..], &long].concat();
/// assert_eq!(boundary(&ct), Some(&long[..]));
/// ```
pub fn boundary(content_type: &[u8]) -> Option<&[u8]> {
    options::parameter(content_type, b"boundary")
        .filter(|b| b.is_plain() && !b.raw.is_empty() && b.raw.len() <= MAX_BOUNDARY_LEN)
        .map(|b| b.raw)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Iterates the parts of `body` as FastAPI reads them (python-multipart's
/// framing, see the module docs). Yields an error and stops at the first
/// framing problem or nameless part (a boundary over [`MAX_BOUNDARY_LEN`]
/// bytes is one); a body that ends early ends the iteration after the last
/// complete part.
pub fn parts<'a>(body: &'a [u8], boundary: &'a [u8]) -> Parts<'a> {
    Parts {
        cursor: Cursor::new(body),
        boundary,
        next: Parts::next_fastapi,
    }
}

/// Iterates the parts of `body` as RFC 2046 frames them: a preamble before
/// the first delimiter line, transport padding after a boundary, and a close
/// delimiter are allowed and required as the RFC says. Yields an error and
/// stops at the first framing problem.
///
/// ```
/// use authparse::multipart::{parts_strict, MultipartError};
/// let cut = b"--b\r\nContent-Disposition: form-data; name=a\r\n\r\nx";
/// assert_eq!(parts_strict(cut, b"b").next(), Some(Err(MultipartError::Malformed)));
/// assert_eq!(authparse::multipart::parts(cut, b"b").next(), None);
/// ```
pub fn parts_strict<'a>(body: &'a [u8], boundary: &'a [u8]) -> Parts<'a> {
    Parts {
        next: Parts::next_strict,
        ..parts(body, boundary)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    Start,
    InParts,
    Done,
}

/// The iterator returned by [`parts`] and [`parts_strict`].
#[derive(Clone)]
pub struct Parts<'a> {
    cursor: Cursor<'a>,
    boundary: &'a [u8],
    /// The profile's reader, chosen by the constructor: a firmware that
    /// calls only [`parts`] links no code of the strict profile.
    next: fn(&mut Parts<'a>) -> Option<Result<Part<'a>, MultipartError>>,
}

/// Where the parser is in a body; the boundary is passed to each step, so
/// that it may live shorter than the body.
#[derive(Clone)]
pub(crate) struct Cursor<'a> {
    rest: &'a [u8],
    state: State,
}

/// A part the FastAPI profile read as far as the body let it: its headers
/// ended (Starlette has its name then), and its data ended as `ending` says.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Read<'a> {
    /// The part (`name` empty when not `named`).
    pub(crate) part: Part<'a>,
    /// Whether `Content-Disposition` has a `name` (Starlette's 400 if not).
    pub(crate) named: bool,
    /// How the data ended.
    pub(crate) ending: Ending,
    /// The part's headers, empty line and data in one view.
    pub(crate) whole: &'a [u8],
}

impl<'a> Cursor<'a> {
    /// At the start of `body`.
    pub(crate) fn new(body: &'a [u8]) -> Self {
        Cursor {
            rest: body,
            state: State::Start,
        }
    }

    /// The next part of the FastAPI profile, or `Err` for a framing error
    /// before its headers ended; `None` once the body or the message ended
    /// (or after an error or a part the body cut off). Inlined into its two
    /// callers on 64-bit targets (the part is built where it is used).
    #[cfg_attr(target_pointer_width = "64", inline)]
    pub(crate) fn next_part(&mut self, boundary: Boundary<'_>) -> Option<Result<Read<'a>, ()>> {
        let state = self.state;
        self.state = State::Done;
        let at = match state {
            State::Done => return None,
            State::InParts => self.rest,
            State::Start => match fastapi::start(self.rest, boundary) {
                Ok(headers) => headers?,
                Err(()) => return Some(Err(())),
            },
        };
        // The usual text field in one step (64-bit targets only).
        #[cfg(target_pointer_width = "64")]
        let usual = fastapi::browser_part(at, boundary);
        #[cfg(not(target_pointer_width = "64"))]
        let usual = None;
        let (headers, (data, ending, rest)) = match usual {
            Some(read) => read,
            None => {
                let headers = match fastapi::headers(at)? {
                    Ok(headers) => headers,
                    Err(()) => return Some(Err(())),
                };
                let data_at = headers.len.saturating_add(2);
                let data = at.get(data_at..).unwrap_or_default();
                (headers, fastapi::part_data(data, boundary))
            }
        };
        let data_at = headers.len.saturating_add(2);
        if ending == Ending::Next {
            self.rest = rest;
            self.state = State::InParts;
        }
        #[cfg(target_pointer_width = "64")]
        let params = match headers.name {
            Some(raw) => Some((options::Value { raw, quoted: true }, None)),
            None => fastapi::disposition_params(headers.disposition),
        };
        #[cfg(not(target_pointer_width = "64"))]
        let params = fastapi::disposition_params(headers.disposition);
        let (name, filename) = params.unwrap_or_default();
        Some(Ok(Read {
            part: Part {
                name: name.raw,
                filename: filename.map(|f| f.raw),
                content_type: headers.content_type,
                headers: at.get(..headers.len).unwrap_or_default(),
                data,
                name_quoted: name.quoted,
            },
            named: params.is_some(),
            ending,
            whole: at
                .get(..data_at.saturating_add(data.len()))
                .unwrap_or_default(),
        }))
    }
}

impl<'a> Parts<'a> {
    fn next_fastapi(&mut self) -> Option<Result<Part<'a>, MultipartError>> {
        if self.boundary.len() > MAX_BOUNDARY_LEN && self.cursor.state != State::Done {
            // python-multipart refuses the boundary itself.
            self.cursor.state = State::Done;
            return Some(Err(MultipartError::Malformed));
        }
        let Ok(read) = self.cursor.next_part(Boundary::plain(self.boundary))? else {
            return Some(Err(MultipartError::Malformed));
        };
        if !read.named {
            self.cursor.state = State::Done;
            return Some(Err(MultipartError::MissingName));
        }
        match read.ending {
            Ending::Next | Ending::Close => Some(Ok(read.part)),
            Ending::Truncated => None,
            Ending::Malformed => Some(Err(MultipartError::Malformed)),
        }
    }
}

impl<'a> Iterator for Parts<'a> {
    type Item = Result<Part<'a>, MultipartError>;

    fn next(&mut self) -> Option<Self::Item> {
        (self.next)(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::vec::Vec;

    const FIELDS: &[u8] = b"--b\r\nContent-Disposition: form-data; name=\"username\"\r\n\r\njohn\r\n--b\r\ncontent-disposition: form-data; name=password\r\nContent-Type: text/plain\r\n\r\na\r\n-b\r\n--bx\r\n--b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"x.txt\"\r\n\r\n\r\n--b--\r\nepilogue";

    fn check_fields(parts: Vec<Part<'_>>) {
        assert_eq!(parts.len(), 3);
        assert_eq!(
            (parts[0].name, parts[0].data),
            (&b"username"[..], &b"john"[..])
        );
        assert_eq!(parts[1].data, b"a\r\n-b\r\n--bx");
        assert_eq!(parts[1].content_type, Some(&b"text/plain"[..]));
        assert_eq!(
            parts[1].headers,
            b"content-disposition: form-data; name=password\r\nContent-Type: text/plain\r\n"
        );
        assert_eq!(
            (parts[2].filename, parts[2].data),
            (Some(&b"x.txt"[..]), &b""[..])
        );
    }

    #[test]
    fn parses_fields_and_files_in_both_profiles() {
        check_fields(parts(FIELDS, b"b").map(Result::unwrap).collect());
        check_fields(parts_strict(FIELDS, b"b").map(Result::unwrap).collect());
        let mut with_preamble = b"preamble\r\n".to_vec();
        with_preamble.extend_from_slice(FIELDS);
        check_fields(
            parts_strict(&with_preamble, b"b")
                .map(Result::unwrap)
                .collect(),
        );
        assert_eq!(
            parts(&with_preamble, b"b").next(),
            Some(Err(MultipartError::Malformed))
        );
    }

    #[test]
    fn errors() {
        let missing_close = b"--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx";
        assert_eq!(
            parts_strict(missing_close, b"b").next(),
            Some(Err(MultipartError::Malformed))
        );
        assert_eq!(parts(missing_close, b"b").next(), None);
        let no_name = b"--b\r\nContent-Disposition: form-data\r\n\r\nx\r\n--b--";
        for p in [parts(no_name, b"b"), parts_strict(no_name, b"b")] {
            assert_eq!(p.clone().next(), Some(Err(MultipartError::MissingName)));
        }
        assert_eq!(
            parts_strict(b"", b"b").next(),
            Some(Err(MultipartError::Malformed))
        );
        assert_eq!(parts(b"", b"b").next(), None);
        assert_eq!(parts(b"--b--\r\n", b"b").count(), 0);
        let long = [b'b'; MAX_BOUNDARY_LEN + 1];
        let mut p = parts(b"--b--", &long);
        assert_eq!(p.next(), Some(Err(MultipartError::Malformed)));
        assert_eq!(p.next(), None);
        assert_eq!(parts_strict(b"--b--\r\n", b"b").count(), 0);
    }

    #[test]
    fn boundary_parameter() {
        assert_eq!(
            boundary(b"multipart/form-data; charset=x; Boundary=\"a b\""),
            Some(&b"a b"[..])
        );
        assert_eq!(boundary(b"multipart/form-data"), None);
        assert_eq!(boundary(b"multipart/form-data; boundary="), None);
    }

    /// The public helpers read `Content-Type` with the collector's parser:
    /// splits outside quotes, the last key wins (python-multipart 0.0.34's
    /// `parse_options_header`), and a boundary needing unescaping is none.
    #[test]
    fn boundary_and_parameter_read_as_the_form_collector() {
        let cases: [(&[u8], Option<&[u8]>); 7] = [
            (b"multipart/form-data; boundary=x; boundary=z", Some(b"z")),
            (
                b"multipart/form-data; charset=\"a;boundary=q\"; boundary=z",
                Some(b"z"),
            ),
            (b"multipart/form-data; boundary=\"a;b\"", Some(b"a;b")),
            (b"multipart/form-data; boundary=\"a b\"; x=1", Some(b"a b")),
            (b"multipart/form-data; boundary=\"a\\\"b\"", None),
            (b"multipart/form-data; boundary=\"a\\\\b\"", None),
            (
                b"multipart/form-data; x=\"\\\";boundary=q\"; boundary=r",
                Some(b"r"),
            ),
        ];
        for (ct, expected) in cases {
            assert_eq!(boundary(ct), expected, "{ct:?}");
            let [collected, _] = options::parameters(ct, [b"boundary", b"charset"]);
            let collected = collected.unwrap();
            assert_eq!(parameter(ct, b"boundary"), Some(collected.raw), "{ct:?}");
            if let Some(b) = expected {
                assert!(collected.eq(b) && collected.is_plain(), "{ct:?}");
            } else {
                assert!(!collected.is_plain(), "{ct:?}");
            }
        }
        let ct = b"multipart/form-data; charset=\"a;boundary=q\"; boundary=z";
        assert_eq!(parameter(ct, b"charset"), Some(&b"a;boundary=q"[..]));
        assert_eq!(parameter(b"x; a=1; A=2", b"a"), Some(&b"2"[..]));
    }
}
