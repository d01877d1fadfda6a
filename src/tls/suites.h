/*
 * The TLS 1.2 cipher suites latch speaks, as a table of data: what each
 * suite's code point means for the key exchange, the signature, the
 * record protection and the key schedule. Nothing else in the library
 * hard-codes a suite's properties; it looks them up here.
 */
#ifndef LT_TLS_SUITES_H
#define LT_TLS_SUITES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "crypto/cipher.h"
#include "crypto/hash.h"
#include "tls/msg_common.h"

/* Signalling values that travel in the cipher_suites list but are not suites. */
#define LT_TLS_EMPTY_RENEGOTIATION_INFO_SCSV 0x00ff /* RFC 5746 3.3 */
#define LT_TLS_FALLBACK_SCSV 0x5600                 /* RFC 7507 6 */

typedef enum lt_kx {
    LT_KX_ECDHE = 1,
    LT_KX_DHE,
    LT_KX_RSA, /* the client encrypts the pre-master secret to the server's key */
} lt_kx;

typedef enum lt_auth {
    LT_AUTH_ECDSA = 1,
    LT_AUTH_RSA,
} lt_auth;

typedef struct lt_suite {
    uint16_t code;
    const char *iana_name;    /* TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 */
    const char *openssl_name; /* ECDHE-ECDSA-AES128-GCM-SHA256 */
    lt_kx kx;
    lt_auth auth;
    bool aead;
    lt_aead_alg aead_alg; /* when aead, else 0 */
    lt_cbc_alg cbc_alg;   /* when !aead, else 0 */
    lt_hash_alg mac_hash; /* the record HMAC of a CBC suite, else 0 */
    lt_hash_alg prf_hash; /* the PRF's and the Finished transcript's hash */
    uint8_t mac_key_len;  /* 0 for AEAD suites */
    uint8_t enc_key_len;
    uint8_t fixed_iv_len;  /* taken from the key block: 4 for GCM, 12 for ChaCha20, 0 for CBC */
    uint8_t record_iv_len; /* sent in each record: 8 for GCM, 0 for ChaCha20, 16 for CBC */
} lt_suite;

/* The number of suites in the table; no list can hold more. */
#define LT_SUITE_COUNT 27

size_t lt_suite_count(void);
/* The i-th suite of the table (i < lt_suite_count()), in the order of "ALL". */
const lt_suite *lt_suite_at(size_t i);
/* NULL when the code is not a suite latch knows. */
const lt_suite *lt_suite_by_code(uint16_t code);
/* Looks up an IANA or OpenSSL-style name (exact, case-sensitive); NULL if unknown. */
const lt_suite *lt_suite_by_name(const char *name);

/* An ordered list of distinct suites, e.g. what a config offers. */
typedef struct lt_suite_list {
    const lt_suite *suites[LT_SUITE_COUNT];
    size_t len;
} lt_suite_list;

/*
 * Parses a colon-separated list of suite names (either spelling) and the
 * words DEFAULT and ALL, in order, dropping repeats. Fails with
 * LATCH_ERR_CONFIG naming the first unknown entry, or on an empty list or
 * entry; *out is written only on success.
 */
bool lt_suite_list_parse(const char *text, lt_suite_list *out, lt_error *err) LT_MUST_CHECK;

/* The key-exchange message format of a suite's key exchange. */
static inline lt_msg_kex lt_suite_kex_kind(const lt_suite *suite)
{
    return suite->kx == LT_KX_RSA   ? LT_MSG_KEX_RSA
           : suite->kx == LT_KX_DHE ? LT_MSG_KEX_DHE
                                    : LT_MSG_KEX_ECDHE;
}

/* True when the list holds the suite with this code. */
bool lt_suite_list_has(const lt_suite_list *list, uint16_t code);

#endif
