//! The request view: header lines, query and body, all borrowed.

use authparse_core::{HeaderField, Request};

use crate::abi::{run, Given, Out, Ptr, Region};
use crate::base::*;

/// One header line: a name and a raw value (no NUL terminators needed).
///
/// Names are matched ASCII case-insensitively. Values are used as given (not
/// trimmed). Both views must stay valid for the duration of the call, and
/// longer where an output view points into them.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct authparse_header {
    pub(crate) name: authparse_str,
    pub(crate) value: authparse_str,
}

impl authparse_header {
    /// A header line from two views.
    ///
    /// # Safety
    /// Each view must be empty or point to `len` readable bytes that outlive
    /// every use of this header.
    pub const unsafe fn new(name: authparse_str, value: authparse_str) -> Self {
        authparse_header { name, value }
    }
}

/// A header line the caller handed over; [`request`] checked its views.
impl HeaderField for Given<'_, authparse_header> {
    fn name(&self) -> &[u8] {
        self.part(|h| &h.name).lossy()
    }

    fn value(&self) -> &[u8] {
        self.part(|h| &h.value).lossy()
    }
}

/// The parts of a request that authentication reads, all borrowed.
///
/// `headers` points to `header_count` header lines in arrival order (NULL
/// when the count is 0); `query` is the raw query string (after `?`, without
/// `#…`), `body` the raw body. Nothing is copied or kept after the call.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct authparse_request {
    headers: *const authparse_header,
    header_count: usize,
    query: authparse_str,
    body: authparse_str,
}

impl authparse_request {
    /// A request view.
    ///
    /// # Safety
    /// `headers` must point to `header_count` initialised header lines (or be
    /// NULL with 0), and every view must be readable for as long as the
    /// request is used.
    pub const unsafe fn new(
        headers: *const authparse_header, header_count: usize, query: authparse_str,
        body: authparse_str,
    ) -> Self {
        authparse_request {
            headers,
            header_count,
            query,
            body,
        }
    }
}

/// The core request behind a C request pointer, every view checked (NULL
/// with a length is NULL_POINTER).
pub(crate) type CRequest<'a> = Request<'a, Given<'a, authparse_header>>;

/// The checked core request of `req`.
pub(crate) fn request<'a>(
    req: &Ptr<'a, authparse_request>,
) -> Result<CRequest<'a>, authparse_status> {
    let req = req.get()?;
    let headers = req.array(|r| (r.headers, r.header_count))?;
    for h in headers {
        h.part(|h| &h.name).get()?;
        h.part(|h| &h.value).get()?;
    }
    let query = req.part(|r| &r.query).get()?;
    let body = req.part(|r| &r.body).get()?;
    Ok(Request::new(headers).with_query(query).with_body(body))
}

/// What a call reads of a request: the struct, its header array, every
/// header name and value, the query and the body.
pub(crate) fn request_regions<'r>(
    ptr: &Ptr<'_, authparse_request>, req: &'r CRequest<'_>,
) -> impl Iterator<Item = Region> + 'r {
    let headers = req.headers();
    [
        ptr.region(),
        Region::array(headers.as_ptr(), headers.len()),
        Region::bytes(req.query()),
        Region::bytes(req.body()),
    ]
    .into_iter()
    .chain(
        headers
            .iter()
            .flat_map(|h| [Region::bytes(h.name()), Region::bytes(h.value())]),
    )
}

/// The first value of header `name` (matched ASCII case-insensitively), as
/// Starlette's `headers.get`.
///
/// On `AUTHPARSE_STATUS_OK`, `*out_value` points into the request's header
/// value; `AUTHPARSE_STATUS_NOT_FOUND` when no line has that name.
///
/// # Safety
/// `req` must point to a valid request; `name` to `name_len` readable bytes
/// (or be NULL with 0); `out_value` must be writable.
#[no_mangle]
pub unsafe extern "C" fn authparse_request_find_header(
    req: *const authparse_request, name: *const u8, name_len: usize, out_value: *mut authparse_str,
) -> authparse_status {
    // SAFETY: the pointers are as `# Safety` above requires.
    let (req, name, out_value) = unsafe {
        (
            Ptr::new(req),
            Given::view(name, name_len),
            Out::new(out_value),
        )
    };
    run(|| {
        out_value.required()?;
        let (req, name) = (request(&req)?, name.get()?);
        out_value.set(view(req.first(name).ok_or(AUTHPARSE_STATUS_NOT_FOUND)?));
        Ok(())
    })
}
