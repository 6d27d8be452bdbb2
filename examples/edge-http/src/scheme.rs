//! The schemes [`authenticate`](crate::authenticate) runs, and what a
//! refused request gets.

use authparse::{
    ApiKeyCookie, ApiKeyHeader, ApiKeyQuery, AuthorizationCredentials, BasicCredentials, Failure,
    HttpBase, HttpBasic, HttpBearer, HttpDigest, OAuth2, OAuth2AuthorizationCodeBearer,
    OAuth2PasswordBearer, OpenIdConnect, Outcome, Request, Secret,
};
use edge_http::io::server::Connection;
use edge_http::io::Error;
use embedded_io_async::{Read, Write};

/// The largest `WWW-Authenticate` value written (a longer one, from a very
/// long realm, is a misconfiguration: the answer is a 500, see
/// [`Refusal::parts`]).
const CHALLENGE_CAPACITY: usize = 256;

/// Why a request was refused: the response it gets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal<'r> {
    /// A scheme's failure: FastAPI's 401 (or 400), challenge and body.
    Failure(Failure<'r>),
    /// An invalid password form: 422 (or 400) and FastAPI's rendered body.
    Form {
        /// The status.
        status: u16,
        /// The JSON body.
        body: &'r str,
    },
    /// A credential longer than the caller's buffer: 431.
    HeaderTooLarge,
    /// A body (or its decoded form) longer than the caller's buffer: 413.
    BodyTooLarge,
}

impl Refusal<'_> {
    /// Writes the response to `conn`.
    pub(crate) async fn write_to<T: Read + Write, const N: usize>(
        self,
        conn: &mut Connection<'_, T, N>,
    ) -> Result<(), Error<T::Error>> {
        let mut text = [0u8; CHALLENGE_CAPACITY];
        let (status, challenge, body) = self.parts(&mut text);
        crate::respond(conn, status, challenge, body).await
    }

    /// The status, `WWW-Authenticate` value (rendered into `buf`) and JSON
    /// body of the response. A challenge that does not render (longer than
    /// `buf`, or a configured control byte) is the server's
    /// misconfiguration: a 500 without one, never a 401 without
    /// `WWW-Authenticate` (RFC 9110 §11.6.1 requires it).
    fn parts<'b>(&self, buf: &'b mut [u8]) -> (u16, Option<&'b str>, &str) {
        match *self {
            Refusal::Failure(f) => match f.challenge.render(buf) {
                Ok(challenge) => (f.status, Some(challenge), f.body()),
                Err(_) => (500, None, r#"{"detail":"Internal Server Error"}"#),
            },
            Refusal::Form { status, body } => (status, None, body),
            Refusal::HeaderTooLarge => (431, None, crate::response::HEADERS_TOO_LARGE),
            Refusal::BodyTooLarge => (413, None, r#"{"detail":"Request Entity Too Large"}"#),
        }
    }
}

/// An authparse scheme that decides on a request's headers and query.
///
/// Implemented for every scheme of the core, whatever its configuration
/// (profile, `auto_error`, realm, name): [`HttpBasic`], [`HttpBearer`],
/// [`HttpDigest`], [`HttpBase`], [`OAuth2PasswordBearer`],
/// [`OAuth2AuthorizationCodeBearer`], [`OAuth2`], [`OpenIdConnect`],
/// [`ApiKeyHeader`], [`ApiKeyQuery`] and [`ApiKeyCookie`].
pub trait Scheme {
    /// What a valid request yields: the core's credential type, in `buf`.
    type Credentials<'a>;

    /// The decision on `parts`: `Ok(None)` for no credentials with
    /// `auto_error(false)`.
    fn decide<'a>(
        &self,
        parts: Parts<'_, 'a>,
        buf: &'a mut [u8],
    ) -> Decided<'_, Self::Credentials<'a>>;
}

/// The parts of a request a [`Scheme`] reads.
#[derive(Clone, Copy)]
pub struct Parts<'h, 'q> {
    /// The header lines, in arrival order.
    pub headers: &'h [(&'h str, &'h [u8])],
    /// The raw query string (after `?`).
    pub query: &'q [u8],
}

/// A [`Scheme`]'s decision: the credentials (`None` when absent and
/// allowed), or the response that refuses the request.
pub type Decided<'r, C> = Result<Option<C>, Refusal<'r>>;

/// The credentials of an outcome (`None` for `Absent`), or its refusal.
fn decided<'c, T>(outcome: Outcome<'c, T>) -> Decided<'c, T> {
    match outcome {
        Outcome::Credentials(c) => Ok(Some(c)),
        Outcome::Absent => Ok(None),
        Outcome::Failure(f) => Err(Refusal::Failure(f)),
    }
}

/// Splits `len` bytes off the front of `buf`.
pub(crate) fn take<'a>(buf: &mut &'a mut [u8], len: usize) -> Option<&'a mut [u8]> {
    let (head, tail) = core::mem::take(buf).split_at_mut_checked(len)?;
    *buf = tail;
    Some(head)
}

/// `value` copied to the front of `buf`.
fn copy<'a>(buf: &mut &'a mut [u8], value: &[u8]) -> Result<&'a [u8], Refusal<'static>> {
    let slot = take(buf, value.len()).ok_or(Refusal::HeaderTooLarge)?;
    slot.copy_from_slice(value);
    Ok(slot)
}

/// A secret that borrows the request, copied into `buf`.
fn keep<'a, 'c>(
    outcome: Outcome<'c, Secret<'_>>,
    mut buf: &'a mut [u8],
) -> Decided<'c, Secret<'a>> {
    match decided(outcome)? {
        Some(v) => Ok(Some(Secret::new(copy(&mut buf, v.as_bytes())?))),
        None => Ok(None),
    }
}

/// The `Authorization` scheme and value, copied into `buf`.
fn keep_authorization<'a, 'c>(
    outcome: Outcome<'c, AuthorizationCredentials<'_>>,
    mut buf: &'a mut [u8],
) -> Decided<'c, AuthorizationCredentials<'a>> {
    let Some(c) = decided(outcome)? else {
        return Ok(None);
    };
    Ok(Some(AuthorizationCredentials {
        scheme: copy(&mut buf, c.scheme)?,
        credentials: Secret::new(copy(&mut buf, c.credentials.as_bytes())?),
    }))
}

/// `impl Scheme for $scheme`: `$decide` decides, with `$s` (the scheme),
/// `$parts` and `$buf` bound.
macro_rules! schemes {
    ($($scheme:ident => $credentials:ident, |$s:ident, $parts:ident, $buf:ident| $decide:expr;)*) => {$(
        impl Scheme for $scheme<'_> {
            type Credentials<'a> = $credentials<'a>;

            fn decide<'a>(
                &self,
                $parts: Parts<'_, 'a>,
                $buf: &'a mut [u8],
            ) -> Decided<'_, $credentials<'a>> {
                let $s = self;
                $decide
            }
        }
    )*};
}

schemes! {
    // Decoded into `buf` by the core: nothing to copy.
    HttpBasic => BasicCredentials, |s, parts, buf| decided(
        s.extract(&Request::new(parts.headers), buf).map_err(|_| Refusal::HeaderTooLarge)?,
    );
    // Views of the header lines, copied into `buf`.
    HttpBearer => AuthorizationCredentials, |s, parts, buf|
        keep_authorization(s.extract(&Request::new(parts.headers)), buf);
    HttpDigest => AuthorizationCredentials, |s, parts, buf|
        keep_authorization(s.extract(&Request::new(parts.headers)), buf);
    HttpBase => AuthorizationCredentials, |s, parts, buf|
        keep_authorization(s.extract(&Request::new(parts.headers)), buf);
    OAuth2PasswordBearer => Secret, |s, parts, buf| keep(s.extract(&Request::new(parts.headers)), buf);
    OAuth2AuthorizationCodeBearer => Secret, |s, parts, buf|
        keep(s.extract(&Request::new(parts.headers)), buf);
    OAuth2 => Secret, |s, parts, buf| keep(s.extract(&Request::new(parts.headers)), buf);
    OpenIdConnect => Secret, |s, parts, buf| keep(s.extract(&Request::new(parts.headers)), buf);
    ApiKeyHeader => Secret, |s, parts, buf| keep(s.extract(&Request::new(parts.headers)), buf);
    // The query outlives the header lines: the value (a view of it, or
    // decoded into `buf`) needs no copy.
    ApiKeyQuery => Secret, |s, parts, buf| {
        let request = Request::<(&str, &[u8])>::new(&[]).with_query(parts.query);
        decided(s.extract(&request, buf).map_err(|_| Refusal::HeaderTooLarge)?)
    };
    // The core unquotes into the back half; the value (there, or a view of
    // the header) is then copied to the front.
    ApiKeyCookie => Secret, |s, parts, buf| {
        let (front, back) = buf.split_at_mut(buf.len() / 2);
        let outcome = s.extract(&Request::new(parts.headers), back);
        keep(outcome.map_err(|_| Refusal::HeaderTooLarge)?, front)
    };
}

#[cfg(test)]
mod tests {
    use super::{Refusal, CHALLENGE_CAPACITY};
    use authparse::{Failure, HttpBasic, Outcome, Request};

    /// A 401 always carries its challenge: one past the buffer is a 500.
    #[test]
    fn a_challenge_that_does_not_fit_is_a_500() {
        let headers: [(&str, &[u8]); 0] = [];
        let failure = |realm: &'static str| -> Failure<'static> {
            match HttpBasic::new()
                .realm(realm)
                .extract(&Request::new(&headers), &mut [])
            {
                Ok(Outcome::Failure(f)) => f,
                _ => unreachable!("no credentials: a failure"),
            }
        };
        let mut buf = [0u8; CHALLENGE_CAPACITY];
        assert_eq!(
            Refusal::Failure(failure("mcu")).parts(&mut buf),
            (
                401,
                Some(r#"Basic realm="mcu""#),
                r#"{"detail":"Not authenticated"}"#
            )
        );
        let long: &'static str = "r".repeat(CHALLENGE_CAPACITY).leak();
        assert_eq!(
            Refusal::Failure(failure(long)).parts(&mut buf),
            (500, None, r#"{"detail":"Internal Server Error"}"#)
        );
    }
}
