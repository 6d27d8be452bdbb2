/*
 * ngx_http_authparse_module: OAuth2PasswordRequestForm[Strict]
 * (authparse_password_form[_strict]). The access phase reads the body
 * first (ap_body_handler resumes the phases); the form is then checked
 * by authparse, its credentials verified against authparse_user_file, and
 * a refusal answered with FastAPI's (or the strict profile's) exact body.
 */
#include "ngx_http_authparse.h"

void
ap_body_handler(ngx_http_request_t *r)
{
    ap_ctx_t  *ctx;

    ctx = ngx_http_get_module_ctx(r, ngx_http_authparse_module);
    ctx->body_ready = 1;
    r->preserve_body = 1;
    r->write_event_handler = ngx_http_core_run_phases;
    ngx_http_core_run_phases(r);
}

/* The request body in one piece (memory or temporary file), in wiped memory. */
static ngx_int_t
ap_collect_body(ngx_http_request_t *r, authparse_str *body)
{
    ngx_chain_t  *cl;
    size_t        len;
    u_char       *p;
    ssize_t       n;

    body->ptr = NULL;
    body->len = 0;
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
    p = ap_secret_alloc(r->pool, len);
    if (p == NULL) {
        return NGX_ERROR;
    }
    body->ptr = p;
    body->len = len;
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

/*
 * Unsafe or unverified form credentials: the answer of FastAPI's tutorial
 * (400 "Incorrect username or password"), or RFC 6749's invalid_grant.
 */
static ngx_int_t
ap_reply_form_refused(ngx_http_request_t *r, ap_loc_conf_t *conf, ap_ctx_t *ctx)
{
    static const char  fastapi[] = "{\"detail\":\"Incorrect username or password\"}";
    static const char  strict[] = "{\"error\":\"invalid_grant\"}";
    authparse_str      body;

    if (conf->profile == AUTHPARSE_PROFILE_STRICT) {
        body.ptr = (const uint8_t *) strict;
        body.len = sizeof(strict) - 1;
    } else {
        body.ptr = (const uint8_t *) fastapi;
        body.len = sizeof(fastapi) - 1;
    }
    return ap_reply_json(r, ctx, NGX_HTTP_BAD_REQUEST, body);
}

/*
 * $authparse_scopes: the scopes as FastAPI's `form.scopes` has them
 * (`scope.split()`; strict: the single-SP split), joined by one space. So
 * `a<TAB>b` or `a<NBSP>b` reaches an upstream as `a b`: a header never
 * carries the TAB, and the upstream needs no Python whitespace rules.
 */
static ngx_int_t
ap_join_scopes(ngx_http_request_t *r, ap_loc_conf_t *conf, authparse_str *scope)
{
    authparse_str     *tokens;
    authparse_status   st;
    size_t             count = 0, i;
    u_char            *p, *start;

    st = authparse_scopes_split(scope->ptr, scope->len, (authparse_profile) conf->profile, NULL, 0,
                                &count);
    if (st == AUTHPARSE_STATUS_TOO_MANY_ITEMS || (st == AUTHPARSE_STATUS_OK && count > 0)) {
        tokens = ngx_pnalloc(r->pool, count * sizeof(authparse_str));
        start = ngx_pnalloc(r->pool, scope->len);   /* the joined value is never longer */
        if (tokens == NULL || start == NULL) {
            return NGX_ERROR;
        }
        st = authparse_scopes_split(scope->ptr, scope->len, (authparse_profile) conf->profile,
                                    tokens, count, &count);
        p = start;
        for (i = 0; st == AUTHPARSE_STATUS_OK && i < count; i++) {
            if (i > 0) {
                *p++ = ' ';
            }
            p = ngx_cpymem(p, tokens[i].ptr, tokens[i].len);
        }
        scope->ptr = start;
        scope->len = p - start;
    }
    if (st != AUTHPARSE_STATUS_OK) {
        ngx_log_error(NGX_LOG_ERR, r->connection->log, 0, "authparse: scope: %s",
                      authparse_status_str(st));
        return NGX_ERROR;
    }
    if (count == 0) {
        scope->len = 0;
    }
    return NGX_OK;
}

ngx_int_t
ap_decide_form(ngx_http_request_t *r, ap_loc_conf_t *conf, ap_ctx_t *ctx, const ap_class_t *cls)
{
    authparse_password_form_config  fcfg;
    authparse_password_form_result  res;
    authparse_request               req;
    authparse_status                st;
    authparse_str                   body;
    ap_scratch_t                    scratch;
    ap_creds_t                      creds;
    size_t                          needed = 0, cap;
    u_char                         *buf;

    if (ap_collect_request(r, &req, &scratch) != NGX_OK
        || ap_collect_body(r, &req.body) != NGX_OK)
    {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }
    ngx_memzero(&fcfg, sizeof(fcfg));
    fcfg.grant_type_required = (cls->flags & AP_STRICT_FORM) ? true : false;
    fcfg.profile = (authparse_profile) conf->profile;
    cap = 2 * req.body.len + 64;
    buf = ap_secret_alloc(r->pool, cap);
    if (buf == NULL) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }
    st = authparse_password_form_extract(&fcfg, &req, buf, cap, &res, &needed);
    if (st != AUTHPARSE_STATUS_OK) {
        ngx_log_error(NGX_LOG_ERR, r->connection->log, 0, "authparse: %s: %s",
                      cls->fastapi_name, authparse_status_str(st));
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }
    if (res.kind == AUTHPARSE_FORM_VALID) {
        ngx_memzero(&creds, sizeof(creds));
        ap_creds_set(&creds, AP_FIELD_USER, res.username, 0);
        ap_creds_set(&creds, AP_FIELD_PASSWORD, res.password, 0);
        ap_creds_set(&creds, AP_FIELD_SCOPES, res.scope, 0);
        switch (ap_accept(r, conf, ctx, cls, &creds)) {
        case AP_VERIFIED:
            /* The raw scope passed the control-byte check; the variable gets the list. */
            if (ap_join_scopes(r, conf, &ctx->creds.value[AP_FIELD_SCOPES]) != NGX_OK) {
                /* No variable keeps the raw scope (it may hold HTAB). */
                ctx->creds.have &= ~AP_BIT(AP_FIELD_SCOPES);
                return NGX_HTTP_INTERNAL_SERVER_ERROR;
            }
            return NGX_OK;
        case AP_REJECTED:
            return ap_reply_form_refused(r, conf, ctx);
        default:
            return NGX_HTTP_INTERNAL_SERVER_ERROR;
        }
    }
    /* 422 / 400: the exact body FastAPI (or the strict profile) sends. */
    for (cap = 512; ; cap = needed) {
        buf = ngx_pnalloc(r->pool, cap);
        if (buf == NULL) {
            return NGX_HTTP_INTERNAL_SERVER_ERROR;
        }
        st = authparse_password_form_render_body(&res, buf, cap, &body, &needed);
        if (st != AUTHPARSE_STATUS_BUFFER_TOO_SMALL || needed <= cap) {
            break;
        }
    }
    if (st != AUTHPARSE_STATUS_OK) {
        ngx_log_error(NGX_LOG_ERR, r->connection->log, 0, "authparse: form body: %s",
                      authparse_status_str(st));
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }
    return ap_reply_json(r, ctx, res.http_status, body);
}
