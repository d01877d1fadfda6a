#include "tls/keysched.h"

#include <string.h>

#include "base/mem.h"
#include "tls/prf.h"

/* The longest key block: two SHA-384 MAC keys (CBC) or two 12-byte IVs
 * (ChaCha20), with two 32-byte keys. */
#define KEY_BLOCK_MAX (2 * (LT_HASH_MAX_LEN + LT_AEAD_MAX_KEY_LEN + LT_AEAD_NONCE_LEN))

static bool digest_fits(lt_hash_alg prf_hash, size_t len, const char *what, lt_error *err)
{
    LT_ENSURE(len == lt_hash_len(prf_hash), err, LATCH_ERR_INTERNAL,
              "%s is %zu bytes but the suite's PRF hash gives %zu", what, len,
              lt_hash_len(prf_hash));
    return true;
}

bool lt_master_secret(lt_hash_alg prf_hash, const uint8_t *pre_master, size_t pre_master_len,
                      const uint8_t client_random[LT_RANDOM_LEN],
                      const uint8_t server_random[LT_RANDOM_LEN],
                      uint8_t master[LT_MASTER_SECRET_LEN], lt_error *err)
{
    uint8_t seed[2 * LT_RANDOM_LEN];
    memcpy(seed, client_random, LT_RANDOM_LEN);
    memcpy(seed + LT_RANDOM_LEN, server_random, LT_RANDOM_LEN);
    return lt_prf(prf_hash, pre_master, pre_master_len, "master secret", seed, sizeof(seed), master,
                  LT_MASTER_SECRET_LEN, err);
}

bool lt_extended_master_secret(lt_hash_alg prf_hash, const uint8_t *pre_master,
                               size_t pre_master_len, const uint8_t *session_hash,
                               size_t session_hash_len, uint8_t master[LT_MASTER_SECRET_LEN],
                               lt_error *err)
{
    if (!digest_fits(prf_hash, session_hash_len, "the session hash", err)) {
        lt_wipe(master, LT_MASTER_SECRET_LEN);
        return false;
    }
    return lt_prf(prf_hash, pre_master, pre_master_len, "extended master secret", session_hash,
                  session_hash_len, master, LT_MASTER_SECRET_LEN, err);
}

/* Copies the next n bytes of the key block to dst. */
static void take(uint8_t *dst, const uint8_t *block, size_t *at, size_t n)
{
    memcpy(dst, block + *at, n);
    *at += n;
}

bool lt_key_block_derive(const lt_suite *suite, const uint8_t master[LT_MASTER_SECRET_LEN],
                         const uint8_t client_random[LT_RANDOM_LEN],
                         const uint8_t server_random[LT_RANDOM_LEN], lt_key_block *out,
                         lt_error *err)
{
    memset(out, 0, sizeof(*out));
    size_t mac_len = suite->mac_key_len, key_len = suite->enc_key_len, iv_len = suite->fixed_iv_len;
    size_t total = 2 * (mac_len + key_len + iv_len);
    LT_ENSURE(mac_len <= LT_HASH_MAX_LEN && key_len <= LT_AEAD_MAX_KEY_LEN &&
                  iv_len <= LT_AEAD_NONCE_LEN,
              err, LATCH_ERR_INTERNAL, "suite %s has key lengths out of range", suite->iana_name);

    /* RFC 5246 6.3: the seed is server_random + client_random, the reverse
     * of the master secret's order. */
    uint8_t seed[2 * LT_RANDOM_LEN];
    memcpy(seed, server_random, LT_RANDOM_LEN);
    memcpy(seed + LT_RANDOM_LEN, client_random, LT_RANDOM_LEN);
    uint8_t block[KEY_BLOCK_MAX];
    if (!lt_prf_key(&out->master_mac, suite->prf_hash, master, LT_MASTER_SECRET_LEN, err))
        return false;
    if (!lt_prf_keyed(&out->master_mac, "key expansion", seed, sizeof(seed), block, total, err)) {
        lt_key_block_wipe(out);
        return false;
    }

    /* In this order: both MAC keys, both write keys, both IVs. */
    size_t at = 0;
    take(out->client.mac_key, block, &at, mac_len);
    take(out->server.mac_key, block, &at, mac_len);
    take(out->client.key, block, &at, key_len);
    take(out->server.key, block, &at, key_len);
    take(out->client.iv, block, &at, iv_len);
    take(out->server.iv, block, &at, iv_len);
    lt_wipe(block, sizeof(block));
    out->client.mac_key_len = out->server.mac_key_len = mac_len;
    out->client.key_len = out->server.key_len = key_len;
    out->client.iv_len = out->server.iv_len = iv_len;
    return true;
}

void lt_key_block_wipe(lt_key_block *kb)
{
    lt_wipe(kb, sizeof(*kb));
}

static const char *finished_label(lt_sender sender)
{
    return sender == LT_SENDER_CLIENT ? "client finished" : "server finished";
}

bool lt_finished_verify_data(lt_hash_alg prf_hash, const uint8_t master[LT_MASTER_SECRET_LEN],
                             lt_sender sender, const uint8_t *handshake_hash, size_t hash_len,
                             uint8_t out[LT_VERIFY_DATA_LEN], lt_error *err)
{
    if (!digest_fits(prf_hash, hash_len, "the handshake hash", err)) {
        lt_wipe(out, LT_VERIFY_DATA_LEN);
        return false;
    }
    return lt_prf(prf_hash, master, LT_MASTER_SECRET_LEN, finished_label(sender), handshake_hash,
                  hash_len, out, LT_VERIFY_DATA_LEN, err);
}

bool lt_finished_verify_data_keyed(const lt_key_block *kb, lt_sender sender,
                                   const uint8_t *handshake_hash, size_t hash_len,
                                   uint8_t out[LT_VERIFY_DATA_LEN], lt_error *err)
{
    if (!digest_fits(kb->master_mac.alg, hash_len, "the handshake hash", err)) {
        lt_wipe(out, LT_VERIFY_DATA_LEN);
        return false;
    }
    return lt_prf_keyed(&kb->master_mac, finished_label(sender), handshake_hash, hash_len, out,
                        LT_VERIFY_DATA_LEN, err);
}
