/* RSA-PSS keys (id-RSASSA-PSS, RFC 4055 1.2) in certificates: the
 * SubjectPublicKeyInfo's parameters as a table (absent, bound to a hash,
 * refused forms), then what a key bound to SHA-256 signs and verifies,
 * and what no PSS key does. Fixtures: tests/data/pss
 * (scripts/make-pss-certs.sh). */
#include "base/mem.h"
#include "check.h"
#include "crypto/sig.h"
#include "x509/cert.h"
#include "x509/pem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static lt_error err;

/* Block `skip` of `label` in tests/data/pss/<file> (free it). */
static uint8_t *pss_block(const char *file, const char *label, size_t skip, size_t *len)
{
    char path[128];
    snprintf(path, sizeof(path), "pss/%s", file);
    return check_pem_block(path, label, skip, len);
}

static void load_cert(const char *file, size_t skip, lt_cert *cert)
{
    size_t len;
    uint8_t *der = pss_block(file, "CERTIFICATE", skip, &len);
    lt_error_clear(&err);
    if (!lt_cert_parse(cert, der, len, &err)) {
        fprintf(stderr, "%s: %s\n", file, err.message);
        abort();
    }
    free(der);
}

static void load_key(const char *file, lt_privkey *key)
{
    size_t len;
    uint8_t *der = pss_block(file, "PRIVATE KEY", 0, &len);
    lt_error_clear(&err);
    CHECK(lt_privkey_from_der(key, LT_PRIVKEY_PKCS8, der, len, &err));
    lt_wipe(der, len);
    free(der);
}

/* The leaf with its SPKI AlgorithmIdentifier (no parameters) replaced by
 * alg; the certificate, TBS and SPKI lengths (all two-octet long forms)
 * follow. The signature no longer fits, which parsing does not check. */
static uint8_t *with_spki_alg(const uint8_t *der, size_t len, const char *alg_hex, size_t *out_len)
{
    static const uint8_t bare[] = {0x30, 0x0b, 0x06, 0x09, 0x2a, 0x86, 0x48,
                                   0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0a};
    size_t at = 0;
    while (at + sizeof(bare) <= len && memcmp(der + at, bare, sizeof(bare)) != 0)
        at++;
    if (at + sizeof(bare) > len || der[at - 4] != 0x30 || der[at - 3] != 0x82)
        abort();
    uint8_t alg[256];
    size_t alg_len = check_hex(alg_hex, alg, sizeof(alg));
    uint8_t *out = malloc(len + alg_len);
    memcpy(out, der, at);
    memcpy(out + at, alg, alg_len);
    memcpy(out + at + alg_len, der + at + sizeof(bare), len - at - sizeof(bare));
    *out_len = len - sizeof(bare) + alg_len;
    const size_t lengths[] = {2, 6, at - 2};
    for (size_t i = 0; i < 3; i++) {
        size_t at_len = lengths[i];
        size_t l = ((size_t)out[at_len] << 8 | out[at_len + 1]) + alg_len - sizeof(bare);
        out[at_len] = (uint8_t)(l >> 8);
        out[at_len + 1] = (uint8_t)l;
    }
    return out;
}

#define PSS_OID "06 09 2a 86 48 86 f7 0d 01 01 0a "
#define SHA256_ALG "30 0d 06 09 60 86 48 01 65 03 04 02 01 05 00 "
#define SHA384_ALG "30 0d 06 09 60 86 48 01 65 03 04 02 02 05 00 "
#define SHA1_ALG "30 09 06 05 2b 0e 03 02 1a 05 00 "
#define MGF1_SHA256 "a1 1c 30 1a 06 09 2a 86 48 86 f7 0d 01 01 08 " SHA256_ALG
#define MGF1_SHA384 "a1 1c 30 1a 06 09 2a 86 48 86 f7 0d 01 01 08 " SHA384_ALG

static void test_spki_table(void)
{
    static const struct {
        const char *what;
        const char *alg; /* the AlgorithmIdentifier TLV */
        latch_err code;  /* LATCH_OK: parses */
        const char *text;
        lt_hash_alg hash;
    } rows[] = {
        {"absent parameters", "30 0b " PSS_OID, LATCH_OK, NULL, 0},
        {"SHA-256, MGF1 SHA-256, salt 32",
         "30 41 " PSS_OID "30 34 a0 0f " SHA256_ALG MGF1_SHA256 "a2 03 02 01 20", LATCH_OK, NULL,
         LT_HASH_SHA256},
        {"SHA-384, MGF1 SHA-384, salt 48",
         "30 41 " PSS_OID "30 34 a0 0f " SHA384_ALG MGF1_SHA384 "a2 03 02 01 30", LATCH_OK, NULL,
         LT_HASH_SHA384},
        {"every field its default (SHA-1)", "30 0d " PSS_OID "30 00",
         LATCH_ERR_UNSUPPORTED_CERTIFICATE,
         "RSA-PSS public key parameters: RSASSA-PSS with the default hash SHA-1 is not supported",
         0},
        {"SHA-1 named", "30 3d " PSS_OID "30 30 a0 0b " SHA1_ALG MGF1_SHA256 "a2 03 02 01 20",
         LATCH_ERR_UNSUPPORTED_CERTIFICATE, "only SHA-256, SHA-384 and SHA-512 are supported", 0},
        {"default MGF1 (SHA-1)", "30 23 " PSS_OID "30 16 a0 0f " SHA256_ALG "a2 03 02 01 20",
         LATCH_ERR_UNSUPPORTED_CERTIFICATE,
         "RSASSA-PSS with the default mask generation (MGF1 with SHA-1) is not supported", 0},
        {"MGF1 with another hash",
         "30 41 " PSS_OID "30 34 a0 0f " SHA256_ALG MGF1_SHA384 "a2 03 02 01 20",
         LATCH_ERR_UNSUPPORTED_CERTIFICATE, "MGF1 with a hash other than the signature hash", 0},
        {"salt shorter than the hash",
         "30 41 " PSS_OID "30 34 a0 0f " SHA256_ALG MGF1_SHA256 "a2 03 02 01 14",
         LATCH_ERR_UNSUPPORTED_CERTIFICATE, "RSASSA-PSS salt length 20 is not the hash length 32",
         0},
        {"default salt (20)", "30 3c " PSS_OID "30 2f a0 0f " SHA256_ALG MGF1_SHA256,
         LATCH_ERR_UNSUPPORTED_CERTIFICATE, "the default salt length 20 is not supported", 0},
        {"NULL parameters", "30 0d " PSS_OID "05 00", LATCH_ERR_DECODE,
         "RSA-PSS public key parameters: expected tag 0x30 but found 0x05", 0},
        {"garbage after the parameters",
         "30 43 " PSS_OID "30 34 a0 0f " SHA256_ALG MGF1_SHA256 "a2 03 02 01 20 05 00",
         LATCH_ERR_BAD_CERTIFICATE, "public key algorithm has unexpected parameters", 0},
        {"garbage inside the parameters",
         "30 43 " PSS_OID "30 36 a0 0f " SHA256_ALG MGF1_SHA256 "a2 03 02 01 20 05 00",
         LATCH_ERR_UNSUPPORTED_CERTIFICATE, "carry a trailerField or unknown fields", 0},
    };
    size_t len;
    uint8_t *der = pss_block("pss.chain.pem", "CERTIFICATE", 0, &len);
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        size_t n;
        uint8_t *edited = with_spki_alg(der, len, rows[i].alg, &n);
        lt_cert cert;
        lt_error_clear(&err);
        bool ok = lt_cert_parse(&cert, edited, n, &err);
        bool want_ok = rows[i].code == LATCH_OK;
        bool right = ok == want_ok;
        if (ok) {
            right = right && cert.key_type == LT_KEY_RSA_PSS && cert.key_bits == 2048 &&
                    cert.pss_hash == rows[i].hash;
            lt_pubkey key;
            right = right && lt_cert_pubkey(&cert, &key, &err) && key.type == LT_KEY_RSA_PSS &&
                    key.pss_hash == rows[i].hash && key.bits == 2048;
            lt_pubkey_free(&key);
            lt_cert_free(&cert);
        } else {
            right = right && err.code == rows[i].code && strstr(err.message, rows[i].text) != NULL;
        }
        if (!right)
            fprintf(stderr, "row \"%s\": parse %s, error (%s) \"%s\"\n", rows[i].what,
                    ok ? "succeeded" : "failed", latch_err_name(err.code), err.message);
        CHECK(right);
        free(edited);
    }
    free(der);
}

/* The fixtures: each leaf's key is what its SPKI says, and the PSS CA's
 * RSASSA-PSS signature on it checks out with the CA's PSS key. */
static void test_fixture_chains(void)
{
    static const struct {
        const char *chain;
        lt_hash_alg hash;
    } chains[] = {{"pss.chain.pem", 0}, {"pss-sha256.chain.pem", LT_HASH_SHA256}};
    for (size_t i = 0; i < 2; i++) {
        lt_cert leaf, ca;
        load_cert(chains[i].chain, 0, &leaf);
        load_cert(chains[i].chain, 1, &ca);
        CHECK(leaf.key_type == LT_KEY_RSA_PSS && leaf.pss_hash == chains[i].hash);
        CHECK(ca.key_type == LT_KEY_RSA_PSS && ca.pss_hash == 0);
        CHECK(leaf.sig_alg == LT_X509_SIG_RSA_PSS_SHA256);
        lt_error_clear(&err);
        CHECK(lt_cert_load_key(&ca, &err));
        CHECK(lt_verify_x509(&ca.key, leaf.sig_alg, leaf.tbs.data, leaf.tbs.len,
                             leaf.signature.data, leaf.signature.len, &err));
        /* A PSS key never checks PKCS#1 v1.5. */
        CHECK(!lt_verify_x509(&ca.key, LT_X509_SIG_RSA_PKCS1_SHA256, leaf.tbs.data, leaf.tbs.len,
                              leaf.signature.data, leaf.signature.len, &err));
        CHECK(err.code == LATCH_ERR_BAD_CERTIFICATE &&
              strstr(err.message, "does not fit a RSA-PSS key") != NULL);
        lt_cert_free(&leaf);
        lt_cert_free(&ca);
    }
}

static const uint8_t msg[] = "the transcript hash and context string";

static bool sign(const lt_privkey *key, uint16_t scheme, uint8_t *sig, size_t *sig_len)
{
    lt_error_clear(&err);
    return lt_sign(key, scheme, msg, sizeof(msg), sig, LT_SIG_MAX_LEN, sig_len, &err);
}

/* A key bound to SHA-256 signs and verifies rsa_pss_pss_sha256 only; the
 * unbound one all three; neither does rsae, PKCS#1 or key transport. */
static void test_sign_and_verify(void)
{
    lt_privkey bound, free_key;
    load_key("pss-sha256.key", &bound);
    load_key("pss.key", &free_key);
    CHECK(bound.type == LT_KEY_RSA_PSS && bound.pss_hash == LT_HASH_SHA256 && bound.bits == 2048);
    CHECK(free_key.type == LT_KEY_RSA_PSS && free_key.pss_hash == 0);
    lt_cert bound_leaf, free_leaf;
    load_cert("pss-sha256.chain.pem", 0, &bound_leaf);
    load_cert("pss.chain.pem", 0, &free_leaf);
    lt_pubkey bound_pub, free_pub;
    CHECK(lt_cert_pubkey(&bound_leaf, &bound_pub, &err));
    CHECK(lt_cert_pubkey(&free_leaf, &free_pub, &err));

    uint8_t sig[LT_SIG_MAX_LEN];
    size_t sig_len = 0;
    CHECK(lt_privkey_signs(&bound, LT_SIG_RSA_PSS_PSS_SHA256));
    CHECK(!lt_privkey_signs(&bound, LT_SIG_RSA_PSS_PSS_SHA384));
    CHECK(sign(&bound, LT_SIG_RSA_PSS_PSS_SHA256, sig, &sig_len) && sig_len == 256);
    CHECK(lt_verify(&bound_pub, LT_SIG_RSA_PSS_PSS_SHA256, msg, sizeof(msg), sig, sig_len, &err));
    CHECK(!sign(&bound, LT_SIG_RSA_PSS_PSS_SHA512, sig, &sig_len));
    CHECK(err.code == LATCH_ERR_USAGE && strstr(err.message, "bound to SHA-256") != NULL);

    const uint16_t pss[] = {LT_SIG_RSA_PSS_PSS_SHA256, LT_SIG_RSA_PSS_PSS_SHA384,
                            LT_SIG_RSA_PSS_PSS_SHA512};
    for (size_t i = 0; i < 3; i++) {
        CHECK(lt_privkey_signs(&free_key, pss[i]));
        CHECK(sign(&free_key, pss[i], sig, &sig_len));
        lt_error_clear(&err);
        CHECK(lt_verify(&free_pub, pss[i], msg, sizeof(msg), sig, sig_len, &err));
        /* The same signature under a key bound to SHA-256: only that hash. */
        lt_error_clear(&err);
        bool ok = lt_verify(&bound_pub, pss[i], msg, sizeof(msg), sig, sig_len, &err);
        CHECK(i == 0 ? !ok && err.code == LATCH_ERR_DECRYPT_ERROR
                     : !ok && err.code == LATCH_ERR_ILLEGAL_PARAMETER &&
                           strstr(err.message, "bound to SHA-256 (RFC 4055 3.1)") != NULL);
        sig[10] ^= 1;
        lt_error_clear(&err);
        CHECK(!lt_verify(&free_pub, pss[i], msg, sizeof(msg), sig, sig_len, &err));
        CHECK(err.code == LATCH_ERR_DECRYPT_ERROR);
    }
    static const uint16_t never[] = {LT_SIG_RSA_PSS_RSAE_SHA256, LT_SIG_RSA_PKCS1_SHA256,
                                     LT_SIG_ECDSA_SECP256R1_SHA256};
    for (size_t i = 0; i < 3; i++) {
        CHECK(!lt_privkey_signs(&free_key, never[i]));
        CHECK(!sign(&free_key, never[i], sig, &sig_len) && err.code == LATCH_ERR_USAGE);
        lt_error_clear(&err);
        CHECK(!lt_verify(&free_pub, never[i], msg, sizeof(msg), sig, sig_len, &err));
        CHECK(err.code == LATCH_ERR_ILLEGAL_PARAMETER &&
              strstr(err.message, "does not fit its RSA-PSS key") != NULL);
    }
    uint8_t premaster[LT_RSA_PREMASTER_LEN] = {3, 3};
    CHECK(!lt_rsa_encrypt_premaster(&free_pub, premaster, sig, sizeof(sig), &sig_len, &err));
    CHECK(!lt_rsa_decrypt_premaster(&free_key, sig, 256, 0x0303, premaster, &err));

    /* The key from the SPKI's whole DER says the same as the parsed one. */
    lt_pubkey slow;
    CHECK(lt_pubkey_from_spki(&slow, bound_leaf.spki.data, bound_leaf.spki.len, &err));
    CHECK(slow.type == LT_KEY_RSA_PSS && slow.pss_hash == LT_HASH_SHA256 && slow.bits == 2048);
    lt_pubkey_free(&slow);
    lt_pubkey_free(&bound_pub);
    lt_pubkey_free(&free_pub);
    lt_cert_free(&bound_leaf);
    lt_cert_free(&free_leaf);
    lt_privkey_free(&bound);
    lt_privkey_free(&free_key);
}

/* A key made here is an unbound PSS key, and its SPKI names
 * id-RSASSA-PSS with no parameters. */
static void test_generate(void)
{
    lt_privkey key;
    lt_error_clear(&err);
    CHECK(lt_privkey_generate(&key, LT_KEY_RSA_PSS, 2048, &err));
    CHECK(key.type == LT_KEY_RSA_PSS && key.bits == 2048 && key.pss_hash == 0);
    lt_pubkey pub;
    CHECK(lt_pubkey_from_privkey(&pub, &key, &err));
    CHECK(pub.type == LT_KEY_RSA_PSS && pub.pss_hash == 0);
    uint8_t sig[LT_SIG_MAX_LEN];
    size_t sig_len = 0;
    CHECK(sign(&key, LT_SIG_RSA_PSS_PSS_SHA384, sig, &sig_len));
    CHECK(lt_verify(&pub, LT_SIG_RSA_PSS_PSS_SHA384, msg, sizeof(msg), sig, sig_len, &err));
    lt_pubkey_free(&pub);
    lt_privkey_free(&key);
}

int main(void)
{
    test_spki_table();
    test_fixture_chains();
    test_sign_and_verify();
    test_generate();
    return check_finish("x509_pss");
}
