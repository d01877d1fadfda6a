/* Key exchange: published vectors, agreement, and every peer-value check. */
#include "crypto/kex.h"
#include "check.h"

#include <stdlib.h>
#include <string.h>

static void check_scalar_mult(uint16_t group, const char *priv_hex, const char *pub_hex,
                              const char *peer_hex, const char *shared_hex)
{
    uint8_t priv[56], want_pub[97], peer[97], shared[56], pub[97], got[LT_KEX_MAX_SECRET];
    size_t priv_len = check_hex(priv_hex, priv, sizeof(priv));
    size_t want_pub_len = pub_hex != NULL ? check_hex(pub_hex, want_pub, sizeof(want_pub)) : 0;
    size_t peer_len = check_hex(peer_hex, peer, sizeof(peer));
    size_t shared_len = check_hex(shared_hex, shared, sizeof(shared));
    lt_kex k;
    lt_error err = {0};
    size_t pub_len = 0, got_len = 0;
    CHECK(lt_kex_from_private(&k, group, priv, priv_len, pub, sizeof(pub), &pub_len, &err));
    if (pub_hex != NULL) {
        CHECK(pub_len == want_pub_len);
        CHECK_MEM(pub, want_pub, want_pub_len);
    }
    CHECK(lt_kex_derive(&k, peer, peer_len, got, sizeof(got), &got_len, &err));
    CHECK(got_len == shared_len);
    CHECK_MEM(got, shared, shared_len);
    lt_kex_free(&k);
    CHECK(!lt_error_is_set(&err));
}

/* RFC 7748 5.2 (the two single-step vectors) and 6.1 (Alice and Bob). */
static void test_x25519_vectors(void)
{
    check_scalar_mult(LT_GROUP_X25519,
                      "a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4", NULL,
                      "e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c",
                      "c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552");
    check_scalar_mult(LT_GROUP_X25519,
                      "4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d", NULL,
                      "e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493",
                      "95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957");
    const char *alice_priv = "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a";
    const char *alice_pub = "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a";
    const char *bob_priv = "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb";
    const char *bob_pub = "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f";
    const char *k = "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742";
    check_scalar_mult(LT_GROUP_X25519, alice_priv, alice_pub, bob_pub, k);
    check_scalar_mult(LT_GROUP_X25519, bob_priv, bob_pub, alice_pub, k);
}

/* RFC 7748 5.2 (the two single-step X448 vectors) and 6.2 (Alice and Bob). */
static void test_x448_vectors(void)
{
    check_scalar_mult(LT_GROUP_X448,
                      "3d262fddf9ec8e88495266fea19a34d28882acef045104d0d1aae121700a779c"
                      "984c24f8cdd78fbff44943eba368f54b29259a4f1c600ad3",
                      NULL,
                      "06fce640fa3487bfda5f6cf2d5263f8aad88334cbd07437f020f08f9814dc031"
                      "ddbdc38c19c6da2583fa5429db94ada18aa7a7fb4ef8a086",
                      "ce3e4ff95a60dc6697da1db1d85e6afbdf79b50a2412d7546d5f239fe14fbaad"
                      "eb445fc66a01b0779d98223961111e21766282f73dd96b6f");
    check_scalar_mult(LT_GROUP_X448,
                      "203d494428b8399352665ddca42f9de8fef600908e0d461cb021f8c538345dd7"
                      "7c3e4806e25f46d3315c44e0a5b4371282dd2c8d5be3095f",
                      NULL,
                      "0fbcc2f993cd56d3305b0b7d9e55d4c1a8fb5dbb52f8e9a1e9b6201b165d0158"
                      "94e56c4d3570bee52fe205e28a78b91cdfbde71ce8d157db",
                      "884a02576239ff7a2f2f63b2db6a9ff37047ac13568e1e30fe63c4a7ad1b3ee3"
                      "a5700df34321d62077e63633c575c1c954514e99da7c179d");
    const char *alice_priv = "9a8f4925d1519f5775cf46b04b5800d4ee9ee8bae8bc5565d498c28d"
                             "d9c9baf574a9419744897391006382a6f127ab1d9ac2d8c0a598726b";
    const char *alice_pub = "9b08f7cc31b7e3e67d22d5aea121074a273bd2b83de09c63faa73d2c"
                            "22c5d9bbc836647241d953d40c5b12da88120d53177f80e532c41fa0";
    const char *bob_priv = "1c306a7ac2a0e2e0990b294470cba339e6453772b075811d8fad0d1d"
                           "6927c120bb5ee8972b0d3e21374c9c921b09d1b0366f10b65173992d";
    const char *bob_pub = "3eb7a829b0cd20f5bcfc0b599b6feccf6da4627107bdb0d4f345b430"
                          "27d8b972fc3e34fb4232a13ca706dcb57aec3dae07bdc1c67bf33609";
    const char *k = "07fff4181ac6cc95ec1c16a94a0f74d12da232ce40a77552281d282b"
                    "b60c0b56fd2464c335543936521c24403085d59a449a5037514a879d";
    check_scalar_mult(LT_GROUP_X448, alice_priv, alice_pub, bob_pub, k);
    check_scalar_mult(LT_GROUP_X448, bob_priv, bob_pub, alice_pub, k);
}

/* RFC 5903 8.1, the 256-bit random ECP group: i, g^i, g^r and g^ir (the
 * TLS secret is the x-coordinate, RFC 8422 5.10). */
#define P256_GI                                                                                    \
    "04dad0b65394221cf9b051e1feca5787d098dfe637fc90b9ef945d0c3772581180"                           \
    "5271a0461cdb8252d61f1c456fa3e59ab1f45b33accf5f58389e0577b8990bb3"
#define P256_GR                                                                                    \
    "04d12dfb5289c8d4f81208b70270398c342296970a0bccb74c736fc7554494bf63"                           \
    "56fbf3ca366cc23e8157854c13c58d6aac23f046ada30f8353e74f33039872ab"
static void test_p256_vector(void)
{
    const char *girx = "d6840f6b42f6edafd13116e0e12565202fef8e9ece7dce03812464d04b9442de";
    check_scalar_mult(LT_GROUP_SECP256R1,
                      "c88f01f510d9ac3f70a292daa2316de544e9aab8afe84049c62a9c57862d1433", P256_GI,
                      P256_GR, girx);
    check_scalar_mult(LT_GROUP_SECP256R1,
                      "c6ef9c5d78ae012a011164acb397ce2088685d8f06bf9be0b283ab46476bee53", P256_GR,
                      P256_GI, girx);
}

/* Two fresh key pairs of a group agree on the secret. */
static void test_agreement(uint16_t group)
{
    lt_kex a, b;
    uint8_t pa[LT_KEX_MAX_PUBLIC], pb[LT_KEX_MAX_PUBLIC];
    uint8_t sa[LT_KEX_MAX_SECRET], sb[LT_KEX_MAX_SECRET];
    size_t la = 0, lb = 0, na = 0, nb = 0;
    lt_error err = {0};
    CHECK(lt_kex_generate(&a, group, pa, sizeof(pa), &la, &err));
    CHECK(lt_kex_generate(&b, group, pb, sizeof(pb), &lb, &err));
    CHECK(la == lb && a.group == group);
    CHECK(lt_kex_derive(&a, pb, lb, sa, sizeof(sa), &na, &err));
    CHECK(lt_kex_derive(&b, pa, la, sb, sizeof(sb), &nb, &err));
    CHECK(na == nb && na > 0);
    CHECK_MEM(sa, sb, na);
    CHECK(sa[0] != 0 || !lt_group_is_ffdhe(group)); /* DH secrets lose leading zeros */
    lt_kex_free(&a);
    lt_kex_free(&b);
    if (lt_error_is_set(&err))
        check_fail(__FILE__, __LINE__, err.message);
}

static void check_rejected(lt_kex *k, const uint8_t *peer, size_t peer_len, const char *what)
{
    uint8_t secret[LT_KEX_MAX_SECRET];
    size_t n = 0;
    lt_error err = {0};
    check_count++;
    if (lt_kex_derive(k, peer, peer_len, secret, sizeof(secret), &n, &err) ||
        err.code != LATCH_ERR_ILLEGAL_PARAMETER)
        check_fail(__FILE__, __LINE__, what);
}

static void test_ec_rejections(void)
{
    lt_kex k;
    uint8_t pub[LT_KEX_MAX_PUBLIC], peer[97];
    size_t len = 0;
    lt_error err = {0};

    CHECK(lt_kex_generate(&k, LT_GROUP_X25519, pub, sizeof(pub), &len, &err));
    CHECK(len == 32);
    memset(peer, 0, 32);
    check_rejected(&k, peer, 32, "x25519 u = 0 (low order, all-zero secret)");
    peer[0] = 1;
    check_rejected(&k, peer, 32, "x25519 u = 1 (low order, all-zero secret)");
    check_rejected(&k, pub, 31, "x25519 short value");
    check_rejected(&k, pub, 33, "x25519 long value");
    lt_kex_free(&k);

    CHECK(lt_kex_generate(&k, LT_GROUP_X448, pub, sizeof(pub), &len, &err));
    CHECK(len == 56);
    memset(peer, 0, 56);
    check_rejected(&k, peer, 56, "x448 u = 0 (low order, all-zero secret)");
    peer[0] = 1;
    check_rejected(&k, peer, 56, "x448 u = 1 (low order, all-zero secret)");
    check_rejected(&k, pub, 32, "x25519-sized value for x448");
    check_rejected(&k, pub, 57, "x448 long value");
    lt_kex_free(&k);

    CHECK(lt_kex_generate(&k, LT_GROUP_SECP256R1, pub, sizeof(pub), &len, &err));
    CHECK(len == 65 && pub[0] == 0x04);
    check_hex(P256_GR, peer, sizeof(peer));
    peer[64] ^= 0x01;
    check_rejected(&k, peer, 65, "P-256 point off the curve");
    peer[64] ^= 0x01;
    peer[0] = 0x02;
    check_rejected(&k, peer, 65, "P-256 point with a compressed prefix");
    check_rejected(&k, peer, 33, "P-256 compressed point");
    check_rejected(&k, peer, 64, "P-256 short point");
    memset(peer, 0, 65);
    peer[0] = 0x04;
    check_rejected(&k, peer, 65, "P-256 (0, 0)");
    lt_kex_free(&k);

    CHECK(lt_kex_generate(&k, LT_GROUP_SECP384R1, pub, sizeof(pub), &len, &err));
    CHECK(len == 97 && pub[0] == 0x04);
    memcpy(peer, pub, 97);
    peer[96] ^= 0x01;
    check_rejected(&k, peer, 97, "P-384 point off the curve");
    check_rejected(&k, pub, 65, "P-256-sized value for P-384");
    lt_kex_free(&k);
    CHECK(!lt_error_is_set(&err));
}

/* RFC 7919 Appendix A: each p is 2^b - 2^{b-64} + {[2^{b-130} e] + X} * 2^64 - 1,
 * so it has b bits and its top and bottom 64 bits are all ones; g = 2; and
 * p is a safe prime. */
static void test_ffdhe_groups(void)
{
    const struct {
        uint16_t group;
        size_t bits;
        const char *name;
    } groups[] = {
        {LT_GROUP_FFDHE2048, 2048, "ffdhe2048"}, {LT_GROUP_FFDHE3072, 3072, "ffdhe3072"},
        {LT_GROUP_FFDHE4096, 4096, "ffdhe4096"}, {LT_GROUP_FFDHE6144, 6144, "ffdhe6144"},
        {LT_GROUP_FFDHE8192, 8192, "ffdhe8192"},
    };
    const uint8_t *p2048, *g2048;
    size_t p2048_len, g2048_len;
    CHECK(lt_ffdhe_params(LT_GROUP_FFDHE2048, &p2048, &p2048_len, &g2048, &g2048_len));
    for (size_t i = 0; i < sizeof(groups) / sizeof(groups[0]); i++) {
        const uint8_t *p, *g;
        size_t p_len, g_len;
        CHECK(lt_ffdhe_params(groups[i].group, &p, &p_len, &g, &g_len));
        CHECK(p_len * 8 == groups[i].bits);
        CHECK(g_len == 1 && g[0] == 2);
        for (size_t j = 0; j < 8; j++)
            CHECK(p[j] == 0xff && p[p_len - 1 - j] == 0xff);
        /* The first bytes after the top 64 ones are those of e: 0xadf85458a2bb4a9a. */
        const uint8_t e_start[] = {0xad, 0xf8, 0x54, 0x58, 0xa2, 0xbb, 0x4a, 0x9a};
        CHECK_MEM(p + 8, e_start, 8);
        /* The bits of e go on alike in every group; X, added at bit 64,
         * changes only the last bytes: the first 200 after the top ones
         * are those of ffdhe2048. */
        CHECK_MEM(p + 8, p2048 + 8, 200);
        CHECK(strcmp(lt_group_name(groups[i].group), groups[i].name) == 0);
        CHECK(lt_group_is_ffdhe(groups[i].group) && !lt_group_is_ec(groups[i].group));
        /* Proving 6144- and 8192-bit safe primes takes minutes; their
         * agreement below has libcrypto check the peer's y in the
         * subgroup of order (p-1)/2. */
        lt_error err = {0};
        if (groups[i].bits <= 4096)
            CHECK(lt_ffdhe_check_safe_prime(groups[i].group, &err));
    }
    const uint8_t *p, *g;
    size_t p_len, g_len;
    CHECK(!lt_ffdhe_params(LT_GROUP_X25519, &p, &p_len, &g, &g_len));
    CHECK(lt_group_supported(LT_GROUP_X25519) && !lt_group_supported(0x0019));
    /* RFC 7919 2: 256..511 are FFDHE code points, known to latch or not. */
    CHECK(lt_group_in_ffdhe_range(0x0100) && lt_group_in_ffdhe_range(0x01ff));
    CHECK(!lt_group_in_ffdhe_range(0x00ff) && !lt_group_in_ffdhe_range(0x0200));
    CHECK(!lt_group_is_ffdhe(0x0105) && !lt_group_is_ffdhe(0x01ff));
}

static void test_dh_rejections(void)
{
    const uint8_t *p, *g;
    size_t p_len, g_len;
    CHECK(lt_ffdhe_params(LT_GROUP_FFDHE2048, &p, &p_len, &g, &g_len));
    lt_kex k;
    uint8_t pub[LT_KEX_MAX_PUBLIC], y[LT_KEX_MAX_PUBLIC + 1];
    size_t len = 0;
    lt_error err = {0};
    CHECK(lt_kex_generate(&k, LT_GROUP_FFDHE2048, pub, sizeof(pub), &len, &err));
    CHECK(len == p_len);

    memset(y, 0, p_len);
    check_rejected(&k, y, p_len, "DH y = 0");
    y[p_len - 1] = 1;
    check_rejected(&k, y, p_len, "DH y = 1");
    check_rejected(&k, y + p_len - 1, 1, "DH y = 1 (one byte)");
    memcpy(y, p, p_len);
    check_rejected(&k, y, p_len, "DH y = p");
    y[p_len - 1] -= 1;
    check_rejected(&k, y, p_len, "DH y = p - 1");
    check_rejected(&k, y, 0, "DH empty y");
    y[0] = 0;
    memcpy(y + 1, pub, p_len);
    check_rejected(&k, y, p_len + 1, "DH y longer than p");
    /* p = 7 mod 8, so 2 and 4 are squares (in the order-q subgroup) and
     * -2 = p-2 is not: a y of 4 with leading zeros is fine, p-2 is not. */
    memcpy(y, p, p_len);
    y[p_len - 1] -= 2;
    check_rejected(&k, y, p_len, "DH y = p - 2 (outside the order-q subgroup)");
    uint8_t secret[LT_KEX_MAX_SECRET];
    size_t n = 0;
    memset(y, 0, p_len);
    y[p_len - 1] = 4;
    CHECK(lt_kex_derive(&k, y, p_len, secret, sizeof(secret), &n, &err));
    CHECK(n > 0 && n <= p_len && secret[0] != 0);
    CHECK(!lt_error_is_set(&err));
    lt_kex_free(&k);
}

static void test_dh_explicit(void)
{
    const uint8_t *p, *g;
    size_t p_len, g_len;
    CHECK(lt_ffdhe_params(LT_GROUP_FFDHE2048, &p, &p_len, &g, &g_len));
    uint8_t buf[LT_KEX_MAX_PUBLIC], pub[LT_KEX_MAX_PUBLIC], spub[LT_KEX_MAX_PUBLIC];
    uint8_t s1[LT_KEX_MAX_SECRET], s2[LT_KEX_MAX_SECRET];
    size_t len = 0, slen = 0, n1 = 0, n2 = 0;
    lt_kex client, server;
    lt_error err = {0};

    /* A client with explicit parameters agrees with a named-group server. */
    CHECK(lt_kex_generate(&server, LT_GROUP_FFDHE2048, spub, sizeof(spub), &slen, &err));
    CHECK(lt_kex_generate_dh(&client, p, p_len, g, g_len, 2048, pub, sizeof(pub), &len, &err));
    CHECK(client.group == 0 && len == p_len);
    CHECK(lt_kex_derive(&client, spub, slen, s1, sizeof(s1), &n1, &err));
    CHECK(lt_kex_derive(&server, pub, len, s2, sizeof(s2), &n2, &err));
    CHECK(n1 == n2);
    CHECK_MEM(s1, s2, n1);
    lt_kex_free(&client);
    lt_kex_free(&server);
    CHECK(!lt_error_is_set(&err));

    struct {
        const char *what;
        latch_err code;
    } bad[] = {
        {"p below min_p_bits", LATCH_ERR_INSUFFICIENT_SECURITY},
        {"even p", LATCH_ERR_ILLEGAL_PARAMETER},
        {"g = 1", LATCH_ERR_ILLEGAL_PARAMETER},
        {"g = p - 1", LATCH_ERR_ILLEGAL_PARAMETER},
        {"g = 0", LATCH_ERR_ILLEGAL_PARAMETER},
        {"empty p", LATCH_ERR_ILLEGAL_PARAMETER},
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        uint8_t pp[256], gg[256];
        size_t pl = p_len, gl = 1;
        memcpy(pp, p, p_len);
        gg[0] = 2;
        unsigned min_bits = 2048;
        switch (i) {
        case 0:
            min_bits = 3072;
            break;
        case 1:
            pp[p_len - 1] ^= 1;
            break;
        case 2:
            gg[0] = 1;
            break;
        case 3:
            memcpy(gg, p, p_len);
            gg[p_len - 1] -= 1;
            gl = p_len;
            break;
        case 4:
            gg[0] = 0;
            break;
        case 5:
            pl = 0;
            break;
        }
        lt_error e = {0};
        check_count++;
        if (lt_kex_generate_dh(&client, pp, pl, gg, gl, min_bits, buf, sizeof(buf), &len, &e) ||
            e.code != bad[i].code)
            check_fail(__FILE__, __LINE__, bad[i].what);
        CHECK(client.impl == NULL);
    }
}

/* Parameters no library knows by name (a 1024-bit safe prime from
 * `openssl genpkey -genparam -algorithm DH`, g = 2): both sides use the
 * explicit-parameter path, and a leading zero byte on p is tolerated. */
static void test_dh_unnamed(void)
{
    uint8_t p[129] = {0}, g[1] = {2};
    size_t p_len = 1 + check_hex("c958b53b1ab7d1ce2689a1eb9f1928dec555bb91421130f32bca421a90542ff5"
                                 "408629ede824345bbd381901606b33b1726d74e51f58e5ac5b33e177fd883668"
                                 "e3960b1158da4c162520cbdf3e98490a8d7e4617cb5f466076c932703bdf07e3"
                                 "cce085f676a105ac1405c42523dd012bd446d2ecff228947be7a237bf9be104f",
                                 p + 1, sizeof(p) - 1);
    uint8_t pa[LT_KEX_MAX_PUBLIC], pb[LT_KEX_MAX_PUBLIC];
    uint8_t sa[LT_KEX_MAX_SECRET], sb[LT_KEX_MAX_SECRET];
    size_t la = 0, lb = 0, na = 0, nb = 0;
    lt_kex a, b;
    lt_error err = {0};
    CHECK(lt_kex_generate_dh(&a, p + 1, p_len - 1, g, 1, 1024, pa, sizeof(pa), &la, &err));
    CHECK(lt_kex_generate_dh(&b, p, p_len, g, 1, 1024, pb, sizeof(pb), &lb, &err));
    CHECK(la == 128 && lb == 128);
    CHECK(lt_kex_derive(&a, pb, lb, sa, sizeof(sa), &na, &err));
    CHECK(lt_kex_derive(&b, pa, la, sb, sizeof(sb), &nb, &err));
    CHECK(na == nb && na > 0);
    CHECK_MEM(sa, sb, na);
    memcpy(pb, p + 1, 128);
    pb[127] -= 1;
    check_rejected(&a, pb, 128, "unnamed DH y = p - 1");
    lt_kex_free(&a);
    lt_kex_free(&b);
    CHECK(!lt_error_is_set(&err));
}

static void test_names(void)
{
    CHECK(strcmp(lt_group_name(LT_GROUP_X25519), "x25519") == 0);
    CHECK(strcmp(lt_group_name(LT_GROUP_X448), "x448") == 0);
    CHECK(strcmp(lt_group_name(LT_GROUP_FFDHE6144), "ffdhe6144") == 0);
    CHECK(lt_group_is_ec(LT_GROUP_X448) && !lt_group_is_ffdhe(LT_GROUP_X448));
    CHECK(strcmp(lt_group_name(LT_GROUP_SECP256R1), "secp256r1") == 0);
    CHECK(strcmp(lt_group_name(LT_GROUP_SECP384R1), "secp384r1") == 0);
    CHECK(lt_group_is_ec(LT_GROUP_SECP384R1) && !lt_group_is_ffdhe(LT_GROUP_SECP384R1));
}

int main(void)
{
    test_x25519_vectors();
    test_x448_vectors();
    test_p256_vector();
    test_agreement(LT_GROUP_X25519);
    test_agreement(LT_GROUP_X448);
    test_agreement(LT_GROUP_SECP256R1);
    test_agreement(LT_GROUP_SECP384R1);
    test_agreement(LT_GROUP_FFDHE2048);
    test_agreement(LT_GROUP_FFDHE3072);
    test_agreement(LT_GROUP_FFDHE8192);
    test_ec_rejections();
    test_ffdhe_groups();
    test_dh_rejections();
    test_dh_explicit();
    test_dh_unnamed();
    test_names();
    return check_finish("crypto_kex");
}
