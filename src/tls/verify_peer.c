#include "tls/verify_peer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/struct_size.h"
#include "x509/pem.h"

bool lt_verify_peer(latch_config *cfg, const lt_chain *chain, const char *host, lt_purpose purpose,
                    unsigned key_usage, const uint8_t *ocsp, size_t ocsp_len, bool stapled,
                    lt_path *path, lt_error *err)
{
    const lt_trust_store *trust = lt_config_trust(cfg);
    LT_ENSURE(trust != NULL, err, LATCH_ERR_MEMORY, "out of memory loading the trust store");
    if (lt_trust_count(trust) == 0) {
        LT_ENSURE(!lt_error_is_set(&cfg->trust_err), err, LATCH_ERR_UNKNOWN_CA,
                  "no trust anchors: %s", cfg->trust_err.message);
        return LT_FAIL(err, LATCH_ERR_UNKNOWN_CA, "no trust anchors are loaded");
    }
    lt_host name;
    bool has_host = host != NULL && host[0] != '\0';
    if (has_host)
        LT_GUARD(lt_host_parse(host, &name, err));
    lt_verify_params params = {
        .trust = trust,
        .host = has_host ? &name : NULL,
        .now = lt_config_now(cfg),
        .purpose = purpose,
        .profile = cfg->profile,
        .leaf_key_usage = key_usage,
        .crls = &cfg->crls,
        .ocsp = ocsp,
        .ocsp_len = ocsp_len,
        .ocsp_stapled = stapled,
        .keys = &cfg->peer_keys,
    };
    return lt_verify_chain(&params, chain, path, err);
}

latch_err latch_config_set_profile(latch_config *cfg, latch_profile profile)
{
    if (!lt_config_begin_set(cfg))
        return lt_config_result(cfg, false);
    if (profile != LATCH_PROFILE_WEBPKI && profile != LATCH_PROFILE_RFC5280)
        return lt_config_result(cfg,
                                LT_FAIL(&cfg->err, LATCH_ERR_USAGE,
                                        "profile %d is neither webpki nor rfc5280", (int)profile));
    cfg->profile = profile == LATCH_PROFILE_RFC5280 ? LT_PROFILE_RFC5280 : LT_PROFILE_WEBPKI;
    return lt_config_result(cfg, true);
}

static void describe(const lt_cert *cert, bool anchor, latch_path_cert *out)
{
    lt_name_format(&cert->subject, out->subject, sizeof(out->subject));
    lt_name_format(&cert->issuer, out->issuer, sizeof(out->issuer));
    out->not_before = cert->not_before;
    out->not_after = cert->not_after;
    switch (cert->key_type) {
    case LT_KEY_RSA:
    case LT_KEY_RSA_PSS:
        snprintf(out->key, sizeof(out->key), "%s %u", lt_key_type_name(cert->key_type),
                 cert->key_bits);
        break;
    case LT_KEY_EC_P256:
        snprintf(out->key, sizeof(out->key), "EC P-256");
        break;
    case LT_KEY_EC_P384:
        snprintf(out->key, sizeof(out->key), "EC P-384");
        break;
    default:
        snprintf(out->key, sizeof(out->key), "%s", lt_key_type_name(cert->key_type));
        break;
    }
    snprintf(out->sig_alg, sizeof(out->sig_alg), "%s", lt_x509_sig_alg_name(cert->sig_alg));
    out->trust_anchor = anchor;
}

/* The CERTIFICATE blocks of a PEM text, decoded, and parsed as a chain
 * that points into them. */
typedef struct pem_chain {
    uint8_t *der[LT_VERIFY_MAX_POOL];
    size_t der_len[LT_VERIFY_MAX_POOL];
    size_t count;
    lt_chain chain;
} pem_chain;

static void pem_chain_free(pem_chain *pc)
{
    lt_chain_free(&pc->chain);
    for (size_t i = 0; i < pc->count; i++)
        free(pc->der[i]);
    pc->count = 0;
}

/* Leaf first. */
static bool parse_pem_chain(const uint8_t *pem, size_t len, pem_chain *pc, lt_error *err)
{
    lt_pem_iter it;
    lt_pem_iter_init(&it, pem, len);
    bool ok = true;
    for (;;) {
        lt_pem_block block;
        bool found;
        ok = lt_pem_next(&it, "CERTIFICATE", &block, &found, err);
        if (!ok || !found)
            break;
        if (pc->count == LT_VERIFY_MAX_POOL) {
            lt_pem_block_free(&block);
            ok = LT_FAIL(err, LATCH_ERR_BAD_CERTIFICATE,
                         "more than %d certificates (the leaf and its untrusted pool)",
                         LT_VERIFY_MAX_POOL);
            break;
        }
        pc->der[pc->count] = block.der;
        pc->der_len[pc->count++] = block.der_len;
    }
    if (ok && pc->count == 0)
        ok = LT_FAIL(err, LATCH_ERR_DECODE, "no CERTIFICATE block found");
    return ok && lt_chain_parse_max(&pc->chain, (const uint8_t *const *)pc->der, pc->der_len,
                                    pc->count, LT_VERIFY_MAX_POOL, err);
}

/* Clears *result but for the caller's struct_size; false when that is
 * too small to write at all. */
static bool result_start(latch_verify_result *result)
{
    if (result == NULL || !lt_struct_size_ok(result->struct_size, sizeof(*result)))
        return false;
    size_t size = result->struct_size;
    memset(result, 0, sizeof(*result));
    result->struct_size = size;
    return true;
}

void lt_verify_result_set(latch_verify_result *result, const lt_path *path, const lt_error *err)
{
    bool ok = err == NULL || !lt_error_is_set(err);
    for (size_t i = 0; ok && path != NULL && i < path->len; i++)
        describe(path->certs[i], i + 1 == path->len, &result->path[i]);
    result->path_len = ok && path != NULL ? path->len : 0;
    result->code = ok ? LATCH_OK : err->code;
    snprintf(result->message, sizeof(result->message), "%s", ok ? "" : err->message);
}

/* What latch_verify_pem and latch_verify_der share once the chain is
 * parsed (ok false: it did not, and err says why). */
static latch_err verify_parsed(latch_config *cfg, bool ok, const lt_chain *chain, const char *host,
                               latch_role peer, const uint8_t *ocsp, size_t ocsp_len,
                               latch_verify_result *result, lt_error *err)
{
    lt_path path;
    if (ok) {
        lt_config_freeze(cfg);
        lt_purpose purpose = peer == LATCH_CLIENT ? LT_PURPOSE_CLIENT_AUTH : LT_PURPOSE_SERVER_AUTH;
        ok = lt_verify_peer(cfg, chain, host, purpose, 0, ocsp, ocsp_len, false, &path, err);
        const lt_trust_store *trust = lt_config_trust(cfg);
        if (trust != NULL) {
            result->anchors = lt_trust_count(trust);
            result->anchors_skipped = lt_trust_skipped(trust);
        }
    }
    lt_verify_result_set(result, ok ? &path : NULL, err);
    return result->code;
}

latch_err latch_verify_pem(latch_config *cfg, const uint8_t *pem, size_t pem_len, const char *host,
                           latch_role peer, const uint8_t *ocsp, size_t ocsp_len,
                           latch_verify_result *result)
{
    if (!result_start(result))
        return LATCH_ERR_USAGE;
    lt_error err;
    lt_error_clear(&err);
    pem_chain pc = {.count = 0, .chain = {NULL, 0}};
    bool ok;
    if (cfg == NULL || pem == NULL)
        ok = LT_FAIL(&err, LATCH_ERR_USAGE, "no config or no certificates given");
    else
        ok = parse_pem_chain(pem, pem_len, &pc, &err);
    latch_err code = verify_parsed(cfg, ok, &pc.chain, host, peer, ocsp, ocsp_len, result, &err);
    pem_chain_free(&pc);
    return code;
}

_Static_assert(LATCH_VERIFY_MAX_POOL == LT_VERIFY_MAX_POOL, "latch.h states the pool's size");

latch_err latch_verify_der(latch_config *cfg, const uint8_t *const *certs, const size_t *lens,
                           size_t count, const char *host, latch_role peer, const uint8_t *ocsp,
                           size_t ocsp_len, latch_verify_result *result)
{
    if (!result_start(result))
        return LATCH_ERR_USAGE;
    lt_error err;
    lt_error_clear(&err);
    lt_chain chain = {NULL, 0};
    bool ok;
    if (cfg == NULL || certs == NULL || lens == NULL || count == 0)
        ok = LT_FAIL(&err, LATCH_ERR_USAGE, "no config or no certificates given");
    else if (count > LT_VERIFY_MAX_POOL)
        ok = LT_FAIL(&err, LATCH_ERR_BAD_CERTIFICATE,
                     "%zu certificates given; at most %d (the leaf and its untrusted pool)", count,
                     LT_VERIFY_MAX_POOL);
    else
        ok = lt_chain_parse_max(&chain, certs, lens, count, LT_VERIFY_MAX_POOL, &err);
    latch_err code = verify_parsed(cfg, ok, &chain, host, peer, ocsp, ocsp_len, result, &err);
    lt_chain_free(&chain);
    return code;
}
