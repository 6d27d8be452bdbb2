//! What the fuzz targets share: how an input is cut into fields, the
//! invariant checks (views, exact buffer sizes) and plain transcriptions of
//! the Python code FastAPI runs, used as differential references.
//!
//! The references are written from CPython's and Starlette's sources, line
//! by line, over owned values; they are deliberately naive and share no code
//! with the crate they check.

pub mod reference;

use authparse::form::{OAuth2PasswordRequestForm, OAuth2PasswordRequestFormStrict, PasswordForm};
use authparse::{Error, Profile};

/// Separates the fields of a fuzz input. `FE FF` never occurs in UTF-8, so
/// textual fields cannot contain it by accident; single bytes `FE` or `FF`
/// (Latin-1 `þ`, `ÿ`) still can.
pub const SEP: &[u8] = b"\xfe\xff";

/// A fuzz input: one byte of flags, then fields separated by [`SEP`].
pub struct Input<'a> {
    /// The first byte (0 when the input is empty).
    pub flags: u8,
    fields: Vec<&'a [u8]>,
}

impl<'a> Input<'a> {
    /// Cuts `data` (see the type's docs).
    pub fn new(data: &'a [u8]) -> Self {
        let (flags, rest) = match data.split_first() {
            Some((&f, rest)) => (f, rest),
            None => (0, data),
        };
        let mut fields = Vec::new();
        let mut rest = rest;
        while let Some(i) = rest.windows(SEP.len()).position(|w| w == SEP) {
            fields.push(&rest[..i]);
            rest = &rest[i + SEP.len()..];
        }
        fields.push(rest);
        Input { flags, fields }
    }

    /// Field `i` (empty when there are fewer).
    pub fn field(&self, i: usize) -> &'a [u8] {
        self.fields.get(i).copied().unwrap_or_default()
    }

    /// Field `i` as text: the field when it is UTF-8, otherwise its Latin-1
    /// reading (configuration strings must be `&str`).
    pub fn text(&self, i: usize) -> std::borrow::Cow<'a, str> {
        let f = self.field(i);
        match std::str::from_utf8(f) {
            Ok(s) => s.into(),
            Err(_) => f.iter().map(|&b| char::from(b)).collect::<String>().into(),
        }
    }

    /// All fields.
    pub fn fields(&self) -> &[&'a [u8]] {
        &self.fields
    }

    /// Bit `n` of the flags.
    pub fn bit(&self, n: u8) -> bool {
        self.flags >> n & 1 == 1
    }
}

/// An address range: where a slice was, usable after the slice is lent out.
#[derive(Clone, Copy, Debug)]
pub struct Span(usize, usize);

impl Span {
    /// The range `bytes` covers.
    pub fn of(bytes: &[u8]) -> Span {
        Span(
            bytes.as_ptr() as usize,
            bytes.as_ptr() as usize + bytes.len(),
        )
    }
}

impl From<&[u8]> for Span {
    fn from(bytes: &[u8]) -> Span {
        Span::of(bytes)
    }
}

impl From<&mut [u8]> for Span {
    fn from(bytes: &mut [u8]) -> Span {
        Span::of(bytes)
    }
}

/// Whether `part` lies inside `whole` (an empty view may point anywhere).
pub fn inside(part: &[u8], whole: impl Into<Span>) -> bool {
    let Span(start, end) = whole.into();
    let p = part.as_ptr() as usize;
    part.is_empty() || (p >= start && p + part.len() <= end)
}

/// Whether `part` lies inside one of `wholes`.
pub fn inside_any(part: &[u8], wholes: &[Span]) -> bool {
    wholes.iter().any(|&w| inside(part, w))
}

/// Checks that a buffer-writing call reports its exact size: `run` is called
/// with buffers of several sizes and returns its output as owned bytes.
///
/// - With a buffer of `big` bytes, whatever `run` answers is the reference.
/// - If that is `Ok`, an empty buffer either gives the same answer (the
///   output is a view of the input) or `BufferTooSmall { needed }`; then a
///   buffer of exactly `needed` gives the same answer, and one byte less
///   gives `BufferTooSmall` with the same `needed`.
/// - If it is an error other than `BufferTooSmall`, no buffer size makes it
///   succeed.
///
/// Returns the reference answer.
pub fn check_needed(
    big: usize,
    mut run: impl FnMut(&mut [u8]) -> Result<Vec<u8>, Error>,
) -> Result<Vec<u8>, Error> {
    let mut buf = vec![0u8; big];
    let reference = run(&mut buf);
    match &reference {
        Ok(out) => match run(&mut []) {
            Ok(empty) => assert_eq!(&empty, out, "the answer depends on the buffer"),
            Err(Error::BufferTooSmall { needed }) => {
                assert!(needed > 0 && needed <= big, "needed {needed} of {big}");
                let mut exact = vec![0u8; needed];
                assert_eq!(
                    run(&mut exact).as_ref(),
                    Ok(out),
                    "exactly `needed` bytes fail"
                );
                let mut short = vec![0u8; needed - 1];
                assert_eq!(
                    run(&mut short),
                    Err(Error::BufferTooSmall { needed }),
                    "one byte less than `needed`"
                );
            }
            Err(e) => panic!("empty buffer gave {e:?}, a big one succeeded"),
        },
        Err(Error::BufferTooSmall { needed }) => {
            panic!("{big} bytes are not enough: {needed} needed")
        }
        Err(_) => {
            for len in [0, big / 2] {
                let mut b = vec![0u8; len];
                assert!(run(&mut b).is_err(), "an error became a success");
            }
        }
    }
    reference
}

/// One of the two password-form classes (`strict`:
/// `OAuth2PasswordRequestFormStrict`, else `OAuth2PasswordRequestForm`) in
/// `profile`.
pub fn form_class(strict: bool, profile: Profile) -> OAuth2PasswordRequestForm {
    let class = if strict {
        OAuth2PasswordRequestFormStrict::new()
    } else {
        OAuth2PasswordRequestForm::new()
    };
    class.profile(profile)
}

/// A valid form's six fields in FastAPI's order: `grant_type`, `username`,
/// `password`, `scope`, `client_id`, `client_secret`.
pub fn form_fields<'o>(f: &PasswordForm<'o>) -> [Option<&'o str>; 6] {
    [
        f.grant_type,
        Some(f.username),
        Some(f.password),
        Some(f.scope),
        f.client_id,
        f.client_secret,
    ]
}

/// Helpers for calling the C entry points from the fuzz targets.
pub mod abi {
    use authparse_ffi::*;

    /// The bytes an output view points to.
    ///
    /// # Safety
    /// The view must come from an entry point whose input and buffer are alive.
    pub unsafe fn bytes<'a>(s: &authparse_str) -> &'a [u8] {
        if s.is_empty() {
            &[]
        } else {
            // SAFETY: the caller's contract.
            unsafe { std::slice::from_raw_parts(s.ptr(), s.len()) }
        }
    }

    /// An input view of `b`.
    pub fn view(b: &[u8]) -> authparse_str {
        authparse_str::from_slice(b)
    }

    /// A C call that writes into a caller buffer:
    /// `call(buf, buf_len, out, out_needed)`.
    pub type Buffered<'f> =
        dyn FnMut(*mut u8, usize, *mut authparse_str, *mut usize) -> authparse_status + 'f;

    /// Runs a buffered call the way `check_needed` does for Rust: with `big`
    /// bytes; then, if that succeeded, with none, exactly `*out_needed` and
    /// one byte less. Checks that `*out_needed` is 0 unless the status is
    /// `BUFFER_TOO_SMALL`, that the result views lie in the buffer or one of
    /// `inputs`, and that a call that succeeds refuses a buffer overlapping
    /// the first non-empty input with `BUFFER_OVERLAP`. Returns the status and the output bytes.
    pub fn buffered(
        big: usize,
        inputs: &[&[u8]],
        call: &mut Buffered<'_>,
    ) -> (authparse_status, Vec<u8>) {
        let mut run = |len: usize| -> (authparse_status, Option<Vec<u8>>, usize) {
            let mut buf = vec![0u8; len];
            let mut out = authparse_str::EMPTY;
            let mut needed = usize::MAX;
            let ptr = if len == 0 {
                std::ptr::null_mut()
            } else {
                buf.as_mut_ptr()
            };
            let status = call(ptr, len, &mut out, &mut needed);
            if status != AUTHPARSE_STATUS_BUFFER_TOO_SMALL {
                assert_eq!(needed, 0, "out_needed not 0 for status {status}");
            }
            if status != AUTHPARSE_STATUS_OK {
                return (status, None, needed);
            }
            // SAFETY: the buffer and inputs are alive.
            let got = unsafe { bytes(&out) };
            assert!(
                crate::inside(got, &buf[..]) || inputs.iter().any(|i| crate::inside(got, *i)),
                "view outside the buffer and the inputs"
            );
            (status, Some(got.to_vec()), needed)
        };
        let (status, out, needed) = run(big);
        assert_ne!(
            status, AUTHPARSE_STATUS_BUFFER_TOO_SMALL,
            "{big} bytes not enough ({needed})"
        );
        if let Some(out) = &out {
            let (s0, o0, n0) = run(0);
            match s0 {
                AUTHPARSE_STATUS_OK => assert_eq!(o0.as_ref(), Some(out)),
                AUTHPARSE_STATUS_BUFFER_TOO_SMALL => {
                    assert!(n0 > 0 && n0 <= big);
                    let (s1, o1, _) = run(n0);
                    assert_eq!(
                        (s1, o1.as_ref()),
                        (AUTHPARSE_STATUS_OK, Some(out)),
                        "exactly `needed`"
                    );
                    let (s2, _, n2) = run(n0 - 1);
                    assert_eq!(
                        (s2, n2),
                        (AUTHPARSE_STATUS_BUFFER_TOO_SMALL, n0),
                        "one byte less"
                    );
                    // out_needed may be NULL.
                    let mut out = authparse_str::EMPTY;
                    let s3 = call(std::ptr::null_mut(), 0, &mut out, std::ptr::null_mut());
                    assert_eq!(s3, AUTHPARSE_STATUS_BUFFER_TOO_SMALL);
                }
                other => panic!("empty buffer: status {other}"),
            }
        }
        let first = inputs.iter().find(|i| !i.is_empty());
        if let (Some(first), AUTHPARSE_STATUS_OK) = (first, status) {
            let mut out = authparse_str::EMPTY;
            let mut needed = 0usize;
            // Not written to: the overlap is detected before the buffer is used.
            let s = call(
                first.as_ptr() as *mut u8,
                first.len(),
                &mut out,
                &mut needed,
            );
            assert_eq!(s, AUTHPARSE_STATUS_BUFFER_OVERLAP, "overlap not detected");
        }
        // A failed call zeroes every out-param (the header's convention), so
        // the probes above cleared what the caller's closure writes besides
        // the buffer (an outcome, a form result): end with the first call
        // again, which must answer the same, so the caller checks its result.
        let mut buf = vec![0u8; big.max(1)];
        let mut view_again = authparse_str::EMPTY;
        let mut needed = 0usize;
        let again = call(buf.as_mut_ptr(), big, &mut view_again, &mut needed);
        assert_eq!(again, status, "a repeated call answers alike");
        if let Some(out) = &out {
            // SAFETY: the buffer and inputs are alive.
            let got = unsafe { bytes(&view_again) };
            assert_eq!(got, &out[..], "a repeated call answers alike");
        }
        (status, out.unwrap_or_default())
    }

    /// The C status of a core result.
    pub fn status_of<T>(r: &Result<T, authparse::Error>) -> authparse_status {
        match r {
            Ok(_) => AUTHPARSE_STATUS_OK,
            Err(e) => e.code(),
        }
    }
}
