//! `authparse_str`: the byte view every input and output uses.

/// A byte view: `len` bytes at `ptr`. Never NUL-terminated.
///
/// As input, `ptr` may be NULL when `len` is 0 (the empty string). As output,
/// it points into the caller's input or buffer, as each function documents;
/// an empty output view may have any `ptr` (possibly NULL): do not
/// dereference it.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct authparse_str {
    ptr: *const u8,
    len: usize,
}

impl Default for authparse_str {
    fn default() -> Self {
        authparse_str::EMPTY
    }
}

impl authparse_str {
    /// The empty view (NULL, 0).
    pub const EMPTY: Self = authparse_str {
        ptr: core::ptr::null(),
        len: 0,
    };

    /// A view of `ptr[..len]` (not checked: reading it is `unsafe`).
    pub const fn new(ptr: *const u8, len: usize) -> Self {
        authparse_str { ptr, len }
    }

    /// A view of `bytes`; it does not keep them alive.
    pub const fn from_slice(bytes: &[u8]) -> Self {
        authparse_str {
            ptr: bytes.as_ptr(),
            len: bytes.len(),
        }
    }

    /// The start pointer.
    pub const fn ptr(&self) -> *const u8 {
        self.ptr
    }

    /// The length in bytes.
    pub const fn len(&self) -> usize {
        self.len
    }

    /// Whether the view is empty.
    pub const fn is_empty(&self) -> bool {
        self.len == 0
    }
}

/// The view of `bytes` (a shorthand for [`authparse_str::from_slice`]).
pub(crate) fn view(bytes: &(impl AsRef<[u8]> + ?Sized)) -> authparse_str {
    authparse_str::from_slice(bytes.as_ref())
}
