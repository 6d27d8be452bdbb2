//! `authorization::split` (FastAPI's `get_authorization_scheme_param`) and
//! `split_strict` on arbitrary header values: never panic, return views
//! into the input, and keep their documented shape.
#![no_main]

use authparse::authorization::{is_tchar, is_token68, scheme_is, split, split_strict};
use libfuzzer_sys::fuzz_target;

fn is_view_into(part: &[u8], whole: &[u8]) -> bool {
    let (start, end) = (
        whole.as_ptr() as usize,
        whole.as_ptr() as usize + whole.len(),
    );
    let p = part.as_ptr() as usize;
    part.is_empty() || (p >= start && p + part.len() <= end)
}

fuzz_target!(|data: &[u8]| {
    let (scheme, credentials) = split(data);
    assert!(is_view_into(scheme, data) && is_view_into(credentials, data));
    // The scheme is everything before the first space (or the whole value).
    assert!(data.starts_with(scheme));
    assert!(!scheme.contains(&b' '));
    match data.iter().position(|&b| b == b' ') {
        Some(i) => assert_eq!(scheme.len(), i),
        None => assert!(scheme.len() == data.len() && credentials.is_empty()),
    }
    let _ = scheme_is(scheme, "basic");

    if let Some((scheme, credentials)) = split_strict(data) {
        assert!(is_view_into(scheme, data) && is_view_into(credentials, data));
        assert!(!scheme.is_empty() && scheme.iter().all(|&b| is_tchar(b)));
        assert!(!credentials.is_empty());
        // No leading SP (the 1*SP separator is consumed) and no trailing OWS
        // (the value is OWS-trimmed). A leading HTAB after the SP run is
        // currently let through, although the doc comment says "free of
        // leading whitespace": reported, not asserted here.
        assert!(credentials.first() != Some(&b' '));
        assert!(credentials.last() != Some(&b' ') && credentials.last() != Some(&b'\t'));
        assert!(!credentials
            .iter()
            .any(|&b| b < 0x20 && b != b'\t' || b == 0x7f));
        let _ = is_token68(credentials);
    }
    let _ = is_token68(data);
});
