//! FastAPI's HTTP classes: [`HttpBasic`], [`HttpBearer`], [`HttpDigest`], [`HttpBase`].

use core::fmt;

use crate::base::bytes::all_field_content;
use crate::base::error::Error;
use crate::base::profile::Profile;
use crate::base::secret::Secret;
#[cfg(target_pointer_width = "64")]
use crate::codec::authorization::after_scheme;
use crate::codec::authorization::{is_token68, scheme_is, split, split_expecting};
#[cfg(target_pointer_width = "64")]
use crate::codec::base64::text::decode_ascii;
use crate::codec::base64::text::TextSpan;
use crate::codec::base64::{decode_lenient, decode_strict};
use crate::codec::digest;
use crate::model::challenge::Challenge;
use crate::model::outcome::{Failure, Outcome, Reason};
use crate::model::request::{HeaderField, Request};
use crate::schemes::settings::{settings_methods, strict_credentials, stringify_class, Settings};

const AUTHORIZATION: &[u8] = b"authorization";

/// Decoded `Basic` credentials, views into the caller's buffer.
///
/// Both parts are text: ASCII in the FastAPI profile, validated UTF-8 in the
/// strict one. `Debug` shows only lengths.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct BasicCredentials<'b> {
    /// Everything before the first `:` (may be empty).
    pub username: &'b str,
    /// Everything after the first `:` (may be empty, may contain `:`).
    pub password: &'b str,
}

impl fmt::Debug for BasicCredentials<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "BasicCredentials {{ username: {} bytes, password: {} bytes }}",
            self.username.len(),
            self.password.len()
        )
    }
}

#[cfg(feature = "defmt")]
impl defmt::Format for BasicCredentials<'_> {
    fn format(&self, f: defmt::Formatter<'_>) {
        defmt::write!(
            f,
            "BasicCredentials {{ username: {=usize} bytes, password: {=usize} bytes }}",
            self.username.len(),
            self.password.len()
        )
    }
}

/// FastAPI's `HTTPAuthorizationCredentials`: the scheme as the client wrote
/// it and the credentials after it, views into the header value.
///
/// `Debug` shows the scheme only when it is a registered scheme name (the
/// FastAPI profile's `HTTPBase` takes any first word, which may be a
/// password sent without a scheme), and the credentials' length.
///
/// ```
/// use authparse::{HttpBase, Request};
/// let headers = [("authorization", "hunter2 x"), ("x", "")];
/// let c = HttpBase::new("Other").extract(&Request::new(&headers[..1])).credentials().unwrap();
/// assert_eq!(format!("{c:?}"), "AuthorizationCredentials { scheme: 7 bytes, credentials: Secret(1 bytes) }");
/// ```
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct AuthorizationCredentials<'r> {
    /// The scheme, in the client's case (`bearer` stays `bearer`).
    pub scheme: &'r [u8],
    /// The credentials, stripped (FastAPI) or OWS-trimmed (strict).
    pub credentials: Secret<'r>,
}

/// IANA's HTTP Authentication Scheme Registry: names safe to print.
const REGISTERED_SCHEMES: [&str; 12] = [
    "Basic",
    "Bearer",
    "Digest",
    "DPoP",
    "GNAP",
    "HOBA",
    "Mutual",
    "Negotiate",
    "OAuth",
    "PrivateToken",
    "SCRAM-SHA-1",
    "SCRAM-SHA-256",
];

impl AuthorizationCredentials<'_> {
    /// The scheme as text when it is a registered name (ASCII
    /// case-insensitive), for logs.
    fn printable_scheme(&self) -> Option<&str> {
        let registered = REGISTERED_SCHEMES
            .iter()
            .any(|name| crate::base::bytes::eq_ignore_ascii_case(self.scheme, name.as_bytes()));
        registered
            .then(|| core::str::from_utf8(self.scheme).ok())
            .flatten()
    }
}

impl fmt::Debug for AuthorizationCredentials<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.printable_scheme() {
            Some(scheme) => write!(f, "AuthorizationCredentials {{ scheme: {scheme:?}, ")?,
            None => write!(
                f,
                "AuthorizationCredentials {{ scheme: {} bytes, ",
                self.scheme.len()
            )?,
        }
        write!(f, "credentials: {:?} }}", self.credentials)
    }
}

#[cfg(feature = "defmt")]
impl defmt::Format for AuthorizationCredentials<'_> {
    fn format(&self, f: defmt::Formatter<'_>) {
        match self.printable_scheme() {
            Some(scheme) => defmt::write!(
                f,
                "AuthorizationCredentials {{ scheme: {=str}, credentials: {} }}",
                scheme,
                self.credentials
            ),
            None => defmt::write!(
                f,
                "AuthorizationCredentials {{ scheme: {=usize} bytes, credentials: {} }}",
                self.scheme.len(),
                self.credentials
            ),
        }
    }
}

/// `HTTPBasic`: RFC 7617 Basic credentials decoded into a caller buffer.
///
/// ```
/// use authparse::{HttpBasic, Outcome, Request};
/// let headers = [("authorization", "Basic am9objpzZWNyZXQ=")];
/// let mut buf = [0u8; 64];
/// let outcome = HttpBasic::new().realm("simple").extract(&Request::new(&headers), &mut buf)?;
/// let creds = outcome.credentials().unwrap();
/// assert_eq!((creds.username, creds.password), ("john", "secret"));
///
/// // A missing header is a 401 with FastAPI's challenge.
/// let none: [(&str, &str); 0] = [];
/// let outcome = HttpBasic::new().realm("simple").extract(&Request::new(&none), &mut buf)?;
/// let failure = outcome.failure().unwrap();
/// assert_eq!((failure.status, failure.challenge.to_string()), (401, "Basic realm=\"simple\"".into()));
/// # Ok::<(), authparse::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HttpBasic<'c> {
    realm: Option<&'c str>,
    settings: Settings<'c>,
}

settings_methods!(HttpBasic, default);

impl<'c> HttpBasic<'c> {
    /// `HTTPBasic()`.
    pub const fn new() -> Self {
        HttpBasic {
            realm: None,
            settings: Settings::DEFAULT,
        }
    }

    /// `realm=…`, sent in the challenge.
    pub const fn realm(mut self, realm: &'c str) -> Self {
        self.realm = Some(realm);
        self
    }

    /// The configured realm.
    pub const fn get_realm(&self) -> Option<&'c str> {
        self.realm
    }

    /// The `WWW-Authenticate` value of a failure.
    pub const fn challenge(&self) -> Challenge<'c> {
        Challenge::Basic {
            realm: self.realm,
            profile: self.settings.profile,
        }
    }

    /// Decides on `req`, decoding the credentials into `buf`.
    ///
    /// `buf` needs at most [`max_decoded_len`](crate::base64::max_decoded_len)
    /// of the header length; a shorter one gives [`Error::BufferTooSmall`]
    /// with the exact size. FastAPI's quirk is kept: once the scheme is
    /// `basic`, malformed credentials fail even with `auto_error(false)`.
    ///
    /// The credentials are views into `buf`, not always at its start: on
    /// 64-bit hosts the usual header is decoded at `buf`'s first 8-aligned
    /// byte and padded with up to 16 spaces, and a failed decoding may
    /// leave partial output. To erase the secret, wipe all of `buf`, not
    /// only the credentials' bytes.
    pub fn extract<'b, H: HeaderField>(
        &self,
        req: &Request<'_, H>,
        buf: &'b mut [u8],
    ) -> Result<Outcome<'c, BasicCredentials<'b>>, Error> {
        // The usual credentials (`Basic`, SP, canonical base64 of ASCII
        // text) in one pass where speed is worth its flash (not on 32-bit
        // targets): the framing rules of both profiles leave them as they
        // are. Anything else, and every failure, the general way (out of
        // line, so that this path keeps few values live).
        #[cfg(target_pointer_width = "64")]
        if let Some(span) = self.usual_span(req, buf) {
            return self.credentials(span, buf);
        }
        self.extract_general(req, buf)
    }

    /// The one-pass reading of the usual value (64-bit targets): the
    /// profile's header line, the `Basic` word and SP, and the credentials
    /// decoded by `decode_ascii`. In the strict profile the OWS trim is
    /// left out: a value this path takes starts with `B` and ends in a
    /// base64 byte.
    #[cfg(target_pointer_width = "64")]
    #[inline(always)]
    fn usual_span<H: HeaderField>(&self, req: &Request<'_, H>, buf: &mut [u8]) -> Option<TextSpan> {
        match self.settings.profile {
            Profile::FastApi => {
                let (_, encoded) = after_scheme(req.first(AUTHORIZATION)?, "basic")?;
                decode_ascii::<false>(encoded, buf)
            }
            Profile::Strict => {
                let (Some(value), false) = req.first_and_repeated(AUTHORIZATION) else {
                    return None;
                };
                let (_, encoded) = after_scheme(value, "basic")?;
                decode_ascii::<true>(encoded, buf)
            }
        }
    }

    /// [`extract`](Self::extract) of any value: out of line on 64-bit
    /// targets, inlined on 32-bit ones (one frame: stack ceilings).
    #[cfg_attr(target_pointer_width = "64", inline(never))]
    #[cfg_attr(not(target_pointer_width = "64"), inline(always))]
    fn extract_general<'b, H: HeaderField>(
        &self,
        req: &Request<'_, H>,
        buf: &'b mut [u8],
    ) -> Result<Outcome<'c, BasicCredentials<'b>>, Error> {
        let challenge = self.challenge();
        let value = match self.settings.single_header(req, AUTHORIZATION, challenge) {
            Ok(Some(v)) if !v.is_empty() => v,
            Ok(_) => return Ok(self.settings.deny(Reason::Missing, challenge)),
            Err(failure) => return Ok(Outcome::Failure(failure)),
        };
        match self.decode_general(value, buf, challenge)? {
            Ok(span) => self.credentials(span, buf),
            Err(outcome) => Ok(outcome),
        }
    }

    /// The credentials in the decoded text `span` of `buf`: a failure when
    /// the text is not UTF-8 or holds no `:`. Never `Err`: the caller's
    /// result built here (wrapping an `Outcome` afterwards costs copies).
    #[inline(always)]
    fn credentials<'b>(
        &self,
        span: TextSpan,
        buf: &'b [u8],
    ) -> Result<Outcome<'c, BasicCredentials<'b>>, Error> {
        let fail = |reason| {
            Ok(Outcome::Failure(Failure::unauthorized(
                reason,
                self.challenge(),
            )))
        };
        let Some(padded) = span.padded(buf) else {
            return fail(Reason::InvalidCharset);
        };
        match split_credentials(padded, span.len()) {
            Some(credentials) => Ok(Outcome::Credentials(credentials)),
            None => fail(Reason::MissingColon),
        }
    }

    /// The general reading of the `Authorization` value: scheme and
    /// credentials by the profile's rules, decoded into the start of `buf`
    /// and checked. The text's span, `Ok(Err(outcome))` for a denial or a
    /// failure, `Err` for a short `buf`; bytes that are not UTF-8 are left
    /// to the caller's `from_utf8`. Out of line on 64-bit targets, where
    /// the usual input takes `decode_ascii`; inlined on 32-bit ones (one
    /// frame: stack ceilings).
    #[cfg_attr(target_pointer_width = "64", inline(never))]
    #[cfg_attr(not(target_pointer_width = "64"), inline(always))]
    fn decode_general<'b>(
        &self,
        value: &[u8],
        buf: &mut [u8],
        challenge: Challenge<'c>,
    ) -> Result<Result<TextSpan, Outcome<'c, BasicCredentials<'b>>>, Error> {
        let fail = |reason| {
            Ok(Err(Outcome::Failure(Failure::unauthorized(
                reason, challenge,
            ))))
        };
        let (encoded, strict) = match self.settings.profile {
            Profile::FastApi => {
                let (scheme, param) = split_expecting(value, "basic");
                if !scheme_is(scheme, "basic") {
                    return Ok(Err(self.settings.deny(Reason::WrongScheme, challenge)));
                }
                (param, false)
            }
            Profile::Strict => {
                // Canonical base64 is a `token68`, so on 64-bit targets
                // the token is checked only when it does not decode (to
                // tell which rule failed); 32-bit targets check it first,
                // with the same function as Bearer (one copy in flash).
                #[cfg(target_pointer_width = "64")]
                let check = |_: &[u8]| true;
                #[cfg(not(target_pointer_width = "64"))]
                let check = is_token68;
                match strict_credentials(value, "basic", check) {
                    Ok((_, token)) => (token, true),
                    Err(None) => {
                        return Ok(Err(self.settings.deny(Reason::WrongScheme, challenge)))
                    }
                    Err(Some(reason)) => return fail(reason),
                }
            }
        };
        let decoded = match strict {
            false => decode_lenient(encoded, buf),
            true => decode_strict(encoded, buf),
        };
        let len = match decoded {
            Ok(len) => len,
            Err(e @ Error::BufferTooSmall { .. }) => return Err(e),
            Err(_) if strict && cfg!(target_pointer_width = "64") && !is_token68(encoded) => {
                return fail(Reason::MalformedCredentials)
            }
            Err(_) => return fail(Reason::InvalidBase64),
        };
        let text = buf.get(..len).unwrap_or_default();
        match strict {
            // An OR over the bytes vectorises; `is_ascii` is slower on short input.
            false if has_non_ascii(text) => fail(Reason::InvalidCharset),
            true if crate::base::bytes::has_control(text) => fail(Reason::ControlCharacter),
            _ => Ok(Ok(TextSpan::whole(len))),
        }
    }
}

/// Whether `text` holds a byte at or above 0x80: by words on 64-bit
/// targets, a byte loop elsewhere (flash).
fn has_non_ascii(text: &[u8]) -> bool {
    #[cfg(target_pointer_width = "64")]
    {
        crate::base::bytes::has_non_ascii(text)
    }
    // An OR over the bytes (`is_ascii` is slower on short input).
    #[cfg(not(target_pointer_width = "64"))]
    {
        text.iter().fold(0, |acc, &b| acc | b) >= 0x80
    }
}

/// The credentials in the first `len` bytes of `padded` (the text, then
/// padding), split at the first `:`; `None` without one.
#[inline(always)]
fn split_credentials(padded: &str, len: usize) -> Option<BasicCredentials<'_>> {
    let text = padded.get(..len)?;
    // Word-at-a-time only where speed is worth its flash: on 32-bit
    // targets the search would be Basic's only user of it.
    #[cfg(target_pointer_width = "64")]
    let colon = find_colon(text.as_bytes());
    #[cfg(not(target_pointer_width = "64"))]
    let colon = text.bytes().position(|b| b == b':')?;
    let (username, rest) = text.split_at_checked(colon)?;
    Some(BasicCredentials {
        username,
        password: rest.strip_prefix(':')?,
    })
}

/// The first `:` of decoded Basic credentials: in the first word (a
/// short username), else by the general search; `text.len()` without one
/// (then no password follows it: no `Option` tag to test on the usual
/// path). Inlined: the first word is a few instructions.
#[cfg(target_pointer_width = "64")]
#[inline(always)]
fn find_colon(text: &[u8]) -> usize {
    use crate::base::bytes::{eq_mask, find_byte};
    let Some((word, rest)) = text.split_first_chunk::<8>() else {
        return find_byte(text, b':').unwrap_or(text.len());
    };
    match eq_mask(u64::from_le_bytes(*word), b':') {
        0 => find_byte(rest, b':').map_or(text.len(), |i| i.wrapping_add(8)),
        found => (found.trailing_zeros() >> 3) as usize,
    }
}

/// Reads `scheme credentials` with FastAPI's or the strict rules; `expected`
/// is the scheme to require (`None`: any scheme, as FastAPI's `HTTPBase`),
/// `strict_check` the strict profile's rule for the credentials, which
/// includes RFC 9110's field content (`bytes::all_field_content`);
/// `empty_ok` accepts, in the FastAPI profile, an empty scheme or empty
/// credentials (the OAuth2 bearer classes: FastAPI returns `""`).
/// Inlined, so that `expected` and the check fold into the compares (and,
/// on bare metal, each class keeps one frame: stack ceilings).
#[inline(always)]
pub(crate) fn extract_scheme<'r, 'c, H: HeaderField>(
    settings: &Settings<'c>,
    req: &Request<'r, H>,
    expected: Option<&str>,
    challenge: Challenge<'c>,
    strict_check: impl Fn(&[u8]) -> bool,
    empty_ok: bool,
) -> Outcome<'c, AuthorizationCredentials<'r>> {
    let value = match settings.single_header(req, AUTHORIZATION, challenge) {
        Ok(Some(v)) if !v.is_empty() => v,
        Ok(_) => return settings.deny(Reason::Missing, challenge),
        Err(failure) => return Outcome::Failure(failure),
    };
    let (scheme, credentials) = match settings.profile {
        Profile::FastApi => {
            let (scheme, credentials) = match expected {
                Some(e) => split_expecting(value, e),
                None => split(value),
            };
            if !empty_ok && (scheme.is_empty() || credentials.is_empty()) {
                return settings.deny(Reason::EmptyCredentials, challenge);
            }
            if expected.is_some_and(|e| !scheme_is(scheme, e)) {
                return settings.deny(Reason::WrongScheme, challenge);
            }
            (scheme, credentials)
        }
        Profile::Strict => {
            let fail = |reason| Outcome::Failure(Failure::unauthorized(reason, challenge));
            let Some(expected) = expected else {
                return settings.deny(Reason::WrongScheme, challenge);
            };
            match strict_credentials(value, expected, strict_check) {
                Ok(parts) => parts,
                Err(None) => return settings.deny(Reason::WrongScheme, challenge),
                Err(Some(reason)) => return fail(reason),
            }
        }
    };
    Outcome::Credentials(AuthorizationCredentials {
        scheme,
        credentials: Secret::new(credentials),
    })
}

/// `HTTPBearer`: `Authorization: Bearer <token>`.
///
/// FastAPI profile: any non-empty text after `Bearer ` is the token (no
/// `b64token` check); `Bearer` with nothing after it fails. Strict: the
/// token must be an RFC 6750 `b64token`.
///
/// ```
/// use authparse::{HttpBearer, Profile, Request};
/// let headers = [("authorization", "bearer a b")];
/// let req = Request::new(&headers);
/// let creds = HttpBearer::new().extract(&req).credentials().unwrap();
/// assert_eq!((creds.scheme, creds.credentials.as_bytes()), (&b"bearer"[..], &b"a b"[..]));
/// assert_eq!(HttpBearer::new().profile(Profile::Strict).extract(&req).status(), 401);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HttpBearer<'c> {
    bearer_format: Option<&'c str>,
    settings: Settings<'c>,
}

settings_methods!(HttpBearer, default);

impl<'c> HttpBearer<'c> {
    /// `HTTPBearer()`.
    pub const fn new() -> Self {
        HttpBearer {
            bearer_format: None,
            settings: Settings::DEFAULT,
        }
    }

    /// `bearerFormat=…` (OpenAPI only).
    pub const fn bearer_format(mut self, format: &'c str) -> Self {
        self.bearer_format = Some(format);
        self
    }

    /// The configured `bearerFormat`.
    pub const fn get_bearer_format(&self) -> Option<&'c str> {
        self.bearer_format
    }

    /// The `WWW-Authenticate` value of a failure: `Bearer`.
    pub const fn challenge(&self) -> Challenge<'c> {
        Challenge::Bearer
    }

    /// Decides on `req`.
    pub fn extract<'r, H: HeaderField>(
        &self,
        req: &Request<'r, H>,
    ) -> Outcome<'c, AuthorizationCredentials<'r>> {
        extract_scheme(
            &self.settings,
            req,
            Some("bearer"),
            self.challenge(),
            is_token68,
            false,
        )
    }
}

/// `HTTPDigest`: `Authorization: Digest <params>`.
///
/// FastAPI's class is a stub: the parameters come back as one unparsed
/// string. The strict profile also checks that they are valid RFC 7616
/// parameters; read them with [`digest::Credentials::parse`].
///
/// ```
/// use authparse::{HttpDigest, Request};
/// let headers = [("authorization", r#"Digest username="a", realm="r""#)];
/// let creds = HttpDigest::new().extract(&Request::new(&headers)).credentials().unwrap();
/// assert_eq!(creds.credentials.as_bytes(), br#"username="a", realm="r""#);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HttpDigest<'c> {
    settings: Settings<'c>,
}

settings_methods!(HttpDigest, default);

impl<'c> HttpDigest<'c> {
    /// `HTTPDigest()`.
    pub const fn new() -> Self {
        HttpDigest {
            settings: Settings::DEFAULT,
        }
    }

    /// The `WWW-Authenticate` value of a failure: `Digest`.
    pub const fn challenge(&self) -> Challenge<'c> {
        Challenge::Digest
    }

    /// Decides on `req`.
    pub fn extract<'r, H: HeaderField>(
        &self,
        req: &Request<'r, H>,
    ) -> Outcome<'c, AuthorizationCredentials<'r>> {
        extract_scheme(
            &self.settings,
            req,
            Some("digest"),
            self.challenge(),
            |c: &[u8]| all_field_content(c) && digest::is_valid_response(c),
            false,
        )
    }
}

/// `HTTPBase(scheme=…)`: any `scheme credentials` pair.
///
/// FastAPI never compares the configured scheme (it only names the
/// challenge and the OpenAPI entry); the strict profile requires it.
///
/// ```
/// use authparse::{HttpBase, Profile, Request};
/// let headers = [("authorization", "Bearer foobar")];
/// let req = Request::new(&headers);
/// assert_eq!(HttpBase::new("Other").extract(&req).status(), 200);
/// let strict = HttpBase::new("Other").profile(Profile::Strict).auto_error(false);
/// assert!(strict.extract(&req).credentials().is_none());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HttpBase<'c> {
    scheme: &'c str,
    settings: Settings<'c>,
}

settings_methods!(HttpBase);

impl<'c> HttpBase<'c> {
    /// `HTTPBase(scheme=…)`.
    pub const fn new(scheme: &'c str) -> Self {
        HttpBase {
            scheme,
            settings: Settings::DEFAULT,
        }
    }

    /// The configured scheme, as given.
    pub const fn get_scheme(&self) -> &'c str {
        self.scheme
    }

    /// The `WWW-Authenticate` value of a failure: the scheme, title-cased.
    pub const fn challenge(&self) -> Challenge<'c> {
        Challenge::Custom(self.scheme)
    }

    /// Decides on `req`.
    pub fn extract<'r, H: HeaderField>(
        &self,
        req: &Request<'r, H>,
    ) -> Outcome<'c, AuthorizationCredentials<'r>> {
        let expected = match self.settings.profile {
            Profile::FastApi => None,
            Profile::Strict => Some(self.scheme),
        };
        extract_scheme(
            &self.settings,
            req,
            expected,
            self.challenge(),
            all_field_content,
            false,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec::base64::max_decoded_len;
    use std::format;
    use std::vec::Vec;

    /// `HttpBasic::extract` on `value` (sent twice when `repeat`) in both
    /// profiles, as comparable text.
    fn decide(value: &[u8], buf: &mut [u8], profile: Profile, repeat: bool) -> std::string::String {
        let headers = [
            (&b"authorization"[..], value),
            (&b"Authorization"[..], value),
        ];
        let headers = headers.get(..1 + usize::from(repeat)).unwrap();
        match HttpBasic::new()
            .profile(profile)
            .extract(&Request::new(headers), buf)
        {
            Ok(Outcome::Credentials(c)) => format!("ok {:?} {:?}", c.username, c.password),
            Ok(Outcome::Failure(f)) => format!("fail {:?} {}", f.reason, f.status),
            Ok(Outcome::Absent) => "absent".into(),
            Err(e) => format!("error {e:?}"),
        }
    }

    proptest::proptest! {
        /// The one-pass path (a roomy buffer) decides every value as the
        /// general one does (a buffer of exactly `max_decoded_len`, too
        /// small for the one-pass path's padding), sent once or twice.
        #[test]
        fn one_pass_path_matches_the_general_one(
            scheme in proptest::sample::select(&["Basic ", "basic ", "BASIC  ", "Basic", "Bearer "][..]),
            text in proptest::collection::vec(proptest::prop_oneof![
                4 => 0x20u8..0x7F, 1 => proptest::prelude::any::<u8>()], 0..40),
            noise in proptest::collection::vec(proptest::prop_oneof![
                4 => proptest::sample::select(b"AZaz09+/=Og ".to_vec()),
                1 => proptest::prelude::any::<u8>()], 0..40),
            encode in proptest::prelude::any::<bool>(),
            repeat in proptest::prelude::any::<bool>(),
            skew in 0usize..8,
        ) {
            use base64::Engine as _;
            let credentials = match encode {
                true => base64::engine::general_purpose::STANDARD.encode(&text).into_bytes(),
                false => noise,
            };
            let value: Vec<u8> = [scheme.as_bytes(), &credentials].concat();
            for profile in [Profile::FastApi, Profile::Strict] {
                let mut roomy = [0u8; 160];
                let mut exact = std::vec![0u8; max_decoded_len(value.len())];
                let fast = decide(&value, &mut roomy[skew..], profile, repeat);
                let general = decide(&value, &mut exact, profile, repeat);
                proptest::prop_assert_eq!(&fast, &general, "{:?}", value);
            }
        }
    }

    #[test]
    fn one_pass_path_is_taken() {
        // The usual value decodes at the buffer's first 8-aligned byte,
        // padded: not at its start when that is unaligned.
        let headers = [("authorization", "Basic dXNlcjpwYXNzd29yZA==")];
        let mut backing = [0u8; 64];
        let start = backing.as_ptr().addr().wrapping_neg() & 7;
        let buf = &mut backing[(start + 1)..];
        for profile in [Profile::FastApi, Profile::Strict] {
            let base = buf.as_ptr().addr();
            let outcome = HttpBasic::new()
                .profile(profile)
                .extract(&Request::new(&headers), buf);
            let c = outcome.unwrap().credentials().unwrap();
            assert_eq!((c.username, c.password), ("user", "password"));
            assert_eq!(c.username.as_ptr().addr(), base + 7);
        }
    }
}
