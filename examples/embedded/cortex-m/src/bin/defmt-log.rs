//! authparse's outcomes logged with defmt (feature `defmt`), sent over
//! semihosting and decoded on the host by `defmt-print`. The credentials
//! below are real ones; the log must show their lengths only, which
//! 40-embedded-qemu.sh checks on the decoded lines.
//!
//! ```text
//! cargo build --release --target thumbv7em-none-eabihf --features defmt --bin defmt-log
//! qemu-system-arm -machine mps2-an386 -cpu cortex-m4 -nographic \
//!   -semihosting-config enable=on,target=native -kernel ELF | defmt-print -e ELF
//! ```
#![no_std]
#![no_main]

use authparse::form::{FormOutcome, OAuth2PasswordRequestForm};
use authparse::{digest, ApiKeyCookie, ApiKeyQuery, HttpBasic, HttpBearer, Profile, Request};
use defmt_semihosting as _;

#[cortex_m_rt::entry]
fn main() -> ! {
    let headers = [
        ("authorization", "Basic YWxhZGRpbjpvcGVuc2VzYW1l"), // aladdin:opensesame
        ("cookie", "theme=dark; session=\"s3cr\\145t\""),
        ("content-type", "application/x-www-form-urlencoded"),
    ];
    let req = Request::new(&headers)
        .with_query(b"api_key=q%2D1") // decoded: q-1
        .with_body(b"username=johndoe&password=hunter2&scope=me+items");
    let mut buf = [0u8; 128];

    defmt::println!("basic: {}", HttpBasic::new().extract(&req, &mut buf));
    defmt::println!(
        "cookie: {}",
        ApiKeyCookie::new("session").extract(&req, &mut buf)
    );
    defmt::println!(
        "query: {}",
        ApiKeyQuery::new("api_key").extract(&req, &mut buf)
    );
    match OAuth2PasswordRequestForm::new().extract(&req, &mut buf) {
        Ok(FormOutcome::Form(form)) => defmt::println!("form: {}", form),
        other => defmt::println!("form: status {}", other.map(|o| o.status())),
    }
    // A 422 (FastAPI echoes grant_type in its body; defmt shows its length).
    let form_ct = [("content-type", "application/x-www-form-urlencoded")];
    let invalid = Request::new(&form_ct).with_body(b"grant_type=hunter2&username=johndoe");
    defmt::println!(
        "form 422: {}",
        OAuth2PasswordRequestForm::new().extract(&invalid, &mut buf)
    );

    let bearer = [("authorization", "Bearer mF_9.B5f-4.1JqM")];
    defmt::println!(
        "bearer: {}",
        HttpBearer::new().extract(&Request::new(&bearer))
    );
    let strict = [("authorization", "Bearer a b")];
    defmt::println!(
        "bearer (strict): {}",
        HttpBearer::new()
            .profile(Profile::Strict)
            .extract(&Request::new(&strict))
    );
    defmt::println!(
        "basic, short buffer: {}",
        HttpBasic::new().extract(&req, &mut [0u8; 4])
    );
    for param in
        digest::params(b"username=\"Mufasa\", response=\"8ca523f5e9506fed4657c9700eebdbec\"")
    {
        defmt::println!("digest param: {}", param);
    }
    defmt::println!("done");
    cortex_m_semihosting::debug::exit(cortex_m_semihosting::debug::EXIT_SUCCESS);
    loop {
        cortex_m::asm::wfi();
    }
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    cortex_m_semihosting::debug::exit(cortex_m_semihosting::debug::EXIT_FAILURE);
    loop {
        cortex_m::asm::wfi();
    }
}
