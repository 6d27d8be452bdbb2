//! The app's [`Handler`]: the path picks the route, the adapter runs the
//! route's scheme (or writes FastAPI's failure), the shared route decision
//! says what to answer.

use core::fmt::{Debug, Display};

use authparse::Profile;
use authparse_edge_http::{authenticate, password_form, respond, Auth};
use edge_http::io::server::{Connection, Handler};
use edge_http::io::Error;
use edge_http::Method;
use edge_nal::TcpSplit;
use embedded_io_async::{Read, Write};

use crate::routes::{self, Reply, Schemes};

/// The buffer of the password form: any urlencoded body up to 191 bytes
/// gets FastAPI's answer (`9 * 191 + 328` bytes), longer ones too when
/// their 422 is not an echo of a long `grant_type`.
pub const FORM_BUF: usize = 2048;

/// The app in one profile.
pub struct App {
    schemes: Schemes,
}

impl App {
    pub fn new(profile: Profile) -> Self {
        App {
            schemes: Schemes::new(profile),
        }
    }
}

/// The credentials of an `Auth`, or return: the refusal has been sent.
macro_rules! allowed {
    ($auth:expr) => {
        match $auth.await? {
            Auth::Allowed(credentials) => credentials,
            Auth::Refused => return Ok(()),
        }
    };
}

impl Handler for App {
    type Error<E: Debug> = Error<E>;

    async fn handle<T, const N: usize>(
        &self,
        _task_id: impl Display + Copy,
        conn: &mut Connection<'_, T, N>,
    ) -> Result<(), Error<T::Error>>
    where
        T: Read + Write + TcpSplit,
    {
        let request = conn.headers()?;
        let (method, target) = (request.method, request.path);
        let route = target.split_once('?').map_or(target, |(path, _)| path);
        let s = &self.schemes;
        let mut buf = [0u8; 1024];
        let reply = match (method, route) {
            (Method::Get, "/basic") => {
                let user = allowed!(authenticate(conn, &s.basic, &mut buf));
                routes::basic(user.map(|c| (c.username, c.password)))
            }
            (Method::Get, "/me") => {
                routes::header_value("token", allowed!(authenticate(conn, &s.bearer, &mut buf)))
            }
            (Method::Get, "/items") => {
                routes::items(allowed!(authenticate(conn, &s.api_key, &mut buf)))
            }
            (Method::Post, "/token") => {
                // Room for the body, its decoded fields and FastAPI's 422,
                // which echoes `grant_type` up to six times as long.
                let mut buf = [0u8; FORM_BUF];
                let form = allowed!(password_form(conn, &s.form, &mut buf));
                routes::token(form.username, form.password)
            }
            (Method::Get, "/bearer") => {
                let c = allowed!(authenticate(conn, &s.http_bearer, &mut buf));
                routes::bearer(c.map(|c| (c.scheme, c.credentials)))
            }
            (Method::Get, "/key") => routes::header_value(
                "api_key",
                allowed!(authenticate(conn, &s.header_key, &mut buf)),
            ),
            (Method::Get, "/session") => routes::header_value(
                "session",
                allowed!(authenticate(conn, &s.session, &mut buf)),
            ),
            _ => Reply {
                status: 404,
                body: routes::Text::try_from(r#"{"detail":"Not Found"}"#).unwrap_or_default(),
            },
        };
        respond(conn, reply.status, None, &reply.body).await
    }
}
