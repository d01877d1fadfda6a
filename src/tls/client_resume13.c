/*
 * The client's side of TLS 1.3 resumption (resume13.h): offering the
 * stored session's ticket with a binder, seeing the server take it, and
 * keeping the tickets that come after the handshake.
 */
#include <string.h>

#include "base/mem.h"
#include "tls/ext13.h"
#include "tls/resume.h"
#include "tls/resume13.h"
#include "tls/suites13.h"
#include "tls/trace.h"
#include "tls/version.h"

static const uint8_t psk_dhe_ke[1] = {LT_PSK_DHE_KE};

static lt_hash_alg session_hash(const lt_session *s)
{
    return lt_suite13_by_code(s->state.suite)->prf_hash;
}

static void drop_session(latch_conn *c)
{
    lt_free_secret(c->session, sizeof(*c->session));
    c->session = NULL;
}

/* Why the stored TLS 1.3 session cannot be offered, or NULL. */
static const char *unofferable(const latch_conn *c)
{
    const lt_session *s = c->session;
    if (!c->cfg->tickets)
        return "tickets are turned off";
    int64_t age = lt_config_now(c->cfg) - s->state.created;
    if (age < 0 || age >= (int64_t)s->lifetime_hint)
        return "its ticket has outlived its lifetime";
    /* RFC 8446 4.1.4: after a HelloRetryRequest, only a PSK of the hash
     * of the suite it chose. */
    if (c->neg.suite != NULL && c->neg.suite->prf_hash != session_hash(s))
        return "the server's HelloRetryRequest chose a suite of another hash";
    /* RFC 8446 4.2.11: the PSK's hash must be that of a suite offered. */
    for (size_t i = 0; i < c->cfg->suites13.len; i++)
        if (c->cfg->suites13.suites[i]->prf_hash == session_hash(s))
            return NULL;
    return "none of the TLS 1.3 suites offered has its session's hash";
}

void lt_client13_offer_psk(latch_conn *c, lt_client_hello *ch, uint8_t *buf)
{
    lt_handshake *hs = c->hs;
    hs->t13.psk_offered = false;
    /* RFC 8446 4.2.9: a server may send tickets only to a client that
     * lists the modes it would use them with, so the modes go out
     * whenever tickets are on, a ticket offered or not: psk_dhe_ke only,
     * so a resumption keeps forward secrecy. */
    lt_ext13 *e = &ch->ext.tls13;
    if (c->cfg->tickets) {
        e->psk_key_exchange_modes.present = true;
        e->psk_key_exchange_modes.modes = lt_span_make(psk_dhe_ke, sizeof(psk_dhe_ke));
    }
    if (c->session == NULL || c->session->state.version != LT_VERSION_TLS13)
        return;
    if (!lt_client_keep_offerable(c, unofferable(c)))
        return;
    const lt_session *s = c->session;
    size_t hlen = lt_hash_len(session_hash(s));
    int64_t age = lt_config_now(c->cfg) - s->state.created;
    lt_writer w;
    lt_writer_init_fixed(&w, buf, LT_PSK13_OFFER_MAX);
    lt_wblock ids = lt_write_open(&w, 2);
    lt_wblock id = lt_write_open(&w, 2);
    lt_write_bytes(&w, s->ticket, s->ticket_len);
    lt_write_close(&w, id);
    /* RFC 8446 4.2.11.1: the age in milliseconds plus ticket_age_add. */
    lt_write_u32(&w, (uint32_t)(age * 1000) + s->state.age_add);
    lt_write_close(&w, ids);
    lt_wblock binders = lt_write_open(&w, 2);
    lt_wblock binder = lt_write_open(&w, 1);
    static const uint8_t zeros[LT_TLS13_SECRET_MAX];
    lt_write_bytes(&w, zeros, hlen);
    lt_write_close(&w, binder);
    lt_write_close(&w, binders);
    e->pre_shared_key.present = true;
    e->pre_shared_key.offer = lt_span_make(buf, w.len);
    hs->t13.psk_offered = true;
    lt_trace_session(&c->trace,
                     "offering to resume a TLS 1.3 session with %s by its ticket (a PSK, with a "
                     "binder over this ClientHello): if the server takes it, no certificate "
                     "follows",
                     s->state.server_name[0] ? s->state.server_name : "this server");
}

bool lt_client13_bind_psk(latch_conn *c, size_t start)
{
    lt_handshake *hs = c->hs;
    if (!hs->t13.psk_offered)
        return true;
    lt_hash_alg hash = session_hash(c->session);
    size_t hlen = lt_hash_len(hash);
    uint8_t *msg = hs->flight.data + start;
    size_t len = hs->flight.len - start;
    /* RFC 8446 4.2.11.2: over the hello up to the binders list (its
     * length and one binder of hlen bytes, the last bytes). */
    return lt_psk13_binder(c, hash, c->session->state.master_secret, msg, len - (3 + hlen),
                           msg + len - hlen);
}

bool lt_client13_take_psk(latch_conn *c, const lt_server_hello *sh)
{
    lt_handshake *hs = c->hs;
    const lt_ext13 *e = &sh->ext.tls13;
    if (!e->pre_shared_key.present) {
        if (hs->t13.psk_offered) {
            lt_trace_session(&c->trace, "the server did not take the offered TLS 1.3 ticket: a "
                                        "full handshake");
            drop_session(c);
        }
        return true;
    }
    LT_ENSURE(hs->t13.psk_offered, &c->err, LATCH_ERR_UNSUPPORTED_EXTENSION,
              "the server's ServerHello carries pre_shared_key, but the client offered no PSK");
    LT_ENSURE(e->pre_shared_key.selected_identity == 0, &c->err, LATCH_ERR_ILLEGAL_PARAMETER,
              "the server selected PSK identity %u; the client offered one, identity 0 "
              "(RFC 8446 4.2.11)",
              e->pre_shared_key.selected_identity);
    const lt_session *s = c->session;
    LT_ENSURE(c->neg.suite->prf_hash == session_hash(s), &c->err, LATCH_ERR_ILLEGAL_PARAMETER,
              "the server resumed the session with %s, whose hash is not the session's (RFC 8446 "
              "4.2.11)",
              c->neg.suite->iana_name);
    size_t hlen = lt_hash_len(session_hash(s));
    memcpy(hs->t13.psk, s->state.master_secret, hlen);
    hs->t13.psk_len = hlen;
    hs->type |= LT_HT_RESUMED;
    c->neg.resumed = true;
    c->neg.client_auth = s->state.client_auth;
    lt_trace_session(&c->trace, "the server resumed the TLS 1.3 session: the ticket's PSK makes "
                                "the early secret, and no certificate follows (RFC 8446 2.2)");
    return true;
}

bool lt_client13_keep_ticket(latch_conn *c, const lt_new_session_ticket13 *t)
{
    /* RFC 8446 4.6.1: a lifetime of 0 says not to keep it. */
    if (!c->cfg->tickets || t->lifetime == 0 || t->ticket.len > LT_SESSION_TICKET_MAX) {
        lt_trace_session(&c->trace, "the TLS 1.3 ticket (%zu bytes, lifetime %u s) is not kept",
                         t->ticket.len, t->lifetime);
        return true;
    }
    lt_session *s = lt_client_blank_session(c);
    if (s == NULL)
        return false;
    s->state.version = LT_VERSION_TLS13;
    s->state.suite = c->neg.suite->code;
    s->state.client_auth = c->neg.client_auth;
    s->state.created = lt_config_now(c->cfg);
    s->state.age_add = t->age_add;
    strcpy(s->state.server_name, c->sni_or_host);
    strcpy(s->state.alpn, c->neg.alpn);
    LT_GUARD(lt_tls13_ticket_psk(c->neg.suite->prf_hash, c->res_master13, t->nonce.data,
                                 t->nonce.len, s->state.master_secret, &c->err));
    memcpy(s->ticket, t->ticket.data, t->ticket.len);
    s->ticket_len = t->ticket.len;
    s->lifetime_hint = t->lifetime;
    lt_trace_session(&c->trace,
                     "kept the server's TLS 1.3 NewSessionTicket (%zu bytes, lifetime %u s) as the "
                     "session to resume",
                     t->ticket.len, t->lifetime);
    return true;
}
