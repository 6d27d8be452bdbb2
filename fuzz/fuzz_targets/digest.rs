//! The RFC 7616 auth-param tokenizer on arbitrary credentials: no panic,
//! bounded work, views into the input, unescaping fits a buffer the size of
//! the value, and the iterator stops after an error.
#![no_main]

use authparse::authorization::is_tchar;
use authparse::digest::{is_valid_response, params};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (start, end) = (data.as_ptr() as usize, data.as_ptr() as usize + data.len());
    let inside = |s: &[u8]| {
        s.is_empty() || (s.as_ptr() as usize >= start && s.as_ptr() as usize + s.len() <= end)
    };

    let mut count = 0usize;
    let mut it = params(data);
    for param in it.by_ref() {
        count += 1;
        assert!(count <= data.len(), "more parameters than input bytes");
        let Ok(param) = param else { break };
        assert!(inside(param.name) && inside(param.value));
        assert!(!param.name.is_empty() && param.name.iter().all(|&b| is_tchar(b)));
        if !param.quoted {
            assert!(!param.value.is_empty() && param.value.iter().all(|&b| is_tchar(b)));
        }
        let mut buf = vec![0u8; param.value.len()];
        let unescaped = param
            .unescaped(&mut buf)
            .expect("unescaped value fits the raw length");
        assert!(unescaped.len() <= param.value.len());
        if !param.value.contains(&b'\\') || !param.quoted {
            assert_eq!(unescaped, param.value);
        }
    }
    // Fused after the end or the first error.
    assert!(it.next().is_none());
    let _ = is_valid_response(data);
});
