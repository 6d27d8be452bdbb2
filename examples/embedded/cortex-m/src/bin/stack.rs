//! Stack use of each public entry point, by stack painting: fill the free
//! RAM below the stack pointer with a pattern, call the entry point, find
//! the deepest word that changed. Prints `stack <entry point> <bytes>` per
//! entry point (the most of both profiles, and of the inputs tried) over
//! semihosting; budgets.toml holds the ceilings. The figure is what the
//! call uses below the caller's frame (`at_call!` records the stack pointer
//! at the call): the caller's own `Request`, configuration and result are
//! not counted, the output buffers are statics.
#![no_std]
#![no_main]

use core::hint::black_box;
use core::ptr::{addr_of, addr_of_mut, read_volatile, write_volatile};

use authparse::form::{OAuth2PasswordRequestForm, OAuth2PasswordRequestFormStrict};
use authparse::openapi::{SecurityScheme, SecuritySchemes};
use authparse::scopes::SecurityScopes;
use authparse::{
    digest, ApiKeyCookie, ApiKeyHeader, ApiKeyQuery, Challenge, HttpBase, HttpBasic, HttpBearer,
    HttpDigest, OAuth2, OAuth2AuthorizationCodeBearer, OAuth2PasswordBearer, OpenIdConnect,
    Profile, Request,
};
use cortex_m_semihosting::{debug, hprintln};

#[path = "../no_panic.rs"]
mod no_panic;

type Header = (&'static [u8], &'static [u8]);

const PAINT: u32 = 0x5AA5_C33C;
const PROFILES: [Profile; 2] = [Profile::FastApi, Profile::Strict];

static HEADERS: [Header; 4] = [
    (b"authorization", b"Basic am9objpzZWNyZXQ="),
    (b"x-api-key", b"k-123"),
    (b"cookie", b"theme=dark; session=\"s3cr\\145t\""),
    (b"content-type", b"application/x-www-form-urlencoded"),
];
static BEARER: [Header; 1] = [(b"authorization", b"Bearer mF_9.B5f-4.1JqM")];
static DIGEST: [Header; 1] = [(
    b"authorization",
    b"Digest username=\"Mufasa\", realm=\"http-auth@example.org\", uri=\"/dir/index.html\", \
      nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", response=\"8ca523f5e9506fed4657c9700eebdbec\"",
)];
static MULTIPART: [Header; 1] = [(b"content-type", b"multipart/form-data; boundary=XyZ")];
const FORM: &[u8] =
    b"grant_type=password&username=johndoe&password=s%C3%A9cret&scope=me+items&client_id=c";
const MULTIPART_BODY: &[u8] =
    b"--XyZ\r\nContent-Disposition: form-data; name=\"username\"\r\n\r\njohn\r\n\
--XyZ\r\nContent-Disposition: form-data; name=\"password\"\r\n\r\ns3cret\r\n--XyZ--\r\n";
const QUERY: &[u8] = b"page=2&api_key=q%2D1+%C3%A9";

/// Output buffers: statics, so they are not counted as stack.
static mut SCRATCH: [u8; 1024] = [0; 1024];

fn scratch() -> &'static mut [u8] {
    // SAFETY: single-threaded, no interrupts; each measured call takes the
    // buffer once and drops it before the next.
    unsafe { &mut *addr_of_mut!(SCRATCH) }
}

fn request(headers: &'static [Header]) -> Request<'static, Header> {
    Request::new(black_box(headers))
        .with_query(black_box(QUERY))
        .with_body(black_box(FORM))
}

/// The deepest stack use seen by `at_call!` since the last `measure`.
static mut DEEPEST: usize = 0;

/// The end of static RAM: everything from here up to the stack pointer is free.
fn ram_bottom() -> usize {
    extern "C" {
        static __sheap: u32; // cortex-m-rt
    }
    addr_of!(__sheap) as usize
}

/// Paints `[bottom, sp)`. Inlined into the caller so that it runs in the
/// caller's frame, above what it paints.
#[inline(always)]
fn paint(bottom: usize, sp: usize) {
    let mut p = bottom;
    while p < sp {
        // SAFETY: [bottom, sp) is free RAM below the running frame.
        unsafe { write_volatile(p as *mut u32, PAINT) };
        p += 4;
    }
}

/// The bytes below `sp` that no longer hold the pattern.
#[inline(always)]
fn used_below(bottom: usize, sp: usize) -> usize {
    let mut p = bottom;
    // SAFETY: as in `paint`; reads only.
    while p < sp && unsafe { read_volatile(p as *const u32) } == PAINT {
        p += 4;
    }
    sp - p
}

/// Evaluates a call with the free stack painted, and records how deep it
/// went below the stack pointer at the call (the caller's frame is not
/// counted).
macro_rules! at_call {
    ($call:expr) => {{
        let bottom = ram_bottom();
        let sp = cortex_m::register::msp::read() as usize;
        paint(bottom, sp);
        let result = $call;
        let used = used_below(bottom, sp);
        // SAFETY: single-threaded, no interrupts.
        unsafe { DEEPEST = DEEPEST.max(used) };
        result
    }};
}

/// The deepest stack use of the calls `f` makes through `at_call!`.
#[inline(never)]
fn measure(f: fn()) -> usize {
    // SAFETY: single-threaded, no interrupts.
    unsafe { DEEPEST = 0 };
    black_box(f)();
    // SAFETY: as above.
    unsafe { DEEPEST }
}

const ENTRY_POINTS: [(&str, fn()); 19] = [
    ("(call overhead)", || at_call!(black_box(()))),
    ("HttpBasic::extract", || {
        for p in PROFILES {
            let r = at_call!(HttpBasic::new()
                .realm("mcu")
                .profile(p)
                .extract(&request(&HEADERS), scratch()));
            black_box(r.is_ok());
        }
    }),
    ("HttpBearer::extract", || {
        for p in PROFILES {
            black_box(at_call!(HttpBearer::new().profile(p).extract(&request(&BEARER))).status());
        }
    }),
    ("HttpDigest::extract", || {
        for p in PROFILES {
            black_box(at_call!(HttpDigest::new().profile(p).extract(&request(&DIGEST))).status());
        }
    }),
    ("HttpBase::extract", || {
        for p in PROFILES {
            black_box(
                at_call!(HttpBase::new("Bearer")
                    .profile(p)
                    .extract(&request(&BEARER)))
                .status(),
            );
        }
    }),
    ("ApiKeyHeader::extract", || {
        for p in PROFILES {
            black_box(
                at_call!(ApiKeyHeader::new("x-api-key")
                    .profile(p)
                    .extract(&request(&HEADERS)))
                .status(),
            );
        }
    }),
    ("ApiKeyQuery::extract", || {
        for p in PROFILES {
            let r = at_call!(ApiKeyQuery::new("api_key")
                .profile(p)
                .extract(&request(&HEADERS), scratch()));
            black_box(r.is_ok());
        }
    }),
    ("ApiKeyCookie::extract", || {
        for p in PROFILES {
            let r = at_call!(ApiKeyCookie::new("session")
                .profile(p)
                .extract(&request(&HEADERS), scratch()));
            black_box(r.is_ok());
        }
    }),
    ("OAuth2::extract", || {
        for p in PROFILES {
            black_box(at_call!(OAuth2::new().profile(p).extract(&request(&BEARER))).status());
        }
    }),
    ("OpenIdConnect::extract", || {
        for p in PROFILES {
            black_box(
                at_call!(OpenIdConnect::new("/oidc")
                    .profile(p)
                    .extract(&request(&BEARER)))
                .status(),
            );
        }
    }),
    ("OAuth2PasswordBearer::extract", || {
        for p in PROFILES {
            black_box(
                at_call!(OAuth2PasswordBearer::new("/token")
                    .profile(p)
                    .extract(&request(&BEARER)))
                .status(),
            );
        }
    }),
    ("OAuth2AuthorizationCodeBearer::extract", || {
        for p in PROFILES {
            let code = OAuth2AuthorizationCodeBearer::new("/authorize", "/token");
            black_box(at_call!(code.profile(p).extract(&request(&BEARER))).status());
        }
    }),
    ("OAuth2PasswordRequestForm::extract (urlencoded)", || {
        for p in PROFILES {
            let r = at_call!(OAuth2PasswordRequestForm::new()
                .profile(p)
                .extract(&request(&HEADERS), scratch()));
            black_box(r.map(|o| o.status()).ok());
            let r = at_call!(OAuth2PasswordRequestFormStrict::new()
                .profile(p)
                .extract(&request(&HEADERS), scratch()));
            black_box(r.map(|o| o.status()).ok());
        }
    }),
    ("OAuth2PasswordRequestForm::extract (multipart)", || {
        let req = request(&MULTIPART).with_body(black_box(MULTIPART_BODY));
        let r = at_call!(OAuth2PasswordRequestForm::new().extract(&req, scratch()));
        black_box(r.map(|o| o.status()).ok());
    }),
    ("FormOutcome::write_body", || {
        for p in PROFILES {
            let req = request(&MULTIPART[..0]);
            let form = OAuth2PasswordRequestFormStrict::new().profile(p);
            if let Ok(o) = form.extract(&req, &mut []) {
                black_box(at_call!(o.write_body(scratch())).map(str::len).ok());
            }
        }
    }),
    ("Failure::write_response", || {
        for p in PROFILES {
            let none = request(&HEADERS[..0]);
            if let Ok(authparse::Outcome::Failure(f)) = HttpBasic::new()
                .realm("mcu")
                .profile(p)
                .extract(&none, &mut [])
            {
                black_box(at_call!(f.write_response(scratch())).map(<[u8]>::len).ok());
            }
        }
    }),
    ("Challenge::render", || {
        let custom = Challenge::Custom(black_box("my-custom x509cert"));
        black_box(at_call!(custom.render(scratch())).map(str::len).ok());
    }),
    ("SecuritySchemes::write_json", || {
        let schemes = [
            SecurityScheme::from(HttpBasic::new().realm("mcu")),
            OAuth2PasswordBearer::new("/token")
                .scopes(&[("me", "Me")])
                .into(),
            ApiKeyCookie::new("session").into(),
        ];
        let r = at_call!(SecuritySchemes::new(black_box(&schemes[..])).write_json(scratch()));
        black_box(r.map(str::len).ok());
        let scopes = SecurityScopes::<'_, 4>::from_chain(black_box(&[&["items"][..], &["me"][..]]));
        black_box(
            scopes
                .map(|s| at_call!(s.challenge(scratch())).map(str::len).ok())
                .ok(),
        );
    }),
    ("digest::params", || {
        let value = black_box(DIGEST[0].1);
        let mut params = digest::params(value);
        while let Some(param) = at_call!(params.next()) {
            black_box(
                param
                    .map(|p| at_call!(p.unescaped(scratch())).map(<[u8]>::len).ok())
                    .ok(),
            );
        }
    }),
];

#[cortex_m_rt::entry]
fn main() -> ! {
    for (name, f) in ENTRY_POINTS {
        let bytes = measure(f);
        hprintln!("stack {} {}", name, bytes);
    }
    debug::exit(debug::EXIT_SUCCESS);
    loop {
        cortex_m::asm::wfi();
    }
}
