/*
 * HKDF (src/crypto/hkdf.c) against RFC 5869 Appendix A's SHA-256 test
 * cases (A.1 basic, A.2 long inputs and output, A.3 no salt and no
 * info), and HKDF-SHA-384, for which the RFC has no case, against
 * OpenSSL's own HKDF (EVP_KDF), an independent implementation.
 */
#include "base/mem.h"
#include "check.h"
#include "crypto/hkdf.h"

#include <openssl/core_names.h>
#include <openssl/kdf.h>
#include <openssl/params.h>
#include <string.h>

static void seq_bytes(uint8_t *out, uint8_t from, size_t n)
{
    for (size_t i = 0; i < n; i++)
        out[i] = (uint8_t)(from + i);
}

static void check_case(const uint8_t *ikm, size_t ikm_len, const uint8_t *salt, size_t salt_len,
                       const uint8_t *info, size_t info_len, const char *prk_hex,
                       const char *okm_hex)
{
    uint8_t want_prk[32], want_okm[128], prk[32], okm[128];
    check_hex(prk_hex, want_prk, sizeof(want_prk));
    size_t okm_len = check_hex(okm_hex, want_okm, sizeof(want_okm));
    lt_error err;
    lt_error_clear(&err);
    CHECK(lt_hkdf_extract(LT_HASH_SHA256, salt, salt_len, ikm, ikm_len, prk, &err));
    CHECK_MEM(prk, want_prk, 32);
    CHECK(lt_hkdf_expand(LT_HASH_SHA256, prk, 32, info, info_len, okm, okm_len, &err));
    CHECK_MEM(okm, want_okm, okm_len);
    /* A prefix of the output is the shorter output. */
    uint8_t short_okm[7];
    CHECK(lt_hkdf_expand(LT_HASH_SHA256, prk, 32, info, info_len, short_okm, 7, &err));
    CHECK_MEM(short_okm, want_okm, 7);
    CHECK(!lt_error_is_set(&err));
}

static void test_rfc5869(void)
{
    uint8_t ikm[80], salt[80], info[80];

    /* A.1 */
    memset(ikm, 0x0b, 22);
    seq_bytes(salt, 0x00, 13);
    seq_bytes(info, 0xf0, 10);
    check_case(ikm, 22, salt, 13, info, 10,
               "077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5",
               "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf"
               "34007208d5b887185865");

    /* A.2 */
    seq_bytes(ikm, 0x00, 80);
    seq_bytes(salt, 0x60, 80);
    seq_bytes(info, 0xb0, 80);
    check_case(ikm, 80, salt, 80, info, 80,
               "06a6b88c5853361a06104c9ceb35b45cef760014904671014a193f40c15fc244",
               "b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c"
               "59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71"
               "cc30c58179ec3e87c14c01d5c1f3434f1d87");

    /* A.3: salt and info of length 0 */
    memset(ikm, 0x0b, 22);
    check_case(ikm, 22, NULL, 0, NULL, 0,
               "19ef24a32c717b167f33a91d6f648bdf96596776afdb6377ac434c1c293ccb04",
               "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d"
               "9d201395faa4b61a96c8");
}

/* OpenSSL's HKDF in one mode: extract only, or expand only from a PRK. */
static void openssl_hkdf(int mode, const uint8_t *key, size_t key_len, const uint8_t *salt,
                         size_t salt_len, const uint8_t *info, size_t info_len, uint8_t *out,
                         size_t out_len)
{
    EVP_KDF *kdf = EVP_KDF_fetch(NULL, "HKDF", NULL);
    EVP_KDF_CTX *ctx = EVP_KDF_CTX_new(kdf);
    OSSL_PARAM params[6], *p = params;
    *p++ = OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, "SHA384", 0);
    *p++ = OSSL_PARAM_construct_int(OSSL_KDF_PARAM_MODE, &mode);
    *p++ = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, (void *)key, key_len);
    if (salt_len > 0)
        *p++ = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, (void *)salt, salt_len);
    if (info_len > 0)
        *p++ = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, (void *)info, info_len);
    *p = OSSL_PARAM_construct_end();
    CHECK(ctx != NULL && EVP_KDF_derive(ctx, out, out_len, params) == 1);
    EVP_KDF_CTX_free(ctx);
    EVP_KDF_free(kdf);
}

static void test_sha384_against_openssl(void)
{
    uint8_t ikm[61], salt[200], info[33];
    seq_bytes(ikm, 7, sizeof(ikm));
    seq_bytes(salt, 0x40, sizeof(salt)); /* longer than a SHA-384 block: hashed first */
    seq_bytes(info, 0x90, sizeof(info));
    uint8_t prk[48], want_prk[48];
    lt_error err;
    lt_error_clear(&err);
    CHECK(lt_hkdf_extract(LT_HASH_SHA384, salt, sizeof(salt), ikm, sizeof(ikm), prk, &err));
    openssl_hkdf(EVP_KDF_HKDF_MODE_EXTRACT_ONLY, ikm, sizeof(ikm), salt, sizeof(salt), NULL, 0,
                 want_prk, sizeof(want_prk));
    CHECK_MEM(prk, want_prk, 48);

    /* Lengths around the block boundaries: 1, 48, 49, 97 and the most. */
    static const size_t lens[] = {1, 48, 49, 97, 255 * 48};
    static uint8_t okm[255 * 48], want_okm[255 * 48];
    for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
        CHECK(lt_hkdf_expand(LT_HASH_SHA384, prk, 48, info, sizeof(info), okm, lens[i], &err));
        openssl_hkdf(EVP_KDF_HKDF_MODE_EXPAND_ONLY, prk, 48, NULL, 0, info, sizeof(info), want_okm,
                     lens[i]);
        CHECK_MEM(okm, want_okm, lens[i]);
    }
    CHECK(!lt_error_is_set(&err));
}

static void test_limits(void)
{
    uint8_t prk[32] = {1}, out[255 * 32 + 1];
    lt_error err;
    lt_error_clear(&err);
    /* RFC 5869 2.3: L <= 255 * HashLen. */
    memset(out, 0xaa, sizeof(out));
    CHECK(!lt_hkdf_expand(LT_HASH_SHA256, prk, 32, NULL, 0, out, sizeof(out), &err));
    CHECK(err.code == LATCH_ERR_INTERNAL);
    CHECK(strstr(err.message, "at most 8160") != NULL);
    static const uint8_t zeros[255 * 32 + 1];
    CHECK_MEM(out, zeros, sizeof(out));

    lt_error_clear(&err);
    CHECK(lt_hkdf_expand(LT_HASH_SHA256, prk, 32, NULL, 0, out, 255 * 32, &err));

    /* Only the TLS 1.3 hashes; a failed extract leaves no output. */
    lt_error_clear(&err);
    memset(out, 0xaa, 64);
    CHECK(!lt_hkdf_extract(LT_HASH_SHA512, NULL, 0, prk, 32, out, &err));
    CHECK(err.code == LATCH_ERR_INTERNAL);
    CHECK(strstr(err.message, "SHA-512") != NULL);
    CHECK_MEM(out, zeros, 64);
}

int main(void)
{
    test_rfc5869();
    test_sha384_against_openssl();
    test_limits();
    return check_finish("crypto_hkdf");
}
