#include "tls/suites13.h"

/* RFC 8446 B.4. The key and IV come from the traffic secret (7.3): the
 * whole 12-byte IV, nothing sent per record. */
static const lt_suite suites13[LT_SUITE13_COUNT] = {
    {0x1301, "TLS_AES_128_GCM_SHA256", "TLS_AES_128_GCM_SHA256", .aead = true,
     .aead_alg = LT_AEAD_AES_128_GCM, .prf_hash = LT_HASH_SHA256, .enc_key_len = 16,
     .fixed_iv_len = 12},
    {0x1302, "TLS_AES_256_GCM_SHA384", "TLS_AES_256_GCM_SHA384", .aead = true,
     .aead_alg = LT_AEAD_AES_256_GCM, .prf_hash = LT_HASH_SHA384, .enc_key_len = 32,
     .fixed_iv_len = 12},
    {0x1303, "TLS_CHACHA20_POLY1305_SHA256", "TLS_CHACHA20_POLY1305_SHA256", .aead = true,
     .aead_alg = LT_AEAD_CHACHA20_POLY1305, .prf_hash = LT_HASH_SHA256, .enc_key_len = 32,
     .fixed_iv_len = 12},
};

const lt_suite *lt_suite13_at(size_t i)
{
    return i < LT_SUITE13_COUNT ? &suites13[i] : NULL;
}

const lt_suite *lt_suite13_by_code(uint16_t code)
{
    for (size_t i = 0; i < LT_SUITE13_COUNT; i++)
        if (suites13[i].code == code)
            return &suites13[i];
    return NULL;
}
