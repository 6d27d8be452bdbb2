/*
 * A libmicrohttpd server protected by authparse's C API, answering exactly as
 * the FastAPI app it stands in for (status, WWW-Authenticate, JSON body). It
 * mirrors examples/server.rs.
 *
 * Build (Debian: apt-get install libmicrohttpd-dev; `make lib` first):
 *
 *   cc -std=c99 -O2 -Iinclude examples/microhttpd/server.c target/release/libauthparse.a \
 *      -lmicrohttpd -lgcc_s -lutil -lrt -lpthread -lm -ldl -o authparse-mhd
 *
 * Run:   ./authparse-mhd PORT [--strict]     (PORT 0: any free port)
 * It listens on 127.0.0.1 only, prints `listening on http://127.0.0.1:PORT`
 * and stops cleanly on SIGINT/SIGTERM (blocked in every thread, sigwait()ed in
 * main).
 *
 *   curl -i -u john:secret http://127.0.0.1:PORT/basic
 *
 * Routes (FastAPI equivalents in brackets):
 *   GET  /basic  [HTTPBasic(realm="demo")]       {"username":…,"password":…}
 *   GET  /me     [OAuth2PasswordBearer]          {"token":…}
 *   GET  /items  [APIKeyQuery(name="api_key"), auto_error=False, then
 *                 APIKeyCookie(name="session")]  {"api_key":…}
 *   POST /token  [OAuth2PasswordRequestForm]     {"access_token":…,"token_type":"bearer"}
 *                for the password "secret", else 400 Incorrect username or password;
 *                invalid forms get the exact 422/400 bodies of
 *                authparse_password_form_render_body.
 *
 * Every request header line is passed to authparse in arrival order
 * (MHD_get_connection_values_n keeps it); the raw query string comes from
 * MHD_OPTION_URI_LOG_CALLBACK, which sees the request target before
 * libmicrohttpd decodes it; the body is accumulated from the upload-data
 * calls (at most MAX_BODY bytes: larger is a 413).
 *
 * Credentials: the password is checked with authparse_ct_eq (constant time,
 * never memcmp). Every copy this server makes of request bytes or of
 * decoded credentials (the query and body copies, the decode buffers, the
 * JSON bodies that echo them, and any allocation left behind when one of
 * them grows) is wiped with authparse_wipe before it is freed; response
 * bodies are wiped by libmicrohttpd's free callback once sent. (The header
 * lines themselves live in libmicrohttpd's connection memory.)
 */
#define _POSIX_C_SOURCE 200809L

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <microhttpd.h>

#include <authparse.h>

#define MAX_BODY (1024 * 1024)
#define MAX_HEADERS 100

static authparse_profile profile = AUTHPARSE_PROFILE_FASTAPI;

/* Per-request state, created by the URI log callback. */
struct request_state {
    char *query;      /* raw query (after '?', before '#'), NUL-terminated copy */
    size_t query_len;
    unsigned char *body;
    size_t body_len;
    size_t body_cap;
    int seen_headers; /* the first handler call (headers only) has happened */
    int too_large;
};

struct response {
    unsigned int status;
    char *challenge; /* NULL: no WWW-Authenticate */
    char *body;
    size_t body_len;
};

struct header_list {
    authparse_header items[MAX_HEADERS];
    size_t count;
    int overflow;
};

/* Clears memory that held request bytes or credentials before it is freed. */
static void wipe(void *p, size_t len) {
    if (p && len) authparse_wipe((uint8_t *)p, len);
}

static void free_wiped(void *p, size_t len) {
    wipe(p, len);
    free(p);
}

/* Makes room for `need` bytes in `data` (`len` used, `*cap` allocated) and
 * returns it, possibly moved (NULL: out of memory, `data` unchanged). A
 * larger allocation gets a copy and the old one is wiped, where realloc()
 * would leave the bytes behind in freed memory. */
static void *grow_wiping(void *data, size_t len, size_t *cap, size_t need, size_t first) {
    if (need <= *cap) return data;
    size_t c = *cap ? *cap : first;
    while (c < need) c *= 2;
    unsigned char *d = malloc(c);
    if (!d) return NULL;
    if (len) memcpy(d, data, len);
    free_wiped(data, *cap);
    *cap = c;
    return d;
}

static authparse_str view(const void *p, size_t len) {
    authparse_str s;
    s.ptr = (const uint8_t *)p;
    s.len = len;
    return s;
}

/* ------------------------------------------------------------- JSON text */

struct text {
    char *data;
    size_t len, cap;
};

static int text_put(struct text *t, const char *p, size_t n) {
    char *d = grow_wiping(t->data, t->len, &t->cap, t->len + n + 1, 128);
    if (!d) return -1;
    t->data = d;
    memcpy(t->data + t->len, p, n);
    t->len += n;
    t->data[t->len] = '\0';
    return 0;
}

static int text_puts(struct text *t, const char *s) { return text_put(t, s, strlen(s)); }

/* A JSON string literal: bytes as UTF-8 (latin1 = 0) or as Latin-1 code
 * points (header bytes, as Starlette decodes them). */
static int text_json_string(struct text *t, authparse_str s, int latin1) {
    static const char hex[] = "0123456789abcdef";
    if (text_put(t, "\"", 1)) return -1;
    for (size_t i = 0; i < s.len; i++) {
        unsigned char c = s.ptr[i];
        char esc[6];
        if (c == '"' || c == '\\') {
            esc[0] = '\\';
            esc[1] = (char)c;
            if (text_put(t, esc, 2)) return -1;
        } else if (c < 0x20 || c == 0x7f) {
            memcpy(esc, "\\u00", 4);
            esc[4] = hex[c >> 4];
            esc[5] = hex[c & 15];
            if (text_put(t, esc, 6)) return -1;
        } else if (c >= 0x80 && latin1) {
            esc[0] = (char)(0xc0 | (c >> 6));
            esc[1] = (char)(0x80 | (c & 0x3f));
            if (text_put(t, esc, 2)) return -1;
        } else if (text_put(t, (const char *)&c, 1)) {
            return -1;
        }
    }
    return text_put(t, "\"", 1);
}

/* ------------------------------------------------------------- responses */

static struct response json_response(unsigned int status, const char *body) {
    struct response r = {status, NULL, strdup(body), strlen(body)};
    return r;
}

static struct response text_response(unsigned int status, struct text *t) {
    struct response r = {status, NULL, t->data, t->len};
    if (!t->data) return json_response(500, "{\"detail\":\"Internal Server Error\"}");
    return r;
}

static struct response internal_error(authparse_status st) {
    struct text t = {0};
    text_puts(&t, "{\"detail\":");
    text_json_string(&t, view(authparse_status_str(st), strlen(authparse_status_str(st))), 0);
    text_puts(&t, "}");
    return text_response(500, &t);
}

/* A scheme's failure, answered as FastAPI does. */
static struct response failure(const authparse_outcome *outcome) {
    size_t needed = 0;
    authparse_str challenge;
    authparse_status st = authparse_challenge_render(&outcome->challenge, NULL, 0, &challenge, &needed);
    if (st != AUTHPARSE_STATUS_OK && st != AUTHPARSE_STATUS_BUFFER_TOO_SMALL) return internal_error(st);
    uint8_t *buf = malloc(needed + 1);
    if (!buf) return json_response(500, "{\"detail\":\"Internal Server Error\"}");
    st = authparse_challenge_render(&outcome->challenge, buf, needed + 1, &challenge, &needed);
    if (st != AUTHPARSE_STATUS_OK) {
        free(buf);
        return internal_error(st);
    }
    /* The challenge points into buf: make it a C string in place. */
    memmove(buf, challenge.ptr, challenge.len);
    buf[challenge.len] = '\0';
    if (challenge.len == 0) { /* no challenge to send */
        free(buf);
        buf = NULL;
    }
    authparse_str body = authparse_outcome_body(outcome);
    struct response r = {outcome->http_status, (char *)buf, malloc(body.len + 1), body.len};
    if (!r.body) {
        free(buf);
        return json_response(500, "{\"detail\":\"Internal Server Error\"}");
    }
    memcpy(r.body, body.ptr, body.len);
    r.body[body.len] = '\0';
    return r;
}

/*
 * Whether a scheme's call yielded no credentials; then `*r` is the answer:
 * 500 for a failed call, the scheme's failure, or `null` (none, with
 * auto_error off).
 */
static int no_credentials(authparse_status st, const authparse_outcome *outcome,
                          struct response *r) {
    if (st != AUTHPARSE_STATUS_OK) {
        *r = internal_error(st);
    } else if (outcome->kind == AUTHPARSE_OUTCOME_FAILURE) {
        *r = failure(outcome);
    } else if (outcome->kind != AUTHPARSE_OUTCOME_CREDENTIALS) {
        *r = json_response(200, "null");
    } else {
        return 0;
    }
    return 1;
}

/* 200 with the JSON object {"<name>": value}. */
static struct response one_field(const char *name, authparse_str value, int latin1) {
    struct text t = {0};
    text_puts(&t, "{\"");
    text_puts(&t, name);
    text_puts(&t, "\":");
    text_json_string(&t, value, latin1);
    text_puts(&t, "}");
    return text_response(200, &t);
}

/* Buffer bytes that fit every header value decoded once, plus `extra`. */
static size_t header_bytes(const authparse_request *req, size_t extra) {
    size_t cap = extra;
    for (size_t i = 0; i < req->header_count; i++) cap += req->headers[i].value.len;
    return cap;
}

/* ---------------------------------------------------------------- routes */

static struct response route_basic(const authparse_request *req) {
    authparse_scheme_config cfg;
    authparse_scheme_config_init(&cfg);
    cfg.profile = profile;
    cfg.has_realm = true;
    cfg.realm = view("demo", 4);
    size_t cap = header_bytes(req, 16);
    uint8_t *buf = malloc(cap);
    if (!buf) return json_response(500, "{\"detail\":\"Internal Server Error\"}");
    authparse_outcome outcome;
    authparse_basic_credentials creds;
    size_t needed = 0;
    authparse_status st = authparse_http_basic_extract(&cfg, req, buf, cap, &outcome, &creds, &needed);
    struct response r;
    if (!no_credentials(st, &outcome, &r)) {
        struct text t = {0};
        text_puts(&t, "{\"username\":");
        text_json_string(&t, creds.username, 0);
        text_puts(&t, ",\"password\":");
        text_json_string(&t, creds.password, 0);
        text_puts(&t, "}");
        r = text_response(200, &t);
    }
    free_wiped(buf, cap);
    return r;
}

static struct response route_me(const authparse_request *req) {
    authparse_scheme_config cfg;
    authparse_scheme_config_init(&cfg);
    cfg.profile = profile;
    authparse_outcome outcome;
    authparse_str token;
    authparse_status st = authparse_oauth2_password_bearer_extract(&cfg, req, &outcome, &token);
    struct response r;
    if (no_credentials(st, &outcome, &r)) return r;
    return one_field("token", token, 1);
}

static struct response route_items(const authparse_request *req) {
    authparse_scheme_config cfg;
    authparse_scheme_config_init(&cfg);
    cfg.profile = profile;
    cfg.auto_error = false;
    cfg.name = view("api_key", 7);
    size_t cap = header_bytes(req, 3 * req->query.len + 16);
    uint8_t *buf = malloc(cap);
    if (!buf) return json_response(500, "{\"detail\":\"Internal Server Error\"}");
    authparse_outcome outcome;
    authparse_str key;
    size_t needed = 0;
    int latin1 = 0; /* query values are decoded UTF-8; cookie bytes are Latin-1 */
    authparse_status st = authparse_api_key_query_extract(&cfg, req, buf, cap, &outcome, &key, &needed);
    if (st == AUTHPARSE_STATUS_OK && outcome.kind == AUTHPARSE_OUTCOME_ABSENT) {
        cfg.auto_error = true;
        cfg.name = view("session", 7);
        latin1 = 1;
        st = authparse_api_key_cookie_extract(&cfg, req, buf, cap, &outcome, &key, &needed);
    }
    struct response r;
    if (!no_credentials(st, &outcome, &r)) r = one_field("api_key", key, latin1);
    free_wiped(buf, cap);
    return r;
}

static struct response route_token(const authparse_request *req) {
    authparse_password_form_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.grant_type_required = false;
    cfg.profile = profile;
    size_t cap = 2 * req->body.len + 16; /* twice the body always suffices */
    uint8_t *buf = malloc(cap);
    if (!buf) return json_response(500, "{\"detail\":\"Internal Server Error\"}");
    authparse_password_form_result res;
    size_t needed = 0;
    authparse_status st = authparse_password_form_extract(&cfg, req, buf, cap, &res, &needed);
    struct response r;
    if (st != AUTHPARSE_STATUS_OK) {
        r = internal_error(st);
    } else if (res.kind == AUTHPARSE_FORM_VALID) {
        bool correct = false;
        authparse_ct_eq(res.password.ptr, res.password.len, (const uint8_t *)"secret", 6, &correct);
        if (correct) {
            struct text t = {0};
            text_puts(&t, "{\"access_token\":");
            text_json_string(&t, res.username, 0);
            text_puts(&t, ",\"token_type\":\"bearer\"}");
            r = text_response(200, &t);
        } else {
            r = json_response(400, "{\"detail\":\"Incorrect username or password\"}");
        }
    } else {
        /* 422 (FastAPI) or 400 (strict): the exact body. */
        authparse_str body;
        st = authparse_password_form_render_body(&res, NULL, 0, &body, &needed);
        uint8_t *out = (st == AUTHPARSE_STATUS_OK || st == AUTHPARSE_STATUS_BUFFER_TOO_SMALL)
                           ? malloc(needed + 1) : NULL;
        if (out) st = authparse_password_form_render_body(&res, out, needed + 1, &body, &needed);
        if (!out || st != AUTHPARSE_STATUS_OK) {
            r = internal_error(out ? st : AUTHPARSE_STATUS_BUFFER_TOO_SMALL);
        } else {
            struct text t = {0};
            text_put(&t, (const char *)body.ptr, body.len);
            r = text_response(res.http_status, &t);
        }
        free(out);
    }
    free_wiped(buf, cap);
    return r;
}

/* ------------------------------------------------------ libmicrohttpd glue */

static enum MHD_Result collect_header(void *cls, enum MHD_ValueKind kind, const char *key,
                                      size_t key_size, const char *value, size_t value_size) {
    (void)kind;
    struct header_list *list = cls;
    if (list->count == MAX_HEADERS) {
        list->overflow = 1;
        return MHD_NO;
    }
    list->items[list->count].name = view(key, key_size);
    list->items[list->count].value = view(value, value ? value_size : 0);
    list->count++;
    return MHD_YES;
}

static void *log_uri(void *cls, const char *uri, struct MHD_Connection *connection) {
    (void)cls;
    (void)connection;
    struct request_state *state = calloc(1, sizeof *state);
    if (!state) return NULL;
    const char *q = strchr(uri, '?');
    if (q) {
        q++;
        size_t len = strcspn(q, "#");
        state->query = malloc(len + 1);
        if (state->query) {
            memcpy(state->query, q, len);
            state->query[len] = '\0';
            state->query_len = len;
        }
    }
    return state;
}

static void request_done(void *cls, struct MHD_Connection *connection, void **con_cls,
                         enum MHD_RequestTerminationCode toe) {
    (void)cls;
    (void)connection;
    (void)toe;
    struct request_state *state = *con_cls;
    if (state) {
        free_wiped(state->query, state->query_len);
        free_wiped(state->body, state->body_len);
        free(state);
        *con_cls = NULL;
    }
}

/* A response body (it may echo credentials), wiped when libmicrohttpd is done with it. */
struct sent_body {
    char *data;
    size_t len;
};

static void free_sent_body(void *cls) {
    struct sent_body *b = cls;
    free_wiped(b->data, b->len);
    free(b);
}

static enum MHD_Result send_response(struct MHD_Connection *connection, struct response r) {
    struct sent_body *owned = malloc(sizeof *owned);
    struct MHD_Response *resp = NULL;
    if (owned) {
        owned->data = r.body;
        owned->len = r.body_len;
        resp = MHD_create_response_from_buffer_with_free_callback_cls(r.body_len, r.body, free_sent_body, owned);
    }
    if (!resp) {
        free_wiped(r.body, r.body_len);
        free(owned);
        free(r.challenge);
        return MHD_NO;
    }
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, "application/json");
    if (r.challenge) MHD_add_response_header(resp, MHD_HTTP_HEADER_WWW_AUTHENTICATE, r.challenge);
    free(r.challenge);
    enum MHD_Result ret = MHD_queue_response(connection, r.status, resp);
    MHD_destroy_response(resp);
    return ret;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *connection, const char *url,
                              const char *method, const char *version, const char *upload_data,
                              size_t *upload_data_size, void **con_cls) {
    (void)cls;
    (void)version;
    struct request_state *state = *con_cls;
    if (!state) return MHD_NO; /* out of memory in log_uri */
    if (!state->seen_headers) {
        state->seen_headers = 1;
        return MHD_YES; /* wait for the body (or its absence) */
    }
    if (*upload_data_size) {
        size_t n = *upload_data_size;
        *upload_data_size = 0;
        if (state->too_large || state->body_len + n > MAX_BODY) {
            state->too_large = 1;
            return MHD_YES;
        }
        unsigned char *b = grow_wiping(state->body, state->body_len, &state->body_cap, state->body_len + n, 4096);
        if (!b) return MHD_NO;
        state->body = b;
        memcpy(state->body + state->body_len, upload_data, n);
        state->body_len += n;
        return MHD_YES;
    }
    if (state->too_large)
        return send_response(connection, json_response(413, "{\"detail\":\"Request Entity Too Large\"}"));

    struct header_list headers;
    headers.count = 0;
    headers.overflow = 0;
    MHD_get_connection_values_n(connection, MHD_HEADER_KIND, collect_header, &headers);
    if (headers.overflow)
        return send_response(connection, json_response(431, "{\"detail\":\"Too many headers\"}"));
    authparse_request req;
    req.headers = headers.items;
    req.header_count = headers.count;
    req.query = view(state->query, state->query_len);
    req.body = view(state->body, state->body_len);

    struct response r;
    if (strcmp(method, "GET") == 0 && strcmp(url, "/basic") == 0) {
        r = route_basic(&req);
    } else if (strcmp(method, "GET") == 0 && strcmp(url, "/me") == 0) {
        r = route_me(&req);
    } else if (strcmp(method, "GET") == 0 && strcmp(url, "/items") == 0) {
        r = route_items(&req);
    } else if (strcmp(method, "POST") == 0 && strcmp(url, "/token") == 0) {
        r = route_token(&req);
    } else {
        r = json_response(404, "{\"detail\":\"Not Found\"}");
    }
    if (!r.body) return MHD_NO;
    return send_response(connection, r);
}

int main(int argc, char **argv) {
    long port = -1;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--strict") == 0) {
            profile = AUTHPARSE_PROFILE_STRICT;
        } else {
            char *end;
            port = strtol(argv[i], &end, 10);
            if (*end || port < 0 || port > 65535) port = -1;
        }
    }
    if (port < 0) {
        fprintf(stderr, "usage: %s PORT [--strict]   (listens on 127.0.0.1; PORT 0: any)\n", argv[0]);
        return 2;
    }

    /* Block the stop signals in this thread before libmicrohttpd starts its
     * threads (they inherit the mask), then wait for them here. */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    if (pthread_sigmask(SIG_BLOCK, &stop, NULL) != 0) {
        perror("pthread_sigmask");
        return 1;
    }

    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons((uint16_t)port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);

    struct MHD_Daemon *daemon = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG, (uint16_t)port, NULL, NULL, handle, NULL,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr, MHD_OPTION_URI_LOG_CALLBACK, log_uri, NULL,
        MHD_OPTION_NOTIFY_COMPLETED, request_done, NULL, MHD_OPTION_CONNECTION_TIMEOUT,
        (unsigned int)30, MHD_OPTION_END);
    if (!daemon) {
        fprintf(stderr, "could not start libmicrohttpd on 127.0.0.1:%ld\n", port);
        return 1;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(daemon, MHD_DAEMON_INFO_BIND_PORT);
    printf("authparse %s (%s profile): listening on http://127.0.0.1:%u\n", authparse_version(),
           profile == AUTHPARSE_PROFILE_STRICT ? "strict" : "fastapi",
           info ? (unsigned)info->port : (unsigned)port);
    fflush(stdout);

    int sig = 0;
    sigwait(&stop, &sig);
    fprintf(stderr, "signal %d: stopping\n", sig);
    MHD_stop_daemon(daemon);
    return 0;
}
