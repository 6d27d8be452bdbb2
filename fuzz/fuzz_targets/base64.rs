//! Both base64 decoders on arbitrary bytes.
//!
//! - `decode_lenient` equals a straightforward transcription of CPython's
//!   `binascii.a2b_base64` (non-strict mode), result and error kind;
//! - `decode_strict` agrees with the `base64` crate's canonical, padded
//!   STANDARD engine, and whatever it accepts the lenient decoder decodes to
//!   the same bytes;
//! - a short buffer reports the exact size needed, and that size works;
//! - encoding arbitrary bytes and decoding them strictly round-trips.
#![no_main]

use authparse::base64::{decode_lenient, decode_strict, max_decoded_len};
use authparse::Error;
use base64::Engine as _;
use libfuzzer_sys::fuzz_target;

/// CPython 3.11+ `binascii.a2b_base64(s, strict_mode=False)` on the bytes of
/// an ASCII `str` (`b64decode` of a non-ASCII `str` raises `ValueError`).
fn reference_lenient(input: &[u8]) -> Result<Vec<u8>, Error> {
    if !input.is_ascii() {
        return Err(Error::Base64InvalidByte);
    }
    let value = |c: u8| -> Option<u8> {
        match c {
            b'A'..=b'Z' => Some(c - b'A'),
            b'a'..=b'z' => Some(c - b'a' + 26),
            b'0'..=b'9' => Some(c - b'0' + 52),
            b'+' => Some(62),
            b'/' => Some(63),
            _ => None,
        }
    };
    let mut out = Vec::new();
    let (mut quad_pos, mut left, mut pads) = (0u32, 0u8, 0u32);
    for &c in input {
        if c == b'=' {
            if quad_pos >= 2 {
                pads += 1;
                if quad_pos + pads >= 4 {
                    return Ok(out);
                }
            }
            continue;
        }
        let Some(v) = value(c) else { continue };
        pads = 0;
        match quad_pos {
            0 => {
                quad_pos = 1;
                left = v;
            }
            1 => {
                quad_pos = 2;
                out.push((left << 2) | (v >> 4));
                left = v & 0x0f;
            }
            2 => {
                quad_pos = 3;
                out.push((left << 4) | (v >> 2));
                left = v & 0x03;
            }
            _ => {
                quad_pos = 0;
                out.push((left << 6) | v);
                left = 0;
            }
        }
    }
    match quad_pos {
        0 => Ok(out),
        1 => Err(Error::Base64DanglingCharacter),
        _ => Err(Error::Base64BadPadding),
    }
}

fn check_short_buffer(
    input: &[u8],
    decoded: &[u8],
    decode: fn(&[u8], &mut [u8]) -> Result<usize, Error>,
) {
    if decoded.is_empty() {
        return;
    }
    let mut short = vec![0u8; decoded.len() - 1];
    match decode(input, &mut short) {
        Err(Error::BufferTooSmall { needed }) => assert_eq!(needed, decoded.len()),
        other => panic!("short buffer gave {other:?}"),
    }
    let mut exact = vec![0u8; decoded.len()];
    assert_eq!(decode(input, &mut exact), Ok(decoded.len()));
    assert_eq!(exact, decoded);
}

fuzz_target!(|data: &[u8]| {
    let mut buf = vec![0u8; max_decoded_len(data.len())];

    // Lenient: CPython's decisions, byte for byte.
    let lenient = decode_lenient(data, &mut buf).map(|n| buf[..n].to_vec());
    assert_eq!(
        lenient,
        reference_lenient(data),
        "decode_lenient differs from CPython"
    );
    if let Ok(decoded) = &lenient {
        check_short_buffer(data, decoded, decode_lenient);
    }

    // Strict: exactly the canonical padded RFC 4648 alphabet.
    let strict = decode_strict(data, &mut buf).map(|n| buf[..n].to_vec());
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
        check_short_buffer(data, decoded, decode_strict);
    }

    // Round trip of arbitrary bytes.
    let encoded = base64::engine::general_purpose::STANDARD.encode(data);
    let mut out = vec![0u8; data.len()];
    assert_eq!(decode_strict(encoded.as_bytes(), &mut out), Ok(data.len()));
    assert_eq!(out, data);
    assert_eq!(decode_lenient(encoded.as_bytes(), &mut out), Ok(data.len()));
    assert_eq!(out, data);
});
