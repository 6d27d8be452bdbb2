//! `Debug` output of every value that can hold credential bytes shows
//! lengths or names, never the bytes themselves.

use authparse::form::{FormOutcome, OAuth2PasswordRequestForm};
use authparse::{cookie, digest, multipart, urlencoded};
use authparse::{ApiKeyCookie, ApiKeyHeader, HttpBasic, HttpBearer, Request};

const SECRET: &str = "hunter2SECRET";

fn assert_hidden(what: &str, debug: String) {
    assert!(!debug.contains(SECRET), "{what} leaks: {debug}");
    assert!(!debug.contains("hunter2"), "{what} leaks: {debug}");
}

#[test]
fn debug_never_shows_credentials() {
    // "user:hunter2SECRET"
    let basic = "Basic dXNlcjpodW50ZXIyU0VDUkVU";
    let bearer = format!("Bearer {SECRET}");
    let cookie_line = format!("session={SECRET}");
    let body = format!("username=user&password={SECRET}&client_secret={SECRET}");
    let headers = [
        ("authorization", basic),
        ("x-key", SECRET),
        ("cookie", cookie_line.as_str()),
        ("content-type", "application/x-www-form-urlencoded"),
    ];
    let req = Request::new(&headers).with_body(body.as_bytes());
    let mut buf = [0u8; 256];

    let basic = HttpBasic::new().extract(&req, &mut buf).unwrap();
    assert_hidden("BasicCredentials", format!("{basic:?}"));
    let bearer_headers = [("authorization", bearer.as_str())];
    let bearer = HttpBearer::new().extract(&Request::new(&bearer_headers));
    assert_hidden("AuthorizationCredentials", format!("{bearer:?}"));
    assert_hidden(
        "Secret",
        format!("{:?}", ApiKeyHeader::new("x-key").extract(&req)),
    );
    let mut cbuf = [0u8; 64];
    assert_hidden(
        "cookie Secret",
        format!(
            "{:?}",
            ApiKeyCookie::new("session").extract(&req, &mut cbuf)
        ),
    );
    assert_hidden("Request", format!("{req:?}"));

    let form = OAuth2PasswordRequestForm::new()
        .extract(&req, &mut buf)
        .unwrap();
    assert!(matches!(form, FormOutcome::Form(_)));
    assert_hidden("PasswordForm", format!("{form:?}"));

    for pair in cookie::pairs(cookie_line.as_bytes()) {
        assert_hidden("CookiePair", format!("{pair:?}"));
    }
    for pair in urlencoded::pairs(body.as_bytes()) {
        assert_hidden("urlencoded::Pair", format!("{pair:?}"));
    }
    let digest = format!("username=\"u\", response=\"{SECRET}\"");
    for param in digest::params(digest.as_bytes()) {
        assert_hidden("digest::Param", format!("{param:?}"));
    }
    let part = format!(
        "--b\r\nContent-Disposition: form-data; name=\"password\"\r\n\r\n{SECRET}\r\n--b--"
    );
    for p in multipart::parts(part.as_bytes(), b"b") {
        assert_hidden("multipart::Part", format!("{p:?}"));
    }
}
