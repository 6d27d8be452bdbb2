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
    /// `HTTPBase(scheme=…)`: the scheme through Python's `str.title()`,
    /// exact for ASCII (an auth-scheme is an ASCII token, RFC 9110 §11.1)
    /// and for the Latin-1 letters with a Latin-1 partner of the other case
    /// (`é` ↔ `É`). Other characters are copied unchanged and count as
    /// uncased, where Python title-cases `ß` as `Ss`, `ÿ` as `Ÿ`, `µ` as
    /// `Μ` and counts `ª`, `º` as cased; matching those would cost a
    /// firmware about 250 B of flash for schemes that are not tokens.
    Custom(&'c str),
}

impl Challenge<'_> {
    /// Renders into `buf` and returns the text; a short buffer gives
    /// [`Error::BufferTooSmall`] with the exact size. A realm or scheme
    /// holding a control byte (other than HTAB) or DEL is
    /// [`Error::InvalidConfiguration`]: a header value (or a quoted-string)
    /// cannot carry one, and CR/LF would split the response.
    ///
    /// ```
    /// use authparse::{Challenge, Error, Profile};
    /// let split = Challenge::Basic { realm: Some("a\r\nX-Evil: 1"), profile: Profile::Strict };
    /// assert_eq!(split.render(&mut [0u8; 64]), Err(Error::InvalidConfiguration));
    /// ```
    pub fn render<'b>(&self, buf: &'b mut [u8]) -> Result<&'b str, Error> {
        self.check()?;
        let mut sink = Sink::new(buf);
        self.write_to(&mut sink);
        let written = sink.into_written()?;
        core::str::from_utf8(written).map_err(|_| Error::InvalidUtf8)
    }

    /// The rendered length in bytes.
    pub fn rendered_len(&self) -> usize {
        let mut len = 0usize;
        self.write(&mut |piece: &[u8]| len = len.saturating_add(piece.len()));
        len
    }

    /// [`Error::InvalidConfiguration`] when the configured text holds a
    /// byte no header value can carry (see [`Challenge::render`]).
    pub(crate) fn check(&self) -> Result<(), Error> {
        let text = match *self {
            Challenge::Basic { realm, .. } => realm.unwrap_or(""),
            Challenge::Custom(scheme) => scheme,
            Challenge::Bearer | Challenge::Digest | Challenge::ApiKey => "",
        };
        let unsafe_byte = |b: &u8| (*b < 0x20 && *b != b'\t') || *b == 0x7F;
        match text.as_bytes().iter().any(unsafe_byte) {
            true => Err(Error::InvalidConfiguration),
            false => Ok(()),
        }
    }

    /// Appends the rendered challenge to `sink`.
    pub(crate) fn write_to(&self, sink: &mut Sink<'_>) {
        self.write(&mut |piece: &[u8]| sink.extend(piece));
    }

    /// Emits the challenge as pieces of UTF-8 text, in order, each made of
    /// whole characters. Plain byte pieces instead of `write!` or `char`s:
    /// no `core::fmt`, no UTF-8 decoding or encoding in a firmware that
    /// only renders challenges.
    fn write(&self, out: &mut impl FnMut(&[u8])) {
        match *self {
            Challenge::Basic {
                realm,
                profile: Profile::FastApi,
            } => match realm {
                Some(r) if !r.is_empty() => {
                    out(b"Basic realm=\"");
                    out(r.as_bytes());
                    out(b"\"");
                }
                _ => out(b"Basic"),
            },
            Challenge::Basic {
                realm,
                profile: Profile::Strict,
            } => {
                out(b"Basic ");
                if let Some(r) = realm {
                    out(b"realm=\"");
                    write_escaped(r.as_bytes(), out);
                    out(b"\", ");
                }
                out(b"charset=\"UTF-8\"");
            }
            Challenge::Bearer => out(b"Bearer"),
            Challenge::Digest => out(b"Digest"),
            Challenge::ApiKey => out(b"APIKey"),
            Challenge::Custom(scheme) => write_title_case(scheme, out),
        }
    }
}

/// The text as [`Challenge::render`] writes it, without its check for
/// control bytes: for logs and tests; a header is written with `render`.
impl fmt::Display for Challenge<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut result = Ok(());
        self.write(&mut |piece: &[u8]| {
            if result.is_ok() {
                // Pieces are whole characters: this never fails.
                result = core::str::from_utf8(piece)
                    .map_err(|_| fmt::Error)
                    .and_then(|piece| f.write_str(piece));
            }
        });
        result
    }
}

/// `text` with a `\` before each `"` and `\` (a quoted-string body).
fn write_escaped(text: &[u8], out: &mut impl FnMut(&[u8])) {
    let mut rest = text;
    while let Some(special) = rest.iter().position(|&b| b == b'"' || b == b'\\') {
        // `special` is an ASCII byte's index: both pieces are whole characters.
        let (plain, tail) = rest.split_at_checked(special).unwrap_or((rest, &[]));
        let (quoted, tail) = tail.split_at_checked(1).unwrap_or((tail, &[]));
        out(plain);
        out(b"\\");
        out(quoted);
        rest = tail;
    }
    out(rest);
}

/// Python's `str.title()`: a cased letter after a cased letter is lower-cased,
/// any other letter is upper-cased.
///
/// Exact for ASCII and the Latin-1 letters with a Latin-1 partner of the
/// other case (see [`Challenge::Custom`]); other characters are copied
/// unchanged and count as uncased. Unicode's full case tables are
/// avoided on purpose: their lookups keep a panic path in the binary. Works
/// on the UTF-8 bytes (a Latin-1 letter is `C3 xx`): no `char` decoding.
fn write_title_case(text: &str, out: &mut impl FnMut(&[u8])) {
    let mut previous_is_cased = false;
    let mut rest = text.as_bytes();
    while let Some(&lead) = rest.first() {
        let (ch, tail) = rest.split_at_checked(utf8_len(lead)).unwrap_or((rest, &[]));
        rest = tail;
        let latin1 = match *ch {
            [c] => Some(c),
            [0xC3, c] => Some(0xC0 | (c & 0x3F)),
            _ => None,
        };
        match latin1.and_then(latin1_cases) {
            Some((upper, lower)) => {
                let c = if previous_is_cased { lower } else { upper };
                // Both forms stay in the block of `ch`: ASCII, or `C3 xx`.
                if c < 0x80 {
                    out(&[c]);
                } else {
                    out(&[0xC3, 0x80 | (c & 0x3F)]);
                }
                previous_is_cased = true;
            }
            None => {
                out(ch);
                previous_is_cased = false;
            }
        }
    }
}

/// The length of the UTF-8 sequence that starts with `lead`.
const fn utf8_len(lead: u8) -> usize {
    match lead {
        0x00..=0x7F => 1,
        0x80..=0xDF => 2,
        0xE0..=0xEF => 3,
        _ => 4,
    }
}

/// The upper- and lower-case forms of the Latin-1 code point `c` when it is
/// an ASCII or Latin-1 letter with a Latin-1 partner: the two differ in bit
/// 0x20 only, so one test of the lower-case form covers both.
const fn latin1_cases(c: u8) -> Option<(u8, u8)> {
    let lower = c | 0x20;
    match lower {
        b'a'..=b'z' | 0xE0..=0xF6 | 0xF8..=0xFE => Some((c & !0x20, lower)),
        _ => None,
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

    /// The `char` version this byte-wise one replaced.
    fn title_case_by_chars(text: &str) -> std::string::String {
        let mut previous_is_cased = false;
        text.chars()
            .map(|c| {
                let code = u32::from(c);
                let (upper, lower) = match c {
                    'a'..='z' | '\u{E0}'..='\u{F6}' | '\u{F8}'..='\u{FE}' => {
                        (char::from_u32(code - 0x20).unwrap(), c)
                    }
                    'A'..='Z' | '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{DE}' => {
                        (c, char::from_u32(code + 0x20).unwrap())
                    }
                    _ => (c, c),
                };
                let out = if previous_is_cased { lower } else { upper };
                previous_is_cased = upper != lower;
                out
            })
            .collect()
    }

    #[test]
    fn title_case_bytewise_matches_chars() {
        // Every Latin-1 pair natively; under Miri (minutes for all 67 600
        // pairs) every 11th code point plus the ones whose case is special.
        let step = if cfg!(miri) { 11 } else { 1 };
        let mut chars: std::vec::Vec<char> = (0u32..=0xFF)
            .step_by(step)
            .filter_map(char::from_u32)
            .collect();
        chars.extend(['\u{100}', '\u{17F}', '\u{20AC}', '\u{1F600}']);
        if cfg!(miri) {
            chars.extend([
                'a', 'Z', ' ', '-', 'ß', 'ÿ', 'µ', 'ª', 'º', 'à', 'À', '×', '÷',
            ]);
        }
        for &a in &chars {
            for &b in &chars {
                let text: std::string::String = [a, b, 'x', a].into_iter().collect();
                assert_eq!(
                    Challenge::Custom(&text).to_string(),
                    title_case_by_chars(&text)
                );
            }
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
    fn control_bytes_are_refused_in_both_profiles() {
        let mut buf = [0u8; 64];
        for profile in [Profile::FastApi, Profile::Strict] {
            for realm in ["a\r\nX-Evil: 1", "a\nb", "a\rb", "\0", "a\u{7f}", "\u{1c}"] {
                let c = Challenge::Basic {
                    realm: Some(realm),
                    profile,
                };
                assert_eq!(c.render(&mut buf), Err(Error::InvalidConfiguration));
            }
            let tab = Challenge::Basic {
                realm: Some("a\tb"),
                profile,
            };
            assert!(tab.render(&mut buf).is_ok());
        }
        let custom = Challenge::Custom("x\r\nX-Evil: 1");
        assert_eq!(custom.render(&mut buf), Err(Error::InvalidConfiguration));
        let mut response = [0u8; 256];
        assert_eq!(
            crate::model::outcome::write_failure_response(401, &custom, &mut response),
            Err(Error::InvalidConfiguration)
        );
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
