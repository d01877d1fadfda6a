/*
 * A server's own ticket keys, rotated in process, for a server whose
 * caller sets none (latch_config_set_ticket_rotation). A new random key
 * seals tickets for `rotation` seconds; each key still opens tickets for
 * `lifetime` seconds after it last sealed one, so every ticket it sealed
 * resumes until its session expires, and is then wiped.
 *
 * Time comes from the caller (the config's clock), never from the system:
 * rotation happens at the first use after a key has aged, so an idle
 * server does no work. Shared by every connection of a config, so guarded
 * by a mutex; the key table is allocated at the first use, sized for the
 * most keys that can be alive at once (2 + lifetime / rotation).
 */
#ifndef LT_TLS_TICKET_RING_H
#define LT_TLS_TICKET_RING_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "tls/ticket.h"

typedef struct lt_ticket_ring {
    pthread_mutex_t lock;
    lt_ticket_key *keys; /* newest first */
    int64_t *born;       /* when each key began to seal */
    size_t count;
    size_t cap;
} lt_ticket_ring;

/* Seconds: rotation > 0, lifetime > 0. */
typedef struct lt_ticket_ring_times {
    int64_t now;
    uint32_t rotation;
    uint32_t lifetime;
} lt_ticket_ring_times;

void lt_ticket_ring_init(lt_ticket_ring *ring);
/* Wipes every key. */
void lt_ticket_ring_free(lt_ticket_ring *ring);

/* The key to seal with now (a new one when the current has sealed for
 * `rotation` seconds), copied to *out. */
bool lt_ticket_ring_current(lt_ticket_ring *ring, const lt_ticket_ring_times *t, lt_ticket_key *out,
                            lt_error *err) LT_MUST_CHECK;

/* Opens a ticket with the key that names it, if that key is still kept;
 * *which is 0 for the current key. As lt_ticket_open otherwise. */
lt_ticket_status lt_ticket_ring_open(lt_ticket_ring *ring, const lt_ticket_ring_times *t,
                                     const uint8_t *ticket, size_t len, lt_session_state *out,
                                     size_t *which, lt_error *err);

#endif
