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
