//! The buffered-output driver: every call that writes into the caller's
//! `buf[..buf_len]` and reports a short buffer through `*out_needed`.

use authparse_core::digest::DigestError;
use authparse_core::Error;

use super::Out;
use crate::base::status::*;

/// An address range a call reads or writes besides its output buffer: an
/// input's bytes, a configuration string, a struct passed by pointer, an
/// out-param. Only addresses are compared; nothing is read.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Region {
    start: usize,
    len: usize,
}

impl Region {
    /// The bytes of a slice.
    pub(crate) fn bytes(data: &[u8]) -> Self {
        Region {
            start: data.as_ptr() as usize,
            len: data.len(),
        }
    }

    /// The value behind a reference.
    pub(crate) fn of<T>(value: &T) -> Self {
        Region::array(value, 1)
    }

    /// The `count` elements at `p` (empty for NULL).
    pub(crate) fn array<T>(p: *const T, count: usize) -> Self {
        Region {
            start: p as usize,
            len: if p.is_null() {
                0
            } else {
                core::mem::size_of::<T>().saturating_mul(count)
            },
        }
    }

    /// Whether it shares a byte with `other`.
    fn overlaps(self, other: Region) -> bool {
        if self.len == 0 || other.len == 0 {
            return false;
        }
        let (end, other_end) = (
            self.start.saturating_add(self.len),
            other.start.saturating_add(other.len),
        );
        self.start < other_end && other.start < end
    }
}

/// The output arguments `buf, buf_len` and `out_needed`.
pub(crate) struct Buffer<'a> {
    ptr: *mut u8,
    len: usize,
    needed: Out<'a, usize>,
}

impl<'a> Buffer<'a> {
    /// # Safety
    /// Unless `len` is 0 or `ptr` is NULL, `ptr` is valid for writes of
    /// `len` bytes for `'a`, accessed only through this call's output;
    /// `needed` is NULL or writable (as [`Out::new`]).
    pub(crate) const unsafe fn new(ptr: *mut u8, len: usize, needed: *mut usize) -> Self {
        Buffer {
            ptr,
            len,
            // SAFETY: forwarded to the caller.
            needed: unsafe { Out::new(needed) },
        }
    }

    /// The buffer and the out-param of the view written into it: the
    /// arguments `buf, buf_len, out, out_needed` most buffered calls end with.
    ///
    /// # Safety
    /// As [`Buffer::new`] for `ptr`, `len` and `needed`; `out` as [`Out::new`].
    pub(crate) const unsafe fn with_out<T>(
        ptr: *mut u8, len: usize, out: *mut T, needed: *mut usize,
    ) -> (Self, Out<'a, T>) {
        // SAFETY: forwarded to the caller.
        unsafe { (Buffer::new(ptr, len, needed), Out::new(out)) }
    }

    /// Runs a buffered call: `*out_needed` becomes 0, then `body` reads its
    /// inputs through the [`Call`] (each checked apart from the buffer) and
    /// finishes with [`Call::write`]. `Err(status)` is the return value.
    ///
    /// The buffer's own arguments are checked first, so a bad `buf_len`
    /// reads as INVALID_ARGUMENT, not as an overlap with the inputs.
    pub(crate) fn call(
        self, body: impl FnOnce(Call<'a>) -> Result<(), authparse_status>,
    ) -> authparse_status {
        self.needed.set(0);
        super::run(|| {
            self.check()?;
            body(Call(self))
        })
    }

    /// NULL_POINTER for a NULL buffer with a length, INVALID_ARGUMENT for a
    /// length above `PTRDIFF_MAX`.
    fn check(&self) -> Result<(), authparse_status> {
        if self.len == 0 {
            Ok(())
        } else if self.ptr.is_null() {
            Err(AUTHPARSE_STATUS_NULL_POINTER)
        } else if self.len > isize::MAX as usize {
            Err(AUTHPARSE_STATUS_INVALID_ARGUMENT)
        } else {
            Ok(())
        }
    }
}

/// A buffered call under way (see [`Buffer::call`]).
pub(crate) struct Call<'a>(Buffer<'a>);

impl<'a> Call<'a> {
    /// BUFFER_OVERLAP when the buffer shares a byte with one of `regions`.
    pub(crate) fn apart(
        &self, regions: impl IntoIterator<Item = Region>,
    ) -> Result<(), authparse_status> {
        let buf = Region {
            start: self.0.ptr as usize,
            len: if self.0.ptr.is_null() { 0 } else { self.0.len },
        };
        if regions.into_iter().any(|r| r.overlaps(buf)) {
            Err(AUTHPARSE_STATUS_BUFFER_OVERLAP)
        } else {
            Ok(())
        }
    }

    /// `bytes`, checked apart from the buffer.
    pub(crate) fn read<T: ?Sized + AsRef<[u8]>>(
        &self, bytes: &'a T,
    ) -> Result<&'a T, authparse_status> {
        self.apart([Region::bytes(bytes.as_ref())])?;
        Ok(bytes)
    }

    /// The last step: checks `out_needed` apart from the buffer, hands the
    /// buffer to `write` (the core call) and maps its error to a status; a
    /// `BufferTooSmall { needed }` also sets `*out_needed`. The one place
    /// that mapping is done.
    pub(crate) fn write<R, E: CoreError>(
        self, write: impl FnOnce(&'a mut [u8]) -> Result<R, E>,
    ) -> Result<R, authparse_status> {
        let Buffer { ptr, len, needed } = self.0;
        self.apart([needed.region()])?;
        let buffer: &'a mut [u8] = if len == 0 {
            &mut []
        } else {
            // SAFETY: non-NULL, `len` fits `isize` (`Buffer::check`, run by
            // `Buffer::call` before the `Call` existed), writable
            // for `'a` (the contract of `Buffer::new`); everything else the
            // call reads or writes was checked apart from it (`apart`, by
            // the caller).
            unsafe { core::slice::from_raw_parts_mut(ptr, len) }
        };
        write(buffer).map_err(|e| {
            if let Some(n) = e.needed() {
                needed.set(n);
            }
            e.status()
        })
    }
}

/// A core error type a buffered call can fail with.
pub(crate) trait CoreError {
    /// Its status (the core's stable code).
    fn status(&self) -> authparse_status;
    /// The size a `BufferTooSmall` asks for.
    fn needed(&self) -> Option<usize>;
}

impl CoreError for Error {
    fn status(&self) -> authparse_status {
        self.code()
    }
    fn needed(&self) -> Option<usize> {
        match *self {
            Error::BufferTooSmall { needed } => Some(needed),
            _ => None,
        }
    }
}

impl CoreError for DigestError {
    fn status(&self) -> authparse_status {
        self.code()
    }
    fn needed(&self) -> Option<usize> {
        match *self {
            DigestError::BufferTooSmall { needed } => Some(needed),
            _ => None,
        }
    }
}
