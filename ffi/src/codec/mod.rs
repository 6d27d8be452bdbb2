//! The codecs' C functions: scopes, the `Authorization` split, base64,
//! urlencoded, cookies, multipart, Digest parameters, and the text and
//! credential helpers (the core's `base::{text, whitespace, secret}`, kept
//! here so that the header lists them among the codecs).

use authparse_core::Error;

use crate::abi::{run, Buffer, Given, Out, Region};
use crate::base::*;

pub(crate) mod scopes;

pub(crate) mod authorization;

pub(crate) mod base64;

pub(crate) mod urlencoded;

pub(crate) mod cookie;

pub(crate) mod multipart;

pub(crate) mod digest;

pub(crate) mod text;

pub(crate) mod secret;

pub use authorization::*;
pub use base64::*;
pub use cookie::*;
pub use digest::*;
pub use multipart::*;
pub use scopes::*;
pub use secret::*;
pub use text::*;
pub use urlencoded::*;

/// The arguments every decoder takes: `input[..input_len]`, decoded into
/// `buf[..buf_len]`; the result view in `*out`, a short buffer's size in
/// `*out_needed`.
pub(crate) struct Decoder<'a> {
    input: Given<'a, authparse_str>,
    buffer: Buffer<'a>,
    out: Out<'a, authparse_str>,
}

impl<'a> Decoder<'a> {
    /// # Safety
    /// The `# Safety` of every decoder: `input` as [`Given::view`] asks,
    /// `buf` and `out_needed` as [`Buffer::new`], `out` as [`Out::new`].
    pub(crate) const unsafe fn new(
        input: *const u8, input_len: usize, buf: *mut u8, buf_len: usize, out: *mut authparse_str,
        out_needed: *mut usize,
    ) -> Self {
        // SAFETY: forwarded to the caller.
        unsafe {
            Decoder {
                input: Given::view(input, input_len),
                buffer: Buffer::new(buf, buf_len, out_needed),
                out: Out::new(out),
            }
        }
    }

    /// Runs `decode`: `*out` is what it returns (a view into the input or
    /// into the buffer, which may not overlap the input or `*out`).
    pub(crate) fn decode(
        self, decode: impl for<'b> FnOnce(&'b [u8], &'b mut [u8]) -> Result<&'b [u8], Error>,
    ) -> authparse_status {
        let Decoder { input, buffer, out } = self;
        buffer.call(|call| {
            let input = input.get()?;
            call.apart([Region::bytes(input), out.required()?.region()])?;
            out.set(view(call.write(|buf| decode(input, buf))?));
            Ok(())
        })
    }
}

/// The arguments of a lookup, `(input, input_len, out)`: `*out` is an answer
/// about the input (a flag, a size) or a view into it.
pub(crate) struct Lookup<'a, T> {
    input: Given<'a, authparse_str>,
    out: Out<'a, T>,
}

impl<'a, T> Lookup<'a, T> {
    /// # Safety
    /// The `# Safety` of every lookup: `input` as [`Given::view`] asks,
    /// `out` as [`Out::new`].
    pub(crate) const unsafe fn new(input: *const u8, input_len: usize, out: *mut T) -> Self {
        // SAFETY: forwarded to the caller.
        unsafe {
            Lookup {
                input: Given::view(input, input_len),
                out: Out::new(out),
            }
        }
    }

    /// `*out = answer(input)`.
    pub(crate) fn answer(self, answer: impl FnOnce(&'a [u8]) -> T) -> authparse_status {
        self.find(|input| Some(answer(input)))
    }

    /// `*out = find(input)`; `None` is NOT_FOUND.
    pub(crate) fn find(self, find: impl FnOnce(&'a [u8]) -> Option<T>) -> authparse_status {
        run(|| {
            self.out.required()?;
            self.out
                .set(find(self.input.get()?).ok_or(AUTHPARSE_STATUS_NOT_FOUND)?);
            Ok(())
        })
    }
}
