//! Layer 4, the schemes: FastAPI's security classes over the model and the
//! codecs. Their shared [`Settings`](settings::Settings), HTTP
//! Basic/Bearer/Digest, API keys, OAuth2 and OpenID Connect, the password
//! forms, and the server side of HTTP Digest.

pub(crate) mod api_key;
pub mod digest;
pub mod form;
pub(crate) mod http;
pub(crate) mod oauth2;
pub(crate) mod settings;
