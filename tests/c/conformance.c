/* The FastAPI conformance cases through the C ABI: mirrors
 * conformance/src/requests.rs and openapi.rs. Reads
 * the case files named on the command line (tests/data/fastapi-public.jsonl
 * and the multipart ones), runs every request case on the C API,
 * renders FastAPI's answer ({status, www_authenticate, body}) and compares
 * it with `expect` as JSON values. OpenAPI cases go through
 * authparse_openapi_scheme_render and are compared byte-exactly: the key
 * with `expect.key`, the value with `expect.value` re-serialised the way
 * FastAPI serves it (Python's json.dumps(v, separators=(",", ":"),
 * ensure_ascii=False); the case file keeps FastAPI's key order, and
 * json.c keeps it too). Prints `N passed, M failed` and exits non-zero on
 * any failure. */
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
                /* A 422 that echoes a file part can be long: ask for the size. */
                uint8_t small[4096], *body = small;
                authparse_str out;
                st = authparse_password_form_render_body(&f, body, sizeof small, &out, &needed);
                if (st == AUTHPARSE_STATUS_BUFFER_TOO_SMALL && (body = malloc(needed)) != NULL)
                    st = authparse_password_form_render_body(&f, body, needed, &out, &needed);
                if (st == AUTHPARSE_STATUS_OK) put(t, out.ptr, out.len);
                puts_(t, "}");
                if (body != small) free(body);
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

/* ---------------------------------------------------------------- OpenAPI cases */

/* A JSON string as Python's json.dumps(ensure_ascii=False) writes it:
 * `"` `\` and \b \f \n \r \t escaped short, other C0 controls as \u00xx
 * (lower-case hex), everything else (DEL, non-ASCII) raw UTF-8. */
static void put_py_string(text *t, const char *s, size_t n) {
    size_t i;
    put(t, "\"", 1);
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        char esc[8];
        const char *short_form = NULL;
        switch (c) {
        case '"': short_form = "\\\""; break;
        case '\\': short_form = "\\\\"; break;
        case '\b': short_form = "\\b"; break;
        case '\f': short_form = "\\f"; break;
        case '\n': short_form = "\\n"; break;
        case '\r': short_form = "\\r"; break;
        case '\t': short_form = "\\t"; break;
        default: break;
        }
        if (short_form) {
            puts_(t, short_form);
        } else if (c < 0x20) {
            snprintf(esc, sizeof esc, "\\u%04x", c);
            put(t, esc, 6);
        } else {
            put(t, &s[i], 1);
        }
    }
    put(t, "\"", 1);
}

/* A JSON value as Python's json.dumps(v, separators=(",", ":"),
 * ensure_ascii=False) writes it, keys in their order in the case file.
 * Numbers are written as their source text (FastAPI's ints; the cases hold
 * no float that Python would re-format). */
static void put_py_json(text *t, const json *v) {
    size_t i;
    switch (v->kind) {
    case JSON_NULL: puts_(t, "null"); break;
    case JSON_BOOL: puts_(t, v->boolean ? "true" : "false"); break;
    case JSON_NUMBER: put(t, v->string, v->len); break;
    case JSON_STRING: put_py_string(t, v->string, v->len); break;
    case JSON_ARRAY:
        puts_(t, "[");
        for (i = 0; i < v->count; i++) {
            if (i) puts_(t, ",");
            put_py_json(t, v->items[i]);
        }
        puts_(t, "]");
        break;
    case JSON_OBJECT:
        puts_(t, "{");
        for (i = 0; i < v->count; i++) {
            if (i) puts_(t, ",");
            put_py_string(t, v->keys[i], strlen(v->keys[i]));
            puts_(t, ":");
            put_py_json(t, v->items[i]);
        }
        puts_(t, "}");
        break;
    }
}

#define MAX_ITEMS 64

/* What one OpenAPI case needs to stay alive during the call. */
typedef struct {
    authparse_scope_description scopes[5][MAX_ITEMS];
    authparse_json_member extra[5][MAX_ITEMS];
    text extra_json[5][MAX_ITEMS];
    authparse_openapi_flows flows;
} openapi_storage;

static void free_storage(openapi_storage *st) {
    size_t i, k;
    for (i = 0; i < 5; i++)
        for (k = 0; k < MAX_ITEMS; k++) free(st->extra_json[i][k].data);
}

/* `scopes={name: description}` (null or missing: none). */
static const char *scope_list(const json *v, authparse_scope_description *out, const authparse_scope_description **ptr,
                              size_t *count) {
    size_t i;
    *ptr = out;
    *count = 0;
    if (!v || v->kind == JSON_NULL) return NULL;
    if (v->kind != JSON_OBJECT || v->count > MAX_ITEMS) return "'scopes' must be an object (at most 64)";
    for (i = 0; i < v->count; i++) {
        if (v->items[i]->kind != JSON_STRING) return "a scope description must be a string";
        out[i].name = (authparse_str){(const uint8_t *)v->keys[i], strlen(v->keys[i])};
        out[i].description = view_of_string(v->items[i]);
    }
    *count = v->count;
    return NULL;
}

/* An optional string argument: 1 if set (non-null). */
static int opt_view(const json *args, const char *key, bool *has, authparse_str *out) {
    const json *v = json_get(args, key);
    *has = v && v->kind == JSON_STRING;
    *out = view_of_string(v);
    return *has;
}

static const char *const FLOW_KINDS[4] = {"implicit", "password", "clientCredentials", "authorizationCode"};

/* One flow of `flows`: the known keys, the others as raw JSON members. */
static const char *flow_of(const json *v, int kind, authparse_openapi_flow *f, openapi_storage *st) {
    int needs_auth = kind == 0 || kind == 3, needs_token = kind != 0;
    size_t i, n = 0;
    const json *auth = json_get(v, "authorizationUrl"), *token = json_get(v, "tokenUrl");
    const char *error;
    if (v->kind != JSON_OBJECT) return "a flow must be an object";
    f->present = true;
    if (needs_auth) {
        if (!auth || auth->kind != JSON_STRING) return "flow needs 'authorizationUrl'";
        f->authorization_url = view_of_string(auth);
    }
    if (needs_token) {
        if (!token || token->kind != JSON_STRING) return "flow needs 'tokenUrl'";
        f->token_url = view_of_string(token);
    }
    opt_view(v, "refreshUrl", &f->has_refresh_url, &f->refresh_url);
    if ((error = scope_list(json_get(v, "scopes"), st->scopes[kind], &f->scopes, &f->scope_count))) return error;
    for (i = 0; i < v->count; i++) {
        const char *k = v->keys[i];
        int known = strcmp(k, "refreshUrl") == 0 || strcmp(k, "scopes") == 0 ||
                    (needs_auth && strcmp(k, "authorizationUrl") == 0) || (needs_token && strcmp(k, "tokenUrl") == 0);
        if (known) continue;
        if (n == MAX_ITEMS) return "too many extra keys";
        put_py_json(&st->extra_json[kind][n], v->items[i]);
        st->extra[kind][n].key = (authparse_str){(const uint8_t *)k, strlen(k)};
        st->extra[kind][n].json = (authparse_str){(const uint8_t *)st->extra_json[kind][n].data, st->extra_json[kind][n].len};
        n++;
    }
    f->extra = st->extra[kind];
    f->extra_count = n;
    return NULL;
}

/* `OAuth2(flows=…)`. */
static const char *flows_of(const json *v, openapi_storage *st) {
    authparse_openapi_flow *slots[4];
    size_t i, n = 0;
    int k;
    const char *error;
    authparse_openapi_flows_init(&st->flows);
    slots[0] = &st->flows.implicit;
    slots[1] = &st->flows.password;
    slots[2] = &st->flows.client_credentials;
    slots[3] = &st->flows.authorization_code;
    if (v->kind != JSON_OBJECT) return "'flows' must be an object";
    for (k = 0; k < 4; k++) {
        const json *f = json_get(v, FLOW_KINDS[k]);
        if (f && f->kind != JSON_NULL && (error = flow_of(f, k, slots[k], st))) return error;
    }
    for (i = 0; i < v->count; i++) {
        int flow = 0;
        for (k = 0; k < 4; k++) flow |= strcmp(v->keys[i], FLOW_KINDS[k]) == 0;
        if (flow) continue;
        if (n == MAX_ITEMS) return "too many extra keys";
        put_py_json(&st->extra_json[4][n], v->items[i]);
        st->extra[4][n].key = (authparse_str){(const uint8_t *)v->keys[i], strlen(v->keys[i])};
        st->extra[4][n].json = (authparse_str){(const uint8_t *)st->extra_json[4][n].data, st->extra_json[4][n].len};
        n++;
    }
    st->flows.extra = st->extra[4];
    st->flows.extra_count = n;
    return NULL;
}

static const struct {
    const char *name;
    authparse_class kind;
} CLASSES[] = {
    {"HTTPBasic", AUTHPARSE_CLASS_HTTP_BASIC},
    {"HTTPBearer", AUTHPARSE_CLASS_HTTP_BEARER},
    {"HTTPDigest", AUTHPARSE_CLASS_HTTP_DIGEST},
    {"HTTPBase", AUTHPARSE_CLASS_HTTP_BASE},
    {"APIKeyHeader", AUTHPARSE_CLASS_API_KEY_HEADER},
    {"APIKeyQuery", AUTHPARSE_CLASS_API_KEY_QUERY},
    {"APIKeyCookie", AUTHPARSE_CLASS_API_KEY_COOKIE},
    {"OAuth2", AUTHPARSE_CLASS_OAUTH2},
    {"OAuth2PasswordBearer", AUTHPARSE_CLASS_OAUTH2_PASSWORD_BEARER},
    {"OAuth2AuthorizationCodeBearer", AUTHPARSE_CLASS_OAUTH2_AUTHORIZATION_CODE_BEARER},
    {"OpenIdConnect", AUTHPARSE_CLASS_OPEN_ID_CONNECT},
};

/* Required string arguments per class. */
static const char *required(const json *args, const char *key, authparse_str *out) {
    const json *v = json_get(args, key);
    static char error[96];
    if (!v || v->kind != JSON_STRING) {
        snprintf(error, sizeof error, "'%s' is required", key);
        return error;
    }
    *out = view_of_string(v);
    return NULL;
}

/* Renders the case's scheme: its key into `key`, its JSON value into `value`. */
static const char *answer_openapi(const json *args, text *key, text *value) {
    static char error[256];
    const json *cls = json_get(args, "class");
    openapi_storage *st = calloc(1, sizeof *st);
    authparse_openapi_scheme s;
    authparse_class kind = AUTHPARSE_CLASS_NONE;
    const char *e = NULL;
    size_t i, needed = 0, cap = 16;
    uint8_t *buf = NULL;
    authparse_str k, j;
    authparse_status rc;

    if (!st) return "out of memory";
    if (!cls || cls->kind != JSON_STRING) { free(st); return "openapi.class missing"; }
    for (i = 0; i < sizeof CLASSES / sizeof CLASSES[0]; i++)
        if (strcmp(cls->string, CLASSES[i].name) == 0) kind = CLASSES[i].kind;
    if (authparse_openapi_scheme_init(&s, kind) != AUTHPARSE_STATUS_OK) {
        snprintf(error, sizeof error, "unknown class '%s'", cls->string);
        free(st);
        return error;
    }
    opt_view(args, "scheme_name", &s.has_scheme_name, &s.scheme_name);
    opt_view(args, "description", &s.has_description, &s.description);
    switch (kind) {
    case AUTHPARSE_CLASS_HTTP_BASIC: opt_view(args, "realm", &s.has_realm, &s.realm); break;
    case AUTHPARSE_CLASS_HTTP_BEARER: opt_view(args, "bearerFormat", &s.has_bearer_format, &s.bearer_format); break;
    case AUTHPARSE_CLASS_HTTP_BASE: e = required(args, "scheme", &s.scheme); break;
    case AUTHPARSE_CLASS_API_KEY_HEADER:
    case AUTHPARSE_CLASS_API_KEY_QUERY:
    case AUTHPARSE_CLASS_API_KEY_COOKIE: e = required(args, "name", &s.name); break;
    case AUTHPARSE_CLASS_OPEN_ID_CONNECT: e = required(args, "openIdConnectUrl", &s.open_id_connect_url); break;
    case AUTHPARSE_CLASS_OAUTH2: {
        const json *flows = json_get(args, "flows");
        if (flows && flows->kind != JSON_NULL) {
            e = flows_of(flows, st);
            s.flows = &st->flows;
        }
        break;
    }
    case AUTHPARSE_CLASS_OAUTH2_AUTHORIZATION_CODE_BEARER:
        e = required(args, "authorizationUrl", &s.authorization_url);
        /* fall through */
    case AUTHPARSE_CLASS_OAUTH2_PASSWORD_BEARER:
        if (!e) e = required(args, "tokenUrl", &s.token_url);
        opt_view(args, "refreshUrl", &s.has_refresh_url, &s.refresh_url);
        if (!e) e = scope_list(json_get(args, "scopes"), st->scopes[0], &s.scopes, &s.scope_count);
        break;
    default: break;
    }
    if (e) {
        free_storage(st);
        free(st);
        return e;
    }
    /* Ask for the size first, then render into a buffer of exactly that size. */
    rc = authparse_openapi_scheme_render(&s, NULL, 0, &k, &j, &needed);
    if (rc == AUTHPARSE_STATUS_BUFFER_TOO_SMALL) {
        cap = needed;
        buf = malloc(cap);
        rc = buf ? authparse_openapi_scheme_render(&s, buf, cap, &k, &j, &needed) : AUTHPARSE_STATUS_NULL_POINTER;
    }
    if (rc == AUTHPARSE_STATUS_OK) {
        put(key, k.ptr, k.len);
        put(value, j.ptr, j.len);
        if (j.len != cap) rc = AUTHPARSE_STATUS_INVALID_ARGUMENT; /* the announced size must be exact */
    }
    free(buf);
    free_storage(st);
    free(st);
    if (rc != AUTHPARSE_STATUS_OK) {
        snprintf(error, sizeof error, "%s: %s", cls->string, authparse_status_str(rc));
        return error;
    }
    return NULL;
}

/* Answers an OpenAPI case and compares it byte-exactly; NULL if it agrees. */
static const char *check_openapi(const json *args, const json *expect, text *got) {
    text key = {NULL, 0, 0}, value = {NULL, 0, 0}, want = {NULL, 0, 0};
    const json *want_key = json_get(expect, "key"), *want_value = json_get(expect, "value");
    const char *error = answer_openapi(args, &key, &value);
    if (!error && (!want_key || want_key->kind != JSON_STRING || !want_value)) error = "expect needs key and value";
    if (!error) {
        put_py_json(&want, want_value);
        if (key.len != want_key->len || memcmp(key.data, want_key->string, key.len) != 0) error = "key differs";
        else if (value.len != want.len || memcmp(value.data, want.data, value.len) != 0)
            error = "value differs from FastAPI's bytes";
    }
    puts_(got, "key ");
    if (key.data) put(got, key.data, key.len);
    puts_(got, " value ");
    if (value.data) put(got, value.data, value.len);
    if (want.data) {
        puts_(got, "\n      want ");
        put(got, want.data, want.len);
    }
    free(key.data);
    free(value.data);
    free(want.data);
    return error;
}

int main(int argc, char **argv) {
    FILE *f;
    char *line = NULL;
    size_t line_cap = 0, passed = 0, failed = 0, openapi = 0;
    long n;
    int file;
    if (argc < 2) {
        fprintf(stderr, "usage: %s CASES.jsonl...\n", argv[0]);
        return 2;
    }
    for (file = 1; file < argc; file++) {
        f = fopen(argv[file], "r");
        if (!f) { perror(argv[file]); return 2; }
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
                if (!expect) error = "no 'expect'";
                else error = check_openapi(json_get(c, "openapi"), expect, &t);
                if (error) {
                    printf("FAIL %s: %s\n      got %s\n", id && id->string ? id->string : "?", error,
                           t.data ? t.data : "(nothing)");
                    failed++;
                } else {
                    passed++;
                    openapi++;
                }
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
        fclose(f);
    }
    free(line);
    printf("%zu passed, %zu failed (of the passed, %zu OpenAPI cases byte-exact)\n", passed, failed, openapi);
    return failed == 0 && passed > 0 ? 0 : 1;
}
