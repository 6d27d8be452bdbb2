//! The answers of reference firmware (d) (`reference::digest_answer`, the
//! code `ref-digest` measures) to real requests, in QEMU: a valid request
//! passes, the same request again (a replayed nonce count) and an expired
//! nonce get 401 with `stale=true` and a fresh nonce, as examples/server.rs
//! and the nginx module answer; a wrong password gets 401 without `stale`.
//! Prints `PASS: …` and exits 0 through semihosting, or `FAIL …` and 1.
#![no_std]
#![no_main]

use authparse::digest::{NonceCounts, NonceKey};
use authparse::Request;
use cortex_m_semihosting::{debug, hprintln};

#[path = "../no_panic.rs"]
mod no_panic;
#[path = "../reference.rs"]
mod reference;

use reference::Header;

/// When the nonce below was issued (its first 16 digits), with unique 1.
const ISSUED: u64 = 1_700_000_000;
/// `NonceKey::issue(DIGEST_REALM, ISSUED, 1)` under `DIGEST_SECRET`, and the
/// SHA-256 responses for `john` / `DIGEST_PASSWORD`, `POST /token`,
/// `cnonce="0a4f113b"`, `qop=auth`: computed with Python's hmac and hashlib.
const NONCE: &str = "000000006553f1000000000000000001f4b674a6b52e537ff95a3f01e8fee5d0";

macro_rules! credentials {
    ($nc:literal, $response:literal) => {
        concat!(
            "Digest username=\"john\", realm=\"mcu\", uri=\"/token\", algorithm=SHA-256, ",
            "nonce=\"000000006553f1000000000000000001f4b674a6b52e537ff95a3f01e8fee5d0\", ",
            "nc=",
            $nc,
            ", cnonce=\"0a4f113b\", qop=auth, response=\"",
            $response,
            "\""
        )
        .as_bytes()
    };
}

static FIRST: [Header; 1] = [(
    b"authorization",
    credentials!(
        "00000001",
        "622699bb630036af9b2b9916c3043b32e065b88ebda1bfaefdb938e536e61c2f"
    ),
)];
static SECOND: [Header; 1] = [(
    b"authorization",
    credentials!(
        "00000002",
        "300596aa63fdd7be035912c1f75bda078352eae3c565929ddd57bf153db27d20"
    ),
)];
/// `FIRST` with the last digit of its response changed: a wrong password.
static WRONG: [Header; 1] = [(
    b"authorization",
    credentials!(
        "00000003",
        "622699bb630036af9b2b9916c3043b32e065b88ebda1bfaefdb938e536e61c20"
    ),
)];

/// What a case must get: passed, or a 401 with or without `stale=true`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Expect {
    Pass,
    Challenge { stale: bool },
}

/// (name, request, seconds after `ISSUED`, answer).
const CASES: [(&str, &[Header], u64, Expect); 6] = [
    ("valid, nc 1", &FIRST, 10, Expect::Pass),
    (
        "replayed nc 1",
        &FIRST,
        11,
        Expect::Challenge { stale: true },
    ),
    ("valid, nc 2", &SECOND, 12, Expect::Pass),
    (
        "replayed nc 2",
        &SECOND,
        13,
        Expect::Challenge { stale: true },
    ),
    (
        "wrong password",
        &WRONG,
        14,
        Expect::Challenge { stale: false },
    ),
    (
        "expired nonce",
        &SECOND,
        301,
        Expect::Challenge { stale: true },
    ),
];

/// Whether `needle` occurs in `hay`.
fn contains(hay: &[u8], needle: &[u8]) -> bool {
    (0..hay.len()).any(|i| hay.get(i..i + needle.len()) == Some(needle))
}

/// Whether `answer` is `expect`: a challenge must carry a fresh nonce
/// (issued with unique `unique`, not the one sent) for both algorithms.
fn agrees(
    key: &NonceKey,
    answer: Result<(), &[u8]>,
    expect: Expect,
    now: u64,
    unique: u64,
) -> bool {
    match (answer, expect) {
        (Ok(()), Expect::Pass) => true,
        (Err(header), Expect::Challenge { stale }) => {
            let fresh = key.issue(reference::DIGEST_REALM, now, unique);
            contains(header, fresh.as_bytes())
                && !contains(header, NONCE.as_bytes())
                && contains(header, b"algorithm=SHA-256")
                && contains(header, b"algorithm=MD5")
                && contains(header, b"stale=true") == stale
        }
        _ => false,
    }
}

#[cortex_m_rt::entry]
fn main() -> ! {
    let Ok(key) = NonceKey::new(reference::DIGEST_SECRET) else {
        hprintln!("FAIL: the nonce key");
        exit(false)
    };
    let mut passed =
        usize::from(key.issue(reference::DIGEST_REALM, ISSUED, 1).as_bytes() == NONCE.as_bytes());
    if passed == 0 {
        hprintln!("FAIL: the nonce of the canned requests is not the key's");
    }
    let mut counts = NonceCounts::<4>::new();
    for (unique, (name, headers, after, expect)) in (2..).zip(CASES) {
        let request = Request::new(headers);
        let now = ISSUED + after;
        let mut header = [0u8; 320];
        let answer =
            reference::digest_answer(&request, &key, &mut counts, now, unique, &mut header);
        if agrees(&key, answer, expect, now, unique) {
            passed += 1;
        } else {
            let got = match answer {
                Ok(()) => "passed",
                Err(h) => core::str::from_utf8(h).unwrap_or("(not UTF-8)"),
            };
            hprintln!("FAIL {}: {}", name, got);
        }
    }
    let total = CASES.len() + 1;
    if passed == total {
        hprintln!("PASS: {} Digest answers of reference firmware (d)", total);
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
    loop {
        cortex_m::asm::wfi();
    }
}
