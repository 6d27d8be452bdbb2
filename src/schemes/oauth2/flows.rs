//! The OAuth flow data of OpenAPI: what [`OAuth2`](super::OAuth2)'s
//! `flows=…` holds ([`OAuthFlows`], [`OAuthFlow`], scopes and pass-through
//! keys), read with FastAPI's (Python dict) semantics. `openapi/` writes it.

use crate::base::raw_json::RawJson;

/// OAuth2 scopes for OpenAPI: `(scope, description)` pairs, in order.
pub type ScopeDescriptions<'c> = &'c [(&'c str, &'c str)];

/// Extra (unknown) keys kept on a flow or on the flows object, in order.
pub type ExtraKeys<'c> = &'c [(&'c str, RawJson<'c>)];

/// The settings every OAuth flow object has: `refreshUrl`, `scopes` and
/// pass-through keys. The URLs that identify the flow are given to
/// [`OAuthFlows`].
///
/// ```
/// use authparse::openapi::{OAuthFlow, RawJson};
/// const EXTRA: &[(&str, RawJson)] = &[("x-extra", match RawJson::new("1") {
///     Ok(v) => v,
///     Err(_) => panic!(),
/// })];
/// let flow = OAuthFlow::new().refresh_url("/refresh").scopes(&[("read", "Read")]).extra(EXTRA);
/// assert_eq!(flow.get_refresh_url(), Some("/refresh"));
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct OAuthFlow<'c> {
    refresh_url: Option<&'c str>,
    scopes: ScopeDescriptions<'c>,
    extra: ExtraKeys<'c>,
}

impl<'c> OAuthFlow<'c> {
    /// A flow with no refresh URL, no scopes and no extra keys.
    pub const fn new() -> Self {
        OAuthFlow {
            refresh_url: None,
            scopes: &[],
            extra: &[],
        }
    }

    /// `refreshUrl`.
    pub const fn refresh_url(mut self, url: &'c str) -> Self {
        self.refresh_url = Some(url);
        self
    }

    /// `scopes` (`{scope: description}` in order; a repeated scope keeps its
    /// first position and its last description, like a Python dict).
    pub const fn scopes(mut self, scopes: ScopeDescriptions<'c>) -> Self {
        self.scopes = scopes;
        self
    }

    /// Unknown keys passed through after the known ones (a repeated key
    /// keeps its first position and its last value; a key that is one of
    /// the flow's own fields makes the output an
    /// [`Error::InvalidConfiguration`](crate::Error::InvalidConfiguration)).
    pub const fn extra(mut self, extra: ExtraKeys<'c>) -> Self {
        self.extra = extra;
        self
    }

    /// The configured `refreshUrl`.
    pub const fn get_refresh_url(&self) -> Option<&'c str> {
        self.refresh_url
    }

    /// The configured scopes.
    pub const fn get_scopes(&self) -> ScopeDescriptions<'c> {
        self.scopes
    }

    /// The configured extra keys.
    pub const fn get_extra(&self) -> ExtraKeys<'c> {
        self.extra
    }
}

/// FastAPI's `OAuthFlows` model: the `flows=…` of a generic
/// [`OAuth2`](super::OAuth2).
///
/// FastAPI validates the `flows` dict into a pydantic model whose fields are
/// `implicit`, `password`, `clientCredentials`, `authorizationCode` (in that
/// order, whatever order the dict had), each flow's fields being
/// `refreshUrl`, `scopes`, then `authorizationUrl` and/or `tokenUrl`;
/// unknown keys (`extra="allow"`) follow the declared fields in their dict
/// order. The output follows the same order.
///
/// ```
/// use authparse::openapi::{OAuthFlow, OAuthFlows, SecurityScheme};
/// use authparse::OAuth2;
///
/// let flows = OAuthFlows::new()
///     .client_credentials("https://ex.com/token", OAuthFlow::new())
///     .implicit("https://ex.com/auth", OAuthFlow::new().scopes(&[("a", "A")]));
/// let oauth = OAuth2::new().flows(&flows).scheme_name("MultiFlow").description("Generic");
/// let mut buf = [0u8; 256];
/// assert_eq!(
///     SecurityScheme::from(oauth).write_json(&mut buf)?,
///     r#"{"type":"oauth2","description":"Generic","flows":{"implicit":{"scopes":{"a":"A"},"authorizationUrl":"https://ex.com/auth"},"clientCredentials":{"scopes":{},"tokenUrl":"https://ex.com/token"}}}"#
/// );
/// # Ok::<(), authparse::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct OAuthFlows<'c> {
    /// `implicit`, `password`, `clientCredentials`, `authorizationCode`.
    slots: [Option<FlowSlot<'c>>; 4],
    extra: ExtraKeys<'c>,
}

/// One configured flow as it is written: the flow and the URLs that
/// identify it (its key is its position, [`flow_key`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct FlowSlot<'c> {
    pub(crate) flow: OAuthFlow<'c>,
    pub(crate) authorization_url: Option<&'c str>,
    pub(crate) token_url: Option<&'c str>,
}

impl<'c> FlowSlot<'c> {
    pub(crate) const fn new(
        flow: OAuthFlow<'c>,
        authorization_url: Option<&'c str>,
        token_url: Option<&'c str>,
    ) -> Option<Self> {
        Some(FlowSlot {
            flow,
            authorization_url,
            token_url,
        })
    }
}

impl<'c> OAuthFlows<'c> {
    /// No flows: `OAuth2()` renders `"flows":{}`.
    pub const fn new() -> Self {
        OAuthFlows {
            // Spelled out, not `[None; 4]`: the repeat is a loop that keeps
            // the optimiser from splitting the array, and each builder call
            // then copies the untouched slots with `memcpy` (-284 B of
            // `.text` in firmware (c), `__aeabi_memcpy4` among them).
            slots: [None, None, None, None],
            extra: &[],
        }
    }

    /// `implicit` with its `authorizationUrl`.
    pub const fn implicit(mut self, authorization_url: &'c str, flow: OAuthFlow<'c>) -> Self {
        self.slots[0] = FlowSlot::new(flow, Some(authorization_url), None);
        self
    }

    /// `password` with its `tokenUrl`.
    pub const fn password(mut self, token_url: &'c str, flow: OAuthFlow<'c>) -> Self {
        self.slots[1] = FlowSlot::new(flow, None, Some(token_url));
        self
    }

    /// `clientCredentials` with its `tokenUrl`.
    pub const fn client_credentials(mut self, token_url: &'c str, flow: OAuthFlow<'c>) -> Self {
        self.slots[2] = FlowSlot::new(flow, None, Some(token_url));
        self
    }

    /// `authorizationCode` with its `authorizationUrl` and `tokenUrl`.
    pub const fn authorization_code(
        mut self,
        authorization_url: &'c str,
        token_url: &'c str,
        flow: OAuthFlow<'c>,
    ) -> Self {
        self.slots[3] = FlowSlot::new(flow, Some(authorization_url), Some(token_url));
        self
    }

    /// Unknown keys of the flows object, after the four flows.
    pub const fn extra(mut self, extra: ExtraKeys<'c>) -> Self {
        self.extra = extra;
        self
    }

    /// The `i`-th flow with its one URL.
    const fn one_url(&self, i: usize) -> Option<(&'c str, OAuthFlow<'c>)> {
        // `i` is 0, 1 or 2 (the callers below).
        #[allow(clippy::indexing_slicing)]
        match self.slots[i] {
            Some(FlowSlot {
                flow,
                authorization_url: Some(url),
                token_url: None,
            })
            | Some(FlowSlot {
                flow,
                authorization_url: None,
                token_url: Some(url),
            }) => Some((url, flow)),
            _ => None,
        }
    }

    /// The `implicit` flow: `(authorizationUrl, flow)`.
    pub const fn get_implicit(&self) -> Option<(&'c str, OAuthFlow<'c>)> {
        self.one_url(0)
    }

    /// The `password` flow: `(tokenUrl, flow)`.
    ///
    /// ```
    /// use authparse::openapi::{OAuthFlow, OAuthFlows};
    /// let flows = OAuthFlows::new().password("/token", OAuthFlow::new());
    /// assert_eq!(flows.get_password(), Some(("/token", OAuthFlow::new())));
    /// assert_eq!(flows.get_implicit(), None);
    /// ```
    pub const fn get_password(&self) -> Option<(&'c str, OAuthFlow<'c>)> {
        self.one_url(1)
    }

    /// The `clientCredentials` flow: `(tokenUrl, flow)`.
    pub const fn get_client_credentials(&self) -> Option<(&'c str, OAuthFlow<'c>)> {
        self.one_url(2)
    }

    /// The `authorizationCode` flow: `(authorizationUrl, tokenUrl, flow)`.
    pub const fn get_authorization_code(&self) -> Option<(&'c str, &'c str, OAuthFlow<'c>)> {
        match self.slots[3] {
            Some(FlowSlot {
                flow,
                authorization_url: Some(auth),
                token_url: Some(token),
            }) => Some((auth, token, flow)),
            _ => None,
        }
    }

    /// The extra keys of the flows object.
    pub const fn get_extra(&self) -> ExtraKeys<'c> {
        self.extra
    }

    /// The four flow slots, in FastAPI's order ([`flow_key`]).
    pub(crate) const fn slots(&self) -> &[Option<FlowSlot<'c>>] {
        &self.slots
    }
}

/// `pairs` read as the Python dict they build in order: each key once, at
/// its first position, with its last value.
fn dict_entries<'a, V: Copy>(
    pairs: &'a [(&'a str, V)],
) -> impl Iterator<Item = (&'a str, V)> + Clone + 'a {
    pairs.iter().enumerate().filter_map(move |(i, (name, _))| {
        let earlier = pairs.get(..i).unwrap_or_default();
        if earlier.iter().any(|(n, _)| n == name) {
            return None;
        }
        pairs
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|&(n, v)| (n, v))
    })
}

/// The extra keys written after the declared `fields` (dict semantics,
/// `null` values left out); `None` when one of them is a declared field.
fn extra_entries<'a>(
    extra: ExtraKeys<'a>,
    fields: &[&str],
) -> Option<impl Iterator<Item = (&'a str, RawJson<'a>)> + 'a> {
    if extra.iter().any(|(name, _)| fields.contains(name)) {
        return None;
    }
    Some(dict_entries(extra).filter(|(_, v)| !v.is_null()))
}

impl<'c> OAuthFlow<'c> {
    /// A flow with only `refreshUrl` (optional) and `scopes`: what the two
    /// bearer classes publish.
    pub(crate) const fn of(refresh_url: Option<&'c str>, scopes: ScopeDescriptions<'c>) -> Self {
        OAuthFlow {
            refresh_url,
            scopes,
            extra: &[],
        }
    }

    /// The `scopes` object's members, in output order.
    pub(crate) fn scope_entries(&self) -> impl Iterator<Item = (&'c str, &'c str)> + Clone + 'c {
        dict_entries(self.scopes)
    }

    /// The extra members, in output order (`None`: one repeats a field).
    pub(crate) fn extra_entries(
        &self,
    ) -> Option<impl Iterator<Item = (&'c str, RawJson<'c>)> + 'c> {
        extra_entries(
            self.extra,
            &["refreshUrl", "scopes", "authorizationUrl", "tokenUrl"],
        )
    }
}

/// The keys of the four flows, in FastAPI's order.
const FLOW_KEYS: [&str; 4] = [
    "implicit",
    "password",
    "clientCredentials",
    "authorizationCode",
];

/// The key of the `i`-th flow slot ([`OAuthFlows::slots`]).
pub(crate) fn flow_key(i: usize) -> &'static str {
    FLOW_KEYS.get(i).copied().unwrap_or_default()
}

/// The extra members of a flows object (`None`: one repeats a flow's key).
pub(crate) fn flows_extra_entries<'c>(
    extra: ExtraKeys<'c>,
) -> Option<impl Iterator<Item = (&'c str, RawJson<'c>)> + 'c> {
    extra_entries(extra, &FLOW_KEYS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::vec::Vec;

    #[test]
    fn dict_semantics() {
        let pairs = [("a", 1), ("b", 2), ("a", 3), ("c", 4), ("b", 5)];
        let got: Vec<_> = dict_entries(&pairs).collect();
        assert_eq!(got, [("a", 3), ("b", 5), ("c", 4)]);
        let null = RawJson::new("null").unwrap();
        let one = RawJson::new("1").unwrap();
        let extra = [("x", one), ("y", null), ("x", null)];
        assert_eq!(extra_entries(&extra, &["k"]).unwrap().count(), 0);
        assert!(extra_entries(&[("k", one)], &["k"]).is_none());
    }

    #[test]
    fn flows_in_fastapi_order() {
        let flows = OAuthFlows::new()
            .authorization_code("/a", "/t", OAuthFlow::new())
            .implicit("/i", OAuthFlow::new());
        let keys: Vec<_> = flows
            .slots()
            .iter()
            .enumerate()
            .filter_map(|(i, s)| s.map(|s| (flow_key(i), s.authorization_url, s.token_url)))
            .collect();
        assert_eq!(
            keys,
            [
                ("implicit", Some("/i"), None),
                ("authorizationCode", Some("/a"), Some("/t"))
            ]
        );
        assert_eq!(flows.get_implicit(), Some(("/i", OAuthFlow::new())));
        assert_eq!(
            flows.get_authorization_code(),
            Some(("/a", "/t", OAuthFlow::new()))
        );
        assert_eq!(flows.get_password(), None);
    }
}
