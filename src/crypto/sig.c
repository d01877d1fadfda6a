/* Signatures by TLS SignatureScheme and by X.509 signature algorithm. Both
 * name the same operations: a key type, a hash and, for RSA, a padding. */
#include "crypto/sig.h"

#include "crypto/ossl.h"
#include "crypto/sig_impl.h"

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <stddef.h>
#include <stdlib.h>

typedef struct sig_op {
    lt_key_type key;  /* LT_KEY_NONE: any ECDSA curve latch supports */
    lt_hash_alg hash; /* 0 for Ed25519, which hashes internally */
    bool pss;
} sig_op;

typedef struct scheme_info {
    uint16_t scheme;
    const char *name;
    sig_op op;
} scheme_info;

static const scheme_info schemes[] = {
    {LT_SIG_RSA_PKCS1_SHA256, "rsa_pkcs1_sha256", {LT_KEY_RSA, LT_HASH_SHA256, false}},
    {LT_SIG_RSA_PKCS1_SHA384, "rsa_pkcs1_sha384", {LT_KEY_RSA, LT_HASH_SHA384, false}},
    {LT_SIG_RSA_PKCS1_SHA512, "rsa_pkcs1_sha512", {LT_KEY_RSA, LT_HASH_SHA512, false}},
    {LT_SIG_ECDSA_SECP256R1_SHA256,
     "ecdsa_secp256r1_sha256",
     {LT_KEY_EC_P256, LT_HASH_SHA256, false}},
    {LT_SIG_ECDSA_SECP384R1_SHA384,
     "ecdsa_secp384r1_sha384",
     {LT_KEY_EC_P384, LT_HASH_SHA384, false}},
    {LT_SIG_RSA_PSS_RSAE_SHA256, "rsa_pss_rsae_sha256", {LT_KEY_RSA, LT_HASH_SHA256, true}},
    {LT_SIG_RSA_PSS_RSAE_SHA384, "rsa_pss_rsae_sha384", {LT_KEY_RSA, LT_HASH_SHA384, true}},
    {LT_SIG_RSA_PSS_RSAE_SHA512, "rsa_pss_rsae_sha512", {LT_KEY_RSA, LT_HASH_SHA512, true}},
    {LT_SIG_ED25519, "ed25519", {LT_KEY_ED25519, 0, false}},
    {LT_SIG_RSA_PSS_PSS_SHA256, "rsa_pss_pss_sha256", {LT_KEY_RSA_PSS, LT_HASH_SHA256, true}},
    {LT_SIG_RSA_PSS_PSS_SHA384, "rsa_pss_pss_sha384", {LT_KEY_RSA_PSS, LT_HASH_SHA384, true}},
    {LT_SIG_RSA_PSS_PSS_SHA512, "rsa_pss_pss_sha512", {LT_KEY_RSA_PSS, LT_HASH_SHA512, true}},
};

static const scheme_info *find_scheme(uint16_t scheme)
{
    for (size_t i = 0; i < sizeof(schemes) / sizeof(schemes[0]); i++)
        if (schemes[i].scheme == scheme)
            return &schemes[i];
    return NULL;
}

const char *lt_sig_scheme_name(uint16_t scheme)
{
    const scheme_info *s = find_scheme(scheme);
    return s != NULL ? s->name : "unknown signature scheme";
}

bool lt_sig_scheme_supported(uint16_t scheme)
{
    return find_scheme(scheme) != NULL;
}

lt_key_type lt_sig_scheme_key_type(uint16_t scheme)
{
    const scheme_info *s = find_scheme(scheme);
    return s != NULL ? s->op.key : LT_KEY_NONE;
}

typedef struct x509_info {
    lt_x509_sig_alg alg;
    const char *name;
    sig_op op;
    uint16_t scheme; /* the TLS scheme of the same operation (RSASSA-PSS: the rsae one) */
} x509_info;

/* SHA-1 and MD5 are absent on purpose: latch never trusts them. The
 * ECDSA rows name the scheme of their hash; 0x0603 is
 * ecdsa_secp521r1_sha512, which latch does not sign with but a peer may
 * list in signature_algorithms_cert. */
static const x509_info x509_algs[] = {
    {LT_X509_SIG_RSA_PKCS1_SHA256,
     "sha256WithRSAEncryption",
     {LT_KEY_RSA, LT_HASH_SHA256, false},
     LT_SIG_RSA_PKCS1_SHA256},
    {LT_X509_SIG_RSA_PKCS1_SHA384,
     "sha384WithRSAEncryption",
     {LT_KEY_RSA, LT_HASH_SHA384, false},
     LT_SIG_RSA_PKCS1_SHA384},
    {LT_X509_SIG_RSA_PKCS1_SHA512,
     "sha512WithRSAEncryption",
     {LT_KEY_RSA, LT_HASH_SHA512, false},
     LT_SIG_RSA_PKCS1_SHA512},
    {LT_X509_SIG_RSA_PSS_SHA256,
     "RSASSA-PSS with SHA-256",
     {LT_KEY_RSA, LT_HASH_SHA256, true},
     LT_SIG_RSA_PSS_RSAE_SHA256},
    {LT_X509_SIG_RSA_PSS_SHA384,
     "RSASSA-PSS with SHA-384",
     {LT_KEY_RSA, LT_HASH_SHA384, true},
     LT_SIG_RSA_PSS_RSAE_SHA384},
    {LT_X509_SIG_RSA_PSS_SHA512,
     "RSASSA-PSS with SHA-512",
     {LT_KEY_RSA, LT_HASH_SHA512, true},
     LT_SIG_RSA_PSS_RSAE_SHA512},
    {LT_X509_SIG_ECDSA_SHA256,
     "ecdsa-with-SHA256",
     {LT_KEY_NONE, LT_HASH_SHA256, false},
     LT_SIG_ECDSA_SECP256R1_SHA256},
    {LT_X509_SIG_ECDSA_SHA384,
     "ecdsa-with-SHA384",
     {LT_KEY_NONE, LT_HASH_SHA384, false},
     LT_SIG_ECDSA_SECP384R1_SHA384},
    {LT_X509_SIG_ECDSA_SHA512, "ecdsa-with-SHA512", {LT_KEY_NONE, LT_HASH_SHA512, false}, 0x0603},
    {LT_X509_SIG_ED25519, "Ed25519", {LT_KEY_ED25519, 0, false}, LT_SIG_ED25519},
};

static const x509_info *find_x509(lt_x509_sig_alg alg)
{
    for (size_t i = 0; i < sizeof(x509_algs) / sizeof(x509_algs[0]); i++)
        if (x509_algs[i].alg == alg)
            return &x509_algs[i];
    return NULL;
}

lt_hash_alg lt_x509_sig_hash(lt_x509_sig_alg alg)
{
    const x509_info *x = find_x509(alg);
    return x != NULL ? x->op.hash : 0;
}

static bool op_fits(const sig_op *op, lt_key_type key)
{
    if (op->key == LT_KEY_NONE)
        return key == LT_KEY_EC_P256 || key == LT_KEY_EC_P384;
    return op->key == key;
}

/* RFC 8446 4.2.3: in TLS 1.2 an ECDSA scheme names only the hash; the
 * old semantics did not constrain the signing curve. */
static bool peer_op_fits(const sig_op *op, lt_key_type key)
{
    if (op->key == LT_KEY_EC_P256 || op->key == LT_KEY_EC_P384)
        return key == LT_KEY_EC_P256 || key == LT_KEY_EC_P384;
    return op_fits(op, key);
}

/* An X.509 RSASSA-PSS signature verifies with either kind of RSA key
 * (RFC 4055 1.2); PKCS#1 v1.5 only with an rsaEncryption one. */
static bool x509_op_fits(const sig_op *op, lt_key_type key)
{
    return (op->pss && key == LT_KEY_RSA_PSS) || op_fits(op, key);
}

/* A restricted RSA-PSS key takes only its own hash (RFC 4055 3.1). */
static bool hash_allowed(const sig_op *op, lt_hash_alg restricted)
{
    return restricted == 0 || op->hash == restricted;
}

static const char *hash_name(lt_hash_alg hash)
{
    return hash == LT_HASH_SHA256 ? "SHA-256" : hash == LT_HASH_SHA384 ? "SHA-384" : "SHA-512";
}

bool lt_privkey_signs(const lt_privkey *key, uint16_t scheme)
{
    const scheme_info *s = find_scheme(scheme);
    return s != NULL && op_fits(&s->op, key->type) && hash_allowed(&s->op, key->pss_hash);
}

size_t lt_sig_schemes_for_x509(lt_x509_sig_alg alg, lt_key_type issuer, uint16_t out[2])
{
    const x509_info *x = find_x509(alg);
    if (x == NULL)
        return 0;
    size_t n = 0;
    if (!x->op.pss || issuer != LT_KEY_RSA_PSS)
        out[n++] = x->scheme;
    /* rsa_pss_pss_* follows rsa_pss_rsae_* by 5 (RFC 8446 4.2.3). */
    if (x->op.pss && issuer != LT_KEY_RSA)
        out[n++] = (uint16_t)(x->scheme + 5);
    return n;
}

bool lt_sig_scheme_fits_peer_key(uint16_t scheme, lt_key_type key, uint16_t version)
{
    const scheme_info *s = find_scheme(scheme);
    if (s == NULL)
        return false;
    return version >= 0x0304 ? op_fits(&s->op, key) : peer_op_fits(&s->op, key);
}

/* libcrypto's name of the op's hash, or NULL for Ed25519. */
static const char *md_name(const sig_op *op)
{
    switch (op->hash) {
    case LT_HASH_SHA1:
        return "SHA1";
    case LT_HASH_SHA256:
        return "SHA256";
    case LT_HASH_SHA384:
        return "SHA384";
    case LT_HASH_SHA512:
        return "SHA512";
    }
    return NULL;
}

/* RSA-PSS's padding, MGF1 hash and salt length, in out. */
static OSSL_PARAM *pss_params(const sig_op *op, OSSL_PARAM out[4])
{
    out[0] = OSSL_PARAM_construct_utf8_string(OSSL_SIGNATURE_PARAM_PAD_MODE,
                                              (char *)OSSL_PKEY_RSA_PAD_MODE_PSS, 0);
    out[1] =
        OSSL_PARAM_construct_utf8_string(OSSL_SIGNATURE_PARAM_MGF1_DIGEST, (char *)md_name(op), 0);
    out[2] = OSSL_PARAM_construct_utf8_string(OSSL_SIGNATURE_PARAM_PSS_SALTLEN,
                                              (char *)OSSL_PKEY_RSA_PSS_SALT_LEN_DIGEST, 0);
    out[3] = OSSL_PARAM_construct_end();
    return out;
}

/* Starts a sign or verify operation on ctx with the op's hash and padding.
 * RSA-PSS uses MGF1 with the same hash and a salt as long as the hash
 * (RFC 8446 4.2.3, which TLS 1.2 adopts through RFC 8446 1.3). */
static bool op_init(EVP_MD_CTX *ctx, const sig_op *op, EVP_PKEY *pkey, bool sign)
{
    OSSL_PARAM pss[4];
    const OSSL_PARAM *params = op->pss ? pss_params(op, pss) : NULL;
    if (sign)
        return EVP_DigestSignInit_ex(ctx, NULL, md_name(op), NULL, NULL, pkey, params) == 1;
    return EVP_DigestVerifyInit_ex(ctx, NULL, md_name(op), NULL, NULL, pkey, params) == 1;
}

/* A context that signs or verifies one message: EVP_DigestSign and
 * EVP_DigestVerify then finish it in place instead of on a copy. */
static EVP_MD_CTX *one_shot_ctx(void)
{
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    if (ctx != NULL)
        EVP_MD_CTX_set_flags(ctx, EVP_MD_CTX_FLAG_FINALISE);
    return ctx;
}

#define N_SCHEMES (sizeof(schemes) / sizeof(schemes[0]))

/* By index in schemes[]. EVP_MD_CTX_copy_ex only reads its source, so
 * every thread may copy these at once; nothing changes them after
 * lt_signers_new. */
typedef struct signers {
    EVP_MD_CTX *by_scheme[N_SCHEMES];
} signers;

/* A copy of a started signing context, or NULL. */
static EVP_MD_CTX *copy_started(const EVP_MD_CTX *started)
{
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    if (ctx != NULL && EVP_MD_CTX_copy_ex(ctx, started) != 1) {
        EVP_MD_CTX_free(ctx);
        ctx = NULL;
    }
    return ctx;
}

void *lt_signers_new(EVP_PKEY *pkey, lt_key_type type)
{
    signers *s = calloc(1, sizeof(*s));
    for (size_t i = 0; s != NULL && i < N_SCHEMES; i++) {
        if (!op_fits(&schemes[i].op, type))
            continue;
        /* Kept only if it copies (every provider context of OpenSSL 3.0
         * latch signs with does). */
        EVP_MD_CTX *ctx = one_shot_ctx(), *probe = NULL;
        if (ctx == NULL || !op_init(ctx, &schemes[i].op, pkey, true) ||
            (probe = copy_started(ctx)) == NULL) {
            EVP_MD_CTX_free(ctx);
            ctx = NULL;
        }
        EVP_MD_CTX_free(probe);
        s->by_scheme[i] = ctx;
    }
    ERR_clear_error();
    return s;
}

void lt_signers_free(void *p)
{
    signers *s = p;
    for (size_t i = 0; s != NULL && i < N_SCHEMES; i++)
        EVP_MD_CTX_free(s->by_scheme[i]);
    free(s);
}

/* A context ready to sign: a copy of the key's started one for the
 * scheme where there is one, else started here. */
static EVP_MD_CTX *sign_ctx(EVP_PKEY *pkey, const sig_op *op, const EVP_MD_CTX *started)
{
    if (started != NULL)
        return copy_started(started);
    EVP_MD_CTX *ctx = one_shot_ctx();
    if (ctx != NULL && !op_init(ctx, op, pkey, true)) {
        EVP_MD_CTX_free(ctx);
        ctx = NULL;
    }
    return ctx;
}

static bool do_sign(EVP_PKEY *pkey, const sig_op *op, const EVP_MD_CTX *started, const char *name,
                    const uint8_t *msg, size_t len, uint8_t *sig, size_t cap, size_t *sig_len,
                    lt_error *err)
{
    /* The key's largest signature, known without asking the signer: an
     * ECDSA size query encodes a dummy signature. */
    int max = EVP_PKEY_get_size(pkey);
    if (max <= 0 || (size_t)max > cap)
        return LT_FAIL(err, LATCH_ERR_INTERNAL, "%s signature needs %d bytes, buffer has %zu", name,
                       max, cap);
    EVP_MD_CTX *ctx = sign_ctx(pkey, op, started);
    size_t n = cap;
    bool ok = ctx != NULL;
    if (!ok)
        LT_OSSL_FAIL(err, LATCH_ERR_INTERNAL, "could not start a %s signature", name);
    else if (!(ok = EVP_DigestSign(ctx, sig, &n, msg, len) == 1))
        LT_OSSL_FAIL(err, LATCH_ERR_INTERNAL, "%s signing failed", name);
    else
        *sig_len = n;
    EVP_MD_CTX_free(ctx);
    return ok;
}

/* What a verification found: the signature is good or bad, or the check
 * could not start (a failure of libcrypto, not of the peer). */
typedef enum sig_check { SIG_GOOD, SIG_BAD, SIG_NOT_STARTED } sig_check;

/* Ed25519 hashes the message itself (RFC 8032 5.1.7): only EVP_DigestVerify
 * takes it whole. */
static sig_check verify_message(EVP_PKEY *pkey, const sig_op *op, const uint8_t *msg, size_t len,
                                const uint8_t *sig, size_t sig_len)
{
    EVP_MD_CTX *ctx = one_shot_ctx();
    sig_check rc = SIG_NOT_STARTED;
    if (ctx != NULL && op_init(ctx, op, pkey, false))
        rc = EVP_DigestVerify(ctx, sig, sig_len, msg, len) == 1 ? SIG_GOOD : SIG_BAD;
    EVP_MD_CTX_free(ctx);
    return rc;
}

/* ECDSA and RSA check a signature of the message's hash, made here:
 * EVP_DigestVerify would look the hash up by name and keep a digest
 * context inside the signature's, 8 more heap allocations for ECDSA and 4
 * for RSA. RSA is told the hash (PKCS#1 v1.5 wraps it in a DigestInfo,
 * RFC 8017 9.2; PSS hashes it again); ECDSA signs the bare hash (SEC 1
 * 4.1.4), and telling it costs a further 6 allocations for nothing. */
static sig_check verify_digest(EVP_PKEY *pkey, const sig_op *op, const uint8_t *msg, size_t len,
                               const uint8_t *sig, size_t sig_len, lt_error *err)
{
    uint8_t digest[LT_HASH_MAX_LEN];
    if (!lt_hash_oneshot(op->hash, msg, len, digest, err))
        return SIG_NOT_STARTED;
    OSSL_PARAM params[5];
    bool rsa = op->key == LT_KEY_RSA || op->key == LT_KEY_RSA_PSS;
    if (rsa) {
        params[0] =
            OSSL_PARAM_construct_utf8_string(OSSL_SIGNATURE_PARAM_DIGEST, (char *)md_name(op), 0);
        if (op->pss)
            pss_params(op, params + 1);
        else
            params[1] = OSSL_PARAM_construct_end();
    }
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_pkey(NULL, pkey, NULL);
    sig_check rc = SIG_NOT_STARTED;
    if (ctx != NULL && EVP_PKEY_verify_init_ex(ctx, rsa ? params : NULL) == 1)
        rc = EVP_PKEY_verify(ctx, sig, sig_len, digest, lt_hash_len(op->hash)) == 1 ? SIG_GOOD
                                                                                    : SIG_BAD;
    EVP_PKEY_CTX_free(ctx);
    return rc;
}

static bool do_verify(EVP_PKEY *pkey, const sig_op *op, const char *name, const char *whose,
                      const uint8_t *msg, size_t len, const uint8_t *sig, size_t sig_len,
                      lt_error *err)
{
    sig_check rc = op->hash == 0 ? verify_message(pkey, op, msg, len, sig, sig_len)
                                 : verify_digest(pkey, op, msg, len, sig, sig_len, err);
    if (rc == SIG_NOT_STARTED)
        return LT_OSSL_FAIL(err, LATCH_ERR_INTERNAL, "could not start a %s verification", name);
    if (rc == SIG_BAD)
        return LT_OSSL_FAIL(err, LATCH_ERR_DECRYPT_ERROR, "%s %s signature does not verify", whose,
                            name);
    return true;
}

bool lt_sign(const lt_privkey *key, uint16_t scheme, const uint8_t *msg, size_t len, uint8_t *sig,
             size_t cap, size_t *sig_len, lt_error *err)
{
    const scheme_info *s = find_scheme(scheme);
    if (s == NULL)
        return LT_FAIL(err, LATCH_ERR_USAGE, "signature scheme 0x%04x is not supported", scheme);
    if (key->impl == NULL || !op_fits(&s->op, key->type))
        return LT_FAIL(err, LATCH_ERR_USAGE, "cannot sign %s with a %s key", s->name,
                       lt_key_type_name(key->type));
    if (!hash_allowed(&s->op, key->pss_hash))
        return LT_FAIL(err, LATCH_ERR_USAGE, "cannot sign %s with an RSA-PSS key bound to %s",
                       s->name, hash_name(key->pss_hash));
    const signers *started = key->signers;
    return do_sign(key->impl, &s->op, started != NULL ? started->by_scheme[s - schemes] : NULL,
                   s->name, msg, len, sig, cap, sig_len, err);
}

bool lt_verify(const lt_pubkey *key, uint16_t scheme, const uint8_t *msg, size_t len,
               const uint8_t *sig, size_t sig_len, lt_error *err)
{
    const scheme_info *s = find_scheme(scheme);
    if (s == NULL)
        return LT_FAIL(err, LATCH_ERR_ILLEGAL_PARAMETER,
                       "peer signed with scheme 0x%04x, which latch does not support", scheme);
    if (key->impl == NULL || !peer_op_fits(&s->op, key->type))
        return LT_FAIL(err, LATCH_ERR_ILLEGAL_PARAMETER,
                       "peer signed with %s, which does not fit its %s key", s->name,
                       lt_key_type_name(key->type));
    if (!hash_allowed(&s->op, key->pss_hash))
        return LT_FAIL(err, LATCH_ERR_ILLEGAL_PARAMETER,
                       "peer signed with %s, but its RSA-PSS key is bound to %s (RFC 4055 3.1)",
                       s->name, hash_name(key->pss_hash));
    return do_verify(key->impl, &s->op, s->name, "peer's", msg, len, sig, sig_len, err);
}

static const x509_info *x509_lookup(lt_x509_sig_alg alg, lt_key_type type, lt_hash_alg restricted,
                                    latch_err code, lt_error *err)
{
    if (alg == LT_X509_SIG_MD5_RSA || alg == LT_X509_SIG_RSA_PKCS1_SHA1 ||
        alg == LT_X509_SIG_ECDSA_SHA1) {
        LT_FAIL(err, code, "signature uses %s, which latch refuses (the hash is broken)",
                alg == LT_X509_SIG_MD5_RSA ? "MD5" : "SHA-1");
        return NULL;
    }
    const x509_info *x = find_x509(alg);
    if (x == NULL) {
        LT_FAIL(err, LATCH_ERR_UNSUPPORTED_CERTIFICATE, "signature algorithm is not supported");
        return NULL;
    }
    if (!x509_op_fits(&x->op, type)) {
        LT_FAIL(err, code, "signature algorithm %s does not fit a %s key", x->name,
                lt_key_type_name(type));
        return NULL;
    }
    if (!hash_allowed(&x->op, restricted)) {
        LT_FAIL(err, code, "signature algorithm %s does not fit an RSA-PSS key bound to %s",
                x->name, hash_name(restricted));
        return NULL;
    }
    return x;
}

bool lt_verify_x509(const lt_pubkey *key, lt_x509_sig_alg alg, const uint8_t *msg, size_t len,
                    const uint8_t *sig, size_t sig_len, lt_error *err)
{
    const x509_info *x = x509_lookup(alg, key->type, key->pss_hash, LATCH_ERR_BAD_CERTIFICATE, err);
    if (x == NULL)
        return false;
    return do_verify(key->impl, &x->op, x->name, "the", msg, len, sig, sig_len, err);
}

bool lt_sign_x509(const lt_privkey *key, lt_x509_sig_alg alg, const uint8_t *msg, size_t len,
                  uint8_t *sig, size_t cap, size_t *sig_len, lt_error *err)
{
    const x509_info *x = x509_lookup(alg, key->type, key->pss_hash, LATCH_ERR_USAGE, err);
    if (x == NULL)
        return false;
    return do_sign(key->impl, &x->op, NULL, x->name, msg, len, sig, cap, sig_len, err);
}
