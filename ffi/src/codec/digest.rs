//! RFC 7616 Digest credentials: a cursor over the auth-params, unescaping a
//! value, and the shape check of a response.

use authparse_core::digest::{self, Params};

use super::multipart::AUTHPARSE_ITER_STORAGE_WORDS;
use super::Lookup;
use crate::abi::{run, Buffer, Cursor, Given, Opaque, Out, Ptr, Region};
use crate::base::*;

/// A cursor over RFC 7616 Digest auth-params. Fields are private: use
/// `authparse_digest_iter_init` / `_next`.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct authparse_digest_iter {
    tag: u32,
    storage: [usize; AUTHPARSE_ITER_STORAGE_WORDS],
}

impl Opaque for authparse_digest_iter {
    type State<'s> = Params<'s>;
    const TAG: usize = core::mem::offset_of!(Self, tag);
    const STORAGE: usize = core::mem::offset_of!(Self, storage);
}

/// One `name=value` parameter: views into the credentials.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct authparse_digest_param {
    /// The parameter name (a token; compare it case-insensitively).
    pub name: authparse_str,
    /// The value without surrounding quotes, escapes not yet removed (see
    /// `authparse_digest_param_unescape`).
    pub value: authparse_str,
    /// Whether the value was a `quoted-string`.
    pub quoted: bool,
}

/// Starts iterating the `#auth-param` list of Digest credentials (the
/// `credentials` of `authparse_http_digest_extract`).
///
/// # Safety
/// `iter` writable; `credentials` readable (NULL with 0 allowed) while iterating.
#[no_mangle]
pub unsafe extern "C" fn authparse_digest_iter_init(
    iter: *mut authparse_digest_iter, credentials: *const u8, credentials_len: usize,
) -> authparse_status {
    // SAFETY: the pointers are as `# Safety` above requires.
    let (iter, credentials) =
        unsafe { (Cursor::new(iter), Given::view(credentials, credentials_len)) };
    run(|| {
        iter.required()?;
        iter.start(digest::params(credentials.get()?))
    })
}

/// The next parameter: `AUTHPARSE_STATUS_OK` with `*out` (views into the
/// credentials), `AUTHPARSE_STATUS_DONE`, or `AUTHPARSE_STATUS_MALFORMED`
/// (after which the iterator is done). Empty list elements are skipped.
///
/// # Safety
/// `iter` initialised by `authparse_digest_iter_init`, its input still
/// valid; `out` writable.
#[no_mangle]
pub unsafe extern "C" fn authparse_digest_iter_next(
    iter: *mut authparse_digest_iter, out: *mut authparse_digest_param,
) -> authparse_status {
    // SAFETY: the pointers are as `# Safety` above requires.
    let (iter, out) = unsafe { (Cursor::new(iter), Out::new(out)) };
    run(|| {
        iter.required()?;
        out.required()?;
        let params = iter.state()?;
        out.set(authparse_digest_param::default());
        let param = params.next().ok_or(AUTHPARSE_STATUS_DONE)?;
        let param = param.map_err(|e| e.code())?;
        out.set(authparse_digest_param {
            name: view(param.name),
            value: view(param.value),
            quoted: param.quoted,
        });
        Ok(())
    })
}

/// A parameter's value with `quoted-pair` escapes removed: `*out` points
/// into the parameter's value when there is no backslash (or it is not
/// quoted), otherwise into `buf` (the value's length suffices). A short
/// buffer gives `AUTHPARSE_STATUS_BUFFER_TOO_SMALL` and `*out_needed`.
///
/// # Safety
/// `param` valid with readable views; `buf` writable for `buf_len` bytes and
/// not overlapping them; `out` writable; `out_needed` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn authparse_digest_param_unescape(
    param: *const authparse_digest_param, buf: *mut u8, buf_len: usize, out: *mut authparse_str,
    out_needed: *mut usize,
) -> authparse_status {
    // SAFETY: the pointers are as `# Safety` above requires.
    let (param, (buffer, out)) = unsafe {
        (
            Ptr::new(param),
            Buffer::with_out(buf, buf_len, out, out_needed),
        )
    };
    buffer.call(|call| {
        let p = param.get()?;
        call.apart([p.region()])?;
        let (name, value) = (p.part(|p| &p.name).get()?, p.part(|p| &p.value).get()?);
        out.required()?;
        call.apart([Region::bytes(name), Region::bytes(value), out.region()])?;
        let param = digest::Param {
            name,
            value,
            quoted: p.quoted,
        };
        out.set(view(call.write(|b| param.unescaped(b))?));
        Ok(())
    })
}

/// Whether Digest `credentials` are a well-formed RFC 7616 response (params
/// parse, no known one repeats, `username` (or `username*`), `realm`,
/// `nonce`, `uri` and `response` present); the answer goes to `*out`.
///
/// # Safety
/// `credentials` readable (NULL with 0 allowed); `out` writable.
#[no_mangle]
pub unsafe extern "C" fn authparse_digest_is_valid_response(
    credentials: *const u8, credentials_len: usize, out: *mut bool,
) -> authparse_status {
    // SAFETY: the pointers are as `# Safety` above requires.
    let call = unsafe { Lookup::new(credentials, credentials_len, out) };
    call.answer(digest::is_valid_response)
}
