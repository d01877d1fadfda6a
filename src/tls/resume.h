/*
 * Session resumption inside the handshake: what the client offers and
 * keeps (client_resume.c), and how the server decides to resume and
 * issues tickets (server_resume.c). The states that send and receive the
 * messages stay in client.c and server.c.
 */
#ifndef LT_TLS_RESUME_H
#define LT_TLS_RESUME_H

#include <stdbool.h>
#include <string.h>

#include "tls/conn.h"
#include "tls/msg_finished.h"
#include "tls/msg_hello.h"

/* Client, ClientHello: the session ID and session_ticket extension, from
 * the stored session when it can still be offered (else it is dropped).
 * random_id is LT_SESSION_ID_MAX fresh random bytes, the session ID sent
 * beside a ticket. */
void lt_client_offer_session(latch_conn *c, lt_client_hello *ch, const uint8_t *random_id);
/* Client: when why is not NULL, traces it and drops the stored
 * session (it cannot be offered); true when the session stays. */
bool lt_client_keep_offerable(latch_conn *c, const char *why);
/* Client, ServerHello: true when it echoes the session ID we sent. Inline,
 * so that the trace's side (hs_trace.c) can ask without a call back into
 * the handshake's files. */
static inline bool lt_client_server_resumes(const latch_conn *c, const lt_server_hello *sh)
{
    const lt_handshake *hs = c->hs;
    return c->session != NULL && hs->session_id_len > 0 &&
           sh->session_id_len == hs->session_id_len &&
           memcmp(sh->session_id, hs->session_id, hs->session_id_len) == 0;
}
/* Client: checks the server's resumption against the stored session
 * (suite, RFC 7627 5.3) and derives the keys from its master secret. */
bool lt_client_resume(latch_conn *c) LT_MUST_CHECK;
/* Client, full handshake: starts the session this connection makes, if
 * the server gave a session ID or will send a ticket. */
/* Client: the stored session, allocated if there is none and wiped,
 * ready to be filled from this handshake; NULL (c->err set) without
 * memory. For both versions. */
lt_session *lt_client_blank_session(latch_conn *c);
bool lt_client_new_session(latch_conn *c, const lt_server_hello *sh) LT_MUST_CHECK;
/* Client: keeps a NewSessionTicket's ticket in the session. */
void lt_client_keep_ticket(latch_conn *c, const lt_new_session_ticket *nst);
/* Client, full handshake done: the session gets its master secret, or
 * is dropped when there is nothing to resume it with. */
void lt_client_finish_session(latch_conn *c);

/* Server, ClientHello: resumes the session the client offers (a ticket,
 * or a cached session ID) when every check passes, setting
 * c->neg.resumed; falls back to a full handshake otherwise. Fails only
 * on RFC 7627 5.3's abort. */
bool lt_server_try_resume(latch_conn *c, const lt_client_hello *ch) LT_MUST_CHECK;
/* Server, full handshake: whether to issue a ticket, or a session ID for
 * the cache (never both: a ticket-taking client's session is not cached).
 * The ID's length only: its bytes are drawn with the server random. */
void lt_server_plan_session(latch_conn *c, const lt_client_hello *ch);
/* Server: marks the connection resumed, with the session's client
 * authentication and leaf. */
bool lt_server_resume_peer(latch_conn *c, const lt_session_state *st) LT_MUST_CHECK;
/* Server: a new session's state from what this connection negotiated
 * (version, suite, time, name, the client's leaf), without its secret. */
void lt_server_session_base(const latch_conn *c, lt_session_state *st);
/* Server: queues a NewSessionTicket for this connection's session. */
bool lt_server_send_ticket(latch_conn *c) LT_MUST_CHECK;
/* Server, full handshake done: stores the session in the cache when it
 * was given a session ID. */
void lt_server_cache_session(latch_conn *c);

#endif
