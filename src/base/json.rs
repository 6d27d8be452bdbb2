//! Minimal JSON output with Python's `json.dumps` escaping.
//!
//! FastAPI serialises responses with `json.dumps(..., ensure_ascii=False,
//! separators=(",", ":"))`: `"` and `\` and the C0 controls are escaped
//! (`\b \t \n \f \r` short, others as `\u00xx` with lower-case hex) and all
//! other text is raw UTF-8. serde-json-core writes upper-case hex and cannot
//! report the size a short buffer needed, so the byte-exact bodies use this.

use crate::base::sink::Sink;

/// Where JSON is written: a bounded counting [`Sink`], or any other byte
/// consumer (the OpenAPI module compares outputs through one).
pub(crate) trait Out {
    fn put(&mut self, bytes: &[u8]);
}

impl Out for Sink<'_> {
    fn put(&mut self, bytes: &[u8]) {
        self.extend(bytes);
    }
}

impl Out for &mut dyn Out {
    fn put(&mut self, bytes: &[u8]) {
        (**self).put(bytes);
    }
}

const HEX: &[u8; 16] = b"0123456789abcdef";

/// The escape sequence for `b`, or `None` if it is written as is.
fn escape_of(b: u8) -> Option<[u8; 6]> {
    let short = |c: u8| Some([b'\\', c, 0, 0, 0, 0]);
    match b {
        b'"' => short(b'"'),
        b'\\' => short(b'\\'),
        0x08 => short(b'b'),
        0x0c => short(b'f'),
        b'\n' => short(b'n'),
        b'\r' => short(b'r'),
        b'\t' => short(b't'),
        0x00..=0x1f => {
            let hi = HEX.get(usize::from(b >> 4)).copied().unwrap_or(b'0');
            let lo = HEX.get(usize::from(b & 0x0f)).copied().unwrap_or(b'0');
            Some([b'\\', b'u', b'0', b'0', hi, lo])
        }
        _ => None,
    }
}

/// The contents of a JSON string (without the quotes).
pub(crate) fn escaped<O: Out + ?Sized>(o: &mut O, s: &str) {
    let mut rest = s.as_bytes();
    loop {
        let Some(p) = rest.iter().position(|&b| escape_of(b).is_some()) else {
            o.put(rest);
            return;
        };
        let Some((plain, tail)) = rest.split_at_checked(p) else {
            return;
        };
        o.put(plain);
        let Some((&b, tail)) = tail.split_first() else {
            return;
        };
        if let Some(seq) = escape_of(b) {
            let n = if seq.get(1) == Some(&b'u') { 6 } else { 2 };
            o.put(seq.get(..n).unwrap_or_default());
        }
        rest = tail;
    }
}

/// A JSON string literal, quotes included.
pub(crate) fn string<O: Out + ?Sized>(o: &mut O, s: &str) {
    o.put(b"\"");
    escaped(o, s);
    o.put(b"\"");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(text: &str) -> std::string::String {
        let mut buf = [0u8; 128];
        let mut sink = Sink::new(&mut buf);
        string(&mut sink, text);
        std::string::String::from_utf8(sink.into_written().unwrap().to_vec()).unwrap()
    }

    #[test]
    fn python_escaping() {
        assert_eq!(render("a\"b\\c"), r#""a\"b\\c""#);
        assert_eq!(render("\u{8}\t\n\u{c}\r"), r#""\b\t\n\f\r""#);
        assert_eq!(render("\u{0}\u{1f}\u{b}"), r#""\u0000\u001f\u000b""#);
        assert_eq!(render("é\u{7f}\u{2028}"), "\"é\u{7f}\u{2028}\"");
    }
}
