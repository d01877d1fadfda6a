/* AEAD record protection: AES-GCM and ChaCha20-Poly1305 over one keyed
 * EVP_CIPHER_CTX per direction; each record only sets the nonce. */
#include "crypto/cipher.h"

#include "base/mem.h"
#include "crypto/ossl.h"

#include <limits.h>
#include <string.h>
#include <openssl/core_names.h>

static const char *aead_name(lt_aead_alg alg)
{
    switch (alg) {
    case LT_AEAD_AES_128_GCM:
        return "AES-128-GCM";
    case LT_AEAD_AES_256_GCM:
        return "AES-256-GCM";
    case LT_AEAD_CHACHA20_POLY1305:
        return "ChaCha20-Poly1305";
    }
    return "unknown AEAD";
}

size_t lt_aead_key_len(lt_aead_alg alg)
{
    switch (alg) {
    case LT_AEAD_AES_128_GCM:
        return 16;
    case LT_AEAD_AES_256_GCM:
    case LT_AEAD_CHACHA20_POLY1305:
        return 32;
    }
    return 0;
}

bool lt_aead_init(lt_aead *a, lt_aead_alg alg, const uint8_t *key, lt_error *err)
{
    a->alg = alg;
    a->impl = NULL;
    const EVP_CIPHER *cipher = lt_ossl_aead(alg);
    if (cipher == NULL)
        return LT_OSSL_FAIL(err, LATCH_ERR_INTERNAL, "AEAD %d is not available", (int)alg);
    EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
    if (ctx == NULL || !EVP_CipherInit_ex2(ctx, cipher, key, NULL, 1, NULL)) {
        EVP_CIPHER_CTX_free(ctx);
        return LT_OSSL_FAIL(err, LATCH_ERR_INTERNAL, "could not key %s", aead_name(alg));
    }
    a->impl = ctx;
    return true;
}

/* Starts one record: the nonce, the direction and the additional data. */
static bool aead_start(lt_aead *a, int enc, const uint8_t *nonce, const uint8_t *aad,
                       size_t aad_len, size_t len, lt_error *err)
{
    if (len > INT_MAX || aad_len > INT_MAX)
        return LT_FAIL(err, LATCH_ERR_INTERNAL, "%s input of %zu bytes is too long",
                       aead_name(a->alg), len);
    int n = 0;
    if (!EVP_CipherInit_ex2(a->impl, NULL, NULL, nonce, enc, NULL) ||
        (aad_len > 0 && !EVP_CipherUpdate(a->impl, NULL, &n, aad, (int)aad_len)))
        return LT_OSSL_FAIL(err, LATCH_ERR_INTERNAL, "could not start a %s record",
                            aead_name(a->alg));
    return true;
}

bool lt_aead_seal_parts(lt_aead *a, const uint8_t nonce[LT_AEAD_NONCE_LEN], const uint8_t *aad,
                        size_t aad_len, const uint8_t *in, size_t len, const uint8_t *tail,
                        size_t tail_len, uint8_t *out, lt_error *err)
{
    LT_GUARD(aead_start(a, 1, nonce, aad, aad_len, len + tail_len, err));
    int n = 0, more = 0, fin = 0;
    if ((len > 0 && !EVP_CipherUpdate(a->impl, out, &n, in, (int)len)) ||
        (tail_len > 0 && !EVP_CipherUpdate(a->impl, out + n, &more, tail, (int)tail_len)) ||
        !EVP_CipherFinal_ex(a->impl, out + n + more, &fin))
        return LT_OSSL_FAIL(err, LATCH_ERR_INTERNAL, "%s encryption failed", aead_name(a->alg));
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_octet_string(OSSL_CIPHER_PARAM_AEAD_TAG, out + len + tail_len,
                                          LT_AEAD_TAG_LEN),
        OSSL_PARAM_construct_end(),
    };
    if (!EVP_CIPHER_CTX_get_params(a->impl, params))
        return LT_OSSL_FAIL(err, LATCH_ERR_INTERNAL, "could not read the %s tag",
                            aead_name(a->alg));
    return true;
}

bool lt_aead_seal(lt_aead *a, const uint8_t nonce[LT_AEAD_NONCE_LEN], const uint8_t *aad,
                  size_t aad_len, const uint8_t *in, size_t len, uint8_t *out, lt_error *err)
{
    return lt_aead_seal_parts(a, nonce, aad, aad_len, in, len, NULL, 0, out, err);
}

bool lt_aead_open(lt_aead *a, const uint8_t nonce[LT_AEAD_NONCE_LEN], const uint8_t *aad,
                  size_t aad_len, const uint8_t *in, size_t len, uint8_t *out, lt_error *err)
{
    if (len < LT_AEAD_TAG_LEN)
        return LT_FAIL(err, LATCH_ERR_BAD_RECORD_MAC,
                       "%s record of %zu bytes is shorter than its tag", aead_name(a->alg), len);
    size_t ct_len = len - LT_AEAD_TAG_LEN;
    LT_GUARD(aead_start(a, 0, nonce, aad, aad_len, ct_len, err));
    /* The tag goes to libcrypto through a writable parameter, so copy it. */
    uint8_t tag[LT_AEAD_TAG_LEN];
    memcpy(tag, in + ct_len, sizeof(tag));
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_octet_string(OSSL_CIPHER_PARAM_AEAD_TAG, tag, sizeof(tag)),
        OSSL_PARAM_construct_end(),
    };
    /* The plaintext is written before the tag is checked: on any failure
     * it is wiped, so no unauthenticated byte is left in out. */
    int n = 0, fin = 0;
    if (!EVP_CIPHER_CTX_set_params(a->impl, params) ||
        (ct_len > 0 && !EVP_CipherUpdate(a->impl, out, &n, in, (int)ct_len))) {
        lt_wipe(out, ct_len);
        return LT_OSSL_FAIL(err, LATCH_ERR_INTERNAL, "%s decryption failed", aead_name(a->alg));
    }
    if (!EVP_CipherFinal_ex(a->impl, out + n, &fin)) {
        lt_wipe(out, ct_len);
        return LT_OSSL_FAIL(err, LATCH_ERR_BAD_RECORD_MAC,
                            "%s record failed authentication (bad tag)", aead_name(a->alg));
    }
    return true;
}

void lt_aead_free(lt_aead *a)
{
    /* EVP_CIPHER_CTX_free cleanses the key schedule. */
    EVP_CIPHER_CTX_free(a->impl);
    a->impl = NULL;
}
