//! The two behaviour profiles.

/// Which rules a scheme applies.
///
/// ```
/// use authparse::{HttpBasic, Profile};
/// let strict = HttpBasic::new().profile(Profile::Strict);
/// assert_eq!(strict.get_profile(), Profile::Strict);
/// assert_eq!(HttpBasic::new().get_profile(), Profile::FastApi);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum Profile {
    /// The same decisions as FastAPI 0.165.0, quirks included (the default).
    #[default]
    FastApi,
    /// RFC-exact parsing: RFC 7617 Basic with UTF-8, RFC 6750 `b64token`,
    /// RFC 6265 cookies, WHATWG urlencoded, RFC 6749 parameters. Ambiguous
    /// input (duplicate credentials, repeated parameters) is rejected.
    Strict,
}
