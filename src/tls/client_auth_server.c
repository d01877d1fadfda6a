/*
 * The server's side of client authentication: CertificateRequest out,
 * the client's Certificate and CertificateVerify in.
 */
#include <string.h>

#include "tls/client_auth.h"
#include "tls/negotiate.h"
#include "tls/trace.h"
#include "tls/hooks_call.h"
#include "tls/verify_peer.h"
#include "x509/cert.h"

/* The ClientCertificateTypes of the keys latch verifies: RSA, and ECDSA
 * (RFC 8422 5.5), which also stands for Ed25519 (RFC 8422 5.5). */
static const uint8_t requested_types[] = {LT_CERT_TYPE_RSA_SIGN, LT_CERT_TYPE_ECDSA_SIGN};
_Static_assert(LT_CONFIG_MAX_SIG_SCHEMES <= LT_MAX_CR_SIG_SCHEMES,
               "a CertificateRequest holds every scheme a config can have");

bool lt_server_send_certificate_request(latch_conn *c)
{
    lt_certificate_request cr;
    memset(&cr, 0, sizeof(cr));
    memcpy(cr.cert_types, requested_types, sizeof(requested_types));
    cr.cert_types_count = sizeof(requested_types);
    memcpy(cr.sig_schemes, c->cfg->sig_schemes, c->cfg->sig_scheme_count * sizeof(uint16_t));
    cr.sig_schemes_count = c->cfg->sig_scheme_count;
    /* RFC 5246 7.4.4: an empty certificate_authorities lets the client
     * send any certificate; the chain is judged when it comes. */
    size_t start = lt_hs_message_start(c);
    lt_certificate_request_write(&cr, &c->hs->flight);
    return lt_hs_queued(c, start);
}

/* The client's chain against our trust anchors: no name to match, and
 * an extendedKeyUsage, when present, must allow clientAuth. */
bool lt_server_check_client_chain(latch_conn *c)
{
    lt_handshake *hs = c->hs;
    LT_GUARD(lt_chain_parse(&hs->peer_chain, (const uint8_t *const *)c->peer_certs,
                            c->peer_cert_len, c->peer_cert_count, &c->err));
    hs->peer_key_ready =
        lt_key_cache_get(&c->cfg->peer_keys, &hs->peer_chain.certs[0], &hs->peer_key, &c->err);
    LT_GUARD(hs->peer_key_ready);
    lt_path path;
    bool ok = lt_verify_peer(c->cfg, &hs->peer_chain, NULL, LT_PURPOSE_CLIENT_AUTH,
                             LT_KU_DIGITAL_SIGNATURE, NULL, 0, false, &path, &c->err);
    lt_hs_trace_chain(c, ok ? &path : NULL, NULL);
    ok = lt_hook_verify(c, ok, &path);
    lt_chain_free(&hs->peer_chain);
    return ok;
}

bool lt_server_read_client_certificate(latch_conn *c, const lt_hs_msg *msg)
{
    const lt_certificate *chain = &msg->value->certificate;
    if (chain->count == 0) {
        /* RFC 5246 7.4.6: going on without one is the server's choice. */
        LT_ENSURE(c->cfg->client_cert != LATCH_CLIENT_CERT_REQUIRED, &c->err,
                  LATCH_ERR_HANDSHAKE_FAILURE,
                  "the client sent no certificate, and this server requires one");
        lt_hs_transcript_drop_messages(c);
    } else {
        LT_GUARD(lt_hs_keep_peer_chain(c, chain));
        LT_GUARD(lt_server_check_client_chain(c));
        c->hs->type |= LT_HT_CLIENT_CERT;
    }
    return lt_hs_transcript_add(c, msg->raw, msg->raw_len);
}

bool lt_server_read_certificate_verify(latch_conn *c, const lt_hs_msg *msg)
{
    lt_handshake *hs = c->hs;
    const lt_certificate_verify *cv = &msg->value->certificate_verify;
    uint16_t scheme = cv->sig.scheme;
    /* RFC 5246 7.4.8: one of the schemes the CertificateRequest offered. */
    LT_GUARD(lt_neg_check_peer_scheme(c->cfg, scheme, hs->peer_key.type, c->neg.version,
                                      "the client", "the CertificateRequest", &c->err));
    LT_GUARD(lt_hs_verify_peer_signature(c, scheme, hs->transcript_buf.data, hs->transcript_buf.len,
                                         cv->sig.signature, "the client's CertificateVerify",
                                         "its certificate's key",
                                         "it has not shown that it holds that key"));
    lt_hs_transcript_drop_messages(c);
    LT_GUARD(lt_hs_transcript_add(c, msg->raw, msg->raw_len));
    c->neg.client_auth = true;
    return true;
}
