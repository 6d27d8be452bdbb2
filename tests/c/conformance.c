/* The FastAPI conformance cases through the C ABI: mirrors
 * examples/conformance/requests.rs. Reads tests/data/fastapi-public.jsonl,
 * runs every request case on the C API, renders FastAPI's answer
 * ({status, www_authenticate, body}) and compares it with `expect` as JSON
 * values. OpenAPI cases are counted as skipped. Prints `N passed, M failed`
 * (and skipped) and exits non-zero on any failure. */
#define _POSIX_C_SOURCE 200809L /* getline */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "authparse.h"
#include "json.h"

/* ---------------------------------------------------------------- output text */
typedef struct {
    char *data;
    size_t len, cap;
} text;

static void put(text *t, const void *bytes, size_t n) {
    if (t->len + n + 1 > t->cap) {
        size_t cap = (t->cap ? t->cap * 2 : 256) + n;
        char *d = realloc(t->data, cap);
        if (!d) { perror("realloc"); exit(2); }
        t->data = d;
        t->cap = cap;
    }
    if (n) memcpy(t->data + t->len, bytes, n);
    t->len += n;
    t->data[t->len] = '\0';
}

static void puts_(text *t, const char *s) { put(t, s, strlen(s)); }

/* A JSON string literal of UTF-8 bytes. */
static void put_json_string(text *t, const uint8_t *s, size_t n) {
    size_t i;
    put(t, "\"", 1);
    for (i = 0; i < n; i++) {
        char esc[8];
        if (s[i] == '"' || s[i] == '\\') {
            esc[0] = '\\';
            esc[1] = (char)s[i];
            put(t, esc, 2);
        } else if (s[i] < 0x20) {
            snprintf(esc, sizeof esc, "\\u%04x", s[i]);
            put(t, esc, 6);
        } else {
            put(t, s + i, 1);
        }
    }
    put(t, "\"", 1);
}

static void put_view(text *t, authparse_str v) { put_json_string(t, v.ptr, v.len); }

/* Header-derived values: FastAPI's text is their Latin-1 reading. */
static int put_latin1(text *t, authparse_str v) {
    size_t cap = 2 * v.len + 1, needed = 0;
    uint8_t *buf = malloc(cap);
    authparse_str out;
    authparse_status st = authparse_text_latin1_to_utf8(v.ptr, v.len, buf, cap, &out, &needed);
    if (st == AUTHPARSE_STATUS_OK) put_json_string(t, out.ptr, out.len);
    free(buf);
    return st == AUTHPARSE_STATUS_OK;
}

/* ---------------------------------------------------------------- one case */
typedef struct {
    authparse_header *headers;
    size_t count;
    unsigned char *storage; /* all header/query/body bytes */
    authparse_str query, body;
    size_t header_bytes;
} owned_request;

static int bytes_of(const json *s, unsigned char **cursor, authparse_str *out) {
    size_t n;
    if (!s || s->kind == JSON_NULL) { *out = (authparse_str){NULL, 0}; return 1; }
    if (s->kind != JSON_STRING) return 0;
    n = json_latin1_bytes(s, *cursor);
    if (n == (size_t)-1) return 0;
    *out = (authparse_str){*cursor, n};
    *cursor += n;
    return 1;
}

static size_t total_string_len(const json *v) {
    size_t n = 0, i;
    if (!v) return 0;
    if (v->kind == JSON_STRING) return v->len;
    for (i = 0; i < v->count; i++) n += total_string_len(v->items[i]);
    return n;
}

static int parse_request(const json *r, owned_request *out) {
    const json *headers = json_get(r, "headers");
    unsigned char *cursor;
    size_t i;
    memset(out, 0, sizeof *out);
    out->storage = malloc(total_string_len(r) + 1);
    cursor = out->storage;
    if (headers && headers->kind == JSON_ARRAY && headers->count) {
        out->count = headers->count;
        out->headers = calloc(headers->count, sizeof *out->headers);
        for (i = 0; i < headers->count; i++) {
            const json *line = headers->items[i];
            authparse_str name, value;
            if (line->kind != JSON_ARRAY || line->count != 2) return 0;
            if (!bytes_of(line->items[0], &cursor, &name) || !bytes_of(line->items[1], &cursor, &value))
                return 0;
            out->headers[i].name = name;
            out->headers[i].value = value;
            out->header_bytes += value.len;
        }
    }
    return bytes_of(json_get(r, "query"), &cursor, &out->query) &&
           bytes_of(json_get(r, "body"), &cursor, &out->body);
}

static void free_request(owned_request *r) {
    free(r->headers);
    free(r->storage);
}

static authparse_str view_of_string(const json *s) {
    if (!s || s->kind != JSON_STRING) return (authparse_str){NULL, 0};
    return (authparse_str){(const uint8_t *)s->string, s->len};
}

/* status / www_authenticate / body of a failure or absence; 0 if credentials. */
static int respond_decision(text *t, const authparse_outcome *o) {
    char num[16];
    if (o->kind == AUTHPARSE_OUTCOME_ABSENT) {
        puts_(t, "{\"status\":200,\"www_authenticate\":null,\"body\":{\"none\":true}}");
        return 1;
    }
    if (o->kind == AUTHPARSE_OUTCOME_FAILURE) {
        uint8_t buf[256];
        size_t needed = 0;
        authparse_str challenge, body;
        if (authparse_challenge_render(&o->challenge, buf, sizeof buf, &challenge, &needed) != AUTHPARSE_STATUS_OK)
            return -1;
        snprintf(num, sizeof num, "%u", (unsigned)o->http_status);
        puts_(t, "{\"status\":");
        puts_(t, num);
        puts_(t, ",\"www_authenticate\":");
        put_view(t, challenge);
        puts_(t, ",\"body\":");
        body = authparse_outcome_body(o);
        put(t, body.ptr, body.len);
        puts_(t, "}");
        return 1;
    }
    return 0;
}

static const char *answer(const json *scheme, owned_request *r, text *t) {
    static char error[256];
    const json *cls = json_get(scheme, "class"), *v;
    authparse_scheme_config cfg;
    authparse_request req = {r->headers, r->count, r->query, r->body};
    authparse_outcome o;
    authparse_status st = AUTHPARSE_STATUS_OK;
    size_t cap = 4 * (r->query.len + r->body.len + 64) + r->header_bytes, needed = 0;
    uint8_t *buf = malloc(cap);
    const char *c;
    int decided;

    if (!cls || cls->kind != JSON_STRING) { free(buf); return "scheme.class missing"; }
    c = cls->string;
    authparse_scheme_config_init(&cfg);
    if ((v = json_get(scheme, "auto_error")) && v->kind == JSON_BOOL) cfg.auto_error = v->boolean;
    if ((v = json_get(scheme, "realm")) && v->kind == JSON_STRING) {
        cfg.has_realm = true;
        cfg.realm = view_of_string(v);
    }
    if ((v = json_get(scheme, "scheme"))) cfg.name = view_of_string(v);
    if ((v = json_get(scheme, "name"))) cfg.name = view_of_string(v);

    if (strcmp(c, "HTTPBasic") == 0) {
        authparse_basic_credentials creds;
        st = authparse_http_basic_extract(&cfg, &req, buf, cap, &o, &creds, &needed);
        if (st == AUTHPARSE_STATUS_OK && (decided = respond_decision(t, &o)) == 0) {
            puts_(t, "{\"status\":200,\"www_authenticate\":null,\"body\":{\"username\":");
            put_view(t, creds.username);
            puts_(t, ",\"password\":");
            put_view(t, creds.password);
            puts_(t, "}}");
        }
    } else if (strcmp(c, "HTTPBearer") == 0 || strcmp(c, "HTTPDigest") == 0 || strcmp(c, "HTTPBase") == 0) {
        authparse_authorization_credentials creds;
        if (c[4] == 'B' && c[5] == 'e') st = authparse_http_bearer_extract(&cfg, &req, &o, &creds);
        else if (c[4] == 'D') st = authparse_http_digest_extract(&cfg, &req, &o, &creds);
        else st = authparse_http_base_extract(&cfg, &req, &o, &creds);
        if (st == AUTHPARSE_STATUS_OK && (decided = respond_decision(t, &o)) == 0) {
            puts_(t, "{\"status\":200,\"www_authenticate\":null,\"body\":{\"scheme\":");
            put_latin1(t, creds.scheme);
            puts_(t, ",\"credentials\":");
            put_latin1(t, creds.credentials);
            puts_(t, "}}");
        }
    } else if (strcmp(c, "OAuth2PasswordRequestForm") == 0 || strcmp(c, "OAuth2PasswordRequestFormStrict") == 0) {
        authparse_password_form_config fc = {strcmp(c, "OAuth2PasswordRequestFormStrict") == 0,
                                             AUTHPARSE_PROFILE_FASTAPI, 0, 0};
        authparse_password_form_result f;
        st = authparse_password_form_extract(&fc, &req, buf, cap, &f, &needed);
        if (st == AUTHPARSE_STATUS_OK) {
            char num[16];
            snprintf(num, sizeof num, "%u", (unsigned)f.http_status);
            puts_(t, "{\"status\":");
            puts_(t, num);
            puts_(t, ",\"www_authenticate\":null,\"body\":");
            if (f.kind == AUTHPARSE_FORM_VALID) {
                authparse_str tokens[64];
                size_t n = 0, i;
                puts_(t, "{\"grant_type\":");
                if (f.has_grant_type) put_view(t, f.grant_type); else puts_(t, "null");
                puts_(t, ",\"username\":");
                put_view(t, f.username);
                puts_(t, ",\"password\":");
                put_view(t, f.password);
                puts_(t, ",\"scopes\":[");
                st = authparse_scopes_split(f.scope.ptr, f.scope.len, f.profile, tokens, 64, &n);
                for (i = 0; st == AUTHPARSE_STATUS_OK && i < n; i++) {
                    if (i) puts_(t, ",");
                    put_view(t, tokens[i]);
                }
                puts_(t, "],\"client_id\":");
                if (f.has_client_id) put_view(t, f.client_id); else puts_(t, "null");
                puts_(t, ",\"client_secret\":");
                if (f.has_client_secret) put_view(t, f.client_secret); else puts_(t, "null");
                puts_(t, "}}");
            } else {
                uint8_t body[4096];
                authparse_str out;
                st = authparse_password_form_render_body(&f, body, sizeof body, &out, &needed);
                put(t, out.ptr, out.len);
                puts_(t, "}");
            }
        }
    } else {
        authparse_str key;
        int header_text = 1;
        if (strcmp(c, "APIKeyHeader") == 0) st = authparse_api_key_header_extract(&cfg, &req, &o, &key);
        else if (strcmp(c, "APIKeyQuery") == 0) {
            st = authparse_api_key_query_extract(&cfg, &req, buf, cap, &o, &key, &needed);
            header_text = 0;
        } else if (strcmp(c, "APIKeyCookie") == 0)
            st = authparse_api_key_cookie_extract(&cfg, &req, buf, cap, &o, &key, &needed);
        else if (strcmp(c, "OAuth2") == 0) st = authparse_oauth2_extract(&cfg, &req, &o, &key);
        else if (strcmp(c, "OpenIdConnect") == 0) st = authparse_open_id_connect_extract(&cfg, &req, &o, &key);
        else if (strcmp(c, "OAuth2PasswordBearer") == 0)
            st = authparse_oauth2_password_bearer_extract(&cfg, &req, &o, &key);
        else if (strcmp(c, "OAuth2AuthorizationCodeBearer") == 0)
            st = authparse_oauth2_authorization_code_bearer_extract(&cfg, &req, &o, &key);
        else {
            snprintf(error, sizeof error, "unknown class '%s'", c);
            free(buf);
            return error;
        }
        if (st == AUTHPARSE_STATUS_OK && (decided = respond_decision(t, &o)) == 0) {
            puts_(t, "{\"status\":200,\"www_authenticate\":null,\"body\":{\"value\":");
            if (header_text) put_latin1(t, key); else put_view(t, key);
            puts_(t, "}}");
        }
    }
    free(buf);
    if (st != AUTHPARSE_STATUS_OK) {
        snprintf(error, sizeof error, "%s: %s", c, authparse_status_str(st));
        return error;
    }
    return NULL;
}

int main(int argc, char **argv) {
    FILE *f;
    char *line = NULL;
    size_t line_cap = 0, passed = 0, failed = 0, skipped = 0;
    long n;
    if (argc != 2) {
        fprintf(stderr, "usage: %s CASES.jsonl\n", argv[0]);
        return 2;
    }
    f = fopen(argv[1], "r");
    if (!f) { perror(argv[1]); return 2; }
    while ((n = (long)getline(&line, &line_cap, f)) > 0) {
        json *c = json_parse(line, (size_t)n), *got = NULL;
        const json *id, *scheme, *expect;
        owned_request r;
        text t = {NULL, 0, 0};
        const char *error = NULL;
        if (!c) {
            if (strspn(line, " \t\r\n") == (size_t)n) continue;
            printf("FAIL: unparsable line: %.60s\n", line);
            failed++;
            continue;
        }
        id = json_get(c, "id");
        scheme = json_get(c, "scheme");
        expect = json_get(c, "expect");
        if (json_get(c, "openapi")) {
            skipped++;
        } else if (!scheme || !expect) {
            printf("FAIL %s: neither 'scheme' nor 'openapi'\n", id && id->string ? id->string : "?");
            failed++;
        } else {
            if (!parse_request(json_get(c, "request"), &r)) error = "bad request bytes";
            else error = answer(scheme, &r, &t);
            if (!error && !(got = json_parse(t.data, t.len))) error = "answer is not JSON";
            if (!error && !json_equal(got, expect)) error = "disagrees";
            if (error) {
                printf("FAIL %s: %s\n      got %s\n", id && id->string ? id->string : "?", error,
                       t.data ? t.data : "(nothing)");
                failed++;
            } else {
                passed++;
            }
            free_request(&r);
        }
        json_free(got);
        free(t.data);
        json_free(c);
    }
    free(line);
    fclose(f);
    printf("%zu passed, %zu failed (%zu OpenAPI cases skipped)\n", passed, failed, skipped);
    return failed == 0 && passed > 0 ? 0 : 1;
}
