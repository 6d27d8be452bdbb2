//! The C cursor iterators (cookie in both profiles, urlencoded, multipart,
//! Digest), `authparse_multipart_boundary` / `_parameter` and
//! `authparse_digest_param_unescape`, called through their `extern "C"`
//! bodies.
//!
//! Each iterator yields exactly the core tokenizer's items, in order, as
//! views into the iterated input, then `DONE` for good; a bitwise copy of
//! a cursor continues on its own from the same position; a zeroed cursor is
//! `INVALID_ARGUMENT`. Unescaping reports the exact size and matches the core.
#![no_main]

use authparse::{cookie, digest, multipart, urlencoded};
use authparse_ffi::*;
use authparse_fuzz::abi::{buffered, bytes};
use authparse_fuzz::{inside, Input};
use libfuzzer_sys::fuzz_target;

/// Steps a cursor to the end: each item (or error status), then DONE twice.
fn drain<I: Copy, O: Default>(
    it: &mut I,
    next: unsafe extern "C" fn(*mut I, *mut O) -> authparse_status,
    limit: usize,
) -> Vec<Result<O, authparse_status>> {
    let mut items = Vec::new();
    loop {
        let mut o = O::default();
        match unsafe { next(it, &mut o) } {
            AUTHPARSE_STATUS_OK => items.push(Ok(o)),
            AUTHPARSE_STATUS_DONE => break,
            s => items.push(Err(s)),
        }
        assert!(items.len() <= limit + 1, "the iterator does not end");
    }
    let mut o = O::default();
    assert_eq!(
        unsafe { next(it, &mut o) },
        AUTHPARSE_STATUS_DONE,
        "not fused"
    );
    items
}

/// A cookie as (name, value).
type Pair<'a> = (&'a [u8], &'a [u8]);

fn pair(p: &authparse_cookie_pair) -> Pair<'_> {
    unsafe { (bytes(&p.name), bytes(&p.value)) }
}

fuzz_target!(|data: &[u8]| {
    let input = Input::new(data);
    let header = input.field(0);
    let (hp, hl) = (header.as_ptr(), header.len());

    // Cookies, both profiles; a copy taken after the first item continues alike.
    for (profile, code) in [
        (authparse::Profile::FastApi, AUTHPARSE_PROFILE_FASTAPI),
        (authparse::Profile::Strict, AUTHPARSE_PROFILE_STRICT),
    ] {
        let mut it = unsafe { std::mem::zeroed::<authparse_cookie_iter>() };
        let mut p = authparse_cookie_pair::default();
        assert_eq!(
            unsafe { authparse_cookie_iter_next(&mut it, &mut p) },
            AUTHPARSE_STATUS_INVALID_ARGUMENT
        );
        assert_eq!(
            unsafe { authparse_cookie_iter_init(&mut it, hp, hl, code) },
            AUTHPARSE_STATUS_OK
        );
        let expected: Vec<Result<Pair<'_>, authparse_status>> = match profile {
            authparse::Profile::FastApi => cookie::pairs(header)
                .map(|p| Ok((p.name, p.value)))
                .collect(),
            authparse::Profile::Strict => cookie::pairs_strict(header)
                .map(|r| r.map(|p| (p.name, p.value)).map_err(|e| e.code()))
                .collect(),
        };
        let mut copy = it;
        let got = drain(&mut it, authparse_cookie_iter_next, hl);
        let got: Vec<_> = got
            .iter()
            .map(|r| r.as_ref().map(pair).map_err(|s| *s))
            .collect();
        assert_eq!(got, expected);
        for (n, v) in got.iter().flatten() {
            assert!(inside(n, header) && inside(v, header));
        }
        let again = drain(&mut copy, authparse_cookie_iter_next, hl);
        assert_eq!(again.len(), got.len(), "a copied cursor diverged");
        assert_eq!(
            unsafe { authparse_cookie_iter_init(&mut it, hp, hl, 7) },
            AUTHPARSE_STATUS_INVALID_ARGUMENT
        );
    }

    // Urlencoded pairs.
    let mut it = unsafe { std::mem::zeroed::<authparse_urlencoded_iter>() };
    assert_eq!(
        unsafe { authparse_urlencoded_iter_init(&mut it, hp, hl) },
        AUTHPARSE_STATUS_OK
    );
    let got = drain(&mut it, authparse_urlencoded_iter_next, hl);
    let got: Vec<(&[u8], &[u8])> = got
        .iter()
        .map(|r| unsafe {
            let p = r.as_ref().expect("urlencoded items never fail");
            (bytes(&p.name), bytes(&p.value))
        })
        .collect();
    let expected: Vec<(&[u8], &[u8])> = urlencoded::pairs(header)
        .map(|p| (p.name, p.value))
        .collect();
    assert_eq!(got, expected);

    // Multipart: boundary from field 1 (a Content-Type) or field 2 verbatim.
    let ct = input.field(1);
    let mut b = authparse_str::EMPTY;
    let status = unsafe { authparse_multipart_boundary(ct.as_ptr(), ct.len(), &mut b) };
    let boundary = match multipart::boundary(ct) {
        Some(expected) => {
            assert_eq!(
                (status, unsafe { bytes(&b) }),
                (AUTHPARSE_STATUS_OK, expected)
            );
            expected
        }
        None => {
            assert_eq!(status, AUTHPARSE_STATUS_NOT_FOUND);
            input.field(2)
        }
    };
    let name = input.field(2);
    let status = unsafe {
        authparse_multipart_parameter(ct.as_ptr(), ct.len(), name.as_ptr(), name.len(), &mut b)
    };
    match multipart::parameter(ct, name) {
        Some(p) => assert_eq!((status, unsafe { bytes(&b) }), (AUTHPARSE_STATUS_OK, p)),
        None => assert_eq!(status, AUTHPARSE_STATUS_NOT_FOUND),
    }
    let mut it = unsafe { std::mem::zeroed::<authparse_multipart_iter>() };
    let init = unsafe {
        authparse_multipart_iter_init(&mut it, hp, hl, boundary.as_ptr(), boundary.len())
    };
    if init == AUTHPARSE_STATUS_OK {
        let got = drain(&mut it, authparse_multipart_iter_next, hl);
        let expected: Vec<_> = multipart::parts(header, boundary).collect();
        assert_eq!(got.len(), expected.len());
        for (g, e) in got.iter().zip(&expected) {
            match (g, e) {
                (Ok(g), Ok(e)) => unsafe {
                    assert_eq!((bytes(&g.name), bytes(&g.data)), (e.name, e.data));
                    assert_eq!(g.has_filename.then(|| bytes(&g.filename)), e.filename);
                    assert_eq!(
                        g.has_content_type.then(|| bytes(&g.content_type)),
                        e.content_type
                    );
                    assert!(inside(bytes(&g.data), header) && inside(bytes(&g.name), header));
                },
                (Err(s), Err(multipart::MultipartError::MissingName)) => {
                    assert_eq!(*s, AUTHPARSE_STATUS_MULTIPART_MISSING_NAME)
                }
                (Err(s), Err(_)) => assert_eq!(*s, AUTHPARSE_STATUS_MALFORMED),
                _ => panic!("multipart iterator differs from the core"),
            }
        }
    } else {
        assert!(
            boundary.is_empty(),
            "init refused a non-empty boundary: {init}"
        );
        assert_eq!(init, AUTHPARSE_STATUS_INVALID_ARGUMENT);
    }

    // Digest parameters and their unescaping.
    let mut it = unsafe { std::mem::zeroed::<authparse_digest_iter>() };
    assert_eq!(
        unsafe { authparse_digest_iter_init(&mut it, hp, hl) },
        AUTHPARSE_STATUS_OK
    );
    let got = drain(&mut it, authparse_digest_iter_next, hl);
    let expected: Vec<_> = digest::params(header).collect();
    assert_eq!(got.len(), expected.len());
    for (g, e) in got.iter().zip(&expected) {
        match (g, e) {
            (Ok(g), Ok(e)) => {
                let value = unsafe { bytes(&g.value) };
                assert_eq!(
                    (unsafe { bytes(&g.name) }, value, g.quoted),
                    (e.name, e.value, e.quoted)
                );
                let mut buf = vec![0u8; value.len()];
                let want = e.unescaped(&mut buf).expect("fits the raw length").to_vec();
                let (status, out) = buffered(value.len(), &[value], &mut |b, n, o, need| unsafe {
                    authparse_digest_param_unescape(g, b, n, o, need)
                });
                assert_eq!((status, out), (AUTHPARSE_STATUS_OK, want));
            }
            (Err(s), Err(e)) => assert_eq!(*s, e.code()),
            _ => panic!("digest iterator differs from the core"),
        }
    }
    let mut yes = false;
    assert_eq!(
        unsafe { authparse_digest_is_valid_response(hp, hl, &mut yes) },
        AUTHPARSE_STATUS_OK
    );
    assert_eq!(yes, digest::is_valid_response(header));
});
