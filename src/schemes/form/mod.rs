//! FastAPI's `OAuth2PasswordRequestForm` and `OAuth2PasswordRequestFormStrict`.
//!
//! The body is read as Starlette does: `application/x-www-form-urlencoded`
//! or `multipart/form-data` (media type compared case-insensitively,
//! parameters ignored); any other type is an empty form. The last occurrence
//! of a field wins and an empty value counts as missing. Failures are
//! FastAPI's 422 (pydantic error list) or 400 (form limits), rendered
//! byte-for-byte by [`FormOutcome::write_body`].
//!
//! ```
//! use authparse::form::{FormOutcome, OAuth2PasswordRequestForm};
//! use authparse::Request;
//! let headers = [("content-type", "application/x-www-form-urlencoded")];
//! let req = Request::new(&headers).with_body(b"username=johndoe&password=s%C3%A9cret&scope=me+items");
//! let mut buf = [0u8; 64];
//! match OAuth2PasswordRequestForm::new().extract(&req, &mut buf)? {
//!     FormOutcome::Form(form) => {
//!         assert_eq!((form.username, form.password), ("johndoe", "sécret"));
//!         assert_eq!(form.scopes().collect::<Vec<_>>(), ["me", "items"]);
//!     }
//!     other => panic!("{other:?}"),
//! }
//! # Ok::<(), authparse::Error>(())
//! ```

use core::fmt;

use heapless::Vec;

mod collect;
mod upload;
mod validate;

pub use upload::UploadedFile;

use crate::base::bytes::eq_ignore_ascii_case_lower;
use crate::base::error::Error;
use crate::base::json;
use crate::base::profile::Profile;
use crate::base::sink::Sink;
use crate::codec::scopes;
use crate::model::request::{HeaderField, Request};

/// Starlette's default maximum number of form fields.
pub const DEFAULT_MAX_FIELDS: usize = 1000;
/// Starlette's default maximum size of one field (name + value, raw) or part.
pub const DEFAULT_MAX_FIELD_SIZE: usize = 1024 * 1024;

/// The six fields, in FastAPI's declaration order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum Field {
    /// `grant_type`
    GrantType,
    /// `username`
    Username,
    /// `password`
    Password,
    /// `scope`
    Scope,
    /// `client_id`
    ClientId,
    /// `client_secret`
    ClientSecret,
}

impl Field {
    /// All fields in declaration order.
    pub const ALL: [Field; 6] = [
        Field::GrantType,
        Field::Username,
        Field::Password,
        Field::Scope,
        Field::ClientId,
        Field::ClientSecret,
    ];

    /// The form field name.
    pub const fn name(self) -> &'static str {
        match self {
            Field::GrantType => "grant_type",
            Field::Username => "username",
            Field::Password => "password",
            Field::Scope => "scope",
            Field::ClientId => "client_id",
            Field::ClientSecret => "client_secret",
        }
    }

    const fn index(self) -> usize {
        self as usize
    }

    /// The field's bit in a set of fields.
    const fn bit(self) -> u8 {
        1 << (self as u8)
    }

    /// The field named exactly `name`: a loop over the name table (one
    /// compare per field; a `match` on the six literals took 370 B of
    /// flash at opt-level "z").
    fn by_name(name: &[u8]) -> Option<Field> {
        Field::ALL
            .iter()
            .copied()
            .find(|f| f.name().as_bytes() == name)
    }
}

/// A valid password form. Text is decoded (UTF-8); views point into the body
/// or the caller's buffer. `Debug` shows only `grant_type` and lengths.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct PasswordForm<'o> {
    /// `grant_type` (always `Some("password")` when present).
    pub grant_type: Option<&'o str>,
    /// `username`.
    pub username: &'o str,
    /// `password`.
    pub password: &'o str,
    /// The raw `scope` string (`""` by default); see [`scopes`](Self::scopes).
    pub scope: &'o str,
    /// `client_id`.
    pub client_id: Option<&'o str>,
    /// `client_secret`.
    pub client_secret: Option<&'o str>,
    profile: Profile,
}

impl<'o> PasswordForm<'o> {
    /// FastAPI's `.scopes`: `scope.split()` (FastAPI profile) or the
    /// single-SP-separated tokens (strict).
    pub fn scopes(&self) -> impl Iterator<Item = &'o str> + Clone {
        scopes::split(self.scope, self.profile)
    }

    /// The same form with its text copied into `buf`, field after field, so
    /// that it no longer borrows the body or the decoding buffer (for an
    /// adapter that hands the form out of the frame that read the body). A
    /// short `buf` is [`Error::BufferTooSmall`] with the exact size.
    ///
    /// ```
    /// use authparse::form::{FormOutcome, OAuth2PasswordRequestForm};
    /// use authparse::Request;
    /// let headers = [("content-type", "application/x-www-form-urlencoded")];
    /// let req = Request::new(&headers).with_body(b"username=jo&password=pw&scope=a+b");
    /// let mut scratch = [0u8; 64];
    /// let outcome = OAuth2PasswordRequestForm::new().extract(&req, &mut scratch)?;
    /// let FormOutcome::Form(form) = outcome else { panic!() };
    /// let mut kept = [0u8; 16];
    /// let copy = form.copy_into(&mut kept)?;
    /// assert_eq!((copy.username, copy.password, copy.scope), ("jo", "pw", "a b"));
    /// assert_eq!(copy.scopes().collect::<Vec<_>>(), ["a", "b"]);
    /// assert_eq!(form.copy_into(&mut [0u8; 6]), Err(authparse::Error::BufferTooSmall { needed: 7 }));
    /// # Ok::<(), authparse::Error>(())
    /// ```
    pub fn copy_into<'b>(&self, buf: &'b mut [u8]) -> Result<PasswordForm<'b>, Error> {
        let texts = [
            self.grant_type,
            Some(self.username),
            Some(self.password),
            Some(self.scope),
            self.client_id,
            self.client_secret,
        ];
        let needed = texts
            .iter()
            .flatten()
            .fold(0usize, |n, t| n.saturating_add(t.len()));
        if needed > buf.len() {
            return Err(Error::BufferTooSmall { needed });
        }
        let mut rest = buf;
        let mut copy = |text: Option<&str>| -> Result<Option<&'b str>, Error> {
            let Some(text) = text else { return Ok(None) };
            let (slot, tail) = core::mem::take(&mut rest)
                .split_at_mut_checked(text.len())
                .ok_or(Error::BufferTooSmall { needed })?;
            slot.copy_from_slice(text.as_bytes());
            rest = tail;
            let slot: &'b [u8] = slot;
            core::str::from_utf8(slot)
                .map(Some)
                .map_err(|_| Error::InvalidUtf8)
        };
        Ok(PasswordForm {
            grant_type: copy(self.grant_type)?,
            username: copy(Some(self.username))?.unwrap_or_default(),
            password: copy(Some(self.password))?.unwrap_or_default(),
            scope: copy(Some(self.scope))?.unwrap_or_default(),
            client_id: copy(self.client_id)?,
            client_secret: copy(self.client_secret)?,
            profile: self.profile,
        })
    }
}

impl fmt::Debug for PasswordForm<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PasswordForm")
            .field("grant_type", &self.grant_type)
            .field("username_len", &self.username.len())
            .field("password", &"<redacted>")
            .field("scope_len", &self.scope.len())
            .field("client_id_len", &self.client_id.map(str::len))
            .field("client_secret", &self.client_secret.map(|_| "<redacted>"))
            .finish()
    }
}

#[cfg(feature = "defmt")]
impl defmt::Format for PasswordForm<'_> {
    fn format(&self, f: defmt::Formatter<'_>) {
        defmt::write!(
            f,
            "PasswordForm {{ grant_type: {=bool}, username_len: {=usize}, scope_len: {=usize}, client_id: {=bool}, client_secret: {=bool} }}",
            self.grant_type.is_some(),
            self.username.len(),
            self.scope.len(),
            self.client_id.is_some(),
            self.client_secret.is_some()
        )
    }
}

/// One pydantic validation error of the 422 body.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum FieldError<'o> {
    /// `{"type":"missing",…}`
    Missing(Field),
    /// `grant_type` does not match `^password$`; `input` is the value sent.
    PatternMismatch {
        /// The value that did not match (echoed by FastAPI's 422 body).
        input: &'o str,
    },
    /// `{"type":"string_type",…}`: a multipart file part (`filename=`) was
    /// sent for this text field; FastAPI echoes the upload as `input`.
    NotAString {
        /// The field.
        field: Field,
        /// The file part.
        file: UploadedFile<'o>,
    },
}

impl fmt::Debug for FieldError<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FieldError::Missing(field) => write!(f, "Missing({field:?})"),
            FieldError::PatternMismatch { input } => {
                write!(f, "PatternMismatch({} bytes)", input.len())
            }
            FieldError::NotAString { field, file } => write!(f, "NotAString({field:?}, {file:?})"),
        }
    }
}

#[cfg(feature = "defmt")]
impl defmt::Format for FieldError<'_> {
    /// Like `Debug`: the field, and lengths for what was sent.
    fn format(&self, f: defmt::Formatter<'_>) {
        match self {
            FieldError::Missing(field) => defmt::write!(f, "Missing({})", field),
            FieldError::PatternMismatch { input } => {
                defmt::write!(f, "PatternMismatch({=usize} bytes)", input.len())
            }
            FieldError::NotAString { field, file } => {
                defmt::write!(f, "NotAString({}, {})", field, file)
            }
        }
    }
}

/// Why a form is rejected with a 400.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum Rejection {
    /// More fields than the limit (the configured
    /// [`max_fields`](OAuth2PasswordRequestForm::max_fields)).
    ///
    /// The four limit rejections carry the limit that refused the request
    /// (they were unit variants before; the body then always stated
    /// Starlette's defaults).
    TooManyFields(usize),
    /// More file parts than the limit (multipart; `max_fields` too).
    TooManyFiles(usize),
    /// A urlencoded field (name + value) over the size limit, in bytes.
    FieldTooLarge(usize),
    /// A multipart field's data over the size limit, in bytes.
    PartTooLarge(usize),
    /// `multipart/form-data` without a usable boundary.
    MissingBoundary,
    /// A multipart part without a `Content-Disposition` name.
    MissingPartName,
    /// A body that cannot be parsed.
    Unparsable,
    /// A multipart body python-multipart rejects (bad delimiter, header
    /// bytes or line ends, a boundary over 256 bytes).
    InvalidMultipart,
    /// Strict: a parameter is missing (RFC 6749 `invalid_request`).
    MissingParameter(Field),
    /// Strict: a parameter is repeated (`invalid_request`).
    RepeatedParameter(Field),
    /// Strict: a value is not valid UTF-8 after decoding (`invalid_request`).
    InvalidEncoding,
    /// Strict: the body is not `application/x-www-form-urlencoded` (`invalid_request`).
    UnsupportedContentType,
    /// Strict: `grant_type` is not `password` (`unsupported_grant_type`).
    UnsupportedGrantType,
    /// Strict: `scope` is not RFC 6749 §3.3 syntax (`invalid_scope`).
    InvalidScope,
}

impl Rejection {
    /// FastAPI's `detail` text (FastAPI profile), or the
    /// `error_description` (strict). For the four limit rejections it is the
    /// text before the number; [`limit_text`](Self::limit_text) gives the
    /// number and the rest ([`FormOutcome::write_body`] writes them all).
    ///
    /// ```
    /// use authparse::form::Rejection;
    /// assert_eq!(Rejection::TooManyFields(1).detail(), "Too many fields. Maximum number of fields is ");
    /// assert_eq!(Rejection::FieldTooLarge(2048).limit_text(), Some((2, "KB.")));
    /// ```
    pub const fn detail(self) -> &'static str {
        match self {
            Rejection::TooManyFields(_) => "Too many fields. Maximum number of fields is ",
            Rejection::TooManyFiles(_) => "Too many files. Maximum number of files is ",
            Rejection::FieldTooLarge(_) => "Field exceeded maximum size of ",
            Rejection::PartTooLarge(_) => "Part exceeded maximum size of ",
            Rejection::MissingBoundary => "Missing boundary in multipart.",
            Rejection::MissingPartName => {
                "The Content-Disposition header field \"name\" must be provided."
            }
            Rejection::Unparsable => "There was an error parsing the body",
            Rejection::InvalidMultipart => "Invalid multipart data.",
            Rejection::MissingParameter(_) => "a required parameter is missing",
            Rejection::RepeatedParameter(_) => "a parameter is repeated",
            Rejection::InvalidEncoding => "a parameter is not valid UTF-8",
            Rejection::UnsupportedContentType => {
                "the body must be application/x-www-form-urlencoded"
            }
            Rejection::UnsupportedGrantType => "grant_type must be password",
            Rejection::InvalidScope => "scope is not a space-separated list of scope tokens",
        }
    }

    /// The number a limit rejection states after [`detail`](Self::detail),
    /// and the text after it: the count, or the size in KB rounded down as
    /// Starlette's `int(max_part_size / 1024)` (the same for every limit
    /// under 2^53 bytes). `None` for the other rejections.
    pub const fn limit_text(self) -> Option<(usize, &'static str)> {
        match self {
            Rejection::TooManyFields(n) | Rejection::TooManyFiles(n) => Some((n, ".")),
            Rejection::FieldTooLarge(n) | Rejection::PartTooLarge(n) => Some((n / 1024, "KB.")),
            _ => None,
        }
    }

    /// The RFC 6749 §5.2 `error` code of a strict rejection.
    pub const fn oauth_error(self) -> &'static str {
        match self {
            Rejection::UnsupportedGrantType => "unsupported_grant_type",
            Rejection::InvalidScope => "invalid_scope",
            _ => "invalid_request",
        }
    }
}

/// The decision on a password form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FormOutcome<'o> {
    /// The form is valid.
    Form(PasswordForm<'o>),
    /// 422 with pydantic's error list (in field order, at most one per field).
    Invalid(Vec<FieldError<'o>, 6>),
    /// 400: a form limit (FastAPI) or an RFC 6749 error (strict).
    Rejected(Rejection, Profile),
}

#[cfg(feature = "defmt")]
impl defmt::Format for FormOutcome<'_> {
    /// Like `Debug`: the form's lengths, the 422 errors, or the rejection.
    fn format(&self, f: defmt::Formatter<'_>) {
        match self {
            FormOutcome::Form(form) => defmt::write!(f, "Form({})", form),
            FormOutcome::Invalid(errors) => defmt::write!(f, "Invalid({})", errors.as_slice()),
            FormOutcome::Rejected(rejection, profile) => {
                defmt::write!(f, "Rejected({}, {})", rejection, profile)
            }
        }
    }
}

impl FormOutcome<'_> {
    /// 200, 422 or 400.
    pub fn status(&self) -> u16 {
        match self {
            FormOutcome::Form(_) => 200,
            FormOutcome::Invalid(_) => 422,
            FormOutcome::Rejected(..) => 400,
        }
    }

    /// Writes the failure's JSON body exactly as FastAPI (or, strict,
    /// RFC 6749 §5.2) sends it; a valid form has no body to write (`""`).
    ///
    /// ```
    /// use authparse::form::{Field, FieldError, FormOutcome};
    /// let invalid = FormOutcome::Invalid([FieldError::Missing(Field::Username)].into_iter().collect());
    /// let mut buf = [0u8; 128];
    /// assert_eq!(
    ///     invalid.write_body(&mut buf)?,
    ///     r#"{"detail":[{"type":"missing","loc":["body","username"],"msg":"Field required","input":null}]}"#
    /// );
    /// # Ok::<(), authparse::Error>(())
    /// ```
    pub fn write_body<'b>(&self, buf: &'b mut [u8]) -> Result<&'b str, Error> {
        let mut out = Sink::new(buf);
        match self {
            FormOutcome::Form(_) => {}
            FormOutcome::Invalid(errors) => {
                let mut sep: &[u8] = b"{\"detail\":[";
                for error in errors {
                    out.extend(sep);
                    sep = b",";
                    write_field_error(&mut out, error);
                }
                if errors.is_empty() {
                    out.extend(sep);
                }
                out.extend(b"]}");
            }
            FormOutcome::Rejected(rejection, profile) => {
                // FastAPI: `{"detail":…}`; strict: `{"error":"…","error_description":…}`.
                out.extend(b"{\"");
                if *profile == Profile::Strict {
                    out.extend(b"error\":\"");
                    out.extend(rejection.oauth_error().as_bytes());
                    out.extend(b"\",\"error_description");
                } else {
                    out.extend(b"detail");
                }
                out.extend(b"\":\"");
                json::escaped(&mut out, rejection.detail());
                if let Some((n, rest)) = rejection.limit_text() {
                    out.decimal(n);
                    out.extend(rest.as_bytes());
                }
                out.extend(b"\"}");
            }
        }
        core::str::from_utf8(out.into_written()?).map_err(|_| Error::InvalidUtf8)
    }
}

/// One pydantic error object: the pieces common to the three kinds written
/// once, with the kind's type, field, message and `input`.
fn write_field_error(out: &mut Sink<'_>, error: &FieldError<'_>) {
    let (kind, field, msg): (&[u8], Field, &[u8]) = match error {
        FieldError::Missing(field) => (b"missing", *field, b"Field required"),
        FieldError::PatternMismatch { .. } => (
            b"string_pattern_mismatch",
            Field::GrantType,
            b"String should match pattern '^password$'",
        ),
        FieldError::NotAString { field, .. } => {
            (b"string_type", *field, b"Input should be a valid string")
        }
    };
    out.extend(b"{\"type\":\"");
    out.extend(kind);
    out.extend(b"\",\"loc\":[\"body\",\"");
    out.extend(field.name().as_bytes());
    out.extend(b"\"],\"msg\":\"");
    out.extend(msg);
    out.extend(b"\",\"input\":");
    match error {
        FieldError::Missing(_) => out.extend(b"null"),
        FieldError::PatternMismatch { input } => {
            json::string(out, input);
            out.extend(b",\"ctx\":{\"pattern\":\"^password$\"}");
        }
        FieldError::NotAString { file, .. } => file.write_json(out),
    }
    out.extend(b"}");
}

/// `OAuth2PasswordRequestForm` (and, via [`OAuth2PasswordRequestFormStrict`],
/// its strict variant), with Starlette's form limits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OAuth2PasswordRequestForm {
    grant_type_required: bool,
    profile: Profile,
    max_fields: usize,
    max_field_size: usize,
}

/// `OAuth2PasswordRequestFormStrict`: `grant_type` is required.
///
/// ```
/// use authparse::form::{OAuth2PasswordRequestFormStrict, FormOutcome};
/// use authparse::Request;
/// let headers = [("content-type", "application/x-www-form-urlencoded")];
/// let req = Request::new(&headers).with_body(b"username=u&password=p");
/// let mut buf = [0u8; 16];
/// let outcome = OAuth2PasswordRequestFormStrict::new().extract(&req, &mut buf)?;
/// assert_eq!(outcome.status(), 422);
/// # Ok::<(), authparse::Error>(())
/// ```
#[derive(Clone, Copy, Debug)]
pub struct OAuth2PasswordRequestFormStrict;

impl OAuth2PasswordRequestFormStrict {
    /// The form with `grant_type` required.
    #[allow(clippy::new_ret_no_self)]
    pub const fn new() -> OAuth2PasswordRequestForm {
        OAuth2PasswordRequestForm {
            grant_type_required: true,
            ..OAuth2PasswordRequestForm::new()
        }
    }
}

impl Default for OAuth2PasswordRequestForm {
    fn default() -> Self {
        Self::new()
    }
}

impl OAuth2PasswordRequestForm {
    /// `OAuth2PasswordRequestForm`: `grant_type` optional.
    pub const fn new() -> Self {
        OAuth2PasswordRequestForm {
            grant_type_required: false,
            profile: Profile::FastApi,
            max_fields: DEFAULT_MAX_FIELDS,
            max_field_size: DEFAULT_MAX_FIELD_SIZE,
        }
    }

    /// Chooses the profile. Strict follows RFC 6749 §4.3.2: urlencoded only,
    /// `grant_type=password` required, no repeated parameter, WHATWG decoding,
    /// RFC 6749 §3.3 scope syntax; failures are 400 with an RFC 6749 error body.
    pub const fn profile(mut self, profile: Profile) -> Self {
        self.profile = profile;
        self
    }

    /// Overrides Starlette's limit of 1000 fields. In a multipart body the
    /// same limit also bounds the file parts, counted apart (FastAPI's
    /// `max_files` and `max_fields` are both 1000): more of either is
    /// [`Rejection::TooManyFiles`] / [`Rejection::TooManyFields`] stating it.
    pub const fn max_fields(mut self, max: usize) -> Self {
        self.max_fields = max;
        self
    }

    /// Overrides Starlette's limit of 1 MiB per field.
    pub const fn max_field_size(mut self, max: usize) -> Self {
        self.max_field_size = max;
        self
    }

    /// Whether `grant_type` is required (the Strict class).
    pub const fn get_grant_type_required(&self) -> bool {
        self.grant_type_required
    }

    /// The configured profile.
    pub const fn get_profile(&self) -> Profile {
        self.profile
    }

    /// Reads and validates the form in `req`'s body. Decoded text goes into
    /// `buf` (twice the body length always suffices); a short buffer is
    /// [`Error::BufferTooSmall`] with the exact size.
    #[inline(always)]
    pub fn extract<'r: 'o, 'o, H: HeaderField>(
        &self,
        req: &Request<'r, H>,
        buf: &'o mut [u8],
    ) -> Result<FormOutcome<'o>, Error> {
        // A small wrapper, always inlined: the outcome is built where the
        // caller keeps it, and the 422 list is written in place rather than
        // copied up through the frames below (the form's stack budget).
        let mut outcome = Ok(FormOutcome::Invalid(heapless::Vec::new()));
        let content_type = req.content_type().unwrap_or_default();
        self.extract_into(content_type, req.body(), buf, &mut outcome);
        outcome
    }

    /// [`extract`](Self::extract) once the header is found: one copy for
    /// every header type.
    #[inline(never)]
    fn extract_into<'r: 'o, 'o>(
        &self,
        content_type: &'r [u8],
        body: &'r [u8],
        buf: &'o mut [u8],
        out: &mut Result<FormOutcome<'o>, Error>,
    ) {
        // The two usual Content-Types are told by one compare each (64-bit
        // targets); any other is cut to its media type and compared.
        let exact = collect::is_exactly_urlencoded(content_type);
        let multipart = !exact && collect::is_plain_multipart(content_type);
        let media = if exact || multipart {
            &[]
        } else {
            collect::media_type(content_type)
        };
        let mut collected = collect::Collected::NONE;
        let read = if exact || eq_ignore_ascii_case_lower(media, collect::URLENCODED) {
            self.collect_urlencoded(body, &mut collected)
        } else if self.profile == Profile::Strict {
            Err(Rejection::UnsupportedContentType)
        } else if multipart || eq_ignore_ascii_case_lower(media, collect::MULTIPART) {
            Self::multipart_options(content_type).and_then(|(boundary, charset)| {
                collected.charset = charset;
                let read = self.collect_multipart(body, boundary, &mut collected);
                collected.drop_empty_files();
                read
            })
        } else {
            Ok(())
        };
        match read {
            Ok(()) => self.validate(&collected, buf, out),
            Err(rejection) => *out = Ok(FormOutcome::Rejected(rejection, self.profile)),
        }
    }
}
