//! Whitespace classes and trimming on arbitrary bytes and text.
//!
//! - `is_python_space_byte` / `is_python_space` are Python's `str.isspace()`
//!   (transcribed list), `is_ows` is SP / HTAB;
//! - `strip_python` equals `str.strip()` on the Latin-1 reading,
//!   `strip_python_str` on UTF-8 text, `split_python` equals `str.split()`;
//! - `trim_by` / `trim_ows` return views into the input that leave no
//!   matching byte at either end and only remove matching bytes.
#![no_main]

use authparse::whitespace::{
    is_ows, is_python_space, is_python_space_byte, split_python, strip_python, strip_python_str,
    trim_by, trim_ows,
};
use authparse_fuzz::{inside, reference, Input};
use libfuzzer_sys::fuzz_target;

fn check_trim(input: &[u8], out: &[u8], pred: impl Fn(u8) -> bool) {
    assert!(inside(out, input));
    assert!(out.first().is_none_or(|&b| !pred(b)) && out.last().is_none_or(|&b| !pred(b)));
    if out.is_empty() {
        assert!(input.iter().all(|&b| pred(b)));
        return;
    }
    let start = out.as_ptr() as usize - input.as_ptr() as usize;
    let end = start + out.len();
    assert!(input[..start].iter().chain(&input[end..]).all(|&b| pred(b)));
}

fuzz_target!(|data: &[u8]| {
    let input = Input::new(data);
    let bytes = input.field(0);
    for &b in bytes.iter().take(8) {
        assert_eq!(is_python_space_byte(b), reference::py_isspace(b));
        assert_eq!(is_ows(b), b == b' ' || b == b'\t');
    }
    let stripped = strip_python(bytes);
    assert_eq!(stripped, reference::py_strip(bytes));
    check_trim(bytes, stripped, is_python_space_byte);
    check_trim(bytes, trim_ows(bytes), is_ows);
    let pivot = input.flags;
    check_trim(bytes, trim_by(bytes, |b| b <= pivot), |b| b <= pivot);

    let text = input.text(1);
    for c in text.chars().take(8) {
        assert_eq!(is_python_space(c), reference::py_isspace_char(c), "{c:?}");
    }
    let s = strip_python_str(&text);
    assert!(inside(s.as_bytes(), text.as_bytes()));
    let expected = text.trim_matches(reference::py_isspace_char);
    assert_eq!(s, expected);
    assert_eq!(
        split_python(&text).collect::<Vec<_>>(),
        reference::py_split(&text)
    );
});
