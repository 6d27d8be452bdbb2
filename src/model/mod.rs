//! Layer 3, the model: the request a scheme reads ([`request`]), what it
//! answers ([`outcome`]) and the `WWW-Authenticate` challenge ([`challenge`]).

pub(crate) mod challenge;
pub(crate) mod outcome;
pub(crate) mod request;
