//! `authparse_password_form_extract` / `_render_body` and the scope entry
//! points (`authparse_scopes_*`, `authparse_security_scopes_*`) on arbitrary
//! bodies and scope strings, through their `extern "C"` bodies.
//!
//! Each decides what the core decides: the form's kind, status, field
//! views (in the body or the buffer), errors and rejection, and the body
//! rendered byte for byte; split tokens, the first missing scope, the
//! merged `SecurityScopes`, `scope_str` and the challenge. Buffered calls
//! report exact sizes; short token arrays give `TOO_MANY_ITEMS` with the
//! count needed.
#![no_main]

use authparse::form::FormOutcome;
use authparse::scopes::{self, SecurityScopes};
use authparse::{Profile, Request};
use authparse_ffi::*;
use authparse_fuzz::abi::{buffered, bytes, view};
use authparse_fuzz::{form_class, form_fields, inside_any, Input};
use libfuzzer_sys::fuzz_target;

fn check_form(input: &Input<'_>, body: &[u8]) {
    let content_type: &[u8] = match input.flags & 3 {
        0 => b"application/x-www-form-urlencoded",
        1 => b"multipart/form-data; boundary=XyZ",
        2 => input.field(2),
        _ => b"text/plain",
    };
    let lines = [(&b"Content-Type"[..], content_type)];
    let c_headers = [unsafe { authparse_header::new(view(lines[0].0), view(lines[0].1)) }];
    let c_req =
        unsafe { authparse_request::new(c_headers.as_ptr(), 1, authparse_str::EMPTY, view(body)) };
    let req = Request::new(&lines).with_body(body);
    for (strict_class, profile) in [
        (false, Profile::FastApi),
        (true, Profile::FastApi),
        (true, Profile::Strict),
    ] {
        let class = form_class(strict_class, profile);
        let mut rbuf = vec![0u8; 2 * body.len()];
        let rust = class
            .extract(&req, &mut rbuf)
            .expect("twice the body is enough");
        let cfg = authparse_password_form_config {
            grant_type_required: strict_class,
            profile: if profile == Profile::Strict {
                AUTHPARSE_PROFILE_STRICT
            } else {
                AUTHPARSE_PROFILE_FASTAPI
            },
            max_fields: 0,
            max_field_size: 0,
        };
        let mut result = authparse_password_form_result::default();
        let mut fields: Option<Vec<Vec<u8>>> = None;
        let mut rendered = None;
        let (status, _) = buffered(
            2 * body.len(),
            &[body, content_type],
            &mut |b, n, out, need| unsafe {
                let s = authparse_password_form_extract(&cfg, &c_req, b, n, &mut result, need);
                if s == AUTHPARSE_STATUS_OK {
                    let whole: &[u8] = if n == 0 {
                        &[]
                    } else {
                        std::slice::from_raw_parts(b, n)
                    };
                    let views = [
                        result.grant_type,
                        result.username,
                        result.password,
                        result.scope,
                        result.client_id,
                        result.client_secret,
                    ];
                    for v in &views {
                        assert!(
                            inside_any(bytes(v), &[body.into(), whole.into()]),
                            "form view outside body and buffer"
                        );
                    }
                    *out = result.username;
                    fields = Some(views.iter().map(|v| bytes(v).to_vec()).collect());
                    // Render while the views are alive.
                    let mut want = vec![0u8; 1024 + body.len() * 6];
                    let want = rust.write_body(&mut want).unwrap().as_bytes().to_vec();
                    let r = result;
                    let (rs, got) = buffered(want.len(), &[], &mut |b, n, o, need| {
                        authparse_password_form_render_body(&r, b, n, o, need)
                    });
                    rendered = Some((rs, got, want));
                }
                s
            },
        );
        assert_eq!(status, AUTHPARSE_STATUS_OK);
        assert_eq!(result.http_status, rust.status());
        let (rs, got, want) = rendered.unwrap();
        assert_eq!(
            (rs, got),
            (AUTHPARSE_STATUS_OK, want),
            "rendered body differs"
        );
        match &rust {
            FormOutcome::Form(f) => {
                assert_eq!(result.kind, AUTHPARSE_FORM_VALID);
                let want: Vec<Vec<u8>> = form_fields(f)
                    .iter()
                    .map(|v| v.unwrap_or_default().as_bytes().to_vec())
                    .collect();
                assert_eq!(fields.unwrap(), want);
                assert_eq!(
                    (
                        result.has_grant_type,
                        result.has_client_id,
                        result.has_client_secret
                    ),
                    (
                        f.grant_type.is_some(),
                        f.client_id.is_some(),
                        f.client_secret.is_some()
                    )
                );
            }
            FormOutcome::Invalid(errors) => {
                assert_eq!(
                    (result.kind, result.error_count),
                    (AUTHPARSE_FORM_INVALID, errors.len())
                );
            }
            FormOutcome::Rejected(..) => assert_eq!(result.kind, AUTHPARSE_FORM_REJECTED),
        }
    }
}

fn check_scopes(input: &Input<'_>) {
    let granted = input.field(0);
    let required_owned: Vec<&[u8]> = input.fields().iter().skip(3).take(70).copied().collect();
    let required: Vec<authparse_str> = required_owned.iter().map(|r| view(r)).collect();
    for (profile, code) in [
        (Profile::FastApi, AUTHPARSE_PROFILE_FASTAPI),
        (Profile::Strict, AUTHPARSE_PROFILE_STRICT),
    ] {
        let mut count = 0usize;
        let mut tokens = vec![authparse_str::EMPTY; 8];
        let status = unsafe {
            authparse_scopes_split(
                granted.as_ptr(),
                granted.len(),
                code,
                tokens.as_mut_ptr(),
                tokens.len(),
                &mut count,
            )
        };
        let Ok(text) = std::str::from_utf8(granted) else {
            assert_eq!(status, AUTHPARSE_STATUS_INVALID_UTF8);
            continue;
        };
        let want: Vec<&str> = scopes::split(text, profile).collect();
        assert_eq!(count, want.len());
        if want.len() > tokens.len() {
            assert_eq!(status, AUTHPARSE_STATUS_TOO_MANY_ITEMS);
        } else {
            assert_eq!(status, AUTHPARSE_STATUS_OK);
        }
        for (t, w) in tokens.iter().zip(&want) {
            assert_eq!(unsafe { bytes(t) }, w.as_bytes());
            assert!(w.is_empty() || t.ptr() == w.as_ptr(), "token is not a view");
        }
        let status = unsafe { authparse_scopes_validate_strict(granted.as_ptr(), granted.len()) };
        let want = if scopes::validate_strict(text).is_ok() {
            AUTHPARSE_STATUS_OK
        } else {
            AUTHPARSE_STATUS_MALFORMED
        };
        assert_eq!(status, want);

        let mut index = usize::MAX;
        let status = unsafe {
            authparse_scopes_first_missing(
                granted.as_ptr(),
                granted.len(),
                code,
                required.as_ptr(),
                required.len(),
                &mut index,
            )
        };
        let mut covered = false;
        let cstatus = unsafe {
            authparse_scopes_covers(
                granted.as_ptr(),
                granted.len(),
                code,
                required.as_ptr(),
                required.len(),
                &mut covered,
            )
        };
        assert_eq!(status, cstatus);
        // The first required scope that is not UTF-8 or not granted.
        let expected =
            required_owned
                .iter()
                .enumerate()
                .find_map(|(i, r)| match std::str::from_utf8(r) {
                    Err(_) => Some(Err(AUTHPARSE_STATUS_CONFIG_NOT_UTF8)),
                    Ok(r) => (!scopes::covers(text, &[r], profile)).then_some(Ok(i)),
                });
        match expected {
            Some(Err(s)) => assert_eq!(status, s),
            Some(Ok(i)) => assert_eq!((status, index, covered), (AUTHPARSE_STATUS_OK, i, false)),
            None => assert_eq!(
                (status, index, covered),
                (AUTHPARSE_STATUS_OK, required.len(), true)
            ),
        }
    }

    // SecurityScopes over up to three levels of the UTF-8 required scopes.
    let texts: Vec<&str> = required_owned
        .iter()
        .filter_map(|r| std::str::from_utf8(r).ok())
        .take(20)
        .collect();
    let n_levels = usize::from(input.flags >> 2 & 3) + 1;
    let mut levels: Vec<Vec<&str>> = vec![Vec::new(); n_levels];
    for (i, t) in texts.iter().enumerate() {
        levels[i % n_levels].push(t);
    }
    let views: Vec<Vec<authparse_str>> = levels
        .iter()
        .map(|l| l.iter().map(|s| view(s.as_bytes())).collect())
        .collect();
    let lists: Vec<authparse_scope_list> = views
        .iter()
        .map(|v| authparse_scope_list {
            scopes: v.as_ptr(),
            count: v.len(),
        })
        .collect();
    let refs: Vec<&[&str]> = levels.iter().map(Vec::as_slice).collect();
    let rust = SecurityScopes::<'_, 64>::from_chain(&refs).expect("at most 20 scopes");
    let mut out = vec![authparse_str::EMPTY; 64];
    let mut count = 0usize;
    let status = unsafe {
        authparse_security_scopes_from_chain(
            lists.as_ptr(),
            lists.len(),
            out.as_mut_ptr(),
            out.len(),
            &mut count,
        )
    };
    assert_eq!((status, count), (AUTHPARSE_STATUS_OK, rust.scopes().len()));
    let merged: Vec<&[u8]> = out[..count].iter().map(|s| unsafe { bytes(s) }).collect();
    assert_eq!(
        merged,
        rust.scopes()
            .iter()
            .map(|s| s.as_bytes())
            .collect::<Vec<_>>()
    );
    if count > 0 {
        let mut short = 0usize;
        let status = unsafe {
            authparse_security_scopes_from_chain(
                lists.as_ptr(),
                lists.len(),
                out.as_mut_ptr(),
                count - 1,
                &mut short,
            )
        };
        assert_eq!((status, short), (AUTHPARSE_STATUS_TOO_MANY_ITEMS, count));
    }
    let inputs = merged;
    let mut want = vec![0u8; 64 + 2 * inputs.iter().map(|i| i.len()).sum::<usize>()];
    let want_str = rust.scope_str(&mut want).unwrap().as_bytes().to_vec();
    let (s, got) = buffered(want.len(), &inputs, &mut |b, n, o, need| unsafe {
        authparse_security_scopes_scope_str(out.as_ptr(), count, b, n, o, need)
    });
    assert_eq!((s, got), (AUTHPARSE_STATUS_OK, want_str));
    // A scope with a control byte is refused on both sides (CR/LF would
    // split the WWW-Authenticate line).
    let (s, got) = buffered(want.len(), &inputs, &mut |b, n, o, need| unsafe {
        authparse_security_scopes_challenge(out.as_ptr(), count, b, n, o, need)
    });
    match rust.challenge(&mut want) {
        Ok(want_ch) => assert_eq!((s, got), (AUTHPARSE_STATUS_OK, want_ch.as_bytes().to_vec())),
        Err(authparse::Error::InvalidConfiguration) => {
            assert_eq!(s, AUTHPARSE_STATUS_INVALID_CONFIGURATION)
        }
        Err(e) => panic!("challenge: {e:?}"),
    }
}

fuzz_target!(|data: &[u8]| {
    let input = Input::new(data);
    check_form(&input, input.field(1));
    check_scopes(&input);
});
