//! A small HTTP/1.1 server protected by authparse, answering exactly as the
//! FastAPI app it stands in for would (status, `WWW-Authenticate`, body).
//!
//! ```text
//! cargo run --example server --features httparse,digest-verify -- 127.0.0.1:8080
//! curl -i -u john:secret http://127.0.0.1:8080/basic
//! ```
//!
//! Routes (the FastAPI equivalents in brackets):
//! - `GET /basic`   `HTTPBasic(realm="demo")` → `{"username":…,"password":…}`
//! - `GET /me`      `OAuth2PasswordBearer(tokenUrl="token")` → `{"token":…}`
//! - `GET /items`   `APIKeyQuery(name="api_key")` or `APIKeyCookie(name="session")`
//! - `POST /token`  `OAuth2PasswordRequestForm` → `{"access_token":…,"token_type":"bearer"}`
//!   for the password `secret`, else 400 `{"detail":"Incorrect username or password"}`
//!   (the application's check, as in FastAPI's tutorial, in constant time
//!   with `authparse::ct_eq`)
//! - `GET /digest`  HTTP Digest (RFC 7616, SHA-256, realm `authparse-digest`),
//!   verified with `authparse::digest` for the user `alice`, password
//!   `wonderland` → `{"username":…}`; 401 with a fresh challenge otherwise,
//!   `stale=true` when the response is right but the nonce expired or is
//!   used up (stateless nonces, 300 s; the highest `nc` accepted per nonce
//!   is kept in a `NonceCounts` table, so a replayed request is refused).
//! - `GET /digest-short`, `GET /digest-short/slow` the same with nonces of
//!   `--digest-short-lifetime S` seconds (default 2); `/slow` answers after
//!   S + 2 s with a redirect to `/digest-short`, so that a client follows it
//!   with an expired nonce (tests/e2e/check_digest.py).
//!
//! The decode buffer, the raw request and the response body (which echoes
//! credentials on `/basic`) are wiped with `authparse::wipe` once answered.
//!
//! Start it with `--strict` for the strict profile. One thread, one request
//! per connection; `--max-requests N` stops it after N requests (tests).
//! The request is framed carefully (tests/e2e/check_framing.py): a
//! malformed or conflicting `Content-Length` is a 400, a head over 64 KiB
//! or over 128 header lines a 431, a body over 2 MiB a 413,
//! `Transfer-Encoding` a 501, and a client whose whole request has not
//! arrived within `--read-timeout S` seconds (default 10) is dropped, also
//! one that sends a byte now and then. A folded header line (obs-fold) is a
//! 400, as RFC 9112 §5.2 allows (h11, behind uvicorn, unfolds it).

use std::io::{ErrorKind, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use authparse::digest::{
    Credentials, DigestChallenge, DigestError, NonceCounts, NonceKey, RequestInfo, StoredSecret,
    StoredUser,
};
use authparse::form::{FormOutcome, OAuth2PasswordRequestForm};
use authparse::{
    ct_eq, wipe, ApiKeyCookie, ApiKeyQuery, Failure, HttpBasic, HttpDigest, OAuth2PasswordBearer,
    Outcome, Profile, Request,
};

struct Response {
    status: u16,
    challenge: Option<String>,
    location: Option<String>,
    body: String,
}

impl Response {
    fn json(status: u16, body: String) -> Self {
        Response {
            status,
            challenge: None,
            location: None,
            body,
        }
    }

    fn failure(f: &Failure<'_>) -> Self {
        Response {
            challenge: Some(f.challenge.to_string()),
            ..Response::json(f.status, f.body().to_string())
        }
    }
}

/// The Digest routes' state: the nonce key (a random secret per start, so
/// nonces of an earlier run are not ours: answered with `stale=true` when
/// the response is right), a counter that makes nonces unique, and the
/// highest `nc` accepted per nonce (replays are refused).
struct Digest {
    key: NonceKey,
    issued: u64,
    counts: NonceCounts<DIGEST_NONCE_SLOTS>,
    short_lifetime: u64,
}

/// Nonces remembered at once (24 bytes each): when full, the oldest is
/// forgotten and nonces issued up to it are answered as stale.
const DIGEST_NONCE_SLOTS: usize = 1024;

const DIGEST_REALM: &str = "authparse-digest";
const DIGEST_USER: &[u8] = b"alice";
const DIGEST_PASSWORD: &[u8] = b"wonderland";

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

impl Digest {
    fn new(short_lifetime: u64) -> std::io::Result<Self> {
        let mut secret = [0u8; 32];
        std::fs::File::open("/dev/urandom")?.read_exact(&mut secret)?;
        let key = NonceKey::new(&secret).map_err(std::io::Error::other);
        wipe(&mut secret);
        Ok(Digest {
            key: key?,
            issued: 0,
            counts: NonceCounts::new(),
            short_lifetime,
        })
    }

    /// Verifies Digest credentials (the parameters after `Digest `) and
    /// records their nonce count: `Ok` with the user name, or `Err(stale)`
    /// for a 401 (`stale`: right response, but an expired, foreign,
    /// forgotten or replayed nonce: RFC 7616 §3.3, the credentials are
    /// right and only a fresh nonce is needed).
    fn check(
        &mut self,
        method: &str,
        target: &str,
        params: &[u8],
        lifetime: u64,
    ) -> Result<String, bool> {
        let mut buf = vec![0u8; params.len()];
        let verdict = (|| {
            let creds = Credentials::parse(params, &mut buf)?;
            let request = RequestInfo {
                method: method.as_bytes(),
                target: target.as_bytes(),
                realm: DIGEST_REALM.as_bytes(),
                body_hash: None,
            };
            let user = StoredUser {
                username: DIGEST_USER,
                secret: StoredSecret::Password(DIGEST_PASSWORD),
            };
            // The challenge offers SHA-256 with qop="auth": an answer with
            // another algorithm, or an RFC 2069 one (no qop), would be a
            // downgrade, refused before verifying.
            let offer = DigestChallenge::new(DIGEST_REALM.as_bytes(), creds.nonce);
            offer.check_answer(&[offer.algorithm], &creds)?;
            creds.verify(&request, &user)?;
            // Only a verified response reaches the nonce and its count
            // (StaleNonce: expired or forgotten; ReplayedNonce: an `nc` not
            // above the last one accepted with this nonce).
            let nonce = self
                .key
                .check(creds.nonce, DIGEST_REALM.as_bytes(), now(), lifetime)
                .and_then(|issued| self.counts.accept(issued, creds.nc_value().unwrap_or(0)));
            Ok::<_, DigestError>((String::from_utf8_lossy(creds.username).into_owned(), nonce))
        })();
        wipe(&mut buf);
        match verdict {
            Ok((user, Ok(()))) => Ok(user),
            Ok((
                _,
                Err(
                    DigestError::StaleNonce
                    | DigestError::InvalidNonce
                    | DigestError::ReplayedNonce,
                ),
            )) => Err(true),
            _ => Err(false),
        }
    }

    /// 401 with a challenge carrying a fresh nonce.
    fn challenge(&mut self, stale: bool) -> Response {
        self.issued += 1;
        let nonce = self.key.issue(DIGEST_REALM.as_bytes(), now(), self.issued);
        let challenge = DigestChallenge {
            stale,
            ..DigestChallenge::new(DIGEST_REALM.as_bytes(), nonce.as_bytes())
        };
        let mut out = [0u8; 256];
        let value = challenge.write(&mut out).map_or_else(
            |_| String::new(),
            |v| String::from_utf8_lossy(v).into_owned(),
        );
        Response {
            challenge: Some(value),
            ..Response::json(401, r#"{"detail":"Not authenticated"}"#.into())
        }
    }

    fn route(
        &mut self,
        method: &str,
        target: &str,
        path: &str,
        req: &Request<'_, httparse::Header<'_>>,
        profile: Profile,
    ) -> Response {
        let lifetime = if path.starts_with("/digest-short") {
            self.short_lifetime
        } else {
            300
        };
        // The profile's reading of the header: a strict duplicate is a 400.
        let params = match HttpDigest::new()
            .auto_error(false)
            .profile(profile)
            .extract(req)
        {
            Outcome::Credentials(found) => Ok(found.credentials),
            Outcome::Failure(f) if f.status == 400 => return Response::failure(&f),
            _ => Err(false),
        };
        match params.and_then(|p| self.check(method, target, p.as_bytes(), lifetime)) {
            Ok(_) if path == "/digest-short/slow" => {
                std::thread::sleep(Duration::from_secs(lifetime + 2));
                Response {
                    location: Some("/digest-short".into()),
                    ..Response::json(302, "{}".into())
                }
            }
            Ok(user) => Response::json(200, format!(r#"{{"username":{}}}"#, json_string(&user))),
            Err(stale) => self.challenge(stale),
        }
    }
}

fn json_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_default()
}

fn not_found() -> Response {
    Response::json(404, r#"{"detail":"Not Found"}"#.into())
}

fn handle(
    method: &str,
    target: &str,
    headers: &[httparse::Header<'_>],
    body: &[u8],
    profile: Profile,
    digest: &mut Digest,
) -> Response {
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    if matches!(path, "/digest" | "/digest-short" | "/digest-short/slow") && method == "GET" {
        return digest.route(method, target, path, &Request::new(headers), profile);
    }
    let mut buf = vec![
        0u8;
        2 * (body.len() + query.len())
            + headers.iter().map(|h| h.value.len()).sum::<usize>()
    ];
    let response = route(method, path, query, headers, body, profile, &mut buf);
    // Decoded credentials lived in `buf`: clear them before it is freed.
    wipe(&mut buf);
    response
}

fn route(
    method: &str,
    path: &str,
    query: &str,
    headers: &[httparse::Header<'_>],
    body: &[u8],
    profile: Profile,
    buf: &mut [u8],
) -> Response {
    let req = Request::new(headers)
        .with_query(query.as_bytes())
        .with_body(body);
    let internal = |e: authparse::Error| {
        Response::json(
            500,
            format!(r#"{{"detail":{}}}"#, json_string(&e.to_string())),
        )
    };
    match (method, path) {
        ("GET", "/basic") => match HttpBasic::new()
            .realm("demo")
            .profile(profile)
            .extract(&req, buf)
        {
            Ok(Outcome::Credentials(c)) => Response::json(
                200,
                format!(
                    r#"{{"username":{},"password":{}}}"#,
                    json_string(c.username),
                    json_string(c.password)
                ),
            ),
            Ok(Outcome::Failure(f)) => Response::failure(&f),
            Ok(Outcome::Absent) => Response::json(200, "null".into()),
            Err(e) => internal(e),
        },
        ("GET", "/me") => match OAuth2PasswordBearer::new("token")
            .profile(profile)
            .extract(&req)
        {
            Outcome::Credentials(token) => {
                let text: String = token.as_bytes().iter().map(|&b| char::from(b)).collect();
                Response::json(200, format!(r#"{{"token":{}}}"#, json_string(&text)))
            }
            Outcome::Failure(f) => Response::failure(&f),
            Outcome::Absent => Response::json(200, "null".into()),
        },
        ("GET", "/items") => {
            let by_query = ApiKeyQuery::new("api_key")
                .profile(profile)
                .auto_error(false);
            let key = match by_query.extract(&req, buf) {
                Ok(Outcome::Credentials(k)) => {
                    Ok(String::from_utf8_lossy(k.as_bytes()).into_owned())
                }
                Ok(Outcome::Failure(f)) => Err(Response::failure(&f)),
                Ok(Outcome::Absent) => match ApiKeyCookie::new("session")
                    .profile(profile)
                    .extract(&req, buf)
                {
                    Ok(Outcome::Credentials(k)) => {
                        Ok(k.as_bytes().iter().map(|&b| char::from(b)).collect())
                    }
                    Ok(Outcome::Failure(f)) => Err(Response::failure(&f)),
                    Ok(Outcome::Absent) => Err(Response::json(200, "null".into())),
                    Err(e) => Err(internal(e)),
                },
                Err(e) => Err(internal(e)),
            };
            match key {
                Ok(key) => Response::json(200, format!(r#"{{"api_key":{}}}"#, json_string(&key))),
                Err(response) => response,
            }
        }
        ("POST", "/token") => {
            let form = OAuth2PasswordRequestForm::new().profile(profile);
            match form.extract(&req, buf) {
                Ok(FormOutcome::Form(f)) if ct_eq(f.password.as_bytes(), b"secret") => {
                    Response::json(
                        200,
                        format!(
                            r#"{{"access_token":{},"token_type":"bearer"}}"#,
                            json_string(f.username)
                        ),
                    )
                }
                Ok(FormOutcome::Form(_)) => {
                    Response::json(400, r#"{"detail":"Incorrect username or password"}"#.into())
                }
                Ok(other) => {
                    let mut out = vec![0u8; 4096];
                    match other.write_body(&mut out) {
                        Ok(body) => Response::json(other.status(), body.to_string()),
                        Err(e) => internal(e),
                    }
                }
                Err(e) => internal(e),
            }
        }
        _ => not_found(),
    }
}

fn reason_phrase(status: u16) -> &'static str {
    match status {
        200 => "OK",
        302 => "Found",
        400 => "Bad Request",
        401 => "Unauthorized",
        404 => "Not Found",
        413 => "Content Too Large",
        422 => "Unprocessable Content",
        431 => "Request Header Fields Too Large",
        501 => "Not Implemented",
        _ => "Internal Server Error",
    }
}

/// Appends `more` to `data`; when that needs a larger allocation, the old
/// one is wiped before it is freed (a plain `extend` would leave a copy of
/// the request, credentials included, in freed memory).
fn append_wiping(data: &mut Vec<u8>, more: &[u8]) {
    if data.capacity() - data.len() < more.len() {
        let mut grown = Vec::with_capacity((data.len() + more.len()).max(2 * data.capacity()));
        grown.extend_from_slice(data);
        wipe(data);
        *data = grown;
    }
    data.extend_from_slice(more);
}

fn serve(
    mut stream: TcpStream,
    profile: Profile,
    digest: &mut Digest,
    timeout: Duration,
) -> std::io::Result<()> {
    let mut data = Vec::with_capacity(16 * 1024);
    let mut chunk = [0u8; 8192];
    let deadline = Instant::now() + timeout;
    let read = read_request(
        &mut stream,
        deadline,
        &mut data,
        &mut chunk,
        profile,
        digest,
    );
    wipe(&mut chunk);
    let response = match read {
        Ok(Some(response)) => response,
        Ok(None) => {
            wipe(&mut data);
            return Ok(());
        }
        Err(e) => {
            wipe(&mut data);
            return Err(e);
        }
    };
    let sent = write_response(&mut stream, &response).map(|()| linger(&mut stream));
    // The request and the body (`/basic` echoes the password) held credentials.
    wipe(&mut data);
    wipe(&mut response.body.into_bytes());
    sent
}

/// The largest request head (request line and headers) the server reads:
/// beyond it the answer is 431.
const MAX_HEAD: usize = 64 * 1024;
/// The largest body it reads (FastAPI's default limit of one form field,
/// 1 MiB, plus room for the other fields): beyond it the answer is 413.
const MAX_BODY: usize = 2 * 1024 * 1024;
/// How long a client may take to send its whole request before it is
/// dropped, by default (`--read-timeout S` sets it): one thread serves every
/// client, so a slow one must not hold the others up for long.
const READ_TIMEOUT: Duration = Duration::from_secs(10);

/// How the body of a parsed request head is framed (RFC 9112 §6).
enum Framing {
    /// `Content-Length` (0 without one): that many bytes follow the head.
    Length(usize),
    /// An answer instead of a body: a malformed or repeated
    /// `Content-Length` (400), one over [`MAX_BODY`] (413), or a
    /// `Transfer-Encoding` this server does not implement (501).
    Refused(Response),
}

fn framing(headers: &[httparse::Header<'_>]) -> Framing {
    let refuse = |status, detail: &str| {
        Framing::Refused(Response::json(
            status,
            format!(r#"{{"detail":"{detail}"}}"#),
        ))
    };
    if headers
        .iter()
        .any(|h| h.name.eq_ignore_ascii_case("transfer-encoding"))
    {
        return refuse(501, "Not Implemented");
    }
    let mut length = None;
    for h in headers
        .iter()
        .filter(|h| h.name.eq_ignore_ascii_case("content-length"))
    {
        // 1*DIGIT, nothing else (no sign, no list): anything else is a 400;
        // a number past u64 is valid and too large (413).
        let digits = h.value.trim_ascii();
        let value = (!digits.is_empty() && digits.iter().all(u8::is_ascii_digit)).then(|| {
            digits.iter().fold(0u64, |n, d| {
                n.saturating_mul(10).saturating_add(u64::from(d - b'0'))
            })
        });
        match (value, length) {
            (None, _) => return refuse(400, "Bad Request"),
            (Some(v), Some(seen)) if v != seen => return refuse(400, "Bad Request"),
            (Some(v), _) => length = Some(v),
        }
    }
    match usize::try_from(length.unwrap_or(0)) {
        Ok(n) if n <= MAX_BODY => Framing::Length(n),
        _ => refuse(413, "Content Too Large"),
    }
}

/// Closes the sending side and reads what the client still sends (a body
/// this server refused unread), for at most a second or 1 MiB: closing with
/// unread bytes would reset the connection and could lose the answer.
fn linger(stream: &mut TcpStream) {
    let _ = stream.shutdown(std::net::Shutdown::Write);
    let _ = stream.set_read_timeout(Some(Duration::from_secs(1)));
    let mut sink = [0u8; 4096];
    let mut left = 1usize << 20;
    while let Ok(n @ 1..) = stream.read(&mut sink) {
        left = left.saturating_sub(n);
        if left == 0 {
            break;
        }
    }
}

/// The header lines a request head may have (beyond: 431).
const MAX_HEADERS: usize = 128;

/// Reads one request into `data` by `deadline` and answers it; `None` if
/// the client closed the connection first, a `TimedOut` error if the
/// deadline passed.
fn read_request(
    stream: &mut TcpStream,
    deadline: Instant,
    data: &mut Vec<u8>,
    chunk: &mut [u8],
    profile: Profile,
    digest: &mut Digest,
) -> std::io::Result<Option<Response>> {
    Ok(Some(loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(ErrorKind::TimedOut.into());
        }
        stream.set_read_timeout(Some(left))?;
        let n = stream.read(chunk)?;
        if n == 0 {
            return Ok(None);
        }
        append_wiping(data, &chunk[..n]);
        let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
        let mut req = httparse::Request::new(&mut headers);
        match req.parse(data) {
            Ok(httparse::Status::Complete(head)) if head > MAX_HEAD => {
                break Response::json(
                    431,
                    r#"{"detail":"Request Header Fields Too Large"}"#.into(),
                )
            }
            Ok(httparse::Status::Complete(head)) => {
                let length = match framing(req.headers) {
                    Framing::Length(length) => length,
                    Framing::Refused(response) => break response,
                };
                // `head + length` cannot overflow: both are bounded.
                let Some(body) = data.get(head..head + length) else {
                    continue;
                };
                break handle(
                    req.method.unwrap_or(""),
                    req.path.unwrap_or("/"),
                    req.headers,
                    body,
                    profile,
                    digest,
                );
            }
            Ok(httparse::Status::Partial) if data.len() > MAX_HEAD => {
                break Response::json(
                    431,
                    r#"{"detail":"Request Header Fields Too Large"}"#.into(),
                )
            }
            Ok(httparse::Status::Partial) => continue,
            Err(httparse::Error::TooManyHeaders) => {
                break Response::json(
                    431,
                    r#"{"detail":"Request Header Fields Too Large"}"#.into(),
                )
            }
            Err(_) => break Response::json(400, r#"{"detail":"Bad Request"}"#.into()),
        }
    }))
}

fn write_response(stream: &mut TcpStream, response: &Response) -> std::io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {} {}\r\nconnection: close\r\n",
        response.status,
        reason_phrase(response.status)
    );
    if let Some(challenge) = &response.challenge {
        head.push_str(&format!("www-authenticate: {challenge}\r\n"));
    }
    if let Some(location) = &response.location {
        head.push_str(&format!("location: {location}\r\n"));
    }
    head.push_str(&format!(
        "content-length: {}\r\ncontent-type: application/json\r\n\r\n",
        response.body.len()
    ));
    stream.write_all(head.as_bytes())?;
    stream.write_all(response.body.as_bytes())
}

fn main() -> std::io::Result<()> {
    let mut address = "127.0.0.1:8080".to_string();
    let mut profile = Profile::FastApi;
    let mut max_requests = usize::MAX;
    let mut short_lifetime = 2;
    let mut timeout = READ_TIMEOUT;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--strict" => profile = Profile::Strict,
            "--max-requests" => {
                max_requests = args
                    .next()
                    .and_then(|n| n.parse().ok())
                    .unwrap_or(usize::MAX)
            }
            "--digest-short-lifetime" => {
                short_lifetime = args.next().and_then(|n| n.parse().ok()).unwrap_or(2)
            }
            "--read-timeout" => {
                let seconds = args.next().and_then(|n| n.parse().ok());
                timeout = seconds.map_or(READ_TIMEOUT, Duration::from_secs_f64)
            }
            other => address = other.to_string(),
        }
    }
    let mut digest = Digest::new(short_lifetime)?;
    let listener = TcpListener::bind(&address)?;
    eprintln!("authparse demo server on http://{}", listener.local_addr()?);
    for stream in listener.incoming().take(max_requests) {
        match stream.and_then(|s| serve(s, profile, &mut digest, timeout)) {
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                eprintln!("connection dropped: request not complete within {timeout:?}")
            }
            Err(e) => eprintln!("connection error: {e}"),
            Ok(()) => {}
        }
    }
    Ok(())
}
