/*
 * What both roles do in a handshake: the transcript, queuing and sealing
 * messages, turning the pre-master secret into keys, ChangeCipherSpec and
 * Finished.
 */
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "tls/conn.h"
#include "tls/msg.h"
#include "tls/pump.h"
#include "tls/trace.h"
#include "tls/version.h"

/* The version's table; the hellos settled the version before the
 * transcript started hashing (lt_hs_transcript_start_hash checks it). */
static const lt_version_ops *ops(const latch_conn *c)
{
    return lt_version_ops_of(c->neg.version);
}

bool lt_hs_start(latch_conn *c)
{
    c->hs = calloc(1, sizeof(*c->hs));
    LT_ENSURE(c->hs != NULL, &c->err, LATCH_ERR_MEMORY, "out of memory starting a handshake");
    lt_hs_reasm_init(&c->hs->reasm, c->cfg->max_handshake_message);
    lt_writer_init_growable(&c->hs->flight, LT_CONN_MAX_OUTPUT);
    lt_writer_init_growable(&c->hs->transcript_buf, LT_CONN_MAX_OUTPUT);
    /* RFC 5246 7.4.8: CertificateVerify signs the messages themselves,
     * with the scheme's hash, not the PRF's: keep them while it may come. */
    c->hs->keep_messages = c->role == LATCH_SERVER ? c->cfg->client_cert != LATCH_CLIENT_CERT_NONE
                                                   : c->cfg->cert_key_count > 0;
    return true;
}

void lt_hs_finish(latch_conn *c)
{
    lt_handshake *hs = c->hs;
    if (hs == NULL)
        return;
    lt_hs_reasm_free(&hs->reasm);
    lt_writer_free(&hs->flight);
    lt_writer_free(&hs->transcript_buf);
    if (hs->phase >= LT_HS_PHASE_HASHING)
        lt_hash_free(&hs->transcript);
    if (hs->kex_ready)
        lt_kex_free(&hs->kex);
    if (hs->peer_key_ready)
        lt_pubkey_free(&hs->peer_key);
    lt_chain_free(&hs->peer_chain);
    free(hs->cli.staple);
    lt_free_secret(hs->srv.resume_state, sizeof(*hs->srv.resume_state));
    lt_key_block_wipe(&hs->keys);
    lt_wipe(hs, sizeof(*hs));
    free(hs);
    c->hs = NULL;
}

bool lt_hs_transcript_add(latch_conn *c, const uint8_t *msg, size_t len)
{
    lt_handshake *hs = c->hs;
    bool hashing = hs->phase >= LT_HS_PHASE_HASHING;
    if (hashing)
        LT_GUARD(lt_hash_update(&hs->transcript, msg, len, &c->err));
    if (hashing && !hs->keep_messages)
        return true;
    lt_write_bytes(&hs->transcript_buf, msg, len);
    LT_ENSURE(lt_writer_ok(&hs->transcript_buf), &c->err, LATCH_ERR_MEMORY,
              "the handshake transcript does not fit in memory");
    return true;
}

bool lt_hs_transcript_start_hash(latch_conn *c)
{
    lt_handshake *hs = c->hs;
    bool tls13 = c->neg.version == LT_VERSION_TLS13; /* RFC 8446 4.4.1: the suite's hash */
    LT_ENSURE(tls13 || ops(c) != NULL, &c->err, LATCH_ERR_INTERNAL,
              "no key schedule for protocol version 0x%04x", c->neg.version);
    lt_hash_alg alg = tls13 ? c->neg.suite->prf_hash : ops(c)->transcript_hash(c->neg.suite);
    LT_GUARD(lt_hash_init(&hs->transcript, alg, &c->err));
    hs->phase = LT_HS_PHASE_HASHING;
    LT_GUARD(
        lt_hash_update(&hs->transcript, hs->transcript_buf.data, hs->transcript_buf.len, &c->err));
    if (!hs->keep_messages)
        lt_writer_free(&hs->transcript_buf);
    return true;
}

void lt_hs_transcript_drop_messages(latch_conn *c)
{
    lt_handshake *hs = c->hs;
    if (hs->phase < LT_HS_PHASE_HASHING)
        return;
    hs->keep_messages = false;
    lt_writer_free(&hs->transcript_buf);
}

bool lt_hs_verify_peer_signature(latch_conn *c, uint16_t scheme, const uint8_t *data, size_t len,
                                 lt_span sig, const char *what, const char *key,
                                 const char *meaning)
{
    bool ok = lt_verify(&c->hs->peer_key, scheme, data, len, sig.data, sig.len, &c->err);
    lt_trace_signature(&c->trace, scheme, ok);
    if (ok)
        return true;
    lt_error_clear(&c->err);
    return LT_FAIL(&c->err, LATCH_ERR_DECRYPT_ERROR, "%s (%s) does not verify with %s: %s", what,
                   lt_sig_scheme_name(scheme), key, meaning);
}

bool lt_hs_keep_peer_chain(latch_conn *c, const lt_certificate *chain)
{
    for (size_t i = 0; i < chain->count; i++) {
        c->peer_certs[i] = malloc(chain->certs[i].len);
        LT_ENSURE(c->peer_certs[i] != NULL, &c->err, LATCH_ERR_MEMORY,
                  "out of memory keeping the peer's certificates");
        memcpy(c->peer_certs[i], chain->certs[i].data, chain->certs[i].len);
        c->peer_cert_len[i] = chain->certs[i].len;
        c->peer_cert_count++;
    }
    return true;
}

bool lt_hs_transcript_hash(latch_conn *c, uint8_t *out, size_t *len)
{
    LT_ENSURE(c->hs->phase >= LT_HS_PHASE_HASHING, &c->err, LATCH_ERR_INTERNAL,
              "transcript hash asked for before the suite was chosen");
    *len = lt_hash_len(c->hs->transcript.alg);
    return lt_hash_peek(&c->hs->transcript, out, &c->err);
}

size_t lt_hs_message_start(const latch_conn *c)
{
    return c->hs->flight.len;
}

bool lt_hs_queued(latch_conn *c, size_t start)
{
    lt_writer *flight = &c->hs->flight;
    LT_ENSURE(lt_writer_ok(flight), &c->err, LATCH_ERR_MEMORY,
              "the handshake flight does not fit in memory");
    const uint8_t *msg = flight->data + start;
    size_t len = flight->len - start;
    LT_GUARD(lt_hs_transcript_add(c, msg, len));
    if (lt_tracing(&c->trace))
        lt_hs_trace_sent(c, msg, len);
    return true;
}

bool lt_hs_flush(latch_conn *c)
{
    lt_handshake *hs = c->hs;
    if (hs == NULL || hs->flight.len == 0)
        return true;
    LT_GUARD(lt_pump_seal(c, LT_CT_HANDSHAKE, hs->flight.data, hs->flight.len));
    lt_writer_reset(&hs->flight);
    return true;
}

bool lt_hs_derive_keys(latch_conn *c, uint8_t *pre_master, size_t len)
{
    return ops(c)->derive_keys(c, pre_master, len);
}

bool lt_hs_resume_keys(latch_conn *c, const char *how)
{
    return ops(c)->resume_keys(c, how);
}

static bool set_keys(latch_conn *c, lt_record_direction dir, lt_sender sender)
{
    LT_GUARD(ops(c)->install_keys(c, dir, sender));
    lt_limits_on_keys(c, dir == LT_RECORD_READ);
    if (dir == LT_RECORD_READ)
        c->read_protected = true;
    else
        c->write_protected = true;
    return true;
}

static lt_sender own_sender(const latch_conn *c)
{
    return c->role == LATCH_CLIENT ? LT_SENDER_CLIENT : LT_SENDER_SERVER;
}

static lt_sender peer_sender(const latch_conn *c)
{
    return c->role == LATCH_CLIENT ? LT_SENDER_SERVER : LT_SENDER_CLIENT;
}

bool lt_hs_send_change_cipher_spec(latch_conn *c)
{
    LT_GUARD(lt_hs_flush(c));
    /* RFC 5246 7.1: a single byte of value 1, in a record of its own. */
    static const uint8_t ccs[1] = {1};
    lt_hs_trace_ccs(c, true, ccs, sizeof(ccs));
    LT_GUARD(lt_pump_seal(c, LT_CT_CHANGE_CIPHER_SPEC, ccs, sizeof(ccs)));
    return set_keys(c, LT_RECORD_WRITE, own_sender(c));
}

bool lt_hs_receive_change_cipher_spec(latch_conn *c, const lt_hs_msg *ccs)
{
    (void)ccs;
    LT_ENSURE(c->hs->phase == LT_HS_PHASE_KEYED, &c->err, LATCH_ERR_UNEXPECTED_MESSAGE,
              "ChangeCipherSpec arrived before the keys were agreed");
    LT_GUARD(set_keys(c, LT_RECORD_READ, peer_sender(c)));
    /* The peer's Finished covers every message before it, which is the
     * transcript as it stands now. */
    return ops(c)->finished(c, peer_sender(c), c->hs->peer_verify_data);
}

bool lt_hs_send_finished(latch_conn *c)
{
    lt_finished fin;
    LT_GUARD(ops(c)->finished(c, own_sender(c), fin.verify_data));
    size_t start = lt_hs_message_start(c);
    lt_finished_write(&fin, &c->hs->flight);
    return lt_hs_queued(c, start);
}

bool lt_hs_check_finished(latch_conn *c, const lt_finished *fin)
{
    lt_trace_finished_check(&c->trace, c->hs->peer_verify_data, fin->verify_data);
    LT_ENSURE(lt_ct_equal(fin->verify_data, c->hs->peer_verify_data, LT_VERIFY_DATA_LEN), &c->err,
              LATCH_ERR_DECRYPT_ERROR,
              "the peer's Finished does not match our transcript: a handshake message was changed "
              "in transit, or the two sides derived different keys");
    return true;
}
