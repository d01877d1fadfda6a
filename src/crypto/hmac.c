/* HMAC over EVP_MAC. One keyed context per use, reset after each final. */
#include "crypto/hash.h"

#include "crypto/ossl.h"

#include <openssl/core_names.h>

bool lt_hmac_init(lt_hmac *m, lt_hash_alg alg, const uint8_t *key, size_t key_len, lt_error *err)
{
    m->alg = alg;
    m->impl = NULL;
    EVP_MAC *mac = lt_ossl_hmac();
    if (mac == NULL || lt_ossl_md(alg) == NULL)
        return LT_OSSL_FAIL(err, LATCH_ERR_INTERNAL, "HMAC-%s is not available", lt_hash_name(alg));
    EVP_MAC_CTX *ctx = EVP_MAC_CTX_new(mac);
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST,
                                         (char *)EVP_MD_get0_name(lt_ossl_md(alg)), 0),
        OSSL_PARAM_construct_end(),
    };
    /* libcrypto treats a NULL key as "keep the old key"; an empty HMAC key
     * is legal, so pass a non-NULL pointer for it. */
    static const uint8_t empty_key[1];
    if (ctx == NULL || !EVP_MAC_init(ctx, key_len != 0 ? key : empty_key, key_len, params)) {
        EVP_MAC_CTX_free(ctx);
        return LT_OSSL_FAIL(err, LATCH_ERR_INTERNAL, "could not key HMAC-%s", lt_hash_name(alg));
    }
    m->impl = ctx;
    return true;
}

bool lt_hmac_update(lt_hmac *m, const uint8_t *data, size_t len, lt_error *err)
{
    if (len == 0)
        return true;
    if (!EVP_MAC_update(m->impl, data, len))
        return LT_OSSL_FAIL(err, LATCH_ERR_INTERNAL, "HMAC-%s update failed", lt_hash_name(m->alg));
    return true;
}

bool lt_hmac_final(lt_hmac *m, uint8_t *out, lt_error *err)
{
    size_t out_len = 0;
    if (!EVP_MAC_final(m->impl, out, &out_len, lt_hash_len(m->alg)))
        return LT_OSSL_FAIL(err, LATCH_ERR_INTERNAL, "HMAC-%s final failed", lt_hash_name(m->alg));
    /* Re-initialising without a key restarts HMAC under the same key. */
    if (!EVP_MAC_init(m->impl, NULL, 0, NULL))
        return LT_OSSL_FAIL(err, LATCH_ERR_INTERNAL, "could not restart HMAC-%s",
                            lt_hash_name(m->alg));
    return true;
}

void lt_hmac_free(lt_hmac *m)
{
    /* EVP_MAC_CTX_free cleanses the key it holds. */
    EVP_MAC_CTX_free(m->impl);
    m->impl = NULL;
}

bool lt_hmac_oneshot(lt_hash_alg alg, const uint8_t *key, size_t key_len, const uint8_t *data,
                     size_t len, uint8_t *out, lt_error *err)
{
    lt_hmac m;
    LT_GUARD(lt_hmac_init(&m, alg, key, key_len, err));
    bool ok = lt_hmac_update(&m, data, len, err) && lt_hmac_final(&m, out, err);
    lt_hmac_free(&m);
    return ok;
}
