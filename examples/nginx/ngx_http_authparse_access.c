/*
 * ngx_http_authparse_module: the check of a request. The location's
 * schemes run in order on the request's header lines and query; the first
 * credentials win, are checked for control bytes and verified. It runs in
 * the access phase (main requests) and in the precontent phase
 * (subrequests, which nginx's access phase skips: an `auth_request`
 * endpoint). The password form is read and checked in
 * ngx_http_authparse_form.c.
 */
#include "ngx_http_authparse.h"

/* ---------------------------------------------------------- the request */

ap_ctx_t *
ap_get_ctx(ngx_http_request_t *r)
{
    ap_ctx_t  *ctx;

    ctx = ngx_http_get_module_ctx(r, ngx_http_authparse_module);
    if (ctx == NULL) {
        ctx = ngx_pcalloc(r->pool, sizeof(ap_ctx_t));
        if (ctx == NULL) {
            return NULL;
        }
        ngx_http_set_ctx(r, ctx, ngx_http_authparse_module);
    }
    return ctx;
}

/* A request without credentials: a scheme's answer to it is "missing". */
const authparse_request  ap_empty_request;

/*
 * A field value without the OWS around it (RFC 9110 §5.5: SP and HTAB, as
 * FastAPI's server, h11, strips them; nginx's parser drops SP only).
 */
static void
ap_strip_ows(u_char **p, size_t *len)
{
    while (*len > 0 && (**p == ' ' || **p == '\t')) {
        (*p)++;
        (*len)--;
    }
    while (*len > 0 && ((*p)[*len - 1] == ' ' || (*p)[*len - 1] == '\t')) {
        (*len)--;
    }
}

/*
 * Every request header line in arrival order, as views (nothing copied;
 * each value without its OWS),
 * and the client's query (a subrequest reads its main request's). The
 * scratch capacity fits every decoding: each header value once, the
 * query three times.
 */
ngx_int_t
ap_collect_request(ngx_http_request_t *r, authparse_request *req, ap_scratch_t *scratch)
{
    ngx_list_part_t   *part;
    ngx_table_elt_t   *h;
    authparse_header  *out;
    ngx_str_t         *args;
    ngx_uint_t         i, n;
    size_t             cap, len;
    u_char            *value;

    n = 0;
    for (part = &r->headers_in.headers.part; part; part = part->next) {
        n += part->nelts;
    }
    out = ngx_palloc(r->pool, (n ? n : 1) * sizeof(authparse_header));
    if (out == NULL) {
        return NGX_ERROR;
    }
    n = 0;
    cap = 16;
    for (part = &r->headers_in.headers.part; part; part = part->next) {
        h = part->elts;
        for (i = 0; i < part->nelts; i++) {
            out[n].name.ptr = h[i].key.data;
            out[n].name.len = h[i].key.len;
            value = h[i].value.data;
            len = h[i].value.len;
            ap_strip_ows(&value, &len);
            out[n].value.ptr = value;
            out[n].value.len = len;
            cap += len;
            n++;
        }
    }
    args = (r == r->main) ? &r->args : &r->main->args;
    req->headers = out;
    req->header_count = n;
    req->query.ptr = args->data;
    req->query.len = args->len;
    req->body.ptr = NULL;
    req->body.len = 0;
    scratch->data = NULL;
    scratch->cap = cap + 3 * args->len;
    return NGX_OK;
}

/* Runs one scheme on `req`. NGX_OK: `out` holds its decision. */
static ngx_int_t
ap_run(ngx_http_request_t *r, ap_loc_conf_t *conf, const ap_scheme_t *s,
    const authparse_request *req, ap_scratch_t *scratch, ngx_uint_t auto_error,
    authparse_outcome *out, ap_creds_t *creds)
{
    authparse_scheme_config  cfg = s->cfg;
    authparse_status         st;
    size_t                   needed = 0;

    cfg.profile = (authparse_profile) conf->profile;
    cfg.auto_error = auto_error ? true : false;
    for ( ;; ) {
        if (scratch->data == NULL && (s->cls->flags & AP_DECODES)) {
            scratch->data = ap_secret_alloc(r->pool, scratch->cap);
            if (scratch->data == NULL) {
                return NGX_ERROR;
            }
        }
        ngx_memzero(creds, sizeof(ap_creds_t));
        st = s->cls->extract(&cfg, req, scratch->data, scratch->data ? scratch->cap : 0, out,
                             creds, &needed);
        if (st != AUTHPARSE_STATUS_BUFFER_TOO_SMALL || needed <= scratch->cap) {
            break;
        }
        scratch->data = NULL;
        scratch->cap = needed;
    }
    if (st != AUTHPARSE_STATUS_OK) {
        ngx_log_error(NGX_LOG_ERR, r->connection->log, 0, "authparse: %s: %s",
                      s->cls->fastapi_name, authparse_status_str(st));
        return NGX_ERROR;
    }
    return NGX_OK;
}

/*
 * The scheme's own failure for `req` (auto_error on): the answer for
 * missing credentials when `req` is the empty request.
 */
static ngx_int_t
ap_reply_scheme_failure(ngx_http_request_t *r, ap_loc_conf_t *conf, ap_ctx_t *ctx,
    const ap_scheme_t *s, const authparse_request *req, ap_scratch_t *scratch)
{
    authparse_outcome               outcome;
    ap_creds_t                      creds;

    if (ap_run(r, conf, s, req, scratch, 1, &outcome, &creds) != NGX_OK) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }
    if (outcome.kind != AUTHPARSE_OUTCOME_FAILURE && req != &ap_empty_request) {
        return ap_reply_scheme_failure(r, conf, ctx, s, &ap_empty_request, scratch);
    }
    if (outcome.kind != AUTHPARSE_OUTCOME_FAILURE) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }
    return ap_reply_outcome(r, ctx, &outcome);
}

/*
 * The 401 of a scheme that refused credentials, or found none: its own
 * challenge when the class has one (Digest: a fresh nonce, `stale` when
 * only the nonce was wrong), else its FastAPI failure for `req`.
 */
static ngx_int_t
ap_reply_refused(ngx_http_request_t *r, ap_loc_conf_t *conf, ap_ctx_t *ctx,
    const ap_scheme_t *s, const authparse_request *req, ap_scratch_t *scratch, ngx_uint_t stale)
{
    if (s->cls->challenge != NULL) {
        return s->cls->challenge(r, conf, ctx, stale);
    }
    return ap_reply_scheme_failure(r, conf, ctx, s, req, scratch);
}

/* Whether some value of `creds` holds a control byte (it is then refused).
 * Two raw values may hold HTAB, since neither reaches a variable as it is:
 * the form's scope (its split, ap_join_scopes, turns every tab into the one
 * SP between two scopes) and the parameter list of verified Digest (OWS
 * between parameters; only the parsed user name becomes a variable, checked
 * by ap_verify_digest). */
static ngx_uint_t
ap_creds_unsafe(const ap_class_t *cls, const ap_creds_t *creds)
{
    ngx_uint_t  f, tab_ok;

    for (f = 0; f < AP_FIELD_COUNT; f++) {
        tab_ok = f == AP_FIELD_SCOPES
                 || (f == AP_FIELD_TOKEN && (cls->flags & AP_NEEDS_REALM));
        if ((creds->have & AP_BIT(f))
            && (tab_ok ? ap_header_unsafe(creds->value[f]) : ap_has_ctl(creds->value[f])))
        {
            return 1;
        }
    }
    return 0;
}

/* Safe and verified credentials become the variables. */
ap_verdict_e
ap_accept(ngx_http_request_t *r, ap_loc_conf_t *conf, ap_ctx_t *ctx, const ap_class_t *cls,
    ap_creds_t *creds)
{
    ap_verdict_e  verdict;

    if (ap_creds_unsafe(cls, creds)) {
        ngx_log_error(NGX_LOG_INFO, r->connection->log, 0,
                      "authparse: %s credentials hold a control byte: refused",
                      cls->fastapi_name);
        return AP_REJECTED;
    }
    verdict = cls->verify ? cls->verify(r, conf, creds) : AP_VERIFIED;
    if (verdict == AP_VERIFIED) {
        ctx->creds = *creds;
        ctx->winner = cls;
    }
    return verdict;
}

/*
 * The schemes in order: a failure (kept with auto_error off: malformed
 * Basic, strict-profile 400s) is answered at once; the first credentials
 * win. With none, the first scheme that is not optional answers its
 * failure; if all are optional the request passes with empty variables.
 * Refused or unverified credentials answer like missing ones.
 */
static ngx_int_t
ap_decide_headers(ngx_http_request_t *r, ap_loc_conf_t *conf, ap_ctx_t *ctx)
{
    authparse_request                req;
    authparse_outcome                outcome;
    ap_creds_t                       creds;
    ap_scratch_t                     scratch;
    ap_scheme_t                     *s;
    ap_verdict_e                     verdict;
    ngx_uint_t                       i, n;

    if (ap_collect_request(r, &req, &scratch) != NGX_OK) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }
    s = conf->schemes->elts;
    n = conf->schemes->nelts;
    for (i = 0; i < n; i++) {
        if (ap_run(r, conf, &s[i], &req, &scratch, 0, &outcome, &creds) != NGX_OK) {
            return NGX_HTTP_INTERNAL_SERVER_ERROR;
        }
        if (outcome.kind == AUTHPARSE_OUTCOME_FAILURE) {
            if (s[i].cls->challenge != NULL) {
                return s[i].cls->challenge(r, conf, ctx, 0);
            }
            return ap_reply_outcome(r, ctx, &outcome);
        }
        if (outcome.kind != AUTHPARSE_OUTCOME_CREDENTIALS) {
            continue;
        }
        verdict = ap_accept(r, conf, ctx, s[i].cls, &creds);
        if (verdict == AP_VERIFIED) {
            return NGX_OK;
        }
        if (verdict == AP_VERIFY_ERROR) {
            return NGX_HTTP_INTERNAL_SERVER_ERROR;
        }
        return ap_reply_refused(r, conf, ctx, &s[i], &ap_empty_request, &scratch,
                                verdict == AP_STALE);
    }
    for (i = 0; i < n; i++) {
        if (!s[i].optional) {
            return ap_reply_refused(r, conf, ctx, &s[i], &req, &scratch, 0);
        }
    }
    return NGX_OK;
}

/* ------------------------------------------------------------- phases */

static ngx_int_t
ap_decide(ngx_http_request_t *r, ap_loc_conf_t *conf, ap_ctx_t *ctx)
{
    ap_scheme_t  *s = conf->schemes->elts;

    if (s[0].cls->extract == NULL) {
        return ap_decide_form(r, conf, ctx, s[0].cls);
    }
    return ap_decide_headers(r, conf, ctx);
}

/*
 * A phase handler's start: the location's configuration and the request's
 * context; NULL with `*rc` set when the location has no schemes
 * (NGX_DECLINED) or memory ran out.
 */
static ap_ctx_t *
ap_phase_start(ngx_http_request_t *r, ap_loc_conf_t **conf, ngx_int_t *rc)
{
    ap_ctx_t  *ctx;

    *conf = ngx_http_get_module_loc_conf(r, ngx_http_authparse_module);
    if ((*conf)->schemes == NULL) {
        *rc = NGX_DECLINED;
        return NULL;
    }
    ctx = ap_get_ctx(r);
    if (ctx == NULL) {
        *rc = NGX_HTTP_INTERNAL_SERVER_ERROR;
    }
    return ctx;
}

/* The access phase: main requests. Failures return their status, as auth_basic does. */
ngx_int_t
ap_access_handler(ngx_http_request_t *r)
{
    ap_loc_conf_t  *conf;
    ap_ctx_t       *ctx;
    ap_scheme_t    *s;
    ngx_int_t       rc;

    ctx = ap_phase_start(r, &conf, &rc);
    if (ctx == NULL) {
        return rc;
    }
    if (ctx->decided) {
        return ctx->access_rc;
    }
    s = conf->schemes->elts;
    if (s[0].cls->extract == NULL && !ctx->body_ready) {
        if (ctx->body_requested) {
            return NGX_DONE;   /* still reading */
        }
        ctx->body_requested = 1;
        rc = ngx_http_read_client_request_body(r, ap_body_handler);
        if (rc >= NGX_HTTP_SPECIAL_RESPONSE) {
            return rc;
        }
        ngx_http_finalize_request(r, NGX_DONE);
        return NGX_DONE;
    }
    ctx->access_rc = ap_decide(r, conf, ctx);
    ctx->decided = 1;
    return ctx->access_rc;
}

/*
 * The precontent phase. A main request that gets here passed the access
 * phase (perhaps through `satisfy any`): a failure recorded there is void.
 * A subrequest (which the access phase skips) is checked here, with the
 * client's headers and query; its failure is also recorded for the main
 * request, so that the 401 auth_request sends carries FastAPI's body.
 */
ngx_int_t
ap_precontent_handler(ngx_http_request_t *r)
{
    ap_loc_conf_t  *conf;
    ap_ctx_t       *ctx, *main_ctx;
    ap_scheme_t    *s;
    ngx_int_t       rc;

    if (r == r->main) {
        ctx = ngx_http_get_module_ctx(r, ngx_http_authparse_module);
        if (ctx != NULL) {
            ctx->passed = 1;
        }
        return NGX_DECLINED;
    }
    ctx = ap_phase_start(r, &conf, &rc);
    if (ctx == NULL) {
        return rc;
    }
    if (!ctx->decided) {
        s = conf->schemes->elts;
        if (s[0].cls->extract == NULL) {
            ngx_log_error(NGX_LOG_ERR, r->connection->log, 0,
                          "authparse: the password form cannot be read in a subrequest");
            return NGX_HTTP_INTERNAL_SERVER_ERROR;
        }
        ctx->access_rc = ap_decide(r, conf, ctx);
        ctx->decided = 1;
    }
    rc = ctx->access_rc;
    if (rc == NGX_OK) {
        return NGX_DECLINED;
    }
    if (ctx->reply.status) {
        main_ctx = ap_get_ctx(r->main);
        if (main_ctx == NULL) {
            return NGX_HTTP_INTERNAL_SERVER_ERROR;
        }
        main_ctx->reply = ctx->reply;
    }
    return rc;
}
