/*
 * authparse_digest REALM [optional];  HTTP Digest (RFC 7616), verified here
 * through authparse's C API:
 *
 *   authparse_digest_user_file FILE;       htdigest lines `user:realm:HA1`,
 *       HA1 = MD5(user ":" realm ":" password) in hex (what Apache's
 *       htdigest writes), or 64 hex digits: a SHA-256 HA1. Read when the
 *       configuration loads; `nginx -t` names a bad line.
 *   authparse_digest_secret SECRET;        the nonce key, 16 bytes or more.
 *       Unset: 32 random bytes drawn once per configuration load (shared by
 *       every location and worker, new at each reload or restart).
 *   authparse_digest_nonce_lifetime TIME;  how long a nonce is accepted (5m).
 *
 *   authparse_digest_nonce_slots N;        (http) the nonce counts kept
 *       (ngx_http_authparse_digest_zone.c).
 *
 * Per request: parse the parameters, refuse an algorithm or qop the
 * challenge did not offer (a downgrade), find the user's HA1 in the realm
 * for the credentials' algorithm, verify the response, check the nonce, then
 * record its nc in the shared table. Wrong or malformed credentials: 401
 * with a fresh challenge. Right credentials with an expired nonce, a nonce
 * of another secret (a reload drew a new one), a forgotten one (the table
 * was full) or an nc not above the last one accepted with the nonce (a
 * replay): 401 with `stale=true`, which clients answer with the new nonce
 * without asking their user again (RFC 7616 §3.3: the nonce is invalid,
 * the username and password are not).
 */
#include "ngx_http_authparse.h"

#define AP_DIGEST_DEFAULT_LIFETIME  300
#define AP_DIGEST_RANDOM_SECRET     32

typedef struct {
    authparse_str  user;
    authparse_str  realm;
    authparse_str  ha1;   /* 32 (MD5) or 64 (SHA-256) hex digits */
} ap_digest_user_t;

struct ap_digest_file_s {
    ap_digest_user_t  *users;
    ngx_uint_t         count;
};

static ngx_uint_t
ap_is_hex(const u_char *p, size_t len)
{
    size_t  i;

    for (i = 0; i < len; i++) {
        if (ngx_hextoi((u_char *) &p[i], 1) == NGX_ERROR) {
            return 0;
        }
    }
    return 1;
}

static authparse_str
ap_view(const u_char *data, size_t len)
{
    authparse_str  v;

    v.ptr = data;
    v.len = len;
    return v;
}

static ngx_uint_t
ap_view_eq(authparse_str a, authparse_str b)
{
    return a.len == b.len && (a.len == 0 || ngx_memcmp(a.ptr, b.ptr, a.len) == 0);
}

/* ---------------------------------------------------------- directives */

/* One htdigest line: user:realm:HA1 (the realm may hold ':'). */
static const char *
ap_digest_line(ngx_conf_t *cf, ngx_str_t *line, ngx_uint_t number, void *entry, void *data)
{
    ap_digest_user_t  *u = entry;
    u_char            *first, *last, *end = line->data + line->len;

    first = ngx_strlchr(line->data, end, ':');
    for (last = end; last > line->data && last[-1] != ':'; last--) { /* after the last ':' */ }
    if (first == NULL || last - 1 == first) {
        return "not user:realm:HA1";
    }
    if (first == line->data) {
        return "empty user name";
    }
    if (ngx_strlchr(line->data, first, '\t') != NULL) {
        return AP_TAB_NEVER_MATCHES("user name");
    }
    if ((end - last != 32 && end - last != 64) || !ap_is_hex(last, end - last)) {
        return "HA1 needs 32 hex digits (MD5, as htdigest writes) or 64 (SHA-256)";
    }
    u->user = ap_view(line->data, first - line->data);
    u->realm = ap_view(first + 1, (last - 1) - (first + 1));
    u->ha1 = ap_view(last, end - last);
    return NULL;
}

char *
ap_conf_digest_user_file(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ap_loc_conf_t     *alcf = conf;
    ngx_str_t         *value = cf->args->elts;
    ngx_array_t        users;
    ap_digest_file_t  *df;
    char              *rv;

    rv = ap_file_read(cf, alcf->digest_users, &value[1], sizeof(ap_digest_user_t),
                      ap_digest_line, NULL, &users);
    if (rv != NGX_CONF_OK) {
        return rv;
    }
    df = ngx_pcalloc(cf->pool, sizeof(ap_digest_file_t));
    if (df == NULL) {
        return NGX_CONF_ERROR;
    }
    df->users = users.elts;
    df->count = users.nelts;
    alcf->digest_users = df;
    return NGX_CONF_OK;
}

char *
ap_conf_digest_secret(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ap_loc_conf_t  *alcf = conf;
    ngx_str_t      *value = cf->args->elts;

    if (alcf->digest_secret.data != NULL) {
        return "is duplicate";
    }
    if (value[1].len < AUTHPARSE_DIGEST_SECRET_MIN) {
        return "needs at least 16 bytes";
    }
    alcf->digest_secret = value[1];
    return NGX_CONF_OK;
}

/*
 * The random secret of one configuration load, drawn from the kernel once
 * for every location without authparse_digest_secret, in wiped cycle
 * memory. The master draws it; workers fork after, so all share it. A
 * reload (a new cycle) draws a new one.
 */
static ngx_cycle_t  *ap_random_cycle;
static ngx_str_t     ap_random_secret;

/* The cycle's pool is going (a reload finished, or a failed one): forget it. */
static void
ap_random_forget(void *data)
{
    if (ap_random_cycle == data) {
        ap_random_cycle = NULL;
        ngx_str_null(&ap_random_secret);
    }
}

static char *
ap_digest_random_secret(ngx_conf_t *cf, ngx_str_t *secret)
{
    ngx_fd_t             fd;
    ssize_t              n;
    u_char              *p;
    ngx_pool_cleanup_t  *cln;

    if (ap_random_cycle == cf->cycle) {
        *secret = ap_random_secret;
        return NGX_CONF_OK;
    }
    p = ap_secret_alloc(cf->cycle->pool, AP_DIGEST_RANDOM_SECRET);
    cln = ngx_pool_cleanup_add(cf->cycle->pool, 0);
    if (p == NULL || cln == NULL) {
        return NGX_CONF_ERROR;
    }
    cln->handler = ap_random_forget;
    cln->data = cf->cycle;
    fd = ngx_open_file((u_char *) "/dev/urandom", NGX_FILE_RDONLY, NGX_FILE_OPEN, 0);
    if (fd == NGX_INVALID_FILE) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, ngx_errno,
                           "authparse_digest: cannot open /dev/urandom for a nonce secret"
                           " (set authparse_digest_secret)");
        return NGX_CONF_ERROR;
    }
    n = read(fd, p, AP_DIGEST_RANDOM_SECRET);
    ngx_close_file(fd);
    if (n != AP_DIGEST_RANDOM_SECRET) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, ngx_errno,
                           "authparse_digest: cannot read /dev/urandom");
        return NGX_CONF_ERROR;
    }
    ap_random_secret.data = p;
    ap_random_secret.len = AP_DIGEST_RANDOM_SECRET;
    ap_random_cycle = cf->cycle;
    *secret = ap_random_secret;
    return NGX_CONF_OK;
}

/* The algorithms the challenge offers: those of the realm's HA1s, SHA-256 first. */
static ngx_uint_t
ap_digest_offer(ap_loc_conf_t *conf, authparse_digest_algorithm *out)
{
    ap_digest_file_t  *df = conf->digest_users;
    ngx_uint_t         i, sha256 = 0, md5 = 0, n = 0;
    authparse_str      realm = ap_view(conf->digest_realm.data, conf->digest_realm.len);

    for (i = 0; i < df->count; i++) {
        if (ap_view_eq(df->users[i].realm, realm)) {
            sha256 |= df->users[i].ha1.len == 64;
            md5 |= df->users[i].ha1.len == 32;
        }
    }
    if (sha256) {
        out[n++] = AUTHPARSE_DIGEST_ALGORITHM_SHA256;
    }
    if (md5 || n == 0) {
        out[n++] = AUTHPARSE_DIGEST_ALGORITHM_MD5;
    }
    return n;
}

#define AP_DIGEST_ALL  ((ngx_uint_t) -1)

/*
 * Writes the challenge for `nonce` and the `which`-th offered algorithm (all
 * of them joined when `which` is AP_DIGEST_ALL) into pool memory; `*count`
 * (may be NULL) gets the number of offered algorithms.
 */
static authparse_status
ap_digest_write(ngx_pool_t *pool, ap_loc_conf_t *conf, authparse_str nonce, ngx_uint_t stale,
    ngx_uint_t which, ngx_uint_t *offered, authparse_str *out)
{
    authparse_digest_challenge  ch;
    authparse_digest_algorithm  algorithms[2];
    authparse_status            st;
    ngx_uint_t                  count;
    size_t                      cap = 256, needed = 0;
    u_char                     *buf;

    count = ap_digest_offer(conf, algorithms);
    if (offered != NULL) {
        *offered = count;
    }
    authparse_digest_challenge_init(&ch, ap_view(conf->digest_realm.data, conf->digest_realm.len),
                                    nonce);
    ch.stale = stale ? true : false;
    for ( ;; ) {
        buf = ngx_pnalloc(pool, cap);
        if (buf == NULL) {
            return AUTHPARSE_STATUS_BUFFER_TOO_SMALL;
        }
        st = (which == AP_DIGEST_ALL || which >= count)
             ? authparse_digest_challenge_write(&ch, algorithms, count, buf, cap, out, &needed)
             : authparse_digest_challenge_write(&ch, &algorithms[which], 1, buf, cap, out, &needed);
        if (st != AUTHPARSE_STATUS_BUFFER_TOO_SMALL || needed <= cap) {
            return st;
        }
        cap = needed;
    }
}

/*
 * After the other merges: a location that uses authparse_digest needs a
 * user file, gets a secret (inherited, configured or random) and a realm
 * a challenge can carry.
 */
char *
ap_digest_merge(ngx_conf_t *cf, ap_loc_conf_t *prev, ap_loc_conf_t *conf)
{
    ap_scheme_t       *s;
    ngx_uint_t         i, digest = 0;
    authparse_str      challenge;
    authparse_status   st;

    ngx_conf_merge_ptr_value(conf->digest_users, prev->digest_users, NULL);
    ngx_conf_merge_sec_value(conf->digest_lifetime, prev->digest_lifetime,
                             AP_DIGEST_DEFAULT_LIFETIME);
    if (conf->digest_realm.len == 0) {
        conf->digest_realm = prev->digest_realm;
    }
    if (conf->digest_secret.data == NULL) {
        conf->digest_secret = prev->digest_secret;
    }
    if (conf->schemes != NULL) {
        s = conf->schemes->elts;
        for (i = 0; i < conf->schemes->nelts; i++) {
            digest |= s[i].cls->verify == ap_verify_digest;
        }
    }
    if (!digest) {
        return NGX_CONF_OK;
    }
    if (ap_digest_zone_add(cf) != NGX_CONF_OK) {
        return NGX_CONF_ERROR;
    }
    if (conf->digest_users == NULL) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "authparse_digest needs authparse_digest_user_file");
        return NGX_CONF_ERROR;
    }
    if (conf->digest_secret.data == NULL
        && ap_digest_random_secret(cf, &conf->digest_secret) != NGX_CONF_OK)
    {
        return NGX_CONF_ERROR;
    }
    st = ap_digest_write(cf->pool, conf, ap_view((u_char *) "n", 1), 0, AP_DIGEST_ALL, NULL,
                         &challenge);
    if (st != AUTHPARSE_STATUS_OK) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0, "authparse_digest \"%V\": %s",
                           &conf->digest_realm, authparse_status_str(st));
        return NGX_CONF_ERROR;
    }
    return NGX_CONF_OK;
}

/* ------------------------------------------------------------ requests */

/*
 * The user's first line in the realm whose HA1 fits `hex_len`, or NULL. Every
 * line is looked at, wherever the user's is (or whether there is one).
 */
static ap_digest_user_t *
ap_digest_find(ap_loc_conf_t *conf, authparse_str user, size_t hex_len)
{
    ap_digest_file_t  *df = conf->digest_users;
    authparse_str      realm = ap_view(conf->digest_realm.data, conf->digest_realm.len);
    ap_digest_user_t  *found = NULL;
    ngx_uint_t         i, match;

    /* Every line is compared whole (no short cut once found), so the time
     * does not depend on where, or whether, the user is. */
    for (i = 0; i < df->count; i++) {
        match = (df->users[i].ha1.len == hex_len)
                & (ap_view_eq(df->users[i].user, user) != 0)
                & (ap_view_eq(df->users[i].realm, realm) != 0);
        if (match && found == NULL) {
            found = &df->users[i];
        }
    }
    return found;
}

/* The HA1 an unknown user is verified against (then refused): any hex will do. */
static const u_char  ap_dummy_ha1[] =
    "0000000000000000000000000000000000000000000000000000000000000000";

static size_t
ap_hex_len(authparse_digest_algorithm algorithm)
{
    return (algorithm == AUTHPARSE_DIGEST_ALGORITHM_MD5
            || algorithm == AUTHPARSE_DIGEST_ALGORITHM_MD5_SESS) ? 32 : 64;
}

ap_verdict_e
ap_verify_digest(ngx_http_request_t *r, ap_loc_conf_t *conf, ap_creds_t *creds)
{
    authparse_str                 params = creds->value[AP_FIELD_TOKEN];
    authparse_digest_credentials  c;
    authparse_digest_challenge    offer;
    authparse_digest_algorithm    offered[2];
    authparse_digest_request      req;
    authparse_digest_user         user;
    authparse_digest_field        field = AUTHPARSE_DIGEST_FIELD_NONE;
    authparse_digest_issued_nonce issued;
    authparse_status              st;
    ap_digest_user_t             *found;
    ngx_http_request_t           *client = r->main;   /* what the client signed */
    u_char                       *buf;

    buf = ap_secret_alloc(r->pool, params.len + 1);
    if (buf == NULL) {
        return AP_VERIFY_ERROR;
    }
    st = authparse_digest_parse(params.ptr, params.len, buf, params.len + 1, &c, &field, NULL);
    if (st != AUTHPARSE_STATUS_OK) {
        ngx_log_error(NGX_LOG_INFO, r->connection->log, 0,
                      "authparse: Digest credentials refused: %s%s%s", authparse_status_str(st),
                      field ? ": " : "", authparse_digest_field_str(field));
        return AP_REJECTED;
    }
    /* Only what the challenge offered: its algorithms and qop="auth". An
     * MD5-sess answer to an MD5 offer, or an RFC 2069 one without qop, is a
     * downgrade. */
    authparse_digest_challenge_init(&offer, ap_view(conf->digest_realm.data, conf->digest_realm.len),
                                    c.nonce);
    st = authparse_digest_check_answer(&c, &offer, offered, ap_digest_offer(conf, offered), &field);
    if (st != AUTHPARSE_STATUS_OK) {
        ngx_log_error(NGX_LOG_INFO, r->connection->log, 0,
                      "authparse: Digest credentials refused: %s: %s", authparse_status_str(st),
                      authparse_digest_field_str(field));
        return AP_REJECTED;
    }
    found = c.userhash ? NULL : ap_digest_find(conf, c.username, ap_hex_len(c.algorithm));
    ngx_memzero(&req, sizeof(req));
    req.method = ap_view(client->method_name.data, client->method_name.len);
    req.target = ap_view(client->unparsed_uri.data, client->unparsed_uri.len);
    req.realm = ap_view(conf->digest_realm.data, conf->digest_realm.len);
    user.secret_kind = AUTHPARSE_DIGEST_SECRET_HA1;
    if (found != NULL) {
        user.username = found->user;
        user.secret = found->ha1;
    } else {
        /* An unknown user costs the same verification, against a dummy HA1
         * under the name sent, then is refused: how long the refusal takes
         * does not tell which users exist. */
        user.username = c.username;
        user.secret = ap_view(ap_dummy_ha1, ap_hex_len(c.algorithm));
    }
    st = authparse_digest_verify(&c, &req, &user);
    if (found == NULL) {
        ngx_log_error(NGX_LOG_INFO, r->connection->log, 0,
                      "authparse: Digest: no HA1 for this user, realm and algorithm");
        return AP_REJECTED;
    }
    if (st != AUTHPARSE_STATUS_OK) {
        ngx_log_error(NGX_LOG_INFO, r->connection->log, 0, "authparse: Digest: %s",
                      authparse_status_str(st));
        return AP_REJECTED;
    }
    st = authparse_digest_nonce_check(conf->digest_secret.data, conf->digest_secret.len,
                                      c.nonce.ptr, c.nonce.len, req.realm.ptr, req.realm.len,
                                      (uint64_t) ngx_time(), (uint64_t) conf->digest_lifetime,
                                      &issued);
    if (st == AUTHPARSE_STATUS_OK) {
        /* Every worker's counts: a replay (or a forgotten nonce) is refused. */
        st = ap_digest_accept(r, &issued, c.nc_value);
    }
    if (st == AUTHPARSE_STATUS_DIGEST_STALE_NONCE || st == AUTHPARSE_STATUS_DIGEST_INVALID_NONCE
        || st == AUTHPARSE_STATUS_DIGEST_REPLAYED_NONCE)
    {
        ngx_log_error(NGX_LOG_INFO, r->connection->log, 0,
                      "authparse: Digest: %s: challenging with stale=true",
                      authparse_status_str(st));
        return AP_STALE;
    }
    if (st != AUTHPARSE_STATUS_OK) {
        ngx_log_error(NGX_LOG_ERR, r->connection->log, 0, "authparse: Digest nonce: %s",
                      authparse_status_str(st));
        return AP_VERIFY_ERROR;
    }
    /* The user equals a user-file line, which holds no control byte; checked
     * here too, since ap_accept's check ran before this value was set. */
    if (ap_has_ctl(c.username)) {
        return AP_REJECTED;
    }
    creds->value[AP_FIELD_USER] = c.username;
    creds->have |= AP_BIT(AP_FIELD_USER);
    /* The raw parameter list (it may hold HTAB as OWS) is no variable. */
    creds->have &= ~AP_BIT(AP_FIELD_TOKEN);
    if (!c.username_star) {
        creds->latin1 |= AP_BIT(AP_FIELD_USER);
    }
    return AP_VERIFIED;
}

/* 401 with a challenge carrying a fresh nonce; `stale` when only the nonce was wrong. */
ngx_int_t
ap_digest_challenge(ngx_http_request_t *r, ap_loc_conf_t *conf, ap_ctx_t *ctx, ngx_uint_t stale)
{
    static const char  body[] = AUTHPARSE_NOT_AUTHENTICATED_BODY;
    authparse_str      nonce, challenge;
    authparse_status   st;
    uint64_t           unique;
    u_char            *buf;
    ngx_uint_t         i, count = 1;

    buf = ngx_pnalloc(r->pool, AUTHPARSE_DIGEST_NONCE_LEN);
    if (buf == NULL) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }
    unique = ((uint64_t) ngx_random() << 32) ^ (uint64_t) ngx_random()
             ^ ((uint64_t) ngx_pid << 48) ^ (uint64_t) r->connection->number;
    st = authparse_digest_nonce_issue(conf->digest_secret.data, conf->digest_secret.len,
                                      conf->digest_realm.data, conf->digest_realm.len,
                                      (uint64_t) ngx_time(), unique, buf,
                                      AUTHPARSE_DIGEST_NONCE_LEN, &nonce, NULL);
    /* One WWW-Authenticate line per algorithm, SHA-256 first: curl and httpx
     * answer the first Digest line (the last algorithm of a joined value). */
    for (i = 0; st == AUTHPARSE_STATUS_OK && i < count; i++) {
        st = ap_digest_write(r->pool, conf, nonce, stale, i, &count, &challenge);
        if (st == AUTHPARSE_STATUS_OK && ap_push_www_authenticate(r, challenge) != NGX_OK) {
            return NGX_HTTP_INTERNAL_SERVER_ERROR;
        }
    }
    if (st != AUTHPARSE_STATUS_OK) {
        ngx_log_error(NGX_LOG_ERR, r->connection->log, 0, "authparse: Digest challenge: %s",
                      authparse_status_str(st));
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }
    return ap_reply_json(r, ctx, NGX_HTTP_UNAUTHORIZED,
                         ap_view((const u_char *) body, sizeof(body) - 1));
}
