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

#[cfg(target_pointer_width = "64")]
use crate::base::bytes::find_space_or_high;
use crate::base::bytes::{self, find_byte};
use crate::base::error::Error;
use crate::base::profile::Profile;
use crate::base::sink::Sink;
use crate::base::whitespace::is_python_space;

/// Splits a scope string.
///
/// FastAPI: Python's `str.split()`, runs of any Unicode whitespace (TAB,
/// NBSP, U+001C, U+3000…), ends ignored. Strict (RFC 6749 §3.3): single SP
/// delimiters; empty tokens are yielded so that [`validate_strict`] can
/// reject them.
pub fn split(scope: &str, profile: Profile) -> impl Iterator<Item = &str> + Clone {
    let strict = profile == Profile::Strict;
    Split {
        text: scope,
        // Strict: the empty string has no token (past the end = done).
        pos: if strict && scope.is_empty() { 1 } else { 0 },
        strict,
    }
}

/// The iterator of [`split`]: FastAPI's `str.split()` or single-SP tokens.
#[derive(Clone)]
struct Split<'a> {
    text: &'a str,
    /// Where the next token (or the whitespace before it) starts; past the
    /// end once a strict split has yielded its last token.
    pos: usize,
    strict: bool,
}

impl<'a> Iterator for Split<'a> {
    type Item = &'a str;

    // One copy on narrower targets: it has several callers (flash).
    #[cfg_attr(target_pointer_width = "64", inline)]
    #[cfg_attr(not(target_pointer_width = "64"), inline(never))]
    fn next(&mut self) -> Option<&'a str> {
        if self.strict {
            let rest = self.text.get(self.pos..)?;
            return Some(match find_byte(rest.as_bytes(), b' ') {
                Some(i) => {
                    self.pos = self.pos.wrapping_add(i).wrapping_add(1);
                    rest.get(..i)?
                }
                None => {
                    self.pos = self.text.len().wrapping_add(1);
                    rest
                }
            });
        }
        #[cfg(not(target_pointer_width = "64"))]
        return self.next_compact();
        #[cfg(target_pointer_width = "64")]
        self.next_fast()
    }
}

impl<'a> Split<'a> {
    /// The FastAPI split on 64-bit targets: a token usually starts right
    /// at `pos` (one separator was consumed) and runs to a SP, found eight
    /// bytes a step while every byte is printable ASCII.
    #[cfg(target_pointer_width = "64")]
    #[inline(always)]
    fn next_fast(&mut self) -> Option<&'a str> {
        let start = match self.text.as_bytes().get(self.pos) {
            Some(&b) if bytes::is_graphic_ascii(b) => self.pos,
            Some(_) => match self.text.get(self.pos..).and_then(python_space_end) {
                Some(skip) => self.pos.wrapping_add(skip),
                None => {
                    self.pos = self.text.len();
                    return None;
                }
            },
            None => return None,
        };
        let bytes = self.text.as_bytes();
        let (end, next) = match find_space_or_high(bytes, start) {
            None => (bytes.len(), bytes.len()),
            Some(at) if bytes.get(at) == Some(&b' ') => (at, at.wrapping_add(1)),
            Some(at) => token_end(self.text, at),
        };
        self.pos = next;
        self.text.get(start..end)
    }

    /// The FastAPI split as 32-bit targets run it (flash): one walk over
    /// the characters, no byte-wise shortcuts.
    #[cfg(any(test, not(target_pointer_width = "64")))]
    fn next_compact(&mut self) -> Option<&'a str> {
        let rest = self.text.get(self.pos..)?;
        let mut start = None;
        for (i, c) in rest.char_indices() {
            match (start, is_python_space(c)) {
                (None, false) => start = Some(i),
                (Some(s), true) => {
                    self.pos = self.pos.wrapping_add(i).wrapping_add(c.len_utf8());
                    return rest.get(s..i);
                }
                _ => {}
            }
        }
        self.pos = self.text.len();
        rest.get(start?..)
    }
}

/// ASCII bytes of Python's whitespace set (U+0009–U+000D, U+001C–U+0020).
#[cfg(target_pointer_width = "64")]
const fn is_ascii_python_space(b: u8) -> bool {
    matches!(b, 0x09..=0x0D | 0x1C..=0x20)
}

/// The index of the first non-whitespace character of `text`, if any.
#[cfg(target_pointer_width = "64")]
fn python_space_end(text: &str) -> Option<usize> {
    let mut i = 0usize;
    loop {
        let b = *text.as_bytes().get(i)?;
        if b < 0x80 {
            if !is_ascii_python_space(b) {
                return Some(i);
            }
            i = i.wrapping_add(1);
        } else {
            let c = text.get(i..)?.chars().next()?;
            if !is_python_space(c) {
                return Some(i);
            }
            i = i.wrapping_add(c.len_utf8());
        }
    }
}

/// Where a token ends, searching from `start` (a byte that is not printable
/// ASCII above SP): the index of the first whitespace character and the
/// index just past it (`text.len()` twice when there is none). Eight bytes
/// a step while every byte is printable ASCII above SP, which is never
/// whitespace.
#[cfg(target_pointer_width = "64")]
fn token_end(text: &str, start: usize) -> (usize, usize) {
    let bytes = text.as_bytes();
    let end = (bytes.len(), bytes.len());
    let mut i = start;
    loop {
        let Some(at) = find_space_or_high(bytes, i) else {
            return end;
        };
        let Some(&b) = bytes.get(at) else {
            return end;
        };
        if b < 0x80 {
            if is_ascii_python_space(b) {
                return (at, at.wrapping_add(1));
            }
            i = at.wrapping_add(1);
        } else {
            let Some(c) = text.get(at..).and_then(|t| t.chars().next()) else {
                return end;
            };
            i = at.wrapping_add(c.len_utf8());
            if is_python_space(c) {
                return (at, i);
            }
        }
    }
}

/// RFC 6749 §3.3 `NQCHAR`: `%x21 / %x23-5B / %x5D-7E`.
pub fn is_nqchar(b: u8) -> bool {
    bytes::is(b, bytes::NQCHAR)
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
        .all(|t| !t.is_empty() && bytes::all(t.as_bytes(), bytes::NQCHAR));
    valid.then_some(()).ok_or(Error::Malformed)
}

/// Whether every scope in `required` is among the tokens of `granted`.
///
/// One pass over `granted` per 128 required scopes (see [`first_missing`]).
pub fn covers(granted: &str, required: &[&str], profile: Profile) -> bool {
    first_missing(granted, required, profile).is_none()
}

/// The first scope of `required` that `granted` lacks (for the
/// `WWW-Authenticate: Bearer scope="…"` of FastAPI's tutorial).
///
/// The work is linear in the length of `granted`: its tokens are split once
/// for each group of up to 128 required scopes, and each token is looked up
/// in a fixed-size hash table of that group (on the stack, no allocation),
/// so 100 required scopes cost about what 8 do.
///
/// ```
/// use authparse::scopes::first_missing;
/// use authparse::Profile;
/// let required: Vec<String> = (0..100).map(|i| format!("s{i}")).collect();
/// let required: Vec<&str> = required.iter().map(String::as_str).collect();
/// let granted = required.join(" ");
/// assert_eq!(first_missing(&granted, &required, Profile::FastApi), None);
/// let without_s42 = granted.replace("s42 ", "");
/// assert_eq!(first_missing(&without_s42, &required, Profile::Strict), Some("s42"));
/// ```
///
/// On 32-bit targets (flash, budgets.toml) there is no hash table: the
/// tokens are split once per required scope and compared with it, so the
/// work grows with both lengths.
#[cfg(not(target_pointer_width = "64"))]
pub fn first_missing<'r>(granted: &str, required: &[&'r str], profile: Profile) -> Option<&'r str> {
    first_missing_each(granted, required, profile)
}

/// [`first_missing`] as the 32-bit targets compute it: one split of
/// `granted` per required scope.
#[cfg(any(test, not(target_pointer_width = "64")))]
fn first_missing_each<'r>(
    granted: &str,
    required: &[&'r str],
    profile: Profile,
) -> Option<&'r str> {
    required
        .iter()
        .copied()
        .find(|r| !split(granted, profile).any(|token| token == *r))
}

/// See the 32-bit [`first_missing`].
#[cfg(target_pointer_width = "64")]
pub fn first_missing<'r>(granted: &str, required: &[&'r str], profile: Profile) -> Option<&'r str> {
    if granted.len() <= SHORT_GRANTED && required.len() <= FEW_REQUIRED {
        return first_missing_direct(split(granted, profile), required);
    }
    required
        .chunks(GROUP)
        .find_map(|group| RequiredSet::new(group).first_missing(split(granted, profile)))
}

/// Below these sizes comparing every token with every required scope is
/// cheaper than building the hash table (and still bounded work).
#[cfg(target_pointer_width = "64")]
const SHORT_GRANTED: usize = 256;
/// See [`SHORT_GRANTED`].
#[cfg(target_pointer_width = "64")]
const FEW_REQUIRED: usize = 8;

/// [`first_missing`] by comparing each token with each of at most
/// [`FEW_REQUIRED`] scopes.
#[cfg(target_pointer_width = "64")]
fn first_missing_direct<'t, 'r>(
    tokens: impl Iterator<Item = &'t str>,
    required: &[&'r str],
) -> Option<&'r str> {
    let bit = |i: usize| {
        1u8.checked_shl(u32::try_from(i).unwrap_or(u32::MAX))
            .unwrap_or(0)
    };
    let all = required
        .iter()
        .enumerate()
        .fold(0u8, |a, (i, _)| a | bit(i));
    let mut seen = 0u8;
    for token in tokens {
        for (i, r) in required.iter().enumerate() {
            if *r == token {
                seen |= bit(i);
            }
        }
        if seen == all {
            return None;
        }
    }
    required
        .iter()
        .enumerate()
        .find(|&(i, _)| seen & bit(i) == 0)
        .map(|(_, r)| *r)
}

/// Required scopes per pass over the granted ones (the width of the `seen` set).
#[cfg(target_pointer_width = "64")]
const GROUP: usize = 128;
/// Hash-table slots: a power of two, twice [`GROUP`].
#[cfg(target_pointer_width = "64")]
const SLOTS: usize = 256;

/// Up to [`GROUP`] required scopes, indexed by a hash of
/// their text for one pass over the granted tokens.
///
/// `slots` is an open-addressing table (linear probing, at most half full):
/// `0` is empty, `i + 1` names `scopes[i]`, the first of the scopes with
/// that text. Duplicates share the first one's bit in the `seen` set.
#[cfg(target_pointer_width = "64")]
struct RequiredSet<'g, 'r> {
    scopes: &'g [&'r str],
    slots: [u8; SLOTS],
    /// Bit `i` set: `scopes[i]` is the first of its text (one bit per distinct scope).
    distinct: u128,
}

#[cfg(target_pointer_width = "64")]
impl<'g, 'r> RequiredSet<'g, 'r> {
    /// Indexes `scopes` (at most [`GROUP`]; more are ignored).
    fn new(scopes: &'g [&'r str]) -> Self {
        let scopes = scopes.get(..GROUP).unwrap_or(scopes);
        let mut set = RequiredSet {
            scopes,
            slots: [0; SLOTS],
            distinct: 0,
        };
        for (i, scope) in scopes.iter().enumerate() {
            if let Err(free) = set.find(scope) {
                if let Some(slot) = set.slots.get_mut(free) {
                    // `i < GROUP = 128`, so `i + 1` fits a `u8`.
                    *slot = u8::try_from(i.wrapping_add(1)).unwrap_or(0);
                    set.distinct |= 1u128.wrapping_shl(i as u32);
                }
            }
        }
        set
    }

    /// `Ok(index of the first scope equal to token)`, or `Err(free slot)`
    /// where it would go. The table is never full (at most half), so the
    /// probe always ends.
    fn find(&self, token: &str) -> Result<usize, usize> {
        let mask = SLOTS.wrapping_sub(1);
        let mut at = hash(token.as_bytes()) & mask;
        loop {
            let index = match self.slots.get(at) {
                Some(&0) | None => return Err(at),
                Some(&n) => usize::from(n).wrapping_sub(1),
            };
            if self.scopes.get(index) == Some(&token) {
                return Ok(index);
            }
            at = at.wrapping_add(1) & mask;
        }
    }

    /// One pass over `tokens`: the first scope (in `scopes` order) no token
    /// equals, or `None` once every one was seen.
    fn first_missing<'t>(&self, tokens: impl Iterator<Item = &'t str>) -> Option<&'r str> {
        let mut seen = 0u128;
        for token in tokens {
            if seen == self.distinct {
                return None;
            }
            if let Ok(i) = self.find(token) {
                seen |= 1u128.wrapping_shl(i as u32);
            }
        }
        self.scopes
            .iter()
            .find(|scope| {
                self.find(scope)
                    .is_ok_and(|i| seen & 1u128.wrapping_shl(i as u32) == 0)
            })
            .copied()
    }
}

/// A table index for `text`: its length and first and last eight bytes,
/// mixed by one multiplication (constant work per token; equal texts are
/// then compared in full).
#[cfg(target_pointer_width = "64")]
fn hash(text: &[u8]) -> usize {
    let word = |bytes: &[u8]| bytes.iter().fold(0u64, |w, &b| (w << 8) | u64::from(b));
    let (head, tail) = match (text.first_chunk::<8>(), text.last_chunk::<8>()) {
        (Some(head), Some(tail)) => (u64::from_le_bytes(*head), u64::from_le_bytes(*tail)),
        _ => (word(text), 0),
    };
    let mixed =
        (head ^ tail.rotate_left(29) ^ text.len() as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (mixed >> 56) as usize
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
        sink.into_str()
    }

    /// `Bearer scope="<scope_str>"`, the challenge of FastAPI's tutorial
    /// (or plain `Bearer` without scopes), into `buf`. As FastAPI, the
    /// scopes are not escaped; a scope holding a control byte (HTAB aside)
    /// or DEL is [`Error::InvalidConfiguration`], as for
    /// [`Challenge::render`](crate::Challenge::render): CR/LF would split
    /// the response.
    ///
    /// ```
    /// use authparse::{scopes::SecurityScopes, Error};
    /// let s: SecurityScopes<'_, 2> = SecurityScopes::new(&["items", "me"])?;
    /// assert_eq!(s.challenge(&mut [0u8; 64])?, "Bearer scope=\"items me\"");
    /// let split: SecurityScopes<'_, 1> = SecurityScopes::new(&["a\r\nX-Evil: 1"])?;
    /// assert_eq!(split.challenge(&mut [0u8; 64]), Err(Error::InvalidConfiguration));
    /// # Ok::<(), authparse::Error>(())
    /// ```
    pub fn challenge<'b>(&self, buf: &'b mut [u8]) -> Result<&'b str, Error> {
        if !self
            .scopes
            .iter()
            .all(|s| s.bytes().all(bytes::is_header_safe))
        {
            return Err(Error::InvalidConfiguration);
        }
        let mut sink = Sink::new(buf);
        if self.scopes.is_empty() {
            sink.extend(b"Bearer");
        } else {
            sink.extend(b"Bearer scope=\"");
            self.write_joined(&mut sink);
            sink.push(b'"');
        }
        sink.into_str()
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

    proptest::proptest! {
        #[test]
        fn split_agrees_with_plain_reference(
            text in proptest::collection::vec(proptest::sample::select(
                &['a', 'b', ' ', '\t', '\u{1c}', '\u{0}', '\u{85}', '\u{a0}', '\u{e9}', '\u{3000}', '\u{2009}', '\u{2010}', ':'][..]), 0..40),
            required in proptest::collection::vec(proptest::sample::select(&["a", "b", "ab", "", "a:b"][..]), 0..5),
        ) {
            let text: std::string::String = text.into_iter().collect();
            let ours: StdVec<&str> = split(&text, Profile::FastApi).collect();
            let reference: StdVec<&str> = text.split(is_python_space).filter(|s| !s.is_empty()).collect();
            proptest::prop_assert_eq!(&ours, &reference);
            let mut compact = Split { text: &text, pos: 0, strict: false };
            let ours: StdVec<&str> = core::iter::from_fn(|| compact.next_compact()).collect();
            proptest::prop_assert_eq!(&ours, &reference);
            let ours: StdVec<&str> = split(&text, Profile::Strict).collect();
            let reference: StdVec<&str> = if text.is_empty() { StdVec::new() } else { text.split(' ').collect() };
            proptest::prop_assert_eq!(&ours, &reference);
            for profile in [Profile::FastApi, Profile::Strict] {
                let tokens: StdVec<&str> = split(&text, profile).collect();
                let expected = required.iter().copied().find(|r| !tokens.contains(r));
                proptest::prop_assert_eq!(first_missing(&text, &required, profile), expected);
                proptest::prop_assert_eq!(first_missing_each(&text, &required, profile), expected);
            }
        }
    }

    proptest::proptest! {
        /// Many required scopes (several hash-table groups, duplicates,
        /// empty and long texts) against the plain definition.
        #[test]
        fn first_missing_with_many_required(
            // Under Miri still past the 64 scopes of the bitmask path.
            granted in proptest::collection::vec(0usize..400, 0..if cfg!(miri) { 80 } else { 300 }),
            required in proptest::collection::vec(0usize..400, 0..if cfg!(miri) { 80 } else { 300 }),
        ) {
            let text = |i: usize| match i % 4 {
                0 => std::format!("s{i}"),
                1 => std::format!("items:{i}:read-and-write"),
                2 if i % 8 == 2 => std::string::String::new(),
                _ => std::format!("{i}\u{e9}"),
            };
            let granted: StdVec<std::string::String> = granted.into_iter().map(text).collect();
            let required: StdVec<std::string::String> = required.into_iter().map(text).collect();
            let required: StdVec<&str> = required.iter().map(|s| s.as_str()).collect();
            for (profile, sep) in [(Profile::FastApi, "\t "), (Profile::Strict, " ")] {
                let joined = granted.join(sep);
                let tokens: StdVec<&str> = split(&joined, profile).collect();
                let expected = required.iter().copied().find(|r| !tokens.contains(r));
                proptest::prop_assert_eq!(first_missing(&joined, &required, profile), expected);
                // The 32-bit lookup splits once per scope: the first 16 keep the test short.
                let few = required.get(..16).unwrap_or(&required);
                let expected = few.iter().copied().find(|r| !tokens.contains(r));
                proptest::prop_assert_eq!(first_missing_each(&joined, few, profile), expected);
            }
        }
    }

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
