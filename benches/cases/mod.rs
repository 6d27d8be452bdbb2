//! The benchmark cases, shared by the criterion bench (`benches/peers.rs`)
//! and the instruction-count runner (`benches/instructions.rs`).
//!
//! Every group holds authparse's calls and the peers' calls on the same
//! input, so that one run compares them. Case names start with `authparse`
//! for this crate's calls; every other case is a peer (or, in `httparse`,
//! context). Before a case is registered its result is checked against the
//! expected value, so a peer that silently parses nothing cannot win.

#![allow(dead_code)]

mod authorization;
mod cookies;
mod digest_auth;
mod form;
mod query;
mod request;
mod scope_strings;

pub use authorization::*;
pub use cookies::*;
pub use digest_auth::*;
pub use form::*;
pub use query::*;
pub use request::*;
pub use scope_strings::*;

use std::borrow::Cow;
use std::hint::black_box;

use authparse::base64::decode_lenient;
use authparse::form::{FormOutcome, OAuth2PasswordRequestForm};
use authparse::{
    cookie, digest, scopes, ApiKeyCookie, ApiKeyQuery, HttpBasic, HttpBearer, HttpDigest,
    OAuth2PasswordBearer, Outcome, Profile, Request,
};
use base64::Engine as _;
use headers::authorization::{Basic, Bearer};
use headers::{Authorization, Header as _};

/// What a bench driver does with the cases.
pub trait Runner {
    /// Starts a group; `bytes` is the input size used for throughput.
    fn group(&mut self, name: &'static str, bytes: usize);
    /// One case of the current group.
    fn case<R>(&mut self, name: &'static str, f: impl FnMut() -> R);
}

/// Whether a case name is one of authparse's calls (the others are peers).
pub fn is_authparse(case: &str) -> bool {
    case.starts_with("authparse")
}

/// Registers every group.
pub fn all<R: Runner>(r: &mut R) {
    basic(r, "basic_short", BASIC_SHORT, ("user", "password"));
    basic(r, "basic_long", BASIC_LONG, (LONG_USER, LONG_PASSWORD));
    bearer(r);
    digest_params(r);
    #[cfg(feature = "digest-verify")]
    digest_verify(r);
    #[cfg(feature = "digest-verify")]
    digest_nonce_counts(r);
    cookies(r, "cookie_10", &cookie_header_10());
    cookies(r, "cookie_4k", &cookie_header_4k());
    query(r);
    form_urlencoded_body(r);
    form_multipart_body(r);
    scope_split(r);
    scope_covers(r);
    scope_covers_many(r);
    httparse_request(r);
}
