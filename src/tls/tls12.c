/*
 * TLS 1.2's table (version.h): the transcript hashed with the suite's PRF
 * hash, the PRF key schedule (RFC 5246 8.1 and 6.3, RFC 7627 4) and the
 * key block's halves put into AEAD or CBC record protection.
 */
#include <string.h>

#include "base/mem.h"
#include "tls/conn.h"
#include "tls/negotiate.h"
#include "tls/trace.h"
#include "tls/version.h"

static lt_hash_alg transcript_hash(const lt_suite *suite)
{
    return suite->prf_hash;
}

static bool derive_key_block(latch_conn *c)
{
    lt_handshake *hs = c->hs;
    LT_GUARD(lt_key_block_derive(c->neg.suite, hs->master_secret, hs->client_random,
                                 hs->server_random, &hs->keys, &c->err));
    hs->phase = LT_HS_PHASE_KEYED;
    lt_trace_key_block(&c->trace, &hs->keys);
    return true;
}

static bool derive_keys(latch_conn *c, uint8_t *pre_master, size_t len)
{
    lt_handshake *hs = c->hs;
    const lt_suite *suite = c->neg.suite;
    bool ok;
    if (c->neg.ems) {
        /* RFC 7627 4: the session hash covers the messages up to and
         * including ClientKeyExchange. */
        uint8_t session_hash[LT_HASH_MAX_LEN];
        size_t hash_len;
        ok = lt_hs_transcript_hash(c, session_hash, &hash_len) &&
             lt_extended_master_secret(suite->prf_hash, pre_master, len, session_hash, hash_len,
                                       hs->master_secret, &c->err);
    } else {
        ok = lt_master_secret(suite->prf_hash, pre_master, len, hs->client_random,
                              hs->server_random, hs->master_secret, &c->err);
    }
    lt_trace_keys(&c->trace, "pre_master_secret",
                  lt_suite_kex_kind(suite) == LT_MSG_KEX_RSA
                      ? "48 bytes chosen by the client, sent encrypted to the server's RSA key"
                      : "the shared secret of the key exchange",
                  pre_master, len, NULL, 0);
    lt_wipe(pre_master, len);
    LT_GUARD(ok);
    lt_trace_keys(&c->trace, "master_secret",
                  c->neg.ems ? "PRF(pre_master_secret, \"extended master secret\", "
                               "session_hash) (RFC 7627)"
                             : "PRF(pre_master_secret, \"master secret\", client_random + "
                               "server_random) (RFC 5246 8.1)",
                  hs->master_secret, LT_MASTER_SECRET_LEN, NULL, 0);
    lt_hs_trace_keylog(c);
    return derive_key_block(c);
}

/* RFC 5246 7.3: the abbreviated handshake's keys come from the session's
 * master secret and the two new randoms. */
static bool resume_keys(latch_conn *c, const char *how)
{
    lt_trace_keys(&c->trace, "master_secret", how, c->hs->master_secret, LT_MASTER_SECRET_LEN, NULL,
                  0);
    lt_hs_trace_keylog(c);
    return derive_key_block(c);
}

static bool finished(latch_conn *c, lt_sender sender, uint8_t out[LT_VERIFY_DATA_LEN])
{
    uint8_t hash[LT_HASH_MAX_LEN];
    size_t hash_len;
    LT_GUARD(lt_hs_transcript_hash(c, hash, &hash_len));
    return lt_finished_verify_data_keyed(&c->hs->keys, sender, hash, hash_len, out, &c->err);
}

static bool install_keys(latch_conn *c, lt_record_direction dir, lt_sender sender)
{
    const lt_suite *suite = c->neg.suite;
    const lt_write_keys *k = sender == LT_SENDER_CLIENT ? &c->hs->keys.client : &c->hs->keys.server;
    if (suite->aead)
        return lt_record_set_aead(&c->rl, dir, suite->aead_alg, k->key, k->iv, k->iv_len, &c->err);
    return lt_record_set_cbc(&c->rl, dir, suite->cbc_alg, suite->mac_hash, k->key, k->mac_key,
                             c->neg.encrypt_then_mac, &c->err);
}

const lt_version_ops lt_tls12_ops = {
    LT_VERSION_TLS12, transcript_hash, derive_keys, resume_keys, finished, install_keys,
};
