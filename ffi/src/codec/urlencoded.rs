//! Query strings and urlencoded bodies: decoding one component (Starlette's
//! way or WHATWG's), its exact size, the last value of a name, and a cursor
//! over the raw pairs.

use authparse_core::urlencoded;

use super::{Decoder, Lookup};
use crate::abi::{run, Cursor, Given, Out, Pieces, Split};
use crate::base::*;

/// Decodes one urlencoded component as Starlette does (`+` → SP, raw
/// bytes ≥ 0x80 read as Latin-1, percent-decoded runs read as UTF-8 with
/// U+FFFD). The result is UTF-8: `*out` points into `input` when decoding
/// changes nothing, otherwise into `buf`
/// (`authparse_urlencoded_decoded_len` gives the exact size).
///
/// A short buffer gives `AUTHPARSE_STATUS_BUFFER_TOO_SMALL` with the exact
/// size in `*out_needed` (NULL allowed; 0 on other statuses).
///
/// # Safety
/// `input` readable for `input_len` bytes (NULL with 0 allowed); `buf`
/// writable for `buf_len` bytes (NULL with 0 allowed) and not overlapping
/// `input`; `out` writable; `out_needed` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn authparse_urlencoded_decode(
    input: *const u8, input_len: usize, buf: *mut u8, buf_len: usize, out: *mut authparse_str,
    out_needed: *mut usize,
) -> authparse_status {
    // SAFETY: the pointers are as `# Safety` above requires.
    let call = unsafe { Decoder::new(input, input_len, buf, buf_len, out, out_needed) };
    call.decode(|input, buf| urlencoded::decode(input, buf).map(str::as_bytes))
}

/// WHATWG decoding of one component (`+` → SP, every `%XX`), then strict
/// UTF-8 (`AUTHPARSE_STATUS_INVALID_UTF8`). `*out` points into `input`
/// when there is nothing to decode, otherwise into `buf`.
///
/// A short buffer gives `AUTHPARSE_STATUS_BUFFER_TOO_SMALL` with the exact
/// size in `*out_needed` (NULL allowed; 0 on other statuses).
///
/// # Safety
/// `input` readable for `input_len` bytes (NULL with 0 allowed); `buf`
/// writable for `buf_len` bytes (NULL with 0 allowed) and not overlapping
/// `input`; `out` writable; `out_needed` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn authparse_urlencoded_decode_strict(
    input: *const u8, input_len: usize, buf: *mut u8, buf_len: usize, out: *mut authparse_str,
    out_needed: *mut usize,
) -> authparse_status {
    // SAFETY: the pointers are as `# Safety` above requires.
    let call = unsafe { Decoder::new(input, input_len, buf, buf_len, out, out_needed) };
    call.decode(|input, buf| urlencoded::decode_strict(input, buf).map(str::as_bytes))
}

/// The exact number of bytes `authparse_urlencoded_decode` writes into its
/// buffer for `input` (also when it would return a view of the input).
///
/// # Safety
/// `input` readable for `input_len` bytes (NULL with 0 allowed); `out_len` writable.
#[no_mangle]
pub unsafe extern "C" fn authparse_urlencoded_decoded_len(
    input: *const u8, input_len: usize, out_len: *mut usize,
) -> authparse_status {
    // SAFETY: the pointers are as `# Safety` above requires.
    let call = unsafe { Lookup::new(input, input_len, out_len) };
    call.answer(urlencoded::decoded_len)
}

/// The exact number of bytes `authparse_urlencoded_decode_strict` writes.
///
/// # Safety
/// As `authparse_urlencoded_decoded_len`.
#[no_mangle]
pub unsafe extern "C" fn authparse_urlencoded_decoded_len_strict(
    input: *const u8, input_len: usize, out_len: *mut usize,
) -> authparse_status {
    // SAFETY: the pointers are as `# Safety` above requires.
    let call = unsafe { Lookup::new(input, input_len, out_len) };
    call.answer(urlencoded::decoded_len_strict)
}

/// The raw (still encoded) value of the last `name=value` pair of `input`
/// whose name decodes (Starlette's way) to `name` — FastAPI's "last wins".
///
/// `AUTHPARSE_STATUS_OK` with `*out_value` pointing into `input`, or
/// `AUTHPARSE_STATUS_NOT_FOUND`. `name` must be UTF-8
/// (`AUTHPARSE_STATUS_CONFIG_NOT_UTF8`).
///
/// # Safety
/// `input` and `name` readable (NULL with 0 allowed); `out_value` writable.
#[no_mangle]
pub unsafe extern "C" fn authparse_urlencoded_find_last(
    input: *const u8, input_len: usize, name: *const u8, name_len: usize,
    out_value: *mut authparse_str,
) -> authparse_status {
    // SAFETY: the pointers are as `# Safety` above requires.
    let (input, name, out_value) = unsafe {
        (
            Given::view(input, input_len),
            Given::view(name, name_len),
            Out::new(out_value),
        )
    };
    run(|| {
        out_value.required()?;
        let value = urlencoded::find_last(input.get()?, name.text()?);
        out_value.set(view(value.ok_or(AUTHPARSE_STATUS_NOT_FOUND)?));
        Ok(())
    })
}

/// A cursor over the `name=value` pairs of a query string or urlencoded
/// body. Fields are private: use `authparse_urlencoded_iter_init` / `_next`.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct authparse_urlencoded_iter {
    rest: authparse_str,
    tag: u32,
}

impl Split for authparse_urlencoded_iter {
    fn state(&self) -> (authparse_str, u32) {
        (self.rest, self.tag)
    }
    fn set_state(&mut self, rest: authparse_str, tag: u32) {
        (self.rest, self.tag) = (rest, tag);
    }
}

/// One raw (still encoded) pair: views into the input. Decode the parts
/// with `authparse_urlencoded_decode` or `_decode_strict`.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct authparse_urlencoded_pair {
    /// The raw name.
    pub name: authparse_str,
    /// The raw value (empty when the piece has no `=`).
    pub value: authparse_str,
}

/// Starts iterating `input` like `urllib.parse.parse_qsl`: split on `&`
/// only, empty pieces skipped, each split at its first `=`.
///
/// # Safety
/// `iter` writable; `input` readable (NULL with 0 allowed) while iterating.
#[no_mangle]
pub unsafe extern "C" fn authparse_urlencoded_iter_init(
    iter: *mut authparse_urlencoded_iter, input: *const u8, input_len: usize,
) -> authparse_status {
    // SAFETY: the pointers are as `# Safety` above requires.
    let (iter, input) = unsafe { (Out::new(iter), Given::view(input, input_len)) };
    run(|| {
        iter.required()?;
        let (rest, tag) = Pieces::start(input.get()?);
        iter.set(authparse_urlencoded_iter { rest, tag });
        Ok(())
    })
}

/// The next pair (`AUTHPARSE_STATUS_OK`, views into the input) or
/// `AUTHPARSE_STATUS_DONE`.
///
/// # Safety
/// `iter` initialised by `authparse_urlencoded_iter_init`, its input still
/// valid; `out` writable.
#[no_mangle]
pub unsafe extern "C" fn authparse_urlencoded_iter_next(
    iter: *mut authparse_urlencoded_iter, out: *mut authparse_urlencoded_pair,
) -> authparse_status {
    // SAFETY: the pointers are as `# Safety` above requires.
    let (iter, out) = unsafe { (Cursor::new(iter), Out::new(out)) };
    run(|| {
        iter.required()?;
        out.required()?;
        let pair = iter.next_item(b'&', |piece| urlencoded::pairs(piece).next())?;
        out.set(authparse_urlencoded_pair::default());
        let pair = pair.ok_or(AUTHPARSE_STATUS_DONE)?;
        out.set(authparse_urlencoded_pair {
            name: view(pair.name),
            value: view(pair.value),
        });
        Ok(())
    })
}
