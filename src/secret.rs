//! [`Secret`]: a borrowed credential whose `Debug` output never shows its bytes.

use core::fmt;

/// A borrowed credential value (token, API key, password-bearing header).
///
/// It derefs to nothing implicitly: call [`as_bytes`](Secret::as_bytes).
/// `Debug` (and `defmt::Format`) print only the length.
///
/// ```
/// use authparse::Secret;
/// let s = Secret::new(b"hunter2");
/// assert_eq!(s.as_bytes(), b"hunter2");
/// assert_eq!(format!("{s:?}"), "Secret(7 bytes)");
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Secret<'a>(&'a [u8]);

impl<'a> Secret<'a> {
    /// Wraps bytes.
    pub const fn new(bytes: &'a [u8]) -> Self {
        Secret(bytes)
    }

    /// The credential's bytes.
    pub const fn as_bytes(&self) -> &'a [u8] {
        self.0
    }

    /// The credential as UTF-8 text, if it is.
    pub fn to_str(&self) -> Option<&'a str> {
        core::str::from_utf8(self.0).ok()
    }

    /// The length in bytes.
    pub const fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether it is empty.
    pub const fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Secret<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Secret({} bytes)", self.0.len())
    }
}

#[cfg(feature = "defmt")]
impl defmt::Format for Secret<'_> {
    fn format(&self, f: defmt::Formatter<'_>) {
        defmt::write!(f, "Secret({=usize} bytes)", self.0.len())
    }
}
