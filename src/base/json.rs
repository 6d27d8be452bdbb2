//! Minimal JSON output with Python's `json.dumps` escaping.
//!
//! FastAPI serialises responses with `json.dumps(..., ensure_ascii=False,
//! separators=(",", ":"))`: `"` and `\` and the C0 controls are escaped
//! (`\b \t \n \f \r` short, others as `\u00xx` with lower-case hex) and all
//! other text is raw UTF-8. serde-json-core writes upper-case hex and cannot
//! report the size a short buffer needed, so the byte-exact bodies use this.
//!
//! This is the crate's one JSON writer: the escaper ([`escaped`], [`string`]),
//! objects ([`Obj`]), and the drivers that run an emitter into a caller
//! buffer ([`write_with`]), count its size ([`len_with`]) or compare two
//! emitters' bytes without storing them ([`same_output`]).

use crate::base::error::Error;
use crate::base::sink::Sink;

/// Where JSON is written: a bounded counting [`Sink`], or any other byte
/// consumer ([`same_output`] compares outputs through one).
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

/// Whether `b` is written escaped: `"`, `\` and the C0 controls.
fn is_escaped(b: u8) -> bool {
    b < 0x20 || b == b'"' || b == b'\\'
}

/// The letter of `b`'s short escape (`\" \\ \b \f \n \r \t`), if it has one.
fn short_escape(b: u8) -> Option<u8> {
    match b {
        b'"' | b'\\' => Some(b),
        0x08 => Some(b'b'),
        0x0c => Some(b'f'),
        b'\n' => Some(b'n'),
        b'\r' => Some(b'r'),
        b'\t' => Some(b't'),
        _ => None,
    }
}

/// The contents of a JSON string (without the quotes).
pub(crate) fn escaped<O: Out + ?Sized>(o: &mut O, s: &str) {
    let mut rest = s.as_bytes();
    while let Some(p) = rest.iter().position(|&b| is_escaped(b)) {
        let Some((plain, tail)) = rest.split_at_checked(p) else {
            return;
        };
        o.put(plain);
        let Some((&b, tail)) = tail.split_first() else {
            return;
        };
        match short_escape(b) {
            Some(c) => o.put(&[b'\\', c]),
            // A C0 control: `\u00xx`, lower-case hex (`b >> 4` is 0 or 1).
            None => {
                let lo = HEX.get(usize::from(b & 0x0f)).copied().unwrap_or(b'0');
                o.put(&[b'\\', b'u', b'0', b'0', b'0'.wrapping_add(b >> 4), lo]);
            }
        }
        rest = tail;
    }
    o.put(rest);
}

/// A JSON string literal, quotes included.
pub(crate) fn string<O: Out + ?Sized>(o: &mut O, s: &str) {
    o.put(b"\"");
    escaped(o, s);
    o.put(b"\"");
}

/// Size of a comparison window.
const WINDOW: usize = 64;

/// Keeps the bytes `start..start + WINDOW` of the stream written to it.
struct Window {
    start: usize,
    pos: usize,
    buf: [u8; WINDOW],
}

impl Window {
    fn new(start: usize) -> Self {
        Window {
            start,
            pos: 0,
            buf: [0; WINDOW],
        }
    }
}

impl Out for Window {
    fn put(&mut self, bytes: &[u8]) {
        for &b in bytes {
            if let Some(offset) = self.pos.checked_sub(self.start) {
                if let Some(slot) = self.buf.get_mut(offset) {
                    *slot = b;
                }
            }
            self.pos = self.pos.saturating_add(1);
        }
    }
}

/// Runs `emit` into `buf` and returns the written text.
pub(crate) fn write_with(
    buf: &mut [u8],
    emit: impl FnOnce(&mut Sink<'_>) -> Result<(), Error>,
) -> Result<&str, Error> {
    let mut sink = Sink::new(buf);
    emit(&mut sink)?;
    sink.into_str()
}

/// Runs `emit` into a counting sink and returns the size of the output.
pub(crate) fn len_with(
    emit: impl FnOnce(&mut Sink<'_>) -> Result<(), Error>,
) -> Result<usize, Error> {
    let mut empty = [0u8; 0];
    let mut sink = Sink::new(&mut empty);
    emit(&mut sink)?;
    match sink.finish() {
        Ok(n) => Ok(n),
        Err(Error::BufferTooSmall { needed }) => Ok(needed),
        Err(other) => Err(other),
    }
}

/// Whether two emitters produce the same bytes (compared window by window,
/// without storing either output).
pub(crate) fn same_output(
    a: impl Fn(&mut dyn Out) -> Result<(), Error>,
    b: impl Fn(&mut dyn Out) -> Result<(), Error>,
) -> Result<bool, Error> {
    let len_a = len_with(|s| a(s))?;
    let len_b = len_with(|s| b(s))?;
    if len_a != len_b {
        return Ok(false);
    }
    let mut start = 0usize;
    while start < len_a {
        let (mut wa, mut wb) = (Window::new(start), Window::new(start));
        a(&mut wa)?;
        b(&mut wb)?;
        if wa.buf != wb.buf {
            return Ok(false);
        }
        start = start.saturating_add(WINDOW);
    }
    Ok(true)
}

/// Writes the members of one JSON object.
pub(crate) struct Obj<'o, O: Out + ?Sized> {
    o: &'o mut O,
    first: bool,
}

impl<'o, O: Out + ?Sized> Obj<'o, O> {
    pub(crate) fn open(o: &'o mut O) -> Self {
        o.put(b"{");
        Obj { o, first: true }
    }

    /// `"k":` (with the comma before it when needed); the value follows.
    pub(crate) fn key(&mut self, k: &str) -> &mut O {
        if !self.first {
            self.o.put(b",");
        }
        self.first = false;
        string(self.o, k);
        self.o.put(b":");
        self.o
    }

    pub(crate) fn str(&mut self, k: &str, v: &str) {
        let o = self.key(k);
        string(o, v);
    }

    pub(crate) fn opt_str(&mut self, k: &str, v: Option<&str>) {
        if let Some(v) = v {
            self.str(k, v);
        }
    }

    pub(crate) fn close(self) {
        self.o.put(b"}");
    }
}

/// Writes the items of one JSON array.
pub(crate) struct Arr<'o, O: Out + ?Sized> {
    o: &'o mut O,
    first: bool,
}

impl<'o, O: Out + ?Sized> Arr<'o, O> {
    pub(crate) fn open(o: &'o mut O) -> Self {
        o.put(b"[");
        Arr { o, first: true }
    }

    /// Where the next item goes (after a comma when needed).
    pub(crate) fn item(&mut self) -> &mut O {
        if !self.first {
            self.o.put(b",");
        }
        self.first = false;
        self.o
    }

    pub(crate) fn close(self) {
        self.o.put(b"]");
    }
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

    #[test]
    fn every_ascii_char_as_python_writes_it() {
        for b in 0u8..0x80 {
            let want = match b {
                b'"' => "\\\"".into(),
                b'\\' => "\\\\".into(),
                0x08 => "\\b".into(),
                0x0c => "\\f".into(),
                b'\n' => "\\n".into(),
                b'\r' => "\\r".into(),
                b'\t' => "\\t".into(),
                0..=0x1f => std::format!("\\u{b:04x}"),
                _ => std::string::String::from(char::from(b)),
            };
            assert_eq!(
                render(&std::string::String::from(char::from(b))),
                std::format!("\"{want}\"")
            );
        }
    }

    /// `{"a":"x","b":[1,"y"],"c":[]}` through `Obj` and `Arr`.
    fn nested<O: Out + ?Sized>(o: &mut O) -> Result<(), Error> {
        let mut obj = Obj::open(o);
        obj.str("a", "x");
        obj.opt_str("skipped", None);
        let mut list = Arr::open(obj.key("b"));
        list.item().put(b"1");
        string(list.item(), "y");
        list.close();
        Arr::open(obj.key("c")).close();
        obj.close();
        Ok(())
    }

    #[test]
    fn objects_arrays_and_exact_sizes() {
        const EXPECTED: &str = r#"{"a":"x","b":[1,"y"],"c":[]}"#;
        let mut buf = [0u8; 64];
        assert_eq!(write_with(&mut buf, |s| nested(s)), Ok(EXPECTED));
        assert_eq!(len_with(|s| nested(s)), Ok(EXPECTED.len()));
        let mut short = [0u8; 10];
        assert_eq!(
            write_with(&mut short, |s| nested(s)),
            Err(Error::BufferTooSmall {
                needed: EXPECTED.len()
            })
        );
    }

    fn emit(text: &str) -> impl Fn(&mut dyn Out) -> Result<(), Error> + '_ {
        move |o| {
            string(o, text);
            Ok(())
        }
    }

    #[test]
    fn same_output_compares_every_window() {
        let long = "x".repeat(3 * WINDOW + 5);
        let mut late = long.clone();
        late.replace_range(2 * WINDOW + 1..2 * WINDOW + 2, "y");
        assert_eq!(same_output(emit(&long), emit(&long)), Ok(true));
        assert_eq!(same_output(emit(&long), emit(&late)), Ok(false));
        assert_eq!(same_output(emit(&long), emit(&long[1..])), Ok(false));
    }
}
