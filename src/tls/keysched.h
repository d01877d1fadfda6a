/*
 * The TLS 1.2 key schedule: pre-master secret to master secret (plain or
 * extended), master secret to the key block, and the Finished
 * verify_data. All of it is the PRF (prf.h) with different labels and
 * seeds; the suite (suites.h) says which hash and how many bytes.
 *
 * Inputs stay the caller's to wipe; every intermediate secret made here
 * is wiped before returning, and outputs are wiped on failure.
 */
#ifndef LT_TLS_KEYSCHED_H
#define LT_TLS_KEYSCHED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "crypto/cipher.h"
#include "crypto/hash.h"
#include "tls/msg_finished.h"
#include "tls/suites.h"

#define LT_MASTER_SECRET_LEN 48

/* The keys one side writes with (and the other reads with). */
typedef struct lt_write_keys {
    uint8_t mac_key[LT_HASH_MAX_LEN]; /* CBC suites only */
    uint8_t key[LT_AEAD_MAX_KEY_LEN];
    uint8_t iv[LT_AEAD_NONCE_LEN]; /* the fixed part of an AEAD nonce; none for CBC */
    size_t mac_key_len;
    size_t key_len;
    size_t iv_len;
} lt_write_keys;

typedef struct lt_key_block {
    lt_write_keys client;
    lt_write_keys server;
    /* The master secret keyed into the PRF's HMAC, once for the key block
     * and both Finished values (lt_finished_verify_data_keyed). */
    lt_hmac_keyed master_mac;
} lt_key_block;

/* RFC 5246 8.1: PRF(pre_master, "master secret", client_random + server_random)[0..47]. */
bool lt_master_secret(lt_hash_alg prf_hash, const uint8_t *pre_master, size_t pre_master_len,
                      const uint8_t client_random[LT_RANDOM_LEN],
                      const uint8_t server_random[LT_RANDOM_LEN],
                      uint8_t master[LT_MASTER_SECRET_LEN], lt_error *err) LT_MUST_CHECK;

/*
 * RFC 7627 4: PRF(pre_master, "extended master secret", session_hash)[0..47],
 * where session_hash is the PRF hash of every handshake message up to and
 * including ClientKeyExchange (so its length must be the PRF hash's).
 */
bool lt_extended_master_secret(lt_hash_alg prf_hash, const uint8_t *pre_master,
                               size_t pre_master_len, const uint8_t *session_hash,
                               size_t session_hash_len, uint8_t master[LT_MASTER_SECRET_LEN],
                               lt_error *err) LT_MUST_CHECK;

/*
 * RFC 5246 6.3: the key block for a suite, split into each side's MAC key,
 * write key and fixed IV, and the master secret keyed for the Finished
 * values. Wipe the result with lt_key_block_wipe().
 */
bool lt_key_block_derive(const lt_suite *suite, const uint8_t master[LT_MASTER_SECRET_LEN],
                         const uint8_t client_random[LT_RANDOM_LEN],
                         const uint8_t server_random[LT_RANDOM_LEN], lt_key_block *out,
                         lt_error *err) LT_MUST_CHECK;

void lt_key_block_wipe(lt_key_block *kb);

typedef enum lt_sender {
    LT_SENDER_CLIENT = 1,
    LT_SENDER_SERVER,
} lt_sender;

/*
 * RFC 5246 7.4.9: PRF(master, "client finished" or "server finished",
 * Hash(handshake_messages))[0..11]. handshake_hash is that digest, taken
 * with the PRF hash over every handshake message before this Finished.
 */
bool lt_finished_verify_data(lt_hash_alg prf_hash, const uint8_t master[LT_MASTER_SECRET_LEN],
                             lt_sender sender, const uint8_t *handshake_hash, size_t hash_len,
                             uint8_t out[LT_VERIFY_DATA_LEN], lt_error *err) LT_MUST_CHECK;
/* The same from the master secret keyed by lt_key_block_derive, which
 * saves keying HMAC with it twice per handshake. */
bool lt_finished_verify_data_keyed(const lt_key_block *kb, lt_sender sender,
                                   const uint8_t *handshake_hash, size_t hash_len,
                                   uint8_t out[LT_VERIFY_DATA_LEN], lt_error *err) LT_MUST_CHECK;

#endif
