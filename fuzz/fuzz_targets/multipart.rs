//! The multipart tokenizer on arbitrary Content-Type values and bodies.
//!
//! Checked whatever the exact parsing rules (they follow python-multipart
//! and may change): no panic; `boundary` is 1 to `MAX_BOUNDARY_LEN` (256)
//! bytes of the Content-Type; every part's name, filename, content type and data are views
//! into the body; there are fewer parts than body bytes and the iterator
//! stops for good after an error or the end. Round trip: a body written
//! with a fresh boundary from fuzz-chosen names and values yields exactly
//! those fields.
#![no_main]

use authparse::multipart::{boundary, parameter, parts, MAX_BOUNDARY_LEN};
use authparse_fuzz::{inside, Input};
use libfuzzer_sys::fuzz_target;

const BOUNDARY: &[u8] = b"----authparseFuzzBoundary7MA4YWxk";

fuzz_target!(|data: &[u8]| {
    let input = Input::new(data);
    let content_type = input.field(0);
    let body = input.field(1);

    if let Some(p) = parameter(content_type, input.field(2)) {
        assert!(inside(p, content_type));
    }
    let b = match boundary(content_type) {
        Some(b) => {
            assert!(inside(b, content_type) && !b.is_empty() && b.len() <= MAX_BOUNDARY_LEN);
            b
        }
        None if input.bit(0) => input.field(2),
        None => return check_round_trip(&input),
    };

    let mut it = parts(body, b);
    let mut count = 0usize;
    for part in it.by_ref() {
        count += 1;
        assert!(count <= body.len() + 1, "more parts than body bytes");
        let Ok(part) = part else { break };
        assert!(inside(part.name, body) && inside(part.data, body));
        assert!(part.filename.is_none_or(|f| inside(f, body)));
        assert!(part.content_type.is_none_or(|c| inside(c, body)));
    }
    assert!(it.next().is_none(), "not fused after the end or an error");
    check_round_trip(&input);
});

/// Fields 3, 4, … are `name=value` pairs; names keep to token characters so
/// that quoting is never needed, values never contain the boundary.
fn check_round_trip(input: &Input<'_>) {
    let mut fields = Vec::new();
    for f in input.fields().iter().skip(3).take(8) {
        let (name, value) = match f.iter().position(|&b| b == b'=') {
            Some(i) => (&f[..i], &f[i + 1..]),
            None => (&f[..], &b""[..]),
        };
        let name_ok =
            !name.is_empty() && name.iter().all(|&b| b.is_ascii_alphanumeric() || b == b'_');
        if !name_ok || value.windows(BOUNDARY.len()).any(|w| w == BOUNDARY) {
            return;
        }
        fields.push((name, value));
    }
    let mut body = Vec::new();
    for (name, value) in &fields {
        body.extend_from_slice(b"--");
        body.extend_from_slice(BOUNDARY);
        body.extend_from_slice(b"\r\nContent-Disposition: form-data; name=\"");
        body.extend_from_slice(name);
        body.extend_from_slice(b"\"\r\n\r\n");
        body.extend_from_slice(value);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(b"--");
    body.extend_from_slice(BOUNDARY);
    body.extend_from_slice(b"--\r\n");
    let got: Vec<(&[u8], &[u8])> = parts(&body, BOUNDARY)
        .map(|p| {
            p.map(|p| (p.name, p.data))
                .expect("a well-formed body parses")
        })
        .collect();
    assert_eq!(got, fields, "round trip");
}
