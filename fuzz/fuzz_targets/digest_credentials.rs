//! RFC 7616 validation (`digest::Credentials::parse`) on arbitrary
//! parameters: no panic; a buffer as long as the input always suffices; a
//! short one reports the exact size, and that size gives the same result;
//! every accepted value satisfies its rule; the strict profile's check
//! agrees; and a challenge built from the accepted values parses back.
#![no_main]

use authparse::digest::{is_valid_response, Credentials, DigestChallenge, DigestError};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut full = vec![0u8; data.len()];
    let result = Credentials::parse(data, &mut full);
    assert!(
        !matches!(result, Err(DigestError::BufferTooSmall { .. })),
        "a buffer as long as the input suffices"
    );
    assert_eq!(is_valid_response(data), result.is_ok());
    // With no buffer: the same verdict, or the exact size needed.
    match Credentials::parse(data, &mut []) {
        Err(DigestError::BufferTooSmall { needed }) => {
            assert!(result.is_ok() && needed > 0 && needed <= data.len());
            let mut exact = vec![0u8; needed];
            assert_eq!(Credentials::parse(data, &mut exact), result);
            let mut short = vec![0u8; needed - 1];
            assert_eq!(
                Credentials::parse(data, &mut short),
                Err(DigestError::BufferTooSmall { needed })
            );
        }
        other => assert_eq!(other, result),
    }
    let Ok(c) = result else { return };
    assert_eq!(c.response.len(), c.algorithm.hex_len());
    assert!(c.response.iter().all(u8::is_ascii_hexdigit));
    assert_eq!(c.qop.is_some(), c.cnonce.is_some());
    assert_eq!(c.qop.is_some(), c.nc_value().is_some());
    assert!(!(c.username_star && c.userhash));
    if c.username_star {
        let name = std::str::from_utf8(c.username).expect("username* decodes to UTF-8");
        assert!(!name.chars().any(|ch| ch.is_ascii_control()));
    }
    // Unescaped values hold no control byte but HTAB, so they can be sent back.
    for value in [c.realm, c.nonce, c.opaque.unwrap_or_default()] {
        assert!(value
            .iter()
            .all(|&b| b == b'\t' || (b >= 0x20 && b != 0x7F)));
    }
    let mut out = vec![0u8; 2 * data.len() + 128];
    let challenge = DigestChallenge {
        opaque: c.opaque,
        algorithm: c.algorithm,
        ..DigestChallenge::new(c.realm, c.nonce)
    };
    let written = challenge
        .write(&mut out)
        .expect("values from credentials are quotable");
    let params = written.strip_prefix(b"Digest ").expect("scheme first");
    let mut buf = vec![0u8; params.len()];
    let realm = authparse::digest::params(params)
        .next()
        .and_then(Result::ok)
        .expect("the realm parses back");
    assert_eq!(realm.unescaped(&mut buf).unwrap(), c.realm);
});
