#include "tls/suites.h"

#include <string.h>

/*
 * The bulk part of each suite. GCM: 4-byte salt from the key block and an
 * 8-byte explicit nonce per record (RFC 5288 3). ChaCha20-Poly1305: the
 * whole 12-byte nonce mask from the key block, nothing per record (RFC
 * 7905 2). CBC: no IV from the key block in TLS 1.2; each record carries
 * its own 16-byte IV (RFC 5246 6.2.3.2).
 */
#define AES_128_GCM                                                                                \
    .aead = true, .aead_alg = LT_AEAD_AES_128_GCM, .enc_key_len = 16, .fixed_iv_len = 4,           \
    .record_iv_len = 8
#define AES_256_GCM                                                                                \
    .aead = true, .aead_alg = LT_AEAD_AES_256_GCM, .enc_key_len = 32, .fixed_iv_len = 4,           \
    .record_iv_len = 8
#define CHACHA20_POLY1305                                                                          \
    .aead = true, .aead_alg = LT_AEAD_CHACHA20_POLY1305, .enc_key_len = 32, .fixed_iv_len = 12,    \
    .record_iv_len = 0
#define AES_128_CBC .cbc_alg = LT_CBC_AES_128, .enc_key_len = 16, .record_iv_len = 16
#define AES_256_CBC .cbc_alg = LT_CBC_AES_256, .enc_key_len = 32, .record_iv_len = 16

/* The record MAC of a CBC suite; its key is as long as the hash output (RFC 5246 6.3). */
#define MAC_SHA1 .mac_hash = LT_HASH_SHA1, .mac_key_len = 20
#define MAC_SHA256 .mac_hash = LT_HASH_SHA256, .mac_key_len = 32
#define MAC_SHA384 .mac_hash = LT_HASH_SHA384, .mac_key_len = 48

/*
 * Every TLS 1.2 suite uses the SHA-256 PRF unless its name ends in SHA384
 * (RFC 5246 5, RFC 5288 3, RFC 5289 3.2), including the _SHA (HMAC-SHA1)
 * CBC suites. Code points from the IANA TLS Cipher Suites registry.
 */
static const lt_suite suite_table[] = {
    /* ECDHE with ECDSA: RFC 5289, RFC 7905, RFC 8422 */
    {0xc02b, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "ECDHE-ECDSA-AES128-GCM-SHA256",
     LT_KX_ECDHE, LT_AUTH_ECDSA, AES_128_GCM, .prf_hash = LT_HASH_SHA256},
    {0xc02c, "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "ECDHE-ECDSA-AES256-GCM-SHA384",
     LT_KX_ECDHE, LT_AUTH_ECDSA, AES_256_GCM, .prf_hash = LT_HASH_SHA384},
    {0xcca9, "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "ECDHE-ECDSA-CHACHA20-POLY1305",
     LT_KX_ECDHE, LT_AUTH_ECDSA, CHACHA20_POLY1305, .prf_hash = LT_HASH_SHA256},
    {0xc009, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", "ECDHE-ECDSA-AES128-SHA", LT_KX_ECDHE,
     LT_AUTH_ECDSA, AES_128_CBC, MAC_SHA1, .prf_hash = LT_HASH_SHA256},
    {0xc00a, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA", "ECDHE-ECDSA-AES256-SHA", LT_KX_ECDHE,
     LT_AUTH_ECDSA, AES_256_CBC, MAC_SHA1, .prf_hash = LT_HASH_SHA256},
    {0xc023, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", "ECDHE-ECDSA-AES128-SHA256", LT_KX_ECDHE,
     LT_AUTH_ECDSA, AES_128_CBC, MAC_SHA256, .prf_hash = LT_HASH_SHA256},
    {0xc024, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384", "ECDHE-ECDSA-AES256-SHA384", LT_KX_ECDHE,
     LT_AUTH_ECDSA, AES_256_CBC, MAC_SHA384, .prf_hash = LT_HASH_SHA384},

    /* ECDHE with RSA: RFC 5289, RFC 7905, RFC 8422 */
    {0xc02f, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "ECDHE-RSA-AES128-GCM-SHA256", LT_KX_ECDHE,
     LT_AUTH_RSA, AES_128_GCM, .prf_hash = LT_HASH_SHA256},
    {0xc030, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "ECDHE-RSA-AES256-GCM-SHA384", LT_KX_ECDHE,
     LT_AUTH_RSA, AES_256_GCM, .prf_hash = LT_HASH_SHA384},
    {0xcca8, "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "ECDHE-RSA-CHACHA20-POLY1305",
     LT_KX_ECDHE, LT_AUTH_RSA, CHACHA20_POLY1305, .prf_hash = LT_HASH_SHA256},
    {0xc013, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", "ECDHE-RSA-AES128-SHA", LT_KX_ECDHE, LT_AUTH_RSA,
     AES_128_CBC, MAC_SHA1, .prf_hash = LT_HASH_SHA256},
    {0xc014, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA", "ECDHE-RSA-AES256-SHA", LT_KX_ECDHE, LT_AUTH_RSA,
     AES_256_CBC, MAC_SHA1, .prf_hash = LT_HASH_SHA256},
    {0xc027, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", "ECDHE-RSA-AES128-SHA256", LT_KX_ECDHE,
     LT_AUTH_RSA, AES_128_CBC, MAC_SHA256, .prf_hash = LT_HASH_SHA256},
    {0xc028, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384", "ECDHE-RSA-AES256-SHA384", LT_KX_ECDHE,
     LT_AUTH_RSA, AES_256_CBC, MAC_SHA384, .prf_hash = LT_HASH_SHA384},

    /* DHE with RSA: RFC 5288, RFC 7905 */
    {0x009e, "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", "DHE-RSA-AES128-GCM-SHA256", LT_KX_DHE,
     LT_AUTH_RSA, AES_128_GCM, .prf_hash = LT_HASH_SHA256},
    {0x009f, "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384", "DHE-RSA-AES256-GCM-SHA384", LT_KX_DHE,
     LT_AUTH_RSA, AES_256_GCM, .prf_hash = LT_HASH_SHA384},
    {0xccaa, "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "DHE-RSA-CHACHA20-POLY1305", LT_KX_DHE,
     LT_AUTH_RSA, CHACHA20_POLY1305, .prf_hash = LT_HASH_SHA256},
    /* DHE with RSA and CBC: RFC 5246 appendix A.5 */
    {0x0033, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA", "DHE-RSA-AES128-SHA", LT_KX_DHE, LT_AUTH_RSA,
     AES_128_CBC, MAC_SHA1, .prf_hash = LT_HASH_SHA256},
    {0x0039, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA", "DHE-RSA-AES256-SHA", LT_KX_DHE, LT_AUTH_RSA,
     AES_256_CBC, MAC_SHA1, .prf_hash = LT_HASH_SHA256},
    {0x0067, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA256", "DHE-RSA-AES128-SHA256", LT_KX_DHE, LT_AUTH_RSA,
     AES_128_CBC, MAC_SHA256, .prf_hash = LT_HASH_SHA256},
    {0x006b, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA256", "DHE-RSA-AES256-SHA256", LT_KX_DHE, LT_AUTH_RSA,
     AES_256_CBC, MAC_SHA256, .prf_hash = LT_HASH_SHA256},

    /* RSA key transport: RFC 5288, RFC 5246 appendix A.5 */
    {0x009c, "TLS_RSA_WITH_AES_128_GCM_SHA256", "AES128-GCM-SHA256", LT_KX_RSA, LT_AUTH_RSA,
     AES_128_GCM, .prf_hash = LT_HASH_SHA256},
    {0x009d, "TLS_RSA_WITH_AES_256_GCM_SHA384", "AES256-GCM-SHA384", LT_KX_RSA, LT_AUTH_RSA,
     AES_256_GCM, .prf_hash = LT_HASH_SHA384},
    {0x002f, "TLS_RSA_WITH_AES_128_CBC_SHA", "AES128-SHA", LT_KX_RSA, LT_AUTH_RSA, AES_128_CBC,
     MAC_SHA1, .prf_hash = LT_HASH_SHA256},
    {0x003c, "TLS_RSA_WITH_AES_128_CBC_SHA256", "AES128-SHA256", LT_KX_RSA, LT_AUTH_RSA,
     AES_128_CBC, MAC_SHA256, .prf_hash = LT_HASH_SHA256},
    {0x0035, "TLS_RSA_WITH_AES_256_CBC_SHA", "AES256-SHA", LT_KX_RSA, LT_AUTH_RSA, AES_256_CBC,
     MAC_SHA1, .prf_hash = LT_HASH_SHA256},
    {0x003d, "TLS_RSA_WITH_AES_256_CBC_SHA256", "AES256-SHA256", LT_KX_RSA, LT_AUTH_RSA,
     AES_256_CBC, MAC_SHA256, .prf_hash = LT_HASH_SHA256},
};

_Static_assert(sizeof(suite_table) / sizeof(suite_table[0]) == LT_SUITE_COUNT,
               "LT_SUITE_COUNT must match the table");

/*
 * DEFAULT, in preference order (the order of Mozilla's "intermediate"
 * server configuration):
 * - only forward-secret key exchange (ECDHE, then DHE) and only AEADs: no
 *   RSA key transport (no forward secrecy, Bleichenbacher oracles) and no
 *   CBC (MAC-then-encrypt invites padding oracles such as Lucky Thirteen);
 * - ECDHE before DHE: cheaper, and its groups are negotiated properly;
 * - AES-GCM before ChaCha20-Poly1305: most machines that run servers have
 *   AES and carry-less multiply instructions, which make AES-GCM the
 *   faster and constant-time choice; ChaCha20 stays for peers without
 *   them, which put it first in their own lists;
 * - AES-128 before AES-256: faster, with ample margin for TLS 1.2 keys.
 */
static const uint16_t default_codes[] = {
    0xc02b, /* ECDHE-ECDSA-AES128-GCM-SHA256 */
    0xc02f, /* ECDHE-RSA-AES128-GCM-SHA256 */
    0xc02c, /* ECDHE-ECDSA-AES256-GCM-SHA384 */
    0xc030, /* ECDHE-RSA-AES256-GCM-SHA384 */
    0xcca9, /* ECDHE-ECDSA-CHACHA20-POLY1305 */
    0xcca8, /* ECDHE-RSA-CHACHA20-POLY1305 */
    0x009e, /* DHE-RSA-AES128-GCM-SHA256 */
    0x009f, /* DHE-RSA-AES256-GCM-SHA384 */
    0xccaa, /* DHE-RSA-CHACHA20-POLY1305 */
};

size_t lt_suite_count(void)
{
    return LT_SUITE_COUNT;
}

const lt_suite *lt_suite_at(size_t i)
{
    return i < LT_SUITE_COUNT ? &suite_table[i] : NULL;
}

const lt_suite *lt_suite_by_code(uint16_t code)
{
    for (size_t i = 0; i < LT_SUITE_COUNT; i++) {
        if (suite_table[i].code == code)
            return &suite_table[i];
    }
    return NULL;
}

static bool name_is(const char *name, const char *text, size_t len)
{
    return strlen(name) == len && memcmp(name, text, len) == 0;
}

static const lt_suite *suite_by_name_n(const char *text, size_t len)
{
    for (size_t i = 0; i < LT_SUITE_COUNT; i++) {
        const lt_suite *s = &suite_table[i];
        if (name_is(s->iana_name, text, len) || name_is(s->openssl_name, text, len))
            return s;
    }
    return NULL;
}

const lt_suite *lt_suite_by_name(const char *name)
{
    return suite_by_name_n(name, strlen(name));
}

bool lt_suite_list_has(const lt_suite_list *list, uint16_t code)
{
    for (size_t i = 0; i < list->len; i++) {
        if (list->suites[i]->code == code)
            return true;
    }
    return false;
}

static void list_add(lt_suite_list *list, const lt_suite *s)
{
    if (!lt_suite_list_has(list, s->code))
        list->suites[list->len++] = s;
}

bool lt_suite_list_parse(const char *text, lt_suite_list *out, lt_error *err)
{
    LT_ENSURE(text[0] != '\0', err, LATCH_ERR_CONFIG, "cipher list is empty");
    lt_suite_list list = {.len = 0};
    const char *p = text;
    for (;;) {
        const char *colon = strchr(p, ':');
        size_t len = colon != NULL ? (size_t)(colon - p) : strlen(p);
        LT_ENSURE(len > 0, err, LATCH_ERR_CONFIG, "cipher list \"%.64s\" has an empty entry", text);
        if (name_is("ALL", p, len)) {
            for (size_t i = 0; i < LT_SUITE_COUNT; i++)
                list_add(&list, &suite_table[i]);
        } else if (name_is("DEFAULT", p, len)) {
            for (size_t i = 0; i < sizeof(default_codes) / sizeof(default_codes[0]); i++)
                list_add(&list, lt_suite_by_code(default_codes[i]));
        } else {
            const lt_suite *s = suite_by_name_n(p, len);
            LT_ENSURE(s != NULL, err, LATCH_ERR_CONFIG,
                      "unknown cipher suite \"%.*s\" in cipher list", (int)(len < 80 ? len : 80),
                      p);
            list_add(&list, s);
        }
        if (colon == NULL)
            break;
        p = colon + 1;
    }
    *out = list;
    return true;
}
