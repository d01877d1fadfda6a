/*
 * The client's side of client authentication: a CertificateRequest in,
 * our Certificate and CertificateVerify out.
 */
#include <string.h>

#include "tls/client_auth.h"
#include "tls/negotiate.h"
#include "tls/trace.h"

/* RFC 5246 7.4.4 and RFC 8422 5.5: rsa_sign for an RSA key (RSA-PSS
 * too), ecdsa_sign for ECDSA and for Ed25519. */
static bool type_requested(const lt_certificate_request *cr, lt_key_type type)
{
    bool rsa = type == LT_KEY_RSA || type == LT_KEY_RSA_PSS;
    uint8_t wanted = rsa ? LT_CERT_TYPE_RSA_SIGN : LT_CERT_TYPE_ECDSA_SIGN;
    for (size_t i = 0; i < cr->cert_types_count; i++)
        if (cr->cert_types[i] == wanted)
            return true;
    return false;
}

bool lt_client_take_certificate_request(latch_conn *c, const lt_hs_msg *msg)
{
    lt_handshake *hs = c->hs;
    const lt_certificate_request *cr = &msg->value->certificate_request;
    hs->type |= LT_HT_CLIENT_AUTH;
    /* The first of ours whose key type the server asked for and which one
     * of its signature schemes can sign with; the CA names are only a
     * hint, and the server judges the chain. */
    for (size_t i = 0; i < c->cfg->cert_key_count && hs->cli.client_cert_key == NULL; i++) {
        const lt_cert_key *ck = &c->cfg->cert_keys[i];
        hs->cli.client_sig_scheme =
            type_requested(cr, ck->key.type)
                ? lt_neg_own_scheme(c->cfg, &ck->key, cr->sig_schemes, cr->sig_schemes_count)
                : 0;
        if (hs->cli.client_sig_scheme != 0)
            hs->cli.client_cert_key = ck;
    }
    if (hs->cli.client_cert_key != NULL)
        hs->type |= LT_HT_CLIENT_CERT;
    else {
        lt_hs_transcript_drop_messages(c);
        if (c->cfg->cert_key_count > 0)
            lt_trace_session(&c->trace,
                             "none of the client's certificates fits the server's "
                             "CertificateRequest (key type and signature scheme): an empty "
                             "Certificate follows");
    }
    return lt_hs_transcript_add(c, msg->raw, msg->raw_len);
}

bool lt_client_send_certificate(latch_conn *c)
{
    const lt_cert_key *ck = c->hs->cli.client_cert_key;
    /* RFC 5246 7.4.6: with no suitable certificate, an empty list. */
    lt_certificate chain;
    memset(&chain, 0, sizeof(chain));
    for (size_t i = 0; ck != NULL && i < ck->chain_count; i++)
        chain.certs[i] = lt_span_make(ck->chain[i], ck->chain_len[i]);
    chain.count = ck != NULL ? ck->chain_count : 0;
    size_t start = lt_hs_message_start(c);
    lt_certificate_write(&chain, &c->hs->flight);
    return lt_hs_queued(c, start);
}

bool lt_client_send_certificate_verify(latch_conn *c)
{
    lt_handshake *hs = c->hs;
    /* RFC 5246 7.4.8: the signature covers every handshake message from
     * ClientHello up to and including ClientKeyExchange. */
    uint8_t sig[LT_SIG_MAX_LEN];
    size_t sig_len;
    bool ok =
        lt_sign(&hs->cli.client_cert_key->key, hs->cli.client_sig_scheme, hs->transcript_buf.data,
                hs->transcript_buf.len, sig, sizeof(sig), &sig_len, &c->err);
    lt_hs_transcript_drop_messages(c);
    LT_GUARD(ok);
    lt_certificate_verify cv;
    cv.sig.scheme = hs->cli.client_sig_scheme;
    cv.sig.signature = lt_span_make(sig, sig_len);
    size_t start = lt_hs_message_start(c);
    lt_certificate_verify_write(&cv, &hs->flight);
    LT_GUARD(lt_hs_queued(c, start));
    c->neg.client_auth = true;
    return true;
}
