//! The strict profile of [`parts_strict`](super::parts_strict): RFC 2046
//! §5.1.1 framing (a preamble, transport padding and an epilogue allowed,
//! the close delimiter required) with RFC 7578 part headers.

use super::{find, parameter, MultipartError, Part, Parts, State};
use crate::base::whitespace::trim_ows;

impl<'a> Parts<'a> {
    /// Skips the preamble up to the first delimiter line.
    fn start(&mut self) -> Result<(), MultipartError> {
        if !is_delimiter(self.cursor.rest, self.boundary) {
            let crlf =
                find_delimiter(self.cursor.rest, self.boundary).ok_or(MultipartError::Malformed)?;
            self.cursor.rest = self
                .cursor
                .rest
                .get(crlf.saturating_add(2)..)
                .ok_or(MultipartError::Malformed)?;
        }
        self.after_delimiter()
    }

    /// `self.cursor.rest` starts with `--boundary`: consume it and what ends its line.
    /// Returns with `state = Done` after the close delimiter.
    fn after_delimiter(&mut self) -> Result<(), MultipartError> {
        let skip = self.boundary.len().saturating_add(2);
        let rest = self
            .cursor
            .rest
            .get(skip..)
            .ok_or(MultipartError::Malformed)?;
        if rest.starts_with(b"--") {
            self.cursor.state = State::Done;
            self.cursor.rest = &[];
            return Ok(());
        }
        let rest = trim_start_ows(rest);
        self.cursor.rest = rest
            .strip_prefix(b"\r\n")
            .ok_or(MultipartError::Malformed)?;
        self.cursor.state = State::InParts;
        Ok(())
    }

    fn part_strict(&mut self) -> Result<Part<'a>, MultipartError> {
        let header_end = find(self.cursor.rest, b"\r\n\r\n");
        let (headers, block, after) = match header_end {
            // A part with no header lines starts directly with CRLF.
            _ if self.cursor.rest.starts_with(b"\r\n") => (
                &[][..],
                &[][..],
                self.cursor.rest.get(2..).unwrap_or_default(),
            ),
            Some(end) => (
                self.cursor.rest.get(..end).unwrap_or_default(),
                self.cursor
                    .rest
                    .get(..end.saturating_add(2))
                    .unwrap_or_default(),
                self.cursor
                    .rest
                    .get(end.saturating_add(4)..)
                    .unwrap_or_default(),
            ),
            None => return Err(MultipartError::Malformed),
        };
        let data_end = find_delimiter(after, self.boundary).ok_or(MultipartError::Malformed)?;
        let data = after.get(..data_end).unwrap_or_default();
        self.cursor.rest = after.get(data_end.saturating_add(2)..).unwrap_or_default();
        let mut part = Part {
            name: &[],
            filename: None,
            content_type: None,
            headers: block,
            data,
            name_quoted: false,
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

    pub(super) fn next_strict(&mut self) -> Option<Result<Part<'a>, MultipartError>> {
        if self.cursor.state == State::Start {
            if let Err(e) = self.start() {
                self.cursor.state = State::Done;
                return Some(Err(e));
            }
        }
        if self.cursor.state == State::Done {
            return None;
        }
        let result = self.part_strict();
        if result.is_err() {
            self.cursor.state = State::Done;
        }
        Some(result)
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
