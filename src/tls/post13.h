/*
 * Handshake messages after a TLS 1.3 handshake (RFC 8446 4.6):
 * NewSessionTicket, read and let go (latch does not resume TLS 1.3
 * sessions yet), and KeyUpdate, which moves the peer's keys on and, when
 * asked, ours. Anything else is unexpected_message.
 */
#ifndef LT_TLS_POST13_H
#define LT_TLS_POST13_H

#include "tls/conn.h"

/* The handshake bytes of one record, whole messages only (a message cut
 * across records is refused: these are small). */
bool lt_post13_take(latch_conn *c, const uint8_t *data, size_t len) LT_MUST_CHECK;

#endif
