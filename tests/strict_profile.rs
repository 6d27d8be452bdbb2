//! The strict profile: every place it departs from FastAPI (README table).

use authparse::form::{FormOutcome, OAuth2PasswordRequestForm, Rejection};
use authparse::{
    ApiKeyCookie, ApiKeyHeader, ApiKeyQuery, HttpBase, HttpBasic, HttpBearer, HttpDigest,
    OAuth2PasswordBearer, Outcome, Profile, Reason, Request,
};

type Headers<'a> = Vec<(&'a [u8], &'a [u8])>;
const STRICT: Profile = Profile::Strict;

fn basic(headers: &Headers<'_>) -> Outcome<'static, (String, String)> {
    let mut buf = [0u8; 128];
    let basic = HttpBasic::new().profile(STRICT).auto_error(false);
    basic
        .extract(&Request::new(headers), &mut buf)
        .unwrap()
        .map(|c| (c.username.into(), c.password.into()))
}

fn reason<T>(outcome: &Outcome<'_, T>) -> Option<(u16, Reason)> {
    outcome.failure().map(|f| (f.status, f.reason))
}

#[test]
fn basic_accepts_utf8_and_canonical_base64_only() {
    // "jöhn:pässwörd"
    let headers: Headers = vec![(b"authorization", b"Basic asO2aG46cMOkc3N3w7ZyZA==")];
    assert_eq!(
        basic(&headers).credentials(),
        Some(("jöhn".into(), "pässwörd".into()))
    );
    for (value, why) in [
        (&b"Basic Oh=="[..], Reason::InvalidBase64),
        (b"Basic dXNl cjpwYXNz", Reason::MalformedCredentials),
        (b"Basic dXNlcjpwYXNz!!", Reason::MalformedCredentials),
        (b"Basic Zm9vOmJhcg==garbage", Reason::MalformedCredentials),
        (b"Basic am9obnNlY3JldA==", Reason::MissingColon),
        (b"Basic /w==", Reason::InvalidCharset),
        (b"Basic dQk6cA==", Reason::ControlCharacter),
        (b"Basic", Reason::EmptyCredentials),
    ] {
        let headers: Headers = vec![(b"authorization", value)];
        assert_eq!(reason(&basic(&headers)), Some((401, why)), "{value:?}");
    }
}

#[test]
fn basic_challenge_escapes_the_realm_and_names_the_charset() {
    let challenge = HttpBasic::new().realm("a\"b").profile(STRICT).challenge();
    assert_eq!(
        challenge.to_string(),
        "Basic realm=\"a\\\"b\", charset=\"UTF-8\""
    );
}

#[test]
fn duplicate_authorization_is_a_400_for_every_scheme() {
    let headers: Headers = vec![
        (b"authorization", b"Bearer a"),
        (b"Authorization", b"Bearer b"),
    ];
    let req = Request::new(&headers);
    assert_eq!(
        reason(&basic(&headers)),
        Some((400, Reason::DuplicateCredentials))
    );
    assert_eq!(
        reason(&HttpBearer::new().profile(STRICT).extract(&req)),
        Some((400, Reason::DuplicateCredentials))
    );
    assert_eq!(
        OAuth2PasswordBearer::new("t")
            .profile(STRICT)
            .extract(&req)
            .status(),
        400
    );
    assert_eq!(
        HttpBearer::new().extract(&req).status(),
        200,
        "FastAPI takes the first line"
    );
    let keys: Headers = vec![(b"x-key", b"a"), (b"x-key", b"b")];
    assert_eq!(
        ApiKeyHeader::new("x-key")
            .profile(STRICT)
            .extract(&Request::new(&keys))
            .status(),
        400
    );
}

#[test]
fn bearer_requires_a_b64token_after_exactly_spaces() {
    let check = |value: &[u8]| {
        let headers: Headers = vec![(b"authorization", value)];
        let outcome = HttpBearer::new()
            .profile(STRICT)
            .extract(&Request::new(&headers));
        outcome
            .credentials()
            .map(|c| c.credentials.as_bytes().to_vec())
    };
    assert_eq!(
        check(b"Bearer mF_9.B5f-4.1JqM"),
        Some(b"mF_9.B5f-4.1JqM".to_vec())
    );
    assert_eq!(check(b" Bearer  abc== \t"), Some(b"abc==".to_vec()));
    for bad in [
        &b"Bearer a b"[..],
        b"Bearer tok\x0b",
        b"Bearer \xa0tok",
        b"Bearer a=b",
        b"Bearer",
        b"Bearer \ttok",
        b"Bearer  \t tok",
        b"Bearer\ttok",
    ] {
        assert_eq!(check(bad), None, "{bad:?}");
    }
    let headers: Headers = vec![(b"authorization", b"Bearer")];
    let empty = OAuth2PasswordBearer::new("t")
        .profile(STRICT)
        .extract(&Request::new(&headers));
    assert_eq!(reason(&empty), Some((401, Reason::EmptyCredentials)));
}

#[test]
fn http_base_compares_the_configured_scheme() {
    let headers: Headers = vec![(b"authorization", b"Other foobar")];
    let req = Request::new(&headers);
    assert_eq!(
        HttpBase::new("other")
            .profile(STRICT)
            .extract(&req)
            .status(),
        200
    );
    let wrong: Headers = vec![(b"authorization", b"Bearer foobar")];
    let outcome = HttpBase::new("Other")
        .profile(STRICT)
        .auto_error(false)
        .extract(&Request::new(&wrong));
    assert_eq!(outcome, Outcome::Absent);
    // Only SP separates scheme and credentials; a tab after it is malformed.
    let tab: Headers = vec![(b"authorization", b"Other \tfoobar")];
    let outcome = HttpBase::new("Other")
        .profile(STRICT)
        .extract(&Request::new(&tab));
    assert_eq!(reason(&outcome), Some((401, Reason::MalformedCredentials)));
}

#[test]
fn digest_parameters_are_validated() {
    let good: Headers = vec![(
        b"authorization",
        br#"Digest username="a", realm="r", nonce="n", uri="/", response="0123456789abcdef0123456789abcdef""#,
    )];
    assert_eq!(
        HttpDigest::new()
            .profile(STRICT)
            .extract(&Request::new(&good))
            .status(),
        200
    );
    let stub: Headers = vec![(b"authorization", b"Digest whatever")];
    assert_eq!(
        HttpDigest::new()
            .profile(STRICT)
            .extract(&Request::new(&stub))
            .status(),
        401
    );
    assert_eq!(
        HttpDigest::new().extract(&Request::new(&stub)).status(),
        200
    );
}

#[test]
fn cookies_follow_rfc_6265_and_may_not_repeat() {
    let run = |lines: &[&[u8]]| {
        let headers: Headers = lines.iter().map(|l| (&b"cookie"[..], *l)).collect();
        let mut buf = [0u8; 32];
        let outcome = ApiKeyCookie::new("session")
            .profile(STRICT)
            .extract(&Request::new(&headers), &mut buf)
            .unwrap();
        (
            outcome.status(),
            outcome.credentials().map(|s| s.as_bytes().to_vec()),
        )
    };
    // A repeated name is ambiguous (which one does the backend read?): 400.
    assert_eq!(run(&[b"session=first; session=second"]), (400, None));
    assert_eq!(
        run(&[b"session=first", b"a=1; session=second"]),
        (400, None)
    );
    assert_eq!(run(&[b"session=first", b"session=bad value"]), (400, None));
    assert_eq!(
        run(&[b"session2=x; xsession=y; session=only"]),
        (200, Some(b"only".to_vec()))
    );
    assert_eq!(
        run(&[b"a=1", b"session=\"quoted\""]),
        (200, Some(b"quoted".to_vec()))
    );
    assert_eq!(run(&[b"session=\"\\101\""]), (400, None));
    assert_eq!(run(&[b"session=a b"]), (400, None));
    assert_eq!(
        run(&[b"bad cookie=x; session=ok"]),
        (200, Some(b"ok".to_vec()))
    );
    assert_eq!(run(&[b"session=\xa0v"]), (400, None));
}

#[test]
fn query_keys_use_whatwg_decoding_and_may_not_repeat() {
    let run = |query: &[u8]| {
        let none: Headers = vec![];
        let mut buf = [0u8; 32];
        let outcome = ApiKeyQuery::new("key")
            .profile(STRICT)
            .extract(&Request::new(&none).with_query(query), &mut buf)
            .unwrap();
        (
            outcome.status(),
            outcome.credentials().map(|s| s.as_bytes().to_vec()),
        )
    };
    assert_eq!(run(b"key=%C3\xa9"), (200, Some("é".as_bytes().to_vec())));
    assert_eq!(run(b"key=%E2%82"), (400, None));
    assert_eq!(run(b"key=a&key=b"), (400, None));
    assert_eq!(run(b"key="), (401, None));
}

fn strict_form(body: &[u8]) -> (u16, String) {
    let headers: Headers = vec![(b"content-type", b"application/x-www-form-urlencoded")];
    let req = Request::new(&headers).with_body(body);
    let mut buf = [0u8; 256];
    let outcome = OAuth2PasswordRequestForm::new()
        .profile(STRICT)
        .extract(&req, &mut buf)
        .unwrap();
    let mut out = [0u8; 256];
    let body = match &outcome {
        FormOutcome::Form(f) => format!("{}:{:?}", f.username, f.scopes().collect::<Vec<_>>()),
        other => other.write_body(&mut out).unwrap().to_string(),
    };
    (outcome.status(), body)
}

#[test]
fn password_form_follows_rfc_6749() {
    assert_eq!(
        strict_form(b"grant_type=password&username=u&password=p&scope=a+b"),
        (200, "u:[\"a\", \"b\"]".into())
    );
    assert_eq!(
        strict_form(b"username=u&password=p"),
        (
            400,
            r#"{"error":"invalid_request","error_description":"a required parameter is missing"}"#
                .into()
        )
    );
    assert_eq!(
        strict_form(b"grant_type=client_credentials&username=u&password=p").1,
        r#"{"error":"unsupported_grant_type","error_description":"grant_type must be password"}"#
    );
    assert_eq!(
        strict_form(b"grant_type=password&username=u&username=v&password=p").0,
        400
    );
    assert!(
        strict_form(b"grant_type=password&username=u&password=p&scope=a++b")
            .1
            .contains("invalid_scope")
    );
    assert_eq!(
        strict_form(b"grant_type=password&username=u&password=p&scope=a%09b").0,
        400
    );
    assert_eq!(
        strict_form(b"grant_type=password&username=%FF&password=p").0,
        400
    );
    let headers: Headers = vec![(b"content-type", b"multipart/form-data; boundary=b")];
    let req = Request::new(&headers).with_body(b"--b--");
    let mut buf = [0u8; 4];
    let outcome = OAuth2PasswordRequestForm::new()
        .profile(STRICT)
        .extract(&req, &mut buf)
        .unwrap();
    assert_eq!(
        outcome,
        FormOutcome::Rejected(Rejection::UnsupportedContentType, STRICT)
    );
}

#[test]
fn a_strict_400_renders_as_a_whole_response() {
    let headers: Headers = vec![
        (b"authorization", b"Bearer a"),
        (b"authorization", b"Bearer b"),
    ];
    let outcome = HttpBearer::new()
        .profile(STRICT)
        .extract(&Request::new(&headers));
    let mut buf = [0u8; 256];
    let response = outcome.failure().unwrap().write_response(&mut buf).unwrap();
    assert_eq!(
        response,
        &b"HTTP/1.1 400 Bad Request\r\nwww-authenticate: Bearer\r\ncontent-length: 24\r\n\
           content-type: application/json\r\n\r\n{\"detail\":\"Bad Request\"}"[..]
    );
    let needed = response.len();
    let mut short = [0u8; 10];
    assert_eq!(
        outcome.failure().unwrap().write_response(&mut short),
        Err(authparse::Error::BufferTooSmall { needed })
    );
}
