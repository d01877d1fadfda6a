/*
 * What both roles of TLS 1.3 resumption compute (resume13.h): the
 * resumption master secret and a PSK binder.
 */
#include <string.h>

#include "base/mem.h"
#include "tls/resume13.h"

bool lt_resume13_master(latch_conn *c)
{
    uint8_t th[LT_HASH_MAX_LEN];
    size_t th_len;
    LT_GUARD(lt_hs_transcript_hash(c, th, &th_len));
    return lt_ks13_resumption(&c->hs->t13.ks, th, th_len, c->res_master13, &c->err);
}

/* The transcript hash the binder signs: what the transcript holds so far,
 * then the truncated ClientHello. */
static bool binder_hash(latch_conn *c, lt_hash_alg alg, const uint8_t *trunc, size_t len,
                        uint8_t *out)
{
    lt_handshake *hs = c->hs;
    lt_hash h;
    if (hs->phase >= LT_HS_PHASE_HASHING) {
        LT_GUARD(lt_hash_copy(&h, &hs->transcript, &c->err));
    } else {
        LT_GUARD(lt_hash_init(&h, alg, &c->err));
        if (!lt_hash_update(&h, hs->transcript_buf.data, hs->transcript_buf.len, &c->err)) {
            lt_hash_free(&h);
            return false;
        }
    }
    bool ok = lt_hash_update(&h, trunc, len, &c->err) && lt_hash_final(&h, out, &c->err);
    lt_hash_free(&h);
    return ok;
}

bool lt_psk13_binder(latch_conn *c, lt_hash_alg hash, const uint8_t *psk, const uint8_t *trunc,
                     size_t trunc_len, uint8_t *out)
{
    uint8_t th[LT_HASH_MAX_LEN], key[LT_TLS13_SECRET_MAX];
    lt_keysched13 ks;
    memset(&ks, 0, sizeof(ks));
    bool ok = binder_hash(c, hash, trunc, trunc_len, th) &&
              lt_ks13_early(&ks, hash, psk, lt_hash_len(hash), &c->err) &&
              lt_ks13_binder_key(&ks, LT_BINDER_RESUMPTION, key, &c->err) &&
              lt_tls13_finished(hash, key, th, lt_hash_len(hash), out, &c->err);
    lt_ks13_wipe(&ks);
    lt_wipe(key, sizeof(key));
    return ok;
}
