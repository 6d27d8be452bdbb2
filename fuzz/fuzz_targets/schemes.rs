//! Every header-based FastAPI class on arbitrary header lists, in both
//! profiles and with `auto_error` on and off.
//!
//! Input: the first byte picks the configuration, the rest is split at `\n`
//! into header lines whose first byte picks the name (Authorization in two
//! spellings, X-API-Key, Cookie, an unrelated header). Checks: no panic;
//! failures are 401/400 with a challenge that renders and whose length is
//! `rendered_len`; `auto_error(false)` never answers 401; views point into
//! the input; Basic never needs more than `max_decoded_len`, a short
//! buffer states the size that then works, and a roomy one (its one-pass
//! path) decides the same.
#![no_main]

use authparse::base64::max_decoded_len;
use authparse::{
    ApiKeyHeader, Error, HttpBase, HttpBasic, HttpBearer, HttpDigest, OAuth2,
    OAuth2AuthorizationCodeBearer, OAuth2PasswordBearer, OpenIdConnect, Outcome, Profile, Reason,
    Request,
};
use libfuzzer_sys::fuzz_target;

const NAMES: [&[u8]; 5] = [
    b"authorization",
    b"Authorization",
    b"x-api-key",
    b"cookie",
    b"host",
];

fn check_outcome<T>(outcome: &Outcome<'_, T>, auto_error: bool) {
    if let Outcome::Failure(f) = outcome {
        assert!(f.status == 401 || f.status == 400, "status {}", f.status);
        if !auto_error {
            // Without auto_error, no credentials or another scheme is `Absent`;
            // only malformed credentials of the right scheme (FastAPI's Basic
            // quirk, the strict profile) or ambiguity (400) still fail.
            assert!(
                f.reason != Reason::Missing && f.reason != Reason::WrongScheme,
                "{f:?}"
            );
        }
        let mut buf = [0u8; 256];
        let text = f.challenge.render(&mut buf).expect("challenge renders");
        assert_eq!(text.len(), f.challenge.rendered_len());
        assert!(!f.body().is_empty());
        assert!(!f.reason.message().is_empty());
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&config, rest)) = data.split_first() else {
        return;
    };
    let (start, end) = (data.as_ptr() as usize, data.as_ptr() as usize + data.len());
    let inside = |s: &[u8]| {
        s.is_empty() || (s.as_ptr() as usize >= start && s.as_ptr() as usize + s.len() <= end)
    };

    let mut headers: Vec<(&[u8], &[u8])> = Vec::new();
    for line in rest.split(|&b| b == b'\n').take(8) {
        let (name, value) = match line.split_first() {
            Some((&n, value)) => (NAMES[usize::from(n) % NAMES.len()], value),
            None => (NAMES[0], line),
        };
        headers.push((name, value));
    }
    let req = Request::new(&headers);
    let profile = if config & 1 == 0 {
        Profile::FastApi
    } else {
        Profile::Strict
    };
    let auto_error = config & 2 == 0;
    let longest = headers.iter().map(|h| h.1.len()).max().unwrap_or(0);

    // HTTPBasic, with a buffer big enough for anything and with a tiny one.
    let basic = HttpBasic::new()
        .realm("r\"e\\alm")
        .profile(profile)
        .auto_error(auto_error);
    let mut buf = vec![0u8; max_decoded_len(longest)];
    let full = basic.extract(&req, &mut buf);
    match &full {
        Ok(outcome) => {
            check_outcome(outcome, auto_error);
            if let Outcome::Credentials(c) = outcome {
                if profile == Profile::FastApi {
                    assert!(c.username.is_ascii() && c.password.is_ascii());
                }
                assert!(!c.username.contains(':'));
            }
        }
        Err(e) => panic!("HttpBasic with a max_decoded_len buffer: {e:?}"),
    }
    // A roomy buffer (the one-pass path's alignment and padding fit): the
    // same decision, the same text.
    let mut roomy = vec![0u8; max_decoded_len(longest) + 32];
    let fast = basic
        .extract(&req, &mut roomy)
        .expect("a roomy buffer suffices");
    match (full.as_ref().unwrap(), &fast) {
        (Outcome::Credentials(a), Outcome::Credentials(b)) => {
            assert_eq!((a.username, a.password), (b.username, b.password))
        }
        (a, b) => assert_eq!(format!("{a:?}"), format!("{b:?}")),
    }
    let mut small = [0u8; 3];
    if let Err(Error::BufferTooSmall { needed }) = basic.extract(&req, &mut small) {
        assert!(needed > small.len());
        let mut exact = vec![0u8; needed];
        let again = basic
            .extract(&req, &mut exact)
            .expect("the stated size suffices");
        assert_eq!(
            format!("{again:?}"),
            format!("{:?}", full.as_ref().unwrap())
        );
    }

    // HTTPAuthorizationCredentials: Bearer's are never empty.
    let authorizations = [
        (
            HttpBearer::new()
                .profile(profile)
                .auto_error(auto_error)
                .extract(&req),
            true,
        ),
        (
            HttpDigest::new()
                .profile(profile)
                .auto_error(auto_error)
                .extract(&req),
            false,
        ),
        (
            HttpBase::new("my-custom x509cert")
                .profile(profile)
                .auto_error(auto_error)
                .extract(&req),
            false,
        ),
    ];
    for (outcome, never_empty) in authorizations {
        check_outcome(&outcome, auto_error);
        if let Outcome::Credentials(c) = outcome {
            assert!(inside(c.scheme) && inside(c.credentials.as_bytes()));
            assert!(!never_empty || !c.credentials.is_empty());
        }
    }

    let secrets = [
        ApiKeyHeader::new("X-API-Key")
            .profile(profile)
            .auto_error(auto_error)
            .extract(&req),
        OAuth2::new()
            .profile(profile)
            .auto_error(auto_error)
            .extract(&req),
        OAuth2PasswordBearer::new("/token")
            .profile(profile)
            .auto_error(auto_error)
            .extract(&req),
        OAuth2AuthorizationCodeBearer::new("/authorize", "/token")
            .profile(profile)
            .auto_error(auto_error)
            .extract(&req),
        OpenIdConnect::new("https://example.org/.well-known/openid-configuration")
            .profile(profile)
            .auto_error(auto_error)
            .extract(&req),
    ];
    for outcome in secrets {
        check_outcome(&outcome, auto_error);
        if let Outcome::Credentials(secret) = outcome {
            // May be empty: FastAPI's OAuth2 classes accept `Bearer` with no token.
            assert!(inside(secret.as_bytes()));
        }
    }
});
