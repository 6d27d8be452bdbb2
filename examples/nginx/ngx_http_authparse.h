/*
 * ngx_http_authparse_module: the types its source files share.
 *
 *   ngx_http_authparse_module.c     the classes, directives, configuration
 *   ngx_http_authparse_access.c     the check of a request: the schemes in
 *                                   order, in the access phase (and the
 *                                   precontent phase for subrequests)
 *   ngx_http_authparse_form.c       the password form: the body read,
 *                                   checked, verified, refusals answered
 *   ngx_http_authparse_files.c      authparse_user_file / authparse_key_file:
 *                                   read at configuration load, verified per
 *                                   request; the file reader they share
 *   ngx_http_authparse_digest.c     authparse_digest: RFC 7616 Digest with an
 *                                   htdigest file, stateless nonces, challenges
 *   ngx_http_authparse_digest_zone.c  the nonce counts of every worker, in
 *                                   shared memory (replays refused)
 *   ngx_http_authparse_response.c   failures answered through nginx's own
 *                                   error path (satisfy, error_page), the
 *                                   JSON body swapped in by two filters;
 *                                   authparse_respond
 *   ngx_http_authparse_variables.c  $authparse_* variables, their JSON
 *                                   forms, and the wiping of secrets
 */
#ifndef NGX_HTTP_AUTHPARSE_H_INCLUDED
#define NGX_HTTP_AUTHPARSE_H_INCLUDED

#include <ngx_config.h>
#include <ngx_core.h>
#include <ngx_http.h>

#include <authparse.h>

/* The values a scheme yields, each one an $authparse_* variable. */
typedef enum {
    AP_FIELD_USER = 0,   /* Basic / form username */
    AP_FIELD_PASSWORD,   /* Basic / form password */
    AP_FIELD_TOKEN,      /* bearer token, OAuth2 / OpenIdConnect value, HTTPBase credentials */
    AP_FIELD_API_KEY,    /* APIKeyHeader / Query / Cookie */
    AP_FIELD_SCHEME,     /* HTTPAuthorizationCredentials.scheme as sent */
    AP_FIELD_SCOPES,     /* the password form's scopes (after the check: joined by one SP) */
    AP_FIELD_COUNT
} ap_field_e;

/* What one extraction found: views into the request or a secret buffer. */
typedef struct {
    authparse_str  value[AP_FIELD_COUNT];
    unsigned       have;    /* bit per field that is set */
    unsigned       latin1;  /* bit per field whose bytes are header text (Latin-1) */
} ap_creds_t;

#define AP_BIT(field) (1u << (field))

typedef struct ap_class_s      ap_class_t;
typedef struct ap_loc_conf_s   ap_loc_conf_t;
typedef struct ap_user_file_s  ap_user_file_t;
typedef struct ap_key_file_s   ap_key_file_t;
typedef struct ap_digest_file_s  ap_digest_file_t;

/* The decision a verifier takes on extracted credentials. */
typedef enum {
    AP_VERIFIED = 0,  /* accepted (or nothing to verify against: forward mode) */
    AP_REJECTED,      /* answered exactly like missing credentials */
    AP_STALE,         /* Digest: right credentials, expired nonce: challenge with stale=true */
    AP_VERIFY_ERROR   /* 500 */
} ap_verdict_e;

/* A verifier may add what it derives to `creds` (Digest: the user name). */
typedef ap_verdict_e (*ap_verify_pt)(ngx_http_request_t *r, ap_loc_conf_t *conf,
    ap_creds_t *creds);

typedef authparse_status (*ap_extract_pt)(const authparse_scheme_config *cfg,
    const authparse_request *req, u_char *buf, size_t cap, authparse_outcome *out,
    ap_creds_t *creds, size_t *needed);

typedef struct ap_ctx_s  ap_ctx_t;

/* A class's own 401 (Digest: a challenge with a fresh nonce). */
typedef ngx_int_t (*ap_challenge_pt)(ngx_http_request_t *r, ap_loc_conf_t *conf, ap_ctx_t *ctx,
    ngx_uint_t stale);

/* ap_class_t.flags */
#define AP_DECODES      0x01  /* writes decoded values into a buffer */
#define AP_REALM        0x02  /* [REALM] */
#define AP_NAME         0x04  /* NAME (API keys) or SCHEME (HTTPBase), required */
#define AP_STRICT_FORM  0x08  /* OAuth2PasswordRequestFormStrict */
#define AP_NEEDS_REALM  0x10  /* REALM, required (authparse_digest) */

/* One of FastAPI's classes, as a directive. */
struct ap_class_s {
    const char       *fastapi_name;  /* "HTTPBasic": $authparse_class */
    ap_extract_pt     extract;       /* NULL: the password form (reads the body) */
    ap_verify_pt      verify;        /* NULL: forwarded unverified (authparse_http_digest) */
    ap_challenge_pt   challenge;     /* NULL: the scheme's FastAPI failure */
    unsigned          flags;         /* AP_DECODES, ... */
};

/* One directive of a location: a class and its constructor arguments. */
typedef struct {
    const ap_class_t         *cls;
    ngx_flag_t                optional;  /* auto_error=False */
    authparse_scheme_config   cfg;       /* realm / name point into the configuration */
    ngx_str_t                 file;      /* where the directive is, for warnings */
    ngx_uint_t                line;
} ap_scheme_t;

struct ap_loc_conf_s {
    ngx_array_t               *schemes;    /* of ap_scheme_t, tried in order; NULL: off */
    ngx_uint_t                 profile;    /* AUTHPARSE_PROFILE_* */
    ap_user_file_t            *user_file;  /* NULL: forward mode for Basic and the form */
    ap_key_file_t             *key_file;   /* NULL: forward mode for tokens and keys */
    ngx_http_complex_value_t  *respond_status;
    ngx_http_complex_value_t  *respond_body;
    /* authparse_digest */
    ngx_str_t                  digest_realm;     /* empty: no authparse_digest here */
    ap_digest_file_t          *digest_users;
    ngx_str_t                  digest_secret;    /* configured, or random per configuration load */
    time_t                     digest_lifetime;  /* nonce lifetime, seconds */
};

/* The http block's settings. */
typedef struct {
    ngx_int_t                  nonce_slots;  /* authparse_digest_nonce_slots */
    ngx_shm_zone_t            *zone;         /* the nonce counts; NULL: no Digest location */
} ap_main_conf_t;

/* A failure to answer: set in the access check, sent by the filters. */
typedef struct {
    ngx_uint_t  status;     /* 0: none */
    ngx_str_t   body;       /* JSON */
} ap_reply_t;

struct ap_ctx_s {
    ap_creds_t         creds;        /* the variables */
    const ap_class_t  *winner;       /* the class that yielded them, or NULL */
    ap_reply_t         reply;
    ngx_int_t          access_rc;    /* the decision, once taken */
    unsigned           decided:1;
    unsigned           body_requested:1;
    unsigned           body_ready:1;
    unsigned           passed:1;     /* the request got past the access phase */
    unsigned           replacing:1;  /* the filters are sending reply.body */
    unsigned           body_sent:1;
};

extern ngx_module_t  ngx_http_authparse_module;

ap_ctx_t *ap_get_ctx(ngx_http_request_t *r);

/* ngx_http_authparse_module.c: the classes */
/* Stores one extracted value (`latin1`: header text, else UTF-8). */
void ap_creds_set(ap_creds_t *creds, ap_field_e field, authparse_str value, ngx_uint_t latin1);

/* ngx_http_authparse_access.c */
/* Decoded values land here (wiped when the request ends). */
typedef struct {
    u_char  *data;
    size_t   cap;
} ap_scratch_t;

/* A request without credentials: a scheme's answer to it is "missing". */
extern const authparse_request  ap_empty_request;

ngx_int_t ap_collect_request(ngx_http_request_t *r, authparse_request *req,
    ap_scratch_t *scratch);
ap_verdict_e ap_accept(ngx_http_request_t *r, ap_loc_conf_t *conf, ap_ctx_t *ctx,
    const ap_class_t *cls, ap_creds_t *creds);
ngx_int_t ap_access_handler(ngx_http_request_t *r);
ngx_int_t ap_precontent_handler(ngx_http_request_t *r);

/* ngx_http_authparse_form.c */
void ap_body_handler(ngx_http_request_t *r);
ngx_int_t ap_decide_form(ngx_http_request_t *r, ap_loc_conf_t *conf, ap_ctx_t *ctx,
    const ap_class_t *cls);

/* ngx_http_authparse_files.c: credentials files, read line by line */
/* Parses one line into `entry`: NULL, a problem (logged with the line), or NGX_CONF_ERROR. */
typedef const char *(*ap_line_pt)(ngx_conf_t *cf, ngx_str_t *line, ngx_uint_t number,
    void *entry, void *data);

/*
 * A file directive: refuses a second one at the level (`slot` is set),
 * reads FILE (relative to the configuration prefix) into wiped memory and
 * parses each line that is neither empty nor a comment into an entry of
 * `size` bytes of `entries`.
 */
char *ap_file_read(ngx_conf_t *cf, void *slot, ngx_str_t *name, size_t size, ap_line_pt parse,
    void *data, ngx_array_t *entries);
bool ap_ct_eq(const u_char *a, size_t a_len, const u_char *b, size_t b_len);
char *ap_conf_user_file(ngx_conf_t *cf, ngx_command_t *cmd, void *conf);
char *ap_conf_key_file(ngx_conf_t *cf, ngx_command_t *cmd, void *conf);
ap_verdict_e ap_verify_user(ngx_http_request_t *r, ap_loc_conf_t *conf, ap_creds_t *creds);
ap_verdict_e ap_verify_token(ngx_http_request_t *r, ap_loc_conf_t *conf, ap_creds_t *creds);
ap_verdict_e ap_verify_api_key(ngx_http_request_t *r, ap_loc_conf_t *conf, ap_creds_t *creds);

/* ngx_http_authparse_digest.c */
char *ap_conf_digest_user_file(ngx_conf_t *cf, ngx_command_t *cmd, void *conf);
char *ap_conf_digest_secret(ngx_conf_t *cf, ngx_command_t *cmd, void *conf);
char *ap_digest_merge(ngx_conf_t *cf, ap_loc_conf_t *prev, ap_loc_conf_t *conf);
ap_verdict_e ap_verify_digest(ngx_http_request_t *r, ap_loc_conf_t *conf, ap_creds_t *creds);
ngx_int_t ap_digest_challenge(ngx_http_request_t *r, ap_loc_conf_t *conf, ap_ctx_t *ctx,
    ngx_uint_t stale);

/* ngx_http_authparse_digest_zone.c */
void *ap_create_main_conf(ngx_conf_t *cf);
char *ap_conf_digest_nonce_slots(ngx_conf_t *cf, ngx_command_t *cmd, void *conf);
char *ap_digest_zone_add(ngx_conf_t *cf);
authparse_status ap_digest_accept(ngx_http_request_t *r,
    const authparse_digest_issued_nonce *nonce, uint32_t nc);

/* ngx_http_authparse_response.c */
ngx_int_t ap_reply_outcome(ngx_http_request_t *r, ap_ctx_t *ctx, const authparse_outcome *outcome);
ngx_int_t ap_reply_json(ngx_http_request_t *r, ap_ctx_t *ctx, ngx_uint_t status, authparse_str body);
ngx_int_t ap_push_www_authenticate(ngx_http_request_t *r, authparse_str value);
ngx_int_t ap_send(ngx_http_request_t *r, ngx_uint_t status, ngx_str_t *body);
ngx_int_t ap_filters_init(ngx_conf_t *cf);
char *ap_conf_respond(ngx_conf_t *cf, ngx_command_t *cmd, void *conf);

/* ngx_http_authparse_variables.c */
ngx_int_t ap_add_variables(ngx_conf_t *cf);
u_char *ap_secret_alloc(ngx_pool_t *pool, size_t len);
ngx_uint_t ap_has_ctl(authparse_str s);
/* The problem of a credentials-file field holding HTAB: the module refuses
 * credentials holding one (ap_has_ctl), so the entry could never match. */
#define AP_TAB_NEVER_MATCHES(field) \
    "a tab in the " field " (credentials holding one are refused, so it could never match)"
ngx_uint_t ap_header_unsafe(authparse_str s);

#endif /* NGX_HTTP_AUTHPARSE_H_INCLUDED */
