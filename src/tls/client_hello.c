/*
 * The client's ClientHello (RFC 5246 7.4.1.2, RFC 8446 4.1.2): what it
 * offers for TLS 1.2 and, when the config allows it, for TLS 1.3; the
 * second hello after a HelloRetryRequest.
 */
#include <arpa/inet.h>
#include <string.h>

#include "crypto/kex.h"
#include "crypto/random.h"
#include "tls/client_parts.h"
#include "tls/hs13.h"
#include "tls/msg.h"
#include "tls/resume.h"
#include "tls/resume13.h"
#include "tls/suites13.h"
#include "tls/version.h"

static const uint8_t null_compression[1] = {0};

/* A literal IP address is matched against the certificate but never sent
 * as SNI (RFC 6066 3). */
static bool is_ip_literal(const char *name)
{
    uint8_t addr[16];
    return inet_pton(AF_INET, name, addr) == 1 || inet_pton(AF_INET6, name, addr) == 1;
}

/* RFC 7366: worth offering only with a CBC suite on the list. */
bool lt_client_offers_etm(const latch_config *cfg)
{
    for (size_t i = 0; cfg->encrypt_then_mac && i < cfg->suites.len; i++)
        if (!cfg->suites.suites[i]->aead)
            return true;
    return false;
}

/* RFC 8446 4.2.1: the versions offered, newest first. */
static const uint8_t versions_13_12[] = {0x03, 0x04, 0x03, 0x03};

/* The group of the first key share: the config's first elliptic curve
 * group (x25519 by default), which every TLS 1.3 server must take or
 * answer with a HelloRetryRequest. */
static uint16_t first_share_group(const latch_config *cfg)
{
    for (size_t i = 0; i < cfg->group_count; i++)
        if (lt_group_is_ec(cfg->groups[i]))
            return cfg->groups[i];
    return 0;
}

static bool make_share(latch_conn *c, uint16_t group, lt_client_hello *ch)
{
    lt_handshake *hs = c->hs;
    if (hs->kex_ready)
        lt_kex_free(&hs->kex);
    hs->kex_ready = false;
    LT_ENSURE(group != 0, &c->err, LATCH_ERR_CONFIG,
              "TLS 1.3 needs an elliptic curve group (x25519, secp256r1, secp384r1, x448) in the "
              "config's groups");
    LT_GUARD(lt_kex_generate(&hs->kex, group, hs->cli.client_public, sizeof(hs->cli.client_public),
                             &hs->cli.client_public_len, &c->err));
    hs->kex_ready = true;
    hs->t13.share_group = group;
    lt_ext13 *e = &ch->ext.tls13;
    e->key_share.present = true;
    e->key_share.count = 1;
    e->key_share.shares[0].group = group;
    e->key_share.shares[0].key_exchange =
        lt_span_make(hs->cli.client_public, hs->cli.client_public_len);
    return true;
}

/* RFC 8446 4.2.3: schemes a TLS 1.3 handshake may sign with; PKCS#1
 * v1.5 stays on the list only while TLS 1.2 is offered too. Certificates
 * signed with it are still accepted, so an offer that drops it lists the
 * whole set in signature_algorithms_cert, for servers that choose a
 * chain by it (RFC 8446 4.4.2.2). */
static void filter_schemes(lt_client_hello *ch)
{
    lt_ext13 *e = &ch->ext.tls13;
    size_t n = 0, all = ch->ext.signature_algorithms.count;
    for (size_t i = 0; i < all; i++) {
        uint16_t s = ch->ext.signature_algorithms.schemes[i];
        e->signature_algorithms_cert.schemes[i] = s;
        if (lt_hs13_scheme_allowed(s))
            ch->ext.signature_algorithms.schemes[n++] = s;
    }
    ch->ext.signature_algorithms.count = n;
    e->signature_algorithms_cert.present = n < all;
    e->signature_algorithms_cert.count = e->signature_algorithms_cert.listed = n < all ? all : 0;
}

/* The TLS 1.3 offer, when the config allows TLS 1.3: the suites,
 * supported_versions, one key share and a 32-byte legacy_session_id
 * (from random_id) unless resumption set one; after a HelloRetryRequest,
 * the share it asked for and its cookie. */
static bool offer_tls13(latch_conn *c, lt_client_hello *ch, const uint8_t random_id[32],
                        uint8_t *psk_offer)
{
    const latch_config *cfg = c->cfg;
    lt_handshake *hs = c->hs;
    if (cfg->max_version < LT_VERSION_TLS13)
        return true;
    bool only13 = cfg->min_version >= LT_VERSION_TLS13;
    /* The TLS 1.3 suites first (a TLS 1.2 server skips them). */
    const lt_suite_list *ours = &cfg->suites13;
    size_t keep = only13 ? 0 : ch->cipher_suites_count;
    memmove(ch->cipher_suites + ours->len, ch->cipher_suites, keep * sizeof(uint16_t));
    for (size_t i = 0; i < ours->len; i++)
        ch->cipher_suites[i] = ours->suites[i]->code;
    ch->cipher_suites_count = keep + ours->len;
    if (only13)
        filter_schemes(ch);
    lt_ext13 *e = &ch->ext.tls13;
    e->supported_versions.present = true;
    e->supported_versions.list = lt_span_make(versions_13_12, only13 ? 2 : 4);
    /* RFC 8446 D.4: middlebox compatibility mode, a 32-byte
     * legacy_session_id the server echoes. */
    if (hs->session_id_len == 0) {
        memcpy(hs->session_id, random_id, LT_SESSION_ID_MAX);
        hs->session_id_len = LT_SESSION_ID_MAX;
        memcpy(ch->session_id, random_id, LT_SESSION_ID_MAX);
        ch->session_id_len = LT_SESSION_ID_MAX;
    }
    /* RFC 8446 4.1.2: the second hello carries the share the
     * HelloRetryRequest asked for, and its cookie. */
    lt_client13_offer_psk(c, ch, psk_offer);
    if ((hs->type & LT_HT_HRR) == 0)
        return make_share(c, first_share_group(cfg), ch);
    if (hs->t13.cookie_len > 0) {
        e->cookie.present = true;
        e->cookie.cookie = lt_span_make(hs->t13.cookie, hs->t13.cookie_len);
    }
    return make_share(c, hs->t13.share_group, ch);
}

bool lt_client_send_hello(latch_conn *c)
{
    lt_handshake *hs = c->hs;
    const latch_config *cfg = c->cfg;
    bool second = (hs->type & LT_HT_HRR) != 0;
    lt_client_hello ch;
    memset(&ch, 0, sizeof(ch));
    /* RFC 8446 4.1.2: legacy_version stays TLS 1.2 when 1.3 is offered. */
    ch.version = LT_VERSION_TLS12;
    hs->client_version = ch.version;
    /* One call to the generator: the client random, and the session ID
     * that goes beside a ticket (RFC 5077 3.4). The second hello after a
     * HelloRetryRequest keeps the first one's (RFC 8446 4.1.2). */
    uint8_t fresh[LT_RANDOM_LEN + LT_SESSION_ID_MAX];
    if (second)
        memcpy(fresh, hs->client_random, LT_RANDOM_LEN);
    else
        LT_GUARD(lt_random(fresh, sizeof(fresh), &c->err));
    memcpy(ch.random, fresh, LT_RANDOM_LEN);
    memcpy(hs->client_random, ch.random, LT_RANDOM_LEN);
    hs->cli.offered_suite_count = 0;
    for (size_t i = 0; i < cfg->suites.len; i++) {
        ch.cipher_suites[ch.cipher_suites_count++] = cfg->suites.suites[i]->code;
        hs->cli.offered_suites[hs->cli.offered_suite_count++] = cfg->suites.suites[i]->code;
    }
    ch.compression_methods = lt_span_make(null_compression, sizeof(null_compression));
    lt_client_offer_session(c, &ch, fresh + LT_RANDOM_LEN);

    lt_extensions *ext = &ch.ext;
    if (c->sni_or_host[0] != '\0' && !is_ip_literal(c->sni_or_host)) {
        ext->server_name.present = true;
        ext->server_name.host_name =
            lt_span_make((const uint8_t *)c->sni_or_host, strlen(c->sni_or_host));
        strcpy(c->neg.server_name, c->sni_or_host);
    }
    ext->supported_groups.present = true;
    memcpy(ext->supported_groups.groups, cfg->groups, cfg->group_count * sizeof(uint16_t));
    ext->supported_groups.count = cfg->group_count;
    ext->ec_point_formats.present = true;
    ext->ec_point_formats.formats = lt_span_make(null_compression, 1); /* uncompressed (0) */
    ext->signature_algorithms.present = true;
    memcpy(ext->signature_algorithms.schemes, cfg->sig_schemes,
           cfg->sig_scheme_count * sizeof(uint16_t));
    ext->signature_algorithms.count = cfg->sig_scheme_count;
    ext->extended_master_secret.present = true;
    /* RFC 6066 8: ask for a stapled OCSP response; no responder list and
     * no request extensions. */
    ext->status_request.present = true;
    ext->status_request.status_type = LT_STATUS_TYPE_OCSP;
    /* RFC 6962 3.3.1: ask for Certificate Transparency SCTs, which the
     * trace shows (latch does not check them). */
    ext->tls13.signed_certificate_timestamp.present = true;
    ext->encrypt_then_mac.present = lt_client_offers_etm(cfg);
    /* RFC 5746 3.4: an empty renegotiation_info on the initial handshake. */
    ext->renegotiation_info.present = true;
    if (cfg->alpn_count > 0) {
        ext->alpn.present = true;
        for (size_t i = 0; i < cfg->alpn_count; i++)
            ext->alpn.protocols[i] = lt_span_make(cfg->alpn[i].name, cfg->alpn[i].len);
        ext->alpn.count = cfg->alpn_count;
    }
    lt_limits_offer(cfg, ext);

    if (second) {
        memcpy(ch.session_id, hs->session_id, hs->session_id_len);
        ch.session_id_len = hs->session_id_len;
    }
    uint8_t psk_offer[LT_PSK13_OFFER_MAX];
    LT_GUARD(offer_tls13(c, &ch, fresh + LT_RANDOM_LEN, psk_offer));

    size_t start = lt_hs_message_start(c);
    lt_client_hello_write(&ch, &hs->flight);
    LT_GUARD(lt_client13_bind_psk(c, start));
    return lt_hs_queued(c, start);
}
