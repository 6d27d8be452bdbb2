//! A scheme's decision: its kind, the reason of a failure, the body and the
//! whole HTTP response FastAPI sends with it.

use authparse_core::{Outcome, BAD_REQUEST_BODY, NOT_AUTHENTICATED_BODY};

use super::challenge::{authparse_challenge, challenge, core_challenge};
use crate::abi::{Buffer, Ptr, Region};
use crate::base::*;

/// Outcome kinds (`authparse_outcome.kind`).
pub type authparse_outcome_kind = u32;
/// No decision (the call failed before deciding).
pub const AUTHPARSE_OUTCOME_NONE: authparse_outcome_kind = 0;
/// Credentials were extracted: continue with them (HTTP 200).
pub const AUTHPARSE_OUTCOME_CREDENTIALS: authparse_outcome_kind = 1;
/// No usable credentials and `auto_error` is off: FastAPI's `None` (HTTP 200).
pub const AUTHPARSE_OUTCOME_ABSENT: authparse_outcome_kind = 2;
/// Respond with `http_status`, the rendered challenge and `authparse_outcome_body`.
pub const AUTHPARSE_OUTCOME_FAILURE: authparse_outcome_kind = 3;

/// Why a scheme failed (`authparse_outcome.reason`): the core's stable
/// `Reason::code()` numbers; 0 when the outcome is not a failure.
pub type authparse_reason = u32;
/// Not a failure.
pub const AUTHPARSE_REASON_NONE: authparse_reason = 0;
/// No header, cookie or parameter, or an empty one.
pub const AUTHPARSE_REASON_MISSING: authparse_reason = 1;
/// The `Authorization` scheme is not the expected one.
pub const AUTHPARSE_REASON_WRONG_SCHEME: authparse_reason = 2;
/// The scheme is right but nothing follows it.
pub const AUTHPARSE_REASON_EMPTY_CREDENTIALS: authparse_reason = 3;
/// Basic credentials are not valid base64 for the profile.
pub const AUTHPARSE_REASON_INVALID_BASE64: authparse_reason = 4;
/// Decoded Basic credentials are not ASCII (FastAPI) or not UTF-8 (strict).
pub const AUTHPARSE_REASON_INVALID_CHARSET: authparse_reason = 5;
/// Decoded Basic credentials have no `:`.
pub const AUTHPARSE_REASON_MISSING_COLON: authparse_reason = 6;
/// Credentials contain a control character (strict).
pub const AUTHPARSE_REASON_CONTROL_CHARACTER: authparse_reason = 7;
/// Malformed credentials or framing (strict).
pub const AUTHPARSE_REASON_MALFORMED_CREDENTIALS: authparse_reason = 8;
/// More than one header line carries credentials (strict; HTTP 400).
pub const AUTHPARSE_REASON_DUPLICATE_CREDENTIALS: authparse_reason = 9;

/// A one-line, NUL-terminated, static description of a reason code
/// (`"unknown reason"` for other numbers, `"none"` for 0). Never NULL.
#[no_mangle]
pub extern "C" fn authparse_reason_str(reason: authparse_reason) -> *const core::ffi::c_char {
    let message: &'static core::ffi::CStr = match reason {
        AUTHPARSE_REASON_NONE => c"none",
        AUTHPARSE_REASON_MISSING => c"credentials missing",
        AUTHPARSE_REASON_WRONG_SCHEME => c"wrong authorization scheme",
        AUTHPARSE_REASON_EMPTY_CREDENTIALS => c"empty credentials",
        AUTHPARSE_REASON_INVALID_BASE64 => c"invalid base64 in credentials",
        AUTHPARSE_REASON_INVALID_CHARSET => c"credentials not in the accepted charset",
        AUTHPARSE_REASON_MISSING_COLON => c"basic credentials without ':'",
        AUTHPARSE_REASON_CONTROL_CHARACTER => c"control character in credentials",
        AUTHPARSE_REASON_MALFORMED_CREDENTIALS => c"malformed credentials",
        AUTHPARSE_REASON_DUPLICATE_CREDENTIALS => c"credentials sent more than once",
        _ => c"unknown reason",
    };
    message.as_ptr()
}

/// A scheme's decision.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct authparse_outcome {
    /// One of `AUTHPARSE_OUTCOME_*`.
    pub kind: authparse_outcome_kind,
    /// The HTTP status FastAPI continues with (200) or answers (401, or 400
    /// for a strict-profile ambiguity).
    pub http_status: u16,
    /// One of `AUTHPARSE_REASON_*` (0 unless a failure).
    pub reason: authparse_reason,
    /// The `WWW-Authenticate` challenge of a failure (kind NONE otherwise).
    pub challenge: authparse_challenge,
}

impl Default for authparse_outcome {
    fn default() -> Self {
        authparse_outcome {
            kind: AUTHPARSE_OUTCOME_NONE,
            http_status: 0,
            reason: AUTHPARSE_REASON_NONE,
            challenge: authparse_challenge::default(),
        }
    }
}

/// The C outcome of a core outcome, and its credentials (if any).
pub(crate) fn outcome<T>(o: Outcome<'_, T>) -> (authparse_outcome, Option<T>) {
    let mut c = authparse_outcome {
        http_status: o.status(),
        ..authparse_outcome::default()
    };
    match o {
        Outcome::Credentials(creds) => {
            c.kind = AUTHPARSE_OUTCOME_CREDENTIALS;
            (c, Some(creds))
        }
        Outcome::Absent => {
            c.kind = AUTHPARSE_OUTCOME_ABSENT;
            (c, None)
        }
        Outcome::Failure(f) => {
            c.kind = AUTHPARSE_OUTCOME_FAILURE;
            c.reason = f.reason.code();
            c.challenge = challenge(&f.challenge);
            (c, None)
        }
    }
}

/// `{"detail":"Not authenticated"}`: the body FastAPI sends with every 401.
pub const AUTHPARSE_NOT_AUTHENTICATED_BODY: &str = r#"{"detail":"Not authenticated"}"#;
/// `{"detail":"Bad Request"}`: the body of a strict-profile 400.
pub const AUTHPARSE_BAD_REQUEST_BODY: &str = r#"{"detail":"Bad Request"}"#;

/// The JSON body to send with a failure: a view of a static string
/// (`AUTHPARSE_NOT_AUTHENTICATED_BODY`, or `AUTHPARSE_BAD_REQUEST_BODY` for a
/// 400). Empty for a NULL pointer or an outcome that is not a failure.
///
/// # Safety
/// `outcome` must be NULL or point to a valid outcome.
#[no_mangle]
pub unsafe extern "C" fn authparse_outcome_body(
    outcome: *const authparse_outcome,
) -> authparse_str {
    // SAFETY: the pointer is as `# Safety` above requires.
    let outcome = unsafe { Ptr::new(outcome) };
    match outcome.opt() {
        Some(o) if o.kind == AUTHPARSE_OUTCOME_FAILURE && o.http_status == 400 => {
            view(BAD_REQUEST_BODY)
        }
        Some(o) if o.kind == AUTHPARSE_OUTCOME_FAILURE => view(NOT_AUTHENTICATED_BODY),
        _ => authparse_str::EMPTY,
    }
}

/// Renders the whole HTTP/1.1 response FastAPI sends for a failure, for a
/// server that writes raw bytes: the status line (`401 Unauthorized` or
/// `400 Bad Request`), `www-authenticate`, `content-length` and
/// `content-type: application/json` in FastAPI's order, a blank line and
/// the JSON body. The challenge is written as `authparse_challenge_render`
/// writes it (Latin-1 in the FastAPI profile).
///
/// On success `*out` points into `buf`. A short buffer gives
/// `AUTHPARSE_STATUS_BUFFER_TOO_SMALL` with the exact size in `*out_needed`
/// (NULL allowed). An outcome that is not a failure, or whose `http_status`
/// is neither 401 nor 400, is `AUTHPARSE_STATUS_INVALID_ARGUMENT`.
///
/// # Safety
/// `outcome` must be valid with its challenge `text` readable; `buf`
/// writable for `buf_len` bytes (NULL with 0 allowed), not overlapping that
/// text; `out` writable; `out_needed` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn authparse_outcome_render_response(
    outcome: *const authparse_outcome, buf: *mut u8, buf_len: usize, out: *mut authparse_str,
    out_needed: *mut usize,
) -> authparse_status {
    // SAFETY: the pointers are as `# Safety` above requires.
    let (outcome, (buffer, out)) = unsafe {
        (
            Ptr::new(outcome),
            Buffer::with_out(buf, buf_len, out, out_needed),
        )
    };
    buffer.call(|call| {
        let o = outcome.get()?;
        call.apart([o.region()])?;
        // Only the two statuses FastAPI answers a failure with: a caller's
        // 403 must not go out as a 401.
        if o.kind != AUTHPARSE_OUTCOME_FAILURE || !matches!(o.http_status, 400 | 401) {
            return Err(AUTHPARSE_STATUS_INVALID_ARGUMENT);
        }
        let c = o.part(|o| &o.challenge);
        let challenge = core_challenge(c)?;
        out.required()?;
        call.apart([Region::bytes(c.part(|c| &c.text).lossy()), out.region()])?;
        let response =
            call.write(|b| authparse_core::write_failure_response(o.http_status, &challenge, b))?;
        out.set(view(response));
        Ok(())
    })
}
