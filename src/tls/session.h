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
 *
 * A server's session made with client authentication keeps the client's
 * certificate (its leaf, DER), so a resumed connection reports the same
 * peer as the full handshake did. State format 2 added it; a format 1
 * ticket or cached session is refused, and a full handshake follows.
 *
 * A TLS 1.3 session (RFC 8446 4.6.1) is state format 3: the same fields,
 * master_secret holding the ticket's PSK (the suite hash's length, zeros
 * after it), then ticket_age_add and the ALPN protocol. `created` is
 * when the ticket was issued (server) or received (client): the ticket's
 * age counts from it. ems is unused in TLS 1.3 and always 0.
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

#define LT_SESSION_STATE_FORMAT 2
#define LT_SESSION_STATE_FORMAT13 3
#define LT_SESSION_CLIENT_FORMAT 2
/* A client keeps tickets up to this size; a longer one is not kept. */
#define LT_SESSION_TICKET_MAX 4096
#define LT_SESSION_NAME_MAX 255
/* The longest client leaf a session keeps: a session whose client sent a
 * longer one is kept as not client-authenticated. Sized so the longest
 * state, sealed in a ticket, stays under LT_SESSION_TICKET_MAX. */
#define LT_SESSION_CERT_MAX 3072
/* The longest state encoding: format, version, suite, two flags, time,
 * server_name<0..255>, client_cert<0..2^16-1>, master_secret, and for
 * TLS 1.3 ticket_age_add and alpn<0..255>. */
#define LT_SESSION_STATE_MAX                                                                       \
    (1 + 2 + 2 + 1 + 1 + 8 + 1 + LT_SESSION_NAME_MAX + 2 + LT_SESSION_CERT_MAX +                   \
     LT_MASTER_SECRET_LEN + 4 + 1 + LT_SESSION_NAME_MAX)

typedef struct lt_session_state {
    uint16_t version;
    uint16_t suite;
    bool ems;
    bool client_auth; /* the client authenticated with a certificate */
    int64_t created;  /* Unix seconds, when the full handshake made it */
    char server_name[LT_SESSION_NAME_MAX + 1];
    /* Server: the client's leaf certificate (DER), kept when client_auth
     * (a server counts a session authenticated only with it); never in a
     * client's session, where client_auth alone says the client sent one. */
    uint8_t client_cert[LT_SESSION_CERT_MAX];
    size_t client_cert_len;
    /* TLS 1.2: the master secret. TLS 1.3: the ticket's PSK. */
    uint8_t master_secret[LT_MASTER_SECRET_LEN];
    /* TLS 1.3 only (RFC 8446 4.6.1): what obfuscates the ticket's age,
     * and the protocol ALPN chose. */
    uint32_t age_add;
    char alpn[LT_SESSION_NAME_MAX + 1];
} lt_session_state;

typedef struct lt_session {
    lt_session_state state;
    uint8_t session_id[LT_SESSION_ID_MAX];
    size_t session_id_len;
    uint32_t lifetime_hint; /* seconds, from NewSessionTicket; 0: unspecified (TLS 1.2) */
    uint8_t ticket[LT_SESSION_TICKET_MAX];
    size_t ticket_len;
} lt_session;

void lt_session_state_write(const lt_session_state *st, lt_writer *w);
bool lt_session_state_parse(const uint8_t *data, size_t len, lt_session_state *out,
                            lt_error *err) LT_MUST_CHECK;

void lt_session_write(const lt_session *s, lt_writer *w);
bool lt_session_parse(const uint8_t *data, size_t len, lt_session *out,
                      lt_error *err) LT_MUST_CHECK;

/* Server: true when the session's client authenticated, its leaf kept. */
bool lt_session_client_authenticated(const lt_session_state *st);

/* True when the session names this server (ASCII case-insensitive). */
bool lt_session_for_name(const lt_session_state *st, const char *name);

#endif
