/*
 * Key exchange: ECDHE over X25519, X448, secp256r1, secp384r1, and
 * finite-field DHE over the RFC 7919 groups or parameters the server chose. Every peer
 * public value is validated before use.
 *
 * Public values use the TLS encodings: X25519 32 bytes and X448 56 bytes
 * (RFC 7748, RFC 8422 5.11), NIST
 * curves an uncompressed point 0x04||X||Y (RFC 8422 5.4), DH the value y
 * big-endian (RFC 5246 7.4.3; the server's own value is padded to the
 * length of p as RFC 7919 3 asks).
 */
#ifndef LT_CRYPTO_KEX_H
#define LT_CRYPTO_KEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"

/* TLS NamedGroup code points (RFC 8422, RFC 7919). */
typedef enum lt_group {
    LT_GROUP_SECP256R1 = 0x0017,
    LT_GROUP_SECP384R1 = 0x0018,
    LT_GROUP_X25519 = 0x001d,
    LT_GROUP_X448 = 0x001e,
    LT_GROUP_FFDHE2048 = 0x0100,
    LT_GROUP_FFDHE3072 = 0x0101,
    LT_GROUP_FFDHE4096 = 0x0102,
    LT_GROUP_FFDHE6144 = 0x0103,
    LT_GROUP_FFDHE8192 = 0x0104,
} lt_group;

#define LT_KEX_MAX_PUBLIC 1024 /* ffdhe8192 */
#define LT_KEX_MAX_SECRET 1024

bool lt_group_is_ec(uint16_t group);
/* The RFC 7919 groups latch knows. */
bool lt_group_is_ffdhe(uint16_t group);
/* RFC 7919 2: the NamedGroup range 256..511 is for FFDHE groups, known or not. */
bool lt_group_in_ffdhe_range(uint16_t group);
bool lt_group_supported(uint16_t group);
const char *lt_group_name(uint16_t group); /* "x25519", "secp256r1", "ffdhe2048", ... */

/* An RFC 7919 group's prime and generator, big-endian (static storage). */
bool lt_ffdhe_params(uint16_t group, const uint8_t **p, size_t *p_len, const uint8_t **g,
                     size_t *g_len);

typedef struct lt_kex {
    uint16_t group; /* 0 for DH with explicit parameters */
    void *impl;     /* the private key; wiped and freed by lt_kex_free */
} lt_kex;

/* Makes a key pair for a named group and writes our public value. */
bool lt_kex_generate(lt_kex *k, uint16_t group, uint8_t *pub, size_t cap, size_t *pub_len,
                     lt_error *err) LT_MUST_CHECK;

/* Makes a DH key pair for explicit parameters (a client answering a DHE
 * ServerKeyExchange). Rejects p below min_p_bits, an even p, g outside
 * 1 < g < p-1. */
bool lt_kex_generate_dh(lt_kex *k, const uint8_t *p, size_t p_len, const uint8_t *g, size_t g_len,
                        unsigned min_p_bits, uint8_t *pub, size_t cap, size_t *pub_len,
                        lt_error *err) LT_MUST_CHECK;

/* Checks the peer's public value and derives the shared secret.
 * Rejections (LATCH_ERR_ILLEGAL_PARAMETER): wrong length, a point not on
 * the curve, an X25519 result of all zeros, a DH y outside 1 < y < p-1.
 * The DH secret has its leading zero bytes stripped (RFC 5246 8.1.2). */
bool lt_kex_derive(lt_kex *k, const uint8_t *peer, size_t peer_len, uint8_t *secret, size_t cap,
                   size_t *secret_len, lt_error *err) LT_MUST_CHECK;

void lt_kex_free(lt_kex *k);

/* Makes the key pair of a known private key for X25519 or X448 (a 32- or
 * 56-byte scalar, RFC 7748 5) or a NIST curve (a big-endian scalar as long as the field),
 * and writes its public value. For known-answer tests and a deterministic
 * provider for fuzzing; a handshake uses lt_kex_generate. */
bool lt_kex_from_private(lt_kex *k, uint16_t group, const uint8_t *priv, size_t priv_len,
                         uint8_t *pub, size_t cap, size_t *pub_len, lt_error *err) LT_MUST_CHECK;

/* Checks that an RFC 7919 group's p and (p-1)/2 are both prime, a test of
 * the embedded constants (slow: seconds for ffdhe4096). */
bool lt_ffdhe_check_safe_prime(uint16_t group, lt_error *err) LT_MUST_CHECK;

#endif
