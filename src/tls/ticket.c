#include "tls/ticket.h"

#include <string.h>

#include "base/mem.h"
#include "crypto/cipher.h"
#include "crypto/random.h"

/* A latch client keeps every ticket a latch server seals. */
_Static_assert(LT_TICKET_MAX <= LT_SESSION_TICKET_MAX,
               "the longest ticket fits what a client keeps");

bool lt_ticket_seal(const lt_ticket_key *key, const lt_session_state *st, lt_writer *out,
                    lt_error *err)
{
    uint8_t plain[LT_SESSION_STATE_MAX];
    lt_writer w;
    lt_writer_init_fixed(&w, plain, sizeof(plain));
    lt_session_state_write(st, &w);
    LT_ENSURE(lt_writer_ok(&w), err, LATCH_ERR_INTERNAL, "session state too long for a ticket");
    uint8_t nonce[LT_TICKET_NONCE_LEN];
    lt_write_bytes(out, key->name, LT_TICKET_KEY_NAME_LEN);
    uint8_t *sealed = NULL;
    lt_aead aead;
    bool ok = lt_random(nonce, sizeof(nonce), err);
    if (ok) {
        lt_write_bytes(out, nonce, sizeof(nonce));
        sealed = lt_write_reserve(out, w.len + LT_AEAD_TAG_LEN);
        ok = sealed != NULL ? lt_aead_init(&aead, LT_AEAD_AES_256_GCM, key->secret, err)
                            : LT_FAIL(err, LATCH_ERR_MEMORY, "no room for a session ticket");
    }
    if (ok) {
        ok = lt_aead_seal(&aead, nonce, key->name, LT_TICKET_KEY_NAME_LEN, plain, w.len, sealed,
                          err);
        lt_aead_free(&aead);
    }
    lt_wipe(plain, sizeof(plain));
    LT_GUARD(ok);
    return true;
}

lt_ticket_status lt_ticket_open(const lt_ticket_key *keys, size_t n, const uint8_t *ticket,
                                size_t len, lt_session_state *out, size_t *which, lt_error *err)
{
    if (len < LT_TICKET_OVERHEAD || len - LT_TICKET_OVERHEAD > LT_SESSION_STATE_MAX) {
        LT_FAIL(err, LATCH_ERR_DECODE, "the ticket is %zu bytes, not a latch ticket's size", len);
        return LT_TICKET_INVALID;
    }
    size_t i = 0;
    while (i < n && !lt_ct_equal(keys[i].name, ticket, LT_TICKET_KEY_NAME_LEN))
        i++;
    if (i == n) {
        LT_FAIL(err, LATCH_ERR_DECODE, "the ticket was sealed under a key this server lacks");
        return LT_TICKET_UNKNOWN_KEY;
    }
    const uint8_t *nonce = ticket + LT_TICKET_KEY_NAME_LEN;
    const uint8_t *sealed = nonce + LT_TICKET_NONCE_LEN;
    size_t sealed_len = len - LT_TICKET_KEY_NAME_LEN - LT_TICKET_NONCE_LEN;
    uint8_t plain[LT_SESSION_STATE_MAX];
    lt_aead aead;
    if (!lt_aead_init(&aead, LT_AEAD_AES_256_GCM, keys[i].secret, err))
        return LT_TICKET_INVALID;
    bool ok =
        lt_aead_open(&aead, nonce, ticket, LT_TICKET_KEY_NAME_LEN, sealed, sealed_len, plain, err);
    lt_aead_free(&aead);
    ok = ok && lt_session_state_parse(plain, sealed_len - LT_AEAD_TAG_LEN, out, err);
    lt_wipe(plain, sizeof(plain));
    if (!ok)
        return LT_TICKET_INVALID;
    *which = i;
    return LT_TICKET_OK;
}
