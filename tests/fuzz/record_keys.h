/*
 * The fixed read keys of fuzz_record_aead and fuzz_record13, shared with
 * the seed generator so that its seeds are records that open. The first input byte picks the
 * AEAD; the key is the first lt_aead_key_len() bytes of FUZZ_RECORD_KEY.
 */
#ifndef LATCH_FUZZ_RECORD_KEYS_H
#define LATCH_FUZZ_RECORD_KEYS_H

#include <stdint.h>

#include "crypto/cipher.h"
#include "crypto/hash.h"

static const uint8_t FUZZ_RECORD_KEY[LT_AEAD_MAX_KEY_LEN] = {
    0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f,
    0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f,
};
static const uint8_t FUZZ_RECORD_IV[LT_AEAD_NONCE_LEN] = {
    0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xab,
};

static const lt_aead_alg FUZZ_RECORD_ALGS[] = {
    LT_AEAD_AES_128_GCM,
    LT_AEAD_AES_256_GCM,
    LT_AEAD_CHACHA20_POLY1305,
};

/* fuzz_record13's traffic secret (SHA-384's length; SHA-256 suites take
 * its first 32 bytes), from which record13.c derives key and IV. */
static const uint8_t FUZZ_RECORD13_SECRET[48] = {
    0x40, 0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49, 0x4a, 0x4b, 0x4c, 0x4d, 0x4e, 0x4f,
    0x50, 0x51, 0x52, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5a, 0x5b, 0x5c, 0x5d, 0x5e, 0x5f,
    0x60, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x6b, 0x6c, 0x6d, 0x6e, 0x6f,
};

/* The TLS 1.3 suite's hash for each AEAD: AES-256-GCM is SHA-384's. */
static inline lt_hash_alg fuzz_record13_hash(lt_aead_alg alg)
{
    return alg == LT_AEAD_AES_256_GCM ? LT_HASH_SHA384 : LT_HASH_SHA256;
}

/* The AEAD an input's options byte picks (bits 4-5). */
static inline lt_aead_alg fuzz_record_alg(uint8_t options)
{
    return FUZZ_RECORD_ALGS[(options >> 4 & 3) % 3];
}

/* The fixed IV's length for alg: GCM's 4-byte salt or ChaCha20's 12 bytes. */
static inline size_t fuzz_record_iv_len(lt_aead_alg alg)
{
    return alg == LT_AEAD_CHACHA20_POLY1305 ? LT_AEAD_NONCE_LEN : 4;
}

#endif
