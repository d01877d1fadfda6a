/*
 * A TLS 1.2 session: what an abbreviated handshake needs to resume it
 * (RFC 5246 7.3, F.1.4), and its two encodings.
 *
 * The state encoding is what a server keeps: it is the plaintext inside a
 * ticket (RFC 5077 4) and the value of a session-cache entry. The client
 * encoding wraps the state with what a client needs to offer it again
 * (the session ID, the ticket and its lifetime hint); it is what
 * latch_conn_get_session() hands out. Both hold the master secret.
 *
 * Both parsers are strict: a format byte, every length checked, every
 * flag 0 or 1, a known suite, TLS 1.2, no trailing bytes.
 */
#ifndef LT_TLS_SESSION_H
#define LT_TLS_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "base/writer.h"
#include "tls/keysched.h"
#include "tls/msg_common.h"

#define LT_SESSION_STATE_FORMAT 1
#define LT_SESSION_CLIENT_FORMAT 1
/* A client keeps tickets up to this size; a longer one is not kept. */
#define LT_SESSION_TICKET_MAX 4096
#define LT_SESSION_NAME_MAX 255

typedef struct lt_session_state {
    uint16_t version;
    uint16_t suite;
    bool ems;
    bool client_auth; /* the client authenticated with a certificate */
    int64_t created;  /* Unix seconds, when the full handshake made it */
    char server_name[LT_SESSION_NAME_MAX + 1];
    uint8_t master_secret[LT_MASTER_SECRET_LEN];
} lt_session_state;

typedef struct lt_session {
    lt_session_state state;
    uint8_t session_id[LT_SESSION_ID_MAX];
    size_t session_id_len;
    uint32_t lifetime_hint; /* seconds, from NewSessionTicket; 0: unspecified */
    uint8_t ticket[LT_SESSION_TICKET_MAX];
    size_t ticket_len;
} lt_session;

void lt_session_state_write(const lt_session_state *st, lt_writer *w);
bool lt_session_state_parse(const uint8_t *data, size_t len, lt_session_state *out,
                            lt_error *err) LT_MUST_CHECK;

void lt_session_write(const lt_session *s, lt_writer *w);
bool lt_session_parse(const uint8_t *data, size_t len, lt_session *out,
                      lt_error *err) LT_MUST_CHECK;

/* True when the session names this server (ASCII case-insensitive). */
bool lt_session_for_name(const lt_session_state *st, const char *name);

#endif
