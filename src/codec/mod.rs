//! Layer 2, the codecs: tokenizers and decoders of the wire formats
//! (`Authorization`, Base64, `application/x-www-form-urlencoded`, cookies,
//! OAuth2 scopes, `multipart/form-data`, Digest parameters). They read bytes
//! and write into caller buffers; they know nothing of requests or schemes.

pub mod authorization;
pub mod base64;
pub mod cookie;
pub mod digest;
pub mod multipart;
pub mod scopes;
pub mod urlencoded;
