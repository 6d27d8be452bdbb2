//! The server side of HTTP Digest (RFC 7616): the `WWW-Authenticate`
//! challenge builder and, with the feature `digest-verify`, the hashes,
//! response verification and stateless nonces. Public as `authparse::digest`,
//! together with the credentials codec in `codec/digest`.

mod challenge;
#[cfg(feature = "digest-verify")]
mod hash;
#[cfg(feature = "digest-verify")]
mod nonce;
#[cfg(feature = "digest-verify")]
mod verify;

pub use challenge::{DigestChallenge, QopOffer};
#[cfg(feature = "digest-verify")]
pub use hash::{ha1, userhash, BodyHasher, HexDigest};
#[cfg(feature = "digest-verify")]
pub use nonce::{accept_nonce_count, IssuedNonce, Nonce, NonceCounts, NonceKey, NonceSlot};
#[cfg(feature = "digest-verify")]
pub use verify::{RequestInfo, StoredSecret, StoredUser};
