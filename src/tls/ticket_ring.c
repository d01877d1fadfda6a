#include "tls/ticket_ring.h"

#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "crypto/random.h"

void lt_ticket_ring_init(lt_ticket_ring *ring)
{
    memset(ring, 0, sizeof(*ring));
    pthread_mutex_init(&ring->lock, NULL);
}

void lt_ticket_ring_free(lt_ticket_ring *ring)
{
    lt_free_secret(ring->keys, ring->cap * sizeof(*ring->keys));
    free(ring->born);
    pthread_mutex_destroy(&ring->lock);
}

/* Drops the keys (never the current one) whose last ticket has expired:
 * key i sealed until born[i] + rotation at the latest, since a use after
 * that made a new key first. */
static void expire(lt_ticket_ring *ring, const lt_ticket_ring_times *t)
{
    while (ring->count > 1) {
        size_t last = ring->count - 1;
        if (t->now - ring->born[last] < (int64_t)t->rotation + t->lifetime)
            break;
        lt_wipe(&ring->keys[last], sizeof(ring->keys[last]));
        ring->count--;
    }
}

/* Makes the current key usable at t->now: the table allocated, a new key
 * when there is none or the current one has sealed long enough. Called
 * with the lock held. */
static bool refresh(lt_ticket_ring *ring, const lt_ticket_ring_times *t, lt_error *err)
{
    if (ring->keys == NULL) {
        size_t cap = 2 + t->lifetime / t->rotation;
        ring->keys = calloc(cap, sizeof(*ring->keys));
        ring->born = calloc(cap, sizeof(*ring->born));
        if (ring->keys == NULL || ring->born == NULL) {
            free(ring->keys);
            free(ring->born);
            ring->keys = NULL;
            ring->born = NULL;
            return LT_FAIL(err, LATCH_ERR_MEMORY, "out of memory for the ticket keys");
        }
        ring->cap = cap;
    }
    expire(ring, t);
    if (ring->count > 0 && t->now - ring->born[0] < (int64_t)t->rotation)
        return true;
    lt_ticket_key fresh;
    LT_GUARD(lt_random((uint8_t *)&fresh, sizeof(fresh), err));
    /* Full only if the clock went back and forth: the oldest key goes. */
    size_t keep = ring->count < ring->cap ? ring->count : ring->cap - 1;
    lt_wipe(&ring->keys[keep], sizeof(ring->keys[keep]));
    memmove(&ring->keys[1], &ring->keys[0], keep * sizeof(*ring->keys));
    memmove(&ring->born[1], &ring->born[0], keep * sizeof(*ring->born));
    ring->keys[0] = fresh;
    ring->born[0] = t->now;
    ring->count = keep + 1;
    lt_wipe(&fresh, sizeof(fresh));
    return true;
}

bool lt_ticket_ring_current(lt_ticket_ring *ring, const lt_ticket_ring_times *t, lt_ticket_key *out,
                            lt_error *err)
{
    pthread_mutex_lock(&ring->lock);
    bool ok = refresh(ring, t, err);
    if (ok)
        *out = ring->keys[0];
    pthread_mutex_unlock(&ring->lock);
    return ok;
}

lt_ticket_status lt_ticket_ring_open(lt_ticket_ring *ring, const lt_ticket_ring_times *t,
                                     const uint8_t *ticket, size_t len, lt_session_state *out,
                                     size_t *which, lt_error *err)
{
    lt_ticket_key key;
    memset(&key, 0, sizeof(key));
    size_t i = 0;
    pthread_mutex_lock(&ring->lock);
    bool ok = refresh(ring, t, err);
    if (ok && len >= LT_TICKET_KEY_NAME_LEN) {
        while (i < ring->count && !lt_ct_equal(ring->keys[i].name, ticket, LT_TICKET_KEY_NAME_LEN))
            i++;
        if (i < ring->count)
            key = ring->keys[i];
    }
    bool found = ok && len >= LT_TICKET_KEY_NAME_LEN && i < ring->count;
    pthread_mutex_unlock(&ring->lock);
    if (!ok)
        return LT_TICKET_INVALID;
    if (!found) {
        /* Too short, or a key this server never had or has dropped:
         * lt_ticket_open says which. */
        return lt_ticket_open(NULL, 0, ticket, len, out, which, err);
    }
    size_t unused;
    lt_ticket_status status = lt_ticket_open(&key, 1, ticket, len, out, &unused, err);
    lt_wipe(&key, sizeof(key));
    if (status == LT_TICKET_OK)
        *which = i;
    return status;
}
