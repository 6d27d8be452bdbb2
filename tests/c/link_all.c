/* The no-panic link test: calls every function of authparse.h so that the
 * linker must resolve everything they reach. Linked against the no_std
 * staticlib built with `--cfg authparse_link_test_no_panic`, whose panic handler
 * calls the undefined symbol `authparse_panic_reachable`: the link fails if
 * any panic path survived optimisation. It also runs, as a smoke test. */
#include <stdio.h>
#include <string.h>

#include "authparse.h"

#define S(lit) (const uint8_t *)(lit), (sizeof(lit) - 1)

/* tests/c/link_digest.c, when linked. */
unsigned authparse_link_digest_verify(void) __attribute__((weak));

int main(void) {
    uint8_t buf[2048];
    size_t needed = 0, n = 0, index = 0;
    bool yes = false;
    authparse_str a, b, tokens[4];
    unsigned failures = 0;
    authparse_status st;

    authparse_header headers[3] = {
        {{S("authorization")}, {S("Basic am9objpzZWNyZXQ=")}},
        {{S("cookie")}, {S("session=abc; x=\"y\"")}},
        {{S("content-type")}, {S("application/x-www-form-urlencoded")}},
    };
    authparse_request req = {headers, 3, {S("key=a%20b")}, {S("username=u&password=p")}};
    authparse_scheme_config cfg;
    authparse_outcome outcome;
    authparse_basic_credentials basic;
    authparse_authorization_credentials creds;
    authparse_str key;

#define CHECK(call)                                                                                \
    do {                                                                                           \
        st = (call);                                                                               \
        if (st != AUTHPARSE_STATUS_OK && st != AUTHPARSE_STATUS_DONE &&                            \
            st != AUTHPARSE_STATUS_NOT_FOUND) {                                                    \
            printf("%s: %s\n", #call, authparse_status_str(st));                                   \
            failures++;                                                                            \
        }                                                                                          \
    } while (0)

    printf("authparse %s\n", authparse_version());
    CHECK(authparse_scheme_config_init(&cfg));
    cfg.has_realm = true;
    cfg.realm = (authparse_str){S("simple")};
    CHECK(authparse_http_basic_extract(&cfg, &req, buf, sizeof buf, &outcome, &basic, &needed));
    CHECK(authparse_http_bearer_extract(&cfg, &req, &outcome, &creds));
    CHECK(authparse_challenge_render(&outcome.challenge, buf, sizeof buf, &a, &needed));
    (void)authparse_outcome_body(&outcome);
    CHECK(authparse_outcome_render_response(&outcome, buf, sizeof buf, &a, &needed));
    CHECK(authparse_http_digest_extract(&cfg, &req, &outcome, &creds));
    cfg.name = (authparse_str){S("key")};
    CHECK(authparse_http_base_extract(&cfg, &req, &outcome, &creds));
    CHECK(authparse_api_key_header_extract(&cfg, &req, &outcome, &key));
    CHECK(authparse_api_key_query_extract(&cfg, &req, buf, sizeof buf, &outcome, &key, &needed));
    cfg.name = (authparse_str){S("session")};
    CHECK(authparse_api_key_cookie_extract(&cfg, &req, buf, sizeof buf, &outcome, &key, &needed));
    CHECK(authparse_oauth2_extract(&cfg, &req, &outcome, &key));
    CHECK(authparse_open_id_connect_extract(&cfg, &req, &outcome, &key));
    CHECK(authparse_oauth2_password_bearer_extract(&cfg, &req, &outcome, &key));
    CHECK(authparse_oauth2_authorization_code_bearer_extract(&cfg, &req, &outcome, &key));
    CHECK(authparse_request_find_header(&req, S("cookie"), &a));
    (void)authparse_reason_str(AUTHPARSE_REASON_MISSING);
    (void)authparse_status_str(AUTHPARSE_STATUS_OK);

    {
        authparse_password_form_config fc = {false, AUTHPARSE_PROFILE_FASTAPI, 0, 0};
        authparse_password_form_result form;
        CHECK(authparse_password_form_extract(&fc, &req, buf, sizeof buf, &form, &needed));
        CHECK(authparse_password_form_render_body(&form, buf, sizeof buf, &a, &needed));
    }

    CHECK(authparse_authorization_split(S("Bearer tok"), &a, &b));
    CHECK(authparse_authorization_split_strict(S("Bearer tok"), &a, &b));
    CHECK(authparse_authorization_is_token68(S("tok"), &yes));
    n = authparse_base64_max_decoded_len(12);
    CHECK(authparse_base64_decode_lenient(S("dXNlcjpwYXNz"), buf, sizeof buf, &a, &needed));
    CHECK(authparse_base64_decode_strict(S("dXNlcjpwYXNz"), buf, sizeof buf, &a, &needed));
    CHECK(authparse_urlencoded_decode(S("a%20b"), buf, sizeof buf, &a, &needed));
    CHECK(authparse_urlencoded_decode_strict(S("a%20b"), buf, sizeof buf, &a, &needed));
    CHECK(authparse_urlencoded_decoded_len(S("a%20b"), &n));
    CHECK(authparse_urlencoded_decoded_len_strict(S("a%20b"), &n));
    CHECK(authparse_urlencoded_find_last(S("a=1&a=2"), S("a"), &a));
    CHECK(authparse_text_latin1_to_utf8(S("caf\xe9"), buf, sizeof buf, &a, &needed));
    CHECK(authparse_text_latin1_eq(S("caf\xe9"), S("caf\xc3\xa9"), &yes));
    CHECK(authparse_ct_eq(S("secret"), S("secret"), &yes));
    CHECK(authparse_wipe(buf, sizeof buf));
    CHECK(authparse_whitespace_strip_python(S(" x "), &a));
    CHECK(authparse_whitespace_trim_ows(S(" x "), &a));
    CHECK(authparse_cookie_unquote(S("\"a\\101\""), buf, sizeof buf, &a, &needed));

    {
        authparse_cookie_iter ci;
        authparse_cookie_pair cp;
        CHECK(authparse_cookie_iter_init(&ci, S("a=1; b=2"), AUTHPARSE_PROFILE_STRICT));
        while (authparse_cookie_iter_next(&ci, &cp) == AUTHPARSE_STATUS_OK) n++;
    }
    {
        authparse_urlencoded_iter ui;
        authparse_urlencoded_pair up;
        CHECK(authparse_urlencoded_iter_init(&ui, S("a=1&b=2")));
        while (authparse_urlencoded_iter_next(&ui, &up) == AUTHPARSE_STATUS_OK) n++;
    }
    {
        static const char body[] =
            "--b\r\nContent-Disposition: form-data; name=\"username\"\r\n\r\njohn\r\n--b--\r\n";
        authparse_multipart_iter mi;
        authparse_multipart_part part;
        CHECK(authparse_multipart_boundary(S("multipart/form-data; boundary=b"), &a));
        CHECK(authparse_multipart_parameter(S("form-data; name=\"x\""), S("name"), &a));
        CHECK(authparse_multipart_iter_init(&mi, S(body), S("b")));
        while (authparse_multipart_iter_next(&mi, &part) == AUTHPARSE_STATUS_OK) n++;
        CHECK(authparse_multipart_iter_init_profile(&mi, S(body), S("b"), AUTHPARSE_PROFILE_STRICT));
        while (authparse_multipart_iter_next(&mi, &part) == AUTHPARSE_STATUS_OK) n++;
    }
    {
        authparse_digest_iter di;
        authparse_digest_param dp;
        CHECK(authparse_digest_iter_init(&di, S("username=\"a\\\"b\", nc=1")));
        while (authparse_digest_iter_next(&di, &dp) == AUTHPARSE_STATUS_OK)
            CHECK(authparse_digest_param_unescape(&dp, buf, sizeof buf, &a, &needed));
        CHECK(authparse_digest_is_valid_response(S("username=\"a\""), &yes));
    }
    /* Digest verification and nonces (feature `digest-verify`): in
     * link_digest.c, linked by `make link-test-no-panic`; a build without it
     * (the bare-metal staticlib) leaves this weak symbol NULL. */
    if (authparse_link_digest_verify) failures += authparse_link_digest_verify();
    {
        authparse_digest_credentials dc;
        authparse_digest_challenge ch;
        authparse_digest_field field;
        authparse_digest_algorithm algs[2] = {AUTHPARSE_DIGEST_ALGORITHM_SHA256, AUTHPARSE_DIGEST_ALGORITHM_MD5};
        CHECK(authparse_digest_parse(S("username=\"a\", realm=\"r\", nonce=\"n\", uri=\"/\", "
                                       "response=\"0123456789abcdef0123456789abcdef\""),
                                     buf, sizeof buf, &dc, &field, &needed));
        CHECK(authparse_digest_challenge_init(&ch, (authparse_str){S("r")}, (authparse_str){S("n")}));
        CHECK(authparse_digest_challenge_write(&ch, algs, 2, buf, sizeof buf, &a, &needed));
        if (strlen(authparse_digest_field_str(AUTHPARSE_DIGEST_FIELD_NC)) != 2) failures++;
    }
    {
        authparse_str required[2] = {{S("me")}, {S("items")}};
        authparse_scope_list levels[2] = {{required, 1}, {required + 1, 1}};
        CHECK(authparse_scopes_split(S("me items"), AUTHPARSE_PROFILE_FASTAPI, tokens, 4, &n));
        CHECK(authparse_scopes_validate_strict(S("me items")));
        CHECK(authparse_scopes_first_missing(S("me"), AUTHPARSE_PROFILE_FASTAPI, required, 2, &index));
        CHECK(authparse_scopes_covers(S("me"), AUTHPARSE_PROFILE_FASTAPI, required, 2, &yes));
        CHECK(authparse_security_scopes_from_chain(levels, 2, tokens, 4, &n));
        CHECK(authparse_security_scopes_scope_str(required, 2, buf, sizeof buf, &a, &needed));
        CHECK(authparse_security_scopes_challenge(required, 2, buf, sizeof buf, &a, &needed));
    }
    {
        authparse_scope_description scopes[2] = {{{S("read")}, {S("Read")}}, {{S("write")}, {S("Write")}}};
        authparse_json_member extra[1] = {{{S("x-extra")}, {S("[1,{\"a\":null}]")}}};
        authparse_openapi_flows flows;
        authparse_openapi_scheme schemes[2];
        authparse_str scope_names[1] = {{S("read")}};
        authparse_openapi_requirement reqs[2] = {{{S("OAuth2")}, scope_names, 1}, {{S("OAuth2")}, NULL, 0}};
        CHECK(authparse_openapi_flows_init(&flows));
        flows.password.present = true;
        flows.password.token_url = (authparse_str){S("/token")};
        flows.password.scopes = scopes;
        flows.password.scope_count = 2;
        flows.password.extra = extra;
        flows.password.extra_count = 1;
        CHECK(authparse_openapi_scheme_init(&schemes[0], AUTHPARSE_CLASS_OAUTH2));
        schemes[0].flows = &flows;
        CHECK(authparse_openapi_scheme_init(&schemes[1], AUTHPARSE_CLASS_OAUTH2_AUTHORIZATION_CODE_BEARER));
        schemes[1].authorization_url = (authparse_str){S("/authorize")};
        schemes[1].token_url = (authparse_str){S("/token")};
        schemes[1].scopes = scopes;
        schemes[1].scope_count = 2;
        CHECK(authparse_openapi_scheme_render(&schemes[0], buf, sizeof buf, &a, &b, &needed));
        CHECK(authparse_openapi_schemes_render(schemes, 2, true, buf, sizeof buf, &a, &needed));
        CHECK(authparse_openapi_requirements_render(reqs, 2, buf, sizeof buf, &a, &needed));
        CHECK(authparse_openapi_password_form_request_body_render(S("token_token_post"), false, buf, sizeof buf, &a,
                                                                  &needed));
        CHECK(authparse_openapi_password_form_schema_render(S("token_token_post"), false, true, buf, sizeof buf, &a,
                                                            &needed));
    }
    printf("%s\n", failures == 0 ? "all entry points called" : "some calls failed");
    return failures == 0 ? 0 : 1;
}
