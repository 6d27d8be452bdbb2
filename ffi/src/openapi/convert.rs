//! C views → the core's OpenAPI types, on the caller's stack: every view
//! and array is checked apart from the output buffer as it is read.

use authparse_core::openapi::{OAuthFlow, OAuthFlows, RawJson, SecurityScheme};
use authparse_core::{
    ApiKeyCookie, ApiKeyHeader, ApiKeyQuery, HttpBase, HttpBasic, HttpBearer, HttpDigest, OAuth2,
    OAuth2AuthorizationCodeBearer, OAuth2PasswordBearer, OpenIdConnect, Settings,
};

use super::*;
use crate::abi::{Array, Call, Given, Ptr, Region};

/// Reads C views for a buffered call: each one checked apart from the buffer.
#[derive(Clone, Copy)]
pub(super) struct Reader<'c, 'a>(pub(super) &'c Call<'a>);

impl<'a> Reader<'_, 'a> {
    /// A view as UTF-8 text.
    pub(super) fn text(self, v: &Given<'a, authparse_str>) -> Result<&'a str, authparse_status> {
        self.0.read(v.text()?)
    }

    /// An optional argument: `None` unless `has`.
    fn opt(
        self, has: bool, v: &Given<'a, authparse_str>,
    ) -> Result<Option<&'a str>, authparse_status> {
        if has {
            self.text(v).map(Some)
        } else {
            Ok(None)
        }
    }

    /// An array field of `of`.
    pub(super) fn array<T, U>(
        self, of: &Given<'a, T>, field: impl FnOnce(&T) -> (*const U, usize),
    ) -> Result<&'a [Given<'a, U>], authparse_status> {
        let items = of.array(field)?;
        self.0.apart([Region::array(items.as_ptr(), items.len())])?;
        Ok(items)
    }

    /// The items of an array argument.
    pub(super) fn items<T>(self, a: &Array<'a, T>) -> Result<&'a [Given<'a, T>], authparse_status> {
        let items = a.get()?;
        self.0.apart([a.region()])?;
        Ok(items)
    }

    /// One struct by pointer (NULL is NULL_POINTER).
    pub(super) fn one<T>(self, p: &Ptr<'a, T>) -> Result<&'a Given<'a, T>, authparse_status> {
        let item = p.get()?;
        self.0.apart([item.region()])?;
        Ok(item)
    }
}

/// Hands out consecutive pieces of a fixed-capacity stack array, each
/// borrowed for the whole call.
pub(super) struct Carve<'p, T> {
    rest: &'p mut [T],
}

impl<'p, T> Carve<'p, T> {
    pub(super) fn new(storage: &'p mut [T]) -> Self {
        Carve { rest: storage }
    }

    /// The next `n` slots (`AUTHPARSE_STATUS_INVALID_ARGUMENT` past the capacity).
    pub(super) fn take(&mut self, n: usize) -> Result<&'p mut [T], authparse_status> {
        let rest = core::mem::take(&mut self.rest);
        match rest.split_at_mut_checked(n) {
            Some((head, tail)) => {
                self.rest = tail;
                Ok(head)
            }
            None => Err(AUTHPARSE_STATUS_INVALID_ARGUMENT),
        }
    }

    /// The next slot, set to `value`.
    fn push(&mut self, value: T) -> Result<&'p T, authparse_status> {
        let slot = self.take(1)?;
        let first = slot.first_mut().ok_or(AUTHPARSE_STATUS_INVALID_ARGUMENT)?;
        *first = value;
        Ok(first)
    }
}

/// `null`, the filler of the extra-member pool.
/// (A constant: the check runs at compile time, so no panic path remains.)
pub(super) const RAW_NULL: RawJson<'static> = match RawJson::new("null") {
    Ok(v) => v,
    Err(_) => panic!("null is valid JSON"),
};

/// The stack storage of one call.
pub(super) struct Pools<'p> {
    pub(super) scopes: Carve<'p, (&'p str, &'p str)>,
    pub(super) extra: Carve<'p, (&'p str, RawJson<'p>)>,
    pub(super) flows: Carve<'p, OAuthFlows<'p>>,
}

impl<'p> Pools<'p> {
    pub(super) fn new(
        scopes: &'p mut [(&'p str, &'p str)], extra: &'p mut [(&'p str, RawJson<'p>)],
        flows: &'p mut [OAuthFlows<'p>],
    ) -> Self {
        Pools {
            scopes: Carve::new(scopes),
            extra: Carve::new(extra),
            flows: Carve::new(flows),
        }
    }
}

/// The scope pool of one call.
pub(super) const fn scope_pool() -> [(&'static str, &'static str); AUTHPARSE_OPENAPI_MAX_SCOPES] {
    [("", ""); AUTHPARSE_OPENAPI_MAX_SCOPES]
}

/// The extra-member pool of one call.
pub(super) const fn extra_pool() -> [(&'static str, RawJson<'static>); AUTHPARSE_OPENAPI_MAX_EXTRA]
{
    [("", RAW_NULL); AUTHPARSE_OPENAPI_MAX_EXTRA]
}

/// Scope descriptions into the pool.
fn scopes<'p>(
    rd: Reader<'_, 'p>, pools: &mut Pools<'p>, items: &'p [Given<'p, authparse_scope_description>],
) -> Result<&'p [(&'p str, &'p str)], authparse_status> {
    let slots = pools.scopes.take(items.len())?;
    for (slot, item) in slots.iter_mut().zip(items) {
        *slot = (
            rd.text(item.part(|i| &i.name))?,
            rd.text(item.part(|i| &i.description))?,
        );
    }
    Ok(slots)
}

/// Extra members into the pool.
fn extra<'p>(
    rd: Reader<'_, 'p>, pools: &mut Pools<'p>, items: &'p [Given<'p, authparse_json_member>],
) -> Result<&'p [(&'p str, RawJson<'p>)], authparse_status> {
    let slots = pools.extra.take(items.len())?;
    for (slot, item) in slots.iter_mut().zip(items) {
        let key = rd.text(item.part(|i| &i.key))?;
        let json = rd.text(item.part(|i| &i.json))?;
        *slot = (key, RawJson::new(json).map_err(|e| e.code())?);
    }
    Ok(slots)
}

/// One flow: `(authorizationUrl, tokenUrl, flow)`, the URLs read per `uses`.
fn flow<'p>(
    rd: Reader<'_, 'p>, pools: &mut Pools<'p>, f: &'p Given<'p, authparse_openapi_flow>,
    (uses_auth, uses_token): (bool, bool),
) -> Result<Option<(&'p str, &'p str, OAuthFlow<'p>)>, authparse_status> {
    if !f.present {
        return Ok(None);
    }
    let url = |uses: bool, v: &Given<'p, authparse_str>| if uses { rd.text(v) } else { Ok("") };
    let auth = url(uses_auth, f.part(|f| &f.authorization_url))?;
    let token = url(uses_token, f.part(|f| &f.token_url))?;
    let refresh = rd.opt(f.has_refresh_url, f.part(|f| &f.refresh_url))?;
    let scopes = scopes(rd, pools, rd.array(f, |f| (f.scopes, f.scope_count))?)?;
    let extra = extra(rd, pools, rd.array(f, |f| (f.extra, f.extra_count))?)?;
    let mut flow = OAuthFlow::new().scopes(scopes).extra(extra);
    if let Some(url) = refresh {
        flow = flow.refresh_url(url);
    }
    Ok(Some((auth, token, flow)))
}

/// The flows object into the pool (`None` for NULL).
fn flows<'p>(
    rd: Reader<'_, 'p>, pools: &mut Pools<'p>, p: Ptr<'p, authparse_openapi_flows>,
) -> Result<Option<&'p OAuthFlows<'p>>, authparse_status> {
    if p.opt().is_none() {
        return Ok(None);
    }
    let f = rd.one(&p)?;
    let mut out = OAuthFlows::new();
    if let Some((auth, _, flow)) = flow(rd, pools, f.part(|f| &f.implicit), (true, false))? {
        out = out.implicit(auth, flow);
    }
    if let Some((_, token, flow)) = flow(rd, pools, f.part(|f| &f.password), (false, true))? {
        out = out.password(token, flow);
    }
    let client = f.part(|f| &f.client_credentials);
    if let Some((_, token, flow)) = flow(rd, pools, client, (false, true))? {
        out = out.client_credentials(token, flow);
    }
    let code = f.part(|f| &f.authorization_code);
    if let Some((auth, token, flow)) = flow(rd, pools, code, (true, true))? {
        out = out.authorization_code(auth, token, flow);
    }
    out = out.extra(extra(
        rd,
        pools,
        rd.array(f, |f| (f.extra, f.extra_count))?,
    )?);
    pools.flows.push(out).map(Some)
}

/// The core scheme for a C scheme (each class reads only its own fields).
pub(super) fn scheme<'p>(
    rd: Reader<'_, 'p>, pools: &mut Pools<'p>, c: &'p Given<'p, authparse_openapi_scheme>,
) -> Result<SecurityScheme<'p>, authparse_status> {
    let text = |field: fn(&authparse_openapi_scheme) -> &authparse_str| rd.text(c.part(field));
    let settings = Settings {
        scheme_name: rd.opt(c.has_scheme_name, c.part(|c| &c.scheme_name))?,
        description: rd.opt(c.has_description, c.part(|c| &c.description))?,
        ..Settings::DEFAULT
    };
    Ok(match c.kind {
        AUTHPARSE_CLASS_HTTP_BASIC => {
            let mut basic = HttpBasic::new();
            if let Some(realm) = rd.opt(c.has_realm, c.part(|c| &c.realm))? {
                basic = basic.realm(realm);
            }
            SecurityScheme::from(basic.settings(settings))
        }
        AUTHPARSE_CLASS_HTTP_BEARER => {
            let mut bearer = HttpBearer::new();
            if let Some(format) = rd.opt(c.has_bearer_format, c.part(|c| &c.bearer_format))? {
                bearer = bearer.bearer_format(format);
            }
            SecurityScheme::from(bearer.settings(settings))
        }
        AUTHPARSE_CLASS_HTTP_DIGEST => SecurityScheme::from(HttpDigest::new().settings(settings)),
        AUTHPARSE_CLASS_HTTP_BASE => {
            SecurityScheme::from(HttpBase::new(text(|c| &c.scheme)?).settings(settings))
        }
        AUTHPARSE_CLASS_API_KEY_HEADER => {
            SecurityScheme::from(ApiKeyHeader::new(text(|c| &c.name)?).settings(settings))
        }
        AUTHPARSE_CLASS_API_KEY_QUERY => {
            SecurityScheme::from(ApiKeyQuery::new(text(|c| &c.name)?).settings(settings))
        }
        AUTHPARSE_CLASS_API_KEY_COOKIE => {
            SecurityScheme::from(ApiKeyCookie::new(text(|c| &c.name)?).settings(settings))
        }
        AUTHPARSE_CLASS_OAUTH2 => {
            let mut oauth = OAuth2::new();
            if let Some(f) = flows(rd, pools, c.ptr(|c| c.flows))? {
                oauth = oauth.flows(f);
            }
            SecurityScheme::from(oauth.settings(settings))
        }
        AUTHPARSE_CLASS_OAUTH2_PASSWORD_BEARER => {
            let token = text(|c| &c.token_url)?;
            let refresh = rd.opt(c.has_refresh_url, c.part(|c| &c.refresh_url))?;
            let scopes = scopes(rd, pools, rd.array(c, |c| (c.scopes, c.scope_count))?)?;
            let mut bearer = OAuth2PasswordBearer::new(token).scopes(scopes);
            if let Some(url) = refresh {
                bearer = bearer.refresh_url(url);
            }
            SecurityScheme::from(bearer.settings(settings))
        }
        AUTHPARSE_CLASS_OAUTH2_AUTHORIZATION_CODE_BEARER => {
            let auth = text(|c| &c.authorization_url)?;
            let token = text(|c| &c.token_url)?;
            let refresh = rd.opt(c.has_refresh_url, c.part(|c| &c.refresh_url))?;
            let scopes = scopes(rd, pools, rd.array(c, |c| (c.scopes, c.scope_count))?)?;
            let mut code = OAuth2AuthorizationCodeBearer::new(auth, token).scopes(scopes);
            if let Some(url) = refresh {
                code = code.refresh_url(url);
            }
            SecurityScheme::from(code.settings(settings))
        }
        AUTHPARSE_CLASS_OPEN_ID_CONNECT => SecurityScheme::from(
            OpenIdConnect::new(text(|c| &c.open_id_connect_url)?).settings(settings),
        ),
        _ => return Err(AUTHPARSE_STATUS_INVALID_ARGUMENT),
    })
}
