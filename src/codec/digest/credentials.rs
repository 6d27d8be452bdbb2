//! Validated Digest credentials (RFC 7616 §3.4).

use core::fmt;

use super::{ext_value, names_of, params, position_by_name, DigestError, Field, Param};

/// A Digest hash algorithm (RFC 7616 §3.4): MD5, SHA-256 or SHA-512/256,
/// each plain or `-sess`.
///
/// The discriminants are stable: they are the C ABI's numbers.
///
/// ```
/// use authparse::digest::Algorithm;
/// assert_eq!(Algorithm::from_name(b"sha-256-SESS"), Some(Algorithm::Sha256Sess));
/// assert_eq!(Algorithm::Sha512_256.name(), "SHA-512-256");
/// assert_eq!(Algorithm::Md5.hex_len(), 32);
/// assert_eq!(Algorithm::from_name(b"SHA-1"), None);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum Algorithm {
    /// `MD5` (the default when `algorithm` is absent).
    Md5 = 1,
    /// `MD5-sess`.
    Md5Sess = 2,
    /// `SHA-256`.
    Sha256 = 3,
    /// `SHA-256-sess`.
    Sha256Sess = 4,
    /// `SHA-512-256` (SHA-512/256, FIPS 180-4).
    Sha512_256 = 5,
    /// `SHA-512-256-sess`.
    Sha512_256Sess = 6,
}

impl Algorithm {
    /// Every algorithm, strongest first with the session variants after
    /// their base.
    pub const ALL: [Algorithm; 6] = [
        Algorithm::Sha512_256,
        Algorithm::Sha512_256Sess,
        Algorithm::Sha256,
        Algorithm::Sha256Sess,
        Algorithm::Md5,
        Algorithm::Md5Sess,
    ];

    /// The token RFC 7616 registers for it.
    pub const fn name(self) -> &'static str {
        match self {
            Algorithm::Md5 => "MD5",
            Algorithm::Md5Sess => "MD5-sess",
            Algorithm::Sha256 => "SHA-256",
            Algorithm::Sha256Sess => "SHA-256-sess",
            Algorithm::Sha512_256 => "SHA-512-256",
            Algorithm::Sha512_256Sess => "SHA-512-256-sess",
        }
    }

    /// The algorithm an `algorithm` token names (ASCII case-insensitive).
    pub fn from_name(name: &[u8]) -> Option<Algorithm> {
        const NAMES: [&str; 6] = names_of!(Algorithm::ALL, 6);
        Algorithm::ALL.get(position_by_name(&NAMES, name)?).copied()
    }

    /// Whether it is a `-sess` variant (HA1 also covers nonce and cnonce).
    pub const fn is_session(self) -> bool {
        matches!(
            self,
            Algorithm::Md5Sess | Algorithm::Sha256Sess | Algorithm::Sha512_256Sess
        )
    }

    /// The length of its digests in hexadecimal: 32 for MD5, 64 otherwise.
    pub const fn hex_len(self) -> usize {
        match self {
            Algorithm::Md5 | Algorithm::Md5Sess => 32,
            _ => 64,
        }
    }
}

/// The quality of protection of a response (RFC 7616 §3.4).
///
/// The discriminants are stable: they are the C ABI's numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum Qop {
    /// `auth`: the request line is authenticated.
    Auth = 1,
    /// `auth-int`: the body is authenticated too.
    AuthInt = 2,
}

impl Qop {
    /// The token: `auth` or `auth-int`.
    pub const fn name(self) -> &'static str {
        match self {
            Qop::Auth => "auth",
            Qop::AuthInt => "auth-int",
        }
    }

    fn from_name(name: &[u8]) -> Option<Qop> {
        const ALL: [Qop; 2] = [Qop::Auth, Qop::AuthInt];
        const NAMES: [&str; 2] = names_of!(ALL, 2);
        ALL.get(position_by_name(&NAMES, name)?).copied()
    }
}

/// Digest credentials whose parameters follow RFC 7616 §3.4.
///
/// Values are views of the input, or of the caller's buffer where they
/// needed decoding (`quoted-pair` escapes, `username*`). Parameters that
/// RFC 7616 does not define are skipped.
///
/// ```
/// use authparse::digest::{Algorithm, Credentials, DigestError, Field, Qop};
/// let value = concat!(
///     r#"username="Mufasa", realm="http-auth@example.org", uri="/dir/index.html", "#,
///     r#"algorithm=SHA-256, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", "#,
///     r#"nc=00000001, cnonce="f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ", qop=auth, "#,
///     r#"response="753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1", "#,
///     r#"opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS""#,
/// );
/// let c = Credentials::parse(value.as_bytes(), &mut [])?;
/// assert_eq!((c.username, c.uri), (&b"Mufasa"[..], &b"/dir/index.html"[..]));
/// assert_eq!((c.algorithm, c.qop, c.nc_value()), (Algorithm::Sha256, Some(Qop::Auth), Some(1)));
///
/// // An escaped value is written into the buffer.
/// let mut buf = [0u8; 64];
/// let escaped = br#"username="Mu\"fasa", realm="r", nonce="n", uri="/", response="0123456789abcdef0123456789abcdef""#;
/// let c = Credentials::parse(escaped, &mut buf)?;
/// assert_eq!(c.username, br#"Mu"fasa"#);
///
/// let short_nc = br#"username="a", realm="r", nonce="n", uri="/", qop=auth, cnonce="c", nc=1, response="0123456789abcdef0123456789abcdef""#;
/// assert_eq!(Credentials::parse(short_nc, &mut []).unwrap_err(), DigestError::InvalidNc);
/// # Ok::<(), DigestError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Credentials<'a> {
    /// The user name: `username` unescaped, or `username*` decoded (UTF-8),
    /// or with [`userhash`](Self::userhash) the hexadecimal user hash.
    pub username: &'a [u8],
    /// Whether the user name came from `username*`.
    pub username_star: bool,
    /// `userhash=true`: `username` is `H(username ":" realm)` in hex.
    pub userhash: bool,
    /// `realm`, unescaped.
    pub realm: &'a [u8],
    /// `nonce`, unescaped.
    pub nonce: &'a [u8],
    /// `uri` (the request-target the client signed), unescaped.
    pub uri: &'a [u8],
    /// `response`: hexadecimal of [`Algorithm::hex_len`] digits.
    pub response: &'a [u8],
    /// `algorithm`; MD5 when absent.
    pub algorithm: Algorithm,
    /// `qop`; `None` is an RFC 2069 response.
    pub qop: Option<Qop>,
    /// `cnonce`, unescaped (present exactly when `qop` is).
    pub cnonce: Option<&'a [u8]>,
    /// `nc`: exactly 8 hexadecimal digits (present exactly when `qop` is).
    pub nc: Option<&'a [u8]>,
    /// `opaque`, unescaped.
    pub opaque: Option<&'a [u8]>,
    /// `qop` as sent, empty without one: the response covers this spelling
    /// (`qop` above is its meaning).
    pub qop_token: &'a [u8],
}

impl fmt::Debug for Credentials<'_> {
    /// Shows the protocol choices and the lengths of the values, never
    /// their bytes.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("username_len", &self.username.len())
            .field("username_star", &self.username_star)
            .field("userhash", &self.userhash)
            .field("realm_len", &self.realm.len())
            .field("nonce_len", &self.nonce.len())
            .field("uri_len", &self.uri.len())
            .field("algorithm", &self.algorithm)
            .field("qop", &self.qop)
            .field("nc", &self.nc_value())
            .field("opaque", &self.opaque.is_some())
            .finish_non_exhaustive()
    }
}

#[cfg(feature = "defmt")]
impl defmt::Format for Credentials<'_> {
    fn format(&self, f: defmt::Formatter<'_>) {
        defmt::write!(
            f,
            "Credentials {{ username_len: {=usize}, realm_len: {=usize}, nonce_len: {=usize}, uri_len: {=usize}, algorithm: {=str}, qop: {=bool} }}",
            self.username.len(),
            self.realm.len(),
            self.nonce.len(),
            self.uri.len(),
            self.algorithm.name(),
            self.qop.is_some()
        )
    }
}

/// Where decoded values go: the unused rest of the caller's buffer, and the
/// total size every decoded value needs.
struct Decoded<'a> {
    rest: &'a mut [u8],
    needed: usize,
    short: bool,
}

impl<'a> Decoded<'a> {
    /// Takes `n` bytes off the buffer, or counts them as missing.
    fn take(&mut self, n: usize) -> Option<&'a mut [u8]> {
        self.needed = self.needed.saturating_add(n);
        let rest = core::mem::take(&mut self.rest);
        if rest.len() < n {
            self.rest = rest;
            self.short = true;
            return None;
        }
        let (head, tail) = rest.split_at_mut_checked(n)?;
        self.rest = tail;
        Some(head)
    }

    /// A text value without its escapes: the view itself when it has none.
    #[inline(always)]
    fn text(&mut self, param: &Param<'a>, escaped: bool) -> &'a [u8] {
        if !escaped {
            return param.value;
        }
        let n = param.unescaped_len();
        match self.take(n) {
            Some(out) => {
                param.unescape_into(out);
                out
            }
            None => &[],
        }
    }

    /// The decoded text of a `username*` ext-value.
    fn ext_value(&mut self, ext: &'a [u8]) -> Result<&'a [u8], DigestError> {
        let n = ext_value::decoded_len(ext)?;
        Ok(match self.take(n) {
            Some(out) => {
                ext_value::decode_into(ext, out);
                out
            }
            None => &[],
        })
    }
}

/// Whether `value` is `len` hexadecimal digits.
#[inline(always)]
pub(crate) fn is_hex(value: &[u8], len: usize) -> bool {
    value.len() == len && all_hex(value)
}

/// Whether every byte is a hexadecimal digit: eight bytes a step on hosts
/// (speed).
#[cfg(target_pointer_width = "64")]
#[inline(always)]
fn all_hex(value: &[u8]) -> bool {
    crate::base::bytes::all_hex_digits(value)
}

/// See the host [`all_hex`]: a byte loop on 32-bit targets (flash).
#[cfg(not(target_pointer_width = "64"))]
fn all_hex(value: &[u8]) -> bool {
    value.iter().all(u8::is_ascii_hexdigit)
}

/// The rules of RFC 7616 §3.4, read one parameter at a time: what both
/// [`Credentials::parse`] and [`is_valid_response`](super::is_valid_response)
/// check (the latter decodes nothing, so it keeps only this).
pub(super) struct Rules<'a> {
    /// The fields read so far, one bit each.
    seen: u16,
    userhash: bool,
    response: &'a [u8],
    algorithm: Algorithm,
    qop: Option<Qop>,
}

impl<'a> Rules<'a> {
    pub(super) const NEW: Rules<'a> = Rules {
        seen: 0,
        userhash: false,
        response: &[],
        algorithm: Algorithm::Md5,
        qop: None,
    };

    fn has(&self, field: Field) -> bool {
        self.seen & field.bit() != 0
    }

    /// Checks one parameter that RFC 7616 defines. Inlined on hosts, where
    /// the compiler merges its match with the caller's (speed); one copy
    /// on 32-bit targets (flash).
    #[cfg_attr(target_pointer_width = "64", inline(always))]
    pub(super) fn read(&mut self, field: Field, param: &Param<'a>) -> Result<(), DigestError> {
        if self.has(field) {
            return Err(DigestError::Duplicate(field));
        }
        self.seen |= field.bit();
        // Hex digits and tokens hold no escapes: an escaped one fails its check.
        let value = param.value;
        match field {
            Field::UsernameStar => {
                ext_value::decoded_len(value)?;
            }
            Field::Response => self.response = value,
            Field::Algorithm => {
                self.algorithm =
                    Algorithm::from_name(value).ok_or(DigestError::UnsupportedAlgorithm)?;
            }
            Field::Qop => self.qop = Some(Qop::from_name(value).ok_or(DigestError::InvalidQop)?),
            Field::Nc if !is_hex(value, 8) => return Err(DigestError::InvalidNc),
            Field::Userhash => {
                self.userhash = if value.eq_ignore_ascii_case(b"true") {
                    true
                } else if value.eq_ignore_ascii_case(b"false") {
                    false
                } else {
                    return Err(DigestError::InvalidUserhash);
                };
            }
            _ => {}
        }
        Ok(())
    }

    /// The rules that involve several parameters, once all are read.
    pub(super) fn check(&self) -> Result<(), DigestError> {
        let username_star = self.has(Field::UsernameStar);
        match (self.has(Field::Username), username_star) {
            (true, true) => return Err(DigestError::UsernameConflict),
            (false, false) => return Err(DigestError::Missing(Field::Username)),
            _ => {}
        }
        if username_star && self.userhash {
            return Err(DigestError::UsernameStarWithUserhash);
        }
        for field in [Field::Realm, Field::Nonce, Field::Uri, Field::Response] {
            if !self.has(field) {
                return Err(DigestError::Missing(field));
            }
        }
        if !is_hex(self.response, self.algorithm.hex_len()) {
            return Err(DigestError::InvalidResponse);
        }
        for field in [Field::Cnonce, Field::Nc] {
            match (self.qop.is_some(), self.has(field)) {
                (true, false) => return Err(DigestError::Missing(field)),
                (false, true) => return Err(DigestError::WithoutQop(field)),
                _ => {}
            }
        }
        Ok(())
    }
}

impl<'a> Credentials<'a> {
    /// Parses and validates the parameters of a Digest `Authorization`
    /// value (what follows `Digest `).
    ///
    /// `buf` receives the values that need decoding; it may be empty when
    /// no value is escaped and `username*` is absent, and a buffer as long
    /// as `params` always suffices. A short one is
    /// [`DigestError::BufferTooSmall`] with the exact size, reported after
    /// every other check.
    pub fn parse(params_value: &'a [u8], buf: &'a mut [u8]) -> Result<Self, DigestError> {
        let mut out = Decoded {
            rest: buf,
            needed: 0,
            short: false,
        };
        let mut c = Credentials {
            username: &[],
            username_star: false,
            userhash: false,
            realm: &[],
            nonce: &[],
            uri: &[],
            response: &[],
            algorithm: Algorithm::Md5,
            qop: None,
            cnonce: None,
            nc: None,
            opaque: None,
            qop_token: &[],
        };
        let mut rules = Rules::NEW;
        let mut list = params(params_value);
        while let Some(param) = list.next() {
            let param = param?;
            let escaped = list.last_was_escaped();
            let Some(field) = Field::from_name(param.name) else {
                continue;
            };
            rules.read(field, &param)?;
            let value = param.value;
            // The text fields share one decoding step.
            let text = match field {
                Field::Username
                | Field::Realm
                | Field::Nonce
                | Field::Uri
                | Field::Cnonce
                | Field::Opaque => out.text(&param, escaped),
                _ => &[],
            };
            match field {
                Field::Username => c.username = text,
                Field::UsernameStar => c.username = out.ext_value(value)?,
                Field::Realm => c.realm = text,
                Field::Nonce => c.nonce = text,
                Field::Uri => c.uri = text,
                Field::Cnonce => c.cnonce = Some(text),
                Field::Opaque => c.opaque = Some(text),
                Field::Qop => c.qop_token = value,
                Field::Nc => c.nc = Some(value),
                // Checked and kept by `rules`.
                Field::Response | Field::Algorithm | Field::Userhash => {}
            }
        }
        rules.check()?;
        if out.short {
            return Err(DigestError::BufferTooSmall { needed: out.needed });
        }
        c.username_star = rules.has(Field::UsernameStar);
        c.userhash = rules.userhash;
        c.response = rules.response;
        c.algorithm = rules.algorithm;
        c.qop = rules.qop;
        Ok(c)
    }

    /// The value of `nc` (the client's request count for this nonce).
    pub fn nc_value(&self) -> Option<u32> {
        let digits = core::str::from_utf8(self.nc?).ok()?;
        u32::from_str_radix(digits, 16).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::format;

    const RESPONSE32: &str = "0123456789abcdef0123456789abcdef";

    fn base(extra: &str) -> std::string::String {
        format!(r#"username="u", realm="r", nonce="n", uri="/", response="{RESPONSE32}"{extra}"#)
    }

    fn parse(value: &str) -> Result<(), DigestError> {
        let mut buf = [0u8; 256];
        Credentials::parse(value.as_bytes(), &mut buf).map(|_| ())
    }

    #[test]
    fn minimal_and_full_forms_parse() {
        assert_eq!(parse(&base("")), Ok(()));
        assert_eq!(
            parse(&base(", qop=auth-int, nc=0000000A, cnonce=\"x\"")),
            Ok(())
        );
        // Names are case-insensitive, unknown ones skipped, token or quoted alike.
        assert_eq!(
            parse(&base(
                ", QOP=\"auth\", NC=00000001, CNonce=x, domain=\"/\", x=y"
            )),
            Ok(())
        );
    }

    #[test]
    fn each_rule_has_its_error() {
        use DigestError::*;
        let sha = "0".repeat(64);
        let cases: &[(std::string::String, DigestError)] = &[
            (base(", realm=\"s\""), Duplicate(Field::Realm)),
            (base(", Realm=\"s\""), Duplicate(Field::Realm)),
            (
                r#"realm="r", nonce="n", uri="/", response="x""#.into(),
                Missing(Field::Username),
            ),
            (base("").replace(r#", uri="/""#, ""), Missing(Field::Uri)),
            (base(", qop=auth, nc=00000001"), Missing(Field::Cnonce)),
            (base(", qop=auth, cnonce=\"c\""), Missing(Field::Nc)),
            (base(", nc=00000001"), WithoutQop(Field::Nc)),
            (base(", cnonce=\"c\""), WithoutQop(Field::Cnonce)),
            (base(", qop=auth, cnonce=c, nc=1"), InvalidNc),
            (base(", qop=auth, cnonce=c, nc=0000000g"), InvalidNc),
            (base(", qop=auth, cnonce=c, nc=000000001"), InvalidNc),
            (base(", qop=auth-conf, cnonce=c, nc=00000001"), InvalidQop),
            (
                base(", qop=\"auth,auth-int\", cnonce=c, nc=00000001"),
                InvalidQop,
            ),
            (base(", algorithm=SHA-1"), UnsupportedAlgorithm),
            (base(", algorithm=SHA-256"), InvalidResponse),
            (base("").replace(RESPONSE32, "abc"), InvalidResponse),
            (
                base("").replace(RESPONSE32, &"z".repeat(32)),
                InvalidResponse,
            ),
            (
                base("").replace(RESPONSE32, &sha) + ", algorithm=MD5-sess",
                InvalidResponse,
            ),
            (base(", userhash=yes"), InvalidUserhash),
            (base(", username*=UTF-8''x"), UsernameConflict),
            (
                base("").replace(r#"username="u""#, "username*=UTF-8''x") + ", userhash=true",
                UsernameStarWithUserhash,
            ),
            (
                base("").replace(r#"username="u""#, "username*=J%C3%A4"),
                InvalidUsernameStar,
            ),
            (base(", a=\"open"), Syntax),
        ];
        for (value, err) in cases {
            assert_eq!(parse(value), Err(*err), "{value}");
        }
        let sha_ok = base("").replace(RESPONSE32, &sha) + ", algorithm=sha-512-256-sess";
        assert_eq!(parse(&sha_ok), Ok(()));
    }

    #[test]
    fn username_star_and_userhash() {
        let mut buf = [0u8; 64];
        let v = base("").replace(r#"username="u""#, "username*=UTF-8''J%C3%A4ger");
        let c = Credentials::parse(v.as_bytes(), &mut buf).unwrap();
        assert_eq!((c.username, c.username_star), ("Jäger".as_bytes(), true));
        let hashed = base(", userhash=TRUE");
        let c = Credentials::parse(hashed.as_bytes(), &mut []).unwrap();
        assert!(c.userhash);
    }

    #[test]
    fn escapes_use_the_buffer_only_when_present() {
        let plain = base("");
        let c = Credentials::parse(plain.as_bytes(), &mut []).unwrap();
        assert!(core::ptr::eq(
            c.realm.as_ptr(),
            plain.as_bytes()[plain.find("\"r\"").unwrap() + 1..].as_ptr()
        ));

        let escaped = base("").replace(r#"realm="r""#, r#"realm="a\\b\"c""#) + r#", opaque="\o\p""#;
        // `a\b"c` (5) and `op` (2): 7 bytes, reported after the other checks.
        assert_eq!(
            Credentials::parse(escaped.as_bytes(), &mut [0u8; 6]),
            Err(DigestError::BufferTooSmall { needed: 7 })
        );
        let mut buf = [0u8; 7];
        let c = Credentials::parse(escaped.as_bytes(), &mut buf).unwrap();
        assert_eq!((c.realm, c.opaque), (&br#"a\b"c"#[..], Some(&b"op"[..])));
    }

    #[test]
    fn debug_hides_values() {
        let v = base("").replace("\"u\"", "\"hunter2\"");
        let c = Credentials::parse(v.as_bytes(), &mut []).unwrap();
        let shown = format!("{c:?}");
        assert!(
            !shown.contains("hunter2") && !shown.contains(RESPONSE32),
            "{shown}"
        );
    }
}
