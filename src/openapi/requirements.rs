//! An operation's `security` array: [`Requirement`], [`SecurityRequirements`].

use super::SecurityScheme;
use crate::base::error::Error;
use crate::base::json::{len_with, string, write_with, Arr, Obj, Out};

/// One security dependency found on an operation: the scheme's name and the
/// scopes accumulated along its dependency path (FastAPI's
/// `Security(…, scopes=[…])`; none for `Depends`).
///
/// ```
/// use authparse::openapi::{Requirement, SecurityScheme};
/// use authparse::HttpBearer;
/// let bearer = SecurityScheme::from(HttpBearer::new());
/// assert_eq!(Requirement::of(&bearer, &[]), Requirement::new("HTTPBearer", &[]));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Requirement<'a> {
    /// The scheme's key ([`SecurityScheme::key`]).
    pub scheme_name: &'a str,
    /// The scopes, outermost first.
    pub scopes: &'a [&'a str],
}

impl<'a> Requirement<'a> {
    /// A requirement for the scheme named `scheme_name`.
    pub const fn new(scheme_name: &'a str, scopes: &'a [&'a str]) -> Self {
        Requirement {
            scheme_name,
            scopes,
        }
    }

    /// A requirement for `scheme`, under its key.
    pub const fn of(scheme: &SecurityScheme<'a>, scopes: &'a [&'a str]) -> Self {
        Requirement::new(scheme.key(), scopes)
    }
}

/// An operation's `security` array, merged as FastAPI merges it: one
/// single-key object per scheme name, in the order names first appear,
/// each with the union of its scopes in first-seen order. (A list of
/// objects means *any one of* these in OpenAPI.) Scopes are written for
/// every kind of scheme, not only OAuth2, and are not validated.
///
/// FastAPI leaves the `security` key out of the operation when there is no
/// security dependency ([`is_empty`](Self::is_empty)); this writes `[]`
/// for an empty list.
///
/// ```
/// use authparse::openapi::{Requirement, SecurityRequirements};
///
/// let found = [
///     Requirement::new("OAuth2PasswordBearer", &["a"]),
///     Requirement::new("OAuth2PasswordBearer", &["b", "a"]),
///     Requirement::new("APIKeyHeader", &["x"]),
/// ];
/// let mut buf = [0u8; 128];
/// assert_eq!(
///     SecurityRequirements::new(&found).write_json(&mut buf)?,
///     r#"[{"OAuth2PasswordBearer":["a","b"]},{"APIKeyHeader":["x"]}]"#
/// );
/// # Ok::<(), authparse::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SecurityRequirements<'s, 'a> {
    found: &'s [Requirement<'a>],
}

impl<'s, 'a> SecurityRequirements<'s, 'a> {
    /// The security dependencies in FastAPI's visiting order (depth-first,
    /// pre-order; route-, router- and app-level dependencies first).
    pub const fn new(found: &'s [Requirement<'a>]) -> Self {
        SecurityRequirements { found }
    }

    /// Whether there is no requirement (FastAPI then omits `security`).
    ///
    /// ```
    /// use authparse::openapi::SecurityRequirements;
    /// assert!(SecurityRequirements::new(&[]).is_empty());
    /// ```
    pub const fn is_empty(&self) -> bool {
        self.found.is_empty()
    }

    /// The merged groups in output order: each scheme name once (where it
    /// first appears) with the union of its scopes in first-seen order.
    pub(super) fn groups(
        &self,
    ) -> impl Iterator<Item = (&'a str, impl Iterator<Item = &'a str> + Clone + 's)> + 's {
        let found = self.found;
        found.iter().enumerate().filter_map(move |(i, req)| {
            let name = req.scheme_name;
            let earlier = found.get(..i).unwrap_or_default();
            if earlier.iter().any(|r| r.scheme_name == name) {
                return None;
            }
            Some((name, group_scopes(found, i)))
        })
    }

    fn emit<O: Out + ?Sized>(&self, o: &mut O) {
        let mut groups = Arr::open(o);
        for (name, scopes) in self.groups() {
            let mut obj = Obj::open(groups.item());
            let mut list = Arr::open(obj.key(name));
            for scope in scopes {
                string(list.item(), scope);
            }
            list.close();
            obj.close();
        }
        groups.close();
    }

    /// Writes the array into `buf` and returns it ([`Error::BufferTooSmall`]
    /// gives the exact size needed).
    pub fn write_json<'b>(&self, buf: &'b mut [u8]) -> Result<&'b str, Error> {
        write_with(buf, |s| {
            self.emit(s);
            Ok(())
        })
    }

    /// The size of [`write_json`](Self::write_json)'s output.
    ///
    /// ```
    /// use authparse::openapi::{Requirement, SecurityRequirements};
    /// let found = [Requirement::new("K", &["a"])];
    /// assert_eq!(SecurityRequirements::new(&found).json_len(), r#"[{"K":["a"]}]"#.len());
    /// ```
    pub fn json_len(&self) -> usize {
        len_with(|s| {
            self.emit(s);
            Ok(())
        })
        .unwrap_or(0)
    }
}

/// The scopes of the group whose first requirement is `found[start]`: every
/// requirement with that name from there on, each scope once.
fn group_scopes<'s, 'a>(
    found: &'s [Requirement<'a>],
    start: usize,
) -> impl Iterator<Item = &'a str> + Clone + 's {
    let name = found.get(start).map_or("", |r| r.scheme_name);
    let group = found.iter().enumerate().skip(start);
    group
        .filter(move |(_, r)| r.scheme_name == name)
        .flat_map(move |(k, member)| {
            let before = found.get(start..k).unwrap_or_default();
            let scopes = member.scopes.iter().enumerate();
            scopes
                .filter(move |&(si, scope)| {
                    let seen_before = before
                        .iter()
                        .filter(|r| r.scheme_name == name)
                        .any(|r| r.scopes.contains(scope));
                    let seen_here = member.scopes.get(..si).unwrap_or_default().contains(scope);
                    !seen_before && !seen_here
                })
                .map(|(_, scope)| *scope)
        })
}
