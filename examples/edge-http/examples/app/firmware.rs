//! The app on thumbv7em-none-eabihf, run in QEMU (mps2-an386): each
//! request below goes through the adapter's `handle_request` (edge-http's,
//! with an answer for a head it cannot read or would panic on) and the app's handler over an
//! in-memory socket, and the response must be the one
//! FastAPI sends. The binary has no allocator, so it links only if the
//! adapter, edge-http and the app need none. Prints `PASS: …` and exits 0
//! through semihosting, or `FAIL …` and 1.

use core::convert::Infallible;

use authparse::Profile;
use cortex_m_rt::entry;
use cortex_m_semihosting::{debug, hprintln};
use edge_nal::{Readable, TcpSplit};
use embedded_io_async::{ErrorType, Read, Write};

use crate::handler::App;

/// A request, and what its response must start and end with.
const CASES: [(&str, &[u8], &str, &str); 9] = [
    // edge-http 0.8 alone panics on these (the firmware halts): the
    // adapter refuses them before it parses the head.
    (
        "Content-Length -1",
        b"GET /basic HTTP/1.1\r\nContent-Length: -1\r\n\r\n",
        "HTTP/1.1 400 Bad Request\r\n",
        r#"{"detail":"Bad Request"}"#,
    ),
    (
        "Content-Length 2^64",
        b"POST /token HTTP/1.1\r\nContent-Length: 18446744073709551616\r\n\r\nx",
        "HTTP/1.1 400 Bad Request\r\n",
        r#"{"detail":"Bad Request"}"#,
    ),
    (
        "basic: missing",
        b"GET /basic HTTP/1.1\r\n\r\n",
        "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"demo\"\r\n",
        r#"{"detail":"Not authenticated"}"#,
    ),
    (
        "basic: valid",
        b"GET /basic HTTP/1.1\r\nAuthorization: Basic am9objpzZWNyZXQ=\r\n\r\n",
        "HTTP/1.1 200 OK\r\n",
        r#"{"username":"john","password":"secret"}"#,
    ),
    (
        "api key: query",
        b"GET /items?api_key=k%2D1 HTTP/1.1\r\n\r\n",
        "HTTP/1.1 200 OK\r\n",
        r#"{"api_key":"k-1"}"#,
    ),
    (
        "cookie: quoted",
        b"GET /session HTTP/1.1\r\nCookie: a=1; session=\"s3cret\"\r\n\r\n",
        "HTTP/1.1 200 OK\r\n",
        r#"{"session":"s3cret"}"#,
    ),
    (
        "form: valid",
        b"POST /token HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded\r\n\
          Content-Length: 33\r\n\r\nusername=johndoe&password=secret",
        "HTTP/1.1 200 OK\r\n",
        r#"{"access_token":"johndoe","token_type":"bearer"}"#,
    ),
    (
        "form: missing password",
        b"POST /token HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded\r\n\
          Content-Length: 16\r\n\r\nusername=johndoe",
        "HTTP/1.1 422 Unprocessable Content\r\n",
        r#"{"detail":[{"type":"missing","loc":["body","password"],"msg":"Field required","input":null}]}"#,
    ),
    (
        "NUL in a header: malformed, answered (edge-http alone closes)",
        b"GET /key HTTP/1.1\r\nX-API-Key: a\0b\r\n\r\n",
        "HTTP/1.1 400 Bad Request\r\n",
        r#"{"detail":"Bad Request"}"#,
    ),
];

/// The client's side of the socket: the request bytes.
struct Input<'a>(&'a [u8]);

/// The server's side: the response bytes.
struct Output(heapless::Vec<u8, 512>);

/// An in-memory TCP connection.
struct Socket<'a> {
    input: Input<'a>,
    output: Output,
}

impl ErrorType for Input<'_> {
    type Error = Infallible;
}

impl ErrorType for Output {
    type Error = Infallible;
}

impl ErrorType for Socket<'_> {
    type Error = Infallible;
}

impl Read for Input<'_> {
    async fn read(&mut self, buf: &mut [u8]) -> Result<usize, Infallible> {
        let len = buf.len().min(self.0.len());
        let (head, tail) = self.0.split_at(len);
        if let Some(to) = buf.get_mut(..len) {
            to.copy_from_slice(head);
        }
        self.0 = tail;
        Ok(len)
    }
}

impl Readable for Input<'_> {
    async fn readable(&mut self) -> Result<(), Infallible> {
        Ok(())
    }
}

impl Write for Output {
    async fn write(&mut self, buf: &[u8]) -> Result<usize, Infallible> {
        // A full buffer takes nothing more; the response check then fails.
        let len = buf.len().min(self.0.capacity() - self.0.len());
        let _ = self.0.extend_from_slice(buf.get(..len).unwrap_or_default());
        Ok(len.max(1))
    }

    async fn flush(&mut self) -> Result<(), Infallible> {
        Ok(())
    }
}

impl Read for Socket<'_> {
    async fn read(&mut self, buf: &mut [u8]) -> Result<usize, Infallible> {
        self.input.read(buf).await
    }
}

impl Write for Socket<'_> {
    async fn write(&mut self, buf: &[u8]) -> Result<usize, Infallible> {
        self.output.write(buf).await
    }

    async fn flush(&mut self) -> Result<(), Infallible> {
        Ok(())
    }
}

impl<'a> TcpSplit for Socket<'a> {
    type Read<'s>
        = &'s mut Input<'a>
    where
        Self: 's;
    type Write<'s>
        = &'s mut Output
    where
        Self: 's;

    fn split(&mut self) -> (Self::Read<'_>, Self::Write<'_>) {
        (&mut self.input, &mut self.output)
    }
}

/// The response of the app to `request`.
fn serve(app: &App, request: &[u8]) -> Output {
    let mut socket = Socket {
        input: Input(request),
        output: Output(heapless::Vec::new()),
    };
    let mut buf = [0u8; 1024];
    let served = authparse_edge_http::handle_request::<_, _, 16>(&mut buf, &mut socket, 0, app);
    let _ = embassy_futures::block_on(served);
    socket.output
}

/// Requests past the app's buffers (the handler's 1024 bytes, the form's
/// `FORM_BUF`, and the connection's 1024 that edge-http reads the head
/// into): the start of the
/// request, how many `a`s follow, its end, and the response's first line
/// and body.
const LIMITS: [(&str, &str, usize, &str, &str, &str); 3] = [
    (
        "cookie: longer than half the buffer",
        "GET /session HTTP/1.1\r\nCookie: session=",
        600,
        "\r\n\r\n",
        "HTTP/1.1 431 Request Header Fields Too Large\r\n",
        r#"{"detail":"Request Header Fields Too Large"}"#,
    ),
    (
        "form: body longer than the buffer",
        "POST /token HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded\r\n\
         Content-Length: 2100\r\n\r\n",
        2100,
        "",
        "HTTP/1.1 413 Content Too Large\r\n",
        r#"{"detail":"Request Entity Too Large"}"#,
    ),
    (
        "head longer than the connection buffer",
        "GET /session HTTP/1.1\r\nCookie: session=",
        1100,
        "\r\n\r\n",
        "HTTP/1.1 431 Request Header Fields Too Large\r\n",
        r#"{"detail":"Request Header Fields Too Large"}"#,
    ),
];

/// Whether the app answers `request` with a response that starts with
/// `head` and ends with `body`; prints the response when not.
fn check(app: &App, name: &str, request: &[u8], head: &str, body: &str) -> bool {
    let response = serve(app, request);
    let ok = response.0.starts_with(head.as_bytes()) && response.0.ends_with(body.as_bytes());
    if !ok {
        let text = core::str::from_utf8(&response.0).unwrap_or("(not UTF-8)");
        hprintln!("FAIL {}: {:?}", name, text);
    }
    ok
}

#[entry]
fn main() -> ! {
    let app = App::new(Profile::FastApi);
    let mut passed = 0;
    for (name, request, head, body) in CASES {
        passed += usize::from(check(&app, name, request, head, body));
    }
    for (name, start, fill, end, head, body) in LIMITS {
        let mut request = heapless::Vec::<u8, 2200>::new();
        let built = request.extend_from_slice(start.as_bytes()).is_ok()
            && request.resize(start.len() + fill, b'a').is_ok()
            && request.extend_from_slice(end.as_bytes()).is_ok();
        passed += usize::from(built && check(&app, name, &request, head, body));
    }
    let total = CASES.len() + LIMITS.len();
    if passed == total {
        hprintln!("PASS: {} requests through edge-http and the adapter", total);
    }
    exit(passed == total)
}

/// Ends the run: QEMU exits with status 0 when `passed`, 1 otherwise.
fn exit(passed: bool) -> ! {
    debug::exit(if passed {
        debug::EXIT_SUCCESS
    } else {
        debug::EXIT_FAILURE
    });
    // Not reached under QEMU (only without a semihosting host).
    loop {
        cortex_m::asm::wfi();
    }
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    hprintln!("FAIL: panic");
    exit(false)
}
