/*
 * The client's side of resumption (RFC 5246 7.3, RFC 5077 3.4, RFC 7627
 * 5.3): offering a stored session, recognising that the server resumed
 * it, and keeping the session a handshake makes.
 */
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "tls/record.h"
#include "tls/resume.h"
#include "tls/trace.h"
#include "tls/version.h"

static void drop_session(latch_conn *c)
{
    lt_free_secret(c->session, sizeof(*c->session));
    c->session = NULL;
}

/* Why the stored session cannot be offered, or NULL if it can. */
static const char *unofferable(const latch_conn *c)
{
    const lt_session *s = c->session;
    if (s->state.version == LT_VERSION_TLS13)
        return "it is a TLS 1.3 session, and TLS 1.3 is off";
    if (!lt_suite_list_has(&c->cfg->suites, s->state.suite))
        return "its cipher suite is no longer enabled";
    /* RFC 7627 5.3: a session without it is not worth resuming. */
    if (!s->state.ems)
        return "it was made without extended master secret";
    if (s->session_id_len == 0 && (s->ticket_len == 0 || !c->cfg->tickets))
        return "it has a ticket, and tickets are turned off";
    int64_t age = lt_config_now(c->cfg) - s->state.created;
    if (s->lifetime_hint != 0 && (age < 0 || age >= (int64_t)s->lifetime_hint))
        return "its ticket has outlived the server's lifetime hint";
    return NULL;
}

bool lt_client_keep_offerable(latch_conn *c, const char *why)
{
    if (why == NULL)
        return true;
    lt_trace_session(&c->trace, "not offering the stored session: %s", why);
    drop_session(c);
    return false;
}

void lt_client_offer_session(latch_conn *c, lt_client_hello *ch, const uint8_t *random_id)
{
    lt_handshake *hs = c->hs;
    ch->ext.session_ticket.present = c->cfg->tickets;
    if (c->session == NULL)
        return;
    /* A TLS 1.3 session goes in pre_shared_key (client_resume13.c). */
    if (c->session->state.version == LT_VERSION_TLS13 && c->cfg->max_version >= LT_VERSION_TLS13)
        return;
    if (!lt_client_keep_offerable(c, unofferable(c)))
        return;
    const lt_session *s = c->session;
    bool by_ticket = s->ticket_len > 0 && c->cfg->tickets;
    if (by_ticket) {
        /* RFC 5077 3.4: a fresh random session ID beside the ticket; the
         * server echoes it when it accepts the ticket. */
        hs->session_id_len = LT_SESSION_ID_MAX;
        memcpy(hs->session_id, random_id, LT_SESSION_ID_MAX);
        ch->ext.session_ticket.ticket = lt_span_make(s->ticket, s->ticket_len);
    } else {
        hs->session_id_len = s->session_id_len;
        memcpy(hs->session_id, s->session_id, s->session_id_len);
    }
    memcpy(ch->session_id, hs->session_id, hs->session_id_len);
    ch->session_id_len = hs->session_id_len;
    lt_trace_session(&c->trace,
                     "offering to resume a session with %s (%s), by %s: if the server agrees, "
                     "the handshake is abbreviated",
                     s->state.server_name[0] ? s->state.server_name : "this server",
                     lt_suite_by_code(s->state.suite)->iana_name,
                     by_ticket ? "its ticket" : "its session ID");
}

bool lt_client_resume(latch_conn *c)
{
    const lt_session_state *st = &c->session->state;
    /* RFC 5246 7.4.1.3: the session's own suite. */
    LT_ENSURE(c->neg.suite->code == st->suite, &c->err, LATCH_ERR_ILLEGAL_PARAMETER,
              "the server resumed the session with cipher suite 0x%04x, not the session's 0x%04x",
              c->neg.suite->code, st->suite);
    /* RFC 7627 5.3: either way round, a mismatch aborts. */
    LT_ENSURE(c->neg.ems == st->ems, &c->err, LATCH_ERR_HANDSHAKE_FAILURE,
              "the server resumed a session made %s extended master secret, but its ServerHello "
              "%s it (RFC 7627 5.3)",
              st->ems ? "with" : "without", c->neg.ems ? "has" : "lacks");
    c->neg.resumed = true;
    c->neg.client_auth = st->client_auth;
    memcpy(c->hs->master_secret, st->master_secret, LT_MASTER_SECRET_LEN);
    return lt_hs_resume_keys(c, "reused from the resumed session: the server echoed the session "
                                "ID, so no Certificate and no key exchange follow; new keys come "
                                "from this master secret and the two new randoms "
                                "(RFC 5246 7.3)");
}

lt_session *lt_client_blank_session(latch_conn *c)
{
    if (c->session == NULL)
        c->session = malloc(sizeof(*c->session));
    if (c->session == NULL) {
        LT_FAIL(&c->err, LATCH_ERR_MEMORY, "out of memory for the session");
        return NULL;
    }
    lt_wipe(c->session, sizeof(*c->session));
    return c->session;
}

bool lt_client_new_session(latch_conn *c, const lt_server_hello *sh)
{
    if (c->session != NULL)
        lt_trace_session(&c->trace,
                         "the server did not resume the offered session: a full handshake");
    /* Nothing will come to resume it with: keep nothing. */
    if (sh->session_id_len == 0 && !c->hs->cli.ticket_expected) {
        drop_session(c);
        return true;
    }
    lt_session *s = lt_client_blank_session(c);
    if (s == NULL)
        return false;
    s->state.version = c->neg.version;
    s->state.suite = c->neg.suite->code;
    s->state.ems = c->neg.ems;
    s->state.created = lt_config_now(c->cfg);
    strcpy(s->state.server_name, c->sni_or_host);
    memcpy(s->session_id, sh->session_id, sh->session_id_len);
    s->session_id_len = sh->session_id_len;
    return true;
}

void lt_client_keep_ticket(latch_conn *c, const lt_new_session_ticket *nst)
{
    lt_session *s = c->session;
    if (nst->ticket.len > LT_SESSION_TICKET_MAX) {
        lt_trace_session(&c->trace, "the ticket is %zu bytes, more than latch keeps (%d): not kept",
                         nst->ticket.len, LT_SESSION_TICKET_MAX);
        s->ticket_len = 0;
        return;
    }
    memcpy(s->ticket, nst->ticket.data, nst->ticket.len);
    s->ticket_len = nst->ticket.len;
    s->lifetime_hint = nst->lifetime_hint;
}

void lt_client_finish_session(latch_conn *c)
{
    lt_session *s = c->session;
    if (s == NULL)
        return;
    if (s->session_id_len == 0 && s->ticket_len == 0) {
        drop_session(c);
        return;
    }
    memcpy(s->state.master_secret, c->hs->master_secret, LT_MASTER_SECRET_LEN);
    s->state.client_auth = c->neg.client_auth;
}
