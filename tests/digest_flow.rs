//! A whole Digest exchange with an independent client (the `http-auth`
//! crate's `PasswordClient`): challenge with a stateless nonce, response,
//! parsing, nonce check, verification, replay refusal, and `stale=true`.
#![cfg(feature = "digest-verify")]

use authparse::digest::{
    Algorithm, Credentials, DigestChallenge, DigestError, NonceCounts, NonceKey, QopOffer,
    RequestInfo, StoredSecret, StoredUser,
};
use http_auth::{PasswordClient, PasswordParams};

const REALM: &[u8] = b"files@example.org";
const SECRET: &[u8] = b"a server secret of 32 bytes....!";
const MAX_AGE: u64 = 300;
const NOW: u64 = 1_700_000_000;

/// What a server does with an `Authorization` value.
fn serve(
    key: &NonceKey,
    counts: &mut NonceCounts<8>,
    authorization: &str,
    method: &str,
    body: &[u8],
    now: u64,
) -> Result<(), DigestError> {
    let params = authorization.strip_prefix("Digest ").unwrap();
    let mut buf = [0u8; 256];
    let creds = Credentials::parse(params.as_bytes(), &mut buf)?;
    let issued = key.check(creds.nonce, REALM, now, MAX_AGE)?;
    let mut body_hash = authparse::digest::BodyHasher::new(creds.algorithm);
    body_hash.update(body);
    let body_hash = body_hash.finish();
    let request = RequestInfo {
        method: method.as_bytes(),
        target: b"/files/a.txt",
        realm: REALM,
        body_hash: Some(body_hash.as_bytes()),
    };
    let user = StoredUser {
        username: b"alice",
        secret: StoredSecret::Password(b"wonderland"),
    };
    creds.verify(&request, &user)?;
    counts.accept(issued, creds.nc_value().unwrap_or(0))
}

fn client(challenge: &[u8]) -> PasswordClient {
    PasswordClient::try_from(std::str::from_utf8(challenge).unwrap()).unwrap()
}

/// The client's answer. http-auth 0.1.10 puts the body itself into A2
/// where RFC 7616 §3.4.3 has H(body): handing it H(body) in hexadecimal
/// gives the RFC's A2 (GET requests here use qop=auth, where it is unused).
fn respond(c: &mut PasswordClient, method: &str, body_hash: &[u8], password: &str) -> String {
    c.respond(&PasswordParams {
        username: "alice",
        password,
        uri: "/files/a.txt",
        method,
        body: Some(body_hash),
    })
    .unwrap()
}

fn hash(algorithm: Algorithm, body: &[u8]) -> Vec<u8> {
    let mut hasher = authparse::digest::BodyHasher::new(algorithm);
    hasher.update(body);
    hasher.finish().as_bytes().to_vec()
}

#[test]
fn every_algorithm_round_trips_with_an_independent_client() {
    let key = NonceKey::new(SECRET).unwrap();
    // http-auth implements MD5 and SHA-256 (with -sess); SHA-512-256 is
    // covered by the known answers of tests/digest_verify.rs.
    let algorithms = [
        Algorithm::Sha256,
        Algorithm::Sha256Sess,
        Algorithm::Md5,
        Algorithm::Md5Sess,
    ];
    for (unique, algorithm) in (1u64..).zip(algorithms) {
        for (qop, method, body) in [
            (QopOffer::Auth, "GET", &b""[..]),
            (QopOffer::AuthInt, "POST", &b"{\"a\":1}"[..]),
        ] {
            let mut counts = NonceCounts::<8>::new();
            let nonce = key.issue(REALM, NOW, unique);
            let challenge = DigestChallenge {
                algorithm,
                qop,
                opaque: Some(b"opaque-value"),
                ..DigestChallenge::new(REALM, nonce.as_bytes())
            };
            let mut buf = [0u8; 256];
            let mut c = client(challenge.write(&mut buf).unwrap());
            let body_hash = hash(algorithm, body);
            let first = respond(&mut c, method, &body_hash, "wonderland");
            assert_eq!(
                serve(&key, &mut counts, &first, method, body, NOW + 1),
                Ok(()),
                "{algorithm:?} {qop:?}: {first}"
            );
            // The same request again is a replay; the client's next one is not.
            assert_eq!(
                serve(&key, &mut counts, &first, method, body, NOW + 2),
                Err(DigestError::ReplayedNonce)
            );
            let second = respond(&mut c, method, &body_hash, "wonderland");
            assert_eq!(
                serve(&key, &mut counts, &second, method, body, NOW + 2),
                Ok(())
            );
            // A wrong password, another method or body: refused.
            let wrong = respond(&mut c, method, &body_hash, "Wonderland");
            assert_eq!(
                serve(&key, &mut counts, &wrong, method, body, NOW + 2),
                Err(DigestError::ResponseMismatch)
            );
            let tampered = respond(&mut c, method, &body_hash, "wonderland");
            let expect = match qop {
                QopOffer::AuthInt => Err(DigestError::ResponseMismatch),
                _ => Ok(()),
            };
            assert_eq!(
                serve(&key, &mut counts, &tampered, method, b"other", NOW + 2),
                expect
            );
        }
    }
}

#[test]
fn an_expired_nonce_is_stale_and_the_new_challenge_says_so() {
    let key = NonceKey::new(SECRET).unwrap();
    let mut counts = NonceCounts::<8>::new();
    let nonce = key.issue(REALM, NOW, 1);
    let mut buf = [0u8; 256];
    let mut c = client(
        DigestChallenge::new(REALM, nonce.as_bytes())
            .write(&mut buf)
            .unwrap(),
    );
    let late = respond(&mut c, "GET", b"", "wonderland");
    assert_eq!(
        serve(&key, &mut counts, &late, "GET", b"", NOW + MAX_AGE + 1),
        Err(DigestError::StaleNonce)
    );
    let fresh = key.issue(REALM, NOW + MAX_AGE + 1, 2);
    let stale = DigestChallenge {
        stale: true,
        ..DigestChallenge::new(REALM, fresh.as_bytes())
    };
    let value = stale.write(&mut buf).unwrap();
    assert!(value.ends_with(b", stale=true"));
    let mut c = client(value);
    let retry = respond(&mut c, "GET", b"", "wonderland");
    assert_eq!(
        serve(&key, &mut counts, &retry, "GET", b"", NOW + MAX_AGE + 2),
        Ok(())
    );
}

#[test]
fn several_challenges_in_one_value_leave_the_client_a_choice() {
    let key = NonceKey::new(SECRET).unwrap();
    let nonce = key.issue(REALM, NOW, 3);
    let mut buf = [0u8; 512];
    let value = DigestChallenge::new(REALM, nonce.as_bytes())
        .write_each(&[Algorithm::Sha256, Algorithm::Md5], &mut buf)
        .unwrap();
    let mut c = client(value);
    let answer = respond(&mut c, "GET", b"", "wonderland");
    let mut counts = NonceCounts::<8>::new();
    assert_eq!(serve(&key, &mut counts, &answer, "GET", b"", NOW), Ok(()));
}
