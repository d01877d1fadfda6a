/*
 * The server's side of TLS 1.3 resumption (resume13.h): issuing
 * NewSessionTickets, and taking the PSK a client offers.
 */
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "crypto/random.h"
#include "tls/ext13.h"
#include "tls/psk13_offer.h"
#include "tls/resume.h"
#include "tls/resume13.h"
#include "tls/suites13.h"
#include "tls/trace.h"
#include "tls/version.h"

/* One ticket: the session with the PSK of this nonce, sealed. */
static bool queue_ticket(latch_conn *c, uint8_t nonce)
{
    lt_hash_alg hash = c->neg.suite->prf_hash;
    lt_session_state st;
    lt_server_session_base(c, &st);
    strcpy(st.alpn, c->neg.alpn);
    uint8_t ticket[LT_TICKET_MAX];
    lt_writer t;
    lt_writer_init_fixed(&t, ticket, sizeof(ticket));
    lt_ticket_key key;
    bool ok = lt_random((uint8_t *)&st.age_add, sizeof(st.age_add), &c->err) &&
              lt_tls13_ticket_psk(hash, c->res_master13, &nonce, 1, st.master_secret, &c->err) &&
              lt_config_ticket_key(c->cfg, &key, &c->err) && lt_ticket_seal(&key, &st, &t, &c->err);
    lt_wipe(&key, sizeof(key));
    uint32_t age_add = st.age_add;
    lt_wipe(&st, sizeof(st));
    LT_GUARD(ok);
    uint32_t lifetime = c->cfg->session_lifetime;
    lt_new_session_ticket13 nst = {
        .lifetime = lifetime < LT_TICKET13_MAX_LIFETIME ? lifetime : LT_TICKET13_MAX_LIFETIME,
        .age_add = age_add,
        .nonce = lt_span_make(&nonce, 1),
        .ticket = lt_span_make(ticket, t.len),
    };
    size_t start = lt_hs_message_start(c);
    lt_new_session_ticket13_write(&nst, &c->hs->flight);
    return lt_hs_queued(c, start);
}

bool lt_server13_send_tickets(latch_conn *c)
{
    /* RFC 8446 4.6.1: the nonce is unique among this connection's
     * tickets; a counter is. */
    for (unsigned i = 0; i < c->cfg->tickets13; i++)
        LT_GUARD(queue_ticket(c, (uint8_t)i));
    lt_trace_session(&c->trace,
                     "sent %u TLS 1.3 NewSessionTicket%s: each resumes this session once, with "
                     "a PSK from the resumption master secret and the ticket's nonce "
                     "(RFC 8446 4.6.1)",
                     c->cfg->tickets13, c->cfg->tickets13 == 1 ? "" : "s");
    return true;
}

/* ---- taking a PSK ---- */

static bool offers_mode(const lt_client_hello *ch, uint8_t mode)
{
    lt_span m = ch->ext.tls13.psk_key_exchange_modes.modes;
    return ch->ext.tls13.psk_key_exchange_modes.present && memchr(m.data, mode, m.len) != NULL;
}

/* A suite of the session's hash the client offers, ours first: the
 * negotiated one if it has that hash. */
static const lt_suite *suite_for(const latch_conn *c, const lt_client_hello *ch,
                                 const lt_session_state *st, bool may_switch)
{
    lt_hash_alg hash = lt_suite13_by_code(st->suite)->prf_hash;
    if (c->neg.suite->prf_hash == hash)
        return c->neg.suite;
    const lt_suite_list *ours = &c->cfg->suites13;
    for (size_t i = 0; may_switch && i < ours->len; i++)
        if (ours->suites[i]->prf_hash == hash && lt_client_hello_offers(ch, ours->suites[i]->code))
            return ours->suites[i];
    return NULL;
}

/* Why the session may not be resumed now, or NULL. */
static const char *unresumable(const latch_conn *c, const lt_session_state *st, uint32_t obf_age)
{
    if (st->version != LT_VERSION_TLS13)
        return "the ticket holds a TLS 1.2 session";
    int64_t age = lt_config_now(c->cfg) - st->created;
    if (age < 0 || age >= (int64_t)c->cfg->session_lifetime)
        return "the ticket has expired";
    /* RFC 8446 8.3: the client's view of the ticket's age (obfuscated by
     * ticket_age_add, 4.2.11.1) must agree with ours. */
    int64_t client_ms = (int64_t)(uint32_t)(obf_age - st->age_add);
    int64_t diff = client_ms - age * 1000;
    if (diff > LT_PSK13_AGE_WINDOW_MS + 1000 || diff < -(LT_PSK13_AGE_WINDOW_MS + 1000))
        return "the client's ticket age is more than 10 s off the server's: a stale or replayed "
               "ticket";
    if (!lt_session_for_name(st, c->neg.server_name))
        return "the session was made for another server name";
    if (c->cfg->client_cert == LATCH_CLIENT_CERT_REQUIRED && !lt_session_client_authenticated(st))
        return "the session was made without a client certificate, and this server requires one";
    return NULL;
}

/* Opens the identity's ticket into st; false (traced) when it cannot be
 * resumed. */
static bool usable(latch_conn *c, const lt_psk_identity *id, lt_session_state *st)
{
    size_t which = 0;
    lt_error why;
    lt_error_clear(&why);
    if (lt_config_open_ticket(c->cfg, id->ticket.data, id->ticket.len, st, &which, &why) !=
        LT_TICKET_OK) {
        lt_trace_session(&c->trace, "TLS 1.3 ticket refused (%s): a full handshake follows",
                         why.message);
        return false;
    }
    const char *no = unresumable(c, st, id->obfuscated_age);
    if (no != NULL)
        lt_trace_session(&c->trace,
                         "not resuming the client's TLS 1.3 ticket: %s; a full "
                         "handshake follows",
                         no);
    return no == NULL;
}

/* The session is ours: check the binder, then resume it. */
static bool resume(latch_conn *c, const lt_psk_identity *id, size_t index, lt_session_state *st,
                   const uint8_t *trunc, size_t trunc_len)
{
    lt_handshake *hs = c->hs;
    lt_hash_alg hash = c->neg.suite->prf_hash;
    size_t len = lt_hash_len(hash);
    uint8_t expected[LT_HASH_MAX_LEN];
    LT_GUARD(lt_psk13_binder(c, hash, st->master_secret, trunc, trunc_len, expected));
    bool same = id->binder.len == len && lt_ct_equal(id->binder.data, expected, len);
    lt_wipe(expected, sizeof(expected));
    /* RFC 8446 4.2.11: a binder that does not validate aborts. */
    LT_ENSURE(same, &c->err, LATCH_ERR_DECRYPT_ERROR,
              "the binder of the client's PSK does not match the ClientHello: the hello was "
              "changed in transit, or the client does not hold the ticket's PSK (RFC 8446 "
              "4.2.11)");
    memcpy(hs->t13.psk, st->master_secret, len);
    hs->t13.psk_len = len;
    hs->t13.psk_index = (uint16_t)index;
    hs->type = (hs->type & ~(unsigned)LT_HT_CLIENT_AUTH) | LT_HT_RESUMED;
    LT_GUARD(lt_server_resume_peer(c, st));
    lt_trace_session(&c->trace,
                     "resuming the session of the client's TLS 1.3 ticket: its PSK makes the early "
                     "secret, a fresh (EC)DHE still gives forward secrecy, and no Certificate or "
                     "CertificateVerify follows (RFC 8446 2.2)");
    return true;
}

bool lt_server13_try_psk(latch_conn *c, const lt_client_hello *ch, const uint8_t *msg,
                         size_t msg_len, bool may_switch)
{
    lt_span offer = ch->ext.tls13.pre_shared_key.offer;
    if (!ch->ext.tls13.pre_shared_key.present || !c->cfg->tickets)
        return true;
    /* RFC 8446 4.2.9: without psk_key_exchange_modes a PSK is refused;
     * psk_ke alone has no forward secrecy, and latch does not take it. */
    if (!offers_mode(ch, LT_PSK_DHE_KE)) {
        lt_trace_session(&c->trace, "the client offers a PSK without psk_dhe_ke: a full handshake");
        return true;
    }
    lt_offered_psks psks;
    LT_GUARD(lt_offered_psks_parse(offer, &psks, &c->err));
    /* RFC 8446 4.2.11: pre_shared_key comes last, so the binders list
     * ends the hello (checked here for the second hello too). */
    LT_ENSURE(offer.data + offer.len == msg + msg_len, &c->err, LATCH_ERR_ILLEGAL_PARAMETER,
              "the client's pre_shared_key is not its last extension (RFC 8446 4.2.11)");
    size_t trunc_len = msg_len - psks.binders_len;
    lt_session_state *st = malloc(sizeof(*st));
    LT_ENSURE(st != NULL, &c->err, LATCH_ERR_MEMORY, "out of memory for the client's ticket");
    bool ok = true;
    for (size_t i = 0; i < psks.count; i++) {
        if (!usable(c, &psks.ids[i], st))
            continue;
        const lt_suite *suite = suite_for(c, ch, st, may_switch);
        if (suite == NULL) {
            lt_trace_session(&c->trace, "the client's TLS 1.3 ticket is for a suite of another "
                                        "hash than this handshake's: a full handshake follows");
            continue;
        }
        c->neg.suite = suite;
        ok = resume(c, &psks.ids[i], i, st, msg, trunc_len);
        break;
    }
    lt_free_secret(st, sizeof(*st));
    return ok;
}
