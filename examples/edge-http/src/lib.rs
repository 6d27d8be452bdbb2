//! # authparse-edge-http
//!
//! [edge-http](https://crates.io/crates/edge-http) 0.8 meets authparse:
//! inside a [`Handler`](edge_http::io::server::Handler), [`authenticate`]
//! runs any authparse scheme (see [`Scheme`]: [`HttpBasic`],
//! [`HttpBearer`], [`OAuth2PasswordBearer`], [`ApiKeyHeader`],
//! [`ApiKeyQuery`], [`ApiKeyCookie`], …) on the request's headers and
//! query, and [`password_form`] reads `OAuth2PasswordRequestForm[Strict]`
//! from the body. On a failure they
//! write FastAPI's response to the connection (status, `WWW-Authenticate`,
//! `Content-Type: application/json`, `Content-Length` and the JSON body)
//! and return [`Auth::Refused`]: the handler just returns.
//!
//! Nothing allocates. The credentials are copied into a buffer the handler
//! passes in (a value that does not fit is a 431, a body a 413), so they no
//! longer borrow the connection and the handler can write its own response.
//!
//! Serve connections with [`handle_connection`] (or [`handle_request`])
//! rather than edge-http's `Server::run`: a request head longer than the
//! connection's buffer then gets a 431 instead of a silent close, and one
//! with a `Content-Length` that is not a number within `u64` (`-1`, `abc`)
//! a 400 instead of edge-http 0.8's panic (and one with two different
//! `Content-Length` values a 400, where edge-http frames by the last).
//! Wrap each socket in `edge_nal::WithTimeout` and pass a keep-alive
//! timeout, so that silent clients cannot hold the tasks.
//!
//! ```
//! use core::fmt::{Debug, Display};
//!
//! use authparse::HttpBasic;
//! use authparse_edge_http::{authenticate, respond, Auth};
//! use edge_http::io::server::{Connection, Handler};
//! use edge_http::io::Error;
//! use edge_nal::TcpSplit;
//! use embedded_io_async::{Read, Write};
//!
//! struct Hello {
//!     basic: HttpBasic<'static>,
//! }
//!
//! impl Handler for Hello {
//!     type Error<E: Debug> = Error<E>;
//!
//!     async fn handle<T, const N: usize>(
//!         &self,
//!         _task_id: impl Display + Copy,
//!         conn: &mut Connection<'_, T, N>,
//!     ) -> Result<(), Error<T::Error>>
//!     where
//!         T: Read + Write + TcpSplit,
//!     {
//!         let mut buf = [0u8; 256];
//!         // FastAPI's 401 has been sent when the credentials are not valid.
//!         let Auth::Allowed(user) = authenticate(conn, &self.basic, &mut buf).await? else {
//!             return Ok(());
//!         };
//!         let body = match user {
//!             Some(c) if c.username == "john" => r#"{"hello":"john"}"#,
//!             _ => r#"{"hello":null}"#,
//!         };
//!         respond(conn, 200, None, body).await
//!     }
//! }
//! # let _ = Hello { basic: HttpBasic::new().realm("demo") };
//! ```
#![no_std]
#![forbid(unsafe_code)]
#![warn(missing_docs)]

#[cfg(test)]
extern crate std;

mod form;
mod guard;
mod response;
mod scheme;
mod serve;

pub use form::password_form;
pub use response::respond;
pub use scheme::{Decided, Parts, Refusal, Scheme};
pub use serve::{handle_connection, handle_request, DRAIN_LIMIT, DRAIN_TIMEOUT_MS};

use edge_http::io::server::Connection;
use edge_http::io::Error;
use embedded_io_async::{Read, Write};

#[cfg(doc)]
use authparse::{
    ApiKeyCookie, ApiKeyHeader, ApiKeyQuery, HttpBasic, HttpBearer, OAuth2PasswordBearer,
};

/// What the handler does after [`authenticate`] or [`password_form`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Auth<C> {
    /// The request passed: the credentials, in the caller's buffer.
    Allowed(C),
    /// The failure response has been written; the handler returns.
    Refused,
}

/// One header line as authparse reads it.
type Line<'h> = (&'h str, &'h [u8]);

/// The raw query string of a request target (after `?`).
fn query(path: &str) -> &str {
    path.split_once('?').map_or("", |(_, q)| q)
}

/// Copies the header lines of `headers` into `lines` (the same capacity,
/// so none is left out); returns how many there are.
fn fill<'h, const N: usize>(
    lines: &mut [Line<'h>; N],
    headers: &'h edge_http::Headers<'_, N>,
) -> usize {
    let mut count = 0;
    for (slot, line) in lines.iter_mut().zip(headers.iter_raw()) {
        *slot = line;
        count += 1;
    }
    count
}

/// Runs `scheme` on the request in `conn` (its headers and query).
///
/// `Auth::Allowed(Some(credentials))` when they are valid, with the values
/// copied into `buf`; `Auth::Allowed(None)` when the scheme has
/// `auto_error(false)` and the request carries none; otherwise FastAPI's
/// failure response has been written and the result is [`Auth::Refused`].
/// A credential longer than `buf` is refused with 431 (`ApiKeyCookie`
/// needs twice its length: it decodes into one half of `buf`).
///
/// Call it before reading the body or writing a response (the connection
/// must still be in its request state, [`Error::InvalidState`] otherwise).
pub async fn authenticate<'a, 'b: 'a, S, T, const N: usize>(
    conn: &mut Connection<'b, T, N>,
    scheme: &S,
    buf: &'a mut [u8],
) -> Result<Auth<Option<S::Credentials<'a>>>, Error<T::Error>>
where
    S: Scheme,
    T: Read + Write,
{
    let refusal = {
        let request = conn.headers()?;
        let target: &'b str = request.path;
        let mut lines = [("", &[][..]); N];
        let count = fill(&mut lines, &request.headers);
        let parts = Parts {
            headers: &lines[..count],
            query: query(target).as_bytes(),
        };
        match scheme.decide(parts, buf) {
            Ok(credentials) => return Ok(Auth::Allowed(credentials)),
            Err(refusal) => refusal,
        }
    };
    refusal.write_to(conn).await?;
    Ok(Auth::Refused)
}
