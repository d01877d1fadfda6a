/* Hashes, HMAC and random bytes against published vectors. */
#include "base/mem.h"
#include "crypto/hash.h"
#include "crypto/random.h"
#include "check.h"

#include <stdlib.h>
#include <string.h>

static void check_digest(lt_hash_alg alg, const char *msg, const char *hex)
{
    uint8_t want[LT_HASH_MAX_LEN], got[LT_HASH_MAX_LEN];
    size_t n = check_hex(hex, want, sizeof(want));
    lt_error err = {0};
    CHECK(n == lt_hash_len(alg));
    CHECK(lt_hash_oneshot(alg, (const uint8_t *)msg, strlen(msg), got, &err));
    CHECK_MEM(got, want, n);
}

/* FIPS 180-4 examples (NIST CSRC "Examples with Intermediate Values":
 * SHA256.pdf, SHA384.pdf, SHA512.pdf; the million-'a' digest from
 * FIPS 180-2 Appendix B.3). */
static void test_sha2_vectors(void)
{
    const char *abc = "abc";
    const char *two_block_256 = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    const char *two_block_512 = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
                                "hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";
    check_digest(LT_HASH_SHA256, abc,
                 "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    check_digest(LT_HASH_SHA256, two_block_256,
                 "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    check_digest(LT_HASH_SHA384, abc,
                 "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed"
                 "8086072ba1e7cc2358baeca134c825a7");
    check_digest(LT_HASH_SHA384, two_block_512,
                 "09330c33f71147e83d192fc782cd1b4753111b173b3b05d22fa08086e3b0f712"
                 "fcc7c71a557e2db966c3e9fa91746039");
    check_digest(LT_HASH_SHA512, abc,
                 "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
                 "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f");
    check_digest(LT_HASH_SHA512, two_block_512,
                 "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018"
                 "501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909");

    /* One million 'a', fed in uneven pieces through the streaming API. */
    uint8_t chunk[997];
    memset(chunk, 'a', sizeof(chunk));
    lt_hash h;
    lt_error err = {0};
    CHECK(lt_hash_init(&h, LT_HASH_SHA256, &err));
    size_t left = 1000000;
    while (left > 0) {
        size_t n = left < sizeof(chunk) ? left : sizeof(chunk);
        CHECK(lt_hash_update(&h, chunk, n, &err));
        left -= n;
    }
    uint8_t got[32], want[32];
    check_hex("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0", want,
              sizeof(want));
    CHECK(lt_hash_final(&h, got, &err));
    CHECK_MEM(got, want, 32);
    lt_hash_free(&h);
}

/* Peek and copy must leave the running state untouched (the transcript
 * hash is peeked for Finished and keeps going). */
static void test_copy_and_peek(void)
{
    const uint8_t *abc = (const uint8_t *)"abc";
    uint8_t want_ab[32], want_abc[32], got[32];
    lt_error err = {0};
    CHECK(lt_hash_oneshot(LT_HASH_SHA256, abc, 2, want_ab, &err));
    CHECK(lt_hash_oneshot(LT_HASH_SHA256, abc, 3, want_abc, &err));

    lt_hash h, c;
    CHECK(lt_hash_init(&h, LT_HASH_SHA256, &err));
    CHECK(lt_hash_update(&h, abc, 2, &err));
    CHECK(lt_hash_peek(&h, got, &err));
    CHECK_MEM(got, want_ab, 32);
    CHECK(lt_hash_peek(&h, got, &err));
    CHECK_MEM(got, want_ab, 32);
    CHECK(lt_hash_copy(&c, &h, &err));
    CHECK(lt_hash_update(&h, abc + 2, 1, &err));
    /* A later peek reuses the first one's context, with the new state. */
    CHECK(lt_hash_peek(&h, got, &err));
    CHECK_MEM(got, want_abc, 32);
    CHECK(lt_hash_final(&c, got, &err));
    CHECK_MEM(got, want_ab, 32);
    CHECK(lt_hash_final(&h, got, &err));
    CHECK_MEM(got, want_abc, 32);
    lt_hash_free(&c);
    lt_hash_free(&h);
    CHECK(!lt_error_is_set(&err));
}

static void check_hmac(lt_hash_alg alg, const uint8_t *key, size_t key_len, const uint8_t *data,
                       size_t len, const char *hex)
{
    uint8_t want[LT_HASH_MAX_LEN], got[LT_HASH_MAX_LEN];
    size_t n = check_hex(hex, want, sizeof(want));
    lt_error err = {0};
    CHECK(n == lt_hash_len(alg));
    CHECK(lt_hmac_oneshot(alg, key, key_len, data, len, got, &err));
    CHECK_MEM(got, want, n);
    if (alg != LT_HASH_SHA256 && alg != LT_HASH_SHA384)
        return;
    /* The keyed states give the same MAC, twice, over the message in pieces. */
    lt_hmac_keyed k;
    CHECK(lt_hmac_keyed_init(&k, alg, key, key_len, &err));
    const lt_span parts[3] = {{data, len / 3}, {NULL, 0}, {data + len / 3, len - len / 3}};
    for (int round = 0; round < 2; round++) {
        memset(got, 0, sizeof(got));
        CHECK(lt_hmac_keyed_mac(&k, parts, 3, got, &err));
        CHECK_MEM(got, want, n);
    }
    lt_hmac_keyed_wipe(&k);
    CHECK(!lt_error_is_set(&err));
}

/* RFC 4231 section 4, test cases 1-4, 6 and 7 (case 5 is truncated output). */
static void test_hmac_rfc4231(void)
{
    uint8_t k1[20], k3[20], k4[25], k6[131], d3[50], d4[50];
    memset(k1, 0x0b, sizeof(k1));
    memset(k3, 0xaa, sizeof(k3));
    for (size_t i = 0; i < sizeof(k4); i++)
        k4[i] = (uint8_t)(i + 1);
    memset(k6, 0xaa, sizeof(k6));
    memset(d3, 0xdd, sizeof(d3));
    memset(d4, 0xcd, sizeof(d4));
    const uint8_t *d1 = (const uint8_t *)"Hi There";
    const uint8_t *k2 = (const uint8_t *)"Jefe";
    const uint8_t *d2 = (const uint8_t *)"what do ya want for nothing?";
    const char *s6 = "Test Using Larger Than Block-Size Key - Hash Key First";
    const char *s7 = "This is a test using a larger than block-size key and a larger than "
                     "block-size data. The key needs to be hashed before being used by the "
                     "HMAC algorithm.";
    const uint8_t *d6 = (const uint8_t *)s6, *d7 = (const uint8_t *)s7;

    check_hmac(LT_HASH_SHA256, k1, 20, d1, 8,
               "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
    check_hmac(LT_HASH_SHA384, k1, 20, d1, 8,
               "afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59c"
               "faea9ea9076ede7f4af152e8b2fa9cb6");
    check_hmac(LT_HASH_SHA512, k1, 20, d1, 8,
               "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cde"
               "daa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854");
    check_hmac(LT_HASH_SHA256, k2, 4, d2, 28,
               "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    check_hmac(LT_HASH_SHA384, k2, 4, d2, 28,
               "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e"
               "8e2240ca5e69e2c78b3239ecfab21649");
    check_hmac(LT_HASH_SHA512, k2, 4, d2, 28,
               "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554"
               "9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737");
    check_hmac(LT_HASH_SHA256, k3, 20, d3, 50,
               "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe");
    check_hmac(LT_HASH_SHA384, k3, 20, d3, 50,
               "88062608d3e6ad8a0aa2ace014c8a86f0aa635d947ac9febe83ef4e55966144b"
               "2a5ab39dc13814b94e3ab6e101a34f27");
    check_hmac(LT_HASH_SHA512, k3, 20, d3, 50,
               "fa73b0089d56a284efb0f0756c890be9b1b5dbdd8ee81a3655f83e33b2279d39"
               "bf3e848279a722c806b485a47e67c807b946a337bee8942674278859e13292fb");
    check_hmac(LT_HASH_SHA256, k4, 25, d4, 50,
               "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b");
    check_hmac(LT_HASH_SHA384, k4, 25, d4, 50,
               "3e8a69b7783c25851933ab6290af6ca77a9981480850009cc5577c6e1f573b4e"
               "6801dd23c4a7d679ccf8a386c674cffb");
    check_hmac(LT_HASH_SHA512, k4, 25, d4, 50,
               "b0ba465637458c6990e5a8c5f61d4af7e576d97ff94b872de76f8050361ee3db"
               "a91ca5c11aa25eb4d679275cc5788063a5f19741120c4f2de2adebeb10a298dd");
    check_hmac(LT_HASH_SHA256, k6, 131, d6, strlen(s6),
               "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
    check_hmac(LT_HASH_SHA384, k6, 131, d6, strlen(s6),
               "4ece084485813e9088d2c63a041bc5b44f9ef1012a2b588f3cd11f05033ac4c6"
               "0c2ef6ab4030fe8296248df163f44952");
    check_hmac(LT_HASH_SHA512, k6, 131, d6, strlen(s6),
               "80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f352"
               "6b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598");
    check_hmac(LT_HASH_SHA256, k6, 131, d7, strlen(s7),
               "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2");
    check_hmac(LT_HASH_SHA384, k6, 131, d7, strlen(s7),
               "6617178e941f020d351e2f254e8fd32c602420feb0b8fb9adccebb82461e99c5"
               "a678cc31e799176d3860e6110c46523e");
    check_hmac(LT_HASH_SHA512, k6, 131, d7, strlen(s7),
               "e37b6a775dc87dbaa4dfa9f96e5e3ffddebd71f8867289865df5a32d20cdc944"
               "b6022cac3c4982b10d5eeb55c3e4de15134676fb6de0446065c97440fa8c6a58");
}

/* RFC 2202 section 3, HMAC-SHA-1 test cases 1-3 (the CBC suites' MAC). */
static void test_hmac_rfc2202(void)
{
    uint8_t k1[20], k3[20], d3[50];
    memset(k1, 0x0b, sizeof(k1));
    memset(k3, 0xaa, sizeof(k3));
    memset(d3, 0xdd, sizeof(d3));
    check_hmac(LT_HASH_SHA1, k1, 20, (const uint8_t *)"Hi There", 8,
               "b617318655057264e28bc0b6fb378c8ef146be00");
    check_hmac(LT_HASH_SHA1, (const uint8_t *)"Jefe", 4,
               (const uint8_t *)"what do ya want for nothing?", 28,
               "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
    check_hmac(LT_HASH_SHA1, k3, 20, d3, 50, "125d7342b9ac11cd91a39af48aa17b4f63f175d3");
}

/* A keyed context gives the right MAC again and again after each final,
 * as the record layer uses it (RFC 4231 test case 2 each time). */
static void test_hmac_reuse(void)
{
    uint8_t want[32], got[32];
    check_hex("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843", want,
              sizeof(want));
    const uint8_t *msg = (const uint8_t *)"what do ya want for nothing?";
    lt_hmac m;
    lt_error err = {0};
    CHECK(lt_hmac_init(&m, LT_HASH_SHA256, (const uint8_t *)"Jefe", 4, &err));
    for (int round = 0; round < 3; round++) {
        memset(got, 0, sizeof(got));
        CHECK(lt_hmac_update(&m, msg, 10, &err));
        CHECK(lt_hmac_update(&m, msg + 10, 18, &err));
        CHECK(lt_hmac_final(&m, got, &err));
        CHECK_MEM(got, want, 32);
    }
    lt_hmac_free(&m);

    /* An empty key is legal HMAC (the key is zero-padded to a block). */
    uint8_t zero_key[64] = {0};
    uint8_t a[32], b[32];
    CHECK(lt_hmac_oneshot(LT_HASH_SHA256, NULL, 0, msg, 28, a, &err));
    CHECK(lt_hmac_oneshot(LT_HASH_SHA256, zero_key, sizeof(zero_key), msg, 28, b, &err));
    CHECK_MEM(a, b, 32);
    lt_hmac_keyed k;
    CHECK(lt_hmac_keyed_init(&k, LT_HASH_SHA256, NULL, 0, &err));
    const lt_span part = {msg, 28};
    CHECK(lt_hmac_keyed_mac(&k, &part, 1, b, &err));
    lt_hmac_keyed_wipe(&k);
    CHECK_MEM(a, b, 32);
    CHECK(!lt_error_is_set(&err));

    /* The keyed states are for the PRF's hashes only. */
    CHECK(!lt_hmac_keyed_init(&k, LT_HASH_SHA1, (const uint8_t *)"Jefe", 4, &err));
    CHECK(lt_error_is_set(&err));
}

static void test_sizes_and_names(void)
{
    CHECK(lt_hash_len(LT_HASH_SHA1) == 20 && lt_hash_block_len(LT_HASH_SHA1) == 64);
    CHECK(lt_hash_len(LT_HASH_SHA384) == 48 && lt_hash_block_len(LT_HASH_SHA384) == 128);
    CHECK(strcmp(lt_hash_name(LT_HASH_SHA512), "SHA-512") == 0);
}

static void test_random(void)
{
    uint8_t a[64] = {0}, b[64] = {0}, zero[64] = {0};
    lt_error err = {0};
    CHECK(lt_random(a, sizeof(a), &err));
    CHECK(lt_random(b, sizeof(b), &err));
    CHECK(!lt_ct_equal(a, b, sizeof(a)));
    CHECK(!lt_ct_equal(a, zero, sizeof(a)));
    CHECK(lt_random(NULL, 0, &err));
}

int main(void)
{
    test_sha2_vectors();
    test_copy_and_peek();
    test_hmac_rfc4231();
    test_hmac_rfc2202();
    test_hmac_reuse();
    test_sizes_and_names();
    test_random();
    return check_finish("crypto_hash");
}
