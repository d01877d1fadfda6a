/* HKDF (RFC 5869) on the keyed HMAC states of hash.h: no allocation. */
#include "crypto/hkdf.h"

#include <string.h>

#include "base/mem.h"

static bool hkdf_hash_ok(lt_hash_alg alg, lt_error *err)
{
    LT_ENSURE(alg == LT_HASH_SHA256 || alg == LT_HASH_SHA384, err, LATCH_ERR_INTERNAL,
              "HKDF is for SHA-256 and SHA-384, not %s", lt_hash_name(alg));
    return true;
}

bool lt_hkdf_extract(lt_hash_alg alg, const uint8_t *salt, size_t salt_len, const uint8_t *ikm,
                     size_t ikm_len, uint8_t *prk, lt_error *err)
{
    if (!hkdf_hash_ok(alg, err)) {
        lt_wipe(prk, lt_hash_len(alg));
        return false;
    }
    /* RFC 5869 2.2: no salt is HashLen zeros, and HMAC pads a short key
     * with zeros, so an empty key is the same key. */
    lt_hmac_keyed mac;
    lt_span part = lt_span_make(ikm, ikm_len);
    bool ok = lt_hmac_keyed_init(&mac, alg, salt, salt_len, err) &&
              lt_hmac_keyed_mac(&mac, &part, 1, prk, err);
    lt_hmac_keyed_wipe(&mac);
    if (!ok)
        lt_wipe(prk, lt_hash_len(alg));
    return ok;
}

bool lt_hkdf_expand(lt_hash_alg alg, const uint8_t *prk, size_t prk_len, const uint8_t *info,
                    size_t info_len, uint8_t *out, size_t out_len, lt_error *err)
{
    size_t hash_len = lt_hash_len(alg);
    bool ok = hkdf_hash_ok(alg, err);
    if (ok && out_len > LT_HKDF_MAX_BLOCKS * hash_len)
        ok = LT_FAIL(err, LATCH_ERR_INTERNAL,
                     "HKDF-Expand cannot give %zu bytes; HKDF-%s gives at most %zu", out_len,
                     lt_hash_name(alg), LT_HKDF_MAX_BLOCKS * hash_len);
    lt_hmac_keyed mac;
    if (!ok || !lt_hmac_keyed_init(&mac, alg, prk, prk_len, err)) {
        lt_wipe(out, out_len);
        return false;
    }
    uint8_t block[LT_HASH_MAX_LEN];
    size_t prev_len = 0;
    for (size_t done = 0, i = 1; ok && done < out_len; i++) {
        uint8_t counter = (uint8_t)i;
        /* T(i) = HMAC(PRK, T(i-1) || info || i), T(0) empty. */
        lt_span parts[3] = {lt_span_make(block, prev_len), lt_span_make(info, info_len),
                            lt_span_make(&counter, 1)};
        ok = lt_hmac_keyed_mac(&mac, parts, 3, block, err);
        size_t n = out_len - done < hash_len ? out_len - done : hash_len;
        if (ok)
            memcpy(out + done, block, n);
        done += n;
        prev_len = hash_len;
    }
    lt_wipe(block, sizeof(block));
    lt_hmac_keyed_wipe(&mac);
    if (!ok)
        lt_wipe(out, out_len);
    return ok;
}
