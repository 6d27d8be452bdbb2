//! OpenAPI output against FastAPI 0.165.0 (spec §8): byte-exact where the
//! spec gives bytes, value-equal (parsed with serde_json) elsewhere.

use authparse::openapi::{
    write_json_string, OAuthFlow, OAuthFlows, PasswordFormBody, RawJson, Requirement,
    SecurityRequirements, SecurityScheme, SecuritySchemes,
};
use authparse::{
    ApiKeyCookie, ApiKeyHeader, ApiKeyQuery, Error, HttpBase, HttpBasic, HttpBearer, HttpDigest,
    OAuth2, OAuth2AuthorizationCodeBearer, OAuth2PasswordBearer, OpenIdConnect,
};
use proptest::prelude::*;
use serde_json::Value;

fn written(scheme: &SecurityScheme<'_>) -> String {
    let mut buf = vec![0u8; 4096];
    scheme.write_json(&mut buf).unwrap().to_string()
}

/// Every shorter buffer gives the exact size; the exact one works. Under
/// Miri every 16th length and the last short one are tried instead of each
/// (the sweep of every length made this file 381 s of the Miri step).
fn check_sizes<F>(expected: &str, write: F)
where
    F: Fn(&mut [u8]) -> Result<String, Error>,
{
    let step = if cfg!(miri) { 16 } else { 1 };
    let lengths = (0..expected.len()).step_by(step);
    for n in lengths.chain(expected.len().checked_sub(1)) {
        let mut buf = vec![0xAAu8; n];
        assert_eq!(
            write(&mut buf),
            Err(Error::BufferTooSmall {
                needed: expected.len()
            }),
            "length {n} of {expected}"
        );
    }
    let mut buf = vec![0u8; expected.len()];
    assert_eq!(write(&mut buf).unwrap(), expected);
}

fn check_scheme(scheme: SecurityScheme<'_>, key: &str, json: &str) {
    assert_eq!(scheme.key(), key);
    assert_eq!(written(&scheme), json, "{key}");
    assert_eq!(scheme.json_len(), Ok(json.len()));
    check_sizes(json, |b| scheme.write_json(b).map(str::to_string));
    check_serde(&scheme, json);
}

/// The `Serialize` impl (feature `serde`) gives the same bytes through
/// serde_json (whose escaping is Python's) and the same value through
/// serde-json-core.
#[cfg(feature = "serde")]
fn check_serde<T: serde::Serialize>(value: &T, json: &str) {
    let parsed: Value = serde_json::from_str(json).expect("valid JSON");
    assert_eq!(serde_json::to_string(value).unwrap(), json);
    let mut buf = vec![0u8; 4 * json.len() + 16];
    let n = serde_json_core::to_slice(value, &mut buf).unwrap();
    let core: Value = serde_json::from_slice(&buf[..n]).unwrap();
    assert_eq!(core, parsed);
}

/// Without the `serde` feature there is no `Serialize` impl to check.
#[cfg(not(feature = "serde"))]
fn check_serde<T>(_value: &T, _json: &str) {}

const PW_SCOPES: &[(&str, &str)] = &[("read", "Read access"), ("write", "Write access")];
const CODE_SCOPES: &[(&str, &str)] = &[("openid", "OpenID"), ("me", "Me")];

/// Spec §8.1, every row, byte-exact.
#[test]
fn spec_table_8_1() {
    let multi = OAuthFlows::new()
        .implicit(
            "https://ex.com/auth",
            OAuthFlow::new().scopes(&[("a", "A")]),
        )
        .client_credentials("https://ex.com/token", OAuthFlow::new());
    let rows: Vec<(SecurityScheme, &str, &str)> = vec![
        (
            ApiKeyHeader::new("X-API-Key").into(),
            "APIKeyHeader",
            r#"{"type":"apiKey","in":"header","name":"X-API-Key"}"#,
        ),
        (
            ApiKeyHeader::new("X-API-Key")
                .scheme_name("HeaderKey")
                .description("Header key")
                .into(),
            "HeaderKey",
            r#"{"type":"apiKey","description":"Header key","in":"header","name":"X-API-Key"}"#,
        ),
        (
            ApiKeyQuery::new("api_key").into(),
            "APIKeyQuery",
            r#"{"type":"apiKey","in":"query","name":"api_key"}"#,
        ),
        (
            ApiKeyQuery::new("api_key")
                .scheme_name("QueryKey")
                .description("Query key")
                .into(),
            "QueryKey",
            r#"{"type":"apiKey","description":"Query key","in":"query","name":"api_key"}"#,
        ),
        (
            ApiKeyCookie::new("session").into(),
            "APIKeyCookie",
            r#"{"type":"apiKey","in":"cookie","name":"session"}"#,
        ),
        (
            ApiKeyCookie::new("session")
                .scheme_name("CookieKey")
                .description("Cookie key")
                .into(),
            "CookieKey",
            r#"{"type":"apiKey","description":"Cookie key","in":"cookie","name":"session"}"#,
        ),
        (
            HttpBasic::new().into(),
            "HTTPBasic",
            r#"{"type":"http","scheme":"basic"}"#,
        ),
        (
            HttpBasic::new()
                .scheme_name("BasicAuth")
                .realm("simple")
                .description("Basic auth")
                .into(),
            "BasicAuth",
            r#"{"type":"http","description":"Basic auth","scheme":"basic"}"#,
        ),
        (
            HttpBearer::new().into(),
            "HTTPBearer",
            r#"{"type":"http","scheme":"bearer"}"#,
        ),
        (
            HttpBearer::new()
                .bearer_format("JWT")
                .scheme_name("BearerJWT")
                .description("JWT bearer")
                .into(),
            "BearerJWT",
            r#"{"type":"http","description":"JWT bearer","scheme":"bearer","bearerFormat":"JWT"}"#,
        ),
        (
            HttpDigest::new().into(),
            "HTTPDigest",
            r#"{"type":"http","scheme":"digest"}"#,
        ),
        (
            HttpDigest::new()
                .scheme_name("DigestAuth")
                .description("Digest auth")
                .into(),
            "DigestAuth",
            r#"{"type":"http","description":"Digest auth","scheme":"digest"}"#,
        ),
        (
            HttpBase::new("Other").into(),
            "HTTPBase",
            r#"{"type":"http","scheme":"Other"}"#,
        ),
        (
            OAuth2PasswordBearer::new("token").into(),
            "OAuth2PasswordBearer",
            r#"{"type":"oauth2","flows":{"password":{"scopes":{},"tokenUrl":"token"}}}"#,
        ),
        (
            OAuth2PasswordBearer::new("/token")
                .refresh_url("/refresh")
                .scheme_name("PasswordFlow")
                .scopes(PW_SCOPES)
                .description("Password flow")
                .into(),
            "PasswordFlow",
            r#"{"type":"oauth2","description":"Password flow","flows":{"password":{"refreshUrl":"/refresh","scopes":{"read":"Read access","write":"Write access"},"tokenUrl":"/token"}}}"#,
        ),
        (
            OAuth2AuthorizationCodeBearer::new("authorize", "token").into(),
            "OAuth2AuthorizationCodeBearer",
            r#"{"type":"oauth2","flows":{"authorizationCode":{"scopes":{},"authorizationUrl":"authorize","tokenUrl":"token"}}}"#,
        ),
        (
            OAuth2AuthorizationCodeBearer::new("https://ex.com/authorize", "https://ex.com/token")
                .refresh_url("https://ex.com/refresh")
                .scheme_name("CodeFlow")
                .scopes(CODE_SCOPES)
                .description("Code flow")
                .into(),
            "CodeFlow",
            r#"{"type":"oauth2","description":"Code flow","flows":{"authorizationCode":{"refreshUrl":"https://ex.com/refresh","scopes":{"openid":"OpenID","me":"Me"},"authorizationUrl":"https://ex.com/authorize","tokenUrl":"https://ex.com/token"}}}"#,
        ),
        (
            OAuth2::new().into(),
            "OAuth2",
            r#"{"type":"oauth2","flows":{}}"#,
        ),
        (
            OAuth2::new()
                .flows(&multi)
                .scheme_name("MultiFlow")
                .description("Generic")
                .into(),
            "MultiFlow",
            r#"{"type":"oauth2","description":"Generic","flows":{"implicit":{"scopes":{"a":"A"},"authorizationUrl":"https://ex.com/auth"},"clientCredentials":{"scopes":{},"tokenUrl":"https://ex.com/token"}}}"#,
        ),
        (
            OpenIdConnect::new("/.well-known/openid-configuration").into(),
            "OpenIdConnect",
            r#"{"type":"openIdConnect","openIdConnectUrl":"/.well-known/openid-configuration"}"#,
        ),
        (
            OpenIdConnect::new("https://ex.com/.well-known/openid-configuration")
                .scheme_name("OIDC")
                .description("OIDC")
                .into(),
            "OIDC",
            r#"{"type":"openIdConnect","description":"OIDC","openIdConnectUrl":"https://ex.com/.well-known/openid-configuration"}"#,
        ),
    ];
    assert_eq!(rows.len(), 21);
    for (scheme, key, json) in rows {
        check_scheme(scheme, key, json);
    }
}

/// Every class, with and without `scheme_name` / `description`: the key
/// and the place of `description` (right after `type`).
#[test]
fn every_class_with_and_without_name_and_description() {
    let flows = OAuthFlows::new().password("t", OAuthFlow::new());
    let bare: Vec<(SecurityScheme, &str)> = vec![
        (HttpBasic::new().into(), "HTTPBasic"),
        (HttpBearer::new().into(), "HTTPBearer"),
        (HttpDigest::new().into(), "HTTPDigest"),
        (HttpBase::new("x").into(), "HTTPBase"),
        (ApiKeyHeader::new("n").into(), "APIKeyHeader"),
        (ApiKeyQuery::new("n").into(), "APIKeyQuery"),
        (ApiKeyCookie::new("n").into(), "APIKeyCookie"),
        (OAuth2::new().flows(&flows).into(), "OAuth2"),
        (
            OAuth2PasswordBearer::new("t").into(),
            "OAuth2PasswordBearer",
        ),
        (
            OAuth2AuthorizationCodeBearer::new("a", "t").into(),
            "OAuth2AuthorizationCodeBearer",
        ),
        (OpenIdConnect::new("u").into(), "OpenIdConnect"),
    ];
    for (scheme, class) in bare {
        assert_eq!(scheme.key(), class);
        let plain = written(&scheme);
        assert!(!plain.contains("description"), "{plain}");
        let named = with_name_and_description(scheme, "My\"Name", "Some desc");
        assert_eq!(named.key(), "My\"Name");
        let described = written(&named);
        // `type` first, then `description`, then the rest unchanged.
        let type_prefix = format!(r#"{{"type":"{}""#, scheme.openapi_type());
        assert!(plain.starts_with(&type_prefix), "{plain}");
        let rest = &plain[type_prefix.len()..];
        assert_eq!(
            described,
            format!(r#"{type_prefix},"description":"Some desc"{rest}"#)
        );
        // auto_error and the profile do not show.
        let quiet = with_name_and_description(scheme, class, "Some desc");
        assert_eq!(written(&quiet), described);
    }
}

fn with_name_and_description<'c>(
    s: SecurityScheme<'c>,
    name: &'c str,
    desc: &'c str,
) -> SecurityScheme<'c> {
    macro_rules! nd {
        ($x:expr) => {
            $x.auto_error(false)
                .profile(authparse::Profile::Strict)
                .scheme_name(name)
                .description(desc)
                .into()
        };
    }
    match s {
        SecurityScheme::HttpBasic(x) => nd!(x),
        SecurityScheme::HttpBearer(x) => nd!(x),
        SecurityScheme::HttpDigest(x) => nd!(x),
        SecurityScheme::HttpBase(x) => nd!(x),
        SecurityScheme::ApiKeyHeader(x) => nd!(x),
        SecurityScheme::ApiKeyQuery(x) => nd!(x),
        SecurityScheme::ApiKeyCookie(x) => nd!(x),
        SecurityScheme::OAuth2(x) => nd!(x),
        SecurityScheme::OAuth2PasswordBearer(x) => nd!(x),
        SecurityScheme::OAuth2AuthorizationCodeBearer(x) => nd!(x),
        SecurityScheme::OpenIdConnect(x) => nd!(x),
    }
}

/// `HTTPBase(scheme=s)` keeps `s` as given; `HTTPBasic`'s realm never shows.
#[test]
fn http_base_scheme_verbatim_and_no_realm() {
    check_scheme(
        HttpBase::new("BeArEr").into(),
        "HTTPBase",
        r#"{"type":"http","scheme":"BeArEr"}"#,
    );
    check_scheme(
        HttpBasic::new().realm("a \"realm\"").into(),
        "HTTPBasic",
        r#"{"type":"http","scheme":"basic"}"#,
    );
}

#[test]
fn generic_oauth2_flows() {
    // The spec's pass-through example.
    let extra = [("x-extra", RawJson::new("1").unwrap())];
    let flows = OAuthFlows::new().password("t", OAuthFlow::new().extra(&extra));
    check_scheme(
        OAuth2::new().flows(&flows).into(),
        "OAuth2",
        r#"{"type":"oauth2","flows":{"password":{"scopes":{},"tokenUrl":"t","x-extra":1}}}"#,
    );
    // All four flows come out in the model's order, whatever the build order.
    let top = [("x-top", RawJson::new(r#"{"a":[true,null,"é"]}"#).unwrap())];
    let flows = OAuthFlows::new()
        .authorization_code("A", "T", OAuthFlow::new().refresh_url("R"))
        .client_credentials("CT", OAuthFlow::new())
        .password("PT", OAuthFlow::new().scopes(&[("s", "S")]))
        .implicit("IA", OAuthFlow::new())
        .extra(&top);
    check_scheme(
        OAuth2::new().flows(&flows).into(),
        "OAuth2",
        concat!(
            r#"{"type":"oauth2","flows":{"#,
            r#""implicit":{"scopes":{},"authorizationUrl":"IA"},"#,
            r#""password":{"scopes":{"s":"S"},"tokenUrl":"PT"},"#,
            r#""clientCredentials":{"scopes":{},"tokenUrl":"CT"},"#,
            r#""authorizationCode":{"refreshUrl":"R","scopes":{},"authorizationUrl":"A","tokenUrl":"T"},"#,
            r#""x-top":{"a":[true,null,"é"]}}}"#
        ),
    );
    assert_eq!(flows.get_implicit().map(|f| f.0), Some("IA"));
    assert_eq!(OAuth2::new().flows(&flows).get_flows(), &flows);
}

/// Spec §8.2 rows.
#[test]
fn spec_table_8_2() {
    let pwb = SecurityScheme::from(
        OAuth2PasswordBearer::new("/token")
            .refresh_url("/refresh")
            .scheme_name("PasswordFlow")
            .scopes(PW_SCOPES)
            .description("Password flow"),
    );
    let key = SecurityScheme::from(ApiKeyHeader::new("X-API-Key"));
    let bearer = SecurityScheme::from(HttpBearer::new());
    let oauth = SecurityScheme::from(OAuth2PasswordBearer::new("token"));
    let k = SecurityScheme::from(ApiKeyHeader::new("k"));
    let rows: Vec<(Vec<Requirement>, &str)> = vec![
        (
            vec![Requirement::of(&pwb, &["read"])],
            r#"[{"PasswordFlow":["read"]}]"#,
        ),
        (
            vec![Requirement::of(&pwb, &["write", "read"])],
            r#"[{"PasswordFlow":["write","read"]}]"#,
        ),
        (
            vec![
                Requirement::of(&pwb, &["write", "read"]),
                Requirement::of(&key, &[]),
                Requirement::of(&bearer, &[]),
            ],
            r#"[{"PasswordFlow":["write","read"]},{"APIKeyHeader":[]},{"HTTPBearer":[]}]"#,
        ),
        (vec![Requirement::of(&pwb, &[])], r#"[{"PasswordFlow":[]}]"#),
        (
            vec![
                Requirement::of(&oauth, &["a"]),
                Requirement::of(&oauth, &["b", "a"]),
                Requirement::of(&k, &["x"]),
            ],
            r#"[{"OAuth2PasswordBearer":["a","b"]},{"APIKeyHeader":["x"]}]"#,
        ),
        (
            vec![
                Requirement::of(&oauth, &["b"]),
                Requirement::of(&oauth, &["b", "x"]),
                Requirement::of(&oauth, &["b", "x", "a"]),
            ],
            r#"[{"OAuth2PasswordBearer":["b","x","a"]}]"#,
        ),
        (
            vec![Requirement::of(&oauth, &["a b", ""])],
            r#"[{"OAuth2PasswordBearer":["a b",""]}]"#,
        ),
    ];
    for (found, json) in rows {
        let reqs = SecurityRequirements::new(&found);
        assert!(!reqs.is_empty());
        assert_eq!(reqs.json_len(), json.len());
        check_sizes(json, |b| reqs.write_json(b).map(str::to_string));
        check_serde(&reqs, json);
    }
    let none = SecurityRequirements::new(&[]);
    assert!(none.is_empty());
    check_sizes("[]", |b| none.write_json(b).map(str::to_string));
    // Escaped names and scopes.
    let found = [Requirement::new("a\"b\\", &["\t", "é"])];
    check_sizes(r#"[{"a\"b\\":["\t","é"]}]"#, |b| {
        SecurityRequirements::new(&found)
            .write_json(b)
            .map(str::to_string)
    });
}

/// §8.1's collision note and the strict option.
#[test]
fn components_collisions() {
    let schemes = [
        SecurityScheme::from(ApiKeyHeader::new("A")),
        SecurityScheme::from(ApiKeyHeader::new("B")),
    ];
    let components = SecuritySchemes::new(&schemes);
    let expected = r#"{"APIKeyHeader":{"type":"apiKey","in":"header","name":"B"}}"#;
    assert_eq!(components.json_len(), Ok(expected.len()));
    check_sizes(expected, |b| components.write_json(b).map(str::to_string));
    check_serde(&components, expected);
    #[cfg(feature = "serde")]
    assert!(serde_json::to_string(&components.reject_collisions(true)).is_err());
    let strict = components.reject_collisions(true);
    let mut buf = [0u8; 256];
    assert_eq!(
        strict.write_json(&mut buf),
        Err(Error::InvalidConfiguration)
    );
    assert_eq!(strict.json_len(), Err(Error::InvalidConfiguration));

    // First position, last value; the same scheme twice is fine in strict mode.
    let pw = SecurityScheme::from(OAuth2PasswordBearer::new("token"));
    let schemes = [
        SecurityScheme::from(ApiKeyHeader::new("A").scheme_name("S")),
        pw,
        SecurityScheme::from(HttpBearer::new().scheme_name("S")),
        pw,
    ];
    let expected = concat!(
        r#"{"S":{"type":"http","scheme":"bearer"},"#,
        r#""OAuth2PasswordBearer":{"type":"oauth2","flows":{"password":{"scopes":{},"tokenUrl":"token"}}}}"#
    );
    check_sizes(expected, |b| {
        SecuritySchemes::new(&schemes)
            .write_json(b)
            .map(str::to_string)
    });
    let distinct = [schemes[0], schemes[1], schemes[3]];
    assert!(SecuritySchemes::new(&distinct)
        .reject_collisions(true)
        .write_json(&mut [0u8; 512])
        .is_ok());
    check_sizes("{}", |b| {
        SecuritySchemes::new(&[]).write_json(b).map(str::to_string)
    });
}

/// Spec §8.3, byte-exact.
#[test]
fn spec_8_3_password_forms() {
    let request_body = r##"{"content":{"application/x-www-form-urlencoded":{"schema":{"$ref":"#/components/schemas/Body_token_token_post"}}},"required":true}"##;
    let form = r#"{"properties":{"grant_type":{"anyOf":[{"type":"string","pattern":"^password$"},{"type":"null"}],"title":"Grant Type"},"username":{"type":"string","title":"Username"},"password":{"type":"string","format":"password","title":"Password"},"scope":{"type":"string","title":"Scope","default":""},"client_id":{"anyOf":[{"type":"string"},{"type":"null"}],"title":"Client Id"},"client_secret":{"anyOf":[{"type":"string"},{"type":"null"}],"format":"password","title":"Client Secret"}},"type":"object","required":["username","password"],"title":"Body_token_token_post"}"#;
    let strict = r#"{"properties":{"grant_type":{"type":"string","pattern":"^password$","title":"Grant Type"},"username":{"type":"string","title":"Username"},"password":{"type":"string","title":"Password"},"scope":{"type":"string","title":"Scope","default":""},"client_id":{"anyOf":[{"type":"string"},{"type":"null"}],"title":"Client Id"},"client_secret":{"anyOf":[{"type":"string"},{"type":"null"}],"title":"Client Secret"}},"type":"object","required":["grant_type","username","password"],"title":"Body_token_strict_token_strict_post"}"#;

    let body = PasswordFormBody::new("token_token_post", false);
    assert_eq!(body.request_body_json_len(), request_body.len());
    check_sizes(request_body, |b| {
        body.write_request_body_json(b).map(str::to_string)
    });
    assert_eq!(body.schema_json_len(), form.len());
    check_sizes(form, |b| body.write_schema_json(b).map(str::to_string));

    let sbody = PasswordFormBody::new("token_strict_token_strict_post", true);
    assert_eq!(sbody.schema_json_len(), strict.len());
    check_sizes(strict, |b| sbody.write_schema_json(b).map(str::to_string));
    let titled = PasswordFormBody::with_title("Body_token_strict_token_strict_post", true);
    assert_eq!(titled.write_schema_json(&mut [0u8; 1024]).unwrap(), strict);
    for text in [request_body, form, strict] {
        serde_json::from_str::<Value>(text).unwrap();
    }
}

/// The JSON string Python's `json.dumps(s, ensure_ascii=False)` writes
/// (serde_json escapes exactly the same set, with the same lower-case hex).
fn py(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

#[test]
fn escaping_in_names_and_descriptions() {
    let nasty = "q\"b\\s/t\tn\nr\rf\u{c}b\u{8}z\u{0}u\u{1f}d\u{7f}é€😀\u{2028}";
    let scheme = SecurityScheme::from(ApiKeyHeader::new(nasty).description(nasty));
    let expected = format!(
        r#"{{"type":"apiKey","description":{},"in":"header","name":{}}}"#,
        py(nasty),
        py(nasty)
    );
    assert!(expected.contains(r#"\u0000"#) && expected.contains(r#"\u001f"#));
    assert!(expected.contains("\u{7f}é€😀\u{2028}"));
    check_scheme(scheme, "APIKeyHeader", &expected);
    let value: Value = serde_json::from_str(&expected).unwrap();
    assert_eq!(value["name"], nasty);
    assert_eq!(value["description"], nasty);

    // The spec's conformance case o23.
    check_scheme(
        ApiKeyHeader::new("X-Ünïcode").description("tab\there").into(),
        "APIKeyHeader",
        "{\"type\":\"apiKey\",\"description\":\"tab\\there\",\"in\":\"header\",\"name\":\"X-Ünïcode\"}",
    );

    // Keys (scheme names, scopes) are escaped too.
    let scopes = [("s\"1", "d\n")];
    let pw = SecurityScheme::from(
        OAuth2PasswordBearer::new("/t\\")
            .scopes(&scopes)
            .scheme_name("n\u{1}"),
    );
    let comp = [pw];
    let text = SecuritySchemes::new(&comp)
        .write_json(&mut [0u8; 256])
        .unwrap()
        .to_string();
    assert_eq!(
        text,
        r#"{"n\u0001":{"type":"oauth2","flows":{"password":{"scopes":{"s\"1":"d\n"},"tokenUrl":"/t\\"}}}}"#
    );
    let mut buf = [0u8; 8];
    assert_eq!(write_json_string("\u{1}", &mut buf).unwrap(), r#""\u0001""#);
    let title = PasswordFormBody::with_title("a\"b", false);
    let schema: Value =
        serde_json::from_str(title.write_schema_json(&mut [0u8; 1024]).unwrap()).unwrap();
    assert_eq!(schema["title"], "a\"b");
}

#[test]
fn invalid_raw_json_is_refused() {
    for bad in ["", "{", "{\"a\": 1}", "[1 ,2]", "'x'", "1e", "NaN"] {
        assert_eq!(RawJson::new(bad), Err(Error::InvalidConfiguration), "{bad}");
    }
}

proptest! {
    #[test]
    fn any_description_round_trips(desc in any::<String>(), name in "\\PC*") {
        let scheme = SecurityScheme::from(
            HttpBearer::new().description(&desc).bearer_format(&name).scheme_name(&name),
        );
        let expected = format!(
            r#"{{"type":"http","description":{},"scheme":"bearer","bearerFormat":{}}}"#,
            py(&desc),
            py(&name)
        );
        prop_assert_eq!(scheme.json_len(), Ok(expected.len()));
        let mut buf = vec![0u8; expected.len()];
        prop_assert_eq!(scheme.write_json(&mut buf).unwrap(), expected.as_str());
        let mut short = vec![0u8; expected.len() - 1];
        prop_assert_eq!(
            scheme.write_json(&mut short),
            Err(Error::BufferTooSmall { needed: expected.len() })
        );
    }
}

/// A raw fragment serialises (serde) as the JSON value it is.
#[cfg(feature = "serde")]
#[test]
fn raw_json_through_serde() {
    for text in [
        "0",
        "-5",
        "1.5e3",
        "18446744073709551615",
        "-9223372036854775808",
        "123456789012345678901234567890",
        "true",
        "null",
        r#""a\"b\\c\/d\b\f\n\r\t\u00e9\ud83d\ude00\ud800x""#,
        r#"{"k\n":[1,{"x":null},[]],"é":{}}"#,
    ] {
        let raw = RawJson::new(text).unwrap();
        let expected: Value = serde_json::from_str(text).unwrap_or_else(|_| {
            // serde_json refuses the lone surrogate; Python keeps it, we give U+FFFD.
            serde_json::from_str(&text.replace(r"\ud800", r"\ufffd")).unwrap()
        });
        assert_eq!(serde_json::to_value(raw).unwrap(), expected, "{text}");
        let mut buf = [0u8; 256];
        let n = serde_json_core::to_slice(&raw, &mut buf).unwrap();
        let back: Value = serde_json::from_slice(&buf[..n]).unwrap();
        assert_eq!(back, expected, "{text}");
    }
}
