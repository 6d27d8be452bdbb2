//! `Debug` output of every public value that can hold request bytes shows
//! lengths or names, never the bytes themselves: the secret is put in every
//! field a client controls (names too), and each value's `Debug` (and
//! `{:#?}`) is searched for it as text, as a byte list and in hex.

use std::fmt::Debug;

use authparse::form::{FormOutcome, OAuth2PasswordRequestForm, OAuth2PasswordRequestFormStrict};
use authparse::{cookie, digest, multipart, urlencoded, Profile};
use authparse::{
    ApiKeyCookie, ApiKeyHeader, ApiKeyQuery, HttpBase, HttpBasic, HttpBearer, HttpDigest, OAuth2,
    OAuth2AuthorizationCodeBearer, OAuth2PasswordBearer, OpenIdConnect, Request,
};

const SECRET: &str = "hunter2SECRET";
/// `user:hunter2SECRET` in base64.
const BASIC: &str = "Basic dXNlcjpodW50ZXIyU0VDUkVU";
const PROFILES: [Profile; 2] = [Profile::FastApi, Profile::Strict];

/// What must never appear: the secret, its halves, and "hunter2" as a
/// derived `Debug` of bytes prints it (a list of numbers) or in hex.
const NEEDLES: [&str; 5] = [
    SECRET,
    "hunter2",
    "SECRET",
    "104, 117, 110, 116, 101, 114, 50",
    "68756e74657232",
];

/// Fails if `value`'s `Debug` (plain or `{:#?}`) shows any part of the secret.
fn assert_hidden(what: &str, value: &impl Debug) {
    // `{:#?}` goes through the same `Debug` impls; Miri checks `{:?}` only.
    let pretty = if cfg!(miri) {
        String::new()
    } else {
        format!("{value:#?}")
    };
    for debug in [format!("{value:?}"), pretty] {
        // `{:#?}` puts one list item per line: join them as `{:?}` does.
        let flat = debug.replace(",\n", ", ").replace('\n', "");
        let flat = flat.split_whitespace().collect::<Vec<_>>().join(" ");
        for needle in NEEDLES {
            assert!(!flat.contains(needle), "{what} leaks: {debug}");
        }
    }
}

fn headers(pairs: &[(&'static str, String)]) -> Vec<(&'static str, String)> {
    pairs.to_vec()
}

fn as_fields<'a>(h: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    h.iter().map(|(n, v)| (*n, v.as_str())).collect()
}

#[test]
fn authorization_schemes_hide_credentials_and_unregistered_schemes() {
    let values = [
        // Under Miri the first two.
        BASIC.to_string(),
        // No scheme: the password is the first word (FastAPI's HTTPBase takes it as the scheme).
        format!("{SECRET} x"),
        format!("Bearer {SECRET}"),
        format!("Digest username=\"{SECRET}\", realm=\"r\", nonce=\"n\", uri=\"/\", response=\"{SECRET}\""),
        SECRET.to_string(),
        format!("Basic {SECRET}"),
        format!("bearer {SECRET} {SECRET}"),
    ];
    let values = if cfg!(miri) {
        &values[..2]
    } else {
        &values[..]
    };
    for value in values {
        let h = headers(&[("authorization", value.clone())]);
        let fields = as_fields(&h);
        let req = Request::new(&fields);
        for profile in PROFILES {
            let mut buf = [0u8; 128];
            let basic = HttpBasic::new().profile(profile).extract(&req, &mut buf);
            assert_hidden("HttpBasic outcome", &basic);
            assert_hidden(
                "HttpBearer outcome",
                &HttpBearer::new().profile(profile).extract(&req),
            );
            assert_hidden(
                "HttpDigest outcome",
                &HttpDigest::new().profile(profile).extract(&req),
            );
            for scheme in ["Other", "Bearer"] {
                assert_hidden(
                    "HttpBase outcome",
                    &HttpBase::new(scheme).profile(profile).extract(&req),
                );
            }
            assert_hidden(
                "OAuth2 outcome",
                &OAuth2::new().profile(profile).extract(&req),
            );
            assert_hidden(
                "OpenIdConnect outcome",
                &OpenIdConnect::new("/x").profile(profile).extract(&req),
            );
            assert_hidden(
                "OAuth2PasswordBearer outcome",
                &OAuth2PasswordBearer::new("/t")
                    .profile(profile)
                    .extract(&req),
            );
            assert_hidden(
                "OAuth2AuthorizationCodeBearer outcome",
                &OAuth2AuthorizationCodeBearer::new("/a", "/t")
                    .profile(profile)
                    .extract(&req),
            );
        }
        assert_hidden("Request", &req);
    }
}

#[test]
fn http_base_takes_any_first_word_and_never_shows_it() {
    // The issue's case: FastAPI's HTTPBase returns `hunter2SECRET` as the scheme.
    let fields = [("authorization", "hunter2SECRET x")];
    let outcome = HttpBase::new("Other").extract(&Request::new(&fields));
    let creds = outcome.credentials().expect("FastAPI accepts any scheme");
    assert_eq!(creds.scheme, SECRET.as_bytes());
    assert_hidden("AuthorizationCredentials (HTTPBase)", &creds);
    // Registered scheme names are not secret and stay readable.
    let fields = [("authorization", "bearer tok")];
    let creds = HttpBearer::new().extract(&Request::new(&fields));
    assert!(format!("{creds:?}").contains("\"bearer\""), "{creds:?}");
}

#[test]
fn api_keys_hide_values() {
    let h = headers(&[
        ("x-key", SECRET.to_string()),
        ("cookie", format!("session={SECRET}; {SECRET}={SECRET}")),
        ("cookie", format!("session=\"{SECRET}\\041\"")),
    ]);
    let fields = as_fields(&h);
    let query = format!("api_key={SECRET}&{SECRET}={SECRET}&api_key=%68unter2SECRET");
    let req = Request::new(&fields).with_query(query.as_bytes());
    for profile in PROFILES {
        let mut buf = [0u8; 128];
        assert_hidden(
            "ApiKeyHeader outcome",
            &ApiKeyHeader::new("x-key").profile(profile).extract(&req),
        );
        assert_hidden(
            "ApiKeyQuery outcome",
            &ApiKeyQuery::new("api_key")
                .profile(profile)
                .extract(&req, &mut buf),
        );
        assert_hidden(
            "ApiKeyCookie outcome",
            &ApiKeyCookie::new("session")
                .profile(profile)
                .extract(&req, &mut buf),
        );
    }
    assert_hidden("Request with query", &req);
}

#[test]
fn tokenizers_hide_names_and_values() {
    let cookie_line = format!("session={SECRET}; {SECRET}=\"{SECRET}\"; {SECRET}");
    for pair in cookie::pairs(cookie_line.as_bytes()) {
        assert_hidden("CookiePair", &pair);
    }
    for pair in cookie::pairs_strict(cookie_line.as_bytes()) {
        assert_hidden("strict CookiePair", &pair);
    }
    assert_hidden(
        "cookie::find_last",
        &cookie::find_last([cookie_line.as_bytes()].into_iter(), "session"),
    );
    let form = format!("{SECRET}={SECRET}&password={SECRET}&{SECRET}");
    for pair in urlencoded::pairs(form.as_bytes()) {
        assert_hidden("urlencoded::Pair", &pair);
    }
    let params =
        format!("username=\"{SECRET}\", {SECRET}={SECRET}, response=\"{SECRET}\", cnonce={SECRET}");
    let mut it = digest::params(params.as_bytes());
    assert_hidden("digest::Params", &it);
    while let Some(param) = it.next() {
        assert_hidden("digest::Param", &param);
        assert_hidden("digest::Params (partly read)", &it);
    }
    let body = format!(
        "--b\r\nContent-Disposition: form-data; name=\"{SECRET}\"; filename=\"{SECRET}\"\r\n\
         Content-Type: {SECRET}\r\n\r\n{SECRET}\r\n--b--"
    );
    let mut parts = multipart::parts(body.as_bytes(), b"b");
    assert_hidden("multipart::Parts", &parts);
    for part in parts.by_ref() {
        assert_hidden("multipart::Part", &part);
    }
}

#[test]
fn digest_credentials_hide_every_value() {
    let value = format!(
        "username=\"{SECRET}\", realm=\"{SECRET}\", nonce=\"{SECRET}\", uri=\"/{SECRET}\", \
         qop=auth, nc=00000001, cnonce=\"{SECRET}\", opaque=\"{SECRET}\", \
         response=\"0123456789abcdef0123456789abcdef\""
    );
    let mut buf = [0u8; 256];
    let parsed = digest::Credentials::parse(value.as_bytes(), &mut buf);
    assert!(parsed.is_ok(), "{parsed:?}");
    assert_hidden("digest::Credentials", &parsed);
    let bad = format!("username=\"{SECRET}\", {SECRET}");
    assert_hidden(
        "DigestError",
        &digest::Credentials::parse(bad.as_bytes(), &mut buf),
    );
}

#[test]
fn password_forms_hide_every_field() {
    let urlencoded_body = format!(
        "grant_type=password&username={SECRET}&password={SECRET}&scope={SECRET}\
         &client_id={SECRET}&client_secret={SECRET}"
    );
    let multipart_body = format!(
        "--b\r\nContent-Disposition: form-data; name=\"username\"\r\n\r\n{SECRET}\r\n\
         --b\r\nContent-Disposition: form-data; name=\"password\"\r\n\r\n{SECRET}\r\n\
         --b\r\nContent-Disposition: form-data; name=\"scope\"\r\n\r\n{SECRET}\r\n\
         --b\r\nContent-Disposition: form-data; name=\"client_id\"\r\n\r\n{SECRET}\r\n--b--\r\n"
    );
    let bad_grant = format!("grant_type={SECRET}&username={SECRET}&password={SECRET}");
    // A file part for a text field: FastAPI's 422 echoes the upload.
    let file_for_text = format!(
        "--b\r\nContent-Disposition: form-data; name=\"username\"; filename=\"{SECRET}\"\r\n\
         Content-Type: {SECRET}\r\n\r\n{SECRET}\r\n\
         --b\r\nContent-Disposition: form-data; name=\"password\"\r\n\r\n{SECRET}\r\n--b--\r\n"
    );
    let cases = [
        ("application/x-www-form-urlencoded", urlencoded_body),
        ("multipart/form-data; boundary=b", multipart_body),
        ("application/x-www-form-urlencoded", bad_grant),
        ("multipart/form-data; boundary=b", file_for_text),
    ];
    for (content_type, body) in &cases {
        let fields = [("content-type", *content_type)];
        let req = Request::new(&fields).with_body(body.as_bytes());
        for profile in PROFILES {
            let mut buf = [0u8; 1024];
            let form = OAuth2PasswordRequestForm::new()
                .profile(profile)
                .extract(&req, &mut buf);
            assert_hidden("OAuth2PasswordRequestForm outcome", &form);
            let mut buf = [0u8; 1024];
            let strict_class = OAuth2PasswordRequestFormStrict::new()
                .profile(profile)
                .extract(&req, &mut buf);
            assert_hidden("OAuth2PasswordRequestFormStrict outcome", &strict_class);
        }
    }
    // The cases above reach a valid form and a pattern mismatch.
    let fields = [("content-type", "application/x-www-form-urlencoded")];
    let req = Request::new(&fields).with_body(cases[0].1.as_bytes());
    let mut buf = [0u8; 1024];
    let form = OAuth2PasswordRequestForm::new().extract(&req, &mut buf);
    assert!(matches!(form, Ok(FormOutcome::Form(_))), "{form:?}");
    let req = Request::new(&fields).with_body(cases[2].1.as_bytes());
    let mut buf = [0u8; 1024];
    let form = OAuth2PasswordRequestForm::new().extract(&req, &mut buf);
    assert!(matches!(form, Ok(FormOutcome::Invalid(_))), "{form:?}");
    let fields = [("content-type", "multipart/form-data; boundary=b")];
    let req = Request::new(&fields).with_body(cases[3].1.as_bytes());
    let mut buf = [0u8; 1024];
    let form = OAuth2PasswordRequestForm::new().extract(&req, &mut buf);
    assert!(matches!(form, Ok(FormOutcome::Invalid(_))), "{form:?}");
}

#[test]
fn the_check_catches_derived_debug_of_bytes_and_text() {
    #[derive(Debug)]
    #[allow(dead_code)]
    struct Bytes<'a>(&'a [u8]);
    #[derive(Debug)]
    #[allow(dead_code)]
    struct Text<'a> {
        scheme: &'a str,
    }
    let caught = |f: fn()| std::panic::catch_unwind(f).is_err();
    assert!(caught(|| assert_hidden("bytes", &Bytes(b"xhunter2y"))));
    assert!(caught(|| assert_hidden("text", &Text { scheme: "SECRET" })));
    assert!(!caught(|| assert_hidden("length", &"13 bytes")));
}

#[cfg(feature = "digest-verify")]
#[test]
fn digest_verification_values_hide_request_targets_and_secrets() {
    use authparse::digest::{RequestInfo, StoredSecret, StoredUser};
    let target = format!("/items?api_key={SECRET}");
    let info = RequestInfo {
        method: b"GET",
        target: target.as_bytes(),
        realm: b"r",
        body_hash: None,
    };
    assert_hidden("RequestInfo", &info);
    let user = StoredUser {
        username: b"u",
        secret: StoredSecret::Password(SECRET.as_bytes()),
    };
    assert_hidden("StoredUser", &user);
    assert_hidden("StoredSecret::Ha1", &StoredSecret::Ha1(SECRET.as_bytes()));
}
