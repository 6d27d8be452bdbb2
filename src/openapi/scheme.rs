//! One `components.securitySchemes` entry: [`SecurityScheme`], any of the
//! eleven classes, with its key and its JSON value.

use super::flows::emit_flows;
use crate::base::error::Error;
use crate::base::json::{len_with, same_output, write_with, Obj, Out};
use crate::schemes::api_key::{ApiKeyCookie, ApiKeyHeader, ApiKeyQuery};
use crate::schemes::http::{HttpBase, HttpBasic, HttpBearer, HttpDigest};
use crate::schemes::oauth2::flows::FlowSlot;
use crate::schemes::oauth2::{
    ExtraKeys, OAuth2, OAuth2AuthorizationCodeBearer, OAuth2PasswordBearer, OpenIdConnect,
};

/// Any of FastAPI's eleven security classes, for its OpenAPI output.
///
/// Build one with `From` (`SecurityScheme::from(HttpBasic::new())`), then
/// [`key`](Self::key) is its name under `components.securitySchemes` and
/// [`write_json`](Self::write_json) its value. Key order is FastAPI's:
/// `type`, `description` (if set), then the class's fields; `None` fields
/// are left out; `HTTPBasic`'s realm never appears.
///
/// ```
/// use authparse::openapi::SecurityScheme;
/// use authparse::{ApiKeyHeader, OAuth2PasswordBearer};
///
/// let mut buf = [0u8; 256];
/// let key = SecurityScheme::from(ApiKeyHeader::new("X-API-Key"));
/// assert_eq!(key.key(), "APIKeyHeader");
/// assert_eq!(key.write_json(&mut buf)?, r#"{"type":"apiKey","in":"header","name":"X-API-Key"}"#);
///
/// let scopes = [("read", "Read access")];
/// let pw = SecurityScheme::from(OAuth2PasswordBearer::new("token").scopes(&scopes));
/// let json = pw.write_json(&mut buf)?;
/// assert_eq!(json, r#"{"type":"oauth2","flows":{"password":{"scopes":{"read":"Read access"},"tokenUrl":"token"}}}"#);
///
/// // A short buffer says how much is needed.
/// let mut small = [0u8; 8];
/// assert_eq!(pw.write_json(&mut small), Err(authparse::Error::BufferTooSmall { needed: 91 }));
/// assert_eq!(pw.json_len(), Ok(91));
/// # Ok::<(), authparse::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SecurityScheme<'c> {
    /// `HTTPBasic`.
    HttpBasic(HttpBasic<'c>),
    /// `HTTPBearer`.
    HttpBearer(HttpBearer<'c>),
    /// `HTTPDigest`.
    HttpDigest(HttpDigest<'c>),
    /// `HTTPBase`.
    HttpBase(HttpBase<'c>),
    /// `APIKeyHeader`.
    ApiKeyHeader(ApiKeyHeader<'c>),
    /// `APIKeyQuery`.
    ApiKeyQuery(ApiKeyQuery<'c>),
    /// `APIKeyCookie`.
    ApiKeyCookie(ApiKeyCookie<'c>),
    /// `OAuth2`.
    OAuth2(OAuth2<'c>),
    /// `OAuth2PasswordBearer`.
    OAuth2PasswordBearer(OAuth2PasswordBearer<'c>),
    /// `OAuth2AuthorizationCodeBearer`.
    OAuth2AuthorizationCodeBearer(OAuth2AuthorizationCodeBearer<'c>),
    /// `OpenIdConnect`.
    OpenIdConnect(OpenIdConnect<'c>),
}

macro_rules! scheme_from {
    ($($ty:ident),*) => {$(
        impl<'c> From<$ty<'c>> for SecurityScheme<'c> {
            fn from(scheme: $ty<'c>) -> Self {
                SecurityScheme::$ty(scheme)
            }
        }
    )*};
}
scheme_from!(
    HttpBasic,
    HttpBearer,
    HttpDigest,
    HttpBase,
    ApiKeyHeader,
    ApiKeyQuery,
    ApiKeyCookie,
    OAuth2,
    OAuth2PasswordBearer,
    OAuth2AuthorizationCodeBearer,
    OpenIdConnect
);

/// Applies `$f` to the scheme inside any variant.
macro_rules! each {
    ($self:expr, $s:ident => $e:expr) => {
        match $self {
            SecurityScheme::HttpBasic($s) => $e,
            SecurityScheme::HttpBearer($s) => $e,
            SecurityScheme::HttpDigest($s) => $e,
            SecurityScheme::HttpBase($s) => $e,
            SecurityScheme::ApiKeyHeader($s) => $e,
            SecurityScheme::ApiKeyQuery($s) => $e,
            SecurityScheme::ApiKeyCookie($s) => $e,
            SecurityScheme::OAuth2($s) => $e,
            SecurityScheme::OAuth2PasswordBearer($s) => $e,
            SecurityScheme::OAuth2AuthorizationCodeBearer($s) => $e,
            SecurityScheme::OpenIdConnect($s) => $e,
        }
    };
}

/// What a class's object is made of, as indexes into [`WORDS`]
/// ([`SecurityScheme::class`]).
#[derive(Clone, Copy)]
struct Class {
    /// The OpenAPI `type`.
    ty: u8,
    /// The key of the member after `type` and `description`.
    first: u8,
    /// Its value: a fixed word, [`FIELD`] (the class's own setting,
    /// [`SecurityScheme::field`]) or [`FLOWS`] (the flows object).
    value: u8,
    /// The key of an optional second member holding the field, or [`NONE`].
    second: u8,
}

/// Every key and fixed value of the scheme objects. Only [`TEXT`] and
/// [`ENDS`] are in flash: a byte per word instead of a `&str`.
const WORDS: [&str; 27] = [
    "HTTPBasic",
    "HTTPBearer",
    "HTTPDigest",
    "HTTPBase",
    "APIKeyHeader",
    "APIKeyQuery",
    "APIKeyCookie",
    "OAuth2",
    "OAuth2PasswordBearer",
    "OAuth2AuthorizationCodeBearer",
    "OpenIdConnect", // 0..=10: class names (the default keys), in `SecurityScheme`'s order
    "http",
    "apiKey",
    "oauth2",
    "openIdConnect", // 11..=14: types
    "scheme",
    "in",
    "flows",
    "openIdConnectUrl",
    "bearerFormat",
    "name", // 15..=20: keys
    "basic",
    "bearer",
    "digest",
    "header",
    "query",
    "cookie", // 21..=26: fixed values
];

// Compile time: an index out of range or an overflow fails the build.
#[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]
const WORD_BYTES: usize = {
    let (mut n, mut i) = (0, 0);
    while i < WORDS.len() {
        n += WORDS[i].len();
        i += 1;
    }
    n
};

/// The words, one after the other.
// Compile time, as above.
#[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]
const TEXT: &str = {
    const BYTES: [u8; WORD_BYTES] = {
        let mut out = [0u8; WORD_BYTES];
        let (mut at, mut i) = (0, 0);
        while i < WORDS.len() {
            let w = WORDS[i].as_bytes();
            let mut j = 0;
            while j < w.len() {
                out[at] = w[j];
                at += 1;
                j += 1;
            }
            i += 1;
        }
        out
    };
    match core::str::from_utf8(&BYTES) {
        Ok(text) => text,
        Err(_) => "",
    }
};

/// Where each word ends in [`TEXT`].
// Compile time, as above (and a word list over 255 bytes fails the build).
#[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]
const ENDS: [u8; WORDS.len()] = {
    let mut ends = [0u8; WORDS.len()];
    let (mut at, mut i) = (0, 0);
    while i < WORDS.len() {
        at += WORDS[i].len();
        ends[i] = if at <= 255 { at as u8 } else { [0][at] };
        i += 1;
    }
    ends
};

/// `value`: the class's field.
const FIELD: u8 = 254;
/// `value`: the flows object.
const FLOWS: u8 = 253;
/// `second`: none.
const NONE: u8 = 255;

/// The `value` and `second` of each class, in `SecurityScheme`'s variant
/// order (`ty` and `first` follow from the order: [`SecurityScheme::class`]).
const MEMBERS: [(u8, u8); 11] = [
    (21, NONE),    // HTTPBasic: scheme=basic
    (22, 19),      // HTTPBearer: scheme=bearer, bearerFormat
    (23, NONE),    // HTTPDigest: scheme=digest
    (FIELD, NONE), // HTTPBase: scheme=…
    (24, 20),      // APIKeyHeader: in=header, name
    (25, 20),      // APIKeyQuery: in=query, name
    (26, 20),      // APIKeyCookie: in=cookie, name
    (FLOWS, NONE), // OAuth2: flows
    (FLOWS, NONE), // OAuth2PasswordBearer: flows
    (FLOWS, NONE), // OAuth2AuthorizationCodeBearer: flows
    (FIELD, NONE), // OpenIdConnect: openIdConnectUrl=…
];

/// `WORDS[i]`, cut out of [`TEXT`] (`""` past the end, which the tables
/// never reach).
const fn word(i: u8) -> &'static str {
    let i = i as usize;
    if i >= ENDS.len() {
        return "";
    }
    // In range: checked above (and `i - 1` only for `i > 0`).
    #[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]
    let (start, end) = (if i == 0 { 0 } else { ENDS[i - 1] }, ENDS[i]);
    match TEXT.split_at_checked(end as usize) {
        Some((head, _)) => match head.split_at_checked(start as usize) {
            Some((_, w)) => w,
            None => "",
        },
        None => "",
    }
}

/// One member of a scheme object, in output order.
#[derive(Clone, Copy, Debug)]
pub(super) enum Member<'c> {
    /// A JSON string.
    Text(&'static str, &'c str),
    /// The `flows` object ([`SecurityScheme::flows`]).
    Flows,
}

impl<'c> SecurityScheme<'c> {
    /// The variant's position: its row of [`MEMBERS`], its class name in
    /// [`WORDS`].
    const fn index(&self) -> usize {
        match self {
            SecurityScheme::HttpBasic(_) => 0,
            SecurityScheme::HttpBearer(_) => 1,
            SecurityScheme::HttpDigest(_) => 2,
            SecurityScheme::HttpBase(_) => 3,
            SecurityScheme::ApiKeyHeader(_) => 4,
            SecurityScheme::ApiKeyQuery(_) => 5,
            SecurityScheme::ApiKeyCookie(_) => 6,
            SecurityScheme::OAuth2(_) => 7,
            SecurityScheme::OAuth2PasswordBearer(_) => 8,
            SecurityScheme::OAuth2AuthorizationCodeBearer(_) => 9,
            SecurityScheme::OpenIdConnect(_) => 10,
        }
    }

    /// What the variant's object is made of. The classes come grouped by
    /// `type` (`http`, `apiKey`, `oauth2`, `openIdConnect`: words 11..=14),
    /// and each type's first key is the word four places on (`scheme`,
    /// `in`, `flows`, `openIdConnectUrl`); the rest is [`MEMBERS`].
    const fn class(&self) -> Class {
        let index = self.index();
        let ty = match index {
            0..=3 => 11,
            4..=6 => 12,
            7..=9 => 13,
            _ => 14,
        };
        // `index` is below 11.
        #[allow(clippy::indexing_slicing)]
        let (value, second) = MEMBERS[index];
        Class {
            ty,
            first: ty.wrapping_add(4),
            value,
            second,
        }
    }

    /// The entry's name under `components.securitySchemes` (and in
    /// `security` requirements): `scheme_name`, or FastAPI's class name.
    ///
    /// ```
    /// use authparse::{openapi::SecurityScheme, HttpDigest};
    /// assert_eq!(SecurityScheme::from(HttpDigest::new()).key(), "HTTPDigest");
    /// assert_eq!(SecurityScheme::from(HttpDigest::new().scheme_name("D")).key(), "D");
    /// ```
    pub const fn key(&self) -> &'c str {
        match each!(self, s => s.get_settings().scheme_name) {
            Some(name) => name,
            None => word(self.index() as u8),
        }
    }

    /// The configured description.
    ///
    /// ```
    /// use authparse::{openapi::SecurityScheme, HttpDigest};
    /// let s = SecurityScheme::from(HttpDigest::new().description("Digest auth"));
    /// assert_eq!(s.description(), Some("Digest auth"));
    /// ```
    pub const fn description(&self) -> Option<&'c str> {
        each!(self, s => s.get_description())
    }

    /// The OpenAPI `type`: `http`, `apiKey`, `oauth2` or `openIdConnect`.
    ///
    /// ```
    /// use authparse::{openapi::SecurityScheme, OpenIdConnect};
    /// assert_eq!(SecurityScheme::from(OpenIdConnect::new("/oidc")).openapi_type(), "openIdConnect");
    /// ```
    pub const fn openapi_type(&self) -> &'static str {
        word(self.class().ty)
    }

    /// The class's own text setting, written under [`Class::value`] or
    /// [`Class::second`]: `HTTPBase`'s scheme, the bearer format, the API
    /// key's name, the OpenID Connect URL.
    fn field(&self) -> Option<&'c str> {
        match self {
            SecurityScheme::HttpBase(s) => Some(s.get_scheme()),
            SecurityScheme::HttpBearer(s) => s.get_bearer_format(),
            SecurityScheme::ApiKeyHeader(s) => Some(s.get_name()),
            SecurityScheme::ApiKeyQuery(s) => Some(s.get_name()),
            SecurityScheme::ApiKeyCookie(s) => Some(s.get_name()),
            SecurityScheme::OpenIdConnect(s) => Some(s.get_open_id_connect_url()),
            _ => None,
        }
    }

    /// The `i`-th member (in FastAPI's order: `type`, `description` if
    /// set, then the class's members from [`SecurityScheme::class`]), `None` for an absent
    /// one; `i` runs over `0..4`.
    pub(super) fn member(&self, i: u8) -> Option<Member<'c>> {
        let class = self.class();
        let field = self.field();
        let text = |key: u8, value: Option<&'c str>| value.map(|v| Member::Text(word(key), v));
        match i {
            0 => Some(Member::Text("type", word(class.ty))),
            1 => self.description().map(|d| Member::Text("description", d)),
            2 => match class.value {
                FLOWS => Some(Member::Flows),
                FIELD => text(class.first, field),
                fixed => Some(Member::Text(word(class.first), word(fixed))),
            },
            _ if class.second == NONE => None,
            _ => text(class.second, field),
        }
    }

    /// The flows an OAuth2 class publishes, as slots of [`OAuthFlows`]
    /// from slot `first` on, and the flows object's extra keys: a generic
    /// `OAuth2`'s own; the bearer classes' one flow, built in `one`.
    pub(super) fn flows<'s>(
        &'s self,
        one: &'s mut Option<FlowSlot<'c>>,
    ) -> (&'s [Option<FlowSlot<'c>>], usize, ExtraKeys<'c>) {
        let (first, slot) = match self {
            SecurityScheme::OAuth2(s) => {
                let flows = s.get_flows();
                return (flows.slots(), 0, flows.get_extra());
            }
            SecurityScheme::OAuth2PasswordBearer(s) => s.flow_slot(),
            SecurityScheme::OAuth2AuthorizationCodeBearer(s) => s.flow_slot(),
            _ => (0, None),
        };
        *one = slot;
        (core::slice::from_ref(one), first, &[])
    }

    pub(super) fn emit<O: Out + ?Sized>(&self, o: &mut O) -> Result<(), Error> {
        let mut obj = Obj::open(o);
        for i in 0..4 {
            match self.member(i) {
                Some(Member::Text(key, value)) => obj.str(key, value),
                Some(Member::Flows) => {
                    let mut one = None;
                    let (slots, first, extra) = self.flows(&mut one);
                    emit_flows(obj.key("flows"), slots, first, extra)?
                }
                None => {}
            }
        }
        obj.close();
        Ok(())
    }

    /// Writes the entry's JSON value into `buf` and returns it.
    ///
    /// Errors: [`Error::BufferTooSmall`] with the exact size needed;
    /// [`Error::InvalidConfiguration`] if a generic `OAuth2`'s extra key
    /// repeats one of the model's own fields.
    ///
    /// ```
    /// use authparse::{openapi::SecurityScheme, HttpBase, Error};
    /// let s = SecurityScheme::from(HttpBase::new("Other"));
    /// let mut buf = [0u8; 64];
    /// assert_eq!(s.write_json(&mut buf)?, r#"{"type":"http","scheme":"Other"}"#);
    /// assert_eq!(s.write_json(&mut buf[..10]), Err(Error::BufferTooSmall { needed: 32 }));
    /// # Ok::<(), authparse::Error>(())
    /// ```
    pub fn write_json<'b>(&self, buf: &'b mut [u8]) -> Result<&'b str, Error> {
        write_with(buf, |s| self.emit(s))
    }

    /// The size of [`write_json`](Self::write_json)'s output.
    ///
    /// ```
    /// use authparse::{openapi::SecurityScheme, HttpBasic};
    /// assert_eq!(SecurityScheme::from(HttpBasic::new()).json_len(), Ok(32));
    /// ```
    pub fn json_len(&self) -> Result<usize, Error> {
        len_with(|s| self.emit(s))
    }

    /// Whether `self` and `other` render the same JSON value (bytes).
    pub(super) fn same_json(&self, other: &Self) -> Result<bool, Error> {
        same_output(|o| self.emit(o), |o| other.emit(o))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_cut_out_of_the_text() {
        for (i, w) in WORDS.iter().enumerate() {
            assert_eq!(word(i as u8), *w);
        }
        assert_eq!(word(WORDS.len() as u8), "");
        assert_eq!((word(FIELD), word(FLOWS), word(NONE)), ("", "", ""));
        // Each type's first key is four words on.
        let first_keys: [(&str, &str); 4] = core::array::from_fn(|t| {
            let ty = 11 + t as u8;
            (word(ty), word(ty + 4))
        });
        assert_eq!(
            first_keys,
            [
                ("http", "scheme"),
                ("apiKey", "in"),
                ("oauth2", "flows"),
                ("openIdConnect", "openIdConnectUrl")
            ]
        );
    }
}
