/*
 * Credentials files, read when the configuration loads (`nginx -t` names a
 * bad line by its number; `nginx -s reload` reads them again):
 *
 *   authparse_user_file FILE;  htpasswd, as auth_basic_user_file:
 *       user:hash[:comment], hash one of {PLAIN}, {SHA}, {SSHA}, $apr1$ or
 *       crypt(3); checked with nginx's ngx_crypt as auth_basic does, the
 *       result compared in constant time. Verifies HTTPBasic and the
 *       password form. The first line of a user wins, as in auth_basic.
 *   authparse_key_file FILE;   one secret per line: plain, `{PLAIN}secret`,
 *       or `{SHA256}` + the digest in hex (64) or base64 (44). Verifies
 *       bearer tokens, OAuth2 / OpenIdConnect values and API keys. A
 *       presented key is compared with every line in constant time.
 *
 * Empty lines and lines starting with `#` are skipped. The files' bytes
 * live in configuration memory that is wiped when the configuration goes.
 */
#include "ngx_http_authparse.h"

#include <ngx_crypt.h>

typedef struct {
    ngx_str_t    name;
    u_char      *hash;      /* NUL-terminated, as ngx_crypt wants it */
    size_t       hash_len;
    ngx_uint_t   line;
} ap_user_t;

struct ap_user_file_s {
    ap_user_t   *users;     /* sorted by name, then line */
    ngx_uint_t   count;
};

typedef struct {
    authparse_str  value;   /* the secret, or its 32-byte SHA-256 */
    ngx_uint_t     hashed;
} ap_key_t;

struct ap_key_file_s {
    ap_key_t    *keys;
    ngx_uint_t   count;
    ngx_uint_t   hashed;    /* some line is {SHA256} */
};

#define AP_SHA256_LEN 32

/* authparse_ct_eq: constant time in the bytes (a failed call is unequal). */
bool
ap_ct_eq(const u_char *a, size_t a_len, const u_char *b, size_t b_len)
{
    bool  equal = false;

    return authparse_ct_eq(a, a_len, b, b_len, &equal) == AUTHPARSE_STATUS_OK && equal;
}

/* ---------------------------------------------------------------- reading */

typedef struct {
    ngx_str_t    path;
    u_char      *pos, *end;
    ngx_uint_t   line;      /* number of the line last returned */
} ap_file_reader_t;

/*
 * A file directive's start: refuses a second one at the same level (`slot`,
 * the directive's pointer, is set), then reads FILE (relative to the
 * configuration prefix) into wiped memory.
 */
static char *
ap_file_open(ngx_conf_t *cf, void *slot, ngx_str_t *name, ap_file_reader_t *rd)
{
    ngx_file_t       file;
    ngx_file_info_t  fi;
    size_t           size;
    ssize_t          n;
    u_char          *data;
    char            *rv = NGX_CONF_OK;

    if (slot != NGX_CONF_UNSET_PTR) {
        return "is duplicate";
    }
    rd->path = *name;
    if (ngx_conf_full_name(cf->cycle, &rd->path, 1) != NGX_OK) {
        return NGX_CONF_ERROR;
    }
    ngx_memzero(&file, sizeof(ngx_file_t));
    file.name = rd->path;
    file.log = cf->log;
    file.fd = ngx_open_file(rd->path.data, NGX_FILE_RDONLY, NGX_FILE_OPEN, 0);
    if (file.fd == NGX_INVALID_FILE) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, ngx_errno,
                           ngx_open_file_n " \"%s\" failed", rd->path.data);
        return NGX_CONF_ERROR;
    }
    if (ngx_fd_info(file.fd, &fi) == NGX_FILE_ERROR) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, ngx_errno,
                           ngx_fd_info_n " \"%s\" failed", rd->path.data);
        rv = NGX_CONF_ERROR;
        goto done;
    }
    size = (size_t) ngx_file_size(&fi);
    data = ap_secret_alloc(cf->pool, size + 1);   /* + 1: room for a NUL */
    if (data == NULL) {
        rv = NGX_CONF_ERROR;
        goto done;
    }
    n = ngx_read_file(&file, data, size, 0);
    if (n == NGX_ERROR || (size_t) n != size) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0, "cannot read \"%s\"", rd->path.data);
        rv = NGX_CONF_ERROR;
        goto done;
    }
    data[size] = '\0';
    rd->pos = data;
    rd->end = data + size;
    rd->line = 0;
done:
    if (ngx_close_file(file.fd) == NGX_FILE_ERROR) {
        ngx_conf_log_error(NGX_LOG_ALERT, cf, ngx_errno,
                           ngx_close_file_n " \"%s\" failed", rd->path.data);
    }
    return rv;
}

/*
 * The next line that is neither empty nor a comment, without its CR LF;
 * the byte after it may be overwritten (a NUL). NGX_DONE at the end,
 * NGX_ERROR (logged) for a line holding a control byte.
 */
static char *ap_file_bad_line(ngx_conf_t *cf, ap_file_reader_t *rd, const char *why);

static ngx_int_t
ap_file_next_line(ngx_conf_t *cf, ap_file_reader_t *rd, ngx_str_t *line)
{
    u_char  *p, *eol;

    while (rd->pos < rd->end) {
        rd->line++;
        p = rd->pos;
        eol = ngx_strlchr(p, rd->end, '\n');
        if (eol == NULL) {
            eol = rd->end;
        }
        rd->pos = (eol < rd->end) ? eol + 1 : rd->end;
        if (eol > p && eol[-1] == '\r') {
            eol--;
        }
        if (eol == p || *p == '#') {
            continue;
        }
        line->data = p;
        line->len = eol - p;
        if (ap_header_unsafe((authparse_str) { line->data, line->len })) {
            ap_file_bad_line(cf, rd, "control byte");
            return NGX_ERROR;
        }
        return NGX_OK;
    }
    return NGX_DONE;
}

static char *
ap_file_bad_line(ngx_conf_t *cf, ap_file_reader_t *rd, const char *why)
{
    ngx_conf_log_error(NGX_LOG_EMERG, cf, 0, "\"%s\", line %ui: %s",
                       rd->path.data, rd->line, why);
    return NGX_CONF_ERROR;
}

char *
ap_file_read(ngx_conf_t *cf, void *slot, ngx_str_t *name, size_t size, ap_line_pt parse,
    void *data, ngx_array_t *entries)
{
    ap_file_reader_t   rd;
    ngx_str_t          line;
    const char        *problem;
    char              *rv;
    void              *entry;
    ngx_int_t          rc;

    rv = ap_file_open(cf, slot, name, &rd);
    if (rv != NGX_CONF_OK) {
        return rv;
    }
    if (ngx_array_init(entries, cf->pool, 16, size) != NGX_OK) {
        return NGX_CONF_ERROR;
    }
    while ((rc = ap_file_next_line(cf, &rd, &line)) == NGX_OK) {
        entry = ngx_array_push(entries);
        if (entry == NULL) {
            return NGX_CONF_ERROR;
        }
        problem = parse(cf, &line, rd.line, entry, data);
        if (problem == NGX_CONF_ERROR) {
            return NGX_CONF_ERROR;
        }
        if (problem != NULL) {
            return ap_file_bad_line(cf, &rd, problem);
        }
    }
    return rc == NGX_ERROR ? NGX_CONF_ERROR : NGX_CONF_OK;
}

static ngx_uint_t
ap_starts_with(ngx_str_t *s, const char *prefix)
{
    size_t  n = ngx_strlen(prefix);

    return s->len >= n && ngx_strncmp(s->data, prefix, n) == 0;
}

/* ---------------------------------------------------------- user file */

static int ngx_libc_cdecl
ap_user_cmp(const void *a, const void *b)
{
    const ap_user_t  *x = a, *y = b;
    ngx_int_t         c;

    c = ngx_memn2cmp(x->name.data, y->name.data, x->name.len, y->name.len);
    if (c == 0) {
        return (x->line > y->line) - (x->line < y->line);
    }
    return c < 0 ? -1 : 1;
}

/* Checks the hash field of a htpasswd line; NULL if usable. */
static const char *
ap_user_hash_problem(ngx_str_t *hash)
{
    if (hash->len == 0) {
        return "empty password hash";
    }
    if (hash->data[0] != '{') {
        return NULL;  /* $apr1$ or crypt(3) */
    }
    if (ap_starts_with(hash, "{PLAIN}") || ap_starts_with(hash, "{SSHA}")) {
        return NULL;
    }
    if (ap_starts_with(hash, "{SHA}")) {
        return hash->len == sizeof("{SHA}") - 1 + 28 ? NULL
               : "{SHA} needs 28 base64 characters (a SHA-1 digest)";
    }
    return "unknown password scheme (use {PLAIN}, {SHA}, {SSHA}, $apr1$ or crypt(3))";
}

/* One htpasswd line: user:hash[:comment]. */
static const char *
ap_user_line(ngx_conf_t *cf, ngx_str_t *line, ngx_uint_t number, void *entry, void *data)
{
    ap_user_t    *u = entry;
    ngx_str_t     hash;
    u_char       *colon, *end = line->data + line->len;
    const char   *problem;

    colon = ngx_strlchr(line->data, end, ':');
    if (colon == NULL) {
        return "no \":\" after the user name";
    }
    if (colon == line->data) {
        return "empty user name";
    }
    if (ngx_strlchr(line->data, colon, '\t') != NULL) {
        return AP_TAB_NEVER_MATCHES("user name");
    }
    hash.data = colon + 1;
    hash.len = end - hash.data;
    if (ngx_strlchr(hash.data, end, ':') != NULL) {   /* user:hash:comment */
        hash.len = ngx_strlchr(hash.data, end, ':') - hash.data;
    }
    problem = ap_user_hash_problem(&hash);
    if (problem != NULL) {
        return problem;
    }
    if (ngx_strlchr(hash.data, hash.data + hash.len, '\t') != NULL) {   /* {PLAIN} only */
        return AP_TAB_NEVER_MATCHES("password");
    }
    u->name.data = line->data;
    u->name.len = colon - line->data;
    u->hash = hash.data;
    u->hash_len = hash.len;
    u->line = number;
    hash.data[hash.len] = '\0';   /* the byte after the field: ':', CR, LF or the end */
    return NULL;
}

char *
ap_conf_user_file(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ap_loc_conf_t   *alcf = conf;
    ngx_str_t       *value = cf->args->elts;
    ngx_array_t      users;
    ap_user_file_t  *uf;
    char            *rv;

    rv = ap_file_read(cf, alcf->user_file, &value[1], sizeof(ap_user_t), ap_user_line, NULL,
                      &users);
    if (rv != NGX_CONF_OK) {
        return rv;
    }
    uf = ngx_pcalloc(cf->pool, sizeof(ap_user_file_t));
    if (uf == NULL) {
        return NGX_CONF_ERROR;
    }
    uf->users = users.elts;
    uf->count = users.nelts;
    ngx_qsort(uf->users, uf->count, sizeof(ap_user_t), ap_user_cmp);
    alcf->user_file = uf;
    return NGX_CONF_OK;
}

/* The first line of `name`, or NULL. */
static ap_user_t *
ap_user_find(ap_user_file_t *uf, authparse_str name)
{
    ngx_uint_t   lo = 0, hi = uf->count, mid;
    ngx_int_t    c;
    ap_user_t   *u;

    while (lo < hi) {   /* the first entry not below `name` */
        mid = lo + (hi - lo) / 2;
        u = &uf->users[mid];
        c = ngx_memn2cmp(u->name.data, (u_char *) name.ptr, u->name.len, name.len);
        if (c < 0) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    if (lo < uf->count
        && ngx_memn2cmp(uf->users[lo].name.data, (u_char *) name.ptr,
                        uf->users[lo].name.len, name.len) == 0)
    {
        return &uf->users[lo];
    }
    return NULL;
}

ap_verdict_e
ap_verify_user(ngx_http_request_t *r, ap_loc_conf_t *conf, ap_creds_t *creds)
{
    authparse_str   user = creds->value[AP_FIELD_USER];
    authparse_str   password = creds->value[AP_FIELD_PASSWORD];
    ap_user_file_t *uf = conf->user_file;
    ap_user_t      *u, *checked;
    u_char         *key, *encrypted;
    ngx_int_t       rc;
    bool            equal;

    if (uf == NULL) {
        return AP_VERIFIED;   /* forward mode: the application verifies */
    }
    /*
     * An unknown user costs the same ngx_crypt, against the file's first
     * hash: how long the answer takes does not tell which users exist.
     */
    u = ap_user_find(uf, user);
    checked = (u != NULL) ? u : (uf->count ? &uf->users[0] : NULL);
    equal = false;
    if (checked != NULL) {
        key = ap_secret_alloc(r->pool, password.len + 1);   /* no NUL inside: CTLs are refused */
        if (key == NULL) {
            return AP_VERIFY_ERROR;
        }
        ngx_memcpy(key, password.ptr, password.len);
        key[password.len] = '\0';
        rc = ngx_crypt(r->pool, key, checked->hash, &encrypted);
        if (rc != NGX_OK) {
            return AP_VERIFY_ERROR;
        }
        equal = ap_ct_eq(encrypted, ngx_strlen(encrypted), checked->hash, checked->hash_len);
        ngx_explicit_memzero(encrypted, ngx_strlen(encrypted));
    }
    if (u == NULL) {
        ngx_log_error(NGX_LOG_ERR, r->connection->log, 0,
                      "authparse: a user name of %uz bytes was not found in the user file",
                      user.len);
        return AP_REJECTED;
    }
    if (!equal) {
        ngx_log_error(NGX_LOG_ERR, r->connection->log, 0,
                      "authparse: a user name of %uz bytes: password mismatch", user.len);
        return AP_REJECTED;
    }
    return AP_VERIFIED;
}

/* ----------------------------------------------------------- key file */

#if (NGX_OPENSSL)

static ngx_int_t
ap_sha256(authparse_str in, u_char out[AP_SHA256_LEN])
{
    unsigned int  len = 0;

    if (!EVP_Digest(in.ptr, in.len, out, &len, EVP_sha256(), NULL) || len != AP_SHA256_LEN) {
        return NGX_ERROR;
    }
    return NGX_OK;
}

#endif

/* Decodes the digest of a `{SHA256}` line (hex or base64) into `out`. */
static const char *
ap_key_digest(ngx_str_t *text, u_char *out)
{
    ngx_str_t  src, dst;
    ngx_int_t  hi, lo;
    size_t     i;

#if !(NGX_OPENSSL)
    return "{SHA256} keys need nginx built with OpenSSL";
#endif
    if (text->len == 2 * AP_SHA256_LEN) {
        for (i = 0; i < AP_SHA256_LEN; i++) {
            hi = ngx_hextoi(&text->data[2 * i], 1);
            lo = ngx_hextoi(&text->data[2 * i + 1], 1);
            if (hi == NGX_ERROR || lo == NGX_ERROR) {
                return "{SHA256}: not a hex digit";
            }
            out[i] = (u_char) (hi << 4 | lo);
        }
        return NULL;
    }
    if (text->len == 44) {
        src = *text;
        dst.data = out;
        if (ngx_decode_base64(&dst, &src) != NGX_OK || dst.len != AP_SHA256_LEN) {
            return "{SHA256}: not the base64 of 32 bytes";
        }
        return NULL;
    }
    return "{SHA256} needs 64 hex digits or 44 base64 characters";
}

/* One key line: plain, {PLAIN}secret or {SHA256}digest; `data` is the key file. */
static const char *
ap_key_line(ngx_conf_t *cf, ngx_str_t *line, ngx_uint_t number, void *entry, void *data)
{
    ap_key_t       *k = entry;
    ap_key_file_t  *kf = data;
    ngx_str_t       rest;
    u_char         *digest;
    const char     *problem;

    k->hashed = 0;
    k->value.ptr = line->data;
    k->value.len = line->len;
    if (ngx_strlchr(line->data, line->data + line->len, '\t') != NULL) {
        return AP_TAB_NEVER_MATCHES("key");
    }
    if (line->data[0] != '{') {
        return NULL;
    }
    if (ap_starts_with(line, "{PLAIN}")) {
        k->value.ptr += sizeof("{PLAIN}") - 1;
        k->value.len -= sizeof("{PLAIN}") - 1;
        return k->value.len == 0 ? "empty key after {PLAIN}" : NULL;
    }
    if (!ap_starts_with(line, "{SHA256}")) {
        return "unknown key scheme (use {SHA256} or {PLAIN}, or no braces)";
    }
    rest.data = line->data + sizeof("{SHA256}") - 1;
    rest.len = line->len - (sizeof("{SHA256}") - 1);
    digest = ap_secret_alloc(cf->pool, AP_SHA256_LEN + 2);   /* base64 of 44 decodes to 33 */
    if (digest == NULL) {
        return NGX_CONF_ERROR;
    }
    problem = ap_key_digest(&rest, digest);
    if (problem != NULL) {
        return problem;
    }
    k->value.ptr = digest;
    k->value.len = AP_SHA256_LEN;
    k->hashed = 1;
    kf->hashed = 1;
    return NULL;
}

char *
ap_conf_key_file(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ap_loc_conf_t  *alcf = conf;
    ngx_str_t      *value = cf->args->elts;
    ngx_array_t     keys;
    ap_key_file_t  *kf;
    char           *rv;

    kf = ngx_pcalloc(cf->pool, sizeof(ap_key_file_t));
    if (kf == NULL) {
        return NGX_CONF_ERROR;
    }
    rv = ap_file_read(cf, alcf->key_file, &value[1], sizeof(ap_key_t), ap_key_line, kf, &keys);
    if (rv != NGX_CONF_OK) {
        return rv;
    }
    kf->keys = keys.elts;
    kf->count = keys.nelts;
    alcf->key_file = kf;
    return NGX_CONF_OK;
}

/* Whether `secret` is one of the file's keys: every line is compared. */
static ap_verdict_e
ap_verify_key(ngx_http_request_t *r, ap_loc_conf_t *conf, authparse_str secret)
{
    ap_key_file_t  *kf = conf->key_file;
    u_char          digest[AP_SHA256_LEN] = { 0 };
    ngx_uint_t      i;
    bool            found = false;

    if (kf == NULL) {
        return AP_VERIFIED;   /* forward mode: the application verifies */
    }
#if (NGX_OPENSSL)
    if (kf->hashed && ap_sha256(secret, digest) != NGX_OK) {
        return AP_VERIFY_ERROR;
    }
#endif
    for (i = 0; i < kf->count; i++) {
        if (kf->keys[i].hashed) {
            found |= ap_ct_eq(digest, AP_SHA256_LEN, kf->keys[i].value.ptr, AP_SHA256_LEN);
        } else {
            found |= ap_ct_eq(secret.ptr, secret.len, kf->keys[i].value.ptr,
                              kf->keys[i].value.len);
        }
    }
    ngx_explicit_memzero(digest, sizeof(digest));
    if (!found) {
        ngx_log_error(NGX_LOG_ERR, r->connection->log, 0,
                      "authparse: the key is not in the key file");
        return AP_REJECTED;
    }
    return AP_VERIFIED;
}

ap_verdict_e
ap_verify_token(ngx_http_request_t *r, ap_loc_conf_t *conf, ap_creds_t *creds)
{
    return ap_verify_key(r, conf, creds->value[AP_FIELD_TOKEN]);
}

ap_verdict_e
ap_verify_api_key(ngx_http_request_t *r, ap_loc_conf_t *conf, ap_creds_t *creds)
{
    return ap_verify_key(r, conf, creds->value[AP_FIELD_API_KEY]);
}
