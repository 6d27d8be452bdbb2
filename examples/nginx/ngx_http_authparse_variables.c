/*
 * $authparse_* variables, their JSON forms, and the wiping of secrets.
 *
 * A variable never holds a control byte: credentials holding one
 * (0x00-0x1F, HTAB included, and 0x7F) are refused before any variable is
 * set (ap_has_ctl, used by the access check).
 *
 *   $authparse_user      $authparse_user_json      Basic / form username
 *   $authparse_password  $authparse_password_json  Basic / form password
 *   $authparse_token     $authparse_token_json     bearer token, OAuth2 value
 *   $authparse_api_key   $authparse_api_key_json   APIKey* value
 *   $authparse_scheme    $authparse_scheme_json    Authorization scheme as sent
 *   $authparse_scopes    $authparse_scopes_json    the form's scopes, one SP apart
 *   $authparse_class                               the FastAPI class that matched
 *
 * A `_json` variable is a JSON string literal (header bytes read as Latin-1,
 * as Starlette does), or `null` when the value is not set.
 */
#include "ngx_http_authparse.h"

#define AP_VAR_JSON   0x10
#define AP_VAR_CLASS  0x20

/* --------------------------------------------------------------- secrets */

typedef struct {
    size_t  len;
    u_char  data[];
} ap_secret_t;

static void
ap_secret_wipe(void *data)
{
    ap_secret_t  *s = data;

    ngx_explicit_memzero(s->data, s->len);
}

/*
 * `len` bytes of `pool` that are zeroed (ngx_explicit_memzero) when the pool
 * is destroyed: the request's end for r->pool, the configuration's for
 * cf->pool. Every decoded credential, copied body and JSON copy lives there.
 */
u_char *
ap_secret_alloc(ngx_pool_t *pool, size_t len)
{
    ngx_pool_cleanup_t  *cln;
    ap_secret_t         *s;

    cln = ngx_pool_cleanup_add(pool, sizeof(ap_secret_t) + (len ? len : 1));
    if (cln == NULL) {
        return NULL;
    }
    s = cln->data;
    s->len = len;
    cln->handler = ap_secret_wipe;
    return s->data;
}

/* Whether `s` holds a control byte (0x00-0x1F, HTAB included, or 0x7F):
 * a value the client sent holding one is never forwarded. */
ngx_uint_t
ap_has_ctl(authparse_str s)
{
    size_t  i;

    for (i = 0; i < s.len; i++) {
        if (s.ptr[i] < 0x20 || s.ptr[i] == 0x7f) {
            return 1;
        }
    }
    return 0;
}

/* Whether `s` holds a byte no header field value can carry (the control
 * bytes but HTAB, and DEL): for the configuration and the files. */
ngx_uint_t
ap_header_unsafe(authparse_str s)
{
    size_t  i;

    for (i = 0; i < s.len; i++) {
        if ((s.ptr[i] < 0x20 && s.ptr[i] != '\t') || s.ptr[i] == 0x7f) {
            return 1;
        }
    }
    return 0;
}

/* ------------------------------------------------------------------ JSON */

/* A JSON string literal of `src`: bytes as UTF-8, or as Latin-1 code points. */
static ngx_int_t
ap_json_string(ngx_pool_t *pool, authparse_str src, ngx_uint_t latin1, ngx_str_t *out)
{
    static const u_char  hex[] = "0123456789abcdef";
    u_char              *p, c;
    size_t               i;

    p = ap_secret_alloc(pool, src.len * 6 + 2);
    if (p == NULL) {
        return NGX_ERROR;
    }
    out->data = p;
    *p++ = '"';
    for (i = 0; i < src.len; i++) {
        c = src.ptr[i];
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

/* ------------------------------------------------------------- variables */

static ngx_int_t
ap_variable(ngx_http_request_t *r, ngx_http_variable_value_t *v, uintptr_t data)
{
    ap_ctx_t       *ctx;
    ngx_uint_t      field;
    ngx_str_t       json;
    authparse_str   s;

    ctx = ngx_http_get_module_ctx(r, ngx_http_authparse_module);
    field = data & 0x0f;
    v->valid = 1;
    v->no_cacheable = 1;
    v->not_found = 0;

    if (data & AP_VAR_CLASS) {
        if (ctx == NULL || ctx->winner == NULL) {
            v->not_found = 1;
            return NGX_OK;
        }
        v->data = (u_char *) ctx->winner->fastapi_name;
        v->len = ngx_strlen(ctx->winner->fastapi_name);
        return NGX_OK;
    }
    if (ctx == NULL || !(ctx->creds.have & AP_BIT(field))) {
        if (data & AP_VAR_JSON) {
            v->data = (u_char *) "null";
            v->len = sizeof("null") - 1;
        } else {
            v->not_found = 1;
        }
        return NGX_OK;
    }
    s = ctx->creds.value[field];
    if (data & AP_VAR_JSON) {
        if (ap_json_string(r->pool, s, ctx->creds.latin1 & AP_BIT(field), &json) != NGX_OK) {
            return NGX_ERROR;
        }
        v->data = json.data;
        v->len = json.len;
        return NGX_OK;
    }
    v->data = (u_char *) s.ptr;
    v->len = s.len;
    return NGX_OK;
}

#define AP_VARIABLE_PAIR(name, field)                                          \
    { ngx_string("authparse_" name), NULL, ap_variable, (field),               \
      NGX_HTTP_VAR_NOCACHEABLE, 0 },                                           \
    { ngx_string("authparse_" name "_json"), NULL, ap_variable,                \
      (field) | AP_VAR_JSON, NGX_HTTP_VAR_NOCACHEABLE, 0 }

static ngx_http_variable_t  ap_variables[] = {
    AP_VARIABLE_PAIR("user", AP_FIELD_USER),
    AP_VARIABLE_PAIR("password", AP_FIELD_PASSWORD),
    AP_VARIABLE_PAIR("token", AP_FIELD_TOKEN),
    AP_VARIABLE_PAIR("api_key", AP_FIELD_API_KEY),
    AP_VARIABLE_PAIR("scheme", AP_FIELD_SCHEME),
    AP_VARIABLE_PAIR("scopes", AP_FIELD_SCOPES),
    { ngx_string("authparse_class"), NULL, ap_variable, AP_VAR_CLASS,
      NGX_HTTP_VAR_NOCACHEABLE, 0 },
    ngx_http_null_variable
};

ngx_int_t
ap_add_variables(ngx_conf_t *cf)
{
    ngx_http_variable_t  *var, *v;

    for (v = ap_variables; v->name.len; v++) {
        var = ngx_http_add_variable(cf, &v->name, v->flags);
        if (var == NULL) {
            return NGX_ERROR;
        }
        var->get_handler = v->get_handler;
        var->data = v->data;
    }
    return NGX_OK;
}
