/*
 * HKDF (RFC 5869) over HMAC-SHA-256 and HMAC-SHA-384: the extract and
 * expand steps TLS 1.3's key schedule is built from (RFC 8446 7.1). No
 * allocation: the key is keyed into HMAC's inner and outer states once
 * per call (hash.h, lt_hmac_keyed) and every block starts from them.
 */
#ifndef LT_CRYPTO_HKDF_H
#define LT_CRYPTO_HKDF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "crypto/hash.h"

/* RFC 5869 2.3: at most 255 blocks of output. */
#define LT_HKDF_MAX_BLOCKS 255

/*
 * RFC 5869 2.2: PRK = HMAC-Hash(salt, IKM), lt_hash_len(alg) bytes to
 * prk. An absent salt (salt_len 0) is HashLen zero bytes, which HMAC
 * treats alike. alg is LT_HASH_SHA256 or LT_HASH_SHA384. On failure prk
 * is wiped.
 */
bool lt_hkdf_extract(lt_hash_alg alg, const uint8_t *salt, size_t salt_len, const uint8_t *ikm,
                     size_t ikm_len, uint8_t *prk, lt_error *err) LT_MUST_CHECK;

/*
 * RFC 5869 2.3: out_len bytes of T(1) || T(2) || ..., where
 * T(i) = HMAC-Hash(PRK, T(i-1) || info || i). out_len is at most
 * 255 * lt_hash_len(alg); prk may be any length (TLS 1.3 uses HashLen).
 * out may not overlap prk or info. On failure out is wiped.
 */
bool lt_hkdf_expand(lt_hash_alg alg, const uint8_t *prk, size_t prk_len, const uint8_t *info,
                    size_t info_len, uint8_t *out, size_t out_len, lt_error *err) LT_MUST_CHECK;

#endif
