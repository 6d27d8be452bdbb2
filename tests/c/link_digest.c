/* The no-panic link test's Digest verification part (feature
 * `digest-verify`): linked with link_all.c by `make link-test-no-panic`,
 * which calls it through a weak symbol. Returns the number of failed calls. */
#include <stdio.h>
#include <string.h>

#include "authparse.h"

#define S(lit) (const uint8_t *)(lit), (sizeof(lit) - 1)

unsigned authparse_link_digest_verify(void);

unsigned authparse_link_digest_verify(void) {
    uint8_t buf[512];
    size_t needed = 0;
    authparse_str a, b;
    unsigned failures = 0;
    authparse_status st;
#define CHECK(call)                                                                                \
    do {                                                                                           \
        st = (call);                                                                               \
        if (st != AUTHPARSE_STATUS_OK) {                                                           \
            printf("%s: %s\n", #call, authparse_status_str(st));                                   \
            failures++;                                                                            \
        }                                                                                          \
    } while (0)
    {
        /* RFC 2617 §3.5, verified with the password; then a challenge with a fresh nonce. */
        static const char value[] =
            "username=\"Mufasa\", realm=\"testrealm@host.com\", nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", "
            "uri=\"/dir/index.html\", qop=auth, nc=00000001, cnonce=\"0a4f113b\", "
            "response=\"6629fae49393a05397450978507c4ef1\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"";
        static const char secret[] = "0123456789abcdef-secret";
        authparse_digest_credentials dc;
        authparse_digest_field field;
        authparse_digest_request dr = {{S("GET")}, {S("/dir/index.html")}, {S("testrealm@host.com")}, false, {NULL, 0}};
        authparse_digest_user du = {{S("Mufasa")}, AUTHPARSE_DIGEST_SECRET_PASSWORD, {S("Circle Of Life")}};
        authparse_digest_issued_nonce issued;
        authparse_digest_nonce_slot slots[2];
        uint64_t forgotten = 0;
        uint8_t nonce_buf[AUTHPARSE_DIGEST_NONCE_LEN], hex[AUTHPARSE_DIGEST_HEX_MAX];
        memset(slots, 0, sizeof slots);
        CHECK(authparse_digest_parse(S(value), buf, sizeof buf, &dc, &field, &needed));
        CHECK(authparse_digest_verify(&dc, &dr, &du));
        CHECK(authparse_digest_hash_body(AUTHPARSE_DIGEST_ALGORITHM_SHA256, S("body"), hex, sizeof hex, &a, &needed));
        CHECK(authparse_digest_ha1(AUTHPARSE_DIGEST_ALGORITHM_SHA512_256_SESS, S("u"), S("r"), S("p"), hex,
                                   sizeof hex, &a, &needed));
        CHECK(authparse_digest_nonce_issue(S(secret), S("r"), 1000, 1, nonce_buf, sizeof nonce_buf, &b, &needed));
        CHECK(authparse_digest_nonce_check(S(secret), b.ptr, b.len, S("r"), 1010, 60, &issued));
        CHECK(authparse_digest_accept_nonce_count(slots, 2, &forgotten, &issued, 1));
    }
    return failures;
}
