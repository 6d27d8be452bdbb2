//! `serde::Serialize` for the OpenAPI values (feature `serde`), to embed
//! them in a larger document. Through `serde_json` the bytes equal
//! [`SecurityScheme::write_json`]'s; through serde-json-core the value is the
//! same (it writes control characters with upper-case hex).

use super::*;

/// The JSON text of a (validated) string's contents, unescaped on the fly.
struct Unescaped<'a>(&'a [u8]);

impl core::fmt::Display for Unescaped<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        use core::fmt::Write;
        let hex4 = |s: &[u8]| -> Option<u32> {
            let text = core::str::from_utf8(s.get(..4)?).ok()?;
            u32::from_str_radix(text, 16).ok()
        };
        let mut rest = self.0;
        loop {
            let Some(p) = rest.iter().position(|&b| b == b'\\') else {
                return f.write_str(core::str::from_utf8(rest).map_err(|_| core::fmt::Error)?);
            };
            let (plain, tail) = rest.split_at_checked(p).ok_or(core::fmt::Error)?;
            f.write_str(core::str::from_utf8(plain).map_err(|_| core::fmt::Error)?)?;
            let (esc, tail) = match tail {
                [b'\\', b'u', tail @ ..] => {
                    let unit = hex4(tail).ok_or(core::fmt::Error)?;
                    let tail = tail.get(4..).unwrap_or_default();
                    match (unit, tail) {
                        (0xd800..=0xdbff, [b'\\', b'u', low @ ..]) => match hex4(low) {
                            Some(lo @ 0xdc00..=0xdfff) => {
                                let hi = unit.saturating_sub(0xd800) << 10;
                                let code = 0x10000u32
                                    .saturating_add(hi)
                                    .saturating_add(lo.saturating_sub(0xdc00));
                                (code, low.get(4..).unwrap_or_default())
                            }
                            _ => (0xfffd, tail),
                        },
                        _ => (unit, tail),
                    }
                }
                [b'\\', c, tail @ ..] => {
                    let ch = match c {
                        b'b' => 0x08,
                        b'f' => 0x0c,
                        b'n' => 0x0a,
                        b'r' => 0x0d,
                        b't' => 0x09,
                        other => u32::from(*other),
                    };
                    (ch, tail)
                }
                _ => return Err(core::fmt::Error),
            };
            f.write_char(char::from_u32(esc).unwrap_or('\u{fffd}'))?;
            rest = tail;
        }
    }
}

/// One complete, validated JSON value, re-emitted through a serde serializer.
struct RawValue<'a>(&'a [u8]);

/// Splits the first value off `s` (already validated as part of a RawJson).
fn first_value(s: &[u8]) -> Option<(&[u8], &[u8])> {
    let rest = json_value(s, MAX_DEPTH)?;
    s.split_at_checked(s.len().saturating_sub(rest.len()))
}

impl serde::Serialize for RawValue<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{Error as _, SerializeMap, SerializeSeq};
        let bad = || S::Error::custom("malformed raw JSON");
        match self.0 {
            [b'"', inner @ .., b'"'] => s.collect_str(&Unescaped(inner)),
            b"true" => s.serialize_bool(true),
            b"false" => s.serialize_bool(false),
            b"null" => s.serialize_unit(),
            [b'[', inner @ .., b']'] => {
                let mut seq = s.serialize_seq(None)?;
                let mut rest = inner;
                while let Some((item, tail)) = first_value(rest) {
                    seq.serialize_element(&RawValue(item))?;
                    rest = tail.strip_prefix(b",").unwrap_or(tail);
                }
                seq.end()
            }
            [b'{', inner @ .., b'}'] => {
                let mut map = s.serialize_map(None)?;
                let mut rest = inner;
                while let Some((key, tail)) = first_value(rest) {
                    let tail = tail.strip_prefix(b":").ok_or_else(bad)?;
                    let (value, tail) = first_value(tail).ok_or_else(bad)?;
                    let key = match key {
                        [b'"', k @ .., b'"'] => k,
                        _ => return Err(bad()),
                    };
                    map.serialize_entry(&Unescaped(key).to_key(), &RawValue(value))?;
                    rest = tail.strip_prefix(b",").unwrap_or(tail);
                }
                map.end()
            }
            number => {
                let text = core::str::from_utf8(number).map_err(|_| bad())?;
                if let Ok(n) = text.parse::<u64>() {
                    s.serialize_u64(n)
                } else if let Ok(n) = text.parse::<i64>() {
                    s.serialize_i64(n)
                } else {
                    s.serialize_f64(text.parse::<f64>().map_err(|_| bad())?)
                }
            }
        }
    }
}

/// A map key that serialises as its unescaped text.
struct KeyText<'a>(Unescaped<'a>);

impl Unescaped<'_> {
    fn to_key(&self) -> KeyText<'_> {
        KeyText(Unescaped(self.0))
    }
}

impl serde::Serialize for KeyText<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0)
    }
}

/// Serialises the fragment as the JSON value it is: verbatim structure and
/// strings; numbers through `u64`, `i64` or `f64` (so a float may be
/// written in the serializer's own notation).
impl serde::Serialize for RawJson<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        RawValue(self.0.as_bytes()).serialize(s)
    }
}

/// `{scope: description}` with Python-dict semantics.
struct ScopesSer<'a>(ScopeDescriptions<'a>);

impl serde::Serialize for ScopesSer<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let scopes = self.0;
        let mut map = s.serialize_map(None)?;
        for (i, (name, _)) in scopes.iter().enumerate() {
            if scopes
                .get(..i)
                .unwrap_or_default()
                .iter()
                .any(|(n, _)| n == name)
            {
                continue;
            }
            let description = scopes
                .iter()
                .rev()
                .find(|(n, _)| n == name)
                .map_or("", |(_, d)| d);
            map.serialize_entry(name, description)?;
        }
        map.end()
    }
}

/// Extra keys after the declared `fields` (see [`emit_extra`]).
fn serialize_extra<M: serde::ser::SerializeMap>(
    map: &mut M,
    extra: ExtraKeys<'_>,
    fields: &[&str],
) -> Result<(), M::Error> {
    use serde::ser::Error as _;
    for (i, (name, _)) in extra.iter().enumerate() {
        if fields.contains(name) {
            return Err(M::Error::custom("extra key repeats a declared field"));
        }
        if extra
            .get(..i)
            .unwrap_or_default()
            .iter()
            .any(|(n, _)| n == name)
        {
            continue;
        }
        let value = extra.iter().rev().find(|(n, _)| n == name).map(|(_, v)| *v);
        if let Some(value) = value.filter(|v| !v.is_null()) {
            map.serialize_entry(name, &value)?;
        }
    }
    Ok(())
}

const FLOW_FIELDS: [&str; 4] = ["refreshUrl", "scopes", "authorizationUrl", "tokenUrl"];
const FLOWS_FIELDS: [&str; 4] = [
    "implicit",
    "password",
    "clientCredentials",
    "authorizationCode",
];

/// One flow object with its URLs.
struct FlowSer<'a>(&'a OAuthFlow<'a>, Option<&'a str>, Option<&'a str>);

impl serde::Serialize for FlowSer<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let FlowSer(flow, authorization_url, token_url) = self;
        let mut map = s.serialize_map(None)?;
        if let Some(url) = flow.refresh_url {
            map.serialize_entry("refreshUrl", url)?;
        }
        map.serialize_entry("scopes", &ScopesSer(flow.scopes))?;
        if let Some(url) = authorization_url {
            map.serialize_entry("authorizationUrl", url)?;
        }
        if let Some(url) = token_url {
            map.serialize_entry("tokenUrl", url)?;
        }
        serialize_extra(&mut map, flow.extra, &FLOW_FIELDS)?;
        map.end()
    }
}

/// The flows object, as [`SecurityScheme::write_json`] writes it.
impl serde::Serialize for OAuthFlows<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(None)?;
        if let Some((url, flow)) = &self.implicit {
            map.serialize_entry("implicit", &FlowSer(flow, Some(url), None))?;
        }
        if let Some((url, flow)) = &self.password {
            map.serialize_entry("password", &FlowSer(flow, None, Some(url)))?;
        }
        if let Some((url, flow)) = &self.client_credentials {
            map.serialize_entry("clientCredentials", &FlowSer(flow, None, Some(url)))?;
        }
        if let Some((auth, token, flow)) = &self.authorization_code {
            map.serialize_entry("authorizationCode", &FlowSer(flow, Some(auth), Some(token)))?;
        }
        serialize_extra(&mut map, self.extra, &FLOWS_FIELDS)?;
        map.end()
    }
}

/// The entry's value, as [`write_json`](SecurityScheme::write_json) writes
/// it, for embedding in a larger document (`serde_json_core::to_slice`,
/// `serde_json::to_writer`, …). The bytes are FastAPI's with `serde_json`;
/// serde-json-core writes control characters as `\u001F` (upper-case hex),
/// the same JSON value.
///
/// ```
/// use authparse::openapi::SecurityScheme;
/// use authparse::ApiKeyCookie;
/// let scheme = SecurityScheme::from(ApiKeyCookie::new("session"));
/// let mut buf = [0u8; 64];
/// let n = serde_json_core::to_slice(&scheme, &mut buf).unwrap();
/// assert_eq!(&buf[..n], br#"{"type":"apiKey","in":"cookie","name":"session"}"#);
/// ```
impl serde::Serialize for SecurityScheme<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("type", self.openapi_type())?;
        if let Some(description) = self.description() {
            map.serialize_entry("description", description)?;
        }
        match self {
            SecurityScheme::HttpBasic(_) => map.serialize_entry("scheme", "basic")?,
            SecurityScheme::HttpDigest(_) => map.serialize_entry("scheme", "digest")?,
            SecurityScheme::HttpBase(x) => map.serialize_entry("scheme", x.get_scheme())?,
            SecurityScheme::HttpBearer(x) => {
                map.serialize_entry("scheme", "bearer")?;
                if let Some(format) = x.get_bearer_format() {
                    map.serialize_entry("bearerFormat", format)?;
                }
            }
            SecurityScheme::ApiKeyHeader(x) => {
                map.serialize_entry("in", "header")?;
                map.serialize_entry("name", x.get_name())?;
            }
            SecurityScheme::ApiKeyQuery(x) => {
                map.serialize_entry("in", "query")?;
                map.serialize_entry("name", x.get_name())?;
            }
            SecurityScheme::ApiKeyCookie(x) => {
                map.serialize_entry("in", "cookie")?;
                map.serialize_entry("name", x.get_name())?;
            }
            SecurityScheme::OAuth2(x) => map.serialize_entry("flows", x.get_flows())?,
            SecurityScheme::OAuth2PasswordBearer(x) => {
                let flow = OAuthFlow::new().scopes(x.get_scopes());
                let flow = match x.get_refresh_url() {
                    Some(url) => flow.refresh_url(url),
                    None => flow,
                };
                let flows = OAuthFlows::new().password(x.get_token_url(), flow);
                map.serialize_entry("flows", &flows)?;
            }
            SecurityScheme::OAuth2AuthorizationCodeBearer(x) => {
                let flow = OAuthFlow::new().scopes(x.get_scopes());
                let flow = match x.get_refresh_url() {
                    Some(url) => flow.refresh_url(url),
                    None => flow,
                };
                let flows = OAuthFlows::new().authorization_code(
                    x.get_authorization_url(),
                    x.get_token_url(),
                    flow,
                );
                map.serialize_entry("flows", &flows)?;
            }
            SecurityScheme::OpenIdConnect(x) => {
                map.serialize_entry("openIdConnectUrl", x.get_open_id_connect_url())?;
            }
        }
        map.end()
    }
}

/// The object, as [`write_json`](SecuritySchemes::write_json) writes it (a
/// rejected collision is a custom serializer error).
impl serde::Serialize for SecuritySchemes<'_, '_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{Error as _, SerializeMap};
        let mut map = s.serialize_map(None)?;
        for (i, scheme) in self.schemes.iter().enumerate() {
            let key = scheme.key();
            if self
                .schemes
                .get(..i)
                .unwrap_or_default()
                .iter()
                .any(|s| s.key() == key)
            {
                continue;
            }
            let mut last = scheme;
            for later in self.schemes.iter().skip(i).filter(|s| s.key() == key) {
                if self.reject_collisions {
                    let same = scheme
                        .same_json(later)
                        .map_err(|_| S::Error::custom("invalid scheme"))?;
                    if !same {
                        return Err(S::Error::custom("two schemes share one name"));
                    }
                }
                last = later;
            }
            map.serialize_entry(key, last)?;
        }
        map.end()
    }
}

/// The merged scopes of the group starting at index `start`.
struct GroupScopes<'s, 'a>(&'s [Requirement<'a>], usize);

impl serde::Serialize for GroupScopes<'_, '_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let GroupScopes(found, i) = *self;
        let Some(name) = found.get(i).map(|r| r.scheme_name) else {
            return s.serialize_seq(Some(0))?.end();
        };
        let mut seq = s.serialize_seq(None)?;
        let group = found.iter().enumerate().skip(i);
        for (k, member) in group.filter(|(_, r)| r.scheme_name == name) {
            for (si, scope) in member.scopes.iter().enumerate() {
                let seen_before = found
                    .get(i..k)
                    .unwrap_or_default()
                    .iter()
                    .filter(|r| r.scheme_name == name)
                    .any(|r| r.scopes.contains(scope));
                let seen_here = member.scopes.get(..si).unwrap_or_default().contains(scope);
                if !seen_before && !seen_here {
                    seq.serialize_element(scope)?;
                }
            }
        }
        seq.end()
    }
}

/// One `{name: [scopes]}` object of the merged array.
struct GroupSer<'s, 'a>(&'s [Requirement<'a>], usize);

impl serde::Serialize for GroupSer<'_, '_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let GroupSer(found, i) = *self;
        let mut map = s.serialize_map(Some(1))?;
        if let Some(req) = found.get(i) {
            map.serialize_entry(req.scheme_name, &GroupScopes(found, i))?;
        }
        map.end()
    }
}

/// The merged array, as [`write_json`](SecurityRequirements::write_json) writes it.
impl serde::Serialize for SecurityRequirements<'_, '_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = s.serialize_seq(None)?;
        for (i, req) in self.found.iter().enumerate() {
            let earlier = self.found.get(..i).unwrap_or_default();
            if !earlier.iter().any(|r| r.scheme_name == req.scheme_name) {
                seq.serialize_element(&GroupSer(self.found, i))?;
            }
        }
        seq.end()
    }
}
