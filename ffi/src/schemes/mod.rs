//! The eleven `fastapi.security` classes, HTTP Digest verification, and
//! the password form.

pub(crate) mod config;

pub(crate) mod http;

pub(crate) mod api_key;

pub(crate) mod oauth2;

pub(crate) mod digest;

pub(crate) mod form;

pub use api_key::*;
pub use config::*;
pub use digest::*;
pub use form::*;
pub use http::*;
pub use oauth2::*;
