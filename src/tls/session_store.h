/*
 * The server's external session-ID cache: the caller's callbacks
 * (latch_config_set_session_cache_callbacks), and the values that go to
 * them and come back.
 *
 * A value is id<1..32> | ticket: the session ID it is stored under, then
 * the session state sealed as a ticket under the ticket key that seals
 * now (tls/ticket.h), so a cache holds no secret and cannot forge a
 * session. The ID in front is neither secret nor authenticated: it turns
 * a value returned for another ID (a confused backend) into a miss. A
 * cache that forges it can only make a resumption fail at Finished,
 * which it could do by dropping the value; it learns nothing.
 */
#ifndef LT_TLS_SESSION_STORE_H
#define LT_TLS_SESSION_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "latch.h"
#include "tls/session.h"

typedef struct lt_session_store {
    latch_session_store_fn store; /* NULL: no external cache */
    latch_session_lookup_fn lookup;
    latch_session_remove_fn remove; /* may be NULL */
    void *arg;
} lt_session_store;

typedef enum lt_store_found {
    LT_STORE_MISS,     /* nothing stored under the ID, or the lookup failed */
    LT_STORE_FOUND,    /* opened into *out */
    LT_STORE_UNKNOWN,  /* sealed under a key this server lacks: another's may open it */
    LT_STORE_UNUSABLE, /* another ID's, altered, or not a session: worth removing */
} lt_store_found;

/* Whether the config has an external cache. */
bool lt_session_store_on(const latch_config *cfg);

/* Seals st and hands it to the store for lifetime seconds; false, with
 * the reason in err, when it was not kept. */
bool lt_session_store_put(latch_config *cfg, const uint8_t *id, size_t id_len,
                          const lt_session_state *st, uint32_t lifetime,
                          lt_error *err) LT_MUST_CHECK;
/* Looks the ID up and opens what comes back; err says why a value found
 * is not used. */
lt_store_found lt_session_store_get(latch_config *cfg, const uint8_t *id, size_t id_len,
                                    lt_session_state *out, lt_error *err);
/* Asks the store to forget the ID, if it can. */
void lt_session_store_remove(const latch_config *cfg, const uint8_t *id, size_t id_len);

#endif
