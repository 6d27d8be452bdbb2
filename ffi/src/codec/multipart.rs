//! `multipart/form-data`: the boundary, media-type parameters, and a cursor
//! over the parts.

use authparse_core::multipart::{self, MultipartError, Parts};
use authparse_core::Profile;

use super::Lookup;
use crate::abi::{run, Cursor, Given, Opaque, Out};
use crate::base::*;

/// Words of opaque storage in the multipart and Digest iterators (enough for
/// the core's iterator state on every target; checked at compile time).
pub const AUTHPARSE_ITER_STORAGE_WORDS: usize = 8;

/// The boundary of a `multipart/form-data` Content-Type value (1 to 256
/// bytes, python-multipart's limit, which the FastAPI profile's form keeps;
/// RFC 2046 says 70), read as `authparse_password_form_extract` and FastAPI
/// (python-multipart) read it: parameters split on `;` outside quotes, the
/// last `boundary` wins (`boundary=x; boundary=z` is `z`).
/// `AUTHPARSE_STATUS_OK` with `*out` pointing into `content_type`, or
/// `AUTHPARSE_STATUS_NOT_FOUND` (also for a quoted boundary holding `\`,
/// which python-multipart unescapes).
///
/// # Safety
/// `content_type` readable (NULL with 0 allowed); `out` writable.
#[no_mangle]
pub unsafe extern "C" fn authparse_multipart_boundary(
    content_type: *const u8, content_type_len: usize, out: *mut authparse_str,
) -> authparse_status {
    // SAFETY: the pointers are as `# Safety` above requires.
    let call = unsafe { Lookup::new(content_type, content_type_len, out) };
    call.find(|ct| multipart::boundary(ct).map(view))
}

/// A media-type parameter of a header value like `type/sub; a=1; b="x"`,
/// read as `authparse_multipart_boundary` reads one (split outside quotes,
/// name compared ASCII case-insensitively, the last occurrence wins, quotes
/// removed, no unescaping):
/// `AUTHPARSE_STATUS_OK` with `*out` pointing into `value`, or
/// `AUTHPARSE_STATUS_NOT_FOUND`.
///
/// # Safety
/// `value` and `name` readable (NULL with 0 allowed); `out` writable.
#[no_mangle]
pub unsafe extern "C" fn authparse_multipart_parameter(
    value: *const u8, value_len: usize, name: *const u8, name_len: usize, out: *mut authparse_str,
) -> authparse_status {
    // SAFETY: the pointers are as `# Safety` above requires.
    let (value, name, out) = unsafe {
        (
            Given::view(value, value_len),
            Given::view(name, name_len),
            Out::new(out),
        )
    };
    run(|| {
        out.required()?;
        let p = multipart::parameter(value.get()?, name.get()?);
        out.set(view(p.ok_or(AUTHPARSE_STATUS_NOT_FOUND)?));
        Ok(())
    })
}

/// A cursor over the parts of a `multipart/form-data` body. Fields are
/// private: use `authparse_multipart_iter_init` / `_next`.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct authparse_multipart_iter {
    tag: u32,
    storage: [usize; AUTHPARSE_ITER_STORAGE_WORDS],
}

impl Opaque for authparse_multipart_iter {
    type State<'s> = Parts<'s>;
    const TAG: usize = core::mem::offset_of!(Self, tag);
    const STORAGE: usize = core::mem::offset_of!(Self, storage);
}

/// One part: every view points into the body.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct authparse_multipart_part {
    /// The `Content-Disposition` `name` (quotes removed, escapes kept).
    pub name: authparse_str,
    /// Whether a `filename` parameter is present (a file part).
    pub has_filename: bool,
    /// The `filename` parameter.
    pub filename: authparse_str,
    /// Whether the part has a `Content-Type`.
    pub has_content_type: bool,
    /// The part's `Content-Type` value.
    pub content_type: authparse_str,
    /// The part's data.
    pub data: authparse_str,
}

/// Starts iterating the parts of `body` delimited by `boundary` (from
/// `authparse_multipart_boundary`) in the FastAPI profile:
/// python-multipart's framing (only CR/LF before the first delimiter, strict
/// header bytes, a body that ends early ends the iteration after the last
/// complete part). `authparse_multipart_iter_init_profile` chooses the
/// profile.
///
/// An empty boundary is `AUTHPARSE_STATUS_INVALID_ARGUMENT` (RFC 2046: 1 to
/// 70 characters; with none, every line that starts with `--` would be a
/// delimiter); `*iter` is then left uninitialised for `_next`, which answers
/// INVALID_ARGUMENT too.
///
/// # Safety
/// `iter` writable; `body` and `boundary` readable (NULL with 0 allowed) for
/// as long as the iterator and its items are used.
#[no_mangle]
pub unsafe extern "C" fn authparse_multipart_iter_init(
    iter: *mut authparse_multipart_iter, body: *const u8, body_len: usize, boundary: *const u8,
    boundary_len: usize,
) -> authparse_status {
    // SAFETY: the pointers are as `# Safety` above requires (passed on).
    unsafe {
        authparse_multipart_iter_init_profile(
            iter,
            body,
            body_len,
            boundary,
            boundary_len,
            AUTHPARSE_PROFILE_FASTAPI,
        )
    }
}

/// `authparse_multipart_iter_init` with a profile: `AUTHPARSE_PROFILE_FASTAPI`
/// (python-multipart's framing, as FastAPI reads the body) or
/// `AUTHPARSE_PROFILE_STRICT` (RFC 2046: a preamble and transport padding
/// allowed, the close delimiter required).
///
/// # Safety
/// As `authparse_multipart_iter_init`.
#[no_mangle]
pub unsafe extern "C" fn authparse_multipart_iter_init_profile(
    iter: *mut authparse_multipart_iter, body: *const u8, body_len: usize, boundary: *const u8,
    boundary_len: usize, profile: authparse_profile,
) -> authparse_status {
    // SAFETY: the pointers are as `# Safety` above requires.
    let (iter, body, boundary) = unsafe {
        (
            Cursor::new(iter),
            Given::view(body, body_len),
            Given::view(boundary, boundary_len),
        )
    };
    run(|| {
        iter.required()?;
        let profile = crate::base::profile(profile)?;
        let (body, boundary) = (body.get()?, boundary.get()?);
        if boundary.is_empty() {
            iter.stop()?;
            return Err(AUTHPARSE_STATUS_INVALID_ARGUMENT);
        }
        iter.start(match profile {
            Profile::FastApi => multipart::parts(body, boundary),
            Profile::Strict => multipart::parts_strict(body, boundary),
        })
    })
}

/// The next part: `AUTHPARSE_STATUS_OK` with `*out` (views into the body),
/// `AUTHPARSE_STATUS_DONE`, or an error that ends the iteration:
/// `AUTHPARSE_STATUS_MALFORMED` (the profile's framing; FastAPI's "Invalid
/// multipart data.") or `AUTHPARSE_STATUS_MULTIPART_MISSING_NAME`.
///
/// # Safety
/// `iter` initialised by `authparse_multipart_iter_init`, its body and
/// boundary still valid; `out` writable.
#[no_mangle]
pub unsafe extern "C" fn authparse_multipart_iter_next(
    iter: *mut authparse_multipart_iter, out: *mut authparse_multipart_part,
) -> authparse_status {
    // SAFETY: the pointers are as `# Safety` above requires.
    let (iter, out) = unsafe { (Cursor::new(iter), Out::new(out)) };
    run(|| {
        iter.required()?;
        out.required()?;
        let parts = iter.state()?;
        out.set(authparse_multipart_part::default());
        let part = match parts.next() {
            None => return Err(AUTHPARSE_STATUS_DONE),
            Some(Err(MultipartError::MissingName)) => {
                return Err(AUTHPARSE_STATUS_MULTIPART_MISSING_NAME)
            }
            Some(Err(_)) => return Err(AUTHPARSE_STATUS_MALFORMED),
            Some(Ok(part)) => part,
        };
        out.set(authparse_multipart_part {
            name: view(part.name),
            has_filename: part.filename.is_some(),
            filename: view(part.filename.unwrap_or_default()),
            has_content_type: part.content_type.is_some(),
            content_type: view(part.content_type.unwrap_or_default()),
            data: view(part.data),
        });
        Ok(())
    })
}
