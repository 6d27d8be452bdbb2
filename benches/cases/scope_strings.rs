//! Scope strings.

use super::*;

/// Eight scopes.
pub const SCOPES: &str =
    "items:read items:write users:read users:write orders:read orders:write billing admin";
/// What an endpoint requires.
pub const REQUIRED: [&str; 3] = ["items:read", "users:write", "admin"];

fn fill<'a>(out: &mut [&'a str; 8], it: impl Iterator<Item = &'a str>) -> usize {
    let mut n = 0;
    for (slot, t) in out.iter_mut().zip(it) {
        *slot = t;
        n += 1;
    }
    n
}

pub(super) fn scope_split<R: Runner>(r: &mut R) {
    for profile in [Profile::FastApi, Profile::Strict] {
        let v: Vec<&str> = scopes::split(SCOPES, profile).collect();
        assert_eq!(v, SCOPES.split_ascii_whitespace().collect::<Vec<_>>());
    }
    r.group("scopes_split", SCOPES.len());
    for (name, profile) in [
        ("authparse scopes::split fastapi -> array", Profile::FastApi),
        ("authparse scopes::split strict -> array", Profile::Strict),
    ] {
        r.case(name, move || {
            let mut out = [""; 8];
            let n = fill(&mut out, scopes::split(black_box(SCOPES), profile));
            black_box(&out);
            n
        });
    }
    r.case("split_ascii_whitespace -> array", || {
        let mut out = [""; 8];
        let n = fill(&mut out, black_box(SCOPES).split_ascii_whitespace());
        black_box(&out);
        n
    });
    r.case("split_ascii_whitespace -> Vec", || {
        let v: Vec<&str> = black_box(SCOPES).split_ascii_whitespace().collect();
        black_box(&v);
        v.len()
    });
}

pub(super) fn scope_covers<R: Runner>(r: &mut R) {
    for profile in [Profile::FastApi, Profile::Strict] {
        assert!(scopes::covers(SCOPES, &REQUIRED, profile));
        assert!(!scopes::covers(SCOPES, &["items:delete"], profile));
    }
    r.group("scopes_covers", SCOPES.len());
    for (name, profile) in [
        ("authparse scopes::covers fastapi", Profile::FastApi),
        ("authparse scopes::covers strict", Profile::Strict),
    ] {
        r.case(name, move || {
            scopes::covers(black_box(SCOPES), black_box(&REQUIRED), profile)
        });
    }
    r.case("split_ascii_whitespace any per required", || {
        let granted = black_box(SCOPES);
        black_box(&REQUIRED)
            .iter()
            .all(|r| granted.split_ascii_whitespace().any(|t| t == *r))
    });
    r.case("split_ascii_whitespace -> Vec, contains", || {
        let granted: Vec<&str> = black_box(SCOPES).split_ascii_whitespace().collect();
        black_box(&REQUIRED).iter().all(|r| granted.contains(r))
    });
}

/// 2000 granted scopes (about 24 KiB); the required ones are the last
/// granted, so every call reads the whole string.
fn many_scopes() -> (String, Vec<String>) {
    let granted: Vec<String> = (0..2000).map(|i| format!("svc{i}:read")).collect();
    (granted.join(" "), granted[1900..].to_vec())
}

/// The cost per byte of granted scopes with 8 and with 100 required ones.
pub(super) fn scope_covers_many<R: Runner>(r: &mut R) {
    let (granted, last) = many_scopes();
    let granted: &'static str = Box::leak(granted.into_boxed_str());
    let last: &'static [&'static str] = Box::leak(
        last.into_iter()
            .map(|s| &*Box::leak(s.into_boxed_str()))
            .collect(),
    );
    let (eight, hundred) = (&last[92..], last);
    for profile in [Profile::FastApi, Profile::Strict] {
        assert!(scopes::covers(granted, eight, profile));
        assert!(scopes::covers(granted, hundred, profile));
    }
    r.group("scopes_covers_many", granted.len());
    for (name, required, profile) in [
        (
            "authparse scopes::covers 8 required fastapi",
            eight,
            Profile::FastApi,
        ),
        (
            "authparse scopes::covers 100 required fastapi",
            hundred,
            Profile::FastApi,
        ),
        (
            "authparse scopes::covers 8 required strict",
            eight,
            Profile::Strict,
        ),
        (
            "authparse scopes::covers 100 required strict",
            hundred,
            Profile::Strict,
        ),
    ] {
        r.case(name, move || {
            scopes::covers(black_box(granted), black_box(required), profile)
        });
    }
}
