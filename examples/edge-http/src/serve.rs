//! edge-http's request loop, with an answer for a request it cannot read.
//!
//! edge-http 0.8 reads a request's head (request line and header lines)
//! into the connection's buffer (`Connection::new`). A head longer than the
//! buffer is `Error::TooLongHeaders`, one with more header lines than `N`
//! `Error::TooManyHeaders`, a malformed one `Error::InvalidHeaders`; its
//! `handle_request`, `handle_connection` and `Server::run` then close the
//! socket without a response. [`handle_request`] and [`handle_connection`]
//! are the same loop, but such a request gets
//! `431 {"detail":"Request Header Fields Too Large"}` (too long, too many
//! lines) or `400 {"detail":"Bad Request"}` (malformed), with
//! `Connection: close`. [`handle_connection`] then reads and drops what the
//! client still sends (up to [`DRAIN_LIMIT`] bytes, for at most
//! [`DRAIN_TIMEOUT_MS`]) before closing, so that the client reads the answer
//! rather than a reset.
//!
//! edge-http panics on a `Content-Length` it cannot parse while it builds
//! the connection. Here it reads the head through a guard (module `guard`)
//! that stops the head at such a value, or at a second `Content-Length`
//! that differs from the first: the request gets the same 400.

use core::fmt::Display;

use edge_http::io::server::{Connection, Handler, HandlerError};
use edge_http::io::Error;
use edge_nal::{with_timeout, Close, Readable, TcpShutdown, TcpSplit};
use embedded_io_async::{Read, Write};

use crate::guard::HeadGuard;

/// The most bytes [`handle_connection`] reads and drops after refusing a
/// head it could not read (the rest of it, and a body).
pub const DRAIN_LIMIT: usize = 64 * 1024;

/// How long [`handle_connection`] waits for them, in milliseconds.
pub const DRAIN_TIMEOUT_MS: u32 = 2000;

/// The body of a 400.
const BAD_REQUEST: &str = r#"{"detail":"Bad Request"}"#;

/// How one request went.
enum Served {
    /// The handler answered; whether the connection must close.
    Answered { close: bool },
    /// The head could not be read: refused, the connection must close.
    Refused,
}

/// Serves one request on `io` like edge-http's `handle_request`, but a head
/// past the buffer `buf`, with more than `N` header lines, malformed or with
/// an unparsable `Content-Length` gets 431 or 400 (module docs) instead of
/// an error or a panic. Returns whether the
/// connection must close (after a refusal it must, after reading what the
/// client still sends: [`handle_connection`] does both).
pub async fn handle_request<H, T, const N: usize>(
    buf: &mut [u8],
    mut io: T,
    task_id: impl Display + Copy,
    handler: H,
) -> Result<bool, HandlerError<T::Error, H::Error<T::Error>>>
where
    H: Handler,
    T: Read + Write + TcpSplit,
{
    match serve::<_, _, N>(buf, &mut io, task_id, &handler).await? {
        Served::Answered { close } => Ok(close),
        Served::Refused => Ok(true),
    }
}

/// Serves requests on `io` until the client closes it or a response needs
/// it closed, like edge-http's `handle_connection` (same parameters), with
/// [`handle_request`]'s answers. Use it from the accept loop in place of
/// edge-http's `Server::run`, which always calls its own.
pub async fn handle_connection<H, T, const N: usize>(
    mut io: T,
    buf: &mut [u8],
    keepalive_timeout_ms: Option<u32>,
    task_id: impl Display + Copy,
    handler: H,
) where
    H: Handler,
    T: Read + Write + Readable + TcpSplit + TcpShutdown,
{
    let close = loop {
        if let Some(ms) = keepalive_timeout_ms {
            if with_timeout(ms, io.readable()).await.is_err() {
                break true;
            }
        }
        match serve::<_, _, N>(buf, &mut io, task_id, &handler).await {
            Ok(Served::Answered { close: false }) => {}
            Ok(Served::Answered { close: true }) => break true,
            Ok(Served::Refused) => {
                drain(&mut io, buf).await;
                break true;
            }
            Err(HandlerError::Connection(Error::ConnectionClosed)) => break false,
            Err(_) => break true,
        }
    };
    if close {
        let _ = io.close(Close::Both).await;
    } else {
        let _ = io.abort().await;
    }
}

/// One request: the handler's answer, or the refusal of a head edge-http
/// could not read.
async fn serve<H, T, const N: usize>(
    buf: &mut [u8],
    io: &mut T,
    task_id: impl Display + Copy,
    handler: &H,
) -> Result<Served, HandlerError<T::Error, H::Error<T::Error>>>
where
    H: Handler,
    T: Read + Write + TcpSplit,
{
    let mut guard = HeadGuard::new(io);
    let mut connection = match Connection::<_, N>::new(buf, &mut guard).await {
        Ok(connection) => connection,
        Err(e) => {
            let refused = guard.refused().then_some((400, BAD_REQUEST));
            let Some((status, body)) = refused.or_else(|| refusal(&e)) else {
                return Err(HandlerError::Connection(e));
            };
            crate::response::write_closing(io, status, body)
                .await
                .map_err(HandlerError::Io)?;
            return Ok(Served::Refused);
        }
    };
    match handler.handle(task_id, &mut connection).await {
        Ok(()) => connection.complete().await?,
        Err(e) => connection
            .complete_err("INTERNAL ERROR")
            .await
            .map_err(|_| HandlerError::Handler(e))?,
    }
    Ok(Served::Answered {
        close: connection.needs_close(),
    })
}

/// The answer to a head edge-http could not read, if it can be answered
/// (not when the client closed or the socket failed).
fn refusal<E>(e: &Error<E>) -> Option<(u16, &'static str)> {
    match e {
        Error::TooLongHeaders | Error::TooManyHeaders => {
            Some((431, crate::response::HEADERS_TOO_LARGE))
        }
        Error::InvalidHeaders => Some((400, BAD_REQUEST)),
        _ => None,
    }
}

/// Half-closes `io` (the answer is complete) and reads what the client
/// still sends, into `buf`, until it closes, [`DRAIN_LIMIT`] bytes or
/// [`DRAIN_TIMEOUT_MS`].
async fn drain<T: Read + TcpShutdown>(io: &mut T, buf: &mut [u8]) {
    let _ = io.close(Close::Write).await;
    let read_all = async {
        let mut total = 0;
        while total < DRAIN_LIMIT {
            match io.read(buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => total += n,
            }
        }
        Ok::<(), ()>(())
    };
    let _ = with_timeout(DRAIN_TIMEOUT_MS, read_all).await;
}

#[cfg(test)]
mod tests {
    use edge_http::io::Error;

    #[test]
    fn refusals() {
        let r = |e: Error<()>| super::refusal(&e).map(|(status, _)| status);
        assert_eq!(r(Error::TooLongHeaders), Some(431));
        assert_eq!(r(Error::TooManyHeaders), Some(431));
        assert_eq!(r(Error::InvalidHeaders), Some(400));
        assert_eq!(r(Error::ConnectionClosed), None);
        assert_eq!(r(Error::IncompleteHeaders), None);
        assert_eq!(r(Error::Io(())), None);
    }
}
