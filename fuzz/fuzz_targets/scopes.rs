//! Scope strings and `SecurityScopes`.
//!
//! - `split` in the FastAPI profile is Python's `str.split()`
//!   (transcribed); in the strict profile it is `str.split(' ')` with an
//!   empty string giving nothing; tokens are views of the input;
//! - `validate_strict` accepts exactly `1*NQCHAR *( SP 1*NQCHAR )` or "";
//!   on such strings both profiles split alike;
//! - `first_missing` / `covers` equal the naive "first required scope not
//!   among the tokens", for any number of required scopes;
//! - `SecurityScopes::from_chain` follows spec §7 (parents concatenated,
//!   the node's own scopes appended unless present); `scope_str` and
//!   `challenge` report their exact size, and `scope_str` split on SP gives
//!   the scopes back when none contains SP or is empty.
#![no_main]

use authparse::scopes::{covers, first_missing, is_nqchar, split, validate_strict, SecurityScopes};
use authparse::{Error, Profile};
use authparse_fuzz::{check_needed, inside, reference, Input};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let input = Input::new(data);
    let granted = input.text(0);
    let granted: &str = &granted;

    let fastapi: Vec<&str> = split(granted, Profile::FastApi).collect();
    assert_eq!(
        fastapi,
        reference::py_split(granted),
        "differs from str.split()"
    );
    let strict: Vec<&str> = split(granted, Profile::Strict).collect();
    let expected: Vec<&str> = if granted.is_empty() {
        vec![]
    } else {
        granted.split(' ').collect()
    };
    assert_eq!(strict, expected);
    for t in fastapi.iter().chain(&strict) {
        assert!(inside(t.as_bytes(), granted.as_bytes()));
    }

    let valid = granted.is_empty()
        || granted
            .split(' ')
            .all(|t| !t.is_empty() && t.bytes().all(is_nqchar));
    assert_eq!(validate_strict(granted).is_ok(), valid);
    if valid {
        assert_eq!(fastapi, strict, "profiles disagree on an RFC 6749 scope");
    }

    // Required scopes: fields 1.. (up to 80, beyond the 64-bit fast path).
    let owned: Vec<String> = (1..input.fields().len().min(81))
        .map(|i| input.text(i).into_owned())
        .collect();
    let required: Vec<&str> = owned.iter().map(String::as_str).collect();
    for profile in [Profile::FastApi, Profile::Strict] {
        let tokens: Vec<&str> = split(granted, profile).collect();
        let naive = required.iter().copied().find(|r| !tokens.contains(r));
        assert_eq!(first_missing(granted, &required, profile), naive);
        assert_eq!(covers(granted, &required, profile), naive.is_none());
    }

    // SecurityScopes along a chain: field i goes to level flags-chosen.
    let levels_n = usize::from(input.flags % 4) + 1;
    let mut levels: Vec<Vec<&str>> = vec![Vec::new(); levels_n];
    for (i, r) in required.iter().enumerate() {
        levels[i % levels_n].push(r);
    }
    let level_refs: Vec<&[&str]> = levels.iter().map(Vec::as_slice).collect();
    let mut want: Vec<&str> = levels[..levels_n - 1].concat();
    for s in &levels[levels_n - 1] {
        if !want.contains(s) {
            want.push(s);
        }
    }
    let total: usize = levels.iter().map(Vec::len).sum();
    match SecurityScopes::<'_, 16>::from_chain(&level_refs) {
        Ok(s) => {
            assert_eq!(s.scopes(), want.as_slice());
            let joined = want.join(" ");
            let got = check_needed(joined.len() + 16, |b| {
                Ok(s.scope_str(b)?.as_bytes().to_vec())
            });
            assert_eq!(got.as_deref(), Ok(joined.as_bytes()));
            // A scope with a control byte (HTAB aside) or DEL would put it
            // in a header line: refused, whatever the buffer.
            let header_safe = joined.bytes().all(|b| b >= 0x20 && b != 0x7F || b == b'\t');
            let challenge = if want.is_empty() {
                Ok("Bearer".to_owned())
            } else if header_safe {
                Ok(format!("Bearer scope=\"{joined}\""))
            } else {
                Err(Error::InvalidConfiguration)
            };
            let got = check_needed(joined.len() + 32, |b| {
                Ok(s.challenge(b)?.as_bytes().to_vec())
            });
            assert_eq!(got.as_deref(), challenge.as_ref().map(String::as_bytes));
            if want.iter().all(|w| !w.is_empty() && !w.contains(' ')) && !want.is_empty() {
                assert_eq!(joined.split(' ').collect::<Vec<_>>(), want, "round trip");
            }
        }
        Err(e) => {
            assert!(want.len() > 16, "{e:?} for {} scopes", want.len());
            assert_eq!(e, Error::TooManyItems { needed: total });
        }
    }
    match SecurityScopes::<'_, 16>::new(&required) {
        Ok(s) => assert_eq!(s.scopes(), required.as_slice()),
        Err(e) => assert_eq!(
            (e, required.len() > 16),
            (
                Error::TooManyItems {
                    needed: required.len()
                },
                true
            )
        ),
    };
});
