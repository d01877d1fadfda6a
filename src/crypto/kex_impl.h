/* Internal to src/crypto: the state behind an lt_kex, shared by the EC
 * code (kex.c) and the finite-field DH code (ffdhe.c). */
#ifndef LT_CRYPTO_KEX_IMPL_H
#define LT_CRYPTO_KEX_IMPL_H

#include <openssl/bn.h>
#include <openssl/evp.h>

#include "crypto/kex.h"

typedef struct lt_kex_state {
    EVP_PKEY *pkey; /* our key pair; EVP_PKEY_free clears the private part */
    BIGNUM *p;      /* DH only: the prime, to range-check the peer's y */
    size_t p_len;   /* DH only: bytes of p, the length of our padded public value */
} lt_kex_state;

/* DH key pair for checked parameters; fills k->impl and writes y padded to p. */
bool lt_dh_generate(lt_kex *k, const BIGNUM *p, const BIGNUM *g, uint8_t *pub, size_t cap,
                    size_t *pub_len, lt_error *err) LT_MUST_CHECK;
bool lt_dh_derive(lt_kex *k, const uint8_t *peer, size_t peer_len, uint8_t *secret, size_t cap,
                  size_t *secret_len, lt_error *err) LT_MUST_CHECK;

/* Runs a checked derive of ours with peer into out (exactly out_len bytes). */
bool lt_kex_run_derive(lt_kex *k, EVP_PKEY *peer, uint8_t *out, size_t out_len,
                       lt_error *err) LT_MUST_CHECK;

#endif
