/*
 * KeyUpdate after a TLS 1.3 handshake (RFC 8446 4.6.3, 7.2), both
 * directions. Each side moves its own write keys on with a KeyUpdate
 * message sealed under the old keys; the receiver moves its read keys.
 *
 * - A KeyUpdate with update_requested is answered with one of ours
 *   before our next application data; many requests while we send
 *   nothing get one answer, as the RFC asks.
 * - Floods are refused: more than LT_KEY_UPDATE_MAX_IN_A_ROW KeyUpdates
 *   without application data from the peer between them fail the
 *   connection with unexpected_message and a sentence saying so.
 * - The limits of RFC 8446 5.5 (record13.h): before a write key reaches
 *   them we send a KeyUpdate, and when the peer's key has protected as
 *   many records we ask the peer for one.
 */
#ifndef LT_TLS_KEY_UPDATE_H
#define LT_TLS_KEY_UPDATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"

struct latch_conn;

/* KeyUpdates taken in a row without application data from the peer. */
#define LT_KEY_UPDATE_MAX_IN_A_ROW 16

typedef struct lt_key_update_state {
    uint32_t received_in_a_row;
    /* Whether we sent a KeyUpdate since our last application data: a
     * request then needs no new answer. */
    bool sent_since_data;
    /* We asked the peer to update (its key reached the limit) and have
     * not yet seen its KeyUpdate. */
    bool asked_peer;
    /* How many times each direction's key has changed, for the trace's
     * names (application_traffic_secret_N). */
    uint32_t read_generation;
    uint32_t write_generation;
} lt_key_update_state;

/* A KeyUpdate message body from the peer: parsed, counted against
 * floods, the read keys moved on, and answered when asked. */
bool lt_key_update_take(struct latch_conn *c, const uint8_t *body, size_t len) LT_MUST_CHECK;

/* Queues a KeyUpdate (asking the peer for one of its own when
 * request_peer) and moves our write keys on. TLS 1.3 only. */
bool lt_key_update_send(struct latch_conn *c, bool request_peer) LT_MUST_CHECK;

/* Before sealing application data: the answer we owe, or the KeyUpdate
 * our write key's record count calls for. */
bool lt_key_update_before_write(struct latch_conn *c) LT_MUST_CHECK;

/* After a non-empty application data record from the peer: the flood
 * count starts again, and a KeyUpdate is requested once the peer's key
 * has protected enough records. */
bool lt_key_update_after_read(struct latch_conn *c) LT_MUST_CHECK;

#endif
