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
    /// exact for every Latin-1 scheme. FastAPI (Starlette) sends header
    /// values as Latin-1, so a scheme whose title case leaves Latin-1
    /// (`"ǆemo"` → `"ǅemo"`, or `ÿ`/`µ` starting a word) is a 500 there;
    /// here it is [`Error::InvalidConfiguration`], as is any scheme with a
    /// character beyond Latin-1.
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
    /// byte no header value can carry (see [`Challenge::render`]), or a
    /// custom scheme's title case leaves Latin-1 (see [`Challenge::Custom`]).
    pub(crate) fn check(&self) -> Result<(), Error> {
        let (text, latin1) = match *self {
            Challenge::Basic { realm, .. } => (realm.unwrap_or(""), true),
            Challenge::Custom(scheme) => (scheme, write_title_case(scheme, &mut |_| {})),
            Challenge::Bearer | Challenge::Digest | Challenge::ApiKey => ("", true),
        };
        let unsafe_byte = |b: &u8| (*b < 0x20 && *b != b'\t') || *b == 0x7F;
        match !latin1 || text.as_bytes().iter().any(unsafe_byte) {
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
            Challenge::Custom(scheme) => {
                write_title_case(scheme, out);
            }
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

/// Python's `str.title()`: a character after a cased one is lower-cased,
/// any other title-cased; returns whether the result is all Latin-1.
///
/// Exact for Latin-1 text (`ß` → `Ss`, `ÿ` → `Ÿ`, `ª` and `º` cased but
/// unchanged); other characters are copied unchanged, count as uncased and
/// make the result not Latin-1. Unicode's full case tables are avoided on
/// purpose: their lookups keep a panic path in the binary. Works on the
/// UTF-8 bytes: no `char` decoding.
fn write_title_case(text: &str, out: &mut impl FnMut(&[u8])) -> bool {
    let (mut after_cased, mut latin1) = (false, true);
    let mut rest = text.as_bytes();
    while let Some(&lead) = rest.first() {
        let (ch, tail) = rest.split_at_checked(utf8_len(lead)).unwrap_or((rest, &[]));
        rest = tail;
        let code = match *ch {
            [c] => Some(c),
            // U+0080–U+00FF: `C2 xx` or `C3 xx`.
            [l @ (0xC2 | 0xC3), c] => Some((l << 6) | (c & 0x3F)),
            _ => None,
        };
        let Some(c) = code else {
            out(ch);
            (after_cased, latin1) = (false, false);
            continue;
        };
        let (form, cased) = latin1_title_case(c, after_cased);
        match form {
            Form::Latin1(c) if c < 0x80 => out(&[c]),
            Form::Latin1(c) => out(&[0xC0 | (c >> 6), 0x80 | (c & 0x3F)]),
            Form::Beyond(text) => {
                out(text.as_bytes());
                latin1 &= text.is_ascii();
            }
        }
        after_cased = cased;
    }
    latin1
}

/// A character's form under `str.title()`.
enum Form {
    /// A Latin-1 code point.
    Latin1(u8),
    /// Text that is not one Latin-1 code point: `Ss`, `Ÿ`, `Μ`.
    Beyond(&'static str),
}

/// The form `str.title()` gives the Latin-1 code point `c` (lower case
/// after a cased character, title case otherwise), and whether `c` is cased.
const fn latin1_title_case(c: u8, after_cased: bool) -> (Form, bool) {
    let form = match c {
        // Upper-case letters with a lower-case partner 0x20 above.
        b'A'..=b'Z' | 0xC0..=0xD6 | 0xD8..=0xDE if after_cased => Form::Latin1(c | 0x20),
        // Lower-case letters with an upper-case partner 0x20 below.
        b'a'..=b'z' | 0xE0..=0xF6 | 0xF8..=0xFE if !after_cased => Form::Latin1(c & !0x20),
        b'A'..=b'Z' | 0xC0..=0xD6 | 0xD8..=0xDE | b'a'..=b'z' | 0xE0..=0xF6 | 0xF8..=0xFE => {
            Form::Latin1(c)
        }
        // ß, ÿ, µ start a word as text beyond one Latin-1 code point.
        0xDF if !after_cased => Form::Beyond("Ss"),
        0xFF if !after_cased => Form::Beyond("\u{178}"),
        0xB5 if !after_cased => Form::Beyond("\u{39C}"),
        // ß ÿ µ after a cased character, ª º anywhere, and uncased ones.
        _ => Form::Latin1(c),
    };
    let cased = matches!(c, b'A'..=b'Z' | b'a'..=b'z' | 0xAA | 0xB5 | 0xBA | 0xC0..=0xD6 | 0xD8..=0xF6 | 0xF8..=0xFF);
    (form, cased)
}

/// The length of the UTF-8 sequence that starts with `lead`.
const fn utf8_len(lead: u8) -> usize {
    // 0xxxxxxx: 1; 110xxxxx: 2; 1110xxxx: 3; 11110xxx: 4 (a `str` has no
    // other lead byte). Three compares: less flash than a `match`.
    let (b, c, d) = (
        (lead >= 0xC0) as usize,
        (lead >= 0xE0) as usize,
        (lead >= 0xF0) as usize,
    );
    b.wrapping_add(c).wrapping_add(d).wrapping_add(1)
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

    /// `str.title()` by std's Unicode tables (an oracle independent of the
    /// byte-wise code): cased = upper or lower case; title case = upper
    /// case except `ß` → `Ss` (SpecialCasing).
    fn title_case_by_chars(text: &str) -> std::string::String {
        let mut after_cased = false;
        let mut out = std::string::String::new();
        for c in text.chars() {
            if after_cased {
                out.extend(c.to_lowercase());
            } else if c == 'ß' {
                out.push_str("Ss");
            } else {
                out.extend(c.to_uppercase());
            }
            after_cased = c.is_lowercase() || c.is_uppercase();
        }
        out
    }

    #[test]
    fn title_case_matches_unicode_for_latin1() {
        // Every Latin-1 pair natively; under Miri (minutes for all 65 536
        // pairs) every 11th code point plus the ones whose case is special.
        let step = if cfg!(miri) { 11 } else { 1 };
        let mut chars: std::vec::Vec<char> = (0u32..=0xFF)
            .step_by(step)
            .filter_map(char::from_u32)
            .collect();
        if cfg!(miri) {
            chars.extend([
                'a', 'Z', ' ', '-', 'ß', 'ÿ', 'µ', 'ª', 'º', 'à', 'À', '×', '÷',
            ]);
        }
        let mut buf = [0u8; 64];
        for &a in &chars {
            for &b in &chars {
                let text: std::string::String = [a, b, 'x', a].into_iter().collect();
                let expected = title_case_by_chars(&text);
                let custom = Challenge::Custom(&text);
                assert_eq!(custom.to_string(), expected, "{text:?}");
                let latin1 = expected.chars().all(|c| u32::from(c) <= 0xFF);
                let controls = text
                    .chars()
                    .any(|c| (c < ' ' && c != '\t') || c == '\u{7f}');
                match custom.render(&mut buf) {
                    Ok(rendered) => assert!(latin1 && !controls && rendered == expected),
                    Err(e) => assert!(e == Error::InvalidConfiguration && (!latin1 || controls)),
                }
            }
        }
    }

    #[test]
    fn title_case_beyond_latin1_is_refused() {
        // Python: "ǆemo".title() == "ǅemo", "ÿes".title() == "Ÿes", which
        // Starlette cannot encode as Latin-1 (FastAPI answers 500).
        let mut buf = [0u8; 64];
        for scheme in ["ǆemo", "ÿes", "µs", "x\u{20AC}", "\u{1F600}"] {
            let c = Challenge::Custom(scheme);
            assert_eq!(
                c.render(&mut buf),
                Err(Error::InvalidConfiguration),
                "{scheme}"
            );
        }
        for (scheme, expected) in [
            ("ßasic", "Ssasic"),
            ("aßb", "Aßb"),
            ("aÿ", "Aÿ"),
            ("ºB", "ºb"),
            ("aµb", "Aµb"),
        ] {
            assert_eq!(Challenge::Custom(scheme).render(&mut buf), Ok(expected));
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
