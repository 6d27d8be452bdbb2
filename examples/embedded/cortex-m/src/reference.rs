//! What the reference firmware (`src/bin/ref-*.rs`) calls: three feature
//! sets a real firmware might use, over inputs the optimiser cannot see
//! through (`black_box`), so that every path stays in the binary. Their
//! sizes minus `ref-empty`'s are authparse's share of the flash
//! (budgets.toml); they link only if no panic path survived (`no_panic.rs`).
//!
//! - (a) [`basic_bearer`]: `HTTPBasic` and `HTTPBearer`, FastAPI's 401.
//! - (b) [`header_classes`]: every class that reads a header.
//! - (c) [`everything`]: the whole public API, both profiles.
//! - (d) [`digest_server`]: Digest verification (feature `digest-verify`):
//!   stateless nonces, challenges, parsing, verification, replay refusal.
#![allow(dead_code)] // each bin uses one feature set

use core::hint::black_box;

use authparse::digest::{
    Algorithm, BodyHasher, Credentials, DigestChallenge, DigestError, NonceCounts, NonceKey, Qop,
    QopOffer, RequestInfo, StoredSecret, StoredUser,
};
use authparse::form::{FormOutcome, OAuth2PasswordRequestForm, OAuth2PasswordRequestFormStrict};
use authparse::openapi::{
    OAuthFlow, OAuthFlows, PasswordFormBody, Requirement, SecurityRequirements, SecurityScheme,
    SecuritySchemes,
};
use authparse::scopes::{self, SecurityScopes};
use authparse::{
    base64, cookie, digest, multipart, text, urlencoded, ApiKeyCookie, ApiKeyHeader, ApiKeyQuery,
    HttpBase, HttpBasic, HttpBearer, HttpDigest, OAuth2, OAuth2AuthorizationCodeBearer,
    OAuth2PasswordBearer, OpenIdConnect, Outcome, Profile, Request,
};

/// A header line as a server's parser hands it over.
pub type Header = (&'static [u8], &'static [u8]);

static HEADERS: [Header; 4] = [
    (b"authorization", b"Basic am9objpzZWNyZXQ="),
    (b"x-api-key", b"k-123"),
    (b"cookie", b"theme=dark; session=\"s3cr\\145t\""),
    (b"content-type", b"application/x-www-form-urlencoded"),
];

/// The request every feature set parses, opaque to the optimiser.
pub fn request() -> Request<'static, Header> {
    Request::new(black_box(&HEADERS[..]))
        .with_query(black_box(&b"api_key=q%2D1&page=2"[..]))
        .with_body(black_box(
            &b"grant_type=password&username=john&password=s%C3%A9cret&scope=me+items"[..],
        ))
}

/// The baseline's share of what every feature set has: zeroed stack
/// buffers (the compiler's `memclr`).
pub fn buffers() {
    black_box([0u8; 64]);
    black_box([0u8; 192]);
}

/// What a firmware does with an outcome: keeps the credentials, or writes
/// FastAPI's whole 401/400 response.
fn respond<T>(outcome: Outcome<'_, T>) {
    match outcome {
        Outcome::Credentials(c) => {
            black_box(c);
        }
        Outcome::Absent => {}
        Outcome::Failure(f) => {
            let mut response = [0u8; 192];
            let _ = black_box(f.write_response(&mut response));
        }
    }
}

/// (a) `HTTPBasic(realm="mcu")` and `HTTPBearer`, FastAPI profile.
pub fn basic_bearer(req: &Request<'_, Header>) {
    let mut buf = [0u8; 64];
    if let Ok(outcome) = HttpBasic::new().realm("mcu").extract(req, &mut buf) {
        respond(outcome);
    }
    respond(HttpBearer::new().extract(req));
}

/// (b) Every class that reads a header, FastAPI profile.
pub fn header_classes(req: &Request<'_, Header>) {
    basic_bearer(req);
    header_only(req, Profile::FastApi);
}

/// The header classes beyond (a), in `profile`.
fn header_only(req: &Request<'_, Header>, profile: Profile) {
    let mut buf = [0u8; 64];
    respond(HttpDigest::new().profile(profile).extract(req));
    respond(HttpBase::new("Other").profile(profile).extract(req));
    respond(ApiKeyHeader::new("x-api-key").profile(profile).extract(req));
    if let Ok(outcome) = ApiKeyCookie::new("session")
        .profile(profile)
        .extract(req, &mut buf)
    {
        respond(outcome);
    }
    respond(OAuth2::new().profile(profile).extract(req));
    respond(
        OpenIdConnect::new("/.well-known/openid-configuration")
            .profile(profile)
            .extract(req),
    );
    respond(
        OAuth2PasswordBearer::new("/token")
            .profile(profile)
            .extract(req),
    );
    respond(
        OAuth2AuthorizationCodeBearer::new("/authorize", "/token")
            .profile(profile)
            .extract(req),
    );
}

/// (c) The whole public API, with the profile chosen at run time (both
/// profiles' code is kept).
pub fn everything(req: &Request<'_, Header>) {
    let profile = black_box(Profile::FastApi);
    let mut buf = [0u8; 256];
    if let Ok(outcome) = HttpBasic::new()
        .realm("mcu")
        .profile(profile)
        .extract(req, &mut buf)
    {
        respond(outcome);
    }
    respond(HttpBearer::new().profile(profile).extract(req));
    header_only(req, profile);
    if let Ok(outcome) = ApiKeyQuery::new("api_key")
        .profile(profile)
        .extract(req, &mut buf)
    {
        respond(outcome);
    }
    password_forms(req, profile);
    scope_checks(profile);
    openapi_documents();
    primitives(req);
}

/// Both password-form classes: the form, its scopes, or FastAPI's error body.
fn password_forms(req: &Request<'_, Header>, profile: Profile) {
    let mut buf = [0u8; 256];
    let mut body = [0u8; 256];
    let outcome = if black_box(true) {
        OAuth2PasswordRequestForm::new()
            .profile(profile)
            .extract(req, &mut buf)
    } else {
        OAuth2PasswordRequestFormStrict::new()
            .profile(profile)
            .extract(req, &mut buf)
    };
    match outcome {
        Ok(FormOutcome::Form(form)) => {
            for scope in form.scopes() {
                black_box(scope);
            }
            black_box(form);
        }
        Ok(other) => {
            let _ = black_box(other.write_body(&mut body));
        }
        Err(e) => {
            black_box(e);
        }
    }
}

/// `SecurityScopes` and the cover checks.
fn scope_checks(profile: Profile) {
    let mut buf = [0u8; 64];
    if let Ok(required) =
        SecurityScopes::<'_, 8>::from_chain(black_box(&[&["items"][..], &["me"][..]]))
    {
        black_box(scopes::first_missing(
            black_box("me"),
            required.scopes(),
            profile,
        ));
        let _ = black_box(required.challenge(&mut buf));
        let _ = black_box(required.scope_str(&mut buf));
    }
}

/// The OpenAPI JSON of every scheme, the operation's `security` array and
/// the password form's request body.
fn openapi_documents() {
    let mut buf = [0u8; 1024];
    let scope_list = black_box(&[("read", "Read access")][..]);
    let flows = OAuthFlows::new()
        .password("/token", OAuthFlow::new().scopes(scope_list))
        .implicit("/auth", OAuthFlow::new());
    let schemes = [
        SecurityScheme::from(HttpBasic::new().realm("mcu")),
        HttpBearer::new().bearer_format("JWT").into(),
        HttpDigest::new().into(),
        HttpBase::new("Other").into(),
        ApiKeyHeader::new("x-api-key").into(),
        ApiKeyQuery::new("api_key").into(),
        ApiKeyCookie::new("session").into(),
        OAuth2::new().flows(&flows).into(),
        OpenIdConnect::new("/oidc").into(),
        OAuth2PasswordBearer::new("/token")
            .scopes(scope_list)
            .into(),
        OAuth2AuthorizationCodeBearer::new("/authorize", "/token").into(),
    ];
    let schemes = black_box(&schemes[..]);
    let _ = black_box(SecuritySchemes::new(schemes).write_json(&mut buf));
    let requirements = [
        Requirement::new("HTTPBasic", &[]),
        Requirement::new("OAuth2", &["me"]),
    ];
    let _ = black_box(SecurityRequirements::new(black_box(&requirements[..])).write_json(&mut buf));
    let form = PasswordFormBody::new(black_box("login"), black_box(false));
    let _ = black_box(form.write_request_body_json(&mut buf));
    let _ = black_box(form.write_schema_json(&mut buf));
}

/// The primitives and tokenizers, used directly.
fn primitives(req: &Request<'_, Header>) {
    let mut buf = [0u8; 128];
    let value = req.first(b"authorization").unwrap_or_default();
    let _ = black_box(base64::decode_lenient(value, &mut buf));
    let _ = black_box(base64::decode_strict(value, &mut buf));
    for param in digest::params(value) {
        let _ = black_box(param.map(|p| p.unescaped(&mut [0u8; 32]).is_ok()));
    }
    black_box(digest::is_valid_response(value));
    for pair in cookie::pairs(value) {
        let _ = black_box(pair.unquoted(&mut [0u8; 32]).is_ok());
    }
    for pair in cookie::pairs_strict(value) {
        black_box(pair.is_ok());
    }
    for pair in urlencoded::pairs(req.query()) {
        black_box(pair);
    }
    let _ = black_box(urlencoded::decode_strict(req.query(), &mut buf));
    let _ = black_box(text::latin1_to_utf8(value, &mut buf));
    // Every public multipart entry point, both profiles' part readers.
    let content_type = req.first(b"content-type").unwrap_or_default();
    black_box(multipart::charset(content_type));
    black_box(multipart::parameter(content_type, b"charset"));
    if let Some(boundary) = multipart::boundary(value) {
        for part in multipart::parts(req.body(), boundary) {
            black_box(part.is_ok_and(|p| p.name_is(b"username")));
        }
        for part in multipart::parts_strict(req.body(), boundary) {
            black_box(part.is_ok_and(|p| p.name_is(b"username")));
        }
    }
}

/// (d) A Digest server (RFC 7616, feature `digest-verify`): issues a
/// stateless nonce, offers SHA-256 and MD5 challenges, parses and validates
/// the credentials, verifies the response (every algorithm, `auth` and
/// `auth-int`, from the password or a stored HA1), checks the nonce and
/// refuses replays; a failure gets a fresh challenge ([`digest_answer`]).
pub fn digest_server(req: &Request<'_, Header>) {
    let Ok(key) = NonceKey::new(black_box(DIGEST_SECRET)) else {
        return;
    };
    let mut counts = NonceCounts::<4>::new();
    let mut header = [0u8; 320];
    let now = black_box(1_700_000_000u64);
    let answer = digest_answer(req, &key, &mut counts, now, black_box(2), &mut header);
    let _ = black_box(answer);
}

/// The nonce key of [`digest_server`].
pub const DIGEST_SECRET: &[u8] = b"a secret of at least 16 bytes";
/// Its realm, user and password (the method and target it protects:
/// `POST /token`).
pub const DIGEST_REALM: &[u8] = b"mcu";
pub const DIGEST_USER: &[u8] = b"john";
pub const DIGEST_PASSWORD: &[u8] = b"0123456789abcdef0123456789abcdef";

/// What [`digest_server`] answers `req` at `now`: `Ok` when it passes
/// (its count recorded in `counts`), else `Err` with the 401's
/// `WWW-Authenticate` value in `header` (empty if it did not fit): a fresh
/// nonce (issued with `unique`) and, when the response verified but the
/// nonce was expired, not ours or its count replayed, `stale=true`, as
/// examples/server.rs and the nginx module answer (RFC 7616 §3.3: the
/// password is right, only a new nonce is needed).
pub fn digest_answer<'h>(
    req: &Request<'_, Header>,
    key: &NonceKey,
    counts: &mut NonceCounts<4>,
    now: u64,
    unique: u64,
    header: &'h mut [u8],
) -> Result<(), &'h [u8]> {
    let stale = match digest_verdict(req, key, counts, now) {
        Ok(()) => return Ok(()),
        Err(e) => matches!(
            e,
            DigestError::StaleNonce | DigestError::InvalidNonce | DigestError::ReplayedNonce
        ),
    };
    let nonce = key.issue(DIGEST_REALM, now, unique);
    let challenge = DigestChallenge {
        stale,
        ..digest_offer(nonce.as_bytes())
    };
    Err(challenge
        .write_each(&DIGEST_ALGORITHMS, header)
        .unwrap_or_default())
}

/// The algorithms the Digest challenge offers, the preferred first.
const DIGEST_ALGORITHMS: [Algorithm; 2] = [Algorithm::Sha256, Algorithm::Md5];

/// The Digest challenge for `nonce`: `qop="auth, auth-int"`.
fn digest_offer(nonce: &[u8]) -> DigestChallenge<'_> {
    DigestChallenge {
        qop: QopOffer::Both,
        ..DigestChallenge::new(DIGEST_REALM, nonce)
    }
}

/// The checks of [`digest_answer`] for one request: the response first, so
/// that only a verified one reaches the nonce (`StaleNonce`, `InvalidNonce`)
/// and its count (`ReplayedNonce`).
fn digest_verdict(
    req: &Request<'_, Header>,
    key: &NonceKey,
    counts: &mut NonceCounts<4>,
    now: u64,
) -> Result<(), DigestError> {
    let Outcome::Credentials(c) = HttpDigest::new().extract(req) else {
        return Err(DigestError::InvalidConfiguration);
    };
    let mut buf = [0u8; 64];
    let creds = Credentials::parse(c.credentials.as_bytes(), &mut buf)?;
    // Only what the challenge offered: another algorithm, or an RFC 2069
    // answer without qop, is a downgrade.
    digest_offer(creds.nonce).check_answer(&DIGEST_ALGORITHMS, &creds)?;
    let mut body_hash = BodyHasher::new(creds.algorithm);
    body_hash.update(req.body());
    let body_hash = body_hash.finish();
    let request = RequestInfo {
        method: b"POST",
        target: black_box(b"/token"),
        realm: DIGEST_REALM,
        body_hash: (creds.qop == Some(Qop::AuthInt)).then_some(body_hash.as_bytes()),
    };
    let stored = black_box(DIGEST_PASSWORD);
    let secret = if black_box(true) {
        StoredSecret::Password(stored)
    } else {
        StoredSecret::Ha1(stored)
    };
    creds.verify(
        &request,
        &StoredUser {
            username: DIGEST_USER,
            secret,
        },
    )?;
    let issued = key.check(creds.nonce, DIGEST_REALM, now, 300)?;
    counts.accept(issued, creds.nc_value().unwrap_or(0))
}
