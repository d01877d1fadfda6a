/*
 * Internal to src/crypto: the libcrypto algorithm objects, fetched once
 * for the whole process, and the helper that turns a libcrypto failure
 * into an lt_error. Nothing outside src/crypto includes this header.
 */
#ifndef LT_CRYPTO_OSSL_H
#define LT_CRYPTO_OSSL_H

#include <openssl/evp.h>

#include "base/error.h"
#include "crypto/cipher.h"
#include "crypto/hash.h"

/* NULL when libcrypto could not provide the algorithm (or alg is unknown). */
const EVP_MD *lt_ossl_md(lt_hash_alg alg);
EVP_MAC *lt_ossl_hmac(void);
const EVP_CIPHER *lt_ossl_aead(lt_aead_alg alg);
const EVP_CIPHER *lt_ossl_cbc(lt_cbc_alg alg);

/* Records a failure whose sentence is followed by libcrypto's reason, and
 * empties libcrypto's error queue so nothing stale is left behind. */
bool lt_ossl_fail(lt_error *err, latch_err code, const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

#define LT_OSSL_FAIL(err, code, ...) lt_ossl_fail((err), (code), __FILE__, __LINE__, __VA_ARGS__)

#endif
