/*
 * The server's side of resumption: taking a ticket (RFC 5077) or a
 * cached session ID (RFC 5246 7.4.1.2) from a ClientHello, deciding
 * whether the session may be resumed, and issuing tickets. A session
 * that may not be resumed means a full handshake, never a failure, except
 * for RFC 7627 5.3's abort and a hello without the session's suite.
 */
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "tls/msg.h"
#include "tls/record.h"
#include "tls/resume.h"
#include "tls/trace.h"

static const char from_store[] = "session ID, from the external cache";

/* The session under the client's session ID in the external cache. */
static bool find_stored(latch_conn *c, const lt_client_hello *ch, lt_session_state *st,
                        const char **how)
{
    /* Only IDs of the length a latch server gives are looked up. */
    if (!lt_session_store_on(c->cfg) || ch->session_id_len != LT_SESSION_CACHE_ID_LEN)
        return false;
    lt_error why;
    lt_error_clear(&why);
    switch (lt_session_store_get(c->cfg, ch->session_id, ch->session_id_len, st, &why)) {
    case LT_STORE_FOUND:
        *how = from_store;
        return true;
    case LT_STORE_MISS:
        if (lt_error_is_set(&why))
            lt_trace_session(&c->trace, "external session cache: %s; a full handshake follows",
                             why.message);
        return false;
    case LT_STORE_UNKNOWN:
        lt_trace_session(&c->trace, "external session cache: %s; a full handshake follows",
                         why.message);
        return false;
    case LT_STORE_UNUSABLE:
        break;
    }
    lt_trace_session(&c->trace, "external session cache: %s; removing it, a full handshake follows",
                     why.message);
    lt_session_store_remove(c->cfg, ch->session_id, ch->session_id_len);
    return false;
}

/* The session the client offers, opened; *how names where it came from,
 * *renew says whether to replace its ticket. */
static bool find_session(latch_conn *c, const lt_client_hello *ch, lt_session_state *st,
                         const char **how, bool *renew)
{
    const latch_config *cfg = c->cfg;
    lt_span ticket = ch->ext.session_ticket.ticket;
    if (cfg->tickets && ticket.len > 0) {
        *how = "ticket";
        size_t which = 0;
        lt_error why;
        lt_error_clear(&why);
        lt_ticket_status status =
            lt_config_open_ticket(c->cfg, ticket.data, ticket.len, st, &which, &why);
        if (status != LT_TICKET_OK) {
            lt_trace_session(&c->trace, "ticket refused (%s): a full handshake follows",
                             why.message);
            return false;
        }
        /* Sealed under an old key: give the client one under the current. */
        *renew = which != 0;
        return true;
    }
    *how = "session ID";
    if (cfg->session_cache_size > 0 &&
        lt_session_cache_get(&c->cfg->cache, ch->session_id, ch->session_id_len, lt_config_now(cfg),
                             cfg->session_lifetime, st))
        return true;
    return find_stored(c, ch, st, how);
}

static bool expired(const latch_conn *c, const lt_session_state *st)
{
    int64_t age = lt_config_now(c->cfg) - st->created;
    return age < 0 || age >= (int64_t)c->cfg->session_lifetime;
}

/* Why the session may not be resumed here and now, or NULL. */
static const char *unresumable(const latch_conn *c, const lt_session_state *st)
{
    if (expired(c, st))
        return "the session has expired";
    if (st->version != c->neg.version)
        return "the session is of another protocol version";
    if (!lt_suite_list_has(&c->cfg->suites, st->suite))
        return "the session's cipher suite is not enabled here now";
    /* RFC 6066 3: only for the name the session was made with. */
    if (!lt_session_for_name(st, c->neg.server_name))
        return "the session was made for another server name";
    /* RFC 7627 5.3: a session without it is not resumed. */
    if (!st->ems)
        return "the session was made without extended master secret";
    if (c->cfg->client_cert == LATCH_CLIENT_CERT_REQUIRED && !lt_session_client_authenticated(st))
        return "the session was made without a client certificate, and this server requires one";
    return NULL;
}

static void drop_offered(lt_handshake *hs)
{
    lt_free_secret(hs->srv.resume_state, sizeof(*hs->srv.resume_state));
    hs->srv.resume_state = NULL;
}

bool lt_server_resume_peer(latch_conn *c, const lt_session_state *st)
{
    c->neg.resumed = true;
    c->neg.client_auth = lt_session_client_authenticated(st);
    if (!c->neg.client_auth)
        return true;
    /* The client's leaf, as the full handshake reported it. */
    lt_certificate leaf = {.count = 1};
    leaf.certs[0] = lt_span_make(st->client_cert, st->client_cert_len);
    return lt_hs_keep_peer_chain(c, &leaf);
}

bool lt_server_try_resume(latch_conn *c, const lt_client_hello *ch)
{
    lt_handshake *hs = c->hs;
    if (ch->ext.session_ticket.ticket.len == 0 && ch->session_id_len == 0)
        return true;
    /* Only while a session is offered: the state holds a certificate. */
    hs->srv.resume_state = malloc(sizeof(*hs->srv.resume_state));
    LT_ENSURE(hs->srv.resume_state != NULL, &c->err, LATCH_ERR_MEMORY,
              "out of memory for the session the client offers");
    lt_session_state *st = hs->srv.resume_state;
    const char *how = NULL;
    bool renew = false;
    if (!find_session(c, ch, st, &how, &renew)) {
        drop_offered(hs);
        return true;
    }
    /* RFC 7627 5.3: the session used it, this hello does not: abort. */
    LT_ENSURE(!st->ems || c->neg.ems, &c->err, LATCH_ERR_HANDSHAKE_FAILURE,
              "the client offers to resume a session made with extended master secret without "
              "the extension (RFC 7627 5.3)");
    const char *why = unresumable(c, st);
    if (why != NULL) {
        lt_trace_session(&c->trace,
                         "not resuming the session of the client's %s: %s; a full handshake "
                         "follows",
                         how, why);
        /* Expired for every server: the external cache may forget it. */
        if (how == from_store && expired(c, st))
            lt_session_store_remove(c->cfg, ch->session_id, ch->session_id_len);
        drop_offered(hs);
        return true;
    }
    /* RFC 5246 7.4.1.2: a client resuming "MUST include at least the
     * cipher_suite from that session"; OpenSSL answers illegal_parameter. */
    uint16_t suite = st->suite;
    if (!lt_client_hello_offers(ch, suite)) {
        lt_wipe(st, sizeof(*st));
        return LT_FAIL(&c->err, LATCH_ERR_ILLEGAL_PARAMETER,
                       "the client offers to resume a session (by %s) made with cipher suite "
                       "0x%04x but does not offer that suite (RFC 5246 7.4.1.2)",
                       how, suite);
    }
    LT_GUARD(lt_server_resume_peer(c, st));
    c->neg.suite = lt_suite_by_code(st->suite);
    memcpy(c->hs->master_secret, st->master_secret, LT_MASTER_SECRET_LEN);
    /* RFC 5077 3.4: echo the client's session ID. */
    memcpy(hs->session_id, ch->session_id, ch->session_id_len);
    hs->session_id_len = ch->session_id_len;
    hs->srv.issue_ticket = renew;
    lt_trace_session(&c->trace,
                     "resuming the session of the client's %s: an abbreviated handshake, with no "
                     "Certificate and no key exchange%s",
                     how,
                     renew ? "; its ticket was sealed under an old key, so a new one is sent" : "");
    return true;
}

void lt_server_plan_session(latch_conn *c, const lt_client_hello *ch)
{
    lt_handshake *hs = c->hs;
    hs->srv.issue_ticket = c->cfg->tickets && ch->ext.session_ticket.present;
    if (!hs->srv.issue_ticket && (c->cfg->session_cache_size != 0 || lt_session_store_on(c->cfg)))
        hs->session_id_len = LT_SESSION_CACHE_ID_LEN;
}

void lt_server_session_base(const latch_conn *c, lt_session_state *st)
{
    memset(st, 0, sizeof(*st));
    st->version = c->neg.version;
    st->suite = c->neg.suite->code;
    st->ems = c->neg.ems;
    st->created = lt_config_now(c->cfg);
    strcpy(st->server_name, c->neg.server_name);
    /* Authenticated only with the leaf kept: a resumption then reports
     * the same peer, or (leaf too long) none and no authentication. */
    if (c->neg.client_auth && c->peer_cert_count > 0 &&
        c->peer_cert_len[0] <= LT_SESSION_CERT_MAX) {
        st->client_auth = true;
        st->client_cert_len = c->peer_cert_len[0];
        memcpy(st->client_cert, c->peer_certs[0], st->client_cert_len);
    }
}

/* The session this connection runs: the resumed one, or a new one. */
static void current_state(const latch_conn *c, lt_session_state *st)
{
    if (c->neg.resumed) {
        *st = *c->hs->srv.resume_state;
        return;
    }
    lt_server_session_base(c, st);
    memcpy(st->master_secret, c->hs->master_secret, LT_MASTER_SECRET_LEN);
}

bool lt_server_send_ticket(latch_conn *c)
{
    lt_session_state st;
    current_state(c, &st);
    uint8_t ticket[LT_TICKET_MAX];
    lt_writer t;
    lt_writer_init_fixed(&t, ticket, sizeof(ticket));
    lt_ticket_key key;
    bool ok = lt_config_ticket_key(c->cfg, &key, &c->err) && lt_ticket_seal(&key, &st, &t, &c->err);
    lt_wipe(&key, sizeof(key));
    lt_wipe(&st, sizeof(st));
    LT_GUARD(ok);
    lt_new_session_ticket nst = {c->cfg->session_lifetime, lt_span_make(ticket, t.len)};
    size_t start = lt_hs_message_start(c);
    lt_new_session_ticket_write(&nst, &c->hs->flight);
    return lt_hs_queued(c, start);
}

void lt_server_cache_session(latch_conn *c)
{
    const lt_handshake *hs = c->hs;
    if (c->neg.resumed || hs->session_id_len == 0)
        return;
    lt_session_state st;
    current_state(c, &st);
    /* Out of memory for the table: the session is simply not resumable. */
    if (c->cfg->session_cache_size != 0)
        (void)lt_session_cache_put(&c->cfg->cache, c->cfg->session_cache_size, hs->session_id, &st);
    lt_error why;
    lt_error_clear(&why);
    if (lt_session_store_on(c->cfg) &&
        !lt_session_store_put(c->cfg, hs->session_id, hs->session_id_len, &st,
                              c->cfg->session_lifetime, &why))
        lt_trace_session(&c->trace, "%s: the session resumes only on this server", why.message);
    lt_wipe(&st, sizeof(st));
}
