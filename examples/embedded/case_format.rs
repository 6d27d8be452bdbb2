//! The numbering of the compact conformance case data, shared by the
//! writer (`cases_codegen.rs`, in the build scripts) and the reader
//! (`conformance.rs`, on the chip). Included with `#[path]` by both.
#![allow(dead_code)] // each side uses its half

/// FastAPI's classes; a case's class is its index here.
pub const CLASSES: [&str; 13] = [
    "HTTPBasic",
    "HTTPBearer",
    "HTTPDigest",
    "HTTPBase",
    "APIKeyHeader",
    "APIKeyQuery",
    "APIKeyCookie",
    "OAuth2",
    "OpenIdConnect",
    "OAuth2PasswordBearer",
    "OAuth2AuthorizationCodeBearer",
    "OAuth2PasswordRequestForm",
    "OAuth2PasswordRequestFormStrict",
];
pub const HTTP_BASIC: u8 = 0;
pub const HTTP_BEARER: u8 = 1;
pub const HTTP_DIGEST: u8 = 2;
pub const HTTP_BASE: u8 = 3;
pub const API_KEY_HEADER: u8 = 4;
pub const API_KEY_QUERY: u8 = 5;
pub const API_KEY_COOKIE: u8 = 6;
pub const OAUTH2: u8 = 7;
pub const OPEN_ID_CONNECT: u8 = 8;
pub const OAUTH2_PASSWORD_BEARER: u8 = 9;
pub const OAUTH2_AUTHORIZATION_CODE_BEARER: u8 = 10;
pub const PASSWORD_FORM: u8 = 11;
pub const PASSWORD_FORM_STRICT: u8 = 12;

/// The optional string arguments, written in this order.
pub const STRING_ARGS: [&str; 10] = [
    "realm",
    "name",
    "scheme",
    "tokenUrl",
    "authorizationUrl",
    "refreshUrl",
    "openIdConnectUrl",
    "bearerFormat",
    "scheme_name",
    "description",
];
pub const REALM: usize = 0;
pub const NAME: usize = 1;
pub const SCHEME: usize = 2;
pub const TOKEN_URL: usize = 3;
pub const AUTHORIZATION_URL: usize = 4;
pub const REFRESH_URL: usize = 5;
pub const OPEN_ID_CONNECT_URL: usize = 6;
pub const BEARER_FORMAT: usize = 7;
pub const SCHEME_NAME: usize = 8;
pub const DESCRIPTION: usize = 9;

/// OAuth2 flows, written in this order.
pub const FLOW_KINDS: [&str; 4] = [
    "implicit",
    "password",
    "clientCredentials",
    "authorizationCode",
];

/// A case's kind.
pub const REQUEST_CASE: u8 = 0;
pub const OPENAPI_CASE: u8 = 1;

/// The shape of an expected body: FastAPI's JSON text (failures, form
/// errors), or the fields of a 200.
pub const BODY_JSON: u8 = 0;
pub const BODY_BASIC: u8 = 1;
pub const BODY_SCHEME: u8 = 2;
pub const BODY_VALUE: u8 = 3;
pub const BODY_NONE: u8 = 4;
pub const BODY_FORM: u8 = 5;

/// A field length meaning "absent".
pub const ABSENT: u16 = u16::MAX;
