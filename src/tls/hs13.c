/*
 * The TLS 1.3 handshake steps both roles take (hs13.h).
 */
#include "tls/hs13.h"

#include <string.h>

#include "base/mem.h"
#include "crypto/sig.h"
#include "tls/conn.h"
#include "tls/hs13_trace.h"
#include "tls/keylog13.h"
#include "tls/msg13.h"
#include "tls/negotiate.h"
#include "tls/pump.h"
#include "tls/record13.h"
#include "tls/record_limits.h"
#include "tls/trace.h"

static lt_hash_alg suite_hash(const latch_conn *c)
{
    return c->neg.suite->prf_hash;
}

bool lt_hs13_install(latch_conn *c, int dir, const uint8_t *secret)
{
    /* RFC 8449 4: the limits bind every protected record; a write key
     * takes its padding cap from the write limit. */
    lt_limits_on_keys(c, dir == LT_RECORD_READ);
    LT_GUARD(lt_record_set_tls13(&c->rl, (lt_record_direction)dir, suite_hash(c),
                                 c->neg.suite->aead_alg, secret, &c->err));
    if (dir == LT_RECORD_READ)
        c->read_protected = true;
    else
        c->write_protected = true;
    return true;
}

/* RFC 8446 5.1: handshake messages may not span a key change. */
static bool install_read(latch_conn *c, const uint8_t *secret)
{
    LT_GUARD(lt_hs_reasm_check_key_change(&c->hs->reasm, &c->err));
    return lt_hs13_install(c, LT_RECORD_READ, secret);
}

/* A traffic secret: to the key log, and to the trace as the
 * Derive-Secret step that made it. */
static void log_secret(latch_conn *c, const char *keylog_label, const char *name, const char *base,
                       const char *label, const char *messages, const uint8_t *th, size_t th_len,
                       const uint8_t *secret)
{
    lt_keylog13(c->cfg, keylog_label, c->hs->client_random, secret, c->hs->t13.ks.len);
    lt_hs13_trace_derive(c, name, base, label, messages, th, th_len, secret);
}

bool lt_hs13_handshake_keys(latch_conn *c, uint8_t *shared, size_t len)
{
    lt_hs13 *t = &c->hs->t13;
    uint8_t th[LT_HASH_MAX_LEN];
    size_t th_len;
    bool resumed = t->psk_len > 0;
    bool ok = lt_ks13_early(&t->ks, suite_hash(c), resumed ? t->psk : NULL, t->psk_len, &c->err);
    lt_wipe(t->psk, sizeof(t->psk));
    if (ok)
        lt_hs13_trace_extract(c, "early_secret", "0",
                              resumed ? "PSK (the resumed session's ticket)"
                                      : "Hash.length zero bytes (a full handshake has no PSK)");
    lt_trace_keys(&c->trace, "(EC)DHE shared secret", "the key exchange's shared secret", shared,
                  len, NULL, 0);
    ok = ok && lt_ks13_handshake(&t->ks, shared, len, &c->err);
    lt_wipe(shared, len);
    LT_GUARD(ok);
    lt_hs13_trace_extract(c, "handshake_secret", "Derive-Secret(early_secret, \"derived\", \"\")",
                          "the (EC)DHE shared secret");
    LT_GUARD(lt_hs_transcript_hash(c, th, &th_len));
    LT_GUARD(lt_ks13_handshake_traffic(&t->ks, th, th_len, t->client_hs, t->server_hs, &c->err));
    log_secret(c, LT_KEYLOG_CLIENT_HS, "client_handshake_traffic_secret", "handshake_secret",
               "c hs traffic", "ClientHello..ServerHello", th, th_len, t->client_hs);
    log_secret(c, LT_KEYLOG_SERVER_HS, "server_handshake_traffic_secret", "handshake_secret",
               "s hs traffic", "ClientHello..ServerHello", th, th_len, t->server_hs);
    lt_hs13_trace_finished_keys(c);
    bool client = c->role == LATCH_CLIENT;
    t->pending_write = client ? t->client_hs : t->server_hs;
    return install_read(c, client ? t->server_hs : t->client_hs);
}

bool lt_hs13_application_keys(latch_conn *c)
{
    lt_hs13 *t = &c->hs->t13;
    uint8_t th[LT_HASH_MAX_LEN];
    size_t th_len;
    LT_GUARD(lt_hs_transcript_hash(c, th, &th_len));
    LT_GUARD(lt_ks13_master(&t->ks, &c->err));
    lt_hs13_trace_extract(c, "master_secret", "Derive-Secret(handshake_secret, \"derived\", \"\")",
                          "Hash.length zero bytes");
    LT_GUARD(lt_ks13_app_traffic(&t->ks, th, th_len, t->client_app, t->server_app, NULL, &c->err));
    log_secret(c, LT_KEYLOG_CLIENT_AP, "client_application_traffic_secret_0", "master_secret",
               "c ap traffic", "ClientHello..server Finished", th, th_len, t->client_app);
    log_secret(c, LT_KEYLOG_SERVER_AP, "server_application_traffic_secret_0", "master_secret",
               "s ap traffic", "ClientHello..server Finished", th, th_len, t->server_app);
    if (c->role == LATCH_CLIENT)
        return install_read(c, t->server_app);
    /* The server's flight went out under its handshake key. */
    LT_GUARD(lt_hs_flush(c));
    return lt_hs13_install(c, LT_RECORD_WRITE, t->server_app);
}

bool lt_hs13_transcript_after_hrr(latch_conn *c)
{
    lt_handshake *hs = c->hs;
    lt_hash_alg alg = suite_hash(c);
    uint8_t ch1_hash[LT_HASH_MAX_LEN], synthetic[LT_TLS13_MESSAGE_HASH_MAX];
    size_t ch1_len, synthetic_len;
    LT_GUARD(lt_hs_transcript_hash(c, ch1_hash, &ch1_len));
    LT_GUARD(lt_tls13_message_hash(alg, ch1_hash, ch1_len, synthetic, &synthetic_len, &c->err));
    lt_hash_free(&hs->transcript);
    hs->phase = LT_HS_PHASE_HELLOS;
    lt_writer_reset(&hs->transcript_buf);
    LT_GUARD(lt_hs_transcript_start_hash(c));
    return lt_hs_transcript_add(c, synthetic, synthetic_len);
}

bool lt_hs13_protect_writes(latch_conn *c)
{
    lt_hs13 *t = &c->hs->t13;
    if (t->pending_write == NULL)
        return true;
    LT_GUARD(lt_hs_flush(c));
    const uint8_t *secret = t->pending_write;
    t->pending_write = NULL;
    return lt_hs13_install(c, LT_RECORD_WRITE, secret);
}

void lt_hs13_alert_keys(latch_conn *c)
{
    lt_hs13 *t = &c->hs->t13;
    if (t->pending_write == NULL || c->hs->flight.len > 0)
        return;
    lt_error ignored;
    lt_error_clear(&ignored);
    if (lt_record_set_tls13(&c->rl, LT_RECORD_WRITE, suite_hash(c), c->neg.suite->aead_alg,
                            t->pending_write, &ignored))
        c->write_protected = true;
    t->pending_write = NULL;
}

/* The base key of a sender's Finished: its handshake traffic secret. */
static const uint8_t *finished_key(const latch_conn *c, bool ours)
{
    bool client = (c->role == LATCH_CLIENT) == ours;
    return client ? c->hs->t13.client_hs : c->hs->t13.server_hs;
}

bool lt_hs13_send_finished(latch_conn *c)
{
    LT_GUARD(lt_hs13_protect_writes(c));
    uint8_t th[LT_HASH_MAX_LEN];
    size_t th_len;
    LT_GUARD(lt_hs_transcript_hash(c, th, &th_len));
    lt_finished13 fin;
    fin.len = th_len;
    LT_GUARD(lt_tls13_finished(suite_hash(c), finished_key(c, true), th, th_len, fin.verify_data,
                               &c->err));
    size_t start = lt_hs_message_start(c);
    lt_finished13_write(&fin, &c->hs->flight);
    return lt_hs_queued(c, start);
}

bool lt_hs13_check_finished(latch_conn *c, const lt_hs_msg *msg)
{
    uint8_t th[LT_HASH_MAX_LEN], expected[LT_HASH_MAX_LEN];
    size_t th_len;
    LT_GUARD(lt_hs_transcript_hash(c, th, &th_len));
    lt_finished13 fin;
    LT_GUARD(lt_finished13_parse(msg->body, msg->len, th_len, &fin, &c->err));
    LT_GUARD(
        lt_tls13_finished(suite_hash(c), finished_key(c, false), th, th_len, expected, &c->err));
    bool same = lt_ct_equal(fin.verify_data, expected, th_len);
    lt_wipe(expected, sizeof(expected));
    LT_ENSURE(same, &c->err, LATCH_ERR_DECRYPT_ERROR,
              "the peer's Finished does not match our transcript: a handshake message was changed "
              "in transit, or the two sides derived different keys");
    return lt_hs_transcript_add(c, msg->raw, msg->raw_len);
}

bool lt_hs13_scheme_allowed(uint16_t scheme)
{
    /* RFC 8446 4.2.3: RSASSA-PKCS1-v1_5 "refer[s] solely to signatures
     * which appear in certificates"; SHA-1 schemes are not supported. */
    return lt_sig_scheme_supported(scheme) && (scheme >> 8) != 0x02 && scheme != 0x0401 &&
           scheme != 0x0501 && scheme != 0x0601;
}

/* RFC 8446 4.4.3: the content covered, for this sender. */
static bool cv_content(latch_conn *c, bool server, uint8_t out[LT_CV13_CONTENT_MAX], size_t *len)
{
    uint8_t th[LT_HASH_MAX_LEN];
    size_t th_len;
    LT_GUARD(lt_hs_transcript_hash(c, th, &th_len));
    *len = lt_cv13_content(server ? LT_CV13_SERVER : LT_CV13_CLIENT, th, th_len, out);
    return true;
}

bool lt_hs13_send_certificate_verify(latch_conn *c, const void *cert_key, uint16_t scheme)
{
    const lt_cert_key *ck = cert_key;
    uint8_t content[LT_CV13_CONTENT_MAX], sig[LT_SIG_MAX_LEN];
    size_t len, sig_len;
    LT_GUARD(cv_content(c, c->role == LATCH_SERVER, content, &len));
    LT_GUARD(lt_sign(&ck->key, scheme, content, len, sig, sizeof(sig), &sig_len, &c->err));
    lt_certificate_verify cv = {{scheme, lt_span_make(sig, sig_len)}};
    size_t start = lt_hs_message_start(c);
    lt_certificate_verify_write(&cv, &c->hs->flight);
    return lt_hs_queued(c, start);
}

bool lt_hs13_check_certificate_verify(latch_conn *c, const lt_hs_msg *msg)
{
    lt_certificate_verify cv;
    LT_GUARD(lt_certificate_verify_parse(msg->body, msg->len, &cv, &c->err));
    bool server = c->role == LATCH_CLIENT;
    const char *who = server ? "the server" : "the client";
    uint16_t scheme = cv.sig.scheme;
    LT_ENSURE(lt_hs13_scheme_allowed(scheme), &c->err, LATCH_ERR_ILLEGAL_PARAMETER,
              "%s signed its TLS 1.3 CertificateVerify with %s (0x%04x), which TLS 1.3 does not "
              "allow there (RFC 8446 4.2.3)",
              who, lt_sig_scheme_name(scheme), scheme);
    LT_GUARD(lt_neg_check_peer_scheme(c->cfg, scheme, c->hs->peer_key.type, LT_VERSION_TLS13, who,
                                      server ? "the client" : "the server", &c->err));
    uint8_t content[LT_CV13_CONTENT_MAX];
    size_t len;
    LT_GUARD(cv_content(c, server, content, &len));
    LT_GUARD(lt_hs_verify_peer_signature(
        c, scheme, content, len, cv.sig.signature, "the CertificateVerify signature",
        server ? "the server certificate's key" : "the client certificate's key",
        "the handshake was changed in transit, or the peer does not hold the certificate's key"));
    if (server)
        c->neg.sig_scheme = scheme;
    return lt_hs_transcript_add(c, msg->raw, msg->raw_len);
}

bool lt_hs13_send_dummy_ccs(latch_conn *c)
{
    LT_GUARD(lt_hs_flush(c));
    static const uint8_t ccs[1] = {1};
    lt_hs_trace_ccs(c, true, ccs, sizeof(ccs));
    return lt_pump_seal(c, LT_CT_CHANGE_CIPHER_SPEC, ccs, sizeof(ccs));
}

bool lt_hs13_take_ccs(latch_conn *c, const uint8_t *data, size_t len)
{
    lt_hs13 *t = &c->hs->t13;
    LT_ENSURE(len == 1 && data[0] == 1, &c->err, LATCH_ERR_UNEXPECTED_MESSAGE,
              "a TLS 1.3 ChangeCipherSpec must be the single byte 1 (RFC 8446 5)");
    LT_ENSURE(!t->peer_ccs_seen, &c->err, LATCH_ERR_UNEXPECTED_MESSAGE,
              "a second ChangeCipherSpec in a TLS 1.3 handshake (RFC 8446 5 allows one, for "
              "middlebox compatibility)");
    t->peer_ccs_seen = true;
    lt_hs_trace_ccs(c, false, data, len);
    return true;
}
