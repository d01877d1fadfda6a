/*
 * TLS 1.3 resumption (RFC 8446 2.2, 4.2.11, 4.6.1): the server issues
 * NewSessionTickets after the handshake, each sealing the session and a
 * PSK under the ticket keys TLS 1.2 tickets use (ticket.h); the client
 * keeps the last one as its session and offers it with a binder; the
 * server that opens it resumes with the PSK and a fresh (EC)DHE
 * (psk_dhe_ke only: psk_ke gives no forward secrecy). 0-RTT is not
 * offered and not accepted.
 */
#ifndef LT_TLS_RESUME13_H
#define LT_TLS_RESUME13_H

#include <stdbool.h>
#include <stddef.h>

#include "tls/conn.h"
#include "tls/msg13.h"
#include "tls/msg_hello.h"

/* A ticket's age may differ from the server's own count by this much
 * (RFC 8446 8.3: clocks and a round trip), plus the server clock's
 * second. */
#define LT_PSK13_AGE_WINDOW_MS 10000

/* Both: resumption_master_secret into c->res_master13, with the
 * transcript through the client's Finished. */
bool lt_resume13_master(latch_conn *c) LT_MUST_CHECK;

/* RFC 8446 4.2.11.2: the binder of a PSK over the transcript so far and
 * the truncated ClientHello (the running hash when there is one, after
 * a HelloRetryRequest; else the raw bytes kept). Writes the hash's
 * length. */
bool lt_psk13_binder(latch_conn *c, lt_hash_alg hash, const uint8_t *psk, const uint8_t *trunc,
                     size_t trunc_len, uint8_t *out) LT_MUST_CHECK;

/* Server row: the configured number of NewSessionTickets. */
bool lt_server13_send_tickets(latch_conn *c) LT_MUST_CHECK;
/* Server, a ClientHello (msg its raw bytes) answered with a ServerHello:
 * resumes the session of the client's first ticket it can open when
 * every check passes (the suite may change to one of the session's
 * hash when may_switch), setting hs->t13.psk and LT_HT_RESUMED. A ticket
 * that cannot be used means a full handshake; only a wrong binder
 * (decrypt_error) or a malformed offer fails. Call before the hello goes
 * into the transcript. */
bool lt_server13_try_psk(latch_conn *c, const lt_client_hello *ch, const uint8_t *msg,
                         size_t msg_len, bool may_switch) LT_MUST_CHECK;

/* Client, ClientHello: psk_key_exchange_modes and pre_shared_key for the
 * stored TLS 1.3 session when it can be offered, its OfferedPsks built in
 * buf (LT_PSK13_OFFER_MAX) with a zero binder; sets hs->t13.psk_offered. */
#define LT_PSK13_OFFER_MAX (LT_SESSION_TICKET_MAX + 16 + LT_TLS13_SECRET_MAX)
void lt_client13_offer_psk(latch_conn *c, lt_client_hello *ch, uint8_t *buf);
/* Client: the ClientHello written at flight[start..): fills in the binder. */
bool lt_client13_bind_psk(latch_conn *c, size_t start) LT_MUST_CHECK;
/* Client, ServerHello: takes the server's pre_shared_key, or drops the
 * session the server did not take. */
bool lt_client13_take_psk(latch_conn *c, const lt_server_hello *sh) LT_MUST_CHECK;
/* Client, after the handshake: keeps a NewSessionTicket as the session. */
bool lt_client13_keep_ticket(latch_conn *c, const lt_new_session_ticket13 *t) LT_MUST_CHECK;

#endif
