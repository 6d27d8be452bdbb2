//! Handling credentials: [`Secret`], a borrowed credential whose `Debug`
//! output never shows its bytes; [`ct_eq`], an equality whose timing does not
//! depend on where two values differ; [`wipe`], a zeroing the optimizer
//! cannot remove.
//!
//! Compare a received password, token or API key with the stored one through
//! [`ct_eq`] (never `==`, which stops at the first differing byte), and wipe
//! the buffer a credential was decoded into once the request is answered.
//!
//! ```
//! use authparse::{ct_eq, wipe, HttpBasic, Outcome, Request};
//!
//! let headers = [("Authorization", "Basic am9objpzZWNyZXQ=")];
//! let mut buf = [0u8; 64];
//! let granted = match HttpBasic::new().extract(&Request::new(&headers), &mut buf)? {
//!     Outcome::Credentials(c) => {
//!         // Evaluate both comparisons: `&` does not short-circuit.
//!         ct_eq(c.username.as_bytes(), b"john") & ct_eq(c.password.as_bytes(), b"secret")
//!     }
//!     _ => false,
//! };
//! assert!(granted);
//! wipe(&mut buf);
//! assert_eq!(buf, [0u8; 64]);
//! # Ok::<(), authparse::Error>(())
//! ```

use core::fmt;

use subtle::ConstantTimeEq;
use zeroize::Zeroize;

/// Whether `a` and `b` hold the same bytes, in time that depends only on
/// their lengths, never on their contents or on where they first differ.
///
/// Values of different lengths are unequal at once: the length of a stored
/// secret is not treated as secret (hash both sides first if it must be).
///
/// ```
/// assert!(authparse::ct_eq(b"hunter2", b"hunter2"));
/// assert!(!authparse::ct_eq(b"hunter2", b"hunter3"));
/// assert!(!authparse::ct_eq(b"hunter2", b"hunter"));
/// ```
pub fn ct_eq(a: &[u8], b: &[u8]) -> bool {
    bool::from(a.ct_eq(b))
}

/// Overwrites `buf` with zeros through volatile writes the optimizer cannot
/// remove, even when `buf` is never read again.
///
/// ```
/// let mut decoded = *b"john:secret";
/// authparse::wipe(&mut decoded);
/// assert_eq!(decoded, [0u8; 11]);
/// ```
pub fn wipe(buf: &mut [u8]) {
    buf.zeroize();
}

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
///
/// `==` between two `Secret`s compares in constant time ([`ct_eq`]).
#[derive(Clone, Copy, Eq, Hash)]
#[allow(clippy::derived_hash_with_manual_eq)] // equal bytes hash equally
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

    /// Compares with `expected` in constant time ([`ct_eq`]).
    ///
    /// ```
    /// use authparse::Secret;
    /// assert!(Secret::new(b"tok").ct_eq(b"tok"));
    /// assert!(!Secret::new(b"tok").ct_eq(b"tik"));
    /// ```
    pub fn ct_eq(&self, expected: &[u8]) -> bool {
        ct_eq(self.0, expected)
    }
}

impl PartialEq for Secret<'_> {
    fn eq(&self, other: &Self) -> bool {
        ct_eq(self.0, other.0)
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
