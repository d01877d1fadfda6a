/*
 * The server's session-ID cache: a bounded table of sessions by the
 * 32-byte random ID the server gave them, shared by every connection of a
 * config (so guarded by a mutex). Direct-mapped: an ID's first bytes pick
 * its slot, and a new session takes the slot from whatever was there.
 * The IDs are the server's random bytes, so a peer cannot aim at a slot.
 * The table is allocated at the first insertion. Each entry holds its
 * session encoded (lt_session_state_write), allocated to its length: a
 * client certificate costs only its own size. Entries are wiped when
 * replaced, expired, or freed.
 */
#ifndef LT_TLS_SESSION_CACHE_H
#define LT_TLS_SESSION_CACHE_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tls/session.h"

#define LT_SESSION_CACHE_ID_LEN 32

typedef struct lt_cache_entry {
    uint8_t id[LT_SESSION_CACHE_ID_LEN];
    int64_t created;
    uint8_t *state; /* encoded; NULL when the slot is empty */
    size_t state_len;
} lt_cache_entry;

typedef struct lt_session_cache {
    pthread_mutex_t lock;
    lt_cache_entry *slots;
    size_t size;
    size_t live; /* read without the lock, to skip empty caches */
} lt_session_cache;

void lt_session_cache_init(lt_session_cache *cache);
void lt_session_cache_free(lt_session_cache *cache);
/* Stores a copy of st under id in a table of size slots; false only when
 * the table or the entry cannot be allocated. */
bool lt_session_cache_put(lt_session_cache *cache, size_t size,
                          const uint8_t id[LT_SESSION_CACHE_ID_LEN], const lt_session_state *st);
/* Copies the session stored under id into out, if there is one younger
 * than lifetime seconds at now; an expired one is dropped. */
bool lt_session_cache_get(lt_session_cache *cache, const uint8_t *id, size_t id_len, int64_t now,
                          uint32_t lifetime, lt_session_state *out);

#endif
