//! Text helpers over byte views: Latin-1 reading, Python's and HTTP's
//! whitespace.

use authparse_core::{text, whitespace};

use super::{Decoder, Lookup};
use crate::abi::{run, Given, Out};
use crate::base::*;

/// The Latin-1 reading of `input` (FastAPI's text for header bytes),
/// written into `buf` as UTF-8. Needs `input_len` plus one byte per byte
/// ≥ 0x80. `*out` points into `buf`.
///
/// A short buffer gives `AUTHPARSE_STATUS_BUFFER_TOO_SMALL` with the exact
/// size in `*out_needed` (NULL allowed; 0 on other statuses).
///
/// # Safety
/// `input` readable for `input_len` bytes (NULL with 0 allowed); `buf`
/// writable for `buf_len` bytes (NULL with 0 allowed) and not overlapping
/// `input`; `out` writable; `out_needed` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn authparse_text_latin1_to_utf8(
    input: *const u8, input_len: usize, buf: *mut u8, buf_len: usize, out: *mut authparse_str,
    out_needed: *mut usize,
) -> authparse_status {
    // SAFETY: the pointers are as `# Safety` above requires.
    let call = unsafe { Decoder::new(input, input_len, buf, buf_len, out, out_needed) };
    call.decode(|input, buf| text::latin1_to_utf8(input, buf).map(str::as_bytes))
}

/// Whether `bytes`, read as Latin-1, is the UTF-8 text `text`; the answer
/// goes to `*out`. `text` must be UTF-8 (`AUTHPARSE_STATUS_CONFIG_NOT_UTF8`).
///
/// # Safety
/// `bytes` and `text` readable (NULL with 0 allowed); `out` writable.
#[no_mangle]
pub unsafe extern "C" fn authparse_text_latin1_eq(
    bytes: *const u8, bytes_len: usize, text: *const u8, text_len: usize, out: *mut bool,
) -> authparse_status {
    // SAFETY: the pointers are as `# Safety` above requires.
    let (bytes, text, out) = unsafe {
        (
            Given::view(bytes, bytes_len),
            Given::view(text, text_len),
            Out::new(out),
        )
    };
    run(|| {
        out.required()?;
        out.set(text::latin1_eq(bytes.get()?, text.text()?));
        Ok(())
    })
}

/// Python's `str.strip()` on Latin-1 bytes (`09–0D 1C–1F 20 85 A0`);
/// `*out` points into `bytes`.
///
/// # Safety
/// `bytes` readable (NULL with 0 allowed); `out` writable.
#[no_mangle]
pub unsafe extern "C" fn authparse_whitespace_strip_python(
    bytes: *const u8, len: usize, out: *mut authparse_str,
) -> authparse_status {
    // SAFETY: the pointers are as `# Safety` above requires.
    let call = unsafe { Lookup::new(bytes, len, out) };
    call.answer(|b| view(whitespace::strip_python(b)))
}

/// Strips SP and HTAB at both ends (HTTP OWS); `*out` points into `bytes`.
///
/// # Safety
/// As `authparse_whitespace_strip_python`.
#[no_mangle]
pub unsafe extern "C" fn authparse_whitespace_trim_ows(
    bytes: *const u8, len: usize, out: *mut authparse_str,
) -> authparse_status {
    // SAFETY: the pointers are as `# Safety` above requires.
    let call = unsafe { Lookup::new(bytes, len, out) };
    call.answer(|b| view(whitespace::trim_ows(b)))
}
