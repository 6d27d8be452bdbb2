//! A borrowed view of the parts of a request that authentication reads.
//!
//! The crate never owns a request: [`Request`] holds the header lines in
//! arrival order (any type implementing [`HeaderField`], so an `httparse`
//! header array works without copying), the raw query string and the body.
//!
//! ```
//! use authparse::Request;
//! let headers = [("Authorization", &b"Bearer tok"[..]), ("Cookie", b"a=1")];
//! let req = Request::new(&headers).with_query(b"key=x");
//! assert_eq!(req.first(b"authorization"), Some(&b"Bearer tok"[..]));
//! assert_eq!(req.query(), b"key=x");
//! ```

/// One header line: a name and a raw value.
///
/// Implemented for `(&[u8], &[u8])`, `(&str, &[u8])`, `(&str, &str)`, and,
/// with the `httparse` feature, for `httparse::Header`.
pub trait HeaderField {
    /// The field name as sent (matched ASCII case-insensitively).
    fn name(&self) -> &[u8];
    /// The raw field value.
    fn value(&self) -> &[u8];
}

impl HeaderField for (&[u8], &[u8]) {
    fn name(&self) -> &[u8] {
        self.0
    }
    fn value(&self) -> &[u8] {
        self.1
    }
}

impl HeaderField for (&str, &[u8]) {
    fn name(&self) -> &[u8] {
        self.0.as_bytes()
    }
    fn value(&self) -> &[u8] {
        self.1
    }
}

impl HeaderField for (&str, &str) {
    fn name(&self) -> &[u8] {
        self.0.as_bytes()
    }
    fn value(&self) -> &[u8] {
        self.1.as_bytes()
    }
}

#[cfg(feature = "httparse")]
impl HeaderField for httparse::Header<'_> {
    fn name(&self) -> &[u8] {
        self.name.as_bytes()
    }
    fn value(&self) -> &[u8] {
        self.value
    }
}

/// The request parts authentication looks at, all borrowed.
///
/// Header names are matched ASCII case-insensitively: that is what FastAPI
/// sees behind an ASGI server, which lower-cases names. Values are not
/// trimmed; strip the surrounding OWS as your HTTP parser does (uvicorn's h11
/// strips SP and HTAB) if you want to match a uvicorn deployment byte for byte.
#[derive(Clone, Copy)]
pub struct Request<'r, H = (&'r [u8], &'r [u8])> {
    headers: &'r [H],
    query: &'r [u8],
    body: &'r [u8],
}

impl<'r, H: HeaderField> Request<'r, H> {
    /// A request with these header lines (arrival order), no query and no body.
    pub const fn new(headers: &'r [H]) -> Self {
        Request {
            headers,
            query: &[],
            body: &[],
        }
    }

    /// Sets the raw query string (the bytes after `?`, without the `#` part).
    pub const fn with_query(mut self, query: &'r [u8]) -> Self {
        self.query = query;
        self
    }

    /// Sets the raw request body.
    pub const fn with_body(mut self, body: &'r [u8]) -> Self {
        self.body = body;
        self
    }

    /// The header lines in arrival order.
    pub const fn headers(&self) -> &'r [H] {
        self.headers
    }

    /// The raw query string.
    pub const fn query(&self) -> &'r [u8] {
        self.query
    }

    /// The raw body.
    pub const fn body(&self) -> &'r [u8] {
        self.body
    }

    /// Every value of header `name`, in arrival order (`.rev()` for the
    /// latest first).
    pub fn all<'n>(&self, name: &'n [u8]) -> impl DoubleEndedIterator<Item = &'r [u8]> + Clone + 'n
    where
        'r: 'n,
    {
        self.headers
            .iter()
            .filter(move |h| crate::base::bytes::eq_ignore_ascii_case(h.name(), name))
            .map(HeaderField::value)
    }

    /// The first value of header `name` (Starlette's `headers.get`).
    #[inline]
    pub fn first(&self, name: &[u8]) -> Option<&'r [u8]> {
        // A plain loop, not `all(name).next()`: on bare metal at opt-level
        // "z" the adapter chain stays out of line and deepens every lookup.
        for header in self.headers {
            if crate::base::bytes::eq_ignore_ascii_case(header.name(), name) {
                return Some(header.value());
            }
        }
        None
    }

    /// The first value of header `name`, and whether another line of that
    /// name follows it: one pass over the headers. Inlined on 64-bit
    /// targets, where a literal `name` folds into the compare.
    #[cfg_attr(target_pointer_width = "64", inline)]
    pub(crate) fn first_and_repeated(&self, name: &[u8]) -> (Option<&'r [u8]>, bool) {
        let mut first = None;
        for header in self.headers {
            if crate::base::bytes::eq_ignore_ascii_case(header.name(), name) {
                if first.is_some() {
                    return (first, true);
                }
                first = Some(header.value());
            }
        }
        (first, false)
    }

    /// Whether header `name` occurs more than once.
    pub fn is_repeated(&self, name: &[u8]) -> bool {
        self.all(name).nth(1).is_some()
    }

    /// The `Content-Type` value, if any (first line).
    pub fn content_type(&self) -> Option<&'r [u8]> {
        self.first(b"content-type")
    }
}

impl<H> core::fmt::Debug for Request<'_, H> {
    /// Shows only sizes: header values and bodies may hold credentials.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Request")
            .field("headers", &self.headers.len())
            .field("query_len", &self.query.len())
            .field("body_len", &self.body.len())
            .finish()
    }
}

#[cfg(feature = "defmt")]
impl<H> defmt::Format for Request<'_, H> {
    fn format(&self, f: defmt::Formatter<'_>) {
        defmt::write!(
            f,
            "Request {{ headers: {=usize}, query_len: {=usize}, body_len: {=usize} }}",
            self.headers.len(),
            self.query.len(),
            self.body.len()
        )
    }
}
