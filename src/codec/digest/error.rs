//! What can be wrong with Digest credentials, a stored secret, or a nonce.

use core::fmt;

/// A parameter of a Digest `Authorization` value (RFC 7616 §3.4).
///
/// The discriminants are stable: they are the C ABI's field numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum Field {
    /// `username`.
    Username = 1,
    /// `username*` (RFC 8187 ext-value).
    UsernameStar = 2,
    /// `realm`.
    Realm = 3,
    /// `nonce`.
    Nonce = 4,
    /// `uri`.
    Uri = 5,
    /// `response`.
    Response = 6,
    /// `algorithm`.
    Algorithm = 7,
    /// `cnonce`.
    Cnonce = 8,
    /// `opaque`.
    Opaque = 9,
    /// `qop`.
    Qop = 10,
    /// `nc`.
    Nc = 11,
    /// `userhash`.
    Userhash = 12,
}

impl Field {
    /// The parameter name as RFC 7616 spells it.
    pub const fn name(self) -> &'static str {
        match self {
            Field::Username => "username",
            Field::UsernameStar => "username*",
            Field::Realm => "realm",
            Field::Nonce => "nonce",
            Field::Uri => "uri",
            Field::Response => "response",
            Field::Algorithm => "algorithm",
            Field::Cnonce => "cnonce",
            Field::Opaque => "opaque",
            Field::Qop => "qop",
            Field::Nc => "nc",
            Field::Userhash => "userhash",
        }
    }

    /// Every field, in discriminant order (the name table's order).
    #[cfg(any(test, not(target_pointer_width = "64")))]
    pub(crate) const ALL: [Field; 12] = [
        Field::Username,
        Field::UsernameStar,
        Field::Realm,
        Field::Nonce,
        Field::Uri,
        Field::Response,
        Field::Algorithm,
        Field::Cnonce,
        Field::Opaque,
        Field::Qop,
        Field::Nc,
        Field::Userhash,
    ];

    /// The field a parameter name denotes (ASCII case-insensitive), `None`
    /// for a name RFC 7616 does not define.
    #[inline(always)]
    pub fn from_name(name: &[u8]) -> Option<Field> {
        #[cfg(not(target_pointer_width = "64"))]
        {
            Field::by_table(name)
        }
        #[cfg(target_pointer_width = "64")]
        {
            Field::by_word(name)
        }
    }

    /// [`from_name`](Field::from_name) on 32-bit targets: one search of the
    /// name table (flash), the one the algorithm and `qop` lookups share.
    #[cfg(any(test, not(target_pointer_width = "64")))]
    fn by_table(name: &[u8]) -> Option<Field> {
        const NAMES: [&str; 12] = super::names_of!(Field::ALL, 12);
        Field::ALL
            .get(super::position_by_name(&NAMES, name)?)
            .copied()
    }

    /// This field's bit in a set of fields.
    pub(crate) const fn bit(self) -> u16 {
        1u16.wrapping_shl(self as u32)
    }
}

/// Field names matched as one folded word (hosts: speed).
#[cfg(any(test, target_pointer_width = "64"))]
mod word {
    use super::Field;

    impl Field {
        /// [`from_name`](Field::from_name) on hosts: the name folded into one
        /// word and matched against constants (speed).
        #[inline(always)]
        pub(super) fn by_word(name: &[u8]) -> Option<Field> {
            let last = name.last().copied().unwrap_or(0);
            let field = match (name.len(), folded(name)) {
                (2, NC) => Field::Nc,
                (3, URI) => Field::Uri,
                (3, QOP) => Field::Qop,
                (5, REALM) => Field::Realm,
                (5, NONCE) => Field::Nonce,
                (6, CNONCE) => Field::Cnonce,
                (6, OPAQUE) => Field::Opaque,
                (8, USERNAME) => Field::Username,
                (8, RESPONSE) => Field::Response,
                (8, USERHASH) => Field::Userhash,
                (9, USERNAME) if last == b'*' => Field::UsernameStar,
                (9, ALGORITH) if last | 0x20 == b'm' => Field::Algorithm,
                _ => return None,
            };
            Some(field)
        }
    }

    /// The bytes of a name, each OR 0x20, as one word: all of them for names
    /// of two to eight bytes (two overlapping loads), the first eight of longer
    /// ones. Every RFC 7616 name is letters up to its ninth byte, and OR 0x20
    /// maps exactly the two cases of a letter onto it, so for a given length
    /// equal words mean equal names, case aside.
    const fn folded(name: &[u8]) -> u64 {
        const CASE: u64 = 0x2020_2020_2020_2020;
        let word = if let Some(w) = name.first_chunk::<8>() {
            u64::from_le_bytes(*w)
        } else if let (Some(a), Some(b)) = (name.first_chunk::<4>(), name.last_chunk::<4>()) {
            u32::from_le_bytes(*a) as u64 | (u32::from_le_bytes(*b) as u64) << 32
        } else if let (Some(a), Some(b)) = (name.first_chunk::<2>(), name.last_chunk::<2>()) {
            u16::from_le_bytes(*a) as u64 | (u16::from_le_bytes(*b) as u64) << 16
        } else {
            0
        };
        word | CASE
    }

    const NC: u64 = folded(b"nc");
    const URI: u64 = folded(b"uri");
    const QOP: u64 = folded(b"qop");
    const REALM: u64 = folded(b"realm");
    const NONCE: u64 = folded(b"nonce");
    const CNONCE: u64 = folded(b"cnonce");
    const OPAQUE: u64 = folded(b"opaque");
    const USERNAME: u64 = folded(b"username");
    const RESPONSE: u64 = folded(b"response");
    const USERHASH: u64 = folded(b"userhash");
    const ALGORITH: u64 = folded(b"algorith");
}

/// Why Digest credentials were refused, or a Digest call could not complete.
///
/// Never carries or prints input bytes. [`code`](DigestError::code) is
/// stable (the C ABI's status number) and [`field`](DigestError::field)
/// names the parameter concerned, where there is one.
///
/// ```
/// use authparse::digest::{DigestError, Field};
/// let e = DigestError::Missing(Field::Cnonce);
/// assert_eq!(e.to_string(), "digest: required parameter missing: cnonce");
/// assert_eq!((e.code(), e.field()), (102, Some(Field::Cnonce)));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DigestError {
    /// The value is not an auth-param list (`name=token` or
    /// `name="quoted string"`, comma-separated; RFC 9110 §11.2).
    Syntax,
    /// A parameter appears twice.
    Duplicate(Field),
    /// A required parameter is absent (`cnonce` and `nc` are required
    /// when `qop` is present).
    Missing(Field),
    /// `nc` or `cnonce` is present without `qop` (RFC 7616 §3.4: they
    /// must not be sent then).
    WithoutQop(Field),
    /// `nc` is not exactly 8 hexadecimal digits.
    InvalidNc,
    /// `qop` is neither `auth` nor `auth-int`.
    InvalidQop,
    /// `algorithm` is not MD5, SHA-256 or SHA-512-256 (each optionally
    /// with `-sess`).
    UnsupportedAlgorithm,
    /// `response` is not hexadecimal of the algorithm's length (32 digits
    /// for MD5, 64 for SHA-256 and SHA-512-256).
    InvalidResponse,
    /// `userhash` is neither `true` nor `false`.
    InvalidUserhash,
    /// `username*` is not a UTF-8 RFC 8187 ext-value
    /// (`UTF-8'lang'percent-encoded`) of printable text.
    InvalidUsernameStar,
    /// Both `username` and `username*` are present.
    UsernameConflict,
    /// `username*` is present with `userhash=true`.
    UsernameStarWithUserhash,
    /// The caller's buffer is too small; `needed` bytes would hold every
    /// decoded value.
    BufferTooSmall {
        /// The exact size needed.
        needed: usize,
    },
    /// The credentials' `realm` is not the server's.
    RealmMismatch,
    /// The credentials' `uri` is not the request-target.
    UriMismatch,
    /// The credentials name another user than the stored one.
    UsernameMismatch,
    /// The `response` is wrong: wrong password, or a tampered request.
    ResponseMismatch,
    /// A stored HA1 is not hexadecimal of the algorithm's length.
    InvalidHa1,
    /// `qop=auth-int` needs the hash of the request body, hexadecimal of
    /// the algorithm's length.
    BodyHashRequired,
    /// The credentials answer with an `algorithm` or a `qop` (none: RFC
    /// 2069) that the server's challenge did not offer: a downgrade, which
    /// a man in the middle can cause by rewriting the challenge. Answer
    /// with a fresh challenge (not `stale`).
    NotOffered(Field),
    /// A nonce this server issued, but older than the allowed age: answer
    /// with a challenge carrying `stale=true`.
    StaleNonce,
    /// A nonce this server did not issue (or for another realm).
    InvalidNonce,
    /// A nonce count already seen for this nonce: a replayed request.
    ReplayedNonce,
    /// A configuration value cannot be used: a nonce secret shorter than
    /// 16 bytes, or a challenge value with a control byte.
    InvalidConfiguration,
}

impl DigestError {
    /// Stable numeric code (the C ABI's status number).
    pub const fn code(self) -> u32 {
        match self {
            DigestError::BufferTooSmall { .. } => 10,
            DigestError::Syntax => 100,
            DigestError::Duplicate(_) => 101,
            DigestError::Missing(_) => 102,
            DigestError::WithoutQop(_) => 103,
            DigestError::InvalidNc => 104,
            DigestError::InvalidQop => 105,
            DigestError::UnsupportedAlgorithm => 106,
            DigestError::InvalidResponse => 107,
            DigestError::InvalidUserhash => 108,
            DigestError::InvalidUsernameStar => 109,
            DigestError::UsernameConflict => 110,
            DigestError::UsernameStarWithUserhash => 111,
            DigestError::RealmMismatch => 120,
            DigestError::UriMismatch => 121,
            DigestError::UsernameMismatch => 122,
            DigestError::ResponseMismatch => 123,
            DigestError::InvalidHa1 => 124,
            DigestError::BodyHashRequired => 125,
            DigestError::NotOffered(_) => 126,
            DigestError::StaleNonce => 130,
            DigestError::InvalidNonce => 131,
            DigestError::ReplayedNonce => 132,
            DigestError::InvalidConfiguration => 50,
        }
    }

    /// The parameter concerned, if the error is about one.
    pub const fn field(self) -> Option<Field> {
        match self {
            DigestError::Duplicate(f)
            | DigestError::Missing(f)
            | DigestError::WithoutQop(f)
            | DigestError::NotOffered(f) => Some(f),
            DigestError::InvalidNc => Some(Field::Nc),
            DigestError::InvalidQop => Some(Field::Qop),
            DigestError::UnsupportedAlgorithm => Some(Field::Algorithm),
            DigestError::InvalidResponse | DigestError::ResponseMismatch => Some(Field::Response),
            DigestError::InvalidUserhash => Some(Field::Userhash),
            DigestError::InvalidUsernameStar
            | DigestError::UsernameConflict
            | DigestError::UsernameStarWithUserhash => Some(Field::UsernameStar),
            DigestError::RealmMismatch => Some(Field::Realm),
            DigestError::UriMismatch => Some(Field::Uri),
            DigestError::UsernameMismatch => Some(Field::Username),
            DigestError::StaleNonce | DigestError::InvalidNonce | DigestError::ReplayedNonce => {
                Some(Field::Nonce)
            }
            _ => None,
        }
    }

    /// A one-line description that never includes input bytes.
    pub const fn message(self) -> &'static str {
        match self {
            DigestError::Syntax => "not an auth-param list",
            DigestError::Duplicate(_) => "parameter repeated",
            DigestError::Missing(_) => "required parameter missing",
            DigestError::WithoutQop(_) => "parameter not allowed without qop",
            DigestError::InvalidNc => "nc is not exactly 8 hex digits",
            DigestError::InvalidQop => "qop is neither auth nor auth-int",
            DigestError::UnsupportedAlgorithm => {
                "algorithm is not MD5, SHA-256 or SHA-512-256 (optionally -sess)"
            }
            DigestError::InvalidResponse => "response is not hex of the algorithm's length",
            DigestError::InvalidUserhash => "userhash is neither true nor false",
            DigestError::InvalidUsernameStar => "username* is not a printable UTF-8 ext-value",
            DigestError::UsernameConflict => "username and username* both present",
            DigestError::UsernameStarWithUserhash => "username* with userhash=true",
            DigestError::BufferTooSmall { .. } => "output buffer too small",
            DigestError::RealmMismatch => "realm is not the server's",
            DigestError::UriMismatch => "uri is not the request-target",
            DigestError::UsernameMismatch => "username is not the stored user's",
            DigestError::ResponseMismatch => "response does not match",
            DigestError::InvalidHa1 => "stored HA1 is not hex of the algorithm's length",
            DigestError::BodyHashRequired => "auth-int needs the body hash in hex",
            DigestError::NotOffered(_) => "algorithm or qop not offered by the challenge",
            DigestError::StaleNonce => "nonce expired",
            DigestError::InvalidNonce => "nonce not issued by this server",
            DigestError::ReplayedNonce => "nonce count replayed",
            DigestError::InvalidConfiguration => "invalid configuration",
        }
    }
}

impl fmt::Display for DigestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DigestError::Duplicate(field)
            | DigestError::Missing(field)
            | DigestError::WithoutQop(field)
            | DigestError::NotOffered(field) => {
                write!(f, "digest: {}: {}", self.message(), field.name())
            }
            DigestError::BufferTooSmall { needed } => {
                write!(f, "digest: {}: {} bytes needed", self.message(), needed)
            }
            other => write!(f, "digest: {}", other.message()),
        }
    }
}

impl core::error::Error for DigestError {}

#[cfg(feature = "defmt")]
impl defmt::Format for DigestError {
    fn format(&self, f: defmt::Formatter<'_>) {
        match self.field() {
            Some(field) => defmt::write!(f, "digest: {=str}: {=str}", self.message(), field.name()),
            None => defmt::write!(f, "digest: {=str}", self.message()),
        }
    }
}

impl From<crate::base::error::Error> for DigestError {
    /// The tokenizer's errors: a short buffer keeps its size, anything else
    /// is a syntax error.
    fn from(e: crate::base::error::Error) -> Self {
        match e {
            crate::base::error::Error::BufferTooSmall { needed } => {
                DigestError::BufferTooSmall { needed }
            }
            _ => DigestError::Syntax,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [Field; 12] = Field::ALL;

    proptest::proptest! {
        #[test]
        fn from_name_matches_a_plain_comparison(
            pick in 0usize..12,
            flips in proptest::collection::vec(proptest::prelude::any::<u8>(), 9),
        ) {
            // A known name with some bytes replaced by arbitrary ones.
            let mut name = std::vec::Vec::from(ALL[pick].name().as_bytes());
            for (b, f) in name.iter_mut().zip(&flips) {
                if f % 3 == 0 {
                    *b = f / 3;
                } else if f % 3 == 1 {
                    *b ^= 0x20;
                }
            }
            let reference = ALL.into_iter().find(|f| name.eq_ignore_ascii_case(f.name().as_bytes()));
            proptest::prop_assert_eq!(Field::from_name(&name), reference);
            proptest::prop_assert_eq!(Field::by_word(&name), reference);
            proptest::prop_assert_eq!(Field::by_table(&name), reference);
        }
    }

    #[test]
    fn every_name_round_trips_case_insensitively() {
        for f in ALL {
            assert_eq!(Field::from_name(f.name().as_bytes()), Some(f));
            let upper = f.name().to_ascii_uppercase();
            assert_eq!(Field::from_name(upper.as_bytes()), Some(f));
            assert_eq!(Field::by_table(upper.as_bytes()), Some(f));
        }
        for unknown in [
            &b""[..],
            b"user",
            b"domain",
            b"stale",
            b"usernamex",
            b"username\n",
            b"algorithmm",
            b"URI\0",
            b"n\x03",
            b"uRI\x00",
            b"nOnCf",
            b"cnonc\x05",
            b"qo\x10",
        ] {
            assert_eq!(Field::from_name(unknown), None);
            assert_eq!(Field::by_table(unknown), None);
        }
    }
}
