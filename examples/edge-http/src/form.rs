//! `OAuth2PasswordRequestForm[Strict]` from an edge-http request body.

use authparse::form::{FormOutcome, OAuth2PasswordRequestForm, PasswordForm};
use authparse::{Error as CoreError, Request};
use edge_http::io::server::Connection;
use edge_http::io::Error;
use embedded_io_async::{Read, Write};

use crate::{fill, Auth, Line, Refusal};

/// Reads the body of the request in `conn` into `buf` and runs `form` on
/// it: `Auth::Allowed(form)` with the fields copied into `buf`, or FastAPI's
/// 422 (strict: RFC 6749's 400) written to the connection and
/// [`Auth::Refused`].
///
/// `buf` holds the body, the decoded fields (exactly the room the core
/// asks for) and, in the rest, the copied fields or the rendered 422 body.
/// FastAPI's 422 echoes an invalid `grant_type` JSON-escaped, up to 6 bytes
/// for each byte sent (`\u0001`), beside at most 328 bytes of fixed text:
/// for a urlencoded body of `n` bytes, `9 * n + 328` bytes always suffice
/// (a multipart body's file echo, FastAPI's `string_type`, can need more).
/// What does not fit is refused with 413. Call it before writing a
/// response ([`Error::InvalidState`] otherwise).
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
    let request = Request::new(headers).with_body(body);
    // The decoding room the core needs (it reports the exact size on an
    // empty buffer): the rest is left to the 422 body, which can be six
    // times as long as the value it echoes.
    let room = match form.extract(&request, &mut []) {
        Err(CoreError::BufferTooSmall { needed }) => needed,
        _ => 0,
    };
    let (scratch, out) = rest
        .split_at_mut_checked(room)
        .ok_or(Refusal::BodyTooLarge)?;
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

#[cfg(test)]
mod tests {
    use authparse::form::OAuth2PasswordRequestForm;

    use crate::Refusal;

    const URLENCODED: (&str, &[u8]) = ("Content-Type", b"application/x-www-form-urlencoded");

    /// The status and body `decide` answers `body` with, in a `size`-byte
    /// buffer.
    fn answer(body: &[u8], size: usize) -> (u16, std::string::String) {
        let mut buf = std::vec![0u8; size];
        buf[..body.len()].copy_from_slice(body);
        let form = OAuth2PasswordRequestForm::new();
        match super::decide(&form, &[URLENCODED], &mut buf, body.len()) {
            Ok(_) => (200, std::string::String::new()),
            Err(Refusal::Form { status, body }) => (status, body.into()),
            Err(Refusal::BodyTooLarge) => (413, std::string::String::new()),
            Err(_) => (0, std::string::String::new()),
        }
    }

    /// FastAPI's 422 for a `grant_type` of `input` (JSON-escaped by hand).
    fn mismatch(escaped: &str) -> std::string::String {
        std::format!(
            r#"{{"detail":[{{"type":"string_pattern_mismatch","loc":["body","grant_type"],"msg":"String should match pattern '^password$'","input":"{escaped}","ctx":{{"pattern":"^password$"}}}}]}}"#
        )
    }

    #[test]
    fn an_echo_six_times_the_value_gets_its_422() {
        // The review's body: 133 bytes, whose 422 is 766 (halves of the
        // 1024-byte buffer's rest gave it 445: a 413).
        let mut body = b"grant_type=".to_vec();
        body.extend([1u8; 100]);
        body.extend(b"&username=a&password=b");
        let want = mismatch(&"\\u0001".repeat(100));
        assert_eq!(want.len(), 766);
        assert_eq!(answer(&body, 1024), (422, want.clone()));
        // The documented bound: 9 * n + 328 bytes.
        assert_eq!(answer(&body, 9 * body.len() + 328), (422, want));
        // Exactly the body, its decoded values and the 422 body; one byte
        // less is a 413.
        let decoded = match OAuth2PasswordRequestForm::new().extract(
            &authparse::Request::new(&[URLENCODED]).with_body(&body),
            &mut [],
        ) {
            Err(authparse::Error::BufferTooSmall { needed }) => needed,
            // Raw bytes need no decoding: the value is a view of the body.
            Ok(_) => 0,
            Err(e) => panic!("{e:?}"),
        };
        let least = body.len() + decoded + 766;
        assert_eq!(answer(&body, least).0, 422);
        assert_eq!(answer(&body, least - 1).0, 413);
    }

    #[test]
    fn a_valid_form_is_copied() {
        assert_eq!(answer(b"username=a&password=b", 64).0, 200);
        assert_eq!(answer(b"username=a", 256).0, 422);
    }
}
