//! `Challenge::render`, `Failure::write_response` and
//! `write_failure_response` for every challenge kind and arbitrary realm /
//! scheme text, reached through the classes that produce them.
//!
//! - `rendered_len` and the reported `needed` are exact;
//! - the challenge is FastAPI's: `Basic realm="<verbatim>"` (FastAPI
//!   profile), RFC 7617 quoting with `charset="UTF-8"` (strict), `str.title()`
//!   of an ASCII `HTTPBase` scheme;
//! - the response parses with `httparse` as HTTP/1.1 with the failure's
//!   status, the headers in FastAPI's order, `www-authenticate` equal to the
//!   rendered challenge and a body of exactly `content-length` bytes, which
//!   is `Failure::body()`.
#![no_main]

use std::fmt::Write as _;

use authparse::{write_failure_response, Challenge, HttpBase, HttpBasic, Profile, Request};
use authparse_fuzz::{check_needed, reference, Input};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let input = Input::new(data);
    let text = input.text(0);
    let profile = if input.bit(0) {
        Profile::Strict
    } else {
        Profile::FastApi
    };
    let none: [(&str, &str); 0] = [];
    let req = Request::new(&none);

    let challenge = match input.flags >> 1 & 7 {
        0 => Challenge::Basic {
            realm: Some(&text),
            profile,
        },
        1 => Challenge::Basic {
            realm: None,
            profile,
        },
        2 => Challenge::Bearer,
        3 => Challenge::Digest,
        4 => Challenge::ApiKey,
        _ => Challenge::Custom(&text),
    };
    let rendered = check_needed(challenge.rendered_len() + 1, |b| {
        Ok(challenge.render(b)?.as_bytes().to_vec())
    });
    let configured = match challenge {
        Challenge::Basic { realm, .. } => realm.unwrap_or(""),
        Challenge::Custom(s) => s,
        _ => "",
    };
    if configured.bytes().any(unsafe_in_header) {
        // No header value can carry it: rendering is refused, not split.
        assert_eq!(rendered.err(), Some(authparse::Error::InvalidConfiguration));
        return;
    }
    let rendered = rendered.expect("a challenge renders");
    assert_eq!(rendered.len(), challenge.rendered_len());
    let rendered = String::from_utf8(rendered).unwrap();
    let expected = match challenge {
        Challenge::Basic {
            realm,
            profile: Profile::FastApi,
        } => match realm {
            Some(r) if !r.is_empty() => format!("Basic realm=\"{r}\""),
            _ => "Basic".into(),
        },
        Challenge::Basic {
            realm,
            profile: Profile::Strict,
        } => match realm {
            Some(r) => format!(
                "Basic realm=\"{}\", charset=\"UTF-8\"",
                r.replace('\\', "\\\\").replace('"', "\\\"")
            ),
            None => "Basic charset=\"UTF-8\"".into(),
        },
        Challenge::Bearer => "Bearer".into(),
        Challenge::Digest => "Digest".into(),
        Challenge::ApiKey => "APIKey".into(),
        Challenge::Custom(s) if s.is_ascii() => reference::ascii_title(s),
        Challenge::Custom(_) => rendered.clone(),
    };
    assert_eq!(rendered, expected);
    // The header's bytes: Starlette's Latin-1 encoding of that text.
    let wire = check_needed(rendered.len() + 1, |b| {
        Ok(challenge.render_bytes(b)?.to_vec())
    });
    match wire_bytes(&challenge, &rendered) {
        Some(bytes) => assert_eq!(wire, Ok(bytes)),
        None => assert_eq!(wire, Err(authparse::Error::InvalidConfiguration)),
    }

    // A real failure of a class that sends this challenge.
    let failure = match challenge {
        Challenge::Basic {
            realm: Some(r),
            profile,
        } => HttpBasic::new()
            .realm(r)
            .profile(profile)
            .extract(&req, &mut []),
        Challenge::Basic {
            realm: None,
            profile,
        } => HttpBasic::new().profile(profile).extract(&req, &mut []),
        _ => Ok(HttpBase::new(&text).extract(&req).map(|_| unreachable!())),
    }
    .unwrap();
    let failure = *failure.failure().expect("no credentials: a failure");
    let status = if input.bit(4) { 400 } else { 401 };
    // `Display` refuses (fmt::Error) exactly what `render` refuses: a
    // configured byte no header value can carry (`None` here).
    let mut shown = String::new();
    let failure_text = write!(shown, "{}", failure.challenge).ok().map(|()| shown);
    let renders = failure
        .challenge
        .render(&mut vec![0u8; failure.challenge.rendered_len() + 1])
        .is_ok();
    assert_eq!(failure_text.is_some(), renders);
    let big = 2 * (rendered.len() + failure_text.as_ref().map_or(0, String::len)) + 256;
    for (status, sent, challenge_text, response) in [
        (
            failure.status,
            failure.challenge,
            failure_text,
            check_needed(big, |b| Ok(failure.write_response(b)?.to_vec())),
        ),
        (
            status,
            challenge,
            Some(rendered.clone()),
            check_needed(big, |b| {
                Ok(write_failure_response(status, &challenge, b)?.to_vec())
            }),
        ),
    ] {
        let Some(challenge_text) = challenge_text.filter(|t| !t.bytes().any(unsafe_in_header))
        else {
            // A scheme no header value can carry: the response is refused.
            assert_eq!(response.err(), Some(authparse::Error::InvalidConfiguration));
            continue;
        };
        let Some(value) = wire_bytes(&sent, &challenge_text) else {
            // A character Latin-1 lacks: FastAPI answers 500, authparse refuses.
            assert_eq!(response.err(), Some(authparse::Error::InvalidConfiguration));
            continue;
        };
        let response = response.expect("a response fits");
        let mut headers = [httparse::EMPTY_HEADER; 8];
        let mut parsed = httparse::Response::new(&mut headers);
        let httparse::Status::Complete(head_len) = parsed.parse(&response).expect("valid HTTP/1.1")
        else {
            panic!("incomplete response head");
        };
        assert_eq!(parsed.version, Some(1));
        assert_eq!(parsed.code, Some(status));
        let names: Vec<&str> = parsed.headers.iter().map(|h| h.name).collect();
        assert_eq!(
            names,
            ["www-authenticate", "content-length", "content-type"]
        );
        // httparse trims the value's surrounding whitespace; so does every client.
        assert_eq!(parsed.headers[0].value, value.trim_ascii());
        let body = &response[head_len..];
        assert_eq!(parsed.headers[1].value, body.len().to_string().as_bytes());
        assert_eq!(parsed.headers[2].value, b"application/json");
        let expected_body = if status == 400 {
            authparse::BAD_REQUEST_BODY
        } else {
            authparse::NOT_AUTHENTICATED_BODY
        };
        assert_eq!(body, expected_body.as_bytes());
        if status == failure.status {
            assert_eq!(body, failure.body().as_bytes());
        }
    }
});

/// The bytes `text` (the challenge's rendering) is sent as: UTF-8 for the
/// strict Basic challenge, else Latin-1 (`None` past U+00FF).
fn wire_bytes(challenge: &Challenge<'_>, text: &str) -> Option<Vec<u8>> {
    match challenge {
        Challenge::Basic {
            profile: Profile::Strict,
            ..
        } => Some(text.as_bytes().to_vec()),
        _ => text.chars().map(|c| u8::try_from(c).ok()).collect(),
    }
}

/// A byte no header value can carry (CTL except HTAB).
fn unsafe_in_header(b: u8) -> bool {
    (b < 0x20 && b != b'\t') || b == 0x7f
}
