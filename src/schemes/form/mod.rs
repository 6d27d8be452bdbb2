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

mod upload;

pub use upload::UploadedFile;

use crate::base::error::Error;
use crate::base::json;
use crate::base::profile::Profile;
use crate::base::sink::Sink;
use crate::base::whitespace::trim_ows;
use crate::codec::multipart::{self, Charset, Ending, Event};
use crate::codec::scopes;
use crate::codec::urlencoded::{self, component_eq, component_eq_strict};
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

    /// The field named exactly `name`.
    fn by_name(name: &[u8]) -> Option<Field> {
        match name {
            b"grant_type" => Some(Field::GrantType),
            b"username" => Some(Field::Username),
            b"password" => Some(Field::Password),
            b"scope" => Some(Field::Scope),
            b"client_id" => Some(Field::ClientId),
            b"client_secret" => Some(Field::ClientSecret),
            _ => None,
        }
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

/// Why a form is rejected with a 400.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum Rejection {
    /// More fields than the limit.
    TooManyFields,
    /// More file parts than the limit (multipart).
    TooManyFiles,
    /// A urlencoded field (name + value) over the size limit.
    FieldTooLarge,
    /// A multipart field's data over the size limit.
    PartTooLarge,
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
    /// `error_description` (strict).
    pub const fn detail(self) -> &'static str {
        match self {
            Rejection::TooManyFields => "Too many fields. Maximum number of fields is 1000.",
            Rejection::TooManyFiles => "Too many files. Maximum number of files is 1000.",
            Rejection::FieldTooLarge => "Field exceeded maximum size of 1024KB.",
            Rejection::PartTooLarge => "Part exceeded maximum size of 1024KB.",
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
                out.extend(b"{\"detail\":[");
                for (i, error) in errors.iter().enumerate() {
                    if i > 0 {
                        out.push(b',');
                    }
                    write_field_error(&mut out, error);
                }
                out.extend(b"]}");
            }
            FormOutcome::Rejected(rejection, Profile::FastApi) => {
                out.extend(b"{\"detail\":");
                json::string(&mut out, rejection.detail());
                out.push(b'}');
            }
            FormOutcome::Rejected(rejection, Profile::Strict) => {
                out.extend(b"{\"error\":");
                json::string(&mut out, rejection.oauth_error());
                out.extend(b",\"error_description\":");
                json::string(&mut out, rejection.detail());
                out.push(b'}');
            }
        }
        core::str::from_utf8(out.into_written()?).map_err(|_| Error::InvalidUtf8)
    }
}

fn write_field_error(out: &mut Sink<'_>, error: &FieldError<'_>) {
    match error {
        FieldError::Missing(field) => {
            out.extend(b"{\"type\":\"missing\",\"loc\":[\"body\",\"");
            out.extend(field.name().as_bytes());
            out.extend(b"\"],\"msg\":\"Field required\",\"input\":null}");
        }
        FieldError::PatternMismatch { input } => {
            out.extend(
                b"{\"type\":\"string_pattern_mismatch\",\"loc\":[\"body\",\"grant_type\"],\
                  \"msg\":\"String should match pattern '^password$'\",\"input\":",
            );
            json::string(out, input);
            out.extend(b",\"ctx\":{\"pattern\":\"^password$\"}}");
        }
        FieldError::NotAString { field, file } => {
            out.extend(b"{\"type\":\"string_type\",\"loc\":[\"body\",\"");
            out.extend(field.name().as_bytes());
            out.extend(b"\"],\"msg\":\"Input should be a valid string\",\"input\":");
            file.write_json(out);
            out.push(b'}');
        }
    }
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

/// A chosen field value, still encoded.
#[derive(Clone, Copy)]
enum Raw<'r> {
    Urlencoded(&'r [u8]),
    UrlencodedStrict(&'r [u8]),
    Multipart(&'r [u8], Charset),
    /// A file part: never text, never empty.
    File(UploadedFile<'r>),
}

impl<'r> Raw<'r> {
    fn bytes(self) -> &'r [u8] {
        match self {
            Raw::Urlencoded(b) | Raw::UrlencodedStrict(b) | Raw::Multipart(b, _) => b,
            Raw::File(file) => file.part,
        }
    }

    /// Whether the value counts as missing: empty text (never a file).
    fn is_empty_text(self) -> bool {
        !matches!(self, Raw::File(_)) && self.bytes().is_empty()
    }

    /// Whether Starlette reads these multipart bytes as Latin-1.
    fn latin1(b: &[u8], charset: Charset) -> bool {
        charset == Charset::Latin1 && !b.is_ascii() || core::str::from_utf8(b).is_err()
    }

    /// Bytes of the caller's buffer the decoded value needs (0: a view).
    fn buffer_len(self) -> usize {
        match self {
            Raw::Urlencoded(b) if urlencoded::needs_decoding(b) => urlencoded::decoded_len(b),
            Raw::UrlencodedStrict(b) if urlencoded::needs_decoding_strict(b) => {
                urlencoded::decoded_len_strict(b)
            }
            // Starlette decodes part data with the charset, falling back to
            // Latin-1.
            Raw::Multipart(b, charset) if Self::latin1(b, charset) => b
                .len()
                .saturating_add(b.iter().filter(|&&c| c >= 0x80).count()),
            _ => 0,
        }
    }

    /// Writes the value's bytes into `buf` without checking them: what the
    /// decoding produces when its result is valid UTF-8 (percent-decoding of
    /// an ASCII component, multipart data as sent). `None` when the value
    /// needs the careful path (raw bytes >= 0x80 in a FastAPI component) or
    /// `buf` is too short.
    fn write_unchecked(self, buf: &mut [u8]) -> Option<usize> {
        match self {
            Raw::Urlencoded(b) if !b.is_ascii() => None,
            Raw::Urlencoded(b) | Raw::UrlencodedStrict(b) => {
                urlencoded::percent_decode_into(b, buf)
            }
            Raw::Multipart(b, charset) if Self::latin1(b, charset) => None,
            Raw::File(_) => None,
            Raw::Multipart(b, _) => {
                let dst = buf.get_mut(..b.len())?;
                for (d, &s) in dst.iter_mut().zip(b) {
                    *d = s;
                }
                Some(b.len())
            }
        }
    }

    /// Decodes into the front of `buf` (or returns a view of the body) and
    /// hands back the rest of `buf`; the front taken is [`Self::buffer_len`].
    fn decode_split<'o>(self, buf: &'o mut [u8]) -> Result<(&'o str, &'o mut [u8]), Error>
    where
        'r: 'o,
    {
        let to_str = |b: &'o [u8]| core::str::from_utf8(b).map_err(|_| Error::InvalidUtf8);
        let n = match self {
            Raw::Urlencoded(b) if !urlencoded::needs_decoding(b) => return Ok((to_str(b)?, buf)),
            Raw::Urlencoded(b) => urlencoded::decode_into(b, buf)?,
            Raw::UrlencodedStrict(b) if !urlencoded::needs_decoding_strict(b) => {
                return Ok((to_str(b)?, buf))
            }
            Raw::UrlencodedStrict(b) => urlencoded::decode_strict_into(b, buf)?,
            Raw::Multipart(b, charset) if Self::latin1(b, charset) => {
                crate::base::text::latin1_to_utf8(b, buf)?.len()
            }
            Raw::Multipart(b, _) | Raw::File(UploadedFile { part: b, .. }) => {
                return Ok((to_str(b)?, buf))
            }
        };
        let (mine, rest) = buf
            .split_at_mut_checked(n)
            .ok_or(Error::BufferTooSmall { needed: n })?;
        Ok((to_str(mine)?, rest))
    }
}

/// The raw value chosen for each field, and how many times each occurred.
struct Collected<'r> {
    raw: [Option<Raw<'r>>; 6],
    seen: [u32; 6],
}

/// The media type of a Content-Type value, as Starlette compares it.
fn media_type(content_type: &[u8]) -> &[u8] {
    let end = crate::base::bytes::find_byte(content_type, b';').unwrap_or(content_type.len());
    trim_ows(content_type.get(..end).unwrap_or_default())
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

    /// Overrides Starlette's limit of 1000 fields.
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
    pub fn extract<'r: 'o, 'o, H: HeaderField>(
        &self,
        req: &Request<'r, H>,
        buf: &'o mut [u8],
    ) -> Result<FormOutcome<'o>, Error> {
        let content_type = req.content_type().unwrap_or_default();
        let media = media_type(content_type);
        let collected = if crate::base::bytes::eq_ignore_ascii_case(
            media,
            b"application/x-www-form-urlencoded",
        ) {
            self.collect_urlencoded(req.body())
        } else if self.profile == Profile::Strict {
            Err(Rejection::UnsupportedContentType)
        } else if crate::base::bytes::eq_ignore_ascii_case(media, b"multipart/form-data") {
            self.collect_multipart(req.body(), content_type)
        } else {
            Ok(Collected {
                raw: [None; 6],
                seen: [0; 6],
            })
        };
        match collected {
            Ok(collected) => self.validate(collected, buf),
            Err(rejection) => Ok(FormOutcome::Rejected(rejection, self.profile)),
        }
    }

    fn collect_urlencoded<'r>(&self, body: &'r [u8]) -> Result<Collected<'r>, Rejection> {
        let mut c = Collected {
            raw: [None; 6],
            seen: [0; 6],
        };
        for (count, pair) in urlencoded::pairs(body).enumerate() {
            if count >= self.max_fields {
                return Err(Rejection::TooManyFields);
            }
            if pair.name.len().saturating_add(pair.value.len()) > self.max_field_size {
                return Err(Rejection::FieldTooLarge);
            }
            let plain = match self.profile {
                Profile::FastApi => !urlencoded::needs_decoding(pair.name),
                Profile::Strict => !urlencoded::needs_decoding_strict(pair.name),
            };
            let matched = if plain {
                // Decoding leaves the name as it is: compare the bytes.
                Field::by_name(pair.name)
            } else {
                Field::ALL.into_iter().find(|f| match self.profile {
                    Profile::FastApi => component_eq(pair.name, f.name()),
                    Profile::Strict => component_eq_strict(pair.name, f.name()),
                })
            };
            if let Some(field) = matched {
                let raw = match self.profile {
                    Profile::FastApi => Raw::Urlencoded(pair.value),
                    Profile::Strict => Raw::UrlencodedStrict(pair.value),
                };
                c.record(field, raw);
            }
        }
        Ok(c)
    }

    /// Starlette's `MultiPartParser` over python-multipart, in the order it
    /// meets things: a part's name and the field/file limits when its
    /// headers end, its size when its data ends, then the part itself (a
    /// part the body cuts off is not kept).
    fn collect_multipart<'r>(
        &self,
        body: &'r [u8],
        content_type: &'r [u8],
    ) -> Result<Collected<'r>, Rejection> {
        let [boundary, charset] =
            multipart::options::parameters(content_type, [b"boundary", b"charset"]);
        let boundary = boundary.ok_or(Rejection::MissingBoundary)?;
        let charset = multipart::charset_of(charset);
        let boundary = multipart::Boundary::of(boundary);
        if boundary.len() > multipart::MAX_BOUNDARY_LEN {
            return Err(Rejection::InvalidMultipart);
        }
        let mut c = Collected {
            raw: [None; 6],
            seen: [0; 6],
        };
        let (mut fields, mut files) = (0usize, 0usize);
        let mut parts = multipart::Cursor::new(body);
        while let Some(event) = parts.next_event(boundary) {
            let Event::Part {
                part,
                named,
                ending,
                whole,
            } = event
            else {
                return Err(Rejection::InvalidMultipart);
            };
            if !named {
                return Err(Rejection::MissingPartName);
            }
            let is_file = part.filename.is_some();
            if is_file {
                files = files.saturating_add(1);
                if files > self.max_fields {
                    return Err(Rejection::TooManyFiles);
                }
            } else {
                fields = fields.saturating_add(1);
                if fields > self.max_fields {
                    return Err(Rejection::TooManyFields);
                }
                if part.data.len() > self.max_field_size {
                    return Err(Rejection::PartTooLarge);
                }
            }
            match ending {
                Ending::Malformed => return Err(Rejection::InvalidMultipart),
                Ending::Truncated => break,
                Ending::Next | Ending::Close => {}
            }
            let name = part.name_value();
            let field = if name.is_plain() {
                Field::by_name(name.raw)
            } else {
                Field::ALL
                    .into_iter()
                    .find(|f| name.eq(f.name().as_bytes()))
            };
            let Some(field) = field else {
                continue;
            };
            let file = UploadedFile {
                part: whole,
                charset,
            };
            let raw = if is_file && !file.is_empty_input() {
                Raw::File(file)
            } else {
                Raw::Multipart(part.data, charset)
            };
            c.record(field, raw);
        }
        Ok(c)
    }

    fn validate<'r: 'o, 'o>(
        &self,
        c: Collected<'r>,
        buf: &'o mut [u8],
    ) -> Result<FormOutcome<'o>, Error> {
        let strict = self.profile == Profile::Strict;
        if strict {
            if let Some(field) = Field::ALL
                .into_iter()
                .find(|f| c.seen.get(f.index()).is_some_and(|&n| n > 1))
            {
                return Ok(FormOutcome::Rejected(
                    Rejection::RepeatedParameter(field),
                    self.profile,
                ));
            }
        }
        // An empty value counts as missing; files are not text.
        let present: [Option<Raw<'r>>; 6] = c
            .raw
            .map(|r| r.filter(|r| !r.is_empty_text() && !matches!(r, Raw::File(_))));
        if let Some(spans) = write_all_unchecked(&present, buf) {
            // Every value is valid UTF-8 on its own: one check for all.
            let written: &'o [u8] = buf;
            let text = core::str::from_utf8(written.get(..spans.total).unwrap_or_default())
                .map_err(|_| Error::InvalidUtf8)?;
            let values = spans
                .ends
                .map(|span| span.and_then(|(a, b)| text.get(a..b)));
            return Ok(self.decide(values, &c.raw));
        }
        // Each value is decoded once, straight into what is left of `buf`,
        // and takes exactly its `buffer_len`; only a failure computes the
        // total, so that a short buffer still reports the exact size first.
        let total = buf.len();
        let needed = || {
            present
                .iter()
                .flatten()
                .map(|r| r.buffer_len())
                .fold(0usize, usize::saturating_add)
        };
        let mut values: [Option<&'o str>; 6] = [None; 6];
        let mut rest: &'o mut [u8] = buf;
        for (slot, raw) in values.iter_mut().zip(present) {
            let Some(raw) = raw else { continue };
            match raw.decode_split(core::mem::take(&mut rest)) {
                Ok((text, others)) => {
                    *slot = Some(text);
                    rest = others;
                }
                Err(e) => {
                    let needed = needed();
                    if needed > total {
                        return Err(Error::BufferTooSmall { needed });
                    }
                    return match e {
                        Error::InvalidUtf8 if strict => Ok(FormOutcome::Rejected(
                            Rejection::InvalidEncoding,
                            self.profile,
                        )),
                        e => Err(e),
                    };
                }
            }
        }
        Ok(self.decide(values, &c.raw))
    }

    /// The outcome for the decoded values and the file parts sent for
    /// text fields, in field order.
    fn decide<'o>(
        &self,
        values: [Option<&'o str>; 6],
        raw: &[Option<Raw<'o>>; 6],
    ) -> FormOutcome<'o> {
        if self.profile == Profile::Strict {
            return self.validate_strict(values);
        }
        let mut errors: Vec<FieldError<'o>, 6> = Vec::new();
        let files = raw.iter().map(|r| match r {
            Some(Raw::File(file)) => Some(*file),
            _ => None,
        });
        for ((field, value), file) in Field::ALL.into_iter().zip(values).zip(files) {
            let error = match (field, value, file) {
                (field, _, Some(file)) => Some(FieldError::NotAString { field, file }),
                (Field::GrantType, Some(g), _) if g != "password" => {
                    Some(FieldError::PatternMismatch { input: g })
                }
                (Field::GrantType, None, _) if self.grant_type_required => {
                    Some(FieldError::Missing(field))
                }
                (Field::Username | Field::Password, None, _) => Some(FieldError::Missing(field)),
                _ => None,
            };
            if let Some(error) = error {
                push(&mut errors, error);
            }
        }
        let [grant_type, username, password, scope, client_id, client_secret] = values;
        match (username, password) {
            (Some(username), Some(password)) if errors.is_empty() => {
                FormOutcome::Form(PasswordForm {
                    grant_type,
                    username,
                    password,
                    scope: scope.unwrap_or(""),
                    client_id,
                    client_secret,
                    profile: self.profile,
                })
            }
            _ => FormOutcome::Invalid(errors),
        }
    }

    fn validate_strict<'o>(&self, values: [Option<&'o str>; 6]) -> FormOutcome<'o> {
        let [grant_type, username, password, scope, client_id, client_secret] = values;
        let reject = |r| FormOutcome::Rejected(r, Profile::Strict);
        let Some(grant_type) = grant_type else {
            return reject(Rejection::MissingParameter(Field::GrantType));
        };
        if grant_type != "password" {
            return reject(Rejection::UnsupportedGrantType);
        }
        let (Some(username), Some(password)) = (username, password) else {
            let field = if username.is_none() {
                Field::Username
            } else {
                Field::Password
            };
            return reject(Rejection::MissingParameter(field));
        };
        let scope = scope.unwrap_or("");
        if scopes::validate_strict(scope).is_err() {
            return reject(Rejection::InvalidScope);
        }
        FormOutcome::Form(PasswordForm {
            grant_type: Some(grant_type),
            username,
            password,
            scope,
            client_id,
            client_secret,
            profile: Profile::Strict,
        })
    }
}

/// Where each present value was written by [`write_all_unchecked`].
struct Spans {
    ends: [Option<(usize, usize)>; 6],
    total: usize,
}

/// The fast path of [`OAuth2PasswordRequestForm::validate`]: every present
/// value written back to back into `buf` with [`Raw::write_unchecked`], kept
/// only if the whole is valid UTF-8 and every value starts and ends on a
/// character boundary (so each value is valid on its own, as the per-value
/// decoding requires). `None` sends the caller to the careful path.
fn write_all_unchecked(present: &[Option<Raw<'_>>; 6], buf: &mut [u8]) -> Option<Spans> {
    let mut ends = [None; 6];
    let mut total = 0usize;
    for (end, raw) in ends.iter_mut().zip(present) {
        let Some(raw) = raw else { continue };
        let n = raw.write_unchecked(buf.get_mut(total..)?)?;
        *end = Some((total, total.checked_add(n)?));
        total = total.checked_add(n)?;
    }
    let text = core::str::from_utf8(buf.get(..total)?).ok()?;
    let whole_chars = ends
        .iter()
        .flatten()
        .all(|&(a, b)| text.is_char_boundary(a) && text.is_char_boundary(b));
    whole_chars.then_some(Spans { ends, total })
}

/// Adds an error; the list has room for one per field.
fn push<'o>(errors: &mut Vec<FieldError<'o>, 6>, error: FieldError<'o>) {
    let _ = errors.push(error);
}

impl<'r> Collected<'r> {
    fn record(&mut self, field: Field, raw: Raw<'r>) {
        if let Some(slot) = self.raw.get_mut(field.index()) {
            *slot = Some(raw);
        }
        if let Some(n) = self.seen.get_mut(field.index()) {
            *n = n.saturating_add(1);
        }
    }
}
