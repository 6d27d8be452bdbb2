//! # authparse
//!
//! FastAPI's security tools (`fastapi.security`) as an allocation-free
//! `#![no_std]` core over byte slices: the same decisions as FastAPI 0.165.0
//! (status, `WWW-Authenticate`, extracted values) in the default
//! [`Profile::FastApi`], and RFC-exact parsing in [`Profile::Strict`].
//!
//! ```
//! use authparse::{HttpBasic, Outcome, Request};
//!
//! let headers = [("Host", "example.org"), ("Authorization", "Basic am9objpzZWNyZXQ=")];
//! let request = Request::new(&headers);
//! let mut buf = [0u8; 128];
//! match HttpBasic::new().realm("simple").extract(&request, &mut buf)? {
//!     Outcome::Credentials(c) => assert_eq!((c.username, c.password), ("john", "secret")),
//!     Outcome::Absent => unreachable!("auto_error is on"),
//!     Outcome::Failure(f) => {
//!         // Respond: f.status, `WWW-Authenticate: {f.challenge}`, f.body()
//!         unreachable!("{f:?}")
//!     }
//! }
//! # Ok::<(), authparse::Error>(())
//! ```
//!
//! Values taken from headers are views of the header bytes: FastAPI's text
//! is their Latin-1 reading ([`text::latin1_to_utf8`] gives it as UTF-8).
//! Decoded values (Basic credentials, query and form fields) are written into
//! buffers the caller supplies; a short buffer is an [`Error::BufferTooSmall`]
//! that states the size needed.
#![no_std]
#![forbid(unsafe_code)]
#![warn(missing_docs)]
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing,
        clippy::arithmetic_side_effects,
        clippy::unreachable,
        clippy::todo,
        clippy::unimplemented
    )
)]

#[cfg(test)]
extern crate std;

mod api_key;
pub mod authorization;
pub mod base64;
mod bytes;
mod challenge;
mod common;
pub mod cookie;
pub mod digest;
mod error;
pub mod form;
mod http;
mod json;
pub mod multipart;
mod oauth2;
pub mod openapi;
mod outcome;
mod profile;
mod request;
pub mod scopes;
mod secret;
mod sink;
pub mod text;
pub mod urlencoded;
pub mod whitespace;

pub use api_key::{ApiKeyCookie, ApiKeyHeader, ApiKeyQuery};
pub use challenge::Challenge;
pub use error::Error;
pub use http::{
    AuthorizationCredentials, BasicCredentials, HttpBase, HttpBasic, HttpBearer, HttpDigest,
};
pub use oauth2::{
    OAuth2, OAuth2AuthorizationCodeBearer, OAuth2PasswordBearer, OpenIdConnect, ScopeDescriptions,
};
pub use outcome::{
    write_failure_response, Failure, Outcome, Reason, BAD_REQUEST_BODY, NOT_AUTHENTICATED_BODY,
};
pub use profile::Profile;
pub use request::{HeaderField, Request};
pub use secret::{ct_eq, wipe, Secret};

/// The README's Rust examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;

/// SECURITY.md's Rust examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../SECURITY.md")]
pub struct SecurityDoctests;
