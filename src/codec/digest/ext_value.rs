//! RFC 8187 `ext-value` (`username*=UTF-8''J%C3%A4ger`): validated and
//! percent-decoded into printable UTF-8.

use super::DigestError;
use crate::codec::urlencoded::hex_value;

/// `attr-char` (RFC 8187 §3.2.1).
fn is_attr_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&b)
}

/// The `value-chars` of `charset'language'value-chars`, UTF-8 only (the
/// charset every recipient must support; RFC 8187 §3.2.1).
fn value_chars(ext: &[u8]) -> Option<&[u8]> {
    let mut parts = ext.splitn(3, |&b| b == b'\'');
    let (charset, language, chars) = (parts.next()?, parts.next()?, parts.next()?);
    let language_ok = language
        .iter()
        .all(|&b| b.is_ascii_alphanumeric() || b == b'-');
    (charset.eq_ignore_ascii_case(b"UTF-8") && language_ok).then_some(chars)
}

/// The decoded bytes of `value-chars`: `attr-char`s as they are, `%XX` as
/// one byte; `Err` at anything else.
fn decoded(chars: &[u8]) -> impl Iterator<Item = Result<u8, ()>> + '_ {
    let mut rest = chars;
    core::iter::from_fn(move || {
        let (byte, tail) = match rest {
            [] => return None,
            [b'%', h, l, tail @ ..] => match (hex_value(*h), hex_value(*l)) {
                (Some(h), Some(l)) => ((h << 4) | l, tail),
                _ => return Some(Err(())),
            },
            [b, tail @ ..] if is_attr_char(*b) => (*b, tail),
            _ => return Some(Err(())),
        };
        rest = tail;
        Some(Ok(byte))
    })
}

/// A byte-at-a-time UTF-8 check (no overlongs, no surrogates, at most
/// U+10FFFF): the allowed range of the next continuation byte and how many
/// are still due.
struct Utf8 {
    due: u8,
    lo: u8,
    hi: u8,
}

impl Utf8 {
    const NEW: Utf8 = Utf8 {
        due: 0,
        lo: 0x80,
        hi: 0xBF,
    };

    fn push(&mut self, b: u8) -> bool {
        if self.due > 0 {
            let ok = (self.lo..=self.hi).contains(&b);
            *self = Utf8 {
                due: self.due.saturating_sub(1),
                ..Utf8::NEW
            };
            return ok;
        }
        let (due, lo, hi) = match b {
            0x00..=0x7F => (0, 0x80, 0xBF),
            0xC2..=0xDF => (1, 0x80, 0xBF),
            0xE0 => (2, 0xA0, 0xBF),
            0xED => (2, 0x80, 0x9F),
            0xE1..=0xEF => (2, 0x80, 0xBF),
            0xF0 => (3, 0x90, 0xBF),
            0xF1..=0xF3 => (3, 0x80, 0xBF),
            0xF4 => (3, 0x80, 0x8F),
            _ => return false,
        };
        *self = Utf8 { due, lo, hi };
        true
    }
}

/// The decoded length of `ext`, after checking that it is a UTF-8
/// ext-value whose text has no control character.
pub(super) fn decoded_len(ext: &[u8]) -> Result<usize, DigestError> {
    let chars = value_chars(ext).ok_or(DigestError::InvalidUsernameStar)?;
    let mut utf8 = Utf8::NEW;
    let mut len = 0usize;
    for byte in decoded(chars) {
        match byte {
            Ok(b) if !b.is_ascii_control() && utf8.push(b) => len = len.saturating_add(1),
            _ => return Err(DigestError::InvalidUsernameStar),
        }
    }
    if utf8.due != 0 {
        return Err(DigestError::InvalidUsernameStar);
    }
    Ok(len)
}

/// Writes the decoded text of `ext` (checked by [`decoded_len`]) into `out`.
pub(super) fn decode_into(ext: &[u8], out: &mut [u8]) {
    let chars = value_chars(ext).unwrap_or_default();
    for (slot, byte) in out.iter_mut().zip(decoded(chars).flatten()) {
        *slot = byte;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::vec;

    fn decode(ext: &[u8]) -> Result<std::vec::Vec<u8>, DigestError> {
        let n = decoded_len(ext)?;
        let mut out = vec![0u8; n];
        decode_into(ext, &mut out);
        Ok(out)
    }

    #[test]
    fn rfc_7616_example_decodes() {
        // RFC 7616 §3.9.2: "Jäsøn Doe".
        assert_eq!(
            decode(b"UTF-8''J%C3%A4s%C3%B8n%20Doe").unwrap(),
            "Jäsøn Doe".as_bytes()
        );
        assert_eq!(decode(b"utf-8'en'plain").unwrap(), b"plain");
    }

    #[test]
    fn malformed_ext_values_are_refused() {
        for bad in [
            &b"J%C3%A4"[..],        // no charset
            b"ISO-8859-1''J%E4",    // not UTF-8
            b"UTF-8'e n'x",         // bad language
            b"UTF-8''a b",          // SP is not attr-char
            b"UTF-8''%4",           // short escape
            b"UTF-8''%zz",          // not hex
            b"UTF-8''%C3",          // truncated sequence
            b"UTF-8''%C0%80",       // overlong
            b"UTF-8''%ED%A0%80",    // surrogate
            b"UTF-8''%F4%90%80%80", // past U+10FFFF
            b"UTF-8''a%0Ab",        // LF
            b"UTF-8''%7F",          // DEL
            b"UTF-8''a\"b",         // quote
        ] {
            assert_eq!(
                decode(bad),
                Err(DigestError::InvalidUsernameStar),
                "{bad:?}"
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn any_utf8_text_round_trips(text in "\\PC{0,12}") {
            let mut ext = std::string::String::from("UTF-8''");
            for b in text.bytes() {
                ext.push_str(&std::format!("%{b:02X}"));
            }
            let expect_ok = !text.chars().any(|c| c.is_ascii_control());
            match decode(ext.as_bytes()) {
                Ok(out) => proptest::prop_assert_eq!(out, text.as_bytes()),
                Err(_) => proptest::prop_assert!(!expect_ok),
            }
        }
    }
}
