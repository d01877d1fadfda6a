#include "tls/prf.h"

#include <string.h>

#include "base/mem.h"

/*
 * P_hash(secret, seed) = HMAC(secret, A(1) + seed) + HMAC(secret, A(2) + seed) + ...
 * with A(0) = seed and A(i) = HMAC(secret, A(i-1)) (RFC 5246 5). Here
 * "seed" is label + seed. The secret is keyed once for every block.
 */
static bool p_hash(const lt_hmac_keyed *mac, size_t hash_len, const char *label,
                   const uint8_t *seed, size_t seed_len, uint8_t *out, size_t out_len,
                   lt_error *err)
{
    uint8_t a[LT_HASH_MAX_LEN];
    uint8_t block[LT_HASH_MAX_LEN];
    lt_span parts[3] = {
        {a, hash_len},
        {(const uint8_t *)label, strlen(label)},
        {seed, seed_len},
    };

    bool ok = lt_hmac_keyed_mac(mac, parts + 1, 2, a, err);
    size_t done = 0;
    while (ok && done < out_len) {
        ok = lt_hmac_keyed_mac(mac, parts, 3, block, err);
        if (!ok)
            break;
        size_t n = out_len - done < hash_len ? out_len - done : hash_len;
        memcpy(out + done, block, n);
        done += n;
        if (done < out_len)
            ok = lt_hmac_keyed_mac(mac, parts, 1, a, err);
    }
    lt_wipe(a, sizeof(a));
    lt_wipe(block, sizeof(block));
    return ok;
}

bool lt_prf_key(lt_hmac_keyed *mac, lt_hash_alg hash, const uint8_t *secret, size_t secret_len,
                lt_error *err)
{
    if (hash != LT_HASH_SHA256 && hash != LT_HASH_SHA384)
        return LT_FAIL(err, LATCH_ERR_INTERNAL,
                       "the TLS 1.2 PRF is defined with SHA-256 or SHA-384 only (got hash %d)",
                       (int)hash);
    return lt_hmac_keyed_init(mac, hash, secret, secret_len, err);
}

bool lt_prf_keyed(const lt_hmac_keyed *mac, const char *label, const uint8_t *seed, size_t seed_len,
                  uint8_t *out, size_t out_len, lt_error *err)
{
    bool ok = p_hash(mac, lt_hash_len(mac->alg), label, seed, seed_len, out, out_len, err);
    if (!ok)
        lt_wipe(out, out_len);
    return ok;
}

bool lt_prf(lt_hash_alg hash, const uint8_t *secret, size_t secret_len, const char *label,
            const uint8_t *seed, size_t seed_len, uint8_t *out, size_t out_len, lt_error *err)
{
    lt_hmac_keyed mac;
    if (!lt_prf_key(&mac, hash, secret, secret_len, err)) {
        lt_wipe(out, out_len);
        return false;
    }
    bool ok = lt_prf_keyed(&mac, label, seed, seed_len, out, out_len, err);
    lt_hmac_keyed_wipe(&mac);
    return ok;
}
