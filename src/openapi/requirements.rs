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

    /// The merged groups in output order: the index in `found` of each
    /// scheme name's first requirement.
    pub(super) fn group_starts(&self) -> impl Iterator<Item = usize> + 's {
        let found = self.found;
        (0..found.len()).filter(move |&i| first_of(found, i, |r| r.scheme_name))
    }

    /// The scopes of the group starting at `found[start]`: every
    /// requirement with that name from there on, each scope once, in
    /// first-seen order.
    pub(super) fn group_scopes(&self, start: usize) -> impl Iterator<Item = &'a str> + Clone + 's {
        let all = Flat {
            rest: self.found.get(start..).unwrap_or_default(),
            scopes: &[],
            name: self.group_name(start),
        };
        let seen = all.clone();
        all.enumerate()
            .filter(move |&(n, scope)| !seen.clone().take(n).any(|s| s == scope))
            .map(|(_, scope)| scope)
    }

    /// The scheme name of the group starting at `found[start]`.
    pub(super) fn group_name(&self, start: usize) -> &'a str {
        self.found.get(start).map_or("", |r| r.scheme_name)
    }

    fn emit<O: Out + ?Sized>(&self, o: &mut O) {
        let mut groups = Arr::open(o);
        for start in self.group_starts() {
            let mut obj = Obj::open(groups.item());
            let mut list = Arr::open(obj.key(self.group_name(start)));
            for scope in self.group_scopes(start) {
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

/// Whether `items[i]` is the first item with its key.
pub(super) fn first_of<T, K: PartialEq>(items: &[T], i: usize, key: impl Fn(&T) -> K) -> bool {
    match (items.get(..i), items.get(i)) {
        (Some(earlier), Some(item)) => !earlier.iter().any(|e| key(e) == key(item)),
        _ => false,
    }
}

/// The scopes of every requirement named `name` in `rest`, in order,
/// repeats included.
#[derive(Clone)]
struct Flat<'s, 'a> {
    rest: &'s [Requirement<'a>],
    scopes: &'a [&'a str],
    name: &'a str,
}

impl<'a> Iterator for Flat<'_, 'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        loop {
            if let Some((scope, tail)) = self.scopes.split_first() {
                self.scopes = tail;
                return Some(scope);
            }
            let (req, rest) = self.rest.split_first()?;
            self.rest = rest;
            if req.scheme_name == self.name {
                self.scopes = req.scopes;
            }
        }
    }
}
