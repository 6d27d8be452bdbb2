//! `OAuth2PasswordRequestForm` / `OAuth2PasswordRequestFormStrict`.

use authparse_core::form::{
    Field, FieldError, FormOutcome, OAuth2PasswordRequestForm, OAuth2PasswordRequestFormStrict,
    Rejection, UploadedFile, DEFAULT_MAX_FIELDS, DEFAULT_MAX_FIELD_SIZE,
};
use authparse_core::multipart::Charset;
use authparse_core::Profile;

use crate::abi::{Buffer, Given, Ptr, Region};
use crate::base::*;
use crate::model::request::{authparse_request, request, request_regions};

/// Starlette's default maximum number of form fields (1000).
pub const AUTHPARSE_FORM_DEFAULT_MAX_FIELDS: usize = 1000;
/// Starlette's default maximum size of one field or part (1 MiB).
pub const AUTHPARSE_FORM_DEFAULT_MAX_FIELD_SIZE: usize = 1048576;

/// How a password form is read.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct authparse_password_form_config {
    /// `true`: `OAuth2PasswordRequestFormStrict` (`grant_type` required);
    /// `false`: `OAuth2PasswordRequestForm`.
    pub grant_type_required: bool,
    /// `AUTHPARSE_PROFILE_FASTAPI` or `AUTHPARSE_PROFILE_STRICT` (RFC 6749
    /// §4.3.2: urlencoded only, no repeated parameter, 400 with an RFC 6749
    /// error body).
    pub profile: authparse_profile,
    /// Maximum number of fields; 0 means Starlette's 1000. A multipart body
    /// may also hold this many file parts (counted apart; FastAPI's
    /// `max_files` is 1000 too).
    pub max_fields: usize,
    /// Maximum size of one field (name + value, raw) or part; 0 means 1 MiB.
    pub max_field_size: usize,
}

/// Form outcome kinds (`authparse_password_form_result.kind`).
pub type authparse_form_kind = u32;
/// No decision (the call failed).
pub const AUTHPARSE_FORM_NONE: authparse_form_kind = 0;
/// A valid form (HTTP 200).
pub const AUTHPARSE_FORM_VALID: authparse_form_kind = 1;
/// FastAPI's 422: `errors[0..error_count]` are pydantic's errors.
pub const AUTHPARSE_FORM_INVALID: authparse_form_kind = 2;
/// HTTP 400: `rejection` (and `rejection_field`) say why.
pub const AUTHPARSE_FORM_REJECTED: authparse_form_kind = 3;

/// The six form fields (`AUTHPARSE_FIELD_*`); 0 means none.
pub type authparse_field = u32;
/// No field.
pub const AUTHPARSE_FIELD_NONE: authparse_field = 0;
/// `grant_type`
pub const AUTHPARSE_FIELD_GRANT_TYPE: authparse_field = 1;
/// `username`
pub const AUTHPARSE_FIELD_USERNAME: authparse_field = 2;
/// `password`
pub const AUTHPARSE_FIELD_PASSWORD: authparse_field = 3;
/// `scope`
pub const AUTHPARSE_FIELD_SCOPE: authparse_field = 4;
/// `client_id`
pub const AUTHPARSE_FIELD_CLIENT_ID: authparse_field = 5;
/// `client_secret`
pub const AUTHPARSE_FIELD_CLIENT_SECRET: authparse_field = 6;

/// Why a form is rejected with a 400 (`AUTHPARSE_REJECTION_*`).
pub type authparse_rejection = u32;
/// Not rejected.
pub const AUTHPARSE_REJECTION_NONE: authparse_rejection = 0;
/// More fields than the limit.
pub const AUTHPARSE_REJECTION_TOO_MANY_FIELDS: authparse_rejection = 1;
/// More file parts than the limit (multipart).
pub const AUTHPARSE_REJECTION_TOO_MANY_FILES: authparse_rejection = 2;
/// A urlencoded field over the size limit.
pub const AUTHPARSE_REJECTION_FIELD_TOO_LARGE: authparse_rejection = 3;
/// A multipart field's data over the size limit.
pub const AUTHPARSE_REJECTION_PART_TOO_LARGE: authparse_rejection = 4;
/// `multipart/form-data` without a usable boundary.
pub const AUTHPARSE_REJECTION_MISSING_BOUNDARY: authparse_rejection = 5;
/// A multipart part without a `Content-Disposition` name.
pub const AUTHPARSE_REJECTION_MISSING_PART_NAME: authparse_rejection = 6;
/// A body that cannot be parsed.
pub const AUTHPARSE_REJECTION_UNPARSABLE: authparse_rejection = 7;
/// Strict: a parameter is missing (`rejection_field` says which).
pub const AUTHPARSE_REJECTION_MISSING_PARAMETER: authparse_rejection = 8;
/// Strict: a parameter is repeated (`rejection_field` says which).
pub const AUTHPARSE_REJECTION_REPEATED_PARAMETER: authparse_rejection = 9;
/// Strict: a value is not UTF-8 after decoding.
pub const AUTHPARSE_REJECTION_INVALID_ENCODING: authparse_rejection = 10;
/// Strict: the body is not `application/x-www-form-urlencoded`.
pub const AUTHPARSE_REJECTION_UNSUPPORTED_CONTENT_TYPE: authparse_rejection = 11;
/// Strict: `grant_type` is not `password`.
pub const AUTHPARSE_REJECTION_UNSUPPORTED_GRANT_TYPE: authparse_rejection = 12;
/// Strict: `scope` is not RFC 6749 §3.3 syntax.
pub const AUTHPARSE_REJECTION_INVALID_SCOPE: authparse_rejection = 13;
/// A multipart body python-multipart rejects (FastAPI's "Invalid multipart
/// data.").
pub const AUTHPARSE_REJECTION_INVALID_MULTIPART: authparse_rejection = 14;
/// A rejection this version of the C ABI has no number for.
pub const AUTHPARSE_REJECTION_OTHER: authparse_rejection = 255;

/// Kinds of `authparse_field_error`.
pub type authparse_field_error_kind = u32;
/// `{"type":"missing",…}` for `field`.
pub const AUTHPARSE_FIELD_ERROR_MISSING: authparse_field_error_kind = 1;
/// `grant_type` does not match `^password$`; `input` is the value sent.
pub const AUTHPARSE_FIELD_ERROR_PATTERN_MISMATCH: authparse_field_error_kind = 2;
/// `{"type":"string_type",…}`: a multipart file part was sent for `field`;
/// `file_part` is that part.
pub const AUTHPARSE_FIELD_ERROR_STRING_TYPE: authparse_field_error_kind = 3;

/// Most errors a 422 of the password form lists (one per field).
pub const AUTHPARSE_FORM_MAX_ERRORS: usize = 6;

/// One pydantic validation error of a 422.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct authparse_field_error {
    /// One of `AUTHPARSE_FIELD_ERROR_*`.
    pub kind: authparse_field_error_kind,
    /// The field (`AUTHPARSE_FIELD_GRANT_TYPE` for a pattern mismatch).
    pub field: authparse_field,
    /// PATTERN_MISMATCH: the decoded value sent (UTF-8; into the body or the
    /// caller's buffer). Empty otherwise.
    pub input: authparse_str,
    /// STRING_TYPE: the file part after its delimiter line (its header
    /// lines, an empty line, its data; into the body).
    pub file_part: authparse_str,
    /// STRING_TYPE: whether the file name is read as Latin-1 (the request's
    /// `charset` is not UTF-8).
    pub file_latin1: bool,
}

/// The decision on a password form. Text views are UTF-8 and point into the
/// request body or the caller's buffer (decoded values).
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct authparse_password_form_result {
    /// One of `AUTHPARSE_FORM_*`.
    pub kind: authparse_form_kind,
    /// 200, 422 or 400.
    pub http_status: u16,
    /// The profile the form was read with (the body renderer needs it).
    pub profile: authparse_profile,
    /// VALID: whether `grant_type` was sent (it is then `password`).
    pub has_grant_type: bool,
    /// VALID: `grant_type`.
    pub grant_type: authparse_str,
    /// VALID: `username`.
    pub username: authparse_str,
    /// VALID: `password`.
    pub password: authparse_str,
    /// VALID: the raw `scope` string (empty by default); split it with
    /// `authparse_scopes_split` and this `profile` for FastAPI's `.scopes`.
    pub scope: authparse_str,
    /// VALID: whether `client_id` was sent.
    pub has_client_id: bool,
    /// VALID: `client_id`.
    pub client_id: authparse_str,
    /// VALID: whether `client_secret` was sent.
    pub has_client_secret: bool,
    /// VALID: `client_secret`.
    pub client_secret: authparse_str,
    /// REJECTED: one of `AUTHPARSE_REJECTION_*`.
    pub rejection: authparse_rejection,
    /// REJECTED with MISSING_PARAMETER / REPEATED_PARAMETER: the field.
    pub rejection_field: authparse_field,
    /// INVALID: how many of `errors` are set (1 to 6).
    pub error_count: usize,
    /// INVALID: pydantic's errors in field order.
    pub errors: [authparse_field_error; AUTHPARSE_FORM_MAX_ERRORS],
    /// REJECTED with TOO_MANY_FIELDS / TOO_MANY_FILES: the field limit that
    /// refused the request; FIELD_TOO_LARGE / PART_TOO_LARGE: the size limit
    /// in bytes. The rendered body states it (0, as in a hand-filled result,
    /// renders Starlette's default). Added at the end in 0.x: the struct
    /// grew, so callers must recompile against this header.
    pub rejection_limit: u64,
}

fn field_code(f: Field) -> authparse_field {
    match f {
        Field::GrantType => AUTHPARSE_FIELD_GRANT_TYPE,
        Field::Username => AUTHPARSE_FIELD_USERNAME,
        Field::Password => AUTHPARSE_FIELD_PASSWORD,
        Field::Scope => AUTHPARSE_FIELD_SCOPE,
        Field::ClientId => AUTHPARSE_FIELD_CLIENT_ID,
        Field::ClientSecret => AUTHPARSE_FIELD_CLIENT_SECRET,
    }
}

fn field_of(code: authparse_field) -> Result<Field, authparse_status> {
    Field::ALL
        .into_iter()
        .find(|&f| field_code(f) == code)
        .ok_or(AUTHPARSE_STATUS_INVALID_ARGUMENT)
}

/// The C code, field and limit of a rejection.
fn rejection_code(r: Rejection) -> (authparse_rejection, authparse_field, u64) {
    let limit = |n: usize| u64::try_from(n).unwrap_or(u64::MAX);
    let code = match r {
        Rejection::TooManyFields(n) => {
            return (
                AUTHPARSE_REJECTION_TOO_MANY_FIELDS,
                AUTHPARSE_FIELD_NONE,
                limit(n),
            )
        }
        Rejection::TooManyFiles(n) => {
            return (
                AUTHPARSE_REJECTION_TOO_MANY_FILES,
                AUTHPARSE_FIELD_NONE,
                limit(n),
            )
        }
        Rejection::FieldTooLarge(n) => {
            return (
                AUTHPARSE_REJECTION_FIELD_TOO_LARGE,
                AUTHPARSE_FIELD_NONE,
                limit(n),
            )
        }
        Rejection::PartTooLarge(n) => {
            return (
                AUTHPARSE_REJECTION_PART_TOO_LARGE,
                AUTHPARSE_FIELD_NONE,
                limit(n),
            )
        }
        Rejection::MissingBoundary => AUTHPARSE_REJECTION_MISSING_BOUNDARY,
        Rejection::MissingPartName => AUTHPARSE_REJECTION_MISSING_PART_NAME,
        Rejection::Unparsable => AUTHPARSE_REJECTION_UNPARSABLE,
        Rejection::MissingParameter(f) => {
            return (AUTHPARSE_REJECTION_MISSING_PARAMETER, field_code(f), 0)
        }
        Rejection::RepeatedParameter(f) => {
            return (AUTHPARSE_REJECTION_REPEATED_PARAMETER, field_code(f), 0)
        }
        Rejection::InvalidEncoding => AUTHPARSE_REJECTION_INVALID_ENCODING,
        Rejection::UnsupportedContentType => AUTHPARSE_REJECTION_UNSUPPORTED_CONTENT_TYPE,
        Rejection::UnsupportedGrantType => AUTHPARSE_REJECTION_UNSUPPORTED_GRANT_TYPE,
        Rejection::InvalidScope => AUTHPARSE_REJECTION_INVALID_SCOPE,
        Rejection::InvalidMultipart => AUTHPARSE_REJECTION_INVALID_MULTIPART,
        _ => AUTHPARSE_REJECTION_OTHER,
    };
    (code, AUTHPARSE_FIELD_NONE, 0)
}

/// The rejection a result's code, field and limit stand for (a limit of 0
/// is the default one, as in the config; one over `usize` is refused).
fn rejection_of(
    code: authparse_rejection, field: authparse_field, limit: u64,
) -> Result<Rejection, authparse_status> {
    let limit = |default: usize| match limit {
        0 => Ok(default),
        n => usize::try_from(n).map_err(|_| AUTHPARSE_STATUS_INVALID_ARGUMENT),
    };
    Ok(match code {
        AUTHPARSE_REJECTION_TOO_MANY_FIELDS => Rejection::TooManyFields(limit(DEFAULT_MAX_FIELDS)?),
        AUTHPARSE_REJECTION_TOO_MANY_FILES => Rejection::TooManyFiles(limit(DEFAULT_MAX_FIELDS)?),
        AUTHPARSE_REJECTION_FIELD_TOO_LARGE => {
            Rejection::FieldTooLarge(limit(DEFAULT_MAX_FIELD_SIZE)?)
        }
        AUTHPARSE_REJECTION_PART_TOO_LARGE => {
            Rejection::PartTooLarge(limit(DEFAULT_MAX_FIELD_SIZE)?)
        }
        AUTHPARSE_REJECTION_MISSING_BOUNDARY => Rejection::MissingBoundary,
        AUTHPARSE_REJECTION_MISSING_PART_NAME => Rejection::MissingPartName,
        AUTHPARSE_REJECTION_UNPARSABLE => Rejection::Unparsable,
        AUTHPARSE_REJECTION_MISSING_PARAMETER => Rejection::MissingParameter(field_of(field)?),
        AUTHPARSE_REJECTION_REPEATED_PARAMETER => Rejection::RepeatedParameter(field_of(field)?),
        AUTHPARSE_REJECTION_INVALID_ENCODING => Rejection::InvalidEncoding,
        AUTHPARSE_REJECTION_UNSUPPORTED_CONTENT_TYPE => Rejection::UnsupportedContentType,
        AUTHPARSE_REJECTION_UNSUPPORTED_GRANT_TYPE => Rejection::UnsupportedGrantType,
        AUTHPARSE_REJECTION_INVALID_SCOPE => Rejection::InvalidScope,
        AUTHPARSE_REJECTION_INVALID_MULTIPART => Rejection::InvalidMultipart,
        _ => return Err(AUTHPARSE_STATUS_INVALID_ARGUMENT),
    })
}

fn result_of(outcome: &FormOutcome<'_>, profile: Profile) -> authparse_password_form_result {
    let mut r = authparse_password_form_result {
        http_status: outcome.status(),
        profile: profile_code(profile),
        ..Default::default()
    };
    match outcome {
        FormOutcome::Form(form) => {
            r.kind = AUTHPARSE_FORM_VALID;
            r.has_grant_type = form.grant_type.is_some();
            r.grant_type = view(form.grant_type.unwrap_or_default());
            r.username = view(form.username);
            r.password = view(form.password);
            r.scope = view(form.scope);
            r.has_client_id = form.client_id.is_some();
            r.client_id = view(form.client_id.unwrap_or_default());
            r.has_client_secret = form.client_secret.is_some();
            r.client_secret = view(form.client_secret.unwrap_or_default());
        }
        FormOutcome::Invalid(errors) => {
            r.kind = AUTHPARSE_FORM_INVALID;
            for (slot, error) in r.errors.iter_mut().zip(errors.iter()) {
                *slot = match *error {
                    FieldError::Missing(field) => authparse_field_error {
                        kind: AUTHPARSE_FIELD_ERROR_MISSING,
                        field: field_code(field),
                        ..Default::default()
                    },
                    FieldError::PatternMismatch { input } => authparse_field_error {
                        kind: AUTHPARSE_FIELD_ERROR_PATTERN_MISMATCH,
                        field: AUTHPARSE_FIELD_GRANT_TYPE,
                        input: view(input),
                        ..Default::default()
                    },
                    FieldError::NotAString { field, file } => authparse_field_error {
                        kind: AUTHPARSE_FIELD_ERROR_STRING_TYPE,
                        field: field_code(field),
                        file_part: view(file.part),
                        file_latin1: file.charset == Charset::Latin1,
                        ..Default::default()
                    },
                };
                r.error_count = r.error_count.saturating_add(1);
            }
        }
        FormOutcome::Rejected(rejection, _) => {
            r.kind = AUTHPARSE_FORM_REJECTED;
            (r.rejection, r.rejection_field, r.rejection_limit) = rejection_code(*rejection);
        }
    }
    r
}

/// Reads and validates the password form in `req`'s body (its
/// `Content-Type` header decides urlencoded or multipart, as Starlette).
///
/// On `AUTHPARSE_STATUS_OK`, `*out` holds the decision (VALID / INVALID /
/// REJECTED); decoded text goes into `buf` (twice the body length always
/// suffices) and the views point into the body or `buf`. A short buffer
/// gives `AUTHPARSE_STATUS_BUFFER_TOO_SMALL` with the exact size in
/// `*out_needed` (NULL allowed). Render the 422/400 body with
/// `authparse_password_form_render_body`.
///
/// # Safety
/// `cfg` and `req` valid with readable views; `buf` writable for `buf_len`
/// bytes and not overlapping the request; `out` writable; `out_needed` NULL
/// or writable.
#[no_mangle]
pub unsafe extern "C" fn authparse_password_form_extract(
    cfg: *const authparse_password_form_config, req: *const authparse_request, buf: *mut u8,
    buf_len: usize, out: *mut authparse_password_form_result, out_needed: *mut usize,
) -> authparse_status {
    // SAFETY: the pointers are as `# Safety` above requires.
    let (cfg, req, (buffer, out)) = unsafe {
        (
            Ptr::new(cfg),
            Ptr::new(req),
            Buffer::with_out(buf, buf_len, out, out_needed),
        )
    };
    buffer.call(|call| {
        out.required()?;
        let cfg = cfg.get()?;
        let request = request(&req)?;
        call.apart(request_regions(&req, &request))?;
        call.apart([cfg.region(), out.region()])?;
        let profile = profile(cfg.profile)?;
        let form = if cfg.grant_type_required {
            OAuth2PasswordRequestFormStrict::new()
        } else {
            OAuth2PasswordRequestForm::new()
        };
        let form = form
            .profile(profile)
            .max_fields(match cfg.max_fields {
                0 => DEFAULT_MAX_FIELDS,
                n => n,
            })
            .max_field_size(match cfg.max_field_size {
                0 => DEFAULT_MAX_FIELD_SIZE,
                n => n,
            });
        let outcome = call.write(|buf| form.extract(&request, buf))?;
        out.set(result_of(&outcome, profile));
        Ok(())
    })
}

/// The core errors of an INVALID result; `reads[i]` is the view error `i`
/// renders (which the output must not overlap).
fn field_errors<'a>(
    r: &Given<'a, authparse_password_form_result>,
    reads: &mut [&'a [u8]; AUTHPARSE_FORM_MAX_ERRORS],
) -> Result<heapless::Vec<FieldError<'a>, AUTHPARSE_FORM_MAX_ERRORS>, authparse_status> {
    let count = r.error_count;
    if count == 0 || count > AUTHPARSE_FORM_MAX_ERRORS {
        return Err(AUTHPARSE_STATUS_INVALID_ARGUMENT);
    }
    let mut errors = heapless::Vec::new();
    for (error, read) in r.part(|r| &r.errors).items().iter().zip(reads).take(count) {
        let parsed = match error.kind {
            AUTHPARSE_FIELD_ERROR_MISSING => FieldError::Missing(field_of(error.field)?),
            AUTHPARSE_FIELD_ERROR_PATTERN_MISMATCH => {
                let input = error.part(|e| &e.input).text();
                let input = input.map_err(|_| AUTHPARSE_STATUS_INVALID_UTF8)?;
                *read = input.as_bytes();
                FieldError::PatternMismatch { input }
            }
            AUTHPARSE_FIELD_ERROR_STRING_TYPE => {
                let field = field_of(error.field)?;
                let part = error.part(|e| &e.file_part).get();
                let part = part.map_err(|_| AUTHPARSE_STATUS_NULL_POINTER)?;
                *read = part;
                let charset = if error.file_latin1 {
                    Charset::Latin1
                } else {
                    Charset::Utf8
                };
                FieldError::NotAString {
                    field,
                    file: UploadedFile { part, charset },
                }
            }
            _ => return Err(AUTHPARSE_STATUS_INVALID_ARGUMENT),
        };
        // At most six: `take(count)` with `count <= 6`.
        let _ = errors.push(parsed);
    }
    Ok(errors)
}

/// Writes the JSON body of an INVALID (422, pydantic's error list) or
/// REJECTED (400: FastAPI's `{"detail":…}`, or strict RFC 6749 §5.2
/// `{"error":…,"error_description":…}`) result into `buf`, byte for byte as
/// FastAPI sends it. A VALID result has no body (`*out` empty).
///
/// `*out` points into `buf`. A short buffer gives
/// `AUTHPARSE_STATUS_BUFFER_TOO_SMALL` with the exact size in `*out_needed`.
///
/// # Safety
/// `result` filled by `authparse_password_form_extract`, with its views still
/// valid; `buf` writable for `buf_len` bytes and not overlapping them; `out`
/// writable; `out_needed` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn authparse_password_form_render_body(
    result: *const authparse_password_form_result, buf: *mut u8, buf_len: usize,
    out: *mut authparse_str, out_needed: *mut usize,
) -> authparse_status {
    // SAFETY: the pointers are as `# Safety` above requires.
    let (result, (buffer, out)) = unsafe {
        (
            Ptr::new(result),
            Buffer::with_out(buf, buf_len, out, out_needed),
        )
    };
    buffer.call(|call| {
        let r = result.get()?;
        call.apart([r.region()])?;
        let profile = profile(r.profile)?;
        let mut reads: [&[u8]; AUTHPARSE_FORM_MAX_ERRORS] = [&[]; AUTHPARSE_FORM_MAX_ERRORS];
        let outcome = match r.kind {
            AUTHPARSE_FORM_VALID => None,
            AUTHPARSE_FORM_INVALID => Some(FormOutcome::Invalid(field_errors(r, &mut reads)?)),
            AUTHPARSE_FORM_REJECTED => Some(FormOutcome::Rejected(
                rejection_of(r.rejection, r.rejection_field, r.rejection_limit)?,
                profile,
            )),
            _ => return Err(AUTHPARSE_STATUS_INVALID_ARGUMENT),
        };
        out.required()?;
        call.apart(reads.iter().map(|r| Region::bytes(r)))?;
        call.apart([out.region()])?;
        let body = call.write(|b| match &outcome {
            Some(o) => o.write_body(b),
            None => Ok(""),
        })?;
        out.set(if outcome.is_some() {
            view(body)
        } else {
            authparse_str::EMPTY
        });
        Ok(())
    })
}
