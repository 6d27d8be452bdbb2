/*
 * authparse_digest_nonce_slots N;  (http) the nonce counts of authparse_digest,
 * in shared memory so that every worker sees every count:
 *
 *   one table for all Digest locations, of N authparse_digest_nonce_slot
 *   (24 bytes each; default 1024), in the shared memory zone
 *   "authparse_digest_nonces" (created only when a location uses
 *   authparse_digest), guarded by the zone's slab mutex. A nonce's highest
 *   accepted nc is recorded after its response verified and the nonce
 *   checked; an nc not above it (a replay) is refused.
 *
 *   authparse_digest_accept_nonce_count scans its array once, up to the
 *   nonce's slot or, for a new nonce, whole (about 11 instructions a slot:
 *   11 300 for a new nonce in 1024 slots, 430 in 32; BENCHMARKS.md), and
 *   every Digest request makes that scan under the zone's lock, so the
 *   table is cut into groups of
 *   up to AP_DIGEST_GROUP slots, each with its own `forgotten_before`, and
 *   a nonce always goes to the same group (by its unique value). When a
 *   group is full its oldest nonce is forgotten, and every nonce of the
 *   group issued up to it is answered as stale from then on (the client
 *   retries with a fresh one). A new table (at start, or a reload that
 *   changes N) counts the nonces issued before it as forgotten: with
 *   authparse_digest_secret they are valid across a restart, their counts
 *   are not.
 *
 * A reload keeps the table when the group count is unchanged (the same zone
 * size).
 */
#include "ngx_http_authparse.h"

#define AP_DIGEST_DEFAULT_SLOTS  1024
#define AP_DIGEST_MAX_SLOTS      65536
#define AP_DIGEST_GROUP          32

/* One group: the state authparse_digest_accept_nonce_count keeps. */
typedef struct {
    uint64_t                      forgotten_before;
    authparse_digest_nonce_slot   slots[AP_DIGEST_GROUP];
} ap_digest_group_t;

/* The zone's configuration-side record (shm_zone->data). */
typedef struct {
    ngx_uint_t          count;    /* slots */
    ngx_uint_t          groups;
    ngx_uint_t          per_group;
    ngx_slab_pool_t    *shpool;
    ap_digest_group_t  *group;    /* in the zone, `groups` of them */
} ap_digest_zone_t;

char *
ap_conf_digest_nonce_slots(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ap_main_conf_t  *amcf = conf;
    ngx_str_t       *value = cf->args->elts;
    ngx_int_t        n;

    if (amcf->nonce_slots != NGX_CONF_UNSET) {
        return "is duplicate";
    }
    n = ngx_atoi(value[1].data, value[1].len);
    if (n < 1 || n > AP_DIGEST_MAX_SLOTS) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "invalid authparse_digest_nonce_slots \"%V\" (1 to %d)",
                           &value[1], AP_DIGEST_MAX_SLOTS);
        return NGX_CONF_ERROR;
    }
    amcf->nonce_slots = n;
    return NGX_CONF_OK;
}

void *
ap_create_main_conf(ngx_conf_t *cf)
{
    ap_main_conf_t  *amcf;

    amcf = ngx_pcalloc(cf->pool, sizeof(ap_main_conf_t));
    if (amcf == NULL) {
        return NULL;
    }
    amcf->nonce_slots = NGX_CONF_UNSET;
    return amcf;
}

/*
 * A new table forgets nothing it never held: nonces issued before it (by the
 * nginx before a restart, with the same secret) count as forgotten, stale.
 */
static void
ap_digest_zone_clear(ap_digest_zone_t *z)
{
    ngx_uint_t  i;

    ngx_memzero(z->group, z->groups * sizeof(ap_digest_group_t));
    for (i = 0; i < z->groups; i++) {
        z->group[i].forgotten_before = (uint64_t) ngx_time();
    }
}

static ngx_int_t
ap_digest_zone_init(ngx_shm_zone_t *shm_zone, void *data)
{
    ap_digest_zone_t  *old = data;
    ap_digest_zone_t  *z = shm_zone->data;
    ngx_slab_pool_t   *shpool = (ngx_slab_pool_t *) shm_zone->shm.addr;

    z->shpool = shpool;
    if (old != NULL) {
        /* A reload, the same group count: keep the counts (unless the
         * groups' size changed: a slot no longer scanned would be lost). */
        z->group = old->group;
        if (old->per_group != z->per_group) {
            ap_digest_zone_clear(z);
        }
        return NGX_OK;
    }
    if (shm_zone->shm.exists) {
        z->group = shpool->data;
        return NGX_OK;
    }
    z->group = ngx_slab_alloc(shpool, z->groups * sizeof(ap_digest_group_t));
    if (z->group == NULL) {
        return NGX_ERROR;
    }
    ap_digest_zone_clear(z);
    shpool->data = z->group;
    shpool->log_nomem = 0;
    return NGX_OK;
}

/* The zone, added once, when the first location using authparse_digest merges. */
char *
ap_digest_zone_add(ngx_conf_t *cf)
{
    static ngx_str_t   name = ngx_string("authparse_digest_nonces");
    ap_main_conf_t    *amcf;
    ap_digest_zone_t  *z;
    size_t             size;

    amcf = ngx_http_conf_get_module_main_conf(cf, ngx_http_authparse_module);
    if (amcf->zone != NULL) {
        return NGX_CONF_OK;
    }
    if (amcf->nonce_slots == NGX_CONF_UNSET) {
        amcf->nonce_slots = AP_DIGEST_DEFAULT_SLOTS;
    }
    z = ngx_pcalloc(cf->pool, sizeof(ap_digest_zone_t));
    if (z == NULL) {
        return NGX_CONF_ERROR;
    }
    z->count = amcf->nonce_slots;
    z->groups = (z->count + AP_DIGEST_GROUP - 1) / AP_DIGEST_GROUP;
    z->per_group = z->count / z->groups;   /* N = 1000: 32 groups of 31 */
    /* The groups, and room for the slab allocator's own pages; a size of
     * its own for every group count (a reload reuses a zone of equal size). */
    size = z->groups * sizeof(ap_digest_group_t) + 8 * ngx_pagesize;
    amcf->zone = ngx_shared_memory_add(cf, &name, size, &ngx_http_authparse_module);
    if (amcf->zone == NULL) {
        return NGX_CONF_ERROR;
    }
    if (amcf->zone->data != NULL) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "shared memory zone \"%V\" is already used", &name);
        return NGX_CONF_ERROR;
    }
    amcf->zone->init = ap_digest_zone_init;
    amcf->zone->data = z;
    return NGX_CONF_OK;
}

/*
 * What a request had accepted: an internal redirect (try_files, index,
 * error_page) or a subrequest checks its credentials again, in the same
 * pool, and must not see its own request as a replay.
 */
typedef struct {
    authparse_digest_issued_nonce  nonce;
    uint32_t                       nc;
} ap_digest_seen_t;

static void
ap_digest_seen(void *data)
{
    /* a marker in the request pool's cleanups, nothing to clean */
}

static ngx_uint_t
ap_digest_seen_before(ngx_http_request_t *r, const authparse_digest_issued_nonce *nonce,
    uint32_t nc)
{
    ngx_pool_cleanup_t  *c;
    ap_digest_seen_t    *seen;

    for (c = r->pool->cleanup; c != NULL; c = c->next) {
        seen = c->data;
        if (c->handler == ap_digest_seen && seen->nc == nc && seen->nonce.time == nonce->time
            && seen->nonce.unique == nonce->unique)
        {
            return 1;
        }
    }
    return 0;
}

/*
 * Records `nc` for `nonce` (authparse_digest_accept_nonce_count under the
 * zone's lock): OK, DIGEST_REPLAYED_NONCE (not above the last nc accepted
 * with it) or DIGEST_STALE_NONCE (it may have been forgotten). The same
 * request checked again (a redirect, a subrequest) is OK.
 */
authparse_status
ap_digest_accept(ngx_http_request_t *r, const authparse_digest_issued_nonce *nonce, uint32_t nc)
{
    ap_main_conf_t      *amcf;
    ap_digest_zone_t    *z;
    ap_digest_group_t   *g;
    ap_digest_seen_t    *seen;
    ngx_pool_cleanup_t  *c;
    authparse_status     st;

    if (ap_digest_seen_before(r, nonce, nc)) {
        return AUTHPARSE_STATUS_OK;
    }
    c = ngx_pool_cleanup_add(r->pool, sizeof(ap_digest_seen_t));
    if (c == NULL) {
        ngx_log_error(NGX_LOG_ERR, r->connection->log, 0,
                      "authparse: Digest: no memory to record the nonce count");
        return AUTHPARSE_STATUS_INVALID_ARGUMENT;   /* a 500 */
    }
    amcf = ngx_http_get_module_main_conf(r, ngx_http_authparse_module);
    z = amcf->zone->data;
    /* The unique value is random (ap_digest_challenge) and signed. */
    g = &z->group[(nonce->unique ^ (nonce->unique >> 32)) % z->groups];
    ngx_shmtx_lock(&z->shpool->mutex);
    st = authparse_digest_accept_nonce_count(g->slots, z->per_group, &g->forgotten_before,
                                             nonce, nc);
    ngx_shmtx_unlock(&z->shpool->mutex);
    if (st == AUTHPARSE_STATUS_OK) {
        seen = c->data;
        seen->nonce = *nonce;
        seen->nc = nc;
        c->handler = ap_digest_seen;
    }
    return st;
}
