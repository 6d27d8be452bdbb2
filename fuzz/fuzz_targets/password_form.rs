//! Both password-form classes in both profiles on arbitrary bodies.
//!
//! Input: flags (bits 0–1 pick the Content-Type: urlencoded, multipart with
//! field 0 as boundary, field 0 verbatim, none), then fields 0 (boundary
//! or Content-Type) and 1 (the body).
//!
//! - urlencoded in the FastAPI profile: the decision and the 422/400 body
//!   are byte for byte a transcription of FastAPI + Starlette (spec §6.3,
//!   §6.5; `authparse_fuzz::reference::fastapi_form_urlencoded`);
//! - any body: twice its length is always enough buffer, the reported
//!   `needed` is exact, every text view lies in the body or the buffer;
//!   `write_body` reports its exact size and writes JSON of the documented
//!   shape;
//! - the profiles agree: a form the strict profile accepts from an ASCII
//!   body is the same form for `OAuth2PasswordRequestFormStrict` in the
//!   FastAPI profile.
#![no_main]

use authparse::form::FormOutcome;
use authparse::{Profile, Request};
use authparse_fuzz::reference::{fastapi_form_urlencoded, FormDecision};
use authparse_fuzz::{check_needed, form_class, form_fields, inside_any, Input, Span};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

/// The decision as owned values: the six fields, or the status and body.
fn decision(outcome: &FormOutcome<'_>) -> FormDecision {
    match outcome {
        FormOutcome::Form(f) => FormDecision::Form(form_fields(f).map(|v| v.map(str::to_owned))),
        other => {
            let body = check_needed(4096, |buf| Ok(other.write_body(buf)?.as_bytes().to_vec()))
                .expect("write_body");
            FormDecision::Failure(other.status(), String::from_utf8(body).unwrap())
        }
    }
}

fn views<'a>(outcome: &FormOutcome<'a>) -> Vec<&'a [u8]> {
    match outcome {
        FormOutcome::Form(f) => form_fields(f)
            .into_iter()
            .flatten()
            .map(str::as_bytes)
            .collect(),
        FormOutcome::Invalid(errors) => errors
            .iter()
            .filter_map(|e| match e {
                authparse::form::FieldError::PatternMismatch { input } => Some(input.as_bytes()),
                _ => None,
            })
            .collect(),
        FormOutcome::Rejected(..) => Vec::new(),
    }
}

fn check_body_shape(d: &FormDecision, profile: Profile) {
    let FormDecision::Failure(status, body) = d else {
        return;
    };
    let json: Value = serde_json::from_str(body).expect("the body is JSON");
    match (status, profile) {
        (422, _) => {
            let list = json["detail"].as_array().expect("422 detail list");
            assert!((1..=3).contains(&list.len()));
        }
        (400, Profile::FastApi) => assert!(json["detail"].is_string()),
        (400, Profile::Strict) => {
            assert!(json["error"].is_string() && json["error_description"].is_string())
        }
        _ => panic!("status {status}"),
    }
}

fuzz_target!(|data: &[u8]| {
    let input = Input::new(data);
    let body = input.field(1);
    let content_type: Vec<u8> = match input.flags & 3 {
        0 => b"application/x-www-form-urlencoded".to_vec(),
        1 => [b"multipart/form-data; boundary=", input.field(0)].concat(),
        2 => input.field(0).to_vec(),
        _ => Vec::new(),
    };
    let headers = [(&b"content-type"[..], &content_type[..])];
    let req = Request::new(if input.flags & 3 == 3 {
        &[][..]
    } else {
        &headers[..]
    })
    .with_body(body);

    let mut decisions = Vec::new();
    for (strict_class, profile) in [
        (false, Profile::FastApi),
        (true, Profile::FastApi),
        (false, Profile::Strict),
        (true, Profile::Strict),
    ] {
        let class = form_class(strict_class, profile);
        let mut owned = None;
        check_needed(2 * body.len(), |buf| {
            let span = Span::of(buf);
            let outcome = class.extract(&req, buf)?;
            for v in views(&outcome) {
                assert!(
                    inside_any(v, &[body.into(), span]),
                    "a view outside the body and buffer"
                );
            }
            let d = decision(&outcome);
            let bytes = format!("{d:?}").into_bytes();
            owned = Some(d);
            Ok(bytes)
        })
        .expect("twice the body length is enough");
        let d = owned.unwrap();
        check_body_shape(&d, profile);
        if profile == Profile::FastApi && input.flags & 3 == 0 {
            assert_eq!(
                d,
                fastapi_form_urlencoded(body, strict_class),
                "differs from FastAPI"
            );
        }
        decisions.push(d);
    }
    if body.is_ascii() && matches!(decisions[3], FormDecision::Form(_)) {
        assert_eq!(
            decisions[1], decisions[3],
            "profiles disagree on a valid RFC 6749 form"
        );
    }
});
