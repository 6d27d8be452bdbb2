#include <stdio.h>
#include <string.h>

#include <authparse.h>

#define VIEW(s) ((authparse_str){(const uint8_t *)(s), strlen(s)})

int main(void) {
    /* The request as your HTTP parser has it: nothing is copied. */
    authparse_header headers[] = {
        {VIEW("Host"), VIEW("example.org")},
        {VIEW("Authorization"), VIEW("Basic am9objpzZWNyZXQ=")},
        {VIEW("Cookie"), VIEW("theme=dark; session=abc123")},
    };
    authparse_request req = {headers, 3, VIEW("") /* query */, VIEW("") /* body */};

    /* HTTPBasic(realm="simple"): decoded credentials go into `buf`. */
    authparse_scheme_config cfg;
    authparse_scheme_config_init(&cfg); /* FastAPI defaults: auto_error, FastAPI profile */
    cfg.has_realm = true;
    cfg.realm = VIEW("simple");

    uint8_t buf[128];
    size_t needed = 0;
    authparse_outcome outcome;
    authparse_basic_credentials creds;
    authparse_status st =
        authparse_http_basic_extract(&cfg, &req, buf, sizeof buf, &outcome, &creds, &needed);
    if (st != AUTHPARSE_STATUS_OK) {
        fprintf(stderr, "authparse: %s (needed %zu)\n", authparse_status_str(st), needed);
        return 1;
    }
    if (outcome.kind == AUTHPARSE_OUTCOME_CREDENTIALS) {
        printf("user=%.*s password=%.*s\n", (int)creds.username.len, (const char *)creds.username.ptr,
               (int)creds.password.len, (const char *)creds.password.ptr);
    } else if (outcome.kind == AUTHPARSE_OUTCOME_FAILURE) {
        uint8_t challenge_buf[128];
        authparse_str challenge, body = authparse_outcome_body(&outcome);
        authparse_challenge_render(&outcome.challenge, challenge_buf, sizeof challenge_buf, &challenge,
                                   NULL);
        printf("HTTP %u\nWWW-Authenticate: %.*s\n\n%.*s\n", outcome.http_status, (int)challenge.len,
               (const char *)challenge.ptr, (int)body.len, (const char *)body.ptr);
        return 1;
    }

    /* Iterate the cookies of a header with a cursor: no allocation. */
    authparse_cookie_iter it;
    authparse_cookie_pair pair;
    authparse_cookie_iter_init(&it, headers[2].value.ptr, headers[2].value.len,
                               AUTHPARSE_PROFILE_FASTAPI);
    while (authparse_cookie_iter_next(&it, &pair) == AUTHPARSE_STATUS_OK) {
        printf("cookie %.*s=%.*s\n", (int)pair.name.len, (const char *)pair.name.ptr,
               (int)pair.value.len, (const char *)pair.value.ptr);
    }
    return 0;
}
