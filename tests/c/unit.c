/* Unit tests of every function in authparse.h: results, NULL with a length,
 * short buffers (exact sizes), both profiles, iterators. */
#include "check.h"

static int within(authparse_str v, const void *base, size_t len) {
    const uint8_t *b = base;
    return v.len == 0 || (v.ptr >= b && v.ptr + v.len <= b + len);
}

static authparse_request request(authparse_header *h, size_t n, authparse_str query, authparse_str body) {
    authparse_request r;
    r.headers = h;
    r.header_count = n;
    r.query = query;
    r.body = body;
    return r;
}

static void test_status_and_version(void) {
    authparse_status all[] = {0, 1, 2, 10, 11, 20, 21, 22, 23, 30, 40, 41, 42, 43, 50, 60, 61, 62, 63, 64};
    size_t i;
    for (i = 0; i < sizeof all / sizeof all[0]; i++) {
        const char *s = authparse_status_str(all[i]);
        CHECK(s && strlen(s) > 0 && strcmp(s, "unknown status") != 0 && !strchr(s, '\n'));
    }
    CHECK(strcmp(authparse_status_str(9999), "unknown status") == 0);
    CHECK(strcmp(authparse_status_str(AUTHPARSE_STATUS_BUFFER_TOO_SMALL), "output buffer too small") == 0);
    for (i = 0; i <= 9; i++) CHECK(strcmp(authparse_reason_str((authparse_reason)i), "unknown reason") != 0);
    CHECK(strcmp(authparse_reason_str(77), "unknown reason") == 0);
    CHECK(strcmp(authparse_version(), AUTHPARSE_VERSION) == 0);
    CHECK(sizeof(authparse_status) == 4);
}

static void test_basic(void) {
    authparse_header h[2] = {{V("Host"), V("x")}, {V("Authorization"), V("Basic am9objpzZWNyZXQ=")}};
    authparse_request req = request(h, 2, V(""), V(""));
    authparse_scheme_config cfg;
    authparse_outcome o;
    authparse_basic_credentials c;
    uint8_t buf[64], small[3], out[64];
    size_t needed = 99;
    authparse_str text;

    CHECK_ST(authparse_scheme_config_init(&cfg), AUTHPARSE_STATUS_OK);
    CHECK(cfg.auto_error && cfg.profile == AUTHPARSE_PROFILE_FASTAPI && !cfg.has_realm);
    CHECK_ST(authparse_http_basic_extract(&cfg, &req, buf, sizeof buf, &o, &c, &needed), AUTHPARSE_STATUS_OK);
    CHECK(o.kind == AUTHPARSE_OUTCOME_CREDENTIALS && o.http_status == 200 && o.reason == 0);
    CHECK(eq(c.username, "john") && eq(c.password, "secret") && within(c.username, buf, sizeof buf));
    CHECK(needed == 0);
    /* short buffer: exact size, nothing else written */
    CHECK_ST(authparse_http_basic_extract(&cfg, &req, small, sizeof small, &o, &c, &needed),
             AUTHPARSE_STATUS_BUFFER_TOO_SMALL);
    CHECK(needed == 11);
    CHECK_ST(authparse_http_basic_extract(&cfg, &req, NULL, 0, &o, &c, NULL), AUTHPARSE_STATUS_BUFFER_TOO_SMALL);
    CHECK_ST(authparse_http_basic_extract(&cfg, &req, NULL, 5, &o, &c, NULL), AUTHPARSE_STATUS_NULL_POINTER);
    CHECK_ST(authparse_http_basic_extract(NULL, &req, buf, sizeof buf, &o, &c, NULL), AUTHPARSE_STATUS_NULL_POINTER);
    CHECK_ST(authparse_http_basic_extract(&cfg, NULL, buf, sizeof buf, &o, &c, NULL), AUTHPARSE_STATUS_NULL_POINTER);
    CHECK_ST(authparse_http_basic_extract(&cfg, &req, buf, sizeof buf, NULL, &c, NULL), AUTHPARSE_STATUS_NULL_POINTER);
    /* on an error status the out-params are zeroed, not left holding the last credentials */
    CHECK_ST(authparse_http_basic_extract(&cfg, &req, buf, sizeof buf, &o, &c, NULL), AUTHPARSE_STATUS_OK);
    CHECK(o.kind == AUTHPARSE_OUTCOME_CREDENTIALS && c.username.len == 4);
    CHECK_ST(authparse_http_basic_extract(&cfg, NULL, buf, sizeof buf, &o, &c, NULL), AUTHPARSE_STATUS_NULL_POINTER);
    CHECK(o.kind == AUTHPARSE_OUTCOME_NONE && o.http_status == 0 && o.challenge.kind == AUTHPARSE_CHALLENGE_NONE);
    CHECK(c.username.ptr == NULL && c.username.len == 0 && c.password.ptr == NULL && c.password.len == 0);
    memset(&o, 0xA5, sizeof o);
    memset(&c, 0xA5, sizeof c);
    CHECK_ST(authparse_http_basic_extract(&cfg, &req, small, sizeof small, &o, &c, NULL),
             AUTHPARSE_STATUS_BUFFER_TOO_SMALL);
    CHECK(o.kind == AUTHPARSE_OUTCOME_NONE && c.username.ptr == NULL && c.password.len == 0);
    /* the output buffer must not overlap the request */
    CHECK_ST(authparse_http_basic_extract(&cfg, &req, (uint8_t *)h[1].value.ptr, 8, &o, &c, NULL),
             AUTHPARSE_STATUS_BUFFER_OVERLAP);
    /* missing: 401 with the realm challenge */
    cfg.has_realm = true;
    cfg.realm = V("simple");
    req.header_count = 1;
    CHECK_ST(authparse_http_basic_extract(&cfg, &req, buf, sizeof buf, &o, &c, NULL), AUTHPARSE_STATUS_OK);
    CHECK(o.kind == AUTHPARSE_OUTCOME_FAILURE && o.http_status == 401 && o.reason == AUTHPARSE_REASON_MISSING);
    CHECK(o.challenge.kind == AUTHPARSE_CHALLENGE_BASIC && c.username.len == 0);
    CHECK_ST(authparse_challenge_render(&o.challenge, out, sizeof out, &text, &needed), AUTHPARSE_STATUS_OK);
    CHECK(eq(text, "Basic realm=\"simple\"") && within(text, out, sizeof out));
    CHECK_ST(authparse_challenge_render(&o.challenge, out, 4, &text, &needed), AUTHPARSE_STATUS_BUFFER_TOO_SMALL);
    CHECK(needed == 20);
    CHECK(eq(authparse_outcome_body(&o), AUTHPARSE_NOT_AUTHENTICATED_BODY));
    {
        uint8_t resp[256];
        const char *expected = "HTTP/1.1 401 Unauthorized\r\nwww-authenticate: Basic realm=\"simple\"\r\n"
                               "content-length: 30\r\ncontent-type: application/json\r\n\r\n"
                               "{\"detail\":\"Not authenticated\"}";
        CHECK_ST(authparse_outcome_render_response(&o, resp, sizeof resp, &text, &needed), AUTHPARSE_STATUS_OK);
        CHECK(eq(text, expected) && within(text, resp, sizeof resp));
        CHECK_ST(authparse_outcome_render_response(&o, resp, 10, &text, &needed), AUTHPARSE_STATUS_BUFFER_TOO_SMALL);
        CHECK(needed == strlen(expected));
        CHECK_ST(authparse_outcome_render_response(NULL, resp, sizeof resp, &text, NULL), AUTHPARSE_STATUS_NULL_POINTER);
        /* a status FastAPI never answers a failure with (a caller's 403) is refused, not sent as 401 */
        authparse_outcome forbidden = o;
        forbidden.http_status = 403;
        CHECK_ST(authparse_outcome_render_response(&forbidden, resp, sizeof resp, &text, NULL),
                 AUTHPARSE_STATUS_INVALID_ARGUMENT);
    }
    /* auto_error off: absent */
    cfg.auto_error = false;
    CHECK_ST(authparse_http_basic_extract(&cfg, &req, buf, sizeof buf, &o, &c, NULL), AUTHPARSE_STATUS_OK);
    CHECK(o.kind == AUTHPARSE_OUTCOME_ABSENT && o.http_status == 200);
    CHECK(authparse_outcome_body(&o).len == 0 && authparse_outcome_body(NULL).len == 0);
    CHECK_ST(authparse_outcome_render_response(&o, out, sizeof out, &text, NULL), AUTHPARSE_STATUS_INVALID_ARGUMENT);
    /* strict profile: challenge escapes and adds the charset; duplicates are a 400 */
    cfg.auto_error = true;
    cfg.profile = AUTHPARSE_PROFILE_STRICT;
    cfg.realm = V("a\"b");
    CHECK_ST(authparse_http_basic_extract(&cfg, &req, buf, sizeof buf, &o, &c, NULL), AUTHPARSE_STATUS_OK);
    CHECK_ST(authparse_challenge_render(&o.challenge, out, sizeof out, &text, NULL), AUTHPARSE_STATUS_OK);
    CHECK(eq(text, "Basic realm=\"a\\\"b\", charset=\"UTF-8\""));
    /* a realm with CR/LF (or any control byte) would split the response: refused in both profiles */
    cfg.realm = V("a\r\nX-Evil: 1");
    CHECK_ST(authparse_http_basic_extract(&cfg, &req, buf, sizeof buf, &o, &c, NULL), AUTHPARSE_STATUS_OK);
    CHECK_ST(authparse_challenge_render(&o.challenge, out, sizeof out, &text, NULL),
             AUTHPARSE_STATUS_INVALID_CONFIGURATION);
    CHECK_ST(authparse_outcome_render_response(&o, out, sizeof out, &text, NULL),
             AUTHPARSE_STATUS_INVALID_CONFIGURATION);
    cfg.profile = AUTHPARSE_PROFILE_FASTAPI;
    CHECK_ST(authparse_http_basic_extract(&cfg, &req, buf, sizeof buf, &o, &c, NULL), AUTHPARSE_STATUS_OK);
    CHECK_ST(authparse_challenge_render(&o.challenge, out, sizeof out, &text, NULL),
             AUTHPARSE_STATUS_INVALID_CONFIGURATION);
    cfg.profile = AUTHPARSE_PROFILE_STRICT;
    cfg.realm = V("a\"b");
    h[0] = h[1];
    req.header_count = 2;
    CHECK_ST(authparse_http_basic_extract(&cfg, &req, buf, sizeof buf, &o, &c, NULL), AUTHPARSE_STATUS_OK);
    CHECK(o.http_status == 400 && o.reason == AUTHPARSE_REASON_DUPLICATE_CREDENTIALS);
    CHECK(eq(authparse_outcome_body(&o), AUTHPARSE_BAD_REQUEST_BODY));
    /* configuration checks */
    cfg.profile = 7;
    CHECK_ST(authparse_http_basic_extract(&cfg, &req, buf, sizeof buf, &o, &c, NULL), AUTHPARSE_STATUS_INVALID_ARGUMENT);
    cfg.profile = AUTHPARSE_PROFILE_FASTAPI;
    cfg.realm = V("\xff");
    CHECK_ST(authparse_http_basic_extract(&cfg, &req, buf, sizeof buf, &o, &c, NULL), AUTHPARSE_STATUS_CONFIG_NOT_UTF8);
    cfg.realm = (authparse_str){NULL, 3};
    CHECK_ST(authparse_http_basic_extract(&cfg, &req, buf, sizeof buf, &o, &c, NULL), AUTHPARSE_STATUS_NULL_POINTER);
    /* header views: NULL with a length is an error, NULL with 0 is empty */
    cfg.realm = V("");
    h[0].value = (authparse_str){NULL, 4};
    CHECK_ST(authparse_http_basic_extract(&cfg, &req, buf, sizeof buf, &o, &c, NULL), AUTHPARSE_STATUS_NULL_POINTER);
    h[0].value = (authparse_str){NULL, 0};
    CHECK_ST(authparse_http_basic_extract(&cfg, &req, buf, sizeof buf, &o, &c, NULL), AUTHPARSE_STATUS_OK);
    CHECK(o.kind == AUTHPARSE_OUTCOME_FAILURE && o.reason == AUTHPARSE_REASON_MISSING);
    req.headers = NULL;
    CHECK_ST(authparse_http_basic_extract(&cfg, &req, buf, sizeof buf, &o, &c, NULL), AUTHPARSE_STATUS_NULL_POINTER);
    req.header_count = 0;
    CHECK_ST(authparse_http_basic_extract(&cfg, &req, buf, sizeof buf, &o, &c, NULL), AUTHPARSE_STATUS_OK);
    CHECK_ST(authparse_scheme_config_init(NULL), AUTHPARSE_STATUS_NULL_POINTER);
}

static void test_header_schemes(void) {
    authparse_header h[2] = {{V("authorization"), V("bearer a b")}, {V("X-API-Key"), V("  k  ")}};
    authparse_request req = request(h, 2, V(""), V(""));
    authparse_scheme_config cfg;
    authparse_outcome o;
    authparse_authorization_credentials c;
    authparse_str v, text;
    uint8_t out[64];

    authparse_scheme_config_init(&cfg);
    CHECK_ST(authparse_http_bearer_extract(&cfg, &req, &o, &c), AUTHPARSE_STATUS_OK);
    CHECK(o.kind == AUTHPARSE_OUTCOME_CREDENTIALS && eq(c.scheme, "bearer") && eq(c.credentials, "a b"));
    CHECK(within(c.credentials, h[0].value.ptr, h[0].value.len));
    cfg.profile = AUTHPARSE_PROFILE_STRICT;
    CHECK_ST(authparse_http_bearer_extract(&cfg, &req, &o, &c), AUTHPARSE_STATUS_OK);
    CHECK(o.kind == AUTHPARSE_OUTCOME_FAILURE && o.reason == AUTHPARSE_REASON_MALFORMED_CREDENTIALS);
    CHECK(c.scheme.len == 0 && c.credentials.len == 0);
    CHECK_ST(authparse_challenge_render(&o.challenge, out, sizeof out, &text, NULL), AUTHPARSE_STATUS_OK);
    CHECK(eq(text, "Bearer"));
    CHECK_ST(authparse_http_bearer_extract(&cfg, &req, &o, NULL), AUTHPARSE_STATUS_NULL_POINTER);

    cfg.profile = AUTHPARSE_PROFILE_FASTAPI;
    CHECK_ST(authparse_http_digest_extract(&cfg, &req, &o, &c), AUTHPARSE_STATUS_OK);
    CHECK(o.kind == AUTHPARSE_OUTCOME_FAILURE && o.reason == AUTHPARSE_REASON_WRONG_SCHEME);
    CHECK_ST(authparse_challenge_render(&o.challenge, out, sizeof out, &text, NULL), AUTHPARSE_STATUS_OK);
    CHECK(eq(text, "Digest"));

    cfg.name = V("my-custom x509cert");
    CHECK_ST(authparse_http_base_extract(&cfg, &req, &o, &c), AUTHPARSE_STATUS_OK);
    CHECK(o.kind == AUTHPARSE_OUTCOME_CREDENTIALS && eq(c.scheme, "bearer"));
    cfg.profile = AUTHPARSE_PROFILE_STRICT;
    CHECK_ST(authparse_http_base_extract(&cfg, &req, &o, &c), AUTHPARSE_STATUS_OK);
    CHECK(o.kind == AUTHPARSE_OUTCOME_FAILURE && o.challenge.kind == AUTHPARSE_CHALLENGE_CUSTOM);
    CHECK_ST(authparse_challenge_render(&o.challenge, out, sizeof out, &text, NULL), AUTHPARSE_STATUS_OK);
    CHECK(eq(text, "My-Custom X509Cert"));

    cfg.profile = AUTHPARSE_PROFILE_FASTAPI;
    cfg.name = V("x-api-key");
    CHECK_ST(authparse_api_key_header_extract(&cfg, &req, &o, &v), AUTHPARSE_STATUS_OK);
    CHECK(o.kind == AUTHPARSE_OUTCOME_CREDENTIALS && eq(v, "  k  "));
    cfg.profile = AUTHPARSE_PROFILE_STRICT;
    CHECK_ST(authparse_api_key_header_extract(&cfg, &req, &o, &v), AUTHPARSE_STATUS_OK);
    CHECK(eq(v, "k"));
    cfg.name = V("missing");
    CHECK_ST(authparse_api_key_header_extract(&cfg, &req, &o, &v), AUTHPARSE_STATUS_OK);
    CHECK(o.kind == AUTHPARSE_OUTCOME_FAILURE && o.challenge.kind == AUTHPARSE_CHALLENGE_API_KEY);
    CHECK_ST(authparse_challenge_render(&o.challenge, out, sizeof out, &text, NULL), AUTHPARSE_STATUS_OK);
    CHECK(eq(text, "APIKey"));

    cfg.profile = AUTHPARSE_PROFILE_FASTAPI;
    CHECK_ST(authparse_oauth2_extract(&cfg, &req, &o, &v), AUTHPARSE_STATUS_OK);
    CHECK(eq(v, "bearer a b"));
    CHECK_ST(authparse_open_id_connect_extract(&cfg, &req, &o, &v), AUTHPARSE_STATUS_OK);
    CHECK(eq(v, "bearer a b"));
    CHECK_ST(authparse_oauth2_password_bearer_extract(&cfg, &req, &o, &v), AUTHPARSE_STATUS_OK);
    CHECK(eq(v, "a b"));
    CHECK_ST(authparse_oauth2_authorization_code_bearer_extract(&cfg, &req, &o, &v), AUTHPARSE_STATUS_OK);
    CHECK(eq(v, "a b"));
    cfg.profile = AUTHPARSE_PROFILE_STRICT;
    CHECK_ST(authparse_oauth2_password_bearer_extract(&cfg, &req, &o, &v), AUTHPARSE_STATUS_OK);
    CHECK(o.kind == AUTHPARSE_OUTCOME_FAILURE && v.len == 0);
    cfg.auto_error = false;
    req.header_count = 0;
    CHECK_ST(authparse_oauth2_authorization_code_bearer_extract(&cfg, &req, &o, &v), AUTHPARSE_STATUS_OK);
    CHECK(o.kind == AUTHPARSE_OUTCOME_ABSENT);
    CHECK_ST(authparse_open_id_connect_extract(&cfg, NULL, &o, &v), AUTHPARSE_STATUS_NULL_POINTER);

    CHECK_ST(authparse_request_find_header(&req, S("x-api-key"), &v), AUTHPARSE_STATUS_NOT_FOUND);
    req.header_count = 2;
    CHECK_ST(authparse_request_find_header(&req, S("X-API-KEY"), &v), AUTHPARSE_STATUS_OK);
    CHECK(eq(v, "  k  "));
    CHECK_ST(authparse_request_find_header(&req, NULL, 2, &v), AUTHPARSE_STATUS_NULL_POINTER);
    {
        authparse_challenge bad = {99, 0, false, {NULL, 0}};
        CHECK_ST(authparse_challenge_render(&bad, out, sizeof out, &text, NULL), AUTHPARSE_STATUS_INVALID_ARGUMENT);
        CHECK_ST(authparse_challenge_render(NULL, out, sizeof out, &text, NULL), AUTHPARSE_STATUS_NULL_POINTER);
    }
}

static void test_api_key_buffered(void) {
    authparse_header h[2] = {{V("cookie"), V("session=first")}, {V("Cookie"), V("a=1; session=\"s\\145c\"")}};
    authparse_request req = request(h, 2, V("key=first&k%65y=a%20b"), V(""));
    authparse_scheme_config cfg;
    authparse_outcome o;
    authparse_str v;
    uint8_t buf[32];
    size_t needed = 0;

    authparse_scheme_config_init(&cfg);
    cfg.name = V("key");
    CHECK_ST(authparse_api_key_query_extract(&cfg, &req, buf, sizeof buf, &o, &v, &needed), AUTHPARSE_STATUS_OK);
    CHECK(o.kind == AUTHPARSE_OUTCOME_CREDENTIALS && eq(v, "a b") && within(v, buf, sizeof buf));
    CHECK_ST(authparse_api_key_query_extract(&cfg, &req, buf, 1, &o, &v, &needed), AUTHPARSE_STATUS_BUFFER_TOO_SMALL);
    CHECK(needed == 3);
    cfg.profile = AUTHPARSE_PROFILE_STRICT;
    CHECK_ST(authparse_api_key_query_extract(&cfg, &req, buf, sizeof buf, &o, &v, NULL), AUTHPARSE_STATUS_OK);
    CHECK(o.kind == AUTHPARSE_OUTCOME_FAILURE && o.http_status == 400);

    cfg.profile = AUTHPARSE_PROFILE_FASTAPI;
    cfg.name = V("session");
    CHECK_ST(authparse_api_key_cookie_extract(&cfg, &req, buf, sizeof buf, &o, &v, &needed), AUTHPARSE_STATUS_OK);
    CHECK(eq(v, "sec") && within(v, buf, sizeof buf));
    CHECK_ST(authparse_api_key_cookie_extract(&cfg, &req, buf, 2, &o, &v, &needed), AUTHPARSE_STATUS_BUFFER_TOO_SMALL);
    CHECK(needed == 3);
    cfg.profile = AUTHPARSE_PROFILE_STRICT;
    /* strict: the name in two headers is a 400, as every strict duplicate */
    CHECK_ST(authparse_api_key_cookie_extract(&cfg, &req, buf, sizeof buf, &o, &v, NULL), AUTHPARSE_STATUS_OK);
    CHECK(o.kind == AUTHPARSE_OUTCOME_FAILURE && o.http_status == 400 &&
          o.reason == AUTHPARSE_REASON_DUPLICATE_CREDENTIALS && v.len == 0);
    req.header_count = 1;
    CHECK_ST(authparse_api_key_cookie_extract(&cfg, &req, buf, sizeof buf, &o, &v, NULL), AUTHPARSE_STATUS_OK);
    CHECK(eq(v, "first") && within(v, h[0].value.ptr, h[0].value.len));
    req.query = (authparse_str){NULL, 1};
    CHECK_ST(authparse_api_key_cookie_extract(&cfg, &req, buf, sizeof buf, &o, &v, NULL), AUTHPARSE_STATUS_NULL_POINTER);
}

static void test_primitives(void) {
    authparse_str a, b;
    uint8_t buf[32];
    size_t needed = 0, n = 0;
    bool yes = false;

    CHECK_ST(authparse_authorization_split(S("Bearer  tok "), &a, &b), AUTHPARSE_STATUS_OK);
    CHECK(eq(a, "Bearer") && eq(b, "tok"));
    CHECK_ST(authparse_authorization_split(S("Bearer\ttok"), &a, &b), AUTHPARSE_STATUS_OK);
    CHECK(eq(a, "Bearer\ttok") && b.len == 0);
    CHECK_ST(authparse_authorization_split(NULL, 0, &a, &b), AUTHPARSE_STATUS_OK);
    CHECK(a.len == 0 && b.len == 0);
    CHECK_ST(authparse_authorization_split(NULL, 1, &a, &b), AUTHPARSE_STATUS_NULL_POINTER);
    CHECK_ST(authparse_authorization_split(S("x"), NULL, &b), AUTHPARSE_STATUS_NULL_POINTER);
    CHECK_ST(authparse_authorization_split_strict(S(" Basic  abc \t"), &a, &b), AUTHPARSE_STATUS_OK);
    CHECK(eq(a, "Basic") && eq(b, "abc"));
    CHECK_ST(authparse_authorization_split_strict(S("Basic\tabc"), &a, &b), AUTHPARSE_STATUS_MALFORMED);
    CHECK_ST(authparse_authorization_is_token68(S("abc=="), &yes), AUTHPARSE_STATUS_OK);
    CHECK(yes);
    CHECK_ST(authparse_authorization_is_token68(S("a=b"), &yes), AUTHPARSE_STATUS_OK);
    CHECK(!yes);

    CHECK(authparse_base64_max_decoded_len(12) == 9 && authparse_base64_max_decoded_len(13) == 9);
    CHECK_ST(authparse_base64_decode_lenient(S("dXNl cjpw YXNz!!"), buf, sizeof buf, &a, &needed), AUTHPARSE_STATUS_OK);
    CHECK(eq(a, "user:pass") && within(a, buf, sizeof buf) && needed == 0);
    CHECK_ST(authparse_base64_decode_lenient(S("Zm9vOmJhcg=="), buf, 3, &a, &needed), AUTHPARSE_STATUS_BUFFER_TOO_SMALL);
    CHECK(needed == 7);
    CHECK_ST(authparse_base64_decode_lenient(S("O"), buf, sizeof buf, &a, NULL), AUTHPARSE_STATUS_BASE64_DANGLING_CHARACTER);
    CHECK_ST(authparse_base64_decode_lenient(S("Og"), buf, sizeof buf, &a, NULL), AUTHPARSE_STATUS_BASE64_BAD_PADDING);
    CHECK_ST(authparse_base64_decode_lenient(S("\xe9"), buf, sizeof buf, &a, NULL), AUTHPARSE_STATUS_BASE64_INVALID_BYTE);
    CHECK_ST(authparse_base64_decode_lenient(NULL, 0, NULL, 0, &a, NULL), AUTHPARSE_STATUS_OK);
    CHECK(a.len == 0);
    CHECK_ST(authparse_base64_decode_lenient(NULL, 4, buf, sizeof buf, &a, NULL), AUTHPARSE_STATUS_NULL_POINTER);
    CHECK_ST(authparse_base64_decode_strict(S("Og=="), buf, sizeof buf, &a, NULL), AUTHPARSE_STATUS_OK);
    CHECK(eq(a, ":"));
    CHECK_ST(authparse_base64_decode_strict(S("Oh=="), buf, sizeof buf, &a, NULL), AUTHPARSE_STATUS_BASE64_NON_CANONICAL);
    CHECK_ST(authparse_base64_decode_strict(S("Og"), buf, sizeof buf, &a, NULL), AUTHPARSE_STATUS_BASE64_BAD_PADDING);
    CHECK_ST(authparse_base64_decode_strict(S("Og=="), buf, sizeof buf, NULL, NULL), AUTHPARSE_STATUS_NULL_POINTER);
    {
        uint8_t inplace[] = "Og==";
        CHECK_ST(authparse_base64_decode_strict(inplace, 4, inplace, 4, &a, NULL), AUTHPARSE_STATUS_BUFFER_OVERLAP);
    }

    CHECK_ST(authparse_urlencoded_decode(S("a%20b%2Bc"), buf, sizeof buf, &a, NULL), AUTHPARSE_STATUS_OK);
    CHECK(eq(a, "a b+c") && within(a, buf, sizeof buf));
    CHECK_ST(authparse_urlencoded_decode(S("plain"), NULL, 0, &a, NULL), AUTHPARSE_STATUS_OK);
    CHECK(eq(a, "plain"));
    CHECK_ST(authparse_urlencoded_decode(S("\xc3\xa9=%C3%A9"), buf, sizeof buf, &a, NULL), AUTHPARSE_STATUS_OK);
    CHECK(eq(a, "\xc3\x83\xc2\xa9=\xc3\xa9"));
    CHECK_ST(authparse_urlencoded_decode(S("%C3%A9%C3%A9"), buf, 2, &a, &needed), AUTHPARSE_STATUS_BUFFER_TOO_SMALL);
    CHECK(needed == 4);
    CHECK_ST(authparse_urlencoded_decoded_len(S("%C3%A9%C3%A9"), &n), AUTHPARSE_STATUS_OK);
    CHECK(n == 4);
    CHECK_ST(authparse_urlencoded_decode_strict(S("%C3\xa9"), buf, sizeof buf, &a, NULL), AUTHPARSE_STATUS_OK);
    CHECK(eq(a, "\xc3\xa9"));
    CHECK_ST(authparse_urlencoded_decode_strict(S("%E2%82"), buf, sizeof buf, &a, NULL), AUTHPARSE_STATUS_INVALID_UTF8);
    CHECK_ST(authparse_urlencoded_decoded_len_strict(S("%E2%82"), &n), AUTHPARSE_STATUS_OK);
    CHECK(n == 2);
    CHECK_ST(authparse_urlencoded_decoded_len(NULL, 1, &n), AUTHPARSE_STATUS_NULL_POINTER);
    CHECK_ST(authparse_urlencoded_find_last(S("key=first&k%65y=second"), S("key"), &a), AUTHPARSE_STATUS_OK);
    CHECK(eq(a, "second"));
    CHECK_ST(authparse_urlencoded_find_last(S("KEY=x"), S("key"), &a), AUTHPARSE_STATUS_NOT_FOUND);
    CHECK_ST(authparse_urlencoded_find_last(S("k=x"), S("\xff"), &a), AUTHPARSE_STATUS_CONFIG_NOT_UTF8);

    CHECK_ST(authparse_text_latin1_to_utf8(S("caf\xe9"), buf, sizeof buf, &a, NULL), AUTHPARSE_STATUS_OK);
    CHECK(eq(a, "caf\xc3\xa9"));
    CHECK_ST(authparse_text_latin1_to_utf8(S("caf\xe9"), buf, 4, &a, &needed), AUTHPARSE_STATUS_BUFFER_TOO_SMALL);
    CHECK(needed == 5);
    CHECK_ST(authparse_text_latin1_eq(S("caf\xe9"), S("caf\xc3\xa9"), &yes), AUTHPARSE_STATUS_OK);
    CHECK(yes);
    CHECK_ST(authparse_text_latin1_eq(S("caf\xc3\xa9"), S("caf\xc3\xa9"), &yes), AUTHPARSE_STATUS_OK);
    CHECK(!yes);
    CHECK_ST(authparse_whitespace_strip_python(S("\xa0tok\x85\x1f"), &a), AUTHPARSE_STATUS_OK);
    CHECK(eq(a, "tok"));
    CHECK_ST(authparse_whitespace_trim_ows(S(" \ttok\x0b"), &a), AUTHPARSE_STATUS_OK);
    CHECK(eq(a, "tok\x0b"));
    CHECK_ST(authparse_whitespace_trim_ows(NULL, 2, &a), AUTHPARSE_STATUS_NULL_POINTER);

    CHECK_ST(authparse_cookie_unquote(S("\"s\\145cret\""), buf, sizeof buf, &a, NULL), AUTHPARSE_STATUS_OK);
    CHECK(eq(a, "secret"));
    CHECK_ST(authparse_cookie_unquote(S("\"plain\""), NULL, 0, &a, NULL), AUTHPARSE_STATUS_OK);
    CHECK(eq(a, "plain"));
    CHECK_ST(authparse_cookie_unquote(S("\"\\101\\102\""), buf, 1, &a, &needed), AUTHPARSE_STATUS_BUFFER_TOO_SMALL);
    CHECK(needed == 2);
}

static void test_iterators(void) {
    authparse_cookie_iter ci;
    authparse_cookie_pair cp;
    authparse_urlencoded_iter ui;
    authparse_urlencoded_pair up;
    authparse_multipart_iter mi, copy;
    authparse_multipart_part part;
    authparse_digest_iter di;
    authparse_digest_param dp;
    authparse_str a;
    uint8_t buf[32];
    size_t needed = 0;
    bool yes = false;
    static const char cookie[] = " ;;a = 1 ; b=x=y;\xa0" "c\xa0=\x85" "d ; justvalue; =;";
    static const char body[] =
        "preamble\r\n--b\r\nContent-Disposition: form-data; name=\"username\"\r\n\r\njohn\r\n"
        "--b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"x.txt\"\r\nContent-Type: text/plain\r\n\r\n"
        "data\r\n--b--\r\n";
    static const char digest[] =
        "username=\"Mufasa\", realm=\"r\\\"x\", nonce=\"n\", uri=\"/\", response=\"0123456789abcdef0123456789abcdef\"";

    CHECK_ST(authparse_cookie_iter_init(&ci, S(cookie), AUTHPARSE_PROFILE_FASTAPI), AUTHPARSE_STATUS_OK);
    CHECK_ST(authparse_cookie_iter_next(&ci, &cp), AUTHPARSE_STATUS_OK);
    CHECK(eq(cp.name, "a") && eq(cp.value, "1"));
    CHECK_ST(authparse_cookie_iter_next(&ci, &cp), AUTHPARSE_STATUS_OK);
    CHECK(eq(cp.name, "b") && eq(cp.value, "x=y"));
    CHECK_ST(authparse_cookie_iter_next(&ci, &cp), AUTHPARSE_STATUS_OK);
    CHECK(eq(cp.name, "c") && eq(cp.value, "d"));
    CHECK_ST(authparse_cookie_iter_next(&ci, &cp), AUTHPARSE_STATUS_OK);
    CHECK(eq(cp.name, "") && eq(cp.value, "justvalue"));
    CHECK_ST(authparse_cookie_iter_next(&ci, &cp), AUTHPARSE_STATUS_DONE);
    CHECK_ST(authparse_cookie_iter_next(&ci, &cp), AUTHPARSE_STATUS_DONE);
    CHECK_ST(authparse_cookie_iter_init(&ci, S("a=1;b=,;c;=d;e=\"\";f=\\"), AUTHPARSE_PROFILE_STRICT), AUTHPARSE_STATUS_OK);
    CHECK_ST(authparse_cookie_iter_next(&ci, &cp), AUTHPARSE_STATUS_OK);
    CHECK_ST(authparse_cookie_iter_next(&ci, &cp), AUTHPARSE_STATUS_MALFORMED);
    CHECK_ST(authparse_cookie_iter_next(&ci, &cp), AUTHPARSE_STATUS_MALFORMED);
    CHECK_ST(authparse_cookie_iter_next(&ci, &cp), AUTHPARSE_STATUS_MALFORMED);
    CHECK_ST(authparse_cookie_iter_next(&ci, &cp), AUTHPARSE_STATUS_OK);
    CHECK(eq(cp.name, "e") && cp.value.len == 0);
    CHECK_ST(authparse_cookie_iter_next(&ci, &cp), AUTHPARSE_STATUS_MALFORMED);
    CHECK_ST(authparse_cookie_iter_next(&ci, &cp), AUTHPARSE_STATUS_DONE);
    CHECK_ST(authparse_cookie_iter_init(&ci, NULL, 0, AUTHPARSE_PROFILE_FASTAPI), AUTHPARSE_STATUS_OK);
    CHECK_ST(authparse_cookie_iter_next(&ci, &cp), AUTHPARSE_STATUS_DONE);
    CHECK_ST(authparse_cookie_iter_init(&ci, NULL, 3, AUTHPARSE_PROFILE_FASTAPI), AUTHPARSE_STATUS_NULL_POINTER);
    CHECK_ST(authparse_cookie_iter_init(&ci, S("a=1"), 5), AUTHPARSE_STATUS_INVALID_ARGUMENT);
    memset(&ci, 0, sizeof ci);
    CHECK_ST(authparse_cookie_iter_next(&ci, &cp), AUTHPARSE_STATUS_INVALID_ARGUMENT);

    CHECK_ST(authparse_urlencoded_iter_init(&ui, S("&&key=a%20b&x&=&=v")), AUTHPARSE_STATUS_OK);
    CHECK_ST(authparse_urlencoded_iter_next(&ui, &up), AUTHPARSE_STATUS_OK);
    CHECK(eq(up.name, "key") && eq(up.value, "a%20b"));
    CHECK_ST(authparse_urlencoded_iter_next(&ui, &up), AUTHPARSE_STATUS_OK);
    CHECK(eq(up.name, "x") && up.value.len == 0);
    CHECK_ST(authparse_urlencoded_iter_next(&ui, &up), AUTHPARSE_STATUS_OK);
    CHECK(up.name.len == 0 && up.value.len == 0);
    CHECK_ST(authparse_urlencoded_iter_next(&ui, &up), AUTHPARSE_STATUS_OK);
    CHECK(up.name.len == 0 && eq(up.value, "v"));
    CHECK_ST(authparse_urlencoded_iter_next(&ui, &up), AUTHPARSE_STATUS_DONE);
    CHECK_ST(authparse_urlencoded_iter_next(NULL, &up), AUTHPARSE_STATUS_NULL_POINTER);

    CHECK_ST(authparse_multipart_boundary(S("multipart/form-data; charset=x; Boundary=\"a b\""), &a), AUTHPARSE_STATUS_OK);
    CHECK(eq(a, "a b"));
    CHECK_ST(authparse_multipart_boundary(S("multipart/form-data"), &a), AUTHPARSE_STATUS_NOT_FOUND);
    CHECK_ST(authparse_multipart_parameter(S("form-data; name=\"x\"; filename=f"), S("filename"), &a), AUTHPARSE_STATUS_OK);
    CHECK(eq(a, "f"));
    /* As the password form and python-multipart read Content-Type: the last
       boundary wins, a ';' inside quotes does not split. */
    CHECK_ST(authparse_multipart_boundary(S("multipart/form-data; boundary=x; boundary=z"), &a), AUTHPARSE_STATUS_OK);
    CHECK(eq(a, "z"));
    CHECK_ST(authparse_multipart_boundary(S("multipart/form-data; charset=\"a;boundary=q\"; boundary=z"), &a), AUTHPARSE_STATUS_OK);
    CHECK(eq(a, "z"));
    CHECK_ST(authparse_multipart_parameter(S("multipart/form-data; charset=\"a;boundary=q\"; boundary=z"), S("charset"), &a), AUTHPARSE_STATUS_OK);
    CHECK(eq(a, "a;boundary=q"));
    /* python-multipart's (and the form's) 256-byte limit, not RFC 2046's 70. */
    {
        char ct[64 + 257];
        int at = snprintf(ct, sizeof ct, "multipart/form-data; boundary=");
        memset(ct + at, 'b', 256);
        CHECK_ST(authparse_multipart_boundary((const uint8_t *)ct, (size_t)at + 256, &a), AUTHPARSE_STATUS_OK);
        CHECK(a.len == 256);
        ct[at + 256] = 'b';
        CHECK_ST(authparse_multipart_boundary((const uint8_t *)ct, (size_t)at + 257, &a), AUTHPARSE_STATUS_NOT_FOUND);
    }
    /* A boundary python-multipart would unescape is not a usable view. */
    CHECK_ST(authparse_multipart_boundary(S("multipart/form-data; boundary=\"a\\\"b\""), &a), AUTHPARSE_STATUS_NOT_FOUND);
    /* RFC 2046 (strict): the preamble line is skipped. */
    CHECK_ST(authparse_multipart_iter_init_profile(&mi, S(body), S("b"), AUTHPARSE_PROFILE_STRICT), AUTHPARSE_STATUS_OK);
    CHECK_ST(authparse_multipart_iter_next(&mi, &part), AUTHPARSE_STATUS_OK);
    CHECK(eq(part.name, "username") && eq(part.data, "john") && !part.has_filename && !part.has_content_type);
    copy = mi; /* a bitwise copy continues independently */
    CHECK_ST(authparse_multipart_iter_next(&mi, &part), AUTHPARSE_STATUS_OK);
    CHECK(eq(part.name, "f") && part.has_filename && eq(part.filename, "x.txt") && eq(part.content_type, "text/plain"));
    CHECK(eq(part.data, "data") && within(part.data, body, sizeof body));
    CHECK_ST(authparse_multipart_iter_next(&mi, &part), AUTHPARSE_STATUS_DONE);
    CHECK_ST(authparse_multipart_iter_next(&copy, &part), AUTHPARSE_STATUS_OK);
    CHECK(eq(part.name, "f"));
    CHECK_ST(authparse_multipart_iter_init(&mi, S("--b\r\nContent-Disposition: form-data\r\n\r\nx\r\n--b--"), S("b")), AUTHPARSE_STATUS_OK);
    CHECK_ST(authparse_multipart_iter_next(&mi, &part), AUTHPARSE_STATUS_MULTIPART_MISSING_NAME);
    CHECK_ST(authparse_multipart_iter_init_profile(&mi, NULL, 0, S("b"), AUTHPARSE_PROFILE_STRICT), AUTHPARSE_STATUS_OK);
    CHECK_ST(authparse_multipart_iter_next(&mi, &part), AUTHPARSE_STATUS_MALFORMED);
    CHECK_ST(authparse_multipart_iter_next(&mi, &part), AUTHPARSE_STATUS_DONE);
    /* FastAPI (python-multipart): a preamble line is an error, the same body
     * without it iterates, an empty or cut body just ends. */
    CHECK_ST(authparse_multipart_iter_init(&mi, S(body), S("b")), AUTHPARSE_STATUS_OK);
    CHECK_ST(authparse_multipart_iter_next(&mi, &part), AUTHPARSE_STATUS_MALFORMED);
    CHECK_ST(authparse_multipart_iter_init(&mi, (const uint8_t *)body + 10, sizeof body - 11, S("b")), AUTHPARSE_STATUS_OK);
    CHECK_ST(authparse_multipart_iter_next(&mi, &part), AUTHPARSE_STATUS_OK);
    CHECK(eq(part.name, "username") && eq(part.data, "john"));
    CHECK_ST(authparse_multipart_iter_next(&mi, &part), AUTHPARSE_STATUS_OK);
    CHECK(eq(part.name, "f") && eq(part.data, "data") && within(part.data, body, sizeof body));
    CHECK_ST(authparse_multipart_iter_next(&mi, &part), AUTHPARSE_STATUS_DONE);
    CHECK_ST(authparse_multipart_iter_init(&mi, NULL, 0, S("b")), AUTHPARSE_STATUS_OK);
    CHECK_ST(authparse_multipart_iter_next(&mi, &part), AUTHPARSE_STATUS_DONE);
    CHECK_ST(authparse_multipart_iter_init(&mi, S("--b\r\nContent-Disposition: form-data; name=a\r\n\r\nx"), S("b")),
             AUTHPARSE_STATUS_OK);
    CHECK_ST(authparse_multipart_iter_next(&mi, &part), AUTHPARSE_STATUS_DONE);
    CHECK_ST(authparse_multipart_iter_init_profile(&mi, S("--b\r\nContent-Disposition: form-data; name=a\r\n\r\nx"),
                                                   S("b"), AUTHPARSE_PROFILE_STRICT),
             AUTHPARSE_STATUS_OK);
    CHECK_ST(authparse_multipart_iter_next(&mi, &part), AUTHPARSE_STATUS_MALFORMED);
    CHECK_ST(authparse_multipart_iter_init_profile(&mi, S(body), S("b"), 7), AUTHPARSE_STATUS_INVALID_ARGUMENT);
    memset(&mi, 0, sizeof mi);
    CHECK_ST(authparse_multipart_iter_next(&mi, &part), AUTHPARSE_STATUS_INVALID_ARGUMENT);

    CHECK_ST(authparse_digest_iter_init(&di, S(digest)), AUTHPARSE_STATUS_OK);
    CHECK_ST(authparse_digest_iter_next(&di, &dp), AUTHPARSE_STATUS_OK);
    CHECK(eq(dp.name, "username") && eq(dp.value, "Mufasa") && dp.quoted);
    CHECK_ST(authparse_digest_iter_next(&di, &dp), AUTHPARSE_STATUS_OK);
    CHECK(eq(dp.name, "realm") && eq(dp.value, "r\\\"x"));
    CHECK_ST(authparse_digest_param_unescape(&dp, buf, sizeof buf, &a, NULL), AUTHPARSE_STATUS_OK);
    CHECK(eq(a, "r\"x") && within(a, buf, sizeof buf));
    CHECK_ST(authparse_digest_param_unescape(&dp, buf, 1, &a, &needed), AUTHPARSE_STATUS_BUFFER_TOO_SMALL);
    CHECK(needed == 3);
    while (authparse_digest_iter_next(&di, &dp) == AUTHPARSE_STATUS_OK) {}
    CHECK(eq(dp.name, "") || dp.name.len == 0);
    CHECK_ST(authparse_digest_iter_next(&di, &dp), AUTHPARSE_STATUS_DONE);
    CHECK_ST(authparse_digest_iter_init(&di, S("a=b c=d")), AUTHPARSE_STATUS_OK);
    CHECK_ST(authparse_digest_iter_next(&di, &dp), AUTHPARSE_STATUS_MALFORMED);
    CHECK_ST(authparse_digest_iter_next(&di, &dp), AUTHPARSE_STATUS_DONE);
    CHECK_ST(authparse_digest_is_valid_response(S(digest), &yes), AUTHPARSE_STATUS_OK);
    CHECK(yes);
    CHECK_ST(authparse_digest_is_valid_response(S("username=\"a\""), &yes), AUTHPARSE_STATUS_OK);
    CHECK(!yes);
    CHECK_ST(authparse_digest_iter_init(&di, NULL, 9), AUTHPARSE_STATUS_NULL_POINTER);
}

static void test_forms(void) {
    authparse_header h[1] = {{V("content-type"), V("application/x-www-form-urlencoded")}};
    authparse_request req = request(h, 1, V(""), V("username=johndoe&password=s%C3%A9cret&scope=me+items&client_id=c"));
    authparse_password_form_config cfg = {false, AUTHPARSE_PROFILE_FASTAPI, 0, 0};
    authparse_password_form_result f;
    uint8_t buf[128], body[512];
    size_t needed = 0;
    authparse_str text, tokens[4];
    size_t n = 0;

    CHECK_ST(authparse_password_form_extract(&cfg, &req, buf, sizeof buf, &f, &needed), AUTHPARSE_STATUS_OK);
    CHECK(f.kind == AUTHPARSE_FORM_VALID && f.http_status == 200 && !f.has_grant_type);
    CHECK(eq(f.username, "johndoe") && eq(f.password, "s\xc3\xa9" "cret") && eq(f.scope, "me items"));
    CHECK(f.has_client_id && eq(f.client_id, "c") && !f.has_client_secret);
    CHECK_ST(authparse_scopes_split(f.scope.ptr, f.scope.len, f.profile, tokens, 4, &n), AUTHPARSE_STATUS_OK);
    CHECK(n == 2 && eq(tokens[0], "me") && eq(tokens[1], "items"));
    CHECK_ST(authparse_password_form_render_body(&f, body, sizeof body, &text, NULL), AUTHPARSE_STATUS_OK);
    CHECK(text.len == 0);
    CHECK_ST(authparse_password_form_extract(&cfg, &req, buf, 2, &f, &needed), AUTHPARSE_STATUS_BUFFER_TOO_SMALL);
    CHECK(needed > 2 && f.kind == AUTHPARSE_FORM_NONE && f.username.len == 0); /* *out zeroed on error */

    /* 422: grant_type required (the Strict class), pattern mismatch echoed */
    cfg.grant_type_required = true;
    req.body = V("grant_type=refresh&username=u");
    CHECK_ST(authparse_password_form_extract(&cfg, &req, buf, sizeof buf, &f, &needed), AUTHPARSE_STATUS_OK);
    CHECK(f.kind == AUTHPARSE_FORM_INVALID && f.http_status == 422 && f.error_count == 2);
    CHECK(f.errors[0].kind == AUTHPARSE_FIELD_ERROR_PATTERN_MISMATCH && eq(f.errors[0].input, "refresh"));
    CHECK(f.errors[1].kind == AUTHPARSE_FIELD_ERROR_MISSING && f.errors[1].field == AUTHPARSE_FIELD_PASSWORD);
    CHECK_ST(authparse_password_form_render_body(&f, body, sizeof body, &text, NULL), AUTHPARSE_STATUS_OK);
    {
        static const char expected[] = "{\"detail\":[{\"type\":\"string_pattern_mismatch\",\"loc\":[\"body\",\"grant_type\"],"
            "\"msg\":\"String should match pattern '^password$'\",\"input\":\"refresh\","
            "\"ctx\":{\"pattern\":\"^password$\"}},{\"type\":\"missing\",\"loc\":[\"body\",\"password\"],"
            "\"msg\":\"Field required\",\"input\":null}]}";
        CHECK(eq(text, expected));
        CHECK_ST(authparse_password_form_render_body(&f, body, 10, &text, &needed), AUTHPARSE_STATUS_BUFFER_TOO_SMALL);
        CHECK(needed == sizeof expected - 1);
    }

    /* 400: FastAPI's form limits, strict RFC 6749 bodies */
    cfg.grant_type_required = false;
    cfg.max_fields = 1;
    req.body = V("a=1&b=2");
    CHECK_ST(authparse_password_form_extract(&cfg, &req, buf, sizeof buf, &f, NULL), AUTHPARSE_STATUS_OK);
    CHECK(f.kind == AUTHPARSE_FORM_REJECTED && f.http_status == 400 && f.rejection == AUTHPARSE_REJECTION_TOO_MANY_FIELDS);
    CHECK_ST(authparse_password_form_render_body(&f, body, sizeof body, &text, NULL), AUTHPARSE_STATUS_OK);
    CHECK(f.rejection_limit == 1); /* the configured limit, stated in the body */
    CHECK(eq(text, "{\"detail\":\"Too many fields. Maximum number of fields is 1.\"}"));
    f.rejection_limit = 0; /* 0 (a hand-filled result) renders Starlette's default */
    CHECK_ST(authparse_password_form_render_body(&f, body, sizeof body, &text, NULL), AUTHPARSE_STATUS_OK);
    CHECK(eq(text, "{\"detail\":\"Too many fields. Maximum number of fields is 1000.\"}"));
    cfg.max_fields = 0;
    cfg.max_field_size = 2048;
    {
        static uint8_t long_field[2050]; /* name + value (no "="): 2049 bytes, one over 2048 */
        memcpy(long_field, "username=", 9);
        memset(long_field + 9, 'u', sizeof long_field - 9);
        req.body = (authparse_str){long_field, sizeof long_field};
    }
    CHECK_ST(authparse_password_form_extract(&cfg, &req, buf, sizeof buf, &f, NULL), AUTHPARSE_STATUS_OK);
    CHECK(f.rejection == AUTHPARSE_REJECTION_FIELD_TOO_LARGE && f.rejection_limit == 2048);
    CHECK_ST(authparse_password_form_render_body(&f, body, sizeof body, &text, NULL), AUTHPARSE_STATUS_OK);
    CHECK(eq(text, "{\"detail\":\"Field exceeded maximum size of 2KB.\"}"));
    cfg.max_field_size = 0;
    cfg.profile = AUTHPARSE_PROFILE_STRICT;
    req.body = V("grant_type=password&username=u&username=v&password=p");
    CHECK_ST(authparse_password_form_extract(&cfg, &req, buf, sizeof buf, &f, NULL), AUTHPARSE_STATUS_OK);
    CHECK(f.kind == AUTHPARSE_FORM_REJECTED && f.rejection == AUTHPARSE_REJECTION_REPEATED_PARAMETER);
    CHECK(f.rejection_field == AUTHPARSE_FIELD_USERNAME);
    CHECK_ST(authparse_password_form_render_body(&f, body, sizeof body, &text, NULL), AUTHPARSE_STATUS_OK);
    CHECK(eq(text, "{\"error\":\"invalid_request\",\"error_description\":\"a parameter is repeated\"}"));
    req.body = V("grant_type=password&username=u&password=p&scope=a%20%20b");
    CHECK_ST(authparse_password_form_extract(&cfg, &req, buf, sizeof buf, &f, NULL), AUTHPARSE_STATUS_OK);
    CHECK(f.kind == AUTHPARSE_FORM_REJECTED && f.rejection == AUTHPARSE_REJECTION_INVALID_SCOPE);
    /* multipart (FastAPI profile) */
    cfg.profile = AUTHPARSE_PROFILE_FASTAPI;
    h[0].value = V("multipart/form-data; boundary=XyZ");
    req.body = V("--XyZ\r\nContent-Disposition: form-data; name=\"username\"\r\n\r\njohn\r\n"
                 "--XyZ\r\nContent-Disposition: form-data; name=\"password\"\r\n\r\npw\r\n--XyZ--\r\n");
    CHECK_ST(authparse_password_form_extract(&cfg, &req, buf, sizeof buf, &f, NULL), AUTHPARSE_STATUS_OK);
    CHECK(f.kind == AUTHPARSE_FORM_VALID && eq(f.username, "john") && eq(f.password, "pw"));
    CHECK_ST(authparse_password_form_extract(NULL, &req, buf, sizeof buf, &f, NULL), AUTHPARSE_STATUS_NULL_POINTER);
    f.kind = 42;
    CHECK_ST(authparse_password_form_render_body(&f, body, sizeof body, &text, NULL), AUTHPARSE_STATUS_INVALID_ARGUMENT);
}

static void test_scopes(void) {
    authparse_str tokens[3], out[8], text;
    authparse_str required[2] = {V("me"), V("items:read")};
    authparse_str lvl0[1] = {V("items")}, lvl1[2] = {V("me"), V("items")};
    authparse_scope_list chain[2] = {{lvl0, 1}, {lvl1, 2}};
    uint8_t buf[64];
    size_t n = 0, index = 0, needed = 0;
    bool yes = false;

    CHECK_ST(authparse_scopes_split(S("items:read  me\tadmin"), AUTHPARSE_PROFILE_FASTAPI, tokens, 3, &n), AUTHPARSE_STATUS_OK);
    CHECK(n == 3 && eq(tokens[0], "items:read") && eq(tokens[2], "admin"));
    CHECK_ST(authparse_scopes_split(S("a\xc2\xa0" "b"), AUTHPARSE_PROFILE_FASTAPI, tokens, 3, &n), AUTHPARSE_STATUS_OK);
    CHECK(n == 2);
    CHECK_ST(authparse_scopes_split(S("a  b"), AUTHPARSE_PROFILE_STRICT, tokens, 3, &n), AUTHPARSE_STATUS_OK);
    CHECK(n == 3 && tokens[1].len == 0);
    CHECK_ST(authparse_scopes_split(S("a b c d"), AUTHPARSE_PROFILE_FASTAPI, tokens, 3, &n), AUTHPARSE_STATUS_TOO_MANY_ITEMS);
    CHECK(n == 4 && eq(tokens[2], "c"));
    CHECK_ST(authparse_scopes_split(S("a b"), AUTHPARSE_PROFILE_FASTAPI, NULL, 0, &n), AUTHPARSE_STATUS_TOO_MANY_ITEMS);
    CHECK(n == 2);
    CHECK_ST(authparse_scopes_split(S("\xff"), AUTHPARSE_PROFILE_FASTAPI, tokens, 3, &n), AUTHPARSE_STATUS_INVALID_UTF8);
    CHECK_ST(authparse_scopes_validate_strict(S("read write")), AUTHPARSE_STATUS_OK);
    CHECK_ST(authparse_scopes_validate_strict(S("read  write")), AUTHPARSE_STATUS_MALFORMED);
    CHECK_ST(authparse_scopes_validate_strict(NULL, 0), AUTHPARSE_STATUS_OK);
    CHECK_ST(authparse_scopes_first_missing(S("items:read me"), AUTHPARSE_PROFILE_FASTAPI, required, 2, &index), AUTHPARSE_STATUS_OK);
    CHECK(index == 2);
    CHECK_ST(authparse_scopes_covers(S("items:read me"), AUTHPARSE_PROFILE_FASTAPI, required, 2, &yes), AUTHPARSE_STATUS_OK);
    CHECK(yes);
    CHECK_ST(authparse_scopes_first_missing(S("me"), AUTHPARSE_PROFILE_FASTAPI, required, 2, &index), AUTHPARSE_STATUS_OK);
    CHECK(index == 1);
    CHECK_ST(authparse_scopes_covers(S("me"), AUTHPARSE_PROFILE_STRICT, required, 2, &yes), AUTHPARSE_STATUS_OK);
    CHECK(!yes);
    CHECK_ST(authparse_scopes_covers(S("me"), AUTHPARSE_PROFILE_FASTAPI, NULL, 2, &yes), AUTHPARSE_STATUS_NULL_POINTER);
    CHECK_ST(authparse_security_scopes_from_chain(chain, 2, out, 8, &n), AUTHPARSE_STATUS_OK);
    CHECK(n == 2 && eq(out[0], "items") && eq(out[1], "me"));
    CHECK_ST(authparse_security_scopes_from_chain(chain, 2, out, 1, &n), AUTHPARSE_STATUS_TOO_MANY_ITEMS);
    CHECK(n == 2);
    CHECK_ST(authparse_security_scopes_from_chain(NULL, 0, out, 8, &n), AUTHPARSE_STATUS_OK);
    CHECK(n == 0);
    CHECK_ST(authparse_security_scopes_scope_str(out, 2, buf, sizeof buf, &text, NULL), AUTHPARSE_STATUS_OK);
    CHECK(eq(text, "items me"));
    CHECK_ST(authparse_security_scopes_challenge(out, 2, buf, sizeof buf, &text, NULL), AUTHPARSE_STATUS_OK);
    CHECK(eq(text, "Bearer scope=\"items me\"") && within(text, buf, sizeof buf));
    CHECK_ST(authparse_security_scopes_challenge(out, 2, buf, 5, &text, &needed), AUTHPARSE_STATUS_BUFFER_TOO_SMALL);
    CHECK(needed == 23);
    CHECK_ST(authparse_security_scopes_challenge(NULL, 0, buf, sizeof buf, &text, NULL), AUTHPARSE_STATUS_OK);
    CHECK(eq(text, "Bearer"));
    /* A scope holding CR/LF would split the response: refused. */
    authparse_str split[1] = {{(const uint8_t *)"a\r\nX-Evil: 1", 13}};
    CHECK_ST(authparse_security_scopes_challenge(split, 1, buf, sizeof buf, &text, NULL), AUTHPARSE_STATUS_INVALID_CONFIGURATION);
}

/* ---------------------------------------------------------------- OpenAPI (spec §8) */
static int render_eq(const authparse_openapi_scheme *s, const char *key, const char *json) {
    uint8_t buf[1024];
    size_t needed = 99;
    authparse_str k, j;
    authparse_status st = authparse_openapi_scheme_render(s, buf, sizeof buf, &k, &j, &needed);
    if (st != AUTHPARSE_STATUS_OK || !eq(k, key) || !eq(j, json) || !within(j, buf, sizeof buf) || needed != 0) {
        printf("  render: %s key=%.*s json=%.*s\n", authparse_status_str(st), (int)k.len, (const char *)k.ptr,
               (int)j.len, (const char *)j.ptr);
        return 0;
    }
    return 1;
}

static void test_openapi_scheme(void) {
    authparse_openapi_scheme s;
    authparse_openapi_flows flows;
    authparse_scope_description pw_scopes[2] = {{V("read"), V("Read access")}, {V("write"), V("Write access")}};
    authparse_scope_description code_scopes[2] = {{V("openid"), V("OpenID")}, {V("me"), V("Me")}};
    authparse_scope_description a_scope[1] = {{V("a"), V("A")}};
    authparse_json_member extra[2] = {{V("x-extra"), V("1")}, {V("x-drop"), V("null")}};
    uint8_t buf[256], small[8];
    size_t needed = 0;
    authparse_str k, j;
    static const char multi[] = "{\"type\":\"oauth2\",\"description\":\"Generic\",\"flows\":{\"implicit\":{\"scopes\":"
                                "{\"a\":\"A\"},\"authorizationUrl\":\"https://ex.com/auth\"},\"clientCredentials\":"
                                "{\"scopes\":{},\"tokenUrl\":\"https://ex.com/token\"}}}";

    /* §8.1 rows, byte-exact. */
    CHECK_ST(authparse_openapi_scheme_init(&s, AUTHPARSE_CLASS_API_KEY_HEADER), AUTHPARSE_STATUS_OK);
    s.name = V("X-API-Key");
    CHECK(render_eq(&s, "APIKeyHeader", "{\"type\":\"apiKey\",\"in\":\"header\",\"name\":\"X-API-Key\"}"));
    s.has_scheme_name = true;
    s.scheme_name = V("HeaderKey");
    s.has_description = true;
    s.description = V("Header key");
    CHECK(render_eq(&s, "HeaderKey",
                    "{\"type\":\"apiKey\",\"description\":\"Header key\",\"in\":\"header\",\"name\":\"X-API-Key\"}"));
    CHECK_ST(authparse_openapi_scheme_render(&s, buf, sizeof buf, &k, &j, NULL), AUTHPARSE_STATUS_OK);
    CHECK(within(k, s.scheme_name.ptr, s.scheme_name.len));
    CHECK_ST(authparse_openapi_scheme_init(&s, AUTHPARSE_CLASS_API_KEY_QUERY), AUTHPARSE_STATUS_OK);
    s.name = V("api_key");
    CHECK(render_eq(&s, "APIKeyQuery", "{\"type\":\"apiKey\",\"in\":\"query\",\"name\":\"api_key\"}"));
    CHECK_ST(authparse_openapi_scheme_init(&s, AUTHPARSE_CLASS_API_KEY_COOKIE), AUTHPARSE_STATUS_OK);
    s.name = V("session");
    CHECK(render_eq(&s, "APIKeyCookie", "{\"type\":\"apiKey\",\"in\":\"cookie\",\"name\":\"session\"}"));
    CHECK_ST(authparse_openapi_scheme_init(&s, AUTHPARSE_CLASS_HTTP_BASIC), AUTHPARSE_STATUS_OK);
    CHECK(render_eq(&s, "HTTPBasic", "{\"type\":\"http\",\"scheme\":\"basic\"}"));
    s.has_scheme_name = s.has_realm = s.has_description = true;
    s.scheme_name = V("BasicAuth");
    s.realm = V("simple");
    s.description = V("Basic auth");
    CHECK(render_eq(&s, "BasicAuth", "{\"type\":\"http\",\"description\":\"Basic auth\",\"scheme\":\"basic\"}"));
    CHECK_ST(authparse_openapi_scheme_init(&s, AUTHPARSE_CLASS_HTTP_BEARER), AUTHPARSE_STATUS_OK);
    CHECK(render_eq(&s, "HTTPBearer", "{\"type\":\"http\",\"scheme\":\"bearer\"}"));
    s.has_bearer_format = s.has_scheme_name = s.has_description = true;
    s.bearer_format = V("JWT");
    s.scheme_name = V("BearerJWT");
    s.description = V("JWT bearer");
    CHECK(render_eq(&s, "BearerJWT",
                    "{\"type\":\"http\",\"description\":\"JWT bearer\",\"scheme\":\"bearer\",\"bearerFormat\":\"JWT\"}"));
    CHECK_ST(authparse_openapi_scheme_init(&s, AUTHPARSE_CLASS_HTTP_DIGEST), AUTHPARSE_STATUS_OK);
    CHECK(render_eq(&s, "HTTPDigest", "{\"type\":\"http\",\"scheme\":\"digest\"}"));
    CHECK_ST(authparse_openapi_scheme_init(&s, AUTHPARSE_CLASS_HTTP_BASE), AUTHPARSE_STATUS_OK);
    s.scheme = V("Other");
    CHECK(render_eq(&s, "HTTPBase", "{\"type\":\"http\",\"scheme\":\"Other\"}"));
    CHECK_ST(authparse_openapi_scheme_init(&s, AUTHPARSE_CLASS_OAUTH2_PASSWORD_BEARER), AUTHPARSE_STATUS_OK);
    s.token_url = V("token");
    CHECK(render_eq(&s, "OAuth2PasswordBearer",
                    "{\"type\":\"oauth2\",\"flows\":{\"password\":{\"scopes\":{},\"tokenUrl\":\"token\"}}}"));
    s.token_url = V("/token");
    s.has_refresh_url = s.has_scheme_name = s.has_description = true;
    s.refresh_url = V("/refresh");
    s.scheme_name = V("PasswordFlow");
    s.description = V("Password flow");
    s.scopes = pw_scopes;
    s.scope_count = 2;
    CHECK(render_eq(&s, "PasswordFlow",
                    "{\"type\":\"oauth2\",\"description\":\"Password flow\",\"flows\":{\"password\":{\"refreshUrl\":"
                    "\"/refresh\",\"scopes\":{\"read\":\"Read access\",\"write\":\"Write access\"},\"tokenUrl\":\"/token\"}}}"));
    CHECK_ST(authparse_openapi_scheme_init(&s, AUTHPARSE_CLASS_OAUTH2_AUTHORIZATION_CODE_BEARER), AUTHPARSE_STATUS_OK);
    s.authorization_url = V("authorize");
    s.token_url = V("token");
    CHECK(render_eq(&s, "OAuth2AuthorizationCodeBearer",
                    "{\"type\":\"oauth2\",\"flows\":{\"authorizationCode\":{\"scopes\":{},\"authorizationUrl\":"
                    "\"authorize\",\"tokenUrl\":\"token\"}}}"));
    s.authorization_url = V("https://ex.com/authorize");
    s.token_url = V("https://ex.com/token");
    s.has_refresh_url = s.has_scheme_name = s.has_description = true;
    s.refresh_url = V("https://ex.com/refresh");
    s.scheme_name = V("CodeFlow");
    s.description = V("Code flow");
    s.scopes = code_scopes;
    s.scope_count = 2;
    CHECK(render_eq(&s, "CodeFlow",
                    "{\"type\":\"oauth2\",\"description\":\"Code flow\",\"flows\":{\"authorizationCode\":{\"refreshUrl\":"
                    "\"https://ex.com/refresh\",\"scopes\":{\"openid\":\"OpenID\",\"me\":\"Me\"},\"authorizationUrl\":"
                    "\"https://ex.com/authorize\",\"tokenUrl\":\"https://ex.com/token\"}}}"));
    CHECK_ST(authparse_openapi_scheme_init(&s, AUTHPARSE_CLASS_OAUTH2), AUTHPARSE_STATUS_OK);
    CHECK(render_eq(&s, "OAuth2", "{\"type\":\"oauth2\",\"flows\":{}}"));
    CHECK_ST(authparse_openapi_flows_init(&flows), AUTHPARSE_STATUS_OK);
    CHECK(!flows.implicit.present && !flows.password.present && flows.extra_count == 0);
    flows.implicit.present = true;
    flows.implicit.authorization_url = V("https://ex.com/auth");
    flows.implicit.token_url = (authparse_str){NULL, 7}; /* not read for implicit */
    flows.implicit.scopes = a_scope;
    flows.implicit.scope_count = 1;
    flows.client_credentials.present = true;
    flows.client_credentials.token_url = V("https://ex.com/token");
    s.flows = &flows;
    s.has_scheme_name = s.has_description = true;
    s.scheme_name = V("MultiFlow");
    s.description = V("Generic");
    CHECK(render_eq(&s, "MultiFlow", multi));
    /* §8.1 note: unknown keys pass through; null drops the member. */
    CHECK_ST(authparse_openapi_flows_init(&flows), AUTHPARSE_STATUS_OK);
    flows.password.present = true;
    flows.password.token_url = V("t");
    flows.password.extra = extra;
    flows.password.extra_count = 2;
    s.has_scheme_name = s.has_description = false;
    CHECK(render_eq(&s, "OAuth2", "{\"type\":\"oauth2\",\"flows\":{\"password\":{\"scopes\":{},\"tokenUrl\":\"t\",\"x-extra\":1}}}"));
    extra[0].json = V("{\"a\": 1}"); /* not compact */
    CHECK_ST(authparse_openapi_scheme_render(&s, buf, sizeof buf, &k, &j, NULL), AUTHPARSE_STATUS_INVALID_CONFIGURATION);
    extra[0].json = V("1");
    extra[0].key = V("tokenUrl"); /* a declared field */
    CHECK_ST(authparse_openapi_scheme_render(&s, buf, sizeof buf, &k, &j, NULL), AUTHPARSE_STATUS_INVALID_CONFIGURATION);
    extra[0].key = V("x-extra");
    CHECK_ST(authparse_openapi_scheme_init(&s, AUTHPARSE_CLASS_OPEN_ID_CONNECT), AUTHPARSE_STATUS_OK);
    s.open_id_connect_url = V("/.well-known/openid-configuration");
    CHECK(render_eq(&s, "OpenIdConnect",
                    "{\"type\":\"openIdConnect\",\"openIdConnectUrl\":\"/.well-known/openid-configuration\"}"));
    /* Python's escaping: short forms, lower-case \u00xx, raw UTF-8 and DEL. */
    CHECK_ST(authparse_openapi_scheme_init(&s, AUTHPARSE_CLASS_API_KEY_HEADER), AUTHPARSE_STATUS_OK);
    s.name = V("X-\xc3\x9c" "n\xc3\xaf" "code");
    s.has_description = true;
    s.description = V("tab\there \"q\" \\ \x1f\x7f");
    CHECK(render_eq(&s, "APIKeyHeader",
                    "{\"type\":\"apiKey\",\"description\":\"tab\\there \\\"q\\\" \\\\ \\u001f\x7f\",\"in\":\"header\","
                    "\"name\":\"X-\xc3\x9c" "n\xc3\xaf" "code\"}"));
    /* An empty but set description is written. */
    s.description = (authparse_str){NULL, 0};
    s.name = V("k");
    CHECK(render_eq(&s, "APIKeyHeader", "{\"type\":\"apiKey\",\"description\":\"\",\"in\":\"header\",\"name\":\"k\"}"));

    /* A short buffer states the exact size; nothing is written past it. */
    CHECK_ST(authparse_openapi_scheme_init(&s, AUTHPARSE_CLASS_HTTP_BASIC), AUTHPARSE_STATUS_OK);
    memset(buf, 0xAA, sizeof buf);
    CHECK_ST(authparse_openapi_scheme_render(&s, small, sizeof small, &k, &j, &needed), AUTHPARSE_STATUS_BUFFER_TOO_SMALL);
    CHECK(needed == 32);
    CHECK_ST(authparse_openapi_scheme_render(&s, NULL, 0, &k, &j, &needed), AUTHPARSE_STATUS_BUFFER_TOO_SMALL);
    CHECK(needed == 32);
    CHECK_ST(authparse_openapi_scheme_render(&s, buf, 31, &k, &j, &needed), AUTHPARSE_STATUS_BUFFER_TOO_SMALL);
    CHECK(needed == 32 && buf[31] == 0xAA);
    CHECK_ST(authparse_openapi_scheme_render(&s, buf, 32, &k, &j, &needed), AUTHPARSE_STATUS_OK);
    CHECK(needed == 0 && eq(j, "{\"type\":\"http\",\"scheme\":\"basic\"}"));

    /* NULL with a non-zero length, NULL arguments, bad input. */
    CHECK_ST(authparse_openapi_scheme_render(&s, NULL, 5, &k, &j, NULL), AUTHPARSE_STATUS_NULL_POINTER);
    CHECK_ST(authparse_openapi_scheme_render(NULL, buf, sizeof buf, &k, &j, NULL), AUTHPARSE_STATUS_NULL_POINTER);
    CHECK_ST(authparse_openapi_scheme_render(&s, buf, sizeof buf, NULL, &j, NULL), AUTHPARSE_STATUS_NULL_POINTER);
    CHECK_ST(authparse_openapi_scheme_render(&s, buf, sizeof buf, &k, NULL, NULL), AUTHPARSE_STATUS_NULL_POINTER);
    s.has_description = true;
    s.description = (authparse_str){NULL, 3};
    CHECK_ST(authparse_openapi_scheme_render(&s, buf, sizeof buf, &k, &j, NULL), AUTHPARSE_STATUS_NULL_POINTER);
    s.description = V("\xff");
    CHECK_ST(authparse_openapi_scheme_render(&s, buf, sizeof buf, &k, &j, NULL), AUTHPARSE_STATUS_CONFIG_NOT_UTF8);
    s.has_description = false; /* an unset view is not read */
    CHECK_ST(authparse_openapi_scheme_render(&s, buf, sizeof buf, &k, &j, NULL), AUTHPARSE_STATUS_OK);
    CHECK_ST(authparse_openapi_scheme_init(&s, AUTHPARSE_CLASS_OAUTH2_PASSWORD_BEARER), AUTHPARSE_STATUS_OK);
    s.scope_count = 1; /* scopes NULL */
    CHECK_ST(authparse_openapi_scheme_render(&s, buf, sizeof buf, &k, &j, NULL), AUTHPARSE_STATUS_NULL_POINTER);
    s.scopes = pw_scopes;
    s.token_url = (authparse_str){buf + 4, 4}; /* the output overlaps an input */
    CHECK_ST(authparse_openapi_scheme_render(&s, buf, sizeof buf, &k, &j, NULL), AUTHPARSE_STATUS_BUFFER_OVERLAP);
    CHECK_ST(authparse_openapi_scheme_init(&s, 12), AUTHPARSE_STATUS_INVALID_ARGUMENT);
    CHECK(s.kind == 12);
    CHECK_ST(authparse_openapi_scheme_render(&s, buf, sizeof buf, &k, &j, NULL), AUTHPARSE_STATUS_INVALID_ARGUMENT);
    memset(&s, 0, sizeof s); /* kind 0: no class */
    CHECK_ST(authparse_openapi_scheme_render(&s, buf, sizeof buf, &k, &j, NULL), AUTHPARSE_STATUS_INVALID_ARGUMENT);
    CHECK_ST(authparse_openapi_scheme_init(NULL, AUTHPARSE_CLASS_OAUTH2), AUTHPARSE_STATUS_NULL_POINTER);
    CHECK_ST(authparse_openapi_flows_init(NULL), AUTHPARSE_STATUS_NULL_POINTER);
    {
        static authparse_scope_description many[AUTHPARSE_OPENAPI_MAX_SCOPES + 1];
        size_t i;
        for (i = 0; i < AUTHPARSE_OPENAPI_MAX_SCOPES + 1; i++) many[i] = (authparse_scope_description){V("s"), V("")};
        CHECK_ST(authparse_openapi_scheme_init(&s, AUTHPARSE_CLASS_OAUTH2_PASSWORD_BEARER), AUTHPARSE_STATUS_OK);
        s.scopes = many;
        s.scope_count = AUTHPARSE_OPENAPI_MAX_SCOPES;
        CHECK_ST(authparse_openapi_scheme_render(&s, buf, sizeof buf, &k, &j, NULL), AUTHPARSE_STATUS_OK);
        CHECK(eq(j, "{\"type\":\"oauth2\",\"flows\":{\"password\":{\"scopes\":{\"s\":\"\"},\"tokenUrl\":\"\"}}}"));
        s.scope_count = AUTHPARSE_OPENAPI_MAX_SCOPES + 1;
        CHECK_ST(authparse_openapi_scheme_render(&s, buf, sizeof buf, &k, &j, NULL), AUTHPARSE_STATUS_INVALID_ARGUMENT);
    }
}

static void test_openapi_schemes(void) {
    authparse_openapi_scheme list[3];
    uint8_t buf[256];
    size_t needed = 0;
    authparse_str j;
    static const char merged[] =
        "{\"APIKeyHeader\":{\"type\":\"apiKey\",\"in\":\"header\",\"name\":\"B\"},\"HTTPBearer\":{\"type\":\"http\","
        "\"scheme\":\"bearer\"}}";

    /* §8.1: a repeated key keeps its first position and takes the last value. */
    authparse_openapi_scheme_init(&list[0], AUTHPARSE_CLASS_API_KEY_HEADER);
    list[0].name = V("A");
    authparse_openapi_scheme_init(&list[1], AUTHPARSE_CLASS_HTTP_BEARER);
    authparse_openapi_scheme_init(&list[2], AUTHPARSE_CLASS_API_KEY_HEADER);
    list[2].name = V("B");
    CHECK_ST(authparse_openapi_schemes_render(list, 3, false, buf, sizeof buf, &j, &needed), AUTHPARSE_STATUS_OK);
    CHECK(eq(j, merged) && within(j, buf, sizeof buf) && needed == 0);
    CHECK_ST(authparse_openapi_schemes_render(list, 3, true, buf, sizeof buf, &j, &needed),
             AUTHPARSE_STATUS_INVALID_CONFIGURATION);
    list[2].name = V("A"); /* the same value twice is no collision */
    CHECK_ST(authparse_openapi_schemes_render(list, 3, true, buf, sizeof buf, &j, NULL), AUTHPARSE_STATUS_OK);
    CHECK(eq(j, "{\"APIKeyHeader\":{\"type\":\"apiKey\",\"in\":\"header\",\"name\":\"A\"},\"HTTPBearer\":{\"type\":"
                "\"http\",\"scheme\":\"bearer\"}}"));
    CHECK_ST(authparse_openapi_schemes_render(list, 3, false, buf, 10, &j, &needed), AUTHPARSE_STATUS_BUFFER_TOO_SMALL);
    CHECK(needed == sizeof merged - 1);
    CHECK_ST(authparse_openapi_schemes_render(NULL, 0, false, buf, sizeof buf, &j, NULL), AUTHPARSE_STATUS_OK);
    CHECK(eq(j, "{}"));
    CHECK_ST(authparse_openapi_schemes_render(NULL, 2, false, buf, sizeof buf, &j, NULL), AUTHPARSE_STATUS_NULL_POINTER);
    CHECK_ST(authparse_openapi_schemes_render(list, 3, false, NULL, 4, &j, NULL), AUTHPARSE_STATUS_NULL_POINTER);
    CHECK_ST(authparse_openapi_schemes_render(list, 3, false, buf, sizeof buf, NULL, NULL), AUTHPARSE_STATUS_NULL_POINTER);
    CHECK_ST(authparse_openapi_schemes_render(list, AUTHPARSE_OPENAPI_MAX_SCHEMES + 1, false, buf, sizeof buf, &j, NULL),
             AUTHPARSE_STATUS_INVALID_ARGUMENT);
    list[1].has_description = true;
    list[1].description = V("\xc3");
    CHECK_ST(authparse_openapi_schemes_render(list, 3, false, buf, sizeof buf, &j, NULL), AUTHPARSE_STATUS_CONFIG_NOT_UTF8);
}

static void test_openapi_requirements(void) {
    authparse_str a[1] = {V("a")}, ba[2] = {V("b"), V("a")}, x[1] = {V("x")};
    authparse_openapi_requirement reqs[3] = {
        {V("OAuth2PasswordBearer"), a, 1}, {V("OAuth2PasswordBearer"), ba, 2}, {V("APIKeyHeader"), x, 1}};
    static const char want[] = "[{\"OAuth2PasswordBearer\":[\"a\",\"b\"]},{\"APIKeyHeader\":[\"x\"]}]";
    uint8_t buf[128];
    size_t needed = 0;
    authparse_str j;

    /* §8.2: merged by name in first-seen order, scopes unioned (for any scheme). */
    CHECK_ST(authparse_openapi_requirements_render(reqs, 3, buf, sizeof buf, &j, &needed), AUTHPARSE_STATUS_OK);
    CHECK(eq(j, want) && within(j, buf, sizeof buf));
    CHECK_ST(authparse_openapi_requirements_render(reqs, 3, buf, 7, &j, &needed), AUTHPARSE_STATUS_BUFFER_TOO_SMALL);
    CHECK(needed == sizeof want - 1);
    CHECK_ST(authparse_openapi_requirements_render(NULL, 0, buf, sizeof buf, &j, &needed), AUTHPARSE_STATUS_OK);
    CHECK(eq(j, "[]"));
    reqs[2].scopes = NULL; /* Depends(...): no scopes */
    reqs[2].scope_count = 0;
    CHECK_ST(authparse_openapi_requirements_render(reqs, 3, buf, sizeof buf, &j, NULL), AUTHPARSE_STATUS_OK);
    CHECK(eq(j, "[{\"OAuth2PasswordBearer\":[\"a\",\"b\"]},{\"APIKeyHeader\":[]}]"));
    reqs[2].scope_count = 1;
    CHECK_ST(authparse_openapi_requirements_render(reqs, 3, buf, sizeof buf, &j, NULL), AUTHPARSE_STATUS_NULL_POINTER);
    CHECK_ST(authparse_openapi_requirements_render(NULL, 1, buf, sizeof buf, &j, NULL), AUTHPARSE_STATUS_NULL_POINTER);
    CHECK_ST(authparse_openapi_requirements_render(reqs, 2, NULL, 3, &j, NULL), AUTHPARSE_STATUS_NULL_POINTER);
    CHECK_ST(authparse_openapi_requirements_render(reqs, 2, buf, sizeof buf, NULL, NULL), AUTHPARSE_STATUS_NULL_POINTER);
    CHECK_ST(authparse_openapi_requirements_render(reqs, AUTHPARSE_OPENAPI_MAX_REQUIREMENTS + 1, buf, sizeof buf, &j, NULL),
             AUTHPARSE_STATUS_INVALID_ARGUMENT);
    ba[0] = V("\xfe");
    CHECK_ST(authparse_openapi_requirements_render(reqs, 2, buf, sizeof buf, &j, NULL), AUTHPARSE_STATUS_CONFIG_NOT_UTF8);
}

static void test_openapi_password_form(void) {
    static const char body[] = "{\"content\":{\"application/x-www-form-urlencoded\":{\"schema\":{\"$ref\":"
                               "\"#/components/schemas/Body_token_token_post\"}}},\"required\":true}";
    static const char form[] =
        "{\"properties\":{\"grant_type\":{\"anyOf\":[{\"type\":\"string\",\"pattern\":\"^password$\"},{\"type\":"
        "\"null\"}],\"title\":\"Grant Type\"},\"username\":{\"type\":\"string\",\"title\":\"Username\"},\"password\":"
        "{\"type\":\"string\",\"format\":\"password\",\"title\":\"Password\"},\"scope\":{\"type\":\"string\",\"title\":"
        "\"Scope\",\"default\":\"\"},\"client_id\":{\"anyOf\":[{\"type\":\"string\"},{\"type\":\"null\"}],\"title\":"
        "\"Client Id\"},\"client_secret\":{\"anyOf\":[{\"type\":\"string\"},{\"type\":\"null\"}],\"format\":\"password\","
        "\"title\":\"Client Secret\"}},\"type\":\"object\",\"required\":[\"username\",\"password\"],\"title\":"
        "\"Body_token_token_post\"}";
    static const char strict[] =
        "{\"properties\":{\"grant_type\":{\"type\":\"string\",\"pattern\":\"^password$\",\"title\":\"Grant Type\"},"
        "\"username\":{\"type\":\"string\",\"title\":\"Username\"},\"password\":{\"type\":\"string\",\"title\":"
        "\"Password\"},\"scope\":{\"type\":\"string\",\"title\":\"Scope\",\"default\":\"\"},\"client_id\":{\"anyOf\":"
        "[{\"type\":\"string\"},{\"type\":\"null\"}],\"title\":\"Client Id\"},\"client_secret\":{\"anyOf\":[{\"type\":"
        "\"string\"},{\"type\":\"null\"}],\"title\":\"Client Secret\"}},\"type\":\"object\",\"required\":[\"grant_type\","
        "\"username\",\"password\"],\"title\":\"Body_token_strict_token_strict_post\"}";
    uint8_t buf[1024];
    size_t needed = 0;
    authparse_str j;

    /* §8.3, byte-exact. */
    CHECK_ST(authparse_openapi_password_form_request_body_render(S("token_token_post"), false, buf, sizeof buf, &j, &needed),
             AUTHPARSE_STATUS_OK);
    CHECK(eq(j, body) && within(j, buf, sizeof buf));
    CHECK_ST(authparse_openapi_password_form_request_body_render(S("Body_token_token_post"), true, buf, sizeof buf, &j, NULL),
             AUTHPARSE_STATUS_OK);
    CHECK(eq(j, body));
    CHECK_ST(authparse_openapi_password_form_schema_render(S("token_token_post"), false, false, buf, sizeof buf, &j, NULL),
             AUTHPARSE_STATUS_OK);
    CHECK(eq(j, form));
    CHECK_ST(authparse_openapi_password_form_schema_render(S("token_strict_token_strict_post"), false, true, buf,
                                                           sizeof buf, &j, NULL),
             AUTHPARSE_STATUS_OK);
    CHECK(eq(j, strict));
    CHECK_ST(authparse_openapi_password_form_schema_render(S("Login"), true, false, buf, sizeof buf, &j, NULL),
             AUTHPARSE_STATUS_OK);
    CHECK(j.len > 16 && memcmp(j.ptr + j.len - 16, "\"title\":\"Login\"}", 16) == 0);
    /* Short buffers. */
    CHECK_ST(authparse_openapi_password_form_request_body_render(S("token_token_post"), false, buf, 20, &j, &needed),
             AUTHPARSE_STATUS_BUFFER_TOO_SMALL);
    CHECK(needed == sizeof body - 1);
    CHECK_ST(authparse_openapi_password_form_schema_render(S("token_token_post"), false, false, NULL, 0, &j, &needed),
             AUTHPARSE_STATUS_BUFFER_TOO_SMALL);
    CHECK(needed == sizeof form - 1);
    /* NULL with a length, bad UTF-8, NULL out-param, overlap. */
    CHECK_ST(authparse_openapi_password_form_request_body_render(NULL, 3, false, buf, sizeof buf, &j, NULL),
             AUTHPARSE_STATUS_NULL_POINTER);
    CHECK_ST(authparse_openapi_password_form_schema_render(NULL, 3, false, false, buf, sizeof buf, &j, NULL),
             AUTHPARSE_STATUS_NULL_POINTER);
    CHECK_ST(authparse_openapi_password_form_schema_render(S("x"), false, false, NULL, 9, &j, NULL),
             AUTHPARSE_STATUS_NULL_POINTER);
    CHECK_ST(authparse_openapi_password_form_schema_render(S("x"), false, false, buf, sizeof buf, NULL, NULL),
             AUTHPARSE_STATUS_NULL_POINTER);
    CHECK_ST(authparse_openapi_password_form_schema_render(S("\x80"), false, false, buf, sizeof buf, &j, NULL),
             AUTHPARSE_STATUS_CONFIG_NOT_UTF8);
    CHECK_ST(authparse_openapi_password_form_request_body_render(NULL, 0, false, buf, sizeof buf, &j, NULL),
             AUTHPARSE_STATUS_OK);
    CHECK(j.len == sizeof body - 1 - 16);
    memcpy(buf, "abc", 3);
    CHECK_ST(authparse_openapi_password_form_schema_render(buf, 3, false, false, buf + 1, 100, &j, NULL),
             AUTHPARSE_STATUS_BUFFER_OVERLAP);
}

static void test_secrets(void) {
    bool equal = true;
    uint8_t buf[8] = {'s', 'e', 'c', 'r', 'e', 't', '!', '!'};
    size_t i;
    int zero = 1;

    CHECK_ST(authparse_ct_eq(S("secret"), S("secret"), &equal), AUTHPARSE_STATUS_OK);
    CHECK(equal);
    CHECK_ST(authparse_ct_eq(S("secret"), S("secreT"), &equal), AUTHPARSE_STATUS_OK);
    CHECK(!equal);
    equal = true;
    CHECK_ST(authparse_ct_eq(S("Secret"), S("secret"), &equal), AUTHPARSE_STATUS_OK);
    CHECK(!equal);
    equal = true;
    CHECK_ST(authparse_ct_eq(S("secret"), S("secre"), &equal), AUTHPARSE_STATUS_OK);
    CHECK(!equal);
    CHECK_ST(authparse_ct_eq(NULL, 0, S(""), &equal), AUTHPARSE_STATUS_OK);
    CHECK(equal);
    CHECK_ST(authparse_ct_eq(NULL, 3, S("abc"), &equal), AUTHPARSE_STATUS_NULL_POINTER);
    CHECK_ST(authparse_ct_eq(S("a"), S("a"), NULL), AUTHPARSE_STATUS_NULL_POINTER);

    CHECK_ST(authparse_wipe(buf, 6), AUTHPARSE_STATUS_OK);
    for (i = 0; i < 6; i++) zero &= buf[i] == 0;
    CHECK(zero && buf[6] == '!' && buf[7] == '!');
    CHECK_ST(authparse_wipe(NULL, 0), AUTHPARSE_STATUS_OK);
    CHECK_ST(authparse_wipe(NULL, 4), AUTHPARSE_STATUS_NULL_POINTER);
}

/* BUFFER_OVERLAP covers everything a call reads or writes besides its output
 * buffer: configuration strings (the realm a challenge is rendered from),
 * structs passed by pointer and out-params. An empty multipart boundary is
 * INVALID_ARGUMENT. */
static void test_overlap_guard(void) {
    union {
        uint8_t bytes[512];
        void *align_p;
        uint64_t align_u;
        double align_d;
    } arena;
    uint8_t *buf = arena.bytes;
    const size_t len = 256;
    authparse_header h[1] = {{V("Authorization"), V("Basic am9objpzZWNyZXQ=")}};
    authparse_request req = request(h, 1, V(""), V(""));
    authparse_scheme_config cfg;
    authparse_outcome o;
    authparse_basic_credentials c;
    authparse_str out;
    size_t needed = 0;

    memset(&arena, 0, sizeof arena);
    authparse_scheme_config_init(&cfg);
    cfg.has_realm = true;
    memcpy(buf + 200, "simple", 6);
    cfg.realm = (authparse_str){buf + 200, 6};
    CHECK_ST(authparse_http_basic_extract(&cfg, &req, buf, len, &o, &c, &needed), AUTHPARSE_STATUS_BUFFER_OVERLAP);
    CHECK(memcmp(buf + 200, "simple", 6) == 0); /* the realm was not overwritten */
    cfg.realm = V("simple");
    CHECK_ST(authparse_http_basic_extract(&cfg, &req, buf, len, (authparse_outcome *)(void *)(buf + 64), &c, NULL),
             AUTHPARSE_STATUS_BUFFER_OVERLAP);
    CHECK_ST(authparse_http_basic_extract(&cfg, &req, buf, len, &o, (authparse_basic_credentials *)(void *)(buf + 128),
                                          NULL),
             AUTHPARSE_STATUS_BUFFER_OVERLAP);
    CHECK_ST(authparse_http_basic_extract(&cfg, &req, buf, len, &o, &c, (size_t *)(void *)(buf + 240)),
             AUTHPARSE_STATUS_BUFFER_OVERLAP);
    memcpy(buf + 160, &cfg, sizeof cfg);
    CHECK_ST(authparse_http_basic_extract((const authparse_scheme_config *)(void *)(buf + 160), &req, buf, len, &o, &c,
                                          NULL),
             AUTHPARSE_STATUS_BUFFER_OVERLAP);
    memcpy(buf + 96, &req, sizeof req);
    CHECK_ST(authparse_http_basic_extract(&cfg, (const authparse_request *)(void *)(buf + 96), buf, len, &o, &c, NULL),
             AUTHPARSE_STATUS_BUFFER_OVERLAP);
    /* just past the buffer is fine */
    CHECK_ST(authparse_http_basic_extract(&cfg, &req, buf, len, &o, (authparse_basic_credentials *)(void *)(buf + 256),
                                          NULL),
             AUTHPARSE_STATUS_OK);
    CHECK(o.kind == AUTHPARSE_OUTCOME_CREDENTIALS);

    /* API-key name, decoder and renderer out-params */
    cfg.name = (authparse_str){buf + 8, 4};
    CHECK_ST(authparse_api_key_query_extract(&cfg, &req, buf, len, &o, &out, NULL), AUTHPARSE_STATUS_BUFFER_OVERLAP);
    CHECK_ST(authparse_base64_decode_strict(S("am9objpzZWNyZXQ="), buf, len, (authparse_str *)(void *)(buf + 16), NULL),
             AUTHPARSE_STATUS_BUFFER_OVERLAP);
    CHECK_ST(authparse_base64_decode_strict(S("am9objpzZWNyZXQ="), buf, len, &out, (size_t *)(void *)(buf + 48)),
             AUTHPARSE_STATUS_BUFFER_OVERLAP);
    CHECK_ST(authparse_base64_decode_strict(S("am9objpzZWNyZXQ="), buf, len, &out, &needed), AUTHPARSE_STATUS_OK);
    CHECK(eq(out, "john:secret"));
    {
        authparse_challenge ch = {AUTHPARSE_CHALLENGE_BASIC, AUTHPARSE_PROFILE_FASTAPI, true, {(const uint8_t *)"r", 1}};
        memcpy(buf + 64, &ch, sizeof ch);
        CHECK_ST(authparse_challenge_render((const authparse_challenge *)(void *)(buf + 64), buf, len, &out, NULL),
                 AUTHPARSE_STATUS_BUFFER_OVERLAP);
        CHECK_ST(authparse_challenge_render(&ch, buf, len, &out, NULL), AUTHPARSE_STATUS_OK);
        CHECK(eq(out, "Basic realm=\"r\""));
    }
    CHECK_ST(authparse_openapi_password_form_schema_render(S("token_token_post"), false, false, buf, len,
                                                           (authparse_str *)(void *)(buf + 32), NULL),
             AUTHPARSE_STATUS_BUFFER_OVERLAP);

    /* multipart: a boundary of length 0 cannot delimit anything */
    {
        authparse_multipart_iter it;
        authparse_multipart_part part;
        const char body[] = "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx\r\n--b--\r\n";
        CHECK_ST(authparse_multipart_iter_init(&it, S(body), NULL, 0), AUTHPARSE_STATUS_INVALID_ARGUMENT);
        CHECK_ST(authparse_multipart_iter_next(&it, &part), AUTHPARSE_STATUS_INVALID_ARGUMENT);
        CHECK_ST(authparse_multipart_iter_init(&it, S(body), (const uint8_t *)"b", 0), AUTHPARSE_STATUS_INVALID_ARGUMENT);
        CHECK_ST(authparse_multipart_iter_init(&it, S(body), S("b")), AUTHPARSE_STATUS_OK);
        CHECK_ST(authparse_multipart_iter_next(&it, &part), AUTHPARSE_STATUS_OK);
        CHECK(eq(part.data, "x"));
    }

    /* a buffer length above PTRDIFF_MAX is INVALID_ARGUMENT (the buffer's own
       arguments are checked before any overlap with the inputs) */
    {
        const size_t huge = (size_t)PTRDIFF_MAX + 1;
        CHECK_ST(authparse_base64_decode_lenient(S("am9objpzZWNyZXQ="), buf, huge, &out, &needed),
                 AUTHPARSE_STATUS_INVALID_ARGUMENT);
        CHECK(needed == 0 && out.ptr == NULL && out.len == 0);
        CHECK_ST(authparse_urlencoded_decode(S("a%20b"), buf, huge, &out, NULL), AUTHPARSE_STATUS_INVALID_ARGUMENT);
        CHECK_ST(authparse_http_basic_extract(&cfg, &req, buf, huge, &o, &c, NULL), AUTHPARSE_STATUS_INVALID_ARGUMENT);
        CHECK(o.kind == AUTHPARSE_OUTCOME_NONE);
        CHECK_ST(authparse_http_basic_extract(&cfg, &req, NULL, huge, &o, &c, NULL), AUTHPARSE_STATUS_NULL_POINTER);
    }
}

int main(void) {
    test_status_and_version();
    test_secrets();
    test_basic();
    test_header_schemes();
    test_api_key_buffered();
    test_primitives();
    test_iterators();
    test_forms();
    test_scopes();
    test_openapi_scheme();
    test_openapi_schemes();
    test_openapi_requirements();
    test_openapi_password_form();
    test_overlap_guard();
    printf("%u passed, %u failed\n", checks - failures, failures);
    return failures == 0 ? 0 : 1;
}
