/* TLS 1.3 record protection (record13.h). Not yet filled in. */
#include "tls/record13.h"

bool lt_record_set_tls13(lt_record_layer *rl, lt_record_direction dir, lt_hash_alg hash,
                         lt_aead_alg aead, const uint8_t *secret, lt_error *err)
{
    (void)rl;
    (void)dir;
    (void)hash;
    (void)aead;
    (void)secret;
    return LT_FAIL(err, LATCH_ERR_INTERNAL, "TLS 1.3 record protection is not built yet");
}

bool lt_record_tls13_update(lt_record_layer *rl, lt_record_direction dir, lt_error *err)
{
    (void)rl;
    (void)dir;
    return LT_FAIL(err, LATCH_ERR_INTERNAL, "TLS 1.3 KeyUpdate is not built yet");
}

bool lt_record_is_tls13(const lt_record_layer *rl, lt_record_direction dir)
{
    (void)rl;
    (void)dir;
    return false;
}

bool lt_record_needs_key_update(const lt_record_layer *rl, lt_record_direction dir)
{
    (void)rl;
    (void)dir;
    return false;
}
