//! Checking a Digest response (RFC 7616 §3.4.1): the request it signs,
//! the stored user, and the response itself in constant time.

use super::hash::{h, userhash, HexDigest};
use crate::codec::digest::{Credentials, DigestError, Qop};

/// What the server knows about the request being authenticated.
///
/// `Debug` shows lengths only: the request-target may carry a query with
/// credentials in it (`?api_key=…`).
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct RequestInfo<'r> {
    /// The request method (`GET`).
    pub method: &'r [u8],
    /// The request-target of the request line (`/dir/index.html`); the
    /// credentials' `uri` must be exactly this.
    pub target: &'r [u8],
    /// The server's realm; the credentials' `realm` must be exactly this.
    pub realm: &'r [u8],
    /// For `qop=auth-int`: `H(body)` in hexadecimal for the credentials'
    /// algorithm ([`BodyHasher`](super::BodyHasher) computes it).
    pub body_hash: Option<&'r [u8]>,
}

impl core::fmt::Debug for RequestInfo<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(
            f,
            "RequestInfo {{ method: {} bytes, target: {} bytes, realm: {} bytes, body_hash: {} }}",
            self.method.len(),
            self.target.len(),
            self.realm.len(),
            self.body_hash.is_some()
        )
    }
}

/// The secret a server stores for a user.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum StoredSecret<'s> {
    /// The password itself.
    Password(&'s [u8]),
    /// `H(username ":" realm ":" password)` in hexadecimal for the
    /// credentials' algorithm, as htdigest files hold it (see [`ha1`](super::ha1)).
    Ha1(&'s [u8]),
}

impl core::fmt::Debug for StoredSecret<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            StoredSecret::Password(_) => f.write_str("Password(..)"),
            StoredSecret::Ha1(_) => f.write_str("Ha1(..)"),
        }
    }
}

/// The user the server found for the credentials.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StoredUser<'s> {
    /// The user's name (with `userhash=true`, the name the hash is of).
    pub username: &'s [u8],
    /// The stored password or HA1.
    pub secret: StoredSecret<'s>,
}

impl Credentials<'_> {
    /// Checks that these credentials sign `request` for `user`: `realm` and
    /// `uri` match the request, `username` (or its user hash) names `user`,
    /// and `response` is the expected one, compared in constant time.
    ///
    /// The nonce is not checked here: see [`NonceKey`](super::NonceKey).
    ///
    /// ```
    /// use authparse::digest::{Credentials, DigestError, RequestInfo, StoredSecret, StoredUser};
    /// // RFC 2617 §3.5.
    /// let value = concat!(
    ///     r#"username="Mufasa", realm="testrealm@host.com", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", "#,
    ///     r#"uri="/dir/index.html", qop=auth, nc=00000001, cnonce="0a4f113b", "#,
    ///     r#"response="6629fae49393a05397450978507c4ef1", opaque="5ccc069c403ebaf9f0171e9517f40e41""#,
    /// );
    /// let creds = Credentials::parse(value.as_bytes(), &mut [])?;
    /// let request = RequestInfo {
    ///     method: b"GET", target: b"/dir/index.html", realm: b"testrealm@host.com", body_hash: None,
    /// };
    /// let user = |secret| StoredUser { username: b"Mufasa", secret };
    /// creds.verify(&request, &user(StoredSecret::Password(b"Circle Of Life")))?;
    /// creds.verify(&request, &user(StoredSecret::Ha1(b"939e7578ed9e3c518a452acee763bce9")))?;
    /// assert_eq!(
    ///     creds.verify(&request, &user(StoredSecret::Password(b"circle of life"))),
    ///     Err(DigestError::ResponseMismatch)
    /// );
    /// # Ok::<(), DigestError>(())
    /// ```
    pub fn verify(
        &self,
        request: &RequestInfo<'_>,
        user: &StoredUser<'_>,
    ) -> Result<(), DigestError> {
        let expected = self.expected_response(request, user)?;
        let mut sent = [0u8; 64];
        let sent = sent
            .get_mut(..self.response.len())
            .ok_or(DigestError::InvalidResponse)?;
        for (d, s) in sent.iter_mut().zip(self.response) {
            *d = s.to_ascii_lowercase();
        }
        if crate::base::secret::ct_eq(sent, expected.as_bytes()) {
            Ok(())
        } else {
            Err(DigestError::ResponseMismatch)
        }
    }

    /// The `response` these credentials should carry for `request` and
    /// `user` (lower-case hexadecimal), after the checks of
    /// [`verify`](Self::verify) that precede the comparison.
    pub fn expected_response(
        &self,
        request: &RequestInfo<'_>,
        user: &StoredUser<'_>,
    ) -> Result<HexDigest, DigestError> {
        let algorithm = self.algorithm;
        if self.realm != request.realm {
            return Err(DigestError::RealmMismatch);
        }
        if self.uri != request.target {
            return Err(DigestError::UriMismatch);
        }
        let named = if self.userhash {
            let expected = userhash(algorithm, user.username, self.realm);
            self.username.eq_ignore_ascii_case(expected.as_bytes())
        } else {
            self.username == user.username
        };
        if !named {
            return Err(DigestError::UsernameMismatch);
        }
        let hex_len = algorithm.hex_len();
        let mut ha1 = match user.secret {
            StoredSecret::Password(password) => {
                h(algorithm, &[user.username, self.realm, password])
            }
            StoredSecret::Ha1(hex) => {
                HexDigest::parse(hex, hex_len).ok_or(DigestError::InvalidHa1)?
            }
        };
        let cnonce = self.cnonce.unwrap_or_default();
        if algorithm.is_session() {
            ha1 = h(algorithm, &[ha1.as_bytes(), self.nonce, cnonce]);
        }
        let ha2 = match self.qop {
            Some(Qop::AuthInt) => {
                let body = request
                    .body_hash
                    .and_then(|hex| HexDigest::parse(hex, hex_len))
                    .ok_or(DigestError::BodyHashRequired)?;
                h(algorithm, &[request.method, self.uri, body.as_bytes()])
            }
            _ => h(algorithm, &[request.method, self.uri]),
        };
        Ok(match self.nc {
            Some(nc) => h(
                algorithm,
                &[
                    ha1.as_bytes(),
                    self.nonce,
                    nc,
                    cnonce,
                    self.qop_token,
                    ha2.as_bytes(),
                ],
            ),
            // RFC 2069: no qop, no nc, no cnonce.
            None => h(algorithm, &[ha1.as_bytes(), self.nonce, ha2.as_bytes()]),
        })
    }
}
