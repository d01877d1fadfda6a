/* AEADs and AES-CBC against published vectors, and tag rejection. */
#include "crypto/cipher.h"
#include "check.h"

#include <stdlib.h>
#include <string.h>

typedef struct aead_vector {
    const char *source;
    lt_aead_alg alg;
    const char *key, *nonce, *aad, *pt, *ct, *tag;
} aead_vector;

/* Test cases 2-4 and 14-16 from McGrew & Viega, "The Galois/Counter Mode of
 * Operation (GCM)", Appendix B (also NIST's gcmEncryptExtIV vectors), and
 * the AEAD_CHACHA20_POLY1305 example of RFC 8439 section 2.8.2. */
#define GCM_K1 "feffe9928665731c6d6a8f9467308308"
#define GCM_P                                                                                      \
    "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"                             \
    "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39"
#define GCM_A "feedfacedeadbeeffeedfacedeadbeefabaddad2"
static const aead_vector aead_vectors[] = {
    {"GCM test case 2", LT_AEAD_AES_128_GCM, "00000000000000000000000000000000",
     "000000000000000000000000", "", "00000000000000000000000000000000",
     "0388dace60b6a392f328c2b971b2fe78", "ab6e47d42cec13bdf53a67b21257bddf"},
    {"GCM test case 3", LT_AEAD_AES_128_GCM, GCM_K1, "cafebabefacedbaddecaf888", "",
     GCM_P "1aafd255",
     "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e"
     "21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091473f5985",
     "4d5c2af327cd64a62cf35abd2ba6fab4"},
    {"GCM test case 4", LT_AEAD_AES_128_GCM, GCM_K1, "cafebabefacedbaddecaf888", GCM_A, GCM_P,
     "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e"
     "21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091",
     "5bc94fbc3221a5db94fae95ae7121a47"},
    {"GCM test case 14", LT_AEAD_AES_256_GCM,
     "0000000000000000000000000000000000000000000000000000000000000000", "000000000000000000000000",
     "", "00000000000000000000000000000000", "cea7403d4d606b6e074ec5d3baf39d18",
     "d0d1c8a799996bf0265b98b5d48ab919"},
    {"GCM test case 15", LT_AEAD_AES_256_GCM, GCM_K1 GCM_K1, "cafebabefacedbaddecaf888", "",
     GCM_P "1aafd255",
     "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
     "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad",
     "b094dac5d93471bdec1a502270e3cc6c"},
    {"GCM test case 16", LT_AEAD_AES_256_GCM, GCM_K1 GCM_K1, "cafebabefacedbaddecaf888", GCM_A,
     GCM_P,
     "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
     "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662",
     "76fc6ece0f4e1768cddf8853bb2d551b"},
    {"RFC 8439 2.8.2", LT_AEAD_CHACHA20_POLY1305,
     "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f", "070000004041424344454647",
     "50515253c0c1c2c3c4c5c6c7",
     /* "Ladies and Gentlemen of the class of '99: If I could offer you
      * only one tip for the future, sunscreen would be it." */
     "4c616469657320616e642047656e746c656d656e206f662074686520636c6173"
     "73206f66202739393a204966204920636f756c64206f6666657220796f75206f"
     "6e6c79206f6e652074697020666f7220746865206675747572652c2073756e73"
     "637265656e20776f756c642062652069742e",
     "d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d6"
     "3dbea45e8ca9671282fafb69da92728b1a71de0a9e060b2905d6a5b67ecd3b36"
     "92ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc"
     "3ff4def08e4b7a9de576d26586cec64b6116",
     "1ae10b594f09e26a7e902ecbd0600691"},
};

static void test_aead_vector(const aead_vector *v)
{
    uint8_t key[LT_AEAD_MAX_KEY_LEN], nonce[LT_AEAD_NONCE_LEN], aad[64], pt[128], ct[144], buf[144],
        tag[LT_AEAD_TAG_LEN];
    size_t key_len = check_hex(v->key, key, sizeof(key));
    CHECK(check_hex(v->nonce, nonce, sizeof(nonce)) == LT_AEAD_NONCE_LEN);
    size_t aad_len = check_hex(v->aad, aad, sizeof(aad));
    size_t len = check_hex(v->pt, pt, sizeof(pt));
    CHECK(check_hex(v->ct, ct, sizeof(ct)) == len);
    CHECK(check_hex(v->tag, tag, sizeof(tag)) == LT_AEAD_TAG_LEN);
    CHECK(key_len == lt_aead_key_len(v->alg));

    lt_aead a;
    lt_error err = {0};
    CHECK(lt_aead_init(&a, v->alg, key, &err));
    CHECK(lt_aead_seal(&a, nonce, aad, aad_len, pt, len, buf, &err));
    CHECK_MEM(buf, ct, len);
    CHECK_MEM(buf + len, tag, LT_AEAD_TAG_LEN);

    /* Open in place with the same context. */
    CHECK(lt_aead_open(&a, nonce, aad, aad_len, buf, len + LT_AEAD_TAG_LEN, buf, &err));
    CHECK_MEM(buf, pt, len);
    if (lt_error_is_set(&err))
        check_fail(__FILE__, __LINE__, v->source);

    /* Seal in place too. */
    memcpy(buf, pt, len);
    CHECK(lt_aead_seal(&a, nonce, aad, aad_len, buf, len, buf, &err));
    CHECK_MEM(buf, ct, len);

    /* One flipped bit anywhere in tag, ciphertext or AAD fails to open. */
    uint8_t sealed[144], out[144];
    memcpy(sealed, ct, len);
    memcpy(sealed + len, tag, LT_AEAD_TAG_LEN);
    for (size_t i = 0; i < len + LT_AEAD_TAG_LEN; i += 7) {
        sealed[i] ^= 0x01;
        lt_error e = {0};
        CHECK(!lt_aead_open(&a, nonce, aad, aad_len, sealed, len + LT_AEAD_TAG_LEN, out, &e));
        CHECK(e.code == LATCH_ERR_BAD_RECORD_MAC);
        sealed[i] ^= 0x01;
    }
    if (aad_len > 0) {
        aad[0] ^= 0x80;
        lt_error e = {0};
        CHECK(!lt_aead_open(&a, nonce, aad, aad_len, sealed, len + LT_AEAD_TAG_LEN, out, &e));
        CHECK(e.code == LATCH_ERR_BAD_RECORD_MAC);
        aad[0] ^= 0x80;
    }
    /* Too short to hold a tag. */
    lt_error e = {0};
    CHECK(!lt_aead_open(&a, nonce, aad, aad_len, sealed, LT_AEAD_TAG_LEN - 1, out, &e));
    CHECK(e.code == LATCH_ERR_BAD_RECORD_MAC);

    /* After failures the context still opens the genuine record. */
    CHECK(lt_aead_open(&a, nonce, aad, aad_len, sealed, len + LT_AEAD_TAG_LEN, out, &err));
    CHECK_MEM(out, pt, len);
    lt_aead_free(&a);
    CHECK(!lt_error_is_set(&err));
}

static void test_aead_empty_record(void)
{
    uint8_t key[32] = {1}, nonce[LT_AEAD_NONCE_LEN] = {2}, aad[13] = {3}, buf[LT_AEAD_TAG_LEN];
    lt_aead a;
    lt_error err = {0};
    CHECK(lt_aead_init(&a, LT_AEAD_CHACHA20_POLY1305, key, &err));
    CHECK(lt_aead_seal(&a, nonce, aad, sizeof(aad), NULL, 0, buf, &err));
    CHECK(lt_aead_open(&a, nonce, aad, sizeof(aad), buf, sizeof(buf), buf, &err));
    lt_aead_free(&a);
    CHECK(!lt_error_is_set(&err));
}

/* NIST SP 800-38A, F.2.1-F.2.6 (CBC-AES128 and CBC-AES256). */
static void test_cbc(void)
{
    const char *iv_hex = "000102030405060708090a0b0c0d0e0f";
    const char *pt_hex = "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51"
                         "30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710";
    struct {
        lt_cbc_alg alg;
        const char *key, *ct;
    } v[] = {
        {LT_CBC_AES_128, "2b7e151628aed2a6abf7158809cf4f3c",
         "7649abac8119b246cee98e9b12e9197d5086cb9b507219ee95db113a917678b2"
         "73bed6b8e3c1743b7116e69e222295163ff1caa1681fac09120eca307586e1a7"},
        {LT_CBC_AES_256, "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4",
         "f58c4c04d6e5f1ba779eabfb5f7bfbd69cfc4e967edb808d679f777bc6702c7d"
         "39f23369a9d9bacfa530e26304231461b2eb05e2c39be9fcda6c19078c6a9d1b"},
    };
    uint8_t iv[16], pt[64], ct[64], key[32], buf[64];
    check_hex(iv_hex, iv, sizeof(iv));
    check_hex(pt_hex, pt, sizeof(pt));
    for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
        CHECK(check_hex(v[i].key, key, sizeof(key)) == lt_cbc_key_len(v[i].alg));
        check_hex(v[i].ct, ct, sizeof(ct));
        lt_cbc enc, dec;
        lt_error err = {0};
        CHECK(lt_cbc_init(&enc, v[i].alg, true, key, &err));
        CHECK(lt_cbc_init(&dec, v[i].alg, false, key, &err));
        /* Twice each, to show the context is reusable per record. */
        for (int round = 0; round < 2; round++) {
            CHECK(lt_cbc_run(&enc, iv, pt, sizeof(pt), buf, &err));
            CHECK_MEM(buf, ct, sizeof(ct));
            CHECK(lt_cbc_run(&dec, iv, buf, sizeof(buf), buf, &err));
            CHECK_MEM(buf, pt, sizeof(pt));
        }
        /* Chaining: the second block encrypted alone with the first
         * ciphertext block as IV gives the second ciphertext block. */
        CHECK(lt_cbc_run(&enc, ct, pt + 16, 16, buf, &err));
        CHECK_MEM(buf, ct + 16, 16);
        lt_error e = {0};
        CHECK(!lt_cbc_run(&enc, iv, pt, 15, buf, &e));
        CHECK(e.code == LATCH_ERR_INTERNAL);
        lt_cbc_free(&enc);
        lt_cbc_free(&dec);
        CHECK(!lt_error_is_set(&err));
    }
}

int main(void)
{
    for (size_t i = 0; i < sizeof(aead_vectors) / sizeof(aead_vectors[0]); i++)
        test_aead_vector(&aead_vectors[i]);
    test_aead_empty_record();
    test_cbc();
    return check_finish("crypto_cipher");
}
