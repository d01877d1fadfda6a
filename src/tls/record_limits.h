/*
 * Record sizes agreed in the hellos: record_size_limit (RFC 8449) and
 * max_fragment_length (RFC 6066 4). What the client offers, what the
 * server answers, and when each limit starts to bind the record layer.
 *
 * Each side's write limit is the peer's limit; its read limit is its own.
 * record_size_limit binds only protected records (RFC 8449 4), so it is
 * applied at each direction's key change; max_fragment_length binds from
 * the ServerHello on, handshake records included (RFC 6066 4). When a
 * client offers both, a server answers record_size_limit only (RFC 8449
 * 5).
 *
 * Buffers follow the limits: the connection's input and output buffers
 * are full-size for the first flight (the peer's limit is not known
 * before its hello) and are sized from the limits when they are next
 * made, which is after the handshake once they have drained (conn.c).
 */
#ifndef LT_TLS_RECORD_LIMITS_H
#define LT_TLS_RECORD_LIMITS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "latch.h"
#include "tls/ext.h"

/* The largest record_size_limit a config may hold: TLS 1.3's 2^14 + 1
 * (RFC 8449 4), which in TLS 1.2 counts as 2^14. */
#define LT_RSL_MAX 16385
#define LT_RSL_MIN 64

/* What the hellos settled (kept in lt_negotiated). */
typedef struct lt_record_limits {
    uint16_t own;  /* our record_size_limit as sent, 0 unless negotiated */
    uint16_t peer; /* the peer's record_size_limit, 0 unless negotiated */
    uint8_t mfl;   /* the agreed lt_max_fragment, 0 for none */
} lt_record_limits;

/* Client: record_size_limit and max_fragment_length into the ClientHello,
 * as the config asks. */
void lt_limits_offer(const latch_config *cfg, lt_extensions *ext);

/* Client: checks the ServerHello's answer against the offer and applies
 * max_fragment_length at once. illegal_parameter for both extensions
 * together (RFC 8449 5) or a max_fragment_length that is not the one
 * offered (RFC 6066 4). */
bool lt_limits_client_accept(latch_conn *c, const lt_extensions *sh) LT_MUST_CHECK;

/* Server: what to answer the ClientHello with (noted in c->neg.limits). */
void lt_limits_server_choose(latch_conn *c, const lt_extensions *ch);
/* Server: the answer into the ServerHello; max_fragment_length binds from
 * here on. */
void lt_limits_server_answer(latch_conn *c, lt_extensions *sh);

/* At a key change in one direction: record_size_limit starts to bind the
 * protected records of that direction. read: true for the read keys. */
void lt_limits_on_keys(latch_conn *c, bool read);

/* The plaintext limit a record_size_limit value means in TLS 1.2. */
size_t lt_limits_plaintext(uint16_t record_size_limit);

#endif
