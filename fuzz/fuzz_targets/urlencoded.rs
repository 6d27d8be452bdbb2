//! Urlencoded splitting and both component decoders on arbitrary bytes.
//!
//! - `pairs` splits like `parse_qsl(keep_blank_values=True)` and like
//!   `form_urlencoded::parse`; names and values are views into the input;
//! - `decode` equals Starlette's `unquote_plus(s.decode("latin-1"))`
//!   (transcribed), `decoded_chars` and `component_eq` agree with it, and
//!   `decoded_len` is the exact buffer size;
//! - `decode_strict` equals `form_urlencoded`'s decoding whenever that is
//!   valid UTF-8 and fails with `InvalidUtf8` otherwise; `decoded_len_strict`
//!   is exact;
//! - the profiles agree on ASCII input that decodes to valid UTF-8;
//! - `find_last` is Starlette's last-wins lookup;
//! - round trip: `form_urlencoded::byte_serialize` of a valid UTF-8 value
//!   decodes back to it in both profiles.
#![no_main]

use authparse::urlencoded::{
    component_eq, component_eq_strict, decode, decode_strict, decoded_chars, decoded_len,
    decoded_len_strict, find_last, needs_decoding_strict, pairs,
};
use authparse::Error;
use authparse_fuzz::{check_needed, inside, reference, Input, Span};
use libfuzzer_sys::fuzz_target;

fn check_component(raw: &[u8]) {
    let starlette = reference::unquote_plus(raw);
    let ours = check_needed(raw.len() * 2, |buf| {
        let span = Span::of(buf);
        let s = decode(raw, buf)?;
        assert!(inside(s.as_bytes(), raw) || inside(s.as_bytes(), span));
        Ok(s.as_bytes().to_vec())
    });
    // (Raw input is returned as is only when it is ASCII without `%`/`+`.)
    assert_eq!(
        ours.as_deref(),
        Ok(starlette.as_bytes()),
        "decode differs from Starlette"
    );
    assert_eq!(decoded_chars(raw).collect::<String>(), starlette);
    assert_eq!(decoded_len(raw), starlette.len());
    assert!(component_eq(raw, &starlette));

    let whatwg = form_urlencoded::parse(&[b"k=", raw].concat())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default();
    let strict = check_needed(raw.len(), |buf| {
        let span = Span::of(buf);
        let s = decode_strict(raw, buf)?;
        assert!(inside(s.as_bytes(), raw) || inside(s.as_bytes(), span));
        Ok(s.as_bytes().to_vec())
    });
    match &strict {
        Ok(bytes) => {
            assert_eq!(
                bytes,
                whatwg.as_bytes(),
                "decode_strict differs from form_urlencoded"
            );
            assert!(component_eq_strict(raw, &whatwg));
            if raw.is_ascii() {
                assert_eq!(bytes, starlette.as_bytes(), "profiles disagree on ASCII");
            }
        }
        Err(e) => {
            assert_eq!(*e, Error::InvalidUtf8);
            assert!(whatwg.contains('\u{fffd}'));
        }
    }
    if let Ok(bytes) = &strict {
        if needs_decoding_strict(raw) {
            assert_eq!(decoded_len_strict(raw), bytes.len());
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let input = Input::new(data);
    let query = input.field(0);

    let ours: Vec<_> = pairs(query).map(|p| (p.name, p.value)).collect();
    assert_eq!(
        ours,
        reference::parse_qsl_raw(query),
        "split differs from parse_qsl"
    );
    let theirs: Vec<_> = form_urlencoded::parse(query).collect();
    assert_eq!(
        ours.len(),
        theirs.len(),
        "split differs from form_urlencoded"
    );
    for (name, value) in &ours {
        assert!(inside(name, query) && inside(value, query));
    }
    for (name, value) in ours.iter().take(16) {
        check_component(name);
        check_component(value);
    }

    // Last wins, compared on the decoded name.
    let wanted = input.text(1);
    let expected = ours
        .iter()
        .rev()
        .find(|(n, _)| reference::unquote_plus(n) == *wanted)
        .map(|(_, v)| *v);
    assert_eq!(find_last(query, &wanted), expected);

    // Round trip through form_urlencoded's encoder.
    let text = input.text(2);
    let encoded: String = form_urlencoded::byte_serialize(text.as_bytes()).collect();
    let mut buf = vec![0u8; text.len()];
    assert_eq!(
        decode(encoded.as_bytes(), &mut buf).map(str::to_owned),
        Ok(text.to_string())
    );
    assert_eq!(
        decode_strict(encoded.as_bytes(), &mut buf).map(str::to_owned),
        Ok(text.to_string())
    );
});
