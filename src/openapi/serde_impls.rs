//! `serde::Serialize` for the OpenAPI values (feature `serde`), to embed
//! them in a larger document. Through `serde_json` the bytes equal
//! [`SecurityScheme::write_json`]'s; through serde-json-core the value is the
//! same (it writes control characters with upper-case hex).

use super::components::SecuritySchemes;
use super::requirements::SecurityRequirements;
use super::scheme::{Member, SecurityScheme};
use crate::base::raw_json::{first_value, RawJson};
use crate::schemes::oauth2::flows::{flow_key, flows_extra_entries, FlowSlot};
use crate::schemes::oauth2::{ExtraKeys, OAuthFlows};

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
        RawValue(self.as_str().as_bytes()).serialize(s)
    }
}

/// Extra members (already validated) after the declared ones.
fn serialize_extra<'a, M: serde::ser::SerializeMap>(
    map: &mut M,
    extra: Option<impl Iterator<Item = (&'a str, RawJson<'a>)>>,
) -> Result<(), M::Error> {
    use serde::ser::Error as _;
    let extra = extra.ok_or_else(|| M::Error::custom("extra key repeats a declared field"))?;
    for (name, value) in extra {
        map.serialize_entry(name, &value)?;
    }
    Ok(())
}

/// `{scope: description}` with Python-dict semantics.
struct ScopesSer<I>(I);

impl<'a, I: Iterator<Item = (&'a str, &'a str)> + Clone> serde::Serialize for ScopesSer<I> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.clone())
    }
}

/// One flow object with its URLs.
struct FlowSer<'s, 'a>(&'s FlowSlot<'a>);

impl serde::Serialize for FlowSer<'_, '_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let FlowSer(entry) = self;
        let mut map = s.serialize_map(None)?;
        if let Some(url) = entry.flow.get_refresh_url() {
            map.serialize_entry("refreshUrl", url)?;
        }
        map.serialize_entry("scopes", &ScopesSer(entry.flow.scope_entries()))?;
        if let Some(url) = entry.authorization_url {
            map.serialize_entry("authorizationUrl", url)?;
        }
        if let Some(url) = entry.token_url {
            map.serialize_entry("tokenUrl", url)?;
        }
        serialize_extra(&mut map, entry.flow.extra_entries())?;
        map.end()
    }
}

/// A flows object: the slots (from slot `.1` on), then the extra keys.
struct FlowsSer<'s, 'a>(&'s [Option<FlowSlot<'a>>], usize, ExtraKeys<'a>);

impl serde::Serialize for FlowsSer<'_, '_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(None)?;
        for (i, slot) in self.0.iter().enumerate() {
            if let Some(slot) = slot {
                map.serialize_entry(flow_key(self.1.saturating_add(i)), &FlowSer(slot))?;
            }
        }
        serialize_extra(&mut map, flows_extra_entries(self.2))?;
        map.end()
    }
}

/// The flows object, as [`SecurityScheme::write_json`] writes it.
impl serde::Serialize for OAuthFlows<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        FlowsSer(self.slots(), 0, self.get_extra()).serialize(s)
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
        for member in (0..4).filter_map(|i| self.member(i)) {
            match member {
                Member::Text(key, value) => map.serialize_entry(key, value)?,
                Member::Flows => {
                    let mut one = None;
                    let (slots, first, extra) = self.flows(&mut one);
                    map.serialize_entry("flows", &FlowsSer(slots, first, extra))?
                }
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
        for entry in self.entries() {
            let (key, scheme) =
                entry.map_err(|_| S::Error::custom("two schemes share one name"))?;
            map.serialize_entry(key, scheme)?;
        }
        map.end()
    }
}

/// A sequence of the items of a (cloneable) iterator.
struct SeqSer<I>(I);

impl<I: Iterator + Clone> serde::Serialize for SeqSer<I>
where
    I::Item: serde::Serialize,
{
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.clone())
    }
}

/// A one-member object.
struct OneEntry<'a, V>(&'a str, V);

impl<V: serde::Serialize> serde::Serialize for OneEntry<'_, V> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(1))?;
        map.serialize_entry(self.0, &self.1)?;
        map.end()
    }
}

/// The merged array, as [`write_json`](SecurityRequirements::write_json) writes it.
impl serde::Serialize for SecurityRequirements<'_, '_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = s.serialize_seq(None)?;
        for start in self.group_starts() {
            let scopes = SeqSer(self.group_scopes(start));
            seq.serialize_element(&OneEntry(self.group_name(start), scopes))?;
        }
        seq.end()
    }
}
