//! Inputs: byte views, struct pointers, arrays, and the views inside them.

use core::marker::PhantomData;

use super::{max_count, Region};
use crate::base::status::*;
use crate::base::view::authparse_str;

/// A `T` handed over by the C caller under the entry point's `# Safety`
/// contract: every view and array reachable from it is readable for `'a`
/// and not written meanwhile.
///
/// Made only in this module: by [`Given::view`] (an argument pair), by
/// [`Ptr::get`] / [`Array::get`] (memory behind a pointer), or by projecting
/// a field of another `Given` ([`part`](Self::part), [`array`](Self::array),
/// [`ptr`](Self::ptr)). A projection must return a field of its `T` (as
/// `|c| &c.realm`), never another value: that is what carries the contract
/// over. Plain fields (numbers, flags) are read through `Deref`.
#[repr(transparent)]
pub(crate) struct Given<'a, T>(T, PhantomData<&'a ()>);

impl<T> core::ops::Deref for Given<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<'a> Given<'a, authparse_str> {
    /// The argument pair `ptr[..len]`.
    ///
    /// # Safety
    /// Unless `len` is 0 or `ptr` is NULL, `ptr` must be valid for reads of
    /// `len` bytes for `'a`, and not written to meanwhile.
    pub(crate) const unsafe fn view(ptr: *const u8, len: usize) -> Self {
        Given(authparse_str::new(ptr, len), PhantomData)
    }

    /// The bytes: NULL with 0 is empty, NULL with more is NULL_POINTER, a
    /// length above `PTRDIFF_MAX` INVALID_ARGUMENT.
    pub(crate) fn get(&self) -> Result<&'a [u8], authparse_status> {
        let (ptr, len) = (self.0.ptr(), self.0.len());
        if len == 0 {
            return Ok(&[]);
        }
        if ptr.is_null() {
            return Err(AUTHPARSE_STATUS_NULL_POINTER);
        }
        if len > isize::MAX as usize {
            return Err(AUTHPARSE_STATUS_INVALID_ARGUMENT);
        }
        // SAFETY: non-NULL, `len` fits `isize`; `Given` carries the caller's
        // promise of `len` readable, unmodified bytes for `'a`.
        Ok(unsafe { core::slice::from_raw_parts(ptr, len) })
    }

    /// The bytes as UTF-8; invalid UTF-8 is `invalid`.
    pub(crate) fn text_or(&self, invalid: authparse_status) -> Result<&'a str, authparse_status> {
        core::str::from_utf8(self.get()?).map_err(|_| invalid)
    }

    /// Configuration text: UTF-8, else CONFIG_NOT_UTF8.
    pub(crate) fn text(&self) -> Result<&'a str, authparse_status> {
        self.text_or(AUTHPARSE_STATUS_CONFIG_NOT_UTF8)
    }

    /// The bytes, empty when [`get`](Self::get) fails (for views an entry
    /// point has already checked).
    pub(crate) fn lossy(&self) -> &'a [u8] {
        self.get().unwrap_or_default()
    }
}

impl<'a, T> Given<'a, T> {
    /// A field of `T`, under the same contract.
    pub(crate) fn part<U>(&self, field: impl FnOnce(&T) -> &U) -> &Given<'a, U> {
        let part: *const U = field(&self.0);
        // SAFETY: `Given<U>` is `repr(transparent)` over `U`; the field lies
        // inside `self` and lives as long as the borrow.
        unsafe { &*part.cast::<Given<'a, U>>() }
    }

    /// An array field `(items, count)`, under the same contract.
    pub(crate) fn array<U>(
        &self, field: impl FnOnce(&T) -> (*const U, usize),
    ) -> Result<&'a [Given<'a, U>], authparse_status> {
        let (items, count) = field(&self.0);
        // SAFETY: the contract of `self` covers the arrays it points to.
        unsafe { Array::new(items, count) }.get()
    }

    /// A pointer field (NULL allowed where the function says so).
    pub(crate) fn ptr<U>(&self, field: impl FnOnce(&T) -> *const U) -> Ptr<'a, U> {
        // SAFETY: the contract of `self` covers the structs it points to.
        unsafe { Ptr::new(field(&self.0)) }
    }

    /// The struct's own bytes.
    pub(crate) fn region(&self) -> Region {
        Region::of(&self.0)
    }
}

impl<'a, T, const N: usize> Given<'a, [T; N]> {
    /// The elements of an array field.
    pub(crate) fn items(&self) -> &[Given<'a, T>] {
        let items: *const [T; N] = &self.0;
        // SAFETY: `Given<T>` is `repr(transparent)` over `T`, so
        // `[Given<T>; N]` has the layout of `[T; N]`.
        unsafe { &*items.cast::<[Given<'a, T>; N]>() }
    }
}

/// A struct passed by pointer (`const T *`).
#[derive(Clone, Copy)]
pub(crate) struct Ptr<'a, T> {
    ptr: *const T,
    _life: PhantomData<&'a T>,
}

impl<'a, T> Ptr<'a, T> {
    /// # Safety
    /// `ptr` is NULL or points to an initialised `T`, readable with every
    /// view and array it holds for `'a`.
    pub(crate) const unsafe fn new(ptr: *const T) -> Self {
        Ptr {
            ptr,
            _life: PhantomData,
        }
    }

    /// The struct; NULL is NULL_POINTER.
    pub(crate) fn get(&self) -> Result<&'a Given<'a, T>, authparse_status> {
        self.opt().ok_or(AUTHPARSE_STATUS_NULL_POINTER)
    }

    /// The struct, or `None` for NULL.
    pub(crate) fn opt(&self) -> Option<&'a Given<'a, T>> {
        // SAFETY: NULL or a readable `T` for `'a` (the contract of `new`);
        // `Given<T>` is `repr(transparent)` over `T`.
        unsafe { self.ptr.cast::<Given<'a, T>>().as_ref() }
    }

    /// The struct's address range (empty for NULL); nothing is read.
    pub(crate) fn region(&self) -> Region {
        Region::array(self.ptr, 1)
    }
}

/// An array argument pair `(const T *items, size_t count)`.
#[derive(Clone, Copy)]
pub(crate) struct Array<'a, T> {
    ptr: *const T,
    count: usize,
    _life: PhantomData<&'a T>,
}

impl<'a, T> Array<'a, T> {
    /// # Safety
    /// Unless `count` is 0 or `ptr` is NULL, `ptr` points to `count`
    /// initialised `T`, readable with every view and array they hold for `'a`.
    pub(crate) const unsafe fn new(ptr: *const T, count: usize) -> Self {
        Array {
            ptr,
            count,
            _life: PhantomData,
        }
    }

    /// The items: NULL with 0 is empty, NULL with more is NULL_POINTER, more
    /// than `PTRDIFF_MAX` bytes INVALID_ARGUMENT.
    pub(crate) fn get(&self) -> Result<&'a [Given<'a, T>], authparse_status> {
        if self.count == 0 {
            return Ok(&[]);
        }
        if self.ptr.is_null() {
            return Err(AUTHPARSE_STATUS_NULL_POINTER);
        }
        if self.count > max_count::<T>() {
            return Err(AUTHPARSE_STATUS_INVALID_ARGUMENT);
        }
        // SAFETY: non-NULL, the size fits `isize`, and `count` initialised
        // items by the contract of `new`; `Given<T>` is `repr(transparent)`.
        Ok(unsafe { core::slice::from_raw_parts(self.ptr.cast::<Given<'a, T>>(), self.count) })
    }

    /// How many items the caller says there are (unchecked).
    pub(crate) const fn count(&self) -> usize {
        self.count
    }

    /// The array's address range (empty for NULL); nothing is read.
    pub(crate) fn region(&self) -> Region {
        Region::array(self.ptr, self.count)
    }
}

impl authparse_str {
    /// The viewed bytes, checked for NULL with a non-zero length.
    ///
    /// # Safety
    /// Unless `len` is 0 or `ptr` is NULL, `ptr` must be valid for reads of
    /// `len` bytes for `'a`, and not written to meanwhile.
    pub unsafe fn to_slice<'a>(&self) -> Result<&'a [u8], authparse_status> {
        // SAFETY: the caller's promise, as `Given::view` asks.
        unsafe { Given::view(self.ptr(), self.len()) }.get()
    }
}
