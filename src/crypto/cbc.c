/* Raw AES-CBC for the CBC suites: whole blocks in, whole blocks out; the
 * record layer adds and checks the padding and the MAC itself. */
#include "crypto/cipher.h"

#include "crypto/ossl.h"

#include <limits.h>

size_t lt_cbc_key_len(lt_cbc_alg alg)
{
    switch (alg) {
    case LT_CBC_AES_128:
        return 16;
    case LT_CBC_AES_256:
        return 32;
    }
    return 0;
}

static const char *cbc_name(lt_cbc_alg alg)
{
    return alg == LT_CBC_AES_128 ? "AES-128-CBC" : "AES-256-CBC";
}

bool lt_cbc_init(lt_cbc *c, lt_cbc_alg alg, bool encrypt, const uint8_t *key, lt_error *err)
{
    c->alg = alg;
    c->encrypt = encrypt;
    c->impl = NULL;
    const EVP_CIPHER *cipher = lt_ossl_cbc(alg);
    if (cipher == NULL)
        return LT_OSSL_FAIL(err, LATCH_ERR_INTERNAL, "CBC cipher %d is not available", (int)alg);
    EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
    if (ctx == NULL || !EVP_CipherInit_ex2(ctx, cipher, key, NULL, encrypt ? 1 : 0, NULL)) {
        EVP_CIPHER_CTX_free(ctx);
        return LT_OSSL_FAIL(err, LATCH_ERR_INTERNAL, "could not key %s", cbc_name(alg));
    }
    c->impl = ctx;
    return true;
}

bool lt_cbc_run(lt_cbc *c, const uint8_t iv[LT_CBC_BLOCK_LEN], const uint8_t *in, size_t len,
                uint8_t *out, lt_error *err)
{
    if (len % LT_CBC_BLOCK_LEN != 0 || len > INT_MAX)
        return LT_FAIL(err, LATCH_ERR_INTERNAL, "%s input of %zu bytes is not whole blocks",
                       cbc_name(c->alg), len);
    if (len == 0)
        return true;
    int n = 0;
    if (!EVP_CipherInit_ex2(c->impl, NULL, NULL, iv, c->encrypt ? 1 : 0, NULL) ||
        !EVP_CIPHER_CTX_set_padding(c->impl, 0) ||
        !EVP_CipherUpdate(c->impl, out, &n, in, (int)len) || (size_t)n != len)
        return LT_OSSL_FAIL(err, LATCH_ERR_INTERNAL, "%s %s failed", cbc_name(c->alg),
                            c->encrypt ? "encryption" : "decryption");
    return true;
}

void lt_cbc_free(lt_cbc *c)
{
    EVP_CIPHER_CTX_free(c->impl);
    c->impl = NULL;
}
