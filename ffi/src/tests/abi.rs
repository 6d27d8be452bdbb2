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
    let basic = |req: &authparse_request,
                 buf: *mut u8,
                 len: usize,
                 o: *mut authparse_outcome,
                 c: *mut authparse_basic_credentials,
                 needed: *mut usize| {
        // SAFETY: live locals; NULL only where the function allows it.
        unsafe { authparse_http_basic_extract(&cfg, req, buf, len, o, c, needed) }
    };
    let (outcome_out, creds_out) = (outcome.as_mut_ptr(), creds.as_mut_ptr());
    let st = basic(
        &req,
        buf.as_mut_ptr(),
        16,
        outcome_out,
        creds_out,
        &mut needed,
    );
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
    let st = basic(&req, small.as_mut_ptr(), 3, &mut o, &mut c, &mut needed);
    assert_eq!((st, needed), (AUTHPARSE_STATUS_BUFFER_TOO_SMALL, 11));
    // NULL buffer with length 0 is an empty buffer; NULL `out_needed` is allowed.
    let st = basic(&req, ptr::null_mut(), 0, &mut o, &mut c, ptr::null_mut());
    assert_eq!(st, AUTHPARSE_STATUS_BUFFER_TOO_SMALL);
    // NULL with a length must be refused, not dereferenced.
    let st = basic(&req, ptr::null_mut(), 8, &mut o, &mut c, ptr::null_mut());
    assert_eq!(st, AUTHPARSE_STATUS_NULL_POINTER);

    // No header: a 401 whose challenge points into the configuration.
    let none = request(&[], b"", b"");
    let st = basic(&none, buf.as_mut_ptr(), 16, &mut o, &mut c, ptr::null_mut());
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

/// The header's bytes are FastAPI's: Latin-1 in the FastAPI profile (a
/// character past U+00FF refused), the realm's UTF-8 in the strict one.
#[test]
fn challenge_renders_latin1_in_the_fastapi_profile() {
    let render = |profile, realm: &str| {
        let challenge = authparse_challenge {
            kind: AUTHPARSE_CHALLENGE_BASIC,
            profile,
            has_realm: true,
            text: view(realm.as_bytes()),
        };
        let mut rendered = [0u8; 64];
        let mut text = authparse_str::default();
        // SAFETY: valid pointers.
        let st = unsafe {
            authparse_challenge_render(
                &challenge,
                rendered.as_mut_ptr(),
                64,
                &mut text,
                ptr::null_mut(),
            )
        };
        (st, bytes(text).to_vec())
    };
    assert_eq!(
        render(AUTHPARSE_PROFILE_FASTAPI, "café"),
        (AUTHPARSE_STATUS_OK, b"Basic realm=\"caf\xE9\"".to_vec())
    );
    assert_eq!(
        render(AUTHPARSE_PROFILE_FASTAPI, "東京").0,
        AUTHPARSE_STATUS_INVALID_CONFIGURATION
    );
    assert_eq!(
        render(AUTHPARSE_PROFILE_STRICT, "café"),
        (
            AUTHPARSE_STATUS_OK,
            "Basic realm=\"café\", charset=\"UTF-8\""
                .as_bytes()
                .to_vec()
        )
    );
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
        // A scope with CR/LF would split the response: refused, not written.
        let split = [view(b"a\r\nX-Evil: 1")];
        assert_eq!(
            authparse_security_scopes_challenge(
                split.as_ptr(),
                1,
                buf.as_mut_ptr(),
                64,
                &mut text,
                ptr::null_mut()
            ),
            AUTHPARSE_STATUS_INVALID_CONFIGURATION
        );
    }
}

/// `authparse_api_key_query_extract` and `_cookie_extract`.
type ApiKeyInto = unsafe extern "C" fn(
    *const authparse_scheme_config,
    *const authparse_request,
    *mut u8,
    usize,
    *mut authparse_outcome,
    *mut authparse_str,
    *mut usize,
) -> authparse_status;

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
            let buffered = [
                (authparse_api_key_query_extract as ApiKeyInto, b"q"),
                (authparse_api_key_cookie_extract, b"s"),
            ];
            for (f, name) in buffered {
                cfg.name = view(name);
                let st = f(
                    &cfg,
                    &req,
                    buf.as_mut_ptr(),
                    8,
                    &mut o,
                    &mut key,
                    ptr::null_mut(),
                );
                assert_eq!(st, AUTHPARSE_STATUS_OK);
                if name == b"q" {
                    assert_eq!(bytes(key), b"1");
                }
            }
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

/// Aligned scratch memory: the output buffer, and structs placed inside it
/// to test the overlap guard (they are never written through: the calls
/// refuse before writing). Every pointer derives from one base pointer, so
/// they stay valid together (Miri's aliasing rules).
#[repr(C, align(16))]
struct Arena([u8; ARENA]);

/// Bytes of scratch memory: room for the largest result struct at an offset.
const ARENA: usize = 1024;

/// A `T` slot at `offset` (a multiple of 16) of the arena at `base`.
fn slot<T>(base: *mut u8, offset: usize) -> *mut T {
    assert_eq!(offset % 16, 0);
    assert!(offset + core::mem::size_of::<T>() <= ARENA);
    // SAFETY: in bounds of the ARENA-byte arena (checked above).
    unsafe { base.add(offset) }.cast()
}

#[test]
fn basic_buffer_must_not_overlap_the_realm_the_request_or_an_out_param() {
    let headers = [header(b"Authorization", b"Basic am9objpzZWNyZXQ=")];
    let req = request(&headers, b"", b"");
    let mut cfg = config();
    cfg.has_realm = true;
    let mut arena = Arena([0; ARENA]);
    let (buf, len) = (arena.0.as_mut_ptr(), 256);
    let mut o = authparse_outcome::default();
    let mut c = authparse_basic_credentials::default();
    let mut needed = 0usize;
    let run = |cfg: *const authparse_scheme_config,
               req: *const authparse_request,
               o: *mut authparse_outcome,
               c: *mut authparse_basic_credentials,
               needed: *mut usize| {
        // SAFETY: every pointer is a live local or inside the arena.
        unsafe { authparse_http_basic_extract(cfg, req, buf, len, o, c, needed) }
    };

    // The issue's case: a realm inside the buffer would be overwritten by
    // the credentials and then sent in the challenge.
    // SAFETY: inside the arena.
    unsafe { buf.add(200).copy_from(b"simple".as_ptr(), 6) };
    // SAFETY: inside the arena.
    cfg.realm = authparse_str::new(unsafe { buf.add(200) }, 6);
    assert_eq!(
        run(&cfg, &req, &mut o, &mut c, &mut needed),
        AUTHPARSE_STATUS_BUFFER_OVERLAP
    );
    assert_eq!(o.kind, AUTHPARSE_OUTCOME_NONE);
    // SAFETY: inside the arena, read only.
    assert_eq!(
        unsafe { core::slice::from_raw_parts(buf.add(200), 6) },
        b"simple"
    );
    cfg.realm = view(b"simple");
    cfg.name = authparse_str::new(buf.cast_const(), 1);
    assert_eq!(
        run(&cfg, &req, &mut o, &mut c, &mut needed),
        AUTHPARSE_STATUS_BUFFER_OVERLAP
    );
    cfg.name = authparse_str::EMPTY;

    // Out-params and the structs passed by pointer.
    let in_buf_outcome = slot::<authparse_outcome>(buf, 64);
    assert_eq!(
        run(&cfg, &req, in_buf_outcome, &mut c, &mut needed),
        AUTHPARSE_STATUS_BUFFER_OVERLAP
    );
    let in_buf_creds = slot::<authparse_basic_credentials>(buf, 128);
    assert_eq!(
        run(&cfg, &req, &mut o, in_buf_creds, &mut needed),
        AUTHPARSE_STATUS_BUFFER_OVERLAP
    );
    let in_buf_needed = slot::<usize>(buf, 240);
    assert_eq!(
        run(&cfg, &req, &mut o, &mut c, in_buf_needed),
        AUTHPARSE_STATUS_BUFFER_OVERLAP
    );
    let in_buf_cfg = slot::<authparse_scheme_config>(buf, 160);
    // SAFETY: aligned and in bounds.
    unsafe { in_buf_cfg.write(cfg) };
    assert_eq!(
        run(in_buf_cfg, &req, &mut o, &mut c, &mut needed),
        AUTHPARSE_STATUS_BUFFER_OVERLAP
    );
    let in_buf_req = slot::<authparse_request>(buf, 96);
    // SAFETY: aligned and in bounds.
    unsafe { in_buf_req.write(req) };
    assert_eq!(
        run(&cfg, in_buf_req, &mut o, &mut c, &mut needed),
        AUTHPARSE_STATUS_BUFFER_OVERLAP
    );
    let in_buf_headers = slot::<authparse_header>(buf, 32);
    // SAFETY: aligned and in bounds.
    unsafe { in_buf_headers.write(headers[0]) };
    // SAFETY: one header inside the arena.
    let req_in = unsafe {
        authparse_request::new(
            in_buf_headers,
            1,
            authparse_str::EMPTY,
            authparse_str::EMPTY,
        )
    };
    assert_eq!(
        run(&cfg, &req_in, &mut o, &mut c, &mut needed),
        AUTHPARSE_STATUS_BUFFER_OVERLAP
    );

    // Just past the buffer is not an overlap: the call succeeds.
    let past = slot::<authparse_basic_credentials>(buf, 256);
    assert_eq!(
        run(&cfg, &req, &mut o, past, &mut needed),
        AUTHPARSE_STATUS_OK
    );
    assert_eq!(o.kind, AUTHPARSE_OUTCOME_CREDENTIALS);
}

#[test]
fn every_buffered_call_guards_its_out_params_and_structs() {
    let mut arena = Arena([0; ARENA]);
    let (buf, len) = (arena.0.as_mut_ptr(), 256);
    let out_in_buf = slot::<authparse_str>(buf, 16);
    let needed_in_buf = slot::<usize>(buf, 48);
    let mut out = authparse_str::EMPTY;

    // Decoders (every `write_call` user): `*out` or `*out_needed` in the buffer.
    let input = b"am9objpzZWNyZXQ=";
    // SAFETY: live input; pointers inside the arena.
    unsafe {
        assert_eq!(
            authparse_base64_decode_strict(
                input.as_ptr(),
                input.len(),
                buf,
                len,
                out_in_buf,
                ptr::null_mut()
            ),
            AUTHPARSE_STATUS_BUFFER_OVERLAP
        );
        assert_eq!(
            authparse_base64_decode_strict(
                input.as_ptr(),
                input.len(),
                buf,
                len,
                &mut out,
                needed_in_buf
            ),
            AUTHPARSE_STATUS_BUFFER_OVERLAP
        );
        assert_eq!(
            authparse_base64_decode_strict(
                input.as_ptr(),
                input.len(),
                buf,
                len,
                &mut out,
                ptr::null_mut()
            ),
            AUTHPARSE_STATUS_OK
        );
    }
    assert_eq!(bytes(out), b"john:secret");

    // API keys: the name is a configuration string.
    let headers = [header(b"cookie", b"session=\"s\\145c\"")];
    let req = request(&headers, b"api_key=a%20b", b"");
    let mut cfg = config();
    let mut o = authparse_outcome::default();
    // SAFETY: inside the arena.
    unsafe { buf.add(100).copy_from(b"api_key".as_ptr(), 7) };
    // SAFETY: inside the arena.
    cfg.name = authparse_str::new(unsafe { buf.add(100) }, 7);
    // SAFETY: live locals; the name inside the buffer.
    let st = unsafe {
        authparse_api_key_query_extract(&cfg, &req, buf, len, &mut o, &mut out, ptr::null_mut())
    };
    assert_eq!(st, AUTHPARSE_STATUS_BUFFER_OVERLAP);
    cfg.name = view(b"session");
    // SAFETY: live locals; `*out_key` inside the buffer.
    let st = unsafe {
        authparse_api_key_cookie_extract(&cfg, &req, buf, len, &mut o, out_in_buf, ptr::null_mut())
    };
    assert_eq!(st, AUTHPARSE_STATUS_BUFFER_OVERLAP);

    // Challenge and response rendering: the struct passed in.
    let challenge = slot::<authparse_challenge>(buf, 64);
    let basic = authparse_challenge {
        kind: AUTHPARSE_CHALLENGE_BASIC,
        profile: AUTHPARSE_PROFILE_FASTAPI,
        has_realm: true,
        text: view(b"simple"),
    };
    // SAFETY: aligned and in bounds.
    unsafe { challenge.write(basic) };
    // SAFETY: the challenge inside the buffer.
    let st = unsafe { authparse_challenge_render(challenge, buf, len, &mut out, ptr::null_mut()) };
    assert_eq!(st, AUTHPARSE_STATUS_BUFFER_OVERLAP);
    let failure = authparse_outcome {
        kind: AUTHPARSE_OUTCOME_FAILURE,
        http_status: 401,
        reason: AUTHPARSE_REASON_MISSING,
        challenge: basic,
    };
    let in_buf = slot::<authparse_outcome>(buf, 128);
    // SAFETY: aligned and in bounds.
    unsafe { in_buf.write(failure) };
    // SAFETY: the outcome inside the buffer.
    let st =
        unsafe { authparse_outcome_render_response(in_buf, buf, len, &mut out, ptr::null_mut()) };
    assert_eq!(st, AUTHPARSE_STATUS_BUFFER_OVERLAP);
    // SAFETY: live locals.
    let st =
        unsafe { authparse_outcome_render_response(&failure, buf, len, &mut out, ptr::null_mut()) };
    assert_eq!(st, AUTHPARSE_STATUS_OK);

    // Password form: `*out` in the buffer.
    let form_headers = [header(
        b"content-type",
        b"application/x-www-form-urlencoded",
    )];
    let form_req = request(&form_headers, b"", b"username=u&password=p");
    let form_cfg = authparse_password_form_config::default();
    let result = slot::<authparse_password_form_result>(buf, 0);
    // SAFETY: live locals; the result inside the buffer.
    let st = unsafe {
        authparse_password_form_extract(&form_cfg, &form_req, buf, len, result, ptr::null_mut())
    };
    assert_eq!(st, AUTHPARSE_STATUS_BUFFER_OVERLAP);

    // Scopes: the array of views.
    let scopes = slot::<authparse_str>(buf, 192);
    // SAFETY: aligned and in bounds.
    unsafe { scopes.write(view(b"me")) };
    // SAFETY: one view inside the buffer.
    let st = unsafe {
        authparse_security_scopes_scope_str(scopes, 1, buf, len, &mut out, ptr::null_mut())
    };
    assert_eq!(st, AUTHPARSE_STATUS_BUFFER_OVERLAP);

    // Digest unescape: the parameter struct.
    let param = slot::<authparse_digest_param>(buf, 208);
    // SAFETY: aligned and in bounds.
    unsafe {
        param.write(authparse_digest_param {
            name: view(b"a"),
            value: view(b"x\\\"y"),
            quoted: true,
        })
    };
    // SAFETY: the parameter inside the buffer.
    let st = unsafe { authparse_digest_param_unescape(param, buf, len, &mut out, ptr::null_mut()) };
    assert_eq!(st, AUTHPARSE_STATUS_BUFFER_OVERLAP);

    // OpenAPI rendering: `*out_json` in the buffer.
    let name = b"token_token_post";
    // SAFETY: live name; `*out_json` inside the buffer.
    let st = unsafe {
        authparse_openapi_password_form_schema_render(
            name.as_ptr(),
            name.len(),
            false,
            false,
            buf,
            len,
            out_in_buf,
            ptr::null_mut(),
        )
    };
    assert_eq!(st, AUTHPARSE_STATUS_BUFFER_OVERLAP);
}

#[test]
fn an_empty_multipart_boundary_is_an_invalid_argument() {
    let body = b"--\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx\r\n----\r\n";
    let mut it = MaybeUninit::<authparse_multipart_iter>::uninit();
    let mut part = authparse_multipart_part::default();
    for boundary in [ptr::null(), b"b".as_ptr()] {
        // SAFETY: live body; an empty boundary (NULL or not) with length 0.
        let st = unsafe {
            authparse_multipart_iter_init(it.as_mut_ptr(), body.as_ptr(), body.len(), boundary, 0)
        };
        assert_eq!(st, AUTHPARSE_STATUS_INVALID_ARGUMENT);
        // SAFETY: `_init` marked the iterator as not started.
        let st = unsafe { authparse_multipart_iter_next(it.as_mut_ptr(), &mut part) };
        assert_eq!(st, AUTHPARSE_STATUS_INVALID_ARGUMENT);
    }
    let boundary = b"b";
    let body = b"--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx\r\n--b--\r\n";
    // SAFETY: live body and boundary.
    let st = unsafe {
        authparse_multipart_iter_init(
            it.as_mut_ptr(),
            body.as_ptr(),
            body.len(),
            boundary.as_ptr(),
            1,
        )
    };
    assert_eq!(st, AUTHPARSE_STATUS_OK);
    // SAFETY: initialised above.
    assert_eq!(
        unsafe { authparse_multipart_iter_next(it.as_mut_ptr(), &mut part) },
        AUTHPARSE_STATUS_OK
    );
    assert_eq!(bytes(part.data), b"x");
}
