//! The crate's error type: small, `Copy`, with stable numeric codes.
//!
//! An [`Error`] describes why a *call* could not produce an answer (a buffer
//! too small, malformed input to a decoder). It never carries or prints input
//! bytes, which may be passwords. Authentication *decisions* (401, `None`) are
//! not errors: they are [`Outcome`](crate::Outcome)s.

use core::fmt;

/// Why a call could not complete.
///
/// The numeric [`code`](Error::code) of each variant is stable and mirrored in
/// the C ABI (`AUTHPARSE_*` statuses).
///
/// ```
/// use authparse::base64;
/// let mut out = [0u8; 2];
/// let err = base64::decode_lenient(b"dXNlcjpwYXNz", &mut out).unwrap_err();
/// assert_eq!(err, authparse::Error::BufferTooSmall { needed: 9 });
/// assert_eq!(format!("{err}"), "output buffer too small: 9 bytes needed");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Error {
    /// The caller's output buffer is too small; `needed` bytes would fit the whole result.
    BufferTooSmall {
        /// The exact number of bytes the complete output needs.
        needed: usize,
    },
    /// Base64 input has a byte outside the alphabet (strict decoding) or a
    /// non-ASCII byte (lenient decoding, as CPython's `ValueError`).
    Base64InvalidByte,
    /// Base64 input ends one data character past a multiple of four.
    Base64DanglingCharacter,
    /// Base64 input lacks padding, or (strict) has misplaced padding.
    Base64BadPadding,
    /// Strict base64: the last character carries non-zero unused bits.
    Base64NonCanonical,
    /// Bytes that must be UTF-8 are not.
    InvalidUtf8,
    /// A form, multipart body or parameter list is malformed.
    Malformed,
    /// More fields than the configured maximum.
    TooManyFields,
    /// A field larger than the configured maximum.
    FieldTooLarge,
    /// A parameter that must not repeat appears twice (strict profile).
    DuplicateParameter,
    /// A fixed-capacity container is too small; `needed` items would fit.
    TooManyItems {
        /// The number of items the complete result needs.
        needed: usize,
    },
    /// A configuration value cannot be used (for example a multipart boundary
    /// that is missing or longer than RFC 2046 allows).
    InvalidConfiguration,
}

impl Error {
    /// Stable numeric code (the C ABI's status number).
    pub const fn code(self) -> u32 {
        match self {
            Error::BufferTooSmall { .. } => 10,
            Error::Base64InvalidByte => 20,
            Error::Base64DanglingCharacter => 21,
            Error::Base64BadPadding => 22,
            Error::Base64NonCanonical => 23,
            Error::InvalidUtf8 => 30,
            Error::Malformed => 40,
            Error::TooManyFields => 41,
            Error::FieldTooLarge => 42,
            Error::DuplicateParameter => 43,
            Error::TooManyItems { .. } => 11,
            Error::InvalidConfiguration => 50,
        }
    }

    /// A one-line description that never includes input bytes.
    pub const fn message(self) -> &'static str {
        match self {
            Error::BufferTooSmall { .. } => "output buffer too small",
            Error::Base64InvalidByte => "base64: byte outside the alphabet",
            Error::Base64DanglingCharacter => "base64: one data character past a multiple of four",
            Error::Base64BadPadding => "base64: incorrect padding",
            Error::Base64NonCanonical => "base64: non-zero trailing bits",
            Error::InvalidUtf8 => "invalid UTF-8",
            Error::Malformed => "malformed input",
            Error::TooManyFields => "too many fields",
            Error::FieldTooLarge => "field too large",
            Error::DuplicateParameter => "parameter repeated",
            Error::TooManyItems { .. } => "capacity too small",
            Error::InvalidConfiguration => "invalid configuration",
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::BufferTooSmall { needed } => {
                write!(f, "{}: {} bytes needed", self.message(), needed)
            }
            Error::TooManyItems { needed } => {
                write!(f, "{}: {} items needed", self.message(), needed)
            }
            other => f.write_str(other.message()),
        }
    }
}

impl core::error::Error for Error {}

#[cfg(feature = "defmt")]
impl defmt::Format for Error {
    fn format(&self, f: defmt::Formatter<'_>) {
        match self {
            Error::BufferTooSmall { needed } => {
                defmt::write!(f, "output buffer too small: {=usize} bytes needed", *needed)
            }
            Error::TooManyItems { needed } => {
                defmt::write!(f, "capacity too small: {=usize} items needed", *needed)
            }
            other => defmt::write!(f, "{=str}", other.message()),
        }
    }
}
