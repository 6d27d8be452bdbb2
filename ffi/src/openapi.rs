//! FastAPI's OpenAPI output from C: `components.securitySchemes` entries and
//! objects, an operation's `security` array, and the password-form request
//! body, byte-identical to the Rust renderer (`authparse::openapi`).
//!
//! The Rust renderer takes slices of Rust values (`&[(&str, &str)]` scopes,
//! `&[SecurityScheme]`, …). C hands over arrays of views, so each call
//! converts them into fixed-capacity arrays on its own stack (no allocation):
//! the `AUTHPARSE_OPENAPI_MAX_*` constants bound one call, and more is
//! `AUTHPARSE_STATUS_INVALID_ARGUMENT`.

use authparse_core::openapi::{
    OAuthFlow, OAuthFlows, PasswordFormBody, RawJson, Requirement, SecurityRequirements,
    SecurityScheme, SecuritySchemes,
};
use authparse_core::{
    ApiKeyCookie, ApiKeyHeader, ApiKeyQuery, Error, HttpBase, HttpBasic, HttpBearer, HttpDigest,
    OAuth2, OAuth2AuthorizationCodeBearer, OAuth2PasswordBearer, OpenIdConnect,
};

use crate::types::*;

// ---------------------------------------------------------------------------
// Limits
// ---------------------------------------------------------------------------

/// The most schemes `authparse_openapi_schemes_render` takes in one call.
pub const AUTHPARSE_OPENAPI_MAX_SCHEMES: usize = 16;
/// The most scope descriptions one call takes, counted over every scheme and
/// flow it is given (`authparse_openapi_scheme.scopes` and
/// `authparse_openapi_flow.scopes` together).
pub const AUTHPARSE_OPENAPI_MAX_SCOPES: usize = 64;
/// The most extra (pass-through) members one call takes, counted over every
/// flow and flows object it is given.
pub const AUTHPARSE_OPENAPI_MAX_EXTRA: usize = 32;
/// The most requirements `authparse_openapi_requirements_render` takes.
pub const AUTHPARSE_OPENAPI_MAX_REQUIREMENTS: usize = 32;
/// The most scopes `authparse_openapi_requirements_render` takes, counted
/// over all its requirements.
pub const AUTHPARSE_OPENAPI_MAX_REQUIREMENT_SCOPES: usize = 64;

// ---------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------

/// One of FastAPI's eleven security classes (`authparse_openapi_scheme.kind`).
/// The numbers are fixed; 0 is no class (rejected, so a zeroed struct is
/// caught).
pub type authparse_class = u32;
/// No class: `AUTHPARSE_STATUS_INVALID_ARGUMENT`.
pub const AUTHPARSE_CLASS_NONE: authparse_class = 0;
/// `HTTPBasic` (reads `realm`, which never appears in OpenAPI).
pub const AUTHPARSE_CLASS_HTTP_BASIC: authparse_class = 1;
/// `HTTPBearer` (reads `bearer_format`).
pub const AUTHPARSE_CLASS_HTTP_BEARER: authparse_class = 2;
/// `HTTPDigest`.
pub const AUTHPARSE_CLASS_HTTP_DIGEST: authparse_class = 3;
/// `HTTPBase` (reads `scheme`).
pub const AUTHPARSE_CLASS_HTTP_BASE: authparse_class = 4;
/// `APIKeyHeader` (reads `name`).
pub const AUTHPARSE_CLASS_API_KEY_HEADER: authparse_class = 5;
/// `APIKeyQuery` (reads `name`).
pub const AUTHPARSE_CLASS_API_KEY_QUERY: authparse_class = 6;
/// `APIKeyCookie` (reads `name`).
pub const AUTHPARSE_CLASS_API_KEY_COOKIE: authparse_class = 7;
/// `OAuth2` (reads `flows`).
pub const AUTHPARSE_CLASS_OAUTH2: authparse_class = 8;
/// `OAuth2PasswordBearer` (reads `token_url`, `refresh_url`, `scopes`).
pub const AUTHPARSE_CLASS_OAUTH2_PASSWORD_BEARER: authparse_class = 9;
/// `OAuth2AuthorizationCodeBearer` (reads `authorization_url`, `token_url`,
/// `refresh_url`, `scopes`).
pub const AUTHPARSE_CLASS_OAUTH2_AUTHORIZATION_CODE_BEARER: authparse_class = 10;
/// `OpenIdConnect` (reads `open_id_connect_url`).
pub const AUTHPARSE_CLASS_OPEN_ID_CONNECT: authparse_class = 11;

/// One OAuth2 scope and its description: an entry of FastAPI's
/// `scopes={name: description}` dict. Both UTF-8. In an array, a repeated
/// name keeps its first position and its last description (a Python dict).
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct authparse_scope_description {
    /// The scope.
    pub name: authparse_str,
    /// Its description.
    pub description: authparse_str,
}

/// An extra (pass-through) member of a flow or of the flows object: FastAPI
/// keeps unknown keys of `OAuth2(flows=…)`. `key` is UTF-8 text; `json` is
/// one compact JSON value written as Python's
/// `json.dumps(v, separators=(",", ":"), ensure_ascii=False)` writes it
/// (checked: one complete value, no whitespace outside strings, at most 32
/// levels of nesting; otherwise `AUTHPARSE_STATUS_INVALID_CONFIGURATION`).
/// It is copied to the output verbatim; the value `null` drops the member.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct authparse_json_member {
    /// The member's name.
    pub key: authparse_str,
    /// The member's value as compact JSON text.
    pub json: authparse_str,
}

/// One OAuth2 flow of a generic `OAuth2(flows=…)`.
///
/// Which URLs are read depends on the flow: `implicit` reads
/// `authorization_url`; `password` and `client_credentials` read `token_url`;
/// `authorization_code` reads both. The other one is ignored. `scopes`
/// (`scope_count` entries, NULL allowed with 0) is always written, `{}` when
/// empty; `extra` (`extra_count` members) follow the known keys.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct authparse_openapi_flow {
    /// Whether this flow is there (otherwise the other fields are not read).
    pub present: bool,
    /// `authorizationUrl` (implicit, authorization code).
    pub authorization_url: authparse_str,
    /// `tokenUrl` (password, client credentials, authorization code).
    pub token_url: authparse_str,
    /// Whether `refresh_url` is set (`refreshUrl` is left out otherwise).
    pub has_refresh_url: bool,
    /// `refreshUrl`.
    pub refresh_url: authparse_str,
    /// `scopes`, in order.
    pub scopes: *const authparse_scope_description,
    /// How many scopes.
    pub scope_count: usize,
    /// Pass-through members, in order (a repeated key keeps its first
    /// position and its last value; a key that is one of the flow's own
    /// fields is `AUTHPARSE_STATUS_INVALID_CONFIGURATION`).
    pub extra: *const authparse_json_member,
    /// How many extra members.
    pub extra_count: usize,
}

/// The `flows=…` of a generic `OAuth2`: FastAPI's `OAuthFlows` model. The
/// output lists `implicit`, `password`, `clientCredentials`,
/// `authorizationCode` (those present, in that order), then `extra`.
/// Initialise with `authparse_openapi_flows_init` (nothing present).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct authparse_openapi_flows {
    /// `implicit`.
    pub implicit: authparse_openapi_flow,
    /// `password`.
    pub password: authparse_openapi_flow,
    /// `clientCredentials`.
    pub client_credentials: authparse_openapi_flow,
    /// `authorizationCode`.
    pub authorization_code: authparse_openapi_flow,
    /// Pass-through members of the flows object (a key naming one of the
    /// four flows is `AUTHPARSE_STATUS_INVALID_CONFIGURATION`).
    pub extra: *const authparse_json_member,
    /// How many extra members.
    pub extra_count: usize,
}

/// One security scheme as its constructor configures it, for the OpenAPI
/// output. Fill it with `authparse_openapi_scheme_init` and set fields.
///
/// Optional arguments (FastAPI's `None` default) have a `has_*` flag: when
/// it is false the view is not read and the key is left out; when true the
/// view is the value, and an empty view is the empty string (FastAPI writes
/// `""`). Required arguments (`scheme`, `name`, the URLs) have no flag.
/// Each class reads only its own fields (listed at its `AUTHPARSE_CLASS_*`
/// constant, plus `scheme_name` and `description` for every class); the
/// others are ignored. Every view that is read must be UTF-8
/// (`AUTHPARSE_STATUS_CONFIG_NOT_UTF8`). Nothing is kept after the call,
/// except that a rendered key may point into `scheme_name`.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct authparse_openapi_scheme {
    /// One of `AUTHPARSE_CLASS_*`.
    pub kind: authparse_class,
    /// Whether `scheme_name` is set (the key is the class name otherwise).
    pub has_scheme_name: bool,
    /// `scheme_name=…`: the key under `components.securitySchemes`.
    pub scheme_name: authparse_str,
    /// Whether `description` is set.
    pub has_description: bool,
    /// `description=…`.
    pub description: authparse_str,
    /// HTTPBasic: whether `realm` is set.
    pub has_realm: bool,
    /// HTTPBasic: `realm=…` (validated, never written to OpenAPI).
    pub realm: authparse_str,
    /// HTTPBase: `scheme=…`, written as given.
    pub scheme: authparse_str,
    /// APIKeyHeader / APIKeyQuery / APIKeyCookie: `name=…`.
    pub name: authparse_str,
    /// HTTPBearer: whether `bearer_format` is set.
    pub has_bearer_format: bool,
    /// HTTPBearer: `bearerFormat=…`.
    pub bearer_format: authparse_str,
    /// OAuth2PasswordBearer / OAuth2AuthorizationCodeBearer: `tokenUrl=…`.
    pub token_url: authparse_str,
    /// OAuth2PasswordBearer / OAuth2AuthorizationCodeBearer: whether
    /// `refresh_url` is set.
    pub has_refresh_url: bool,
    /// OAuth2PasswordBearer / OAuth2AuthorizationCodeBearer: `refreshUrl=…`.
    pub refresh_url: authparse_str,
    /// OAuth2AuthorizationCodeBearer: `authorizationUrl=…`.
    pub authorization_url: authparse_str,
    /// OpenIdConnect: `openIdConnectUrl=…`.
    pub open_id_connect_url: authparse_str,
    /// OAuth2PasswordBearer / OAuth2AuthorizationCodeBearer: `scopes=…`
    /// (`scope_count` entries; NULL allowed with 0).
    pub scopes: *const authparse_scope_description,
    /// How many scopes.
    pub scope_count: usize,
    /// OAuth2: `flows=…`; NULL is `OAuth2()` without flows (`"flows":{}`).
    pub flows: *const authparse_openapi_flows,
}

/// One security dependency of an operation: the scheme's key (as
/// `authparse_openapi_scheme_render` gives it) and the scopes accumulated
/// along its dependency path (`scope_count` UTF-8 views; NULL allowed with 0).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct authparse_openapi_requirement {
    /// The scheme's key.
    pub scheme_name: authparse_str,
    /// The scopes, outermost first.
    pub scopes: *const authparse_str,
    /// How many scopes.
    pub scope_count: usize,
}

const NO_FLOW: authparse_openapi_flow = authparse_openapi_flow {
    present: false,
    authorization_url: authparse_str::EMPTY,
    token_url: authparse_str::EMPTY,
    has_refresh_url: false,
    refresh_url: authparse_str::EMPTY,
    scopes: core::ptr::null(),
    scope_count: 0,
    extra: core::ptr::null(),
    extra_count: 0,
};

impl Default for authparse_openapi_flow {
    fn default() -> Self {
        NO_FLOW
    }
}

impl Default for authparse_openapi_flows {
    fn default() -> Self {
        authparse_openapi_flows {
            implicit: NO_FLOW,
            password: NO_FLOW,
            client_credentials: NO_FLOW,
            authorization_code: NO_FLOW,
            extra: core::ptr::null(),
            extra_count: 0,
        }
    }
}

impl authparse_openapi_scheme {
    /// A scheme of class `kind` with every optional argument unset and every
    /// view empty.
    pub const fn new(kind: authparse_class) -> Self {
        authparse_openapi_scheme {
            kind,
            has_scheme_name: false,
            scheme_name: authparse_str::EMPTY,
            has_description: false,
            description: authparse_str::EMPTY,
            has_realm: false,
            realm: authparse_str::EMPTY,
            scheme: authparse_str::EMPTY,
            name: authparse_str::EMPTY,
            has_bearer_format: false,
            bearer_format: authparse_str::EMPTY,
            token_url: authparse_str::EMPTY,
            has_refresh_url: false,
            refresh_url: authparse_str::EMPTY,
            authorization_url: authparse_str::EMPTY,
            open_id_connect_url: authparse_str::EMPTY,
            scopes: core::ptr::null(),
            scope_count: 0,
            flows: core::ptr::null(),
        }
    }
}

impl Default for authparse_openapi_scheme {
    fn default() -> Self {
        authparse_openapi_scheme::new(AUTHPARSE_CLASS_NONE)
    }
}

/// Sets `*scheme` to class `kind` with no optional argument set, every view
/// empty, no scopes and no flows.
///
/// Returns `AUTHPARSE_STATUS_INVALID_ARGUMENT` for an unknown `kind` (the
/// struct is still initialised, with that number).
///
/// # Safety
/// `scheme` must be NULL (`AUTHPARSE_STATUS_NULL_POINTER`) or writable.
#[no_mangle]
pub unsafe extern "C" fn authparse_openapi_scheme_init(
    scheme: *mut authparse_openapi_scheme,
    kind: authparse_class,
) -> authparse_status {
    status(|| {
        non_null(scheme)?;
        // SAFETY: non-NULL and writable by contract.
        unsafe { put(scheme, authparse_openapi_scheme::new(kind)) };
        if !(AUTHPARSE_CLASS_HTTP_BASIC..=AUTHPARSE_CLASS_OPEN_ID_CONNECT).contains(&kind) {
            return Err(AUTHPARSE_STATUS_INVALID_ARGUMENT);
        }
        Ok(())
    })
}

/// Sets `*flows` to no flow and no extra member (`OAuth2()`'s `{}`).
///
/// # Safety
/// `flows` must be NULL (`AUTHPARSE_STATUS_NULL_POINTER`) or writable.
#[no_mangle]
pub unsafe extern "C" fn authparse_openapi_flows_init(
    flows: *mut authparse_openapi_flows,
) -> authparse_status {
    status(|| {
        non_null(flows)?;
        // SAFETY: non-NULL and writable by contract.
        unsafe { put(flows, authparse_openapi_flows::default()) };
        Ok(())
    })
}

// ---------------------------------------------------------------------------
// Conversion (C views -> the core's types, on the stack)
// ---------------------------------------------------------------------------

/// What every conversion checks against: the output buffer.
#[derive(Clone, Copy)]
struct Ctx {
    buf: *mut u8,
    buf_len: usize,
}

impl Ctx {
    /// Fails if `bytes` shares a byte with the output buffer.
    fn disjoint(&self, bytes: &[u8]) -> Result<(), authparse_status> {
        if overlaps(bytes, self.buf, self.buf_len) {
            Err(AUTHPARSE_STATUS_BUFFER_OVERLAP)
        } else {
            Ok(())
        }
    }

    /// Fails if an out-param lies in the output buffer.
    fn out_params(&self, regions: &[Region]) -> Result<(), authparse_status> {
        disjoint(self.buf, self.buf_len, regions.iter().copied())
    }

    /// A view as UTF-8 text, disjoint from the buffer.
    ///
    /// # Safety
    /// The view must be readable for `'a`.
    unsafe fn text<'a>(&self, v: &authparse_str) -> Result<&'a str, authparse_status> {
        // SAFETY: forwarded to the caller.
        let s: &'a str = unsafe { config_str(v.ptr(), v.len()) }?;
        self.disjoint(s.as_bytes())?;
        Ok(s)
    }

    /// An optional argument: `None` unless `has`.
    ///
    /// # Safety
    /// As [`text`](Self::text) (not read unless `has`).
    unsafe fn opt<'a>(
        &self,
        has: bool,
        v: &authparse_str,
    ) -> Result<Option<&'a str>, authparse_status> {
        if !has {
            return Ok(None);
        }
        // SAFETY: forwarded to the caller.
        unsafe { self.text(v) }.map(Some)
    }

    /// A C array as a slice (NULL with 0 is empty), disjoint from the buffer.
    ///
    /// # Safety
    /// `p` NULL or valid for reads of `n` initialised elements for `'a`.
    unsafe fn array<'a, T>(&self, p: *const T, n: usize) -> Result<&'a [T], authparse_status> {
        if n == 0 {
            return Ok(&[]);
        }
        if p.is_null() {
            return Err(AUTHPARSE_STATUS_NULL_POINTER);
        }
        let size = core::mem::size_of::<T>().max(1);
        if n > isize::MAX as usize / size {
            return Err(AUTHPARSE_STATUS_INVALID_ARGUMENT);
        }
        // SAFETY: non-NULL, the size fits `isize`, initialised by contract.
        let items: &'a [T] = unsafe { core::slice::from_raw_parts(p, n) };
        // SAFETY: the same memory as bytes (only its address range is used).
        let bytes = unsafe { core::slice::from_raw_parts(p.cast::<u8>(), n.saturating_mul(size)) };
        self.disjoint(bytes)?;
        Ok(items)
    }

    /// One C struct by pointer (NULL is an error), disjoint from the buffer.
    ///
    /// # Safety
    /// `p` NULL or valid for reads of one initialised `T` for `'a`.
    unsafe fn one<'a, T>(&self, p: *const T) -> Result<&'a T, authparse_status> {
        // SAFETY: forwarded to the caller.
        let items: &'a [T] = unsafe { self.array(p, 1) }?;
        items.first().ok_or(AUTHPARSE_STATUS_NULL_POINTER)
    }
}

/// Hands out consecutive pieces of a fixed-capacity stack array, each
/// borrowed for the whole call.
struct Carve<'p, T> {
    rest: &'p mut [T],
}

impl<'p, T> Carve<'p, T> {
    fn new(storage: &'p mut [T]) -> Self {
        Carve { rest: storage }
    }

    /// The next `n` slots (`AUTHPARSE_STATUS_INVALID_ARGUMENT` past the capacity).
    fn take(&mut self, n: usize) -> Result<&'p mut [T], authparse_status> {
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
const RAW_NULL: RawJson<'static> = match RawJson::new("null") {
    Ok(v) => v,
    Err(_) => panic!("null is valid JSON"),
};

/// The stack storage of one call.
struct Pools<'p> {
    scopes: Carve<'p, (&'p str, &'p str)>,
    extra: Carve<'p, (&'p str, RawJson<'p>)>,
    flows: Carve<'p, OAuthFlows<'p>>,
}

/// Scope descriptions into the pool.
///
/// # Safety
/// `p` NULL or valid for `n` descriptions whose views are readable for `'p`.
unsafe fn scopes<'p>(
    ctx: &Ctx,
    pools: &mut Pools<'p>,
    p: *const authparse_scope_description,
    n: usize,
) -> Result<&'p [(&'p str, &'p str)], authparse_status> {
    // SAFETY: forwarded to the caller.
    let items = unsafe { ctx.array(p, n) }?;
    let slots = pools.scopes.take(items.len())?;
    for (slot, item) in slots.iter_mut().zip(items) {
        // SAFETY: readable by contract.
        *slot = unsafe { (ctx.text(&item.name)?, ctx.text(&item.description)?) };
    }
    Ok(slots)
}

/// Extra members into the pool.
///
/// # Safety
/// `p` NULL or valid for `n` members whose views are readable for `'p`.
unsafe fn extra<'p>(
    ctx: &Ctx,
    pools: &mut Pools<'p>,
    p: *const authparse_json_member,
    n: usize,
) -> Result<&'p [(&'p str, RawJson<'p>)], authparse_status> {
    // SAFETY: forwarded to the caller.
    let items = unsafe { ctx.array(p, n) }?;
    let slots = pools.extra.take(items.len())?;
    for (slot, item) in slots.iter_mut().zip(items) {
        // SAFETY: readable by contract.
        let (key, json) = unsafe { (ctx.text(&item.key)?, ctx.text(&item.json)?) };
        let raw = RawJson::new(json).map_err(status_of)?;
        *slot = (key, raw);
    }
    Ok(slots)
}

/// One flow: `(authorizationUrl, tokenUrl, flow)`, the URLs read per `uses`.
///
/// # Safety
/// The flow's views and arrays readable for `'p`.
unsafe fn flow<'p>(
    ctx: &Ctx,
    pools: &mut Pools<'p>,
    f: &authparse_openapi_flow,
    (uses_auth, uses_token): (bool, bool),
) -> Result<Option<(&'p str, &'p str, OAuthFlow<'p>)>, authparse_status> {
    if !f.present {
        return Ok(None);
    }
    // SAFETY: readable by contract.
    let (auth, token, refresh, scopes, extra) = unsafe {
        let auth = if uses_auth {
            ctx.text(&f.authorization_url)?
        } else {
            ""
        };
        let token = if uses_token {
            ctx.text(&f.token_url)?
        } else {
            ""
        };
        (
            auth,
            token,
            ctx.opt(f.has_refresh_url, &f.refresh_url)?,
            scopes(ctx, pools, f.scopes, f.scope_count)?,
            extra(ctx, pools, f.extra, f.extra_count)?,
        )
    };
    let mut flow = OAuthFlow::new().scopes(scopes).extra(extra);
    if let Some(url) = refresh {
        flow = flow.refresh_url(url);
    }
    Ok(Some((auth, token, flow)))
}

/// The flows object into the pool.
///
/// # Safety
/// `p` NULL or a valid flows object whose views and arrays are readable for `'p`.
unsafe fn flows<'p>(
    ctx: &Ctx,
    pools: &mut Pools<'p>,
    p: *const authparse_openapi_flows,
) -> Result<Option<&'p OAuthFlows<'p>>, authparse_status> {
    if p.is_null() {
        return Ok(None);
    }
    // SAFETY: non-NULL, valid by contract.
    let f: &'p authparse_openapi_flows = unsafe { ctx.one(p) }?;
    let mut out = OAuthFlows::new();
    // SAFETY: readable by contract.
    unsafe {
        if let Some((auth, _, flow)) = flow(ctx, pools, &f.implicit, (true, false))? {
            out = out.implicit(auth, flow);
        }
        if let Some((_, token, flow)) = flow(ctx, pools, &f.password, (false, true))? {
            out = out.password(token, flow);
        }
        if let Some((_, token, flow)) = flow(ctx, pools, &f.client_credentials, (false, true))? {
            out = out.client_credentials(token, flow);
        }
        if let Some((auth, token, flow)) = flow(ctx, pools, &f.authorization_code, (true, true))? {
            out = out.authorization_code(auth, token, flow);
        }
        out = out.extra(extra(ctx, pools, f.extra, f.extra_count)?);
    }
    pools.flows.push(out).map(Some)
}

/// Applies `scheme_name` and `description` through a class's builders.
macro_rules! common {
    ($scheme:expr, $name:expr, $description:expr) => {{
        let mut s = $scheme;
        if let Some(name) = $name {
            s = s.scheme_name(name);
        }
        if let Some(description) = $description {
            s = s.description(description);
        }
        SecurityScheme::from(s)
    }};
}

/// The core scheme for a C scheme.
///
/// # Safety
/// Every view and array the class reads must be readable for `'p`.
unsafe fn scheme<'p>(
    ctx: &Ctx,
    pools: &mut Pools<'p>,
    c: &'p authparse_openapi_scheme,
) -> Result<SecurityScheme<'p>, authparse_status> {
    // SAFETY: readable by contract (each field only when the class reads it).
    unsafe {
        let name = ctx.opt(c.has_scheme_name, &c.scheme_name)?;
        let description = ctx.opt(c.has_description, &c.description)?;
        Ok(match c.kind {
            AUTHPARSE_CLASS_HTTP_BASIC => {
                let mut basic = HttpBasic::new();
                if let Some(realm) = ctx.opt(c.has_realm, &c.realm)? {
                    basic = basic.realm(realm);
                }
                common!(basic, name, description)
            }
            AUTHPARSE_CLASS_HTTP_BEARER => {
                let mut bearer = HttpBearer::new();
                if let Some(format) = ctx.opt(c.has_bearer_format, &c.bearer_format)? {
                    bearer = bearer.bearer_format(format);
                }
                common!(bearer, name, description)
            }
            AUTHPARSE_CLASS_HTTP_DIGEST => common!(HttpDigest::new(), name, description),
            AUTHPARSE_CLASS_HTTP_BASE => {
                common!(HttpBase::new(ctx.text(&c.scheme)?), name, description)
            }
            AUTHPARSE_CLASS_API_KEY_HEADER => {
                common!(ApiKeyHeader::new(ctx.text(&c.name)?), name, description)
            }
            AUTHPARSE_CLASS_API_KEY_QUERY => {
                common!(ApiKeyQuery::new(ctx.text(&c.name)?), name, description)
            }
            AUTHPARSE_CLASS_API_KEY_COOKIE => {
                common!(ApiKeyCookie::new(ctx.text(&c.name)?), name, description)
            }
            AUTHPARSE_CLASS_OAUTH2 => {
                let mut oauth = OAuth2::new();
                if let Some(f) = flows(ctx, pools, c.flows)? {
                    oauth = oauth.flows(f);
                }
                common!(oauth, name, description)
            }
            AUTHPARSE_CLASS_OAUTH2_PASSWORD_BEARER => {
                let token = ctx.text(&c.token_url)?;
                let refresh = ctx.opt(c.has_refresh_url, &c.refresh_url)?;
                let scopes = scopes(ctx, pools, c.scopes, c.scope_count)?;
                let mut bearer = OAuth2PasswordBearer::new(token).scopes(scopes);
                if let Some(url) = refresh {
                    bearer = bearer.refresh_url(url);
                }
                common!(bearer, name, description)
            }
            AUTHPARSE_CLASS_OAUTH2_AUTHORIZATION_CODE_BEARER => {
                let auth = ctx.text(&c.authorization_url)?;
                let token = ctx.text(&c.token_url)?;
                let refresh = ctx.opt(c.has_refresh_url, &c.refresh_url)?;
                let scopes = scopes(ctx, pools, c.scopes, c.scope_count)?;
                let mut code = OAuth2AuthorizationCodeBearer::new(auth, token).scopes(scopes);
                if let Some(url) = refresh {
                    code = code.refresh_url(url);
                }
                common!(code, name, description)
            }
            AUTHPARSE_CLASS_OPEN_ID_CONNECT => {
                let url = ctx.text(&c.open_id_connect_url)?;
                common!(OpenIdConnect::new(url), name, description)
            }
            _ => return Err(AUTHPARSE_STATUS_INVALID_ARGUMENT),
        })
    }
}

/// Fills `*out_needed` for a short buffer and gives the status of a core error.
///
/// # Safety
/// `out_needed` NULL or writable.
unsafe fn core_error(e: Error, out_needed: *mut usize) -> authparse_status {
    if let Error::BufferTooSmall { needed } = e {
        // SAFETY: NULL or writable by contract.
        unsafe { put(out_needed, needed) };
    }
    status_of(e)
}

/// Hands a rendered JSON text to C: the view in `*out_json`, or the status
/// (and the exact size in `*out_needed` for a short buffer).
///
/// # Safety
/// `out_json` writable; `out_needed` NULL or writable.
unsafe fn put_json(
    written: Result<&str, Error>,
    out_json: *mut authparse_str,
    out_needed: *mut usize,
) -> Result<(), authparse_status> {
    // SAFETY: forwarded to the caller.
    let json = written.map_err(|e| unsafe { core_error(e, out_needed) })?;
    // SAFETY: writable by contract.
    unsafe { put(out_json, authparse_str::from_slice(json.as_bytes())) };
    Ok(())
}

/// The output buffer (after the inputs were checked to be disjoint from it).
///
/// # Safety
/// `buf` valid for writes of `buf_len` bytes for `'b`, no other access.
unsafe fn buffer<'b>(buf: *mut u8, buf_len: usize) -> Result<&'b mut [u8], authparse_status> {
    // SAFETY: forwarded to the caller.
    unsafe { output(buf, buf_len) }
}

/// The sizes of the stack pools, per call.
const fn scope_pool() -> [(&'static str, &'static str); AUTHPARSE_OPENAPI_MAX_SCOPES] {
    [("", ""); AUTHPARSE_OPENAPI_MAX_SCOPES]
}

const fn extra_pool() -> [(&'static str, RawJson<'static>); AUTHPARSE_OPENAPI_MAX_EXTRA] {
    [("", RAW_NULL); AUTHPARSE_OPENAPI_MAX_EXTRA]
}

// ---------------------------------------------------------------------------
// Entry points
// ---------------------------------------------------------------------------

/// Renders one `components.securitySchemes` entry: its key and its JSON
/// value, exactly as FastAPI 0.165.0 serves them in `/openapi.json`
/// (compact, `ensure_ascii=False`; the same bytes as the Rust
/// `SecurityScheme::write_json`).
///
/// On `AUTHPARSE_STATUS_OK`, `*out_key` is the key: it points into
/// `scheme->scheme_name` when that is set, otherwise to a static string (the
/// class name, e.g. `"HTTPBearer"`); `*out_json` points into `buf`. A short
/// buffer gives `AUTHPARSE_STATUS_BUFFER_TOO_SMALL` with the exact size in
/// `*out_needed` (NULL allowed; 0 on other results); `*out_key` and
/// `*out_json` are written only on success. Other statuses: NULL_POINTER
/// (NULL `scheme`, out-param, or a view/array NULL with a non-zero length),
/// CONFIG_NOT_UTF8, INVALID_ARGUMENT (unknown class, more than
/// `AUTHPARSE_OPENAPI_MAX_SCOPES` scopes or `AUTHPARSE_OPENAPI_MAX_EXTRA`
/// extra members), INVALID_CONFIGURATION (an extra member's JSON is not
/// valid, or repeats a declared key), BUFFER_OVERLAP (`buf` overlaps an input).
/// Nothing is allocated or kept.
///
/// # Safety
/// `scheme` must point to an initialised scheme whose views and arrays are
/// readable; `buf` writable for `buf_len` bytes; `out_key` and `out_json`
/// writable; `out_needed` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn authparse_openapi_scheme_render(
    scheme: *const authparse_openapi_scheme,
    buf: *mut u8,
    buf_len: usize,
    out_key: *mut authparse_str,
    out_json: *mut authparse_str,
    out_needed: *mut usize,
) -> authparse_status {
    // SAFETY: NULL or writable by contract.
    unsafe { put(out_needed, 0) };
    let (mut scope_storage, mut extra_storage) = (scope_pool(), extra_pool());
    let mut flow_storage = [OAuthFlows::new(); 1];
    status(|| {
        non_null(out_key)?;
        non_null(out_json)?;
        let ctx = Ctx { buf, buf_len };
        ctx.out_params(&[
            Region::of(out_key),
            Region::of(out_json),
            Region::of(out_needed),
        ])?;
        let mut pools = Pools {
            scopes: Carve::new(&mut scope_storage),
            extra: Carve::new(&mut extra_storage),
            flows: Carve::new(&mut flow_storage),
        };
        // SAFETY: the caller's contract for `scheme`; NULL is checked.
        let s = unsafe { scheme_at(&ctx, &mut pools, scheme) }?;
        // SAFETY: the inputs are disjoint from the buffer (checked).
        let buffer = unsafe { buffer(buf, buf_len) }?;
        let written = s.write_json(buffer);
        // SAFETY: `out_key` and `out_json` checked non-NULL; all writable by contract.
        unsafe {
            put_json(written, out_json, out_needed)?;
            put(out_key, authparse_str::from_slice(s.key().as_bytes()));
        }
        Ok(())
    })
}

/// The core scheme behind a C pointer.
///
/// # Safety
/// `p` NULL or a valid scheme readable for `'p`.
unsafe fn scheme_at<'p>(
    ctx: &Ctx,
    pools: &mut Pools<'p>,
    p: *const authparse_openapi_scheme,
) -> Result<SecurityScheme<'p>, authparse_status> {
    // SAFETY: forwarded to the caller.
    unsafe {
        let c = ctx.one(p)?;
        scheme(ctx, pools, c)
    }
}

/// Renders the whole `components.securitySchemes` object for `count`
/// schemes, in the order FastAPI visits them (`{}` for none; FastAPI leaves
/// the key out then). As in FastAPI, a key that comes again keeps its first
/// position and takes the last value; with `reject_collisions` a key that
/// comes again with a *different* JSON value is
/// `AUTHPARSE_STATUS_INVALID_CONFIGURATION` instead (the same scheme twice
/// is never a collision). The bytes are the Rust `SecuritySchemes::write_json`'s.
///
/// On `AUTHPARSE_STATUS_OK`, `*out_json` points into `buf`. A short buffer
/// gives `AUTHPARSE_STATUS_BUFFER_TOO_SMALL` and the exact size in
/// `*out_needed` (NULL allowed). At most `AUTHPARSE_OPENAPI_MAX_SCHEMES`
/// schemes and, over all of them, `AUTHPARSE_OPENAPI_MAX_SCOPES` scopes and
/// `AUTHPARSE_OPENAPI_MAX_EXTRA` extra members (INVALID_ARGUMENT beyond);
/// other statuses as `authparse_openapi_scheme_render`. Nothing is
/// allocated or kept.
///
/// # Safety
/// `schemes` must point to `count` initialised schemes (NULL allowed with 0)
/// whose views and arrays are readable; `buf` writable for `buf_len` bytes;
/// `out_json` writable; `out_needed` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn authparse_openapi_schemes_render(
    schemes: *const authparse_openapi_scheme,
    count: usize,
    reject_collisions: bool,
    buf: *mut u8,
    buf_len: usize,
    out_json: *mut authparse_str,
    out_needed: *mut usize,
) -> authparse_status {
    // SAFETY: NULL or writable by contract.
    unsafe { put(out_needed, 0) };
    let (mut scope_storage, mut extra_storage) = (scope_pool(), extra_pool());
    let mut flow_storage = [OAuthFlows::new(); AUTHPARSE_OPENAPI_MAX_SCHEMES];
    let mut list = [SecurityScheme::from(HttpBasic::new()); AUTHPARSE_OPENAPI_MAX_SCHEMES];
    status(|| {
        non_null(out_json)?;
        let ctx = Ctx { buf, buf_len };
        ctx.out_params(&[Region::of(out_json), Region::of(out_needed)])?;
        if count > AUTHPARSE_OPENAPI_MAX_SCHEMES {
            return Err(AUTHPARSE_STATUS_INVALID_ARGUMENT);
        }
        // SAFETY: the caller's contract for `schemes`.
        let items = unsafe { ctx.array(schemes, count) }?;
        let mut pools = Pools {
            scopes: Carve::new(&mut scope_storage),
            extra: Carve::new(&mut extra_storage),
            flows: Carve::new(&mut flow_storage),
        };
        for (slot, c) in list.iter_mut().zip(items) {
            // SAFETY: readable by contract.
            *slot = unsafe { scheme(&ctx, &mut pools, c) }?;
        }
        let list = list.get(..items.len()).unwrap_or_default();
        // SAFETY: the inputs are disjoint from the buffer (checked).
        let buffer = unsafe { buffer(buf, buf_len) }?;
        let written = SecuritySchemes::new(list)
            .reject_collisions(reject_collisions)
            .write_json(buffer);
        // SAFETY: `out_json` checked non-NULL; both out-params writable by contract.
        unsafe { put_json(written, out_json, out_needed) }
    })
}

/// Renders an operation's `security` array from its security dependencies
/// in FastAPI's visiting order, merged as FastAPI merges them: one
/// single-key object per scheme name, in the order names first appear, each
/// with the union of its scopes in first-seen order (`[]` for none; FastAPI
/// leaves the key out then). The bytes are the Rust
/// `SecurityRequirements::write_json`'s.
///
/// On `AUTHPARSE_STATUS_OK`, `*out_json` points into `buf`. A short buffer
/// gives `AUTHPARSE_STATUS_BUFFER_TOO_SMALL` and the exact size in
/// `*out_needed` (NULL allowed). At most `AUTHPARSE_OPENAPI_MAX_REQUIREMENTS`
/// requirements and `AUTHPARSE_OPENAPI_MAX_REQUIREMENT_SCOPES` scopes over
/// all of them (INVALID_ARGUMENT beyond); names and scopes must be UTF-8
/// (CONFIG_NOT_UTF8); BUFFER_OVERLAP if `buf` overlaps an input. Nothing is
/// allocated or kept.
///
/// # Safety
/// `requirements` must point to `count` initialised requirements (NULL
/// allowed with 0) whose views and arrays are readable; `buf` writable for
/// `buf_len` bytes; `out_json` writable; `out_needed` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn authparse_openapi_requirements_render(
    requirements: *const authparse_openapi_requirement,
    count: usize,
    buf: *mut u8,
    buf_len: usize,
    out_json: *mut authparse_str,
    out_needed: *mut usize,
) -> authparse_status {
    // SAFETY: NULL or writable by contract.
    unsafe { put(out_needed, 0) };
    let mut scope_storage = [""; AUTHPARSE_OPENAPI_MAX_REQUIREMENT_SCOPES];
    let mut list = [Requirement::new("", &[]); AUTHPARSE_OPENAPI_MAX_REQUIREMENTS];
    status(|| {
        non_null(out_json)?;
        let ctx = Ctx { buf, buf_len };
        ctx.out_params(&[Region::of(out_json), Region::of(out_needed)])?;
        if count > AUTHPARSE_OPENAPI_MAX_REQUIREMENTS {
            return Err(AUTHPARSE_STATUS_INVALID_ARGUMENT);
        }
        // SAFETY: the caller's contract for `requirements`.
        let items = unsafe { ctx.array(requirements, count) }?;
        let mut pool = Carve::new(&mut scope_storage);
        for (slot, r) in list.iter_mut().zip(items) {
            // SAFETY: readable by contract.
            let (name, views) = unsafe {
                (
                    ctx.text(&r.scheme_name)?,
                    ctx.array(r.scopes, r.scope_count)?,
                )
            };
            let scopes = pool.take(views.len())?;
            for (s, v) in scopes.iter_mut().zip(views) {
                // SAFETY: readable by contract.
                *s = unsafe { ctx.text(v) }?;
            }
            *slot = Requirement::new(name, scopes);
        }
        let list = list.get(..items.len()).unwrap_or_default();
        // SAFETY: the inputs are disjoint from the buffer (checked).
        let buffer = unsafe { buffer(buf, buf_len) }?;
        let written = SecurityRequirements::new(list).write_json(buffer);
        // SAFETY: `out_json` checked non-NULL; both out-params writable by contract.
        unsafe { put_json(written, out_json, out_needed) }
    })
}

/// The core body for the password-form functions.
///
/// # Safety
/// `name` NULL or readable for `name_len` bytes for `'a`.
unsafe fn password_form<'a>(
    ctx: &Ctx,
    name: *const u8,
    name_len: usize,
    name_is_title: bool,
    strict: bool,
) -> Result<PasswordFormBody<'a>, authparse_status> {
    // SAFETY: forwarded to the caller.
    let name = unsafe { ctx.text(&authparse_str::new(name, name_len)) }?;
    Ok(if name_is_title {
        PasswordFormBody::with_title(name, strict)
    } else {
        PasswordFormBody::new(name, strict)
    })
}

/// Renders the `requestBody` object of an operation taking
/// `OAuth2PasswordRequestForm` or `OAuth2PasswordRequestFormStrict` (the
/// same for both): `{"content":{"application/x-www-form-urlencoded":
/// {"schema":{"$ref":"#/components/schemas/Body_<name>"}}},"required":true}`.
///
/// `name` (UTF-8, `name_len` bytes) is the operation id, e.g.
/// `token_token_post`, and the schema is `Body_<name>`; with `name_is_title`
/// it is the whole schema name. On `AUTHPARSE_STATUS_OK`, `*out_json` points
/// into `buf`; a short buffer gives `AUTHPARSE_STATUS_BUFFER_TOO_SMALL` and
/// the exact size in `*out_needed` (NULL allowed). Other statuses:
/// NULL_POINTER, CONFIG_NOT_UTF8, BUFFER_OVERLAP. Nothing is allocated or kept.
///
/// # Safety
/// `name` NULL with 0 or readable for `name_len` bytes; `buf` writable for
/// `buf_len` bytes; `out_json` writable; `out_needed` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn authparse_openapi_password_form_request_body_render(
    name: *const u8,
    name_len: usize,
    name_is_title: bool,
    buf: *mut u8,
    buf_len: usize,
    out_json: *mut authparse_str,
    out_needed: *mut usize,
) -> authparse_status {
    // SAFETY: NULL or writable by contract.
    unsafe { put(out_needed, 0) };
    status(|| {
        non_null(out_json)?;
        let ctx = Ctx { buf, buf_len };
        ctx.out_params(&[Region::of(out_json), Region::of(out_needed)])?;
        // SAFETY: the caller's contract for `name`.
        let body = unsafe { password_form(&ctx, name, name_len, name_is_title, false) }?;
        // SAFETY: the input is disjoint from the buffer (checked).
        let buffer = unsafe { buffer(buf, buf_len) }?;
        let written = body.write_request_body_json(buffer);
        // SAFETY: `out_json` checked non-NULL; both out-params writable by contract.
        unsafe { put_json(written, out_json, out_needed) }
    })
}

/// Renders the `components.schemas` entry (`Body_<name>`) of the password
/// form: `OAuth2PasswordRequestForm`'s, or with `strict`
/// `OAuth2PasswordRequestFormStrict`'s (`grant_type` required, no
/// `"format":"password"`), exactly as FastAPI 0.165.0 writes it.
///
/// `name` and `name_is_title` as in
/// `authparse_openapi_password_form_request_body_render`. On
/// `AUTHPARSE_STATUS_OK`, `*out_json` points into `buf`; a short buffer
/// gives `AUTHPARSE_STATUS_BUFFER_TOO_SMALL` and the exact size in
/// `*out_needed` (NULL allowed). Other statuses: NULL_POINTER,
/// CONFIG_NOT_UTF8, BUFFER_OVERLAP. Nothing is allocated or kept.
///
/// # Safety
/// As `authparse_openapi_password_form_request_body_render`.
#[no_mangle]
pub unsafe extern "C" fn authparse_openapi_password_form_schema_render(
    name: *const u8,
    name_len: usize,
    name_is_title: bool,
    strict: bool,
    buf: *mut u8,
    buf_len: usize,
    out_json: *mut authparse_str,
    out_needed: *mut usize,
) -> authparse_status {
    // SAFETY: NULL or writable by contract.
    unsafe { put(out_needed, 0) };
    status(|| {
        non_null(out_json)?;
        let ctx = Ctx { buf, buf_len };
        ctx.out_params(&[Region::of(out_json), Region::of(out_needed)])?;
        // SAFETY: the caller's contract for `name`.
        let body = unsafe { password_form(&ctx, name, name_len, name_is_title, strict) }?;
        // SAFETY: the input is disjoint from the buffer (checked).
        let buffer = unsafe { buffer(buf, buf_len) }?;
        let written = body.write_schema_json(buffer);
        // SAFETY: `out_json` checked non-NULL; both out-params writable by contract.
        unsafe { put_json(written, out_json, out_needed) }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn class_numbers_are_fixed() {
        let all = [
            AUTHPARSE_CLASS_NONE,
            AUTHPARSE_CLASS_HTTP_BASIC,
            AUTHPARSE_CLASS_HTTP_BEARER,
            AUTHPARSE_CLASS_HTTP_DIGEST,
            AUTHPARSE_CLASS_HTTP_BASE,
            AUTHPARSE_CLASS_API_KEY_HEADER,
            AUTHPARSE_CLASS_API_KEY_QUERY,
            AUTHPARSE_CLASS_API_KEY_COOKIE,
            AUTHPARSE_CLASS_OAUTH2,
            AUTHPARSE_CLASS_OAUTH2_PASSWORD_BEARER,
            AUTHPARSE_CLASS_OAUTH2_AUTHORIZATION_CODE_BEARER,
            AUTHPARSE_CLASS_OPEN_ID_CONNECT,
        ];
        for (i, k) in all.iter().enumerate() {
            assert_eq!(*k as usize, i);
        }
        assert!(RAW_NULL.is_null());
    }
}
