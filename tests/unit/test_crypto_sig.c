/* Keys, signatures by scheme and X.509 algorithm, and RSA premaster
 * transport. Key files and openssl-made signatures: tests/data/crypto/. */
#include "base/mem.h"
#include "crypto/random.h"
#include "crypto/sig.h"
#include "check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint8_t *read_data(const char *name, size_t *len)
{
    char path[64];
    snprintf(path, sizeof(path), "crypto/%s", name);
    return check_read_file(check_data_path(path), len);
}

static void load_priv(lt_privkey *key, const char *name, lt_privkey_format format)
{
    size_t len;
    uint8_t *der = read_data(name, &len);
    lt_error err = {0};
    check_count++;
    if (!lt_privkey_from_der(key, format, der, len, &err))
        check_fail(__FILE__, __LINE__, err.message);
    free(der);
}

static void load_pub(lt_pubkey *key, const char *name)
{
    size_t len;
    uint8_t *der = read_data(name, &len);
    lt_error err = {0};
    check_count++;
    if (!lt_pubkey_from_spki(key, der, len, &err))
        check_fail(__FILE__, __LINE__, err.message);
    free(der);
}

/* The private key's SPKI equals the one openssl wrote. */
static void check_spki(const lt_privkey *key, const char *spki_name)
{
    size_t want_len, len = 0;
    uint8_t *want = read_data(spki_name, &want_len);
    uint8_t got[600];
    lt_error err = {0};
    CHECK(lt_privkey_spki(key, got, sizeof(got), &len, &err));
    CHECK(len == want_len);
    CHECK_MEM(got, want, want_len);
    free(want);
}

static void test_load_formats(void)
{
    struct {
        const char *file, *spki;
        lt_privkey_format format;
        lt_key_type type;
        unsigned bits;
    } ok[] = {
        {"rsa2048.pk8.der", "rsa2048.spki.der", LT_PRIVKEY_PKCS8, LT_KEY_RSA, 2048},
        {"rsa2048.pkcs1.der", "rsa2048.spki.der", LT_PRIVKEY_PKCS1, LT_KEY_RSA, 2048},
        {"p256.pk8.der", "p256.spki.der", LT_PRIVKEY_PKCS8, LT_KEY_EC_P256, 256},
        {"p256.sec1.der", "p256.spki.der", LT_PRIVKEY_SEC1, LT_KEY_EC_P256, 256},
        {"p384.sec1.der", "p384.spki.der", LT_PRIVKEY_SEC1, LT_KEY_EC_P384, 384},
    };
    for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
        lt_privkey key;
        load_priv(&key, ok[i].file, ok[i].format);
        CHECK(key.type == ok[i].type && key.bits == ok[i].bits);
        check_spki(&key, ok[i].spki);
        lt_privkey_free(&key);
        lt_pubkey pub;
        load_pub(&pub, ok[i].spki);
        CHECK(pub.type == ok[i].type && pub.bits == ok[i].bits);
        lt_pubkey_free(&pub);
    }

    /* Wrong format, another curve, truncation and trailing bytes fail. */
    struct {
        const char *file;
        lt_privkey_format format;
        size_t trim;
        bool extra;
    } bad[] = {
        {"rsa2048.pk8.der", LT_PRIVKEY_PKCS1, 0, false},
        {"p256.sec1.der", LT_PRIVKEY_PKCS8, 0, false},
        {"p256.sec1.der", LT_PRIVKEY_PKCS1, 0, false},
        {"rsa2048.pkcs1.der", LT_PRIVKEY_SEC1, 0, false},
        {"p521.pk8.der", LT_PRIVKEY_PKCS8, 0, false},
        {"p256.pk8.der", LT_PRIVKEY_PKCS8, 1, false},
        {"p256.pk8.der", LT_PRIVKEY_PKCS8, 0, true},
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        size_t len;
        uint8_t *der = read_data(bad[i].file, &len);
        uint8_t buf[2048];
        memcpy(buf, der, len);
        len -= bad[i].trim;
        if (bad[i].extra)
            buf[len++] = 0;
        lt_privkey key;
        lt_error err = {0};
        check_count++;
        if (lt_privkey_from_der(&key, bad[i].format, buf, len, &err) ||
            err.code != LATCH_ERR_CONFIG || key.impl != NULL)
            check_fail(__FILE__, __LINE__, bad[i].file);
        free(der);
    }

    size_t len;
    uint8_t *der = read_data("p256.spki.der", &len);
    uint8_t buf[128];
    memcpy(buf, der, len);
    buf[len] = 0;
    lt_pubkey pub;
    lt_error err = {0};
    CHECK(!lt_pubkey_from_spki(&pub, buf, len + 1, &err));
    CHECK(err.code == LATCH_ERR_UNSUPPORTED_CERTIFICATE);
    lt_error_clear(&err);
    CHECK(!lt_pubkey_from_spki(&pub, buf, len - 1, &err));
    CHECK(err.code == LATCH_ERR_UNSUPPORTED_CERTIFICATE);
    free(der);
}

/* RFC 8032 7.1, TEST 1 (empty message) and TEST 2 (one byte 0x72).
 * The keys are wrapped as RFC 8410 10.3 PKCS#8 and 4 SPKI. */
static void test_ed25519_vectors(void)
{
    struct {
        const char *secret, *pub, *msg, *sig;
    } v[] = {
        {"9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
         "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
         "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
         "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"},
        {"4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
         "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
         "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
         "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"},
    };
    for (size_t i = 0; i < 2; i++) {
        uint8_t pk8[48], spki[44], msg[1], want[64], sig[LT_SIG_MAX_LEN], got_spki[64];
        size_t pk8_len = check_hex("302e020100300506032b657004220420", pk8, sizeof(pk8));
        pk8_len += check_hex(v[i].secret, pk8 + pk8_len, sizeof(pk8) - pk8_len);
        size_t spki_len = check_hex("302a300506032b6570032100", spki, sizeof(spki));
        spki_len += check_hex(v[i].pub, spki + spki_len, sizeof(spki) - spki_len);
        size_t msg_len = check_hex(v[i].msg, msg, sizeof(msg));
        check_hex(v[i].sig, want, sizeof(want));

        lt_privkey key;
        lt_pubkey pub;
        lt_error err = {0};
        size_t sig_len = 0, n = 0;
        CHECK(lt_privkey_from_der(&key, LT_PRIVKEY_PKCS8, pk8, pk8_len, &err));
        CHECK(key.type == LT_KEY_ED25519);
        CHECK(lt_privkey_spki(&key, got_spki, sizeof(got_spki), &n, &err));
        CHECK(n == spki_len);
        CHECK_MEM(got_spki, spki, spki_len);
        CHECK(lt_sign(&key, LT_SIG_ED25519, msg, msg_len, sig, sizeof(sig), &sig_len, &err));
        CHECK(sig_len == 64);
        CHECK_MEM(sig, want, 64);
        CHECK(lt_pubkey_from_spki(&pub, spki, spki_len, &err));
        CHECK(lt_verify(&pub, LT_SIG_ED25519, msg, msg_len, want, 64, &err));
        CHECK(lt_verify_x509(&pub, LT_X509_SIG_ED25519, msg, msg_len, want, 64, &err));
        want[10] ^= 0x04;
        lt_error e = {0};
        CHECK(!lt_verify(&pub, LT_SIG_ED25519, msg, msg_len, want, 64, &e));
        CHECK(e.code == LATCH_ERR_DECRYPT_ERROR);
        CHECK(!lt_error_is_set(&err));
        lt_pubkey_free(&pub);
        lt_privkey_free(&key);
    }
}

/* Signatures openssl made over msg.txt verify, and flipped bits fail. */
static void check_openssl_sig(const char *spki, uint16_t scheme, const char *sig_file)
{
    size_t msg_len, sig_len;
    uint8_t *msg = read_data("msg.txt", &msg_len);
    uint8_t *sig = read_data(sig_file, &sig_len);
    lt_pubkey pub;
    load_pub(&pub, spki);
    lt_error err = {0};
    CHECK(lt_verify(&pub, scheme, msg, msg_len, sig, sig_len, &err));
    sig[sig_len / 2] ^= 0x10;
    lt_error e = {0};
    CHECK(!lt_verify(&pub, scheme, msg, msg_len, sig, sig_len, &e));
    CHECK(e.code == LATCH_ERR_DECRYPT_ERROR);
    sig[sig_len / 2] ^= 0x10;
    msg[0] ^= 0x01;
    lt_error_clear(&e);
    CHECK(!lt_verify(&pub, scheme, msg, msg_len, sig, sig_len, &e));
    CHECK(e.code == LATCH_ERR_DECRYPT_ERROR);
    lt_error_clear(&e);
    CHECK(!lt_verify(&pub, scheme, msg, msg_len, sig, sig_len - 1, &e));
    CHECK(e.code == LATCH_ERR_DECRYPT_ERROR);
    lt_pubkey_free(&pub);
    free(sig);
    free(msg);
    CHECK(!lt_error_is_set(&err));
}

static void test_openssl_signatures(void)
{
    check_openssl_sig("rsa2048.spki.der", LT_SIG_RSA_PKCS1_SHA256, "rsa2048.pkcs1_sha256.sig");
    check_openssl_sig("rsa2048.spki.der", LT_SIG_RSA_PSS_RSAE_SHA384, "rsa2048.pss_sha384.sig");
    check_openssl_sig("p256.spki.der", LT_SIG_ECDSA_SECP256R1_SHA256, "p256.ecdsa_sha256.sig");

    /* PKCS#1 v1.5 is deterministic: our signature is openssl's, byte for byte. */
    size_t msg_len, want_len, len = 0;
    uint8_t *msg = read_data("msg.txt", &msg_len);
    uint8_t *want = read_data("rsa2048.pkcs1_sha256.sig", &want_len);
    uint8_t sig[LT_SIG_MAX_LEN];
    lt_privkey key;
    lt_error err = {0};
    load_priv(&key, "rsa2048.pkcs1.der", LT_PRIVKEY_PKCS1);
    CHECK(lt_sign(&key, LT_SIG_RSA_PKCS1_SHA256, msg, msg_len, sig, sizeof(sig), &len, &err));
    CHECK(len == want_len);
    CHECK_MEM(sig, want, want_len);
    CHECK(!lt_sign(&key, LT_SIG_RSA_PKCS1_SHA256, msg, msg_len, sig, 255, &len, &err));
    lt_privkey_free(&key);
    free(want);
    free(msg);
}

/* Every scheme signs and verifies with a key that fits it, and no other. */
static void test_schemes_round_trip(void)
{
    lt_privkey keys[4];
    lt_pubkey pubs[4];
    lt_error err = {0};
    load_priv(&keys[0], "rsa2048.pk8.der", LT_PRIVKEY_PKCS8);
    CHECK(lt_privkey_generate(&keys[1], LT_KEY_EC_P256, 0, &err));
    CHECK(lt_privkey_generate(&keys[2], LT_KEY_EC_P384, 0, &err));
    CHECK(lt_privkey_generate(&keys[3], LT_KEY_ED25519, 0, &err));
    for (int i = 0; i < 4; i++)
        CHECK(lt_pubkey_from_privkey(&pubs[i], &keys[i], &err));
    CHECK(keys[1].type == LT_KEY_EC_P256 && pubs[2].type == LT_KEY_EC_P384);
    CHECK(pubs[3].type == LT_KEY_ED25519 && pubs[3].bits == 256);

    const uint16_t schemes[] = {
        LT_SIG_RSA_PKCS1_SHA256,       LT_SIG_RSA_PKCS1_SHA384,       LT_SIG_RSA_PKCS1_SHA512,
        LT_SIG_RSA_PSS_RSAE_SHA256,    LT_SIG_RSA_PSS_RSAE_SHA384,    LT_SIG_RSA_PSS_RSAE_SHA512,
        LT_SIG_ECDSA_SECP256R1_SHA256, LT_SIG_ECDSA_SECP384R1_SHA384, LT_SIG_ED25519,
    };
    const uint8_t msg[] = "server params signed over both randoms";
    for (size_t s = 0; s < sizeof(schemes) / sizeof(schemes[0]); s++) {
        CHECK(lt_sig_scheme_supported(schemes[s]));
        for (int k = 0; k < 4; k++) {
            uint8_t sig[LT_SIG_MAX_LEN];
            size_t len = 0;
            lt_error e = {0};
            if (keys[k].type != lt_sig_scheme_key_type(schemes[s])) {
                CHECK(!lt_sign(&keys[k], schemes[s], msg, sizeof(msg), sig, sizeof(sig), &len, &e));
                CHECK(e.code == LATCH_ERR_USAGE);
                lt_error_clear(&e);
                /* RFC 8446 4.2.3: a TLS 1.2 ECDSA scheme fits either
                 * curve, so only the signature (garbage here) fails. */
                bool ecdsa_pair =
                    (keys[k].type == LT_KEY_EC_P256 || keys[k].type == LT_KEY_EC_P384) &&
                    (schemes[s] == LT_SIG_ECDSA_SECP256R1_SHA256 ||
                     schemes[s] == LT_SIG_ECDSA_SECP384R1_SHA384);
                CHECK(lt_sig_scheme_fits_peer_key(schemes[s], keys[k].type, 0x0303) == ecdsa_pair);
                /* In TLS 1.3 the scheme binds the curve too. */
                CHECK(!lt_sig_scheme_fits_peer_key(schemes[s], keys[k].type, 0x0304));
                memset(sig, 0x30, 64);
                CHECK(!lt_verify(&pubs[k], schemes[s], msg, sizeof(msg), sig, 64, &e));
                CHECK(e.code ==
                      (ecdsa_pair ? LATCH_ERR_DECRYPT_ERROR : LATCH_ERR_ILLEGAL_PARAMETER));
                continue;
            }
            CHECK(lt_sign(&keys[k], schemes[s], msg, sizeof(msg), sig, sizeof(sig), &len, &err));
            CHECK(lt_verify(&pubs[k], schemes[s], msg, sizeof(msg), sig, len, &err));
            sig[len - 1] ^= 0x01;
            CHECK(!lt_verify(&pubs[k], schemes[s], msg, sizeof(msg), sig, len, &e));
            CHECK(e.code == LATCH_ERR_DECRYPT_ERROR);
            if (lt_error_is_set(&err))
                check_fail(__FILE__, __LINE__, err.message);
        }
    }
    /* A PKCS#1 signature does not pass as PSS, nor SHA-256 as SHA-384. */
    uint8_t sig[LT_SIG_MAX_LEN];
    size_t len = 0;
    lt_error e = {0};
    CHECK(
        lt_sign(&keys[0], LT_SIG_RSA_PKCS1_SHA256, msg, sizeof(msg), sig, sizeof(sig), &len, &err));
    CHECK(!lt_verify(&pubs[0], LT_SIG_RSA_PSS_RSAE_SHA256, msg, sizeof(msg), sig, len, &e));
    CHECK(e.code == LATCH_ERR_DECRYPT_ERROR);
    lt_error_clear(&e);
    CHECK(!lt_verify(&pubs[0], LT_SIG_RSA_PKCS1_SHA384, msg, sizeof(msg), sig, len, &e));
    CHECK(e.code == LATCH_ERR_DECRYPT_ERROR);
    lt_error_clear(&e);
    CHECK(!lt_verify(&pubs[0], 0x0201, msg, sizeof(msg), sig, len, &e)); /* rsa_pkcs1_sha1 */
    CHECK(e.code == LATCH_ERR_ILLEGAL_PARAMETER);
    CHECK(!lt_sig_scheme_supported(0x0201) && !lt_sig_scheme_supported(0x0203));

    /* A buffer shorter than the key's largest signature is refused before
     * signing: 256 bytes for RSA-2048, 72 for a DER ECDSA P-256 one. */
    const struct {
        int key;
        uint16_t scheme;
        size_t need;
    } small[] = {{0, LT_SIG_RSA_PSS_RSAE_SHA256, 256}, {1, LT_SIG_ECDSA_SECP256R1_SHA256, 72}};
    for (size_t i = 0; i < 2; i++) {
        lt_error_clear(&e);
        CHECK(!lt_sign(&keys[small[i].key], small[i].scheme, msg, sizeof(msg), sig,
                       small[i].need - 1, &len, &e));
        CHECK(e.code == LATCH_ERR_INTERNAL && strstr(e.message, "buffer has") != NULL);
        CHECK(lt_sign(&keys[small[i].key], small[i].scheme, msg, sizeof(msg), sig, small[i].need,
                      &len, &err));
        CHECK(len <= small[i].need);
    }

    /* Each TLS signature starts from a copy of a context the key started
     * when it loaded: signing one message leaves nothing behind for the
     * next, and two ECDSA or PSS signatures of one message differ (a
     * fresh nonce, a fresh salt). */
    const uint8_t other[] = "another message";
    const struct {
        int key;
        uint16_t scheme;
    } fresh[] = {{0, LT_SIG_RSA_PSS_RSAE_SHA256}, {1, LT_SIG_ECDSA_SECP256R1_SHA256}};
    for (size_t i = 0; i < 2; i++) {
        const lt_privkey *k = &keys[fresh[i].key];
        const lt_pubkey *p = &pubs[fresh[i].key];
        uint16_t sch = fresh[i].scheme;
        uint8_t a[LT_SIG_MAX_LEN], b[LT_SIG_MAX_LEN];
        size_t a_len = 0, b_len = 0;
        CHECK(k->signers != NULL);
        CHECK(lt_sign(k, sch, msg, sizeof(msg), a, sizeof(a), &a_len, &err));
        CHECK(lt_sign(k, sch, other, sizeof(other), b, sizeof(b), &b_len, &err));
        CHECK(lt_verify(p, sch, msg, sizeof(msg), a, a_len, &err));
        CHECK(lt_verify(p, sch, other, sizeof(other), b, b_len, &err));
        lt_error_clear(&e);
        CHECK(!lt_verify(p, sch, other, sizeof(other), a, a_len, &e));
        CHECK(lt_sign(k, sch, msg, sizeof(msg), b, sizeof(b), &b_len, &err));
        CHECK(a_len != b_len || memcmp(a, b, a_len) != 0);
    }

    /* The same keys by X.509 algorithm; any supported curve for ECDSA. */
    const struct {
        lt_x509_sig_alg alg;
        int key;
    } x509[] = {
        {LT_X509_SIG_RSA_PKCS1_SHA256, 0}, {LT_X509_SIG_RSA_PKCS1_SHA512, 0},
        {LT_X509_SIG_RSA_PSS_SHA256, 0},   {LT_X509_SIG_RSA_PSS_SHA512, 0},
        {LT_X509_SIG_ECDSA_SHA256, 2},     {LT_X509_SIG_ECDSA_SHA384, 1},
        {LT_X509_SIG_ECDSA_SHA512, 1},     {LT_X509_SIG_ED25519, 3},
    };
    for (size_t i = 0; i < sizeof(x509) / sizeof(x509[0]); i++) {
        int k = x509[i].key;
        CHECK(lt_sign_x509(&keys[k], x509[i].alg, msg, sizeof(msg), sig, sizeof(sig), &len, &err));
        CHECK(lt_verify_x509(&pubs[k], x509[i].alg, msg, sizeof(msg), sig, len, &err));
        sig[0] ^= 0x01;
        lt_error_clear(&e);
        CHECK(!lt_verify_x509(&pubs[k], x509[i].alg, msg, sizeof(msg), sig, len, &e));
        CHECK(e.code == LATCH_ERR_DECRYPT_ERROR);
        lt_error_clear(&e);
        CHECK(!lt_verify_x509(&pubs[k == 0 ? 3 : 0], x509[i].alg, msg, sizeof(msg), sig, len, &e));
        CHECK(e.code == LATCH_ERR_BAD_CERTIFICATE);
    }
    /* MD5 and SHA-1 are refused outright, whatever the signature. */
    const lt_x509_sig_alg weak[] = {LT_X509_SIG_MD5_RSA, LT_X509_SIG_RSA_PKCS1_SHA1,
                                    LT_X509_SIG_ECDSA_SHA1};
    for (size_t i = 0; i < 3; i++) {
        lt_error_clear(&e);
        CHECK(!lt_verify_x509(&pubs[i == 2 ? 1 : 0], weak[i], msg, sizeof(msg), sig, len, &e));
        CHECK(e.code == LATCH_ERR_BAD_CERTIFICATE);
        CHECK(strstr(e.message, i == 0 ? "MD5" : "SHA-1") != NULL);
        lt_error_clear(&e);
        CHECK(!lt_sign_x509(&keys[0], weak[i], msg, sizeof(msg), sig, sizeof(sig), &len, &e));
    }
    CHECK(!lt_error_is_set(&err));
    for (int i = 0; i < 4; i++) {
        lt_pubkey_free(&pubs[i]);
        lt_privkey_free(&keys[i]);
    }
}

static void test_generate_and_export(void)
{
    lt_privkey key, again;
    lt_error err = {0};
    CHECK(lt_privkey_generate(&key, LT_KEY_RSA, 2048, &err));
    CHECK(key.type == LT_KEY_RSA && key.bits == 2048);
    uint8_t der[2048], spki1[600], spki2[600];
    size_t len = 0, n1 = 0, n2 = 0;
    CHECK(lt_privkey_to_pkcs8(&key, der, sizeof(der), &len, &err));
    CHECK(lt_privkey_from_der(&again, LT_PRIVKEY_PKCS8, der, len, &err));
    lt_wipe(der, sizeof(der));
    CHECK(lt_privkey_spki(&key, spki1, sizeof(spki1), &n1, &err));
    CHECK(lt_privkey_spki(&again, spki2, sizeof(spki2), &n2, &err));
    CHECK(n1 == n2);
    CHECK_MEM(spki1, spki2, n1);
    lt_privkey_free(&again);
    lt_privkey_free(&key);
    CHECK(!lt_error_is_set(&err));

    lt_error e = {0};
    CHECK(!lt_privkey_generate(&key, LT_KEY_RSA, 1024, &e));
    CHECK(e.code == LATCH_ERR_USAGE);
    lt_error_clear(&e);
    CHECK(!lt_privkey_generate(&key, LT_KEY_NONE, 0, &e));
}

/* RFC 5246 7.4.7.1: the server's decryption never fails visibly. */
static void test_rsa_premaster(void)
{
    lt_privkey key;
    lt_pubkey pub, ec;
    lt_error err = {0};
    load_priv(&key, "rsa2048.pk8.der", LT_PRIVKEY_PKCS8);
    load_pub(&pub, "rsa2048.spki.der");
    load_pub(&ec, "p256.spki.der");

    uint8_t pms[48], ct[LT_SIG_MAX_LEN], out[48], out2[48];
    size_t ct_len = 0;
    CHECK(lt_random(pms, sizeof(pms), &err));
    pms[0] = 0x03;
    pms[1] = 0x03;
    CHECK(lt_rsa_encrypt_premaster(&pub, pms, ct, sizeof(ct), &ct_len, &err));
    CHECK(ct_len == 256);
    CHECK(lt_rsa_decrypt_premaster(&key, ct, ct_len, 0x0303, out, &err));
    CHECK_MEM(out, pms, 48);

    /* Each bad case returns success and a random premaster that differs
     * from the real one and from run to run. */
    uint8_t bad_version[256], bad_padding[256], bad_pms[48];
    size_t n = 0;
    memcpy(bad_pms, pms, 48);
    bad_pms[1] = 0x01; /* TLS 1.0 inside, 1.2 offered */
    CHECK(lt_rsa_encrypt_premaster(&pub, bad_pms, bad_version, sizeof(bad_version), &n, &err));
    memcpy(bad_padding, ct, 256);
    bad_padding[100] ^= 0x40; /* decrypts to garbage: the 0x00 0x02 header is gone */
    struct {
        const char *what;
        const uint8_t *ct;
        size_t len;
        uint16_t version;
    } bad[] = {
        {"wrong version inside", bad_version, 256, 0x0303},
        {"client_version other than offered", ct, 256, 0x0302},
        {"bad padding", bad_padding, 256, 0x0303},
        {"short ciphertext", ct, 255, 0x0303},
        {"empty ciphertext", ct, 0, 0x0303},
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        lt_error e = {0};
        check_count++;
        if (!lt_rsa_decrypt_premaster(&key, bad[i].ct, bad[i].len, bad[i].version, out, &e) ||
            !lt_rsa_decrypt_premaster(&key, bad[i].ct, bad[i].len, bad[i].version, out2, &e) ||
            lt_ct_equal(out, pms, 48) || lt_ct_equal(out, bad_pms, 48) ||
            lt_ct_equal(out, out2, 48))
            check_fail(__FILE__, __LINE__, bad[i].what);
    }

    lt_error e = {0};
    CHECK(!lt_rsa_encrypt_premaster(&ec, pms, ct, sizeof(ct), &ct_len, &e));
    CHECK(e.code == LATCH_ERR_HANDSHAKE_FAILURE);
    lt_error_clear(&e);
    CHECK(!lt_rsa_encrypt_premaster(&pub, pms, ct, 255, &ct_len, &e));
    CHECK(!lt_error_is_set(&err));
    lt_pubkey_free(&ec);
    lt_pubkey_free(&pub);
    lt_privkey_free(&key);
}

static void test_names(void)
{
    CHECK(strcmp(lt_sig_scheme_name(LT_SIG_ECDSA_SECP256R1_SHA256), "ecdsa_secp256r1_sha256") == 0);
    CHECK(strcmp(lt_sig_scheme_name(LT_SIG_RSA_PSS_RSAE_SHA512), "rsa_pss_rsae_sha512") == 0);
    CHECK(lt_sig_scheme_key_type(LT_SIG_RSA_PSS_RSAE_SHA256) == LT_KEY_RSA);
    CHECK(lt_sig_scheme_key_type(0x0808) == LT_KEY_NONE); /* ed448 */
    CHECK(strcmp(lt_key_type_name(LT_KEY_ED25519), "Ed25519") == 0);
}

int main(void)
{
    test_load_formats();
    test_ed25519_vectors();
    test_openssl_signatures();
    test_schemes_round_trip();
    test_generate_and_export();
    test_rsa_premaster();
    test_names();
    return check_finish("crypto_sig");
}
