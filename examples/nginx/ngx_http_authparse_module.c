/*
 * ngx_http_authparse_module: protects a location with FastAPI's
 * `fastapi.security` classes through authparse's C API, answering failures
 * exactly as FastAPI does (status, WWW-Authenticate, JSON body), and
 * optionally verifying the credentials in nginx (authparse_user_file,
 * authparse_key_file). See README.md in this directory.
 *
 * Each class is a directive; a location may list several, tried in order:
 * the first that yields credentials wins. `optional` is FastAPI's
 * auto_error=False. The check runs in the access phase (so `satisfy`,
 * `allow`/`deny`, `auth_request` and `error_page 401` work as with
 * auth_basic) and, for subrequests (which nginx's access phase skips), in
 * the precontent phase: that is what makes an `auth_request` endpoint
 * protected by authparse work (ngx_http_authparse_access.c).
 *
 * This file: the classes (extractor, verifier, challenge), the directives
 * and the location configuration; ngx_http_authparse.h lists the others.
 */
#include "ngx_http_authparse.h"

static ngx_int_t ap_preconfiguration(ngx_conf_t *cf);
static ngx_int_t ap_postconfiguration(ngx_conf_t *cf);
static void *ap_create_loc_conf(ngx_conf_t *cf);
static char *ap_merge_loc_conf(ngx_conf_t *cf, void *parent, void *child);
static char *ap_conf_scheme(ngx_conf_t *cf, ngx_command_t *cmd, void *conf);
static char *ap_conf_off(ngx_conf_t *cf, ngx_command_t *cmd, void *conf);
static char *ap_conf_profile(ngx_conf_t *cf, ngx_command_t *cmd, void *conf);

/* ------------------------------------------------------------- classes */

void
ap_creds_set(ap_creds_t *creds, ap_field_e field, authparse_str value, ngx_uint_t latin1)
{
    creds->value[field] = value;
    creds->have |= AP_BIT(field);
    if (latin1) {
        creds->latin1 |= AP_BIT(field);
    }
}

/*
 * An extractor: `call` (an authparse_*_extract with the credentials in
 * `v`, of type `type`), then `set` stores them when the outcome is
 * CREDENTIALS. Header text is Latin-1; decoded Basic, query and form
 * values are UTF-8.
 */
#define AP_EXTRACTOR(fn, type, call, set)                                      \
static authparse_status                                                        \
fn(const authparse_scheme_config *cfg, const authparse_request *req,           \
    u_char *buf, size_t cap, authparse_outcome *out, ap_creds_t *creds,        \
    size_t *needed)                                                            \
{                                                                              \
    type              v;                                                       \
    authparse_status  st = call;                                               \
    if (st == AUTHPARSE_STATUS_OK                                              \
        && out->kind == AUTHPARSE_OUTCOME_CREDENTIALS)                         \
    {                                                                          \
        set;                                                                   \
    }                                                                          \
    return st;                                                                 \
}

/* HTTPAuthorizationCredentials: the scheme as sent and the credentials. */
#define AP_SET_AUTHORIZATION                                                   \
    ap_creds_set(creds, AP_FIELD_SCHEME, v.scheme, 1);                         \
    ap_creds_set(creds, AP_FIELD_TOKEN, v.credentials, 1)

AP_EXTRACTOR(ap_extract_basic, authparse_basic_credentials,
    authparse_http_basic_extract(cfg, req, buf, cap, out, &v, needed),
    ap_creds_set(creds, AP_FIELD_USER, v.username, 0);
    ap_creds_set(creds, AP_FIELD_PASSWORD, v.password, 0))
AP_EXTRACTOR(ap_extract_http_bearer, authparse_authorization_credentials,
    authparse_http_bearer_extract(cfg, req, out, &v), AP_SET_AUTHORIZATION)
AP_EXTRACTOR(ap_extract_http_digest, authparse_authorization_credentials,
    authparse_http_digest_extract(cfg, req, out, &v), AP_SET_AUTHORIZATION)
AP_EXTRACTOR(ap_extract_http_base, authparse_authorization_credentials,
    authparse_http_base_extract(cfg, req, out, &v), AP_SET_AUTHORIZATION)
/* The classes that yield one view into a header, as `field`. */
#define AP_VIEW_EXTRACTOR(fn, api, field)                                      \
    AP_EXTRACTOR(fn, authparse_str, api(cfg, req, out, &v),                    \
                 ap_creds_set(creds, field, v, 1))

AP_VIEW_EXTRACTOR(ap_extract_password_bearer, authparse_oauth2_password_bearer_extract,
                  AP_FIELD_TOKEN)
AP_VIEW_EXTRACTOR(ap_extract_code_bearer, authparse_oauth2_authorization_code_bearer_extract,
                  AP_FIELD_TOKEN)
AP_VIEW_EXTRACTOR(ap_extract_oauth2, authparse_oauth2_extract, AP_FIELD_TOKEN)
AP_VIEW_EXTRACTOR(ap_extract_open_id_connect, authparse_open_id_connect_extract, AP_FIELD_TOKEN)
AP_VIEW_EXTRACTOR(ap_extract_api_key_header, authparse_api_key_header_extract, AP_FIELD_API_KEY)
AP_EXTRACTOR(ap_extract_api_key_query, authparse_str,
    authparse_api_key_query_extract(cfg, req, buf, cap, out, &v, needed),
    ap_creds_set(creds, AP_FIELD_API_KEY, v, 0))
AP_EXTRACTOR(ap_extract_api_key_cookie, authparse_str,
    authparse_api_key_cookie_extract(cfg, req, buf, cap, out, &v, needed),
    ap_creds_set(creds, AP_FIELD_API_KEY, v, 1))

/*
 * One entry per FastAPI class: its $authparse_class name, extractor,
 * verifier against the location's credentials file (NULL: forwarded
 * unverified), own 401 (NULL: the scheme's FastAPI failure) and flags.
 */
#define AP_CLASS(var, name, extract, verify, challenge, flags)                 \
    static const ap_class_t  var = { name, extract, verify, challenge, flags }

AP_CLASS(ap_http_basic, "HTTPBasic", ap_extract_basic, ap_verify_user, NULL, AP_DECODES | AP_REALM);
AP_CLASS(ap_http_bearer, "HTTPBearer", ap_extract_http_bearer, ap_verify_token, NULL, 0);
AP_CLASS(ap_http_digest, "HTTPDigest", ap_extract_http_digest, NULL, NULL, 0);
AP_CLASS(ap_digest, "HTTPDigest", ap_extract_http_digest, ap_verify_digest, ap_digest_challenge,
         AP_NEEDS_REALM);
AP_CLASS(ap_http_base, "HTTPBase", ap_extract_http_base, ap_verify_token, NULL, AP_NAME);
AP_CLASS(ap_password_bearer, "OAuth2PasswordBearer", ap_extract_password_bearer, ap_verify_token,
         NULL, 0);
AP_CLASS(ap_code_bearer, "OAuth2AuthorizationCodeBearer", ap_extract_code_bearer, ap_verify_token,
         NULL, 0);
AP_CLASS(ap_oauth2, "OAuth2", ap_extract_oauth2, ap_verify_token, NULL, 0);
AP_CLASS(ap_open_id_connect, "OpenIdConnect", ap_extract_open_id_connect, ap_verify_token, NULL, 0);
AP_CLASS(ap_api_key_query, "APIKeyQuery", ap_extract_api_key_query, ap_verify_api_key, NULL,
         AP_DECODES | AP_NAME);
AP_CLASS(ap_api_key_header, "APIKeyHeader", ap_extract_api_key_header, ap_verify_api_key, NULL,
         AP_NAME);
AP_CLASS(ap_api_key_cookie, "APIKeyCookie", ap_extract_api_key_cookie, ap_verify_api_key, NULL,
         AP_DECODES | AP_NAME);
AP_CLASS(ap_password_form, "OAuth2PasswordRequestForm", NULL, ap_verify_user, NULL, 0);
AP_CLASS(ap_password_form_strict, "OAuth2PasswordRequestFormStrict", NULL, ap_verify_user, NULL,
         AP_STRICT_FORM);

/* ---------------------------------------------------------- directives */

#define AP_LEVELS (NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF)
#define AP_SCHEME(name, args, cls)                                             \
    { ngx_string(name), AP_LEVELS|(args), ap_conf_scheme,                      \
      NGX_HTTP_LOC_CONF_OFFSET, 0, (void *) &(cls) }

static ngx_command_t  ap_commands[] = {
    AP_SCHEME("authparse_basic", NGX_CONF_NOARGS|NGX_CONF_TAKE12, ap_http_basic),
    AP_SCHEME("authparse_http_bearer", NGX_CONF_NOARGS|NGX_CONF_TAKE1, ap_http_bearer),
    AP_SCHEME("authparse_http_digest", NGX_CONF_NOARGS|NGX_CONF_TAKE1, ap_http_digest),
    AP_SCHEME("authparse_digest", NGX_CONF_TAKE12, ap_digest),
    AP_SCHEME("authparse_http_base", NGX_CONF_TAKE12, ap_http_base),
    AP_SCHEME("authparse_bearer", NGX_CONF_NOARGS|NGX_CONF_TAKE1, ap_password_bearer),
    AP_SCHEME("authparse_oauth2_authorization_code_bearer", NGX_CONF_NOARGS|NGX_CONF_TAKE1,
              ap_code_bearer),
    AP_SCHEME("authparse_oauth2", NGX_CONF_NOARGS|NGX_CONF_TAKE1, ap_oauth2),
    AP_SCHEME("authparse_openid_connect", NGX_CONF_NOARGS|NGX_CONF_TAKE1, ap_open_id_connect),
    AP_SCHEME("authparse_api_key_query", NGX_CONF_TAKE12, ap_api_key_query),
    AP_SCHEME("authparse_api_key_header", NGX_CONF_TAKE12, ap_api_key_header),
    AP_SCHEME("authparse_api_key_cookie", NGX_CONF_TAKE12, ap_api_key_cookie),
    AP_SCHEME("authparse_password_form", NGX_CONF_NOARGS|NGX_CONF_TAKE1, ap_password_form),
    AP_SCHEME("authparse_password_form_strict", NGX_CONF_NOARGS|NGX_CONF_TAKE1,
              ap_password_form_strict),
    { ngx_string("authparse_off"), AP_LEVELS|NGX_CONF_NOARGS, ap_conf_off,
      NGX_HTTP_LOC_CONF_OFFSET, 0, NULL },
    { ngx_string("authparse_profile"), AP_LEVELS|NGX_CONF_TAKE1, ap_conf_profile,
      NGX_HTTP_LOC_CONF_OFFSET, 0, NULL },
    { ngx_string("authparse_user_file"), AP_LEVELS|NGX_CONF_TAKE1, ap_conf_user_file,
      NGX_HTTP_LOC_CONF_OFFSET, 0, NULL },
    { ngx_string("authparse_key_file"), AP_LEVELS|NGX_CONF_TAKE1, ap_conf_key_file,
      NGX_HTTP_LOC_CONF_OFFSET, 0, NULL },
    { ngx_string("authparse_digest_user_file"), AP_LEVELS|NGX_CONF_TAKE1,
      ap_conf_digest_user_file, NGX_HTTP_LOC_CONF_OFFSET, 0, NULL },
    { ngx_string("authparse_digest_secret"), AP_LEVELS|NGX_CONF_TAKE1, ap_conf_digest_secret,
      NGX_HTTP_LOC_CONF_OFFSET, 0, NULL },
    { ngx_string("authparse_digest_nonce_lifetime"), AP_LEVELS|NGX_CONF_TAKE1,
      ngx_conf_set_sec_slot, NGX_HTTP_LOC_CONF_OFFSET, offsetof(ap_loc_conf_t, digest_lifetime),
      NULL },
    { ngx_string("authparse_digest_nonce_slots"), NGX_HTTP_MAIN_CONF|NGX_CONF_TAKE1,
      ap_conf_digest_nonce_slots, NGX_HTTP_MAIN_CONF_OFFSET, 0, NULL },
    { ngx_string("authparse_respond"), NGX_HTTP_LOC_CONF|NGX_CONF_TAKE12, ap_conf_respond,
      NGX_HTTP_LOC_CONF_OFFSET, 0, NULL },
    ngx_null_command
};

static ngx_http_module_t  ap_module_ctx = {
    ap_preconfiguration,   /* preconfiguration */
    ap_postconfiguration,  /* postconfiguration */
    ap_create_main_conf,   /* create main configuration */
    NULL,                  /* init main configuration */
    NULL, NULL,            /* server conf */
    ap_create_loc_conf,    /* create location configuration */
    ap_merge_loc_conf      /* merge location configuration */
};

ngx_module_t  ngx_http_authparse_module = {
    NGX_MODULE_V1,
    &ap_module_ctx,
    ap_commands,
    NGX_HTTP_MODULE,
    NULL, NULL, NULL, NULL, NULL, NULL, NULL,
    NGX_MODULE_V1_PADDING
};

/* ------------------------------------------------------- configuration */

static void *
ap_create_loc_conf(ngx_conf_t *cf)
{
    ap_loc_conf_t  *conf;

    conf = ngx_pcalloc(cf->pool, sizeof(ap_loc_conf_t));
    if (conf == NULL) {
        return NULL;
    }
    conf->schemes = NGX_CONF_UNSET_PTR;
    conf->profile = NGX_CONF_UNSET_UINT;
    conf->user_file = NGX_CONF_UNSET_PTR;
    conf->key_file = NGX_CONF_UNSET_PTR;
    conf->digest_users = NGX_CONF_UNSET_PTR;
    conf->digest_lifetime = NGX_CONF_UNSET;
    return conf;
}

/*
 * nginx drops a request header whose name holds a byte other than a letter,
 * digit or '-' (with `ignore_invalid_headers on`, the default), '_' included
 * unless `underscores_in_headers on` (default off), before any module runs:
 * `authparse_api_key_header X_API_KEY;` would never see its header (and the
 * drop is logged at `info` only). Warned at load, in `nginx -t`, once per
 * server: where the schemes are set, or in the server that inherits them
 * from `http`.
 */
static void
ap_warn_header_names(ngx_conf_t *cf, ap_loc_conf_t *conf, ngx_flag_t own)
{
    ngx_http_core_srv_conf_t  *cscf;
    ngx_http_conf_ctx_t       *ctx = cf->ctx;
    ap_scheme_t               *s;
    ngx_uint_t                 i;
    size_t                     k;
    u_char                     c, bad, shown[8];

    cscf = ngx_http_conf_get_module_srv_conf(cf, ngx_http_core_module);
    if (conf->schemes == NULL || !cscf->ignore_invalid_headers
        || !(own || ctx->loc_conf == cscf->ctx->loc_conf))
    {
        return;
    }
    s = conf->schemes->elts;
    for (i = 0; i < conf->schemes->nelts; i++) {
        if (s[i].cls != &ap_api_key_header) {
            continue;
        }
        bad = 0;
        for (k = 0; k < s[i].cfg.name.len && bad == 0; k++) {
            c = s[i].cfg.name.ptr[k];
            if (!((c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c == '-'
                  || (c == '_' && cscf->underscores_in_headers)))
            {
                bad = c;
            }
        }
        if (bad != 0) {
            /* The byte as itself when printable, else in hex (no raw byte in a log). */
            if (bad > 0x20 && bad < 0x7f) {
                ngx_sprintf(shown, "\"%c\"%Z", bad);
            } else {
                ngx_sprintf(shown, "0x%02xd%Z", (ngx_uint_t) bad);
            }
            ngx_log_error(NGX_LOG_WARN, cf->log, 0,
                          "authparse_api_key_header \"%*s\" can never match: nginx drops request "
                          "headers whose name holds %s; set \"%s\" in this server (and in the "
                          "default server of its listen address) in %V:%ui",
                          s[i].cfg.name.len, s[i].cfg.name.ptr, shown,
                          bad == '_' ? "underscores_in_headers on;" : "ignore_invalid_headers off;",
                          &s[i].file, s[i].line);
        }
    }
}

/*
 * Every challenge of the location renders in its profile: header text is
 * Latin-1 (as Starlette sends it) for Basic's realm in the FastAPI profile
 * and for HTTPBase's scheme in both, so one holding a character past U+00FF
 * would turn each 401 into a 500. Refused here, at load, instead.
 */
static char *
ap_check_challenges(ngx_conf_t *cf, ap_loc_conf_t *conf)
{
    ap_scheme_t              *s;
    ngx_uint_t                i;
    authparse_scheme_config   cfg;
    authparse_outcome         outcome;
    authparse_str             text;
    ap_creds_t                creds;
    authparse_status          st;
    u_char                    buf[16], rendered[512];
    size_t                    needed;

    if (conf->schemes == NULL) {
        return NGX_CONF_OK;
    }
    s = conf->schemes->elts;
    for (i = 0; i < conf->schemes->nelts; i++) {
        if (s[i].cls->extract == NULL) {
            continue;
        }
        cfg = s[i].cfg;
        cfg.profile = (authparse_profile) conf->profile;
        st = s[i].cls->extract(&cfg, &ap_empty_request, buf, sizeof(buf), &outcome, &creds,
                               &needed);
        if (st != AUTHPARSE_STATUS_OK || outcome.kind != AUTHPARSE_OUTCOME_FAILURE
            || outcome.challenge.kind == AUTHPARSE_CHALLENGE_NONE)
        {
            continue;
        }
        st = authparse_challenge_render(&outcome.challenge, rendered, sizeof(rendered), &text,
                                        &needed);
        if (st == AUTHPARSE_STATUS_INVALID_CONFIGURATION) {
            ngx_log_error(NGX_LOG_EMERG, cf->log, 0,
                          "authparse: %s in %V:%ui cannot send its challenge: its header "
                          "text is Latin-1 (a realm in the FastAPI profile, a scheme in both), "
                          "and it holds a character past U+00FF", s[i].cls->fastapi_name,
                          &s[i].file, s[i].line);
            return NGX_CONF_ERROR;
        }
    }
    return NGX_CONF_OK;
}

static char *
ap_merge_loc_conf(ngx_conf_t *cf, void *parent, void *child)
{
    ap_loc_conf_t  *prev = parent;
    ap_loc_conf_t  *conf = child;
    ngx_flag_t      own = conf->schemes != NGX_CONF_UNSET_PTR;

    ngx_conf_merge_ptr_value(conf->schemes, prev->schemes, NULL);
    ap_warn_header_names(cf, conf, own);
    ngx_conf_merge_uint_value(conf->profile, prev->profile, AUTHPARSE_PROFILE_FASTAPI);
    if (ap_check_challenges(cf, conf) != NGX_CONF_OK) {
        return NGX_CONF_ERROR;
    }
    ngx_conf_merge_ptr_value(conf->user_file, prev->user_file, NULL);
    ngx_conf_merge_ptr_value(conf->key_file, prev->key_file, NULL);
    return ap_digest_merge(cf, prev, conf);
}

/*
 * A class directive: `authparse_basic [REALM] [optional];`,
 * `authparse_api_key_query NAME [optional];`, ... Several in one location
 * are tried in order. The realm or name is checked here (UTF-8) by running
 * the class once on an empty request.
 */
static char *
ap_conf_scheme(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ap_loc_conf_t                   *alcf = conf;
    const ap_class_t                *cls = cmd->post;
    ngx_str_t                       *value = cf->args->elts;
    ngx_uint_t                       nargs = cf->args->nelts - 1;
    ap_scheme_t                     *s, *first;
    authparse_scheme_config          cfg;
    authparse_outcome                outcome;
    authparse_status                 st;
    ap_creds_t                       creds;
    u_char                           buf[16];
    size_t                           needed;
    ngx_flag_t                       optional = 0;

    if (nargs > 0 && ngx_strcmp(value[nargs].data, "optional") == 0) {
        optional = 1;
        nargs--;
    }
    if ((cls->flags & AP_NEEDS_REALM) && nargs != 1) {
        return "needs one REALM (and may end with \"optional\")";
    }
    if ((cls->flags & AP_NAME) ? nargs != 1
        : (nargs > ((cls->flags & (AP_REALM | AP_NEEDS_REALM)) ? 1u : 0u)))
    {
        return (cls->flags & AP_NAME) ? "needs one NAME (and may end with \"optional\")"
                                      : "has too many arguments";
    }
    if (cls->extract == NULL && optional) {
        return "cannot be optional (FastAPI answers a form without fields with 422)";
    }
    if (alcf->schemes == NULL) {
        return "cannot follow authparse_off";
    }
    if (alcf->schemes == NGX_CONF_UNSET_PTR) {
        alcf->schemes = ngx_array_create(cf->pool, 2, sizeof(ap_scheme_t));
        if (alcf->schemes == NULL) {
            return NGX_CONF_ERROR;
        }
    }
    first = alcf->schemes->elts;
    if (alcf->schemes->nelts > 0 && (cls->extract == NULL || first[0].cls->extract == NULL)) {
        return "cannot be combined: a password form is the only scheme of its location";
    }
    if (nargs == 1 && ap_header_unsafe((authparse_str) { value[1].data, value[1].len })) {
        /* A realm, name or scheme ends up in a header: CR/LF would split it. */
        return "holds a control byte: a header value cannot carry one";
    }
    s = ngx_array_push(alcf->schemes);
    if (s == NULL) {
        return NGX_CONF_ERROR;
    }
    s->cls = cls;
    s->optional = optional;
    s->file = cf->conf_file->file.name;
    s->line = cf->conf_file->line;
    authparse_scheme_config_init(&s->cfg);
    if (cls->flags & AP_NEEDS_REALM) {
        if (alcf->digest_realm.len != 0) {
            return "is duplicate: one Digest realm per location";
        }
        alcf->digest_realm = value[1];
    } else if (nargs == 1 && (cls->flags & AP_REALM)) {
        s->cfg.has_realm = true;
        s->cfg.realm.ptr = value[1].data;
        s->cfg.realm.len = value[1].len;
    } else if (nargs == 1) {
        s->cfg.name.ptr = value[1].data;
        s->cfg.name.len = value[1].len;
    }
    if (cls->extract != NULL) {
        cfg = s->cfg;
        st = cls->extract(&cfg, &ap_empty_request, buf, sizeof(buf), &outcome, &creds, &needed);
        if (st != AUTHPARSE_STATUS_OK) {
            ngx_conf_log_error(NGX_LOG_EMERG, cf, 0, "%V: invalid argument: %s",
                               &cmd->name, authparse_status_str(st));
            return NGX_CONF_ERROR;
        }
    }
    return NGX_CONF_OK;
}

static char *
ap_conf_off(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ap_loc_conf_t  *alcf = conf;

    if (alcf->schemes != NGX_CONF_UNSET_PTR) {
        return "conflicts with the authparse schemes of this level";
    }
    alcf->schemes = NULL;
    return NGX_CONF_OK;
}

static char *
ap_conf_profile(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ap_loc_conf_t  *alcf = conf;
    ngx_str_t      *value = cf->args->elts;

    if (alcf->profile != NGX_CONF_UNSET_UINT) {
        return "is duplicate";
    }
    if (ngx_strcmp(value[1].data, "fastapi") == 0) {
        alcf->profile = AUTHPARSE_PROFILE_FASTAPI;
    } else if (ngx_strcmp(value[1].data, "strict") == 0) {
        alcf->profile = AUTHPARSE_PROFILE_STRICT;
    } else {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "invalid authparse_profile \"%V\" (fastapi or strict)", &value[1]);
        return NGX_CONF_ERROR;
    }
    return NGX_CONF_OK;
}

static ngx_int_t
ap_preconfiguration(ngx_conf_t *cf)
{
    return ap_add_variables(cf);
}

static ngx_int_t
ap_postconfiguration(ngx_conf_t *cf)
{
    ngx_http_handler_pt        *h;
    ngx_http_core_main_conf_t  *cmcf;

    cmcf = ngx_http_conf_get_module_main_conf(cf, ngx_http_core_module);
    h = ngx_array_push(&cmcf->phases[NGX_HTTP_ACCESS_PHASE].handlers);
    if (h == NULL) {
        return NGX_ERROR;
    }
    *h = ap_access_handler;
    h = ngx_array_push(&cmcf->phases[NGX_HTTP_PRECONTENT_PHASE].handlers);
    if (h == NULL) {
        return NGX_ERROR;
    }
    *h = ap_precontent_handler;
    return ap_filters_init(cf);
}
