//! Both base64 decoders on arbitrary bytes.
//!
//! - `decode_lenient` equals a transcription of CPython's
//!   `binascii.a2b_base64` (non-strict mode), result and error kind;
//! - `decode_strict` agrees with the `base64` crate's canonical, padded
//!   STANDARD engine, and whatever it accepts the lenient decoder decodes to
//!   the same bytes (the profiles agree on canonical input);
//! - both report the exact buffer size needed;
//! - encoding arbitrary bytes and decoding them (either way) round-trips.
#![no_main]

use authparse::base64::{decode_lenient, decode_strict, max_decoded_len};
use authparse_fuzz::{check_needed, reference};
use base64::Engine as _;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let big = max_decoded_len(data.len());
    let lenient = check_needed(big, |buf| {
        decode_lenient(data, buf).map(|n| buf[..n].to_vec())
    });
    assert_eq!(
        lenient,
        reference::a2b_base64(data),
        "decode_lenient differs from CPython"
    );

    let strict = check_needed(big, |buf| {
        decode_strict(data, buf).map(|n| buf[..n].to_vec())
    });
    let reference = base64::engine::general_purpose::STANDARD.decode(data);
    match (&strict, &reference) {
        (Ok(a), Ok(b)) => assert_eq!(a, b),
        (Err(_), Err(_)) => {}
        _ => panic!("decode_strict {strict:?} but base64 crate {reference:?}"),
    }
    if let Ok(decoded) = &strict {
        assert_eq!(
            lenient.as_ref(),
            Ok(decoded),
            "strict accepted what lenient rejects"
        );
    }

    let encoded = base64::engine::general_purpose::STANDARD.encode(data);
    let mut out = vec![0u8; data.len()];
    assert_eq!(decode_strict(encoded.as_bytes(), &mut out), Ok(data.len()));
    assert_eq!(out, data);
    assert_eq!(decode_lenient(encoded.as_bytes(), &mut out), Ok(data.len()));
    assert_eq!(out, data);
});
