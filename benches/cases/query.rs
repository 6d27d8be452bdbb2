//! A query string with an API key.

use super::*;

/// A query string with the API key last (so every parser reads all of it).
pub const QUERY: &str = "page=2&per_page=50&sort=-created_at&filter=status%3Aactive&fields=id%2Cname%2Cemail&q=hello+world&api_key=sk_live_4eC39HqLyjWDarjtT1zdp7dc";

pub(super) fn query<R: Runner>(r: &mut R) {
    let headers: [(&str, &str); 0] = [];
    let mut buf = [0u8; 64];
    for profile in [Profile::FastApi, Profile::Strict] {
        let req = Request::new(&headers).with_query(QUERY.as_bytes());
        let got = ApiKeyQuery::new("api_key")
            .profile(profile)
            .extract(&req, &mut buf)
            .unwrap();
        assert_eq!(
            got.credentials().unwrap().as_bytes(),
            b"sk_live_4eC39HqLyjWDarjtT1zdp7dc"
        );
    }
    let found = form_urlencoded::parse(QUERY.as_bytes()).find(|(k, _)| k == "api_key");
    assert_eq!(found.unwrap().1, "sk_live_4eC39HqLyjWDarjtT1zdp7dc");

    r.group("query_api_key", QUERY.len());
    for (name, profile) in [
        ("authparse ApiKeyQuery fastapi", Profile::FastApi),
        ("authparse ApiKeyQuery strict", Profile::Strict),
    ] {
        let key = ApiKeyQuery::new("api_key").profile(profile);
        let mut buf = [0u8; 64];
        r.case(name, move || {
            let req = Request::new(&headers).with_query(black_box(QUERY).as_bytes());
            match key.extract(&req, &mut buf) {
                Ok(Outcome::Credentials(v)) => v.as_bytes().len(),
                _ => 0,
            }
        });
    }
    r.case("form_urlencoded::parse find", move || {
        form_urlencoded::parse(black_box(QUERY).as_bytes())
            .find(|(k, _)| k == "api_key")
            .map_or(0, |(_, v)| v.len())
    });
}
