//! RFC 8187 `ext-value` (`username*=UTF-8''J%C3%A4ger`): validated and
//! percent-decoded into printable UTF-8.

use super::DigestError;
use crate::base::bytes;
use crate::codec::urlencoded::hex_value;

/// `attr-char` (RFC 8187 §3.2.1): a `tchar` other than `%`, `'` and `*`.
fn is_attr_char(b: u8) -> bool {
    bytes::is(b, bytes::TCHAR) && !matches!(b, b'%' | b'\'' | b'*')
}

/// The `value-chars` of `charset'language'value-chars`, UTF-8 only (the
/// charset every recipient must support; RFC 8187 §3.2.1).
fn value_chars(ext: &[u8]) -> Option<&[u8]> {
    let (charset, rest) = split_at_quote(ext)?;
    let (language, chars) = split_at_quote(rest)?;
    let language_ok = language
        .iter()
        .all(|&b| b.is_ascii_alphanumeric() || b == b'-');
    (charset.eq_ignore_ascii_case(b"UTF-8") && language_ok).then_some(chars)
}

/// The bytes before the first `'` and those after it.
fn split_at_quote(bytes: &[u8]) -> Option<(&[u8], &[u8])> {
    let at = bytes.iter().position(|&b| b == b'\'')?;
    Some((bytes.get(..at)?, bytes.get(at.wrapping_add(1)..)?))
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

/// A UTF-8 check over bytes that arrive one at a time: the bytes of the
/// character being read, checked by `core::str::from_utf8` once there are
/// as many as its first byte announces (no overlongs, no surrogates, at
/// most U+10FFFF).
struct Utf8 {
    char: [u8; 4],
    len: usize,
}

impl Utf8 {
    const NEW: Utf8 = Utf8 {
        char: [0; 4],
        len: 0,
    };

    /// Takes the next byte; `false` when the character it ends is not UTF-8.
    fn push(&mut self, b: u8) -> bool {
        let Some(slot) = self.char.get_mut(self.len) else {
            return false;
        };
        *slot = b;
        self.len = self.len.saturating_add(1);
        // A continuation byte as the first one is one (invalid) byte.
        let width = match self.char.first().copied().unwrap_or(0) {
            0xC0..=0xDF => 2,
            0xE0..=0xEF => 3,
            0xF0..=0xFF => 4,
            _ => 1,
        };
        if self.len < width {
            return true;
        }
        let text = self.char.get(..self.len).unwrap_or_default();
        self.len = 0;
        core::str::from_utf8(text).is_ok()
    }

    /// Whether no character is left unfinished.
    fn is_complete(&self) -> bool {
        self.len == 0
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
    if !utf8.is_complete() {
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

    #[test]
    fn attr_char_is_rfc_8187s() {
        for b in 0..=255u8 {
            let rfc = b.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&b);
            assert_eq!(is_attr_char(b), rfc, "{b:#04x}");
        }
    }

    proptest::proptest! {
        /// Any bytes, percent-encoded: accepted exactly when they are UTF-8
        /// without an ASCII control character.
        #[test]
        fn any_bytes_are_checked_as_utf8(bytes in proptest::collection::vec(
            proptest::sample::select(&[0x00u8, 0x41, 0x7f, 0x80, 0x9f, 0xa0, 0xbf, 0xc0, 0xc2,
                0xdf, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff][..]), 0..10)) {
            let mut ext = std::string::String::from("UTF-8''");
            for b in &bytes {
                ext.push_str(&std::format!("%{b:02X}"));
            }
            let valid = core::str::from_utf8(&bytes)
                .is_ok_and(|t| !t.chars().any(|c| c.is_ascii_control()));
            proptest::prop_assert_eq!(decode(ext.as_bytes()).ok(), valid.then(|| bytes.clone()));
        }

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
