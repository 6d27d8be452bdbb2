//! Base64: CPython's lenient decoder and strict RFC 4648.

use authparse_core::base64;

use super::Decoder;
use crate::base::*;

/// An upper bound on the decoded size of `input_len` base64 bytes (either decoder).
#[no_mangle]
pub extern "C" fn authparse_base64_max_decoded_len(input_len: usize) -> usize {
    base64::max_decoded_len(input_len)
}

/// CPython's lenient `base64.b64decode` (what FastAPI's HTTPBasic uses):
/// bytes outside the alphabet are skipped, decoding stops once padding
/// completes a quantum. `*out` points into `buf`.
///
/// A short buffer gives `AUTHPARSE_STATUS_BUFFER_TOO_SMALL` with the exact
/// size in `*out_needed` (NULL allowed; 0 on other statuses).
///
/// # Safety
/// `input` readable for `input_len` bytes (NULL with 0 allowed); `buf`
/// writable for `buf_len` bytes (NULL with 0 allowed) and not overlapping
/// `input`; `out` writable; `out_needed` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn authparse_base64_decode_lenient(
    input: *const u8, input_len: usize, buf: *mut u8, buf_len: usize, out: *mut authparse_str,
    out_needed: *mut usize,
) -> authparse_status {
    // SAFETY: the pointers are as `# Safety` above requires.
    let call = unsafe { Decoder::new(input, input_len, buf, buf_len, out, out_needed) };
    call.decode(|input, buf| {
        let n = base64::decode_lenient(input, buf)?;
        Ok(buf.get(..n).unwrap_or_default())
    })
}

/// Strict RFC 4648 §4 base64 (canonical, padded). `*out` points into `buf`.
///
/// A short buffer gives `AUTHPARSE_STATUS_BUFFER_TOO_SMALL` with the exact
/// size in `*out_needed` (NULL allowed; 0 on other statuses).
///
/// # Safety
/// `input` readable for `input_len` bytes (NULL with 0 allowed); `buf`
/// writable for `buf_len` bytes (NULL with 0 allowed) and not overlapping
/// `input`; `out` writable; `out_needed` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn authparse_base64_decode_strict(
    input: *const u8, input_len: usize, buf: *mut u8, buf_len: usize, out: *mut authparse_str,
    out_needed: *mut usize,
) -> authparse_status {
    // SAFETY: the pointers are as `# Safety` above requires.
    let call = unsafe { Decoder::new(input, input_len, buf, buf_len, out, out_needed) };
    call.decode(|input, buf| {
        let n = base64::decode_strict(input, buf)?;
        Ok(buf.get(..n).unwrap_or_default())
    })
}
