//! The C OpenAPI renderers (`authparse_openapi_scheme_render`,
//! `_schemes_render`, `_requirements_render`,
//! `_password_form_request_body_render`, `_password_form_schema_render`)
//! from fuzz-chosen configuration strings, through their `extern "C"` bodies.
//!
//! Each renders byte for byte what the Rust builder with the same settings
//! renders (or fails with the same status); the key and JSON views lie in
//! the configuration or the buffer; sizes are exact; a buffer overlapping
//! the configuration struct is `BUFFER_OVERLAP`; non-UTF-8 strings are
//! `CONFIG_NOT_UTF8`.
#![no_main]

use authparse::openapi::{
    OAuthFlow, OAuthFlows, PasswordFormBody, RawJson, Requirement, SecurityRequirements,
    SecurityScheme, SecuritySchemes,
};
use authparse::*;
use authparse_ffi::*;
use authparse_fuzz::abi::{buffered, bytes, view};
use authparse_fuzz::Input;
use libfuzzer_sys::fuzz_target;

fn struct_bytes<T>(t: &T) -> &[u8] {
    unsafe { std::slice::from_raw_parts((t as *const T).cast::<u8>(), std::mem::size_of::<T>()) }
}

fn rust_json(r: Result<&str, Error>) -> (authparse_status, Vec<u8>) {
    match r {
        Ok(s) => (AUTHPARSE_STATUS_OK, s.as_bytes().to_vec()),
        Err(e) => (e.code(), Vec::new()),
    }
}

fuzz_target!(|data: &[u8]| {
    let input = Input::new(data);
    let f: Vec<&[u8]> = (0..8).map(|i| input.field(i)).collect();
    let all_utf8 = f.iter().all(|b| std::str::from_utf8(b).is_ok());
    let t: Vec<&str> = f
        .iter()
        .map(|b| std::str::from_utf8(b).unwrap_or(""))
        .collect();
    let kind = u32::from(input.flags) % 12;
    let (has_name, has_desc, has_opt) = (input.bit(4), input.bit(5), input.bit(6));

    // The C description: every field set from the fields, as the class reads them.
    let c_scopes = [
        authparse_scope_description {
            name: view(f[5]),
            description: view(f[6]),
        },
        authparse_scope_description {
            name: view(f[6]),
            description: view(f[5]),
        },
    ];
    let c_extra = [authparse_json_member {
        key: view(f[7]),
        json: view(f[3]),
    }];
    let mut c_flows = unsafe { std::mem::zeroed::<authparse_openapi_flows>() };
    assert_eq!(
        unsafe { authparse_openapi_flows_init(&mut c_flows) },
        AUTHPARSE_STATUS_OK
    );
    c_flows.password.present = true;
    c_flows.password.token_url = view(f[2]);
    c_flows.password.scopes = c_scopes.as_ptr();
    c_flows.password.scope_count = 2;
    c_flows.password.extra = c_extra.as_ptr();
    c_flows.password.extra_count = usize::from(input.bit(7));
    let mut c = unsafe { std::mem::zeroed::<authparse_openapi_scheme>() };
    let init = unsafe { authparse_openapi_scheme_init(&mut c, kind) };
    assert_eq!(
        init,
        if kind == 0 {
            AUTHPARSE_STATUS_INVALID_ARGUMENT
        } else {
            AUTHPARSE_STATUS_OK
        }
    );
    c.has_scheme_name = has_name;
    c.scheme_name = view(f[0]);
    c.has_description = has_desc;
    c.description = view(f[1]);
    c.has_realm = has_opt;
    c.realm = view(f[2]);
    c.scheme = view(f[2]);
    c.name = view(f[2]);
    c.has_bearer_format = has_opt;
    c.bearer_format = view(f[3]);
    c.token_url = view(f[2]);
    c.has_refresh_url = has_opt;
    c.refresh_url = view(f[3]);
    c.authorization_url = view(f[4]);
    c.open_id_connect_url = view(f[4]);
    c.scopes = c_scopes.as_ptr();
    c.scope_count = 2;
    c.flows = &c_flows;

    // The same scheme built in Rust.
    let scopes = [(t[5], t[6]), (t[6], t[5])];
    let raw = RawJson::new(t[3]);
    let extra_store = raw.map(|r| [(t[7], r)]);
    let extra: &[(&str, RawJson<'_>)] = match (&extra_store, input.bit(7)) {
        (Ok(e), true) => e,
        _ => &[],
    };
    let flows = OAuthFlows::new().password(t[2], OAuthFlow::new().scopes(&scopes).extra(extra));
    macro_rules! common {
        ($e:expr) => {{
            let mut e = $e;
            if has_name {
                e = e.scheme_name(t[0]);
            }
            if has_desc {
                e = e.description(t[1]);
            }
            Some(SecurityScheme::from(e))
        }};
    }
    let rust: Option<SecurityScheme<'_>> = match kind {
        1 => common!(if has_opt {
            HttpBasic::new().realm(t[2])
        } else {
            HttpBasic::new()
        }),
        2 => common!(if has_opt {
            HttpBearer::new().bearer_format(t[3])
        } else {
            HttpBearer::new()
        }),
        3 => common!(HttpDigest::new()),
        4 => common!(HttpBase::new(t[2])),
        5 => common!(ApiKeyHeader::new(t[2])),
        6 => common!(ApiKeyQuery::new(t[2])),
        7 => common!(ApiKeyCookie::new(t[2])),
        8 => common!(OAuth2::new().flows(&flows)),
        9 => common!({
            let b = OAuth2PasswordBearer::new(t[2]).scopes(&scopes);
            if has_opt {
                b.refresh_url(t[3])
            } else {
                b
            }
        }),
        10 => common!({
            let b = OAuth2AuthorizationCodeBearer::new(t[4], t[2]).scopes(&scopes);
            if has_opt {
                b.refresh_url(t[3])
            } else {
                b
            }
        }),
        11 => common!(OpenIdConnect::new(t[4])),
        _ => None,
    };
    let mut key = authparse_str::EMPTY;
    let (status, json) = buffered(
        24 * data.len() + 2048,
        &[struct_bytes(&c)],
        &mut |b, n, o, need| unsafe {
            authparse_openapi_scheme_render(&c, b, n, &mut key, o, need)
        },
    );
    match (&rust, all_utf8) {
        (Some(r), true) => {
            let raw_bad = kind == 8 && input.bit(7) && raw.is_err();
            if raw_bad {
                assert_eq!(status, AUTHPARSE_STATUS_INVALID_CONFIGURATION);
            } else {
                let mut buf = vec![0u8; 24 * data.len() + 2048];
                let (want_status, want) = rust_json(r.write_json(&mut buf));
                assert_eq!(
                    (status, json),
                    (want_status, want),
                    "C and Rust render differently"
                );
                if status == AUTHPARSE_STATUS_OK {
                    assert_eq!(unsafe { bytes(&key) }, r.key().as_bytes());
                }
            }
        }
        (Some(_), false) => assert!(
            status == AUTHPARSE_STATUS_CONFIG_NOT_UTF8
                || status == AUTHPARSE_STATUS_OK
                || status == AUTHPARSE_STATUS_INVALID_CONFIGURATION,
            "{status}"
        ),
        (None, true) => assert_eq!(status, AUTHPARSE_STATUS_INVALID_ARGUMENT),
        // The common strings are read before the class number.
        (None, false) => assert!(
            status == AUTHPARSE_STATUS_INVALID_ARGUMENT
                || status == AUTHPARSE_STATUS_CONFIG_NOT_UTF8
        ),
    }

    // The whole object, twice the same scheme plus another one.
    if let (Some(r), true) = (
        &rust,
        all_utf8 && !(kind == 8 && input.bit(7) && raw.is_err()),
    ) {
        let mut other = unsafe { std::mem::zeroed::<authparse_openapi_scheme>() };
        unsafe { authparse_openapi_scheme_init(&mut other, AUTHPARSE_CLASS_API_KEY_QUERY) };
        other.name = view(f[1]);
        let list = [c, other, c];
        let rust_list = [*r, ApiKeyQuery::new(t[1]).into(), *r];
        for reject in [false, true] {
            let (status, json) = buffered(
                48 * data.len() + 4096,
                &[struct_bytes(&list)],
                &mut |b, n, o, need| unsafe {
                    authparse_openapi_schemes_render(
                        list.as_ptr(),
                        list.len(),
                        reject,
                        b,
                        n,
                        o,
                        need,
                    )
                },
            );
            let mut buf = vec![0u8; 48 * data.len() + 4096];
            let want = rust_json(
                SecuritySchemes::new(&rust_list)
                    .reject_collisions(reject)
                    .write_json(&mut buf),
            );
            assert_eq!((status, json), want);
        }
    }

    // Requirements and the password-form documents.
    let req_scopes = [view(f[5]), view(f[6]), view(f[5])];
    let c_reqs = [
        authparse_openapi_requirement {
            scheme_name: view(f[0]),
            scopes: req_scopes.as_ptr(),
            scope_count: 3,
        },
        authparse_openapi_requirement {
            scheme_name: view(f[1]),
            scopes: req_scopes.as_ptr(),
            scope_count: 1,
        },
        authparse_openapi_requirement {
            scheme_name: view(f[0]),
            scopes: req_scopes[1..].as_ptr(),
            scope_count: 2,
        },
    ];
    let (status, json) = buffered(
        24 * data.len() + 512,
        &[struct_bytes(&c_reqs)],
        &mut |b, n, o, need| unsafe {
            authparse_openapi_requirements_render(c_reqs.as_ptr(), c_reqs.len(), b, n, o, need)
        },
    );
    if all_utf8 {
        let s = [t[5], t[6], t[5]];
        let reqs = [
            Requirement::new(t[0], &s),
            Requirement::new(t[1], &s[..1]),
            Requirement::new(t[0], &s[1..]),
        ];
        let mut buf = vec![0u8; 24 * data.len() + 512];
        assert_eq!(
            (status, json),
            rust_json(SecurityRequirements::new(&reqs).write_json(&mut buf))
        );
    }
    for (title, strict) in [(false, false), (true, false), (false, true), (true, true)] {
        let name = f[0];
        let (s1, schema) = buffered(
            6 * name.len() + 1024,
            &[name],
            &mut |b, n, o, need| unsafe {
                authparse_openapi_password_form_schema_render(
                    name.as_ptr(),
                    name.len(),
                    title,
                    strict,
                    b,
                    n,
                    o,
                    need,
                )
            },
        );
        let (s2, body) = buffered(6 * name.len() + 256, &[name], &mut |b, n, o, need| unsafe {
            authparse_openapi_password_form_request_body_render(
                name.as_ptr(),
                name.len(),
                title,
                b,
                n,
                o,
                need,
            )
        });
        match std::str::from_utf8(name) {
            Ok(n) => {
                let form = if title {
                    PasswordFormBody::with_title(n, strict)
                } else {
                    PasswordFormBody::new(n, strict)
                };
                let mut buf = vec![0u8; 6 * name.len() + 1024];
                assert_eq!((s1, schema), rust_json(form.write_schema_json(&mut buf)));
                let form = if title {
                    PasswordFormBody::with_title(n, false)
                } else {
                    PasswordFormBody::new(n, false)
                };
                assert_eq!(
                    (s2, body),
                    rust_json(form.write_request_body_json(&mut buf))
                );
            }
            Err(_) => assert_eq!(
                (s1, s2),
                (
                    AUTHPARSE_STATUS_CONFIG_NOT_UTF8,
                    AUTHPARSE_STATUS_CONFIG_NOT_UTF8
                )
            ),
        }
    }
});
