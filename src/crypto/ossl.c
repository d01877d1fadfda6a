#include "crypto/ossl.h"

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>

/* Fetched once and kept for the life of the process: fetching is a
 * provider lookup under a lock, too slow to repeat per record. */
static struct {
    EVP_MD *sha1, *sha256, *sha384, *sha512;
    EVP_MAC *hmac;
    EVP_CIPHER *aes128gcm, *aes256gcm, *chacha20poly1305;
    EVP_CIPHER *aes128cbc, *aes256cbc;
    EVP_PKEY *p256, *p384;                                  /* domain parameters only */
    EVP_PKEY_CTX *rsa_import, *x25519_import, *x448_import; /* set up for EVP_PKEY_fromdata */
} algs;

static pthread_once_t algs_once = PTHREAD_ONCE_INIT;

/* A key holding only a named curve's domain parameters: building the
 * group by name costs about 0.14 M instructions, copying it from here a
 * small fraction of that. */
static EVP_PKEY *curve_params(const char *name)
{
    char group[16];
    snprintf(group, sizeof(group), "%s", name);
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, group, 0),
        OSSL_PARAM_construct_end(),
    };
    EVP_PKEY *pkey = NULL;
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);
    if (ctx == NULL || EVP_PKEY_fromdata_init(ctx) <= 0 ||
        EVP_PKEY_fromdata(ctx, &pkey, EVP_PKEY_KEY_PARAMETERS, params) <= 0)
        pkey = NULL;
    EVP_PKEY_CTX_free(ctx);
    ERR_clear_error();
    return pkey;
}

/* A context that EVP_PKEY_fromdata can load keys of one type with, or
 * NULL. */
static EVP_PKEY_CTX *import_ctx(const char *type)
{
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, type, NULL);
    if (ctx != NULL && EVP_PKEY_fromdata_init(ctx) <= 0) {
        EVP_PKEY_CTX_free(ctx);
        ctx = NULL;
    }
    ERR_clear_error();
    return ctx;
}

static void fetch_algs(void)
{
    algs.sha1 = EVP_MD_fetch(NULL, "SHA1", NULL);
    algs.sha256 = EVP_MD_fetch(NULL, "SHA256", NULL);
    algs.sha384 = EVP_MD_fetch(NULL, "SHA384", NULL);
    algs.sha512 = EVP_MD_fetch(NULL, "SHA512", NULL);
    algs.hmac = EVP_MAC_fetch(NULL, "HMAC", NULL);
    algs.aes128gcm = EVP_CIPHER_fetch(NULL, "AES-128-GCM", NULL);
    algs.aes256gcm = EVP_CIPHER_fetch(NULL, "AES-256-GCM", NULL);
    algs.chacha20poly1305 = EVP_CIPHER_fetch(NULL, "ChaCha20-Poly1305", NULL);
    algs.aes128cbc = EVP_CIPHER_fetch(NULL, "AES-128-CBC", NULL);
    algs.aes256cbc = EVP_CIPHER_fetch(NULL, "AES-256-CBC", NULL);
    algs.p256 = curve_params("P-256");
    algs.p384 = curve_params("P-384");
    algs.rsa_import = import_ctx("RSA");
    algs.x25519_import = import_ctx("X25519");
    algs.x448_import = import_ctx("X448");
}

static void ensure_algs(void)
{
    pthread_once(&algs_once, fetch_algs);
}

const EVP_MD *lt_ossl_md(lt_hash_alg alg)
{
    ensure_algs();
    switch (alg) {
    case LT_HASH_SHA1:
        return algs.sha1;
    case LT_HASH_SHA256:
        return algs.sha256;
    case LT_HASH_SHA384:
        return algs.sha384;
    case LT_HASH_SHA512:
        return algs.sha512;
    }
    return NULL;
}

EVP_MAC *lt_ossl_hmac(void)
{
    ensure_algs();
    return algs.hmac;
}

const EVP_CIPHER *lt_ossl_aead(lt_aead_alg alg)
{
    ensure_algs();
    switch (alg) {
    case LT_AEAD_AES_128_GCM:
        return algs.aes128gcm;
    case LT_AEAD_AES_256_GCM:
        return algs.aes256gcm;
    case LT_AEAD_CHACHA20_POLY1305:
        return algs.chacha20poly1305;
    }
    return NULL;
}

const EVP_CIPHER *lt_ossl_cbc(lt_cbc_alg alg)
{
    ensure_algs();
    switch (alg) {
    case LT_CBC_AES_128:
        return algs.aes128cbc;
    case LT_CBC_AES_256:
        return algs.aes256cbc;
    }
    return NULL;
}

EVP_PKEY *lt_ossl_curve(lt_key_type type)
{
    ensure_algs();
    if (type == LT_KEY_EC_P256)
        return algs.p256;
    return type == LT_KEY_EC_P384 ? algs.p384 : NULL;
}

EVP_PKEY_CTX *lt_ossl_rsa_import(void)
{
    ensure_algs();
    return algs.rsa_import;
}

EVP_PKEY_CTX *lt_ossl_xdh_import(bool x448)
{
    ensure_algs();
    return x448 ? algs.x448_import : algs.x25519_import;
}

bool lt_ossl_fail(lt_error *err, latch_err code, const char *file, int line, const char *fmt, ...)
{
    char what[LT_ERROR_MESSAGE_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof(what), fmt, ap);
    va_end(ap);
    unsigned long e = ERR_peek_last_error();
    const char *reason = e != 0 ? ERR_reason_error_string(e) : NULL;
    ERR_clear_error();
    if (reason == NULL)
        return lt_error_set(err, code, file, line, "%s", what);
    return lt_error_set(err, code, file, line, "%s (libcrypto: %s)", what, reason);
}
