//! A picoserve app protected by authparse's extractors: the routes of
//! tests/e2e/check_server.py, each standing for a FastAPI class.
//!
//! - `GET /basic`  `HTTPBasic(realm="demo")` → `{"username":…,"password":…}`
//! - `GET /me`     `OAuth2PasswordBearer(tokenUrl="token")` → `{"token":…}`
//! - `GET /items`  `APIKeyQuery(name="api_key")` → `{"api_key":…}`
//! - `POST /token` `OAuth2PasswordRequestForm` → `{"access_token":…,"token_type":"bearer"}`
//!
//! and, checked by `examples/picoserve/check_more.py`:
//!
//! - `GET /bearer`  `HTTPBearer` → `{"scheme":…,"credentials":…}`
//! - `GET /key`     `APIKeyHeader(name="x-api-key")` → `{"api_key":…}`
//! - `GET /session` `APIKeyCookie(name="session")` → `{"session":…}`
//!
//! ```text
//! cargo run --example app --features tokio -- 127.0.0.1:8080 [--strict]
//! cargo build --example app --features embassy --target thumbv7em-none-eabihf --release
//! ```
//!
//! On the host it serves with tokio. For thumbv7em it is built with
//! picoserve's embassy feature on an embassy-net stack: the proof that the
//! extractors and the app need neither `std` nor an allocator (the network
//! driver there is a stand-in that moves no packets).
#![cfg_attr(not(feature = "tokio"), no_std)]
#![cfg_attr(not(feature = "tokio"), no_main)]

use authparse::form::{OAuth2PasswordRequestForm, OAuth2PasswordRequestFormStrict};
use authparse::{
    ApiKeyCookie, ApiKeyHeader, ApiKeyQuery, HttpBasic, HttpBearer, OAuth2PasswordBearer, Profile,
};
use authparse_picoserve::{
    Basic, Bearer, CookieKey, HeaderKey, PasswordForm, Provides, QueryKey, Token,
};
use picoserve::response::{IntoResponse, Response, StatusCode};
use picoserve::routing::{get, post};

/// The schemes of the app, in one profile.
struct AppState {
    basic: HttpBasic<'static>,
    bearer: OAuth2PasswordBearer<'static>,
    api_key: ApiKeyQuery<'static>,
    form: OAuth2PasswordRequestForm,
    http_bearer: HttpBearer<'static>,
    header_key: ApiKeyHeader<'static>,
    session: ApiKeyCookie<'static>,
}

impl AppState {
    fn new(profile: Profile) -> Self {
        let form = match profile {
            Profile::FastApi => OAuth2PasswordRequestForm::new(),
            Profile::Strict => OAuth2PasswordRequestFormStrict::new(),
        };
        AppState {
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

macro_rules! provides {
    ($($field:ident: $ty:ty),* $(,)?) => {
        $(impl Provides<$ty> for AppState {
            fn provide(&self) -> &$ty {
                &self.$field
            }
        })*
    };
}

provides!(
    basic: HttpBasic<'static>,
    bearer: OAuth2PasswordBearer<'static>,
    api_key: ApiKeyQuery<'static>,
    form: OAuth2PasswordRequestForm,
    http_bearer: HttpBearer<'static>,
    header_key: ApiKeyHeader<'static>,
    session: ApiKeyCookie<'static>,
);

type Text = heapless::String<512>;

/// `{"key":"value",…}`, the values escaped as JSON strings.
fn object(pairs: &[(&str, &str)]) -> Text {
    let mut out = Text::new();
    let _ = out.push('{');
    for (i, (key, value)) in pairs.iter().enumerate() {
        let mut buf = [0u8; 256];
        let value = authparse::openapi::write_json_string(value, &mut buf).unwrap_or("null");
        let _ = (i > 0).then(|| out.push(','));
        let _ = out.push('"');
        let _ = out.push_str(key);
        let _ = out.push_str("\":");
        let _ = out.push_str(value);
    }
    let _ = out.push('}');
    out
}

fn json(status: u16, body: Text) -> impl IntoResponse {
    Response::new(StatusCode::new(status), body).with_content_type("application/json")
}

fn null() -> Text {
    Text::try_from("null").unwrap_or_default()
}

async fn basic(basic: Basic) -> impl IntoResponse {
    match basic.credentials() {
        Some((username, password)) => json(
            200,
            object(&[("username", username), ("password", password)]),
        ),
        None => json(200, null()),
    }
}

/// The body of a 431: a value does not fit the app's buffers.
fn too_large() -> Text {
    object(&[("detail", "Request Header Fields Too Large")])
}

/// `{key: value}` for a header-derived value (Latin-1 text for FastAPI).
fn header_value(key: &str, value: Option<&[u8]>) -> impl IntoResponse {
    let mut buf = [0u8; 512];
    match value.map(|v| authparse::text::latin1_to_utf8(v, &mut buf)) {
        Some(Ok(text)) => json(200, object(&[(key, text)])),
        Some(Err(_)) => json(431, too_large()),
        None => json(200, null()),
    }
}

async fn me(token: Token) -> impl IntoResponse {
    header_value("token", token.value().as_ref().map(|t| t.as_bytes()))
}

async fn bearer(bearer: Bearer) -> impl IntoResponse {
    let (mut scheme, mut token) = ([0u8; 64], [0u8; 512]);
    let texts = bearer.credentials().map(|(s, t)| {
        (
            authparse::text::latin1_to_utf8(s, &mut scheme),
            authparse::text::latin1_to_utf8(t.as_bytes(), &mut token),
        )
    });
    match texts {
        Some((Ok(s), Ok(t))) => json(200, object(&[("scheme", s), ("credentials", t)])),
        Some(_) => json(431, too_large()),
        None => json(200, null()),
    }
}

async fn key(key: HeaderKey) -> impl IntoResponse {
    header_value("api_key", key.value().as_ref().map(|k| k.as_bytes()))
}

async fn session(cookie: CookieKey) -> impl IntoResponse {
    header_value("session", cookie.value().as_ref().map(|k| k.as_bytes()))
}

async fn items(key: QueryKey) -> impl IntoResponse {
    match key.value().map(|v| core::str::from_utf8(v.as_bytes())) {
        Some(Ok(text)) => json(200, object(&[("api_key", text)])),
        Some(Err(_)) => json(400, object(&[("detail", "Bad Request")])),
        None => json(200, null()),
    }
}

async fn token(form: PasswordForm) -> impl IntoResponse {
    // Constant time: `==` would stop at the first differing byte.
    if authparse::ct_eq(form.password().as_bytes(), b"secret") {
        json(
            200,
            object(&[("access_token", form.username()), ("token_type", "bearer")]),
        )
    } else {
        json(400, object(&[("detail", "Incorrect username or password")]))
    }
}

/// The app's routes in `profile`.
fn router(profile: Profile) -> picoserve::Router<impl picoserve::routing::PathRouter> {
    picoserve::Router::new()
        .route("/basic", get(basic))
        .route("/me", get(me))
        .route("/items", get(items))
        .route("/token", post(token))
        .route("/bearer", get(bearer))
        .route("/key", get(key))
        .route("/session", get(session))
        .with_state(AppState::new(profile))
}

#[cfg(feature = "tokio")]
#[tokio::main(flavor = "current_thread")]
async fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let address = args
        .iter()
        .find(|a| !a.starts_with("--"))
        .cloned()
        .unwrap_or_else(|| "127.0.0.1:8080".into());
    let profile = if args.iter().any(|a| a == "--strict") {
        Profile::Strict
    } else {
        Profile::FastApi
    };
    let app = std::rc::Rc::new(router(profile));
    let listener = tokio::net::TcpListener::bind(&address).await?;
    println!("picoserve app on http://{address} ({profile:?} profile)");
    tokio::task::LocalSet::new()
        .run_until(async {
            loop {
                let (stream, _) = listener.accept().await?;
                let app = app.clone();
                tokio::task::spawn_local(async move {
                    static CONFIG: picoserve::Config = picoserve::Config::const_default();
                    let mut buffer = [0u8; 2048];
                    if let Err(e) = picoserve::Server::new_tokio(&app, &CONFIG, &mut buffer)
                        .serve(stream)
                        .await
                    {
                        eprintln!("connection: {e:?}");
                    }
                });
            }
        })
        .await
}

#[cfg(all(feature = "embassy", not(feature = "tokio")))]
mod firmware;
