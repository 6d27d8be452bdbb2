//! Status codes, byte views and the pointer checks every entry point shares.

use core::ffi::c_char;

use authparse_core::Error;

/// The return value of every fallible function: one of the
/// `AUTHPARSE_STATUS_*` constants. A fixed-width integer, so its ABI does not
/// depend on the C compiler's choice of enum size.
///
/// Codes 10–50 are the core's stable `Error::code()` numbers; 1 and 2 are
/// iteration/lookup results; 60 and above are C-ABI-only.
pub type authparse_status = u32;

/// Success.
pub const AUTHPARSE_STATUS_OK: authparse_status = 0;
/// An iterator has no more items (`*_iter_next`).
pub const AUTHPARSE_STATUS_DONE: authparse_status = 1;
/// A looked-up item (header, parameter, boundary) is not there.
pub const AUTHPARSE_STATUS_NOT_FOUND: authparse_status = 2;
/// The output buffer is too small; `*out_needed` holds the exact size needed.
pub const AUTHPARSE_STATUS_BUFFER_TOO_SMALL: authparse_status = 10;
/// An output array is too small; the count out-param holds the number needed.
pub const AUTHPARSE_STATUS_TOO_MANY_ITEMS: authparse_status = 11;
/// Base64: a byte outside the alphabet (strict) or a non-ASCII byte (lenient).
pub const AUTHPARSE_STATUS_BASE64_INVALID_BYTE: authparse_status = 20;
/// Base64: one data character past a multiple of four.
pub const AUTHPARSE_STATUS_BASE64_DANGLING_CHARACTER: authparse_status = 21;
/// Base64: missing or misplaced padding.
pub const AUTHPARSE_STATUS_BASE64_BAD_PADDING: authparse_status = 22;
/// Strict base64: non-zero trailing bits.
pub const AUTHPARSE_STATUS_BASE64_NON_CANONICAL: authparse_status = 23;
/// Bytes that must be UTF-8 (input text, a decoded value) are not.
pub const AUTHPARSE_STATUS_INVALID_UTF8: authparse_status = 30;
/// Malformed input (a form, a multipart body, a parameter list, a cookie piece).
pub const AUTHPARSE_STATUS_MALFORMED: authparse_status = 40;
/// More fields than the configured maximum.
pub const AUTHPARSE_STATUS_TOO_MANY_FIELDS: authparse_status = 41;
/// A field larger than the configured maximum.
pub const AUTHPARSE_STATUS_FIELD_TOO_LARGE: authparse_status = 42;
/// A parameter that must not repeat appears twice.
pub const AUTHPARSE_STATUS_DUPLICATE_PARAMETER: authparse_status = 43;
/// A configuration value cannot be used.
pub const AUTHPARSE_STATUS_INVALID_CONFIGURATION: authparse_status = 50;
/// A pointer argument is NULL where it must not be (an input with a length
/// greater than 0, a required out-param, an array with a count above 0).
pub const AUTHPARSE_STATUS_NULL_POINTER: authparse_status = 60;
/// A configuration string (realm, name, scope) is not valid UTF-8.
pub const AUTHPARSE_STATUS_CONFIG_NOT_UTF8: authparse_status = 61;
/// An argument is out of range: an unknown profile or code, a length above
/// `PTRDIFF_MAX`, an iterator that was not initialised by its `_init` function.
pub const AUTHPARSE_STATUS_INVALID_ARGUMENT: authparse_status = 62;
/// The output buffer overlaps memory the call reads or writes besides it:
/// an input, a configuration string (a realm, a name), a struct passed by
/// pointer (the request and its header array, a configuration), or an
/// out-param.
pub const AUTHPARSE_STATUS_BUFFER_OVERLAP: authparse_status = 63;
/// Multipart: a part has no `Content-Disposition` `name` (FastAPI's 400
/// "The Content-Disposition header field \"name\" must be provided.").
pub const AUTHPARSE_STATUS_MULTIPART_MISSING_NAME: authparse_status = 64;

/// The status for a core error (its stable code).
pub(crate) fn status_of(error: Error) -> authparse_status {
    error.code()
}

/// A one-line, NUL-terminated, static description of `status`.
///
/// Never returns NULL; unknown numbers give `"unknown status"`. The string is
/// static: do not free it. Messages never contain input bytes.
#[no_mangle]
pub extern "C" fn authparse_status_str(status: authparse_status) -> *const c_char {
    let message: &'static core::ffi::CStr = match status {
        AUTHPARSE_STATUS_OK => c"ok",
        AUTHPARSE_STATUS_DONE => c"no more items",
        AUTHPARSE_STATUS_NOT_FOUND => c"not found",
        AUTHPARSE_STATUS_BUFFER_TOO_SMALL => c"output buffer too small",
        AUTHPARSE_STATUS_TOO_MANY_ITEMS => c"capacity too small",
        AUTHPARSE_STATUS_BASE64_INVALID_BYTE => c"base64: byte outside the alphabet",
        AUTHPARSE_STATUS_BASE64_DANGLING_CHARACTER => {
            c"base64: one data character past a multiple of four"
        }
        AUTHPARSE_STATUS_BASE64_BAD_PADDING => c"base64: incorrect padding",
        AUTHPARSE_STATUS_BASE64_NON_CANONICAL => c"base64: non-zero trailing bits",
        AUTHPARSE_STATUS_INVALID_UTF8 => c"invalid UTF-8",
        AUTHPARSE_STATUS_MALFORMED => c"malformed input",
        AUTHPARSE_STATUS_TOO_MANY_FIELDS => c"too many fields",
        AUTHPARSE_STATUS_FIELD_TOO_LARGE => c"field too large",
        AUTHPARSE_STATUS_DUPLICATE_PARAMETER => c"parameter repeated",
        AUTHPARSE_STATUS_INVALID_CONFIGURATION => c"invalid configuration",
        AUTHPARSE_STATUS_NULL_POINTER => c"NULL pointer argument",
        AUTHPARSE_STATUS_CONFIG_NOT_UTF8 => c"configuration string is not UTF-8",
        AUTHPARSE_STATUS_INVALID_ARGUMENT => c"invalid argument",
        AUTHPARSE_STATUS_BUFFER_OVERLAP => c"output buffer overlaps an input or out-param",
        AUTHPARSE_STATUS_MULTIPART_MISSING_NAME => c"multipart part without a name",
        _ => crate::digest::status_message(status).unwrap_or(c"unknown status"),
    };
    message.as_ptr()
}

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

    /// The viewed bytes, checked for NULL with a non-zero length.
    ///
    /// # Safety
    /// Unless `len` is 0 or `ptr` is NULL, `ptr` must be valid for reads of
    /// `len` bytes for `'a`, and not written to meanwhile.
    pub unsafe fn to_slice<'a>(&self) -> Result<&'a [u8], authparse_status> {
        // SAFETY: forwarded to the caller.
        unsafe { input(self.ptr, self.len) }
    }

    /// The viewed bytes; a NULL pointer reads as empty.
    ///
    /// # Safety
    /// As [`to_slice`](Self::to_slice).
    pub(crate) unsafe fn as_slice_lossy<'a>(&self) -> &'a [u8] {
        // SAFETY: forwarded to the caller.
        unsafe { input(self.ptr, self.len) }.unwrap_or_default()
    }
}

/// `ptr[..len]` as a slice: NULL with 0 is empty, NULL with more is an error.
///
/// # Safety
/// A non-NULL `ptr` with `len > 0` must be valid for reads of `len` bytes for
/// `'a` and not be written meanwhile.
pub(crate) unsafe fn input<'a>(ptr: *const u8, len: usize) -> Result<&'a [u8], authparse_status> {
    if len == 0 {
        return Ok(&[]);
    }
    if ptr.is_null() {
        return Err(AUTHPARSE_STATUS_NULL_POINTER);
    }
    if len > isize::MAX as usize {
        return Err(AUTHPARSE_STATUS_INVALID_ARGUMENT);
    }
    // SAFETY: non-NULL, `len` fits `isize`, and the caller guarantees `len`
    // readable bytes that stay unmodified for `'a`.
    Ok(unsafe { core::slice::from_raw_parts(ptr, len) })
}

/// Like [`input`], then UTF-8 checked ([`AUTHPARSE_STATUS_CONFIG_NOT_UTF8`]).
///
/// # Safety
/// As [`input`].
pub(crate) unsafe fn config_str<'a>(
    ptr: *const u8,
    len: usize,
) -> Result<&'a str, authparse_status> {
    // SAFETY: forwarded to the caller.
    let bytes = unsafe { input(ptr, len) }?;
    core::str::from_utf8(bytes).map_err(|_| AUTHPARSE_STATUS_CONFIG_NOT_UTF8)
}

/// `ptr[..len]` as an output buffer (NULL with 0 is an empty buffer).
///
/// # Safety
/// A non-NULL `ptr` with `len > 0` must be valid for writes of `len` bytes for
/// `'a`, with no other access meanwhile (it must not overlap an input).
pub(crate) unsafe fn output<'a>(
    ptr: *mut u8,
    len: usize,
) -> Result<&'a mut [u8], authparse_status> {
    if len == 0 {
        return Ok(&mut []);
    }
    if ptr.is_null() {
        return Err(AUTHPARSE_STATUS_NULL_POINTER);
    }
    if len > isize::MAX as usize {
        return Err(AUTHPARSE_STATUS_INVALID_ARGUMENT);
    }
    // SAFETY: non-NULL, `len` fits `isize`, and the caller guarantees `len`
    // writable bytes used only through this slice for `'a`.
    Ok(unsafe { core::slice::from_raw_parts_mut(ptr, len) })
}

/// Whether the output buffer `[buf, buf + buf_len)` shares a byte with `data`.
pub(crate) fn overlaps(data: &[u8], buf: *mut u8, buf_len: usize) -> bool {
    Region::bytes(data).overlaps(buf, buf_len)
}

/// An address range a call reads or writes besides its output buffer: an
/// input's bytes, a configuration string, a struct passed by pointer (the
/// request, a configuration, an out-param). Only addresses are compared;
/// nothing is read.
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

    /// The struct at `p` (empty for NULL).
    pub(crate) fn of<T>(p: *const T) -> Self {
        Region::array(p, 1)
    }

    /// Whether it shares a byte with `[buf, buf + buf_len)`.
    pub(crate) fn overlaps(self, buf: *mut u8, buf_len: usize) -> bool {
        if self.len == 0 || buf_len == 0 || buf.is_null() {
            return false;
        }
        let end = self.start.saturating_add(self.len);
        let b0 = buf as usize;
        let b1 = b0.saturating_add(buf_len);
        self.start < b1 && b0 < end
    }
}

/// Fails with [`AUTHPARSE_STATUS_BUFFER_OVERLAP`] when the output buffer
/// shares a byte with any of `regions`.
pub(crate) fn disjoint(
    buf: *mut u8,
    buf_len: usize,
    regions: impl IntoIterator<Item = Region>,
) -> Result<(), authparse_status> {
    if regions.into_iter().any(|r| r.overlaps(buf, buf_len)) {
        Err(AUTHPARSE_STATUS_BUFFER_OVERLAP)
    } else {
        Ok(())
    }
}

/// Fails with [`AUTHPARSE_STATUS_NULL_POINTER`] when `p` is NULL.
pub(crate) fn non_null<T>(p: *mut T) -> Result<(), authparse_status> {
    if p.is_null() {
        Err(AUTHPARSE_STATUS_NULL_POINTER)
    } else {
        Ok(())
    }
}

/// Writes `value` through an out-param already checked with [`non_null`].
///
/// # Safety
/// `p` must be NULL or valid for a write of `T` (aligned, no other access).
pub(crate) unsafe fn put<T>(p: *mut T, value: T) {
    if !p.is_null() {
        // SAFETY: non-NULL; the caller guarantees it is writable and aligned.
        unsafe { p.write(value) }
    }
}

/// Runs `body` and folds `Err(status)` into the status return value.
pub(crate) fn status(body: impl FnOnce() -> Result<(), authparse_status>) -> authparse_status {
    match body() {
        Ok(()) => AUTHPARSE_STATUS_OK,
        Err(status) => status,
    }
}

/// The core's `Profile` for a C profile number.
pub(crate) fn profile(p: authparse_profile) -> Result<authparse_core::Profile, authparse_status> {
    match p {
        AUTHPARSE_PROFILE_FASTAPI => Ok(authparse_core::Profile::FastApi),
        AUTHPARSE_PROFILE_STRICT => Ok(authparse_core::Profile::Strict),
        _ => Err(AUTHPARSE_STATUS_INVALID_ARGUMENT),
    }
}

/// The C profile number of a core `Profile`.
pub(crate) fn profile_code(p: authparse_core::Profile) -> authparse_profile {
    match p {
        authparse_core::Profile::FastApi => AUTHPARSE_PROFILE_FASTAPI,
        authparse_core::Profile::Strict => AUTHPARSE_PROFILE_STRICT,
    }
}

/// Which rules apply: `AUTHPARSE_PROFILE_FASTAPI` or `AUTHPARSE_PROFILE_STRICT`.
pub type authparse_profile = u32;
/// FastAPI 0.165.0's decisions, quirks included (the default).
pub const AUTHPARSE_PROFILE_FASTAPI: authparse_profile = 0;
/// RFC-exact parsing; ambiguous input is rejected.
pub const AUTHPARSE_PROFILE_STRICT: authparse_profile = 1;

/// Runs a buffer-writing call: checks the buffer (disjoint from `inputs`,
/// `*out` and `*out_needed`), maps `BufferTooSmall` to its status and
/// `*out_needed`, writes the result view to `out`.
///
/// # Safety
/// `buf`/`buf_len` as [`output`]; `out` and `out_needed` NULL or writable.
pub(crate) unsafe fn write_call(
    inputs: &[&[u8]],
    buf: *mut u8,
    buf_len: usize,
    out: *mut authparse_str,
    out_needed: *mut usize,
    body: impl FnOnce(&mut [u8]) -> Result<authparse_str, Error>,
) -> authparse_status {
    // SAFETY: `out_needed` is NULL or writable (caller).
    unsafe { put(out_needed, 0) };
    status(|| {
        non_null(out)?;
        let out_params = [Region::of(out), Region::of(out_needed)];
        disjoint(
            buf,
            buf_len,
            inputs.iter().map(|i| Region::bytes(i)).chain(out_params),
        )?;
        // SAFETY: the caller guarantees `buf_len` writable bytes at `buf`,
        // not overlapping the inputs or out-params (checked above).
        let buffer = unsafe { output(buf, buf_len) }?;
        let view = body(buffer).map_err(|e| {
            if let Error::BufferTooSmall { needed } = e {
                // SAFETY: as above.
                unsafe { put(out_needed, needed) };
            }
            status_of(e)
        })?;
        // SAFETY: `out` is non-NULL and writable (caller).
        unsafe { put(out, view) };
        Ok(())
    })
}
