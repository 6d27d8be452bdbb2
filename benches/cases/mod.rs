//! The benchmark cases, shared by the criterion bench (`benches/peers.rs`)
//! and the instruction-count runner (`benches/instructions.rs`).
//!
//! Every group holds authparse's calls and the peers' calls on the same
//! input, so that one run compares them. Case names start with `authparse`
//! for this crate's calls; every other case is a peer (or, in `httparse`,
//! context). Before a case is registered its result is checked against the
//! expected value, so a peer that silently parses nothing cannot win.

#![allow(dead_code)]

use std::borrow::Cow;
use std::hint::black_box;

use authparse::base64::decode_lenient;
use authparse::form::{FormOutcome, OAuth2PasswordRequestForm};
use authparse::{
    cookie, digest, scopes, ApiKeyCookie, ApiKeyQuery, HttpBasic, HttpBearer, HttpDigest,
    OAuth2PasswordBearer, Outcome, Profile, Request,
};
use base64::Engine as _;
use headers::authorization::{Basic, Bearer};
use headers::{Authorization, Header as _};

/// What a bench driver does with the cases.
pub trait Runner {
    /// Starts a group; `bytes` is the input size used for throughput.
    fn group(&mut self, name: &'static str, bytes: usize);
    /// One case of the current group.
    fn case<R>(&mut self, name: &'static str, f: impl FnMut() -> R);
}

/// Whether a case name is one of authparse's calls (the others are peers).
pub fn is_authparse(case: &str) -> bool {
    case.starts_with("authparse")
}

/// Registers every group.
pub fn all<R: Runner>(r: &mut R) {
    basic(r, "basic_short", BASIC_SHORT, ("user", "password"));
    basic(r, "basic_long", BASIC_LONG, (LONG_USER, LONG_PASSWORD));
    bearer(r);
    digest_params(r);
    #[cfg(feature = "digest-verify")]
    digest_verify(r);
    cookies(r, "cookie_10", &cookie_header_10());
    cookies(r, "cookie_4k", &cookie_header_4k());
    query(r);
    form_urlencoded_body(r);
    form_multipart_body(r);
    scope_split(r);
    scope_covers(r);
    scope_covers_many(r);
    httparse_request(r);
}

// ---------------------------------------------------------------- Basic ----

/// `Authorization` value of `user:password`.
pub const BASIC_SHORT: &str = "Basic dXNlcjpwYXNzd29yZA==";
/// Long credentials (100 bytes, a `:` inside the password).
pub const LONG_USER: &str = "alexandra.hamilton-smith@accounts.example-treasury.gov";
/// The long password.
pub const LONG_PASSWORD: &str = "Tr0ub4dor&3:correct-horse-battery-staple!";
/// `Authorization` value of `LONG_USER:LONG_PASSWORD`.
pub const BASIC_LONG: &str = "Basic YWxleGFuZHJhLmhhbWlsdG9uLXNtaXRoQGFjY291bnRzLmV4YW1wbGUtdHJlYXN1cnkuZ292OlRyMHViNGRvciYzOmNvcnJlY3QtaG9yc2UtYmF0dGVyeS1zdGFwbGUh";

fn basic_param(value: &str) -> Option<&str> {
    let (scheme, param) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("basic").then_some(param)
}

fn basic<R: Runner>(r: &mut R, group: &'static str, value: &'static str, expect: (&str, &str)) {
    let headers = [("authorization", value)];
    let check = |u: &str, p: &str| assert_eq!((u, p), expect, "{group}");

    let mut buf = [0u8; 256];
    for profile in [Profile::FastApi, Profile::Strict] {
        let basic = HttpBasic::new().profile(profile);
        let req = Request::new(&headers);
        let c = basic
            .extract(&req, &mut buf)
            .unwrap()
            .credentials()
            .unwrap();
        check(c.username, c.password);
    }
    let n = decode_lenient(basic_param(value).unwrap().as_bytes(), &mut buf).unwrap();
    let (u, p) = std::str::from_utf8(&buf[..n])
        .unwrap()
        .split_once(':')
        .unwrap();
    check(u, p);
    let hv = http::HeaderValue::from_static(value);
    let a = Authorization::<Basic>::decode(&mut std::iter::once(&hv)).unwrap();
    check(a.username(), a.password());

    r.group(group, value.len());
    for (name, profile) in [
        ("authparse HttpBasic fastapi", Profile::FastApi),
        ("authparse HttpBasic strict", Profile::Strict),
    ] {
        let basic = HttpBasic::new().profile(profile);
        let mut buf = [0u8; 256];
        r.case(name, move || {
            let req = Request::new(black_box(&headers));
            match basic.extract(&req, &mut buf) {
                Ok(Outcome::Credentials(c)) => c.username.len() + c.password.len(),
                _ => 0,
            }
        });
    }
    let mut buf = [0u8; 256];
    r.case("authparse decode_lenient+split", move || {
        let Some(param) = basic_param(black_box(value)) else {
            return 0;
        };
        let Ok(n) = decode_lenient(param.as_bytes(), &mut buf) else {
            return 0;
        };
        match std::str::from_utf8(&buf[..n])
            .ok()
            .and_then(|t| t.split_once(':'))
        {
            Some((u, p)) => u.len() + p.len(),
            None => 0,
        }
    });
    r.case(
        "headers Authorization<Basic>",
        move || match Authorization::<Basic>::decode(&mut std::iter::once(black_box(&hv))) {
            Ok(a) => a.username().len() + a.password().len(),
            Err(_) => 0,
        },
    );
    let mut buf = [0u8; 256];
    r.case("base64 decode_slice+split", move || {
        let Some(param) = basic_param(black_box(value)) else {
            return 0;
        };
        let Ok(n) = base64::engine::general_purpose::STANDARD.decode_slice(param, &mut buf) else {
            return 0;
        };
        match std::str::from_utf8(&buf[..n])
            .ok()
            .and_then(|t| t.split_once(':'))
        {
            Some((u, p)) => u.len() + p.len(),
            None => 0,
        }
    });
    let mut buf = [0u8; 256];
    r.case("base64-simd decode+split", move || {
        let Some(param) = basic_param(black_box(value)) else {
            return 0;
        };
        let Ok(out) =
            base64_simd::STANDARD.decode(param.as_bytes(), base64_simd::Out::from_slice(&mut buf))
        else {
            return 0;
        };
        match std::str::from_utf8(out)
            .ok()
            .and_then(|t| t.split_once(':'))
        {
            Some((u, p)) => u.len() + p.len(),
            None => 0,
        }
    });
}

// --------------------------------------------------------------- Bearer ----

/// A JWT-shaped bearer token (`Authorization` value).
pub const BEARER: &str = "Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJqb2huZG9lIiwic2NvcGVzIjpbIml0ZW1zOnJlYWQiLCJtZSJdLCJleHAiOjE3MDAwMDAwMDB9.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

fn bearer<R: Runner>(r: &mut R) {
    let headers = [("authorization", BEARER)];
    let token = &BEARER[7..];
    let req = Request::new(&headers);
    for profile in [Profile::FastApi, Profile::Strict] {
        let got = HttpBearer::new().profile(profile).extract(&req);
        assert_eq!(
            got.credentials().unwrap().credentials.as_bytes(),
            token.as_bytes()
        );
        let got = OAuth2PasswordBearer::new("token")
            .profile(profile)
            .extract(&req);
        assert_eq!(got.credentials().unwrap().as_bytes(), token.as_bytes());
    }
    let hv = http::HeaderValue::from_static(BEARER);
    let a = Authorization::<Bearer>::decode(&mut std::iter::once(&hv)).unwrap();
    assert_eq!(a.token(), token);

    r.group("bearer", BEARER.len());
    for (name, profile) in [
        ("authparse HttpBearer fastapi", Profile::FastApi),
        ("authparse HttpBearer strict", Profile::Strict),
    ] {
        let bearer = HttpBearer::new().profile(profile);
        r.case(name, move || {
            let req = Request::new(black_box(&headers));
            bearer
                .extract(&req)
                .credentials()
                .map_or(0, |c| c.credentials.as_bytes().len())
        });
    }
    for (name, profile) in [
        ("authparse OAuth2PasswordBearer fastapi", Profile::FastApi),
        ("authparse OAuth2PasswordBearer strict", Profile::Strict),
    ] {
        let bearer = OAuth2PasswordBearer::new("token").profile(profile);
        r.case(name, move || {
            let req = Request::new(black_box(&headers));
            bearer
                .extract(&req)
                .credentials()
                .map_or(0, |c| c.as_bytes().len())
        });
    }
    r.case(
        "headers Authorization<Bearer>",
        move || match Authorization::<Bearer>::decode(&mut std::iter::once(black_box(&hv))) {
            Ok(a) => a.token().len(),
            Err(_) => 0,
        },
    );
}

// --------------------------------------------------------------- Digest ----

/// RFC 7616 §3.9.1's example credentials (the `Authorization` value).
pub const DIGEST: &str = r#"Digest username="Mufasa", realm="http-auth@example.org", uri="/dir/index.html", algorithm=SHA-256, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", nc=00000001, cnonce="f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ", qop=auth, response="753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS""#;

fn digest_params<R: Runner>(r: &mut R) {
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
fn digest_verify<R: Runner>(r: &mut R) {
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

// -------------------------------------------------------------- Cookies ----

/// The `session` value in both Cookie headers.
pub const SESSION: &str = "eyJ1c2VyIjoiam9obmRvZSIsImV4cCI6MTcwMDAwMDAwMH0.Zm9vYmFyYmF6cXV4cXV1eA";

/// Ten cookies, about 400 bytes, `session` last.
pub fn cookie_header_10() -> String {
    let cookies = [
        "_ga=GA1.2.1234567890.1700000000",
        "_gid=GA1.2.987654321.1700000000",
        "theme=dark",
        "lang=en-US",
        "csrftoken=Xk3jf93KdlqPz8vNcM2sLw0aTbRyUe7iQ4oN5pS6",
        "tz=Europe%2FBerlin",
        "consent=analytics%3Dtrue%2Cads%3Dfalse%2Cversion%3D3",
        "cart=3f1c2e9a-8b7d-4c6e-9f0a-1b2c3d4e5f60",
        "recently_viewed=sku-10442%2Csku-20931%2Csku-31877%2Csku-40012",
    ];
    let mut h = cookies.join("; ");
    h.push_str("; session=");
    h.push_str(SESSION);
    h
}

/// A 4 KiB Cookie header (about 100 cookies), `session` last.
pub fn cookie_header_4k() -> String {
    let mut h = String::new();
    let mut i = 0;
    while h.len() < 4096 - 80 - SESSION.len() {
        h.push_str(&format!(
            "pref_{i:03}=v{:0width$}; ",
            i * 7919,
            width = 8 + (i * 13) % 24
        ));
        i += 1;
    }
    while h.len() < 4096 - 10 - SESSION.len() {
        h.push_str("x=1; ");
    }
    while h.len() < 4096 - 8 - SESSION.len() {
        h.push(' ');
    }
    h.push_str("session=");
    h.push_str(SESSION);
    h
}

fn naive_find<'a>(header: &'a str, name: &str) -> Option<&'a str> {
    header
        .split(';')
        .filter_map(|piece| piece.split_once('='))
        .map(|(k, v)| (k.trim(), v.trim()))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

fn cookies<R: Runner>(r: &mut R, group: &'static str, header: &str) {
    let header: &'static str = Box::leak(header.to_owned().into_boxed_str());
    let headers: &'static [(&str, &str)] = Box::leak(Box::new([("cookie", header)]));
    let req = Request::new(headers);
    let mut buf = [0u8; 128];
    for profile in [Profile::FastApi, Profile::Strict] {
        let got = ApiKeyCookie::new("session")
            .profile(profile)
            .extract(&req, &mut buf)
            .unwrap();
        assert_eq!(got.credentials().unwrap().as_bytes(), SESSION.as_bytes());
    }
    let last = cookie::pairs(header.as_bytes())
        .filter(|p| p.name == b"session")
        .last()
        .unwrap();
    assert_eq!(last.value, SESSION.as_bytes());
    let found = ::cookie::Cookie::split_parse(header)
        .filter_map(Result::ok)
        .find(|c| c.name() == "session")
        .unwrap();
    assert_eq!(found.value(), SESSION);
    assert_eq!(naive_find(header, "session"), Some(SESSION));

    r.group(group, header.len());
    for (name, profile) in [
        ("authparse ApiKeyCookie fastapi", Profile::FastApi),
        ("authparse ApiKeyCookie strict", Profile::Strict),
    ] {
        let key = ApiKeyCookie::new("session").profile(profile);
        let mut buf = [0u8; 128];
        r.case(name, move || {
            let req = Request::new(black_box(headers));
            match key.extract(&req, &mut buf) {
                Ok(Outcome::Credentials(v)) => v.as_bytes().len(),
                _ => 0,
            }
        });
    }
    // FastAPI takes the last `session`, so authparse searches from the end;
    // with `session` first it has to scan the whole header backwards.
    let rest = header
        .rsplit_once("session=")
        .map_or(header, |(rest, _)| rest);
    let first: &'static str = Box::leak(
        format!("session={SESSION}; {}", rest.trim_end_matches([' ', ';'])).into_boxed_str(),
    );
    let first_headers: &'static [(&str, &str)] = Box::leak(Box::new([("cookie", first)]));
    let key = ApiKeyCookie::new("session");
    let got = key.extract(&Request::new(first_headers), &mut buf).unwrap();
    assert_eq!(got.credentials().unwrap().as_bytes(), SESSION.as_bytes());
    let mut buf = [0u8; 128];
    r.case(
        "authparse ApiKeyCookie fastapi, session first (full scan)",
        move || {
            let req = Request::new(black_box(first_headers));
            match key.extract(&req, &mut buf) {
                Ok(Outcome::Credentials(v)) => v.as_bytes().len(),
                _ => 0,
            }
        },
    );
    r.case("authparse cookie::pairs last", move || {
        cookie::pairs(black_box(header).as_bytes())
            .filter(|p| p.name == b"session")
            .last()
            .map_or(0, |p| p.value.len())
    });
    r.case("cookie Cookie::split_parse", move || {
        ::cookie::Cookie::split_parse(black_box(header))
            .filter_map(Result::ok)
            .find(|c| c.name() == "session")
            .map_or(0, |c| c.value().len())
    });
    r.case("naive split(';')+split_once+trim", move || {
        naive_find(black_box(header), "session").map_or(0, str::len)
    });
}

// ---------------------------------------------------------------- Query ----

/// A query string with the API key last (so every parser reads all of it).
pub const QUERY: &str = "page=2&per_page=50&sort=-created_at&filter=status%3Aactive&fields=id%2Cname%2Cemail&q=hello+world&api_key=sk_live_4eC39HqLyjWDarjtT1zdp7dc";

fn query<R: Runner>(r: &mut R) {
    let headers: [(&str, &str); 0] = [];
    let mut buf = [0u8; 64];
    for profile in [Profile::FastApi, Profile::Strict] {
        let req = Request::new(&headers).with_query(QUERY.as_bytes());
        let got = ApiKeyQuery::new("api_key")
            .profile(profile)
            .extract(&req, &mut buf)
            .unwrap();
        assert_eq!(
            got.credentials().unwrap().as_bytes(),
            b"sk_live_4eC39HqLyjWDarjtT1zdp7dc"
        );
    }
    let found = form_urlencoded::parse(QUERY.as_bytes()).find(|(k, _)| k == "api_key");
    assert_eq!(found.unwrap().1, "sk_live_4eC39HqLyjWDarjtT1zdp7dc");

    r.group("query_api_key", QUERY.len());
    for (name, profile) in [
        ("authparse ApiKeyQuery fastapi", Profile::FastApi),
        ("authparse ApiKeyQuery strict", Profile::Strict),
    ] {
        let key = ApiKeyQuery::new("api_key").profile(profile);
        let mut buf = [0u8; 64];
        r.case(name, move || {
            let req = Request::new(&headers).with_query(black_box(QUERY).as_bytes());
            match key.extract(&req, &mut buf) {
                Ok(Outcome::Credentials(v)) => v.as_bytes().len(),
                _ => 0,
            }
        });
    }
    r.case("form_urlencoded::parse find", move || {
        form_urlencoded::parse(black_box(QUERY).as_bytes())
            .find(|(k, _)| k == "api_key")
            .map_or(0, |(_, v)| v.len())
    });
}

// ----------------------------------------------------------------- Form ----

/// The six-field password form; four fields need `%`/`+` decoding.
pub const FORM: &str = "grant_type=password&username=johndoe%40example.com&password=s%C3%A9cret+p%40ss&scope=items%3Aread+me&client_id=web-app&client_secret=s3cr%2Bt%2Fkey";

const FORM_CT: &str = "application/x-www-form-urlencoded";

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

fn form_urlencoded_body<R: Runner>(r: &mut R) {
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

fn form_multipart_body<R: Runner>(r: &mut R) {
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

// --------------------------------------------------------------- Scopes ----

/// Eight scopes.
pub const SCOPES: &str =
    "items:read items:write users:read users:write orders:read orders:write billing admin";
/// What an endpoint requires.
pub const REQUIRED: [&str; 3] = ["items:read", "users:write", "admin"];

fn fill<'a>(out: &mut [&'a str; 8], it: impl Iterator<Item = &'a str>) -> usize {
    let mut n = 0;
    for (slot, t) in out.iter_mut().zip(it) {
        *slot = t;
        n += 1;
    }
    n
}

fn scope_split<R: Runner>(r: &mut R) {
    for profile in [Profile::FastApi, Profile::Strict] {
        let v: Vec<&str> = scopes::split(SCOPES, profile).collect();
        assert_eq!(v, SCOPES.split_ascii_whitespace().collect::<Vec<_>>());
    }
    r.group("scopes_split", SCOPES.len());
    for (name, profile) in [
        ("authparse scopes::split fastapi -> array", Profile::FastApi),
        ("authparse scopes::split strict -> array", Profile::Strict),
    ] {
        r.case(name, move || {
            let mut out = [""; 8];
            let n = fill(&mut out, scopes::split(black_box(SCOPES), profile));
            black_box(&out);
            n
        });
    }
    r.case("split_ascii_whitespace -> array", || {
        let mut out = [""; 8];
        let n = fill(&mut out, black_box(SCOPES).split_ascii_whitespace());
        black_box(&out);
        n
    });
    r.case("split_ascii_whitespace -> Vec", || {
        let v: Vec<&str> = black_box(SCOPES).split_ascii_whitespace().collect();
        black_box(&v);
        v.len()
    });
}

fn scope_covers<R: Runner>(r: &mut R) {
    for profile in [Profile::FastApi, Profile::Strict] {
        assert!(scopes::covers(SCOPES, &REQUIRED, profile));
        assert!(!scopes::covers(SCOPES, &["items:delete"], profile));
    }
    r.group("scopes_covers", SCOPES.len());
    for (name, profile) in [
        ("authparse scopes::covers fastapi", Profile::FastApi),
        ("authparse scopes::covers strict", Profile::Strict),
    ] {
        r.case(name, move || {
            scopes::covers(black_box(SCOPES), black_box(&REQUIRED), profile)
        });
    }
    r.case("split_ascii_whitespace any per required", || {
        let granted = black_box(SCOPES);
        black_box(&REQUIRED)
            .iter()
            .all(|r| granted.split_ascii_whitespace().any(|t| t == *r))
    });
    r.case("split_ascii_whitespace -> Vec, contains", || {
        let granted: Vec<&str> = black_box(SCOPES).split_ascii_whitespace().collect();
        black_box(&REQUIRED).iter().all(|r| granted.contains(r))
    });
}

/// 2000 granted scopes (about 24 KiB); the required ones are the last
/// granted, so every call reads the whole string.
fn many_scopes() -> (String, Vec<String>) {
    let granted: Vec<String> = (0..2000).map(|i| format!("svc{i}:read")).collect();
    (granted.join(" "), granted[1900..].to_vec())
}

/// The cost per byte of granted scopes with 8 and with 100 required ones.
fn scope_covers_many<R: Runner>(r: &mut R) {
    let (granted, last) = many_scopes();
    let granted: &'static str = Box::leak(granted.into_boxed_str());
    let last: &'static [&'static str] = Box::leak(
        last.into_iter()
            .map(|s| &*Box::leak(s.into_boxed_str()))
            .collect(),
    );
    let (eight, hundred) = (&last[92..], last);
    for profile in [Profile::FastApi, Profile::Strict] {
        assert!(scopes::covers(granted, eight, profile));
        assert!(scopes::covers(granted, hundred, profile));
    }
    r.group("scopes_covers_many", granted.len());
    for (name, required, profile) in [
        (
            "authparse scopes::covers 8 required fastapi",
            eight,
            Profile::FastApi,
        ),
        (
            "authparse scopes::covers 100 required fastapi",
            hundred,
            Profile::FastApi,
        ),
        (
            "authparse scopes::covers 8 required strict",
            eight,
            Profile::Strict,
        ),
        (
            "authparse scopes::covers 100 required strict",
            hundred,
            Profile::Strict,
        ),
    ] {
        r.case(name, move || {
            scopes::covers(black_box(granted), black_box(required), profile)
        });
    }
}

// ------------------------------------------------------------- httparse ----

/// A whole request with nine headers (for scale).
pub fn request_9_headers() -> String {
    format!(
        "POST /token?page=2 HTTP/1.1\r\nHost: api.example.org\r\nUser-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0\r\nAccept: application/json\r\nAccept-Language: en-US,en;q=0.5\r\nAccept-Encoding: gzip, deflate, br\r\nAuthorization: {BASIC_SHORT}\r\nContent-Type: {FORM_CT}\r\nContent-Length: {}\r\nCookie: {}\r\n\r\n",
        FORM.len(),
        cookie_header_10()
    )
}

fn httparse_request<R: Runner>(r: &mut R) {
    let request: &'static str = Box::leak(request_9_headers().into_boxed_str());
    let mut h = [httparse::EMPTY_HEADER; 16];
    let mut req = httparse::Request::new(&mut h);
    assert!(req.parse(request.as_bytes()).unwrap().is_complete());
    assert_eq!(req.headers.len(), 9);

    r.group("httparse_request", request.len());
    r.case("httparse Request::parse (9 headers)", move || {
        let mut h = [httparse::EMPTY_HEADER; 16];
        let mut req = httparse::Request::new(&mut h);
        match req.parse(black_box(request).as_bytes()) {
            Ok(httparse::Status::Complete(n)) => n + req.headers.len(),
            _ => 0,
        }
    });
}
