/*
 * HMAC with precomputed keyed states (see hash.h), on libcrypto's
 * low-level SHA-256/SHA-384 contexts (deprecated in OpenSSL 3, as in
 * hmac_ct.c): a context is a plain struct, so a keyed state is copied
 * instead of being rebuilt, and no MAC allocates. HMAC is RFC 2104.
 */
#define OPENSSL_SUPPRESS_DEPRECATED

#include "crypto/hash.h"

#include <openssl/sha.h>
#include <string.h>

#include "base/mem.h"
#include "crypto/ossl.h"

typedef union keyed_state {
    SHA256_CTX sha256;
    SHA512_CTX sha512;
} keyed_state;

_Static_assert(sizeof(keyed_state) <= LT_HMAC_KEYED_STATE_LEN,
               "LT_HMAC_KEYED_STATE_LEN must hold a SHA-512 context");
_Static_assert(_Alignof(keyed_state) <= 8, "lt_hmac_keyed states are aligned to 8");

static bool st_init(keyed_state *s, lt_hash_alg alg)
{
    return alg == LT_HASH_SHA256 ? SHA256_Init(&s->sha256) == 1 : SHA384_Init(&s->sha512) == 1;
}

static bool st_update(keyed_state *s, lt_hash_alg alg, const uint8_t *data, size_t len)
{
    return alg == LT_HASH_SHA256 ? SHA256_Update(&s->sha256, data, len) == 1
                                 : SHA384_Update(&s->sha512, data, len) == 1;
}

static bool st_final(keyed_state *s, lt_hash_alg alg, uint8_t *out)
{
    return alg == LT_HASH_SHA256 ? SHA256_Final(out, &s->sha256) == 1
                                 : SHA384_Final(out, &s->sha512) == 1;
}

/* The state after hashing one block of key ^ pad. */
static bool keyed_block(uint8_t *state_out, lt_hash_alg alg, const uint8_t *key, size_t block_len,
                        uint8_t pad)
{
    uint8_t block[LT_HASH_MAX_BLOCK];
    keyed_state s;
    for (size_t i = 0; i < block_len; i++)
        block[i] = key[i] ^ pad;
    bool ok = st_init(&s, alg) && st_update(&s, alg, block, block_len);
    memcpy(state_out, &s, sizeof(s));
    lt_wipe(block, sizeof(block));
    lt_wipe(&s, sizeof(s));
    return ok;
}

bool lt_hmac_keyed_init(lt_hmac_keyed *k, lt_hash_alg alg, const uint8_t *key, size_t key_len,
                        lt_error *err)
{
    k->alg = alg;
    if (alg != LT_HASH_SHA256 && alg != LT_HASH_SHA384)
        return LT_FAIL(err, LATCH_ERR_INTERNAL, "keyed HMAC is for SHA-256 and SHA-384 only");
    size_t block_len = lt_hash_block_len(alg);
    uint8_t padded[LT_HASH_MAX_BLOCK] = {0};
    bool ok = true;
    if (key_len > block_len) {
        /* A key longer than a block is replaced by its hash (RFC 2104 2). */
        keyed_state s;
        ok = st_init(&s, alg) && st_update(&s, alg, key, key_len) && st_final(&s, alg, padded);
        lt_wipe(&s, sizeof(s));
    } else if (key_len != 0) {
        memcpy(padded, key, key_len);
    }
    ok = ok && keyed_block(k->inner, alg, padded, block_len, 0x36) &&
         keyed_block(k->outer, alg, padded, block_len, 0x5c);
    lt_wipe(padded, sizeof(padded));
    if (!ok) {
        lt_hmac_keyed_wipe(k);
        return LT_OSSL_FAIL(err, LATCH_ERR_INTERNAL, "could not key HMAC-%s", lt_hash_name(alg));
    }
    return true;
}

bool lt_hmac_keyed_mac(const lt_hmac_keyed *k, const lt_span *parts, size_t n, uint8_t *out,
                       lt_error *err)
{
    keyed_state s;
    uint8_t inner_hash[LT_HASH_MAX_LEN];
    memcpy(&s, k->inner, sizeof(s));
    bool ok = true;
    for (size_t i = 0; ok && i < n; i++)
        ok = st_update(&s, k->alg, parts[i].data, parts[i].len);
    ok = ok && st_final(&s, k->alg, inner_hash);
    if (ok) {
        memcpy(&s, k->outer, sizeof(s));
        ok = st_update(&s, k->alg, inner_hash, lt_hash_len(k->alg)) && st_final(&s, k->alg, out);
    }
    lt_wipe(&s, sizeof(s));
    lt_wipe(inner_hash, sizeof(inner_hash));
    if (!ok)
        return LT_OSSL_FAIL(err, LATCH_ERR_INTERNAL, "HMAC-%s failed", lt_hash_name(k->alg));
    return true;
}

void lt_hmac_keyed_wipe(lt_hmac_keyed *k)
{
    lt_wipe(k->inner, sizeof(k->inner));
    lt_wipe(k->outer, sizeof(k->outer));
}
