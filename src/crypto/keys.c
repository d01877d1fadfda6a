/* Loading, generating and exporting keys; only RSA (rsaEncryption or
 * RSA-PSS), P-256, P-384 and Ed25519 keys are accepted. */
#include "crypto/sig.h"

#include "base/reader.h"
#include "crypto/ossl.h"
#include "crypto/sig_impl.h"

#include <limits.h>
#include <openssl/core_names.h>
#include <openssl/decoder.h>
#include <openssl/encoder.h>
#include <openssl/err.h>
#include <openssl/obj_mac.h>
#include <openssl/objects.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <string.h>

#define RSA_MAX_BITS (LT_SIG_MAX_LEN * 8)

const char *lt_key_type_name(lt_key_type type)
{
    switch (type) {
    case LT_KEY_RSA:
        return "RSA";
    case LT_KEY_EC_P256:
        return "ECDSA P-256";
    case LT_KEY_EC_P384:
        return "ECDSA P-384";
    case LT_KEY_ED25519:
        return "Ed25519";
    case LT_KEY_RSA_PSS:
        return "RSA-PSS";
    case LT_KEY_NONE:
        break;
    }
    return "no key";
}

/* Names the key's type, or LT_KEY_NONE for anything latch does not use
 * (other curves, DSA, ...). */
static lt_key_type classify(EVP_PKEY *pkey)
{
    if (EVP_PKEY_is_a(pkey, "RSA-PSS"))
        return LT_KEY_RSA_PSS;
    if (EVP_PKEY_is_a(pkey, "RSA"))
        return LT_KEY_RSA;
    if (EVP_PKEY_is_a(pkey, "ED25519"))
        return LT_KEY_ED25519;
    if (EVP_PKEY_is_a(pkey, "EC")) {
        char curve[64];
        if (!EVP_PKEY_get_group_name(pkey, curve, sizeof(curve), NULL))
            return LT_KEY_NONE;
        int nid = OBJ_txt2nid(curve);
        if (nid == NID_X9_62_prime256v1)
            return LT_KEY_EC_P256;
        if (nid == NID_secp384r1)
            return LT_KEY_EC_P384;
    }
    return LT_KEY_NONE;
}

/* libcrypto's NID of a hash it names ("SHA2-256"), or NID_undef. */
static int md_nid(const char *name)
{
    EVP_MD *md = EVP_MD_fetch(NULL, name, NULL);
    int nid = md != NULL ? EVP_MD_get_type(md) : NID_undef;
    EVP_MD_free(md);
    return nid;
}

/* The hash an RSA-PSS key is bound to (RFC 4055 3.1), 0 when it is not,
 * or -1 for a restriction latch cannot honour: another hash, or an MGF1
 * hash of its own. (libcrypto itself refuses a signature with a salt
 * shorter than the key's minimum.) */
static int pss_restriction(EVP_PKEY *pkey)
{
    char md[32] = "", mgf1[32] = "";
    if (!EVP_PKEY_get_utf8_string_param(pkey, OSSL_PKEY_PARAM_RSA_DIGEST, md, sizeof(md), NULL))
        return 0;
    if (!EVP_PKEY_get_utf8_string_param(pkey, OSSL_PKEY_PARAM_RSA_MGF1_DIGEST, mgf1, sizeof(mgf1),
                                        NULL))
        return -1;
    static const struct {
        int nid;
        lt_hash_alg hash;
    } known[] = {
        {NID_sha256, LT_HASH_SHA256}, {NID_sha384, LT_HASH_SHA384}, {NID_sha512, LT_HASH_SHA512}};
    int nid = md_nid(md);
    for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
        if (known[i].nid == nid && md_nid(mgf1) == nid)
            return (int)known[i].hash;
    return -1;
}

/* EVP_PKEY_Q_keygen makes only rsaEncryption keys of a given size. */
static EVP_PKEY *rsa_pss_keygen(unsigned bits)
{
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, "RSA-PSS", NULL);
    EVP_PKEY *pkey = NULL;
    if (ctx == NULL || EVP_PKEY_keygen_init(ctx) <= 0 ||
        EVP_PKEY_CTX_set_rsa_keygen_bits(ctx, (int)bits) <= 0 || EVP_PKEY_generate(ctx, &pkey) <= 0)
        pkey = NULL;
    EVP_PKEY_CTX_free(ctx);
    return pkey;
}

/* Fills type, bits and the RSA-PSS hash from pkey and takes it, or frees
 * it and fails. */
static bool adopt(EVP_PKEY *pkey, lt_key_type *type, unsigned *bits, void **impl,
                  lt_hash_alg *pss_hash, latch_err code, const char *what, lt_error *err)
{
    lt_key_type t = classify(pkey);
    int b = EVP_PKEY_get_bits(pkey);
    int pss = t == LT_KEY_RSA_PSS ? pss_restriction(pkey) : 0;
    if (t == LT_KEY_NONE) {
        LT_FAIL(err, code, "%s is a %s key, which latch does not support", what,
                EVP_PKEY_get0_type_name(pkey) != NULL ? EVP_PKEY_get0_type_name(pkey) : "unknown");
    } else if ((t == LT_KEY_RSA || t == LT_KEY_RSA_PSS) && (b < 1024 || b > RSA_MAX_BITS)) {
        LT_FAIL(err, code, "%s is a %d-bit %s key; latch supports 1024 to %d bits", what, b,
                lt_key_type_name(t), RSA_MAX_BITS);
    } else if (pss < 0) {
        LT_FAIL(err, code,
                "%s is an RSA-PSS key restricted to a hash, mask or salt latch does not sign "
                "with (SHA-256, SHA-384 or SHA-512, MGF1 with the same hash, salt no longer than "
                "the hash)",
                what);
    } else {
        *type = t;
        *bits = (unsigned)b;
        *impl = pkey;
        *pss_hash = (lt_hash_alg)pss;
        return true;
    }
    EVP_PKEY_free(pkey);
    ERR_clear_error();
    return false;
}

bool lt_pubkey_from_spki(lt_pubkey *key, const uint8_t *der, size_t len, lt_error *err)
{
    key->type = LT_KEY_NONE;
    key->bits = 0;
    key->impl = NULL;
    key->pss_hash = 0;
    if (len == 0 || len > LONG_MAX)
        return LT_FAIL(err, LATCH_ERR_UNSUPPORTED_CERTIFICATE, "public key is empty or too long");
    const unsigned char *p = der;
    EVP_PKEY *pkey = d2i_PUBKEY_ex(NULL, &p, (long)len, NULL, NULL);
    if (pkey == NULL)
        return LT_OSSL_FAIL(err, LATCH_ERR_UNSUPPORTED_CERTIFICATE,
                            "public key is malformed or of an unknown algorithm");
    if ((size_t)(p - der) != len) {
        EVP_PKEY_free(pkey);
        return LT_FAIL(err, LATCH_ERR_UNSUPPORTED_CERTIFICATE,
                       "public key has %zu bytes after its SubjectPublicKeyInfo",
                       len - (size_t)(p - der));
    }
    return adopt(pkey, &key->type, &key->bits, &key->impl, &key->pss_hash,
                 LATCH_ERR_UNSUPPORTED_CERTIFICATE, "public key", err);
}

/* OSSL_PARAM integers are in the host's byte order; DER's are big-endian. */
static void to_host_order(uint8_t *out, const uint8_t *be, size_t len)
{
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    for (size_t i = 0; i < len; i++)
        out[i] = be[len - 1 - i];
#else
    memcpy(out, be, len);
#endif
}

bool lt_pubkey_from_rsa(lt_pubkey *key, const uint8_t *n, size_t n_len, const uint8_t *e,
                        size_t e_len, lt_error *err)
{
    key->type = LT_KEY_NONE;
    key->bits = 0;
    key->impl = NULL;
    key->pss_hash = 0;
    uint8_t n_host[LT_SIG_MAX_LEN], e_host[LT_SIG_MAX_LEN];
    if (n_len == 0 || e_len == 0 || n_len > sizeof(n_host) || e_len > n_len)
        return LT_FAIL(err, LATCH_ERR_UNSUPPORTED_CERTIFICATE,
                       "RSA public key has a %zu-byte modulus and a %zu-byte exponent; latch "
                       "supports moduli of up to %d bits and a shorter exponent",
                       n_len, e_len, RSA_MAX_BITS);
    EVP_PKEY_CTX *ctx = lt_ossl_rsa_import();
    if (ctx == NULL)
        return LT_OSSL_FAIL(err, LATCH_ERR_INTERNAL, "libcrypto cannot import RSA keys");
    to_host_order(n_host, n, n_len);
    to_host_order(e_host, e, e_len);
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_BN(OSSL_PKEY_PARAM_RSA_N, n_host, n_len),
        OSSL_PARAM_construct_BN(OSSL_PKEY_PARAM_RSA_E, e_host, e_len),
        OSSL_PARAM_construct_end(),
    };
    EVP_PKEY *pkey = NULL;
    if (EVP_PKEY_fromdata(ctx, &pkey, EVP_PKEY_PUBLIC_KEY, params) <= 0)
        return LT_OSSL_FAIL(err, LATCH_ERR_UNSUPPORTED_CERTIFICATE, "RSA public key does not load");
    int bits = EVP_PKEY_get_bits(pkey);
    if (bits < 1024 || bits > RSA_MAX_BITS) {
        EVP_PKEY_free(pkey);
        return LT_FAIL(err, LATCH_ERR_UNSUPPORTED_CERTIFICATE,
                       "public key is a %d-bit RSA key; latch supports 1024 to %d bits", bits,
                       RSA_MAX_BITS);
    }
    key->type = LT_KEY_RSA;
    key->bits = (unsigned)bits;
    key->impl = pkey;
    return true;
}

/* A NIST-curve key: the curve's parameters copied from the shared
 * parameters-only key, then the point. Setting the point decodes it,
 * which checks that it lies on the curve (SEC 1 2.3.4); P-256 and P-384
 * have cofactor 1, so such a point is in the prime-order group and
 * EVP_PKEY_public_check (a further n*Q, about 0.67 M instructions) would
 * find nothing more. */
static EVP_PKEY *ec_public(lt_key_type type, const uint8_t *point, size_t len, lt_error *err)
{
    EVP_PKEY *params = lt_ossl_curve(type);
    EVP_PKEY *pkey = EVP_PKEY_new();
    if (params == NULL || pkey == NULL || EVP_PKEY_copy_parameters(pkey, params) <= 0) {
        EVP_PKEY_free(pkey);
        LT_OSSL_FAIL(err, LATCH_ERR_INTERNAL, "could not set up a %s key", lt_key_type_name(type));
        return NULL;
    }
    if (!EVP_PKEY_set1_encoded_public_key(pkey, point, len)) {
        EVP_PKEY_free(pkey);
        LT_OSSL_FAIL(err, LATCH_ERR_BAD_CERTIFICATE, "%s public key is not a point on the curve",
                     lt_key_type_name(type));
        return NULL;
    }
    return pkey;
}

bool lt_pubkey_from_point(lt_pubkey *key, lt_key_type type, const uint8_t *point, size_t len,
                          lt_error *err)
{
    key->type = LT_KEY_NONE;
    key->bits = 0;
    key->impl = NULL;
    key->pss_hash = 0;
    EVP_PKEY *pkey;
    if (type == LT_KEY_EC_P256 || type == LT_KEY_EC_P384) {
        pkey = ec_public(type, point, len, err);
        if (pkey == NULL)
            return false;
        key->bits = type == LT_KEY_EC_P256 ? 256 : 384;
    } else if (type == LT_KEY_ED25519) {
        /* RFC 8410 3: the 32 bytes of RFC 8032 5.1.5; any 32 bytes load, and
         * a key that is not a point makes every verification fail. */
        if (len != 32)
            return LT_FAIL(err, LATCH_ERR_BAD_CERTIFICATE,
                           "Ed25519 public key is %zu bytes, not 32", len);
        pkey = EVP_PKEY_new_raw_public_key_ex(NULL, "ED25519", NULL, point, len);
        if (pkey == NULL)
            return LT_OSSL_FAIL(err, LATCH_ERR_INTERNAL, "could not load an Ed25519 public key");
        key->bits = 256;
    } else {
        return LT_FAIL(err, LATCH_ERR_USAGE, "a %s key is not loaded from a point",
                       lt_key_type_name(type));
    }
    key->type = type;
    key->impl = pkey;
    return true;
}

void lt_pubkey_free(lt_pubkey *key)
{
    EVP_PKEY_free(key->impl);
    key->impl = NULL;
    key->type = LT_KEY_NONE;
    key->pss_hash = 0;
}

bool lt_pubkey_share(lt_pubkey *dst, const lt_pubkey *src, lt_error *err)
{
    *dst = (lt_pubkey){0};
    if (src->impl == NULL || EVP_PKEY_up_ref(src->impl) != 1)
        return LT_OSSL_FAIL(err, LATCH_ERR_INTERNAL, "could not share a %s public key",
                            lt_key_type_name(src->type));
    *dst = *src;
    return true;
}

/* Reads a DER tag and length (short or long form) and takes the contents. */
static bool der_element(lt_reader *r, uint8_t *tag, lt_reader *contents)
{
    uint8_t b;
    if (!lt_read_u8(r, tag) || !lt_read_u8(r, &b))
        return false;
    size_t len = b;
    if (b & 0x80) {
        size_t n = b & 0x7f;
        if (n == 0 || n > 3)
            return false;
        len = 0;
        for (size_t i = 0; i < n; i++) {
            if (!lt_read_u8(r, &b))
                return false;
            len = len << 8 | b;
        }
    }
    return lt_read_sub(r, len, contents);
}

/* The three formats differ in the element after the leading version
 * INTEGER: an AlgorithmIdentifier SEQUENCE (PKCS#8, RFC 5208 5), the
 * modulus INTEGER (PKCS#1, RFC 8017 A.1.2) or the key OCTET STRING (SEC1,
 * RFC 5915 3). libcrypto's decoders accept any of them whatever structure
 * is asked for, so the caller's format is checked here. */
static bool der_second_tag(const uint8_t *der, size_t len, uint8_t *tag)
{
    lt_reader r = lt_reader_make(der, len), seq, version, next;
    uint8_t t;
    return der_element(&r, &t, &seq) && t == 0x30 && lt_reader_done(&r) &&
           der_element(&seq, &t, &version) && t == 0x02 && der_element(&seq, tag, &next);
}

bool lt_privkey_from_der(lt_privkey *key, lt_privkey_format format, const uint8_t *der, size_t len,
                         lt_error *err)
{
    key->type = LT_KEY_NONE;
    key->bits = 0;
    key->impl = NULL;
    key->pss_hash = 0;
    key->signers = NULL;
    const char *structure, *keytype, *what;
    uint8_t want_tag;
    switch (format) {
    case LT_PRIVKEY_PKCS8:
        structure = "PrivateKeyInfo";
        keytype = NULL;
        what = "PKCS#8 private key";
        want_tag = 0x30;
        break;
    case LT_PRIVKEY_PKCS1:
        structure = "type-specific";
        keytype = "RSA";
        what = "PKCS#1 RSA private key";
        want_tag = 0x02;
        break;
    case LT_PRIVKEY_SEC1:
        structure = "type-specific";
        keytype = "EC";
        what = "SEC1 EC private key";
        want_tag = 0x04;
        break;
    default:
        return LT_FAIL(err, LATCH_ERR_USAGE, "unknown private key format %d", (int)format);
    }
    uint8_t tag = 0;
    if (!der_second_tag(der, len, &tag) || tag != want_tag)
        return LT_FAIL(err, LATCH_ERR_CONFIG, "key is not a DER %s", what);
    EVP_PKEY *pkey = NULL;
    OSSL_DECODER_CTX *dctx = OSSL_DECODER_CTX_new_for_pkey(&pkey, "DER", structure, keytype,
                                                           EVP_PKEY_KEYPAIR, NULL, NULL);
    const unsigned char *p = der;
    size_t left = len;
    if (dctx == NULL)
        return LT_OSSL_FAIL(err, LATCH_ERR_INTERNAL, "no decoder for a %s", what);
    if (!OSSL_DECODER_from_data(dctx, &p, &left) || pkey == NULL) {
        OSSL_DECODER_CTX_free(dctx);
        EVP_PKEY_free(pkey);
        return LT_OSSL_FAIL(err, LATCH_ERR_CONFIG, "%s does not decode", what);
    }
    OSSL_DECODER_CTX_free(dctx);
    if (left != 0) {
        EVP_PKEY_free(pkey);
        return LT_FAIL(err, LATCH_ERR_CONFIG, "%s has %zu bytes after it", what, left);
    }
    LT_GUARD(adopt(pkey, &key->type, &key->bits, &key->impl, &key->pss_hash, LATCH_ERR_CONFIG, what,
                   err));
    key->signers = lt_signers_new(key->impl, key->type);
    return true;
}

bool lt_privkey_generate(lt_privkey *key, lt_key_type type, unsigned rsa_bits, lt_error *err)
{
    key->type = LT_KEY_NONE;
    key->bits = 0;
    key->impl = NULL;
    key->pss_hash = 0;
    key->signers = NULL;
    EVP_PKEY *pkey = NULL;
    switch (type) {
    case LT_KEY_RSA:
    case LT_KEY_RSA_PSS:
        if (rsa_bits < 2048 || rsa_bits > RSA_MAX_BITS || rsa_bits % 8 != 0)
            return LT_FAIL(err, LATCH_ERR_USAGE,
                           "%s keys are made with 2048 to %d bits (a multiple of 8), not %u",
                           lt_key_type_name(type), RSA_MAX_BITS, rsa_bits);
        /* An RSA-PSS key made here carries no parameters: any hash. */
        pkey = type == LT_KEY_RSA ? EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)rsa_bits)
                                  : rsa_pss_keygen(rsa_bits);
        break;
    case LT_KEY_EC_P256:
        pkey = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
        break;
    case LT_KEY_EC_P384:
        pkey = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-384");
        break;
    case LT_KEY_ED25519:
        pkey = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
        break;
    case LT_KEY_NONE:
        return LT_FAIL(err, LATCH_ERR_USAGE, "no key type given to generate");
    }
    if (pkey == NULL)
        return LT_OSSL_FAIL(err, LATCH_ERR_INTERNAL, "could not generate a %s key",
                            lt_key_type_name(type));
    LT_GUARD(adopt(pkey, &key->type, &key->bits, &key->impl, &key->pss_hash, LATCH_ERR_INTERNAL,
                   "generated key", err));
    key->signers = lt_signers_new(key->impl, key->type);
    return true;
}

bool lt_privkey_spki(const lt_privkey *key, uint8_t *out, size_t cap, size_t *out_len,
                     lt_error *err)
{
    int n = i2d_PUBKEY(key->impl, NULL);
    if (n <= 0)
        return LT_OSSL_FAIL(err, LATCH_ERR_INTERNAL, "could not encode the %s public key",
                            lt_key_type_name(key->type));
    if ((size_t)n > cap)
        return LT_FAIL(err, LATCH_ERR_INTERNAL, "%s public key needs %d bytes, buffer has %zu",
                       lt_key_type_name(key->type), n, cap);
    unsigned char *p = out;
    if (i2d_PUBKEY(key->impl, &p) != n)
        return LT_OSSL_FAIL(err, LATCH_ERR_INTERNAL, "could not encode the %s public key",
                            lt_key_type_name(key->type));
    *out_len = (size_t)n;
    return true;
}

bool lt_pubkey_from_privkey(lt_pubkey *pub, const lt_privkey *key, lt_error *err)
{
    /* Through the SPKI encoding, so the result holds no private part. */
    uint8_t spki[LT_SIG_MAX_LEN + 64];
    size_t len = 0;
    pub->impl = NULL;
    pub->type = LT_KEY_NONE;
    LT_GUARD(lt_privkey_spki(key, spki, sizeof(spki), &len, err));
    return lt_pubkey_from_spki(pub, spki, len, err);
}

bool lt_privkey_to_pkcs8(const lt_privkey *key, uint8_t *out, size_t cap, size_t *out_len,
                         lt_error *err)
{
    OSSL_ENCODER_CTX *ectx =
        OSSL_ENCODER_CTX_new_for_pkey(key->impl, EVP_PKEY_KEYPAIR, "DER", "PrivateKeyInfo", NULL);
    unsigned char *der = NULL;
    size_t len = 0;
    if (ectx == NULL || !OSSL_ENCODER_to_data(ectx, &der, &len)) {
        OSSL_ENCODER_CTX_free(ectx);
        return LT_OSSL_FAIL(err, LATCH_ERR_INTERNAL, "could not encode the %s private key",
                            lt_key_type_name(key->type));
    }
    OSSL_ENCODER_CTX_free(ectx);
    bool ok = len <= cap;
    if (ok) {
        memcpy(out, der, len);
        *out_len = len;
    } else {
        LT_FAIL(err, LATCH_ERR_INTERNAL, "%s private key needs %zu bytes, buffer has %zu",
                lt_key_type_name(key->type), len, cap);
    }
    OPENSSL_clear_free(der, len);
    return ok;
}

void lt_privkey_free(lt_privkey *key)
{
    /* EVP_PKEY_free clears the private key material before freeing it. */
    lt_signers_free(key->signers);
    key->signers = NULL;
    EVP_PKEY_free(key->impl);
    key->impl = NULL;
    key->type = LT_KEY_NONE;
    key->pss_hash = 0;
}
