//! The C primitives (`authparse_authorization_*`, `authparse_base64_*`,
//! `authparse_urlencoded_decode*`, `_decoded_len*`, `_find_last`,
//! `authparse_text_*`, `authparse_cookie_unquote`, `authparse_whitespace_*`,
//! `authparse_ct_eq`, `authparse_wipe`, `authparse_status_str`,
//! `authparse_reason_str`) on arbitrary input,
//! called through their `extern "C"` bodies.
//!
//! Each answers what the Rust function it wraps answers (status = the core
//! error's code); views lie in the input or the caller's buffer; buffered
//! calls report the exact `*out_needed` and refuse an overlapping buffer;
//! NULL with a non-zero length is `NULL_POINTER`; the status and reason
//! strings are static, NUL-terminated and printable.
#![no_main]

use authparse::{authorization, base64, cookie::CookiePair, text, urlencoded, whitespace};
use authparse_ffi::*;
use authparse_fuzz::abi::{buffered, bytes, status_of};
use authparse_fuzz::{inside, Input};
use libfuzzer_sys::fuzz_target;
use std::ptr::null_mut;

type Decode = unsafe extern "C" fn(
    *const u8,
    usize,
    *mut u8,
    usize,
    *mut authparse_str,
    *mut usize,
) -> authparse_status;

fn check_decoder(
    input: &[u8],
    big: usize,
    c: Decode,
    rust: impl Fn(&mut [u8]) -> Result<Vec<u8>, authparse::Error>,
) {
    let mut buf = vec![0u8; big];
    let expected = rust(&mut buf);
    let (status, out) = buffered(big, &[input], &mut |b, n, o, need| unsafe {
        c(input.as_ptr(), input.len(), b, n, o, need)
    });
    assert_eq!(status, status_of(&expected));
    if let Ok(e) = expected {
        assert_eq!(out, e);
    }
    let mut out = authparse_str::EMPTY;
    assert_eq!(
        unsafe { c(std::ptr::null(), 1, null_mut(), 0, &mut out, null_mut()) },
        AUTHPARSE_STATUS_NULL_POINTER
    );
    assert_eq!(
        unsafe {
            c(
                input.as_ptr(),
                input.len(),
                null_mut(),
                0,
                null_mut(),
                null_mut(),
            )
        },
        AUTHPARSE_STATUS_NULL_POINTER
    );
}

fn check_static_str(p: *const core::ffi::c_char) {
    assert!(!p.is_null());
    let s = unsafe { core::ffi::CStr::from_ptr(p) };
    assert!(!s.to_bytes().is_empty() && s.to_bytes().iter().all(|b| (0x20..0x7f).contains(b)));
}

fuzz_target!(|data: &[u8]| {
    let input = Input::new(data);
    let value = input.field(0);
    let other = input.field(1);
    let (vp, vl) = (value.as_ptr(), value.len());

    // Authorization split.
    let (mut s, mut c) = (authparse_str::EMPTY, authparse_str::EMPTY);
    assert_eq!(
        unsafe { authparse_authorization_split(vp, vl, &mut s, &mut c) },
        AUTHPARSE_STATUS_OK
    );
    let (rs, rc) = authorization::split(value);
    unsafe {
        assert_eq!((bytes(&s), bytes(&c)), (rs, rc));
        assert!(inside(bytes(&s), value) && inside(bytes(&c), value));
    }
    let status = unsafe { authparse_authorization_split_strict(vp, vl, &mut s, &mut c) };
    match authorization::split_strict(value) {
        Some((rs, rc)) => unsafe {
            assert_eq!(status, AUTHPARSE_STATUS_OK);
            assert_eq!((bytes(&s), bytes(&c)), (rs, rc));
        },
        None => assert_eq!(
            (status, s.len(), c.len()),
            (AUTHPARSE_STATUS_MALFORMED, 0, 0)
        ),
    }
    let mut yes = false;
    assert_eq!(
        unsafe { authparse_authorization_is_token68(vp, vl, &mut yes) },
        AUTHPARSE_STATUS_OK
    );
    assert_eq!(yes, authorization::is_token68(value));
    assert_eq!(
        unsafe { authparse_authorization_split(vp, vl, null_mut(), &mut c) },
        AUTHPARSE_STATUS_NULL_POINTER
    );

    // Decoders.
    let big = base64::max_decoded_len(vl);
    assert_eq!(authparse_base64_max_decoded_len(vl), big);
    check_decoder(value, big, authparse_base64_decode_lenient, |b| {
        base64::decode_lenient(value, b).map(|n| b[..n].to_vec())
    });
    check_decoder(value, big, authparse_base64_decode_strict, |b| {
        base64::decode_strict(value, b).map(|n| b[..n].to_vec())
    });
    check_decoder(value, 2 * vl, authparse_urlencoded_decode, |b| {
        urlencoded::decode(value, b).map(|s| s.as_bytes().to_vec())
    });
    check_decoder(value, vl, authparse_urlencoded_decode_strict, |b| {
        urlencoded::decode_strict(value, b).map(|s| s.as_bytes().to_vec())
    });
    check_decoder(value, 2 * vl, authparse_text_latin1_to_utf8, |b| {
        text::latin1_to_utf8(value, b).map(|s| s.as_bytes().to_vec())
    });
    check_decoder(value, vl, authparse_cookie_unquote, |b| {
        CookiePair { name: b"", value }
            .unquoted(b)
            .map(<[u8]>::to_vec)
    });

    let mut n = 0usize;
    assert_eq!(
        unsafe { authparse_urlencoded_decoded_len(vp, vl, &mut n) },
        AUTHPARSE_STATUS_OK
    );
    assert_eq!(n, urlencoded::decoded_len(value));
    assert_eq!(
        unsafe { authparse_urlencoded_decoded_len_strict(vp, vl, &mut n) },
        AUTHPARSE_STATUS_OK
    );
    assert_eq!(n, urlencoded::decoded_len_strict(value));

    // Lookups with a configuration string (must be UTF-8).
    let mut out = authparse_str::EMPTY;
    let status =
        unsafe { authparse_urlencoded_find_last(vp, vl, other.as_ptr(), other.len(), &mut out) };
    match std::str::from_utf8(other) {
        Ok(name) => match urlencoded::find_last(value, name) {
            Some(v) => {
                assert_eq!(status, AUTHPARSE_STATUS_OK);
                assert_eq!(out.len(), v.len());
                assert!(v.is_empty() || out.ptr() == v.as_ptr(), "not the same view");
            }
            None => assert_eq!(status, AUTHPARSE_STATUS_NOT_FOUND),
        },
        Err(_) => assert_eq!(status, AUTHPARSE_STATUS_CONFIG_NOT_UTF8),
    }
    let status = unsafe { authparse_text_latin1_eq(vp, vl, other.as_ptr(), other.len(), &mut yes) };
    match std::str::from_utf8(other) {
        Ok(t) => assert_eq!(
            (status, yes),
            (AUTHPARSE_STATUS_OK, text::latin1_eq(value, t))
        ),
        Err(_) => assert_eq!(status, AUTHPARSE_STATUS_CONFIG_NOT_UTF8),
    }

    // Whitespace.
    assert_eq!(
        unsafe { authparse_whitespace_strip_python(vp, vl, &mut out) },
        AUTHPARSE_STATUS_OK
    );
    let r = whitespace::strip_python(value);
    assert_eq!(
        (
            unsafe { bytes(&out) },
            out.ptr() == r.as_ptr() || r.is_empty()
        ),
        (r, true)
    );
    assert_eq!(
        unsafe { authparse_whitespace_trim_ows(vp, vl, &mut out) },
        AUTHPARSE_STATUS_OK
    );
    let r = whitespace::trim_ows(value);
    assert_eq!(
        (
            unsafe { bytes(&out) },
            out.ptr() == r.as_ptr() || r.is_empty()
        ),
        (r, true)
    );
    assert_eq!(
        unsafe { authparse_whitespace_trim_ows(std::ptr::null(), 3, &mut out) },
        AUTHPARSE_STATUS_NULL_POINTER
    );

    // Constant-time equality and wiping.
    let mut equal = false;
    assert_eq!(
        unsafe { authparse_ct_eq(vp, vl, other.as_ptr(), other.len(), &mut equal) },
        AUTHPARSE_STATUS_OK
    );
    assert_eq!(equal, value == other);
    assert_eq!(equal, authparse::ct_eq(value, other));
    assert!(authparse::ct_eq(value, value));
    let mut copy = value.to_vec();
    assert_eq!(
        unsafe { authparse_wipe(copy.as_mut_ptr(), copy.len()) },
        AUTHPARSE_STATUS_OK
    );
    assert!(copy.iter().all(|&b| b == 0));
    assert_eq!(
        unsafe { authparse_wipe(null_mut(), 1) },
        AUTHPARSE_STATUS_NULL_POINTER
    );

    // Static strings for any number.
    let code = u32::from_le_bytes([input.flags, other.first().copied().unwrap_or(0), 0, 0]);
    for c in [code, code % 70] {
        check_static_str(authparse_status_str(c));
        check_static_str(authparse_reason_str(c));
    }
    check_static_str(authparse_version());
});
