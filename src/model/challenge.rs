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

use core::fmt;

use crate::base::error::Error;
use crate::base::profile::Profile;
use crate::base::sink::Sink;

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
        self.write_to(&mut sink);
        let written = sink.into_written()?;
        core::str::from_utf8(written).map_err(|_| Error::InvalidUtf8)
    }

    /// The rendered length in bytes.
    pub fn rendered_len(&self) -> usize {
        let mut len = 0usize;
        self.write(&mut |piece: &str| len = len.saturating_add(piece.len()));
        len
    }

    /// Appends the rendered challenge to `sink`.
    pub(crate) fn write_to(&self, sink: &mut Sink<'_>) {
        self.write(&mut |piece: &str| sink.extend(piece.as_bytes()));
    }

    /// Emits the challenge as pieces of text, in order. Plain string pieces
    /// instead of `write!`: no `core::fmt` in a firmware that only renders
    /// challenges.
    fn write(&self, out: &mut impl FnMut(&str)) {
        match *self {
            Challenge::Basic {
                realm,
                profile: Profile::FastApi,
            } => match realm {
                Some(r) if !r.is_empty() => {
                    out("Basic realm=\"");
                    out(r);
                    out("\"");
                }
                _ => out("Basic"),
            },
            Challenge::Basic {
                realm,
                profile: Profile::Strict,
            } => {
                out("Basic ");
                if let Some(r) = realm {
                    out("realm=\"");
                    write_escaped(r, out);
                    out("\", ");
                }
                out("charset=\"UTF-8\"");
            }
            Challenge::Bearer => out("Bearer"),
            Challenge::Digest => out("Digest"),
            Challenge::ApiKey => out("APIKey"),
            Challenge::Custom(scheme) => write_title_case(scheme, out),
        }
    }
}

impl fmt::Display for Challenge<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut result = Ok(());
        self.write(&mut |piece: &str| {
            if result.is_ok() {
                result = f.write_str(piece);
            }
        });
        result
    }
}

/// `text` with a `\` before each `"` and `\` (a quoted-string body).
fn write_escaped(text: &str, out: &mut impl FnMut(&str)) {
    let mut rest = text;
    while let Some(special) = rest.bytes().position(|b| b == b'"' || b == b'\\') {
        // `special` is an ASCII byte's index: both splits are char boundaries.
        let (plain, tail) = rest.split_at_checked(special).unwrap_or((rest, ""));
        let (quoted, tail) = tail.split_at_checked(1).unwrap_or((tail, ""));
        out(plain);
        out("\\");
        out(quoted);
        rest = tail;
    }
    out(rest);
}

/// Python's `str.title()`: a cased letter after a cased letter is lower-cased,
/// any other letter is upper-cased.
///
/// Exact for ASCII and the Latin-1 letters (U+00C0–U+00FE, the only
/// non-ASCII characters a header value can carry); other characters are
/// copied unchanged and count as uncased. Unicode's full case tables are
/// avoided on purpose: their lookups keep a panic path in the binary.
fn write_title_case(text: &str, out: &mut impl FnMut(&str)) {
    let mut previous_is_cased = false;
    for c in text.chars() {
        let (upper, lower) = latin1_cases(c);
        let mut utf8 = [0u8; 4];
        out(if previous_is_cased { lower } else { upper }.encode_utf8(&mut utf8));
        previous_is_cased = upper != lower;
    }
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
    fn render_display_and_len_agree() {
        for c in [
            Challenge::Basic {
                realm: Some("\"é\\\""),
                profile: Profile::Strict,
            },
            Challenge::Basic {
                realm: Some("ré alm"),
                profile: Profile::FastApi,
            },
            Challenge::Basic {
                realm: Some(""),
                profile: Profile::Strict,
            },
            Challenge::Custom("ÀbÇ-dÉ"),
            Challenge::ApiKey,
        ] {
            let mut buf = [0u8; 64];
            let rendered = c.render(&mut buf).unwrap();
            assert_eq!(rendered, c.to_string());
            assert_eq!(rendered.len(), c.rendered_len());
        }
        let strict = Challenge::Basic {
            realm: Some("\"é\\\""),
            profile: Profile::Strict,
        };
        assert_eq!(
            strict.to_string(),
            "Basic realm=\"\\\"é\\\\\\\"\", charset=\"UTF-8\""
        );
        assert_eq!(Challenge::Custom("ÀbÇ-dÉ").to_string(), "Àbç-Dé");
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
