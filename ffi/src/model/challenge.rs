//! The `WWW-Authenticate` challenge of a failure, and its rendering.

use authparse_core::Challenge;

use crate::abi::{Buffer, Given, Ptr, Region};
use crate::base::*;

/// Challenge kinds (`authparse_challenge.kind`).
pub type authparse_challenge_kind = u32;
/// No challenge (the outcome is not a failure).
pub const AUTHPARSE_CHALLENGE_NONE: authparse_challenge_kind = 0;
/// `Basic` with the realm rules of `profile` (HTTPBasic).
pub const AUTHPARSE_CHALLENGE_BASIC: authparse_challenge_kind = 1;
/// `Bearer` (HTTPBearer, OAuth2 classes, OpenIdConnect).
pub const AUTHPARSE_CHALLENGE_BEARER: authparse_challenge_kind = 2;
/// `Digest` (HTTPDigest).
pub const AUTHPARSE_CHALLENGE_DIGEST: authparse_challenge_kind = 3;
/// `APIKey` (the API-key classes).
pub const AUTHPARSE_CHALLENGE_API_KEY: authparse_challenge_kind = 4;
/// `text` through Python's `str.title()` (HTTPBase).
pub const AUTHPARSE_CHALLENGE_CUSTOM: authparse_challenge_kind = 5;

/// A `WWW-Authenticate` challenge, rendered by `authparse_challenge_render`.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct authparse_challenge {
    /// One of `AUTHPARSE_CHALLENGE_*`.
    pub kind: authparse_challenge_kind,
    /// BASIC only: the rendering rules (the strict profile escapes the realm
    /// and adds `charset="UTF-8"`).
    pub profile: authparse_profile,
    /// BASIC only: whether there is a realm.
    pub has_realm: bool,
    /// BASIC: the realm; CUSTOM: the scheme. Points into the configuration
    /// (`authparse_scheme_config.realm` / `.name`); must be UTF-8.
    pub text: authparse_str,
}

impl Default for authparse_challenge {
    fn default() -> Self {
        authparse_challenge {
            kind: AUTHPARSE_CHALLENGE_NONE,
            profile: AUTHPARSE_PROFILE_FASTAPI,
            has_realm: false,
            text: authparse_str::EMPTY,
        }
    }
}

/// The C challenge of a core challenge (its text points where the core's does).
pub(crate) fn challenge(c: &Challenge<'_>) -> authparse_challenge {
    let (kind, profile, has_realm, text) = match *c {
        Challenge::Basic { realm, profile } => (
            AUTHPARSE_CHALLENGE_BASIC,
            profile_code(profile),
            realm.is_some(),
            realm.unwrap_or_default(),
        ),
        Challenge::Bearer => (AUTHPARSE_CHALLENGE_BEARER, 0, false, ""),
        Challenge::Digest => (AUTHPARSE_CHALLENGE_DIGEST, 0, false, ""),
        Challenge::ApiKey => (AUTHPARSE_CHALLENGE_API_KEY, 0, false, ""),
        Challenge::Custom(scheme) => (AUTHPARSE_CHALLENGE_CUSTOM, 0, false, scheme),
    };
    authparse_challenge {
        kind,
        profile,
        has_realm,
        text: view(text),
    }
}

/// The core challenge of a C challenge.
pub(crate) fn core_challenge<'c>(
    c: &Given<'c, authparse_challenge>,
) -> Result<Challenge<'c>, authparse_status> {
    let text = c.part(|c| &c.text).text()?;
    Ok(match c.kind {
        AUTHPARSE_CHALLENGE_BASIC => Challenge::Basic {
            realm: c.has_realm.then_some(text),
            profile: profile(c.profile)?,
        },
        AUTHPARSE_CHALLENGE_BEARER => Challenge::Bearer,
        AUTHPARSE_CHALLENGE_DIGEST => Challenge::Digest,
        AUTHPARSE_CHALLENGE_API_KEY => Challenge::ApiKey,
        AUTHPARSE_CHALLENGE_CUSTOM => Challenge::Custom(text),
        _ => return Err(AUTHPARSE_STATUS_INVALID_ARGUMENT),
    })
}

/// Renders a failure's `WWW-Authenticate` value into `buf`, the bytes FastAPI
/// sends (`Basic realm="simple"`, `Bearer`, `APIKey`, `My-Custom`, …).
///
/// Starlette encodes header values as Latin-1: in the FastAPI profile and
/// for CUSTOM, a non-ASCII character of the realm or scheme (which the
/// configuration holds as UTF-8) is written as its one Latin-1 byte (`café`
/// → `caf\xE9`), and one past U+00FF is
/// `AUTHPARSE_STATUS_INVALID_CONFIGURATION` (FastAPI answers 500). The
/// strict profile writes the realm's UTF-8. A control byte (HTAB aside) or
/// DEL in the realm or scheme is `AUTHPARSE_STATUS_INVALID_CONFIGURATION`.
///
/// On success `*out` points into `buf` (not NUL-terminated). A short buffer
/// gives `AUTHPARSE_STATUS_BUFFER_TOO_SMALL` with the exact size in
/// `*out_needed` (NULL allowed); nothing is truncated. A challenge of kind
/// NONE is `AUTHPARSE_STATUS_INVALID_ARGUMENT`.
///
/// # Safety
/// `challenge` must be valid with `text` readable; `buf` writable for
/// `buf_len` bytes (NULL with 0 allowed), not overlapping `text`; `out`
/// writable; `out_needed` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn authparse_challenge_render(
    challenge: *const authparse_challenge, buf: *mut u8, buf_len: usize, out: *mut authparse_str,
    out_needed: *mut usize,
) -> authparse_status {
    // SAFETY: the pointers are as `# Safety` above requires.
    let (challenge, (buffer, out)) = unsafe {
        (
            Ptr::new(challenge),
            Buffer::with_out(buf, buf_len, out, out_needed),
        )
    };
    buffer.call(|call| {
        let c = challenge.get()?;
        call.apart([c.region()])?;
        let core = core_challenge(c)?;
        out.required()?;
        call.apart([Region::bytes(c.part(|c| &c.text).lossy()), out.region()])?;
        let text = call.write(|b| core.render_bytes(b))?;
        out.set(view(text));
        Ok(())
    })
}
