//! Zero-copy tokenizers, iterated from C with cursor structs.
//!
//! Every iterator is a plain struct the caller allocates (on the stack is
//! fine): `*_iter_init` fills it, each `*_iter_next` call yields one item
//! (`AUTHPARSE_STATUS_OK`), an error for a malformed item, or
//! `AUTHPARSE_STATUS_DONE`. Items are views into the iterated input, which
//! must stay alive and unmodified while the iterator and its items are used.
//! An iterator holds no resources: drop it whenever you like; a bitwise copy
//! continues independently from the same position. Calling `_next` on a
//! struct that `_init` did not fill is `AUTHPARSE_STATUS_INVALID_ARGUMENT`
//! (detected by a tag, not guaranteed for arbitrary garbage).

use authparse_core::digest::{self, Params};
use authparse_core::multipart::{self, MultipartError, Parts};
use authparse_core::{cookie, urlencoded, Profile};

use crate::types::*;

const TAG_LIVE: u32 = 0x4150_4931; // "API1"
const TAG_DONE: u32 = 0x4150_4930; // "API0"

/// A cursor over `;`- or `&`-separated pieces: the core tokenizers split on
/// that byte only, so each piece is tokenized on its own with the core's
/// own function.
#[derive(Clone, Copy)]
struct Pieces<'a> {
    rest: &'a [u8],
    last: bool,
}

impl<'a> Pieces<'a> {
    fn next_piece(&mut self, sep: u8) -> Option<&'a [u8]> {
        if self.last {
            return None;
        }
        match self.rest.iter().position(|&b| b == sep) {
            Some(i) => {
                let (piece, after) = self.rest.split_at(i);
                self.rest = after.get(1..).unwrap_or_default();
                Some(piece)
            }
            None => {
                self.last = true;
                Some(self.rest)
            }
        }
    }
}

/// Reads the cursor state of a piece iterator.
///
/// # Safety
/// `rest` must be what `_init` stored (readable).
unsafe fn pieces<'a>(tag: u32, rest: &authparse_str) -> Result<Pieces<'a>, authparse_status> {
    match tag {
        TAG_LIVE | TAG_DONE => Ok(Pieces {
            // SAFETY: stored by `_init` from a caller view that outlives the iterator.
            rest: unsafe { rest.to_slice() }?,
            last: tag == TAG_DONE,
        }),
        _ => Err(AUTHPARSE_STATUS_INVALID_ARGUMENT),
    }
}

/// A cursor over the cookies of one `Cookie` header value. Fields are
/// private: use `authparse_cookie_iter_init` / `_next`.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct authparse_cookie_iter {
    rest: authparse_str,
    profile: authparse_profile,
    tag: u32,
}

/// One cookie: views into the header value.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct authparse_cookie_pair {
    /// The name (FastAPI: stripped with Python's whitespace set, may be empty).
    pub name: authparse_str,
    /// The value (FastAPI: stripped, maybe still quoted — see
    /// `authparse_cookie_unquote`; strict: without its DQUOTEs).
    pub value: authparse_str,
}

/// Starts iterating the cookies of one `Cookie` header value.
///
/// FastAPI profile: Starlette's `cookie_parser` (split on `;`, a piece
/// without `=` is named `""`, empty pieces skipped). Strict: RFC 6265 §4.2.1;
/// a malformed piece yields `AUTHPARSE_STATUS_MALFORMED` and iteration goes
/// on with the next one. Repeated `Cookie` lines: iterate each.
///
/// # Safety
/// `iter` writable; `header` readable for `header_len` bytes (NULL with 0
/// allowed) for as long as the iterator and its items are used.
#[no_mangle]
pub unsafe extern "C" fn authparse_cookie_iter_init(
    iter: *mut authparse_cookie_iter,
    header: *const u8,
    header_len: usize,
    profile: authparse_profile,
) -> authparse_status {
    status(|| {
        non_null(iter)?;
        crate::types::profile(profile)?;
        // SAFETY: readable by contract.
        let header = unsafe { input(header, header_len) }?;
        let it = authparse_cookie_iter {
            rest: authparse_str::from_slice(header),
            profile,
            tag: TAG_LIVE,
        };
        // SAFETY: checked non-NULL, writable by contract.
        unsafe { put(iter, it) };
        Ok(())
    })
}

/// The next cookie: `AUTHPARSE_STATUS_OK` with `*out` (views into the
/// header), `AUTHPARSE_STATUS_MALFORMED` for a malformed piece (strict;
/// `*out` empty, call again for the next), or `AUTHPARSE_STATUS_DONE`.
///
/// # Safety
/// `iter` initialised by `authparse_cookie_iter_init`, its header still
/// valid; `out` writable.
#[no_mangle]
pub unsafe extern "C" fn authparse_cookie_iter_next(
    iter: *mut authparse_cookie_iter,
    out: *mut authparse_cookie_pair,
) -> authparse_status {
    status(|| {
        non_null(iter)?;
        non_null(out)?;
        // SAFETY: non-NULL, initialised by contract.
        let it = unsafe { &mut *iter };
        // SAFETY: `rest` was stored by `_init`.
        let mut cursor = unsafe { pieces(it.tag, &it.rest) }?;
        let profile = crate::types::profile(it.profile)?;
        // SAFETY: checked non-NULL, writable by contract.
        unsafe { put(out, authparse_cookie_pair::default()) };
        let result = loop {
            let Some(piece) = cursor.next_piece(b';') else {
                break Err(AUTHPARSE_STATUS_DONE);
            };
            let pair = match profile {
                Profile::FastApi => cookie::pairs(piece).next().map(Ok),
                Profile::Strict => cookie::pairs_strict(piece).next(),
            };
            match pair {
                Some(Ok(p)) => break Ok(p),
                Some(Err(e)) => break Err(status_of(e)),
                None => continue,
            }
        };
        it.rest = authparse_str::from_slice(cursor.rest);
        it.tag = if cursor.last { TAG_DONE } else { TAG_LIVE };
        let pair = result?;
        // SAFETY: checked non-NULL, writable by contract.
        unsafe {
            put(
                out,
                authparse_cookie_pair {
                    name: authparse_str::from_slice(pair.name),
                    value: authparse_str::from_slice(pair.value),
                },
            )
        };
        Ok(())
    })
}

/// A cursor over the `name=value` pairs of a query string or urlencoded
/// body. Fields are private: use `authparse_urlencoded_iter_init` / `_next`.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct authparse_urlencoded_iter {
    rest: authparse_str,
    tag: u32,
}

/// One raw (still encoded) pair: views into the input. Decode the parts
/// with `authparse_urlencoded_decode` or `_decode_strict`.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct authparse_urlencoded_pair {
    /// The raw name.
    pub name: authparse_str,
    /// The raw value (empty when the piece has no `=`).
    pub value: authparse_str,
}

/// Starts iterating `input` like `urllib.parse.parse_qsl`: split on `&`
/// only, empty pieces skipped, each split at its first `=`.
///
/// # Safety
/// `iter` writable; `input` readable (NULL with 0 allowed) while iterating.
#[no_mangle]
pub unsafe extern "C" fn authparse_urlencoded_iter_init(
    iter: *mut authparse_urlencoded_iter,
    input: *const u8,
    input_len: usize,
) -> authparse_status {
    status(|| {
        non_null(iter)?;
        // SAFETY: readable by contract.
        let input = unsafe { crate::types::input(input, input_len) }?;
        let it = authparse_urlencoded_iter {
            rest: authparse_str::from_slice(input),
            tag: TAG_LIVE,
        };
        // SAFETY: checked non-NULL, writable by contract.
        unsafe { put(iter, it) };
        Ok(())
    })
}

/// The next pair (`AUTHPARSE_STATUS_OK`, views into the input) or
/// `AUTHPARSE_STATUS_DONE`.
///
/// # Safety
/// `iter` initialised by `authparse_urlencoded_iter_init`, its input still
/// valid; `out` writable.
#[no_mangle]
pub unsafe extern "C" fn authparse_urlencoded_iter_next(
    iter: *mut authparse_urlencoded_iter,
    out: *mut authparse_urlencoded_pair,
) -> authparse_status {
    status(|| {
        non_null(iter)?;
        non_null(out)?;
        // SAFETY: non-NULL, initialised by contract.
        let it = unsafe { &mut *iter };
        // SAFETY: `rest` was stored by `_init`.
        let mut cursor = unsafe { pieces(it.tag, &it.rest) }?;
        // SAFETY: checked non-NULL, writable by contract.
        unsafe { put(out, authparse_urlencoded_pair::default()) };
        let pair = loop {
            let Some(piece) = cursor.next_piece(b'&') else {
                break None;
            };
            if let Some(pair) = urlencoded::pairs(piece).next() {
                break Some(pair);
            }
        };
        it.rest = authparse_str::from_slice(cursor.rest);
        it.tag = if cursor.last { TAG_DONE } else { TAG_LIVE };
        let pair = pair.ok_or(AUTHPARSE_STATUS_DONE)?;
        let view = authparse_urlencoded_pair {
            name: authparse_str::from_slice(pair.name),
            value: authparse_str::from_slice(pair.value),
        };
        // SAFETY: checked non-NULL, writable by contract.
        unsafe { put(out, view) };
        Ok(())
    })
}

/// Words of opaque storage in the multipart and Digest iterators (enough for
/// the core's iterator state on every target; checked at compile time).
pub const AUTHPARSE_ITER_STORAGE_WORDS: usize = 8;

type Storage = [usize; AUTHPARSE_ITER_STORAGE_WORDS];

/// Moves a core iterator into opaque storage.
///
/// # Safety
/// `storage` must be writable.
unsafe fn store<T>(storage: *mut Storage, value: T) {
    const {
        assert!(core::mem::size_of::<T>() <= core::mem::size_of::<Storage>());
        assert!(core::mem::align_of::<T>() <= core::mem::align_of::<Storage>());
    }
    // SAFETY: size and alignment fit (checked at compile time); writable by
    // contract. `T` has no drop glue to skip (the core iterators are plain
    // slices and flags).
    unsafe { storage.cast::<T>().write(value) }
}

/// The core iterator [`store`] put into `storage`.
///
/// # Safety
/// `storage` must hold a `T` written by [`store`] (the tag says so), and the
/// memory it borrows must still be valid for `'a`.
unsafe fn load<'a, T>(storage: *mut Storage) -> &'a mut T {
    // SAFETY: by contract a `T` lives there, suitably aligned (see `store`).
    unsafe { &mut *storage.cast::<T>() }
}

/// A cursor over the parts of a `multipart/form-data` body. Fields are
/// private: use `authparse_multipart_iter_init` / `_next`.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct authparse_multipart_iter {
    tag: u32,
    storage: [usize; AUTHPARSE_ITER_STORAGE_WORDS],
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

/// The boundary of a `multipart/form-data` Content-Type value (1 to 70
/// bytes): `AUTHPARSE_STATUS_OK` with `*out` pointing into `content_type`, or
/// `AUTHPARSE_STATUS_NOT_FOUND`.
///
/// # Safety
/// `content_type` readable (NULL with 0 allowed); `out` writable.
#[no_mangle]
pub unsafe extern "C" fn authparse_multipart_boundary(
    content_type: *const u8,
    content_type_len: usize,
    out: *mut authparse_str,
) -> authparse_status {
    status(|| {
        non_null(out)?;
        // SAFETY: readable by contract.
        let ct = unsafe { input(content_type, content_type_len) }?;
        let b = multipart::boundary(ct).ok_or(AUTHPARSE_STATUS_NOT_FOUND)?;
        // SAFETY: checked non-NULL, writable by contract.
        unsafe { put(out, authparse_str::from_slice(b)) };
        Ok(())
    })
}

/// A media-type parameter of a header value like `type/sub; a=1; b="x"`
/// (name compared ASCII case-insensitively, quotes removed, no unescaping):
/// `AUTHPARSE_STATUS_OK` with `*out` pointing into `value`, or
/// `AUTHPARSE_STATUS_NOT_FOUND`.
///
/// # Safety
/// `value` and `name` readable (NULL with 0 allowed); `out` writable.
#[no_mangle]
pub unsafe extern "C" fn authparse_multipart_parameter(
    value: *const u8,
    value_len: usize,
    name: *const u8,
    name_len: usize,
    out: *mut authparse_str,
) -> authparse_status {
    status(|| {
        non_null(out)?;
        // SAFETY: readable by contract.
        let (value, name) = unsafe { (input(value, value_len)?, input(name, name_len)?) };
        let p = multipart::parameter(value, name).ok_or(AUTHPARSE_STATUS_NOT_FOUND)?;
        // SAFETY: checked non-NULL, writable by contract.
        unsafe { put(out, authparse_str::from_slice(p)) };
        Ok(())
    })
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
    iter: *mut authparse_multipart_iter,
    body: *const u8,
    body_len: usize,
    boundary: *const u8,
    boundary_len: usize,
) -> authparse_status {
    // SAFETY: the caller's contract, passed on.
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
    iter: *mut authparse_multipart_iter,
    body: *const u8,
    body_len: usize,
    boundary: *const u8,
    boundary_len: usize,
    profile: authparse_profile,
) -> authparse_status {
    status(|| {
        non_null(iter)?;
        let profile = crate::types::profile(profile)?;
        // SAFETY: readable for as long as the iterator is used (contract).
        let (body, boundary): (&'static [u8], &'static [u8]) =
            unsafe { (input(body, body_len)?, input(boundary, boundary_len)?) };
        if boundary.is_empty() {
            // SAFETY: `iter` is non-NULL and writable: mark it not started.
            unsafe { core::ptr::addr_of_mut!((*iter).tag).write(0) };
            return Err(AUTHPARSE_STATUS_INVALID_ARGUMENT);
        }
        // SAFETY: `iter` is non-NULL and writable; the storage field is
        // written in place, then the tag.
        unsafe {
            store(
                core::ptr::addr_of_mut!((*iter).storage),
                match profile {
                    Profile::FastApi => multipart::parts(body, boundary),
                    Profile::Strict => multipart::parts_strict(body, boundary),
                },
            );
            core::ptr::addr_of_mut!((*iter).tag).write(TAG_LIVE);
        }
        Ok(())
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
    iter: *mut authparse_multipart_iter,
    out: *mut authparse_multipart_part,
) -> authparse_status {
    status(|| {
        non_null(iter)?;
        non_null(out)?;
        // SAFETY: checked non-NULL; readable by contract.
        if unsafe { (*iter).tag } != TAG_LIVE {
            return Err(AUTHPARSE_STATUS_INVALID_ARGUMENT);
        }
        // SAFETY: the tag says `_init` stored a `Parts` there, over memory
        // the caller keeps valid.
        let parts: &mut Parts<'static> = unsafe { load(core::ptr::addr_of_mut!((*iter).storage)) };
        // SAFETY: checked non-NULL, writable by contract.
        unsafe { put(out, authparse_multipart_part::default()) };
        let part = match parts.next() {
            None => return Err(AUTHPARSE_STATUS_DONE),
            Some(Err(MultipartError::MissingName)) => {
                return Err(AUTHPARSE_STATUS_MULTIPART_MISSING_NAME)
            }
            Some(Err(_)) => return Err(AUTHPARSE_STATUS_MALFORMED),
            Some(Ok(part)) => part,
        };
        let view = authparse_multipart_part {
            name: authparse_str::from_slice(part.name),
            has_filename: part.filename.is_some(),
            filename: authparse_str::from_slice(part.filename.unwrap_or_default()),
            has_content_type: part.content_type.is_some(),
            content_type: authparse_str::from_slice(part.content_type.unwrap_or_default()),
            data: authparse_str::from_slice(part.data),
        };
        // SAFETY: checked non-NULL, writable by contract.
        unsafe { put(out, view) };
        Ok(())
    })
}

/// A cursor over RFC 7616 Digest auth-params. Fields are private: use
/// `authparse_digest_iter_init` / `_next`.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct authparse_digest_iter {
    tag: u32,
    storage: [usize; AUTHPARSE_ITER_STORAGE_WORDS],
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
    iter: *mut authparse_digest_iter,
    credentials: *const u8,
    credentials_len: usize,
) -> authparse_status {
    status(|| {
        non_null(iter)?;
        // SAFETY: readable for as long as the iterator is used (contract).
        let credentials: &'static [u8] = unsafe { input(credentials, credentials_len) }?;
        // SAFETY: `iter` is non-NULL and writable.
        unsafe {
            store(
                core::ptr::addr_of_mut!((*iter).storage),
                digest::params(credentials),
            );
            core::ptr::addr_of_mut!((*iter).tag).write(TAG_LIVE);
        }
        Ok(())
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
    iter: *mut authparse_digest_iter,
    out: *mut authparse_digest_param,
) -> authparse_status {
    status(|| {
        non_null(iter)?;
        non_null(out)?;
        // SAFETY: checked non-NULL; readable by contract.
        if unsafe { (*iter).tag } != TAG_LIVE {
            return Err(AUTHPARSE_STATUS_INVALID_ARGUMENT);
        }
        // SAFETY: the tag says `_init` stored a `Params` there, over memory
        // the caller keeps valid.
        let params: &mut Params<'static> =
            unsafe { load(core::ptr::addr_of_mut!((*iter).storage)) };
        // SAFETY: checked non-NULL, writable by contract.
        unsafe { put(out, authparse_digest_param::default()) };
        let param = match params.next() {
            None => return Err(AUTHPARSE_STATUS_DONE),
            Some(Err(e)) => return Err(status_of(e)),
            Some(Ok(p)) => p,
        };
        let view = authparse_digest_param {
            name: authparse_str::from_slice(param.name),
            value: authparse_str::from_slice(param.value),
            quoted: param.quoted,
        };
        // SAFETY: checked non-NULL, writable by contract.
        unsafe { put(out, view) };
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
    param: *const authparse_digest_param,
    buf: *mut u8,
    buf_len: usize,
    out: *mut authparse_str,
    out_needed: *mut usize,
) -> authparse_status {
    if param.is_null() {
        return AUTHPARSE_STATUS_NULL_POINTER;
    }
    if Region::of(param).overlaps(buf, buf_len) {
        return AUTHPARSE_STATUS_BUFFER_OVERLAP;
    }
    // SAFETY: non-NULL, valid by contract.
    let p = unsafe { &*param };
    // SAFETY: the views are readable by contract.
    let (name, value) = match unsafe { (p.name.to_slice(), p.value.to_slice()) } {
        (Ok(n), Ok(v)) => (n, v),
        (Err(status), _) | (_, Err(status)) => return status,
    };
    let core_param = digest::Param {
        name,
        value,
        quoted: p.quoted,
    };
    // SAFETY: the caller's contract for the buffer and out-params.
    unsafe {
        write_call(&[name, value], buf, buf_len, out, out_needed, |b| {
            core_param.unescaped(b).map(authparse_str::from_slice)
        })
    }
}

/// Whether Digest `credentials` are a well-formed RFC 7616 response (params
/// parse, no known one repeats, `username` (or `username*`), `realm`,
/// `nonce`, `uri` and `response` present); the answer goes to `*out`.
///
/// # Safety
/// `credentials` readable (NULL with 0 allowed); `out` writable.
#[no_mangle]
pub unsafe extern "C" fn authparse_digest_is_valid_response(
    credentials: *const u8,
    credentials_len: usize,
    out: *mut bool,
) -> authparse_status {
    status(|| {
        non_null(out)?;
        // SAFETY: readable by contract.
        let c = unsafe { input(credentials, credentials_len) }?;
        // SAFETY: checked non-NULL, writable by contract.
        unsafe { put(out, digest::is_valid_response(c)) };
        Ok(())
    })
}
