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
        let mut sink = Sink::new(buf);
        if !self.write_to(Encoding::Text, &mut sink) {
            return Err(Error::InvalidConfiguration);
        }
        sink.into_str()
    }

    /// Renders the header value's bytes as FastAPI's server sends them,
    /// for a server that writes raw bytes. Starlette encodes every header
    /// value as Latin-1, so in the FastAPI profile (and for
    /// [`Challenge::Custom`]) a non-ASCII character of the realm or scheme
    /// is one byte, and one past U+00FF is [`Error::InvalidConfiguration`]
    /// (FastAPI answers 500). The strict profile's realm is sent as UTF-8
    /// (RFC 9110 §5.5 `obs-text`). ASCII text is the same bytes as
    /// [`Challenge::render`]'s; control bytes are refused as there. (An
    /// `HTTPBase` word starting with `ÿ` or `µ` is sent as that byte, where
    /// Python's title case gives `Ÿ` or `Μ` and FastAPI a 500: the
    /// title-case gap of [`Challenge::Custom`].)
    ///
    /// ```
    /// use authparse::{Challenge, Error, Profile};
    /// let mut buf = [0u8; 32];
    /// let basic = |realm| Challenge::Basic { realm: Some(realm), profile: Profile::FastApi };
    /// assert_eq!(basic("café").render(&mut buf).unwrap(), "Basic realm=\"café\"");
    /// assert_eq!(basic("café").render_bytes(&mut buf).unwrap(), b"Basic realm=\"caf\xE9\"");
    /// assert_eq!(basic("東京").render_bytes(&mut buf), Err(Error::InvalidConfiguration));
    /// ```
    pub fn render_bytes<'b>(&self, buf: &'b mut [u8]) -> Result<&'b [u8], Error> {
        let mut sink = Sink::new(buf);
        if !self.write_to(Encoding::Wire, &mut sink) {
            return Err(Error::InvalidConfiguration);
        }
        Ok(sink.into_written()?)
    }

    /// The length in bytes of [`Challenge::render`]'s text (the UTF-8 one:
    /// [`Challenge::render_bytes`] writes at most as many).
    pub fn rendered_len(&self) -> usize {
        let mut len = 0usize;
        self.write(Encoding::Text, &mut |piece: &[u8]| {
            len = len.saturating_add(piece.len())
        });
        len
    }

    /// [`Error::InvalidConfiguration`] when the configured text holds a
    /// byte no header value can carry (see [`Challenge::render`]).
    pub(crate) fn check(&self) -> Result<(), Error> {
        match self.write(Encoding::Text, &mut |_: &[u8]| {}) {
            true => Ok(()),
            false => Err(Error::InvalidConfiguration),
        }
    }

    /// Appends the rendered challenge to `sink`; `false` when the
    /// configured text holds a control byte, or in [`Encoding::Wire`] a
    /// character Latin-1 lacks (see [`Challenge::render_bytes`]).
    pub(crate) fn write_to(&self, encoding: Encoding, sink: &mut Sink<'_>) -> bool {
        self.write(encoding, &mut |piece: &[u8]| sink.extend(piece))
    }

    /// Emits the challenge as pieces of bytes, in order (a character may
    /// be split across pieces), and returns whether the configured text is
    /// free of control bytes (HTAB aside) and DEL, and can be encoded.
    /// Plain byte pieces instead of `write!` or `char`s: no `core::fmt`, no
    /// UTF-8 decoding in a firmware that only renders challenges.
    fn write(&self, encoding: Encoding, out: &mut impl FnMut(&[u8])) -> bool {
        let latin1 = encoding == Encoding::Wire
            && !matches!(
                self,
                Challenge::Basic {
                    profile: Profile::Strict,
                    ..
                }
            );
        // A fixed head, the configured text (as is, escaped or
        // title-cased) and a fixed tail: one call of the text writer, so
        // that it stays inline (one frame on the stack).
        let (head, text, how, tail): (&[u8], &str, Text, &[u8]) = match *self {
            Challenge::Basic {
                realm: Some(r),
                profile: Profile::FastApi,
            } if !r.is_empty() => (b"Basic realm=\"", r, Text::Verbatim, b"\""),
            Challenge::Basic {
                realm: Some(r),
                profile: Profile::Strict,
            } => (
                b"Basic realm=\"",
                r,
                Text::Escaped,
                b"\", charset=\"UTF-8\"",
            ),
            Challenge::Basic {
                realm: None,
                profile: Profile::Strict,
            } => (b"Basic charset=\"UTF-8\"", "", Text::Verbatim, b""),
            Challenge::Basic { .. } => (b"Basic", "", Text::Verbatim, b""),
            Challenge::Bearer => (b"Bearer", "", Text::Verbatim, b""),
            Challenge::Digest => (b"Digest", "", Text::Verbatim, b""),
            Challenge::ApiKey => (b"APIKey", "", Text::Verbatim, b""),
            Challenge::Custom(scheme) => (b"", scheme, Text::TitleCase, b""),
        };
        out(head);
        let clean = write_text(text, how, latin1, out);
        out(tail);
        clean
    }
}

/// Which bytes a challenge is rendered as.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Encoding {
    /// UTF-8 text ([`Challenge::render`], `Display`).
    Text,
    /// The bytes FastAPI's server sends ([`Challenge::render_bytes`]).
    Wire,
}

/// How [`write_text`] writes the configured text of a challenge.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Text {
    /// As it is (FastAPI inserts the realm verbatim).
    Verbatim,
    /// With a `\` before each `"` and `\` (a quoted-string body).
    Escaped,
    /// Through Python's `str.title()` (see [`Challenge::Custom`]).
    TitleCase,
}

/// The text as [`Challenge::render`] writes it: for logs and tests; a
/// header is written with [`Challenge::render_bytes`]. A realm or scheme holding a control
/// byte is refused here too ([`fmt::Error`], before anything is written),
/// so no log line carries one.
impl fmt::Display for Challenge<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.check().map_err(|_| fmt::Error)?;
        let mut result = Ok(());
        // A character may come in several pieces: its bytes wait in
        // `pending` until they are whole.
        let (mut pending, mut len) = ([0u8; 4], 0usize);
        self.write(Encoding::Text, &mut |piece: &[u8]| {
            if let (0, Ok(text)) = (len, core::str::from_utf8(piece)) {
                result = result.and_then(|()| f.write_str(text));
                return;
            }
            for &b in piece {
                if let Some(slot) = pending.get_mut(len) {
                    *slot = b;
                    len = len.wrapping_add(1);
                }
                match core::str::from_utf8(pending.get(..len).unwrap_or_default()) {
                    Ok(ch) => {
                        result = result.and_then(|()| f.write_str(ch));
                        len = 0;
                    }
                    Err(e) if e.error_len().is_none() && len < 4 => {}
                    // The writer emits valid UTF-8: never reached.
                    Err(_) => {
                        result = Err(fmt::Error);
                        len = 0;
                    }
                }
            }
        });
        result
    }
}

/// Writes `text` as `how` says, one byte at a time, as UTF-8 or, with
/// `latin1`, a byte per character; returns whether it is free of control
/// bytes (HTAB aside) and DEL and, with `latin1`, of characters past U+00FF.
///
/// Title case is Python's `str.title()`: a cased letter after a cased
/// letter is lower-cased, any other letter is upper-cased. Exact for ASCII
/// and the Latin-1 letters with a Latin-1 partner of the other case (see
/// [`Challenge::Custom`]); other characters are copied unchanged and count
/// as uncased. Unicode's full case tables are avoided on purpose: their
/// lookups keep a panic path in the binary. Works on the UTF-8 bytes: a
/// Latin-1 letter is `C3 xx`, and its two cases differ in bit 0x20 of `xx`
/// as ASCII letters do in theirs, so no `char` is decoded.
fn write_text(text: &str, how: Text, latin1: bool, out: &mut impl FnMut(&[u8])) -> bool {
    let mut clean = true;
    let mut previous_is_cased = false;
    let mut after_c3 = false;
    for &b in text.as_bytes() {
        // Control bytes and DEL are ASCII: in UTF-8 they are never part
        // of a longer character. U+0080–U+00FF start with C2 or C3.
        clean &= crate::base::bytes::is_header_safe(b) && !(latin1 && b >= 0xC4);
        if how == Text::Escaped && (b == b'"' || b == b'\\') {
            out(b"\\");
        }
        let mut byte = b;
        // `C3` starts a Latin-1 letter's sequence: it does not end a word.
        if how == Text::TitleCase && b != 0xC3 {
            // The Latin-1 code point of an ASCII byte or of `C3 b`; 0 (no
            // letter) for the bytes of any other character.
            let code = match b {
                0..=0x7F => b,
                _ if after_c3 => b.wrapping_add(0x40),
                _ => 0,
            };
            let cased = matches!(code | 0x20, b'a'..=b'z' | 0xE0..=0xF6 | 0xF8..=0xFE);
            if cased {
                byte = if previous_is_cased {
                    b | 0x20
                } else {
                    b & !0x20
                };
            }
            previous_is_cased = cased;
        }
        // In Latin-1, `C2 xx` is `xx` and `C3 xx` is `xx + 0x40`.
        if latin1 && after_c3 {
            byte = byte.wrapping_add(0x40);
        }
        after_c3 = b == 0xC3;
        if !(latin1 && (b == 0xC2 || b == 0xC3)) {
            out(&[byte]);
        }
    }
    clean
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

    /// What the writer makes of `text` in title case (control bytes
    /// included, which `Display` refuses).
    fn title_case(text: &str) -> std::string::String {
        let mut bytes = std::vec::Vec::new();
        write_text(text, Text::TitleCase, false, &mut |piece: &[u8]| {
            bytes.extend_from_slice(piece)
        });
        std::string::String::from_utf8(bytes).unwrap()
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
        // pairs) every 23rd code point plus the ones whose case is special.
        let step = if cfg!(miri) { 23 } else { 1 };
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
                assert_eq!(title_case(&text), title_case_by_chars(&text));
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

    /// `c` through `Display` into a `String`: the text, or the error
    /// after which nothing was written.
    fn displayed(c: &Challenge<'_>) -> Result<std::string::String, fmt::Error> {
        use core::fmt::Write as _;
        let mut text = std::string::String::new();
        let result = write!(text, "{c}");
        assert!(
            result.is_ok() || text.is_empty(),
            "{text:?} written before the error"
        );
        result.map(|()| text)
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
                assert_eq!(displayed(&c), Err(fmt::Error), "{realm:?}");
            }
            let tab = Challenge::Basic {
                realm: Some("a\tb"),
                profile,
            };
            assert!(tab.render(&mut buf).is_ok());
        }
        let custom = Challenge::Custom("x\r\nX-Evil: 1");
        assert_eq!(custom.render(&mut buf), Err(Error::InvalidConfiguration));
        assert_eq!(displayed(&custom), Err(fmt::Error));
        assert_eq!(displayed(&Challenge::Custom("a\tb")).as_deref(), Ok("A\tB"));
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

    /// The header's bytes are Starlette's `value.encode("latin-1")` of the
    /// text in the FastAPI profile and for `HTTPBase` (an error where
    /// Python raises), and the text's UTF-8 in the strict profile.
    #[test]
    fn wire_bytes_are_latin1_as_starlette_sends_them() {
        use proptest::prelude::*;
        use std::vec;
        let text = prop_oneof![
            Just('a'),
            Just('Z'),
            Just(' '),
            Just('"'),
            Just('é'),
            Just('É'),
            Just('ÿ'),
            Just('\u{80}'),
            Just('\u{a0}'),
            Just('µ'),
            Just('ß'),
            Just('-'),
            Just('Ā'),
            Just('東'),
            Just('😀'),
            any::<char>(),
        ];
        let texts = proptest::collection::vec(text, 0..12)
            .prop_map(|chars| chars.into_iter().collect::<std::string::String>());
        proptest!(|(text in texts)| {
            let texts: [(Challenge<'_>, bool); 4] = [
                (Challenge::Basic { realm: Some(&text), profile: Profile::FastApi }, true),
                (Challenge::Custom(&text), true),
                (Challenge::Basic { realm: Some(&text), profile: Profile::Strict }, false),
                (Challenge::Basic { realm: None, profile: Profile::FastApi }, true),
            ];
            for (c, latin1) in texts {
                let (mut text_buf, mut wire_buf) = ([0u8; 128], [0u8; 128]);
                let wire = c.render_bytes(&mut wire_buf);
                match c.render(&mut text_buf) {
                    Err(e) => prop_assert_eq!(wire, Err(e)),
                    Ok(rendered) if !latin1 => prop_assert_eq!(wire, Ok(rendered.as_bytes())),
                    Ok(rendered) => {
                        let encoded: Option<std::vec::Vec<u8>> =
                            rendered.chars().map(|ch| u8::try_from(ch).ok()).collect();
                        match encoded {
                            Some(bytes) => prop_assert_eq!(wire, Ok(&bytes[..])),
                            None => prop_assert_eq!(wire, Err(Error::InvalidConfiguration)),
                        }
                    }
                }
            }
        });
        let mut response = [0u8; 160];
        let basic = Challenge::Basic {
            realm: Some("café"),
            profile: Profile::FastApi,
        };
        let written = crate::model::outcome::write_failure_response(401, &basic, &mut response);
        assert!(written.unwrap().starts_with(
            b"HTTP/1.1 401 Unauthorized\r\nwww-authenticate: Basic realm=\"caf\xE9\"\r\n"
        ));
    }
}
