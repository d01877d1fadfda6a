/*
 * The client's handshake (RFC 5246 7.3): one function per state. Each
 * read state accepts exactly the messages the protocol allows there.
 */
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "crypto/random.h"
#include "tls/client13.h"
#include "tls/client_auth.h"
#include "tls/client_parts.h"
#include "tls/conn.h"
#include "tls/msg.h"
#include "tls/negotiate.h"
#include "tls/resume.h"
#include "tls/trace.h"
#include "tls/version_text.h"
#include "x509/cert.h"

static bool offered_suite(const lt_handshake *hs, uint16_t code)
{
    for (size_t i = 0; i < hs->cli.offered_suite_count; i++)
        if (hs->cli.offered_suites[i] == code)
            return true;
    return false;
}

/* RFC 5246 7.4.1.4: a server sends only extensions the client offered. */
static bool check_server_extensions(latch_conn *c, const lt_extensions *ext)
{
    for (size_t i = 0; i < ext->count; i++) {
        uint16_t type = ext->types[i];
        bool offered = type == LT_EXT_EC_POINT_FORMATS || type == LT_EXT_EXTENDED_MASTER_SECRET ||
                       type == LT_EXT_RENEGOTIATION_INFO || type == LT_EXT_STATUS_REQUEST ||
                       type == LT_EXT_SIGNED_CERTIFICATE_TIMESTAMP ||
                       (type == LT_EXT_SERVER_NAME && c->neg.server_name[0] != '\0') ||
                       (type == LT_EXT_ALPN && c->cfg->alpn_count > 0) ||
                       (type == LT_EXT_SESSION_TICKET && c->cfg->tickets) ||
                       (type == LT_EXT_ENCRYPT_THEN_MAC && lt_client_offers_etm(c->cfg)) ||
                       (type == LT_EXT_RECORD_SIZE_LIMIT && c->cfg->record_size_limit != 0) ||
                       (type == LT_EXT_MAX_FRAGMENT_LENGTH && c->cfg->max_fragment_length != 0);
        LT_ENSURE(offered, &c->err, LATCH_ERR_UNSUPPORTED_EXTENSION,
                  "the server sent the %s extension (%u), which the client did not offer",
                  lt_ext_type_name(type), type);
    }
    /* RFC 5746 3.4: on the initial handshake it must be empty. */
    LT_ENSURE(!ext->renegotiation_info.present ||
                  ext->renegotiation_info.renegotiated_connection.len == 0,
              &c->err, LATCH_ERR_HANDSHAKE_FAILURE,
              "the server's renegotiation_info is not empty on an initial handshake");
    c->neg.secure_renegotiation = ext->renegotiation_info.present;
    c->neg.ems = ext->extended_master_secret.present;
    LT_GUARD(lt_limits_client_accept(c, ext));
    c->hs->cli.status_acknowledged = ext->status_request.present;
    c->hs->cli.ticket_expected = ext->session_ticket.present;
    /* RFC 7366 3: a server must not answer it with an AEAD suite. */
    LT_ENSURE(!ext->encrypt_then_mac.present || !c->neg.suite->aead, &c->err,
              LATCH_ERR_ILLEGAL_PARAMETER,
              "the server sent encrypt_then_mac with %s, an AEAD suite (RFC 7366 3 forbids it)",
              c->neg.suite->iana_name);
    c->neg.encrypt_then_mac = ext->encrypt_then_mac.present;
    return lt_client_take_alpn(c, ext);
}

/* The handshake type, as the ServerHello settles it. */
static unsigned handshake_type(const latch_conn *c)
{
    unsigned type = c->neg.resumed ? LT_HT_RESUMED : LT_HT_FULL;
    if (!lt_neg_sends_server_key_exchange(c->neg.suite))
        type |= LT_HT_RSA_KEX;
    if (c->hs->cli.status_acknowledged)
        type |= LT_HT_OCSP;
    if (c->hs->cli.ticket_expected)
        type |= LT_HT_TICKET;
    return type;
}

/* The server chose a version this client does not accept. */
static bool version_mismatch(latch_conn *c, uint16_t chosen)
{
    char name[16], accepted[LT_VERSION_TEXT_MAX];
    lt_version_name_text(chosen, name, sizeof(name));
    lt_version_range_text(c->cfg, accepted, sizeof(accepted));
    return LT_FAIL(&c->err, LATCH_ERR_PROTOCOL_VERSION,
                   "the server chose %s (0x%04x); this client accepts %s", name, chosen, accepted);
}

static bool read_server_hello(latch_conn *c, const lt_hs_msg *msg)
{
    const lt_server_hello *sh = &msg->value->server_hello;
    if (lt_client13_chosen(c, sh))
        return lt_client13_take_hello(c, sh, msg);
    LT_GUARD(lt_client13_check_downgrade(c, sh, &c->err));
    if (sh->version != LT_VERSION_TLS12 || !lt_config_speaks(c->cfg, sh->version))
        return version_mismatch(c, sh->version);
    c->neg.version = sh->version;
    LT_ENSURE(offered_suite(c->hs, sh->cipher_suite), &c->err, LATCH_ERR_ILLEGAL_PARAMETER,
              "the server chose cipher suite 0x%04x, which the client did not offer",
              sh->cipher_suite);
    c->neg.suite = lt_suite_by_code(sh->cipher_suite);
    LT_GUARD(check_server_extensions(c, &sh->ext));
    memcpy(c->hs->server_random, sh->random, LT_RANDOM_LEN);
    LT_GUARD(lt_hs_transcript_add(c, msg->raw, msg->raw_len));
    LT_GUARD(lt_hs_transcript_start_hash(c));
    /* RFC 5246 7.3: the abbreviated handshake; the server finishes first. */
    if (lt_client_server_resumes(c, sh))
        LT_GUARD(lt_client_resume(c));
    else
        LT_GUARD(lt_client_new_session(c, sh));
    c->hs->type = handshake_type(c);
    return true;
}

/* RFC 5246 7.4.2: for RSA key transport the leaf's key encrypts the
 * pre-master secret, which its keyUsage, when present, must allow. Path
 * validation checks the rest of the chain. */
static bool check_leaf_key_usage(latch_conn *c, const lt_cert *leaf)
{
    if (lt_neg_leaf_key_usage(c->neg.suite) != LT_KU_KEY_ENCIPHERMENT ||
        (leaf->extensions & LT_EXT_KEY_USAGE) == 0)
        return true;
    LT_ENSURE(leaf->key_usage & LT_KU_KEY_ENCIPHERMENT, &c->err, LATCH_ERR_UNSUPPORTED_CERTIFICATE,
              "the server's certificate does not allow keyEncipherment, which RSA key exchange "
              "(%s) needs",
              c->neg.suite->iana_name);
    return true;
}

static bool read_certificate(latch_conn *c, const lt_hs_msg *msg)
{
    const lt_certificate *chain = &msg->value->certificate;
    LT_ENSURE(chain->count > 0, &c->err, LATCH_ERR_BAD_CERTIFICATE,
              "the server sent an empty certificate chain");
    LT_GUARD(lt_hs_keep_peer_chain(c, chain));

    lt_chain *parsed = &c->hs->peer_chain;
    LT_GUARD(lt_chain_parse(parsed, (const uint8_t *const *)c->peer_certs, c->peer_cert_len,
                            c->cfg->verify ? c->peer_cert_count : 1, &c->err));
    const lt_cert *leaf = &parsed->certs[0];
    c->hs->peer_key_ready = lt_key_cache_get(&c->cfg->peer_keys, leaf, &c->hs->peer_key, &c->err);
    LT_GUARD(c->hs->peer_key_ready && check_leaf_key_usage(c, leaf));
    const lt_suite *suite = c->neg.suite;
    LT_ENSURE(lt_neg_suite_fits_key(suite, c->hs->peer_key.type, c->neg.version), &c->err,
              LATCH_ERR_UNSUPPORTED_CERTIFICATE,
              "the server's certificate has a %s key, which cannot authenticate %s",
              lt_key_type_name(c->hs->peer_key.type), suite->iana_name);
    return lt_hs_transcript_add(c, msg->raw, msg->raw_len);
}

/* RFC 5246 7.4.3: the signature covers both randoms and the params, so
 * params cannot be replayed from another handshake or substituted. */
static bool verify_server_params(latch_conn *c, const lt_server_key_exchange *ske)
{
    uint8_t signed_data[2 * LT_RANDOM_LEN + 3 * 1024 + 16];
    lt_writer w;
    lt_writer_init_fixed(&w, signed_data, sizeof(signed_data));
    lt_write_bytes(&w, c->hs->client_random, LT_RANDOM_LEN);
    lt_write_bytes(&w, c->hs->server_random, LT_RANDOM_LEN);
    lt_write_bytes(&w, ske->params.data, ske->params.len);
    LT_ENSURE(lt_writer_ok(&w), &c->err, LATCH_ERR_ILLEGAL_PARAMETER,
              "the ServerKeyExchange parameters are too large (%zu bytes)", ske->params.len);
    uint16_t scheme = ske->sig.scheme;
    LT_GUARD(lt_neg_check_peer_scheme(c->cfg, scheme, c->hs->peer_key.type, c->neg.version,
                                      "the server", "the client", &c->err));
    LT_GUARD(lt_hs_verify_peer_signature(
        c, scheme, signed_data, w.len, ske->sig.signature, "the ServerKeyExchange signature",
        "the server certificate's key", "the key share may have been substituted"));
    c->neg.sig_scheme = scheme;
    return true;
}

/* The RFC 7919 group whose p and g these are, or 0. */
static uint16_t ffdhe_group_of(lt_span p, lt_span g)
{
    static const uint16_t groups[] = {LT_GROUP_FFDHE2048, LT_GROUP_FFDHE3072, LT_GROUP_FFDHE4096,
                                      LT_GROUP_FFDHE6144, LT_GROUP_FFDHE8192};
    for (size_t i = 0; i < sizeof(groups) / sizeof(groups[0]); i++) {
        const uint8_t *gp, *gg;
        size_t gp_len, gg_len;
        if (lt_ffdhe_params(groups[i], &gp, &gp_len, &gg, &gg_len) && p.len == gp_len &&
            g.len == gg_len && memcmp(p.data, gp, gp_len) == 0 && memcmp(g.data, gg, gg_len) == 0)
            return groups[i];
    }
    return 0;
}

/* DHE: the server chose p and g (RFC 5246 7.4.3). Our key pair is made
 * for them now, which rejects a prime below LT_DHE_MIN_P_BITS
 * (insufficient_security) and a g outside 1 < g < p-1; Ys is checked
 * when the secret is derived. */
static bool take_dhe_params(latch_conn *c, const lt_server_key_exchange *ske)
{
    lt_handshake *hs = c->hs;
    LT_GUARD(lt_kex_generate_dh(
        &hs->kex, ske->dh_p.data, ske->dh_p.len, ske->dh_g.data, ske->dh_g.len, LT_DHE_MIN_P_BITS,
        hs->cli.client_public, sizeof(hs->cli.client_public), &hs->cli.client_public_len, &c->err));
    hs->kex_ready = true;
    c->neg.group = ffdhe_group_of(ske->dh_p, ske->dh_g);
    LT_ENSURE(ske->dh_ys.len <= sizeof(hs->cli.server_public), &c->err, LATCH_ERR_ILLEGAL_PARAMETER,
              "the server's DH public value is longer than its prime");
    memcpy(hs->cli.server_public, ske->dh_ys.data, ske->dh_ys.len);
    hs->cli.server_public_len = ske->dh_ys.len;
    return true;
}

static bool read_server_key_exchange(latch_conn *c, const lt_hs_msg *msg)
{
    lt_msg_kex kind = lt_suite_kex_kind(c->neg.suite);
    const lt_server_key_exchange *ske = &msg->value->server_key_exchange;
    if (kind == LT_MSG_KEX_DHE) {
        LT_GUARD(verify_server_params(c, ske));
        LT_GUARD(take_dhe_params(c, ske));
    } else {
        LT_ENSURE(lt_group_is_ec(ske->group) && lt_config_has_group(c->cfg, ske->group), &c->err,
                  LATCH_ERR_ILLEGAL_PARAMETER,
                  "the server chose group 0x%04x, which the client did not offer", ske->group);
        LT_GUARD(verify_server_params(c, ske));
        c->neg.group = ske->group;
        LT_ENSURE(ske->point.len <= sizeof(c->hs->cli.server_public), &c->err,
                  LATCH_ERR_ILLEGAL_PARAMETER, "the server's key share is too long");
        memcpy(c->hs->cli.server_public, ske->point.data, ske->point.len);
        c->hs->cli.server_public_len = ske->point.len;
    }
    return lt_hs_transcript_add(c, msg->raw, msg->raw_len);
}

static bool read_server_hello_done(latch_conn *c, const lt_hs_msg *msg)
{
    if ((c->hs->type & LT_HT_CLIENT_AUTH) == 0)
        lt_hs_transcript_drop_messages(c);
    LT_GUARD(lt_hs_transcript_add(c, msg->raw, msg->raw_len));
    return lt_client_check_server_chain(c);
}

/* RFC 6066 8: the response is checked with the chain, at ServerHelloDone. */
static bool read_certificate_status(latch_conn *c, const lt_hs_msg *msg)
{
    const lt_certificate_status *cs = &msg->value->certificate_status;
    c->hs->cli.staple = malloc(cs->response.len);
    LT_ENSURE(c->hs->cli.staple != NULL, &c->err, LATCH_ERR_MEMORY,
              "out of memory keeping the server's OCSP response");
    memcpy(c->hs->cli.staple, cs->response.data, cs->response.len);
    c->hs->cli.staple_len = cs->response.len;
    return lt_hs_transcript_add(c, msg->raw, msg->raw_len);
}

/* RSA key transport (RFC 5246 7.4.7.1): 48 bytes, the first two the
 * version the client offered, encrypted to the server's key. */
static bool rsa_key_exchange(latch_conn *c, lt_writer *w, uint8_t *pre_master, size_t *len)
{
    pre_master[0] = (uint8_t)(c->hs->client_version >> 8);
    pre_master[1] = (uint8_t)(c->hs->client_version & 0xff);
    LT_GUARD(lt_random(pre_master + 2, LT_RSA_PREMASTER_LEN - 2, &c->err));
    *len = LT_RSA_PREMASTER_LEN;
    uint8_t encrypted[LT_SIG_MAX_LEN];
    size_t encrypted_len;
    LT_GUARD(lt_rsa_encrypt_premaster(&c->hs->peer_key, pre_master, encrypted, sizeof(encrypted),
                                      &encrypted_len, &c->err));
    lt_client_key_exchange cke = {LT_MSG_KEX_RSA, lt_span_make(encrypted, encrypted_len)};
    lt_client_key_exchange_write(&cke, w);
    return true;
}

/* (EC)DHE: our key pair (for DHE made when the parameters came), the
 * shared secret with the server's public value, then our public value. */
static bool dh_key_exchange(latch_conn *c, lt_writer *w, uint8_t *pre_master, size_t *len)
{
    lt_handshake *hs = c->hs;
    uint8_t pub[LT_KEX_MAX_PUBLIC];
    size_t pub_len = hs->cli.client_public_len;
    lt_msg_kex kind = lt_suite_kex_kind(c->neg.suite);
    if (kind == LT_MSG_KEX_DHE) {
        memcpy(pub, hs->cli.client_public, pub_len);
    } else {
        LT_GUARD(lt_kex_generate(&hs->kex, c->neg.group, pub, sizeof(pub), &pub_len, &c->err));
        hs->kex_ready = true;
    }
    bool derived = lt_kex_derive(&hs->kex, hs->cli.server_public, hs->cli.server_public_len,
                                 pre_master, LT_KEX_MAX_SECRET, len, &c->err);
    lt_kex_free(&hs->kex);
    hs->kex_ready = false;
    LT_GUARD(derived);
    lt_client_key_exchange cke = {kind, lt_span_make(pub, pub_len)};
    lt_client_key_exchange_write(&cke, w);
    return true;
}

/* Writes the ClientKeyExchange; pre_master (LT_KEX_MAX_SECRET bytes)
 * gets the secret it carries. */
static bool write_client_key_exchange(latch_conn *c, lt_writer *w, uint8_t *pre_master, size_t *len)
{
    if (lt_suite_kex_kind(c->neg.suite) == LT_MSG_KEX_RSA)
        return rsa_key_exchange(c, w, pre_master, len);
    return dh_key_exchange(c, w, pre_master, len);
}

static bool send_client_key_exchange(latch_conn *c)
{
    uint8_t pre_master[LT_KEX_MAX_SECRET];
    size_t pre_master_len;
    size_t start = lt_hs_message_start(c);
    if (!write_client_key_exchange(c, &c->hs->flight, pre_master, &pre_master_len) ||
        !lt_hs_queued(c, start)) {
        lt_wipe(pre_master, sizeof(pre_master));
        return false;
    }
    return lt_hs_derive_keys(c, pre_master, pre_master_len);
}

/* RFC 5077 3.3: before the server's ChangeCipherSpec, in the transcript. */
static bool read_new_session_ticket(latch_conn *c, const lt_hs_msg *msg)
{
    const lt_new_session_ticket *nst = &msg->value->new_session_ticket;
    LT_GUARD(lt_hs_transcript_add(c, msg->raw, msg->raw_len));
    lt_client_keep_ticket(c, nst);
    return true;
}

static bool read_finished(latch_conn *c, const lt_hs_msg *msg)
{
    LT_GUARD(lt_hs_check_finished(c, &msg->value->finished));
    /* Abbreviated handshake: our Finished covers the server's. */
    if (c->neg.resumed)
        return lt_hs_transcript_add(c, msg->raw, msg->raw_len);
    lt_client_finish_session(c);
    return true;
}

bool lt_client_step(latch_conn *c, const lt_hs_msg *msg)
{
    static const lt_step_fn fns[] = {LT_CLIENT_STEPS(LT_CLIENT_STEP_FN)};
    size_t i = (size_t)c->state - LT_ST_CLIENT_FIRST;
    LT_ENSURE(i < sizeof(fns) / sizeof(fns[0]), &c->err, LATCH_ERR_INTERNAL,
              "client step in state %s", lt_state_name(c->state));
    return msg != NULL ? fns[i].read(c, msg) : fns[i].send(c);
}
