//! The request view, scheme configuration, outcomes and the eleven
//! `fastapi.security` classes.

use authparse_core::{
    ApiKeyCookie, ApiKeyHeader, ApiKeyQuery, AuthorizationCredentials, Challenge, HeaderField,
    HttpBase, HttpBasic, HttpBearer, HttpDigest, OAuth2, OAuth2AuthorizationCodeBearer,
    OAuth2PasswordBearer, OpenIdConnect, Outcome, Request, Secret, BAD_REQUEST_BODY,
    NOT_AUTHENTICATED_BODY,
};

use crate::types::*;

/// One header line: a name and a raw value (no NUL terminators needed).
///
/// Names are matched ASCII case-insensitively. Values are used as given (not
/// trimmed). Both views must stay valid for the duration of the call, and
/// longer where an output view points into them.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct authparse_header {
    name: authparse_str,
    value: authparse_str,
}

impl authparse_header {
    /// A header line from two views.
    ///
    /// # Safety
    /// Each view must be empty or point to `len` readable bytes that outlive
    /// every use of this header (the [`HeaderField`] methods read them).
    pub const unsafe fn new(name: authparse_str, value: authparse_str) -> Self {
        authparse_header { name, value }
    }
}

impl HeaderField for authparse_header {
    fn name(&self) -> &[u8] {
        // SAFETY: `authparse_header` is built only by C callers or `new`,
        // whose contracts guarantee readable views; entry points reject NULL
        // with a non-zero length before building a `Request`.
        unsafe { self.name.as_slice_lossy() }
    }

    fn value(&self) -> &[u8] {
        // SAFETY: as in `name`.
        unsafe { self.value.as_slice_lossy() }
    }
}

/// The parts of a request that authentication reads, all borrowed.
///
/// `headers` points to `header_count` header lines in arrival order (NULL
/// when the count is 0); `query` is the raw query string (after `?`, without
/// `#…`), `body` the raw body. Nothing is copied or kept after the call.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct authparse_request {
    headers: *const authparse_header,
    header_count: usize,
    query: authparse_str,
    body: authparse_str,
}

impl authparse_request {
    /// A request view.
    ///
    /// # Safety
    /// `headers` must point to `header_count` initialised header lines (or be
    /// NULL with 0), and every view must be readable for as long as the
    /// request is used.
    pub const unsafe fn new(
        headers: *const authparse_header,
        header_count: usize,
        query: authparse_str,
        body: authparse_str,
    ) -> Self {
        authparse_request {
            headers,
            header_count,
            query,
            body,
        }
    }
}

/// The checked core request behind a C request pointer.
///
/// # Safety
/// `req` is NULL or points to an `authparse_request` whose views are valid
/// for `'a` (the C contract).
pub(crate) unsafe fn request<'a>(
    req: *const authparse_request,
) -> Result<Request<'a, authparse_header>, authparse_status> {
    if req.is_null() {
        return Err(AUTHPARSE_STATUS_NULL_POINTER);
    }
    // SAFETY: non-NULL and, by the caller's contract, a valid request.
    let req = unsafe { &*req };
    if req.header_count > isize::MAX as usize / core::mem::size_of::<authparse_header>() {
        return Err(AUTHPARSE_STATUS_INVALID_ARGUMENT);
    }
    let headers: &'a [authparse_header] = if req.header_count == 0 {
        &[]
    } else if req.headers.is_null() {
        return Err(AUTHPARSE_STATUS_NULL_POINTER);
    } else {
        // SAFETY: non-NULL, the size fits `isize` (checked above), and the
        // caller guarantees `header_count` initialised, aligned lines.
        unsafe { core::slice::from_raw_parts(req.headers, req.header_count) }
    };
    for h in headers {
        // SAFETY: the caller guarantees the views; this only checks NULL
        // with a non-zero length (and lengths above PTRDIFF_MAX).
        unsafe {
            h.name.to_slice()?;
            h.value.to_slice()?;
        }
    }
    // SAFETY: as above.
    let (query, body) = unsafe { (req.query.to_slice()?, req.body.to_slice()?) };
    Ok(Request::new(headers).with_query(query).with_body(body))
}

/// What a call reads of a request: the struct at `ptr`, its header array,
/// every header name and value, the query and the body.
pub(crate) fn request_regions<'a>(
    ptr: *const authparse_request,
    req: &'a Request<'a, authparse_header>,
) -> impl Iterator<Item = Region> + 'a {
    let headers = req.headers();
    [
        Region::of(ptr),
        Region::array(headers.as_ptr(), headers.len()),
        Region::bytes(req.query()),
        Region::bytes(req.body()),
    ]
    .into_iter()
    .chain(
        headers
            .iter()
            .flat_map(|h| [Region::bytes(h.name()), Region::bytes(h.value())]),
    )
}

/// The first value of header `name` (matched ASCII case-insensitively), as
/// Starlette's `headers.get`.
///
/// On `AUTHPARSE_STATUS_OK`, `*out_value` points into the request's header
/// value; `AUTHPARSE_STATUS_NOT_FOUND` when no line has that name.
///
/// # Safety
/// `req` must point to a valid request; `name` to `name_len` readable bytes
/// (or be NULL with 0); `out_value` must be writable.
#[no_mangle]
pub unsafe extern "C" fn authparse_request_find_header(
    req: *const authparse_request,
    name: *const u8,
    name_len: usize,
    out_value: *mut authparse_str,
) -> authparse_status {
    status(|| {
        non_null(out_value)?;
        // SAFETY: the caller's contract for `req` and `name`.
        let (req, name) = unsafe { (request(req)?, input(name, name_len)?) };
        let value = req.first(name).ok_or(AUTHPARSE_STATUS_NOT_FOUND)?;
        // SAFETY: checked non-NULL; writable by contract.
        unsafe { put(out_value, authparse_str::from_slice(value)) };
        Ok(())
    })
}

/// Configuration shared by the eleven scheme classes (FastAPI's constructor
/// arguments that change decisions). Fill it with
/// `authparse_scheme_config_init` and override fields.
///
/// The views are read during the call only, but a failure's challenge
/// (`authparse_outcome.challenge.text`) points into `realm` or `name`: keep
/// them alive until the challenge is rendered. They must be UTF-8.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct authparse_scheme_config {
    /// FastAPI's `auto_error` (default `true`): a missing or wrong credential
    /// is a 401 failure; with `false` it is `AUTHPARSE_OUTCOME_ABSENT`.
    pub auto_error: bool,
    /// `AUTHPARSE_PROFILE_FASTAPI` (default) or `AUTHPARSE_PROFILE_STRICT`.
    pub profile: authparse_profile,
    /// HTTPBasic only: whether `realm` is set (FastAPI's `realm=None` otherwise).
    pub has_realm: bool,
    /// HTTPBasic only: `realm=…`.
    pub realm: authparse_str,
    /// HTTPBase: `scheme=…`; APIKeyHeader/Query/Cookie: `name=…`. Unused by
    /// the other classes.
    pub name: authparse_str,
}

impl Default for authparse_scheme_config {
    fn default() -> Self {
        authparse_scheme_config {
            auto_error: true,
            profile: AUTHPARSE_PROFILE_FASTAPI,
            has_realm: false,
            realm: authparse_str::EMPTY,
            name: authparse_str::EMPTY,
        }
    }
}

/// Sets `*config` to FastAPI's defaults: `auto_error` true, the FastAPI
/// profile, no realm, an empty name.
///
/// # Safety
/// `config` must be NULL (`AUTHPARSE_STATUS_NULL_POINTER`) or writable.
#[no_mangle]
pub unsafe extern "C" fn authparse_scheme_config_init(
    config: *mut authparse_scheme_config,
) -> authparse_status {
    status(|| {
        non_null(config)?;
        // SAFETY: non-NULL and writable by contract.
        unsafe { put(config, authparse_scheme_config::default()) };
        Ok(())
    })
}

/// What a configuration holds, checked and converted.
struct Config<'c> {
    auto_error: bool,
    profile: authparse_core::Profile,
    realm: Option<&'c str>,
    name: &'c str,
    /// What was read: the struct, its realm and its name.
    regions: [Region; 3],
}

/// # Safety
/// `config` is NULL or points to a valid configuration whose views are
/// readable for `'c`.
unsafe fn config<'c>(
    config: *const authparse_scheme_config,
) -> Result<Config<'c>, authparse_status> {
    if config.is_null() {
        return Err(AUTHPARSE_STATUS_NULL_POINTER);
    }
    // SAFETY: non-NULL, valid by contract.
    let c = unsafe { &*config };
    // SAFETY: the views are readable by contract.
    let (realm, name) = unsafe {
        (
            config_str(c.realm.ptr(), c.realm.len())?,
            config_str(c.name.ptr(), c.name.len())?,
        )
    };
    Ok(Config {
        auto_error: c.auto_error,
        profile: profile(c.profile)?,
        realm: c.has_realm.then_some(realm),
        name,
        regions: [
            Region::of(config),
            Region::bytes(realm.as_bytes()),
            Region::bytes(name.as_bytes()),
        ],
    })
}

/// Applies `auto_error` and the profile through a class's builders.
macro_rules! configure {
    ($scheme:expr, $cfg:expr) => {
        $scheme.auto_error($cfg.auto_error).profile($cfg.profile)
    };
}

/// Outcome kinds (`authparse_outcome.kind`).
pub type authparse_outcome_kind = u32;
/// No decision (the call failed before deciding).
pub const AUTHPARSE_OUTCOME_NONE: authparse_outcome_kind = 0;
/// Credentials were extracted: continue with them (HTTP 200).
pub const AUTHPARSE_OUTCOME_CREDENTIALS: authparse_outcome_kind = 1;
/// No usable credentials and `auto_error` is off: FastAPI's `None` (HTTP 200).
pub const AUTHPARSE_OUTCOME_ABSENT: authparse_outcome_kind = 2;
/// Respond with `http_status`, the rendered challenge and `authparse_outcome_body`.
pub const AUTHPARSE_OUTCOME_FAILURE: authparse_outcome_kind = 3;

/// Why a scheme failed (`authparse_outcome.reason`): the core's stable
/// `Reason::code()` numbers; 0 when the outcome is not a failure.
pub type authparse_reason = u32;
/// Not a failure.
pub const AUTHPARSE_REASON_NONE: authparse_reason = 0;
/// No header, cookie or parameter, or an empty one.
pub const AUTHPARSE_REASON_MISSING: authparse_reason = 1;
/// The `Authorization` scheme is not the expected one.
pub const AUTHPARSE_REASON_WRONG_SCHEME: authparse_reason = 2;
/// The scheme is right but nothing follows it.
pub const AUTHPARSE_REASON_EMPTY_CREDENTIALS: authparse_reason = 3;
/// Basic credentials are not valid base64 for the profile.
pub const AUTHPARSE_REASON_INVALID_BASE64: authparse_reason = 4;
/// Decoded Basic credentials are not ASCII (FastAPI) or not UTF-8 (strict).
pub const AUTHPARSE_REASON_INVALID_CHARSET: authparse_reason = 5;
/// Decoded Basic credentials have no `:`.
pub const AUTHPARSE_REASON_MISSING_COLON: authparse_reason = 6;
/// Credentials contain a control character (strict).
pub const AUTHPARSE_REASON_CONTROL_CHARACTER: authparse_reason = 7;
/// Malformed credentials or framing (strict).
pub const AUTHPARSE_REASON_MALFORMED_CREDENTIALS: authparse_reason = 8;
/// More than one header line carries credentials (strict; HTTP 400).
pub const AUTHPARSE_REASON_DUPLICATE_CREDENTIALS: authparse_reason = 9;

/// A one-line, NUL-terminated, static description of a reason code
/// (`"unknown reason"` for other numbers, `"none"` for 0). Never NULL.
#[no_mangle]
pub extern "C" fn authparse_reason_str(reason: authparse_reason) -> *const core::ffi::c_char {
    let message: &'static core::ffi::CStr = match reason {
        AUTHPARSE_REASON_NONE => c"none",
        AUTHPARSE_REASON_MISSING => c"credentials missing",
        AUTHPARSE_REASON_WRONG_SCHEME => c"wrong authorization scheme",
        AUTHPARSE_REASON_EMPTY_CREDENTIALS => c"empty credentials",
        AUTHPARSE_REASON_INVALID_BASE64 => c"invalid base64 in credentials",
        AUTHPARSE_REASON_INVALID_CHARSET => c"credentials not in the accepted charset",
        AUTHPARSE_REASON_MISSING_COLON => c"basic credentials without ':'",
        AUTHPARSE_REASON_CONTROL_CHARACTER => c"control character in credentials",
        AUTHPARSE_REASON_MALFORMED_CREDENTIALS => c"malformed credentials",
        AUTHPARSE_REASON_DUPLICATE_CREDENTIALS => c"credentials sent more than once",
        _ => c"unknown reason",
    };
    message.as_ptr()
}

/// Challenge kinds (`authparse_challenge.kind`).
pub type authparse_challenge_kind = u32;
/// No challenge (the outcome is not a failure).
pub const AUTHPARSE_CHALLENGE_NONE: authparse_challenge_kind = 0;
/// `Basic` with the realm rules of `profile` (HTTPBasic).
pub const AUTHPARSE_CHALLENGE_BASIC: authparse_challenge_kind = 1;
/// `Bearer` (HTTPBearer, OAuth2 classes, OpenIdConnect).
pub const AUTHPARSE_CHALLENGE_BEARER: authparse_challenge_kind = 2;
/// `Digest` (HTTPDigest).
pub const AUTHPARSE_CHALLENGE_DIGEST: authparse_challenge_kind = 3;
/// `APIKey` (the API-key classes).
pub const AUTHPARSE_CHALLENGE_API_KEY: authparse_challenge_kind = 4;
/// `text` through Python's `str.title()` (HTTPBase).
pub const AUTHPARSE_CHALLENGE_CUSTOM: authparse_challenge_kind = 5;

/// A `WWW-Authenticate` challenge, rendered by `authparse_challenge_render`.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct authparse_challenge {
    /// One of `AUTHPARSE_CHALLENGE_*`.
    pub kind: authparse_challenge_kind,
    /// BASIC only: the rendering rules (the strict profile escapes the realm
    /// and adds `charset="UTF-8"`).
    pub profile: authparse_profile,
    /// BASIC only: whether there is a realm.
    pub has_realm: bool,
    /// BASIC: the realm; CUSTOM: the scheme. Points into the configuration
    /// (`authparse_scheme_config.realm` / `.name`); must be UTF-8.
    pub text: authparse_str,
}

/// A scheme's decision.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct authparse_outcome {
    /// One of `AUTHPARSE_OUTCOME_*`.
    pub kind: authparse_outcome_kind,
    /// The HTTP status FastAPI continues with (200) or answers (401, or 400
    /// for a strict-profile ambiguity).
    pub http_status: u16,
    /// One of `AUTHPARSE_REASON_*` (0 unless a failure).
    pub reason: authparse_reason,
    /// The `WWW-Authenticate` challenge of a failure (kind NONE otherwise).
    pub challenge: authparse_challenge,
}

impl Default for authparse_outcome {
    fn default() -> Self {
        authparse_outcome {
            kind: AUTHPARSE_OUTCOME_NONE,
            http_status: 0,
            reason: AUTHPARSE_REASON_NONE,
            challenge: authparse_challenge {
                kind: AUTHPARSE_CHALLENGE_NONE,
                profile: AUTHPARSE_PROFILE_FASTAPI,
                has_realm: false,
                text: authparse_str::EMPTY,
            },
        }
    }
}

fn challenge(c: &Challenge<'_>) -> authparse_challenge {
    let (kind, profile, has_realm, text) = match *c {
        Challenge::Basic { realm, profile } => (
            AUTHPARSE_CHALLENGE_BASIC,
            profile_code(profile),
            realm.is_some(),
            realm.unwrap_or_default(),
        ),
        Challenge::Bearer => (AUTHPARSE_CHALLENGE_BEARER, 0, false, ""),
        Challenge::Digest => (AUTHPARSE_CHALLENGE_DIGEST, 0, false, ""),
        Challenge::ApiKey => (AUTHPARSE_CHALLENGE_API_KEY, 0, false, ""),
        Challenge::Custom(scheme) => (AUTHPARSE_CHALLENGE_CUSTOM, 0, false, scheme),
    };
    authparse_challenge {
        kind,
        profile,
        has_realm,
        text: authparse_str::from_slice(text.as_bytes()),
    }
}

/// The C outcome of a core outcome, and its credentials (if any).
fn outcome<T>(o: Outcome<'_, T>) -> (authparse_outcome, Option<T>) {
    let mut c = authparse_outcome {
        http_status: o.status(),
        ..authparse_outcome::default()
    };
    match o {
        Outcome::Credentials(creds) => {
            c.kind = AUTHPARSE_OUTCOME_CREDENTIALS;
            (c, Some(creds))
        }
        Outcome::Absent => {
            c.kind = AUTHPARSE_OUTCOME_ABSENT;
            (c, None)
        }
        Outcome::Failure(f) => {
            c.kind = AUTHPARSE_OUTCOME_FAILURE;
            c.reason = f.reason.code();
            c.challenge = challenge(&f.challenge);
            (c, None)
        }
    }
}

/// The core challenge of a C challenge.
///
/// # Safety
/// `c.text` readable for `'c`.
unsafe fn core_challenge<'c>(c: &authparse_challenge) -> Result<Challenge<'c>, authparse_status> {
    // SAFETY: forwarded to the caller.
    let text = unsafe { config_str(c.text.ptr(), c.text.len()) }?;
    Ok(match c.kind {
        AUTHPARSE_CHALLENGE_BASIC => Challenge::Basic {
            realm: c.has_realm.then_some(text),
            profile: profile(c.profile)?,
        },
        AUTHPARSE_CHALLENGE_BEARER => Challenge::Bearer,
        AUTHPARSE_CHALLENGE_DIGEST => Challenge::Digest,
        AUTHPARSE_CHALLENGE_API_KEY => Challenge::ApiKey,
        AUTHPARSE_CHALLENGE_CUSTOM => Challenge::Custom(text),
        _ => return Err(AUTHPARSE_STATUS_INVALID_ARGUMENT),
    })
}

/// Renders a failure's `WWW-Authenticate` value into `buf` exactly as FastAPI
/// sends it (`Basic realm="simple"`, `Bearer`, `APIKey`, `My-Custom`, …).
///
/// On success `*out` points into `buf` (not NUL-terminated). A short buffer
/// gives `AUTHPARSE_STATUS_BUFFER_TOO_SMALL` with the exact size in
/// `*out_needed` (NULL allowed); nothing is truncated. A challenge of kind
/// NONE is `AUTHPARSE_STATUS_INVALID_ARGUMENT`.
///
/// # Safety
/// `challenge` must be valid with `text` readable; `buf` writable for
/// `buf_len` bytes (NULL with 0 allowed), not overlapping `text`; `out`
/// writable; `out_needed` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn authparse_challenge_render(
    challenge: *const authparse_challenge,
    buf: *mut u8,
    buf_len: usize,
    out: *mut authparse_str,
    out_needed: *mut usize,
) -> authparse_status {
    if challenge.is_null() {
        return AUTHPARSE_STATUS_NULL_POINTER;
    }
    if Region::of(challenge).overlaps(buf, buf_len) {
        return AUTHPARSE_STATUS_BUFFER_OVERLAP;
    }
    // SAFETY: non-NULL and valid by contract.
    let c = unsafe { &*challenge };
    // SAFETY: `text` readable by contract.
    let core = match unsafe { core_challenge(c) } {
        Ok(core) => core,
        Err(status) => return status,
    };
    // SAFETY: the caller's contract for the buffer and out-params.
    unsafe {
        write_call(
            // SAFETY: checked readable in `core_challenge`.
            &[c.text.as_slice_lossy()],
            buf,
            buf_len,
            out,
            out_needed,
            |b| Ok(authparse_str::from_slice(core.render(b)?.as_bytes())),
        )
    }
}

/// `{"detail":"Not authenticated"}`: the body FastAPI sends with every 401.
pub const AUTHPARSE_NOT_AUTHENTICATED_BODY: &str = r#"{"detail":"Not authenticated"}"#;
/// `{"detail":"Bad Request"}`: the body of a strict-profile 400.
pub const AUTHPARSE_BAD_REQUEST_BODY: &str = r#"{"detail":"Bad Request"}"#;

/// The JSON body to send with a failure: a view of a static string
/// (`AUTHPARSE_NOT_AUTHENTICATED_BODY`, or `AUTHPARSE_BAD_REQUEST_BODY` for a
/// 400). Empty for a NULL pointer or an outcome that is not a failure.
///
/// # Safety
/// `outcome` must be NULL or point to a valid outcome.
#[no_mangle]
pub unsafe extern "C" fn authparse_outcome_body(
    outcome: *const authparse_outcome,
) -> authparse_str {
    if outcome.is_null() {
        return authparse_str::EMPTY;
    }
    // SAFETY: non-NULL and valid by contract.
    let o = unsafe { &*outcome };
    if o.kind != AUTHPARSE_OUTCOME_FAILURE {
        return authparse_str::EMPTY;
    }
    let body = if o.http_status == 400 {
        BAD_REQUEST_BODY
    } else {
        NOT_AUTHENTICATED_BODY
    };
    authparse_str::from_slice(body.as_bytes())
}

/// Renders the whole HTTP/1.1 response FastAPI sends for a failure, for a
/// server that writes raw bytes: the status line (`401 Unauthorized` or
/// `400 Bad Request`), `www-authenticate`, `content-length` and
/// `content-type: application/json` in FastAPI's order, a blank line and
/// the JSON body.
///
/// On success `*out` points into `buf`. A short buffer gives
/// `AUTHPARSE_STATUS_BUFFER_TOO_SMALL` with the exact size in `*out_needed`
/// (NULL allowed). An outcome that is not a failure is
/// `AUTHPARSE_STATUS_INVALID_ARGUMENT`.
///
/// # Safety
/// `outcome` must be valid with its challenge `text` readable; `buf`
/// writable for `buf_len` bytes (NULL with 0 allowed), not overlapping that
/// text; `out` writable; `out_needed` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn authparse_outcome_render_response(
    outcome: *const authparse_outcome,
    buf: *mut u8,
    buf_len: usize,
    out: *mut authparse_str,
    out_needed: *mut usize,
) -> authparse_status {
    if outcome.is_null() {
        return AUTHPARSE_STATUS_NULL_POINTER;
    }
    if Region::of(outcome).overlaps(buf, buf_len) {
        return AUTHPARSE_STATUS_BUFFER_OVERLAP;
    }
    // SAFETY: non-NULL and valid by contract.
    let o = unsafe { &*outcome };
    if o.kind != AUTHPARSE_OUTCOME_FAILURE {
        return AUTHPARSE_STATUS_INVALID_ARGUMENT;
    }
    // SAFETY: `text` readable by contract.
    let challenge = match unsafe { core_challenge(&o.challenge) } {
        Ok(challenge) => challenge,
        Err(status) => return status,
    };
    // SAFETY: the caller's contract for the buffer and out-params.
    unsafe {
        write_call(
            // SAFETY: checked readable in `core_challenge`.
            &[o.challenge.text.as_slice_lossy()],
            buf,
            buf_len,
            out,
            out_needed,
            |b| {
                let response =
                    authparse_core::write_failure_response(o.http_status, &challenge, b)?;
                Ok(authparse_str::from_slice(response))
            },
        )
    }
}

/// Decoded `Basic` credentials: views into the caller's buffer.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct authparse_basic_credentials {
    /// Everything before the first `:` (ASCII in the FastAPI profile, UTF-8
    /// in the strict one; may be empty).
    pub username: authparse_str,
    /// Everything after the first `:` (may be empty, may contain `:`).
    pub password: authparse_str,
}

/// FastAPI's `HTTPAuthorizationCredentials`: views into the `Authorization`
/// header value of the request.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct authparse_authorization_credentials {
    /// The scheme as the client wrote it (`bearer` stays `bearer`).
    pub scheme: authparse_str,
    /// The credentials after it (stripped with Python's whitespace set in
    /// the FastAPI profile).
    pub credentials: authparse_str,
}

/// The configuration, request and output buffer of a scheme that decodes
/// into `buf`, checked: `buf` may not share a byte with the request, the
/// configuration (its struct and strings) or `out_params`.
///
/// # Safety
/// As the `extern "C"` callers: `cfg` and `req` valid with readable views
/// for `'a`, `buf` writable for `buf_len` bytes for `'a`.
unsafe fn decoding_call<'a>(
    cfg: *const authparse_scheme_config,
    req: *const authparse_request,
    buf: *mut u8,
    buf_len: usize,
    out_params: [Region; 3],
) -> Result<(Config<'a>, Request<'a, authparse_header>, &'a mut [u8]), authparse_status> {
    // SAFETY: the caller's contract for `cfg` and `req`.
    let (checked_cfg, checked_req) = unsafe { (config(cfg)?, request(req)?) };
    let read = request_regions(req, &checked_req).chain(checked_cfg.regions);
    disjoint(buf, buf_len, read.chain(out_params))?;
    // SAFETY: writable for `buf_len` bytes (caller), disjoint from everything
    // else the call reads or writes (checked above).
    let buffer = unsafe { output(buf, buf_len) }?;
    Ok((checked_cfg, checked_req, buffer))
}

/// Runs a decision that needs no buffer; writes the outcome and the
/// credentials (zeroed unless the outcome is CREDENTIALS).
///
/// # Safety
/// `req`/`cfg` valid; `out_outcome`/`out_creds` writable.
unsafe fn decide<'a, T, C: Default>(
    cfg: *const authparse_scheme_config,
    req: *const authparse_request,
    out_outcome: *mut authparse_outcome,
    out_creds: *mut C,
    run: impl FnOnce(&Config<'a>, &Request<'a, authparse_header>) -> Outcome<'a, T>,
    convert: impl FnOnce(T) -> C,
) -> authparse_status {
    status(|| {
        non_null(out_outcome)?;
        non_null(out_creds)?;
        // SAFETY: the caller's contract for `cfg` and `req`.
        let (cfg, req) = unsafe { (config::<'a>(cfg)?, request::<'a>(req)?) };
        let (o, creds) = outcome(run(&cfg, &req));
        // SAFETY: both checked non-NULL, writable by contract.
        unsafe {
            put(out_outcome, o);
            put(out_creds, creds.map(convert).unwrap_or_default());
        }
        Ok(())
    })
}

fn scheme_credentials(c: AuthorizationCredentials<'_>) -> authparse_authorization_credentials {
    authparse_authorization_credentials {
        scheme: authparse_str::from_slice(c.scheme),
        credentials: authparse_str::from_slice(c.credentials.as_bytes()),
    }
}

fn secret(s: Secret<'_>) -> authparse_str {
    authparse_str::from_slice(s.as_bytes())
}

/// `HTTPBasic(realm=…, auto_error=…)`: decodes `Authorization: Basic …` into
/// `buf` (`authparse_base64_max_decoded_len(header length)` always suffices).
///
/// On `AUTHPARSE_STATUS_OK`, `*out_outcome` holds the decision and, when it
/// is CREDENTIALS, `*out_creds` holds views into `buf` (zeroed otherwise).
/// FastAPI's quirk is kept: once the scheme is `basic`, malformed
/// credentials fail even with `auto_error` off. A short buffer gives
/// `AUTHPARSE_STATUS_BUFFER_TOO_SMALL` and the size in `*out_needed` (NULL
/// allowed). Reads `auto_error`, `profile`, `has_realm`, `realm`.
///
/// # Safety
/// `cfg` and `req` must be valid with readable views; `buf` writable for
/// `buf_len` bytes and not overlapping the request; `out_outcome` and
/// `out_creds` writable; `out_needed` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn authparse_http_basic_extract(
    cfg: *const authparse_scheme_config,
    req: *const authparse_request,
    buf: *mut u8,
    buf_len: usize,
    out_outcome: *mut authparse_outcome,
    out_creds: *mut authparse_basic_credentials,
    out_needed: *mut usize,
) -> authparse_status {
    // SAFETY: `out_needed` NULL or writable by contract.
    unsafe { put(out_needed, 0) };
    status(|| {
        non_null(out_outcome)?;
        non_null(out_creds)?;
        let out_params = [
            Region::of(out_outcome),
            Region::of(out_creds),
            Region::of(out_needed),
        ];
        // SAFETY: the caller's contract for `cfg`, `req` and `buf`.
        let (cfg, req, buffer) = unsafe { decoding_call(cfg, req, buf, buf_len, out_params) }?;
        let mut basic = configure!(HttpBasic::new(), cfg);
        if let Some(realm) = cfg.realm {
            basic = basic.realm(realm);
        }
        let decided = basic.extract(&req, buffer).map_err(|e| {
            if let authparse_core::Error::BufferTooSmall { needed } = e {
                // SAFETY: NULL or writable.
                unsafe { put(out_needed, needed) };
            }
            status_of(e)
        })?;
        let (o, creds) = outcome(decided);
        let creds = creds.map_or_else(Default::default, |c| authparse_basic_credentials {
            username: authparse_str::from_slice(c.username.as_bytes()),
            password: authparse_str::from_slice(c.password.as_bytes()),
        });
        // SAFETY: checked non-NULL, writable by contract.
        unsafe {
            put(out_outcome, o);
            put(out_creds, creds);
        }
        Ok(())
    })
}

/// `HTTPBearer(auto_error=…)`: `Authorization: Bearer <token>`.
///
/// On `AUTHPARSE_STATUS_OK`, `*out_outcome` holds the decision; for
/// CREDENTIALS `*out_creds` holds views into the header value (zeroed
/// otherwise). Strict: the token must be an RFC 6750 `b64token`. Reads
/// `auto_error` and `profile`.
///
/// # Safety
/// `cfg` and `req` must be valid with readable views; `out_outcome` and
/// `out_creds` writable.
#[no_mangle]
pub unsafe extern "C" fn authparse_http_bearer_extract(
    cfg: *const authparse_scheme_config,
    req: *const authparse_request,
    out_outcome: *mut authparse_outcome,
    out_creds: *mut authparse_authorization_credentials,
) -> authparse_status {
    // SAFETY: forwarded to the caller.
    unsafe {
        decide(
            cfg,
            req,
            out_outcome,
            out_creds,
            |cfg, req| configure!(HttpBearer::new(), cfg).extract(req),
            scheme_credentials,
        )
    }
}

/// `HTTPDigest(auto_error=…)`: `Authorization: Digest <params>`, the
/// parameters as one unparsed view (iterate them with
/// `authparse_digest_iter_*`).
///
/// `*out_creds` views point into the header value. Strict: the
/// parameters must be an RFC 7616 response. Reads `auto_error`, `profile`.
///
/// # Safety
/// `cfg` and `req` must be valid with readable views; `out_outcome` and
/// `out_creds` writable.
#[no_mangle]
pub unsafe extern "C" fn authparse_http_digest_extract(
    cfg: *const authparse_scheme_config,
    req: *const authparse_request,
    out_outcome: *mut authparse_outcome,
    out_creds: *mut authparse_authorization_credentials,
) -> authparse_status {
    // SAFETY: forwarded to the caller.
    unsafe {
        decide(
            cfg,
            req,
            out_outcome,
            out_creds,
            |cfg, req| configure!(HttpDigest::new(), cfg).extract(req),
            scheme_credentials,
        )
    }
}

/// `HTTPBase(scheme=…, auto_error=…)`: any `scheme credentials` pair
/// (strict: the configured scheme is required).
///
/// `*out_creds` views point into the header value; the failure challenge
/// points into `cfg->name`. Reads `auto_error`, `profile`, `name` (the scheme).
///
/// # Safety
/// `cfg` and `req` must be valid with readable views; `out_outcome` and
/// `out_creds` writable.
#[no_mangle]
pub unsafe extern "C" fn authparse_http_base_extract(
    cfg: *const authparse_scheme_config,
    req: *const authparse_request,
    out_outcome: *mut authparse_outcome,
    out_creds: *mut authparse_authorization_credentials,
) -> authparse_status {
    // SAFETY: forwarded to the caller.
    unsafe {
        decide(
            cfg,
            req,
            out_outcome,
            out_creds,
            |cfg, req| configure!(HttpBase::new(cfg.name), cfg).extract(req),
            scheme_credentials,
        )
    }
}

/// `APIKeyHeader(name=…, auto_error=…)`: the first header line called
/// `name`, as sent (an empty value counts as missing).
///
/// `*out_creds` points into the header value. Strict: a repeated header
/// is a 400 and OWS is trimmed. Reads `auto_error`, `profile`, `name`.
///
/// # Safety
/// `cfg` and `req` must be valid with readable views; `out_outcome` and
/// `out_creds` writable.
#[no_mangle]
pub unsafe extern "C" fn authparse_api_key_header_extract(
    cfg: *const authparse_scheme_config,
    req: *const authparse_request,
    out_outcome: *mut authparse_outcome,
    out_creds: *mut authparse_str,
) -> authparse_status {
    // SAFETY: forwarded to the caller.
    unsafe {
        decide(
            cfg,
            req,
            out_outcome,
            out_creds,
            |cfg, req| configure!(ApiKeyHeader::new(cfg.name), cfg).extract(req),
            secret,
        )
    }
}

/// `OAuth2(auto_error=…)`: the whole `Authorization` value, any scheme.
///
/// `*out_creds` points into the header value. Reads `auto_error`, `profile`.
///
/// # Safety
/// `cfg` and `req` must be valid with readable views; `out_outcome` and
/// `out_creds` writable.
#[no_mangle]
pub unsafe extern "C" fn authparse_oauth2_extract(
    cfg: *const authparse_scheme_config,
    req: *const authparse_request,
    out_outcome: *mut authparse_outcome,
    out_creds: *mut authparse_str,
) -> authparse_status {
    // SAFETY: forwarded to the caller.
    unsafe {
        decide(
            cfg,
            req,
            out_outcome,
            out_creds,
            |cfg, req| configure!(OAuth2::new(), cfg).extract(req),
            secret,
        )
    }
}

/// `OpenIdConnect(openIdConnectUrl=…, auto_error=…)`: the whole
/// `Authorization` value (the URL only matters for OpenAPI).
///
/// `*out_creds` points into the header value. Reads `auto_error`, `profile`.
///
/// # Safety
/// `cfg` and `req` must be valid with readable views; `out_outcome` and
/// `out_creds` writable.
#[no_mangle]
pub unsafe extern "C" fn authparse_open_id_connect_extract(
    cfg: *const authparse_scheme_config,
    req: *const authparse_request,
    out_outcome: *mut authparse_outcome,
    out_creds: *mut authparse_str,
) -> authparse_status {
    // SAFETY: forwarded to the caller.
    unsafe {
        decide(
            cfg,
            req,
            out_outcome,
            out_creds,
            |cfg, req| configure!(OpenIdConnect::new(""), cfg).extract(req),
            secret,
        )
    }
}

/// `OAuth2PasswordBearer(tokenUrl=…, auto_error=…)`: the token of
/// `Bearer <token>` (FastAPI accepts an empty token).
///
/// `*out_creds` points into the header value. Reads `auto_error`, `profile`.
///
/// # Safety
/// `cfg` and `req` must be valid with readable views; `out_outcome` and
/// `out_creds` writable.
#[no_mangle]
pub unsafe extern "C" fn authparse_oauth2_password_bearer_extract(
    cfg: *const authparse_scheme_config,
    req: *const authparse_request,
    out_outcome: *mut authparse_outcome,
    out_creds: *mut authparse_str,
) -> authparse_status {
    // SAFETY: forwarded to the caller.
    unsafe {
        decide(
            cfg,
            req,
            out_outcome,
            out_creds,
            |cfg, req| configure!(OAuth2PasswordBearer::new(""), cfg).extract(req),
            secret,
        )
    }
}

/// `OAuth2AuthorizationCodeBearer(authorizationUrl=…, tokenUrl=…,
/// auto_error=…)`: the token of `Bearer <token>`, as the password bearer.
///
/// `*out_creds` points into the header value. Reads `auto_error`, `profile`.
///
/// # Safety
/// `cfg` and `req` must be valid with readable views; `out_outcome` and
/// `out_creds` writable.
#[no_mangle]
pub unsafe extern "C" fn authparse_oauth2_authorization_code_bearer_extract(
    cfg: *const authparse_scheme_config,
    req: *const authparse_request,
    out_outcome: *mut authparse_outcome,
    out_creds: *mut authparse_str,
) -> authparse_status {
    // SAFETY: forwarded to the caller.
    unsafe {
        decide(
            cfg,
            req,
            out_outcome,
            out_creds,
            |cfg, req| configure!(OAuth2AuthorizationCodeBearer::new("", ""), cfg).extract(req),
            secret,
        )
    }
}

/// Runs an API-key class that may decode into `buf`.
///
/// # Safety
/// As the `extern "C"` callers.
#[allow(clippy::too_many_arguments)]
unsafe fn api_key_buffered(
    cfg: *const authparse_scheme_config,
    req: *const authparse_request,
    buf: *mut u8,
    buf_len: usize,
    out_outcome: *mut authparse_outcome,
    out_key: *mut authparse_str,
    out_needed: *mut usize,
    query: bool,
) -> authparse_status {
    // SAFETY: NULL or writable by contract.
    unsafe { put(out_needed, 0) };
    status(|| {
        non_null(out_outcome)?;
        non_null(out_key)?;
        let out_params = [
            Region::of(out_outcome),
            Region::of(out_key),
            Region::of(out_needed),
        ];
        // SAFETY: the caller's contract for `cfg`, `req` and `buf`.
        let (cfg, req, buffer) = unsafe { decoding_call(cfg, req, buf, buf_len, out_params) }?;
        let decided = if query {
            configure!(ApiKeyQuery::new(cfg.name), cfg).extract(&req, buffer)
        } else {
            configure!(ApiKeyCookie::new(cfg.name), cfg).extract(&req, buffer)
        };
        let decided = decided.map_err(|e| {
            if let authparse_core::Error::BufferTooSmall { needed } = e {
                // SAFETY: NULL or writable.
                unsafe { put(out_needed, needed) };
            }
            status_of(e)
        })?;
        let (o, key) = outcome(decided);
        // SAFETY: checked non-NULL, writable by contract.
        unsafe {
            put(out_outcome, o);
            put(out_key, key.map(secret).unwrap_or_default());
        }
        Ok(())
    })
}

/// `APIKeyQuery(name=…, auto_error=…)`: a query parameter, decoded as
/// Starlette does (the last occurrence wins; strict: WHATWG decoding, a
/// repeated parameter or invalid UTF-8 is a 400).
///
/// `*out_key` points into the query when no decoding was needed, otherwise
/// into `buf` (the query length times 3 always suffices); its bytes are UTF-8.
/// A short buffer gives `AUTHPARSE_STATUS_BUFFER_TOO_SMALL` and `*out_needed`.
/// Reads `auto_error`, `profile`, `name`.
///
/// # Safety
/// `cfg` and `req` valid with readable views; `buf` writable for `buf_len`
/// bytes, not overlapping the request; `out_outcome`, `out_key` writable;
/// `out_needed` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn authparse_api_key_query_extract(
    cfg: *const authparse_scheme_config,
    req: *const authparse_request,
    buf: *mut u8,
    buf_len: usize,
    out_outcome: *mut authparse_outcome,
    out_key: *mut authparse_str,
    out_needed: *mut usize,
) -> authparse_status {
    // SAFETY: forwarded to the caller.
    unsafe {
        api_key_buffered(
            cfg,
            req,
            buf,
            buf_len,
            out_outcome,
            out_key,
            out_needed,
            true,
        )
    }
}

/// `APIKeyCookie(name=…, auto_error=…)`: a cookie across every `Cookie`
/// header (FastAPI: Starlette's parser, last wins, a quoted value unescaped;
/// strict: RFC 6265; that name sent twice, or malformed, is a 400).
///
/// `*out_key` points into a `Cookie` header value, or into `buf` when a
/// quoted value had escapes (the header length suffices). A short buffer
/// gives `AUTHPARSE_STATUS_BUFFER_TOO_SMALL` and `*out_needed`. Reads
/// `auto_error`, `profile`, `name`.
///
/// # Safety
/// As `authparse_api_key_query_extract`.
#[no_mangle]
pub unsafe extern "C" fn authparse_api_key_cookie_extract(
    cfg: *const authparse_scheme_config,
    req: *const authparse_request,
    buf: *mut u8,
    buf_len: usize,
    out_outcome: *mut authparse_outcome,
    out_key: *mut authparse_str,
    out_needed: *mut usize,
) -> authparse_status {
    // SAFETY: forwarded to the caller.
    unsafe {
        api_key_buffered(
            cfg,
            req,
            buf,
            buf_len,
            out_outcome,
            out_key,
            out_needed,
            false,
        )
    }
}
