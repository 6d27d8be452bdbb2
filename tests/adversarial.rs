//! Adversarial inputs for every parser, in both profiles: 1 MiB headers,
//! 100,000 cookies, form fields and multipart parts, each of the 256 byte
//! values at every position of each input kind, long runs of escapes, and
//! UTF-8 cut at every position. Nothing may panic, every view an outcome
//! holds must lie in the request or the caller's buffer, and the work must
//! be linear in the input's length.
//!
//! Linearity is asserted with operation counts, never with time:
//! [`work_is_linear_under_callgrind`] runs this test binary again under
//! `valgrind --tool=callgrind`, which counts the instructions executed
//! inside [`adversarial_measured`] for each input kind at N and at 16N; the
//! larger must cost less than 20 times the smaller (linear work gives at
//! most 16, a quadratic path about 256).
//!
//! Under Miri the sizes are scaled down and the callgrind run (it starts a
//! process) is left out.

use std::hint::black_box;
use std::ops::Range;
use std::process::Command;

use authparse::form::{FormOutcome, OAuth2PasswordRequestForm, OAuth2PasswordRequestFormStrict};
use authparse::{base64, cookie, digest, multipart, scopes, text, urlencoded, whitespace};
use authparse::{
    ApiKeyCookie, ApiKeyHeader, ApiKeyQuery, HttpBase, HttpBasic, HttpBearer, HttpDigest, OAuth2,
    OAuth2AuthorizationCodeBearer, OAuth2PasswordBearer, OpenIdConnect, Outcome, Profile, Request,
};

const PROFILES: [Profile; 2] = [Profile::FastApi, Profile::Strict];

/// The brief's sizes; scaled down under Miri.
#[cfg(not(miri))]
mod size {
    pub const HEADER: usize = 1 << 20;
    pub const ITEMS: usize = 100_000;
    pub const ESCAPES: usize = 100_000;
}
#[cfg(miri)]
mod size {
    pub const HEADER: usize = 1 << 8;
    pub const ITEMS: usize = 20;
    pub const ESCAPES: usize = 20;
}

// ------------------------------------------------------------ the checks --

fn range(bytes: &[u8]) -> Range<usize> {
    let start = bytes.as_ptr() as usize;
    start..start + bytes.len()
}

/// Fails unless `view` is empty or lies inside one of `allowed`.
fn assert_inside(what: &str, view: &[u8], allowed: &[Range<usize>]) {
    let v = range(view);
    assert!(
        view.is_empty() || allowed.iter().any(|a| a.start <= v.start && v.end <= a.end),
        "{what}: a view outside the input and the buffer"
    );
}

type Header<'a> = (&'a [u8], &'a [u8]);

/// Runs every scheme and both password-form classes on one request, in
/// both profiles, and checks every view of every outcome. Returns a sum of
/// the statuses (so the work cannot be optimised away).
fn decide_everything(headers: &[Header<'_>], query: &[u8], body: &[u8]) -> u64 {
    let req = Request::new(headers).with_query(query).with_body(body);
    let input_len = query.len() + body.len() + headers.iter().map(|h| h.1.len()).sum::<usize>();
    let mut buf = vec![0u8; 3 * input_len + 64];
    let mut allowed: Vec<Range<usize>> = headers.iter().map(|h| range(h.1)).collect();
    allowed.extend([range(query), range(body), range(&buf)]);
    let mut statuses = 0u64;
    for profile in PROFILES {
        match HttpBasic::new().profile(profile).extract(&req, &mut buf) {
            Ok(o) => {
                statuses += u64::from(o.status());
                if let Outcome::Credentials(c) = o {
                    assert_inside("Basic username", c.username.as_bytes(), &allowed);
                    assert_inside("Basic password", c.password.as_bytes(), &allowed);
                }
            }
            Err(e) => panic!("HttpBasic with a large enough buffer: {e:?}"),
        }
        for o in [
            HttpBearer::new().profile(profile).extract(&req),
            HttpDigest::new().profile(profile).extract(&req),
            HttpBase::new("Other").profile(profile).extract(&req),
        ] {
            statuses += u64::from(o.status());
            if let Outcome::Credentials(c) = o {
                assert_inside("scheme", c.scheme, &allowed);
                assert_inside("credentials", c.credentials.as_bytes(), &allowed);
            }
        }
        for o in [
            OAuth2::new().profile(profile).extract(&req),
            OpenIdConnect::new("/x").profile(profile).extract(&req),
            OAuth2PasswordBearer::new("/t")
                .profile(profile)
                .extract(&req),
            OAuth2AuthorizationCodeBearer::new("/a", "/t")
                .profile(profile)
                .extract(&req),
            ApiKeyHeader::new("x-api-key")
                .profile(profile)
                .extract(&req),
        ] {
            statuses += u64::from(o.status());
            if let Outcome::Credentials(s) = o {
                assert_inside("token", s.as_bytes(), &allowed);
            }
        }
        for query in [true, false] {
            let o = if query {
                ApiKeyQuery::new("api_key")
                    .profile(profile)
                    .extract(&req, &mut buf)
            } else {
                ApiKeyCookie::new("session")
                    .profile(profile)
                    .extract(&req, &mut buf)
            };
            let o = o.expect("API keys with a large enough buffer");
            statuses += u64::from(o.status());
            if let Outcome::Credentials(s) = o {
                assert_inside("API key", s.as_bytes(), &allowed);
            }
        }
        for grant_type_required in [false, true] {
            let form = if grant_type_required {
                OAuth2PasswordRequestFormStrict::new()
                    .profile(profile)
                    .extract(&req, &mut buf)
            } else {
                OAuth2PasswordRequestForm::new()
                    .profile(profile)
                    .max_fields(usize::MAX)
                    .extract(&req, &mut buf)
            };
            let form = form.expect("password forms with a large enough buffer");
            statuses += u64::from(form.status());
            if let FormOutcome::Form(f) = &form {
                let views = [
                    f.grant_type.unwrap_or(""),
                    f.username,
                    f.password,
                    f.scope,
                    f.client_id.unwrap_or(""),
                    f.client_secret.unwrap_or(""),
                ];
                for v in views {
                    assert_inside("form field", v.as_bytes(), &allowed);
                }
            }
            let mut body_out = vec![0u8; 4 * input_len + 1024];
            form.write_body(&mut body_out)
                .expect("a form body fits four times the input");
        }
    }
    statuses
}

/// Runs every tokenizer and decoder on `bytes` (as a cookie header, a
/// query, Digest parameters, a multipart body with boundary `b`, base64,
/// Latin-1 text, scope strings) and checks their views. Returns a count of
/// the items seen.
fn tokenize_everything(bytes: &[u8]) -> u64 {
    let mut buf = vec![0u8; 3 * bytes.len() + 16];
    let allowed = [range(bytes), range(&buf)];
    let mut items = 0u64;
    for pair in cookie::pairs(bytes) {
        assert_inside("cookie name", pair.name, &allowed);
        let value = pair
            .unquoted(&mut buf)
            .expect("unquoting fits the header length");
        assert_inside("cookie value", value, &allowed);
        items += 1;
    }
    items += cookie::pairs_strict(bytes).filter(|p| p.is_ok()).count() as u64;
    items += u64::from(cookie::find_last([bytes].into_iter(), "session").is_some());
    for pair in urlencoded::pairs(bytes) {
        let fastapi = urlencoded::decode(pair.value, &mut buf).expect("decoding fits 3x");
        assert_inside("urlencoded value", fastapi.as_bytes(), &allowed);
        let _ = black_box(urlencoded::decode_strict(pair.value, &mut buf).map(str::len));
        items += 1;
    }
    for param in digest::params(bytes) {
        match param {
            Ok(p) => {
                let value = p.unescaped(&mut buf).expect("unescaping fits the value");
                assert_inside("digest value", value, &allowed);
                items += 1;
            }
            Err(_) => break,
        }
    }
    items += u64::from(digest::Credentials::parse(bytes, &mut buf).is_ok());
    for part in multipart::parts(bytes, b"b") {
        match part {
            Ok(p) => {
                assert_inside("part data", p.data, &allowed);
                assert_inside("part name", p.name, &allowed);
                items += 1;
            }
            Err(_) => break,
        }
    }
    items += u64::from(multipart::boundary(bytes).is_some());
    items += base64::decode_lenient(bytes, &mut buf).unwrap_or(0) as u64;
    items += base64::decode_strict(bytes, &mut buf).unwrap_or(0) as u64;
    items += text::latin1_to_utf8(bytes, &mut buf)
        .expect("Latin-1 fits 2x")
        .len() as u64;
    items += (whitespace::strip_python(bytes).len() + whitespace::trim_ows(bytes).len()) as u64;
    if let Ok(scope) = std::str::from_utf8(bytes) {
        for profile in PROFILES {
            items += scopes::split(scope, profile).count() as u64;
            items += u64::from(scopes::covers(scope, &["a", "b:c", "é"], profile));
        }
        items += u64::from(scopes::validate_strict(scope).is_ok());
    }
    items
}

// -------------------------------------------------------------- the inputs --

const BASIC: &[u8] = b"Basic am9objpzZWNyZXQ=";
const BEARER: &[u8] = b"Bearer mF_9.B5f-4.1JqM";
const DIGEST: &[u8] = b"Digest username=\"a\\\"b\", realm=\"r\", nonce=\"n\", uri=\"/\", qop=auth, nc=00000001, cnonce=\"c\", response=\"0123456789abcdef0123456789abcdef\"";
const COOKIE: &[u8] = b"a=1; session=\"s\\145c\\\"\"; b=2";
const QUERY: &[u8] = b"api_key=k%20ey+%E9&x=\xe9";
const FORM: &[u8] =
    b"grant_type=password&username=j%40x&password=p+w%C3%A9&scope=a+b:c&client_id=c";
const MULTIPART: &[u8] = b"--b\r\nContent-Disposition: form-data; name=\"username\"\r\n\r\nj\r\n--b\r\nContent-Disposition: form-data; name=\"password\"\r\n\r\np\xc3\xa9\r\n--b--\r\n";
const MULTIPART_TYPE: &[u8] = b"multipart/form-data; boundary=b";
const URLENCODED_TYPE: &[u8] = b"application/x-www-form-urlencoded";

/// An input kind: where the varied bytes go in a request.
#[derive(Clone, Copy, Debug)]
enum Kind {
    Authorization,
    Cookie,
    ApiKeyHeader,
    Query,
    UrlencodedBody,
    MultipartBody,
    ContentType,
}

/// Decides a request that carries `bytes` as `kind`.
fn decide(kind: Kind, bytes: &[u8]) -> u64 {
    let form: Header<'_> = (b"content-type", URLENCODED_TYPE);
    let multipart: Header<'_> = (b"content-type", MULTIPART_TYPE);
    match kind {
        Kind::Authorization => decide_everything(&[(b"authorization", bytes), form], b"", b""),
        Kind::Cookie => decide_everything(&[(b"cookie", bytes), form], b"", b""),
        Kind::ApiKeyHeader => decide_everything(&[(b"x-api-key", bytes), form], b"", b""),
        Kind::Query => decide_everything(&[form], bytes, b""),
        Kind::UrlencodedBody => decide_everything(&[form], b"", bytes),
        Kind::MultipartBody => decide_everything(&[multipart], b"", bytes),
        Kind::ContentType => decide_everything(&[(b"content-type", bytes)], b"", MULTIPART),
    }
}

/// The sample inputs of each kind.
fn samples() -> Vec<(Kind, &'static [u8])> {
    vec![
        (Kind::Authorization, BASIC),
        (Kind::Authorization, BEARER),
        (Kind::Authorization, DIGEST),
        (Kind::Cookie, COOKIE),
        (Kind::ApiKeyHeader, b"k-123"),
        (Kind::Query, QUERY),
        (Kind::UrlencodedBody, FORM),
        (Kind::MultipartBody, MULTIPART),
        (Kind::ContentType, MULTIPART_TYPE),
    ]
}

/// The byte values tried at each position (all of them; a spread under Miri).
fn byte_values() -> Vec<u8> {
    if cfg!(miri) {
        vec![0, b'"', 0xFF]
    } else {
        (0..=255).collect()
    }
}

/// The positions tried (every one; every 41st under Miri).
fn positions(len: usize) -> impl Iterator<Item = usize> {
    (0..len).step_by(if cfg!(miri) { 41 } else { 1 })
}

// ------------------------------------------------------------- the tests --

/// Starlette's default `max_fields`, or a tenth of the items under Miri.
const FIELD_LIMIT: usize = if cfg!(miri) {
    size::ITEMS / 10
} else {
    authparse::form::DEFAULT_MAX_FIELDS
};

#[test]
fn one_mebibyte_headers() {
    let n = size::HEADER;
    let token: Vec<u8> = b"Bearer "
        .iter()
        .copied()
        .chain((0..n).map(|i| b"AZaz09-._~+/"[i % 12]))
        .collect();
    // Valid base64 of n * 3 / 4 bytes of "u:p…".
    let plain: Vec<u8> = b"user:"
        .iter()
        .copied()
        .chain((0..n / 2).map(|i| b'a' + (i % 26) as u8))
        .collect();
    let basic = [
        b"Basic ".to_vec(),
        ::base64::Engine::encode(&::base64::engine::general_purpose::STANDARD, &plain).into_bytes(),
    ]
    .concat();
    let digest: Vec<u8> = [&b"Digest "[..], &b"x=y, ".repeat(n / 5)].concat();
    let junk: Vec<u8> = (0..n).map(|i| (i * 7919 % 251) as u8).collect();
    let cookie: Vec<u8> = [&b"session="[..], &b"v".repeat(n)].concat();
    for value in [&token, &basic, &digest, &junk, &cookie] {
        for kind in [Kind::Authorization, Kind::Cookie, Kind::ApiKeyHeader] {
            black_box(decide(kind, value));
        }
        black_box(tokenize_everything(value));
    }
    // The long Basic credentials decode in full.
    let fields: [Header<'_>; 1] = [(b"authorization", &basic)];
    let mut buf = vec![0u8; basic.len()];
    let c = HttpBasic::new()
        .extract(&Request::new(&fields), &mut buf)
        .unwrap();
    assert_eq!(c.credentials().unwrap().password.len(), plain.len() - 5);
    // A 1 MiB query and scope string.
    let query: Vec<u8> = [&b"api_key="[..], &b"%41".repeat(n / 3)].concat();
    black_box(decide(Kind::Query, &query));
    let granted = "scope ".repeat(n / 6);
    let required: Vec<String> = (0..100).map(|i| format!("s{i}")).collect();
    let required: Vec<&str> = required.iter().map(String::as_str).collect();
    for profile in PROFILES {
        assert_eq!(
            scopes::first_missing(&granted, &required, profile),
            Some("s0")
        );
    }
}

#[test]
fn a_hundred_thousand_cookies() {
    let n = size::ITEMS;
    let mut header: Vec<u8> = (0..n)
        .flat_map(|i| format!("c{i}=v{i}; ").into_bytes())
        .collect();
    header.extend_from_slice(b"session=last");
    let fields: [Header<'_>; 1] = [(b"cookie", &header)];
    let req = Request::new(&fields);
    let mut buf = vec![0u8; 64];
    for profile in PROFILES {
        let key = ApiKeyCookie::new("session")
            .profile(profile)
            .extract(&req, &mut buf)
            .unwrap();
        assert_eq!(key.credentials().unwrap().as_bytes(), b"last");
    }
    assert_eq!(cookie::pairs(&header).count(), n + 1);
    assert_eq!(
        cookie::pairs_strict(&header).filter(|p| p.is_ok()).count(),
        n + 1
    );
    // The same name every time: FastAPI keeps the last, strict refuses.
    let repeated: Vec<u8> = b"session=x; ".repeat(n);
    let fields: [Header<'_>; 1] = [(b"cookie", &repeated)];
    let req = Request::new(&fields);
    let fastapi = ApiKeyCookie::new("session")
        .extract(&req, &mut buf)
        .unwrap();
    assert_eq!(fastapi.credentials().unwrap().as_bytes(), b"x");
    let strict = ApiKeyCookie::new("session")
        .profile(Profile::Strict)
        .extract(&req, &mut buf)
        .unwrap();
    assert_eq!(strict.status(), 400);
    black_box(decide(Kind::Cookie, &header));
}

#[test]
fn a_hundred_thousand_form_fields() {
    let n = size::ITEMS;
    let mut body: Vec<u8> = (0..n)
        .flat_map(|i| format!("f{i}=v%20{i}&").into_bytes())
        .collect();
    body.extend_from_slice(b"grant_type=password&username=u&password=p");
    let fields: [Header<'_>; 1] = [(b"content-type", URLENCODED_TYPE)];
    let req = Request::new(&fields).with_body(&body);
    let mut buf = vec![0u8; 2 * body.len()];
    // Starlette's limit (1000 fields by default; fewer under Miri), then a 400.
    let limited = OAuth2PasswordRequestForm::new()
        .max_fields(FIELD_LIMIT)
        .extract(&req, &mut buf)
        .unwrap()
        .status();
    assert_eq!(limited, 400);
    for profile in PROFILES {
        let all = OAuth2PasswordRequestForm::new()
            .profile(profile)
            .max_fields(usize::MAX)
            .extract(&req, &mut buf)
            .unwrap();
        match all {
            FormOutcome::Form(f) => assert_eq!((f.username, f.password), ("u", "p")),
            other => panic!("{profile:?}: {other:?}"),
        }
    }
    assert_eq!(urlencoded::pairs(&body).count(), n + 3);
    black_box(decide(Kind::UrlencodedBody, &body));
    black_box(decide(Kind::Query, &body));
}

/// A multipart body of `n` filler parts, then the username and password.
fn multipart_body(n: usize) -> Vec<u8> {
    let mut body: Vec<u8> = (0..n)
        .flat_map(|i| {
            format!("--b\r\nContent-Disposition: form-data; name=\"f{i}\"\r\n\r\nv{i}\r\n")
                .into_bytes()
        })
        .collect();
    body.extend_from_slice(
        b"--b\r\nContent-Disposition: form-data; name=\"username\"\r\n\r\nu\r\n",
    );
    body.extend_from_slice(
        b"--b\r\nContent-Disposition: form-data; name=\"password\"\r\n\r\np\r\n--b--\r\n",
    );
    body
}

#[test]
fn a_hundred_thousand_multipart_parts() {
    let n = size::ITEMS;
    let body = multipart_body(n);
    let fields: [Header<'_>; 1] = [(b"content-type", MULTIPART_TYPE)];
    let req = Request::new(&fields).with_body(&body);
    let mut buf = vec![0u8; 2 * body.len()];
    let limited = OAuth2PasswordRequestForm::new()
        .max_fields(FIELD_LIMIT)
        .extract(&req, &mut buf)
        .unwrap()
        .status();
    assert_eq!(limited, 400, "more parts than the limit");
    let all = OAuth2PasswordRequestForm::new()
        .max_fields(usize::MAX)
        .extract(&req, &mut buf)
        .unwrap();
    match all {
        FormOutcome::Form(f) => assert_eq!((f.username, f.password), ("u", "p")),
        other => panic!("{other:?}"),
    }
    assert_eq!(
        multipart::parts(&body, b"b").filter(|p| p.is_ok()).count(),
        n + 2
    );
    black_box(decide(Kind::MultipartBody, &body));
}

#[test]
fn every_byte_value_at_every_position() {
    let values = byte_values();
    let mut decided = 0u64;
    for (kind, sample) in samples() {
        for at in positions(sample.len()) {
            // Cut there (the prefix every variant below shares).
            decided += decide(kind, &sample[..at]);
            for &b in &values {
                let mut input = sample.to_vec();
                input[at] = b;
                decided += decide(kind, &input);
                decided += tokenize_everything(&input);
            }
        }
    }
    assert!(decided > 0);
}

#[test]
fn long_runs_of_escapes() {
    let n = size::ESCAPES;
    let runs: Vec<(Kind, Vec<u8>)> = vec![
        // Cookie: backslashes, octal escapes, escaped quotes, an unterminated quote.
        (
            Kind::Cookie,
            [&b"session=\""[..], &b"\\\\".repeat(n), b"\""].concat(),
        ),
        (
            Kind::Cookie,
            [&b"session=\""[..], &b"\\101".repeat(n), b"\""].concat(),
        ),
        (
            Kind::Cookie,
            [&b"session=\""[..], &b"\\\"".repeat(n), b"\""].concat(),
        ),
        (
            Kind::Cookie,
            [&b"session=\""[..], &b"\\".repeat(n)].concat(),
        ),
        // Query and form: percent escapes (valid, invalid, cut), plus signs, Latin-1.
        (Kind::Query, [&b"api_key="[..], &b"%41".repeat(n)].concat()),
        (Kind::Query, [&b"api_key="[..], &b"%".repeat(n)].concat()),
        (Kind::Query, [&b"api_key="[..], &b"%E9".repeat(n)].concat()),
        (Kind::Query, [&b"api_key="[..], &b"%C3".repeat(n)].concat()),
        (
            Kind::UrlencodedBody,
            [&b"username=u&password="[..], &b"+%2".repeat(n)].concat(),
        ),
        (
            Kind::UrlencodedBody,
            [&b"username="[..], &b"\xe9".repeat(n), b"&password=p"].concat(),
        ),
        // Digest: escaped quotes and backslashes in a quoted string, and an open one.
        (
            Kind::Authorization,
            [
                &b"Digest username=\""[..],
                &b"\\\"".repeat(n),
                b"\", realm=\"r\"",
            ]
            .concat(),
        ),
        (
            Kind::Authorization,
            [&b"Digest username=\""[..], &b"\\\\".repeat(n)].concat(),
        ),
        // Multipart: backslashes in a quoted name, CRLFs and dashes.
        (
            Kind::MultipartBody,
            [
                &b"--b\r\nContent-Disposition: form-data; name=\""[..],
                &b"\\\"".repeat(n),
                b"\"\r\n\r\nx\r\n--b--\r\n",
            ]
            .concat(),
        ),
        (
            Kind::MultipartBody,
            [&b"--b\r\n"[..], &b"\r\n".repeat(n)].concat(),
        ),
        (Kind::MultipartBody, b"--b".repeat(n)),
        // Base64 junk the lenient decoder skips.
        (
            Kind::Authorization,
            [&b"Basic "[..], &b"!@#$".repeat(n), b"dTpw"].concat(),
        ),
        (
            Kind::Authorization,
            [&b"Basic "[..], &b"=".repeat(n)].concat(),
        ),
    ];
    // Under Miri every fourth run.
    for (kind, input) in runs.iter().step_by(if cfg!(miri) { 4 } else { 1 }) {
        black_box(decide(*kind, input));
        black_box(tokenize_everything(input));
    }
    // The escapes decode to what they say.
    let mut buf = vec![0u8; 3 * n + 16];
    let pair = cookie::pairs(&runs[1].1).next().unwrap();
    assert_eq!(pair.unquoted(&mut buf).unwrap(), "A".repeat(n).as_bytes());
    let fields: [Header<'_>; 0] = [];
    let req = Request::new(&fields).with_query(&runs[4].1);
    let key = ApiKeyQuery::new("api_key").extract(&req, &mut buf).unwrap();
    assert_eq!(
        key.credentials().unwrap().as_bytes(),
        "A".repeat(n).as_bytes()
    );
}

#[test]
fn utf8_cut_at_every_position() {
    let text = "jöhn:pässwörd 日本 😀 é";
    let bytes = text.as_bytes();
    let mut buf = vec![0u8; 4 * bytes.len() + 64];
    for cut in positions(bytes.len() + 1) {
        let piece = &bytes[..cut];
        let complete = std::str::from_utf8(piece).is_ok();
        // Basic: the strict profile validates UTF-8, FastAPI takes ASCII only.
        let b64 = ::base64::Engine::encode(&::base64::engine::general_purpose::STANDARD, piece);
        let value = format!("Basic {b64}");
        let fields: [Header<'_>; 1] = [(b"authorization", value.as_bytes())];
        let req = Request::new(&fields);
        let strict = HttpBasic::new()
            .profile(Profile::Strict)
            .extract(&req, &mut buf)
            .unwrap();
        if !complete {
            assert!(
                strict.failure().is_some(),
                "cut {cut}: strict accepted invalid UTF-8"
            );
        }
        let fastapi = HttpBasic::new().extract(&req, &mut buf).unwrap();
        if let Outcome::Credentials(c) = fastapi {
            assert!(c.username.is_ascii() && c.password.is_ascii());
        }
        // Percent-encoded and raw in a query: FastAPI decodes to valid
        // UTF-8 (U+FFFD for a cut sequence), strict refuses invalid UTF-8.
        let encoded: String = piece.iter().map(|b| format!("%{b:02X}")).collect();
        for raw in [encoded.as_bytes(), piece] {
            let value = urlencoded::decode(raw, &mut buf).unwrap().to_string();
            assert!(!value.is_empty() || cut == 0);
            let strict = urlencoded::decode_strict(raw, &mut buf).map(str::to_string);
            if raw.as_ptr() == encoded.as_ptr() {
                assert_eq!(strict.is_ok(), complete, "cut {cut}");
                if complete {
                    assert_eq!(value, std::str::from_utf8(piece).unwrap());
                }
            }
            let query = [&b"api_key="[..], raw].concat();
            black_box(decide(Kind::Query, &query));
            let form = [&b"username=u&password="[..], raw].concat();
            black_box(decide(Kind::UrlencodedBody, &form));
        }
        // In a cookie, a multipart field, a Bearer token, a scope string.
        black_box(decide(Kind::Cookie, &[&b"session="[..], piece].concat()));
        let part = [
            &b"--b\r\nContent-Disposition: form-data; name=\"username\"\r\n\r\nu\r\n--b\r\nContent-Disposition: form-data; name=\"password\"\r\n\r\n"[..],
            piece,
            b"\r\n--b--\r\n",
        ]
        .concat();
        black_box(decide(Kind::MultipartBody, &part));
        black_box(decide(
            Kind::Authorization,
            &[&b"Bearer "[..], piece].concat(),
        ));
        black_box(tokenize_everything(piece));
    }
}

// ------------------------------------------------------------ linear work --

/// The only function callgrind counts in.
#[no_mangle]
#[inline(never)]
pub fn adversarial_measured(f: &mut dyn FnMut() -> u64) -> u64 {
    f()
}

/// Builds an input of about `n` bytes.
type Build = Box<dyn Fn(usize) -> Vec<u8>>;

/// Input kinds whose work is measured, each built at a size `n` (in items
/// or bytes): what the test calls at N and 16N.
fn linear_cases() -> Vec<(&'static str, Build, Kind)> {
    vec![
        case("bearer token", Kind::Authorization, |n| {
            [&b"Bearer "[..], &b"a".repeat(n)].concat()
        }),
        case("basic credentials", Kind::Authorization, |n| {
            let plain: Vec<u8> = [&b"u:"[..], &b"p".repeat(n)].concat();
            let b64 = ::base64::Engine::encode(&::base64::engine::general_purpose::STANDARD, plain);
            [&b"Basic "[..], b64.as_bytes()].concat()
        }),
        case("base64 junk", Kind::Authorization, |n| {
            [&b"Basic "[..], &b"!".repeat(n), b"dTpw"].concat()
        }),
        case("digest params", Kind::Authorization, |n| {
            [&b"Digest "[..], &b"a=\"b\\\"c\", ".repeat(n / 10)].concat()
        }),
        case("cookies", Kind::Cookie, |n| b"c=v; ".repeat(n / 5)),
        case("cookie escapes", Kind::Cookie, |n| {
            [&b"session=\""[..], &b"\\101".repeat(n / 4), b"\""].concat()
        }),
        case("query escapes", Kind::Query, |n| {
            [&b"api_key="[..], &b"%E9".repeat(n / 3)].concat()
        }),
        case("query pairs", Kind::Query, |n| b"api_key=a&".repeat(n / 10)),
        case("form fields", Kind::UrlencodedBody, |n| {
            [&b"username=u&password=p&"[..], &b"f=v+w&".repeat(n / 6)].concat()
        }),
        case("multipart parts", Kind::MultipartBody, |n| {
            multipart_body(n / 50)
        }),
        case("multipart crlf", Kind::MultipartBody, |n| {
            [&b"--b\r\n"[..], &b"\r\n".repeat(n / 2)].concat()
        }),
    ]
}

/// One row of [`linear_cases`].
fn case(
    name: &'static str,
    kind: Kind,
    build: impl Fn(usize) -> Vec<u8> + 'static,
) -> (&'static str, Build, Kind) {
    (name, Box::new(build), kind)
}

/// The size N of the measured inputs, in bytes.
const LINEAR_N: usize = 2048;

/// Run by [`work_is_linear_under_callgrind`] inside callgrind: each case
/// at N and 16N, each call one `adversarial_measured` (one dump).
#[test]
#[ignore = "started by work_is_linear_under_callgrind under valgrind"]
fn linear_work_child() {
    for (_, build, kind) in linear_cases() {
        for n in [LINEAR_N, 16 * LINEAR_N] {
            let input = build(n);
            black_box(adversarial_measured(&mut || decide(kind, &input)));
        }
    }
    // Scope strings that end with the required scopes (so each one is found
    // last): 100 required at N and 16N, then the last 8 of them at 16N.
    let required: Vec<String> = (0..100).map(|i| format!("s{i}")).collect();
    let required: Vec<&str> = required.iter().map(String::as_str).collect();
    for (n, required_now) in [
        (LINEAR_N, &required[..]),
        (16 * LINEAR_N, &required[..]),
        (16 * LINEAR_N, &required[92..]),
    ] {
        let granted = "sx ".repeat(n / 3) + &required.join(" ");
        let required = required_now;
        black_box(adversarial_measured(&mut || {
            PROFILES
                .iter()
                .map(|&p| u64::from(scopes::covers(&granted, required, p)))
                .sum()
        }));
    }
}

/// The `totals:` (or `summary:`) count of a callgrind output file.
fn callgrind_total(path: &std::path::Path) -> u64 {
    let text = std::fs::read_to_string(path).unwrap();
    text.lines()
        .find_map(|l| {
            l.strip_prefix("totals:")
                .or_else(|| l.strip_prefix("summary:"))
        })
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or_else(|| panic!("no totals in {}", path.display()))
}

#[test]
#[cfg_attr(miri, ignore = "starts valgrind")]
fn work_is_linear_under_callgrind() {
    let dir = std::env::temp_dir().join(format!("authparse-adversarial-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("callgrind.out");
    let status = Command::new("valgrind")
        .args([
            "--tool=callgrind",
            "--collect-atstart=no",
            "--toggle-collect=adversarial_measured",
            "--dump-after=adversarial_measured",
        ])
        .arg(format!("--callgrind-out-file={}", out.display()))
        .arg(std::env::current_exe().unwrap())
        .args([
            "--ignored",
            "--exact",
            "linear_work_child",
            "--test-threads=1",
            "-q",
        ])
        .output()
        .expect("valgrind must be installed (scripts/setup.sh installs it)");
    assert!(
        status.status.success(),
        "callgrind run failed: {}",
        String::from_utf8_lossy(&status.stderr)
    );
    // One dump per call, in call order: out.1, out.2, …
    let mut names: Vec<String> = linear_cases()
        .into_iter()
        .map(|c| c.0.to_string())
        .collect();
    names.push("scopes, 100 required".into());
    let mut report = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let small = callgrind_total(&dir.join(format!("callgrind.out.{}", 2 * i + 1)));
        let large = callgrind_total(&dir.join(format!("callgrind.out.{}", 2 * i + 2)));
        let ratio = large as f64 / small as f64;
        report.push(format!(
            "{name}: {small} Ir at N={LINEAR_N}, {large} at 16N (x{ratio:.2})"
        ));
        assert!(
            small > 0 && ratio < 20.0,
            "{name} is not linear: {small} -> {large} instructions (x{ratio:.1})"
        );
    }
    // The granted string read once however many scopes are required: 100
    // cost about what 8 do per byte (issue 11: 20 to 50 times as much before).
    let hundred = callgrind_total(&dir.join(format!("callgrind.out.{}", 2 * names.len())));
    let eight = callgrind_total(&dir.join(format!("callgrind.out.{}", 2 * names.len() + 1)));
    let ratio = hundred as f64 / eight as f64;
    report.push(format!(
        "scopes at 16N: 100 required {hundred} Ir, 8 required {eight} (x{ratio:.2})"
    ));
    assert!(
        ratio < 2.5,
        "100 required scopes cost x{ratio:.1} the 8-scope case"
    );
    println!("{}", report.join("\n"));
    let _ = std::fs::remove_dir_all(&dir);
}
