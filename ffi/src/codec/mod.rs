//! The codecs' C functions: scopes, the `Authorization` split, base64,
//! urlencoded, cookies, multipart, Digest parameters, and the text and
//! credential helpers (the core's `base::{text, whitespace, secret}`, kept
//! here so that the header lists them among the codecs).

use authparse_core::Error;

use crate::abi::{Buffer, Given, Out, Region};
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

/// A decoder's call: `*out` is what `decode` returns (a view into `input`
/// or into the buffer).
pub(crate) fn decode_into<'a>(
    input: &Given<'a, authparse_str>,
    buffer: Buffer<'a>,
    out: Out<'a, authparse_str>,
    decode: impl for<'b> FnOnce(&'b [u8], &'b mut [u8]) -> Result<&'b [u8], Error>,
) -> authparse_status {
    buffer.call(|call| {
        let input = input.get()?;
        call.apart([Region::bytes(input), out.required()?.region()])?;
        out.set(view(call.write(|buf| decode(input, buf))?));
        Ok(())
    })
}
