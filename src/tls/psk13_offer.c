#include "tls/psk13_offer.h"

static const char what[] = "pre_shared_key";

static bool read_identities(lt_reader *ids, lt_offered_psks *out, size_t *n, lt_error *err)
{
    *n = 0;
    while (!lt_reader_done(ids)) {
        lt_reader id;
        uint32_t age;
        LT_MSG_NEED(lt_read_block16(ids, &id) && lt_reader_left(&id) > 0 && lt_read_u32(ids, &age),
                    err, what, "identity");
        if (*n < LT_PSK13_MAX_IDENTITIES)
            out->ids[*n] = (lt_psk_identity){
                lt_span_make(lt_reader_data(&id), lt_reader_left(&id)), age, {NULL, 0}};
        (*n)++;
    }
    return true;
}

static bool read_binders(lt_reader *binders, lt_offered_psks *out, size_t *n, lt_error *err)
{
    *n = 0;
    while (!lt_reader_done(binders)) {
        lt_reader binder;
        LT_MSG_NEED(lt_read_block8(binders, &binder) && lt_reader_left(&binder) >= 32, err, what,
                    "binder");
        if (*n < LT_PSK13_MAX_IDENTITIES)
            out->ids[*n].binder = lt_span_make(lt_reader_data(&binder), lt_reader_left(&binder));
        (*n)++;
    }
    return true;
}

bool lt_offered_psks_parse(lt_span offer, lt_offered_psks *out, lt_error *err)
{
    lt_reader r = lt_reader_make(offer.data, offer.len), ids, binders;
    /* identities<7..2^16-1>, binders<33..2^16-1> */
    LT_MSG_NEED(lt_read_block16(&r, &ids) && lt_reader_left(&ids) >= 7, err, what, "identities");
    out->binders_len = lt_reader_left(&r);
    LT_MSG_NEED(lt_read_block16(&r, &binders) && lt_reader_left(&binders) >= 33, err, what,
                "binders");
    LT_MSG_END(&r, err, what, "binders");
    size_t n, b;
    LT_GUARD(read_identities(&ids, out, &n, err));
    LT_GUARD(read_binders(&binders, out, &b, err));
    /* RFC 8446 4.2.11: one binder per identity. */
    LT_ENSURE(n == b, err, LATCH_ERR_ILLEGAL_PARAMETER,
              "the client's pre_shared_key offers %zu identities but %zu binders (RFC 8446 "
              "4.2.11)",
              n, b);
    out->count = n < LT_PSK13_MAX_IDENTITIES ? n : LT_PSK13_MAX_IDENTITIES;
    return true;
}
