//! Every row of SECURITY.md's threat-model table, asserted in both
//! profiles: what the FastAPI profile reads (as FastAPI does) and what the
//! strict profile refuses.

use authparse::form::{FormOutcome, OAuth2PasswordRequestForm};
use authparse::{ApiKeyCookie, ApiKeyHeader, ApiKeyQuery, HttpBasic, Outcome, Profile, Request};

type Headers<'a> = Vec<(&'a str, &'a str)>;

/// `HTTPBasic` on one `Authorization` value: `(status, username, password)`.
fn basic(profile: Profile, headers: &Headers<'_>) -> (u16, Vec<u8>, Vec<u8>) {
    let mut buf = [0u8; 128];
    let o = HttpBasic::new()
        .profile(profile)
        .extract(&Request::new(headers), &mut buf)
        .unwrap();
    match o {
        Outcome::Credentials(c) => (200, c.username.into(), c.password.into()),
        other => (other.status(), vec![], vec![]),
    }
}

fn b64(plain: &[u8]) -> String {
    format!(
        "Basic {}",
        ::base64::Engine::encode(&::base64::engine::general_purpose::STANDARD, plain)
    )
}

fn query_key(profile: Profile, query: &[u8]) -> (u16, Vec<u8>) {
    let none: Headers = vec![];
    let mut buf = [0u8; 64];
    let o = ApiKeyQuery::new("api_key")
        .profile(profile)
        .extract(&Request::new(&none).with_query(query), &mut buf)
        .unwrap();
    (
        o.status(),
        o.credentials()
            .map(|s| s.as_bytes().to_vec())
            .unwrap_or_default(),
    )
}

fn cookie_key(profile: Profile, lines: &[&str]) -> (u16, Vec<u8>) {
    let headers: Headers = lines.iter().map(|l| ("cookie", *l)).collect();
    let mut buf = [0u8; 64];
    let o = ApiKeyCookie::new("session")
        .profile(profile)
        .extract(&Request::new(&headers), &mut buf)
        .unwrap();
    (
        o.status(),
        o.credentials()
            .map(|s| s.as_bytes().to_vec())
            .unwrap_or_default(),
    )
}

#[test]
fn lenient_base64_junk() {
    // Junk inside and after the base64 is skipped by CPython's decoder.
    for value in [
        "Basic am9objpz!ZWNyZXQ=",
        "Basic am9objpzZWNyZXQ=junk",
        "Basic am9o bjpzZWNyZXQ=",
    ] {
        let headers = vec![("authorization", value)];
        assert_eq!(
            basic(Profile::FastApi, &headers),
            (200, b"john".to_vec(), b"secret".to_vec()),
            "{value}"
        );
        assert_eq!(basic(Profile::Strict, &headers).0, 401, "{value}");
    }
}

#[test]
fn duplicate_headers_first_wins_or_400() {
    let headers = vec![
        ("authorization", "Basic am9objpzZWNyZXQ="),
        ("authorization", "Basic YWRtaW46YWRtaW4="),
    ];
    assert_eq!(basic(Profile::FastApi, &headers).1, b"john");
    assert_eq!(basic(Profile::Strict, &headers).0, 400);
    let keys = vec![("x-api-key", "first"), ("x-api-key", "second")];
    let req = Request::new(&keys);
    let fastapi = ApiKeyHeader::new("x-api-key").extract(&req);
    assert_eq!(fastapi.credentials().unwrap().as_bytes(), b"first");
    assert_eq!(
        ApiKeyHeader::new("x-api-key")
            .profile(Profile::Strict)
            .extract(&req)
            .status(),
        400
    );
}

#[test]
fn query_form_and_cookie_last_wins_or_400() {
    assert_eq!(
        query_key(Profile::FastApi, b"api_key=a&api_key=b"),
        (200, b"b".to_vec())
    );
    assert_eq!(query_key(Profile::Strict, b"api_key=a&api_key=b").0, 400);
    let ct = vec![("content-type", "application/x-www-form-urlencoded")];
    let body = b"grant_type=password&username=u&password=a&password=b";
    let req = Request::new(&ct).with_body(body);
    let mut buf = [0u8; 128];
    match OAuth2PasswordRequestForm::new()
        .extract(&req, &mut buf)
        .unwrap()
    {
        FormOutcome::Form(f) => assert_eq!(f.password, "b"),
        other => panic!("{other:?}"),
    }
    let strict = OAuth2PasswordRequestForm::new()
        .profile(Profile::Strict)
        .extract(&req, &mut buf)
        .unwrap();
    assert_eq!(strict.status(), 400);
    assert_eq!(
        cookie_key(Profile::FastApi, &["session=a", "session=b"]),
        (200, b"b".to_vec())
    );
    assert_eq!(
        cookie_key(Profile::Strict, &["session=a", "session=b"]).0,
        400
    );
}

#[test]
fn latin1_and_utf8_mapping_merges_distinct_bytes() {
    // `%E9` and `%FF` are invalid UTF-8 alone: both become U+FFFD.
    let (_, e9) = query_key(Profile::FastApi, b"api_key=k%E9");
    let (_, ff) = query_key(Profile::FastApi, b"api_key=k%FF");
    assert_eq!(e9, ff);
    assert_eq!(e9, "k\u{FFFD}".as_bytes());
    // A raw 0xE9 is Latin-1 'é', the same text as UTF-8 `%C3%A9`.
    assert_eq!(
        query_key(Profile::FastApi, b"api_key=k\xe9").1,
        query_key(Profile::FastApi, b"api_key=k%C3%A9").1
    );
    for query in [&b"api_key=k%E9"[..], b"api_key=k%FF", b"api_key=k\xe9"] {
        assert_eq!(query_key(Profile::Strict, query).0, 400, "{query:?}");
    }
    assert_eq!(
        query_key(Profile::Strict, b"api_key=k%C3%A9"),
        (200, "ké".as_bytes().to_vec())
    );
    // The same merge happens to names: `k%E9y` and `k%FFy` are one key.
    let none: Headers = vec![];
    let mut buf = [0u8; 64];
    let req = Request::new(&none).with_query(b"k%E9y=first&k%FFy=second");
    let o = ApiKeyQuery::new("k\u{FFFD}y")
        .extract(&req, &mut buf)
        .unwrap();
    assert_eq!(o.credentials().unwrap().as_bytes(), b"second");
}

#[test]
fn cookie_shadowing() {
    // A cookie set for a broader path or a parent domain comes later in the
    // header (RFC 6265 §5.4): FastAPI reads it instead of the site's own.
    let line = ["session=victim; session=attacker"];
    assert_eq!(
        cookie_key(Profile::FastApi, &line),
        (200, b"attacker".to_vec())
    );
    assert_eq!(cookie_key(Profile::Strict, &line).0, 400);
    // Names are stripped with Python's whitespace (NBSP, byte 0xA0, too)
    // in FastAPI; an RFC 6265 reader sees another name.
    let fields: [(&[u8], &[u8]); 1] = [(b"cookie", b"session=victim; \xa0session=attacker")];
    let req = Request::new(&fields);
    let mut buf = [0u8; 64];
    let fastapi = ApiKeyCookie::new("session")
        .extract(&req, &mut buf)
        .unwrap();
    assert_eq!(fastapi.credentials().unwrap().as_bytes(), b"attacker");
    let strict = ApiKeyCookie::new("session")
        .profile(Profile::Strict)
        .extract(&req, &mut buf)
        .unwrap();
    assert_eq!(strict.credentials().unwrap().as_bytes(), b"victim");
}

#[test]
fn nul_in_passwords() {
    let value = b64(b"admin:secret\0anything");
    let headers = vec![("authorization", value.as_str())];
    let (status, _, password) = basic(Profile::FastApi, &headers);
    // A C backend that compares with strcmp would see "secret".
    assert_eq!((status, password), (200, b"secret\0anything".to_vec()));
    assert_eq!(basic(Profile::Strict, &headers).0, 401);
}

#[test]
fn cr_lf_in_decoded_values() {
    let value = b64(b"john:secret\r\nX-Admin: 1");
    let headers = vec![("authorization", value.as_str())];
    assert_eq!(basic(Profile::FastApi, &headers).2, b"secret\r\nX-Admin: 1");
    assert_eq!(basic(Profile::Strict, &headers).0, 401);
    // Percent-decoding yields CR LF in both profiles: check before forwarding.
    for profile in [Profile::FastApi, Profile::Strict] {
        assert_eq!(
            query_key(profile, b"api_key=a%0D%0Ab"),
            (200, b"a\r\nb".to_vec())
        );
    }
    // Cookie octal escapes: FastAPI decodes them, strict has no escapes.
    assert_eq!(
        cookie_key(Profile::FastApi, &["session=\"a\\015\\012b\""]),
        (200, b"a\r\nb".to_vec())
    );
    assert_eq!(
        cookie_key(Profile::Strict, &["session=\"a\\015\\012b\""]).0,
        400
    );
}
