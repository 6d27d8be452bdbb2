//! `defmt::Format` of every public value that can hold request bytes never
//! writes them: the values are logged through a capturing global logger and
//! the raw defmt stream (where `{=[u8]}` and `{=str}` arguments appear
//! verbatim) is searched for the secret.
//!
//! Runs with `cargo test -p authparse --all-features` (step 20).
#![cfg(feature = "defmt")]

use std::sync::Mutex;

use authparse::form::{FieldError, FormOutcome, OAuth2PasswordRequestForm};
use authparse::{cookie, digest, multipart, urlencoded};
use authparse::{
    ApiKeyCookie, ApiKeyHeader, ApiKeyQuery, HttpBase, HttpBasic, HttpBearer, HttpDigest, Profile,
    Request,
};

static CAPTURED: Mutex<Vec<u8>> = Mutex::new(Vec::new());

/// Held by each test for its whole run: the tests share the one global
/// logger and its buffer, and the test harness runs them on parallel
/// threads (one test's `clear` emptied the other's frame: a flaky failure
/// "nothing logged").
static ONE_TEST_AT_A_TIME: Mutex<()> = Mutex::new(());

fn serial() -> std::sync::MutexGuard<'static, ()> {
    ONE_TEST_AT_A_TIME
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

#[defmt::global_logger]
struct Capture;

// SAFETY: one test logs at a time (`serial`); `write` appends under a mutex.
unsafe impl defmt::Logger for Capture {
    fn acquire() {}
    unsafe fn flush() {}
    unsafe fn release() {}
    unsafe fn write(bytes: &[u8]) {
        CAPTURED.lock().unwrap().extend_from_slice(bytes);
    }
}

defmt::timestamp!("");

const SECRET: &str = "hunter2SECRET";

/// Logs `value` and fails if the captured frame carries the secret.
fn assert_hidden(what: &str, value: impl defmt::Format) {
    CAPTURED.lock().unwrap().clear();
    defmt::error!("{}", value);
    let frame = CAPTURED.lock().unwrap().clone();
    assert!(!frame.is_empty(), "{what}: nothing logged");
    for needle in [&b"hunter2"[..], b"SECRET"] {
        assert!(
            !frame.windows(needle.len()).any(|w| w == needle),
            "{what} leaks through defmt: {frame:?}"
        );
    }
}

#[test]
fn defmt_never_writes_credentials() {
    let _one = serial();
    // The capture sees raw bytes: logging them on purpose must be caught.
    CAPTURED.lock().unwrap().clear();
    defmt::error!("{=[u8]}", SECRET.as_bytes());
    let frame = CAPTURED.lock().unwrap().clone();
    assert!(frame.windows(SECRET.len()).any(|w| w == SECRET.as_bytes()));

    let bearer = format!("Bearer {SECRET}");
    let no_scheme = format!("{SECRET} x");
    let cookie_line = format!("session={SECRET}; {SECRET}={SECRET}");
    let body = format!("username={SECRET}&password={SECRET}&scope={SECRET}&client_id={SECRET}");
    let headers = [
        ("authorization", "Basic dXNlcjpodW50ZXIyU0VDUkVU"),
        ("x-key", SECRET),
        ("cookie", cookie_line.as_str()),
        ("content-type", "application/x-www-form-urlencoded"),
    ];
    let query = format!("api_key={SECRET}");
    let req = Request::new(&headers)
        .with_query(query.as_bytes())
        .with_body(body.as_bytes());
    assert_hidden("Request", req);

    for profile in [Profile::FastApi, Profile::Strict] {
        let mut buf = [0u8; 256];
        let basic = HttpBasic::new().profile(profile).extract(&req, &mut buf);
        assert_hidden("HttpBasic outcome", basic.unwrap());
        let mut buf = [0u8; 256];
        let key = ApiKeyQuery::new("api_key")
            .profile(profile)
            .extract(&req, &mut buf);
        assert_hidden("ApiKeyQuery outcome", key.unwrap());
        let mut buf = [0u8; 256];
        let key = ApiKeyCookie::new("session")
            .profile(profile)
            .extract(&req, &mut buf);
        assert_hidden("ApiKeyCookie outcome", key.unwrap());
        assert_hidden(
            "ApiKeyHeader outcome",
            ApiKeyHeader::new("x-key").profile(profile).extract(&req),
        );
    }
    for value in [bearer.as_str(), no_scheme.as_str()] {
        let fields = [("authorization", value)];
        let r = Request::new(&fields);
        assert_hidden("HttpBearer outcome", HttpBearer::new().extract(&r));
        assert_hidden("HttpDigest outcome", HttpDigest::new().extract(&r));
        let base = HttpBase::new("Other").extract(&r);
        assert!(base.credentials().is_some());
        assert_hidden("HttpBase outcome", base);
    }

    for pair in cookie::pairs(cookie_line.as_bytes()) {
        assert_hidden("CookiePair", pair);
    }
    for pair in urlencoded::pairs(body.as_bytes()) {
        assert_hidden("urlencoded::Pair", pair);
    }
    let params = format!("username=\"{SECRET}\", {SECRET}={SECRET}, response={SECRET}");
    let it = digest::params(params.as_bytes());
    assert_hidden("digest::Params", it.clone());
    for param in it {
        assert_hidden("digest::Param", param.unwrap());
    }
    let value = format!(
        "username=\"{SECRET}\", realm=\"{SECRET}\", nonce=\"{SECRET}\", uri=\"/{SECRET}\", \
         response=\"0123456789abcdef0123456789abcdef\""
    );
    let mut buf = [0u8; 256];
    let creds = digest::Credentials::parse(value.as_bytes(), &mut buf).unwrap();
    assert_hidden("digest::Credentials", creds);

    let multipart_body = format!(
        "--b\r\nContent-Disposition: form-data; name=\"{SECRET}\"; filename=\"{SECRET}\"\r\n\r\n\
         {SECRET}\r\n--b--"
    );
    let mut parts = multipart::parts(multipart_body.as_bytes(), b"b");
    assert_hidden("multipart::Parts", parts.clone());
    assert_hidden("multipart::Part", parts.next().unwrap().unwrap());

    let mut buf = [0u8; 512];
    match OAuth2PasswordRequestForm::new().extract(&req, &mut buf) {
        Ok(FormOutcome::Form(form)) => {
            assert_hidden("PasswordForm", form);
            assert_hidden("FormOutcome::Form", FormOutcome::Form(form));
        }
        other => panic!("{other:?}"),
    };
}

#[test]
fn defmt_of_form_failures_never_writes_credentials() {
    let _one = serial();
    // 422: grant_type echoed by FastAPI's body (not by defmt), password missing.
    let body = format!("grant_type={SECRET}&username={SECRET}");
    let headers = [("content-type", "application/x-www-form-urlencoded")];
    let req = Request::new(&headers).with_body(body.as_bytes());
    let mut buf = [0u8; 256];
    let outcome = OAuth2PasswordRequestForm::new()
        .extract(&req, &mut buf)
        .unwrap();
    let FormOutcome::Invalid(errors) = &outcome else {
        panic!("{outcome:?}")
    };
    assert!(matches!(errors[0], FieldError::PatternMismatch { .. }));
    assert_hidden("FieldError::PatternMismatch", errors[0]);
    assert_hidden("FieldError::Missing", errors[1]);
    assert_hidden("FormOutcome::Invalid", outcome.clone());

    // 422 string_type: a file part (name, file name, headers and data all
    // secret) sent as the password.
    let body = format!(
        "--b\r\nContent-Disposition: form-data; name=\"username\"\r\n\r\n{SECRET}\r\n\
         --b\r\nContent-Disposition: form-data; name=\"password\"; filename=\"{SECRET}\"\r\n\
         X-{SECRET}: {SECRET}\r\n\r\n{SECRET}\r\n--b--"
    );
    let headers = [("content-type", "multipart/form-data; boundary=b")];
    let req = Request::new(&headers).with_body(body.as_bytes());
    let mut buf = [0u8; 256];
    let outcome = OAuth2PasswordRequestForm::new()
        .extract(&req, &mut buf)
        .unwrap();
    let FormOutcome::Invalid(errors) = &outcome else {
        panic!("{outcome:?}")
    };
    let FieldError::NotAString { file, .. } = errors[0] else {
        panic!("{errors:?}")
    };
    assert_eq!(file.data(), SECRET.as_bytes());
    assert_hidden("UploadedFile", file);
    assert_hidden("FieldError::NotAString", errors[0]);
    assert_hidden("FormOutcome::Invalid (file)", outcome.clone());
    assert_hidden(
        "FormOutcome::Rejected",
        FormOutcome::Rejected(
            authparse::form::Rejection::InvalidMultipart,
            Profile::FastApi,
        ),
    );
}
