/*
 * Session tickets (RFC 5077): the server's session state, sealed so that
 * only a holder of the ticket key can read or forge it, and handed to
 * the client to keep.
 *
 * A ticket is key_name (16) | nonce (12) | AES-256-GCM(state) | tag (16),
 * the layout RFC 5077 4 recommends with an AEAD in place of CBC+HMAC; the
 * key name is the additional data. Nonces are random: one key seals
 * safely up to 2^32 tickets, far more than a key lives for.
 */
#ifndef LT_TLS_TICKET_H
#define LT_TLS_TICKET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "base/writer.h"
#include "tls/session.h"

#define LT_TICKET_KEY_NAME_LEN 16
#define LT_TICKET_SECRET_LEN 32
#define LT_TICKET_KEY_LEN (LT_TICKET_KEY_NAME_LEN + LT_TICKET_SECRET_LEN)
#define LT_TICKET_NONCE_LEN 12
#define LT_TICKET_OVERHEAD (LT_TICKET_KEY_NAME_LEN + LT_TICKET_NONCE_LEN + 16)
#define LT_TICKET_MAX (LT_TICKET_OVERHEAD + LT_SESSION_STATE_MAX)

typedef struct lt_ticket_key {
    uint8_t name[LT_TICKET_KEY_NAME_LEN];
    uint8_t secret[LT_TICKET_SECRET_LEN];
} lt_ticket_key;

/* Seals the state under key and appends the ticket to out. */
bool lt_ticket_seal(const lt_ticket_key *key, const lt_session_state *st, lt_writer *out,
                    lt_error *err) LT_MUST_CHECK;

typedef enum lt_ticket_status {
    LT_TICKET_OK,
    LT_TICKET_UNKNOWN_KEY, /* no key of ours has its name */
    LT_TICKET_INVALID,     /* too short, failed authentication, or a bad state */
} lt_ticket_status;

/* Opens a ticket with whichever of keys[0..n) names it; *which gets that
 * key's index. The reason a ticket is refused goes to err. */
lt_ticket_status lt_ticket_open(const lt_ticket_key *keys, size_t n, const uint8_t *ticket,
                                size_t len, lt_session_state *out, size_t *which, lt_error *err);

#endif
