//! Outputs: out-params and output arrays.

use core::marker::PhantomData;

use super::{max_count, Region};
use crate::base::status::*;

/// An out-param `T *out`: NULL, or where the function writes one `T`.
#[derive(Clone, Copy)]
pub(crate) struct Out<'a, T> {
    ptr: *mut T,
    _life: PhantomData<&'a mut T>,
}

impl<'a, T> Out<'a, T> {
    /// Zeroes `*ptr` at once (unless NULL): every C type behind an out-param
    /// reads as empty when zeroed (kind NONE, views NULL with length 0), so
    /// a caller that ignores an error status reads no stale or half-written
    /// result as credentials.
    ///
    /// # Safety
    /// `ptr` is NULL or valid for an (aligned) write of a `T` for `'a`, with
    /// no other access meanwhile.
    pub(crate) const unsafe fn new(ptr: *mut T) -> Self {
        if !ptr.is_null() {
            // SAFETY: non-NULL, so writable and aligned (this function's
            // contract); bytes are written, no `T` is made or read.
            unsafe { ptr.cast::<u8>().write_bytes(0, core::mem::size_of::<T>()) }
        }
        Out {
            ptr,
            _life: PhantomData,
        }
    }

    /// NULL_POINTER for NULL (a required out-param).
    pub(crate) fn required(&self) -> Result<&Self, authparse_status> {
        super::non_null(self.ptr).map(|()| self)
    }

    /// Writes `value`; nothing for NULL (an optional out-param). The old
    /// contents are not read or dropped.
    pub(crate) fn set(&self, value: T) {
        if !self.ptr.is_null() {
            // SAFETY: non-NULL, so writable and aligned (the contract of `new`).
            unsafe { self.ptr.write(value) }
        }
    }

    /// Its address range (empty for NULL); nothing is read.
    pub(crate) fn region(&self) -> Region {
        Region::array(self.ptr.cast_const(), 1)
    }
}

/// An output array `(T *items, size_t cap)` of plain-data views.
pub(crate) struct OutArray<'a, T> {
    ptr: *mut T,
    cap: usize,
    _life: PhantomData<&'a mut T>,
}

impl<'a, T: Copy> OutArray<'a, T> {
    /// # Safety
    /// Unless `cap` is 0 or `ptr` is NULL, `ptr` is valid for writes of
    /// `cap` elements for `'a`, with no other access meanwhile.
    pub(crate) const unsafe fn new(ptr: *mut T, cap: usize) -> Self {
        OutArray {
            ptr,
            cap,
            _life: PhantomData,
        }
    }

    /// The slots: NULL with 0 is none, NULL with more NULL_POINTER.
    pub(crate) fn get(self) -> Result<&'a mut [T], authparse_status> {
        if self.cap == 0 {
            return Ok(&mut []);
        }
        if self.ptr.is_null() {
            return Err(AUTHPARSE_STATUS_NULL_POINTER);
        }
        if self.cap > max_count::<T>() {
            return Err(AUTHPARSE_STATUS_INVALID_ARGUMENT);
        }
        // SAFETY: non-NULL, the size fits `isize`, writable by the contract
        // of `new`. `T` is plain data (views, numbers): only written here.
        Ok(unsafe { core::slice::from_raw_parts_mut(self.ptr, self.cap) })
    }
}

#[cfg(feature = "digest-verify")]
/// An in-out array `(T *items, size_t count)`: initialised by the caller,
/// read and written by the call (a table the caller keeps between calls).
pub(crate) struct InOut<'a, T> {
    ptr: *mut T,
    count: usize,
    _life: PhantomData<&'a mut T>,
}

#[cfg(feature = "digest-verify")]
impl<'a, T> InOut<'a, T> {
    /// # Safety
    /// Unless `count` is 0 or `ptr` is NULL, `ptr` points to `count`
    /// initialised `T`, valid for reads and writes for `'a` with no other
    /// access meanwhile.
    pub(crate) const unsafe fn new(ptr: *mut T, count: usize) -> Self {
        InOut {
            ptr,
            count,
            _life: PhantomData,
        }
    }

    /// The items: NULL with 0 is none, NULL with more NULL_POINTER.
    pub(crate) fn get(self) -> Result<&'a mut [T], authparse_status> {
        self.get_as()
    }

    /// One item (`count` 1): NULL is NULL_POINTER.
    pub(crate) fn one(self) -> Result<&'a mut T, authparse_status> {
        if self.ptr.is_null() {
            return Err(AUTHPARSE_STATUS_NULL_POINTER);
        }
        self.get()?.first_mut().ok_or(AUTHPARSE_STATUS_NULL_POINTER)
    }

    /// The items as the core type `U` they mirror.
    pub(crate) fn get_as<U>(self) -> Result<&'a mut [U], authparse_status>
    where
        T: Mirrors<U>,
    {
        const {
            assert!(core::mem::size_of::<T>() == core::mem::size_of::<U>());
            assert!(core::mem::align_of::<T>() == core::mem::align_of::<U>());
        }
        if self.count == 0 {
            return Ok(&mut []);
        }
        if self.ptr.is_null() {
            return Err(AUTHPARSE_STATUS_NULL_POINTER);
        }
        if self.count > max_count::<T>() {
            return Err(AUTHPARSE_STATUS_INVALID_ARGUMENT);
        }
        // SAFETY: non-NULL, the size fits `isize`, initialised and writable
        // by the contract of `new`; `U` has `T`'s size and alignment (checked
        // above) and every `T` bit pattern is a valid `U` (`Mirrors`).
        Ok(unsafe { core::slice::from_raw_parts_mut(self.ptr.cast::<U>(), self.count) })
    }
}

#[cfg(feature = "digest-verify")]
/// `Self` is a C struct with the size and alignment of the core type `U`,
/// and any bytes of it are a valid `U` (integers only).
///
/// # Safety
/// Implement only when that holds: [`InOut::get_as`] reads the C memory as `U`.
pub(crate) unsafe trait Mirrors<U> {}

/// Every type mirrors itself.
#[cfg(feature = "digest-verify")]
// SAFETY: the same type.
unsafe impl<T> Mirrors<T> for T {}
