/*
 * The OfferedPsks of a ClientHello's pre_shared_key (psk13_offer.h):
 * parse any bytes. What parses is written back from the parsed spans
 * (when every identity was kept) and must give the same bytes, and the
 * binders list must be the input's tail.
 */
#include <string.h>

#include "harness.h"
#include "tls/psk13_offer.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void write_back(const lt_offered_psks *o, lt_writer *w)
{
    lt_wblock ids = lt_write_open(w, 2);
    for (size_t i = 0; i < o->count; i++) {
        lt_wblock id = lt_write_open(w, 2);
        lt_write_bytes(w, o->ids[i].ticket.data, o->ids[i].ticket.len);
        lt_write_close(w, id);
        lt_write_u32(w, o->ids[i].obfuscated_age);
    }
    lt_write_close(w, ids);
    lt_wblock binders = lt_write_open(w, 2);
    for (size_t i = 0; i < o->count; i++) {
        lt_wblock b = lt_write_open(w, 1);
        lt_write_bytes(w, o->ids[i].binder.data, o->ids[i].binder.len);
        lt_write_close(w, b);
    }
    lt_write_close(w, binders);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    lt_error err;
    lt_error_clear(&err);
    lt_offered_psks o;
    bool ok = lt_offered_psks_parse(lt_span_make(data, size), &o, &err);
    fuzz_check_result(ok, &err);
    if (!ok)
        return 0;
    FUZZ_CHECK(o.count >= 1 && o.count <= LT_PSK13_MAX_IDENTITIES);
    FUZZ_CHECK(o.binders_len >= 2 + 33 && o.binders_len <= size);
    for (size_t i = 0; i < o.count; i++)
        FUZZ_CHECK(o.ids[i].ticket.len > 0 && o.ids[i].binder.len >= 32);
    lt_writer w;
    lt_writer_init_growable(&w, 0);
    write_back(&o, &w);
    FUZZ_CHECK(lt_writer_ok(&w));
    /* Identities past the kept ones are left out of the write-back. */
    if (w.len == size)
        FUZZ_CHECK(memcmp(w.data, data, size) == 0);
    else
        FUZZ_CHECK(o.count == LT_PSK13_MAX_IDENTITIES && w.len < size);
    lt_writer_free(&w);
    return 0;
}
