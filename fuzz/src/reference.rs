//! Transcriptions of the Python code behind FastAPI's decisions.
//!
//! Header values reach Python as Latin-1 text (`bytes.decode("latin-1")`),
//! so a Python `str` of header origin is modelled here as bytes, one per
//! character; the results are the Latin-1 encoding of Python's result.

use authparse::Error;

/// Python's `str.isspace()` for a Latin-1 character.
pub fn py_isspace(b: u8) -> bool {
    // Unicode White_Space ∪ bidi classes B/S/WS within U+0000..U+00FF.
    matches!(
        b,
        b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | 0x1c..=0x1f | b' ' | 0x85 | 0xa0
    )
}

/// Python's `str.isspace()` for any character.
pub fn py_isspace_char(c: char) -> bool {
    match u32::from(c) {
        n @ 0..=0xff => py_isspace(n as u8),
        0x1680 | 0x2000..=0x200a | 0x2028 | 0x2029 | 0x202f | 0x205f | 0x3000 => true,
        _ => false,
    }
}

/// `str.strip()` on Latin-1 text.
pub fn py_strip(s: &[u8]) -> &[u8] {
    let mut start = 0;
    let mut end = s.len();
    while start < end && py_isspace(s[start]) {
        start += 1;
    }
    while end > start && py_isspace(s[end - 1]) {
        end -= 1;
    }
    &s[start..end]
}

/// `str.split()` (no argument) on Unicode text.
pub fn py_split(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices() {
        match (py_isspace_char(c), start) {
            (true, Some(st)) => {
                out.push(&s[st..i]);
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(st) = start {
        out.push(&s[st..]);
    }
    out
}

/// CPython 3.11+ `binascii.a2b_base64(s, strict_mode=False)`, reached through
/// `base64.b64decode(str)`: a non-ASCII `str` raises `ValueError` first.
/// Errors are mapped to the crate's kinds: `Incorrect padding` is
/// `Base64BadPadding`, "1 more than a multiple of 4" is
/// `Base64DanglingCharacter`.
pub fn a2b_base64(input: &[u8]) -> Result<Vec<u8>, Error> {
    if !input.is_ascii() {
        return Err(Error::Base64InvalidByte);
    }
    // table_a2b_base64: 0..63 for the alphabet, 64+ for everything else.
    let table = |c: u8| -> u8 {
        match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => 64,
        }
    };
    let mut bin = Vec::new();
    let (mut quad_pos, mut leftchar, mut pads) = (0u32, 0u8, 0u32);
    for &this_ch in input {
        if this_ch == b'=' {
            // `if (quad_pos >= 2 && quad_pos + ++pads >= 4) goto done;`
            if quad_pos >= 2 {
                pads += 1;
                if quad_pos + pads >= 4 {
                    return Ok(bin);
                }
            }
            continue;
        }
        let this_ch = table(this_ch);
        if this_ch >= 64 {
            continue;
        }
        pads = 0;
        match quad_pos {
            0 => {
                quad_pos = 1;
                leftchar = this_ch;
            }
            1 => {
                quad_pos = 2;
                bin.push((leftchar << 2) | (this_ch >> 4));
                leftchar = this_ch & 0x0f;
            }
            2 => {
                quad_pos = 3;
                bin.push((leftchar << 4) | (this_ch >> 2));
                leftchar = this_ch & 0x03;
            }
            _ => {
                quad_pos = 0;
                bin.push((leftchar << 6) | this_ch);
                leftchar = 0;
            }
        }
    }
    match quad_pos {
        0 => Ok(bin),
        1 => Err(Error::Base64DanglingCharacter),
        _ => Err(Error::Base64BadPadding),
    }
}

/// `http.cookies._unquote` (CPython 3.11):
///
/// ```python
/// if str is None or len(str) < 2: return str
/// if str[0] != '"' or str[-1] != '"': return str
/// str = str[1:-1]
/// return _unquote_sub(_unquote_replace, str)  # r'\\(?:([0-3][0-7][0-7])|(.))'
/// ```
///
/// `.` does not match `\n`, so a backslash before a newline (or at the end)
/// is no match and stays.
pub fn cookie_unquote(s: &[u8]) -> Vec<u8> {
    if s.len() < 2 || s[0] != b'"' || s[s.len() - 1] != b'"' {
        return s.to_vec();
    }
    let s = &s[1..s.len() - 1];
    let is_oct = |b: u8| (b'0'..=b'7').contains(&b);
    let mut out = Vec::new();
    let mut i = 0;
    while i < s.len() {
        if s[i] == b'\\' {
            if i + 3 < s.len()
                && (b'0'..=b'3').contains(&s[i + 1])
                && is_oct(s[i + 2])
                && is_oct(s[i + 3])
            {
                let code = (s[i + 1] - b'0') * 64 + (s[i + 2] - b'0') * 8 + (s[i + 3] - b'0');
                out.push(code);
                i += 4;
                continue;
            }
            if i + 1 < s.len() && s[i + 1] != b'\n' {
                out.push(s[i + 1]);
                i += 2;
                continue;
            }
        }
        out.push(s[i]);
        i += 1;
    }
    out
}

/// Starlette's `cookie_parser` (1.x) on one header, as an ordered list of
/// assignments to its dict: the last one for a key is what the dict holds.
///
/// ```python
/// for chunk in cookie_string.split(";"):
///     if "=" in chunk: key, val = chunk.split("=", 1)
///     else: key, val = "", chunk
///     key, val = key.strip(), val.strip()
///     if key or val: cookie_dict[key] = http_cookies._unquote(val)
/// ```
pub fn cookie_parser(header: &[u8]) -> Vec<(Vec<u8>, Vec<u8>)> {
    let mut out = Vec::new();
    for chunk in header.split(|&b| b == b';') {
        let (key, val) = match chunk.iter().position(|&b| b == b'=') {
            Some(i) => (&chunk[..i], &chunk[i + 1..]),
            None => (&b""[..], chunk),
        };
        let (key, val) = (py_strip(key), py_strip(val));
        if !key.is_empty() || !val.is_empty() {
            out.push((key.to_vec(), cookie_unquote(val)));
        }
    }
    out
}

/// `urllib.parse.unquote_to_bytes` of an ASCII string.
fn unquote_to_bytes(s: &[u8]) -> Vec<u8> {
    // bits = string.split(b'%'); res = [bits[0]]
    // for item in bits[1:]:
    //     try: append(_hextobyte[item[:2]]); append(item[2:])
    //     except KeyError: append(b'%'); append(item)
    let mut bits = s.split(|&b| b == b'%');
    let mut res = bits.next().unwrap_or_default().to_vec();
    for item in bits {
        let hex = item
            .get(..2)
            .and_then(|h| std::str::from_utf8(h).ok())
            .filter(|h| h.bytes().all(|c| c.is_ascii_hexdigit()))
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match hex {
            Some(byte) => {
                res.push(byte);
                res.extend_from_slice(&item[2..]);
            }
            None => {
                res.push(b'%');
                res.extend_from_slice(item);
            }
        }
    }
    res
}

/// `urllib.parse.unquote_plus(s.decode("latin-1"))`, what Starlette applies
/// to query and form components (as UTF-8).
///
/// ```python
/// string = string.replace('+', ' ')
/// if '%' not in string: return string
/// bits = _asciire.split(string)          # ([\x00-\x7f]+)
/// res = [bits[0]]
/// for i in range(1, len(bits), 2):
///     append(unquote_to_bytes(bits[i]).decode('utf-8', 'replace'))
///     append(bits[i + 1])
/// ```
///
/// Python's `'replace'` handler emits one U+FFFD per maximal invalid
/// subpart, which is what `String::from_utf8_lossy` does.
pub fn unquote_plus(raw: &[u8]) -> String {
    let s: Vec<u8> = raw
        .iter()
        .map(|&b| if b == b'+' { b' ' } else { b })
        .collect();
    let latin1 = |bytes: &[u8]| bytes.iter().map(|&b| char::from(b)).collect::<String>();
    if !s.contains(&b'%') {
        return latin1(&s);
    }
    let mut res = String::new();
    let mut i = 0;
    while i < s.len() {
        let start = i;
        let ascii = s[i].is_ascii();
        while i < s.len() && s[i].is_ascii() == ascii {
            i += 1;
        }
        let run = &s[start..i];
        if ascii {
            res.push_str(&String::from_utf8_lossy(&unquote_to_bytes(run)));
        } else {
            res.push_str(&latin1(run));
        }
    }
    res
}

/// `urllib.parse.parse_qsl(qs, keep_blank_values=True)` before decoding:
/// split on `&`, skip empty pieces, split each at the first `=` (a piece
/// without one has the value `""`).
pub fn parse_qsl_raw(qs: &[u8]) -> Vec<(&[u8], &[u8])> {
    qs.split(|&b| b == b'&')
        .filter(|p| !p.is_empty())
        .map(|p| match p.iter().position(|&b| b == b'=') {
            Some(i) => (&p[..i], &p[i + 1..]),
            None => (p, &b""[..]),
        })
        .collect()
}

/// Python's `str.title()` for ASCII text.
pub fn ascii_title(s: &str) -> String {
    let mut prev_cased = false;
    s.chars()
        .map(|c| {
            let out = if prev_cased {
                c.to_ascii_lowercase()
            } else {
                c.to_ascii_uppercase()
            };
            prev_cased = c.is_ascii_alphabetic();
            out
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    // Expected values printed by CPython 3.11.
    #[test]
    fn python_answers() {
        assert_eq!(cookie_unquote(b"\"\\101\\012\""), b"A\n");
        assert_eq!(cookie_unquote(b"\"a\\\nb\""), b"a\\\nb");
        assert_eq!(cookie_unquote(b"\"ab\\\""), b"ab\\");
        assert_eq!(cookie_unquote(b"\"\\477\""), b"477");
        assert_eq!(unquote_plus(b"a+%2B%C3%A9\xe9%E2%82"), "a +é\u{e9}\u{fffd}");
        assert_eq!(unquote_plus(b"%zz%4"), "%zz%4");
        assert_eq!(unquote_plus(b"\xc3\xa9"), "Ã©");
        assert_eq!(
            a2b_base64(b"am9o!!!bjpz@@ZWNyZXQ="),
            Ok(b"john:secret".to_vec())
        );
        assert_eq!(a2b_base64(b"Oh=="), Ok(b":".to_vec()));
        assert_eq!(a2b_base64(b"am9objpzZWNyZXQ"), Err(Error::Base64BadPadding));
        assert_eq!(a2b_base64(b"abcde"), Err(Error::Base64DanglingCharacter));
        assert_eq!(py_split(" a\u{a0}b\u{3000}c\u{1c}"), ["a", "b", "c"]);
        assert_eq!(ascii_title("my-custom x509cert"), "My-Custom X509Cert");
        assert_eq!(
            cookie_parser(b" ;;a = 1 ; b=x=y; justvalue; =;"),
            [
                (b"a".to_vec(), b"1".to_vec()),
                (b"b".to_vec(), b"x=y".to_vec()),
                (b"".to_vec(), b"justvalue".to_vec())
            ]
        );
    }
}

/// What FastAPI answers for an `OAuth2PasswordRequestForm` (or, with
/// `grant_type_required`, `…Strict`) whose urlencoded body is `body`.
#[derive(Debug, PartialEq, Eq)]
pub enum FormDecision {
    /// 200 with `[grant_type, username, password, scope, client_id, client_secret]`.
    Form([Option<String>; 6]),
    /// 422 or 400 with this body (`json.dumps`, compact, `ensure_ascii=False`).
    Failure(u16, String),
}

/// Spec §6.3 and §6.5: `parse_qsl`-style split, Starlette's limits (1000
/// fields, 1 MiB per raw field), `unquote_plus`, last occurrence wins, an
/// empty value is absent, pydantic's errors in field order.
pub fn fastapi_form_urlencoded(body: &[u8], grant_type_required: bool) -> FormDecision {
    const NAMES: [&str; 6] = [
        "grant_type",
        "username",
        "password",
        "scope",
        "client_id",
        "client_secret",
    ];
    let detail =
        |d: &str| FormDecision::Failure(400, serde_json::json!({ "detail": d }).to_string());
    let mut form: std::collections::HashMap<String, String> = Default::default();
    for (count, (name, value)) in parse_qsl_raw(body).into_iter().enumerate() {
        if count >= 1000 {
            return detail("Too many fields. Maximum number of fields is 1000.");
        }
        if name.len() + value.len() > 1024 * 1024 {
            return detail("Field exceeded maximum size of 1024KB.");
        }
        form.insert(unquote_plus(name), unquote_plus(value));
    }
    let get = |i: usize| form.get(NAMES[i]).filter(|v| !v.is_empty()).cloned();
    let mut errors = Vec::new();
    let missing = |field: &str| serde_json::json!({"type": "missing", "loc": ["body", field], "msg": "Field required", "input": null});
    match get(0) {
        Some(g) if g != "password" => errors.push(serde_json::json!({
            "type": "string_pattern_mismatch",
            "loc": ["body", "grant_type"],
            "msg": "String should match pattern '^password$'",
            "input": g,
            "ctx": {"pattern": "^password$"},
        })),
        None if grant_type_required => errors.push(missing("grant_type")),
        _ => {}
    }
    for i in [1, 2] {
        if get(i).is_none() {
            errors.push(missing(NAMES[i]));
        }
    }
    if !errors.is_empty() {
        return FormDecision::Failure(422, serde_json::json!({ "detail": errors }).to_string());
    }
    FormDecision::Form([
        get(0),
        get(1),
        get(2),
        Some(get(3).unwrap_or_default()),
        get(4),
        get(5),
    ])
}
