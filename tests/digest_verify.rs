//! Digest verification against the RFC examples, and every algorithm and
//! qop against responses computed independently (Python's `hashlib`, from
//! the RFC 7616 §3.9.1 inputs).
#![cfg(feature = "digest-verify")]

use authparse::digest::{
    ha1, userhash, Algorithm, BodyHasher, Credentials, DigestError, RequestInfo, StoredSecret,
    StoredUser,
};

const NONCE: &str = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
const CNONCE: &str = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";
const REALM: &[u8] = b"http-auth@example.org";
const PASSWORD: &[u8] = b"Circle of Life";

/// RFC 7616 §3.9.1's `Authorization` parameters with another algorithm,
/// qop and response.
fn rfc7616(algorithm: &str, qop: &str, response: &str) -> String {
    format!(
        r#"username="Mufasa", realm="http-auth@example.org", uri="/dir/index.html", algorithm={algorithm}, nonce="{NONCE}", nc=00000001, cnonce="{CNONCE}", qop={qop}, response="{response}", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS""#
    )
}

fn get() -> RequestInfo<'static> {
    RequestInfo {
        method: b"GET",
        target: b"/dir/index.html",
        realm: REALM,
        body_hash: None,
    }
}

fn mufasa(secret: StoredSecret<'_>) -> StoredUser<'_> {
    StoredUser {
        username: b"Mufasa",
        secret,
    }
}

fn verify(
    value: &str,
    request: &RequestInfo<'_>,
    user: &StoredUser<'_>,
) -> Result<(), DigestError> {
    Credentials::parse(value.as_bytes(), &mut [])?.verify(request, user)
}

#[test]
fn rfc_7616_section_3_9_1_sha256_and_md5() {
    let password = mufasa(StoredSecret::Password(PASSWORD));
    let sha = rfc7616(
        "SHA-256",
        "auth",
        "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1",
    );
    let md5 = rfc7616("MD5", "auth", "8ca523f5e9506fed4657c9700eebdbec");
    assert_eq!(verify(&sha, &get(), &password), Ok(()));
    assert_eq!(verify(&md5, &get(), &password), Ok(()));
    // Upper-case hex from the client is the same response.
    let upper = md5.replace(
        "8ca523f5e9506fed4657c9700eebdbec",
        "8CA523F5E9506FED4657C9700EEBDBEC",
    );
    assert_eq!(verify(&upper, &get(), &password), Ok(()));
}

#[test]
fn rfc_2617_section_3_5() {
    let value = r#"username="Mufasa", realm="testrealm@host.com", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", uri="/dir/index.html", qop=auth, nc=00000001, cnonce="0a4f113b", response="6629fae49393a05397450978507c4ef1", opaque="5ccc069c403ebaf9f0171e9517f40e41""#;
    let request = RequestInfo {
        realm: b"testrealm@host.com",
        ..get()
    };
    let stored_ha1 = ha1(
        Algorithm::Md5,
        b"Mufasa",
        b"testrealm@host.com",
        b"Circle Of Life",
    );
    for secret in [
        StoredSecret::Password(b"Circle Of Life"),
        StoredSecret::Ha1(stored_ha1.as_bytes()),
    ] {
        assert_eq!(verify(value, &request, &mufasa(secret)), Ok(()));
    }
}

/// (algorithm, qop=auth response, qop=auth-int response for `POST` of `hello`).
const ALL_SIX: [(&str, &str, &str); 6] = [
    (
        "MD5",
        "8ca523f5e9506fed4657c9700eebdbec",
        "23fef4d928a3e9fa6e0b0de51288c997",
    ),
    (
        "MD5-sess",
        "e783283f46242139c486a698fec7211d",
        "1f00ae1cf4fdcb90e9cfc3b1e22118b7",
    ),
    (
        "SHA-256",
        "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1",
        "c98b95dbdb463c4483e324bced57d591946a6f84098142757b1333c52c47d62e",
    ),
    (
        "SHA-256-sess",
        "2fd51b3a77ad75bad6afad6003e818d767133c46d9e2749e7f5232ae1ea3efd7",
        "b097196f9caf274775b76c5e5ad2221bdf75111e71e6598a385b951f12032e65",
    ),
    (
        "SHA-512-256",
        "430d05014cecc49cab6fbe03176d41a1da86cbfe24a16580e22aaad928d960d0",
        "94b85dbcbbb97c3bda2751c7e160fe6604eccca585f3cbff75d2a23f0085ed70",
    ),
    (
        "SHA-512-256-sess",
        "3f2a34f923c38b0fb26dce2fdfc2ce326c23cecf86fbb1444f3e51fbbc2cb92e",
        "6188aa2d1c4d7adbdd32cdee6db3f0f8c107c0e7a45887aecb01647b05eda860",
    ),
];

#[test]
fn every_algorithm_with_auth_and_auth_int() {
    for (name, auth, auth_int) in ALL_SIX {
        let algorithm = Algorithm::from_name(name.as_bytes()).unwrap();
        let stored = ha1(algorithm, b"Mufasa", REALM, PASSWORD);
        let mut body = BodyHasher::new(algorithm);
        body.update(b"hello");
        let body = body.finish();
        let post = RequestInfo {
            method: b"POST",
            body_hash: Some(body.as_bytes()),
            ..get()
        };
        for secret in [
            StoredSecret::Password(PASSWORD),
            StoredSecret::Ha1(stored.as_bytes()),
        ] {
            let user = mufasa(secret);
            assert_eq!(
                verify(&rfc7616(name, "auth", auth), &get(), &user),
                Ok(()),
                "{name}"
            );
            let int = rfc7616(name, "auth-int", auth_int);
            assert_eq!(verify(&int, &post, &user), Ok(()), "{name} auth-int");
            // The body is part of the response.
            let other = BodyHasher::new(algorithm).finish();
            let post_empty = RequestInfo {
                body_hash: Some(other.as_bytes()),
                ..post
            };
            assert_eq!(
                verify(&int, &post_empty, &user),
                Err(DigestError::ResponseMismatch)
            );
            let no_body = RequestInfo {
                body_hash: None,
                ..post
            };
            assert_eq!(
                verify(&int, &no_body, &user),
                Err(DigestError::BodyHashRequired)
            );
        }
    }
}

#[test]
fn what_the_verdict_checks() {
    let md5 = rfc7616("MD5", "auth", "8ca523f5e9506fed4657c9700eebdbec");
    let user = mufasa(StoredSecret::Password(PASSWORD));
    let cases: [(RequestInfo<'_>, StoredUser<'_>, DigestError); 6] = [
        (
            get(),
            mufasa(StoredSecret::Password(b"circle of life")),
            DigestError::ResponseMismatch,
        ),
        (
            RequestInfo {
                method: b"PUT",
                ..get()
            },
            user,
            DigestError::ResponseMismatch,
        ),
        (
            RequestInfo {
                target: b"/other",
                ..get()
            },
            user,
            DigestError::UriMismatch,
        ),
        (
            RequestInfo {
                realm: b"other",
                ..get()
            },
            user,
            DigestError::RealmMismatch,
        ),
        (
            get(),
            StoredUser {
                username: b"Simba",
                ..user
            },
            DigestError::UsernameMismatch,
        ),
        (
            get(),
            mufasa(StoredSecret::Ha1(
                b"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
            )),
            DigestError::InvalidHa1,
        ),
    ];
    for (request, user, err) in cases {
        assert_eq!(verify(&md5, &request, &user), Err(err));
    }
}

#[test]
fn userhash_names_the_user_by_hash() {
    let algorithm = Algorithm::Sha256;
    let hashed = userhash(algorithm, b"Mufasa", REALM);
    let value = rfc7616(
        "SHA-256",
        "auth",
        "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1",
    )
    .replace(
        "\"Mufasa\"",
        &format!("\"{}\", userhash=true", hashed.as_str()),
    );
    let creds = Credentials::parse(value.as_bytes(), &mut []).unwrap();
    assert!(creds.userhash);
    let user = mufasa(StoredSecret::Password(PASSWORD));
    assert_eq!(creds.verify(&get(), &user), Ok(()));
    let simba = StoredUser {
        username: b"Simba",
        ..user
    };
    assert_eq!(
        creds.verify(&get(), &simba),
        Err(DigestError::UsernameMismatch)
    );
}

#[test]
fn rfc_2069_without_qop() {
    // H(HA1 ":" nonce ":" HA2), computed with Python's hashlib.
    let value = r#"username="Mufasa", realm="testrealm@host.com", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", uri="/dir/index.html", response="670fd8c2df070c60b045671b8b24ff02""#;
    let request = RequestInfo {
        realm: b"testrealm@host.com",
        ..get()
    };
    let user = mufasa(StoredSecret::Password(b"Circle Of Life"));
    assert_eq!(verify(value, &request, &user), Ok(()));
}

#[test]
fn debug_never_shows_secrets() {
    let stored = ha1(Algorithm::Md5, b"Mufasa", REALM, PASSWORD);
    let key = authparse::digest::NonceKey::new(b"secret-secret-secret").unwrap();
    let mut body = BodyHasher::new(Algorithm::Sha256);
    body.update(PASSWORD);
    let shown = format!(
        "{stored:?} {:?} {:?} {key:?} {body:?}",
        mufasa(StoredSecret::Password(PASSWORD)),
        mufasa(StoredSecret::Ha1(stored.as_bytes())),
    );
    for secret in [stored.as_str(), "Circle", "secret-secret", "67, 105"] {
        assert!(!shown.contains(secret), "{shown}");
    }
}
