//! The routes of tests/e2e/check_server.py (and of
//! tests/e2e/check_more.py), decided once for the example apps of
//! examples/picoserve and examples/edge-http: each app includes this file
//! (`#[path]`), runs the schemes below through its HTTP stack's adapter and
//! hands the credentials to the function of the route, which says what to
//! answer.
//!
//! - `GET /basic`   `HTTPBasic(realm="demo")` → `{"username":…,"password":…}`
//! - `GET /me`      `OAuth2PasswordBearer(tokenUrl="token")` → `{"token":…}`
//! - `GET /items`   `APIKeyQuery(name="api_key")` → `{"api_key":…}`
//! - `POST /token`  `OAuth2PasswordRequestForm` → `{"access_token":…,"token_type":"bearer"}`
//! - `GET /bearer`  `HTTPBearer` → `{"scheme":…,"credentials":…}`
//! - `GET /key`     `APIKeyHeader(name="x-api-key")` → `{"api_key":…}`
//! - `GET /session` `APIKeyCookie(name="session")` → `{"session":…}`

use authparse::form::{OAuth2PasswordRequestForm, OAuth2PasswordRequestFormStrict};
use authparse::{
    ApiKeyCookie, ApiKeyHeader, ApiKeyQuery, HttpBasic, HttpBearer, OAuth2PasswordBearer, Profile,
    Secret,
};

/// The schemes of the app, in one profile.
pub struct Schemes {
    pub basic: HttpBasic<'static>,
    pub bearer: OAuth2PasswordBearer<'static>,
    pub api_key: ApiKeyQuery<'static>,
    pub form: OAuth2PasswordRequestForm,
    pub http_bearer: HttpBearer<'static>,
    pub header_key: ApiKeyHeader<'static>,
    pub session: ApiKeyCookie<'static>,
}

impl Schemes {
    pub fn new(profile: Profile) -> Self {
        let form = match profile {
            Profile::FastApi => OAuth2PasswordRequestForm::new(),
            Profile::Strict => OAuth2PasswordRequestFormStrict::new(),
        };
        Schemes {
            basic: HttpBasic::new().realm("demo").profile(profile),
            bearer: OAuth2PasswordBearer::new("token").profile(profile),
            api_key: ApiKeyQuery::new("api_key").profile(profile),
            form: form.profile(profile),
            http_bearer: HttpBearer::new().profile(profile),
            header_key: ApiKeyHeader::new("x-api-key").profile(profile),
            session: ApiKeyCookie::new("session").profile(profile),
        }
    }
}

/// A JSON body.
pub type Text = heapless::String<512>;

/// What a route answers: the status and its JSON body.
pub struct Reply {
    pub status: u16,
    pub body: Text,
}

/// `{"key":"value",…}`, the values escaped as JSON strings; `None` when
/// it does not fit a [`Text`] (never a cut or a dropped value).
fn object(pairs: &[(&str, &str)]) -> Option<Text> {
    let mut out = Text::new();
    out.push('{').ok()?;
    for (i, (key, value)) in pairs.iter().enumerate() {
        let mut buf = [0u8; 512];
        let value = authparse::openapi::write_json_string(value, &mut buf).ok()?;
        if i > 0 {
            out.push(',').ok()?;
        }
        out.push('"').ok()?;
        out.push_str(key).ok()?;
        out.push_str("\":").ok()?;
        out.push_str(value).ok()?;
    }
    out.push('}').ok()?;
    Some(out)
}

/// `status` with `pairs` as its body, or the 431 of a value whose JSON
/// does not fit the app's body buffer.
fn reply(status: u16, pairs: &[(&str, &str)]) -> Reply {
    match object(pairs) {
        Some(body) => Reply { status, body },
        None => too_large(),
    }
}

/// `null`: a scheme with `auto_error(false)` found no credentials.
fn null() -> Reply {
    Reply {
        status: 200,
        body: Text::try_from("null").unwrap_or_default(),
    }
}

/// The 431 of a value that does not fit the app's buffers.
fn too_large() -> Reply {
    Reply {
        status: 431,
        body: Text::try_from(r#"{"detail":"Request Header Fields Too Large"}"#).unwrap_or_default(),
    }
}

/// `GET /basic`.
pub fn basic(credentials: Option<(&str, &str)>) -> Reply {
    match credentials {
        Some((username, password)) => reply(200, &[("username", username), ("password", password)]),
        None => null(),
    }
}

/// `GET /me` (`key` "token"), `/key` ("api_key"), `/session` ("session"):
/// `{key: value}` for a header-derived value (Latin-1 text for FastAPI).
pub fn header_value(key: &str, value: Option<Secret<'_>>) -> Reply {
    let mut buf = [0u8; 512];
    match value.map(|v| authparse::text::latin1_to_utf8(v.as_bytes(), &mut buf)) {
        Some(Ok(text)) => reply(200, &[(key, text)]),
        Some(Err(_)) => too_large(),
        None => null(),
    }
}

/// `GET /bearer`: the scheme and the token.
pub fn bearer(credentials: Option<(&[u8], Secret<'_>)>) -> Reply {
    let (mut scheme, mut token) = ([0u8; 64], [0u8; 512]);
    let texts = credentials.map(|(s, t)| {
        (
            authparse::text::latin1_to_utf8(s, &mut scheme),
            authparse::text::latin1_to_utf8(t.as_bytes(), &mut token),
        )
    });
    match texts {
        Some((Ok(s), Ok(t))) => reply(200, &[("scheme", s), ("credentials", t)]),
        Some(_) => too_large(),
        None => null(),
    }
}

/// `GET /items`: the query parameter (UTF-8 after percent-decoding).
pub fn items(key: Option<Secret<'_>>) -> Reply {
    match key.map(|v| core::str::from_utf8(v.as_bytes())) {
        Some(Ok(text)) => reply(200, &[("api_key", text)]),
        Some(Err(_)) => reply(400, &[("detail", "Bad Request")]),
        None => null(),
    }
}

/// `POST /token`: a token for the password "secret".
pub fn token(username: &str, password: &str) -> Reply {
    // Constant time: `==` would stop at the first differing byte.
    if authparse::ct_eq(password.as_bytes(), b"secret") {
        reply(200, &[("access_token", username), ("token_type", "bearer")])
    } else {
        reply(400, &[("detail", "Incorrect username or password")])
    }
}

/// The app's command line, `[ADDRESS] [--strict]`: where to listen
/// (127.0.0.1:8080 unless given) and the profile.
#[allow(dead_code)] // the firmware builds have no command line
pub fn command_line<'a>(args: impl Iterator<Item = &'a str> + Clone) -> (&'a str, Profile) {
    let strict = args.clone().any(|a| a == "--strict");
    let address = args.into_iter().find(|a| !a.starts_with("--"));
    let profile = if strict {
        Profile::Strict
    } else {
        Profile::FastApi
    };
    (address.unwrap_or("127.0.0.1:8080"), profile)
}
