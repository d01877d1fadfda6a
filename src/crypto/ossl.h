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
#include "crypto/sig.h"

/* NULL when libcrypto could not provide the algorithm (or alg is unknown). */
const EVP_MD *lt_ossl_md(lt_hash_alg alg);
EVP_MAC *lt_ossl_hmac(void);
const EVP_CIPHER *lt_ossl_aead(lt_aead_alg alg);
const EVP_CIPHER *lt_ossl_cbc(lt_cbc_alg alg);
/* A P-256 or P-384 key with the curve's parameters and no key, to copy
 * parameters from and to make key pairs with; only read, never changed,
 * so any number of threads may use it at once. NULL for other types. */
EVP_PKEY *lt_ossl_curve(lt_key_type type);
/* A context set up for EVP_PKEY_fromdata on RSA keys. EVP_PKEY_fromdata
 * reads the context (its operation and key manager) and changes nothing
 * in it, so it is shared by all threads; keygen and derive contexts, which
 * do change, are never shared. */
EVP_PKEY_CTX *lt_ossl_rsa_import(void);
/* The same for X25519 keys, or X448 keys when x448: a key pair from its
 * private key (libcrypto computes the public half) or a peer's public
 * value. Creating a context by name looks the algorithm up in libcrypto's
 * name map, which costs more than the import itself. */
EVP_PKEY_CTX *lt_ossl_xdh_import(bool x448);

/* Records a failure whose sentence is followed by libcrypto's reason, and
 * empties libcrypto's error queue so nothing stale is left behind. */
bool lt_ossl_fail(lt_error *err, latch_err code, const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

#define LT_OSSL_FAIL(err, code, ...)                                                               \
    lt_failed(lt_ossl_fail((err), (code), __FILE__, __LINE__, __VA_ARGS__))

#endif
