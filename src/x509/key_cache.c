/* The per-config cache of certificates' public keys (key_cache.h). */
#include "x509/key_cache.h"

#include <stdlib.h>
#include <string.h>

void lt_key_cache_init(lt_key_cache *kc)
{
    memset(kc, 0, sizeof(*kc));
    pthread_mutex_init(&kc->lock, NULL);
}

static void slot_clear(lt_key_cache_slot *s)
{
    free(s->spki);
    lt_pubkey_free(&s->key);
    *s = (lt_key_cache_slot){0};
}

void lt_key_cache_free(lt_key_cache *kc)
{
    for (size_t i = 0; i < LT_KEY_CACHE_SLOTS; i++)
        slot_clear(&kc->slots[i]);
    pthread_mutex_destroy(&kc->lock);
}

/* The slot holding spki, or NULL. Called with the lock held. */
static lt_key_cache_slot *find(lt_key_cache *kc, lt_span spki)
{
    for (size_t i = 0; i < LT_KEY_CACHE_SLOTS; i++) {
        lt_key_cache_slot *s = &kc->slots[i];
        if (s->spki != NULL && s->spki_len == spki.len && memcmp(s->spki, spki.data, spki.len) == 0)
            return s;
    }
    return NULL;
}

/* An empty slot, else the least recently used. Called with the lock held. */
static lt_key_cache_slot *victim(lt_key_cache *kc)
{
    lt_key_cache_slot *oldest = &kc->slots[0];
    for (size_t i = 0; i < LT_KEY_CACHE_SLOTS; i++) {
        lt_key_cache_slot *s = &kc->slots[i];
        if (s->spki == NULL)
            return s;
        if (s->used < oldest->used)
            oldest = s;
    }
    return oldest;
}

/* Keeps a share of key under spki. Best effort: without memory, or when
 * another thread has just added the same key, nothing is kept. */
static void remember(lt_key_cache *kc, lt_span spki, const lt_pubkey *key)
{
    lt_key_cache_slot fresh = {.spki = malloc(spki.len), .spki_len = spki.len};
    lt_error ignored;
    if (fresh.spki == NULL || !lt_pubkey_share(&fresh.key, key, &ignored)) {
        free(fresh.spki);
        return;
    }
    memcpy(fresh.spki, spki.data, spki.len);
    pthread_mutex_lock(&kc->lock);
    lt_key_cache_slot *s = find(kc, spki) == NULL ? victim(kc) : NULL;
    if (s != NULL) {
        lt_key_cache_slot old = *s;
        fresh.used = ++kc->clock;
        *s = fresh;
        fresh = old;
    }
    pthread_mutex_unlock(&kc->lock);
    slot_clear(&fresh);
}

bool lt_key_cache_get(lt_key_cache *kc, const lt_cert *cert, lt_pubkey *key, lt_error *err)
{
    pthread_mutex_lock(&kc->lock);
    lt_key_cache_slot *hit = find(kc, cert->spki);
    lt_error ignored;
    bool shared = hit != NULL && lt_pubkey_share(key, &hit->key, &ignored);
    if (shared)
        hit->used = ++kc->clock;
    pthread_mutex_unlock(&kc->lock);
    if (shared)
        return true;
    LT_GUARD(lt_cert_pubkey(cert, key, err));
    remember(kc, cert->spki, key);
    return true;
}
