//! The password form, urlencoded and multipart.

use super::*;

/// The six-field password form; four fields need `%`/`+` decoding.
pub const FORM: &str = "grant_type=password&username=johndoe%40example.com&password=s%C3%A9cret+p%40ss&scope=items%3Aread+me&client_id=web-app&client_secret=s3cr%2Bt%2Fkey";

/// The form's `Content-Type`.
pub const FORM_CT: &str = "application/x-www-form-urlencoded";

/// What a handler builds from the form with owned strings.
#[derive(Debug, Default, serde::Deserialize)]
pub struct OwnedForm {
    /// `grant_type`
    pub grant_type: Option<String>,
    /// `username`
    pub username: String,
    /// `password`
    pub password: String,
    /// `scope`
    #[serde(default)]
    pub scope: String,
    /// `client_id`
    pub client_id: Option<String>,
    /// `client_secret`
    pub client_secret: Option<String>,
}

fn form_owned(body: &[u8]) -> OwnedForm {
    let mut f = OwnedForm::default();
    for (k, v) in form_urlencoded::parse(body) {
        match &*k {
            "grant_type" => f.grant_type = Some(v.into_owned()),
            "username" => f.username = v.into_owned(),
            "password" => f.password = v.into_owned(),
            "scope" => f.scope = v.into_owned(),
            "client_id" => f.client_id = Some(v.into_owned()),
            "client_secret" => f.client_secret = Some(v.into_owned()),
            _ => {}
        }
    }
    f
}

fn form_lazy(body: &[u8]) -> usize {
    let mut fields: [Option<Cow<'_, str>>; 6] = Default::default();
    for (k, v) in form_urlencoded::parse(body) {
        let i = match &*k {
            "grant_type" => 0,
            "username" => 1,
            "password" => 2,
            "scope" => 3,
            "client_id" => 4,
            "client_secret" => 5,
            _ => continue,
        };
        fields[i] = Some(v);
    }
    black_box(&fields);
    fields.iter().flatten().map(|v| v.len()).sum()
}

fn form_len(outcome: Result<FormOutcome<'_>, authparse::Error>) -> usize {
    match outcome {
        Ok(FormOutcome::Form(f)) => f.username.len() + f.password.len() + f.scope.len(),
        _ => 0,
    }
}

pub(super) fn form_urlencoded_body<R: Runner>(r: &mut R) {
    let headers = [("content-type", FORM_CT)];
    let mut buf = [0u8; 512];
    for profile in [Profile::FastApi, Profile::Strict] {
        let req = Request::new(&headers).with_body(FORM.as_bytes());
        let got = OAuth2PasswordRequestForm::new()
            .profile(profile)
            .extract(&req, &mut buf)
            .unwrap();
        let FormOutcome::Form(f) = got else {
            panic!("{got:?}")
        };
        assert_eq!(
            (f.username, f.password),
            ("johndoe@example.com", "sécret p@ss")
        );
        assert_eq!(f.client_secret, Some("s3cr+t/key"));
    }
    let owned = form_owned(FORM.as_bytes());
    assert_eq!(
        (owned.username.as_str(), owned.scope.as_str()),
        ("johndoe@example.com", "items:read me")
    );
    let de: OwnedForm = serde_urlencoded::from_bytes(FORM.as_bytes()).unwrap();
    assert_eq!(de.password, "sécret p@ss");
    assert_eq!(form_lazy(FORM.as_bytes()), 8 + 19 + 12 + 13 + 7 + 10);

    r.group("form_urlencoded", FORM.len());
    for (name, profile) in [
        (
            "authparse OAuth2PasswordRequestForm fastapi",
            Profile::FastApi,
        ),
        (
            "authparse OAuth2PasswordRequestForm strict",
            Profile::Strict,
        ),
    ] {
        let form = OAuth2PasswordRequestForm::new().profile(profile);
        let mut buf = [0u8; 512];
        r.case(name, move || {
            let req = Request::new(&headers).with_body(black_box(FORM).as_bytes());
            form_len(form.extract(&req, &mut buf))
        });
    }
    r.case("form_urlencoded::parse owned", || {
        let f = form_owned(black_box(FORM).as_bytes());
        f.username.len() + f.password.len() + f.scope.len()
    });
    r.case("form_urlencoded::parse lazy (Cow)", || {
        form_lazy(black_box(FORM).as_bytes())
    });
    r.case(
        "serde_urlencoded::from_bytes",
        || match serde_urlencoded::from_bytes::<OwnedForm>(black_box(FORM).as_bytes()) {
            Ok(f) => f.username.len() + f.password.len() + f.scope.len(),
            Err(_) => 0,
        },
    );
}

/// The same six fields as `multipart/form-data`.
pub const MULTIPART_CT: &str =
    "multipart/form-data; boundary=----WebKitFormBoundary7MA4YWxkTrZu0gW";

/// The multipart body.
pub fn multipart_body() -> String {
    let b = "------WebKitFormBoundary7MA4YWxkTrZu0gW";
    let mut body = String::new();
    for (k, v) in [
        ("grant_type", "password"),
        ("username", "johndoe@example.com"),
        ("password", "sécret p@ss"),
        ("scope", "items:read me"),
        ("client_id", "web-app"),
        ("client_secret", "s3cr+t/key"),
    ] {
        body.push_str(&format!(
            "{b}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"
        ));
    }
    body.push_str(b);
    body.push_str("--\r\n");
    body
}

pub(super) fn form_multipart_body<R: Runner>(r: &mut R) {
    let body: &'static str = Box::leak(multipart_body().into_boxed_str());
    let headers = [("content-type", MULTIPART_CT)];
    let mut buf = [0u8; 512];
    let req = Request::new(&headers).with_body(body.as_bytes());
    let got = OAuth2PasswordRequestForm::new()
        .extract(&req, &mut buf)
        .unwrap();
    let FormOutcome::Form(f) = got else {
        panic!("{got:?}")
    };
    assert_eq!(
        (f.username, f.password),
        ("johndoe@example.com", "sécret p@ss")
    );
    let expect = f.username.len() + f.password.len() + f.scope.len();
    assert_eq!(
        multer_form(body.as_bytes(), MULTIPART_CT, &noop_waker()),
        expect
    );
    assert_eq!(multipart_crate_form(body.as_bytes(), MULTIPART_CT), expect);

    r.group("form_multipart", body.len());
    let form = OAuth2PasswordRequestForm::new();
    let mut buf = [0u8; 512];
    r.case("authparse OAuth2PasswordRequestForm fastapi", move || {
        let req = Request::new(&headers).with_body(black_box(body).as_bytes());
        form_len(form.extract(&req, &mut buf))
    });
    r.case("authparse multipart::parts", move || {
        let Some(boundary) = authparse::multipart::boundary(black_box(MULTIPART_CT).as_bytes())
        else {
            return 0;
        };
        authparse::multipart::parts(black_box(body).as_bytes(), boundary)
            .map(|p| p.map_or(0, |p| p.data.len()))
            .sum()
    });
    let waker = noop_waker();
    r.case("multer Multipart (one chunk, sync poll)", move || {
        multer_form(black_box(body).as_bytes(), black_box(MULTIPART_CT), &waker)
    });
    r.case("multipart server::Multipart (Read)", move || {
        multipart_crate_form(black_box(body).as_bytes(), black_box(MULTIPART_CT))
    });
}

/// The value of `name` among the six password-form fields, or `None`.
fn form_slot(name: &str) -> Option<usize> {
    Some(match name {
        "grant_type" => 0,
        "username" => 1,
        "password" => 2,
        "scope" => 3,
        "client_id" => 4,
        "client_secret" => 5,
        _ => return None,
    })
}

/// username + password + scope lengths of a filled form, as `form_len`.
fn slots_len<T: AsRef<[u8]>>(fields: &[Option<T>; 6]) -> usize {
    fields[1..4]
        .iter()
        .map(|f| f.as_ref().map_or(0, |v| v.as_ref().len()))
        .sum()
}

/// A waker that does nothing: the body is one ready chunk, so `multer`'s
/// futures never wait.
fn noop_waker() -> std::task::Waker {
    struct Noop;
    impl std::task::Wake for Noop {
        fn wake(self: std::sync::Arc<Self>) {}
    }
    std::task::Waker::from(std::sync::Arc::new(Noop))
}

/// Polls `f` to completion; panics if it ever waits (it must not here).
fn block_on<F: std::future::Future>(f: F, waker: &std::task::Waker) -> F::Output {
    let mut cx = std::task::Context::from_waker(waker);
    let mut f = std::pin::pin!(f);
    match f.as_mut().poll(&mut cx) {
        std::task::Poll::Ready(v) => v,
        std::task::Poll::Pending => panic!("multer waited on a ready body"),
    }
}

/// `multer`: the boundary from the Content-Type (`parse_boundary`), the body
/// as one `Bytes` chunk of a stream, each field's data as `Bytes` (zero-copy
/// from one chunk) checked as UTF-8, the name matched.
fn multer_form(body: &'static [u8], content_type: &str, waker: &std::task::Waker) -> usize {
    let Ok(boundary) = multer::parse_boundary(content_type) else {
        return 0;
    };
    let stream = futures_util::stream::once(std::future::ready(Ok::<_, std::convert::Infallible>(
        bytes::Bytes::from_static(body),
    )));
    let mut multipart = multer::Multipart::new(stream, boundary);
    block_on(
        async move {
            let mut fields: [Option<bytes::Bytes>; 6] = Default::default();
            while let Some(field) = multipart.next_field().await.ok()? {
                let slot = field.name().and_then(form_slot);
                let data = field.bytes().await.ok()?;
                std::str::from_utf8(&data).ok()?;
                if let Some(i) = slot {
                    fields[i] = Some(data);
                }
            }
            Some(slots_len(&fields))
        },
        waker,
    )
    .unwrap_or(0)
}

/// The `multipart` crate's server side: the boundary from the Content-Type
/// (a plain parameter search: the crate leaves it to its HTTP-library
/// integrations), the body through its buffered `Read` parser, each field's
/// data read into a `String`.
fn multipart_crate_form(body: &[u8], content_type: &str) -> usize {
    use std::io::Read as _;
    let Some((_, boundary)) = content_type.split_once("boundary=") else {
        return 0;
    };
    let mut multipart = multipart::server::Multipart::with_body(body, boundary);
    let mut fields: [Option<String>; 6] = Default::default();
    loop {
        match multipart.read_entry() {
            Ok(Some(mut entry)) => {
                let mut value = String::new();
                if entry.data.read_to_string(&mut value).is_err() {
                    return 0;
                }
                if let Some(i) = form_slot(&entry.headers.name) {
                    fields[i] = Some(value);
                }
            }
            Ok(None) => break,
            Err(_) => return 0,
        }
    }
    slots_len(&fields)
}
