//! Basic and Bearer `Authorization` values.

use super::*;

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

pub(super) fn basic<R: Runner>(
    r: &mut R,
    group: &'static str,
    value: &'static str,
    expect: (&str, &str),
) {
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

pub(super) fn bearer<R: Runner>(r: &mut R) {
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
