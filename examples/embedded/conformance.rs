//! The public conformance cases (tests/data/fastapi-public.jsonl: FastAPI
//! 0.165.0's real answers), run through authparse on the chip. The cases
//! are embedded at build time in the compact form `cases_codegen.rs`
//! writes (`OUT_DIR/cases.bin`, in flash: nothing is copied to RAM, so the
//! 16 KiB micro:bit runs them too); each decision, challenge, body and
//! extracted value is compared with FastAPI's. Included with `#[path]` by
//! the firmware, which provides `fn print(core::fmt::Arguments<'_>)`.

use core::str::from_utf8;

use authparse::form::{FormOutcome, OAuth2PasswordRequestForm, OAuth2PasswordRequestFormStrict};
use authparse::openapi::{OAuthFlow, OAuthFlows, SecurityScheme};
use authparse::{
    ApiKeyCookie, ApiKeyHeader, ApiKeyQuery, HttpBase, HttpBasic, HttpBearer, HttpDigest, OAuth2,
    OAuth2AuthorizationCodeBearer, OAuth2PasswordBearer, OpenIdConnect, Outcome, Request,
};

use crate::case_format::*;

static CASES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/cases.bin"));
/// How many cases `cases.bin` holds.
pub const CASE_COUNT: u32 = include!(concat!(env!("OUT_DIR"), "/case_count.rs"));

const MAX_HEADERS: usize = 16;
const MAX_SCOPES: usize = 8;

/// Reads the compact case stream (see `cases_codegen.rs`).
#[derive(Clone)]
struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn u8(&mut self) -> Option<u8> {
        let (&b, rest) = self.0.split_first()?;
        self.0 = rest;
        Some(b)
    }
    fn u16(&mut self) -> Option<u16> {
        let (len, rest) = self.0.split_first_chunk::<2>()?;
        self.0 = rest;
        Some(u16::from_le_bytes(*len))
    }
    fn opt(&mut self) -> Option<Option<&'a [u8]>> {
        let len = self.u16()?;
        if len == ABSENT {
            return Some(None);
        }
        let (field, rest) = self.0.split_at_checked(usize::from(len))?;
        self.0 = rest;
        Some(Some(field))
    }
    fn bytes(&mut self) -> Option<&'a [u8]> {
        self.opt()?
    }
    fn text(&mut self) -> Option<&'a str> {
        from_utf8(self.bytes()?).ok()
    }
    fn opt_text(&mut self) -> Option<Option<&'a str>> {
        match self.opt()? {
            None => Some(None),
            Some(b) => Some(Some(from_utf8(b).ok()?)),
        }
    }
    /// A `{scope: description}` list into `slots`.
    fn scopes<'s>(
        &mut self,
        slots: &'s mut [(&'a str, &'a str); MAX_SCOPES],
    ) -> Option<&'s [(&'a str, &'a str)]> {
        let n = usize::from(self.u16()?);
        for slot in slots.get_mut(..n)? {
            *slot = (self.text()?, self.text()?);
        }
        slots.get(..n)
    }
}

/// A case's constructor arguments.
struct Args<'a> {
    class: u8,
    auto_error: Option<bool>,
    strings: [Option<&'a str>; 10],
    scopes: [(&'a str, &'a str); MAX_SCOPES],
    scope_count: usize,
    flows: [Option<FlowArgs<'a>>; 4],
}

struct FlowArgs<'a> {
    authorization_url: Option<&'a str>,
    token_url: Option<&'a str>,
    refresh_url: Option<&'a str>,
    scopes: [(&'a str, &'a str); MAX_SCOPES],
    scope_count: usize,
}

impl<'a> Args<'a> {
    fn read(r: &mut Reader<'a>) -> Option<Self> {
        let class = r.u8()?;
        let auto_error = match r.u8()? {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        };
        let mut strings = [None; 10];
        for s in &mut strings {
            *s = r.opt_text()?;
        }
        let mut scopes = [("", ""); MAX_SCOPES];
        let scope_count = r.scopes(&mut scopes)?.len();
        let mut flows = [None, None, None, None];
        for flow in &mut flows {
            if r.u8()? == 1 {
                let (authorization_url, token_url, refresh_url) =
                    (r.opt_text()?, r.opt_text()?, r.opt_text()?);
                let mut scopes = [("", ""); MAX_SCOPES];
                let scope_count = r.scopes(&mut scopes)?.len();
                *flow = Some(FlowArgs {
                    authorization_url,
                    token_url,
                    refresh_url,
                    scopes,
                    scope_count,
                });
            }
        }
        Some(Args {
            class,
            auto_error,
            strings,
            scopes,
            scope_count,
            flows,
        })
    }
    fn str(&self, index: usize) -> Option<&'a str> {
        self.strings.get(index).copied().flatten()
    }
    fn scopes(&self) -> &[(&'a str, &'a str)] {
        self.scopes.get(..self.scope_count).unwrap_or_default()
    }
}

/// Applies `auto_error`, `scheme_name` and `description` through a class's builders.
macro_rules! configure {
    ($scheme:expr, $args:expr) => {{
        let mut s = $scheme;
        if let Some(auto_error) = $args.auto_error {
            s = s.auto_error(auto_error);
        }
        if let Some(v) = $args.str(SCHEME_NAME) {
            s = s.scheme_name(v);
        }
        if let Some(v) = $args.str(DESCRIPTION) {
            s = s.description(v);
        }
        s
    }};
}

/// Runs every case; prints each disagreement. Returns (agreed, disagreed).
pub fn run() -> (u32, u32) {
    let mut r = Reader(CASES);
    let (mut agreed, mut disagreed) = (0, 0);
    while !r.0.is_empty() {
        let id = r.bytes().and_then(|b| from_utf8(b).ok()).unwrap_or("?");
        let ok = match r.u8() {
            Some(REQUEST_CASE) => request_case(&mut r),
            Some(OPENAPI_CASE) => openapi_case(&mut r),
            _ => None,
        };
        // The negative control (feature force-failure) flips the first case.
        let flip = cfg!(feature = "force-failure") && agreed + disagreed == 0;
        let ok = ok.map(|ok| ok != flip);
        match ok {
            Some(true) => agreed += 1,
            Some(false) => {
                disagreed += 1;
                out!("FAIL conformance case {}", id);
            }
            None => {
                out!("FAIL conformance data unreadable at case {}", id);
                return (agreed, disagreed + 1);
            }
        }
    }
    (agreed, disagreed)
}

/// What FastAPI answered, as the case data holds it.
struct Expected<'a> {
    status: u16,
    www_authenticate: Option<&'a [u8]>,
    body: Reader<'a>,
    kind: u8,
}

/// What authparse answered.
enum Got<'o> {
    Failure(authparse::Failure<'o>),
    Absent,
    Basic(&'o str, &'o str),
    Scheme(&'o [u8], &'o [u8]),
    Value(&'o [u8]),
    Form(FormOutcome<'o>),
}

fn from_outcome<'o, T>(outcome: Outcome<'o, T>, credentials: impl FnOnce(T) -> Got<'o>) -> Got<'o> {
    match outcome {
        Outcome::Credentials(c) => credentials(c),
        Outcome::Absent => Got::Absent,
        Outcome::Failure(f) => Got::Failure(f),
    }
}

fn request_case(r: &mut Reader<'_>) -> Option<bool> {
    let args = Args::read(r)?;
    let mut headers: [(&[u8], &[u8]); MAX_HEADERS] = [(&[], &[]); MAX_HEADERS];
    let count = usize::from(r.u16()?);
    for slot in headers.get_mut(..count)? {
        *slot = (r.bytes()?, r.bytes()?);
    }
    let req = Request::new(headers.get(..count)?)
        .with_query(r.bytes()?)
        .with_body(r.bytes()?);
    let status = r.u16()?;
    let www_authenticate = r.opt()?;
    let kind = r.u8()?;
    let body = r.clone();
    skip_body(r, kind)?;
    let expected = Expected {
        status,
        www_authenticate,
        body,
        kind,
    };

    let mut buf = [0u8; 512];
    let got = match args.class {
        HTTP_BASIC => {
            let mut basic = configure!(HttpBasic::new(), args);
            if let Some(realm) = args.str(REALM) {
                basic = basic.realm(realm);
            }
            from_outcome(basic.extract(&req, &mut buf).ok()?, |c| {
                Got::Basic(c.username, c.password)
            })
        }
        HTTP_BEARER => from_outcome(configure!(HttpBearer::new(), args).extract(&req), scheme),
        HTTP_DIGEST => from_outcome(configure!(HttpDigest::new(), args).extract(&req), scheme),
        HTTP_BASE => from_outcome(
            configure!(HttpBase::new(args.str(SCHEME)?), args).extract(&req),
            scheme,
        ),
        API_KEY_HEADER => from_outcome(
            configure!(ApiKeyHeader::new(args.str(NAME)?), args).extract(&req),
            value,
        ),
        API_KEY_QUERY => {
            let key = configure!(ApiKeyQuery::new(args.str(NAME)?), args);
            from_outcome(key.extract(&req, &mut buf).ok()?, value)
        }
        API_KEY_COOKIE => {
            let key = configure!(ApiKeyCookie::new(args.str(NAME)?), args);
            from_outcome(key.extract(&req, &mut buf).ok()?, value)
        }
        OAUTH2 => from_outcome(configure!(OAuth2::new(), args).extract(&req), value),
        OPEN_ID_CONNECT => {
            let oidc = OpenIdConnect::new(args.str(OPEN_ID_CONNECT_URL)?);
            from_outcome(configure!(oidc, args).extract(&req), value)
        }
        OAUTH2_PASSWORD_BEARER => {
            let mut bearer = configure!(OAuth2PasswordBearer::new(args.str(TOKEN_URL)?), args)
                .scopes(args.scopes());
            if let Some(url) = args.str(REFRESH_URL) {
                bearer = bearer.refresh_url(url);
            }
            from_outcome(bearer.extract(&req), value)
        }
        OAUTH2_AUTHORIZATION_CODE_BEARER => {
            let code = OAuth2AuthorizationCodeBearer::new(
                args.str(AUTHORIZATION_URL)?,
                args.str(TOKEN_URL)?,
            );
            let mut code = configure!(code, args).scopes(args.scopes());
            if let Some(url) = args.str(REFRESH_URL) {
                code = code.refresh_url(url);
            }
            from_outcome(code.extract(&req), value)
        }
        PASSWORD_FORM => Got::Form(
            OAuth2PasswordRequestForm::new()
                .extract(&req, &mut buf)
                .ok()?,
        ),
        PASSWORD_FORM_STRICT => Got::Form(
            OAuth2PasswordRequestFormStrict::new()
                .extract(&req, &mut buf)
                .ok()?,
        ),
        _ => return None,
    };
    Some(agrees(&got, expected))
}

fn scheme(c: authparse::AuthorizationCredentials<'_>) -> Got<'_> {
    Got::Scheme(c.scheme, c.credentials.as_bytes())
}

fn value(s: authparse::Secret<'_>) -> Got<'_> {
    Got::Value(s.as_bytes())
}

/// Moves `r` past an expected body of shape `kind`.
fn skip_body(r: &mut Reader<'_>, kind: u8) -> Option<()> {
    let fields = match kind {
        BODY_JSON | BODY_VALUE => 1,
        BODY_BASIC | BODY_SCHEME => 2,
        BODY_NONE => 0,
        BODY_FORM => 5,
        _ => return None,
    };
    for _ in 0..fields {
        r.opt()?;
    }
    if kind == BODY_FORM {
        for _ in 0..r.u16()? {
            r.bytes()?;
        }
    }
    Some(())
}

fn agrees(got: &Got<'_>, mut expected: Expected<'_>) -> bool {
    let body = &mut expected.body;
    let mut json = [0u8; 512];
    let (status, challenge_ok, body_ok) = match got {
        Got::Failure(f) => {
            let mut text = [0u8; 128];
            let rendered = f.challenge.render(&mut text).ok().map(str::as_bytes);
            let body_ok = expected.kind == BODY_JSON && body.bytes() == Some(f.body().as_bytes());
            (f.status, rendered == expected.www_authenticate, body_ok)
        }
        Got::Absent => (
            200,
            expected.www_authenticate.is_none(),
            expected.kind == BODY_NONE,
        ),
        Got::Basic(user, password) => (
            200,
            expected.www_authenticate.is_none(),
            expected.kind == BODY_BASIC
                && body.bytes() == Some(user.as_bytes())
                && body.bytes() == Some(password.as_bytes()),
        ),
        Got::Scheme(scheme, credentials) => (
            200,
            expected.www_authenticate.is_none(),
            expected.kind == BODY_SCHEME
                && body.bytes() == Some(*scheme)
                && body.bytes() == Some(*credentials),
        ),
        Got::Value(v) => (
            200,
            expected.www_authenticate.is_none(),
            expected.kind == BODY_VALUE && body.bytes() == Some(*v),
        ),
        Got::Form(FormOutcome::Form(form)) => {
            let fields = [
                form.grant_type,
                Some(form.username),
                Some(form.password),
                form.client_id,
                form.client_secret,
            ];
            let mut ok = expected.kind == BODY_FORM;
            for field in fields {
                ok &= body.opt() == Some(field.map(str::as_bytes));
            }
            let count = body.u16().map_or(usize::MAX, usize::from);
            ok &= form.scopes().count() == count;
            for scope in form.scopes() {
                ok &= body.bytes() == Some(scope.as_bytes());
            }
            (200, expected.www_authenticate.is_none(), ok)
        }
        Got::Form(outcome) => {
            let written = outcome.write_body(&mut json).ok().map(str::as_bytes);
            let ok = expected.kind == BODY_JSON && written.is_some() && body.bytes() == written;
            (outcome.status(), expected.www_authenticate.is_none(), ok)
        }
    };
    status == expected.status && challenge_ok && body_ok
}

fn openapi_case(r: &mut Reader<'_>) -> Option<bool> {
    let args = Args::read(r)?;
    let (key, json) = (r.bytes()?, r.bytes()?);
    let flows_storage;
    let scheme: SecurityScheme<'_> = match args.class {
        HTTP_BASIC => {
            let mut basic = configure!(HttpBasic::new(), args);
            if let Some(realm) = args.str(REALM) {
                basic = basic.realm(realm);
            }
            basic.into()
        }
        HTTP_BEARER => {
            let mut bearer = configure!(HttpBearer::new(), args);
            if let Some(format) = args.str(BEARER_FORMAT) {
                bearer = bearer.bearer_format(format);
            }
            bearer.into()
        }
        HTTP_DIGEST => configure!(HttpDigest::new(), args).into(),
        HTTP_BASE => configure!(HttpBase::new(args.str(SCHEME)?), args).into(),
        API_KEY_HEADER => configure!(ApiKeyHeader::new(args.str(NAME)?), args).into(),
        API_KEY_QUERY => configure!(ApiKeyQuery::new(args.str(NAME)?), args).into(),
        API_KEY_COOKIE => configure!(ApiKeyCookie::new(args.str(NAME)?), args).into(),
        OAUTH2 => {
            let mut flows = OAuthFlows::new();
            for (kind, flow) in args.flows.iter().enumerate() {
                let Some(f) = flow else { continue };
                let mut spec = OAuthFlow::new().scopes(f.scopes.get(..f.scope_count)?);
                if let Some(url) = f.refresh_url {
                    spec = spec.refresh_url(url);
                }
                let (auth, token) = (
                    f.authorization_url.unwrap_or_default(),
                    f.token_url.unwrap_or_default(),
                );
                flows = match FLOW_KINDS.get(kind).copied() {
                    Some("implicit") => flows.implicit(auth, spec),
                    Some("password") => flows.password(token, spec),
                    Some("clientCredentials") => flows.client_credentials(token, spec),
                    _ => flows.authorization_code(auth, token, spec),
                };
            }
            flows_storage = flows;
            configure!(OAuth2::new(), args).flows(&flows_storage).into()
        }
        OPEN_ID_CONNECT => {
            configure!(OpenIdConnect::new(args.str(OPEN_ID_CONNECT_URL)?), args).into()
        }
        OAUTH2_PASSWORD_BEARER => {
            let mut bearer = configure!(OAuth2PasswordBearer::new(args.str(TOKEN_URL)?), args)
                .scopes(args.scopes());
            if let Some(url) = args.str(REFRESH_URL) {
                bearer = bearer.refresh_url(url);
            }
            bearer.into()
        }
        OAUTH2_AUTHORIZATION_CODE_BEARER => {
            let code = OAuth2AuthorizationCodeBearer::new(
                args.str(AUTHORIZATION_URL)?,
                args.str(TOKEN_URL)?,
            );
            let mut code = configure!(code, args).scopes(args.scopes());
            if let Some(url) = args.str(REFRESH_URL) {
                code = code.refresh_url(url);
            }
            code.into()
        }
        _ => return None,
    };
    let mut buf = [0u8; 1024];
    let written = scheme.write_json(&mut buf).ok()?;
    Some(scheme.key().as_bytes() == key && written.as_bytes() == json)
}
