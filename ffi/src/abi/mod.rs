//! The one place where raw C pointers become Rust values.
//!
//! An entry point opens with a single `unsafe` block that wraps each of its
//! pointer arguments, under one `// SAFETY:` comment pointing at the
//! function's `# Safety` doc. Wrapping checks nothing: it records the
//! caller's promise. The wrappers' methods are safe and do the checks the C
//! conventions ask for (`ffi/src/lib.rs`), in the order the function calls
//! them:
//!
//! | C argument                        | wrapper               | check → status                      |
//! |-----------------------------------|-----------------------|-------------------------------------|
//! | `const uint8_t *p, size_t n`      | [`Given::bytes`]      | NULL with n > 0 → NULL_POINTER      |
//! | a struct pointer                  | [`Ptr`]               | NULL → NULL_POINTER                 |
//! | `const T *items, size_t count`    | [`Array`]             | NULL with count > 0 → NULL_POINTER  |
//! | an out-param `T *out`             | [`Out`]               | [`Out::required`]: NULL → NULL_POINTER |
//! | an output array                   | [`OutArray`]          | NULL with cap > 0 → NULL_POINTER    |
//! | an in-out array or value          | [`InOut`]             | NULL with count > 0 → NULL_POINTER  |
//! | `buf, buf_len, …, out_needed`     | [`Buffer`]            | overlap → BUFFER_OVERLAP, short → BUFFER_TOO_SMALL + `*out_needed` |
//! | an iterator struct                | [`Cursor`]            | not from `_init` → INVALID_ARGUMENT |
//!
//! Views and arrays *inside* a struct the caller passed are reached through
//! [`Given`]: a `&Given<'a, T>` is a `T` whose views are readable for `'a`
//! (the same contract), and [`Given::part`] / [`Given::array`] project its
//! fields. A length above `PTRDIFF_MAX` is INVALID_ARGUMENT everywhere.
//!
//! ```ignore
//! pub unsafe extern "C" fn authparse_multipart_parameter(
//!     value: *const u8, value_len: usize, name: *const u8, name_len: usize,
//!     out: *mut authparse_str,
//! ) -> authparse_status {
//!     // SAFETY: the pointers are as `# Safety` above requires.
//!     let (value, name, out) = unsafe {
//!         (Given::view(value, value_len), Given::view(name, name_len), Out::new(out))
//!     };
//!     run(|| {
//!         out.required()?;
//!         let p = multipart::parameter(value.get()?, name.get()?);
//!         out.set(view(p.ok_or(AUTHPARSE_STATUS_NOT_FOUND)?));
//!         Ok(())
//!     })
//! }
//! ```
//!
//! Argument groups that many entry points share are bundled from these
//! wrappers, each with one `unsafe fn new` forwarding the same contract:
//! [`Buffer::with_out`] (`buf, buf_len, out, out_needed`), `codec::Decoder`
//! (the decoders), `codec::Lookup` (`input, input_len, out`) and
//! `schemes::config::Extract` (the `*_extract` functions).

mod buffer;
mod cursor;
mod out;
mod view;

pub(crate) use buffer::{Buffer, Call, Region};
pub(crate) use cursor::{Cursor, Opaque, Pieces, Split};
#[cfg(feature = "digest-verify")]
pub(crate) use out::{InOut, Mirrors};
pub(crate) use out::{Out, OutArray};
pub(crate) use view::{Array, Given, Ptr};

use crate::base::status::*;

/// Runs `body` and folds `Err(status)` into the status return value.
pub(crate) fn run(body: impl FnOnce() -> Result<(), authparse_status>) -> authparse_status {
    match body() {
        Ok(()) => AUTHPARSE_STATUS_OK,
        Err(status) => status,
    }
}

/// NULL_POINTER for NULL (a required pointer).
fn non_null<T>(ptr: *const T) -> Result<(), authparse_status> {
    if ptr.is_null() {
        Err(AUTHPARSE_STATUS_NULL_POINTER)
    } else {
        Ok(())
    }
}

/// How many `T` fit in `PTRDIFF_MAX` bytes (the most one slice may span).
const fn max_count<T>() -> usize {
    match (isize::MAX as usize).checked_div(core::mem::size_of::<T>()) {
        Some(n) => n,
        None => usize::MAX,
    }
}
