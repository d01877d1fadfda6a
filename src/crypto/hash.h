/*
 * Hashes and HMAC over libcrypto. A hash state can be copied, so the
 * transcript hash can be finished early (for Finished and
 * CertificateVerify) and keep running.
 */
#ifndef LT_CRYPTO_HASH_H
#define LT_CRYPTO_HASH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "base/span.h"

typedef enum lt_hash_alg {
    LT_HASH_SHA1 = 1, /* HMAC in the CBC suites' record MAC; certificate key identifiers */
    LT_HASH_SHA256,
    LT_HASH_SHA384,
    LT_HASH_SHA512,
} lt_hash_alg;

#define LT_HASH_MAX_LEN 64
#define LT_HASH_MAX_BLOCK 128

size_t lt_hash_len(lt_hash_alg alg);
size_t lt_hash_block_len(lt_hash_alg alg);
const char *lt_hash_name(lt_hash_alg alg);

typedef struct lt_hash {
    lt_hash_alg alg;
    void *impl; /* owned by src/crypto */
    void *peek; /* owned by src/crypto: where lt_hash_peek finishes a copy */
} lt_hash;

bool lt_hash_init(lt_hash *h, lt_hash_alg alg, lt_error *err) LT_MUST_CHECK;
bool lt_hash_update(lt_hash *h, const uint8_t *data, size_t len, lt_error *err) LT_MUST_CHECK;
/* Writes lt_hash_len() bytes; the state is spent afterwards (free it). */
bool lt_hash_final(lt_hash *h, uint8_t *out, lt_error *err) LT_MUST_CHECK;
/* Makes dst an independent copy of src (dst must not be initialised). */
bool lt_hash_copy(lt_hash *dst, const lt_hash *src, lt_error *err) LT_MUST_CHECK;
/* The digest of everything so far, leaving h running. The copy it
 * finishes is kept in h for the next peek (copying into a context made
 * before allocates once, into a new one twice). */
bool lt_hash_peek(lt_hash *h, uint8_t *out, lt_error *err) LT_MUST_CHECK;
void lt_hash_free(lt_hash *h);

bool lt_hash_oneshot(lt_hash_alg alg, const uint8_t *data, size_t len, uint8_t *out,
                     lt_error *err) LT_MUST_CHECK;

/* HMAC. A keyed context can be reused: after final it is ready for the
 * same key again. */
typedef struct lt_hmac {
    lt_hash_alg alg;
    void *impl;
} lt_hmac;

bool lt_hmac_init(lt_hmac *m, lt_hash_alg alg, const uint8_t *key, size_t key_len,
                  lt_error *err) LT_MUST_CHECK;
bool lt_hmac_update(lt_hmac *m, const uint8_t *data, size_t len, lt_error *err) LT_MUST_CHECK;
bool lt_hmac_final(lt_hmac *m, uint8_t *out, lt_error *err) LT_MUST_CHECK;
void lt_hmac_free(lt_hmac *m);

bool lt_hmac_oneshot(lt_hash_alg alg, const uint8_t *key, size_t key_len, const uint8_t *data,
                     size_t len, uint8_t *out, lt_error *err) LT_MUST_CHECK;

/*
 * HMAC under one key for many short messages (the PRF): the key's inner
 * and outer hash states are computed once, and each MAC starts from
 * copies of them, with no allocation. SHA-256 and SHA-384 only. The
 * states are key material: lt_hmac_keyed_wipe when done.
 */
#define LT_HMAC_KEYED_STATE_LEN 216
typedef struct lt_hmac_keyed {
    lt_hash_alg alg;
    _Alignas(8) uint8_t inner[LT_HMAC_KEYED_STATE_LEN]; /* owned by src/crypto */
    _Alignas(8) uint8_t outer[LT_HMAC_KEYED_STATE_LEN];
} lt_hmac_keyed;

bool lt_hmac_keyed_init(lt_hmac_keyed *k, lt_hash_alg alg, const uint8_t *key, size_t key_len,
                        lt_error *err) LT_MUST_CHECK;
/* Writes lt_hash_len() bytes of HMAC(key, parts[0] || ... || parts[n - 1]). */
bool lt_hmac_keyed_mac(const lt_hmac_keyed *k, const lt_span *parts, size_t n, uint8_t *out,
                       lt_error *err) LT_MUST_CHECK;
void lt_hmac_keyed_wipe(lt_hmac_keyed *k);

/*
 * HMAC over header || data[0..data_len) when data_len is secret: the
 * length of a MAC-then-encrypt CBC record's plaintext, which comes from
 * its padding (RFC 5246 6.2.3.2). Against Lucky Thirteen, the hash
 * compression function runs the same number of times, over the same
 * memory, for every data_len in data_min..data_max: time depends only on
 * alg, key_len, header_len, data_min and data_max. The header's bytes may
 * be secret too (its length field is). Needs data_min <= data_len <=
 * data_max, key_len at most the hash's block length, and SHA-1, SHA-256
 * or SHA-384.
 */
bool lt_hmac_secret_len(lt_hash_alg alg, const uint8_t *key, size_t key_len, const uint8_t *header,
                        size_t header_len, const uint8_t *data, size_t data_min, size_t data_max,
                        size_t data_len, uint8_t *out, lt_error *err) LT_MUST_CHECK;

#endif
