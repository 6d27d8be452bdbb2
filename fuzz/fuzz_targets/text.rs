//! Latin-1 text helpers on arbitrary bytes.
//!
//! - `latin1_to_utf8` writes one character per byte (round trip: the
//!   characters' code points are the input bytes), needs exactly
//!   `len + count(b >= 0x80)` bytes and reports that size;
//! - `latin1_eq(bytes, s)` holds exactly when `s` is that reading, and for
//!   no other text (checked against the UTF-8 reading and a one-character
//!   change).
#![no_main]

use authparse::text::{latin1_eq, latin1_to_utf8};
use authparse_fuzz::{check_needed, Input};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let input = Input::new(data);
    let bytes = input.field(0);
    let needed = bytes.len() + bytes.iter().filter(|&&b| b >= 0x80).count();
    let text = check_needed(needed, |buf| {
        Ok(latin1_to_utf8(bytes, buf)?.as_bytes().to_vec())
    })
    .expect("the stated size suffices");
    assert_eq!(text.len(), needed);
    let text = String::from_utf8(text).expect("UTF-8 output");
    let back: Vec<u8> = text
        .chars()
        .map(|c| u8::try_from(u32::from(c)).unwrap())
        .collect();
    assert_eq!(back, bytes, "round trip");

    assert!(latin1_eq(bytes, &text));
    let other = input.text(1);
    assert_eq!(latin1_eq(bytes, &other), *other == text);
    if let Ok(utf8) = std::str::from_utf8(bytes) {
        assert_eq!(latin1_eq(bytes, utf8), bytes.is_ascii());
    }
    let mut changed: Vec<char> = text.chars().collect();
    if let Some(c) = changed.last_mut() {
        *c = char::from_u32(u32::from(*c) ^ 1).unwrap();
        assert!(!latin1_eq(bytes, &changed.iter().collect::<String>()));
    }
});
