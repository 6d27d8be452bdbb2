//! Cookie headers.

use super::*;

/// The `session` value in both Cookie headers.
pub const SESSION: &str = "eyJ1c2VyIjoiam9obmRvZSIsImV4cCI6MTcwMDAwMDAwMH0.Zm9vYmFyYmF6cXV4cXV1eA";

/// Ten cookies, about 400 bytes, `session` last.
pub fn cookie_header_10() -> String {
    let cookies = [
        "_ga=GA1.2.1234567890.1700000000",
        "_gid=GA1.2.987654321.1700000000",
        "theme=dark",
        "lang=en-US",
        "csrftoken=Xk3jf93KdlqPz8vNcM2sLw0aTbRyUe7iQ4oN5pS6",
        "tz=Europe%2FBerlin",
        "consent=analytics%3Dtrue%2Cads%3Dfalse%2Cversion%3D3",
        "cart=3f1c2e9a-8b7d-4c6e-9f0a-1b2c3d4e5f60",
        "recently_viewed=sku-10442%2Csku-20931%2Csku-31877%2Csku-40012",
    ];
    let mut h = cookies.join("; ");
    h.push_str("; session=");
    h.push_str(SESSION);
    h
}

/// A 4 KiB Cookie header (about 100 cookies), `session` last.
pub fn cookie_header_4k() -> String {
    let mut h = String::new();
    let mut i = 0;
    while h.len() < 4096 - 80 - SESSION.len() {
        h.push_str(&format!(
            "pref_{i:03}=v{:0width$}; ",
            i * 7919,
            width = 8 + (i * 13) % 24
        ));
        i += 1;
    }
    while h.len() < 4096 - 10 - SESSION.len() {
        h.push_str("x=1; ");
    }
    while h.len() < 4096 - 8 - SESSION.len() {
        h.push(' ');
    }
    h.push_str("session=");
    h.push_str(SESSION);
    h
}

fn naive_find<'a>(header: &'a str, name: &str) -> Option<&'a str> {
    header
        .split(';')
        .filter_map(|piece| piece.split_once('='))
        .map(|(k, v)| (k.trim(), v.trim()))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

pub(super) fn cookies<R: Runner>(r: &mut R, group: &'static str, header: &str) {
    let header: &'static str = Box::leak(header.to_owned().into_boxed_str());
    let headers: &'static [(&str, &str)] = Box::leak(Box::new([("cookie", header)]));
    let req = Request::new(headers);
    let mut buf = [0u8; 128];
    for profile in [Profile::FastApi, Profile::Strict] {
        let got = ApiKeyCookie::new("session")
            .profile(profile)
            .extract(&req, &mut buf)
            .unwrap();
        assert_eq!(got.credentials().unwrap().as_bytes(), SESSION.as_bytes());
    }
    let last = cookie::pairs(header.as_bytes())
        .filter(|p| p.name == b"session")
        .last()
        .unwrap();
    assert_eq!(last.value, SESSION.as_bytes());
    let found = ::cookie::Cookie::split_parse(header)
        .filter_map(Result::ok)
        .find(|c| c.name() == "session")
        .unwrap();
    assert_eq!(found.value(), SESSION);
    assert_eq!(naive_find(header, "session"), Some(SESSION));

    r.group(group, header.len());
    for (name, profile) in [
        ("authparse ApiKeyCookie fastapi", Profile::FastApi),
        ("authparse ApiKeyCookie strict", Profile::Strict),
    ] {
        let key = ApiKeyCookie::new("session").profile(profile);
        let mut buf = [0u8; 128];
        r.case(name, move || {
            let req = Request::new(black_box(headers));
            match key.extract(&req, &mut buf) {
                Ok(Outcome::Credentials(v)) => v.as_bytes().len(),
                _ => 0,
            }
        });
    }
    // FastAPI takes the last `session`, so authparse searches from the end;
    // with `session` first it has to scan the whole header backwards.
    let rest = header
        .rsplit_once("session=")
        .map_or(header, |(rest, _)| rest);
    let first: &'static str = Box::leak(
        format!("session={SESSION}; {}", rest.trim_end_matches([' ', ';'])).into_boxed_str(),
    );
    let first_headers: &'static [(&str, &str)] = Box::leak(Box::new([("cookie", first)]));
    let key = ApiKeyCookie::new("session");
    let got = key.extract(&Request::new(first_headers), &mut buf).unwrap();
    assert_eq!(got.credentials().unwrap().as_bytes(), SESSION.as_bytes());
    let mut buf = [0u8; 128];
    r.case(
        "authparse ApiKeyCookie fastapi, session first (full scan)",
        move || {
            let req = Request::new(black_box(first_headers));
            match key.extract(&req, &mut buf) {
                Ok(Outcome::Credentials(v)) => v.as_bytes().len(),
                _ => 0,
            }
        },
    );
    r.case("authparse cookie::pairs last", move || {
        cookie::pairs(black_box(header).as_bytes())
            .filter(|p| p.name == b"session")
            .last()
            .map_or(0, |p| p.value.len())
    });
    r.case("cookie Cookie::split_parse", move || {
        ::cookie::Cookie::split_parse(black_box(header))
            .filter_map(Result::ok)
            .find(|c| c.name() == "session")
            .map_or(0, |c| c.value().len())
    });
    r.case("naive split(';')+split_once+trim", move || {
        naive_find(black_box(header), "session").map_or(0, str::len)
    });
}
