//! Pre-serialised JSON values ([`RawJson`]): checked once to be one
//! complete compact value, then written verbatim.

use crate::base::error::Error;

/// A pre-serialised JSON value passed through verbatim: the value of an
/// unknown key in `OAuth2(flows=…)`, which FastAPI's models keep.
///
/// [`RawJson::new`] checks that the text is one complete JSON value with no
/// whitespace outside strings (FastAPI's output is compact) and at most 32
/// levels of nesting. It does not re-render the value: it must be written
/// the way Python's `json.dumps(…, ensure_ascii=False)` would write it
/// (raw UTF-8 rather than `\u00e9`, `1.0` for a float, no `\/`), and it
/// should not contain object members whose value is `null` (FastAPI's
/// `jsonable_encoder(exclude_none=True)` drops those at every level). A
/// top-level `null` is dropped, as FastAPI drops the key.
///
/// ```
/// use authparse::openapi::RawJson;
/// assert!(RawJson::new(r#"{"a":[1,true,"x"]}"#).is_ok());
/// assert!(RawJson::new(r#"{"a": 1}"#).is_err()); // not compact
/// assert!(RawJson::new("[1,").is_err());
/// const X: RawJson<'static> = match RawJson::new("1") {
///     Ok(v) => v,
///     Err(_) => panic!(),
/// };
/// assert_eq!(X.as_str(), "1");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RawJson<'c>(&'c str);

/// Maximum nesting accepted by [`RawJson::new`].
const MAX_DEPTH: u8 = 32;

impl<'c> RawJson<'c> {
    /// Checks `json` (see the type's documentation); an invalid fragment is
    /// [`Error::InvalidConfiguration`].
    pub const fn new(json: &'c str) -> Result<Self, Error> {
        match json_value(json.as_bytes(), MAX_DEPTH) {
            Some([]) => Ok(RawJson(json)),
            _ => Err(Error::InvalidConfiguration),
        }
    }

    /// The fragment's text.
    ///
    /// ```
    /// let raw = authparse::openapi::RawJson::new("[1]")?;
    /// assert_eq!(raw.as_str(), "[1]");
    /// # Ok::<(), authparse::Error>(())
    /// ```
    pub const fn as_str(&self) -> &'c str {
        self.0
    }

    /// Whether the fragment is `null` (left out of the output).
    ///
    /// ```
    /// use authparse::openapi::RawJson;
    /// assert!(RawJson::new("null")?.is_null());
    /// assert!(!RawJson::new("0")?.is_null());
    /// # Ok::<(), authparse::Error>(())
    /// ```
    pub const fn is_null(&self) -> bool {
        matches!(self.0.as_bytes(), b"null")
    }
}

/// Skips `lit` at the start of `s`.
const fn json_literal<'a>(s: &'a [u8], lit: &[u8]) -> Option<&'a [u8]> {
    let mut s = s;
    let mut lit = lit;
    while let [l, lit_rest @ ..] = lit {
        match s {
            [c, rest @ ..] if *c == *l => {
                s = rest;
                lit = lit_rest;
            }
            _ => return None,
        }
    }
    Some(s)
}

/// Skips one or more ASCII digits.
const fn json_digits(s: &[u8]) -> Option<&[u8]> {
    let mut s = s;
    let mut any = false;
    while let [b'0'..=b'9', rest @ ..] = s {
        s = rest;
        any = true;
    }
    if any {
        Some(s)
    } else {
        None
    }
}

/// Skips a JSON number.
const fn json_number(s: &[u8]) -> Option<&[u8]> {
    let mut s = match s {
        [b'-', rest @ ..] => rest,
        _ => s,
    };
    s = match s {
        [b'0', rest @ ..] => rest,
        [b'1'..=b'9', ..] => match json_digits(s) {
            Some(rest) => rest,
            None => return None,
        },
        _ => return None,
    };
    if let [b'.', rest @ ..] = s {
        s = match json_digits(rest) {
            Some(rest) => rest,
            None => return None,
        };
    }
    if let [b'e' | b'E', rest @ ..] = s {
        let rest = match rest {
            [b'+' | b'-', rest @ ..] => rest,
            _ => rest,
        };
        s = match json_digits(rest) {
            Some(rest) => rest,
            None => return None,
        };
    }
    Some(s)
}

/// Skips a JSON string (starting at its opening quote).
const fn json_string(s: &[u8]) -> Option<&[u8]> {
    let mut s = match s {
        [b'"', rest @ ..] => rest,
        _ => return None,
    };
    loop {
        s = match s {
            [b'"', rest @ ..] => return Some(rest),
            [b'\\', b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't', rest @ ..] => rest,
            [b'\\', b'u', a, b, c, d, rest @ ..]
                if a.is_ascii_hexdigit()
                    && b.is_ascii_hexdigit()
                    && c.is_ascii_hexdigit()
                    && d.is_ascii_hexdigit() =>
            {
                rest
            }
            [0x00..=0x1f | b'\\', ..] | [] => return None,
            [_, rest @ ..] => rest,
        };
    }
}

/// Skips one compact JSON value, `depth` levels of nesting allowed.
const fn json_value(s: &[u8], depth: u8) -> Option<&[u8]> {
    match s {
        [b'"', ..] => json_string(s),
        [b't', ..] => json_literal(s, b"true"),
        [b'f', ..] => json_literal(s, b"false"),
        [b'n', ..] => json_literal(s, b"null"),
        [b'-' | b'0'..=b'9', ..] => json_number(s),
        [b'[', rest @ ..] => {
            let Some(depth) = depth.checked_sub(1) else {
                return None;
            };
            if let [b']', rest @ ..] = rest {
                return Some(rest);
            }
            let mut s = rest;
            loop {
                s = match json_value(s, depth) {
                    Some(rest) => rest,
                    None => return None,
                };
                s = match s {
                    [b',', rest @ ..] => rest,
                    [b']', rest @ ..] => return Some(rest),
                    _ => return None,
                };
            }
        }
        [b'{', rest @ ..] => {
            let Some(depth) = depth.checked_sub(1) else {
                return None;
            };
            if let [b'}', rest @ ..] = rest {
                return Some(rest);
            }
            let mut s = rest;
            loop {
                s = match json_string(s) {
                    Some([b':', rest @ ..]) => rest,
                    _ => return None,
                };
                s = match json_value(s, depth) {
                    Some(rest) => rest,
                    None => return None,
                };
                s = match s {
                    [b',', rest @ ..] => rest,
                    [b'}', rest @ ..] => return Some(rest),
                    _ => return None,
                };
            }
        }
        _ => None,
    }
}

/// Splits the first value off `s` (a part of a validated [`RawJson`]).
#[cfg(feature = "serde")]
pub(crate) fn first_value(s: &[u8]) -> Option<(&[u8], &[u8])> {
    let rest = json_value(s, MAX_DEPTH)?;
    s.split_at_checked(s.len().saturating_sub(rest.len()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::string::String;

    #[test]
    fn raw_json_validation() {
        for ok in [
            "0",
            "-1.5e+3",
            "true",
            "null",
            r#""a\u00e9\n""#,
            "[]",
            "{}",
            r#"{"a":[1,{"b":null}],"c":"d"}"#,
        ] {
            assert!(RawJson::new(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            " 1",
            "1 ",
            "01",
            "1.",
            "-",
            "tru",
            "[1,]",
            "{\"a\"}",
            "{a:1}",
            "\"\t\"",
            "[",
            "\"\\x\"",
            "1 2",
            "{\"a\":1,}",
            "nul",
        ] {
            assert_eq!(RawJson::new(bad), Err(Error::InvalidConfiguration), "{bad}");
        }
        let deep: String = "[".repeat(32) + &"]".repeat(32);
        assert!(RawJson::new(&deep).is_ok());
        let deeper: String = "[".repeat(33) + &"]".repeat(33);
        assert!(RawJson::new(&deeper).is_err());
    }
}
