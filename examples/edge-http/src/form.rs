//! `OAuth2PasswordRequestForm[Strict]` from an edge-http request body.

use authparse::form::{FormOutcome, OAuth2PasswordRequestForm, PasswordForm};
use authparse::Request;
use edge_http::io::server::Connection;
use edge_http::io::Error;
use embedded_io_async::{Read, Write};

use crate::{fill, Auth, Line, Refusal};

/// Reads the body of the request in `conn` into `buf` and runs `form` on
/// it: `Auth::Allowed(form)` with the fields copied into `buf`, or FastAPI's
/// 422 (strict: RFC 6749's 400) written to the connection and
/// [`Auth::Refused`].
///
/// `buf` holds the body, then, in two equal halves of the rest, the core's
/// decoding room and the copied fields (or the 422 body): five times the
/// longest body you accept always suffices, and a body that does not fit
/// is refused with 413. Call it before writing a response
/// ([`Error::InvalidState`] otherwise).
pub async fn password_form<'a, T, const N: usize>(
    conn: &mut Connection<'_, T, N>,
    form: &OAuth2PasswordRequestForm,
    buf: &'a mut [u8],
) -> Result<Auth<PasswordForm<'a>>, Error<T::Error>>
where
    T: Read + Write,
{
    if !conn.is_request_initiated() {
        return Err(Error::InvalidState);
    }
    let refusal = {
        let (request, body) = conn.split();
        match read_body(body, buf).await? {
            Some(len) => {
                let mut lines = [("", &[][..]); N];
                let count = fill(&mut lines, &request.headers);
                match decide(form, &lines[..count], buf, len) {
                    Ok(valid) => return Ok(Auth::Allowed(valid)),
                    Err(refusal) => refusal,
                }
            }
            None => Refusal::BodyTooLarge,
        }
    };
    refusal.write_to(conn).await?;
    Ok(Auth::Refused)
}

/// Reads the whole body into `buf`: its length, or `None` when it is longer.
async fn read_body<R: Read>(body: &mut R, buf: &mut [u8]) -> Result<Option<usize>, R::Error> {
    let mut len = 0;
    while let Some(free) = buf.get_mut(len..).filter(|free| !free.is_empty()) {
        match body.read(free).await? {
            0 => return Ok(Some(len)),
            read => len += read,
        }
    }
    // `buf` is full: the body fits only if nothing follows.
    Ok((body.read(&mut [0u8; 1]).await? == 0).then_some(len))
}

/// The form in `buf[..len]`, decoded and copied into the rest of `buf`.
fn decide<'a>(
    form: &OAuth2PasswordRequestForm,
    headers: &[Line<'_>],
    buf: &'a mut [u8],
    len: usize,
) -> Result<PasswordForm<'a>, Refusal<'a>> {
    let (body, rest) = buf.split_at_mut(len);
    let (scratch, out) = rest.split_at_mut(rest.len() / 2);
    let request = Request::new(headers).with_body(body);
    let outcome = form
        .extract(&request, scratch)
        .map_err(|_| Refusal::BodyTooLarge)?;
    let FormOutcome::Form(f) = &outcome else {
        let status = outcome.status();
        let body = outcome.write_body(out).map_err(|_| Refusal::BodyTooLarge)?;
        return Err(Refusal::Form { status, body });
    };
    f.copy_into(out).map_err(|_| Refusal::BodyTooLarge)
}
