/* Internal to src/crypto: the signing contexts a private key keeps
 * (sig.c), made and freed with the key (keys.c). */
#ifndef LT_CRYPTO_SIG_IMPL_H
#define LT_CRYPTO_SIG_IMPL_H

#include <openssl/evp.h>

#include "crypto/sig.h"

/* A started signing context for every TLS scheme a key of this type
 * signs with, or NULL (then each signature starts its own). Setting one
 * up costs 25 to 40 k instructions, copying it a fraction of that. */
void *lt_signers_new(EVP_PKEY *pkey, lt_key_type type);
void lt_signers_free(void *signers);

#endif
