/* RSA key transport of the premaster secret (RFC 5246 7.4.7.1). */
#include "crypto/sig.h"

#include "base/mem.h"
#include "crypto/ossl.h"
#include "crypto/random.h"

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/rsa.h>
#include <string.h>

#define PREMASTER_LEN 48

bool lt_rsa_encrypt_premaster(const lt_pubkey *key, const uint8_t premaster[48], uint8_t *out,
                              size_t cap, size_t *out_len, lt_error *err)
{
    if (key->type != LT_KEY_RSA || key->impl == NULL)
        return LT_FAIL(err, LATCH_ERR_HANDSHAKE_FAILURE,
                       "RSA key exchange needs an RSA server key, not %s",
                       lt_key_type_name(key->type));
    char pad[] = OSSL_PKEY_RSA_PAD_MODE_PKCSV15;
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_ASYM_CIPHER_PARAM_PAD_MODE, pad, 0),
        OSSL_PARAM_construct_end(),
    };
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_pkey(NULL, key->impl, NULL);
    size_t n = 0;
    bool ok = false;
    if (ctx == NULL || EVP_PKEY_encrypt_init_ex(ctx, params) != 1 ||
        EVP_PKEY_encrypt(ctx, NULL, &n, premaster, PREMASTER_LEN) != 1) {
        LT_OSSL_FAIL(err, LATCH_ERR_INTERNAL, "could not start RSA premaster encryption");
    } else if (n > cap) {
        LT_FAIL(err, LATCH_ERR_INTERNAL, "encrypted premaster needs %zu bytes, buffer has %zu", n,
                cap);
    } else if (EVP_PKEY_encrypt(ctx, out, &n, premaster, PREMASTER_LEN) != 1) {
        LT_OSSL_FAIL(err, LATCH_ERR_INTERNAL, "RSA premaster encryption failed");
    } else {
        *out_len = n;
        ok = true;
    }
    EVP_PKEY_CTX_free(ctx);
    return ok;
}

bool lt_rsa_decrypt_premaster(const lt_privkey *key, const uint8_t *ct, size_t ct_len,
                              uint16_t client_version, uint8_t premaster[48], lt_error *err)
{
    if (key->type != LT_KEY_RSA || key->impl == NULL)
        return LT_FAIL(err, LATCH_ERR_INTERNAL, "RSA key exchange needs an RSA key, not %s",
                       lt_key_type_name(key->type));
    /* RFC 5246 7.4.7.1: whatever is wrong, carry on with a random
     * premaster so the failure shows only at Finished. */
    LT_GUARD(lt_random(premaster, PREMASTER_LEN, err));
    /* A ciphertext whose length differs from the modulus's is public
     * knowledge, so refusing it early reveals nothing. */
    if (ct_len != (size_t)EVP_PKEY_get_size(key->impl))
        return true;

    /* libcrypto's TLS padding mode checks the padding and the version in
     * constant time and substitutes its own random 48 bytes when either is
     * wrong, so the result never depends visibly on the padding. */
    int pad = RSA_PKCS1_WITH_TLS_PADDING;
    unsigned int version = client_version;
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_int(OSSL_ASYM_CIPHER_PARAM_PAD_MODE, &pad),
        OSSL_PARAM_construct_uint(OSSL_ASYM_CIPHER_PARAM_TLS_CLIENT_VERSION, &version),
        OSSL_PARAM_construct_end(),
    };
    uint8_t out[PREMASTER_LEN];
    size_t n = sizeof(out);
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_pkey(NULL, key->impl, NULL);
    if (ctx == NULL || EVP_PKEY_decrypt_init_ex(ctx, params) != 1) {
        EVP_PKEY_CTX_free(ctx);
        return LT_OSSL_FAIL(err, LATCH_ERR_INTERNAL, "could not start RSA premaster decryption");
    }
    /* It fails only when ct is not below the modulus (public again) or on
     * allocation failure; the random premaster then stands. */
    if (EVP_PKEY_decrypt(ctx, out, &n, ct, ct_len) == 1 && n == PREMASTER_LEN)
        memcpy(premaster, out, PREMASTER_LEN);
    else
        ERR_clear_error();
    lt_wipe(out, sizeof(out));
    EVP_PKEY_CTX_free(ctx);
    return true;
}
