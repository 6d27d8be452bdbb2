//! authparse's own MD5, SHA-256, SHA-512/256 buffering and HMAC-SHA-256
//! (written out so that no panic path survives on bare metal at opt-level
//! "z", see the README's HTTP Digest section) against RustCrypto's `md-5`,
//! `sha2` and `hmac` crates as the reference: every input length up to a
//! few blocks, fed in random pieces.
#![cfg(feature = "digest-verify")]

use authparse::digest::{ha1, Algorithm, BodyHasher, NonceKey};
use hmac::{Hmac, Mac};
use md5::Md5;
use proptest::prelude::*;
use sha2::{Digest, Sha256, Sha512_256};

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The reference digest of `data`, as lower-case hex.
fn reference(algorithm: Algorithm, data: &[u8]) -> String {
    match algorithm {
        Algorithm::Md5 | Algorithm::Md5Sess => hex(&Md5::digest(data)),
        Algorithm::Sha256 | Algorithm::Sha256Sess => hex(&Sha256::digest(data)),
        Algorithm::Sha512_256 | Algorithm::Sha512_256Sess => hex(&Sha512_256::digest(data)),
    }
}

/// authparse's digest of `data`, fed in the pieces `cuts` splits it into.
fn ours(algorithm: Algorithm, data: &[u8], cuts: &[usize]) -> String {
    let mut hasher = BodyHasher::new(algorithm);
    let mut rest = data;
    for &cut in cuts {
        let (piece, tail) = rest.split_at(cut.min(rest.len()));
        hasher.update(piece);
        rest = tail;
    }
    hasher.update(rest);
    hasher.finish().as_str().to_owned()
}

const ALGORITHMS: [Algorithm; 3] = [Algorithm::Md5, Algorithm::Sha256, Algorithm::Sha512_256];

/// Every length from 0 to 300 bytes in one piece: each padding case of the
/// 64-byte (MD5, SHA-256) and 128-byte (SHA-512/256) blocks, including the
/// lengths where the length field no longer fits (55/56, 119/120 …).
#[test]
fn every_length_in_one_piece() {
    let data: Vec<u8> = (0..300u32).map(|i| (i * 7 + 3) as u8).collect();
    // Under Miri (minutes for every length) only the lengths around the
    // block and length-field boundaries.
    let edges = [
        0, 1, 55, 56, 57, 63, 64, 65, 111, 112, 119, 120, 127, 128, 129,
    ];
    let lengths: Vec<usize> = if cfg!(miri) {
        edges.to_vec()
    } else {
        (0..=300).collect()
    };
    for algorithm in ALGORITHMS {
        for &len in &lengths {
            let input = &data[..len];
            assert_eq!(
                ours(algorithm, input, &[]),
                reference(algorithm, input),
                "{algorithm:?}, {len} bytes"
            );
        }
    }
}

/// HA1 (`H(username:realm:password)`) equals the reference hash of the
/// joined string, for each algorithm.
#[test]
fn ha1_is_the_hash_of_the_joined_fields() {
    for algorithm in ALGORITHMS {
        assert_eq!(
            ha1(
                algorithm,
                b"Mufasa",
                b"http-auth@example.org",
                b"Circle of Life"
            )
            .as_str(),
            reference(algorithm, b"Mufasa:http-auth@example.org:Circle of Life")
        );
    }
}

/// The nonce's tag is the first 16 bytes of RustCrypto's
/// `HMAC-SHA-256(secret, time ‖ unique ‖ realm)`, for short keys, keys of a
/// block and keys longer than a block (hashed first).
fn nonce_tag_matches(secret: &[u8], realm: &[u8], time: u64, unique: u64) {
    let key = NonceKey::new(secret).expect("secret of 16 bytes or more");
    let nonce = key.issue(realm, time, unique);
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("any key length");
    mac.update(&time.to_be_bytes());
    mac.update(&unique.to_be_bytes());
    mac.update(realm);
    let tag = mac.finalize().into_bytes();
    let expected = format!("{:016x}{:016x}{}", time, unique, hex(&tag[..16]));
    assert_eq!(nonce.as_str(), expected);
}

#[test]
fn nonce_tag_is_rustcrypto_hmac_sha256() {
    for key_len in [16, 32, 63, 64, 65, 128, 200] {
        let secret: Vec<u8> = (0..key_len).map(|i| (i * 13 + 1) as u8).collect();
        nonce_tag_matches(&secret, b"cameras", 1_700_000_000, 7);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(if cfg!(miri) { 2 } else { 2000 }))]

    /// Random data of up to three SHA-512 blocks, fed in random pieces.
    #[test]
    fn random_data_in_random_pieces(
        data in proptest::collection::vec(any::<u8>(), 0..400),
        cuts in proptest::collection::vec(0usize..200, 0..6),
        which in 0usize..3,
    ) {
        let algorithm = ALGORITHMS[which];
        prop_assert_eq!(ours(algorithm, &data, &cuts), reference(algorithm, &data));
    }

    /// Random secrets, realms and times.
    #[test]
    fn random_nonce_tags(
        secret in proptest::collection::vec(any::<u8>(), 16..150),
        realm in proptest::collection::vec(any::<u8>(), 0..150),
        time in any::<u64>(),
        unique in any::<u64>(),
    ) {
        nonce_tag_matches(&secret, &realm, time, unique);
    }
}
