//! A file part sent for a text field, and the `input` FastAPI echoes for it.
//!
//! Starlette turns a part with `filename=` into an `UploadFile`; pydantic
//! rejects it for a `str` field (`string_type`) and FastAPI serialises it
//! with `jsonable_encoder`, which reads it as a mapping when it can:
//! `dict(UploadFile)` fails, so its attributes are used; `dict(file)` of the
//! spooled temporary file succeeds when every line of the data (split after
//! each LF) is two bytes long, giving `{byte0: byte1}`; otherwise its
//! attributes are used, and its inner buffer gets the same treatment for the
//! lines after the first one that was not two bytes long (`{}` when that
//! fails too). `headers` is the part's headers as a mapping: lower-cased
//! names, each with the first value sent under it.

use crate::base::json;
use crate::base::sink::Sink;
use crate::codec::multipart::{header_fields, options, Charset};

/// Starlette's in-memory size of an upload before it rolls over to disk.
const SPOOL_MAX_SIZE: usize = 1024 * 1024;

/// A file part (`filename=` in its `Content-Disposition`) sent for a text
/// field: a view into the body.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct UploadedFile<'o> {
    /// The whole part after its delimiter line: the header lines (each
    /// ending in CRLF), an empty line, the data.
    pub part: &'o [u8],
    /// How Starlette decodes the file name (the request's `charset`).
    pub charset: Charset,
}

impl core::fmt::Debug for UploadedFile<'_> {
    /// Sizes only: the data may be a password.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(
            f,
            "UploadedFile {{ headers: {} bytes, data: {} bytes }}",
            self.headers().len(),
            self.data().len()
        )
    }
}

#[cfg(feature = "defmt")]
impl defmt::Format for UploadedFile<'_> {
    /// Sizes only, like `Debug`.
    fn format(&self, f: defmt::Formatter<'_>) {
        defmt::write!(
            f,
            "UploadedFile {{ headers: {=usize} bytes, data: {=usize} bytes }}",
            self.headers().len(),
            self.data().len()
        )
    }
}

impl<'o> UploadedFile<'o> {
    /// Where the header lines end (after the CRLF of the last one; the empty
    /// line follows).
    fn headers_end(&self) -> usize {
        self.part
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .map_or(self.part.len(), |p| p.saturating_add(2))
    }

    /// The part's header lines, each ending in CRLF.
    pub fn headers(&self) -> &'o [u8] {
        self.part.get(..self.headers_end()).unwrap_or_default()
    }

    /// The part's data.
    pub fn data(&self) -> &'o [u8] {
        self.part
            .get(self.headers_end().saturating_add(2)..)
            .unwrap_or_default()
    }

    /// Writes the JSON FastAPI shows for this upload as a 422's `input`.
    /// Out of line: its frame is not under every other error body.
    #[inline(never)]
    pub(crate) fn write_json(&self, out: &mut Sink<'_>) {
        out.extend(b"{\"filename\":");
        self.write_filename(out);
        out.extend(b",\"file\":");
        self.write_file(out);
        out.extend(b",\"size\":");
        out.decimal(self.data().len());
        out.extend(b",\"headers\":{");
        self.write_headers(out);
        out.extend(b"},\"_max_mem_size\":1048576}");
    }

    /// FastAPI's empty file input (what browsers send for a file control
    /// left empty): no data and an empty file name. It counts as missing.
    pub(crate) fn is_empty_input(&self) -> bool {
        self.data().is_empty()
            && self
                .filename()
                .is_some_and(|(value, skip)| value.bytes().nth(skip).is_none())
    }

    /// The last `Content-Disposition`'s `filename` and how many of its
    /// unescaped bytes python-multipart drops: its fix for Windows paths
    /// (`C:\…\f`, `\\host\…\f`) keeps the text after the last `\`.
    fn filename(&self) -> Option<(options::Value<'_>, usize)> {
        let disposition = header_fields(self.headers())
            .take(crate::codec::multipart::MAX_HEADER_COUNT)
            .filter(|(name, _)| name.eq_ignore_ascii_case(b"content-disposition"))
            .last();
        let value = disposition.and_then(|(_, v)| options::parameter(v, b"filename"))?;
        let mut head = value.bytes();
        let windows_path = matches!(
            (head.next(), head.next(), head.next()),
            (Some(_), Some(b':'), Some(b'\\')) | (Some(b'\\'), Some(b'\\'), _)
        );
        let skip = if windows_path {
            value
                .bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\\')
                .last()
                .map_or(0, |(i, _)| i.saturating_add(1))
        } else {
            0
        };
        Some((value, skip))
    }

    /// The file name, decoded with the charset.
    fn write_filename(&self, out: &mut Sink<'_>) {
        let Some((value, skip)) = self.filename() else {
            out.extend(b"null");
            return;
        };
        // Unescaping only drops an ASCII byte before `\` or `"`, so the
        // result is UTF-8 exactly when the raw value is.
        let latin1 = self.charset == Charset::Latin1 || core::str::from_utf8(value.raw).is_err();
        out.extend(b"\"");
        write_text(out, value.bytes().skip(skip), latin1);
        out.extend(b"\"");
    }

    fn write_file(&self, out: &mut Sink<'_>) {
        let data = self.data();
        // Where the first line that is not two bytes long ends.
        let mut end = 0usize;
        let after_odd = lines(data).find_map(|line| {
            end = end.saturating_add(line.len());
            (line.len() != 2).then_some(end)
        });
        let Some(after_odd) = after_odd else {
            write_pairs(out, data);
            return;
        };
        out.extend(b"{\"_file\":");
        let rest = data.get(after_odd..).unwrap_or_default();
        if lines(rest).all(|line| line.len() == 2) {
            write_pairs(out, rest);
        } else {
            out.extend(b"{}");
        }
        out.extend(b",\"_max_size\":1048576,\"_rolled\":");
        if data.len() > SPOOL_MAX_SIZE {
            out.extend(b"true}");
        } else {
            out.extend(
                b"false,\"_TemporaryFileArgs\":{\"mode\":\"w+b\",\"buffering\":-1,\
                  \"suffix\":null,\"prefix\":null,\"encoding\":null,\"newline\":null,\
                  \"dir\":null,\"errors\":null}}",
            );
        }
    }

    fn write_headers(&self, out: &mut Sink<'_>) {
        let fields =
            || header_fields(self.headers()).take(crate::codec::multipart::MAX_HEADER_COUNT);
        let mut first = true;
        for (i, (name, value)) in fields().enumerate() {
            if fields()
                .take(i)
                .any(|(earlier, _)| earlier.eq_ignore_ascii_case(name))
            {
                continue;
            }
            if !first {
                out.extend(b",");
            }
            first = false;
            out.extend(b"\"");
            write_text(out, name.iter().map(u8::to_ascii_lowercase), true);
            out.extend(b"\":\"");
            write_text(out, value.iter().copied(), true);
            out.extend(b"\"");
        }
    }
}

/// The lines of `data` as Python's file iteration gives them (each ends
/// after its LF; the last may have none).
fn lines(data: &[u8]) -> impl Iterator<Item = &[u8]> + Clone {
    let mut rest = data;
    core::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let end =
            crate::base::bytes::find_byte(rest, b'\n').map_or(rest.len(), |i| i.saturating_add(1));
        let (line, tail) = rest.split_at_checked(end)?;
        rest = tail;
        Some(line)
    })
}

/// `dict()` of two-byte lines as JSON: `{"b0":b1,…}`, keys in first-seen
/// order, each with the value of its last line. The lines are the two-byte
/// chunks of `data`, every one but the last ending in LF: so only the last
/// line's key can have another value.
fn write_pairs(out: &mut Sink<'_>, data: &[u8]) {
    let last = data.last_chunk::<2>();
    let mut seen = [0u8; 32];
    let mut sep: &[u8] = b"{\"";
    let mut empty = true;
    for line in data.chunks_exact(2) {
        let [key, value] = *line else { continue };
        let (Some(slot), bit) = (seen.get_mut(usize::from(key >> 3)), 1u8 << (key & 7)) else {
            continue;
        };
        if *slot & bit != 0 {
            continue;
        }
        *slot |= bit;
        let value = match last {
            Some(&[k, v]) if k == key => v,
            _ => value,
        };
        out.extend(sep);
        sep = b",\"";
        empty = false;
        out.decimal(usize::from(key));
        out.extend(b"\":");
        out.decimal(usize::from(value));
    }
    out.extend(if empty { b"{}" } else { b"}" });
}

/// JSON string contents for text given as bytes: UTF-8 as it is, or each
/// byte as the Latin-1 character it stands for.
fn write_text(out: &mut Sink<'_>, bytes: impl Iterator<Item = u8>, latin1: bool) {
    for b in bytes {
        write_byte(out, b, latin1);
    }
}

/// One byte of [`write_text`]: out of line, one copy for its three kinds
/// of input (flash).
#[inline(never)]
fn write_byte(out: &mut Sink<'_>, b: u8, latin1: bool) {
    if b.is_ascii() || latin1 {
        json::escaped(out, char::from(b).encode_utf8(&mut [0u8; 4]));
    } else {
        out.push(b);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::format;

    fn render(data: &[u8]) -> std::string::String {
        let mut part =
            b"Content-Disposition: form-data; name=\"password\"; filename=\"f\"\r\n\r\n".to_vec();
        part.extend_from_slice(data);
        let file = UploadedFile {
            part: &part,
            charset: Charset::Utf8,
        };
        let mut buf = [0u8; 1024];
        let mut sink = Sink::new(&mut buf);
        file.write_file(&mut sink);
        std::string::String::from_utf8(sink.into_written().unwrap().to_vec()).unwrap()
    }

    // What FastAPI 0.163.2 / Starlette 1.10.0 answered for these file contents.
    #[test]
    fn file_as_fastapi_serialises_it() {
        let attrs = |inner: &str| {
            format!(
                "{{\"_file\":{inner},\"_max_size\":1048576,\"_rolled\":false,\"_TemporaryFileArgs\":{{\"mode\":\"w+b\",\"buffering\":-1,\"suffix\":null,\"prefix\":null,\"encoding\":null,\"newline\":null,\"dir\":null,\"errors\":null}}}}"
            )
        };
        assert_eq!(render(b""), "{}");
        assert_eq!(render(b"a\n"), r#"{"97":10}"#);
        assert_eq!(render(b"secret"), attrs("{}"));
        assert_eq!(render(b"ab\ncd"), attrs(r#"{"99":100}"#));
        assert_eq!(render(b"ab\nab\nab\ncd\n"), attrs("{}"));
        assert_eq!(render(b"\n\n"), attrs("{}"));
        assert_eq!(render(b"a\nb\na\nab"), r#"{"97":98,"98":10}"#);
    }
}
