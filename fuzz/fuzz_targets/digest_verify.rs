//! Digest verification, nonces and nonce counts (feature `digest-verify`),
//! in Rust and through the C ABI.
//!
//! Input: flags, then fields: 0 the credentials' parameters, 1 the
//! password, 2 the method, 3 a body, 4 a nonce to check, 5 a sequence of
//! (nonce, nc) events for the count table.
//! - Verification: for credentials that parse, the password and its HA1
//!   give the same verdict; the verdict is `Ok` exactly when `response` is
//!   the expected one (any case); with the expected response it is `Ok`,
//!   with one digit changed `ResponseMismatch`; the C ABI
//!   (`authparse_digest_parse` + `_verify`) gives the same status.
//! - Nonces: an issued nonce checks back with its time and unique value up
//!   to `max_age` and is stale after; a changed digit, another realm or
//!   another key is `InvalidNonce`; arbitrary bytes never panic; the C ABI
//!   writes and checks the same nonces.
//! - Counts: against a model, an (nonce, nc) never accepted twice, and an
//!   nc not above the last one accepted for its nonce is refused.
#![no_main]

use std::collections::HashMap;

use authparse::digest::{
    accept_nonce_count, ha1, BodyHasher, Credentials, DigestError, IssuedNonce, NonceKey,
    NonceSlot, Qop, RequestInfo, StoredSecret, StoredUser,
};
use authparse_ffi::*;
use authparse_fuzz::abi::view;
use authparse_fuzz::Input;
use libfuzzer_sys::fuzz_target;

const SECRET: &[u8] = b"fuzzing-secret-of-32-bytes-long!";

fn verification(input: &Input<'_>) {
    let params = input.field(0);
    let password = input.field(1);
    let method = input.field(2);
    let mut buf = vec![0u8; params.len()];
    let Ok(c) = Credentials::parse(params, &mut buf) else {
        return;
    };
    let body_hash = {
        let mut h = BodyHasher::new(c.algorithm);
        h.update(input.field(3));
        h.finish()
    };
    let request = RequestInfo {
        method,
        target: if input.bit(0) { b"/other" } else { c.uri },
        realm: if input.bit(1) { b"other" } else { c.realm },
        body_hash: (!input.bit(2)).then_some(body_hash.as_bytes()),
    };
    let name: &[u8] = if input.bit(3) {
        b"someone-else"
    } else {
        c.username
    };
    let user = StoredUser {
        username: name,
        secret: StoredSecret::Password(password),
    };
    let verdict = c.verify(&request, &user);
    let stored = ha1(c.algorithm, name, c.realm, password);
    let by_ha1 = StoredUser {
        username: name,
        secret: StoredSecret::Ha1(stored.as_bytes()),
    };
    assert_eq!(
        c.verify(&request, &by_ha1),
        verdict,
        "password and HA1 agree"
    );
    match c.expected_response(&request, &user) {
        Ok(expected) => {
            let matches = c.response.eq_ignore_ascii_case(expected.as_bytes());
            assert_eq!(verdict.is_ok(), matches);
            if !matches {
                assert_eq!(verdict, Err(DigestError::ResponseMismatch));
            }
            let right = Credentials {
                response: expected.as_bytes(),
                ..c
            };
            assert_eq!(right.verify(&request, &user), Ok(()));
            let mut wrong_digits = expected.as_bytes().to_vec();
            let i = usize::from(input.flags) % wrong_digits.len();
            wrong_digits[i] = if wrong_digits[i] == b'0' { b'1' } else { b'0' };
            let wrong = Credentials {
                response: &wrong_digits,
                ..c
            };
            assert_eq!(
                wrong.verify(&request, &user),
                Err(DigestError::ResponseMismatch)
            );
        }
        Err(e) => assert_eq!(verdict, Err(e)),
    }
    if c.qop == Some(Qop::AuthInt) && request.body_hash.is_none() {
        // The realm, the URI and the user name are checked before the body's
        // hash is asked for.
        let named = !c.userhash && c.username == name;
        if c.realm == request.realm && c.uri == request.target && named {
            assert_eq!(verdict, Err(DigestError::BodyHashRequired));
        } else {
            assert!(
                matches!(
                    verdict,
                    Err(DigestError::BodyHashRequired
                        | DigestError::RealmMismatch
                        | DigestError::UriMismatch
                        | DigestError::UsernameMismatch)
                ),
                "auth-int without a body hash: {verdict:?}"
            );
        }
    }
    // The same through the C ABI.
    let mut cbuf = vec![0u8; params.len()];
    let mut cc = authparse_digest_credentials::default();
    let st = unsafe {
        authparse_digest_parse(
            params.as_ptr(),
            params.len(),
            cbuf.as_mut_ptr(),
            cbuf.len(),
            &mut cc,
            std::ptr::null_mut(),
            std::ptr::null_mut(),
        )
    };
    assert_eq!(st, AUTHPARSE_STATUS_OK);
    assert_eq!(cc.algorithm, c.algorithm as u32);
    let creq = authparse_digest_request {
        method: view(request.method),
        target: view(request.target),
        realm: view(request.realm),
        has_body_hash: request.body_hash.is_some(),
        body_hash: view(request.body_hash.unwrap_or_default()),
    };
    let cuser = authparse_digest_user {
        username: view(name),
        secret_kind: AUTHPARSE_DIGEST_SECRET_PASSWORD,
        secret: view(password),
    };
    let st = unsafe { authparse_digest_verify(&cc, &creq, &cuser) };
    assert_eq!(st, verdict.map_or_else(DigestError::code, |()| 0));
}

fn nonces(input: &Input<'_>) {
    let key = NonceKey::new(SECRET).expect("32-byte secret");
    let realm = input.field(2);
    let word = |i: usize| {
        let f = input.field(i);
        let mut w = [0u8; 8];
        for (d, s) in w.iter_mut().zip(f) {
            *d = *s;
        }
        u64::from_le_bytes(w)
    };
    let (time, unique) = (word(1) >> 1, word(3));
    let age = u64::from(input.flags);
    let max_age = word(5) % 512;
    let nonce = key.issue(realm, time, unique);
    let checked = key.check(nonce.as_bytes(), realm, time.saturating_add(age), max_age);
    if age <= max_age {
        assert_eq!(checked, Ok(IssuedNonce { time, unique }));
    } else {
        assert_eq!(checked, Err(DigestError::StaleNonce));
    }
    let mut changed = *nonce.as_bytes().first_chunk::<64>().unwrap();
    let i = usize::from(input.flags) % 64;
    changed[i] = if changed[i] == b'0' { b'1' } else { b'0' };
    assert_eq!(
        key.check(&changed, realm, time, u64::MAX),
        Err(DigestError::InvalidNonce)
    );
    let mut other_realm = realm.to_vec();
    other_realm.push(b'x');
    assert_eq!(
        key.check(nonce.as_bytes(), &other_realm, time, u64::MAX),
        Err(DigestError::InvalidNonce)
    );
    // Arbitrary bytes: never ours unless they are an issued nonce.
    let sent = input.field(4);
    match key.check(sent, realm, time, u64::MAX) {
        Ok(issued) => assert_eq!(
            key.issue(realm, issued.time, issued.unique).as_bytes(),
            sent
        ),
        Err(e) => assert_eq!(e, DigestError::InvalidNonce),
    }
    // The C ABI writes and checks the same nonce.
    let mut out = [0u8; AUTHPARSE_DIGEST_NONCE_LEN];
    let mut written = authparse_str::default();
    let st = unsafe {
        authparse_digest_nonce_issue(
            SECRET.as_ptr(),
            SECRET.len(),
            realm.as_ptr(),
            realm.len(),
            time,
            unique,
            out.as_mut_ptr(),
            out.len(),
            &mut written,
            std::ptr::null_mut(),
        )
    };
    assert_eq!(st, AUTHPARSE_STATUS_OK);
    assert_eq!(&out[..], nonce.as_bytes());
    let mut issued = authparse_digest_issued_nonce::default();
    let st = unsafe {
        authparse_digest_nonce_check(
            SECRET.as_ptr(),
            SECRET.len(),
            sent.as_ptr(),
            sent.len(),
            realm.as_ptr(),
            realm.len(),
            time,
            max_age,
            &mut issued,
        )
    };
    let rust = key.check(sent, realm, time, max_age);
    assert_eq!(st, rust.map_or_else(DigestError::code, |_| 0));
}

fn counts(input: &Input<'_>) {
    let mut slots = [NonceSlot::FREE; 3];
    let mut forgotten = 0u64;
    let mut last: HashMap<(u64, u64), u32> = HashMap::new();
    for event in input.field(5).chunks_exact(3) {
        let nonce = IssuedNonce {
            time: u64::from(event[0] % 8),
            unique: u64::from(event[1] % 2),
        };
        let nc = u32::from(event[2] % 6);
        let result = accept_nonce_count(&mut slots, &mut forgotten, nonce, nc);
        let key = (nonce.time, nonce.unique);
        match result {
            Ok(()) => {
                let before = last.get(&key).copied().unwrap_or(0);
                assert!(nc > before, "nc {nc} accepted after {before}: a replay");
                last.insert(key, nc);
            }
            Err(DigestError::ReplayedNonce) => {
                assert!(nc == 0 || last.get(&key).is_some_and(|&l| nc <= l));
            }
            Err(DigestError::StaleNonce) => assert!(nonce.time < forgotten),
            Err(e) => panic!("unexpected {e:?}"),
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let input = Input::new(data);
    verification(&input);
    nonces(&input);
    counts(&input);
});
