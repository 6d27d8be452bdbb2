//! FastAPI's OpenAPI output for the security classes, byte-exact.
//!
//! Everything here writes compact JSON exactly as FastAPI 0.165.0 serves it
//! in `/openapi.json` (Starlette's `JSONResponse`: `json.dumps` with
//! `ensure_ascii=False` and `separators=(",", ":")`) into a caller buffer.
//! A short buffer gives [`Error::BufferTooSmall`] with the exact size
//! needed; each type also has a `json_len` that computes it up front.
//!
//! * [`SecurityScheme`]: one `components.securitySchemes` entry (key and value);
//! * [`SecuritySchemes`]: the whole `components.securitySchemes` object,
//!   with FastAPI's handling of name collisions;
//! * [`SecurityRequirements`]: an operation's `security` array, merged as FastAPI does;
//! * [`PasswordFormBody`]: the `requestBody` and `Body_…` schema of
//!   `OAuth2PasswordRequestForm` / `OAuth2PasswordRequestFormStrict`;
//! * [`OAuthFlows`], [`OAuthFlow`], [`RawJson`]: the `flows=…` of a generic
//!   [`OAuth2`](crate::OAuth2).
//!
//! ```
//! use authparse::openapi::SecurityScheme;
//! use authparse::HttpBearer;
//!
//! let bearer = HttpBearer::new().bearer_format("JWT").scheme_name("BearerJWT");
//! let scheme = SecurityScheme::from(bearer);
//! let mut buf = [0u8; 128];
//! assert_eq!(scheme.key(), "BearerJWT");
//! assert_eq!(
//!     scheme.write_json(&mut buf)?,
//!     r#"{"type":"http","scheme":"bearer","bearerFormat":"JWT"}"#
//! );
//! # Ok::<(), authparse::Error>(())
//! ```
//!
//! ## Strings
//!
//! Strings are escaped as Python's `json.dumps(…, ensure_ascii=False)` does:
//! `"` and `\` are backslash-escaped, `\b \f \n \r \t` use their short forms,
//! the other control characters U+0000..U+001F become `\u00XX` with
//! lower-case hex, and everything else (DEL, non-ASCII) is written as raw
//! UTF-8. (serde-json-core writes upper-case hex there, the same JSON value
//! but not FastAPI's bytes, so the crate escapes on its own.)

mod components;
mod flows;
mod password_form;
mod requirements;
mod scheme;
#[cfg(feature = "serde")]
mod serde_impls;
#[cfg(test)]
mod tests;

pub use crate::base::raw_json::RawJson;
pub use crate::schemes::oauth2::{ExtraKeys, OAuthFlow, OAuthFlows};
pub use components::SecuritySchemes;
pub use password_form::PasswordFormBody;
pub use requirements::{Requirement, SecurityRequirements};
pub use scheme::SecurityScheme;

use crate::base::error::Error;
use crate::base::json::{string, write_with};

/// Writes `s` as a JSON string (quotes included), escaped as FastAPI's
/// output escapes it.
///
/// ```
/// let mut buf = [0u8; 32];
/// assert_eq!(authparse::openapi::write_json_string("a\"b\t\u{1f}é", &mut buf)?, r#""a\"b\t\u001fé""#);
/// # Ok::<(), authparse::Error>(())
/// ```
pub fn write_json_string<'b>(s: &str, buf: &'b mut [u8]) -> Result<&'b str, Error> {
    write_with(buf, |o| {
        string(o, s);
        Ok(())
    })
}
