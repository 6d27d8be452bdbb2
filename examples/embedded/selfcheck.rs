//! The authparse self-check shared by the bare-metal examples (Cortex-M and
//! RISC-V). Included with `#[path]`; the including crate provides
//! `fn print(core::fmt::Arguments<'_>)` (a line over semihosting).
//!
//! Decodes a `Basic` header, checks a `Bearer` token, shows a strict-profile
//! rejection, renders challenges into stack buffers, and answers raw HTTP
//! requests the way a bare-metal server would (httparse + authparse, no
//! allocator).

use core::fmt::Write;

use authparse::base64;
use authparse::{
    Challenge, Error, HttpBasic, HttpBearer, Outcome, Profile, Reason, Request,
    NOT_AUTHENTICATED_BODY,
};

macro_rules! out {
    ($($arg:tt)*) => {
        crate::print(format_args!($($arg)*))
    };
}

pub struct Checks {
    pub passed: u32,
    pub failed: u32,
}

impl Checks {
    fn check(&mut self, name: &str, ok: bool) {
        if ok {
            self.passed += 1;
            out!("ok   {}", name);
        } else {
            self.failed += 1;
            out!("FAIL {}", name);
        }
    }
}

/// Renders `challenge` into a stack buffer and compares it with `expected`.
fn renders_as(challenge: Challenge<'_>, expected: &str) -> bool {
    let mut buf = [0u8; 64];
    match challenge.render(&mut buf) {
        Ok(text) => {
            out!("     WWW-Authenticate: {}", text);
            text == expected && challenge.rendered_len() == expected.len()
        }
        Err(_) => false,
    }
}

pub fn run(c: &mut Checks) {
    // 1. HTTPBasic: decode `Basic am9objpzZWNyZXQ=` into a stack buffer.
    let headers = [
        ("Host", "mcu.local"),
        ("Authorization", "Basic am9objpzZWNyZXQ="),
    ];
    let req = Request::new(&headers);
    let mut buf = [0u8; 32];
    let basic = HttpBasic::new().realm("simple");
    let ok = match basic.extract(&req, &mut buf) {
        Ok(Outcome::Credentials(creds)) => {
            out!(
                "     basic: username={:?} ({} bytes), password {} bytes",
                creds.username,
                creds.username.len(),
                creds.password.len()
            );
            creds.username == "john" && creds.password == "secret"
        }
        _ => false,
    };
    c.check("HttpBasic decodes john:secret", ok);

    // The same credentials through the strict profile.
    let strict_basic = HttpBasic::new().realm("simple").profile(Profile::Strict);
    let ok = matches!(
        strict_basic.extract(&req, &mut buf),
        Ok(Outcome::Credentials(creds)) if creds.username == "john" && creds.password == "secret"
    );
    c.check("HttpBasic strict accepts canonical base64", ok);

    // A buffer that is too small is an error stating the exact size.
    let mut tiny = [0u8; 4];
    let ok = matches!(
        basic.extract(&req, &mut tiny),
        Err(Error::BufferTooSmall { needed: 11 })
    );
    c.check("short buffer -> BufferTooSmall { needed: 11 }", ok);

    // 2. HTTPBearer.
    let headers = [("authorization", "Bearer mF_9.B5f-4.1JqM")];
    let req = Request::new(&headers);
    let ok = match HttpBearer::new().extract(&req) {
        Outcome::Credentials(creds) => {
            creds.scheme == b"Bearer" && creds.credentials.as_bytes() == b"mF_9.B5f-4.1JqM"
        }
        _ => false,
    };
    c.check("HttpBearer extracts the token", ok);
    let ok = matches!(
        HttpBearer::new().profile(Profile::Strict).extract(&req),
        Outcome::Credentials(creds) if creds.credentials.as_bytes() == b"mF_9.B5f-4.1JqM"
    );
    c.check("HttpBearer strict accepts a b64token", ok);

    // 3. Strict profile rejects what FastAPI accepts: a token with a space.
    let headers = [("authorization", "Bearer a b")];
    let req = Request::new(&headers);
    let ok = matches!(
        HttpBearer::new().extract(&req),
        Outcome::Credentials(creds) if creds.credentials.as_bytes() == b"a b"
    );
    c.check("FastAPI profile takes `Bearer a b` as token \"a b\"", ok);
    let ok = match HttpBearer::new().profile(Profile::Strict).extract(&req) {
        Outcome::Failure(f) => {
            out!("     strict: {} {} ({})", f.status, f.reason, f.body());
            f.status == 401
                && f.reason == Reason::MalformedCredentials
                && f.body() == NOT_AUTHENTICATED_BODY
                && renders_as(f.challenge, "Bearer")
        }
        _ => false,
    };
    c.check("strict profile rejects `Bearer a b` with 401", ok);

    // Non-canonical base64: CPython-lenient decoding accepts it, strict does not.
    let mut out = [0u8; 8];
    let lenient = base64::decode_lenient(b"am9o bjpz!ZWNyZXQ", &mut out);
    let ok = lenient == Err(Error::Base64BadPadding)
        && base64::decode_lenient(b"am9o bjpz!ZWNyZXQ=", &mut [0u8; 16]) == Ok(11)
        && base64::decode_strict(b"Oh==", &mut out) == Err(Error::Base64NonCanonical)
        && base64::decode_lenient(b"Oh==", &mut out) == Ok(1);
    c.check("base64 lenient vs strict", ok);

    // 4. Missing credentials: 401 and the challenge, rendered on the stack.
    let none: [(&str, &str); 0] = [];
    let req = Request::new(&none);
    let ok = match basic.extract(&req, &mut buf) {
        Ok(Outcome::Failure(f)) => {
            f.status == 401 && renders_as(f.challenge, "Basic realm=\"simple\"")
        }
        _ => false,
    };
    c.check("missing Basic -> 401 Basic realm=\"simple\"", ok);
    let ok = match strict_basic.extract(&req, &mut buf) {
        Ok(Outcome::Failure(f)) => {
            f.status == 401 && renders_as(f.challenge, "Basic realm=\"simple\", charset=\"UTF-8\"")
        }
        _ => false,
    };
    c.check("strict challenge adds charset=\"UTF-8\"", ok);
    let ok = matches!(
        HttpBasic::new().auto_error(false).extract(&req, &mut buf),
        Ok(Outcome::Absent)
    );
    c.check("auto_error(false) -> Absent", ok);
    let mut small = [0u8; 8];
    let ok = Challenge::Basic {
        realm: Some("simple"),
        profile: Profile::FastApi,
    }
    .render(&mut small)
        == Err(Error::BufferTooSmall { needed: 20 });
    c.check("challenge into a short buffer -> BufferTooSmall", ok);

    // 5. A bare-metal HTTP handler: raw request bytes in, response bytes out.
    let mut response = [0u8; 256];
    let ok = handle(
        b"GET /led HTTP/1.1\r\nHost: mcu.local\r\nAuthorization: Basic am9objpzZWNyZXQ=\r\n\r\n",
        &mut response,
    ) == Some(
        &b"HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: 10\r\n\r\nhello john"[..],
    );
    c.check("raw request with Basic -> 200", ok);
    let ok = handle(
        b"GET /led HTTP/1.1\r\nHost: mcu.local\r\n\r\n",
        &mut response,
    ) == Some(
        &b"HTTP/1.1 401 Unauthorized\r\nwww-authenticate: Basic realm=\"mcu\"\r\n\
               content-length: 30\r\ncontent-type: application/json\r\n\r\n\
               {\"detail\":\"Not authenticated\"}"[..],
    );
    c.check("raw request without credentials -> FastAPI's 401", ok);

    // Floating point works (on the M4F this runs on the FPU, which
    // cortex-m-rt enables for eabihf targets; a disabled FPU would fault).
    let x = core::hint::black_box(1.5f32);
    c.check("float arithmetic", x * 2.0 + 0.25 == 3.25);

    // 6. Every public conformance case, compared with FastAPI's answer.
    let (agreed, disagreed) = crate::conformance::run();
    out!(
        "     conformance: {} of {} public cases agree with FastAPI 0.165.0",
        agreed,
        crate::conformance::CASE_COUNT
    );
    c.check(
        "every public conformance case agrees",
        disagreed == 0 && agreed == crate::conformance::CASE_COUNT,
    );

    if cfg!(feature = "force-failure") {
        c.check("forced failure (feature force-failure)", false);
    }
}

/// The response writer of [`handle`]: a fixed buffer, no allocation.
struct Cursor<'b> {
    buf: &'b mut [u8],
    len: usize,
}

impl Write for Cursor<'_> {
    fn write_str(&mut self, s: &str) -> core::fmt::Result {
        let end = self.len.checked_add(s.len()).ok_or(core::fmt::Error)?;
        let dst = self.buf.get_mut(self.len..end).ok_or(core::fmt::Error)?;
        dst.copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

/// Answers one raw HTTP/1.1 request protected by `HTTPBasic(realm="mcu")`,
/// exactly as the FastAPI app would: 200 with a greeting, or FastAPI's 401
/// (`Failure::write_response`).
/// `None` for a request that cannot be parsed or a response that does not fit.
fn handle<'o>(raw: &[u8], out: &'o mut [u8]) -> Option<&'o [u8]> {
    let mut headers = [httparse::EMPTY_HEADER; 8];
    let mut parsed = httparse::Request::new(&mut headers);
    let httparse::Status::Complete(_) = parsed.parse(raw).ok()? else {
        return None;
    };
    let request = Request::new(&*parsed.headers);
    let mut credentials = [0u8; 64];
    let outcome = HttpBasic::new()
        .realm("mcu")
        .extract(&request, &mut credentials)
        .ok()?;
    let user = match outcome {
        Outcome::Credentials(c) => c.username,
        Outcome::Failure(f) => return f.write_response(out).ok(),
        Outcome::Absent => return None,
    };
    let mut w = Cursor { buf: out, len: 0 };
    write!(
        w,
        "HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: {}\r\n\r\nhello {}",
        "hello ".len() + user.len(),
        user
    )
    .ok()?;
    let len = w.len;
    out.get(..len)
}
