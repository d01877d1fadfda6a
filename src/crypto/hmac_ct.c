/*
 * HMAC over a secret-length message, in constant time (see hash.h).
 *
 * EVP hashes pad and finish a message wherever it ends, so the work done
 * would tell how long it was. Here the inner hash runs block by block on
 * libcrypto's raw compression functions (SHA*_Transform, deprecated in
 * OpenSSL 3 but kept for exactly this use): every block that could hold
 * the end of the message, its 0x80 byte or its length is built with masks
 * and compressed, and the chaining value after the one block that really
 * ends the message is kept, again with a mask. This is the technique of
 * Langley's "Lucky Thirteen attack on TLS CBC" write-up (2013).
 */
#define OPENSSL_SUPPRESS_DEPRECATED

#include "crypto/hash.h"

#include <openssl/sha.h>
#include <string.h>

#include "base/mem.h"

typedef struct ct_hash {
    lt_hash_alg alg;
    union {
        SHA_CTX sha1;
        SHA256_CTX sha256;
        SHA512_CTX sha512;
    } u;
} ct_hash;

static bool ct_init(ct_hash *h, lt_hash_alg alg)
{
    h->alg = alg;
    switch (alg) {
    case LT_HASH_SHA1:
        return SHA1_Init(&h->u.sha1) == 1;
    case LT_HASH_SHA256:
        return SHA256_Init(&h->u.sha256) == 1;
    case LT_HASH_SHA384:
        return SHA384_Init(&h->u.sha512) == 1;
    default:
        return false;
    }
}

/* One run of the compression function over one whole block. */
static void ct_compress(ct_hash *h, const uint8_t *block)
{
    switch (h->alg) {
    case LT_HASH_SHA1:
        SHA1_Transform(&h->u.sha1, block);
        break;
    case LT_HASH_SHA256:
        SHA256_Transform(&h->u.sha256, block);
        break;
    default:
        SHA512_Transform(&h->u.sha512, block);
        break;
    }
}

static void put_be32(uint8_t *out, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        out[i] = (uint8_t)(v >> (24 - 8 * i));
}

/* The chaining value as big-endian bytes: the digest, once the block
 * that ends the padded message has been compressed. */
static void ct_chain(const ct_hash *h, uint8_t out[LT_HASH_MAX_LEN])
{
    memset(out, 0, LT_HASH_MAX_LEN);
    switch (h->alg) {
    case LT_HASH_SHA1: {
        const SHA_CTX *s = &h->u.sha1;
        const uint32_t w[5] = {s->h0, s->h1, s->h2, s->h3, s->h4};
        for (int i = 0; i < 5; i++)
            put_be32(out + 4 * i, w[i]);
        break;
    }
    case LT_HASH_SHA256:
        for (int i = 0; i < 8; i++)
            put_be32(out + 4 * i, h->u.sha256.h[i]);
        break;
    default:
        for (int i = 0; i < 8; i++) {
            put_be32(out + 8 * i, (uint32_t)(h->u.sha512.h[i] >> 32));
            put_be32(out + 8 * i + 4, (uint32_t)h->u.sha512.h[i]);
        }
        break;
    }
}

bool lt_hmac_secret_len(lt_hash_alg alg, const uint8_t *key, size_t key_len, const uint8_t *header,
                        size_t header_len, const uint8_t *data, size_t data_min, size_t data_max,
                        size_t data_len, uint8_t *out, lt_error *err)
{
    size_t block_len = lt_hash_block_len(alg);
    size_t hash_len = lt_hash_len(alg);
    /* The padded message ends with its bit length: 8 bytes for SHA-1 and
     * SHA-256, 16 for SHA-384 (FIPS 180-4 5.1). */
    size_t len_field = block_len == 128 ? 16 : 8;
    unsigned block_shift = block_len == 128 ? 7 : 6;
    size_t max_len = header_len + data_max;
    LT_ENSURE(alg != LT_HASH_SHA512 && block_len != 0 && key_len <= block_len &&
                  data_min <= data_max && max_len + len_field < ((size_t)1 << 24),
              err, LATCH_ERR_INTERNAL, "constant-time HMAC-%s cannot take these sizes",
              lt_hash_name(alg));

    uint8_t pad[LT_HASH_MAX_BLOCK];
    uint8_t block[LT_HASH_MAX_BLOCK];
    uint8_t chain[LT_HASH_MAX_LEN];
    uint8_t inner[LT_HASH_MAX_LEN];
    ct_hash h;
    bool ok = ct_init(&h, alg);

    /* K XOR ipad is the first block (RFC 2104 2). */
    memset(pad, 0x36, block_len);
    for (size_t i = 0; i < key_len; i++)
        pad[i] ^= key[i];
    ct_compress(&h, pad);

    /* The message's length is secret; its position in the stream is not.
     * Blocks wholly inside the shortest possible message are plain. */
    uint32_t msg_len = (uint32_t)(header_len + data_len);
    size_t public_blocks = (header_len + data_min) >> block_shift;
    for (size_t i = 0; i < public_blocks; i++) {
        for (size_t j = 0; j < block_len; j++) {
            size_t pos = i * block_len + j;
            block[j] = pos < header_len ? header[pos] : data[pos - header_len];
        }
        ct_compress(&h, block);
    }

    /* The rest: the block holding the message's last length byte is
     * (msg_len + len_field) / block_len; compress every block up to the
     * last one the longest message could need, and keep the chaining
     * value after the right one. */
    uint32_t final_block = (msg_len + (uint32_t)len_field) >> block_shift;
    size_t last_block = (max_len + len_field) >> block_shift;
    uint64_t bits = ((uint64_t)block_len + msg_len) * 8;
    uint8_t digest[LT_HASH_MAX_LEN];
    memset(digest, 0, sizeof(digest));
    for (size_t i = public_blocks; i <= last_block; i++) {
        uint8_t is_final = (uint8_t)lt_ct_eq_u32((uint32_t)i, final_block);
        for (size_t j = 0; j < block_len; j++) {
            uint32_t pos = (uint32_t)(i * block_len + j);
            uint8_t b = 0;
            if (pos < max_len)
                b = pos < header_len ? header[pos] : data[pos - header_len];
            b &= (uint8_t)lt_ct_lt_u32(pos, msg_len);
            b |= 0x80 & (uint8_t)lt_ct_eq_u32(pos, msg_len);
            /* The low 8 bytes of the length field; a SHA-384 length's
             * high 8 bytes are zero. */
            if (j >= block_len - 8)
                b |= (uint8_t)(bits >> (8 * (block_len - 1 - j))) & is_final;
            block[j] = b;
        }
        ct_compress(&h, block);
        ct_chain(&h, chain);
        for (size_t k = 0; k < hash_len; k++)
            digest[k] |= chain[k] & is_final;
    }
    memcpy(inner, digest, hash_len);

    /* The outer hash has a public length: K XOR opad, then the inner digest. */
    for (size_t i = 0; i < block_len; i++)
        pad[i] ^= 0x36 ^ 0x5c;
    lt_hash outer;
    if (!ok) {
        LT_FAIL(err, LATCH_ERR_INTERNAL, "could not start a constant-time %s", lt_hash_name(alg));
    } else if (lt_hash_init(&outer, alg, err)) {
        ok = lt_hash_update(&outer, pad, block_len, err) &&
             lt_hash_update(&outer, inner, hash_len, err) && lt_hash_final(&outer, out, err);
        lt_hash_free(&outer);
    } else {
        ok = false;
    }
    lt_wipe(pad, sizeof(pad));
    lt_wipe(block, sizeof(block));
    lt_wipe(chain, sizeof(chain));
    lt_wipe(inner, sizeof(inner));
    lt_wipe(digest, sizeof(digest));
    lt_wipe(&h, sizeof(h));
    return ok;
}
