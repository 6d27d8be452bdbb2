//! Minimal JSON output with Python's `json.dumps` escaping, into a [`Sink`].
//!
//! FastAPI serialises responses with `json.dumps(..., ensure_ascii=False,
//! separators=(",", ":"))`: `"` and `\` and the C0 controls are escaped
//! (`\b \t \n \f \r` short, others as `\u00xx` with lower-case hex) and all
//! other text is raw UTF-8. serde-json-core writes upper-case hex and cannot
//! report the size a short buffer needed, so the byte-exact bodies use this.

use crate::sink::Sink;

/// Writes `text` as a JSON string literal, quotes included.
pub(crate) fn string(out: &mut Sink<'_>, text: &str) {
    out.push(b'"');
    let mut start = 0;
    for (i, b) in text.bytes().enumerate() {
        let escape: &[u8] = match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            0x08 => b"\\b",
            b'\t' => b"\\t",
            b'\n' => b"\\n",
            0x0C => b"\\f",
            b'\r' => b"\\r",
            0x00..=0x1F => &[],
            _ => continue,
        };
        out.extend(text.as_bytes().get(start..i).unwrap_or_default());
        if escape.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.extend(b"\\u00");
            out.push(HEX.get(usize::from(b >> 4)).copied().unwrap_or(b'0'));
            out.push(HEX.get(usize::from(b & 0x0F)).copied().unwrap_or(b'0'));
        } else {
            out.extend(escape);
        }
        start = i.saturating_add(1);
    }
    out.extend(text.as_bytes().get(start..).unwrap_or_default());
    out.push(b'"');
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
