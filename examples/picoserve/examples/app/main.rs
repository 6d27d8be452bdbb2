//! A picoserve app protected by authparse's extractors: the routes of
//! tests/e2e/check_server.py and tests/e2e/check_more.py (listed, and
//! decided, in examples/e2e-routes/routes.rs, which the edge-http app
//! shares).
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

use authparse::form::OAuth2PasswordRequestForm;
use authparse::{
    ApiKeyCookie, ApiKeyHeader, ApiKeyQuery, HttpBasic, HttpBearer, OAuth2PasswordBearer, Profile,
};
use authparse_picoserve::{
    Basic, Bearer, CookieKey, HeaderKey, PasswordForm, Provides, QueryKey, Token,
};
use picoserve::response::{IntoResponse, Response, StatusCode};
use picoserve::routing::{get, post};

#[path = "../../../e2e-routes/routes.rs"]
mod routes;

use routes::{Reply, Schemes as AppState};

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

fn json(reply: Reply) -> impl IntoResponse {
    Response::new(StatusCode::new(reply.status), reply.body).with_content_type("application/json")
}

async fn basic(basic: Basic) -> impl IntoResponse {
    json(routes::basic(basic.credentials()))
}

async fn me(token: Token) -> impl IntoResponse {
    json(routes::header_value("token", token.value()))
}

async fn bearer(bearer: Bearer) -> impl IntoResponse {
    json(routes::bearer(bearer.credentials()))
}

async fn key(key: HeaderKey) -> impl IntoResponse {
    json(routes::header_value("api_key", key.value()))
}

async fn session(cookie: CookieKey) -> impl IntoResponse {
    json(routes::header_value("session", cookie.value()))
}

async fn items(key: QueryKey) -> impl IntoResponse {
    json(routes::items(key.value()))
}

async fn token(form: PasswordForm) -> impl IntoResponse {
    json(routes::token(form.username(), form.password()))
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
    let (address, profile) = routes::command_line(args.iter().map(String::as_str));
    let app = std::rc::Rc::new(router(profile));
    let listener = tokio::net::TcpListener::bind(address).await?;
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
