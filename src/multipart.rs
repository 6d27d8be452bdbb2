//! `multipart/form-data` (RFC 7578) fields, zero-copy.
//!
//! [`boundary`] reads the boundary from a `Content-Type` value; [`parts`]
//! iterates the parts of a body, each named by its `Content-Disposition`
//! `name`, with the data as a view of the body.
//!
//! ```
//! use authparse::multipart::{boundary, parts};
//! let ct = b"multipart/form-data; boundary=XyZ";
//! let body = b"--XyZ\r\nContent-Disposition: form-data; name=\"username\"\r\n\r\njohn\r\n--XyZ--\r\n";
//! let b = boundary(ct).unwrap();
//! let part = parts(body, b).next().unwrap().unwrap();
//! assert_eq!((part.name, part.data), (&b"username"[..], &b"john"[..]));
//! ```

use crate::whitespace::trim_ows;
use crate::Error;

/// One part of a multipart body; every field is a view of the body.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Part<'a> {
    /// The `name` parameter of `Content-Disposition` (quotes removed, escapes kept).
    pub name: &'a [u8],
    /// The `filename` parameter, present for file parts.
    pub filename: Option<&'a [u8]>,
    /// The part's `Content-Type`, if given.
    pub content_type: Option<&'a [u8]>,
    /// The part's data.
    pub data: &'a [u8],
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
            self.rest.len(),
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
            self.rest.len(),
            self.boundary.len()
        )
    }
}

/// Why a multipart body could not be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum MultipartError {
    /// The body does not follow RFC 2046's framing (FastAPI: "There was an
    /// error parsing the body").
    Malformed,
    /// A part has no `Content-Disposition` `name`.
    MissingName,
}

impl From<MultipartError> for Error {
    fn from(_: MultipartError) -> Self {
        Error::Malformed
    }
}

/// A media type parameter's value from a header value like
/// `type/subtype; a=1; b="x"` (quotes removed, no unescaping).
pub fn parameter<'a>(value: &'a [u8], name: &[u8]) -> Option<&'a [u8]> {
    value.split(|&b| b == b';').skip(1).find_map(|param| {
        let param = trim_ows(param);
        let eq = param.iter().position(|&b| b == b'=')?;
        let (key, v) = param.split_at_checked(eq)?;
        if !trim_ows(key).eq_ignore_ascii_case(name) {
            return None;
        }
        let v = trim_ows(v.get(1..)?);
        Some(match v {
            [b'"', inner @ .., b'"'] => inner,
            _ => v,
        })
    })
}

/// The boundary of a `multipart/form-data` Content-Type, 1 to 70 bytes
/// (RFC 2046 §5.1.1), or `None`.
pub fn boundary(content_type: &[u8]) -> Option<&[u8]> {
    parameter(content_type, b"boundary").filter(|b| !b.is_empty() && b.len() <= 70)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Iterates the parts of `body`; yields an error and stops at the first
/// framing problem.
pub fn parts<'a>(body: &'a [u8], boundary: &'a [u8]) -> Parts<'a> {
    Parts {
        rest: body,
        boundary,
        state: State::Start,
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    Start,
    InParts,
    Done,
}

/// The iterator returned by [`parts`].
#[derive(Clone)]
pub struct Parts<'a> {
    rest: &'a [u8],
    boundary: &'a [u8],
    state: State,
}

impl<'a> Parts<'a> {
    /// Skips the preamble up to the first delimiter line.
    fn start(&mut self) -> Result<(), MultipartError> {
        if !is_delimiter(self.rest, self.boundary) {
            let crlf = find_delimiter(self.rest, self.boundary).ok_or(MultipartError::Malformed)?;
            self.rest = self
                .rest
                .get(crlf.saturating_add(2)..)
                .ok_or(MultipartError::Malformed)?;
        }
        self.after_delimiter()
    }

    /// `self.rest` starts with `--boundary`: consume it and what ends its line.
    /// Returns with `state = Done` after the close delimiter.
    fn after_delimiter(&mut self) -> Result<(), MultipartError> {
        let skip = self.boundary.len().saturating_add(2);
        let rest = self.rest.get(skip..).ok_or(MultipartError::Malformed)?;
        if rest.starts_with(b"--") {
            self.state = State::Done;
            self.rest = &[];
            return Ok(());
        }
        let rest = trim_start_ows(rest);
        self.rest = rest
            .strip_prefix(b"\r\n")
            .ok_or(MultipartError::Malformed)?;
        self.state = State::InParts;
        Ok(())
    }

    fn part(&mut self) -> Result<Part<'a>, MultipartError> {
        let header_end = find(self.rest, b"\r\n\r\n");
        let (headers, after) = match header_end {
            // A part with no header lines starts directly with CRLF.
            _ if self.rest.starts_with(b"\r\n") => {
                (&[][..], self.rest.get(2..).unwrap_or_default())
            }
            Some(end) => (
                self.rest.get(..end).unwrap_or_default(),
                self.rest.get(end.saturating_add(4)..).unwrap_or_default(),
            ),
            None => return Err(MultipartError::Malformed),
        };
        let data_end = find_delimiter(after, self.boundary).ok_or(MultipartError::Malformed)?;
        let data = after.get(..data_end).unwrap_or_default();
        self.rest = after.get(data_end.saturating_add(2)..).unwrap_or_default();
        let mut part = Part {
            name: &[],
            filename: None,
            content_type: None,
            data,
        };
        let mut has_name = false;
        for line in headers.split(|&b| b == b'\n') {
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            let Some(colon) = line.iter().position(|&b| b == b':') else {
                return Err(MultipartError::Malformed);
            };
            let Some((key, value)) = line.split_at_checked(colon) else {
                return Err(MultipartError::Malformed);
            };
            let value = trim_ows(value.get(1..).unwrap_or_default());
            if key.eq_ignore_ascii_case(b"content-disposition") {
                if let Some(name) = parameter(value, b"name") {
                    part.name = name;
                    has_name = true;
                }
                part.filename = parameter(value, b"filename");
            } else if key.eq_ignore_ascii_case(b"content-type") {
                part.content_type = Some(value);
            }
        }
        if !has_name {
            return Err(MultipartError::MissingName);
        }
        self.after_delimiter()?;
        Ok(part)
    }
}

fn trim_start_ows(bytes: &[u8]) -> &[u8] {
    let n = bytes
        .iter()
        .position(|&b| b != b' ' && b != b'\t')
        .unwrap_or(bytes.len());
    bytes.get(n..).unwrap_or_default()
}

/// Whether `bytes` starts with `--boundary` followed by `--` (close) or by
/// transport padding and CRLF.
fn is_delimiter(bytes: &[u8], boundary: &[u8]) -> bool {
    let Some(after) = bytes
        .strip_prefix(b"--")
        .and_then(|r| r.strip_prefix(boundary))
    else {
        return false;
    };
    after.starts_with(b"--") || trim_start_ows(after).starts_with(b"\r\n")
}

/// Where the next delimiter `CRLF--boundary` starts (the position of its CRLF).
fn find_delimiter(bytes: &[u8], boundary: &[u8]) -> Option<usize> {
    let mut from = 0usize;
    loop {
        let crlf = from.checked_add(find(bytes.get(from..)?, b"\r\n--")?)?;
        let start = crlf.checked_add(2)?;
        if is_delimiter(bytes.get(start..)?, boundary) {
            return Some(crlf);
        }
        from = start;
    }
}

impl<'a> Iterator for Parts<'a> {
    type Item = Result<Part<'a>, MultipartError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.state == State::Start {
            if let Err(e) = self.start() {
                self.state = State::Done;
                return Some(Err(e));
            }
        }
        if self.state == State::Done {
            return None;
        }
        let result = self.part();
        if result.is_err() {
            self.state = State::Done;
        }
        Some(result)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::vec::Vec;

    const BODY: &[u8] = b"preamble\r\n--b\r\nContent-Disposition: form-data; name=\"username\"\r\n\r\njohn\r\n--b\r\ncontent-disposition: form-data; name=password\r\nContent-Type: text/plain\r\n\r\na\r\n-b\r\n--bx\r\n--b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"x.txt\"\r\n\r\n\r\n--b--\r\nepilogue";

    #[test]
    fn parses_fields_and_files() {
        let parts: Vec<Part<'_>> = parts(BODY, b"b").map(Result::unwrap).collect();
        assert_eq!(parts.len(), 3);
        assert_eq!(
            (parts[0].name, parts[0].data),
            (&b"username"[..], &b"john"[..])
        );
        assert_eq!(parts[1].data, b"a\r\n-b\r\n--bx");
        assert_eq!(parts[1].content_type, Some(&b"text/plain"[..]));
        assert_eq!(
            (parts[2].filename, parts[2].data),
            (Some(&b"x.txt"[..]), &b""[..])
        );
    }

    #[test]
    fn errors() {
        let missing_close = b"--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx";
        assert_eq!(
            parts(missing_close, b"b").next(),
            Some(Err(MultipartError::Malformed))
        );
        let no_name = b"--b\r\nContent-Disposition: form-data\r\n\r\nx\r\n--b--";
        assert_eq!(
            parts(no_name, b"b").next(),
            Some(Err(MultipartError::MissingName))
        );
        assert_eq!(
            parts(b"", b"b").next(),
            Some(Err(MultipartError::Malformed))
        );
        assert_eq!(parts(b"--b--\r\n", b"b").count(), 0);
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
}
