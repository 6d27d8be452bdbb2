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

// The layers, lowest first; a module imports only from its own layer or a
// lower one (scripts/check-layers.py, run by step 10, enforces it). The
// public paths below are re-exports: they stay as they were before the
// layering.
mod base;
mod codec;
mod model;
pub mod openapi;
mod schemes;

pub use base::{text, whitespace};
pub use codec::{authorization, base64, cookie, multipart, scopes, urlencoded};
pub use schemes::form;

pub mod digest {
    //! RFC 7616 Digest credentials: a zero-copy `#auth-param` tokenizer.
    //!
    //! FastAPI's `HTTPDigest` never parses the parameters; this module is what a
    //! server needs to verify them.
    //!
    //! ```
    //! use authparse::digest::params;
    //! let creds = br#"username="Mufasa", realm="http-auth@example.org", nc=00000001"#;
    //! let mut it = params(creds);
    //! let p = it.next().unwrap().unwrap();
    //! assert_eq!((p.name, p.value, p.quoted), (&b"username"[..], &b"Mufasa"[..], true));
    //! let p = it.next().unwrap().unwrap();
    //! assert_eq!(p.value, b"http-auth@example.org");
    //! let p = it.next().unwrap().unwrap();
    //! assert_eq!((p.name, p.value, p.quoted), (&b"nc"[..], &b"00000001"[..], false));
    //! assert!(it.next().is_none());
    //! ```
    //!
    //! The tokenizer and [`Credentials`] live in the codec layer; the
    //! challenge builder and (feature `digest-verify`) verification and
    //! nonces in the scheme layer.

    pub use crate::codec::digest::{
        is_valid_response, params, Algorithm, Credentials, DigestError, Field, Param, Params, Qop,
    };
    pub use crate::schemes::digest::*;
}

pub use base::error::Error;
pub use base::profile::Profile;
pub use base::secret::{ct_eq, wipe, Secret};
pub use model::challenge::Challenge;
pub use model::outcome::{
    write_failure_response, Failure, Outcome, Reason, BAD_REQUEST_BODY, NOT_AUTHENTICATED_BODY,
};
pub use model::request::{HeaderField, Request};
pub use schemes::api_key::{ApiKeyCookie, ApiKeyHeader, ApiKeyQuery};
pub use schemes::http::{
    AuthorizationCredentials, BasicCredentials, HttpBase, HttpBasic, HttpBearer, HttpDigest,
};
pub use schemes::oauth2::{
    OAuth2, OAuth2AuthorizationCodeBearer, OAuth2PasswordBearer, OpenIdConnect, ScopeDescriptions,
};
pub use schemes::settings::Settings;

/// The README's Rust examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;

/// SECURITY.md's Rust examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../SECURITY.md")]
pub struct SecurityDoctests;
