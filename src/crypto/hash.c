/* Hashes over EVP_MD_CTX; the transcript hash relies on copy and peek. */
#include "crypto/hash.h"

#include "crypto/ossl.h"

size_t lt_hash_len(lt_hash_alg alg)
{
    switch (alg) {
    case LT_HASH_SHA1:
        return 20;
    case LT_HASH_SHA256:
        return 32;
    case LT_HASH_SHA384:
        return 48;
    case LT_HASH_SHA512:
        return 64;
    }
    return 0;
}

size_t lt_hash_block_len(lt_hash_alg alg)
{
    switch (alg) {
    case LT_HASH_SHA1:
    case LT_HASH_SHA256:
        return 64;
    case LT_HASH_SHA384:
    case LT_HASH_SHA512:
        return 128;
    }
    return 0;
}

const char *lt_hash_name(lt_hash_alg alg)
{
    switch (alg) {
    case LT_HASH_SHA1:
        return "SHA-1";
    case LT_HASH_SHA256:
        return "SHA-256";
    case LT_HASH_SHA384:
        return "SHA-384";
    case LT_HASH_SHA512:
        return "SHA-512";
    }
    return "unknown hash";
}

bool lt_hash_init(lt_hash *h, lt_hash_alg alg, lt_error *err)
{
    h->alg = alg;
    h->impl = NULL;
    h->peek = NULL;
    const EVP_MD *md = lt_ossl_md(alg);
    if (md == NULL)
        return LT_OSSL_FAIL(err, LATCH_ERR_INTERNAL, "hash algorithm %d is not available",
                            (int)alg);
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    if (ctx == NULL || !EVP_DigestInit_ex2(ctx, md, NULL)) {
        EVP_MD_CTX_free(ctx);
        return LT_OSSL_FAIL(err, LATCH_ERR_INTERNAL, "could not start a %s hash",
                            lt_hash_name(alg));
    }
    h->impl = ctx;
    return true;
}

bool lt_hash_update(lt_hash *h, const uint8_t *data, size_t len, lt_error *err)
{
    if (len == 0)
        return true;
    if (!EVP_DigestUpdate(h->impl, data, len))
        return LT_OSSL_FAIL(err, LATCH_ERR_INTERNAL, "%s hash update failed", lt_hash_name(h->alg));
    return true;
}

bool lt_hash_final(lt_hash *h, uint8_t *out, lt_error *err)
{
    if (!EVP_DigestFinal_ex(h->impl, out, NULL))
        return LT_OSSL_FAIL(err, LATCH_ERR_INTERNAL, "%s hash final failed", lt_hash_name(h->alg));
    return true;
}

bool lt_hash_copy(lt_hash *dst, const lt_hash *src, lt_error *err)
{
    dst->alg = src->alg;
    dst->impl = NULL;
    dst->peek = NULL;
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    if (ctx == NULL || !EVP_MD_CTX_copy_ex(ctx, src->impl)) {
        EVP_MD_CTX_free(ctx);
        return LT_OSSL_FAIL(err, LATCH_ERR_INTERNAL, "could not copy a %s hash state",
                            lt_hash_name(src->alg));
    }
    dst->impl = ctx;
    return true;
}

bool lt_hash_peek(lt_hash *h, uint8_t *out, lt_error *err)
{
    if (h->peek == NULL && (h->peek = EVP_MD_CTX_new()) == NULL)
        return LT_OSSL_FAIL(err, LATCH_ERR_MEMORY, "no memory to finish a %s hash early",
                            lt_hash_name(h->alg));
    if (!EVP_MD_CTX_copy_ex(h->peek, h->impl) || !EVP_DigestFinal_ex(h->peek, out, NULL))
        return LT_OSSL_FAIL(err, LATCH_ERR_INTERNAL, "could not finish a copy of a %s hash",
                            lt_hash_name(h->alg));
    return true;
}

void lt_hash_free(lt_hash *h)
{
    EVP_MD_CTX_free(h->impl);
    EVP_MD_CTX_free(h->peek);
    h->impl = NULL;
    h->peek = NULL;
}

bool lt_hash_oneshot(lt_hash_alg alg, const uint8_t *data, size_t len, uint8_t *out, lt_error *err)
{
    lt_hash h;
    LT_GUARD(lt_hash_init(&h, alg, err));
    bool ok = lt_hash_update(&h, data, len, err) && lt_hash_final(&h, out, err);
    lt_hash_free(&h);
    return ok;
}
