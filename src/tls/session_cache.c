#include "tls/session_cache.h"

#include <stdlib.h>
#include <string.h>

#include "base/mem.h"

void lt_session_cache_init(lt_session_cache *cache)
{
    memset(cache, 0, sizeof(*cache));
    pthread_mutex_init(&cache->lock, NULL);
}

void lt_session_cache_free(lt_session_cache *cache)
{
    lt_free_secret(cache->slots, cache->size * sizeof(*cache->slots));
    pthread_mutex_destroy(&cache->lock);
}

static size_t slot_of(const lt_session_cache *cache, const uint8_t *id)
{
    uint64_t v = 0;
    for (size_t i = 0; i < 8; i++)
        v = v << 8 | id[i];
    return (size_t)(v % cache->size);
}

static void drop(lt_session_cache *cache, lt_cache_entry *e)
{
    lt_wipe(e, sizeof(*e));
    __atomic_sub_fetch(&cache->live, 1, __ATOMIC_RELAXED);
}

bool lt_session_cache_put(lt_session_cache *cache, size_t size,
                          const uint8_t id[LT_SESSION_CACHE_ID_LEN], const lt_session_state *st)
{
    pthread_mutex_lock(&cache->lock);
    if (cache->slots == NULL) {
        cache->slots = calloc(size, sizeof(*cache->slots));
        cache->size = cache->slots == NULL ? 0 : size;
    }
    bool ok = cache->slots != NULL;
    if (ok) {
        lt_cache_entry *e = &cache->slots[slot_of(cache, id)];
        if (e->live)
            drop(cache, e);
        e->live = true;
        memcpy(e->id, id, LT_SESSION_CACHE_ID_LEN);
        e->state = *st;
        __atomic_add_fetch(&cache->live, 1, __ATOMIC_RELAXED);
    }
    pthread_mutex_unlock(&cache->lock);
    return ok;
}

bool lt_session_cache_get(lt_session_cache *cache, const uint8_t *id, size_t id_len, int64_t now,
                          uint32_t lifetime, lt_session_state *out)
{
    if (id_len != LT_SESSION_CACHE_ID_LEN || __atomic_load_n(&cache->live, __ATOMIC_RELAXED) == 0)
        return false;
    bool found = false;
    pthread_mutex_lock(&cache->lock);
    lt_cache_entry *e = cache->slots == NULL ? NULL : &cache->slots[slot_of(cache, id)];
    if (e != NULL && e->live && lt_ct_equal(e->id, id, LT_SESSION_CACHE_ID_LEN)) {
        if (now >= e->state.created && now - e->state.created < (int64_t)lifetime) {
            *out = e->state;
            found = true;
        } else {
            drop(cache, e);
        }
    }
    pthread_mutex_unlock(&cache->lock);
    return found;
}
