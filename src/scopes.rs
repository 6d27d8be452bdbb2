//! OAuth2 scopes: splitting scope strings, FastAPI's `SecurityScopes`, and
//! the checks applications write by hand.
//!
//! ```
//! use authparse::scopes::{self, SecurityScopes};
//! use authparse::Profile;
//! let granted = "items:read  me\tadmin";
//! let tokens: Vec<&str> = scopes::split(granted, Profile::FastApi).collect();
//! assert_eq!(tokens, ["items:read", "me", "admin"]);
//! assert!(scopes::covers(granted, &["me", "items:read"], Profile::FastApi));
//! assert_eq!(scopes::first_missing(granted, &["me", "items:write"], Profile::FastApi), Some("items:write"));
//!
//! // What FastAPI injects into `get_current_user` for `Security(get_current_user, scopes=["me"])`
//! // used by an endpoint declared with `Security(..., scopes=["items"])`:
//! let s: SecurityScopes<'_, 8> = SecurityScopes::from_chain(&[&["items"], &["me"]])?;
//! assert_eq!(s.scopes(), ["items", "me"]);
//! let mut buf = [0u8; 64];
//! assert_eq!(s.challenge(&mut buf)?, "Bearer scope=\"items me\"");
//! # Ok::<(), authparse::Error>(())
//! ```

use heapless::Vec;

use crate::sink::Sink;
use crate::whitespace::split_python;
use crate::{Error, Profile};

/// Splits a scope string.
///
/// FastAPI: Python's `str.split()`, runs of any Unicode whitespace (TAB,
/// NBSP, U+001C, U+3000…), ends ignored. Strict (RFC 6749 §3.3): single SP
/// delimiters; empty tokens are yielded so that [`validate_strict`] can
/// reject them.
pub fn split(scope: &str, profile: Profile) -> impl Iterator<Item = &str> + Clone {
    let (python, strict) = match profile {
        Profile::FastApi => (Some(split_python(scope)), None),
        Profile::Strict => (
            None,
            Some(scope.split(' ').filter(move |_| !scope.is_empty())),
        ),
    };
    python
        .into_iter()
        .flatten()
        .chain(strict.into_iter().flatten())
}

/// RFC 6749 §3.3 `NQCHAR`: `%x21 / %x23-5B / %x5D-7E`.
pub const fn is_nqchar(b: u8) -> bool {
    matches!(b, 0x21 | 0x23..=0x5B | 0x5D..=0x7E)
}

/// Checks `scope = scope-token *( SP scope-token )` with `scope-token = 1*NQCHAR`.
/// The empty string (no scope) is valid.
///
/// ```
/// use authparse::scopes::validate_strict;
/// assert!(validate_strict("read write").is_ok());
/// assert!(validate_strict("read  write").is_err());
/// assert!(validate_strict("read\twrite").is_err());
/// assert!(validate_strict("").is_ok());
/// ```
pub fn validate_strict(scope: &str) -> Result<(), Error> {
    if scope.is_empty() {
        return Ok(());
    }
    let valid = scope
        .split(' ')
        .all(|t| !t.is_empty() && t.bytes().all(is_nqchar));
    valid.then_some(()).ok_or(Error::Malformed)
}

/// Whether every scope in `required` is among the tokens of `granted`.
pub fn covers(granted: &str, required: &[&str], profile: Profile) -> bool {
    first_missing(granted, required, profile).is_none()
}

/// The first scope of `required` that `granted` lacks (for the
/// `WWW-Authenticate: Bearer scope="…"` of FastAPI's tutorial).
pub fn first_missing<'r>(granted: &str, required: &[&'r str], profile: Profile) -> Option<&'r str> {
    let tokens = split(granted, profile);
    required
        .iter()
        .copied()
        .find(|r| !tokens.clone().any(|t| t == *r))
}

/// FastAPI's `SecurityScopes`: the scopes required along a dependency
/// chain, outermost first, holding at most `N`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SecurityScopes<'a, const N: usize> {
    scopes: Vec<&'a str, N>,
}

impl<'a, const N: usize> SecurityScopes<'a, N> {
    /// `SecurityScopes(scopes)`: the list as given.
    pub fn new(scopes: &[&'a str]) -> Result<Self, Error> {
        let mut v = Vec::new();
        for s in scopes {
            v.push(*s).map_err(|_| Error::TooManyItems {
                needed: scopes.len(),
            })?;
        }
        Ok(SecurityScopes { scopes: v })
    }

    /// What FastAPI injects into the last node of a `Security(...)` chain.
    ///
    /// `levels[i]` holds the scopes declared with `Security(dep_i, scopes=…)`
    /// from the outermost dependency to the node itself. The parents' scopes
    /// are concatenated as stored (duplicates kept); the node's own scopes are
    /// appended when not already present (spec §7).
    ///
    /// ```
    /// use authparse::scopes::SecurityScopes;
    /// let s: SecurityScopes<'_, 4> = SecurityScopes::from_chain(&[&["x", "x"], &["x"], &[]])?;
    /// assert_eq!(s.scopes(), ["x", "x", "x"]);
    /// let s: SecurityScopes<'_, 4> = SecurityScopes::from_chain(&[&["a", "a", "b"]])?;
    /// assert_eq!(s.scopes(), ["a", "b"]);
    /// # Ok::<(), authparse::Error>(())
    /// ```
    pub fn from_chain(levels: &[&[&'a str]]) -> Result<Self, Error> {
        let (own, parents) = match levels.split_last() {
            Some(split) => split,
            None => return Ok(SecurityScopes { scopes: Vec::new() }),
        };
        let mut scopes: Vec<&'a str, N> = Vec::new();
        let needed = levels
            .iter()
            .map(|l| l.len())
            .fold(0usize, usize::saturating_add);
        let too_many = |_| Error::TooManyItems { needed };
        for scope in parents.iter().flat_map(|l| l.iter()) {
            scopes.push(scope).map_err(too_many)?;
        }
        for scope in own.iter() {
            if !scopes.contains(scope) {
                scopes.push(scope).map_err(too_many)?;
            }
        }
        Ok(SecurityScopes { scopes })
    }

    /// `.scopes`.
    pub fn scopes(&self) -> &[&'a str] {
        &self.scopes
    }

    /// `.scope_str`: the scopes joined with one space (no escaping), into `buf`.
    pub fn scope_str<'b>(&self, buf: &'b mut [u8]) -> Result<&'b str, Error> {
        let mut sink = Sink::new(buf);
        self.write_joined(&mut sink);
        core::str::from_utf8(sink.into_written()?).map_err(|_| Error::InvalidUtf8)
    }

    /// `Bearer scope="<scope_str>"`, the challenge of FastAPI's tutorial
    /// (or plain `Bearer` without scopes), into `buf`.
    pub fn challenge<'b>(&self, buf: &'b mut [u8]) -> Result<&'b str, Error> {
        let mut sink = Sink::new(buf);
        if self.scopes.is_empty() {
            sink.extend(b"Bearer");
        } else {
            sink.extend(b"Bearer scope=\"");
            self.write_joined(&mut sink);
            sink.push(b'"');
        }
        core::str::from_utf8(sink.into_written()?).map_err(|_| Error::InvalidUtf8)
    }

    fn write_joined(&self, sink: &mut Sink<'_>) {
        for (i, s) in self.scopes.iter().enumerate() {
            if i > 0 {
                sink.push(b' ');
            }
            sink.extend(s.as_bytes());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::vec::Vec as StdVec;

    #[test]
    fn fastapi_split_on_unicode_whitespace() {
        let v: StdVec<&str> = split(" read\twrite\nadmin  ", Profile::FastApi).collect();
        assert_eq!(v, ["read", "write", "admin"]);
        let v: StdVec<&str> = split("a\u{a0}b\u{2003}c\u{1c}d", Profile::FastApi).collect();
        assert_eq!(v, ["a", "b", "c", "d"]);
        assert_eq!(split("   ", Profile::FastApi).count(), 0);
    }

    #[test]
    fn strict_split_keeps_empty_tokens() {
        let v: StdVec<&str> = split("a  b", Profile::Strict).collect();
        assert_eq!(v, ["a", "", "b"]);
        assert_eq!(split("", Profile::Strict).count(), 0);
    }

    #[test]
    fn siblings_and_dedup() {
        let s: SecurityScopes<'_, 4> =
            SecurityScopes::from_chain(&[&["scope3"], &["scope1"]]).unwrap();
        assert_eq!(s.scopes(), ["scope3", "scope1"]);
        let s: SecurityScopes<'_, 2> = SecurityScopes::new(&["a b", ""]).unwrap();
        let mut buf = [0u8; 8];
        assert_eq!(s.scope_str(&mut buf).unwrap(), "a b ");
        assert_eq!(
            SecurityScopes::<'_, 1>::from_chain(&[&["a"], &["b"]]),
            Err(Error::TooManyItems { needed: 2 })
        );
    }
}
