//! The request view, the outcome of a scheme and its challenge.

pub(crate) mod request;

pub(crate) mod outcome;

pub(crate) mod challenge;

pub use challenge::*;
pub use outcome::*;
pub use request::*;
