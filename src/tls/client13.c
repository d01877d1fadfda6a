/*
 * The client's TLS 1.3 handshake (RFC 8446 2, figure 1): what its
 * ClientHello adds to offer TLS 1.3, the ServerHello or
 * HelloRetryRequest that chooses it, then one function per row of
 * hs_order.h's LT_CLIENT13_STEPS.
 */
#include "tls/client13.h"

#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "crypto/kex.h"
#include "tls/client_parts.h"
#include "tls/conn.h"
#include "tls/hs13.h"
#include "tls/msg13.h"
#include "tls/negotiate.h"
#include "tls/record_limits.h"
#include "tls/resume13.h"
#include "tls/suites13.h"
#include "tls/trace.h"
#include "tls/version.h"

bool lt_client13_chosen(const latch_conn *c, const lt_server_hello *sh)
{
    (void)c;
    return sh->ext.tls13.supported_versions.present;
}

/* RFC 8446 4.1.3: the checks a ServerHello and a HelloRetryRequest share. */
static bool check_hello(latch_conn *c, const lt_server_hello *sh, bool hrr)
{
    lt_handshake *hs = c->hs;
    const lt_ext13 *e = &sh->ext.tls13;
    LT_ENSURE(c->cfg->max_version >= LT_VERSION_TLS13, &c->err, LATCH_ERR_UNSUPPORTED_EXTENSION,
              "the server sent supported_versions, which a TLS 1.2 client does not offer");
    LT_ENSURE(e->supported_versions.selected == LT_VERSION_TLS13, &c->err,
              LATCH_ERR_ILLEGAL_PARAMETER,
              "the server selected version 0x%04x in supported_versions, which the client did not "
              "offer there (RFC 8446 4.2.1)",
              e->supported_versions.selected);
    LT_ENSURE(sh->version == LT_VERSION_TLS12, &c->err, LATCH_ERR_ILLEGAL_PARAMETER,
              "the server's legacy_version is 0x%04x, not 0x0303 (RFC 8446 4.1.3)", sh->version);
    LT_ENSURE(sh->session_id_len == hs->session_id_len &&
                  memcmp(sh->session_id, hs->session_id, hs->session_id_len) == 0,
              &c->err, LATCH_ERR_ILLEGAL_PARAMETER,
              "the server's legacy_session_id_echo is not the client's legacy_session_id "
              "(RFC 8446 4.1.3)");
    const lt_suite *suite = lt_suite_list_has(&c->cfg->suites13, sh->cipher_suite)
                                ? lt_suite13_by_code(sh->cipher_suite)
                                : NULL;
    LT_ENSURE(suite != NULL, &c->err, LATCH_ERR_ILLEGAL_PARAMETER,
              "the server chose cipher suite 0x%04x for TLS 1.3, which the client did not offer",
              sh->cipher_suite);
    /* RFC 8446 4.1.4: the ServerHello after a HelloRetryRequest keeps its suite. */
    LT_ENSURE(c->neg.suite == NULL || c->neg.suite == suite, &c->err, LATCH_ERR_ILLEGAL_PARAMETER,
              "the server chose %s after its HelloRetryRequest chose %s (RFC 8446 4.1.4)",
              suite->iana_name, c->neg.suite->iana_name);
    c->neg.suite = suite;
    c->neg.version = LT_VERSION_TLS13;
    for (size_t i = 0; i < sh->ext.count; i++) {
        uint16_t type = sh->ext.types[i];
        bool offered = type == LT_EXT_SUPPORTED_VERSIONS || type == LT_EXT_KEY_SHARE ||
                       (type == LT_EXT_COOKIE && hrr) ||
                       (type == LT_EXT_PRE_SHARED_KEY && !hrr && hs->t13.psk_offered);
        LT_ENSURE(offered, &c->err,
                  lt_ext13_type_name(type) != NULL || strcmp(lt_ext_type_name(type), "unknown")
                      ? LATCH_ERR_ILLEGAL_PARAMETER
                      : LATCH_ERR_UNSUPPORTED_EXTENSION,
                  "the server's TLS 1.3 %s carries the %s extension (%u), which has no place "
                  "there (RFC 8446 4.2)",
                  hrr ? "HelloRetryRequest" : "ServerHello", lt_ext_type_name(type), type);
    }
    return true;
}

static bool take_hello_retry_request(latch_conn *c, const lt_server_hello *sh, const lt_hs_msg *msg)
{
    lt_handshake *hs = c->hs;
    const lt_ext13 *e = &sh->ext.tls13;
    LT_GUARD(check_hello(c, sh, true));
    uint16_t group = e->key_share.selected_group;
    LT_ENSURE(e->key_share.present && !e->key_share.has_share, &c->err, LATCH_ERR_ILLEGAL_PARAMETER,
              "the server's HelloRetryRequest carries no selected_group in key_share");
    /* RFC 8446 4.2.8: a group we offered, and not the one we sent a share for. */
    LT_ENSURE(lt_group_is_ec(group) && lt_config_has_group(c->cfg, group), &c->err,
              LATCH_ERR_ILLEGAL_PARAMETER,
              "the server's HelloRetryRequest asks for group 0x%04x, which the client did not "
              "offer",
              group);
    LT_ENSURE(group != hs->t13.share_group, &c->err, LATCH_ERR_ILLEGAL_PARAMETER,
              "the server's HelloRetryRequest asks for %s, the group the client already sent a "
              "share for (RFC 8446 4.2.8)",
              lt_group_name(group));
    if (e->cookie.present) {
        LT_ENSURE(e->cookie.cookie.len <= LT_HS13_MAX_COOKIE, &c->err, LATCH_ERR_ILLEGAL_PARAMETER,
                  "the server's cookie is %zu bytes, more than the %d this client keeps",
                  e->cookie.cookie.len, LT_HS13_MAX_COOKIE);
        memcpy(hs->t13.cookie, e->cookie.cookie.data, e->cookie.cookie.len);
        hs->t13.cookie_len = e->cookie.cookie.len;
    }
    hs->t13.share_group = group;
    c->neg.group = group;
    LT_GUARD(lt_hs_transcript_start_hash(c));
    LT_GUARD(lt_hs13_transcript_after_hrr(c));
    LT_GUARD(lt_hs_transcript_add(c, msg->raw, msg->raw_len));
    hs->type = LT_HT_TLS13 | LT_HT_HRR | LT_HT_MIDDLEBOX;
    return true;
}

static bool take_server_hello(latch_conn *c, const lt_server_hello *sh, const lt_hs_msg *msg)
{
    lt_handshake *hs = c->hs;
    const lt_ext13 *e = &sh->ext.tls13;
    LT_GUARD(check_hello(c, sh, false));
    /* The client offers psk_dhe_ke only: a key share comes either way. */
    LT_ENSURE(e->key_share.present && e->key_share.has_share, &c->err, LATCH_ERR_MISSING_EXTENSION,
              "the server's TLS 1.3 ServerHello has no key_share (the client offers no PSK "
              "without (EC)DHE)");
    LT_ENSURE(e->key_share.server_share.group == hs->t13.share_group, &c->err,
              LATCH_ERR_ILLEGAL_PARAMETER,
              "the server's key share is for group 0x%04x, but the client sent one for %s",
              e->key_share.server_share.group, lt_group_name(hs->t13.share_group));
    c->neg.group = hs->t13.share_group;
    memcpy(hs->server_random, sh->random, LT_RANDOM_LEN);
    lt_span peer = e->key_share.server_share.key_exchange;
    uint8_t shared[LT_KEX_MAX_SECRET];
    size_t shared_len;
    bool derived =
        lt_kex_derive(&hs->kex, peer.data, peer.len, shared, sizeof(shared), &shared_len, &c->err);
    lt_kex_free(&hs->kex);
    hs->kex_ready = false;
    LT_GUARD(derived);
    if (!lt_hs_transcript_add(c, msg->raw, msg->raw_len) ||
        (hs->phase < LT_HS_PHASE_HASHING && !lt_hs_transcript_start_hash(c))) {
        lt_wipe(shared, sizeof(shared));
        return false;
    }
    hs->type = (hs->type & LT_HT_HRR) | LT_HT_TLS13 | LT_HT_MIDDLEBOX;
    if (!lt_client13_take_psk(c, sh)) {
        lt_wipe(shared, sizeof(shared));
        return false;
    }
    return lt_hs13_handshake_keys(c, shared, shared_len);
}

bool lt_client13_take_hello(latch_conn *c, const lt_server_hello *sh, const lt_hs_msg *msg)
{
    if (lt_random_is_hrr(sh->random))
        return take_hello_retry_request(c, sh, msg);
    return take_server_hello(c, sh, msg);
}

bool lt_client13_check_downgrade(latch_conn *c, const lt_server_hello *sh, lt_error *err)
{
    /* The key share offered for TLS 1.3 goes unused. */
    if (c->hs->kex_ready)
        lt_kex_free(&c->hs->kex);
    c->hs->kex_ready = false;
    /* RFC 8446 4.1.3: a client able to do TLS 1.3 that gets TLS 1.2 checks
     * the sentinel a TLS 1.3 server puts there when it could have. */
    LT_ENSURE(c->cfg->max_version < LT_VERSION_TLS13 || !lt_random_has_downgrade(sh->random), err,
              LATCH_ERR_ILLEGAL_PARAMETER,
              "the server chose TLS 1.2 but its random ends with the TLS 1.3 downgrade sentinel "
              "(RFC 8446 4.1.3): someone in the path removed TLS 1.3 from the ClientHello");
    return true;
}

/* ---- the rows of LT_CLIENT13_STEPS ---- */

static bool read_server_hello2(latch_conn *c, const lt_hs_msg *msg)
{
    lt_server_hello sh;
    LT_GUARD(lt_server_hello_parse(msg->body, msg->len, &sh, &c->err));
    LT_ENSURE(lt_client13_chosen(c, &sh), &c->err, LATCH_ERR_ILLEGAL_PARAMETER,
              "the server answered the second ClientHello with a version other than TLS 1.3, "
              "after asking for it with a HelloRetryRequest");
    LT_ENSURE(!lt_random_is_hrr(sh.random), &c->err, LATCH_ERR_UNEXPECTED_MESSAGE,
              "the server sent a second HelloRetryRequest (RFC 8446 4.1.4)");
    return take_server_hello(c, &sh, msg);
}

/* RFC 8446 4.2: the server answers only what the client asked for. */
static bool check_encrypted_extensions(latch_conn *c, const lt_extensions *ext)
{
    for (size_t i = 0; i < ext->count; i++) {
        uint16_t type = ext->types[i];
        bool offered = type == LT_EXT_SUPPORTED_GROUPS ||
                       (type == LT_EXT_SERVER_NAME && c->neg.server_name[0] != '\0') ||
                       (type == LT_EXT_ALPN && c->cfg->alpn_count > 0) ||
                       (type == LT_EXT_RECORD_SIZE_LIMIT && c->cfg->record_size_limit != 0) ||
                       (type == LT_EXT_MAX_FRAGMENT_LENGTH && c->cfg->max_fragment_length != 0);
        LT_ENSURE(offered, &c->err, LATCH_ERR_UNSUPPORTED_EXTENSION,
                  "the server sent the %s extension (%u) in EncryptedExtensions, which the "
                  "client did not offer",
                  lt_ext_type_name(type), type);
    }
    LT_GUARD(lt_limits_client_accept(c, ext));
    /* RFC 8449 4: the server's records after EncryptedExtensions keep to
     * our limit; those before it (under the same keys) need not. */
    lt_limits_on_keys(c, true);
    return lt_client_take_alpn(c, ext);
}

static bool read_encrypted_extensions(latch_conn *c, const lt_hs_msg *msg)
{
    lt_encrypted_extensions ee;
    LT_GUARD(lt_encrypted_extensions_parse(msg->body, msg->len, &ee, &c->err));
    LT_GUARD(check_encrypted_extensions(c, &ee.ext));
    return lt_hs_transcript_add(c, msg->raw, msg->raw_len);
}

static bool read_certificate_request(latch_conn *c, const lt_hs_msg *msg)
{
    lt_handshake *hs = c->hs;
    lt_certificate_request13 cr;
    LT_GUARD(lt_certificate_request13_parse(msg->body, msg->len, &cr, &c->err));
    /* RFC 8446 4.3.2: empty in the handshake (no post-handshake auth offered). */
    LT_ENSURE(cr.context.len == 0, &c->err, LATCH_ERR_ILLEGAL_PARAMETER,
              "the server's CertificateRequest has a %zu-byte context; it is empty during the "
              "handshake (RFC 8446 4.3.2)",
              cr.context.len);
    hs->type |= LT_HT_CLIENT_AUTH;
    uint16_t schemes[LT_MAX_SIG_SCHEMES];
    size_t n = 0;
    for (size_t i = 0; i < cr.ext.signature_algorithms.count; i++)
        if (lt_hs13_scheme_allowed(cr.ext.signature_algorithms.schemes[i]))
            schemes[n++] = cr.ext.signature_algorithms.schemes[i];
    for (size_t i = 0; i < c->cfg->cert_key_count && hs->cli.client_cert_key == NULL; i++) {
        const lt_cert_key *ck = &c->cfg->cert_keys[i];
        hs->cli.client_sig_scheme = lt_neg_own_scheme(c->cfg, &ck->key, schemes, n);
        if (hs->cli.client_sig_scheme != 0)
            hs->cli.client_cert_key = ck;
    }
    if (hs->cli.client_cert_key != NULL)
        hs->type |= LT_HT_CLIENT_CERT;
    else if (c->cfg->cert_key_count > 0)
        lt_trace_session(&c->trace, "none of the client's certificates signs with a scheme of the "
                                    "server's CertificateRequest: an empty Certificate follows");
    return lt_hs_transcript_add(c, msg->raw, msg->raw_len);
}

/* The leaf's OCSP response (RFC 8446 4.4.2.1), kept to check with the chain. */
static bool keep_staple(latch_conn *c, lt_span ocsp)
{
    if (ocsp.len == 0)
        return true;
    c->hs->cli.staple = malloc(ocsp.len);
    LT_ENSURE(c->hs->cli.staple != NULL, &c->err, LATCH_ERR_MEMORY,
              "out of memory keeping the server's OCSP response");
    memcpy(c->hs->cli.staple, ocsp.data, ocsp.len);
    c->hs->cli.staple_len = ocsp.len;
    c->hs->cli.status_acknowledged = true;
    return true;
}

static bool read_certificate(latch_conn *c, const lt_hs_msg *msg)
{
    lt_handshake *hs = c->hs;
    lt_certificate13 cert;
    LT_GUARD(lt_certificate13_parse(msg->body, msg->len, &cert, &c->err));
    LT_ENSURE(cert.context.len == 0, &c->err, LATCH_ERR_ILLEGAL_PARAMETER,
              "the server's Certificate has a request context; it must be empty (RFC 8446 4.4.2)");
    /* RFC 8446 4.4.2.4: an empty chain from the server is decode_error. */
    LT_ENSURE(cert.count > 0, &c->err, LATCH_ERR_DECODE,
              "the server sent an empty certificate chain");
    lt_certificate chain;
    memcpy(chain.certs, cert.certs, sizeof(chain.certs));
    chain.count = cert.count;
    LT_GUARD(lt_hs_keep_peer_chain(c, &chain));
    LT_GUARD(keep_staple(c, cert.ocsp[0]));
    LT_GUARD(lt_chain_parse(&hs->peer_chain, (const uint8_t *const *)c->peer_certs,
                            c->peer_cert_len, c->cfg->verify ? c->peer_cert_count : 1, &c->err));
    hs->peer_key_ready = lt_cert_pubkey(&hs->peer_chain.certs[0], &hs->peer_key, &c->err);
    LT_GUARD(hs->peer_key_ready);
    /* The chapter's promise: the chain is valid before the client answers. */
    LT_GUARD(lt_client_check_server_chain(c));
    return lt_hs_transcript_add(c, msg->raw, msg->raw_len);
}

static bool read_certificate_verify(latch_conn *c, const lt_hs_msg *msg)
{
    return lt_hs13_check_certificate_verify(c, msg);
}

static bool read_finished(latch_conn *c, const lt_hs_msg *msg)
{
    LT_GUARD(lt_hs13_check_finished(c, msg));
    return lt_hs13_application_keys(c);
}

static bool send_certificate(latch_conn *c)
{
    LT_GUARD(lt_hs13_protect_writes(c));
    const lt_cert_key *ck = c->hs->cli.client_cert_key;
    /* RFC 8446 4.4.2: with no suitable certificate, an empty list. */
    lt_certificate13 cert;
    memset(&cert, 0, sizeof(cert));
    for (size_t i = 0; ck != NULL && i < ck->chain_count; i++)
        cert.certs[i] = lt_span_make(ck->chain[i], ck->chain_len[i]);
    cert.count = ck != NULL ? ck->chain_count : 0;
    size_t start = lt_hs_message_start(c);
    lt_certificate13_write(&cert, &c->hs->flight);
    return lt_hs_queued(c, start);
}

static bool send_certificate_verify(latch_conn *c)
{
    LT_GUARD(lt_hs13_send_certificate_verify(c, c->hs->cli.client_cert_key,
                                             c->hs->cli.client_sig_scheme));
    c->neg.client_auth = true;
    return true;
}

static bool send_finished(latch_conn *c)
{
    LT_GUARD(lt_hs13_send_finished(c));
    LT_GUARD(lt_resume13_master(c));
    LT_GUARD(lt_hs_flush(c));
    return lt_hs13_install(c, LT_RECORD_WRITE, c->hs->t13.client_app);
}

#define LT_CLIENT13_STEP_FN(state, d, t, w, u, opt, fn)                                            \
    [LT_ST_##state - LT_ST_CLIENT13_FIRST] = {LT_STEP_##d##_FN(fn)},

bool lt_client13_step(latch_conn *c, const lt_hs_msg *msg)
{
    static const lt_step_fn fns[] = {LT_CLIENT13_STEPS(LT_CLIENT13_STEP_FN)};
    size_t i = (size_t)c->state - LT_ST_CLIENT13_FIRST;
    LT_ENSURE(i < sizeof(fns) / sizeof(fns[0]), &c->err, LATCH_ERR_INTERNAL,
              "TLS 1.3 client step in state %s", lt_state_name(c->state));
    return msg != NULL ? fns[i].read(c, msg) : fns[i].send(c);
}
