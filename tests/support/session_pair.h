/*
 * One handshake between a client and a server config in memory, offering
 * a stored session and keeping the one it ends with: for the tests of
 * resumption across servers.
 */
#ifndef LATCH_TEST_SESSION_PAIR_H
#define LATCH_TEST_SESSION_PAIR_H

#include <stddef.h>
#include <stdint.h>

#include "latch.h"

typedef struct pair_session {
    uint8_t bytes[LATCH_SESSION_MAX];
    size_t len;
} pair_session;

/* Offers `offer` (NULL: none), exchanges a little data, and keeps the
 * client's session in `out` (NULL: not kept; may be offer). Returns 1
 * when both sides resumed, 0 after a full handshake, -1 when it failed. */
int pair_session_connect(latch_config *client, latch_config *server, const pair_session *offer,
                         pair_session *out);

#endif
