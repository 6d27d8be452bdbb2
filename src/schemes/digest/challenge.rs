//! `WWW-Authenticate: Digest …` challenges (RFC 7616 §3.3), written into
//! a caller buffer.

use crate::base::sink::Sink;
use crate::codec::digest::{Algorithm, Credentials, DigestError, Field, Qop};

/// The `qop` values a challenge offers.
///
/// The discriminants are stable: they are the C ABI's numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum QopOffer {
    /// `qop="auth"`.
    Auth = 1,
    /// `qop="auth-int"`.
    AuthInt = 2,
    /// `qop="auth, auth-int"`.
    Both = 3,
}

impl QopOffer {
    const fn text(self) -> &'static str {
        match self {
            QopOffer::Auth => "auth",
            QopOffer::AuthInt => "auth-int",
            QopOffer::Both => "auth, auth-int",
        }
    }
}

/// One Digest challenge.
///
/// ```
/// use authparse::digest::{Algorithm, DigestChallenge};
/// let mut buf = [0u8; 256];
/// let c = DigestChallenge {
///     opaque: Some(b"FQhe"),
///     ..DigestChallenge::new(b"http-auth@example.org", b"7ypf")
/// };
/// assert_eq!(
///     c.write(&mut buf)?,
///     br#"Digest realm="http-auth@example.org", qop="auth", algorithm=SHA-256, nonce="7ypf", opaque="FQhe""#
/// );
/// // A realm with a quote is escaped; an expired nonce says so.
/// let c = DigestChallenge { stale: true, ..DigestChallenge::new(br#"a"b"#, b"n") };
/// assert_eq!(
///     c.write(&mut buf)?,
///     br#"Digest realm="a\"b", qop="auth", algorithm=SHA-256, nonce="n", stale=true"#
/// );
/// // SHA-256 for current clients, MD5 for old ones, in one header value.
/// let both = c.write_each(&[Algorithm::Sha256, Algorithm::Md5], &mut buf)?;
/// assert!(both.ends_with(br#", Digest realm="a\"b", qop="auth", algorithm=MD5, nonce="n", stale=true"#));
/// # Ok::<(), authparse::digest::DigestError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DigestChallenge<'c> {
    /// `realm`: shown to the user and part of every HA1.
    pub realm: &'c [u8],
    /// `nonce` (see [`NonceKey`](super::NonceKey) for a stateless one).
    pub nonce: &'c [u8],
    /// `opaque`: returned unchanged by the client.
    pub opaque: Option<&'c [u8]>,
    /// `algorithm`.
    pub algorithm: Algorithm,
    /// `qop`.
    pub qop: QopOffer,
    /// `stale=true`: the previous nonce expired, the credentials were
    /// right; clients retry without asking the user again.
    pub stale: bool,
    /// `charset=UTF-8`: the server expects UTF-8 user names and passwords.
    pub charset_utf8: bool,
    /// `userhash=true`: the server supports hashed user names.
    pub userhash: bool,
}

/// Whether `value` can be a `quoted-string` body after escaping: no control
/// byte except HTAB, no DEL.
fn quotable(value: &[u8]) -> bool {
    value
        .iter()
        .all(|&b| b == b'\t' || (b >= 0x20 && b != 0x7F))
}

fn quoted(sink: &mut Sink<'_>, value: &[u8]) {
    sink.push(b'"');
    for &b in value {
        if b == b'"' || b == b'\\' {
            sink.push(b'\\');
        }
        sink.push(b);
    }
    sink.push(b'"');
}

impl<'c> DigestChallenge<'c> {
    /// A SHA-256 challenge offering `qop="auth"`, without `opaque`.
    pub const fn new(realm: &'c [u8], nonce: &'c [u8]) -> Self {
        DigestChallenge {
            realm,
            nonce,
            opaque: None,
            algorithm: Algorithm::Sha256,
            qop: QopOffer::Auth,
            stale: false,
            charset_utf8: false,
            userhash: false,
        }
    }

    fn check(&self, algorithms: &[Algorithm]) -> Result<(), DigestError> {
        let values = [self.realm, self.nonce, self.opaque.unwrap_or_default()];
        if !algorithms.is_empty() && values.iter().all(|v| quotable(v)) {
            Ok(())
        } else {
            Err(DigestError::InvalidConfiguration)
        }
    }

    fn write_to(&self, algorithm: Algorithm, sink: &mut Sink<'_>) {
        sink.extend(b"Digest realm=");
        quoted(sink, self.realm);
        sink.extend(b", qop=\"");
        sink.extend(self.qop.text().as_bytes());
        sink.extend(b"\", algorithm=");
        sink.extend(algorithm.name().as_bytes());
        sink.extend(b", nonce=");
        quoted(sink, self.nonce);
        if let Some(opaque) = self.opaque {
            sink.extend(b", opaque=");
            quoted(sink, opaque);
        }
        if self.stale {
            sink.extend(b", stale=true");
        }
        if self.charset_utf8 {
            sink.extend(b", charset=UTF-8");
        }
        if self.userhash {
            sink.extend(b", userhash=true");
        }
    }

    /// Writes the `WWW-Authenticate` value into `out`.
    ///
    /// A value with a control byte (other than HTAB), or no algorithm, is
    /// [`DigestError::InvalidConfiguration`]; a short buffer is
    /// [`DigestError::BufferTooSmall`] with the exact size.
    pub fn write<'o>(&self, out: &'o mut [u8]) -> Result<&'o [u8], DigestError> {
        self.write_each(&[self.algorithm], out)
    }

    /// Writes one challenge per algorithm, in the given order and
    /// comma-separated, as one `WWW-Authenticate` value (clients use the
    /// first they support; RFC 7616 §3.7 asks for the preferred one first).
    /// To send them as separate header lines, call [`write`](Self::write)
    /// once per algorithm instead.
    pub fn write_each<'o>(
        &self,
        algorithms: &[Algorithm],
        out: &'o mut [u8],
    ) -> Result<&'o [u8], DigestError> {
        self.check(algorithms)?;
        let mut sink = Sink::new(out);
        for (i, &algorithm) in algorithms.iter().enumerate() {
            if i > 0 {
                sink.extend(b", ");
            }
            self.write_to(algorithm, &mut sink);
        }
        Ok(sink.into_written()?)
    }

    /// Whether `creds` answer what this challenge offered: their
    /// `algorithm` is one of `algorithms` (the list given to
    /// [`write_each`](Self::write_each); `&[self.algorithm]` after
    /// [`write`](Self::write)) and their `qop` one of [`qop`](Self::qop).
    ///
    /// [`Credentials::verify`] checks the response for whatever algorithm
    /// and `qop` the client chose, as RFC 7616 describes it; a server calls
    /// this first, so that an MD5 answer to a SHA-256 challenge, or an RFC
    /// 2069 answer without `qop` (no `cnonce`, no `nc`: nothing to count),
    /// is refused: [`DigestError::NotOffered`] names the field. Answer it
    /// with a fresh challenge, not `stale`.
    ///
    /// ```
    /// use authparse::digest::{Algorithm, Credentials, DigestChallenge, DigestError, Field};
    /// let offer = DigestChallenge::new(b"api", b"n"); // SHA-256, qop="auth"
    /// let mut buf = [0u8; 128];
    /// let sent = concat!(
    ///     r#"username="u", realm="api", nonce="n", uri="/", algorithm=MD5, qop=auth, "#,
    ///     r#"nc=00000001, cnonce="c", response="00000000000000000000000000000000""#,
    /// );
    /// let creds = Credentials::parse(sent.as_bytes(), &mut buf)?;
    /// assert_eq!(
    ///     offer.check_answer(&[offer.algorithm], &creds),
    ///     Err(DigestError::NotOffered(Field::Algorithm))
    /// );
    /// assert_eq!(offer.check_answer(&[Algorithm::Sha256, Algorithm::Md5], &creds), Ok(()));
    /// # Ok::<(), DigestError>(())
    /// ```
    pub fn check_answer(
        &self,
        algorithms: &[Algorithm],
        creds: &Credentials<'_>,
    ) -> Result<(), DigestError> {
        if !algorithms.contains(&creds.algorithm) {
            return Err(DigestError::NotOffered(Field::Algorithm));
        }
        match (self.qop, creds.qop) {
            (QopOffer::Auth, Some(Qop::Auth))
            | (QopOffer::AuthInt, Some(Qop::AuthInt))
            | (QopOffer::Both, Some(_)) => Ok(()),
            _ => Err(DigestError::NotOffered(Field::Qop)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_option_and_the_exact_size() {
        let c = DigestChallenge {
            opaque: Some(br"o\p"),
            algorithm: Algorithm::Sha512_256Sess,
            qop: QopOffer::Both,
            stale: true,
            charset_utf8: true,
            userhash: true,
            ..DigestChallenge::new(b"r", b"n")
        };
        let expected: &[u8] = br#"Digest realm="r", qop="auth, auth-int", algorithm=SHA-512-256-sess, nonce="n", opaque="o\\p", stale=true, charset=UTF-8, userhash=true"#;
        let mut buf = [0u8; 160];
        assert_eq!(c.write(&mut buf).unwrap(), expected);
        let mut short = [0u8; 20];
        assert_eq!(
            c.write(&mut short),
            Err(DigestError::BufferTooSmall {
                needed: expected.len()
            })
        );
    }

    /// `offer.check_answer(algorithms, …)` for credentials with these
    /// `algorithm` and `qop` parameters (`None`: RFC 2069, no `qop`).
    fn answer(
        offer: &DigestChallenge<'_>,
        algorithms: &[Algorithm],
        algorithm: &str,
        qop: Option<&str>,
    ) -> Result<(), DigestError> {
        let response = "0".repeat(if algorithm.starts_with("MD5") { 32 } else { 64 });
        let mut sent = std::format!(
            r#"username="u", realm="r", nonce="n", uri="/", response="{response}", algorithm={algorithm}"#
        );
        if let Some(qop) = qop {
            sent += &std::format!(r#", qop={qop}, nc=00000001, cnonce="c""#);
        }
        let mut buf = std::vec![0u8; sent.len()];
        let creds = Credentials::parse(sent.as_bytes(), &mut buf).unwrap();
        offer.check_answer(algorithms, &creds)
    }

    #[test]
    fn answers_must_use_what_was_offered() {
        let auth = DigestChallenge::new(b"r", b"n");
        let int = DigestChallenge {
            qop: QopOffer::AuthInt,
            ..auth
        };
        let both = DigestChallenge {
            qop: QopOffer::Both,
            ..auth
        };
        let sha = [Algorithm::Sha256];
        let qop = Err(DigestError::NotOffered(Field::Qop));
        let algorithm = Err(DigestError::NotOffered(Field::Algorithm));
        assert_eq!(answer(&auth, &sha, "SHA-256", Some("auth")), Ok(()));
        assert_eq!(answer(&auth, &sha, "SHA-256", Some("auth-int")), qop);
        assert_eq!(answer(&auth, &sha, "SHA-256", None), qop);
        assert_eq!(answer(&auth, &sha, "SHA-256-sess", Some("auth")), algorithm);
        assert_eq!(answer(&auth, &sha, "MD5", Some("auth")), algorithm);
        assert_eq!(answer(&int, &sha, "SHA-256", Some("auth")), qop);
        assert_eq!(answer(&int, &sha, "SHA-256", Some("auth-int")), Ok(()));
        assert_eq!(answer(&both, &sha, "SHA-256", Some("auth")), Ok(()));
        assert_eq!(answer(&both, &sha, "SHA-256", Some("auth-int")), Ok(()));
        assert_eq!(answer(&both, &sha, "SHA-256", None), qop);
        let two = [Algorithm::Sha256, Algorithm::Md5];
        assert_eq!(answer(&auth, &two, "MD5", Some("auth")), Ok(()));
        assert_eq!(answer(&auth, &two, "MD5-sess", Some("auth")), algorithm);
    }

    #[test]
    fn control_bytes_are_refused() {
        let mut buf = [0u8; 128];
        for realm in [&b"a\r\nSet-Cookie: x"[..], b"\x00", b"\x7f"] {
            let c = DigestChallenge::new(realm, b"n");
            assert_eq!(c.write(&mut buf), Err(DigestError::InvalidConfiguration));
        }
        assert!(DigestChallenge::new(b"tab\there", b"n")
            .write(&mut buf)
            .is_ok());
    }

    #[test]
    fn written_challenges_parse_back() {
        let mut buf = [0u8; 256];
        let c = DigestChallenge {
            opaque: Some(br#"x"y"#),
            ..DigestChallenge::new(br"a\b", b"n")
        };
        let value = c.write(&mut buf).unwrap();
        let params = value.strip_prefix(b"Digest ").unwrap();
        let mut out = [0u8; 16];
        let realm = crate::codec::digest::params(params)
            .next()
            .unwrap()
            .unwrap();
        assert_eq!(realm.unescaped(&mut out).unwrap(), br"a\b");
    }
}
