/* A certificate's public key loaded from its parsed fields
 * (lt_cert_pubkey): for every key type of the e2e fixtures it checks
 * the same signatures as the key decoded from the whole
 * SubjectPublicKeyInfo, and a point off the curve is refused. */
#include "base/mem.h"
#include "crypto/sig.h"
#include "x509/cert.h"
#include "x509/pem.h"
#include "check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static lt_error err;

/* Block `skip` of `label` in tests/data/e2e/<file> (free it). */
static uint8_t *e2e_block(const char *file, const char *label, size_t skip, size_t *len)
{
    char path[128];
    snprintf(path, sizeof(path), "e2e/%s", file);
    return check_pem_block(path, label, skip, len);
}

static void load_cert(const char *file, size_t skip, lt_cert *cert)
{
    size_t len;
    uint8_t *der = e2e_block(file, "CERTIFICATE", skip, &len);
    lt_error_clear(&err);
    if (!lt_cert_parse(cert, der, len, &err)) {
        fprintf(stderr, "%s: %s\n", file, err.message);
        abort();
    }
    free(der);
}

static uint16_t scheme_for(lt_key_type type)
{
    switch (type) {
    case LT_KEY_RSA:
        return LT_SIG_RSA_PSS_RSAE_SHA256;
    case LT_KEY_EC_P256:
        return LT_SIG_ECDSA_SECP256R1_SHA256;
    case LT_KEY_EC_P384:
        return LT_SIG_ECDSA_SECP384R1_SHA384;
    case LT_KEY_ED25519:
        return LT_SIG_ED25519;
    case LT_KEY_RSA_PSS:
        return LT_SIG_RSA_PSS_PSS_SHA256;
    case LT_KEY_NONE:
        break;
    }
    return 0;
}

/* Both loads of a key accept and refuse exactly the same signatures. */
static void same_verdicts(const lt_pubkey *fast, const lt_pubkey *slow, uint16_t scheme,
                          const uint8_t *msg, size_t len, const uint8_t *sig, size_t sig_len)
{
    uint8_t bad[LT_SIG_MAX_LEN];
    memcpy(bad, sig, sig_len);
    bad[sig_len / 2] ^= 0x01;
    lt_error_clear(&err);
    CHECK(lt_verify(fast, scheme, msg, len, sig, sig_len, &err));
    CHECK(lt_verify(slow, scheme, msg, len, sig, sig_len, &err));
    CHECK(!lt_verify(fast, scheme, msg, len, bad, sig_len, &err));
    CHECK(err.code == LATCH_ERR_DECRYPT_ERROR);
    CHECK(!lt_verify(slow, scheme, msg, len, bad, sig_len, &err));
    CHECK(err.code == LATCH_ERR_DECRYPT_ERROR);
}

static void test_key_type(const char *name, lt_key_type type, unsigned bits)
{
    char chain[64], keyfile[64];
    snprintf(chain, sizeof(chain), "%s.chain.pem", name);
    snprintf(keyfile, sizeof(keyfile), "%s.key", name);
    lt_cert leaf, ca;
    load_cert(chain, 0, &leaf);
    load_cert(chain, 1, &ca);

    lt_pubkey fast, slow;
    lt_error_clear(&err);
    CHECK(lt_cert_pubkey(&leaf, &fast, &err));
    CHECK(lt_pubkey_from_spki(&slow, leaf.spki.data, leaf.spki.len, &err));
    CHECK(fast.type == type && slow.type == type);
    CHECK(fast.bits == bits && slow.bits == bits);

    /* The leaf's key checks what its private key signs. */
    size_t der_len;
    uint8_t *der = e2e_block(keyfile, "PRIVATE KEY", 0, &der_len);
    lt_privkey priv;
    CHECK(lt_privkey_from_der(&priv, LT_PRIVKEY_PKCS8, der, der_len, &err));
    lt_wipe(der, der_len);
    free(der);
    static const uint8_t msg[] = "client_random || server_random || params";
    uint8_t sig[LT_SIG_MAX_LEN];
    size_t sig_len = 0;
    uint16_t scheme = scheme_for(type);
    CHECK(lt_sign(&priv, scheme, msg, sizeof(msg), sig, sizeof(sig), &sig_len, &err));
    same_verdicts(&fast, &slow, scheme, msg, sizeof(msg), sig, sig_len);
    lt_privkey_free(&priv);
    lt_pubkey_free(&fast);
    lt_pubkey_free(&slow);

    /* The CA's key, loaded once as a trust anchor's is, checks the leaf. */
    CHECK(lt_cert_load_key(&ca, &err));
    CHECK(ca.key.impl != NULL);
    CHECK(lt_verify_x509(&ca.key, leaf.sig_alg, leaf.tbs.data, leaf.tbs.len, leaf.signature.data,
                         leaf.signature.len, &err));
    uint8_t *tbs = malloc(leaf.tbs.len);
    memcpy(tbs, leaf.tbs.data, leaf.tbs.len);
    tbs[leaf.tbs.len - 1] ^= 0x01;
    CHECK(!lt_verify_x509(&ca.key, leaf.sig_alg, tbs, leaf.tbs.len, leaf.signature.data,
                          leaf.signature.len, &err));
    free(tbs);
    lt_cert_free(&leaf);
    lt_cert_free(&ca);
    CHECK(ca.key.impl == NULL);
}

/* Flipping a bit of y leaves a point off the curve: for a given x only y
 * and p - y are on it. */
static void test_bad_point(const char *name, lt_key_type type)
{
    char chain[64];
    snprintf(chain, sizeof(chain), "%s.chain.pem", name);
    lt_cert leaf;
    load_cert(chain, 0, &leaf);
    CHECK(leaf.key_type == type && leaf.public_key.data[0] == 0x04);
    uint8_t *last = leaf.der_copy + (leaf.public_key.data - leaf.der) + leaf.public_key.len - 1;
    *last ^= 0x01;
    lt_pubkey key;
    lt_error_clear(&err);
    CHECK(!lt_cert_pubkey(&leaf, &key, &err));
    CHECK(err.code == LATCH_ERR_BAD_CERTIFICATE && strstr(err.message, "not a point") != NULL);
    CHECK(key.impl == NULL);
    /* The generic decoder refuses it too. */
    CHECK(!lt_pubkey_from_spki(&key, leaf.spki.data, leaf.spki.len, &err));
    lt_cert_free(&leaf);
}

static void test_rsa_limits(void)
{
    uint8_t n[LT_SIG_MAX_LEN + 1], e[] = {0x01, 0x00, 0x01};
    memset(n, 0xc5, sizeof(n));
    lt_pubkey key;
    lt_error_clear(&err);
    /* 512 bits: below the minimum libcrypto is asked to accept. */
    CHECK(!lt_pubkey_from_rsa(&key, n, 64, e, sizeof(e), &err));
    CHECK(err.code == LATCH_ERR_UNSUPPORTED_CERTIFICATE && strstr(err.message, "512-bit"));
    /* One byte more than 8192 bits. */
    CHECK(!lt_pubkey_from_rsa(&key, n, sizeof(n), e, sizeof(e), &err));
    CHECK(err.code == LATCH_ERR_UNSUPPORTED_CERTIFICATE);
    CHECK(lt_pubkey_from_rsa(&key, n, 256, e, sizeof(e), &err));
    CHECK(key.type == LT_KEY_RSA && key.bits == 2048);
    lt_pubkey_free(&key);
}

int main(void)
{
    test_key_type("rsa2048", LT_KEY_RSA, 2048);
    test_key_type("ecdsa-p256", LT_KEY_EC_P256, 256);
    test_key_type("ecdsa-p384", LT_KEY_EC_P384, 384);
    test_key_type("ed25519", LT_KEY_ED25519, 256);
    test_bad_point("ecdsa-p256", LT_KEY_EC_P256);
    test_bad_point("ecdsa-p384", LT_KEY_EC_P384);
    test_rsa_limits();
    return check_finish("x509_key");
}
