/*
 * The server's handshake (RFC 5246 7.3): one function per state. Each
 * read state accepts exactly the messages the protocol allows there.
 */
#include <string.h>

#include "base/mem.h"
#include "crypto/random.h"
#include "tls/client_auth.h"
#include "tls/conn.h"
#include "tls/hooks_call.h"
#include "tls/msg.h"
#include "tls/negotiate.h"
#include "tls/msg13.h"
#include "tls/resume.h"
#include "tls/server13.h"
#include "tls/version_text.h"

/* Can we serve this suite to this client: a group for its key exchange,
 * and a certificate with a signature scheme the client takes. */
static bool suite_usable(latch_conn *c, const lt_client_hello *ch, const lt_suite *suite)
{
    uint16_t group = lt_neg_choose_group(c->cfg, &ch->ext, suite->kx);
    if (group == 0 && lt_neg_sends_server_key_exchange(suite))
        return false;
    /* RSA key transport signs nothing, so RFC 9155 and the client's
     * signature_algorithms do not restrict it: any RSA certificate. */
    uint16_t scheme = 0;
    const uint16_t *schemes =
        lt_neg_sends_server_key_exchange(suite) ? ch->ext.signature_algorithms.schemes : NULL;
    size_t cert_count;
    const uint16_t *cert_schemes = lt_neg_cert_schemes(&ch->ext, &cert_count);
    const lt_cert_key *ck = lt_hook_choose_cert(
        c, suite, schemes, ch->ext.signature_algorithms.count, cert_schemes, cert_count, &scheme);
    if (ck == NULL)
        return false;
    c->neg.suite = suite;
    c->neg.group = group;
    c->neg.sig_scheme = scheme;
    c->hs->srv.cert_key = ck;
    return true;
}

/* RFC 9155 2: SignatureAndHashAlgorithm with hash md5 (1) or sha1 (2). */
static bool only_sha1_md5(const lt_client_hello *ch)
{
    for (size_t i = 0; i < ch->ext.signature_algorithms.count; i++) {
        uint8_t hash = (uint8_t)(ch->ext.signature_algorithms.schemes[i] >> 8);
        if (hash != 1 && hash != 2)
            return false;
    }
    return true;
}

static bool choose_suite(latch_conn *c, const lt_client_hello *ch)
{
    const lt_suite_list *ours = &c->cfg->suites;
    if (c->cfg->server_preference) {
        for (size_t i = 0; i < ours->len; i++)
            if (lt_client_hello_offers(ch, ours->suites[i]->code) &&
                suite_usable(c, ch, ours->suites[i]))
                return true;
    } else {
        for (size_t i = 0; i < ch->cipher_suites_count; i++) {
            uint16_t code = ch->cipher_suites[i];
            if (lt_suite_list_has(ours, code) && suite_usable(c, ch, lt_suite_by_code(code)))
                return true;
        }
    }
    /* RFC 9155: without signature_algorithms, or with only SHA-1 and MD5
     * in it, no signing suite can go on. */
    LT_ENSURE(ch->ext.signature_algorithms.present, &c->err, LATCH_ERR_HANDSHAKE_FAILURE,
              "the client sent no signature_algorithms extension; RFC 9155 forbids falling back "
              "to SHA-1 signatures, so only RSA key transport could be used, and no such suite "
              "is enabled here and offered by the client");
    LT_ENSURE(!only_sha1_md5(ch), &c->err, LATCH_ERR_HANDSHAKE_FAILURE,
              "the client's signature_algorithms lists only SHA-1 and MD5 schemes, which RFC 9155 "
              "forbids in TLS 1.2, so only RSA key transport could be used, and no such suite is "
              "enabled here and offered by the client");
    /* RFC 7919 4: FFDHE groups named but none shared, and nothing else
     * acceptable, is insufficient_security. */
    bool offers_dhe = false;
    for (size_t i = 0; i < ours->len; i++)
        offers_dhe |=
            ours->suites[i]->kx == LT_KX_DHE && lt_client_hello_offers(ch, ours->suites[i]->code);
    LT_ENSURE(!offers_dhe || lt_neg_choose_group(c->cfg, &ch->ext, LT_KX_DHE) != 0, &c->err,
              LATCH_ERR_INSUFFICIENT_SECURITY,
              "the client offers DHE only with FFDHE groups this server does not use, and no "
              "other cipher suite in common");
    return LT_FAIL(&c->err, LATCH_ERR_HANDSHAKE_FAILURE,
                   "no cipher suite in common: the client offered %zu suites, and none is enabled "
                   "here with a certificate, group and signature scheme the client accepts",
                   ch->cipher_suites_count);
}

/* Strict SNI (the ALPACA defence): a name no certificate covers, or no
 * name, is unrecognized_name (RFC 6066 3 lets a server end the handshake
 * with it) rather than the first certificate. */
static bool check_server_name(latch_conn *c, const lt_client_hello *ch)
{
    if (!c->cfg->strict_sni)
        return true;
    LT_ENSURE(ch->ext.server_name.present, &c->err, LATCH_ERR_UNRECOGNIZED_NAME,
              "the client sent no server_name, and this server (strict SNI) answers only the "
              "names its certificates cover");
    if (lt_neg_name_covered(c->cfg, c->neg.server_name))
        return true;
    char shown[LT_MAX_HOST_NAME * 4 + 1];
    return LT_FAIL(
        &c->err, LATCH_ERR_UNRECOGNIZED_NAME,
        "the client asked for %s, which none of this server's certificates covers "
        "(strict SNI)",
        latch_escape(shown, sizeof(shown), c->neg.server_name, strlen(c->neg.server_name)));
}

/* No version both sides accept: the sentence names both sides'. */
static bool version_mismatch(latch_conn *c, const lt_client_hello *ch)
{
    char offered[LT_VERSION_TEXT_MAX], accepted[LT_VERSION_TEXT_MAX];
    lt_version_offer_text(ch, offered, sizeof(offered));
    lt_version_range_text(c->cfg, accepted, sizeof(accepted));
    return LT_FAIL(&c->err, LATCH_ERR_PROTOCOL_VERSION,
                   "no protocol version in common: the client offers %s; this server accepts %s",
                   offered, accepted);
}

static bool check_client_version(latch_conn *c, const lt_client_hello *ch)
{
    if (lt_server13_chosen(c, ch)) {
        c->neg.version = LT_VERSION_TLS13;
        return true;
    }
    /* RFC 7507 3: a client that fell back below our best version while we
     * support it is under attack or misconfigured. */
    uint16_t best = c->cfg->max_version;
    LT_ENSURE(!(lt_client_hello_offers(ch, LT_TLS_FALLBACK_SCSV) && ch->version < best), &c->err,
              LATCH_ERR_INAPPROPRIATE_FALLBACK,
              "the client fell back to version 0x%04x (TLS_FALLBACK_SCSV) although both sides "
              "speak 0x%04x",
              ch->version, best);
    /* RFC 8446 4.2.1: supported_versions, when sent, replaces legacy_version. */
    const lt_ext13 *e = &ch->ext.tls13;
    bool offers12 = e->supported_versions.present ? e->supported_versions.offers_tls12
                                                  : ch->version >= LT_VERSION_TLS12;
    if (!offers12 || !lt_config_speaks(c->cfg, LT_VERSION_TLS12))
        return version_mismatch(c, ch);
    c->neg.version = LT_VERSION_TLS12;
    return true;
}

/* What a resumed handshake still negotiates afresh: encrypt_then_mac
 * and ALPN. The suite, the master secret and the certificate's
 * authentication come from the session. */
static bool read_resuming_hello(latch_conn *c, const lt_client_hello *ch)
{
    c->neg.encrypt_then_mac =
        lt_neg_encrypt_then_mac(c->cfg, ch->ext.encrypt_then_mac.present, c->neg.suite);
    return lt_server_choose_alpn(c, ch);
}

/* The handshake type, as the ClientHello settles it. */
static unsigned handshake_type(const latch_conn *c)
{
    const lt_handshake *hs = c->hs;
    unsigned type = hs->srv.issue_ticket ? LT_HT_TICKET : 0;
    if (c->neg.resumed)
        return type | LT_HT_RESUMED;
    type |= LT_HT_FULL;
    if (!lt_neg_sends_server_key_exchange(c->neg.suite))
        type |= LT_HT_RSA_KEX;
    if (hs->srv.send_status)
        type |= LT_HT_OCSP;
    if (c->cfg->client_cert != LATCH_CLIENT_CERT_NONE)
        type |= LT_HT_CLIENT_AUTH;
    return type;
}

static bool read_client_hello(latch_conn *c, const lt_hs_msg *msg)
{
    lt_handshake *hs = c->hs;
    const lt_client_hello *ch = &msg->value->client_hello;
    c->rl.accept_hello_versions = false;
    LT_GUARD(check_client_version(c, ch));
    hs->client_version = ch->version;
    memcpy(hs->client_random, ch->random, LT_RANDOM_LEN);

    /* RFC 5746 3.6: on an initial handshake renegotiation_info is empty. */
    LT_ENSURE(!ch->ext.renegotiation_info.present ||
                  ch->ext.renegotiation_info.renegotiated_connection.len == 0,
              &c->err, LATCH_ERR_HANDSHAKE_FAILURE,
              "the client's renegotiation_info is not empty on an initial handshake");
    c->neg.secure_renegotiation = ch->ext.renegotiation_info.present ||
                                  lt_client_hello_offers(ch, LT_TLS_EMPTY_RENEGOTIATION_INFO_SCSV);
    if (ch->ext.server_name.present) {
        memcpy(c->neg.server_name, ch->ext.server_name.host_name.data,
               ch->ext.server_name.host_name.len);
        c->neg.server_name[ch->ext.server_name.host_name.len] = '\0';
    }
    /* A certificate the application chose answers the name (strict SNI
     * or not). */
    LT_GUARD(lt_hook_select_cert(c));
    if (hs->srv.cert_choice == LATCH_CERT_SELECT_DEFAULT)
        LT_GUARD(check_server_name(c, ch));
    if (c->neg.version == LT_VERSION_TLS13)
        return lt_server13_take_client_hello(c, ch, msg);
    c->neg.ems = ch->ext.extended_master_secret.present;
    lt_limits_server_choose(c, &ch->ext);
    hs->srv.client_sent_point_formats = ch->ext.ec_point_formats.present;

    LT_GUARD(lt_server_try_resume(c, ch));
    if (c->neg.resumed) {
        LT_GUARD(read_resuming_hello(c, ch));
        hs->type = handshake_type(c);
        LT_GUARD(lt_hs_transcript_start_hash(c));
        return lt_hs_transcript_add(c, msg->raw, msg->raw_len);
    }
    lt_server_plan_session(c, ch);
    LT_GUARD(choose_suite(c, ch));
    c->neg.encrypt_then_mac =
        lt_neg_encrypt_then_mac(c->cfg, ch->ext.encrypt_then_mac.present, c->neg.suite);
    LT_GUARD(lt_server_choose_alpn(c, ch));
    /* RFC 6066 8: staple only what was asked for, and only if we have it. */
    hs->srv.send_status = ch->ext.status_request.present &&
                          ch->ext.status_request.status_type == LT_STATUS_TYPE_OCSP &&
                          hs->srv.cert_key->ocsp != NULL;
    hs->type = handshake_type(c);
    /* The suite, hence the hash, is known: hashed from the start, the
     * ClientHello needs no buffer (one allocation fewer). */
    LT_GUARD(lt_hs_transcript_start_hash(c));
    return lt_hs_transcript_add(c, msg->raw, msg->raw_len);
}

static const uint8_t uncompressed_points[1] = {0};

/* Room for ServerHello, ServerKeyExchange's ECDHE share and headers, and
 * ServerHelloDone, besides the chain and the signature. A longer flight
 * (DHE parameters, a long ALPN name) grows the buffer as before. */
#define FIRST_FLIGHT_SLACK 384

/* A full handshake's first flight in one buffer, made once, instead of a
 * buffer grown (and copied) as the chain and the key exchange are
 * written: two fewer allocations per handshake. */
static bool reserve_first_flight(latch_conn *c)
{
    const lt_cert_key *ck = c->hs->srv.cert_key;
    lt_writer *flight = &c->hs->flight;
    /* An RSA signature is as long as the modulus; ECDSA's DER (r, s) at
     * most 2 field elements and 9 bytes of headers; Ed25519's 64 bytes. */
    size_t field = (ck->key.bits + 7) / 8;
    bool rsa = ck->key.type == LT_KEY_RSA || ck->key.type == LT_KEY_RSA_PSS;
    size_t sig = rsa ? field : 2 * field + 9;
    size_t want = FIRST_FLIGHT_SLACK + sig + ck->ocsp_len;
    for (size_t i = 0; i < ck->chain_count; i++)
        want += 3 + ck->chain_len[i];
    if (want > flight->max)
        want = flight->max;
    LT_ENSURE(lt_writer_reserve_capacity(flight, want), &c->err, LATCH_ERR_MEMORY,
              "no memory for the server's first flight (%zu bytes)", want);
    return true;
}

static bool send_server_hello(latch_conn *c)
{
    lt_handshake *hs = c->hs;
    lt_server_hello sh;
    memset(&sh, 0, sizeof(sh));
    sh.version = c->neg.version;
    /* One call to the generator: the server random and, for a new session
     * that goes to the cache, its ID (lt_server_plan_session set the length). */
    size_t new_id_len = c->neg.resumed ? 0 : hs->session_id_len;
    uint8_t fresh[LT_RANDOM_LEN + LT_SESSION_ID_MAX];
    LT_GUARD(lt_random(fresh, LT_RANDOM_LEN + new_id_len, &c->err));
    memcpy(sh.random, fresh, LT_RANDOM_LEN);
    /* RFC 8446 4.1.3: a server able to do TLS 1.3 that negotiates TLS 1.2
     * says so in its random, which a TLS 1.3 client checks. */
    if (c->cfg->max_version >= LT_VERSION_TLS13)
        memcpy(sh.random + LT_RANDOM_LEN - LT_DOWNGRADE_LEN, lt_downgrade_tls12, LT_DOWNGRADE_LEN);
    memcpy(hs->session_id, fresh + LT_RANDOM_LEN, new_id_len);
    memcpy(hs->server_random, sh.random, LT_RANDOM_LEN);
    sh.cipher_suite = c->neg.suite->code;
    memcpy(sh.session_id, hs->session_id, hs->session_id_len);
    sh.session_id_len = hs->session_id_len;
    /* RFC 5077 3.2: an empty session_ticket promises a NewSessionTicket. */
    sh.ext.session_ticket.present = hs->srv.issue_ticket;
    sh.ext.renegotiation_info.present = c->neg.secure_renegotiation;
    sh.ext.extended_master_secret.present = c->neg.ems;
    sh.ext.encrypt_then_mac.present = c->neg.encrypt_then_mac;
    /* RFC 6066 3: an empty server_name says the name was used. */
    sh.ext.server_name.present = c->neg.server_name[0] != '\0';
    /* RFC 6066 8: an empty status_request promises a CertificateStatus. */
    sh.ext.status_request.present = hs->srv.send_status;
    lt_limits_server_answer(c, &sh.ext);
    /* RFC 8422 5.2: only when an ECC suite was chosen. */
    if (hs->srv.client_sent_point_formats && c->neg.suite->kx == LT_KX_ECDHE) {
        sh.ext.ec_point_formats.present = true;
        sh.ext.ec_point_formats.formats = lt_span_make(uncompressed_points, 1);
    }
    if (c->neg.alpn[0] != '\0') {
        sh.ext.alpn.present = true;
        sh.ext.alpn.protocols[0] = lt_span_make((const uint8_t *)c->neg.alpn, strlen(c->neg.alpn));
        sh.ext.alpn.count = 1;
    }
    if (!c->neg.resumed && hs->srv.cert_key != NULL)
        LT_GUARD(reserve_first_flight(c));
    size_t start = lt_hs_message_start(c);
    lt_server_hello_write(&sh, &hs->flight);
    LT_GUARD(lt_hs_queued(c, start));
    if (!c->neg.resumed)
        return true;
    /* RFC 5246 7.3 (figure 2): no Certificate, no key exchange, the keys
     * from the session's master secret; the server finishes first. */
    return lt_hs_resume_keys(c, "reused from the resumed session: no Certificate and no key "
                                "exchange, because both sides already hold it; new keys come "
                                "from it and the two new randoms (RFC 5246 7.3)");
}

static bool send_certificate(latch_conn *c)
{
    const lt_cert_key *ck = c->hs->srv.cert_key;
    lt_certificate chain;
    memset(&chain, 0, sizeof(chain));
    for (size_t i = 0; i < ck->chain_count; i++)
        chain.certs[i] = lt_span_make(ck->chain[i], ck->chain_len[i]);
    chain.count = ck->chain_count;
    size_t start = lt_hs_message_start(c);
    lt_certificate_write(&chain, &c->hs->flight);
    return lt_hs_queued(c, start);
}

/* RFC 6066 8: right after Certificate. */
static bool send_certificate_status(latch_conn *c)
{
    const lt_cert_key *ck = c->hs->srv.cert_key;
    lt_certificate_status cs = {LT_STATUS_TYPE_OCSP, lt_span_make(ck->ocsp, ck->ocsp_len)};
    size_t start = lt_hs_message_start(c);
    lt_certificate_status_write(&cs, &c->hs->flight);
    return lt_hs_queued(c, start);
}

static bool send_server_key_exchange(latch_conn *c)
{
    lt_handshake *hs = c->hs;
    uint8_t pub[LT_KEX_MAX_PUBLIC];
    size_t pub_len;
    LT_GUARD(lt_kex_generate(&hs->kex, c->neg.group, pub, sizeof(pub), &pub_len, &c->err));
    hs->kex_ready = true;

    lt_server_key_exchange ske;
    memset(&ske, 0, sizeof(ske));
    ske.kind = lt_suite_kex_kind(c->neg.suite);
    if (ske.kind == LT_MSG_KEX_DHE) {
        /* RFC 7919 3: the group's p and g, and Ys as long as p. */
        const uint8_t *p, *g;
        size_t p_len, g_len;
        LT_ENSURE(lt_ffdhe_params(c->neg.group, &p, &p_len, &g, &g_len), &c->err,
                  LATCH_ERR_INTERNAL, "no parameters for group 0x%04x", c->neg.group);
        ske.dh_p = lt_span_make(p, p_len);
        ske.dh_g = lt_span_make(g, g_len);
        ske.dh_ys = lt_span_make(pub, pub_len);
    } else {
        ske.group = c->neg.group;
        ske.point = lt_span_make(pub, pub_len);
    }

    /* RFC 5246 7.4.3: sign client_random + server_random + params; DH
     * params are p, g and Ys, each with a 2-byte length. */
    uint8_t tbs[2 * LT_RANDOM_LEN + 3 * (2 + LT_KEX_MAX_PUBLIC)];
    lt_writer w;
    lt_writer_init_fixed(&w, tbs, sizeof(tbs));
    lt_write_bytes(&w, hs->client_random, LT_RANDOM_LEN);
    lt_write_bytes(&w, hs->server_random, LT_RANDOM_LEN);
    lt_server_key_exchange_write_params(&ske, &w);
    LT_ENSURE(lt_writer_ok(&w), &c->err, LATCH_ERR_INTERNAL, "ServerKeyExchange params too long");
    uint8_t sig[LT_SIG_MAX_LEN];
    size_t sig_len;
    LT_GUARD(lt_sign(&hs->srv.cert_key->key, c->neg.sig_scheme, tbs, w.len, sig, sizeof(sig),
                     &sig_len, &c->err));
    ske.sig.scheme = c->neg.sig_scheme;
    ske.sig.signature = lt_span_make(sig, sig_len);

    size_t start = lt_hs_message_start(c);
    lt_server_key_exchange_write(&ske, &hs->flight);
    return lt_hs_queued(c, start);
}

static bool send_server_hello_done(latch_conn *c)
{
    size_t start = lt_hs_message_start(c);
    lt_server_hello_done_write(&c->hs->flight);
    return lt_hs_queued(c, start);
}

static bool read_client_key_exchange(latch_conn *c, const lt_hs_msg *msg)
{
    lt_handshake *hs = c->hs;
    const lt_client_key_exchange *cke = &msg->value->client_key_exchange;
    lt_msg_kex kind = lt_suite_kex_kind(c->neg.suite);
    uint8_t pre_master[LT_KEX_MAX_SECRET];
    size_t pre_master_len = LT_RSA_PREMASTER_LEN;
    bool derived;
    if (kind == LT_MSG_KEX_RSA) {
        /* RFC 5246 7.4.7.1: whatever is wrong with it, the decryption
         * gives a random pre-master secret and the handshake goes on, to
         * fail only at Finished; no oracle for Bleichenbacher (ROBOT). */
        derived =
            lt_rsa_decrypt_premaster(&hs->srv.cert_key->key, cke->exchange.data, cke->exchange.len,
                                     hs->client_version, pre_master, &c->err);
    } else {
        derived = lt_kex_derive(&hs->kex, cke->exchange.data, cke->exchange.len, pre_master,
                                sizeof(pre_master), &pre_master_len, &c->err);
        lt_kex_free(&hs->kex);
        hs->kex_ready = false;
    }
    LT_GUARD(derived);
    if (!lt_hs_transcript_add(c, msg->raw, msg->raw_len)) {
        lt_wipe(pre_master, sizeof(pre_master));
        return false;
    }
    return lt_hs_derive_keys(c, pre_master, pre_master_len);
}

static bool read_finished(latch_conn *c, const lt_hs_msg *msg)
{
    LT_GUARD(lt_hs_check_finished(c, &msg->value->finished));
    /* Full handshake: our Finished covers the client's. */
    if (c->neg.resumed)
        return true;
    return lt_hs_transcript_add(c, msg->raw, msg->raw_len);
}

static bool send_finished(latch_conn *c)
{
    LT_GUARD(lt_hs_send_finished(c));
    lt_server_cache_session(c);
    return true;
}

bool lt_server_step(latch_conn *c, const lt_hs_msg *msg)
{
    static const lt_step_fn fns[] = {LT_SERVER_STEPS(LT_SERVER_STEP_FN)};
    size_t i = (size_t)c->state - LT_ST_SERVER_FIRST;
    LT_ENSURE(i < sizeof(fns) / sizeof(fns[0]), &c->err, LATCH_ERR_INTERNAL,
              "server step in state %s", lt_state_name(c->state));
    return msg != NULL ? fns[i].read(c, msg) : fns[i].send(c);
}
