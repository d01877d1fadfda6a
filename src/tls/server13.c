/*
 * The server's TLS 1.3 handshake (RFC 8446 2, figure 1): the choices a
 * TLS 1.3 ClientHello leads to, then one function per row of
 * hs_order.h's LT_SERVER13_STEPS.
 */
#include "tls/server13.h"

#include <string.h>

#include "base/mem.h"
#include "crypto/kex.h"
#include "crypto/random.h"
#include "tls/client_auth.h"
#include "tls/hooks_call.h"
#include "tls/hs13.h"
#include "tls/msg13.h"
#include "tls/negotiate.h"
#include "tls/record_limits.h"
#include "tls/resume13.h"
#include "tls/suites13.h"
#include "tls/trace.h"
#include "tls/version.h"

bool lt_server13_chosen(const latch_conn *c, const lt_client_hello *ch)
{
    return c->cfg->max_version >= LT_VERSION_TLS13 && ch->ext.tls13.supported_versions.offers_tls13;
}

/* RFC 8446 4.1.1: one of our suites the client offers, by our order
 * (the default) or by the client's, as for TLS 1.2. */
static const lt_suite *choose_suite(const latch_config *cfg, const lt_client_hello *ch)
{
    const lt_suite_list *ours = &cfg->suites13;
    if (cfg->server_preference) {
        for (size_t i = 0; i < ours->len; i++)
            if (lt_client_hello_offers(ch, ours->suites[i]->code))
                return ours->suites[i];
        return NULL;
    }
    for (size_t i = 0; i < ch->cipher_suites_count; i++)
        if (lt_suite_list_has(ours, ch->cipher_suites[i]))
            return lt_suite13_by_code(ch->cipher_suites[i]);
    return NULL;
}

/* No suite in common: a sentence naming both sides' TLS 1.3 suites. */
static bool no_common_suite(latch_conn *c, const lt_client_hello *ch)
{
    lt_suite_list theirs = {.len = 0};
    lt_suite13_list_from_codes(ch->cipher_suites, ch->cipher_suites_count, &theirs);
    char ours_text[LT_SUITE13_LIST_TEXT_MAX];
    char theirs_text[LT_SUITE13_LIST_TEXT_MAX];
    lt_suite13_list_text(&c->cfg->suites13, ours_text, sizeof(ours_text));
    lt_suite13_list_text(&theirs, theirs_text, sizeof(theirs_text));
    return LT_FAIL(&c->err, LATCH_ERR_HANDSHAKE_FAILURE,
                   "no TLS 1.3 cipher suite in common: the client offers %s, this server "
                   "accepts %s",
                   theirs.len > 0 ? theirs_text : "none", ours_text);
}

/* The client's schemes a TLS 1.3 CertificateVerify may use. */
static size_t allowed_schemes(const lt_extensions *ext, uint16_t *out)
{
    size_t n = 0;
    for (size_t i = 0; i < ext->signature_algorithms.count; i++)
        if (lt_hs13_scheme_allowed(ext->signature_algorithms.schemes[i]))
            out[n++] = ext->signature_algorithms.schemes[i];
    return n;
}

static bool client_lists_group(const lt_extensions *ext, uint16_t group)
{
    for (size_t i = 0; i < ext->supported_groups.count; i++)
        if (ext->supported_groups.groups[i] == group)
            return true;
    return false;
}

/* RFC 8446 4.2.8: a share of the client's for one of our groups, by our
 * order, or NULL; *group gets our first group the client lists, for a
 * HelloRetryRequest when it sent no share we take. */
static const lt_key_share_entry *choose_share(const latch_config *cfg, const lt_extensions *ext,
                                              uint16_t *group)
{
    *group = 0;
    for (size_t i = 0; i < cfg->group_count; i++) {
        uint16_t g = cfg->groups[i];
        if (!lt_group_is_ec(g) || !client_lists_group(ext, g))
            continue;
        if (*group == 0)
            *group = g;
        for (size_t j = 0; j < ext->tls13.key_share.count; j++)
            if (ext->tls13.key_share.shares[j].group == g) {
                *group = g;
                return &ext->tls13.key_share.shares[j];
            }
    }
    return NULL;
}

/* Our key share and the shared secret, from the client's share. */
static bool key_exchange(latch_conn *c, const lt_key_share_entry *share)
{
    lt_handshake *hs = c->hs;
    lt_hs13 *t = &hs->t13;
    lt_kex kex;
    LT_GUARD(lt_kex_generate(&kex, share->group, t->own_share, sizeof(t->own_share),
                             &t->own_share_len, &c->err));
    bool ok = lt_kex_derive(&kex, share->key_exchange.data, share->key_exchange.len, t->shared,
                            sizeof(t->shared), &t->shared_len, &c->err);
    lt_kex_free(&kex);
    t->share_group = share->group;
    c->neg.group = share->group;
    return ok;
}

/* RFC 8446 9.2: without a PSK, a TLS 1.3 ClientHello must carry these. */
static bool check_mandatory(latch_conn *c, const lt_client_hello *ch)
{
    const char *missing = !ch->ext.signature_algorithms.present ? "signature_algorithms"
                          : !ch->ext.supported_groups.present   ? "supported_groups"
                          : !ch->ext.tls13.key_share.present    ? "key_share"
                                                                : NULL;
    LT_ENSURE(missing == NULL, &c->err, LATCH_ERR_MISSING_EXTENSION,
              "the client offers TLS 1.3 without the %s extension (RFC 8446 9.2)", missing);
    /* RFC 8446 4.2.11: pre_shared_key comes last. */
    const lt_extensions *ext = &ch->ext;
    LT_ENSURE(
        !ext->tls13.pre_shared_key.present ||
            (ext->count == ext->listed && ext->types[ext->count - 1] == LT_EXT_PRE_SHARED_KEY),
        &c->err, LATCH_ERR_ILLEGAL_PARAMETER,
        "the client's pre_shared_key is not its last extension (RFC 8446 4.2.11)");
    /* RFC 8446 4.1.2: legacy_compression_methods is exactly one 0. */
    LT_ENSURE(ch->compression_methods.len == 1, &c->err, LATCH_ERR_ILLEGAL_PARAMETER,
              "the client's TLS 1.3 ClientHello lists %zu compression methods; it must list only "
              "null (RFC 8446 4.1.2)",
              ch->compression_methods.len);
    return true;
}

bool lt_server13_take_client_hello(latch_conn *c, const lt_client_hello *ch, const lt_hs_msg *msg)
{
    lt_handshake *hs = c->hs;
    LT_GUARD(check_mandatory(c, ch));
    const lt_suite *suite = choose_suite(c->cfg, ch);
    if (suite == NULL)
        return no_common_suite(c, ch);
    uint16_t schemes[LT_MAX_SIG_SCHEMES];
    size_t n = allowed_schemes(&ch->ext, schemes);
    uint16_t scheme = 0;
    size_t cert_count;
    const uint16_t *cert_schemes = lt_neg_cert_schemes(&ch->ext, &cert_count);
    const lt_cert_key *ck =
        lt_hook_choose_cert(c, suite, schemes, n, cert_schemes, cert_count, &scheme);
    char keys[128];
    LT_ENSURE(ck != NULL, &c->err, LATCH_ERR_HANDSHAKE_FAILURE,
              "none of this server's certificates signs with a scheme the client's "
              "signature_algorithms allows in TLS 1.3 (%zu of its schemes do; this server's "
              "keys: %s)",
              n, lt_neg_key_kinds(c->cfg, keys, sizeof(keys)));
    uint16_t group;
    const lt_key_share_entry *share = choose_share(c->cfg, &ch->ext, &group);
    LT_ENSURE(group != 0, &c->err, LATCH_ERR_HANDSHAKE_FAILURE,
              "the client offers TLS 1.3 with no group this server uses");
    c->neg.suite = suite;
    c->neg.sig_scheme = scheme;
    hs->srv.cert_key = ck;
    LT_GUARD(lt_server_choose_alpn(c, ch));
    lt_limits_server_choose(c, &ch->ext);
    hs->srv.send_status = ch->ext.status_request.present &&
                          ch->ext.status_request.status_type == LT_STATUS_TYPE_OCSP &&
                          ck->ocsp != NULL;
    memcpy(hs->session_id, ch->session_id, ch->session_id_len);
    hs->session_id_len = ch->session_id_len;
    hs->type = LT_HT_TLS13;
    if (ch->session_id_len > 0)
        hs->type |= LT_HT_MIDDLEBOX;
    if (c->cfg->client_cert != LATCH_CLIENT_CERT_NONE)
        hs->type |= LT_HT_CLIENT_AUTH;
    if (c->cfg->tickets && c->cfg->tickets13 > 0)
        hs->type |= LT_HT_TICKET;
    /* A PSK is taken with the hello answered by a ServerHello; after a
     * HelloRetryRequest, from the second. */
    if (share != NULL)
        LT_GUARD(lt_server13_try_psk(c, ch, msg->raw, msg->raw_len, true));
    LT_GUARD(lt_hs_transcript_add(c, msg->raw, msg->raw_len));
    LT_GUARD(lt_hs_transcript_start_hash(c));
    if (share == NULL) {
        /* RFC 8446 4.1.4: a shared group but no share for it. */
        hs->type |= LT_HT_HRR;
        hs->t13.share_group = group;
        return true;
    }
    return key_exchange(c, share);
}

/* ---- the rows of LT_SERVER13_STEPS ---- */

/* A ServerHello of TLS 1.3 (or a HelloRetryRequest, by its random). */
static bool queue_hello(latch_conn *c, const uint8_t random[LT_RANDOM_LEN], bool hrr)
{
    lt_handshake *hs = c->hs;
    lt_server_hello sh;
    memset(&sh, 0, sizeof(sh));
    sh.version = LT_VERSION_TLS12;
    memcpy(sh.random, random, LT_RANDOM_LEN);
    memcpy(sh.session_id, hs->session_id, hs->session_id_len);
    sh.session_id_len = hs->session_id_len;
    sh.cipher_suite = c->neg.suite->code;
    lt_ext13 *e = &sh.ext.tls13;
    e->supported_versions.present = true;
    e->supported_versions.selected = LT_VERSION_TLS13;
    e->key_share.present = true;
    if (hrr) {
        e->key_share.selected_group = hs->t13.share_group;
    } else {
        e->key_share.has_share = true;
        e->key_share.server_share.group = hs->t13.share_group;
        e->key_share.server_share.key_exchange =
            lt_span_make(hs->t13.own_share, hs->t13.own_share_len);
        e->pre_shared_key.present = c->neg.resumed;
        e->pre_shared_key.selected_identity = hs->t13.psk_index;
    }
    size_t start = lt_hs_message_start(c);
    lt_server_hello_write(&sh, &hs->flight);
    return lt_hs_queued(c, start);
}

static bool send_hello_retry_request(latch_conn *c)
{
    LT_GUARD(lt_hs13_transcript_after_hrr(c));
    return queue_hello(c, lt_hrr_random, true);
}

static bool read_client_hello2(latch_conn *c, const lt_hs_msg *msg)
{
    lt_handshake *hs = c->hs;
    lt_client_hello ch;
    LT_GUARD(lt_client_hello_parse(msg->body, msg->len, &ch, &c->err));
    /* RFC 8446 4.1.2: the same hello, with a share for the group asked for. */
    LT_ENSURE(ch.ext.tls13.supported_versions.offers_tls13 &&
                  lt_client_hello_offers(&ch, c->neg.suite->code),
              &c->err, LATCH_ERR_ILLEGAL_PARAMETER,
              "the client's second ClientHello no longer offers TLS 1.3 with %s",
              c->neg.suite->iana_name);
    LT_ENSURE(ch.session_id_len == hs->session_id_len &&
                  memcmp(ch.session_id, hs->session_id, hs->session_id_len) == 0 &&
                  memcmp(ch.random, hs->client_random, LT_RANDOM_LEN) == 0,
              &c->err, LATCH_ERR_ILLEGAL_PARAMETER,
              "the client's second ClientHello changed its random or session ID (RFC 8446 4.1.2)");
    const lt_key_share_entry *share = NULL;
    for (size_t i = 0; i < ch.ext.tls13.key_share.count; i++)
        if (ch.ext.tls13.key_share.shares[i].group == hs->t13.share_group)
            share = &ch.ext.tls13.key_share.shares[i];
    LT_ENSURE(share != NULL && ch.ext.tls13.key_share.listed == 1, &c->err,
              LATCH_ERR_ILLEGAL_PARAMETER,
              "the client's second ClientHello does not carry exactly one key share, for %s, as "
              "the HelloRetryRequest asked (RFC 8446 4.2.8)",
              lt_group_name(hs->t13.share_group));
    LT_GUARD(lt_server13_try_psk(c, &ch, msg->raw, msg->raw_len, false));
    LT_GUARD(lt_hs_transcript_add(c, msg->raw, msg->raw_len));
    return key_exchange(c, share);
}

static bool send_server_hello(latch_conn *c)
{
    lt_handshake *hs = c->hs;
    uint8_t random[LT_RANDOM_LEN];
    LT_GUARD(lt_random(random, sizeof(random), &c->err));
    memcpy(hs->server_random, random, LT_RANDOM_LEN);
    LT_GUARD(queue_hello(c, random, false));
    bool ok = lt_hs13_handshake_keys(c, hs->t13.shared, hs->t13.shared_len);
    hs->t13.shared_len = 0;
    return ok;
}

static bool send_encrypted_extensions(latch_conn *c)
{
    LT_GUARD(lt_hs13_protect_writes(c));
    lt_encrypted_extensions ee;
    memset(&ee, 0, sizeof(ee));
    /* RFC 6066 3: an empty server_name says the name was used. */
    ee.ext.server_name.present = c->neg.server_name[0] != '\0';
    if (c->neg.alpn[0] != '\0') {
        ee.ext.alpn.present = true;
        ee.ext.alpn.protocols[0] = lt_span_make((const uint8_t *)c->neg.alpn, strlen(c->neg.alpn));
        ee.ext.alpn.count = 1;
    }
    /* RFC 8449 4: TLS 1.3 answers record_size_limit here, not in the
     * ServerHello. */
    lt_limits_server_answer(c, &ee.ext);
    size_t start = lt_hs_message_start(c);
    lt_encrypted_extensions_write(&ee, &c->hs->flight);
    return lt_hs_queued(c, start);
}

static bool send_certificate_request(latch_conn *c)
{
    lt_certificate_request13 cr;
    memset(&cr, 0, sizeof(cr));
    lt_extensions *ext = &cr.ext;
    ext->signature_algorithms.present = true;
    for (size_t i = 0; i < c->cfg->sig_scheme_count; i++)
        if (lt_hs13_scheme_allowed(c->cfg->sig_schemes[i]))
            ext->signature_algorithms.schemes[ext->signature_algorithms.count++] =
                c->cfg->sig_schemes[i];
    size_t start = lt_hs_message_start(c);
    lt_certificate_request13_write(&cr, &c->hs->flight);
    return lt_hs_queued(c, start);
}

static bool send_certificate(latch_conn *c)
{
    const lt_cert_key *ck = c->hs->srv.cert_key;
    lt_certificate13 cert;
    memset(&cert, 0, sizeof(cert));
    for (size_t i = 0; i < ck->chain_count; i++)
        cert.certs[i] = lt_span_make(ck->chain[i], ck->chain_len[i]);
    cert.count = ck->chain_count;
    /* RFC 8446 4.4.2.1: the staple rides on the leaf's entry. */
    if (c->hs->srv.send_status)
        cert.ocsp[0] = lt_span_make(ck->ocsp, ck->ocsp_len);
    size_t start = lt_hs_message_start(c);
    lt_certificate13_write(&cert, &c->hs->flight);
    return lt_hs_queued(c, start);
}

static bool send_certificate_verify(latch_conn *c)
{
    return lt_hs13_send_certificate_verify(c, c->hs->srv.cert_key, c->neg.sig_scheme);
}

static bool send_finished(latch_conn *c)
{
    LT_GUARD(lt_hs13_send_finished(c));
    return lt_hs13_application_keys(c);
}

static bool read_client_certificate(latch_conn *c, const lt_hs_msg *msg)
{
    lt_certificate13 cert;
    LT_GUARD(lt_certificate13_parse(msg->body, msg->len, &cert, &c->err));
    LT_ENSURE(cert.context.len == 0, &c->err, LATCH_ERR_ILLEGAL_PARAMETER,
              "the client's Certificate has a request context this server did not send");
    if (cert.count == 0) {
        /* RFC 8446 4.4.2.4: certificate_required, or go on without one. */
        LT_ENSURE(c->cfg->client_cert != LATCH_CLIENT_CERT_REQUIRED, &c->err,
                  LATCH_ERR_CERTIFICATE_REQUIRED,
                  "the client sent no certificate, and this server requires one");
    } else {
        lt_certificate chain;
        memcpy(chain.certs, cert.certs, sizeof(chain.certs));
        chain.count = cert.count;
        LT_GUARD(lt_hs_keep_peer_chain(c, &chain));
        LT_GUARD(lt_server_check_client_chain(c));
        c->hs->type |= LT_HT_CLIENT_CERT;
    }
    return lt_hs_transcript_add(c, msg->raw, msg->raw_len);
}

static bool read_certificate_verify(latch_conn *c, const lt_hs_msg *msg)
{
    LT_GUARD(lt_hs13_check_certificate_verify(c, msg));
    c->neg.client_auth = true;
    return true;
}

static bool read_finished(latch_conn *c, const lt_hs_msg *msg)
{
    LT_GUARD(lt_hs13_check_finished(c, msg));
    LT_GUARD(lt_hs_reasm_check_key_change(&c->hs->reasm, &c->err));
    LT_GUARD(lt_resume13_master(c));
    return lt_hs13_install(c, LT_RECORD_READ, c->hs->t13.client_app);
}

#define LT_SERVER13_STEP_FN(state, d, t, w, u, opt, fn)                                            \
    [LT_ST_##state - LT_ST_SERVER13_FIRST] = {LT_STEP_##d##_FN(fn)},

bool lt_server13_step(latch_conn *c, const lt_hs_msg *msg)
{
    static const lt_step_fn fns[] = {LT_SERVER13_STEPS(LT_SERVER13_STEP_FN)};
    size_t i = (size_t)c->state - LT_ST_SERVER13_FIRST;
    LT_ENSURE(i < sizeof(fns) / sizeof(fns[0]), &c->err, LATCH_ERR_INTERNAL,
              "TLS 1.3 server step in state %s", lt_state_name(c->state));
    return msg != NULL ? fns[i].read(c, msg) : fns[i].send(c);
}
