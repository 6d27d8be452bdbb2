//! The `extern "C"` entry points called the way C calls them: raw pointers,
//! NULL with length 0, out-params, cursor iterators. Run under Miri with
//! `cargo +nightly miri test -p authparse-ffi` (scripts/steps/55-ffi-miri.sh)
//! to check the unsafe code: every view the C ABI hands out must stay inside
//! the memory it was given, and nothing may read uninitialised memory.

use std::prelude::rust_2021::*;

use core::mem::MaybeUninit;
use core::ptr;

use crate::*;

fn view(s: &[u8]) -> authparse_str {
    authparse_str::from_slice(s)
}

/// The bytes of an output view (the tests keep the memory alive).
fn bytes<'a>(v: authparse_str) -> &'a [u8] {
    // SAFETY: every view in these tests points into a live local or static.
    unsafe { v.to_slice() }.expect("valid view")
}

fn header(name: &'static [u8], value: &'static [u8]) -> authparse_header {
    // SAFETY: static byte strings outlive every use.
    unsafe { authparse_header::new(view(name), view(value)) }
}

fn request(headers: &[authparse_header], query: &[u8], body: &[u8]) -> authparse_request {
    // SAFETY: the tests keep the headers, query and body alive while the request is used.
    unsafe { authparse_request::new(headers.as_ptr(), headers.len(), view(query), view(body)) }
}

fn config() -> authparse_scheme_config {
    let mut cfg = MaybeUninit::<authparse_scheme_config>::uninit();
    // SAFETY: a writable out-param.
    assert_eq!(
        unsafe { authparse_scheme_config_init(cfg.as_mut_ptr()) },
        AUTHPARSE_STATUS_OK
    );
    // SAFETY: initialised by the call above.
    unsafe { cfg.assume_init() }
}

#[test]
fn basic_into_caller_buffer_and_failure_rendering() {
    let headers = [header(b"Authorization", b"Basic am9objpzZWNyZXQ=")];
    let req = request(&headers, b"", b"");
    let mut cfg = config();
    cfg.has_realm = true;
    cfg.realm = view(b"simple");
    let mut buf = [0u8; 16];
    let mut outcome = MaybeUninit::<authparse_outcome>::uninit();
    let mut creds = MaybeUninit::<authparse_basic_credentials>::uninit();
    let mut needed = usize::MAX;
    // SAFETY: valid pointers to live locals.
    let st = unsafe {
        authparse_http_basic_extract(
            &cfg,
            &req,
            buf.as_mut_ptr(),
            buf.len(),
            outcome.as_mut_ptr(),
            creds.as_mut_ptr(),
            &mut needed,
        )
    };
    assert_eq!(st, AUTHPARSE_STATUS_OK);
    // SAFETY: written on success.
    let (outcome, creds) = unsafe { (outcome.assume_init(), creds.assume_init()) };
    assert_eq!(outcome.kind, AUTHPARSE_OUTCOME_CREDENTIALS);
    assert_eq!(
        (bytes(creds.username), bytes(creds.password)),
        (&b"john"[..], &b"secret"[..])
    );
    assert_eq!(needed, 0);

    // Short buffer: the exact size, no write past the 3 bytes.
    let mut small = [0u8; 3];
    let mut o = authparse_outcome::default();
    let mut c = authparse_basic_credentials::default();
    // SAFETY: valid pointers; NULL `out_needed` is allowed.
    let st = unsafe {
        authparse_http_basic_extract(
            &cfg,
            &req,
            small.as_mut_ptr(),
            3,
            &mut o,
            &mut c,
            &mut needed,
        )
    };
    assert_eq!((st, needed), (AUTHPARSE_STATUS_BUFFER_TOO_SMALL, 11));
    // SAFETY: NULL buffer with length 0 is an empty buffer.
    let st = unsafe {
        authparse_http_basic_extract(
            &cfg,
            &req,
            ptr::null_mut(),
            0,
            &mut o,
            &mut c,
            ptr::null_mut(),
        )
    };
    assert_eq!(st, AUTHPARSE_STATUS_BUFFER_TOO_SMALL);
    // SAFETY: NULL with a length must be refused, not dereferenced.
    let st = unsafe {
        authparse_http_basic_extract(
            &cfg,
            &req,
            ptr::null_mut(),
            8,
            &mut o,
            &mut c,
            ptr::null_mut(),
        )
    };
    assert_eq!(st, AUTHPARSE_STATUS_NULL_POINTER);

    // No header: a 401 whose challenge points into the configuration.
    let none = request(&[], b"", b"");
    // SAFETY: valid pointers.
    let st = unsafe {
        authparse_http_basic_extract(
            &cfg,
            &none,
            buf.as_mut_ptr(),
            16,
            &mut o,
            &mut c,
            ptr::null_mut(),
        )
    };
    assert_eq!(
        (st, o.kind, o.http_status),
        (AUTHPARSE_STATUS_OK, AUTHPARSE_OUTCOME_FAILURE, 401)
    );
    let mut rendered = [0u8; 32];
    let mut text = authparse_str::default();
    // SAFETY: valid pointers.
    let st = unsafe {
        authparse_challenge_render(
            &o.challenge,
            rendered.as_mut_ptr(),
            32,
            &mut text,
            ptr::null_mut(),
        )
    };
    assert_eq!(st, AUTHPARSE_STATUS_OK);
    assert_eq!(bytes(text), b"Basic realm=\"simple\"");
    // SAFETY: a valid outcome.
    let body = unsafe { authparse_outcome_body(&o) };
    assert_eq!(bytes(body), br#"{"detail":"Not authenticated"}"#);
}

#[test]
fn null_with_zero_length_is_empty_everywhere() {
    let mut a = authparse_str::default();
    let mut b = authparse_str::default();
    // SAFETY: NULL with 0 is the empty string; out-params valid.
    unsafe {
        assert_eq!(
            authparse_authorization_split(ptr::null(), 0, &mut a, &mut b),
            AUTHPARSE_STATUS_OK
        );
        assert!(a.is_empty() && b.is_empty());
        assert_eq!(
            authparse_authorization_split(ptr::null(), 1, &mut a, &mut b),
            AUTHPARSE_STATUS_NULL_POINTER
        );
        assert_eq!(
            authparse_base64_decode_strict(
                ptr::null(),
                0,
                ptr::null_mut(),
                0,
                &mut a,
                ptr::null_mut()
            ),
            AUTHPARSE_STATUS_OK
        );
        assert_eq!(
            authparse_urlencoded_decode(
                ptr::null(),
                0,
                ptr::null_mut(),
                0,
                &mut a,
                ptr::null_mut()
            ),
            AUTHPARSE_STATUS_OK
        );
        assert_eq!(
            authparse_whitespace_strip_python(ptr::null(), 0, &mut a),
            AUTHPARSE_STATUS_OK
        );
        assert_eq!(
            authparse_scopes_validate_strict(ptr::null(), 0),
            AUTHPARSE_STATUS_OK
        );
        let mut n = 7usize;
        assert_eq!(
            authparse_scopes_split(
                ptr::null(),
                0,
                AUTHPARSE_PROFILE_FASTAPI,
                ptr::null_mut(),
                0,
                &mut n
            ),
            AUTHPARSE_STATUS_OK
        );
        assert_eq!(n, 0);
        assert_eq!(
            authparse_security_scopes_from_chain(ptr::null(), 0, ptr::null_mut(), 0, &mut n),
            AUTHPARSE_STATUS_OK
        );
        let empty = request(&[], b"", b"");
        let cfg = config();
        let mut o = authparse_outcome::default();
        let mut key = authparse_str::default();
        assert_eq!(
            authparse_api_key_query_extract(
                &cfg,
                &empty,
                ptr::null_mut(),
                0,
                &mut o,
                &mut key,
                ptr::null_mut()
            ),
            AUTHPARSE_STATUS_OK
        );
        assert_eq!(o.kind, AUTHPARSE_OUTCOME_FAILURE);
        assert_eq!(
            authparse_oauth2_extract(ptr::null(), &empty, &mut o, &mut key),
            AUTHPARSE_STATUS_NULL_POINTER
        );
    }
}

#[test]
fn decoders_write_only_into_the_buffer() {
    let input = b"dXNlcjpwYXNz";
    let mut buf = [0u8; 9];
    let mut out = authparse_str::default();
    let mut needed = 0usize;
    // SAFETY: valid pointers to locals.
    unsafe {
        assert_eq!(
            authparse_base64_decode_lenient(
                input.as_ptr(),
                input.len(),
                buf.as_mut_ptr(),
                9,
                &mut out,
                &mut needed
            ),
            AUTHPARSE_STATUS_OK
        );
        assert_eq!(bytes(out), b"user:pass");
        assert_eq!(
            authparse_base64_decode_lenient(
                input.as_ptr(),
                input.len(),
                buf.as_mut_ptr(),
                8,
                &mut out,
                &mut needed
            ),
            AUTHPARSE_STATUS_BUFFER_TOO_SMALL
        );
        assert_eq!(needed, 9);
        let raw = b"a%20b%C3%A9";
        assert_eq!(
            authparse_urlencoded_decode(
                raw.as_ptr(),
                raw.len(),
                buf.as_mut_ptr(),
                9,
                &mut out,
                &mut needed
            ),
            AUTHPARSE_STATUS_OK
        );
        assert_eq!(bytes(out), "a bé".as_bytes());
        assert_eq!(
            authparse_text_latin1_to_utf8(
                b"caf\xe9".as_ptr(),
                4,
                buf.as_mut_ptr(),
                5,
                &mut out,
                ptr::null_mut()
            ),
            AUTHPARSE_STATUS_OK
        );
        assert_eq!(bytes(out), "café".as_bytes());
        let mut value = authparse_str::default();
        let q = b"key=first&k%65y=second";
        assert_eq!(
            authparse_urlencoded_find_last(q.as_ptr(), q.len(), b"key".as_ptr(), 3, &mut value),
            AUTHPARSE_STATUS_OK
        );
        assert_eq!(bytes(value), b"second");
    }
}

#[test]
fn cookie_and_urlencoded_cursors() {
    let header = b" ;;a = 1 ; b=x=y; justvalue; =;";
    let mut it = MaybeUninit::<authparse_cookie_iter>::uninit();
    let mut pair = authparse_cookie_pair::default();
    let mut seen = Vec::new();
    // SAFETY: the iterator is initialised before `_next`; the header outlives it.
    unsafe {
        assert_eq!(
            authparse_cookie_iter_init(
                it.as_mut_ptr(),
                header.as_ptr(),
                header.len(),
                AUTHPARSE_PROFILE_FASTAPI
            ),
            AUTHPARSE_STATUS_OK
        );
        while authparse_cookie_iter_next(it.as_mut_ptr(), &mut pair) == AUTHPARSE_STATUS_OK {
            seen.push((bytes(pair.name).to_vec(), bytes(pair.value).to_vec()));
        }
        assert_eq!(
            authparse_cookie_iter_next(it.as_mut_ptr(), &mut pair),
            AUTHPARSE_STATUS_DONE
        );
    }
    assert_eq!(
        seen,
        [
            (b"a".to_vec(), b"1".to_vec()),
            (b"b".to_vec(), b"x=y".to_vec()),
            (Vec::new(), b"justvalue".to_vec())
        ]
    );

    let strict = b"a=1;b=,;e=\"\"";
    let mut statuses = Vec::new();
    // SAFETY: as above.
    unsafe {
        authparse_cookie_iter_init(
            it.as_mut_ptr(),
            strict.as_ptr(),
            strict.len(),
            AUTHPARSE_PROFILE_STRICT,
        );
        loop {
            let st = authparse_cookie_iter_next(it.as_mut_ptr(), &mut pair);
            if st == AUTHPARSE_STATUS_DONE {
                break;
            }
            statuses.push(st);
        }
    }
    assert_eq!(
        statuses,
        [
            AUTHPARSE_STATUS_OK,
            AUTHPARSE_STATUS_MALFORMED,
            AUTHPARSE_STATUS_OK
        ]
    );

    let query = b"&&key=a%20b&x&=v";
    let mut uit = MaybeUninit::<authparse_urlencoded_iter>::uninit();
    let mut up = authparse_urlencoded_pair::default();
    let mut names = Vec::new();
    // SAFETY: as above.
    unsafe {
        authparse_urlencoded_iter_init(uit.as_mut_ptr(), query.as_ptr(), query.len());
        while authparse_urlencoded_iter_next(uit.as_mut_ptr(), &mut up) == AUTHPARSE_STATUS_OK {
            names.push((bytes(up.name).to_vec(), bytes(up.value).to_vec()));
        }
        // An empty input is done at once; NULL with a length is refused.
        authparse_urlencoded_iter_init(uit.as_mut_ptr(), ptr::null(), 0);
        assert_eq!(
            authparse_urlencoded_iter_next(uit.as_mut_ptr(), &mut up),
            AUTHPARSE_STATUS_DONE
        );
        assert_eq!(
            authparse_urlencoded_iter_init(uit.as_mut_ptr(), ptr::null(), 2),
            AUTHPARSE_STATUS_NULL_POINTER
        );
    }
    assert_eq!(
        names,
        [
            (b"key".to_vec(), b"a%20b".to_vec()),
            (b"x".to_vec(), Vec::new()),
            (Vec::new(), b"v".to_vec())
        ]
    );
}

#[test]
fn multipart_and_digest_cursors_keep_the_core_iterator_in_place() {
    let body = b"--b\r\nContent-Disposition: form-data; name=\"username\"\r\n\r\njohn\r\n--b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"x\"\r\n\r\ndata\r\n--b--\r\n";
    let boundary = b"b";
    let mut it = MaybeUninit::<authparse_multipart_iter>::uninit();
    let mut part = authparse_multipart_part::default();
    let mut names = Vec::new();
    // SAFETY: initialised before `_next`; the body outlives the iterator.
    unsafe {
        assert_eq!(
            authparse_multipart_iter_init(
                it.as_mut_ptr(),
                body.as_ptr(),
                body.len(),
                boundary.as_ptr(),
                1
            ),
            AUTHPARSE_STATUS_OK
        );
        while authparse_multipart_iter_next(it.as_mut_ptr(), &mut part) == AUTHPARSE_STATUS_OK {
            names.push((
                bytes(part.name).to_vec(),
                bytes(part.data).to_vec(),
                part.has_filename,
            ));
        }
        assert_eq!(
            authparse_multipart_iter_next(it.as_mut_ptr(), &mut part),
            AUTHPARSE_STATUS_DONE
        );
    }
    assert_eq!(
        names,
        [
            (b"username".to_vec(), b"john".to_vec(), false),
            (b"f".to_vec(), b"data".to_vec(), true)
        ]
    );

    let creds = br#"username="Mu\"fasa", realm="r", nc=00000001"#;
    let mut dit = MaybeUninit::<authparse_digest_iter>::uninit();
    let mut param = authparse_digest_param::default();
    let mut buf = [0u8; 8];
    let mut out = authparse_str::default();
    // SAFETY: as above.
    unsafe {
        authparse_digest_iter_init(dit.as_mut_ptr(), creds.as_ptr(), creds.len());
        assert_eq!(
            authparse_digest_iter_next(dit.as_mut_ptr(), &mut param),
            AUTHPARSE_STATUS_OK
        );
        assert_eq!((bytes(param.name), param.quoted), (&b"username"[..], true));
        assert_eq!(
            authparse_digest_param_unescape(&param, buf.as_mut_ptr(), 8, &mut out, ptr::null_mut()),
            AUTHPARSE_STATUS_OK
        );
        assert_eq!(bytes(out), b"Mu\"fasa");
        let mut count = 1;
        while authparse_digest_iter_next(dit.as_mut_ptr(), &mut param) == AUTHPARSE_STATUS_OK {
            count += 1;
        }
        assert_eq!(count, 3);
        let mut valid = true;
        authparse_digest_is_valid_response(creds.as_ptr(), creds.len(), &mut valid);
        assert!(!valid);
    }
}

#[test]
fn password_form_and_scopes() {
    let headers = [header(
        b"content-type",
        b"application/x-www-form-urlencoded",
    )];
    let req = request(&headers, b"", b"grant_type=pass&username=u");
    let cfg = authparse_password_form_config::default();
    let mut buf = [0u8; 64];
    let mut result = MaybeUninit::<authparse_password_form_result>::uninit();
    let mut body = [0u8; 512];
    let mut text = authparse_str::default();
    // SAFETY: valid pointers to locals.
    unsafe {
        assert_eq!(
            authparse_password_form_extract(
                &cfg,
                &req,
                buf.as_mut_ptr(),
                64,
                result.as_mut_ptr(),
                ptr::null_mut()
            ),
            AUTHPARSE_STATUS_OK
        );
        let result = result.assume_init();
        assert_eq!(
            (result.kind, result.http_status, result.error_count),
            (AUTHPARSE_FORM_INVALID, 422, 2)
        );
        assert_eq!(
            authparse_password_form_render_body(
                &result,
                body.as_mut_ptr(),
                body.len(),
                &mut text,
                ptr::null_mut()
            ),
            AUTHPARSE_STATUS_OK
        );
        assert!(bytes(text).starts_with(br#"{"detail":[{"type":"string_pattern_mismatch""#));
    }

    let granted = b"items:read  me";
    let required = [view(b"me"), view(b"admin")];
    let mut index = 0usize;
    let mut tokens = [authparse_str::default(); 1];
    let mut count = 0usize;
    let level0 = [view(b"items")];
    let level1 = [view(b"me"), view(b"items")];
    let chain = [
        authparse_scope_list {
            scopes: level0.as_ptr(),
            count: 1,
        },
        authparse_scope_list {
            scopes: level1.as_ptr(),
            count: 2,
        },
    ];
    let mut scopes = [authparse_str::default(); 4];
    // SAFETY: valid pointers to locals.
    unsafe {
        assert_eq!(
            authparse_scopes_first_missing(
                granted.as_ptr(),
                granted.len(),
                AUTHPARSE_PROFILE_FASTAPI,
                required.as_ptr(),
                2,
                &mut index
            ),
            AUTHPARSE_STATUS_OK
        );
        assert_eq!(index, 1);
        assert_eq!(
            authparse_scopes_split(
                granted.as_ptr(),
                granted.len(),
                AUTHPARSE_PROFILE_FASTAPI,
                tokens.as_mut_ptr(),
                1,
                &mut count
            ),
            AUTHPARSE_STATUS_TOO_MANY_ITEMS
        );
        assert_eq!((count, bytes(tokens[0])), (2, &b"items:read"[..]));
        assert_eq!(
            authparse_security_scopes_from_chain(
                chain.as_ptr(),
                2,
                scopes.as_mut_ptr(),
                4,
                &mut count
            ),
            AUTHPARSE_STATUS_OK
        );
        assert_eq!(
            (count, bytes(scopes[0]), bytes(scopes[1])),
            (2, &b"items"[..], &b"me"[..])
        );
        assert_eq!(
            authparse_security_scopes_challenge(
                scopes.as_ptr(),
                2,
                buf.as_mut_ptr(),
                64,
                &mut text,
                ptr::null_mut()
            ),
            AUTHPARSE_STATUS_OK
        );
        assert_eq!(bytes(text), b"Bearer scope=\"items me\"");
    }
}

#[test]
fn every_scheme_decides_through_raw_pointers() {
    let headers = [
        header(b"authorization", b"Bearer tok"),
        header(b"x-key", b"k"),
        header(b"cookie", b"s=\"\\101\""),
    ];
    let req = request(&headers, b"q=1", b"");
    let mut cfg = config();
    let mut o = authparse_outcome::default();
    let mut creds = authparse_authorization_credentials::default();
    let mut key = authparse_str::default();
    let mut buf = [0u8; 8];
    for profile in [AUTHPARSE_PROFILE_FASTAPI, AUTHPARSE_PROFILE_STRICT] {
        cfg.profile = profile;
        // SAFETY: valid pointers to locals and statics.
        unsafe {
            cfg.name = view(b"Bearer");
            assert_eq!(
                authparse_http_bearer_extract(&cfg, &req, &mut o, &mut creds),
                AUTHPARSE_STATUS_OK
            );
            assert_eq!(bytes(creds.credentials), b"tok");
            assert_eq!(
                authparse_http_digest_extract(&cfg, &req, &mut o, &mut creds),
                AUTHPARSE_STATUS_OK
            );
            assert_eq!(o.kind, AUTHPARSE_OUTCOME_FAILURE);
            assert_eq!(
                authparse_http_base_extract(&cfg, &req, &mut o, &mut creds),
                AUTHPARSE_STATUS_OK
            );
            assert_eq!(o.kind, AUTHPARSE_OUTCOME_CREDENTIALS);
            cfg.name = view(b"x-key");
            assert_eq!(
                authparse_api_key_header_extract(&cfg, &req, &mut o, &mut key),
                AUTHPARSE_STATUS_OK
            );
            assert_eq!(bytes(key), b"k");
            cfg.name = view(b"q");
            assert_eq!(
                authparse_api_key_query_extract(
                    &cfg,
                    &req,
                    buf.as_mut_ptr(),
                    8,
                    &mut o,
                    &mut key,
                    ptr::null_mut()
                ),
                AUTHPARSE_STATUS_OK
            );
            assert_eq!(bytes(key), b"1");
            cfg.name = view(b"s");
            assert_eq!(
                authparse_api_key_cookie_extract(
                    &cfg,
                    &req,
                    buf.as_mut_ptr(),
                    8,
                    &mut o,
                    &mut key,
                    ptr::null_mut()
                ),
                AUTHPARSE_STATUS_OK
            );
            // FastAPI unquotes `"\101"`; strict rejects the backslash (400).
            let expected = if profile == AUTHPARSE_PROFILE_FASTAPI {
                AUTHPARSE_OUTCOME_CREDENTIALS
            } else {
                AUTHPARSE_OUTCOME_FAILURE
            };
            assert_eq!(o.kind, expected);
            for f in [
                authparse_oauth2_extract,
                authparse_open_id_connect_extract,
                authparse_oauth2_password_bearer_extract,
                authparse_oauth2_authorization_code_bearer_extract,
            ] {
                assert_eq!(f(&cfg, &req, &mut o, &mut key), AUTHPARSE_STATUS_OK);
                assert_eq!(o.kind, AUTHPARSE_OUTCOME_CREDENTIALS);
            }
            let mut found = authparse_str::default();
            assert_eq!(
                authparse_request_find_header(&req, b"X-KEY".as_ptr(), 5, &mut found),
                AUTHPARSE_STATUS_OK
            );
        }
    }
}
