//! Writing a JSON response to an edge-http connection, without `core::fmt`.

use edge_http::io::server::Connection;
use edge_http::io::Error;
use embedded_io_async::{Read, Write};

/// Writes a JSON response: the status line, `WWW-Authenticate` (when
/// given), `Content-Type: application/json`, `Content-Length` and `body`.
///
/// The failures of [`authenticate`](crate::authenticate) and
/// [`password_form`](crate::password_form) go out through it; a handler
/// can answer with it too.
pub async fn respond<T, const N: usize>(
    conn: &mut Connection<'_, T, N>,
    status: u16,
    www_authenticate: Option<&str>,
    body: &str,
) -> Result<(), Error<T::Error>>
where
    T: Read + Write,
{
    let mut digits = [0u8; 20];
    let length = decimal(body.len(), &mut digits);
    let json = [
        ("Content-Type", "application/json"),
        ("Content-Length", length),
    ];
    match www_authenticate {
        Some(challenge) => {
            let [a, b] = json;
            let headers = [("WWW-Authenticate", challenge), a, b];
            conn.initiate_response(status, reason(status), &headers)
                .await?
        }
        None => {
            conn.initiate_response(status, reason(status), &json)
                .await?
        }
    }
    conn.write_all(body.as_bytes()).await?;
    Ok(())
}

/// The body of a 431.
pub(crate) const HEADERS_TOO_LARGE: &str = r#"{"detail":"Request Header Fields Too Large"}"#;

/// Writes a JSON response with `Connection: close` straight to `io`: for a
/// request edge-http could not read, so that no `Connection` exists.
pub(crate) async fn write_closing<W: Write>(
    io: &mut W,
    status: u16,
    body: &str,
) -> Result<(), W::Error> {
    let (mut code, mut length) = ([0u8; 20], [0u8; 20]);
    for part in [
        "HTTP/1.1 ",
        decimal(status.into(), &mut code),
        " ",
        reason(status).unwrap_or(""),
        "\r\nContent-Type: application/json\r\nContent-Length: ",
        decimal(body.len(), &mut length),
        "\r\nConnection: close\r\n\r\n",
        body,
    ] {
        io.write_all(part.as_bytes()).await?;
    }
    io.flush().await
}

/// The reason phrase of the statuses authparse and the example app send.
fn reason(status: u16) -> Option<&'static str> {
    Some(match status {
        200 => "OK",
        400 => "Bad Request",
        401 => "Unauthorized",
        404 => "Not Found",
        405 => "Method Not Allowed",
        413 => "Content Too Large",
        422 => "Unprocessable Content",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        _ => return None,
    })
}

/// `n` in decimal, written into `buf` (20 digits hold any `u64`).
fn decimal(mut n: usize, buf: &mut [u8; 20]) -> &str {
    let mut start = buf.len();
    for slot in buf.iter_mut().rev() {
        // `n % 10` is below 10: the cast keeps it exactly.
        *slot = b'0' + (n % 10) as u8;
        start -= 1;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    buf.get(start..)
        .and_then(|d| core::str::from_utf8(d).ok())
        .unwrap_or("0")
}

#[cfg(test)]
mod tests {
    /// A sink that is always ready.
    struct Sink(heapless::Vec<u8, 256>);

    impl embedded_io_async::ErrorType for Sink {
        type Error = core::convert::Infallible;
    }

    impl embedded_io_async::Write for Sink {
        async fn write(&mut self, buf: &[u8]) -> Result<usize, Self::Error> {
            self.0.extend_from_slice(buf).unwrap();
            Ok(buf.len())
        }

        async fn flush(&mut self) -> Result<(), Self::Error> {
            Ok(())
        }
    }

    /// The bytes `write_closing` sends.
    #[test]
    fn closing_response() {
        let mut out = Sink(heapless::Vec::new());
        {
            let mut written = core::pin::pin!(super::write_closing(
                &mut out,
                431,
                super::HEADERS_TOO_LARGE
            ));
            let mut cx = core::task::Context::from_waker(core::task::Waker::noop());
            assert!(matches!(
                core::future::Future::poll(written.as_mut(), &mut cx),
                core::task::Poll::Ready(Ok(()))
            ));
        }
        assert_eq!(
            core::str::from_utf8(&out.0).unwrap(),
            "HTTP/1.1 431 Request Header Fields Too Large\r\nContent-Type: application/json\r\n\
             Content-Length: 44\r\nConnection: close\r\n\r\n\
             {\"detail\":\"Request Header Fields Too Large\"}"
        );
    }

    #[test]
    fn decimal() {
        let mut buf = [0u8; 20];
        assert_eq!(super::decimal(0, &mut buf), "0");
        assert_eq!(super::decimal(30, &mut buf), "30");
        assert_eq!(super::decimal(1_000_007, &mut buf), "1000007");
        assert_eq!(
            super::decimal(u64::MAX as usize, &mut buf),
            "18446744073709551615"
        );
    }
}
