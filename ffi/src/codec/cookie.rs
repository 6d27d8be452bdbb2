//! `Cookie` header values: a cursor over the cookies, and Python's
//! unquoting of one value.

use authparse_core::{cookie, Profile};

use super::Decoder;
use crate::abi::{run, Cursor, Given, Out, Pieces, Split};
use crate::base::*;

/// A cursor over the cookies of one `Cookie` header value. Fields are
/// private: use `authparse_cookie_iter_init` / `_next`.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct authparse_cookie_iter {
    rest: authparse_str,
    profile: authparse_profile,
    tag: u32,
}

impl Split for authparse_cookie_iter {
    fn state(&self) -> (authparse_str, u32) {
        (self.rest, self.tag)
    }
    fn set_state(&mut self, rest: authparse_str, tag: u32) {
        (self.rest, self.tag) = (rest, tag);
    }
}

/// One cookie: views into the header value.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct authparse_cookie_pair {
    /// The name (FastAPI: stripped with Python's whitespace set, may be empty).
    pub name: authparse_str,
    /// The value (FastAPI: stripped, maybe still quoted — see
    /// `authparse_cookie_unquote`; strict: without its DQUOTEs).
    pub value: authparse_str,
}

/// Starts iterating the cookies of one `Cookie` header value.
///
/// FastAPI profile: Starlette's `cookie_parser` (split on `;`, a piece
/// without `=` is named `""`, empty pieces skipped). Strict: RFC 6265 §4.2.1;
/// a malformed piece yields `AUTHPARSE_STATUS_MALFORMED` and iteration goes
/// on with the next one. Repeated `Cookie` lines: iterate each.
///
/// # Safety
/// `iter` writable; `header` readable for `header_len` bytes (NULL with 0
/// allowed) for as long as the iterator and its items are used.
#[no_mangle]
pub unsafe extern "C" fn authparse_cookie_iter_init(
    iter: *mut authparse_cookie_iter, header: *const u8, header_len: usize,
    profile: authparse_profile,
) -> authparse_status {
    // SAFETY: the pointers are as `# Safety` above requires.
    let (iter, header) = unsafe { (Out::new(iter), Given::view(header, header_len)) };
    run(|| {
        iter.required()?;
        crate::base::profile(profile)?;
        let (rest, tag) = Pieces::start(header.get()?);
        iter.set(authparse_cookie_iter { rest, profile, tag });
        Ok(())
    })
}

/// The next cookie: `AUTHPARSE_STATUS_OK` with `*out` (views into the
/// header), `AUTHPARSE_STATUS_MALFORMED` for a malformed piece (strict;
/// `*out` empty, call again for the next), or `AUTHPARSE_STATUS_DONE`.
///
/// # Safety
/// `iter` initialised by `authparse_cookie_iter_init`, its header still
/// valid; `out` writable.
#[no_mangle]
pub unsafe extern "C" fn authparse_cookie_iter_next(
    iter: *mut authparse_cookie_iter, out: *mut authparse_cookie_pair,
) -> authparse_status {
    // SAFETY: the pointers are as `# Safety` above requires.
    let (iter, out) = unsafe { (Cursor::new(iter), Out::new(out)) };
    run(|| {
        iter.required()?;
        out.required()?;
        let profile = crate::base::profile(iter.get()?.profile)?;
        let pair = iter.next_item(b';', |piece| match profile {
            Profile::FastApi => cookie::pairs(piece).next().map(Ok),
            Profile::Strict => cookie::pairs_strict(piece).next(),
        })?;
        out.set(authparse_cookie_pair::default());
        let pair = pair.ok_or(AUTHPARSE_STATUS_DONE)?.map_err(|e| e.code())?;
        out.set(authparse_cookie_pair {
            name: view(pair.name),
            value: view(pair.value),
        });
        Ok(())
    })
}

/// Python's `http.cookies._unquote` of a cookie value (as
/// `authparse_cookie_iter_next` returns it in the FastAPI profile): a
/// value wrapped in `"` loses the quotes and its backslash and octal
/// escapes. `*out` points into `input` when nothing needs rewriting,
/// otherwise into `buf` (`input_len` bytes suffice).
///
/// A short buffer gives `AUTHPARSE_STATUS_BUFFER_TOO_SMALL` with the exact
/// size in `*out_needed` (NULL allowed; 0 on other statuses).
///
/// # Safety
/// `input` readable for `input_len` bytes (NULL with 0 allowed); `buf`
/// writable for `buf_len` bytes (NULL with 0 allowed) and not overlapping
/// `input`; `out` writable; `out_needed` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn authparse_cookie_unquote(
    input: *const u8, input_len: usize, buf: *mut u8, buf_len: usize, out: *mut authparse_str,
    out_needed: *mut usize,
) -> authparse_status {
    // SAFETY: the pointers are as `# Safety` above requires.
    let call = unsafe { Decoder::new(input, input_len, buf, buf_len, out, out_needed) };
    call.decode(|value, buf| cookie::CookiePair { name: &[], value }.unquoted(buf))
}
