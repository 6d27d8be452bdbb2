/*
 * How failures are answered, and authparse_respond.
 *
 * A failure leaves the access check the way auth_basic's does: the handler
 * pushes the `WWW-Authenticate` challenge and returns the status (401, or
 * 400 / 422). nginx then applies its own conventions: `satisfy any` lets
 * another access module (allow, auth_request) admit the request and drops
 * the challenge; `error_page 401 ...` serves the configured page (an
 * internal redirect, which clears this module's context). When nginx sends
 * its built-in error page instead, the two filters below swap its HTML for
 * FastAPI's JSON body (and `Content-Type: application/json`, and the
 * `422 Unprocessable Entity` status line nginx has no text for).
 */
#include "ngx_http_authparse.h"

static ngx_http_output_header_filter_pt  ap_next_header_filter;
static ngx_http_output_body_filter_pt    ap_next_body_filter;

static void
ap_set_status_line(ngx_http_request_t *r, ngx_uint_t status)
{
    if (status == 422) { /* nginx 1.22 sends "422 " with no reason phrase */
        ngx_str_set(&r->headers_out.status_line, "422 Unprocessable Entity");
    }
}

static void
ap_set_json_headers(ngx_http_request_t *r, size_t body_len)
{
    ngx_str_set(&r->headers_out.content_type, "application/json");
    r->headers_out.content_type_len = r->headers_out.content_type.len;
    r->headers_out.content_type_lowcase = NULL;
    r->headers_out.content_length_n = body_len;
    if (r->headers_out.content_length) {
        r->headers_out.content_length->hash = 0;
        r->headers_out.content_length = NULL;
    }
}

/* Records a JSON failure; returns the status for the access handler to return. */
ngx_int_t
ap_reply_json(ngx_http_request_t *r, ap_ctx_t *ctx, ngx_uint_t status, authparse_str body)
{
    ctx->reply.status = status;
    ctx->reply.body.data = (u_char *) body.ptr;
    ctx->reply.body.len = body.len;
    return status;
}

/*
 * Adds a `WWW-Authenticate: value` line. `satisfy any` drops
 * r->headers_out.www_authenticate when another module admits the request:
 * the first line; nginx 1.23+ also the lines linked to it, and for older
 * ones the header filter drops the later lines (ap_drop_challenges).
 */
ngx_int_t
ap_push_www_authenticate(ngx_http_request_t *r, authparse_str value)
{
    ngx_table_elt_t  *h;
#if (nginx_version >= 1023000)
    ngx_table_elt_t  *last;
#endif

    h = ngx_list_push(&r->headers_out.headers);
    if (h == NULL) {
        return NGX_ERROR;
    }
    h->hash = 1;
    ngx_str_set(&h->key, "WWW-Authenticate");
    h->value.data = (u_char *) value.ptr;
    h->value.len = value.len;
#if (nginx_version >= 1023000)
    h->next = NULL;
    if (r->headers_out.www_authenticate != NULL) {
        for (last = r->headers_out.www_authenticate; last->next; last = last->next) { /* the end */ }
        last->next = h;
        return NGX_OK;
    }
#else
    if (r->headers_out.www_authenticate != NULL) {
        return NGX_OK;
    }
#endif
    r->headers_out.www_authenticate = h;
    return NGX_OK;
}

/* The first challenge dropped (`satisfy any` admitted the request): the later ones too. */
static void
ap_drop_challenges(ngx_http_request_t *r)
{
    ngx_list_part_t  *part = &r->headers_out.headers.part;
    ngx_table_elt_t  *h = part->elts;
    ngx_uint_t        i;

    if (r->headers_out.www_authenticate == NULL || r->headers_out.www_authenticate->hash != 0) {
        return;
    }
    for (i = 0; /* void */; i++) {
        if (i >= part->nelts) {
            if (part->next == NULL) {
                break;
            }
            part = part->next;
            h = part->elts;
            i = 0;
        }
        if (h[i].key.len == sizeof("WWW-Authenticate") - 1
            && ngx_strncasecmp(h[i].key.data, (u_char *) "WWW-Authenticate", h[i].key.len) == 0)
        {
            h[i].hash = 0;
        }
    }
}

/* A scheme's failure: FastAPI's challenge and body. */
ngx_int_t
ap_reply_outcome(ngx_http_request_t *r, ap_ctx_t *ctx, const authparse_outcome *outcome)
{
    authparse_str      challenge;
    authparse_status   st;
    size_t             needed = 0, cap = 128;
    u_char            *buf;

    if (outcome->challenge.kind != AUTHPARSE_CHALLENGE_NONE) {
        for ( ;; ) {
            buf = ngx_pnalloc(r->pool, cap);
            if (buf == NULL) {
                return NGX_HTTP_INTERNAL_SERVER_ERROR;
            }
            st = authparse_challenge_render(&outcome->challenge, buf, cap, &challenge, &needed);
            if (st != AUTHPARSE_STATUS_BUFFER_TOO_SMALL || needed <= cap) {
                break;
            }
            cap = needed;
        }
        if (st != AUTHPARSE_STATUS_OK) {
            ngx_log_error(NGX_LOG_ERR, r->connection->log, 0,
                          "authparse: challenge: %s", authparse_status_str(st));
            return NGX_HTTP_INTERNAL_SERVER_ERROR;
        }
        if (ap_push_www_authenticate(r, challenge) != NGX_OK) {
            return NGX_HTTP_INTERNAL_SERVER_ERROR;
        }
    }
    return ap_reply_json(r, ctx, outcome->http_status, authparse_outcome_body(outcome));
}

/* -------------------------------------------------------------- filters */

static ngx_int_t
ap_header_filter(ngx_http_request_t *r)
{
    ap_ctx_t  *ctx;

    ap_drop_challenges(r);
    ctx = ngx_http_get_module_ctx(r, ngx_http_authparse_module);
    if (ctx != NULL && ctx->reply.status && !ctx->passed
        && r->headers_out.status == ctx->reply.status)
    {
        ctx->replacing = 1;
        ap_set_json_headers(r, ctx->reply.body.len);
        ap_set_status_line(r, ctx->reply.status);
    }
    return ap_next_header_filter(r);
}

static ngx_int_t
ap_body_filter(ngx_http_request_t *r, ngx_chain_t *in)
{
    ap_ctx_t     *ctx;
    ngx_chain_t  *cl, out;
    ngx_buf_t    *b;
    ngx_uint_t    last = 0;

    ctx = ngx_http_get_module_ctx(r, ngx_http_authparse_module);
    if (ctx == NULL || !ctx->replacing) {
        return ap_next_body_filter(r, in);
    }
    /* nginx's HTML page is consumed; FastAPI's body goes out once, at its end. */
    for (cl = in; cl; cl = cl->next) {
        if (cl->buf->last_buf || cl->buf->last_in_chain) {
            last = 1;
        }
        cl->buf->pos = cl->buf->last;
        cl->buf->file_pos = cl->buf->file_last;
    }
    if (!last || ctx->body_sent) {
        return NGX_OK;
    }
    ctx->body_sent = 1;
    b = ngx_calloc_buf(r->pool);
    if (b == NULL) {
        return NGX_ERROR;
    }
    b->pos = ctx->reply.body.data;
    b->last = ctx->reply.body.data + ctx->reply.body.len;
    b->memory = 1;
    b->last_buf = (r == r->main) ? 1 : 0;
    b->last_in_chain = 1;
    out.buf = b;
    out.next = NULL;
    return ap_next_body_filter(r, &out);
}

ngx_int_t
ap_filters_init(ngx_conf_t *cf)
{
    ap_next_header_filter = ngx_http_top_header_filter;
    ngx_http_top_header_filter = ap_header_filter;
    ap_next_body_filter = ngx_http_top_body_filter;
    ngx_http_top_body_filter = ap_body_filter;
    return NGX_OK;
}

/* ---------------------------------------------------- authparse_respond */

/* Sends a complete JSON response from a content handler. */
ngx_int_t
ap_send(ngx_http_request_t *r, ngx_uint_t status, ngx_str_t *body)
{
    ngx_buf_t    *b;
    ngx_chain_t   out;
    ngx_int_t     rc;

    if (ngx_http_discard_request_body(r) != NGX_OK) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }
    r->headers_out.status = status;
    ap_set_status_line(r, status);
    ap_set_json_headers(r, body->len);

    rc = ngx_http_send_header(r);
    if (rc == NGX_ERROR || rc > NGX_OK || r->header_only) {
        return rc;
    }
    b = ngx_calloc_buf(r->pool);
    if (b == NULL) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }
    b->pos = body->data;
    b->last = body->data + body->len;
    b->memory = body->len ? 1 : 0;
    b->last_buf = (r == r->main) ? 1 : 0;
    b->last_in_chain = 1;
    out.buf = b;
    out.next = NULL;
    return ngx_http_output_filter(r, &out);
}

static ngx_int_t
ap_respond_handler(ngx_http_request_t *r)
{
    ap_loc_conf_t  *conf;
    ngx_str_t       status, body;
    ngx_int_t       code;

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
    return ap_send(r, (ngx_uint_t) code, &body);
}

/* authparse_respond [STATUS] BODY; (both may hold variables) */
char *
ap_conf_respond(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ap_loc_conf_t                      *alcf = conf;
    ngx_str_t                          *value = cf->args->elts;
    ngx_http_compile_complex_value_t    ccv;
    ngx_http_core_loc_conf_t           *clcf;
    ngx_http_complex_value_t          **slot;
    ngx_uint_t                          i;

    if (alcf->respond_body) {
        return "is duplicate";
    }
    for (i = 1; i < cf->args->nelts; i++) {
        slot = (i == cf->args->nelts - 1) ? &alcf->respond_body : &alcf->respond_status;
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
    clcf->handler = ap_respond_handler;
    return NGX_CONF_OK;
}
