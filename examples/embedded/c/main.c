/* authparse from C on a Cortex-M4F: the thumbv7em staticlib through
 * include/authparse.h, run in QEMU (mps2-an386) with semihosting. Checks
 * Basic, Bearer, an API-key cookie and query parameter, the password form,
 * and FastAPI's rendered 401 response byte for byte. Exit status 0 when
 * every check passes. */
#include <stdio.h>
#include <string.h>

#include "authparse.h"

#define S(lit) (const uint8_t *)(lit), (sizeof(lit) - 1)
#define STR(lit) ((authparse_str){S(lit)})

static unsigned passed, failed;

static void check(const char *name, int ok) {
    if (ok) {
        passed++;
        printf("ok   %s\n", name);
    } else {
        failed++;
        printf("FAIL %s\n", name);
    }
}

static int eq(authparse_str s, const char *text) {
    return s.len == strlen(text) && memcmp(s.ptr, text, s.len) == 0;
}

static authparse_scheme_config config(void) {
    authparse_scheme_config cfg;
    authparse_scheme_config_init(&cfg);
    return cfg;
}

int main(void) {
    static const authparse_header headers[] = {
        {STR("host"), STR("mcu.local")},
        {STR("authorization"), STR("Basic am9objpzZWNyZXQ=")},
        {STR("cookie"), STR("theme=dark; session=\"s3cr\\145t\"")},
        {STR("content-type"), STR("application/x-www-form-urlencoded")},
    };
    static const authparse_header bearer_headers[] = {
        {STR("authorization"), STR("Bearer mF_9.B5f-4.1JqM")},
    };
    authparse_request req = {headers, 4, STR("api_key=q%2D1&page=2"),
                             STR("username=johndoe&password=s%C3%A9cret&scope=me+items")};
    authparse_request bearer_req = {bearer_headers, 1, STR(""), STR("")};
    authparse_request empty_req = {NULL, 0, STR(""), STR("")};
    uint8_t buf[256];
    size_t needed = 0;
    authparse_outcome outcome;
    authparse_str value;

    printf("authparse %s from C on mps2-an386 (Cortex-M4F)\n", authparse_version());

    authparse_scheme_config basic = config();
    basic.has_realm = true;
    basic.realm = STR("mcu");
    authparse_basic_credentials creds;
    check("Basic decodes john:secret",
          authparse_http_basic_extract(&basic, &req, buf, sizeof buf, &outcome, &creds, &needed) ==
                  AUTHPARSE_STATUS_OK &&
              outcome.kind == AUTHPARSE_OUTCOME_CREDENTIALS && eq(creds.username, "john") &&
              eq(creds.password, "secret"));

    authparse_scheme_config bearer = config();
    authparse_authorization_credentials token;
    check("Bearer token",
          authparse_http_bearer_extract(&bearer, &bearer_req, &outcome, &token) ==
                  AUTHPARSE_STATUS_OK &&
              outcome.kind == AUTHPARSE_OUTCOME_CREDENTIALS && eq(token.scheme, "Bearer") &&
              eq(token.credentials, "mF_9.B5f-4.1JqM"));

    authparse_scheme_config cookie = config();
    cookie.name = STR("session");
    check("cookie unquoted (octal escape)",
          authparse_api_key_cookie_extract(&cookie, &req, buf, sizeof buf, &outcome, &value,
                                           &needed) == AUTHPARSE_STATUS_OK &&
              outcome.kind == AUTHPARSE_OUTCOME_CREDENTIALS && eq(value, "s3cret"));

    authparse_scheme_config query = config();
    query.name = STR("api_key");
    check("query parameter percent-decoded",
          authparse_api_key_query_extract(&query, &req, buf, sizeof buf, &outcome, &value,
                                          &needed) == AUTHPARSE_STATUS_OK &&
              outcome.kind == AUTHPARSE_OUTCOME_CREDENTIALS && eq(value, "q-1"));

    authparse_password_form_config form_cfg = {false, AUTHPARSE_PROFILE_FASTAPI,
                                               AUTHPARSE_FORM_DEFAULT_MAX_FIELDS,
                                               AUTHPARSE_FORM_DEFAULT_MAX_FIELD_SIZE};
    authparse_password_form_result form;
    check("password form",
          authparse_password_form_extract(&form_cfg, &req, buf, sizeof buf, &form, &needed) ==
                  AUTHPARSE_STATUS_OK &&
              form.kind == AUTHPARSE_FORM_VALID && eq(form.username, "johndoe") &&
              eq(form.password, "s\xc3\xa9" "cret") && eq(form.scope, "me items"));

    static const char expected_401[] =
        "HTTP/1.1 401 Unauthorized\r\nwww-authenticate: Basic realm=\"mcu\"\r\n"
        "content-length: 30\r\ncontent-type: application/json\r\n\r\n"
        "{\"detail\":\"Not authenticated\"}";
    uint8_t response[256];
    authparse_str text;
    int failure = authparse_http_basic_extract(&basic, &empty_req, buf, sizeof buf, &outcome,
                                               &creds, &needed) == AUTHPARSE_STATUS_OK &&
                  outcome.kind == AUTHPARSE_OUTCOME_FAILURE && outcome.http_status == 401;
    check("missing Basic -> FastAPI's 401 response",
          failure &&
              authparse_outcome_render_response(&outcome, response, sizeof response, &text,
                                                &needed) == AUTHPARSE_STATUS_OK &&
              eq(text, expected_401));
    check("short buffer -> BUFFER_TOO_SMALL with the exact size",
          authparse_outcome_render_response(&outcome, response, 8, &text, &needed) ==
                  AUTHPARSE_STATUS_BUFFER_TOO_SMALL &&
              needed == sizeof expected_401 - 1);

    if (failed == 0) {
        printf("PASS: %u checks\n", passed);
        return 0;
    }
    printf("FAIL: %u of %u checks failed\n", failed, passed + failed);
    return 1;
}
