//! # authparse-ffi
//!
//! The C ABI of `authparse`: `libauthparse.a` / `libauthparse.so` and the
//! cbindgen header `include/authparse.h`. See `ffi/README.md` for C usage.
//!
//! Conventions (shared by every function):
//!
//! - Inputs are `const uint8_t *ptr, size_t len` (or `authparse_str` views);
//!   NULL with length 0 is the empty string, NULL with a larger length is
//!   `AUTHPARSE_STATUS_NULL_POINTER`. Nothing needs a NUL terminator.
//! - The return value is an `authparse_status` (`uint32_t`) with fixed numbers;
//!   results go to out-params. Output views point into the caller's input or
//!   buffer, as each function documents. A short buffer is
//!   `AUTHPARSE_STATUS_BUFFER_TOO_SMALL` with the exact size in `*out_needed`.
//! - Every out-param (not NULL) is zeroed first, on every call: after an
//!   error status it reads as empty (outcome and form kind NONE, views NULL
//!   with length 0), never as an earlier call's credentials. The exceptions
//!   are the sizes an error reports: `*out_needed` on BUFFER_TOO_SMALL, and
//!   on TOO_MANY_ITEMS the count (with the first `cap` items) where the
//!   function says so (`authparse_scopes_split`, `authparse_security_scopes_from_chain`).
//! - No allocation, no global state: every function is reentrant and
//!   thread-safe as long as the memory it is given is not written meanwhile.
//!
//! Unsafe code is confined to this crate, and raw pointers become Rust values
//! only in `abi/`: every entry point opens with one `unsafe` block that wraps
//! its pointer arguments, under one `// SAFETY:` comment pointing at its
//! `# Safety` doc; the rest of its body is safe code. The core is
//! `#![forbid(unsafe_code)]`.
#![no_std]
#![allow(non_camel_case_types)]
#![deny(unsafe_op_in_unsafe_fn)]
#![deny(clippy::undocumented_unsafe_blocks)]
#![warn(missing_docs)]

// Hosted builds link `std` (its panic runtime); the two bare-metal builds
// (`--cfg authparse_panic_handler`, `--cfg authparse_link_test_no_panic`)
// bring their own `#[panic_handler]` instead.
#[cfg(any(not(any(authparse_panic_handler, authparse_link_test_no_panic)), test))]
extern crate std;

// The layers mirror the core's (src/): `base` (status, views, profile),
// `model` (request, outcome, challenge), `schemes` (the classes and the
// password form), `codec` (scopes and the codecs), `openapi`; `abi` is
// where pointers become Rust values. The order of the `mod` lines is the
// order of include/authparse.h (cbindgen reads them in this order).
mod abi;

mod base;

mod model;

mod schemes;

mod codec;

mod openapi;

pub use base::*;
pub use codec::*;
pub use model::*;
pub use openapi::*;
pub use schemes::*;

/// The major version (equals Cargo.toml's).
pub const AUTHPARSE_VERSION_MAJOR: u32 = 0;
/// The minor version (equals Cargo.toml's).
pub const AUTHPARSE_VERSION_MINOR: u32 = 1;
/// The patch version (equals Cargo.toml's).
pub const AUTHPARSE_VERSION_PATCH: u32 = 0;
/// The version string (equals Cargo.toml's).
pub const AUTHPARSE_VERSION: &str = "0.1.0";

/// The library's version, `AUTHPARSE_VERSION` of the build that is linked
/// (compare with the header's macro to detect a mismatch). Static,
/// NUL-terminated; do not free.
#[no_mangle]
pub extern "C" fn authparse_version() -> *const core::ffi::c_char {
    c"0.1.0".as_ptr()
}

/// Bare metal (`--cfg authparse_panic_handler`): the core is panic-free (the
/// `--cfg authparse_link_test_no_panic` build proves no panic path
/// survives), so this is never entered.
#[cfg(all(authparse_panic_handler, not(authparse_link_test_no_panic), not(test)))]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    loop {
        core::hint::spin_loop();
    }
}

/// The no-panic link test (`--cfg authparse_link_test_no_panic`): any surviving panic path references this
/// undefined symbol, so linking a C program against the staticlib fails.
#[cfg(all(authparse_link_test_no_panic, not(test)))]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    extern "C" {
        fn authparse_panic_reachable() -> !;
    }
    // SAFETY: never defined on purpose; reaching the linker is the failure.
    unsafe { authparse_panic_reachable() }
}

#[cfg(test)]
mod tests {
    // The `extern "C"` entry points called the way C calls them (also under
    // Miri). Their unsafe blocks call an entry point with buffers the test
    // owns; Miri checks them, so they carry no SAFETY comment each.
    #[allow(clippy::undocumented_unsafe_blocks)]
    mod abi;
    #[allow(clippy::undocumented_unsafe_blocks)]
    mod openapi;

    use super::*;

    #[test]
    fn version_matches_cargo() {
        let v = env!("CARGO_PKG_VERSION");
        assert_eq!(AUTHPARSE_VERSION, v);
        let expected = std::format!(
            "{AUTHPARSE_VERSION_MAJOR}.{AUTHPARSE_VERSION_MINOR}.{AUTHPARSE_VERSION_PATCH}"
        );
        assert_eq!(expected, v);
        // SAFETY: a static NUL-terminated string.
        let linked = unsafe { core::ffi::CStr::from_ptr(authparse_version()) };
        assert_eq!(linked.to_str().unwrap(), v);
        assert_eq!(
            env!("CARGO_PKG_VERSION_MAJOR"),
            std::format!("{AUTHPARSE_VERSION_MAJOR}")
        );
    }

    /// The header's string macros come from `after_includes` in
    /// ffi/cbindgen.toml (cbindgen cannot emit `&str` constants).
    #[test]
    fn header_string_macros_match() {
        let config = include_str!("../cbindgen.toml");
        let version = std::format!(
            "#define AUTHPARSE_VERSION \"{}\"",
            env!("CARGO_PKG_VERSION")
        );
        assert!(config.contains(&version), "cbindgen.toml lacks {version}");
        for (name, body) in [
            (
                "AUTHPARSE_NOT_AUTHENTICATED_BODY",
                authparse_core::NOT_AUTHENTICATED_BODY,
            ),
            (
                "AUTHPARSE_BAD_REQUEST_BODY",
                authparse_core::BAD_REQUEST_BODY,
            ),
        ] {
            // Escaped once for C, then once more for the TOML string.
            let c_literal = body.replace('"', "\\\\\"");
            let line = std::format!("#define {name} \"{c_literal}\"");
            assert!(config.contains(&line), "cbindgen.toml lacks {line}");
        }
        let header = include_str!("../../include/authparse.h");
        assert!(header.contains(&version), "include/authparse.h is stale");
    }

    #[test]
    fn statuses_mirror_core_codes() {
        use authparse_core::Error;
        let pairs = [
            (
                Error::BufferTooSmall { needed: 1 },
                AUTHPARSE_STATUS_BUFFER_TOO_SMALL,
            ),
            (
                Error::TooManyItems { needed: 1 },
                AUTHPARSE_STATUS_TOO_MANY_ITEMS,
            ),
            (
                Error::Base64InvalidByte,
                AUTHPARSE_STATUS_BASE64_INVALID_BYTE,
            ),
            (
                Error::Base64DanglingCharacter,
                AUTHPARSE_STATUS_BASE64_DANGLING_CHARACTER,
            ),
            (Error::Base64BadPadding, AUTHPARSE_STATUS_BASE64_BAD_PADDING),
            (
                Error::Base64NonCanonical,
                AUTHPARSE_STATUS_BASE64_NON_CANONICAL,
            ),
            (Error::InvalidUtf8, AUTHPARSE_STATUS_INVALID_UTF8),
            (Error::Malformed, AUTHPARSE_STATUS_MALFORMED),
            (Error::TooManyFields, AUTHPARSE_STATUS_TOO_MANY_FIELDS),
            (Error::FieldTooLarge, AUTHPARSE_STATUS_FIELD_TOO_LARGE),
            (
                Error::DuplicateParameter,
                AUTHPARSE_STATUS_DUPLICATE_PARAMETER,
            ),
            (
                Error::InvalidConfiguration,
                AUTHPARSE_STATUS_INVALID_CONFIGURATION,
            ),
        ];
        for (error, status) in pairs {
            assert_eq!(error.code(), status, "{error:?}");
            // SAFETY: static NUL-terminated strings.
            let ours = unsafe { core::ffi::CStr::from_ptr(authparse_status_str(status)) };
            assert_eq!(ours.to_str().unwrap(), error.message(), "{error:?}");
        }
    }

    #[test]
    fn reasons_mirror_core_codes() {
        use authparse_core::Reason;
        let pairs = [
            (Reason::Missing, AUTHPARSE_REASON_MISSING),
            (Reason::WrongScheme, AUTHPARSE_REASON_WRONG_SCHEME),
            (Reason::EmptyCredentials, AUTHPARSE_REASON_EMPTY_CREDENTIALS),
            (Reason::InvalidBase64, AUTHPARSE_REASON_INVALID_BASE64),
            (Reason::InvalidCharset, AUTHPARSE_REASON_INVALID_CHARSET),
            (Reason::MissingColon, AUTHPARSE_REASON_MISSING_COLON),
            (Reason::ControlCharacter, AUTHPARSE_REASON_CONTROL_CHARACTER),
            (
                Reason::MalformedCredentials,
                AUTHPARSE_REASON_MALFORMED_CREDENTIALS,
            ),
            (
                Reason::DuplicateCredentials,
                AUTHPARSE_REASON_DUPLICATE_CREDENTIALS,
            ),
        ];
        for (reason, code) in pairs {
            assert_eq!(reason.code(), code);
            // SAFETY: static NUL-terminated strings.
            let ours = unsafe { core::ffi::CStr::from_ptr(authparse_reason_str(code)) };
            assert_eq!(ours.to_str().unwrap(), reason.message());
        }
    }

    #[test]
    fn bodies_and_limits_match_core() {
        assert_eq!(
            AUTHPARSE_NOT_AUTHENTICATED_BODY,
            authparse_core::NOT_AUTHENTICATED_BODY
        );
        assert_eq!(AUTHPARSE_BAD_REQUEST_BODY, authparse_core::BAD_REQUEST_BODY);
        assert_eq!(
            AUTHPARSE_FORM_DEFAULT_MAX_FIELDS,
            authparse_core::form::DEFAULT_MAX_FIELDS
        );
        assert_eq!(
            AUTHPARSE_FORM_DEFAULT_MAX_FIELD_SIZE,
            authparse_core::form::DEFAULT_MAX_FIELD_SIZE
        );
    }
}
