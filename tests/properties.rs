//! Property tests: the decoders against plain reference implementations, and
//! every entry point on arbitrary bytes (an outcome or an error, never a panic).

use authparse::base64::{decode_lenient, decode_strict, max_decoded_len};
use authparse::form::OAuth2PasswordRequestForm;
use authparse::{
    ApiKeyCookie, ApiKeyHeader, ApiKeyQuery, Error, HttpBase, HttpBasic, HttpBearer, HttpDigest,
    OAuth2, OAuth2PasswordBearer, OpenIdConnect, Profile, Request,
};
use base64::Engine as _;
use proptest::prelude::*;

/// Spec §3.5 written plainly: CPython's `a2b_base64(strict_mode=False)`.
fn reference_lenient(input: &[u8]) -> Result<Vec<u8>, ()> {
    if !input.is_ascii() {
        return Err(());
    }
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let (mut q, mut acc, mut pads, mut out) = (0u32, 0u32, 0u32, Vec::new());
    for &c in input {
        if c == b'=' {
            if q >= 2 {
                pads += 1;
                if q + pads >= 4 {
                    return Ok(out);
                }
            }
            continue;
        }
        let Some(v) = alphabet.iter().position(|&a| a == c) else {
            continue;
        };
        pads = 0;
        let v = v as u32;
        match q {
            0 => acc = v,
            1 => {
                out.push(((acc << 2) | (v >> 4)) as u8);
                acc = v & 0x0F;
            }
            2 => {
                out.push(((acc << 4) | (v >> 2)) as u8);
                acc = v & 0x03;
            }
            _ => out.push(((acc << 6) | v) as u8),
        }
        q = (q + 1) % 4;
    }
    if q == 0 {
        Ok(out)
    } else {
        Err(())
    }
}

fn base64ish() -> impl Strategy<Value = Vec<u8>> {
    proptest::collection::vec(
        prop_oneof![
            8 => proptest::sample::select(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".to_vec()),
            2 => Just(b'='),
            1 => any::<u8>(),
            1 => proptest::sample::select(b" -_!\t\n".to_vec()),
        ],
        0..48,
    )
}

proptest! {
    // Miri interprets every case (~10^4 times slower): a few cases there.
    #![proptest_config(ProptestConfig::with_cases(if cfg!(miri) { 16 } else { 4096 }))]

    #[test]
    fn lenient_matches_reference(input in base64ish()) {
        let mut buf = vec![0u8; max_decoded_len(input.len())];
        let ours = decode_lenient(&input, &mut buf).map(|n| buf[..n].to_vec()).map_err(|_| ());
        prop_assert_eq!(ours, reference_lenient(&input));
    }

    #[test]
    fn strict_matches_base64_standard(input in base64ish()) {
        let mut buf = vec![0u8; max_decoded_len(input.len())];
        let ours = decode_strict(&input, &mut buf).map(|n| buf[..n].to_vec()).ok();
        let theirs = base64::engine::general_purpose::STANDARD.decode(&input).ok();
        prop_assert_eq!(ours, theirs);
    }

    #[test]
    fn strict_roundtrips_encoded_bytes(data in proptest::collection::vec(any::<u8>(), 0..40)) {
        let encoded = base64::engine::general_purpose::STANDARD.encode(&data);
        let mut buf = vec![0u8; data.len()];
        prop_assert_eq!(decode_strict(encoded.as_bytes(), &mut buf), Ok(data.len()));
        prop_assert_eq!(&buf, &data);
        prop_assert_eq!(decode_lenient(encoded.as_bytes(), &mut buf), Ok(data.len()));
        prop_assert_eq!(&buf, &data);
    }

    #[test]
    fn short_buffers_state_the_size_that_works(input in base64ish(), short in 0usize..8) {
        let mut big = vec![0u8; 64];
        if let Ok(n) = decode_lenient(&input, &mut big) {
            let mut small = vec![0u8; n.saturating_sub(short + 1)];
            if small.len() < n {
                prop_assert_eq!(decode_lenient(&input, &mut small), Err(Error::BufferTooSmall { needed: n }));
            }
        }
    }

    #[test]
    fn every_scheme_answers_arbitrary_input(
        value in proptest::collection::vec(any::<u8>(), 0..200),
        second in proptest::collection::vec(any::<u8>(), 0..60),
        strict in any::<bool>(),
    ) {
        let profile = if strict { Profile::Strict } else { Profile::FastApi };
        let headers: Vec<(&[u8], &[u8])> = vec![
            (b"authorization", &value),
            (b"cookie", &value),
            (b"cookie", &second),
            (b"x-key", &value),
            (b"content-type", b"application/x-www-form-urlencoded"),
        ];
        let req = Request::new(&headers).with_query(&value).with_body(&value);
        let mut buf = vec![0u8; 2 * value.len() + 2 * second.len()];
        prop_assert!(HttpBasic::new().profile(profile).extract(&req, &mut buf).is_ok());
        let _ = HttpBearer::new().profile(profile).extract(&req);
        let _ = HttpDigest::new().profile(profile).extract(&req);
        let _ = HttpBase::new("x").profile(profile).extract(&req);
        let _ = OAuth2::new().profile(profile).extract(&req);
        let _ = OpenIdConnect::new("u").profile(profile).extract(&req);
        let _ = OAuth2PasswordBearer::new("t").profile(profile).extract(&req);
        let _ = ApiKeyHeader::new("x-key").profile(profile).extract(&req);
        prop_assert!(ApiKeyQuery::new("key").profile(profile).extract(&req, &mut buf).is_ok());
        prop_assert!(ApiKeyCookie::new("session").profile(profile).extract(&req, &mut buf).is_ok());
        prop_assert!(OAuth2PasswordRequestForm::new().profile(profile).extract(&req, &mut buf).is_ok());
        for p in authparse::digest::params(&value) {
            let _ = p;
        }
        let multipart: Vec<(&[u8], &[u8])> = vec![(b"content-type", b"multipart/form-data; boundary=x")];
        let req = Request::new(&multipart).with_body(&value);
        prop_assert!(OAuth2PasswordRequestForm::new().extract(&req, &mut buf).is_ok());
    }
}

#[test]
fn hundreds_of_thousands_of_pairs() {
    // Under Miri, still more than the 1000-field limit.
    let n = if cfg!(miri) { 2_000 } else { 300_000 };
    let cookie: Vec<u8> = b"a=1;".repeat(n);
    let query: Vec<u8> = b"k=v&".repeat(n);
    let headers: Vec<(&[u8], &[u8])> = vec![
        (b"cookie", &cookie),
        (b"content-type", b"application/x-www-form-urlencoded"),
    ];
    let req = Request::new(&headers).with_query(&query).with_body(&query);
    let mut buf = vec![0u8; 64];
    assert_eq!(
        ApiKeyCookie::new("session")
            .extract(&req, &mut buf)
            .unwrap()
            .status(),
        401
    );
    assert_eq!(
        ApiKeyQuery::new("key")
            .extract(&req, &mut buf)
            .unwrap()
            .status(),
        401
    );
    let form = OAuth2PasswordRequestForm::new()
        .extract(&req, &mut buf)
        .unwrap()
        .status();
    assert_eq!(form, 400, "more than 1000 fields");
    let unlimited = OAuth2PasswordRequestForm::new()
        .max_fields(usize::MAX)
        .extract(&req, &mut buf)
        .unwrap()
        .status();
    assert_eq!(unlimited, 422);
}

#[test]
fn huge_header_values() {
    let len = if cfg!(miri) { 4 << 10 } else { 4 << 20 };
    let long = vec![b'A'; len];
    let value = [&b"Basic "[..], &long].concat();
    let headers: Vec<(&[u8], &[u8])> = vec![(b"authorization", &value)];
    let mut small = [0u8; 16];
    let err = HttpBasic::new()
        .extract(&Request::new(&headers), &mut small)
        .unwrap_err();
    assert_eq!(err, Error::BufferTooSmall { needed: len / 4 * 3 });
}
