#include "tls/session_cache.h"

#include <stdlib.h>
#include <string.h>

#include "base/mem.h"

void lt_session_cache_init(lt_session_cache *cache)
{
    memset(cache, 0, sizeof(*cache));
    pthread_mutex_init(&cache->lock, NULL);
}

static void drop(lt_session_cache *cache, lt_cache_entry *e)
{
    lt_free_secret(e->state, e->state_len);
    lt_wipe(e, sizeof(*e));
    __atomic_sub_fetch(&cache->live, 1, __ATOMIC_RELAXED);
}

void lt_session_cache_free(lt_session_cache *cache)
{
    for (size_t i = 0; i < cache->size; i++)
        if (cache->slots[i].state != NULL)
            drop(cache, &cache->slots[i]);
    free(cache->slots);
    pthread_mutex_destroy(&cache->lock);
}

static size_t slot_of(const lt_session_cache *cache, const uint8_t *id)
{
    uint64_t v = 0;
    for (size_t i = 0; i < 8; i++)
        v = v << 8 | id[i];
    return (size_t)(v % cache->size);
}

/* The encoding of st, allocated to its length; NULL when out of memory. */
static uint8_t *encode(const lt_session_state *st, size_t *len)
{
    uint8_t buf[LT_SESSION_STATE_MAX];
    lt_writer w;
    lt_writer_init_fixed(&w, buf, sizeof(buf));
    lt_session_state_write(st, &w);
    uint8_t *copy = lt_writer_ok(&w) ? malloc(w.len) : NULL;
    if (copy != NULL) {
        memcpy(copy, buf, w.len);
        *len = w.len;
    }
    lt_wipe(buf, sizeof(buf));
    return copy;
}

bool lt_session_cache_put(lt_session_cache *cache, size_t size,
                          const uint8_t id[LT_SESSION_CACHE_ID_LEN], const lt_session_state *st)
{
    size_t len = 0;
    uint8_t *enc = encode(st, &len);
    if (enc == NULL)
        return false;
    pthread_mutex_lock(&cache->lock);
    if (cache->slots == NULL) {
        cache->slots = calloc(size, sizeof(*cache->slots));
        cache->size = cache->slots == NULL ? 0 : size;
    }
    bool ok = cache->slots != NULL;
    if (ok) {
        lt_cache_entry *e = &cache->slots[slot_of(cache, id)];
        if (e->state != NULL)
            drop(cache, e);
        memcpy(e->id, id, LT_SESSION_CACHE_ID_LEN);
        e->created = st->created;
        e->state = enc;
        e->state_len = len;
        enc = NULL;
        __atomic_add_fetch(&cache->live, 1, __ATOMIC_RELAXED);
    }
    pthread_mutex_unlock(&cache->lock);
    lt_free_secret(enc, len);
    return ok;
}

bool lt_session_cache_get(lt_session_cache *cache, const uint8_t *id, size_t id_len, int64_t now,
                          uint32_t lifetime, lt_session_state *out)
{
    if (id_len != LT_SESSION_CACHE_ID_LEN || __atomic_load_n(&cache->live, __ATOMIC_RELAXED) == 0)
        return false;
    uint8_t buf[LT_SESSION_STATE_MAX];
    size_t len = 0;
    pthread_mutex_lock(&cache->lock);
    lt_cache_entry *e = cache->slots == NULL ? NULL : &cache->slots[slot_of(cache, id)];
    if (e != NULL && e->state != NULL && lt_ct_equal(e->id, id, LT_SESSION_CACHE_ID_LEN)) {
        if (now >= e->created && now - e->created < (int64_t)lifetime) {
            len = e->state_len;
            memcpy(buf, e->state, len);
        } else {
            drop(cache, e);
        }
    }
    pthread_mutex_unlock(&cache->lock);
    lt_error ignored;
    lt_error_clear(&ignored);
    bool found = len > 0 && lt_session_state_parse(buf, len, out, &ignored);
    lt_wipe(buf, len);
    return found;
}
