//! The eleven C scheme entry points, `authparse_request_find_header`,
//! `authparse_challenge_render`, `authparse_outcome_body` and
//! `authparse_outcome_render_response` on arbitrary header lists and
//! configurations, through their `extern "C"` bodies.
//!
//! Input: flags (bit 0 strict, bit 1 auto_error off, bit 2 realm set), then
//! fields: 0 the realm, 1 the name (HTTPBase scheme, API-key name), 2 the
//! query, 3.. header lines whose first byte picks the name.
//!
//! Each call decides what the core decides (kind, HTTP status, reason,
//! credentials); credential views lie in the header values, the query or
//! the caller's buffer; buffered calls report the exact size and refuse a
//! buffer overlapping the request; the challenge and the whole response
//! render exactly as the core renders them, with exact sizes.
#![no_main]

use authparse::{
    ApiKeyCookie, ApiKeyHeader, ApiKeyQuery, HttpBase, HttpBasic, HttpBearer, HttpDigest, OAuth2,
    OAuth2AuthorizationCodeBearer, OAuth2PasswordBearer, OpenIdConnect, Outcome, Profile, Request,
};
use authparse_ffi::*;
use authparse_fuzz::abi::{buffered, bytes, view};
use authparse_fuzz::{inside_any, Input};
use libfuzzer_sys::fuzz_target;
use std::ptr::null_mut;

const NAMES: [&[u8]; 6] = [
    b"authorization",
    b"Authorization",
    b"x-api-key",
    b"cookie",
    b"host",
    b"X-Other",
];

/// The C outcome matches a core outcome; returns the credentials' bytes.
fn same<T>(c: &authparse_outcome, rust: &Outcome<'_, T>) {
    assert_eq!(c.http_status, rust.status());
    match rust {
        Outcome::Credentials(_) => assert_eq!(c.kind, AUTHPARSE_OUTCOME_CREDENTIALS),
        Outcome::Absent => assert_eq!(c.kind, AUTHPARSE_OUTCOME_ABSENT),
        Outcome::Failure(f) => {
            assert_eq!(
                (c.kind, c.reason),
                (AUTHPARSE_OUTCOME_FAILURE, f.reason.code())
            );
            let (status, text) = buffered(
                f.challenge.rendered_len() + 1,
                &[],
                &mut |b, n, o, need| unsafe {
                    authparse_challenge_render(&c.challenge, b, n, o, need)
                },
            );
            let body = unsafe { authparse_outcome_body(c) };
            assert_eq!(unsafe { bytes(&body) }, f.body().as_bytes());
            let mut core = vec![0u8; f.challenge.rendered_len()];
            let want = match f.challenge.render_bytes(&mut core) {
                // A realm or scheme with a control byte, or (Latin-1) a
                // character past U+00FF: C refuses it alike.
                Err(e) => return assert_eq!(status, e.code()),
                Ok(rendered) => rendered.to_vec(),
            };
            assert_eq!((status, text), (AUTHPARSE_STATUS_OK, want));
            let mut want = vec![0u8; f.challenge.rendered_len() + 160];
            let want = f.write_response(&mut want).unwrap().to_vec();
            let (status, got) = buffered(want.len(), &[], &mut |b, n, o, need| unsafe {
                authparse_outcome_render_response(c, b, n, o, need)
            });
            assert_eq!((status, got), (AUTHPARSE_STATUS_OK, want));
        }
    }
    if !matches!(rust, Outcome::Failure(_)) {
        let mut out = authparse_str::EMPTY;
        assert_eq!(
            unsafe { authparse_outcome_render_response(c, null_mut(), 0, &mut out, null_mut()) },
            AUTHPARSE_STATUS_INVALID_ARGUMENT
        );
        assert!(unsafe { authparse_outcome_body(c) }.is_empty());
    }
}

fuzz_target!(|data: &[u8]| {
    let input = Input::new(data);
    let realm = input.text(0);
    let name = input.text(1);
    let query = input.field(2);
    let lines: Vec<(&[u8], &[u8])> = input
        .fields()
        .iter()
        .skip(3)
        .take(6)
        .map(|l| match l.split_first() {
            Some((&n, v)) => (NAMES[usize::from(n) % NAMES.len()], v),
            None => (NAMES[0], &l[..]),
        })
        .collect();
    let c_headers: Vec<authparse_header> = lines
        .iter()
        .map(|(n, v)| unsafe { authparse_header::new(view(n), view(v)) })
        .collect();
    let c_req = unsafe {
        authparse_request::new(
            c_headers.as_ptr(),
            c_headers.len(),
            view(query),
            authparse_str::EMPTY,
        )
    };
    let req = Request::new(&lines).with_query(query);
    let mut everything: Vec<&[u8]> = lines.iter().map(|l| l.1).collect();
    everything.push(query);
    let spans: Vec<authparse_fuzz::Span> = everything
        .iter()
        .map(|e| authparse_fuzz::Span::of(e))
        .collect();

    let profile = if input.bit(0) {
        Profile::Strict
    } else {
        Profile::FastApi
    };
    let auto_error = !input.bit(1);
    let mut cfg = unsafe { std::mem::zeroed::<authparse_scheme_config>() };
    assert_eq!(
        unsafe { authparse_scheme_config_init(&mut cfg) },
        AUTHPARSE_STATUS_OK
    );
    cfg.profile = if input.bit(0) {
        AUTHPARSE_PROFILE_STRICT
    } else {
        AUTHPARSE_PROFILE_FASTAPI
    };
    cfg.auto_error = auto_error;
    cfg.has_realm = input.bit(2);
    cfg.realm = view(realm.as_bytes());
    cfg.name = view(name.as_bytes());

    // find_header
    let mut out = authparse_str::EMPTY;
    let wanted = input.field(3).get(1..).unwrap_or_default();
    let status =
        unsafe { authparse_request_find_header(&c_req, wanted.as_ptr(), wanted.len(), &mut out) };
    match req.first(wanted) {
        Some(v) => {
            assert_eq!((status, out.len()), (AUTHPARSE_STATUS_OK, v.len()));
            assert!(
                v.is_empty() || out.ptr() == v.as_ptr(),
                "not a view of the header"
            );
        }
        None => assert_eq!(status, AUTHPARSE_STATUS_NOT_FOUND),
    }

    // Classes without a buffer.
    type Plain = unsafe extern "C" fn(
        *const authparse_scheme_config,
        *const authparse_request,
        *mut authparse_outcome,
        *mut authparse_str,
    ) -> authparse_status;
    let secret_classes: [(Plain, Outcome<'_, authparse::Secret<'_>>); 5] = [
        (
            authparse_api_key_header_extract,
            ApiKeyHeader::new(&name)
                .profile(profile)
                .auto_error(auto_error)
                .extract(&req),
        ),
        (
            authparse_oauth2_extract,
            OAuth2::new()
                .profile(profile)
                .auto_error(auto_error)
                .extract(&req),
        ),
        (
            authparse_open_id_connect_extract,
            OpenIdConnect::new("")
                .profile(profile)
                .auto_error(auto_error)
                .extract(&req),
        ),
        (
            authparse_oauth2_password_bearer_extract,
            OAuth2PasswordBearer::new("")
                .profile(profile)
                .auto_error(auto_error)
                .extract(&req),
        ),
        (
            authparse_oauth2_authorization_code_bearer_extract,
            OAuth2AuthorizationCodeBearer::new("", "")
                .profile(profile)
                .auto_error(auto_error)
                .extract(&req),
        ),
    ];
    for (c, rust) in secret_classes {
        let mut o = authparse_outcome::default();
        let mut key = authparse_str::EMPTY;
        assert_eq!(
            unsafe { c(&cfg, &c_req, &mut o, &mut key) },
            AUTHPARSE_STATUS_OK
        );
        same(&o, &rust);
        let key = unsafe { bytes(&key) };
        assert!(inside_any(key, &spans));
        assert_eq!(
            key,
            rust.credentials().map(|s| s.as_bytes()).unwrap_or_default()
        );
        assert_eq!(
            unsafe { c(&cfg, std::ptr::null(), &mut o, null_mut()) },
            AUTHPARSE_STATUS_NULL_POINTER
        );
    }
    type Scheme = unsafe extern "C" fn(
        *const authparse_scheme_config,
        *const authparse_request,
        *mut authparse_outcome,
        *mut authparse_authorization_credentials,
    ) -> authparse_status;
    let scheme_classes: [(Scheme, Outcome<'_, authparse::AuthorizationCredentials<'_>>); 3] = [
        (
            authparse_http_bearer_extract,
            HttpBearer::new()
                .profile(profile)
                .auto_error(auto_error)
                .extract(&req),
        ),
        (
            authparse_http_digest_extract,
            HttpDigest::new()
                .profile(profile)
                .auto_error(auto_error)
                .extract(&req),
        ),
        (
            authparse_http_base_extract,
            HttpBase::new(&name)
                .profile(profile)
                .auto_error(auto_error)
                .extract(&req),
        ),
    ];
    for (c, rust) in scheme_classes {
        let mut o = authparse_outcome::default();
        let mut creds = authparse_authorization_credentials::default();
        assert_eq!(
            unsafe { c(&cfg, &c_req, &mut o, &mut creds) },
            AUTHPARSE_STATUS_OK
        );
        same(&o, &rust);
        let (s, v) = unsafe { (bytes(&creds.scheme), bytes(&creds.credentials)) };
        assert!(inside_any(s, &spans) && inside_any(v, &spans));
        let want = rust
            .credentials()
            .map(|c| (c.scheme, c.credentials.as_bytes()))
            .unwrap_or_default();
        assert_eq!((s, v), want);
    }

    // Classes that decode into a buffer: run with exact sizes. `buffered`
    // drives the out-view; the outcome is compared on the reference run.
    let longest = lines.iter().map(|l| l.1.len()).max().unwrap_or(0);
    let mut basic = HttpBasic::new().profile(profile).auto_error(auto_error);
    if cfg.has_realm {
        basic = basic.realm(&realm);
    }
    let mut rbuf = vec![0u8; longest + 3];
    let rust = basic.extract(&req, &mut rbuf).expect("a big enough buffer");
    let mut o = authparse_outcome::default();
    let mut decoded = None;
    let (status, _) = buffered(longest + 3, &everything, &mut |b, n, out, need| unsafe {
        let mut creds = authparse_basic_credentials::default();
        let s = authparse_http_basic_extract(&cfg, &c_req, b, n, &mut o, &mut creds, need);
        if s == AUTHPARSE_STATUS_OK {
            // Both views must lie in the buffer: `buffered` checks the one in `out`.
            *out = creds.username;
            let whole: &[u8] = if n == 0 {
                &[]
            } else {
                std::slice::from_raw_parts(b, n)
            };
            assert!(authparse_fuzz::inside(bytes(&creds.password), whole));
            decoded = Some((
                bytes(&creds.username).to_vec(),
                bytes(&creds.password).to_vec(),
            ));
        }
        s
    });
    assert_eq!(status, AUTHPARSE_STATUS_OK);
    same(&o, &rust);
    let want = rust.credentials().map(|c| {
        (
            c.username.as_bytes().to_vec(),
            c.password.as_bytes().to_vec(),
        )
    });
    if want.is_some() {
        assert_eq!(decoded, want);
    }

    for query_class in [true, false] {
        let big = 3 * query.len().max(longest) + 3;
        let mut rbuf = vec![0u8; big];
        let rust = if query_class {
            ApiKeyQuery::new(&name)
                .profile(profile)
                .auto_error(auto_error)
                .extract(&req, &mut rbuf)
        } else {
            ApiKeyCookie::new(&name)
                .profile(profile)
                .auto_error(auto_error)
                .extract(&req, &mut rbuf)
        }
        .expect("a big enough buffer");
        let c = if query_class {
            authparse_api_key_query_extract
        } else {
            authparse_api_key_cookie_extract
        };
        let mut o = authparse_outcome::default();
        let (status, key) = buffered(big, &everything, &mut |b, n, out, need| unsafe {
            c(&cfg, &c_req, b, n, &mut o, out, need)
        });
        assert_eq!(status, AUTHPARSE_STATUS_OK);
        same(&o, &rust);
        assert_eq!(
            key,
            rust.credentials()
                .map(|s| s.as_bytes().to_vec())
                .unwrap_or_default()
        );
    }
});
