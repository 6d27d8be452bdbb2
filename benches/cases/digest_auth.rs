//! Digest parameters and verification.

use super::*;

/// RFC 7616 §3.9.1's example credentials (the `Authorization` value).
pub const DIGEST: &str = r#"Digest username="Mufasa", realm="http-auth@example.org", uri="/dir/index.html", algorithm=SHA-256, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", nc=00000001, cnonce="f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ", qop=auth, response="753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS""#;

pub(super) fn digest_params<R: Runner>(r: &mut R) {
    let headers = [("authorization", DIGEST)];
    let params = &DIGEST.as_bytes()[7..];
    assert_eq!(digest::params(params).filter(|p| p.is_ok()).count(), 10);
    let parsed = http_auth::parser::ChallengeParser::new(DIGEST)
        .next()
        .unwrap()
        .unwrap();
    assert_eq!(parsed.params.len(), 10);
    let req = Request::new(&headers);
    for profile in [Profile::FastApi, Profile::Strict] {
        assert_eq!(
            HttpDigest::new().profile(profile).extract(&req).status(),
            200
        );
    }

    r.group("digest", DIGEST.len());
    r.case("authparse digest::params", move || {
        let mut n = 0;
        for p in digest::params(black_box(params)) {
            match p {
                Ok(p) => n += black_box(p.name).len() + black_box(p.value).len(),
                Err(_) => return 0,
            }
        }
        n
    });
    r.case("authparse split+digest::params", move || {
        let value = black_box(DIGEST).as_bytes();
        let (scheme, params) = authparse::authorization::split(value);
        if !scheme.eq_ignore_ascii_case(b"digest") {
            return 0;
        }
        let mut n = 0;
        for p in digest::params(params) {
            match p {
                Ok(p) => n += black_box(p.name).len() + black_box(p.value).len(),
                Err(_) => return 0,
            }
        }
        n
    });
    for (name, profile) in [
        ("authparse HttpDigest fastapi", Profile::FastApi),
        (
            "authparse HttpDigest strict (validates params)",
            Profile::Strict,
        ),
    ] {
        let digest = HttpDigest::new().profile(profile);
        r.case(name, move || {
            let req = Request::new(black_box(&headers));
            digest
                .extract(&req)
                .credentials()
                .map_or(0, |c| c.credentials.as_bytes().len())
        });
    }
    r.case(
        "authparse digest::Credentials::parse (validated)",
        move || match digest::Credentials::parse(black_box(params), &mut []) {
            Ok(c) => c.username.len() + c.response.len(),
            Err(_) => 0,
        },
    );
    r.case("http-auth ChallengeParser", move || {
        let mut n = 0;
        for c in http_auth::parser::ChallengeParser::new(black_box(DIGEST)) {
            match c {
                Ok(c) => {
                    for (name, value) in &c.params {
                        n += black_box(*name).len() + black_box(value.as_escaped()).len();
                    }
                }
                Err(_) => return 0,
            }
        }
        n
    });
}

/// Verification of the RFC 7616 §3.9.1 response for each algorithm, from
/// the stored password (three hashes, four with `-sess`) and from a stored
/// HA1 (two, three with `-sess`); responses computed with Python's hashlib.
#[cfg(feature = "digest-verify")]
pub(super) fn digest_verify<R: Runner>(r: &mut R) {
    use digest::{Algorithm, Credentials, RequestInfo, StoredSecret, StoredUser};
    const CASES: [(&str, &str, &str, &str); 6] = [
        (
            "MD5",
            "authparse verify MD5 password",
            "authparse verify MD5 HA1",
            "8ca523f5e9506fed4657c9700eebdbec",
        ),
        (
            "MD5-sess",
            "authparse verify MD5-sess password",
            "authparse verify MD5-sess HA1",
            "e783283f46242139c486a698fec7211d",
        ),
        (
            "SHA-256",
            "authparse verify SHA-256 password",
            "authparse verify SHA-256 HA1",
            "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1",
        ),
        (
            "SHA-256-sess",
            "authparse verify SHA-256-sess password",
            "authparse verify SHA-256-sess HA1",
            "2fd51b3a77ad75bad6afad6003e818d767133c46d9e2749e7f5232ae1ea3efd7",
        ),
        (
            "SHA-512-256",
            "authparse verify SHA-512-256 password",
            "authparse verify SHA-512-256 HA1",
            "430d05014cecc49cab6fbe03176d41a1da86cbfe24a16580e22aaad928d960d0",
        ),
        (
            "SHA-512-256-sess",
            "authparse verify SHA-512-256-sess password",
            "authparse verify SHA-512-256-sess HA1",
            "3f2a34f923c38b0fb26dce2fdfc2ce326c23cecf86fbb1444f3e51fbbc2cb92e",
        ),
    ];
    let request = RequestInfo {
        method: b"GET",
        target: b"/dir/index.html",
        realm: b"http-auth@example.org",
        body_hash: None,
    };
    r.group("digest_verify", DIGEST.len());
    for (name, by_password, by_ha1, response) in CASES {
        let value: &'static str = Box::leak(
            DIGEST
                .replace("algorithm=SHA-256", &format!("algorithm={name}"))
                .replace(
                    "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1",
                    response,
                )
                .into_boxed_str(),
        );
        let params = &value.as_bytes()[7..];
        let algorithm = Algorithm::from_name(name.as_bytes()).unwrap();
        let ha1: &'static digest::HexDigest = Box::leak(Box::new(digest::ha1(
            algorithm,
            b"Mufasa",
            b"http-auth@example.org",
            b"Circle of Life",
        )));
        for (case, secret) in [
            (by_password, StoredSecret::Password(b"Circle of Life")),
            (by_ha1, StoredSecret::Ha1(ha1.as_bytes())),
        ] {
            let user = StoredUser {
                username: b"Mufasa",
                secret,
            };
            let verify = move || {
                Credentials::parse(black_box(params), &mut [])
                    .and_then(|c| c.verify(&request, &user))
                    .is_ok()
            };
            assert!(verify(), "{case}");
            r.case(case, verify);
        }
    }
    // Verification alone: the credentials parsed once, outside the loop.
    for (name, by_password, by_ha1, response) in CASES {
        let value = DIGEST
            .replace("algorithm=SHA-256", &format!("algorithm={name}"))
            .replace(
                "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1",
                response,
            );
        let params: &'static [u8] = Box::leak(value.into_bytes().into_boxed_slice());
        let creds = Credentials::parse(&params[7..], &mut []).unwrap();
        let algorithm = Algorithm::from_name(name.as_bytes()).unwrap();
        let ha1: &'static digest::HexDigest = Box::leak(Box::new(digest::ha1(
            algorithm,
            b"Mufasa",
            b"http-auth@example.org",
            b"Circle of Life",
        )));
        for (case, secret) in [
            (by_password, StoredSecret::Password(b"Circle of Life")),
            (by_ha1, StoredSecret::Ha1(ha1.as_bytes())),
        ] {
            let user = StoredUser {
                username: b"Mufasa",
                secret,
            };
            let verify = move || black_box(&creds).verify(&request, &user).is_ok();
            assert!(verify(), "{case}");
            let case: &'static str = Box::leak(
                case.replace("authparse verify", "authparse verify only")
                    .into_boxed_str(),
            );
            r.case(case, verify);
        }
    }
}

/// The replay table at 1024 slots, full: a new nonce (it evicts the
/// oldest) and a known one (in the last slot, the longest search). Each call
/// sends a higher `nc` (or a newer nonce), so every call is accepted.
#[cfg(feature = "digest-verify")]
pub(super) fn digest_nonce_counts<R: Runner>(r: &mut R) {
    use digest::{IssuedNonce, NonceCounts};
    const SLOTS: u64 = 1024;
    let full = || {
        let mut counts = Box::new(NonceCounts::<{ SLOTS as usize }>::new());
        for i in 1..=SLOTS {
            assert_eq!(counts.accept(IssuedNonce { time: i, unique: i }, 1), Ok(()));
        }
        counts
    };
    let mut check = full();
    let newer = IssuedNonce {
        time: SLOTS + 1,
        unique: 0,
    };
    assert_eq!(check.accept(newer, 1), Ok(()));
    // The oldest (time 1) was forgotten: stale now.
    assert_eq!(
        check.accept(IssuedNonce { time: 1, unique: 1 }, 2),
        Err(authparse::digest::DigestError::StaleNonce)
    );
    r.group(
        "digest_nonce",
        SLOTS as usize * core::mem::size_of::<digest::NonceSlot>(),
    );
    let (mut counts, mut time) = (full(), SLOTS);
    r.case(
        "authparse NonceCounts::accept 1024 slots, new nonce",
        move || {
            time += 1;
            let nonce = IssuedNonce { time, unique: time };
            black_box(&mut counts).accept(black_box(nonce), 1).is_ok()
        },
    );
    let (mut counts, mut nc) = (full(), 1);
    let last = IssuedNonce {
        time: SLOTS,
        unique: SLOTS,
    };
    r.case(
        "authparse NonceCounts::accept 1024 slots, known nonce (last slot)",
        move || {
            nc += 1;
            black_box(&mut counts).accept(black_box(last), nc).is_ok()
        },
    );
}
