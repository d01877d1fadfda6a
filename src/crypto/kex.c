/* Key exchange over X25519, X448 and the NIST curves, and the group
 * table. The finite-field groups live in ffdhe.c. */
#include "crypto/kex.h"

#include "base/mem.h"
#include "crypto/kex_impl.h"
#include "crypto/ossl.h"
#include "crypto/random.h"

#include <openssl/core_names.h>
#include <openssl/dh.h>
#include <openssl/ec.h>
#include <openssl/obj_mac.h>
#include <openssl/param_build.h>
#include <stdlib.h>

/* X25519 and X448 (RFC 7748): the Montgomery curves, whose keys and
 * public values are plain byte strings. */
static bool is_xdh(uint16_t group)
{
    return group == LT_GROUP_X25519 || group == LT_GROUP_X448;
}

static size_t xdh_len(uint16_t group)
{
    return group == LT_GROUP_X25519 ? 32 : 56;
}

bool lt_group_is_ec(uint16_t group)
{
    return is_xdh(group) || group == LT_GROUP_SECP256R1 || group == LT_GROUP_SECP384R1;
}

bool lt_group_is_ffdhe(uint16_t group)
{
    return group >= LT_GROUP_FFDHE2048 && group <= LT_GROUP_FFDHE8192;
}

bool lt_group_in_ffdhe_range(uint16_t group)
{
    return group >= 0x0100 && group <= 0x01ff;
}

bool lt_group_supported(uint16_t group)
{
    return lt_group_is_ec(group) || lt_group_is_ffdhe(group);
}

const char *lt_group_name(uint16_t group)
{
    switch (group) {
    case LT_GROUP_SECP256R1:
        return "secp256r1";
    case LT_GROUP_SECP384R1:
        return "secp384r1";
    case LT_GROUP_X25519:
        return "x25519";
    case LT_GROUP_X448:
        return "x448";
    case LT_GROUP_FFDHE2048:
        return "ffdhe2048";
    case LT_GROUP_FFDHE3072:
        return "ffdhe3072";
    case LT_GROUP_FFDHE4096:
        return "ffdhe4096";
    case LT_GROUP_FFDHE6144:
        return "ffdhe6144";
    case LT_GROUP_FFDHE8192:
        return "ffdhe8192";
    }
    return "unknown group";
}

/* The size of a NIST curve's field in bytes, and its libcrypto names. */
static size_t nist_field_len(uint16_t group)
{
    return group == LT_GROUP_SECP256R1 ? 32 : 48;
}

static const char *nist_ossl_name(uint16_t group)
{
    return group == LT_GROUP_SECP256R1 ? "P-256" : "P-384";
}

static int nist_nid(uint16_t group)
{
    return group == LT_GROUP_SECP256R1 ? NID_X9_62_prime256v1 : NID_secp384r1;
}

/* A NIST-curve key pair from a context on the shared parameters-only key:
 * EVP_PKEY_Q_keygen builds the group by name each time (0.31 M
 * instructions for P-256, against 0.18 M this way). A keygen context
 * changes as it runs, so each call has its own; EVP_PKEY_CTX_dup cannot
 * copy one in OpenSSL 3.0. Not in fuzz builds, whose keys must come
 * from lt_random's fixed stream. */
#ifndef LATCH_FUZZ_DETERMINISTIC
static EVP_PKEY *nist_generate(uint16_t group)
{
    lt_key_type curve = group == LT_GROUP_SECP256R1 ? LT_KEY_EC_P256 : LT_KEY_EC_P384;
    EVP_PKEY *params = lt_ossl_curve(curve), *pkey = NULL;
    EVP_PKEY_CTX *ctx = params != NULL ? EVP_PKEY_CTX_new_from_pkey(NULL, params, NULL) : NULL;
    if (ctx == NULL || EVP_PKEY_keygen_init(ctx) <= 0 || EVP_PKEY_generate(ctx, &pkey) <= 0)
        pkey = NULL;
    EVP_PKEY_CTX_free(ctx);
    return pkey;
}
#endif

static bool take_key(lt_kex *k, uint16_t group, EVP_PKEY *pkey, uint8_t *pub, size_t cap,
                     size_t *pub_len, lt_error *err)
{
    lt_kex_state *st = calloc(1, sizeof(*st));
    if (st == NULL) {
        EVP_PKEY_free(pkey);
        return LT_FAIL(err, LATCH_ERR_MEMORY, "out of memory for a %s key", lt_group_name(group));
    }
    st->pkey = pkey;
    k->group = group;
    k->impl = st;
    /* X25519 and X448 give their raw bytes, the NIST curves 0x04||X||Y. */
    if (!EVP_PKEY_get_octet_string_param(pkey, OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, pub, cap,
                                         pub_len)) {
        lt_kex_free(k);
        return LT_OSSL_FAIL(err, LATCH_ERR_INTERNAL, "could not encode our %s public value",
                            lt_group_name(group));
    }
    return true;
}

/* A key pair whose private key is drawn from lt_random, so that the fuzz
 * build's fixed stream fixes it: always for X25519 and X448, whose private
 * key is any 32 or 56 bytes (RFC 7748 5 clamps them), and in fuzz builds for the NIST
 * curves, whose scalar has its top bit cleared to put it below the group
 * order (elsewhere nist_generate is faster). */
static bool generate_from_random(lt_kex *k, uint16_t group, uint8_t *pub, size_t cap,
                                 size_t *pub_len, lt_error *err)
{
    uint8_t priv[56];
    size_t len = is_xdh(group) ? xdh_len(group) : nist_field_len(group);
    bool ok = lt_random(priv, len, err);
    if (!is_xdh(group))
        priv[0] &= 0x7f;
    ok = ok && lt_kex_from_private(k, group, priv, len, pub, cap, pub_len, err);
    lt_wipe(priv, sizeof(priv));
    return ok;
}

bool lt_kex_generate(lt_kex *k, uint16_t group, uint8_t *pub, size_t cap, size_t *pub_len,
                     lt_error *err)
{
    k->group = group;
    k->impl = NULL;
    if (lt_group_is_ffdhe(group)) {
        const uint8_t *p_bytes, *g_bytes;
        size_t p_len, g_len;
        if (!lt_ffdhe_params(group, &p_bytes, &p_len, &g_bytes, &g_len))
            return LT_FAIL(err, LATCH_ERR_INTERNAL, "no parameters for %s", lt_group_name(group));
        BIGNUM *p = BN_bin2bn(p_bytes, (int)p_len, NULL);
        BIGNUM *g = BN_bin2bn(g_bytes, (int)g_len, NULL);
        bool ok = p != NULL && g != NULL ? lt_dh_generate(k, p, g, pub, cap, pub_len, err)
                                         : LT_FAIL(err, LATCH_ERR_MEMORY, "out of memory for %s",
                                                   lt_group_name(group));
        BN_free(p);
        BN_free(g);
        k->group = group;
        return ok;
    }
    if (is_xdh(group))
        return generate_from_random(k, group, pub, cap, pub_len, err);
    if (group != LT_GROUP_SECP256R1 && group != LT_GROUP_SECP384R1)
        return LT_FAIL(err, LATCH_ERR_INTERNAL, "key exchange group 0x%04x is not supported",
                       group);
#ifdef LATCH_FUZZ_DETERMINISTIC
    return generate_from_random(k, group, pub, cap, pub_len, err);
#else
    EVP_PKEY *pkey = nist_generate(group);
    if (pkey == NULL)
        return LT_OSSL_FAIL(err, LATCH_ERR_INTERNAL, "could not generate a %s key pair",
                            lt_group_name(group));
    return take_key(k, group, pkey, pub, cap, pub_len, err);
#endif
}

/* An X25519 or X448 key from its bytes: our key pair from the private key
 * (libcrypto computes the public half) or the peer's public value,
 * through the shared import context. */
static EVP_PKEY *xdh_load(uint16_t group, const uint8_t *bytes, bool private_key)
{
    EVP_PKEY_CTX *ctx = lt_ossl_xdh_import(group == LT_GROUP_X448);
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_octet_string(private_key ? OSSL_PKEY_PARAM_PRIV_KEY
                                                      : OSSL_PKEY_PARAM_PUB_KEY,
                                          (void *)bytes, xdh_len(group)),
        OSSL_PARAM_construct_end(),
    };
    EVP_PKEY *pkey = NULL;
    int selection = private_key ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY;
    if (ctx == NULL || EVP_PKEY_fromdata(ctx, &pkey, selection, params) <= 0)
        return NULL;
    return pkey;
}

/* The NIST-curve key pair of a known scalar d: Q = d*G, then both halves. */
static EVP_PKEY *nist_from_private(uint16_t group, const uint8_t *priv, size_t priv_len,
                                   lt_error *err)
{
    EVP_PKEY *pkey = NULL;
    EVP_PKEY_CTX *ctx = NULL;
    OSSL_PARAM_BLD *bld = NULL;
    OSSL_PARAM *params = NULL;
    EC_POINT *q = NULL;
    uint8_t q_bytes[1 + 2 * 48];
    EC_GROUP *ec = EC_GROUP_new_by_curve_name_ex(NULL, NULL, nist_nid(group));
    BIGNUM *d = BN_secure_new();
    if (ec == NULL || d == NULL || BN_bin2bn(priv, (int)priv_len, d) == NULL) {
        LT_OSSL_FAIL(err, LATCH_ERR_INTERNAL, "could not set up %s", lt_group_name(group));
        goto done;
    }
    if (priv_len != nist_field_len(group) || BN_is_zero(d) ||
        BN_cmp(d, EC_GROUP_get0_order(ec)) >= 0) {
        LT_FAIL(err, LATCH_ERR_USAGE, "a %s private key must be a %zu-byte scalar below the order",
                lt_group_name(group), nist_field_len(group));
        goto done;
    }
    q = EC_POINT_new(ec);
    size_t q_len = 0;
    if (q == NULL || !EC_POINT_mul(ec, q, d, NULL, NULL, NULL) ||
        (q_len = EC_POINT_point2oct(ec, q, POINT_CONVERSION_UNCOMPRESSED, q_bytes, sizeof(q_bytes),
                                    NULL)) == 0) {
        LT_OSSL_FAIL(err, LATCH_ERR_INTERNAL, "could not compute a %s public key",
                     lt_group_name(group));
        goto done;
    }
    bld = OSSL_PARAM_BLD_new();
    if (bld == NULL ||
        !OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, nist_ossl_name(group),
                                         0) ||
        !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_PRIV_KEY, d) ||
        !OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, q_bytes, q_len) ||
        (params = OSSL_PARAM_BLD_to_param(bld)) == NULL ||
        (ctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL)) == NULL ||
        EVP_PKEY_fromdata_init(ctx) <= 0 ||
        EVP_PKEY_fromdata(ctx, &pkey, EVP_PKEY_KEYPAIR, params) <= 0) {
        LT_OSSL_FAIL(err, LATCH_ERR_INTERNAL, "could not build a %s key pair",
                     lt_group_name(group));
        pkey = NULL;
    }
done:
    OSSL_PARAM_free(params); /* OSSL_PARAM_BLD_to_param copies d into secure memory */
    OSSL_PARAM_BLD_free(bld);
    EVP_PKEY_CTX_free(ctx);
    EC_POINT_free(q);
    BN_clear_free(d);
    EC_GROUP_free(ec);
    return pkey;
}

bool lt_kex_from_private(lt_kex *k, uint16_t group, const uint8_t *priv, size_t priv_len,
                         uint8_t *pub, size_t cap, size_t *pub_len, lt_error *err)
{
    k->group = group;
    k->impl = NULL;
    EVP_PKEY *pkey;
    if (is_xdh(group)) {
        if (priv_len != xdh_len(group))
            return LT_FAIL(err, LATCH_ERR_USAGE, "an %s private key is %zu bytes, not %zu",
                           lt_group_name(group), xdh_len(group), priv_len);
        pkey = xdh_load(group, priv, true);
        if (pkey == NULL)
            return LT_OSSL_FAIL(err, LATCH_ERR_INTERNAL, "could not load an %s private key",
                                lt_group_name(group));
    } else if (group == LT_GROUP_SECP256R1 || group == LT_GROUP_SECP384R1) {
        pkey = nist_from_private(group, priv, priv_len, err);
        if (pkey == NULL)
            return false;
    } else {
        return LT_FAIL(err, LATCH_ERR_USAGE, "no known-key support for group %s",
                       lt_group_name(group));
    }
    return take_key(k, group, pkey, pub, cap, pub_len, err);
}

bool lt_kex_run_derive(lt_kex *k, EVP_PKEY *peer, uint8_t *out, size_t out_len, lt_error *err)
{
    lt_kex_state *st = k->impl;
    const char *name = k->group != 0 ? lt_group_name(k->group) : "DH";
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_pkey(NULL, st->pkey, NULL);
    if (ctx == NULL || EVP_PKEY_derive_init(ctx) <= 0 ||
        (st->p != NULL && EVP_PKEY_CTX_set_dh_pad(ctx, 1) <= 0)) {
        EVP_PKEY_CTX_free(ctx);
        return LT_OSSL_FAIL(err, LATCH_ERR_INTERNAL, "could not start a %s derivation", name);
    }
    /* Validating the peer checks a NIST point is on the curve and in the
     * group, and a DH y of a named group is in the prime-order subgroup.
     * X25519 and X448 have nothing to check (RFC 7748 5: every 32 or 56
     * bytes are a valid input; libcrypto's check only asks that a public
     * key is present), and skipping it saves a context and a name-map
     * walk; a low-order point is caught below by its all-zero result. */
    if (EVP_PKEY_derive_set_peer_ex(ctx, peer, !is_xdh(k->group)) <= 0) {
        EVP_PKEY_CTX_free(ctx);
        return LT_OSSL_FAIL(err, LATCH_ERR_ILLEGAL_PARAMETER,
                            "peer's %s public value failed validation", name);
    }
    size_t n = out_len;
    int rc = EVP_PKEY_derive(ctx, out, &n);
    EVP_PKEY_CTX_free(ctx);
    if (rc <= 0 || n != out_len) {
        lt_wipe(out, out_len);
        /* libcrypto refuses an all-zero X25519 or X448 result (RFC 7748
         * 6: the peer sent a low-order point); nothing else fails here. */
        if (is_xdh(k->group))
            return LT_OSSL_FAIL(err, LATCH_ERR_ILLEGAL_PARAMETER,
                                "peer's %s public value is a low-order point "
                                "(the shared secret would be all zeros)",
                                name);
        return LT_OSSL_FAIL(err, LATCH_ERR_INTERNAL, "%s derivation failed", name);
    }
    return true;
}

static bool ec_derive(lt_kex *k, const uint8_t *peer, size_t peer_len, uint8_t *secret, size_t cap,
                      size_t *secret_len, lt_error *err)
{
    lt_kex_state *st = k->impl;
    const char *name = lt_group_name(k->group);
    size_t want_peer, out_len;
    if (is_xdh(k->group)) {
        want_peer = out_len = xdh_len(k->group);
    } else {
        out_len = nist_field_len(k->group);
        want_peer = 1 + 2 * out_len;
    }
    if (peer_len != want_peer)
        return LT_FAIL(err, LATCH_ERR_ILLEGAL_PARAMETER,
                       "peer's %s public value is %zu bytes, not %zu", name, peer_len, want_peer);
    /* RFC 8422 5.4.1: only the uncompressed form is used. */
    if (!is_xdh(k->group) && peer[0] != 0x04)
        return LT_FAIL(err, LATCH_ERR_ILLEGAL_PARAMETER,
                       "peer's %s point is not in uncompressed form", name);
    if (cap < out_len)
        return LT_FAIL(err, LATCH_ERR_INTERNAL, "%s secret needs %zu bytes, buffer has %zu", name,
                       out_len, cap);

    EVP_PKEY *pk = NULL;
    if (is_xdh(k->group)) {
        pk = xdh_load(k->group, peer, false);
        if (pk == NULL)
            return LT_OSSL_FAIL(err, LATCH_ERR_INTERNAL, "could not load the peer's %s key", name);
    } else {
        pk = EVP_PKEY_new();
        if (pk == NULL || !EVP_PKEY_copy_parameters(pk, st->pkey)) {
            EVP_PKEY_free(pk);
            return LT_OSSL_FAIL(err, LATCH_ERR_INTERNAL, "could not set up a %s peer key", name);
        }
        if (!EVP_PKEY_set1_encoded_public_key(pk, peer, peer_len)) {
            EVP_PKEY_free(pk);
            return LT_OSSL_FAIL(err, LATCH_ERR_ILLEGAL_PARAMETER,
                                "peer's %s public value is not a point on the curve", name);
        }
    }
    bool ok = lt_kex_run_derive(k, pk, secret, out_len, err);
    EVP_PKEY_free(pk);
    if (ok)
        *secret_len = out_len;
    return ok;
}

bool lt_kex_derive(lt_kex *k, const uint8_t *peer, size_t peer_len, uint8_t *secret, size_t cap,
                   size_t *secret_len, lt_error *err)
{
    if (k->impl == NULL)
        return LT_FAIL(err, LATCH_ERR_INTERNAL, "key exchange has no key pair");
    lt_kex_state *st = k->impl;
    if (st->p != NULL)
        return lt_dh_derive(k, peer, peer_len, secret, cap, secret_len, err);
    return ec_derive(k, peer, peer_len, secret, cap, secret_len, err);
}

void lt_kex_free(lt_kex *k)
{
    lt_kex_state *st = k->impl;
    if (st != NULL) {
        /* EVP_PKEY_free clears the private key: BN_clear_free for EC and DH,
         * a cleansing free for X25519. */
        EVP_PKEY_free(st->pkey);
        BN_free(st->p);
        free(st);
    }
    k->impl = NULL;
}
