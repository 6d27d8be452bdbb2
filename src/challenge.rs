//! `WWW-Authenticate` challenges, rendered exactly as FastAPI sends them.
//!
//! ```
//! use authparse::{Challenge, Profile};
//! let mut buf = [0u8; 64];
//! let basic = Challenge::Basic { realm: Some("simple"), profile: Profile::FastApi };
//! assert_eq!(basic.render(&mut buf).unwrap(), "Basic realm=\"simple\"");
//! let custom = Challenge::Custom("my-custom x509cert");
//! assert_eq!(custom.render(&mut buf).unwrap(), "My-Custom X509Cert");
//! ```

use core::fmt::{self, Write};

use crate::sink::Sink;
use crate::{Error, Profile};

/// The challenge a failing scheme sends in `WWW-Authenticate`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum Challenge<'c> {
    /// `Basic`, `Basic realm="…"`. FastAPI inserts the realm verbatim (no
    /// escaping) and omits an empty one; the strict profile escapes `"` and
    /// `\` and adds `charset="UTF-8"` (RFC 7617 §2.1).
    Basic {
        /// The configured realm.
        realm: Option<&'c str>,
        /// Which rendering rules apply.
        profile: Profile,
    },
    /// `Bearer` (HTTPBearer and the OAuth2 / OpenID Connect classes).
    Bearer,
    /// `Digest`.
    Digest,
    /// `APIKey` (the API-key classes).
    ApiKey,
    /// `HTTPBase(scheme=…)`: the scheme through Python's `str.title()`.
    Custom(&'c str),
}

impl Challenge<'_> {
    /// Renders into `buf` and returns the text; a short buffer gives
    /// [`Error::BufferTooSmall`] with the exact size.
    pub fn render<'b>(&self, buf: &'b mut [u8]) -> Result<&'b str, Error> {
        let mut sink = Sink::new(buf);
        self.write(&mut SinkWriter(&mut sink));
        let written = sink.into_written()?;
        core::str::from_utf8(written).map_err(|_| Error::InvalidUtf8)
    }

    /// The rendered length in bytes.
    pub fn rendered_len(&self) -> usize {
        let mut counter = Counter(0);
        self.write(&mut counter);
        counter.0
    }

    /// Appends the rendered challenge to `sink`.
    pub(crate) fn write_to(&self, sink: &mut Sink<'_>) {
        self.write(&mut SinkWriter(sink));
    }

    fn write(&self, w: &mut impl Write) {
        // Writers here never fail; a `fmt::Error` cannot occur.
        let _ = match *self {
            Challenge::Basic {
                realm,
                profile: Profile::FastApi,
            } => match realm {
                Some(r) if !r.is_empty() => write!(w, "Basic realm=\"{r}\""),
                _ => w.write_str("Basic"),
            },
            Challenge::Basic {
                realm,
                profile: Profile::Strict,
            } => {
                let _ = w.write_str("Basic ");
                if let Some(r) = realm {
                    let _ = w.write_str("realm=\"");
                    for c in r.chars() {
                        if c == '"' || c == '\\' {
                            let _ = w.write_char('\\');
                        }
                        let _ = w.write_char(c);
                    }
                    let _ = w.write_str("\", ");
                }
                w.write_str("charset=\"UTF-8\"")
            }
            Challenge::Bearer => w.write_str("Bearer"),
            Challenge::Digest => w.write_str("Digest"),
            Challenge::ApiKey => w.write_str("APIKey"),
            Challenge::Custom(scheme) => write_title_case(w, scheme),
        };
    }
}

impl fmt::Display for Challenge<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write(f);
        Ok(())
    }
}

/// Python's `str.title()`: a cased letter after a cased letter is lower-cased,
/// any other letter is upper-cased.
///
/// Exact for ASCII and the Latin-1 letters (U+00C0–U+00FE, the only
/// non-ASCII characters a header value can carry); other characters are
/// copied unchanged and count as uncased. Unicode's full case tables are
/// avoided on purpose: their lookups keep a panic path in the binary.
fn write_title_case(w: &mut impl Write, text: &str) -> fmt::Result {
    let mut previous_is_cased = false;
    for c in text.chars() {
        let (upper, lower) = latin1_cases(c);
        let cased = upper != lower;
        w.write_char(if previous_is_cased { lower } else { upper })?;
        previous_is_cased = cased;
    }
    Ok(())
}

/// The upper- and lower-case forms of `c` when it is an ASCII or Latin-1
/// letter with a Latin-1 partner; `(c, c)` otherwise.
fn latin1_cases(c: char) -> (char, char) {
    let flip = |delta: u32, up: bool| {
        let code = u32::from(c);
        let other = if up {
            code.checked_sub(delta)
        } else {
            code.checked_add(delta)
        };
        other.and_then(char::from_u32).unwrap_or(c)
    };
    match c {
        'a'..='z' | '\u{E0}'..='\u{F6}' | '\u{F8}'..='\u{FE}' => (flip(0x20, true), c),
        'A'..='Z' | '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{DE}' => (c, flip(0x20, false)),
        _ => (c, c),
    }
}

struct SinkWriter<'s, 'b>(&'s mut Sink<'b>);

impl Write for SinkWriter<'_, '_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.0.extend(s.as_bytes());
        Ok(())
    }
}

struct Counter(usize);

impl Write for Counter {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.0 = self.0.saturating_add(s.len());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::string::ToString;

    #[test]
    fn title_case_like_python() {
        for (scheme, expected) in [
            ("Other", "Other"),
            ("NEGOTIATE", "Negotiate"),
            ("my-custom x509cert", "My-Custom X509Cert"),
            ("bearer", "Bearer"),
            ("éCOLE", "École"),
            ("", ""),
        ] {
            assert_eq!(Challenge::Custom(scheme).to_string(), expected);
        }
    }

    #[test]
    fn basic_variants() {
        let fastapi = |realm| {
            Challenge::Basic {
                realm,
                profile: Profile::FastApi,
            }
            .to_string()
        };
        assert_eq!(fastapi(None), "Basic");
        assert_eq!(fastapi(Some("")), "Basic");
        assert_eq!(fastapi(Some("a\"b\\c")), "Basic realm=\"a\"b\\c\"");
        let strict = |realm| {
            Challenge::Basic {
                realm,
                profile: Profile::Strict,
            }
            .to_string()
        };
        assert_eq!(
            strict(Some("a\"b\\c")),
            "Basic realm=\"a\\\"b\\\\c\", charset=\"UTF-8\""
        );
        assert_eq!(strict(None), "Basic charset=\"UTF-8\"");
    }

    #[test]
    fn render_reports_size() {
        let c = Challenge::Basic {
            realm: Some("simple"),
            profile: Profile::FastApi,
        };
        let mut small = [0u8; 4];
        assert_eq!(
            c.render(&mut small),
            Err(Error::BufferTooSmall { needed: 20 })
        );
        assert_eq!(c.rendered_len(), 20);
    }
}
