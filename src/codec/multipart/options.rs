//! Header parameters read as python-multipart's `parse_options_header` reads
//! them (Starlette uses it for `Content-Type` and `Content-Disposition`).
//!
//! The value is split on `;` outside double quotes (a `"` preceded by `\`
//! does not count); each piece is `key=value` with SP/HTAB trimmed around
//! both (a piece without `=` is a key with an empty value, not lower-cased);
//! keys holding `*` (RFC 2231 forms) are ignored; a value wrapped in `"` is
//! unwrapped and, in that order, `\\` becomes `\` and `\"` becomes `"`. The
//! last occurrence of a key wins.

use crate::base::bytes::{find_byte, find_either};

/// One parameter value, still escaped.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Value<'a> {
    /// The bytes between the quotes (or the whole value when unquoted).
    pub(crate) raw: &'a [u8],
    /// Whether the value was quoted, so that Python's two replacements apply.
    pub(crate) quoted: bool,
}

impl<'a> Value<'a> {
    /// The value's bytes after Python's unescaping.
    pub(crate) fn bytes(self) -> impl Iterator<Item = u8> + Clone + 'a {
        unescaped(self.raw, self.quoted)
    }

    /// Whether the unescaped value is exactly `expected`.
    pub(crate) fn eq(self, expected: &[u8]) -> bool {
        if !self.quoted || find_byte(self.raw, b'\\').is_none() {
            return self.raw == expected;
        }
        let mut mine = self.bytes();
        expected.iter().all(|&e| mine.next() == Some(e)) && mine.next().is_none()
    }

    /// Whether the value is a view of the body as it is (nothing to unescape).
    pub(crate) fn is_plain(self) -> bool {
        !self.quoted || find_byte(self.raw, b'\\').is_none()
    }
}

/// `raw`, with `\\` → `\` and then `\"` → `"` when `quoted` (two passes of
/// `str.replace`, as python-multipart does), in one pass: a `\` (alone or
/// from a pair) before `"` becomes `"`.
fn unescaped(raw: &[u8], quoted: bool) -> impl Iterator<Item = u8> + Clone + '_ {
    let mut i = 0usize;
    core::iter::from_fn(move || {
        let b = *raw.get(i)?;
        i = i.saturating_add(1);
        if !quoted || b != b'\\' {
            return Some(b);
        }
        if raw.get(i) == Some(&b'\\') {
            i = i.saturating_add(1);
        }
        if raw.get(i) == Some(&b'"') {
            i = i.saturating_add(1);
            return Some(b'"');
        }
        Some(b'\\')
    })
}

/// The pieces after the first (the media type), each trimmed of SP/HTAB.
fn pieces(value: &[u8]) -> impl Iterator<Item = &[u8]> + Clone {
    let mut rest = next_piece(value).1;
    core::iter::from_fn(move || {
        let (piece, tail) = next_piece(rest?);
        rest = tail;
        Some(trim(piece))
    })
}

/// The piece at the start of `value` (up to the first `;` after an even
/// number of unescaped `"`) and what follows its `;` (`None` after the last
/// piece).
fn next_piece(value: &[u8]) -> (&[u8], Option<&[u8]>) {
    let mut odd_quotes = false;
    let mut from = 0usize;
    // One forward scan over the `;` and `"` bytes.
    while let Some(at) = value
        .get(from..)
        .and_then(|rest| find_either(rest, b';', b'"'))
        .map(|p| from.saturating_add(p))
    {
        if value.get(at) == Some(&b';') {
            if !odd_quotes {
                let (piece, rest) = value.split_at_checked(at).unwrap_or((value, &[]));
                return (piece, rest.get(1..));
            }
        } else {
            let escaped = at
                .checked_sub(1)
                .and_then(|p| value.get(p))
                .is_some_and(|&b| b == b'\\');
            odd_quotes ^= !escaped;
        }
        from = at.saturating_add(1);
    }
    (value, None)
}

fn trim(bytes: &[u8]) -> &[u8] {
    crate::base::whitespace::trim_ows(bytes)
}

/// The values of the parameters `keys` (ASCII lower-case names) in a header
/// value like `form-data; name="x"`, as python-multipart reads them; the
/// last occurrence of each wins. One pass over the value. Two keys, always:
/// one copy of the code serves every caller (flash; [`parameter`] passes
/// its key twice).
#[inline(never)]
pub(crate) fn parameters<'a>(value: &'a [u8], keys: [&[u8]; 2]) -> [Option<Value<'a>>; 2] {
    let mut found = [None; 2];
    for piece in pieces(value) {
        let (k, v, lowered) = match find_byte(piece, b'=') {
            Some(eq) => {
                let (k, v) = piece.split_at_checked(eq).unwrap_or((piece, &[]));
                (trim(k), trim(v.get(1..).unwrap_or_default()), true)
            }
            None => (piece, &[][..], false),
        };
        let Some(slot) = keys
            .iter()
            .zip(found.iter_mut())
            .find(|(key, _)| {
                if lowered {
                    crate::base::bytes::eq_ignore_ascii_case_lower(k, key)
                } else {
                    k == **key
                }
            })
            .map(|(_, slot)| slot)
        else {
            continue;
        };
        // `*` keys (RFC 2231) are ignored: none of ours has one.
        *slot = Some(match v {
            [b'"', inner @ .., b'"'] => Value {
                raw: inner,
                quoted: true,
            },
            _ => Value {
                raw: v,
                quoted: false,
            },
        });
    }
    found
}

/// The value of parameter `key` (see [`parameters`]).
pub(crate) fn parameter<'a>(value: &'a [u8], key: &[u8]) -> Option<Value<'a>> {
    let [found, _] = parameters(value, [key, key]);
    found
}

/// The `name` of a `Content-Disposition` value shaped as browsers send it
/// for a text field, `form-data; name="…"` (SP/HTAB allowed around the
/// second piece, no `"` in the first, no `\` or `"` inside the quotes,
/// nothing after them), read with two searches instead of the piece split;
/// `None` for any other shape (then [`parameters`] reads it). For such a
/// value [`parameters`] gives this name and no `filename`.
///
/// 64-bit targets only: on microcontrollers [`parameters`] alone (flash).
#[cfg(target_pointer_width = "64")]
pub(crate) fn plain_name(value: &[u8]) -> Option<Value<'_>> {
    // Exactly what browsers send first: one 16-byte compare, then the name
    // up to the closing quote at the end.
    if let (Some(b"form-data; name="), Some((b'"', [b'"', quoted @ ..]))) = (
        value.first_chunk::<16>(),
        value
            .get(16..)
            .and_then(<[u8]>::split_last)
            .map(|(&q, r)| (q, r)),
    ) {
        if find_either(quoted, b'"', b'\\').is_none() {
            return Some(Value {
                raw: quoted,
                quoted: true,
            });
        }
    }
    let semi = find_either(value, b';', b'"')?;
    let second = value.get(semi..)?.strip_prefix(b";")?;
    let lead = second
        .iter()
        .position(|&b| !crate::base::whitespace::is_ows(b))?;
    let quoted = second.get(lead..)?.strip_prefix(b"name=\"")?;
    let end = find_either(quoted, b'"', b'\\')?;
    let (raw, tail) = quoted.split_at_checked(end)?;
    let after = tail.strip_prefix(b"\"")?;
    after
        .iter()
        .all(|&b| crate::base::whitespace::is_ows(b))
        .then_some(Value { raw, quoted: true })
}

/// The `boundary` of a `Content-Type` value shaped as clients send it,
/// `type/subtype; boundary=…` (SP/HTAB allowed before `boundary`, which is
/// lower-case; no `"` anywhere, no `;` after the first, no SP/HTAB around
/// the value), read with two searches instead of the piece split; `None`
/// for any other shape (then [`parameters`] reads it). For such a value
/// [`parameters`] gives this boundary and no `charset`.
///
/// 64-bit targets only, like [`plain_name`].
#[cfg(target_pointer_width = "64")]
pub(crate) fn plain_boundary(value: &[u8]) -> Option<Value<'_>> {
    let semi = find_either(value, b';', b'"')?;
    let second = value.get(semi..)?.strip_prefix(b";")?;
    let lead = second
        .iter()
        .position(|&b| !crate::base::whitespace::is_ows(b))?;
    let raw = second.get(lead..)?.strip_prefix(b"boundary=")?;
    let ows = |b: Option<&u8>| b.is_some_and(|&b| crate::base::whitespace::is_ows(b));
    if find_either(raw, b';', b'"').is_some() || ows(raw.first()) || ows(raw.last()) {
        return None;
    }
    Some(Value { raw, quoted: false })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::string::String;
    use std::vec::Vec;

    fn get(value: &str, key: &str) -> Option<Vec<u8>> {
        parameter(value.as_bytes(), key.as_bytes()).map(|v| v.bytes().collect())
    }

    // Expected values from python-multipart 0.0.34's parse_options_header.
    #[test]
    fn reads_like_parse_options_header() {
        let g = |v, k| get(v, k).map(|b| String::from_utf8(b).unwrap());
        assert_eq!(
            g("form-data; name=\"a;b\"; x=1", "name").as_deref(),
            Some("a;b")
        );
        assert_eq!(
            g("form-data; name=\"a\\\";b\"; x=1", "name").as_deref(),
            Some("a\";b")
        );
        assert_eq!(
            g("form-data; name=a\"b;c\"d; e=1", "name").as_deref(),
            Some("a\"b;c\"d")
        );
        assert_eq!(
            g("form-data; NAME = \"x\" ; name*=utf-8''y", "name").as_deref(),
            Some("x")
        );
        assert_eq!(g("form-data; name", "name").as_deref(), Some(""));
        assert_eq!(g("form-data; NAME", "name"), None);
        assert_eq!(g("form-data; =\"x\"", "name"), None);
        assert_eq!(g("form-data", "name"), None);
        assert_eq!(g("form-data; name=a; name=b", "name").as_deref(), Some("b"));
        assert_eq!(
            g("x; name=\"a\\\\\\\"b\"", "name").as_deref(),
            Some("a\\\"b")
        );
        assert_eq!(g("x; name=\"a\\\\b\"", "name").as_deref(), Some("a\\b"));
        assert_eq!(g("x; name=a\\\\b", "name").as_deref(), Some("a\\\\b"));
    }

    /// Python's `s.replace("\\\\", "\\").replace('\\"', '"')`, written plainly.
    fn two_passes(raw: &[u8]) -> Vec<u8> {
        let replace = |s: &[u8], from: &[u8], to: u8| {
            let mut out = Vec::new();
            let mut i = 0;
            while i < s.len() {
                if s[i..].starts_with(from) {
                    out.push(to);
                    i += from.len();
                } else {
                    out.push(s[i]);
                    i += 1;
                }
            }
            out
        };
        replace(&replace(raw, b"\\\\", b'\\'), b"\\\"", b'"')
    }

    #[test]
    fn one_pass_unescaping_is_python_s_two_replacements() {
        let alphabet = [b'\\', b'"', b'a'];
        for len in 0..=if cfg!(miri) { 4 } else { 7 } {
            for n in 0..3usize.pow(len) {
                let raw: Vec<u8> = (0..len).map(|k| alphabet[n / 3usize.pow(k) % 3]).collect();
                let got: Vec<u8> = unescaped(&raw, true).collect();
                assert_eq!(got, two_passes(&raw), "{raw:?}");
                assert_eq!(unescaped(&raw, false).collect::<Vec<u8>>(), raw);
            }
        }
    }

    /// The shortcut agrees with the piece split wherever it answers, and
    /// answers for the browser shape.
    #[cfg(target_pointer_width = "64")]
    #[test]
    fn plain_name_is_parameters_shortcut() {
        let alphabet: [&[u8]; 9] = [
            b";",
            b"\"",
            b"\\",
            b" ",
            b"\t",
            b"name=\"",
            b"a",
            b"=",
            b"filename=\"f\"",
        ];
        let mut cases: Vec<Vec<u8>> = std::vec![
            b"form-data; name=\"username\"".to_vec(),
            b"form-data;name=\"\"".to_vec(),
            b"form-data;\t name=\"a;b\" \t".to_vec(),
        ];
        cases.extend(spelled(b"form-data", &alphabet));
        let mut answered = 0;
        for v in &cases {
            if let Some(name) = plain_name(v) {
                answered += 1;
                assert_eq!(
                    parameters(v, [b"name", b"filename"]),
                    [Some(name), None],
                    "{v:?}"
                );
            }
        }
        assert!(plain_name(&cases[0]).is_some() && plain_name(&cases[2]).is_some());
        // Natively 66 430 inputs, under Miri the 820 of length ≤ 3.
        assert!(answered > if cfg!(miri) { 4 } else { 100 }, "{answered}");
    }

    /// `prefix` followed by every sequence of up to 5 pieces of `alphabet`
    /// (3 under Miri): the inputs the shortcut tests compare on.
    #[cfg(target_pointer_width = "64")]
    fn spelled(prefix: &[u8], alphabet: &[&[u8]; 9]) -> Vec<Vec<u8>> {
        let mut cases = Vec::new();
        for len in 0..=if cfg!(miri) { 3 } else { 5 } {
            for n in 0..9usize.pow(len) {
                let mut v = prefix.to_vec();
                for k in 0..len {
                    v.extend_from_slice(alphabet[n / 9usize.pow(k) % 9]);
                }
                cases.push(v);
            }
        }
        cases
    }

    /// The boundary shortcut agrees with the piece split wherever it
    /// answers, and answers for the usual shape.
    #[cfg(target_pointer_width = "64")]
    #[test]
    fn plain_boundary_is_parameters_shortcut() {
        let alphabet: [&[u8]; 9] = [
            b";",
            b"\"",
            b"\\",
            b" ",
            b"\t",
            b"boundary=",
            b"a",
            b"=",
            b"charset=x",
        ];
        let mut cases: Vec<Vec<u8>> = std::vec![
            b"multipart/form-data; boundary=----WebKitFormBoundary7MA4YWxkTrZu0gW".to_vec(),
            b"multipart/form-data;boundary=a b=c".to_vec(),
        ];
        cases.extend(spelled(b"multipart/form-data", &alphabet));
        let mut answered = 0;
        for v in &cases {
            if let Some(boundary) = plain_boundary(v) {
                answered += 1;
                assert_eq!(
                    parameters(v, [b"boundary", b"charset"]),
                    [Some(boundary), None],
                    "{v:?}"
                );
            }
        }
        assert!(plain_boundary(&cases[0])
            .is_some_and(|b| b.raw == &b"----WebKitFormBoundary7MA4YWxkTrZu0gW"[..]));
        assert!(plain_boundary(&cases[1]).is_some_and(|b| b.raw == b"a b=c"));
        assert!(answered > if cfg!(miri) { 4 } else { 100 }, "{answered}");
    }

    #[test]
    fn eq_unescapes_only_quoted_values() {
        let v = parameter(b"x; name=\"us\\\\er\"", b"name").unwrap();
        assert!(v.eq(b"us\\er") && !v.eq(b"us\\\\er") && !v.is_plain());
        let v = parameter(b"x; name=us\\\\er", b"name").unwrap();
        assert!(v.eq(b"us\\\\er") && v.is_plain());
    }
}
