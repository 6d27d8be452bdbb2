//! Text helpers: Latin-1 → UTF-8 transcoding, Latin-1 comparison.
//!
//! Header-derived values are raw bytes; FastAPI reads them as Latin-1, one
//! character per byte. These helpers give that same text.
//!
//! ```
//! use authparse::text::latin1_to_utf8;
//! let mut buf = [0u8; 8];
//! assert_eq!(latin1_to_utf8(b"caf\xe9", &mut buf).unwrap(), "café");
//! ```

use crate::base::error::Error;
use crate::base::sink::Sink;

/// Writes the Latin-1 reading of `bytes` into `buf` as UTF-8.
///
/// Needs `bytes.len()` plus one byte per byte ≥ 0x80.
pub fn latin1_to_utf8<'b>(bytes: &[u8], buf: &'b mut [u8]) -> Result<&'b str, Error> {
    let mut sink = Sink::new(buf);
    for &b in bytes {
        sink.push_char(char::from(b));
    }
    let written = sink.into_written()?;
    core::str::from_utf8(written).map_err(|_| Error::InvalidUtf8)
}

/// Whether `bytes`, read as Latin-1, is the text `text`.
///
/// ```
/// use authparse::text::latin1_eq;
/// assert!(latin1_eq(b"caf\xe9", "café"));
/// assert!(!latin1_eq("café".as_bytes(), "café"));
/// ```
pub fn latin1_eq(bytes: &[u8], text: &str) -> bool {
    let mut chars = text.chars();
    bytes.iter().all(|&b| chars.next() == Some(char::from(b))) && chars.next().is_none()
}
