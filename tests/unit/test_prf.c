/*
 * The TLS 1.2 PRF against published vectors.
 *
 * The P_SHA256 and P_SHA384 "test label" vectors were posted to the IETF
 * TLS working group list (https://www.ietf.org/mail-archive/web/tls/current/msg03416.html)
 * and are carried by many TLS test suites; both were recomputed here with
 * `openssl kdf ... TLS1-PRF`.
 */
#include <string.h>

#include "check.h"
#include "tls/prf.h"

static void check_vector(lt_hash_alg hash, const char *secret_hex, const char *seed_hex,
                         const char *out_hex)
{
    uint8_t secret[64], seed[64], want[256], got[256];
    size_t secret_len = check_hex(secret_hex, secret, sizeof(secret));
    size_t seed_len = check_hex(seed_hex, seed, sizeof(seed));
    size_t out_len = check_hex(out_hex, want, sizeof(want));
    lt_error err;
    lt_error_clear(&err);

    CHECK(lt_prf(hash, secret, secret_len, "test label", seed, seed_len, got, out_len, &err));
    CHECK_MEM(got, want, out_len);

    /* P_hash is a stream: a shorter request is a prefix of a longer one,
     * including lengths that end inside or exactly at a hash block. */
    const size_t cuts[] = {1, 12, lt_hash_len(hash) - 1, lt_hash_len(hash), lt_hash_len(hash) + 1};
    for (size_t i = 0; i < sizeof(cuts) / sizeof(cuts[0]); i++) {
        memset(got, 0xee, sizeof(got));
        CHECK(lt_prf(hash, secret, secret_len, "test label", seed, seed_len, got, cuts[i], &err));
        CHECK_MEM(got, want, cuts[i]);
        CHECK(got[cuts[i]] == 0xee);
    }
    CHECK(!lt_error_is_set(&err));
}

static void test_ietf_sha256(void)
{
    check_vector(LT_HASH_SHA256, "9bbe436ba940f017b17652849a71db35",
                 "a0ba9f936cda311827a6f796ffd5198c",
                 "e3f229ba727be17b8d122620557cd453c2aab21d07c3d495329b52d4e61edb5a"
                 "6b301791e90d35c9c9a46b4e14baf9af0fa022f7077def17abfd3797c0564bab"
                 "4fbc91666e9def9b97fce34f796789baa48082d122ee42c5a72e5a5110fff701"
                 "87347b66");
}

static void test_ietf_sha384(void)
{
    check_vector(LT_HASH_SHA384, "b80b733d6ceefcdc71566ea48e5567df",
                 "cd665cf6a8447dd6ff8b27555edb7465",
                 "7b0c18e9ced410ed1804f2cfa34a336a1c14dffb4900bb5fd7942107e81c83cd"
                 "e9ca0faa60be9fe34f82b1233c9146a0e534cb400fed2700884f9dc236f80edd"
                 "8bfa961144c9e8d792eca722a7b32fc3d416d473ebc2c5fd4abfdad05d918425"
                 "9b5bf8cd4d90fa0d31e2dec479e4f1a26066f2eea9a69236a3e52655c9e9aee6"
                 "91c8f3a26854308d5eaa3be85e0990703d73e56f");
}

static void test_other_hashes_refused(void)
{
    const uint8_t secret[16] = {1}, seed[16] = {2}, zero[16] = {0};
    uint8_t out[16];
    memset(out, 0xaa, sizeof(out));
    lt_error err;
    lt_error_clear(&err);
    CHECK(!lt_prf(LT_HASH_SHA1, secret, sizeof(secret), "test label", seed, sizeof(seed), out,
                  sizeof(out), &err));
    CHECK(err.code == LATCH_ERR_INTERNAL);
    CHECK(strstr(err.message, "SHA-256 or SHA-384") != NULL);
    CHECK_MEM(out, zero, sizeof(out)); /* a failed PRF leaves no partial output */

    lt_error_clear(&err);
    CHECK(!lt_prf(LT_HASH_SHA512, secret, sizeof(secret), "test label", seed, sizeof(seed), out,
                  sizeof(out), &err));
    CHECK(err.code == LATCH_ERR_INTERNAL);
}

int main(void)
{
    test_ietf_sha256();
    test_ietf_sha384();
    test_other_hashes_refused();
    return check_finish("prf");
}
