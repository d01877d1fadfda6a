/*
 * The crypto floor: what a full TLS 1.2 handshake cannot avoid, and what
 * a record cannot avoid, timed with libcrypto alone.
 *
 * One ECDHE handshake with the server's certificate needs, across both
 * sides: two X25519 key generations and two derivations, one
 * ServerKeyExchange signature and its verification, the CA's signature
 * on the leaf verified, SHA-256 over the transcript on each side, and
 * eight PRF calls (on each side the extended master secret, the key
 * block and both Finished values). A record needs one AEAD seal and one
 * open.
 *
 * A full TLS 1.3 handshake needs the same key shares, the
 * CertificateVerify signature and its verification, the CA's signature
 * verified and the transcript hashed on each side; its key schedule is
 * HKDF (RFC 8446 7.1): on each side three extracts (early, handshake,
 * master), sixteen expands (two "derived", four traffic secrets, a key
 * and an IV for each of them, two finished keys) and the two Finished
 * HMACs.
 */
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench.h"
#include "harness.h"

typedef struct floor_cert {
    EVP_PKEY *key;
    X509 *leaf;
    EVP_PKEY *leaf_pub;
} floor_cert;

struct bench_floor {
    floor_cert certs[2]; /* by bench_cert */
    EVP_PKEY *ca_pub;
    EVP_PKEY_CTX *x25519;
    EVP_MD_CTX *md;
    EVP_MD *sha256;
    EVP_KDF_CTX *prf;
    EVP_KDF_CTX *hkdf;
    EVP_CIPHER *ciphers[2]; /* by bench_cipher */
    EVP_CIPHER_CTX *seal, *open;
    uint8_t transcript[16384];
    uint8_t record[BENCH_WRITE_SIZE + 16];
    /* Where a socket transport copies the record: into the sender's
     * socket buffer, then out of the receiver's. */
    uint8_t wire[BENCH_WRITE_SIZE + 16], received[BENCH_WRITE_SIZE + 16];
};

static X509 *read_cert(const char *path)
{
    FILE *f = fopen(path, "r");
    X509 *x = f == NULL ? NULL : PEM_read_X509(f, NULL, NULL, NULL);
    if (f != NULL)
        fclose(f);
    return x;
}

static EVP_PKEY *read_key(const char *path)
{
    FILE *f = fopen(path, "r");
    EVP_PKEY *k = f == NULL ? NULL : PEM_read_PrivateKey(f, NULL, NULL, NULL);
    if (f != NULL)
        fclose(f);
    return k;
}

static bool load_cert(floor_cert *c, const char *dir, const char *name)
{
    char path[4096];
    snprintf(path, sizeof(path), "%s/%s.chain.pem", dir, name);
    c->leaf = read_cert(path);
    snprintf(path, sizeof(path), "%s/%s.key", dir, name);
    c->key = read_key(path);
    c->leaf_pub = c->leaf == NULL ? NULL : X509_get0_pubkey(c->leaf);
    return c->key != NULL && c->leaf_pub != NULL;
}

void bench_floor_free(bench_floor *f)
{
    if (f == NULL)
        return;
    for (int i = 0; i < 2; i++) {
        EVP_PKEY_free(f->certs[i].key);
        X509_free(f->certs[i].leaf);
        EVP_CIPHER_free(f->ciphers[i]);
    }
    EVP_PKEY_free(f->ca_pub);
    EVP_PKEY_CTX_free(f->x25519);
    EVP_MD_CTX_free(f->md);
    EVP_MD_free(f->sha256);
    EVP_KDF_CTX_free(f->prf);
    EVP_KDF_CTX_free(f->hkdf);
    EVP_CIPHER_CTX_free(f->seal);
    EVP_CIPHER_CTX_free(f->open);
    free(f);
}

bench_floor *bench_floor_new(const char *data_dir)
{
    bench_floor *f = calloc(1, sizeof(*f));
    if (f == NULL)
        return NULL;
    char path[4096];
    snprintf(path, sizeof(path), "%s/ca.pem", data_dir);
    X509 *ca = read_cert(path);
    f->ca_pub = ca == NULL ? NULL : X509_get_pubkey(ca);
    X509_free(ca);
    EVP_KDF *kdf = EVP_KDF_fetch(NULL, "TLS1-PRF", NULL);
    f->prf = kdf == NULL ? NULL : EVP_KDF_CTX_new(kdf);
    EVP_KDF_free(kdf);
    kdf = EVP_KDF_fetch(NULL, "HKDF", NULL);
    f->hkdf = kdf == NULL ? NULL : EVP_KDF_CTX_new(kdf);
    EVP_KDF_free(kdf);
    f->x25519 = EVP_PKEY_CTX_new_from_name(NULL, "X25519", NULL);
    f->md = EVP_MD_CTX_new();
    f->sha256 = EVP_MD_fetch(NULL, "SHA256", NULL);
    f->ciphers[BENCH_AES128_GCM] = EVP_CIPHER_fetch(NULL, "AES-128-GCM", NULL);
    f->ciphers[BENCH_CHACHA20_POLY1305] = EVP_CIPHER_fetch(NULL, "ChaCha20-Poly1305", NULL);
    f->seal = EVP_CIPHER_CTX_new();
    f->open = EVP_CIPHER_CTX_new();
    bool ok = load_cert(&f->certs[BENCH_CERT_ECDSA_P256], data_dir, "ecdsa-p256") &&
              load_cert(&f->certs[BENCH_CERT_RSA2048], data_dir, "rsa2048") && f->ca_pub != NULL &&
              f->prf != NULL && f->hkdf != NULL && f->x25519 != NULL &&
              EVP_PKEY_keygen_init(f->x25519) == 1 && f->md != NULL && f->sha256 != NULL &&
              f->ciphers[0] != NULL && f->ciphers[1] != NULL && f->seal != NULL && f->open != NULL;
    if (!ok) {
        bench_floor_free(f);
        return NULL;
    }
    for (size_t i = 0; i < sizeof(f->transcript); i++)
        f->transcript[i] = (uint8_t)(i * 7);
    return f;
}

static bool x25519_derive(EVP_PKEY *own, EVP_PKEY *peer, uint8_t out[32])
{
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new(own, NULL);
    size_t len = 32;
    bool ok = ctx != NULL && EVP_PKEY_derive_init(ctx) == 1 &&
              EVP_PKEY_derive_set_peer(ctx, peer) == 1 && EVP_PKEY_derive(ctx, out, &len) == 1;
    EVP_PKEY_CTX_free(ctx);
    return ok;
}

/* The signature scheme OpenSSL and latch pick: ECDSA with SHA-256, or
 * RSA-PSS with SHA-256 and a 32-byte salt. */
static bool pss(EVP_PKEY_CTX *pctx, bench_cert cert)
{
    return cert != BENCH_CERT_RSA2048 ||
           (EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) == 1 &&
            EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) == 1);
}

static bool prf(bench_floor *f, const uint8_t *secret, size_t secret_len, const char *label,
                const uint8_t *seed, size_t seed_len, uint8_t *out, size_t out_len)
{
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, "SHA256", 0),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SECRET, (void *)secret, secret_len),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SEED, (void *)label, strlen(label)),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SEED, (void *)seed, seed_len),
        OSSL_PARAM_construct_end(),
    };
    /* The context keeps appending seeds across calls: start afresh. */
    EVP_KDF_CTX_reset(f->prf);
    return EVP_KDF_derive(f->prf, out, out_len, params) == 1;
}

/* One side's PRF calls: extended master secret, key block (two 16-byte
 * keys and two 4-byte salts), and both Finished values. */
static bool side_prf(bench_floor *f, const uint8_t premaster[32], const uint8_t hash[32])
{
    uint8_t master[48], block[40], verify[12], randoms[64] = {0};
    return prf(f, premaster, 32, "extended master secret", hash, 32, master, 48) &&
           prf(f, master, 48, "key expansion", randoms, 64, block, sizeof(block)) &&
           prf(f, master, 48, "client finished", hash, 32, verify, 12) &&
           prf(f, master, 48, "server finished", hash, 32, verify, 12);
}

/* The server signs len bytes; the client verifies the CA's signature
 * on the leaf, then that signature. */
static bool sign_and_verify(bench_floor *f, bench_cert cert, size_t len)
{
    floor_cert *c = &f->certs[cert];
    uint8_t sig[512];
    size_t sig_len = sizeof(sig);
    EVP_PKEY_CTX *pctx;
    return EVP_MD_CTX_reset(f->md) == 1 &&
           EVP_DigestSignInit(f->md, &pctx, f->sha256, NULL, c->key) == 1 && pss(pctx, cert) &&
           EVP_DigestSign(f->md, sig, &sig_len, f->transcript, len) == 1 &&
           X509_verify(c->leaf, f->ca_pub) == 1 && EVP_MD_CTX_reset(f->md) == 1 &&
           EVP_DigestVerifyInit(f->md, &pctx, f->sha256, NULL, c->leaf_pub) == 1 &&
           pss(pctx, cert) && EVP_DigestVerify(f->md, sig, sig_len, f->transcript, len) == 1;
}

static bool handshake_once(bench_floor *f, bench_cert cert, size_t transcript_len)
{
    EVP_PKEY *client_share = NULL, *server_share = NULL;
    uint8_t premaster[2][32], hash[2][32];
    /* randoms, curve, point: what ServerKeyExchange signs */
    bool ok = EVP_PKEY_keygen(f->x25519, &server_share) == 1 &&
              EVP_PKEY_keygen(f->x25519, &client_share) == 1 &&
              sign_and_verify(f, cert, 64 + 4 + 32);
    ok = ok && x25519_derive(client_share, server_share, premaster[0]) &&
         x25519_derive(server_share, client_share, premaster[1]);
    for (int side = 0; ok && side < 2; side++) {
        ok = EVP_Digest(f->transcript, transcript_len, hash[side], NULL, f->sha256, NULL) == 1 &&
             side_prf(f, premaster[side], hash[side]);
    }
    EVP_PKEY_free(client_share);
    EVP_PKEY_free(server_share);
    return ok;
}

/* One HKDF step with SHA-256: extract (salt, ikm) or expand (prk, info). */
static bool hkdf(bench_floor *f, int mode, const uint8_t *key, size_t key_len,
                 const uint8_t *salt_or_info, size_t len, uint8_t *out, size_t out_len)
{
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, "SHA256", 0),
        OSSL_PARAM_construct_int(OSSL_KDF_PARAM_MODE, &mode),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, (void *)key, key_len),
        OSSL_PARAM_construct_octet_string(
            mode == EVP_KDF_HKDF_MODE_EXTRACT_ONLY ? OSSL_KDF_PARAM_SALT : OSSL_KDF_PARAM_INFO,
            (void *)salt_or_info, len),
        OSSL_PARAM_construct_end(),
    };
    EVP_KDF_CTX_reset(f->hkdf);
    return EVP_KDF_derive(f->hkdf, out, out_len, params) == 1;
}

/* One side's TLS 1.3 key schedule (see the top of this file); the
 * labels' bytes do not change the cost, so one info serves for all. */
static bool side_hkdf(bench_floor *f, const uint8_t shared[32], const uint8_t hash[32])
{
    uint8_t secret[32], derived[32], traffic[4][32], key[16], iv[12], mac[32];
    uint8_t info[2 + 1 + 18 + 1 + 32] = {0, 32, 18};
    const uint8_t zeros[32] = {0};
    bool ok = hkdf(f, EVP_KDF_HKDF_MODE_EXTRACT_ONLY, zeros, 32, zeros, 32, secret, 32);
    for (int stage = 0; ok && stage < 2; stage++) {
        ok = hkdf(f, EVP_KDF_HKDF_MODE_EXPAND_ONLY, secret, 32, info, sizeof(info), derived, 32) &&
             hkdf(f, EVP_KDF_HKDF_MODE_EXTRACT_ONLY, stage == 0 ? shared : zeros, 32, derived, 32,
                  secret, 32);
        for (int t = 0; ok && t < 2; t++)
            ok = hkdf(f, EVP_KDF_HKDF_MODE_EXPAND_ONLY, secret, 32, info, sizeof(info),
                      traffic[2 * stage + t], 32);
    }
    for (int t = 0; ok && t < 4; t++)
        ok = hkdf(f, EVP_KDF_HKDF_MODE_EXPAND_ONLY, traffic[t], 32, info, 13, key, sizeof(key)) &&
             hkdf(f, EVP_KDF_HKDF_MODE_EXPAND_ONLY, traffic[t], 32, info, 12, iv, sizeof(iv));
    for (int t = 0; ok && t < 2; t++) {
        size_t mac_len = sizeof(mac);
        ok = hkdf(f, EVP_KDF_HKDF_MODE_EXPAND_ONLY, traffic[t], 32, info, 18, mac, 32) &&
             EVP_Q_mac(NULL, "HMAC", NULL, "SHA256", NULL, mac, 32, hash, 32, mac, mac_len,
                       &mac_len) != NULL;
    }
    return ok;
}

/* TLS 1.3: CertificateVerify signs 64 spaces, a context string, a zero
 * byte and the transcript hash (RFC 8446 4.4.3). */
static bool handshake13_once(bench_floor *f, bench_cert cert, size_t transcript_len)
{
    EVP_PKEY *client_share = NULL, *server_share = NULL;
    uint8_t shared[2][32], hash[2][32];
    bool ok = EVP_PKEY_keygen(f->x25519, &client_share) == 1 &&
              EVP_PKEY_keygen(f->x25519, &server_share) == 1 &&
              x25519_derive(server_share, client_share, shared[0]) &&
              x25519_derive(client_share, server_share, shared[1]) &&
              sign_and_verify(f, cert, 64 + 33 + 1 + 32);
    for (int side = 0; ok && side < 2; side++) {
        ok = EVP_Digest(f->transcript, transcript_len, hash[side], NULL, f->sha256, NULL) == 1 &&
             side_hkdf(f, shared[side], hash[side]);
    }
    EVP_PKEY_free(client_share);
    EVP_PKEY_free(server_share);
    return ok;
}

/* CPU seconds per handshake of `once`, over at least `seconds`. */
static double timed(bench_floor *f, bool (*once)(bench_floor *, bench_cert, size_t),
                    bench_cert cert, size_t transcript_len, double seconds)
{
    if (transcript_len > sizeof(f->transcript))
        transcript_len = sizeof(f->transcript);
    double start = bench_cpu_now();
    long n = 0;
    do {
        if (!once(f, cert, transcript_len))
            return -1;
        n++;
    } while (bench_cpu_now() - start < seconds);
    return (bench_cpu_now() - start) / (double)n;
}

double bench_floor_handshake(bench_floor *f, bench_cert cert, size_t transcript_len, double seconds)
{
    return timed(f, handshake_once, cert, transcript_len, seconds);
}

double bench_floor_handshake13(bench_floor *f, bench_cert cert, size_t transcript_len,
                               double seconds)
{
    return timed(f, handshake13_once, cert, transcript_len, seconds);
}

bool bench_floor_handshakes(bench_floor *f, bench_cert cert, size_t transcript_len, long n)
{
    if (transcript_len > sizeof(f->transcript))
        transcript_len = sizeof(f->transcript);
    for (long i = 0; i < n; i++) {
        if (!handshake_once(f, cert, transcript_len))
            return false;
    }
    return true;
}

static bool aead_once(bench_floor *f, uint64_t seq, bool copies)
{
    uint8_t nonce[12] = {0}, aad[13] = {0}, tag[16];
    int len;
    memcpy(nonce + 4, &seq, sizeof(seq));
    memcpy(aad, &seq, sizeof(seq));
    uint8_t *rec = f->record;
    bool sealed = EVP_EncryptInit_ex(f->seal, NULL, NULL, NULL, nonce) == 1 &&
                  EVP_EncryptUpdate(f->seal, NULL, &len, aad, sizeof(aad)) == 1 &&
                  EVP_EncryptUpdate(f->seal, rec, &len, rec, BENCH_WRITE_SIZE) == 1 &&
                  EVP_EncryptFinal_ex(f->seal, rec + len, &len) == 1 &&
                  EVP_CIPHER_CTX_ctrl(f->seal, EVP_CTRL_AEAD_GET_TAG, 16, tag) == 1;
    if (copies) {
        memcpy(f->wire, rec, BENCH_WRITE_SIZE + 16);
        memcpy(f->received, f->wire, BENCH_WRITE_SIZE + 16);
        rec = f->received;
    }
    return sealed && EVP_DecryptInit_ex(f->open, NULL, NULL, NULL, nonce) == 1 &&
           EVP_DecryptUpdate(f->open, NULL, &len, aad, sizeof(aad)) == 1 &&
           EVP_DecryptUpdate(f->open, rec, &len, rec, BENCH_WRITE_SIZE) == 1 &&
           EVP_CIPHER_CTX_ctrl(f->open, EVP_CTRL_AEAD_SET_TAG, 16, tag) == 1 &&
           EVP_DecryptFinal_ex(f->open, rec + len, &len) == 1;
}

double bench_floor_aead(bench_floor *f, bench_cipher cipher, bool copies, double seconds)
{
    const uint8_t key[32] = {1};
    if (EVP_EncryptInit_ex(f->seal, f->ciphers[cipher], NULL, key, NULL) != 1 ||
        EVP_DecryptInit_ex(f->open, f->ciphers[cipher], NULL, key, NULL) != 1)
        return -1;
    double start = bench_cpu_now();
    uint64_t n = 0;
    do {
        for (int i = 0; i < 16; i++, n++) {
            if (!aead_once(f, n, copies))
                return -1;
        }
    } while (bench_cpu_now() - start < seconds);
    return (bench_cpu_now() - start) / (double)n;
}
