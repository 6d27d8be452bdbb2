/*
 * ngx_http_authparse_module: protects a location with one of FastAPI's
 * `fastapi.security` classes, answering failures exactly as FastAPI does
 * (status, WWW-Authenticate, JSON body), through authparse's C API.
 *
 * Access phase directives (one scheme per location):
 *   authparse_basic [REALM];          HTTPBasic(realm=REALM)
 *   authparse_bearer;                 OAuth2PasswordBearer
 *   authparse_api_key_query NAME;     APIKeyQuery(name=NAME)
 *   authparse_api_key_header NAME;    APIKeyHeader(name=NAME)
 *   authparse_api_key_cookie NAME;    APIKeyCookie(name=NAME)
 *   authparse_password_form;          OAuth2PasswordRequestForm (reads the body)
 *   authparse_profile fastapi|strict; rules (default fastapi)
 *
 * Content phase directive (nginx's `return` runs in the rewrite phase, BEFORE
 * the access phase, so it would answer without any authentication):
 *   authparse_respond [STATUS] BODY;  200 (or STATUS) with Content-Type
 *                                     application/json; both take variables
 *
 * Variables, set on success:
 *   $authparse_user, $authparse_password   Basic credentials / form fields
 *   $authparse_token                       bearer token or API key
 *   $authparse_user_json, $authparse_token_json, $authparse_password_json:
 *       the same as JSON string literals (quoted and escaped; header bytes
 *       are read as Latin-1, as Starlette does)
 *
 * See README.md in this directory.
 */
#include <ngx_config.h>
#include <ngx_core.h>
#include <ngx_http.h>

#include <authparse.h>

typedef enum {
    AP_MODE_NONE = 0,
    AP_MODE_BASIC,
    AP_MODE_BEARER,
    AP_MODE_API_KEY_QUERY,
    AP_MODE_API_KEY_HEADER,
    AP_MODE_API_KEY_COOKIE,
    AP_MODE_PASSWORD_FORM
} ap_mode_t;

typedef struct {
    ngx_uint_t                 mode;     /* ap_mode_t; NGX_CONF_UNSET_UINT when unset */
    ngx_flag_t                 has_realm;
    ngx_str_t                  realm;    /* basic */
    ngx_str_t                  name;     /* api keys */
    ngx_uint_t                 profile;  /* AUTHPARSE_PROFILE_*; unset: inherited */
    ngx_http_complex_value_t  *respond_status;
    ngx_http_complex_value_t  *respond_body;
} ngx_http_authparse_loc_conf_t;

typedef struct {
    unsigned    body_requested:1;
    unsigned    body_ready:1;
    unsigned    authenticated:1;
    unsigned    user_latin1:1;
    unsigned    token_latin1:1;
    ngx_str_t   user;
    ngx_str_t   password;
    ngx_str_t   token;
} ngx_http_authparse_ctx_t;

enum { AP_VAR_USER, AP_VAR_PASSWORD, AP_VAR_TOKEN };
#define AP_VAR_JSON 0x10

static ngx_int_t ngx_http_authparse_add_variables(ngx_conf_t *cf);
static ngx_int_t ngx_http_authparse_init(ngx_conf_t *cf);
static void *ngx_http_authparse_create_loc_conf(ngx_conf_t *cf);
static char *ngx_http_authparse_merge_loc_conf(ngx_conf_t *cf, void *parent, void *child);
static char *ngx_http_authparse_scheme(ngx_conf_t *cf, ngx_command_t *cmd, void *conf);
static char *ngx_http_authparse_profile(ngx_conf_t *cf, ngx_command_t *cmd, void *conf);
static char *ngx_http_authparse_respond(ngx_conf_t *cf, ngx_command_t *cmd, void *conf);

static ngx_command_t ngx_http_authparse_commands[] = {
    { ngx_string("authparse_basic"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF|NGX_CONF_NOARGS|NGX_CONF_TAKE1,
      ngx_http_authparse_scheme, NGX_HTTP_LOC_CONF_OFFSET, AP_MODE_BASIC, NULL },
    { ngx_string("authparse_bearer"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF|NGX_CONF_NOARGS,
      ngx_http_authparse_scheme, NGX_HTTP_LOC_CONF_OFFSET, AP_MODE_BEARER, NULL },
    { ngx_string("authparse_api_key_query"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF|NGX_CONF_TAKE1,
      ngx_http_authparse_scheme, NGX_HTTP_LOC_CONF_OFFSET, AP_MODE_API_KEY_QUERY, NULL },
    { ngx_string("authparse_api_key_header"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF|NGX_CONF_TAKE1,
      ngx_http_authparse_scheme, NGX_HTTP_LOC_CONF_OFFSET, AP_MODE_API_KEY_HEADER, NULL },
    { ngx_string("authparse_api_key_cookie"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF|NGX_CONF_TAKE1,
      ngx_http_authparse_scheme, NGX_HTTP_LOC_CONF_OFFSET, AP_MODE_API_KEY_COOKIE, NULL },
    { ngx_string("authparse_password_form"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF|NGX_CONF_NOARGS,
      ngx_http_authparse_scheme, NGX_HTTP_LOC_CONF_OFFSET, AP_MODE_PASSWORD_FORM, NULL },
    { ngx_string("authparse_off"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF|NGX_CONF_NOARGS,
      ngx_http_authparse_scheme, NGX_HTTP_LOC_CONF_OFFSET, AP_MODE_NONE, NULL },
    { ngx_string("authparse_profile"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF|NGX_CONF_TAKE1,
      ngx_http_authparse_profile, NGX_HTTP_LOC_CONF_OFFSET, 0, NULL },
    { ngx_string("authparse_respond"),
      NGX_HTTP_LOC_CONF|NGX_CONF_TAKE12,
      ngx_http_authparse_respond, NGX_HTTP_LOC_CONF_OFFSET, 0, NULL },
    ngx_null_command
};

static ngx_http_module_t ngx_http_authparse_module_ctx = {
    ngx_http_authparse_add_variables,   /* preconfiguration */
    ngx_http_authparse_init,            /* postconfiguration */
    NULL, NULL,                         /* main conf */
    NULL, NULL,                         /* server conf */
    ngx_http_authparse_create_loc_conf, /* create location configuration */
    ngx_http_authparse_merge_loc_conf   /* merge location configuration */
};

ngx_module_t ngx_http_authparse_module = {
    NGX_MODULE_V1,
    &ngx_http_authparse_module_ctx,
    ngx_http_authparse_commands,
    NGX_HTTP_MODULE,
    NULL, NULL, NULL, NULL, NULL, NULL, NULL,
    NGX_MODULE_V1_PADDING
};

/* ---------------------------------------------------------------- helpers */

static authparse_str
ap_view(const u_char *p, size_t len)
{
    authparse_str s;
    s.ptr = p;
    s.len = len;
    return s;
}

static ngx_int_t
ap_copy(ngx_pool_t *pool, ngx_str_t *dst, authparse_str src)
{
    dst->len = src.len;
    dst->data = ngx_pnalloc(pool, src.len ? src.len : 1);
    if (dst->data == NULL) {
        return NGX_ERROR;
    }
    if (src.len) {
        ngx_memcpy(dst->data, src.ptr, src.len);
    }
    return NGX_OK;
}

/* A JSON string literal of `src`: bytes as UTF-8, or as Latin-1 code points. */
static ngx_int_t
ap_json_string(ngx_pool_t *pool, ngx_str_t *src, ngx_uint_t latin1, ngx_str_t *out)
{
    static const u_char hex[] = "0123456789abcdef";
    u_char  *p, c;
    size_t   i;

    p = ngx_pnalloc(pool, src->len * 6 + 2);
    if (p == NULL) {
        return NGX_ERROR;
    }
    out->data = p;
    *p++ = '"';
    for (i = 0; i < src->len; i++) {
        c = src->data[i];
        if (c == '"' || c == '\\') {
            *p++ = '\\';
            *p++ = c;
        } else if (c < 0x20 || c == 0x7f) {
            *p++ = '\\'; *p++ = 'u'; *p++ = '0'; *p++ = '0';
            *p++ = hex[c >> 4]; *p++ = hex[c & 0xf];
        } else if (c >= 0x80 && latin1) {
            *p++ = (u_char) (0xc0 | (c >> 6));
            *p++ = (u_char) (0x80 | (c & 0x3f));
        } else {
            *p++ = c;
        }
    }
    *p++ = '"';
    out->len = p - out->data;
    return NGX_OK;
}

/* Every request header line in arrival order, as views (nothing copied). */
static ngx_int_t
ap_collect_headers(ngx_http_request_t *r, authparse_request *req)
{
    ngx_list_part_t   *part;
    ngx_table_elt_t   *h;
    authparse_header  *out;
    ngx_uint_t         i, n;

    n = 0;
    for (part = &r->headers_in.headers.part; part; part = part->next) {
        n += part->nelts;
    }
    out = ngx_palloc(r->pool, (n ? n : 1) * sizeof(authparse_header));
    if (out == NULL) {
        return NGX_ERROR;
    }
    n = 0;
    for (part = &r->headers_in.headers.part; part; part = part->next) {
        h = part->elts;
        for (i = 0; i < part->nelts; i++) {
            out[n].name = ap_view(h[i].key.data, h[i].key.len);
            out[n].value = ap_view(h[i].value.data, h[i].value.len);
            n++;
        }
    }
    req->headers = out;
    req->header_count = n;
    req->query = ap_view(r->args.data, r->args.len);
    req->body = ap_view(NULL, 0);
    return NGX_OK;
}

/* The request body, in one piece (memory or temporary file). */
static ngx_int_t
ap_collect_body(ngx_http_request_t *r, authparse_str *body)
{
    ngx_chain_t  *cl;
    size_t        len;
    u_char       *p;
    ssize_t       n;

    *body = ap_view(NULL, 0);
    if (r->request_body == NULL || r->request_body->bufs == NULL) {
        return NGX_OK;
    }
    len = 0;
    for (cl = r->request_body->bufs; cl; cl = cl->next) {
        len += ngx_buf_size(cl->buf);
    }
    if (len == 0) {
        return NGX_OK;
    }
    p = ngx_pnalloc(r->pool, len);
    if (p == NULL) {
        return NGX_ERROR;
    }
    *body = ap_view(p, len);
    for (cl = r->request_body->bufs; cl; cl = cl->next) {
        if (cl->buf->in_file) {
            n = ngx_read_file(cl->buf->file, p, (size_t) (cl->buf->file_last - cl->buf->file_pos),
                              cl->buf->file_pos);
            if (n != cl->buf->file_last - cl->buf->file_pos) {
                return NGX_ERROR;
            }
            p += n;
        } else {
            p = ngx_cpymem(p, cl->buf->pos, cl->buf->last - cl->buf->pos);
        }
    }
    return NGX_OK;
}

/* Sends a complete response; the caller finalizes the request with the result. */
static ngx_int_t
ap_send(ngx_http_request_t *r, ngx_uint_t status, authparse_str challenge, authparse_str body)
{
    ngx_table_elt_t  *h;
    ngx_buf_t        *b;
    ngx_chain_t       out;
    ngx_int_t         rc;

    if (ngx_http_discard_request_body(r) != NGX_OK) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }
    r->headers_out.status = status;
    if (challenge.len) {
        h = ngx_list_push(&r->headers_out.headers);
        if (h == NULL) {
            return NGX_HTTP_INTERNAL_SERVER_ERROR;
        }
        h->hash = 1;
        ngx_str_set(&h->key, "WWW-Authenticate");
        h->value.data = (u_char *) challenge.ptr;
        h->value.len = challenge.len;
    }
    ngx_str_set(&r->headers_out.content_type, "application/json");
    r->headers_out.content_type_len = r->headers_out.content_type.len;
    r->headers_out.content_length_n = body.len;

    rc = ngx_http_send_header(r);
    if (rc == NGX_ERROR || rc > NGX_OK || r->header_only) {
        return rc;
    }
    b = ngx_calloc_buf(r->pool);
    if (b == NULL) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }
    b->pos = (u_char *) body.ptr;
    b->last = (u_char *) body.ptr + body.len;
    b->memory = body.len ? 1 : 0;
    b->last_buf = (r == r->main) ? 1 : 0;
    b->last_in_chain = 1;
    out.buf = b;
    out.next = NULL;
    return ngx_http_output_filter(r, &out);
}

static ngx_int_t
ap_internal_error(ngx_http_request_t *r, authparse_status st)
{
    ngx_log_error(NGX_LOG_ERR, r->connection->log, 0, "authparse: %s", authparse_status_str(st));
    return NGX_HTTP_INTERNAL_SERVER_ERROR;
}

/* Answers a scheme's failure as FastAPI does. Returns what the access handler returns. */
static ngx_int_t
ap_fail(ngx_http_request_t *r, const authparse_outcome *outcome)
{
    authparse_str     challenge, body;
    authparse_status  st;
    size_t            needed = 0, cap = 256;
    u_char           *buf;

    buf = ngx_pnalloc(r->pool, cap);
    if (buf == NULL) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }
    st = authparse_challenge_render(&outcome->challenge, buf, cap, &challenge, &needed);
    if (st == AUTHPARSE_STATUS_BUFFER_TOO_SMALL) {
        buf = ngx_pnalloc(r->pool, needed);
        if (buf == NULL) {
            return NGX_HTTP_INTERNAL_SERVER_ERROR;
        }
        st = authparse_challenge_render(&outcome->challenge, buf, needed, &challenge, &needed);
    }
    if (st != AUTHPARSE_STATUS_OK) {
        return ap_internal_error(r, st);
    }
    body = authparse_outcome_body(outcome);
    ngx_http_finalize_request(r, ap_send(r, outcome->http_status, challenge, body));
    return NGX_DONE;
}

/* ------------------------------------------------------------ access phase */

static void
ngx_http_authparse_body_handler(ngx_http_request_t *r)
{
    ngx_http_authparse_ctx_t  *ctx;

    ctx = ngx_http_get_module_ctx(r, ngx_http_authparse_module);
    ctx->body_ready = 1;
    r->preserve_body = 1;
    r->write_event_handler = ngx_http_core_run_phases;
    ngx_http_core_run_phases(r);
}

static ngx_int_t
ap_password_form(ngx_http_request_t *r, ngx_http_authparse_loc_conf_t *conf,
    ngx_http_authparse_ctx_t *ctx, authparse_request *req)
{
    authparse_password_form_config  fcfg;
    authparse_password_form_result  res;
    authparse_status                st;
    authparse_str                   body;
    size_t                          needed = 0, cap;
    u_char                         *buf;

    if (ap_collect_body(r, &req->body) != NGX_OK) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }
    ngx_memzero(&fcfg, sizeof fcfg);
    fcfg.grant_type_required = false;
    fcfg.profile = (authparse_profile) conf->profile;
    cap = 2 * req->body.len + 64;
    buf = ngx_pnalloc(r->pool, cap);
    if (buf == NULL) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }
    st = authparse_password_form_extract(&fcfg, req, buf, cap, &res, &needed);
    if (st != AUTHPARSE_STATUS_OK) {
        return ap_internal_error(r, st);
    }
    if (res.kind == AUTHPARSE_FORM_VALID) {
        if (ap_copy(r->pool, &ctx->user, res.username) != NGX_OK
            || ap_copy(r->pool, &ctx->password, res.password) != NGX_OK)
        {
            return NGX_HTTP_INTERNAL_SERVER_ERROR;
        }
        ctx->authenticated = 1;
        return NGX_OK;
    }
    /* 422 / 400: the exact body FastAPI (or the strict profile) sends. */
    cap = 4096;
    buf = ngx_pnalloc(r->pool, cap);
    if (buf == NULL) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }
    st = authparse_password_form_render_body(&res, buf, cap, &body, &needed);
    if (st == AUTHPARSE_STATUS_BUFFER_TOO_SMALL) {
        buf = ngx_pnalloc(r->pool, needed);
        if (buf == NULL) {
            return NGX_HTTP_INTERNAL_SERVER_ERROR;
        }
        st = authparse_password_form_render_body(&res, buf, needed, &body, &needed);
    }
    if (st != AUTHPARSE_STATUS_OK) {
        return ap_internal_error(r, st);
    }
    ngx_http_finalize_request(r, ap_send(r, res.http_status, ap_view(NULL, 0), body));
    return NGX_DONE;
}

static ngx_int_t
ngx_http_authparse_access_handler(ngx_http_request_t *r)
{
    ngx_http_authparse_loc_conf_t  *conf;
    ngx_http_authparse_ctx_t       *ctx;
    authparse_scheme_config         cfg;
    authparse_request               req;
    authparse_outcome               outcome;
    authparse_basic_credentials     creds;
    authparse_str                   key;
    authparse_status                st;
    ngx_int_t                       rc;
    size_t                          needed = 0, cap;
    u_char                         *buf;

    conf = ngx_http_get_module_loc_conf(r, ngx_http_authparse_module);
    if (conf->mode == AP_MODE_NONE) {
        return NGX_DECLINED;
    }
    ctx = ngx_http_get_module_ctx(r, ngx_http_authparse_module);
    if (ctx == NULL) {
        ctx = ngx_pcalloc(r->pool, sizeof(ngx_http_authparse_ctx_t));
        if (ctx == NULL) {
            return NGX_HTTP_INTERNAL_SERVER_ERROR;
        }
        ngx_http_set_ctx(r, ctx, ngx_http_authparse_module);
    } else if (ctx->authenticated) {
        return NGX_OK;
    }

    if (conf->mode == AP_MODE_PASSWORD_FORM && !ctx->body_ready) {
        if (ctx->body_requested) {
            return NGX_DONE; /* still reading */
        }
        ctx->body_requested = 1;
        rc = ngx_http_read_client_request_body(r, ngx_http_authparse_body_handler);
        if (rc >= NGX_HTTP_SPECIAL_RESPONSE) {
            return rc;
        }
        ngx_http_finalize_request(r, NGX_DONE);
        return NGX_DONE;
    }

    if (ap_collect_headers(r, &req) != NGX_OK) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }
    if (conf->mode == AP_MODE_PASSWORD_FORM) {
        return ap_password_form(r, conf, ctx, &req);
    }

    authparse_scheme_config_init(&cfg);
    cfg.profile = (authparse_profile) conf->profile;
    cfg.has_realm = conf->has_realm ? true : false;
    cfg.realm = ap_view(conf->realm.data, conf->realm.len);
    cfg.name = ap_view(conf->name.data, conf->name.len);

    /* Decoded values: every header value, or three times the query, fits. */
    cap = 3 * r->args.len + 64;
    for (needed = 0; needed < req.header_count; needed++) {
        cap += req.headers[needed].value.len;
    }
    needed = 0;
    buf = ngx_pnalloc(r->pool, cap);
    if (buf == NULL) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    switch (conf->mode) {
    case AP_MODE_BASIC:
        st = authparse_http_basic_extract(&cfg, &req, buf, cap, &outcome, &creds, &needed);
        if (st == AUTHPARSE_STATUS_OK && outcome.kind == AUTHPARSE_OUTCOME_CREDENTIALS) {
            if (ap_copy(r->pool, &ctx->user, creds.username) != NGX_OK
                || ap_copy(r->pool, &ctx->password, creds.password) != NGX_OK)
            {
                return NGX_HTTP_INTERNAL_SERVER_ERROR;
            }
        }
        break;
    case AP_MODE_BEARER:
        st = authparse_oauth2_password_bearer_extract(&cfg, &req, &outcome, &key);
        ctx->token_latin1 = 1;
        goto token;
    case AP_MODE_API_KEY_HEADER:
        st = authparse_api_key_header_extract(&cfg, &req, &outcome, &key);
        ctx->token_latin1 = 1;
        goto token;
    case AP_MODE_API_KEY_COOKIE:
        st = authparse_api_key_cookie_extract(&cfg, &req, buf, cap, &outcome, &key, &needed);
        ctx->token_latin1 = 1;
        goto token;
    default: /* AP_MODE_API_KEY_QUERY: decoded, UTF-8 */
        st = authparse_api_key_query_extract(&cfg, &req, buf, cap, &outcome, &key, &needed);
    token:
        if (st == AUTHPARSE_STATUS_OK && outcome.kind == AUTHPARSE_OUTCOME_CREDENTIALS
            && ap_copy(r->pool, &ctx->token, key) != NGX_OK)
        {
            return NGX_HTTP_INTERNAL_SERVER_ERROR;
        }
        break;
    }
    if (st != AUTHPARSE_STATUS_OK) {
        return ap_internal_error(r, st);
    }
    if (outcome.kind == AUTHPARSE_OUTCOME_FAILURE) {
        return ap_fail(r, &outcome);
    }
    ctx->authenticated = 1; /* CREDENTIALS (ABSENT needs auto_error=False) */
    return NGX_OK;
}

/* ----------------------------------------------------------- content phase */

static ngx_int_t
ngx_http_authparse_respond_handler(ngx_http_request_t *r)
{
    ngx_http_authparse_loc_conf_t  *conf;
    ngx_str_t                       status, body;
    ngx_int_t                       code;

    conf = ngx_http_get_module_loc_conf(r, ngx_http_authparse_module);
    code = 200;
    if (conf->respond_status) {
        if (ngx_http_complex_value(r, conf->respond_status, &status) != NGX_OK) {
            return NGX_HTTP_INTERNAL_SERVER_ERROR;
        }
        code = ngx_atoi(status.data, status.len);
        if (code < 200 || code > 599) {
            ngx_log_error(NGX_LOG_ERR, r->connection->log, 0,
                          "authparse_respond: invalid status \"%V\"", &status);
            return NGX_HTTP_INTERNAL_SERVER_ERROR;
        }
    }
    if (ngx_http_complex_value(r, conf->respond_body, &body) != NGX_OK) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }
    return ap_send(r, (ngx_uint_t) code, ap_view(NULL, 0), ap_view(body.data, body.len));
}

/* --------------------------------------------------------------- variables */

static ngx_int_t
ngx_http_authparse_variable(ngx_http_request_t *r, ngx_http_variable_value_t *v, uintptr_t data)
{
    ngx_http_authparse_ctx_t  *ctx;
    ngx_str_t                 *s, json;
    ngx_uint_t                 latin1;

    ctx = ngx_http_get_module_ctx(r, ngx_http_authparse_module);
    if (ctx == NULL || !ctx->authenticated) {
        v->not_found = 1;
        return NGX_OK;
    }
    switch (data & ~AP_VAR_JSON) {
    case AP_VAR_USER:     s = &ctx->user;     latin1 = ctx->user_latin1;  break;
    case AP_VAR_PASSWORD: s = &ctx->password; latin1 = ctx->user_latin1;  break;
    default:              s = &ctx->token;    latin1 = ctx->token_latin1; break;
    }
    if (data & AP_VAR_JSON) {
        if (ap_json_string(r->pool, s, latin1, &json) != NGX_OK) {
            return NGX_ERROR;
        }
        s = &json;
    }
    v->data = s->data;
    v->len = s->len;
    v->valid = 1;
    v->no_cacheable = 1;
    v->not_found = 0;
    return NGX_OK;
}

static ngx_http_variable_t ngx_http_authparse_vars[] = {
    { ngx_string("authparse_user"), NULL, ngx_http_authparse_variable,
      AP_VAR_USER, NGX_HTTP_VAR_NOCACHEABLE, 0 },
    { ngx_string("authparse_password"), NULL, ngx_http_authparse_variable,
      AP_VAR_PASSWORD, NGX_HTTP_VAR_NOCACHEABLE, 0 },
    { ngx_string("authparse_token"), NULL, ngx_http_authparse_variable,
      AP_VAR_TOKEN, NGX_HTTP_VAR_NOCACHEABLE, 0 },
    { ngx_string("authparse_user_json"), NULL, ngx_http_authparse_variable,
      AP_VAR_USER | AP_VAR_JSON, NGX_HTTP_VAR_NOCACHEABLE, 0 },
    { ngx_string("authparse_password_json"), NULL, ngx_http_authparse_variable,
      AP_VAR_PASSWORD | AP_VAR_JSON, NGX_HTTP_VAR_NOCACHEABLE, 0 },
    { ngx_string("authparse_token_json"), NULL, ngx_http_authparse_variable,
      AP_VAR_TOKEN | AP_VAR_JSON, NGX_HTTP_VAR_NOCACHEABLE, 0 },
    ngx_http_null_variable
};

static ngx_int_t
ngx_http_authparse_add_variables(ngx_conf_t *cf)
{
    ngx_http_variable_t  *var, *v;

    for (v = ngx_http_authparse_vars; v->name.len; v++) {
        var = ngx_http_add_variable(cf, &v->name, v->flags);
        if (var == NULL) {
            return NGX_ERROR;
        }
        var->get_handler = v->get_handler;
        var->data = v->data;
    }
    return NGX_OK;
}

/* ----------------------------------------------------------- configuration */

static void *
ngx_http_authparse_create_loc_conf(ngx_conf_t *cf)
{
    ngx_http_authparse_loc_conf_t  *conf;

    conf = ngx_pcalloc(cf->pool, sizeof(ngx_http_authparse_loc_conf_t));
    if (conf == NULL) {
        return NULL;
    }
    conf->mode = NGX_CONF_UNSET_UINT;
    conf->has_realm = NGX_CONF_UNSET;
    conf->profile = NGX_CONF_UNSET_UINT;
    return conf;
}

static char *
ngx_http_authparse_merge_loc_conf(ngx_conf_t *cf, void *parent, void *child)
{
    ngx_http_authparse_loc_conf_t  *prev = parent;
    ngx_http_authparse_loc_conf_t  *conf = child;

    if (conf->mode == NGX_CONF_UNSET_UINT) {
        conf->mode = prev->mode;
        conf->has_realm = prev->has_realm;
        conf->realm = prev->realm;
        conf->name = prev->name;
    }
    ngx_conf_merge_uint_value(conf->mode, AP_MODE_NONE, AP_MODE_NONE);
    ngx_conf_merge_value(conf->has_realm, 0, 0);
    ngx_conf_merge_uint_value(conf->profile, prev->profile, AUTHPARSE_PROFILE_FASTAPI);
    return NGX_CONF_OK;
}

static char *
ngx_http_authparse_scheme(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_authparse_loc_conf_t  *alcf = conf;
    ngx_str_t                      *value = cf->args->elts;

    if (alcf->mode != NGX_CONF_UNSET_UINT) {
        return "is duplicate: one authparse scheme per location";
    }
    alcf->mode = cmd->offset;
    alcf->has_realm = 0;
    ngx_str_null(&alcf->realm);
    ngx_str_null(&alcf->name);
    if (cf->args->nelts > 1) {
        if (cmd->offset == AP_MODE_BASIC) {
            alcf->has_realm = 1;
            alcf->realm = value[1];
        } else {
            alcf->name = value[1];
        }
    }
    return NGX_CONF_OK;
}

static char *
ngx_http_authparse_profile(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_authparse_loc_conf_t  *alcf = conf;
    ngx_str_t                      *value = cf->args->elts;

    if (alcf->profile != NGX_CONF_UNSET_UINT) {
        return "is duplicate";
    }
    if (ngx_strcmp(value[1].data, "fastapi") == 0) {
        alcf->profile = AUTHPARSE_PROFILE_FASTAPI;
    } else if (ngx_strcmp(value[1].data, "strict") == 0) {
        alcf->profile = AUTHPARSE_PROFILE_STRICT;
    } else {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0, "invalid authparse_profile \"%V\" "
                           "(fastapi or strict)", &value[1]);
        return NGX_CONF_ERROR;
    }
    return NGX_CONF_OK;
}

static char *
ngx_http_authparse_respond(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_authparse_loc_conf_t     *alcf = conf;
    ngx_str_t                         *value = cf->args->elts;
    ngx_http_compile_complex_value_t   ccv;
    ngx_http_core_loc_conf_t          *clcf;
    ngx_uint_t                         i;
    ngx_http_complex_value_t         **slots[2];

    if (alcf->respond_body) {
        return "is duplicate";
    }
    slots[0] = &alcf->respond_status;
    slots[1] = &alcf->respond_body;
    for (i = 1; i < cf->args->nelts; i++) {
        ngx_http_complex_value_t **slot = slots[cf->args->nelts == 2 ? 1 : i - 1];
        *slot = ngx_palloc(cf->pool, sizeof(ngx_http_complex_value_t));
        if (*slot == NULL) {
            return NGX_CONF_ERROR;
        }
        ngx_memzero(&ccv, sizeof(ngx_http_compile_complex_value_t));
        ccv.cf = cf;
        ccv.value = &value[i];
        ccv.complex_value = *slot;
        if (ngx_http_compile_complex_value(&ccv) != NGX_OK) {
            return NGX_CONF_ERROR;
        }
    }
    clcf = ngx_http_conf_get_module_loc_conf(cf, ngx_http_core_module);
    clcf->handler = ngx_http_authparse_respond_handler;
    return NGX_CONF_OK;
}

static ngx_int_t
ngx_http_authparse_init(ngx_conf_t *cf)
{
    ngx_http_handler_pt        *h;
    ngx_http_core_main_conf_t  *cmcf;

    /* The realm and names must be UTF-8 (authparse checks at request time,
     * AUTHPARSE_STATUS_CONFIG_NOT_UTF8, answered with a 500 and a log line). */
    cmcf = ngx_http_conf_get_module_main_conf(cf, ngx_http_core_module);
    h = ngx_array_push(&cmcf->phases[NGX_HTTP_ACCESS_PHASE].handlers);
    if (h == NULL) {
        return NGX_ERROR;
    }
    *h = ngx_http_authparse_access_handler;
    return NGX_OK;
}
