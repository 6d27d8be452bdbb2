//! `authparse_profile`: FastAPI's rules or RFC-exact ones.

use authparse_core::Profile;

use crate::base::status::*;

/// Which rules apply: `AUTHPARSE_PROFILE_FASTAPI` or `AUTHPARSE_PROFILE_STRICT`.
pub type authparse_profile = u32;
/// FastAPI 0.165.0's decisions, quirks included (the default).
pub const AUTHPARSE_PROFILE_FASTAPI: authparse_profile = 0;
/// RFC-exact parsing; ambiguous input is rejected.
pub const AUTHPARSE_PROFILE_STRICT: authparse_profile = 1;

/// The core's `Profile` for a C profile number.
pub(crate) fn profile(p: authparse_profile) -> Result<Profile, authparse_status> {
    match p {
        AUTHPARSE_PROFILE_FASTAPI => Ok(Profile::FastApi),
        AUTHPARSE_PROFILE_STRICT => Ok(Profile::Strict),
        _ => Err(AUTHPARSE_STATUS_INVALID_ARGUMENT),
    }
}

/// The C profile number of a core `Profile`.
pub(crate) fn profile_code(p: Profile) -> authparse_profile {
    match p {
        Profile::FastApi => AUTHPARSE_PROFILE_FASTAPI,
        Profile::Strict => AUTHPARSE_PROFILE_STRICT,
    }
}
