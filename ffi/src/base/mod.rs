//! The ABI's basics: status codes, byte views, profiles.

pub(crate) mod status;

pub(crate) mod view;

pub(crate) mod profile;

pub use profile::*;
pub use status::*;
pub use view::*;
