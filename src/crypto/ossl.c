#include "crypto/ossl.h"

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
} algs;

static pthread_once_t algs_once = PTHREAD_ONCE_INIT;

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
