//! Layer 1, the base: what every other layer builds on and that imports
//! nothing from them. The error type, the output sink, byte classes (the only
//! home of the SWAR word masks), whitespace, text, the JSON writer, secrets
//! and the profile switch.

pub(crate) mod bytes;
pub(crate) mod error;
pub(crate) mod json;
pub(crate) mod profile;
pub(crate) mod raw_json;
pub(crate) mod secret;
pub(crate) mod sink;
#[cfg(any(test, target_pointer_width = "64"))]
pub(crate) mod substring;
pub mod text;
pub mod whitespace;
