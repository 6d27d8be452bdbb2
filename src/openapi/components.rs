//! The whole `components.securitySchemes` object: [`SecuritySchemes`].

use super::SecurityScheme;
use crate::base::error::Error;
use crate::base::json::{len_with, write_with, Obj, Out};

/// The whole `components.securitySchemes` object for a list of schemes, as
/// FastAPI builds it.
///
/// FastAPI fills a Python dict, `securitySchemes[scheme_name] = model`, in
/// the order the schemes are visited. So a name that comes again **keeps
/// its first position and takes the last value** (§8.1: "name collisions
/// are silent … the last one visited wins"). With
/// [`reject_collisions`](Self::reject_collisions) a name that comes again
/// with a *different* JSON value is an [`Error::InvalidConfiguration`]
/// instead; the same scheme used twice is never a collision.
///
/// FastAPI leaves `securitySchemes` out when there is no scheme; this
/// writes `{}` for an empty list.
///
/// ```
/// use authparse::openapi::{SecurityScheme, SecuritySchemes};
/// use authparse::{ApiKeyHeader, HttpBearer, Error};
///
/// let schemes = [
///     SecurityScheme::from(ApiKeyHeader::new("A")),
///     SecurityScheme::from(HttpBearer::new()),
///     SecurityScheme::from(ApiKeyHeader::new("B")),
/// ];
/// let mut buf = [0u8; 256];
/// assert_eq!(
///     SecuritySchemes::new(&schemes).write_json(&mut buf)?,
///     r#"{"APIKeyHeader":{"type":"apiKey","in":"header","name":"B"},"HTTPBearer":{"type":"http","scheme":"bearer"}}"#
/// );
/// let strict = SecuritySchemes::new(&schemes).reject_collisions(true);
/// assert_eq!(strict.write_json(&mut buf), Err(Error::InvalidConfiguration));
/// # Ok::<(), authparse::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SecuritySchemes<'s, 'c> {
    schemes: &'s [SecurityScheme<'c>],
    reject_collisions: bool,
}

impl<'s, 'c> SecuritySchemes<'s, 'c> {
    /// The schemes in the order FastAPI visits them.
    pub const fn new(schemes: &'s [SecurityScheme<'c>]) -> Self {
        SecuritySchemes {
            schemes,
            reject_collisions: false,
        }
    }

    /// `true`: a repeated name with a different value is an error instead
    /// of FastAPI's silent last-one-wins.
    pub const fn reject_collisions(mut self, reject: bool) -> Self {
        self.reject_collisions = reject;
        self
    }

    /// The entries as FastAPI's dict ends up: each key once, at its first
    /// position, with the last scheme of that key. With
    /// `reject_collisions`, a key whose schemes render differently is an
    /// [`Error::InvalidConfiguration`].
    pub(super) fn entries(
        &self,
    ) -> impl Iterator<Item = Result<(&'c str, &'s SecurityScheme<'c>), Error>> + '_ {
        let schemes = self.schemes;
        schemes.iter().enumerate().filter_map(move |(i, scheme)| {
            let key = scheme.key();
            let earlier = schemes.get(..i).unwrap_or_default();
            if earlier.iter().any(|s| s.key() == key) {
                return None;
            }
            let mut last = scheme;
            for later in schemes.iter().skip(i).filter(|s| s.key() == key) {
                if self.reject_collisions {
                    match scheme.same_json(later) {
                        Ok(true) => {}
                        Ok(false) => return Some(Err(Error::InvalidConfiguration)),
                        Err(e) => return Some(Err(e)),
                    }
                }
                last = later;
            }
            Some(Ok((key, last)))
        })
    }

    fn emit<O: Out + ?Sized>(&self, o: &mut O) -> Result<(), Error> {
        let mut obj = Obj::open(o);
        for entry in self.entries() {
            let (key, scheme) = entry?;
            scheme.emit(obj.key(key))?;
        }
        obj.close();
        Ok(())
    }

    /// Writes the object into `buf` and returns it ([`Error::BufferTooSmall`]
    /// gives the exact size needed).
    pub fn write_json<'b>(&self, buf: &'b mut [u8]) -> Result<&'b str, Error> {
        write_with(buf, |s| self.emit(s))
    }

    /// The size of [`write_json`](Self::write_json)'s output.
    ///
    /// ```
    /// use authparse::openapi::{SecurityScheme, SecuritySchemes};
    /// use authparse::HttpBasic;
    /// let list = [SecurityScheme::from(HttpBasic::new())];
    /// assert_eq!(SecuritySchemes::new(&list).json_len(), Ok(46));
    /// ```
    pub fn json_len(&self) -> Result<usize, Error> {
        len_with(|s| self.emit(s))
    }
}
