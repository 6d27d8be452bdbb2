//! The `Cookie` tokenizers on one arbitrary header value.
//!
//! - `pairs` + `unquoted` equal Starlette's `cookie_parser` with
//!   `http.cookies._unquote`, transcribed (`authparse_fuzz::reference`);
//!   `find_last` is that dict's lookup (last wins);
//! - names and values are views into the header; an unquoted value is a
//!   view or lies in the buffer, whose exact size is reported;
//! - `pairs_strict` yields RFC 6265 pairs (token names, cookie-octet values);
//! - the profiles agree on RFC 6265 input: when every piece is a valid
//!   cookie-pair and no name repeats, both tokenizers give the same pairs.
#![no_main]

use authparse::authorization::is_tchar;
use authparse::cookie::{find_last, is_cookie_octet, pairs, pairs_strict};
use authparse_fuzz::{check_needed, inside, reference, Input, Span};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let input = Input::new(data);
    let header = input.field(0);
    let name = input.text(1);

    let mut ours = Vec::new();
    for pair in pairs(header) {
        assert!(inside(pair.name, header) && inside(pair.value, header));
        assert!(!pair.name.is_empty() || !pair.value.is_empty());
        let value = check_needed(pair.value.len(), |buf| {
            let span = Span::of(buf);
            let v = pair.unquoted(buf)?;
            assert!(inside(v, pair.value) || inside(v, span), "unquoted view");
            Ok(v.to_vec())
        })
        .expect("unquoting never fails with a big enough buffer");
        ours.push((pair.name.to_vec(), value));
    }
    assert_eq!(
        ours,
        reference::cookie_parser(header),
        "differs from Starlette"
    );

    // The dict lookup: the last assignment whose key is `name` (Latin-1).
    let key: Vec<u8> = name.chars().map(|c| u32::from(c) as u8).collect();
    let latin1_name = name.chars().all(|c| u32::from(c) < 0x100);
    let expected = ours
        .iter()
        .rev()
        .find(|(k, _)| latin1_name && *k == key)
        .map(|(_, v)| v.clone());
    let found = find_last([header].into_iter(), &name).map(|p| {
        assert!(inside(p.name, header) && inside(p.value, header));
        let mut buf = vec![0u8; p.value.len()];
        p.unquoted(&mut buf).unwrap().to_vec()
    });
    assert_eq!(found, expected, "find_last is not the dict lookup");

    let mut strict = Vec::new();
    let mut all_valid = true;
    for result in pairs_strict(header) {
        match result {
            Ok(p) => {
                assert!(inside(p.name, header) && inside(p.value, header));
                assert!(!p.name.is_empty() && p.name.iter().all(|&b| is_tchar(b)));
                assert!(p.value.iter().all(|&b| is_cookie_octet(b)));
                strict.push((p.name.to_vec(), p.value.to_vec()));
            }
            Err(_) => all_valid = false,
        }
    }
    let mut names: Vec<&Vec<u8>> = strict.iter().map(|(n, _)| n).collect();
    names.sort();
    names.dedup();
    if all_valid && names.len() == strict.len() {
        assert_eq!(ours, strict, "profiles disagree on an RFC 6265 header");
    }
});
