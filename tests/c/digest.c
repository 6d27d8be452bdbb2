/* HTTP Digest from C: the RFC 7616 §3.9.1 (SHA-256, MD5) and RFC 2617 §3.5
 * examples verify against the password and against the stored HA1;
 * malformed parameter lists give their status and field; challenges,
 * stateless nonces (expiry, tampering) and the nonce-count table. */
#include "check.h"

static authparse_str view(const char *text) {
    authparse_str v;
    v.ptr = (const uint8_t *)text;
    v.len = strlen(text);
    return v;
}

static authparse_digest_request get(const char *target, const char *realm) {
    authparse_digest_request r;
    memset(&r, 0, sizeof r);
    r.method = V("GET");
    r.target = view(target);
    r.realm = view(realm);
    return r;
}

static authparse_digest_user user(const char *name, authparse_digest_secret_kind kind, const char *secret) {
    authparse_digest_user u;
    u.username = view(name);
    u.secret_kind = kind;
    u.secret = view(secret);
    return u;
}

#define RFC7616(alg, response)                                                                     \
    "username=\"Mufasa\", realm=\"http-auth@example.org\", uri=\"/dir/index.html\", "             \
    "algorithm=" alg ", nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", nc=00000001, "     \
    "cnonce=\"f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ\", qop=auth, "                          \
    "response=\"" response "\", opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\""

static const char RFC2617[] =
    "username=\"Mufasa\", realm=\"testrealm@host.com\", nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", "
    "uri=\"/dir/index.html\", qop=auth, nc=00000001, cnonce=\"0a4f113b\", "
    "response=\"6629fae49393a05397450978507c4ef1\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"";

/* Parses `value`, verifies it with the password and with its HA1 (computed
 * by authparse_digest_ha1), and checks that a wrong password is refused. */
static void verify_example(const char *value, const char *realm, const char *password,
                           authparse_digest_algorithm alg, const char *ha1_hex) {
    authparse_digest_credentials c;
    authparse_digest_field field = 99;
    size_t needed = 99;
    uint8_t hex[AUTHPARSE_DIGEST_HEX_MAX];
    authparse_str ha1;
    authparse_digest_request req = get("/dir/index.html", realm);
    authparse_digest_user u;

    CHECK_ST(authparse_digest_parse((const uint8_t *)value, strlen(value), NULL, 0, &c, &field, &needed),
             AUTHPARSE_STATUS_OK);
    CHECK(field == AUTHPARSE_DIGEST_FIELD_NONE && needed == 0);
    CHECK(eq(c.username, "Mufasa") && eq(c.realm, realm) && eq(c.uri, "/dir/index.html"));
    CHECK(c.algorithm == alg && c.qop == AUTHPARSE_DIGEST_QOP_AUTH && c.nc_value == 1 && c.has_opaque);
    CHECK(!c.username_star && !c.userhash);

    u = user("Mufasa", AUTHPARSE_DIGEST_SECRET_PASSWORD, password);
    CHECK_ST(authparse_digest_verify(&c, &req, &u), AUTHPARSE_STATUS_OK);
    CHECK_ST(authparse_digest_ha1(alg, S("Mufasa"), (const uint8_t *)realm, strlen(realm),
                                  (const uint8_t *)password, strlen(password), hex, sizeof hex, &ha1, NULL),
             AUTHPARSE_STATUS_OK);
    if (ha1_hex) CHECK(eq(ha1, ha1_hex));
    u.secret_kind = AUTHPARSE_DIGEST_SECRET_HA1;
    u.secret = ha1;
    CHECK_ST(authparse_digest_verify(&c, &req, &u), AUTHPARSE_STATUS_OK);

    u = user("Mufasa", AUTHPARSE_DIGEST_SECRET_PASSWORD, "circle of life");
    CHECK_ST(authparse_digest_verify(&c, &req, &u), AUTHPARSE_STATUS_DIGEST_RESPONSE_MISMATCH);
    u = user("Simba", AUTHPARSE_DIGEST_SECRET_PASSWORD, password);
    CHECK_ST(authparse_digest_verify(&c, &req, &u), AUTHPARSE_STATUS_DIGEST_USERNAME_MISMATCH);
    u = user("Mufasa", AUTHPARSE_DIGEST_SECRET_PASSWORD, password);
    req.method = V("POST");
    CHECK_ST(authparse_digest_verify(&c, &req, &u), AUTHPARSE_STATUS_DIGEST_RESPONSE_MISMATCH);
    req = get("/dir/index.html?x", realm);
    CHECK_ST(authparse_digest_verify(&c, &req, &u), AUTHPARSE_STATUS_DIGEST_URI_MISMATCH);
    req = get("/dir/index.html", "other realm");
    CHECK_ST(authparse_digest_verify(&c, &req, &u), AUTHPARSE_STATUS_DIGEST_REALM_MISMATCH);
    req = get("/dir/index.html", realm);
    u = user("Mufasa", AUTHPARSE_DIGEST_SECRET_HA1, "not-hex");
    CHECK_ST(authparse_digest_verify(&c, &req, &u), AUTHPARSE_STATUS_DIGEST_INVALID_HA1);
    u.secret_kind = 7;
    CHECK_ST(authparse_digest_verify(&c, &req, &u), AUTHPARSE_STATUS_INVALID_ARGUMENT);
    CHECK_ST(authparse_digest_verify(NULL, &req, &u), AUTHPARSE_STATUS_NULL_POINTER);
}

static void test_rfc_examples(void) {
    verify_example(RFC7616("SHA-256", "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1"),
                   "http-auth@example.org", "Circle of Life", AUTHPARSE_DIGEST_ALGORITHM_SHA256, NULL);
    verify_example(RFC7616("MD5", "8ca523f5e9506fed4657c9700eebdbec"), "http-auth@example.org",
                   "Circle of Life", AUTHPARSE_DIGEST_ALGORITHM_MD5, NULL);
    verify_example(RFC2617, "testrealm@host.com", "Circle Of Life", AUTHPARSE_DIGEST_ALGORITHM_MD5,
                   "939e7578ed9e3c518a452acee763bce9");
}

/* One malformed list: its status, and the field named. */
static void bad(const char *value, authparse_status want, authparse_digest_field want_field) {
    authparse_digest_credentials c;
    authparse_digest_field field = 99;
    uint8_t buf[256];
    authparse_status st = authparse_digest_parse((const uint8_t *)value, strlen(value), buf, sizeof buf, &c,
                                                 &field, NULL);
    checks++;
    if (st != want || field != want_field) {
        failures++;
        printf("%s:%d: [%s] -> %u (%s) field %s, want %u field %s\n", __FILE__, __LINE__, value,
               (unsigned)st, authparse_status_str(st), authparse_digest_field_str(field), (unsigned)want,
               authparse_digest_field_str(want_field));
    }
}

#define BASE "username=\"u\", realm=\"r\", nonce=\"n\", uri=\"/\", "
#define R32 "response=\"0123456789abcdef0123456789abcdef\""

static void test_malformed(void) {
    bad("username=\"u", AUTHPARSE_STATUS_DIGEST_SYNTAX, AUTHPARSE_DIGEST_FIELD_NONE);
    bad("a b", AUTHPARSE_STATUS_DIGEST_SYNTAX, AUTHPARSE_DIGEST_FIELD_NONE);
    bad(BASE R32 ", Realm=\"x\"", AUTHPARSE_STATUS_DIGEST_DUPLICATE, AUTHPARSE_DIGEST_FIELD_REALM);
    bad("username=\"u\", realm=\"r\", uri=\"/\", " R32, AUTHPARSE_STATUS_DIGEST_MISSING,
        AUTHPARSE_DIGEST_FIELD_NONCE);
    bad(BASE R32 ", qop=auth, nc=00000001", AUTHPARSE_STATUS_DIGEST_MISSING, AUTHPARSE_DIGEST_FIELD_CNONCE);
    bad(BASE R32 ", nc=00000001", AUTHPARSE_STATUS_DIGEST_WITHOUT_QOP, AUTHPARSE_DIGEST_FIELD_NC);
    bad(BASE R32 ", qop=auth, cnonce=\"c\", nc=1", AUTHPARSE_STATUS_DIGEST_INVALID_NC,
        AUTHPARSE_DIGEST_FIELD_NC);
    bad(BASE R32 ", qop=auth-conf, cnonce=\"c\", nc=00000001", AUTHPARSE_STATUS_DIGEST_INVALID_QOP,
        AUTHPARSE_DIGEST_FIELD_QOP);
    bad(BASE R32 ", algorithm=SHA-1", AUTHPARSE_STATUS_DIGEST_UNSUPPORTED_ALGORITHM,
        AUTHPARSE_DIGEST_FIELD_ALGORITHM);
    bad(BASE "response=\"0123\"", AUTHPARSE_STATUS_DIGEST_INVALID_RESPONSE, AUTHPARSE_DIGEST_FIELD_RESPONSE);
    bad(BASE R32 ", algorithm=SHA-256", AUTHPARSE_STATUS_DIGEST_INVALID_RESPONSE,
        AUTHPARSE_DIGEST_FIELD_RESPONSE);
    bad(BASE R32 ", userhash=yes", AUTHPARSE_STATUS_DIGEST_INVALID_USERHASH, AUTHPARSE_DIGEST_FIELD_USERHASH);
    bad("username*=latin1''x, realm=\"r\", nonce=\"n\", uri=\"/\", " R32,
        AUTHPARSE_STATUS_DIGEST_INVALID_USERNAME_STAR, AUTHPARSE_DIGEST_FIELD_USERNAME_STAR);
    bad(BASE R32 ", username*=UTF-8''x", AUTHPARSE_STATUS_DIGEST_USERNAME_CONFLICT,
        AUTHPARSE_DIGEST_FIELD_USERNAME_STAR);
    bad("username*=UTF-8''x, userhash=true, realm=\"r\", nonce=\"n\", uri=\"/\", " R32,
        AUTHPARSE_STATUS_DIGEST_USERNAME_STAR_WITH_USERHASH, AUTHPARSE_DIGEST_FIELD_USERNAME_STAR);
    /* Statuses have messages that never quote the input. */
    CHECK(strcmp(authparse_status_str(AUTHPARSE_STATUS_DIGEST_INVALID_NC), "nc is not exactly 8 hex digits") == 0);
    CHECK(strcmp(authparse_digest_field_str(AUTHPARSE_DIGEST_FIELD_CNONCE), "cnonce") == 0);
    CHECK(strcmp(authparse_digest_field_str(999), "") == 0);
}

/* username* and escapes are decoded into the buffer; a short one reports the size. */
static void test_decoding(void) {
    static const char value[] =
        "username*=UTF-8''J%C3%A4s%C3%B8n%20Doe, realm=\"a\\\"b\", nonce=\"n\", uri=\"/\", " R32;
    authparse_digest_credentials c;
    uint8_t buf[64], small[4];
    size_t needed = 0;
    CHECK_ST(authparse_digest_parse(S(value), small, sizeof small, &c, NULL, &needed),
             AUTHPARSE_STATUS_BUFFER_TOO_SMALL);
    CHECK(needed == strlen("J\xc3\xa4s\xc3\xb8n Doe") + 3);
    CHECK_ST(authparse_digest_parse(S(value), buf, needed, &c, NULL, NULL), AUTHPARSE_STATUS_OK);
    CHECK(c.username_star && eq(c.username, "J\xc3\xa4s\xc3\xb8n Doe") && eq(c.realm, "a\"b"));
    CHECK(c.username.ptr >= buf && c.username.ptr < buf + sizeof buf);
    CHECK_ST(authparse_digest_parse(S(value), (uint8_t *)value + 1, 8, &c, NULL, NULL),
             AUTHPARSE_STATUS_BUFFER_OVERLAP);
    CHECK_ST(authparse_digest_parse(NULL, 5, buf, sizeof buf, &c, NULL, NULL), AUTHPARSE_STATUS_NULL_POINTER);
}

/* auth-int: the caller hashes the body. */
static void test_auth_int(void) {
    /* Computed with Python's hashlib for user "u", password "p", realm "r", POST /x, body "hello". */
    static const char value[] =
        "username=\"u\", realm=\"r\", nonce=\"n\", uri=\"/x\", qop=auth-int, nc=00000001, cnonce=\"c\", "
        "response=\"%s\"";
    uint8_t hexbuf[AUTHPARSE_DIGEST_HEX_MAX], ha1buf[AUTHPARSE_DIGEST_HEX_MAX];
    authparse_str body_hash, ha1;
    authparse_digest_credentials c;
    authparse_digest_request req = get("/x", "r");
    authparse_digest_user u = user("u", AUTHPARSE_DIGEST_SECRET_PASSWORD, "p");
    char text[256];

    CHECK_ST(authparse_digest_hash_body(AUTHPARSE_DIGEST_ALGORITHM_MD5, S("hello"), hexbuf, sizeof hexbuf,
                                        &body_hash, NULL),
             AUTHPARSE_STATUS_OK);
    CHECK(eq(body_hash, "5d41402abc4b2a76b9719d911017c592"));
    CHECK_ST(authparse_digest_ha1(AUTHPARSE_DIGEST_ALGORITHM_MD5, S("u"), S("r"), S("p"), ha1buf, 31, &ha1, NULL),
             AUTHPARSE_STATUS_BUFFER_TOO_SMALL);
    snprintf(text, sizeof text, value, "9f4e354afb1ee977b2654d956e3f6e35");
    CHECK_ST(authparse_digest_parse((const uint8_t *)text, strlen(text), NULL, 0, &c, NULL, NULL),
             AUTHPARSE_STATUS_OK);
    req.method = V("POST");
    CHECK_ST(authparse_digest_verify(&c, &req, &u), AUTHPARSE_STATUS_DIGEST_BODY_HASH_REQUIRED);
    req.has_body_hash = true;
    req.body_hash = body_hash;
    CHECK_ST(authparse_digest_verify(&c, &req, &u), AUTHPARSE_STATUS_OK);
    /* Another body. */
    CHECK_ST(authparse_digest_hash_body(AUTHPARSE_DIGEST_ALGORITHM_MD5, S("hellO"), hexbuf, sizeof hexbuf,
                                        &body_hash, NULL),
             AUTHPARSE_STATUS_OK);
    req.body_hash = body_hash;
    CHECK_ST(authparse_digest_verify(&c, &req, &u), AUTHPARSE_STATUS_DIGEST_RESPONSE_MISMATCH);
}

static void test_challenge(void) {
    authparse_digest_challenge ch;
    authparse_digest_algorithm algs[] = {AUTHPARSE_DIGEST_ALGORITHM_SHA256, AUTHPARSE_DIGEST_ALGORITHM_MD5};
    uint8_t buf[512];
    authparse_str out;
    size_t needed = 0, written;

    CHECK_ST(authparse_digest_challenge_init(&ch, V("http-auth@example.org"), V("7ypf")), AUTHPARSE_STATUS_OK);
    ch.has_opaque = true;
    ch.opaque = V("FQhe");
    CHECK_ST(authparse_digest_challenge_write(&ch, algs, 1, buf, sizeof buf, &out, NULL), AUTHPARSE_STATUS_OK);
    CHECK(eq(out, "Digest realm=\"http-auth@example.org\", qop=\"auth\", algorithm=SHA-256, nonce=\"7ypf\", "
                  "opaque=\"FQhe\""));
    ch.has_opaque = false;
    ch.realm = V("a\"b");
    ch.stale = true;
    CHECK_ST(authparse_digest_challenge_write(&ch, algs, 2, buf, sizeof buf, &out, NULL), AUTHPARSE_STATUS_OK);
    CHECK(eq(out, "Digest realm=\"a\\\"b\", qop=\"auth\", algorithm=SHA-256, nonce=\"7ypf\", stale=true, "
                  "Digest realm=\"a\\\"b\", qop=\"auth\", algorithm=MD5, nonce=\"7ypf\", stale=true"));
    written = out.len;
    CHECK_ST(authparse_digest_challenge_write(&ch, algs, 2, buf, 10, &out, &needed),
             AUTHPARSE_STATUS_BUFFER_TOO_SMALL);
    CHECK(needed == written); /* the exact size of the value written above */
    CHECK(out.ptr == NULL && out.len == 0); /* out-params are zeroed on an error */
    ch.realm = V("x\r\nSet-Cookie: a=b");
    CHECK_ST(authparse_digest_challenge_write(&ch, algs, 1, buf, sizeof buf, &out, NULL),
             AUTHPARSE_STATUS_INVALID_CONFIGURATION);
    ch.realm = V("r");
    CHECK_ST(authparse_digest_challenge_write(&ch, algs, 0, buf, sizeof buf, &out, NULL),
             AUTHPARSE_STATUS_INVALID_CONFIGURATION);
    algs[1] = 42;
    CHECK_ST(authparse_digest_challenge_write(&ch, algs, 2, buf, sizeof buf, &out, NULL),
             AUTHPARSE_STATUS_INVALID_ARGUMENT);
    CHECK_ST(authparse_digest_challenge_write(&ch, algs, 1, (uint8_t *)&ch, sizeof ch, &out, NULL),
             AUTHPARSE_STATUS_BUFFER_OVERLAP);
}

/* The answer must use what was offered: algorithm and qop (a downgrade otherwise). */
static void test_check_answer(void) {
#define R64 "response=\"" "0123456789abcdef0123456789abcdef" "0123456789abcdef0123456789abcdef" "\""
    static const char *const answers[] = {
        /* 0: SHA-256, qop=auth */
        "username=\"u\", realm=\"r\", nonce=\"n\", uri=\"/\", algorithm=SHA-256, qop=auth, nc=00000001, "
        "cnonce=\"c\", " R64,
        /* 1: MD5, qop=auth */
        "username=\"u\", realm=\"r\", nonce=\"n\", uri=\"/\", algorithm=MD5, qop=auth, nc=00000001, "
        "cnonce=\"c\", " R32,
        /* 2: SHA-256 without qop (RFC 2069) */
        "username=\"u\", realm=\"r\", nonce=\"n\", uri=\"/\", algorithm=SHA-256, " R64,
    };
    authparse_digest_algorithm sha[] = {AUTHPARSE_DIGEST_ALGORITHM_SHA256};
    authparse_digest_algorithm both[] = {AUTHPARSE_DIGEST_ALGORITHM_SHA256, AUTHPARSE_DIGEST_ALGORITHM_MD5};
    authparse_digest_credentials c[3];
    authparse_digest_challenge ch;
    authparse_digest_field field = AUTHPARSE_DIGEST_FIELD_NONE;

    for (int i = 0; i < 3; i++)
        CHECK_ST(authparse_digest_parse((const uint8_t *)answers[i], strlen(answers[i]), NULL, 0, &c[i], NULL, NULL),
                 AUTHPARSE_STATUS_OK);
    CHECK_ST(authparse_digest_challenge_init(&ch, V("r"), V("n")), AUTHPARSE_STATUS_OK);
    CHECK_ST(authparse_digest_check_answer(&c[0], &ch, sha, 1, &field), AUTHPARSE_STATUS_OK);
    CHECK(field == AUTHPARSE_DIGEST_FIELD_NONE);
    CHECK_ST(authparse_digest_check_answer(&c[1], &ch, sha, 1, &field), AUTHPARSE_STATUS_DIGEST_NOT_OFFERED);
    CHECK(field == AUTHPARSE_DIGEST_FIELD_ALGORITHM);
    CHECK_ST(authparse_digest_check_answer(&c[1], &ch, both, 2, NULL), AUTHPARSE_STATUS_OK);
    CHECK_ST(authparse_digest_check_answer(&c[2], &ch, sha, 1, &field), AUTHPARSE_STATUS_DIGEST_NOT_OFFERED);
    CHECK(field == AUTHPARSE_DIGEST_FIELD_QOP);
    ch.qop = AUTHPARSE_DIGEST_QOP_AUTH_INT;
    CHECK_ST(authparse_digest_check_answer(&c[0], &ch, sha, 1, NULL), AUTHPARSE_STATUS_DIGEST_NOT_OFFERED);
    CHECK_ST(authparse_digest_check_answer(&c[0], &ch, sha, 0, NULL), AUTHPARSE_STATUS_INVALID_ARGUMENT);
    CHECK_ST(authparse_digest_check_answer(NULL, &ch, sha, 1, NULL), AUTHPARSE_STATUS_NULL_POINTER);
    CHECK(strcmp(authparse_status_str(AUTHPARSE_STATUS_DIGEST_NOT_OFFERED),
                 "algorithm or qop not offered by the challenge") == 0);
}

static void test_nonces(void) {
    static const char secret[] = "0123456789abcdef-server-secret";
    uint8_t buf[AUTHPARSE_DIGEST_NONCE_LEN], bad_nonce[AUTHPARSE_DIGEST_NONCE_LEN];
    authparse_str nonce;
    authparse_digest_issued_nonce issued = {0, 0};
    authparse_digest_nonce_slot slots[2];
    uint64_t forgotten = 0;

    CHECK_ST(authparse_digest_nonce_issue(S(secret), S("realm"), 1700000000u, 7, buf, sizeof buf, &nonce, NULL),
             AUTHPARSE_STATUS_OK);
    CHECK(nonce.len == AUTHPARSE_DIGEST_NONCE_LEN && nonce.ptr == buf);
    CHECK_ST(authparse_digest_nonce_check(S(secret), nonce.ptr, nonce.len, S("realm"), 1700000100u, 300, &issued),
             AUTHPARSE_STATUS_OK);
    CHECK(issued.time == 1700000000u && issued.unique == 7);
    CHECK_ST(authparse_digest_nonce_check(S(secret), nonce.ptr, nonce.len, S("realm"), 1700000301u, 300, NULL),
             AUTHPARSE_STATUS_DIGEST_STALE_NONCE);
    /* Stamped ahead of now (another server's clock): by max_age at most. */
    CHECK_ST(authparse_digest_nonce_check(S(secret), nonce.ptr, nonce.len, S("realm"), 1699999700u, 300, NULL),
             AUTHPARSE_STATUS_OK);
    CHECK_ST(authparse_digest_nonce_check(S(secret), nonce.ptr, nonce.len, S("realm"), 1699999699u, 300, NULL),
             AUTHPARSE_STATUS_DIGEST_STALE_NONCE);
    CHECK_ST(authparse_digest_nonce_check(S(secret), nonce.ptr, nonce.len, S("realm"), 0, 300, NULL),
             AUTHPARSE_STATUS_DIGEST_STALE_NONCE);
    CHECK_ST(authparse_digest_nonce_check(S(secret), nonce.ptr, nonce.len, S("other"), 1700000100u, 300, NULL),
             AUTHPARSE_STATUS_DIGEST_INVALID_NONCE);
    CHECK_ST(authparse_digest_nonce_check(S("another secret, 16+ bytes"), nonce.ptr, nonce.len, S("realm"),
                                          1700000100u, 300, NULL),
             AUTHPARSE_STATUS_DIGEST_INVALID_NONCE);
    memcpy(bad_nonce, buf, sizeof buf);
    bad_nonce[40] = bad_nonce[40] == '0' ? '1' : '0';
    CHECK_ST(authparse_digest_nonce_check(S(secret), bad_nonce, sizeof bad_nonce, S("realm"), 1700000100u, 300,
                                          NULL),
             AUTHPARSE_STATUS_DIGEST_INVALID_NONCE);
    CHECK_ST(authparse_digest_nonce_issue(S("short"), S("realm"), 1, 1, buf, sizeof buf, &nonce, NULL),
             AUTHPARSE_STATUS_INVALID_CONFIGURATION);
    CHECK_ST(authparse_digest_nonce_issue(S(secret), S("realm"), 1, 1, buf, 63, &nonce, NULL),
             AUTHPARSE_STATUS_BUFFER_TOO_SMALL);

    memset(slots, 0, sizeof slots);
    CHECK_ST(authparse_digest_accept_nonce_count(slots, 2, &forgotten, &issued, 1), AUTHPARSE_STATUS_OK);
    CHECK_ST(authparse_digest_accept_nonce_count(slots, 2, &forgotten, &issued, 1),
             AUTHPARSE_STATUS_DIGEST_REPLAYED_NONCE);
    CHECK_ST(authparse_digest_accept_nonce_count(slots, 2, &forgotten, &issued, 2), AUTHPARSE_STATUS_OK);
    {
        authparse_digest_issued_nonce b = {1700000001u, 1}, c = {1700000002u, 2};
        CHECK_ST(authparse_digest_accept_nonce_count(slots, 2, &forgotten, &b, 1), AUTHPARSE_STATUS_OK);
        CHECK_ST(authparse_digest_accept_nonce_count(slots, 2, &forgotten, &c, 1), AUTHPARSE_STATUS_OK);
        /* The table was full: the oldest nonce was forgotten and is stale now. */
        CHECK_ST(authparse_digest_accept_nonce_count(slots, 2, &forgotten, &issued, 3),
                 AUTHPARSE_STATUS_DIGEST_STALE_NONCE);
        CHECK_ST(authparse_digest_accept_nonce_count(slots, 2, &forgotten, &b, 2), AUTHPARSE_STATUS_OK);
    }
    CHECK_ST(authparse_digest_accept_nonce_count(NULL, 2, &forgotten, &issued, 1), AUTHPARSE_STATUS_NULL_POINTER);
    /* A table of no slots remembers nothing: refused, not "stale" forever. */
    CHECK_ST(authparse_digest_accept_nonce_count(slots, 0, &forgotten, &issued, 4),
             AUTHPARSE_STATUS_INVALID_ARGUMENT);
    CHECK_ST(authparse_digest_accept_nonce_count(NULL, 0, &forgotten, &issued, 4),
             AUTHPARSE_STATUS_INVALID_ARGUMENT);
}

int main(void) {
    test_rfc_examples();
    test_malformed();
    test_decoding();
    test_auth_int();
    test_challenge();
    test_check_answer();
    test_nonces();
    printf("digest: %u checks, %u failures\n", checks, failures);
    return failures != 0;
}
