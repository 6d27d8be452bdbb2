/*
 * authparse_digest_nonce_slots N;  (http) the nonce counts of authparse_digest,
 * in shared memory so that every worker sees every count:
 *
 *   one table for all Digest locations, of N authparse_digest_nonce_slot
 *   (24 bytes each; default 1024) and the `forgotten_before` time that
 *   authparse_digest_accept_nonce_count keeps, in the shared memory zone
 *   "authparse_digest_nonces" (created only when a location uses
 *   authparse_digest), guarded by the zone's slab mutex. A nonce's highest
 *   accepted nc is recorded after its response verified and the nonce
 *   checked; an nc not above it (a replay) is refused. When the table is
 *   full the oldest nonce is forgotten, and every nonce issued up to it is
 *   answered as stale from then on (the client retries with a fresh one).
 *
 * A reload keeps the table when N is unchanged (the same zone size).
 */
#include "ngx_http_authparse.h"

#define AP_DIGEST_DEFAULT_SLOTS  1024
#define AP_DIGEST_MAX_SLOTS      65536

/* The zone's contents: the state authparse_digest_accept_nonce_count keeps. */
typedef struct {
    uint64_t                      forgotten_before;
    ngx_uint_t                    count;
    authparse_digest_nonce_slot   slots[1];   /* `count` of them */
} ap_digest_counts_t;

/* The zone's configuration-side record (shm_zone->data). */
typedef struct {
    ngx_uint_t           count;
    ngx_slab_pool_t     *shpool;
    ap_digest_counts_t  *counts;
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

static ngx_int_t
ap_digest_zone_init(ngx_shm_zone_t *shm_zone, void *data)
{
    ap_digest_zone_t  *old = data;
    ap_digest_zone_t  *z = shm_zone->data;
    ngx_slab_pool_t   *shpool = (ngx_slab_pool_t *) shm_zone->shm.addr;

    z->shpool = shpool;
    if (old != NULL) {
        /* A reload with the same size: keep the counts. */
        z->counts = old->counts;
        return NGX_OK;
    }
    if (shm_zone->shm.exists) {
        z->counts = shpool->data;
        return NGX_OK;
    }
    z->counts = ngx_slab_calloc(shpool, offsetof(ap_digest_counts_t, slots)
                                        + z->count * sizeof(authparse_digest_nonce_slot));
    if (z->counts == NULL) {
        return NGX_ERROR;
    }
    z->counts->count = z->count;
    shpool->data = z->counts;
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
    /* The table, and room for the slab allocator's own pages. */
    size = ngx_align(offsetof(ap_digest_counts_t, slots)
                     + z->count * sizeof(authparse_digest_nonce_slot), ngx_pagesize)
           + 8 * ngx_pagesize;
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
 * Records `nc` for `nonce` (authparse_digest_accept_nonce_count under the
 * zone's lock): OK, DIGEST_REPLAYED_NONCE (not above the last nc accepted
 * with it) or DIGEST_STALE_NONCE (it may have been forgotten).
 */
authparse_status
ap_digest_accept(ngx_http_request_t *r, const authparse_digest_issued_nonce *nonce, uint32_t nc)
{
    ap_main_conf_t    *amcf;
    ap_digest_zone_t  *z;
    authparse_status   st;

    amcf = ngx_http_get_module_main_conf(r, ngx_http_authparse_module);
    z = amcf->zone->data;
    ngx_shmtx_lock(&z->shpool->mutex);
    st = authparse_digest_accept_nonce_count(z->counts->slots, z->counts->count,
                                             &z->counts->forgotten_before, nonce, nc);
    ngx_shmtx_unlock(&z->shpool->mutex);
    return st;
}
