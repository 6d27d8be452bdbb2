//! What a scheme decides: credentials, absent (`None`), or a failure response.

use core::fmt;

use crate::base::error::Error;
use crate::base::sink::Sink;
use crate::model::challenge::{Challenge, Encoding};

/// The body FastAPI sends with every 401: `{"detail":"Not authenticated"}`.
pub const NOT_AUTHENTICATED_BODY: &str = r#"{"detail":"Not authenticated"}"#;

/// The body sent with a strict-profile 400 (ambiguous credentials).
pub const BAD_REQUEST_BODY: &str = r#"{"detail":"Bad Request"}"#;

/// A scheme's decision for one request.
///
/// ```
/// use authparse::{HttpBearer, Outcome, Request};
/// let headers = [("authorization", "Bearer abc")];
/// match HttpBearer::new().extract(&Request::new(&headers)) {
///     Outcome::Credentials(c) => assert_eq!(c.credentials.as_bytes(), b"abc"),
///     other => panic!("{other:?}"),
/// }
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum Outcome<'c, T> {
    /// The credentials the scheme extracted.
    Credentials(T),
    /// No usable credentials and `auto_error` is off: FastAPI's `None`.
    Absent,
    /// Respond with [`Failure::status`], the challenge and [`Failure::body`].
    Failure(Failure<'c>),
}

impl<'c, T> Outcome<'c, T> {
    /// The HTTP status FastAPI would continue (200) or answer with.
    pub fn status(&self) -> u16 {
        match self {
            Outcome::Failure(f) => f.status,
            _ => 200,
        }
    }

    /// The credentials, if any.
    pub fn credentials(self) -> Option<T> {
        match self {
            Outcome::Credentials(c) => Some(c),
            _ => None,
        }
    }

    /// The failure, if any.
    pub fn failure(&self) -> Option<&Failure<'c>> {
        match self {
            Outcome::Failure(f) => Some(f),
            _ => None,
        }
    }

    /// Applies `f` to the credentials.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Outcome<'c, U> {
        match self {
            Outcome::Credentials(c) => Outcome::Credentials(f(c)),
            Outcome::Absent => Outcome::Absent,
            Outcome::Failure(e) => Outcome::Failure(e),
        }
    }
}

/// A failure response: status, `WWW-Authenticate` challenge and JSON body.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Failure<'c> {
    /// 401, or 400 for a strict-profile ambiguity.
    pub status: u16,
    /// Why the request failed (for logs; never contains input bytes).
    pub reason: Reason,
    /// The `WWW-Authenticate` value to send.
    pub challenge: Challenge<'c>,
}

impl<'c> Failure<'c> {
    pub(crate) const fn unauthorized(reason: Reason, challenge: Challenge<'c>) -> Self {
        Failure {
            status: 401,
            reason,
            challenge,
        }
    }

    pub(crate) const fn bad_request(reason: Reason, challenge: Challenge<'c>) -> Self {
        Failure {
            status: 400,
            reason,
            challenge,
        }
    }

    /// The JSON body FastAPI sends with this status.
    pub const fn body(&self) -> &'static str {
        body_for(self.status)
    }

    /// The whole HTTP/1.1 response FastAPI sends for this failure, for a
    /// server that writes raw bytes: see [`write_failure_response`].
    ///
    /// ```
    /// use authparse::{HttpBasic, Request};
    /// let none: [(&str, &str); 0] = [];
    /// let outcome = HttpBasic::new().realm("mcu").extract(&Request::new(&none), &mut [])?;
    /// let mut buf = [0u8; 160];
    /// let response = outcome.failure().unwrap().write_response(&mut buf)?;
    /// assert_eq!(
    ///     response,
    ///     b"HTTP/1.1 401 Unauthorized\r\nwww-authenticate: Basic realm=\"mcu\"\r\n\
    ///       content-length: 30\r\ncontent-type: application/json\r\n\r\n\
    ///       {\"detail\":\"Not authenticated\"}"
    /// );
    /// # Ok::<(), authparse::Error>(())
    /// ```
    pub fn write_response<'b>(&self, buf: &'b mut [u8]) -> Result<&'b [u8], Error> {
        write_failure_response(self.status, &self.challenge, buf)
    }
}

/// The body FastAPI sends with a failure `status`.
const fn body_for(status: u16) -> &'static str {
    if status == 400 {
        BAD_REQUEST_BODY
    } else {
        NOT_AUTHENTICATED_BODY
    }
}

// The `content-length` values written by `write_failure_response`.
const _: () = assert!(NOT_AUTHENTICATED_BODY.len() == 30 && BAD_REQUEST_BODY.len() == 24);

/// Writes the HTTP/1.1 response FastAPI sends for a failure with `status`
/// (401, or 400 for a strict-profile ambiguity) and `challenge`, into `buf`:
/// the status line, then `www-authenticate`, `content-length` and
/// `content-type: application/json` in FastAPI's order, a blank line and the
/// body. A short buffer is [`Error::BufferTooSmall`] with the exact size.
pub fn write_failure_response<'b>(
    status: u16,
    challenge: &Challenge<'_>,
    buf: &'b mut [u8],
) -> Result<&'b [u8], Error> {
    let (head, length): (&[u8], &[u8]) = if status == 400 {
        (b"HTTP/1.1 400 Bad Request\r\nwww-authenticate: ", b"24")
    } else {
        (b"HTTP/1.1 401 Unauthorized\r\nwww-authenticate: ", b"30")
    };
    let mut sink = Sink::new(buf);
    sink.extend(head);
    if !challenge.write_to(Encoding::Wire, &mut sink) {
        return Err(Error::InvalidConfiguration); // a control byte, or a character Latin-1 lacks
    }
    sink.extend(b"\r\ncontent-length: ");
    sink.extend(length);
    sink.extend(b"\r\ncontent-type: application/json\r\n\r\n");
    sink.extend(body_for(status).as_bytes());
    Ok(sink.into_written()?)
}

/// Why a scheme failed. Stable numeric codes, mirrored in C.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum Reason {
    /// No header, cookie or parameter, or an empty one.
    Missing,
    /// The `Authorization` scheme is not the expected one.
    WrongScheme,
    /// The scheme is right but nothing follows it.
    EmptyCredentials,
    /// Basic credentials are not valid base64 for the profile.
    InvalidBase64,
    /// Decoded Basic credentials are not ASCII (FastAPI) or not UTF-8 (strict).
    InvalidCharset,
    /// Decoded Basic credentials have no `:`.
    MissingColon,
    /// Credentials contain a control character (strict).
    ControlCharacter,
    /// The credentials are not a `token68` / `b64token`, or the framing is not
    /// `scheme 1*SP credentials` (strict).
    MalformedCredentials,
    /// More than one header line carries credentials (strict).
    DuplicateCredentials,
}

impl Reason {
    /// Stable numeric code.
    pub const fn code(self) -> u32 {
        match self {
            Reason::Missing => 1,
            Reason::WrongScheme => 2,
            Reason::EmptyCredentials => 3,
            Reason::InvalidBase64 => 4,
            Reason::InvalidCharset => 5,
            Reason::MissingColon => 6,
            Reason::ControlCharacter => 7,
            Reason::MalformedCredentials => 8,
            Reason::DuplicateCredentials => 9,
        }
    }

    /// A one-line description.
    pub const fn message(self) -> &'static str {
        match self {
            Reason::Missing => "credentials missing",
            Reason::WrongScheme => "wrong authorization scheme",
            Reason::EmptyCredentials => "empty credentials",
            Reason::InvalidBase64 => "invalid base64 in credentials",
            Reason::InvalidCharset => "credentials not in the accepted charset",
            Reason::MissingColon => "basic credentials without ':'",
            Reason::ControlCharacter => "control character in credentials",
            Reason::MalformedCredentials => "malformed credentials",
            Reason::DuplicateCredentials => "credentials sent more than once",
        }
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message())
    }
}
