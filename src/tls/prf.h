/*
 * The TLS 1.2 pseudo-random function (RFC 5246 5):
 *
 *   PRF(secret, label, seed) = P_<hash>(secret, label + seed)
 *
 * with P_SHA256 or P_SHA384 as the suite says. The key schedule
 * (keysched.h) is built on it.
 */
#ifndef LT_TLS_PRF_H
#define LT_TLS_PRF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "crypto/hash.h"

/*
 * Writes out_len bytes of PRF(secret, label, seed) to out. label is ASCII
 * without its terminating NUL on the wire. hash must be LT_HASH_SHA256 or
 * LT_HASH_SHA384. On failure out is wiped.
 */
bool lt_prf(lt_hash_alg hash, const uint8_t *secret, size_t secret_len, const char *label,
            const uint8_t *seed, size_t seed_len, uint8_t *out, size_t out_len,
            lt_error *err) LT_MUST_CHECK;

/*
 * The PRF in two steps, for several calls on one secret (the master
 * secret gives the key block and both Finished values): the secret is
 * keyed into HMAC once, then each call starts from that state. Wipe mac
 * with lt_hmac_keyed_wipe when done; it fails for other hashes.
 */
bool lt_prf_key(lt_hmac_keyed *mac, lt_hash_alg hash, const uint8_t *secret, size_t secret_len,
                lt_error *err) LT_MUST_CHECK;
bool lt_prf_keyed(const lt_hmac_keyed *mac, const char *label, const uint8_t *seed, size_t seed_len,
                  uint8_t *out, size_t out_len, lt_error *err) LT_MUST_CHECK;

#endif
