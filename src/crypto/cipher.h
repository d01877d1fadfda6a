/*
 * Bulk ciphers for the record layer: AEADs (AES-GCM, ChaCha20-Poly1305)
 * and raw AES-CBC for the CBC suites (their HMAC is in hash.h). A keyed
 * context is made once per connection direction and reused per record.
 */
#ifndef LT_CRYPTO_CIPHER_H
#define LT_CRYPTO_CIPHER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"

typedef enum lt_aead_alg {
    LT_AEAD_AES_128_GCM = 1,
    LT_AEAD_AES_256_GCM,
    LT_AEAD_CHACHA20_POLY1305,
} lt_aead_alg;

#define LT_AEAD_NONCE_LEN 12
#define LT_AEAD_TAG_LEN 16
#define LT_AEAD_MAX_KEY_LEN 32

size_t lt_aead_key_len(lt_aead_alg alg);

typedef struct lt_aead {
    lt_aead_alg alg;
    void *impl;
} lt_aead;

bool lt_aead_init(lt_aead *a, lt_aead_alg alg, const uint8_t *key, lt_error *err) LT_MUST_CHECK;
/* Encrypts len bytes of in to out and appends the 16-byte tag (out holds
 * len + 16). in and out may be the same buffer. */
bool lt_aead_seal(lt_aead *a, const uint8_t nonce[LT_AEAD_NONCE_LEN], const uint8_t *aad,
                  size_t aad_len, const uint8_t *in, size_t len, uint8_t *out,
                  lt_error *err) LT_MUST_CHECK;
/* As lt_aead_seal over in followed by tail, without joining them first:
 * out holds len + tail_len + 16 bytes. tail may already lie in out, at
 * out + len. */
bool lt_aead_seal_parts(lt_aead *a, const uint8_t nonce[LT_AEAD_NONCE_LEN], const uint8_t *aad,
                        size_t aad_len, const uint8_t *in, size_t len, const uint8_t *tail,
                        size_t tail_len, uint8_t *out, lt_error *err) LT_MUST_CHECK;
/* Checks and decrypts len bytes of ciphertext-and-tag (len >= 16) into
 * out (len - 16 bytes); in and out may be the same. On a bad tag it fails
 * with LATCH_ERR_BAD_RECORD_MAC; on any failure out holds no plaintext. */
bool lt_aead_open(lt_aead *a, const uint8_t nonce[LT_AEAD_NONCE_LEN], const uint8_t *aad,
                  size_t aad_len, const uint8_t *in, size_t len, uint8_t *out,
                  lt_error *err) LT_MUST_CHECK;
void lt_aead_free(lt_aead *a);

typedef enum lt_cbc_alg {
    LT_CBC_AES_128 = 1,
    LT_CBC_AES_256,
} lt_cbc_alg;

#define LT_CBC_BLOCK_LEN 16

size_t lt_cbc_key_len(lt_cbc_alg alg);

typedef struct lt_cbc {
    lt_cbc_alg alg;
    bool encrypt;
    void *impl;
} lt_cbc;

bool lt_cbc_init(lt_cbc *c, lt_cbc_alg alg, bool encrypt, const uint8_t *key,
                 lt_error *err) LT_MUST_CHECK;
/* len must be a multiple of 16; no padding is added or removed. */
bool lt_cbc_run(lt_cbc *c, const uint8_t iv[LT_CBC_BLOCK_LEN], const uint8_t *in, size_t len,
                uint8_t *out, lt_error *err) LT_MUST_CHECK;
void lt_cbc_free(lt_cbc *c);

#endif
